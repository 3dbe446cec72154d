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
from digest.publish.plan import HOME_PAGE, GrowingEnd, home_pages, link, listing_pages
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


def _changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    paths = (before.keys() | after.keys()) - {HOME_PAGE}
    return {path for path in paths if before.get(path) != after.get(path)}


def test_the_listing_pages_hold_every_incident_once_in_pages_of_about_the_home_limit() -> None:
    rng = random.Random(5)
    latest = newest_first(_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(700))
    for size in (1, 2, 7, 20):
        home, *pages = home_pages(latest, size)
        assert home == (HOME_PAGE, tuple(latest[:size]))
        listed = [brief for _, chunk in pages for brief in chunk]
        # Newest first, page after page, down to the oldest; the newest page may repeat
        # some of the home page's incidents, but each page has one the home page has not.
        assert listed == latest[len(latest) - len(listed) :]
        assert len(latest) - len(listed) <= size
        assert all(chunk[-1] not in home[1] for _, chunk in pages)
        assert [path for path, _ in pages] == [
            f"latest/{chunk[-1].incident_id}.md" for _, chunk in pages
        ]
        sizes = [len(chunk) for _, chunk in pages]
        assert max(sizes) <= 2 * size and min(sizes[1:]) >= (size + 1) // 2
        assert 0.7 * size <= sum(sizes) / len(sizes) <= 1.3 * size


def test_a_back_dated_incident_changes_only_the_listing_pages_around_it() -> None:
    """New reports of any date (an archive's gaps filled in) change the page each lands on
    and at most its neighbours, not every page after it."""
    rng = random.Random(11)
    briefs = [_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(1000)]
    before = dict(home_pages(newest_first(briefs), 20))
    changed = []
    for n in range(60):
        added = [*briefs, _dated(f"new{n:02d}", rng.randrange(8760))]
        changed.append(len(_changed(before, dict(home_pages(newest_first(added), 20)))))
    assert max(changed) <= 8 and sum(changed) / len(changed) <= 2, changed


def test_a_long_listing_is_cut_into_pages_each_incident_on_one() -> None:
    """A place's (tag's, week's, month's) listing: its first page at its own path, the
    others beside it, named by their last incident (their first in a story thread, which
    grows at its end), each linked to the one before and after it."""
    rng = random.Random(3)
    for count, size, grows_at in product((0, 1, 5, 60, 700), (1, 4, 50), ("start", "end")):
        briefs = newest_first(_dated(f"i{n:04d}", rng.randrange(8760)) for n in range(count))
        pages = listing_pages("places/x.md", briefs, size, grows_at)
        assert [brief for page in pages for brief in page.briefs] == briefs
        assert pages[0].path == "places/x.md" and pages[0].previous is None
        side = -1 if grows_at == "start" else 0
        assert [page.path for page in pages[1:]] == [
            f"places/x/{page.briefs[side].incident_id}.md" for page in pages[1:]
        ]
        assert [page.previous for page in pages[1:]] == [page.path for page in pages[:-1]]
        assert [page.next for page in pages] == [page.path for page in pages[1:]] + [None]
        sizes = [len(page.briefs) for page in pages]
        if len(pages) > 1 and grows_at == "start":
            assert min(sizes) >= (size + 1) // 2 and max(sizes[1:]) <= 2 * size
            assert sizes[0] < 2 * size + (size + 1) // 2
        elif len(pages) > 1:
            assert min(sizes[:-1]) >= (size + 1) // 2 and max(sizes) <= 2 * size
        assert len(pages) == 1 or count > size


def _listed(
    ordered: list[Brief], grows_at: GrowingEnd = "start"
) -> dict[str, tuple[tuple[Brief, ...], str | None, str | None]]:
    return {
        page.path: (page.briefs, page.previous, page.next)
        for page in listing_pages("t.md", ordered, 20, grows_at)
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

    for order, grows_at in ((newest_first, "start"), (oldest_first, "end")):
        before = _listed(order(briefs), grows_at)
        changed = []
        for n in range(60):
            hours = rng.randrange(8760) if n % 2 else 8760 + n  # back-dated, then the newest
            after = _listed(order([*briefs, _dated(f"new{n:02d}", hours)]), grows_at)
            # A page whose neighbour's path changed changes too (its link to it).
            changed.append(sum(before.get(path) != after.get(path) for path in before | after))
            if not n % 2:
                assert before.keys() <= after.keys(), (order.__name__, n)
                assert changed[-1] <= 2, (order.__name__, changed[-1])
        assert max(changed) <= 10 and sum(changed) / len(changed) <= 3, (order.__name__, changed)


def test_a_new_incident_of_one_report_keeps_a_weeks_pages_by_coverage() -> None:
    """A week lists its incidents the most covered first; a new incident of one report
    lands among those of one report, not at the end its pages are cut from."""
    rng = random.Random(5)

    def covered(incident_id: str, hours: int, reports: int) -> Brief:
        articles = tuple(
            Article(id=f"{incident_id}-{k}", path=f"{incident_id}-{k}", text="", title="")
            for k in range(reports)
        )
        outlets = tuple(f"outlet{k}" for k in range(reports))
        return replace(_dated(incident_id, hours), articles=articles, outlets=outlets)

    week = [
        covered(f"w{n:03d}", rng.randrange(160), rng.choice([1, 1, 1, 2, 3, 5])) for n in range(120)
    ]
    before = _listed(by_coverage(week))
    changed = []
    for n in range(30):
        after = _listed(by_coverage([*week, covered(f"x{n:02d}", 161 + n % 7, 1)]))
        assert before.keys() <= after.keys(), n
        changed.append(sum(before.get(path) != after.get(path) for path in before | after))
    assert max(changed) <= 3 and sum(changed) / len(changed) <= 2, changed


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
