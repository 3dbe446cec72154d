"""Stage 5a (continued): the pages that list incidents.

The home page as cards (its older incidents are on the archive's pages); the weekly
digests and their index; a page per place, actor and tag with their indexes; and the page
listing the feeds. None of them is in the
MkDocs nav except through their index (every nav entry is rendered into every page, which
makes MkDocs quadratic), and they are kept out of the search index, where they would only
repeat the incident pages' text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from digest.publish.memo import PageMemo, listing_fingerprint, memoised, memoised_page
from digest.publish.pages import NO_SEARCH, Page, card, front_matter, pager, span
from digest.publish.placemap import Marker, place_markers, render_map
from digest.publish.plan import (
    FEED_FILES,
    FEEDS_PAGE,
    FORMAT_NAMES,
    GROUPINGS,
    HOME_PAGE,
    PLACES_DIR,
    WEEKS_DIR,
    Feed,
    ListingPage,
    Site,
    SitePlan,
    Thread,
    group_path,
    link,
    listing_pages,
    relative_url,
    thread_path,
    week_pages,
    week_path,
)
from digest.publish.taxonomy import Group, week_label
from digest.publish.templates import human_date


def render_listings(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> Iterator[Page]:
    """The listing pages; with a ``memo``, a place's, person's or tag's page is rendered
    only when what it lists changed."""
    yield _home_page(plan, environment)
    yield from _week_pages(plan, environment, memo)
    for kind, (title, _) in GROUPINGS.items():
        yield from _group_pages(plan, kind, title, environment, memo)
    yield from _thread_pages(plan, environment, memo)
    yield _feeds_page(plan.feeds, plan.site, environment)


def _thread_pages(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> Iterator[Page]:
    """A page per story thread (out of the nav, like the incidents): its incidents, dated,
    oldest first, and the names that link them; a long thread is cut into pages, the first
    of which says how many and which names."""
    template = environment.get_template("thread.md.j2")
    for thread in plan.threads.values():
        names = thread_names(thread)
        title = f"Story thread: {', '.join(names[:3])}" if names else "Story thread"
        pages = listing_pages(thread_path(thread.id), thread.briefs, plan.site.listing_limit)
        for page in pages:
            label = span(page.briefs) if page.previous else None
            matter = {"title": f"{title}: {label}" if label else title, "thread": thread.id}
            if not label:
                # What the next build keeps the thread's id by.
                matter["incidents"] = [brief.incident_id for brief in thread.briefs]
            context = {
                "front_matter": front_matter(matter | NO_SEARCH),
                "title": title,
                "names": names,
                "incidents": [card(brief, page.path) for brief in page.briefs],
                "total": None if label else len(thread.briefs),
                "first": human_date(thread.briefs[0].date_start),
                "last": human_date(thread.briefs[-1].date_start),
                **pager(page, label, first="Oldest"),
            }
            yield Page(path=page.path, text=memoised_page(memo, page.path, template, context))


def thread_names(thread: Thread) -> list[str]:
    """The names the thread's links share, the most often shared first."""
    counts: dict[str, int] = {}
    members = {brief.incident_id for brief in thread.briefs}
    for brief in thread.briefs:
        for relation in brief.related:
            if relation.incident_id in members:
                for name in relation.shared:
                    counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


def _home_page(plan: SitePlan, environment: jinja2.Environment) -> Page:
    """The home page: the newest incidents, a link to the featured weekly digest, and an
    Older link into the archive's pages. The default template does not show ``total``
    (given for a project's own template)."""
    site, week = plan.site, plan.featured_week
    return Page(
        path=HOME_PAGE,
        text=environment.get_template("home.md.j2").render(
            front_matter=front_matter({"title": site.name, **NO_SEARCH}),
            site_name=site.name,
            site_description=site.description,
            incidents=[card(brief, HOME_PAGE) for brief in plan.home],
            total=len(plan.latest),
            older_url=link(HOME_PAGE, plan.older) if plan.older else None,
            week={"label": week_label(week), "url": link(HOME_PAGE, week_path(week))}
            if week
            else None,
            weeks_url=link(HOME_PAGE, f"{WEEKS_DIR}/index.md"),
            archive_url=link(HOME_PAGE, "archive/index.md"),
            places_url=link(HOME_PAGE, f"{PLACES_DIR}/index.md"),
            feeds_url=link(HOME_PAGE, FEEDS_PAGE),
        ),
    )


def _week_pages(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> Iterator[Page]:
    weeks, keys = plan.weeks, plan.week_keys
    index = f"{WEEKS_DIR}/index.md"
    yield Page(
        path=index,
        text=environment.get_template("weeks.md.j2").render(
            front_matter=front_matter({"title": "Weekly digests", **NO_SEARCH}),
            weeks=[
                {
                    "key": key,
                    "label": week_label(key),
                    "url": link(index, week_path(key)),
                    "count": len(weeks[key].briefs) if key in weeks else 0,
                    "featured": key == plan.featured_week,
                }
                for key in keys
            ],
        ),
    )
    template = environment.get_template("week.md.j2")
    for position, key in enumerate(keys):
        path, label = week_path(key), week_label(key)
        ranked = plan.week(key)
        for page in week_pages(path, ranked, plan.site.listing_limit):
            further = span(page.briefs) if page.previous else None
            context = {
                "front_matter": front_matter(
                    {"title": f"{label}: {further}" if further else label, "week": key} | NO_SEARCH
                ),
                "label": label,
                # The most covered with two sentences, as the weekly mail; the rest one.
                "incidents": [
                    card(brief, page.path, sentences=1 if further else 2) for brief in page.briefs
                ],
                "first": not further,
                "empty": not ranked,
                "more": len(ranked) > len(page.briefs) and not further,
                **pager(page, further, first="Most covered"),
                # Neighbours in the list of weeks that have a page: newer is earlier.
                "newer_url": link(page.path, week_path(keys[position - 1])) if position else None,
                "older_url": (
                    link(page.path, week_path(keys[position + 1]))
                    if position + 1 < len(keys)
                    else None
                ),
                "index_url": link(page.path, index),
            }
            yield Page(path=page.path, text=memoised_page(memo, page.path, template, context))


def _group_pages(
    plan: SitePlan,
    kind: str,
    title: str,
    environment: jinja2.Environment,
    memo: PageMemo | None,
) -> Iterator[Page]:
    groups = plan.groups[kind]
    index = f"{kind}/index.md"
    ranked = sorted(groups.values(), key=lambda group: (-len(group.briefs), group.slug))
    markers, unplaced = place_markers(groups) if kind == PLACES_DIR else ((), ())
    by_slug = {marker.slug: marker for marker in markers}
    yield Page(
        path=index,
        text=environment.get_template("groups.md.j2").render(
            front_matter=front_matter({"title": title, **NO_SEARCH}),
            title=title,
            map=_map(plan, index, markers, title) if kind == PLACES_DIR and groups else None,
            unmapped=[
                {"name": group.name, "url": link(index, group_path(kind, group.slug))}
                for group in unplaced
            ],
            groups=[
                {
                    "name": group.name,
                    "url": link(index, group_path(kind, group.slug)),
                    "count": len(group.briefs),
                }
                for group in ranked
            ],
        ),
    )
    template = environment.get_template("group.md.j2")
    for group in groups.values():
        focus = by_slug.get(group.slug)
        for page in listing_pages(
            group_path(kind, group.slug), group.briefs, plan.site.listing_limit
        ):
            yield _group_page(plan, kind, title, template, group, page, markers, focus, memo)


def _group_page(
    plan: SitePlan,
    kind: str,
    title: str,
    template: jinja2.Template,
    group: Group,
    page: ListingPage,
    markers: Sequence[Marker],
    focus: Marker | None,
    memo: PageMemo | None,
) -> Page:
    """A page of one place, person or tag: its incidents; the first page also their number,
    its feeds, its map."""
    path, first = page.path, page.previous is None
    index = f"{kind}/index.md"
    feed = plan.feed_of(kind, group.name) if first else None
    focus = focus if first else None
    label = None if first else span(page.briefs)

    def render() -> str:
        return template.render(
            front_matter=front_matter(
                {"title": f"{group.name}: {label}" if label else group.name, kind: group.slug}
                | NO_SEARCH
            ),
            name=group.name,
            kind=title,
            index_url=link(path, index),
            incidents=[card(brief, path) for brief in page.briefs],
            total=len(group.briefs) if first else None,
            feeds=_feed_links(feed, plan.site) if feed else [],
            map=_map(plan, path, markers, group.name, focus) if focus else None,
            **pager(page, label),
        )

    def inputs() -> Iterator[str]:
        # A close-up map shows its own marker alone (see placemap.render_map).
        yield repr((kind, title, group.name, group.slug, focus, feed and feed.folder))
        yield repr((page.previous, page.next, len(group.briefs) if first else None))
        yield from map(listing_fingerprint(memo, template.environment), page.briefs)  # type: ignore[arg-type]

    return Page(path=path, text=memoised(memo, path, inputs, render))


def _map(
    plan: SitePlan,
    path: str,
    markers: Sequence[Marker],
    title: str,
    focus: Marker | None = None,
) -> Markup:
    """The map of places as the page at ``path`` shows it, each point a link to its place's
    page (a URL: MkDocs does not rewrite links in raw HTML)."""
    urls = {
        marker.slug: relative_url(
            path, group_path(PLACES_DIR, marker.slug), plan.site.use_directory_urls
        )
        for marker in ([focus] if focus else markers)
    }
    return render_map(markers, urls, f"Map of {title.lower() if not focus else title}", focus)


def _feed_links(feed: Feed, site: Site) -> list[dict[str, Any]]:
    """Links to a feed's files in each published format. Absolute: feed files are not
    pages, so MkDocs would not rewrite a relative link to the page's URL (places/x.md is
    served as places/x/)."""
    base = (site.url or "").rstrip("/") + "/"
    return [
        {"format": FORMAT_NAMES[fmt], "url": Markup(base + feed.path(fmt))}
        for fmt in FEED_FILES
        if fmt in site.feed_formats
    ]


def _feeds_page(feeds: Sequence[Feed], site: Site, environment: jinja2.Environment) -> Page:
    def row(feed: Feed) -> dict[str, Any]:
        return {
            "name": feed.name or site.name,
            "count": len(feed.briefs),
            "links": _feed_links(feed, site),
        }

    return Page(
        path=FEEDS_PAGE,
        text=environment.get_template("feeds.md.j2").render(
            front_matter=front_matter({"title": "Feeds", **NO_SEARCH}),
            site_name=site.name,
            main=[row(feed) for feed in feeds if feed.kind == "site"],
            places=[row(feed) for feed in feeds if feed.kind == "place"],
            tags=[row(feed) for feed in feeds if feed.kind == "tag"],
            enabled=bool(feeds),
        ),
    )
