"""A build that reuses the published site publishes exactly what a build from nothing does.

Each step changes the demo's articles (additions, an edit, deletions), then builds the
project twice: where it was built before (the site state and caches of the last build in
.digest/, the previous site/), and in a copy with neither, whose MkDocs renders every page.
content/ and site/ (pages, search index, sitemap, feeds, incidents.json) must be equal
byte for byte, and the first build must really have rendered fewer pages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.config import load_project
from digest.pipeline import BuildReport, build
from digest.publish import pages

EDITED = "articles/meridian/halvik-floods-toll.txt"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(root: Path) -> BuildReport:
    return build(load_project(root / "mkdocs.yml"))


def _cold_copy(project: Path, target: Path) -> Path:
    """The project as it stands, without the caches, the site state and site/."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".digest", "site"))
    return target


def _assert_same_as_cold(project: Path, tmp_path: Path, step: str) -> BuildReport:
    cold = _cold_copy(project, tmp_path / f"cold-{step}")
    report = _build(project)
    cold_report = _build(cold)
    assert cold_report.site_pages_rendered == cold_report.site_pages, step
    _assert_same_trees(project, cold, step)
    return report


def _assert_same_trees(project: Path, cold: Path, step: str) -> None:
    for folder in ("content", "site"):
        ours, theirs = _tree(project / folder), _tree(cold / folder)
        assert sorted(ours) == sorted(theirs), (step, folder)
        differing = [path for path in ours if ours[path] != theirs[path]]
        assert not differing, (step, folder, differing[:5])


@pytest.fixture
def half_demo(demo_project: Path) -> tuple[Path, dict[str, bytes]]:
    """The demo with every other article held back (to be added later), its listings cut
    into pages of about two incidents (so that pages are split, joined and renamed)."""
    config = demo_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  home_limit: 20\n" in text
    config.write_text(text.replace("  home_limit: 20\n", "  home_limit: 20\n  listing_limit: 2\n"))
    held = {}
    articles = sorted(p for p in (demo_project / "articles").rglob("*") if p.is_file())
    for path in articles[1::2]:
        held[path.relative_to(demo_project).as_posix()] = path.read_bytes()
        path.unlink()
    return demo_project, held


def test_incremental_builds_equal_cold_builds(
    half_demo: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    project, held = half_demo
    first = _build(project)
    assert first.site_pages_rendered == first.site_pages > 0
    # Listings cut into pages (see half_demo): pages beside a place's or a month's own.
    assert list((project / "content" / "places").glob("*/*.md"))
    assert list((project / "content" / "archive").glob("*/*.md"))
    names = sorted(held)

    def add(some: list[str]) -> None:
        for name in some:
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_bytes(held[name])

    add(names[:3])
    report = _assert_same_as_cold(project, tmp_path, "added")
    assert 0 < report.site_pages_rendered < report.site_pages

    edited = project / EDITED
    if not edited.exists():
        add([EDITED])
        _assert_same_as_cold(project, tmp_path, "added-edited")
    text = edited.read_text(encoding="utf-8")
    assert "At least 12 people" in text
    # The same size and, given back, the same modification time: the edit is still seen
    # (article files are known by their bytes, see digest.documents_cache).
    before = edited.stat()
    edited.write_text(text.replace("At least 12 people", "At least 13 people"), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    # The site the last build replaced is this one's staging folder (updated, not rebuilt).
    spare = (project / ".digest" / "site-spare").stat().st_ino
    report = _assert_same_as_cold(project, tmp_path, "edited")
    assert any(b"At least 13 people" in data for data in _tree(project / "content").values())
    assert (project / "site").stat().st_ino == spare
    assert report.pages_written > 0
    assert 0 < report.site_pages_rendered < report.site_pages

    present = sorted(p for p in (project / "articles").rglob("*.txt") if p.as_posix() != EDITED)
    for path in present[:2]:
        path.unlink()
        path.with_suffix(".yml").unlink(missing_ok=True)
    report = _assert_same_as_cold(project, tmp_path, "deleted")
    assert 0 < report.site_pages_rendered < report.site_pages

    add(names[3:])
    _assert_same_as_cold(project, tmp_path, "rest-added")


def _assert_untouched(site: Path, before: dict[Path, os.stat_result]) -> None:
    after = {p: os.stat(p) for p in sorted(site.rglob("*"))}
    assert sorted(after) == sorted(before)
    # The very same files: MkDocs did not run and nothing was swapped in.
    assert all(
        (after[p].st_ino, after[p].st_mtime_ns) == (before[p].st_ino, before[p].st_mtime_ns)
        for p in before
    )


def test_nothing_changed_leaves_the_site_as_it_is(demo_project: Path) -> None:
    first = _build(demo_project)
    site = demo_project / "site"
    before = {p: os.stat(p) for p in sorted(site.rglob("*"))}
    report = _build(demo_project)
    assert report.site_pages_rendered == 0
    assert (report.articles, report.incidents) == (first.articles, first.incidents)
    _assert_untouched(site, before)
    # A new input that changes no page (an empty file, skipped with a warning): the
    # articles are read again, the site is left as it is.
    (demo_project / "articles" / "empty.txt").write_text("\n", encoding="utf-8")
    report = _build(demo_project)
    assert [problem.path for problem in report.problems] == ["articles/empty.txt"]
    assert report.site_pages_rendered == 0
    _assert_untouched(site, before)
    # The skipped input is reported again by a build that has nothing to do.
    assert _build(demo_project).problems == report.problems


def test_a_site_not_built_by_the_last_build_is_rebuilt_whole(demo_project: Path) -> None:
    _build(demo_project)
    shutil.rmtree(demo_project / "site")
    report = _build(demo_project)
    assert report.site_pages_rendered == report.site_pages
    # A damaged state is a full build, not a failure.
    (demo_project / ".digest" / "site-state.json").write_text("{", encoding="utf-8")
    (demo_project / "articles" / "extra.txt").write_text(
        "KARVAN (Basin Wire) — Engineers reopened the Old Mill bridge on Sunday.\n",
        encoding="utf-8",
    )
    report = _build(demo_project)
    assert report.site_pages_rendered == report.site_pages


def test_a_change_of_settings_rebuilds_every_page(
    demo_project: Path, run: Callable[..., object]
) -> None:
    _build(demo_project)
    config = demo_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_name: Velda Basin Briefing", "site_name: Velda Briefing"
        ),
        encoding="utf-8",
    )
    report = _build(demo_project)
    assert report.site_pages_rendered == report.site_pages


def test_an_incident_page_is_rendered_again_only_when_its_inputs_changed(
    demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _build(demo_project)
    rendered: list[str] = []
    render = pages._incident_page

    def counted(plan: object, brief: pages.Brief, environment: object) -> pages.Page:
        rendered.append(pages.incident_path(brief.incident_id))
        return render(plan, brief, environment)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "_incident_page", counted)
    # A generated page edited by hand: a cold build writes it anew, so must this one.
    edited = sorted((demo_project / "content" / "incidents").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    (demo_project / "articles" / "extra.txt").write_text(
        "KARVAN (Basin Wire) — Engineers reopened the Old Mill bridge on Sunday.\n",
        encoding="utf-8",
    )
    report = _build(demo_project)
    assert edited.relative_to(demo_project / "content").as_posix() in rendered
    assert 0 < len(rendered) < min(first.incidents, report.incidents)
    cold = _cold_copy(demo_project, tmp_path / "cold")
    _build(cold)
    _assert_same_trees(demo_project, cold, "memo")


def _restore(site: Path, tmp_path: Path, name: str) -> None:
    """site/ as CI's cache gives it back: the same files in another folder."""
    copy = tmp_path / name
    shutil.copytree(site, copy)
    shutil.rmtree(site)
    copy.rename(site)


def test_a_restored_copy_of_the_site_is_reused_if_its_files_are_the_recorded_ones(
    half_demo: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    project, held = half_demo
    _build(project)
    site = project / "site"
    _restore(site, tmp_path, "restored")
    name = sorted(held)[0]
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(held[name])
    report = _assert_same_as_cold(project, tmp_path, "restored")
    assert 0 < report.site_pages_rendered < report.site_pages
    # A copy whose files differ from the record (one byte of one page) is not that site.
    _restore(site, tmp_path, "tampered")
    page = sorted(site.rglob("index.html"))[-1]
    page.write_bytes(page.read_bytes().replace(b"</body>", b" </body>"))
    name = sorted(held)[1]
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(held[name])
    report = _assert_same_as_cold(project, tmp_path, "tampered")
    assert report.site_pages_rendered == report.site_pages


def test_feeds_and_mails_are_rendered_again_only_when_their_inputs_changed(
    demo_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.publish import feeds, mail

    _build(demo_project)
    site = demo_project / "site"
    feed_files = [*sorted(site.glob("feeds/**/feed.json")), site / "feed.json"]
    mails = sorted(site.glob("weeks/*.email.txt"))
    assert len(feed_files) > 2 and len(mails) > 1
    rendered: list[str] = []
    render_json, context = feeds._json_feed, mail._context

    def counted_feed(data: dict[str, object]) -> str:
        rendered.append(str(data["feed_url"]))
        return render_json(data)  # type: ignore[arg-type]

    def counted_mail(plan: object, key: str, *rest: object) -> dict[str, object]:
        rendered.append(key)
        return context(plan, key, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds, "_json_feed", counted_feed)
    monkeypatch.setattr(mail, "_context", counted_mail)
    (demo_project / "articles" / "extra.txt").write_text(
        "KARVAN (Basin Wire) — Engineers reopened the Old Mill bridge on Sunday.\n",
        encoding="utf-8",
    )
    _build(demo_project)
    fed = [url for url in rendered if url.endswith("feed.xml")]
    assert 0 < len(fed) < len(feed_files), fed
    assert len(rendered) - len(fed) < 2 * len(mails)
    cold = _cold_copy(demo_project, tmp_path / "cold")
    _build(cold)
    _assert_same_trees(demo_project, cold, "feeds")


def test_a_hand_edit_that_keeps_size_and_modification_time_is_built(demo_project: Path) -> None:
    """An edit of a page in content/ that leaves its size and modification time as they
    were (an editor's "keep timestamps", a restore) is not taken for "nothing changed"."""
    _build(demo_project)
    about = demo_project / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    assert "briefing" in text
    before = about.stat()
    about.write_text(text.replace("briefing", "BRIEFING", 1), encoding="utf-8")
    os.utime(about, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert about.stat().st_size == before.st_size
    _build(demo_project)
    page = (demo_project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "BRIEFING" in page
