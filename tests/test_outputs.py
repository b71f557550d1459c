"""What the outputs show: the plan's own measures, and duals exact enough to multiply."""

from __future__ import annotations

import json

import pytest

from planner import solve
from planner.cli import main
from planner.data.io import load_scenario, to_json
from tests.conftest import DATA, SCENARIOS, scenario


def test_cap_dual_of_a_unit_channel_is_exact_per_money_and_per_unit() -> None:
    """Live: ¥6,000 a session, at most 3, ¥5 per conversion; feed: ¥6 per conversion; ¥30,000.

    Live fills its cap (¥18,000, 3,600 conversions), feed takes the other ¥12,000 (2,000). One more ¥
    of budget buys 1/6 conversion on feed, so one more ¥ of live's cap is worth 1/5 − 1/6 = 1/30
    conversion, and one more session 6,000 / 30 = 200 conversions.
    """
    plan = solve(
        scenario(
            [
                {"id": "live", "cost_per_conversion": 5, "units": {"name": "session", "cost": 6000, "max": 3}},
                {"id": "feed", "cost_per_conversion": 6},
            ],
            budget=30000,
        )
    )
    assert plan.objective_value == pytest.approx(5600)
    channels = {c["id"]: c for c in json.loads(to_json(plan.to_dict()))["channels"]}
    live, feed = channels["live"], channels["feed"]
    assert live["at_bound"] == "cap"
    assert live["reduced_cost"] == pytest.approx(1 / 30, rel=1e-12)
    assert live["reduced_cost"] != round(live["reduced_cost"], 6)  # not rounded
    assert live["reduced_cost_per_unit"] == pytest.approx(200, rel=1e-12)
    assert feed["reduced_cost_per_unit"] is None


REACH_PLAN = DATA / "reach_plan.yaml"


def test_kpi_only_tranches_plan_the_kpi_by_hand() -> None:
    """Video's first ¥1,000 (50/¥), display's ¥2,000 (30/¥), then video's next ¥1,000 (20/¥): 130,000."""
    plan = solve(load_scenario(REACH_PLAN))
    spend = plan.allocation.set_index("channel")["spend"]
    assert spend["video"] == pytest.approx(2000)
    assert spend["display"] == pytest.approx(2000)
    assert plan.objective_value == pytest.approx(130_000)
    assert plan.totals["conversions"] == 0
    assert plan.budget_shadow_price == pytest.approx(20)


def test_solve_table_shows_the_kpi_not_conversions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(REACH_PLAN)]) == 0
    header = capsys.readouterr().out.splitlines()[3].split()
    assert "people" in header
    assert "reached" in header
    for absent in ("conversions", "revenue", "CPA", "ROAS", "units"):
        assert absent not in header


def test_solve_table_shows_units_of_unit_channels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(SCENARIOS / "tmall_flagship" / "event_push.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[3].split()
    assert header[:4] == ["channel", "spend", "share", "units"]
    live = next(line for line in lines if line.startswith("淘宝直播"))
    assert "16" in live.split()


def test_solve_table_of_a_kpi_objective_with_conversions_keeps_money_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(SCENARIOS / "tmall_flagship" / "baseline.yaml")]) == 0
    header = capsys.readouterr().out.splitlines()[3].split()
    assert {"conversions", "revenue", "新客数", "CPA", "ROAS"} <= set(header)
    assert "units" not in header
