"""The ``digest`` command: arguments, messages and exit codes. No pipeline logic lives here.

Exit status: 0 success; 1 the build failed (or, with --strict, an input was skipped);
2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
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
    root.setLevel(logging.DEBUG)
    handler.setLevel(level)
    # MkDocs reports every page at INFO: only its warnings matter here, unless -v.
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)
    logging.getLogger("mkdocs").propagate = True
    for name in ("trafilatura", "htmldate", "charset_normalizer", "MARKDOWN"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return counter


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-f, --strict, -v and -q, shared by the commands that read a project."""

    @click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="The project's mkdocs.yml (site and digest settings).",
    )
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

    Writes mkdocs.yml (site and digest settings), an empty articles/ folder and
    content/about.md, a hand-written page. Refuses to overwrite an existing project.

    \b
    Example:
        digest init my-briefing --name "Regional security briefing"
    """
    from digest.scaffold import create_project

    try:
        created = create_project(directory, name)
    except FileExistsError as error:
        raise click.ClickException(str(error)) from error
    for path in created:
        click.echo(f"created {path}")
    click.echo(
        f"\nNext: put article files in {directory / 'articles'}, then run "
        f"'digest build' in {directory}."
    )


@cli.command(name="build")
@common_options
@click.option("--no-site", is_flag=True, help="Write content/ only; do not run MkDocs.")
def build_command(
    config_file: Path, strict: bool, no_site: bool, warnings: Any, quiet: bool
) -> None:
    """Build the briefing: articles → incidents → content/ pages → site/ with feed.xml.

    \b
    Example:
        digest build
        digest build -f path/to/mkdocs.yml --strict
    """
    from digest.pipeline import build

    project = _load(config_file)
    progress = None if quiet else (lambda message: click.echo(f"{message}…", err=True))
    report = build(project, build_site=not no_site, progress=progress)
    if not quiet:
        skipped = len(report.problems)
        click.echo(
            f"Read {report.articles} articles ({skipped} skipped), "
            f"{report.incidents} incidents; pages: {report.pages_written} written, "
            f"{report.pages_unchanged} unchanged, {report.pages_removed} removed"
            + (f"; site in {project.site_dir.name}/" if report.site_built else "")
            + f" ({report.seconds:.1f} s)"
        )
        for problem in report.problems:
            click.echo(f"  skipped {problem}")
    if strict and warnings.count:
        raise click.ClickException(f"{warnings.count} warning(s) in strict mode")


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

    Prints one line per feed: new, updated, unchanged, or why it failed. Exits 1 when
    every feed failed; with --strict, when any feed failed or warned. A failed feed never
    stops the others.

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
    """Build the briefing, then serve site/ for a preview (Ctrl-C stops).

    \b
    Example:
        digest serve -a 127.0.0.1:8080
    """
    import http.server

    from digest.pipeline import build

    project = _load(config_file)
    build(project, build_site=True)
    host, _, port = dev_addr.rpartition(":")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(project.site_dir)
    )
    with http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler) as server:
        click.echo(
            f"Serving {project.site_dir} on http://{host or '127.0.0.1'}:{port}/ (Ctrl-C stops)"
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main() -> None:
    cli(prog_name="digest")
