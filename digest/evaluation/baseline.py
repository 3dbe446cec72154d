"""The reference point: TF-IDF of title and text, average-link agglomerative clustering
with cosine distance cut at one global threshold (the README's baseline)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from digest.evaluation.data import LabelledArticle

DISTANCE_THRESHOLD = 0.8


def baseline_assignments(
    records: Sequence[LabelledArticle], threshold: float = DISTANCE_THRESHOLD
) -> dict[str, str]:
    """Labelled article id → baseline cluster number (as text). Dense all-pairs: meant for
    the evaluation sets (a few thousand articles), not for an archive."""
    if len(records) < 2:
        return {record.id: "0" for record in records}
    texts = [f"{record.title or ''}\n{record.text}" for record in records]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    distances = cosine_distances(matrix).astype(np.float32)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=threshold,
    ).fit_predict(distances)
    return {record.id: str(label) for record, label in zip(records, labels, strict=True)}
