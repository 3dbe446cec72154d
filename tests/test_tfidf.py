"""The one TF-IDF (clustering's fields, the summary's sentences) computes what scikit-learn's
TfidfVectorizer(sublinear_tf=True) does on the same tokens."""

from __future__ import annotations

import numpy as np
import pytest

from digest.text.tfidf import normalised_rows, tfidf

CORPORA = {
    "one term": [["flood"]],
    "one term, several documents": [["flood"], ["flood", "flood"], ["flood"]],
    "repeated terms": [
        ["flood", "flood", "flood", "river", "dam"],
        ["river", "river"],
        ["dam", "evacuate", "flood"],
    ],
    "an empty document among others": [["quake", "tsunami"], [], ["quake"]],
    "non-ASCII terms": [
        ["zürich", "straße", "東京", "zürich", "ﬁre"],
        ["straße", "Zürich", "ça"],
        ["東京", "東京", "naïve", "zurich"],
    ],
}


@pytest.mark.parametrize("documents", CORPORA.values(), ids=CORPORA.keys())
def test_weights_are_scikit_learns(documents: list[list[str]]) -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vectorizer = text.TfidfVectorizer(sublinear_tf=True, analyzer=lambda document: document)
    expected = vectorizer.fit_transform(documents)
    ours = tfidf(documents)
    # Same columns (terms in sorted order), same weights to rounding.
    assert sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get) == sorted(
        {term for document in documents for term in document}
    )
    assert ours.shape == expected.shape
    assert np.abs(ours.toarray() - expected.toarray()).max() <= 1e-15


@pytest.mark.parametrize("documents", [[], [[]], [[], []]], ids=["no documents", "one", "two"])
def test_no_terms_is_a_column_of_zeros(documents: list[list[str]]) -> None:
    # scikit-learn refuses an empty vocabulary; clustering compares such documents on nothing.
    ours = tfidf(documents)
    assert ours.shape == (len(documents), 1) and ours.nnz == 0
    text = pytest.importorskip("sklearn.feature_extraction.text")
    with pytest.raises(ValueError, match="empty vocabulary"):
        text.TfidfVectorizer(sublinear_tf=True, analyzer=lambda d: d).fit_transform(documents)


def test_rows_are_scaled_to_length_one_and_empty_rows_kept() -> None:
    rows = normalised_rows(tfidf([["a", "b", "b"], [], ["c"]]))
    assert np.allclose(np.sqrt(rows.multiply(rows).sum(axis=1)).ravel(), [1.0, 0.0, 1.0])
