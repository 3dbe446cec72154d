"""When and where: the dates the reports give, and the places they report from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from digest.briefs.furniture import stories_of
from digest.model import Article, Place, Sentence
from digest.text.places import find_cities, locative_mentions, place_mentions, resolve_place

_MAX_PLACES = 4
_ACTOR_MENTIONS = 2
"""Mentions that make a place of one the reports never place anything in."""


def choose_places(
    articles: Sequence[Article], stories: Sequence[tuple[Sentence, ...]] | None = None
) -> tuple[str, ...]:
    """Dateline places first (where reporters were), then the cities the reports place
    events in and the countries they name, most mentioned first (in their story sentences,
    ``stories``: see :func:`digest.briefs.furniture.story_sentences`)."""
    datelines = Counter(a.dateline.place for a in articles if a.dateline and a.dateline.place)
    # Cities and countries compete on mentions: a story about Iraq that names Gaza once
    # is about Iraq. Each article's lists are ranked but not counted, so the mentions are
    # counted in its text (at least one: the finder may have matched another spelling).
    mentioned: Counter[str] = Counter()
    # A country or capital the reports name only once, and then as an actor ("Iran is
    # behind the attacks", "helping Baghdad combat ..."), is not where anything happened;
    # one the reports keep naming is what the story is about, and a place of it.
    located: set[str] = set()
    for article, story in zip(articles, stories_of(articles, stories), strict=True):
        # Only the story's sentences place it: a place named in a caption, a byline or a
        # teaser of another story that a page kept with its body is not where it happened.
        text = "\n".join(sentence.text for sentence in story)
        cities = set(find_cities(text))
        for place in dict.fromkeys((*article.places, *article.cities)):
            if place in datelines:
                continue
            mentions = len(place_mentions(place, text))
            if not mentions and place not in cities:
                continue
            mentioned[place] += max(1, mentions)
            if locative_mentions(place, text):
                located.add(place)
    actors = Counter({place: n for place, n in mentioned.items() if place not in located})
    mentioned = Counter(
        {place: n for place, n in mentioned.items() if place in located or n >= _ACTOR_MENTIONS}
    )
    ranked: list[str] = []
    for counts in (datelines, mentioned) if datelines or mentioned else (actors,):
        for place, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if not _same_place(place, ranked):
                ranked.append(place)
    return tuple(ranked[:_MAX_PLACES])


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
