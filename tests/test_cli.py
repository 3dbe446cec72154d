"""The command line: help, init, configuration errors and exit codes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.cli import cli
from digest.config import load_project, make_settings
from digest.errors import ConfigError

COMMANDS = sorted(cli.commands)


def test_every_command_is_there() -> None:
    assert {"build", "check", "eval-quotes", "init", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("option", ["-h", "--help"])
@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help(run: Callable[..., object], command: list[str], option: str) -> None:
    result = run(*command, option)
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    if command:
        assert "Example:" in result.output


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "digest", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "digest, version 0.1.0"


def test_init_creates_a_project_that_builds(tmp_path: Path, run: Callable[..., object]) -> None:
    result = run("init", tmp_path / "briefing", "--name", "Harbour: watch")
    assert result.exit_code == 0, result.output
    root = tmp_path / "briefing"
    assert (root / "mkdocs.yml").is_file()
    assert (root / "articles").is_dir()
    assert (root / "content" / "about.md").is_file()
    project = load_project(root / "mkdocs.yml")
    assert project.site_name == "Harbour: watch"
    # An empty project builds: a home page that says how to add articles, an empty feed.
    built = run("build", "-f", root / "mkdocs.yml")
    assert built.exit_code == 0, built.output
    assert "Read 0 articles (0 skipped), 0 incidents" in built.output
    assert "No incidents yet" in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite(tmp_path: Path, run: Callable[..., object]) -> None:
    assert run("init", tmp_path).exit_code == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    again = run("init", tmp_path)
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    threshold: 0.18 ",
            "    threshold: high ",
            "mkdocs.yml: digest.cluster.threshold: expected a number, got 'high'",
        ),
        (
            "    threshold: 0.18 ",
            "    threshold: 20 ",
            "mkdocs.yml: digest.cluster.threshold: expected a number from 0 to 1, got 20.0",
        ),
        (
            "    limit: 50 ",
            "    limit: '50' ",
            "mkdocs.yml: digest.syndication.limit: expected an integer, got '50' (remove the quotes)",
        ),
        (
            "  home_limit: 20 ",
            "  home_limt: 20 ",
            "mkdocs.yml: digest.home_limt: unknown setting (did you mean 'home_limit'?)",
        ),
        (
            "  listing_limit: 20 ",
            "  listing_limit: 0 ",
            "mkdocs.yml: digest.listing_limit: expected 1 or more, got 0",
        ),
        (
            "  home_limit: 20 ",
            "  home_limit: 0 ",
            "mkdocs.yml: digest.home_limit: expected 1 or more, got 0",
        ),
        (
            "  articles: articles ",
            "  articles: content/raw ",
            "mkdocs.yml: digest.articles: 'raw' is inside docs_dir",
        ),
        ("theme:\n  name: material", "theme:\n  name: no-such-theme", "mkdocs.yml: theme:"),
    ],
)
def test_config_errors_name_the_file_and_key(
    make_project: Callable[..., Path], run: Callable[..., object], old: str, new: str, message: str
) -> None:
    project = make_project(replace={old: new})
    result = run("build", "-f", project / "mkdocs.yml")
    assert result.exit_code == 2
    assert message in result.output
    assert not (project / "site").exists()
    assert not (project / "content" / "index.md").exists()


def test_missing_config_file_is_a_config_error(tmp_path: Path, run: Callable[..., object]) -> None:
    result = run("build", "-f", tmp_path / "nowhere.yml")
    assert result.exit_code == 2
    assert "nowhere.yml: no such file" in result.output


def test_settings_helper_validates_like_the_file() -> None:
    assert make_settings(home_limit=5, cluster={"threshold": 0.5}).cluster.threshold == 0.5
    with pytest.raises(
        ConfigError, match=r"digest.cluster.window_days: expected a number, got True"
    ):
        make_settings(cluster={"window_days": True})
