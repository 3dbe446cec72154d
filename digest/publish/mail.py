"""Stage 5 (continued): each weekly digest as an e-mail, for a team to send from CI with
whatever mailer it uses.

``weeks/2024-W05.email.html`` is self-contained: inline styles, no script, no image, no
style sheet, every link absolute (to the site), so that it reads the same in a mail client
that blocks remote content. ``weeks/2024-W05.email.txt`` is its plain-text version. Both need
``site_url``: without it there is nothing absolute to link to, and no mail is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from markupsafe import Markup

from digest.model import Brief
from digest.publish.memo import PageMemo, memoised_fragment, memoised_site_file
from digest.publish.pages import card, is_digests_own
from digest.publish.plan import (
    FEEDS_PAGE,
    WEEKS_DIR,
    SitePlan,
    absolute_url,
    incident_path,
    week_path,
)
from digest.publish.taxonomy import week_label

FORMATS = ("html", "txt")


def mail_path(week: str, fmt: str) -> str:
    return f"{WEEKS_DIR}/{week}.email.{fmt}"


def render_mails(
    plan: SitePlan, environment: jinja2.Environment, memo: PageMemo | None = None
) -> dict[str, str]:
    """Site-relative path → text of the HTML and plain-text mail of every weekly digest;
    with a ``memo``, a mail is rendered only when its week's incidents changed, and each
    incident's part of it only when that incident changed (a week gains new incidents in
    most +1 % builds: rendering all of its others again was most of a mail's cost)."""
    site = plan.site
    if not site.url:
        return {}
    files = {}
    # digest's own mails show no related incidents (they change with new ones).
    shows_related = {
        fmt: not all(
            is_digests_own(environment, name) for name in (_template(fmt), _item_template(fmt))
        )
        for fmt in FORMATS
    }
    for key in plan.week_keys:
        for fmt in FORMATS:

            def inputs(key: str = key, related: bool = shows_related[fmt]) -> Iterator[str]:
                yield key
                for brief in plan.week(key):
                    yield memo.fingerprint(brief, related)  # type: ignore[union-attr]

            def render(key: str = key, fmt: str = fmt) -> str:
                template = environment.get_template(_template(fmt))
                item = environment.get_template(_item_template(fmt))

                def shown(brief: Brief, card: dict[str, Any]) -> Markup:
                    return Markup(
                        memoised_fragment(
                            memo,
                            f"mail-{fmt}/{brief.incident_id}",
                            lambda: (memo.fingerprint(brief, shows_related[fmt]),),  # type: ignore[union-attr]
                            lambda: item.render(item=card),
                        )
                    )

                return template.render(**_context(plan, key, shown))

            path = mail_path(key, fmt)
            files[path] = memoised_site_file(memo, path, inputs, render)
    return files


def _template(fmt: str) -> str:
    return f"week.email.{fmt}.j2"


def _item_template(fmt: str) -> str:
    return f"week.email.item.{fmt}.j2"


def _context(
    plan: SitePlan, key: str, shown: Callable[[Brief, dict[str, Any]], Markup]
) -> dict[str, Any]:
    site = plan.site

    def url(path: str) -> str:
        return absolute_url(site.url, path, site.use_directory_urls)

    def item(brief: Brief) -> dict[str, Any]:
        card_ = {**card(brief, path, sentences=2), "url": url(incident_path(brief.incident_id))}
        return {**card_, "shown": shown(brief, card_)}

    path = week_path(key)
    return {
        "site_name": site.name,
        "site_url": url("index.md"),
        "label": week_label(key),
        "week_url": url(path),
        "feeds_url": url(FEEDS_PAGE),
        "incidents": [item(brief) for brief in plan.week(key)],
    }
