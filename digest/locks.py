"""One project, one writer: the lock files under ``.digest/`` that keep two builds (or two
fetches) of the same project from interleaving their writes."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from digest.errors import DigestError


@contextlib.contextmanager
def project_lock(cache_dir: Path, command: str, error: type[DigestError]) -> Iterator[None]:
    """Hold ``.digest/<command>.lock`` for the block, or raise ``error`` at once when another
    ``digest <command>`` of this project holds it (waiting would hide a stuck run)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / f"{command}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise error(
                f"another digest {command} of {cache_dir.parent} is running; try again when it ends"
            ) from busy
        yield
