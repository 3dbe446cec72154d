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
from digest.text.lines import shape

# A credit in brackets closing a caption: "(Image: GETTY)", "(Photo Credit : PTI File
# Photo)", "( NASA/JPL-Caltech/ASU )" (names joined by slashes, as agencies credit).
_BRACKETED_CREDIT = re.compile(
    r"\(\s*(?:(?i:image|photo|picture|credit|source|video)s?(?:\s+(?i:credit))?\s*:[^()]*"
    r"|[^()\s/]+(?:[^()/]*/[^()/]+)+)\s*\)\s*$"
)
# A caption's label in front of it: "FILE PHOTO: Traders ...", "Above: A coworking space".
_CAPTION_LABEL = re.compile(
    r"^(?i:file (?:photo|image|picture)|photo|image|picture|above|below|top|pictured|"
    r"left|right|source)\s*:"
)
# A sentence ends with a stop, perhaps inside a closing quote or bracket.
_FINISHED = re.compile(r"[.!?。！？][\"”’'»)\]]*$")


def is_page_sentence(text: str) -> bool:
    """True for a sentence of a page's furniture rather than of its story: not finished as
    a sentence (a headline, a label, a line an excerpt cut), a byline or time stamp, a photo
    caption or credit, the site speaking of itself or to its reader, or a slogan."""
    stripped = text.strip()
    # A sentence heavy with names ("Croatia, Germany and Austria all qualified Saturday.")
    # has no sentence's share of lower-case words, but it has a verb.
    if not _FINISHED.search(stripped) or not (shape(stripped).sentence or has_verb(stripped)):
        return True
    return (
        # "By Jane Doe on Monday, November 18, 2019", not "By contrast, the law worked."
        (is_byline(stripped) and bool(find_dates(stripped) or not has_verb(stripped)))
        or is_date_line(stripped)
        or is_caption(stripped)
        or is_photo_caption(stripped)
        or bool(_BRACKETED_CREDIT.search(stripped) or _CAPTION_LABEL.match(stripped))
        or is_site_phrase(stripped)
        or addresses_reader(stripped)
        or is_slogan(stripped)
    )
