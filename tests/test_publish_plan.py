"""The publishing stage's modules form a layered graph: the site plan first, the renderers
on top of it, none importing another's internals in a circle."""

from __future__ import annotations

import ast
import posixpath
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import product
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

import digest.publish
from digest.model import Article, Brief
from digest.publish import taxonomy
from digest.publish.plan import (
    ListingPage,
    archive_pages,
    link,
    listing_pages,
    older_page,
    week_pages,
)
from digest.publish.taxonomy import by_coverage, newest_first

PACKAGE = Path(digest.publish.__file__).parent


def _imports(path: Path) -> set[str]:
    """The digest.publish modules a module imports, at its top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digest.publish."):
            found.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.rsplit(".", 1)[1]
                for alias in node.names
                if alias.name.startswith("digest.publish.")
            }
    return found


def test_the_publish_modules_import_each_other_without_a_circle() -> None:
    graph = {path.stem: _imports(path) for path in PACKAGE.glob("*.py")}
    assert graph["plan"] <= {"taxonomy"}, "the plan is data: it renders nothing"
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, " → ".join([*visiting, module])
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


_PATH_PARTS = st.sampled_from(["index.md", "incidents", "a.md", "places", "", ".", ".."])


@given(st.lists(_PATH_PARTS, min_size=1, max_size=4), st.lists(_PATH_PARTS, min_size=1, max_size=4))
def test_a_link_between_pages_is_posixpath_relpath(source: list[str], target: list[str]) -> None:
    """The links pages make (computed without posixpath, tens of thousands a build) are the
    ones posixpath.relpath gives, whatever the paths."""
    from_path, to_path = "/".join(source), "/".join(target)
    assume(to_path)
    assert link(from_path, to_path) == posixpath.relpath(
        to_path, posixpath.dirname(from_path) or "."
    )


def _dated(incident_id: str, hours: int) -> Brief:
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    return Brief(incident_id=incident_id, headline=incident_id, articles=(), date_start=when)


def _months(briefs: list[Brief]) -> list[tuple[str, list[Brief]]]:
    months: dict[str, list[Brief]] = {}
    for brief in newest_first(briefs):
        months.setdefault(f"{brief.date_start:%Y-%m}", []).append(brief)
    return sorted(months.items(), reverse=True)


def test_the_archive_pages_hold_every_incident_once_newest_first_month_after_month() -> None:
    rng = random.Random(5)
    briefs = [_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(700)]
    latest = newest_first(briefs)
    for size in (1, 2, 7, 20):
        pages = archive_pages(_months(briefs), size)
        assert [brief for page in pages for brief in page.briefs] == latest
        assert [page.previous for page in pages] == [None] + [page.path for page in pages[:-1]]
        assert [page.next for page in pages] == [page.path for page in pages[1:]] + [None]
        for page in pages:
            (month,) = {f"{brief.date_start:%Y-%m}" for brief in page.briefs}
            first = page.briefs[0].incident_id
            assert page.path in (f"archive/{month}.md", f"archive/{month}/{first}.md")
        # The home page's Older link: the page of the newest incident it does not show.
        older = older_page(pages, 30)
        assert older is not None and latest[30] in next(p for p in pages if p.path == older).briefs
        assert older_page(pages, 700) is None
        sizes = [len(page.briefs) for page in pages]
        assert max(sizes) <= 2 * size
        assert 0.4 * size <= sum(sizes) / len(sizes) <= 1.3 * size


def _changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def test_a_back_dated_incident_changes_only_the_archive_pages_around_it() -> None:
    """New reports of any date (an archive's gaps filled in) change the page each lands on
    and at most its neighbours, not every page after it."""
    rng = random.Random(11)
    briefs = [_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(1000)]

    def pages(listed: list[Brief]) -> dict[str, object]:
        return {p.path: (p.briefs, p.previous, p.next) for p in archive_pages(_months(listed), 20)}

    before = pages(briefs)
    changed = []
    for n in range(60):
        added = [*briefs, _dated(f"new{n:02d}", rng.randrange(8760))]
        changed.append(len(_changed(before, pages(added))))
    assert max(changed) <= 6 and sum(changed) / len(changed) <= 1.6, changed


def test_a_long_listing_is_cut_into_pages_each_incident_on_one() -> None:
    """A place's (tag's, month's, story thread's) listing: its first page at its own path,
    the others beside it, named by their first incident, each linked to the one before and
    after it."""
    rng = random.Random(3)
    for count, size in product((0, 1, 5, 60, 700), (1, 4, 50)):
        briefs = newest_first(_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(count))
        pages = listing_pages("places/x.md", briefs, size)
        assert [brief for page in pages for brief in page.briefs] == briefs
        assert pages[0].path == "places/x.md" and pages[0].previous is None
        assert [page.path for page in pages[1:]] == [
            f"places/x/{page.briefs[0].incident_id}.md" for page in pages[1:]
        ]
        assert [page.previous for page in pages[1:]] == [page.path for page in pages[:-1]]
        assert [page.next for page in pages] == [page.path for page in pages[1:]] + [None]
        sizes = [len(page.briefs) for page in pages]
        if len(pages) > 1:
            assert min(sizes) >= max((size - 1) // 2, 1) and max(sizes) <= 2 * size
        assert len(pages) == 1 or count > size


def test_a_weeks_first_page_holds_its_most_covered_and_the_rest_follow_newest_first() -> None:
    rng = random.Random(7)
    week = by_coverage(
        _covered(f"w{n:03d}", rng.randrange(160), rng.choice([1, 1, 1, 2, 3, 5]))
        for n in range(120)
    )
    pages = week_pages("weeks/w.md", week, 20)
    assert pages[0].briefs == tuple(week[:20]) and pages[0].path == "weeks/w.md"
    assert [b for page in pages[1:] for b in page.briefs] == newest_first(week[20:])
    # The rest's first page begins where the first ends: named by its last incident.
    assert pages[1].path == f"weeks/w/{pages[1].briefs[-1].incident_id}.md"
    assert [page.path for page in pages[2:]] == [
        f"weeks/w/{page.briefs[0].incident_id}.md" for page in pages[2:]
    ]
    assert week_pages("weeks/w.md", week[:20], 20) == (
        ListingPage("weeks/w.md", tuple(week[:20]), None, None),
    )
    assert week_pages("weeks/w.md", [], 20) == (ListingPage("weeks/w.md", (), None, None),)


def _listed(ordered: list[Brief]) -> dict[str, tuple[tuple[Brief, ...], str | None, str | None]]:
    return {
        page.path: (page.briefs, page.previous, page.next)
        for page in listing_pages("t.md", ordered, 20)
    }


def test_an_incident_added_to_a_listing_changes_the_page_it_lands_on_and_few_others() -> None:
    """In either order a listing shows (a place's newest first; a story thread's oldest
    first, where new incidents arrive at its end), an incident added, back-dated or the
    newest, changes the page it lands on and few others, and the newest never renames a
    page: a URL once published stays."""
    rng = random.Random(13)
    briefs = [_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(1000)]

    def oldest_first(listed: list[Brief]) -> list[Brief]:
        return newest_first(listed)[::-1]

    for order in (newest_first, oldest_first):
        before = _listed(order(briefs))
        changed = []
        for n in range(60):
            hours = rng.randrange(8760) if n % 2 else 8760 + n  # back-dated, then the newest
            after = _listed(order([*briefs, _dated(f"new{n:02d}", hours)]))
            # A page whose neighbour's path changed changes too (its link to it).
            changed.append(sum(before.get(path) != after.get(path) for path in before | after))
            if not n % 2:
                assert before.keys() <= after.keys(), (order.__name__, n)
                assert changed[-1] <= 3, (order.__name__, changed[-1])
        assert max(changed) <= 6 and sum(changed) / len(changed) <= 1.6, (order.__name__, changed)


def _covered(incident_id: str, hours: int, reports: int) -> Brief:
    articles = tuple(
        Article(id=f"{incident_id}-{k}", path=f"{incident_id}-{k}", text="", title="")
        for k in range(reports)
    )
    outlets = tuple(f"outlet{k}" for k in range(reports))
    return replace(_dated(incident_id, hours), articles=articles, outlets=outlets)


def test_a_weeks_pages_keep_their_cuts_when_an_incident_gains_a_report() -> None:
    """A new incident of one report, or one more report of an incident, changes the first
    page (the most covered) or the page it is on, and at most a neighbour."""
    rng = random.Random(5)
    week = [
        _covered(f"w{n:03d}", rng.randrange(160), rng.choice([1, 1, 1, 2, 3, 5]))
        for n in range(120)
    ]

    def listed(briefs: list[Brief]) -> dict[str, object]:
        pages = week_pages("weeks/w.md", by_coverage(briefs), 20)
        return {page.path: (page.briefs, page.previous, page.next) for page in pages}

    before = listed(week)
    changed = []
    for n in range(60):
        if n % 2:
            grown = [*week, _covered(f"x{n:02d}", 161 + n % 7, 1)]
        else:
            k = rng.randrange(len(week))
            gained = _covered(week[k].incident_id, 0, len(week[k].articles) + 1)
            grown = [*week[:k], replace(gained, date_start=week[k].date_start), *week[k + 1 :]]
        after = listed(grown)
        changed.append(sum(before.get(path) != after.get(path) for path in before | after))
    assert max(changed) <= 6 and sum(changed) / len(changed) <= 2, changed


def _tags_by_patterns_alone(text: str) -> tuple[str, ...]:
    found = []
    for tag, pattern in taxonomy._TAG_PATTERNS.items():
        military = taxonomy._MILITARY.search(text)
        if tag == "labour" and military and not taxonomy._LABOUR_WORD.search(text):
            continue
        if pattern.search(text):
            found.append(tag)
    if "attack" not in found and taxonomy._MILITARY.search(text) and taxonomy._STRIKE.search(text):
        found.append("attack")
    return tuple(sorted(found))


_STEMS = [stem for stems in taxonomy.TAGS.values() for stem in stems]
# Each stem also with the letters that other letters fold to: "ſtorm", "hoſpıtal", "İllness".
_FOLDED = [
    stem.replace("s", "ſ").replace("k", "\u212a").replace("i", "ı").capitalize() for stem in _STEMS
] + [stem.replace("i", "İ") for stem in _STEMS if "i" in stem]
_WORDS = st.sampled_from(
    [*_STEMS, *_FOLDED, "STRIKE", "Drone", "troops", "workers", "’", "é", "-", "x"]
)


@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", " ", "\n", "s "])), max_size=12))
def test_tags_are_those_the_patterns_alone_find(parts: list[tuple[str, str]]) -> None:
    """Tags are found with a substring test first (a tenth of the time): the same tags
    as the case-blind patterns alone, the letters that fold to ASCII ones included."""
    text = "".join(word + gap for word, gap in parts)
    assert taxonomy._tags_in.__wrapped__(text) == _tags_by_patterns_alone(text)


def test_thread_ids_go_to_the_largest_share_of_each_previous_thread() -> None:
    """Each group of incidents takes the id of the previous thread it holds most of: the
    same ids as comparing every group with every previous thread."""
    import random

    from digest.publish.plan import _assign_thread_ids, _thread_ids

    def expected(groups: list[tuple[Brief, ...]], previous: dict[str, frozenset[str]]) -> list[str]:
        # Every group against every previous thread, as before the count went through the
        # incidents.
        claims = [
            (-len(old & {brief.incident_id for brief in group}), old_id, index)
            for index, group in enumerate(groups)
            for old_id, old in sorted(previous.items())
            if old & {brief.incident_id for brief in group}
        ]
        return _assign_thread_ids(groups, claims)

    chance = random.Random(7)
    for _ in range(300):
        names = [f"i-{k}" for k in range(chance.randint(2, 30))]
        chance.shuffle(names)
        groups = []
        while names:
            size = min(len(names), chance.randint(2, 6))
            groups.append(
                tuple(Brief(incident_id=n, headline=n, articles=()) for n in names[:size])
            )
            names = names[size:]
        every = [b.incident_id for group in groups for b in group] + ["gone-1", "gone-2"]
        # Previous threads may overlap (hand-edited front matter) and name gone incidents.
        previous = {
            f"t-{k}": frozenset(chance.sample(every, chance.randint(1, min(5, len(every)))))
            for k in range(chance.randint(0, 8))
        }
        assert _thread_ids(groups, previous) == expected(groups, previous)
