"""Events worked by hand: money moves to the period where it buys more, until a rule on that period stops it."""

from __future__ import annotations

from typing import Any

import pytest

from planner import solve
from planner.model.i18n import render
from planner.model.scenario import find_problems
from tests.conftest import scenario

WEEK_1, WEEK_2 = "2026-11-02", "2026-11-09"
# a: the first ¥200 (over both weeks: ¥100 a week) at ¥10 per conversion, then ¥40; b: ¥25.
CHANNELS: list[dict[str, Any]] = [
    {
        "id": "a",
        "groups": ["alibaba"],
        "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 40}],
    },
    {"id": "b", "cost_per_conversion": 25},
]
# Double 11 in week 2: a's media returns twice as much.
DOUBLE_11 = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 2}]}


def _plan(calendar: dict[str, Any], channels: list[dict[str, Any]] = CHANNELS, budget: float = 1000) -> Any:
    return solve(scenario(channels, budget=budget, calendar={"start": WEEK_1, "weeks": 2, **calendar}))


def _spend(plan: Any, period: str, channel: str) -> float:
    rows = plan.periods
    return float(rows[(rows["period"] == period) & (rows["channel"] == channel)]["spend"].iloc[0])


def _rule(plan: Any, name: str) -> Any:
    return plan.rules[plan.rules["rule"] == name].iloc[0]


def test_money_moves_to_the_event_where_it_buys_more() -> None:
    # Per yuan: a in week 2 buys 0.2 on its ¥100 cheap tranche, then 0.05; a in week 1 0.1, then 0.025;
    # b 0.04 in either week. So: a's cheap ¥100 in week 2 (20), in week 1 (10), then the other ¥800 on a
    # in week 2 at 0.05 (40). Total 70, and the next yuan of budget buys 0.05.
    plan = _plan({"events": [DOUBLE_11]})
    assert plan.objective_value == pytest.approx(70.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(900.0)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(100.0)
    assert _spend(plan, WEEK_1, "b") + _spend(plan, WEEK_2, "b") == pytest.approx(0.0, abs=1e-6)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.05)


def test_a_cap_on_the_event_week_stops_it_and_its_shadow_price_is_the_difference() -> None:
    # Week 2 at most ¥300: a's cheap ¥100 (20) and ¥200 at 0.05 (10). Week 1 gets the other ¥700: a's cheap
    # ¥100 (10), and b (0.04) beats a's dear tranche (0.025) for the last ¥600 (24). Total 64.
    # A yuan more in week 2 buys 0.05 and frees a yuan of b (0.04): the cap is worth 0.01 a yuan; the
    # budget 0.04 (b).
    calendar = {"events": [DOUBLE_11], "budgets": [{"periods": [WEEK_2], "at_most": 300}]}
    plan = _plan(calendar)
    assert plan.objective_value == pytest.approx(64.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(300.0)
    assert _spend(plan, WEEK_1, "b") == pytest.approx(600.0)
    assert _rule(plan, WEEK_2)["shadow_price"] == pytest.approx(0.01)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.04)
    wider = _plan({"events": [DOUBLE_11], "budgets": [{"periods": [WEEK_2], "at_most": 310}]})
    assert (wider.objective_value - plan.objective_value) / 10 == pytest.approx(0.01)


def test_a_dearer_event_stretches_the_curve_and_overlapping_events_multiply() -> None:
    # a: first ¥200 over both weeks at ¥10, then ¥20; b: ¥12.50, at most ¥100. In week 2 two events meet:
    # one triples a's group's efficiency, the other doubles a's cost. a's week-2 curve is 3·f(x / 2): its
    # cheap tranche is ¥200 wide at 0.1 × 3 / 2 = 0.15, then 0.05 × 1.5 = 0.075.
    # ¥500: a's week-2 cheap ¥200 (30), week-1 cheap ¥100 (10), b's ¥100 (8), ¥100 more of a in week 2 at
    # 0.075 (7.5; week 1's dear tranche buys only 0.05). Total 55.5.
    channels: list[dict[str, Any]] = [
        {
            "id": "a",
            "groups": ["alibaba"],
            "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 20}],
        },
        {"id": "b", "cost_per_conversion": 12.5, "max_spend": 100},
    ]
    events = [
        {"name": "traffic", "periods": [WEEK_2], "multipliers": [{"group": "alibaba", "efficiency": 3}]},
        {"name": "auction", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "cost": 2}]},
    ]
    plan = _plan({"events": events}, channels, budget=500)
    assert plan.objective_value == pytest.approx(55.5)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(300.0)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(100.0)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.075)


def test_event_mistakes_are_located() -> None:
    event = {"name": "D11", "periods": ["2026-11-10"], "multipliers": [{"group": "alibab", "efficiency": 2}]}
    calendar = {"start": WEEK_1, "weeks": 2, "events": [event]}
    problems = find_problems(scenario(CHANNELS, budget=100, calendar=calendar))
    found = {p.field: render(p.text, "en") for p in problems}
    assert found == {
        "calendar -> events -> 0 (D11) -> multipliers -> 0 -> group": "unknown group 'alibab'; did you mean 'alibaba'?",
        "calendar -> events -> 0 (D11) -> periods": "unknown period '2026-11-10'; did you mean '2026-11-09'?",
    }


def test_an_event_on_a_fitted_curve_is_planned_on_the_stretched_curve() -> None:
    # In the event week a fitted channel's conversions at spend x are e·f(x / k) for its weekly curve f;
    # the breakpoints added around the plan put the planned spend on the curve itself, so the reported
    # conversions equal the curve's value there.
    from planner import load_scenario
    from tests.conftest import SCENARIOS

    base = load_scenario(SCENARIOS / "tmall_flagship" / "baseline.yaml")
    channel = base.channels[0].id
    event = {
        "name": "D11",
        "periods": ["2026-11-09"],
        "multipliers": [{"channels": [channel], "efficiency": 1.6, "cost": 1.25}],
    }
    calendar = {"start": "2026-11-02", "weeks": 13, "events": [event]}
    plan = solve(base.vary(period_weeks=None, calendar=calendar))
    assert plan.responses is not None
    assert plan.periods is not None
    curve = plan.responses.by_id()[channel].curve
    assert curve is not None
    for period, efficiency, cost in (("2026-11-02", 1.0, 1.0), ("2026-11-09", 1.6, 1.25)):
        rows = plan.periods[(plan.periods["period"] == period) & (plan.periods["channel"] == channel)]
        spend, conversions = float(rows["spend"].iloc[0]), float(rows["conversions"].iloc[0])
        assert spend > 0
        expected = efficiency * float(curve.curve.value(spend / cost))
        assert conversions == pytest.approx(expected, rel=1e-6)


def test_a_cap_on_one_channel_in_the_event_week_paces_that_channel_only() -> None:
    # As with a cap on the whole week, but on a alone (by its group): a spends ¥300 in week 2 (30); the other
    # ¥700 buy a's cheap ¥100 in week 1 (10) and ¥600 of b (24), in either week. Total 64; the cap is worth
    # 0.05 − 0.04 = 0.01 a yuan, by hand and by finite difference.
    def paced(cap: float) -> Any:
        limit = {"name": "a in D11", "periods": [WEEK_2], "group": "alibaba", "at_most": cap}
        return _plan({"events": [DOUBLE_11], "budgets": [limit]})

    plan = paced(300)
    assert plan.objective_value == pytest.approx(64.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(300.0)
    assert _spend(plan, WEEK_1, "b") + _spend(plan, WEEK_2, "b") == pytest.approx(600.0)
    cap = _rule(plan, "a in D11")
    assert cap["kind"] == "period_limit"
    assert cap["value"] == pytest.approx(300.0)
    assert cap["shadow_price"] == pytest.approx(0.01)
    assert (paced(310).objective_value - plan.objective_value) / 10 == pytest.approx(0.01)
    assert "'a in D11' binds" in plan.explain("en")


def test_a_floor_on_a_channel_in_every_period_keeps_it_on_air() -> None:
    # b at least ¥50 in each week (though a in week 2 buys more): ¥100 of b (4); a gets the other ¥900:
    # cheap ¥100 in each week (30) and ¥700 at 0.05 in week 2 (35). Total 69; each floor costs 0.05 − 0.04.
    limit = {"channels": ["b"], "at_least": 50}
    plan = _plan({"events": [DOUBLE_11], "budgets": [limit]})
    assert plan.objective_value == pytest.approx(69.0)
    floors = plan.rules[plan.rules["kind"] == "period_limit"]
    assert floors["rule"].tolist() == [WEEK_1, WEEK_2]
    assert floors["shadow_price"].tolist() == pytest.approx([-0.01, -0.01])


def test_a_period_limit_on_an_unknown_group_is_located() -> None:
    calendar = {"start": WEEK_1, "weeks": 2, "budgets": [{"group": "alibab", "at_most": 10}]}
    problems = find_problems(scenario(CHANNELS, budget=100, calendar=calendar))
    assert [(p.field, render(p.text, "en")) for p in problems] == [
        ("calendar -> budgets -> 0 -> group", "unknown group 'alibab'; did you mean 'alibaba'?")
    ]


def test_smoothing_holds_back_the_spike_and_its_price_per_unit_of_the_limit() -> None:
    # a may change by at most 50% from week to week; b costs ¥30 now (1/30 a yuan). Unpaced, a would put
    # ¥900 in week 2. Paced, ¥1 more in week 2 needs ¥2/3 more in week 1: 0.05 + (2/3)·0.025 beats
    # (5/3)·(1/30), so a takes everything with week 2 = 1.5 × week 1: ¥400 and ¥600.
    # Week 1: 100·0.1 + 300·0.025 = 17.5; week 2: 100·0.2 + 500·0.05 = 45. Total 62.5.
    # Budget: a yuan split 0.4 / 0.6 buys 0.4·0.025 + 0.6·0.05 = 0.04. The rise row x2 − 1.5·x1 ≤ 0 is
    # worth 0.4·(0.05 − 0.025) = 0.01 per yuan of slack, so 0.01 × ¥400 = 4 per unit of the 50%.
    channels = [CHANNELS[0], {"id": "b", "cost_per_conversion": 30}]

    def paced(change: float) -> Any:
        return _plan({"events": [DOUBLE_11], "smoothing": [{"channels": ["a"], "max_change": change}]}, channels)

    plan = paced(0.5)
    assert plan.objective_value == pytest.approx(62.5)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(400.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(600.0)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.04)
    rise = plan.rules[(plan.rules["kind"] == "smoothing") & (plan.rules["sense"] == "<=")].iloc[0]
    assert rise["rule"] == f"a {WEEK_1} → {WEEK_2}"  # an unnamed entry: named after its channels
    assert rise["value"] == pytest.approx(0.5)
    assert bool(rise["binding"])
    assert rise["shadow_price"] == pytest.approx(4.0)
    fall = plan.rules[(plan.rules["kind"] == "smoothing") & (plan.rules["sense"] == ">=")].iloc[0]
    assert not bool(fall["binding"])
    step = 1e-4
    assert (paced(0.5 + step).objective_value - plan.objective_value) / step == pytest.approx(4.0, rel=1e-3)


def test_smoothing_compares_spend_per_week_in_periods_of_different_lengths() -> None:
    # Week 1 then a 2-week period; a constant-CPA channel alone with ¥900 and at most 0% change: equal spend
    # per week, so ¥300 and ¥600.
    periods = [
        {"name": "one", "start": "2026-11-02", "end": "2026-11-08"},
        {"name": "two", "start": "2026-11-09", "end": "2026-11-22"},
    ]
    calendar = {"periods": periods, "smoothing": [{"max_change": "0%"}]}
    plan = solve(scenario([{"id": "a", "cost_per_conversion": 10}], budget=900, calendar=calendar))
    assert _spend(plan, "one", "a") == pytest.approx(300.0)
    assert _spend(plan, "two", "a") == pytest.approx(600.0)


def test_a_daily_cap_is_the_cap_per_day_times_the_days_of_each_period() -> None:
    # A 1-day period then a 6-day one, a constant-CPA channel and ¥1,000; at most ¥100 a day: ¥100 and ¥600.
    periods = [
        {"name": "11.11", "start": "2026-11-11", "end": "2026-11-11"},
        {"name": "returns", "start": "2026-11-12", "end": "2026-11-17"},
    ]
    calendar = {"periods": periods, "budgets": [{"at_most": 100, "per_day": True}]}
    plan = solve(scenario([{"id": "a", "cost_per_conversion": 10}], budget=1000, calendar=calendar))
    assert _spend(plan, "11.11", "a") == pytest.approx(100.0)
    assert _spend(plan, "returns", "a") == pytest.approx(600.0)
    assert plan.objective_value == pytest.approx(70.0)
    caps = plan.rules[plan.rules["kind"] == "period_budget"]
    assert caps["limit"].tolist() == pytest.approx([100.0, 600.0])
    # Each cap is worth what ¥1 buys (0.1), since the budget does not bind.
    assert caps["shadow_price"].tolist() == pytest.approx([0.1, 0.1])


def test_a_limit_cannot_be_a_share_and_per_day() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="either a share of the budget or an amount per_day"):
        scenario(
            CHANNELS,
            budget=100,
            calendar={"start": WEEK_1, "weeks": 2, "budgets": [{"at_most": "10%", "per_day": True}]},
        )


def test_replanning_mid_flight_keeps_what_was_spent_and_plans_the_rest() -> None:
    # Week 1 is over: a spent ¥400 (its cheap ¥100 at 0.1 and ¥300 dear at 0.025: 17.5) and b nothing.
    # The other ¥600 go to week 2: a's cheap ¥100 (10), then b (0.04) beats a's dear tranche: ¥500 (20).
    # Total 47.5; the next yuan buys b, 0.04.
    calendar = {"actuals": [{"period": WEEK_1, "channel": "a", "spend": 400}]}
    plan = _plan(calendar)
    assert plan.objective_value == pytest.approx(47.5)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(400.0)
    assert _spend(plan, WEEK_1, "b") == pytest.approx(0.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(100.0)
    assert _spend(plan, WEEK_2, "b") == pytest.approx(500.0)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.04)


def test_actual_spend_beyond_the_curve_goes_on_at_its_last_rate() -> None:
    # a's curve ends at ¥100 a week (a tranche end); week 1 really spent ¥150: the extra ¥50 at ¥10 (5).
    channels = [{"id": "a", "tranches": [{"up_to": 200, "cost_per_conversion": 10}]}]
    calendar = {"actuals": [{"period": WEEK_1, "channel": "a", "spend": 150}]}
    plan = _plan(calendar, channels, budget=1000)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(150.0)
    assert _spend(plan, WEEK_2, "a") == pytest.approx(100.0)
    assert plan.objective_value == pytest.approx(25.0)


def test_actual_mistakes_are_located() -> None:
    actuals = [
        {"period": "2026-11-02x", "channel": "a", "spend": 1},
        {"period": WEEK_1, "channel": "c", "spend": 1},
        {"period": WEEK_1, "channel": "b", "spend": 1},
        {"period": WEEK_1, "channel": "b", "spend": 2},
    ]
    calendar = {"start": WEEK_1, "weeks": 2, "actuals": actuals}
    found = {p.field: render(p.text, "en") for p in find_problems(scenario(CHANNELS, budget=100, calendar=calendar))}
    assert found == {
        "calendar -> actuals -> 0 -> period": "unknown period '2026-11-02x'; did you mean '2026-11-02'?",
        "calendar -> actuals -> 1 -> channel": "unknown channel 'c' (known: a, b)",
        "calendar -> actuals -> 3 -> channel": "b has two actuals for period '2026-11-02'; give one",
    }


def test_minimum_periods_on_air_keeps_a_channel_running_outside_the_event() -> None:
    # Three weeks; a costs ¥10 a conversion and Double 11 (week 2) triples what it returns: unpaced all
    # ¥1,000 go to week 2 (300). On air in all three weeks at ¥100 or more: ¥100 in weeks 1 and 3 (10 each)
    # and ¥800 in week 2 (240): 260. On air in two: ¥100 in one other week: 280.
    channels = [{"id": "a", "cost_per_conversion": 10}]
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 3}]}

    def paced(periods: int) -> Any:
        calendar = {
            "weeks": 3,
            "events": [event],
            "on_air": [{"channels": ["a"], "periods": periods, "min_spend": 100}],
        }
        return _plan(calendar, channels)

    free = _plan({"weeks": 3, "events": [event]}, channels)
    assert free.objective_value == pytest.approx(300.0)
    plan = paced(3)
    assert plan.is_mip
    assert plan.objective_value == pytest.approx(260.0)
    assert _spend(plan, WEEK_1, "a") == pytest.approx(100.0)
    assert _spend(plan, "2026-11-16", "a") == pytest.approx(100.0)
    rule = _rule(plan, "a")
    assert rule["kind"] == "on_air"
    assert rule["value"] == 3
    assert bool(rule["binding"])
    assert paced(2).objective_value == pytest.approx(280.0)


def test_on_air_in_more_periods_than_the_calendar_has_is_refused() -> None:
    calendar = {"start": WEEK_1, "weeks": 2, "on_air": [{"group": "alibaba", "periods": 3, "min_spend": 1}]}
    problems = find_problems(scenario(CHANNELS, budget=100, calendar=calendar))
    assert [(p.field, render(p.text, "en")) for p in problems] == [
        ("calendar -> on_air -> 0 -> periods", "on air in 3 periods, but the calendar has 2")
    ]
