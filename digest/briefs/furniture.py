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
# A sentence ends with a stop, perhaps inside a closing quote or bracket ...
_FINISHED = re.compile(r"[.!?。！？](?:\s*[\"”’'»)\]]+)*$")
"""... a space may stand before the quote mark (tokenised text: 'he said. "', "'' ")."""


def story_sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` a brief may show: no furniture (see
    :func:`is_furniture_sentence`), and only finished sentences when it has any (a feed
    item whose text is one headline-like line keeps that line)."""
    paragraphs = article.text.split("\n")
    # A caption's credit may stand as a sentence of its own after it ("Crews at the dam.
    # (Photo: Jane Roe/Agency)"): the whole short paragraph is the caption.
    captions = {
        index
        for index, paragraph in enumerate(paragraphs)
        if len(paragraph.split()) <= _CAPTION_WORDS and is_caption_text(paragraph)
    }
    kept = tuple(
        s
        for s in article.sentences
        if s.paragraph not in captions and not is_furniture_sentence(s.text)
    )
    finished = tuple(s for s in kept if is_finished(s.text))
    return finished or kept


def is_finished(text: str) -> bool:
    """Ends as a sentence of a story does, with a stop: a headline, a label or a line an
    excerpt cut does not."""
    return bool(_FINISHED.search(text.strip()))


def is_furniture_sentence(text: str) -> bool:
    """A byline or time stamp, a photo caption or credit, the site speaking of itself or
    to its reader, or a slogan."""
    stripped = text.strip()
    return (
        # "By Jane Doe on Monday, November 18, 2019", not "By contrast, the law worked."
        (is_byline(stripped) and bool(find_dates(stripped) or not has_verb(stripped)))
        or is_date_line(stripped)
        or is_caption_text(stripped)
        or is_site_phrase(stripped)
        or addresses_reader(stripped)
        or is_slogan(stripped)
    )


def is_caption_text(text: str) -> bool:
    """A photo's caption or credit: a credit's words or brackets, a caption's label."""
    stripped = text.strip()
    return (
        is_caption(stripped)
        or is_photo_caption(stripped)
        or bool(_BRACKETED_CREDIT.search(stripped) or _CAPTION_LABEL.match(stripped))
    )
