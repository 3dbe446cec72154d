"""Story threads: incidents linked as related form a thread with a page of its own, and each
incident's page shows its thread as a dated timeline."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from digest.incidents import _related
from digest.incidents.cluster import Clustering
from digest.incidents.features import Features
from digest.model import Brief, Related
from digest.publish.pages import read_front_matter
from digest.publish.plan import story_threads


def _brief(incident_id: str, day: int | None, *related: str) -> Brief:
    return Brief(
        incident_id=incident_id,
        headline=incident_id,
        articles=(),
        date_start=datetime(2024, 1, day, tzinfo=UTC) if day else None,
        related=tuple(Related(incident_id=other, shared=("Erbil", "KDP")) for other in related),
    )


def test_threads_join_linked_incidents_under_the_first_incident_s_id() -> None:
    briefs = [
        _brief("c-third", 9, "b-second"),
        _brief("b-second", 5, "c-third", "z-first"),
        _brief("z-first", 2, "b-second"),
        _brief("lone", 3),
        _brief("undated", None, "x-dated"),
        _brief("x-dated", 4, "undated", "gone"),  # "gone" was not published: ignored
    ]
    threads = story_threads(briefs)
    assert sorted(threads) == ["x-dated", "z-first"]
    assert [b.incident_id for b in threads["z-first"].briefs] == ["z-first", "b-second", "c-third"]
    assert [b.incident_id for b in threads["x-dated"].briefs] == ["x-dated", "undated"]
    # The input's order does not matter, nor does a new incident joining later.
    assert story_threads(list(reversed(briefs))) == threads
    later = story_threads([*briefs, _brief("d-fourth", 20, "c-third")])
    assert "z-first" in later and len(later["z-first"].briefs) == 4


def test_a_thread_keeps_its_id_when_an_older_incident_joins_it() -> None:
    briefs = [_brief("b-second", 5, "c-third"), _brief("c-third", 9, "b-second")]
    before = story_threads(briefs)
    assert list(before) == ["b-second"]
    grown = [*briefs, _brief("a-older", 1, "b-second")]
    # A first build names the thread after its first incident ...
    assert list(story_threads(grown)) == ["a-older"]
    # ... a later one keeps the name the last build gave it.
    previous = {t.id: frozenset(b.incident_id for b in t.briefs) for t in before.values()}
    kept = story_threads(grown, previous)
    assert list(kept) == ["b-second"]
    assert [b.incident_id for b in kept["b-second"].briefs] == ["a-older", "b-second", "c-third"]
    # Two threads joined keep the id of the one they hold more of; a split leaves the id
    # with the larger part, the other part named after its first incident.
    other = [_brief("x-one", 2, "y-two"), _brief("y-two", 3, "x-one")]
    previous["x-one"] = frozenset({"x-one", "y-two"})
    joined = story_threads([*grown, *other[:1], _brief("y-two", 3, "x-one", "c-third")], previous)
    assert list(joined) == ["b-second"]
    split = story_threads([*briefs, *other, _brief("a-older", 1)], previous)
    assert sorted(split) == ["b-second", "x-one"]
    # Never two threads of one id: a thread named after an incident that is another
    # thread's kept id takes its next incident's.
    swapped = story_threads(
        [
            *(_brief("b-second", 5, "y-two"), _brief("y-two", 7, "b-second")),
            *(_brief("x-one", 2, "c-third"), _brief("c-third", 9, "x-one")),
        ],
        {"b-second": frozenset({"x-one", "c-third"})},
    )
    members = {key: [b.incident_id for b in t.briefs] for key, t in swapped.items()}
    assert members == {"b-second": ["x-one", "c-third"], "y-two": ["b-second", "y-two"]}


def test_an_incident_page_shows_its_thread_as_a_dated_timeline(
    demo_project: Path, run: Callable[..., object]
) -> None:
    result = run("build", "-f", demo_project / "mkdocs.yml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    content = demo_project / "content"
    threads = sorted((content / "threads").glob("*.md"))
    assert threads, "the demo has related incidents: at least one thread"
    for thread in threads:
        front = read_front_matter(thread) or {}
        assert front["thread"] == thread.stem
        members = re.findall(
            r"^## .*\]\(\.\./incidents/([a-z0-9-]+)\.md\)", thread.read_text(), re.M
        )
        assert len(members) >= 2
        # The thread's id is its first incident's.
        assert members[0] == thread.stem
        dates = [
            (read_front_matter(content / "incidents" / f"{m}.md") or {}).get("date")
            for m in members
        ]
        assert dates == sorted(dates), "oldest first"
        for member in members:
            page = (content / "incidents" / f"{member}.md").read_text(encoding="utf-8")
            timeline = page.split("## Story thread", 1)[1]
            assert f"](../threads/{thread.stem}.md)" in timeline
            entries = re.findall(r"^- \*\*(.+?)\*\*: (.*)$", timeline, re.M)
            here = members.index(member)
            if here == 0:
                # Nothing earlier to show: the thread page has the later ones.
                assert entries == [], member
            if not entries:
                assert "earlier ones" not in timeline
                continue
            assert "; the earlier ones most like this incident below" in timeline
            # The earlier incidents it is most like (at most two), oldest first, then itself.
            assert "(this incident)" in entries[-1][1]
            assert all("(this incident)" not in text for _, text in entries[:-1])
            shown = [re.search(r"\]\(([a-z0-9-]+)\.md\) · shares ", t) for _, t in entries[:-1]]
            positions = [members.index(m.group(1)) for m in shown if m]
            assert len(positions) == len(entries) - 1 <= 2
            assert positions == sorted(positions) and all(p < here for p in positions)
    # Out of the nav, like the incident pages.
    home = (demo_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "threads/" not in home
    assert (demo_project / "site" / "threads" / threads[0].stem / "index.html").is_file()


def test_a_newer_incident_joining_a_thread_changes_no_older_incident_s_page() -> None:
    """An incident page shows the earlier incidents of its thread it is most like (its
    strongest links to earlier ones, at most two), not those around it in time: one newer
    than it never changes it, even as its strongest link, and one dated before it only
    when it becomes one of its two strongest links to earlier incidents."""
    from digest.config import SyndicationSettings
    from digest.publish.pages import _incident_page
    from digest.publish.plan import Site, plan_site
    from digest.publish.templates import markdown_environment

    site = Site(name="T", description=None, url=None, use_directory_urls=True, home_limit=10)
    days = (2, 4, 6, 8, 10, 12)

    def linked(day: int, *first: str) -> Brief:
        # Linked to the incidents up to four days away, the nearest the strongest.
        near = sorted((abs(d - day), d) for d in days if 0 < abs(d - day) <= 4)
        return _brief(f"i{day:02d}", day, *first, *(f"i{d:02d}" for _, d in near))

    chain = {day: linked(day) for day in days}
    environment = markdown_environment(None)

    def pages(briefs: list[Brief]) -> dict[str, str]:
        plan = plan_site(briefs, site, SyndicationSettings(enabled=False))
        assert len(plan.threads) == 1
        return {b.incident_id: _incident_page(plan, b, environment).text for b in briefs}

    def shown(text: str) -> list[str]:
        return re.findall(r"^- \*\*.+?\*\*: \[?(?:\*\*)?(i\d\d)", text.split("## Story")[1], re.M)

    before = pages(list(chain.values()))
    # Newer: the strongest link of the two latest, whose briefs now link it first.
    newer = [*(chain[d] for d in days[:-2]), linked(10, "i14"), linked(12, "i14")]
    after = pages([*newer, _brief("i14", 14, "i12", "i10")])
    assert {i for i in before if before[i] != after[i]} == set()
    assert shown(before["i02"]) == []
    assert shown(before["i04"]) == ["i02", "i04"]
    assert shown(before["i08"]) == ["i04", "i06", "i08"]
    # Back-dated: the strongest link of the incidents either side of it.
    backdated = [linked(d, "i07") if d in (6, 8) else chain[d] for d in days]
    after = pages([*backdated, _brief("i07", 7, "i06", "i08")])
    assert {i for i in before if before[i] != after[i]} == {"i08"}
    assert shown(after["i08"]) == ["i06", "i07", "i08"]


def _clustering(rows: list[list[float]], links: list[tuple[int, int, float]]) -> Clustering:
    """Singleton incidents with the given unit vectors, all naming the same two people."""
    matrix = sp.csr_matrix(np.array(rows) / np.linalg.norm(rows, axis=1, keepdims=True))
    names = tuple(frozenset({"Masoud Barzani", "Erbil"}) for _ in rows)
    return Clustering(
        groups=tuple((k,) for k in range(len(rows))),
        links=tuple(links),
        features=Features(matrix=matrix, names=names),
    )


def _linked(related: dict[int, tuple[Related, ...]]) -> set[tuple[str, str]]:
    return {
        tuple(sorted((str(g), link.incident_id))) for g, links in related.items() for link in links
    }


def test_two_stories_sharing_names_stay_two_threads() -> None:
    """Story 0-1 and story 2-3 share names and one pair of them (1, 2) is a little alike:
    linking whatever a link reaches would make them one thread (as it made one thread of
    most of a year of US politics); on average the two stories are not alike."""
    rows = [[1, 0, 0, 0], [0.8, 0.6, 0, 0], [0, 0.3, 0.95, 0], [0, 0, 0.95, 0.3]]
    clustering = _clustering(rows, [(0, 1, 0.8), (2, 3, 0.9), (1, 2, 0.18)])
    related = _related(clustering, ["0", "1", "2", "3"], 0.1, [()] * 4)
    assert _linked(related) == {("0", "1"), ("2", "3")}
    briefs = [
        _brief(f"i{g}", g + 1, *(f"i{link.incident_id}" for link in related.get(g, ())))
        for g in range(4)
    ]
    assert sorted(len(t.briefs) for t in story_threads(briefs).values()) == [2, 2]


def test_a_story_whose_incidents_are_all_alike_is_one_thread() -> None:
    rows = [[1, 0.5, 0], [0.5, 1, 0], [0.7, 0.7, 0.2]]
    links = [(0, 2, 0.9), (1, 2, 0.9), (0, 1, 0.8)]
    related = _related(_clustering(rows, links), ["0", "1", "2"], 0.1, [()] * 3)
    assert _linked(related) == {("0", "1"), ("0", "2"), ("1", "2")}


def test_links_hold_a_thread_together_past_each_incident_s_strongest() -> None:
    """Two close-knit groups of seven incidents, all alike enough to be one thread, joined
    by one weaker link that neither end counts among its five strongest: the thread's
    page lists all fourteen, not two threads of seven."""
    rows = [[1.0, 0.0]] * 14
    links = [(a, b, 0.9) for a, b in combinations(range(7), 2)]
    links += [(a + 7, b + 7, 0.9) for a, b in combinations(range(7), 2)]
    links.append((6, 7, 0.5))
    ids = [f"i{g:02d}" for g in range(14)]
    related = _related(_clustering(rows, links), ids, 0.1, [()] * 14)
    # Each end has six stronger links; the one joining the groups is kept all the same.
    assert "i07" in [link.incident_id for link in related[6]]
    briefs = [_brief(ids[g], g + 1, *(link.incident_id for link in related[g])) for g in range(14)]
    assert [len(t.briefs) for t in story_threads(briefs).values()] == [14]


def test_an_incident_keeps_its_strongest_links_to_earlier_ones_past_its_five_strongest() -> None:
    """What an incident's page shows of its thread are its strongest links to earlier
    incidents: kept however many stronger links to later ones it has."""
    from digest.incidents import EARLIER_KEPT
    from digest.publish.pages import EARLIER_SHOWN

    assert EARLIER_KEPT >= EARLIER_SHOWN
    rows = [[1.0, 0.0]] * 8
    # i00 and i02-i07 are one thread before i01 joins it; i01's one link to i00 is weaker
    # than its six to later incidents (undated: ordered by id).
    links = [(0, 2, 0.995), *((b, b + 1, 0.99) for b in range(2, 7))]
    links += [*((1, b, 0.9) for b in range(2, 8)), (0, 1, 0.3)]
    ids = [f"i{g:02d}" for g in range(8)]
    related = _related(_clustering(rows, links), ids, 0.1, [()] * 8)
    kept = [link.incident_id for link in related[1]]
    assert kept[-1] == "i00" and len(kept) == 6


def test_a_newer_incident_does_not_regroup_the_older_incidents_threads() -> None:
    """Threads form in the order the story unfolded: a newer incident can join a thread
    or join two, never split how the older incidents were threaded. Strongest pair first,
    3's strong link to 2 would take 2 from the thread of 0 and 1 (2 is alike to 1, 3 is
    not, and on average 0, 1 and 2, 3 are not alike enough)."""
    rows = [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.15, 0.9887, 0.0], [0.0, 0.9887, 0.15]]
    links = [(0, 1, 0.9), (1, 2, 0.15), (2, 3, 0.95)]
    ids = ["i0", "i1", "i2", "i3"]  # undated: in the order of their ids

    def threads(count: int) -> list[set[str]]:
        related = _related(
            _clustering(rows[:count], [link for link in links if link[1] < count]),
            ids[:count],
            0.1,
            [()] * count,
        )
        briefs = [
            _brief(ids[g], g + 1, *(link.incident_id for link in related.get(g, ())))
            for g in range(count)
        ]
        return [{b.incident_id for b in t.briefs} for t in story_threads(briefs).values()]

    assert threads(3) == [{"i0", "i1", "i2"}]
    assert threads(4) == [{"i0", "i1", "i2", "i3"}]
