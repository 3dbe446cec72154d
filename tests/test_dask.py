"""The per-article stages on a Dask cluster give what local worker processes give.

A local cluster of two worker processes, started by the test (dask.distributed's
LocalCluster, on 127.0.0.1): the demo built with ``--dask`` must write the same content/
and incidents.json, byte for byte, as the demo built the default way, and its articles
must have been normalised by the cluster's workers.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.errors import BuildError
from digest.executor import executor_for

distributed = pytest.importorskip("distributed", reason="Dask is an extra: pip install '.[dask]'")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_dask_cluster_builds_what_the_local_workers_build(
    demo_project: Path, tmp_path: Path, run: Callable[..., object]
) -> None:
    on_dask = tmp_path / "on-dask"
    shutil.copytree(demo_project, on_dask)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as tasks,
    ):
        result = run(
            "build",
            "-q",
            "--no-site",
            "--dask",
            cluster.scheduler_address,
            "-f",
            on_dask / "mkdocs.yml",
        )
        assert result.exit_code == 0, result.output
        known = set(client.scheduler_info()["workers"])
    # The articles went to the cluster, in more than one task.
    workers = {task["worker"] for task in tasks.data}
    assert len(tasks.data) >= 2 and workers and workers <= known, tasks.data
    assert run("build", "-q", "--no-site", "-f", demo_project / "mkdocs.yml").exit_code == 0
    assert _tree(on_dask / "content") == _tree(demo_project / "content")
    # incidents.json is part of the site: build both sites from the same content.
    for project in (demo_project, on_dask):
        assert run("build", "-q", "-f", project / "mkdocs.yml").exit_code == 0
    assert (on_dask / "site" / "incidents.json").read_bytes() == (
        demo_project / "site" / "incidents.json"
    ).read_bytes()


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with (
        pytest.raises(BuildError, match="cannot reach the Dask scheduler"),
        executor_for("tcp://127.0.0.1:9"),
    ):
        pass
