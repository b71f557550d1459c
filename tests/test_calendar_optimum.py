"""Plans over a calendar, worked out by hand: periods of different lengths, period budgets, unspent money.

Every example's tranches are amounts over the whole calendar; a period that is a share s of the calendar gets
s of every tranche (docs/calendar-design.md), so a 1-week and a 3-week period split a ¥400 tranche 100 / 300.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import InfeasibleError, load_scenario, solve
from tests.conftest import ROOT, SCENARIOS, scenario

# A 1-week period then a 3-week one: shares 1/4 and 3/4 of the calendar.
TWO_PERIODS = [
    {"name": "short", "start": "2026-11-01", "end": "2026-11-07"},
    {"name": "long", "start": "2026-11-08", "end": "2026-11-28"},
]
# a: the first ¥400 (over the calendar) at ¥10 per conversion, then ¥40; b: ¥20, at most ¥200 in all.
CHANNELS: list[dict[str, Any]] = [
    {"id": "a", "tranches": [{"up_to": 400, "cost_per_conversion": 10}, {"cost_per_conversion": 40}]},
    {"id": "b", "cost_per_conversion": 20, "max_spend": 200},
]


def _plan(calendar: dict[str, Any], channels: list[dict[str, Any]] = CHANNELS, **fields: Any) -> Any:
    return solve(scenario(channels, calendar=calendar, **fields))


def _spend(plan: Any, period: str, channel: str) -> float:
    rows = plan.periods[(plan.periods["period"] == period) & (plan.periods["channel"] == channel)]
    return float(rows["spend"].iloc[0])


def _rule(plan: Any, name: str) -> Any:
    return plan.rules[plan.rules["rule"] == name].iloc[0]


def test_periods_of_different_lengths_each_get_their_share_of_a_tranche() -> None:
    # By hand: a's cheap tranche is ¥100 in the short period and ¥300 in the long one (40 conversions);
    # b's ¥200 buys 10; the last ¥400 of the ¥1,000 buys a at ¥40: 10. Total 60.
    plan = _plan({"periods": TWO_PERIODS}, budget=1000)
    assert plan.objective_value == pytest.approx(60.0)
    totals = plan.allocation.set_index("channel")
    assert totals.loc["a", "spend"] == pytest.approx(800.0)
    assert totals.loc["b", "spend"] == pytest.approx(200.0)
    assert plan.totals["conversions"] == pytest.approx(60.0)
    # Nothing tells the periods apart, so each gets its share of every tranche's total: 1/4 and 3/4.
    short = plan.periods[plan.periods["period"] == "short"].set_index("channel")
    long = plan.periods[plan.periods["period"] == "long"].set_index("channel")
    assert short.loc["a", "spend"] == pytest.approx(200.0)
    assert long.loc["a", "spend"] == pytest.approx(600.0)
    assert short.loc["b", "spend"] == pytest.approx(50.0)
    assert short.loc["a", "conversions"] == pytest.approx(10.0 + 2.5)
    assert short.loc["a", "weeks"] == pytest.approx(1.0)
    assert long.loc["a", "weeks"] == pytest.approx(3.0)
    assert float(plan.periods["spend"].sum()) == pytest.approx(1000.0)
    assert float(plan.periods["conversions"].sum()) == pytest.approx(60.0)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(1 / 40)


def test_a_period_cap_stops_money_moving_to_where_it_buys_more() -> None:
    # The long period may spend at most ¥200: only ¥200 of its ¥300 cheap tranche (20 conversions).
    # The short period takes the rest: a's ¥100 cheap (10), b's ¥200 (10), and ¥500 of a at ¥40 (12.5).
    # Total 52.5. One more yuan allowed in the long period buys 1/10 and frees a yuan bought at 1/40
    # in the short one: the cap's shadow price is 0.1 − 0.025 = 0.075 conversions per yuan.
    calendar = {"periods": TWO_PERIODS, "budgets": [{"periods": ["long"], "at_most": 200}]}
    plan = _plan(calendar, budget=1000)
    assert plan.objective_value == pytest.approx(52.5)
    assert _spend(plan, "long", "a") + _spend(plan, "long", "b") == pytest.approx(200.0)
    assert _spend(plan, "long", "b") == pytest.approx(0.0, abs=1e-6)
    assert _spend(plan, "short", "a") == pytest.approx(600.0)
    cap = _rule(plan, "long")
    assert cap["kind"] == "period_budget"
    assert bool(cap["binding"])
    assert cap["value"] == pytest.approx(200.0)
    assert cap["shadow_price"] == pytest.approx(0.075)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(1 / 40)
    # The same by finite difference: ¥10 more under the cap.
    wider = _plan({"periods": TWO_PERIODS, "budgets": [{"periods": ["long"], "at_most": 210}]}, budget=1000)
    assert (wider.objective_value - plan.objective_value) / 10 == pytest.approx(0.075)


def test_a_cap_on_every_period_and_a_share_of_the_budget() -> None:
    # Each period at most 30% of ¥1,000 = ¥300; the long period fills a's ¥300 cheap tranche (30), the short
    # one a's ¥100 cheap (10) and b's ¥200 (10). ¥400 stays unspent under `unspent: save`. Total 50.
    calendar = {"periods": TWO_PERIODS, "budgets": [{"at_most": "30%"}]}
    plan = _plan(calendar, budget=1000)
    assert plan.objective_value == pytest.approx(50.0)
    assert plan.totals["spend"] == pytest.approx(600.0)
    short, long = _rule(plan, "short"), _rule(plan, "long")
    assert short["limit"] == pytest.approx(300.0)
    # The next yuan in the short period buys a at ¥40; in the long period, a at ¥40 too.
    assert short["shadow_price"] == pytest.approx(1 / 40)
    assert long["shadow_price"] == pytest.approx(1 / 40)
    assert _rule(plan, "budget")["shadow_price"] == pytest.approx(0.0)


PROFIT_CHANNEL = [
    {
        "id": "a",
        "revenue_per_conversion": 25,
        "tranches": [{"up_to": 400, "cost_per_conversion": 10}, {"cost_per_conversion": 40}],
    }
]


def test_unspent_money_is_saved_unless_the_calendar_spends_it_all() -> None:
    # Profit = 0.5 × revenue − spend. Cheap tranche: revenue 2.5 per yuan, profit 0.25 per yuan; dear one:
    # revenue 0.625, profit −0.6875. Saving: spend the cheap ¥400 only, profit 100. Spending it all: the
    # other ¥600 lose 412.5, profit −312.5, and one more yuan of budget would cost another 0.6875.
    fields: dict[str, Any] = {"budget": 1000, "margin": 0.5, "objective": "maximize profit"}
    saved = _plan({"periods": TWO_PERIODS, "unspent": "save"}, PROFIT_CHANNEL, **fields)
    assert saved.objective_value == pytest.approx(100.0)
    assert saved.totals["spend"] == pytest.approx(400.0)
    assert _spend(saved, "short", "a") == pytest.approx(100.0)
    assert _spend(saved, "long", "a") == pytest.approx(300.0)
    spent = _plan({"periods": TWO_PERIODS, "unspent": "spend_all"}, PROFIT_CHANNEL, **fields)
    assert spent.objective_value == pytest.approx(-312.5)
    assert spent.totals["spend"] == pytest.approx(1000.0)
    budget = _rule(spent, "budget")
    assert budget["sense"] == "=="
    assert budget["shadow_price"] == pytest.approx(-0.6875)


def test_a_channel_floor_and_cap_hold_over_the_whole_calendar() -> None:
    # b at most ¥200 in all (not per period), and c at least ¥300 in all though it is dearest.
    channels = [*CHANNELS, {"id": "c", "cost_per_conversion": 100, "min_spend": 300}]
    plan = _plan({"start": "2026-11-02", "weeks": 4}, channels, budget=1000)
    totals = plan.allocation.set_index("channel")
    assert totals.loc["b", "spend"] == pytest.approx(200.0)
    assert totals.loc["c", "spend"] == pytest.approx(300.0)
    assert totals.loc["c", "at_bound"] == "floor"
    # a: ¥400 cheap (40) + ¥100 dear (2.5); b: 10; c: 3. The floor costs 1/40 − 1/100 per yuan.
    assert plan.objective_value == pytest.approx(55.5)
    assert totals.loc["c", "reduced_cost"] == pytest.approx(1 / 100 - 1 / 40)
    assert len(plan.periods) == 12
    assert plan.rules["kind"].tolist() == ["budget"]  # channel floors and caps are bounds, not rules


def test_a_calendar_plan_has_periods_in_json_and_a_one_period_plan_does_not() -> None:
    plan = _plan({"periods": TWO_PERIODS}, budget=1000)
    data = plan.to_dict()
    assert [row["period"] for row in data["periods"]] == ["short", "short", "long", "long"]
    assert data["periods"][0]["start"] == "2026-11-01"
    assert data["period_weeks"] == pytest.approx(4.0)
    assert "periods" not in solve(scenario(CHANNELS, budget=1000)).to_dict()


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def _channels(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    # Distinct costs per conversion everywhere: the optimum's amount on every tranche is then unique.
    costs = draw(st.lists(st.integers(5, 400), min_size=3 * count, max_size=3 * count, unique=True))
    out: list[dict[str, Any]] = []
    for i in range(count):
        tranches = draw(st.integers(1, 3))
        cpas = sorted(costs[3 * i : 3 * i + tranches])
        ends = draw(st.lists(st.integers(1, 50), min_size=tranches - 1, max_size=tranches - 1, unique=True))
        steps = [100.0 * e for e in sorted(ends)]
        channel: dict[str, Any] = {"id": f"c{i}"}
        # Sometimes the last tranche ends too (the channel can take no more), sometimes it is open.
        last: dict[str, Any] = {"cost_per_conversion": float(cpas[-1])}
        if draw(st.booleans()):
            last["up_to"] = (steps[-1] if steps else 0.0) + 100.0 * draw(st.integers(1, 50))
        if tranches == 1 and "up_to" not in last:
            channel["cost_per_conversion"] = float(cpas[0])
        else:
            channel["tranches"] = [
                {"up_to": e, "cost_per_conversion": float(c)} for e, c in zip(steps, cpas, strict=False)
            ]
            channel["tranches"].append(last)
        out.append(channel)
    return out


@SETTINGS
@given(chs=_channels(), weeks=st.integers(2, 6), budget=st.integers(100, 10_000))
def test_equal_periods_give_the_one_period_plan_split_evenly(
    chs: list[dict[str, Any]], weeks: int, budget: int
) -> None:
    lump = solve(scenario(chs, budget=budget, period_weeks=weeks))
    paced = solve(scenario(chs, budget=budget, calendar={"start": "2026-01-05", "weeks": weeks}))
    assert paced.objective_value == pytest.approx(lump.objective_value, rel=1e-7, abs=1e-7)
    lump_spend = dict(zip(lump.allocation["channel"], lump.allocation["spend"], strict=True))
    paced_spend = dict(zip(paced.allocation["channel"], paced.allocation["spend"], strict=True))
    for channel in chs:
        total = lump_spend[channel["id"]]
        assert paced_spend[channel["id"]] == pytest.approx(total, rel=1e-7, abs=1e-6)
        # Periods that nothing tells apart share every tranche's total evenly (the tie-break of even_out).
        assert paced.periods is not None
        rows = paced.periods[paced.periods["channel"] == channel["id"]]
        for spend in rows["spend"]:
            assert spend == pytest.approx(total / weeks, rel=1e-7, abs=1e-6)


def test_a_calendar_on_fitted_curves_matches_the_one_period_optimum() -> None:
    # Fitted curves: each week's copy is the weekly curve, refined around each week's plan like a channel.
    base = load_scenario(SCENARIOS / "tmall_flagship" / "baseline.yaml")
    assert base.period_weeks == 13
    lump = solve(base)
    paced = solve(base.vary(period_weeks=None, calendar={"start": "2026-10-05", "weeks": 13}))
    assert paced.periods is not None
    assert len(paced.periods) == 13 * len(base.channels)
    assert paced.objective_value == pytest.approx(lump.objective_value, rel=1e-6)
    assert paced.totals["spend"] == pytest.approx(lump.totals["spend"], rel=1e-6)
    weekly = paced.periods.groupby("channel", sort=False)["spend"]
    assert (weekly.max() - weekly.min()).max() <= 1e-4 * max(1.0, float(paced.totals["spend"]))


def test_a_binding_period_budget_is_named_as_a_budget_in_both_languages() -> None:
    from planner.insight.report import rule_name

    calendar = {"periods": TWO_PERIODS, "budgets": [{"periods": ["long"], "at_most": 200}]}
    plan = _plan(calendar, budget=1000)
    assert "'budget long' binds: raising it by" in plan.explain("en")
    assert "「long 预算」是瓶颈" in plan.explain("zh")
    record = _rule(plan, "long").to_dict()
    assert rule_name(plan, record, "en") == "budget long"


def test_the_frontier_of_a_calendar_sums_each_channel_over_its_periods() -> None:
    from planner.optimize.frontier import frontier

    calendar = {"periods": TWO_PERIODS, "budgets": [{"periods": ["long"], "at_most": 200}]}
    paced = scenario(CHANNELS, calendar=calendar, budget=1000)
    records = frontier(paced, [500.0, 1000.0]).table.to_dict("records")
    low, high = sorted(records, key=lambda r: float(r["budget"]))
    # At ¥1,000 the plan above (52.5); at ¥500: a's cheap ¥200 in the long period (20), then in the short
    # period a's ¥100 cheap (10) and b's ¥200 (10): 40.
    assert high["objective"] == pytest.approx(52.5)
    assert low["objective"] == pytest.approx(40.0)
    assert high["spend:a"] == pytest.approx(800.0)
    assert high["spend:b"] == pytest.approx(200.0)


CALENDAR_FILE = """\
name: Two periods
budget: 1000
calendar:
  periods:
    - {name: short, start: 2026-11-01, end: 2026-11-07}
    - {name: long, start: 2026-11-08, end: 2026-11-28}
  budgets:
    - {periods: [long], at_most: 200}
channels:
  - id: a
    tranches: [{up_to: 400, cost_per_conversion: 10}, {cost_per_conversion: 40}]
  - id: b
    cost_per_conversion: 20
    max_spend: 200
"""


def test_the_command_line_prints_spend_by_period_and_json_carries_the_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from planner.cli import main

    path = tmp_path / "calendar.yaml"
    path.write_text(CALENDAR_FILE, encoding="utf-8")
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    # The plan above: the long period holds a's ¥200; the short one a's other ¥600 and b's ¥200.
    assert "period     a     b  period spend  conversions" in out
    assert "short   ¥600  ¥200          ¥800" in out
    assert "long    ¥200    ¥0          ¥200" in out
    assert "budget long" in out
    assert main(["solve", str(path), "--format", "json", "--lang", "zh"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(row["period"], row["channel"], row["spend"]) for row in data["periods"]] == [
        ("short", "a", 600.0),
        ("short", "b", 200.0),
        ("long", "a", 200.0),
        ("long", "b", 0.0),
    ]
    assert main(["solve", str(path), "--lang", "zh"]) == 0
    assert "周期花费" in capsys.readouterr().out


def test_a_floor_above_a_closed_channel_has_no_plan_over_a_calendar_either() -> None:
    # Five ¥10 units at least, but at most ¥0: no plan, with or without a calendar.
    channels = [{"id": "a", "cost_per_conversion": 10, "units": {"cost": 10, "min": 5}, "max_spend": 0}]
    with pytest.raises(InfeasibleError):
        solve(scenario(channels, budget=1000))
    with pytest.raises(InfeasibleError):
        solve(scenario(channels, budget=1000, calendar={"start": "2026-11-02", "weeks": 2}))


def test_a_channel_of_one_bounded_tranche_ends_in_every_period() -> None:
    # One tranche up to ¥200 over the calendar, nothing after it: ¥50 and ¥150 in a 1- and a 3-week period.
    channels = [{"id": "a", "tranches": [{"up_to": 200, "cost_per_conversion": 10}]}]
    plan = _plan({"periods": TWO_PERIODS}, channels, budget=1000)
    assert plan.objective_value == pytest.approx(20.0)
    assert _spend(plan, "short", "a") == pytest.approx(50.0)
    assert _spend(plan, "long", "a") == pytest.approx(150.0)
    assert plan.allocation["at_bound"].tolist() == ["cap"]


def test_the_tmall_q4_example_paces_the_quarter_around_double_11() -> None:
    plan = solve(load_scenario(ROOT / "examples" / "calendar" / "tmall_q4.yaml"))
    assert plan.status == "optimal"
    assert plan.periods is not None
    periods = plan.periods.groupby("period", sort=False).agg(spend=("spend", "sum"), weeks=("weeks", "first"))
    assert float(periods["spend"].sum()) == pytest.approx(2_200_000)
    # The single day of 11.11 takes its cap (10% of the quarter), far more per day than October.
    assert periods.loc["11.11", "spend"] == pytest.approx(220_000)
    per_day = periods["spend"] / (periods["weeks"] * 7)
    assert per_day["11.11"] > 10 * per_day["October"]
    # Live is on air every day: at least ¥2,000 a day in every period.
    live = plan.periods[plan.periods["channel"] == "taobao_live"]
    assert (live["spend"] >= 2000 * live["weeks"] * 7 - 1e-6).all()
    # Feed carry-over: some of what the feed buys lands after the quarter and is reported apart.
    assert plan.totals["beyond_horizon_conversions"] > 0
    assert "'smoothing 淘宝客 first wave → lull' binds" in plan.explain("en")


def test_the_excel_export_of_a_calendar_plan_has_a_periods_sheet_in_the_language() -> None:
    import io

    import openpyxl  # type: ignore[import-untyped]

    from planner.insight.exports import plan_to_excel

    calendar = {"periods": TWO_PERIODS, "budgets": [{"periods": ["long"], "at_most": 200}]}
    plan = _plan(calendar, budget=1000)
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "zh")))
    assert book.sheetnames[1] == "周期"
    rows = list(book["周期"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("周期", "开始", "结束", "渠道", "花费")
    cells = {(row[0], row[3]): row[4] for row in rows[1:]}
    assert cells == {("short", "a"): 600.0, ("short", "b"): 200.0, ("long", "a"): 200.0, ("long", "b"): 0.0}
    one_period = plan_to_excel(solve(scenario(CHANNELS, budget=1000)), "zh")
    assert "周期" not in openpyxl.load_workbook(io.BytesIO(one_period)).sheetnames
