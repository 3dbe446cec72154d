"""Article files: ``.txt`` (raw scraped text), ``.md`` (YAML front matter), ``.html`` pages.

A sidecar ``NAME.yml`` beside ``NAME.txt`` or ``NAME.html`` gives the same metadata as
Markdown front matter. A file that cannot be read is reported as a :class:`Problem` with
its path (and line, where there is one) and skipped; the others are read on.
"""

from __future__ import annotations

import codecs
import functools
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from digest.errors import SourceError
from digest.model import Document, Problem
from digest.sources.markup import Markup, html_to_text, sniff, unescape_entities

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SIDECAR_SUFFIXES = (".yml", ".yaml")
METADATA_KEYS = ("title", "url", "outlet", "published", "author", "language")
ARCHIVE_KEYS = ("updated", "first_seen", "feed", "guid", "tags")
"""Keys ``digest fetch`` writes besides the metadata keys (see digest/sources/archive.py)."""

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M
)


class _MetadataLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans: only true/false are booleans, so a title
    "Yes" or an outlet "NO" stays the text it is (YAML 1.1 reads yes/no/on/off as bools)."""


class _FastMetadataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with LibYAML's parser where PyYAML has it: every build reads every
    article's metadata, and the pure-Python parser was most of the time an unchanged
    archive took to read. Its error marks differ, so an error is reported by the other."""


for _loader in (_MetadataLoader, _FastMetadataLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )


@dataclass(frozen=True)
class ArticleFile:
    """What an article file's Document is read from, and nothing else: its path, the
    outlet its folder names, its bytes and those of its sidecar (name, bytes), if read."""

    relative: str
    folder_outlet: str | None
    data: bytes
    sidecar: tuple[str, bytes] | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.relative).suffix.lower()


def read_article_files(
    folders: tuple[Path, ...],
    root: Path,
    max_bytes: int,
    parse: Callable[[ArticleFile], Document] | None = None,
) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """Every article file under ``folders``, in path order, and the files skipped;
    ``parse`` (by default :func:`parse_article_file`) makes each file's Document."""
    parse = parse or parse_article_file
    documents: list[Document] = []
    problems: list[Problem] = []
    for folder, parts in _article_paths(folders):
        relative = _relative(folder, parts, root)
        try:
            # A str path: Path objects cost more than reading a short file.
            file = _read_file(os.path.join(folder, *parts), relative, parts, max_bytes)
            documents.append(parse(file))
        except SourceError as error:
            problems.append(Problem(path=relative, message=str(error)))
    return tuple(documents), tuple(problems)


def read_article_file(path: Path, relative: str, folder: Path, max_bytes: int) -> Document:
    """One article file as a Document. Raises SourceError saying what is wrong."""
    parts = path.relative_to(folder).parts
    return parse_article_file(_read_file(path, relative, parts, max_bytes))


def _read_file(
    path: str | Path, relative: str, parts: tuple[str, ...], max_bytes: int
) -> ArticleFile:
    """An article file's bytes, and its sidecar's where its metadata is read from one
    (``parts``: its path's under its article folder). Raises SourceError."""
    data = _read_bytes(path, max_bytes)
    sidecar = None
    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in (".md", ".markdown"):
        candidates = (Path(stem + sidecar_suffix) for sidecar_suffix in SIDECAR_SUFFIXES)
        found = next((p for p in candidates if p.is_file()), None)
        if found is not None:
            try:
                sidecar = found.name, _read_bytes(found, max_bytes)
            except SourceError as error:
                raise SourceError(f"sidecar {found.name}: {error}") from error
    return ArticleFile(relative, _folder_outlet(parts), data, sidecar)


def parse_article_file(file: ArticleFile) -> Document:
    """An article file's Document: a function of ``file`` alone. Raises SourceError."""
    suffix = file.suffix
    text = _decode(file.data, html=suffix in (".html", ".htm", ".txt"))
    if suffix in (".md", ".markdown"):
        metadata, body = split_front_matter(text)
    else:
        metadata = _read_sidecar(file.sidecar)
        body = text
    markup = sniff(body) if suffix == ".txt" else None
    if suffix in (".html", ".htm"):
        extracted, body = extract_html(body)
        metadata = {**extracted, **metadata}
    elif markup is not None:
        extracted, body, markup = _read_markup(body, markup)
        metadata = {**extracted, **metadata}
    if not body.strip():
        raise SourceError("no article text")
    return Document(
        path=file.relative,
        text=body,
        title=_optional_str(metadata, "title"),
        url=_optional_str(metadata, "url"),
        outlet=_optional_str(metadata, "outlet"),
        published=parse_date(metadata.get("published"), "published"),
        author=_optional_str(metadata, "author"),
        language=_optional_str(metadata, "language"),
        folder_outlet=file.folder_outlet,
        updated=parse_date(metadata.get("updated"), "updated"),
        first_seen=parse_date(metadata.get("first_seen"), "first_seen"),
        feed=_optional_str(metadata, "feed"),
        guid=_optional_str(metadata, "guid"),
        tags=_tags(metadata),
        markup=markup,
    )


def _read_markup(text: str, markup: Markup) -> tuple[dict[str, Any], str, Markup]:
    """A .txt file's markup read: a whole page as an .html file is (metadata and all), tags
    left in a text removed, entities unescaped. A page in which trafilatura finds no
    article is read for its text rather than refused: the file says it is text."""
    if markup == "page":
        try:
            return (*extract_html(text), markup)
        except SourceError:
            markup = "tags"
    if markup == "tags":
        return {}, html_to_text(text, keep_lines=True), markup
    return {}, unescape_entities(text), markup


def _article_paths(folders: tuple[Path, ...]) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """Each article file: its folder and its path's parts under it, in path order."""
    for folder in folders:
        if not folder.is_dir():
            log.warning("%s: article folder not found", folder)
            continue
        # Sorted by parts, as paths sort ("a/b" before "a-b/c"): the archive's order.
        for parts in sorted(_files_under(folder, ())):
            suffix = os.path.splitext(parts[-1])[1].lower()
            if suffix in ARTICLE_SUFFIXES:
                yield folder, parts
            elif suffix not in SIDECAR_SUFFIXES:
                log.info(
                    "%s: not an article file (%s), ignored",
                    folder.joinpath(*parts),
                    ", ".join(ARTICLE_SUFFIXES),
                )


def _files_under(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The files under ``folder`` (their parts after ``parts``), as ``Path.rglob`` finds
    them (symbolic links to files, not into folders; an unreadable folder is empty), but
    not those under a name starting with "." or "_". One ``scandir`` per folder: this runs
    over the whole archive every build."""
    try:
        with os.scandir(folder) as scanned:
            entries = list(scanned)
    except PermissionError:
        return
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(Path(entry.path), (*parts, entry.name))
        elif entry.is_file():
            yield (*parts, entry.name)


def _relative(folder: Path, parts: tuple[str, ...], root: Path) -> str:
    return "/".join((*_folder_parts(folder, root), *parts))


@functools.lru_cache(maxsize=16)
def _folder_parts(folder: Path, root: Path) -> tuple[str, ...]:
    """The parts that start the path of each file of ``folder``: relative to the project's
    root, or the folder's own path when outside it."""
    if folder.is_relative_to(root):
        return folder.relative_to(root).parts
    return (folder.as_posix().rstrip("/"),)


def _read_bytes(path: str | Path, max_bytes: int) -> bytes:
    try:
        with open(path, "rb", buffering=0) as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise SourceError(
                    f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                    "(digest.max_article_bytes)"
                )
            data = file.read()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}") from error
    if not data:
        raise SourceError("empty file")
    if not data.strip():
        raise SourceError("file has only whitespace, no text")
    if b"\x00" in data[:8192]:
        raise SourceError("binary file, not text")
    return data


def _decode(data: bytes, html: bool = False) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A saved page in a legacy encoding says which in its <meta charset>; a page that
        # says nothing, or says UTF-8 and is not, is refused rather than guessed at.
        declared = html_body_declared_encoding(data) if html else None
        if declared and codecs.lookup(declared).name != "utf-8":
            return html_to_unicode(None, data)[1]
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"line {line}: not valid UTF-8 (byte {error.start})") from error


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown file's YAML front matter (a mapping) and its body. Raises SourceError."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise SourceError("line 1: front matter opened with '---' is never closed")
        return {}, text
    return _load_yaml(match.group(1), "front matter", line_offset=1), text[match.end() :]


def _read_sidecar(sidecar: tuple[str, bytes] | None) -> dict[str, Any]:
    if sidecar is None:
        return {}
    name, data = sidecar
    try:
        return _load_yaml(_decode(data), "metadata", line_offset=0)
    except SourceError as error:
        raise SourceError(f"sidecar {name}: {error}") from error


def _load_yaml(source: str, what: str, line_offset: int) -> dict[str, Any]:
    """``source`` as a mapping; ``what`` ("front matter", "metadata") names it in errors."""
    try:
        try:
            data = yaml.load(source, Loader=_FastMetadataLoader)  # safe loaders both
        except yaml.YAMLError:
            data = yaml.load(source, Loader=_MetadataLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1 + line_offset}: " if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise SourceError(f"{where}{what} is not valid YAML ({problem})") from error
    except (ValueError, OverflowError) as error:
        # A value YAML reads as a timestamp but that is no date ("published: 2024-13-45").
        raise SourceError(f"{what} has an impossible date or number: {error}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(f"{what} must be a mapping of keys to values")
    unknown = sorted(str(key) for key in data if key not in METADATA_KEYS + ARCHIVE_KEYS)
    if unknown:
        log.debug("ignoring unknown metadata keys %s", ", ".join(unknown))
    return data


def extract_html(html: str) -> tuple[dict[str, Any], str]:
    """The main text of an HTML page and its metadata (title, url, outlet, published,
    author, language), with trafilatura. Raises SourceError when the page has no text."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        favor_precision=True,
        # Only dates the page states in its metadata: a date guessed from the text or the
        # URL would be invented.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    if extracted is None or not (extracted.text or "").strip():
        raise SourceError("no article text found in the HTML page")
    metadata = {
        "title": extracted.title,
        "url": extracted.url,
        "outlet": extracted.sitename,
        "published": extracted.date,
        "author": extracted.author,
        "language": extracted.language,
    }
    return {key: value for key, value in metadata.items() if value}, extracted.text


def _optional_str(metadata: Mapping[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SourceError(f"front matter: {key}: expected text, got {type(value).__name__}")
    return " ".join(str(value).split()) or None


def _tags(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    value = metadata.get("tags")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in items
    ):
        raise SourceError("front matter: tags: expected a list of words")
    return tuple(" ".join(str(item).split()) for item in items if str(item).strip())


def parse_date(value: Any, key: str = "published") -> datetime | None:
    """ISO 8601 (or a YAML date) as an aware datetime; naive times are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError as error:
            raise SourceError(
                f"{key}: {value!r} is not an ISO 8601 date (e.g. 2024-02-03T09:30:00Z)"
            ) from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _folder_outlet(parts: tuple[str, ...]) -> str | None:
    """The outlet an article's first folder under its article folder names (``parts``:
    its path's parts under the article folder)."""
    if len(parts) < 2:
        return None
    name = parts[0]
    if not any(character.isalpha() for character in name):
        return None  # a date folder ("articles/2024/...") names no outlet
    return name.replace("-", " ").replace("_", " ").title() if name.islower() else name
