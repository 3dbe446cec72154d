"""Incremental builds against one-shot: does the batch order change incidents or their ids?

    python benchmarks/cluster_stability.py [SET ...] [--batches 10]

For each labelled set in ../shared/eval: cluster all articles at once; then feed the same
articles in 10 batches (a seeded shuffle), each build passing the previous ids on as
``digest build`` does. Prints the B-cubed F1 between the final incremental partition and
the one-shot one, and the ids that disappeared between batches without being merged into
a survivor (goal 0). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from digest.config import ClusterSettings
from digest.evaluation import bcubed, load_labelled, to_documents
from digest.incidents import build_incidents
from digest.pipeline import normalise_all

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["ecbplus", "allsides", "basil-dev"])
    parser.add_argument("--batches", type=int, default=10)
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is absent: the evaluation sets live beside the repository")
    settings = ClusterSettings()
    for name in args.sets:
        documents = to_documents(load_labelled(EVAL / f"{name}.jsonl"))
        articles, _ = normalise_all(tuple(documents.values()))
        one_shot = {a.id: i.id for i in build_incidents(articles, settings) for a in i.articles}
        order = list(articles)
        random.Random(1).shuffle(order)
        size = -(-len(order) // args.batches)
        previous: dict[str, frozenset[str]] = {}
        unexplained = merges = 0
        for start in range(size, len(order) + size, size):
            incidents = build_incidents(order[:start], settings, previous)
            ids = {i.id for i in incidents}
            aliases = {alias for i in incidents for alias in i.aliases}
            merges += len(aliases)
            unexplained += sum(1 for old in previous if old not in ids and old not in aliases)
            previous = {i.id: frozenset(a.id for a in i.articles) for i in incidents}
        final = {a: incident for incident, members in previous.items() for a in members}
        agreement = bcubed(one_shot, final)
        kept = sum(1 for i in set(one_shot.values()) if i in previous)
        print(
            f"{name:10} articles={len(articles)} batches={args.batches} "
            f"B3-F1(one-shot, batched)={agreement.f1:.4f} merges={merges} "
            f"id-changes-not-merges={unexplained} same-ids-as-one-shot={kept}/{len(previous)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
