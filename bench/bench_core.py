"""Benchmark of the planner core: YAML → history → responses → LP build → HiGHS solve → Plan.

1. Demo scenarios (``scenarios/**/*.yaml``): in-process end-to-end time split by stage (load, history +
   responses, build, solve, assemble); ``api`` is ``load_scenario`` + ``planner.solve`` (which adds the
   feasibility and tranche-order checks). Target: under 50 ms each.
2. Scaling on a synthetic in-code scenario (channels × diminishing-returns tranches, a budget and share,
   ratio, limit and max-CPA rules) at about 1k, 10k and 100k LP variables. build = build_responses +
   build_problem + the batched transfer into HiGHS (``HighsSession``); solve = the bare ``Highs.run()``
   (``rerun``: the same model again after ``clearSolver()``); extract = values and duals read back +
   assemble_plan. All three come from the same run. Target: build + extract ≤ solve at 100k variables.
3. The machine: CPU count, load, Python, PuLP and highspy versions.

Figures are medians of repeats after a warm-up (ratios: median of per-run ratios); nothing is asserted,
the machine is shared and noisy. Flags: ``--quick`` (1k and 10k only, 3 repeats), ``--profile`` (cProfile
one run at the largest size), ``--no-gc`` (garbage collector off, to see its share of build and extract).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pulp  # noqa: E402

import planner  # noqa: E402
from planner.curves.response import build_responses  # noqa: E402
from planner.insight.report import text_table as table  # noqa: E402
from planner.optimize.assemble import assemble_plan  # noqa: E402
from planner.optimize.lp import build_problem  # noqa: E402
from planner.optimize.pipeline import resolve_history  # noqa: E402
from planner.optimize.solver import HighsSession, run_highs  # noqa: E402

SCENARIO_TARGET_MS = 50.0
TRANCHES = 4  # segments per synthetic channel; each channel has 1 spend + TRANCHES segment variables
Times = dict[str, float]


class Laps:
    """A stopwatch whose `lap(name)` records the seconds since the previous lap under `name`."""

    def __init__(self) -> None:
        self.times: Times = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        """Record the time since the last lap (or creation) under `name`."""
        now = time.perf_counter()
        self.times[name] = self.times.get(name, 0.0) + now - self.last
        self.last = now


def repeat(run: Callable[[], Times], repeats: int, warmup: int = 1) -> Times:
    """Return the per-stage medians of `repeats` runs after `warmup` untimed ones."""
    for _ in range(warmup):
        run()
    runs = []
    for _ in range(repeats):
        gc.collect()
        runs.append(run())
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def scenario_run(path: Path) -> Times:
    """Run the pipeline once on a scenario file and return each stage's seconds."""
    laps = Laps()
    scenario = planner.load_scenario(path)
    laps.lap("load")
    responses = build_responses(scenario, resolve_history(scenario, None))
    laps.lap("responses")
    lp = build_problem(scenario, responses)
    laps.lap("build")
    solution = run_highs(lp)
    laps.lap("solve")
    assemble_plan(scenario, responses, lp.rows, solution)
    laps.lap("assemble")
    laps.times["total"] = sum(laps.times.values())
    planner.solve(planner.load_scenario(path))
    laps.lap("api")
    return laps.times


def bench_scenarios(repeats: int) -> str:
    """Return the table of per-stage medians (ms) for every demo scenario."""
    stages = ["load", "responses", "build", "solve", "assemble", "total", "api"]
    rows = []
    for path in sorted(ROOT.glob("scenarios/**/*.yaml")):
        try:
            t = repeat(functools.partial(scenario_run, path), repeats)
        except planner.PlannerError as error:  # a scenario that does not solve is reported, not timed
            rows.append([str(path.relative_to(ROOT)), *(["-"] * len(stages)), type(error).__name__])
            continue
        verdict = "ok" if max(t["total"], t["api"]) * 1e3 < SCENARIO_TARGET_MS else "OVER"
        rows.append([str(path.relative_to(ROOT)), *(f"{t[s] * 1e3:.1f}" for s in stages), verdict])
    headers = ["scenario (ms, median)", "load", "hist+resp", "build", "solve", "assemble", "total", "api", "<50ms"]
    return table(headers, rows)


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
    head = {"name": f"synthetic {count}x{tranches}", "budget": budget, "objective": "maximize conversions"}
    return planner.Scenario.model_validate({**head, "kpis": {"reach": "Reach"}, "channels": channels, "rules": rules})


def scaling_run(scenario: planner.Scenario, shape: dict[str, Any]) -> Times:
    """Run build → solve → extract once on an in-code scenario and return the stage seconds."""
    laps = Laps()
    responses = build_responses(scenario, None)
    lp = build_problem(scenario, responses)
    laps.lap("model")
    session = HighsSession(lp)
    laps.lap("transfer")
    status = session.run()
    laps.lap("solve")
    solution = session.solution(status)
    assemble_plan(scenario, responses, lp.rows, solution)
    laps.lap("extract")
    highs = session.highs
    highs.clearSolver()
    laps.lap("clear")
    highs.run()
    laps.lap("rerun")
    t = laps.times
    t["build"] = t["model"] + t["transfer"]
    t["ratio"] = (t["build"] + t["extract"]) / t["solve"]
    shape.update(vars=highs.getNumCol(), rows=highs.getNumRow(), nonzeros=highs.getNumNz())
    shape.update(status=str(solution.status), iters=highs.getInfo().simplex_iteration_count)
    return t


def bench_scaling(sizes: list[int], repeats: int) -> str:
    """Return the scaling table: build, solve and extraction seconds at each size."""
    stages = ["model", "transfer", "build", "solve", "rerun", "extract", "ratio"]
    rows = []
    for size in sizes:
        shape: dict[str, Any] = {}
        run = functools.partial(scaling_run, synthetic_scenario(size), shape)
        t = repeat(run, repeats if size < 50_000 else max(3, repeats // 2))
        counts = [f"{shape[key]:,}" for key in ("vars", "rows", "nonzeros")] + [shape["status"], str(shape["iters"])]
        rows.append([f"{size:,}", *counts, *(f"{t[s]:.3f}" for s in stages[:-1]), f"{t['ratio']:.2f}"])
    headers = "target vars|vars|rows|nonzeros|status|iters|resp+lp s|transfer s|build s|solve s|rerun s|extract s"
    headers += "|(build+extr)/solve"
    verdict = "meets" if t["ratio"] <= 1 else "MISSES"
    scope = "" if sizes[-1] >= 100_000 else " (the target is for 100,000; not run here)"
    return table(headers.split("|"), rows) + f"\nat {sizes[-1]:,} variables: {verdict} build + extract <= solve{scope}"


def profile_largest(size: int) -> str:
    """Return the planner and PuLP functions with the most cumulative time in one run at `size` variables."""
    profiler = cProfile.Profile()
    profiler.runcall(scaling_run, synthetic_scenario(size), {})
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("cumulative")
    stats.print_stats(r"(lp|solver|plan|response|highs_api|pulp)\.py|highspy", 30)
    return buffer.getvalue()


def machine() -> str:
    """Return one line describing the machine and library versions."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    versions = f"python {platform.python_version()}, pulp {pulp.__version__}, highspy {metadata.version('highspy')}"
    return f"cpus {os.cpu_count()}, load avg {load}, {platform.machine()} {platform.system()}, {versions}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k and 10k variables, 3 repeats")
    parser.add_argument("--profile", action="store_true", help="also cProfile one run at the largest size")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic garbage collector while timing")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    scenario_repeats, scaling_repeats = (3, 3) if args.quick else (20, 7)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    started = time.perf_counter()
    print(f"Promo Planner core benchmark ({'quick' if args.quick else 'full'}, gc {'off' if args.no_gc else 'on'})")
    print(f"machine: {machine()}\n")
    print(f"1. demo scenarios, {scenario_repeats} repeats after a warm-up; target < {SCENARIO_TARGET_MS:.0f} ms each")
    print(bench_scenarios(scenario_repeats) + "\n")
    print(
        f"2. scaling, synthetic channels x {TRANCHES} tranches, median of {scaling_repeats} repeats "
        "(fewer at 100k); target (build + extract) / solve <= 1 at 100k variables"
    )
    print(bench_scaling(sizes, scaling_repeats))
    if args.profile:
        print(f"\ncProfile of one run at {sizes[-1]:,} variables (planner and PuLP functions, by cumulative time):")
        print(profile_largest(sizes[-1]))
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
