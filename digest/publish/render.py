"""Stage 5: the site is planned, then rendered: Markdown pages for ``content/`` and the files
(``incidents.json``, the feeds, the weekly mails) that go into ``site/`` beside what MkDocs
writes.

Only this module knows every renderer; each of them reads the :class:`SitePlan` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from digest.cache import ArticlePrints
from digest.config import SyndicationSettings
from digest.publish.data import DATA_FILE, render_json
from digest.publish.feeds import render_feeds
from digest.publish.listings import render_listings
from digest.publish.mail import render_mails
from digest.publish.memo import PageMemo, environment_key
from digest.publish.pages import Page, render_pages
from digest.publish.plan import SitePlan
from digest.publish.templates import make_environment, markdown_environment


@dataclass(frozen=True)
class Rendered:
    pages: tuple[Page, ...]
    """The generated Markdown pages, paths relative to ``content/``."""
    site_files: dict[str, str]
    """Site-relative path → text of each file written into ``site/`` as it is."""


def render_site(
    plan: SitePlan,
    syndication: SyndicationSettings,
    templates_dir: Path | None,
    memo_folders: tuple[Path, Path, Path] | None = None,
    prints: ArticlePrints | None = None,
) -> Rendered:
    """Every generated page and file of the plan (raises jinja2.TemplateError on a broken
    project template). With ``memo_folders`` (the cache folder, content/ and site/), pages
    and site files whose inputs are unchanged since the last build are taken from
    content/ and site/ (see :mod:`digest.publish.memo`); ``prints`` are the build's hashes
    of articles, if the caches before made them."""
    markdown = markdown_environment(templates_dir)
    memo = None
    if memo_folders is not None:
        salt = environment_key(markdown, plan.site, syndication)
        cache_dir, docs_dir, site_dir = memo_folders
        memo = PageMemo(cache_dir, docs_dir, salt=salt, site_dir=site_dir, prints=prints)
    pages = (*render_pages(plan, markdown, memo), *render_listings(plan, markdown, memo))
    site_files = {
        DATA_FILE: render_json(plan.briefs, plan.site, memo),
        **render_mails(plan, make_environment(templates_dir), memo),
    }
    if syndication.enabled:
        site_files.update(
            render_feeds(plan, syndication, make_environment(templates_dir), markdown, memo)
        )
    if memo is not None:
        memo.save()
    return Rendered(pages=pages, site_files=site_files)
