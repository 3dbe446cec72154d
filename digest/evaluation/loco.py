"""Leave one corpus out: every tuned choice fitted on some corpora, judged on another.

The clusterer's one tuned number is its merge threshold (:class:`ClusterSettings`);
:func:`fit_threshold` picks it as the value with the best mean B-cubed F1 over the training
corpora, each counting the same whatever its size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from digest.config import ClusterSettings
from digest.evaluation.corpora import Variant
from digest.evaluation.metrics import Scores
from digest.evaluation.run import score_groups
from digest.incidents.cluster import cluster_articles

THRESHOLDS = (0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.25)
"""Thresholds tried (mean field cosine two groups need to merge)."""


def scores(variant: Variant, settings: ClusterSettings) -> Scores:
    """B-cubed scores of the clustering of one variant with ``settings``."""
    return score_groups(variant.prepared, groups(variant, settings))[0]


def groups(variant: Variant, settings: ClusterSettings) -> tuple[tuple[int, ...], ...]:
    """The incidents of one variant with ``settings``, as groups of article indexes."""
    return cluster_articles(variant.prepared.articles, settings, variant.features).groups


def fit_threshold(
    training: Sequence[Variant], settings: ClusterSettings
) -> tuple[ClusterSettings, float]:
    """The settings with the threshold of best mean B-cubed F1 on ``training``, and that
    F1. Ties go to the first tried."""
    best, best_f1 = settings, -1.0
    for threshold in THRESHOLDS:
        trial = dataclasses.replace(settings, threshold=threshold)
        f1 = sum(scores(variant, trial).f1 for variant in training) / len(training)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = trial, f1
    return best, best_f1
