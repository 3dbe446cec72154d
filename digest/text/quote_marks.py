"""Where the quotations of a text are: spans between quotation marks.

Curly and straight double quotes pair up within a paragraph (news convention: a quote left
open at a paragraph's end goes on in the next); ‘…’ counts only where it cannot be an
apostrophe. :func:`mask_quotes` hides every quotation, so that reading who said a quote never
looks inside one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import islice

_SINGLE_REACH = 300
"""Characters a ‘…’ quotation may span: a longer one is two apostrophes."""
_MAX_MARKS = 2000
"""Quotation marks considered per article, so pathological input runs in bounded time."""
HOLE = "\ue000"
"""Stands in for a quotation in the masked text, so attribution never looks inside quotes."""
_MARK = re.compile(r"[“”\"‘’]")
_POSSESSIVE = re.compile(r"[sS]’ [a-z]")
"""``the soldiers’ families``: a closing-looking ’ that is an apostrophe."""


@dataclass(frozen=True)
class Span:
    """One quotation: where its marks and its words are."""

    open: int
    """Index of the opening mark."""
    stop: int
    """Index just past the closing mark, or the paragraph end for an unclosed quote."""
    start: int
    end: int
    closed: bool


def quote_spans(text: str) -> list[Span]:
    """Every quotation of ``text`` by position of its opening mark."""
    marks = [(m.start(), m.group()) for m in islice(_MARK.finditer(text), _MAX_MARKS)]
    doubles = _double_spans(text, marks)
    return sorted(doubles + _single_spans(text, marks, doubles), key=lambda s: s.open)


def mask_quotes(text: str, spans: list[Span]) -> str:
    """``text`` with each quotation, marks included, replaced by as many :data:`HOLE`s."""
    pieces: list[str] = []
    last = 0
    for span in spans:
        pieces += [text[last : span.open], HOLE * (span.stop - span.open)]
        last = span.stop
    return "".join(pieces) + text[last:]


def _double_spans(text: str, marks: list[tuple[int, str]]) -> list[Span]:
    spans: list[Span] = []
    opened, para_end = -1, -1
    for pos, ch in marks:
        if ch in "‘’":
            continue
        if opened >= 0 and pos > para_end:
            # News convention: a quote left open at a paragraph end continues in the next
            # paragraph, so this one ends where its paragraph does.
            _add(spans, text, opened, para_end, closed=False)
            opened = -1
        if opened < 0:
            if ch == "”" and not _opens(text, pos):
                continue
            opened = pos
            para_end = text.find("\n", pos)
            para_end = len(text) if para_end < 0 else para_end
        elif ch == "“" and not _closes(text, pos):
            opened = pos  # the earlier mark was stray; a quote starts here
        else:
            _add(spans, text, opened, pos, closed=True)
            opened = -1
    # Past the cap a later mark might have closed the pending quote, so it is left out.
    if opened >= 0 and len(marks) < _MAX_MARKS:
        _add(spans, text, opened, para_end, closed=False)
    return spans


def _single_spans(text: str, marks: list[tuple[int, str]], doubles: list[Span]) -> list[Span]:
    # ’ is an apostrophe far more often than a closing mark, so ‘…’ counts only when both
    # ends sit at word boundaries, inside one paragraph, outside any double quote.
    spans: list[Span] = []
    opens = [s.open for s in doubles]
    opened = -1
    for pos, ch in marks:
        i = bisect.bisect_right(opens, pos) - 1
        if i >= 0 and pos < doubles[i].stop:
            continue
        if ch == "‘":
            nxt = text[pos + 1 : pos + 2]
            opened = pos if _opens(text, pos) and nxt.isalpha() else -1
        elif ch == "’" and opened >= 0:
            if pos - opened > _SINGLE_REACH or "\n" in text[opened:pos]:
                opened = -1
            elif _closes(text, pos) and not _POSSESSIVE.match(text, pos - 1):
                if sum(c.isalpha() for c in text[opened:pos]) >= 2:
                    _add(spans, text, opened, pos, closed=True)
                opened = -1
    return spans


def _opens(text: str, pos: int) -> bool:
    before, after = text[pos - 1 : pos] if pos else "", text[pos + 1 : pos + 2]
    return (not before or before.isspace() or before in "([—–-") and bool(after.strip())


def _closes(text: str, pos: int) -> bool:
    before, after = text[pos - 1 : pos] if pos else "", text[pos + 1 : pos + 2]
    return bool(before.strip()) and (not after or after.isspace() or after in ",.;:!?)—–-")


def _add(spans: list[Span], text: str, mark: int, close: int, *, closed: bool) -> None:
    start, end = mark + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\r,.;:…—–-":
        end -= 1
    if end > start:
        stop = close + 1 if closed else close
        spans.append(Span(open=mark, stop=stop, start=start, end=end, closed=closed))
