"""The demo site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1.

Nothing is downloaded: Playwright's Python package drives /usr/bin/chromium. Where either is
missing the test is skipped, except under CI (CI=true), where .ci/run installs both and a
skip would hide a broken site. Screenshots (home, incident, the jump to a citation, search)
go to tmp_path, or to $DIGEST_SCREENSHOTS.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must install it: see .ci/run)")
        pytest.skip(reason)


@pytest.fixture
def served_demo(demo_project: Path, run: Callable[..., object]) -> Iterator[tuple[str, Path]]:
    site = demo_project / "site"
    site.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    # The site is published where it is served: Material fetches {site_url}sitemap.xml,
    # which would otherwise go to example.org (an external request and a console error).
    config = demo_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}", text), encoding="utf-8")
    result = run("build", "-f", config)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, demo_project
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _quote_word(incidents: list[dict[str, object]]) -> tuple[str, dict[str, object]]:
    """A word of one incident's quote that no other incident's text contains."""

    def words(incident: dict[str, object]) -> set[str]:
        texts = [incident["headline"]]
        texts += [s["text"] for s in incident["summary"]]  # type: ignore[attr-defined]
        texts += [q["text"] for q in incident["quotes"]]  # type: ignore[attr-defined]
        return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{7,}", str(t))}

    for incident in incidents:
        others = set().union(*(words(i) for i in incidents if i is not incident))
        for quote in incident["quotes"]:  # type: ignore[attr-defined]
            for word in re.findall(r"[A-Za-z]{8,}", quote["text"]):
                if word.lower() not in others:
                    return word.lower(), incident
    raise AssertionError("no distinctive quote word in the demo")


def test_a_reader_browses_the_demo_site(served_demo: tuple[str, Path], tmp_path: Path) -> None:
    _require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright's Python package is not installed")
        raise
    base, project = served_demo
    incidents = json.loads((project / "site" / "incidents.json").read_text())["incidents"]
    shots = Path(os.environ.get("DIGEST_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
            # Any request off 127.0.0.1 would mean the site phones home (fonts, CDNs).
            page.on(
                "request",
                lambda r: (
                    errors.append(f"external request: {r.url}")
                    if not r.url.startswith(base) and not r.url.startswith("data:")
                    else None
                ),
            )

            # Home: the latest incidents as cards, newest first.
            page.goto(base)
            cards = page.locator(".grid.cards > ul > li")
            assert cards.count() == len(incidents)
            first_title = cards.nth(0).locator("a").first.inner_text()
            assert first_title == incidents[0]["headline"]
            assert page.locator("text=Weekly digest").count() >= 1
            # Feed autodiscovery in the head.
            alternates = page.locator('link[rel="alternate"]')
            assert {alternates.nth(i).get_attribute("type") for i in range(alternates.count())} >= {
                "application/rss+xml",
                "application/atom+xml",
                "application/feed+json",
            }
            page.screenshot(path=str(shots / "home.png"), full_page=True)

            # A click opens the incident page.
            drone = next(i for i in incidents if len(i["articles"]) > 1 and i["quotes"])
            page.locator(".grid.cards a", has_text=drone["headline"]).first.click()
            page.wait_for_url(re.compile(r".*/incidents/.+/$"))
            assert page.url.endswith(f"/incidents/{drone['id']}/")
            assert page.locator("h1").inner_text().rstrip("¶") == drone["headline"]
            # Each quote stands in its own blockquote, its speaker's line below it.
            quotes = page.locator("h2#quotes ~ blockquote")
            assert quotes.count() > 1
            speaker = quotes.first.locator("xpath=following-sibling::p[1]").inner_text()
            assert speaker.startswith("— ")
            # Taken from the top: after a jump to a citation, a full-page capture draws the
            # sticky header and the navigation halfway down the page.
            page.screenshot(path=str(shots / "incident.png"), full_page=True)

            # A citation goes to its entry in the list of sources.
            citation = page.locator('a[href^="#source-"]').first
            target = citation.get_attribute("href")
            assert target
            citation.click()
            page.wait_for_function(f"location.hash === {json.dumps(target)}")
            entry = page.locator(target)
            assert entry.count() == 1
            box = entry.bounding_box()
            assert box is not None and 0 <= box["y"] < 900, box
            page.screenshot(path=str(shots / "citation.png"))

            # Search finds an incident by a word that only one of its quotes holds.
            word, wanted = _quote_word(incidents)
            page.goto(base)
            page.locator("label.md-search__icon, .md-search__input").first.click()
            # Typed key by key, as a reader does: Material searches on keyboard input.
            page.locator("input.md-search__input").press_sequentially(word, delay=30)
            result = page.locator(f'.md-search-result__item a[href*="incidents/{wanted["id"]}/"]')
            result.first.wait_for(timeout=15000)
            page.screenshot(path=str(shots / "search.png"))
            result.first.click()
            page.wait_for_url(re.compile(rf".*/incidents/{re.escape(str(wanted['id']))}/.*"))
        finally:
            browser.close()
    assert errors == []
