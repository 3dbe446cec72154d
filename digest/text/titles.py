"""A headline for text that has none, made only of the lead sentence's own words."""

from __future__ import annotations

import re

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
    sentence = _TIME_PHRASE.sub("", " " + lead_sentence.strip())[1:]
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


_WEAK_ENDINGS = frozenset(
    "a an the of in on at to for with by from and or but as its their his her".split()
)
