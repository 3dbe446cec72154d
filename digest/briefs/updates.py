"""What changed since the previous build: new sources, new figures, new quotes.

The previous build's state is read back from its generated page (see
:func:`digest.publish.pages.previous_briefs`), so the log survives deleting ``.digest/``.
Entries are dated by the newest article date involved, never by the build time, so the
same inputs always give the same page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from digest.model import Article, CitedFigure, CitedQuote, KeyFigure, PreviousBrief, Update

_MAX_UPDATES = 20
_NEVER = datetime.min.replace(tzinfo=UTC)


def figure_key(cited: CitedFigure) -> str:
    return f"{cited.figure.category}:{cited.figure.value:g}:{cited.article_id}"


def quote_key(quote: CitedQuote) -> str:
    words = " ".join(re.findall(r"\w+", quote.text.lower()))
    return hashlib.sha1(f"{quote.article_id}|{words}".encode()).hexdigest()[:12]


def figure_phrase(cited: CitedFigure) -> str:
    figure = cited.figure
    parts = [figure.qualifier, figure.number, figure.counted, _VERB.get(figure.category)]
    phrase = " ".join(part for part in parts if part)
    # "At least 12 people" opened its sentence; here it follows "New figure (killed): ".
    return phrase[:1].lower() + phrase[1:]


_VERB = {
    "killed": "killed",
    "injured": "injured",
    "missing": "missing",
    "displaced": "displaced",
    "arrested": "arrested",
}


def log_updates(
    previous: PreviousBrief | None,
    articles: Sequence[Article],
    figures: Sequence[KeyFigure],
    quotes: Sequence[CitedQuote],
) -> tuple[Update, ...]:
    """The previous log plus what is new in this build, newest first."""
    if previous is None:
        return ()  # a first build, or a new incident: nothing has "changed" yet
    by_id = {article.id: article for article in articles}
    new: list[Update] = []
    for article in articles:
        if article.id not in previous.articles:
            outlet = f"{article.outlet}: " if article.outlet else ""
            new.append(_update(article, "source", f"New source: {outlet}{article.title}"))
    if previous.figures is not None:
        for group in figures:
            for cited in group.reports:
                if figure_key(cited) not in previous.figures and cited.article_id in by_id:
                    article = by_id[cited.article_id]
                    who = cited.figure.reporter or article.outlet or "a source"
                    text = f"New figure ({group.category}): {figure_phrase(cited)}, per {who}"
                    new.append(_update(article, "figure", text))
    if previous.quotes is not None:
        for quote in quotes:
            if quote_key(quote) not in previous.quotes and quote.article_id in by_id:
                text = f"New quote from {quote.speaker}"
                new.append(_update(by_id[quote.article_id], "quote", text))
    seen: set[tuple[str, str, str]] = set()
    merged: list[Update] = []
    for update in (*new, *previous.updates):
        key = (update.kind, update.text, update.article_id)
        if key not in seen:
            seen.add(key)
            merged.append(update)
    merged.sort(key=lambda u: (u.kind, u.text))
    merged.sort(key=lambda u: u.date or _NEVER, reverse=True)  # stable: undated last
    return tuple(merged[:_MAX_UPDATES])


def _update(article: Article, kind: str, text: str) -> Update:
    return Update(date=article.published, kind=kind, text=text, article_id=article.id)  # type: ignore[arg-type]
