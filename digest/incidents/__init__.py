"""Stage 3: articles → incidents (clustering, identity across builds, story threads)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from digest.config import ClusterSettings
from digest.incidents.cluster import Clustering, cluster_articles

# The summed-vector arithmetic of the incidents' own average linkage.
from digest.incidents.cluster import _add as add
from digest.incidents.cluster import _dot as dot
from digest.incidents.features import Tokens, featurise, is_country_level
from digest.incidents.identity import assign_ids, first_report, merged_ids
from digest.model import Article, Incident, Related

__all__ = ["build_incidents"]

_MAX_SHARED_NAMES = 5
_MIN_SHARED_NAMES = 2
_MAX_RELATED = 5
# Story threads need less likeness than one incident, but more than a shared region.
_RELATED_FRACTION = 0.6


def build_incidents(
    articles: Sequence[Article],
    settings: ClusterSettings,
    previous: Mapping[str, frozenset[str]] | None = None,
    tokens: Callable[[Sequence[Article]], Sequence[Tokens]] | None = None,
) -> tuple[Incident, ...]:
    """Group articles into incidents, newest first by first report.

    ``previous`` maps the last build's incident ids to their article ids, so that
    incidents keep their ids (see :mod:`digest.incidents.identity`). ``tokens`` gives
    the articles' :func:`~digest.incidents.features.tokens_of` (from a cache).
    """
    ordered = sorted(articles, key=lambda article: article.id)
    features = featurise(ordered, tokens(ordered)) if tokens and ordered else None
    clustering = cluster_articles(ordered, settings, features)
    groups = [
        tuple(sorted((ordered[i] for i in group), key=_source_order)) for group in clustering.groups
    ]
    ids = assign_ids(groups, previous or {})
    aliases = merged_ids(groups, ids, previous or {})
    related = _related(clustering, ids, settings.threshold * _RELATED_FRACTION, groups)
    incidents = [
        Incident(
            id=incident_id,
            articles=group,
            related=related.get(index, ()),
            aliases=aliases[index],
        )
        for index, (incident_id, group) in enumerate(zip(ids, groups, strict=True))
    ]
    return tuple(sorted(incidents, key=_newest_first))


def _source_order(article: Article) -> tuple[int, str, str]:
    if article.published is None:
        return (1, "", article.id)
    return (0, article.published.isoformat(), article.id)


def _newest_first(incident: Incident) -> tuple[int, float, str]:
    founder = first_report(incident.articles)
    if founder.published is None:
        return (1, 0.0, incident.id)
    return (0, -founder.published.timestamp(), incident.id)


def _related(
    clustering: Clustering,
    ids: Sequence[str],
    minimum: float,
    groups: Sequence[Sequence[Article]],
) -> dict[int, tuple[Related, ...]]:
    """Links between incidents of one story thread (see :func:`_threads`) whose articles
    are alike and share specific names: people, organisations and places below country
    level (an outlet's own name does not count)."""
    group_of = {member: g for g, group in enumerate(clustering.groups) for member in group}
    outlets = {a.outlet.lower() for group in groups for a in group if a.outlet}
    names: dict[int, Counter[str]] = {}
    for g, group in enumerate(clustering.groups):
        counter: Counter[str] = Counter()
        for member in group:
            counter.update(
                name
                for name in clustering.features.names[member]
                if name.lower() not in outlets and not is_country_level(name)
            )
        names[g] = counter
    best: dict[tuple[int, int], float] = {}
    for i, j, similarity in clustering.links:
        if similarity < minimum:
            continue
        a, b = sorted((group_of[i], group_of[j]))
        best[a, b] = max(best.get((a, b), 0.0), similarity)
    candidates: list[tuple[float, int, int, tuple[str, ...]]] = []
    lowered: dict[int, frozenset[str]] = {}
    for (a, b), similarity in best.items():
        for g in (a, b):
            if g not in lowered:
                lowered[g] = frozenset(name.lower() for name in names[g])
        # Most alike pairs share fewer names than a link needs: cheap to rule out first.
        if len(lowered[a] & lowered[b]) < _MIN_SHARED_NAMES:
            continue
        shared = _shared_names(names[a], names[b], lowered[b])
        if len(shared) >= _MIN_SHARED_NAMES:
            candidates.append((similarity, a, b, shared))
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1], candidate[2]))
    thread = _threads(clustering, [(a, b) for _, a, b, _ in candidates], minimum)
    links: dict[int, list[tuple[float, Related]]] = {}
    for similarity, a, b, shared in candidates:
        if thread[a] != thread[b]:
            continue
        links.setdefault(a, []).append((similarity, Related(incident_id=ids[b], shared=shared)))
        links.setdefault(b, []).append((similarity, Related(incident_id=ids[a], shared=shared)))
    return {
        g: tuple(
            link
            for _, link in sorted(items, key=lambda x: (-x[0], x[1].incident_id))[:_MAX_RELATED]
        )
        for g, items in links.items()
    }


def _threads(clustering: Clustering, pairs: Sequence[tuple[int, int]], minimum: float) -> list[int]:
    """Each group's story thread (the index of a group in it): average linkage over the
    candidate ``pairs`` (strongest first), as incidents are formed but with the lower
    ``minimum`` and no time window. Two threads join only when their articles are on
    average ``minimum`` alike, every pair counted: linking whatever a link reaches would
    chain one incident to the next through common names ("Biden", "Congress") until one
    thread held most of an archive.
    """
    groups = clustering.groups
    if not pairs:
        return list(range(len(groups)))
    members = np.concatenate([np.asarray(group, dtype=np.int64) for group in groups])
    starts = np.cumsum([0] + [len(group) for group in groups])
    # Each group's summed article vector: one sparse product, not a dense row per group.
    indicator = sp.csr_matrix(
        (np.ones(len(members)), members, starts),
        shape=(len(groups), clustering.features.matrix.shape[0]),
    )
    sums = sp.csr_matrix(indicator @ clustering.features.matrix)
    sums.sum_duplicates()
    sums.sort_indices()
    parent = list(range(len(groups)))
    sizes = [len(group) for group in groups]
    summed: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    def vector(g: int) -> tuple[np.ndarray, np.ndarray]:
        if g not in summed:
            span = slice(sums.indptr[g], sums.indptr[g + 1])
            summed[g] = (sums.indices[span], sums.data[span])
        return summed[g]

    for a, b in pairs:
        a, b = root(a), root(b)
        if a == b or dot(vector(a), vector(b)) / (sizes[a] * sizes[b]) < minimum:
            continue
        keep, drop = min(a, b), max(a, b)
        summed[keep] = add(vector(keep), vector(drop))
        del summed[drop]
        parent[drop] = keep
        sizes[keep] += sizes[drop]
    return [root(g) for g in range(len(parent))]


def _shared_names(
    a: Counter[str], b: Counter[str], lower_b: frozenset[str] | None = None
) -> tuple[str, ...]:
    if lower_b is None:
        lower_b = frozenset(name.lower() for name in b)
    common = [name for name in a if name.lower() in lower_b]
    # The name itself breaks ties: ``a`` is filled from sets, whose order is the hash seed's.
    common.sort(key=lambda name: (-(a[name] + b.get(name, 0)), name.lower(), name))
    seen: set[str] = set()
    shared = []
    for name in common:
        if name.lower() not in seen:
            seen.add(name.lower())
            shared.append(name)
    return tuple(shared[:_MAX_SHARED_NAMES])
