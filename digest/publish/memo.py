"""Generated pages and site files rendered again only when what they show changed.

Rendering every incident's Markdown page was a large part of a rebuild after a few new
articles, though nearly all of those pages came out as they were. Each page is rendered
from its inputs: the templates and digest's rendering code, the site's settings, the
briefs it shows (each by a fingerprint of all its fields) and the few facts of other
incidents it names. A page whose inputs hash to the key the last build stored, and whose
file in ``content/`` still holds the text that build rendered (a stored hash of it says
so), is taken from that file instead of being rendered. Anything else is a miss: the
cache can only cost time, never change a page. Files digest writes into the site itself
(each feed, each weekly mail) are kept the same way, their text read back from the
published site.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2

from digest.cache import ArticlePrints, Store, code_version, fast_pickle
from digest.model import Brief
from digest.publish.templates import default_templates_dir

PAGES_FILE = "pages.sqlite"
FRAGMENTS_FILE = "fragments.sqlite"
# What the renderers read besides their input: their own modules, the code they borrow
# from the briefing stage and the world map's outline.
_RENDERING_CODE = (
    "model.py",
    "publish/*.py",
    "briefs/headline.py",
    "briefs/updates.py",
    "data/world_outline.txt",
)


def environment_key(environment: jinja2.Environment, *settings: object) -> str:
    """Every template the environment can load (a project's own included), digest's
    rendering code and ``settings``."""
    hashed = hashlib.sha1(code_version(*_RENDERING_CODE).encode())
    hashed.update(repr(settings).encode())
    for name in sorted(environment.list_templates()):
        source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
        hashed.update(f"\0{name}\0{source}".encode())
    return hashed.hexdigest()


class PageMemo:
    """The keys and text hashes of the pages the last build rendered, and the text of the
    per-incident pieces of files rendered whole (a feed item's HTML, an incident's record
    in ``incidents.json``): one build's worth, rows no longer used are dropped by
    :meth:`save`."""

    def __init__(
        self,
        cache_dir: Path,
        docs_dir: Path,
        salt: str,
        site_dir: Path | None = None,
        prints: ArticlePrints | None = None,
    ) -> None:
        self._store = Store(cache_dir / PAGES_FILE, "page")
        self._stored = self._store.read() or {}
        self._fragments = Store(cache_dir / FRAGMENTS_FILE, "fragment")
        self._stored_fragments: dict[str, tuple[str, bytes]] | None = None
        self._fresh_fragments: list[tuple[str, str, bytes]] = []
        self._seen_fragments: set[str] = set()
        self._docs_dir = docs_dir
        self._site_dir = site_dir
        self._salt = salt
        self._prints: dict[str, tuple[str, str]] = {}
        self._article_prints = prints or ArticlePrints()
        self._fresh: list[tuple[str, str, bytes]] = []
        self._seen: set[str] = set()
        self.rendered = 0

    def fingerprint(self, brief: Brief, related: bool = True) -> str:
        """A hash of every field of ``brief`` (its articles included); with ``related``
        false, of every field but its links to related incidents (which only the incident
        page shows, and which new incidents change). The build's prints
        (:class:`digest.cache.ArticlePrints`) hash its articles, and the rest of it by its
        row in the brief cache; a brief not seeded there is pickled once."""
        known = self._prints.get(brief.incident_id)
        if known is None:
            seeded = self._article_prints.brief(brief)
            hashed = hashlib.sha1(seeded or fast_pickle(replace(brief, related=(), articles=())))
            for article in brief.articles:
                hashed.update(self._article_prints.of(article))
            rest = hashed.hexdigest()
            whole = hashlib.sha1(f"{rest}\0".encode() + fast_pickle(brief.related)).hexdigest()
            known = self._prints[brief.incident_id] = (whole, rest)
        return known[0] if related else known[1]

    def _key(self, inputs: Iterable[str]) -> str:
        hashed = hashlib.sha1(self._salt.encode())
        for part in inputs:
            hashed.update(b"\0" + part.encode())
        return hashed.hexdigest()

    def text(self, path: str, inputs: Iterable[str], render: Callable[[], str]) -> str:
        """The page at ``path``: the text in content/ if its ``inputs`` are those it was
        rendered from, else ``render()``."""
        return self._kept(self._docs_dir, path, path, inputs, render)

    def site_file(self, path: str, inputs: Iterable[str], render: Callable[[], str]) -> str:
        """The site file at ``path`` (a feed, a mail): the published site's if its
        ``inputs`` are those it was rendered from, else ``render()``."""
        return self._kept(self._site_dir, f"site:{path}", path, inputs, render)

    def _kept(
        self,
        folder: Path | None,
        slot: str,
        path: str,
        inputs: Iterable[str],
        render: Callable[[], str],
    ) -> str:
        key = self._key(inputs)
        self._seen.add(slot)
        stored = self._stored.get(slot)
        if folder is not None and stored is not None and stored[0] == key:
            try:
                data = (folder / path).read_bytes()
            except OSError:
                data = None
            if data is not None and hashlib.sha1(data).digest() == stored[1]:
                return data.decode("utf-8")
        text = render()
        self.rendered += 1
        self._fresh.append((slot, key, hashlib.sha1(text.encode("utf-8")).digest()))
        return text

    def fragment(self, slot: str, inputs: Iterable[str], render: Callable[[], str]) -> str:
        """The piece ``slot`` as the last build rendered it from the same ``inputs``, else
        ``render()``."""
        if self._stored_fragments is None:
            self._stored_fragments = self._fragments.read() or {}
        key = self._key(inputs)
        self._seen_fragments.add(slot)
        stored = self._stored_fragments.get(slot)
        if stored is not None and stored[0] == key:
            return stored[1].decode("utf-8")
        text = render()
        self._fresh_fragments.append((slot, key, text.encode("utf-8")))
        return text

    def save(self) -> None:
        self._store.write(self._fresh, set(self._stored) - self._seen)
        if self._stored_fragments is not None:
            gone = set(self._stored_fragments) - self._seen_fragments
            self._fragments.write(self._fresh_fragments, gone)


def memoised_fragment(
    memo: PageMemo | None, slot: str, inputs: Callable[[], Iterable[str]], render: Callable[[], str]
) -> str:
    """``render()``, or with a ``memo`` the piece as :meth:`PageMemo.fragment` finds it."""
    return render() if memo is None else memo.fragment(slot, inputs(), render)


def memoised(
    memo: PageMemo | None, path: str, inputs: Callable[[], Iterable[str]], render: Callable[[], str]
) -> str:
    """``render()``, or with a ``memo`` the page's text as :meth:`PageMemo.text` finds it."""
    return render() if memo is None else memo.text(path, inputs(), render)


def memoised_site_file(
    memo: PageMemo | None, path: str, inputs: Callable[[], Iterable[str]], render: Callable[[], str]
) -> str:
    """``render()``, or with a ``memo`` the file's text as :meth:`PageMemo.site_file` finds
    it."""
    return render() if memo is None else memo.site_file(path, inputs(), render)


def memoised_page(
    memo: PageMemo | None, path: str, template: jinja2.Template, context: Mapping[str, Any]
) -> str:
    """``template`` rendered with ``context`` as the page at ``path``; with a ``memo``,
    only when the context is not the one the page was last rendered from. The context is
    all a template sees besides the environment's code and templates (in the memo's
    salt): its values by their ``repr``, each brief by :func:`listing_fingerprint`."""

    def render() -> str:
        return template.render(**context)

    if memo is None:
        return render()

    def inputs() -> Iterator[str]:
        yield template.name or ""
        yield _shown(context, listing_fingerprint(memo, template.environment))

    return memo.text(path, inputs(), render)


def listing_fingerprint(memo: PageMemo, environment: jinja2.Environment) -> Callable[[Brief], str]:
    """How a page that lists briefs (not an incident's own page) takes each into its key:
    by every field, but its links to related incidents when every template is digest's
    own (they show those links on incident pages only, and new incidents change them)."""
    return functools.partial(memo.fingerprint, related=not _digests_own_templates(environment))


def _shown(value: object, fingerprint: Callable[[Brief], str]) -> str:
    """``repr(value)``, a brief anywhere in it by its fingerprint."""
    if isinstance(value, Brief):
        return f"<brief {fingerprint(value)}>"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{k!r}: {_shown(v, fingerprint)}" for k, v in value.items())
        return f"{{{inner}}}"
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(_shown(item, fingerprint) for item in value)}]"
    return repr(value)


@functools.lru_cache(maxsize=4)
def _digests_own_templates(environment: jinja2.Environment) -> bool:
    """Whether every template ``environment`` can load comes from digest's own folder
    (a project's templates folder adds or overrides none)."""
    own = default_templates_dir().resolve()
    for name in environment.list_templates():
        _, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
        if filename is None or not Path(filename).resolve().is_relative_to(own):
            return False
    return True
