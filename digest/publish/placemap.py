"""The map of places: where incidents happened, drawn at build time as an inline SVG.

No tiles, no script, no request to anyone: country outlines (Natural Earth, public domain,
see ``digest/data/world_outline.txt``) in an equirectangular projection, and a point per
place with coordinates, each a link to the place's page. A city or region is placed by the
gazetteer's coordinates (:attr:`Brief.locations`); a country, which GeoNames gives no
coordinates, at the centroid of its outline. Everything is integer arithmetic on the outline
and rounded coordinates, so the SVG is byte-identical run to run.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from markupsafe import Markup

from digest.model import Place
from digest.publish.taxonomy import Group

_SCALE = 10
"""Map units per degree: the outline file's points are tenths of a degree."""
WORLD = (0, 60, 3600, 1420)
"""The world map's view box (x, y, width, height): latitudes 84° N to 58° S, no Antarctica."""
_FOCUS = (400, 220)
"""Width and height (map units) of the smallest map: a place's own, around its point."""
_PAD = 60
"""Map units left around the outermost points."""
_POINT_PX = 5.0
"""A point's radius in pixels when the map is drawn 700 px wide (one incident)."""


@dataclass(frozen=True)
class Outline:
    rings: tuple[tuple[tuple[int, int], ...], ...]
    countries: Mapping[str, tuple[int, int]]
    """ISO 3166 alpha-2 code → the point a country is marked at."""


@lru_cache(maxsize=1)
def outline() -> Outline:
    text = resources.files("digest").joinpath("data/world_outline.txt").read_text("utf-8")
    rings = []
    countries = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("country "):
            _, code, point = line.split()
            x, y = point.split(",")
            countries[code] = (int(x), int(y))
        else:
            rings.append(tuple((int(x), int(y)) for x, y in (p.split(",") for p in line.split())))
    return Outline(rings=tuple(rings), countries=countries)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular: map units from the top left corner (180° W, 90° N)."""
    return round((longitude + 180) * _SCALE, 1), round((90 - latitude) * _SCALE, 1)


def position(place: Place) -> tuple[float, float] | None:
    """Where a place goes on the map, or None when the gazetteer has no coordinates."""
    if place.latitude is not None and place.longitude is not None:
        return project(place.latitude, place.longitude)
    if place.kind == "country" and place.country:
        point = outline().countries.get(place.country)
        return (float(point[0]), float(point[1])) if point else None
    return None


@dataclass(frozen=True)
class Marker:
    """A place on the map: its page, where it goes and how many incidents it has."""

    name: str
    slug: str
    x: float
    y: float
    count: int
    country: bool


def place_markers(groups: Mapping[str, Group]) -> tuple[tuple[Marker, ...], tuple[Group, ...]]:
    """The places that go on the map (countries first, then most incidents first, so the
    biggest points are drawn underneath) and, apart, those the gazetteer cannot place."""
    markers, unplaced = [], []
    for group in groups.values():
        place = _place_of(group)
        where = position(place) if place else None
        if where is None:
            unplaced.append(group)
        else:
            markers.append(
                Marker(
                    name=group.name,
                    slug=group.slug,
                    x=where[0],
                    y=where[1],
                    count=len(group.briefs),
                    country=place is not None and place.kind == "country",
                )
            )
    markers.sort(key=lambda m: (not m.country, -m.count, m.slug))
    return tuple(markers), tuple(unplaced)


def _place_of(group: Group) -> Place | None:
    """The gazetteer's entry for a place's name, from the first of its incidents that has
    one (every incident resolves a name the same way)."""
    for brief in group.briefs:
        for place in brief.locations:
            if place.name == group.name:
                return place
    return None


def render_map(
    markers: Sequence[Marker],
    urls: Mapping[str, str],
    title: str,
    focus: Marker | None = None,
) -> Markup:
    """An inline SVG: the outlines around the points, and a point per marker linking to
    ``urls[slug]``. With ``focus``, a close view of that marker alone."""
    shown = [focus] if focus else list(markers)
    box = fit_box(shown)
    rings = _visible(outline().rings, box)
    # Points keep about the same size in pixels whatever the part of the world shown.
    unit = box[2] / 700 * _POINT_PX
    paths = "".join(_ring_path(ring) for ring in rings)
    points = "".join(_point(marker, urls[marker.slug], unit * _size(marker)) for marker in shown)
    # What this map shows: a close view names its own place only, so that a place's page
    # does not change with every other place's.
    described = " ".join(f"{title}: {len(shown)} place{'s' if len(shown) != 1 else ''}".split())
    return Markup(
        # Material draws a figure as wide as its content: an SVG's is a default 300 px.
        '<figure class="digest-map" style="display:block;width:100%;margin:0 0 1em">'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{" ".join(map(str, box))}" '
        f'role="group" aria-label="{html.escape(described)}" '
        'style="width:100%;height:auto;max-height:70vh;display:block">'
        f"<title>{html.escape(described)}</title>"
        '<rect x="-99999" y="-99999" width="199998" height="199998" fill="#dce9f2"/>'
        '<path fill="#f4f1e8" stroke="#9a9a8e" stroke-width="1" stroke-linejoin="round" '
        f'vector-effect="non-scaling-stroke" d="{paths}"/>'
        f"{points}</svg></figure>"
    )


def _size(marker: Marker) -> float:
    """A point's radius in units of a one-incident city's: larger with more incidents, and
    a country's ring larger than a city's point."""
    return (1.8 if marker.country else 1.0) * (1 + 0.4 * math.log2(marker.count))


def fit_box(markers: Sequence[Marker]) -> tuple[int, int, int, int]:
    """The view box (x, y, width, height) that shows every marker with some land around it,
    no smaller than a region and no wider than the world; the world without markers."""
    if not markers:
        return WORLD
    left = min(m.x for m in markers) - _PAD
    right = max(m.x for m in markers) + _PAD
    top = min(m.y for m in markers) - _PAD
    bottom = max(m.y for m in markers) + _PAD
    width = max(right - left, _FOCUS[0], (bottom - top) * _FOCUS[0] / _FOCUS[1])
    height = max(bottom - top, width * _FOCUS[1] / _FOCUS[0])
    width, height = min(round(width), WORLD[2]), min(round(height), WORLD[3])
    x = round((left + right - width) / 2)
    y = round((top + bottom - height) / 2)
    x = min(max(x, WORLD[0]), WORLD[0] + WORLD[2] - width)
    y = min(max(y, WORLD[1]), WORLD[1] + WORLD[3] - height)
    return (x, y, width, height)


def _visible(
    rings: Iterable[tuple[tuple[int, int], ...]], box: tuple[int, int, int, int]
) -> list[tuple[tuple[int, int], ...]]:
    """The rings whose bounding box meets the view box: a close view carries only its region."""
    left, top, width, height = box
    return [
        ring
        for ring in rings
        if min(x for x, _ in ring) <= left + width
        and max(x for x, _ in ring) >= left
        and min(y for _, y in ring) <= top + height
        and max(y for _, y in ring) >= top
    ]


def _ring_path(ring: Sequence[tuple[int, int]]) -> str:
    """A closed SVG path in relative moves, the shortest way to write integer points."""
    steps = " ".join(f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in pairwise(ring))
    return f"M{ring[0][0]} {ring[0][1]}l{steps}z"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# A country is a ring around its middle, so a city drawn over it stays visible.
_COUNTRY_STYLE = 'fill="#1565c0" fill-opacity="0.15" stroke="#1565c0" stroke-width="2" ' + (
    'vector-effect="non-scaling-stroke"'
)
_CITY_STYLE = 'fill="#c62828" fill-opacity="0.85" stroke="#fff" stroke-width="1.5" ' + (
    'vector-effect="non-scaling-stroke"'
)


def _point(marker: Marker, url: str, radius: float) -> str:
    # One line: a blank line in the raw HTML would end it and let Markdown in.
    name = " ".join(marker.name.split())
    label = f"{name}: {marker.count} incident{'s' if marker.count != 1 else ''}"
    return (
        f'<a href="{html.escape(url)}" aria-label="{html.escape(label)}">'
        f'<circle class="digest-place" data-place="{html.escape(marker.slug)}" '
        f'cx="{_number(marker.x)}" cy="{_number(marker.y)}" r="{_number(radius)}" '
        f"{_COUNTRY_STYLE if marker.country else _CITY_STYLE}>"
        f"<title>{html.escape(label)}</title></circle></a>"
    )
