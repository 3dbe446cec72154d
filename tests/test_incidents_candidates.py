"""The neighbour join that feeds clustering: the same pairs as an all-pairs search, found
without comparing every pair; the time window; story threads across months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp

from digest.config import ClusterSettings
from digest.incidents import build_incidents
from digest.incidents import cluster as clustering
from digest.incidents.features import Features
from digest.model import Document
from digest.normalise import normalise


def _random_features(count: int, seed: int) -> Features:
    rng = np.random.default_rng(seed)
    dense = rng.random((count, 40)) * (rng.random((count, 40)) < 0.15)
    # Repeated rows make exact ties, which must be cut by index, not by the C library.
    dense[count // 2 : count // 2 + 6] = dense[count // 2]
    dense[np.all(dense == 0, axis=1), 0] = 1.0
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    return Features(matrix=sp.csr_matrix(dense), names=tuple(frozenset() for _ in dense))


def _brute_force(matrix: np.ndarray, floor: float) -> set[tuple[int, int]]:
    similarity = np.round(matrix @ matrix.T, 6)
    pairs = set()
    for i, row in enumerate(similarity):
        order = sorted((j for j in range(len(row)) if j != i), key=lambda j: (-row[j], j))
        for j in order[: clustering._NEIGHBOURS]:
            if row[j] >= floor:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def test_undated_neighbours_equal_an_all_pairs_search(monkeypatch) -> None:
    # Small blocks, so that rows of one article's neighbours span several products.
    monkeypatch.setattr(clustering, "_BLOCK_ROWS", 7)
    features = _random_features(60, seed=3)
    settings = ClusterSettings()
    edges = clustering._candidate_pairs(features, [None] * 60, settings)
    found = {(i, j) for i, j, _, _ in edges}
    assert found == _brute_force(features.matrix.toarray(), settings.threshold / 2)
    dense = features.matrix.toarray()
    for i, j, score, raw in edges:
        assert i < j
        assert raw == score == round(float(dense[i] @ dense[j]), 6)
    assert edges == sorted(edges, key=lambda edge: (-edge[2], edge[0], edge[1]))


def test_dated_articles_are_compared_only_within_the_window(monkeypatch) -> None:
    monkeypatch.setattr(clustering, "_BLOCK_ROWS", 5)
    features = _random_features(30, seed=5)
    day = 86400.0
    # Three bursts a month apart: no merge candidate may cross bursts.
    times: list[float | None] = [(i // 10) * 30 * day + (i % 10) * 3600.0 for i in range(30)]
    edges = clustering._candidate_pairs(features, times, ClusterSettings())
    assert edges
    for i, j, score, _ in edges:
        assert score == 0.0 or i // 10 == j // 10


def _article(path: str, title: str, text: str, when: datetime | None):
    return normalise(Document(path=path, title=title, text=text, published=when))


THREAD = (
    (
        "Militia depot near Qaim struck by Kataib Hezbollah rivals",
        "Drones struck a Kataib Hezbollah weapons depot near Qaim on the Syrian border "
        "overnight, the Popular Mobilization Forces said; commander Abu Fadak al-Mohammadawi "
        "called it an attack on Iraqi sovereignty.",
    ),
    (
        "Abu Fadak al-Mohammadawi vows response after Qaim strike on Kataib Hezbollah",
        "Months later, air strikes hit Kataib Hezbollah positions near Qaim again; Abu Fadak "
        "al-Mohammadawi of the Popular Mobilization Forces vowed a response.",
    ),
)


def test_story_threads_are_found_across_months(monkeypatch) -> None:
    # One article per block: the time-windowed join alone would never see the pair.
    monkeypatch.setattr(clustering, "_BLOCK_ROWS", 1)
    start = datetime(2024, 1, 5, 8, tzinfo=UTC)
    articles = [
        _article(f"thread/{n}.txt", title, text, start + timedelta(days=200 * n))
        for n, (title, text) in enumerate(THREAD)
    ]
    incidents = build_incidents(articles, ClusterSettings())
    assert len(incidents) == 2
    first, second = incidents
    assert [link.incident_id for link in first.related] == [second.id]
    assert [link.incident_id for link in second.related] == [first.id]


def test_scale_stays_linear_in_the_window() -> None:
    """Articles a year apart are never joined on all words: the number of merge candidates
    per article does not grow with the archive."""
    features = _random_features(200, seed=11)
    day = 86400.0
    times: list[float | None] = [i * day for i in range(200)]
    edges = clustering._candidate_pairs(features, times, ClusterSettings())
    merge_candidates = [edge for edge in edges if edge[2] > 0]
    window = ClusterSettings().window_days
    assert all(abs(i - j) <= window for i, j, _, _ in merge_candidates)


def test_link_names_do_not_depend_on_insertion_order() -> None:
    """Names spelled two ways ("Covid-19", "COVID-19") show one spelling, the same one
    whatever order the sets of names were read in (that order is the hash seed's)."""
    from collections import Counter

    from digest.incidents import _shared_names

    other = Counter({"covid-19": 1, "Pfizer": 2})
    forward = Counter({"Covid-19": 1, "COVID-19": 1, "Pfizer": 1})
    backward = Counter({"COVID-19": 1, "Covid-19": 1, "Pfizer": 1})
    assert _shared_names(forward, other) == _shared_names(backward, other)
    assert _shared_names(forward, other) == ("Pfizer", "COVID-19")


def _court_report(path: str, day: str, when: datetime | None = None):
    return _article(
        path,
        f"Appeals court rules on Northgate water permit {day}",
        f"The appeals court in Northgate ruled on {day} that the river water permit issued "
        "to the Basin Mining Company must be reviewed again, siding with farmers who had "
        "challenged it over the dry summer.",
        when,
    )


def test_undated_reports_naming_different_weekdays_are_apart_dated_ones_by_date() -> None:
    """Two undated reports worded alike but naming different days are the next development
    of a story, not one event; dated, their dates say when, whatever day the lead names."""
    settings = ClusterSettings(threshold=0.85)  # the two are 0.89 alike on their words
    undated = [_court_report("court/a.txt", "Monday"), _court_report("court/c.txt", "Thursday")]
    assert len(build_incidents(undated, settings)) == 2
    when = datetime(2024, 3, 4, 9, tzinfo=UTC)
    dated = [
        _court_report("court/a.txt", "Monday", when),
        _court_report("court/c.txt", "Thursday", when + timedelta(hours=2)),
    ]
    assert len(build_incidents(dated, settings)) == 1


def test_the_day_conflict_of_groups_is_the_sum_over_their_pairs() -> None:
    from digest.incidents.features import day_conflict, featurise

    articles = [
        _court_report("court/a.txt", "Monday"),
        _court_report("court/b.txt", "Monday and Tuesday"),
        _court_report("court/c.txt", "Thursday"),
        _court_report("court/d.txt", "the weekend"),
    ]
    days = featurise(articles).days
    pairs = day_conflict(days[[0, 0, 0, 1, 1, 2]], days[[1, 2, 3, 2, 3, 3]])
    assert pairs.round(3).tolist() == [round(1 - 1 / 2**0.5, 3), 1.0, 0.0, 1.0, 0.0, 0.0]
    # Groups {a, b} and {c, d}: the mean over cross pairs from the groups' summed rows.
    first, second = days[0] + days[1], days[2] + days[3]
    assert round(float(day_conflict(first, second)[0]), 6) == round(
        float(pairs[[1, 2, 3, 4]].sum()), 6
    )


def _gram_features(inner: float, outlier: float) -> Features:
    """Three reports alike to each other by ``inner`` and a fourth alike to each by
    ``outlier``: unit rows with exactly that Gram matrix."""
    gram = np.full((4, 4), inner)
    gram[3, :] = gram[:, 3] = outlier
    np.fill_diagonal(gram, 1.0)
    rows = np.linalg.cholesky(gram)
    return Features(matrix=sp.csr_matrix(rows), names=tuple(frozenset() for _ in rows))


def _partition(features: Features) -> list[list[int]]:
    settings = ClusterSettings(threshold=0.2)
    edges = clustering._candidate_pairs(features, [None] * 4, settings)
    return [
        list(group) for group in clustering._average_link(features, [None] * 4, edges, settings)
    ]


def test_a_report_left_alone_joins_an_incident_nearly_as_alike_as_its_own_reports() -> None:
    # 0.17 is below the threshold, but close to how alike the incident's reports are (0.22).
    assert _partition(_gram_features(inner=0.22, outlier=0.17)) == [[0, 1, 2, 3]]
    # The same report beside a tight incident (0.5 alike) is another story.
    assert _partition(_gram_features(inner=0.5, outlier=0.17)) == [[0, 1, 2], [3]]
    # And a report barely alike (0.12) never joins, however loose the incident.
    assert _partition(_gram_features(inner=0.21, outlier=0.12)) == [[0, 1, 2], [3]]


def test_a_pair_model_scaled_as_a_whole_merges_the_same() -> None:
    # A model is a weight per field, a weekday penalty and a threshold: the same model
    # times two (weights, penalty and threshold) must give the same incidents, through
    # every step that weighs rows (the pairs' scores, the groups' sums, the cohesion of
    # the attach step, whose rows are no longer of length 1).
    count = 80
    rng = np.random.default_rng(1)
    centres = rng.random((8, 40)) * (rng.random((8, 40)) < 0.15)
    dense = centres[rng.integers(0, 8, count)] + rng.random((count, 40)) * 0.6 * (
        rng.random((count, 40)) < 0.2
    )
    dense[np.all(dense == 0, axis=1), 0] = 1.0
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    features = Features(
        matrix=sp.csr_matrix(dense),
        names=tuple(frozenset() for _ in dense),
        widths=(10, 10, 10, 10),
    )
    settings = ClusterSettings(threshold=0.5)
    articles = [SimpleNamespace(published=None)] * count  # undated: no time factor
    plain = clustering.cluster_articles(articles, settings, features)
    weights = (1.0, 0.5, 2.0, 1.5)
    once = clustering.PairModel(fields=weights, threshold=0.5)
    twice = clustering.PairModel(fields=tuple(2 * w for w in weights), weekday=0.2, threshold=1.0)
    first = clustering.cluster_articles(articles, settings, features, once).groups
    second = clustering.cluster_articles(articles, settings, features, twice).groups
    assert first == second
    assert first != plain.groups  # the weights do weigh
    assert 1 < len(first) < count
