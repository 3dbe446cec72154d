"""The ``digest`` command: arguments, messages and exit codes. No pipeline logic lives here.

Exit status: 0 success; 1 the build failed (or, with --strict, an input was skipped);
2 usage or configuration error; 3 (``digest fetch`` only) some feeds failed, the rest
were fetched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from digest import __version__
from digest.errors import ConfigError, DigestError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class ConfigProblem(click.ClickException):
    """A configuration error: exit status 2, like a usage error, and nothing built."""

    exit_code = 2


class _CountingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _MessageFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"{record.levelname.lower()}: {message}"
        return message


def _configure_logging(verbose: int, quiet: bool) -> _CountingHandler:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MessageFormatter())
    counter = _CountingHandler()
    root = logging.getLogger()
    root.handlers[:] = [handler, counter]
    # Only as low as someone listens: markdown-it logs every block rule at DEBUG, and
    # building those records was a twelfth of a large build.
    root.setLevel(min(level, logging.WARNING))
    handler.setLevel(level)
    # MkDocs reports every page at INFO: only its warnings matter here, unless -v.
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)
    logging.getLogger("mkdocs").propagate = True
    for name in ("trafilatura", "htmldate", "charset_normalizer", "MARKDOWN", "markdown_it"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return counter


def config_file_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-f/--config-file``: the project's mkdocs.yml, ``./mkdocs.yml`` by default."""
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help=help_text,
    )


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-f, --strict, -v and -q, shared by the commands that read a project."""

    @config_file_option("The project's mkdocs.yml (site and digest settings).")
    @click.option(
        "--strict",
        is_flag=True,
        help="Fail (exit 1) when any input is skipped or any warning is logged.",
    )
    @click.option("-v", "--verbose", count=True, help="Say more (-vv: MkDocs' own messages too).")
    @click.option("-q", "--quiet", is_flag=True, help="Only errors.")
    @functools.wraps(command)
    def wrapper(*args: Any, verbose: int, quiet: bool, **kwargs: Any) -> Any:
        kwargs["warnings"] = _configure_logging(verbose, quiet)
        kwargs["quiet"] = quiet
        try:
            return command(*args, **kwargs)
        except ConfigError as error:
            raise ConfigProblem(str(error)) from error
        except DigestError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


def _load(config_file: Path) -> Any:
    from digest.config import load_project

    return load_project(config_file)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="digest")
def cli() -> None:
    """Turn news articles into an incident briefing.

    digest reads articles (text, Markdown or HTML files), groups the ones that report the
    same event into one incident, writes a Markdown page per incident (summary with a
    citation on every sentence, quotes with their speakers, every source), and publishes
    them as a MkDocs site with an RSS feed.

    \b
    Quick start:
        digest init my-briefing
        cd my-briefing
        (put article files in articles/)
        digest build
        digest serve
    """


@cli.command(name="init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default="My briefing", show_default=True, help="The site's name.")
def init_command(directory: Path, name: str) -> None:
    """Create a new, empty briefing project in DIRECTORY.

    Writes mkdocs.yml (site and digest settings), an empty articles/ folder,
    content/about.md (a hand-written page), .github/workflows/weekly-digest.yml (a GitHub
    Actions workflow that fetches, builds and publishes the briefing every Monday, installing
    this version of digest) and a README.md saying how to publish it on GitHub Pages.
    Refuses to overwrite an existing project.

    \b
    Example:
        digest init my-briefing --name "Regional security briefing"
    """
    from digest.scaffold import create_project, package_spec

    try:
        created = create_project(directory, name)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from error
    for path in created:
        click.echo(f"created {path}")
    click.echo(
        f"\nNext: put article files in {directory / 'articles'} (or list feeds in mkdocs.yml "
        f"and run 'digest fetch'), then run 'digest build' in {directory}.\n"
        f"To publish it every week on GitHub Pages, see {directory / 'README.md'}; the "
        f"workflow installs {package_spec()}."
    )


def _stage_printer() -> Callable[[str], None]:
    """Prints each stage as it starts; with -v, after the seconds since the first one."""
    started = time.monotonic()
    timed = logging.getLogger().isEnabledFor(logging.DEBUG)

    def say(message: str) -> None:
        elapsed = f"{time.monotonic() - started:7.1f} s  " if timed else ""
        click.echo(f"{elapsed}{message}…", err=True)

    return say


@cli.command(name="build")
@common_options
@click.option("--no-site", is_flag=True, help="Write content/ only; do not run MkDocs.")
@click.option(
    "--week",
    metavar="YYYY-Www",
    callback=lambda ctx, param, value: _check_week(value),
    help="The weekly digest to feature on the home page, e.g. 2024-W05 (default: the last "
    "complete week before the newest article). Every week's digest is written either way.",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Normalise the articles on this Dask scheduler (tcp://host:8786) instead of local "
    "worker processes; overrides digest.dask. Needs pip install 'digest-briefing[dask]'.",
)
def build_command(
    config_file: Path,
    strict: bool,
    no_site: bool,
    warnings: Any,
    quiet: bool,
    week: str | None = None,
    dask: str | None = None,
) -> None:
    """Build the briefing: articles → incidents → content/ pages → site/ with feed.xml.

    \b
    Example:
        digest build
        digest build -f path/to/mkdocs.yml --strict
    """
    from digest.pipeline import build

    project = _load(config_file)
    if dask:
        project = dataclasses.replace(
            project, digest=dataclasses.replace(project.digest, dask=dask)
        )
    progress = None if quiet else _stage_printer()
    # --strict also verifies every brief against its sources before publishing.
    report = build(project, build_site=not no_site, progress=progress, week=week, verify=strict)
    if not quiet:
        _echo_report(report, project)
    if strict and warnings.count:
        raise click.ClickException(f"{warnings.count} warning(s) in strict mode")


def _echo_report(report: Any, project: Any) -> None:
    skipped = len(report.problems)
    click.echo(
        f"Read {report.articles} articles ({skipped} skipped), "
        f"{report.incidents} incidents; pages: {report.pages_written} written, "
        f"{report.pages_unchanged} unchanged, {report.pages_removed} removed"
        + (f"; site in {project.site_dir.name}/ {_rendered(report)}" if report.site_built else "")
        + f" ({report.seconds:.1f} s)"
    )
    if report.week:
        click.echo(f"Weekly digest: {project.docs_dir.name}/weeks/{report.week}.md")
    for problem in report.problems:
        click.echo(f"  skipped {problem}")


def _rendered(report: Any) -> str:
    if not report.site_pages_rendered:
        return "(unchanged: MkDocs not run)"
    return f"({report.site_pages_rendered} of {report.site_pages} pages rendered)"


@cli.command(name="check")
@common_options
def check_command(config_file: Path, strict: bool, warnings: Any, quiet: bool) -> None:
    """Verify the built briefing against the article files.

    Every summary sentence and quote in site/incidents.json must be verbatim (after
    whitespace normalisation) in the article it cites, every number in its cited sentence,
    every headline word in a source. Exits 1 naming each incident and article that fails.

    \b
    Example:
        digest build && digest check
    """
    import json

    from digest.evaluation.check import check_records, sources_of
    from digest.pipeline import read_articles
    from digest.publish.data import DATA_FILE

    project = _load(config_file)
    data_file = project.site_dir / DATA_FILE
    try:
        records = json.loads(data_file.read_text(encoding="utf-8"))["incidents"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise click.ClickException(
            f"{data_file}: cannot read the built briefing ({error}); run 'digest build' first"
        ) from error
    articles, _ = read_articles(project)
    failures = check_records(records, sources_of(articles))
    for failure in failures:
        click.echo(f"FAIL {failure}", err=True)
    if failures:
        raise click.ClickException(
            f"{len(failures)} statement(s) of {len(records)} incidents not found in their sources"
        )
    if not quiet:
        click.echo(f"OK: {len(records)} incidents, every statement found in its source")


@cli.command(name="inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_file_option(
    "The project whose articles teach FILE's outlet and feed templates (if it exists)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
def inspect_command(file: Path, config_file: Path, as_json: bool) -> None:
    """Show what digest makes of one article file and where each fact came from.

    Title (from metadata, a heading or the lead), outlet, date, dateline, the lines
    dropped and why (a per-page rule, or the template of its outlet or feed, learned from
    the project's other articles), sentences, quotes with speakers, places and figures.

    \b
    Example:
        digest inspect "articles/rudaw/2024-02-03 Strikes.txt"
    """
    import json

    from digest.inspection import inspect_document, render
    from digest.sources.files import read_article_file, read_article_files

    archive: tuple[Any, ...] = ()
    document = None
    try:
        if config_file.is_file():
            project = _load(config_file)
            archive, _ = read_article_files(
                project.article_dirs, project.root, project.digest.max_article_bytes
            )
            target = file.resolve()
            document = next(
                (d for d in archive if (project.root / d.path).resolve() == target), None
            )
        if document is None:
            document = read_article_file(file, file.as_posix(), file.parent, 2_000_000)
        inspection = inspect_document(document, archive)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error
    except DigestError as error:
        raise click.ClickException(f"{file}: {error}") from error
    if as_json:
        click.echo(json.dumps(inspection.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(inspection))


@cli.command(name="eval-quotes")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("articles", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List missed quotes and wrong speakers, each with its sentence and why.",
)
def eval_quotes_command(gold: Path, articles: Path, verbose: bool) -> None:
    """Score quote finding against hand-labelled quotes.

    GOLD is a JSON file like ../shared/seeds/quotes.json ({"quotes": [{"file", "quote",
    "kind", "speaker", "accept"}]}); ARTICLES is the folder holding the files it names.
    Prints span precision and recall and speaker accuracy over all files.

    \b
    Example:
        digest eval-quotes ../shared/seeds/quotes.json ../shared/seeds
    """
    from digest.evaluation.quotes import evaluate_files

    try:
        report = evaluate_files(gold, articles)
    except (OSError, ValueError, KeyError, DigestError) as error:
        raise click.ClickException(str(error)) from error
    total = report.total
    click.echo(
        f"{len(report.files)} files, {total.gold_full} full, {total.gold_partial} partial, "
        f"{total.gold_scare} scare gold quotes; {total.found_non_scare} found (not scare)"
    )
    click.echo(
        f"span precision {total.precision:.3f}  recall {total.recall:.3f}  "
        f"(full {total.found_full_matched}/{total.gold_full}, "
        f"partial {total.found_partial_matched}/{total.gold_partial})"
    )
    click.echo(
        f"speaker accuracy {total.speaker_accuracy:.3f} "
        f"({total.speakers_correct}/{total.found_full_matched + total.found_partial_matched}); "
        f"scare quotes given a speaker: {total.scare_misattributed}"
    )
    if verbose:
        for name, score in report.files:
            for quote in score.missed:
                click.echo(f"  missed  {name}: “{quote}”")
            for (quote, speaker), why in zip(score.wrong_speakers, score.why_wrong, strict=False):
                click.echo(f"  speaker {name}: “{quote[:60]}” → {speaker}\n    {why}")
            for why in score.why_wrong[len(score.wrong_speakers) :]:
                click.echo(f"  scare   {name}: {why}")


@cli.command(name="eval")
@click.argument(
    "labelled",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--assignments",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write {article id: incident id} as JSON to this file (with several files: "
    "{file name: {article id: incident id}}).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    help="Merge threshold for this run (default: 0.2, mean similarity 0-1).",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change a cluster setting (threshold, window_days) for this run; repeatable.",
)
@click.option(
    "--explain",
    nargs=2,
    metavar="ID1 ID2",
    help="Print the features and score of two labelled articles, and where they ended up.",
)
def eval_command(
    labelled: tuple[Path, ...],
    assignments: Path | None,
    as_json: bool,
    threshold: float | None,
    overrides: tuple[str, ...],
    explain: tuple[str, str] | None,
) -> None:
    """Score incident clustering on labelled articles (JSON Lines, one article a line).

    Runs the same normalising and clustering as 'digest build' with the default settings
    (or those given); the gold 'cluster' field is only used for scoring.
    For each file, prints the number of articles, gold and predicted incidents, B-cubed and
    pairwise precision/recall/F1, and the time.

    \b
    Example:
        digest eval ../shared/eval/ecbplus.jsonl ../shared/eval/allsides.jsonl
        digest eval data.jsonl --assignments predicted.json --json
        digest eval data.jsonl --threshold 0.15 --set window_days=7
        digest eval data.jsonl --explain article-17 article-42
    """
    import json

    from digest.config import ClusterSettings
    from digest.evaluation import evaluate_records, load_labelled
    from digest.evaluation.tuning import apply_settings, explain_lines

    try:
        settings = apply_settings(overrides, ClusterSettings())
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error
    if threshold is not None:
        settings = dataclasses.replace(settings, threshold=threshold)
    try:
        loaded = {path: load_labelled(path) for path in labelled}
        if explain is not None:
            for line in explain_lines(loaded.values(), explain, settings):
                click.echo(line)
            return
        reports = {path: evaluate_records(rows, settings) for path, rows in loaded.items()}
    except DigestError as error:
        raise click.ClickException(str(error)) from error
    single = len(reports) == 1
    if assignments is not None:
        by_file = {path.name: report.assignments for path, report in reports.items()}
        written = next(iter(by_file.values())) if single else by_file
        text = json.dumps(written, indent=1, ensure_ascii=False) + "\n"
        assignments.write_text(text, encoding="utf-8")
    if as_json:
        figures = {path.name: report.as_dict() for path, report in reports.items()}
        click.echo(json.dumps(next(iter(figures.values())) if single else figures, indent=2))
        return
    for path, report in reports.items():
        b, p = report.bcubed, report.pairwise
        click.echo(
            f"{path.name}: {report.articles} articles, {report.gold_incidents} gold incidents, "
            f"{report.predicted_incidents} predicted"
            + (f" ({report.skipped} without text)" if report.skipped else "")
        )
        click.echo(f"  B-cubed   P {b.precision:.3f}  R {b.recall:.3f}  F1 {b.f1:.3f}")
        click.echo(f"  pairwise  P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}")
        click.echo(f"  {report.seconds:.1f} s (normalising and clustering)")


def _check_week(value: str | None) -> str | None:
    if value is None:
        return None
    from digest.publish.taxonomy import week_monday

    try:
        week_monday(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    return value


@cli.command(name="fetch")
@common_options
@click.option(
    "--opml",
    "opml_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also fetch the feeds this OPML file lists (repeatable).",
)
def fetch_command(
    config_file: Path, strict: bool, opml_files: tuple[Path, ...], warnings: Any, quiet: bool
) -> None:
    """Fetch the feeds (digest.feeds, digest.opml, --opml) into the article archive.

    Each new feed item becomes one Markdown file in the archive (the first digest.articles
    folder, or digest.fetch.archive); an item the feed changed updates its file; an item
    already kept is not written again. Then run 'digest build'.

    Prints one line per feed: new, updated, unchanged, or why it failed. A failed feed
    never stops the others. Exit status: 0 every feed was read; 3 some feeds failed and
    the others were read and saved; 1 every feed failed, or with --strict any feed failed
    or warned.

    \b
    Example:
        digest fetch
        digest fetch --opml subscriptions.opml --strict
    """
    from digest.sources.fetch import feed_sources, fetch_feeds

    project = _load(config_file)
    sources = feed_sources(project, opml_files)
    if not sources:
        click.echo("No feeds to fetch: list them under digest.feeds, digest.opml or --opml.")
        return
    with contextlib.ExitStack() as stack:
        bar = None
        if not quiet and sys.stderr.isatty():
            bar = stack.enter_context(
                click.progressbar(length=len(sources), label="Fetching feeds", file=sys.stderr)
            )
        report = fetch_feeds(project, sources, progress=(lambda *_: bar.update(1)) if bar else None)
    noted = 0
    for feed in report.feeds:
        if feed.failed:
            click.echo(f"  failed     {feed.feed}: {feed.error}", err=True)
        elif not quiet:
            click.echo(f"  {_feed_line(feed)}")
        for note in feed.notes:
            noted += 1
            if not quiet:
                click.echo(f"             note: {note}")
    failed = len(report.failed)
    if not quiet:
        click.echo(
            f"Fetched {len(report.feeds) - failed} of {len(report.feeds)} feeds: "
            f"{report.total('new')} new, {report.total('updated')} updated, "
            f"{report.total('unchanged')} unchanged, {report.total('duplicates')} duplicates"
            + (f"; {failed} failed" if failed else "")
            + f" ({report.seconds:.1f} s)"
        )
    if failed == len(report.feeds):
        raise click.ClickException(f"every feed failed ({failed})")
    if strict and (failed or noted or warnings.count):
        raise click.ClickException(
            f"{failed} feed(s) failed, {noted + warnings.count} warning(s) in strict mode"
        )
    if failed:
        # Not 1: the articles of every other feed are saved, and CI may well go on to build.
        click.echo(f"{failed} feed(s) failed; the others were fetched (exit status 3)", err=True)
        sys.exit(PARTIAL_FETCH)


PARTIAL_FETCH = 3
"""``digest fetch``'s exit status when some feeds failed and the rest were fetched."""


def _feed_line(feed: Any) -> str:
    if feed.status == "not modified":
        return f"unchanged  {feed.feed} (not modified)"
    counts = f"{feed.new} new, {feed.updated} updated, {feed.unchanged} unchanged"
    if feed.duplicates:
        counts += f", {feed.duplicates} duplicates"
    return f"fetched    {feed.feed}: {counts}"


@cli.command(name="serve")
@common_options
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve the site on.",
)
def serve_command(
    config_file: Path, strict: bool, dev_addr: str, warnings: Any, quiet: bool
) -> None:
    """Build the briefing and serve site/ for a preview, rebuilding on changes (Ctrl-C stops).

    When an article, a template, a hand-written page of content/ or mkdocs.yml changes,
    the briefing is rebuilt and open pages reload. A failed rebuild is reported and the
    last good site stays served.

    \b
    Example:
        digest serve -a 127.0.0.1:8080
    """
    from digest.pipeline import build
    from digest.serve import serve

    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise click.BadParameter(f"{dev_addr!r} is not HOST:PORT", param_hint="--dev-addr")

    def build_once() -> Any:
        project = _load(config_file)  # mkdocs.yml may have changed since the last build
        report = build(project, build_site=True, progress=None if quiet else _stage_printer())
        if not quiet:
            _echo_report(report, project)
        return project

    serve(build_once, host or "127.0.0.1", int(port), say=click.echo)


def main() -> None:
    cli(prog_name="digest")
