"""Plans on fitted curves: near the true optimum of a store whose curves are known, and explained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner import Scenario, solve
from planner.data.io import read_history
from tests.conftest import scenario
from tests.synthetic import make_store

WEEKS = 13


def _store_scenario(tmp_path: Path, channels: int, seed: int, budget_share: float = 1.0) -> tuple[Scenario, dict]:
    history, truth = make_store(channels=channels, weeks=104, seed=seed)
    path = tmp_path / "history.csv"
    history.assign(date=history["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    weekly_total = history.groupby("channel")["spend"].mean().sum()
    s = scenario(
        [{"id": name, "label": name} for name in truth],
        history={"path": str(path)},
        period_weeks=WEEKS,
        budget=round(weekly_total * WEEKS * budget_share),
    )
    return s, truth


def _true_value(plan, truth) -> float:
    return sum(WEEKS * float(truth[r.channel].value(r.spend / WEEKS)) for r in plan.allocation.itertuples())


def _true_optimum(s: Scenario, plan, truth, tmp_path: Path) -> float:
    """Solve on the true curves, imported as dense tables over the same caps: the benchmark optimum."""
    channels = []
    for row in plan.allocation.itertuples():
        cap = row.upper_bound / WEEKS
        grid = np.linspace(0, cap, 401)
        table = tmp_path / f"true_{row.channel}.csv"
        table.write_text(
            "spend,conversions\n" + "".join(f"{x},{truth[row.channel].value(x)}\n" for x in grid), encoding="utf-8"
        )
        channels.append({"id": row.channel, "label": row.channel, "curve": {"path": str(table)}})
    exact = s.model_copy(update={"channels": scenario(channels).channels})
    return solve(exact).objective_value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_regret_against_the_true_optimum_is_under_one_percent(tmp_path: Path, seed: int) -> None:
    s, truth = _store_scenario(tmp_path, channels=5, seed=seed)
    plan = solve(s)
    assert plan.status == "optimal"
    achieved = _true_value(plan, truth)
    best = _true_optimum(s, plan, truth, tmp_path)
    regret = 1 - achieved / best
    assert regret < 0.01, f"regret {regret:.2%}"


def test_fitted_plan_beats_an_even_split_and_the_constant_cpa_plan(tmp_path: Path) -> None:
    s, truth = _store_scenario(tmp_path, channels=5, seed=7)
    plan = solve(s)
    even = s.model_copy(update={"channels": tuple(c.model_copy(update={"response": "constant"}) for c in s.channels)})
    constant_plan = solve(even)
    assert _true_value(plan, truth) >= _true_value(constant_plan, truth)
    budget = s.budget.amount if s.budget else 0.0
    split = budget / len(truth)
    even_value = sum(WEEKS * float(c.value(split / WEEKS)) for c in truth.values())
    assert _true_value(plan, truth) >= even_value


def test_plan_reports_curves_extrapolation_and_marginal_cost(tmp_path: Path) -> None:
    s, _ = _store_scenario(tmp_path, channels=3, seed=4, budget_share=3.0)
    plan = solve(s)
    rows = plan.allocation
    assert set(rows["curve"]) <= {"power", "log", "hill", "linear"}
    assert (rows["marginal_cpa"] >= rows["cpa"] - 1e-6).all()  # concave: the next conversion costs more
    assert rows["beyond_history"].any()  # three times the usual budget goes past what history saw
    assert any(f.kind == "warning" and "extrapolated" in f.en for f in plan.explanation)
    capped = rows[rows["at_bound"] == "cap"]
    assert all("highest weekly spend in history" in reason for reason in capped["bound_reason"])


def test_too_little_history_falls_back_visibly(tmp_path: Path) -> None:
    history, _ = make_store(channels=2, weeks=6, seed=0)
    path = tmp_path / "history.csv"
    history.assign(date=history["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    names = sorted(read_history(path)["channel"].unique())
    plan = solve(scenario([{"id": n, "label": n} for n in names], history={"path": str(path)}, budget=10_000))
    assert (plan.allocation["yield_source"] == "history").all()
    assert len(plan.warnings) == 2
    assert all("so a constant cost per conversion is used" in str(w) for w in plan.warnings)


def test_cautious_plan_expects_less(tmp_path: Path) -> None:
    s, _ = _store_scenario(tmp_path, channels=3, seed=5)
    central = solve(s)
    cautious = solve(s.model_copy(update={"curves": s.curves.model_copy(update={"cautious": True})}))
    assert cautious.objective_value < central.objective_value


def test_outcome_range_is_ordered_and_seeded(tmp_path: Path) -> None:
    from planner.insight.trust import outcome_range

    s, _ = _store_scenario(tmp_path, channels=3, seed=6)
    plan = solve(s)
    first = outcome_range(plan, draws=60, seed=1)
    again = outcome_range(plan, draws=60, seed=1)
    assert first == again
    low, mid, high = first.conversions
    assert low <= mid <= high
    assert low < plan.totals["conversions"] < high * 1.05


def test_backtest_reports_every_channel(tmp_path: Path) -> None:
    from planner.insight.trust import backtest_channels

    s, truth = _store_scenario(tmp_path, channels=3, seed=8)
    table = backtest_channels(s)
    assert list(table["channel"]) == list(truth)
    assert (table["mape"] < 0.2).all()  # the store's noise is 8%


def test_imported_curve_is_used_exactly(tmp_path: Path) -> None:
    """An MMM table: ¥0→0, ¥1,000→100, ¥3,000→200 per period. With ¥2,000 on it: 100 + 50 = 150."""
    table = tmp_path / "mmm.csv"
    table.write_text("spend,conversions\n1000,100\n3000,200\n", encoding="utf-8")
    plan = solve(
        scenario(
            [{"id": "tv", "curve": {"path": str(table), "per": "period"}}, {"id": "x", "cost_per_conversion": 100}],
            budget=2000,
        )
    )
    assert plan.objective_value == pytest.approx(150)
    assert plan.allocation.set_index("channel").loc["tv", "spend"] == pytest.approx(2000)
    assert plan.allocation.set_index("channel").loc["tv", "yield_source"] == "imported"


def test_bad_imported_curve_names_file_and_line(tmp_path: Path) -> None:
    from planner import ScenarioError

    table = tmp_path / "mmm.csv"
    table.write_text("spend,conversions\n1000,100\n500,200\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError,
        match=r"mmm\.csv:3: channels -> 0 \(tv\) -> curve: spend must be greater than on the line before",
    ):
        solve(scenario([{"id": "tv", "curve": {"path": str(table)}, "cost_per_conversion": None}], budget=10))
