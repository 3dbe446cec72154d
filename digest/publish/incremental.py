"""Stage 5d, made incremental: MkDocs redoes only the pages whose inputs changed.

A page's HTML depends on its own Markdown, on what every page shares (mkdocs.yml, the
theme, the nav, digest's own plugin code) and on little else: incident, archive and topic
pages are kept out of the nav, so adding one changes no other page's HTML, only the
listings whose Markdown names it, the sitemap and the search index. So each build records,
beside the published site, a key per MkDocs file (its bytes, the feeds its page links to
in its head, whether each page it links to exists) and one for the shared part:

- nothing changed at all (every page, every site file, the shared part) → MkDocs does not
  run and ``site/`` is left as it is;
- the shared part unchanged → MkDocs renders only the pages whose key changed (and the nav
  pages, which every page's nav shows) into a fresh staging site; every other output is
  hard-linked from the published site, and the search index is merged: a rendered page's
  entries are new, every other page's are the published index's own;
- otherwise, or when anything about the published site is unknown, a full build.

The published site is known when it is the very folder the last build swapped in, or when
each of its files has the bytes that build recorded (a site restored from CI's cache: a file
with the recorded size and modification time is taken to have them, as rsync and make do;
any other is read and hashed).

The site a build replaces is not deleted (that cost more than all the rest of the publish's
file work: a folder per page): it is kept as ``.digest/site-spare``, and the next build that
reuses the published site builds in it. Its files are the published site's own (hard links
to the same inodes) except where the last build wrote a file or dropped one, which the state
lists; so bringing it up to date is a link per file the last build wrote. Every file MkDocs
or digest is about to write is unlinked from it first: they would otherwise write through a
shared inode into the published site. A build that stops while using it has moved it into
its staging folder, which is removed: the next build finds no spare and stages afresh.

The published result is byte-identical to a full build's (tests/test_incremental.py
compares the two trees after a sequence of additions, edits and deletions). Plugins other
than search may write files no key describes, so a project using any gets full builds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from digest.publish.commit import SPARE_SITE, failpoint
from digest.publish.tree import link, prune_empty_folders, remove, walk_files

log = logging.getLogger(__name__)

STATE_FILE = "site-state.json"
JINJA_CACHE = "theme-templates"
INCREMENTAL_PLUGINS = frozenset({"search", "material/search"})
"""Plugins whose whole output is per page plus the search index, which is merged here."""
# Each with a literal to look for first: one pattern of both kinds scans text 5x slower.
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_HTML_LINKS = tuple(re.compile(rf"""{name}\s*=\s*["']([^"']+)""") for name in ("href", "src"))
_DATE_VARIABLES = re.compile(rb"\b(?:update_date|build_date_utc)\b")


@dataclass(frozen=True)
class SiteState:
    """What the published site was built from."""

    site: tuple[int, int]
    """(device, inode) of the site folder the last build swapped in; another folder there
    (a copy, CI's restored cache) is checked against :attr:`outputs` file by file."""
    whole: str
    """Everything the site was built from, in one key."""
    shared: str
    """What every page depends on."""
    files: Mapping[str, str] = field(default_factory=dict)
    """MkDocs file (src_uri) → the key of its inputs."""
    extra: Mapping[str, str] = field(default_factory=dict)
    """A file digest adds to the site (a feed, ``incidents.json``) → the key of its text."""
    outputs: Mapping[str, str] = field(default_factory=dict)
    """Every file of the site (its path in it) → the SHA-1 of its bytes: a site restored
    elsewhere (CI's cache) is this one if its files are these."""
    stats: Mapping[str, str] = field(default_factory=dict)
    """Every file of the site → its size and modification time (ns): a restored file that
    still has them is not read again."""
    spare: tuple[int, int] | None = None
    """(device, inode) of the site this one replaced, kept as :data:`SPARE_SITE`; None when
    that site was not known file by file (then it is deleted)."""
    spare_stale: tuple[str, ...] = ()
    """Where the spare is not this site: the files this build wrote and those of the spare
    this site does not have. Every other file of the spare is this site's (the same inode)."""


def folder_identity(folder: Path) -> tuple[int, int] | None:
    try:
        stat = folder.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def read_state(cache_dir: Path, site_dir: Path) -> SiteState | None:
    """The state of the published site, or None when it is unknown or not that site."""
    try:
        data = json.loads((cache_dir / STATE_FILE).read_text(encoding="utf-8"))
        state = SiteState(
            site=(int(data["site"][0]), int(data["site"][1])),
            whole=str(data["whole"]),
            shared=str(data["shared"]),
            files={str(k): str(v) for k, v in data["files"].items()},
            extra={str(k): str(v) for k, v in data.get("extra", {}).items()},
            outputs={str(k): str(v) for k, v in data.get("outputs", {}).items()},
            stats={str(k): str(v) for k, v in data.get("stats", {}).items()},
            spare=(int(data["spare"][0]), int(data["spare"][1])) if data.get("spare") else None,
            spare_stale=tuple(str(path) for path in data.get("spare_stale", ())),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    if not state.shared:
        return None
    if folder_identity(site_dir) == state.site:
        return state  # the very folder the last build swapped in
    return state if state.outputs and _is_recorded(site_dir, state) else None


def _is_recorded(site: Path, state: SiteState) -> bool:
    """Whether ``site`` holds exactly the files ``state`` recorded, with their bytes."""
    found = 0
    try:
        for relative, entry in walk_files(str(site)):
            recorded = state.outputs.get(relative)
            if recorded is None:
                return False
            found += 1
            if state.stats.get(relative) != _stat_key(entry) and _file_hash(entry.path) != recorded:
                return False
    except OSError:  # no site/, or a file gone while read
        return False
    return found == len(state.outputs)


def _stat_key(entry: os.DirEntry[str]) -> str:
    stat = entry.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _file_hash(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha1(handle.read()).hexdigest()


def state_text(state: SiteState) -> str:
    return json.dumps(asdict(state), sort_keys=True, separators=(",", ":"))


def _hash(*parts: str | bytes) -> str:
    hashed = hashlib.sha1()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def _theme_templates(theme_dirs: Iterable[str]) -> tuple[str, bool]:
    """A key of the theme's templates (every page is rendered with them), and whether
    any of them shows the build date (then every page depends on it)."""
    hashed = hashlib.sha1()
    dated = False
    for folder in theme_dirs:
        root = Path(folder)
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(".") or "/." in relative:
                continue
            data = path.read_bytes()
            dated = dated or bool(_DATE_VARIABLES.search(data))
            hashed.update(relative.encode() + b"\0" + _hash(data).encode())
    return hashed.hexdigest(), dated


def shared_key(
    config: Any, config_file: Path, overrides: Mapping[str, object], root_feeds: str, epoch: int
) -> str | None:
    """The key of what every page depends on, or None when this project cannot be built
    incrementally (a plugin other than search)."""
    if not set(config.plugins) <= INCREMENTAL_PLUGINS:
        return None
    from digest.unchanged import environment_key

    templates, dated = _theme_templates(config.theme.dirs)
    return _hash(
        # The installed packages (MkDocs, the theme, Markdown extensions...) and digest's
        # own code: already computed by the build's check for a build with nothing to do.
        environment_key(),
        config_file.read_bytes(),
        repr(sorted(overrides.items())),
        templates,
        root_feeds,
        str(epoch) if dated else "",
        os.environ.get("SOURCE_DATE_EPOCH", "") if dated else "",
    )


def whole_key(
    shared: str, docs: Mapping[str, bytes], site_files: Mapping[str, str], epoch: int
) -> str:
    """The key of everything a site is built from: the shared part, every file of the
    docs folder and every file digest adds to the site, and the date the sitemap shows."""
    parts: list[str | bytes] = [shared, str(epoch)]
    for path in sorted(docs):
        parts += [path, docs[path]]
    for path in sorted(site_files):
        parts += [path, site_files[path]]
    return _hash(*parts)


def _link_targets(src_uri: str, text: str) -> list[str]:
    """The files a page's links may resolve to (MkDocs rewrites a link to a page that
    exists, and leaves one to a page that does not)."""
    folder = posixpath.dirname(src_uri)
    targets = []
    for found in set(_links(text)):
        href = found.split("#", 1)[0].split("?", 1)[0]
        if not href or ":" in href or href.startswith(("/", "//")):
            continue
        path = posixpath.normpath(posixpath.join(folder, href))
        targets += [path, posixpath.join(path, "index.md")]
    return sorted(set(targets))


def _links(text: str) -> Iterator[str]:
    yield from _MARKDOWN_LINK.findall(text)
    for pattern in _HTML_LINKS:
        for match in pattern.finditer(text):
            before = text[match.start() - 1 : match.start()]
            if not (before.isalnum() or before == "_"):  # a whole attribute name
                yield match.group(1)


class IncrementalBuild(BasePlugin):  # type: ignore[type-arg]
    """Marks which MkDocs files to build (the rest are linked from ``old_site``) and keeps
    the search index whole."""

    def __init__(
        self,
        shared: str,
        previous: SiteState | None,
        old_site: Path,
        site_files: Mapping[str, str],
        docs: Mapping[str, bytes],
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.cache_dir = cache_dir
        """Where the theme's compiled templates are kept between builds."""
        self.docs = docs
        """The docs folder's files, already in memory (MkDocs would read each again)."""
        self.reuse = previous if previous is not None and previous.shared == shared else None
        self.old_site = old_site
        self.folders: dict[str, list[str]] = {}
        for path in sorted(site_files):
            folder, name = posixpath.split(path)
            self.folders.setdefault(folder, []).append(name)
        self.keys: dict[str, str] = {}
        self.built: set[str] = set()
        self.reused: list[str] = []
        """Output paths (relative to the site) taken from the old site."""
        self.extra_keys = {name: _hash(text.encode("utf-8")) for name, text in site_files.items()}
        """The key of each file digest adds to the site (a feed, ``incidents.json``)."""
        self.linked_extra = {
            name
            for name, key in self.extra_keys.items()
            if self.reuse is not None
            and self.reuse.extra.get(name) == key
            and os.path.isfile(os.path.join(old_site, name))
        }
        """Those the published site already has: linked from it."""
        self.spare: Path | None = None
        """The staging site when it is the spare (see :func:`take_spare`)."""
        self.unlinked: list[str] = []
        """Files taken out of the spare: where folders may be left empty."""
        self._files: list[Any] = []

    def _key(self, file: Any, sources: set[str]) -> str:
        data = self.docs.get(file.src_uri)
        if data is None:  # a theme's file
            data = file.content_bytes
        if not file.is_documentation_page():
            return _hash(data)
        text = data.decode("utf-8", errors="replace")
        feeds = self.folders.get("feeds/" + file.src_uri.removesuffix(".md"), [])
        exists = [f"{t}={t in sources}" for t in _link_targets(file.src_uri, text)]
        return _hash(data, "\n".join(feeds), "\n".join(exists))

    @event_priority(-100)  # last: after any plugin that adds files
    def on_files(self, files: Any, /, *, config: Any) -> Any:
        sources = {file.src_uri for file in files}
        for file in files:
            key = self.keys[file.src_uri] = self._key(file, sources)
            stale = (
                self.reuse is None
                or self.reuse.files.get(file.src_uri) != key
                or not os.path.isfile(os.path.join(self.old_site, file.dest_uri))
            )
            self._mark(file, stale)
        return files

    def _mark(self, file: Any, build: bool) -> None:
        # MkDocs' dirty build asks each file whether it changed; the answer is ours.
        file.is_modified = functools.partial(bool, build)
        if build:
            self.built.add(file.src_uri)
        else:
            self.built.discard(file.src_uri)

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        # Every page shows the nav, whose titles come from these pages: render them all.
        for page in nav.pages:
            self._mark(page.file, True)
        return nav

    @event_priority(100)  # first: before the search plugin writes its index
    def on_post_build(self, *, config: Any) -> None:
        if self.reuse is None:
            return
        index = _search_index(config)
        if index is not None:
            entries_attribute, search_index = index
            old = _entries_by_page(_old_search_entries(self.old_site))
            new = _entries_by_page(getattr(search_index, entries_attribute))
            merged: list[dict[str, Any]] = []
            for file in self._files:
                if file.inclusion.is_excluded():
                    continue
                source = new if file.src_uri in self.built else old
                merged += source.get(file.url, [])
            setattr(search_index, entries_attribute, merged)

    @property
    def pages(self) -> int:
        return len(self._files)

    @property
    def rendered(self) -> int:
        return sum(file.src_uri in self.built for file in self._files)

    @event_priority(-100)
    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        if self.cache_dir is not None and env.bytecode_cache is None:
            # Compiling the theme's templates (Material's are many) costs every build as
            # much as rendering a few dozen pages; Jinja checks each cached one against its
            # template's source.
            import jinja2

            folder = self.cache_dir / JINJA_CACHE
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        self._files = list(files.documentation_pages())
        self.reused = [
            file.dest_uri
            for file in files
            if file.src_uri not in self.built and not file.inclusion.is_excluded()
        ]
        if self.spare is not None:
            # Here, after every file is marked and before MkDocs writes any.
            self._update_spare(self.spare)
        return env

    def _update_spare(self, spare: Path) -> None:
        """Make the spare the published site minus every file this build writes: each
        one this build keeps is the published file (the same inode), no other is left."""
        assert self.reuse is not None
        keep = set(self.reused) | self.linked_extra
        stale = set(self.reuse.spare_stale)
        self.unlinked = sorted((set(self.reuse.outputs) - keep) | stale)
        for relative in self.unlinked:
            remove(os.path.join(spare, relative))
        failpoint("spare-emptied")
        folders: set[str] = set()
        for relative in sorted(stale & keep):
            link(os.path.join(self.old_site, relative), os.path.join(spare, relative), folders)


def _search_index(config: Any) -> tuple[str, Any] | None:
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        for attribute in ("entries", "_entries"):  # Material's, MkDocs' own
            if isinstance(getattr(index, attribute, None), list):
                return attribute, index
    return None


def _old_search_entries(old_site: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads((old_site / "search" / "search_index.json").read_text("utf-8"))
        return list(data["docs"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _entries_by_page(entries: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_page.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
    return by_page


def take_spare(cache_dir: Path, previous: SiteState | None, stage: Path) -> Path | None:
    """Move the spare site into ``stage`` as its site folder if it is the one ``previous``
    recorded (then :class:`IncrementalBuild` brings it up to date), or else out of the way
    (removed with ``stage``). Either way no later build finds it half updated."""
    spare = cache_dir / SPARE_SITE
    identity = folder_identity(spare)
    if identity is None:
        return None
    if previous is not None and previous.spare == identity:
        os.replace(spare, stage / "site")
        return stage / "site"
    os.replace(spare, stage / "untrusted-spare")
    return None


def link_reused(plugin: IncrementalBuild, new_site: Path) -> None:
    """Put every output MkDocs did not rebuild into ``new_site``, as a hard link to the
    published file (a copy where linking fails): nothing writes to either afterwards.
    A spare has them already."""
    if plugin.spare is not None:
        return
    folders: set[str] = set()
    for relative in plugin.reused:
        link(os.path.join(plugin.old_site, relative), os.path.join(new_site, relative), folders)


def prune_folders(plugin: IncrementalBuild, new_site: Path) -> None:
    """Remove the spare's folders that no file of the new site is in any more."""
    prune_empty_folders(str(new_site), plugin.unlinked)


@dataclass(frozen=True)
class SiteRecord:
    """What :class:`SiteState` records of a new site's files."""

    outputs: dict[str, str]
    stats: dict[str, str]
    spare_stale: tuple[str, ...] | None
    """None when the site it replaces was not known file by file (then it is no spare)."""


def record_site(plugin: IncrementalBuild, new_site: Path) -> SiteRecord:
    """:attr:`SiteState.outputs` and the rest of ``new_site``: a file linked from the
    published site keeps its recorded hash, only the others are read."""
    old: Mapping[str, str] = {}
    linked: set[str] = set()
    if plugin.reuse is not None:
        old = plugin.reuse.outputs
        linked = set(plugin.reused) | plugin.linked_extra
    outputs: dict[str, str] = {}
    stats: dict[str, str] = {}
    written: list[str] = []
    for relative, entry in walk_files(str(new_site)):
        stats[relative] = _stat_key(entry)
        known = old.get(relative) if relative in linked else None
        if known is None:
            written.append(relative)
            known = _file_hash(entry.path)
        outputs[relative] = known
    stale = sorted({*written, *(path for path in old if path not in outputs)})
    return SiteRecord(outputs, stats, tuple(stale) if old else None)


def place_extra_files(plugin: IncrementalBuild, new_site: Path, extra: Mapping[str, str]) -> None:
    """Write the files digest adds to the site (feeds, ``incidents.json``) into
    ``new_site``, each one whose text the published site already has as a link to it."""
    folders: set[str] = set()
    for name, text in sorted(extra.items()):
        target = new_site / name
        if name in plugin.linked_extra:
            link(str(plugin.old_site / name), str(target), folders)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
