"""``digest serve``: a live preview. Builds, serves site/, and rebuilds when an input changes.

MkDocs' live-reload server does the serving, the watching (polling) and the browser reload;
digest's build stays the one that writes. The server calls :class:`Rebuilder` once the
watched files have stopped changing, holds page requests while it runs, and then tells
every open page to reload.

The inputs are mkdocs.yml, the article folders, the templates (the project's and the default
ones), the theme's ``custom_dir``, MkDocs' ``watch:`` paths and ``content/`` for its
hand-written pages. digest writes its generated pages into ``content/`` itself, so
``content/`` is not watched while a build runs (else every build would trigger the next);
a hand-written page saved during a build is found by comparing the folder before and after.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from digest.config import Project, load_mkdocs_config
from digest.errors import DigestError
from digest.publish.pages import is_generated
from digest.publish.templates import default_templates_dir

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
"""How often the watched folders are compared with their last state (MkDocs' default)."""
QUIET_SECONDS = 0.6
"""A rebuild waits until nothing has changed for this long: longer than one poll, so a
copy of many files that spans several polls costs one build, not one per poll."""

Build = Callable[[], Project]
"""Reads mkdocs.yml afresh, builds the briefing, reports it; raises DigestError."""
Say = Callable[[str], None]

Snapshot = dict[str, tuple[int, int]]


def serve(build: Build, host: str, port: int, say: Say) -> None:
    """Build once, then serve until interrupted; raise on a failure of the first build."""
    from mkdocs.livereload import LiveReloadServer

    project = build()
    server = LiveReloadServer(
        builder=lambda: None,  # replaced below: the rebuilder needs the server
        host=host,
        port=port,
        root=str(project.site_dir),
        mount_path=mount_path(project.site_url),
        polling_interval=POLL_SECONDS,
    )
    server.build_delay = QUIET_SECONDS
    server.builder = Rebuilder(server, build, project, say)
    say(f"Serving {project.site_dir} on {server.url} (rebuilt when a file changes; Ctrl-C stops)")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def mount_path(site_url: str | None) -> str:
    """Where the site is served: the path of site_url, as on the published site."""
    return urlsplit(site_url or "/").path or "/"


class Rebuilder:
    """The server's builder: builds, and keeps the watched paths in step with mkdocs.yml.

    Never raises: a failed build is reported and the last good site stays served (digest
    publishes site/ only when a build succeeds), and the server would otherwise stall its
    page requests until a build succeeds.
    """

    def __init__(self, server: LiveReloadServer, build: Build, project: Project, say: Say) -> None:
        self._server = server
        self._build = build
        self._project = project
        self._say = say
        self._watched: set[str] = set()
        self._watch(project)

    def __call__(self) -> None:
        docs = str(self._project.docs_dir.resolve())
        if docs in self._watched:
            self._server.unwatch(docs)
            self._watched.discard(docs)
        self._say("Files changed: rebuilding")
        try:
            while True:
                before = snapshot(self._project.docs_dir)
                self._build_once()
                # Saved while content/ was not watched: build again rather than miss it.
                if not edited_by_hand(self._project.docs_dir, before):
                    break
                self._say("A hand-written page changed during the build: rebuilding")
        finally:
            self._watch(self._project)

    def _build_once(self) -> None:
        try:
            self._project = self._build()
        except DigestError as error:
            log.error("%s\nThe last good site is still served; save a fix to rebuild.", error)
        except Exception:
            # A bug in a build must not stop the preview: say so and serve the last site.
            log.exception("The build failed; the last good site is still served")
        self._server.root = os.path.abspath(self._project.site_dir)

    def _watch(self, project: Project) -> None:
        wanted = {str(path) for path in inputs(project) if path.exists()}
        for path in sorted(self._watched - wanted):
            self._server.unwatch(path)
        for path in sorted(wanted - self._watched):
            self._server.watch(path)
        self._watched = wanted


def inputs(project: Project) -> tuple[Path, ...]:
    """Every file and folder a build of ``project`` reads."""
    paths = [
        project.config_file,
        *project.article_dirs,
        project.templates_dir,
        default_templates_dir(),
        project.docs_dir,
    ]
    try:
        config = load_mkdocs_config(project.config_file)
    except DigestError:
        pass  # the build reports it; mkdocs.yml itself stays watched
    else:
        custom_dir = config["theme"].custom_dir
        paths += [Path(custom_dir)] if custom_dir else []
        paths += [Path(path) for path in config["watch"]]
    return tuple(path.resolve() for path in paths)


def snapshot(folder: Path) -> Snapshot:
    """Each file under ``folder`` (none if it is absent): its modification time and size."""
    found = {}
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):  # removed since it was listed
            status = path.stat()
            if stat.S_ISREG(status.st_mode):
                found[str(path)] = (status.st_mtime_ns, status.st_size)
    return found


def edited_by_hand(docs_dir: Path, before: Snapshot) -> bool:
    """Whether a file of ``docs_dir`` other than a generated page was written since ``before``.

    (A page deleted meanwhile cannot be told from a generated page the build removed; the
    next rebuild picks it up.)
    """
    after = snapshot(docs_dir)
    return any(
        not is_generated(Path(path)) for path, state in after.items() if before.get(path) != state
    )
