"""How long `digest fetch` takes: N feeds × M items served from a local HTTP server.

    python benchmarks/fetch_feeds.py 200 50 [--concurrency 8]

The feeds are generated (RSS 2.0, HTML descriptions of about 120 words, gzip on request,
ETags) and served by the test suite's server (tests/feed_server.py) on 127.0.0.1, in this
process; `digest fetch` runs as its own process, as a user would run it. Prints the time of
the first fetch (every item new: parse, dedupe, write one file each) and of a second one
(every feed answers 304), and the fetch's peak memory. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from feed_server import Feed, FeedServer, configure_feeds, rss

from digest.scaffold import create_project

WORDS = (
    "river bridge council port strike flood drone border crossing ministry governor army "
    "engineers trucks workers officials residents district valley village harbour road "
    "water dam embankment fire market school hospital police court election protest"
).split()


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_feed(number: int, items: int, rng: random.Random) -> bytes:
    entries = []
    for item in range(items):
        paragraphs = "".join(f"<p>{_paragraph(rng, 30)}</p>" for _ in range(4))
        entries.append(
            {
                "title": f"Feed {number} report {item}: {_paragraph(rng, 6)}",
                "link": f"https://outlet{number}.example/news/{item}",
                "guid": f"https://outlet{number}.example/news/{item}",
                "description": f"<![CDATA[{paragraphs}]]>",
                "pubDate": f"Mon, {1 + item % 28:02d} Dec 2025 {item % 24:02d}:00:00 GMT",
            }
        )
    return rss(entries, title=f"Outlet {number}", link=f"https://outlet{number}.example/")


def _run(config: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "digest", "fetch", "-q", "-f", str(config)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feeds", type=int, nargs="?", default=200)
    parser.add_argument("items", type=int, nargs="?", default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(7)
    server = FeedServer(Path(tempfile.gettempdir()))
    urls = [
        server.add(f"/feed/{number}.xml", Feed(make_feed(number, args.items, rng), gzip=True))
        for number in range(args.feeds)
    ]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            create_project(root, "Benchmark")
            config = configure_feeds(
                root,
                urls,
                concurrency=args.concurrency,
                per_host=args.concurrency,  # one local host stands for many outlets
                max_bytes=10_000_000,
                read_timeout=30.0,
                total_timeout=60.0,
            )
            first = _run(config)
            files = sum(1 for _ in (root / "articles").rglob("*.md"))
            second = _run(config)
            memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    finally:
        server.close()
    print(
        f"{args.feeds} feeds × {args.items} items: first fetch {first:.1f} s "
        f"({files} articles written), second fetch {second:.1f} s (all 304), "
        f"peak {memory:.0f} MB"
    )


if __name__ == "__main__":
    main()
