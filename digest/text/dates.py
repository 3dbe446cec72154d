"""The date a page states for itself: ``18 NOV 2019``, ``Feb. 2, 2024``, ``2019-11-18``.

Pages print their publication date near the top, on a line of its own or beside
"Published"/"Updated"; the dates of the events they report sit inside sentences. So a full
date (day, month, year) on a short line near the top, or after such a word, is the page's
date; a date inside a sentence is only taken when a publishing word stands right before it.
Regular expressions for the common English forms: dateparser costs a second on its first
call and guesses at partial dates, which is the wrong way to err here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

SEARCH_CHARS = 3000
"""Where a page states its own date: above or at the head of the article."""

_MONTH_NAMES = (
    # English, then the languages whose pages print "22 de outubro de 2010", "02 Ago 2017",
    # "18. November 2019", "24 сентября 2018": a page in any of them states its date so.
    "january february march april may june july august september october november december",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
)
_MONTHS = {
    name: number
    for names in _MONTH_NAMES
    for number, name in enumerate(names.split(), start=1)
} | {
    # Abbreviations: English ("Nov", "Sept"), and the other languages' where they differ.
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES[0].split(), start=1)},
    "sept": 9,
    **{name: number for name, number in
       (("fev", 2), ("abr", 4), ("mai", 5), ("ago", 8), ("set", 9), ("out", 10), ("dez", 12),
        ("ene", 1), ("dic", 12), ("gen", 1), ("mag", 5), ("giu", 6), ("lug", 7), ("ott", 10))},
}  # fmt: skip
# Any word where a month stands, told a month or not when parsed: an alternation of every
# name would make the search three times slower.
_MONTH = r"(?P<{name}>[^\W\d_]{{3,10}})\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_FORMS = re.compile(
    "|".join(
        (
            # 18 November 2019, 18 NOV 2019, 18th of November, 2019
            rf"\b{_DAY.format(name='d1')}\.?\s+(?:of\s+|de\s+)?{_MONTH.format(name='m1')},?\s+"
            rf"(?:de\s+)?{_YEAR.format(name='y1')}\b",
            # November 18, 2019; Feb. 2, 2024; Nov 18 2019
            rf"\b{_MONTH.format(name='m2')}\s+{_DAY.format(name='d2')},?\s+"
            rf"{_YEAR.format(name='y2')}\b",
            # 2019-11-18, 2019/11/18 (ISO order), optionally with a time after it
            rf"\b{_YEAR.format(name='y3')}(?P<s3>[-/.])(?P<m3>[01]?\d)(?P=s3)(?P<d3>[0-3]?\d)(?!\d)",
            # 18.11.2019, 18/11/2019, 11/18/2019: day and month told apart only when one
            # of them is over 12 (or they are equal).
            rf"\b(?P<a4>[0-3]?\d)(?P<s4>[-/.])(?P<b4>[0-3]?\d)(?P=s4)"
            rf"(?:{_YEAR.format(name='y4')}\b|"
            # ... or its year in two digits when a time follows: a page's stamp
            # ("By A. Writer - 11/19/19 06:56 AM EST"), never a ratio or a score.
            r"(?P<y5>\d\d)(?=,?\s+[0-2]?\d:[0-5]\d))",
        )
    ),
    re.IGNORECASE,
)
# Between the word and its date stand only a weekday, a time, a zone and separators
# ("Updated 10:42 GMT, June 28"): "a policy updated and effective May 23, 2018" in a
# cookie notice dates the notice, not the page.
_PUBLISHING_WORD = re.compile(
    r"\b(?:published|updated|posted|first published|last (?:updated|modified)|modified|"
    r"date|dated|released|issued|written)\b\s*(?:on|at)?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    r"(?:[^\w\n]|\d|\b(?:[ap]\.?m\b\.?|gmt|utc|[a-z]{1,3}t|on|at)\b){0,24}$",
    re.IGNORECASE,
)
_DATE_LINE_WORDS = 8
"""Words besides the date, its time and weekday a date line may carry (a byline, a place);
more, or a sentence's full stop, and the date is inside a sentence: an event's."""
_STAMP = re.compile(
    r"(?i)\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?|\b(?:[ap]\.m\.|gmt|utc|[a-z]{1,3}t)\b|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?"
)


def _is_date_line(line: str, date_text: str) -> bool:
    rest = _STAMP.sub(" ", line.replace(date_text, " ", 1)).strip(" |,·•-–—()")
    if re.search(r"[.!?]$", rest):
        return False
    return len(re.findall(r"[^\W\d_]+", rest)) <= _DATE_LINE_WORDS


@dataclass(frozen=True)
class FoundDate:
    date: date
    start: int
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every full calendar date (day, month and year) written in ``text``, in order."""
    found: list[FoundDate] = []
    for match in _FORMS.finditer(text):
        parsed = _parse(match)
        if parsed is not None:
            found.append(FoundDate(date=parsed, start=match.start(), end=match.end()))
    return found


def _parse(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    if groups["y1"] or groups["y2"]:
        named = (groups["m1"] or groups["m2"]).lower()
        if named not in _MONTHS:
            return None
        year, month = groups["y1"] or groups["y2"], _MONTHS[named]
        day = groups["d1"] or groups["d2"]
    elif groups["y3"]:
        year, month, day = groups["y3"], int(groups["m3"]), groups["d3"]
    else:
        first, second = int(groups["a4"]), int(groups["b4"])
        if first > 12 >= second or first == second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        else:
            return None
        year = groups["y4"] or f"20{groups['y5']}"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def page_date(text: str) -> datetime | None:
    """The publication date ``text`` states near its top (midnight UTC), or None.

    Of the full dates in the first :data:`SEARCH_CHARS` characters, the best is the one
    after a publishing word ("Published", "Updated 10:42 GMT,"), else one standing on a
    short line of its own, the earliest first. A date inside a sentence is an event's.
    """
    head = text[:SEARCH_CHARS]
    best: tuple[int, int] | None = None
    chosen: FoundDate | None = None
    for found in find_dates(head):
        line_start = head.rfind("\n", 0, found.start) + 1
        line_end = head.find("\n", found.end)
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        before = head[line_start : found.start]
        word = _PUBLISHING_WORD.search(before)
        standalone = _is_date_line(line, line[found.start - line_start : found.end - line_start])
        if not (word or standalone):
            continue
        # First publication beats a later update, and either beats a bare date line.
        kind = 2 if not word else 1 if re.search(r"(?i)updated|modified", word.group(0)) else 0
        rank = (kind, found.start)
        if best is None or rank < best:
            best, chosen = rank, found
    if chosen is None:
        return None
    return datetime(chosen.date.year, chosen.date.month, chosen.date.day, tzinfo=UTC)
