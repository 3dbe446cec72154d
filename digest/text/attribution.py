"""Who a clause of reported speech names as the speaker: the grammar of attribution.

English news attributes speech with a cue verb and its subject: after a quote ("…," the
ministry said in a statement; "…," said X), before it (X said: "…"; X condemned the strikes
as "…"; what X called "…"), "according to X", a sentence-final ", X said", or the subject of
a clause ending in a colon. These functions read that subject off the text around a quote
(with quotations masked, see :mod:`digest.text.quote_marks`) or off a sentence of reported
speech; deciding who it refers to is :mod:`digest.text.quotes`' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import chain

from digest.model import Sentence
from digest.text.quote_marks import HOLE
from digest.text.speakers import (
    MAX_SENTENCE,
    ROLE_WORDS,
    is_agent,
    is_pronoun,
    is_statement,
    kind_of,
)

_MAX_CUES = 2000
WINDOW = 300
"""Characters of context searched on either side of a quote or a cue verb."""
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
CUE = re.compile(rf"\b{_NOT_AFTER_ARTICLE}(?:{_CUE_ALT})\b")
CUE_AT_END = re.compile(rf"\b(?:{_CUE_ALT})\b[^\w\ue000]*$")
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
WHAT_CALLED = re.compile(
    r"\b(?:what|which)\s+(?P<subj>(?:\S+\s+){0,3}?\S+)\s+(?:call(?:s|ed)|term(?:s|ed)|dub(?:s|bed)"
    r"|describ(?:es|ed) as|labell?ed|refer(?:s|red) to as)"
    r"(?:\s+(?:an?|the))?(?:\s+[A-Z][\w-]*)?\s*$"
)
_GROUP_VERB = re.compile(r"\s(?:[a-z]{3,}ed|are|were|have|had|will|would|say|said|want|do|did)\b")
_INVERTED_START = re.compile(
    r"\s*(?:said|says|added|adds|wrote|writes|asked|continued|stated|explained|insisted"
    r"|warned|noted|declared|replied|argued|concluded|stressed|admitted)\s+(?:the\s|[A-Z])"
)


def speech_cues(masked: str, sentences: Sequence[Sentence]) -> list[tuple[int, str, bool]]:
    """Named speakers of the article by position: ``(pos, speaker, owns_a_statement)``."""
    found: list[tuple[int, str, bool]] = []
    for sent in sentences:
        body = masked[sent.start : min(sent.end, sent.start + MAX_SENTENCE)]
        for m in chain(CUE.finditer(body), _ISSUED.finditer(body)):
            if len(found) >= _MAX_CUES:
                return sorted(found)
            if m.group().endswith("ing") or body.startswith(" by ", m.end()):
                continue
            raw = body[max(0, m.start() - WINDOW) : m.start()]
            subject = _subject_before(raw)
            if m.re is _ISSUED and (author := _FROM_AUTHOR.match(body, m.end())):
                subject = _noun_phrase(author.group("np"))  # "signed a letter from X": X's
            if subject and _named(subject):
                owner = bool(
                    m.re is _ISSUED
                    or _OWNS_STATEMENT.search(raw)
                    or _OWNS_STATEMENT.match(body[m.end() : m.end() + WINDOW].lstrip())
                )
                found.append((sent.start + m.start(), subject, owner))
        for m in _ACCORDING.finditer(body):
            if len(found) >= _MAX_CUES:
                break
            subject = _noun_phrase(m.group("np"))
            if subject and _named(subject):
                found.append((sent.start + m.start(), subject, False))
    return sorted(found)


def group_subjects(masked: str, sentences: Sequence[Sentence]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for sent in sentences[:_MAX_CUES]:
        body = masked[sent.start : min(sent.end, sent.start + WINDOW)]
        verb = _GROUP_VERB.search(body)
        if verb:
            subject = _clean(body[: verb.start()].rsplit(",", 1)[-1])
            if subject and kind_of(subject) in ("people", "body"):
                found.append((sent.start, subject))
    return found


def _named(subject: str) -> bool:
    """A speaker a later pronoun or "the statement" can point back to."""
    return not is_pronoun(subject) and not is_statement(subject) and is_agent(subject)


def own_subject(before: str, after: str, raw_end: str, content: str) -> tuple[str | None, str]:
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
    if m := WHAT_CALLED.search(before):
        return _clean(m.group("subj"))
    if issued := _last(_ISSUED.finditer(before)):
        # "The White House issued a statement that said “…”": the issuer speaks.
        subject = _subject_before(before[: issued.start()])
        if subject and (is_pronoun(subject) or is_agent(subject)):
            return subject
    cues = [m for m in CUE.finditer(before) if not before.startswith(" by ", m.end())]
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
    if HOLE in subject or not any(c.isalpha() for c in subject):
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
    for m in CUE.finditer(sentence):
        if m.group().endswith("ing") or sentence.startswith(" by ", m.end()):
            continue
        subject = _subject_before(sentence[: m.start()])
        if subject and not is_pronoun(subject):
            return subject
        break
    return None
