"""The article archive: one Markdown file per fetched feed item, written once, updated in place.

A file looks like::

    ---
    url: https://example.org/news/flood
    title: Floods close the valley road
    outlet: Valley Daily
    published: '2026-01-13T08:00:00Z'
    updated: '2026-01-13T10:30:00Z'
    first_seen: '2026-01-13T08:05:12Z'
    feed: https://example.org/rss.xml
    guid: https://example.org/news/flood
    author: A. Writer
    tags: [floods, north]
    ---
    The cleaned text, paragraphs separated by blank lines.

and lives at ``<archive>/<outlet>/<date>-<title>-<hash>.md`` (the date is the item's own,
else the day it was first seen). ``digest build`` reads it like any other Markdown article.

An item is the same as one already kept when it has the same feed and guid, the same
canonical URL (scheme, ``www.``, fragment and ``utm_*``-style parameters do not count), or,
from the same outlet, the same text. The same text from another outlet is kept: wire
copies are how a brief counts the outlets that carried a story. Only an item's own file
(same feed and guid, or same feed and URL) is ever rewritten, when the feed changes it;
a hand-written file is never touched.

Writes are atomic (a temporary file in the same folder, then a rename): an interrupted
fetch leaves every file either as it was or complete.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml

from digest.errors import SourceError
from digest.sources.feeds import FeedItem
from digest.sources.files import parse_date, split_front_matter
from digest.sources.state import IndexedFile, StateStore

log = logging.getLogger(__name__)

Status = Literal["new", "updated", "unchanged", "duplicate"]

MIN_DEDUPE_WORDS = 30
"""Texts shorter than this are not compared: short summaries ("Read more") repeat."""
_TEMP_PREFIX = ".digest-tmp-"
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|cmpid|ocid|_ga|igshid|yclid)$", re.I
)


@dataclass(frozen=True, kw_only=True)
class ArchiveEntry:
    """An item ready to be kept: the feed's item with the text to write and where from."""

    feed: str
    """The feed's URL or path as configured (``feed:`` in the file)."""
    item: FeedItem
    outlet: str
    tags: tuple[str, ...] = ()
    """The feed's own tags (settings), written before the item's."""
    full_text: bool = False
    """The feed's articles are full pages: the feed's text is not compared for updates."""
    page_text: str | None = None
    """The article page's main text, when fetched; else the feed's text is written."""


def canonical_url(url: str | None) -> str | None:
    """The form of ``url`` that two links to one article share."""
    if not url:
        return None
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/+$", "", parts.path) or "/"
    if path == "/" and not parts.query:
        return None  # a site's home page: links there say nothing about which article
    query = sorted(
        (key, value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(key)
    )
    return host + path + ("?" + urllib.parse.urlencode(query) if query else "")


def text_hash(text: str) -> str:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fields_hash(
    title: Any, url: Any, published: Any, updated: Any, author: Any, tags: Sequence[Any]
) -> str:
    """What an update of the feed may change, besides the text, in one comparable value."""
    values = [str(v) if v is not None else "" for v in (title, url, published, updated, author)]
    values.append("\x1f".join(str(tag) for tag in tags))
    return hashlib.sha256("\x1e".join(values).encode()).hexdigest()[:32]


def _slug(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or words[0][:limit] if words else slug


class Archive:
    """The article folders as an index of keys, and the writer of the archive folder."""

    def __init__(
        self, root: Path, folders: Sequence[Path], archive_dir: Path, store: StateStore
    ) -> None:
        self.root = root
        self.folders = tuple(folders)
        self.archive_dir = archive_dir
        self.state = store
        self.files: dict[str, IndexedFile] = {}
        self._by_guid: dict[tuple[str, str], str] = {}
        self._by_url: dict[str, str] = {}
        self._by_text: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self._unsynced = False
        self._pending: list[IndexedFile] = []
        self._folders: set[Path] = set()

    # -- the index -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the index up to date with the files: read only new or changed ones."""
        known = {file.path: file for file in self.state.indexed_files()}
        seen: dict[str, IndexedFile] = {}
        changed: list[IndexedFile] = []
        for path in self._markdown_files():
            relative = self._relative(path)
            try:
                stat = path.stat()
            except OSError:
                continue
            old = known.get(relative)
            if old and (old.mtime_ns, old.size) == (stat.st_mtime_ns, stat.st_size):
                seen[relative] = old
            else:
                seen[relative] = self._read_index_entry(path, relative, stat)
                changed.append(seen[relative])
        gone = [path for path in known if path not in seen]
        with self.state.transaction():
            self.state.save_files(changed)
            self.state.forget_files(gone)
        self.files = {}
        self._by_guid, self._by_url, self._by_text = {}, {}, {}
        for file in seen.values():
            self._add(file)
        if changed or gone:
            log.info("archive index: %d files read, %d gone", len(changed), len(gone))

    def _markdown_files(self) -> Iterable[Path]:
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
                for name in sorted(filenames):
                    if name.startswith(_TEMP_PREFIX) and Path(dirpath).is_relative_to(
                        self.archive_dir
                    ):
                        # Left by an interrupted fetch (the fetch lock is held: none runs).
                        Path(dirpath, name).unlink(missing_ok=True)
                    elif name.endswith((".md", ".markdown")) and not name.startswith((".", "_")):
                        yield Path(dirpath, name)

    def _relative(self, path: Path) -> str:
        """``path`` relative to the project, as articles are named; absolute when an
        article folder lies outside the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _read_index_entry(self, path: Path, relative: str, stat: os.stat_result) -> IndexedFile:
        entry = IndexedFile(path=relative, mtime_ns=stat.st_mtime_ns, size=stat.st_size)
        try:
            metadata, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
            published = parse_date(metadata.get("published"), "published")
            updated = parse_date(metadata.get("updated"), "updated")
            first_seen = parse_date(metadata.get("first_seen"), "first_seen")
        except (OSError, UnicodeDecodeError, SourceError) as error:
            log.debug("%s: not indexed: %s", relative, error)
            return entry
        tags = metadata.get("tags") or ()
        return replace(
            entry,
            feed=_str(metadata.get("feed")),
            guid=_str(metadata.get("guid")),
            url_key=canonical_url(_str(metadata.get("url"))),
            text_hash=text_hash(body),
            outlet=_str(metadata.get("outlet")),
            fields_hash=_fields_hash(
                _str(metadata.get("title")),
                _str(metadata.get("url")),
                _iso(published),
                _iso(updated),
                _str(metadata.get("author")),
                [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else (),
            ),
            first_seen=_iso(first_seen),
        )

    def _add(self, file: IndexedFile) -> None:
        self.files[file.path] = file
        if file.feed and file.guid:
            self._by_guid[(file.feed, file.guid)] = file.path
        if file.url_key:
            self._by_url.setdefault(file.url_key, file.path)
        if file.text_hash:
            self._by_text.setdefault(((file.outlet or "").casefold(), file.text_hash), file.path)

    def _remove(self, file: IndexedFile) -> None:
        for index, key in (
            (self._by_guid, (file.feed, file.guid)),
            (self._by_url, file.url_key),
            (self._by_text, ((file.outlet or "").casefold(), file.text_hash)),
        ):
            if index.get(key) == file.path:  # type: ignore[call-overload]
                del index[key]  # type: ignore[arg-type]

    # -- items -----------------------------------------------------------------------------

    def classify(self, entry: ArchiveEntry) -> tuple[Status, IndexedFile | None]:
        """What storing ``entry`` would do, and the file it matches. Safe from any thread."""
        item = entry.item
        own = self._by_guid.get((entry.feed, item.guid))
        url_key = canonical_url(item.url)
        if own is None and url_key:
            path = self._by_url.get(url_key)
            file = self.files.get(path) if path is not None else None
            # The same link in the same feed under another guid is another item (podcast
            # feeds link every episode to the show's page); from elsewhere, a copy.
            if file is not None and file.feed != entry.feed:
                return "duplicate", file
        if own is not None:
            file = self.files.get(own)
            if file is None:
                return "new", None
            text = entry.page_text if entry.page_text is not None else item.text
            changed = file.fields_hash != self._item_fields_hash(entry) or (
                not entry.full_text and file.text_hash != text_hash(text or item.title or "")
            )
            return ("updated" if changed else "unchanged"), file
        if _word_count(item.text) >= MIN_DEDUPE_WORDS:
            path = self._by_text.get((entry.outlet.casefold(), text_hash(item.text)))
            if path is not None:
                return "duplicate", self.files.get(path)
        return "new", None

    def store(self, entry: ArchiveEntry, now: datetime) -> Status:
        """Write ``entry`` as a new file, rewrite its own file, or leave all as it is.

        Safe from any thread: the item is classified and its file reserved in the index
        under the lock, and written outside it (file creation is slow on some disks, and
        faster in parallel). Raises OSError when the file cannot be written; the index is
        then as it was.
        """
        with self._lock:
            status, file = self.classify(entry)
            if status in ("unchanged", "duplicate"):
                return status
            first_seen = (file.first_seen if file else None) or _iso(now) or ""
            path = self.root / file.path if file else self._new_path(entry, now)
            text = entry.page_text if entry.page_text is not None else entry.item.text
            reserved = self._record(entry, path, first_seen, text or entry.item.title or "")
            if file is not None:
                self._remove(file)
            self._add(reserved)
        try:
            body = entry.page_text if entry.page_text is not None else entry.item.text
            if file is not None and entry.full_text and entry.page_text is None:
                # The page could not be fetched again: keep the full text we have.
                body = self._body(file) or body
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            stat = _write_atomic(path, self._render(entry, body, first_seen))
        except BaseException:
            with self._lock:
                self._remove(reserved)
                if file is not None:
                    self._add(file)
            raise
        record = replace(
            reserved,
            mtime_ns=stat.st_mtime_ns,
            size=stat.st_size,
            text_hash=text_hash(body or entry.item.title or ""),
        )
        with self._lock:
            self._unsynced = True
            self._remove(reserved)
            self._add(record)
            self._pending.append(record)
        return status

    def _record(self, entry: ArchiveEntry, path: Path, first_seen: str, text: str) -> IndexedFile:
        return IndexedFile(
            path=self._relative(path),
            mtime_ns=0,
            size=0,
            feed=entry.feed,
            guid=entry.item.guid,
            url_key=canonical_url(entry.item.url),
            text_hash=text_hash(text),
            outlet=entry.outlet,
            fields_hash=self._item_fields_hash(entry),
            first_seen=first_seen,
        )

    def save_index(self) -> None:
        """Save the index rows of the files written since the last call (one statement)."""
        with self._lock:
            pending, self._pending = self._pending, []
        self.state.save_files(pending)

    def sync(self) -> None:
        """Make the files written so far durable (one sync, rather than one per file)."""
        if self._unsynced:
            os.sync()
            self._unsynced = False

    def _item_fields_hash(self, entry: ArchiveEntry) -> str:
        item = entry.item
        return _fields_hash(
            item.title,
            item.url,
            _iso(item.published),
            _iso(item.updated),
            item.author,
            _tags(entry),
        )

    def _body(self, file: IndexedFile) -> str | None:
        try:
            return split_front_matter((self.root / file.path).read_text(encoding="utf-8"))[1]
        except (OSError, UnicodeDecodeError, SourceError):
            return None

    def _new_path(self, entry: ArchiveEntry, now: datetime) -> Path:
        item = entry.item
        day = (item.published or now).astimezone(UTC).strftime("%Y-%m-%d")
        folder = self.archive_dir / (_slug(entry.outlet, 40) or "feed")
        key = hashlib.sha256(f"{entry.feed}\n{item.guid}".encode()).hexdigest()
        stem = f"{day}-{_slug(item.title or item.text[:80], 60) or 'item'}"
        for length in (8, 16, 64):
            path = folder / f"{stem}-{key[:length]}.md"
            # The index lists every .md file of the article folders (read under the fetch
            # lock), so a name it does not know is free: no stat needed.
            if self._relative(path) not in self.files:
                return path
        raise SourceError(f"{folder}: no free file name for item {item.guid!r}")

    def _render(self, entry: ArchiveEntry, body: str, first_seen: str) -> str:
        item = entry.item
        metadata = {
            "url": item.url,
            "title": item.title,
            "outlet": entry.outlet,
            "published": _iso(item.published),
            "updated": _iso(item.updated),
            "first_seen": first_seen,
            "feed": entry.feed,
            "guid": item.guid,
            "author": item.author,
            "tags": list(_tags(entry)) or None,
        }
        front = yaml.dump(
            {key: value for key, value in metadata.items() if value is not None},
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=1_000_000,
        )
        text = body.strip() or item.title or ""
        return f"---\n{front}---\n{text}\n"


# libyaml's emitter when PyYAML has it: ten times faster than the pure-Python one.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _tags(entry: ArchiveEntry) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*entry.tags, *entry.item.tags)))


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(str(value).split()) or None


def _write_atomic(path: Path, content: str) -> os.stat_result:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place.
    Returns the file's stat (a rename keeps size and mtime).

    No fsync per file (4 ms each here, most of a fetch's time): the caller syncs once,
    before it saves the feeds' validators (see :meth:`Archive.sync`).
    """
    descriptor, temporary = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
    try:
        try:
            data = content.encode("utf-8")
            written = 0
            while written < len(data):
                written += os.write(descriptor, data[written:])
            stat = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return stat
