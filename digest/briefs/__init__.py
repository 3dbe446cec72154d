"""Stage 4: an incident becomes a brief a reader can check.

Every summary sentence is a verbatim sentence of one source and carries that source's id;
every quote is verbatim with its speaker as the source names them; every number is a
number of a source sentence, with who reported it. Nothing is paraphrased.

    headline.py  the best existing title
    where.py     places (dateline, cities, countries) and their gazetteer entries
    summary.py   2–5 central, early, non-redundant sentences in story order
    quotes.py    the quotes a page shows
    figures.py   key numbers side by side, disagreements flagged
    updates.py   what changed since the previous build
"""

from __future__ import annotations

from digest.briefs.figures import article_figures, key_figures
from digest.briefs.headline import choose_headline
from digest.briefs.quotes import all_quotes, choose_quotes
from digest.briefs.summary import choose_summary
from digest.briefs.updates import log_updates
from digest.briefs.where import choose_places, locate
from digest.model import Brief, Incident, PreviousBrief

__all__ = ["write_brief"]


def write_brief(incident: Incident, previous: PreviousBrief | None = None) -> Brief:
    """The brief of ``incident``; ``previous`` is what the last build published of it."""
    articles = incident.articles
    dates = [article.published for article in articles if article.published]
    places = choose_places(articles)
    summary = choose_summary(articles)
    quotes = choose_quotes(articles, " ".join(sentence.text for sentence in summary))
    figures = article_figures(articles)
    key = key_figures(figures)
    return Brief(
        incident_id=incident.id,
        headline=choose_headline(articles),
        articles=articles,
        date_start=min(dates) if dates else None,
        date_end=max(dates) if dates else None,
        places=places,
        outlets=tuple(dict.fromkeys(article.outlet for article in articles if article.outlet)),
        summary=summary,
        quotes=quotes,
        all_quotes=all_quotes(articles),
        related=incident.related,
        aliases=incident.aliases,
        figures=key,
        all_figures=figures,
        locations=locate(places),
        undated_articles=len(articles) - len(dates),
        updates=log_updates(previous, articles, key, quotes),
    )
