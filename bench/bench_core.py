"""Benchmark of the planner core: YAML → history → responses → LP build → HiGHS solve → Plan.

Prints, in one run, three tables:

1. Demo scenarios (every ``scenarios/**/*.yaml``): in-process end-to-end time per scenario, median of
   repeats after a warm-up, split by stage (load, history+responses, build, solve, assemble). The
   ``api`` column is ``load_scenario`` + ``planner.solve`` (which adds the feasibility checks and the
   tranche-order check). Target: under 50 ms each.
2. Scaling on a synthetic in-code scenario (N channels × K diminishing-returns tranches, a budget and
   share / ratio / limit / max-CPA rules) at about 1k, 10k and 100k LP variables:
   - build   = build_responses + build_problem + PuLP's transfer of the model into HiGHS,
   - solve   = the bare ``Highs.run()`` inside ``run_highs`` (``rerun`` re-times it on the same model
               after ``clearSolver()`` as a cross-check),
   - extract = the rest of ``run_highs`` (PuLP reading values and duals back, our Solution) + assemble_plan.
   The stages inside ``run_highs`` are timed by wrapping PuLP's HiGHS methods for the duration of the
   run, so build, solve and extraction come from the same call. Target: build + extract ≤ solve at 100k.
3. The machine: CPU count, load, Python, PuLP and highspy versions.

Times are medians of several repeats; no assertion is made on them (the machine is shared and noisy).
Run ``python bench/bench_core.py`` (full), ``--quick`` (smoke run, 1k and 10k only, 3 repeats) or
``--profile`` (also cProfile one pipeline at the largest size).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import importlib.metadata
import io
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pulp  # noqa: E402

import planner  # noqa: E402
from planner.lp import build_problem  # noqa: E402
from planner.optimize import resolve_history  # noqa: E402
from planner.plan import assemble_plan  # noqa: E402
from planner.response import build_responses  # noqa: E402
from planner.solver import run_highs  # noqa: E402

SCENARIO_TARGET_MS = 50.0
TRANCHES = 4  # segments per synthetic channel; each channel has 1 spend + TRANCHES segment variables
Times = dict[str, float]


def median_times(runs: list[Times]) -> Times:
    """Return the per-key median of several runs."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def repeat(run: Callable[[], Times], repeats: int, warmup: int = 1) -> Times:
    """Return the median stage times of `repeats` runs after `warmup` untimed ones."""
    for _ in range(warmup):
        run()
    runs = []
    for _ in range(repeats):
        gc.collect()
        runs.append(run())
    return median_times(runs)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Return a fixed-width text table, first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for cells in [headers, *rows]:
        parts = [
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        lines.append("  ".join(parts))
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- 1. demo scenarios -------------------------------------------------------------------------------


def scenario_run(path: Path) -> Times:
    """Run the pipeline once on a scenario file and return each stage's seconds."""
    t0 = time.perf_counter()
    scenario = planner.load_scenario(path)
    t1 = time.perf_counter()
    responses = build_responses(scenario, resolve_history(scenario, None))
    t2 = time.perf_counter()
    lp = build_problem(scenario, responses)
    t3 = time.perf_counter()
    solution = run_highs(lp)
    t4 = time.perf_counter()
    assemble_plan(scenario, responses, lp.rows, solution)
    t5 = time.perf_counter()
    planner.solve(planner.load_scenario(path))
    t6 = time.perf_counter()
    return {
        "load": t1 - t0,
        "responses": t2 - t1,
        "build": t3 - t2,
        "solve": t4 - t3,
        "assemble": t5 - t4,
        "total": t5 - t0,
        "api": t6 - t5,
    }


def bench_scenarios(repeats: int) -> str:
    """Return the table of per-stage medians for every demo scenario."""
    rows = []
    for path in sorted(ROOT.glob("scenarios/**/*.yaml")):
        t = {key: value * 1e3 for key, value in repeat(lambda p=path: scenario_run(p), repeats).items()}
        verdict = "ok" if max(t["total"], t["api"]) < SCENARIO_TARGET_MS else "OVER"
        stages = ["load", "responses", "build", "solve", "assemble", "total", "api"]
        rows.append([str(path.relative_to(ROOT)), *(f"{t[s]:.1f}" for s in stages), verdict])
    headers = ["scenario (ms, median)", "load", "hist+resp", "build", "solve", "assemble", "total", "api", "<50ms"]
    return table(headers, rows)


# --- 2. scaling --------------------------------------------------------------------------------------


def synthetic_scenario(variables: int, tranches: int = TRANCHES) -> planner.Scenario:
    """Return an in-code scenario with about `variables` LP variables: channels with diminishing returns."""
    rng = random.Random(0)
    count = max(10, round(variables / (tranches + 1)))
    channels: list[dict[str, Any]] = []
    total_cap = 0.0
    for i in range(count):
        width, cpa = rng.uniform(5e3, 5e4), rng.uniform(20.0, 80.0)
        channel: dict[str, Any] = {
            "id": f"c{i}",
            "groups": [f"g{i % 10}", "organic" if i % 3 == 0 else "paid"],
            "kpis": {"reach": round(rng.uniform(1.0, 5.0), 3)},
            "tranches": [
                {"up_to": round(width * (k + 1), 2), "cost_per_conversion": round(cpa * (1 + 0.35 * k), 4)}
                for k in range(tranches)
            ],
        }
        if i % 7 == 0:
            channel["min_spend"] = round(0.2 * width, 2)
        channels.append(channel)
        total_cap += round(width * tranches, 2)
    budget = round(0.4 * total_cap)
    rules = [
        {"kind": "share", "name": "g0 at least 12%", "group": "g0", "at_least": 0.12},
        {"kind": "ratio", "name": "g1 at most 0.8 x g2", "group": "g1", "per": {"group": "g2"}, "at_most": 0.8},
        {"kind": "limit", "name": "organic at most 25%", "group": "organic", "at_most": round(0.25 * budget)},
        {"kind": "limit", "name": "reach floor", "measure": "reach", "at_least": round(3.2 * budget)},
        {"kind": "max_cpa", "name": "paid CPA", "group": "paid", "value": 42.0},
    ]
    return planner.Scenario.model_validate(
        {
            "name": f"synthetic {count}x{tranches}",
            "budget": budget,
            "objective": "maximize conversions",
            "kpis": {"reach": "Reach"},
            "channels": channels,
            "rules": rules,
        }
    )


@contextlib.contextmanager
def clocked_highs(clock: Times) -> Iterator[None]:
    """Accumulate the seconds PuLP's HiGHS interface spends in each method into `clock` while active."""
    names = ["createAndConfigureSolver", "buildSolverModel", "callSolver", "findSolutionValues"]
    originals = {name: getattr(pulp.HiGHS, name) for name in names}

    def wrap(name: str, method: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        def timed(self: Any, lp: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(self, lp)
            finally:
                clock[name] = clock.get(name, 0.0) + time.perf_counter() - start

        return timed

    for name, method in originals.items():
        setattr(pulp.HiGHS, name, wrap(name, method))
    try:
        yield
    finally:
        for name, method in originals.items():
            setattr(pulp.HiGHS, name, method)


def scaling_run(scenario: planner.Scenario, shape: dict[str, Any]) -> Times:
    """Run build → solve → extract once on an in-code scenario and return the stage seconds."""
    clock: Times = {}
    t0 = time.perf_counter()
    responses = build_responses(scenario, None)
    lp = build_problem(scenario, responses)
    t1 = time.perf_counter()
    with clocked_highs(clock):
        solution = run_highs(lp)
    t2 = time.perf_counter()
    assemble_plan(scenario, responses, lp.rows, solution)
    t3 = time.perf_counter()
    highs = lp.problem.solverModel
    highs.clearSolver()
    t4 = time.perf_counter()
    highs.run()
    rerun = time.perf_counter() - t4
    transfer = clock["createAndConfigureSolver"] + clock["buildSolverModel"]
    solve = clock["callSolver"]
    shape.update(
        variables=highs.getNumCol(),
        rows=highs.getNumRow(),
        nonzeros=highs.getNumNz(),
        status=str(solution.status),
        iterations=highs.getInfo().simplex_iteration_count,
    )
    return {
        "model": t1 - t0,
        "transfer": transfer,
        "build": t1 - t0 + transfer,
        "solve": solve,
        "rerun": rerun,
        "extract": (t2 - t1 - transfer - solve) + (t3 - t2),
        "assemble": t3 - t2,
    }


def bench_scaling(sizes: list[int], repeats: int) -> str:
    """Return the scaling table: build, solve and extraction seconds at each size."""
    rows = []
    for size in sizes:
        scenario = synthetic_scenario(size)
        shape: dict[str, Any] = {}
        t = repeat(lambda s=scenario, sh=shape: scaling_run(s, sh), repeats if size < 50_000 else max(3, repeats // 2))
        ratio = (t["build"] + t["extract"]) / t["solve"] if t["solve"] > 0 else float("inf")
        rows.append(
            [
                f"{size:,}",
                f"{shape['variables']:,}",
                f"{shape['rows']:,}",
                f"{shape['nonzeros']:,}",
                shape["status"],
                str(shape["iterations"]),
                f"{t['model']:.3f}",
                f"{t['transfer']:.3f}",
                f"{t['build']:.3f}",
                f"{t['solve']:.3f}",
                f"{t['rerun']:.3f}",
                f"{t['extract']:.3f}",
                f"{t['assemble']:.3f}",
                f"{ratio:.2f}",
            ]
        )
    headers = [
        "target vars",
        "vars",
        "rows",
        "nonzeros",
        "status",
        "iters",
        "resp+lp s",
        "transfer s",
        "build s",
        "solve s",
        "rerun s",
        "extract s",
        "(assemble) s",
        "(build+extr)/solve",
    ]
    return table(headers, rows)


def profile_largest(size: int) -> str:
    """Return the top functions (by own time) of one build → solve → extract at `size` variables."""
    scenario = synthetic_scenario(size)
    profiler = cProfile.Profile()
    profiler.runcall(scaling_run, scenario, {})
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("tottime")
    stats.print_stats(25)
    return buffer.getvalue()


# --- 3. machine --------------------------------------------------------------------------------------


def machine() -> str:
    """Return one line describing the machine and library versions."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"cpus {os.cpu_count()}, load avg {load}, {platform.machine()} {platform.system()}, "
        f"python {platform.python_version()}, pulp {pulp.__version__}, "
        f"highspy {importlib.metadata.version('highspy')}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k and 10k variables, 3 repeats")
    parser.add_argument("--profile", action="store_true", help="also cProfile one run at the largest size")
    args = parser.parse_args(argv)
    scenario_repeats, scaling_repeats = (3, 3) if args.quick else (20, 7)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    started = time.perf_counter()
    print(f"Promo Planner core benchmark ({'quick' if args.quick else 'full'})")
    print(f"machine: {machine()}\n")
    print(f"1. demo scenarios, {scenario_repeats} repeats after a warm-up; target < {SCENARIO_TARGET_MS:.0f} ms each")
    print(bench_scenarios(scenario_repeats) + "\n")
    print(
        f"2. scaling, synthetic channels x {TRANCHES} tranches, median of {scaling_repeats} repeats "
        "(fewer at 100k); target (build + extract) / solve <= 1 at 100k variables"
    )
    print(bench_scaling(sizes, scaling_repeats))
    if args.profile:
        print(f"\ncProfile of one run at {sizes[-1]:,} variables (top 25 by own time):")
        print(profile_largest(sizes[-1]))
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
