"""Outlet and feed templates: lines that recur across many articles of one source.

A menu, a slogan, "submitted by /u/someone [link] [12 comments]", "Continue reading...", a
newsletter footer: what an outlet or a feed prints around every article says nothing about
any one of them. Left in, it is the text the articles have in common, and it groups
unrelated reports into one incident. Such a line is found by how often it recurs within one
source (its document frequency among that source's articles), never by what it says.

A line counts as recurring after masking what differs between otherwise identical copies of
a template: numbers, web addresses, user names, and the article's own title (so that "The
post <title> appeared first on Example" is one line across a feed).

This is the one step of normalising that looks at more than one article; everything here is
a pure function of the documents given.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from digest.model import Document
from digest.text.cleaning import normalise_whitespace

MIN_ARTICLES = 4
"""A line must recur in at least this many articles of one source to be its template.
An outlet often runs two or three reports of one event (an update, a follow-up, a live
page saved twice) that share sentences, and those are news, not template: on the labelled
sets the most articles of one outlet sharing a line is 2 (tests/test_outlet_templates.py)."""
MIN_SHARE = 0.05
"""... and in at least this share of the source's articles: across a large archive, a
background paragraph repeated in a handful of one running story's reports is not the
outlet's template, while a footer recurs in a large part of everything it publishes."""
MAX_TEMPLATE_WORDS = 60
"""Longer lines are articles' paragraphs, never a template line (a template's longest lines
are disclaimers and newsletter blurbs)."""
MAX_SLOTTED_WORDS = 8
"""A template line may have slots (a user, a section, a price: "submitted by * to *") only
when it is this short (a byline, a credit, a link row); a longer line with a word changed is
more likely one sentence pattern a newsroom repeats, and must recur word for word."""
MAX_SLOTS = 2
"""Slots in one line, each one word the source rarely uses; the rest of the line, at least
as many words as its slots, is words the source uses in many articles."""

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_SLOT = "*"
_MASKS = frozenset({"<title>", "<url>"})
_WORD = re.compile(r"[^\W\d_]{2}")
# The marks of a date line: a clock time, or a year beside another number ("June 3, 2012";
# a count alone, "[2018 comments]", is no date).
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Dropped:
    """A line taken out of an article, and why."""

    line: str
    reason: str
    """``"template of feed <url>"`` (or ``outlet <name>``, ``site <host>``)."""


@dataclass(frozen=True)
class Template:
    """What one source prints around its articles."""

    words: frozenset[str]
    """Masked words in at least the floor of its articles: a line's other words are slots."""
    lines: frozenset[str]
    """The template lines, masked, with slots."""


Templates = Mapping[str, Template]
"""Source key (see :func:`sources_of`) → its template."""


def sources_of(document: Document) -> tuple[str, ...]:
    """The sources a document's template can come from: its feed, its outlet, its site.

    Each is a key ``"feed <url>"``, ``"outlet <name>"`` or ``"site <host>"``; a document
    that names none (a lone file) has no template."""
    keys = []
    if document.feed:
        keys.append(f"feed {document.feed}")
    outlet = document.outlet or document.folder_outlet
    if outlet:
        keys.append(f"outlet {outlet.strip().lower()}")
    host = urlsplit(document.url or "").hostname
    if host:
        keys.append(f"site {host.removeprefix('www.')}")
    return tuple(keys)


def masked_words(line: str, title: str | None = None) -> tuple[str, ...]:
    """``line``'s words, lower-cased, with what varies between copies of one template line
    masked: the article's own title, web addresses, numbers."""
    if title and len(title.split()) >= 2:
        line = line.replace(title.strip(), " <title> ")
    line = _URL.sub(" <url> ", line)
    return tuple(_NUMBER.sub("0", line.lower()).split())


def line_key(words: Sequence[str], common: frozenset[str]) -> str | None:
    """The line as a template would print it: rare words are slots. None for a line that
    cannot be a template line (too long, or more slots than a template has)."""
    if len(words) > MAX_TEMPLATE_WORDS:
        return None
    if not any(_WORD.search(word) for word in words if word not in _MASKS):  # or dated
        # Only this article's own title, a number, an address: nothing of a template.
        return None
    slotted = [word if word in common else _SLOT for word in words]
    slots = slotted.count(_SLOT)
    if slots and (
        len(words) > MAX_SLOTTED_WORDS or slots > MAX_SLOTS or len(words) - slots < slots
    ):
        return None
    return " ".join(slotted)


def _lines(document: Document) -> list[tuple[str, tuple[str, ...]]]:
    """Each line of the document and its masked words; no words for a line that states a
    date: a site prints "Published June 3, 2012" on every page, but the date is this
    page's, and the date reader needs it."""
    return [
        (line, () if _is_dated(line) else masked_words(line, document.title))
        for line in normalise_whitespace(document.text)
    ]


def _is_dated(line: str) -> bool:
    if _CLOCK.search(line):
        return True
    return bool(_YEAR.search(line)) and len(_DIGITS.findall(line)) >= 2


def _floor(articles: int) -> int:
    return max(MIN_ARTICLES, math.ceil(MIN_SHARE * articles))


Lines = list[tuple[str, ...]]
"""A document's lines as masked words (see :func:`masked_lines`)."""


def masked_lines(document: Document) -> Lines:
    return [masked for _, masked in _lines(document)]


def by_source(documents: Iterable[Document]) -> dict[str, list[Document]]:
    """The documents of each source, in the order given (a document is in up to three)."""
    members: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        for source in sources_of(document):
            members[source].append(document)
    return dict(sorted(members.items()))


def learn_source(documents: Sequence[Lines]) -> Template | None:
    """A source's template from its documents' lines: the lines that recur (with at most a
    few slots) in at least :data:`MIN_ARTICLES` of them and :data:`MIN_SHARE` of them.
    None when no line does."""
    floor = _floor(len(documents))
    if len(documents) < floor:
        return None
    frequency: Counter[str] = Counter()
    for lines in documents:
        frequency.update({word for words in lines for word in words})
    common = frozenset(word for word, count in frequency.items() if count >= floor)
    recurring: Counter[str | None] = Counter()
    for lines in documents:
        recurring.update({line_key(words, common) for words in lines})
    keys = frozenset(key for key, count in recurring.items() if key and count >= floor)
    return Template(words=common, lines=keys) if keys else None


def learn(documents: Iterable[Document]) -> dict[str, Template]:
    """Each source's template (see :func:`learn_source`); sources without one are left out."""
    lines: dict[str, Lines] = {}
    templates = {}
    for source, members in by_source(documents).items():
        for document in members:
            if document.path not in lines:
                lines[document.path] = masked_lines(document)
        template = learn_source([lines[document.path] for document in members])
        if template is not None:
            templates[source] = template
    return templates


def strip(document: Document, templates: Templates) -> tuple[Document, tuple[Dropped, ...]]:
    """``document`` without the lines of its sources' templates, and the lines dropped.

    The document is returned unchanged (the same object) when nothing applies, so that an
    article whose outlet has no template is cached exactly as before. When the template is
    all the body holds (a link post: "submitted by ... [link] [comments]"), the title is
    what the item says, and becomes its text."""
    applying = [
        (source, templates[source]) for source in sources_of(document) if source in templates
    ]
    if not applying:
        return document, ()
    kept: list[str] = []
    dropped: list[Dropped] = []
    for line, words in _lines(document):
        source = next(
            (
                name
                for name, template in applying
                if line_key(words, template.words) in template.lines
            ),
            None,
        )
        if source is None:
            kept.append(line)
        else:
            dropped.append(Dropped(line=line, reason=f"template of {source}"))
    if not dropped:
        return document, ()
    if not kept and document.title:
        kept = [document.title]
    return with_lines(document, kept), tuple(dropped)


def with_lines(document: Document, kept: Sequence[str]) -> Document:
    """``document`` with ``kept`` as its lines: one paragraph per block, which
    normalise_whitespace reads back as exactly ``kept``."""
    return replace(document, text="\n\n".join(kept))


def without_lines(document: Document, lines: frozenset[str]) -> Document:
    """``document`` without the lines in ``lines`` (the same object when it has none)."""
    paragraphs = normalise_whitespace(document.text)
    kept = [line for line in paragraphs if line not in lines]
    return document if len(kept) == len(paragraphs) else with_lines(document, kept)


def strip_all(
    documents: Sequence[Document], templates: Templates | None = None
) -> tuple[tuple[Document, ...], dict[str, tuple[Dropped, ...]]]:
    """Strip each document of its sources' templates (learned from ``documents`` unless
    given): the documents in order and, by path, the lines dropped from each."""
    if templates is None:
        templates = learn(documents)
    stripped: list[Document] = []
    dropped: dict[str, tuple[Dropped, ...]] = {}
    for document in documents:
        clean, lines = strip(document, templates)
        stripped.append(clean)
        if lines:
            dropped[document.path] = lines
    return tuple(stripped), dropped
