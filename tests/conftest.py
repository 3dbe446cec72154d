"""Shared fixtures: real projects in tmp_path, the shared seeds and eval data when present."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings as hypothesis_settings

from digest.cli import cli
from digest.scaffold import create_project

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"

# In CI (CI set, as .ci/run and GitHub Actions do) the property tests try the same examples
# every run, so a red run means a change broke something; a developer's run looks for new
# failing cases, and remembers them in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


def shared_folder(name: str) -> Path:
    """A folder of ../shared, or skip the test with a message saying what is missing."""
    folder = SHARED / name
    if not folder.is_dir():
        pytest.skip(
            f"{folder} is absent: these tests need the project's shared data beside the repo"
        )
    return folder


@pytest.fixture
def seeds_dir() -> Path:
    return shared_folder("seeds")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A new project made by `digest init`, with the given article files copied or written.

    ``articles`` maps a path under articles/ to text (str) or to a file to copy (Path).
    ``settings`` replaces lines of the digest section (e.g. {"threshold: 0.18": "threshold: 0.5"}).
    """

    def make(
        articles: dict[str, str | bytes | Path] | None = None,
        name: str = "project",
        replace: dict[str, str] | None = None,
    ) -> Path:
        root = tmp_path / name
        create_project(root, "Test briefing")
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        for old, new in (replace or {}).items():
            assert old in text, f"{old!r} not in the scaffold's mkdocs.yml"
            text = text.replace(old, new)
        config.write_text(text, encoding="utf-8")
        for relative, content in (articles or {}).items():
            target = root / "articles" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the digest command line in-process: run("build", "-f", path)."""

    def invoke(*args: str | Path) -> Result:
        return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


def _generated_pages(folder: str, names: list[str]) -> set[str]:
    """The pages a build wrote (``generator: digest``) among ``names`` in ``folder``."""
    generated = set()
    for name in names:
        path = Path(folder) / name
        if path.is_file() and path.suffix == ".md":
            with path.open(encoding="utf-8") as page:
                if "generator: digest" in page.read(200).split("\n---", 1)[0]:
                    generated.add(name)
    return generated


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    """A copy of this repository's demo briefing (articles, the hand-written pages of
    content/, mkdocs.yml): what a fresh clone has, whether or not `make site` ran here."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copytree(REPOSITORY / "articles", root / "articles")
    shutil.copytree(REPOSITORY / "content", root / "content", ignore=_generated_pages)
    # Folders left empty by the pages skipped above are not part of a fresh clone either.
    for folder in sorted((root / "content").rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    shutil.copyfile(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="session")
def feed_server() -> Iterator[object]:
    """A real HTTP server on 127.0.0.1 (see tests/feed_server.py), for the whole session."""
    from feed_server import FeedServer

    server = FeedServer(SHARED / "feeds")
    yield server
    server.close()
