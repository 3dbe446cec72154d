"""Labelled JSONL → Documents the pipeline normalises like any article file."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from digest.errors import SourceError
from digest.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class LabelledArticle:
    id: str
    text: str
    cluster: str
    title: str | None = None
    date: datetime | None = None
    source: str | None = None
    url: str | None = None


def load_labelled(path: Path) -> tuple[LabelledArticle, ...]:
    """Read one labelled article per line; errors name the file and line."""
    records: list[LabelledArticle] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                record = LabelledArticle(
                    id=str(raw["id"]),
                    text=str(raw["text"] or ""),
                    cluster=str(raw["cluster"]),
                    title=raw.get("title") or None,
                    date=_date(raw.get("date")),
                    source=raw.get("source") or None,
                    url=raw.get("url") or None,
                )
            except (ValueError, KeyError, TypeError) as error:
                raise SourceError(f"{path}:{number}: {error}") from error
            if record.id in seen:
                # Real sets repeat ids (BASIL has several "empty"): the line number keeps
                # each article apart without changing the ids of the others.
                log.warning(
                    "%s:%d: duplicate id %r, scored as %r",
                    path,
                    number,
                    record.id,
                    f"{record.id}@{number}",
                )
                record = replace(record, id=f"{record.id}@{number}")
            seen.add(record.id)
            records.append(record)
    return tuple(records)


def _date(value: object) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    # A date without a zone is taken as UTC, as the article files' reader does.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def to_documents(records: tuple[LabelledArticle, ...]) -> dict[str, Document]:
    """One Document per record, keyed by the record's id. The path is made from the id so
    that article ids are as stable as the labelled ids; the gold label is left out."""
    return {
        record.id: Document(
            path=f"eval/{record.id}.txt",
            text=record.text,
            title=record.title,
            url=record.url,
            outlet=record.source,
            published=record.date,
        )
        for record in records
    }
