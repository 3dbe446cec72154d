"""Stage 3: group articles that report the same event.

1. Each article gets a weighted TF-IDF vector (:mod:`digest.incidents.features`).
2. Candidate pairs come from a sparse top-k neighbour join, block by block, so the work
   grows with the number of articles times k, not with all pairs.
3. Average-link agglomeration over the candidate pairs, strongest first: two groups merge
   when the mean similarity of all their article pairs (computed exactly from the groups'
   summed vectors) reaches the threshold. Articles published more than ``window_days``
   apart never merge, and similarity decays with the time gap, so the same actors
   striking the same border two years apart stay two incidents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from digest.config import ClusterSettings
from digest.incidents.features import Features, featurise
from digest.model import Article

_NEIGHBOURS = 20
_BLOCK_ROWS = 1024
_SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Clustering:
    """Groups of article indexes (each sorted), and the candidate pairs that crossed groups."""

    groups: tuple[tuple[int, ...], ...]
    links: tuple[tuple[int, int, float], ...]
    """Similar pairs (i, j, similarity regardless of time) left in different groups:
    candidates for story threads."""
    features: Features


def cluster_articles(articles: Sequence[Article], settings: ClusterSettings) -> Clustering:
    """Partition ``articles`` into incidents. Deterministic for a given set of articles,
    whatever their order: callers pass them sorted by id."""
    if not articles:
        return Clustering(groups=(), links=(), features=_empty())
    features = featurise(articles)
    times = [_timestamp(article.published) for article in articles]
    edges = _candidate_pairs(features.matrix, times, settings)
    groups = _average_link(features.matrix, times, edges, settings)
    group_of = {member: index for index, group in enumerate(groups) for member in group}
    links = tuple((i, j, raw) for i, j, _, raw in edges if group_of[i] != group_of[j])
    return Clustering(groups=groups, links=links, features=features)


def _empty() -> Features:
    return Features(matrix=sp.csr_matrix((0, 1)), names=())


def _timestamp(published: datetime | None) -> float | None:
    return published.timestamp() if published else None


def _time_factor(a: float | None, b: float | None, window_days: float) -> float:
    """1 for the same time or an unknown one, falling linearly to 0.5 at the window's edge,
    0 beyond it."""
    if a is None or b is None or window_days <= 0:
        return 1.0
    gap = abs(a - b) / _SECONDS_PER_DAY
    if gap > window_days:
        return 0.0
    return 1.0 - 0.5 * gap / window_days


def _candidate_pairs(
    matrix: sp.csr_matrix, times: list[float | None], settings: ClusterSettings
) -> list[tuple[int, int, float, float]]:
    """Each article's strongest neighbours as (i, j, time-weighted similarity, similarity),
    i < j, strongest first."""
    floor = settings.threshold / 2
    pairs: dict[tuple[int, int], tuple[float, float]] = {}
    transposed = matrix.T.tocsc()
    for start in range(0, matrix.shape[0], _BLOCK_ROWS):
        block = (matrix[start : start + _BLOCK_ROWS] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            i = start + offset
            row = block.getrow(offset)
            order = np.argsort(-row.data, kind="stable")[: _NEIGHBOURS + 1]
            for j, similarity in zip(row.indices[order], row.data[order], strict=True):
                j = int(j)
                if j == i:
                    continue
                raw = round(float(similarity), 6)
                if raw >= floor:
                    factor = _time_factor(times[i], times[j], settings.window_days)
                    pairs[(min(i, j), max(i, j))] = (round(raw * factor, 6), raw)
    return sorted(
        ((i, j, score, raw) for (i, j), (score, raw) in pairs.items()),
        key=lambda edge: (-edge[2], edge[0], edge[1]),
    )


def _average_link(
    matrix: sp.csr_matrix,
    times: list[float | None],
    edges: list[tuple[int, int, float, float]],
    settings: ClusterSettings,
) -> tuple[tuple[int, ...], ...]:
    parent = list(range(matrix.shape[0]))
    members: dict[int, list[int]] = {i: [i] for i in range(matrix.shape[0])}
    sums: dict[int, sp.csr_matrix] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def summed(root: int) -> sp.csr_matrix:
        # Kept sparse: a dense vocabulary-sized row per group would not scale.
        if root not in sums:
            sums[root] = sp.csr_matrix(matrix[members[root]].sum(axis=0))
        return sums[root]

    for i, j, score, _ in edges:
        if score < settings.threshold:
            break
        a, b = find(i), find(j)
        if a == b:
            continue
        factor = _group_time_factor(members[a], members[b], times, settings.window_days)
        if factor == 0.0:
            continue
        # Mean cosine over all cross pairs = (sum of A) · (sum of B) / (|A| |B|) for unit rows.
        cross = float(summed(a).multiply(summed(b)).sum())
        mean = cross / (len(members[a]) * len(members[b]))
        if round(mean * factor, 6) < settings.threshold:
            continue
        keep, drop = (a, b) if a < b else (b, a)
        merged_sum = summed(a) + summed(b)
        parent[drop] = keep
        members[keep].extend(members.pop(drop))
        sums.pop(drop)
        sums[keep] = merged_sum
    groups = (tuple(sorted(group)) for group in members.values())
    return tuple(sorted(groups))


def _group_time_factor(
    a: list[int], b: list[int], times: list[float | None], window_days: float
) -> float:
    """The time factor between the closest dated members of two groups; 0 if any two dated
    members would be further apart than the window."""
    a_times = [times[i] for i in a if times[i] is not None]
    b_times = [times[i] for i in b if times[i] is not None]
    if not a_times or not b_times:
        return 1.0
    span = max(max(a_times), max(b_times)) - min(min(a_times), min(b_times))
    if span / _SECONDS_PER_DAY > window_days * 2:
        return 0.0
    gap = max(0.0, max(min(a_times), min(b_times)) - min(max(a_times), max(b_times)))
    return _time_factor(0.0, gap, window_days)
