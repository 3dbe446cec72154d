"""`digest fetch` as a user runs it: settings, OPML, summary, exit codes, full text, and
fetched articles built into incidents."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPOSITORY
from feed_server import Feed, FeedServer, Reply, archive_files, configure_feeds, rss

from digest.config import load_project
from digest.errors import ConfigError
from digest.sources.fetch import feed_sources
from digest.sources.files import split_front_matter

STORY = (
    "<p>Floodwater closed the valley road at Halvik on Tuesday, the district council said.</p>"
    "<p>Engineers inspected the bridge and found the embankment damaged.</p>"
)


def _feed(prefix: str, count: int = 1) -> bytes:
    return rss(
        [
            {
                "title": f"Valley report {n}",
                "link": f"https://news.example/{prefix}/{n}",
                "description": html.escape(STORY),
            }
            for n in range(count)
        ]
    )


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project()


def test_summary_and_exit_status(
    feed_server: FeedServer, project: Path, run: Callable[..., object]
) -> None:
    prefix = feed_server.prefix()
    good = feed_server.add(f"{prefix}/good.xml", Feed(_feed(prefix, 2)))
    gone = feed_server.add(f"{prefix}/gone.xml", Reply(404))
    config = configure_feeds(project, [good, gone])

    result = run("fetch", "-f", config)
    # One failed feed: the others are fetched and saved, and the status says so...
    assert result.exit_code == 3, result.output
    assert "1 feed(s) failed; the others were fetched (exit status 3)" in result.output
    assert f"fetched    {good}: 2 new, 0 updated, 0 unchanged" in result.output
    assert f"failed     {gone}: HTTP 404 Not Found" in result.output
    assert "Fetched 1 of 2 feeds: 2 new, 0 updated, 0 unchanged, 0 duplicates; 1 failed" in (
        result.output
    )
    strict = run("fetch", "-f", config, "--strict")
    assert strict.exit_code == 1  # ...and it is an error with --strict
    assert f"unchanged  {good} (not modified)" in strict.output
    assert "1 feed(s) failed" in strict.output

    configure_feeds(project, [gone])
    assert run("fetch", "-f", config).exit_code == 1  # nothing fetched at all: a failure
    quiet = run("fetch", "-f", config, "-q")
    assert "HTTP 404" in quiet.output and "Fetched" not in quiet.output


def test_no_feeds_is_said_plainly(project: Path, run: Callable[..., object]) -> None:
    result = run("fetch", "-f", project / "mkdocs.yml")
    assert result.exit_code == 0
    assert "No feeds to fetch: list them under digest.feeds, digest.opml or --opml." in (
        result.output
    )


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Middle East">
      <outline text="Kurdistan">
        <outline type="rss" text="Valley Wire" title="Valley Wire" xmlUrl="{one}"
                 category="floods,weather"/>
      </outline>
    </outline>
    <outline type="rss" text="Top level" xmlUrl="{two}"/>
    <outline type="rss" text="Not http" xmlUrl="file:///etc/passwd"/>
  </body>
</opml>
"""


def test_opml_lists_feeds_with_their_folders_as_tags(
    feed_server: FeedServer, project: Path, run: Callable[..., object]
) -> None:
    prefix = feed_server.prefix()
    one = feed_server.add(f"{prefix}/one.xml", Feed(_feed(prefix + "-1")))
    two = feed_server.add(f"{prefix}/two.xml", Feed(_feed(prefix + "-2")))
    opml = project / "feeds.opml"
    opml.write_text(OPML.format(one=html.escape(one), two=html.escape(two)), encoding="utf-8")
    config = configure_feeds(project, [two])  # listed twice: fetched once

    sources = feed_sources(load_project(config), [opml])
    assert [(s.url, s.outlet, s.tags) for s in sources] == [
        (two, None, ()),
        (one, "Valley Wire", ("Middle East", "Kurdistan", "floods", "weather")),
    ]
    result = run("fetch", "-f", config, "--opml", opml)
    assert result.exit_code == 0, result.output
    assert "Fetched 2 of 2 feeds: 2 new" in result.output
    texts = [text.decode() for text in archive_files(project).values()]
    valley = next(text for text in texts if "outlet: Valley Wire" in text)
    assert "- Middle East\n- Kurdistan\n- floods\n- weather\n" in valley

    # The same file named in mkdocs.yml (digest.opml).
    text = config.read_text(encoding="utf-8").replace("  feeds:", "  opml: feeds.opml\n  feeds:")
    config.write_text(text, encoding="utf-8")
    assert len(feed_sources(load_project(config))) == 2


def test_a_broken_opml_file_is_a_config_error(project: Path, run: Callable[..., object]) -> None:
    opml = project / "feeds.opml"
    opml.write_text("<opml><body><outline xmlUrl='x'", encoding="utf-8")
    result = run("fetch", "-f", project / "mkdocs.yml", "--opml", opml)
    assert result.exit_code == 2
    assert f"{opml}: line 1: not well-formed XML" in result.output
    opml.write_text("<rss/>", encoding="utf-8")
    result = run("fetch", "-f", project / "mkdocs.yml", "--opml", opml)
    assert "not an OPML file (its root element is <rss>)" in result.output


@pytest.mark.parametrize(
    ("feeds", "fetch", "message"),
    [
        (
            [{"urll": "https://x.example/"}],
            {},
            "digest.feeds[0].urll: unknown setting (did you mean 'url'?)",
        ),
        (
            [{"url": "https://x.example/", "path": "a.xml"}],
            {},
            "digest.feeds[0]: give either url or path",
        ),
        (["ftp://x.example/feed"], {}, "digest.feeds[0].url: expected an http or https URL"),
        (
            [{"url": "https://x.example/", "full_text": "yes"}],
            {},
            "digest.feeds[0].full_text: expected true or false",
        ),
        (
            [],
            {"archive": "elsewhere"},
            "digest.fetch.archive: 'elsewhere' is not inside any digest.articles folder",
        ),
        ([], {"concurrency": 0}, "digest.fetch.concurrency: expected 1 or more, got 0"),
        ([], {"read_timeout": "soon"}, "digest.fetch.read_timeout: expected a number, got 'soon'"),
    ],
)
def test_feed_settings_are_validated(
    project: Path,
    run: Callable[..., object],
    feeds: list[object],
    fetch: dict[str, object],
    message: str,
) -> None:
    config = configure_feeds(project, feeds, **fetch)
    with pytest.raises(ConfigError) as error:
        load_project(config)
    assert f"mkdocs.yml: {message}" in str(error.value)
    assert run("fetch", "-f", config).exit_code == 2


def test_feed_settings_accept_strings_and_mappings(project: Path) -> None:
    config = configure_feeds(
        project,
        [
            "https://a.example/rss",
            "feeds/local.xml",
            {"url": "https://b.example/atom", "outlet": "B", "full_text": True, "tags": "north"},
        ],
        archive="articles/fetched",
    )
    settings = load_project(config).digest
    assert [(f.url, f.path, f.outlet, f.full_text, f.tags) for f in settings.feeds] == [
        ("https://a.example/rss", None, None, False, ()),
        (None, "feeds/local.xml", None, False, ()),
        ("https://b.example/atom", None, "B", True, ("north",)),
    ]
    assert load_project(config).archive_dir == project / "articles" / "fetched"


def test_a_local_feed_file(project: Path, run: Callable[..., object]) -> None:
    (project / "feeds").mkdir()
    (project / "feeds" / "local.xml").write_bytes(_feed("local", 2))
    config = configure_feeds(project, ["feeds/local.xml"])
    assert run("fetch", "-f", config).exit_code == 0
    again = run("fetch", "-f", config)
    assert "feeds/local.xml: 0 new, 0 updated, 2 unchanged" in again.output
    assert len(archive_files(project)) == 2


ARTICLE_PAGE = """<!DOCTYPE html><html><head><title>Bridge closed | Valley News</title>
<meta property="og:site_name" content="Valley News"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Bridge closed after floods</h1>
<p>The old bridge over the Velda at Halvik was closed on Tuesday after engineers found cracks
in two of its piers, the district council said in a statement.</p>
<p>Trucks carrying grain to Deltaport were sent on a detour of more than 80 kilometres through
the hills, adding a day to the journey, the hauliers' association said.</p>
<p>"We cannot take any risk with a structure this old," council engineer Mara Tell said,
adding that repairs would take at least a month once the water level falls.</p>
</article><footer>Copyright Valley News. All rights reserved.</footer></body></html>"""


def test_full_text_page_is_read_in_the_encoding_it_declares(
    feed_server: FeedServer, project: Path
) -> None:
    """No charset in the HTTP header: the page's own <meta> says how to read it."""
    prefix = feed_server.prefix()
    page = ARTICLE_PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "council engineer", "the council’s engineer"
    )
    url = feed_server.add(
        f"{prefix}/article/1", Reply(200, page.encode("cp1252"), {"Content-Type": "text/html"})
    )
    items = [{"title": "Bridge closed", "link": url, "description": "Short summary one."}]
    feed = feed_server.add(f"{prefix}/feed.xml", Feed(rss(items)))
    configure_feeds(project, [{"url": feed, "full_text": True, "outlet": "Valley News"}])
    from digest.sources.fetch import fetch_feeds

    project_config = load_project(project / "mkdocs.yml")
    assert fetch_feeds(project_config, feed_sources(project_config)).feeds[0].new == 1
    (text,) = archive_files(project).values()
    assert "the council’s engineer Mara Tell said" in text.decode()


def test_full_text_fetches_the_page_and_falls_back_to_the_summary(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    page = feed_server.add(
        f"{prefix}/article/1", Reply(200, ARTICLE_PAGE.encode(), {"Content-Type": "text/html"})
    )
    items = [
        {"title": "Bridge closed", "link": page, "description": "Short summary one."},
        {
            "title": "Road closed",
            "link": feed_server.url(f"{prefix}/article/2"),
            "description": "Short summary two.",
        },
    ]
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss(items)))
    configure_feeds(project, [{"url": url, "full_text": True, "outlet": "Valley News"}])
    from digest.sources.fetch import fetch_feeds

    project_config = load_project(project / "mkdocs.yml")
    report = fetch_feeds(project_config, feed_sources(project_config))
    (feed,) = report.feeds
    assert (feed.status, feed.new) == ("fetched", 2)
    assert "full text not fetched for 1 item(s), the feed's text kept" in feed.notes[0]
    assert "article/2: HTTP 404" in feed.notes[0]
    bodies = {}
    for text in archive_files(project).values():
        metadata, body = split_front_matter(text.decode())
        bodies[metadata["title"]] = body
    assert "engineers found cracks" in bodies["Bridge closed"]
    assert "Trucks carrying grain" in bodies["Bridge closed"]
    assert "Home" not in bodies["Bridge closed"] and "Copyright" not in bodies["Bridge closed"]
    assert bodies["Road closed"].strip() == "Short summary two."

    # Unchanged in the feed: the page is not asked for again.
    feed_server.add(f"{prefix}/feed.xml", Feed(rss(items) + b" "))  # new ETag, same items
    again = fetch_feeds(project_config, feed_sources(project_config))
    assert (again.feeds[0].unchanged, again.feeds[0].updated) == (2, 0)
    assert len(feed_server.requests(f"{prefix}/article/1")) == 1


def _demo_item(path: str) -> dict[str, str]:
    """A demo article (Markdown with front matter) as an RSS item."""
    metadata, body = split_front_matter((REPOSITORY / "articles" / path).read_text("utf-8"))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return {
        "title": html.escape(metadata["title"]),
        "link": metadata["url"],
        "description": html.escape(paragraphs),
        "pubDate": "Tue, 13 Jan 2026 08:05:00 GMT",
    }


def test_fetched_articles_are_built_into_incidents(
    feed_server: FeedServer, project: Path, run: Callable[..., object]
) -> None:
    prefix = feed_server.prefix()
    wire = _demo_item("delta-current/2026-01-13-halvik-floods-wire.md")
    old = {
        "title": "Strike closes the port of Deltaport",
        "link": "https://old.example/2024/strike",
        "description": html.escape(
            "<p>DELTAPORT — Dockworkers walked out at the port of Deltaport on Monday over pay, "
            "halting container traffic, the dockworkers' union said. The port authority said "
            "talks with the union would resume on Wednesday.</p>"
        ),
        "pubDate": "Mon, 05 Feb 2024 07:00:00 GMT",
    }
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss([wire, old], title="Delta Current")))
    config = configure_feeds(project, [url])
    assert run("fetch", "-f", config).exit_code == 0

    built = run("build", "-f", config)
    assert built.exit_code == 0, built.output
    assert "Read 2 articles (0 skipped), 2 incidents" in built.output
    pages = sorted((project / "content" / "incidents").glob("*.md"))
    assert [page.name[:10] for page in pages] == ["2024-02-05", "2026-01-13"]
    flood = pages[1].read_text(encoding="utf-8")
    assert "Delta Current" in flood and "Halvik" in flood
    assert (project / "site" / "incidents" / pages[1].stem / "index.html").is_file()
    # An old item fetched today keeps its own date: it is not news of today.
    incidents = json.loads((project / "site" / "incidents.json").read_text(encoding="utf-8"))
    dates = sorted(incident["date"][:10] for incident in incidents["incidents"])
    assert dates == ["2024-02-05", "2026-01-13"]
