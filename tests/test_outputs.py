"""What the outputs show: the plan's own measures, and duals exact enough to multiply."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

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


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables below name their language; the machine's LANG must not choose it for the CLI."""
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_worth_of_relaxing_each_rule_by_hand(three_channels) -> None:
    """A ¥10 (cap ¥600), B ¥20, C ¥50, ¥1,000; live (C) at least 30% of spend.

    C must take ¥300 (6 conversions), A its ¥600 (60), B the last ¥100 (5): 71. The budget's next ¥1 goes
    to B and C in the 70:30 mix: 0.7/20 + 0.3/50 = 0.041 conversions. One point less of the live share moves
    ¥10 from C to B: 10/20 − 10/50 = 0.3 more conversions.
    """
    from planner.insight.report import plan_table, rules_table, rules_with_worth
    from tests.test_optimum import _rules

    plan = solve(
        three_channels.model_copy(
            update={"rules": _rules([{"kind": "share", "name": "live share", "group": "live", "at_least": "30%"}])}
        )
    )
    assert plan.objective_value == pytest.approx(71)
    worth = dict(zip(plan.rules["rule"], rules_with_worth(plan)["worth"], strict=True))
    assert worth == {
        "budget": "raise by ¥1: +0.041 conversions",
        "live share": "lower by one percentage point: +0.3 conversions",
    }
    chinese = rules_table(plan, "zh")
    assert list(chinese.columns) == ["规则", "限制", "方案值", "状态", "放宽的价值"]
    assert chinese.to_numpy().tolist() == [
        ["预算", "≤ ¥1,000", "¥1,000", "瓶颈", "提高 ¥1：转化 +0.041"],
        ["live share", "≥ 30.0%", "30.0%", "瓶颈", "降低 1 个百分点：转化 +0.3"],
    ]
    table = plan_table(plan, "zh")
    assert list(table.columns) == ["渠道", "花费", "占比", "转化", "单次转化成本", "较历史", "备注"]
    assert table.iloc[:, :-1].to_numpy().tolist() == [
        ["a", "¥600", "60.0%", "60", "¥10", "无"],
        ["b", "¥100", "10.0%", "5", "¥20", "无"],
        ["c", "¥300", "30.0%", "6", "¥50", "无"],
        ["合计", "¥1,000", "100.0%", "71", "¥14.08", "无"],
    ]
    notes = list(table["备注"])
    assert notes[0].startswith("处于上限：")  # and why: the reason from the curves layer, in its words
    assert "¥600" in notes[0]
    assert notes[1:] == ["", "", ""]


def test_worth_of_a_kpi_floor_names_its_unit(capsys: pytest.CaptureFixture[str]) -> None:
    """Tmall baseline: 'new customers target' (≥ 18,000 新客数) binds; lowering it frees conversions."""
    assert main(["solve", str(SCENARIOS / "tmall_flagship" / "baseline.yaml"), "--lang", "zh"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("new customers target"))
    assert "≥ 18,000" in line
    assert "降低 1 个单位（新客数）：转化 +0." in line


def power_store(tmp_path: Path) -> Path:
    """52 weeks of one channel that converts 3 × √spend a week, exactly.

    The first 40 weeks spend a flat ¥1,000 (no shape can be seen in them); the last 12, the scenario's window,
    spend ¥400 to ¥2,600, so the plan fits a power curve on them.
    """
    rows = ["date,channel,spend,conversions,revenue"]
    start = date(2025, 1, 6)
    for week in range(52):
        spend = 1000.0 if week < 40 else 400.0 + 200.0 * (week - 40)
        rows.append(f"{start + timedelta(weeks=week):%Y-%m-%d},直通车,{spend:.2f},{3 * spend**0.5:.6f},0")
    (tmp_path / "history.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    window_start = start + timedelta(weeks=40)
    end = start + timedelta(weeks=51)
    path = tmp_path / "store.yaml"
    path.write_text(
        "name: power store\ncurrency: CNY\nperiod_weeks: 4\nbudget: 8000\nobjective: maximize conversions\n"
        f"history:\n  path: history.csv\n  start: {window_start:%Y-%m-%d}\n  end: {end:%Y-%m-%d}\n"
        "channels:\n  - id: search\n    label: 直通车\n",
        encoding="utf-8",
    )
    return path


def test_backtest_scores_the_curve_the_plan_uses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The plan fits power on its window; the backtest must test power too (choosing afresh on the flat early
    weeks would pick a constant cost per conversion), and the plan's own curve predicts the exact data exactly."""
    from planner.insight.trust import backtest_channels

    path = power_store(tmp_path)
    plan = solve(load_scenario(path))
    assert plan.allocation["curve"].iloc[0] == "power"
    table = backtest_channels(load_scenario(path), split=0.75)
    row = table.iloc[0]
    assert row["form"] == "power"
    assert row["source"] == "fitted"
    assert (row["weeks_train"], row["weeks_test"], row["weeks_in_window"]) == (39, 13, 12)
    assert row["plan_mape"] < 0.002
    assert abs(row["plan_bias"]) < 0.002
    assert main(["backtest", str(path), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split()[:2] == ["直通车", "幂函数"]
    assert main(["backtest", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[:2] == ["直通车", "power"]


def test_backtest_of_the_bundled_store_matches_each_channel_plan() -> None:
    """Each channel is backtested with its plan's curve: power where the plan fits one, constant where it falls back."""
    from planner.insight.trust import backtest_channels

    s = load_scenario(SCENARIOS / "tmall_flagship" / "baseline.yaml")
    plan = solve(s)
    table = backtest_channels(s).set_index("channel")
    for row in plan.allocation.to_dict("records"):
        expected = row["curve"] if row["yield_source"] == "fitted" else "linear"
        assert table.loc[row["channel"], "form"] == expected, row["channel"]
    assert (table["form"] == "power").any()  # the case the old backtest reported as "linear"


def test_worth_of_a_resource_is_per_unit_of_it() -> None:
    """A (¥10/conv) uses 0.01 planning hours a yuan, B (¥20) none; 5 hours. One more hour moves ¥100 from B to A:
    100 × (0.1 − 0.05) = 5 conversions (tests/test_optimum.py works it out)."""
    from planner.insight.report import plan_text, rules_table

    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10, "resource_use": {"hours": 0.01}},
                {"id": "b", "cost_per_conversion": 20},
            ],
            budget=1000,
            resources={"hours": {"limit": 5, "label": "planning hours"}},
        )
    )
    rows = {row[0]: row for row in rules_table(plan, "en").to_numpy().tolist()}
    assert rows["planning hours"] == [
        "planning hours",
        "≤ 5",
        "5",
        "binding",
        "raise by one unit of planning hours: +5 conversions",
    ]
    assert "提高 1 个单位（planning hours）：转化 +5" in rules_table(plan, "zh").to_numpy().tolist()[1]
    assert "resources: planning hours 5" in plan_text(plan).splitlines()
