"""How the site grows: a full `digest build` of 500, 1,000 and 2,000 incidents.

    python benchmarks/site_scale.py 500 1000 2000

A synthetic archive (generated, not taken from any outlet: two reports per event, so N
incidents need 2N articles). For each size it prints the total build time, the time MkDocs
alone takes to render the generated content/ (a second, plain `mkdocs build` of the same
pages), the number of pages and feed files, the site's size and the size of MkDocs' search index.
A small build runs first and is not reported, so that the first size is not charged with
imports and MkDocs' theme and plugin start-up. Last, each size is compared with the first:
linear growth means every ratio is close to the ratio of incidents. Not part of the test
suite.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from digest.config import load_project
from digest.pipeline import build
from digest.publish.site import _build_mkdocs
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


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(count: int) -> dict[str, float]:
    """One full build of ``count`` synthetic incidents, then MkDocs alone on its pages."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        create_project(root, "Benchmark")
        write_articles(root / "articles", 2 * count)
        project = load_project(root / "mkdocs.yml")
        started = time.perf_counter()
        report = build(project)
        total = time.perf_counter() - started
        # MkDocs alone, on the content/ the build just wrote.
        started = time.perf_counter()
        _build_mkdocs(project, root / "content", Path(tmp) / "mkdocs-only", 0)
        mkdocs_alone = time.perf_counter() - started
        site = root / "site"
        return {
            "incidents": report.incidents,
            "articles": report.articles,
            "pages": len(list((root / "content").rglob("*.md"))),
            "feed_files": len(list(site.glob("feeds/*/*/*"))) + 3,
            "total": total,
            "mkdocs": mkdocs_alone,
            "site": _size(site) / 1e6,
            "index": (site / "search" / "search_index.json").stat().st_size / 1e6,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents", type=int, nargs="*", default=[500, 1000, 2000])
    args = parser.parse_args()
    measure(20)  # warm-up, not reported
    rows = []
    for count in args.incidents:
        row = measure(count)
        rows.append(row)
        print(
            f"incidents={row['incidents']:.0f} articles={row['articles']:.0f} "
            f"pages={row['pages']:.0f} feed_files={row['feed_files']:.0f} "
            f"total={row['total']:.1f}s mkdocs_alone={row['mkdocs']:.1f}s "
            f"site={row['site']:.1f}MB search_index={row['index']:.2f}MB",
            flush=True,
        )
    first = rows[0]
    for row in rows[1:]:
        ratios = "  ".join(
            f"{name} x{row[key] / first[key]:.2f}"
            for key, name in (
                ("incidents", "incidents"),
                ("total", "total"),
                ("mkdocs", "mkdocs"),
                ("site", "site"),
                ("index", "search index"),
            )
        )
        print(f"{first['incidents']:.0f} -> {row['incidents']:.0f}: {ratios}")


if __name__ == "__main__":
    main()
