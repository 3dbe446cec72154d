"""Where the per-article stages run: worker processes on this machine, or a Dask cluster.

Reading and normalising an article needs that article alone, so the work can go wherever
there are cores. By default :func:`digest.cache.normalise_many` starts local worker
processes; with ``digest build --dask tcp://scheduler:8786`` (or ``digest: dask:`` in
mkdocs.yml) the articles are sent to a Dask cluster instead, whose workers must have the
same version of digest installed (``pip install 'digest-briefing[dask]'``). Either way
the results come back in the articles' order, so the output is the same byte for byte.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from digest.errors import BuildError

CONNECT_SECONDS = 30


@contextlib.contextmanager
def executor_for(address: str | None) -> Iterator[Executor | None]:
    """An executor on the Dask scheduler at ``address``; None (the local default) without."""
    if not address:
        yield None
        return
    try:
        from distributed import Client
    except ImportError as error:
        raise BuildError(
            f"digest.dask is {address!r} but Dask is not installed: "
            "pip install 'digest-briefing[dask]'"
        ) from error
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        yield client.get_executor()
