"""Direct quotations and who said them.

Quotes are found from the quotation marks (curly, straight, and ‘…’ where it cannot be an
apostrophe). Speakers come from the attribution a reader would use: after the quote ("…,"
the ministry said), before it (X said: "…", X condemned the strikes as a "…"), "according to X",
or carried over from the previous quote. Pronouns and "the statement" are resolved to the
nearest preceding named speaker or statement owner in the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, islice

from digest.model import Quote, QuoteKind, Sentence

_MAX_MARKS = 2000
"""Quotation marks considered per article, so pathological input runs in bounded time."""
_MAX_CUES = 2000
_WINDOW = 300
"""Characters of context searched on either side of a quote or a cue verb."""
_LOOKBACK = 50
"""Named mentions searched back from a pronoun or "the statement"."""
_HOLE = "\ue000"
"""Stands in for a quotation in the masked text, so attribution never looks inside quotes."""

_MARK = re.compile(r"[“”\"‘’]")
_POSSESSIVE = re.compile(r"[sS]’ [a-z]")
"""``the soldiers’ families``: a closing-looking ’ that is an apostrophe."""
_ATTRIBUTION_FOLLOWS = re.compile(r"\s*[,?!—–-]")
_CLAUSE_END = re.compile(r"[;:\ue000]")
_FIRST_WORD = re.compile(r"^\s*\S+")
_CONJUNCTION = re.compile(r"\s*(?:and|but)\b")
_PAST_VERB = re.compile(r"(?<=\s)[a-z]+ed\b")
_LEADING_THE = re.compile(r"The\s+[A-Z]")
_PREPOSITION = re.compile(r"\s(?:of|for|at|in|from|on)\s")
_GENITIVE = re.compile(r"[’']s$")
_FULL_WORDS = 8
"""A quotation this long is a clause of its own, not a phrase borrowed into a sentence."""


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _verb_forms() -> frozenset[str]:
    regular = _wordset(
        "add warn stress condemn insist state announce note explain continue ask reply declare "
        "argue claim describe call deny urge demand accuse term brand praise vow pledge promise "
        "denounce criticise criticize welcome hail dismiss reject blame confirm tweet acknowledge "
        "affirm emphasise emphasize assert complain caution threaten allege respond conclude"
    )
    forms = set(
        _wordset(
            "said say says saying told tell tells telling wrote writes writing admitted admitting "
            "slammed slamming labelled labeled labelling adds warns insists stresses states notes "
            "explains asks argues"
        )
    )
    for base in regular:
        if base.endswith("e"):
            forms.update((base + "d", base[:-1] + "ing"))
        elif base.endswith("y") and base[-2] not in "aeiou":
            forms.update((base[:-1] + "ied", base + "ing"))
        else:
            forms.update((base + "ed", base + "ing"))
    return frozenset(forms)


_CUES = _verb_forms()
_CUE_ALT = "|".join(sorted(_CUES, key=len, reverse=True))
_CUE = re.compile(rf"\b(?:{_CUE_ALT})\b")
# "read" is a cue only in "…," the statement read, never before a quote.
_AFTER_CUE = re.compile(rf"\b(?:{_CUE_ALT}|read|reads)\b")
_INVERTED = re.compile(
    r"(?:said|says|added|adds|wrote|writes|asked|continued|stated|explained|insisted|warned"
    r"|noted|declared|replied|argued|concluded|stressed)\s+(?P<np>.+)",
    re.DOTALL,
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<np>[^,;:!?()\ue000]{1,120})")
_ISSUED = re.compile(r"\b(?:issued|released|published)\s+an?\s+(?:\w+\s+)?statement\b")
_STATEMENT_BY = re.compile(
    r"^(?:an?|the)\s+(?:\w+\s+)?statement\s+(?:by|from)\s+(?P<x>.+)$", re.IGNORECASE
)
_THE_STATEMENT = re.compile(r"^(?:the|this|that)\s+(?:\w+\s+)?statement$", re.IGNORECASE)
_IN_STATEMENT = re.compile(
    r"\bin an?\s+(?:\w+\s+)?(?:statement|interview|tweet|post|briefing)\b.*", re.IGNORECASE
)
_OWNS_STATEMENT = re.compile(
    r"\b(?:in an?\s+(?:\w+\s+)?statement|statement\s+(?:by|from))\b", re.IGNORECASE
)
_HARD = re.compile(rf"[\ue000;:—–]|\b[Aa]ccording to\b|(?<![\w-])(?:{_CUE_ALT})\b")
_SOFT = re.compile(
    r"\b(?:that|which|who|whom|while|when|because|although|though|after|before|if|since"
    r"|where|whereas|but|as)\b"
)
_FINAL_REST = re.compile(
    r"(?:\s+(?:in|on|at|during|after|late|early|last|this|to|from|via|by|earlier|later)\b.*)?",
    re.DOTALL,
)
_NP_END = re.compile(
    r"[,;:!?()\ue000]|\s(?:in|on|at|during|after|before|while|when|via|who|which|that|as|to)\s"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|weekend|week|month|year|night)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIME = re.compile(
    rf"\b(?:(?:late|early)\s+)?(?:on|last|this|earlier|late|early)\s+{_DAY}"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b"
    rf"|\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    r"|\b(?:yesterday|today|tonight|earlier|later|also|further|separately|again|previously"
    r"|reportedly|meanwhile|then|already|recently|publicly|officially|repeatedly|once)\b"
)
_TRAILING_AUX = re.compile(
    r"(?:\s+(?:has|have|had|will|would|could|did|does|do|may|might|can|should))+\s*$"
)
_AUX_WORDS = _wordset("has have had will would did does")
_FINITE = _wordset(
    "is are was were am must will would can could should shall might wants want needs "
    "thinks believes knows"
)
_GOES_ON = re.compile(
    r"\s+(?:went on|goes on|go on|continued|began|begins|started|proceeded|wanted|wants|tried)"
    r"\s+to\s*$"
)
_LEAD_WORDS = _wordset("and but so then while as")
_PASSIVE = _wordset("was were is are been be being not")
_NOT_SUBJECT = _wordset(
    "in of to for with by at from on as there this what which who that these those if when "
    "where how"
)
# A quote right after one of these is a name or a scare quote, not somebody's words.
_NAMING = re.compile(
    r"(?:so-called|so called|known as|self-styled|self-proclaimed|nicknamed|dubbed|named|titled"
    r"|entitled|called|termed|labell?ed|branded)\s*$",
    re.IGNORECASE,
)
_WHAT_CALLED = re.compile(
    r"\bwhat\s+(?P<subj>[^,;:\ue000]{1,60}?)\s+(?:called|termed|dubbed|described as|labell?ed)"
    r"(?:\s+(?:an?|the))?\s*$"
)
# Speech introduced by its speaker ("X said, “…”", "According to X, “…”") is a full quote.
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|added|told \w+|wrote|stated)|\b[Aa]ccording to [^,\ue000]{1,80}),?\s*$"
)
_SENTENCES_INSIDE = re.compile(r"[.!?]\s+[A-Z“\"]")
_PRONOUNS = {
    "he": ("person", "unknown"),
    "she": ("person", "unknown"),
    "it": ("org", "unknown"),
    "they": ("group", "org", "unknown"),
}
_ORG_WORDS = _wordset(
    "ministry council office presidency government military army pentagon department embassy "
    "agency committee group forces force police command coalition organization organisation "
    "observatory monitor company party movement parliament administration house kremlin cabinet "
    "court board commission network militia authority statement state"
)
_ROLE_WORDS = _wordset(
    "spokesman spokeswoman spokesperson minister president official officer commander general "
    "leader chief director envoy ambassador secretary adviser advisor analyst source resident "
    "witness lawmaker senator governor mayor head member colonel captain one man woman"
)


@dataclass(frozen=True)
class _Span:
    open: int
    """Index of the opening mark."""
    stop: int
    """Index just past the closing mark, or the paragraph end for an unclosed quote."""
    start: int
    end: int
    closed: bool


def find_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[Quote, ...]:
    """Every direct quotation in ``text``, in text order, with its kind and speaker."""
    marks = [(m.start(), m.group()) for m in islice(_MARK.finditer(text), _MAX_MARKS)]
    doubles = _double_spans(text, marks)
    spans = sorted(doubles + _single_spans(text, marks, doubles), key=lambda s: s.open)
    if not spans:
        return ()
    pieces: list[str] = []
    last = 0
    for span in spans:
        pieces += [text[last : span.open], _HOLE * (span.stop - span.open)]
        last = span.stop
    masked = "".join(pieces) + text[last:]
    starts = [s.start for s in sentences]
    mentions = _mentions(masked, sentences)
    quotes: list[Quote] = []
    for span in spans:
        index = max(bisect.bisect_right(starts, span.start) - 1, 0)
        quotes.append(_quote(text, masked, span, index, sentences, starts, mentions, quotes))
    return tuple(_fill_continuations(text, spans, quotes))


def _double_spans(text: str, marks: list[tuple[int, str]]) -> list[_Span]:
    spans: list[_Span] = []
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


def _single_spans(text: str, marks: list[tuple[int, str]], doubles: list[_Span]) -> list[_Span]:
    # ’ is an apostrophe far more often than a closing mark, so ‘…’ counts only when both
    # ends sit at word boundaries, inside one paragraph, outside any double quote.
    spans: list[_Span] = []
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
            if pos - opened > _WINDOW or "\n" in text[opened:pos]:
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


def _add(spans: list[_Span], text: str, mark: int, close: int, *, closed: bool) -> None:
    start, end = mark + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\r,.;:…—–-":
        end -= 1
    if end > start:
        stop = close + 1 if closed else close
        spans.append(_Span(open=mark, stop=stop, start=start, end=end, closed=closed))


def _mentions(masked: str, sentences: Sequence[Sentence]) -> list[tuple[int, str, bool]]:
    """Named speakers of the article by position: ``(pos, speaker, owns_a_statement)``."""
    found: list[tuple[int, str, bool]] = []
    for sent in sentences:
        body = masked[sent.start : sent.end]
        for m in chain(_CUE.finditer(body), _ISSUED.finditer(body)):
            if len(found) >= _MAX_CUES:
                return sorted(found)
            if m.group().endswith("ing") or body.startswith(" by ", m.end()):
                continue
            raw = body[max(0, m.start() - _WINDOW) : m.start()]
            subject = _subject_before(raw)
            if subject and not _is_pronoun(subject) and not _THE_STATEMENT.match(subject):
                owner = bool(
                    m.re is _ISSUED
                    or _OWNS_STATEMENT.search(raw)
                    or _OWNS_STATEMENT.match(body[m.end() : m.end() + _WINDOW].lstrip())
                )
                found.append((sent.start + m.start(), subject, owner))
        for m in _ACCORDING.finditer(body):
            if len(found) >= _MAX_CUES:
                break
            subject = _noun_phrase(m.group("np"))
            if subject and not _is_pronoun(subject) and not _THE_STATEMENT.match(subject):
                found.append((sent.start + m.start(), subject, False))
    return sorted(found)


def _quote(
    text: str,
    masked: str,
    span: _Span,
    index: int,
    sentences: Sequence[Sentence],
    starts: list[int],
    mentions: list[tuple[int, str, bool]],
    previous: list[Quote],
) -> Quote:
    sent = sentences[index] if sentences else None
    if sent is None or not sent.start <= span.open <= sent.end:
        lead, before = "", ""
    else:
        lead = masked[sent.start : span.open] if span.open - sent.start <= _WINDOW else "x"
        before = masked[max(sent.start, span.open - _WINDOW) : span.open]
    close_at = max(bisect.bisect_right(starts, span.stop - 1) - 1, 0)
    limit = sentences[close_at].end if sentences else span.stop
    after = masked[span.stop : min(limit, span.stop + _WINDOW)] if span.closed else ""
    content = text[span.start : span.end]
    raw_end = text[span.end : span.stop]
    naming = bool(_NAMING.search(before)) and not _WHAT_CALLED.search(before)

    subject: str | None = None
    if not naming:
        if _ATTRIBUTION_FOLLOWS.match(raw_end) or content[-1] in "?!" or after.startswith(","):
            subject = _after_subject(after)
        subject = subject or _before_subject(before)
        if subject is None and (m := _ACCORDING.search(before + after)):
            subject = _noun_phrase(m.group("np"))
        if subject is None and "," in after:
            subject = _after_subject(after.rsplit(",", 1)[1], final=True)
    speaker = _resolve(subject, span.open, mentions) if subject else None

    starts_sentence = not lead.strip()
    words = len(content.split())
    full = (
        starts_sentence
        or before.rstrip().endswith(":")
        or bool(_SPEECH_BEFORE.search(before))
        or words >= _FULL_WORDS
        or (words >= 4 and bool(_SENTENCES_INSIDE.search(content)))
    )
    if full and speaker is None and starts_sentence and index > 0:
        last = previous[-1] if previous else None
        speaker = _carried_speaker(last, index, sentences, mentions)
    kind: QuoteKind = "full" if full else ("partial" if speaker and not naming else "scare")
    if kind == "scare":
        speaker = None
    return Quote(
        text=content, start=span.start, end=span.end, speaker=speaker, kind=kind, sentence=index
    )


def _carried_speaker(
    last: Quote | None,
    index: int,
    sentences: Sequence[Sentence],
    mentions: list[tuple[int, str, bool]],
) -> str | None:
    # "A," he said. "B." -- B is still his; so is a quote after "Smith said the talks failed."
    if last and last.sentence == index - 1 and last.speaker:
        return last.speaker
    prev, cur = sentences[index - 1], sentences[index]
    if prev.paragraph != cur.paragraph:
        return None
    last_in_prev = bisect.bisect_left(mentions, (prev.end,)) - 1
    if last_in_prev >= 0 and mentions[last_in_prev][0] >= prev.start:
        return mentions[last_in_prev][1]
    return None


def _fill_continuations(text: str, spans: list[_Span], quotes: list[Quote]) -> list[Quote]:
    # A quote left open at a paragraph end and the quote opening the next paragraph are one
    # quotation, so an attribution found on either side belongs to both.
    for i in range(len(quotes) - 1):
        a, b = quotes[i], quotes[i + 1]
        joined = not spans[i].closed and not text[spans[i].stop : spans[i + 1].open].strip()
        if joined and "scare" not in (a.kind, b.kind) and bool(a.speaker) != bool(b.speaker):
            quotes[i] = replace(a, speaker=a.speaker or b.speaker)
            quotes[i + 1] = replace(b, speaker=a.speaker or b.speaker)
    return quotes


def _after_subject(tail: str, *, final: bool = False) -> str | None:
    """Speaker of an attribution that follows a quote: ``, the ministry said in a statement.``"""
    tail = _CLAUSE_END.split(tail.lstrip(" ,—–-"), maxsplit=1)[0]
    if m := _ACCORDING.match(tail):
        return _noun_phrase(m.group("np"))
    if not final and (m := _INVERTED.match(tail)):
        return _noun_phrase(m.group("np"))
    m = _AFTER_CUE.search(tail)
    if not m or m.group().endswith("ing") or tail.startswith(" by ", m.end()):
        return None
    seg = _drop_appositive(_TIME.sub(" ", tail[: m.start()]))
    if _SOFT.search(seg) or len(seg.split()) > 12:
        return None
    if final:
        # Only a bare attribution closes a sentence ("…, the ministry said on Sunday."), not
        # a new clause ("…, and the mayor said visitors were pleased.").
        rest = tail[m.end() :].rstrip(" .!?")
        if m.group() == "told":
            rest = _FIRST_WORD.sub("", rest)
        if _CONJUNCTION.match(seg) or not _FINAL_REST.fullmatch(rest):
            return None
    return _clean(seg)


def _before_subject(before: str) -> str | None:
    """Speaker named before a quote: ``X said: "``, ``X condemned the strikes as a "``."""
    if m := _WHAT_CALLED.search(before):
        return _clean(m.group("subj"))
    cues = [m for m in _CUE.finditer(before) if not before.startswith(" by ", m.end())]
    if not cues:
        return None
    if not cues[-1].group().endswith("ing"):
        return _subject_before(before[: cues[-1].start()])
    # "…, saying …": the participle's subject is the main clause's subject.
    main = [m for m in cues if not m.group().endswith("ing")]
    if main:
        return _subject_before(before[: main[-1].start()])
    head = _PAST_VERB.search(before[: cues[-1].start()])
    return _subject_before(before[: head.start()]) if head else None


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 - the loop is how the last match is reached
        pass
    return last


def _subject_before(seg: str) -> str | None:
    """The noun phrase right before a verb: ``On Sunday, the ministry`` → ``the ministry``."""
    hard = _last(_HARD.finditer(seg))
    if hard:
        seg = seg[hard.end() :]
    seg = _TRAILING_AUX.sub("", _TIME.sub(" ", seg))
    seg = _drop_appositive(seg)
    soft = _last(_SOFT.finditer(seg))
    return _clean(seg[soft.end() :] if soft else seg)


def _drop_appositive(seg: str) -> str:
    # "Two officials, speaking on condition of anonymity, said" → "Two officials".
    seg = seg.rstrip()
    if seg.endswith(","):
        seg = seg[:-1]
        seg = seg.rsplit(",", 1)[0] if "," in seg else seg
    return seg.rsplit(",", 1)[-1]


def _noun_phrase(tail: str) -> str | None:
    end = _NP_END.search(tail)
    return _clean(tail[: end.start()] if end else tail)


def _clean(raw: str) -> str | None:
    # "Mr. Bauer went on to [say]": the speaker is the one who goes on.
    raw = _GOES_ON.sub("", raw)
    words = _IN_STATEMENT.sub("", _TIME.sub(" ", raw)).strip(" \t,.").split()
    if words and words[-1].lower() in ("and", "or", "immediately", "then"):
        return None  # a clause of its own ends here, not a speaker's name
    if words and words[-1].lower() in _PASSIVE:
        return None
    while words and words[-1].lower() in _AUX_WORDS:
        words.pop()
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    if not words or len(words) > 12 or words[0].lower() in _NOT_SUBJECT:
        return None
    # A speaker is a noun phrase: with a finite verb inside it is a clause that merely
    # precedes the cue ("Afghanistan is a war the United States must win").
    if any(word.lower() in _FINITE for word in words):
        return None
    subject = " ".join(words).strip(" ,.")
    if m := _STATEMENT_BY.match(subject):
        subject = m.group("x")
    if _LEADING_THE.match(subject):
        subject = subject[4:]
    if _HOLE in subject or not any(c.isalpha() for c in subject):
        return None
    return subject


def _is_pronoun(subject: str) -> bool:
    return subject.lower() in _PRONOUNS


def _resolve(subject: str, pos: int, mentions: list[tuple[int, str, bool]]) -> str | None:
    low = subject.lower()
    statement = bool(_THE_STATEMENT.match(subject))
    if low not in _PRONOUNS and not statement:
        return subject
    # Only the nearest mentions matter to a reader, and scanning them all would be quadratic.
    first = bisect.bisect_left(mentions, (pos,))
    earlier = mentions[max(0, first - _LOOKBACK) : first][::-1]
    if statement:
        return next((m[1] for m in earlier if m[2]), subject)
    wanted = _PRONOUNS[low]
    fit = next((m[1] for m in earlier if _entity_type(m[1]) in wanted), None)
    return fit or (earlier[0][1] if earlier else None)


def _entity_type(speaker: str) -> str:
    words = _PREPOSITION.split(speaker, maxsplit=1)[0].split()
    if not words:
        return "unknown"
    head = _GENITIVE.sub("", words[-1]).lower()
    if head in _ROLE_WORDS:
        return "person"
    if head in _ORG_WORDS:
        return "org"
    if words[-1].islower() and head.endswith("s") and not head.endswith("ss"):
        return "group"
    if len(words) >= 2 and any(c.isupper() for c in words[-1]) and words[-2][:1].isupper():
        return "person"
    return "unknown"


def find_attribution(sentence: str) -> str | None:
    """Who a sentence of reported speech cites: ``…, local authorities said.`` → that speaker.

    ``according to X``, a sentence-final ``, X said``, or ``X said (that) …``. A pronoun
    gives None: without the article around it nobody can say who "he" is.
    """
    if m := _ACCORDING.search(sentence):
        subject = _noun_phrase(m.group("np"))
        if subject and not _is_pronoun(subject):
            return subject
    if "," in sentence:
        subject = _after_subject(sentence.rsplit(",", 1)[1], final=True)
        if subject and not _is_pronoun(subject):
            return subject
    for m in _CUE.finditer(sentence):
        if m.group().endswith("ing") or sentence.startswith(" by ", m.end()):
            continue
        subject = _subject_before(sentence[: m.start()])
        if subject and not _is_pronoun(subject):
            return subject
        break
    return None
