"""Hostile article text, proven harmless in a real browser.

Every payload of a classic XSS / Markdown-injection corpus is put through every field an
article file controls (text, title, outlet, author, URL, dateline, quote, file name). The
built site is opened page by page in headless Chromium with alert/confirm/prompt and
``document.title`` watched: no payload may run. The feeds must stay well-formed XML with
the payloads as text.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import yaml

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Each payload either calls alert(…) or sets document.title to exactly "XSS" if it runs.
PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<svg><script>alert('xss')</script></svg>",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "[click](javascript:alert('xss'))",
    "![image](javascript:alert('xss'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=)",
    '"><script>document.title="XSS"</script>',
    "'><img src=x onerror=document.title='XSS'>",
    "<details open ontoggle=alert('xss')>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<body onload=alert('xss')>",
    "<scr<script>ipt>alert('xss')</script>",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('xss')&#62;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<div markdown=\"1\">*raw html block* <img src=x onerror=alert('xss')></div>",
    "<style>body{display:none}</style>",
    "{{ config }} {% raw %} {{ 7*7 }}",
    "--- title: pwned ---",
    "[ref]: javascript:alert('xss')",
    "<!-- unterminated comment",
    "`<img src=x onerror=alert('xss')>`",
    "<input autofocus onfocus=alert('xss')>",
]
FIELDS = (
    "text",
    "title",
    "outlet",
    "author",
    "url",
    "dateline",
    "quote",
    "file name",
    "feed title",
    "feed item title",
    "feed item description",
    "feed item link",
    "feed item author",
)


def _feed(payloads: list[str]) -> str:
    """An RSS file whose every field carries the payloads (as escaped XML text)."""
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>Harbour {i} reopened {escape(p)}</title>"
        f"<link>{escape('javascript:alert(1)//' + p) if i % 2 else 'https://example.org/h/' + str(i)}</link>"
        f"<guid>h-{i}</guid><author>desk@example.org ({escape(p)})</author>"
        f"<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>"
        f"<description>{escape('<p>The harbour number ' + str(i) + ' reopened on Tuesday after repairs, the port authority said. ' + p + '</p>')}</description></item>"
        for i, p in enumerate(payloads)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Port news {escape(payloads[0])}</title><link>https://example.org/</link>"
        f"<description>d</description>{items}</channel></rss>"
    )


def _dateline_outlet(payload: str) -> str:
    """The payload as a dateline can carry it: a dateline's outlet is at most 40
    characters without parentheses, so ``alert('xss')`` becomes ``alert`xss```, which
    still calls alert (a tagged template)."""
    return payload.replace("('xss')", "`xss`").replace("(", "[").replace(")", "]")[:40].strip()


def _article(index: int, payload: str) -> tuple[str, str]:
    """A Markdown article carrying ``payload`` in every field, and its file name.

    Every third article has no outlet in its front matter, so that the dateline's outlet
    (the payload) is the one published."""
    metadata = {
        "title": f"Bridge {index} closed {payload}",
        "outlet": f"Outlet {payload}",
        "author": f"Reporter {payload}",
        "url": f"javascript:alert('xss')//{payload}"
        if index % 2
        else f"https://example.org/{index}?q={payload}",
        "published": f"2026-02-{1 + index % 27:02d}T10:00:00Z",
    }
    if index % 3 == 0:
        del metadata["outlet"]
    # The lead ends with a full stop: a lead ending with the payload could read as a
    # headline, and a headline carries no dateline.
    body = (
        f"KARVAN ({_dateline_outlet(payload)}) — Engineers closed bridge number {index} over "
        f"the river on Monday after finding cracks {payload}, officials said.\n\n"
        f"“{payload} is not what we expected,” the chief engineer said.\n\n"
        f"The crossing {index} carries thousands of vehicles a day {payload}.\n"
    )
    name = f"{index:02d} {payload.replace('/', '_')[:60]}.md"
    return name, "---\n" + yaml.safe_dump(metadata, allow_unicode=True) + "---\n" + body


@pytest.fixture
def hostile_site(make_project: Callable[..., Path], run: Callable[..., object]) -> Path:
    project = make_project(dict(_article(i, p) for i, p in enumerate(PAYLOADS)), name="hostile")
    (project / "port.xml").write_text(_feed(PAYLOADS), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("digest:\n", "digest:\n  feeds: [port.xml]\n", 1))
    fetched = run("fetch", "-f", config)
    assert fetched.exit_code == 0, fetched.output  # type: ignore[attr-defined]
    assert len(list((project / "articles").rglob("*.md"))) == 2 * len(PAYLOADS)
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return project


def test_payloads_in_every_field_never_run(hostile_site: Path) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium missing: .ci/run installs it")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    site = hostile_site / "site"
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    # A control page where a payload does run: proves the watch below would catch one.
    (site / "zz-control.html").write_text(
        "<html><body><img src=x onerror=\"alert('control')\"></body></html>", encoding="utf-8"
    )
    pages.append("zz-control.html")
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ran: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            page = browser.new_page()
            # Only this server: a payload must not even make the browser fetch elsewhere.
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base) else route.abort()
                ),
            )
            page.add_init_script(
                "for (const f of ['alert','confirm','prompt']) {"
                "  window[f] = (m) => { document.documentElement.dataset.xss = String(m); }; }"
            )
            page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
            for relative in pages:
                page.goto(base + relative, wait_until="load")
                page.wait_for_timeout(20)
                fired = page.evaluate("document.documentElement.dataset.xss || ''")
                if fired or page.title() == "XSS":
                    ran.append(f"{relative}: {fired or page.title()}")
                # Focus-based payloads need focus: tab through the page once.
                page.keyboard.press("Tab")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"{len(PAYLOADS)} payloads x {len(FIELDS)} fields, {len(pages) - 1} pages opened")
    assert ran == ["zz-control.html: control"]


def test_every_field_carries_payloads_into_the_briefing(hostile_site: Path) -> None:
    """The corpus must reach the output through each field, or the browser test proves
    nothing about that field: count, per field, the payloads that got through."""
    data = json.loads((hostile_site / "site" / "incidents.json").read_text(encoding="utf-8"))
    articles = [article for incident in data["incidents"] for article in incident["articles"]]
    files = {a["path"].rsplit("/", 1)[-1][:2]: a for a in articles if a["path"].endswith(".md")}
    quotes = {
        quote["article_id"]: quote["text"] for i in data["incidents"] for quote in i["quotes"]
    }
    reached: dict[str, int] = dict.fromkeys(
        ("title", "outlet", "dateline", "quote", "url", "file name", "feed title", "feed item")
    )
    by_index = [(files.get(f"{i:02d}"), payload) for i, payload in enumerate(PAYLOADS)]
    carried = [(a, p) for a, p in by_index if a is not None]
    assert len(carried) == len(PAYLOADS)
    reached["title"] = sum(p in a["title"] for a, p in carried)
    # Every third article's outlet is its dateline's: the payload as a dateline carries it.
    reached["outlet"] = sum(
        (_dateline_outlet(p) if i % 3 == 0 else f"Outlet {p}") == a["outlet"]
        for i, (a, p) in enumerate(carried)
    )
    reached["dateline"] = sum(
        a["dateline"] is not None and a["dateline"]["outlet"] == _dateline_outlet(p)
        for a, p in carried
    )
    reached["quote"] = sum(p in quotes.get(a["id"], "") for a, p in carried)
    reached["url"] = sum(p in (a["url"] or "") for a, p in carried)
    reached["file name"] = sum(p.replace("/", "_")[:60] in a["path"] for a, p in carried)
    fed = [a for a in articles if "port" in a["outlet"].lower()]
    reached["feed title"] = sum(PAYLOADS[0] in a["outlet"] for a in fed)
    reached["feed item"] = sum(any(p in a["title"] for p in PAYLOADS) for a in fed)
    print(f"payloads that reached the briefing, of {len(PAYLOADS)} per field: {reached}")
    assert reached["title"] == reached["file name"] == len(PAYLOADS)
    assert reached["outlet"] == reached["dateline"] == len(PAYLOADS)
    # The even articles have a web URL (with the payload in its query), odd ones none.
    assert reached["url"] == len(range(0, len(PAYLOADS), 2))
    # A payload with a straight double quote inside the curly quotes is not found as one.
    assert reached["quote"] >= len(PAYLOADS) - 5
    assert reached["feed title"] == len(PAYLOADS)
    # feedparser reads an item title that looks like HTML as HTML, made text here: the two
    # payloads that are words inside an <a> or <div> arrive as their words.
    assert reached["feed item"] == len(PAYLOADS) - 2


def test_payloads_stay_text_in_feeds_and_data(hostile_site: Path) -> None:
    site = hostile_site / "site"
    feeds = [p for p in site.rglob("*") if p.suffix in (".xml",) and p.name != "sitemap.xml"]
    assert feeds
    for feed in feeds:
        ElementTree.parse(feed)  # well-formed, or this raises
        assert feedparser.parse(feed.read_bytes()).bozo == 0, feed
    rss = ElementTree.parse(site / "feed.xml")
    descriptions = " ".join(element.text or "" for element in rss.iter("description"))
    assert "<script" not in descriptions and 'href="javascript:' not in descriptions
    assert "&lt;script&gt;alert" in descriptions
    # The HTML a feed reader renders (RSS description, Atom content, JSON Feed
    # content_html), in every feed of the site: no element or attribute that could run.
    atom = "{http://www.w3.org/2005/Atom}"
    html_parts: list[str] = []
    for feed in feeds:
        tree = ElementTree.parse(feed)
        html_parts += [e.text or "" for e in tree.iter("description")]
        html_parts += [e.text or "" for e in tree.iter(f"{atom}content")]
    json_feeds = list(site.rglob("feed.json"))
    assert json_feeds
    for feed in json_feeds:
        items = json.loads(feed.read_text(encoding="utf-8"))["items"]
        html_parts += [item.get("content_html", "") for item in items]
    assert len(html_parts) > len(feeds)
    active = [found for html in html_parts for found in _active_html(html)]
    assert active == []
    data = json.loads((site / "incidents.json").read_text(encoding="utf-8"))
    titles = {
        article["title"] for incident in data["incidents"] for article in incident["articles"]
    }
    assert any("<script>alert('xss')</script>" in title for title in titles)  # kept as data
    urls = [article["url"] for incident in data["incidents"] for article in incident["articles"]]
    # Only web addresses are kept as an article's URL: other tools will link them.
    assert all(url is None or url.startswith(("http://", "https://")) for url in urls)
    assert None in urls


def _active_html(html: str) -> list[str]:
    """What in ``html`` could run script: elements that load or run code, ``on*``
    attributes, and links or sources with a scheme other than http(s), mailto or none."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "iframe", "object", "embed", "style", "svg", "math", "base"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                scheme = (value or "").strip().lower().split(":", 1)
                if name.startswith("on"):
                    found.append(f"<{tag} {name}>")
                elif (
                    name in ("href", "src", "action", "formaction", "srcset")
                    and len(scheme) == 2
                    and not scheme[0].startswith(("http", "mailto", "/", "#", "."))
                ):
                    found.append(f"<{tag} {name}={value}>")

    Scan().feed(html)
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
