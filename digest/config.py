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

    threshold: float = 0.2
    """Average similarity (0–1) two groups of articles need to be merged into one incident."""
    window_days: float = 4.0
    """Articles published more than this many days apart are never one incident."""


@dataclass(frozen=True, kw_only=True)
class SyndicationSettings:
    """The feeds the briefing publishes (RSS), for readers to subscribe to."""

    enabled: bool = True
    """Write ``feed.xml`` (needs ``site_url``)."""
    limit: int = 50
    """Most recent incidents in the feed."""


@dataclass(frozen=True, kw_only=True)
class DigestSettings:
    """The ``digest:`` section of mkdocs.yml."""

    articles: tuple[str, ...] = ("articles",)
    """Folders (relative to mkdocs.yml) holding article files: .txt, .md, .html."""
    templates: str = "templates"
    """Folder of the project's own templates; a template found here overrides the default."""
    home_limit: int = 20
    """Incidents listed on the home page; older ones are in the archive."""
    max_article_bytes: int = 2_000_000
    """Larger article files are skipped with a warning."""
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    syndication: SyndicationSettings = field(default_factory=SyndicationSettings)


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
            "site_url: required to write feed.xml, whose links must be absolute "
            "(set site_url, e.g. https://example.org/briefing/, or digest.syndication.enabled: false)"
        )
    for folder in project.article_dirs:
        if folder.resolve().is_relative_to(project.docs_dir.resolve()):
            errors.append(
                f"digest.articles: {folder.name!r} is inside docs_dir: MkDocs would publish "
                "the raw articles as pages; keep them beside content/, not in it"
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
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            errors.append(f"{path}: expected a string or a list of strings, got {_show(value)}")
            return _INVALID
        return tuple(items)
    if origin in (typing.Union, types.UnionType):
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
