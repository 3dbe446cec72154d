"""Publishing a build all at once, or not at all, even if the process is killed.

A build stages everything under ``.digest/build-*``: the changed generated pages and the new
site. Committing it means moving those into ``content/`` and ``site/``, several renames that
a SIGKILL or a power cut could interrupt halfway. So the moves are first written down in a
journal (``.digest/commit.json``, itself written atomically): that write is the commit
point. Then they are carried out, each one idempotent, and the journal is removed.

- Killed before the journal exists: ``content/`` and ``site/`` are untouched; the staging
  folder is garbage, removed by the next run.
- Killed after: the next run finds the journal and finishes the moves before doing
  anything else (roll forward), so the project ends up exactly as the build meant it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from digest.errors import BuildError
from digest.locks import project_lock

log = logging.getLogger(__name__)

JOURNAL = "commit.json"
SPARE_SITE = "site-spare"
"""Where the site a build replaced is kept, as the next build's staging folder (see
:mod:`digest.publish.incremental`)."""
SPARE_DOCS = "content-spare"
"""Where the folder MkDocs read is kept, as the next build's (see digest.publish.site)."""
STAGING_PREFIX = "build-"
FAILPOINT_VARIABLE = "DIGEST_FAILPOINT"


def failpoint(name: str) -> None:
    """Die here, as SIGKILL would, when the environment asks for it (crash tests only)."""
    if os.environ.get(FAILPOINT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class CommitPlan:
    stage: str
    """The staging folder; removed once the commit is done."""
    writes: tuple[tuple[str, str], ...] = ()
    """(staged file, target file): moved into place with os.replace."""
    deletes: tuple[str, ...] = ()
    site_new: str | None = None
    site_target: str | None = None
    site_old: str | None = None
    """Where the replaced site goes; None: into the staging folder, removed with it."""


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Refuse a second build of the same project while one runs."""
    with project_lock(cache_dir, "build", BuildError):
        yield


def new_stage(cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=cache_dir))


def commit(cache_dir: Path, plan: CommitPlan, keep: Sequence[tuple[str, str]] = ()) -> None:
    """Carry out ``plan``; then move each folder of ``keep`` (source, target) out of the
    staging folder before it is removed (not journaled: a build that loses one only
    makes it again)."""
    # What the journal names (staged pages, the new site) is on disk before the journal.
    _flush(Path(plan.stage))
    atomic_write(cache_dir / JOURNAL, json.dumps(asdict(plan), indent=1))
    failpoint("journal-written")
    _apply(plan)
    (cache_dir / JOURNAL).unlink(missing_ok=True)
    for source, target in keep:
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.replace(source, target)
    shutil.rmtree(plan.stage, ignore_errors=True)


def recover(cache_dir: Path) -> bool:
    """Finish a commit that a killed build left halfway, and clear dead staging folders.

    Returns True when an interrupted commit was completed.
    """
    journal = cache_dir / JOURNAL
    completed = False
    if journal.is_file():
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            plan = CommitPlan(
                stage=data["stage"],
                writes=tuple(tuple(pair) for pair in data["writes"]),  # type: ignore[misc]
                deletes=tuple(data["deletes"]),
                site_new=data["site_new"],
                site_target=data["site_target"],
                site_old=data.get("site_old"),
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            # A journal is written atomically, so an unreadable one was never committed.
            log.warning("%s: unreadable commit journal ignored (%s)", journal, error)
        else:
            log.warning("completing the publish of a build that was interrupted")
            _apply(plan)
            completed = True
        journal.unlink(missing_ok=True)
    if cache_dir.is_dir():
        for stale in cache_dir.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
    return completed


def stage_page_writes(
    docs_dir: Path, stage: Path, pages: Sequence[tuple[str, str]]
) -> tuple[tuple[tuple[str, str], ...], int]:
    """Stage the pages whose text changed; returns the moves and the count unchanged.

    A staged file is written plainly (no temporary file, no fsync of its own): nothing
    reads it before the journal names it, and :func:`commit` flushes the whole staging
    folder to disk once, before writing the journal."""
    moves = []
    unchanged = 0
    folders: set[str] = set()
    for relative, text in pages:
        target = os.path.join(docs_dir, relative)
        data = text.encode("utf-8")
        try:
            with open(target, "rb") as current:
                if current.read() == data:
                    unchanged += 1
                    continue
        except OSError:
            pass
        staged = os.path.join(stage, "commit", relative)
        folder = os.path.dirname(staged)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(staged, "wb") as out:
            out.write(data)
        moves.append((staged, target))
    return tuple(moves), unchanged


def _flush(folder: Path) -> None:
    """Put everything written so far on ``folder``'s file system on disk (syncfs where
    the C library has it, else sync): once per build, where an fsync per staged file
    cost a system call and a journal commit each."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError):
        os.sync()
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(handle) != 0:
            os.sync()
    finally:
        os.close(handle)


def _apply(plan: CommitPlan) -> None:
    folders: set[str] = set()
    for index, (staged, target) in enumerate(plan.writes):
        if os.path.exists(staged):  # already moved if this is a second attempt
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            os.replace(staged, target)
        if index == 0:
            failpoint("first-page-moved")
    for target in plan.deletes:
        Path(target).unlink(missing_ok=True)
    if plan.site_new and plan.site_target and os.path.exists(plan.site_new):
        target = Path(plan.site_target)
        old = Path(plan.site_old or Path(plan.stage) / "old-site")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
            failpoint("old-site-moved")
        os.replace(plan.site_new, target)
