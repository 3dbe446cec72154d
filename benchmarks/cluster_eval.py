"""Clustering quality on every labelled set in ../shared/eval, beside the baseline.

    python benchmarks/cluster_eval.py [--skip-large]

For each set: articles, gold and predicted incidents, B-cubed and pairwise P/R/F1 of
digest's clustering (the same code path as ``digest eval``, default settings), then the
baseline's (TF-IDF + average-link agglomerative at one global threshold). Prints one table.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digest.evaluation import bcubed, evaluate, load_labelled, pairwise
from digest.evaluation.baseline import DISTANCE_THRESHOLD, baseline_assignments

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SETS = ("ecbplus", "allsides", "basil-dev", "googlenews-ts")
LARGE = 5000  # dense all-pairs baseline above this many articles needs GBs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help=f"skip sets over {LARGE}")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is absent: the evaluation sets live beside the repository")
    header = f"{'set':14} {'system':9} {'arts':>6} {'gold':>5} {'pred':>5}  "
    header += "B3 P   B3 R   B3 F1  pw P   pw R   pw F1   time"
    print(header)
    for name in SETS:
        path = EVAL / f"{name}.jsonl"
        if not path.exists():
            continue
        records = load_labelled(path)
        if args.skip_large and len(records) > LARGE:
            continue
        report = evaluate(path)
        _row(
            name,
            "digest",
            report.articles,
            report.gold_incidents,
            report.predicted_incidents,
            report.bcubed,
            report.pairwise,
            report.seconds,
        )
        gold = {record.id: record.cluster for record in records}
        if len(records) > LARGE:
            print(f"{name:14} baseline  (skipped: dense all-pairs over {LARGE} articles)")
            continue
        import time

        started = time.perf_counter()
        predicted = baseline_assignments(records)
        seconds = time.perf_counter() - started
        _row(
            name,
            f"base@{DISTANCE_THRESHOLD}",
            len(records),
            len(set(gold.values())),
            len(set(predicted.values())),
            bcubed(gold, predicted),
            pairwise(gold, predicted),
            seconds,
        )


def _row(name, system, articles, gold, predicted, b, p, seconds) -> None:  # type: ignore[no-untyped-def]
    print(
        f"{name:14} {system:9} {articles:6d} {gold:5d} {predicted:5d}  "
        f"{b.precision:.3f}  {b.recall:.3f}  {b.f1:.3f}  {p.precision:.3f}  {p.recall:.3f}  "
        f"{p.f1:.3f}  {seconds:5.1f}s",
        flush=True,
    )


if __name__ == "__main__":
    main()
