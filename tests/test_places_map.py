"""The map of places: an inline SVG drawn at build time, each point at its place's projected
coordinates and a link to its page; places without coordinates listed beside it."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from digest.model import Brief, Place
from digest.publish.placemap import outline, place_markers, position, project, render_map
from digest.publish.taxonomy import group_by, places_of
from digest.text.places import resolve_place

SEEDS = ("000_09e08a2c46b66f0c.txt", "004_a944a7f57a6c4bec.txt")


class _Svg(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.circles: dict[str, dict[str, str | None]] = {}
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "circle":
            self.circles[values["data-place"] or ""] = values
        elif tag == "a":
            self.links.append(values.get("href") or "")


def _parse(text: str) -> _Svg:
    parser = _Svg()
    parser.feed(text)
    return parser


def test_projection_and_country_centroids() -> None:
    assert project(0, 0) == (1800.0, 900.0)
    assert project(36.19117, 44.00943) == (2240.1, 538.1)
    # GeoNames gives countries no coordinates: a country is marked inside its own outline.
    x, y = position(Place(name="Iraq", kind="country", country="IQ")) or (0, 0)
    assert 2188 <= x <= 2286 and 491 <= y <= 609  # Iraq lies within 38.8-48.6 E, 29.1-37.4 N
    assert position(Place(name="Karvan")) is None
    assert len(outline().rings) > 100 and len(outline().countries) > 150


def test_the_map_puts_each_place_at_its_coordinates_and_links_it() -> None:
    def brief(incident_id: str, *names: str) -> Brief:
        return Brief(
            incident_id=incident_id,
            headline=incident_id,
            articles=(),
            places=names,
            locations=tuple(replace(resolve_place(n) or Place(name=n), name=n) for n in names),
        )

    briefs = [brief("a", "Erbil", "Iraq"), brief("b", "Erbil", "Velda"), brief("c", "Baghdad")]
    markers, unplaced = place_markers(group_by(briefs, places_of))
    assert [group.name for group in unplaced] == ["Velda"]
    svg = str(render_map(markers, {m.slug: f"{m.slug}/" for m in markers}, "Map of places"))
    parsed = _parse(svg)
    assert set(parsed.circles) == {"erbil", "iraq", "baghdad"}
    for name in ("Erbil", "Baghdad"):
        place = resolve_place(name)
        assert place and place.latitude is not None and place.longitude is not None
        x, y = project(place.latitude, place.longitude)
        circle = parsed.circles[name.lower()]
        assert (float(circle["cx"] or 0), float(circle["cy"] or 0)) == (x, y)
    # Erbil has two incidents: a larger point than Baghdad's one.
    assert float(parsed.circles["erbil"]["r"] or 0) > float(parsed.circles["baghdad"]["r"] or 0)
    assert parsed.links == ["iraq/", "erbil/", "baghdad/"]  # countries drawn first, underneath
    assert "script" not in parsed.tags and "image" not in parsed.tags
    assert svg.count("<title>") == 4  # the map's own, and one per point
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.fixture
def seeds_built(
    seeds_dir: Path, make_project: Callable[..., Path], run: Callable[..., object]
) -> Path:
    project = make_project({name: seeds_dir / name for name in SEEDS})
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return project


def test_the_seeds_places_are_on_their_map(seeds_built: Path) -> None:
    places = seeds_built / "content" / "places"
    index = (places / "index.md").read_text(encoding="utf-8")
    parsed = _parse(index)
    for name, slug in (("Sulaimani", "sulaimani"), ("Erbil", "erbil")):
        place = resolve_place(name)
        assert place and place.latitude is not None and place.longitude is not None
        circle = parsed.circles[slug]
        x, y = project(place.latitude, place.longitude)
        assert (float(circle["cx"] or 0), float(circle["cy"] or 0)) == (x, y)
        # The point links to the place's page as MkDocs publishes it (places/erbil/).
        assert f"{slug}/" in parsed.links
        assert (seeds_built / "site" / "places" / slug / "index.html").is_file()
        # The place's own page has a map of it.
        own = _parse((places / f"{slug}.md").read_text(encoding="utf-8"))
        assert list(own.circles) == [slug]
    # Every place listed on the page is on the map or listed as not on it.
    listed = set(re.findall(r"^- \[.+?\]\(([a-z0-9-]+)\.md\): \d+ incident", index, re.M))
    unmapped = set(re.findall(r"^- \[.+?\]\(([a-z0-9-]+)\.md\)$", index, re.M))
    assert listed == set(parsed.circles) | unmapped
    html = (seeds_built / "site" / "places" / "index.html").read_text(encoding="utf-8")
    assert 'class="digest-place" data-place="erbil"' in html
    assert 'href="../erbil/"' not in html  # links are relative to places/, not to a sub-page
