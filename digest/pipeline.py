"""The one place that knows the order of the stages.

    sources → documents → articles → incidents → briefs → pages + feeds → content/ + site/

Everything is computed before anything is written, so a failure in any stage leaves the
project as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from digest.briefs import write_brief
from digest.config import Project
from digest.errors import BuildError, SourceError
from digest.incidents import build_incidents
from digest.model import Article, Brief, Document, Problem
from digest.normalise import normalise
from digest.publish.data import DATA_FILE, render_json
from digest.publish.feeds import FEED_FILE, render_rss
from digest.publish.pages import Site, previous_incidents, render_pages
from digest.publish.site import build_lock, publish
from digest.publish.templates import make_environment, markdown_environment
from digest.sources import read_article_files

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    articles: int
    problems: tuple[Problem, ...]
    incidents: int
    pages_written: int
    pages_unchanged: int
    pages_removed: int
    site_built: bool
    seconds: float


def read_articles(project: Project) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Every article of the project, normalised, and the inputs that had to be skipped."""
    documents, problems = read_article_files(
        project.article_dirs, project.root, project.digest.max_article_bytes
    )
    articles, normalise_problems = normalise_all(documents)
    return articles, problems + normalise_problems


def normalise_all(
    documents: tuple[Document, ...],
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    for document in documents:
        try:
            articles.append(normalise(document))
        except SourceError as error:
            problems.append(Problem(path=document.path, message=str(error)))
    return tuple(articles), tuple(problems)


def make_briefs(project: Project, articles: tuple[Article, ...]) -> tuple[Brief, ...]:
    incidents = build_incidents(
        articles, project.digest.cluster, previous_incidents(project.docs_dir)
    )
    return tuple(write_brief(incident) for incident in incidents)


def _site(project: Project) -> Site:
    return Site(
        name=project.site_name,
        description=project.site_description,
        url=project.site_url,
        use_directory_urls=project.use_directory_urls,
        home_limit=project.digest.home_limit,
    )


def build(
    project: Project, *, build_site: bool = True, progress: Progress | None = None
) -> BuildReport:
    """Read, cluster, summarise, render and publish a project."""
    say = progress or (lambda message: None)
    started = time.monotonic()
    say("reading articles")
    articles, problems = read_articles(project)
    for problem in problems:
        log.warning("skipped %s", problem)
    say(f"grouping {len(articles)} articles into incidents")
    briefs = make_briefs(project, articles)
    say(f"rendering {len(briefs)} incidents")
    site = _site(project)
    try:
        pages = render_pages(briefs, site, markdown_environment(project.templates_dir))
        site_files = {DATA_FILE: render_json(briefs, site)}
        if project.digest.syndication.enabled:
            site_files[FEED_FILE] = render_rss(
                briefs,
                site,
                project.digest.syndication.limit,
                make_environment(project.templates_dir),
                markdown_environment(project.templates_dir),
            )
    except jinja2.TemplateError as error:
        where = getattr(error, "filename", None) or getattr(error, "name", None) or "template"
        line = getattr(error, "lineno", None)
        raise BuildError(f"{where}{f':{line}' if line else ''}: {error}") from error
    dates = [article.published for article in articles if article.published]
    # The newest report stands in for "now" wherever MkDocs wants a date.
    epoch = int(max(dates).timestamp()) if dates else 0
    say("building the site" if build_site else "writing pages")
    with build_lock(project.cache_dir):
        result = publish(project, pages, site_files, build_site, epoch)
    return BuildReport(
        articles=len(articles),
        problems=problems,
        incidents=len(briefs),
        pages_written=result.written,
        pages_unchanged=result.unchanged,
        pages_removed=result.removed,
        site_built=build_site,
        seconds=time.monotonic() - started,
    )
