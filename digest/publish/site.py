"""Stage 5d: MkDocs renders the pages, and the result replaces the old site in one step.

Everything is built in a staging folder under ``.digest/``: a copy of ``content/`` with the
new generated pages, and the MkDocs site built from it with the feeds beside it. Only when
all of that succeeded are the generated pages of ``content/`` updated and the new site
swapped in for the old one, through the journal of :mod:`digest.publish.commit`: a build
that fails or is killed leaves the previous ``content/`` and ``site/`` (or, once it has
committed, the next run completes it).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.config import Project, load_mkdocs_config
from digest.errors import BuildError
from digest.publish.commit import (
    CommitPlan,
    commit,
    failpoint,
    new_stage,
    recover,
    stage_page_writes,
)
from digest.publish.pages import Page, is_generated
from digest.publish.plan import ARCHIVE_DIR, GENERATED_DIRS, HOME_PAGE, INCIDENTS_DIR
from digest.publish.theme import REQUIRED_EXTENSIONS, Accessibility, FeedLinks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishResult:
    written: int
    """Generated pages created or changed in content/."""
    unchanged: int
    removed: int
    """Generated pages of incidents that no longer exist."""
    kept_hand_written: tuple[str, ...]
    """Paths where a hand-written page stood in the way of a generated one."""


@contextlib.contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Refuse a second build of the same project while one runs."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildError(
                f"another digest build of {cache_dir.parent} is running; try again when it ends"
            ) from error
        yield


def publish(
    project: Project,
    pages: Sequence[Page],
    site_files: Mapping[str, str],
    build_site: bool,
    source_date_epoch: int,
) -> PublishResult:
    """Write ``pages`` into content/ and, if ``build_site``, build and swap in site/.

    ``site_files`` (``feed.xml``, ``incidents.json``) are written into the new site.
    """
    docs_dir = project.docs_dir
    current = _generated_pages(docs_dir)
    kept = tuple(
        page.path for page in pages if (docs_dir / page.path).exists() and page.path not in current
    )
    for path in kept:
        log.warning(
            "%s: hand-written page (no 'generator: digest' in its front matter) not "
            "overwritten; move it to publish the generated one",
            _shown(project, docs_dir / path),
        )
    publishable = [page for page in pages if page.path not in kept]
    recover(project.cache_dir)
    stage = new_stage(project.cache_dir)
    try:
        stage_site = stage / "site"
        if build_site:
            stage_docs = stage / "content"
            _stage_content(docs_dir, current, publishable, stage_docs)
            _build_mkdocs(project, stage_docs, stage_site, source_date_epoch, site_files)
            for name, text in sorted(site_files.items()):
                (stage_site / name).parent.mkdir(parents=True, exist_ok=True)
                (stage_site / name).write_text(text, encoding="utf-8")
        writes, unchanged = stage_page_writes(
            docs_dir, stage, [(page.path, page.text) for page in publishable]
        )
        stale = sorted(current - {page.path for page in publishable})
        failpoint("staged")
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    commit(
        project.cache_dir,
        CommitPlan(
            stage=str(stage),
            writes=writes,
            deletes=tuple(str(docs_dir / path) for path in stale),
            site_new=str(stage_site) if build_site else None,
            site_target=str(project.site_dir) if build_site else None,
        ),
    )
    return PublishResult(
        written=len(writes), unchanged=unchanged, removed=len(stale), kept_hand_written=kept
    )


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _generated_pages(docs_dir: Path) -> set[str]:
    if not docs_dir.is_dir():
        return set()
    return {
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if path.is_file() and is_generated(path)
    }


def _stage_content(
    docs_dir: Path, current: set[str], pages: Sequence[Page], stage_docs: Path
) -> None:
    stage_docs.mkdir(parents=True)
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            relative = path.relative_to(docs_dir).as_posix()
            if path.is_file() and relative not in current:
                target = stage_docs / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    for page in pages:
        target = stage_docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")


def _nav_settings(project: Project, stage_docs: Path) -> dict[str, object]:
    """Keep incidents out of the nav: every nav entry is rendered into every page, which
    makes MkDocs quadratic in the number of incidents."""
    mkdocs_config = load_mkdocs_config(project.config_file)
    overrides: dict[str, object] = {}
    generated = "".join(f"/{folder}/\n" for folder in (INCIDENTS_DIR, ARCHIVE_DIR, *GENERATED_DIRS))
    overrides["not_in_nav"] = generated + (mkdocs_config["not_in_nav"] or "")
    # The generated pages need these; adding them is harmless where they are already on.
    extensions = list(mkdocs_config["markdown_extensions"])
    missing = [name for name in REQUIRED_EXTENSIONS if name not in extensions]
    if missing:
        configs = mkdocs_config["mdx_configs"]
        overrides["markdown_extensions"] = [
            {name: configs[name]} if name in configs else name for name in extensions
        ] + missing
    if mkdocs_config["nav"] is None:
        hand_written = sorted(
            path.name for path in stage_docs.glob("*.md") if path.name != HOME_PAGE
        )
        overrides["nav"] = [
            {"Latest": HOME_PAGE},
            *hand_written,
            {"Archive": f"{ARCHIVE_DIR}/index.md"},
        ]
    return overrides


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """MkDocs stamps the sitemap with the build date unless SOURCE_DATE_EPOCH is set
    (reproducible-builds.org); a user's own setting wins."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _build_mkdocs(
    project: Project,
    stage_docs: Path,
    stage_site: Path,
    epoch: int,
    site_files: Mapping[str, str] | None = None,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = load_mkdocs_config(
        project.config_file,
        docs_dir=str(stage_docs),
        site_dir=str(stage_site),
        **_nav_settings(project, stage_docs),
    )
    config.plugins["digest-accessibility"] = Accessibility()
    if project.site_url and site_files:
        config.plugins["digest-feed-links"] = FeedLinks(
            project.site_url, project.site_name, site_files
        )
    with _source_date_epoch(epoch):
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            raise BuildError(f"MkDocs failed: {error}") from error
