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


def _article(index: int, payload: str) -> tuple[str, str]:
    """A Markdown article carrying ``payload`` in every field, and its file name."""
    metadata = {
        "title": f"Bridge {index} closed {payload}",
        "outlet": f"Outlet {payload}",
        "author": f"Reporter {payload}",
        "url": f"javascript:alert('xss')//{payload}"
        if index % 2
        else f"https://example.org/{index}?q={payload}",
        "published": f"2026-02-{1 + index % 27:02d}T10:00:00Z",
    }
    body = (
        f"KARVAN ({payload}) — Engineers closed bridge number {index} over the river on Monday "
        f"after finding cracks, officials said. {payload}\n\n"
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
    data = json.loads((site / "incidents.json").read_text(encoding="utf-8"))
    titles = {
        article["title"] for incident in data["incidents"] for article in incident["articles"]
    }
    assert any("<script>alert('xss')</script>" in title for title in titles)  # kept as data
    urls = [article["url"] for incident in data["incidents"] for article in incident["articles"]]
    # Only web addresses are kept as an article's URL: other tools will link them.
    assert all(url is None or url.startswith(("http://", "https://")) for url in urls)
    assert None in urls


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
