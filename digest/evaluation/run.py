"""Run the build's own normalising and clustering on labelled articles and score them."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.config import ClusterSettings
from digest.evaluation.data import LabelledArticle, load_labelled, to_documents
from digest.evaluation.metrics import Scores, bcubed, pairwise
from digest.model import Article


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


@dataclass(frozen=True)
class Prepared:
    """Labelled articles normalised as ``digest build`` would, sorted by article id (the
    order the clusterer sees), with the gold label of each and the records refused."""

    articles: tuple[Article, ...]
    gold: tuple[str, ...]
    """Gold event of each article, in the same order (for scoring and training only)."""
    record_ids: tuple[str, ...]
    refused: tuple[str, ...]
    """Ids of the records the normaliser refused (no text)."""
    all_gold: dict[str, str]


def prepare(records: Sequence[LabelledArticle]) -> Prepared:
    from digest.pipeline import normalise_all

    documents = to_documents(tuple(records))
    articles, problems = normalise_all(tuple(documents.values()))
    record_of = {document.path: key for key, document in documents.items()}
    ordered = tuple(sorted(articles, key=lambda article: article.id))
    gold = {record.id: record.cluster for record in records}
    ids = tuple(record_of[article.path] for article in ordered)
    return Prepared(
        articles=ordered,
        gold=tuple(gold[key] for key in ids),
        record_ids=ids,
        refused=tuple(record_of[problem.path] for problem in problems),
        all_gold=gold,
    )


def score_groups(prepared: Prepared, groups: Sequence[Sequence[int]]) -> tuple[Scores, Scores]:
    """B-cubed and pairwise scores of a partition of ``prepared.articles`` (by index);
    refused records count as incidents of their own."""
    assignments = group_assignments(prepared, groups)
    return bcubed(prepared.all_gold, assignments), pairwise(prepared.all_gold, assignments)


def group_assignments(prepared: Prepared, groups: Sequence[Sequence[int]]) -> dict[str, str]:
    """Record id → incident number of a partition of ``prepared.articles`` (by index);
    refused records are incidents of their own."""
    assignments = {
        prepared.record_ids[member]: str(number)
        for number, group in enumerate(groups)
        for member in group
    }
    for key in prepared.refused:
        assignments[key] = f"unclustered-{key}"
    return assignments


def evaluate(path: Path, settings: ClusterSettings | None = None) -> EvalReport:
    """Cluster the articles of a labelled JSONL file as ``digest build`` would and score
    the result. The timing covers normalising and clustering, not reading the file."""
    return evaluate_records(load_labelled(path), settings)


def evaluate_records(
    records: Sequence[LabelledArticle],
    settings: ClusterSettings | None = None,
) -> EvalReport:
    """:func:`evaluate` on records already read."""
    from digest.incidents import build_incidents
    from digest.pipeline import normalise_all

    documents = to_documents(tuple(records))
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
