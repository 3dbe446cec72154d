"""Stage 2: a source's raw Document becomes a clean Article.

Boilerplate and the dateline come off, the text is split into sentences, quotes, places
and figures are found, a missing title is derived from the lead sentence. A missing date
stays missing. Everything per article is found here, once: the article cache keeps it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from digest.errors import SourceError
from digest.model import Article, DateSource, Document, Sentence
from digest.text.cleaning import normalise_whitespace, remove_boilerplate
from digest.text.datelines import split_dateline
from digest.text.dates import page_date
from digest.text.figures import find_figures
from digest.text.headline_checks import addresses_reader, headline_faults, is_headline
from digest.text.places import find_cities, find_places
from digest.text.quotes import find_quotes
from digest.text.sentences import split_sentences
from digest.text.titles import (
    derive_title,
    fallback_title,
    find_title_line,
    lead_index,
    site_free_title,
    site_segments,
    text_run,
    untitled_headline,
    without_segments,
)

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
"""Characters of a document read (longer ones are cut, and the build says so): bounds the
time and memory of every later stage."""
_MAX_HEADING_WORDS = 25
# Files whose text is the article already (trafilatura extracted it from the page, a feed or
# a person wrote it): their lists and tables are the article's. A .txt is a whole page,
# unless it was an HTML page's source, read as an .html file is.
_ARTICLE_SUFFIXES = (".html", ".htm", ".md", ".markdown")
_PAGE_LINES = 10
"""Lines of a page's text from which a text with no prose is page furniture, not a
short article."""
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def normalise(document: Document) -> Article:
    """Clean one document. Raises SourceError when no article text is left."""
    # Boilerplate comes off first, so a share bar or a "Subscribe" line at the top of a
    # page is never taken for its headline, nor stands between the headline and dateline.
    lines = normalise_whitespace(document.text[:MAX_TEXT_CHARS])
    page = document.markup != "page" and not document.path.lower().endswith(_ARTICLE_SUFFIXES)
    cleaned = remove_boilerplate(lines, page=page)
    paragraphs = cleaned.text.split("\n") if cleaned.text else []
    site = _Site(
        outlet=document.outlet or cleaned.publisher or document.folder_outlet,
        host=urlsplit(document.url).hostname if document.url else None,
    )
    heading, paragraphs = _split_heading(lines, paragraphs, document.title, site)
    title = heading.title
    if (
        page
        and title is None
        and heading.lead_line is None
        and len(lines) >= _PAGE_LINES
        and text_run(lines) is None
    ):
        # A page's menus, links and notices with no headline and no paragraph of prose
        # (an excerpt cut before its article): no article, and no headline to make.
        raise SourceError("no article in the text: no headline and no paragraph of prose")
    dateline = None
    if paragraphs:
        dateline, paragraphs[heading.lead] = split_dateline(paragraphs[heading.lead])
    text = "\n".join(paragraphs)
    sentences = split_sentences(text)
    worded = [sentence for sentence in sentences if _WORD.search(sentence.text)]
    if not worded:
        raise SourceError("no article text left after removing boilerplate")
    published, date_source = _publication(document, lines)
    derived = None if title else _derived_title(worded, heading, site)
    source = site.outlet or site.host or PurePosixPath(document.path).name
    return Article(
        id=article_id(document.path),
        path=document.path,
        text=text,
        title=title or derived or untitled_headline(source, published),
        title_derived=not title,
        title_placeholder=not (title or derived),
        sentences=sentences,
        quotes=find_quotes(text, sentences),
        outlet=(
            document.outlet
            or (dateline.outlet if dateline else None)
            or cleaned.publisher
            or document.folder_outlet
        ),
        url=_web_address(document.url),
        published=published,
        date_source=date_source,
        author=document.author,
        language=document.language,
        dateline=dateline,
        places=find_places(text, dateline.place if dateline else None),
        cities=find_cities(text),
        figures=find_figures(text, sentences),
    )


@dataclass(frozen=True)
class _Site:
    """What names the site an article comes from: its outlet and its web host."""

    outlet: str | None
    host: str | None


@dataclass(frozen=True)
class _Heading:
    title: str | None
    lead: int
    """Index of the lead paragraph among the cleaned paragraphs."""
    lead_line: str | None
    """The lead as found among the page's lines before cleaning."""


def _split_heading(
    lines: list[str], paragraphs: list[str], given: str | None, site: _Site
) -> tuple[_Heading, list[str]]:
    """The article's title and lead, and its paragraphs without the headline and
    standfirst.

    The title is the one the source gives, without the site's name glued to it, else the
    headline line found above the lead among the page's lines (``lines``, before cleaning:
    the cleaner may take a title for furniture). Short lines without a sentence's final
    punctuation at the top of the cleaned text (up to three) are headings and go.
    """
    paragraphs = list(paragraphs)
    title = site_free_title(given, site.outlet, site.host) if given else None
    if title and (set(headline_faults(title, site.outlet, site.host)) & _NOT_TITLES):
        title = None  # a menu, a site name or a dateline given as a title: look further
    lead = lead_index(paragraphs)
    # Where cleaning left no prose, the page's own lines still have their lead.
    line_lead = _position(lines, paragraphs[lead]) if lead is not None else lead_index(lines)
    lead = lead or 0
    if title is None and paragraphs:
        # With no prose at all (an excerpt cut before its lead), its head may still be there.
        # A page of no prose may have its own list or table (a race calendar) below it.
        below = line_lead if line_lead is not None else text_run(lines)
        below = len(lines) if below is None else below
        found = find_title_line(lines, below, site.outlet, site.host)
        if found is not None:
            title = found.title
            line = lines[found.index]
            if line in paragraphs[:lead]:
                paragraphs.remove(line)
                lead -= 1
    headings: list[str] = []
    while (
        len(paragraphs) > 1
        and len(headings) < 3
        and (paragraphs[0] == given or _is_heading(paragraphs[0]))
    ):
        headings.append(paragraphs.pop(0))
        lead = max(0, lead - 1)
    # A short text with no paragraph long enough to be a lead: its first heading, if it
    # makes a headline, is its title.
    if title is None and headings and is_headline(headings[0], site.outlet, site.host):
        title = headings[0]
    lead_line = lines[line_lead] if line_lead is not None else None
    return _Heading(title=title, lead=lead, lead_line=lead_line), paragraphs


_NOT_TITLES = frozenset(
    ("menu", "link", "site", "outlet", "dateline", "byline", "caption", "date", "attribution")
)
"""What a title the source gives cannot be. It may be short ("Mapping the proteome"), long,
or name its own show ("Example Podcast 12: ..."): it is still the title."""


def _derived_title(sentences: list[Sentence], heading: _Heading, site: _Site) -> str | None:
    """A title made from the lead's words: the first sentence from the lead on that makes
    a headline (a menu line left above the lead, or a two-word caption, or the site telling
    its reader what they can do, makes none), else the page's own lead line where cleaning
    left no prose, else the fallback (the lead's words; None where they are furniture)."""
    opening = [s.text for s in sentences if s.paragraph >= heading.lead] or [sentences[0].text]
    tries = opening[:_DERIVE_TRIES]
    if heading.lead_line:
        tries += [s.text for s in split_sentences(heading.lead_line)[:1]]
    for sentence in tries:
        derived = derive_title(sentence)
        if is_headline(derived, site.outlet, site.host) and not addresses_reader(derived):
            return derived
    return fallback_title(opening[0])


_DERIVE_TRIES = 5


def _publication(document: Document, lines: list[str]) -> tuple[datetime | None, DateSource | None]:
    """When the article was published, and where that came from: the source's metadata,
    else the date the page states near its top (read before cleaning, since a date line
    is page furniture). Never the build time."""
    if document.published is not None:
        return document.published, "metadata"
    stated = page_date("\n".join(lines))
    return (stated, "text") if stated is not None else (None, None)


def _position(lines: list[str], paragraph: str) -> int:
    try:
        return lines.index(paragraph)
    except ValueError:
        return 0


def _is_heading(paragraph: str) -> bool:
    # An ellipsis ends a lead cut short by a feed's excerpt, not a headline.
    return len(paragraph.split()) <= _MAX_HEADING_WORDS and not paragraph.endswith(
        (".", "!", "?", "”", '"', ":", "’", "'", ")", "…")
    )


def without_site_titles(articles: Sequence[Article]) -> tuple[Article, ...]:
    """The articles with their titles rid of the segments their outlet's titles share
    (``… | Section | Example Times`` on every page): learned over the whole archive, since
    no single page shows which part of its title is the site's."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        if not article.title_derived and (key := _outlet_key(article)):
            by_outlet[key].append(article.title)
    site = {key: site_segments(titles) for key, titles in by_outlet.items()}
    kept: list[Article] = []
    for article in articles:
        title = article.title
        if not article.title_derived and (key := _outlet_key(article)) and site[key]:
            title = without_segments(title, site[key])
        # The same object when its title stays: the build's keys know it by identity.
        kept.append(article if title == article.title else replace(article, title=title))
    return tuple(kept)


def _outlet_key(article: Article) -> str | None:
    host = urlsplit(article.url).hostname if article.url else None
    return (article.outlet or host or "").casefold() or None


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
