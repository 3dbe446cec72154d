"""Raw scraped pages: the cleaner keeps the article's lines and drops the page around it.

The shapes below are written for these tests (a site menu, a share row, a caption, a
related list, a footer), as a naive scraper flattens a news page: one block a line.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPOSITORY, shared_folder

from digest.model import Document
from digest.normalise import normalise
from digest.text.cleaning import clean, normalise_whitespace
from digest.text.lines import body_span, shape

MENU = [
    "Skip to content",
    "Home",
    "News",
    "Politics",
    "Business",
    "Sport",
    "Weather",
    "Opinion",
    "Search",
]
HEADLINE = "River port workers walk out over unpaid overtime"
BODY = [
    "Dock workers at the river port of Halden walked off the job on Tuesday, halting the "
    "loading of grain barges, after the port operator failed to pay three months of overtime.",
    "The union said about 400 of its members joined the strike, which began at the start of "
    "the morning shift and would last until the money was paid in full.",
    "Port managers said talks with the union would resume on Wednesday.",
    "Grain traders warned that a long stoppage would delay shipments bound for the coast, "
    "where prices have already risen by a tenth since the summer.",
]
RELATED = [
    "Related stories",
    "Barge traffic resumes on upper river",
    "Grain prices climb for third week",
    "Port operator names new chief executive",
]
FOOTER = [
    "About us",
    "Contact",
    "Privacy policy",
    "© 2026 Halden Courier. All rights reserved.",
]


def _page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)


def test_menu_share_row_related_list_and_footer_go_the_article_stays() -> None:
    page = _page(
        MENU,
        [HEADLINE, "By Mara Lind", "Share on Facebook", "Share on X"],
        BODY,
        RELATED,
        FOOTER,
    )
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY]
    assert result.publisher == "Halden Courier"
    assert "Politics" in result.removed
    assert "Barge traffic resumes on upper river" in result.removed


def test_copyright_line_in_the_top_menu_does_not_drop_the_article() -> None:
    """The old cleaner cut everything after the first footer-like line: a copyright line
    printed in the site's menu above the story lost the whole story."""
    page = _page(
        ["Home", "World", "Science", "© 2026 Halden Courier", "Subscribe", "Log in"],
        [HEADLINE],
        BODY,
        FOOTER,
    )
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY]


def test_a_subheading_between_paragraphs_stays_a_menu_run_inside_goes() -> None:
    page = _page(
        MENU,
        [HEADLINE],
        BODY[:2],
        ["What happens next"],
        BODY[2:3],
        ["Most read", "Flood barriers tested", "New bridge opens", "Council budget approved"],
        BODY[3:],
        FOOTER,
    )
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY[:2], "What happens next", *BODY[2:]]


def test_caption_credit_and_date_between_headline_and_body_go() -> None:
    page = _page(
        MENU,
        [
            HEADLINE,
            "Tuesday 3 March 2026 09:14 GMT",
            "Dock workers outside the port gates. Photo: Halden Courier",
            "Image credit: Agency",
        ],
        BODY,
        FOOTER,
    )
    result = clean(page)
    lines = result.text.split("\n")
    assert lines[0] == HEADLINE
    assert lines[-len(BODY) :] == BODY
    assert "Tuesday 3 March 2026 09:14 GMT" in result.removed
    assert "Image credit: Agency" in result.removed


def test_a_comment_thread_after_the_article_goes_even_when_longer() -> None:
    comments = [
        "12 responses to “River port workers walk out over unpaid overtime”",
        *(
            f"Reader {n} says: the port has been treating its workers badly for years and "
            "everybody in town knows it, so it is no surprise that they finally walked out."
            for n in range(12)
        ),
    ]
    result = clean(_page(MENU, [HEADLINE], BODY, comments))
    assert result.text.split("\n") == [HEADLINE, *BODY]


def test_a_section_list_printed_twice_goes_and_repeated_paragraph_is_kept_once() -> None:
    sections = ["World", "Business", "Science", "Culture"]
    page = _page(sections, [HEADLINE], BODY, [BODY[0]], sections, FOOTER)
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY]


def test_a_clean_article_loses_nothing() -> None:
    """Text with no menu or list anywhere (a feed item, an edited text) is the article:
    short lines in it are its own, and a paragraph it repeats is kept twice."""
    text = _page(
        ["Short update", "Power is back."],
        BODY,
        ["The strike goes on", BODY[0], "More later."],
    )
    result = clean(text)
    assert result.text == text
    assert result.removed == ()


def test_a_bulleted_summary_without_full_stops_is_kept() -> None:
    bullets = [
        "The strike began on Tuesday at the start of the morning shift",
        "About 400 dock workers have joined the walkout over unpaid overtime",
        "Grain traders warn that shipments to the coast will be delayed",
    ]
    result = clean(_page(bullets, BODY))
    assert result.text.split("\n") == [*bullets, *BODY]


def test_extracted_or_feed_text_keeps_its_lists() -> None:
    """An .html file's text (trafilatura extracted it) and a .md feed item are the article
    already: a list of tour dates in it is the article's own, not a menu."""
    dates = ["June 9 – Halden, Riverside Arena", "June 12 – Velda, Town Hall", "June 14 – Port"]
    text = _page(BODY[:2], dates, BODY[2:])
    for path in ("articles/tour.html", "articles/tour.md"):
        article = normalise(Document(path=path, text=text))
        assert article.text.split("\n") == [*BODY[:2], *dates, *BODY[2:]], path
    # The same lines in a raw page with a menu are a list inside the body: they go.
    raw = normalise(Document(path="articles/tour.txt", text=_page(MENU, text.split("\n"))))
    assert "June 12 – Velda, Town Hall" not in raw.text


def test_headline_above_the_body_becomes_the_title() -> None:
    article = normalise(
        Document(path="articles/page.txt", text=_page(MENU, [HEADLINE, "By Mara Lind"], BODY))
    )
    assert article.title == HEADLINE
    assert article.title_derived is False
    assert article.text.split("\n") == BODY


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("Port managers said talks with the union would resume on Wednesday.", True),
        ("“We will not go back until we are paid,” a union official said.", True),
        ("Police watched.", True),
        ("Barge Traffic Resumes On Upper River", False),
        ("Privacy policy", False),
        ("Share on Facebook", False),
    ],
)
def test_line_shape(line: str, sentence: bool) -> None:
    assert shape(line).sentence is sentence


def test_unspaced_script_lines_are_counted_and_read_as_sentences() -> None:
    # Japanese writes no spaces: a paragraph is one "word" to a space-based count.
    paragraph = "港の労働者は火曜日に残業代の未払いに抗議してストライキを始めたと組合が発表した。"
    assert shape(paragraph).sentence
    assert shape(paragraph).words >= 10
    assert not shape("サイトマップ").sentence


def test_body_span_is_the_heaviest_run() -> None:
    assert body_span([-4, -4, 30, -4, 20, -4, -4, 5]) == (2, 5)
    assert body_span([-4, -4]) == (0, 0)
    assert body_span([]) == (0, 0)


# --- the extraction benchmark, a subset --------------------------------------------------

FLOOR = 0.88
"""A little below the figure measured on these 40 pages with html-text (0.901 when set;
the whole set's figures are in the README): a regression in cleaning fails CI."""
SUBSET = 40


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "extraction_eval", REPOSITORY / "benchmarks" / "extraction_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("extraction_eval", module)
    spec.loader.exec_module(module)
    return module


def test_raw_text_of_real_pages_keeps_the_article() -> None:
    shared_folder("extraction")
    pytest.importorskip("html_text", reason="the test extra (html-text) is not installed")
    bench = _benchmark()
    bodies = bench.gold_bodies()
    # Every fourth page: a spread over the set, a few seconds of work.
    keys = list(bodies)[::4][:SUBSET]
    scores = []
    for key in keys:
        flat = bench.flatten_html_text(bench.load_page(key))
        scores.append(bench.score(bodies[key], _kept(flat)))
    precision, recall, f1 = bench.summary(scores)
    assert f1 >= FLOOR, f"F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}) on {len(keys)} pages"


def _kept(flat: str) -> str:
    """What the cleaner keeps (the normalise stage's first step), scored without the
    slower later steps (quotes, places) the benchmark runs too."""
    return clean(flat).text


def test_benchmark_metric_on_known_cases() -> None:
    bench = _benchmark()
    exact = bench.score("one two three four five", "one two three four five")
    assert (exact.tp, exact.fp, exact.fn) == (2, 0, 0)
    half = bench.score("a b c d e f", "a b c d x y")
    assert (half.tp, half.fp, half.fn) == (1, 2, 2)
    assert bench.summary([exact, half]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_a_photo_credit_with_a_copyright_sign_does_not_end_the_article() -> None:
    # "© Agency" under a photo is a credit, not the page's footer: the article goes on.
    page = _page(MENU, [HEADLINE], BODY[:2], ["© Agency / Pool"], BODY[2:], FOOTER)
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY]
    assert "© Agency / Pool" in result.removed


def test_a_long_cookie_notice_above_the_article_goes() -> None:
    notice = (
        "We use cookies and other tracking technologies to improve your browsing experience "
        "on our site, show personalised content and targeted ads, analyse site traffic, and "
        "understand where our audience is coming from. To find out more or to opt out, please "
        "read our privacy policy. By choosing I Accept, you consent to our use of cookies and "
        "other tracking technologies, as described in the policy."
    )
    page = _page([notice, "I Accept"], MENU, ["Comments"], [HEADLINE], BODY, FOOTER)
    result = clean(page)
    assert result.text.split("\n") == [HEADLINE, *BODY]
    assert notice in result.removed


def _teasers(count: int) -> list[str]:
    """A "more from the site" list: headline, date, a blurb cut to about one length."""
    places = ["Alder", "Birch", "Cedar", "Dunmore", "Elmsford", "Fairholm"]
    lines: list[str] = []
    for place in places[:count]:
        lines += [
            f"Council in {place} approves new budget for bridge repairs",
            "November 19, 2026",
            f"Councillors in {place} voted on Monday to spend more on the repair of two "
            "bridges over the river, after an inspection found cracks in both of them ...",
        ]
    return lines


def test_a_list_of_other_stories_with_blurbs_goes_the_article_stays() -> None:
    """Headline, date and a blurb of one length, four times: other stories, not this one,
    even though each blurb reads as a sentence."""
    page = _page(MENU, [HEADLINE], BODY, ["More from the Courier"], _teasers(4), FOOTER)
    kept = clean(page).text.split("\n")
    assert kept == [HEADLINE, *BODY]
    three = clean(_page(MENU, [HEADLINE], BODY, ["Share"], _teasers(3), FOOTER))
    assert _teasers(3)[2] in three.text.split("\n"), "three alike units may be the article's"


def test_a_buyers_guide_keeps_its_own_items() -> None:
    """Item, link, paragraph, again: when such units run on from the article's prose they
    are the article (a buyer's guide), not a list of other stories."""
    items: list[str] = []
    for name in ["Kettle", "Toaster", "Blender", "Mixer", "Grinder", "Juicer"]:
        items += [
            f"Steel {name} for $40 at the corner shop",
            f"See it now: {name} Shop",
            f"The steel {name.lower()} is the one we kept using after a month of tests in "
            "our own kitchen, and it cost less than the others we tried this year.",
        ]
    page = _page(MENU, [HEADLINE], BODY, items, FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, *BODY, *items]


def test_a_photo_credit_with_a_date_in_its_caption_does_not_end_the_article() -> None:
    """A photo credit ("© Name caption ... May 18, 2018") is no footer: a footer's year
    stands by its ©."""
    caption = "© Ada Moss Barges wait at the lock outside Halden, Norway, on May 18, 2018."
    page = _page(MENU, [HEADLINE], BODY[:2], [caption], BODY[2:], FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, *BODY]


def test_a_cut_teaser_under_a_related_heading_does_not_end_the_article() -> None:
    """An inline "Related articles" box with teasers cut short ("... as Hurri...") is a
    list to take out, not the end of the article."""
    box = ["Related articles", "Grain barges stuck as river levels fall to a record lo..."]
    box.append("Port strike: what the union wants")
    page = _page(MENU, [HEADLINE], BODY[:2], box, BODY[2:], FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, *BODY]


def test_a_numbered_schedule_under_its_title_is_the_article() -> None:
    """A page whose article is a table or a schedule flattened one row a line (no sentence
    in it) keeps its rows, not the site's blurbs below; a numbered menu without figures
    stays chrome."""
    rows = [f"{n}. stage: {n + 9} March - Halden circuit" for n in range(1, 9)]
    blurbs = [
        "Click on the picture above and see the columns our editor writes every week!",
        "Advertising",
        "Podcast",
        "Click here and find out when every race of the season starts on television.",
    ]
    result = clean(
        _page(MENU, ["Halden race calendar for the season"], rows, FOOTER[:3], blurbs, FOOTER[3:])
    )
    assert result.text.split("\n") == ["Halden race calendar for the season", *rows]
    numbered = [f"{n} {section}" for n, section in enumerate(MENU[1:], start=1)]
    assert set(numbered) <= set(clean(_page(numbered, [HEADLINE], BODY)).removed)


def test_a_paragraph_broken_into_lines_is_read_as_one() -> None:
    """A page with line breaks inside its paragraphs flattens to lines that stop mid
    sentence and go on in lower case: they are one paragraph, and the article."""
    wrapped = [
        "Dock workers at the river port of Halden walked off the job",
        "on Tuesday, halting the loading of grain barges, after the port operator",
        "failed to pay three months of overtime.",
    ]
    page = _page(MENU, [HEADLINE], wrapped, BODY[1:], FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, " ".join(wrapped), *BODY[1:]]
    menu = ["World news and analysis", "sport", "Weather"]
    assert clean(_page(menu, [HEADLINE], BODY)).removed[:2] == tuple(menu[:2])
    # A page's title line over a run of short lower-case lines (icon labels) is no paragraph.
    icons = ["icon bookmark", "icon camera", "icon share"]
    assert normalise_whitespace(_page([f"{HEADLINE} in the river port of Halden"], icons)) == [
        f"{HEADLINE} in the river port of Halden",
        *icons,
    ]


def test_a_block_printed_above_and_below_the_article_goes() -> None:
    """A news ticker printed at the top and again at the bottom of the page: its
    headlines and blurbs read as prose, but a block the page prints twice is the site's."""
    ticker = [
        "Barge traffic resumes on the upper river after a week of low water, the river "
        "authority said on Monday, as rain raised levels across the region.",
        "The grain price rose for a third week as buyers stocked up before the winter, "
        "traders in the capital said, and more rises were expected.",
    ]
    page = _page(MENU, ticker, ["By Mara Lind"], [HEADLINE], BODY, ticker, FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, *BODY]
    twice = clean(_page(MENU, [HEADLINE], BODY, BODY, FOOTER))
    assert twice.text.split("\n") == [HEADLINE, *BODY], "an article printed twice stays, once"


def test_a_comment_count_over_a_thread_ends_the_article() -> None:
    """ "[ 12 comments ]" over a thread of short posts (a name, a time, the post): the
    thread reads as prose but is not the article."""
    thread = ["[ 12 comments ]", "Top rated", "(View all)"]
    for name in ["Ada", "Bo", "Cy", "Di"]:
        thread += [
            name,
            "2 days ago at 07:52 am",
            f"I think {name} is right about the port: the operator has owed the workers "
            "their overtime since the summer, and the union gave it every chance to pay "
            "before the strike began.",
        ]
    page = _page(MENU, [HEADLINE], BODY, thread, FOOTER)
    assert clean(page).text.split("\n") == [HEADLINE, *BODY]


def test_a_short_story_above_a_long_site_notice_is_the_article() -> None:
    """Two paragraphs of a brief under its headline, a long list of other stories, then
    one long paragraph of the site's (how to reach its service desk) above the footer:
    the notice outweighs the brief, but a lone paragraph boxed in by menus is the site's
    and the stretch of several paragraphs above it, half its weight or more, the story."""
    brief = BODY[:2]
    notice = (
        "The Halden Courier customer service centre can be contacted with any questions or "
        "requests by telephone on weekdays between seven in the morning and two in the "
        "afternoon, and on Fridays until noon, or by e-mail at any time; the centre answers "
        "questions about subscriptions, deliveries, payments and the digital edition, and "
        "is closed on public holidays and during the last week of the year."
    )
    others = [f"Harbour Board Names Chief Number {n}" for n in range(30)]
    page = _page(MENU, [HEADLINE], brief, others, [notice], FOOTER[-1:])
    assert clean(page).text.split("\n") == [HEADLINE, *brief]
