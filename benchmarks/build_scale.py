"""digest beside Pelican on one real-text archive: cold, nothing changed, +1 % new articles.

    python benchmarks/build_scale.py 1000 10000 [--pelican PATH] [--no-site] [--newer]

The archive is cluster_scale.py's: real article text recombined from ../shared/eval (never
copied into the repository), dates spread over a year. For each size, in fresh processes
timed from outside: `digest build` of a new project (cold), again with nothing changed,
then with 1 % more articles (dated at random over the archive's year, or with --newer in
the week after its last date, as a weekly build's are); and Pelican building the same
articles as posts (feeds on, its content cache off) into its own folder. Prints the times,
each process's peak memory and the ratios the issue sets as targets:

    digest cold / Pelican cold <= 1;  nothing changed / cold <= 5 %;  +1 % / cold <= 10 %

Pelican is a benchmark-only dependency, never a runtime one: install it in a venv of its
own (``python -m venv /tmp/pelican && /tmp/pelican/bin/pip install 'pelican[markdown]'``)
and pass its ``pelican`` with --pelican; without it, the Pelican column is left out.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_scale import write_articles

from digest.scaffold import create_project

GROWTH = 0.01

PELICAN_SETTINGS = """\
SITENAME = "Benchmark"
SITEURL = "https://example.org"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DEFAULT_PAGINATION = 20
LOAD_CONTENT_CACHE = False
"""


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one process, its
    worker processes included. On a shared machine the CPU time is the steadier figure."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def as_pelican_posts(articles: Path, content: Path) -> None:
    """The same articles as Pelican Markdown posts (its own metadata header)."""
    for path in sorted(articles.rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        title = " ".join(str(meta["title"]).split())
        when = str(meta["published"])[:16].replace("T", " ")
        post = f"Title: {title}\nDate: {when}\nSlug: {path.stem}\n\n{body}"
        (content / f"{path.stem}.md").write_text(post, encoding="utf-8")


def measure(
    count: int, tmp: Path, pelican: str | None, no_site: bool, newer: bool = False
) -> dict[str, float]:
    root = tmp / "digest"
    create_project(root, "Benchmark")
    write_articles(root / "articles", count)
    digest = [sys.executable, "-m", "digest", "build", "-q", "-f", str(root / "mkdocs.yml")]
    if no_site:
        digest.append("--no-site")
    row: dict[str, float] = {"articles": count}
    row["cold"], row["cold_cpu"], row["cold_mb"] = timed(digest)
    row["same"], row["same_cpu"], row["same_mb"] = timed(digest)
    # The same seed writes the same articles first, then the 1 % more.
    grown = count + max(1, round(count * GROWTH))
    write_articles(root / "articles", grown, newer_from=count if newer else None)
    row["grown"], row["grown_cpu"], row["grown_mb"] = timed(digest)
    if pelican:
        site = tmp / "pelican"
        (site / "content").mkdir(parents=True)
        as_pelican_posts(root / "articles", site / "content")
        for extra in sorted((site / "content").glob("*.md"))[count:]:
            extra.unlink()  # the archive as it was for the cold build
        (site / "pelicanconf.py").write_text(PELICAN_SETTINGS, encoding="utf-8")
        command = [pelican, "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
        row["pelican"], row["pelican_cpu"], row["pelican_mb"] = timed(command, cwd=site)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="*", default=[1000])
    parser.add_argument("--pelican", help="the pelican command of a venv that has it")
    parser.add_argument("--no-site", action="store_true", help="digest without MkDocs")
    parser.add_argument(
        "--newer", action="store_true", help="date the +1 %% articles after the archive's last"
    )
    args = parser.parse_args()
    pelican = args.pelican or shutil.which("pelican")
    if not pelican:
        print("no pelican command (see --pelican): digest's figures only", file=sys.stderr)
    for count in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            row = measure(count, Path(tmp), pelican, args.no_site, args.newer)
        notes = " (no site)" if args.no_site else ""
        notes += " (new articles dated after the archive)" if args.newer else ""
        print(f"articles={count}{notes}", flush=True)
        for name, label in (("cold", "cold"), ("same", "nothing changed"), ("grown", "+1 %")):
            print(
                f"  digest {label:16} wall {row[name]:7.1f} s ({row[name] / row['cold']:6.1%})"
                f"  cpu {row[name + '_cpu']:7.1f} s ({row[name + '_cpu'] / row['cold_cpu']:6.1%})"
                f"  peak {row[name + '_mb']:5.0f} MB",
                flush=True,
            )
        if "pelican" in row:
            print(
                f"  pelican cold            wall {row['pelican']:7.1f} s"
                f"  cpu {row['pelican_cpu']:7.1f} s  peak {row['pelican_mb']:5.0f} MB"
                f"  digest/pelican: wall {row['cold'] / row['pelican']:.2f}"
                f"  cpu {row['cold_cpu'] / row['pelican_cpu']:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
