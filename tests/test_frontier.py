"""The budget frontier: monotone, concave where the curves are, consistent with single solves."""

from __future__ import annotations

import numpy as np
import pytest

from planner import load_scenario, solve
from planner.cli import main
from planner.optimize.frontier import frontier
from tests.conftest import SCENARIOS, scenario


def test_frontier_matches_hand_checked_kinks(three_channels) -> None:
    """A (0.1/¥, cap 600), B (0.05/¥), C (0.02/¥): slope 0.1 to ¥600, then 0.05.

    The knee is the point farthest above the chord from (0, 0) to (1200, 90) in normalised units:
    at ¥500, 50/90 - 500/1200 = 0.139, more than at ¥300 or ¥900 (0.083).
    """
    result = frontier(three_channels, budgets=[0, 300, 500, 900, 1200])
    assert list(result.table["objective"]) == pytest.approx([0, 30, 50, 75, 90])
    assert list(result.table["marginal"].iloc[1:]) == pytest.approx([0.1, 0.1, 0.05, 0.05])
    assert list(result.table["cost_per_extra"].iloc[1:]) == pytest.approx([10, 10, 20, 20])
    assert result.knee_budget == pytest.approx(500)


def test_frontier_points_agree_with_independent_solves() -> None:
    """Single solves refine the curves around the plan, so they may only beat a frontier point, and only by
    the curves' reported approximation error."""
    s = load_scenario(SCENARIOS / "us_outdoor" / "baseline.yaml")
    budgets = [700_000.0, 760_000.0, 900_000.0]
    table = frontier(s, budgets=budgets).table
    for budget, value in zip(budgets, table["objective"], strict=True):
        plan = solve(s, budget=budget)
        error = float(plan.allocation["curve_error"].max())
        assert value - 1e-6 <= plan.objective_value <= value * (1 + error) + 1e-6


def test_tranche_frontier_points_equal_independent_solves(three_channels) -> None:
    budgets = [200.0, 700.0, 1500.0]
    table = frontier(three_channels, budgets=budgets).table
    for budget, value in zip(budgets, table["objective"], strict=True):
        assert solve(three_channels, budget=budget).objective_value == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize("path", sorted(SCENARIOS.rglob("*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_demo_frontiers_never_fall(path) -> None:
    table = frontier(load_scenario(path), points=12).table
    feasible = table[table["feasible"]]
    assert len(feasible) >= 3
    assert (np.diff(feasible["objective"].to_numpy()) >= -1e-6).all()


def test_frontier_is_concave_on_concave_curves() -> None:
    s = scenario(
        [
            {"id": "a", "tranches": [{"up_to": 500, "cost_per_conversion": 5}, {"cost_per_conversion": 15}]},
            {"id": "b", "tranches": [{"up_to": 800, "cost_per_conversion": 8}, {"cost_per_conversion": 30}]},
        ],
        budget=1000,
    )
    table = frontier(s, points=30, up_to=4).table
    slopes = np.diff(table["objective"]) / np.diff(table["budget"])
    assert (np.diff(slopes) <= 1e-9).all()


def test_cli_writes_csv_and_chart(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    csv, chart = tmp_path / "frontier.csv", tmp_path / "frontier.html"
    path = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    assert main(["frontier", str(path), "--points", "10", "--csv", str(csv), "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "today's budget: ¥2,200,000" in out
    assert csv.read_text(encoding="utf-8").startswith("budget,feasible,objective")
    assert "vega" in chart.read_text(encoding="utf-8")


def test_a_frontier_of_many_channels_is_one_frame_in_column_order() -> None:
    """A thousand channels give a thousand spend columns; the table is built whole, so pandas never warns that it
    is fragmented (warnings are errors here), and its columns keep their documented order."""
    channels = [
        {
            "id": f"c{i:04d}",
            "tranches": [{"up_to": 100 + i, "cost_per_conversion": 5 + i % 7}, {"cost_per_conversion": 40}],
        }
        for i in range(1000)
    ]
    s = scenario(channels, budget=150_000)
    table = frontier(s, points=4).table
    spends = [f"spend:c{i:04d}" for i in range(1000)]
    assert list(table.columns) == ["budget", "feasible", "objective", "spend", *spends, "marginal", "cost_per_extra"]
    assert table["spend"].to_numpy() == pytest.approx(table[spends].sum(axis=1).to_numpy())
    assert table["feasible"].dtype == bool
