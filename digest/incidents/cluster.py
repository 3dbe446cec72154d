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
from sparse_dot_topn import sp_matmul_topn

from digest.config import ClusterSettings
from digest.incidents.features import Features, featurise
from digest.model import Article

_NEIGHBOURS = 20
_TIE_SLACK = 8
_BLOCK_ROWS = 1024
_COMMON_SHARE = 0.01
_COMMON_MIN = 50
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
    edges = _candidate_pairs(features, times, settings)
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
    features: Features, times: list[float | None], settings: ClusterSettings
) -> list[tuple[int, int, float, float]]:
    """Each article's strongest neighbours as (i, j, time-weighted similarity, similarity),
    i < j, strongest first.

    Two joins, each a sparse top-k product in C (sparse_dot_topn), never all pairs at once:
    - for merging, every article against the articles within the time window of its block
      (dated articles sorted by time) and against undated articles; undated articles against
      all. The work grows with articles × articles per window, linearly for a steady stream.
    - for story threads, every article against all, on the names/places/numbers sub-vector
      alone and without the names too common to tell events apart, so that incidents months
      apart that share specific actors and places are still found as related.
    """
    matrix = features.matrix
    count = matrix.shape[0]
    floor = settings.threshold / 2
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    stamps = np.array([np.nan if t is None else t for t in times], dtype=np.float64)
    undated = np.flatnonzero(np.isnan(stamps))
    dated = np.flatnonzero(~np.isnan(stamps))
    dated = dated[np.lexsort((dated, stamps[dated]))]
    window = settings.window_days * _SECONDS_PER_DAY if settings.window_days > 0 else np.inf
    ordered = stamps[dated]
    everyone = np.arange(count)
    for start in range(0, len(dated), _BLOCK_ROWS):
        rows = dated[start : start + _BLOCK_ROWS]
        low = np.searchsorted(ordered, ordered[start] - window, side="left")
        high = np.searchsorted(ordered, ordered[start + len(rows) - 1] + window, side="right")
        columns = np.concatenate((dated[low:high], undated))
        _top_k(matrix[rows], matrix[columns], rows, columns, floor, found_i, found_j)
    for start in range(0, len(undated), _BLOCK_ROWS):
        rows = undated[start : start + _BLOCK_ROWS]
        _top_k(matrix[rows], matrix, rows, everyone, floor, found_i, found_j)
    if features.specific is not None and features.specific.shape[1] > 0:
        specific = _without_common(features.specific)
        for start in range(0, count, _BLOCK_ROWS):
            rows = everyone[start : start + _BLOCK_ROWS]
            _top_k(specific[rows], specific, rows, everyone, floor, found_i, found_j)
    if not found_i:
        return []
    first = np.concatenate(found_i)
    second = np.concatenate(found_j)
    low_end, high_end = np.minimum(first, second), np.maximum(first, second)
    keep = low_end != high_end
    pairs = np.unique(np.stack((low_end[keep], high_end[keep]), axis=1), axis=0)
    if len(pairs) == 0:
        return []
    # Exact similarity of each candidate pair on the full vectors.
    raw = np.asarray(matrix[pairs[:, 0]].multiply(matrix[pairs[:, 1]]).sum(axis=1)).ravel()
    raw = np.round(raw, 6)
    keep = raw >= floor
    pairs, raw = pairs[keep], raw[keep]
    edges = []
    for (i, j), similarity in zip(pairs.tolist(), raw.tolist(), strict=True):
        factor = _time_factor(times[i], times[j], settings.window_days)
        edges.append((i, j, round(similarity * factor, 6), similarity))
    edges.sort(key=lambda edge: (-edge[2], edge[0], edge[1]))
    return edges


def _top_k(
    rows: sp.csr_matrix,
    columns: sp.csr_matrix,
    row_ids: np.ndarray,
    column_ids: np.ndarray,
    floor: float,
    found_i: list[np.ndarray],
    found_j: list[np.ndarray],
) -> None:
    """The ``_NEIGHBOURS`` most similar columns of each row (itself aside), at least
    ``floor``, appended as index pairs. Ties at the cut are broken by index, so the result
    does not depend on the C library's internal order."""
    product = sp_matmul_topn(
        sp.csr_matrix(rows), sp.csr_matrix(columns).T.tocsr(), top_n=_NEIGHBOURS + _TIE_SLACK,
        threshold=floor - 1e-9,
    ).tocoo()
    if product.nnz == 0:
        return
    r, c = row_ids[product.row], column_ids[product.col]
    values = np.round(product.data, 6)
    mask = r != c
    r, c, values = r[mask], c[mask], values[mask]
    order = np.lexsort((c, -values, r))
    r, c = r[order], c[order]
    starts = np.searchsorted(r, r, side="left")
    rank = np.arange(len(r)) - starts
    keep = rank < _NEIGHBOURS
    found_i.append(r[keep])
    found_j.append(c[keep])


def _without_common(specific: sp.csr_matrix) -> sp.csr_matrix:
    """The sub-vector without the names found in more than ``_COMMON_SHARE`` of articles
    (at least ``_COMMON_MIN``): they say which region or beat, not which story, and
    comparing on them costs the square of their frequency."""
    frequency = np.bincount(specific.indices, minlength=specific.shape[1])
    limit = max(_COMMON_MIN, int(_COMMON_SHARE * specific.shape[0]))
    kept = sp.diags((frequency <= limit).astype(np.float64))
    return sp.csr_matrix(specific @ kept)


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
