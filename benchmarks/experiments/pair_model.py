"""A same-event model learned from labels (issue 13), trained and scored leave one corpus
out: an experiment, measured and not kept (docs/clustering.md, "Measured and not kept").

    python benchmarks/experiments/pair_model.py --cache .digest/eval [--balanced] [...]
    python benchmarks/experiments/pair_model.py --cache .digest/eval --write M.json

For each shared corpus (the variants of ``benchmarks/cluster_eval.py``: full and cut, the
extraction pages' two readings one corpus), a logistic regression is fitted on the
clusterer's own candidate pairs (its top-k joins) of all the other corpora, each variant
weighing the same, and the corpus left out is clustered with it, merging at p >= 0.5.
Beside it: the clustering as it is, its threshold fitted on the other corpora (exactly
``cluster_eval.py --loco``), and the TF-IDF baseline; B-cubed P / R / F1 of each row.

The model is linear in each field's part of two reports' similarity (title, lead, body,
names: the blocks of the features' own row-normalised vectors) and in the weekday
conflict, all times the time factor (:class:`digest.incidents.cluster.PairModel`), so
average link stays exact: the mean of the score over all cross pairs of two groups comes
from their summed vectors, and merging at p 0.5 is merging at a mean logit of 0.

Variants (flags): ``--balanced`` (same-event and other pairs weigh the same within each
variant); ``--tied`` (one weight for all fields: only the scale and intercept learned);
``--fit-shift`` (the logit merged at fitted like the threshold, by mean B-cubed F1 on the
other corpora); ``--decisions`` (trained on an oracle's group merge decisions, features
averaged over the two groups' cross pairs, rather than on pairs); ``--normalised`` (the
field weights of the features' own row-normalised similarity, fitted by L-BFGS-B: the
weighted mean of cosines over the fields both reports have); ``--pair-diagnostic``
(held-out pair log-loss and AUC with pair-only features: ranks, mutual nearest, same
outlet, both dated, length, shared names); ``--multi-outlet`` (the extraction fold's model
on the page openings in the held-out sets' mix, beside each threshold). ``--write`` fits
on every corpus and writes the model as JSON (coefficients rounded to 4 significant digits:
the same bytes each run).
Variants, their features and the baseline's scores are kept in ``--cache`` between runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from digest.config import ClusterSettings
from digest.evaluation.baseline import baseline_assignments
from digest.evaluation.corpora import Variant, load_variants, multi_outlet_openings
from digest.evaluation.loco import THRESHOLDS
from digest.evaluation.metrics import Scores, bcubed, shared_recall
from digest.evaluation.run import group_assignments
from digest.incidents.cluster import (
    PairModel,
    _candidate_pairs,
    _time_factor,
    _timestamp,
    cluster_articles,
)
from digest.incidents.features import FIELDS, Features, clustering_date, day_conflict
from digest.text.tfidf import normalised_rows

SHARED = Path(__file__).resolve().parents[3] / "shared"
ROOT = Path(__file__).resolve().parents[2]
CORPORA = ("ecbplus", "allsides", "basil-dev", "googlenews-ts", "extraction-html", "extraction-txt")
SHIFTS = (-2.0, -1.5, -1.25, -1.0, -0.75, -0.5, -0.25, 0.0, 0.5, 1.0)
"""Logits tried with --fit-shift (0: p 0.5; 1: p 0.73)."""
TERMS = (*FIELDS, "weekday conflict")
"""The model's terms, each times the time factor, in the order of its coefficients."""
_C = 100.0
"""Inverse regularisation: the features are shares of a cosine (0-1), so the weights that
separate them are tens, which the default C = 1 holds down."""


@dataclass(frozen=True)
class PairTable:
    """The candidate pairs of one variant within the time window: the model's features
    (:data:`TERMS`, already times the time factor; the weekday conflict negated, so that
    each weight is what the model counts for it) and whether the pair is one gold event."""

    label: str
    first: np.ndarray
    second: np.ndarray
    features: np.ndarray
    same: np.ndarray
    similarity: np.ndarray
    """The features' own similarity of each pair (less the weekday penalty), no time factor."""
    cosines: np.ndarray | None = None
    """Each field's own cosine (pairs × fields), for :func:`fit_normalised`."""
    present: np.ndarray | None = None
    """Whether each end has each field (pairs × 2 × fields)."""
    factor: np.ndarray | None = None
    conflict: np.ndarray | None = None


def pair_table(variant: Variant, settings: ClusterSettings) -> PairTable:
    """The clusterer's own candidate pairs of ``variant`` (its top-k joins at the
    settings' threshold), with their features and gold labels."""
    articles = variant.prepared.articles
    features = variant.features
    times = [_timestamp(clustering_date(article)) for article in articles]
    edges = _candidate_pairs(features, times, settings)
    first = np.array([edge[0] for edge in edges], dtype=np.int64)
    second = np.array([edge[1] for edge in edges], dtype=np.int64)
    window = settings.window_days
    factor = np.array([_time_factor(times[i], times[j], window) for i, j, *_ in edges])
    keep = factor > 0
    first, second, factor = first[keep], second[keep], factor[keep]
    parts = field_parts(features.matrix, features.widths, first, second)
    columns = [parts]
    days = features.days
    conflict = np.zeros(len(first)) if days is None else day_conflict(days[first], days[second])
    columns.append(-conflict[:, None])
    gold = np.array(variant.prepared.gold)
    has = field_presence(features.matrix, features.widths)
    counts = has.sum(axis=1).astype(np.float64)
    return PairTable(
        cosines=parts * np.sqrt(counts[first] * counts[second])[:, None],
        present=np.stack((has[first], has[second]), axis=1),
        factor=factor,
        conflict=conflict,
        label=variant.label,
        first=first,
        second=second,
        features=np.hstack(columns) * factor[:, None],
        same=gold[first] == gold[second],
        similarity=np.array([edge[3] for edge in edges])[keep],
    )


EXTRAS = (
    "rank, nearer end",
    "rank, farther end",
    "mutual nearest",
    "same outlet",
    "both dated",
    "shorter body, log words",
    "shared names, log",
)
"""Pair-only features (not averaged exactly over groups): measured on pairs only."""


def pair_extras(variant: Variant, table: PairTable) -> np.ndarray:
    """:data:`EXTRAS` of each pair of ``table``: each end's rank of the other among its
    candidates (as 1 / (1 + rank)), whether they are each other's nearest, one outlet,
    both dated, the shorter body's length and the names both mention."""
    articles = variant.prepared.articles
    count = len(articles)
    ends = np.concatenate((table.first, table.second))
    others = np.concatenate((table.second, table.first))
    values = np.concatenate((table.similarity, table.similarity))
    order = np.lexsort((others, -values, ends))
    starts = np.searchsorted(ends[order], np.arange(count), side="left")
    rank = np.empty(len(ends), dtype=np.int64)
    rank[order] = np.arange(len(ends)) - starts[ends[order]]
    half = len(table.first)
    near = 1.0 / (1.0 + np.minimum(rank[:half], rank[half:]))
    far = 1.0 / (1.0 + np.maximum(rank[:half], rank[half:]))
    outlets = [article.outlet for article in articles]
    dated = [clustering_date(article) is not None for article in articles]
    words = np.array([len(article.text.split()) for article in articles], dtype=np.float64)
    names = variant.features.names
    rows = []
    for i, j in zip(table.first.tolist(), table.second.tolist(), strict=True):
        rows.append(
            (
                float(outlets[i] is not None and outlets[i] == outlets[j]),
                float(dated[i] and dated[j]),
                np.log1p(min(words[i], words[j])),
                np.log1p(len(names[i] & names[j])),
            )
        )
    rest = np.array(rows).reshape(-1, 4)
    mutual = (far == 1.0).astype(np.float64)
    return np.column_stack((near, far, mutual, rest))


def field_parts(
    matrix: sp.csr_matrix, widths: Sequence[int], first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """Each field's part of the dot product of rows ``first`` and ``second`` (pairs × fields)."""
    products = sp.csr_matrix(matrix[first].multiply(matrix[second]))
    edges = np.concatenate(([0], np.cumsum(widths)))
    block = np.zeros(matrix.shape[1], dtype=np.int64)
    for index in range(len(widths)):
        block[edges[index] : edges[index + 1]] = index
    coo = products.tocoo()
    parts = np.zeros((len(first), len(widths)))
    np.add.at(parts, (coo.row, block[coo.col]), coo.data)
    return parts


def field_presence(matrix: sp.csr_matrix, widths: Sequence[int]) -> np.ndarray:
    """Whether each row has any term in each field (rows × fields)."""
    block = np.repeat(np.arange(len(widths)), widths)
    coo = matrix.tocoo()
    has = np.zeros((matrix.shape[0], len(widths)), dtype=bool)
    has[coo.row, block[coo.col]] = True
    return has


def reweighted(features: Features, weights: Sequence[float]) -> Features:
    """``features`` as :func:`~digest.incidents.features.featurise` would build them with
    these field weights: each field's block times the square root of its weight, each row
    normalised again (the blocks are each field's unit vector over the row's norm)."""
    columns = np.repeat(np.sqrt(np.asarray(weights, dtype=np.float64)), features.widths)
    matrix = normalised_rows(sp.csr_matrix(features.matrix @ sp.diags(columns)))
    return dataclasses.replace(features, matrix=matrix)


@dataclass(frozen=True)
class NormalisedFit:
    """A logistic regression of "one event" on the features' own similarity built with
    learned field weights: logit = intercept + time factor × (scale × similarity −
    weekday × conflict), the similarity the weighted mean of field cosines over the fields
    both reports have (:func:`reweighted`). Merging at p 0.5 is the threshold
    ``-intercept / scale`` with a weekday penalty ``weekday / scale``."""

    fields: tuple[float, ...]
    scale: float
    weekday: float
    intercept: float

    def model(self) -> PairModel:
        return PairModel(
            weekday=self.weekday / self.scale,
            threshold=-self.intercept / self.scale,
        )

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2) + "\n"


def fit_normalised(
    tables: Sequence[PairTable], balanced: bool = False, digits: int = 4
) -> NormalisedFit:
    """:class:`NormalisedFit` by weighted log-loss (L-BFGS-B from equal weights; the body's
    weight held at 1, the others bounded to 0.05-20, then all scaled to sum to the number
    of fields as the features' own weights do)."""
    from scipy.optimize import minimize

    cosines = np.vstack([t.cosines for t in tables])
    present = np.concatenate([t.present for t in tables]).astype(np.float64)
    factor = np.concatenate([t.factor for t in tables])
    conflict = np.concatenate([t.conflict for t in tables])
    same = np.concatenate([t.same for t in tables]).astype(np.float64)
    weights = np.concatenate([_weights(t.same, balanced) for t in tables])
    weights /= weights.sum()
    fields = cosines.shape[1]
    body = FIELDS.index("body")

    def loss(theta: np.ndarray) -> float:
        w = theta[:fields]
        scale, weekday, intercept = theta[fields:]
        mass = np.sqrt((present[:, 0] @ w) * (present[:, 1] @ w))
        mass[mass == 0] = 1.0
        similarity = (cosines @ w) / mass
        logit = intercept + factor * (scale * similarity - weekday * conflict)
        # log(1 + e^z) - y z, stable.
        return float(weights @ (np.logaddexp(0.0, logit) - same * logit))

    start = np.array([1.0] * fields + [20.0, 2.0, -4.0])
    bounds = [(0.05, 20.0)] * fields + [(0.0, None), (0.0, None), (None, None)]
    bounds[body] = (1.0, 1.0)
    result = minimize(loss, start, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
    w = result.x[:fields] * fields / result.x[:fields].sum()
    return NormalisedFit(
        fields=tuple(_round(value, digits) for value in w),
        scale=_round(float(result.x[fields]), digits),
        weekday=_round(float(result.x[fields + 1]), digits),
        intercept=_round(float(result.x[fields + 2]), digits),
    )


@dataclass(frozen=True)
class Fit:
    """A fitted logistic regression: one coefficient per term of :data:`TERMS` (0 for a term
    dropped because its weight came out negative), and the intercept."""

    coefficients: tuple[float, ...]
    intercept: float

    def model(self, shift: float = 0.0) -> PairModel:
        """The clusterer's model: merge when the mean logit reaches ``shift`` (0: p 0.5)."""
        return PairModel(
            fields=self.coefficients[: len(FIELDS)],
            weekday=self.coefficients[len(FIELDS)],
            threshold=shift - self.intercept,
        )

    def as_json(self) -> str:
        terms = dict(zip(TERMS, self.coefficients, strict=True))
        return json.dumps({"intercept": self.intercept, "terms": terms}, indent=2) + "\n"


def fit(
    tables: Sequence[PairTable], digits: int = 4, balanced: bool = False, tied: bool = False
) -> Fit:
    """Logistic regression of "one event" on the tables' features, each table weighing the
    same whatever its number of pairs (``balanced``: and within each, its same-event and
    other-event pairs the same). A field whose weight comes out negative is dropped
    and the rest fitted again (the clusterer's field weights are square-rooted). Weights are
    rounded to ``digits`` significant digits: the JSON is the same byte for byte wherever
    the solver's last bits differ. ``tied``: one weight for all fields (the features' own
    similarity; only its scale and the intercept are learned)."""
    from sklearn.linear_model import LogisticRegression

    features = np.vstack([table.features for table in tables])
    same = np.concatenate([table.same for table in tables])
    weights = np.concatenate([_weights(table.same, balanced) for table in tables])
    weights *= len(same) / weights.sum()
    fields = len(FIELDS)
    if tied:
        features = np.column_stack((features[:, :fields].sum(axis=1), features[:, fields:]))
    kept = list(range(features.shape[1]))
    while True:
        regression = LogisticRegression(C=_C, max_iter=10_000, tol=1e-10)
        regression.fit(features[:, kept], same, sample_weight=weights)
        coefficients = regression.coef_[0]
        negative = [term for term, value in zip(kept, coefficients, strict=True) if value < 0]
        if not negative:
            break
        kept.remove(negative[0])
    full = np.zeros(features.shape[1])
    full[kept] = coefficients
    if tied:
        full = np.concatenate((np.full(fields, full[0]), full[1:]))
    return Fit(
        coefficients=tuple(_round(value, digits) for value in full),
        intercept=_round(float(regression.intercept_[0]), digits),
    )


def _weights(same: np.ndarray, balanced: bool) -> np.ndarray:
    if not balanced:
        return np.full(len(same), 1.0 / len(same))
    positives = max(int(same.sum()), 1)
    negatives = max(len(same) - int(same.sum()), 1)
    return np.where(same, 0.5 / positives, 0.5 / negatives)


def _round(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def decision_table(variant: Variant, settings: ClusterSettings) -> PairTable:
    """The clusterer's own merge decisions, made by an oracle: the candidate pairs in the
    clusterer's order (strongest first), each asking whether the two groups that hold its
    ends are one event, the groups merged when the gold labels say so (so that they stay
    pure). Each decision's features are :data:`TERMS` averaged over all the groups' cross
    pairs (what average link compares), times the groups' time factor: a big event's
    groups are alike on average by less than its closest pairs, which the pairs alone
    do not show."""
    from digest.incidents.cluster import _group_time_factor, _joined

    articles = variant.prepared.articles
    features = variant.features
    matrix = sp.csr_matrix(features.matrix)
    widths = features.widths
    block = np.repeat(np.arange(len(widths)), widths)
    times = [_timestamp(clustering_date(article)) for article in articles]
    edges = _candidate_pairs(features, times, settings)
    gold = variant.prepared.gold
    count = matrix.shape[0]
    days = features.days if features.days is not None else np.zeros((count, 8))
    parent = list(range(count))
    sums = {i: matrix[i] for i in range(count)}
    day_sums = {i: days[i] for i in range(count)}
    sizes = dict.fromkeys(range(count), 1)
    spans = {i: None if t is None else (t, t) for i, t in enumerate(times)}
    seen: set[tuple[int, int, int, int]] = set()
    rows: list[np.ndarray] = []
    same: list[bool] = []
    firsts: list[int] = []
    seconds: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, *_ in edges:
        a, b = sorted((find(i), find(j)))
        key = (a, b, sizes[a], sizes[b])
        if a == b or key in seen:
            continue
        seen.add(key)
        factor = _group_time_factor(spans[a], spans[b], settings.window_days)
        if factor == 0.0:
            continue
        product = sums[a].multiply(sums[b]).tocoo()
        parts = np.bincount(block[product.col], product.data, minlength=len(widths))
        conflict = float(day_conflict(day_sums[a], day_sums[b])[0])
        pairs = sizes[a] * sizes[b]
        rows.append(np.append(parts, -conflict) * factor / pairs)
        one = gold[a] == gold[b]
        same.append(one)
        firsts.append(i)
        seconds.append(j)
        if one:
            parent[b] = a
            sums[a] = sums[a] + sums.pop(b)
            day_sums[a] = day_sums[a] + day_sums.pop(b)
            sizes[a] += sizes.pop(b)
            spans[a] = _joined(spans[a], spans.pop(b))
    return PairTable(
        label=variant.label,
        first=np.array(firsts, dtype=np.int64),
        second=np.array(seconds, dtype=np.int64),
        features=np.array(rows).reshape(-1, len(TERMS)),
        same=np.array(same, dtype=bool),
        similarity=np.zeros(len(same)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep variants and baselines here")
    parser.add_argument("--googlenews", type=int, default=1000)
    parser.add_argument("--write", type=Path, help="fit on every corpus and write the JSON")
    parser.add_argument("--fit-shift", action="store_true", help="also fit the merge logit")
    parser.add_argument(
        "--pair-diagnostic",
        action="store_true",
        help="held-out pair log-loss and AUC with and without pair-only features, and stop",
    )
    parser.add_argument(
        "--multi-outlet",
        action="store_true",
        help="the extraction fold's model on the page openings in the held-out sets' mix",
    )
    parser.add_argument(
        "--decisions",
        action="store_true",
        help="train on an oracle's group merge decisions, not on candidate pairs",
    )
    parser.add_argument(
        "--normalised",
        action="store_true",
        help="learn the field weights of the features' own (row-normalised) similarity",
    )
    parser.add_argument(
        "--tied", action="store_true", help="one weight for all fields: only scale and intercept"
    )
    parser.add_argument(
        "--balanced", action="store_true", help="same-event and other pairs weigh the same"
    )
    args = parser.parse_args()
    if not (SHARED / "eval").is_dir():
        sys.exit(f"{SHARED / 'eval'} is absent: the evaluation sets live beside the repository")
    settings = ClusterSettings()
    variants = _variants(args.cache, args.googlenews)
    make = decision_table if args.decisions else pair_table
    tables = {variant.label: make(variant, settings) for variant in variants}
    if args.multi_outlet:
        _multi_outlet(variants, tables, settings, args)
        return
    if args.pair_diagnostic:
        _pair_diagnostic(variants, tables)
        return
    if args.write:
        every = list(tables.values())
        written = (
            fit_normalised(every, balanced=args.balanced)
            if args.normalised
            else fit(every, balanced=args.balanced, tied=args.tied)
        )
        args.write.write_text(written.as_json(), encoding="utf-8")
        print(written.as_json(), end="")
        return
    baselines = _baselines(variants, args.cache)
    families = sorted({variant.family for variant in variants}, key=_order(variants))
    current = _current(variants, settings)
    rows: list[tuple[str, Scores, Scores, Scores, Scores | None]] = []
    for family in families:
        held = [v for v in variants if v.family == family]
        training = [v for v in variants if v.family != family]
        if args.normalised:
            normal = fit_normalised([tables[v.label] for v in training], balanced=args.balanced)
            print(f"# {family} left out: {normal}", flush=True)
            for variant in held:
                moved = dataclasses.replace(
                    variant, features=reweighted(variant.features, normal.fields)
                )
                ours = _score(moved, settings, normal.model())
                base = baselines[variant.label]
                rows.append((variant.label, current[variant.label], ours, base, None))
            continue
        fitted = fit([tables[v.label] for v in training], balanced=args.balanced, tied=args.tied)
        print(f"# {family} left out: {_describe(fitted)}", flush=True)
        shifted = None
        if args.fit_shift:
            shift = _best_shift(training, fitted, settings)
            print(f"#   fitted merge logit {shift:+.1f}", flush=True)
            shifted = fitted.model(shift)
        for variant in held:
            ours = _score(variant, settings, fitted.model())
            other = _score(variant, settings, shifted) if shifted else None
            rows.append(
                (variant.label, current[variant.label], ours, baselines[variant.label], other)
            )
    _print(rows, args.fit_shift)


def _pair_diagnostic(variants: list[Variant], tables: dict[str, PairTable]) -> None:
    """Pairs only, leave one corpus out: how well the linear terms, and the linear terms
    with the pair-only ones (:data:`EXTRAS`), tell same-event candidate pairs from others
    (log-loss and ROC AUC on the corpus left out, each variant weighing the same); last,
    gradient-boosted trees on both (not linear: could not be averaged over groups exactly;
    whether the pairs hold signal a linear model misses)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score

    extras = {v.label: pair_extras(v, tables[v.label]) for v in variants}
    families = sorted({variant.family for variant in variants}, key=_order(variants))
    print(f"{'variant (left out)':28} {'pairs':>6} {'same':>5}  linear: loss AUC", end="")
    print("  + pair-only: loss AUC  trees: loss AUC")
    for family in families:
        training = [tables[v.label] for v in variants if v.family != family]
        training_extras = [extras[v.label] for v in variants if v.family != family]
        same = np.concatenate([table.same for table in training])
        weights = np.concatenate([np.full(len(t.same), 1.0 / len(t.same)) for t in training])
        weights *= len(same) / weights.sum()
        fitted = []
        for extra in (False, True):
            columns = [
                _columns(t, e, extra) for t, e in zip(training, training_extras, strict=True)
            ]
            regression = LogisticRegression(C=100.0, max_iter=10_000, tol=1e-10)
            regression.fit(np.vstack(columns), same, sample_weight=weights)
            fitted.append(regression)
        trees = HistGradientBoostingClassifier(max_iter=200, early_stopping=False, random_state=0)
        trees.fit(np.vstack(columns), same, sample_weight=weights)
        terms = zip((*TERMS, *EXTRAS), fitted[1].coef_[0], strict=True)
        print(f"# {family} left out: " + ", ".join(f"{n} {c:.3g}" for n, c in terms))
        for v in variants:
            if v.family != family:
                continue
            table = tables[v.label]
            cells = []
            for extra, regression in zip((False, True, True), (*fitted, trees), strict=True):
                p = regression.predict_proba(_columns(table, extras[v.label], extra))[:, 1]
                both = len(set(table.same.tolist())) == 2
                auc = roc_auc_score(table.same, p) if both else float("nan")
                cells.append(f"{log_loss(table.same, p, labels=[False, True]):.3f} {auc:.3f}")
            print(f"{v.label:28} {len(table.same):6d} {int(table.same.sum()):5d}", end="")
            print(f"  {cells[0]:>16}  {cells[1]:>22}  {cells[2]:>16}")


def _columns(table: PairTable, extras: np.ndarray, extra: bool) -> np.ndarray:
    return np.hstack((table.features, extras)) if extra else table.features


def _order(variants: list[Variant]) -> Callable[[str], int]:
    first = {}
    for index, variant in enumerate(variants):
        first.setdefault(variant.family, index)
    return first.__getitem__


def _describe(fitted: Fit) -> str:
    terms = ", ".join(
        f"{name} {value:.3g}" for name, value in zip(TERMS, fitted.coefficients, strict=True)
    )
    return f"{terms}; intercept {fitted.intercept:.3g}"


def _multi_outlet(
    variants: list[Variant],
    tables: dict[str, PairTable],
    settings: ClusterSettings,
    args: argparse.Namespace,
) -> None:
    """The model fitted without the extraction pages (their fold's), on the raw page
    openings in the held-out sets' mix (``cluster_eval.py --multi-outlet``, a diagnostic),
    beside the clustering as it is at each threshold."""
    mix = multi_outlet_openings(SHARED, args.cache)
    gold = mix.prepared.all_gold
    training = [tables[v.label] for v in variants if v.family != "extraction"]
    fitted = fit(training, balanced=args.balanced, tied=args.tied)
    print(f"# fitted without the extraction pages: {_describe(fitted)}")
    for threshold in THRESHOLDS:
        trial = dataclasses.replace(settings, threshold=threshold)
        groups = cluster_articles(mix.prepared.articles, trial, mix.features).groups
        predicted = group_assignments(mix.prepared, groups)
        print(f"as it is at {threshold:.2f}: {_cell(bcubed(gold, predicted))}", end="")
        print(f" (R shared {shared_recall(gold, predicted):.3f})")
    groups = cluster_articles(mix.prepared.articles, settings, mix.features, fitted.model()).groups
    predicted = group_assignments(mix.prepared, groups)
    print(f"model at p 0.5:     {_cell(bcubed(gold, predicted))}", end="")
    print(f" (R shared {shared_recall(gold, predicted):.3f})")


def _score(variant: Variant, settings: ClusterSettings, model: PairModel | None) -> Scores:
    groups = cluster_articles(variant.prepared.articles, settings, variant.features, model).groups
    return bcubed(variant.prepared.all_gold, group_assignments(variant.prepared, groups))


def _current(variants: list[Variant], settings: ClusterSettings) -> dict[str, Scores]:
    """The clustering as it is, its threshold fitted leave one corpus out, exactly as
    :func:`digest.evaluation.loco.fit_threshold` does (each variant scored once per
    threshold, not once per fold)."""
    grid = {
        (variant.label, threshold): _score(
            variant, dataclasses.replace(settings, threshold=threshold), None
        )
        for variant in variants
        for threshold in THRESHOLDS
    }
    chosen = {}
    for variant in variants:
        training = [v for v in variants if v.family != variant.family]
        best, best_f1 = THRESHOLDS[0], -1.0
        for threshold in THRESHOLDS:
            f1 = sum(grid[(v.label, threshold)].f1 for v in training) / len(training)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = threshold, f1
        chosen[variant.label] = grid[(variant.label, best)]
    return chosen


def _best_shift(training: list[Variant], fitted: Fit, settings: ClusterSettings) -> float:
    best, best_f1 = SHIFTS[0], -1.0
    for shift in SHIFTS:
        model = fitted.model(shift)
        f1 = sum(_score(v, settings, model).f1 for v in training) / len(training)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = shift, f1
    return best


def _variants(cache: Path | None, googlenews: int) -> list[Variant]:
    if cache is None:
        return load_variants(SHARED, CORPORA, {"googlenews-ts": googlenews})
    key = hashlib.sha256(f"{CORPORA} {googlenews}".encode())
    for source in sorted((ROOT / "digest").rglob("*.py")):
        if source.name != "cluster.py":
            key.update(source.read_bytes())
    path = cache / f"variants-{key.hexdigest()[:20]}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    variants = load_variants(SHARED, CORPORA, {"googlenews-ts": googlenews}, cache)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(variants))
    return variants


def _baselines(variants: list[Variant], cache: Path | None) -> dict[str, Scores]:
    key = hashlib.sha256(repr([v.records for v in variants]).encode("utf-8"))
    key.update((ROOT / "digest" / "evaluation" / "baseline.py").read_bytes())
    path = cache / f"baselines-{key.hexdigest()[:20]}.pickle" if cache else None
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())
    scores = {
        v.label: bcubed(v.prepared.all_gold, baseline_assignments(v.records)) for v in variants
    }
    if path is not None:
        path.write_bytes(pickle.dumps(scores))
    return scores


def _print(rows: list[tuple[str, Scores, Scores, Scores, Scores | None]], shifted: bool) -> None:
    header = f"{'corpus (left out)':28} {'as it is P / R / F1':20}  {'model P / R / F1':20}"
    header += f"  {'baseline P / R / F1':20}  model-base  model-as is"
    if shifted:
        header += f"  {'model, fitted logit':20}"
    print(header)
    for label, current, ours, base, other in rows:
        line = f"{label:28} {_cell(current):20}  {_cell(ours):20}  {_cell(base):20}"
        line += f"  {ours.f1 - base.f1:+.3f}       {ours.f1 - current.f1:+.3f}"
        if other is not None:
            line += f"  {_cell(other):20} {other.f1 - base.f1:+.3f}"
        print(line)
    count = len(rows)
    print(
        f"mean difference from the baseline: as it is {_mean(rows, 1):+.3f}, "
        f"model {_mean(rows, 2):+.3f}"
        + (f", model with fitted logit {_mean(rows, 4):+.3f}" if shifted else "")
        + f" ({count} rows)"
    )


def _mean(rows: list[tuple[str, Scores, Scores, Scores, Scores | None]], column: int) -> float:
    return sum(row[column].f1 - row[3].f1 for row in rows) / len(rows)  # type: ignore[union-attr]


def _cell(scores: Scores) -> str:
    return f"{scores.precision:.3f} {scores.recall:.3f} {scores.f1:.3f}"


if __name__ == "__main__":
    main()
