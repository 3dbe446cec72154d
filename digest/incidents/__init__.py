"""Stage 3: articles → incidents (clustering, identity across builds, story threads)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

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
# Links to earlier incidents of its thread each incident keeps, the strongest: its page
# shows them (digest.publish.pages.EARLIER_SHOWN of them; a test checks it is no more).
EARLIER_KEPT = 2
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
    Story threads are a function of the articles alone, never of the last build's: a
    build from nothing gives the same threads (only their ids are carried over, by
    :func:`digest.publish.plan.story_threads`).
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
    level (an outlet's own name does not count), strongest first. Each incident keeps its
    ``_MAX_RELATED`` strongest links, those that joined it to its thread (the links hold
    each thread together, see :func:`digest.publish.plan.story_threads`, whichever new
    incident's links come to be the strongest) and its ``EARLIER_KEPT`` strongest links to
    earlier incidents, which its page shows: an incident that is newer than it never
    displaces those, so the weekly case of new articles changes no older incident's page."""
    names = _Names(clustering, groups)
    candidates = _candidates(clustering, minimum, names)
    when = [
        _oldest_first(group, incident_id) for group, incident_id in zip(groups, ids, strict=True)
    ]
    # Threads formed in the order the story unfolded (the pairs whose later incident came
    # first, then the strongest), not strongest first: an incident newer than the rest then
    # joins threads or joins two, and never splits how the older incidents were threaded
    # (the archive's word statistics aside). Strongest first, 1 % new articles after the
    # archive renamed 120 old incidents' threads at 10,000; 40 in this order.
    unfolding = sorted(candidates, key=lambda c: (max(when[c[1]], when[c[2]]), -c[0], c[1], c[2]))
    thread, joining = _threads(clustering, [(a, b) for _, a, b in unfolding], minimum)
    links: dict[int, list[tuple[float, str, int]]] = {}
    for similarity, a, b in candidates:
        if thread[a] == thread[b]:
            links.setdefault(a, []).append((-similarity, ids[b], b))
            links.setdefault(b, []).append((-similarity, ids[a], a))
    kept: dict[int, tuple[Related, ...]] = {}
    for g, items in links.items():
        earlier = 0
        chosen = []
        for rank, (_, _, other) in enumerate(sorted(items)):
            is_earlier = when[other] < when[g]
            if (
                rank < _MAX_RELATED
                or (min(g, other), max(g, other)) in joining
                or (is_earlier and earlier < EARLIER_KEPT)
            ):
                chosen.append(Related(incident_id=ids[other], shared=names.shared(g, other, ids)))
            earlier += is_earlier
        kept[g] = tuple(chosen)
    return kept


def _oldest_first(articles: Sequence[Article], incident_id: str) -> tuple[int, float, str]:
    """The order of incidents in a thread (:func:`digest.publish.plan.oldest_first` of their
    briefs): by first report, undated last, then by id."""
    dated = [article.published for article in articles if article.published]
    if not dated:
        return (1, 0.0, incident_id)
    return (0, min(dated).timestamp(), incident_id)


class _Names:
    """The specific names of each incident (see :func:`_related`), worked out for the
    incidents that need them only."""

    def __init__(self, clustering: Clustering, groups: Sequence[Sequence[Article]]) -> None:
        self._clustering = clustering
        self._outlets = {a.outlet.lower() for group in groups for a in group if a.outlet}
        self._specific: dict[str, bool] = {}
        self._counts: dict[int, Counter[str]] = {}
        self._spellings: dict[int, dict[str, list[str]]] = {}
        self._lowered: dict[int, frozenset[str]] = {}

    def _is_specific(self, name: str) -> bool:
        if name not in self._specific:
            self._specific[name] = name.lower() not in self._outlets and not is_country_level(name)
        return self._specific[name]

    def counts(self, g: int) -> Counter[str]:
        if g not in self._counts:
            counter: Counter[str] = Counter()
            for member in self._clustering.groups[g]:
                counter.update(filter(self._is_specific, self._clustering.features.names[member]))
            self._counts[g] = counter
        return self._counts[g]

    def spellings(self, g: int) -> dict[str, list[str]]:
        """Each name lowercased → its spellings in the incident's reports."""
        if g not in self._spellings:
            self._spellings[g] = _spellings(self.counts(g))
        return self._spellings[g]

    def lowered(self, g: int) -> frozenset[str]:
        if g not in self._lowered:
            self._lowered[g] = frozenset(self.spellings(g))
        return self._lowered[g]

    def shared(self, g: int, other: int, ids: Sequence[str]) -> tuple[str, ...]:
        """The names both share, as the incident of the lower id spells them (an incident
        keeps its id from build to build, not its place among the groups)."""
        a, b = sorted((g, other), key=lambda k: ids[k])
        return _ranked(self.spellings(a), self.lowered(b), self.counts(a), self.counts(b))


def _candidates(
    clustering: Clustering, minimum: float, names: _Names
) -> list[tuple[float, int, int]]:
    """Pairs of incidents (similarity, a, b), a < b, strongest first: the incidents' most
    alike articles are at least ``minimum`` alike, and they share enough names."""
    if not clustering.links:
        return []
    group_of = np.empty(clustering.features.matrix.shape[0], dtype=np.int64)
    for g, group in enumerate(clustering.groups):
        group_of[list(group)] = g
    links = np.array(clustering.links, dtype=np.float64).reshape(-1, 3)
    links = links[links[:, 2] >= minimum]
    first = group_of[links[:, 0].astype(np.int64)]
    second = group_of[links[:, 1].astype(np.int64)]
    a, b, similarity = np.minimum(first, second), np.maximum(first, second), links[:, 2]
    # Each pair of incidents once, with the similarity of its most alike articles.
    order = np.lexsort((-similarity, b, a))
    a, b, similarity = a[order], b[order], similarity[order]
    head = np.ones(len(a), dtype=bool)
    head[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    candidates = [
        (value, x, y)
        for value, x, y in zip(
            similarity[head].tolist(), a[head].tolist(), b[head].tolist(), strict=True
        )
        if len(names.lowered(x) & names.lowered(y)) >= _MIN_SHARED_NAMES
    ]
    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1], candidate[2]))
    return candidates


def _threads(
    clustering: Clustering,
    pairs: Sequence[tuple[int, int]],
    minimum: float,
) -> tuple[list[int], set[tuple[int, int]]]:
    """Each group's story thread (the index of a group in it), and the ``pairs`` that
    joined two parts of a thread (which link every thread): average linkage over the
    candidate ``pairs`` (in their order), as incidents are formed but with the lower
    ``minimum`` and no time window. Two threads join only when their articles are on
    average ``minimum`` alike, every pair counted: linking whatever a link reaches would
    chain one incident to the next through common names ("Biden", "Congress") until one
    thread held most of an archive.
    """
    groups = clustering.groups
    joining: set[tuple[int, int]] = set()
    if not pairs:
        return list(range(len(groups))), joining
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

    for pair in pairs:
        a, b = root(pair[0]), root(pair[1])
        if a == b or dot(vector(a), vector(b)) / (sizes[a] * sizes[b]) < minimum:
            continue
        joining.add(pair)
        keep, drop = min(a, b), max(a, b)
        summed[keep] = add(vector(keep), vector(drop))
        del summed[drop]
        parent[drop] = keep
        sizes[keep] += sizes[drop]
    return [root(g) for g in range(len(parent))], joining


def _spellings(names: Iterable[str]) -> dict[str, list[str]]:
    """Each name lowercased → its spellings among ``names``."""
    spellings: dict[str, list[str]] = {}
    for name in names:
        spellings.setdefault(name.lower(), []).append(name)
    return spellings


def _shared_names(a: Counter[str], b: Counter[str]) -> tuple[str, ...]:
    """The names ``a`` and ``b`` share, as :meth:`_Names.shared` ranks them."""
    return _ranked(_spellings(a), _spellings(b).keys(), a, b)


def _ranked(
    spellings: Mapping[str, Sequence[str]],
    other: Iterable[str],
    a: Counter[str],
    b: Counter[str],
) -> tuple[str, ...]:
    """The names of ``spellings`` (``a``'s, lowercased → as written) also in ``other``
    (lowercased), the most often named in ``a`` and ``b`` first, each in its most often
    named spelling. The name itself breaks ties: ``a`` is filled from sets, whose order is
    the hash seed's."""
    ranked = sorted(
        min((-(a[name] + b.get(name, 0)), lowered, name) for name in spellings[lowered])
        for lowered in spellings.keys() & other
    )
    return tuple(name for _, _, name in ranked[:_MAX_SHARED_NAMES])
