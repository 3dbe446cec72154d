"""What makes two reports the same event: weighted TF-IDF vectors of words and of names.

Each article becomes one L2-normalised sparse row, the weighted concatenation of
- words of the title and lead (counted twice: the lead says what happened; later
  paragraphs often recap older events) and of the body;
- names (capitalised phrases: people, places, organisations) and numbers with the noun
  they count ("85 targets"), which tell one event from another of the same kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from digest.model import Article

_LEAD_SENTENCES = 3
_WORD_WEIGHT = 1.0
_NAME_WEIGHT = 0.8

_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'-]*[a-z0-9][\w’'-]*|[A-Z]{2,}[\w’'-]*)"
    r"(?:\s+(?:(?:of|al|bin|de|del|la|the|for)\s+)?(?:[A-Z][\w’'-]*))*"
)
_NUMBER = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z-]+\s+)?([a-z]{3,})\b")
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


def _word_document(article: Article) -> str:
    lead = " ".join(sentence.text for sentence in article.sentences[:_LEAD_SENTENCES])
    title = "" if article.title_derived else article.title
    return "\n".join((title, lead, article.text))


def _name_tokens(article: Article) -> list[str]:
    lead_end = (
        article.sentences[min(_LEAD_SENTENCES, len(article.sentences)) - 1].end
        if article.sentences
        else 0
    )
    lead = article.text[:lead_end]
    title = "" if article.title_derived else article.title
    tokens = names_in(title) + names_in(lead) + names_in(article.text) + list(article.places)
    tokens = [token.lower() for token in tokens]
    tokens = [token for token in tokens if not is_country_level(token)]
    return tokens + _numbers_in(lead) + _numbers_in(article.text)


def _tfidf(documents: Sequence[object], **options: object) -> sp.csr_matrix:
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float64, **options)  # type: ignore[arg-type]
    try:
        return vectorizer.fit_transform(documents).tocsr()
    except ValueError:  # empty vocabulary: nothing to compare on
        return sp.csr_matrix((len(documents), 1), dtype=np.float64)


def featurise(articles: Sequence[Article]) -> Features:
    """One normalised row per article: words and names, weighted."""
    words = _tfidf(
        [_word_document(article) for article in articles],
        stop_words="english",
        token_pattern=r"(?u)\b[^\W\d_][\w’'-]+\b",
        lowercase=True,
    )
    names = _tfidf([_name_tokens(article) for article in articles], analyzer=lambda tokens: tokens)
    matrix = sp.hstack([_WORD_WEIGHT * words, _NAME_WEIGHT * names], format="csr")
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sp.diags(1.0 / norms) @ matrix
    return Features(
        matrix=sp.csr_matrix(matrix),
        names=tuple(
            frozenset(names_in(article.text) + list(article.places)) for article in articles
        ),
    )
