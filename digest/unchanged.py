"""A build with nothing new to read does nothing.

Each successful build records in ``.digest/last-build.json`` one key of everything it read
(the article folders' files, byte for byte; mkdocs.yml; the project's templates; digest's
own code and data and the installed packages; the build's options) and of the state it
left (the files of ``content/``, the published ``site/`` folder), with its report and the
warnings it logged. A build whose key is the recorded one would write exactly what is
there already, so it only says so again: it reads no article, imports no stage and does
not run MkDocs. Anything else, a damaged record included, is an ordinary build.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from digest.config import Project

RECORD_FILE = "last-build.json"


@dataclass(frozen=True)
class LastBuild:
    report: dict[str, Any]
    warnings: tuple[tuple[int, str], ...]


@functools.lru_cache(maxsize=1)
def environment_key() -> str:
    """digest's own files (code, templates, learned models) and the installed packages."""
    import digest

    package = Path(digest.__file__).resolve().parent
    hashed = hashlib.sha1()
    for dist in sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    ):
        hashed.update(dist.encode() + b"\n")
    # The default templates: inside the wheel, or beside the package in a source checkout.
    for folder in (package, package.parent / "templates"):
        for relative, data in _files(folder):
            hashed.update(f"{folder.name}/{relative}\0".encode() + _digest(data))
    return hashed.hexdigest()


def _digest(data: bytes) -> bytes:
    return hashlib.sha1(data).digest()


def _walk(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def _files(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in _walk(folder):
        try:
            yield path.relative_to(folder).as_posix(), path.read_bytes()
        except OSError:
            yield path.relative_to(folder).as_posix(), b"\0unreadable"


def _stats(folder: Path) -> Iterator[str]:
    """A build's own outputs change only through a write or a replacement: the change
    time moves with any write and no tool sets it back (a modification time can be, and an
    edit may keep the size), and a replaced file is another inode. One ``stat`` a file,
    paths as strings (pathlib's walk, sort and two stats a file were a second at 10,000
    articles, paid twice a build)."""
    from digest.publish.tree import walk_files

    try:
        files = sorted(walk_files(str(folder)), key=lambda found: found[0])
    except OSError:  # no content/ yet
        return
    for relative, entry in files:
        stat = entry.stat()
        yield f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}"


def inputs_key(project: Project, options: Iterable[object]) -> str:
    """What a build reads: computed before it starts, so that a file changed while it
    runs makes the next build a real one."""
    hashed = hashlib.sha1(environment_key().encode())
    hashed.update(repr(tuple(options)).encode())
    hashed.update(repr(os.environ.get("SOURCE_DATE_EPOCH")).encode())
    hashed.update(project.config_file.read_bytes())
    for folder in (project.templates_dir, *project.article_dirs):
        hashed.update(f"\0folder {folder}\0".encode())
        for relative, data in _files(folder):
            hashed.update(relative.encode() + b"\0" + _digest(data))
    return hashed.hexdigest()


def _outputs_key(project: Project) -> str:
    hashed = hashlib.sha1("\n".join(_stats(project.docs_dir)).encode())
    try:
        site = project.site_dir.stat()
        hashed.update(f"site {site.st_dev} {site.st_ino} {site.st_mtime_ns}".encode())
    except OSError:
        hashed.update(b"no site")
    return hashed.hexdigest()


def last_build(project: Project, inputs: str) -> LastBuild | None:
    """The last build's report, if it read these inputs and its outputs are untouched."""
    try:
        data = json.loads((project.cache_dir / RECORD_FILE).read_text(encoding="utf-8"))
        # The outputs are walked only when the inputs are the last build's.
        recorded_inputs, _, recorded_outputs = str(data["key"]).partition(":")
        if recorded_inputs != inputs or recorded_outputs != _outputs_key(project):
            return None
        return LastBuild(
            report=dict(data["report"]),
            warnings=tuple((int(level), str(text)) for level, text in data["warnings"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record(
    project: Project, inputs: str, report: dict[str, Any], warnings: Iterable[tuple[int, str]]
) -> None:
    """Write down a build that succeeded (after its publish, so its outputs are known)."""
    from digest.publish.commit import atomic_write

    data = {
        "key": f"{inputs}:{_outputs_key(project)}",
        "report": report,
        "warnings": list(warnings),
    }
    try:
        atomic_write(project.cache_dir / RECORD_FILE, json.dumps(data, default=str))
    except OSError as error:  # only costs the next build its shortcut
        logging.getLogger(__name__).warning("%s not written: %s", RECORD_FILE, error)


class WarningLog(logging.Handler):
    """Collects the warnings a build logs, to be logged again when it is not redone."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))

    def __enter__(self) -> WarningLog:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)
