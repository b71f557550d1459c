"""Side-by-side benchmark (issue 13): Promo Planner against PyMC-Marketing's BudgetOptimizer on the same curves.

1. N channels of PyMC-Marketing's logistic saturation, in money per week as a fitted MMM presents them:
   conversions(x) = beta · (1 − e^(−lam·x/scale)) / (1 + e^(−lam·x/scale)), where ``scale`` is the channel's
   largest weekly spend in the modelled history (PyMC-Marketing divides spend by it), ``lam`` is drawn from
   PyMC-Marketing's default prior Gamma(3, 1) and ``beta`` (conversions a week at saturation) from a cost
   per conversion at zero spend spread from ¥8 to ¥120. Seeded: the same N gives the same store.
2. The budget (13 weeks) is what the exact smooth optimum spends at the marginal rate of the 85th percentile
   channel: some channels stay at zero, a few (flat, efficient ones) reach their cap, most are in between.
3. Promo Planner gets the curves as a user would: a scenario YAML with one imported curve table per channel
   (``curve: {path, per: week}``, rows from 0 to the cap of 3 × scale, ``--rows`` of them, 202 by default).
   Timed: ``planner.load_scenario`` + ``planner.solve``, one warm-up, then the min of ``--repeats`` runs, in a
   child process stopped after ``--timeout`` seconds.
4. The smooth optimum of the true curves is exact: bisection on the common marginal rate, each channel's
   spend from the inverse of its derivative, clipped to [0, cap]. Each plan's spend is scored on the true
   curves and shown as its relative gap to that optimum (negative: below it). The table-optimum gap is that
   of the exact optimum on the tables themselves (linear between rows): what a planner that takes the tables
   as they are reaches at best, the price of the tables' resolution.
5. With ``--pymc-python PATH`` (a Python with pymc-marketing, e.g. a venv of its own), the same curves go
   to ``BudgetOptimizer.allocate_budget`` through ``CustomModelWrapper``: a PyMC model whose only
   posterior draw is the true lam and beta, ``channel_data`` divided by the same per-channel scales, one
   period, bounds [0, cap], the default sum constraint and SLSQP settings. Compile (building the
   optimizer) is timed apart and excluded; allocate is one warm-up then the min of the repeats.

Both sides run with OPENBLAS_NUM_THREADS=1. The report gives, per N, both times, their ratio (PyMC ÷
planner: above 1 means the planner is faster), both gaps, the load average, and the log-log slope of the
planner's time from 100 to 10,000 channels. Issue 13's targets: at 1,000 channels ≥ 20× faster than
PyMC-Marketing with a gap within 1e-6; 10,000 channels under 10 s; slope ≤ 1.1. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WEEKS = 13  # the planned period: a quarter
CAP_MULTIPLE = 3.0  # tables run from 0 to 3 × the busiest modelled week, like a spend-multiplier grid 0 … 3
SIZES = (5, 20, 100, 500, 1_000, 10_000)
TARGET_RATIO_AT_1000 = 20.0
TARGET_SECONDS_AT_10000 = 10.0
TARGET_SLOPE = 1.1
TARGET_GAP = 1e-6
Array = np.ndarray


@dataclass(frozen=True)
class Curves:
    """N logistic-saturation channels in weekly money, their caps and the weekly budget."""

    scale: Array  # the busiest modelled week's spend (PyMC-Marketing's channel scale)
    lam: Array  # saturation speed, per unit of scaled spend
    beta: Array  # conversions a week at saturation
    cap: Array  # the last row of each table: CAP_MULTIPLE × scale
    weekly_budget: float

    @property
    def names(self) -> list[str]:
        """Return the channel ids, zero-padded so they sort in order."""
        width = len(str(len(self.scale)))
        return [f"c{i:0{width}d}" for i in range(len(self.scale))]


def conversions(curves: Curves, spend: Array) -> Array:
    """Return each channel's weekly conversions at weekly `spend` (the logistic saturation as PyMC writes it)."""
    decay = np.exp(-curves.lam * spend / curves.scale)
    result: Array = curves.beta * (1.0 - decay) / (1.0 + decay)
    return result


def spend_at_rate(curves: Curves, rate: float) -> Array:
    """Return each channel's spend where its marginal conversions per yuan equal `rate`, clipped to [0, cap]."""
    # d/dx beta·tanh(u/2) with u = lam·x/scale is beta·lam/(2·scale)·sech²(u/2); invert the sech².
    sech_squared = rate * 2.0 * curves.scale / (curves.beta * curves.lam)
    inside = np.clip(sech_squared, 1e-300, 1.0)
    spend = 2.0 * curves.scale / curves.lam * np.arccosh(1.0 / np.sqrt(inside))
    clipped: Array = np.clip(spend, 0.0, curves.cap)
    return clipped


def smooth_optimum(curves: Curves, weekly_budget: float) -> tuple[Array, float]:
    """Return the exact best weekly spend on the true curves for `weekly_budget` and its marginal rate."""
    if weekly_budget >= curves.cap.sum():
        return curves.cap.copy(), 0.0
    low, high = 0.0, float(np.max(curves.beta * curves.lam / (2.0 * curves.scale)))  # rate 0: all at cap
    for _ in range(200):  # bisection on the common marginal rate: total spend falls as the rate rises
        middle = 0.5 * (low + high)
        if spend_at_rate(curves, middle).sum() > weekly_budget:
            low = middle
        else:
            high = middle
        if high - low <= 1e-15 * high:
            break
    return spend_at_rate(curves, high), high


def table_optimum(curves: Curves, rows: int) -> Array:
    """Return the exact best weekly spend on the curve tables (linear between rows): fill the steepest pieces."""
    grids = np.linspace(0.0, curves.cap, rows)
    values = conversions(curves, grids)
    widths, rises = np.diff(grids, axis=0), np.diff(values, axis=0)
    order = np.argsort(-(rises / widths), axis=None, kind="stable")
    filled = np.cumsum(widths.ravel()[order])
    taken = np.clip(curves.weekly_budget - (filled - widths.ravel()[order]), 0.0, widths.ravel()[order])
    spend: Array = np.zeros_like(widths)
    spend.ravel()[order] = taken
    total: Array = spend.sum(axis=0)
    return total


def make_curves(channels: int, seed: int) -> Curves:
    """Return a seeded store of `channels` logistic curves and a budget leaving some at zero and some at cap."""
    rng = np.random.default_rng(seed)
    scale = np.exp(rng.uniform(math.log(2e3), math.log(2e5), channels))
    lam = np.clip(rng.gamma(3.0, 1.0, channels), 0.3, 8.0)  # PyMC-Marketing's default prior on lam
    first_cpa = np.exp(rng.uniform(math.log(8.0), math.log(120.0), channels))  # cost of the first conversion
    beta = 2.0 * scale / (lam * first_cpa)
    unbudgeted = Curves(scale, lam, beta, CAP_MULTIPLE * scale, 0.0)
    rate = 1.0 / float(np.quantile(first_cpa, 0.85))  # channels whose first conversion costs more stay at zero
    weekly_budget = float(spend_at_rate(unbudgeted, rate).sum())
    return Curves(scale, lam, beta, CAP_MULTIPLE * scale, weekly_budget)


def write_scenario(curves: Curves, folder: Path, rows: int, time_limit: float | None = None) -> Path:
    """Write the scenario YAML and one curve table per channel into `folder`; return the YAML's path."""
    tables = folder / "curves"
    tables.mkdir(parents=True, exist_ok=True)
    lines = [
        f"name: logistic store, {len(curves.scale)} channels",
        f"period_weeks: {WEEKS}",
        f"budget: {curves.weekly_budget * WEEKS:.2f}",
        "objective: maximize conversions",
        *([f"solver: {{time_limit: {time_limit:g}}}"] if time_limit else []),
        "channels:",
    ]
    grids = np.linspace(0.0, curves.cap, rows)  # one column per channel
    values = conversions(curves, grids)
    for index, name in enumerate(curves.names):
        pairs = zip(grids[:, index], values[:, index], strict=True)
        body = "".join(f"{x:.10g},{y:.12g}\n" for x, y in pairs)
        (tables / f"{name}.csv").write_text("spend,conversions\n" + body, encoding="utf-8")
        lines += [f"  - id: {name}", f"    curve: {{path: curves/{name}.csv, per: week}}"]
    path = folder / "scenario.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def emit(record: dict[str, Any]) -> None:
    """Print one JSON line for the parent process, at once (it may be stopped at any moment)."""
    print(json.dumps(record), flush=True)


def planner_worker(scenario_path: Path, repeats: int, stop_after: float, stages: bool = False) -> None:
    """Time load_scenario + solve: a warm-up, then up to `repeats` runs while time remains; print JSON lines.

    With `stages`, one more run (untimed as a whole) reports where its time went (see `stage_timers`).
    """
    sys.path.insert(0, str(ROOT))
    import planner

    started = time.perf_counter()
    for run in range(repeats + 1):
        begin, cpu = time.perf_counter(), time.process_time()
        plan = planner.solve(planner.load_scenario(scenario_path))
        seconds = time.perf_counter() - begin
        emit({"kind": "warmup" if run == 0 else "run", "seconds": seconds, "cpu": time.process_time() - cpu})
        if run == 0:
            spend = plan.allocation["spend"].to_numpy(dtype=float) / WEEKS
            emit({"kind": "spend", "status": plan.status, "spend": spend.tolist()})
        if time.perf_counter() - started + seconds > stop_after:
            break
    if stages:
        emit({"kind": "stages", "stages": stage_timers(scenario_path)})


# Where one load_scenario + solve spends its time: the pipeline's steps, as planner.optimize.pipeline calls them.
STAGES = (
    ("reading the scenario", "planner", "load_scenario"),
    ("reading the curve tables", "planner.optimize.pipeline", "load_curve_tables"),
    ("curves, chords and responses", "planner.optimize.pipeline", "build_responses"),
    ("PuLP models", "planner.optimize.pipeline", "build_problem"),
    ("HiGHS sessions (load, solve, read back)", "planner.optimize.pipeline", "run_highs"),
    ("refinement around the plan", "planner.optimize.pipeline", "refine_responses"),
    ("the plan", "planner.optimize.pipeline", "assemble_plan"),
    ("the explanation", "planner.api", "explain_plan"),
)


def stage_timers(scenario_path: Path) -> list[tuple[str, float, int]]:
    """Return (stage, seconds, calls) of one load_scenario + solve, and the rest as "other".

    Each stage is the module-level function the pipeline calls, wrapped for this run only; the stages do not
    nest (curve tables are read before the responses are built), so they add up to at most the whole.
    """
    import planner

    totals: dict[str, list[float]] = {label: [0.0, 0] for label, _, _ in STAGES}
    originals = []
    for label, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        originals.append((module, name, original))

        def timed(*args: Any, _label: str = label, _original: Any = original, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                totals[_label][0] += time.perf_counter() - begin
                totals[_label][1] += 1

        setattr(module, name, timed)
    try:
        begin = time.perf_counter()
        planner.solve(planner.load_scenario(scenario_path))
        whole = time.perf_counter() - begin
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    rows = [(label, seconds, int(calls)) for label, (seconds, calls) in totals.items()]
    return [*rows, ("other", whole - sum(seconds for _, seconds, _ in rows), 0), ("in all", whole, 1)]


def pymc_worker(curves_path: Path, repeats: int, stop_after: float) -> None:
    """Build PyMC-Marketing's BudgetOptimizer on the curves in `curves_path` and time allocate_budget."""
    pm = importlib.import_module("pymc")
    pmd = importlib.import_module("pymc.dims")
    az = importlib.import_module("arviz")
    xr = importlib.import_module("xarray")
    optimizer_module = importlib.import_module("pymc_marketing.mmm.budget_optimizer")
    transformers = importlib.import_module("pymc_marketing.mmm.transformers")
    raw = json.loads(curves_path.read_text(encoding="utf-8"))
    scale, lam, beta, cap = (np.array(raw[key]) for key in ("scale", "lam", "beta", "cap"))
    curves = Curves(scale, lam, beta, cap, raw["weekly_budget"])
    names, count = curves.names, len(curves.scale)
    begin = time.perf_counter()
    with pm.Model(coords={"date": [0], "channel": names}) as model:
        data = pmd.Data("channel_data", xr.DataArray(np.zeros((1, count)), dims=("date", "channel")))
        lam_variable = pmd.Gamma("lam", alpha=3, beta=1, dims="channel")
        beta_variable = pmd.HalfNormal("beta", sigma=2, dims="channel")
        contribution = beta_variable * transformers.logistic_saturation(data, lam_variable)
        pmd.Deterministic("total_contribution", contribution.sum())
    posterior = {"lam": curves.lam[None, None, :], "beta": curves.beta[None, None, :]}
    idata = az.from_dict(posterior=posterior, coords={"channel": names}, dims={"lam": ["channel"], "beta": ["channel"]})
    wrapper = optimizer_module.CustomModelWrapper(base_model=model, idata=idata, channels=names)
    wrapper._channel_scales = curves.scale  # the optimizer divides each channel's budget by its scale
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optimizer = optimizer_module.BudgetOptimizer(model=wrapper, num_periods=1)
    emit({"kind": "compile", "seconds": time.perf_counter() - begin})
    bounds = {name: (0.0, float(cap)) for name, cap in zip(names, curves.cap, strict=True)}
    started = time.perf_counter()
    for run in range(repeats + 1):
        begin, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            allocation, result = optimizer.allocate_budget(
                total_budget=curves.weekly_budget, budget_bounds=bounds, return_if_fail=True
            )
        seconds = time.perf_counter() - begin
        emit({"kind": "warmup" if run == 0 else "run", "seconds": seconds, "cpu": time.process_time() - cpu})
        if run == 0:
            status = f"{'ok' if result.success else 'FAILED'} ({result.nit} iterations: {result.message})"
            emit({"kind": "spend", "status": status, "spend": np.asarray(allocation.values, dtype=float).tolist()})
        if time.perf_counter() - started + seconds > stop_after:
            break


@dataclass
class Timing:
    """What a child process reported: best time, runs, status, weekly spend; `note` says why a figure is missing."""

    seconds: float | None = None
    cpu_seconds: float | None = None  # this process's CPU time in the run with the best wall time
    runs: int = 0
    compile_seconds: float | None = None
    status: str = ""
    spend: Array | None = None
    note: str = ""
    stages: list[tuple[str, float, int]] | None = None  # the planner's stage timers (--stages)


def run_child(command: list[str], timeout: float) -> Timing:
    """Run a worker, stop it after `timeout` seconds, and return the best of what it reported."""
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, cwd=ROOT
    )
    timed_out = False
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        process.kill()
        out, err = process.communicate()
    timing = Timing()
    warm: list[tuple[float, float]] = []
    timed: list[tuple[float, float]] = []
    for line in out.splitlines():
        if not line.startswith("{"):
            continue  # a library's own output
        record = json.loads(line)
        if record["kind"] == "compile":
            timing.compile_seconds = record["seconds"]
        elif record["kind"] == "spend":
            timing.status, timing.spend = record["status"], np.array(record["spend"])
        elif record["kind"] == "stages":
            timing.stages = [(label, seconds, calls) for label, seconds, calls in record["stages"]]
        else:
            (warm if record["kind"] == "warmup" else timed).append((record["seconds"], record["cpu"]))
    if timed:
        (timing.seconds, timing.cpu_seconds), timing.runs = min(timed), len(timed)
    elif warm:
        (timing.seconds, timing.cpu_seconds), timing.note = warm[0], "cold (warm-up only)"
    if timed_out and not timed:
        timing.note = f"stopped at {timeout:.0f} s" + (" (warm-up shown)" if warm else "")
    elif process.returncode and not timed_out:
        timing.note = "error: " + (err.strip().splitlines() or ["?"])[-1][:120]
    return timing


def relative_gap(curves: Curves, spend: Array | None, best: float) -> float | None:
    """Return (objective of `spend` on the true curves − the smooth optimum) / the optimum."""
    if spend is None or len(spend) != len(curves.scale):
        return None
    return float((conversions(curves, spend).sum() - best) / best)


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def show(value: float | None, pattern: str, missing: str = "-") -> str:
    """Format `value` with `pattern`, or `missing` when there is none."""
    return missing if value is None else format(value, pattern)


def bench_size(channels: int, args: argparse.Namespace, folder: Path) -> tuple[list[str], str]:
    """Run both sides at one size; return its row of the report and the planner's stage table (or "")."""
    curves = make_curves(channels, args.seed)
    best_spend, _ = smooth_optimum(curves, curves.weekly_budget)
    best = float(conversions(curves, best_spend).sum())
    at_zero = int(np.sum(best_spend <= 1e-9 * curves.cap))
    at_cap = int(np.sum(best_spend >= curves.cap * (1 - 1e-9)))
    case = folder / f"n{channels}"
    scenario = write_scenario(curves, case, args.rows, args.solver_time_limit)
    script = str(Path(__file__).resolve())
    repeat = ["--repeats", str(args.repeats), "--stop-after", str(args.timeout)]
    load_before = load_average().split(",")[0]
    worker = [sys.executable, script, "--planner-worker", str(scenario), *repeat, *(["--stages"] * args.stages)]
    ours = run_child(worker, args.timeout)
    theirs = Timing(note="not run")
    if args.pymc_python:
        raw = {key: getattr(curves, key).tolist() for key in ("scale", "lam", "beta", "cap")}
        (case / "curves.json").write_text(json.dumps({**raw, "weekly_budget": curves.weekly_budget}), "utf-8")
        pymc_command = [args.pymc_python, script, "--pymc-worker", str(case / "curves.json"), *repeat]
        theirs = run_child(pymc_command, args.timeout + 600)  # compile comes first and is not part of the budget
    table_gap = relative_gap(curves, table_optimum(curves, args.rows), best)
    ratio = theirs.seconds / ours.seconds if theirs.seconds and ours.seconds else None
    ours_gap, theirs_gap = relative_gap(curves, ours.spend, best), relative_gap(curves, theirs.spend, best)
    notes = [
        f"{side}: {text}"
        for side, text in (("planner", ours.note), ("pymc", theirs.note or theirs.status))
        if text and text != "not run"
    ]
    for side, timing in (("planner", ours), ("pymc", theirs)):
        if timing.spend is not None and abs(timing.spend.sum() / curves.weekly_budget - 1) > 1e-6:
            notes.append(f"{side} spends {timing.spend.sum() / curves.weekly_budget:.6%} of the budget")
    row = [
        f"{channels:,}",
        f"{at_zero}/{channels - at_zero - at_cap}/{at_cap}",
        show(ours.seconds, ".3f", "error" if ours.note.startswith("error") else "timeout"),
        show(ours.cpu_seconds, ".3f"),
        str(ours.runs),
        show(theirs.compile_seconds, ".1f"),
        show(theirs.seconds, ".3f"),
        show(theirs.cpu_seconds, ".3f"),
        show(ratio, ".2f"),
        show(ours_gap, ".1e"),
        show(table_gap, ".1e"),
        show(theirs_gap, ".1e"),
        f"{load_before}/{load_average().split(',')[0]}",
        "; ".join(notes),
    ]
    return row, stage_table(channels, ours.stages)


def stage_table(channels: int, stages: list[tuple[str, float, int]] | None) -> str:
    """Return the stage timers of one run at `channels` as a table, with each stage's share and time a channel."""
    if not stages:
        return ""
    whole = stages[-1][1]
    rows = [
        [label, f"{seconds:.3f}", f"{seconds / whole:.0%}", f"{1000 * seconds / channels:.3f}", str(calls or "")]
        for label, seconds, calls in stages
    ]
    title = f"stages of one more load_scenario + solve at {channels:,} channels (load {load_average()}):"
    return title + "\n" + text_table(["stage", "s", "share", "ms a channel", "calls"], rows)


def growth_exponent(rows: list[list[str]], column: int, what: str) -> str:
    """Return the least-squares log-log slope of a time column over the sizes from 100 to 10,000 measured."""
    points = [
        (int(row[0].replace(",", "")), float(row[column]))
        for row in rows
        if row[column] not in ("timeout", "error", "-") and 100 <= int(row[0].replace(",", "")) <= 10_000
    ]
    if len(points) < 2:
        return f"growth exponent of {what}: needs two sizes between 100 and 10,000 channels with a time"
    x = np.log([n for n, _ in points])
    y = np.log([s for _, s in points])
    slope = float(np.polyfit(x, y, 1)[0])
    sizes = ", ".join(f"{n:,}" for n, _ in points)
    verdict = "meets" if slope <= TARGET_SLOPE else "MISSES"
    return f"growth exponent of {what} over {sizes} channels: N^{slope:.2f} ({verdict} target N^{TARGET_SLOPE})"


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """Return an aligned plain-text table."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=False)) for line in rows]
    head = "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=False))
    return "\n".join([head, "  ".join("-" * width for width in widths), *lines])


def machine(pymc_python: str | None) -> str:
    """Return one line describing the machine, the load and the versions on each side."""
    line = f"cpus {os.cpu_count()}, load avg {load_average()}, python {platform.python_version()}"
    if pymc_python:
        probe = "import importlib.metadata as m; print(m.version('pymc-marketing'), m.version('pymc'))"
        found = subprocess.run([pymc_python, "-c", probe], capture_output=True, text=True, check=False)
        line += f"; pymc-marketing, pymc {found.stdout.strip() or 'not found: ' + found.stderr.strip()[-80:]}"
    return line


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with a worker flag, one side of it) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="channel counts, comma-separated")
    parser.add_argument("--rows", type=int, default=202, help="rows per imported curve table (22, 202, 2001, …)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs after the warm-up (min is shown)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per size and side before stopping")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--solver-time-limit", type=float, help="write solver: {time_limit: …} into the scenario (default: none, 60 s)"
    )
    parser.add_argument("--pymc-python", help="a Python with pymc-marketing installed, to run it beside")
    parser.add_argument("--quick", action="store_true", help="smoke run: 5, 20 channels, 22 rows, 1 repeat, stages")
    parser.add_argument("--keep", type=Path, help="write the scenarios here (kept) instead of a temporary folder")
    parser.add_argument("--stages", action="store_true", help="also time the planner's stages in one more run")
    parser.add_argument("--planner-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pymc-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop-after", type=float, default=600.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.planner_worker:
        planner_worker(args.planner_worker, args.repeats, args.stop_after, args.stages)
        return 0
    if args.pymc_worker:
        pymc_worker(args.pymc_worker, args.repeats, args.stop_after)
        return 0
    if args.quick:
        args.sizes, args.rows, args.repeats, args.timeout = "5,20", 22, 1, min(args.timeout, 120.0)
        args.stages = True
    sizes = [int(size) for size in args.sizes.split(",")]
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    started = time.perf_counter()
    print(f"Promo Planner vs PyMC-Marketing on logistic-saturation curves ({'quick' if args.quick else 'full'})")
    print(f"machine: {machine(args.pymc_python)}")
    print(
        f"{args.rows}-row curve tables, {WEEKS} weeks, seed {args.seed}, solver time limit "
        f"{args.solver_time_limit or 'default'}; planner = load_scenario + solve, "
        f"pymc = allocate_budget (compile apart); min of {args.repeats} after a warm-up, stopped at "
        f"{args.timeout:.0f} s; gap = (objective on the true curves − smooth optimum) / optimum\n"
    )
    headers = "channels|zero/inside/cap|planner s|cpu s|runs|pymc compile s|pymc s|cpu s|pymc/planner"
    headers += "|planner gap|table-optimum gap|pymc gap|load before/after|notes"
    rows: list[list[str]] = []
    stage_tables: list[str] = []
    print(text_table(headers.split("|"), []), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as temporary:
        folder = args.keep or Path(temporary)
        for channels in sizes:
            row, stage_text = bench_size(channels, args, folder)
            rows.append(row)
            stage_tables.extend([stage_text] if stage_text else [])
            print(text_table(headers.split("|"), rows[-1:]).splitlines()[-1], flush=True)
    print("\n" + text_table(headers.split("|"), rows))
    print(growth_exponent(rows, 2, "planner wall time"))
    print(growth_exponent(rows, 3, "planner CPU time"))
    print(
        f"targets: at 1,000 channels pymc/planner >= {TARGET_RATIO_AT_1000:.0f} and |planner gap| <= {TARGET_GAP:g}; "
        f"10,000 channels under {TARGET_SECONDS_AT_10000:.0f} s; growth <= N^{TARGET_SLOPE}"
    )
    for stage_text in stage_tables:
        print("\n" + stage_text)
    print(f"load avg at the end {load_average()}; benchmark wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
