"""The optional semantic field: its arithmetic on made-up embeddings (no torch needed), and
the real model when the ``semantic`` extra is installed."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from digest.config import ClusterSettings
from digest.incidents import semantic
from digest.incidents.cluster import cluster_articles
from digest.incidents.features import Features, featurise
from digest.model import Document
from digest.normalise import normalise


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _features(dense: np.ndarray) -> Features:
    return Features(
        matrix=sp.csr_matrix(dense),
        names=tuple(frozenset() for _ in dense),
        widths=(dense.shape[1],),
        days=np.zeros((len(dense), 8)),
    )


def test_dot_products_are_the_shared_mean_of_the_two_cosines() -> None:
    rng = np.random.default_rng(5)
    words = _unit(rng.random((6, 9)) * (rng.random((6, 9)) < 0.5) + np.eye(6, 9))
    meaning = _unit(rng.normal(size=(6, 4)))
    hybrid = semantic.with_semantic(_features(words), meaning, 0.3).matrix.toarray()
    expected = 0.7 * (words @ words.T) + 0.3 * (meaning @ meaning.T)
    np.testing.assert_allclose(hybrid @ hybrid.T, expected, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(hybrid, axis=1), 1.0)
    # Average link compares summed rows: the mean over cross pairs is still that mean.
    first, second = hybrid[:2].sum(axis=0), hybrid[2:5].sum(axis=0)
    assert first @ second / 6 == pytest.approx(expected[:2, 2:5].mean())


def test_embeddings_are_scaled_to_unit_length_and_empty_rows_use_meaning_alone() -> None:
    words = np.array([[1.0, 0.0], [0.0, 0.0]])
    meaning = np.array([[3.0, 4.0], [0.0, 2.0]])  # not unit: scaled first
    hybrid = semantic.with_semantic(_features(words), meaning, 0.5).matrix.toarray()
    np.testing.assert_allclose(hybrid[1], [0.0, 0.0, 0.0, 1.0])
    # Row 0 is (sqrt(.5), 0, sqrt(.5) * .6, sqrt(.5) * .8); row 1 is the unit embedding alone.
    assert hybrid[0] @ hybrid[1] == pytest.approx(np.sqrt(0.5) * 0.8)


def test_share_zero_leaves_features_unchanged_and_bad_input_is_refused() -> None:
    features = _features(np.eye(3))
    assert semantic.with_semantic(features, np.eye(3), 0.0) is features
    with pytest.raises(ValueError, match="share"):
        semantic.with_semantic(features, np.eye(3), 1.0)
    with pytest.raises(ValueError, match="2 embeddings for 3 articles"):
        semantic.with_semantic(features, np.eye(2, 3), 0.3)


def test_reports_worded_apart_merge_when_their_embeddings_agree() -> None:
    articles = [
        normalise(Document(path=f"{n}.txt", title=title, text=text))
        for n, (title, text) in enumerate(
            (
                (
                    "Tremor shakes coastal towns",
                    "Residents fled buildings as the ground shook before dawn; walls cracked.",
                ),
                (
                    "Quake rattles seaside villages",
                    "People ran outdoors when an earthquake hit overnight, damaging homes.",
                ),
                (
                    "Central bank holds rates",
                    "Policymakers kept borrowing costs unchanged, citing slowing inflation.",
                ),
            )
        )
    ]
    plain = featurise(articles)
    settings = ClusterSettings(threshold=0.3)
    assert len(cluster_articles(articles, settings, plain).groups) == 3
    meaning = np.array([[1.0, 0.1], [0.95, 0.15], [0.0, 1.0]])
    hybrid = semantic.with_semantic(plain, meaning, 0.5)
    assert cluster_articles(articles, settings, hybrid).groups == ((0, 1), (2,))


def test_the_title_is_embedded_only_when_the_source_had_one() -> None:
    titled = normalise(Document(path="a.txt", title="Dam bursts", text="Water flooded a valley."))
    untitled = normalise(Document(path="b.txt", text="Water flooded a valley after the storm."))
    assert semantic.embedding_text(titled).startswith("Dam bursts.\n")
    assert semantic.embedding_text(untitled) == untitled.text


needs_model = pytest.mark.skipif(
    not semantic.installed(),
    reason='the semantic extra is not installed (pip install ".[semantic]"): model not tested',
)


@needs_model
def test_the_shipped_model_puts_one_event_nearer_than_another() -> None:
    texts = [
        "An earthquake of magnitude 6.2 struck off the coast on Monday, damaging houses.",
        "A strong quake hit the coastal region on Monday, cracking walls of homes.",
        "The central bank left interest rates unchanged at its meeting on Thursday.",
    ]
    rows = semantic.embed(texts, threads=1)
    assert rows.shape == (3, semantic.DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-6)
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2
    # Each text is encoded alone: its row does not depend on the others in the call.
    np.testing.assert_array_equal(semantic.embed(texts[2:], threads=1)[0], rows[2])
