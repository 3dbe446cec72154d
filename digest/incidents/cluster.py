"""Stage 3: group articles that report the same event.

1. Each article gets a weighted TF-IDF vector (:mod:`digest.incidents.features`).
2. Candidate pairs come from sparse top-k neighbour joins (sparse_dot_topn, in C), block
   by block: dated articles only against the articles within the time window, undated ones
   against all, plus a join on specific names alone for story threads across months. The
   work grows with the articles times those in a window, not with all pairs.
3. Average-link agglomeration over the candidate pairs, strongest first: two groups merge
   when the mean similarity of all their article pairs (computed exactly from the groups'
   summed vectors) reaches the threshold. Articles published more than ``window_days``
   apart never merge, and similarity decays with the time gap, so the same actors
   striking the same border two years apart stay two incidents. Undated reports whose
   leads name different weekdays count as less alike (see ``day_conflict``).
4. A report still alone joins the incident it is nearly as alike to as that incident's
   own reports are to each other: long reports of one event often word it their own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from sparse_dot_topn import sp_matmul_topn

from digest.config import ClusterSettings
from digest.incidents.features import (
    DAY_COLUMNS,
    FIELDS,
    Features,
    clustering_date,
    day_conflict,
    featurise,
)
from digest.model import Article

_NEIGHBOURS = 20
_TIE_SLACK = 8
_BLOCK_ROWS = 1024
_COMMON_SHARE = 0.01
_COMMON_MIN = 50
_PAIR_CHUNK = 20_000
_SECONDS_PER_DAY = 86400.0
# Taken off the similarity of two reports whose leads name different weekdays.
_DAY_PENALTY = 0.1
# A report left on its own joins an incident it is nearly as alike to as the incident's own
# reports are to each other (this share of their mean likeness), if it is at least this
# share of the threshold alike: long reports of one event that word it their own way.
_ATTACH_COHESION = 0.7
_ATTACH_FLOOR = 0.75


@dataclass(frozen=True)
class PairModel:
    """What merging weighs: each field's part of two reports' similarity (in
    :data:`FIELDS` order) times its weight, less ``weekday`` for leads naming different
    weekdays, the whole times the time factor; two groups merge when the mean of that over
    all their cross pairs reaches ``threshold`` (None: the settings' threshold). Linear in
    the per-field products, so the mean over two groups comes exactly from their summed
    vectors. The default is equal weights, as the features are built."""

    fields: tuple[float, ...] = (1.0,) * len(FIELDS)
    weekday: float = _DAY_PENALTY
    threshold: float | None = None


@dataclass(frozen=True)
class Clustering:
    """Groups of article indexes (each sorted), and the candidate pairs that crossed groups."""

    groups: tuple[tuple[int, ...], ...]
    links: tuple[tuple[int, int, float], ...]
    """Similar pairs (i, j, similarity regardless of time) left in different groups:
    candidates for story threads."""
    features: Features


def cluster_articles(
    articles: Sequence[Article],
    settings: ClusterSettings,
    features: Features | None = None,
    model: PairModel | None = None,
) -> Clustering:
    """Partition ``articles`` into incidents. Deterministic for a given set of articles,
    whatever their order: callers pass them sorted by id. ``features``: already computed
    for these articles (evaluation tries several settings on one set). ``model``: how
    pairs are scored (default: :class:`PairModel`)."""
    if not articles:
        return Clustering(groups=(), links=(), features=_empty())
    if features is None:
        features = featurise(articles)
    model = model or PairModel()
    times = [_timestamp(clustering_date(article)) for article in articles]
    edges = _candidate_pairs(features, times, settings, model)
    groups = _average_link(features, times, edges, settings, model)
    group_of = {member: index for index, group in enumerate(groups) for member in group}
    links = tuple((i, j, raw) for i, j, _, raw in edges if group_of[i] != group_of[j])
    return Clustering(groups=groups, links=links, features=features)


def pair_explanation(
    features: Features, first: Article, second: Article, a: int, b: int, settings: ClusterSettings
) -> tuple[tuple[str, float], ...]:
    """What the merge score of articles ``a`` and ``b`` is made of: each field's part of
    their similarity, the weekday penalty, the time factor and the score."""
    row_a, row_b = features.matrix[a], features.matrix[b]
    parts = []
    start = 0
    for name, width in zip(FIELDS, features.widths, strict=True):
        block = slice(start, start + width)
        parts.append(
            (f"similarity: {name}", float(row_a[:, block].multiply(row_b[:, block]).sum()))
        )
        start += width
    similarity = float(row_a.multiply(row_b).sum())
    penalty = 0.0
    if features.days is not None:
        penalty = _DAY_PENALTY * float(day_conflict(features.days[a], features.days[b])[0])
    factor = _time_factor(
        _timestamp(clustering_date(first)),
        _timestamp(clustering_date(second)),
        settings.window_days,
    )
    score = round((similarity - penalty) * factor, 6)
    return (
        *parts,
        ("similarity", similarity),
        ("weekday penalty", -penalty),
        ("time factor", factor),
        ("score", score),
    )


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
    features: Features,
    times: list[float | None],
    settings: ClusterSettings,
    model: PairModel | None = None,
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
    found_v: list[np.ndarray] = []
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
        within = _transposed(matrix[columns])
        _top_k(matrix[rows], within, rows, columns, floor, found_i, found_j, found_v)
    if len(undated):
        every = _transposed(matrix)
        for start in range(0, len(undated), _BLOCK_ROWS):
            rows = undated[start : start + _BLOCK_ROWS]
            _top_k(matrix[rows], every, rows, everyone, floor, found_i, found_j, found_v)
    if features.specific is not None and features.specific.shape[1] > 0:
        specific = _without_common(features.specific)
        every = _transposed(specific)
        for start in range(0, count, _BLOCK_ROWS):
            rows = everyone[start : start + _BLOCK_ROWS]
            _top_k(specific[rows], every, rows, everyone, floor, found_i, found_j, found_v, False)
    if not found_i:
        return []
    first = np.concatenate(found_i)
    second = np.concatenate(found_j)
    values = np.concatenate(found_v)
    low_end, high_end = np.minimum(first, second), np.maximum(first, second)
    unknown = np.isnan(values)
    # One row per pair, preferring a similarity already computed on the full vectors.
    order = np.lexsort((unknown, high_end, low_end))
    low_end, high_end, values = low_end[order], high_end[order], values[order]
    first_seen = np.ones(len(order), dtype=bool)
    first_seen[1:] = (low_end[1:] != low_end[:-1]) | (high_end[1:] != high_end[:-1])
    low_end, high_end, raw = low_end[first_seen], high_end[first_seen], values[first_seen]
    missing = np.flatnonzero(np.isnan(raw))
    # Pairs found on names alone: their similarity on the full vectors, a slice at a time
    # so that memory stays bounded whatever the number of pairs.
    for start in range(0, len(missing), _PAIR_CHUNK):
        chunk = missing[start : start + _PAIR_CHUNK]
        products = matrix[low_end[chunk]].multiply(matrix[high_end[chunk]])
        raw[chunk] = np.asarray(products.sum(axis=1)).ravel()
    if features.days is not None:
        for start in range(0, len(raw), _PAIR_CHUNK):
            span = slice(start, start + _PAIR_CHUNK)
            conflict = day_conflict(features.days[low_end[span]], features.days[high_end[span]])
            raw[span] -= _DAY_PENALTY * conflict
    raw = np.round(raw, 6)
    keep = raw >= floor
    pairs = np.stack((low_end[keep], high_end[keep]), axis=1)
    raw = raw[keep]
    scores = raw
    if model is not None and _weighted(model):
        scores = _model_scores(features, model, pairs[:, 0], pairs[:, 1])
    edges = []
    for (i, j), similarity, score in zip(
        pairs.tolist(), raw.tolist(), scores.tolist(), strict=True
    ):
        factor = _time_factor(times[i], times[j], settings.window_days)
        edges.append((i, j, round(score * factor, 6), similarity))
    edges.sort(key=lambda edge: (-edge[2], edge[0], edge[1]))
    return edges


def _weighted(model: PairModel) -> bool:
    """Whether ``model`` scores pairs otherwise than the features' own similarity."""
    return model.fields != PairModel().fields or model.weekday != _DAY_PENALTY


def scaled_matrix(features: Features, model: PairModel) -> sp.csr_matrix:
    """The rows with each field's columns times the square root of its weight: the dot
    product of two rows is then the model's weighted sum of field parts."""
    if not _weighted(model):
        return sp.csr_matrix(features.matrix)
    if min(model.fields) < 0:
        raise ValueError(f"field weights must not be negative: {model.fields}")
    columns = np.repeat(np.sqrt(np.asarray(model.fields, dtype=np.float64)), features.widths)
    return sp.csr_matrix(features.matrix @ sp.diags(columns))


def _model_scores(
    features: Features, model: PairModel, first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """The model's score (before the time factor) of each pair, a slice at a time."""
    matrix = scaled_matrix(features, model)
    scores = np.zeros(len(first))
    for start in range(0, len(first), _PAIR_CHUNK):
        span = slice(start, start + _PAIR_CHUNK)
        products = matrix[first[span]].multiply(matrix[second[span]])
        scores[span] = np.asarray(products.sum(axis=1)).ravel()
        if features.days is not None:
            conflict = day_conflict(features.days[first[span]], features.days[second[span]])
            scores[span] -= model.weekday * conflict
    return np.round(scores, 6)


def _top_k(
    rows: sp.csr_matrix,
    columns: sp.csr_matrix,
    row_ids: np.ndarray,
    column_ids: np.ndarray,
    floor: float,
    found_i: list[np.ndarray],
    found_j: list[np.ndarray],
    found_v: list[np.ndarray],
    exact: bool = True,
) -> None:
    """The ``_NEIGHBOURS`` most similar columns of each row (``columns`` is transposed:
    one column per candidate article) (itself aside), at least
    ``floor``, appended as index pairs with their similarity (NaN unless ``exact``: the
    product was not on the full vectors). Ties at the cut are broken by index, so the result
    does not depend on the C library's internal order."""
    product = sp_matmul_topn(
        sp.csr_matrix(rows),
        columns,
        top_n=_NEIGHBOURS + _TIE_SLACK,
        threshold=floor - 1e-9,
    ).tocoo()
    if product.nnz == 0:
        return
    r, c = row_ids[product.row], column_ids[product.col]
    values = np.round(product.data, 6)
    mask = r != c
    r, c, values = r[mask], c[mask], values[mask]
    order = np.lexsort((c, -values, r))
    r, c, values = r[order], c[order], values[order]
    starts = np.searchsorted(r, r, side="left")
    rank = np.arange(len(r)) - starts
    keep = rank < _NEIGHBOURS
    found_i.append(r[keep])
    found_j.append(c[keep])
    found_v.append(values[keep] if exact else np.full(int(keep.sum()), np.nan))


def _transposed(matrix: sp.csr_matrix) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.T)


def _without_common(specific: sp.csr_matrix) -> sp.csr_matrix:
    """The sub-vector without the names found in more than ``_COMMON_SHARE`` of articles
    (at least ``_COMMON_MIN``): they say which region or beat, not which story, and
    comparing on them costs the square of their frequency."""
    frequency = np.bincount(specific.indices, minlength=specific.shape[1])
    limit = max(_COMMON_MIN, int(_COMMON_SHARE * specific.shape[0]))
    kept = sp.diags((frequency <= limit).astype(np.float64))
    return sp.csr_matrix(specific @ kept)


def _average_link(
    features: Features,
    times: list[float | None],
    edges: list[tuple[int, int, float, float]],
    settings: ClusterSettings,
    model: PairModel | None = None,
) -> tuple[tuple[int, ...], ...]:
    model = model or PairModel()
    threshold = settings.threshold if model.threshold is None else model.threshold
    matrix = scaled_matrix(features, model)
    matrix.sort_indices()
    # Each row's likeness to itself: 1 for the features' unit rows (None), not for a
    # weighted model's.
    selves = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel() if _weighted(model) else None
    days = features.days if features.days is not None else np.zeros((matrix.shape[0], DAY_COLUMNS))
    parent = list(range(matrix.shape[0]))
    members: dict[int, list[int]] = {i: [i] for i in range(matrix.shape[0])}
    # Each group's summed vector as sorted (column indices, values): numpy on two short
    # arrays, where a scipy sparse operation costs a millisecond of overhead per call
    # (a hundred thousand calls at 100k articles).
    sums: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    # Summed day rows of each group: a small dense vector (see ``day_conflict``).
    day_sums: dict[int, np.ndarray] = {}
    # Summed likeness to itself of each group's members (see ``cohesion``).
    self_sums: dict[int, float] = {}
    # Earliest and latest dated member of each group (None: no dated member).
    spans: dict[int, tuple[float, float] | None] = {
        i: None if t is None else (t, t) for i, t in enumerate(times)
    }

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def summed(root: int) -> tuple[np.ndarray, np.ndarray]:
        if root not in sums:
            (only,) = members[root]  # a group's sum is kept from its first merge on
            start, end = matrix.indptr[only], matrix.indptr[only + 1]
            sums[root] = (matrix.indices[start:end], matrix.data[start:end])
        return sums[root]

    def day_sum(root: int) -> np.ndarray:
        if root not in day_sums:
            day_sums[root] = days[members[root]].sum(axis=0)
        return day_sums[root]

    def self_sum(root: int) -> float:
        if selves is None:
            return float(len(members[root]))
        if root not in self_sums:
            self_sums[root] = float(selves[members[root]].sum())
        return self_sums[root]

    def cohesion(root: int) -> float:
        """Mean similarity of a group's own pairs ((|sum|² - Σ|row|²) / (n (n - 1)))."""
        n = len(members[root])
        values = summed(root)[1]
        return (float(values @ values) - self_sum(root)) / (n * (n - 1))

    def linkage(a: int, b: int) -> float:
        factor = _group_time_factor(spans[a], spans[b], settings.window_days)
        if factor == 0.0:
            return 0.0
        # Mean score over all cross pairs = (sum of A) · (sum of B) / (|A| |B|): the rows'
        # dot product is the score (the cosine, for the default model's unit rows).
        cross = _dot(summed(a), summed(b))
        conflict = float(day_conflict(day_sum(a), day_sum(b))[0])
        mean = (cross - model.weekday * conflict) / (len(members[a]) * len(members[b]))
        return round(mean * factor, 6)

    def merge(a: int, b: int) -> None:
        # The larger group absorbs the smaller (which root survives does not change the
        # partition, only the cost of moving member lists).
        keep, drop = (a, b) if (len(members[a]), b) >= (len(members[b]), a) else (b, a)
        merged_sum = _add(summed(a), summed(b))
        merged_days = day_sum(a) + day_sum(b)
        merged_self = self_sum(a) + self_sum(b)
        parent[drop] = keep
        members[keep].extend(members.pop(drop))
        sums.pop(drop)
        sums[keep] = merged_sum
        day_sums.pop(drop)
        day_sums[keep] = merged_days
        if selves is not None:
            self_sums.pop(drop)
            self_sums[keep] = merged_self
        spans[keep] = _joined(spans[keep], spans.pop(drop))

    for i, j, score, _ in edges:
        if score < threshold:
            break
        a, b = find(i), find(j)
        if a != b and linkage(a, b) >= threshold:
            merge(a, b)
    # Then reports still alone, each to the incident it is nearly as alike to as that
    # incident's own reports are to each other.
    floor = threshold * _ATTACH_FLOOR
    for i, j, score, _ in edges:
        if score < floor:
            break
        a, b = find(i), find(j)
        alone, incident = (a, b) if len(members[a]) <= len(members[b]) else (b, a)
        if len(members[alone]) != 1 or len(members[incident]) < 2:
            continue
        if linkage(alone, incident) >= max(floor, _ATTACH_COHESION * cohesion(incident)):
            merge(alone, incident)
    groups = (tuple(sorted(group)) for group in members.values())
    return tuple(sorted(groups))


def _dot(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    # Each column of the shorter looked up in the longer: a group grown to thousands of
    # columns is compared with small ones far more often than with its like.
    if len(a[0]) > len(b[0]):
        a, b = b, a
    if not len(a[0]):
        return 0.0
    at = np.minimum(np.searchsorted(b[0], a[0]), len(b[0]) - 1)
    found = b[0][at] == a[0]
    return float(a[1][found] @ b[1][at[found]])


def _add(
    a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    # The shorter's columns put into the longer's, which is copied, not sorted again.
    if len(a[0]) < len(b[0]):
        a, b = b, a
    at = np.searchsorted(a[0], b[0])
    found = np.zeros(len(at), dtype=bool)
    inside = at < len(a[0])
    found[inside] = a[0][at[inside]] == b[0][inside]
    values = a[1].astype(np.float64)
    values[at[found]] += b[1][found]
    new = ~found
    return np.insert(a[0], at[new], b[0][new]), np.insert(values, at[new], b[1][new])


def _joined(
    a: tuple[float, float] | None, b: tuple[float, float] | None
) -> tuple[float, float] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _group_time_factor(
    a: tuple[float, float] | None, b: tuple[float, float] | None, window_days: float
) -> float:
    """The time factor between the closest dated members of two groups (given as their
    earliest and latest dated member); 0 if any two dated members would be further apart
    than twice the window."""
    if a is None or b is None or window_days <= 0:
        return 1.0
    span = max(a[1], b[1]) - min(a[0], b[0])
    if span / _SECONDS_PER_DAY > window_days * 2:
        return 0.0
    gap = max(0.0, max(a[0], b[0]) - min(a[1], b[1]))
    return _time_factor(0.0, gap, window_days)
