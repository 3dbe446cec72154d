"""No input can make a build write outside content/ and site/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

ARTICLE = (
    "KARVAN (Wire) — The old bridge over the Velda closed on Monday after engineers found cracks.\n"
)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_an_edited_page_cannot_steer_writes_outside(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project({"bridge.txt": ARTICLE})
    assert run("build", "--no-site", "-f", project / "mkdocs.yml").exit_code == 0
    (page,) = (project / "content" / "incidents").glob("*.md")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(f"id: {page.stem}", "id: ../../../escaped"), encoding="utf-8")
    before = _files(project.parent)
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    created = _files(project.parent) - before
    assert created, "the build wrote nothing"
    assert all(
        path.startswith(("project/content/", "project/site/", "project/.digest/"))
        for path in created
    ), created
    assert not any("escaped" in path for path in _files(project.parent))


def test_hostile_file_names_give_safe_ids(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    project = make_project(
        {
            "..%2F..%2Findex <script>.txt": ARTICLE,
            "sub dir/ÜBER (1).txt": ARTICLE.replace("bridge", "tunnel"),
        }
    )
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output
    for page in (project / "content" / "incidents").glob("*.md"):
        assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in page.stem)


def test_a_hostile_feed_cannot_steer_writes_outside_the_archive(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    """The archive's folder and file names come from the feed's title and the items'
    titles: path separators, dots and NUL in them must not reach the file system."""
    hostile = ["../../../escaped", "/etc/escaped", "..\\..\\escaped", "a\x00b/../../escaped"]
    items = "".join(
        f"<item><title>{title.replace(chr(0), '&#0;')}</title><guid>g{index}</guid>"
        f"<description>The bridge number {index} closed on Monday, officials said.</description></item>"
        for index, title in enumerate(hostile)
    )
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>../../../outside</title>"
        f"{items}</channel></rss>"
    )
    project = make_project()
    (project / "hostile.xml").write_text(feed, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "digest:\n", "digest:\n  feeds: [hostile.xml]\n", 1
        ),
        encoding="utf-8",
    )
    before = _files(project.parent)
    result = run("fetch", "-f", config)
    assert result.exit_code == 0, result.output
    created = _files(project.parent) - before
    written = [path for path in created if path.startswith("project/articles/")]
    assert len(written) == len(hostile)
    assert all(path.startswith(("project/articles/", "project/.digest/")) for path in created)
    for path in written:
        folder, name = path.removeprefix("project/articles/").split("/")
        assert re.fullmatch(r"[a-z0-9-]+", folder) and re.fullmatch(r"[a-z0-9-]+\.md", name)
    assert not any("escaped" in path for path in _files(project.parent) - set(written))
