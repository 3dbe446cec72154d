"""Key numbers of an incident: what each source counts, side by side, disagreements flagged.

Each report contributes its first figure of each category (news gives the current toll
first; later figures of the same kind are often earlier tolls or other events), skipping
figures in sentences of background; figures it lists together ("two locations in Syria and
one location in Iraq") are one figure, their sum, shown as the report words it. When
sources give different values for a casualty count or a strike's size, the key figure is
flagged as disputed: "at least 16 killed" and "18 killed" are shown side by side, each with
who reported it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from digest.briefs.furniture import stories_of
from digest.briefs.summary import is_background
from digest.model import Article, CitedFigure, Figure, FigureCategory, KeyFigure, Sentence
from digest.text.figures import listed_together

CATEGORY_ORDER: tuple[FigureCategory, ...] = (
    "killed", "injured", "missing", "displaced", "arrested", "targets", "munitions",
    "attacks", "troops", "money",
)  # fmt: skip
# Troops deployed and money pledged often differ between reports because they count
# different things (troops in Iraq vs in Syria), so only these are flagged.
_DISPUTABLE = frozenset(("killed", "injured", "missing", "displaced", "arrested", "targets"))


def article_figures(articles: Sequence[Article]) -> tuple[CitedFigure, ...]:
    """Every figure of every report, in source order."""
    return tuple(
        CitedFigure(figure=figure, article_id=article.id)
        for article in articles
        for figure in article.figures
    )


def story_figures(
    articles: Sequence[Article], stories: Sequence[tuple[Sentence, ...]] | None = None
) -> tuple[CitedFigure, ...]:
    """The figures of the reports' story sentences (``stories``, see
    :func:`digest.briefs.furniture.story_sentences`): a price in a subscription offer or a
    count in a teaser's headline that a page kept with its body is no key number."""
    found = []
    for article, story in zip(articles, stories_of(articles, stories), strict=True):
        starts = [sentence.start for sentence in story]  # in text order
        for figure in article.figures:
            k = bisect.bisect_right(starts, figure.start) - 1
            if k >= 0 and figure.start < story[k].end:
                found.append(CitedFigure(figure=figure, article_id=article.id))
    return tuple(found)


def key_figures(figures: Sequence[CitedFigure]) -> tuple[KeyFigure, ...]:
    first: dict[tuple[FigureCategory, str], CitedFigure] = {}
    for cited in _lists_joined(figures):
        key = (cited.figure.category, cited.article_id)
        if is_background(cited.figure.sentence):
            continue
        first.setdefault(key, cited)
    groups: list[KeyFigure] = []
    for category in CATEGORY_ORDER:
        reports = tuple(cited for (kind, _), cited in first.items() if kind == category)
        if not reports:
            continue
        values = {cited.figure.value for cited in reports}
        groups.append(
            KeyFigure(
                category=category,
                reports=reports,
                disputed=category in _DISPUTABLE and len(values) > 1,
            )
        )
    return tuple(groups)


def _lists_joined(figures: Sequence[CitedFigure]) -> list[CitedFigure]:
    """Each report's lists of figures as one figure: "two locations in Syria and one location
    in Iraq" is three targets, shown as the report lists them."""
    by_article: dict[str, list[Figure]] = {}
    for cited in figures:
        by_article.setdefault(cited.article_id, []).append(cited.figure)
    return [
        CitedFigure(figure=figure, article_id=article_id)
        for article_id, found in by_article.items()
        for figure in listed_together(found)
    ]
