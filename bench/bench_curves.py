"""Benchmark of fitted response curves: the budget frontier, curve fitting, and the LP against SLSQP.

1. Frontier vs repeated solves, per demo scenario (``scenarios/**/*.yaml``): ``frontier(scenario, points=50)``
   against one ``planner.solve(scenario)``, both reading the history, then both given a pre-loaded History
   (``history=``) to isolate the optimisation. Fits are cached (``planner.curves.response.fit_cached``) after the
   warm-up, so neither side includes curve fitting. Target: frontier < 5 × one solve.
2. Curve fitting: ``planner.curves.fitting.fit_response_curve`` (not the cache) over 20 synthetic channels × 104 weeks
   (``tests.synthetic.make_store``). Target: under 1 s for all 20.
3. The planner against the approach of PyMC-Marketing and Robyn: ``scipy.optimize.minimize(method="SLSQP")`` from
   an equal split (clipped to the caps), with the analytic gradient, ftol 1e-9, maxiter 500, maximising
   Σ W·f_i(x_i/W) subject to Σ x_i <= budget and 0 <= x_i <= cap_i on the planner's own fitted curves and caps.
   Both allocations are scored on the smooth curves. SLSQP works in budget shares with the objective divided by
   its value at the start, so ftol is relative. Targets: the planner never worse than SLSQP by more than the
   largest piecewise-linear approximation error, and at least 10 × faster.
4. The machine.

Figures are medians of repeats after a warm-up; nothing is asserted. ``--quick`` is a smoke run (< 20 s),
``--profile`` adds a cProfile of the slowest frontier.
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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # type: ignore[import-untyped]  # noqa: E402

import planner  # noqa: E402
from planner.curves.fitting import ResponseCurve, fit_response_curve  # noqa: E402
from planner.curves.response import build_responses  # noqa: E402
from planner.insight.report import text_table as table  # noqa: E402
from planner.optimize.frontier import frontier  # noqa: E402
from planner.optimize.lp import build_problem  # noqa: E402
from planner.optimize.pipeline import resolve_history  # noqa: E402
from planner.optimize.solver import run_highs  # noqa: E402
from tests.synthetic import make_store  # noqa: E402

T = TypeVar("T")
POINTS = 50
FRONTIER_TARGET = 5.0
FIT_TARGET_S = 1.0
SPEEDUP_TARGET = 10.0
SEEDS = 5  # synthetic stores per size for SLSQP's failure count and the worst objective gap


def median_time(run: Callable[[], T], repeats: int, warmup: int = 1) -> tuple[float, T]:
    """Return the median seconds of `repeats` calls after `warmup` untimed ones, and the last call's result."""
    result = run()
    for _ in range(warmup - 1):
        result = run()
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_frontier(repeats: int) -> tuple[str, Path | None]:
    """Return the frontier-vs-solve table and the scenario whose frontier costs most solves."""
    rows, worst, worst_ratio = [], None, 0.0
    for path in sorted(ROOT.glob("scenarios/**/*.yaml")):
        scenario = planner.load_scenario(path)
        history = resolve_history(scenario, None)
        plan = planner.solve(scenario)
        cells = [str(path.relative_to(ROOT / "scenarios")), "MILP" if plan.is_mip else "LP"]
        for given in (None, history):
            solve, _ = median_time(functools.partial(planner.solve, scenario, history=given), repeats)
            front, result = median_time(functools.partial(frontier, scenario, points=POINTS, history=given), repeats)
            ratio = front / solve
            cells += [f"{solve * 1e3:.1f}", f"{front * 1e3:.1f}", f"{ratio:.1f}", f"{ratio / POINTS:.2f}"]
            cells.append("ok" if ratio < FRONTIER_TARGET else "OVER")
            if given is not None and ratio > worst_ratio:
                worst, worst_ratio = path, ratio
        rows.append([*cells, f"{int(result.table['feasible'].sum())}/{POINTS}"])
    variant = ["solve", "frontier", "F/S", f"F/({POINTS}S)", "<5×"]
    headers = ["scenario (ms)", "model", *variant, *(f"{h}'" for h in variant), "feasible"]
    return table(headers, rows), worst


def bench_fit(repeats: int) -> str:
    """Return the time to fit 20 synthetic channels × 104 weeks with fit_response_curve."""
    frame, _ = make_store(channels=20, weeks=104, seed=0)
    series = [
        (group["spend"].to_numpy(dtype=float), group["conversions"].to_numpy(dtype=float))
        for _, group in frame.sort_values("date").groupby("channel", sort=False)
    ]
    fits = [fit_response_curve(spend, conversions) for spend, conversions in series]
    total, _ = median_time(lambda: [fit_response_curve(s, c) for s, c in series], repeats)
    forms = {form: sum(f.curve.form == form for f in fits) for form in sorted({f.curve.form for f in fits})}
    verdict = "meets" if total < FIT_TARGET_S else "MISSES"
    chosen = ", ".join(f"{n} {form}" for form, n in forms.items())
    return (
        f"{len(series)} channels × 104 weeks: {total * 1e3:.1f} ms total, {total / len(series) * 1e3:.2f} ms per "
        f"channel (median of {repeats}; forms chosen: {chosen}); {verdict} the < {FIT_TARGET_S:.0f} s target"
    )


def store_scenario(channels: int, seed: int, folder: Path) -> planner.Scenario:
    """Return an in-code scenario over a synthetic store's history (written as CSV): budget = historical spend."""
    frame, _ = make_store(channels=channels, weeks=104, seed=seed)
    path = folder / f"store_{channels}_{seed}.csv"
    frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    names = list(dict.fromkeys(frame["channel"]))
    spec: dict[str, Any] = {
        "name": f"synthetic store {channels}/{seed}",
        "history": {"path": str(path)},
        "budget": round(float(frame["spend"].sum())),
        "objective": "maximize conversions",
        "channels": [{"id": name} for name in names],
    }
    return planner.Scenario.model_validate(spec)


def slsqp(curves: list[ResponseCurve], caps: Any, weeks: float, budget: float) -> Any:
    """Return SLSQP's result for max Σ W·f_i(x_i/W), Σ x <= budget, 0 <= x <= cap, in budget shares."""
    n = len(curves)
    start = np.minimum(np.full(n, 1.0 / n), caps / budget)

    def total(share: Any) -> float:
        return float(sum(weeks * c.value(budget * s / weeks) for c, s in zip(curves, share, strict=True)))

    scale = total(start) or 1.0

    def negative(share: Any) -> tuple[float, Any]:
        weekly = np.maximum(budget * share / weeks, 1e-9)  # the slope is infinite at zero spend for b, h < 1
        slope = np.array([c.marginal(float(w)) for c, w in zip(curves, weekly, strict=True)])
        return -total(share) / scale, -budget * slope / scale

    room = {"type": "ineq", "fun": lambda s: 1.0 - float(s.sum()), "jac": lambda s: -np.ones_like(s)}
    bounds = [(0.0, float(cap / budget)) for cap in caps]
    options = {"ftol": 1e-9, "maxiter": 500}
    return minimize(negative, start, jac=True, method="SLSQP", bounds=bounds, constraints=[room], options=options)


def compare(channels: int, seed: int, folder: Path, repeats: int) -> dict[str, float]:
    """Solve one synthetic store with the planner and with SLSQP and return objectives, times and flags."""
    scenario = store_scenario(channels, seed, folder)
    plan = planner.solve(scenario)
    history = resolve_history(scenario, None)
    responses = build_responses(scenario, history)
    weeks = float(responses.period_weeks or 1.0)
    reports = [c.curve for c in responses.channels if c.curve is not None]
    assert len(reports) == channels, "every channel should have a fitted curve"
    curves = [r.curve for r in reports]
    caps = np.array([c.upper.value for c in responses.channels])
    budget = float(scenario.budget.amount if scenario.budget else caps.sum())

    def smooth(spend: Any) -> float:
        return float(sum(weeks * c.value(float(x) / weeks) for c, x in zip(curves, spend, strict=True)))

    result = slsqp(curves, caps, weeks, budget)
    out = {
        "lp": plan.objective_value,
        "planner": smooth(plan.allocation["spend"].to_numpy()),
        "slsqp": smooth(budget * np.clip(result.x, 0.0, None)),
        "error": max(r.approximation_error for r in reports),
        "failed": float(not result.success),
        "nit": float(result.nit),
        "non_concave": float(sum(not c.is_concave() for c in curves)),
        "mip": float(plan.is_mip),
    }
    if repeats:
        out["t_planner"] = median_time(lambda: planner.solve(scenario), repeats)[0]
        out["t_hist"] = median_time(lambda: planner.solve(scenario, history=history), repeats)[0]
        out["t_lp"] = median_time(lambda: run_highs(build_problem(scenario, responses)), repeats)[0]
        out["t_slsqp"] = median_time(lambda: slsqp(curves, caps, weeks, budget), repeats)[0]
    return out


def bench_slsqp(sizes: list[int], seeds: int, repeats: int) -> str:
    """Return the planner-vs-SLSQP tables: objectives on the smooth curves, then times; and the verdicts."""
    quality, speed, verdicts = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            runs = [compare(n, seed, Path(tmp), repeats if seed == 0 else 0) for seed in range(seeds)]
            r = runs[0]
            gaps = [(x["slsqp"] - x["planner"]) / x["slsqp"] for x in runs]
            not_worse = all(g <= x["error"] for g, x in zip(gaps, runs, strict=True))
            fails = int(sum(x["failed"] for x in runs))
            objectives = [f"{r[key]:,.1f}" for key in ("lp", "planner", "slsqp")]
            over_seeds = [f"{max(gaps):+.2e}", f"{max(x['error'] for x in runs):.2e}", f"{fails}/{seeds}"]
            counts = [str(int(sum(x[key] for x in runs))) for key in ("non_concave", "mip")]
            quality.append(
                [f"{n}", *objectives, f"{gaps[0]:+.2e}", f"{r['error']:.2e}", *over_seeds, str(int(r["nit"]))]
            )
            quality[-1] += counts
            times = [r[key] * 1e3 for key in ("t_planner", "t_hist", "t_lp", "t_slsqp")]
            speed.append([f"{n}", *(f"{t:.1f}" for t in times), *(f"{times[3] / t:.2f}" for t in times[:3])])
            speedup = r["t_slsqp"] / r["t_planner"]
            verdicts.append(
                f"{n} channels: planner {'never' if not_worse else 'IS'} worse than SLSQP beyond the approximation "
                f"error ({seeds} seeds); {'meets' if speedup >= SPEEDUP_TARGET else 'MISSES'} >= "
                f"{SPEEDUP_TARGET:.0f}× faster (SLSQP / planner.solve = {speedup:.2f})"
            )
    headers = "channels|LP objective|planner on curves|SLSQP on curves|gap|approx err|worst gap|max approx err"
    headers += "|SLSQP success=False|SLSQP nit (seed 0)|non-concave curves|MILP plans"
    lines = [table(headers.split("|"), quality)]
    lines.append(
        "seed 0: objectives, gap = (SLSQP - planner) / SLSQP on the smooth curves (positive: SLSQP better), approx "
        "err = largest piecewise-linear error of its curves, SLSQP nit.\n"
        f"over {seeds} seeds: worst gap, max approx err, SLSQP success=False, non-concave curves, MILP plans"
    )
    headers = "channels (ms)|planner.solve|solve (hist)|LP build+HiGHS|SLSQP|SLSQP/solve|SLSQP/(hist)|SLSQP/LP"
    lines += ["", table(headers.split("|"), speed), *verdicts]
    return "\n".join(lines)


def profile_frontier(path: Path) -> str:
    """Return the functions with the most cumulative time in one frontier of a scenario (history pre-loaded)."""
    scenario = planner.load_scenario(path)
    history = resolve_history(scenario, None)
    frontier(scenario, points=POINTS, history=history)
    profiler = cProfile.Profile()
    profiler.runcall(frontier, scenario, points=POINTS, history=history)
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("cumulative").print_stats(12)
    return buffer.getvalue()


def machine() -> str:
    """Return one line describing the machine and library versions."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    libraries = ", ".join(f"{name} {metadata.version(name)}" for name in ("scipy", "highspy", "numpy", "pulp"))
    return (
        f"cpus {os.cpu_count()}, load avg {load}, {platform.machine()}, python {platform.python_version()}, {libraries}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer repeats and seeds, 5 and 10 channels")
    parser.add_argument("--profile", action="store_true", help="also cProfile the frontier with the largest ratio")
    args = parser.parse_args(argv)
    repeats, seeds = (2, 2) if args.quick else (7, SEEDS)
    sizes = [5, 10] if args.quick else [5, 10, 20]
    started = time.perf_counter()
    print(f"Promo Planner curves benchmark ({'quick' if args.quick else 'full'}), median of {repeats} repeats")
    print()
    print(f"1. frontier (points={POINTS}) vs one planner.solve; ms; target frontier < {FRONTIER_TARGET:.0f}× one solve")
    print("   unprimed: both read the history CSV; primed ('): both given a pre-loaded History (history=).")
    print("   Curve fits are cached (fit_cached) after the warm-up in both. S = one solve, F = one frontier.")
    frontier_table, worst = bench_frontier(repeats)
    print(frontier_table + "\n")
    print("2. curve fitting (planner.curves.fitting.fit_response_curve, no cache)")
    print(bench_fit(repeats) + "\n")
    print("3. planner (piecewise-linear LP, HiGHS) vs SLSQP on the same fitted curves and caps, budget = history total")
    print(bench_slsqp(sizes, seeds, repeats))
    if args.profile and worst is not None:
        print(f"\ncProfile of frontier({worst.relative_to(ROOT)}, points={POINTS}), history pre-loaded:")
        print(profile_frontier(worst))
    print(f"\n4. machine: {machine()}")
    print(f"benchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
