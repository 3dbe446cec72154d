"""Verification: every sentence, quote and number of a brief is in the source it cites.

The promise of a digest page is that a reader can check it. This module checks it for
them, on the machine-readable briefing (``incidents.json`` records) and the articles:

- each summary sentence and each quote is a verbatim substring, after whitespace
  normalisation, of the text of the article it cites;
- each figure's sentence is verbatim in its article and its number is in that sentence;
- a quote's or figure's offsets, where given, point at exactly its words in the article;
- every word of the headline is a word of one of the incident's sources (title or text);
- every cited article exists.

``digest check`` runs it on a built site and ``digest build --strict`` before publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from digest.model import Article, Brief

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CheckFailure:
    incident_id: str
    article_id: str | None
    what: str
    """"summary sentence", "quote", "quote offsets", "figure", "figure sentence", "figure
    offsets", "headline", "source"."""
    text: str

    def __str__(self) -> str:
        where = f"article {self.article_id}" if self.article_id else "its sources"
        shown = self.text if len(self.text) <= 100 else self.text[:97] + "..."
        return f"incident {self.incident_id}: {self.what} not found in {where}: “{shown}”"


@dataclass(frozen=True)
class Source:
    """What a record may cite: an article's title and cleaned text."""

    title: str
    text: str


def sources_of(articles: Iterable[Article]) -> dict[str, Source]:
    return {article.id: Source(title=article.title, text=article.text) for article in articles}


def _flat(text: str) -> str:
    # Whitespace differs between a page and its source (line breaks, non-breaking spaces);
    # nothing else may.
    return " ".join(text.split())


def check_records(
    records: Sequence[Mapping[str, Any]], sources: Mapping[str, Source]
) -> tuple[CheckFailure, ...]:
    """Every failure in ``records`` (``incidents.json``'s ``incidents``), in record order."""
    failures: list[CheckFailure] = []
    flat: dict[str, str] = {}

    def body(article_id: str) -> str | None:
        if article_id not in sources:
            return None
        if article_id not in flat:
            flat[article_id] = _flat(sources[article_id].text)
        return flat[article_id]

    for record in records:
        incident = str(record.get("id"))

        def verbatim(what: str, text: str, article_id: str) -> None:
            found = body(article_id)
            if found is None:
                failures.append(CheckFailure(incident, article_id, "source", article_id))  # noqa: B023
            elif _flat(text) not in found:
                failures.append(CheckFailure(incident, article_id, what, text))  # noqa: B023

        def at(item: Mapping[str, Any], what: str, text: str) -> None:
            # Offsets index the article's cleaned text: a tool that highlights the quote in
            # its source must find exactly the quoted words there.
            start, end, article_id = item.get("start"), item.get("end"), item["article_id"]
            if start is None or end is None or article_id not in sources:
                return
            if sources[article_id].text[start:end] != text:
                failures.append(CheckFailure(incident, article_id, what, text))  # noqa: B023

        for sentence in record.get("summary", ()):
            verbatim("summary sentence", sentence["text"], sentence["article_id"])
        for quote in record.get("quotes", ()):
            verbatim("quote", quote["text"], quote["article_id"])
            at(quote, "quote offsets", quote["text"])
        figures = list(record.get("figures", ()))
        for group in record.get("key_figures", ()):
            figures.extend(group.get("reports", ()))
        for figure in figures:
            verbatim("figure sentence", figure["sentence"], figure["article_id"])
            at(figure, "figure offsets", figure["number"])
            if _flat(figure["number"]) not in _flat(figure["sentence"]):
                failures.append(
                    CheckFailure(incident, figure["article_id"], "figure", figure["number"])
                )
        cited = [str(article.get("id")) for article in record.get("articles", ())]
        headline = str(record.get("headline", ""))
        vocabulary = {
            word
            for article_id in cited
            if article_id in sources
            for word in _words(sources[article_id].title + " " + sources[article_id].text)
        }
        missing = [word for word in _words(headline) if word not in vocabulary]
        if missing:
            failures.append(CheckFailure(incident, None, "headline", headline))
    return tuple(failures)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def check_briefs(briefs: Sequence[Brief]) -> tuple[CheckFailure, ...]:
    """The same check on briefs before they are published (``build --strict``)."""
    from digest.publish.data import incident_record
    from digest.publish.plan import Site

    site = Site(name="", description=None, url=None, use_directory_urls=True, home_limit=0)
    records = [incident_record(brief, site) for brief in briefs]
    return check_records(
        records, sources_of(article for brief in briefs for article in brief.articles)
    )
