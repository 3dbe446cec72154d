"""How many pages of the "latest" listing one new incident changes, and how often an
existing page's URL goes away.

    python benchmarks/listing_churn.py [--incidents 1000] [--size 20] [--tries 600]

An archive of ``--incidents`` incidents spread over a year is split into the home page and
its further pages (``digest.publish.plan.home_pages``, ``home_limit`` = ``--size``); then,
``--tries`` times, one incident of a random date is added (a back-dated report as often as
a new one) and the pages are split again. Printed: the listing pages whose path or
incidents changed (mean, median, 95th percentile, maximum), the share of tries in which a
page that existed before is gone (its URL no longer served) and the share in which a new
path appears. Pure planning, no build: a second or two.
"""

from __future__ import annotations

import argparse
import random
import statistics
from datetime import UTC, datetime, timedelta

from digest.model import Brief
from digest.publish.plan import HOME_PAGE, home_pages
from digest.publish.taxonomy import newest_first

_YEAR_HOURS = 365 * 24


def _dated(incident_id: str, hours: int) -> Brief:
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    return Brief(incident_id=incident_id, headline=incident_id, articles=(), date_start=when)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--size", type=int, default=20, help="home_limit (default 20)")
    parser.add_argument("--tries", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    briefs = [_dated(f"i{n:06d}", rng.randrange(_YEAR_HOURS)) for n in range(arguments.incidents)]
    before = dict(home_pages(newest_first(briefs), arguments.size))
    before.pop(HOME_PAGE)
    changed, gone, added = [], 0, 0
    for n in range(arguments.tries):
        extra = _dated(f"new{n:06d}", rng.randrange(_YEAR_HOURS))
        after = dict(home_pages(newest_first([*briefs, extra]), arguments.size))
        after.pop(HOME_PAGE)
        paths = before.keys() | after.keys()
        changed.append(sum(before.get(path) != after.get(path) for path in paths))
        gone += bool(before.keys() - after.keys())
        added += bool(after.keys() - before.keys())
    changed.sort()
    print(
        f"{arguments.incidents} incidents, {len(before)} listing pages, home_limit "
        f"{arguments.size}, {arguments.tries} incidents added one at a time"
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
