"""Pacing rules and the periods already run: what they spent is a fact, so rules on them alone are not rows.

A platform overruns a daily cap, a budget jumps more than the smoothing allows: re-planning the rest of the
calendar must still work, and the step from the last period run into the first one planned is still paced.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from planner import Plan, solve
from tests.conftest import scenario

CHANNELS: list[dict[str, Any]] = [{"id": "a", "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 20}]


def _periods(plan: Plan) -> pd.DataFrame:
    assert plan.periods is not None
    return plan.periods


def _rows(plan: Any) -> list[str]:
    return list(plan.rules["rule"])


def test_a_daily_cap_overrun_in_a_period_run_leaves_the_rest_plannable() -> None:
    # Week 1 ran a at ¥1,000 although its cap is ¥100 a day (¥700 a week). Of the ¥2,000, ¥1,000 is left:
    # a takes its cap in week 2 (¥700, 70 conversions), b the other ¥300 (15). Total 100 + 70 + 15 = 185.
    calendar = {
        "start": "2026-11-02",
        "weeks": 2,
        "budgets": [{"name": "a daily cap", "channels": ["a"], "at_most": 100, "per_day": True}],
        "actuals": [{"period": "2026-11-02", "channel": "a", "spend": 1000}],
    }
    plan = solve(scenario(CHANNELS, budget=2000, calendar=calendar))
    assert plan.objective_value == pytest.approx(185.0)
    spend = {(row.period, row.channel): row.spend for row in _periods(plan).itertuples()}
    assert spend[("2026-11-09", "a")] == pytest.approx(700.0)
    assert spend[("2026-11-09", "b")] == pytest.approx(300.0)
    assert _rows(plan) == ["budget", "a daily cap 2026-11-09"]  # no row for the week that ran


def test_smoothing_paces_the_step_out_of_the_periods_run_but_not_between_them() -> None:
    # Weeks 1 and 2 ran a at ¥1,000 then ¥2,000 (+100%, beyond ±10%): history. Week 3 is within ±10% of week 2:
    # a ≤ ¥2,200. Of the ¥6,000, ¥3,000 is left: a ¥2,200 (220 conversions), b ¥800 (40). Total 100 + 200 + 260.
    calendar = {
        "start": "2026-11-02",
        "weeks": 3,
        "smoothing": [{"channels": ["a"], "max_change": "10%"}],
        "actuals": [
            {"period": "2026-11-02", "channel": "a", "spend": 1000},
            {"period": "2026-11-09", "channel": "a", "spend": 2000},
        ],
    }
    plan = solve(scenario(CHANNELS, budget=6000, calendar=calendar))
    assert plan.objective_value == pytest.approx(560.0)
    week3 = _periods(plan)[_periods(plan)["period"] == "2026-11-16"].set_index("channel")["spend"]
    assert week3["a"] == pytest.approx(2200.0)
    assert week3["b"] == pytest.approx(800.0)
    smoothing = plan.rules[plan.rules["kind"] == "smoothing"]
    assert set(smoothing["rule"]) == {"a 2026-11-09 → 2026-11-16"}  # named after what it smooths
    rise = smoothing[smoothing["limit"] > 0].iloc[0]
    # Raising the limit by 1.0 lets a take ¥2,000 more in week 3 from b: (1/10 − 1/20) × 2,000 = 100 conversions.
    assert rise["shadow_price"] == pytest.approx(100.0)


def test_a_limit_on_periods_run_and_to_come_still_counts_what_ran() -> None:
    # "Weeks 1 + 2 at most ¥1,500 together": week 1 ran ¥1,000, so week 2 may spend ¥500 at most.
    calendar = {
        "start": "2026-11-02",
        "weeks": 3,
        "budgets": [{"periods": ["2026-11-02", "2026-11-09"], "at_most": 1500}],
        "actuals": [{"period": "2026-11-02", "channel": "a", "spend": 1000}],
    }
    plan = solve(scenario(CHANNELS, budget=3000, calendar=calendar))
    week2 = _periods(plan)[_periods(plan)["period"] == "2026-11-09"]["spend"].sum()
    assert week2 == pytest.approx(500.0, abs=1e-6)
    assert "2026-11-02 + 2026-11-09" in _rows(plan)
