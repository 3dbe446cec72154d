"""The front matter of content/'s pages, each parsed once, each file read once.

Every build reads the front matter of every page in ``content/``: to tell generated pages
from hand-written ones, and to carry ids, aliases and the update log over from the
incident pages. Parsing YAML is most of that cost, and nearly every page is as the last
build left it. So each parsed front matter is kept in ``.digest/front-matter.sqlite``
under a hash of the text it was parsed from (the front matter's own text, at the page's
head): a page whose front matter is unchanged is not parsed again, even when the text
below it changed.

Reading the heads themselves (every page, twice a build: for the briefs, then for the
publish) was the rest of the cost. A file is read once a build, and not at all when its
size, modification time, change time, inode and device are all what they were at the end
of the last build that read it, the way git's index trusts a file: any write to a file
changes its change time (ctime), which no tool can set back (``touch -d`` and
``os.utime`` set only the modification time), so a page edited by hand is read again
even with its size and modification time restored. A file is trusted only if it had not
changed for :data:`RACY_NANOSECONDS` when it was read: a write in the same tick of the
file system's clock as the read could leave every field equal (git's "racily clean"
case). The stat kept is taken again when the build ends (its staging links every page,
which moves only the change time), and only if the size, modification time, inode and
device are still those the page was read with. What this cannot see: a system clock set
back, a file system that keeps none of these fields, or an edit made while the build
runs that restores the page's size and modification time to the nanosecond.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

import yaml

from digest.cache import Store
from digest.publish.pages import front_matter_text, parse_front_matter, read_head

FRONT_MATTER_FILE = "front-matter.sqlite"
# A new YAML library may parse the same text otherwise; rows keyed by a page's whole head
# (before "front matter") are not this build's.
_PARSER = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)} front matter"
# Rows of files (by path) beside rows of parsed heads (by hash) in the same store.
_FILE = "file:"
RACY_NANOSECONDS = 2_000_000_000
"""A file changed less than this before it was read is read again next time (FAT's
clock has a 2 s tick; others' are finer)."""


def _now() -> int:
    return time.time_ns()


class FrontMatters:
    """Front matter by page head, kept between builds (rows of heads and files not read by
    this build are dropped by :meth:`save`, so the store holds one build's worth)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._store = Store(cache_dir / FRONT_MATTER_FILE, "front matter") if cache_dir else None
        self._stored = (self._store.read() or {}) if self._store else {}
        self._seen: dict[str, bytes] = {}
        self._fresh: list[tuple[str, str, bytes]] = []
        # Path → (its stat, the hash of its head, whether the stat can be trusted).
        self._files: dict[str, tuple[str, str, bool]] = {}

    def read(self, path: Path) -> dict[str, Any] | None:
        """What :func:`digest.publish.pages.read_front_matter` returns for ``path``."""
        name = os.fspath(path)
        try:
            status = os.stat(name)
        except OSError:
            return None
        stamp = _stamp(status)
        value = self._by_stat(name, stamp)
        if value is None:
            head = read_head(path)
            if head is None:
                return None
            # Keyed by the front matter alone: a page whose text below it changed (most
            # pages a build writes) is not parsed again.
            text = front_matter_text(head)
            slot = hashlib.sha1(
                b"" if text is None else b"\0" + text.encode("utf-8", errors="surrogatepass")
            ).hexdigest()
            value = self._kept(slot)
            if value is None:
                value = pickle.dumps(parse_front_matter(head), pickle.HIGHEST_PROTOCOL)
                self._fresh.append((slot, _PARSER, value))
                self._seen[slot] = value
            changed = max(status.st_mtime_ns, status.st_ctime_ns)
            self._files[name] = (stamp, slot, changed < _now() - RACY_NANOSECONDS)
        # A fresh copy each time: callers own what they are given.
        parsed: dict[str, Any] | None = pickle.loads(value)
        return parsed

    def _by_stat(self, name: str, stamp: str) -> bytes | None:
        """The front matter of the file ``name`` if its stat is one it was read with (by
        this build or, trusted, by the last), without reading it."""
        known = self._files.get(name)
        if known is not None:
            return self._kept(known[1]) if known[0] == stamp and known[2] else None
        stored = self._stored.get(_FILE + name)
        if stored is None or stored[0] != stamp:
            return None
        slot = stored[1].decode()
        value = self._kept(slot)
        if value is not None:
            self._files[name] = (stamp, slot, True)
        return value

    def _kept(self, slot: str) -> bytes | None:
        """The pickled front matter of the head hashed ``slot``, if parsed already."""
        value = self._seen.get(slot)
        if value is None:
            stored = self._stored.get(slot)
            if stored is not None and stored[0] == _PARSER:
                value = self._seen[slot] = stored[1]
        return value

    def save(self) -> None:
        if self._store is None:
            return
        files = {}
        for name, (stamp, slot, trusted) in self._files.items():
            now = _stamp_now(name) if trusted else None
            # The build's own staging links and unlinks every page, which moves its
            # change time and nothing else: the stat kept is the one after that, if
            # nothing else of it moved since the page was read.
            if now is not None and _without_ctime(now) == _without_ctime(stamp):
                files[_FILE + name] = (now, slot.encode())
        fresh = [(row, *value) for row, value in files.items() if self._stored.get(row) != value]
        self._store.write([*self._fresh, *fresh], set(self._stored) - set(self._seen) - set(files))


def _stamp_now(name: str) -> str | None:
    try:
        return _stamp(os.stat(name))
    except OSError:
        return None


def _without_ctime(stamp: str) -> list[str]:
    fields = stamp.split(" ")
    return fields[:2] + fields[3:]


def _stamp(status: os.stat_result) -> str:
    fields = (
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        status.st_dev,
    )
    return " ".join(map(str, fields))
