"""Feed bytes → items: RSS 0.9x/1.0/2.0 and Atom (with feedparser), and JSON Feed.

Nothing here touches the network: :mod:`digest.sources.fetch` gets the bytes (feedparser
would fetch a URL itself, without a timeout) and hands them over with the response headers,
so that feedparser can tell the encoding and resolve relative links against the feed's URL.

Everything a feed says is hostile input. HTML in titles and bodies is turned into plain
text (no tag survives; HTML escaped once too often, or declared plain text, is read as the
HTML it is: see digest/sources/markup.py); links are made absolute and only http(s) links
are kept; an XML document that declares entities which would expand beyond a bound is
refused before any parser sees it (expat stops a "billion laughs", but feedparser then
falls back to its own lenient parser, which expands them all: a 110 kB feed took 50 s and
3 GB).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from digest.errors import SourceError
from digest.sources.markup import html_to_text, is_markup, plain_text

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 500
MAX_FIELD_CHARS = 300
MAX_ENTITY_EXPANSION = 1_000_000
"""Characters the entities a feed declares may add when expanded, at most."""


@dataclass(frozen=True, kw_only=True)
class FeedItem:
    """One item of a feed, as plain text and absolute links."""

    guid: str
    """The item's id in its feed (guid, Atom id, JSON Feed id), else its link, else a hash."""
    url: str | None = None
    title: str | None = None
    text: str = ""
    """Plain text, paragraphs separated by blank lines."""
    published: datetime | None = None
    updated: datetime | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ParsedFeed:
    """A feed's own metadata and its items, with what was odd about it."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]
    version: str
    """feedparser's name of the format (``rss20``, ``atom10``), or ``json1``."""
    notes: tuple[str, ...] = ()
    """What was wrong but could be read anyway ("ill-formed XML, read leniently: ...")."""
    empty_items: int = 0
    """Items with neither a title nor any text, left out."""


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed document fetched from ``url`` (or read from a file at that path).

    Raises SourceError saying why when ``body`` is not a feed that can be read: an HTML
    page, invalid XML or JSON with no items, an entity-expansion bomb.
    """
    headers = {key.lower(): value for key, value in (headers or {}).items()}
    if not body.strip():
        raise SourceError("empty response, no feed")
    content_type = headers.get("content-type", "").lower()
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if "json" in content_type or start == b"{":
        return _parse_json_feed(body, url)
    check_entities(body)
    return _parse_xml_feed(body, url, headers)


# -- XML feeds, with feedparser ------------------------------------------------------------


def _parse_xml_feed(body: bytes, url: str, headers: dict[str, str]) -> ParsedFeed:
    import feedparser

    response_headers = {
        key: value
        for key, value in headers.items()
        if key in ("content-type", "content-language", "content-location")
    }
    if _is_http(url):
        # The base for relative links: feedparser only knows the URL it fetched itself.
        location = response_headers.get("content-location")
        response_headers["content-location"] = urllib.parse.urljoin(url, location or "")
    # Pass bytes, never a str: feedparser takes a str for a URL or a file name to open.
    # Its HTML sanitiser and its rewriting of links inside HTML are a third of its time,
    # and of no use here: html_to_text keeps no tag and no link (item links, which are
    # elements, are still made absolute).
    parsed = feedparser.parse(
        bytes(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not version and not entries:
        raise SourceError(_not_a_feed(body, content_type=headers.get("content-type", ""), why=bozo))
    if bozo is not None and not entries and _is_fatal(bozo):
        raise SourceError(f"invalid XML, no items could be read: {_describe(bozo)}")
    note = _note(bozo) if bozo is not None else None
    notes = [note] if note else []
    base = response_headers.get("content-location") or url
    feed = parsed.get("feed") or {}
    link = _absolute(feed.get("link"), base)
    items, empty = [], 0
    for entry in entries:
        item = _entry_item(entry, link or base)
        if item is None:
            empty += 1
        else:
            items.append(item)
    return ParsedFeed(
        title=_text_field(feed.get("title_detail"), feed.get("title"), MAX_TITLE_CHARS),
        link=link,
        items=tuple(items),
        version=version or "unknown",
        notes=tuple(notes),
        empty_items=empty,
    )


def _entry_item(entry: Mapping[str, Any], base: str) -> FeedItem | None:
    title = _text_field(entry.get("title_detail"), entry.get("title"), MAX_TITLE_CHARS)
    text = _entry_text(entry)
    if not title and not text:
        return None
    url = _absolute(entry.get("link"), base)
    # dict.get: FeedParserDict.get maps a missing "updated" to "published" (with a warning).
    published = _struct_time(dict.get(entry, "published_parsed"))
    updated = _struct_time(dict.get(entry, "updated_parsed"))
    author = _text_field(entry.get("author_detail"), entry.get("author"), MAX_FIELD_CHARS)
    tags = [tag.get("term") or tag.get("label") for tag in entry.get("tags") or ()]
    return FeedItem(
        guid=_guid(entry.get("id"), url, title, text),
        url=url,
        title=title,
        text=text,
        # Atom requires <updated> and makes <published> optional: the item's own date is the
        # best there is (never the time we read it).
        published=published or updated,
        updated=updated,
        author=author,
        tags=_clean_tags(tags),
    )


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The item's full content when it has one, else its summary, as plain text."""
    candidates = list(entry.get("content") or ())
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    best = ""
    for detail in candidates:
        text = _detail_text(detail)
        if len(text) > len(best):
            best = text
    return best


def _detail_text(detail: Mapping[str, Any], body: bool = True) -> str:
    """The field's plain text, read as its type declares. Only an item's body is also read
    for the HTML it may hide (see :func:`_declared_plain`): a one-line title or name that
    shows a tag ("Why <canvas> beats Flash") means the tag as written."""
    value = detail.get("value") or ""
    if not isinstance(value, str):
        return ""
    if (detail.get("type") or "text/html") == "text/plain":
        return _declared_plain(value) if body else plain_text(value)
    return _html_text(value) if body else html_to_text(value)


def _declared_plain(text: str) -> str:
    """A field declared plain text, unless it is HTML all the same (tags and all)."""
    return html_to_text(text) if is_markup(text) else plain_text(text)


def _html_text(html: str) -> str:
    """The text of an item's HTML. HTML escaped once too often (``&amp;lt;p&amp;gt;`` in
    the XML) has no tag of its own and reads as text full of tags: it is read once more.
    Tags escaped inside real HTML are the item's text ("the &lt;b&gt; tag") and stay."""
    text = html_to_text(html)
    return html_to_text(text) if is_markup(text) and not is_markup(html) else text


def _text_field(detail: Mapping[str, Any] | None, value: Any, limit: int) -> str | None:
    """A title as one line of plain text, or None: whatever the feed's markup or breaks."""
    if detail and isinstance(detail.get("value"), str):
        text = _detail_text(detail, body=False)
    elif isinstance(value, str):
        text = plain_text(value)
    else:
        return None
    text = " ".join(text.split())[:limit]
    return text or None


def _note(error: BaseException) -> str | None:
    name = type(error).__name__
    if name == "CharacterEncodingOverride":
        return f"declared encoding was wrong, read anyway ({error})"
    if name == "NonXMLContentType":
        return None  # a feed served as text/plain or text/html, or from a file: harmless
    return f"ill-formed XML, read leniently ({_describe(error)})"


def _is_fatal(error: BaseException) -> bool:
    return type(error).__name__ not in ("CharacterEncodingOverride", "NonXMLContentType")


def _describe(error: BaseException) -> str:
    line = getattr(error, "getLineNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(message):
        return f"line {line()}: {message()}"
    return str(error) or type(error).__name__


_FEED_LINK = re.compile(
    rb"<link\b[^>]*\btype=[\"']application/(?:rss|atom|feed)\+(?:xml|json)[\"'][^>]*>", re.I
)
_HREF = re.compile(rb"\bhref=[\"']([^\"'<>]+)[\"']", re.I)


def _not_a_feed(body: bytes, content_type: str, why: BaseException | None) -> str:
    head = body[:65536]
    if "html" in content_type or re.search(rb"<(?:!doctype\s+html|html|head|body)\b", head, re.I):
        link = _FEED_LINK.search(head)
        href = _HREF.search(link.group(0)) if link else None
        hint = f" (the page names a feed: {href.group(1).decode('latin-1')})" if href else ""
        return f"an HTML page, not a feed{hint}"
    if why is not None and _is_fatal(why):
        return f"not a feed: invalid XML ({_describe(why)})"
    return "not an RSS, Atom or JSON feed"


# -- entity expansion ----------------------------------------------------------------------

_DOCTYPE = re.compile(
    r"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:\"[^\"]*\"|'[^']*'))+)?\s*(\[)?"
)
_SUBSET_TOKEN = re.compile(
    r"""\s+|<!--.*?-->|<\?.*?\?>|%[^\s;<>]+;"""
    r"""|<!(?:ENTITY|ELEMENT|ATTLIST|NOTATION)\b(?:[^"'>]|"[^"]*"|'[^']*')*>""",
    re.S,
)
_ENTITY = re.compile(
    r"<!ENTITY\s+(%\s+)?([^\s\"'%>]+)\s+"
    r"(?:(SYSTEM|PUBLIC)\b.*|\"([^\"]*)\"|'([^']*)')\s*>\Z",
    re.S,
)
_ELEMENT_START = re.compile(r"<[A-Za-z_:]")
_REFERENCE = re.compile(r"[&%][^\s;#&%<>\"']+;")


def check_entities(body: bytes) -> None:
    """Refuse a document whose entity declarations could expand beyond a bound.

    Entities whose values refer to other entities (the "billion laughs") and internal
    parameter entities are refused outright; for the others, the length of each value
    times the number of its references must stay under MAX_ENTITY_EXPANSION characters.
    External entities are allowed: no parser here loads them. A DOCTYPE whose internal
    subset cannot be read is refused: what cannot be checked is not parsed.
    """
    text = _as_text(body)
    if "<!ENTITY" not in text:
        return
    element = _ELEMENT_START.search(text)
    root = element.start() if element else len(text)
    doctype = _DOCTYPE.search(text, 0, root)
    if doctype is None or not doctype.group(1):
        if "<!ENTITY" in text[:root]:
            raise SourceError("refused: XML entity declarations outside a DOCTYPE")
        return
    declarations, position = [], doctype.end()
    while not text.startswith("]", position):
        token = _SUBSET_TOKEN.match(text, position)
        if token is None:
            raise SourceError(
                f"refused: the DOCTYPE cannot be checked for entity-expansion bombs "
                f"(unreadable declaration at character {position})"
            )
        if token.group(0).startswith("<!ENTITY"):
            declarations.append(token.group(0))
        position = token.end()
    element = _ELEMENT_START.search(text, position)
    if "<!ENTITY" in text[position : element.start() if element else len(text)]:
        raise SourceError("refused: XML entity declarations outside the DOCTYPE")
    expansion = 0
    for declaration in declarations:
        match = _ENTITY.match(declaration)
        if match is None:
            raise SourceError(f"refused: unreadable XML entity declaration {declaration[:60]!r}")
        parameter, name, external = match.group(1), match.group(2), match.group(3)
        value = match.group(4) if match.group(4) is not None else match.group(5) or ""
        if external:
            continue
        if parameter:
            raise SourceError(
                f"refused: the DOCTYPE declares an internal parameter entity (%{name};), "
                "which could expand without bound"
            )
        if _REFERENCE.search(value):
            raise SourceError(
                f"refused: XML entity {name!r} refers to other entities "
                '(an entity-expansion bomb, "billion laughs")'
            )
        expansion += len(value) * text.count(f"&{name};", position)
        if expansion > MAX_ENTITY_EXPANSION:
            raise SourceError(
                f"refused: its XML entities would expand to over {MAX_ENTITY_EXPANSION:,} "
                "characters (an entity-expansion bomb)"
            )


def _as_text(body: bytes) -> str:
    """The document as text, well enough to find markup: UTF-16/32 by BOM or by the
    zero bytes around '<', anything else as Latin-1 (the markup is ASCII)."""
    head = body[:4]
    for marks, codec in (
        ((b"\xff\xfe\x00\x00", b"<\x00\x00\x00"), "utf-32-le"),
        ((b"\x00\x00\xfe\xff", b"\x00\x00\x00<"), "utf-32-be"),
        ((b"\xff\xfe", b"<\x00"), "utf-16-le"),
        ((b"\xfe\xff", b"\x00<"), "utf-16-be"),
    ):
        if head.startswith(marks):
            return body.decode(codec, "replace")
    return body.decode("latin-1")


# -- JSON Feed -----------------------------------------------------------------------------


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SourceError(f"JSON feed is not valid UTF-8 (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise SourceError(f"invalid JSON at line {error.lineno}: {error.msg}") from error
    except RecursionError as error:
        raise SourceError("invalid JSON: nested too deeply") from error
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise SourceError("JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise SourceError("JSON Feed without an items list")
    base = _absolute(data.get("feed_url"), url) or url
    link = _absolute(data.get("home_page_url"), base)
    parsed, empty = [], 0
    for raw in items:
        item = _json_item(raw, link or base) if isinstance(raw, dict) else None
        if item is None:
            empty += 1
        else:
            parsed.append(item)
    title = data.get("title")
    return ParsedFeed(
        title=_text_field(None, title, MAX_TITLE_CHARS),
        link=link,
        items=tuple(parsed),
        version="json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", ""),
        empty_items=empty,
    )


def _json_item(raw: Mapping[str, Any], base: str) -> FeedItem | None:
    def string(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) and value.strip() else None

    title = _text_field(None, string("title"), MAX_TITLE_CHARS)
    html, plain = string("content_html"), string("content_text")
    text = _html_text(html) if html else _declared_plain(plain or "")
    if not text and string("summary"):
        text = plain_text(string("summary") or "")
    if not title and not text:
        return None
    url = _absolute(string("url") or string("external_url"), base)
    identifier = raw.get("id")
    if isinstance(identifier, (int, float)) and not isinstance(identifier, bool):
        identifier = str(identifier)
    # JSON Feed 1.1 "authors" (a list), or 1.0's single "author"; anything else is ignored.
    authors = raw.get("authors")
    if not isinstance(authors, list) or not authors:
        authors = [raw["author"]] if isinstance(raw.get("author"), dict) else []
    names = [
        a.get("name") for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)
    ]
    tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
    published = _iso_date(string("date_published"))
    updated = _iso_date(string("date_modified"))
    return FeedItem(
        guid=_guid(identifier, url, title, text),
        url=url,
        title=title,
        text=text,
        published=published or updated,
        updated=updated,
        author=plain_text(", ".join(names))[:MAX_FIELD_CHARS] or None,
        tags=_clean_tags(tag for tag in tags if isinstance(tag, str)),
    )


def _iso_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


# -- fields --------------------------------------------------------------------------------


def _guid(identifier: Any, url: str | None, title: str | None, text: str) -> str:
    if isinstance(identifier, str) and identifier.strip():
        return " ".join(identifier.split())[:1000]
    if url:
        return url
    digest = hashlib.sha256(f"{title or ''}\n{text}".encode()).hexdigest()[:32]
    return f"sha256:{digest}"


def _absolute(link: Any, base: str | None) -> str | None:
    """``link`` resolved against ``base``; None unless the result is an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    try:
        resolved = urllib.parse.urljoin(base or "", link) if base and _is_http(base) else link
    except ValueError:
        return None
    return resolved if _is_http(resolved) and len(resolved) <= 2000 else None


def _is_http(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _struct_time(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _clean_tags(tags: Iterable[Any]) -> tuple[str, ...]:
    cleaned: dict[str, None] = {}
    for tag in tags:
        if isinstance(tag, str):
            text = " ".join(plain_text(tag).split())[:100]
            if text:
                cleaned.setdefault(text, None)
    return tuple(cleaned)[:50]
