"""Headlines are headlines, and a page's own date is read from its text.

The predicates are checked on shapes of page furniture written here by hand; then every page
of ../shared/extraction (flattened to raw text, as a naive scraper saves it) and every item
of the shared feeds is read, and no headline may be furniture.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result
from conftest import REPOSITORY, shared_folder

from digest.errors import SourceError
from digest.model import Document
from digest.normalise import normalise, without_site_titles
from digest.sources.files import read_article_file
from digest.text.dates import page_date
from digest.text.headline_checks import (
    FURNITURE,
    headline_faults,
    is_attribution_stub,
    is_byline,
    is_date_line,
    is_dateline,
    is_fragment,
    is_headline,
    is_menu,
    is_outlet_name,
    is_site_phrase,
    is_slogan,
    word_count,
)
from digest.text.titles import derive_title, find_title_line, lead_index, site_free_title

sys.path.insert(0, str(REPOSITORY / "benchmarks"))
from extraction_eval import FLATTENERS, gold_bodies, load_page
from headline_audit import PLACEHOLDER, faults_of, feed_documents, holds_article, page_text

LEAD = (
    "The foreign ministry of Iraq said on Saturday it would summon the American envoy over "
    "overnight strikes that killed at least sixteen people near the Syrian border."
)


@pytest.mark.parametrize(
    "line",
    ["Agence Example, BAGHDAD and ERBIL", "WASHINGTON (Wire) —", "KABUL, Afghanistan -"],
)
def test_datelines_are_not_headlines(line: str) -> None:
    assert is_dateline(line)
    assert not is_headline(line)


def test_a_headline_naming_places_is_no_dateline() -> None:
    assert not is_dateline("Iraq summons US envoy over strikes near BAGHDAD")
    assert is_headline("Iraq summons US envoy over strikes near BAGHDAD")


@pytest.mark.parametrize(
    "line", ["According to two U.S. officials", "According to people familiar with the matter,"]
)
def test_attribution_stubs(line: str) -> None:
    assert is_attribution_stub(line)
    assert not is_headline(line)


def test_an_attributed_sentence_is_news() -> None:
    sentence = "According to two officials, the militia fired rockets at the base"
    assert not is_attribution_stub(sentence)


@pytest.mark.parametrize(
    "line",
    [
        "SECTIONS Iraq summons US envoy over deadly strikes",
        "1. Skip to content 2. Skip to main menu",
        "Home | World | Business | Sport | Culture",
        "World News Politics Business Opinion Sport Video",
        "Skip to main content",
    ],
)
def test_menus(line: str) -> None:
    assert is_menu(line)
    assert not is_headline(line)


@pytest.mark.parametrize(
    "line", ["Already a subscriber?", "Most Popular", "Sign in to your account"]
)
def test_site_phrases(line: str) -> None:
    assert is_site_phrase(line)


@pytest.mark.parametrize("line", ["World", "Global", "Top Stories", "Opinion"])
def test_section_names_are_fragments(line: str) -> None:
    assert is_fragment(line)
    assert "fragment" in headline_faults(line)


def test_slogans_and_outlet_names() -> None:
    assert is_slogan("Your trusted voice since 1901")
    assert is_slogan("The independent voice of the valley")
    assert is_slogan("VALLEY COURIER Serving the valley since 1921")
    assert not is_slogan("Giants win the pennant for you, the fans, say players")
    assert is_outlet_name("The Valley Courier", outlet="Valley Courier")
    assert is_outlet_name("valleycourier", host="www.valleycourier.co.uk")
    assert not is_outlet_name("Valley Courier reporter wins award", outlet="Valley Courier")


def test_real_headlines_pass() -> None:
    for title in (
        "Iraq summons US envoy over deadly strikes",
        "Hong Kong police storm university campus as protesters flee",
        "Explosion at chemical plant injures dozens in Texas",
    ):
        assert is_headline(title), headline_faults(title)


def test_unspaced_scripts_count_characters() -> None:
    assert word_count("商品の改造が商標法違反になる理由") >= 5
    assert is_fragment("お問い合わせ")


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("Iraq summons US envoy | World | Example Times", "Iraq summons US envoy"),
        ("Opinion | Republicans follow the president to nowhere - The Paper", None),
        (
            "BREAKING: Senate adjourns after two members die",
            "Senate adjourns after two members die",
        ),
        ("Jedi review – shoots for the moon, lands among the stars - GameSite", None),
        ("Take C.A.R.E. - a team at the fair 2018", "Take C.A.R.E. - a team at the fair 2018"),
    ],
)
def test_site_text_comes_off_titles(title: str, clean: str | None) -> None:
    expected = {
        "Opinion | Republicans follow the president to nowhere - The Paper": (
            "Republicans follow the president to nowhere"
        ),
        "Jedi review – shoots for the moon, lands among the stars - GameSite": (
            "Jedi review – shoots for the moon, lands among the stars"
        ),
    }
    assert site_free_title(title) == (clean or expected[title])


@pytest.mark.parametrize(
    "line",
    [
        "SECTIONS Iraq summons US envoy over deadly strikes",
        "WORLD NEWS Iraq summons US envoy over deadly strikes",
        "Menu Iraq summons US envoy over deadly strikes",
    ],
)
def test_a_menu_word_glued_in_front_comes_off(line: str) -> None:
    assert site_free_title(line) == "Iraq summons US envoy over deadly strikes"


@pytest.mark.parametrize(
    "title",
    [
        "World Bank cuts its forecast for growth in Asia",
        "Home Depot sales miss, shares plunge",
        "Sections of the bridge collapse in high winds",
    ],
)
def test_a_title_opening_with_a_site_word_keeps_it(title: str) -> None:
    assert site_free_title(title) == title
    assert is_headline(title)


def test_the_outlet_segment_comes_off_even_when_short() -> None:
    assert site_free_title("About bugs - Cannon Games", outlet="Cannon Games") == "About bugs"


def test_title_line_found_above_the_lead() -> None:
    lines = [
        "Iraq envoy summoned over strikes | World | Valley Courier",
        "Skip to main content",
        "Home",
        "World",
        "Sign in",
        "Most Popular",
        "Markets rally as oil prices fall for a third day",
        "Iraq envoy summoned over strikes",
        "By A. Writer",
        "18 November 2019",
        LEAD,
        "The ministry said the envoy would be handed a note of protest over the strikes.",
    ]
    lead = lead_index(lines)
    assert lead == 10
    found = find_title_line(lines, lead)
    assert found is not None
    # The promoted story shares no words with the article; the heading repeats the <title>.
    assert found.title == "Iraq envoy summoned over strikes"


PLAYLIST = [
    "Minister questions the timing of the border talks",
    "Rockets hit a base near the capital overnight",
    "Parliament debates the new budget for a second day",
    "Protesters gather outside the embassy after the strikes",
    "Envoy says the talks will go ahead next week",
]


def test_a_list_of_other_stories_between_head_and_lead_is_skipped() -> None:
    # A video playlist printed between the article's head (title, byline, date) and its
    # lead: its titles share the article's words, and sit nearer the lead.
    lines = [
        "Home",
        "Iraq summons US envoy over deadly strikes",
        "Analysis by A. Writer, Valley Courier",
        "Updated 10:42 GMT, November 18, 2019",
        "JUST WATCHED",
        "Replay",
        *[f"{title} near the Syrian border" for title in PLAYLIST],
        LEAD,
        "The ministry said the envoy would be handed a note of protest over the strikes.",
    ]
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == "Iraq summons US envoy over deadly strikes"


def test_the_last_title_of_a_list_with_a_byline_below_is_the_articles() -> None:
    # Promoted stories right above the headline, nothing between them: the byline and date
    # under the last one mark it as the article's head.
    lines = [
        "Menu",
        *PLAYLIST[:4],
        "Iraq summons the American envoy over strikes",
        "Monday November 18, 2019 7:45 am PST by A. Writer",
        LEAD,
    ]
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == "Iraq summons the American envoy over strikes"


def test_an_excerpt_cut_mid_sentence_still_has_its_head() -> None:
    # Menus, then the headline and byline, then the lead cut off where the excerpt ends.
    lines = ["Skip to main content", "Home", "News", "Senate", "House", "Opinion",
             "Iraq summons US envoy over deadly strikes",
             "By A. Writer - 11/18/19 11:04 PM EST",
             LEAD.rsplit(" ", 6)[0]]  # fmt: skip
    assert lead_index(lines) == 8
    article = normalise(Document(path="page.txt", text="\n".join(lines)))
    assert article.title == "Iraq summons US envoy over deadly strikes"


def test_a_heading_printed_twice_in_a_row_beats_its_standfirst() -> None:
    lines = [
        "Log Out",
        "Up next:",
        "Iraq summons US envoy: ministry protests deadly border strikes",
        "Iraq summons US envoy: ministry protests deadly border strikes",
        "The foreign ministry said the American envoy would be summoned over the strikes",
        "Roger Writer",
        "@rwriter",
        LEAD,
    ]
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.index == 2


def test_the_pages_title_and_its_heading_printed_twice_make_the_title() -> None:
    # The page's <title> on top, then the heading printed twice in a row (the heading and
    # its share text): three prints of one line, but no furniture printed all over.
    heading = "Iraq summons US envoy over deadly border strikes"
    lines = [heading, "Skip to main content", "Home", "Contact us",
             "Example Holding AG, Main Street 32, 6340 Baar", "Phone", "News",
             heading, heading, "18 November 2019", LEAD]  # fmt: skip
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == heading


def test_the_lead_is_the_first_long_run_of_prose() -> None:
    article = [
        LEAD,
        "The ministry said the envoy would be handed a note of protest over the strikes.",
    ]
    # A second, longer story printed in full below (or its comments): the page is about
    # the first, which is more than half the size of the longest run.
    other = [
        "Our family always celebrates anniversaries, but not this week, when our father was "
        f"held for the {n}th day in a row without charge, the family wrote."
        for n in range(3)
    ]
    lines = ["Home", "World", *article, "Share", "More stories", "Most read", "Opinion",
             "Sport", "Video", *other]  # fmt: skip
    assert lead_index(lines) == 2


@pytest.mark.parametrize(
    "line",
    [
        "Image: The envoy arrives at the foreign ministry in the capital on Sunday",
        "Photo: Jane Doe / Agence Example",
        "(Image credit: Agence Example)",
        # Credits and who stands where.
        "Voters asked for a big win. He did not get it. Credit... Jane Doe/Agence Example",
        "Professor A. Writer (left) and his colleague B. Writer at the airport",
    ],
)
def test_captions_are_no_headlines(line: str) -> None:
    assert "caption" in headline_faults(line)


@pytest.mark.parametrize(
    "line",
    [
        "https://www.example.com/news/article/Envoy-summoned-over-strikes-1234.php",
        '<img height="1" width="1" style="display:none" src="https://example.com/p?c1=2">',
    ],
)
def test_web_addresses_and_markup_are_no_headlines(line: str) -> None:
    assert {"link", "markup"} & set(headline_faults(line))
    assert not is_headline(line)


def test_a_given_title_holding_markup_stays_the_sources_title(tmp_path: Path) -> None:
    """A raw page's markup line is no headline, but a title the source gives is its title
    even when it holds markup: it is escaped where shown, never replaced by a derived one."""
    title = "Envoy summoned <img src=x onerror=alert(1)> over border strikes"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: {json.dumps(title)}\n---\n\n"
        "The ministry summoned the envoy on Monday after strikes hit two border towns.\n",
        encoding="utf-8",
    )
    path = tmp_path / "a.md"
    article = normalise(read_article_file(path, "a.md", tmp_path, 1_000_000))
    assert article.title == title and not article.title_derived


@pytest.mark.parametrize(
    "line",
    [
        "Something went wrong with the connection!",
        "The information provided on this website is for general purposes only",
        "Download the new Courier News app today",
        "Invalid query, please try again",
        "TAP HERE TO TURN ON ALERTS",
        "Enter your city or zip code",
        "Valley Courier, a Example Media Group company",
    ],
)
def test_a_site_talking_about_itself(line: str) -> None:
    assert is_site_phrase(line)
    assert not is_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "you are here: Home News Business Markets",
        "Overview News Articles Interviews Calendar Events",
        "* Police arrest three men after bank robbery in the city centre",
        "+ Council approves new bridge over the river",
        "courier back to courier home news",
        "Health > Weight Loss Tips",
        # A menu's own name, a row of social networks, a nested bullet.
        "Follow us - Menu - News of the league News of the cup News of the tour",
        "0 Shopping Cart Facebook Instagram Youtube About the theatre",
        "o Place a Classified Ad",
    ],
)
def test_breadcrumbs_link_rows_and_list_items(line: str) -> None:
    assert is_menu(line)


def test_title_case_headlines_are_no_menu() -> None:
    for title in (
        "Star Trek 4 Eyes Fargo Creator Noah Hawley To Direct",
        "Apple Unveils New MacBook Pro Models",
        "Three Cases of Plague Diagnosed in China",
        "Back to school: teachers strike over pay in three states",
        "Home Depot sales miss, shares plunge",
        "Company says it will cut a third of its staff",
    ):
        assert is_headline(title), headline_faults(title)


def test_a_date_line_naming_its_writer_is_a_byline() -> None:
    assert is_byline("Monday November 18, 2019 7:45 am PST by A. Writer")
    assert not is_byline("Storm hits coast by November 18, 2019 forecast says")


@pytest.mark.parametrize(
    "line",
    [
        "Welcome to EXAMPLE TIMES NETWORK'S NEW EXPERIENCE",
        "Follow A. Writer on Twitter",
        "Click to share on Facebook (Opens in new window)",
        "This material may not be published, broadcast, rewritten or redistributed",
    ],
)
def test_a_site_greeting_its_buttons_and_notices(line: str) -> None:
    assert is_site_phrase(line)


def test_a_greeting_with_a_verb_is_a_headline() -> None:
    line = "Welcome to the new normal: markets fall as investors flee"
    assert not is_site_phrase(line)
    assert is_headline(line)


def test_networks_named_in_a_headline_are_no_menu() -> None:
    assert is_headline("Facebook, Twitter face fines over hate speech")
    assert is_headline("Facebook and Twitter face new rules in Europe")


HEAD = [
    "Home",
    "World",
    "Sign in",
]


def test_a_caption_two_sentences_long_is_not_the_title() -> None:
    # The caption sits nearer the lead and uses its words, but holds two sentences.
    lines = [*HEAD, "Iraq summons US envoy over deadly strikes",
             "The envoy arrives at the ministry in the capital.A. Writer / Agence Example",
             LEAD]  # fmt: skip
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == "Iraq summons US envoy over deadly strikes"


def test_a_standfirst_below_the_title_is_not_the_title() -> None:
    lines = [*HEAD, "Iraq summons US envoy over deadly strikes",
             "Ministry protests strikes that killed sixteen near the Syrian border",
             "Agence Example", "Published", "Updated 10:42 GMT, November 18, 2019", LEAD]  # fmt: skip
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == "Iraq summons US envoy over deadly strikes"


def test_a_title_case_question_is_a_title_not_the_lead() -> None:
    question = "Fact Check: Is The Ministry Of Iraq Summoning The American Envoy Over Strikes?"
    lines = [*HEAD, question, "By A. Writer", LEAD, LEAD.replace("sixteen", "ten")]
    assert lead_index(lines) == lines.index(LEAD)
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == question


def test_a_dated_list_of_other_stories_is_a_list() -> None:
    # Other stories, each with its date and section, between the head and the lead.
    listed = [f"{title} near the Syrian border" for title in PLAYLIST]
    lines = ["Iraq summons US envoy over deadly strikes", "By A. Writer",
             "November 18, 2019"]  # fmt: skip
    for day, title in enumerate(listed, 1):
        lines += [title, f"November {day}, 2019", "WORLD NEWS"]
    lines.append(LEAD)
    found = find_title_line(lines, lines.index(LEAD))
    assert found is not None and found.title == "Iraq summons US envoy over deadly strikes"


def test_a_blurb_above_the_head_is_not_the_lead() -> None:
    blurb = "Watch the latest full episodes of your favourite series anytime and anywhere."
    lines = [*HEAD, blurb, "Contact Us", "Iraq summons US envoy over deadly strikes",
             "By A. Writer", "Updated 10:42 GMT, November 18, 2019", LEAD]  # fmt: skip
    assert lead_index(lines) == lines.index(LEAD)


def test_an_opening_of_menus_alone_is_refused_but_not_a_short_text() -> None:
    menus = ["Skip to content", "Home", "News", "World", "Business", "Sport", "Sign in",
             "Subscribe", "Most Popular", "Weather", "Contact Us", "Iraq summons"]  # fmt: skip
    with pytest.raises(SourceError, match="no article"):
        normalise(Document(path="page.txt", text="\n".join(menus)))
    # A short note is no page of menus; an opening cut before its lead keeps its head.
    assert normalise(Document(path="note.txt", text="Storm closes schools.\nAll reopen today."))
    cut = [*menus, "Iraq summons US envoy over deadly strikes", "By A. Writer",
           "Updated 10:42 GMT, November 18, 2019", "BAGHDAD — The foreign minis"]  # fmt: skip
    article = normalise(Document(path="page.txt", text="\n".join(cut)))
    assert article.title == "Iraq summons US envoy over deadly strikes"


def test_a_page_whose_text_is_a_table_keeps_it_and_its_heading() -> None:
    menus = ["Home", "News", "Results", "Calendar", "Drivers", "Teams", "Forum", "Videos",
             "Sign in", "Contact"]  # fmt: skip
    table = [f"Round {n}: {n + 9} March at the circuit of the northern valley" for n in range(6)]
    text = "\n".join([*menus, "Racing Calendar of the Season 2018", *table])
    article = normalise(Document(path="page.txt", text=text))
    assert article.title == "Racing Calendar of the Season 2018"


def test_a_date_stamp_in_front_of_a_lead_is_not_in_its_headline() -> None:
    derived = derive_title(
        "Wednesday November 20, 2019 Voters in the swing states tell lawmakers to act"
    )
    assert derived == "Voters in the swing states tell lawmakers to act"


def test_a_lead_after_a_cookie_notice() -> None:
    lines = [
        "We use cookies to improve your experience on our site and to show you adverts.",
        "Accept",
        "Home",
        "News",
        "Sport",
        "Culture",
        "Envoy summoned over strikes near the border",
        LEAD,
        "The ministry said the envoy would be handed a note of protest over the strikes.",
        "Officials said the strikes had hit weapons stores used by the militia groups.",
    ]
    assert lead_index(lines) == 7


def test_derived_title_skips_an_attribution() -> None:
    derived = derive_title(
        "According to two U.S. officials, the militia fired rockets at the base near Erbil."
    )
    assert derived == "The militia fired rockets at the base near Erbil"


def test_a_raw_page_gets_its_heading_and_stated_date() -> None:
    page = "\n".join(
        [
            "Skip to main content",
            "Menu",
            "World",
            "Iraq summons US envoy over deadly strikes",
            "Published: Monday 18 November 2019",
            LEAD,
            "The ministry said the envoy would be handed a note of protest over the strikes.",
        ]
    )
    article = normalise(Document(path="articles/page.txt", text=page))
    assert article.title == "Iraq summons US envoy over deadly strikes"
    assert not article.title_derived
    assert article.published == datetime(2019, 11, 18, tzinfo=UTC)
    assert article.date_source == "text"


def test_metadata_dates_win_and_missing_ones_stay_missing() -> None:
    given = datetime(2024, 2, 3, 9, 30, tzinfo=UTC)
    text = "18 November 2019\n" + LEAD
    article = normalise(Document(path="a.txt", text=text, published=given))
    assert (article.published, article.date_source) == (given, "metadata")
    undated = normalise(Document(path="b.txt", text=LEAD + " It was declared defeated in 2019."))
    assert (undated.published, undated.date_source) == (None, None)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Home\n18 NOV 2019\nHeadline here", "2019-11-18"),
        ("By A. Writer\nFeb. 2, 2024\n" + LEAD, "2024-02-02"),
        ("Updated 10:42 GMT, June 28, 2021\n" + LEAD, "2021-06-28"),
        ("2019-11-18\n" + LEAD, "2019-11-18"),
        ("Published: Monday 18 November 2019\n" + LEAD, "2019-11-18"),
        # The publication date beats an update above it and a bare date line below.
        ("Updated 20 November 2019\nFirst published 18 November 2019\n" + LEAD, "2019-11-18"),
        # Pages in other languages, and a stamp with a two-digit year and its time.
        ("Menu\nsexta-feira, 22 de outubro de 2010 às 20:13\n" + LEAD, "2010-10-22"),
        ("Notizie\n02 Ago 2017\n" + LEAD, "2017-08-02"),
        ("Текст: А. Автор · 24 сентября 2018\n" + LEAD, "2018-09-24"),
        ("Politik\n18. November 2019\n" + LEAD, "2019-11-18"),
        ("By A. Writer - 11/19/19 06:56 AM EST\n" + LEAD, "2019-11-19"),
    ],
)
def test_page_dates(text: str, day: str) -> None:
    found = page_date(text)
    assert found is not None and found.date().isoformat() == day


def test_event_dates_in_sentences_are_not_the_page_date() -> None:
    text = (
        "On March 3, 2019, the court ruled that the merger could go ahead, and the two "
        "companies said they would complete it within a year of the ruling."
    )
    assert page_date(text) is None
    assert page_date("Date: 31/02/2019\n" + LEAD) is None  # no such day
    assert page_date("Posted 04/05/2019\n" + LEAD) is None  # day and month ambiguous
    assert page_date("Posted 04/05/19 10:00\n" + LEAD) is None
    assert page_date("Final score 11/19/19\n" + LEAD) is None  # no time: no stamp
    assert page_date("Mayor 3, 2019\n" + LEAD) is None  # no month: a word starting with one
    # A cookie notice's policy date: words stand between "updated" and the date.
    notice = (
        "We use cookies to improve your experience. Please read our Privacy Policy, which "
        "has also been updated and became effective May 23rd, 2018."
    )
    found = page_date(f"{notice}\nHome\nNov 18, 2019, 11:47am EST\n{LEAD}")
    assert found is not None and found.date().isoformat() == "2019-11-18"


def test_date_lines_are_not_headlines() -> None:
    assert is_date_line("Updated 10:42 GMT, June 28, 2021")
    assert not is_date_line("Court rules on June 28, 2021 merger of two banks")


def test_the_seeds_state_no_date(seeds_dir: Path) -> None:
    # Read by hand: neither seed prints a date of its own; one mentions "in 2019" in a
    # sentence about the past.
    for path in sorted(seeds_dir.glob("*.txt")):
        article = normalise(Document(path=path.name, text=path.read_text(encoding="utf-8")))
        assert article.published is None, path.name


# What no headline may be (FURNITURE). A title the feed gives may be short or long
# ("Mapping the proteome"): it is the item's real title, so only furniture is checked there.


@pytest.mark.parametrize(
    ("flattener", "variant"),
    [
        ("lxml", "titled"),
        *((flattener, variant) for flattener in FLATTENERS for variant in ("untitled", "opening")),
    ],
)
def test_no_extraction_page_headline_is_furniture(flattener: str, variant: str) -> None:
    """Every page, flattened by each flattener, whole (with or without its <title>) and cut
    to its opening (2,000 bytes, menus on top): no headline is furniture or a fragment.
    An opening may be refused as no article only when it holds none of its article."""
    shared_folder("extraction")
    bad = {}
    refused: list[str] = []
    untitled: list[str] = []
    for key, body in gold_bodies().items():
        text = page_text(load_page(key), flattener, variant)
        try:
            article = normalise(Document(path=f"extraction/{key[:12]}.txt", text=text))
        except SourceError:
            refused.append(key)
            if holds_article(text, body):
                bad[key] = (["refused"], text[-200:])
            continue
        faults = set(faults_of(article)) & (FURNITURE | {"fragment", "paragraph", PLACEHOLDER})
        # An opening of furniture alone may say it has no headline (a placeholder naming
        # its source); a text that holds its article has one.
        if PLACEHOLDER in faults and not holds_article(text, body):
            untitled.append(key)
            continue
        # Pages in scripts without spaces: the word count there is an estimate.
        if faults == {"fragment"} and word_count(article.title) != len(article.title.split()):
            continue
        if faults:
            bad[key] = (sorted(faults), article.title)
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    # Whole pages all have their article; openings of menus alone are refused.
    assert (len(refused) > 10) if variant == "opening" else not refused
    assert variant == "opening" or not untitled


def test_no_feed_item_headline_is_furniture() -> None:
    shared = shared_folder("feeds").parent
    bad = {}
    count = 0
    for where, document in feed_documents(shared):
        try:
            article = normalise(document)
        except SourceError:  # no text left: a build skips it too
            continue
        count += 1
        # feedparser's own test items ("Example content") have no five words to make one of.
        if word_count(article.text) < 5 and not document.title:
            continue
        faults = set(faults_of(article)) & (FURNITURE | {PLACEHOLDER})
        if article.title_derived:
            faults |= set(faults_of(article)) & {"fragment"}
        if faults:
            bad[where] = (sorted(faults), article.title)
    assert count > 1000
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_incidents_json_says_date_from_text(
    make_project: Callable[..., Path], run: Callable[..., Result]
) -> None:
    page = "\n".join(["Menu", "Iraq summons US envoy over deadly strikes", "18 NOV 2019", LEAD])
    project = make_project(
        {"page.txt": page, "dated.md": "---\npublished: 2019-11-19\n---\n" + LEAD}
    )
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    data = json.loads((project / "site" / "incidents.json").read_text(encoding="utf-8"))
    articles = {a["path"]: a for i in data["incidents"] for a in i["articles"]}
    assert articles["articles/page.txt"]["published"].startswith("2019-11-18")
    assert articles["articles/page.txt"]["date_source"] == "text"
    assert articles["articles/dated.md"]["date_source"] == "metadata"
    # The page says where its date came from: beside the source, and on the date line
    # only when no report of the incident has a metadata date.
    pages = {
        path.name: path.read_text(encoding="utf-8")
        for path in (project / "content" / "incidents").rglob("*.md")
    }
    text_dated = [page for page in pages.values() if "articles/page.txt" in page]
    assert text_dated and all("(date from the text)" in page for page in text_dated)
    for page in pages.values():
        if "articles/dated.md" in page:
            sources = page.split("## Sources", 1)[1]
            assert "(date from the text)" not in page.split("## Summary", 1)[0]
            assert sources.count("(date from the text)") == ("articles/page.txt" in sources)


def test_an_outlets_recurring_title_segment_is_its_site() -> None:
    # Five words of site name: too long to pass for a site's name on one page alone.
    site = "Memorie del nostro tempo felice"
    titles = {
        f"a{index}.txt": f"{story} - {site}"
        for index, story in enumerate(
            (
                "Council approves new bridge over the river",
                "Storm closes schools across the northern valley",
                "Library reopens after two years of repairs",
            )
        )
    }
    articles = [
        normalise(Document(path=path, text=LEAD, title=title, outlet="Memorie"))
        for path, title in titles.items()
    ]
    assert all(article.title.endswith(site) for article in articles)
    cleaned = without_site_titles(articles)
    assert [article.title for article in cleaned] == [
        "Council approves new bridge over the river",
        "Storm closes schools across the northern valley",
        "Library reopens after two years of repairs",
    ]
    # One title alone, or two of three, teach nothing.
    assert without_site_titles(articles[:2]) == tuple(articles[:2])
