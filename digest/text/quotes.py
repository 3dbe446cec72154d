"""Direct quotations and who said them.

Quotes are found from the quotation marks (curly, straight, and ‘…’ where it cannot be an
apostrophe). The speaker is read the way a reader of English news reads it, per paragraph:

- the quote's own cue, after it ("…," the ministry said in a statement; "…," said X), before
  it (X said: "…"; X condemned the strikes as "…"; what X called "…"), "according to X", a
  sentence-final ", X said", or the subject of a clause ending in a colon;
- the cue's subject counts only if it is a person, a group or a body (:mod:`speakers`):
  "The raids aimed at “…”, the minister said" is the minister's, never the raids';
- otherwise the speaker is carried: the other half of a split quote ("…," he said, "…"),
  the next sentence of a paragraph that named its speaker, a quote after "X said:";
- pronouns, "the statement" and "the ministry" resolve to the nearest fitting speaker or
  subject named before; a surname becomes the fullest name the article gives;
- names, titles and terms in quotes (so-called "…", on the show "…") get no speaker, and
  nor does a quote whose only candidate is not a person or body: none rather than a wrong one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, islice

from digest.model import Quote, QuoteKind, Sentence
from digest.text.speakers import (
    MAX_SENTENCE,
    ROLE_WORDS,
    Mention,
    full_name,
    head_word,
    is_agent,
    is_pronoun,
    is_statement,
    kind_of,
    name_mentions,
    proper_name,
    surname_after_title,
)

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
_PAST_VERB = re.compile(
    r"(?<=\s)(?:[a-z]+ed|took|made|gave|went|came|sent|held|led|met|spoke|put|left|kept|got"
    r"|brought|thought|found|stood|broke|began|ran|won|lost|paid|hit|drew|rose|struck|sought"
    r"|fought|caught|spent|built|shot|threw|wrote|told|said)\b"
)
_LEADING_THE = re.compile(r"The\s+[A-Z]")
_FULL_WORDS = 8
"""A quotation this long is a clause of its own, not a phrase borrowed into a sentence."""


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _verb_forms() -> frozenset[str]:
    regular = _wordset(
        "add warn stress condemn insist state announce note explain continue ask reply declare "
        "argue claim describe call deny urge demand accuse term brand praise vow pledge promise "
        "denounce criticise criticize welcome hail dismiss reject blame confirm tweet acknowledge "
        "affirm emphasise emphasize assert complain caution threaten allege respond conclude "
        "remark mention suggest recall predict estimate observe concede admit boast joke quip "
        "chant shout scream yell plead testify counter retort report believe contend maintain "
        "recount signal post vow"
    )
    forms = set(
        _wordset(
            "said say says saying told tell tells telling wrote writes writing admitted admitting "
            "slammed slamming labelled labeled labelling adds warns insists stresses states notes "
            "explains asks argues write"
        )
    )
    for base in regular:
        if base.endswith("e"):
            forms.update((base + "d", base[:-1] + "ing"))
        elif base.endswith("y") and base[-2] not in "aeiou":
            forms.update((base[:-1] + "ied", base + "ing"))
        else:
            forms.update((base + "ed", base + "ing"))
    # Present forms ("Perry says", "went on to praise") only of verbs that are seldom nouns:
    # "reports", "calls" or "state" before a quote are more often things than speech.
    nouns = _wordset(
        "report post call signal counter state joke quip chant shout estimate respond reply "
        "blame welcome caution term brand note tweet remark mention recall"
    )
    plural_nouns = _wordset("demand claim pledge promise vow")
    for base in regular - nouns:
        if base.endswith("y") and base[-2] not in "aeiou":
            forms.update((base, base[:-1] + "ies"))
        else:
            forms.add(base + ("es" if base.endswith(("sh", "ch", "ss")) else "s"))
            if base not in plural_nouns:
                forms.add(base)
    return frozenset(forms)


_CUES = _verb_forms()
_CUE_ALT = "|".join(sorted(_CUES, key=len, reverse=True))
# After an article a cue word is an adjective or a noun: "an alleged poll", "the said".
_NOT_AFTER_ARTICLE = r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bA\s)(?<!\bAn\s)(?<!\bThe\s)"
_CUE = re.compile(rf"\b{_NOT_AFTER_ARTICLE}(?:{_CUE_ALT})\b")
_CUE_AT_END = re.compile(rf"\b(?:{_CUE_ALT})\b[^\w\ue000]*$")
# "read" is a cue only in "…," the statement read, never before a quote.
_AFTER_CUE = re.compile(rf"\b(?:{_CUE_ALT}|read|reads)\b")
_INVERTED = re.compile(
    r"(?:said|says|added|adds|wrote|writes|asked|continued|stated|explained|insisted|warned"
    r"|noted|declared|replied|argued|concluded|stressed)\s+(?P<np>.+)",
    re.DOTALL,
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<np>[^,;:!?()\ue000]{1,120})")
_ISSUED = re.compile(
    r"\b(?:issued|released|published|sent|signed)\s+(?:an?\s+|\w+\s+)?(?:\w+\s+)?"
    r"(?:statements?|letters?|releases?)\b"
)
_STATEMENT_BY = re.compile(
    r"^(?:an?|the)\s+(?:\w+\s+)?(?:statement|release|letter|communiqu[eé]|post)\s+(?:by|from)"
    r"\s+(?P<x>.+?)(?:\s+(?:about|on|regarding|after|over)\s.*)?$",
    re.IGNORECASE,
)
_NAME_ONLY = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*")
"""Two to four capitalised words: a person's name in apposition."""
_NAMED_END = re.compile(
    r"(?:\b(?:the|a|an)\s+)?[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|of|for|and|the))*$"
)
_DEFINITE_END = re.compile(r"\b(?:the|a|an)\s+[^,]*$")
_CITING = re.compile(r"\bciting\s+(?P<np>[^,;:.\ue000]{1,80})")
_FROM_AUTHOR = re.compile(r"\s+(?:from|by)\s+(?P<np>[^,;:\ue000]{1,80})")
_FINITE_VERB = re.compile(r"(?<=\w)\s+(?:[a-z]+(?<!s)s|[a-z]+ed|is|are|was|were|has|had)\b")
_QUOTED_AS = re.compile(r"\s(?:was|were|is|are|has been|had been)\s+quoted\b")
_VERB_INSIDE = re.compile(r"(?<=\s)[a-z]+[^s\W]s\s+(?=[A-Z])")
"""``The Times reports Liz Cheney``: a present-tense verb inside a phrase ends the subject."""
_THE_STATEMENT = re.compile(r"^(?:the|this|that)\s+(?:\w+\s+)?statement$", re.IGNORECASE)
_IN_STATEMENT = re.compile(
    r"\bin an?\s+(?:\w+\s+)?(?:statement|interview|tweet|post|briefing)\b.*", re.IGNORECASE
)
_OWNS_STATEMENT = re.compile(
    r"\b(?:in an?\s+(?:\w+\s+)?statement|statement\s+(?:by|from))\b", re.IGNORECASE
)
_HARD = re.compile(
    rf"[\ue000;:—–]|--|\b[Aa]ccording to\b|(?<![\w-])\b{_NOT_AFTER_ARTICLE}(?:{_CUE_ALT})\b"
)
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
    rf"|\s(?:{_CUE_ALT})\b"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|weekend|week|month|year|night)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIME = re.compile(
    rf"\b(?:(?:late|early)\s+)?(?:on|last|this|earlier|late|early)\s+{_DAY}"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b"
    rf"|\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\b(?:in|last|this|early|late)\s+(?:{_MONTH}|\d{{4}})(?!\w)"
    r"|\b(?:yesterday|today|tonight|earlier|later|also|further|separately|again|previously"
    r"|reportedly|meanwhile|then|already|recently|publicly|officially|repeatedly|once|just"
    r"|first|quickly|still|finally|herself|himself|themselves|itself)\b"
    r"|\b(?:emphatically|angrily|flatly|firmly|bluntly|briefly|quietly|loudly|openly|privately"
    r"|sharply|strongly|tersely|calmly|proudly|bitterly|fiercely|directly|explicitly|formally"
    r"|swiftly|immediately|simply|clearly|vocally|subsequently|initially|personally"
    r"|specifically|partly|generally|erroneously|falsely|wrongly|mistakenly|reportedly)\b"
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
_JOINS = _wordset("of for at in from on to with and by about over against among like as")
_LEAD_WORDS = _wordset("and but so then while as even only both")
_PASSIVE = _wordset("was were is are been be being not")
_NOT_SUBJECT = _wordset(
    "in of to for with by at from on as there this what which who that these those if when "
    "where how about during over against into through under without within between"
)
# A quote right after one of these is a name or a scare quote, not somebody's words.
_NAMING = re.compile(
    r"(?:so-called|so called|known as|self-styled|self-proclaimed|nicknamed|dubbed|named|titled"
    r"|entitled|called|termed|labell?ed|branded|referred to as|billed as|headlined|captioned"
    r"|call(?:s|ed|ing) (?:itself|themselves)"
    r"|(?:subject line|headline|title|caption|hashtag|codename|code name|motto|slogan),?)\s*$",
    re.IGNORECASE,
)
_WHAT_CALLED = re.compile(
    r"\b(?:what|which)\s+(?P<subj>(?:\S+\s+){0,3}?\S+)\s+(?:call(?:s|ed)|term(?:s|ed)|dub(?:s|bed)"
    r"|describ(?:es|ed) as|labell?ed|refer(?:s|red) to as)"
    r"(?:\s+(?:an?|the))?(?:\s+[A-Z][\w-]*)?\s*$"
)
# Speech introduced by its speaker ("X said, “…”", "According to X, “…”") is a full quote.
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|added|told \w+|wrote|stated)|\b[Aa]ccording to [^,\ue000]{1,80}),?\s*$"
)
_SENTENCES_INSIDE = re.compile(r"[.!?]\s+[A-Z“\"]")
_PRONOUNS = {
    "he": ("person",),
    "she": ("person",),
    "i": ("person",),
    "it": ("body",),
    "they": ("people", "body"),
    "we": ("people", "body"),
}
_GAP = 120
"""Characters of attribution between the halves of a split quote."""
_GROUP_VERB = re.compile(r"\s(?:[a-z]{3,}ed|are|were|have|had|will|would|say|said|want|do|did)\b")
_REACH = 3000
"""Characters back from a quote that a pronoun or a carried speaker may point to."""
_INVERTED_START = re.compile(
    r"\s*(?:said|says|added|adds|wrote|writes|asked|continued|stated|explained|insisted"
    r"|warned|noted|declared|replied|argued|concluded|stressed|admitted)\s+(?:the\s|[A-Z])"
)
_NEXT_ATTRIBUTION = re.compile(
    r"\s*(?:(?:he|she|they|(?:[A-Z][\w.’'-]*\s+){1,4})(?:said|says|added|asked|continued|wrote"
    r"|replied|explained|insisted|declared|told)\b|(?:said|added|asked|continued|replied)\s+[A-Z])"
)
_TITLE_SMALL = _wordset("of the a an and to in on for at by we de la al")


@dataclass(frozen=True)
class _Span:
    open: int
    """Index of the opening mark."""
    stop: int
    """Index just past the closing mark, or the paragraph end for an unclosed quote."""
    start: int
    end: int
    closed: bool


@dataclass(frozen=True)
class _Article:
    """What attribution reads of one article, computed once."""

    text: str
    masked: str
    """The text with every quotation replaced by ``_HOLE``s."""
    sentences: Sequence[Sentence]
    starts: list[int]
    cues: list[tuple[int, str, bool]]
    """Subjects of speech verbs by position: ``(pos, phrase, owns_a_statement)``."""
    groups: list[tuple[int, str]]
    """Subjects of any verb that are people or bodies (``all 42 members of the caucus are
    sending``, ``The army carried out``): what "they" and "it" may point back to."""
    names: tuple[Mention, ...]


@dataclass(frozen=True)
class _Found:
    quote: Quote
    why: str
    """How the speaker was found (or not): the cue, the subject, the rule."""


def find_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[Quote, ...]:
    """Every direct quotation in ``text``, in text order, with its kind and speaker."""
    return tuple(found.quote for found in _find(text, sentences))


def explain_quotes(text: str, sentences: Sequence[Sentence]) -> tuple[tuple[Quote, str], ...]:
    """:func:`find_quotes` with, for each quote, how its speaker was found or why none was."""
    return tuple((found.quote, found.why) for found in _find(text, sentences))


def _find(text: str, sentences: Sequence[Sentence]) -> list[_Found]:
    marks = [(m.start(), m.group()) for m in islice(_MARK.finditer(text), _MAX_MARKS)]
    doubles = _double_spans(text, marks)
    spans = sorted(doubles + _single_spans(text, marks, doubles), key=lambda s: s.open)
    if not spans:
        return []
    pieces: list[str] = []
    last = 0
    for span in spans:
        pieces += [text[last : span.open], _HOLE * (span.stop - span.open)]
        last = span.stop
    masked = "".join(pieces) + text[last:]
    article = _Article(
        text=text,
        masked=masked,
        sentences=sentences,
        starts=[s.start for s in sentences],
        cues=_mentions(masked, sentences),
        groups=_group_subjects(masked, sentences),
        names=name_mentions(masked, sentences),
    )
    found: list[_Found] = []
    for span in spans:
        index = max(bisect.bisect_right(article.starts, span.start) - 1, 0)
        found.append(_quote(article, span, index, found))
    return _fill_continuations(text, spans, found)


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
        body = masked[sent.start : min(sent.end, sent.start + MAX_SENTENCE)]
        for m in chain(_CUE.finditer(body), _ISSUED.finditer(body)):
            if len(found) >= _MAX_CUES:
                return sorted(found)
            if m.group().endswith("ing") or body.startswith(" by ", m.end()):
                continue
            raw = body[max(0, m.start() - _WINDOW) : m.start()]
            subject = _subject_before(raw)
            if m.re is _ISSUED and (author := _FROM_AUTHOR.match(body, m.end())):
                subject = _noun_phrase(author.group("np"))  # "signed a letter from X": X's
            if subject and _named(subject):
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
            if subject and _named(subject):
                found.append((sent.start + m.start(), subject, False))
    return sorted(found)


def _group_subjects(masked: str, sentences: Sequence[Sentence]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for sent in sentences[:_MAX_CUES]:
        body = masked[sent.start : min(sent.end, sent.start + _WINDOW)]
        verb = _GROUP_VERB.search(body)
        if verb:
            subject = _clean(body[: verb.start()].rsplit(",", 1)[-1])
            if subject and kind_of(subject) in ("people", "body"):
                found.append((sent.start, subject))
    return found


def _named(subject: str) -> bool:
    """A speaker a later pronoun or "the statement" can point back to."""
    return not is_pronoun(subject) and not is_statement(subject) and is_agent(subject)


def _quote(article: _Article, span: _Span, index: int, previous: list[_Found]) -> _Found:
    text, masked, sentences = article.text, article.masked, article.sentences
    sent = sentences[index] if sentences else None
    if sent is None or not sent.start <= span.open <= sent.end:
        lead, before = "", ""
    else:
        lead = masked[sent.start : span.open] if span.open - sent.start <= _WINDOW else "x"
        before = masked[max(sent.start, span.open - _WINDOW) : span.open]
    close_at = max(bisect.bisect_right(article.starts, span.stop - 1) - 1, 0)
    limit = sentences[close_at].end if sentences else span.stop
    after = masked[span.stop : min(limit, span.stop + _WINDOW)] if span.closed else ""
    if span.closed and not after.strip() and close_at + 1 < len(sentences):
        # “…?” Obama continued. -- split by the sentence splitter after the question mark.
        following = sentences[close_at + 1]
        nxt = masked[span.stop : min(following.end, span.stop + _WINDOW)]
        if _NEXT_ATTRIBUTION.match(nxt):
            after = nxt
    content = text[span.start : span.end]
    raw_end = text[span.end : span.stop]
    starts_sentence = not lead.strip()
    naming = bool(_NAMING.search(before)) and not _WHAT_CALLED.search(before)
    if not naming and not starts_sentence and _is_title(content, before):
        naming = True  # a show, a motto, a name: “Meet the Press”, “In God We Trust”

    subject, why = (
        (None, "named or titled, not said") if naming else _own(before, after, raw_end, content)
    )
    speaker = None
    if subject:
        speaker, how = _resolve(article, subject, span.open, previous)
        why += how

    words = len(content.split())
    full = (
        starts_sentence
        or before.rstrip().endswith(":")
        or bool(_SPEECH_BEFORE.search(before))
        or words >= _FULL_WORDS
        or (words >= 4 and bool(_SENTENCES_INSIDE.search(content)))
    )
    if speaker is None and not naming:
        speaker, how = _carried(article, span, index, previous, before, full and starts_sentence)
        why += how
    kind: QuoteKind = "full" if full else ("partial" if speaker and not naming else "scare")
    if kind == "scare":
        speaker = None
    quote = Quote(
        text=content, start=span.start, end=span.end, speaker=speaker, kind=kind, sentence=index
    )
    return _Found(quote=quote, why=why or "no cue in the sentence")


def _is_title(content: str, before: str) -> bool:
    """Title-case words with no speech verb before them are a name, not somebody's words."""
    words = content.split()
    if not words or len(words) > 6 or _CUE_AT_END.search(before) or before.rstrip().endswith(":"):
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words) and bool(
        words[0][:1].isupper()
    )


def _own(before: str, after: str, raw_end: str, content: str) -> tuple[str | None, str]:
    """The subject of the quote's own attribution in its sentence, and which rule found it."""
    rejected = ""
    follows = (
        _ATTRIBUTION_FOLLOWS.match(raw_end)
        or content.rstrip("'’")[-1:] in ("?", "!", ",")
        or after.startswith(",")
        or _INVERTED_START.match(after)
    )
    candidates = (
        ("cue after the quote", lambda: _after_subject(after) if follows else None),
        ("cue before the quote", lambda: _before_subject(before)),
        ("“according to”", lambda: _according(before + after)),
        ("clause before a colon", lambda: _colon_subject(before)),
        (
            "cue closing the sentence",
            lambda: _after_subject(after.rsplit(",", 1)[1], final=True) if "," in after else None,
        ),
    )
    for rule, find in candidates:
        subject = find()
        if not subject:
            continue
        clause = after if rule.startswith("cue after") else before
        if (relay := _CITING.search(clause)) and (source := _noun_phrase(relay.group("np"))):
            # "an outlet reported, citing state television": the source spoke.
            return source, f"{rule}: “{subject}” relays “{source}”"
        if is_pronoun(subject) or is_statement(subject) or is_agent(subject):
            return subject, f"{rule}: subject “{subject}”" + rejected
        rejected += f"; {rule} gave “{subject}”, not a person or body"
    return None, rejected.lstrip("; ")


def _colon_subject(before: str) -> str | None:
    """``A voice-over at the end of the ad underscores the message: “…”``: a colon
    introduces the words of the clause's subject, whatever its verb."""
    clause = before.rstrip()
    if not clause.endswith(":"):
        return None
    clause = _CLAUSE_END.split(clause[:-1])[-1]
    for verb in _FINITE_VERB.finditer(clause):
        subject = _clean(clause[: verb.start()].rsplit(",", 1)[-1])
        if subject and (is_pronoun(subject) or is_agent(subject)):
            return subject
    return None


def _according(context: str) -> str | None:
    m = _ACCORDING.search(context)
    return _noun_phrase(m.group("np")) if m else None


def _resolve(
    article: _Article, subject: str, pos: int, previous: list[_Found]
) -> tuple[str | None, str]:
    """The name a reader should see for ``subject``, and how it was reached."""
    low = subject.lower()
    if is_pronoun(low):
        found = _antecedent(article, low, pos, previous)
        return found, f" → “{low}” is {found or 'nobody named nearby'}"
    earlier = _earlier_cues(article, pos)
    if is_statement(subject):
        owner = next((m[1] for m in earlier if m[2]), None)
        if owner:
            return _display(article, owner, pos), " → who issued the statement"
        return subject, ""
    words = subject.split()
    if words[0].lower() == "the" and len(words) <= 4 and subject[1:].islower():
        # "the ministry" after "Iraq's Ministry of Foreign Affairs said": the fuller name.
        head = head_word(subject)
        for _, phrase, _ in earlier:
            named = phrase != subject and any(c.isupper() for c in phrase)
            if named and re.search(rf"\b{re.escape(head)}\b", phrase, re.I):
                return _display(article, phrase, pos), f" → “{subject}” is “{phrase}”"
        return subject, ""
    return _display(article, subject, pos), ""


def _display(article: _Article, phrase: str, pos: int) -> str:
    name = proper_name(phrase)
    full = full_name(name, pos, article.names)
    if full == phrase and (surname := surname_after_title(phrase)):
        # "Vice President Biden": the surname after a role, in full if the article gives it.
        expanded = full_name(surname, pos, article.names)
        return expanded if expanded != surname else phrase
    return full


def _earlier_cues(article: _Article, pos: int) -> list[tuple[int, str, bool]]:
    # Only the nearest mentions matter to a reader, and scanning them all would be quadratic.
    first = bisect.bisect_left(article.cues, (pos,))
    near = article.cues[max(0, first - _LOOKBACK) : first][::-1]
    return [m for m in near if pos - m[0] <= _REACH]


def _cues_before(article: _Article, pos: int) -> int:
    return bisect.bisect_left(article.cues, (pos,))


def _fits(article: _Article, pronoun: str, phrase: str) -> bool:
    kind = kind_of(proper_name(phrase))
    if kind == "name":
        person = any(m.person and m.name.endswith(phrase.split()[-1]) for m in article.names)
        kind = "person" if person else "body"
    return kind in _PRONOUNS[pronoun]


def _antecedent(article: _Article, pronoun: str, pos: int, previous: list[_Found]) -> str | None:
    """Who "he", "she", "it" or "they" is: the nearest fitting speaker or subject before."""
    candidates: list[tuple[int, str]] = [(m[0], m[1]) for m in _earlier_cues(article, pos)]
    candidates += [
        (f.quote.start, f.quote.speaker)
        for f in previous[-_LOOKBACK:]
        if f.quote.speaker and pos - f.quote.start <= _REACH
    ]
    if pronoun in ("they", "we", "it"):
        candidates += [g for g in article.groups if 0 < pos - g[0] <= _REACH][-_LOOKBACK:]
    if pronoun in ("he", "she", "i"):
        cut = bisect.bisect_left(article.names, pos, key=lambda m: m.start)
        nearby = [
            m for m in article.names[max(0, cut - _LOOKBACK) : cut] if pos - m.start <= _REACH
        ]
        candidates += [(m.start, m.name) for m in nearby if m.person and m.subject]
        # Failing a subject, the person last named at all ("… sent the letter to Harry
        # Reid. “…,” he said.").
        others = [(m.start, m.name) for m in nearby if m.person and not m.subject]
    else:
        others = []
    for group in (candidates, others):
        for _, phrase in sorted(group, reverse=True):
            if _fits(article, pronoun, phrase):
                return _display(article, phrase, pos)
    return None


def _carried(
    article: _Article,
    span: _Span,
    index: int,
    previous: list[_Found],
    before: str,
    opens_sentence: bool,
) -> tuple[str | None, str]:
    """A speaker named outside the quote's sentence: split and continued quotes."""
    last = previous[-1].quote if previous else None
    gap = article.masked[last.end : span.open].strip(_HOLE + " ") if last else ""
    if last and last.speaker and len(gap) < _GAP and gap.endswith((",", ":")) and _CUE.search(gap):
        # "“A,” he said, “B.”": the second half is his too.
        return last.speaker, "; split quote: “…,” said X, “…”"
    if not opens_sentence or index == 0:
        return None, ""
    sentences = article.sentences
    prev, cur = sentences[index - 1], sentences[index]
    if last and last.sentence == index - 1 and last.speaker and prev.paragraph == cur.paragraph:
        return last.speaker, "; continues the quote before it"
    paragraph_start = index
    while paragraph_start > 0 and sentences[paragraph_start - 1].paragraph == cur.paragraph:
        paragraph_start -= 1
    colon = article.masked[max(0, span.open - _WINDOW) : span.open].rstrip().endswith(":")
    if paragraph_start == index and not colon:
        return None, ""
    # "Smith said the talks failed. “…”" and "Smith told reporters: / “…”": Smith's.
    lower = sentences[paragraph_start if paragraph_start < index else index - 1].start
    cues = article.cues[
        bisect.bisect_left(article.cues, (lower,)) : _cues_before(article, cur.start)
    ]
    if not cues:
        return None, ""
    return _display(article, cues[-1][1], span.open), f"; carried from “{cues[-1][1]}” before it"


def _fill_continuations(text: str, spans: list[_Span], found: list[_Found]) -> list[_Found]:
    # A quote left open at a paragraph end and the quote opening the next paragraph are one
    # quotation, so an attribution found on either side belongs to both.
    for i in range(len(found) - 1):
        a, b = found[i].quote, found[i + 1].quote
        joined = not spans[i].closed and not text[spans[i].stop : spans[i + 1].open].strip()
        if joined and "scare" not in (a.kind, b.kind) and bool(a.speaker) != bool(b.speaker):
            speaker = a.speaker or b.speaker
            note = "; one quotation across paragraphs"
            found[i] = _Found(replace(a, speaker=speaker), found[i].why + note)
            found[i + 1] = _Found(replace(b, speaker=speaker), found[i + 1].why + note)
    return found


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
    if issued := _last(_ISSUED.finditer(before)):
        # "The White House issued a statement that said “…”": the issuer speaks.
        subject = _subject_before(before[: issued.start()])
        if subject and (is_pronoun(subject) or is_agent(subject)):
            return subject
    cues = [m for m in _CUE.finditer(before) if not before.startswith(" by ", m.end())]
    if not cues:
        return None
    # The nearest cue whose subject is a person or body: in "Mr. Corker said that if
    # Republicans agreed, “…”" the clause's subject is not the speaker.
    first = None
    for cue in reversed(cues):
        if cue.group().endswith("ing"):
            continue
        subject = _subject_before(before[: cue.start()])
        if subject and (is_pronoun(subject) or is_agent(subject)):
            return subject
        first = first or subject
    if first or not cues[-1].group().endswith("ing"):
        return first
    if quoted := _QUOTED_AS.search(before):
        # "X was quoted in The Hill as saying"
        return _subject_before(before[: quoted.start()])
    # "…, saying …": the participle's subject is the main clause's subject.
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
    relative = re.search(r",\s*(?:which|who)\s*$", seg)
    if relative:
        # "the Log Cabin Republicans, a gay group, which said": the antecedent speaks.
        chunks = seg[: relative.start()].split(",")
        antecedent = chunks[-1].strip()
        if len(chunks) > 1 and re.match(r"(?:an?|the)\s+[a-z]", antecedent):
            antecedent = chunks[-2]  # "the Log Cabin Republicans, a gay group, which"
        m = _NAMED_END.search(antecedent) or _DEFINITE_END.search(antecedent)
        return _clean(m.group()) if m else None
    seg = _drop_appositive(seg)
    soft = _last(_SOFT.finditer(seg))
    return _clean(seg[soft.end() :] if soft else seg)


def _drop_appositive(seg: str) -> str:
    """``Two officials, speaking on condition of anonymity,`` → ``Two officials``; but
    ``the coalition's executive director, Matt Brooks,`` → ``Matt Brooks``: a name in
    apposition to a description is who the description is."""
    seg = seg.rstrip()
    if seg.endswith(","):
        seg = seg[:-1]
        if "," in seg:
            rest, last = seg.rsplit(",", 1)
            described = rest.rsplit(",", 1)[-1].split()
            if (
                _NAME_ONLY.fullmatch(last.strip())
                and described
                and (described[0][:1].islower() or described[0] in ("The", "A", "An"))
            ):
                return last
            seg = rest
    elif "," in seg:
        # "Charlotte Moore, Controller of BBC One said": the name, not the office after it.
        rest, last = seg.rsplit(",", 1)
        name = rest.rsplit(",", 1)[-1].strip()
        role = last.split()[0].lower() if last.split() else ""
        if _NAME_ONLY.fullmatch(name) and (role in ROLE_WORDS or last.strip()[:1].islower()):
            return name
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
    if any(
        w.lower() in ("the", "a", "an") and words[i - 1].lower() not in _JOINS
        for i, w in enumerate(words[1:], 1)
    ):
        return None  # "a point the media office [denied]": a relative clause, not a name
    if re.search(r"\bof\s+(?:[a-z]+ly\s+)?[a-z]+ing\b", " ".join(words)):
        return None  # "Bush of effectively gutting protections": an accusation, not a name
    if is_pronoun(words[0]) and len(words) > 1:
        return None  # "she overheard someone": a clause with its own verb
    if any(
        w.lower() == "what" or (w.endswith("ed") and w.islower() and words[i - 1][:1].isupper())
        for i, w in enumerate(words[1:], 1)
    ):
        return None  # "Mr. Boehner delivered what aides": a clause with its own verb
    subject = " ".join(words).strip(" ,.")
    if verb := _last(_VERB_INSIDE.finditer(subject)):
        subject = subject[verb.end() :]
    if m := _STATEMENT_BY.match(subject):
        subject = m.group("x")
    if _LEADING_THE.match(subject):
        subject = subject[4:]
    if _HOLE in subject or not any(c.isalpha() for c in subject):
        return None
    return subject


def find_attribution(sentence: str) -> str | None:
    """Who a sentence of reported speech cites: ``…, local authorities said.`` → that speaker.

    ``according to X``, a sentence-final ``, X said``, or ``X said (that) …``. A pronoun
    gives None: without the article around it nobody can say who "he" is.
    """
    if m := _ACCORDING.search(sentence):
        subject = _noun_phrase(m.group("np"))
        if subject and not is_pronoun(subject):
            return subject
    if "," in sentence:
        subject = _after_subject(sentence.rsplit(",", 1)[1], final=True)
        if subject and not is_pronoun(subject):
            return subject
    for m in _CUE.finditer(sentence):
        if m.group().endswith("ing") or sentence.startswith(" by ", m.end()):
            continue
        subject = _subject_before(sentence[: m.start()])
        if subject and not is_pronoun(subject):
            return subject
        break
    return None
