"""The generated site: home cards and pages, weekly digests, places/actors/tags, the feeds
page, feed autodiscovery, and `digest build --week`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from digest.model import Brief, CitedQuote, CitedSentence
from digest.publish.pages import read_front_matter
from digest.publish.taxonomy import (
    actors_of,
    last_complete_week,
    slugify,
    tags_of,
    week_key,
    week_label,
)
from digest.publish.templates import reporter_mid_sentence


def _build(run: Callable[..., object], project: Path, *args: str) -> str:
    result = run("build", "-f", project / "mkdocs.yml", *args)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return result.output  # type: ignore[attr-defined]


def _tags(headline: str, *summary: str) -> tuple[str, ...]:
    sentences = tuple(CitedSentence(text=text, article_id="a") for text in summary)
    return tags_of(Brief(incident_id="x", headline=headline, articles=(), summary=sentences))


def test_tags_tell_military_strikes_from_labour_strikes_and_the_month_from_a_march() -> None:
    # The first seed: "U.S. strikes that targeted sites" are air strikes, not a labour dispute.
    assert "labour" not in _tags(
        "Iraq’s Ministerial Council for National Security denounced U.S. strikes",
        "Iraq’s Ministerial Council for National Security denounced U.S. strikes that "
        "targeted sites belonging to Iran-backed militia in Iraq and Syria.",
    )
    # The second seed: its strikes are an attack, though no word of the attack tag says so.
    assert _tags(
        "Iraq’s foreign ministry said it will summon the charge d’affaires",
        "The strikes killed at least 16 people and injured 25 more in Iraq’s western Anbar "
        "province, near the Syrian border, according to the Iraqi government.",
        "The foreign ministry protested against the overnight strikes on militia groups.",
    ) == ("attack", "politics", "protest")
    assert "labour" in _tags("Port strike enters second day as ships pile up off Deltaport")
    assert "labour" in _tags(
        "Drone strike hits depot", "A drone strike hit the depot where dockworkers were on strike."
    )
    assert "protest" not in _tags("Council to vote on the budget in March")
    assert "protest" in _tags("Thousands marched through Karvan on Sunday")


def test_a_quoted_person_is_an_actor_by_name_even_after_a_lowercase_role() -> None:
    speakers = (
        "US National Security Council spokesman John Kirby",
        "Interior Minister Oren Halvane",
        "one of the officials",
        "Iraq’s presidency",
    )
    quotes = tuple(
        CitedQuote(text="x", speaker=speaker, article_id="a", kind="full") for speaker in speakers
    )
    brief = Brief(incident_id="x", headline="Talks", articles=(), all_quotes=quotes)
    assert actors_of(brief) == ("John Kirby", "Interior Minister Oren Halvane")


def test_corps_force_and_guard_name_organisations_in_the_summary() -> None:
    summary = (
        "Jets struck positions of the Halvian Revolutionary Guard Corps and the Ostrian Air "
        "Force near the border, while the Velda National Guard stayed in its barracks.",
    )
    sentences = tuple(CitedSentence(text=text, article_id="a") for text in summary)
    brief = Brief(incident_id="x", headline="Strikes", articles=(), summary=sentences)
    assert actors_of(brief) == (
        "Halvian Revolutionary Guard Corps",
        "Ostrian Air Force",
        "Velda National Guard",
    )


def test_a_figure_that_opened_its_sentence_reads_mid_line_in_lower_case(
    make_project: Callable[..., Path], run: Callable[..., object]
) -> None:
    body = (
        "---\npublished: 2026-02-09T08:00:00Z\noutlet: Meridian\n---\n"
        "Twelve people were injured when two drones hit the Northgate customs yard on Monday, "
        "officials said.\n"
        "Two police officers, speaking on condition of anonymity, said three people were "
        "killed."
    )
    project = make_project({"meridian/a.md": body})
    _build(run, project, "--no-site")
    (page,) = (project / "content" / "incidents").glob("*.md")
    text = page.read_text(encoding="utf-8")
    assert "- **Injured**: twelve people (according to officials) — Meridian" in text
    assert "- **Killed**: three people (according to two police officers) — Meridian" in text
    # A reporter who may be a name keeps its capital.
    for name in ("Iraq’s foreign ministry", "Kirby", "U.S. military"):
        assert reporter_mid_sentence(name) == name
    # The sentence itself, cited in the summary, keeps its capital.
    assert "Twelve people were injured" in text


def test_weeks_are_iso_weeks_and_never_the_clock() -> None:
    # 2026-01-01 is a Thursday: ISO week 1 of 2026; 2027-01-01 is in 2026-W53.
    assert week_key(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-W01"
    assert week_key(datetime(2027, 1, 1, tzinfo=UTC)) == "2026-W53"
    assert week_label("2026-W05") == "Week 5, 2026 (26 January – 1 February 2026)"
    assert week_label("2025-W01") == "Week 1, 2025 (30 December 2024 – 5 January 2025)"
    # The week before the newest report's, whatever day that report fell on.
    assert last_complete_week(datetime(2026, 2, 24, tzinfo=UTC)) == "2026-W08"
    assert last_complete_week(datetime(2026, 3, 1, tzinfo=UTC)) == "2026-W08"
    assert last_complete_week(None) is None


def test_slugs_are_url_safe_and_stable() -> None:
    assert slugify("Karvan") == "karvan"
    assert slugify("Ministry of Water Resources") == "ministry-of-water-resources"
    assert slugify("Sulaymānīyah") == "sulaymaniyah"
    assert re.fullmatch(r"x-[0-9a-f]{8}", slugify("السليمانية"))
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_demo_site_has_weekly_digests_and_topic_pages(
    demo_project: Path, run: Callable[..., object]
) -> None:
    output = _build(run, demo_project)
    # The newest demo report is of 24 February 2026 (week 9): week 8 is the last complete one.
    assert "Weekly digest: content/weeks/2026-W08.md" in output
    content, site = demo_project / "content", demo_project / "site"
    weeks = sorted(p.name for p in (content / "weeks").glob("*.md"))
    assert weeks == [
        "2026-W03.md", "2026-W04.md", "2026-W05.md", "2026-W06.md",
        "2026-W07.md", "2026-W08.md", "2026-W09.md", "index.md",
    ]  # fmt: skip
    # Week 3 (12–18 January): the Halvik floods (4 reports, 4 outlets), then nothing else.
    week3 = (content / "weeks" / "2026-W03.md").read_text(encoding="utf-8")
    weeks_index = (content / "weeks" / "index.md").read_text(encoding="utf-8")
    assert "(2026-W03.md): 1 incident\n" in weeks_index
    assert "## 1. [Velda River floods kill at least nine in Halvik District]" in week3
    # Ranked by coverage: week 4 has the drone attack (3 outlets) before the dam (2 outlets).
    week4 = (content / "weeks" / "2026-W04.md").read_text(encoding="utf-8")
    assert week4.index("Drone attack on Northgate") < week4.index("Tessaly Dam")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="weeks/2026-W08/"' in home
    assert home.count('class="grid cards') == 1
    # A page per place, with its incidents and its own feeds; actors and tags too.
    northgate = (site / "places" / "northgate" / "index.html").read_text(encoding="utf-8")
    assert northgate.count('href="../../incidents/') == 2
    assert 'href="https://example.org/velda-briefing/feeds/places/northgate/atom.xml"' in northgate
    assert (site / "actors" / "ministry-of-water-resources" / "index.html").is_file()
    flood = (site / "tags" / "flood" / "index.html").read_text(encoding="utf-8")
    assert "Velda River floods kill at least nine" in flood
    # The incident page links its place and tags.
    page = next((site / "incidents").glob("*velda-river-floods*/index.html")).read_text("utf-8")
    assert 'href="../../places/halvik/"' in page and 'href="../../tags/flood/"' in page
    # Feeds are listed on a page, and every page announces them (autodiscovery).
    feeds_page = (site / "feeds" / "index.html").read_text(encoding="utf-8")
    for name in ("feed.xml", "atom.xml", "feed.json", "feeds/tags/flood/atom.xml"):
        assert f"https://example.org/velda-briefing/{name}" in feeds_page
    for html_file in (site / "about" / "index.html", site / "weeks" / "index.html"):
        head = html_file.read_text(encoding="utf-8").split("</head>")[0]
        assert 'rel="alternate" type="application/atom+xml"' in head
        assert 'rel="alternate" type="application/feed+json"' in head
    assert 'type="application/atom+xml" title="Northgate (Atom)"' in northgate
    # Listing pages stay out of the search index; incidents are in it.
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"incidents/' in index
    assert '"location":"places/' not in index and '"location":"weeks/' not in index


def test_week_option_features_that_week(demo_project: Path, run: Callable[..., object]) -> None:
    output = _build(run, demo_project, "--week", "2026-W05")
    assert "Weekly digest: content/weeks/2026-W05.md" in output
    home = (demo_project / "content" / "index.md").read_text(encoding="utf-8")
    assert "[Week 5, 2026 (26 January – 1 February 2026)](weeks/2026-W05.md)" in home
    # A week with no incident still gets its page when asked for.
    _build(run, demo_project, "--week", "2025-W40")
    empty = (demo_project / "content" / "weeks" / "2025-W40.md").read_text(encoding="utf-8")
    assert "No incidents were first reported this week." in empty
    bad = run("build", "-f", demo_project / "mkdocs.yml", "--week", "2026-W60")
    assert bad.exit_code == 2  # type: ignore[attr-defined]
    assert "2026 has no week 60" in bad.output  # type: ignore[attr-defined]


def _older_pages(content: Path) -> list[tuple[Path, str]]:
    """The archive's pages from the home page's Older link on, following their Next links."""
    pages: list[tuple[Path, str]] = []
    page, text = content / "index.md", (content / "index.md").read_text(encoding="utf-8")
    while (found := re.search(r"\[(?:Older|Next) →\]\(([^)]+)\)", text)) is not None:
        page = (page.parent / found.group(1)).resolve()
        text = page.read_text(encoding="utf-8")
        pages.append((page, text))
    return pages


def test_home_is_paginated(make_project: Callable[..., Path], run: Callable[..., object]) -> None:
    towns = ["Alder", "Birch", "Cedar", "Dogwood", "Elm"]
    events = ["bridge collapsed", "market burned", "school flooded", "dam cracked", "port closed"]
    articles = {
        f"wire/{n}.md": (
            f"---\ntitle: The {event} in {town}\npublished: 2026-03-0{n + 1}T08:00:00Z\n---\n"
            f"{town.upper()} (Wire) — The {event} in {town} on day {n}, officials in {town} said.\n"
        )
        for n, (town, event) in enumerate(zip(towns, events, strict=True))
    }
    project = make_project(
        articles,
        replace={"home_limit: 20": "home_limit: 2", "listing_limit: 20": "listing_limit: 2"},
    )
    _build(run, project)
    content = project / "content"
    home = (content / "index.md").read_text(encoding="utf-8")
    assert home.index("port closed in Elm") < home.index("dam cracked in Dogwood")
    assert "Cedar" not in home and "5 incidents" not in home and "Newer" not in home
    # Older → into the archive's pages, then from page to page: the incidents the home page
    # does not show, each once, newest first, each further page of the month named by its
    # first incident and linking back to the one before.
    pages = _older_pages(content)
    assert pages, home
    listed = [
        town
        for _, text in pages
        for town in sorted((t for t in towns if f"in {t}" in text), key=lambda t: text.index(t))
    ]
    assert listed == towns[::-1][2:]
    incidents = {p.stem: p.read_text(encoding="utf-8") for p in (content / "incidents").glob("*")}
    for position, (path, text) in enumerate(pages):
        newest = next(t for t in towns[::-1] if f"in {t}" in text)
        assert path.parent.name == "2026-03" and f"in {newest}" in incidents[path.stem]
        if position:
            assert f"[← Previous]({pages[position - 1][0].name})" in text
        assert ("Next →" in text) == (position + 1 < len(pages))
        assert read_front_matter(path)["generator"] == "digest"  # type: ignore[index]
    archive = {p.resolve() for p in (content / "archive").rglob("*.md")}
    assert {path for path, _ in pages} <= archive
    # A newer incident: the older pages stay as they are.
    before = {path: path.read_bytes() for path, _ in pages}
    (project / "articles" / "wire" / "5.md").write_text(
        "---\ntitle: The mill stopped in Fir\npublished: 2026-03-07T08:00:00Z\n---\n"
        "FIR (Wire) — The mill stopped in Fir on day 5, officials in Fir said.\n",
        encoding="utf-8",
    )
    _build(run, project)
    assert {path: path.read_bytes() for path in before} == before
    assert "mill stopped in Fir" in (content / "index.md").read_text(encoding="utf-8")
    # An init project gets the same site: cards, feeds, autodiscovery.
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="grid cards' in html and 'rel="alternate"' in html
