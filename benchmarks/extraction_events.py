"""How well the 181 real pages of ../shared/extraction/ are grouped into events, as saved
pages (.html) and as raw scraped text (.txt).

    python benchmarks/extraction_events.py [--flattener lxml ...] [--no-html] [-v]

Each page is written into an article folder as ``<key>.html`` (the page as saved), or
flattened to its visible text one block a line (the flatteners of
``benchmarks/extraction_eval.py``) and written as ``<key>.txt``, as a naive scraper saves
it: menus, footers and all. The folder is read and grouped as ``digest build`` does, and
the incidents are scored with B³ precision, recall and F1 against the events labelled by
hand in ``events.json`` (155 events, 17 reported by several outlets). A page digest
refuses counts as an incident of its own. ``-v`` lists the predicted incidents that join
pages of different events. Not part of the test suite (tests/test_extraction_events.py
asserts a floor).
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
from digest.evaluation.metrics import Scores, bcubed
from digest.incidents import build_incidents
from digest.pipeline import normalise_all
from digest.sources.files import read_article_files


def gold_events() -> dict[str, str]:
    return json.loads((EXTRACTION / "events.json").read_text(encoding="utf-8"))["events"]


def grouped(pages: dict[str, str], suffix: str) -> dict[str, str]:
    """Page key → predicted incident id, the pages written as ``<key><suffix>`` files."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "articles").mkdir()
        for key, text in pages.items():
            (root / "articles" / f"{key}{suffix}").write_text(text, encoding="utf-8")
        documents, problems = read_article_files((root / "articles",), root, 10_000_000)
    articles, refused = normalise_all(documents)
    incidents = build_incidents(articles, ClusterSettings())
    key_of = {document.path: Path(document.path).name.split(".")[0] for document in documents}
    assignments = {
        key_of[article.path]: incident.id for incident in incidents for article in incident.articles
    }
    for problem in (*problems, *refused):
        key = Path(problem.path).name.split(".")[0]
        assignments[key] = f"refused-{key}"
    return assignments


def report(name: str, gold: dict[str, str], predicted: dict[str, str], seconds: float) -> Scores:
    scores = bcubed(gold, predicted)
    print(
        f"{name:<20} B3 P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}"
        f"  ({len(set(predicted.values()))} incidents, {seconds:.0f} s)"
    )
    return scores


def mixed(gold: dict[str, str], predicted: dict[str, str]) -> list[list[str]]:
    """Predicted incidents that join pages of different events: their pages' events."""
    members: dict[str, list[str]] = {}
    for key, incident in sorted(predicted.items()):
        members.setdefault(incident, []).append(gold[key])
    return [events for events in members.values() if len(set(events)) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--flattener",
        action="append",
        choices=sorted(FLATTENERS),
        help="flatteners for the raw-text builds (default: all)",
    )
    parser.add_argument("--no-html", action="store_true", help="skip the .html build")
    parser.add_argument("-v", "--verbose", action="store_true", help="list mixed incidents")
    arguments = parser.parse_args()
    if not EXTRACTION.is_dir():
        raise SystemExit(f"{EXTRACTION} is absent: this benchmark needs ../shared/extraction/")
    gold = gold_events()
    html = {key: load_page(key) for key in sorted(gold)}
    builds: list[tuple[str, str, Callable[[str], str]]] = []
    if not arguments.no_html:
        builds.append((".html", ".html", lambda page: page))
    for name in arguments.flattener or sorted(FLATTENERS):
        builds.append((f".txt ({name})", ".txt", FLATTENERS[name]))
    for label, suffix, flatten in builds:
        started = time.perf_counter()
        predicted = grouped({key: flatten(page) for key, page in html.items()}, suffix)
        report(label, gold, predicted, time.perf_counter() - started)
        if arguments.verbose:
            for events in mixed(gold, predicted):
                print("   ", " + ".join(events))


if __name__ == "__main__":
    main()
