"""The calendar in the app (issue 11 step 7): the plan by period, the calendar tab, actuals and re-planning,
calendars compared; and the library tables behind them (`planner.editing.calendar_tables`).

The calendar scenarios are the Tmall Q4 example (`examples/calendar/tmall_q4.yaml`: seven phases of Double 11)
and the Tmall baseline's 13 weeks as a weekly calendar, both put in a private copy of the demo folder.
"""

from __future__ import annotations

import difflib
import itertools
import math
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from planner import solve
from planner.data.imports import import_exports
from planner.data.io import load_scenario
from planner.editing.calendar_tables import (
    PARTS,
    actuals_from_history,
    actuals_table,
    apply_actuals_table,
    apply_calendar_fields,
    apply_calendar_table,
    calendar_fields,
    calendar_table,
    compare_periods,
    period_totals,
)
from planner.model.calendar import Actual
from tests.app_helpers import english_sweep, open_app, own_words
from tests.conftest import ROOT

Q4 = ROOT / "examples" / "calendar" / "tmall_q4.yaml"
PHASES = ["October", "pre-sale", "first wave", "lull", "11.11", "returns", "December"]


@pytest.fixture
def calendars(folder: Path) -> Path:
    """The demo folder with two calendar scenarios of the Tmall store added: q4_calendar, and weekly (the
    baseline's 13 weeks as a calendar of weeks)."""
    store = folder / "tmall_flagship"
    text = Q4.read_text(encoding="utf-8").replace("../../scenarios/tmall_flagship/history.csv", "history.csv")
    (store / "q4_calendar.yaml").write_text(text, encoding="utf-8")
    baseline = (store / "baseline.yaml").read_text(encoding="utf-8")
    assert "period_weeks: 13\n" in baseline
    weekly = baseline.replace("name: Tmall baseline Q4", "name: Tmall week by week").replace(
        "period_weeks: 13\n",
        "calendar:  # the quarter week by week from the first Monday of October\n  start: 2026-10-05\n  weeks: 13\n",
    )
    (store / "weekly.yaml").write_text(weekly, encoding="utf-8")
    return folder


def work_of(at: AppTest, path: Path):
    return at.session_state[f"work::{path}"]


def draft(at: AppTest, path: Path, part: str, table: pd.DataFrame) -> AppTest:
    """Put a table in a calendar editor, as typing into it would (AppTest cannot type into st.data_editor)."""
    work = work_of(at, path)
    work.drafts[f"cal_{part}"] = table
    work.restart_editors()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the first read-only table whose headers start with these."""
    return next(
        d.value
        for d in at.dataframe
        if d.editing_mode == "read_only" and tuple(map(str, d.value.columns[: len(columns)])) == columns
    )


def widget(at: AppTest, kind: str, name: str):
    return next(w for w in getattr(at, kind) if str(w.key).startswith("cal::") and str(w.key).endswith(f"::{name}"))


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error) + " " + " ".join(m.value for m in at.markdown)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


# The library: tables ↔ the calendar block.


def test_every_calendar_table_reads_back_as_the_same_scenario() -> None:
    scenario = load_scenario(Q4)
    for part in PARTS:
        edit = apply_calendar_table(scenario, part, calendar_table(scenario, part))
        assert edit.scenario is not None, edit.problems
        assert edit.scenario.model_dump() == scenario.model_dump(), part
    events = calendar_table(scenario, "events")
    assert list(events["event"]) == [
        "Double 11 first wave", "Double 11", "Double 11", "pre-sale deposits", "return window"
    ]  # fmt: skip
    assert calendar_fields(scenario)["mode"] == "periods"


def test_an_unknown_period_is_refused_with_its_place_in_both_languages() -> None:
    scenario = load_scenario(Q4)
    budgets = calendar_table(scenario, "budgets")
    budgets.loc[1, "periods"] = "11.12"
    edit = apply_calendar_table(scenario, "budgets", budgets)
    assert edit.scenario is None
    assert edit.render("en") == ("calendar -> budgets -> 1 -> periods: unknown period '11.12'; did you mean '11.11'?",)
    assert "「11.11」" in edit.render("zh")[0]


def test_the_events_table_keeps_what_it_does_not_show() -> None:
    """The US demo estimates its events' efficiency from history, pooled: editing a cost keeps both."""
    scenario = load_scenario(ROOT / "scenarios" / "us_outdoor" / "q4_calendar.yaml")
    assert scenario.calendar is not None
    events = calendar_table(scenario, "events")
    assert events["estimated"].all()
    assert events["efficiency"].isna().all()
    same = apply_calendar_table(scenario, "events", events)
    assert same.scenario is not None, same.problems
    assert same.scenario.model_dump() == scenario.model_dump()
    events.loc[0, "cost"] = 1.2
    edited = apply_calendar_table(scenario, "events", events).scenario
    assert edited is not None
    assert edited.calendar is not None
    first = edited.calendar.events[0].multipliers[0]
    assert (first.efficiency, first.cost, first.model_dump()["pooled"]) == ("estimate", 1.2, True)


def test_rows_with_one_event_name_are_one_event_with_their_multipliers() -> None:
    scenario = load_scenario(Q4)
    events = calendar_table(scenario, "events")
    events.loc[len(events)] = ["Double 11", "", "taoke", None, 1.5, False, 1.0]  # a third change for Double 11
    edit = apply_calendar_table(scenario, "events", events)
    assert edit.scenario is not None, edit.problems
    assert edit.scenario.calendar is not None
    double_11 = next(e for e in edit.scenario.calendar.events if e.name == "Double 11")
    assert double_11.periods == ("11.11",)  # the row without periods joins the event's
    assert [(m.channels, m.efficiency) for m in double_11.multipliers][-1] == (("taoke",), 1.5)


def test_calendar_inputs_that_differ_are_described_in_words() -> None:
    from planner.editing.differences import input_differences
    from planner.model.i18n import render

    scenario = load_scenario(Q4)
    events = calendar_table(scenario, "events")
    events.loc[0, "efficiency"] = 2.5
    other = apply_calendar_table(scenario, "events", events).scenario
    assert other is not None
    other = apply_calendar_fields(other, {**calendar_fields(other), "unspent": "spend_all"}).scenario
    assert other is not None

    def rows(language: str) -> list[tuple[str, str, str]]:
        return [
            (render(d.what, language), render(d.first, language), render(d.second, language))
            for d in input_differences(scenario, other)
        ]

    assert rows("en") == [
        ("budget not spent", "As the budget says (at most)", "Spend it all: exactly the budget"),
        (
            "events no. 1 (Double 11 first wave)",
            "periods first wave, changes alibaba: efficiency × 2.00, cost × 1.30",
            "periods first wave, changes alibaba: efficiency × 2.50, cost × 1.30",
        ),
    ]
    assert rows("zh")[1][0] == "活动第 1 项（Double 11 first wave）"
    baseline = load_scenario(ROOT / "scenarios" / "tmall_flagship" / "baseline.yaml")
    added = [row for row in (render(d.what, "zh") for d in input_differences(baseline, scenario)) if row == "日历"]
    assert added == ["日历"]


def test_adding_and_removing_a_calendar_keeps_the_plan_length() -> None:
    baseline = load_scenario(ROOT / "scenarios" / "tmall_flagship" / "baseline.yaml")
    assert baseline.period_weeks == 13
    assert baseline.calendar is None
    fields = {"mode": "weeks", "start": date(2026, 10, 5), "count": 13, "unspent": "spend_all", "credit": False}
    added = apply_calendar_fields(baseline, fields).scenario
    assert added is not None
    assert added.calendar is not None
    assert added.period_weeks is None  # the calendar's 13 weeks replace it
    assert added.calendar.unspent == "spend_all"
    removed = apply_calendar_fields(added, {"mode": "none"}).scenario
    assert removed is not None
    assert removed.calendar is None
    assert removed.period_weeks == 13


def test_actuals_table_enters_spend_and_a_period_with_any_is_over() -> None:
    scenario = load_scenario(Q4)
    table = actuals_table(scenario)
    assert list(table["period"]) == PHASES
    assert table.drop(columns="period").isna().all().all()
    table.loc[0, "taoke"] = 50_000.0
    table.loc[0, "taobao_live"] = 32_000.0
    edit = apply_actuals_table(scenario, table)
    assert edit.scenario is not None, edit.problems
    assert edit.scenario.calendar is not None
    actuals = {(a.period, a.channel): a.spend for a in edit.scenario.calendar.actuals}
    assert actuals == {("October", "taoke"): 50_000.0, ("October", "taobao_live"): 32_000.0}
    assert actuals_table(edit.scenario).loc[0, "taoke"] == 50_000.0  # and back
    table.loc[1, "taoke"] = -5.0
    refused = apply_actuals_table(scenario, table)
    assert refused.scenario is None
    assert "calendar -> actuals -> 2 -> spend" in refused.problems[0]


@settings(max_examples=25, deadline=None)
@given(
    cells=st.lists(
        st.one_of(st.none(), st.floats(min_value=0, max_value=1e7, allow_nan=False)), min_size=35, max_size=35
    )
)
def test_actuals_read_back_as_entered_and_the_periods_with_any_are_over(cells: list[float | None]) -> None:
    """Invariant: the actuals table reads back as entered, and the periods over are those with any amount
    (the model reads a channel not listed in a period that is over as having spent nothing)."""
    scenario = load_scenario(Q4)
    table = actuals_table(scenario)
    channels = [c.id for c in scenario.channels]
    for index, value in enumerate(cells):
        table.loc[index // 5, channels[index % 5]] = math.nan if value is None else value
    edit = apply_actuals_table(scenario, table)
    assert edit.scenario is not None, edit.problems
    back = actuals_table(edit.scenario)
    for row in range(len(PHASES)):
        entered = [cells[row * 5 + k] for k in range(5)]
        shown = [float(back[channel].tolist()[row]) for channel in channels]
        assert [None if math.isnan(value) else value for value in shown] == entered
    over = {actual.period for actual in edit.scenario.calendar.actuals}  # type: ignore[union-attr]
    assert over == {
        PHASES[row] for row in range(len(PHASES)) if any(v is not None for v in cells[row * 5 : row * 5 + 5])
    }


def test_actual_columns_follow_the_model() -> None:
    """Only the measures `Actual` has are offered (conversions and revenue join when the model has them)."""
    from planner.editing.calendar_tables import ACTUAL_MEASURES, actual_columns

    assert ACTUAL_MEASURES[0] == "spend"
    assert set(ACTUAL_MEASURES) <= set(Actual.model_fields)
    scenario = load_scenario(Q4)
    assert actual_columns(scenario)[: len(scenario.channels)] == [c.id for c in scenario.channels]


def write_exports(folder: Path, days: int = 17) -> list[Path]:
    """Exports in the 万相台 layout, one file per channel, daily from Monday 2026-10-05: 直通车 ¥1,000 a day,
    淘宝客 ¥500 a day, and a channel the scenario does not have (¥5 a day)."""
    paths = []
    for name, spend in (("直通车", 1000), ("淘宝客", 500), ("神秘渠道", 5)):
        lines = ["日期,计划名称,花费,展现量,点击量,总成交笔数,总成交金额"]
        for day in range(days):
            lines.append(f"{date(2026, 10, 5) + timedelta(days=day)},计划A,{spend},500,50,10,2000")
        path = folder / f"{name}_2026-10-05.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_periods_an_import_covers_whole_become_actuals(calendars: Path, tmp_path: Path) -> None:
    scenario = load_scenario(calendars / "tmall_flagship" / "weekly.yaml")
    history = import_exports(write_exports(tmp_path), drop_partial_weeks=True).history
    found = actuals_from_history(scenario, history)
    # 17 days from Monday 5 October: two whole weeks (the third, read for 3 days, is dropped by the import).
    assert found.periods == ("2026-10-05", "2026-10-12")
    assert found.unknown == ("神秘渠道",)
    assert found.left_out == 0
    table = found.table.set_index("period")
    assert table.loc["2026-10-05", "through_train"] == 7 * 1000  # 直通车 is through_train's label
    assert table.loc["2026-10-12", "taoke"] == 7 * 500
    assert table.loc["2026-10-05", "taobao_live"] == 0.0  # not in the exports: spent nothing in a period over
    assert math.isnan(table["taoke"].to_dict()["2026-10-19"])  # a period the import did not reach stays open
    if "conversions" in Actual.model_fields:  # what the week brought, for the review: 10 orders a day
        assert table.loc["2026-10-05", "through_train · conversions"] == 7 * 10
    # Q4's October runs 5–19 October: the two weeks leave its last day uncovered, so it is not over yet.
    phases = actuals_from_history(load_scenario(Q4), history)
    assert phases.periods == ()
    assert phases.left_out == 2


def test_period_totals_and_compare_by_period() -> None:
    scenario = load_scenario(Q4)
    plan = solve(scenario)
    totals = period_totals(plan)
    assert list(totals["period"]) == PHASES
    assert list(totals["days"]) == [15, 11, 4, 7, 1, 14, 32]  # 5–19 Oct, 20–30 Oct, 31 Oct–3 Nov, ...
    assert totals["spend"].sum() == pytest.approx(plan.totals["spend"])
    assert not totals["actual"].any()
    richer = solve(scenario.with_budget(2_400_000))
    table = compare_periods({"a": plan, "b": richer})
    assert list(table.index) == PHASES
    assert table["b"].sum() - table["a"].sum() == pytest.approx(richer.totals["spend"] - plan.totals["spend"])


# The app.


def test_a_calendar_plan_shows_spend_by_channel_and_period_with_totals(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    at = open_app(path)
    assert not at.error, [e.value for e in at.error]
    wide = frame(at, "Channel", "October")
    assert list(wide.columns) == ["Channel", *PHASES, "TOTAL"]
    assert list(wide["Channel"]) == ["直通车", "引力魔方", "钻石展位", "淘宝客", "淘宝直播", "TOTAL"]
    plan = solve(load_scenario(path))
    assert wide.iloc[-1, -1] == at.metric[0].value == f"¥{plan.totals['spend']:,.0f}"
    totals = frame(at, "Period", "Dates")
    assert list(totals["Period"]) == PHASES
    assert totals.loc[4, "Dates"] == "2026-11-11 to 2026-11-11"
    assert set(totals["Status"]) == {"planned"}
    at.toggle(key="calendar_long_shown").set_value(True).run()
    long = frame(at, "Period", "Channel", "Spend")
    assert len(long) == len(PHASES) * 5
    assert "Next conversion costs" in long.columns


def test_a_one_period_scenario_gets_a_calendar_and_saves_it_with_comments(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "baseline.yaml"
    before = path.read_text(encoding="utf-8")
    at = open_app(path)
    assert not any(d.value.columns[:2].tolist() == ["Period", "直通车"] for d in at.dataframe)
    widget(at, "selectbox", "mode").set_value("weeks").run()
    widget(at, "date_input", "start").set_value(date(2026, 10, 5)).run()
    widget(at, "number_input", "count").set_value(13).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    wide = frame(at, "Period", "直通车")  # 13 weeks read down the page, channels across
    assert list(wide["Period"]) == [(date(2026, 10, 5) + timedelta(weeks=k)).isoformat() for k in range(13)] + ["TOTAL"]
    assert list(wide.columns) == ["Period", "直通车", "引力魔方", "钻石展位", "淘宝客", "淘宝直播", "TOTAL"]
    assert wide.iloc[-1, -1] == at.metric[0].value
    at.button(key="save").click().run()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "- period_weeks: 13", "+ ", "+ calendar:", "+   start: 2026-10-05", "+   weeks: 13"
    ]  # fmt: skip
    assert all(line in after for line in before.splitlines() if line.strip().startswith("#"))  # comments kept
    assert load_scenario(path).calendar is not None


def test_unspent_and_credit_are_edited_and_saved(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    at = open_app(path)
    widget(at, "selectbox", "unspent").set_value("spend_all").run()
    widget(at, "checkbox", "credit").check().run()
    assert not at.error, [e.value for e in at.error]
    calendar = work_of(at, path).scenario.calendar
    assert (calendar.unspent, calendar.credit_beyond_horizon) == ("spend_all", True)
    assert at.metric[0].value == "¥2,200,000"  # spend it all: exactly the budget
    at.button(key="save").click().run()
    saved = load_scenario(path).calendar
    assert saved is not None
    assert saved.unspent == "spend_all"
    assert saved.credit_beyond_horizon


def test_an_event_edit_replans_and_saves_one_line(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    before = path.read_text(encoding="utf-8")
    at = open_app(path)
    spend_before = frame(at, "Channel", "October")["first wave"].iloc[-1]
    events = calendar_table(work_of(at, path).scenario, "events")
    events.loc[0, "efficiency"] = 1.0  # the first wave of final payments no better than a normal day
    draft(at, path, "events", events)
    assert not at.error, [e.value for e in at.error]
    assert frame(at, "Channel", "October")["first wave"].iloc[-1] != spend_before
    at.button(key="save").click().run()
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "-         - {group: alibaba, efficiency: 2.0, cost: 1.3}",
        "+         - {group: alibaba, efficiency: 1, cost: 1.3}",
    ]


def test_smoothing_and_periods_on_air_edited_reach_the_plan(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    at = open_app(path)
    smoothing = calendar_table(work_of(at, path).scenario, "smoothing")
    smoothing.loc[0, "max_change"] = 0.2  # taoke's spend per week within ±20% from one phase to the next
    draft(at, path, "smoothing", smoothing)
    on_air = calendar_table(work_of(at, path).scenario, "on_air")
    on_air.loc[0] = ["feed every phase", "super_recommendation", None, 7, 5000.0]
    draft(at, path, "on_air", on_air)
    assert not at.error, [e.value for e in at.error]
    calendar = work_of(at, path).scenario.calendar
    assert calendar.smoothing[0].max_change == 0.2
    assert (calendar.on_air[0].periods, calendar.on_air[0].min_spend) == (7, 5000.0)
    plan = solve(work_of(at, path).scenario)
    assert plan.periods is not None
    weekly = plan.periods[plan.periods["channel"] == "taoke"].assign(per_week=lambda f: f["spend"] / f["weeks"])
    rates = list(weekly["per_week"])
    for before, after in itertools.pairwise(rates):  # w_prev·cur within (1 ± 0.2)·w·prev, per week
        assert 0.8 * before - 1e-6 <= after <= 1.2 * before + 1e-6
    feed = plan.periods[plan.periods["channel"] == "super_recommendation"]["spend"]
    assert (feed >= 5000 - 1e-6).all()  # on air in all seven phases (it was off in six of them)
    wide = frame(at, "Channel", "October")
    assert all(float(cell.strip("¥").replace(",", "")) >= 5000 for cell in wide.iloc[1, 1:8])
    rules = frame(at, "Rule", "Kind")
    kinds = set(rules["Kind"])
    assert {"smoothing", "periods on air", "limit per period", "budget per period"} <= kinds
    assert "budget 11.11" in set(rules["Rule"])
    smoothing_rows = rules[rules["Kind"] == "smoothing"]
    assert set(smoothing_rows["Limit"]) == {"at most 20.0%", "at least -20.0%"}
    at.button(key="save").click().run()
    saved = path.read_text(encoding="utf-8")
    assert "- {channels: [taoke], max_change: 20%}" in saved  # written as it was: a percentage, in flow style
    assert load_scenario(path).calendar.on_air[0].name == "feed every phase"  # type: ignore[union-attr]


def test_an_invalid_calendar_edit_is_located_in_words_and_never_saved(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    before = path.read_text(encoding="utf-8")
    at = open_app(path)
    budgets = calendar_table(work_of(at, path).scenario, "budgets")
    budgets.loc[1, "periods"] = "11.12"
    draft(at, path, "budgets", budgets)
    assert "This edit is not applied" in errors(at)
    assert "budgets per period -> no. 2 -> periods: unknown period '11.12'; did you mean '11.11'?" in errors(at)
    assert work_of(at, path).scenario.model_dump() == load_scenario(path).model_dump()  # not half applied
    assert any("not valid yet" in w.value for w in at.warning)
    if any(b.key == "save" for b in at.button):
        at.button(key="save").click().run()
    assert path.read_text(encoding="utf-8") == before
    periods = calendar_table(work_of(at, path).scenario, "periods")
    periods.loc[2, "start"] = date(2026, 11, 1)  # a gap after pre-sale
    draft(at, path, "periods", periods)
    assert "periods -> no. 3 (first wave) -> first day" in errors(at)
    at.button(key="cal_discard").click().run()  # back to the file as opened: no drafts, no problems
    assert not at.error
    assert not work_of(at, path).drafts


def test_actuals_entered_re_plan_the_rest_with_past_periods_marked(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    at = open_app(path)
    table = actuals_table(work_of(at, path).scenario)
    spent = {"through_train": 160_000.0, "super_recommendation": 120_000.0, "diamond_exhibition": 40_000.0}
    spent |= {"taoke": 30_000.0, "taobao_live": 45_000.0}
    for channel, amount in spent.items():
        table.loc[0, channel] = amount
    draft(at, path, "actuals", table)
    assert not at.error, [e.value for e in at.error]
    # ¥395,000 spent in October: ¥2,200,000 − ¥395,000 = ¥1,805,000 is left for the six phases after it.
    assert any(
        "actuals of 1 period(s) (¥395,000 spent): ¥1,805,000 is planned over the 6 period(s) left" in i.value
        for i in at.info
    )
    wide = frame(at, "Channel", "October (run)")
    assert list(wide["October (run)"]) == ["¥160,000", "¥120,000", "¥40,000", "¥30,000", "¥45,000", "¥395,000"]
    totals = frame(at, "Period", "Dates")
    assert list(totals["Status"]) == ["run"] + ["planned"] * 6
    scenario = work_of(at, path).scenario
    assert {(a.channel, a.spend) for a in scenario.calendar.actuals} == set(spent.items())


def test_actuals_imported_from_exports_fill_the_weeks_run(calendars: Path, tmp_path: Path) -> None:
    path = calendars / "tmall_flagship" / "weekly.yaml"
    at = open_app(path)
    files = [(p.name, p.read_bytes(), "text/csv") for p in write_exports(tmp_path)]
    at.file_uploader(key="cal_import_files").set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Found actuals for these periods: 2026-10-05, 2026-10-12." in s.value for s in at.success)
    assert any("神秘渠道" in c.value for c in at.caption)
    assert not any("Left out" in c.value for c in at.caption)  # both weeks read are whole periods
    at.button(key="cal_import_use").click().run()
    assert not at.error, [e.value for e in at.error]
    actuals = {(a.period, a.channel): a.spend for a in work_of(at, path).scenario.calendar.actuals}
    assert actuals[("2026-10-05", "through_train")] == 7_000
    assert actuals[("2026-10-12", "taoke")] == 3_500
    assert actuals[("2026-10-12", "taobao_live")] == 0.0
    wide = frame(at, "Period", "直通车")
    assert list(wide["Period"])[:3] == ["2026-10-05 (run)", "2026-10-12 (run)", "2026-10-19"]  # then planned
    assert list(wide.iloc[0, 1:6]) == ["¥7,000", "¥0", "¥0", "¥3,500", "¥0"]  # 直通车 and 淘宝客 spent, the rest 0
    assert wide.iloc[0, 6] == "¥10,500"


def test_two_sessions_editing_one_calendar_never_overwrite_each_other(calendars: Path) -> None:
    path = calendars / "tmall_flagship" / "q4_calendar.yaml"
    first, second = open_app(path), open_app(path)
    for at, column, value in ((first, "efficiency", 2.5), (second, "cost", 1.5)):
        events = calendar_table(work_of(at, path).scenario, "events")
        events.loc[0, column] = value
        draft(at, path, "events", events)
    first.button(key="save").click().run()
    saved = path.read_text(encoding="utf-8")
    assert "{group: alibaba, efficiency: 2.5, cost: 1.3}" in saved
    second.run()
    assert any("changed on disk" in e.value for e in second.error)
    if any(b.key == "save" for b in second.button):
        second.button(key="save").click().run()
    assert path.read_text(encoding="utf-8") == saved  # the second session's edit did not overwrite the first's


def test_compare_two_calendars_per_period(calendars: Path) -> None:
    store = calendars / "tmall_flagship"
    text = (store / "q4_calendar.yaml").read_text(encoding="utf-8")
    (store / "q4_more.yaml").write_text(
        text.replace("name: Tmall Q4 calendar", "name: Tmall Q4 more").replace("budget: 2200000", "budget: 2600000"),
        encoding="utf-8",
    )
    at = open_app(store / "q4_calendar.yaml")
    at.multiselect(key="compare").set_value([str(store / "q4_calendar.yaml"), str(store / "q4_more.yaml")]).run()
    assert not at.exception
    table = frame(at, "Period", "Tmall Q4 calendar")
    difference = "Tmall Q4 more − Tmall Q4 calendar"
    assert list(table.columns) == ["Period", "Tmall Q4 calendar", "Tmall Q4 more", difference]
    assert list(table["Period"]) == [*PHASES, "TOTAL"]
    low, high = (solve(load_scenario(store / name)) for name in ("q4_calendar.yaml", "q4_more.yaml"))
    by_period = compare_periods({"low": low, "high": high})
    for row, period in enumerate(PHASES):
        change = by_period["high"].to_dict()[period] - by_period["low"].to_dict()[period]
        assert table.loc[row, difference] == (
            "±0" if abs(change) < 0.5 else f"{'+' if change > 0 else '-'}¥{abs(change):,.0f}"
        )
    # In dollars, the same calendar is shown beside it but never subtracted.
    (store / "q4_usd.yaml").write_text(
        text.replace("name: Tmall Q4 calendar", "name: Q4 in dollars").replace("currency: CNY", "currency: USD"),
        encoding="utf-8",
    )
    at.multiselect(key="compare").set_value([str(store / "q4_calendar.yaml"), str(store / "q4_usd.yaml")]).run()
    table = frame(at, "Period", "Tmall Q4 calendar")
    assert list(table.columns) == ["Period", "Tmall Q4 calendar", "Q4 in dollars"]
    assert str(table.loc[0, "Q4 in dollars"]).startswith("$")


def test_the_calendar_in_chinese_shows_no_english(calendars: Path, tmp_path: Path) -> None:
    store = calendars / "tmall_flagship"
    path = store / "q4_calendar.yaml"
    at = open_app(path)
    at.radio(key="language").set_value("zh").run()
    allowed = own_words(calendars)
    sweep, left = english_sweep(at, allowed)

    sweep("calendar plan")
    assert not frame(at, "渠道", "October").empty  # the wide table, headed in Chinese
    at.toggle(key="calendar_long_shown").set_value(True).run()
    sweep("long table")
    budgets = calendar_table(work_of(at, path).scenario, "budgets")
    budgets.loc[1, "periods"] = "11.12"
    draft(at, path, "budgets", budgets)
    assert "各周期预算 -> 第 2 项 -> 周期" in errors(at)
    sweep("invalid calendar edit")
    work_of(at, path).drafts.clear()
    table = actuals_table(work_of(at, path).scenario)
    table.loc[0, "taoke"] = 30_000.0
    table.loc[0, "taobao_live"] = 45_000.0  # live is on air every day: at least ¥2,000 a day
    draft(at, path, "actuals", table)
    assert not frame(at, "渠道", "October（已执行）").empty
    sweep("actuals")
    weekly = store / "weekly.yaml"
    at.selectbox(key="scenario").set_value(str(weekly)).run()
    files = [(p.name, p.read_bytes(), "text/csv") for p in write_exports(tmp_path)]
    at.file_uploader(key="cal_import_files").set_value(files).run()
    sweep("import of actuals")
    at.multiselect(key="compare").set_value([str(path), str(weekly)]).run()
    sweep("compare two calendars")
    at.selectbox(key="scenario").set_value(str(store / "baseline.yaml")).run()
    sweep("no calendar")
    report = "\n".join(f"[{where}] {words[:6]}: {text[:160]!r}" for text, (where, words) in left.items())
    assert not left, f"{len(left)} texts with English words in 中文 mode:\n{report}"
