"""The pages of a listing cut into pages, as rendered: what each further page is called."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from digest.config import SyndicationSettings
from digest.model import Article, Brief, CitedSentence
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
        name="T", description=None, url=None, use_directory_urls=True, home_limit=5, listing_limit=3
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


def test_a_weeks_first_page_ranks_its_most_covered_and_the_rest_follow_newest_first() -> None:
    """The first page: the week's most widely covered, numbered, two sentences each; the
    further pages: the others newest first, one sentence each. No page says how many the
    week has (the weeks' index does): the first page would change with each of them."""
    monday = datetime(2025, 3, 3, 9, tzinfo=UTC)

    def brief(n: int, reports: int) -> Brief:
        articles = tuple(
            Article(id=f"a{n}-{k}", path=f"a{n}-{k}", text="", title="") for k in range(reports)
        )
        summary = tuple(
            CitedSentence(text=f"Sentence {k} of event {n}.", article_id=articles[0].id)
            for k in range(2)
        )
        return Brief(
            incident_id=f"i{n:02d}",
            headline=f"Event {n}",
            articles=articles,
            outlets=tuple(f"o{k}" for k in range(reports)),
            date_start=monday + timedelta(hours=6 * n),
            summary=summary,
        )

    # Events 0, 7, 14 and 21 are covered by three outlets, the others by one.
    briefs = [brief(n, 3 if n % 7 == 0 else 1) for n in range(24)]
    site = Site(
        name="T", description=None, url=None, use_directory_urls=True, home_limit=5, listing_limit=4
    )
    plan = plan_site(briefs, site, SyndicationSettings(enabled=False))
    (key,) = plan.weeks
    texts = [
        page.text
        for page in render_listings(plan, markdown_environment(None))
        if page.path.startswith(f"weeks/{key}")
    ]
    first, *further = texts
    headings = re.findall(r"^## (\d+\. )?\[Event (\d+)\]", first, re.M)
    assert headings == [("1. ", "21"), ("2. ", "14"), ("3. ", "7"), ("4. ", "0")]
    assert "Sentence 1 of event 21." in first and "24 incidents" not in first
    rest = [int(n) for text in further for n in re.findall(r"^## \[Event (\d+)\]", text, re.M)]
    assert rest == sorted(set(range(24)) - {0, 7, 14, 21}, reverse=True)
    assert all("Sentence 1 of" not in text for text in further)
    assert all("Sentence 0 of" in text for text in further)
