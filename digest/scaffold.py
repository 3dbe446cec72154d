"""``digest init``: the files of a new, empty briefing project.

The files are templates shipped in the package (``digest/data/scaffold/``), so a user who
installed the wheel gets the same weekly workflow as a clone of the repository. ``@KEY@``
markers are filled in; nothing else in them is touched (the workflow's ``${{ }}``
expressions are GitHub's).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from digest import DISTRIBUTION, __version__

WORKFLOW = Path(".github/workflows/weekly-digest.yml")
"""Where ``digest init`` writes the weekly workflow, relative to the project."""

_FILES = {
    "mkdocs.yml": Path("mkdocs.yml"),
    "about.md": Path("content/about.md"),
    "weekly-digest.yml": WORKFLOW,
    "README.md": Path("README.md"),
    "gitignore": Path(".gitignore"),
    "gitkeep": Path("articles/.gitkeep"),
}
"""Template name in digest/data/scaffold → where it goes in the project."""

_MARKER = re.compile(r"@([A-Z]+)@")


def package_spec() -> str:
    """What ``pip install`` needs to get this very digest: the name pinned to its version."""
    return f"{DISTRIBUTION}=={__version__}"


def render(template: str, name: str) -> str:
    """The text of scaffold template ``template`` for a project called ``name``."""
    text = resources.files("digest").joinpath("data", "scaffold", template).read_text("utf-8")
    values = {
        "NAME": name,
        # Quoted for YAML: a name like "Harbour: watch" must stay one string.
        "YAMLNAME": yaml.safe_dump(name, default_style='"').strip(),
        "PACKAGE": package_spec(),
        "DISTRIBUTION": DISTRIBUTION,
    }
    return _MARKER.sub(lambda match: values[match[1]], text)


def create_project(directory: Path, name: str) -> list[Path]:
    """Write the project files; raise FileExistsError rather than overwrite any.

    An existing mkdocs.yml means an existing project: nothing is written. Any other file
    already there (a README, a .gitignore) is kept as it is.
    """
    config = directory / "mkdocs.yml"
    if config.exists():
        raise FileExistsError(f"{config} already exists: not overwriting an existing project")
    created = []
    for template, relative in _FILES.items():
        path = directory / relative
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(template, name), encoding="utf-8")
        created.append(path)
    return created
