"""Stage 5b: the RSS 2.0 feed, one item per incident.

An item's ``guid`` is the incident's permanent URL, so it never changes as the incident
gains sources; items are ordered by first report, so back-filled old articles do not jump
to the top. No date comes from the build time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import jinja2
from markdown_it import MarkdownIt

from digest.model import Brief
from digest.publish.pages import Site, absolute_url, coverage, incident_path, source_list

FEED_FILE = "feed.xml"


def _markdown_renderer() -> MarkdownIt:
    # Raw HTML off: the item body comes from escaped source text and must stay text.
    return MarkdownIt("commonmark", {"html": False})


def render_rss(
    briefs: Sequence[Brief],
    site: Site,
    limit: int,
    environment: jinja2.Environment,
    markdown_environment: jinja2.Environment,
) -> str:
    if not site.url:
        raise ValueError("feeds need site_url")
    renderer = _markdown_renderer()
    body = markdown_environment.get_template("feed_item.md.j2")
    items = []
    for brief in _by_first_report(briefs)[:limit]:
        link = absolute_url(site.url, incident_path(brief.incident_id), site.use_directory_urls)
        markdown = body.render(brief=brief, coverage=coverage(brief), sources=source_list(brief))
        items.append(
            {
                "title": brief.headline,
                "link": link,
                "guid": link,
                "published": brief.date_start,
                "description_html": renderer.render(markdown),
            }
        )
    dates = [brief.date_start for brief in briefs if brief.date_start]
    return environment.get_template("feed.xml.j2").render(
        site_name=site.name,
        site_url=site.url,
        site_description=site.description,
        feed_url=site.url.rstrip("/") + "/" + FEED_FILE,
        updated=max(dates) if dates else None,
        items=items,
    )


def _by_first_report(briefs: Sequence[Brief]) -> list[Brief]:
    def key(brief: Brief) -> tuple[int, float, str]:
        start: datetime | None = brief.date_start
        return (
            (1, 0.0, brief.incident_id)
            if start is None
            else (0, -start.timestamp(), brief.incident_id)
        )

    return sorted(briefs, key=key)
