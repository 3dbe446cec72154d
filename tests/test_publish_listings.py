"""The pages of a listing cut into pages, as rendered: what each further page is called."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from digest.config import SyndicationSettings
from digest.model import Brief
from digest.publish.listings import render_listings
from digest.publish.pages import parse_front_matter
from digest.publish.plan import Site, plan_site
from digest.publish.taxonomy import week_label
from digest.publish.templates import markdown_environment


def test_a_long_weeks_further_pages_are_titled_by_the_dates_they_hold() -> None:
    """Like a month's, a place's or a thread's, each further page of a week says which
    incidents it holds (the dates they span) instead of all sharing one title."""
    monday = datetime(2025, 3, 3, 9, tzinfo=UTC)
    briefs = [
        Brief(
            incident_id=f"i{n:02d}",
            headline=f"Event {n}",
            articles=(),
            date_start=monday + timedelta(hours=6 * n),
        )
        for n in range(24)
    ]
    site = Site(
        name="T", description=None, url=None, use_directory_urls=True, home_limit=5, listing_limit=2
    )
    plan = plan_site(briefs, site, SyndicationSettings(enabled=False))
    (key,) = plan.weeks
    pages = {
        page.path: page.text
        for page in render_listings(plan, markdown_environment(None))
        if page.path.startswith(f"weeks/{key}")
    }
    assert len(pages) > 2
    titles = {path: parse_front_matter(text)["title"] for path, text in pages.items()}
    label = week_label(key)
    assert titles.pop(f"weeks/{key}.md") == label
    assert "Most covered · [Next →]" in pages[f"weeks/{key}.md"]
    assert len(set(titles.values())) > len(titles) // 2
    for title in titles.values():
        assert title.startswith(f"{label}: "), title
        assert re.fullmatch(r"\d+ March 2025( to \d+ March 2025)?", title[len(label) + 2 :])
