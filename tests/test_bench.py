"""The benchmarks keep running: each quick mode completes and prints its tables (figures are not asserted)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from tests.conftest import ROOT

QUICK_BENCHMARKS = [
    "bench_batch.py",
    "bench_core.py",
    "bench_curves.py",
    "bench_calendar.py",
    "bench_economics.py",
    "bench_scale.py",
    "bench_cli.py",
]


@pytest.mark.parametrize("script", QUICK_BENCHMARKS)
def test_benchmark_quick_mode_runs(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "target" in result.stdout
    assert "machine" in result.stdout
    if script == "bench_cli.py":  # validate and solve cold and warm, side by side, each against import pandas
        assert "warm x pandas" in result.stdout
        assert "(warm, cache hit)" in result.stdout
    if script == "bench_scale.py":  # the quick mode also times the planner's stages
        assert "stages of one more load_scenario + solve at 20 channels" in result.stdout


def load_bench_scale() -> Any:
    """Import bench/bench_scale.py (the bench folder is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "bench_scale.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_scale_benchmark_optimum_is_the_smooth_optimum() -> None:
    bench = load_bench_scale()
    curves = bench.make_curves(60, seed=3)
    spend, rate = bench.smooth_optimum(curves, curves.weekly_budget)
    assert spend.sum() == pytest.approx(curves.weekly_budget, rel=1e-12)
    at_zero, at_cap = spend <= 0.0, spend >= curves.cap
    inside = ~at_zero & ~at_cap
    # the spread the benchmark is meant to have: some channels left out, a few full, most in between
    assert at_zero.sum() > 0
    assert at_cap.sum() > 0
    assert inside.sum() > 30
    step = 1e-3 * curves.scale
    slope = (bench.conversions(curves, spend + step) - bench.conversions(curves, spend - step)) / (2 * step)
    assert slope[inside] == pytest.approx(np.full(inside.sum(), rate), rel=1e-5)  # one marginal rate where free
    first_slope = curves.beta * curves.lam / (2 * curves.scale)  # the logistic curve's slope at zero spend
    assert (first_slope[at_zero] <= rate).all()
    assert (slope[at_cap] >= rate).all()
    best = bench.conversions(curves, spend).sum()
    rng = np.random.default_rng(0)
    for _ in range(200):  # moving money between two channels within their bounds never buys more
        giver, taker = rng.choice(len(spend), size=2, replace=False)
        amount = min(spend[giver], curves.cap[taker] - spend[taker]) * rng.uniform(0.01, 1.0)
        moved = spend.copy()
        moved[giver] -= amount
        moved[taker] += amount
        assert bench.conversions(curves, moved).sum() <= best * (1 + 1e-12)


def test_scale_stage_timers_see_each_stage_and_put_the_pipeline_back(tmp_path: Any) -> None:
    bench = load_bench_scale()
    wrapped = [(importlib.import_module(module), name) for _, module, name in bench.STAGES]
    before = [getattr(module, name) for module, name in wrapped]
    scenario = bench.write_scenario(bench.make_curves(6, seed=3), tmp_path, 22)
    stages = {label: (seconds, calls) for label, seconds, calls in bench.stage_timers(scenario)}
    for label in (
        "reading the scenario",
        "reading the curve tables",
        "curves, chords and responses",
        "PuLP models",
        "HiGHS sessions (load, solve, read back)",
        "the plan",
        "the explanation",
    ):
        seconds, calls = stages[label]
        assert calls >= 1, label
        assert seconds > 0, label
    whole = stages.pop("in all")[0]
    assert sum(seconds for seconds, _ in stages.values()) == pytest.approx(whole)
    assert stages["other"][0] >= 0  # the stages do not nest: together they are at most the whole
    assert [getattr(module, name) for module, name in wrapped] == before
