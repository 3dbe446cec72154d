"""How long `digest serve` takes to show an edited article: from the file's save to the
rebuilt page being served.

    python benchmarks/serve_latency.py [EDITS]

Serves a copy of this repository's demo briefing on 127.0.0.1, then EDITS times (default 3)
changes a number in one article and polls the incident's page until the new number is
served. Prints each latency and the server's own build time. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
ARTICLE = Path("articles/meridian/2026-01-29-karvan-boil-water.md")
NUMBER = "240,000"


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url: str, text: str, timeout: float = 600) -> float:
    start = time.perf_counter()
    while text not in _page(url):
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{text!r} not served at {url} after {timeout} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edits", type=int, nargs="?", default=3)
    edits = parser.parse_args().edits
    with tempfile.TemporaryDirectory() as folder, socket.socket() as probe:
        root = Path(folder)
        shutil.copytree(REPOSITORY / "articles", root / "articles")
        (root / "content").mkdir()
        shutil.copyfile(REPOSITORY / "content" / "about.md", root / "content" / "about.md")
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        url = f"http://127.0.0.1:{port}/"
        config = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config))
        log = (root / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "digest", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            print(f"first build and start: {_wait(url, '</html>'):.1f} s")
            article = root / ARTICLE
            text = article.read_text(encoding="utf-8")
            latencies = []
            for edit in range(1, edits + 1):
                number = f"{240_000 + edit:,}"
                article.write_text(text.replace(NUMBER, number), encoding="utf-8")
                latencies.append(_wait(url, number))
                print(f"edit {edit}: served after {latencies[-1]:.1f} s")
            builds = re.findall(r"\(([0-9.]+) s\)", (root / "serve.log").read_text())
            print(
                f"save → served: median {statistics.median(latencies):.1f} s, "
                f"min {min(latencies):.1f} s, max {max(latencies):.1f} s; "
                f"the builds themselves: {', '.join(builds[1:])} s (first {builds[0]} s)"
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()


if __name__ == "__main__":
    main()
