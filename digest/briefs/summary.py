"""The summary of an incident: 2–5 verbatim source sentences, central, early, not redundant.

Sentences of all reports are candidates. Each is scored by its TF-IDF cosine to the
centroid of all candidates (what the reports agree on) plus a bonus for lead position
(news puts what happened first) and one for counting what happened (killed, targets
struck, ...), less a penalty for background about other events and for a sentence that is
mostly a quote (the page shows quotes on their own). Then
maximal marginal relevance picks sentences that do not repeat one already chosen, and the
chosen ones are put in story order: leads first, then by position, then by source.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from digest.briefs.furniture import stories_of
from digest.model import Article, CitedSentence, Sentence
from digest.text.stop_words import ENGLISH_STOP_WORDS
from digest.text.tfidf import tfidf

_MAX_SUMMARY = 5
_MIN_SUMMARY = 2
_MIN_WORDS, _MAX_WORDS = 6, 70
_REDUNDANT = 0.35
"""Cosine above which a sentence says what a chosen one already says: two outlets' leads
on one event do (the key numbers still show each one's figures)."""
_REDUNDANT_QUOTE = 0.25
"""... and above which a sentence that is mostly a quote restates a chosen one: a statement
quoted after the lead that reported it ("the ministry said it will summon ..." then "“The
Ministry will summon ...,” the ministry said") is in the reporter's words once and in the
speaker's once, so it shares fewer words than a copy does; the page shows it as a quote."""
_POSITION_BONUS = (0.3, 0.15, 0.05)
_BACKGROUND_PENALTY = 0.2
_QUOTE_PENALTY = 0.1
"""A sentence that is mostly someone's quote belongs in the quotes, not the summary."""
_QUOTED_SHARE = 0.5
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_FIGURE_BONUS = 0.1
"""A sentence that counts what happened ("striking more than 85 targets", "killed at least
16 people") tells the event; the key numbers come from such sentences."""
_BACKGROUND = re.compile(
    r"\b(?:last|previous|earlier|past)\s+(?:year|month|decade|summer|winter|spring|autumn)\b"
    r"|\b(?:in|since|during|until)\s+(?:(?:early|late|mid-)\s*)?(?:19|20)\d\d\b"
    r"|\b(?:\d+|two|three|four|five|six|several|many)\s+years\s+ago\b"
    r"|\b(?:has|have)\s+(?:long|repeatedly|often)\b"
    r"|\bis (?:home to|located|one of the)\b|\bwas founded\b",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_RUN_UP = re.compile(rf"\bsince\s+(?:(?:early|mid|late)-?\s*)?(?:{_MONTHS})\b", re.IGNORECASE)
"""A tally "since mid-October" or "since April" tells the run-up to the event, not the
event. Only the summary skips it: the tally itself (attacks so far) is still a key number."""
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token pattern: words of two or more characters."""
_UNFINISHED = ("?", "...", "…")


def choose_summary(
    articles: Sequence[Article], stories: Sequence[tuple[Sentence, ...]] | None = None
) -> tuple[CitedSentence, ...]:
    """Central, early, non-redundant sentences, in story order, each citing its source:
    only story sentences (``stories``, see :func:`digest.briefs.furniture.story_sentences`)."""
    candidates = _candidates(articles, stories_of(articles, stories))
    if not candidates:
        return ()
    vectors = _tfidf([sentence.text for _, _, sentence in candidates])
    if vectors is None:  # nothing but stop words
        return ()
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    centrality = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    counting = _counting_sentences(articles)
    scores = [
        float(centrality[k])
        + _bonus(position, sentence.text, (article.id, sentence.start) in counting)
        for k, (position, article, sentence) in enumerate(candidates)
    ]
    similarity = (vectors @ vectors.T).toarray()
    # Three sentences tell a single report's story; more sources add more to tell.
    wanted = max(_MIN_SUMMARY, min(_MAX_SUMMARY, 2 + (len(articles) + 1) // 2))
    chosen: list[int] = []
    seen: set[str] = set()
    for k in sorted(range(len(candidates)), key=lambda k: (-scores[k], k)):
        if len(chosen) == wanted:
            break
        text = candidates[k][2].text
        limit = _REDUNDANT_QUOTE if _quoted_share(text) >= _QUOTED_SHARE else _REDUNDANT
        if text in seen or any(similarity[k, c] > limit for c in chosen):
            continue
        chosen.append(k)
        seen.add(text)
    order = {article.id: index for index, article in enumerate(articles)}
    chosen.sort(key=lambda k: (candidates[k][0], order[candidates[k][1].id]))
    return tuple(
        CitedSentence(text=candidates[k][2].text, article_id=candidates[k][1].id) for k in chosen
    )


def _tfidf(texts: Sequence[str]) -> sp.csr_matrix | None:
    """The TF-IDF weights of ``texts``' words (stop words left out): scikit-learn's
    ``TfidfVectorizer(stop_words="english", sublinear_tf=True)``; None when every word is
    a stop word."""
    words = [
        [t for t in _TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS] for text in texts
    ]
    return tfidf(words) if any(words) else None


def is_background(text: str) -> bool:
    """True for a sentence about other, earlier events ("Last year's floods killed 40")."""
    return bool(_BACKGROUND.search(text))


def _bonus(position: int, text: str, counts: bool) -> float:
    bonus = _POSITION_BONUS[position] if position < len(_POSITION_BONUS) else 0.0
    if _BACKGROUND.search(text) or _RUN_UP.search(text):
        bonus -= _BACKGROUND_PENALTY
    elif counts:  # the numbers of background are of other events
        bonus += _FIGURE_BONUS
    if _quoted_share(text) >= _QUOTED_SHARE:
        bonus -= _QUOTE_PENALTY
    return bonus


def _quoted_share(text: str) -> float:
    """The share of ``text`` inside quotation marks."""
    quoted = sum(len(match.group()) for match in _QUOTED.finditer(text))
    return quoted / max(1, len(text))


def _counting_sentences(articles: Sequence[Article]) -> set[tuple[str, int]]:
    """(article id, sentence start) of every sentence that counts what happened: killed,
    injured, targets struck, munitions, ... (see :mod:`digest.text.figures`)."""
    found: set[tuple[str, int]] = set()
    for article in articles:
        starts = [sentence.start for sentence in article.sentences]
        for figure in article.figures:
            k = bisect.bisect_right(starts, figure.start) - 1
            if k >= 0:
                found.add((article.id, starts[k]))
    return found


def _candidates(
    articles: Sequence[Article], stories: Sequence[tuple[Sentence, ...]]
) -> list[tuple[int, Article, Sentence]]:
    found = []
    for article, sentences in zip(articles, stories, strict=True):
        # A caption, a byline or a teaser's headline kept with a page's body is no
        # sentence of its story.
        story = {sentence.start for sentence in sentences}
        for position, sentence in enumerate(article.sentences):
            words = len(sentence.text.split())
            # A question is not a statement of fact, and a sentence cut off by a feed's
            # snippet ("…", "...") is not the source's sentence.
            if (
                _MIN_WORDS <= words <= _MAX_WORDS
                and not sentence.text.endswith(_UNFINISHED)
                and sentence.start in story
            ):
                found.append((position, article, sentence))
    return found
