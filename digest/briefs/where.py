"""When and where: the dates the reports give, and the places they report from."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from digest.model import Article, Place
from digest.text.places import resolve_place

_MAX_PLACES = 4


def choose_places(articles: Sequence[Article]) -> tuple[str, ...]:
    """Dateline places first (where reporters were), then the cities the reports place
    events in and the countries they name, most mentioned first."""
    datelines = Counter(a.dateline.place for a in articles if a.dateline and a.dateline.place)
    # Cities and countries compete on mentions: a story about Iraq that names Gaza once
    # is about Iraq. Each article's lists are ranked but not counted, so the mentions are
    # counted in its text (at least one: the finder may have matched another spelling).
    mentioned: Counter[str] = Counter()
    for article in articles:
        for place in dict.fromkeys((*article.places, *article.cities)):
            if place not in datelines:
                mentioned[place] += max(1, _mentions(place, article.text))
    ranked: list[str] = []
    for counts in (datelines, mentioned):
        for place, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if not _same_place(place, ranked):
                ranked.append(place)
    return tuple(ranked[:_MAX_PLACES])


def _mentions(place: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(place)}(?!\w)", text))


def _same_place(place: str, ranked: list[str]) -> bool:
    """ "Sulaimani" from the dateline and "Sulaymaniyah" in the text are one place."""
    found = resolve_place(place)
    for other in ranked:
        if other.casefold() == place.casefold():
            return True
        if found and found.kind != "country" and resolve_place(other) == found:
            return True
    return False


def locate(places: Sequence[str]) -> tuple[Place, ...]:
    """Each place in the gazetteer, named as the reports spell it; unknown ones without
    coordinates."""
    located = []
    for name in places:
        found = resolve_place(name)
        located.append(replace(found, name=name) if found else Place(name=name))
    return tuple(located)
