"""`digest serve`, run as a user runs it (a real process on 127.0.0.1): it builds, serves,
rebuilds when an input changes and makes open pages reload; a failed rebuild is reported
and the last good site stays served; its own writes into content/ never trigger a build."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM, LAUNCH_ARGS, _require

from digest.serve import edited_by_hand, snapshot

REBUILDING = "Files changed: rebuilding"
ARTICLE = """\
---
title: "Ferry capsizes off Port Alder"
outlet: "Test Wire"
published: "2026-02-02T09:00:00Z"
---

A passenger ferry capsized off Port Alder on Monday morning and coastguard crews rescued 12 people from the water, the harbour authority said.

The ferry was carrying 30 passengers when it overturned in strong winds near the harbour mouth, according to the authority.
"""


class Served:
    """A `digest serve` process and everything it printed so far."""

    def __init__(self, project: Path) -> None:
        with socket.socket() as probe:  # a free port, for site_url and the server alike
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {self.url}", text))
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "digest", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[list[str]], bool], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not wanted(self.lines):
            assert self.process.poll() is None, "digest serve stopped:\n" + "\n".join(self.lines)
            assert time.monotonic() < deadline, "timed out; output:\n" + "\n".join(self.lines)
            time.sleep(0.1)

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def built(self, times: int) -> Callable[[list[str]], bool]:
        return lambda lines: sum(line.startswith("Read ") for line in lines) >= times

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def served(make_project: Callable[..., Path]) -> Iterator[tuple[Served, Path]]:
    project = make_project({"test-wire/ferry.md": ARTICLE})
    server = Served(project)
    try:
        server.wait_for(lambda lines: any(line.startswith("Serving ") for line in lines))
        yield server, project
    finally:
        server.stop()


def test_an_edited_article_reloads_the_open_page(served: tuple[Served, Path]) -> None:
    _require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _require(False, "playwright's Python package is not installed")
        raise
    server, project = served
    article = project / "articles" / "test-wire" / "ferry.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            loads: list[str] = []
            page.on("load", lambda: loads.append(page.url))
            page.goto(server.url)
            body = page.locator("body")
            expect(body).to_contain_text("rescued 12 people", timeout=10_000)
            article.write_text(ARTICLE.replace("rescued 12 people", "rescued 47 people"))
            # Nothing but the live reload navigates the page here.
            expect(body).to_contain_text("rescued 47 people", timeout=180_000)
            expect(body).not_to_contain_text("rescued 12 people")
            assert len(loads) >= 2 and set(loads) == {server.url}, loads
        finally:
            browser.close()
    assert server.count(REBUILDING) == 1


def test_a_failed_rebuild_keeps_the_last_site_and_own_writes_trigger_nothing(
    served: tuple[Served, Path],
) -> None:
    server, project = served
    server.wait_for(server.built(1))
    home = server.get()
    assert "rescued 12 people" in home
    time.sleep(2)  # several polls: the first build's writes into content/ are not a change
    assert server.count(REBUILDING) == 0

    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("threshold: 0.18", "threshold: high"), encoding="utf-8")
    server.wait_for(lambda lines: any("threshold" in line and "error" in line for line in lines))
    assert "rescued 12 people" in server.get()  # served, not stalled, not emptied

    config.write_text(good, encoding="utf-8")
    (project / "content" / "about.md").write_text("# About\n\nA hand-written line.\n")
    server.wait_for(server.built(2))
    assert "A hand-written line." in server.get("about/")
    time.sleep(2)
    assert server.count(REBUILDING) == 2


def test_a_page_digest_wrote_is_not_an_edit_but_any_other_file_is(tmp_path: Path) -> None:
    generated = tmp_path / "incidents" / "ferry.md"
    generated.parent.mkdir()
    generated.write_text("---\ngenerator: digest\n---\n# Ferry\n", encoding="utf-8")
    before = snapshot(tmp_path)
    generated.write_text("---\ngenerator: digest\n---\n# Ferry capsizes\n", encoding="utf-8")
    (tmp_path / "incidents" / "old.md").write_text("---\ngenerator: digest\n---\n# Old\n")
    assert not edited_by_hand(tmp_path, before)
    (tmp_path / "about.md").write_text("# About\n", encoding="utf-8")
    assert edited_by_hand(tmp_path, before)
    before = snapshot(tmp_path)
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert edited_by_hand(tmp_path, before)
    assert snapshot(tmp_path / "absent") == {}
