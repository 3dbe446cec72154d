"""The shared extraction pages as a naive scraper saves them: all visible text, one block a line.

    from benchmarks.raw_pages import extraction_pages
    for page in extraction_pages(Path("../shared/extraction")): page.key, page.text, page.html

The flattening is lxml's: every block element (paragraph, heading, list item, cell, div...)
starts a new line; script, style and other invisible elements are skipped; the page's
``<title>`` is the first line, as scrapers that keep the whole document print it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from w3lib.encoding import html_to_unicode

_INVISIBLE = frozenset(
    "script style noscript template svg iframe object embed head meta link button select".split()
)
_BLOCKS = frozenset(
    (
        "address article aside blockquote body caption dd details dialog div dl dt fieldset "
        "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
        "summary table tbody td tfoot th thead title tr ul br"
    ).split()
)


@dataclass(frozen=True)
class RawPage:
    key: str
    html: str
    text: str
    """The page flattened to its visible text, one block a line."""
    url: str


def flatten(html: str, title: bool = True) -> str:
    """All visible text of an HTML page, one block a line, blank lines dropped; the
    ``<title>`` first unless ``title`` is false (some scrapers skip the head)."""
    root = lxml.html.document_fromstring(html)
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag
        # Comments and processing instructions have a callable tag: invisible, but their
        # tail (handled by the parent) is text.
        if not isinstance(tag, str) or tag in _INVISIBLE:
            return
        block = tag in _BLOCKS
        if block:
            end_line()
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            end_line()

    heading = root.find(".//title")
    if title and heading is not None and heading.text_content().strip():
        lines.append(" ".join(heading.text_content().split()))
    body = root.find("body")
    walk(body if body is not None else root)
    end_line()
    return "\n".join(lines)


def extraction_pages(folder: Path, title: bool = True) -> Iterator[RawPage]:
    """Every page of the extraction benchmark (``../shared/extraction``), in key order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((folder / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        _, html = html_to_unicode(None, gzip.decompress(path.read_bytes()))
        yield RawPage(key=key, html=html, text=flatten(html, title), url=truth[key]["url"])
