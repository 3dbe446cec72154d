"""A headline for text that has none, made only of the lead sentence's own words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from digest.text.dates import find_dates
from digest.text.headline_checks import (
    COMMON_VERBS,
    FURNITURE,
    MIN_HEADLINE_WORDS,
    addresses_reader,
    glued_menu_words,
    has_verb,
    headline_faults,
    is_byline,
    is_caption,
    is_date_line,
    is_headline,
    is_listing,
    is_markup,
    is_outlet_name,
    is_photo_caption,
    is_site_phrase,
    site_word_share,
    stop_word_share,
    word_count,
    words,
)

_MAX_WORDS = 14
_MIN_WORDS = 5
# Where a lead sentence's main clause usually ends: a comma, a relative clause, or a
# subordinate clause. Cutting there keeps subject, verb and object.
# Punctuation breaks only where a space follows: "3:30" and "1,200" are not clause ends.
_CLAUSE_BREAK = re.compile(
    r"[,;:](?=\s)|\s(?:that|which|who|whose|after|as|while|when|because|following|amid|"
    r"according to|in response to|to (?:hand|discuss|protest))\s"
)
# Time phrases add nothing to a headline: "on Saturday", "late on Friday night".
_TIME_PHRASE = re.compile(
    r"\s(?:(?:late|early) )?on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?: (?:morning|afternoon|evening|night))?(?![\w’'-])"
)


def derive_title(lead_sentence: str) -> str:
    """The lead sentence trimmed to its main clause (at most 14 words), no final period.

    Every word of the result is a word of the sentence, in its order.
    """
    # A list marker a flattener printed ("* ", "+ ") is no word of the sentence.
    sentence = _TIME_PHRASE.sub("", " " + _LIST_MARKER.sub("", lead_sentence.strip()))[1:]
    # A date stamp glued in front ("Wednesday November 20, 2019 Voters say ...") is no word
    # of the news.
    dates = find_dates(sentence)
    if dates and not _WEEKDAY_PREFIX.sub("", sentence[: dates[0].start]).strip():
        sentence = sentence[dates[0].end :].lstrip(" ,|-–—:")
    # "According to two officials, X did Y": the news is X did Y, not who told it.
    attribution = _ATTRIBUTION.match(sentence)
    if attribution and len(sentence[attribution.end() :].split()) >= _MIN_WORDS:
        rest = sentence[attribution.end() :]
        sentence = rest[0].upper() + rest[1:]
    sentence = sentence.rstrip(" !?;:")
    # The final full stop goes, but not the last dot of an initialism ("the U.S.").
    if sentence.endswith(".") and not re.search(r"(?:^|\s)(?:\w\.){2,}$", sentence):
        sentence = sentence.rstrip(" .")
    for match in _CLAUSE_BREAK.finditer(sentence):
        if len(sentence[: match.start()].split()) >= _MIN_WORDS:
            sentence = sentence[: match.start()]
            break
    words = sentence.split()
    if len(words) > _MAX_WORDS:
        words = words[:_MAX_WORDS]
        # Do not end on a word that leaves the headline hanging ("of", "the", "and").
        while len(words) > _MIN_WORDS and words[-1].lower() in _WEAK_ENDINGS:
            words.pop()
    return " ".join(words).rstrip(",;:")


def fallback_title(lead_sentence: str) -> str | None:
    """The headline of a text none of whose sentences makes one: its lead trimmed as
    :func:`derive_title` does when that is a short clause of its own words (a two-line
    note: "Storm closes schools"); None when it is page furniture (an excerpt of menus and
    notices, its article cut off) or the site addressing its reader, which then gets
    :func:`untitled_headline` rather than show a menu as news."""
    derived = derive_title(lead_sentence)
    if not derived or set(headline_faults(derived)) & FURNITURE or addresses_reader(derived):
        return None
    return derived


def untitled_headline(source: str, published: datetime | None) -> str:
    """``Untitled report from SOURCE[, YYYY-MM-DD]``: no headline, and where it came from.
    An article that has it says so (``Article.title_placeholder``): the text is no sign."""
    name = " ".join(source.split())
    day = f", {published:%Y-%m-%d}" if published else ""
    return (f"Untitled report from {name}" if name else "Untitled report") + day


_WEEKDAY_PREFIX = re.compile(r"(?i)^\W*(?:mon|tues|wednes|thurs|fri|satur|sun)day\W*")
_LIST_MARKER = re.compile(r"^(?:[*+•▪►◦·]|o(?=\s+[A-Z]))\s*")
_ATTRIBUTION = re.compile(r"(?i:according to|as reported by|as told to)\s[^,]{1,80},\s+")
_WEAK_ENDINGS = frozenset(
    "a an the of in on at to for with by from and or but as its their his her".split()
)


# Where a page's title is joined to its site's name and section: "Title | World | Site",
# "Title - Site", "Site » Title". Hyphens inside words ("US-China") are no separator.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|•·»›]|::|[-–—]{1,2})\s+|\s*\|\s*")
_LABEL_PREFIX = re.compile(r"^(?P<label>[^\W\d_][\w’' ]{0,24}?)\s*:\s+(?=\S)")
_SITE_SEGMENT_WORDS = 4
"""A segment this short, with no verb, beside a longer one is the site's, not the title's."""


def site_free_title(title: str, outlet: str | None = None, host: str | None = None) -> str:
    """The page's own title without the site's name and section glued to it.

    ``Iraq summons US envoy | World | Example Times`` → ``Iraq summons US envoy``;
    ``Opinion | Republicans Are Following Trump - The Paper`` → ``Republicans Are ...``;
    ``BREAKING: Senate adjourns ...`` → ``Senate adjourns ...``. Segments are taken off
    the ends only: a short one with no verb while what remains still has a few words, or
    any that names the outlet or the web host.
    """
    segments = [segment.strip() for segment in _TITLE_SEPARATOR.split(title.strip())]
    site: set[str] = set()
    start, end = 0, len(segments)
    while end - start > 1:
        if _is_site_segment(segments[end - 1], segments[start : end - 1], outlet, host):
            end -= 1
            site.add(segments[end])
        # In front of the title stands a site's name or a section, not a short tag line.
        elif _is_label(segments[start]) or is_outlet_name(segments[start], outlet, host):
            site.add(segments[start])
            start += 1
        else:
            break
    title = without_segments(title, frozenset(site))
    label = _LABEL_PREFIX.match(title)
    if label and _is_label(label.group("label")) and len(words(title[label.end() :])) >= 4:
        title = title[label.end() :]
    # A menu word the flattener glued in front: "SECTIONS Iraq summons US envoy".
    if glued := glued_menu_words(title):
        title = re.sub(rf"^\W*(?:[^\W_]+\W+){{{glued}}}", "", title)
    return title


def _is_site_segment(segment: str, rest: list[str], outlet: str | None, host: str | None) -> bool:
    if is_outlet_name(segment, outlet, host) or re.fullmatch(r"\S+\.[a-z]{2,4}", segment.strip()):
        return True
    remaining = sum(len(words(part)) for part in rest)
    return (
        len(words(segment)) <= _SITE_SEGMENT_WORDS
        and remaining >= _SITE_SEGMENT_WORDS
        and not _says_something(segment)
        and not re.search(r"[\"“”‘’?!]", segment)
    )


def _says_something(segment: str) -> bool:
    # Capitalised words ending in -s or -ing are names here ("Times", "Breaking News"):
    # only a lower-case verb, or a common one, makes a segment a clause.
    return any(
        has_verb(token) if token[:1].islower() else token.lower() in COMMON_VERBS
        for token in words(segment)
    )


def _is_label(label: str) -> bool:
    """``BREAKING NEWS``, ``Opinion``, ``Live``: a kind of page, not a topic."""
    tokens = words(label)
    return 0 < len(tokens) <= 3 and (label.isupper() or site_word_share(label) == 1.0)


_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
_TITLE_WINDOW = 40
"""Lines above the lead searched for the page's title: its headline sits just above."""
_MIN_SUPPORT = 0.4
"""Share of a title's words the article must use: a headline is about its article, a
promoted link to another story or a menu is not."""


@dataclass(frozen=True)
class TitleLine:
    index: int
    """Index of the line among the page's lines."""
    title: str
    """The line without the site's name glued to it."""


def find_title_line(
    lines: Sequence[str], lead: int, outlet: str | None = None, host: str | None = None
) -> TitleLine | None:
    """The page's own title among the lines above its lead (``lines[lead]``, or past the
    last line when the text has no prose), or None.

    A scraped page puts menus, promoted stories and slogans above its article, and the
    headline just above the lead, often printed twice (the page's ``<title>`` and its
    heading). Of the lines that can be headlines, the one whose words the article uses
    most wins; a line printed twice counts extra and nearness to the lead breaks ties.
    """
    body = {
        word.lower() for line in lines[lead : lead + 20] for word in _CONTENT_WORD.findall(line)
    }
    start = max(0, lead - _TITLE_WINDOW)
    indices = sorted({0, *range(start, lead)}) if lead > 0 else []
    if lead >= len(lines) > 0:
        # The last line of an excerpt cut before its lead is cut too: no title.
        indices = [index for index in indices if index < len(lines) - 1]
    titles = {index: site_free_title(lines[index], outlet, host) for index in indices}
    # A heading printed twice in a row (the heading and its share text) counts once.
    keys = Counter(
        _key(title)
        for index, title in titles.items()
        if index - 1 not in titles or _key(titles[index - 1]) != _key(title)
    )
    # A line printed many times ("Continue reading", "Share") is furniture.
    gallery = gallery_lines(lines)
    shaped = {
        index: is_headline(title, outlet, host)
        and (not _is_prose(title) or _asks_at_head(lines, index))
        and not _reads_as_text(title)
        and not _captioned(lines, index)
        and index not in gallery
        for index, title in titles.items()
    }
    listed = _listed(lines, shaped)
    # No prose to compare with: an excerpt cut before its lead, or a page whose text is a
    # list or table (its heading stands right above it).
    cut = lead >= len(lines)
    table = not cut and not _is_prose(lines[lead]) and text_run(lines) == lead
    # A video player or a list prints its current item above the list too ("now playing"):
    # a line whose copy is an item of a list of other titles is that item, unless a byline
    # or date below marks it as the article's own head.
    items = {_key(titles[index]) for index in listed}
    candidates: dict[int, float] = {}  # index → its score before the head's order
    for index, title in titles.items():
        if not shaped[index] or index in listed:
            continue
        if _key(title) in items and _anchored(lines, index) < 1.0:
            continue
        # A breadcrumb trail glued in front of the title ("Home Holidays Pear Jam for the
        # Holidays") when the title stands on its own line nearby too: that line is the title.
        if _glued_copy(_key(title), keys):
            continue
        content = {word.lower() for word in _CONTENT_WORD.findall(title)}
        support = len(content & body) / (len(content) or 1)
        key = _key(title)
        if keys[key] > 2:
            continue
        # Printed twice: as the page's <title> (first line) and its heading, as its heading
        # and its copy in the share bar or breadcrumb near the lead (a list's items are out
        # already), or as its heading twice in a row (the heading and its share text).
        twice = index + 1 in titles and _key(titles[index + 1]) == key
        repeated = keys[key] == 2 or (keys[key] == 1 and twice)
        # With no prose, the head is a title with its byline or date below, or the
        # heading right above the table.
        headless = (cut and _anchored(lines, index) == 1.0) or (table and index == lead - 1)
        if support < _MIN_SUPPORT and not repeated and not headless:
            continue
        distance = min(lead - index, _TITLE_WINDOW) / _TITLE_WINDOW
        anchored = _anchored(lines, index)
        candidates[index] = (
            support + 0.5 * repeated + 0.2 * has_verb(title) + 0.3 * anchored - 0.4 * distance
        )
    if not candidates:
        return None

    # A head is its title, then its standfirst: of two candidates in a row (a byline may
    # stand between), the second is the standfirst (nearer the lead, as much about it).
    def standfirst(index: int) -> bool:
        return any(index - gap in candidates for gap in range(1, _DEK_GAP + 1))

    best = max(candidates, key=lambda i: (candidates[i] - _DEK * standfirst(i), i))
    return TitleLine(index=best, title=titles[best])


def _glued_copy(key: str, keys: Counter[str]) -> bool:
    """``key`` ends with another title line's whole key (of three words or more)."""
    return any(
        other != key and key.endswith(" " + other) and other.count(" ") >= 2 for other in keys
    )


_DEK = 0.3
_DEK_GAP = 2


def _asks_at_head(lines: Sequence[str], index: int) -> bool:
    """A long question or exclamation with its byline or date below: a headline that reads
    as prose ("South Dakota says ..., and Twitter asks, Are you OK?")."""
    return lines[index].rstrip().endswith(("?", "!")) and _anchored(lines, index) == 1.0


def _reads_as_text(title: str) -> bool:
    """A sentence of the text, not a title: it ends in a full stop, holds two sentences
    (a caption: "The house where he was born.Jane Doe / Agency"), or reports a quote in
    the past tense as a standfirst does ("“We must cut jobs,” the chairman said in ...")."""
    return bool(
        title.endswith(".") or _TWO_SENTENCES.search(title) or _REPORTED_QUOTE.search(title)
    )


# A sentence's end inside the line: a plain word (not one in quotes: "'Meth. We're on
# it,' says ...") and a capital after its full stop.
_TWO_SENTENCES = re.compile(r"(?:\S+\s+){2,}[^\W\d_]*[a-z]{3}\.\s*[A-Z][a-z]")
_REPORTED_QUOTE = re.compile(r"[,.!?][”\"]\s+(?:\S+\s+){0,5}(?:said|told)\b")


def gallery_lines(lines: Sequence[str]) -> frozenset[int]:
    """Lines that are a gallery's captions, each behind its counter: ``1 of 6 Jane Doe looks
    at ...``, ``2 of 6 ...``, the same count on two lines or more. A counter alone is no sign
    ("3 of 5 Democrats back the plan" is a title, and may open a lead)."""
    counted: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if counter := _GALLERY_COUNTER.match(line):
            counted.setdefault(counter.group(1), []).append(index)
    return frozenset(index for found in counted.values() if len(found) > 1 for index in found)


_GALLERY_COUNTER = re.compile(r"\s*\d{1,2}\s*of\s*(\d{1,2})\b")


def _captioned(lines: Sequence[str], index: int) -> bool:
    """The line below a caption's label (``Image:``, ``Photo:`` alone on a line) is the
    caption."""
    return index > 0 and is_caption(lines[index - 1]) and len(words(lines[index - 1])) <= 2


_LIST_RUN = 4
"""Title-like lines in a row that make a list: promoted stories, a playlist, "most read"."""
_ANCHOR_LINES = 4
"""Lines below a headline its byline or date stands within (a standfirst, the agency's
name and a "Published" label may come between)."""


def _listed(lines: Sequence[str], shaped: dict[int, bool]) -> frozenset[int]:
    """Lines that are items of a list of titles: a run of title-like lines (a line printed
    twice in a row counts once), each perhaps with its date or section label between. A
    page prints its own headline apart, with its byline or date just below; other stories'
    titles come one after another. The last items of a run that a byline or date follows
    are the article's head, not the list's, unless most items have a date (a dated list)."""
    listed: set[int] = set()
    run: list[int] = []
    # A short title ("The Nissan Northern Xperience") is an item of a list too.
    items = sorted(index for index, shape in shaped.items() if shape or _short_title(lines[index]))
    for index in [*items, -1]:
        if index >= 0 and (not run or _same_list(lines, run[-1], index)):
            run.append(index)
            continue
        distinct = {_key(lines[item]) for item in run}
        if len(distinct) >= _LIST_RUN:
            # Each item with its own date below: a dated list, its last item too.
            stamps = sum(_stamps(line) for line in lines[run[0] : run[-1] + _ITEM_LABELS + 1])
            dated = stamps * 2 > len(run)
            following = [*run[1:], len(lines)]
            listed.update(
                item
                for item, after in zip(run, following, strict=True)
                if dated or not _own_stamp(lines, item, after)
            )
        run = [index]
    return frozenset(listed)


def _short_title(line: str) -> bool:
    return len(words(line)) >= _LABEL_WORDS and headline_faults(line) == ["fragment"]


def _own_stamp(lines: Sequence[str], index: int, following: int) -> bool:
    """A byline or date below the line before the next title-like line: its own."""
    end = min(index + 1 + _ANCHOR_LINES, following)
    return any(_stamps(line) for line in lines[index + 1 : end])


def _same_list(lines: Sequence[str], previous: int, index: int) -> bool:
    """The next item of the same list: right below, or with only its date and label
    (a date, and perhaps a short line) between."""
    between = lines[previous + 1 : index]
    # A byline between marks an article's head, not a list's item.
    return not between or (
        len(between) <= _ITEM_LABELS
        and any(_stamps(line) for line in between)
        and not any(is_byline(line) for line in between)
        and all(len(words(line)) <= _LABEL_WORDS or _stamps(line) for line in between)
    )


_ITEM_LABELS = 2
_LABEL_WORDS = 3


def _anchored(lines: Sequence[str], index: int) -> float:
    """1 when a byline or a date stands just below the line (an article's head: its title,
    then who wrote it and when), half that when only right above it (a date printed over
    the headline, or the caption or standfirst under a head), else 0."""
    if any(_stamps(line) for line in lines[index + 1 : index + 1 + _ANCHOR_LINES]):
        return 1.0
    return 0.5 if index > 0 and _stamps(lines[index - 1]) else 0.0


def _stamps(line: str) -> bool:
    """A byline or a date stamp (``Updated on: November 19, 2019 / 10:07 AM / Agency``)."""
    if is_byline(line) or is_date_line(line):
        return True
    return len(words(line)) <= _STAMP_WORDS and is_date_line(_SEPARATED.split(line)[0])


_STAMP_WORDS = 12
_SEPARATED = re.compile(r"\s+[|/·•]\s+")


def _key(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip()


def lead_index(lines: Sequence[str]) -> int | None:
    """Index of the article's lead among a page's lines: the first line of the longest run
    of prose (a cookie notice or a promoted story above the article is a line or two of
    prose; the article is the run). None when no line reads as prose."""
    runs: dict[int, int] = {}  # first line of a run → words in it
    ends: dict[int, int] = {}  # first line of a run → its last line
    run_start, gap = 0, _MAX_GAP + 1
    gallery = gallery_lines(lines)
    for index, line in enumerate(lines):
        if index not in gallery and _is_prose(line):
            if gap > _MAX_GAP:
                run_start = index
            runs[run_start] = runs.get(run_start, 0) + len(words(line))
            ends[run_start] = index
            gap = 0
        else:
            # The article's head (its title, byline or date below) ends any run above it.
            gap = _MAX_GAP + 1 if gap < _MAX_GAP and _is_head(lines, index) else gap + 1
    # A line or two of prose above the article's head (a title with its byline or date
    # below) is the site's blurb or a promoted story: the article starts below its head.
    runs = {
        start: size
        for start, size in runs.items()
        if size >= _BLURB_WORDS or not _head_below(lines, ends[start])
    }
    if not runs:
        # An excerpt may end inside its lead, cut mid-sentence: with no other prose, a
        # last line that would be prose with its final stop is the lead.
        last = len(lines) - 1
        return last if lines and _is_prose(lines[last].rstrip() + ".") else None
    # A page may print a second article, or its comments, below the first: the first run
    # of about the longest's size is the article the page is about.
    longest = max(runs.values())
    return next(start for start, size in runs.items() if size >= _LEAD_SHARE * longest)


_LEAD_SHARE = 0.5
"""Share of the longest run's words the article's own run has at least."""
_BLURB_WORDS = 40


def _head_below(lines: Sequence[str], end: int) -> bool:
    """An article's head (a headline with its byline or date below) soon after ``end``."""
    return any(
        _is_head(lines, index) for index in range(end + 1, min(end + 1 + _BLURB_REACH, len(lines)))
    )


def _is_head(lines: Sequence[str], index: int) -> bool:
    """A headline with its byline or date just below."""
    line = lines[index]
    return (
        _anchored(lines, index) == 1.0
        and is_headline(line)
        and not _is_prose(line)
        and not _reads_as_text(line)
    )


_BLURB_REACH = 20
"""Lines below a blurb its article's head may stand within (a menu may come between)."""


def text_run(lines: Sequence[str]) -> int | None:
    """Index of the first run of lines written in sentence case, five words or more each,
    none of them furniture: an article's own list or table (a race calendar, results) on
    a page with no prose. Menus are short; other stories' titles are in title case."""
    run = 0
    for index, line in enumerate(lines):
        tokens = words(line)
        lettered = [token for token in tokens if token[0].isalpha()]
        written = (
            len(tokens) >= MIN_HEADLINE_WORDS
            and not _ITEM_MARK.match(line)
            and sum(token[0].isupper() for token in lettered) * 2 <= len(lettered)
            and is_headline(line)
        )
        run = run + 1 if written else 0
        if run == _TEXT_RUN:
            return index - _TEXT_RUN + 1
    return None


_TEXT_RUN = 5
_ITEM_MARK = re.compile(r"^\s*[-–—*+•▪►◦·]\s")
"""A list item's mark: a list of links ("- Two troops killed ..."), not the text's own."""


_MAX_GAP = 5
"""Lines that are not prose (a caption, a byline, an ad slot) a run of prose may span."""


def _is_prose(line: str) -> bool:
    """A long line ending as a sentence ends, not written in capitalised link words."""
    if word_count(line) < 12 or not _SENTENCE_END.search(line) or is_site_phrase(line):
        return False
    tokens = words(line)
    if is_caption(line) or is_photo_caption(line) or is_markup(line) or is_listing(line):
        return False
    if _title_case(tokens):
        return False
    if not tokens:  # a script without spaces or capitals (Chinese, Japanese)
        return True
    capitalised = sum(token[0].isupper() for token in tokens) / len(tokens)
    return capitalised <= 0.6 or stop_word_share(line) >= 0.15


_SENTENCE_END = re.compile(r"[.!?”\"’)。！？」]\s*$")
_SMALL_WORDS = frozenset("a an the of in on at to for with by from and or is are as into".split())


def _title_case(tokens: Sequence[str]) -> bool:
    """Written as a title is (``Is An 'Oxygen Bar' In Delhi Offering Fresh Air For ...``):
    a sentence never capitalises its small words inside it; a title in title case does."""
    small = [token for token in tokens[1:] if token.lower() in _SMALL_WORDS]
    return len(small) >= 2 and all(token[0].isupper() for token in small)


_MIN_RECURRENCE = 3
"""Titles of one outlet that must share a segment before it counts as the site's name."""


def site_segments(titles: Sequence[str]) -> frozenset[str]:
    """Segments (between title separators) that recur across one outlet's titles: its name,
    slogan or section as every page's ``<title>`` carries it. A segment counts when at least
    three titles and half of them end or start with it; a story's words never recur so."""
    counts: Counter[str] = Counter()
    for title in titles:
        segments = [segment.strip() for segment in _TITLE_SEPARATOR.split(title)]
        if len(segments) > 1:
            counts.update({segments[0], segments[-1]})
    floor = max(_MIN_RECURRENCE, len(titles) / 2)
    return frozenset(segment for segment, count in counts.items() if count >= floor)


def without_segments(title: str, site: frozenset[str]) -> str:
    """``title`` without the leading and trailing segments that are in ``site``."""
    segments = _TITLE_SEPARATOR.split(title.strip())
    separators = _TITLE_SEPARATOR.findall(title.strip())
    start, end = 0, len(segments)
    while end - start > 1 and segments[end - 1].strip() in site:
        end -= 1
    while end - start > 1 and segments[start].strip() in site:
        start += 1
    if (start, end) == (0, len(segments)):
        return title
    kept = [segments[start]] + [separators[i - 1] + segments[i] for i in range(start + 1, end)]
    return "".join(kept).strip()
