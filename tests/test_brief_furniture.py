"""A brief of a raw page is made of its article, not of the page around it.

Hand-written pages first (a cookie notice, menus, a byline, a photo caption and a "related
stories" list around a two-paragraph article), then every page of ../shared/extraction,
flattened to raw text, against the article body a person marked on it.
"""

from __future__ import annotations

import sys

import pytest
from conftest import REPOSITORY, shared_folder

from digest.briefs import brief_of_articles
from digest.briefs.furniture import is_finished, is_furniture_sentence, story_sentences
from digest.model import Article, Document
from digest.normalise import normalise
from digest.text.places import find_cities, resolve_place

sys.path.insert(0, str(REPOSITORY / "benchmarks"))

LEAD = (
    "Engineers ordered 300 homes below the Orvale dam evacuated on Tuesday after a crack "
    "opened in its spillway, the regional water authority said."
)
SECOND = (
    "The authority said repair crews would lower the reservoir by two metres over the next "
    "three days while divers inspect the concrete near Porto."
)
PAGE = "\n".join(
    [
        "Skip to content",
        "Home",
        "World",
        "Business",
        "Sport",
        "We use cookies to improve your experience. By continuing to browse you agree to our "
        "use of cookies.",
        "Accept",
        "Dam crews evacuate 300 homes in the Orvale valley",
        "By Mara Lintz on Tuesday, March 3, 2026 at 9:04 a.m.",
        "Rescue teams wait beside 12 trucks at the dam in Madrid on Tuesday. "
        "(Photo: Ben Auster/Valley Wire)",
        LEAD,
        SECOND,
        "Related stories",
        "Flood barriers fail in 12 towns after storm",
        "Mayor opens new bridge in the city centre",
        "Council approves budget for 2027 schools",
        "School bus drivers strike over pay deal",
        "© 2026 Valley Wire. All rights reserved.",
    ]
)


def raw_page(text: str) -> Article:
    return normalise(Document(path="articles/page.txt", text=text))


def test_summary_and_facts_of_a_raw_page_come_from_its_article_only() -> None:
    brief = brief_of_articles((raw_page(PAGE),))
    assert [sentence.text for sentence in brief.summary] == [LEAD, SECOND]
    sentences = {report.figure.sentence for group in brief.figures for report in group.reports}
    assert sentences == {LEAD}  # the 300 homes; not the caption's 12 trucks
    # Madrid is named only in the caption; Porto in the story.
    assert brief.places == ("Porto",)


@pytest.mark.parametrize(
    "sentence",
    [
        "By Mara Lintz on Tuesday, March 3, 2026 at 9:04 a.m.",
        "Published 10:02 AM EST Mar 3, 2026",
        "Rescue teams wait beside the dam on Tuesday. (Photo: Ben Auster/Valley Wire)",
        "The flooded square seen from above. ( AGENCY/J. ROE )",
        "FILE PHOTO: Workers stand on the dam wall in the valley, March 3, 2026.",
        "Click here for more information about our offers.",
        "This material may not be published, broadcast, rewritten, or redistributed.",
    ],
)
def test_page_furniture_is_no_sentence_of_the_story(sentence: str) -> None:
    assert is_furniture_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        LEAD,
        "By contrast, the council voted to keep the library open.",
        "By Monday, police had arrested three men in the case.",
        "Croatia, Germany, Netherlands and Austria all qualified Saturday.",
        "“We will rebuild the spillway,” said Ana Ruiz, who runs the authority.",
    ],
)
def test_story_sentences_are_not_furniture(sentence: str) -> None:
    assert is_finished(sentence)
    assert not is_furniture_sentence(sentence)


def test_a_teaser_headline_is_unfinished() -> None:
    assert not is_finished("Man arrested after 7 victims found in car: Police")
    assert not is_finished("Engineers ordered 300 homes below the dam evacuated on Tues")


def test_a_text_of_one_headline_like_line_keeps_it() -> None:
    """A feed item whose whole text is one line without a stop still has a summary: only
    where the text has finished sentences are the unfinished ones left out."""
    item = normalise(
        Document(
            path="articles/item.md",
            text="Ministers agree to review the rail timetable after months of delays",
            title="Rail timetable review",
        )
    )
    assert [sentence.text for sentence in story_sentences(item)] == [item.text]
    assert brief_of_articles((item,)).summary


def test_a_function_word_a_code_or_a_word_the_gazetteer_lists_is_no_place() -> None:
    assert resolve_place("For") is None
    # Three-letter alternates and codes: an airport's, an abbreviation.
    assert [resolve_place(name) for name in ("LED", "Add", "AMD")] == [None, None, None]
    assert resolve_place("Kiev") is not None  # the alias file's spelling
    # Uncued, a big city is named only by its own name, not by one of its alternates.
    text = "Madrid police said the Bombay branch of Acme Inc closed."
    assert find_cities(text) == ("Madrid",)
    assert find_cities("Acme closed its branch in Bombay.") == ("Mumbai",)
    assert find_cities("For many years the valley had no dam. Crews came from Lisbon.") == (
        "Lisbon",
    )


LEAK_BOUNDS = {"summary": 0.085, "facts": 0.05, "where": 0.09, "all": 0.05}
"""Leaking shares on whole pages (lxml) at most: measured 5.8 %, 1.2 %, 5.7 % and 3.4 %
(before these checks: 9.3 %, 7.9 %, 21.2 % and 7.8 %)."""


def test_briefs_of_raw_extraction_pages_are_made_of_their_articles() -> None:
    shared_folder("extraction")
    from brief_audit import judge_page, leak_shares
    from extraction_eval import gold_bodies

    verdicts = [
        verdict
        for key, body in gold_bodies().items()
        for verdict in judge_page((key, body, ("lxml",)))
        if verdict.text == "whole"
    ]
    assert len(verdicts) == 181 and not any(verdict.refused for verdict in verdicts)
    shares = leak_shares(verdicts)
    for part, bound in LEAK_BOUNDS.items():
        leaks, shown = shares[("lxml", "whole", "all", part)]
        assert shown > 50, part
        assert leaks / shown <= bound, (part, leaks, shown)


def test_a_story_sentence_about_a_reporter_is_no_author_bio() -> None:
    """A bio's shape is the page's only at its end; a story tells who its people are."""
    lead = "Mara Lintz is a reporter for the Valley Wire who was arrested in Porto on Monday."
    text = "\n".join(
        [
            lead,
            "Police held her for 14 hours before releasing her without charge.",
            "The Valley Wire said it would file a complaint.",
        ]
    )
    brief = brief_of_articles((raw_page(text),))
    assert brief.summary[0].text == lead
    assert "Porto" in brief.places
    for sentence in (
        "Jamal Khashoggi was a journalist and columnist for The Washington Post.",
        "The victim was a reporter for a local paper, police said.",
    ):
        assert not is_furniture_sentence(sentence)
    story = "\n".join(
        [LEAD, "Jamal Khashoggi was a journalist and columnist for the Post.", SECOND]
    )
    assert len(story_sentences(raw_page(story))) == 3


def test_an_author_bio_closing_a_page_is_furniture() -> None:
    bio = "Jane Doe is a freelance writer based in Toronto."
    article = raw_page("\n".join([LEAD, SECOND, bio, "Share this article"]))
    assert [s.text for s in story_sentences(article)] == [LEAD, SECOND]
    # The bio's paragraph goes on about its author.
    more = bio + " Her work has appeared in many magazines."
    article = raw_page("\n".join([LEAD, SECOND, more]))
    assert bio not in [s.text for s in story_sentences(article)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Microsoft said attackers exploited a flaw in the Chrome and Firefox browsers.",
        "The attackers used a flaw in the login page of the bank's website.",
    ],
)
def test_a_story_sentence_about_browsers_and_websites_is_no_site_machinery(
    sentence: str,
) -> None:
    assert not is_furniture_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Please enable JavaScript in your browser settings.",
        "Subscribe to our newsletter and download the app.",
        "Sign in to your account to manage your newsletter settings.",
    ],
)
def test_the_site_speaking_of_its_machinery_is_furniture(sentence: str) -> None:
    assert is_furniture_sentence(sentence)


def test_a_story_paragraph_naming_a_photographer_is_no_caption() -> None:
    arrest = "Police arrested him two hours later near the station, and seized 40,000 euros."
    text = "\n".join(
        [LEAD, "The man was photographed by a customer as he fled on foot. " + arrest, SECOND]
    )
    article = raw_page(text)
    assert arrest in [s.text for s in story_sentences(article)]
    brief = brief_of_articles((article,))
    assert any(r.figure.value == 40000 for g in brief.figures for r in g.reports), brief.figures


@pytest.mark.parametrize(
    "sentence",
    [
        "यह एक वाक्य है।",
        "هل هذا سؤال؟",
        "Τι ώρα είναι;",
        "Τι ώρα είναι\u037e",
        "Er sagte: „Wir gehen.“",
        "Il a dit : « Nous partons. »",
    ],
)
def test_sentences_of_other_languages_are_finished(sentence: str) -> None:
    assert is_finished(sentence)


def test_an_english_clause_ending_in_a_semicolon_is_unfinished() -> None:
    assert not is_finished("The council voted to keep the library open;")


def test_a_quote_in_a_photo_caption_is_not_shown() -> None:
    caption = (
        "Mayor Tom Hale at the dam on Tuesday: “The town has never seen anything like this,” "
        "he said. (Photo: Ben Auster/Valley Wire)"
    )
    quoted = (
        "“We will lower the reservoir until the divers are done,” said Ana Ruiz, who runs "
        "the water authority."
    )
    article = raw_page("\n".join([LEAD, caption, SECOND, quoted]))
    assert any("never seen" in quote.text for quote in article.quotes)  # found, not shown
    shown = [quote.text for quote in brief_of_articles((article,)).quotes]
    assert shown and not any("never seen" in text for text in shown), shown


def test_a_big_city_named_without_accents_or_by_its_usual_name_counts_uncued() -> None:
    # GeoNames' own names are "São Paulo" and "Montréal": the same name without accents.
    assert find_cities("Sao Paulo state ordered a lockdown.") == ("São Paulo",)
    assert find_cities("Montreal firefighters fought the blaze.") == ("Montréal",)
    # GeoNames' own name is "New York City": the alias file gives the usual names.
    assert find_cities("New York police said the suspect fled.") == ("New York City",)
    assert find_cities("The march began in NYC on Friday.") == ("New York City",)
    assert resolve_place("Rio") == resolve_place("Rio de Janeiro")


def test_another_name_of_a_city_counts_only_where_a_cue_places_it() -> None:
    # GeoNames lists "Google" among Topeka's names, "White House" among Casablanca's,
    # "Oklahoma" among Oklahoma City's and "Africa" among Mahdia's.
    assert find_cities("The agency had access to the servers at Google.") == ()
    assert find_cities("The envoys met at White House on Monday.") == ()
    assert find_cities("A local news outlet in Oklahoma ran the story.") == ()
    assert find_cities("Pirates operate off the Horn of Africa.") == ()
    assert find_cities("Aid arrived in Africa on Monday.") == ()
    assert find_cities("The senator campaigned in Maine on Friday.") == ()
    # Another spelling of a city's name after a cue that places it is that city.
    assert find_cities("Firefighters marched in Marseilles on Saturday.") == ("Marseille",)
    assert find_cities("The bank closed its branch in Bombay.") == ("Mumbai",)
