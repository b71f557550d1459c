"""Benchmark of channel economics (issue 12): a MILP of 20 channels over 13 weeks to a 0.1% gap.

The 20 channels: 4 live channels bought in whole sessions (a fee each, a commission on their sales, each
further session of a week selling 85–92% of the one before), 6 with a set-up fee, 6 worth running only at
¥300 a day or more (min_if_active per day), 2 affiliates paid a commission from their own pot, 2 plain; the
curved ones in 8 tranches of rising cost. A Double 11 week lifts the display group. Run twice:

1. as described: `planner.solve` end to end (validation, responses, LP build, the MILP to a 0.1% gap, its LP
   with the integers fixed for the duals, even pacing, Plan, explanation). Target: under 5 s.
2. the same with at most 14 channels on air in any week (a count over 13 × 20 on/off decisions).

Each figure is the median of repeats after a warm-up, with the machine's load average next to it, and the
gap each solve reached. ``--quick`` runs 6 weeks × 10 channels once (for the tests); ``--profile`` prints a
cProfile of one run of 1.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_calendar import machine, row, timed  # noqa: E402

import planner  # noqa: E402
from planner.model.scenario import Scenario  # noqa: E402

TARGET = 5.0  # seconds
TRANCHES = 8
GAP = "0.1%"


def economics_scenario(weeks: int, channels: int, most_on_air: int | None = None) -> Scenario:
    """Return a synthetic store whose channels are paid in every way issue 12 names, over `weeks` weeks."""
    budget = 60_000.0 * weeks
    per_channel = budget / channels
    rows: list[dict[str, Any]] = []
    kinds = ["live"] * 4 + ["fee"] * 6 + ["threshold"] * 6 + ["affiliate"] * 2 + ["plain"] * 2
    kinds = kinds[:channels] if channels >= len(kinds) else [kinds[i * len(kinds) // channels] for i in range(channels)]
    for i, kind in enumerate(kinds):
        entry: dict[str, Any] = {"id": f"c{i:02d}", "groups": ["display" if i % 3 == 0 else "search"]}
        if kind == "live":
            entry |= {
                "groups": ["live"],
                "revenue_per_conversion": 180.0,
                "sessions": {
                    "fee": 2_000.0 + 500 * i,
                    "commission": "10%",
                    "first": 30_000.0 - 2_000 * i,
                    "decay": 0.85 + 0.02 * i,
                    "max_per_week": 7,
                },
            }
        elif kind == "affiliate":
            entry |= {
                "revenue_per_conversion": 150.0,
                "commission": {"rate": f"{12 + i % 5}%", "service_fee": "1.5%", "max_revenue": 60_000.0 + 5_000 * i},
            }
        else:
            step = per_channel / TRANCHES * 1.2
            cost = 40.0 + 3 * i
            entry["revenue_per_conversion"] = 200.0
            # Every channel saturates (its last tranche ends): the budget needs most of them, so which to
            # switch on (a fee, a threshold) is a real choice.
            entry["tranches"] = [
                {"up_to": step * (k + 1), "cost_per_conversion": cost * 1.12**k} for k in range(TRANCHES)
            ]
            if kind == "fee":
                entry["setup_fee"] = 8_000.0 + 4_000 * (i % 4)
            elif kind == "threshold":
                entry["min_if_active"] = {"amount": 300.0, "per": "day"}
        rows.append(entry)
    rules = [{"kind": "max_channels", "name": "on air", "at_most": most_on_air}] if most_on_air else []
    event_week = "2026-11-09" if weeks >= 6 else "2026-10-05"
    return Scenario.model_validate(
        {
            "name": "economics bench",
            "currency": "CNY",
            "budget": {"amount": budget, "commission_budget": 0.15 * budget},
            "objective": "maximize revenue",
            "solver": {"time_limit": 60, "gap": GAP},
            "calendar": {
                "start": "2026-10-05",
                "weeks": weeks,
                "events": [
                    {
                        "name": "Double 11",
                        "periods": [event_week],
                        "multipliers": [{"group": "display", "efficiency": 1.8, "cost": 1.3}],
                    }
                ],
            },
            "channels": rows,
            "rules": rules,
        }
    )


def describe(plan: planner.Plan) -> str:
    """Return what a solve reached: its status, gap and the decisions it made."""
    allocation = plan.allocation
    running = int((allocation["spend"] > 0).sum())
    sessions = allocation["units"].sum(skipna=True)
    return f"{plan.status}, gap {plan.mip_gap:.4%}, {running} channels run, {sessions:.0f} sessions"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: 6 weeks × 10 channels, 1 repeat")
    parser.add_argument("--profile", action="store_true", help="also cProfile one end-to-end run of 1")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 5
    weeks, channels = (6, 10) if args.quick else (13, 20)
    started = time.perf_counter()
    print(
        f"Promo Planner economics benchmark ({'quick' if args.quick else 'full'}, median of {repeats} after a warm-up)"
    )
    print(f"machine: {machine()}\n")
    for number, most in ((1, None), (2, channels * 7 // 10)):
        scenario = economics_scenario(weeks, channels, most)
        plan = planner.solve(scenario)
        count = f", at most {most} on air a week" if most else ""
        print(f"{number}. {weeks} weeks × {channels} channels (sessions, set-up fees, thresholds{count}) to {GAP}")
        print(row("planner.solve end to end", timed(partial(planner.solve, scenario), repeats), TARGET))
        print(f"     {describe(plan)}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        planner.solve(economics_scenario(weeks, channels))
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(30)
        print("\ncProfile of one end-to-end run of 1, by cumulative time:\n" + buffer.getvalue())
    print(f"\nbenchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
