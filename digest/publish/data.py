"""Stage 5c: ``incidents.json``, the machine-readable briefing for other tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from digest.model import Article, Brief, CitedFigure
from digest.publish.memo import PageMemo, memoised_fragment
from digest.publish.pages import coverage
from digest.publish.plan import Site, absolute_url, incident_path

DATA_FILE = "incidents.json"


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "title_derived": article.title_derived,
        "outlet": article.outlet,
        "url": article.url,
        "published": _iso(article.published),
        # "text": the date is the one the page states, not the source's metadata.
        "date_source": article.date_source,
        "path": article.path,
        "dateline": (
            {
                "place": article.dateline.place,
                "region": article.dateline.region,
                "outlet": article.dateline.outlet,
            }
            if article.dateline
            else None
        ),
    }


def _figure(cited: CitedFigure) -> dict[str, Any]:
    figure = cited.figure
    return {
        "number": figure.number,
        "value": figure.value,
        "category": figure.category,
        "counted": figure.counted,
        "qualifier": figure.qualifier,
        "reporter": figure.reporter,
        "sentence": figure.sentence,
        "start": figure.start,
        "end": figure.end,
        "article_id": cited.article_id,
    }


def incident_record(brief: Brief, site: Site) -> dict[str, Any]:
    return {
        "id": brief.incident_id,
        "url": absolute_url(site.url, incident_path(brief.incident_id), site.use_directory_urls),
        "headline": brief.headline,
        "date": _iso(brief.date_start),
        "date_end": _iso(brief.date_end),
        "places": list(brief.places),
        "outlets": list(brief.outlets),
        "coverage": coverage(brief),
        "articles": [_article(article) for article in brief.articles],
        "summary": [{"text": s.text, "article_id": s.article_id} for s in brief.summary],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "article_id": q.article_id,
            }
            for q in brief.all_quotes
        ],
        "related": [
            {"id": link.incident_id, "shared": list(link.shared)} for link in brief.related
        ],
        "undated_articles": brief.undated_articles,
        "locations": [
            {
                "name": place.name,
                "kind": place.kind,
                "country": place.country,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
            for place in brief.locations
        ],
        "key_figures": [
            {
                "category": group.category,
                "disputed": group.disputed,
                "reports": [_figure(cited) for cited in group.reports],
            }
            for group in brief.figures
        ],
        "figures": [_figure(cited) for cited in brief.all_figures],
        "updates": [
            {
                "date": _iso(update.date),
                "kind": update.kind,
                "text": update.text,
                "article_id": update.article_id,
            }
            for update in brief.updates
        ],
    }


def render_json(briefs: Sequence[Brief], site: Site, memo: PageMemo | None = None) -> str:
    """``{"incidents": [...]}``, indented by two. With a ``memo``, each incident's record
    is serialised only when its brief changed: the document is those records' text,
    indented to their depth, exactly as one ``json.dumps`` of the whole would write it."""
    if not briefs:
        return json.dumps({"incidents": []}, indent=2) + "\n"
    records = [
        memoised_fragment(
            memo,
            f"json/{brief.incident_id}",
            lambda brief=brief: (memo.fingerprint(brief),),  # type: ignore[union-attr]
            lambda brief=brief: _dumped(incident_record(brief, site)),  # type: ignore[misc]
        )
        for brief in briefs
    ]
    return '{\n  "incidents": [\n' + ",\n".join(records) + "\n  ]\n}\n"


def _dumped(record: dict[str, Any]) -> str:
    """``record`` as one ``json.dumps`` of the whole document writes it, at its depth."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    # JSON escapes "\n" inside strings, so each "\n" of a record ends one of its lines
    # (not str.splitlines, which also splits on U+2028 and U+0085, left as they are).
    return "    " + text.replace("\n", "\n    ")
