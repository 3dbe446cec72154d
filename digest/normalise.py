"""Stage 2: a source's raw Document becomes a clean Article.

Boilerplate and the dateline come off, the text is split into sentences, quotes, places
and figures are found, a missing title is derived from the lead sentence. A missing date
stays missing. Everything per article is found here, once: the article cache keeps it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from urllib.parse import urlsplit

from digest.errors import SourceError
from digest.model import Article, Document
from digest.text.cleaning import normalise_whitespace, remove_boilerplate
from digest.text.datelines import split_dateline
from digest.text.figures import find_figures
from digest.text.places import find_cities, find_places
from digest.text.quotes import find_quotes
from digest.text.sentences import split_sentences
from digest.text.titles import derive_title

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
"""Characters of a document read (longer ones are cut, and the build says so): bounds the
time and memory of every later stage."""
_MAX_HEADING_WORDS = 25
# Files whose text is the article already (trafilatura extracted it from the page, a feed or
# a person wrote it): their lists and tables are the article's. A .txt is a whole page.
_ARTICLE_SUFFIXES = (".html", ".htm", ".md", ".markdown")
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def normalise(document: Document) -> Article:
    """Clean one document. Raises SourceError when no article text is left."""
    # Boilerplate comes off first, so a share bar or a "Subscribe" line at the top of a
    # page is never taken for its headline, nor stands between the headline and dateline.
    cleaned = remove_boilerplate(
        normalise_whitespace(document.text[:MAX_TEXT_CHARS]),
        page=not document.path.lower().endswith(_ARTICLE_SUFFIXES),
    )
    paragraphs = cleaned.text.split("\n") if cleaned.text else []
    heading, paragraphs = _split_heading(paragraphs, document.title)
    dateline = None
    if paragraphs:
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
    text = "\n".join(paragraphs)
    sentences = split_sentences(text)
    worded = [sentence for sentence in sentences if _WORD.search(sentence.text)]
    if not worded:
        raise SourceError("no article text left after removing boilerplate")
    title = document.title or heading
    return Article(
        id=article_id(document.path),
        path=document.path,
        text=text,
        title=title or derive_title(worded[0].text),
        title_derived=not title,
        sentences=sentences,
        quotes=find_quotes(text, sentences),
        outlet=(
            document.outlet
            or (dateline.outlet if dateline else None)
            or cleaned.publisher
            or document.folder_outlet
        ),
        url=_web_address(document.url),
        published=document.published,
        author=document.author,
        language=document.language,
        dateline=dateline,
        places=find_places(text, dateline.place if dateline else None),
        cities=find_cities(text),
        figures=find_figures(text, sentences),
    )


def _split_heading(paragraphs: list[str], title: str | None) -> tuple[str | None, list[str]]:
    """Take the headline and standfirst off the top: the known title, or short lines without
    a sentence's final punctuation, before the first real paragraph. The first one is
    returned: it is the title of a scraped page that kept its headline."""
    headings: list[str] = []
    while (
        len(paragraphs) > 1
        and len(headings) < 3
        and (paragraphs[0] == title or _is_heading(paragraphs[0]))
    ):
        headings.append(paragraphs.pop(0))
    return (headings[0] if headings else None), paragraphs


def _is_heading(paragraph: str) -> bool:
    # An ellipsis ends a lead cut short by a feed's excerpt, not a headline.
    return len(paragraph.split()) <= _MAX_HEADING_WORDS and not paragraph.endswith(
        (".", "!", "?", "”", '"', ":", "’", "'", ")", "…")
    )


def _web_address(url: str | None) -> str | None:
    """The article's URL if it is a web address; a ``javascript:`` or ``data:`` "URL" from a
    hostile source is dropped rather than handed on to pages, feeds and other tools."""
    if url is None:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def article_id(path: str) -> str:
    """``articles/rudaw/2024-02-03 Strikes.txt`` → ``rudaw-2024-02-03-strikes-1a2b3c``.

    Readable, ``[a-z0-9-]`` only, and unique per path: the suffix is a hash of the whole
    path, so two paths that slug alike still differ.
    """
    stem = path.rsplit(".", 1)[0]
    parts = stem.split("/")
    words = _SLUG_WORDS.findall("-".join(parts[1:] if len(parts) > 1 else parts).lower())
    slug = "-".join(words)[:60].strip("-") or "article"
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}"
