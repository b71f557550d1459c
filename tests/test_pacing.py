"""Pacing worked by hand: even pacing among optimal plans, smoothing with an allowance or per channel,
on-air rules on a group's total and per day, and the warm re-solve of a prepared calendar."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import PlannerError, load_scenario, solve
from planner.model.i18n import render
from planner.optimize.pipeline import optimize, prepare
from tests.conftest import ROOT, scenario

WEEK_1, WEEK_2, WEEK_3, WEEK_4 = "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"
# a: ¥10 a conversion; b: its first ¥400 over the calendar at ¥10, then ¥20.
TIED: list[dict[str, Any]] = [
    {"id": "a", "cost_per_conversion": 10},
    {"id": "b", "tranches": [{"up_to": 400, "cost_per_conversion": 10}, {"cost_per_conversion": 20}]},
]


def _write(folder: Path, text: str) -> Path:
    path = folder / "paced.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _spend(plan: Any, period: str, channel: str) -> float:
    rows = plan.periods
    return float(rows[(rows["period"] == period) & (rows["channel"] == channel)]["spend"].iloc[0])


def _weekly(plan: Any, channel: str, weeks: tuple[str, ...] = (WEEK_1, WEEK_2, WEEK_3, WEEK_4)) -> list[float]:
    return [_spend(plan, week, channel) for week in weeks]


# -- even pacing among optimal plans ---------------------------------------------------------------------


def test_a_weekly_cap_no_longer_comes_out_lumpy_on_the_command_line(tmp_path: Path) -> None:
    # ¥1,000 over 4 weeks, at most ¥400 a week. b's cheap ¥400 (¥100 a week) and a at ¥10 tie with it; b's
    # dear tranche (¥20) loses: b ¥400 → 40, a ¥600 → 60, total 100, and the next yuan buys 0.1. Every split of
    # a's ¥600 under the weekly cap is optimal: the solver's vertex put ¥300, ¥300, 0, 0 (before this change);
    # the even one is ¥150 a week.
    document = (
        "name: paced\n"
        "budget: 1000\n"
        "channels:\n"
        "  - {id: a, cost_per_conversion: 10}\n"
        "  - id: b\n"
        "    tranches: [{up_to: 400, cost_per_conversion: 10}, {cost_per_conversion: 20}]\n"
        "calendar:\n"
        "  start: 2026-11-02\n"
        "  weeks: 4\n"
        "  budgets:\n"
        "    - at_most: 400      # every week on its own\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "planner.cli", "solve", str(_write(tmp_path, document)), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["objective"]["value"] == pytest.approx(100.0)
    spend = {(row["period"], row["channel"]): row["spend"] for row in output["periods"]}
    assert [spend[week, "a"] for week in (WEEK_1, WEEK_2, WEEK_3, WEEK_4)] == pytest.approx([150.0] * 4)
    assert [spend[week, "b"] for week in (WEEK_1, WEEK_2, WEEK_3, WEEK_4)] == pytest.approx([100.0] * 4)
    budget = next(rule for rule in output["rules"] if rule["kind"] == "budget")
    assert budget["shadow_price"] == pytest.approx(0.1)


def test_even_where_the_optimum_allows_and_the_event_week_at_its_cap() -> None:
    # Double 11 in week 2 doubles a (0.2 a yuan there, 0.1 elsewhere); at most ¥400 a week, ¥1,000 in all.
    # Optimum: week 2 at its cap (¥400 → 80), the other ¥600 anywhere in weeks 1, 3, 4 (→ 60): 140. The
    # three ordinary weeks are alike, so even pacing gives each ¥200. The cap of week 2 is worth 0.2 − 0.1.
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
    calendar = {"start": WEEK_1, "weeks": 4, "budgets": [{"at_most": 400}], "events": [event]}
    plan = solve(scenario([TIED[0]], budget=1000, calendar=calendar))
    assert plan.objective_value == pytest.approx(140.0)
    assert _weekly(plan, "a") == pytest.approx([200.0, 400.0, 200.0, 200.0])
    caps = plan.rules[plan.rules["kind"] == "period_budget"]
    assert caps["shadow_price"].tolist() == pytest.approx([0.0, 0.1, 0.0, 0.0])


def test_pacing_keeps_the_objective_and_duals_of_the_first_solve() -> None:
    # The smoothing example of test_events (a unique optimum: ¥400 then ¥600, 62.5; budget worth 0.04):
    # the second solve has nothing to move and the plan is exactly the first solve's.
    channels: list[dict[str, Any]] = [
        {"id": "a", "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 40}]},
        {"id": "b", "cost_per_conversion": 30},
    ]
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
    calendar = {"start": WEEK_1, "weeks": 2, "events": [event], "smoothing": [{"channels": ["a"], "max_change": 0.5}]}
    plan = solve(scenario(channels, budget=1000, calendar=calendar))
    assert plan.objective_value == pytest.approx(62.5)
    assert _weekly(plan, "a", (WEEK_1, WEEK_2)) == pytest.approx([400.0, 600.0])
    assert plan.rules[plan.rules["rule"] == "budget"]["shadow_price"].iloc[0] == pytest.approx(0.04)


def test_the_second_solve_is_skipped_when_the_optimum_is_unique() -> None:
    from planner.optimize.pipeline import _Inputs
    from planner.optimize.solver import HighsSession

    channels: list[dict[str, Any]] = [
        {"id": "a", "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 40}]}
    ]
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
    unique = {"start": WEEK_1, "weeks": 2, "events": [event], "smoothing": [{"max_change": 0.5}]}
    tied = {"start": WEEK_1, "weeks": 4, "budgets": [{"at_most": 400}]}
    for calendar, ties in ((unique, False), (tied, True)):
        chosen = channels if ties is False else TIED
        inputs = _Inputs.of(scenario(chosen, budget=1000, calendar=calendar), None, None)
        lp, _, _ = inputs.optimum(None)
        session = HighsSession(lp)
        session.run()
        assert session.may_tie() is ties


# -- smoothing ---------------------------------------------------------------------------------------------


def _restart(or_by: float) -> Any:
    # Week 1 is over: b spent ¥100 and a nothing. a (¥10) may change by 50% of the week before, or by `or_by`.
    channels = [{"id": "a", "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 20}]
    calendar = {
        "start": WEEK_1,
        "weeks": 2,
        "actuals": [{"period": WEEK_1, "channel": "b", "spend": 100}],
        "smoothing": [{"channels": ["a"], "max_change": "50%", "or_by": or_by, "per": "channel"}],
    }
    return solve(scenario(channels, budget=1000, calendar=calendar))


def test_an_allowance_lets_a_channel_at_zero_start_again() -> None:
    # Without an allowance a stays at 0 (0 ≤ 1.5 × 0): b takes the other ¥900 → 5 + 45 = 50. With ¥300 a
    # week allowed: a ¥300 (30), b ¥600 (30) + week 1's 5: 65. Each yuan of allowance is worth 0.1 − 0.05.
    stuck, restarted = _restart(0), _restart(300)
    assert stuck.objective_value == pytest.approx(50.0)
    assert _spend(stuck, WEEK_2, "a") == pytest.approx(0.0)
    assert restarted.objective_value == pytest.approx(65.0)
    assert _spend(restarted, WEEK_2, "a") == pytest.approx(300.0)
    assert _spend(restarted, WEEK_2, "b") == pytest.approx(600.0)
    rise = restarted.rules[(restarted.rules["kind"] == "smoothing") & (restarted.rules["sense"] == "<=")].iloc[0]
    assert rise["rule"] == f"a {WEEK_1} → {WEEK_2}"
    assert bool(rise["binding"])
    step = 1.0
    assert _restart(300 + step).objective_value - restarted.objective_value == pytest.approx(0.05)


def test_smoothing_the_total_or_each_channel() -> None:
    # Two weeks, ¥1,000; a and b at ¥10, Double 11 doubles a in week 2; a at most ¥600 over the calendar.
    # Total spend equal in both weeks (0%): week 2 all a (¥500 → 100), week 1 a's other ¥100 and b ¥400
    # (→ 50): 150. Each channel equal in both weeks: a ¥300 + ¥300 (30 + 60), b ¥200 + ¥200 (40): 130.
    channels = [{"id": "a", "cost_per_conversion": 10, "max_spend": 600}, {"id": "b", "cost_per_conversion": 10}]
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"channels": ["a"], "efficiency": 2}]}

    def smoothed(per: str) -> Any:
        calendar = {"start": WEEK_1, "weeks": 2, "events": [event], "smoothing": [{"max_change": 0, "per": per}]}
        return solve(scenario(channels, budget=1000, calendar=calendar))

    total, each = smoothed("total"), smoothed("channel")
    assert total.objective_value == pytest.approx(150.0)
    weeks = (WEEK_1, WEEK_2)
    assert [
        a + b for a, b in zip(_weekly(total, "a", weeks), _weekly(total, "b", weeks), strict=True)
    ] == pytest.approx([500.0, 500.0])
    assert _spend(total, WEEK_2, "a") == pytest.approx(500.0)
    assert each.objective_value == pytest.approx(130.0)
    assert _weekly(each, "a", weeks) == pytest.approx([300.0, 300.0])
    assert _weekly(each, "b", weeks) == pytest.approx([200.0, 200.0])
    assert sorted(set(each.rules[each.rules["kind"] == "smoothing"]["rule"])) == [
        f"a {WEEK_1} → {WEEK_2}",
        f"b {WEEK_1} → {WEEK_2}",
    ]


def test_smoothing_rules_are_explained_by_name_in_both_languages() -> None:
    plan = _restart(300)
    assert f"'smoothing a {WEEK_1} → {WEEK_2}'" in plan.explain("en")
    assert f"「平滑 a {WEEK_1} → {WEEK_2}」" in plan.explain("zh")


# -- on air ------------------------------------------------------------------------------------------------


def _on_air(rule: dict[str, Any]) -> Any:
    # Three weeks, a and b at ¥10, Double 11 in week 2 triples both; ¥1,000. Unpaced: all in week 2 (300).
    channels = [
        {"id": "a", "groups": ["live"], "cost_per_conversion": 10},
        {"id": "b", "groups": ["live"], "cost_per_conversion": 10},
    ]
    event = {"name": "Double 11", "periods": [WEEK_2], "multipliers": [{"group": "live", "efficiency": 3}]}
    calendar = {"start": WEEK_1, "weeks": 3, "events": [event], "on_air": [{"group": "live", "periods": 3, **rule}]}
    return solve(scenario(channels, budget=1000, calendar=calendar))


def test_on_air_per_channel_per_total_and_per_day() -> None:
    # Each channel ≥ ¥100 in every week: ¥100 of a and of b in weeks 1 and 3 (40), ¥600 in week 2 (180): 220.
    each = _on_air({"min_spend": 100})
    assert each.objective_value == pytest.approx(220.0)
    # The group's total ≥ ¥100 in every week: ¥100 in weeks 1 and 3 (20), ¥800 in week 2 (240): 260.
    together = _on_air({"min_spend": 100, "per": "total"})
    assert together.objective_value == pytest.approx(260.0)
    week_1 = _spend(together, WEEK_1, "a") + _spend(together, WEEK_1, "b")
    assert week_1 == pytest.approx(100.0)
    rule = together.rules[together.rules["kind"] == "on_air"]
    assert rule["rule"].tolist() == ["live"]
    assert rule["value"].tolist() == [3.0]
    # ¥20 a day is ¥140 a week: ¥140 in weeks 1 and 3 (28), ¥720 in week 2 (216): 244.
    daily = _on_air({"min_spend": 20, "per": "total", "per_day": True})
    assert daily.objective_value == pytest.approx(244.0)


# -- warm re-solve -----------------------------------------------------------------------------------------

# a has a floor over the calendar and must be on air 3 weeks of 4 (a MILP); each week at most 40% of the
# budget; Double 11 makes c 1.5× as good in week 2; b changes by at most 50% a week, or by ¥20. No two channels
# cost the same (¥10, ¥11, ¥12): where channels tie, warm and cold may pick different optima of equal value.
WARM = """\
name: warm
currency: CNY
budget: 1000
channels:
  - {id: a, groups: [live], cost_per_conversion: 10, min_spend: 300}
  - id: b
    tranches: [{up_to: 400, cost_per_conversion: 11}, {cost_per_conversion: 20}]
  - id: c
    tranches: [{up_to: 800, cost_per_conversion: 12}, {cost_per_conversion: 32}]
calendar:
  start: 2026-11-02
  weeks: 4
  budgets:
    - at_most: 40%
  events:
    - {name: Double 11, periods: [2026-11-09], multipliers: [{channels: [c], efficiency: 1.5}]}
  smoothing:
    - {channels: [b], max_change: 50%, or_by: 20}
  on_air:
    - {group: live, periods: 3, min_spend: 50}
"""


def _warm_scenario() -> Any:
    with tempfile.TemporaryDirectory() as folder:
        return load_scenario(_write(Path(folder), WARM))


def _same(warm: Any, cold: Any) -> None:
    assert warm.objective_value == pytest.approx(cold.objective_value, rel=1e-7)
    assert warm.allocation["spend"].tolist() == pytest.approx(cold.allocation["spend"].tolist(), rel=1e-6, abs=1e-6)
    assert warm.periods["spend"].tolist() == pytest.approx(cold.periods["spend"].tolist(), rel=1e-6, abs=1e-6)
    assert warm.rules["limit"].tolist() == pytest.approx(cold.rules["limit"].tolist())
    assert warm.rules["shadow_price"].tolist() == pytest.approx(cold.rules["shadow_price"].tolist(), abs=1e-9)


def test_a_prepared_calendar_re_solves_warm_as_a_cold_solve_through_no_plan_and_back() -> None:
    # a's floor of ¥300 over the calendar is above a budget of ¥200: no plan (and the same reason as cold).
    loaded = _warm_scenario()
    prepared = prepare(loaded)
    for budget in (1000, 1500, 600, 3000):
        _same(prepared.solve(budget), optimize(loaded, budget=budget))
    with pytest.raises(PlannerError) as warm_error:
        prepared.solve(200)
    with pytest.raises(PlannerError) as cold_error:
        optimize(loaded, budget=200)
    assert render(warm_error.value.problems[0].text, "en") == render(cold_error.value.problems[0].text, "en")
    for budget in (1000, 1200):
        _same(prepared.solve(budget), optimize(loaded, budget=budget))
    assert prepared.warm == 6
    # The per-period cap is 40% of each budget: at ¥1,500 it is ¥600 a week.
    plan = prepared.solve(1500)
    assert plan.rules[plan.rules["kind"] == "period_budget"]["limit"].tolist() == pytest.approx([600.0] * 4)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.floats(min_value=350, max_value=5000), min_size=2, max_size=4))
def test_warm_re_solves_equal_cold_ones_in_any_order(budgets: list[float]) -> None:
    loaded = _warm_scenario()
    prepared = prepare(loaded)
    for budget in budgets:
        _same(prepared.solve(budget), optimize(loaded, budget=budget))


def test_an_on_air_minimum_per_day_above_a_weekly_cap_is_named_per_day_in_the_conflict() -> None:
    # On air both weeks at ¥200 a day is ¥1,400 a week, but a is capped at ¥1,000 a week: no plan. Raising the
    # cap to ¥1,400 fixes it; the on-air rule is named with its amount a day.
    calendar = {
        "start": WEEK_1,
        "weeks": 2,
        "on_air": [{"channels": ["a"], "periods": 2, "min_spend": 200, "per_day": True}],
        "budgets": [{"channels": ["a"], "at_most": 1000}],
    }
    channels = [{"id": "a", "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 20}]
    with pytest.raises(PlannerError) as error:
        solve(scenario(channels, budget=10_000, currency="CNY", calendar=calendar))
    english = [render(problem.text, "en") for problem in error.value.problems]
    assert "raise spend on a in each period from ¥1,000 to ¥1,400" in english[0]
    assert "the periods on air of a at ¥200 a day or more" in english[1]
    assert "每天 ¥200" in render(error.value.problems[1].text, "zh")


def test_a_prepared_one_period_scenario_re_solves_warm_too() -> None:
    # No calendar: a ¥10 capped at ¥600, b ¥20, c ¥50. At ¥1,000: a ¥600 (60) + b ¥400 (20) = 80; at ¥500
    # all on a (50); at ¥2,000: a ¥600 (60) + b ¥1,400 (70) = 130.
    loaded = scenario(
        [
            {"id": "a", "cost_per_conversion": 10, "max_spend": 600},
            {"id": "b", "cost_per_conversion": 20},
            {"id": "c", "cost_per_conversion": 50},
        ],
        budget=1000,
    )
    prepared = prepare(loaded)
    for budget, conversions in ((1000, 80.0), (500, 50.0), (2000, 130.0)):
        plan = prepared.solve(budget)
        assert plan.objective_value == pytest.approx(conversions)
        assert plan.allocation["spend"].tolist() == pytest.approx(
            optimize(loaded, budget=budget).allocation["spend"].tolist()
        )
    assert prepared.warm == 3
