"""Benchmark of the planner core: YAML → history → responses → LP build → HiGHS solve → Plan.

1. Demo scenarios (``scenarios/**/*.yaml``): in-process end-to-end time split by stage (load, history +
   responses, build, solve, assemble); ``api`` is ``load_scenario`` + ``planner.solve`` (which adds the
   feasibility and tranche-order checks). Target: under 50 ms each.
2. Scaling on a synthetic in-code scenario (channels × diminishing-returns tranches) at about 1k, 10k and 100k
   LP variables, measured against the limit of issue 13 ("a plan on separable concave curves is a
   water-filling problem, milliseconds for 200,000 segments; HiGHS on a well-posed LP of that size, well
   under a second"):
   a) with a budget, floors and share, ratio, limit, reach and max-CPA rules: ``planner.solve`` end to end
      (the scenario in memory → the explained Plan: re-validation, checks, responses, the PuLP model, its
      transfer into HiGHS, every solve the planner makes, reading back, the plan table, the explanation;
      no imports, no file reading) against the bare HiGHS solve of the same LP (the last model the planner
      handed to HiGHS, loaded with the planner's own ``HighsSession``, options and start; its ``run()`` alone timed).
   b) the same channels and tranches under the budget alone: end to end and bare solve as in a), and a numpy
      water-filling of the pieces (sort by conversions per unit, cumulative widths, cut at the budget; its
      input arrays in memory) as the floor of what any solver could do; its objective must equal the plan's
      (relative 1e-9).
   Targets at 100k variables: end to end under 1 s; the bare solve well under 1 s (taken as < 0.5 s); the
   planner adds no more than the solve again (end to end / bare solve ≤ 2).
3. The machine: CPU count, load, Python, PuLP and highspy versions; the 1-minute load beside each size.

Figures are medians of repeats after a warm-up, wall time with this process's CPU time beside it; no
time is asserted (the machine is shared and noisy). The water-filling check is: the exit status is 1 when a
budget-only plan's objective differs from it. Flags: ``--quick`` (1k and 10k only; 3 repeats of the demo
scenarios, 1 of each scaling figure), ``--profile`` (cProfile one ``planner.solve`` at the largest size),
``--no-gc`` (garbage collector off while timing).
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
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import highspy  # noqa: E402
import numpy as np  # noqa: E402
import pulp  # noqa: E402

import planner  # noqa: E402
from planner.curves.response import build_responses  # noqa: E402
from planner.insight.report import text_table as table  # noqa: E402
from planner.optimize import pipeline  # noqa: E402
from planner.optimize.assemble import assemble_plan  # noqa: E402
from planner.optimize.lp import LinearProgram, build_problem  # noqa: E402
from planner.optimize.pipeline import resolve_history  # noqa: E402
from planner.optimize.solver import HighsSession, run_highs  # noqa: E402

SCENARIO_TARGET_MS = 50.0
END_TO_END_TARGET = 1.0  # seconds, planner.solve at 100k variables
BARE_TARGET = 0.5  # seconds, "well under a second" for HiGHS on the bare LP
OVERHEAD_TARGET = 2.0  # end to end / bare solve: the planner adds no more than the solve again
OBJECTIVE_MATCH = 1e-9  # relative, the budget-only plan against water-filling
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


def synthetic_scenario(variables: int, tranches: int = TRANCHES, *, budget_only: bool = False) -> planner.Scenario:
    """Return an in-code scenario with about `variables` LP variables: channels with diminishing returns.

    `budget_only`: the same channels and tranches under the budget alone (no floors, no rules).
    """
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
        if i % 7 == 0 and not budget_only:
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
    name = f"synthetic {count}x{tranches}{' budget only' if budget_only else ''}"
    head = {"name": name, "budget": budget, "objective": "maximize conversions"}
    body = {"kpis": {"reach": "Reach"}, "channels": channels, "rules": [] if budget_only else rules}
    return planner.Scenario.model_validate({**head, **body})


def timed(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Return the median wall and CPU seconds of `repeats` runs (the caller has warmed up)."""
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def solve_recording(scenario: planner.Scenario) -> tuple[planner.Plan, list[LinearProgram]]:
    """Return `planner.solve(scenario)` and every LP it handed to HiGHS, in order (the last one is the plan's)."""
    with mock.patch.object(pipeline, "run_highs", wraps=run_highs) as spy:
        plan = planner.solve(scenario)
    return plan, [call.args[0] for call in spy.call_args_list]


def bare_run(lp: LinearProgram) -> tuple[float, float]:
    """Return the wall and CPU seconds of the solve alone on the LP, loaded with the planner's own options and start.

    `HighsSession.run()`, not HiGHS's bare `run()`: a budget-only LP is started at its water-filling plan (worked
    out inside the timing), and the interior point method is chosen where the planner chooses it.
    """
    session = HighsSession(lp)  # the planner's transfer and options (presolve, pricing, tolerances, threads)
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    session.run()
    seconds = time.perf_counter() - started, time.process_time() - cpu
    if session.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"bare HiGHS run ended {session.highs.getModelStatus()}")
    return seconds


def bare_solve(lp: LinearProgram, repeats: int) -> tuple[tuple[float, float], dict[str, Any]]:
    """Return the median wall and CPU seconds of the bare HiGHS solve (a fresh load each time) and the model's size."""
    runs = [bare_run(lp) for _ in range(repeats)]
    seconds = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
    session = HighsSession(lp)
    session.run()
    highs = session.highs
    shape = {"vars": highs.getNumCol(), "rows": highs.getNumRow(), "nonzeros": highs.getNumNz()}
    shape["iters"] = highs.getInfo().simplex_iteration_count
    return seconds, shape


Pieces = tuple[np.ndarray, np.ndarray, np.ndarray]  # widths, conversions per unit spend, channel index


def tranche_pieces(scenario: planner.Scenario) -> Pieces:
    """Return the pieces of the scenario's tranches: their widths, their conversions per unit and their channel."""
    widths: list[float] = []
    rates: list[float] = []
    owners: list[int] = []
    for index, channel in enumerate(scenario.channels):
        start = 0.0
        for tranche in channel.tranches:
            assert tranche.up_to is not None
            assert tranche.cost_per_conversion
            widths.append(tranche.up_to - start)
            rates.append(1.0 / tranche.cost_per_conversion)
            owners.append(index)
            start = tranche.up_to
    return np.array(widths), np.array(rates), np.array(owners)


def water_fill(pieces: Pieces, budget: float, channels: int) -> tuple[float, np.ndarray]:
    """Return the most conversions the budget buys on separable concave pieces, and each channel's spend.

    Sort the pieces by rate, fill them in that order until the budget runs out: the optimum of a budget-only
    plan on concave curves (the pieces of one channel come in order because their rates fall).
    """
    widths, rates, owners = pieces
    order = np.argsort(-rates)  # ties in rate give the same objective in either order
    filled = np.cumsum(widths[order])
    cut = int(np.searchsorted(filled, budget))  # the first piece the budget does not fill entirely
    spend = np.zeros(len(widths))
    spend[order[:cut]] = widths[order[:cut]]
    if cut < len(widths):
        spend[order[cut]] = budget - (filled[cut - 1] if cut else 0.0)
    return float(rates @ spend), np.bincount(owners, weights=spend, minlength=channels)


def water_fill_seconds(pieces: Pieces, budget: float, channels: int, repeats: int) -> float:
    """Return the median seconds of one water-filling (its input arrays in memory)."""
    water_fill(pieces, budget, channels)
    return timed(lambda: water_fill(pieces, budget, channels), max(repeats, 5))[0]


def random_pieces_fill_ms(count: int) -> float:
    """Return the median milliseconds of water-filling `count` random pieces (the issue's 200,000 segments)."""
    generator = np.random.default_rng(0)
    pieces = generator.uniform(1e3, 1e4, count), generator.uniform(0.01, 0.05, count), np.arange(count) // 10
    return water_fill_seconds(pieces, 0.4 * float(pieces[0].sum()), count // 10, 7) * 1e3


def load() -> str:
    """Return the 1-minute load average now (the machine is shared)."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


@dataclass
class Scaled:
    """One size's figures: with the rules (end to end, bare solve) and budget only (end to end, water-filling)."""

    size: int
    end_to_end: tuple[float, float]
    bare: tuple[float, float]
    shape: dict[str, Any]
    solves: int
    budget_end_to_end: tuple[float, float]
    budget_bare: tuple[float, float]
    budget_solves: int
    pieces: int
    fill: float
    difference: float  # |planner - water-filling| / water-filling, conversions
    load: str


def scale_run(size: int, repeats: int) -> Scaled:
    """Return the figures of one size: `planner.solve` end to end against the bare HiGHS solve and water-filling."""
    ruled = synthetic_scenario(size)
    _, handed = solve_recording(ruled)  # also the warm-up
    end_to_end = timed(lambda: planner.solve(ruled), repeats)
    bare, shape = bare_solve(handed[-1], repeats)
    budget_only = synthetic_scenario(size, budget_only=True)
    plan, budget_handed = solve_recording(budget_only)
    budget_end_to_end = timed(lambda: planner.solve(budget_only), repeats)
    budget_bare, _ = bare_solve(budget_handed[-1], repeats)
    assert budget_only.budget is not None
    amount, count = budget_only.budget.amount, len(budget_only.channels)
    pieces = tranche_pieces(budget_only)
    best, _ = water_fill(pieces, amount, count)
    fill = water_fill_seconds(pieces, amount, count, repeats)
    difference = abs(plan.objective_value - best) / best
    return Scaled(
        size, end_to_end, bare, shape, len(handed), budget_end_to_end, budget_bare, len(budget_handed),
        len(pieces[0]), fill, difference, load(),
    )  # fmt: skip


def bench_scaling(sizes: list[int], repeats: int) -> tuple[str, bool]:
    """Return the scaling report (end to end against the bare solve and water-filling) and whether every
    budget-only plan's objective equals the water-filling's."""
    results = [scale_run(size, repeats if size < 50_000 else max(3, repeats // 2)) for size in sizes]
    ruled = [
        [
            f"{r.size:,}", *(f"{r.shape[key]:,}" for key in ("vars", "rows", "nonzeros")), str(r.shape["iters"]),
            str(r.solves), *seconds(r.end_to_end, r.bare), r.load,
        ]
        for r in results
    ]  # fmt: skip
    headers = f"target vars|vars|rows|nonzeros|iters|solves|{COMPARED}|load"
    budget = [
        [
            f"{r.size:,}", f"{r.pieces:,}", str(r.budget_solves),
            *seconds(r.budget_end_to_end, r.budget_bare), f"{r.fill * 1e3:.2f}",
            f"{r.budget_end_to_end[0] / r.fill:,.0f}",
            f"{r.difference:.1e}", "ok" if r.difference <= OBJECTIVE_MATCH else "DIFFERS", r.load,
        ]
        for r in results
    ]  # fmt: skip
    budget_headers = f"target vars|pieces|solves|{COMPARED}|water-fill ms|end/fill"
    budget_headers += "|objective rel diff|= fill|load"
    last = results[-1]
    scope = "" if last.size >= 100_000 else f" (the targets are for 100,000; the largest run here is {last.size:,})"
    (e2e, e2e_cpu), (bare, bare_cpu) = last.end_to_end, last.bare
    ratio, cpu_ratio = e2e / bare, e2e_cpu / max(bare_cpu, 1e-9)
    verdicts = [
        f"at {last.size:,} variables{scope}:",
        f"  end to end {e2e:.3f} s (cpu {e2e_cpu:.3f} s) against < {END_TO_END_TARGET:.0f} s:"
        f" {verdict(e2e, e2e_cpu, END_TO_END_TARGET)}",
        f"  bare HiGHS solve {bare:.3f} s (cpu {bare_cpu:.3f} s) against well under a second (taken here as"
        f" < {BARE_TARGET} s): {verdict(bare, bare_cpu, BARE_TARGET)}",
        f"  end to end / bare solve {ratio:.1f} (cpu {cpu_ratio:.1f}) against <= {OVERHEAD_TARGET:.0f}:"
        f" {verdict(ratio, cpu_ratio, OVERHEAD_TARGET)}",
        f"  budget only: water-filling {last.fill * 1e3:.2f} ms (the floor; no target),"
        f" end to end {last.budget_end_to_end[0] / last.fill:,.0f}x that",
    ]
    report = "\n".join(
        [
            "a) with the rules (a floor on every 7th channel; share, ratio, limit, reach and max-CPA rules)",
            table(headers.split("|"), ruled),
            "",
            "b) budget only (the same channels and tranches, no floors, no rules): water-filling is the floor",
            table(budget_headers.split("|"), budget),
            "",
            *verdicts,
        ]
    )
    return report, all(r.difference <= OBJECTIVE_MATCH for r in results)


COMPARED = "end to end s|cpu s|bare HiGHS s|cpu s|end/bare|cpu end/bare"


def seconds(end_to_end: tuple[float, float], bare: tuple[float, float]) -> list[str]:
    """Return the cells comparing end to end with the bare solve: wall and CPU seconds of each, and their ratios."""
    cells = [f"{end_to_end[0]:.3f}", f"{end_to_end[1]:.3f}", f"{bare[0]:.3f}", f"{bare[1]:.3f}"]
    return [*cells, f"{end_to_end[0] / bare[0]:.1f}", f"{end_to_end[1] / max(bare[1], 1e-9):.1f}"]


def verdict(wall: float, cpu: float, target: float) -> str:
    """Return whether a figure meets its target: by wall time, by CPU time only (the machine was busy), or not."""
    return "meets" if wall <= target else "meets in CPU time only" if cpu <= target else "MISSES"


def profile_largest(size: int) -> str:
    """Return the functions with the most cumulative time in one `planner.solve` at `size` variables."""
    scenario = synthetic_scenario(size)
    planner.solve(scenario)
    profiler = cProfile.Profile()
    profiler.runcall(planner.solve, scenario)
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("cumulative")
    stats.print_stats(30)
    return buffer.getvalue()


def machine() -> str:
    """Return one line describing the machine and library versions."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    versions = f"python {platform.python_version()}, pulp {pulp.__version__}, highspy {metadata.version('highspy')}"
    return f"cpus {os.cpu_count()}, load avg {load}, {platform.machine()} {platform.system()}, {versions}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k and 10k variables, fewer repeats")
    parser.add_argument("--profile", action="store_true", help="also cProfile one run at the largest size")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic garbage collector while timing")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()
    scenario_repeats, scaling_repeats = (3, 1) if args.quick else (20, 7)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    started = time.perf_counter()
    print(f"Promo Planner core benchmark ({'quick' if args.quick else 'full'}, gc {'off' if args.no_gc else 'on'})")
    print(f"machine: {machine()}\n")
    print(f"1. demo scenarios, {scenario_repeats} repeats after a warm-up; target < {SCENARIO_TARGET_MS:.0f} ms each")
    print(bench_scenarios(scenario_repeats) + "\n")
    print(
        f"2. scaling, synthetic channels x {TRANCHES} tranches, median of {scaling_repeats} repeats (fewer at 100k);"
        f" targets at 100k variables: planner.solve end to end under {END_TO_END_TARGET:.0f} s, the bare HiGHS solve"
        f" well under a second, end to end no more than {OVERHEAD_TARGET:.0f}x the bare solve"
    )
    report, optimal = bench_scaling(sizes, scaling_repeats)
    print(report)
    print(f"  water-filling of 200,000 random pieces: {random_pieces_fill_ms(200_000):.1f} ms (issue 13: milliseconds)")
    print(f"\nload avg after the scaling part: {load()}")
    if args.profile:
        print(f"\ncProfile of one planner.solve at {sizes[-1]:,} variables, by cumulative time:")
        print(profile_largest(sizes[-1]))
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    if not optimal:
        print("a budget-only plan's objective differs from water-filling's (see 2b)", file=sys.stderr)
    return 0 if optimal else 1


if __name__ == "__main__":
    raise SystemExit(main())
