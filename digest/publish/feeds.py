"""Stage 5b: the feeds, one item per incident: RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the
whole briefing and for each place and tag.

What feed readers need, and what peer tools get wrong (mkdocs-rss-plugin#123, liferea#1195,
FreshRSS#5909: items coming back as unread):

- an item's ``guid``/``id`` is the incident's permanent URL, so it never changes as the
  incident gains sources;
- items are ordered by first report, so back-filled old articles do not jump to the top;
- ``updated`` (Atom) / ``date_modified`` (JSON Feed) is the newest source's date, so it moves
  when an incident gains a newer source, and never because the site was rebuilt;
- no date comes from the build time or git history (shallow CI clones have none).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from digest.config import SyndicationSettings
from digest.model import Brief
from digest.publish.memo import PageMemo, memoised_fragment, memoised_site_file
from digest.publish.pages import coverage, is_digests_own, source_list
from digest.publish.plan import FEED_FILE, Feed, Site, SitePlan, absolute_url, incident_path
from digest.publish.taxonomy import tags_of

# Atom requires a date on every entry; an incident whose reports carry none gets this
# fixed one rather than the build time, which would make it "new" on every build.
_NO_DATE = "1970-01-01T00:00:00Z"
# Characters XML 1.0 forbids even when escaped: one in an article would make the feed
# unreadable for every subscriber.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(_NOT_XML.sub("", str(value)))
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def rfc3339(value: datetime | None) -> str:
    if value is None:
        return _NO_DATE
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_feeds(
    plan: SitePlan,
    settings: SyndicationSettings,
    environment: jinja2.Environment,
    markdown_environment: jinja2.Environment,
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """Site-relative path → text of every feed file of the plan; with a ``memo``, an
    item's HTML is rendered only when its brief changed, and a feed file only when its
    items or what it says of the feed changed."""
    site = plan.site
    if not site.url:
        raise ValueError("feeds need site_url")
    # digest's own templates show no brief's related incidents: those change with every
    # new incident of a story, and would make most feeds be rendered again.
    shows_related = not all(
        is_digests_own(env, name)
        for env, name in (
            (markdown_environment, "feed_item.md.j2"),
            (environment, "feed.xml.j2"),
            (environment, "atom.xml.j2"),
        )
    )
    items = _Items(site, markdown_environment, memo, shows_related)
    environment.finalize = xml_safe
    files: dict[str, str] = {}
    for feed in plan.feeds:
        shown = feed.briefs[: settings.limit]
        for fmt in settings.formats:

            def inputs(feed: Feed = feed, shown: Sequence[Brief] = shown) -> Iterator[str]:
                yield repr((feed.folder, feed.title, feed.kind, feed.name, _dates(feed)))
                for brief in shown:
                    yield memo.fingerprint(brief, shows_related)  # type: ignore[union-attr]

            def render(feed: Feed = feed, shown: Sequence[Brief] = shown, fmt: str = fmt) -> str:
                context = _context(feed, [items[brief] for brief in shown], site)
                if fmt == "json":
                    return _json_feed(context)
                template = "feed.xml.j2" if fmt == "rss" else "atom.xml.j2"
                return environment.get_template(template).render(
                    **context, formats=settings.formats, self_path=feed.path(fmt)
                )

            files[feed.path(fmt)] = memoised_site_file(memo, feed.path(fmt), inputs, render)
    return files


def _markdown_renderer() -> MarkdownIt:
    # Raw HTML off: the item body comes from escaped source text and must stay text.
    return MarkdownIt("commonmark", {"html": False})


class _Items:
    """Each brief's feed item, made when a feed to render first shows it."""

    def __init__(
        self,
        site: Site,
        markdown_environment: jinja2.Environment,
        memo: PageMemo | None,
        shows_related: bool,
    ) -> None:
        self._site = site
        self._shows_related = shows_related
        self._body = markdown_environment.get_template("feed_item.md.j2")
        self._renderer = _markdown_renderer()
        self._memo = memo
        self._made: dict[str, dict[str, Any]] = {}

    def __getitem__(self, brief: Brief) -> dict[str, Any]:
        made = self._made.get(brief.incident_id)
        if made is None:
            made = self._made[brief.incident_id] = self._item(brief)
        return made

    def _html(self, brief: Brief) -> str:
        markdown = self._body.render(
            brief=brief, coverage=coverage(brief), sources=source_list(brief)
        )
        return str(xml_safe(self._renderer.render(markdown)))

    def _item(self, brief: Brief) -> dict[str, Any]:
        site, memo = self._site, self._memo
        link = absolute_url(site.url, incident_path(brief.incident_id), site.use_directory_urls)
        html = memoised_fragment(
            memo,
            f"feed/{brief.incident_id}",
            lambda: (memo.fingerprint(brief, self._shows_related),),  # type: ignore[union-attr]
            lambda: self._html(brief),
        )
        newest = brief.date_end or brief.date_start
        return {
            "title": xml_safe(brief.headline),
            "link": link,
            "guid": link,
            "published": brief.date_start,
            "updated": newest,
            "published_3339": rfc3339(brief.date_start),
            "updated_3339": rfc3339(newest),
            "summary": xml_safe(brief.summary[0].text) if brief.summary else "",
            "description_html": html,
            "tags": list(tags_of(brief)),
            "places": [xml_safe(place) for place in brief.places],
        }


def _dates(feed: Feed) -> tuple[datetime | None, datetime | None]:
    """When the feed was last updated and its newest first report (over all its
    incidents, not only those it shows)."""
    dates = [b.date_end or b.date_start for b in feed.briefs if b.date_start]
    first = [b.date_start for b in feed.briefs if b.date_start]
    return (max(dates) if dates else None, max(first) if first else None)


def _context(feed: Feed, items: list[dict[str, Any]], site: Site) -> dict[str, Any]:
    assert site.url
    base = site.url.rstrip("/") + "/"
    updated, pub_date = _dates(feed)
    return {
        "site_name": xml_safe(feed.title),
        "site_url": site.url,
        "base_url": base,
        "site_description": xml_safe(site.description or site.name)
        + (f" ({feed.kind}: {xml_safe(feed.name)})" if feed.name else ""),
        "feed_url": base + feed.folder + FEED_FILE,
        "updated": updated,
        "pub_date": pub_date,
        "updated_3339": rfc3339(updated),
        "items": items,
        "feed": feed,
    }


def _json_feed(context: Mapping[str, Any]) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), serialised by json.dumps, which
    escapes whatever the article text holds."""
    base: str = context["base_url"]
    feed: Feed = context["feed"]
    document: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": str(context["site_name"]),
        "home_page_url": context["site_url"],
        "feed_url": base + feed.path("json"),
        "description": str(context["site_description"]),
        "authors": [{"name": str(context["site_name"]), "url": context["site_url"]}],
        "items": [
            {
                key: value
                for key, value in (
                    ("id", item["guid"]),
                    ("url", item["link"]),
                    ("title", str(item["title"])),
                    ("content_html", str(item["description_html"])),
                    ("summary", str(item["summary"]) or None),
                    ("date_published", item["published"] and item["published_3339"]),
                    ("date_modified", item["updated"] and item["updated_3339"]),
                    ("tags", sorted({*item["tags"], *item["places"]}) or None),
                )
                if value
            }
            for item in context["items"]
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
