"""Re-planning mid-flight and the review (复盘), worked by hand: real YAML files, the real command line."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner import frontier, load_scenario, review, solve
from planner.cli import main
from planner.data.actuals import actuals_from_rows, refit_history
from planner.data.io import read_history
from planner.insight.review import review_to_excel_csv
from planner.model.errors import PlannerError
from planner.model.i18n import render
from planner.model.scenario import find_problems
from tests.conftest import scenario

WEEK_1, WEEK_2, WEEK_3 = "2026-11-02", "2026-11-09", "2026-11-16"
# a: the first ¥200 over the two weeks (¥100 a week) at ¥10 per conversion, then ¥40; b: ¥25 per conversion.
CHANNELS: list[dict[str, Any]] = [
    {"id": "a", "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 40}]},
    {"id": "b", "cost_per_conversion": 25},
]
# Week 1 is over: a spent ¥400 and brought 30 conversions, b spent ¥300 and brought 12.
ACTUALS = [
    {"period": WEEK_1, "channel": "a", "spend": 400, "conversions": 30, "revenue": 3000},
    {"period": WEEK_1, "channel": "b", "spend": 300, "conversions": 12},
]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


SCENARIO_YAML = """\
name: re-plan
currency: CNY
budget: 1000
objective: maximize conversions
channels:
  - id: a
    tranches: [{up_to: 200, cost_per_conversion: 10}, {cost_per_conversion: 40}]
  - id: b
    cost_per_conversion: 25
calendar:
  start: 2026-11-02
  weeks: 2
"""


def test_the_review_tells_execution_from_curve_error_by_hand() -> None:
    # The plan without actuals: a's cheap ¥200 (20) and b ¥800 (32), evened: a ¥100 and b ¥400 a week
    # (10 + 16 = 26 conversions a week).
    # Week 1 ran: a spent ¥400 (planned ¥100: execution) and its curve predicts ¥100 at 0.1 and ¥300 at
    # 0.025 = 17.5 conversions there; 30 came: +71.4%, beyond ±25%: flagged. b spent ¥300: 12 predicted,
    # 12 came: its curve is right, only the execution differs (¥300 for ¥400).
    # The rest: ¥300 left for week 2: a's cheap ¥100 (10), then b ¥200 (8).
    result = review(scenario(CHANNELS, budget=1000, calendar={"start": WEEK_1, "weeks": 2, "actuals": ACTUALS}))
    rows = result.table.set_index("channel")
    assert rows.loc["a", "planned_spend"] == pytest.approx(100.0)
    assert rows.loc["a", "actual_spend"] == pytest.approx(400.0)
    assert rows.loc["a", "planned_conversions"] == pytest.approx(10.0)
    assert rows.loc["a", "predicted_conversions"] == pytest.approx(17.5)
    assert rows.loc["a", "curve_error"] == pytest.approx(30 / 17.5 - 1)
    assert bool(rows.loc["a", "flagged"])
    assert rows.loc["b", "planned_spend"] == pytest.approx(400.0)
    assert rows.loc["b", "predicted_conversions"] == pytest.approx(12.0)
    assert rows.loc["b", "curve_error"] == pytest.approx(0.0)
    assert not bool(rows.loc["b", "flagged"])
    # b's revenue was not given: unknown, not zero; the period's revenue total is unknown too.
    assert result.table["actual_revenue"].isna().tolist() == [False, True]
    total = result.periods.iloc[0]
    assert total["planned_spend"] == pytest.approx(500.0)
    assert total["actual_spend"] == pytest.approx(700.0)
    assert total["predicted_conversions"] == pytest.approx(29.5)
    assert total["actual_conversions"] == pytest.approx(42.0)
    assert total["curve_error"] == pytest.approx(42 / 29.5 - 1)
    assert pd.isna(total["actual_revenue"])
    rest = result.plan.periods
    assert rest is not None
    week_2 = rest[rest["period"] == WEEK_2].set_index("channel")["spend"]
    assert week_2["a"] == pytest.approx(100.0)
    assert week_2["b"] == pytest.approx(200.0)
    (flag,) = result.flags()
    assert render(flag, "en") == (
        "a in 2026-11-02: at the ¥400 actually spent its curve predicted 17.5 conversions; 30 came (+71.4%), "
        "beyond the ±25.0% threshold"
    )
    assert render(flag, "zh") == (
        "a 在 2026-11-02：按实际花费 ¥400，响应曲线预测 17.5 次转化，实际为 30 次（+71.4%），超出 ±25.0% 的阈值"
    )


def test_a_wider_threshold_flags_nothing_and_says_so() -> None:
    # a is off by 71.4%: within ±80%, nothing is flagged.
    calendar = {"start": WEEK_1, "weeks": 2, "actuals": ACTUALS}
    result = review(scenario(CHANNELS, budget=1000, calendar=calendar), threshold=0.8)
    assert not result.table["flagged"].any()
    assert "Every curve predicted within ±80.0% of what happened." in result.text("en")
    assert "所有响应曲线的预测与实际相差都在 ±80.0% 以内。" in result.text("zh")


def _actuals_yaml() -> str:
    """Return ACTUALS (spend and conversions) as the YAML lines of a calendar's actuals."""
    lines = [f"    - {{period: {a['period']}, channel: {a['channel']}, spend: {a['spend']}, " for a in ACTUALS]
    return "\n".join(f"{line}conversions: {a['conversions']}}}" for line, a in zip(lines, ACTUALS, strict=True))


def test_the_review_of_a_plan_saved_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The plan saved before week 1 (planner solve --format json), then the review against it with --plan:
    # the planned columns are the saved plan's, the same as planning the scenario without its actuals.
    path = _write(tmp_path, "plan.yaml", SCENARIO_YAML)
    assert main(["solve", str(path), "--format", "json", "-o", str(tmp_path / "plan.json")]) == 0
    actuals = _actuals_yaml()
    replan = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals:\n" + actuals + "\n")
    csv = tmp_path / "review.csv"
    code = main(["review", str(replan), "--plan", str(tmp_path / "plan.json"), "--format", "json", "--csv", str(csv)])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    planned = {row["channel"]: row["planned_spend"] for row in document["rows"]}
    assert planned == pytest.approx({"a": 100.0, "b": 400.0})
    assert [f["channel"] for f in document["flags"]] == ["a"]
    assert document["replan"]["periods"][2]["spend"] == pytest.approx(100.0)  # week 2, a
    table = pd.read_csv(csv)
    assert list(table["channel"]) == ["a", "b"]
    assert table.loc[0, "predicted_conversions"] == pytest.approx(17.5)


def test_a_plan_of_another_scenario_is_refused_saying_what_each_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another store's saved plan (other channels) is not compared cell by cell as if it were missing them all."""
    other = _write(tmp_path, "other.yaml", SCENARIO_YAML.replace("id: a", "id: x").replace("id: b", "id: y"))
    assert main(["solve", str(other), "--format", "json", "-o", str(tmp_path / "other.json")]) == 0
    replan = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals:\n" + _actuals_yaml() + "\n")
    capsys.readouterr()
    assert main(["review", str(replan), "--plan", str(tmp_path / "other.json")]) == 2
    error = capsys.readouterr().err
    assert "the plan given is not of this scenario" in error
    assert "x, y" in error  # its channels
    assert "a, b" in error  # and this scenario's
    assert "Traceback" not in error
    assert main(["review", str(replan), "--plan", str(tmp_path / "other.json"), "--lang", "zh"]) == 2
    assert "所给方案不属于此场景" in capsys.readouterr().err


def test_the_review_on_the_command_line_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actuals = _actuals_yaml()
    path = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals:\n" + actuals + "\n")
    assert main(["review", str(path), "--lang", "zh", "--threshold", "50%"]) == 0
    out = capsys.readouterr().out
    assert "已执行周期的计划与实际对比" in out
    assert "合计" in out
    assert "超出 ±50.0% 的阈值" in out
    assert "剩余周期的重新规划" in out


def test_review_mistakes_exit_2_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "plan.yaml", SCENARIO_YAML)  # a calendar without actuals
    assert main(["review", str(path)]) == 2
    assert "a review needs a calendar with actuals" in capsys.readouterr().err
    bad = _write(tmp_path, "bad.json", '{"allocation": []}')
    assert main(["review", str(path), "--plan", str(bad)]) == 2
    assert "this plan has no periods table" in capsys.readouterr().err
    assert main(["review", str(path), "--threshold", "lots", "--lang", "zh"]) == 2
    assert "请填写占比：0.25 或 25%" in capsys.readouterr().err


HISTORY = """\
date,channel,spend,conversions,revenue
2026-10-19,a,100,10,1000
2026-10-19,b,100,4,400
2026-10-26,a,100,10,1000
2026-10-26,b,100,4,400
2026-11-02,a,400,30,3000
2026-11-02,b,300,12,1200
2026-11-02,store,0,60,6000
"""


def test_actuals_from_history_take_every_week_the_file_covers(tmp_path: Path) -> None:
    # The history runs to the week of 2026-11-02, the calendar's first week: it becomes week 1's actuals
    # (a ¥400 / 30 / ¥3,000, b ¥300 / 12 / ¥1,200; the store's own row is not a channel). Week 2 has no
    # rows: it is planned. The plan is the one with these actuals written by hand: ¥300 left, a ¥100, b ¥200.
    _write(tmp_path, "history.csv", HISTORY)
    text = (
        SCENARIO_YAML.replace(
            "calendar:", "history: {path: history.csv, start: 2026-10-19, end: 2026-10-26}\ncalendar:"
        )
        + "  actuals_from: history\n"
    )
    path = _write(tmp_path, "replan.yaml", text)
    loaded = load_scenario(path)
    found = actuals_from_rows(loaded, read_history(tmp_path / "history.csv"))
    assert [(a.period, a.channel, a.spend, a.conversions, a.revenue) for a in found] == [
        (WEEK_1, "a", 400.0, 30.0, 3000.0),
        (WEEK_1, "b", 300.0, 12.0, 1200.0),
    ]
    plan = solve(loaded)
    assert plan.scenario.calendar is not None
    assert len(plan.scenario.calendar.actuals) == 2  # written out in the plan's scenario
    spend = plan.periods.set_index(["period", "channel"])["spend"]  # type: ignore[union-attr]
    assert spend[WEEK_1, "a"] == pytest.approx(400.0)
    assert spend[WEEK_2, "a"] == pytest.approx(100.0)
    assert spend[WEEK_2, "b"] == pytest.approx(200.0)
    result = review(loaded)
    assert list(result.table["actual_revenue"]) == pytest.approx([3000.0, 1200.0])
    # The frontier holds the same weeks: at today's budget its point is this plan.
    point = frontier(loaded, [1000.0])
    assert float(point.table["objective"].iloc[0]) == pytest.approx(plan.objective_value)


def test_actuals_written_in_the_file_win_over_the_history(tmp_path: Path) -> None:
    # Week 1 written by hand (a ¥500, b nothing): the history's week 1 is not used.
    _write(tmp_path, "history.csv", HISTORY)
    text = (
        SCENARIO_YAML.replace(
            "calendar:", "history: {path: history.csv, start: 2026-10-19, end: 2026-10-26}\ncalendar:"
        )
        + "  actuals_from: history\n  actuals: [{period: 2026-11-02, channel: a, spend: 500}]\n"
    )
    plan = solve(load_scenario(_write(tmp_path, "replan.yaml", text)))
    spend = plan.periods.set_index(["period", "channel"])["spend"]  # type: ignore[union-attr]
    assert spend[WEEK_1, "a"] == pytest.approx(500.0)
    assert spend[WEEK_1, "b"] == pytest.approx(0.0)


def test_a_week_the_daily_history_covers_in_part_is_not_over() -> None:
    # Daily rows from Monday 2 November to Wednesday 11 November: week 1 is covered whole (7 days, ¥10 a day
    # on a: ¥70), week 2 only to its Wednesday: still to plan.
    days = pd.date_range("2026-11-02", "2026-11-11", freq="D")
    rows = pd.DataFrame({"date": days, "channel": "a", "spend": 10.0, "conversions": 1.0, "revenue": 0.0})
    loaded = scenario(CHANNELS, budget=1000, calendar={"start": WEEK_1, "weeks": 2, "actuals_from": "history"})
    found = actuals_from_rows(loaded, rows)
    assert [(a.period, a.spend, a.conversions) for a in found] == [(WEEK_1, 70.0, 7.0)]


def test_a_weekly_row_that_straddles_two_periods_belongs_to_neither() -> None:
    # Periods of 10 and 4 days; a weekly row dated 2026-11-09 covers 9–15 November, past the first
    # period's end (11 November): not taken. The row of 2 November covers 2–8 November only: the first
    # period (2–11 November) is not covered whole.
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-02", "2026-11-09"]),
            "channel": "a",
            "spend": 70.0,
            "conversions": 7.0,
            "revenue": 0.0,
        }
    )
    periods = [
        {"name": "pre", "start": "2026-11-02", "end": "2026-11-11"},
        {"name": "post", "start": "2026-11-12", "end": "2026-11-15"},
    ]
    loaded = scenario(CHANNELS, budget=1000, calendar={"periods": periods, "actuals_from": "history"})
    assert actuals_from_rows(loaded, rows) == ()


def test_refit_and_actuals_from_need_what_they_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    calendar = {"start": WEEK_1, "weeks": 2, "refit": True, "actuals": [{"period": WEEK_1, "channel": "a", "spend": 1}]}
    problems = find_problems(scenario(CHANNELS, budget=1000, calendar=calendar))
    located = {p.field: render(p.text, "en") for p in problems}
    assert located == {
        "calendar -> actuals -> 0 -> conversions": "refit: true fits the curves on the actual results too: give "
        "this actual's conversions",
        "calendar -> actuals -> 0 -> revenue": "refit: true fits the curves on the actual results too: give this "
        "actual's revenue",
    }
    zh = "refit: true 会用实际结果重新拟合响应曲线：请填写此项实际数据的 conversions"
    assert render(problems[0].text, "zh") == zh
    nothing = find_problems(scenario(CHANNELS, budget=1000, calendar={"start": WEEK_1, "weeks": 2, "refit": True}))
    assert [(p.field, render(p.text, "en")) for p in nothing] == [
        ("calendar -> refit", "refit: true needs actual results: give actuals or actuals_from")
    ]
    path = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals_from: history\n")
    with pytest.raises(PlannerError) as raised:
        solve(load_scenario(path))
    (problem,) = raised.value.problems
    assert problem.field == "calendar -> actuals_from"
    assert render(problem.text, "en") == "actuals from history need a history file: add history: path to the scenario"
    capsys.readouterr()
    assert main(["solve", str(path), "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        f"错误：{path}:13: calendar -> actuals_from: "
        "从历史数据读取实际数据需要历史数据文件：请在场景中添加 history: path\n"
    )


REFIT_HISTORY = """\
date,channel,spend,conversions,revenue
2026-10-19,a,100,10,1000
2026-10-26,a,100,10,1000
"""

REFIT_YAML = """\
name: refit
currency: CNY
budget: 300
objective: maximize conversions
history: {path: history.csv, start: 2026-10-19, end: 2026-10-26}
channels:
  - {id: a}
  - {id: b, cost_per_conversion: 11}
calendar:
  start: 2026-11-02
  weeks: 3
  refit: REFIT
  actuals:
    - {period: 2026-11-02, channel: a, spend: 100, conversions: 5, revenue: 500}
"""


def test_refit_adds_the_new_week_and_the_plan_follows(tmp_path: Path) -> None:
    # a's two weeks of history: ¥100 for 10 conversions each, a constant ¥10 per conversion (too little to
    # fit a curve); b costs ¥11. Week 1 ran: a ¥100 for 5 conversions.
    # Without the refit a stays at ¥10: the ¥200 left go to a (a at most its history allows; b is dearer).
    # With it a's history is three weeks, ¥300 for 25: ¥12 per conversion, now dearer than b: the ¥200 left
    # go to b, 200 / 11 = 18.18 conversions.
    _write(tmp_path, "history.csv", REFIT_HISTORY)
    before = solve(load_scenario(_write(tmp_path, "before.yaml", REFIT_YAML.replace("REFIT", "false"))))
    after_path = _write(tmp_path, "after.yaml", REFIT_YAML.replace("REFIT", "true"))
    after = solve(load_scenario(after_path))
    rest_before = before.periods[before.periods["period"] != WEEK_1]  # type: ignore[index]
    rest_after = after.periods[after.periods["period"] != WEEK_1]  # type: ignore[index]
    assert rest_before.groupby("channel")["spend"].sum()["a"] > 0
    assert rest_after.groupby("channel")["spend"].sum()["a"] == pytest.approx(0.0, abs=1e-6)
    assert rest_after.groupby("channel")["spend"].sum()["b"] == pytest.approx(200.0)
    # The objective counts week 1 as the refitted curve sees it (¥100 at ¥12), not the 5 that came.
    assert after.objective_value == pytest.approx(100 / 12 + 200 / 11, rel=1e-6)
    result = review(load_scenario(after_path))
    assert result.curves is not None
    moved = result.curves.set_index("channel")
    assert moved.loc["a", "marginal_cpa_before"] == pytest.approx(10.0)
    assert moved.loc["a", "marginal_cpa_after"] == pytest.approx(12.0)
    assert moved.loc["b", "marginal_cpa_after"] == pytest.approx(11.0)
    sentences = [render(s, "en") for s in result.curve_sentences()]
    assert sentences[0] == ("a: at ¥100 a week, the next conversion costs ¥10 before the refit and ¥12 after (+20.0%)")
    # The curve's prediction at week 1's spend is the one the plan was made with (¥10: 10 conversions).
    assert result.table.set_index("channel").loc["a", "predicted_conversions"] == pytest.approx(10.0)


def test_the_refit_history_has_the_actual_weeks_as_rows(tmp_path: Path) -> None:
    # A 10-day period from Monday 2 November (¥100, 5 conversions, ¥500: ¥10, 0.5 and ¥50 a day): 7 days in
    # the week of 2 November (¥70, 3.5, ¥350) and 3 in the week of 9 November, scaled to seven days at the
    # same daily rate (¥70, 3.5, ¥350) so the fit does not see a quiet week. With the history's two weeks
    # (¥100 and 10 each): ¥340 and 27 conversions in all.
    _write(tmp_path, "history.csv", REFIT_HISTORY)
    periods = (
        "  periods:\n    - {name: pre, start: 2026-11-02, end: 2026-11-11}\n"
        "    - {name: post, start: 2026-11-12, end: 2026-11-30}\n"
    )
    text = (
        REFIT_YAML.replace("REFIT", "true")
        .replace("  start: 2026-11-02\n  weeks: 3\n", periods)
        .replace("period: 2026-11-02", "period: pre")
    )
    loaded = load_scenario(_write(tmp_path, "refit.yaml", text))
    history = refit_history(loaded, read_history(tmp_path / "history.csv"), None)
    weekly = history.weekly[history.weekly["channel"] == "a"].set_index("week")
    for monday in ("2026-11-02", "2026-11-09"):
        assert weekly.loc[pd.Timestamp(monday), "spend"] == pytest.approx(70.0)
        assert weekly.loc[pd.Timestamp(monday), "conversions"] == pytest.approx(3.5)
        assert weekly.loc[pd.Timestamp(monday), "revenue"] == pytest.approx(350.0)
    assert history.statistics.loc["a", "spend"] == pytest.approx(340.0)
    assert history.statistics.loc["a", "conversions"] == pytest.approx(27.0)
    # An event on the period (a's media converts 2× and costs 1.25×) is taken out: the base curve's point is
    # spend ÷ 1.25 and conversions ÷ 2, so the week of 2 November is ¥56 and 1.75.
    event = "  events: [{name: push, periods: [pre], multipliers: [{channels: [a], efficiency: 2, cost: 1.25}]}]\n"
    festive = load_scenario(_write(tmp_path, "event.yaml", text + event))
    history = refit_history(festive, read_history(tmp_path / "history.csv"), None)
    weekly = history.weekly[history.weekly["channel"] == "a"].set_index("week")
    assert weekly.loc[pd.Timestamp("2026-11-02"), "spend"] == pytest.approx(56.0)
    assert weekly.loc[pd.Timestamp("2026-11-02"), "conversions"] == pytest.approx(1.75)


# The consistency property: re-planning with actuals equal to the plan reproduces the rest of the plan.
TRANCHE = st.builds(
    lambda width, cost: {"up_to": width, "cost_per_conversion": cost},
    st.integers(10, 400),
    st.integers(2, 60),
)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], float, int]:
    count = draw(st.integers(2, 3))
    channels: list[dict[str, Any]] = []
    for index in range(count):
        steps = draw(st.lists(TRANCHE, min_size=1, max_size=2))
        ends, cost, tranches = 0, 0, []
        # Tranches cumulative, each strictly dearer than the one before: two alike would be a tie inside a
        # channel, which the solver fills in either order (with ordering binaries, not evened out).
        for step in steps:
            ends += step["up_to"]
            cost += step["cost_per_conversion"]
            tranches.append({"up_to": ends, "cost_per_conversion": cost})
        tranches.append({"cost_per_conversion": 100 + index})
        channels.append({"id": f"c{index}", "tranches": tranches})
    weeks = draw(st.integers(2, 4))
    calendar: dict[str, Any] = {"start": WEEK_1, "weeks": weeks}
    if draw(st.booleans()):
        week = draw(st.integers(0, weeks - 1))
        name = (pd.Timestamp(WEEK_1) + pd.Timedelta(weeks=week)).date().isoformat()
        efficiency = draw(st.sampled_from([0.5, 1.5, 2.0]))
        calendar["events"] = [
            {"name": "festival", "periods": [name], "multipliers": [{"channels": ["c0"], "efficiency": efficiency}]}
        ]
    budget = float(draw(st.integers(50, 3000)))
    return channels, calendar, budget, draw(st.integers(1, weeks - 1))


FOUND = (  # three weeks of ¥16.6666667 against a ¥50 budget: entered to the nearest 1e-6, they overspent it
    [
        {"id": "c0", "tranches": [{"up_to": 201, "cost_per_conversion": 2}, {"cost_per_conversion": 100}]},
        {"id": "c1", "tranches": [{"up_to": 10, "cost_per_conversion": 2}, {"cost_per_conversion": 101}]},
    ],
    {
        "start": WEEK_1,
        "weeks": 4,
        "events": [
            {"name": "festival", "periods": ["2026-11-23"], "multipliers": [{"channels": ["c0"], "efficiency": 0.5}]}
        ],
    },
    50.0,
    3,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
@example(FOUND)
def test_replanning_with_actuals_equal_to_the_plan_reproduces_the_rest(case: tuple[Any, ...]) -> None:
    # Pinning the plan's own spend in the first k weeks leaves its restriction to the other weeks feasible
    # and optimal, so the re-plan's objective is the plan's. Spend per channel in a remaining week is not
    # unique where two channels (or an event week and a plain one) buy alike: compare the objective always,
    # the remaining weeks' total spend always, and each remaining week's total where weeks are
    # interchangeable (no event: both plans even each channel out over alike weeks).
    channels, calendar, budget, over = case
    plan = solve(scenario(channels, budget=budget, calendar=calendar))
    assert plan.periods is not None
    names = list(dict.fromkeys(plan.periods["period"]))
    past = plan.periods[plan.periods["period"].isin(names[:over])]
    # Written to 6 decimals, rounded down: rounded to nearest, three weeks of ¥16.6666667 were entered as ¥50.000001
    # against a ¥50 budget, more than the plan spent and than the budget allows (found by hypothesis).
    actuals = [
        {"period": period, "channel": channel, "spend": max(0.0, math.floor(float(spend) * 1e6) / 1e6)}
        for period, channel, spend in zip(past["period"], past["channel"], past["spend"], strict=True)
    ]
    replan = solve(scenario(channels, budget=budget, calendar={**calendar, "actuals": actuals}))
    assert replan.periods is not None
    assert replan.objective_value == pytest.approx(plan.objective_value, rel=1e-6, abs=1e-5)
    rest = names[over:]
    before = plan.periods[plan.periods["period"].isin(rest)].groupby("period")["spend"].sum()
    after = replan.periods[replan.periods["period"].isin(rest)].groupby("period")["spend"].sum()
    assert after.sum() == pytest.approx(before.sum(), rel=1e-6, abs=1e-4)
    if "events" not in calendar:
        assert list(after) == pytest.approx(list(before), rel=1e-6, abs=1e-4)


def test_actuals_from_an_import_on_the_command_line_and_in_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An import's weekly history (no file lines) given in code, and a history CSV given with --history: week
    # 1's rows are its actuals (a ¥400 and 30 conversions: 17.5 predicted, flagged), as from the scenario's file.
    frame = pd.read_csv(io.StringIO(HISTORY), parse_dates=["date"])
    loaded = scenario(CHANNELS, budget=1000, calendar={"start": WEEK_1, "weeks": 2, "actuals_from": "history"})
    result = review(loaded, frame)
    assert list(result.table["actual_spend"]) == pytest.approx([400.0, 300.0])
    assert list(result.table["flagged"]) == [True, False]
    _write(tmp_path, "exported.csv", HISTORY)
    path = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals_from: history\n")
    assert main(["review", str(path), "--history", str(tmp_path / "exported.csv"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [row["actual_conversions"] for row in document["rows"]] == [30.0, 12.0]


def test_predictions_at_the_actual_spend_take_events_and_carry_over_in() -> None:
    # Double 11 in week 1 doubles a's efficiency: at ¥100 (its cheap tranche, 0.1 a yuan) a's curve there
    # predicts 100 × 0.1 × 2 = 20 conversions. b carries over (half of a week's response lands later): the
    # plan counts only what lands within the two weeks, but all ¥100 / ¥25 = 4 conversions are the spend's
    # doing and are what the review predicts. Spend only, no results given: nothing to compare, no flag.
    channels = [CHANNELS[0], {**CHANNELS[1], "carryover": 0.5}]
    double_11 = {"name": "Double 11", "periods": [WEEK_1], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
    actuals = [{"period": WEEK_1, "channel": "a", "spend": 100}, {"period": WEEK_1, "channel": "b", "spend": 100}]
    calendar = {"start": WEEK_1, "weeks": 2, "events": [double_11], "actuals": actuals}
    result = review(scenario(channels, budget=1000, calendar=calendar))
    rows = result.table.set_index("channel")
    assert rows.loc["a", "predicted_conversions"] == pytest.approx(20.0)
    assert rows.loc["b", "predicted_conversions"] == pytest.approx(4.0)
    assert result.table["curve_error"].isna().all()
    assert not result.table["flagged"].any()
    assert "n/a" in result.text("en")
    assert "The actuals give spend only: add their conversions to compare the curves" in result.text("en")
    assert "实际数据只有花费：请补充其 conversions，以便将响应曲线与实际结果对比。" in result.text("zh")


def test_the_review_as_a_csv_for_excel_in_chinese(tmp_path: Path) -> None:
    # BOM, headers in Chinese with the symbol, bare numbers (the curve error in percent), a TOTAL row.
    path = _write(tmp_path, "replan.yaml", SCENARIO_YAML + "  actuals:\n" + _actuals_yaml() + "\n")
    csv = tmp_path / "review.csv"
    assert main(["review", str(path), "--csv", str(csv), "--excel-csv", "--lang", "zh"]) == 0
    data = csv.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(",")[:4] == ["周期", "渠道", "计划花费（¥）", "实际花费（¥）"]
    assert lines[1] == "2026-11-02,a,100,400,10,17.5,30,71.4,0,,预测偏差大"
    assert lines[3].startswith("2026-11-02,合计,500,700,26,29.5,42,42.4,")


def test_the_review_csv_for_excel_quotes_a_label_that_starts_like_a_formula_not_a_negative_error() -> None:
    # a: ¥400 in week 1 was predicted 17.5 conversions and brought 10, a curve error of -42.9%.
    channels = [{**CHANNELS[0], "label": "=a"}, {**CHANNELS[1], "label": "@b"}]
    actuals = [{**ACTUALS[0], "conversions": 10}, ACTUALS[1]]
    result = review(scenario(channels, budget=1000, calendar={"start": WEEK_1, "weeks": 2, "actuals": actuals}))
    lines = review_to_excel_csv(result, "en").split("\r\n")
    assert lines[1].startswith("2026-11-02,'=a,100,400,10,17.5,10,-42.9,")
    assert lines[2].startswith("2026-11-02,'@b,")


def test_the_periods_already_run_are_marked_as_actual_in_the_tables() -> None:
    """A re-plan's tables say which periods have run (their spend is what was spent) and which are planned. Not
    "actual": what such a period bought is the model's, carry-over attributed, not the actuals as entered."""
    from planner.insight.report import periods_table
    from planner.insight.share import plan_report_html

    plan = solve(load_scenario("scenarios/tmall_flagship/q4_replan.yaml"))
    assert plan.scenario.calendar is not None
    run = list(dict.fromkeys(a.period for a in plan.scenario.calendar.actuals))
    names = [p.name for p in plan.scenario.calendar.resolved_periods()]
    assert run
    assert len(run) < len(names)
    for language, mark in (("en", "{} (run)"), ("zh", "{}（已执行）")):
        shown = list(periods_table(plan, language).iloc[:-1, 0])  # the TOTAL row aside
        assert shown == [mark.format(n) if n in run else n for n in names]
        assert mark.format(run[0]) in plan_report_html(plan, language)
