"""What Python-Markdown's inline patterns make of each distinct text, made once and kept.

The listing pages (weeks, months, story threads, places, people, tags) show each incident as
a card whose heading, date line and summary are the same text on every listing that shows
it, and those listings are rendered again whenever an incident joins them: the inline
patterns spent most of MkDocs' time on text they had seen before (Markdown conversion was
18.5 of MkDocs' 33.7 CPU s in a +1 % build at 10,000 articles, 3/4 of it on listings).

:class:`InlineCache` is a Markdown extension that MkDocs gets for every page. After the block
parser and before the inline patterns, each element whose text is in the cache gets the
elements the inline patterns made of that text (as atomic strings, so that the page's own
inline pass leaves them alone); the texts not cached yet are run through the inline
patterns of a Markdown of the same extensions, together, and stored. Everything after
(MkDocs' link rewriting, the table of contents, attribute lists, escapes) runs on the page as
without the cache, so the HTML is the same.

A text's inline HTML is the same in any page only when it uses nothing of the page: so the
cache is off for a page with link reference definitions or a link around a text, a text with
raw-HTML or attribute-list syntax is left to the page, as is one whose HTML went into
Markdown's raw-HTML stash (entities), and the cache is used only with extensions known to
keep no inline state of the page's (not ``abbr``, whose definitions are the page's).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import tempfile
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, AtomicString, Registry

CACHE_FILE = "inline.pickle"
_FORMAT = 2  # of what is stored: change it with the stored form
# Each entry is kept pickled on its own: the file then loads and saves in a third of the
# time (94,000 entries at 10,000 articles: 0.17 against 0.65 CPU s), and a build unpickles
# only the entries its pages use.
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# Python-Markdown's own extensions whose output for a paragraph is the same in any page.
# Left out: abbr (the page's definitions), footnotes and meta (they rewrite the document),
# smarty (its second inline pass skips the atomic strings the cache gives), and any other
# package's (unknown: the cache is then off).
SAFE_EXTENSIONS = frozenset(
    {
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "fenced_code",
        "legacy_em",
        "md_in_html",
        "nl2br",
        "sane_lists",
        "tables",
        "toc",
    }
)
# Syntax that may make a text's HTML depend on its page: raw HTML and autolinks (<),
# attribute lists ({), Markdown's placeholders (links and references: see _Inline.run).
_PAGE_DEPENDENT = re.compile("[<{\x02\x03]")
# What MkDocs itself adds to every page's Markdown: they run after the inline patterns and
# read, or rewrite the links of, the elements the cache gives like any others.
_MKDOCS_OWN = frozenset({"relpath", "mkdocs_extract_anchors", "mkdocs_extract_title"})
# Builds an entry may go unused before it is dropped (a miss only costs time).
KEEP_BUILDS = 20
_STASHED = HTML_PLACEHOLDER.split("%s")[0]


def cacheable(text: str) -> bool:
    """Whether the inline patterns may make the same of ``text`` in any page."""
    return _PAGE_DEPENDENT.search(text) is None


def _extension_name(extension: object) -> str | None:
    if not isinstance(extension, str):
        return None
    return extension.removeprefix("markdown.extensions.")


def extensions_key(extensions: Sequence[object], configs: Mapping[str, Any]) -> str | None:
    """What a paragraph's HTML depends on besides its text: the extensions, their settings
    and Python-Markdown's version; None when an extension is not known to be safe."""
    if any(_extension_name(extension) not in SAFE_EXTENSIONS for extension in extensions):
        return None
    settings = repr(
        [
            (name, [(key, _stable(value)) for key, value in sorted(configs.get(name, {}).items())])
            for name in map(str, extensions)
        ]
    )
    text = f"{_FORMAT}\n{version('markdown')}\n{settings}"
    return hashlib.sha256(text.encode()).hexdigest()


def _stable(value: object) -> object:
    """A setting as the key holds it: a function (toc's ``slugify``) by its name, not by the
    address its repr shows; a partial by its function and arguments."""
    if isinstance(value, functools.partial):
        arguments = tuple(map(_stable, value.args))
        keywords = tuple((name, _stable(item)) for name, item in sorted(value.keywords.items()))
        return (_stable(value.func), arguments, keywords)
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return value


Node = tuple[str, tuple[tuple[str, str], ...], str | None, str | None, tuple["Node", ...]]
"""An element as stored: tag, attributes, text, tail, children."""
Inline = tuple[str | None, tuple[Node, ...]]
"""What the inline patterns made of a text: the element's text and its new children."""


def for_config(config: Any, cache_dir: Path) -> InlineCache | None:
    """Add the cache to a loaded MkDocs configuration's Markdown extensions, unless one of
    them is not known to be safe with it."""
    extensions, configs = config["markdown_extensions"], config["mdx_configs"] or {}
    key = extensions_key(extensions, configs)
    if key is None:
        return None
    cache = InlineCache(extensions, configs, key, cache_dir / CACHE_FILE)
    extensions.append(cache)
    return cache


class InlineCache(Extension):
    """Give to every page's Markdown (after the page's own extensions); :meth:`save` after
    the build keeps what was converted for the next one."""

    def __init__(
        self, extensions: Sequence[object], configs: Mapping[str, Any], key: str, path: Path
    ) -> None:
        super().__init__()
        self.extensions = list(extensions)
        self.configs = dict(configs)
        self.key = key
        self.path = path
        self.generation, self.entries = _load(path, key)
        self.used: set[str] = set()
        self._alone: Markdown | None = None

    def alone(self) -> Markdown:
        """A Markdown of the configured extensions only, to convert texts with."""
        if self._alone is None:
            self._alone = Markdown(extensions=self.extensions, extension_configs=self.configs)
        return self._alone

    def same_processing(self, md: Markdown) -> bool:
        """Whether a page's Markdown processes inline text as the cache's does: a plugin may
        have added extensions after the configuration was read (its ``on_config``)."""
        alone = self.alone()
        added = _names(md.treeprocessors) - _names(alone.treeprocessors) - _MKDOCS_OWN
        same_patterns = _names(md.inlinePatterns) == _names(alone.inlinePatterns)
        return added <= {"digest_inline"} and same_patterns

    def extendMarkdown(self, md: Markdown) -> None:
        # After the block parser, before the inline patterns (20).
        md.treeprocessors.register(_Inline(md, self), "digest_inline", 25)

    def inline(self, texts: Iterable[str]) -> dict[str, Inline | None]:
        """What the inline patterns make of each of ``texts``: None for one whose HTML
        uses the page's raw-HTML stash (raw HTML, entities). Those not cached yet are
        converted together, in one pass of the inline patterns."""
        found = {}
        missing = []
        for text in texts:
            self.used.add(text)
            entry = self.entries.get(text)
            if entry is None:
                missing.append(text)
            else:
                found[text] = None if entry[0] is None else pickle.loads(entry[0])
        if missing:
            md = self.alone().reset()
            root = etree.Element("div")
            for text in missing:
                etree.SubElement(root, "p").text = text
            md.treeprocessors["inline"].run(root)
            for text, element in zip(missing, root, strict=True):
                made = (element.text, _nodes(element))
                found[text] = None if _stashed(element) else made
                stored = None if found[text] is None else pickle.dumps(made, _PROTOCOL)
                self.entries[text] = (stored, self.generation)
        return found

    def save(self) -> None:
        """Write the entries used by this build or by one of the last :data:`KEEP_BUILDS`."""
        generation = self.generation + 1
        kept = {
            text: (made, generation if text in self.used else used)
            for text, (made, used) in self.entries.items()
            if text in self.used or used > generation - KEEP_BUILDS
        }
        _store(self.path, (self.key, generation, kept))


def _names(registry: Registry[Any]) -> set[str]:
    # A Registry iterates over its items; their names are in its priority list.
    return {entry.name for entry in registry._priority}


def _nodes(element: etree.Element) -> tuple[Node, ...]:
    return tuple(
        (child.tag, tuple(child.attrib.items()), child.text, child.tail, _nodes(child))
        for child in element
    )


def _stashed(element: etree.Element) -> bool:
    return any(_STASHED in text for text in element.itertext())


def _atomic(text: str | None) -> AtomicString | None:
    return None if text is None else AtomicString(text)


def _build(parent: etree.Element, nodes: tuple[Node, ...]) -> None:
    # Every string atomic, so that the page's own inline pass leaves them as they are.
    for tag, attributes, text, tail, children in nodes:
        child = etree.SubElement(parent, tag, dict(attributes))
        child.text = _atomic(text)
        child.tail = _atomic(tail)
        _build(child, children)


class _Inline(Treeprocessor):
    def __init__(self, md: Markdown, cache: InlineCache) -> None:
        super().__init__(md)
        self.cache = cache

    def run(self, root: etree.Element) -> None:
        elements = list(root.iter())
        # A page's link references, or a link around the text (links are not nested),
        # make its inline HTML the page's own.
        if self.md.references or any(element.tag == "a" for element in elements):
            return
        if not self.cache.same_processing(self.md):
            return
        chosen = [
            element
            for element in elements
            if element.text
            and not isinstance(element.text, AtomicString)
            and not len(element)
            and cacheable(element.text)
        ]
        made = self.cache.inline(element.text for element in chosen)
        for element in chosen:
            inline = made[element.text]
            if inline is not None:
                element.text = _atomic(inline[0])
                _build(element, inline[1])


def _load(path: Path, key: str) -> tuple[int, dict[str, tuple[bytes | None, int]]]:
    try:
        with open(path, "rb") as handle:
            stored_key, generation, entries = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        return 0, {}
    if stored_key != key or not isinstance(entries, dict):
        return 0, {}
    return int(generation), entries


def _store(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
