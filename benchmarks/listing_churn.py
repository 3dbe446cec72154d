"""How many pages of the archive (the home page's older pages) one new incident changes,
and how often an existing page's URL goes away; with ``--articles``, which pages a +1 %
build changes.

    python benchmarks/listing_churn.py [--listing archive|place|thread|week] [--newer]
        [--incidents 1000] [--size 20] [--tries 600]
    python benchmarks/listing_churn.py --articles 3000 [--newer] [--keep DIR]

An archive of ``--incidents`` incidents spread over a year is split into the archive's
pages, month after month (``digest.publish.plan.archive_pages``, ``listing_limit`` =
``--size``); then, ``--tries`` times, one incident of a random date is added (a back-dated
report as often as a new one; with ``--newer``, one dated after the archive, as a weekly
build adds) and the pages are split again. ``--listing`` takes, instead of the archive, a
place's listing (newest first), a story thread's (oldest first: new incidents arrive at
its end) or a week's (its most covered, then the rest newest first; the archive's
incidents of 1 to 5 outlets, each added one of one), cut by
``digest.publish.plan.listing_pages`` (page size ``--size``).
Printed: the listing pages whose path or incidents changed (mean, median, 95th
percentile, maximum), the share of tries in which a page that existed before is gone (its
URL no longer served) and the share in which a new path appears. Pure planning, no
build: a second or two.

With ``--articles N``, a project of N articles of cluster_scale.py's archive (real text from
../shared/eval, never copied into the repository) is built cold (or taken from ``--keep
DIR``, where it is built the first time: a cold build of 3,000 articles takes minutes),
then a copy of it gets 1 % more articles (dated at random over the archive's year, or with
``--newer`` in the week after it) and is built again. Printed, by folder of ``content/``:
the Markdown pages that changed, were added or went away, with their size, and the pages
MkDocs rendered (their HTML is a new file; every other page of the site is a hard link to
the published one). The copy is deleted afterwards.
"""

from __future__ import annotations

import argparse
import collections
import functools
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from digest.model import Brief
from digest.publish.plan import ListingPage, archive_pages, listing_pages, week_pages
from digest.publish.taxonomy import by_coverage, newest_first

_YEAR_HOURS = 365 * 24


def _dated(incident_id: str, hours: int) -> Brief:
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    return Brief(incident_id=incident_id, headline=incident_id, articles=(), date_start=when)


def _kind(path: str) -> str:
    return path.split("/")[0] if "/" in path else path


def _pages(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*.md")}


def _inodes(site: Path) -> dict[str, int]:
    """Each page MkDocs writes (not the weekly mails, ``weeks/<week>.email.html``)."""
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in site.rglob("*.html")
        if not p.name.endswith(".email.html")
    }


def _html(page: str) -> str:
    """The file MkDocs writes for a page (directory URLs, MkDocs' default)."""
    stem = page.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def _build(root: Path) -> None:
    command = [sys.executable, "-m", "digest", "build", "-q", "-f", str(root / "mkdocs.yml")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def build_churn(articles: int, newer: bool, keep: Path | None) -> None:
    """Which pages of content/ and site/ a build with 1 % more articles changes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from cluster_scale import write_articles

    from digest.scaffold import create_project

    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp) / "base"
        if not (base / "site").is_dir():
            create_project(base, "Benchmark")
            write_articles(base / "articles", articles)
        # A build with digest as it is now: the kept project may come from older code.
        _build(base)
        root = Path(tmp) / "grown"
        subprocess.run(["cp", "-a", str(base), str(root)], check=True)
        before, html = _pages(root / "content"), _inodes(root / "site")
        grown = articles + max(1, articles // 100)
        write_articles(root / "articles", grown, newer_from=articles if newer else None)
        _build(root)
        after, rendered = _pages(root / "content"), _inodes(root / "site")
    rows: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path in before.keys() | after.keys():
        row = rows[_kind(path)]
        row["pages"] += path in after
        if path not in after:
            row["gone"] += 1
        elif path not in before:
            row["new"] += 1
            row["KB"] += len(after[path])
        elif before[path] != after[path]:
            row["changed"] += 1
            row["KB"] += len(after[path])
    page_of = {_html(path): path for path in after}
    for path, inode in rendered.items():
        if html.get(path) != inode:
            rows[_kind(page_of.get(path, "(other)"))]["rendered"] += 1
    dated = "dated after the archive" if newer else "dated at random over its year"
    print(f"{articles} articles, then {grown - articles} more ({dated}): content/ pages")
    columns = ("pages", "changed", "new", "gone", "KB", "rendered")
    print(f"  {'folder':12}" + "".join(f"{c:>10}" for c in columns))
    total: collections.Counter[str] = collections.Counter()
    for kind in sorted(rows, key=lambda k: -rows[k]["KB"]):
        total.update(rows[kind])
        values = {**rows[kind], "KB": round(rows[kind]["KB"] / 1000)}
        print(f"  {kind:12}" + "".join(f"{values.get(c, 0):>10}" for c in columns))
    total["KB"] = round(total["KB"] / 1000)
    print(f"  {'all':12}" + "".join(f"{total.get(c, 0):>10}" for c in columns))


def _by_path(pages: Sequence[ListingPage]) -> dict[str, object]:
    return {page.path: (page.briefs, page.previous, page.next) for page in pages}


_LISTINGS: dict[str, Callable[[list[Brief], int], dict[str, object]]] = {
    # The archive's pages, month after month (the home page's older pages).
    "archive": lambda briefs, size: _by_path(archive_pages(_months(briefs), size)),
    # A place's, person's, tag's or month's listing: newest first.
    "place": lambda briefs, size: _by_path(
        listing_pages("places/x.md", newest_first(briefs), size)
    ),
    # A story thread: oldest first, new incidents arrive at its end.
    "thread": lambda briefs, size: _by_path(
        listing_pages("threads/x.md", newest_first(briefs)[::-1], size)
    ),
    # A weekly digest: the most covered first, then the rest newest first.
    "week": lambda briefs, size: _by_path(week_pages("weeks/x.md", by_coverage(briefs), size)),
}


def _months(briefs: list[Brief]) -> list[tuple[str, list[Brief]]]:
    months: dict[str, list[Brief]] = {}
    for brief in newest_first(briefs):
        months.setdefault(f"{brief.date_start:%Y-%m}", []).append(brief)
    return sorted(months.items(), reverse=True)


def _listing_pages(listing: str, size: int, briefs: list[Brief]) -> dict[str, object]:
    return _LISTINGS[listing](briefs, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--size", type=int, default=20, help="home_limit (default 20)")
    parser.add_argument("--tries", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--articles", type=int, help="build a project of this many articles")
    parser.add_argument(
        "--listing",
        choices=sorted(_LISTINGS),
        default="archive",
        help="without --articles: the listing cut into pages (default archive)",
    )
    parser.add_argument(
        "--newer", action="store_true", help="date the 1 %% (the added incidents) after the archive"
    )
    parser.add_argument("--keep", type=Path, help="where to keep the cold-built project")
    arguments = parser.parse_args()
    if arguments.articles:
        build_churn(arguments.articles, arguments.newer, arguments.keep)
        return
    rng = random.Random(arguments.seed)
    briefs = [_dated(f"i{n:06d}", rng.randrange(_YEAR_HOURS)) for n in range(arguments.incidents)]
    if arguments.listing == "week":
        briefs = [replace(b, outlets=("o",) * rng.choice((1, 1, 1, 2, 3, 5))) for b in briefs]
    pages = functools.partial(_listing_pages, arguments.listing, arguments.size)
    before = pages(briefs)
    changed, gone, added = [], 0, 0
    for n in range(arguments.tries):
        hours = _YEAR_HOURS + n if arguments.newer else rng.randrange(_YEAR_HOURS)
        # A new incident of one report, as most are.
        extra = replace(_dated(f"new{n:06d}", hours), outlets=("o",))
        after = pages([*briefs, extra])
        paths = before.keys() | after.keys()
        changed.append(sum(before.get(path) != after.get(path) for path in paths))
        gone += bool(before.keys() - after.keys())
        added += bool(after.keys() - before.keys())
    changed.sort()
    print(
        f"{arguments.listing}: {arguments.incidents} incidents, {len(before)} listing pages, "
        f"size {arguments.size}, {arguments.tries} incidents added one at a time"
        f"{' (each after the archive)' if arguments.newer else ''}"
    )
    print(
        f"pages changed per added incident: mean {statistics.fmean(changed):.2f}, median "
        f"{statistics.median(changed):g}, 95th percentile "
        f"{changed[int(0.95 * (len(changed) - 1))]}, max {changed[-1]}"
    )
    print(
        f"an existing page's URL gone in {gone / arguments.tries:.1%} of tries; "
        f"a new page path in {added / arguments.tries:.1%}"
    )


if __name__ == "__main__":
    main()
