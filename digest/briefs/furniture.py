"""Sentences of an article's text that a brief never shows: the page's, not the story's.

The cleaner keeps a scraped page's body run whole, and a body run holds more than the
story: the lead photo's caption and credit, the byline and time stamp, a promotion or a
disclaimer between paragraphs, a teaser's headline. Each is harmless in the text, but a
summary or a key fact made of one tells the reader nothing of what happened. The kinds
are the ones a headline may not be either (:mod:`digest.text.headline_checks`), plus one
shape: a statement of the story ends as a sentence, where a headline, a label or a line
cut by an excerpt does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.model import Article, Sentence
from digest.text.dates import find_dates
from digest.text.headline_checks import (
    addresses_reader,
    has_verb,
    is_byline,
    is_caption,
    is_date_line,
    is_photo_caption,
    is_site_phrase,
    is_slogan,
)

# A credit in brackets closing a caption: "(Image: GETTY)", "(Photo Credit : PTI File
# Photo)", "( NASA/JPL-Caltech/ASU )" (names joined by slashes, as agencies credit; no
# digits: "(09/24/2018)" is a date).
_BRACKETED_CREDIT = re.compile(
    r"\(\s*(?:(?i:image|photo|picture|credit|source|video)s?(?:\s+(?i:credit))?\s*:[^()]*"
    r"|[^()\s/\d]+(?:[^()/\d]*/[^()/\d]+)+)\s*\)\s*$"
)
# A caption's label in front of it: "FILE PHOTO: Traders ...", "Above: A coworking space".
_CAPTION_LABEL = re.compile(
    r"^(?i:file (?:photo|image|picture)|photo|image|picture|above|below|top|pictured|"
    r"left|right|source)\s*:"
)
_CAPTION_WORDS = 60
"""A caption is one or two sentences; a paragraph of the story may name a photographer."""
# The notices a site prints with every article, in the words such notices use: the
# contributors' disclaimer ("Opinions expressed by ... are their own."), a trademark notice,
# a product page's "results vary", a markets widget's "data delayed 20 minutes".
_NOTICE = re.compile(
    r"\b(?:opinions?|views?) expressed\b.{0,80}\b(?:are|is) (?:their|his|her|its|solely|"
    r"the author)|"
    r"\bregistered trademarks? of\b|\bresults (?:may )?vary\b|"
    r"\b(?:data|quotes?|prices?) (?:\w+ ){0,2}delayed (?:by )?(?:at least )?\d+ minutes\b",
    re.IGNORECASE,
)
# An author's bio: "Jane Doe is a freelance writer based in Toronto.", "John Roe is a
# reporter for the Example Times." A story says as much of the people in it ("Evan
# Gershkovich is a reporter for The Wall Street Journal who was detained in Russia"), so
# the shape is a bio only where a page prints one: after the story (no finished sentence of
# it follows in a later paragraph), and never its lead.
_BIO = re.compile(
    r"^(?:(?-i:[A-Z][\w.'’-]+) ){1,3}(?:is|was) an? (?:[\w-]+ ){0,3}(?:writer|reporter|"
    r"journalist|editor|correspondent|contributor|columnist|author)\b.*\b(?:based in|"
    r"covers|covering|for|at|with)\b",
    re.IGNORECASE,
)
# A picture that is no photograph says in its caption what it is: "An artist's illustration
# of a plume of water vapor ...". (An agency's caption dates its picture "Tuesday, Nov. 19,
# 2019", but stories do too: 12 of 14 such sentences of edited news are the story's.)
_CAPTION_SHAPE = re.compile(
    r"^(?i:an?|this|the) artist['’]s (?i:illustration|concept|impression|rendering|depiction)\b"
)
# A sentence ends with a stop, perhaps inside a closing quote or bracket ...
# (Devanagari's danda, the Arabic and Greek question marks, Urdu's full stop), inside a
# closing quote of any language ("”", German "“", French "»", Swedish "»" opening ...).
_FINISHED = re.compile(r"[.!?。！？।॥؟۔\u037e](?:\s*[\"”“’‘'»«›‹)\]]+)*$")
"""... a space may stand before the quote mark (tokenised text: 'he said. "', "'' ")."""
_GREEK_END = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff][^;]*;$")
"""A Greek question ends in ";" (NFKC makes the Greek question mark a semicolon)."""


def story_sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` a brief may show: no furniture (see
    :func:`is_furniture_sentence`), and only finished sentences when it has any (a feed
    item whose text is one headline-like line keeps that line)."""
    paragraphs = article.text.split("\n")
    # A caption's credit may stand as a sentence of its own after it ("Crews at the dam.
    # (Photo: Jane Roe/Agency)"): the whole short paragraph is the caption.
    # Only a credit's or a label's shape makes it one: a paragraph of the story may say who
    # photographed whom ("The man was photographed by a customer as he fled.").
    captions = {
        index
        for index, paragraph in enumerate(paragraphs)
        if len(paragraph.split()) <= _CAPTION_WORDS and _credited(paragraph)
    }
    kept = tuple(
        s
        for s in article.sentences
        if s.paragraph not in captions and not is_furniture_sentence(s.text)
    )
    bios = {s.start for s in kept if s.paragraph > 0 and is_bio(s.text)}
    story_end = max(
        (s.paragraph for s in kept if s.start not in bios and is_finished(s.text)), default=0
    )
    # (Its paragraph may go on: "Her work has appeared in ...".)
    kept = tuple(s for s in kept if s.start not in bios or s.paragraph < story_end)
    finished = tuple(s for s in kept if is_finished(s.text))
    return finished or kept


def stories_of(
    articles: Sequence[Article], stories: Sequence[tuple[Sentence, ...]] | None = None
) -> Sequence[tuple[Sentence, ...]]:
    """Each article's story sentences: ``stories`` when a caller computed them already (a
    brief computes them once for its summary, key figures and where line)."""
    return stories if stories is not None else tuple(map(story_sentences, articles))


def is_finished(text: str) -> bool:
    """Ends as a sentence of a story does, with a stop: a headline, a label or a line an
    excerpt cut does not."""
    stripped = text.strip()
    return bool(_FINISHED.search(stripped) or _GREEK_END.search(stripped))


def is_bio(text: str) -> bool:
    """An author's bio in the words bios use ("Jane Doe is a freelance writer based in
    Toronto."), with no date: a story's sentence of the same shape tells what happened when
    ("... who was detained in Russia in March")."""
    stripped = text.strip()
    return bool(_BIO.search(stripped)) and not find_dates(stripped)


def is_furniture_sentence(text: str) -> bool:
    """A byline or time stamp, a photo caption or credit, the site speaking of itself or
    to its reader, a slogan, or a notice the site prints with every article."""
    stripped = text.strip()
    return (
        # "By Jane Doe on Monday, November 18, 2019", not "By contrast, the law worked."
        (is_byline(stripped) and bool(find_dates(stripped) or not has_verb(stripped)))
        or is_date_line(stripped)
        or is_caption_text(stripped)
        or is_site_phrase(stripped, statement=is_finished(stripped))
        or addresses_reader(stripped)
        or is_slogan(stripped)
        or bool(_NOTICE.search(stripped))
    )


def is_caption_text(text: str) -> bool:
    """A photo's caption or credit: a credit's words or brackets, a caption's label."""
    stripped = text.strip()
    return (
        is_caption(stripped)
        or is_photo_caption(stripped)
        or _credited(stripped)
        or bool(_CAPTION_SHAPE.match(stripped))
    )


def _credited(text: str) -> bool:
    """A credit in brackets closes ``text`` or a caption's label opens it."""
    stripped = text.strip()
    return bool(_BRACKETED_CREDIT.search(stripped) or _CAPTION_LABEL.match(stripped))
