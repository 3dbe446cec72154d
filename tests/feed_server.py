"""A real HTTP server on 127.0.0.1 for the fetch tests: shared feeds, routes, faults.

``FeedServer`` runs ``http.server`` on port 0 in a thread. It serves

- ``/shared/<path>``: files of ``../shared/feeds/``, with the response headers a feedparser
  test case declares in its leading comment (``Header: Content-type: ...``), and an ETag so
  that a second request can be answered 304;
- routes a test adds: ``server.add("/x/feed.xml", Feed(body))``, ``Fault(...)`` etc.

Every request is logged (path and headers) so that tests can check what was sent.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Handler = Callable[["_RequestHandler"], None]


@dataclass
class Feed:
    """A document with validators: answered 304 to a matching conditional request."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False

    def __call__(self, request: _RequestHandler) -> None:
        etag = '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            request.respond(304, {"ETag": etag}, b"")
            return
        headers = {"Content-Type": self.content_type, "ETag": etag, **self.headers}
        body = self.body
        if self.gzip and "gzip" in request.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        request.respond(200, headers, body)


@dataclass
class Reply:
    """A fixed response: any status, headers and body (``length=False``: no
    Content-Length, the body ends when the connection closes)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True
    delay: float = 0.0

    def __call__(self, request: _RequestHandler) -> None:
        if self.delay:
            time.sleep(self.delay)
        request.respond(self.status, self.headers, self.body, length=self.length)


@dataclass
class Sequence:
    """Answers the n-th request with the n-th handler (the last one from then on)."""

    handlers: list[Handler]
    calls: int = 0

    def __call__(self, request: _RequestHandler) -> None:
        handler = self.handlers[min(self.calls, len(self.handlers) - 1)]
        self.calls += 1
        handler(request)


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.log.append((self.path, dict(self.headers.items())))
        handler = self.server.routes.get(self.path.split("?")[0])
        if handler is None:
            handler = self.server.shared_file(self.path)
        if handler is None:
            self.respond(404, {"Content-Type": "text/plain"}, b"not found")
            return
        handler(self)

    def respond(
        self, status: int, headers: dict[str, str], body: bytes, length: bool = True
    ) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        # The client may give up (a size limit, a timeout): as intended.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's backlog of 5 is smaller than digest's eight connections at once: on a
    # loaded machine the kernel drops the extra SYNs and the client's retry comes after 1 s,
    # the tests' connect timeout.
    request_queue_size = 128

    def __init__(self, shared: Path) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.shared = shared
        self.routes: dict[str, Handler] = {}
        self.log: list[tuple[str, dict[str, str]]] = []

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def shared_file(self, path: str) -> Handler | None:
        if not path.startswith("/shared/"):
            return None
        target = (self.shared / path.removeprefix("/shared/")).resolve()
        if not target.is_file() or not target.is_relative_to(self.shared.resolve()):
            return None
        body = target.read_bytes()
        headers = declared_headers(body)
        content_type = headers.pop("Content-Type", _content_type(target))
        return Feed(body, content_type=content_type, headers=headers)


_HEADER_LINE = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.M)


def declared_headers(body: bytes) -> dict[str, str]:
    """The ``Header:`` lines of a feedparser test case's leading comment."""
    comment = body[: body.find(b"-->")] if b"-->" in body[:2000] else b""
    headers = {}
    for name, value in _HEADER_LINE.findall(comment):
        key = name.decode("ascii").title().replace("Etag", "ETag")
        headers[key] = value.decode("latin-1")
    return headers


def _content_type(path: Path) -> str:
    return {
        ".json": "application/feed+json",
        ".atom": "application/atom+xml",
        ".rss": "application/rss+xml",
    }.get(path.suffix, "application/xml")


class FeedServer:
    """The running server: ``url(path)``, ``add(path, handler)``, ``requests(path)``."""

    def __init__(self, shared: Path) -> None:
        self._server = _Server(shared)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, handler: Handler) -> str:
        self._server.routes[path] = handler
        return self.url(path)

    def prefix(self) -> str:
        """A fresh path prefix, so that tests sharing the server never share routes."""
        return f"/{uuid.uuid4().hex[:12]}"

    def requests(self, path: str) -> list[dict[str, str]]:
        """Headers of every request made for ``path``, oldest first."""
        return [headers for logged, headers in self._server.log if logged.split("?")[0] == path]


# -- helpers for building test feeds and projects --------------------------------------------

FAST_FETCH = {
    "connect_timeout": 1.0,
    "read_timeout": 0.5,
    "total_timeout": 5.0,
    "max_bytes": 1_000_000,
    "max_retry_after": 1.5,
    "concurrency": 8,
}
"""Short timeouts and a small size limit: the fault tests stay fast."""


def rss(items: list[dict[str, str]], title: str = "Test Wire", link: str = "") -> bytes:
    """An RSS 2.0 feed; each item's keys are element names (title, link, guid,
    description, pubDate), their values inserted as given (escape HTML yourself)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{title}</title><link>{link}</link><description>test</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.extend(f"<{key}>{value}</{key}>" for key, value in item.items())
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def configure_feeds(root: Path, feeds: list[object], **fetch: object) -> Path:
    """Set digest.feeds and digest.fetch (FAST_FETCH, then ``fetch``) in a project's
    mkdocs.yml, whose digest section is the last one (replacing what an earlier call set);
    return the config file."""
    import yaml

    config = root / "mkdocs.yml"
    marker = "  # feeds set by the tests\n"
    text = config.read_text(encoding="utf-8").split(marker)[0]
    section = yaml.safe_dump(
        {"feeds": feeds, "fetch": {**FAST_FETCH, **fetch}}, sort_keys=False, allow_unicode=True
    )
    indented = "".join(f"  {line}\n" for line in section.splitlines())
    config.write_text(text + marker + indented, encoding="utf-8")
    return config


def archive_files(root: Path) -> dict[str, bytes]:
    """Every file under articles/, hidden ones too: path → bytes."""
    folder = root / "articles"
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".gitkeep"
    }
