"""Clustering quality on the shared labelled corpora, beside the baseline.

    python benchmarks/cluster_eval.py            # default settings on every corpus
    python benchmarks/cluster_eval.py --loco     # leave one corpus out (the honest figure)
    python benchmarks/cluster_eval.py --fit-default   # the threshold fitted on every corpus:
                                                      # how the default (ClusterSettings) is chosen
    python benchmarks/cluster_eval.py --multi-outlet  # a diagnostic: the page openings in the
                                                      # held-out sets' mix, at each threshold

Corpora: ECB+, AllSides, BASIL-dev, GoogleNews-TS (a seeded sample of --googlenews
articles, 1,000 by default: the dense baseline and the repeated runs need it) from
../shared/eval/, and the extraction benchmark's 181 pages with their hand-labelled events
(../shared/extraction/), read two ways: as ``digest build`` reads a saved .html page
(extraction-html), and flattened to raw visible text one block a line, as a scraper saves
it, read as a .txt article with its raw-text cleaning (extraction-txt). Each is scored
twice: as it is, and *cut* the way the held-out sets are (no titles, text cut near 2,000
bytes, 60 % of the dates removed); cut from the raw text that is a page *opening*: menus
and all, cut before cleaning, as the held-out excerpts are.

With --loco, every tuned choice (the merge threshold) is fitted on every corpus but one,
full and cut, by mean B-cubed F1, and scored on the one left out (the extraction pages'
two readings are one corpus, left out together); the baseline (TF-IDF +
average-link agglomerative at one fixed distance threshold) has nothing fitted. Prints
B-cubed P/R/F1 of both, the difference in F1, and "R shared": the B-cubed recall of digest and
of the baseline over the articles whose event has other reports only (where a split event
shows, however many lone reports a set has). Not part of the test suite.

--multi-outlet scores the extraction pages' raw openings in the mix of the held-out excerpt
sets: every page of the 17 events that several outlets report, and 17 lone pages chosen by a
hash of their id (the full set's 138 lone pages hide a split event). It prints P/R/F1 and R
shared at each threshold tried, beside the baseline: how the threshold and each change move a
set where most events have several reports. It is a diagnostic, never used for fitting
(34 lone pages' worth of labels is too few to fit on).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from digest.config import ClusterSettings
from digest.evaluation.baseline import DISTANCE_THRESHOLD, baseline_assignments
from digest.evaluation.corpora import (
    EXTRACTION,
    EXTRACTION_TEXT,
    JSONL_SETS,
    load_variants,
    multi_outlet_openings,
)
from digest.evaluation.loco import THRESHOLDS, fit_threshold, groups
from digest.evaluation.metrics import Scores, bcubed, shared_recall
from digest.evaluation.run import group_assignments

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = (*JSONL_SETS, EXTRACTION, EXTRACTION_TEXT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loco", action="store_true", help="leave one corpus out")
    parser.add_argument(
        "--googlenews", type=int, default=1000, help="GoogleNews-TS sample size (default 1000)"
    )
    parser.add_argument("--threshold", type=float, help="merge threshold (without --loco)")
    parser.add_argument(
        "--fit-default",
        action="store_true",
        help="fit the threshold on every corpus (how the default was chosen) and print it",
    )
    parser.add_argument(
        "--multi-outlet",
        action="store_true",
        help="score the page openings in the held-out sets' mix at each threshold and stop",
    )
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated")
    parser.add_argument(
        "--cache", type=Path, help="keep normalised articles in this folder between runs"
    )
    args = parser.parse_args()
    if not (SHARED / "eval").is_dir():
        sys.exit(f"{SHARED / 'eval'} is absent: the evaluation sets live beside the repository")
    settings = ClusterSettings()
    if args.threshold is not None:
        settings = dataclasses.replace(settings, threshold=args.threshold)
    if args.multi_outlet:
        _multi_outlet(settings, args.cache)
        return
    names = [name for name in args.corpora.split(",") if name]
    variants = load_variants(SHARED, names, {"googlenews-ts": args.googlenews}, args.cache)
    if args.fit_default:
        best, f1 = fit_threshold(variants, settings)
        print(f"threshold fitted on all {len(variants)} variants: {best.threshold}", end=" ")
        print(f"(mean B3 F1 {f1:.3f}); the default is {ClusterSettings().threshold}")
        return
    print(f"{'corpus':25} {'arts':>5} {'gold':>5} {'thr':>5}  {'digest P / R / F1':20}  ", end="")
    print(f"{'baseline@' + str(DISTANCE_THRESHOLD) + ' P / R / F1':24}  diff    R shared")
    fitted: dict[str, ClusterSettings] = {}
    totals: list[float] = []
    for variant in variants:
        chosen = settings
        if args.loco:
            if variant.family not in fitted:
                training = [v for v in variants if v.family != variant.family]
                fitted[variant.family] = fit_threshold(training, settings)[0]
            chosen = fitted[variant.family]
        gold = variant.prepared.all_gold
        predicted = group_assignments(variant.prepared, groups(variant, chosen))
        baseline = baseline_assignments(variant.records)
        ours, base = bcubed(gold, predicted), bcubed(gold, baseline)
        totals.append(ours.f1 - base.f1)
        print(
            f"{variant.label:25} {len(variant.records):5d} "
            f"{len(set(gold.values())):5d} {chosen.threshold:5.2f}  "
            f"{_cell(ours):20}  {_cell(base):24}  {ours.f1 - base.f1:+.3f}  "
            f"{shared_recall(gold, predicted):.3f} {shared_recall(gold, baseline):.3f}",
            flush=True,
        )
    print(f"mean difference in B3 F1: {sum(totals) / len(totals):+.3f}")


def _multi_outlet(settings: ClusterSettings, cache: Path | None) -> None:
    variant = multi_outlet_openings(SHARED, cache)
    gold = variant.prepared.all_gold
    events = len(set(gold.values()))
    print(f"page openings, multi-outlet mix: {len(gold)} pages, {events} events")
    baseline = baseline_assignments(variant.records)
    print(f"{'threshold':>9}  {'digest P / R / F1':20}  R shared")
    for threshold in (0.10, *THRESHOLDS):
        trial = dataclasses.replace(settings, threshold=threshold)
        predicted = group_assignments(variant.prepared, groups(variant, trial))
        mark = " (default)" if threshold == ClusterSettings().threshold else ""
        print(
            f"{threshold:9.2f}  {_cell(bcubed(gold, predicted)):20}  "
            f"{shared_recall(gold, predicted):.3f}{mark}",
            flush=True,
        )
    print(
        f"{'baseline':>9}  {_cell(bcubed(gold, baseline)):20}  "
        f"{shared_recall(gold, baseline):.3f} (TF-IDF + average link at {DISTANCE_THRESHOLD})"
    )


def _cell(scores: Scores) -> str:
    return f"{scores.precision:.3f} {scores.recall:.3f} {scores.f1:.3f}"


if __name__ == "__main__":
    main()
