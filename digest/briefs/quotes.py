"""The quotes an incident page shows: attributed, informative, each said once."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.briefs.furniture import stories_of
from digest.model import Article, CitedQuote, Sentence

_MAX_PAGE_QUOTES = 5
_MIN_WORDS = 4
"""A shorter full quote ("We will respond") says little beside the summary."""
_MIN_PARTIAL_WORDS = 3
"""A one- or two-word partial quote (“informed”) means nothing out of its sentence: it stays
in incidents.json but not on the page."""


def all_quotes(articles: Sequence[Article]) -> tuple[CitedQuote, ...]:
    """Every quote found, attributed or not, in source order: for incidents.json."""
    return tuple(
        CitedQuote(
            text=q.text, speaker=q.speaker, article_id=a.id, kind=q.kind, start=q.start, end=q.end
        )
        for a in articles
        for q in a.quotes
    )


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def choose_quotes(
    articles: Sequence[Article],
    summary_text: str = "",
    stories: Sequence[tuple[Sentence, ...]] | None = None,
) -> tuple[CitedQuote, ...]:
    """Attributed quotes of story sentences (``stories``, see
    :func:`digest.briefs.furniture.story_sentences`: a photo's caption may quote), most
    informative first: full quotes before partial ones, longer before shorter, at most two
    per speaker, none repeated (wire copies quote alike) and none the summary already
    shows."""
    attributed = [
        (article, quote)
        for article, story in zip(articles, stories_of(articles, stories), strict=True)
        for starts in [{sentence.start for sentence in story}]
        for quote in article.quotes
        if article.sentences[quote.sentence].start in starts
        and quote.speaker
        and quote.kind != "scare"
        and (quote.kind != "partial" or len(quote.text.split()) >= _MIN_PARTIAL_WORDS)
    ]
    attributed.sort(
        key=lambda aq: (
            aq[1].kind != "full" or len(aq[1].text.split()) < _MIN_WORDS,
            -len(aq[1].text),
            aq[0].id,
            aq[1].start,
        )
    )
    shown = _key(summary_text)
    chosen: list[CitedQuote] = []
    seen: list[str] = []
    per_speaker: dict[str, int] = {}
    for article, quote in attributed:
        key = _key(quote.text)
        speaker = (quote.speaker or "").casefold()
        if not key or any(key in other for other in seen) or (key in shown and len(key) > 40):
            continue
        if per_speaker.get(speaker, 0) >= 2:
            continue
        seen.append(key)
        per_speaker[speaker] = per_speaker.get(speaker, 0) + 1
        chosen.append(
            CitedQuote(
                text=quote.text,
                speaker=quote.speaker,
                article_id=article.id,
                kind=quote.kind,
                start=quote.start,
                end=quote.end,
            )
        )
        if len(chosen) == _MAX_PAGE_QUOTES:
            break
    return tuple(chosen)
