"""The publishing stage's modules form a layered graph: the site plan first, the renderers
on top of it, none importing another's internals in a circle."""

from __future__ import annotations

import ast
import posixpath
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

import digest.publish
from digest.publish.plan import link

PACKAGE = Path(digest.publish.__file__).parent


def _imports(path: Path) -> set[str]:
    """The digest.publish modules a module imports, at its top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digest.publish."):
            found.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.rsplit(".", 1)[1]
                for alias in node.names
                if alias.name.startswith("digest.publish.")
            }
    return found


def test_the_publish_modules_import_each_other_without_a_circle() -> None:
    graph = {path.stem: _imports(path) for path in PACKAGE.glob("*.py")}
    assert graph["plan"] <= {"taxonomy"}, "the plan is data: it renders nothing"
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, " → ".join([*visiting, module])
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


_PATH_PARTS = st.sampled_from(["index.md", "incidents", "a.md", "places", "", ".", ".."])


@given(st.lists(_PATH_PARTS, min_size=1, max_size=4), st.lists(_PATH_PARTS, min_size=1, max_size=4))
def test_a_link_between_pages_is_posixpath_relpath(source: list[str], target: list[str]) -> None:
    """The links pages make (computed without posixpath, tens of thousands a build) are the
    ones posixpath.relpath gives, whatever the paths."""
    from_path, to_path = "/".join(source), "/".join(target)
    assume(to_path)
    assert link(from_path, to_path) == posixpath.relpath(
        to_path, posixpath.dirname(from_path) or "."
    )
