"""A build killed with SIGKILL at any point loses nothing, and the next build succeeds.

The kill points are fail points in digest.publish.commit (``DIGEST_FAILPOINT``): the process
dies there exactly as under ``kill -9``. Before the commit journal is written, content/ and
site/ must be the previous build's, byte for byte; after it, the next run must complete the
publish and give exactly what an uninterrupted build gives.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.errors import BuildError
from digest.publish.commit import build_lock

FIRST = {
    "wire/bridge.txt": "KARVAN (Basin Wire) — Engineers closed the Old Mill bridge over the Velda River on Monday after finding deep cracks in two of its stone piers, the roads department said.\n",
    "wire/fire.txt": "DELTAPORT (Basin Wire) — A fire at a grain warehouse in the port of Deltaport burned through the night, firefighters said on Tuesday.\n",
}
ADDED = "NORTHGATE (Meridian) — Drivers queued for hours at the Northgate crossing on Friday after customs officers walked out over unpaid overtime.\n"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _state(project: Path) -> dict[str, dict[str, bytes]]:
    return {name: _tree(project / name) for name in ("content", "site", "articles")}


def _build(project: Path, failpoint: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {key: value for key, value in os.environ.items() if key != "DIGEST_FAILPOINT"}
    if failpoint:
        env["DIGEST_FAILPOINT"] = failpoint
    return subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "-f", str(project / "mkdocs.yml")],
        env=env,
        capture_output=True,
    )


@pytest.fixture
def projects(make_project: Callable[..., Path]) -> tuple[Path, dict, dict]:
    """A built project, and the states before and after adding one article and removing one."""
    project = make_project(FIRST, name="crashing")
    assert _build(project).returncode == 0
    before = _state(project)
    reference = make_project(FIRST, name="reference")
    assert _build(reference).returncode == 0
    _change(reference)
    assert _build(reference).returncode == 0
    return project, before, _state(reference)


def _change(project: Path) -> None:
    (project / "articles" / "meridian").mkdir()
    (project / "articles" / "meridian" / "queue.txt").write_text(ADDED, encoding="utf-8")
    (project / "articles" / "wire" / "fire.txt").unlink()


@pytest.mark.parametrize("point", ["staged"])
def test_killed_before_the_commit_point_leaves_the_previous_build(
    projects: tuple[Path, dict, dict], point: str
) -> None:
    project, before, after = projects
    _change(project)
    changed_articles = _tree(project / "articles")
    result = _build(project, failpoint=point)
    assert result.returncode == -signal.SIGKILL
    state = _state(project)
    assert state["content"] == before["content"]
    assert state["site"] == before["site"]
    assert state["articles"] == changed_articles
    assert _build(project).returncode == 0
    assert _state(project) == after


@pytest.mark.parametrize("point", ["journal-written", "first-page-moved", "old-site-moved"])
def test_killed_after_the_commit_point_is_completed_by_the_next_run(
    projects: tuple[Path, dict, dict], point: str
) -> None:
    project, _, after = projects
    _change(project)
    result = _build(project, failpoint=point)
    assert result.returncode == -signal.SIGKILL
    assert (project / ".digest" / "commit.json").is_file()
    rerun = _build(project)
    assert rerun.returncode == 0, rerun.stderr
    assert _state(project) == after
    assert not (project / ".digest" / "commit.json").exists()
    assert not list((project / ".digest").glob("build-*"))


@pytest.mark.parametrize("moment", ["spare-emptied", "staged"])
def test_killed_while_building_in_the_spare_site_leaves_the_previous_build(
    make_project: Callable[..., Path], tmp_path: Path, moment: str
) -> None:
    """The site a build replaced is kept as the next build's staging folder, its files
    hard links to the published ones: a build killed while emptying it (it unlinks the
    files it will write) or once MkDocs has written into it changes nothing published
    (no file written in place through a shared link), and the next build, which cannot
    trust it any more, publishes what a build from nothing does."""
    project = make_project(FIRST, name="spare")
    # A hand-written page out of the nav: the second build does not render it, so its
    # file in the spare is the published one (one inode); the third renders it again.
    notes = project / "content" / "notes" / "page.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# Notes\n\nFirst.\n", encoding="utf-8")
    assert _build(project).returncode == 0
    (project / "articles" / "wire" / "fire.txt").unlink()
    assert _build(project).returncode == 0
    spare = project / ".digest" / "site-spare"
    assert spare.is_dir()  # the first build's site, kept
    notes.write_text("# Notes\n\nSecond.\n", encoding="utf-8")
    before = _state(project)
    (project / "articles" / "meridian").mkdir()
    (project / "articles" / "meridian" / "queue.txt").write_text(ADDED, encoding="utf-8")
    # "spare-emptied" fires only in a build that took the spare as its staging folder.
    result = _build(project, failpoint=moment)
    assert result.returncode == -signal.SIGKILL
    state = _state(project)
    assert (state["content"], state["site"]) == (before["content"], before["site"])
    cold = tmp_path / "cold"
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(".digest", "site"))
    rerun = _build(project)
    assert rerun.returncode == 0, rerun.stderr
    assert not list((project / ".digest").glob("build-*"))
    assert _build(cold).returncode == 0
    assert _state(project) == _state(cold)


def test_killed_at_any_moment_loses_nothing(
    projects: tuple[Path, dict, dict], tmp_path: Path
) -> None:
    """A real SIGKILL from outside at moments spread over a build (reading, the article
    cache, clustering, MkDocs, the commit), not only at the fail points: whatever it
    interrupts, content/ and site/ are the previous build's or the journal finishes them,
    the archive is untouched, and the next build gives what an uninterrupted one gives."""
    project, before, after = projects
    timing = tmp_path / "timing"
    shutil.copytree(project, timing)
    _change(timing)
    started = time.monotonic()
    assert _build(timing).returncode == 0
    duration = time.monotonic() - started
    killed = 0
    # Two moments: in the reading and clustering, and in MkDocs or the commit (each one
    # costs two builds; the fail-point tests above cover the commit's steps exactly).
    for fraction in (0.4, 0.85):
        copy = tmp_path / f"killed-{fraction}"
        shutil.copytree(project, copy)
        _change(copy)
        articles = _tree(copy / "articles")
        process = subprocess.Popen(
            [sys.executable, "-m", "digest", "build", "-q", "-f", str(copy / "mkdocs.yml")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        returncode = process.wait()
        state = _state(copy)
        assert state["articles"] == articles
        if returncode == -signal.SIGKILL:
            killed += 1
            if not (copy / ".digest" / "commit.json").exists():
                # No commit under way: the previous build's pages and site, or (killed
                # after its publish, while it finished up) the new build's; never a mix.
                published = (state["content"], state["site"])
                assert published in (
                    (before["content"], before["site"]),
                    (after["content"], after["site"]),
                ), fraction
        rerun = _build(copy)
        assert rerun.returncode == 0, rerun.stderr
        assert _state(copy) == after, fraction
    print(f"build takes {duration:.1f} s here; {killed} of 2 builds killed while running")
    # A kill must have landed while a build ran, or this tested nothing.
    assert killed >= 1


def test_a_second_build_at_the_same_time_is_refused(make_project: Callable[..., Path]) -> None:
    project = make_project(FIRST, name="locked")
    cache = project / ".digest"
    cache.mkdir()
    with open(cache / "build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = _build(project)
        assert result.returncode == 1
        assert b"another digest build" in result.stderr
        with pytest.raises(BuildError), build_lock(cache):
            pass
    # Refused before reading anything: no cache written, no page, no site.
    assert sorted(path.name for path in cache.iterdir()) == ["build.lock"]
    assert not (project / "content" / "incidents").exists()
    assert not (project / "site").exists()
    assert _build(project).returncode == 0
    shutil.rmtree(project / "site")
