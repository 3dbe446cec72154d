"""`digest fetch` against a real HTTP server on 127.0.0.1: politeness, re-runs, faults."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from feed_server import Feed, FeedServer, Reply, Sequence, archive_files, configure_feeds, rss

from digest.config import load_project
from digest.sources.fetch import FetchReport, feed_sources, fetch_feeds
from digest.sources.files import read_article_files

STORY = (
    "Floodwater closed the valley road at Halvik on Tuesday, the district council said. "
    "Engineers inspected the bridge and found the embankment damaged. "
    "Residents of three villages were told to leave their homes before nightfall. "
    "The council said the road would stay closed for at least a week."
)


def _items(prefix: str, count: int = 2) -> list[dict[str, str]]:
    return [
        {
            "title": f"Report {number} from the valley",
            "link": f"https://news.example/{prefix}/{number}",
            "guid": f"tag:news.example,2026:{prefix}-{number}",
            "description": f"<p>{STORY} Report number {number}.</p>",
            "pubDate": f"Tue, 1{number} Jan 2026 08:00:00 GMT",
        }
        for number in range(count)
    ]


def _fetch(root: Path) -> FetchReport:
    project = load_project(root / "mkdocs.yml")
    return fetch_feeds(project, feed_sources(project))


def _by_feed(report: FetchReport) -> dict[str, object]:
    return {feed.feed: feed for feed in report.feeds}


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project()


def test_fetch_writes_one_file_per_item_and_a_rerun_is_conditional(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss(_items(prefix, 3)), gzip=True))
    configure_feeds(project, [url])

    first = _fetch(project)
    assert [(f.status, f.new) for f in first.feeds] == [("fetched", 3)]
    files = archive_files(project)
    assert len(files) == 3
    request = feed_server.requests(f"{prefix}/feed.xml")[0]
    assert request["User-Agent"].startswith("digest/")
    assert "gzip" in request["Accept-Encoding"]
    assert "If-None-Match" not in request

    started = time.monotonic()
    second = _fetch(project)
    assert time.monotonic() - started < 5  # seconds, not the timeouts: a 304 is final
    assert [f.status for f in second.feeds] == ["not modified"]
    assert feed_server.requests(f"{prefix}/feed.xml")[1]["If-None-Match"].startswith('"')
    assert archive_files(project) == files

    # The articles read back with every archive key.
    documents, problems = read_article_files((project / "articles",), project, max_bytes=1_000_000)
    assert problems == ()
    assert sorted(document.guid for document in documents) == [
        f"tag:news.example,2026:{prefix}-{n}" for n in range(3)
    ]
    document = documents[0]
    assert document.feed == url
    assert document.outlet == "Test Wire"
    assert document.published is not None and document.published.year == 2026
    assert document.first_seen is not None and document.first_seen > document.published


def test_changed_item_updates_its_file_and_nothing_is_duplicated(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    items = _items(prefix, 2)
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss(items)))
    configure_feeds(project, [url])
    _fetch(project)
    before = archive_files(project)

    items[1] = {**items[1], "title": "Report 1, corrected", "description": f"{STORY} Now 9 dead."}
    items.append({**_items(prefix, 3)[2]})
    feed_server.add(f"{prefix}/feed.xml", Feed(rss(items)))
    report = _fetch(project)
    assert [(f.new, f.updated, f.unchanged) for f in report.feeds] == [(1, 1, 1)]
    after = archive_files(project)
    assert len(after) == 3
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1
    text = after[changed[0]].decode()
    assert "title: Report 1, corrected" in text and "Now 9 dead." in text
    # first_seen is when the item was first seen, not when it changed.
    first_seen = [line for line in before[changed[0]].decode().splitlines() if "first_seen" in line]
    assert first_seen[0] in text


def test_deleting_the_cache_loses_nothing_and_duplicates_nothing(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss(_items(prefix, 3))))
    configure_feeds(project, [url])
    _fetch(project)
    files = archive_files(project)
    for path in (project / ".digest").iterdir():
        path.unlink()
    report = _fetch(project)
    assert [(f.status, f.new, f.unchanged) for f in report.feeds] == [("fetched", 0, 3)]
    assert archive_files(project) == files


def test_same_article_from_another_feed_is_a_duplicate(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    items = _items(prefix, 2)
    first = feed_server.add(f"{prefix}/a.xml", Feed(rss(items, title="Wire A")))
    # Feed B carries item 0 under another guid with a tracking parameter, and item 1's
    # text under its own title from the same outlet name: both copies.
    copies = [
        {**items[0], "guid": "other-0", "link": items[0]["link"] + "?utm_source=rss"},
        {**items[1], "guid": "other-1", "link": "https://news.example/elsewhere"},
    ]
    second = feed_server.add(f"{prefix}/b.xml", Feed(rss(copies, title="Wire A")))
    configure_feeds(project, [first], concurrency=1)
    _fetch(project)
    configure_feeds(project, [second])
    report = _fetch(project)
    assert [(f.feed, f.new, f.duplicates) for f in report.feeds] == [(second, 0, 2)]
    assert len(archive_files(project)) == 2


def test_permanent_redirect_updates_the_stored_url_temporary_does_not(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    target = feed_server.add(f"{prefix}/new.xml", Feed(rss(_items(prefix, 1))))
    moved = feed_server.add(f"{prefix}/old.xml", Reply(301, headers={"Location": target}))
    temporary = feed_server.add(
        f"{prefix}/temp.xml", Reply(302, headers={"Location": f"{prefix}/new.xml"})
    )
    configure_feeds(project, [moved, temporary])
    report = _by_feed(_fetch(project))
    assert report[moved].status == "fetched"
    assert f"moved permanently to {target}" in report[moved].notes[0]
    assert report[temporary].status == "fetched" and report[temporary].notes == ()

    _fetch(project)
    assert len(feed_server.requests(f"{prefix}/old.xml")) == 1  # not asked again
    assert len(feed_server.requests(f"{prefix}/temp.xml")) == 2  # still asked


def test_retry_after_is_waited_out_once_and_a_long_one_is_remembered(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    busy = feed_server.add(
        f"{prefix}/busy.xml",
        Sequence([Reply(429, headers={"Retry-After": "1"}), Feed(rss(_items(prefix, 1)))]),
    )
    closed = feed_server.add(f"{prefix}/closed.xml", Reply(503, headers={"Retry-After": "3600"}))
    configure_feeds(project, [busy, closed])
    started = time.monotonic()
    report = _by_feed(_fetch(project))
    assert time.monotonic() - started >= 1
    assert (report[busy].status, report[busy].new) == ("fetched", 1)
    assert report[closed].status == "failed"
    assert "HTTP 503" in report[closed].error and "retry after 3600 s" in report[closed].error

    again = _by_feed(_fetch(project))
    assert "not asked: the server asked to wait until" in again[closed].error
    assert len(feed_server.requests(f"{prefix}/closed.xml")) == 1


def test_per_host_concurrency_is_bounded(feed_server: FeedServer, project: Path) -> None:
    prefix = feed_server.prefix()
    lock, state = threading.Lock(), {"now": 0, "most": 0}
    body = rss(_items(prefix, 1))

    def slow(request: object) -> None:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        Feed(body)(request)  # type: ignore[arg-type]

    urls = [feed_server.add(f"{prefix}/{n}.xml", slow) for n in range(6)]
    configure_feeds(project, urls, concurrency=6, per_host=2)
    report = _fetch(project)
    assert [f.status for f in report.feeds] == ["fetched"] * 6
    assert state["most"] == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * 1_000_000
    return b"".join(
        [*(compressor.compress(chunk) for _ in range(size // len(chunk))), compressor.flush()]
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
    "<description>&lol9;</description></item></channel></rss>"
).encode()

QUADRATIC_BLOWUP = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "' + "A" * 50_000 + '">\n]>\n'
    '<rss version="2.0"><channel><title>t</title><item><title>x</title><description>'
    + "&a;" * 20_000
    + "</description></item></channel></rss>"
).encode()


def test_faults_are_reported_and_the_other_feeds_fetched(
    feed_server: FeedServer, project: Path
) -> None:
    prefix = feed_server.prefix()
    good = feed_server.add(f"{prefix}/good.xml", Feed(rss(_items(prefix, 2))))
    big = b"<rss>" + b"x" * 1_500_000 + b"</rss>"
    faults = {
        "timeout": (Reply(200, rss(_items(prefix, 1)), delay=2), "timed out"),
        "404": (Reply(404, b"gone"), "HTTP 404"),
        "500": (Reply(500, b"oops"), "HTTP 500"),
        "too-big": (Reply(200, big), "over the limit of 1,000,000 bytes"),
        "too-big-streamed": (Reply(200, big, length=False), "over the limit of 1,000,000 bytes"),
        "gzip-bomb": (
            Reply(200, _gzip_bomb(50_000_000), headers={"Content-Encoding": "gzip"}),
            "once decompressed",
        ),
        "invalid-xml": (
            Reply(200, b"<?xml version='1.0'?><rss><channel><title>x</ti"),
            "invalid XML",
        ),
        "billion-laughs": (Reply(200, BILLION_LAUGHS), "billion laughs"),
        "quadratic-blowup": (Reply(200, QUADRATIC_BLOWUP), "entity-expansion bomb"),
        "html": (
            Reply(
                200,
                b"<!DOCTYPE html><html><head><link rel='alternate' "
                b"type='application/rss+xml' href='/rss'></head><body>Hi</body></html>",
                headers={"Content-Type": "text/html"},
            ),
            "an HTML page, not a feed (the page names a feed: /rss)",
        ),
    }
    urls = {
        name: feed_server.add(f"{prefix}/{name}", handler) for name, (handler, _) in faults.items()
    }
    refused = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    kept = project / "articles" / "kept.md"
    kept.write_text("---\ntitle: Kept\n---\nA hand-written article stays as it is.\n")
    configure_feeds(project, [good, refused, *urls.values()])

    started = time.monotonic()
    report = _by_feed(_fetch(project))
    assert time.monotonic() - started < 10
    assert (report[good].status, report[good].new) == ("fetched", 2)
    assert report[refused].status == "failed"
    assert report[refused].error.startswith("cannot connect")
    for name, (_, reason) in faults.items():
        feed = report[urls[name]]
        assert feed.status == "failed", name
        assert reason in feed.error, (name, feed.error)
    files = archive_files(project)
    assert files["kept.md"] == b"---\ntitle: Kept\n---\nA hand-written article stays as it is.\n"
    assert len(files) == 3
    assert not any(Path(name).name.startswith(".") for name in files)


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_slow_drip_is_cut_off_at_the_total_timeout(
    feed_server: FeedServer, project: Path, part: str
) -> None:
    """A server that sends a byte at a time, each within the read timeout, never trips the
    read timeout: only the total timeout stops it, and it must do so on time, whether it
    drips the status line and headers or the body (not when the response is complete, or
    when enough bytes have piled up to fill a read buffer)."""
    prefix = feed_server.prefix()
    body = rss(_items(prefix, 1))
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        + b"X-Padding: "
        + b"x" * 200
        + b"\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    slow, fast = (head, body) if part == "headers" else (body, b"")
    sent = {"bytes": 0}

    def drip(request: object) -> None:
        wfile = request.wfile  # type: ignore[attr-defined]
        try:
            if part == "body":
                wfile.write(head)
            for byte in slow:  # 0.1 s a byte: 25 s or more for the whole response
                wfile.write(bytes([byte]))
                wfile.flush()
                sent["bytes"] += 1
                time.sleep(0.1)
            wfile.write(fast)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up, as it should

    good = feed_server.add(f"{prefix}/good.xml", Feed(rss(_items(prefix, 2))))
    dripping = feed_server.add(f"{prefix}/slow.xml", drip)
    configure_feeds(project, [dripping, good], read_timeout=0.5, total_timeout=1.5)
    started = time.monotonic()
    report = _by_feed(_fetch(project))
    elapsed = time.monotonic() - started
    assert report[dripping].status == "failed"
    assert "too slow" in report[dripping].error, report[dripping].error
    assert "total_timeout" in report[dripping].error
    assert elapsed < 5, elapsed
    assert sent["bytes"] < len(slow)
    assert (report[good].status, report[good].new) == ("fetched", 2)


def test_an_interrupted_write_leaves_no_partial_file(
    feed_server: FeedServer, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = feed_server.prefix()
    url = feed_server.add(f"{prefix}/feed.xml", Feed(rss(_items(prefix, 2))))
    configure_feeds(project, [url])
    _fetch(project)
    before = archive_files(project)

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    items = [
        {**item, "description": item["description"] + " Updated."} for item in _items(prefix, 2)
    ]
    feed_server.add(f"{prefix}/feed.xml", Feed(rss(items)))
    monkeypatch.setattr("digest.sources.archive.os.replace", fail)
    report = _fetch(project)
    assert report.feeds[0].status == "failed"
    assert "cannot write the archive" in report.feeds[0].error
    assert archive_files(project) == before  # no temporary file left, nothing half-written

    monkeypatch.undo()
    retried = _fetch(project)  # the validators were not saved: the feed is asked again
    assert (retried.feeds[0].status, retried.feeds[0].updated) == ("fetched", 2)


def test_gzip_decoding_and_size_limit_helpers() -> None:
    from digest.sources.fetch import FetchError, _Decoder

    decoder = _Decoder("gzip", 100)
    payload = gzip.compress(b"a" * 60) + gzip.compress(b"b" * 30)  # two members
    decoder.feed(payload)
    assert decoder.finish() == b"a" * 60 + b"b" * 30
    with pytest.raises(FetchError, match="once decompressed"):
        _Decoder("gzip", 100).feed(gzip.compress(b"a" * 101))
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = raw.compress(b"hello") + raw.flush()
    decoder = _Decoder("deflate", 100)
    decoder.feed(deflated)
    assert decoder.finish() == b"hello"
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        _Decoder("br", 100)
