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
import logging
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.config import Project, load_mkdocs_config
from digest.errors import BuildError
from digest.publish.commit import (
    SPARE_DOCS,
    SPARE_SITE,
    CommitPlan,
    atomic_write,
    commit,
    failpoint,
    new_stage,
    recover,
    stage_page_writes,
)
from digest.publish.pages import FrontMatterReader, Page, is_generated
from digest.publish.plan import ARCHIVE_DIR, GENERATED_DIRS, HOME_PAGE, INCIDENTS_DIR
from digest.publish.theme import REQUIRED_EXTENSIONS, Accessibility, FeedLinks
from digest.publish.tree import link, prune_empty_folders, remove, walk_files

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
    site_pages: int = 0
    """Pages of the site (none without a site)."""
    site_pages_rendered: int = 0
    """Of those, the pages MkDocs rendered; the rest were unchanged since the last site."""


@dataclass(frozen=True)
class _SiteBuild:
    site: Path | None
    """The new site in the staging folder; None when the published one is already it."""
    writes: tuple[tuple[str, str], ...]
    pages: int
    rendered: int
    keep_old: bool = False
    """Whether the published site is kept as the next build's staging folder."""


def publish(
    project: Project,
    pages: Sequence[Page],
    site_files: Mapping[str, str],
    build_site: bool,
    source_date_epoch: int,
    front_matters: FrontMatterReader | None = None,
) -> PublishResult:
    """Write ``pages`` into content/ and, if ``build_site``, build and swap in site/.

    ``site_files`` (``feed.xml``, ``incidents.json``) are written into the new site.
    ``front_matters`` reads the pages' front matter (a cache of it, see
    :mod:`digest.publish.frontmatter`).
    """
    docs_dir = project.docs_dir
    files = _content_files(docs_dir)
    current = _generated_pages(docs_dir, files, front_matters)
    kept = tuple(page.path for page in pages if page.path in files and page.path not in current)
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
        writes, unchanged = stage_page_writes(
            docs_dir, stage, [(page.path, page.text) for page in publishable]
        )
        built = _SiteBuild(None, (), 0, 0)
        if build_site:
            docs = _docs_files(docs_dir, files, current, publishable)
            staged = {target: source for source, target in writes}
            sources = {}
            for path in docs:
                target = os.path.join(docs_dir, path)
                source = staged.get(target)
                sources[path] = (target, files.get(path)) if source is None else (source, None)
            built = _build_site(project, docs, sources, stage, site_files, source_date_epoch)
        stale = sorted(current - {page.path for page in publishable})
        failpoint("staged")
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    commit(
        project.cache_dir,
        CommitPlan(
            stage=str(stage),
            writes=writes + built.writes,
            deletes=tuple(str(docs_dir / path) for path in stale),
            site_new=str(built.site) if built.site else None,
            site_target=str(project.site_dir) if built.site else None,
            site_old=str(project.cache_dir / SPARE_SITE) if built.keep_old else None,
        ),
        keep=((str(stage / "content"), str(project.cache_dir / SPARE_DOCS)),) if built.site else (),
    )
    if front_matters is not None:
        # Parsed now, while the pages are at hand, so that the next build finds them (a
        # first build writes every page).
        for _, target in writes:
            front_matters.read(Path(target))
    return PublishResult(
        written=len(writes),
        unchanged=unchanged,
        removed=len(stale),
        kept_hand_written=kept,
        site_pages=built.pages,
        site_pages_rendered=built.rendered,
    )


def _build_site(
    project: Project,
    docs: Mapping[str, bytes],
    sources: Mapping[str, tuple[str, int | None]],
    stage: Path,
    site_files: Mapping[str, str],
    epoch: int,
) -> _SiteBuild:
    """Build the site into the staging folder, redoing only what changed since the
    published one (see :mod:`digest.publish.incremental`), and stage the record of what
    it was built from."""
    from digest.publish import incremental, inline_cache

    overrides = _nav_settings(project, docs)
    stage_docs, stage_site = stage / "content", stage / "site"
    stage_docs.mkdir()  # MkDocs' settings check that it exists
    config = load_mkdocs_config(
        project.config_file, docs_dir=str(stage_docs), site_dir=str(stage_site), **overrides
    )
    root_feeds = "\n".join(sorted(path for path in site_files if "/" not in path))
    shared = incremental.shared_key(config, project.config_file, overrides, root_feeds, epoch)
    previous = incremental.read_state(project.cache_dir, project.site_dir)
    whole = incremental.whole_key(shared or "", docs, site_files, epoch)
    if shared is not None and previous is not None and previous.whole == whole:
        log.info("nothing changed since the published site: MkDocs not run")
        return _SiteBuild(None, (), sum(path.endswith(".md") for path in docs), 0)
    spare_docs = project.cache_dir / SPARE_DOCS
    if spare_docs.is_dir():
        stage_docs.rmdir()
        os.replace(spare_docs, stage_docs)
    _stage_docs(project.docs_dir, docs, sources, stage_docs)
    plugin = incremental.IncrementalBuild(
        shared or "",
        previous if shared else None,
        project.site_dir,
        site_files,
        docs,
        project.cache_dir,
    )
    plugin.spare = incremental.take_spare(project.cache_dir, plugin.reuse, stage)
    config.plugins["digest-incremental"] = plugin
    config.plugins["digest-accessibility"] = Accessibility()
    if project.site_url and site_files:
        config.plugins["digest-feed-links"] = FeedLinks(
            project.site_url, project.site_name, site_files
        )
    inline = inline_cache.for_config(config, project.cache_dir)
    _run_mkdocs(config, epoch, dirty=plugin.reuse is not None)
    if inline is not None:
        inline.save()
    incremental.link_reused(plugin, stage_site)
    incremental.place_extra_files(plugin, stage_site, site_files)
    incremental.prune_folders(plugin, stage_site)
    record = incremental.record_site(plugin, stage_site)
    # Recorded even when nothing can be reused next time, so that no older state can be
    # taken for this site's.
    state = incremental.SiteState(
        incremental.folder_identity(stage_site) or (0, 0),
        whole if shared else "",
        shared or "",
        plugin.keys,
        plugin.extra_keys,
        record.outputs,
        record.stats,
        # The published site, swapped out, becomes the next build's staging folder.
        incremental.folder_identity(project.site_dir) if record.spare_stale is not None else None,
        record.spare_stale or (),
    )
    staged_state = stage / incremental.STATE_FILE
    atomic_write(staged_state, incremental.state_text(state))
    return _SiteBuild(
        stage_site,
        ((str(staged_state), str(project.cache_dir / incremental.STATE_FILE)),),
        plugin.pages,
        plugin.rendered,
        state.spare is not None,
    )


def _stage_docs(
    docs_dir: Path,
    docs: Mapping[str, bytes],
    sources: Mapping[str, tuple[str, int | None]],
    stage_docs: Path,
) -> None:
    """The folder MkDocs reads: each file of ``docs`` as a hard link to its source (the
    file of content/, or the staged page that replaces it: so after the commit it is
    content/ file for file), a copy where linking fails.

    ``stage_docs`` may hold the last build's (kept as :data:`SPARE_DOCS`): a file of it
    that is its source already (the same inode, given in ``sources``) stays, every other
    is replaced or removed; so it needs no record to be trusted."""
    root = str(stage_docs)
    present = {path: entry.inode() for path, entry in walk_files(root)}
    if present and docs_dir.is_dir() and os.stat(root).st_dev != os.stat(docs_dir).st_dev:
        present = {path: None for path in present}  # inode numbers of another file system
    removed = [path for path in present if path not in docs]
    for path in removed:
        remove(os.path.join(root, path))
    prune_empty_folders(root, removed)
    folders: set[str] = set()
    for path in docs:
        source, inode = sources[path]
        target = os.path.join(root, path)
        if path in present:
            if inode is not None and present[path] == inode:
                continue
            remove(target)
        link(source, target, folders)


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _content_files(docs_dir: Path) -> dict[str, int]:
    """Every file of ``docs_dir`` (its path in it, sorted) → its inode; one walk serves
    :func:`_generated_pages`, :func:`_docs_files` and :func:`_stage_docs` (pathlib's
    rglob cost a second each at 10,000 articles)."""
    try:
        return dict(sorted((path, entry.inode()) for path, entry in walk_files(str(docs_dir))))
    except FileNotFoundError:  # no content/ yet
        return {}


def _generated_pages(
    docs_dir: Path, files: Iterable[str], reader: FrontMatterReader | None = None
) -> set[str]:
    return {
        path for path in files if path.endswith(".md") and is_generated(docs_dir / path, reader)
    }


def _docs_files(
    docs_dir: Path, files: Iterable[str], current: set[str], pages: Sequence[Page]
) -> dict[str, bytes]:
    """What MkDocs is to read: every file of content/ but the generated pages, which are
    replaced by the new ones."""
    found = {path: (docs_dir / path).read_bytes() for path in files if path not in current}
    for page in pages:
        found[page.path] = page.text.encode("utf-8")
    return found


def _nav_settings(project: Project, docs: Mapping[str, bytes]) -> dict[str, object]:
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
            path for path in docs if "/" not in path and path.endswith(".md") and path != HOME_PAGE
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


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale nav and links; digest's is made
    equal to a full build (the nav pages are always rebuilt), so the warning is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _run_mkdocs(config: Any, epoch: int, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    quiet = _NoDirtyWarning()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(quiet)
    with _source_date_epoch(epoch):
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            raise BuildError(f"MkDocs failed: {error}") from error
        finally:
            build_log.removeFilter(quiet)


def _build_mkdocs(project: Project, docs_dir: Path, site_dir: Path, epoch: int) -> None:
    """A full MkDocs build of ``docs_dir`` (benchmarks/site_scale.py times MkDocs alone)."""
    top_level = {path.name: b"" for path in docs_dir.glob("*.md")}
    config = load_mkdocs_config(
        project.config_file,
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        **_nav_settings(project, top_level),
    )
    _run_mkdocs(config, epoch, dirty=False)
