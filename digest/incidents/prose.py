"""Which sentences of an article read as prose, and so can tell what happened.

A page scraped whole keeps its menus, section names and link lists, each line a "sentence"
to the sentence splitter: "Home", "World News", "Columns & Blogs". On a page's opening they
fill the lead and the names, and two reports of one event look unalike while two pages of
one outlet look the same. A sentence of prose has function words ("the", "of", "was") and
either some length or a full stop; menu items have neither. The test is the shape of the
text, the same for any page or outlet.
"""

from __future__ import annotations

import re

from digest.model import Article
from digest.text.stop_words import ENGLISH_STOP_WORDS

# A sentence of prose has at least this share of function words: with the rest of the test,
# 96 % of ECB+'s sentences read as prose, 98 % of AllSides' and 19 % of the lines of the
# extraction pages' openings (menus and all).
_MIN_STOP_SHARE = 0.2
# ... and at least this many words, or a full stop ("He was 45.").
_MIN_WORDS = 6
_WORD = re.compile(r"(?u)\b[^\W\d_][\w'-]*\b")
_SENTENCE_END = (".", "!", "?", "…")
_CLOSING = "”\"’')]"


def reads_as_prose(sentence: str) -> bool:
    """Whether ``sentence`` is shaped like a sentence of prose, not a menu item or a link."""
    words = _WORD.findall(sentence.lower().replace("’", "'"))
    if not words:
        return False
    stop = sum(word.removesuffix("'s") in ENGLISH_STOP_WORDS for word in words)
    if stop < _MIN_STOP_SHARE * len(words):
        return False
    return len(words) >= _MIN_WORDS or sentence.rstrip(_CLOSING).endswith(_SENTENCE_END)


def prose_sentences(article: Article) -> tuple[str, ...]:
    """The article's sentences that read as prose, in text order. A text with none (another
    language, a list of keywords) gives its long sentences; a page that is all menus gives
    none: then its title is what it says."""
    prose = tuple(sentence.text for sentence in article.sentences if reads_as_prose(sentence.text))
    return prose or tuple(sentence.text for sentence in article.sentences if _long(sentence.text))


def _long(sentence: str) -> bool:
    return len(_WORD.findall(sentence)) >= _MIN_WORDS


def without_fragments(article: Article) -> str:
    """The article's text without its short lines that do not read as prose (menu items,
    section names), one sentence a line. Long ones stay: text without function words that
    is not a menu (keyword lists, another language) still says what a report is about."""
    return "\n".join(
        sentence.text
        for sentence in article.sentences
        if _long(sentence.text) or reads_as_prose(sentence.text)
    )
