"""Article files' Documents kept between builds: known by their bytes, not their times."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from digest import documents_cache
from digest.documents_cache import DOCUMENTS_FILE, cached_article_files
from digest.sources.files import read_article_files

BODY = "Farmers blocked the road to the dam on Sunday.\nThe governor promised to meet them.\n"
PAGE = (
    "<html><head><title>Dam road blocked</title></head><body><article><h1>Dam road blocked"
    "</h1><p>Farmers blocked the road to the dam on Sunday, the third day of protests "
    "against the reservoir plan.</p><p>The governor promised to meet them on Monday.</p>"
    "</article></body></html>"
)


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(tmp_path, "articles/wire/dam.md", f"---\ntitle: Dam road blocked\n---\n{BODY}")
    _write(tmp_path, "articles/wire/dam-2.txt", BODY)
    _write(tmp_path, "articles/wire/dam-2.yml", "title: Road to the dam\noutlet: Basin Wire\n")
    _write(tmp_path, "articles/page.html", PAGE)
    _write(tmp_path, "articles/broken.md", "---\ntitle: [unclosed\n---\n" + BODY)
    return tmp_path


def _read(root: Path) -> tuple[tuple, tuple]:
    return cached_article_files((root / "articles",), root, 100_000, root / ".digest")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the files parsed (not taken from the cache)."""
    seen: list[str] = []
    parse = documents_cache.parse_article_file

    def counting(file):  # type: ignore[no-untyped-def]
        seen.append(file.relative)
        return parse(file)

    monkeypatch.setattr(documents_cache, "parse_article_file", counting)
    return seen


def test_cached_reading_equals_reading_and_parses_only_what_changed(
    project: Path, parsed: list[str]
) -> None:
    uncached = read_article_files((project / "articles",), project, 100_000)
    assert _read(project) == uncached
    assert len(parsed) == 4  # the broken file too
    parsed.clear()
    assert _read(project) == uncached
    # The broken file is never stored: it is reported again at every build.
    assert parsed == ["articles/broken.md"]
    assert [problem.path for problem in uncached[1]] == ["articles/broken.md"]


def test_an_edit_of_the_same_size_and_time_is_seen(project: Path, parsed: list[str]) -> None:
    _read(project)
    path = project / "articles/wire/dam.md"
    before = path.stat()
    path.write_text(path.read_text().replace("Sunday", "Monday"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    parsed.clear()
    documents, _ = _read(project)
    assert parsed == ["articles/broken.md", "articles/wire/dam.md"]
    assert "on Monday." in next(d for d in documents if d.path == "articles/wire/dam.md").text


def test_a_sidecar_edit_is_seen(project: Path, parsed: list[str]) -> None:
    _read(project)
    _write(project, "articles/wire/dam-2.yml", "title: Road to the dam shut\noutlet: Basin Wire\n")
    parsed.clear()
    documents, _ = _read(project)
    assert "articles/wire/dam-2.txt" in parsed
    assert next(d for d in documents if d.path == "articles/wire/dam-2.txt").title == (
        "Road to the dam shut"
    )


def test_a_file_moved_to_another_outlet_folder_is_read_again(
    project: Path, parsed: list[str]
) -> None:
    _read(project)
    (project / "articles/river").mkdir()
    (project / "articles/wire/dam.md").rename(project / "articles/river/dam.md")
    parsed.clear()
    documents, _ = _read(project)
    moved = next(d for d in documents if d.path == "articles/river/dam.md")
    assert moved.folder_outlet == "River"
    with sqlite3.connect(project / ".digest" / DOCUMENTS_FILE) as connection:
        slots = {slot for (slot,) in connection.execute("SELECT slot FROM cache")}
    assert slots == {"articles/river/dam.md", "articles/wire/dam-2.txt", "articles/page.html"}


def test_a_damaged_store_is_a_miss(project: Path, parsed: list[str]) -> None:
    expected = _read(project)
    with sqlite3.connect(project / ".digest" / DOCUMENTS_FILE) as connection:
        connection.execute("UPDATE cache SET value = x'00'")
    parsed.clear()
    assert _read(project) == expected
    assert len(parsed) == 4


def test_files_are_listed_in_path_order_as_before(tmp_path: Path) -> None:
    """Each part sorts apart ("a/z" before "a-b/c": "/" sorts after "-" in one string);
    folders and files whose names start with "." or "_" are skipped; a link to a file is
    read, a link to a folder is not followed."""
    for name in ("a-b/c.md", "a/z.md", "a.md", "_drafts/d.md", "x/.hidden/e.md", "x/_f.md"):
        _write(tmp_path, f"articles/{name}", BODY)
    (tmp_path / "articles/link.md").symlink_to(tmp_path / "articles/a.md")
    (tmp_path / "articles/linked").symlink_to(tmp_path / "articles/a")
    documents, problems = read_article_files((tmp_path / "articles",), tmp_path, 100_000)
    assert problems == ()
    assert [d.path for d in documents] == [
        "articles/a/z.md",
        "articles/a-b/c.md",
        "articles/a.md",
        "articles/link.md",
    ]
    by_rglob = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in (tmp_path / "articles").rglob("*.md")
        if p.is_file()
        and not any(part.startswith((".", "_")) for part in p.relative_to(tmp_path).parts)
    )
    assert sorted(d.path for d in documents) == by_rglob
