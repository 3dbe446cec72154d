"""``digest inspect FILE``: what digest made of one article, and where each fact came from.

The article is normalised exactly as a build normalises it (its outlet's and feed's
template learned from the project's other articles, then the per-page cleaning), so a user
can see why a page reads as it does: the title and its origin, outlet, date, dateline, the
lines dropped and why, sentences, quotes with speakers, places and figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from digest.model import Article, Document
from digest.normalise import MAX_TEXT_CHARS, normalise
from digest.text.cleaning import clean
from digest.text.outlet_templates import Dropped, learn, strip

PAGE_RULE = "page furniture (per-page rule)"
MARKUP_NOTES = {
    "page": "HTML (the file is a page's source: read as the same bytes saved as .html are)",
    "tags": "text with HTML tags left in (tags removed, entities unescaped)",
    "entities": "text with HTML character entities left in (unescaped)",
}


@dataclass(frozen=True)
class Inspection:
    """The facts of one normalised article, each with where it came from."""

    path: str
    title: str
    title_from: str
    """``metadata`` (the file's or feed's title), ``heading`` (a heading line of the text)
    or ``derived`` (made from the lead sentence)."""
    outlet: str | None
    outlet_from: str | None
    """``metadata``, ``dateline``, ``page footer`` (a copyright or moderation line) or
    ``folder`` (the article's subfolder)."""
    feed: str | None
    url: str | None
    date: str | None
    date_from: str
    """``metadata``, or ``none`` (a missing date stays missing)."""
    first_seen: str | None
    markup: str | None
    """How markup found in a .txt file was read (see :attr:`Document.markup`), or None."""
    dateline: dict[str, str | None] | None
    dropped: tuple[Dropped, ...]
    article: Article

    def as_dict(self) -> dict[str, Any]:
        article = self.article
        return {
            "path": self.path,
            "title": {"text": self.title, "from": self.title_from},
            "outlet": {"name": self.outlet, "from": self.outlet_from},
            "feed": self.feed,
            "url": self.url,
            "date": {"value": self.date, "from": self.date_from, "first_seen": self.first_seen},
            "markup": self.markup,
            "dateline": self.dateline,
            "dropped": [{"line": d.line, "reason": d.reason} for d in self.dropped],
            "sentences": [sentence.text for sentence in article.sentences],
            "quotes": [
                {"text": quote.text, "speaker": quote.speaker, "kind": quote.kind}
                for quote in article.quotes
            ],
            "places": list(article.places),
            "cities": list(article.cities),
            "figures": [
                {
                    "number": figure.number,
                    "category": figure.category,
                    "counted": figure.counted,
                    "qualifier": figure.qualifier,
                    "reporter": figure.reporter,
                }
                for figure in article.figures
            ],
        }


def inspect_document(document: Document, archive: Sequence[Document] = ()) -> Inspection:
    """Normalise ``document`` as a build of ``archive`` (the project's articles, which may
    include it) would. Raises SourceError, as normalising does, when no text is left."""
    others = [other for other in archive if other.path != document.path]
    stripped, template_lines = strip(document, learn([*others, document]))
    article = normalise(stripped)
    page_lines = clean(stripped.text[:MAX_TEXT_CHARS]).removed
    dropped = template_lines + tuple(Dropped(line=line, reason=PAGE_RULE) for line in page_lines)
    return Inspection(
        path=document.path,
        title=article.title,
        title_from=(
            "metadata" if document.title else "derived" if article.title_derived else "heading"
        ),
        outlet=article.outlet,
        outlet_from=_outlet_from(document, article),
        feed=document.feed,
        url=article.url,
        date=article.published.isoformat() if article.published else None,
        date_from="metadata" if article.published else "none",
        first_seen=document.first_seen.isoformat() if document.first_seen else None,
        markup=document.markup,
        dateline=asdict(article.dateline) if article.dateline else None,
        dropped=dropped,
        article=article,
    )


def _outlet_from(document: Document, article: Article) -> str | None:
    """Where normalising took the outlet from (it tries them in this order)."""
    if article.outlet is None:
        return None
    if document.outlet:
        return "metadata"
    if article.dateline and article.dateline.outlet == article.outlet:
        return "dateline"
    if article.outlet == document.folder_outlet:
        return "folder"
    return "page footer"


def render(inspection: Inspection) -> str:
    """The inspection as text for a person to read."""
    facts = inspection.as_dict()
    lines = [
        inspection.path,
        f"  title:      {inspection.title}  [{inspection.title_from}]",
        f"  outlet:     {inspection.outlet or '-'}"
        + (f"  [{inspection.outlet_from}]" if inspection.outlet_from else ""),
    ]
    if inspection.feed:
        lines.append(f"  feed:       {inspection.feed}")
    if inspection.url:
        lines.append(f"  url:        {inspection.url}")
    lines.append(f"  date:       {inspection.date or '-'}  [{inspection.date_from}]")
    if inspection.first_seen:
        lines.append(f"  first seen: {inspection.first_seen}  (by digest fetch, not a date)")
    if inspection.markup:
        lines.append(f"  read as:    {MARKUP_NOTES.get(inspection.markup, inspection.markup)}")
    if inspection.dateline:
        parts = [f"{key} {value}" for key, value in inspection.dateline.items() if value]
        lines.append(f"  dateline:   {'; '.join(parts)}")
    sections: list[tuple[str, list[str]]] = [
        ("dropped", [f"{d['line']}  [{d['reason']}]" for d in facts["dropped"]]),
        ("sentences", facts["sentences"]),
        (
            "quotes",
            [f"“{q['text']}” ({q['kind']}) — {q['speaker'] or '?'}" for q in facts["quotes"]],
        ),
        ("places", facts["places"]),
        ("cities", facts["cities"]),
        ("figures", [_figure(figure) for figure in facts["figures"]]),
    ]
    for name, items in sections:
        lines.append(f"  {name} ({len(items)}):")
        lines.extend(f"    {number}. {item}" for number, item in enumerate(items, 1))
    return "\n".join(lines)


def _figure(figure: dict[str, str | None]) -> str:
    words = [figure["qualifier"], figure["number"], figure["counted"]]
    text = " ".join(word for word in words if word)
    reporter = f", reported by {figure['reporter']}" if figure["reporter"] else ""
    return f"{text} [{figure['category']}{reporter}]"
