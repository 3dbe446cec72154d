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
