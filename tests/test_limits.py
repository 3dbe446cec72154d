"""Huge and pathological inputs are truncated or skipped with a warning, never hang the build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from digest.errors import SourceError
from digest.model import Document
from digest.normalise import normalise
from digest.sources.files import read_article_file
from digest.text.quotes import find_quotes
from digest.text.sentences import MAX_SENTENCES, split_sentences


def test_a_file_over_the_size_limit_is_skipped_and_the_build_goes_on(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    good = "KARVAN (Wire) — The old bridge over the Velda closed on Monday after engineers found cracks.\n"
    project = make_project(
        {"good.txt": good, "huge.txt": "word " * 600_000},
        replace={"  home_limit: 20 ": "  max_article_bytes: 1000000\n  home_limit: 20 "},
    )
    result = run("build", "--no-site", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert (
        "articles/huge.txt: file is 3,000,000 bytes, over the limit of 1,000,000" in result.output
    )
    assert "Read 1 articles (1 skipped), 1 incidents" in result.output


def test_one_enormous_paragraph_is_split_in_bounded_pieces() -> None:
    text = "The crossing was closed again. " * 20_000
    sentences = split_sentences(text)
    assert len(sentences) == MAX_SENTENCES
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert {s.text for s in sentences} == {"The crossing was closed again."}


def test_a_million_quotation_marks() -> None:
    text = 'He said "' + '"' * 1_000_000 + " and left."
    sentences = split_sentences(text)
    quotes = find_quotes(text, sentences)
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_many_short_quotes_are_capped() -> None:
    text = 'Officials said "yes" and "no". ' * 5_000
    article = normalise(Document(path="articles/q.txt", text=text))
    assert 0 < len(article.quotes) <= 2_000


def test_deeply_nested_html_is_read_or_reported(tmp_path: Path) -> None:
    depth = 50_000
    html = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "<p>The harbour reopened on Tuesday after a week of repairs, the port authority said.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    try:
        document = read_article_file(path, "articles/deep.html", tmp_path, max_bytes=2_000_000)
    except SourceError as error:
        assert "HTML" in str(error) or "text" in str(error)
    else:
        assert "harbour reopened" in document.text


def test_a_text_cut_at_the_limit_is_reported_with_its_path(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    from digest.normalise import MAX_TEXT_CHARS

    long = (
        "KARVAN (Wire) — The old bridge over the Velda closed on Monday. "
        + "Traffic waited. " * (MAX_TEXT_CHARS // 16)
    )
    project = make_project({"long.txt": long})
    result = run("build", "--no-site", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    assert f"articles/long.txt: only the first {MAX_TEXT_CHARS} of its {len(long)}" in result.output
    assert "Read 1 articles (0 skipped), 1 incidents" in result.output
    # --strict makes the cut an error: the briefing would not say all its source says.
    assert run("build", "--no-site", "--strict", "-f", project / "mkdocs.yml").exit_code == 1


def test_a_lead_cut_short_by_an_ellipsis_is_text_not_a_headline() -> None:
    article = normalise(
        Document(
            path="feed/item.md",
            text=(
                "KARVAN (Wire) — The old bridge over the Velda closed on Monday after…\n"
                "Drivers were sent twenty miles north to the ferry at Ostra."
            ),
        )
    )
    assert article.dateline is not None and article.dateline.place == "Karvan"
    assert article.sentences[0].text.startswith("The old bridge over the Velda closed")
    assert "KARVAN" not in article.title
