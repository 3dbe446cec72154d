"""What digest adds to every page MkDocs renders, whatever the theme or ``custom_dir``.

:class:`Accessibility` mends what axe-core finds in Material's own pages (the browser test
runs it on the home, an incident, a week, the places and the feeds pages): a search dialog
without a name, a footer line of too little contrast, and links told from the text around
them by colour alone.

``<link rel="alternate">`` tags let browsers and feed readers find the feeds from any page
(feed autodiscovery): the briefing's feeds everywhere, plus a place's or tag's own feeds on
its page. This is done as a plugin object added to the build's configuration, rather than a
theme override, so that it works for projects made by ``digest init`` and for projects
with their own ``custom_dir`` templates.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from mkdocs.plugins import BasePlugin

_TYPES = {
    "feed.xml": ("application/rss+xml", "RSS"),
    "atom.xml": ("application/atom+xml", "Atom"),
    "feed.json": ("application/feed+json", "JSON Feed"),
}
# Markdown extensions the generated pages use: grid cards (md_in_html, attr_list) and the
# weekly digest call-out (admonition). All are part of Python-Markdown itself.
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html")
_REDIRECT = re.compile(r"[a-z0-9./-]+")


class FeedLinks(BasePlugin):  # type: ignore[type-arg]
    def __init__(self, site_url: str, site_name: str, feed_files: Iterable[str]) -> None:
        super().__init__()
        self.base = site_url.rstrip("/") + "/"
        self.site_name = site_name
        self.by_folder: dict[str, list[str]] = {}
        for path in sorted(feed_files):
            folder, name = posixpath.split(path)
            if name in _TYPES:
                self.by_folder.setdefault(folder, []).append(name)

    def _links(self, folder: str, label: str) -> str:
        return "".join(
            f'<link rel="alternate" type="{_TYPES[name][0]}" '
            f'title="{html.escape(label)} ({_TYPES[name][1]})" '
            f'href="{html.escape(self.base + posixpath.join(folder, name))}">'
            for name in self.by_folder.get(folder, [])
        )

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        links = self._links("", self.site_name)
        # A merged incident's old page sends browsers on to the incident it joined.
        redirect = (page.meta or {}).get("redirect")
        if isinstance(redirect, str) and _REDIRECT.fullmatch(redirect):
            links += f'<meta http-equiv="refresh" content="0; url={html.escape(redirect)}">'

        # places/karvan.md → feeds/places/karvan/; tags/flood.md likewise.
        kind, _, name = page.file.src_uri.partition("/")
        if kind in ("places", "tags") and name.endswith(".md") and name != "index.md":
            links += self._links(f"feeds/{kind}/{name[:-3]}", page.title or name[:-3])
        if not links:
            return output
        head = output.find("</head>")
        return output if head < 0 else output[:head] + links + output[head:]


# Material's search box is a dialog with no accessible name (axe: aria-dialog-name).
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
# Links in running text are underlined, not told by colour alone (axe: link-in-text-block);
# the footer's copyright line gets the footer's readable grey (axe: color-contrast, 4.5:1).
_STYLE = (
    "<style>"
    ".md-typeset a:not(.headerlink):not(.md-button){text-decoration:underline;"
    "text-underline-offset:.15em}"
    ".md-copyright{color:var(--md-footer-fg-color--light)}"
    "</style>"
)


class Accessibility(BasePlugin):  # type: ignore[type-arg]
    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        output = _SEARCH_DIALOG.sub(r'\1 aria-label="Search">', output, count=1)
        head = output.find("</head>")
        return output if head < 0 else output[:head] + _STYLE + output[head:]
