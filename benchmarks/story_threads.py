"""How large story threads grow, and how often one joins different stories.

    python benchmarks/story_threads.py [SET ...]

For each labelled set in ../shared/eval (default: ECB+, AllSides, BASIL): the articles are
grouped into incidents as `digest build` groups them, and the incidents into story threads
(:func:`digest.publish.plan.story_threads`). Prints the incidents, the threads, the
incidents in a thread, the largest threads and the largest one's share of all incidents.
For ECB+, whose records carry a ``topic`` (43 topics, two events of one kind each), also the
share of incident pairs of one thread whose articles come from different topics: a thread
across topics is a wrong thread (pairs within a topic are two events of one kind, which
may or may not be one story). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from digest.config import ClusterSettings
from digest.evaluation import load_labelled, to_documents
from digest.incidents import build_incidents
from digest.model import Brief
from digest.pipeline import normalise_all
from digest.publish.plan import story_threads

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _topics(path: Path) -> dict[str, str]:
    """Record id → topic, for sets whose records name one."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return {str(r["id"]): str(r["topic"]) for r in records if r.get("topic") is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["ecbplus", "allsides", "basil-dev"])
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is absent: the evaluation sets live beside the repository")
    for name in args.sets:
        path = EVAL / f"{name}.jsonl"
        documents = to_documents(load_labelled(path))
        record_of = {document.path: key for key, document in documents.items()}
        articles, _ = normalise_all(tuple(documents.values()))
        incidents = build_incidents(articles, ClusterSettings())
        briefs = [
            Brief(incident_id=i.id, headline=i.id, articles=i.articles, related=i.related)
            for i in incidents
        ]
        threads = story_threads(briefs)
        sizes = sorted((len(thread.briefs) for thread in threads.values()), reverse=True)
        largest = sizes[0] if sizes else 0
        print(
            f"{name}: {len(incidents)} incidents, {len(threads)} threads holding "
            f"{sum(sizes)}; largest {sizes[:5]} ({largest / max(1, len(incidents)):.0%} "
            "of all incidents)"
        )
        topics = _topics(path)
        if topics:
            topic_of = {
                i.id: Counter(topics[record_of[a.path]] for a in i.articles).most_common(1)[0][0]
                for i in incidents
            }
            pairs = [
                pair
                for thread in threads.values()
                for pair in combinations([b.incident_id for b in thread.briefs], 2)
            ]
            across = sum(topic_of[a] != topic_of[b] for a, b in pairs)
            print(f"  pairs of one thread from different topics: {across} of {len(pairs)}")


if __name__ == "__main__":
    main()
