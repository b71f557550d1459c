"""Where a batch's chunks of cases run: in this process, a local process pool, or a Dask `distributed` cluster.

Every executor yields each chunk's outcomes as they finish; the batch sorts them by case, so the results are
the same whichever ran them.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from planner.batching.cases import Case
from planner.batching.work import Outcome, lost_cases, solve_cases
from planner.model.errors import PlannerError
from planner.model.i18n import Text

DASK_PREFIX = "dask://"
CHUNKS_PER_WORKER = 4  # enough chunks to balance slow and fast cases, few enough to keep the overhead down
MAX_CHUNK = 16
CONNECT_SECONDS = 20.0  # how long to keep trying a scheduler's address before saying it is not there


def chunked(cases: Sequence[Case], workers: int) -> list[list[Case]]:
    """Return the cases in chunks: about CHUNKS_PER_WORKER per worker, at most MAX_CHUNK cases each."""
    size = max(1, min(MAX_CHUNK, -(-len(cases) // (workers * CHUNKS_PER_WORKER))))
    return [list(cases[start : start + size]) for start in range(0, len(cases), size)]


def default_workers() -> int:
    """Return how many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_in_process(cases: Sequence[Case], language: str) -> Iterator[list[Outcome]]:
    """Yield the outcome of each case, solved here, one at a time."""
    for case in cases:
        yield solve_cases([case], language)


def run_in_pool(cases: Sequence[Case], language: str, workers: int) -> Iterator[list[Outcome]]:
    """Yield the outcomes of chunks solved by a pool of `workers` processes, each of which imports the planner once."""
    context = _context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(solve_cases, chunk, language): chunk for chunk in chunked(cases, workers)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker that died takes its chunk with it, not the batch
                yield lost_cases(futures[future], error, language)


def _context() -> Any:
    """Return a start method whose workers begin with the planner imported: a fork server that preloads it."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The planner and what its first case would otherwise import (SciPy's fit, loaded on first use).
        context.set_forkserver_preload(["planner.batching.work", "scipy.optimize", "scipy.special"])
        return context
    return multiprocessing.get_context("spawn")  # Windows: each worker imports the planner when it starts


def run_on_dask(cases: Sequence[Case], language: str, scheduler: Any) -> Iterator[list[Outcome]]:
    """Yield the outcomes of chunks solved on a Dask cluster (a scheduler address, or a `distributed.Client`)."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = scheduler if isinstance(scheduler, Client) else _connect(Client, str(scheduler))
    try:
        workers = max(1, sum(client.nthreads().values()))
        # pure=False: each chunk is its own task even where two chunks look alike.
        futures = {client.submit(solve_cases, chunk, language, pure=False): chunk for chunk in chunked(cases, workers)}
        for future in dask_completed(list(futures)):  # type: ignore[no-untyped-call]
            try:
                yield future.result()
            except Exception as error:  # a worker lost (Dask retries first), or the planner missing on it
                yield lost_cases(futures[future], error, language)
    finally:
        if client is not scheduler:
            client.close()


def _connect(client_type: Any, address: str) -> Any:
    address = address.removeprefix(DASK_PREFIX)
    if "://" not in address:
        address = f"tcp://{address}"
    try:
        return client_type(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        reason = str(error) or type(error).__name__
        raise PlannerError(
            Text("batch.no_scheduler", address=address, reason=reason, tool="Dask", command="dask-scheduler")
        ) from None


GUARD = 'if __name__ == "__main__":'
_GUARDED = re.compile(r"""__name__\s*==\s*['"]__main__['"]""")


def unguarded_script() -> str:
    """Return the main script when it has no `if __name__ == "__main__":` guard (else ''): a pool's workers would
    run its top level again when they start, a batch call included."""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if not path or not os.path.isfile(path):
        return ""
    try:
        with open(path, encoding="utf-8", errors="replace") as script:
            return "" if _GUARDED.search(script.read()) else str(path)
    except OSError:
        return ""
