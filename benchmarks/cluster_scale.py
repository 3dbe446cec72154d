"""Time and peak memory of clustering, and of `digest build --no-site`, at 1k/10k/100k.

    python benchmarks/cluster_scale.py 1000 10000 100000 [--no-build]

Articles are recombined from the labelled sets in ../shared/eval (never copied into the
repository): each takes one real article's title and text plus one paragraph of another,
so no two are near-duplicates, with dates spread over a year. Each size runs in a fresh
process so its peak RSS is its own. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SETS = ("ecbplus", "allsides", "basil-dev")


def _records() -> list[dict[str, str]]:
    rows = []
    for name in SETS:
        with (EVAL / f"{name}.jsonl").open(encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def write_articles(folder: Path, count: int, seed: int = 7, newer_from: int | None = None) -> None:
    """Write articles 0..count-1 (the same seed writes the same articles first). From
    ``newer_from`` on, an article is dated in the week after the year the others span, as a
    weekly build's new articles are, instead of at random over that year."""
    rng = random.Random(seed)
    rows = _records()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        base, extra = rng.choice(rows), rng.choice(rows)
        paragraphs = [p for p in extra["text"].split("\n") if p.strip()] or [""]
        title = base.get("title") or base["text"][:60]
        minutes = rng.randrange(365 * 24 * 60)
        if newer_from is not None and n >= newer_from:
            minutes = 365 * 24 * 60 + minutes % (7 * 24 * 60)
        when = start + timedelta(minutes=minutes)
        meta = f"---\ntitle: {json.dumps(title)}\npublished: {when.isoformat()}\n---\n"
        body = base["text"] + "\n\n" + rng.choice(paragraphs)
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.md").write_text(meta + body + "\n", encoding="utf-8")


def _child(root: Path) -> None:
    """Normalise (cached), then time the clustering step alone."""
    from digest.config import load_project
    from digest.incidents import build_incidents
    from digest.pipeline import read_articles

    project = load_project(root / "mkdocs.yml")
    started = time.perf_counter()
    articles, _ = read_articles(project)
    read = time.perf_counter() - started
    started = time.perf_counter()
    incidents = build_incidents(articles, project.digest.cluster)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"read": read, "cluster": seconds, "incidents": len(incidents), "peak": peak}))


def _run(command: list[str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--no-build", action="store_true", help="time clustering only")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is absent: the evaluation sets live beside the repository")
    from digest.scaffold import create_project

    for count in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            create_project(root, "Benchmark")
            write_articles(root / "articles", count)
            line = f"articles={count}"
            if not args.no_build:
                build = [sys.executable, "-m", "digest", "build", "-q", "--no-site"]
                build += ["-f", str(root / "mkdocs.yml")]
                seconds, peak, _ = _run(build)
                line += f" build={seconds:.1f}s build_peak<={peak:.0f}MB"
                # One percent more articles, then build again: the cache should carry it.
                write_articles(root / "articles" / "more", max(1, count // 100), seed=99)
                seconds, _, _ = _run(build)
                line += f" rebuild+1%={seconds:.1f}s"
            me = [sys.executable, __file__, "--child", str(root)]
            _, _, out = _run(me)
            figures = json.loads(out)
            line += (
                f" read(cached)={figures['read']:.1f}s cluster={figures['cluster']:.1f}s"
                f" incidents={figures['incidents']} cluster_peak={figures['peak']:.0f}MB"
            )
            print(line, flush=True)


if __name__ == "__main__":
    main()
