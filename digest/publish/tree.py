"""Folders of thousands of files (the site, the docs MkDocs reads), walked, linked and pruned
with as few system calls as the job needs: os.path and os.scandir rather than pathlib, and
each folder made once (at 10,000 articles a site has 12,000 folders, one a page)."""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from collections.abc import Iterable, Iterator


def walk_files(root: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Each file under ``root``: its path in it ("/"-separated) and its directory entry
    (whose ``inode()`` costs nothing; ``stat()`` one call). Raises OSError when ``root``
    cannot be read."""
    folders = [("", root)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    yield prefix + entry.name, entry


def link(source: str, target: str, folders: set[str]) -> None:
    """Hard-link ``source`` at ``target`` (a copy where linking fails: another file
    system), making its folder unless ``folders`` already holds it; a file already at
    ``target`` is left."""
    folder = os.path.dirname(target)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copy2(source, target)


def remove(path: str) -> None:
    """Unlink ``path`` (never writing to it: it may share its inode with a published
    file); nothing there is fine, a folder there is removed whole."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)


def prune_empty_folders(root: str, removed: Iterable[str]) -> None:
    """Remove the folders of ``removed`` (paths under ``root``) and their parents that no
    file is left in: a folder made from nothing holds none empty."""
    folders = set()
    for path in removed:
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    for folder in sorted(folders, key=lambda name: name.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty, or gone
            os.rmdir(os.path.join(root, folder))
