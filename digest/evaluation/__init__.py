"""Scoring incident clustering against labelled articles (``digest eval``).

The labelled format is described in ``../shared/eval/README.md``: one JSON object per line
with ``id``, ``title``, ``text``, ``date``, ``source``, ``url`` and the gold ``cluster``.
The gold label is read only by the scorer, never by the clusterer.
"""

from __future__ import annotations

from digest.evaluation.data import LabelledArticle, load_labelled, to_documents
from digest.evaluation.metrics import Scores, bcubed, pairwise
from digest.evaluation.run import EvalReport, evaluate, evaluate_records

__all__ = [
    "EvalReport",
    "LabelledArticle",
    "Scores",
    "bcubed",
    "evaluate",
    "evaluate_records",
    "load_labelled",
    "pairwise",
    "to_documents",
]
