"""What the outputs show: the plan's own measures, and duals exact enough to multiply."""

from __future__ import annotations

import json

import pytest

from planner import solve
from planner.io import to_json
from tests.conftest import scenario


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
