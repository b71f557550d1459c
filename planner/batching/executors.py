"""Where a batch's chunks of cases run: in this process, a local process pool, or a Dask `distributed` cluster.

Every executor yields each chunk's outcomes as they finish; the batch sorts them by case, so the results are
the same whichever ran them.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import context as process_context
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from typing import Any

from planner.batching.cases import Case
from planner.batching.work import Outcome, lost_cases, solve_cases, solve_cases_apart
from planner.model.errors import PlannerError
from planner.model.i18n import Number, Text

DASK_PREFIX = "dask://"
CHUNKS_PER_WORKER = 4  # enough chunks to balance slow and fast cases, few enough to keep the overhead down
MAX_CHUNK = 16
# How long to keep trying a scheduler's address before saying it is not there: a scheduler that is up answers in
# milliseconds, even across a continent, and a user waiting on a typo should know at once.
CONNECT_SECONDS = 3.0


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
    """Return a start method whose workers begin with the planner imported and never run the main script."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        # The planner, imported once in the fork server: every worker starts with it.
        context = WorkerContext()
        context.set_forkserver_preload(["planner.batching.work"])
        return context
    # Windows has no fork server: its spawned workers re-import the main script, which needs the usual guard.
    return multiprocessing.get_context("spawn")


# The entries of multiprocessing's preparation data that make a new process run the parent's main module (as
# `__mp_main__`) before it unpickles its task: a script's top level, a `planner.batch(...)` call included.
MAIN_MODULE_ENTRIES = ("init_main_from_path", "init_main_from_name")


def worker_preparation_data(name: str) -> dict[str, Any]:
    """Return what a pool worker needs before its first task (sys.path, working folder, authkey, …), without the
    parent's main module: a worker runs only `planner.batching.work`, sent by reference, never the script's code."""
    data: dict[str, Any] = spawn.get_preparation_data(name)
    for entry in MAIN_MODULE_ENTRIES:
        data.pop(entry, None)
    return data


class WorkerPopen(popen_forkserver.Popen):
    """A process forked by the fork server as multiprocessing does it, but sent preparation data that leaves out
    the main module, so a script without `if __name__ == "__main__":` is not run again in every worker."""

    def _launch(self, process_obj: Any) -> None:
        # As popen_forkserver.Popen._launch of CPython 3.11, with worker_preparation_data (tests/test_batch.py checks
        # that a script without a guard runs once and its cases are solved by the pool).
        buffer = io.BytesIO()
        process_context.set_spawning_popen(self)
        try:
            reduction.dump(worker_preparation_data(process_obj._name), buffer)
            reduction.dump(process_obj, buffer)
        finally:
            process_context.set_spawning_popen(None)
        self.sentinel, write_end = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        # A duplicate of the data pipe's write end: the child's sentinel of its parent.
        parent_write_end = os.dup(write_end)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_write_end, self.sentinel))  # type: ignore[attr-defined]
        with open(write_end, "wb", closefd=True) as pipe:
            pipe.write(buffer.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class WorkerProcess(process_context.ForkServerProcess):
    """A fork-server process started by WorkerPopen."""

    @staticmethod
    def _Popen(process_obj: Any) -> WorkerPopen:  # noqa: N802 (multiprocessing's name)
        return WorkerPopen(process_obj)


class WorkerContext(process_context.ForkServerContext):
    """The fork-server start method, its processes started without the parent's main module."""

    Process = WorkerProcess


def run_on_dask(cases: Sequence[Case], language: str, scheduler: Any) -> Iterator[list[Outcome]]:
    """Yield the outcomes of chunks solved on a Dask cluster (a scheduler address, or a `distributed.Client`)."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = scheduler if isinstance(scheduler, Client) else _connect(Client, str(scheduler))
    try:
        workers = max(1, sum(client.nthreads().values()))
        # pure=False: each chunk is its own task even where two chunks look alike. Apart: out of the profiler's sight.
        chunks = chunked(cases, workers)
        futures = {client.submit(solve_cases_apart, chunk, language, pure=False): chunk for chunk in chunks}
        for future in dask_completed(list(futures)):  # type: ignore[no-untyped-call]
            chunk = futures.pop(future)  # not held: the worker frees the chunk's results once they are here
            try:
                outcomes = future.result()
            except Exception as error:  # a worker lost (Dask retries first), or the planner missing on it
                outcomes = lost_cases(chunk, error, language)
            future.release()
            yield outcomes
    finally:
        if client is not scheduler:
            client.close()


def _connect(client_type: Any, address: str) -> Any:
    """Return a Dask client of the scheduler at the address, or raise the user's error naming it (in the user's
    language, never Dask's words)."""
    address = address.removeprefix(DASK_PREFIX)
    if "://" not in address:
        address = f"tcp://{address}"
    fields = {"address": address, "tool": "Dask", "example": "tcp://10.0.0.5:8786"}
    try:
        return client_type(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):  # refused, timed out, no such host
        problem = Text("batch.no_scheduler", seconds=Number(CONNECT_SECONDS), command="dask-scheduler", **fields)
    except Exception:  # something else answers there: a web server's bytes read as Dask's protocol
        problem = Text("batch.not_a_scheduler", **fields)
    raise PlannerError(problem)
