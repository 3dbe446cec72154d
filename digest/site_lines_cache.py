"""The site lines of the archive kept between builds (``.digest/site-lines.sqlite``).

:func:`digest.text.shared_lines.site_lines` reads the whole archive; what it keeps of each
article (the version it was read as, its paragraphs' keys, its site lines) lets the next
build find them again only where the articles added, changed or removed can change them
(:func:`~digest.text.shared_lines.site_lines_since`). The result is the same either way.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from digest.cache import Readings, Store, code_version
from digest.model import Article, Document
from digest.text.shared_lines import site_lines, site_lines_since

SITE_LINES_FILE = "site-lines.sqlite"


def cached_site_lines(
    documents: Sequence[Document], first: Readings, cache_dir: Path | None
) -> dict[str, frozenset[str]]:
    """:func:`digest.text.shared_lines.site_lines` of the articles ``first`` read, found
    again only where the articles added, changed or gone since the last build can change
    them (:func:`~digest.text.shared_lines.site_lines_since`, with what the last build
    kept in ``cache_dir``)."""
    held = [k for k in range(len(first)) if first.holds_article(k)]
    if cache_dir is None or first.keys is None:
        return site_lines([first[k] for k in held if isinstance(first[k], Article)])
    keys = first.keys
    store = Store(cache_dir / SITE_LINES_FILE, "site lines")
    stored = store.read()
    version = code_version("model.py", "text/*.py")
    row = (stored or {}).get("archive")
    kept = _unpickled_kept(row[1]) if row is not None and row[0] == version else {}

    def article(index: int) -> Article:
        result = first[held[index]]
        if not isinstance(result, Article):
            raise LookupError(documents[held[index]].path)
        return result

    try:
        lines, keeping = site_lines_since(
            kept, [(documents[k].path, keys[k]) for k in held], article
        )
    except LookupError:  # a damaged row of the article cache: read as no article
        return site_lines([first[k] for k in held if isinstance(first[k], Article)])
    if stored is not None and keeping != kept:
        store.write([("archive", version, pickle.dumps(keeping, pickle.HIGHEST_PROTOCOL))], ())
    return lines


def _unpickled_kept(value: bytes) -> dict[str, Any]:
    try:
        kept = pickle.loads(value)
    except Exception:  # a damaged row is only a miss
        return {}
    return kept if isinstance(kept, dict) else {}
