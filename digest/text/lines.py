"""Which lines of a scraped page are the article: a density classification over lines.

A page flattened to text keeps no HTML, but its shape still shows where the article is.
Article paragraphs are long and read as sentences (final punctuation, mostly lower-case
words, many function words); menus, section lists, share rows and related-story lists
are runs of short title-case lines without a verb's worth of sentence. The body is the
densest run of prose: the stretch of lines whose sum of line values (a prose line's
words, minus a cost for each chrome-like line) is largest, as in body-text extraction
over a page's tokens (Finn et al., 2001), here over lines. Short lines between two
prose paragraphs (subheadings) stay with the body; short-line runs around it go.

Pure functions over a list of lines; no site's own strings.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Where a sentence ends: final punctuation, possibly inside a closing quote or bracket.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
_SEPARATOR = re.compile(r"\s[|•»·]\s")
MENU_SEPARATORS = 3
"""Link separators in one line that make it a row of links (a sentence has none)."""
_CUT = re.compile(r"[^\W\d_](?:\.\.\.|…)\s*$")
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"”’'»)\]]*)\s*$|[\"”»]\s*$")
# English function words: a sentence has many, a menu or a headline list few. One signal
# among several: pages in other languages still show final punctuation and lower case.
FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with as and or but is are was were be been has "
    "have had it its this that these those he she they we you his her their our who which "
    "not will would said says can could than into about after".split()
)

_HEADED_WORDS = 7
LONG_LINE_WORDS = 20
"""A line this long with mostly lower-case words is a paragraph even without a final stop
(a scraper may cut it, a list item may have none); menu and headline lines are shorter."""
CHROME_RUN = 3
"""Consecutive lines that are no sentences, from which on they are a list or a menu rather
than a subheading (or a headline over a byline)."""
ARTICLE_WORDS = 60
"""Words of prose that make a stretch of a page an article rather than a teaser in a menu
(a wire brief has about this many)."""
CHROME_COST = 4
"""What a line that does not read as a sentence costs the body run, in words of prose:
a run of a dozen menu lines outweighs a short paragraph beside it, while one subheading
between two paragraphs does not split the article."""


@dataclass(frozen=True)
class LineShape:
    """What a line looks like, without knowing where it is."""

    words: int
    sentence: bool
    """Reads as a sentence: final punctuation, mostly lower-case words or many function words."""
    clause: bool = False
    headed: bool = False
    """A sentence that opens with a Title Case run ("Tape Gaffe Ends Hamlin's Title Run
    Denny Hamlin's ..."): a teaser's headline glued to its blurb."""
    """Worded like a sentence (lower case, function words) without its final stop: a list
    item or a sentence-case headline. Neither adds to the body nor breaks it."""

    @property
    def value(self) -> int:
        """The line's weight in the body run: its words for a sentence, nothing for a
        clause, a fixed cost for anything else."""
        if self.sentence:
            return self.words
        return 0 if self.clause else -CHROME_COST


def shape(line: str) -> LineShape:
    words = _WORD.findall(line)
    if not words:
        return LineShape(words=0, sentence=False)
    cased = [word for word in words if word[0].isupper() or word[0].islower()]
    # A script without case (Chinese, Arabic, ...) reads as lower case: only punctuation
    # and length tell its lines apart.
    lower = sum(word[0].islower() for word in cased) / len(cased) if cased else 1.0
    function = sum(word.lower() in FUNCTION_WORDS for word in words) / len(words)
    worded = lower >= 0.5 or function >= 0.2
    # Chinese and Japanese write no spaces: about two characters make a word.
    count = len(words) + sum(len(run) // 2 - 1 for run in _UNSPACED.findall(line) if len(run) > 3)
    # A line cut short ("... as Hurri...") is a teaser of another story, not a sentence;
    # a row of links a scraper joined ("News | Sport | Weather | ...") is a menu.
    if _CUT.search(line) or len(_SEPARATOR.findall(line)) >= MENU_SEPARATORS:
        return LineShape(words=count, sentence=False)
    ends = bool(_SENTENCE_END.search(line))
    # A long line ending in a stop is a paragraph even when full of names.
    sentence = count >= 2 and ends and (worded or count >= LONG_LINE_WORDS)
    # Function words tell a sentence from a headline, which drops them.
    clause = count >= 5 and lower >= 0.4 and function >= 0.2
    sentence = sentence or (count >= LONG_LINE_WORDS and lower >= 0.6)
    clause = clause and not sentence
    opening = [word for word in words[:_HEADED_WORDS] if word[0].isupper() or word[0].islower()]
    headed = (
        sentence
        and len(opening) == _HEADED_WORDS
        and sum(word[0].isupper() for word in opening) >= _HEADED_WORDS - 1
    )
    return LineShape(words=count, sentence=sentence, clause=clause, headed=headed)


def body_span(values: list[int]) -> tuple[int, int]:
    """``(start, end)``, end exclusive, of the run of lines with the largest sum of values
    (Kadane's maximum subarray); ``(0, 0)`` when no line has a positive value."""
    runs = _runs(values)
    if not runs:
        return (0, 0)
    _, start, end = max(runs, key=lambda run: run[0])
    return start, end


def _runs(values: list[int]) -> list[tuple[int, int, int]]:
    """``(weight, start, end)`` of each stretch of prose that chrome heavier than it
    separates from the next: the best run of each stretch of Kadane's scan, in order (the
    first of equal weight)."""
    runs: list[tuple[int, int, int]] = []
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    for index, value in enumerate(values):
        if total <= 0:
            if best > 0:
                runs.append((best, *best_span))
            best, total, start = 0, 0, index
        total += value
        if total > best:
            best, best_span = total, (start, index + 1)
    if best > 0:
        runs.append((best, *best_span))
    return runs


TITLE_REACH = 6
"""How many lines above the body its headline may stand (bylines, dates, a photo and its
caption come between)."""
_TITLE_WORDS = (3, 25)
# A full stop after a word: a caption or a teaser, where a headline is one phrase ("U.S."
# and "St." are no full stops: the word before the dot is one or two letters).
_FULL_STOP = re.compile(r"[^\W\d_]{3,}\.\s")
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s", re.IGNORECASE)
# A date or time line (a dateline of the page, not a headline): "Nov. 19, 2019 6:21 AM",
# "19/11/2019", "Updated 10:42 GMT".
_DATE_LINE = re.compile(
    r"\d{1,2}\s*:\s*\d\d|\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def article_lines(
    lines: list[str],
    furniture: list[bool],
    footers: list[bool],
    headings: list[bool],
    page: bool = True,
) -> list[bool]:
    """For each line, whether it belongs to the article.

    ``furniture`` marks lines that are site text wherever they stand; ``footers`` lines
    that close an article (a copyright line, "34 responses to ..."); ``headings`` short
    headings of what follows an article ("Comments", "Related articles"): one followed by
    prose (a comment thread, an author's bio) closes the article, one followed by a list
    of links only takes that list out. ``page=False`` says the text is an article already
    (an extractor or a feed made it): its lists and tables are its own.
    """
    shapes = _with_numbered_rows(lines, [shape(line) for line in lines])
    if page:
        twice = _repeated_blocks(lines, shapes)
        furniture = [chrome or again for chrome, again in zip(furniture, twice, strict=True)]
    teasers = _teaser_lists(_teaser_units(shapes), shapes) if page else []
    marked = _marked(furniture, teasers)
    body = _body_of(shapes, marked, footers, headings, page)
    if body is None:
        # Nothing reads as a sentence (a title alone, a list): keep all but the furniture.
        return [not chrome for chrome in marked]
    # A list that runs on from the body is the article's own (a buyer's guide: product,
    # link, paragraph, again), not a list of other stories.
    own = [run for run in teasers if _runs_on(body, run, headings)]
    if own:
        furniture = _marked(furniture, [run for run in teasers if run not in own])
        body = _body_of(shapes, furniture, footers, headings, page) or body
    else:
        furniture = marked
    start, end, chrome, lists = body.start, body.end, body.chrome, body.lists
    keep = [False] * len(lines)
    for index in range(start, end):
        keep[index] = not furniture[index]
    for index, stop in lists.items():
        for inner in range(index, stop):
            keep[inner] = False
    if chrome:
        _drop_inner_runs(keep, shapes, start, end)
    seen: set[str] = set()
    for index in range(start, end if chrome else start):
        # A page may print a block twice (a teaser above the story, a mobile copy): once.
        if keep[index] and lines[index] in seen:
            keep[index] = False
        seen.add(lines[index])
    title = _title_above(lines, shapes, furniture, start)
    if title is not None:
        keep[title] = True
    return keep


NUMBERED_ROWS = 5
"""Lines in a row numbered 1, 2, 3, ... that make a ranking or a schedule."""
_ROW = re.compile(r"^(\d{1,3})(?:[a-zºª°.)]{0,2})\s+\S.*\d")


def _with_numbered_rows(lines: list[str], shapes: list[LineShape]) -> list[LineShape]:
    """The shapes, a ranking's or a schedule's rows read as the article's own text: a run
    of lines numbered one after another (1, 2, 3, ...) that state more figures ("2 Jane
    Doe 5035 7", "3rd stage: 22 April - Velopark") is a table a page flattened one row a
    line, the page's data, where a menu or a list of other stories is neither counted nor
    full of figures. Such rows have no sentence's shape and would otherwise be chrome."""
    numbers = [int(match.group(1)) if (match := _ROW.match(line)) else None for line in lines]
    shaped = list(shapes)
    start = 0
    while start < len(lines):
        end = start + 1
        while (
            numbers[start] is not None and end < len(lines) and numbers[end] == numbers[end - 1] + 1  # type: ignore[operator]
        ):
            end += 1
        if numbers[start] is not None and end - start >= NUMBERED_ROWS:
            for index in range(start, end):
                shaped[index] = LineShape(words=shapes[index].words, sentence=True)
        start = end
    return shaped


def _repeated_blocks(lines: list[str], shapes: list[LineShape]) -> list[bool]:
    """Lines of a block the page prints twice (a news ticker at the top and the bottom, a
    menu in the header and the footer): two or more lines that recur together. An article
    printed twice (a mobile copy) is most of the page's prose, and is left to the body run
    to keep once."""
    pairs = Counter(itertools.pairwise(lines))
    marked = [False] * len(lines)
    for index, pair in enumerate(itertools.pairwise(lines)):
        if pairs[pair] >= 2 and pair[0] != pair[1]:
            marked[index] = marked[index + 1] = True
    prose = {line: s.words for line, s in zip(lines, shapes, strict=True) if s.sentence}
    repeated = sum(words for line, words in prose.items() if line in _lines_at(lines, marked))
    if 2 * repeated >= sum(prose.values()):
        return [False] * len(lines)
    return marked


def _lines_at(lines: list[str], marked: list[bool]) -> set[str]:
    return {line for line, flag in zip(lines, marked, strict=True) if flag}


TEASER_UNITS = 4
"""Headline-and-blurb units in a row that make a list of other stories."""
TEASER_SPREAD = 1.25
"""How much longer one blurb of a list may be than the next."""
_UNIT_LINES = 4
"""Lines above a teaser's blurb: its headline, a byline, a date, a photo credit."""
_TEASER_WORDS = 80
"""A teaser's blurb is one short paragraph; a longer one is the article's own."""


def _teaser_units(shapes: list[LineShape]) -> list[list[tuple[int, int]]]:
    """Runs of consecutive headline-and-blurb units, each unit ``(start, end)``: a headline
    (a line of headline length that is no sentence), maybe a byline or a date, then one
    short paragraph."""
    runs: list[list[tuple[int, int]]] = [[]]
    index = 0
    while index < len(shapes):
        end = index
        while end < len(shapes) and end - index < _UNIT_LINES and not shapes[end].sentence:
            end += 1
        headed = any(
            _TITLE_WORDS[0] <= shapes[inner].words <= _TITLE_WORDS[1] for inner in range(index, end)
        )
        if (
            end > index
            and headed
            and end < len(shapes)
            and shapes[end].sentence
            and shapes[end].words <= _TEASER_WORDS
        ):
            runs[-1].append((index, end + 1))
            index = end + 1
        elif shapes[index].headed and shapes[index].words <= _TEASER_WORDS:
            # The headline glued to its blurb on one line, as some scrapers join them.
            runs[-1].append((index, index + 1))
            index += 1
        else:
            if runs[-1]:
                runs.append([])
            index += 1
    return [run for run in runs if run]


def _teaser_lists(units: list[list[tuple[int, int]]], shapes: list[LineShape]) -> list[_List]:
    """Lists of other stories: at least :data:`TEASER_UNITS` units in a row printed by one
    template ("most read", a news ticker, "more from"). An article's own subheadings head
    sections of several paragraphs, not one each, and its paragraphs vary in length."""
    lists: list[_List] = []
    for units_run in units:
        alike: list[tuple[int, int]] = []
        for unit in [*units_run, None]:
            if unit is not None and (not alike or _alike(shapes, alike[-1], unit)):
                alike.append(unit)
                continue
            if len(alike) >= TEASER_UNITS:
                lists.append(_List(alike[0][0], alike[-1][1], tuple(units_run)))
            alike = [] if unit is None else [unit]
    return lists


def _alike(shapes: list[LineShape], one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Two teaser units printed by one template: about as many lines (the first may be
    under the list's heading), blurbs of about one length (a list cuts its blurbs to one
    size; an article's paragraphs vary)."""
    if abs((one[1] - one[0]) - (other[1] - other[0])) > 1:
        return False
    shorter, longer = sorted((shapes[one[1] - 1].words, shapes[other[1] - 1].words))
    return longer <= TEASER_SPREAD * shorter


@dataclass(frozen=True)
class _Body:
    start: int
    end: int
    chrome: bool
    """The page has menus or link lists somewhere (see :func:`_has_chrome_run`)."""
    lists: dict[int, int]
    """Headings of link lists (see :func:`_list_headings`)."""


def _runs_on(body: _Body, teasers: _List, headings: list[bool]) -> bool:
    """Whether a list continues the body: it starts right after the body's last paragraph
    under no heading of its own ("More from ..."), or the body already holds two or more
    units of its run."""
    first = range(teasers.start, teasers.units[0][1])
    if teasers.start == body.end and not any(headings[index] for index in first):
        return True
    inside = [unit for unit in teasers.units if body.start <= unit[0] and unit[1] <= body.end]
    return len(inside) >= 2


@dataclass(frozen=True)
class _List:
    """A list of teasers: lines ``start`` to ``end``, in a run of such ``units``."""

    start: int
    end: int
    units: tuple[tuple[int, int], ...]


def _marked(furniture: list[bool], lists: list[_List]) -> list[bool]:
    marked = list(furniture)
    for teasers in lists:
        marked[teasers.start : teasers.end] = [True] * (teasers.end - teasers.start)
    return marked


def _body_of(
    shapes: list[LineShape],
    furniture: list[bool],
    footers: list[bool],
    headings: list[bool],
    page: bool,
) -> _Body | None:
    """Where the body run is; None when no line reads as a sentence."""
    values = [
        -CHROME_COST if chrome else s.value for s, chrome in zip(shapes, furniture, strict=True)
    ]
    if not any(value > 0 for value in values):
        return None
    chrome = page and _has_chrome_run(shapes)
    if not chrome:
        # No menu, section list or link list anywhere: the text is an article already
        # (a feed item, an edited text), and a short line in it is the article's own.
        values = [
            -CHROME_COST if chrome_line else max(value, 1)
            for value, chrome_line in zip(values, furniture, strict=True)
        ]
    values = _run_costs(values)
    lists = _list_headings(shapes, headings)
    for index, heading in enumerate(headings):
        if heading and index in lists:
            for inner in range(index, lists[index]):
                values[inner] = -CHROME_COST
    closing = [
        index > 0 and (footer or (heading and index not in lists))
        for index, (footer, heading) in enumerate(zip(footers, headings, strict=True))
    ]
    start, end = _body(values, closing, first=not chrome)
    return _Body(start=start, end=end, chrome=chrome, lists=lists)


def _run_costs(values: list[int]) -> list[int]:
    """The n-th line of a run of chrome lines costs n times the cost of one: a subheading
    or a byline barely dents the body run, a block of twenty menu or tag lines ends it."""
    costs: list[int] = []
    run = 0
    for value in values:
        run = run + 1 if value < 0 else 0
        costs.append(value * run if value < 0 else value)
    return costs


def _has_chrome_run(shapes: list[LineShape]) -> bool:
    run = 0
    for line_shape in shapes:
        run = run + 1 if line_shape.value < 0 else 0
        if run >= CHROME_RUN:
            return True
    return False


def _list_headings(shapes: list[LineShape], headings: list[bool]) -> dict[int, int]:
    """Headings followed by a list: heading index → the index where the list ends (the
    next sentence). A heading is a list's when the two lines after it are no sentences."""
    lists: dict[int, int] = {}
    for index, heading in enumerate(headings):
        following = shapes[index + 1 : index + 3]
        if not heading or not following or any(s.sentence for s in following):
            continue
        stop = index + 1
        while stop < len(shapes) and not shapes[stop].sentence:
            stop += 1
        lists[index] = stop
    return lists


def _body(values: list[int], ends: list[bool], first: bool) -> tuple[int, int]:
    """The body run, never across a heading that ends the article ("Comments", a
    copyright line). Such headings stand in menus above the article too, and a comment
    thread below it can outweigh it: the article is the first stretch between them with
    an article's worth of prose (on a short page, with half the heaviest stretch's).
    In a text with no menus (``first``) the article is the first stretch with any text."""
    cuts = [0, *(index for index, end in enumerate(ends) if end), len(values)]
    runs: list[tuple[int, int, int]] = []
    for low, high in itertools.pairwise(cuts):
        start, end = _first_rival(values[low:high])
        runs.append((sum(values[low + start : low + end]), low + start, low + end))
    heaviest = max(weight for weight, _, _ in runs)
    enough = ARTICLE_WORDS if heaviest >= ARTICLE_WORDS else heaviest / 2
    if first:
        enough = min(enough, 1)
    _, start, end = next(run for run in runs if run[0] >= enough)
    return start, end


RIVAL_SHARE = 0.5
"""A stretch of several paragraphs above the heaviest run, when that run is one lone
paragraph, is the article if it has an article's worth of prose and this share of the
lone paragraph's weight: a short story over a long block of the site's text (a contact
notice, a promotion) that a run of menus boxes in."""


def _first_rival(values: list[int]) -> tuple[int, int]:
    """The body span among ``values``: the heaviest stretch of prose, unless that is one
    line and a stretch of several lines above it rivals it (see :data:`RIVAL_SHARE`)."""
    runs = _runs(values)
    if not runs:
        return (0, 0)
    heaviest = max(runs, key=lambda run: run[0])
    if heaviest[2] - heaviest[1] > 1:
        return heaviest[1], heaviest[2]
    enough = max(min(ARTICLE_WORDS, heaviest[0]), RIVAL_SHARE * heaviest[0])
    above = runs[: runs.index(heaviest)]
    rivals = (run for run in above if run[0] >= enough and run[2] - run[1] > 1)
    _, start, end = next(rivals, heaviest)
    return start, end


def _drop_inner_runs(keep: list[bool], shapes: list[LineShape], start: int, end: int) -> None:
    """Inside the body, a run of lines that are no sentences is a list of links (related
    stories, a gallery's credits), not subheadings."""
    index = start
    while index < end:
        run_end = index
        while run_end < end and shapes[run_end].value < 0:
            run_end += 1
        if run_end - index >= CHROME_RUN:
            for inner in range(index, run_end):
                keep[inner] = False
        index = max(run_end, index + 1)


def _title_above(
    lines: list[str], shapes: list[LineShape], furniture: list[bool], start: int
) -> int | None:
    """The headline just above the body: of the few lines there, the longest of headline
    length that is no sentence, byline, date line or furniture (a photo credit and a
    section label are shorter)."""
    best: int | None = None
    low, high = _TITLE_WORDS
    for index in range(start - 1, max(-1, start - 1 - TITLE_REACH), -1):
        line, words = lines[index], shapes[index].words
        if furniture[index] or _BYLINE.match(line) or _DATE_LINE.search(line):
            continue
        if not low <= words <= high or _FULL_STOP.search(line.rstrip() + " "):
            continue
        if best is None or words > shapes[best].words:
            best = index
    return best
