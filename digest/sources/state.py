"""What ``digest fetch`` remembers between runs, in ``.digest/fetch.sqlite3``.

- per feed: the URL it moved to (permanent redirect), its ETag and Last-Modified (for
  conditional requests) and, after a 429/503 with a long Retry-After, when to ask again;
- per article file under the article folders: the keys it is found by (feed + guid,
  canonical URL, text hash), with the file's size and mtime so that only changed files are
  read again.

All of it is a cache. Deleted, it costs one unconditional request per feed and one read of
every article file: the archive's front matter (``feed``, ``guid``, ``url``) is what keeps
an item from being written twice.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from digest.errors import SourceError
from digest.locks import project_lock

log = logging.getLogger(__name__)

STATE_FILE = "fetch.sqlite3"
_SCHEMA_VERSION = 1


@dataclass(frozen=True, kw_only=True)
class FeedState:
    """What was learnt about one feed (named by its configured URL or path)."""

    feed: str
    url: str | None = None
    """Where the feed lives now, when it moved permanently (301/308)."""
    etag: str | None = None
    last_modified: str | None = None
    retry_at: float | None = None
    """Unix time before which the server asked not to be asked again (Retry-After)."""


@dataclass(frozen=True, kw_only=True)
class IndexedFile:
    """One article file as the archive index knows it. Paths are relative to the project."""

    path: str
    mtime_ns: int
    size: int
    feed: str | None = None
    guid: str | None = None
    url_key: str | None = None
    text_hash: str | None = None
    outlet: str | None = None
    fields_hash: str | None = None
    """Hash of the front matter fields an update may change (see archive.py)."""
    first_seen: str | None = None


_INDEX_COLUMNS = tuple(field.name for field in fields(IndexedFile))


class StateStore:
    """The SQLite file. One writer: the thread that opened it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError as error:
            # A corrupt cache is no loss: start again from the archive files.
            log.warning("%s: unreadable (%s); starting a new one", path, error)
            path.unlink(missing_ok=True)
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != _SCHEMA_VERSION:
            db.executescript(
                """
                DROP TABLE IF EXISTS feeds;
                DROP TABLE IF EXISTS files;
                CREATE TABLE feeds (
                    feed TEXT PRIMARY KEY, url TEXT, etag TEXT, last_modified TEXT,
                    retry_at REAL
                );
                CREATE TABLE files (
                    path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, feed TEXT,
                    guid TEXT, url_key TEXT, text_hash TEXT, outlet TEXT, fields_hash TEXT,
                    first_seen TEXT
                );
                """
                f"PRAGMA user_version = {_SCHEMA_VERSION};"
            )
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- feeds ---------------------------------------------------------------------------

    def feed(self, feed: str) -> FeedState:
        row = self.db.execute(
            "SELECT url, etag, last_modified, retry_at FROM feeds WHERE feed = ?", (feed,)
        ).fetchone()
        if row is None:
            return FeedState(feed=feed)
        url, etag, last_modified, retry_at = row
        return FeedState(
            feed=feed, url=url, etag=etag, last_modified=last_modified, retry_at=retry_at
        )

    def save_feed(self, state: FeedState) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO feeds (feed, url, etag, last_modified, retry_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (state.feed, state.url, state.etag, state.last_modified, state.retry_at),
        )

    # -- the archive index ---------------------------------------------------------------

    def indexed_files(self) -> Iterator[IndexedFile]:
        query = f"SELECT {', '.join(_INDEX_COLUMNS)} FROM files"
        for row in self.db.execute(query):
            yield IndexedFile(**dict(zip(_INDEX_COLUMNS, row, strict=True)))

    def save_files(self, files: Iterable[IndexedFile]) -> None:
        placeholders = ", ".join("?" for _ in _INDEX_COLUMNS)
        self.db.executemany(
            f"INSERT OR REPLACE INTO files ({', '.join(_INDEX_COLUMNS)}) VALUES ({placeholders})",
            (astuple(file) for file in files),
        )

    def forget_files(self, paths: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM files WHERE path = ?", ((path,) for path in paths))


@contextlib.contextmanager
def fetch_lock(cache_dir: Path) -> Iterator[None]:
    """Refuse a second ``digest fetch`` of the same project while one runs."""
    with project_lock(cache_dir, "fetch", SourceError):
        yield
