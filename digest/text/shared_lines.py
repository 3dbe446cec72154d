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

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
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


def site_lines(articles: Sequence[Article]) -> dict[str, frozenset[str]]:
    """Article path → the paragraphs of its text that are the site's (see the module's
    docstring); articles with none are left out."""
    paragraphs = [_paragraphs(article) for article in articles]
    holders: dict[str, list[int]] = defaultdict(list)
    for index, lines in enumerate(paragraphs):
        for line in sorted(set(lines)):
            holders[line].append(index)
    shared = {line: found for line, found in holders.items() if len(found) >= 2}
    if not shared:
        return {}
    common: dict[tuple[int, int], set[str]] = defaultdict(set)
    for line, found in shared.items():
        for position, one in enumerate(found):
            for other in _partners(found, position):
                common[min(one, other), max(one, other)].add(line)
    holding = sorted({index for found in shared.values() for index in found})
    # A line's shape is asked for its article's edges and for its lead: shaped once.
    sentence = functools.cache(lambda line: shape(line).sentence)
    edges = {index: _edges(paragraphs[index], shared, sentence) for index in holding}
    # A pair's stories are compared only when a line at an article's edge asks, and each
    # article's lead and words are found once: this runs over the whole archive each build.
    leads: dict[int, _Lead] = {}
    different: dict[tuple[int, int], bool] = {}

    def differ(one: int, other: int) -> bool:
        pair = min(one, other), max(one, other)
        if pair not in different:
            for index in pair:
                if index not in leads:
                    leads[index] = _Lead.of(articles[index].title, paragraphs[index], sentence)
            different[pair] = _different_stories(leads[pair[0]], leads[pair[1]], common[pair])
        return different[pair]

    dropped: dict[str, set[str]] = defaultdict(set)
    for line, found in shared.items():
        for position, one in enumerate(found):
            if line in edges[one] and all(
                differ(one, other) for other in _partners(found, position)
            ):
                dropped[articles[one].path].add(line)
    return {path: frozenset(lines) for path, lines in sorted(dropped.items())}


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
