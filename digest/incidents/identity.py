"""Incident ids: readable, derived from the incident's own content, stable across builds.

A new incident is named after its first report: ``2024-02-03-iraq-summons-us-charge-3f9a``
(date of the first dated article, words of its title, a hash of its article id). When the
previous build already had an incident holding some of the same articles, that id is kept:
the incident grows without changing its URL. Two previous incidents merged keep the id of
the one that shares more articles (the older on a tie); a split leaves the id with the
larger part. Nothing here depends on build time, input order or hash seeds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from digest.model import Article

_SLUG_WORDS = 6
_STOPWORDS = frozenset(
    "a an the of in on at to for with by from and or but as is are was were be been has have "
    "had it its this that".split()
)


def first_report(articles: Sequence[Article]) -> Article:
    """The earliest dated article (undated ones after all dated ones), ties by id."""
    return min(articles, key=_report_order)


def _report_order(article: Article) -> tuple[int, datetime | str, str]:
    if article.published is None:
        return (1, "", article.id)
    return (0, article.published, article.id)


def slugify(text: str, max_words: int = _SLUG_WORDS) -> str:
    """``Iraq’s foreign ministry summons the U.S. chargé`` →
    ``iraqs-foreign-ministry-summons-us-charge``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’.]", "", ascii_text.lower())
    words = [word for word in re.findall(r"[a-z0-9]+", ascii_text) if word not in _STOPWORDS]
    return "-".join(words[:max_words])


def _slug_text(article: Article) -> str:
    """The words an incident's id is made of: its founding report's title, or where that is
    a placeholder naming the source, its lead sentence (else its text)."""
    if not article.title_placeholder:
        return article.title
    return article.sentences[0].text if article.sentences else article.text


def new_incident_id(articles: Sequence[Article]) -> str:
    founder = first_report(articles)
    digest = hashlib.sha1(founder.id.encode("utf-8")).hexdigest()[:4]
    parts = [founder.published.strftime("%Y-%m-%d")] if founder.published else []
    parts += [slugify(_slug_text(founder)) or "incident", digest]
    return "-".join(part for part in parts if part)


def assign_ids(
    groups: Sequence[Sequence[Article]], previous: Mapping[str, frozenset[str]]
) -> tuple[str, ...]:
    """One id per group, in the order given.

    ``previous`` maps the last build's incident ids to their article ids. Each previous id
    goes to at most one group: the one holding most of its articles.
    """
    claims: list[tuple[int, str, int]] = []  # (-overlap, old id, group index)
    owner_of = {article_id: old for old, ids in previous.items() for article_id in ids}
    for index, group in enumerate(groups):
        overlap: dict[str, int] = {}
        for article in group:
            old = owner_of.get(article.id)
            if old is not None:
                overlap[old] = overlap.get(old, 0) + 1
        claims.extend((-count, old, index) for old, count in overlap.items())
    ids: dict[int, str] = {}
    taken: set[str] = set()
    # Largest overlaps first; on a tie the lexically smaller id, which is the older one
    # since ids start with the date.
    for _, old, index in sorted(claims):
        if index not in ids and old not in taken:
            ids[index] = old
            taken.add(old)
    result = []
    for index, group in enumerate(groups):
        if index not in ids:
            candidate = new_incident_id(group)
            # Two new incidents founded by articles with equal slugs stay distinct.
            while candidate in taken:
                candidate = f"{candidate}-{hashlib.sha1(candidate.encode()).hexdigest()[:2]}"
            ids[index] = candidate
            taken.add(candidate)
        result.append(ids[index])
    return tuple(result)


def merged_ids(
    groups: Sequence[Sequence[Article]],
    ids: Sequence[str],
    previous: Mapping[str, frozenset[str]],
) -> tuple[tuple[str, ...], ...]:
    """For each group, the previous ids that did not survive and whose articles mostly
    went into it (a merge): their pages redirect to the survivor. Sorted, per group."""
    survivors = set(ids)
    group_of = {article.id: index for index, group in enumerate(groups) for article in group}
    aliases: list[list[str]] = [[] for _ in groups]
    for old, article_ids in sorted(previous.items()):
        if old in survivors:
            continue
        counts: dict[int, int] = {}
        for article_id in article_ids:
            if article_id in group_of:
                counts[group_of[article_id]] = counts.get(group_of[article_id], 0) + 1
        if counts:
            best = min(counts, key=lambda index: (-counts[index], ids[index]))
            aliases[best].append(old)
    return tuple(tuple(sorted(found)) for found in aliases)
