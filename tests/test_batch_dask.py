"""A batch on a real Dask cluster (a local one of two worker processes) gives what the process pool gives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from planner.batching import BatchResult, batch, executors
from planner.model.errors import PlannerError
from tests.test_batch import BROKEN, make_store_folder, without_timings

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


def test_a_scheduler_that_is_not_there_is_a_user_error(stores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executors, "CONNECT_SECONDS", 1.0)
    with pytest.raises(PlannerError, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")):
        batch(stores / "baseline.yaml", scheduler="127.0.0.1:9")
