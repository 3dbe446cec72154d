"""The front matter of content/'s pages, each parsed once.

Every build reads the front matter of every page in ``content/``: to tell generated pages
from hand-written ones, and to carry ids, aliases and the update log over from the
incident pages. Parsing YAML is most of that cost, and nearly every page is as the last
build left it. So each parsed front matter is kept in ``.digest/front-matter.sqlite``
under a hash of the text it was parsed from (the page's head, where front matter must
stand): a page whose head is unchanged is not parsed again, one that changed in any way
is. The cache can only cost time, never change what is read.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import yaml

from digest.cache import Store
from digest.publish.pages import parse_front_matter, read_head

FRONT_MATTER_FILE = "front-matter.sqlite"
# A new YAML library may parse the same text otherwise.
_PARSER = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}"


class FrontMatters:
    """Front matter by page head, kept between builds (rows of heads not read by this
    build are dropped by :meth:`save`, so the store holds one build's worth)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._store = Store(cache_dir / FRONT_MATTER_FILE, "front matter") if cache_dir else None
        self._stored = (self._store.read() or {}) if self._store else {}
        self._seen: dict[str, bytes] = {}
        self._fresh: list[tuple[str, str, bytes]] = []

    def read(self, path: Path) -> dict[str, Any] | None:
        """What :func:`digest.publish.pages.read_front_matter` returns for ``path``."""
        head = read_head(path)
        if head is None:
            return None
        slot = hashlib.sha1(head.encode("utf-8", errors="surrogatepass")).hexdigest()
        value = self._seen.get(slot)
        if value is None:
            stored = self._stored.get(slot)
            if stored is not None and stored[0] == _PARSER:
                value = stored[1]
            else:
                value = pickle.dumps(parse_front_matter(head), pickle.HIGHEST_PROTOCOL)
                self._fresh.append((slot, _PARSER, value))
            self._seen[slot] = value
        # A fresh copy each time: callers own what they are given.
        parsed: dict[str, Any] | None = pickle.loads(value)
        return parsed

    def save(self) -> None:
        if self._store is not None:
            self._store.write(self._fresh, set(self._stored) - set(self._seen))
