"""How `digest build` grows with the archive: time and peak memory for N synthetic articles.

    python benchmarks/build_scale.py 1000 [--no-site]

Articles are generated (not taken from any outlet): N/2 distinct events, each reported
twice, on dates spread over a year, so the build clusters, writes N/2 incident pages and
runs MkDocs over them. Prints one line of figures. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from digest.scaffold import create_project

WORDS = (
    "river bridge council port strike flood drone border crossing ministry governor army "
    "engineers trucks workers officials residents district valley village harbour road "
    "water dam embankment fire market school hospital police court election protest"
).split()
VERBS = "closed struck flooded blocked opened damaged evacuated inspected reopened halted".split()


def _name(rng: random.Random) -> str:
    syllables = ["ka", "ro", "vel", "dan", "mir", "sto", "ber", "lin", "tas", "gor", "en", "ul"]
    return "".join(rng.choice(syllables) for _ in range(3)).capitalize()


def write_articles(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    for event in range(count // 2):
        place, person, group = _name(rng), _name(rng), _name(rng)
        day = start + timedelta(days=rng.randrange(365))
        number = rng.randrange(2, 900)
        topic = rng.sample(WORDS, 6)
        verb = rng.choice(VERBS)
        for copy, outlet in enumerate(("wire", "herald")):
            lines = [
                f"{place.upper()} ({outlet.title()}) — The {topic[0]} in {place} was {verb} on "
                f"{day:%A} after {number} {topic[1]} were reported, {person} {group} said.",
                f"Officials from the {group} {topic[2]} said {number} {topic[3]} were affected "
                f"near the {topic[4]} and the {topic[5]}.",
                f"“We are working with the {topic[2]} in {place},” {person} said.",
            ]
            if copy:
                lines.reverse()
            body = "\n".join(lines)
            title = f"{topic[0].title()} {verb} in {place}"
            meta = f"---\ntitle: {title}\npublished: {day.isoformat()}\n---\n"
            (folder / outlet).mkdir(exist_ok=True)
            (folder / outlet / f"{event:06d}.md").write_text(meta + body + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="*", default=[1000])
    parser.add_argument("--no-site", action="store_true", help="skip the MkDocs build")
    args = parser.parse_args()
    for count in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            create_project(root, "Benchmark")
            write_articles(root / "articles", count)
            config = str(root / "mkdocs.yml")
            command = [sys.executable, "-m", "digest", "build", "-q", "-f", config]
            if args.no_site:
                command.append("--no-site")
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run(command, check=True)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            pages = len(list((root / "content" / "incidents").glob("*.md")))
            site_mb = (
                sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 1e6
                if (root / "site").exists()
                else 0.0
            )
            print(
                f"articles={count} incidents={pages} time={seconds:.1f}s "
                f"peak_rss={max(peak, before) / 1024:.0f}MB site={site_mb:.1f}MB"
                + (" (no site)" if args.no_site else ""),
                flush=True,
            )


if __name__ == "__main__":
    main()
