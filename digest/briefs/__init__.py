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

from dataclasses import replace

from digest.briefs.figures import article_figures, key_figures, story_figures
from digest.briefs.furniture import story_sentences
from digest.briefs.headline import choose_headline
from digest.briefs.quotes import all_quotes, choose_quotes
from digest.briefs.summary import choose_summary
from digest.briefs.updates import log_updates
from digest.briefs.where import choose_places, locate
from digest.model import Article, Brief, Incident, PreviousBrief

__all__ = ["brief_of_articles", "with_history", "write_brief"]


def write_brief(incident: Incident, previous: PreviousBrief | None = None) -> Brief:
    """The brief of ``incident``; ``previous`` is what the last build published of it."""
    return with_history(brief_of_articles(incident.articles), incident, previous)


def brief_of_articles(articles: tuple[Article, ...]) -> Brief:
    """Everything of a brief that its articles alone decide (no id, links or update log):
    the costly part, which a build can keep for an incident whose articles are unchanged."""
    dates = [article.published for article in articles if article.published]
    stories = tuple(map(story_sentences, articles))
    places = choose_places(articles, stories)
    summary = choose_summary(articles, stories)
    quotes = choose_quotes(articles, " ".join(sentence.text for sentence in summary), stories)
    figures = article_figures(articles)
    return Brief(
        incident_id="",
        headline=choose_headline(articles),
        articles=articles,
        date_start=min(dates) if dates else None,
        date_end=max(dates) if dates else None,
        places=places,
        outlets=tuple(dict.fromkeys(article.outlet for article in articles if article.outlet)),
        summary=summary,
        quotes=quotes,
        all_quotes=all_quotes(articles),
        figures=key_figures(story_figures(articles, stories)),
        all_figures=figures,
        locations=locate(places),
        undated_articles=len(articles) - len(dates),
    )


def with_history(content: Brief, incident: Incident, previous: PreviousBrief | None) -> Brief:
    """``content`` (from :func:`brief_of_articles`) as the brief of ``incident``: its id, its
    story-thread links, the URLs merged into it and what changed since ``previous``."""
    return replace(
        content,
        incident_id=incident.id,
        articles=incident.articles,
        related=incident.related,
        aliases=incident.aliases,
        updates=log_updates(previous, incident.articles, content.figures, content.quotes),
    )
