"""Feed bytes → items: hostile HTML, links, dates, JSON Feed, entity bombs, not-feeds."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from feed_server import rss

from digest.errors import SourceError
from digest.sources.archive import canonical_url
from digest.sources.feeds import check_entities, html_to_text, parse_feed

HOSTILE = (
    "<![CDATA[<p onclick='steal()'>Floods <b>closed</b> the <a href='/roads/1'>valley road</a>."
    "<script>document.write('<p>injected</p>')</script></p><style>p{}</style>"
    "<iframe src='https://evil.example/'>frame text</iframe><!-- a comment -->"
    "<p>Second &amp; last paragraph &lt;b&gt;not a tag&lt;/b&gt;</p><img src=x onerror=alert(1)>]]>"
)


def test_html_in_items_becomes_text_without_any_tag() -> None:
    feed = parse_feed(
        rss([{"title": "A &lt;b&gt;bold&lt;/b&gt; title", "description": HOSTILE}]),
        "https://news.example/feeds/main.xml",
    )
    item = feed.items[0]
    assert item.text == (
        "Floods closed the valley road.\n\nSecond & last paragraph <b>not a tag</b>"
    )
    assert item.title == "A bold title"
    for word in ("steal", "injected", "document.write", "frame text", "comment", "onerror", "p{}"):
        assert word not in item.text


def test_relative_links_are_resolved_against_the_feed_and_only_http_kept() -> None:
    feed = parse_feed(
        rss(
            [
                {"title": "relative", "link": "../news/1"},
                {"title": "absolute", "link": "https://other.example/2"},
                {"title": "script", "link": "javascript:alert(1)"},
                {"title": "data", "link": "data:text/html,hi"},
            ],
            link="/",
        ),
        "https://news.example/feeds/main.xml",
    )
    assert feed.link == "https://news.example/"
    assert [item.url for item in feed.items] == [
        "https://news.example/news/1",
        "https://other.example/2",
        None,
        None,
    ]


def test_atom_xml_base_and_dates() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example/en/">
  <title type="html">Wire &amp;amp; Co</title>
  <entry>
    <id>tag:wire.example,2026:1</id>
    <title>Only updated</title>
    <link rel="alternate" href="stories/1"/>
    <updated>2026-01-13T10:30:00+02:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One.</p><p>Two.</p></div></content>
    <author><name>A. Writer</name></author>
    <category term="floods"/><category term="north"/>
  </entry>
</feed>"""
    feed = parse_feed(atom, "https://wire.example/feed.atom")
    assert feed.title == "Wire & Co"
    (item,) = feed.items
    assert item.guid == "tag:wire.example,2026:1"
    assert item.url == "https://wire.example/en/stories/1"
    assert item.text == "One.\n\nTwo."
    # Atom's required <updated> dates an entry without <published>.
    assert item.published == item.updated == datetime(2026, 1, 13, 8, 30, tzinfo=UTC)
    assert (item.author, item.tags) == ("A. Writer", ("floods", "north"))


def test_an_item_without_a_date_stays_undated() -> None:
    feed = parse_feed(rss([{"title": "No date", "description": "Text."}]), "https://x.example/")
    assert feed.items[0].published is None and feed.items[0].updated is None
    # No guid, no link: a stable id from the content.
    assert feed.items[0].guid.startswith("sha256:")
    again = parse_feed(rss([{"title": "No date", "description": "Text."}]), "https://x.example/")
    assert again.items[0].guid == feed.items[0].guid


def test_items_with_nothing_in_them_are_counted_not_kept() -> None:
    feed = parse_feed(rss([{"guid": "only-a-guid"}, {"title": "kept"}]), "https://x.example/")
    assert [item.title for item in feed.items] == ["kept"]
    assert feed.empty_items == 1


def test_json_feed() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Wire",
        "home_page_url": "https://json.example/",
        "items": [
            {
                "id": 7,
                "url": "/stories/7",
                "title": "Bridge <em>closed</em>",
                "content_html": "<p>The bridge was closed.</p><script>x()</script>",
                "date_published": "2026-02-03T09:30:00Z",
                "authors": [{"name": "A. Writer"}],
                "tags": ["bridges"],
            },
            # A malformed "authors" (not a list) falls back to 1.0's "author".
            {"id": "8", "content_text": "Plain text only.", "authors": 1, "author": {"name": "B"}},
            {"id": "9"},
            "not an object",
        ],
    }
    feed = parse_feed(json.dumps(document).encode(), "https://json.example/feed.json")
    assert (feed.title, feed.version, feed.empty_items) == ("JSON Wire", "json11", 2)
    first, second = feed.items
    assert first.guid == "7" and first.url == "https://json.example/stories/7"
    assert first.text == "The bridge was closed."
    assert first.published == datetime(2026, 2, 3, 9, 30, tzinfo=UTC)
    assert (first.author, first.tags) == ("A. Writer", ("bridges",))
    assert second.text == "Plain text only." and second.title is None
    assert second.author == "B"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty response"),
        (b"{not json", "invalid JSON at line 1"),
        (b'{"title": "x"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1"}', "without an items list"),
        (b"<html><body>Hello</body></html>", "an HTML page, not a feed"),
        (b"just some text", "not a feed: invalid XML"),
        (b"<?xml version='1.0'?><foo/>", "not an RSS, Atom or JSON feed"),
        (b"<?xml version='1.0'?><rss><channel><title>a</ti", "invalid XML, no items"),
    ],
)
def test_what_is_not_a_feed_is_reported(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_feed(body, "https://x.example/feed")


def test_feeds_with_a_few_small_entities_are_read() -> None:
    document = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY wire "Valley Wire">\n'
        b'  <!ENTITY % ext SYSTEM "http://x.example/ext.dtd">\n]>\n'
        b'<rss version="2.0"><channel><title>&wire;</title>'
        b"<item><title>By &wire;</title></item></channel></rss>"
    )
    check_entities(document)
    feed = parse_feed(document, "https://x.example/feed")
    assert feed.title == "Valley Wire" and feed.items[0].title == "By Valley Wire"


@pytest.mark.parametrize(
    ("declarations", "references", "message"),
    [
        ('<!ENTITY a "x"><!ENTITY b "&a;&a;">', "&b;", "refers to other entities"),
        ("<!ENTITY % p \"<!ENTITY a 'x'>\"> %p;", "", "internal parameter entity"),
        ('<!ENTITY a "' + "x" * 1000 + '">', "&a;" * 1001, "would expand to over"),
        ("<!ENTITY a 'x' <junk>", "", "unreadable XML entity declaration"),
        ('<!ENTITY a "x"><!ELEMENT', "", "cannot be checked"),
    ],
)
def test_entity_bombs_are_refused_before_parsing(
    declarations: str, references: str, message: str
) -> None:
    document = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{declarations}]>'
        f"<rss><channel><title>{references}</title></channel></rss>"
    ).encode()
    with pytest.raises(SourceError, match=message):
        check_entities(document)


def test_entity_declarations_in_utf16_are_checked_too() -> None:
    document = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "x"><!ENTITY b "&a;">]>'
        "<rss/>"
    ).encode("utf-16")
    with pytest.raises(SourceError, match="refers to other entities"):
        check_entities(document)


def test_html_to_text_keeps_paragraphs_and_survives_garbage() -> None:
    assert html_to_text("<p>One <i>two</i></p><ul><li>three</li><li>four</li></ul>") == (
        "One two\n\nthree\n\nfour"
    )
    assert html_to_text("Plain text, no markup.") == "Plain text, no markup."
    assert html_to_text("<script>never closed") == ""
    assert html_to_text("</p></div><<>>&&&#xZZ;<p>x</p>") == "<<>>&&&#xZZ;\n\nx"
    # <embed> has no end tag: what follows it is the rest of the item, not its content.
    assert html_to_text("<p>Intro</p><embed src=clip.swf><p>The rest.</p>") == (
        "Intro\n\nThe rest."
    )


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.News.example/a/b/?utm_source=rss&id=3#top", "news.example/a/b?id=3"),
        ("http://news.example:80/a/b", "news.example/a/b"),
        ("https://news.example:8443/a", "news.example:8443/a"),
        ("https://news.example/", None),
        ("not a url", None),
    ],
)
def test_canonical_urls(url: str, key: str | None) -> None:
    assert canonical_url(url) == key


def test_json_feed_titles_are_one_line() -> None:
    """A title's line breaks would end a Markdown heading or a front-matter line early (found
    by the fuzz test): JSON Feed titles are one line, as RSS and Atom ones are."""
    import json

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Valley\n\nNews",
        "items": [{"id": "1", "title": "Bridge\n\nclosed\r\nat Halvik", "content_text": "Closed."}],
    }
    parsed = parse_feed(json.dumps(feed).encode(), "https://example.org/feed.json")
    assert parsed.title == "Valley News"
    assert [item.title for item in parsed.items] == ["Bridge closed at Halvik"]
