"""The one place that knows the order of the stages.

    sources → documents → articles → incidents → briefs → pages + feeds → content/ + site/

Everything is computed before anything is written, so a failure in any stage leaves the
project as it was.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest import unchanged
from digest.cache import (
    AGAIN_FILE,
    ArticlePrints,
    brief_contents,
    cached_tokens,
    local_workers,
    read_normalised,
)
from digest.config import Project
from digest.errors import BuildError
from digest.model import Article, Brief, Document, Incident, Problem
from digest.publish.commit import build_lock, recover

if TYPE_CHECKING:
    from digest.publish.pages import FrontMatterReader
    from digest.publish.plan import Site

# The stages are imported where they run, not here: a build that finds nothing changed
# (digest.unchanged) needs none of them, and they are most of digest's start-up time
# (SciPy, trafilatura, MkDocs).

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
    week: str | None = None
    """The weekly digest linked from the home page (``2024-W05``), if any."""
    site_pages: int = 0
    site_pages_rendered: int = 0
    """Pages MkDocs rendered: those changed since the published site (0: it ran not)."""


def read_articles(
    project: Project, prints: ArticlePrints | None = None
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Every article of the project, normalised, and the inputs that had to be skipped
    (normalised where digest.dask says, see :mod:`digest.executor`); ``prints`` learn the
    hash of each article read from the cache."""
    from digest.documents_cache import cached_article_files
    from digest.executor import executor_for

    documents, problems = cached_article_files(
        project.article_dirs, project.root, project.digest.max_article_bytes, project.cache_dir
    )
    with executor_for(project.digest.dask) as executor:
        articles, normalise_problems = normalise_all(
            documents, cache_dir=project.cache_dir, executor=executor, prints=prints
        )
    return articles, problems + normalise_problems


def normalise_all(
    documents: tuple[Document, ...],
    cache_dir: Path | None = None,
    executor: Executor | None = None,
    prints: ArticlePrints | None = None,
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Normalise every document (a large batch in worker processes); with ``cache_dir``,
    reuse the articles normalised by an earlier build from unchanged files (see
    :mod:`digest.cache`)."""
    from digest.normalise import MAX_TEXT_CHARS, normalise, without_site_titles
    from digest.site_lines_cache import cached_site_lines
    from digest.templates_cache import cached_templates
    from digest.text.outlet_templates import learn as learn_templates
    from digest.text.outlet_templates import strip_all as strip_templates

    for document in documents:
        if len(document.text) > MAX_TEXT_CHARS:
            log.warning(
                "%s: only the first %d of its %d characters are read",
                document.path,
                MAX_TEXT_CHARS,
                len(document.text),
            )
    # Each outlet's and feed's template comes off first: the article cache then keys each
    # article by its text without it, so only the articles of an outlet whose template
    # changed are normalised again.
    templates = (
        learn_templates(documents) if cache_dir is None else cached_templates(documents, cache_dir)
    )
    documents, _ = strip_templates(documents, templates)
    with local_workers() as workers:
        read = functools.partial(
            read_normalised,
            folder=cache_dir,
            normalise=normalise,
            executor=executor,
            workers=workers,
            prints=prints,
        )
        first = read(list(documents))
        # Paragraphs that pages of different stories share (a bio, a disclaimer, a
        # sidebar) survive each page's cleaning: the articles that hold them are read
        # again without them (cached apart: the article cache keeps each file's own
        # reading, which the next build's first pass needs).
        site = cached_site_lines(documents, first, cache_dir)
        again = {
            k: site[document.path] for k, document in enumerate(documents) if document.path in site
        }
        read_again = read(
            [documents[k] for k in again], file=AGAIN_FILE, without=list(again.values())
        )
    # An article read again is the build's (unless it was all shared text: kept as read);
    # the others' first reading is, unpickled only now.
    second = dict(zip(again, read_again, strict=True))
    articles: list[Article] = []
    problems: list[Problem] = []
    for k, document in enumerate(documents):
        result = second.get(k)
        if not isinstance(result, Article):
            result = first[k]
        if isinstance(result, Article):
            articles.append(result)
        else:
            problems.append(Problem(path=document.path, message=str(result)))
    return without_site_titles(articles), tuple(problems)


def make_briefs(
    project: Project,
    articles: tuple[Article, ...],
    front_matters: FrontMatterReader | None = None,
    prints: ArticlePrints | None = None,
) -> tuple[Brief, ...]:
    from digest.briefs import brief_of_articles, with_history
    from digest.incidents import build_incidents
    from digest.incidents.features import tokens_of
    from digest.publish.pages import (
        previous_aliases,
        previous_briefs,
        previous_incidents,
        published_incidents,
    )

    published = published_incidents(project.docs_dir, front_matters)
    prints = prints or ArticlePrints()
    incidents = carry_aliases(
        build_incidents(
            articles,
            project.digest.cluster,
            previous_incidents(published),
            functools.partial(
                cached_tokens, folder=project.cache_dir, tokens_of=tokens_of, prints=prints
            ),
        ),
        previous_aliases(published),
    )
    previous = previous_briefs(published)
    contents = brief_contents(incidents, project.cache_dir, brief_of_articles, prints)
    briefs = []
    for (content, stored), incident in zip(contents, incidents, strict=True):
        brief = with_history(content, incident, previous.get(incident.id))
        prints.seed_brief(brief, content, stored)  # the pages' keys hash it by its row
        briefs.append(brief)
    return tuple(briefs)


def carry_aliases(
    incidents: tuple[Incident, ...], previous: dict[str, tuple[str, ...]]
) -> tuple[Incident, ...]:
    """Keep every old URL redirecting: an incident keeps the aliases it had, and takes
    over those of an incident merged into it."""
    carried = []
    for incident in incidents:
        aliases = set(incident.aliases) | set(previous.get(incident.id, ()))
        pending = list(aliases)
        while pending:
            for older in previous.get(pending.pop(), ()):
                if older not in aliases:
                    aliases.add(older)
                    pending.append(older)
        aliases.discard(incident.id)
        carried.append(replace(incident, aliases=tuple(sorted(aliases))))
    return tuple(carried)


def _site(project: Project) -> Site:
    from digest.publish.plan import Site

    return Site(
        name=project.site_name,
        description=project.site_description,
        url=project.site_url,
        use_directory_urls=project.use_directory_urls,
        home_limit=project.digest.home_limit,
        listing_limit=project.digest.listing_limit,
        feed_formats=(
            project.digest.syndication.formats if project.digest.syndication.enabled else ()
        ),
    )


def _verify(briefs: tuple[Brief, ...]) -> None:
    """Refuse to publish a brief that says anything its sources do not (issue 5)."""
    from digest.evaluation.check import check_briefs

    failures = check_briefs(briefs)
    if failures:
        raise BuildError(
            f"{len(failures)} statement(s) not found in their sources:\n"
            + "\n".join(f"  {failure}" for failure in failures)
        )


def build(
    project: Project,
    *,
    build_site: bool = True,
    progress: Progress | None = None,
    week: str | None = None,
    verify: bool = False,
) -> BuildReport:
    """Read, cluster, summarise, render and publish a project.

    ``week`` (``2024-W05``) is the weekly digest linked from the home page; by default the
    last complete week before the newest report (never the clock's week).
    """
    started = time.monotonic()
    # The whole build holds the lock, not only the publish: a second build reading while
    # this one publishes would render from a stale copy of the pages and the caches.
    with build_lock(project.cache_dir):
        recover(project.cache_dir)  # a killed build's publish first: it is the last build
        inputs = unchanged.inputs_key(project, (build_site, week, verify))
        last = unchanged.last_build(project, inputs)
        if last is not None:
            return _again(last, progress, started)
        say = progress or (lambda message: None)
        with unchanged.WarningLog() as warnings, _long_lived() as keep:
            report = _build(project, build_site, say, week, verify, started, keep)
        unchanged.record(project, inputs, _recorded(report), warnings.messages)
        return report


@contextlib.contextmanager
def _long_lived() -> Iterator[Callable[[bool], None]]:
    """A function that tells Python's cyclic garbage collector that what the build holds
    so far lives until the build ends: one full collection of what is not frozen yet,
    then :func:`gc.freeze`. Until it is called with ``last`` true, there is no automatic
    full collection between two calls (the young generations are collected as before);
    then, for the publish (MkDocs' pages), there is again. All undone when the build
    ends. An automatic full collection walks every object still held, and with the
    archive's articles and briefs in memory the collections of a +1 % build at 10,000
    articles without the site took 5.1 of its 31 CPU seconds (1.6 with this; its peak
    memory the same). Objects are freed by their count of references as before; a
    caller that froze objects of its own is left as it is."""
    if gc.get_freeze_count():
        yield lambda last: None
        return
    thresholds = gc.get_threshold()

    def keep(last: bool) -> None:
        gc.collect()
        gc.freeze()
        if last:
            gc.set_threshold(*thresholds)
        else:
            gc.set_threshold(*thresholds[:2], 1 << 30)

    keep(False)
    try:
        yield keep
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _recorded(report: BuildReport) -> dict[str, Any]:
    recorded = asdict(report)
    recorded["problems"] = [[problem.path, problem.message] for problem in report.problems]
    return recorded


def _again(last: unchanged.LastBuild, progress: Progress | None, started: float) -> BuildReport:
    """The report of the last build, whose output is all there already."""
    if progress:
        progress("nothing changed since the last build")
    for level, message in last.warnings:
        log.log(level, "%s", message)
    fields = dict(last.report)
    problems = tuple(Problem(path=path, message=message) for path, message in fields["problems"])
    return replace(
        BuildReport(**{**fields, "problems": problems}),
        pages_written=0,
        pages_unchanged=fields["pages_written"] + fields["pages_unchanged"],
        pages_removed=0,
        site_pages_rendered=0,
        seconds=time.monotonic() - started,
    )


def _build(
    project: Project,
    build_site: bool,
    say: Progress,
    week: str | None,
    verify: bool,
    started: float,
    keep: Callable[[bool], None] = lambda last: None,
) -> BuildReport:
    import jinja2

    from digest.publish.frontmatter import FrontMatters
    from digest.publish.pages import published_threads
    from digest.publish.plan import plan_site
    from digest.publish.render import render_site
    from digest.publish.site import publish
    from digest.publish.taxonomy import last_complete_week

    say("reading articles")
    prints = ArticlePrints()  # each article hashed once for the keys of what it is in
    articles, problems = read_articles(project, prints)
    keep(False)  # the articles: the rest of the build reads them
    for problem in problems:
        log.warning("skipped %s", problem)
    say(f"grouping {len(articles)} articles into incidents")
    front_matters = FrontMatters(project.cache_dir)
    briefs = make_briefs(project, articles, front_matters, prints)
    keep(False)
    if verify:
        _verify(briefs)
    say(f"rendering {len(briefs)} incidents")
    site = _site(project)
    newest = max((a.published for a in articles if a.published), default=None)
    week = week or last_complete_week(newest)
    plan = plan_site(
        briefs,
        site,
        project.digest.syndication,
        week,
        published_threads(project.docs_dir, front_matters),
    )
    try:
        rendered = render_site(
            plan,
            project.digest.syndication,
            project.templates_dir,
            (project.cache_dir, project.docs_dir, project.site_dir),
            prints,
        )
    except jinja2.TemplateError as error:
        where = getattr(error, "filename", None) or getattr(error, "name", None) or "template"
        line = getattr(error, "lineno", None)
        raise BuildError(f"{where}{f':{line}' if line else ''}: {error}") from error
    keep(True)  # the pages' text, through the publish
    dates = [article.published for article in articles if article.published]
    # The newest report stands in for "now" wherever MkDocs wants a date.
    epoch = int(max(dates).timestamp()) if dates else 0
    say("building the site" if build_site else "writing pages")
    result = publish(project, rendered.pages, rendered.site_files, build_site, epoch, front_matters)
    front_matters.save()
    return BuildReport(
        articles=len(articles),
        problems=problems,
        incidents=len(briefs),
        pages_written=result.written,
        pages_unchanged=result.unchanged,
        pages_removed=result.removed,
        site_built=build_site,
        seconds=time.monotonic() - started,
        week=week,
        site_pages=result.site_pages,
        site_pages_rendered=result.site_pages_rendered,
    )
