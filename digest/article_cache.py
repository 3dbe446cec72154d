"""A cache of normalised articles under the project's ``.digest/`` folder (SQLite).

Normalising (cleaning, sentences, quotes, places) is most of a build's work, and an
archive mostly holds articles already seen. Each Article is stored under its Document's
path, a hash of everything the Document holds, and a hash of the normalising code, so an
edited file or a changed normaliser is simply a miss. Deleting the file loses only time.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from digest.errors import SourceError
from digest.model import Article, Document

log = logging.getLogger(__name__)

CACHE_FILE = "articles.sqlite"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS articles ("
    "path TEXT PRIMARY KEY, key TEXT NOT NULL, article BLOB NOT NULL)"
)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the modules that turn a Document into an Article."""
    import digest

    package = Path(digest.__file__).parent
    sources = [
        package / "model.py",
        package / "normalise.py",
        *sorted((package / "text").glob("*.py")),
    ]
    digest_ = hashlib.sha1(digest.__version__.encode())
    for source in sources:
        digest_.update(source.name.encode())
        digest_.update(source.read_bytes())
    return digest_.hexdigest()


def document_key(document: Document) -> str:
    # repr of a frozen dataclass of str/datetime/None is deterministic across runs.
    return hashlib.sha1(f"{code_version()}\0{document!r}".encode()).hexdigest()


def cached_normalise(
    documents: Iterable[Document],
    folder: Path,
    normalise: Callable[[Document], Article],
) -> list[Article | SourceError]:
    """``normalise`` each document, reusing stored results. Inputs ``normalise`` refuses
    (SourceError) are returned in place and not stored, so they are reported every build.
    Rows of files no longer present are dropped."""
    documents = list(documents)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(folder / CACHE_FILE)
        connection.execute(_SCHEMA)
        stored = dict(
            (path, (key, blob))
            for path, key, blob in connection.execute("SELECT path, key, article FROM articles")
        )
    except (OSError, sqlite3.Error) as error:
        log.warning("article cache %s unusable (%s): normalising everything", folder, error)
        return [_attempt(normalise, document) for document in documents]
    results: list[Article | SourceError] = []
    fresh: list[tuple[str, str, bytes]] = []
    for document in documents:
        key = document_key(document)
        hit = stored.get(document.path)
        if hit is not None and hit[0] == key:
            try:
                results.append(pickle.loads(hit[1]))
                continue
            except Exception:  # a stale or damaged row is only a miss
                pass
        result = _attempt(normalise, document)
        if isinstance(result, Article):
            fresh.append((document.path, key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL)))
        results.append(result)
    gone = set(stored) - {document.path for document in documents}
    try:
        with connection:
            connection.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?)", fresh)
            connection.executemany("DELETE FROM articles WHERE path = ?", [(p,) for p in gone])
    except sqlite3.Error as error:
        log.warning("article cache %s not updated: %s", folder, error)
    finally:
        connection.close()
    return results


def _attempt(normalise: Callable[[Document], Article], document: Document) -> Article | SourceError:
    try:
        return normalise(document)
    except SourceError as error:  # an unusable input: the caller reports it
        return error
