"""``digest eval-quotes``: quote finding scored on hand-labelled articles.

The gold file has the format of ``../shared/seeds/quotes.json``; each file it names is read
like an article of a project (front matter, sidecar, HTML all work), normalised, and its
quotes are scored with :func:`digest.text.quote_eval.score_quotes`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from digest.normalise import normalise
from digest.sources.files import read_article_file
from digest.text.quote_eval import QuoteScore, combine, score_quotes

_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class QuoteReport:
    files: tuple[tuple[str, QuoteScore], ...]
    total: QuoteScore


def evaluate_files(gold_file: Path, folder: Path) -> QuoteReport:
    """Score every file the gold file names; raises ValueError on a malformed gold file."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    items = gold.get("quotes") if isinstance(gold, dict) else gold
    if not isinstance(items, list):
        raise ValueError(f"{gold_file}: expected {{'quotes': [...]}}")
    by_file: dict[str, list[dict]] = {}
    for item in items:
        if not isinstance(item, dict) or "file" not in item or "quote" not in item:
            raise ValueError(f"{gold_file}: every quote needs 'file' and 'quote': {item!r}")
        by_file.setdefault(str(item["file"]), []).append(item)
    files = []
    for name in sorted(by_file):
        document = read_article_file(folder / name, name, folder, _MAX_BYTES)
        article = normalise(document)
        files.append((name, score_quotes(by_file[name], article.quotes)))
    return QuoteReport(files=tuple(files), total=combine([score for _, score in files]))
