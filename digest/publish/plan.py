"""Stage 5, first step: the plan of the generated site, made before anything is rendered.

Which pages and feeds exist, where they go, and which incidents each one lists: a pure
function of the briefs and the settings. The renderers of pages, listings and feeds all
read this one plan and none reads another's internals, so a link from one page to another
is always the path the plan gave that page.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from digest.config import SyndicationSettings
from digest.model import Brief
from digest.publish.taxonomy import (
    Group,
    actors_of,
    by_coverage,
    group_by,
    newest_first,
    places_of,
    tags_of,
    weeks_of,
)

INCIDENTS_DIR = "incidents"
ARCHIVE_DIR = "archive"
HOME_PAGE = "index.md"
UNDATED = "undated"
WEEKS_DIR = "weeks"
PLACES_DIR = "places"
ACTORS_DIR = "actors"
TAGS_DIR = "tags"
THREADS_DIR = "threads"
FEEDS_PAGE = "feeds.md"
GENERATED_DIRS = (WEEKS_DIR, PLACES_DIR, ACTORS_DIR, TAGS_DIR, THREADS_DIR)
"""Folders of generated listing pages, kept out of the MkDocs nav."""

FEED_FILE = "feed.xml"
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
FORMAT_NAMES = {"rss": "RSS 2.0", "atom": "Atom 1.0", "json": "JSON Feed 1.1"}
PLACE_FEEDS = "feeds/places"
TAG_FEEDS = "feeds/tags"

GROUPINGS: dict[str, tuple[str, Callable[[Brief], Iterable[str]]]] = {
    PLACES_DIR: ("Places", places_of),
    ACTORS_DIR: ("People and organisations", actors_of),
    TAGS_DIR: ("Tags", tags_of),
}
"""Listing folder → (its index's title, the names an incident is listed under)."""
FEED_KINDS = {PLACES_DIR: "place", TAGS_DIR: "tag"}
"""Listing folder → the kind of feed each of its pages has."""


@dataclass(frozen=True)
class Site:
    """What pages need to know about the site they are part of."""

    name: str
    description: str | None
    url: str | None
    use_directory_urls: bool
    home_limit: int
    feed_formats: tuple[str, ...] = ()
    """The feed formats published ("rss", "atom", "json"); none when feeds are off."""
    listing_limit: int = 20
    """Incidents on a page of a place's, person's, tag's, week's or month's listing, on
    average (see :func:`listing_pages`): a listing that held them all changed whole with
    each of its incidents, and grew with the archive."""


def incident_path(incident_id: str) -> str:
    return f"{INCIDENTS_DIR}/{incident_id}.md"


def week_path(key: str) -> str:
    return f"{WEEKS_DIR}/{key}.md"


def group_path(kind: str, slug: str) -> str:
    return f"{kind}/{slug}.md"


def month_path(key: str) -> str:
    return f"{ARCHIVE_DIR}/{key}.md"


def thread_path(thread_id: str) -> str:
    return f"{THREADS_DIR}/{thread_id}.md"


def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL of a page relative to the site root, as MkDocs will write it."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def absolute_url(site_url: str | None, path: str, use_directory_urls: bool) -> str:
    relative = page_url(path, use_directory_urls)
    return (site_url.rstrip("/") + "/" + relative) if site_url else relative


def link(from_path: str, to_path: str) -> Markup:
    """A relative link between two Markdown pages: MkDocs turns it into the page's URL."""
    start, goal = from_path.split("/")[:-1], to_path.split("/")
    if {"", ".", ".."} & {*start, *goal}:
        return Markup(posixpath.relpath(to_path, posixpath.dirname(from_path) or "."))
    # posixpath.relpath's arithmetic on paths already plain (tens of thousands of links
    # a build): it makes both absolute against the working directory first, every call.
    common = 0
    while common < min(len(start), len(goal)) and start[common] == goal[common]:
        common += 1
    return Markup("/".join([".."] * (len(start) - common) + goal[common:]) or ".")


def relative_url(from_path: str, to_path: str, use_directory_urls: bool) -> str:
    """The URL of page ``to_path`` as seen from page ``from_path``, as MkDocs writes them:
    for links in raw HTML (a redirect, the map), which MkDocs does not rewrite."""
    own, goal = page_url(from_path, use_directory_urls), page_url(to_path, use_directory_urls)
    base = own.rstrip("/") if use_directory_urls else posixpath.dirname(own)
    relative = posixpath.relpath(goal.rstrip("/") or ".", base or ".")
    return relative + "/" if use_directory_urls else relative


@dataclass(frozen=True)
class Feed:
    """One feed (in each configured format): the briefing, a place or a tag."""

    folder: str
    """Where its files go in the site: "" for the briefing, else ``feeds/places/<slug>/``."""
    title: str
    kind: str
    """"site", "place" or "tag"."""
    name: str | None
    briefs: tuple[Brief, ...]

    def path(self, fmt: str) -> str:
        return self.folder + FEED_FILES[fmt]


def plan_feeds(
    briefs: Sequence[Brief], site_name: str, settings: SyndicationSettings
) -> tuple[Feed, ...]:
    """Every feed the site publishes: the briefing's, then one per place and per tag."""
    if not settings.enabled:
        return ()
    feeds = [Feed("", site_name, "site", None, tuple(newest_first(briefs)))]
    for wanted, kind, folder, names in (
        (settings.per_place, "place", PLACE_FEEDS, places_of),
        (settings.per_tag, "tag", TAG_FEEDS, tags_of),
    ):
        if wanted:
            feeds.extend(
                Feed(
                    f"{folder}/{group.slug}/",
                    f"{site_name}: {group.name}",
                    kind,
                    group.name,
                    group.briefs,
                )
                for group in group_by(briefs, names).values()
            )
    return tuple(feeds)


@dataclass(frozen=True)
class Thread:
    """A story thread: incidents linked as related (directly or through one another)."""

    id: str
    """The id of its first incident: a later incident joining never changes it, and no
    build time or input order enters it."""
    briefs: tuple[Brief, ...]
    """Oldest first, undated last."""


def story_threads(
    briefs: Sequence[Brief], previous: Mapping[str, frozenset[str]] | None = None
) -> dict[str, Thread]:
    """Thread id → thread, for every group of two or more incidents that related links
    join (links to incidents not published are ignored).

    A thread is named after its first incident, or keeps the id it had in ``previous``
    (the last build's thread ids → their incident ids) when it holds most of that thread's
    incidents: its page keeps its URL, and its incidents' pages, which link to it, do not
    change when an older incident joins it."""
    by_id = {brief.incident_id: brief for brief in briefs}
    parent = {incident_id: incident_id for incident_id in sorted(by_id)}

    def root(incident_id: str) -> str:
        while parent[incident_id] != incident_id:
            parent[incident_id] = parent[parent[incident_id]]
            incident_id = parent[incident_id]
        return incident_id

    for brief in briefs:
        for related in brief.related:
            if related.incident_id in by_id:
                a, b = sorted((root(brief.incident_id), root(related.incident_id)))
                parent[b] = a
    members: dict[str, list[Brief]] = {}
    for incident_id in parent:
        members.setdefault(root(incident_id), []).append(by_id[incident_id])
    groups = sorted(
        (tuple(sorted(group, key=oldest_first)) for group in members.values() if len(group) > 1),
        key=lambda thread: thread[0].incident_id,
    )
    ids = _thread_ids(groups, previous or {})
    return {
        thread_id: Thread(id=thread_id, briefs=group)
        for thread_id, group in sorted(zip(ids, groups, strict=True))
    }


def _thread_ids(
    groups: Sequence[tuple[Brief, ...]], previous: Mapping[str, frozenset[str]]
) -> list[str]:
    """One id per group: the previous thread's whose incidents it holds most of (each
    previous id to one group, the larger share first, then the older id), else the id of
    its first incident not already taken."""
    # Each group's share of each previous thread, counted through the incidents' previous
    # threads (not every group against every previous thread: both number in hundreds).
    threads_of: dict[str, list[str]] = {}
    for old_id, old in previous.items():
        for incident_id in old:
            threads_of.setdefault(incident_id, []).append(old_id)
    claims = []
    for index, group in enumerate(groups):
        shares: dict[str, int] = {}
        for incident_id in {brief.incident_id for brief in group}:
            for old_id in threads_of.get(incident_id, ()):
                shares[old_id] = shares.get(old_id, 0) + 1
        claims += [(-share, old_id, index) for old_id, share in shares.items()]
    return _assign_thread_ids(groups, claims)


def _assign_thread_ids(
    groups: Sequence[Sequence[Brief]], claims: list[tuple[int, str, int]]
) -> list[str]:
    """Each group's id from its claims (−share, previous thread id, group index): the
    largest share first, one previous id per group; a group with none takes the id of its
    first incident no other thread has."""
    claims = sorted(claims)
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for _, old_id, index in claims:
        if index not in ids and old_id not in taken:
            ids[index] = old_id
            taken.add(old_id)
    for index, group in enumerate(groups):
        if index not in ids:
            free = [b.incident_id for b in group if b.incident_id not in taken]
            ids[index] = free[0] if free else f"{group[0].incident_id}-thread"
            taken.add(ids[index])
    return [ids[index] for index in range(len(groups))]


def oldest_first(brief: Brief) -> tuple[int, float, str]:
    start = brief.date_start
    return (
        (1, 0.0, brief.incident_id) if start is None else (0, start.timestamp(), brief.incident_id)
    )


@dataclass(frozen=True)
class SitePlan:
    """Every generated page and feed, and the incidents each one lists."""

    site: Site
    briefs: tuple[Brief, ...]
    """The incidents in the pipeline's order: one page each."""
    by_id: Mapping[str, Brief]
    latest: tuple[Brief, ...]
    """Newest first by first report: the order of the home page and the listings."""
    home: tuple[Brief, ...]
    """The incidents of the home page, newest first."""
    older: str | None
    """The page the home page's Older link leads to (see :func:`older_page`)."""
    featured_week: str | None
    """The weekly digest linked from the home page."""
    weeks: Mapping[str, Group]
    week_keys: tuple[str, ...]
    """Weeks with a page, newest first (the featured one even when it is empty)."""
    groups: Mapping[str, Mapping[str, Group]]
    """Listing folder (places, actors, tags) → slug → its incidents."""
    months: tuple[tuple[str, tuple[Brief, ...]], ...]
    """Archive month (``2024-01``, or ``undated`` last) → its incidents, newest month first,
    each newest first."""
    archive: tuple[ListingPage, ...]
    """The months' pages, from the newest to the oldest (see :func:`archive_pages`)."""
    threads: Mapping[str, Thread]
    """Thread id → story thread."""
    thread_of: Mapping[str, str]
    """Incident id → the id of its story thread, for incidents in one."""
    feeds: tuple[Feed, ...]
    feed_index: Mapping[tuple[str, str | None], Feed]
    """(feed kind, name) → feed: a place's or tag's page links to its own."""

    def week(self, key: str) -> tuple[Brief, ...]:
        """The incidents of a weekly digest, the most widely covered first."""
        return tuple(by_coverage(self.weeks[key].briefs)) if key in self.weeks else ()

    def feed_of(self, kind: str, name: str) -> Feed | None:
        """The feed of the page of ``name`` in listing folder ``kind``, if it has one."""
        return self.feed_index.get((FEED_KINDS.get(kind, ""), name))


def split_listing(briefs: Sequence[Brief], size: int) -> list[tuple[Brief, ...]]:
    """A listing (``briefs`` in the order it shows them) cut into pages, in that order.

    Where a page begins is decided by the incidents around it, not by counting from either
    end: a page begins at an incident whose id hashes higher than those of the ``(size -
    1) // 2`` incidents either side of it (a local maximum, as in content-defined chunking)
    and that many from each end of the listing; pages then hold about ``size`` incidents
    on average, the first at least that reach and the others one more. So an incident
    added anywhere in the listing, a report of last month included, can change only
    whether the incidents within that reach of it begin a page: the page it lands on
    and at most a neighbour change, and no cut further away moves (a minimum page size
    counted from a previous cut moved every later cut until two happened to meet again).
    The rare run of more than ``2 * size`` incidents with no such incident is cut into
    equal parts."""
    reach = (size - 1) // 2
    ranks = [_rank(brief.incident_id) for brief in briefs]
    cuts = [0]
    position = max(reach, 1)
    while position < len(ranks) - reach:
        rank = ranks[position]
        before = ranks[position - reach : position]
        after = ranks[position + 1 : position + reach + 1]
        if all(rank > other for other in before) and all(rank > other for other in after):
            cuts.append(position)
            position += reach + 1  # the next local maximum is further than reach away
        else:
            position += 1
    cuts.append(len(ranks))
    pages = []
    for start, end in itertools.pairwise(cuts):
        parts = -(-(end - start) // size) if end - start > 2 * size else 1
        bounds = [start + (end - start) * k // parts for k in range(parts + 1)]
        pages.extend(tuple(briefs[a:b]) for a, b in itertools.pairwise(bounds) if b > a)
    return pages


@functools.lru_cache(maxsize=65_536)  # every listing asks for its incidents' ranks
def _rank(incident_id: str) -> tuple[int, str]:
    """An incident's place in the order of its id's hash (stable from build to build,
    unlike its position in a listing); the id itself breaks a tie."""
    return int(hashlib.sha1(incident_id.encode()).hexdigest()[:16], 16), incident_id


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing cut into pages (see :func:`listing_pages`)."""

    path: str
    briefs: tuple[Brief, ...]
    """Its incidents, in the listing's order."""
    previous: str | None
    """The page before it in the listing (None for the first page)."""
    next: str | None
    """The page after it (None for the last)."""


def listing_pages(
    path: str, briefs: Sequence[Brief], size: int, first: Sequence[Brief] | None = None
) -> tuple[ListingPage, ...]:
    """The pages of the listing whose page is ``path`` (``places/paris.md``), in the
    listing's order, cut by :func:`split_listing`. The first page stays at ``path``; each
    further one is named by its first incident (``places/paris/<incident id>.md``), the
    one that begins it, which only an incident added or gone near it changes. ``first``:
    the incidents of the first page when they are chosen otherwise (a week's most
    covered), ``briefs`` then being the rest; the rest's first page, which begins where
    the first ends, is named by its last incident instead."""
    chunks = split_listing(briefs, size)
    if first is not None:
        chunks = [tuple(first), *chunks]
    chunks = chunks or [()]
    folder = path.removesuffix(".md")
    paths = [path]
    paths += [
        _page_name(folder, chunk, n == 1 and first is not None)
        for n, chunk in enumerate(chunks[1:], 1)
    ]
    return tuple(
        ListingPage(
            path=paths[n],
            briefs=chunk,
            previous=paths[n - 1] if n else None,
            next=paths[n + 1] if n + 1 < len(paths) else None,
        )
        for n, chunk in enumerate(chunks)
    )


def _page_name(folder: str, chunk: Sequence[Brief], by_last: bool) -> str:
    return f"{folder}/{chunk[-1 if by_last else 0].incident_id}.md"


def week_pages(path: str, briefs: Sequence[Brief], size: int) -> tuple[ListingPage, ...]:
    """A week's pages: its ``size`` most widely covered incidents (``briefs`` ranked by
    :func:`~digest.publish.taxonomy.by_coverage`), then the rest newest first, cut by
    :func:`split_listing`. An incident gaining a report moves within the first page or
    into it, not through the whole ranking, whose every page's cuts it shifted."""
    if len(briefs) <= size:
        return listing_pages(path, (), size, first=briefs)
    return listing_pages(path, newest_first(briefs[size:]), size, first=briefs[:size])


def archive_pages(
    months: Sequence[tuple[str, Sequence[Brief]]], size: int
) -> tuple[ListingPage, ...]:
    """The archive's pages: each month's incidents (``months``: newest month first, each
    newest first) cut by :func:`listing_pages` (``archive/2024-01.md``, then
    ``archive/2024-01/<incident id>.md``), in one sequence from the newest page to the
    oldest: a month's last page leads to the next older month's first. They are also the
    home page's older pages, which were a listing of their own (``latest/``) holding the
    same incidents in the same order, so each incident changed a page of both."""
    pages = [
        page for key, briefs in months for page in listing_pages(month_path(key), briefs, size)
    ]
    return tuple(
        replace(
            page,
            previous=pages[n - 1].path if n else None,
            next=pages[n + 1].path if n + 1 < len(pages) else None,
        )
        for n, page in enumerate(pages)
    )


def older_page(archive: Sequence[ListingPage], shown: int) -> str | None:
    """The archive page holding the newest incident the home page does not show (it
    shows ``shown``): where the home page's Older link leads."""
    for page in archive:
        if shown < len(page.briefs):
            return page.path
        shown -= len(page.briefs)
    return None


def plan_site(
    briefs: Sequence[Brief],
    site: Site,
    syndication: SyndicationSettings,
    featured_week: str | None = None,
    previous_threads: Mapping[str, frozenset[str]] | None = None,
) -> SitePlan:
    """What the site holds. ``previous_threads``: the last build's story threads (id →
    incident ids), whose ids threads keep (see :func:`story_threads`)."""
    latest = tuple(newest_first(briefs))
    feeds = plan_feeds(briefs, site.name, syndication)
    weeks = group_by(latest, weeks_of, slug_of=str)
    months: dict[str, list[Brief]] = {}
    for brief in latest:
        key = brief.date_start.strftime("%Y-%m") if brief.date_start else UNDATED
        months.setdefault(key, []).append(brief)
    month_keys = sorted((key for key in months if key != UNDATED), reverse=True)
    month_keys += [UNDATED] if UNDATED in months else []
    threads = story_threads(briefs, previous_threads)
    by_month = tuple((key, tuple(months[key])) for key in month_keys)
    archive = archive_pages(by_month, site.listing_limit)
    home = max(site.home_limit, 1)
    return SitePlan(
        site=site,
        briefs=tuple(briefs),
        by_id={brief.incident_id: brief for brief in briefs},
        latest=latest,
        home=latest[:home],
        older=older_page(archive, home),
        featured_week=featured_week,
        weeks=weeks,
        week_keys=tuple(
            sorted(set(weeks) | ({featured_week} if featured_week else set()), reverse=True)
        ),
        groups={kind: group_by(latest, names) for kind, (_, names) in GROUPINGS.items()},
        months=by_month,
        archive=archive,
        threads=threads,
        thread_of={b.incident_id: t.id for t in threads.values() for b in t.briefs},
        feeds=feeds,
        feed_index={(feed.kind, feed.name): feed for feed in feeds},
    )
