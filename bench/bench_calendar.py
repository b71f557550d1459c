"""Benchmark of calendar plans (issue 11): a paced year of weeks, a year of days, and the warm budget re-solve.

1. 52 weeks × 20 channels × 8 tranches with pacing (every week at most 3% of the budget, smoothing of a
   group's weekly spend within 30% or ¥2,000, two live channels on air in 40 weeks, a daily cap on a
   group in the Double 11 week) and carry-over on half the channels: `planner.solve` end to end (scenario
   validation, responses, LP build, solve, even pacing, Plan, explanation). Target: under 1 s.
2. 365 days × 20 channels × 8 tranches, carry-over on all, a cap on every day: end to end. Target: under 3 s.
3. The 52-week model of 1 loaded once (`planner.optimize.pipeline.prepare`) and re-solved warm for a new
   budget (`.solve(budget=...)`), against the cold `optimize(scenario, budget=...)` (the same Plan,
   unexplained). Target: warm under 200 ms.

Each figure is the median of repeats after a warm-up, with the machine's load average next to it (the
machine is shared: compare ratios within one run). ``--quick`` runs smaller calendars once (for the
tests); ``--profile`` prints a cProfile of one run of 1.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import planner  # noqa: E402
from planner.model.scenario import Scenario  # noqa: E402
from planner.optimize.pipeline import optimize, prepare  # noqa: E402

TARGETS = {"weeks": 1.0, "days": 3.0, "warm": 0.2}  # seconds
TRANCHES = 8
START = "2026-01-05"


def calendar_scenario(periods: int, channels: int, *, daily: bool) -> Scenario:
    """Return a synthetic store's calendar: channels × TRANCHES tranches of rising cost, paced and carried over."""
    budget = 2_000_000.0
    rows = []
    for i in range(channels):
        # Cheap tranches that grow dearer: channel i starts at ¥8 + i/2 a conversion, +15% a tranche.
        step = budget / channels / (TRANCHES - 1) * 0.6
        tranches = [
            {"up_to": step * (k + 1), "cost_per_conversion": (8 + i / 2) * 1.15**k} for k in range(TRANCHES - 1)
        ]
        tranches.append({"cost_per_conversion": (8 + i / 2) * 1.15 ** (TRANCHES - 1)})
        group = "live" if i < 2 else "feed" if i < 8 else "search"
        row: dict[str, Any] = {"id": f"c{i:02d}", "groups": [group], "tranches": tranches}
        if daily or i % 2 == 0:
            row["carryover"] = 0.3 + 0.02 * (i % 10)
        rows.append(row)
    calendar: dict[str, Any] = {"start": START}
    if daily:
        calendar |= {"days": periods, "budgets": [{"at_most": round(3 * budget / periods)}]}
    else:
        event_week = "2026-11-09" if periods >= 45 else START
        calendar |= {
            "weeks": periods,
            "budgets": [
                {"at_most": "3%"},
                {"group": "live", "periods": [event_week], "at_most": 3_000, "per_day": True, "name": "live 11.11"},
            ],
            "events": [
                {"name": "Double 11", "periods": [event_week], "multipliers": [{"group": "feed", "efficiency": 1.6}]}
            ],
            "smoothing": [{"group": "search", "max_change": "30%", "or_by": 2_000}],
            "on_air": [{"group": "live", "periods": min(40, periods - 1), "min_spend": 1_000}],
        }
    return Scenario.model_validate(
        {"name": "calendar bench", "currency": "CNY", "budget": budget, "channels": rows, "calendar": calendar}
    )


def timed(run: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Return the median wall and CPU seconds of `repeats` runs after one untimed warm-up.

    On a shared machine the CPU time (this process's) tracks the work; the wall time adds the waiting.
    """
    run()
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def load() -> str:
    """Return the 1-minute load average now (the machine is shared)."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


def row(name: str, seconds: tuple[float, float], target: float, detail: str = "") -> str:
    """Return one line of the report: wall and CPU time, the target (met by the wall time?) and the load."""
    wall, cpu = seconds
    verdict = "ok" if wall <= target else "cpu ok" if cpu <= target else "MISSES"
    return (
        f"  {name:40s} wall {wall * 1000:8.1f} ms  cpu {cpu * 1000:8.1f} ms  target < {target * 1000:5.0f} ms "
        f"{verdict:6s} load {load()}  {detail}"
    )


def shape(scenario: Scenario) -> str:
    """Return the LP's size: periods × channels, and whether on-air rules make it a MILP."""
    assert scenario.calendar is not None
    periods = len(scenario.calendar.resolved_periods())
    return f"{periods} periods × {len(scenario.channels)} channels × {TRANCHES} tranches"


def machine() -> str:
    """Return one line describing the machine and library versions."""
    averages = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    versions = f"python {platform.python_version()}, highspy {metadata.version('highspy')}"
    return f"cpus {os.cpu_count()}, load avg {averages}, {platform.machine()} {platform.system()}, {versions}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 13 weeks, 60 days, 1 repeat")
    parser.add_argument("--profile", action="store_true", help="also cProfile one end-to-end run of the weeks")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 5
    weeks, days, channels = (13, 60, 10) if args.quick else (52, 365, 20)
    started = time.perf_counter()
    print(
        f"Promo Planner calendar benchmark ({'quick' if args.quick else 'full'}, median of {repeats} after a warm-up)"
    )
    print(f"machine: {machine()}\n")

    paced = calendar_scenario(weeks, channels, daily=False)
    plan = planner.solve(paced)
    print(f"1. {shape(paced)}, pacing and carry-over ({'MILP' if plan.is_mip else 'LP'})")
    print(row("planner.solve end to end", timed(lambda: planner.solve(paced), repeats), TARGETS["weeks"]))

    daily = calendar_scenario(days, channels, daily=True)
    print(f"\n2. {shape(daily)}, carry-over on all, a cap on every day")
    print(row("planner.solve end to end", timed(lambda: planner.solve(daily), repeats), TARGETS["days"]))

    print(f"\n3. budget change on the loaded model of 1 ({shape(paced)})")
    prepare_seconds = timed(lambda: prepare(paced), repeats)
    prepared = prepare(paced)
    budgets = [1_800_000.0, 2_200_000.0, 1_900_000.0, 2_100_000.0]
    turn = iter(budgets * (repeats + 2))
    warm = timed(lambda: prepared.solve(next(turn)), repeats)
    cold = timed(lambda: optimize(paced, budget=next(turn)), repeats)
    print(row("prepare (build, load, first solve)", prepare_seconds, TARGETS["weeks"]))
    print(row("warm re-solve: prepared.solve(budget)", warm, TARGETS["warm"], f"({prepared.warm} warm)"))
    ratio = f"warm is {cold[0] / warm[0]:.1f}× faster (cpu {cold[1] / warm[1]:.1f}×)"
    print(row("cold: optimize(scenario, budget)", cold, TARGETS["weeks"], ratio))

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        planner.solve(paced)
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(35)
        print("\ncProfile of one end-to-end run of 1, by cumulative time:\n" + buffer.getvalue())
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
