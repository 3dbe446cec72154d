"""Incident ids across builds and input orders (build_incidents on real normalised articles)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from digest.config import ClusterSettings
from digest.incidents import build_incidents
from digest.model import Article, Document, Incident
from digest.normalise import normalise

REPORTS = {
    "flood/a.txt": (
        "Floods cut off Halvik",
        "Floodwater cut off the town of Halvik on Monday after the Sarin river burst its banks, and 300 families left their homes.",
        1,
    ),
    "flood/b.txt": (
        "Halvik flooded as Sarin river bursts banks",
        "The Sarin river burst its banks and flooded Halvik on Monday, forcing 300 families from their homes, the governor said.",
        1,
    ),
    "flood/c.txt": (
        "Halvik families return as Sarin floodwater recedes",
        "Families began returning to Halvik on Tuesday as the Sarin river floodwater receded, the governor said, after 300 families left their homes.",
        2,
    ),
    "market/a.txt": (
        "Storm floods Dorava market",
        "A storm flooded the market in Dorava on Thursday, destroying stalls and closing the Medan road bridge.",
        4,
    ),
    "market/b.txt": (
        "Dorava market under water",
        "Traders in Dorava lost their stalls when a storm flooded the market on Thursday; the Medan road bridge was closed.",
        4,
    ),
    "drone/a.txt": (
        "Drone strikes Northgate depot",
        "A drone struck a fuel depot at Northgate airbase overnight, starting a fire that burned until dawn, the base commander said.",
        6,
    ),
    "drone/b.txt": (
        "Fire at Northgate after drone attack",
        "A fire burned until dawn at the Northgate airbase fuel depot after a drone attack overnight, according to the commander.",
        6,
    ),
}


def _articles(paths: list[str] | None = None) -> list[Article]:
    return [
        normalise(
            Document(
                path=path,
                title=title,
                text=text,
                published=datetime(2025, 3, day, 9, tzinfo=UTC),
            )
        )
        for path, (title, text, day) in REPORTS.items()
        if paths is None or path in paths
    ]


def _partition(incidents: tuple[Incident, ...]) -> dict[str, frozenset[str]]:
    return {i.id: frozenset(a.id for a in i.articles) for i in incidents}


SETTINGS = ClusterSettings()


def test_three_events_found() -> None:
    groups = sorted(
        sorted(a.path for a in i.articles) for i in build_incidents(_articles(), SETTINGS)
    )
    assert groups == [
        ["drone/a.txt", "drone/b.txt"],
        ["flood/a.txt", "flood/b.txt", "flood/c.txt"],
        ["market/a.txt", "market/b.txt"],
    ]


def test_input_order_does_not_change_ids_or_groups() -> None:
    articles = _articles()
    expected = _partition(build_incidents(articles, SETTINGS))
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert _partition(build_incidents(shuffled, SETTINGS)) == expected


def test_incident_keeps_its_id_as_it_grows() -> None:
    first = build_incidents(_articles(["flood/a.txt", "flood/b.txt", "drone/a.txt"]), SETTINGS)
    flood_id = next(i.id for i in first if len(i.articles) == 2)
    second = build_incidents(_articles(), SETTINGS, _partition(first))
    flood = next(i for i in second if any(a.path == "flood/c.txt" for a in i.articles))
    assert flood.id == flood_id and len(flood.articles) == 3
    # Every earlier id survives: nothing was merged or split.
    assert set(_partition(first)) <= set(_partition(second))


def test_merge_keeps_the_older_id_and_lists_the_other_as_alias() -> None:
    articles = {a.path: a for a in _articles()}
    older = "2025-03-01-floods-cut-off-halvik-aaaa"
    newer = "2025-03-01-halvik-flooded-bbbb"
    previous = {
        older: frozenset({articles["flood/a.txt"].id}),
        newer: frozenset({articles["flood/b.txt"].id}),
    }
    incidents = build_incidents(list(articles.values()), SETTINGS, previous)
    flood = next(i for i in incidents if any(a.path == "flood/a.txt" for a in i.articles))
    assert flood.id == older
    assert flood.aliases == (newer,)
    assert all(not i.aliases for i in incidents if i is not flood)


def test_split_keeps_the_id_on_the_larger_part() -> None:
    articles = {a.path: a for a in _articles()}
    wrong = "2025-03-01-wrongly-merged-cccc"
    previous = {
        wrong: frozenset(
            articles[p].id for p in ("flood/a.txt", "flood/b.txt", "flood/c.txt", "drone/a.txt")
        )
    }
    incidents = build_incidents(list(articles.values()), SETTINGS, previous)
    holder = next(i for i in incidents if i.id == wrong)
    assert {a.path for a in holder.articles} == {"flood/a.txt", "flood/b.txt", "flood/c.txt"}
    assert sum(1 for i in incidents if i.id == wrong) == 1
