"""Briefs on hand-made articles: headline, places, summary, quotes, key numbers, updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from conftest import shared_folder

from digest.briefs import write_brief
from digest.briefs.headline import choose_headline
from digest.briefs.summary import choose_summary
from digest.briefs.updates import figure_key, quote_key
from digest.model import Article, Document, Incident, PreviousBrief
from digest.normalise import normalise
from digest.text.places import (
    find_cities,
    find_places,
    in_compound,
    locative_mentions,
    place_mentions,
    resolve_place,
)


def article(
    name: str,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    day: int | None = None,
) -> Article:
    published = datetime(2026, 1, day, 9, tzinfo=UTC) if day else None
    return normalise(
        Document(
            path=f"articles/{name}.txt", text=text, title=title, outlet=outlet, published=published
        )
    )


FLOOD_A = (
    "HALVIK (Basin Wire) — Floods swept through villages in the Halvik District overnight, "
    "killing at least nine people, local authorities said on Tuesday.\n"
    "The river broke through an embankment near Sorrel Ford after four days of rain.\n"
    "“We are going house by house to reach families,” said Col. Idris Maklan, who leads the "
    "rescue.\n"
    "Last year floods in the same district killed 40 people and destroyed two bridges."
)
FLOOD_B = (
    "At least 12 people were killed when the Velda River flooded villages in the Halvik "
    "District on Tuesday, officials said.\n"
    "Rescuers in boats were pulling families from rooftops as night fell.\n"
    "“The water came into the house in twenty minutes,” said Oskar Brandel, a farmer."
)


def flood_incident() -> Incident:
    return Incident(
        id="floods",
        articles=(
            article(
                "wire/a", FLOOD_A, title="Floods kill nine in Halvik", outlet="Basin Wire", day=13
            ),
            article(
                "meridian/b", FLOOD_B, title="Flood toll rises to 12", outlet="Meridian", day=14
            ),
        ),
    )


def test_summary_sentences_are_verbatim_cited_and_not_background() -> None:
    brief = write_brief(flood_incident())
    texts = {a.id: a.text for a in brief.articles}
    assert 2 <= len(brief.summary) <= 5
    for sentence in brief.summary:
        assert sentence.text in texts[sentence.article_id]
    assert not any("Last year" in s.text for s in brief.summary)
    # A lead comes first: story order, not score order. The two outlets' leads tell the
    # same event (the two tolls are in the key numbers), so only one of them is shown.
    leads = {a.sentences[0].text for a in brief.articles}
    assert brief.summary[0].text in leads
    assert len(leads & {s.text for s in brief.summary}) == 1


def test_summary_drops_a_sentence_that_repeats_one_chosen() -> None:
    lead = "Floods swept through villages in the Halvik District, killing nine people."
    copy = article("copy", lead + "\nThe embankment near Sorrel Ford gave way after days of rain.")
    same = article("same", lead + "\nRescue boats reached stranded families on Wednesday.")
    summary = choose_summary([copy, same])
    assert [s.text for s in summary].count(lead) == 1


def test_summary_tells_what_was_struck_not_a_quote_restating_the_lead() -> None:
    text = (
        "TARNOV, Veldmark - The foreign ministry said on Saturday it will summon the "
        "ambassador of Ostria over overnight air strikes near the border.\n"
        "“The Ministry will summon the Ostrian ambassador to protest against the aggression "
        "on our border,” the ministry said in a statement.\n"
        "Ostrian jets struck more than 30 targets with over 60 guided bombs in the border "
        "province on Friday night, officials said.\n"
        "The foreign ministry said the summons was meant to protest against the strikes.\n"
        "The ministry said it had told the ambassador that talks on the border would wait.\n"
        "Officials said a parliament committee would meet on Monday to discuss the strikes."
    )
    brief = write_brief(Incident(id="summon", articles=(article("s", text),)))
    texts = [s.text for s in brief.summary]
    assert texts[0].startswith("The foreign ministry said on Saturday")
    # The sentence that counts what was struck is the event; the quote only restates the
    # lead in the ministry's words (it is on the page as a quote).
    assert any(t.startswith("Ostrian jets struck more than 30 targets") for t in texts)
    assert not any(t.startswith("“The Ministry will summon") for t in texts)
    assert any(q.text.startswith("The Ministry will summon") for q in brief.all_quotes)


def test_summary_skips_the_run_up_but_keeps_its_tally_as_a_key_number() -> None:
    text = (
        "Rockets struck the Halvik air base on Friday night, wounding four soldiers, the army "
        "said.\n"
        "The army said the rockets were fired from an orchard south of the Halvik air base.\n"
        "The attack on the Halvik air base was the latest of more than 40 rocket attacks on "
        "bases since mid-October, the army said.\n"
        "Farmers near the orchard said they heard the rockets before midnight.\n"
        "Repairs to the runway at the air base began on Saturday, officials said."
    )
    brief = write_brief(Incident(id="base", articles=(article("a", text),)))
    assert not any("since mid-October" in s.text for s in brief.summary)
    assert brief.summary[0].text.startswith("Rockets struck")
    attacks = next(group for group in brief.figures if group.category == "attacks")
    assert attacks.reports[0].figure.number == "40"


def test_headline_prefers_an_informative_title_to_clickbait() -> None:
    body = "Floods killed nine people in the Halvik District on Tuesday, officials said."
    articles = [
        article("a", body, title="What we know about the Halvik floods?"),
        article("b", body, title="Floods kill nine people in the Halvik District"),
        article("c", body),  # derived title from the lead: only if nothing better
    ]
    assert choose_headline(articles) == "Floods kill nine people in the Halvik District"


def test_quotes_on_the_page_are_attributed_and_verbatim() -> None:
    brief = write_brief(flood_incident())
    texts = {a.id: a.text for a in brief.articles}
    speakers = {q.speaker for q in brief.quotes}
    assert speakers == {"Col. Idris Maklan", "Oskar Brandel"}
    for quote in brief.quotes:
        assert quote.text in texts[quote.article_id]


def test_page_quotes_name_the_speaker_in_full_and_skip_one_word_fragments() -> None:
    text = (
        "Drones hit the Northgate customs yard on Monday, killing five people, officials said.\n"
        "“Those responsible will be found,” Interior Minister Oren Halvane said in a statement.\n"
        "“We kept Northgate open last month because closing it would have handed the attackers "
        "what they wanted,” Halvane said.\n"
        "A spokesman said the army had been “informed” before the crossing was shut."
    )
    brief = write_brief(Incident(id="q", articles=(article("a", text),)))
    # "Halvane" is the man introduced as "Interior Minister Oren Halvane": his name in full.
    assert [q.speaker for q in brief.quotes] == ["Oren Halvane"] * 2
    assert not any(q.text == "informed" for q in brief.quotes)
    # incidents.json keeps every quote, as the text names its speaker, with offsets.
    (source,) = brief.articles
    informed = next(q for q in brief.all_quotes if q.text == "informed")
    assert informed.speaker == "A spokesman"
    assert {q.speaker for q in brief.all_quotes} == {"Oren Halvane", "A spokesman"}
    for quote in brief.all_quotes:
        assert quote.start is not None and quote.end is not None
        assert source.text[quote.start : quote.end] == quote.text


def test_different_tolls_are_shown_side_by_side_and_flagged() -> None:
    brief = write_brief(flood_incident())
    killed = next(group for group in brief.figures if group.category == "killed")
    assert killed.disputed
    values = [(c.figure.number, c.figure.reporter) for c in killed.reports]
    # Each source's current toll; the 40 of last year's floods is background, not a report.
    assert values == [("nine", "local authorities"), ("12", "officials")]


def test_same_toll_from_two_sources_is_not_disputed() -> None:
    text = "Floods killed at least nine people in Halvik on Tuesday, officials said."
    incident = Incident(id="x", articles=(article("a", text), article("b", text + " ")))
    (group,) = write_brief(incident).figures
    assert not group.disputed
    assert len(group.distinct) == 1


def test_single_source_incident_is_kept_and_dates_honest() -> None:
    brief = write_brief(Incident(id="one", articles=(article("a", FLOOD_A),)))
    assert len(brief.articles) == 1 and brief.summary
    assert brief.date_start is None and brief.undated_articles == 1


def test_places_from_dateline_and_gazetteer_with_aliases() -> None:
    sulaimani = resolve_place("Sulaimani")
    assert sulaimani is not None and sulaimani.country == "IQ"
    assert 35 < (sulaimani.latitude or 0) < 36
    assert resolve_place("Iraq").kind == "country"  # type: ignore[union-attr]
    assert resolve_place("Nowhere-on-earth") is None
    # "Reading" the verb and "Jackson" the person are not places; "in Erbil" is.
    assert find_cities("Jackson said he was Reading the report in Erbil.") == ("Erbil",)
    text = "SULAIMANI (ESTA) — Officials in Erbil said militia sites in Iraq were hit."
    brief = write_brief(Incident(id="s", articles=(article("s", text),)))
    assert brief.places[0] == "Sulaimani"
    assert brief.locations[0].latitude is not None
    assert "Erbil" in brief.places


def test_places_after_the_dateline_rank_by_mentions_not_by_name() -> None:
    text = (
        "SULAIMANI (ESTA) — U.S. strikes hit militia sites in Iraq and Syria on Sunday.\n"
        "Iraq condemned the strikes, which followed drone attacks on bases in Iraq.\n"
        "Two of the sites were in Syria, officials in Baghdad said."
    )
    brief = write_brief(Incident(id="p", articles=(article("p", text),)))
    assert brief.places == ("Sulaimani", "Iraq", "Syria", "Baghdad")


def test_a_country_in_a_compound_modifier_names_an_actor_not_a_place() -> None:
    text = (
        "Russia-made drones and Iran-backed gunmen attacked a convoy near the Iraq–Syria "
        "border on Friday, the US-led coalition said.\n"
        "Pro-Iran fighters and anti-Turkey protesters gathered in Lebanon, witnesses said."
    )
    assert in_compound(text, text.index("Iran"), text.index("Iran") + 4)
    assert not in_compound(text, text.index("Syria"), text.index("Syria") + 5)
    assert place_mentions("Iran", text) == [] and len(place_mentions("Iraq", text)) == 1
    assert set(find_places(text)) == {"Iraq", "Syria", "Lebanon"}
    # A city hyphened on is an actor too: "Baghdad-based", "pro-Baghdad".
    assert find_cities("Pro-Baghdad militias and Baghdad-based groups met in Mosul.") == ("Mosul",)
    brief = write_brief(Incident(id="c", articles=(article("c", text),)))
    assert "Iran" not in brief.places and "Russia" not in brief.places
    assert "Turkey" not in brief.places
    assert {"Iraq", "Syria", "Lebanon"} <= set(brief.places)


def test_a_country_named_once_as_an_actor_is_not_a_place_but_one_named_often_is() -> None:
    text = (
        "ERBIL, Kurdistan Region - Drones struck a base in Iraq and two depots in Syria "
        "overnight, officials said.\n"
        "Officials believe Iran is behind the attacks, which helped Baghdad decide to act.\n"
        "Officials in Erbil said no one was hurt at the base in Iraq."
    )
    assert locative_mentions("Iraq", text) == 2 and locative_mentions("Iran", text) == 0
    brief = write_brief(Incident(id="a", articles=(article("a", text),)))
    assert brief.places == ("Erbil", "Iraq", "Syria")
    # Named again and again, a country is what the story is about, even as an actor ...
    talks = (
        "France recalled its ambassador on Friday. France said the deal was a betrayal, and "
        "France will review its ties, officials in Canberra said."
    )
    assert "France" in write_brief(Incident(id="f", articles=(article("f", talks),))).places
    # ... and a report that places nothing anywhere keeps the countries it names.
    alone = "Chile said on Monday it would raise the minimum wage by a tenth."
    assert write_brief(Incident(id="w", articles=(article("w", alone),))).places == ("Chile",)


def test_update_log_lists_new_sources_figures_and_quotes_dated_by_articles() -> None:
    first = write_brief(Incident(id="floods", articles=flood_incident().articles[:1]))
    previous = PreviousBrief(
        articles=frozenset(a.id for a in first.articles),
        figures=frozenset(figure_key(c) for g in first.figures for c in g.reports),
        quotes=frozenset(quote_key(q) for q in first.all_quotes if q.speaker),
    )
    second = write_brief(flood_incident(), previous)
    kinds = [(u.kind, u.date.day if u.date else None) for u in second.updates]
    assert ("source", 14) in kinds and ("figure", 14) in kinds and ("quote", 14) in kinds
    assert all(u.article_id == second.articles[1].id for u in second.updates)
    # Nothing new: the log is carried over unchanged, not re-dated.
    carried = PreviousBrief(
        articles=frozenset(a.id for a in second.articles),
        figures=frozenset(figure_key(c) for g in second.figures for c in g.reports),
        quotes=frozenset(quote_key(q) for q in second.all_quotes if q.speaker),
        updates=second.updates,
    )
    assert write_brief(flood_incident(), carried).updates == second.updates
    # No previous build: no log.
    assert write_brief(flood_incident()).updates == ()


def test_summary_weights_are_scikit_learns_tfidf() -> None:
    """The summary's own TF-IDF (kept small for speed) computes exactly what
    TfidfVectorizer(stop_words="english", sublinear_tf=True) does, on real sentences."""
    import json

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from digest.briefs.summary import _tfidf
    from digest.text.sentences import split_sentences

    eval_file = shared_folder("eval") / "ecbplus.jsonl"
    with eval_file.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for _, line in zip(range(40), lines, strict=False)]
    for text in texts:
        sentences = [sentence.text for sentence in split_sentences(text)]
        expected = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(sentences)
        ours = _tfidf(sentences)
        assert ours is not None and ours.shape == expected.shape
        assert np.allclose(ours.toarray(), expected.toarray(), atol=1e-12)
    assert _tfidf(["The and of it.", "Is it?"]) is None


def test_headline_is_never_furniture_while_a_report_has_a_real_one() -> None:
    body = "Floods killed nine people in the Halvik District on Tuesday, officials said."
    derived = article("b", body)
    # A scraped page whose only title-like line was its dateline or a site notice: the
    # checks that choose an article's title also rank the incident's headline.
    for furniture in ("Agence Example, HALVIK and ORSK", "Already a subscriber? Sign in"):
        page = replace(article("a", body, title="Floods in the Halvik District"), title=furniture)
        assert not page.title_derived and derived.title_derived
        assert choose_headline([page, derived]) == derived.title
    assert derived.title.startswith("Floods killed nine people")
