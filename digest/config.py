"""Settings from ``mkdocs.yml``: typed, defaulted and validated once, before anything is built.

A project keeps its site settings and the digest's own settings in one file. MkDocs validates
its keys; the ``digest:`` section is validated here against the dataclasses below, whose
attribute docstrings are the reference documentation. Every problem is collected, then
reported at once, each naming the file and the key::

    mkdocs.yml: digest.cluster.threshold: expected a number, got 'high'
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import types
import typing
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest.errors import ConfigError

if typing.TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger(__name__)

DEFAULT_CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True, kw_only=True)
class ClusterSettings:
    """How articles are grouped into incidents."""

    threshold: float = 0.18
    """Average similarity (0–1) two groups of articles need to be merged into one incident."""
    window_days: float = 4.0
    """Articles published more than this many days apart are never one incident (0: no
    time window)."""


@dataclass(frozen=True, kw_only=True)
class SyndicationSettings:
    """The feeds the briefing publishes (RSS), for readers to subscribe to."""

    enabled: bool = True
    """Write ``feed.xml`` (needs ``site_url``)."""
    limit: int = 50
    """Most recent incidents (by first report) in each feed."""
    formats: tuple[str, ...] = ("rss", "atom", "json")
    """Feed formats to write: ``rss`` (feed.xml), ``atom`` (atom.xml), ``json`` (feed.json,
    JSON Feed 1.1)."""
    per_place: bool = True
    """Also write one feed per place, under ``feeds/places/<place>/``."""
    per_tag: bool = True
    """Also write one feed per tag, under ``feeds/tags/<tag>/``."""


@dataclass(frozen=True, kw_only=True)
class FeedSource:
    """One feed the briefing reads: ``digest.feeds`` lists them, as a URL or path or a mapping."""

    url: str | None = None
    """The feed's http(s) URL (RSS, Atom or JSON Feed)."""
    path: str | None = None
    """Or a feed file on disk, relative to mkdocs.yml."""
    outlet: str | None = None
    """The outlet named on its articles; by default the feed's own title, else its host."""
    full_text: bool = False
    """Fetch each new item's page and extract its main text (for feeds that carry summaries)."""
    tags: tuple[str, ...] = ()
    """Tags (topic, region) written on every article of this feed."""

    @property
    def key(self) -> str:
        """What names the feed in the archive (``feed:``) and in the fetch state."""
        return self.url or self.path or ""


@dataclass(frozen=True, kw_only=True)
class FetchSettings:
    """How ``digest fetch`` reads feeds: politely, and within bounds."""

    archive: str | None = None
    """Folder (relative to mkdocs.yml) the fetched articles are written to; by default the
    first ``digest.articles`` folder. It must be one of those folders or inside one."""
    concurrency: int = 8
    """Feeds fetched at the same time."""
    per_host: int = 2
    """Requests to one host at the same time."""
    connect_timeout: float = 10.0
    """Seconds to open a connection."""
    read_timeout: float = 20.0
    """Seconds to wait for the next bytes of a response."""
    total_timeout: float = 60.0
    """Seconds one response may take from request to its last byte."""
    max_bytes: int = 10_000_000
    """Largest response, after decompression; a larger one is refused while it streams."""
    max_retry_after: float = 30.0
    """Longest Retry-After (429, 503) waited for within a run; a longer one fails the feed
    for this run, and later runs leave the feed alone until then."""
    user_agent: str = ""
    """The User-Agent header; by default ``digest/VERSION (+site_url)``."""


@dataclass(frozen=True, kw_only=True)
class DigestSettings:
    """The ``digest:`` section of mkdocs.yml."""

    articles: tuple[str, ...] = ("articles",)
    """Folders (relative to mkdocs.yml) holding article files: .txt, .md, .html."""
    templates: str = "templates"
    """Folder of the project's own templates; a template found here overrides the default."""
    home_limit: int = 20
    """Incidents listed on the home page; older ones are in the archive."""
    listing_limit: int = 20
    """Incidents on a page of a place's, person's, tag's, week's or month's listing, on
    average (half to twice as many): a longer listing is cut into pages."""
    max_article_bytes: int = 2_000_000
    """Larger article files are skipped with a warning."""
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    syndication: SyndicationSettings = field(default_factory=SyndicationSettings)
    feeds: tuple[FeedSource, ...] = ()
    """Feeds ``digest fetch`` reads: each a URL, a path, or a mapping with ``url`` or
    ``path`` and optional ``outlet``, ``full_text``, ``tags``."""
    opml: tuple[str, ...] = ()
    """OPML files (relative to mkdocs.yml) listing more feeds, as feed readers export them."""
    fetch: FetchSettings = field(default_factory=FetchSettings)
    dask: str | None = None
    """A Dask scheduler (``tcp://host:8786``) to normalise the articles on, instead of
    local worker processes; needs ``pip install 'digest-briefing[dask]'`` (docs/scaling.md)."""


@dataclass(frozen=True, kw_only=True)
class Project:
    """A briefing project: where its files are and how to build it."""

    config_file: Path
    root: Path
    site_name: str
    site_url: str | None
    site_description: str | None
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool = True
    digest: DigestSettings = field(default_factory=DigestSettings)

    @property
    def article_dirs(self) -> tuple[Path, ...]:
        return tuple(self.root / folder for folder in self.digest.articles)

    @property
    def templates_dir(self) -> Path:
        return self.root / self.digest.templates

    @property
    def cache_dir(self) -> Path:
        return self.root / ".digest"

    @property
    def archive_dir(self) -> Path:
        """Where ``digest fetch`` writes articles: digest.fetch.archive, else the first
        article folder."""
        folder = self.digest.fetch.archive or (self.digest.articles or ("articles",))[0]
        return self.root / folder


def load_mkdocs_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """Load and validate mkdocs.yml as MkDocs would, without the ``digest:`` section.

    Raises ConfigError naming each invalid key. The ``digest`` key is removed first so that
    MkDocs does not warn about a setting it does not know.
    """
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError

    cfg = MkDocsConfig(config_file_path=str(config_file))
    try:
        with open(config_file, "rb") as fd:
            cfg.load_file(fd)
    except ConfigurationError as error:
        raise ConfigError(f"{config_file.name}: {error}") from error
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read: {error.strerror}") from error
    cfg.data.pop("digest", None)
    cfg.load_dict(overrides)
    errors, warnings = cfg.validate()
    for key, warning in warnings:
        log.warning("%s: %s: %s", config_file.name, key, warning)
    if errors:
        raise ConfigError([f"{config_file.name}: {key}: {error}" for key, error in errors])
    return cfg


def _read_digest_section(config_file: Path) -> Any:
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as fd:
        data = yaml_load(fd)
    return (data or {}).get("digest", {})


def load_project(config_file: Path | str = DEFAULT_CONFIG_FILE) -> Project:
    """Read and validate a project's mkdocs.yml. Raises ConfigError listing every problem."""
    config_file = Path(config_file).resolve()
    if not config_file.is_file():
        raise ConfigError(
            f"{config_file}: no such file (run 'digest init' to create a project, "
            "or pass -f path/to/mkdocs.yml)"
        )
    mkdocs_config = load_mkdocs_config(config_file)
    errors: list[str] = []
    settings = _build(DigestSettings, _read_digest_section(config_file), "digest", errors)
    project = Project(
        config_file=config_file,
        root=config_file.parent,
        site_name=mkdocs_config["site_name"],
        site_url=mkdocs_config["site_url"],
        site_description=mkdocs_config["site_description"],
        docs_dir=Path(mkdocs_config["docs_dir"]),
        site_dir=Path(mkdocs_config["site_dir"]),
        use_directory_urls=mkdocs_config["use_directory_urls"],
        digest=settings,
    )
    errors.extend(_check_project(project))
    if errors:
        raise ConfigError([f"{config_file.name}: {message}" for message in errors])
    return project


def _check_project(project: Project) -> list[str]:
    """Checks that involve several keys (after each key is valid on its own)."""
    errors = []
    if project.digest.syndication.enabled and not project.site_url:
        errors.append(
            "site_url: required to write feed.xml, whose links must be absolute (set "
            "site_url, e.g. https://example.org/briefing/, or digest.syndication.enabled: false)"
        )
    # A similarity: above 1 nothing could ever merge, and every report would be its own
    # incident without a word said.
    threshold = project.digest.cluster.threshold
    if threshold > 1:
        errors.append(f"digest.cluster.threshold: expected a number from 0 to 1, got {threshold!r}")
    known_formats = ("rss", "atom", "json")
    for name in project.digest.syndication.formats:
        if name not in known_formats:
            errors.append(
                f"digest.syndication.formats: unknown feed format {name!r} "
                f"(known: {', '.join(known_formats)})"
            )
    for folder in project.article_dirs:
        if folder.resolve().is_relative_to(project.docs_dir.resolve()):
            errors.append(
                f"digest.articles: {folder.name!r} is inside docs_dir: MkDocs would publish "
                "the raw articles as pages; keep them beside content/, not in it"
            )
    archive = project.archive_dir.resolve()
    if project.digest.fetch.archive and not any(
        archive.is_relative_to(folder.resolve()) for folder in project.article_dirs
    ):
        errors.append(
            f"digest.fetch.archive: {project.digest.fetch.archive!r} is not inside any "
            "digest.articles folder: the fetched articles would never be built"
        )
    # A page of no incidents cannot be: 0 would quietly mean one incident a page.
    for key in ("home_limit", "listing_limit"):
        if getattr(project.digest, key) < 1:
            errors.append(f"digest.{key}: expected 1 or more, got {getattr(project.digest, key)!r}")
    fetch = project.digest.fetch
    for key in ("concurrency", "per_host", "max_bytes"):
        if getattr(fetch, key) < 1:
            errors.append(f"digest.fetch.{key}: expected 1 or more, got {getattr(fetch, key)!r}")
    for index, feed in enumerate(project.digest.feeds):
        if bool(feed.url) == bool(feed.path):
            errors.append(f"digest.feeds[{index}]: give either url or path (one of them)")
        elif feed.url and urllib.parse.urlsplit(feed.url).scheme not in ("http", "https"):
            errors.append(
                f"digest.feeds[{index}].url: expected an http or https URL, got {feed.url!r}"
            )
    return errors


def make_settings(**overrides: Any) -> DigestSettings:
    """Settings with defaults, for tests and callers: ``make_settings(home_limit=5)``.

    Nested sections take dicts: ``make_settings(cluster={"threshold": 0.5})``.
    """
    errors: list[str] = []
    settings = _build(DigestSettings, overrides, "digest", errors)
    if errors:
        raise ConfigError(errors)
    return settings


# -- the generic validator: one mechanism for every section and key ---------------------

_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


def _build(cls: type, raw: Any, prefix: str, errors: list[str]) -> Any:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        errors.append(f"{prefix}: expected a mapping of settings, got {_show(raw)}")
        return cls()
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        path = f"{prefix}.{key}"
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(names)})"
            errors.append(f"{path}: unknown setting{hint}")
            continue
        converted = _convert(value, hints[key], path, errors)
        if converted is not _INVALID:
            values[key] = converted
    return cls(**values)


_INVALID = object()


def _convert(value: Any, hint: Any, path: str, errors: list[str]) -> Any:
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, path, errors)  # type: ignore[arg-type]
    origin = typing.get_origin(hint)
    if origin is tuple and dataclasses.is_dataclass(typing.get_args(hint)[0]):
        return _convert_records(value, typing.get_args(hint)[0], path, errors)
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            errors.append(f"{path}: expected a string or a list of strings, got {_show(value)}")
            return _INVALID
        return tuple(items)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(hint):
            return None
        return _convert(value, typing.get_args(hint)[0], path, errors)
    # bool is a subclass of int: "limit: true" must not pass as 1.
    ok = isinstance(value, hint) and not (hint is not bool and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if not ok:
        hint_text = " (remove the quotes)" if _is_quoted_number(value, hint) else ""
        errors.append(f"{path}: expected {_TYPE_NAMES[hint]}, got {_show(value)}{hint_text}")
        return _INVALID
    if hint in (int, float) and value < 0:
        errors.append(f"{path}: expected a value of 0 or more, got {value!r}")
        return _INVALID
    return value


def _convert_records(value: Any, cls: type, path: str, errors: list[str]) -> Any:
    """A list of records, each a mapping or a bare string (a feed: its URL or path)."""
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        errors.append(f"{path}: expected a list, got {_show(value)}")
        return _INVALID
    records = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            item = {"url": item} if "://" in item else {"path": item}
        records.append(_build(cls, item, f"{path}[{index}]", errors))
    return tuple(records)


def _is_quoted_number(value: Any, hint: Any) -> bool:
    if not (isinstance(value, str) and hint in (int, float)):
        return False
    try:
        hint(value)
    except ValueError:
        return False
    return True


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
