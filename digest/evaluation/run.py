"""Run the build's own normalising and clustering on labelled articles and score them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from digest.config import ClusterSettings
from digest.evaluation.data import load_labelled, to_documents
from digest.evaluation.metrics import Scores, bcubed, pairwise


@dataclass(frozen=True)
class EvalReport:
    articles: int
    gold_incidents: int
    predicted_incidents: int
    bcubed: Scores
    pairwise: Scores
    seconds: float
    assignments: dict[str, str]
    """Labelled article id → predicted incident id."""
    skipped: int = 0
    """Articles the normaliser refused (no text): each scored as an incident of its own."""

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "gold_incidents": self.gold_incidents,
            "predicted_incidents": self.predicted_incidents,
            "skipped": self.skipped,
            "bcubed": _scores(self.bcubed),
            "pairwise": _scores(self.pairwise),
            "seconds": round(self.seconds, 3),
        }


def _scores(scores: Scores) -> dict[str, float]:
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
    }


def evaluate(path: Path, settings: ClusterSettings | None = None) -> EvalReport:
    """Cluster the articles of a labelled JSONL file as ``digest build`` would and score
    the result. The timing covers normalising and clustering, not reading the file."""
    from digest.incidents import build_incidents
    from digest.pipeline import normalise_all

    records = load_labelled(path)
    documents = to_documents(records)
    started = time.perf_counter()
    articles, problems = normalise_all(tuple(documents.values()))
    incidents = build_incidents(articles, settings or ClusterSettings())
    seconds = time.perf_counter() - started
    record_of = {document.path: key for key, document in documents.items()}
    assignments = {
        record_of[article.path]: incident.id
        for incident in incidents
        for article in incident.articles
    }
    for problem in problems:
        key = record_of[problem.path]
        assignments[key] = f"unclustered-{key}"
    gold = {record.id: record.cluster for record in records}
    return EvalReport(
        articles=len(records),
        gold_incidents=len(set(gold.values())),
        predicted_incidents=len(set(assignments.values())),
        bcubed=bcubed(gold, assignments),
        pairwise=pairwise(gold, assignments),
        seconds=seconds,
        assignments=dict(sorted(assignments.items())),
        skipped=len(problems),
    )
