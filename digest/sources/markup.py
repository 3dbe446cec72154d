"""Text that is markup, and HTML to plain text.

Users feed digest what they scrape: a page's HTML source saved under a ``.txt`` name, a
half-flattened dump with tags and character entities left in, a feed item whose HTML was
escaped once too often (``&lt;p&gt;`` in the XML). :func:`sniff` tells these from text that
merely mentions a tag ("the <b> tag"), compares numbers (``a < b``) or quotes an address
(``<name@example.org>``), by signals that hold whatever the language or site:

- only HTML's own element names count as tags, and a tag written as a word of prose
  (spaces or quotes on both sides: "wrap it in <b> and </b>") is a mention, not markup;
- real markup is balanced: most of its start tags are closed, or are void elements;
- a whole page has a doctype, an ``<html>``, ``<head>`` or ``<body>`` tag, or most of its
  characters in tags, scripts, styles and comments.

:func:`html_to_text` is the one HTML-fragment reader (feed items, dumps); whole pages are
read by trafilatura (:func:`digest.sources.files.extract_html`), as ``.html`` files are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

Markup = Literal["page", "tags", "entities"]
"""What :func:`sniff` found: a whole HTML page; text with tags (and entities) left in;
text whose only markup is character entities (``&amp;``, ``&#8217;``)."""

# HTML's elements (the living standard's, with the obsolete ones old pages still use).
ELEMENTS = frozenset(
    "a abbr acronym address area article aside audio b base bdi bdo big blockquote body br "
    "button canvas caption center cite code col colgroup data datalist dd del details dfn "
    "dialog dir div dl dt em embed fieldset figcaption figure font footer form frame "
    "frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label "
    "legend li link main map mark marquee menu meta meter nav noscript object ol optgroup "
    "option output p param picture pre progress q rp rt ruby s samp script search section "
    "select slot small source span strike strong style sub summary sup svg table tbody td "
    "template textarea tfoot th thead time title tr track tt u ul var video wbr".split()
)
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
"""Elements that never have an end tag."""
_OPTIONAL_END = frozenset("p li dt dd tr td th option".split())
"""Elements whose end tag HTML lets a page leave out (the next one closes them)."""
_PAGE_TAGS = frozenset({"html", "head", "body"})

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(\s[^<>]*)?>")
_HIDDEN = re.compile(r"<!--|<(script|style|noscript|template)\b[^<>]*>", re.I)
_DOCTYPE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?<!doctype\s+html\b", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BEFORE_MENTION = frozenset(" \t\"'`(‘“«[")
_AFTER_MENTION = frozenset(" \t\"'`)’”»],.;:!?")
_SHARE_OF_PAGE = 0.5
"""A text with most of its characters in markup is a page (or a page's piece) whatever
its tags: the text a reader sees is the smaller part."""
_BALANCED = 0.5
"""Share of tags that must be closed (or void) for the tags to be markup: prose that
mentions tags names them alone ("the <br> and <p> tags"); markup closes what it opens."""


@dataclass(frozen=True)
class _Tags:
    count: int
    balanced: int
    """Tags closed by a later end tag, their end tags, and void elements."""
    names: frozenset[str]
    markup_chars: int
    """Characters in tags, comments and script or style elements."""


def sniff(text: str) -> Markup | None:
    """What markup ``text`` is, or None when it is text to read as it is."""
    if "<" not in text and "&" not in text:
        return None
    if _DOCTYPE.match(text):
        return "page"
    tags = _tags(text)
    if tags.count >= 2 and tags.balanced >= _BALANCED * tags.count:
        visible = len("".join(text.split()))
        if tags.names & _PAGE_TAGS or tags.markup_chars >= _SHARE_OF_PAGE * visible:
            return "page"
        return "tags"
    if _has_entities(text):
        return "entities"
    return None


def is_markup(text: str) -> bool:
    """Whether ``text`` holds HTML tags (a page or a fragment), by :func:`sniff`."""
    return sniff(text) in ("page", "tags")


def _tags(text: str) -> _Tags:
    text, hidden_chars = _without_hidden(text)
    count = balanced = tag_chars = 0
    names: set[str] = set()
    open_tags: list[str] = []
    still_open: Counter[str] = Counter()
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        if name not in ELEMENTS or _mentioned(text, match.start(), match.end()):
            continue
        count += 1
        tag_chars += match.end() - match.start()
        names.add(name)
        if match.group(1):
            if still_open[name]:
                while (top := open_tags.pop()) != name:
                    still_open[top] -= 1
                still_open[name] -= 1
                balanced += 2
        elif name in _VOID_TAGS or match.group(0).endswith("/>"):
            balanced += 1
        else:
            if name in _OPTIONAL_END and open_tags and open_tags[-1] == name:
                # <p>one<p>two: the second <p> closes the first, as HTML says.
                open_tags.pop()
                still_open[name] -= 1
                balanced += 1
            open_tags.append(name)
            still_open[name] += 1
    return _Tags(
        count=count,
        balanced=balanced,
        names=frozenset(names),
        markup_chars=tag_chars + hidden_chars,
    )


def _without_hidden(text: str) -> tuple[str, int]:
    """``text`` without its comments and the bodies of its scripts and styles ("<div>" in
    a string of JavaScript is no tag), and how many characters went. One pass, with
    str.find for each end: an unclosed "<!--" or "<script>" costs no rescanning."""
    lower = text.lower()
    kept: list[str] = []
    position = hidden = 0
    while match := _HIDDEN.search(text, position):
        if match.group(1):  # a script or style element: its tags stay, its body goes
            kept.append(text[position : match.end()])
            end = lower.find(f"</{match.group(1).lower()}", match.end())
            end = len(text) if end < 0 else end
            hidden += end - match.end()
        else:
            kept.append(text[position : match.start()])
            end = text.find("-->", match.end())
            end = len(text) if end < 0 else end + 3
            hidden += end - match.start()
        position = end
    kept.append(text[position:])
    return "".join(kept), hidden


def _mentioned(text: str, start: int, end: int) -> bool:
    """A tag written as a word of prose: spaces, quotes or brackets on both sides."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    return before in _BEFORE_MENTION and after in _AFTER_MENTION


def _has_entities(text: str) -> bool:
    return any(html.unescape(m.group(0)) != m.group(0) for m in _ENTITY.finditer(text))


def unescape_entities(text: str) -> str:
    """``text`` with its character references (``&amp;``, ``&#8217;``) as characters; an
    ampersand that starts no complete reference ("AT&T", "?a=1&copy=2") stays."""
    return _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def plain_text(text: str) -> str:
    """Plain text with its paragraphs kept and the spaces inside each collapsed."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(p for p in (" ".join(p.split()) for p in paragraphs) if p)


# -- HTML to text --------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td "
    "tfoot th thead tr ul".split()
)
_DROPPED_TAGS = frozenset(
    "script style noscript template iframe object embed svg math head title select "
    "button audio video canvas".split()
)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


class _TextExtractor(HTMLParser):
    def __init__(self, keep_lines: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_lines = keep_lines
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.dropping: list[str] = []

    def _break(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    def _blank(self) -> None:
        if self.paragraphs and self.paragraphs[-1]:
            self.paragraphs.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            # No end tag will come (<embed src=...>): dropping its "content" would drop
            # the rest of the item.
            if tag in _BLOCK_TAGS and not self.dropping:
                self._break()
        elif tag in _DROPPED_TAGS:
            self.dropping.append(tag)
        elif tag in _BLOCK_TAGS and not self.dropping:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and not self.dropping:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            elif tag in self.dropping:
                del self.dropping[self.dropping.index(tag) :]
            return
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if not self.keep_lines:
            self.current.append(data)
            return
        # The text's own lines stay lines, and its blank lines blank lines: a dump's lines
        # are the page's blocks, as in any .txt article.
        for number, block in enumerate(_BLANK_LINE.split(data)):
            if number:
                self._break()
                self._blank()
            for index, line in enumerate(block.split("\n")):
                if index:
                    self._break()
                self.current.append(line)


def html_to_text(fragment: str, keep_lines: bool = False) -> str:
    """The text of an HTML fragment: no tag, comment or script survives; block elements
    become paragraphs, separated by blank lines (``keep_lines``: each block a line, and the
    text's own line breaks and blank lines kept)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip() if keep_lines else plain_text(fragment)
    parser = _TextExtractor(keep_lines)
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # html.parser on pathological markup
        pass
    parser._break()
    if keep_lines:
        return "\n".join(parser.paragraphs).strip("\n")
    return "\n\n".join(parser.paragraphs)
