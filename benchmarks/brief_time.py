"""CPU time of the brief stage alone: ``brief_of_articles`` over a build's incidents.

    python benchmarks/brief_time.py [ARTICLES] [--repeat N]

Articles are ``cluster_scale.py``'s (recombined from ../shared/eval, never copied into the
repository), normalised and clustered once; then every incident's brief is made from
scratch (no brief cache), N times, and the least CPU time is printed. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from cluster_scale import EVAL, write_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=400)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the least is printed")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is absent: the evaluation sets live beside the repository")
    from digest.briefs import brief_of_articles
    from digest.config import load_project
    from digest.incidents import build_incidents
    from digest.pipeline import read_articles
    from digest.scaffold import create_project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        create_project(root, "Benchmark")
        write_articles(root / "articles", args.articles)
        project = load_project(root / "mkdocs.yml")
        articles, _ = read_articles(project)
        incidents = build_incidents(articles, project.digest.cluster)
    times = []
    for _ in range(args.repeat):
        started = time.process_time()
        for incident in incidents:
            brief_of_articles(incident.articles)
        times.append(time.process_time() - started)
    print(
        f"articles={len(articles)} incidents={len(incidents)} "
        f"brief_cpu={min(times):.2f}s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
