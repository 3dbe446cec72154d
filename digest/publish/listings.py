"""Stage 5a (continued): the pages that list incidents.

The home page as cards, paginated; the weekly digests and their index; a page per place,
actor and tag with their indexes; and the page listing the feeds. None of them is in the
MkDocs nav except through their index (every nav entry is rendered into every page, which
makes MkDocs quadratic), and they are kept out of the search index, where they would only
repeat the incident pages' text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from digest.model import Brief
from digest.publish.pages import (
    HOME_PAGE,
    Page,
    Site,
    _link,
    coverage,
    front_matter,
    incident_path,
)
from digest.publish.taxonomy import (
    Group,
    actors_of,
    by_coverage,
    group_by,
    newest_first,
    places_of,
    tags_of,
    week_label,
    weeks_of,
)

if TYPE_CHECKING:
    from digest.publish.feeds import Feed

LATEST_DIR = "latest"
WEEKS_DIR = "weeks"
PLACES_DIR = "places"
ACTORS_DIR = "actors"
TAGS_DIR = "tags"
FEEDS_PAGE = "feeds.md"
GENERATED_DIRS = (LATEST_DIR, WEEKS_DIR, PLACES_DIR, ACTORS_DIR, TAGS_DIR)
# Listing pages repeat the incidents' own text: leaving them out keeps search results to
# the incident itself and the index small (Material reads this front matter key).
_NO_SEARCH = {"search": {"exclude": True}}

GROUPINGS: dict[str, tuple[str, Callable[[Brief], Iterable[str]]]] = {
    PLACES_DIR: ("Places", places_of),
    ACTORS_DIR: ("People and organisations", actors_of),
    TAGS_DIR: ("Tags", tags_of),
}


def week_path(key: str) -> str:
    return f"{WEEKS_DIR}/{key}.md"


def group_path(kind: str, slug: str) -> str:
    return f"{kind}/{slug}.md"


def _card(brief: Brief, from_path: str, sentences: int = 1) -> dict[str, Any]:
    return {
        "brief": brief,
        "url": _link(from_path, incident_path(brief.incident_id)),
        "coverage": coverage(brief),
        "outlets": len(brief.outlets),
        "lead": " ".join(sentence.text for sentence in brief.summary[:sentences]),
    }


def render_listings(
    briefs: Sequence[Brief],
    site: Site,
    environment: jinja2.Environment,
    feeds: Sequence[Feed],
    featured_week: str | None,
) -> Iterator[Page]:
    ordered = newest_first(briefs)
    weeks = group_by(ordered, weeks_of, slug_of=str)
    yield from _home_pages(ordered, site, environment, featured_week)
    yield from _week_pages(weeks, environment, featured_week)
    feed_of = {(feed.kind, feed.name): feed for feed in feeds}
    for kind, (title, names) in GROUPINGS.items():
        feed_kind = {PLACES_DIR: "place", TAGS_DIR: "tag"}.get(kind)
        yield from _group_pages(
            kind, title, group_by(ordered, names), site, environment, feed_of, feed_kind
        )
    yield _feeds_page(feeds, site, environment)


def _home_pages(
    briefs: Sequence[Brief], site: Site, environment: jinja2.Environment, week: str | None
) -> Iterator[Page]:
    size = max(site.home_limit, 1)
    chunks = [briefs[start : start + size] for start in range(0, len(briefs), size)] or [[]]
    paths = [HOME_PAGE] + [f"{LATEST_DIR}/{number}.md" for number in range(2, len(chunks) + 1)]
    template = environment.get_template("home.md.j2")
    for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        title = site.name if number == 1 else f"{site.name}: page {number}"
        yield Page(
            path=path,
            text=template.render(
                front_matter=front_matter({"title": title, **_NO_SEARCH}),
                site_name=site.name,
                site_description=site.description if number == 1 else None,
                incidents=[_card(brief, path) for brief in chunk],
                total=len(briefs),
                page=number,
                pages=len(chunks),
                newer_url=_link(path, paths[number - 2]) if number > 1 else None,
                older_url=_link(path, paths[number]) if number < len(chunks) else None,
                week=(
                    {"label": week_label(week), "url": _link(path, week_path(week))}
                    if week
                    else None
                ),
                weeks_url=_link(path, f"{WEEKS_DIR}/index.md"),
                archive_url=_link(path, "archive/index.md"),
                places_url=_link(path, f"{PLACES_DIR}/index.md"),
                feeds_url=_link(path, FEEDS_PAGE),
            ),
        )


def _week_pages(
    weeks: dict[str, Group], environment: jinja2.Environment, featured: str | None
) -> Iterator[Page]:
    keys = sorted(set(weeks) | ({featured} if featured else set()), reverse=True)
    index = f"{WEEKS_DIR}/index.md"
    yield Page(
        path=index,
        text=environment.get_template("weeks.md.j2").render(
            front_matter=front_matter({"title": "Weekly digests", **_NO_SEARCH}),
            weeks=[
                {
                    "key": key,
                    "label": week_label(key),
                    "url": _link(index, week_path(key)),
                    "count": len(weeks[key].briefs) if key in weeks else 0,
                    "featured": key == featured,
                }
                for key in keys
            ],
        ),
    )
    template = environment.get_template("week.md.j2")
    for position, key in enumerate(keys):
        path = week_path(key)
        briefs = by_coverage(weeks[key].briefs) if key in weeks else []
        yield Page(
            path=path,
            text=template.render(
                front_matter=front_matter({"title": week_label(key), "week": key, **_NO_SEARCH}),
                label=week_label(key),
                incidents=[_card(brief, path, sentences=2) for brief in briefs],
                # Neighbours in the list of weeks that have a page: newer is earlier.
                newer_url=_link(path, week_path(keys[position - 1])) if position else None,
                older_url=(
                    _link(path, week_path(keys[position + 1])) if position + 1 < len(keys) else None
                ),
                index_url=_link(path, index),
            ),
        )


def _group_pages(
    kind: str,
    title: str,
    groups: dict[str, Group],
    site: Site,
    environment: jinja2.Environment,
    feed_of: dict[tuple[str, str | None], Feed],
    feed_kind: str | None,
) -> Iterator[Page]:
    index = f"{kind}/index.md"
    ranked = sorted(groups.values(), key=lambda group: (-len(group.briefs), group.slug))
    yield Page(
        path=index,
        text=environment.get_template("groups.md.j2").render(
            front_matter=front_matter({"title": title, **_NO_SEARCH}),
            title=title,
            groups=[
                {
                    "name": group.name,
                    "url": _link(index, group_path(kind, group.slug)),
                    "count": len(group.briefs),
                }
                for group in ranked
            ],
        ),
    )
    template = environment.get_template("group.md.j2")
    for group in groups.values():
        path = group_path(kind, group.slug)
        feed = feed_of.get((feed_kind, group.name)) if feed_kind else None
        yield Page(
            path=path,
            text=template.render(
                front_matter=front_matter({"title": group.name, kind: group.slug, **_NO_SEARCH}),
                name=group.name,
                kind=title,
                index_url=_link(path, index),
                incidents=[_card(brief, path) for brief in group.briefs],
                feeds=_feed_links(feed, site) if feed else [],
            ),
        )


def _feed_links(feed: Feed, site: Site) -> list[dict[str, Any]]:
    # Absolute: feed files are not pages, so MkDocs would not rewrite a relative link to
    # the page's URL (places/x.md is served as places/x/).
    from digest.publish.feeds import FEED_FILES, FORMAT_NAMES

    base = (site.url or "").rstrip("/") + "/"
    return [
        {"format": FORMAT_NAMES[fmt], "url": Markup(base + feed.path(fmt))}
        for fmt in FEED_FILES
        if fmt in site.feed_formats
    ]


def _feeds_page(feeds: Sequence[Feed], site: Site, environment: jinja2.Environment) -> Page:
    from digest.publish.feeds import FEED_FILES, FORMAT_NAMES

    base = (site.url or "").rstrip("/") + "/"
    formats = [fmt for fmt in FEED_FILES if fmt in site.feed_formats]

    def row(feed: Feed) -> dict[str, Any]:
        return {
            "name": feed.name or site.name,
            "count": len(feed.briefs),
            "links": [
                {"format": FORMAT_NAMES[fmt], "url": Markup(base + feed.path(fmt))}
                for fmt in formats
            ],
        }

    return Page(
        path=FEEDS_PAGE,
        text=environment.get_template("feeds.md.j2").render(
            front_matter=front_matter({"title": "Feeds", **_NO_SEARCH}),
            site_name=site.name,
            main=[row(feed) for feed in feeds if feed.kind == "site"],
            places=[row(feed) for feed in feeds if feed.kind == "place"],
            tags=[row(feed) for feed in feeds if feed.kind == "tag"],
            enabled=bool(feeds),
        ),
    )
