"""B-cubed and pairwise precision, recall and F1 of a predicted partition against gold.

Both are computed from the contingency counts (gold cluster × predicted cluster), so they
cost O(articles), not O(pairs). Definitions as in Bagga & Baldwin (1998) for B-cubed and
Miranda et al. (EMNLP 2018) for pairwise scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _counts(
    gold: Mapping[str, str], predicted: Mapping[str, str]
) -> tuple[Counter[tuple[str, str]], Counter[str], Counter[str]]:
    if set(gold) != set(predicted):
        missing = sorted(set(gold) ^ set(predicted))[:3]
        raise ValueError(f"gold and predicted cover different articles, e.g. {missing}")
    joint = Counter((gold[key], predicted[key]) for key in gold)
    return joint, Counter(gold.values()), Counter(predicted.values())


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Per-article precision (share of its predicted cluster that shares its gold label)
    and recall (share of its gold cluster found in its predicted cluster), averaged."""
    if not gold:
        return Scores(1.0, 1.0, 1.0)
    joint, gold_sizes, predicted_sizes = _counts(gold, predicted)
    # Each of the n articles in cell (g, p) has precision n/|p| and recall n/|g|.
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in joint.items()) / len(gold)
    return Scores(precision, recall, _f1(precision, recall))


def shared_recall(gold: Mapping[str, str], predicted: Mapping[str, str]) -> float:
    """B-cubed recall over the articles whose event has other reports only: how much of
    each such event its reports find together. Sets where most events have one report hide
    split events in the whole-set recall (a lone report is always whole)."""
    joint, gold_sizes, _ = _counts(gold, predicted)
    shared = [(n, gold_sizes[g]) for (g, _), n in joint.items() if gold_sizes[g] > 1]
    articles = sum(n for n, _ in shared)
    return sum(n * n / size for n, size in shared) / articles if articles else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Precision and recall over article pairs put together. With no pair on one side the
    score is 1 (nothing claimed, nothing wrong)."""
    joint, gold_sizes, predicted_sizes = _counts(gold, predicted)
    both = sum(_pairs(n) for n in joint.values())
    claimed = sum(_pairs(n) for n in predicted_sizes.values())
    true = sum(_pairs(n) for n in gold_sizes.values())
    precision = both / claimed if claimed else 1.0
    recall = both / true if true else 1.0
    return Scores(precision, recall, _f1(precision, recall))
