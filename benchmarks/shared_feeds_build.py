"""Build the real feeds of ../shared/feeds/ as one briefing and print its largest incidents.

    python benchmarks/shared_feeds_build.py [--top 5]

Every real-world feed of ``rss-parser/test/input/`` (Guardian, heise, Reddit, Craigslist,
podcasts, ...) is fetched from its file by ``digest fetch`` and grouped
as ``digest build`` groups them, as a user subscribing to them would. Each feed's items share its
template text ("submitted by /u/... [link] [N comments]", "The post ... appeared first on"):
an incident of many items from one feed means that template, not news, grouped them.
Prints the articles and incidents built and the largest incidents with their outlets and
titles. Not part of the test suite (tests/test_feed_templates.py asserts the same).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from digest.config import load_project
from digest.incidents import build_incidents
from digest.model import Incident
from digest.pipeline import read_articles
from digest.scaffold import create_project

SHARED_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "feeds"
FEEDS = SHARED_FEEDS / "rss-parser" / "test" / "input"
TEST_CASES = SHARED_FEEDS / "feedparser" / "tests"


def fetch(root: Path, test_cases: bool) -> None:
    """A new project subscribed to every real feed (and feedparser's test cases), fetched
    by ``digest fetch``."""
    create_project(root, "Shared feeds")
    config = root / "mkdocs.yml"
    feeds = [str(path) for path in sorted(FEEDS.iterdir())]
    if test_cases:
        feeds += [str(path) for path in sorted(TEST_CASES.rglob("*")) if path.is_file()]
    section = yaml.safe_dump({"feeds": feeds}, sort_keys=False)
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "".join(f"  {line}\n" for line in section.splitlines()))
    command = [sys.executable, "-m", "digest", "fetch", "-q", "-f", str(config)]
    # Exit 3: some feeds failed (one of them is an HTML page), the rest were saved.
    status = subprocess.run(command, check=False).returncode
    if status not in (0, 3):
        raise SystemExit(f"digest fetch failed with exit status {status}")


def incidents_of(root: Path) -> tuple[Incident, ...]:
    """The incidents ``digest build`` makes of the project's archive (no pages written)."""
    project = load_project(root / "mkdocs.yml")
    articles, _ = read_articles(project)
    return build_incidents(articles, project.digest.cluster)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=3, help="Largest incidents shown.")
    parser.add_argument(
        "--project", type=Path, help="Fetch into this folder once and reuse it on later runs."
    )
    parser.add_argument(
        "--test-cases",
        action="store_true",
        help="Also feedparser's 2,100 test-case feeds (well-formed, ill-formed, encodings).",
    )
    arguments = parser.parse_args()
    if not FEEDS.is_dir():
        raise SystemExit(f"{FEEDS} is absent: this benchmark needs ../shared/feeds/")
    with tempfile.TemporaryDirectory() as folder:
        root = arguments.project or Path(folder) / "project"
        if not (root / "mkdocs.yml").is_file():
            fetch(root, arguments.test_cases)
        incidents = incidents_of(root)
    sizes = sorted((len(incident.articles) for incident in incidents), reverse=True)
    print(f"{sum(sizes)} articles, {len(incidents)} incidents; largest: {sizes[:10]}")
    for incident in sorted(incidents, key=lambda i: -len(i.articles))[: arguments.top]:
        outlets = Counter(article.outlet for article in incident.articles)
        shown = ", ".join(f"{outlet} ({count})" for outlet, count in outlets.most_common(3))
        more = f" and {len(outlets) - 3} more" if len(outlets) > 3 else ""
        print(f"\n{len(incident.articles)} articles from {shown}{more}:")
        for article in incident.articles[:5]:
            print(f"  - {article.title[:90]}")


if __name__ == "__main__":
    main()
