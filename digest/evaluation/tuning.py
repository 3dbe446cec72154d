"""Trying settings without editing code (``digest eval --set``) and explaining a pair
(``digest eval --explain``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.config import ClusterSettings
from digest.errors import ConfigError
from digest.evaluation.data import LabelledArticle
from digest.evaluation.run import Prepared, prepare
from digest.incidents.cluster import cluster_articles, pair_explanation
from digest.incidents.features import featurise

SETTABLE = tuple(field.name for field in dataclasses.fields(ClusterSettings))
"""What ``--set key=value`` may change: the cluster settings of ``mkdocs.yml``."""


def apply_settings(pairs: Sequence[str], settings: ClusterSettings) -> ClusterSettings:
    """``key=value`` pairs applied to the settings; unknown keys and values that are not
    numbers are errors that name them."""
    changed: dict[str, float] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or key not in SETTABLE:
            known = ", ".join(SETTABLE)
            raise ConfigError(f"--set {pair}: expected KEY=NUMBER, KEY one of {known}")
        try:
            changed[key] = float(text)
        except ValueError as error:
            raise ConfigError(f"--set {pair}: {text!r} is not a number") from error
    return dataclasses.replace(settings, **changed)


@dataclass(frozen=True)
class Explanation:
    first: str
    second: str
    parts: tuple[tuple[str, float], ...]
    """What the pair's score is made of, by name."""
    shared: tuple[str, ...]
    """Names and places both mention."""
    threshold: float
    together: bool
    """Whether the clustering put the two in one incident."""
    gold_same: bool


def explain_pair(
    prepared: Prepared, first: str, second: str, settings: ClusterSettings
) -> Explanation:
    """The features and score of two labelled articles, and where the clustering put them."""
    index = {key: number for number, key in enumerate(prepared.record_ids)}
    missing = [key for key in (first, second) if key not in index]
    if missing:
        why = " (refused: no text)" if set(missing) & set(prepared.refused) else ""
        raise ConfigError(f"--explain: no article with id {', '.join(missing)}{why}")
    a, b = index[first], index[second]
    features = featurise(prepared.articles)
    articles = prepared.articles
    groups = cluster_articles(articles, settings, features).groups
    shared = features.names[a] & features.names[b]
    return Explanation(
        first=first,
        second=second,
        parts=pair_explanation(features, articles[a], articles[b], a, b, settings),
        shared=tuple(sorted(shared, key=str.lower)),
        threshold=settings.threshold,
        together=any(a in group and b in group for group in groups),
        gold_same=prepared.gold[a] == prepared.gold[b],
    )


def render(explanation: Explanation) -> list[str]:
    lines = [f"{explanation.first} × {explanation.second}"]
    lines += [f"  {name:22} {value:7.3f}" for name, value in explanation.parts]
    lines.append(f"  {'threshold':22} {explanation.threshold:7.3f}")
    lines.append(f"  shared names: {', '.join(explanation.shared) or '(none)'}")
    lines.append(
        f"  clustered {'together' if explanation.together else 'apart'}; gold: "
        f"{'same event' if explanation.gold_same else 'different events'}"
    )
    return lines


def explain_lines(
    files: Iterable[Sequence[LabelledArticle]], pair: tuple[str, str], settings: ClusterSettings
) -> list[str]:
    """:func:`explain_pair` for the first of ``files`` that holds both articles, rendered."""
    for records in files:
        ids = {record.id for record in records}
        if pair[0] in ids and pair[1] in ids:
            return render(explain_pair(prepare(records), *pair, settings))
    raise ConfigError(f"--explain: no file holds both {pair[0]} and {pair[1]}")
