"""Lines that pages of different stories share around their own text: the site's text.

A site prints the same disclaimer, author bio, newsletter blurb or "about us" paragraph
under each of its articles, and a sidebar of its other stories beside them. When the
outlet of a page is unknown (a raw ``.txt`` page names none) or has too few pages for its
template to be learned (:mod:`digest.text.outlet_templates`), such a paragraph survives
cleaning, and two pages that share only it read as one incident.

Across the build, a paragraph that two articles' cleaned texts both hold is the site's in
an article when it stands above the article's first paragraph of its own or below its last
(where a site prints its text; a sentence shared between paragraphs of their own is a
quote or a wire paragraph), and that article tells another story than every other
article holding it: their titles and leads have few words in common. Wire copies of one story and an
outlet's reports of one event say the same first, so they keep every sentence they share.
Pure functions of the articles given; no site's own strings.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from digest.model import Article
from digest.text.lines import FUNCTION_WORDS, shape

SAME_STORY_WORDS = 3
"""Content words the titles and leads of two reports of one story have in common at least
(a name, a place and a verb between them: "Ascom", "patient" and nothing else is two
press releases of one company)."""
SAME_STORY_SHARE = 0.2
"""... and at least this share of the shorter one's words: two long leads about different
things share a few words by chance."""
MAX_PARTNERS = 20
"""Other holders of a line an article is compared with: a line in more articles than this
is the site's unless the article tells the story of one of the first of them."""
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


LineKey = bytes
"""A paragraph's key: 16 bytes of its BLAKE2 hash (a collision would take about 2**64
distinct paragraphs)."""
Kept = tuple[str, tuple[LineKey, ...], frozenset[str]]
"""What :func:`site_lines_since` keeps of an article between builds: the version it was
read as, its paragraphs' keys and its site lines."""
_HEAD = MAX_PARTNERS + 1
"""A line's first holders: every holder's partners on it are among them."""


def site_lines(articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """Article path → the paragraphs of its text that are the site's (see the module's
    docstring); articles with none are left out."""
    keys = [line_keys(article) for article in articles]
    found = _SiteLines(keys, articles.__getitem__).of(range(len(articles)))
    return dict(sorted((articles[index].path, lines) for index, lines in found.items()))


def site_lines_since(
    kept: Mapping[str, Kept],
    versions: Sequence[tuple[str, str]],
    article: Callable[[int], Article],
) -> tuple[dict[str, frozenset[str]], dict[str, Kept]]:
    """:func:`site_lines` of the articles (``versions``: each one's path and a version that
    changes whenever it does, in the archive's order; ``article`` gives one by its index
    there, asked only for those read again), given what the last build ``kept``; and what
    to keep for the next. Equal to :func:`site_lines` of all the articles.

    An article's site lines depend on its own paragraphs, and on each of its shared lines'
    first holders (its partners: their leads, and the lines they share with it). So they
    are found again only for the articles added or changed, and for the holders of a line
    one of those holds (held, or held before) whose first holders are others than before
    or include one of them; the other articles keep theirs."""
    keys: list[tuple[LineKey, ...]] = []
    changed: list[int] = []
    for index, (path, version) in enumerate(versions):
        last = kept.get(path)
        if last is not None and last[0] == version:
            keys.append(last[1])
        else:
            keys.append(line_keys(article(index)))
            changed.append(index)
    paths = [path for path, _ in versions]
    present = set(paths)
    changed_paths = {paths[index] for index in changed}
    # The lines of the articles added, changed or gone (as they are and as they were).
    touched = {key for index in changed for key in keys[index]}
    for path, (_, was, _) in kept.items():
        if path not in present or path in changed_paths:
            touched.update(was)
    finder = _SiteLines(keys, article)
    before: dict[LineKey, list[str]] = defaultdict(list)
    for path, (_, was, _) in kept.items():
        for key in was:
            if key in touched:
                before[key].append(path)
    again = set(changed)
    for key in touched:
        holders = finder.holders.get(key, [])
        head = [paths[index] for index in holders[:_HEAD]]
        if head != before[key][:_HEAD] or changed_paths.intersection(head):
            again.update(holders)
    found = finder.of(sorted(again))
    lines: dict[str, frozenset[str]] = {}
    keeping: dict[str, Kept] = {}
    for index, (path, version) in enumerate(versions):
        site = found.get(index) if index in again else kept[path][2]
        # Interned: the articles that drop a line then share one string, kept once.
        keeping[path] = (version, keys[index], frozenset(map(sys.intern, site or ())))
        if site:
            lines[path] = site
    return dict(sorted(lines.items())), keeping


def line_keys(article: Article) -> tuple[LineKey, ...]:
    """The keys of an article's distinct paragraphs, sorted."""
    return tuple(sorted({_line_key(line) for line in _paragraphs(article)}))


def _line_key(line: str) -> LineKey:
    return hashlib.blake2b(line.encode(), digest_size=16).digest()


class _SiteLines:
    """The site lines of some of the articles whose paragraphs' keys are ``keys`` (in the
    archive's order): only their own paragraphs and their partners' are looked at."""

    def __init__(self, keys: Sequence[tuple[LineKey, ...]], article: Callable[[int], Article]):
        self.holders: dict[LineKey, list[int]] = defaultdict(list)
        for index, held in enumerate(keys):
            for key in held:
                self.holders[key].append(index)
        self.keys = keys
        self.article = article
        # A line's shape is asked for its article's edges and for its lead: shaped once.
        self.sentence = functools.cache(lambda line: shape(line).sentence)
        self.paragraphs = functools.cache(lambda index: _paragraphs(article(index)))
        self.leads = functools.cache(
            lambda index: _Lead.of(article(index).title, self.paragraphs(index), self.sentence)
        )
        self.held = functools.cache(lambda index: frozenset(keys[index]))
        self.by_key = functools.cache(
            lambda index: {_line_key(line): line for line in self.paragraphs(index)}
        )
        self.different: dict[tuple[int, int], bool] = {}

    def of(self, which: Iterable[int]) -> dict[int, frozenset[str]]:
        found: dict[int, frozenset[str]] = {}
        for one in which:
            lines = self.paragraphs(one)
            shared = {
                line: holders
                for key, line in self.by_key(one).items()
                if len(holders := self.holders[key]) >= 2
            }
            if not shared:
                continue
            edges = _edges(lines, shared, self.sentence)
            dropped = frozenset(
                line
                for line, holders in shared.items()
                if line in edges
                and all(
                    self.differ(one, other)
                    for other in _partners(holders, bisect.bisect_left(holders, one))
                )
            )
            if dropped:
                found[one] = dropped
        return found

    def differ(self, one: int, other: int) -> bool:
        """Whether two articles tell different stories (asked once a pair: this runs over
        the whole archive in a cold build), by what they say first and the lines they
        share as each other's partners."""
        pair = min(one, other), max(one, other)
        if pair not in self.different:
            first, second = pair
            common = set()
            for key in self.held(first) & self.held(second):
                holders = self.holders[key]
                at = bisect.bisect_left(holders, first), bisect.bisect_left(holders, second)
                # Partners either way: one of the two among the line's first holders.
                if min(at) < MAX_PARTNERS:
                    common.add(self.by_key(first)[key])
            self.different[pair] = _different_stories(self.leads(first), self.leads(second), common)
        return self.different[pair]


def _edges(
    lines: list[str], shared: dict[str, list[int]], sentence: Callable[[str], bool]
) -> set[str]:
    """The shared lines above the article's first sentence of its own or below its last:
    where a site prints its text (a date or a byline of its own is no anchor). A sentence
    two reports share between paragraphs of their own is the story's (a quote, a wire
    paragraph)."""
    # Only its first and last sentence of its own matter: sought from either end, so that
    # the lines between are not shaped (this runs over the whole archive every build).
    own = [k for k in range(len(lines)) if lines[k] not in shared]
    first = next((k for k in own if sentence(lines[k])), None)
    if first is None:
        return set(lines)
    last = next(k for k in reversed(own) if sentence(lines[k]))
    return {line for line in lines[:first] + lines[last + 1 :] if line in shared}


def _paragraphs(article: Article) -> list[str]:
    return [line for line in article.text.split("\n") if line.strip()]


def _partners(found: list[int], position: int) -> list[int]:
    return [other for other in found[: MAX_PARTNERS + 1] if other != found[position]][:MAX_PARTNERS]


@dataclass(frozen=True)
class _Lead:
    """What an article says first: its title, its lead (the first paragraph that reads as
    a sentence; a byline or a date line is none) and their content words."""

    title: str
    lead: str
    title_words: frozenset[str]
    lead_words: frozenset[str]

    @classmethod
    def of(cls, title: str, paragraphs: list[str], sentence: Callable[[str], bool]) -> _Lead:
        lead = next((line for line in paragraphs if sentence(line)), "")
        return cls(title.strip().casefold(), lead, _story_words(title), _story_words(lead))


def _different_stories(first: _Lead, second: _Lead, shared: set[str]) -> bool:
    """Whether two articles that share ``shared`` tell different stories by what they say
    first: one lead is one story; else their titles (unless the same: a site's name or
    address as a page's title) and leads have few words in common."""
    if first.lead in shared and second.lead in shared:
        return False
    if first.title == second.title:
        words = first.lead_words, second.lead_words
    else:
        words = first.title_words | first.lead_words, second.title_words | second.lead_words
    if not words[0] or not words[1]:
        return False  # nothing of its own to differ by
    overlap = len(words[0] & words[1])
    return overlap < max(SAME_STORY_WORDS, SAME_STORY_SHARE * min(map(len, words)))


def _story_words(text: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _CONTENT_WORD.findall(text)) - FUNCTION_WORDS
