"""No input can make a build write outside content/ and site/."""

from __future__ import annotations

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
