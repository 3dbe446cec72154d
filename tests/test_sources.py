"""Article files: .txt (with sidecar metadata), .md front matter, .html pages, broken inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.model import Document, Problem
from digest.sources.files import read_article_files

BODY = "Farmers blocked the road to the dam on Sunday.\nThe governor promised to meet them.\n"


def write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def read(
    root: Path, max_bytes: int = 100_000
) -> tuple[dict[str, Document], dict[str, str], tuple[str, ...]]:
    """Documents and problems by path, and the documents' paths in the order returned."""
    documents, problems = read_article_files((root / "articles",), root, max_bytes)
    assert all(isinstance(problem, Problem) for problem in problems)
    return (
        {document.path: document for document in documents},
        {problem.path: problem.message for problem in problems},
        tuple(document.path for document in documents),
    )


def only_document(root: Path) -> Document:
    documents, problems, _ = read(root)
    assert problems == {}
    (document,) = documents.values()
    return document


# --- reading ---------------------------------------------------------------------------------


def test_txt_without_metadata(tmp_path: Path) -> None:
    write(tmp_path, "articles/plain.txt", BODY)
    document = only_document(tmp_path)
    assert document.path == "articles/plain.txt"
    assert document.text == BODY
    assert (document.title, document.url, document.outlet, document.published) == (
        None,
        None,
        None,
        None,
    )
    assert document.folder_outlet is None


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-03-04T08:15:00Z", datetime(2026, 3, 4, 8, 15, tzinfo=UTC)),
        ('"2026-03-04T08:15:00Z"', datetime(2026, 3, 4, 8, 15, tzinfo=UTC)),
        ("2026-03-04T08:15:00+03:00", datetime(2026, 3, 4, 5, 15, tzinfo=UTC)),
        ('"2026-03-04T08:15:00+03:00"', datetime(2026, 3, 4, 5, 15, tzinfo=UTC)),
    ],
)
def test_txt_with_sidecar_metadata(tmp_path: Path, published: str, expected: datetime) -> None:
    write(tmp_path, "articles/dam.txt", BODY)
    write(
        tmp_path,
        "articles/dam.yml",
        "title: Farmers block dam road\n"
        f"published: {published}\n"
        "url: https://basinwire.example/dam-road\n"
        "outlet: Basin Wire\n",
    )
    document = only_document(tmp_path)
    assert document.path == "articles/dam.txt"
    assert document.text == BODY
    assert document.title == "Farmers block dam road"
    assert document.url == "https://basinwire.example/dam-road"
    assert document.outlet == "Basin Wire"
    assert document.published == expected
    assert document.published is not None
    assert document.published.utcoffset() == timedelta(0)


def test_yaml_sidecar_suffix_also_read(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.txt", BODY)
    write(tmp_path, "articles/dam.yaml", "outlet: River Post\n")
    assert only_document(tmp_path).outlet == "River Post"


def test_md_with_front_matter(tmp_path: Path) -> None:
    write(
        tmp_path,
        "articles/dam.md",
        "---\n"
        "title: Farmers block dam road\n"
        "url: https://basinwire.example/dam-road\n"
        "outlet: Basin Wire\n"
        "published: 2026-03-04T08:15:00Z\n"
        "author: Lana Aziz\n"
        "language: en\n"
        "---\n" + BODY,
    )
    document = only_document(tmp_path)
    assert document.text == BODY
    assert document.title == "Farmers block dam road"
    assert document.url == "https://basinwire.example/dam-road"
    assert document.outlet == "Basin Wire"
    assert document.published == datetime(2026, 3, 4, 8, 15, tzinfo=UTC)
    assert document.author == "Lana Aziz"
    assert document.language == "en"


def test_md_without_front_matter(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.md", "# Farmers block dam road\n\n" + BODY)
    document = only_document(tmp_path)
    assert document.text == "# Farmers block dam road\n\n" + BODY
    assert document.title is None
    assert document.published is None


def test_md_front_matter_with_crlf_line_ends(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.md", "---\r\ntitle: Dam road\r\n---\r\nFarmers marched.\r\n")
    document = only_document(tmp_path)
    assert document.title == "Dam road"
    assert document.text == "Farmers marched.\r\n"


def test_front_matter_yes_no_stay_text(tmp_path: Path) -> None:
    write(tmp_path, "articles/yes.md", "---\ntitle: Yes\noutlet: NO\n---\n" + BODY)
    document = only_document(tmp_path)
    assert (document.title, document.outlet) == ("Yes", "NO")


def test_yaml_date_without_time_is_midnight_utc(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.md", "---\npublished: 2026-03-04\n---\n" + BODY)
    assert only_document(tmp_path).published == datetime(2026, 3, 4, tzinfo=UTC)


HTML_PARAGRAPHS = (
    "Engineers began repairing the cracked spillway of the Qara Dam on Wednesday, two weeks "
    "after floodwater poured over its northern wall and forced thousands of villagers to leave.",
    "The provincial water authority said the work would take at least four months and cost "
    "about 12 million dollars, most of it paid by the national government.",
    "Farmers downstream said they feared the reservoir would stay too low for the summer "
    "planting season.",
)
HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Dam repairs begin after spring floods | Basin Wire</title>
<meta property="og:site_name" content="Basin Wire">
<meta property="og:title" content="Dam repairs begin after spring floods">
<meta property="article:published_time" content="2026-03-04T08:15:00+03:00">
<link rel="canonical" href="https://basinwire.example/news/dam-repairs">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport section</a></li></ul></nav>
<article>
<h1>Dam repairs begin after spring floods</h1>
<p>{HTML_PARAGRAPHS[0]}</p>
<p>{HTML_PARAGRAPHS[1]}</p>
<p>{HTML_PARAGRAPHS[2]}</p>
</article>
<footer><p>Contact the newsroom at tips@basinwire.example</p>
<p>Privacy policy and cookie settings for this website</p></footer>
</body></html>
"""


def test_html_page_metadata_and_article_text(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.html", HTML_PAGE)
    document = only_document(tmp_path)
    assert document.title == "Dam repairs begin after spring floods"
    assert document.outlet == "Basin Wire"
    assert document.url == "https://basinwire.example/news/dam-repairs"
    assert document.published == datetime(2026, 3, 4, 5, 15, tzinfo=UTC)
    lines = document.text.split("\n")
    for paragraph in HTML_PARAGRAPHS:
        assert paragraph in lines
    for furniture in ("Home", "World news", "Sport section", "tips@", "Privacy policy"):
        assert furniture not in document.text


def test_html_page_in_its_declared_legacy_encoding(tmp_path: Path) -> None:
    page = HTML_PAGE.replace(
        HTML_PARAGRAPHS[0], HTML_PARAGRAPHS[0] + " The café by the dam was closed."
    )
    assert '<meta charset="utf-8">' in page
    said = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    write(tmp_path, "articles/said.html", said.encode("latin-1"))
    # A page that says nothing, or says UTF-8 and is not, is refused rather than guessed at.
    unsaid = page.replace('<meta charset="utf-8">', "")
    write(tmp_path, "articles/unsaid.html", unsaid.encode("latin-1"))
    write(tmp_path, "articles/wrong.html", page.encode("latin-1"))
    documents, problems, _ = read(tmp_path)
    assert "The café by the dam was closed." in documents["articles/said.html"].text
    assert documents["articles/said.html"].title == "Dam repairs begin after spring floods"
    for name in ("unsaid", "wrong"):
        assert "not valid UTF-8" in problems[f"articles/{name}.html"]


def test_html_sidecar_overrides_page_metadata(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.htm", HTML_PAGE)
    write(tmp_path, "articles/dam.yml", "outlet: River Post\n")
    document = only_document(tmp_path)
    assert document.outlet == "River Post"
    assert document.title == "Dam repairs begin after spring floods"


@pytest.mark.parametrize(
    ("relative", "folder_outlet"),
    [
        ("articles/basin-wire/dam.txt", "Basin Wire"),
        ("articles/basin_wire/2026/dam.txt", "Basin Wire"),
        ("articles/ESTA/dam.txt", "ESTA"),
        ("articles/2026/dam.txt", None),
        ("articles/dam.txt", None),
    ],
)
def test_subfolder_names_the_outlet(
    tmp_path: Path, relative: str, folder_outlet: str | None
) -> None:
    write(tmp_path, relative, BODY)
    document = only_document(tmp_path)
    assert document.path == relative
    assert document.folder_outlet == folder_outlet


def test_documents_in_path_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "c.html"):
        write(tmp_path, f"articles/{name}", HTML_PAGE if name.endswith(".html") else BODY)
    _, problems, order = read(tmp_path)
    assert problems == {}
    assert order == ("articles/a/z.md", "articles/b.txt", "articles/c.html")


# --- broken inputs ---------------------------------------------------------------------------

BROKEN: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    (
        "bad-utf8.txt",
        b"The first line is fine.\nThe second has \xff\xfe in it.\n",
        ("line 2", "UTF-8"),
    ),
    (
        "bad-yaml.md",
        "---\ntitle: Fine\noutlet: Basin: Wire\n---\n" + BODY,
        ("line 3", "YAML"),
    ),
    ("unclosed.md", "---\ntitle: Fine\n" + BODY, ("never closed",)),
    ("empty.txt", b"", ("empty",)),
    ("blank.txt", " \n\t\n\n", ("whitespace",)),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary",)),
    ("big.txt", "x" * 300, ("300", "200")),
    ("not-a-date.md", "---\npublished: not-a-date\n---\n" + BODY, ("published", "not-a-date")),
    ("bad-month.md", "---\npublished: 2026-13-45\n---\n" + BODY, ("date",)),
    ("list.md", "---\n- one\n- two\n---\n" + BODY, ("mapping",)),
    ("nested.md", "---\ntitle:\n  main: Dam\n---\n" + BODY, ("title",)),
]


@pytest.mark.parametrize(("name", "content", "says"), BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_file_reported_and_others_read(
    tmp_path: Path, name: str, content: str | bytes, says: tuple[str, ...]
) -> None:
    write(tmp_path, "articles/good-a.txt", BODY)
    write(tmp_path, f"articles/{name}", content)
    write(tmp_path, "articles/zz/good-b.txt", BODY)
    documents, problems, _ = read(tmp_path, max_bytes=200 if name == "big.txt" else 100_000)
    assert set(documents) == {"articles/good-a.txt", "articles/zz/good-b.txt"}
    assert set(problems) == {f"articles/{name}"}
    message = problems[f"articles/{name}"]
    for words in says:
        assert words in message


def test_over_limit_message_names_size_and_limit(tmp_path: Path) -> None:
    write(tmp_path, "articles/big.txt", "x" * 300)
    _, problems, _ = read(tmp_path, max_bytes=100)
    assert "300" in problems["articles/big.txt"]
    assert "100" in problems["articles/big.txt"]


def test_sidecar_with_invalid_yaml_reported_for_its_article(tmp_path: Path) -> None:
    write(tmp_path, "articles/dam.txt", BODY)
    write(tmp_path, "articles/dam.yml", "title: Fine\noutlet: Basin: Wire\n")
    write(tmp_path, "articles/other.txt", BODY)
    documents, problems, _ = read(tmp_path)
    assert set(documents) == {"articles/other.txt"}
    message = problems["articles/dam.txt"]
    assert "dam.yml" in message
    assert "line 2" in message
    assert "YAML" in message


def test_all_problems_reported_together(tmp_path: Path) -> None:
    for name, content, _ in BROKEN:
        write(tmp_path, f"articles/{name}", content)
    write(tmp_path, "articles/good.txt", BODY)
    documents, problems, _ = read(tmp_path, max_bytes=200)
    assert set(documents) == {"articles/good.txt"}
    assert set(problems) == {f"articles/{name}" for name, _, _ in BROKEN}


def test_problem_path_is_relative_to_root(tmp_path: Path) -> None:
    write(tmp_path, "news/feeds/saved/empty.txt", b"")
    documents, problems = read_article_files((tmp_path / "news" / "feeds",), tmp_path, 1000)
    assert documents == ()
    assert problems == (Problem(path="news/feeds/saved/empty.txt", message="empty file"),)


def test_hidden_drafts_and_unknown_files_ignored(tmp_path: Path) -> None:
    write(tmp_path, "articles/story.txt", BODY)
    write(tmp_path, "articles/.git/HEAD.txt", BODY)
    write(tmp_path, "articles/.git/objects/ab/cdef", b"\x00\x01binary")
    write(tmp_path, "articles/.DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path, "articles/.hidden.md", BODY)
    write(tmp_path, "articles/_drafts/draft.txt", BODY)
    write(tmp_path, "articles/_drafts/broken.md", b"\xff")
    write(tmp_path, "articles/notes.docx", b"PK\x03\x04\x00")
    write(tmp_path, "articles/data.csv", "a,b\n1,2\n")
    write(tmp_path, "articles/orphan.yml", "title: [unclosed\n")
    documents, problems, _ = read(tmp_path)
    assert set(documents) == {"articles/story.txt"}
    assert problems == {}


def test_missing_folder_is_no_problem(tmp_path: Path) -> None:
    assert read_article_files((tmp_path / "nowhere",), tmp_path, 1000) == ((), ())
