"""Numbers worth surfacing: killed, injured, targets, munitions, troops, attacks, money.

A figure is a number as the article writes it ("nine", "6,000", "$48 million"), what it
counts in the article's own words ("people", "precision-guided munitions"), the category
of what it counts, any qualifier ("at least"), who the sentence attributes it to, and the
verbatim sentence. Rules, not a model: a number counts something when a counted noun
follows it ("85 targets") or when a casualty word stands next to it ("killing nine",
"the death toll rose to 14"). Dates, times, ages, distances, durations, percentages and
numbers inside names ("F-16", "Resolution 2334") are not figures.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from digest.model import Figure, FigureCategory, Sentence
from digest.text.attribution import find_attribution

_MAX_FIGURES = 500
"""Figures kept per article, so pathological input runs in bounded time."""
_CUE_WINDOW = 8
"""Words on either side of a number searched for a casualty word."""
_TOLL_WINDOW = 16
"""...and back from "rose to 14", where the thing counted is named earlier in the clause."""

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "m": 1e6, "k": 1e3,
}  # fmt: skip
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
)
_DATE_AFTER = re.compile(rf"^\s*{_MONTHS}")
_CURRENCY_SIGN = r"(?:US\$|\$|€|£|¥|₹)"
_CURRENCY_WORD = (
    r"(?:dollars|euros|pounds|dinars|riyals|rials|lira|liras|rubles|roubles|yuan|rupees"
    r"|shekels|francs)"
)
_NUMBER = re.compile(
    rf"(?P<sign>{_CURRENCY_SIGN}\s?)?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORD})(?:[- ](?:{_WORD}))?)"
    r"(?P<scale>\s(?:hundred|thousand|million|billion|trillion)\b|(?:bn|m|k)\b)?"
    rf"(?P<money>\s{_CURRENCY_WORD}\b)?",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:\b(?:at least|at most|more than|less than|fewer than|over|under|nearly|almost"
    r"|about|around|approximately|roughly|some|up to|as many as|an estimated|estimated"
    r"|close to|upwards of))\s+$",
    re.IGNORECASE,
)
# What a number right before these is not: a date, a time, an age, a length, a rate...
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:%|percent|per cent|percentage|a\.m\.|p\.m\.|am\b|pm\b|o['’]clock|:\d"
    r"|-year|-month|-week|-day|-hour|-minute|-mile|-km|-kilometre|-kilometer|-meter|-metre"
    r"|-foot|-storey|-story|-point|-page|th\b|st\b|nd\b|rd\b"
    r"|years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|seconds?\b|decades?\b"
    r"|centur(?:y|ies)\b|km\b|kilomet(?:re|er)s?\b|miles?\b|met(?:re|er)s?\b|feet\b|foot\b"
    r"|inch(?:es)?\b|degrees?\b|kg\b|tons?\b|tonnes?\b|times\b|votes?\b|seats?\b"
    r"|points?\b))",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    rf"(?:\b{_MONTHS}\s*|\b(?:No|Nos|Route|Resolution|Article|Section|Chapter|page|aged|age"
    r"|ages|Flight|Highway|Road|Level|Phase|Grade|Room|Unit|Camp|Block|Gate|Division|Brigade"
    r"|Regiment|Battalion|Squadron|Corps|Fleet|Covid|COVID|Title|Platform|Terminal"
    r"|Channel|version)\.?\s*|[A-Za-z]-|[/#])$",
)
_YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
_WORDS = re.compile(r"[A-Za-z][\w’'-]*|\d[\d,.]*")

_THINGS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        "targets target sites site locations location facilities facility positions "
        "position bases base depots depot installations installation".split(),
        "targets",
    ),
    **dict.fromkeys(
        "munitions munition missiles missile bombs bomb rockets rocket shells shell drones "
        "drone projectiles warheads bullets rounds mortars".split(),
        "munitions",
    ),
    **dict.fromkeys(
        "attacks attack strikes strike airstrikes airstrike raids raid assaults assault "
        "bombings bombing explosions explosion incidents sorties".split(),
        "attacks",
    ),
}
_TROOPS = frozenset(
    "troops soldiers personnel marines servicemen servicemembers service-members "
    "peacekeepers advisers advisors forces".split()
)
_PEOPLE = (
    frozenset(
        "people persons person civilians civilian residents children child women men man woman "
        "members fighters militants workers families villagers protesters protestors "
        "demonstrators policemen police officers students migrants refugees passengers drivers "
        "bodies dead casualties victims others individuals pilgrims worshippers inmates "
        "prisoners detainees suspects staff employees journalists patients babies infants "
        "citizens nationals americans iraqis syrians israelis palestinians iranians afghans "
        "ukrainians russians kurds gunmen attackers insurgents jihadists crew sailors guards "
        "doctors nurses teachers farmers miners climbers hikers tourists visitors".split()
    )
    | _TROOPS
)
_CASUALTY_CUES: dict[str, FigureCategory] = {
    **dict.fromkeys(
        "killed kill kills killing dead died die dies dying deaths death toll bodies "
        "fatalities fatality lives perished drowned slain murdered executed massacred "
        "lifeless".split(),
        "killed",
    ),
    **dict.fromkeys(
        "injured injuring injure injures wounded wounding wound injuries injury hurt "
        "hospitalised hospitalized hospital treated".split(),
        "injured",
    ),
    **dict.fromkeys("missing unaccounted".split(), "missing"),
    **dict.fromkeys(
        "displaced displacing evacuated evacuating evacuate evacuees homeless fled flee "
        "fleeing uprooted homes".split(),
        "displaced",
    ),
    **dict.fromkeys(
        "arrested arresting arrest arrests detained detaining detain detentions custody "
        "captured".split(),
        "arrested",
    ),
}
_COORDINATED = re.compile(r"\b(?:and|or|but|while|whereas)\s+$", re.IGNORECASE)
_TOLL_LEAD = re.compile(
    r"\b(?:rose|risen|rising|climbed|climbing|increased|jumped|reached|reaching|hit|stood"
    r"|stands|stand|now|to|at|was|is|of)\s+$",
    re.IGNORECASE,
)


def find_figures(text: str, sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    """Every figure in ``text``, in text order, with offsets into ``text``."""
    figures: list[Figure] = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        reporter: str | None = None
        reporter_known = False
        previous: Figure | None = None
        for match in _NUMBER.finditer(body):
            found = _figure(body, match)
            if found is None and previous is not None:
                found = _listed(body, match, previous, sentence.start)
            if found is None:
                continue
            if not reporter_known:
                reporter, reporter_known = find_attribution(body), True
            value, category, counted, qualifier, number_span = found
            start, end = (sentence.start + offset for offset in number_span)
            previous = Figure(
                value=value,
                number=text[start:end],
                start=start,
                end=end,
                category=category,
                counted=counted,
                qualifier=qualifier,
                reporter=reporter,
                sentence=body,
            )
            figures.append(previous)
            if len(figures) >= _MAX_FIGURES:
                return tuple(figures)
    return tuple(figures)


def _figure(
    body: str, match: re.Match[str]
) -> tuple[float, FigureCategory, str | None, str | None, tuple[int, int]] | None:
    raw = match.group("num")
    before, after = body[: match.start()], body[match.end() :]
    if not _at_word_start(body, match.start()) or not _at_word_end(body, match.end()):
        return None
    if _NOT_A_COUNT_BEFORE.search(before) and not match.group("sign"):
        return None
    if _DATE_AFTER.match(after) or (
        _NOT_A_COUNT_AFTER.match(after) and not (match.group("sign") or match.group("money"))
    ):
        return None
    if _YEAR.match(raw) and not (match.group("sign") or match.group("money")):
        return None
    value = _value(raw, match.group("scale"))
    if value is None:
        return None
    money = bool(match.group("sign") or match.group("money"))
    counted_words = _counted(after)
    counted = " ".join(counted_words) or None
    head = counted_words[-1].lower() if counted_words else ""
    category: FigureCategory | None
    if money:
        category, counted = "money", (match.group("money") or "").strip() or None
    elif head in _THINGS:
        category = _THINGS[head]
    else:
        if raw.lower() == "one" and not head:
            return None  # "one of the officials": a pronoun, not a count
        category = _casualty(before, after, counted_words)
        if category is None and head in _TROOPS:
            category = "troops"
    if category is None:
        return None
    qualifier = _QUALIFIER.search(before)
    return (
        value,
        category,
        counted,
        qualifier.group(0).strip() if qualifier else None,
        (match.start(), match.end()),
    )


_PLACE_PHRASE = (
    r"(?:\s+(?:in|at|near|across|inside|outside|on|around|from)\s+(?:the\s+)?"
    rf"(?!{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?"
)
"""Where a count in a list is: "two locations in Syria", "900 in Syria"."""
_LIST_LINK = re.compile(rf"^{_PLACE_PHRASE}(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
"""What stands between two figures of one list after the first one's counted noun."""
_ELLIPTIC_AFTER = re.compile(rf"^{_PLACE_PHRASE}")


def _listed(
    body: str, match: re.Match[str], previous: Figure, offset: int
) -> tuple[float, FigureCategory, str | None, str | None, tuple[int, int]] | None:
    """A number listed after a figure, counting what it counts: "killed nine people in Halvik
    and 12 people in Sorrel" (the cue is beyond the first number), or leaving the noun to
    it: "2,500 troops in Iraq and 900 in Syria", "two locations in Syria and one in Iraq"."""
    if match.group("sign") or match.group("money") or previous.counted is None:
        return None
    if not _at_word_start(body, match.start()) or not _at_word_end(body, match.end()):
        return None
    after = body[match.end() :]
    counted = " ".join(_counted(after)) or None
    if counted is not None and _head(counted) != _head(previous.counted):
        return None
    if counted is None and not _ELLIPTIC_AFTER.match(after).group():  # type: ignore[union-attr]
        return None
    if _DATE_AFTER.match(after) or _NOT_A_COUNT_AFTER.match(after):
        return None
    qualifier = _QUALIFIER.search(body[: match.start()])
    link = body[_tail(body, previous, offset) : qualifier.start() if qualifier else match.start()]
    if not _LIST_LINK.match(link):
        return None
    value = _value(match.group("num"), match.group("scale"))
    if value is None or _YEAR.match(match.group("num")):
        return None
    return (
        value,
        previous.category,
        counted or previous.counted,
        qualifier.group(0).strip() if qualifier else None,
        (match.start(), match.end()),
    )


def _tail(body: str, figure: Figure, offset: int) -> int:
    """Where ``figure``'s counted words end in ``body`` (which starts at ``offset`` of the
    article); where its number ends when they do not follow it (an elliptic figure)."""
    end = figure.end - offset
    for word in (figure.counted or "").split():
        found = re.match(rf"\s+{re.escape(word)}", body[end:])
        if found is None:
            return figure.end - offset
        end += found.end()
    return end


def listed_together(figures: Sequence[Figure]) -> tuple[Figure, ...]:
    """Figures of one list joined: "two locations in Syria and one location in Iraq" is one
    figure of value 3 whose number is the first one ("two") and whose counted words are the
    rest of the list, verbatim ("locations in Syria and one location in Iraq"), so that
    every number shown is still in its sentence. A list is figures of one category, in one
    sentence, counting the same thing ("location"/"locations"), one after the other but
    for a place ("in Syria") and an "and" or a comma between them.

    ``figures`` are an article's, in text order (as :func:`find_figures` gives them).
    """
    joined: list[Figure] = []
    run: list[Figure] = []
    for figure in [*figures, None]:
        if figure is not None and run and _offset([*run, figure]) is not None:
            run.append(figure)
            continue
        if run:
            joined.append(_join(run))
        run = [figure] if figure is not None else []
    return tuple(joined)


def _offset(run: Sequence[Figure]) -> int | None:
    """Where the sentence of ``run`` starts in its article, if ``run`` is one list."""
    first = run[0]
    body = first.sentence
    if first.counted is None or any(
        f.sentence != body
        or f.category != first.category
        or _head(f.counted) != _head(first.counted)
        for f in run
    ):
        return None
    for match in re.finditer(re.escape(first.number), body):
        offset = first.start - match.start()
        if all(body[f.start - offset : f.end - offset] == f.number for f in run) and all(
            _linked(body, a, b, offset) for a, b in itertools.pairwise(run)
        ):
            return offset
    return None


def _linked(body: str, first: Figure, second: Figure, offset: int) -> bool:
    link = body[_tail(body, first, offset) : second.start - offset]
    qualifier = _QUALIFIER.search(link)
    return bool(_LIST_LINK.match(link[: qualifier.start()] if qualifier else link))


def _head(counted: str | None) -> str:
    """The counted noun, singular: "precision munitions" → "munition"."""
    words = (counted or "").lower().split()
    return words[-1].removesuffix("s") if words else ""


def _join(run: Sequence[Figure]) -> Figure:
    offset = _offset(run) if len(run) > 1 else None
    if offset is None:
        return run[0]
    first, body = run[0], run[0].sentence
    end = _tail(body, run[-1], offset)
    end += len(_ELLIPTIC_AFTER.match(body[end:]).group())  # type: ignore[union-attr]
    return Figure(
        value=sum(figure.value for figure in run),
        number=first.number,
        start=first.start,
        end=first.end,
        category=first.category,
        counted=body[first.end - offset : end].strip(),
        qualifier=first.qualifier,
        reporter=first.reporter,
        sentence=body,
    )


def _at_word_start(body: str, pos: int) -> bool:
    return pos == 0 or not (body[pos - 1].isalnum() or body[pos - 1] in "_.")


def _at_word_end(body: str, pos: int) -> bool:
    return pos >= len(body) or not (body[pos].isalnum() or body[pos] == "_")


def _value(raw: str, scale: str | None) -> float | None:
    low = raw.lower().replace(",", "")
    try:
        value = float(low)
    except ValueError:
        parts = re.split(r"[- ]", low)
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
            value = float(_TENS[parts[0]] + _UNITS[parts[1]])
        elif len(parts) == 1:
            value = float(_UNITS.get(low, _TENS.get(low, -1)))
        else:
            return None
        if value < 0:
            return None
    if scale:
        value *= _SCALES[scale.strip().lower()]
    return value


def _counted(after: str) -> list[str]:
    """The counted noun phrase after a number: ``125 precision-guided munitions`` → its words.

    At most three modifiers before a known noun ("other people", "American soldiers",
    "pro-Iran fighters"), and a coordinated noun ("rocket and drone attacks") counts as
    the last one. A function word or a clause break ends the search.
    """
    words = _WORDS.findall(re.split(r"[,;:()]", after, maxsplit=1)[0])[:7]
    for index, word in enumerate(words[:4]):
        low = word.lower()
        if low in _THINGS or low in _PEOPLE:
            # "drone attacks", "missile strikes": the last of a compound is the head.
            while index + 1 < len(words) and words[index + 1].lower() in _THINGS:
                index += 1
            phrase = words[: index + 1]
            rest = words[index + 1 : index + 4]
            if rest[:1] and rest[0].lower() in ("and", "or"):
                for offset, other in enumerate(rest[1:], start=1):
                    if other.lower() in _THINGS or other.lower() in _PEOPLE:
                        phrase = words[: index + 1 + offset + 1]
            return phrase
        if low in _FUNCTION_WORDS or low[:1].isdigit():
            break
    return []


_FUNCTION_WORDS = frozenset(
    "of in and or were was are is be been have has had after before from to by with as at on "
    "for that who which when while the a an this these those their its his her our it they "
    "he she we i said says more than".split()
)


def _casualty(before: str, after: str, counted: list[str]) -> FigureCategory | None:
    """The casualty word nearest to the number, within its clause."""
    left = _WORDS.findall(re.split(r"[;:]|,\s+(?:and|but|while)\b", before)[-1])
    # "8,500 were displaced and 31 were being treated": a number right after "and"
    # opens a clause of its own.
    if _COORDINATED.search(before):
        left = []
    right = _WORDS.findall(re.split(r"[;:]|,\s+(?:and|but|while)\b", after)[0])
    window = _TOLL_WINDOW if _TOLL_LEAD.search(before) else _CUE_WINDOW
    best: tuple[int, FigureCategory] | None = None
    for distance, word in enumerate(reversed(left[-window:]), start=1):
        if word[:1].isdigit() or word.lower() in _UNITS:
            break  # a cue beyond another number belongs to that number
        category = _CASUALTY_CUES.get(word.lower())
        if category:
            best = (distance, category)
            break
    for distance, word in enumerate(right[:_CUE_WINDOW], start=1):
        if best and distance >= best[0]:
            break
        if distance > len(counted) and (word[:1].isdigit() or word.lower() in _UNITS):
            break
        category = _CASUALTY_CUES.get(word.lower())
        if category:
            best = (distance, category)
            break
    return best[1] if best else None
