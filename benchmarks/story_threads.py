"""How large story threads grow, and how often one joins different stories.

    python benchmarks/story_threads.py [SET ...]

For each labelled set in ../shared/eval (default: ECB+, AllSides, BASIL): the articles are
grouped into incidents as `digest build` groups them, and the incidents into story threads
(:func:`digest.publish.plan.story_threads`). Prints the incidents, the threads, the
incidents in a thread, the largest threads and the largest one's share of all incidents.
For ECB+, whose records carry a ``topic`` (43 topics, two events of one kind each), also the
share of incident pairs of one thread whose articles come from different topics: a thread
across topics is a wrong thread (pairs within a topic are two events of one kind, which
may or may not be one story); and the same share among the incidents an incident's page
shows of its thread (the earlier ones it is most like), beside the incidents either side
of it in time (what a page showed before). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from digest.config import ClusterSettings, SyndicationSettings
from digest.evaluation import load_labelled, to_documents
from digest.incidents import build_incidents
from digest.model import Brief
from digest.pipeline import normalise_all
from digest.publish.pages import _thread_timeline
from digest.publish.plan import Site, incident_path, plan_site, story_threads

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
            Brief(
                incident_id=i.id,
                headline=i.id,
                articles=i.articles,
                related=i.related,
                date_start=min((a.published for a in i.articles if a.published), default=None),
            )
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
            shown = _shown_pairs(briefs)
            across = sum(topic_of[a] != topic_of[b] for a, b in shown)
            print(
                f"  shown on an incident's page, from a different topic: {across} of {len(shown)}"
            )
            beside = [
                pair
                for thread in threads.values()
                for pair in zip(thread.briefs, thread.briefs[1:], strict=False)
            ]
            across = sum(topic_of[a.incident_id] != topic_of[b.incident_id] for a, b in beside)
            print(f"  beside each other in time, different topics: {across} of {len(beside)}")


def _shown_pairs(briefs: list[Brief]) -> list[tuple[str, str]]:
    """(incident, another incident its page shows in its story thread) pairs."""
    site = Site(name="B", description=None, url=None, use_directory_urls=True, home_limit=20)
    plan = plan_site(briefs, site, SyndicationSettings(enabled=False), None, None)
    pairs = []
    for brief in briefs:
        thread = _thread_timeline(plan, brief, incident_path(brief.incident_id))
        for entry in thread["timeline"] if thread else ():
            if not entry["current"]:
                pairs.append((brief.incident_id, entry["brief"].incident_id))
    return pairs


if __name__ == "__main__":
    main()
