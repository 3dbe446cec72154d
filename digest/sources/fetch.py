"""``digest fetch``: every feed, fetched politely and within bounds, into the archive.

Politeness: a User-Agent that names the briefing, conditional requests (the ETag and
Last-Modified of the last response), gzip, at most ``per_host`` requests to one host at a
time, redirects followed (a permanent one is remembered: later runs ask the new URL), and a
429 or 503 answered by waiting out its Retry-After (up to ``max_retry_after``; a longer wait
is kept for the next runs).

Bounds: per-phase timeouts (connect, read) and a deadline for the whole response; the
size limit is enforced while the body streams, on the decompressed bytes, so a gzip bomb
stops at the limit; a feed is parsed only after that (and see feeds.py for XML entities).

One feed's failure is reported with its reason and never stops the others. Feeds are
fetched by a pool of threads; only the calling thread writes the archive and the state.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import email.utils
import logging
import multiprocessing
import os
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from digest import __version__
from digest.config import FeedSource, FetchSettings, Project
from digest.errors import SourceError
from digest.sources.archive import Archive, ArchiveEntry, Status
from digest.sources.feeds import ParsedFeed, parse_feed
from digest.sources.opml import read_opml
from digest.sources.state import STATE_FILE, FeedState, StateStore, fetch_lock

if TYPE_CHECKING:
    import httpx
from w3lib.encoding import html_to_unicode

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_REDIRECTS = 5
_T = TypeVar("_T")


class FetchError(SourceError):
    """A response that could not be had, or was refused. ``retry_at``: when the server
    said to ask again (Unix time), for 429 and 503 with a Retry-After."""

    def __init__(self, message: str, retry_at: float | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


@dataclass(frozen=True, kw_only=True)
class Response:
    """A complete 200 response (or a 304, with no body)."""

    url: str
    """Where the body came from, after redirects."""
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    moved_to: str | None = None
    """The new URL when every redirect on the way was permanent (301, 308)."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# -- HTTP ----------------------------------------------------------------------------------


def default_user_agent(site_url: str | None) -> str:
    return f"digest/{__version__} (feed reader{f'; +{site_url}' if site_url else ''})"


class Http:
    """A polite, bounded HTTP GET, safe to share between threads."""

    def __init__(
        self,
        settings: FetchSettings,
        user_agent: str,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self.settings = settings
        self._deadline = _Deadline()
        self.client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.total_timeout,
            ),
            follow_redirects=False,
            transport=transport or _deadline_transport(settings, self._deadline),
        )
        self._hosts: dict[str, threading.Semaphore] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def get(
        self,
        url: str,
        *,
        accept: str = FEED_ACCEPT,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """GET ``url``: a 200 or 304 Response, or FetchError saying why not.

        A 429 or 503 whose Retry-After is within ``max_retry_after`` is waited out and
        asked once more.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(2):
            try:
                return self._get_following_redirects(url, headers)
            except FetchError as error:
                wait = None if error.retry_at is None else error.retry_at - time.time()
                if attempt or wait is None or wait > self.settings.max_retry_after:
                    raise
                log.info("%s: waiting %.1f s as the server asked (Retry-After)", url, wait)
                time.sleep(max(wait, 0))
        raise AssertionError("unreachable")

    def _get_following_redirects(self, url: str, headers: dict[str, str]) -> Response:
        start, permanent = url, True
        for _ in range(MAX_REDIRECTS + 1):
            response = self._get_one(url, headers)
            if isinstance(response, Response):
                return replace(response, moved_to=url) if permanent and url != start else response
            status, location = response
            permanent = permanent and status in (301, 308)
            try:
                url = urllib.parse.urljoin(url, location)
            except ValueError as error:
                raise FetchError(f"redirected ({status}) to an invalid URL {location!r}") from error
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"redirected ({status}) to a URL that is not http(s): {url}")
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get_one(self, url: str, headers: dict[str, str]) -> Response | tuple[int, str]:
        """One request: a Response, or (status, location) for a redirect to follow."""
        import httpx

        host = urllib.parse.urlsplit(url).netloc.lower()
        settings = self.settings
        with self._host_slot(host):
            started = time.monotonic()
            deadline = started + settings.total_timeout
            self._deadline.until = deadline
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status in (301, 302, 303, 307, 308):
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {status} redirect without a Location")
                        return status, location
                    if status == 304:
                        return Response(url=url, status=304, headers=dict(response.headers))
                    if status in (429, 503):
                        retry_at = _retry_at(response.headers.get("retry-after"))
                        after = (
                            f", retry after {max(retry_at - time.time(), 0):.0f} s"
                            if retry_at
                            else ""
                        )
                        raise FetchError(
                            f"HTTP {status} {response.reason_phrase} (rate limited{after})",
                            retry_at=retry_at,
                        )
                    if status != 200:
                        raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip())
                    body = _read_body(response, settings.max_bytes, deadline)
                    return Response(url=url, status=200, body=body, headers=dict(response.headers))
            except httpx.ConnectTimeout as error:
                raise FetchError(
                    f"could not connect within {settings.connect_timeout:g} s"
                ) from error
            except httpx.TimeoutException as error:
                if time.monotonic() >= deadline:
                    raise FetchError(_TOO_SLOW) from error
                raise FetchError(
                    f"timed out: no data for {settings.read_timeout:g} s "
                    "(digest.fetch.read_timeout)"
                ) from error
            except httpx.ConnectError as error:
                raise FetchError(f"cannot connect: {_reason(error)}") from error
            except httpx.HTTPError as error:
                raise FetchError(f"{type(error).__name__}: {_reason(error)}") from error
            finally:
                self._deadline.until = None

    def _host_slot(self, host: str) -> threading.Semaphore:
        with self._hosts_lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.Semaphore(self.settings.per_host)
            return slot


def _reason(error: BaseException) -> str:
    while error.__context__ is not None and not str(error):
        error = error.__context__
    return str(error) or type(error).__name__


def _retry_at(value: str | None) -> float | None:
    """Retry-After (seconds, or an HTTP date) as a Unix time."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return time.time() + int(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _read_body(response: httpx.Response, limit: int, deadline: float) -> bytes:
    """The decoded body, refused as soon as it passes ``limit`` bytes or the deadline."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"response of {int(declared):,} bytes is over the limit of {limit:,} bytes "
            "(digest.fetch.max_bytes)"
        )
    decoder = _Decoder(encoding, limit)
    raw = 0
    # No chunk size: httpx would buffer until it has that many bytes, so a server dripping
    # a byte at a time (each within the read timeout) would never reach the deadline check.
    # Unbuffered, every network read (at most 64 KiB in httpcore) is checked as it comes.
    for chunk in response.iter_raw():
        raw += len(chunk)
        if raw > limit:
            raise FetchError(
                f"response is over the limit of {limit:,} bytes (digest.fetch.max_bytes)"
            )
        decoder.feed(chunk)
        if time.monotonic() > deadline:
            raise FetchError(_TOO_SLOW)
    return decoder.finish()


_TOO_SLOW = "response too slow: not complete within digest.fetch.total_timeout"


class _Deadline(threading.local):
    """When the current thread's request must be complete (``time.monotonic()``), if any.

    Per thread: httpx's sync client does every read in the thread that made the request.
    """

    until: float | None = None

    def timeout(self, timeout: float | None) -> float | None:
        """``timeout`` shortened to what is left before the deadline."""
        import httpcore

        if self.until is None:
            return timeout
        left = self.until - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("deadline for the whole response passed")
        return left if timeout is None else min(timeout, left)


def _deadline_transport(settings: FetchSettings, deadline: _Deadline) -> httpx.HTTPTransport:
    """httpx's transport with every socket operation bounded by ``deadline``.

    httpx only has per-operation timeouts: a server that sends its status line and headers
    one byte at a time, each byte within the read timeout, would hold a request for hours
    (h11 accepts 16 KiB of headers). So each read, write and connect gets at most the time
    left before the request's deadline.
    """
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(retries=1)
    # The pool is replaced to give it our network backend, which httpx does not expose;
    # the settings are those httpx.HTTPTransport passes, with our connection limits.
    # (tests/test_fetch.py's slow-drip tests fail if a new httpx stops using _pool.)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=settings.concurrency * 2,
        max_keepalive_connections=settings.concurrency * 2,
        keepalive_expiry=5.0,
        retries=1,
        network_backend=_DeadlineBackend(deadline),  # type: ignore[arg-type]
    )
    return transport


class _DeadlineBackend:
    """httpcore's socket backend, with each operation's timeout cut to the deadline."""

    def __init__(self, deadline: _Deadline) -> None:
        import httpcore

        self.backend = httpcore.SyncBackend()
        self.deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> _DeadlineStream:
        stream = self.backend.connect_tcp(
            host,
            port,
            self.deadline.timeout(timeout),
            local_address,
            socket_options,  # type: ignore[arg-type]
        )
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: object = None
    ) -> _DeadlineStream:
        stream = self.backend.connect_unix_socket(
            path,
            self.deadline.timeout(timeout),
            socket_options,  # type: ignore[arg-type]
        )
        return _DeadlineStream(stream, self.deadline)

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


class _DeadlineStream:
    def __init__(self, stream: object, deadline: _Deadline) -> None:
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.timeout(timeout))  # type: ignore[attr-defined]

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.timeout(timeout))  # type: ignore[attr-defined]

    def close(self) -> None:
        self.stream.close()  # type: ignore[attr-defined]

    def start_tls(
        self, ssl_context: object, server_hostname: str | None = None, timeout: float | None = None
    ) -> _DeadlineStream:
        stream = self.stream.start_tls(  # type: ignore[attr-defined]
            ssl_context, server_hostname, self.deadline.timeout(timeout)
        )
        return _DeadlineStream(stream, self.deadline)

    def get_extra_info(self, info: str) -> object:
        return self.stream.get_extra_info(info)  # type: ignore[attr-defined]


class _Decoder:
    """gzip or deflate, decompressed at most ``limit + 1`` bytes at a time (gzip bombs)."""

    def __init__(self, encoding: str, limit: int) -> None:
        if encoding in ("gzip", "x-gzip"):
            self.wbits: int | None = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            self.wbits = zlib.MAX_WBITS
        elif encoding in ("identity", ""):
            self.wbits = None
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.zlib = zlib.decompressobj(self.wbits) if self.wbits is not None else None
        self.tried_raw_deflate = False

    def feed(self, data: bytes) -> None:
        if self.zlib is None:
            self._keep(data)
            return
        while data:
            try:
                out = self.zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as error:
                if self.wbits == zlib.MAX_WBITS and not self.size and not self.tried_raw_deflate:
                    # "deflate" is often sent as raw deflate, without the zlib header.
                    self.tried_raw_deflate = True
                    self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"corrupt {self._name} data: {error}") from error
            self._keep(out)
            data = self.zlib.unconsumed_tail
            if self.zlib.eof:
                data = self.zlib.unused_data
                if not data.startswith(b"\x1f\x8b"):
                    return  # trailing bytes after the stream: ignored
                self.zlib = zlib.decompressobj(self.wbits)

    @property
    def _name(self) -> str:
        return "gzip" if self.wbits and self.wbits > zlib.MAX_WBITS else "deflate"

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(
                f"response is over the limit of {self.limit:,} bytes"
                + (" once decompressed (a compression bomb?)" if self.zlib else "")
            )
        self.parts.append(data)

    def finish(self) -> bytes:
        return b"".join(self.parts)


# -- feeds ---------------------------------------------------------------------------------

FeedStatus = Literal["fetched", "not modified", "failed"]


@dataclass(frozen=True, kw_only=True)
class FeedReport:
    """What happened to one feed in one run."""

    feed: str
    status: FeedStatus
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    error: str | None = None
    notes: tuple[str, ...] = ()
    """Warnings that did not stop the feed: moved, ill-formed, full text not fetched..."""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True, kw_only=True)
class FetchReport:
    feeds: tuple[FeedReport, ...]
    seconds: float

    def total(self, key: str) -> int:
        return sum(getattr(report, key) for report in self.feeds)

    @property
    def failed(self) -> tuple[FeedReport, ...]:
        return tuple(report for report in self.feeds if report.failed)


@dataclass(frozen=True, kw_only=True)
class _Fetched:
    """A fetched and parsed feed: its items ready to store, or the error."""

    source: FeedSource
    state: FeedState
    response: Response | None = None
    entries: tuple[ArchiveEntry, ...] = ()
    error: SourceError | None = None
    notes: tuple[str, ...] = ()


Progress = Callable[[FeedReport, int, int], None]


def feed_sources(project: Project, opml_files: Sequence[Path] = ()) -> tuple[FeedSource, ...]:
    """The feeds of digest.feeds, then those of the OPML files, each once."""
    sources: dict[str, FeedSource] = {}
    for source in project.digest.feeds:
        sources.setdefault(source.key, source)
    paths = [project.root / name for name in project.digest.opml] + list(opml_files)
    for path in paths:
        for source in read_opml(path, project.digest.fetch.max_bytes):
            sources.setdefault(source.key, source)
    return tuple(sources.values())


PROCESS_POOL_MIN_FEEDS = 16
"""From this many feeds on, parsing runs in worker processes (one per core): parsing is
most of a fetch's CPU time, and threads share one core under the GIL."""


@dataclass(frozen=True)
class _Context:
    """What the worker threads share."""

    project: Project
    http: Http
    archive: Archive
    cpu: concurrent.futures.Executor | None
    """Processes for parsing and text extraction, or None to run them in the thread."""

    def run(self, function: Callable[..., _T], *args: object) -> _T:
        if self.cpu is None:
            return function(*args)
        return self.cpu.submit(function, *args).result()


def fetch_feeds(
    project: Project,
    sources: Sequence[FeedSource],
    *,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> FetchReport:
    """Fetch every feed of ``sources`` into the project's archive. Never raises for one
    feed's failure: each is in the report with its reason."""
    started = time.monotonic()
    settings = project.digest.fetch
    user_agent = settings.user_agent or default_user_agent(project.site_url)
    reports: list[FeedReport] = []
    with fetch_lock(project.cache_dir), contextlib.ExitStack() as stack:
        store = StateStore(project.cache_dir / STATE_FILE)
        stack.callback(store.close)
        http = Http(settings, user_agent, transport)
        stack.callback(http.close)
        archive = Archive(project.root, project.article_dirs, project.archive_dir, store)
        archive.refresh()
        cpu = None
        if len(sources) >= PROCESS_POOL_MIN_FEEDS and (os.cpu_count() or 1) > 1:
            # "spawn": forking a process whose threads hold locks can deadlock the child.
            cpu = stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(
                    max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("spawn")
                )
            )
        context = _Context(project=project, http=http, archive=archive, cpu=cpu)
        states = {source.key: store.feed(source.key) for source in sources}
        changed: list[FeedState] = []
        with concurrent.futures.ThreadPoolExecutor(
            max_workers=settings.concurrency, thread_name_prefix="fetch"
        ) as pool:
            futures = [
                pool.submit(_fetch_feed, source, states[source.key], context, now)
                for source in sources
            ]
            try:
                for future in concurrent.futures.as_completed(futures):
                    report, state = future.result()
                    with store.transaction():
                        archive.save_index()
                    reports.append(report)
                    if state is not None:
                        changed.append(state)
                    if progress:
                        progress(report, len(reports), len(sources))
            except BaseException:
                for pending in futures:
                    pending.cancel()
                raise
        # The validators say "we have this": only once the files are on disk (one sync
        # for the run; one per file or per feed was most of a fetch's time). An
        # interrupted run saves none, and the next one asks for every feed again.
        archive.sync()
        with store.transaction():
            for state in changed:
                store.save_feed(state)
    order = {source.key: index for index, source in enumerate(sources)}
    reports.sort(key=lambda report: order[report.feed])
    return FetchReport(feeds=tuple(reports), seconds=time.monotonic() - started)


def _fetch_feed(
    source: FeedSource, state: FeedState, context: _Context, now: Callable[[], datetime]
) -> tuple[FeedReport, FeedState | None]:
    """In a worker thread: fetch, parse and store one feed. Returns the report, and the
    feed's new state (validators, new URL, Retry-After) when it changed, to be saved once
    the run's files are on disk."""
    fetched = _read_feed(source, state, context)
    return _keep(fetched, context.archive, now())


def _read_feed(source: FeedSource, state: FeedState, context: _Context) -> _Fetched:
    """Fetch and parse one feed, fetch the pages of its new items."""
    try:
        if source.path:
            limit = context.project.digest.fetch.max_bytes
            body = _read_file(context.project.root / source.path, limit)
            response = Response(url=source.path, status=200, body=body)
        else:
            if state.retry_at and state.retry_at > time.time():
                until = datetime.fromtimestamp(state.retry_at, UTC)
                raise FetchError(
                    f"not asked: the server asked to wait until {until:%Y-%m-%d %H:%M} UTC",
                    retry_at=state.retry_at,
                )
            response = context.http.get(
                state.url or source.url or "", etag=state.etag, last_modified=state.last_modified
            )
        if response.not_modified:
            return _Fetched(source=source, state=state, response=response)
        feed = context.run(parse_feed, response.body, response.url, response.headers)
        outlet = source.outlet or feed.title or _host(response.url) or source.key
        entries, notes = _entries(source, feed, outlet, context)
        return _Fetched(source=source, state=state, response=response, entries=entries, notes=notes)
    except SourceError as error:
        return _Fetched(source=source, state=state, error=error)
    except Exception as error:  # a bug or an unforeseen input: one feed, not the run
        log.debug("%s: unexpected error", source.key, exc_info=True)
        return _Fetched(
            source=source,
            state=state,
            error=SourceError(f"unexpected error: {type(error).__name__}: {error}"),
        )


def _entries(
    source: FeedSource, feed: ParsedFeed, outlet: str, context: _Context
) -> tuple[tuple[ArchiveEntry, ...], tuple[str, ...]]:
    entries = []
    failures: list[str] = []
    for item in feed.items:
        entry = ArchiveEntry(
            feed=source.key, item=item, outlet=outlet, tags=source.tags, full_text=source.full_text
        )
        if (
            source.full_text
            and item.url
            and context.archive.classify(entry)[0] in ("new", "updated")
        ):
            try:
                entry = replace(entry, page_text=_page_text(context, item.url))
            except SourceError as error:
                failures.append(f"{item.url}: {error}")
        entries.append(entry)
    notes = list(feed.notes)
    if feed.empty_items:
        notes.append(f"{feed.empty_items} item(s) with neither title nor text left out")
    if failures:
        notes.append(
            f"full text not fetched for {len(failures)} item(s), the feed's text kept "
            f"(first: {failures[0]})"
        )
    return tuple(entries), tuple(notes)


def _page_text(context: _Context, url: str) -> str:
    """The main text of the article page at ``url`` (the extractor of .html files)."""
    from digest.sources.files import extract_html

    response = context.http.get(url, accept=PAGE_ACCEPT)
    content_type = response.headers.get("content-type", "").lower()
    if content_type and "html" not in content_type:
        raise SourceError(f"not an HTML page ({content_type.split(';')[0]})")
    # The HTTP header's charset, else a byte-order mark, else the page's own <meta>,
    # else UTF-8, as browsers decide (w3lib, Scrapy's implementation of it).
    _, html = html_to_unicode(content_type or None, response.body)
    return context.run(extract_html, html)[1]


def _read_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(f"file of {size:,} bytes is over the limit of {limit:,}")
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}") from error


def _host(url: str) -> str | None:
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _keep(
    fetched: _Fetched, archive: Archive, now: datetime
) -> tuple[FeedReport, FeedState | None]:
    """Write the items of a fetched feed (or report its failure)."""
    source, state, response = fetched.source, fetched.state, fetched.response
    if fetched.error is not None or response is None:
        retry_at = getattr(fetched.error, "retry_at", None)
        changed = replace(state, retry_at=retry_at) if retry_at != state.retry_at else None
        return FeedReport(feed=source.key, status="failed", error=str(fetched.error)), changed
    new_state = _validated(state, response, source.url) if source.url else state
    changed = new_state if new_state != state else None
    notes = list(fetched.notes)
    if new_state.url:
        notes.insert(0, f"moved permanently to {new_state.url}: update the feed's URL")
    if response.not_modified:
        return FeedReport(feed=source.key, status="not modified", notes=tuple(notes)), changed
    counts: dict[Status, int] = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0}
    try:
        for entry in fetched.entries:
            counts[archive.store(entry, now)] += 1
    except OSError as error:
        # The files written so far are complete; the validators are not saved, so the next
        # run asks for the whole feed again.
        report = FeedReport(
            feed=source.key,
            status="failed",
            error=f"cannot write the archive: {error}",
            **_counts(counts),
        )
        return report, None
    report = FeedReport(feed=source.key, status="fetched", notes=tuple(notes), **_counts(counts))
    return report, changed


def _counts(counts: dict[Status, int]) -> dict[str, int]:
    return {
        "new": counts["new"],
        "updated": counts["updated"],
        "unchanged": counts["unchanged"],
        "duplicates": counts["duplicate"],
    }


def _validated(state: FeedState, response: Response, configured: str) -> FeedState:
    """The feed's state after ``response``: where it lives now, its validators."""
    moved = response.url if response.moved_to is not None else state.url
    headers = response.headers
    if response.not_modified:  # a 304 may repeat the validators, or not
        etag = headers.get("etag") or state.etag
        last_modified = headers.get("last-modified") or state.last_modified
    else:
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
    return replace(
        state,
        url=None if moved == configured else moved,
        etag=etag,
        last_modified=last_modified,
        retry_at=None,
    )
