"""OPML: the list of feeds every feed reader exports.

Each ``<outline xmlUrl="...">`` is a feed; its ``title`` (or ``text``) names the outlet,
and the folders it sits in (outer outlines without a feed) and its ``category`` attribute
become its tags: a reader's "Middle East" folder tags every article of its feeds.
"""

from __future__ import annotations

import logging
import urllib.parse
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from digest.config import FeedSource
from digest.errors import ConfigError, SourceError
from digest.sources.feeds import check_entities

log = logging.getLogger(__name__)


def read_opml(path: Path, max_bytes: int) -> tuple[FeedSource, ...]:
    """The feeds an OPML file lists. Raises ConfigError naming the file and what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the OPML file: {error.strerror}") from error
    if len(data) > max_bytes:
        raise ConfigError(f"{path}: OPML file is over the limit of {max_bytes:,} bytes")
    try:
        check_entities(data)
        root = ElementTree.fromstring(data)
    except SourceError as error:
        raise ConfigError(f"{path}: {error}") from error
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ConfigError(f"{path}: line {line}: not well-formed XML (column {column})") from error
    if root.tag != "opml":
        raise ConfigError(f"{path}: not an OPML file (its root element is <{root.tag}>)")
    body = root.find("body")
    feeds: list[FeedSource] = []
    _collect(body if body is not None else root, (), feeds, path)
    if not feeds:
        log.warning("%s: the OPML file lists no feeds (no outline with an xmlUrl)", path)
    return tuple(feeds)


def _collect(
    element: ElementTree.Element, folders: tuple[str, ...], feeds: list[FeedSource], path: Path
) -> None:
    for outline in element.findall("outline"):
        attributes = {key.lower(): value for key, value in outline.attrib.items()}
        name = " ".join((attributes.get("title") or attributes.get("text") or "").split())
        url = (attributes.get("xmlurl") or "").strip()
        if not url:
            _collect(outline, (*folders, name) if name else folders, feeds, path)
            continue
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            log.warning("%s: feed %r skipped: not an http(s) URL", path, url)
            continue
        categories = [
            part.strip()
            for part in (attributes.get("category") or "").replace("/", ",").split(",")
            if part.strip()
        ]
        feeds.append(
            FeedSource(
                url=url,
                outlet=name or None,
                tags=tuple(dict.fromkeys([*folders, *categories])),
            )
        )
