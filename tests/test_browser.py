"""The demo site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1.

Nothing is downloaded: Playwright's Python package drives /usr/bin/chromium. Where either is
missing the test is skipped, except under CI (CI=true), where .ci/run installs both and a
skip would hide a broken site. axe-core, the accessibility engine, comes from npm: .ci/run
installs it into ~/.cache/digest-ci/axe-core ($DIGEST_AXE names another axe.min.js).
Screenshots (home, incident, the jump to a citation, search, the maps of places) go to
tmp_path, or to $DIGEST_SCREENSHOTS.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


@contextlib.contextmanager
def _served(project: Path, run: Callable[..., object]) -> Iterator[str]:
    """Build ``project`` for, and serve it at, a real HTTP server on 127.0.0.1."""
    site = project / "site"
    site.mkdir(exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    # The site is published where it is served: Material fetches {site_url}sitemap.xml,
    # which would otherwise go to example.org (an external request and a console error).
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}", text), encoding="utf-8")
    result = run("build", "-f", config)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served_demo(demo_project: Path, run: Callable[..., object]) -> Iterator[tuple[str, Path]]:
    with _served(demo_project, run) as base:
        yield base, demo_project


# Material looks for a sitemap.xml beside every <link rel="alternate"> (for its language
# selector), so a place's or tag's page, which announces its own feeds, makes it ask for
# feeds/places/<place>/sitemap.xml: a 404 that changes nothing for the reader.
_PROBE = re.compile(r"/feeds/(?:places|tags)/[^/]+/sitemap\.xml$")


def _shots(tmp_path: Path) -> Path:
    shots = Path(os.environ.get("DIGEST_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return shots


@contextlib.contextmanager
def _page(base: str, errors: list[str]) -> Iterator[Any]:
    """A browser page that records console errors, failed requests, and any request off
    ``base`` (the site phoning home: fonts, CDNs, tiles)."""
    _require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright's Python package is not installed")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: (
                    errors.append(f"{m.text} ({m.location.get('url')})")
                    if m.type == "error" and not _PROBE.search(m.location.get("url") or "")
                    else None
                ),
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
            page.on(
                "response",
                lambda r: (
                    errors.append(f"{r.status}: {r.url}")
                    if r.status >= 400 and not _PROBE.search(r.url)
                    else None
                ),
            )
            page.on(
                "request",
                lambda r: (
                    errors.append(f"external request: {r.url}")
                    if not r.url.startswith(base) and not r.url.startswith("data:")
                    else None
                ),
            )
            yield page
        finally:
            browser.close()


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
    base, project = served_demo
    incidents = json.loads((project / "site" / "incidents.json").read_text())["incidents"]
    shots = _shots(tmp_path)
    errors: list[str] = []
    with _page(base, errors) as page:
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
    assert errors == []


AXE = Path(
    os.environ.get("DIGEST_AXE")
    or Path.home() / ".cache/digest-ci/axe-core/node_modules/axe-core/axe.min.js"
)
SEEDS = ("000_09e08a2c46b66f0c.txt", "004_a944a7f57a6c4bec.txt")
# Where the seeds' places are (GeoNames): cities by their coordinates (lat, lon), countries
# by the box their outline lies in (lat, lon ranges).
CITIES = {
    "erbil": (36.19117, 44.00943),
    "sulaimani": (35.56496, 45.4329),
    "baghdad": (33.34058, 44.40088),
}
COUNTRIES = {"iraq": ((29.1, 37.4), (38.8, 48.6)), "syria": ((32.3, 37.3), (35.7, 42.4))}


def test_no_serious_accessibility_violation(served_demo: tuple[str, Path]) -> None:
    _require(
        AXE.is_file(),
        f"{AXE} is absent: npm install --prefix ~/.cache/digest-ci/axe-core axe-core "
        "(as .ci/run does)",
    )
    base, project = served_demo
    incident = json.loads((project / "site" / "incidents.json").read_text())["incidents"][0]
    week = sorted((project / "content" / "weeks").glob("2*.md"))[-1].stem
    paths = ["", f"incidents/{incident['id']}/", f"weeks/{week}/", "places/", "feeds/"]
    errors: list[str] = []
    found: dict[str, list[str]] = {}
    with _page(base, errors) as page:
        for path in paths:
            page.goto(base + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            found[path or "home"] = [
                f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}: "
                f"{', '.join(str(n['target']) for n in v['nodes'][:3])})"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    assert not any(found.values()), json.dumps(found, indent=1)
    assert errors == []


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows (RGB or RGBA bytes) of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += body if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 3 if colour == 2 else 4
    raw, rows, previous = zlib.decompress(chunks), [], bytes(width * size)
    stride = width * size + 1
    for y in range(height):
        kind, line = raw[y * stride], bytearray(raw[y * stride + 1 : (y + 1) * stride])
        for x in range(len(line)):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + near[2]) & 255
        previous = bytes(line)
        rows.append(previous)
    return width, height, [bytes(row[i : i + 3]) for row in rows for i in range(0, len(row), size)]


def _check_map(page: Any, base: str, shot: Path) -> dict[str, tuple[float, float]]:
    """Screenshot the places page's map; return each point's place → (lat, lon) as drawn,
    checking that the browser draws the point where its attributes say."""
    page.goto(base + "places/")
    svg = page.locator("figure.digest-map svg")
    assert svg.count() == 1
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100, box
    page.screenshot(path=str(shot), clip=box)
    width, _, pixels = _png_pixels(shot.read_bytes())
    assert len(set(pixels)) > 3, "the map is blank"
    drawn = {}
    for circle in svg.locator("circle").all():
        place = circle.get_attribute("data-place") or ""
        cx, cy = float(circle.get_attribute("cx") or 0), float(circle.get_attribute("cy") or 0)
        # Where the browser puts the point's centre, through the SVG's own transform.
        screen = page.evaluate(
            "([svg, x, y]) => { const p = svg.createSVGPoint(); p.x = x; p.y = y;"
            " const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; }",
            [svg.element_handle(), cx, cy],
        )
        hit = page.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y);"
            " return e && e.closest('circle') ? e.closest('circle').dataset.place : null; }",
            screen,
        )
        assert hit == place, (place, hit)
        x, y = round(screen[0] - box["x"]), round(screen[1] - box["y"])
        red, green, blue = pixels[y * width + x]
        assert (red > green + 60) if place in CITIES else (blue > red + 10), (
            place,
            red,
            green,
            blue,
        )
        drawn[place] = (90 - cy / 10, cx / 10 - 180)
    return drawn


def test_the_map_shows_the_places_where_they_belong(
    served_demo: tuple[str, Path],
    seeds_dir: Path,
    make_project: Callable[..., Path],
    run: Callable[..., object],
    tmp_path: Path,
) -> None:
    shots = _shots(tmp_path)
    demo_base, _ = served_demo
    seeds = make_project({name: seeds_dir / name for name in SEEDS}, name="seeds")
    errors: list[str] = []
    with _served(seeds, run) as seeds_base:
        with _page(demo_base, errors) as page:
            # The demo's places are fictional: none on the map, all listed beside it.
            assert _check_map(page, demo_base, shots / "places-demo.png") == {}
            beside = page.locator(".digest-map-layout a").all_inner_texts()
            assert sorted(beside) == ["Deltaport", "Halvik", "Karvan", "Northgate"]
        with _page(seeds_base, errors) as page:
            drawn = _check_map(page, seeds_base, shots / "places-seeds.png")
            page.screenshot(path=str(shots / "places-seeds-page.png"), full_page=True)
            assert set(drawn) == set(CITIES) | set(COUNTRIES)
            for city, (lat, lon) in CITIES.items():
                assert drawn[city] == pytest.approx((lat, lon), abs=0.06), city
            for country, ((south, north), (west, east)) in COUNTRIES.items():
                lat, lon = drawn[country]
                assert south < lat < north and west < lon < east, country
            # A point is a link to its place's page.
            page.locator('circle[data-place="erbil"]').click()
            page.wait_for_url(seeds_base + "places/erbil/")
            page.screenshot(path=str(shots / "place-erbil.png"), full_page=True)
            assert page.locator('figure.digest-map circle[data-place="erbil"]').count() == 1
    assert errors == []
