"""How much of the story threads a +1 % build changes, and what threading costs.

    python benchmarks/thread_churn.py N [--newer] [--project DIR] [--repeat R]

Groups N articles of cluster_scale.py's recombined archive into incidents and threads as
`digest build` does, then the archive plus 1 % more articles (dated at random over the
year, or with ``--newer`` in the week after it) with the first run's incident and thread
ids as the last build's. Counts, among the incidents of both runs, those whose page's
"Story thread" part changed (thread link, incidents shown, the names they share or those
incidents' reports) and why, and the thread pages changed, added or removed (members, the
names of the title, the members' reports). Prints the CPU seconds of
:func:`digest.incidents.build_incidents` and of its story-thread part.

``--project DIR``: a digest project holding the archive's articles 0..N-1 and the 1 %
added (as /work/bench's plus1.py makes them), whose article cache saves normalising;
without it the articles are written and normalised in a temporary project (slow at 10,000).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_scale import write_articles

from digest import incidents as incidents_module
from digest.cache import cached_tokens
from digest.config import SyndicationSettings, load_project
from digest.incidents import build_incidents
from digest.incidents.features import tokens_of
from digest.model import Article, Brief, Incident
from digest.pipeline import read_articles
from digest.publish.listings import thread_names
from digest.publish.pages import _thread_timeline
from digest.publish.plan import Site, SitePlan, incident_path, plan_site


def _briefs(incidents: Sequence[Incident]) -> list[Brief]:
    """What the thread parts of the pages read of an incident (its reports stand for its
    headline: a headline changes only with them)."""
    return [
        Brief(
            incident_id=i.id,
            headline=" ".join(sorted(a.id for a in i.articles)),
            articles=i.articles,
            date_start=min((a.published for a in i.articles if a.published), default=None),
            related=i.related,
        )
        for i in incidents
    ]


def _plan(briefs: list[Brief], previous: dict[str, frozenset[str]] | None) -> SitePlan:
    site = Site(name="B", description=None, url=None, use_directory_urls=True, home_limit=20)
    return plan_site(briefs, site, SyndicationSettings(enabled=False), None, previous)


def _timelines(plan: SitePlan) -> dict[str, Any]:
    shown = {}
    for brief in plan.by_id.values():
        thread = _thread_timeline(plan, brief, incident_path(brief.incident_id))
        if thread is not None:
            thread["timeline"] = tuple(
                (e["brief"].incident_id, e["brief"].headline, tuple(e["shared"]))
                for e in thread["timeline"]
            )
        shown[brief.incident_id] = thread
    return shown


def _why(before: Any, after: Any, old: set[str], own_changed: bool) -> str:
    if own_changed:
        return "its own reports changed"
    if before is None or after is None:
        return "joined or left a thread"
    if before["url"] != after["url"]:
        return "its thread's id changed"
    ids_before = [entry[0] for entry in before["timeline"]]
    ids_after = [entry[0] for entry in after["timeline"]]
    if ids_before != ids_after:
        if any(i not in old for i in ids_after):
            return "a new incident shown"
        return "another old incident shown"
    if [e[1] for e in before["timeline"]] != [e[1] for e in after["timeline"]]:
        return "a shown incident's reports changed"
    return "the shared names changed"


def _thread_pages(plan: SitePlan) -> dict[str, tuple[Any, ...]]:
    return {
        thread.id: (
            tuple((b.incident_id, b.headline) for b in thread.briefs),
            tuple(thread_names(thread)[:3]),
        )
        for thread in plan.threads.values()
    }


def _timed_build(
    articles: Sequence[Article],
    project: Any,
    tokens: dict[str, Any],
    previous: dict[str, frozenset[str]] | None,
) -> tuple[tuple[Incident, ...], float, float]:
    """The incidents, and the CPU seconds of building them and of their threads alone."""
    spent = [0.0]
    related = incidents_module._related

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return related(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    incidents_module._related = timed  # type: ignore[assignment]
    try:
        started = time.process_time()
        found = build_incidents(
            articles,
            project.digest.cluster,
            previous,
            lambda batch: [tokens[a.id] for a in batch],
        )
        return found, time.process_time() - started, spent[0]
    finally:
        incidents_module._related = related  # type: ignore[assignment]


def _incident_ids(incidents: Sequence[Incident]) -> dict[str, frozenset[str]]:
    return {i.id: frozenset(a.id for a in i.articles) for i in incidents}


def _thread_ids(plan: SitePlan) -> dict[str, frozenset[str]]:
    return {t.id: frozenset(b.incident_id for b in t.briefs) for t in plan.threads.values()}


def _number(article: Article) -> int:
    return int(Path(article.path).stem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, help="the archive's size before the 1 %%")
    parser.add_argument("--newer", action="store_true", help="the 1 %% dated after the rest")
    parser.add_argument("--project", type=Path, help="a project holding the articles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.project
        if root is None:
            from digest.scaffold import create_project

            root = Path(tmp) / "project"
            create_project(root, "Benchmark")
            total = args.articles + round(args.articles * 0.01)
            write_articles(
                root / "articles", total, newer_from=args.articles if args.newer else None
            )
        project = load_project(root / "mkdocs.yml")
        everything, _ = read_articles(project)
        # Tokenised once (from the cache): what is timed below is the grouping.
        tokens = dict(
            zip(
                (a.id for a in everything),
                cached_tokens(everything, folder=project.cache_dir, tokens_of=tokens_of),
                strict=True,
            )
        )
    archive = [a for a in everything if _number(a) < args.articles]
    print(f"{len(archive)} articles + {len(everything) - len(archive)}", flush=True)
    first, cpu, threads_cpu = _timed_build(archive, project, tokens, None)
    print(f"archive: build_incidents {cpu:.1f} CPU s, threads {threads_cpu:.1f}", flush=True)
    plan = _plan(_briefs(first), None)
    previous_threads = _thread_ids(plan)
    second, cpu, threads_cpu = _timed_build(everything, project, tokens, _incident_ids(first))
    print(f"+1 %: build_incidents {cpu:.1f} CPU s, threads {threads_cpu:.1f}", flush=True)
    later = _plan(_briefs(second), previous_threads)
    old = {i.id for i in first}
    reports = {i.id: frozenset(a.id for a in i.articles) for i in first}
    before, after = _timelines(plan), _timelines(later)
    reasons: Counter[str] = Counter()
    for incident in second:
        if incident.id in old and before[incident.id] != after[incident.id]:
            own = reports[incident.id] != frozenset(a.id for a in incident.articles)
            reasons[_why(before[incident.id], after[incident.id], old, own)] += 1
    in_threads = sum(value is not None for value in after.values())
    print(
        f"incidents {len(first)} -> {len(second)} ({len(plan.threads)} -> "
        f"{len(later.threads)} threads holding {in_threads}); old incidents whose thread "
        f"part changed: {sum(reasons.values())}"
    )
    for reason, count in reasons.most_common():
        print(f"  {count:5d}  {reason}")
    pages_before, pages_after = _thread_pages(plan), _thread_pages(later)
    changed = sum(
        pages_before[key] != pages_after[key] for key in pages_before.keys() & pages_after.keys()
    )
    print(
        f"thread pages changed {changed}, added {len(pages_after.keys() - pages_before.keys())}"
        f", removed {len(pages_before.keys() - pages_after.keys())}"
    )
    sizes = sorted((len(t.briefs) for t in later.threads.values()), reverse=True)
    print(f"largest threads {sizes[:5]}")


if __name__ == "__main__":
    main()
