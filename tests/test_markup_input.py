"""Markup where text was expected: HTML saved as .txt, half-flattened dumps, escaped HTML in
feed items; and text that only mentions tags, left alone."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_server import Feed, FeedServer, configure_feeds, rss

from digest.cli import cli
from digest.config import load_project
from digest.errors import SourceError
from digest.model import Article, Document
from digest.normalise import normalise
from digest.sources.feeds import parse_feed
from digest.sources.fetch import feed_sources, fetch_feeds
from digest.sources.files import read_article_file, read_article_files
from digest.sources.markup import sniff

SHARED_PAGES = Path(__file__).resolve().parents[2] / "shared" / "extraction" / "html"

DUMP = (
    '<script type="text/javascript">window.dataLayer = window.dataLayer || [];'
    " function gtag(){dataLayer.push(arguments);}</script>\n"
    "Home | News | Sport\n"
    '<div class="story"><p>Flooding in the river valley forced 2,000 people from their homes'
    " on Tuesday, officials said.</p>\n"
    "<p>The river rose three metres overnight &amp; broke its banks near the town of Halden,"
    " the regional council said in a statement.</p></div>\n"
)
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Storm closes ports along the coast | Coast Herald</title>
<meta property="og:title" content="Storm closes ports along the coast">
<meta property="og:site_name" content="Coast Herald">
<meta property="article:published_time" content="2024-03-05T08:30:00+00:00">
<script>var tracking = {"page": "<div>story</div>"};</script>
<style>body { font-family: serif; }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Storm closes ports along the coast</h1>
<p>A winter storm closed four ports along the northern coast on Monday, the harbour
authority said, stranding more than forty ships at anchor.</p>
<p>Winds reached 130 kilometres an hour at the harbour mouth, the weather service said, and
ferries to the islands were cancelled until Wednesday at the earliest.</p>
<p>&ldquo;We have never closed all four ports at once,&rdquo; a spokeswoman for the
authority said.</p>
</article>
<footer>&copy; 2024 Coast Herald. All rights reserved.</footer>
</body></html>
"""
PROSE = (
    "Editors once wrapped every headline in <b> tags, and a web page starts with <html>.\n"
    "Wrap a word in <i> and </i> to slant it; the rule is that if x < y then y > x.\n"
    "Write to the desk at <news@example.org>, or see <https://example.org/help>.\n"
    "AT&T and Johnson & Johnson both said profits rose, see https://example.org/?a=1&copy=2\n"
)


def read(path: Path) -> Document:
    return read_article_file(path, path.name, path.parent, 5_000_000)


def fields(article: Article) -> tuple[object, ...]:
    return (
        article.title,
        article.title_derived,
        article.text,
        article.published,
        article.outlet,
        tuple(sentence.text for sentence in article.sentences),
    )


def test_a_half_flattened_dump_has_its_tags_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DUMP, encoding="utf-8")
    document = read(path)
    assert document.markup == "tags"
    assert "<" not in document.text and "gtag" not in document.text
    article = normalise(document)
    assert article.title.startswith("Flooding in the river valley forced 2,000 people")
    assert [sentence.text for sentence in article.sentences] == [
        "Flooding in the river valley forced 2,000 people from their homes on Tuesday, "
        "officials said.",
        "The river rose three metres overnight & broke its banks near the town of Halden, "
        "the regional council said in a statement.",
    ]
    assert article.published is None  # the text states no date; none is invented


def test_inspect_says_how_the_markup_was_read(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text(PROSE, encoding="utf-8")
    runner = CliRunner()
    outputs = {
        name: runner.invoke(cli, ["inspect", str(tmp_path / name)]).output
        for name in ("dump.txt", "page.txt", "plain.txt")
    }
    notes = {
        name: [line for line in out.splitlines() if "read as:" in line]
        for name, out in outputs.items()
    }
    assert len(notes["dump.txt"]) == 1 and "tags removed" in notes["dump.txt"][0]
    assert len(notes["page.txt"]) == 1 and "HTML" in notes["page.txt"][0]
    assert notes["plain.txt"] == []


def test_a_whole_page_saved_as_txt_reads_as_the_html_copy(tmp_path: Path) -> None:
    (tmp_path / "storm.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "storm.html").write_text(PAGE, encoding="utf-8")
    as_txt, as_html = read(tmp_path / "storm.txt"), read(tmp_path / "storm.html")
    assert as_txt.markup == "page"
    assert (as_txt.title, as_txt.text, as_txt.published, as_txt.outlet) == (
        as_html.title,
        as_html.text,
        as_html.published,
        as_html.outlet,
    )
    article = normalise(as_txt)
    assert fields(article) == fields(normalise(as_html))
    assert article.title == "Storm closes ports along the coast"
    assert article.published is not None and article.published.isoformat().startswith("2024-03-05")
    assert "tracking" not in article.text and "font-family" not in article.text


def test_prose_that_mentions_tags_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text(PROSE, encoding="utf-8")
    document = read(path)
    assert document.markup is None
    assert document.text == PROSE


@pytest.mark.parametrize(
    "text",
    [
        "Use the <b> tag for bold and </b> to end it.",
        "Wrap the words in <b> and </b>, or in <i> and </i>.",
        "The <p>, <div> and <span> elements hold text.",
        "If a < b and c > d, then x<y.",
        "Mail <jane@example.org> or <https://example.org/>.",
        "Profits at AT&T rose; see ?a=1&copy=2 and R&D.",
    ],
)
def test_mentions_and_comparisons_are_no_markup(text: str) -> None:
    assert sniff(text) is None


def test_entities_alone_are_unescaped(tmp_path: Path) -> None:
    path = tmp_path / "e.txt"
    path.write_text("Tom &amp; Jerry&#8217;s studio, AT&T said.\n", encoding="utf-8")
    document = read(path)
    assert (document.markup, document.text) == ("entities", "Tom & Jerry’s studio, AT&T said.\n")


def test_a_page_with_no_article_in_it_is_read_for_its_text(tmp_path: Path) -> None:
    # trafilatura finds no article in this page (links only) and an .html copy is refused;
    # a .txt says it is text, so its text is kept.
    page = "<html><body><ul><li><a href=/a>Dam opens</a></li><li><a href=/b>Water flows</a>"
    (tmp_path / "links.txt").write_text(page + "</li></ul></body></html>", "utf-8")
    (tmp_path / "links.html").write_text(page + "</li></ul></body></html>", "utf-8")
    with pytest.raises(SourceError, match="no article text"):
        read(tmp_path / "links.html")
    document = read(tmp_path / "links.txt")
    assert (document.markup, document.text) == ("tags", "Dam opens\nWater flows")


ESCAPED_ITEM = (
    "&lt;p&gt;Rescuers reached the village of Ardmore on Friday after the landslide, "
    "police said.&lt;/p&gt;&lt;p&gt;Roads &amp;amp; bridges were closed.&lt;/p&gt;"
)


def test_an_escaped_html_item_is_read_as_text_without_tags() -> None:
    # ESCAPED_ITEM is escaped once more by rss(): the item's HTML, escaped twice in the XML.
    feed = parse_feed(
        rss([{"title": "Landslide", "description": ESCAPED_ITEM}]),
        "https://news.example/feed.xml",
    )
    assert feed.items[0].text == (
        "Rescuers reached the village of Ardmore on Friday after the landslide, police said."
        "\n\nRoads & bridges were closed."
    )


def test_an_escaped_html_item_fetched_over_http_is_archived_without_tags(
    feed_server: FeedServer, make_project: Callable[..., Path]
) -> None:
    project = make_project()
    prefix = feed_server.prefix()
    item = {"title": "Landslide", "link": f"https://news.example{prefix}/1"}
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss([{**item, "description": ESCAPED_ITEM}])))
    configure_feeds(project, [url])
    loaded = load_project(project / "mkdocs.yml")
    report = fetch_feeds(loaded, feed_sources(loaded))
    assert [(feed.status, feed.new) for feed in report.feeds] == [("fetched", 1)]
    documents, problems = read_article_files((project / "articles",), project, 1_000_000)
    assert problems == () and len(documents) == 1
    assert documents[0].text.strip().splitlines()[-1] == "Roads & bridges were closed."
    for markup in ("<", "&lt;", "&amp;"):
        assert markup not in documents[0].text


@pytest.mark.skipif(not SHARED_PAGES.is_dir(), reason="../shared/extraction/html is absent")
def test_real_pages_saved_as_txt_read_as_their_html_copies(tmp_path: Path) -> None:
    pages = sorted(SHARED_PAGES.glob("*.html.gz"))[::30]
    assert pages
    for page in pages:
        data = gzip.decompress(page.read_bytes())
        (tmp_path / "page.txt").write_bytes(data)
        (tmp_path / "page.html").write_bytes(data)
        as_txt, as_html = read(tmp_path / "page.txt"), read(tmp_path / "page.html")
        assert as_txt.markup == "page", page.name
        assert (as_txt.text, as_txt.title, as_txt.published) == (
            as_html.text,
            as_html.title,
            as_html.published,
        ), page.name


def test_a_feed_title_that_shows_tags_keeps_them_as_written() -> None:
    # Only an item's body is read for HTML it may hide: a feed's title declared plain text
    # means its tags as written (and a hostile one stays text, for the output to escape).
    # (feedparser itself reads an RSS item title that looks like HTML as HTML.)
    feed = parse_feed(
        rss(
            [{"title": "Notes", "description": "About it."}],
            title="Web &lt;b&gt;notes&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        "https://news.example/feed.xml",
    )
    assert feed.title == "Web <b>notes</b> <script>alert(1)</script>"
