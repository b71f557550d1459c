"""Carry-over worked by hand: where a period's response lands, and what the plan counts and reports apart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import InfeasibleError, ScenarioError, solve
from planner.curves.carryover import carryover_landing
from planner.model.i18n import render
from planner.model.scenario import find_problems
from tests.conftest import scenario


def test_weekly_periods_land_as_a_geometric_series() -> None:
    # r = 0.5: a week's response lands 1/2 in its week, 1/4 the next, 1/8 the one after; the rest after.
    landing = carryover_landing((7, 7, 7), 0.5)
    assert landing.into == ((0.5, 0.25, 0.125), (0.0, 0.5, 0.25), (0.0, 0.0, 0.5))
    assert landing.beyond == (0.125, 0.25, 0.5)


def test_a_longer_period_averages_the_weeks_it_is_bought_over() -> None:
    # A 1-week then a 2-week period, r = 0.5. From week 0: 1/4 + 1/8 land in the second period, 1/8 after.
    # Bought evenly over weeks 1 and 2: week 1 lands 1/2 + 1/4 in the period, week 2 lands 1/2: on average
    # 5/8 lands in the period and (1/4 + 1/2) / 2 = 3/8 after.
    landing = carryover_landing((7, 14), 0.5)
    assert landing.into[0] == pytest.approx((0.5, 0.375))
    assert landing.into[1] == pytest.approx((0.0, 0.625))
    assert landing.beyond == pytest.approx((0.125, 0.375))


def test_periods_of_days_decay_by_the_seventh_root() -> None:
    daily = 0.5 ** (1 / 7)
    landing = carryover_landing((1, 1), 0.5)
    assert landing.into[0] == pytest.approx((1 - daily, daily * (1 - daily)))
    assert landing.beyond == pytest.approx((daily**2, daily))


def test_without_carryover_everything_lands_in_its_period() -> None:
    landing = carryover_landing((7, 3, 14), 0.0)
    assert landing.into == ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    assert landing.beyond == (0.0, 0.0, 0.0)


# a: ¥10 per conversion, half of a week's conversions carry into the next week, at most ¥60 in all;
# b: ¥15 per conversion, no carry-over. Two weeks, ¥100.
CHANNELS: list[dict[str, Any]] = [
    {"id": "a", "cost_per_conversion": 10, "carryover": 0.5, "max_spend": 60, "revenue_per_conversion": 100},
    {"id": "b", "cost_per_conversion": 15},
]
CALENDAR: dict[str, Any] = {"start": "2026-11-02", "weeks": 2}


def _row(plan: Any, period: str, channel: str) -> Any:
    rows = plan.periods
    return rows[(rows["period"] == period) & (rows["channel"] == channel)].iloc[0]


def test_conversions_landing_after_the_horizon_are_reported_apart_and_not_counted() -> None:
    # Counted per yuan: a in week 1 lands 1/2 + 1/4 within the horizon, 0.1 × 0.75 = 0.075; a in week 2
    # only 1/2, 0.05; b 1/15 ≈ 0.0667 in either. So a's ¥60 all go to week 1 (6 conversions, 4.5 counted,
    # 1.5 after the horizon) and b takes the other ¥40 (2.667). Total 4.5 + 8/3.
    plan = solve(scenario(CHANNELS, budget=100, calendar=CALENDAR))
    assert plan.objective_value == pytest.approx(4.5 + 40 / 15)
    first, second = "2026-11-02", "2026-11-09"
    assert _row(plan, first, "a")["spend"] == pytest.approx(60.0)
    assert _row(plan, second, "a")["spend"] == pytest.approx(0.0, abs=1e-6)
    # b has no carry-over and nothing tells its weeks apart: ¥20 in each.
    assert _row(plan, first, "b")["spend"] == pytest.approx(20.0)
    a1 = _row(plan, first, "a")
    assert a1["conversions"] == pytest.approx(4.5)  # counted: lands within the two weeks
    assert a1["landed_conversions"] == pytest.approx(3.0)  # half of week 1's 6
    assert a1["beyond_conversions"] == pytest.approx(1.5)
    assert a1["revenue"] == pytest.approx(450.0)
    assert _row(plan, second, "a")["landed_conversions"] == pytest.approx(1.5)  # a quarter of week 1's 6
    assert _row(plan, second, "b")["landed_conversions"] == pytest.approx(20 / 15)
    assert plan.totals["beyond_horizon_conversions"] == pytest.approx(1.5)
    assert plan.totals["conversions"] == pytest.approx(4.5 + 40 / 15)
    # Landed within the horizon plus landed after it is everything bought.
    assert plan.periods is not None
    assert float(plan.periods["landed_conversions"].sum()) + 1.5 == pytest.approx(6 + 40 / 15)
    # The next yuan goes to b (1/15); a's cap costs 0.075 − 1/15 per yuan.
    budget = plan.rules[plan.rules["kind"] == "budget"].iloc[0]
    assert budget["shadow_price"] == pytest.approx(1 / 15)
    assert plan.allocation.set_index("channel").loc["a", "reduced_cost"] == pytest.approx(0.075 - 1 / 15)


def test_crediting_what_lands_after_the_horizon_counts_it() -> None:
    # Credited in full, a buys 0.1 per yuan in either week: its ¥60 are split evenly, 6 conversions; b 40/15.
    calendar = {**CALENDAR, "credit_beyond_horizon": True}
    plan = solve(scenario(CHANNELS, budget=100, calendar=calendar))
    assert plan.objective_value == pytest.approx(6 + 40 / 15)
    a1, a2 = _row(plan, "2026-11-02", "a"), _row(plan, "2026-11-09", "a")
    assert a1["spend"] == pytest.approx(30.0)
    assert a2["spend"] == pytest.approx(30.0)
    # Still reported apart: week 1's 3 conversions leave 1/4 after the horizon, week 2's 3 leave 1/2.
    assert a1["beyond_conversions"] == pytest.approx(0.75)
    assert a2["beyond_conversions"] == pytest.approx(1.5)
    assert a2["landed_conversions"] == pytest.approx(0.75 + 1.5)
    assert plan.totals["beyond_horizon_conversions"] == pytest.approx(2.25)


def test_carryover_without_a_calendar_is_refused_where_it_is_written() -> None:
    problems = find_problems(scenario(CHANNELS, budget=100))
    assert [p.field for p in problems] == ["channels -> 0 (a) -> carryover"]
    assert "needs a calendar block" in render(problems[0].text, "en")
    assert "calendar" in render(problems[0].text, "zh")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    costs=st.lists(st.integers(5, 200), min_size=1, max_size=4, unique=True),
    decays=st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.8]), min_size=4, max_size=4),
    lengths=st.lists(st.integers(1, 21), min_size=1, max_size=5),
    budget=st.integers(100, 5000),
)
def test_carryover_only_moves_conversions_in_time(
    costs: list[int], decays: list[float], lengths: list[int], budget: int
) -> None:
    # Credited beyond the horizon, carry-over changes when conversions land, not how many: the plan is the
    # one-period plan, and what lands in the periods plus what lands after is everything bought.
    channels = [
        {"id": f"c{i}", "cost_per_conversion": float(cost), "max_spend": 40.0 * cost, "carryover": decays[i]}
        for i, cost in enumerate(costs)
    ]
    periods, start = [], date(2026, 1, 5)
    for k, days in enumerate(lengths):
        periods.append({"name": f"p{k}", "start": start, "end": start + timedelta(days=days - 1)})
        start += timedelta(days=days)
    calendar = {"periods": periods, "credit_beyond_horizon": True}
    paced = solve(scenario(channels, budget=budget, calendar=calendar))
    weeks = sum(lengths) / 7
    lump = solve(
        scenario(
            [{k: v for k, v in c.items() if k != "carryover"} for c in channels], budget=budget, period_weeks=weeks
        )
    )
    assert paced.objective_value == pytest.approx(lump.objective_value, rel=1e-7, abs=1e-9)
    assert paced.periods is not None
    landed = float(paced.periods["landed_conversions"].sum()) + paced.totals["beyond_horizon_conversions"]
    assert landed == pytest.approx(paced.totals["conversions"], rel=1e-9, abs=1e-9)


def test_an_impossible_calendar_is_reported_without_a_traceback() -> None:
    # Each of two weeks must spend at least ¥60, and the budget is ¥100: the scenario check says so first.
    calendar = {"start": "2026-11-02", "weeks": 2, "budgets": [{"at_least": 60}]}
    with pytest.raises(ScenarioError, match="each of the 2 periods must spend at least"):
        solve(scenario(CHANNELS, budget=100, calendar=calendar))
    # Named periods that together need more than the budget reach the solver, which finds no plan.
    calendar = {
        "start": "2026-11-02",
        "weeks": 2,
        "budgets": [{"periods": ["2026-11-02", "2026-11-09"], "at_least": 150}],
    }
    with pytest.raises(InfeasibleError):
        solve(scenario(CHANNELS, budget=100, calendar=calendar))
