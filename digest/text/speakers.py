"""Who a speaker is: the named people and bodies of an article, and the name a reader sees.

News names a person in full once ("Interior Minister Oren Halvane said") and by surname,
role or pronoun after ("Halvane said", "the minister said", "he said"). These pure functions
find an article's named mentions, tell a person or body from a clause or a thing, and turn a
speaker phrase into the fullest name the article gives.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from digest.model import Sentence

_MAX_MENTIONS = 5000
"""Named mentions kept per article, so pathological input runs in bounded time."""
MAX_SENTENCE = 3000
"""Characters of a sentence searched for names and cues: a real sentence is far shorter, and
a "sentence" of megabytes (a page without stops) must not cost time in proportion to it."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HONORIFICS = _words("mr mr. mrs mrs. ms ms. miss")
_RANKS = _words(
    "gen. lt. col. maj. capt. sgt. adm. brig. cmdr. cpl. pvt. lt.-gen. maj.-gen. brig.-gen."
)
"""Military ranks are part of how a soldier is named ("Gen. Ilias Brenn"): kept."""
_OFFICES = _words("sen. rep. gov. dr. pres. atty. supt. insp. fr. rev. prof. amb. sheikh")
"""Office abbreviations and courtesy titles: a description, left off the name."""
ROLE_WORDS = _words(
    """spokesman spokeswoman spokesperson spokespeople minister president official officials
    officer officers commander commanders general leader leaders chief director envoy
    ambassador secretary adviser advisor advisers advisors analyst analysts source sources
    resident residents witness witnesses lawmaker lawmakers senator senators governor mayor
    head member members colonel captain sergeant lieutenant man woman men women people
    diplomat diplomats aide aides staffer staffers lawyer lawyers attorney attorneys
    prosecutor prosecutors judge investigator investigators expert experts researcher
    researchers doctor doctors nurse medic medics survivor survivors relative relatives
    father mother son daughter brother sister wife husband chairman chairwoman chair
    representative representatives congressman congresswoman candidate nominee premier
    emir king queen prince cleric imam bishops pope priest activist activists protester
    protesters protestor protestors demonstrator demonstrators crowd crowds mourners
    fighters militants soldiers soldier troops policeman student students worker workers
    farmer farmers villager villagers journalist journalists reporter correspondent editor
    writer author scholar scholars professor economist strategist pollster manager owner
    founder executive ceo coordinator negotiator negotiators mediator mediators inspector
    inspectors observer observers voice-over narrator campaigner campaigners organiser
    organisers organizer organizers supporter supporters opponent opponents critic critics
    citizen citizens deputy deputies undersecretary counsel counselor councillor councilman
    councilwoman legislator legislators speaker whip sheriff chancellor trustee trustees
    one someone another others republicans democrats controller producer showrunner presenter
    host anchor actor actress singer coach player boss"""
)
"""Heads of a noun phrase naming a person or people."""
BODY_WORDS = _words(
    """ministry ministries council office presidency government governments military army
    navy pentagon department embassy agency agencies committee group groups forces force
    police command coalition organization organisation observatory monitor company party
    movement parliament administration house kremlin cabinet court board commission network
    militia authority authorities statement statements letter report reports ad ads
    television tv radio outlet outlets newspaper channel broadcaster media union alliance
    federation association institute foundation center centre campaign service services
    bureau directorate headquarters team unit brigade battalion regiment caucus conference
    senate congress assembly bank fund watchdog tribunal post tweet release communique
    communiqué declaration website account poll survey study review times news agency
    press gop"""
)
"""Heads of a noun phrase naming a body, or the statement that speaks for one."""
_DEPARTMENTS = _words(
    """state defense defence justice treasury interior foreign affairs homeland security health
    education energy commerce labor labour transportation agriculture finance"""
)
"""Capitalised in an office ("Secretary of State Hillary Clinton"), never in a name."""
_TITLE_PARTS = _words("vice prime acting former senior deputy interim")
_STATEMENT_WORDS = _words("statement statements letter release communique communiqué post tweet")

_NAME_TOKEN = r"(?:[A-Z][\w’'.-]*|al-\w+|el-\w+|bin|ibn|van|von|de|da|del|der)"
_NAME_RUN = re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*")
_OPENERS = _words(
    """the a an in on at for from by with but and or so as if when while after before this
    that these those it its he she they we i you his her their our there here according
    meanwhile however also still yet then now later earlier last next former"""
)
"""Words capitalised because a sentence starts with them: not part of a name."""
_QUANTIFIERS = _words(
    "some many several few two three four five six seven eight nine ten dozens "
    "hundreds thousands scores numerous"
)
_NOT_NAMES = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
_PARTICLES = _words("bin ibn van von de da del der")
_GENITIVE = re.compile(r"[’']s$")
_SUFFIX = re.compile(r",?\s+(?:Jr\.?|Sr\.?|II|III|IV)$")
_PREPOSITION = re.compile(r"\s(?:of|for|at|in|from|on|to|with)\s")


@dataclass(frozen=True)
class Mention:
    """A capitalised name in the article's text outside quotes."""

    start: int
    name: str
    """As written, titles included: ``Gen. Ilias Brenn``, ``Senate Majority Leader Harry Reid``."""
    subject: bool
    """It opens its sentence (after an introductory phrase), where a news sentence's subject is."""
    person: bool


def is_pronoun(phrase: str) -> bool:
    return phrase.lower() in ("he", "she", "it", "they", "we", "i")


def head_word(phrase: str) -> str:
    """The head noun of a noun phrase: ``one of her lawyers`` → ``one``."""
    words = _PREPOSITION.split(phrase, maxsplit=1)[0].split()
    return _GENITIVE.sub("", words[-1]).lower() if words else ""


def is_agent(phrase: str) -> bool:
    """A person, group or body can speak; a clause, an event, a thing or a place cannot.

    ``the minister``, ``Iraq's Ministry of Foreign Affairs``, ``Matt Brooks``, ``residents``
    pass; ``The raids``, ``members and shoring up support`` do not. A phrase ending in a
    capitalised word is taken for a name: news capitalises people and bodies, and writes
    a clause or an event that precedes a speech verb in lower case.
    """
    words = _PREPOSITION.split(phrase, maxsplit=1)[0].split()
    if not words or len(phrase.split()) > 10 or all(w.lower() in _OPENERS for w in words):
        return False
    if phrase.lower() == "one":
        return False  # "One said": one of whom is in another sentence
    head = head_word(phrase)
    if head in ROLE_WORDS or head in BODY_WORDS:
        return True
    if words[0].lower() in _QUANTIFIERS and len(words) >= 2 and head.endswith("s"):
        return True  # "some conservatives", "two senators": counted people
    return words[-1][:1].isupper() and head not in _NOT_NAMES


def kind_of(phrase: str) -> str:
    """``person``, ``people`` (plural or collective), ``body`` or ``name`` (unknown)."""
    head = head_word(phrase)
    first = phrase.split()[0].lower() if phrase.split() else ""
    if first in HONORIFICS or first in _RANKS or first in _OFFICES:
        return "person"
    if first in _QUANTIFIERS or first in ("every", "all", "each", "both"):
        return "people"
    if head in BODY_WORDS:
        return "body"
    if head in ROLE_WORDS:
        plural = head.endswith("s") and not head.endswith("ss")
        return "people" if plural or head in ("people", "men", "women", "crowd") else "person"
    names = [w for w in phrase.split() if w[:1].isupper()]
    return "person" if len(names) >= 2 and len(names) == len(phrase.split()) else "name"


def is_statement(phrase: str) -> bool:
    """``the statement``, ``the letter``: words that speak for whoever issued them."""
    words = phrase.lower().split()
    return len(words) <= 3 and words[0] in ("the", "this", "that") and words[-1] in _STATEMENT_WORDS


def name_mentions(masked: str, sentences: Sequence[Sentence]) -> tuple[Mention, ...]:
    """Capitalised names outside quotes, in text order, each marked person or not.

    A name is a person's when a title stands before it, or when the article also calls it
    by its last word alone ("Kevin McCarthy" … "McCarthy's district"): places and bodies are
    not shortened to their last word.
    """
    runs: list[tuple[int, list[str], bool]] = []
    for sent in sentences:
        body = masked[sent.start : min(sent.end, sent.start + MAX_SENTENCE)]
        for m in _NAME_RUN.finditer(body):
            words, start = m.group().split(), m.start()
            while words and words[0].lower() in _OPENERS:
                start = body.index(words[1], start + len(words[0])) if len(words) > 1 else start
                words.pop(0)
            while words and (words[-1].lower() in _OPENERS | _PARTICLES):
                words.pop()
            words = [w.rstrip(",") for w in words]
            if not words or words[-1].lower() in _NOT_NAMES:
                continue
            lead = body[:start].strip()
            subject = len(lead.split()) <= 2 or (len(lead) <= 60 and lead.endswith(","))
            runs.append((sent.start + start, words, subject))
            if len(runs) >= _MAX_MENTIONS:
                break
    titles = HONORIFICS | _RANKS | _OFFICES
    # Called by the last word alone, or with only a title: "Etheridge", "Mr. Etheridge".
    singles = {
        _GENITIVE.sub("", w[-1]) for _, w, _ in runs if all(x.lower() in titles for x in w[:-1])
    }
    lasts = {_GENITIVE.sub("", w[-1]) for _, w, _ in runs if len(w) >= 2}
    found = []
    for start, words, subject in runs:
        last = _GENITIVE.sub("", words[-1])
        # "Mr. Hahl", "Gen. Brenn", "Energy Minister Lena Sorvik": a title or role before it.
        titled = any(w.lower() in titles or w.lower() in ROLE_WORDS for w in words[:-1])
        person = (
            titled or (len(words) >= 2 and last in singles) or (len(words) == 1 and last in lasts)
        )
        if last.lower() in BODY_WORDS or last.lower() in ROLE_WORDS:
            person = False
        found.append(Mention(start=start, name=" ".join(words), subject=subject, person=person))
    return tuple(found)


def proper_name(phrase: str) -> str:
    """A person's name without the description before it.

    ``Senate Majority Leader Harry Reid`` → ``Harry Reid``; ``one of her lawyers, Tom
    Kirsch`` is split earlier. Military ranks stay (``Gen. Ilias Brenn``); bodies
    (``Iraq's Ministry of Foreign Affairs``) and descriptions without a name
    (``a U.S. official``) are returned whole.
    """
    words = phrase.split()
    if head_word(phrase) in BODY_WORDS:
        return phrase
    if of := _PREPOSITION.search(phrase):
        # "Nanette Lee Miller of Marcum L.L.P." → the name; "the mayor of Mesa" stays.
        person = proper_name(phrase[: of.start()])
        return person if person != phrase[: of.start()] or _is_full_name(person) else phrase
    name: list[str] = []
    for word in reversed(words):
        low = word.lower()
        if not word[:1].isupper() and low not in _PARTICLES:
            break
        if low in ROLE_WORDS or low in _OFFICES or low in HONORIFICS or low in _OPENERS:
            break
        if low in _DEPARTMENTS:
            break
        if word.endswith(("’s", "'s")):
            break
        name.insert(0, word)
    ranks = 0
    while ranks < len(name) and name[ranks].lower() in _RANKS:
        ranks += 1
    if len(name) - ranks < 2 or len(name) == len(words):
        return phrase
    return " ".join(name)


def full_name(phrase: str, pos: int, mentions: Sequence[Mention]) -> str:
    """The fullest name the article gives a surname: ``Brenn`` → ``Gen. Ilias Brenn``.

    ``Mr. Seel`` → ``Carl Seel``. The nearest fuller name written before ``pos`` wins, as a
    reader meets it; one written only after it counts too ("Brenn said … Gen. Ilias Brenn").
    """
    words = phrase.split()
    bare = words[1:] if words and words[0].lower() in HONORIFICS | _OFFICES else words
    if not bare or len(bare) > 2 or not all(w[:1].isupper() for w in bare):
        return phrase
    tail = " " + " ".join(bare)
    cut = bisect.bisect_left(mentions, pos, key=lambda m: m.start)
    # The first full mention is the introduction; later ones of the same surname are more
    # often a relative or namesake, written out to tell them apart.
    for group in (mentions[:cut], mentions[cut:]):
        for mention in group:
            candidate = proper_name(mention.name)
            core = _SUFFIX.sub("", candidate)
            if mention.person and (" " + core).endswith(tail) and core != tail.strip():
                return candidate
    return phrase


def _is_full_name(phrase: str) -> bool:
    words = phrase.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and kind_of(phrase) == "person"
        and not any(w.lower() in BODY_WORDS or w.endswith(("’s", "'s")) for w in words)
    )


def surname_after_title(phrase: str) -> str | None:
    """``Vice President Biden`` → ``Biden``: one name after titles or roles only."""
    words = phrase.split()
    if len(words) < 2 or not words[-1][:1].isupper():
        return None
    titles = HONORIFICS | _RANKS | _OFFICES | ROLE_WORDS | _DEPARTMENTS | _TITLE_PARTS
    return words[-1] if all(w.lower() in titles for w in words[:-1]) else None
