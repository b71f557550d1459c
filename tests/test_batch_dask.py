"""A batch on a real Dask cluster (a local one of two worker processes) gives what the process pool gives."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from planner.batching import BatchResult, batch, executors, work
from planner.batching.cases import Case
from planner.batching.work import Outcome
from planner.cli import main
from planner.model.errors import PlannerError
from tests.test_batch import BROKEN, make_store_folder, without_timings
from tests.test_i18n import english_words

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Return the scheduler address of a local cluster of two single-threaded worker processes (one per module)."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as local,
    ):
        yield str(local.scheduler_address)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store_folder(tmp_path_factory.mktemp("stores"))


@pytest.fixture(scope="module")
def pooled(stores: Path) -> BatchResult:
    return batch(stores, workers=2)


def test_a_dask_cluster_gives_what_the_process_pool_gives(cluster: str, stores: Path, pooled: BatchResult) -> None:
    on_dask = batch(stores, scheduler=cluster)
    assert (on_dask.solved, on_dask.skipped, on_dask.failed) == (4, 0, 1)
    pd.testing.assert_frame_equal(on_dask.results, pooled.results)
    pd.testing.assert_frame_equal(without_timings(on_dask.summary), without_timings(pooled.summary))
    assert on_dask.failures.iloc[0]["error"].startswith(f"{stores / BROKEN}:4: ")


def test_the_executor_can_be_named_as_a_dask_address_and_resumes_like_the_pool(
    cluster: str, stores: Path, pooled: BatchResult, tmp_path: Path
) -> None:
    address = "dask://" + cluster.removeprefix("tcp://")
    overrides = pd.DataFrame({"case": ["lean", "rich"], "budget": [700_000, 900_000]})
    first = batch(stores / "baseline.yaml", overrides, executor=address, output=tmp_path)
    in_process = batch(stores / "baseline.yaml", overrides, workers=1)
    pd.testing.assert_frame_equal(first.results, in_process.results)
    again = batch(stores / "baseline.yaml", overrides, executor=address, output=tmp_path)
    assert (again.solved, again.skipped) == (0, 2)


def test_a_scheduler_that_is_not_there_fails_in_seconds_in_the_users_language(
    stores: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    assert main(["batch", str(stores / "baseline.yaml"), "--scheduler", "127.0.0.1:9", "--lang", "zh"]) == 2
    seconds = time.perf_counter() - started
    assert seconds < 10  # a connect timeout of a few seconds (it was 20 s)
    err = capsys.readouterr().err
    assert err.startswith("错误：无法连接 tcp://127.0.0.1:9 上的 Dask 调度器（3 秒内无应答）")
    assert "dask-scheduler" in err
    assert not english_words(err, {"tcp://127.0.0.1:9", "Dask", "dask-scheduler", "tcp://10.0.0.5:8786"})
    assert len(err.splitlines()) == 1


def test_an_address_where_something_else_answers_is_named_as_not_a_scheduler(stores: Path) -> None:
    """A web server's reply read as Dask's protocol (a length of exabytes) must not surface as Dask's error."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]

    def answer() -> None:
        connection, _ = server.accept()
        with connection:
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            time.sleep(executors.CONNECT_SECONDS + 1)

    threading.Thread(target=answer, daemon=True).start()
    with server, pytest.raises(PlannerError) as raised:
        batch(stores / "baseline.yaml", scheduler=f"127.0.0.1:{port}")
    message = raised.value.problems[0].render("en")
    assert message.startswith(f"what answers at tcp://127.0.0.1:{port} is not a Dask scheduler; give the scheduler's")


def chunks_of_four(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a batch's chunks four cases long on a cluster of two single-threaded workers (one chunk per worker)."""
    monkeypatch.setattr(executors, "CHUNKS_PER_WORKER", 1)
    monkeypatch.setattr(executors, "MAX_CHUNK", 4)


# Eight what-ifs of one store; the fourth's budget is no amount: a bad case in the middle of the first chunk of four.
WHAT_IFS = pd.DataFrame(
    {
        "case": [f"what-if {number}" for number in range(1, 9)],
        "budget": ["600000", "650000", "700000", "lots", "750000", "800000", "850000", "900000"],
    }
)


def test_chunks_with_a_bad_case_in_the_middle_give_what_one_process_gives_and_progress_reaches_every_case(
    cluster: str, stores: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks_of_four(monkeypatch)
    seen: list[tuple[int, int]] = []
    on_dask = batch(stores / "baseline.yaml", WHAT_IFS, scheduler=cluster, progress=lambda *done: seen.append(done))
    in_process = batch(stores / "baseline.yaml", WHAT_IFS, workers=1)
    assert (on_dask.solved, on_dask.failed) == (7, 1)
    pd.testing.assert_frame_equal(on_dask.results, in_process.results)
    pd.testing.assert_frame_equal(without_timings(on_dask.summary), without_timings(in_process.summary))
    assert on_dask.failures["case"].tolist() == ["what-if 4"]
    # Progress as each chunk of four comes back, not once at the end.
    assert seen == [(0, 8), (4, 8), (8, 8)]


def test_a_run_on_dask_resumes_case_by_case_from_the_chunks_an_earlier_run_finished(
    cluster: str, stores: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chunks_of_four(monkeypatch)
    first = batch(stores / "baseline.yaml", WHAT_IFS.iloc[:5], scheduler=cluster, output=tmp_path)
    assert (first.solved, first.skipped, first.failed) == (4, 0, 1)
    seen: list[tuple[int, int]] = []
    again = batch(
        stores / "baseline.yaml", WHAT_IFS, scheduler=cluster, output=tmp_path, progress=lambda *done: seen.append(done)
    )
    assert (again.solved, again.skipped, again.failed) == (3, 4, 1)  # the failed case is tried again
    assert seen == [(4, 8), (6, 8), (8, 8)]  # the four left, in chunks of two (one a worker)
    in_process = batch(stores / "baseline.yaml", WHAT_IFS, workers=1)
    pd.testing.assert_frame_equal(again.results, in_process.results)


def test_the_workers_profiler_never_walks_the_planners_stack(cluster: str, stores: Path) -> None:
    """Dask's sampling profiler walks the stack of the thread running a task every 10 ms, holding the GIL: the
    cases are solved in a thread of their own, so it sees the task waiting and none of the planner's work."""
    client = distributed.Client(cluster)
    with client:
        budgets = pd.DataFrame({"budget": [600_000 + 10_000 * number for number in range(40)]})
        result = batch(stores / "baseline.yaml", budgets, scheduler=client)
        assert result.solved == 40
        seen = frames(client.profile())
    planner_work = {name for filename, name in seen if "/planner/" in filename and name != "solve_cases_apart"}
    assert not planner_work
    assert any(name == "solve_cases_apart" for _, name in seen)  # the task was sampled, waiting


def frames(profile: dict[str, Any]) -> set[tuple[str, str]]:
    """Return the (file, function) of every frame in a Dask profile."""
    description = profile.get("description")
    found = {(description["filename"], description["name"])} if isinstance(description, dict) else set()
    for child in profile.get("children", {}).values():
        found |= frames(child)
    return found


def solve_or_die(cases: list[Case], language: str) -> list[Outcome]:
    """Solve a chunk as the batch does, unless it holds the case named `die`: then end the worker's process."""
    if any(case.name == "die" for case in cases):
        os._exit(1)
    return work.solve_cases_apart(cases, language)


def test_a_worker_that_dies_mid_chunk_fails_that_chunks_cases_and_the_rest_are_solved(
    cluster: str, stores: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks_of_four(monkeypatch)
    monkeypatch.setattr(executors, "solve_cases_apart", solve_or_die)  # sent by reference: the workers import it
    what_ifs = WHAT_IFS.assign(case=[*WHAT_IFS["case"][:1], "die", *WHAT_IFS["case"][2:]])
    result = batch(stores / "baseline.yaml", what_ifs, scheduler=cluster)  # Dask tries the chunk on new workers first
    assert (result.solved, result.failed) == (4, 4)
    assert result.failures["case"].tolist() == ["what-if 1", "die", "what-if 3", "what-if 4"]
    assert (
        result.failures["error"].str.contains("the worker solving this case stopped (KilledWorker", regex=False).all()
    )
    in_process = batch(stores / "baseline.yaml", what_ifs.iloc[4:], workers=1)
    solved = result.results[result.results["case"].isin(in_process.results["case"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(solved, in_process.results)
