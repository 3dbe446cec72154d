"""Outlet and feed templates kept between builds (``.digest/templates.sqlite``).

A source's template (see :mod:`digest.text.outlet_templates`) is stored under a key that
hashes what it was learned from: the contents of every article of that source, and the code
that learns it. A build that adds no article to a source reuses its template; an article
added, changed or removed is a miss for its own sources only. (The article cache then
normalises again only the articles whose text the template changed.)
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path

from digest.cache import Store, code_version
from digest.model import Document
from digest.text.outlet_templates import Template, by_source, learn_source, masked_lines

TEMPLATES_FILE = "templates.sqlite"
_LEARNING_CODE = ("model.py", "text/outlet_templates.py", "text/cleaning.py")


def _content(document: Document) -> bytes:
    # What learning reads of a document: its title (masked in its lines) and its text.
    return hashlib.sha1(f"{document.title}\0{document.text}".encode()).digest()


def cached_templates(documents: Sequence[Document], folder: Path) -> dict[str, Template]:
    """Each source's template, learned again only for sources whose articles changed."""
    store = Store(folder / TEMPLATES_FILE, "template")
    stored = store.read()
    version = code_version(*_LEARNING_CODE).encode()
    templates: dict[str, Template] = {}
    fresh: list[tuple[str, str, bytes]] = []
    members = by_source(documents)
    for source, sources_documents in members.items():
        hashed = hashlib.sha1(version)
        for content in sorted(_content(document) for document in sources_documents):
            hashed.update(content)
        key = hashed.hexdigest()
        hit = (stored or {}).get(source)
        template = _unpickled(hit[1]) if hit is not None and hit[0] == key else False
        if template is False:
            template = learn_source([masked_lines(document) for document in sources_documents])
            fresh.append((source, key, pickle.dumps(template, pickle.HIGHEST_PROTOCOL)))
        if template is not None:
            templates[source] = template
    if stored is not None and (fresh or set(stored) - set(members)):
        store.write(fresh, set(stored) - set(members))
    return templates


def _unpickled(value: bytes) -> Template | bool | None:
    """The stored template (None: the source has none), or False for a damaged row."""
    try:
        template = pickle.loads(value)
    except Exception:  # a stale or damaged row is only a miss
        return False
    return template if template is None or isinstance(template, Template) else False
