"""Stage 4: an incident becomes a brief a reader can check.

Every summary sentence is a verbatim sentence of one source and carries that source's id;
every quote is verbatim with its speaker as the source names them. Nothing is paraphrased.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from digest.model import Article, Brief, CitedQuote, CitedSentence, Incident, Sentence

__all__ = ["write_brief"]

_MAX_SUMMARY = 4
_MIN_WORDS, _MAX_WORDS = 6, 70
_REDUNDANT = 0.5
_MAX_PAGE_QUOTES = 5
# A lead sentence says what happened; later ones tend to recap background.
_POSITION_BONUS = (0.3, 0.15, 0.05)


def write_brief(incident: Incident) -> Brief:
    articles = incident.articles
    dates = [article.published for article in articles if article.published]
    return Brief(
        incident_id=incident.id,
        headline=_headline(articles),
        articles=articles,
        date_start=min(dates) if dates else None,
        date_end=max(dates) if dates else None,
        places=_places(articles),
        outlets=_unique(article.outlet for article in articles if article.outlet),
        summary=_summary(articles),
        quotes=_page_quotes(articles),
        all_quotes=tuple(
            CitedQuote(text=q.text, speaker=q.speaker, article_id=a.id, kind=q.kind)
            for a in articles
            for q in a.quotes
        ),
        related=incident.related,
    )


def _unique(items: object) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:  # type: ignore[attr-defined]
        seen.setdefault(item, None)
    return tuple(seen)


def _headline(articles: Sequence[Article]) -> str:
    """The title most like the other reports (a real title before a derived one)."""
    titled = [article for article in articles if not article.title_derived] or list(articles)
    if len(titled) == 1:
        return titled[0].title
    words = Counter(
        word for article in articles for word in set(re.findall(r"\w+", article.text.lower()))
    )

    def support(article: Article) -> tuple[float, str]:
        title_words = set(re.findall(r"\w+", article.title.lower()))
        score = sum(words[word] for word in title_words) / (len(title_words) or 1)
        return (-score, article.id)

    return min(titled, key=support).title


def _places(articles: Sequence[Article]) -> tuple[str, ...]:
    datelines = Counter(a.dateline.place for a in articles if a.dateline and a.dateline.place)
    mentioned = Counter(place for a in articles for place in a.places if place not in datelines)
    ranked = [place for place, _ in sorted(datelines.items(), key=lambda x: (-x[1], x[0]))]
    ranked += [place for place, _ in sorted(mentioned.items(), key=lambda x: (-x[1], x[0]))]
    return tuple(ranked[:4])


def _candidates(articles: Sequence[Article]) -> list[tuple[int, Article, Sentence]]:
    found = []
    for article in articles:
        for position, sentence in enumerate(article.sentences):
            words = len(sentence.text.split())
            if _MIN_WORDS <= words <= _MAX_WORDS and not sentence.text.endswith("?"):
                found.append((position, article, sentence))
    return found


def _summary(articles: Sequence[Article]) -> tuple[CitedSentence, ...]:
    """Central, early, non-redundant sentences (MMR over TF-IDF), in story order."""
    candidates = _candidates(articles)
    if not candidates:
        return ()
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [sentence.text for _, _, sentence in candidates]
        )
    except ValueError:
        return ()
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    centrality = vectors @ (centroid / norm)
    scores = [
        float(centrality[k]) + (_POSITION_BONUS[pos] if pos < len(_POSITION_BONUS) else 0.0)
        for k, (pos, _, _) in enumerate(candidates)
    ]
    similarity = (vectors @ vectors.T).toarray()
    wanted = min(_MAX_SUMMARY, 2 + len(articles))
    chosen: list[int] = []
    seen_texts: set[str] = set()
    for k in sorted(range(len(candidates)), key=lambda k: (-scores[k], k)):
        if len(chosen) == wanted:
            break
        text = candidates[k][2].text
        if text in seen_texts or any(similarity[k, c] > _REDUNDANT for c in chosen):
            continue
        chosen.append(k)
        seen_texts.add(text)
    order = {article.id: index for index, article in enumerate(articles)}
    chosen.sort(key=lambda k: (candidates[k][0], order[candidates[k][1].id]))
    return tuple(
        CitedSentence(text=candidates[k][2].text, article_id=candidates[k][1].id) for k in chosen
    )


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _page_quotes(articles: Sequence[Article]) -> tuple[CitedQuote, ...]:
    """Attributed quotes, longest (most informative) first, each said once."""
    attributed = [
        (article, quote)
        for article in articles
        for quote in article.quotes
        if quote.speaker and quote.kind != "scare"
    ]
    attributed.sort(key=lambda aq: (aq[1].kind != "full", -len(aq[1].text), aq[0].id, aq[1].start))
    chosen: list[CitedQuote] = []
    seen: list[str] = []
    for article, quote in attributed:
        key = _normalised(quote.text)
        if not key or any(key in other for other in seen):
            continue
        seen.append(key)
        chosen.append(
            CitedQuote(
                text=quote.text, speaker=quote.speaker, article_id=article.id, kind=quote.kind
            )
        )
        if len(chosen) == _MAX_PAGE_QUOTES:
            break
    return tuple(chosen)
