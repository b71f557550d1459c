"""Channels paid as they really are: commissions, live sessions, set-up fees, thresholds, discounts (issue 12).

Each test's docstring shows the working on paper; docs/economics-design.md says how each becomes LP rows.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner import InfeasibleError, Scenario, load_scenario, solve
from planner.model.errors import PlannerError, ScenarioError
from planner.optimize.pipeline import check_scenario


def plan_of(**fields: Any):
    return solve(Scenario.model_validate({"name": "economics", **fields}))


def row(plan, channel: str):
    return plan.allocation.set_index("channel").loc[channel]


def rule(plan, name: str):
    rows = plan.rules[plan.rules["rule"] == name]
    assert len(rows) == 1
    return rows.iloc[0]


TAOKE = {"id": "taoke", "commission": {"rate": "20%", "service_fee": "5%", "max_revenue": 10_000}}
SEARCH = {"id": "ztc", "cost_per_conversion": 50, "revenue_per_conversion": 100}


def test_commission_counts_in_the_budget_and_in_cpa_and_roas() -> None:
    """Taoke costs 25% of what it sells: ¥4 of revenue per ¥1, up to ¥10,000 a week × 4 weeks = ¥40,000.

    Its ¥10,000 of commission comes out of the ¥20,000 budget; search gets the other ¥10,000 (ROAS 2):
    revenue 40,000 + 20,000. Taoke's 400 orders at ¥100 cost ¥25 each (commission included), ROAS 4.
    """
    plan = plan_of(
        period_weeks=4,
        budget=20_000,
        objective="maximize revenue",
        channels=[{**TAOKE, "revenue_per_conversion": 100}, SEARCH],
    )
    assert plan.objective_value == pytest.approx(60_000)
    taoke = row(plan, "taoke")
    assert taoke["spend"] == pytest.approx(10_000)
    assert taoke["commission"] == pytest.approx(10_000)
    assert taoke["cpa"] == pytest.approx(25)
    assert taoke["roas"] == pytest.approx(4)
    assert taoke["at_bound"] == "cap"
    assert plan.totals["spend"] == pytest.approx(20_000)
    assert plan.totals["cpa"] == pytest.approx(20_000 / 600)
    assert rule(plan, "budget")["shadow_price"] == pytest.approx(2)


def test_a_separate_commission_budget_has_its_own_price() -> None:
    """With ¥5,000 for commissions apart, taoke sells 5,000 × 4 = ¥20,000 and the whole ¥20,000 goes to search.

    Another ¥1 of commission budget buys ¥4 of revenue, another ¥1 of budget ¥2.
    """
    plan = plan_of(
        period_weeks=4,
        budget={"amount": 20_000, "commission_budget": 5_000},
        objective="maximize revenue",
        channels=[{**TAOKE, "revenue_per_conversion": 100}, SEARCH],
    )
    assert row(plan, "taoke")["spend"] == pytest.approx(5_000)
    assert row(plan, "ztc")["spend"] == pytest.approx(20_000)
    assert rule(plan, "budget")["value"] == pytest.approx(20_000)  # spend less commission
    assert rule(plan, "commission_budget")["value"] == pytest.approx(5_000)
    assert rule(plan, "commission_budget")["shadow_price"] == pytest.approx(4)
    assert rule(plan, "budget")["shadow_price"] == pytest.approx(2)
    assert plan.totals["spend"] == pytest.approx(25_000)  # everything paid, both pots


LIVE: dict[str, Any] = {
    "id": "live",
    "sessions": {"fee": 1_000, "commission": "10%", "revenue": [10_000, 6_000, 2_000]},
    "revenue_per_conversion": 100,
}


def test_live_sessions_with_falling_yield() -> None:
    """One week. Session 1 costs 1,000 + 10% × 10,000 = 2,000 for ¥10,000 (ROAS 5); session 2 costs 1,600 for
    ¥6,000 (3.75); session 3 costs 1,200 for ¥2,000 (1.67), below search's 2.

    ¥5,000: sessions 1 and 2 (3,600) and search 1,400 (2,800): ¥18,800 from 2 sessions.
    """
    plan = plan_of(period_weeks=1, budget=5_000, objective="maximize revenue", channels=[LIVE, SEARCH])
    assert plan.objective_value == pytest.approx(18_800)
    live = row(plan, "live")
    assert live["units"] == pytest.approx(2)
    assert live["spend"] == pytest.approx(3_600)
    assert live["commission"] == pytest.approx(1_600)
    assert plan.is_mip


def test_whole_sessions_are_bought_whole() -> None:
    """¥3,000 in one week: session 1 (2,000) fits, session 2 (1,600) does not. Whole sessions: 1 session and
    search 1,000 → 10,000 + 2,000 = 12,000. Part sessions may buy 1,000/1,600 of session 2 → 10,000 + 3,750.
    """
    whole = plan_of(period_weeks=1, budget=3_000, objective="maximize revenue", channels=[LIVE, SEARCH])
    assert whole.objective_value == pytest.approx(12_000)
    assert row(whole, "live")["units"] == pytest.approx(1)
    part = {**LIVE, "sessions": {**LIVE["sessions"], "whole": False}}
    parted = plan_of(period_weeks=1, budget=3_000, objective="maximize revenue", channels=[part, SEARCH])
    assert parted.objective_value == pytest.approx(13_750)
    assert row(parted, "live")["units"] == pytest.approx(1.625)


def test_sessions_with_a_decay_and_weeks() -> None:
    """first 10,000, decay 0.5, at most 3 a week: 10,000, 5,000, 2,500; fee 2,000, no commission.

    ROAS 5, 2.5, 1.25 against search's 2: two sessions a week, over 4 weeks 8 sessions for ¥16,000 and
    ¥60,000; the rest of ¥20,000 (¥4,000) in search: ¥8,000. The cap is 12 sessions (¥24,000).
    """
    live = {"id": "live", "sessions": {"fee": 2_000, "first": 10_000, "decay": 0.5, "max_per_week": 3}}
    plan = plan_of(
        period_weeks=4,
        budget=20_000,
        objective="maximize revenue",
        channels=[{**live, "revenue_per_conversion": 100}, SEARCH],
    )
    assert row(plan, "live")["units"] == pytest.approx(8)
    assert plan.objective_value == pytest.approx(68_000)
    assert row(plan, "live")["upper_bound"] == pytest.approx(24_000)


def fee_plan(budget: float):
    return plan_of(
        budget=budget,
        channels=[
            {"id": "a", "cost_per_conversion": 10, "setup_fee": 5_000},
            {"id": "b", "cost_per_conversion": 12},
        ],
    )


def test_a_setup_fee_decides_whether_a_channel_runs() -> None:
    """A buys at ¥10 a conversion after a ¥5,000 fee, B at ¥12 with none: A pays once (B − 5,000)/10 > B/12,
    i.e. B > ¥30,000. At ¥20,000: B alone, 1,666.7. At ¥40,000: A alone, 3,500 (the fee in its spend).
    """
    low = fee_plan(20_000)
    assert row(low, "a")["spend"] == 0
    assert low.objective_value == pytest.approx(20_000 / 12)
    high = fee_plan(40_000)
    assert row(high, "a")["spend"] == pytest.approx(40_000)
    assert row(high, "a")["conversions"] == pytest.approx(3_500)
    assert row(high, "a")["cpa"] == pytest.approx(40_000 / 3_500)  # the fee counts in the CPA
    assert high.objective_value == pytest.approx(3_500)


def test_min_if_active_is_nothing_or_at_least() -> None:
    """C is the cheapest (¥11) but runs only with at least ¥4,000. With ¥3,000 it cannot: B takes all (250).
    With ¥5,000, C takes it all (454.5). A cap below the threshold is refused: C could never run.
    """
    channels = [{"id": "b", "cost_per_conversion": 12}, {"id": "c", "cost_per_conversion": 11, "min_if_active": 4_000}]
    assert row(plan_of(budget=3_000, channels=channels), "c")["spend"] == 0
    assert plan_of(budget=3_000, channels=channels).objective_value == pytest.approx(250)
    assert row(plan_of(budget=5_000, channels=channels), "c")["spend"] == pytest.approx(5_000)
    capped = [channels[0], {**channels[1], "max_spend": 3_000}]
    with pytest.raises(ScenarioError, match="could never run"):  # a threshold above the cap is a mistake
        plan_of(budget=50_000, channels=capped)


def test_min_if_active_per_day_over_weeks() -> None:
    """¥500 a day over 2 weeks is ¥7,000: with ¥6,000 C stays off; with ¥8,000 it runs."""
    channels = [
        {"id": "b", "cost_per_conversion": 12},
        {"id": "c", "cost_per_conversion": 11, "min_if_active": {"amount": 500, "per": "day"}},
    ]
    assert row(plan_of(period_weeks=2, budget=6_000, channels=channels), "c")["spend"] == 0
    assert row(plan_of(period_weeks=2, budget=8_000, channels=channels), "c")["spend"] == pytest.approx(8_000)


def test_volume_discount_prices_units_beyond_the_threshold() -> None:
    """Boards cost ¥10 each for the first 5, then ¥5; each brings one conversion. ¥100: 5 boards for ¥50, then
    10 for ¥50: 15 boards, 15 conversions; B's ¥8 a conversion would give 12.5.
    ¥40 buys only 4 boards at list price: B's 5 conversions win.
    """
    tv = {"id": "tv", "units": {"cost": 10, "whole": True, "discounts": [{"after": 5, "cost": 5}]}}
    channels = [{**tv, "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 8}]
    plan = plan_of(budget=100, channels=channels)
    assert row(plan, "tv")["units"] == pytest.approx(15)
    assert plan.objective_value == pytest.approx(15)
    small = plan_of(budget=40, channels=channels)
    assert row(small, "tv")["spend"] == 0
    assert small.objective_value == pytest.approx(5)


def test_reach_tranches_of_discounted_units_report_units_and_reach() -> None:
    """Boards of ¥1,000 (¥800 after 10) buy reach: 5,000 each for the first 20, then 2,000. ¥22,000:
    10 × 1,000 + 15 × 800 = 22,000 → 25 boards, reach 20 × 5,000 + 5 × 2,000 = 110,000.
    """
    plan = plan_of(
        budget=22_000,
        objective="maximize reach",
        kpis={"reach": "reach"},
        channels=[
            {
                "id": "outdoor",
                "units": {"name": "board", "cost": 1_000, "whole": True, "discounts": [{"after": 10, "cost": 800}]},
                "tranches": [{"up_to": 20, "kpis": {"reach": 5_000}}, {"kpis": {"reach": 2_000}}],
            }
        ],
    )
    assert row(plan, "outdoor")["units"] == pytest.approx(25)
    assert row(plan, "outdoor")["reach"] == pytest.approx(110_000)


def test_max_channels_keeps_the_best_ones() -> None:
    """Three channels capped at ¥400 at ¥10, ¥11, ¥12; at most two on air: A and B, 40 + 36.4."""
    plan = plan_of(
        budget=1_000,
        channels=[
            {"id": "a", "cost_per_conversion": 10, "max_spend": 400},
            {"id": "b", "cost_per_conversion": 11, "max_spend": 400},
            {"id": "c", "cost_per_conversion": 12, "max_spend": 400},
        ],
        rules=[{"kind": "max_channels", "name": "two on air", "at_most": 2}],
    )
    assert row(plan, "c")["spend"] == 0
    assert plan.objective_value == pytest.approx(40 + 400 / 11)
    assert rule(plan, "two on air")["value"] == 2
    assert plan.explain("zh")  # the explanation names the rule without failing


def greedy_best(budget: float, channels: list[dict[str, float]], most: int) -> float:
    """Return the best conversions by enumerating every set of channels on air, then filling cheapest first."""
    best = 0.0
    for size in range(most + 1):
        for on in itertools.combinations(channels, size):
            fixed = sum(c["fee"] + c["minimum"] for c in on)
            if fixed > budget + 1e-9 or any(c["minimum"] > c["cap"] for c in on):
                continue
            total = sum(c["minimum"] / c["cpa"] for c in on)
            left = budget - fixed
            for c in sorted(on, key=lambda c: c["cpa"]):
                extra = min(left, c["cap"] - c["minimum"])
                total += extra / c["cpa"]
                left -= extra
            best = max(best, total)
    return best


channel_terms = st.fixed_dictionaries(
    {
        "cpa": st.integers(5, 30).map(float),
        "fee": st.sampled_from([0.0, 0.0, 500.0, 2_000.0]),
        "minimum": st.sampled_from([0.0, 0.0, 1_000.0, 3_000.0]),
        "cap": st.sampled_from([2_000.0, 5_000.0, 20_000.0]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    channels=st.lists(channel_terms, min_size=1, max_size=4),
    budget=st.integers(0, 30_000).map(float),
    most=st.integers(1, 4),
)
def test_on_off_decisions_match_enumeration(channels: list[dict[str, float]], budget: float, most: int) -> None:
    """Fees, thresholds and a count: the MILP's optimum is the best of every set of channels on air."""
    assume(all(c["minimum"] <= c["cap"] + c["fee"] for c in channels))  # else refused (test_invalid_…)
    written = []
    for i, c in enumerate(channels):
        entry: dict[str, Any] = {"id": f"c{i}", "cost_per_conversion": c["cpa"], "max_spend": c["cap"] + c["fee"]}
        if c["fee"]:
            entry["setup_fee"] = c["fee"]
        if c["minimum"]:
            entry["min_if_active"] = c["minimum"]
        written.append(entry)
    plan = plan_of(budget=budget, channels=written, rules=[{"kind": "max_channels", "name": "most", "at_most": most}])
    assert plan.objective_value == pytest.approx(greedy_best(budget, channels, most), rel=1e-6, abs=1e-6)
    assert plan.totals["spend"] <= budget * (1 + 1e-9) + 1e-6
    on = int((plan.allocation["spend"] > 0).sum())
    assert on <= most


@pytest.mark.parametrize(
    ("fields", "where", "words"),
    [
        ({"commission": {"rate": "0%"}}, "commission", "rate"),
        ({"commission": {"rate": "70%", "service_fee": "40%"}}, "commission", "100%"),
        ({"commission": {"rate": "1%", "min_rate": "2%", "max_revenue": 1}}, "commission", "minimum"),
        ({"commission": {"rate": "10%"}}, "commission -> max_revenue", "max_revenue"),
        ({"sessions": {"fee": 100}}, "sessions", "revenue"),
        ({"sessions": {"fee": 100, "revenue": [1, 2]}}, "sessions", "rise"),
        ({"sessions": {"fee": 100, "first": 10, "revenue": [1]}}, "sessions", "one way"),
        ({"units": {"cost": 5, "discounts": [{"after": 5, "cost": 4}, {"after": 5, "cost": 3}]}}, "units", "increase"),
        ({"cost_per_conversion": 5, "min_if_active": 10, "min_spend": 5}, "channels", "min_if_active"),
        ({"sessions": {"fee": 100, "first": 1000}}, "sessions", "go together"),
        ({"cost_per_conversion": 5, "min_if_active": 500, "max_spend": 200}, "min_if_active", "never run"),
        ({"commission": {"rate": "10%", "max_revenue": 5}, "cost_per_conversion": 5}, "channels", "cost_per_conv"),
    ],
)
def test_invalid_economics_are_located(tmp_path: Path, fields: dict[str, Any], where: str, words: str) -> None:
    """Each mistake in a scenario file is refused with the file, the field and its line, in words."""
    path = tmp_path / "bad.yaml"
    document = {
        "name": "bad",
        "budget": 100,
        "channels": [{"id": "ok", "cost_per_conversion": 3}, {"id": "x", **fields}],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        check_scenario(load_scenario(path))
    text = str(raised.value)
    assert where in text
    assert words in text
    assert "bad.yaml" in text
    assert any(problem.line for problem in raised.value.problems)


def test_commission_budget_without_commission_channels_is_refused() -> None:
    with pytest.raises(ScenarioError, match="commission_budget"):
        plan_of(budget={"amount": 100, "commission_budget": 10}, channels=[SEARCH])


def live_history(path: Path) -> None:
    """Write 20 weeks of a live channel (1 to 6 sessions, g₁ = ¥40,000, d = 0.8) and a search channel."""
    lines = ["date,channel,spend,conversions,revenue,sessions"]
    for week in range(20):
        day = f"2026-{1 + week // 4:02d}-{1 + 7 * (week % 4):02d}"
        count = 1 + week % 6
        revenue = 40_000 * (1 - 0.8**count) / (1 - 0.8)
        lines.append(f"{day},live,{count * 3_000 + 0.1 * revenue:.2f},{revenue / 200:.2f},{revenue:.2f},{count}")
        lines.append(f"{day},search,{10_000 + 500 * week},{200 + 5 * week},{40_000 + 1_000 * week},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_session_yields_fitted_from_history_plan_as_given(tmp_path: Path) -> None:
    """Fitted from noiseless weeks, g₁ and d are the true ones: the plan is the plan with them written in."""
    live_history(tmp_path / "history.csv")
    sessions = {"fee": 3_000, "commission": "10%", "max_per_week": 7}
    search = {"id": "search", "cost_per_conversion": 50, "revenue_per_conversion": 200}

    def document(live: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": "live",
            "history": {"path": "history.csv"},
            "period_weeks": 4,
            "budget": 100_000,
            "objective": "maximize revenue",
            "channels": [{"id": "live", "sessions": {**sessions, **live}, "revenue_per_conversion": 200}, search],
        }

    fitted_path, given_path = tmp_path / "fitted.yaml", tmp_path / "given.yaml"
    fitted_path.write_text(json.dumps(document({"from_history": True})), encoding="utf-8")
    given_path.write_text(json.dumps(document({"first": 40_000, "decay": 0.8})), encoding="utf-8")
    fitted, given = solve(load_scenario(fitted_path)), solve(load_scenario(given_path))
    assert fitted.objective_value == pytest.approx(given.objective_value, rel=1e-6)
    assert row(fitted, "live")["units"] == row(given, "live")["units"]
    notes = [str(w) for w in fitted.warnings]
    assert any("live:" in n and "first session" in n and "80.0%" in n for n in notes), notes
    assert row(fitted, "live")["yield_source"] == "history"


def test_sessions_from_a_history_without_the_column_say_so(tmp_path: Path) -> None:
    (tmp_path / "history.csv").write_text(
        "date,channel,spend,conversions,revenue\n2026-01-05,live,100,1,500\n", encoding="utf-8"
    )
    path = tmp_path / "s.yaml"
    document = {
        "name": "s",
        "history": {"path": "history.csv"},
        "budget": 100,
        "channels": [{"id": "live", "sessions": {"fee": 10, "from_history": True}, "revenue_per_conversion": 5}],
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    with pytest.raises(PlannerError, match="sessions"):
        solve(load_scenario(path))


def calendar_plan(channels: list[dict[str, Any]], budget: Any, weeks: int = 4, **fields: Any):
    calendar = {"start": "2026-11-02", "weeks": weeks, **fields.pop("calendar", {})}
    return plan_of(calendar=calendar, budget=budget, channels=channels, **fields)


def spend_by_period(plan, channel: str) -> list[float]:
    assert plan.periods is not None
    rows = plan.periods[plan.periods["channel"] == channel]
    return [float(v) for v in rows["spend"]]


def test_a_setup_fee_is_paid_once_over_a_calendar() -> None:
    """Four weeks; A (¥10 a conversion after a ¥5,000 fee) against B (¥12): over the calendar A wins above
    ¥30,000 as in one period. At ¥40,000: the fee once, in the first week, and 3,500 conversions.
    """
    channels = [
        {"id": "a", "cost_per_conversion": 10, "setup_fee": 5_000},
        {"id": "b", "cost_per_conversion": 12},
    ]
    plan = calendar_plan(channels, 40_000)
    assert plan.objective_value == pytest.approx(3_500)
    weekly = spend_by_period(plan, "a")
    assert sum(weekly) == pytest.approx(40_000)
    assert weekly[0] == pytest.approx(5_000 + 35_000 / 4)  # the fee, and an even share of the media
    assert weekly[1:] == pytest.approx([35_000 / 4] * 3)


def test_the_fee_is_not_paid_again_after_a_channel_ran() -> None:
    """A ran in the first week (an actual of ¥2,000, its fee in it): the three weeks left pay none."""
    channels = [
        {"id": "a", "cost_per_conversion": 10, "setup_fee": 5_000},
        {"id": "b", "cost_per_conversion": 12},
    ]
    actual = [
        {"period": "2026-11-02", "channel": "a", "spend": 2_000},
        {"period": "2026-11-02", "channel": "b", "spend": 0},
    ]
    plan = calendar_plan(channels, 32_000, calendar={"actuals": actual})
    assert spend_by_period(plan, "a")[1:] == pytest.approx([10_000] * 3)  # no fee: all 30,000 buy conversions


def test_min_if_active_per_day_holds_in_each_week() -> None:
    """C (¥11) runs only at ¥1,000 a day or more: ¥7,000 a week. With ¥20,000 over four weeks it can run in two
    weeks at most (7,000 × 2 + 6,000 left to B at ¥12): 14,000/11 + 6,000/12 = 1,772.7 against 20,000/12.
    """
    channels = [
        {"id": "b", "cost_per_conversion": 12},
        {"id": "c", "cost_per_conversion": 11, "min_if_active": {"amount": 1_000, "per": "day"}},
    ]
    plan = calendar_plan(channels, 20_000)
    weekly = spend_by_period(plan, "c")
    assert all(w == 0 or w >= 7_000 - 1e-6 for w in weekly)
    assert plan.objective_value == pytest.approx(max(20_000 / 12, 14_000 / 11 + 6_000 / 12, 20_000 / 11))


def test_live_sessions_are_planned_week_by_week() -> None:
    """Two weeks of the live channel of test_live_sessions_with_falling_yield and ¥7,200: sessions 1 and 2 in
    each week (3,600 a week), none of the ROAS-1.67 third ones: ¥32,000 of revenue from 4 sessions.
    """
    plan = calendar_plan([LIVE], 7_200, weeks=2, objective="maximize revenue")
    assert plan.objective_value == pytest.approx(32_000)
    assert spend_by_period(plan, "live") == pytest.approx([3_600, 3_600])
    assert row(plan, "live")["units"] == pytest.approx(4)


def test_max_channels_holds_in_every_week() -> None:
    """Three channels capped at ¥500 a week, at most two on air in any week: the cheapest two every week."""
    channels = [{"id": x, "cost_per_conversion": c} for x, c in (("a", 10), ("b", 11), ("c", 12))]
    plan = calendar_plan(
        channels,
        3_000,
        weeks=3,
        calendar={"budgets": [{"channels": [x], "at_most": 500} for x in ("a", "b", "c")]},
        rules=[{"kind": "max_channels", "name": "two a week", "at_most": 2}],
    )
    assert spend_by_period(plan, "c") == [0, 0, 0]
    assert plan.objective_value == pytest.approx(3 * (50 + 500 / 11))
    assert rule(plan, "two a week")["value"] == 2


@pytest.mark.parametrize(
    ("fields", "fixed"),
    [
        (
            {
                "period_weeks": 4,
                "budget": {"amount": 1_000, "commission_budget": 100},
                "channels": [{**TAOKE, "revenue_per_conversion": 10, "min_spend": 500}, SEARCH],
            },
            "raise 'commission budget' from ¥100 to ¥500",
        ),
        (
            {
                "budget": 1_000,
                "channels": [
                    {"id": "a", "cost_per_conversion": 5, "min_spend": 10},
                    {"id": "b", "cost_per_conversion": 5, "min_spend": 10},
                ],
                "rules": [{"kind": "max_channels", "name": "one", "at_most": 1}],
            },
            "drop 'one'",
        ),
        (
            {"budget": 1_000, "channels": [{"id": "a", "cost_per_conversion": 5, "setup_fee": 2_000, "min_spend": 10}]},
            "raise the budget by ¥1,000 to ¥2,000",
        ),
    ],
)
def test_conflicts_of_economics_name_the_rules_and_a_fix(fields: dict[str, Any], fixed: str) -> None:
    """A commission pot below a floor, a count below the channels that must run, a fee above the budget."""
    with pytest.raises(InfeasibleError) as raised:
        plan_of(**fields)
    assert fixed in str(raised.value)
    assert "佣金预算" in raised.value.render("zh") or "commission" not in str(raised.value)


def test_an_event_changes_what_commission_and_live_channels_sell_not_what_a_sale_costs() -> None:
    """Double 11 (efficiency 2, cost 1.5) in week 2 of 2. Taoke's partners sell twice as much there (capacity
    ¥10,000 → ¥20,000 a week), each sale still costing 25%. A live session sells twice as much, its fee costs
    1.5×, its host's 10% follows the sales: session 1 costs 1,500 + 2,000 = 3,500 for ¥20,000.
    """
    live = {**LIVE, "sessions": {**LIVE["sessions"], "revenue": [10_000]}}
    plan = calendar_plan(
        [{**TAOKE, "revenue_per_conversion": 100}, live],
        100_000,
        weeks=2,
        objective="maximize revenue",
        calendar={
            "events": [
                {
                    "name": "Double 11",
                    "periods": ["2026-11-09"],
                    "multipliers": [{"channels": ["taoke", "live"], "efficiency": 2, "cost": 1.5}],
                }
            ]
        },
    )
    periods = plan.periods.set_index(["period", "channel"])
    taoke = periods.loc[("2026-11-09", "taoke")]
    assert taoke["revenue"] == pytest.approx(20_000)
    assert taoke["spend"] == pytest.approx(0.25 * 20_000)  # the commission on what it sold
    live_week = periods.loc[("2026-11-09", "live")]
    assert live_week["spend"] == pytest.approx(3_500)
    assert live_week["revenue"] == pytest.approx(20_000)
    assert row(plan, "live")["commission"] == pytest.approx(1_000 + 2_000)  # 10% of 10,000 and of 20,000
    assert row(plan, "taoke")["commission"] == pytest.approx(0.25 * 30_000)


def test_a_fee_is_shown_in_the_week_its_channel_starts() -> None:
    """q4_economics: 万相台 runs only in the Double 11 week (its constant cost per conversion is best there), so
    its ¥30,000 set-up fee is paid there too, not in a week where it buys nothing."""
    plan = solve(load_scenario(Path(__file__).parents[1] / "scenarios" / "tmall_flagship" / "q4_economics.yaml"))
    assert plan.periods is not None
    rows = plan.periods[plan.periods["channel"] == "wanxiangtai"]
    running = rows[rows["spend"] > 0]
    assert (running["conversions"] > 0).all(), running[["period", "spend", "conversions"]]
    assert float(running["spend"].sum()) == pytest.approx(row(plan, "wanxiangtai")["spend"])
