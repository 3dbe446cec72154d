"""What makes two reports the same event: weighted TF-IDF vectors of words and of names.

Each article becomes one L2-normalised sparse row, the weighted concatenation of
- stemmed content words of the title, of the lead and of the body (three sub-vectors);
- names (capitalised phrases: people, places, organisations) and numbers with the noun
  they count ("85 targets"), which tell one event from another of the same kind.
The lead, the names and the body come from the text that reads as prose
(:mod:`digest.incidents.prose`), not from a page's menus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from snowballstemmer.english_stemmer import EnglishStemmer

from digest.incidents.prose import prose_sentences, without_fragments
from digest.model import Article
from digest.text.stop_words import ENGLISH_STOP_WORDS
from digest.text.tfidf import normalised_rows, tfidf

_LEAD_SENTENCES = 2
# Title, lead, body, names: equal weights. The lead is counted on its own as well as in
# the body because it says what happened; later paragraphs often recap older events.
_FIELD_WEIGHTS = (1.0, 1.0, 1.0, 1.0)
FIELDS = ("title", "lead", "body", "names")
_WORD = re.compile(r"(?u)\b[^\W\d_][\w'-]+\b")
# The Snowball English (Porter2) stemmer in pure Python: the class itself, not
# ``snowballstemmer.stemmer``, which picks PyStemmer's C stems when that is installed.
# Kept below 3.0 (pyproject.toml): Snowball 3's English stems 55 of the shared corpora's
# 32,406 words otherwise ("international", "university", "added"). 2.x gives NLTK 3.10's
# stems for all but a handful (11 of 160,659 distinct words: -izer/-ization such as
# "realization", hyphenated -rated such as "r-rated"; tests/test_words.py).
# One instance, which keeps the word it stems in itself, so it is not thread-safe:
# featurising runs in one thread.
_STEMMER = EnglishStemmer()

_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'-]*[a-z0-9][\w’'-]*|[A-Z]{2,}[\w’'-]*)"
    r"(?:[^\S\n]+(?:(?:of|al|bin|de|del|la|the|for)[^\S\n]+)?(?:[A-Z][\w’'-]*))*"
)
_NUMBER = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z-]+\s+)?([a-z]{3,})\b")
_WEEKDAYS = {
    day: index
    for index, day in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_ANY_DAY = len(_WEEKDAYS)
DAY_COLUMNS = _ANY_DAY + 1
"""Columns of :attr:`Features.days`: one per weekday, then "names any"."""
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s\b")
# Capitalised words that are not names: sentence openers, days, months, titles.
_NOT_NAMES = frozenset(
    """a an the this that these those it its he she they we i in on at of for to by with from
    as after before but and or if when while monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december mr mrs ms dr gen col maj capt lt sgt gov sen rep st president minister prime
    spokesman spokeswoman officials official
    there here some one two three many more most several""".split()
)


@dataclass(frozen=True)
class Features:
    """The sparse vectors of a batch of articles (rows in the order given)."""

    matrix: sp.csr_matrix
    names: tuple[frozenset[str], ...]
    """Each article's names as written (possessive 's removed), to explain links."""
    specific: sp.csr_matrix | None = None
    """The names/places/numbers sub-vector alone (normalised rows): finds story threads
    across time without comparing every pair of articles on every word."""
    widths: tuple[int, ...] = ()
    """Columns of each field in :attr:`matrix`, in :data:`FIELDS` order (to explain a pair)."""
    days: np.ndarray | None = None
    """The weekdays an undated article's title and lead name ("on Monday"): seven columns,
    the row's L2-normalised indicator, then an eighth that is 1 when it names any (a dated
    article's row is empty). See :func:`day_conflict`."""


def day_conflict(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How far reports disagree on the day of the event, for each pair of rows of ``days``
    (or of sums of rows: then the sum over all cross pairs of two groups): 1 when both
    leads name a weekday and not the same one, 0 when they name the same or either names
    none. News leads say when it happened ("the court ruled on Monday"): two reports of one
    event name the same day, the next development of the story names the next. Measured on
    the undated labelled sets: 7 % of an article's nearest same-event neighbours name
    another day, against half of its nearest other-event ones."""
    first, second = np.atleast_2d(first), np.atleast_2d(second)
    shared = (first[:, :_ANY_DAY] * second[:, :_ANY_DAY]).sum(axis=1)
    return first[:, _ANY_DAY] * second[:, _ANY_DAY] - shared


def clustering_date(article: Article) -> datetime | None:
    """The date that bounds which reports can be one incident: the article's publication
    date, from metadata or, failing that, the one its page states near its top.

    Raw pages carry no metadata: their own date line is all a scraper's copy has, and it
    agrees with the page's metadata on 85 % of the extraction pages, where every report of
    one event is dated within a day of the others and pages of one site or one subject
    days or months apart are other events. Without it they merge (B3 precision of the
    raw-text builds 0.875 against 0.919 with it). The cost: ECB+ labels follow-ups weeks
    to years later as the event itself (a trial under the shooting), and left out of
    fitting it falls from 0.895 to 0.846.
    """
    return article.published


def _days(articles: Sequence[Article]) -> np.ndarray:
    rows = np.zeros((len(articles), DAY_COLUMNS))
    for index, article in enumerate(articles):
        if clustering_date(article) is not None:
            continue  # its date says more, and the time window already uses it
        title = "" if article.title_derived else article.title
        named = {_WEEKDAYS[day.lower()] for day in _WEEKDAY.findall(f"{title} {_lead(article)}")}
        if named:
            rows[index, list(named)] = 1.0 / np.sqrt(len(named))
            rows[index, _ANY_DAY] = 1.0
    return rows


def names_in(text: str) -> list[str]:
    """Capitalised phrases of ``text`` as written, without a possessive 's."""
    found = []
    for match in _NAME.finditer(text):
        words = _POSSESSIVE.sub("", match.group(0)).split()
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
        if words and not (len(words) == 1 and len(words[0]) < 3):
            found.append(" ".join(words))
    return found


@lru_cache(maxsize=200_000)
def is_country_level(name: str) -> bool:
    """ "Iraq", "Iraqi", "Syrian": names of a whole country say which region a story is
    about, not which event; every report on the region repeats them."""
    from digest.text.places import country_names, country_stems

    lowered = name.lower()
    if lowered in country_names():
        return True
    # Demonyms: Iraqi, Syrian, Iranian, Chinese — a country's stem plus a short suffix.
    return " " not in lowered and any(
        lowered.startswith(stem) and len(lowered) - len(stem) <= 4
        for stem in country_stems().get(lowered[:4], ())
    )


def _numbers_in(text: str) -> list[str]:
    return [f"{number.replace(',', '')} {noun}" for number, noun in _NUMBER.findall(text)]


def _words(text: str) -> list[str]:
    """Content words, lowercased, possessive 's and stop words removed, stemmed: short
    reports of one event word it differently ("outage"/"outages", "ruled"/"rules")."""
    tokens = []
    known = _TERMS
    for word in _WORD.findall(text.lower().replace("’", "'")):
        term = known.get(word)
        if term is None:
            term = _term(word)
            if len(known) < _MAX_TERMS:
                known[word] = term
        if term:
            tokens.append(term)
    return tokens


# Word as written → its stem, or "" for a stop word: the stemmer is the costly part of
# featurising, and a news archive reuses a few hundred thousand words.
_TERMS: dict[str, str] = {}
_MAX_TERMS = 500_000


def _term(word: str) -> str:
    word = word.removesuffix("'s")
    return "" if word in ENGLISH_STOP_WORDS else _STEMMER.stemWord(word)


def _lead(article: Article) -> str:
    """The first sentences of the article's prose: what happened (not the first lines of a
    page, which may be its menus)."""
    return " ".join(prose_sentences(article)[:_LEAD_SENTENCES])


def _places(article: Article, prose: str) -> list[str]:
    """The article's places named in its prose (or its dateline): a menu's "Africa Asia
    Europe" is no place the story happened."""
    first = article.dateline.place if article.dateline else None
    return [place for place in article.places if place == first or place in prose]


def _name_tokens(article: Article, text_names: list[str], prose: str) -> list[str]:
    title = "" if article.title_derived else article.title
    tokens = names_in(title) + text_names + _places(article, prose)
    tokens = [token.lower() for token in tokens]
    tokens = [token for token in tokens if not is_country_level(token)]
    return tokens + _numbers_in(prose)


@dataclass(frozen=True)
class Tokens:
    """What :func:`featurise` reads of one article, which depends on that article alone
    (so a build can keep it, see :func:`digest.cache.cached_tokens`)."""

    fields: tuple[tuple[str, ...], ...]
    """The terms of each field, in :data:`FIELDS` order."""
    names: frozenset[str]
    """Its names as written (see :attr:`Features.names`)."""


def tokens_of(article: Article) -> Tokens:
    # Names and numbers from the prose only: those in menus and link lists are not the
    # story's actors. The body leaves out the short lines that are not prose (menu items).
    prose = "\n".join(prose_sentences(article))
    found = names_in(prose)
    return Tokens(
        fields=(
            tuple(_words("" if article.title_derived else article.title)),
            tuple(_words(_lead(article))),
            tuple(_words(without_fragments(article))),
            tuple(_name_tokens(article, found, prose)),
        ),
        names=frozenset(found + _places(article, prose)),
    )


def featurise(articles: Sequence[Article], tokens: Sequence[Tokens] | None = None) -> Features:
    """One normalised row per article: the weighted concatenation of the title, lead, body
    and names sub-vectors, each normalised first, so that the dot product of two rows is
    the weighted mean of the four cosines (Miranda et al., 2018). ``tokens``: each
    article's :func:`tokens_of`, if already known."""
    if tokens is None:
        tokens = [tokens_of(article) for article in articles]
    fields = [[each.fields[k] for each in tokens] for k in range(len(FIELDS))]
    vectors = [tfidf(documents) for documents in fields]
    parts = [
        np.sqrt(weight) * vector for weight, vector in zip(_FIELD_WEIGHTS, vectors, strict=True)
    ]
    matrix = normalised_rows(sp.hstack(parts, format="csr"))
    return Features(
        matrix=matrix,
        names=tuple(each.names for each in tokens),
        specific=vectors[-1],
        widths=tuple(vector.shape[1] for vector in vectors),
        days=_days(articles),
    )
