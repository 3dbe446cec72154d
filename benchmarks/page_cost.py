"""What MkDocs spends on one page, by folder of content/: Markdown per KB, theme per page.

    python benchmarks/page_cost.py PROJECT [--pages 15]

PROJECT is a project digest has built (``benchmarks/listing_churn.py --articles 3000 --keep
DIR`` leaves one). For each folder of its content/, the ``--pages`` largest pages are read
and converted to HTML (MkDocs' ``_populate_page``: Python-Markdown and its extensions) and
then rendered into the theme (``_build_page``: Material's templates, the nav), timed with
``time.process_time`` in this process, into a temporary site folder. What a +1 % build costs
in MkDocs follows: the theme part per page it renders, the Markdown part per KB of them.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import collections
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from digest.config import load_mkdocs_config, load_project
from digest.publish.site import _nav_settings


def _setup(root: Path, site_dir: str) -> tuple[Any, Any, Any, Any]:
    project = load_project(root / "mkdocs.yml")
    top_level = {path.name: b"" for path in project.docs_dir.glob("*.md")}
    config = load_mkdocs_config(
        project.config_file,
        docs_dir=str(project.docs_dir),
        site_dir=site_dir,
        **_nav_settings(project, top_level),
    )
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    return config, files, nav, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--pages", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as site_dir:
        config, files, nav, env = _setup(args.project, site_dir)
        by_folder = collections.defaultdict(list)
        for file in files.documentation_pages():
            by_folder[file.src_uri.split("/")[0] if "/" in file.src_uri else "(top)"].append(file)
        # One page first, uncounted: the theme's templates are compiled on first use.
        warm = files.documentation_pages()[0]
        mkdocs_build._populate_page(warm.page, config, files)
        mkdocs_build._build_page(warm.page, config, files, nav, env)
        print(f"{'folder':12}{'pages':>6}{'KB':>8}{'Markdown ms/KB':>16}{'theme ms/page':>15}")
        for folder, found in sorted(by_folder.items()):
            largest = sorted(found, key=lambda f: -os.path.getsize(f.abs_src_path))[: args.pages]
            kb = sum(os.path.getsize(f.abs_src_path) for f in largest) / 1000
            started = time.process_time()
            for file in largest:
                mkdocs_build._populate_page(file.page, config, files)
            converted = time.process_time()
            for file in largest:
                mkdocs_build._build_page(file.page, config, files, nav, env)
            done = time.process_time()
            markdown = 1000 * (converted - started) / max(kb, 1)
            theme = 1000 * (done - converted) / len(largest)
            print(f"{folder:12}{len(largest):>6}{kb:>8.0f}{markdown:>16.2f}{theme:>15.1f}")


if __name__ == "__main__":
    main()
