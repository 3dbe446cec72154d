"""How well the 181 real pages of ../shared/extraction/ are grouped into events, as saved
pages (.html) and as raw scraped text (.txt).

    python benchmarks/extraction_events.py [--flattener lxml ...] [--no-html] [--page-dates] [-v]

Each page is written into an article folder as ``<key>.html`` (the page as saved), or
flattened to its visible text one block a line (the flatteners of
``benchmarks/extraction_eval.py``) and written as ``<key>.txt``, as a naive scraper saves
it: menus, footers and all. The folder is read and grouped as ``digest build`` does, and
the incidents are scored with B³ precision, recall and F1 against the events labelled by
hand in ``events.json`` (155 events, 17 reported by several outlets). A page digest
refuses counts as an incident of its own. ``-v`` lists the predicted incidents that join
pages of different events, and why: for each pair of pages of different events in one,
its similarity field by field, the time factor and the score (as ``digest eval --explain``),
and each page's date and where it came from.

``--page-dates`` adds, for each flattener, a raw-text build in which every page has the
date its saved page states in its metadata, in a ``<key>.yml`` sidecar as a scraper's
record would give it: a raw page states no date but in its text, which may be missing or
read wrong (``digest.incidents.features.clustering_date`` uses either). The difference
between that row and the plain raw-text row is what dates read off the text cost against
metadata; the difference between it and the .html row is what the raw-text cleaning costs.
Not part of the test suite (tests/test_extraction_events.py asserts a floor).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_eval import EXTRACTION, FLATTENERS, load_page

from digest.config import ClusterSettings
from digest.errors import SourceError
from digest.evaluation.metrics import Scores, bcubed
from digest.incidents import build_incidents
from digest.incidents.cluster import pair_explanation
from digest.incidents.features import featurise
from digest.model import Article
from digest.pipeline import normalise_all
from digest.sources.files import extract_html, read_article_files


def gold_events() -> dict[str, str]:
    return json.loads((EXTRACTION / "events.json").read_text(encoding="utf-8"))["events"]


def grouped(
    pages: dict[str, str], suffix: str, dates: dict[str, str] | None = None
) -> dict[str, str]:
    """Page key → predicted incident id, the pages written as ``<key><suffix>`` files (and
    a ``<key>.yml`` sidecar stating ``published`` for the keys in ``dates``)."""
    return build(pages, suffix, dates)[0]


def build(
    pages: dict[str, str], suffix: str, dates: dict[str, str] | None = None
) -> tuple[dict[str, str], tuple[Article, ...]]:
    """:func:`grouped`, and the grouped articles as clustering saw them (sorted by id)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "articles").mkdir()
        for key, text in pages.items():
            (root / "articles" / f"{key}{suffix}").write_text(text, encoding="utf-8")
        for key, published in (dates or {}).items():
            sidecar = root / "articles" / f"{key}.yml"
            sidecar.write_text(f"published: '{published}'\n", encoding="utf-8")
        documents, problems = read_article_files((root / "articles",), root, 10_000_000)
    articles, refused = normalise_all(documents)
    incidents = build_incidents(articles, ClusterSettings())
    assignments = {
        page_key(article): incident.id for incident in incidents for article in incident.articles
    }
    for problem in (*problems, *refused):
        key = Path(problem.path).name.split(".")[0]
        assignments[key] = f"refused-{key}"
    clustered = (article for incident in incidents for article in incident.articles)
    return assignments, tuple(sorted(clustered, key=lambda article: article.id))


def page_key(article: Article) -> str:
    return Path(article.path).name.split(".")[0]


def page_dates(html: dict[str, str]) -> dict[str, str]:
    """Page key → the publication date its saved page states in its metadata (ISO), for
    the pages that state one."""
    dates = {}
    for key, page in html.items():
        try:
            published = extract_html(page)[0].get("published")
        except SourceError:
            continue
        if published:
            dates[key] = str(published)
    return dates


def why_mixed(
    gold: dict[str, str], predicted: dict[str, str], articles: tuple[Article, ...]
) -> list[str]:
    """For each predicted incident that joins pages of different events: its pages (event,
    date and where it came from, title), then each pair of different events' score parts."""
    features = featurise(articles)
    index = {page_key(article): number for number, article in enumerate(articles)}
    lines = []
    for events in mixed(gold, predicted, index):
        keys = [key for key, _ in events]
        lines.append("    " + " + ".join(event for _, event in events))
        for key in keys:
            article = articles[index[key]]
            when = article.published.date() if article.published else None
            lines.append(
                f"      {key[:8]} {gold[key][:40]:<40} {when} ({article.date_source})"
                f" {article.title[:60]!r}"
            )
        for number, first in enumerate(keys):
            for second in keys[number + 1 :]:
                if gold[first] == gold[second]:
                    continue
                a, b = index[first], index[second]
                parts = pair_explanation(
                    features, articles[a], articles[b], a, b, ClusterSettings()
                )
                shown = " ".join(
                    f"{name.removeprefix('similarity: ')} {value:.3f}" for name, value in parts
                )
                lines.append(f"      {first[:8]} × {second[:8]}: {shown}")
    return lines


def report(name: str, gold: dict[str, str], predicted: dict[str, str], seconds: float) -> Scores:
    scores = bcubed(gold, predicted)
    print(
        f"{name:<26} B3 P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}"
        f"  ({len(set(predicted.values()))} incidents, {seconds:.0f} s)"
    )
    return scores


def mixed(
    gold: dict[str, str], predicted: dict[str, str], clustered: dict[str, int] | None = None
) -> list[list[tuple[str, str]]]:
    """Predicted incidents that join pages of different events: their pages (key, event),
    those ``clustered`` (all when None)."""
    members: dict[str, list[tuple[str, str]]] = {}
    for key, incident in sorted(predicted.items()):
        if clustered is None or key in clustered:
            members.setdefault(incident, []).append((key, gold[key]))
    return [pages for pages in members.values() if len({event for _, event in pages}) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--flattener",
        action="append",
        choices=sorted(FLATTENERS),
        help="flatteners for the raw-text builds (default: all)",
    )
    parser.add_argument("--no-html", action="store_true", help="skip the .html build")
    parser.add_argument(
        "--page-dates",
        action="store_true",
        help="also build the raw text with each page's metadata date in a sidecar",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list mixed incidents")
    arguments = parser.parse_args()
    if not EXTRACTION.is_dir():
        raise SystemExit(f"{EXTRACTION} is absent: this benchmark needs ../shared/extraction/")
    gold = gold_events()
    html = {key: load_page(key) for key in sorted(gold)}
    dates = page_dates(html) if arguments.page_dates else None
    builds: list[tuple[str, str, Callable[[str], str], dict[str, str] | None]] = []
    if not arguments.no_html:
        builds.append((".html", ".html", lambda page: page, None))
    for name in arguments.flattener or sorted(FLATTENERS):
        builds.append((f".txt ({name})", ".txt", FLATTENERS[name], None))
        if dates is not None:
            builds.append((f".txt ({name}, dated)", ".txt", FLATTENERS[name], dates))
    for label, suffix, flatten, known in builds:
        started = time.perf_counter()
        predicted, articles = build(
            {key: flatten(page) for key, page in html.items()}, suffix, known
        )
        report(label, gold, predicted, time.perf_counter() - started)
        if arguments.verbose:
            print("\n".join(why_mixed(gold, predicted, articles)))


if __name__ == "__main__":
    main()
