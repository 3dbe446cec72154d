"""Real-world and test-suite feeds, served from 127.0.0.1: each ingested or reported.

``../shared/feeds/rss-parser/test/input/`` (31 real feeds: Guardian, heise, ISO-8859-1,
RSS 0.92 without dates, no entries, missing fields, 730 entries) is fetched whole; of
``../shared/feeds/feedparser/tests/`` every encoding, ill-formed and JSON case and a spread
of the well-formed and entity cases. All of them in one ``digest fetch``, as one project.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_folder
from feed_server import FeedServer, configure_feeds

from digest.config import load_project
from digest.sources.fetch import FetchReport, feed_sources, fetch_feeds
from digest.sources.files import read_article_files

RSS_PARSER = "rss-parser/test/input"
FEEDPARSER = "feedparser/tests"
SAMPLE_EVERY = {"encoding": 1, "illformed": 1, "json": 1, "entities": 4, "wellformed": 4}


def shared_feed_paths() -> list[str]:
    """Paths under ../shared/feeds/ of the feeds to fetch."""
    feeds = shared_folder("feeds")
    paths = sorted(p.relative_to(feeds).as_posix() for p in (feeds / RSS_PARSER).iterdir())
    for folder, every in SAMPLE_EVERY.items():
        files = sorted(p for p in (feeds / FEEDPARSER / folder).rglob("*") if p.is_file())
        paths += [p.relative_to(feeds).as_posix() for p in files[::every]]
    return paths


@pytest.fixture(scope="module")
def fetched(
    feed_server: FeedServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, FetchReport, dict[str, str]]:
    """One fetch of every shared feed: the project, the report, feed URL → shared path."""
    from digest.scaffold import create_project

    root = tmp_path_factory.mktemp("shared-feeds") / "project"
    create_project(root, "Shared feeds")
    paths = shared_feed_paths()
    urls = {feed_server.url(f"/shared/{path}"): path for path in paths}
    # One host (127.0.0.1) stands for hundreds of outlets here: no per-host limit.
    configure_feeds(
        root, list(urls), max_bytes=4_000_000, total_timeout=20.0, read_timeout=5.0, per_host=8
    )
    project = load_project(root / "mkdocs.yml")
    report = fetch_feeds(project, feed_sources(project))
    return root, report, urls


def test_every_shared_feed_is_ingested_or_reported_with_a_reason(
    fetched: tuple[Path, FetchReport, dict[str, str]],
) -> None:
    _, report, urls = fetched
    assert len(report.feeds) == len(urls) > 400
    for feed in report.feeds:
        assert feed.status in ("fetched", "failed"), feed
        if feed.failed:
            assert feed.error, feed
            # A failure is the feed's, never digest's own.
            assert not feed.error.startswith("unexpected error"), (urls[feed.feed], feed.error)
    ingested = [feed for feed in report.feeds if not feed.failed]
    failed = {urls[feed.feed]: feed.error for feed in report.feeds if feed.failed}
    # Print the counts for the issue note (pytest -s shows them).
    print(
        f"\n{len(ingested)} of {len(report.feeds)} shared feeds ingested "
        f"({report.total('new')} articles, {report.total('duplicates')} duplicates), "
        f"{len(failed)} reported:"
    )
    for path, error in sorted(failed.items()):
        print(f"  {path}: {error}")
    # The only real-world feed that fails is an HTML "Document Moved" page.
    real_failures = {path for path in failed if path.startswith(RSS_PARSER)}
    assert real_failures == {f"{RSS_PARSER}/unrecognized.rss"}
    assert failed[f"{RSS_PARSER}/unrecognized.rss"] == "an HTML page, not a feed"


def test_real_world_feeds_become_articles(
    fetched: tuple[Path, FetchReport, dict[str, str]],
) -> None:
    root, report, urls = fetched
    by_path = {urls[feed.feed]: feed for feed in report.feeds}
    assert by_path[f"{RSS_PARSER}/giantbomb-podcast.rss"].new == 730
    assert by_path[f"{RSS_PARSER}/guardian.rss"].new >= 50
    # heise's Atom feed, in German; ISO-8859-1 decoded.
    assert by_path[f"{RSS_PARSER}/heise.atom"].new == 15
    assert by_path[f"{RSS_PARSER}/encoding.rss"].status == "fetched"
    documents, problems = read_article_files((root / "articles",), root, max_bytes=4_000_000)
    assert problems == ()
    assert len(documents) == report.total("new")
    for document in documents:
        assert document.feed in urls and document.guid and document.first_seen
        assert "<script" not in document.text.lower()
        assert document.url is None or document.url.startswith(("http://", "https://"))
    heise = [d for d in documents if d.feed.endswith("heise.atom")]
    assert any("ä" in d.text or "ü" in d.text or "ö" in d.text for d in heise)
    assert not any("\ufffd" in d.text or "Ã¤" in d.text for d in heise)
    # RSS 0.92 without item dates: articles without a date (not the channel's, not ours).
    herald = [d for d in documents if d.feed.endswith("heraldsun.rss")]
    assert [d.title for d in herald] == ["The First Item", "The Second Item"]
    assert all(d.published is None for d in herald)


def test_a_second_fetch_of_the_shared_feeds_writes_nothing(
    fetched: tuple[Path, FetchReport, dict[str, str]],
) -> None:
    root, first, _ = fetched
    articles = root / "articles"
    before = {path: path.stat().st_mtime_ns for path in articles.rglob("*.md")}
    project = load_project(root / "mkdocs.yml")
    second = fetch_feeds(project, feed_sources(project))
    assert second.total("new") == second.total("updated") == 0
    failed_first = {feed.feed for feed in first.feeds if feed.failed}
    failed_now = {feed.feed: feed.error for feed in second.feeds if feed.failed}
    assert set(failed_now) == failed_first, {
        feed: error for feed, error in failed_now.items() if feed not in failed_first
    }
    # The test server answers If-None-Match with 304, as most feed hosts do.
    assert all(feed.status == "not modified" for feed in second.feeds if not feed.failed)
    assert {path: path.stat().st_mtime_ns for path in articles.rglob("*.md")} == before
