"""TF-IDF weights of tokenised documents: scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``
arithmetic (sublinear TF × smoothed IDF, rows L2-normalised, one column per term in sorted
order) in SciPy, for clustering's fields and the summary's sentences alike. Importing
scikit-learn cost a build 1.7 CPU s, and its per-call validation more than the sums for an
incident's few dozen sentences; ``tests/test_tfidf.py`` checks the weights equal its own."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def tfidf(documents: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """One row per document of its terms' weights, one column per term in sorted order;
    one column of zeros when no document has a term (scikit-learn refuses those)."""
    column: dict[str, int] = {}
    for term in sorted({term for document in documents for term in document}):
        column[term] = len(column)
    if not column:  # empty vocabulary: nothing to compare on
        return sp.csr_matrix((len(documents), 1), dtype=np.float64)
    indices = np.fromiter((column[t] for d in documents for t in d), dtype=np.int64)
    indptr = np.cumsum([0] + [len(document) for document in documents])
    counts = sp.csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(documents), len(column))
    )
    counts.sum_duplicates()
    document_frequency = np.bincount(counts.indices, minlength=len(column))
    idf = np.log((len(documents) + 1) / (document_frequency + 1.0)) + 1
    counts.data = (np.log(counts.data) + 1) * idf[counts.indices]
    return normalised_rows(counts)


def normalised_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` with each row of a non-zero length scaled to length 1."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
