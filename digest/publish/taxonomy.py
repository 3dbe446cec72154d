"""How incidents are grouped for readers: ISO weeks, places, actors and tags.

Everything here is a pure, deterministic function of the briefs: no clock, no hash seed,
no input order. Each grouping returns ``slug -> Group`` sorted by slug, each group's
incidents newest first, so pages and feeds built from them are byte-identical run to run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from digest.briefs.headline import is_placeholder
from digest.model import Brief

WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")

# Tags say what kind of event an incident is. A small, readable vocabulary matched on the
# headline and summary (word prefixes, case-insensitive): predictable beats clever here,
# and a reader can see why an incident carries a tag.
TAGS: dict[str, tuple[str, ...]] = {
    "attack": ("attack", "drone", "airstrike", "shelling", "bombing", "explosi", "gunmen"),
    "disaster": ("landslide", "earthquake", "storm", "avalanche", "wildfire", "mudslide"),
    "fire": ("fire", "blaze", "burn"),
    "flood": ("flood", "levee", "embankment"),
    "health": ("outbreak", "contaminat", "cholera", "hospital", "illness", "epidemic"),
    "labour": ("strike", "dockworker", "walkout", "union", "wage"),
    "protest": ("protest", "demonstrat", "rally", "marche"),  # marched, marchers: not "March"
    "water": ("dam", "reservoir", "drought", "water"),
    "transport": ("bridge", "highway", "road", "port", "crossing", "railway", "airport"),
    "politics": ("minister", "government", "parliament", "election", "ambassador", "fund"),
}
_TAG_PATTERNS = {
    tag: re.compile(rf"\b(?:{'|'.join(map(re.escape, stems))})", re.IGNORECASE)
    for tag, stems in TAGS.items()
}
# "strike" alone is ambiguous: "U.S. strikes that targeted militia sites" are not a labour
# dispute. In a text about military action, only a word of labour makes it one.
_MILITARY = re.compile(
    r"\b(?:drone|air|missile|rocket)[ -]?strike|\b(?:military|militias?|retaliat\w*|targeted"
    r"|warplanes?|munitions|bomb\w*|troops)\b",
    re.I,
)
_STRIKE = re.compile(r"\bstrikes?\b", re.I)
_LABOUR_WORD = re.compile(r"\b(?:dockworkers?|workers?|walkouts?|unions?|wages?|pay)\b", re.I)

# Organisations are capitalised names that contain one of these words.
_ORG_WORDS = (
    "Agency|Army|Authority|Brigade|Commission|Committee|Company|Corporation|Corps|Council|Court|"
    "Department|Force|Forces|Front|Government|Group|Guard|Ministry|Movement|Office|Party|Police|"
    "Presidency|Red Crescent|Red Cross|Service|Union|University"
)
_NAME = r"[A-Z][\w’'.-]*"
_JOIN = r"(?:\s+(?:of|the|for|and)\s+|\s+)"
_ORG = re.compile(rf"\b{_NAME}(?:{_JOIN}{_NAME})*")
_ORG_WORD = re.compile(rf"\b(?:{_ORG_WORDS})\b")
_LEADING = re.compile(r"^(?:The|A|An|On|In|At|But|And|Its|Their|His|Her)\s+", re.I)
_MAX_ACTORS = 6


@dataclass(frozen=True)
class Group:
    """The incidents sharing one week, place, actor or tag, newest first."""

    slug: str
    name: str
    briefs: tuple[Brief, ...]


def slugify(name: str) -> str:
    """``[a-z0-9-]`` for a URL; names with no Latin letters get a short stable hash."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    if not slug:
        slug = "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return slug


def week_key(value: date | datetime) -> str:
    year, week, _ = value.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(key: str) -> date:
    match = WEEK_KEY.match(key)
    if not match:
        raise ValueError(f"{key!r} is not an ISO week such as 2024-W05")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise ValueError(f"{key!r}: {year} has no week {week}") from error


def week_label(key: str) -> str:
    monday = week_monday(key)
    sunday = monday + timedelta(days=6)
    start = f"{monday.day} {monday:%B}" + (f" {monday.year}" if monday.year != sunday.year else "")
    return f"Week {int(key[-2:])}, {key[:4]} ({start} – {sunday.day} {sunday:%B %Y})"


def last_complete_week(newest: datetime | None) -> str | None:
    """The ISO week before the one holding the newest report: the clock is never read."""
    if newest is None:
        return None
    return week_key(newest.date() - timedelta(days=7))


def tags_of(brief: Brief) -> tuple[str, ...]:
    # A placeholder headline names the source, not the story: a host's words ("portsmouth",
    # "firestone") are no topic.
    headline = [] if is_placeholder(brief.headline, brief.articles) else [brief.headline]
    return _tags_in(" ".join([*headline, *(sentence.text for sentence in brief.summary)]))


# The only characters besides ASCII letters that a case-blind pattern of ASCII letters
# matches (İ ı ſ K, found by trying every code point).
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=65_536)  # every listing, feed and page of an incident asks again
def _tags_in(text: str) -> tuple[str, ...]:
    # A tag's pattern can match only where a stem appears in the lowered text (a substring
    # test is a fraction of a case-blind search; every incident's tags are found anew at
    # every build), except through the four characters above.
    lowered = None if _FOLDS_TO_ASCII.search(text) else text.lower()
    found = []
    for tag, pattern in _TAG_PATTERNS.items():
        if lowered is not None and not any(stem in lowered for stem in TAGS[tag]):
            continue
        if tag == "labour" and _MILITARY.search(text) and not _LABOUR_WORD.search(text):
            continue
        if pattern.search(text):
            found.append(tag)
    # ... and is then an attack, though no word of the attack tag names it.
    if "attack" not in found and _MILITARY.search(text) and _STRIKE.search(text):
        found.append("attack")
    return tuple(sorted(found))


def actors_of(brief: Brief) -> tuple[str, ...]:
    """Named people and organisations: quoted speakers with a full name, and organisations
    named in the headline or summary. Deliberately simple, so it is easy to predict."""
    places = set(brief.places)
    names: dict[str, None] = {}
    for quote in brief.all_quotes:
        speaker = _LEADING.sub("", (quote.speaker or "").strip())
        words = speaker.split()
        if not all(w[:1].isupper() or w in ("of", "the") for w in words):
            # "US National Security Council spokesman John Kirby": the name after the role.
            tail = len(words)
            while tail and words[tail - 1][:1].isupper():
                tail -= 1
            words = words[tail:]
            speaker = " ".join(words)
        if 2 <= len(words) <= 8:
            names.setdefault(speaker, None)
    for text in (brief.headline, *(sentence.text for sentence in brief.summary)):
        for match in _ORG.finditer(text):
            name = _LEADING.sub("", match.group(0)).rstrip(".")
            if _ORG_WORD.search(name) and name not in places and len(name.split()) > 1:
                names.setdefault(name, None)
    # A short name inside a longer one ("Interior Minister Oren Halvane") is the same actor.
    kept = [n for n in names if not any(n != other and n in other for other in names)]
    return tuple(kept[:_MAX_ACTORS])


def newest_first(briefs: Iterable[Brief]) -> list[Brief]:
    """By first report, newest first; undated last; ties by id (never input order)."""

    def key(brief: Brief) -> tuple[int, float, str]:
        start = brief.date_start
        return (
            (1, 0.0, brief.incident_id)
            if start is None
            else (0, -start.timestamp(), brief.incident_id)
        )

    return sorted(briefs, key=key)


def group_by(
    briefs: Sequence[Brief],
    names: Callable[[Brief], Iterable[str]],
    slug_of: Callable[[str], str] = slugify,
) -> dict[str, Group]:
    """``slug -> Group`` for every name ``names(brief)`` yields; the first name seen (in
    sorted order) for a slug is the one shown."""
    members: dict[str, dict[str, Brief]] = {}
    shown: dict[str, str] = {}
    for brief in briefs:
        for name in names(brief):
            slug = slug_of(name)
            if slug not in shown or name < shown[slug]:
                shown[slug] = name
            members.setdefault(slug, {})[brief.incident_id] = brief
    return {
        slug: Group(slug=slug, name=shown[slug], briefs=tuple(newest_first(members[slug].values())))
        for slug in sorted(members)
    }


def places_of(brief: Brief) -> tuple[str, ...]:
    return brief.places


def weeks_of(brief: Brief) -> tuple[str, ...]:
    return (week_key(brief.date_start),) if brief.date_start else ()


def by_coverage(briefs: Iterable[Brief]) -> list[Brief]:
    """Most outlets first, then most reports, then newest first report (undated last): a
    new incident, usually of one report, then lands within the listing rather than at its
    end, where the week's pages are cut from (see :func:`digest.publish.plan.split_listing`)."""
    return sorted(
        briefs,
        key=lambda b: (
            -len(b.outlets),
            -len(b.articles),
            -b.date_start.timestamp() if b.date_start else float("inf"),
            b.incident_id,
        ),
    )
