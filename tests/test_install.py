"""The wheel as a user installs it: a fresh venv made by `python -m venv`, with the pip that
Python ships (never upgraded: Python 3.11's is 23.2, which resolves extras differently from a
current pip), then `digest init` and `digest build` on a .html, a .md and a .txt article.

It installs the dependencies from the package index (pip's cache makes a rerun quicker), so
it is marked `install`: `make test` and CI run it; deselect it with `-m "not install"`.
"""

from __future__ import annotations

import ensurepip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import digest

REPOSITORY = Path(__file__).resolve().parents[1]
ARTICLES = {
    "valley-daily/halvik-flood-toll-14.html": "articles/valley-daily/halvik-flood-toll-14.html",
    "delta-current/halvik-floods-wire.md": "articles/delta-current/2026-01-13-halvik-floods-wire.md",
    "basin-wire/halvik-floods.txt": "articles/basin-wire/halvik-floods.txt",
    "basin-wire/halvik-floods.yml": "articles/basin-wire/halvik-floods.yml",
}

pytestmark = pytest.mark.install


def _run(*command: str | Path, cwd: Path, timeout: float = 900) -> str:
    # Nothing of this checkout may leak in: not its venv, not its source on sys.path.
    env = {
        key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_the_wheel_installs_with_pythons_own_pip_and_builds(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        dist,
        REPOSITORY,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("*.whl")
    assert wheel.name.startswith(f"{digest.DISTRIBUTION.replace('-', '_')}-{digest.__version__}-")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    pip_version = _run(venv / "bin" / "python", "-m", "pip", "--version", cwd=tmp_path)
    assert pip_version.split()[1] == ensurepip.version()  # the bundled pip, not upgraded
    # --no-compile: byte-compiling scipy and scikit-learn up front was most of the install's
    # time here, and is not what this test is about (imports compile what they use).
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-compile", wheel, cwd=tmp_path)

    digest_command = venv / "bin" / "digest"
    assert _run(digest_command, "--version", cwd=tmp_path).strip().endswith(digest.__version__)
    where = _run(
        venv / "bin" / "python", "-c", "import digest; print(digest.__file__)", cwd=tmp_path
    )
    assert Path(where.strip()).is_relative_to(venv)

    project = tmp_path / "briefing"
    _run(digest_command, "init", project, "--name", "Installed briefing", cwd=tmp_path)
    workflow = (project / ".github" / "workflows" / "weekly-digest.yml").read_text()
    assert f'DIGEST_PACKAGE: "{digest.DISTRIBUTION}=={digest.__version__}"' in workflow
    for target, source in ARTICLES.items():
        (project / "articles" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPOSITORY / source, project / "articles" / target)

    output = _run(digest_command, "build", "--strict", cwd=project)
    assert "Read 3 articles (0 skipped)" in output, output
    records = json.loads((project / "site" / "incidents.json").read_text())["incidents"]
    cited = {article["path"] for record in records for article in record["articles"]}
    assert {Path(path).suffix for path in cited} == {".html", ".md", ".txt"}, cited
    assert (project / "site" / "index.html").is_file()
    for record in records:
        page = urlsplit(record["url"]).path.lstrip("/")  # site_url is http://127.0.0.1:8000/
        assert (project / "site" / page / "index.html").is_file(), record
