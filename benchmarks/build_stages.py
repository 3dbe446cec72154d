"""Where a rebuild's CPU time goes, stage by stage: +1 % articles, then back to the first set.

    python benchmarks/build_stages.py [ARTICLES] [--cold] [--newer]

The archive is cluster_scale.py's (real article text recombined from ../shared/eval, never
copied into the repository). A new project of ARTICLES articles (default 1,000) is built
cold by `digest build`; then, each in a fresh process, a build with 1 % more articles and
one with those removed again. The new articles are dated at random over the archive's year,
or with ``--newer`` in the week after its last date (a weekly build's case). Each of those
wraps the pipeline's stages in ``time.process_time`` (no profiler: its overhead would
distort them) and prints the CPU seconds of each, the imports before the build and those of
the stages' modules included, and the whole process's (Python's start-up too). A stage's
figure includes the stages it calls (publish includes MkDocs). With ``--cold``, the cold
build itself is timed instead, stage by stage, in one process (``os.cpu_count`` taken as 1,
so that the work of the worker processes is counted), with the normalising of articles
(``normalise`` calls: each article once, and again those holding a paragraph of another
story's page) and the search for those paragraphs (``cached_site_lines``) on rows of their own.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_scale import write_articles

GROWTH = 0.01
# (module, function): what each row times.
STAGES = (
    ("digest.pipeline", "read_articles"),
    ("digest.incidents", "build_incidents"),
    ("digest.pipeline", "make_briefs"),
    ("digest.publish.plan", "plan_site"),
    ("digest.publish.render", "render_site"),
    ("digest.publish.site", "publish"),
    ("digest.publish.site", "_run_mkdocs"),
)
COLD_STAGES = (
    ("digest.normalise", "normalise"),
    ("digest.site_lines_cache", "cached_site_lines"),
)


def _timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        spent[f"{name} calls"] = spent.get(f"{name} calls", 0) + 1
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started

    return wrapper


def one_build(root: Path, cold: bool = False) -> dict[str, float]:
    """One build of the project at ``root`` in this process, timed stage by stage."""
    import importlib

    if cold:
        os.cpu_count = lambda: 1  # the workers' share in this process, where it is timed
    started = time.process_time()
    from digest.config import load_project
    from digest.pipeline import build

    spent: dict[str, float] = {"imports": time.process_time() - started}
    started = time.process_time()
    for module_name, function in STAGES + (COLD_STAGES if cold else ()):
        module = importlib.import_module(module_name)
        setattr(module, function, _timed(spent, function, getattr(module, function)))
    spent["stage imports"] = time.process_time() - started
    # The pipeline imports each stage where it calls it, so it calls the wrapped ones.
    started = time.process_time()
    report = build(load_project(root / "mkdocs.yml"))
    spent["build"] = time.process_time() - started
    # Everything this process spent: Python's start-up, every import, the build.
    spent["process"] = time.process_time()
    spent["site pages rendered"] = report.site_pages_rendered
    return spent


def _child(root: Path, *options: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(root), *options],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=1000)
    parser.add_argument("--cold", action="store_true", help="time the cold build instead")
    parser.add_argument(
        "--newer", action="store_true", help="date the new articles after the archive's last"
    )
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_build(args.one, args.cold)))
        return
    from digest.scaffold import create_project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "digest"
        create_project(root, "Benchmark")
        write_articles(root / "articles", args.articles)
        if args.cold:
            row = _child(root, "--cold")
            print(f"articles={args.articles}, cold build: CPU seconds")
            names = [*(function for _, function in STAGES + COLD_STAGES), "build", "process"]
            for name in ["imports", "stage imports", *names, "normalise calls"]:
                print(f"  {name:22}{row.get(name, 0.0):10.2f}")
            return
        command = [sys.executable, "-m", "digest", "build", "-q", "-f", str(root / "mkdocs.yml")]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        grown = args.articles + max(1, round(args.articles * GROWTH))
        # The same seed writes the same articles first, then the 1 % more.
        write_articles(root / "articles", grown, newer_from=args.articles if args.newer else None)
        rows = {f"+{grown - args.articles}": _child(root)}
        for path in sorted((root / "articles").rglob("*.md"))[args.articles :]:
            path.unlink()
        rows[f"-{grown - args.articles}"] = _child(root)
    names = ["imports", "stage imports", *(function for _, function in STAGES), "build"]
    names += ["process", "site pages rendered"]
    dated = ", new articles dated after the archive" if args.newer else ""
    print(f"articles={args.articles}{dated}: CPU seconds" + "".join(f"{k:>10}" for k in rows))
    for name in names:
        print(f"  {name:22}" + "".join(f"{row.get(name, 0.0):10.2f}" for row in rows.values()))


if __name__ == "__main__":
    main()
