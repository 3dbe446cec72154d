"""Property-based tests: hostile or random text never breaks the parsing stages.

No exception escapes but the documented ones (SourceError for an input that cannot be used),
and the invariants hold: sentences and quotes are exact spans of the text, ids and slugs
stay inside ``[a-z0-9-]``, escaped Markdown renders no markup. CI runs a short session; set
``DIGEST_FUZZ_EXAMPLES`` (e.g. 100000) for a long one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from digest.errors import SourceError
from digest.incidents.identity import slugify
from digest.model import Document
from digest.normalise import article_id, normalise
from digest.publish.templates import md_escape, safe_url
from digest.sources.files import read_article_file
from digest.text.cleaning import clean
from digest.text.datelines import split_dateline
from digest.text.quotes import find_quotes
from digest.text.sentences import split_sentences

EXAMPLES = int(os.environ.get("DIGEST_FUZZ_EXAMPLES", "150"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Text that looks like news and like attacks on it: words, punctuation that matters to the
# parsers (quotes, dashes, dots, brackets), markup, newlines and odd Unicode.
TOKENS = st.sampled_from(
    [
        "The",
        "ministry",
        "said",
        "U.S.",
        "Gen.",
        "Jan.",
        "p.m.",
        "officials",
        "told",
        "Reuters",
        "KARVAN",
        "(ESTA)",
        "—",
        "–",
        "-",
        ",",
        ".",
        ":",
        ";",
        "?",
        "!",
        "“",
        "”",
        '"',
        "'",
        "’",
        "‘",
        "(",
        ")",
        "[",
        "]",
        "<script>",
        "</script>",
        "<b>",
        "javascript:",
        "{{",
        "}}",
        "---",
        "#",
        "*",
        "_",
        "`",
        "|",
        ">",
        "&amp;",
        "&",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u00a0",
        "\u200b",
        "\u2028",
        "Comments",
        "Read more",
        "©",
        "2026",
        "12",
        "killed",
        "at least",
    ]
)
NEWSY = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=80).map(" ".join)
ANY_TEXT = st.one_of(NEWSY, st.text(max_size=400))


@fuzz
@given(ANY_TEXT)
def test_cleaning_and_datelines_never_fail(text: str) -> None:
    cleaned = clean(text)
    assert "\r" not in cleaned.text
    dateline, rest = split_dateline(text.split("\n")[0])
    if dateline is None:
        assert rest == text.split("\n")[0]
    else:
        assert text.split("\n")[0].endswith(rest)


@fuzz
@given(ANY_TEXT)
def test_sentences_and_quotes_are_exact_spans(text: str) -> None:
    cleaned = clean(text).text
    sentences = split_sentences(cleaned)
    for sentence in sentences:
        assert cleaned[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
    for quote in find_quotes(cleaned, sentences):
        assert cleaned[quote.start : quote.end] == quote.text
        assert quote.kind in ("full", "partial", "scare")
        if quote.kind == "scare":
            assert quote.speaker is None


@fuzz
@given(ANY_TEXT, st.text(max_size=40))
def test_normalise_gives_an_article_or_a_source_error(text: str, path: str) -> None:
    try:
        article = normalise(Document(path=f"articles/{path}.txt", text=text))
    except SourceError:
        return
    assert re.fullmatch(r"[a-z0-9-]+", article.id)
    assert article.title.strip()
    assert article.published is None
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


@fuzz
@given(st.text(max_size=200))
def test_ids_and_slugs_stay_in_their_alphabet(text: str) -> None:
    assert re.fullmatch(r"[a-z0-9-]+", article_id(text + ".txt"))
    assert re.fullmatch(r"[a-z0-9-]*", slugify(text))
    assert not slugify(text).startswith("-")


@fuzz
@given(ANY_TEXT)
def test_escaped_text_renders_as_text(text: str) -> None:
    html = MarkdownIt("commonmark", {"html": True}).renderInline(md_escape(text))
    # Whatever the input, the only tags are the ones Markdown itself makes for escaped text:
    # none, since every construct is escaped. Raw HTML is enabled here on purpose.
    assert "<" not in html.replace("&lt;", "")
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)


@fuzz
@given(st.text(max_size=100))
def test_only_http_urls_are_linked(url: str) -> None:
    safe = safe_url(url)
    if safe:
        assert safe.startswith(("http://", "https://"))
        assert not re.search(r"[\s()<>\"\\]", safe)


@fuzz
@given(st.binary(max_size=600), st.sampled_from([".txt", ".md", ".html"]))
def test_any_file_is_read_or_reported(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    folder: Path = tmp_path_factory.mktemp("articles")
    path = folder / f"x{suffix}"
    path.write_bytes(data)
    try:
        document = read_article_file(path, f"articles/x{suffix}", folder, max_bytes=10_000)
    except SourceError as error:
        assert str(error)
        return
    assert document.text.strip()


@fuzz
@given(
    st.dictionaries(
        st.sampled_from(["title", "url", "outlet", "published", "author", "language", "tags"]),
        st.one_of(
            st.text(max_size=30),
            st.integers(),
            st.booleans(),
            st.none(),
            st.lists(st.text(max_size=5), max_size=3),
        ),
        max_size=6,
    ),
    NEWSY,
)
def test_front_matter_is_read_or_reported(
    tmp_path_factory: pytest.TempPathFactory, metadata: dict[str, object], body: str
) -> None:
    import yaml

    folder: Path = tmp_path_factory.mktemp("articles")
    path = folder / "x.md"
    path.write_text("---\n" + yaml.safe_dump(metadata) + "---\n" + body, encoding="utf-8")
    try:
        document = read_article_file(path, "articles/x.md", folder, max_bytes=100_000)
    except SourceError as error:
        assert str(error)
        return
    if isinstance(metadata.get("title"), str) and metadata["title"].strip():
        assert document.title == " ".join(metadata["title"].split())


# -- feeds, HTML, briefs ----------------------------------------------------------------------

# Field contents of a feed: text, markup (escaped into the XML or in CDATA), entities, links.
FIELD = st.one_of(
    NEWSY,
    st.text(max_size=60),
    st.sampled_from(
        [
            "<p>The port reopened.</p>",
            "<script>alert(1)</script>",
            "&amp;lt;b&amp;gt;",
            "&nbsp;&mdash;&#8230;",
            "&undefined;",
            "]]>",
            "javascript:alert(1)",
            "/relative/link",
            "https://example.org/a?b=c",
            "Tue, 10 Feb 2026 08:00:00 GMT",
            "2026-02-10T08:00:00Z",
            "not a date",
        ]
    ),
)


def _xml_text(value: str, mode: str) -> str:
    from xml.sax.saxutils import escape

    if mode == "raw":  # unescaped: ill-formed XML, which feedparser reads leniently
        return value
    if mode == "cdata":
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return escape(value)


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    """RSS 2.0, RSS 1.0 or Atom with hostile fields, sometimes cut short or re-encoded."""
    kind = draw(st.sampled_from(["rss", "rdf", "atom"]))
    mode = draw(st.sampled_from(["escaped", "cdata", "raw"]))
    items = draw(st.lists(st.tuples(FIELD, FIELD, FIELD, FIELD, FIELD), max_size=4))

    def text(value: str) -> str:
        return _xml_text(value, mode)

    if kind == "atom":
        entries = "".join(
            f"<entry><title type='html'>{text(t)}</title><link href='{_xml_text(u, 'escaped')}'/>"
            f"<id>{text(g)}</id><updated>{text(d)}</updated>"
            f"<content type='html'>{text(body)}</content></entry>"
            for t, u, g, d, body in items
        )
        document = (
            "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{text(draw(FIELD))}</title>{entries}</feed>"
        )
    else:
        entries = "".join(
            f"<item><title>{text(t)}</title><link>{text(u)}</link><guid>{text(g)}</guid>"
            f"<pubDate>{text(d)}</pubDate><description>{text(body)}</description></item>"
            for t, u, g, d, body in items
        )
        if kind == "rdf":
            document = (
                "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
                " xmlns='http://purl.org/rss/1.0/'><channel><title>T</title></channel>"
                f"{entries}</rdf:RDF>"
            )
        else:
            document = (
                "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                f"<title>{text(draw(FIELD))}</title><link>https://example.org/</link>"
                f"{entries}</channel></rss>"
            )
    body = document.encode(draw(st.sampled_from(["utf-8", "utf-16"])), "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(0, len(body))))
    return body if cut is None else body[:cut]


def _check_feed(parsed: object) -> None:
    from digest.sources.feeds import MAX_TITLE_CHARS, ParsedFeed

    assert isinstance(parsed, ParsedFeed)
    for item in parsed.items:
        assert item.guid and isinstance(item.guid, str)
        assert item.url is None or item.url.startswith(("http://", "https://"))
        assert item.title or item.text
        if item.title:
            assert len(item.title) <= MAX_TITLE_CHARS and "\n" not in item.title
        assert item.published is None or item.published.tzinfo is not None


@fuzz
@given(st.one_of(feed_documents(), st.binary(max_size=400)))
def test_any_feed_is_read_or_reported(body: bytes) -> None:
    from digest.sources.feeds import parse_feed

    try:
        parsed = parse_feed(body, "https://example.org/feed.xml")
    except SourceError as error:
        assert str(error)
        return
    _check_feed(parsed)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), FIELD),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "url", "x"]), inner)
    ),
    max_leaves=12,
)
JSON_ITEM = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "url",
            "external_url",
            "title",
            "content_html",
            "content_text",
            "summary",
            "date_published",
            "date_modified",
            "author",
            "authors",
            "tags",
        ]
    ),
    JSON_VALUES,
    max_size=8,
)


@fuzz
@given(
    st.dictionaries(
        st.sampled_from(["version", "title", "home_page_url", "feed_url", "items"]),
        JSON_VALUES,
        max_size=5,
    ),
    st.lists(JSON_ITEM, max_size=4),
)
def test_any_json_feed_is_read_or_reported(feed: dict[str, object], items: list[object]) -> None:
    import json

    from digest.sources.feeds import parse_feed

    feed.setdefault("version", "https://jsonfeed.org/version/1.1")
    feed.setdefault("items", items)
    try:
        parsed = parse_feed(json.dumps(feed).encode(), "https://example.org/feed.json")
    except SourceError as error:
        assert str(error)
        return
    _check_feed(parsed)


# Elements HTML feeds carry: blocks, inline, void ones (no end tag), and the ones whose
# content is dropped (script, style, embedded objects).
_INLINE = ["b", "i", "a", "span", "em", "strong"]
_BLOCK = ["p", "div", "li", "blockquote", "h2", "td"]
_VOID = ["br", "img", "hr", "embed", "source", "wbr", "input"]
_DROPPED = ["script", "style", "iframe", "svg", "noscript", "object", "template"]
WORD = st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)


@st.composite
def balanced_html(draw: st.DrawFn, depth: int = 0) -> str:
    """An HTML fragment in which every element that has an end tag is closed."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.sampled_from(["word", "entity", "void", "element", "dropped"]))
        if choice == "word":
            parts.append(draw(WORD))
        elif choice == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&#8220;", "&lt;", "&bogus;"])))
        elif choice == "void":
            parts.append(f"<{draw(st.sampled_from(_VOID))} src=x>")
        elif choice == "element" and depth < 3:
            tag = draw(st.sampled_from(_INLINE + _BLOCK))
            parts.append(f"<{tag} class='c'>{draw(balanced_html(depth + 1))}</{tag}>")
        elif choice == "dropped":
            tag = draw(st.sampled_from(_DROPPED))
            parts.append(f"<{tag}>alert(1) {draw(WORD)}</{tag}>")
    return " ".join(parts)


@fuzz
@given(balanced_html(), WORD)
def test_html_to_text_keeps_what_follows_any_closed_markup(html: str, word: str) -> None:
    """Whatever well-closed markup comes first, the paragraph after it is kept, and no
    tag and nothing of a script survives."""
    from digest.sources.feeds import html_to_text

    text = html_to_text(f"{html}<p>Tailword{word}</p>")
    assert text.endswith(f"Tailword{word}")
    assert "alert(1)" not in text
    assert not re.search(r"<(?:script|style|iframe|svg|embed|img|p|div|b)\b", text)


@fuzz
@given(
    st.lists(st.tuples(FIELD, FIELD), max_size=3),
    balanced_html(),
    st.sampled_from(["", "<!DOCTYPE html>", "<html><head><title>T</title></head>"]),
)
def test_any_html_page_is_read_or_reported(
    tmp_path_factory: pytest.TempPathFactory,
    metas: list[tuple[str, str]],
    markup: str,
    start: str,
) -> None:
    from html import escape

    names = ["og:title", "description", "author", "article:published_time", "og:url"]
    # Text between the metas is the page's own text: an escaped "&lt;script&gt;" there reads
    # "<script>" and is kept as text (escaped again when published), so it holds no "<".
    head = "".join(
        f"<meta property='{names[i % len(names)]}' content='{escape(value)}'>"
        f"{escape(extra.replace('<', ''))}"
        for i, (value, extra) in enumerate(metas)
    )
    html = f"{start}{head}<body><article><p>{markup}</p><p>Officials said the bridge closed.</p></article></body>"
    folder: Path = tmp_path_factory.mktemp("articles")
    path = folder / "x.html"
    path.write_text(html, encoding="utf-8")
    try:
        document = read_article_file(path, "articles/x.html", folder, max_bytes=100_000)
    except SourceError as error:
        assert str(error)
        return
    assert document.text.strip()
    # No tag survives (the fragment's parts are spaced, so a decoded "&lt;" is never
    # followed by a letter). Script and style content is dropped; trafilatura does keep
    # the inert text of a <template> element, which a browser never shows.
    assert not re.search(r"<[A-Za-z/!?]", document.text), document.text
    assert "alert(1)" not in document.text or "<template>" in markup
    assert document.url is None or document.url.startswith(("http://", "https://"))


@fuzz
@given(st.lists(ANY_TEXT, min_size=1, max_size=3), st.data())
def test_brief_sentences_and_quotes_are_verbatim_from_their_sources(
    texts: list[str], data: st.DataObject
) -> None:
    """The briefing's promise: every summary sentence and every quote is a substring of
    the source it cites, at the offsets it gives."""
    from digest.briefs import write_brief
    from digest.model import Incident

    articles = []
    for index, text in enumerate(texts):
        # A news-like lead, so that most examples give a summary to check.
        lead = data.draw(st.sampled_from(["", "KARVAN (Wire) — The bridge closed on Monday. "]))
        try:
            articles.append(normalise(Document(path=f"articles/{index}.txt", text=lead + text)))
        except SourceError:
            continue
    if not articles:
        return
    brief = write_brief(Incident(id="incident", articles=tuple(articles)))
    by_id = {article.id: article for article in articles}
    assert brief.headline.strip()
    for sentence in brief.summary:
        assert sentence.text in by_id[sentence.article_id].text
    for quote in (*brief.quotes, *brief.all_quotes):
        source = by_id[quote.article_id].text
        assert quote.text in source
        if quote.start is not None and quote.end is not None:
            assert source[quote.start : quote.end] == quote.text
