"""Direct quotations and who said them.

Quotes are found from the quotation marks (:mod:`digest.text.quote_marks`). The speaker is
read the way a reader of English news reads it, per paragraph:

- the quote's own cue (its grammar: :mod:`digest.text.attribution`), after it ("…," the
  ministry said in a statement; "…," said X), before it (X said: "…"; X condemned the
  strikes as "…"; what X called "…"), "according to X", a
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
from collections.abc import Sequence
from dataclasses import dataclass, replace

from digest.model import Quote, QuoteKind, Sentence
from digest.text.attribution import (
    CUE,
    CUE_AT_END,
    WHAT_CALLED,
    WINDOW,
    group_subjects,
    own_subject,
    speech_cues,
)
from digest.text.quote_marks import HOLE, Span, mask_quotes, quote_spans
from digest.text.speakers import (
    Mention,
    full_name,
    head_word,
    is_pronoun,
    is_statement,
    kind_of,
    name_mentions,
    proper_name,
    surname_after_title,
)

_LOOKBACK = 50
"""Named mentions searched back from a pronoun or "the statement"."""
_FULL_WORDS = 8
"""A quotation this long is a clause of its own, not a phrase borrowed into a sentence."""
# A quote right after one of these is a name or a scare quote, not somebody's words.
_NAMING = re.compile(
    r"(?:so-called|so called|known as|self-styled|self-proclaimed|nicknamed|dubbed|named|titled"
    r"|entitled|called|termed|labell?ed|branded|referred to as|billed as|headlined|captioned"
    r"|call(?:s|ed|ing) (?:itself|themselves)"
    r"|(?:subject line|headline|title|caption|hashtag|codename|code name|motto|slogan),?)\s*$",
    re.IGNORECASE,
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
_REACH = 3000
"""Characters back from a quote that a pronoun or a carried speaker may point to."""
_NEXT_ATTRIBUTION = re.compile(
    r"\s*(?:(?:he|she|they|(?:[A-Z][\w.’'-]*\s+){1,4})(?:said|says|added|asked|continued|wrote"
    r"|replied|explained|insisted|declared|told)\b|(?:said|added|asked|continued|replied)\s+[A-Z])"
)
_TITLE_SMALL = frozenset("of the a an and to in on for at by we de la al".split())


@dataclass(frozen=True)
class _Article:
    """What attribution reads of one article, computed once."""

    text: str
    masked: str
    """The text with every quotation replaced by ``HOLE``s."""
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
    spans = quote_spans(text)
    if not spans:
        return []
    masked = mask_quotes(text, spans)
    article = _Article(
        text=text,
        masked=masked,
        sentences=sentences,
        starts=[s.start for s in sentences],
        cues=speech_cues(masked, sentences),
        groups=group_subjects(masked, sentences),
        names=name_mentions(masked, sentences),
    )
    found: list[_Found] = []
    for span in spans:
        index = max(bisect.bisect_right(article.starts, span.start) - 1, 0)
        found.append(_quote(article, span, index, found))
    return _fill_continuations(text, spans, found)


def _quote(article: _Article, span: Span, index: int, previous: list[_Found]) -> _Found:
    text, masked, sentences = article.text, article.masked, article.sentences
    sent = sentences[index] if sentences else None
    if sent is None or not sent.start <= span.open <= sent.end:
        lead, before = "", ""
    else:
        lead = masked[sent.start : span.open] if span.open - sent.start <= WINDOW else "x"
        before = masked[max(sent.start, span.open - WINDOW) : span.open]
    close_at = max(bisect.bisect_right(article.starts, span.stop - 1) - 1, 0)
    limit = sentences[close_at].end if sentences else span.stop
    after = masked[span.stop : min(limit, span.stop + WINDOW)] if span.closed else ""
    if span.closed and not after.strip() and close_at + 1 < len(sentences):
        # “…?” Obama continued. -- split by the sentence splitter after the question mark.
        following = sentences[close_at + 1]
        nxt = masked[span.stop : min(following.end, span.stop + WINDOW)]
        if _NEXT_ATTRIBUTION.match(nxt):
            after = nxt
    content = text[span.start : span.end]
    raw_end = text[span.end : span.stop]
    starts_sentence = not lead.strip()
    naming = bool(_NAMING.search(before)) and not WHAT_CALLED.search(before)
    if not naming and not starts_sentence and _is_title(content, before):
        naming = True  # a show, a motto, a name: “Meet the Press”, “In God We Trust”

    subject, why = (
        (None, "named or titled, not said")
        if naming
        else own_subject(before, after, raw_end, content)
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
    if not words or len(words) > 6 or CUE_AT_END.search(before) or before.rstrip().endswith(":"):
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words) and bool(
        words[0][:1].isupper()
    )


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
    span: Span,
    index: int,
    previous: list[_Found],
    before: str,
    opens_sentence: bool,
) -> tuple[str | None, str]:
    """A speaker named outside the quote's sentence: split and continued quotes."""
    last = previous[-1].quote if previous else None
    gap = article.masked[last.end : span.open].strip(HOLE + " ") if last else ""
    if last and last.speaker and len(gap) < _GAP and gap.endswith((",", ":")) and CUE.search(gap):
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
    colon = article.masked[max(0, span.open - WINDOW) : span.open].rstrip().endswith(":")
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


def _fill_continuations(text: str, spans: list[Span], found: list[_Found]) -> list[_Found]:
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
