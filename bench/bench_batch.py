"""Benchmark of `planner.batch` (issue 13): 1,000 small store scenarios on one worker, two, and a Dask cluster.

The stores are the US demo's five channels with their costs, tranches and budget varied per store (a seeded
random draw), one rule each, written as YAML files into a temporary folder. Measured, each after a warm-up:

1. the bare loop a user would write: `load_scenario` + `planner.solve` per file, in this process;
2. `planner.batch(..., workers=1)`: the same cases through the batch (hashing, rows, tables), in this process
   (it solves without `planner.solve`'s explanation, which no column of the results shows);
3. `planner.batch(..., workers=1)` is in-process by design, so the pool is timed with one worker process too
   (`pool of 1`: the pool's start, sending cases and results across), and with two (`pool of 2`);
4. a local Dask cluster of two single-threaded worker processes (`LocalCluster`, started before timing: an
   existing cluster), given by its address;
5. a re-run into an output folder where every case is done (the resume check alone).

Targets (issue 13): pool of 2 at least 1.7× faster than one worker; the pool's per-scenario cost within 1.3×
of the same cases solved in process (pool of 1 against workers=1); Dask within 1.2× of the process pool. The
load average is printed with every row: on a shared two-core machine a second worker only helps when a core is
free.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import planner  # noqa: E402
from planner.batch import batch  # noqa: E402
from planner.batch.cases import batch_cases  # noqa: E402
from planner.batch.executors import default_workers, run_in_pool  # noqa: E402

CHANNELS = ("google_ads", "meta_ads", "amazon_sp", "affiliates", "tiktok_live")


def store_yaml(number: int, rng: random.Random) -> str:
    """Return one small store's scenario: five channels in three tranches of rising cost, a budget, one rule."""
    budget = rng.randint(40, 160) * 5_000
    lines = [
        f"name: store {number:04d}",
        f"store: Store {number:04d}",
        "currency: USD",
        f"budget: {budget}",
        "objective: maximize conversions",
        "channels:",
    ]
    for index, channel in enumerate(CHANNELS):
        cost = rng.uniform(18, 45)
        step = budget * rng.uniform(0.12, 0.3)
        lines += [f"  - id: {channel}", f"    groups: [{'search' if index < 3 else 'social'}]", "    tranches:"]
        for tranche in range(3):
            end = "" if tranche == 2 else f"up_to: {step * (tranche + 1):.0f}, "
            lines.append(f"      - {{{end}cost_per_conversion: {cost * (1 + 0.35 * tranche):.2f}}}")
    lines += [
        "rules:",
        "  - kind: share",
        "    name: social at least a fifth",
        "    group: social",
        f"    at_least: {rng.choice([0.1, 0.15, 0.2])}",
    ]
    return "\n".join(lines) + "\n"


def write_stores(folder: Path, count: int, seed: int = 13) -> list[Path]:
    """Write `count` store scenarios into the folder and return their paths."""
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"store_{number:04d}.yaml"
        path.write_text(store_yaml(number, rng), encoding="utf-8")
        paths.append(path)
    return paths


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def timed(work: Callable[[], object]) -> tuple[float, str]:
    """Return the wall time of one run and the load average just after it."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started, load()


def bare_loop(paths: list[Path]) -> None:
    for path in paths:
        planner.solve(planner.load_scenario(path))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000, help="store scenarios (default 1000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 40 stores, no Dask cluster")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask cluster")
    args = parser.parse_args(argv)
    count = 40 if args.quick else args.count
    print(f"Promo Planner batch benchmark: {count} store scenarios, {default_workers()} cores usable")
    print(f"load average at the start (1/5/15 min): {load()}\n")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "stores"
        folder.mkdir()
        paths = write_stores(folder, count)
        bare_loop(paths[:10])  # warm-up: imports, first solves
        rows: list[tuple[str, float, str]] = []
        rows.append(("bare loop: load_scenario + solve, in process", *timed(lambda: bare_loop(paths))))
        rows.append(("planner.batch, workers=1 (in process)", *timed(lambda: batch(folder, workers=1))))
        rows.append(("planner.batch, pool of 1 worker process", *timed(lambda: _pool(folder, 1))))
        rows.append(("planner.batch, pool of 2 worker processes", *timed(lambda: _pool(folder, 2))))
        if not (args.quick or args.no_dask):
            from distributed import LocalCluster

            with LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
            ) as cluster:
                address = str(cluster.scheduler_address)
                batch(paths[:20], scheduler=address)  # warm-up: the workers import the planner
                rows.append(("planner.batch, Dask LocalCluster 2×1", *timed(lambda: batch(folder, scheduler=address))))
        output = Path(temporary) / "out"
        batch(folder, workers=2, output=output)
        rows.append(("re-run into a folder where all are done", *timed(lambda: batch(folder, output=output))))
    _report(rows, count)
    return 0


def _pool(folder: Path, workers: int) -> None:
    # A pool even of one process: run_in_pool directly, as batch() keeps workers=1 in this process.
    for _ in run_in_pool(batch_cases(folder), "en", workers):
        pass


def _report(rows: list[tuple[str, float, str]], count: int) -> None:
    width = max(len(name) for name, _, _ in rows)
    print(f"{'run':<{width}}  {'seconds':>8}  {'ms/case':>8}  load after")
    for name, seconds, after in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {1000 * seconds / count:8.2f}  {after}")
    times = {name: seconds for name, seconds, _ in rows}
    bare = times["bare loop: load_scenario + solve, in process"]
    one = times["planner.batch, pool of 1 worker process"]
    two = times["planner.batch, pool of 2 worker processes"]
    in_process = times["planner.batch, workers=1 (in process)"]
    print()
    print(f"pool of 2 vs pool of 1:                 {one / two:5.2f}× faster  (target ≥ 1.7)")
    print(f"pool of 2 vs workers=1 (in process):    {in_process / two:5.2f}× faster")
    print(
        f"pool of 1 vs workers=1, per case:       {one / in_process:5.2f}×        (target ≤ 1.3: the pool's overhead)"
    )
    print(f"pool of 1 vs the bare loop, per case:   {one / bare:5.2f}×")
    print(f"workers=1 vs the bare loop, per case:   {in_process / bare:5.2f}×        (the batch skips the explanation)")
    if "planner.batch, Dask LocalCluster 2×1" in times:
        dask = times["planner.batch, Dask LocalCluster 2×1"]
        print(f"Dask 2×1 vs pool of 2:                  {dask / two:5.2f}×        (target ≤ 1.2)")


if __name__ == "__main__":
    sys.exit(main())
