"""A calendar plan's outputs: the chart, totals per period and per event, worked by hand on three weeks."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import event_totals, load_scenario, period_totals, solve
from planner import frontier as planner_frontier
from planner.cli import main
from planner.insight.charts import calendar_chart, curve_chart
from planner.insight.exports import periods_to_csv, plan_to_csv, plan_to_excel
from planner.insight.share import plan_report_html
from planner.insight.trust import outcome_range
from planner.model.formatting import format_number
from tests.conftest import SCENARIOS, scenario

# Three weeks from 2026-11-02; Double 11 is the week of 2026-11-09, where a converts twice as well.
# a: its first ¥300 over the calendar (¥100 a week) at ¥10 per conversion, then ¥40; in the event week
# ¥5, then ¥20. b: ¥25 throughout. Budget ¥1,000.
# Every week buys a's cheap ¥100 (10, 20, 10 conversions = 40); the other ¥700 goes where a yuan buys most:
# a's dear tranche in the event week (1/20 = 0.05 a yuan) beats b (0.04) and a's ordinary dear tranche
# (0.025): ¥700 there, 35 conversions. Plan: week 1 ¥100, week 2 ¥800, week 3 ¥100; 75 conversions.
CHANNELS: list[dict[str, Any]] = [
    {
        "id": "a",
        "label": "直通车",
        "tranches": [{"up_to": 300, "cost_per_conversion": 10}, {"cost_per_conversion": 40}],
    },
    {"id": "b", "cost_per_conversion": 25},
]
EVENT = {"name": "Double 11", "periods": ["2026-11-09"], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
CALENDAR: dict[str, Any] = {"start": "2026-11-02", "weeks": 3, "events": [EVENT]}
WEEKS = ["2026-11-02", "2026-11-09", "2026-11-16"]


@pytest.fixture(scope="module")
def plan() -> Any:
    return solve(scenario(CHANNELS, budget=1000, calendar=CALENDAR))


def layers(chart: Any) -> list[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Return each layer of a vertically concatenated chart as (mark, its data, its encoding)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    found = []
    for view in spec["vconcat"]:
        for layer in view.get("layer", [view]):
            mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
            # Data shared by every view sits on the whole chart; a lone layer's on its view.
            source = layer.get("data", view.get("data", spec.get("data")))
            data = pd.DataFrame(datasets[source["name"]]) if source else pd.DataFrame()
            found.append((mark, data, layer.get("encoding", {})))
    return found


def test_the_plan_by_hand(plan: Any) -> None:
    spend = plan.periods.pivot(index="channel", columns="period", values="spend")
    assert spend.loc["a", WEEKS].tolist() == pytest.approx([100, 800, 100])
    assert spend.loc["b", WEEKS].tolist() == pytest.approx([0, 0, 0], abs=1e-6)
    assert plan.totals["conversions"] == pytest.approx(75)


def test_calendar_chart_stacks_spend_by_period_and_shades_the_event(plan: Any) -> None:
    chart = calendar_chart(plan, "zh")
    assert chart is not None
    drawn = layers(chart)
    bars = next(data for mark, data, _ in drawn if mark == "bar")
    by_period = bars.groupby("period")["spend"].sum()
    assert by_period[WEEKS].tolist() == pytest.approx([100, 800, 100])
    cells = {(row["period"], row["channel"]): row for row in bars.to_dict("records")}
    cell = cells["2026-11-09", "直通车"]
    assert cell["spend_shown"] == "¥800"
    assert cell["events"] == "Double 11"
    assert cells["2026-11-02", "直通车"]["events"] == "无"
    assert cell["dates"] == "2026-11-09 至 2026-11-15"
    # The event's week is shaded in the bars and outlined in the heat map, and named once.
    shaded = [data for mark, data, _ in drawn if mark == "rect" and "names" in data]
    assert [d["period"].tolist() for d in shaded] == [["2026-11-09"]] * 2
    names = next(data for mark, data, _ in drawn if mark == "text")
    assert names["names"].tolist() == ["Double 11"]
    encoding = next(enc for mark, _, enc in drawn if mark == "bar")
    assert encoding["x"]["title"] == "周期"
    assert encoding["x"]["sort"] == WEEKS
    assert encoding["y"]["axis"]["title"] == "花费（CNY）"
    assert "¥" in encoding["y"]["axis"]["labelExpr"]
    assert encoding["color"]["title"] == "渠道"
    heat = next(enc for mark, data, enc in drawn if mark == "rect" and "names" not in data)
    assert heat["color"]["field"] == "spend"
    assert heat["y"]["sort"] == ["直通车", "b"]
    spec = chart.to_dict()
    assert spec["title"] == "test：各周期花费"


def test_calendar_chart_is_none_without_a_calendar() -> None:
    assert calendar_chart(solve(scenario(CHANNELS, budget=1000)), "en") is None


def test_calendar_chart_without_events_shades_nothing() -> None:
    plain = solve(scenario(CHANNELS, budget=1000, calendar={"start": "2026-11-02", "weeks": 3}))
    chart = calendar_chart(plain, "en")
    assert chart is not None
    drawn = layers(chart)
    assert not [mark for mark, data, _ in drawn if mark == "text"]
    bars = next(data for mark, data, _ in drawn if mark == "bar")
    # No event: a's cheap ¥300 spread evenly, then b (¥25) beats a's ¥40: ¥700 spread evenly by length.
    assert bars.groupby("period")["spend"].sum()[WEEKS].tolist() == pytest.approx([1000 / 3] * 3)
    assert set(bars["events"]) == {"none"}


# The same with week 2 capped at ¥500: a's cheap ¥100 every week (10, 20, 10) and ¥400 of its ¥20 tranche in
# week 2 (20); the other ¥300 to b at ¥25 (12), in week 1 or 3 (the solver's vertex: nothing tells them
# apart). 72 conversions. The cap's shadow price: a yuan more there moves from b (1/25) to a (1/20), +0.01.
CAPPED: dict[str, Any] = {**CALENDAR, "budgets": [{"periods": ["2026-11-09"], "at_most": 500}]}


@pytest.fixture(scope="module")
def capped() -> Any:
    return solve(scenario(CHANNELS, budget=1000, calendar=CAPPED))


def test_totals_per_period_and_per_event_by_hand(plan: Any) -> None:
    totals = period_totals(plan)
    assert totals is not None
    assert totals["period"].tolist() == WEEKS
    assert totals["spend"].tolist() == pytest.approx([100, 800, 100])
    # Week 2: a's ¥100 at ¥5 (20) and ¥700 at ¥20 (35).
    assert totals["conversions"].tolist() == pytest.approx([10, 55, 10])
    assert totals["cpa"].tolist() == pytest.approx([10, 800 / 55, 10])
    # The next conversion: weeks 1 and 3 b at ¥25 (a's next tranche costs ¥40); week 2 a at ¥20.
    assert totals["marginal_cpa"].tolist() == pytest.approx([25, 20, 25])
    assert totals["events"].tolist() == [(), ("Double 11",), ()]
    assert totals["weeks"].tolist() == pytest.approx([1, 1, 1])
    events = event_totals(plan)
    assert events is not None
    assert events.to_dict("records") == [
        {
            "event": "Double 11",
            "periods": ("2026-11-09",),
            "weeks": pytest.approx(1),
            "spend": pytest.approx(800),
            "conversions": pytest.approx(55),
            "revenue": 0.0,
            "landed_conversions": pytest.approx(55),
            "landed_revenue": 0.0,
            "beyond_conversions": 0.0,
            "beyond_revenue": 0.0,
            "cpa": pytest.approx(800 / 55),
            "share_of_spend": pytest.approx(0.8),
        }
    ]


def test_totals_are_none_without_a_calendar_and_skip_excluded_channels() -> None:
    assert period_totals(solve(scenario(CHANNELS, budget=1000))) is None
    assert event_totals(solve(scenario(CHANNELS, budget=1000))) is None
    # A channel excluded from the plan buys nothing: its ¥1 conversions are not the period's next one.
    closed = [*CHANNELS, {"id": "c", "cost_per_conversion": 1, "excluded": True}]
    totals = period_totals(solve(scenario(closed, budget=1000, calendar=CALENDAR)))
    assert totals is not None
    assert totals["marginal_cpa"].tolist() == pytest.approx([25, 20, 25])


def test_a_period_that_is_over_has_no_next_conversion() -> None:
    # Week 1 is over: a spent ¥100 (b nothing). The rest as before: weeks 2 and 3 plan the other ¥900.
    actuals = [{"period": "2026-11-02", "channel": "a", "spend": 100}]
    totals = period_totals(solve(scenario(CHANNELS, budget=1000, calendar={**CALENDAR, "actuals": actuals})))
    assert totals is not None
    assert totals["spend"].tolist() == pytest.approx([100, 800, 100])
    assert math.isnan(totals["marginal_cpa"].iloc[0])
    assert totals["marginal_cpa"].tolist()[1:] == pytest.approx([20, 25])


def test_the_explanation_says_why_money_moves_into_the_event_week(plan: Any) -> None:
    en, zh = plan.explain("en").splitlines(), plan.explain("zh").splitlines()
    # Even pacing: ¥1,000 / 3 a week; week 2 gets ¥800, ¥466.67 more. Its only channel a has efficiency 2,
    # cost 1: each yuan there buys 2× what it buys in an ordinary week.
    assert (
        "¥466.67 more than even pacing goes into 2026-11-09 (Double 11): each ¥1 there buys 2× what it buys "
        "in an ordinary period." in en
    )
    assert "2026-11-09（Double 11）比均匀节奏多分配 ¥466.67：那里每 ¥1 带来的效果是平常周期的 2 倍。" in zh
    # The budget's shadow price is 1/20 (a's ¥20 tranche in week 2): the next yuan goes there.
    assert "The next ¥1 of budget goes to 直通车 in 2026-11-09, where the next conversion costs ¥20." in en
    assert "下一 ¥1 预算将投向直通车（2026-11-09），那里下一次转化的成本为 ¥20。" in zh
    kinds = [f.kind for f in plan.explanation]
    assert kinds.count("period_shift") == 1  # weeks 1 and 3 get less than even: not listed
    assert "period_rule" not in kinds  # no calendar rule
    assert "beyond_horizon" not in kinds  # no carry-over
    shift = next(f for f in plan.explanation if f.kind == "period_shift")
    assert (shift.subject, shift.value) == ("2026-11-09", pytest.approx(2.0))


def test_the_explanation_names_the_costliest_calendar_rule_and_where_the_next_yuan_goes(capped: Any) -> None:
    en, zh = capped.explain("en").splitlines(), capped.explain("zh").splitlines()
    rule = capped.rules.set_index("rule").loc["2026-11-09"]
    assert rule["shadow_price"] == pytest.approx(0.01)
    # ¥1,000 more in week 2: ¥1,000 × (1/20 − 1/25) = 10 conversions.
    assert (
        "Of the calendar's rules, 'budget 2026-11-09' costs the most: raising it by ¥1,000 would give about 10 "
        "more conversions." in en
    )
    assert "日历规则中，「2026-11-09 预算」代价最大：提高 ¥1,000，约可多获得 10 转化。" in zh
    # The next yuan: b at ¥25 (the budget's price 0.04), in the weeks not capped, wherever b's ¥300 went.
    assert "The next ¥1 of budget goes to b in 2026-11-02, 2026-11-16, where the next conversion costs ¥25." in en
    assert "下一 ¥1 预算将投向b（2026-11-02、2026-11-16），那里下一次转化的成本为 ¥25。" in zh
    # Week 2: ¥500 against ¥333.33 even.
    assert any(line.startswith("¥166.67 more than even pacing goes into 2026-11-09 (Double 11)") for line in en)


def test_carry_over_beyond_the_horizon_is_said_counted_or_not() -> None:
    channels = [{"id": "a", "cost_per_conversion": 10, "carryover": 0.5}]
    calendar = {"start": "2026-11-02", "weeks": 2}
    plan = solve(scenario(channels, budget=1000, calendar=calendar))
    beyond = plan.totals["beyond_horizon_conversions"]
    assert beyond > 0
    finding = next(f for f in plan.explanation if f.kind == "beyond_horizon")
    assert finding.value == pytest.approx(beyond)
    shown = format_number(beyond)
    assert finding.text("en") == (
        f"{shown} conversions bought by carry-over land after 2026-11-15, beyond the calendar, and are not counted "
        "in this plan."
    )
    counted = solve(scenario(channels, budget=1000, calendar={**calendar, "credit_beyond_horizon": True}))
    text = next(f for f in counted.explanation if f.kind == "beyond_horizon").text("zh")
    assert text.endswith("日历之外落地；本方案已计入。")


def test_a_plan_without_a_calendar_has_no_period_findings() -> None:
    kinds = {f.kind for f in solve(scenario(CHANNELS, budget=1000)).explanation}
    assert not kinds & {"period_shift", "period_rule", "next_period", "beyond_horizon"}


CALENDAR_FILE = """\
name: three weeks
budget: 1000
channels:
  - id: a
    label: 直通车
    tranches:
      - {up_to: 300, cost_per_conversion: 10}
      - {cost_per_conversion: 40}
  - {id: b, cost_per_conversion: 25}
calendar:
  start: 2026-11-02
  weeks: 3
  events:
    - name: Double 11
      periods: [2026-11-09]
      multipliers: [{channels: [a], efficiency: 2}]
"""


@pytest.fixture
def calendar_file(tmp_path: Path) -> Path:
    path = tmp_path / "three_weeks.yaml"
    path.write_text(CALENDAR_FILE, encoding="utf-8")
    return path


def test_the_command_line_table_has_marginal_cost_events_totals_and_events(
    calendar_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(calendar_file)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("period "))
    assert header.split("  ")[-1].strip() == "events"
    assert "next conversion costs" in header
    rows = {line.split()[0]: line.split() for line in lines[lines.index(header) + 2 :][:4]}
    # period, 直通车, b, period spend, conversions, next conversion costs, events
    assert rows["2026-11-02"] == ["2026-11-02", "¥100", "¥0", "¥100", "10", "¥25"]
    assert rows["2026-11-09"] == ["2026-11-09", "¥800", "¥0", "¥800", "55", "¥20", "Double", "11"]
    assert rows["TOTAL"] == ["TOTAL", "¥1,000", "¥0", "¥1,000", "75"]
    event = next(line for line in lines if line.startswith("Double 11 "))
    # event, periods, spend, share of spend, conversions, CPA (¥800 / 55); no revenue column (no revenue)
    assert event.split() == ["Double", "11", "2026-11-09", "¥800", "80.0%", "55", "¥14.55"]
    assert main(["solve", str(calendar_file), "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert "边际转化成本  活动" in zh
    assert "活动       周期" in zh


def test_format_csv_with_periods_prints_the_periods_on_stdout(
    calendar_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = solve(load_scenario(calendar_file))
    assert main(["solve", str(calendar_file), "--format", "csv", "--periods"]) == 0
    out = capsys.readouterr().out
    assert out == periods_to_csv(plan)
    table = pd.read_csv(io.StringIO(out))
    assert len(table) == 6
    assert table.groupby("period", sort=False)["spend"].sum().tolist() == pytest.approx([100, 800, 100])
    assert main(["solve", str(calendar_file), "--format", "csv", "--periods", "wide"]) == 0
    wide = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(wide.columns) == ["channel", "label", *WEEKS, "total"]
    assert wide["total"].tolist() == pytest.approx([1000, 0], abs=1e-6)
    # Without --periods, --format csv stays the allocation, with or without a calendar.
    assert main(["solve", str(calendar_file), "--format", "csv"]) == 0
    assert capsys.readouterr().out == plan_to_csv(plan)


def test_periods_needs_csv_and_a_calendar(
    calendar_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["solve", str(calendar_file), "--periods"]) == 2
    assert "--periods chooses what --format csv prints" in capsys.readouterr().err
    plain = tmp_path / "plain.yaml"
    plain.write_text(CALENDAR_FILE.split("calendar:")[0], encoding="utf-8")
    assert main(["solve", str(plain), "--format", "csv", "--periods", "--lang", "zh"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{plain} 没有日历：--periods 只输出带日历方案的各周期数据" in captured.err


def test_solve_writes_the_calendar_chart(
    calendar_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg, page = tmp_path / "plan.svg", tmp_path / "plan.html"
    assert main(["solve", str(calendar_file), "--chart", str(svg), "--lang", "zh"]) == 0
    text = svg.read_text(encoding="utf-8")
    assert "各周期各渠道花费" in text
    assert "Double 11" in text
    assert "2026-11-09" in text
    assert main(["solve", str(calendar_file), "--chart", str(page)]) == 0
    html_text = page.read_text(encoding="utf-8")
    assert "Spend per period and channel" in html_text
    assert not re.search(r"""(src|href)=["']?https?://""", html_text)  # opens offline
    plain = tmp_path / "plain.yaml"
    plain.write_text(CALENDAR_FILE.split("calendar:")[0], encoding="utf-8")
    assert main(["solve", str(plain), "--chart", str(svg)]) == 0
    assert "Plan against history" in svg.read_text(encoding="utf-8")  # no calendar: the allocation chart
    capsys.readouterr()
    assert main(["solve", str(calendar_file), "--chart", str(tmp_path / "plan.pdf")]) == 2
    assert "plan.pdf" in capsys.readouterr().err


def test_the_report_has_a_periods_section_with_the_chart_and_the_events(plan: Any) -> None:
    page = plan_report_html(plan, "en")
    section = page[page.index('<section id="periods">') : page.index("</section>", page.index('id="periods"'))]
    assert "<h2>Spend by period</h2>" in section
    rows = re.findall(r"<tr>(.*?)</tr>", section[: section.index("<figure")])
    cells = [re.findall(r"<t[dh]>(.*?)</t[dh]>", row) for row in rows]
    assert cells[0][:8] == [
        "period",
        "Dates",
        "events",
        "Spend",
        "Share",
        "Conversions",
        "CPA",
        "next conversion costs",
    ]
    assert cells[2] == ["2026-11-09", "2026-11-09 to 2026-11-15", "Double 11", "¥800", "80.0%", "55", "¥14.55", "¥20"]
    assert cells[4] == ["Total", "", "", "¥1,000", "100.0%", "75", "¥13.33", ""]
    assert "<svg" in section  # the calendar chart, inline
    events = section[section.index('<table class="events">') :]
    assert "<td>Double 11</td><td>2026-11-09</td><td>¥800</td><td>80.0%</td><td>55</td>" in events
    # Where the money moves and why is in "Why this plan".
    assert "¥466.67 more than even pacing goes into 2026-11-09 (Double 11)" in page
    zh = plan_report_html(plan, "zh")
    assert "<h2>各周期花费</h2>" in zh
    assert "边际转化成本" in zh


def test_a_report_without_a_calendar_has_no_periods_section() -> None:
    page = plan_report_html(solve(scenario(CHANNELS, budget=1000)), "en")
    assert 'id="periods"' not in page


def test_the_workbook_has_totals_per_period_and_per_event(plan: Any) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "en")))
    assert book.sheetnames[1:5] == ["Periods", "Spend by period", "Period totals", "Events"]
    rows = list(book["Period totals"].iter_rows(values_only=True))
    assert rows[0][:6] == ("period", "start", "end", "events", "spend", "conversions")
    assert rows[2][:6] == ("2026-11-09", "2026-11-09", "2026-11-15", "Double 11", pytest.approx(800), pytest.approx(55))
    assert rows[2][8] == pytest.approx(20)  # the next conversion in week 2
    assert rows[-1][0] == "TOTAL"
    assert rows[-1][4:6] == (pytest.approx(1000), pytest.approx(75))
    events = list(book["Events"].iter_rows(values_only=True))
    assert events[1][:5] == ("Double 11", "2026-11-09", pytest.approx(800), pytest.approx(0.8), pytest.approx(55))
    plain = openpyxl.load_workbook(io.BytesIO(plan_to_excel(solve(scenario(CHANNELS, budget=1000)), "en")))
    assert "Period totals" not in plain.sheetnames
    no_events = solve(scenario(CHANNELS, budget=1000, calendar={"start": "2026-11-02", "weeks": 3}))
    names = openpyxl.load_workbook(io.BytesIO(plan_to_excel(no_events, "zh"))).sheetnames
    assert "各周期合计" in names
    assert "活动" not in names


TMALL = SCENARIOS / "tmall_flagship" / "baseline.yaml"


def test_ranges_per_period_add_up_to_the_one_period_ranges_on_an_even_calendar() -> None:
    # 13 equal weeks, no events, no carry-over: each week spends 1/13 of every channel (the calendar optimum
    # is the one-period plan split evenly), so each draw's 13 weekly values sum to the one-period draw:
    # Σ_p w_p·f(x/13 / w_p) = 13·f(x/13) with w_p = 1. Same seed, same draws: the same P10/P50/P90.
    base = load_scenario(TMALL)
    lump = outcome_range(solve(base))
    paced_plan = solve(base.vary(period_weeks=None, calendar={"start": "2026-10-05", "weeks": 13}))
    paced = outcome_range(paced_plan)
    assert lump.periods is None
    assert paced.conversions == pytest.approx(lump.conversions, rel=1e-9)
    assert paced.revenue == pytest.approx(lump.revenue, rel=1e-9)
    assert paced.periods is not None
    assert len(paced.periods) == 13
    # Every week alike: each week's range is the same, and its P50 is near 1/13 of the plan's.
    assert paced.periods["conversions_p50"].tolist() == pytest.approx([paced.periods["conversions_p50"][0]] * 13)
    assert paced.periods["conversions_p50"][0] == pytest.approx(paced_plan.totals["conversions"] / 13, rel=0.05)


def test_an_event_that_doubles_efficiency_doubles_its_periods_range() -> None:
    # Two weeks, every channel's spend fixed at the same amount in both (actuals); week 2 converts twice as
    # well on every channel: draw by draw, week 2 buys twice week 1, so its P10/P50/P90 are twice week 1's.
    base = load_scenario(TMALL)
    lump = solve(base)
    weekly = {str(c): float(s) / 13 for c, s in zip(lump.allocation["channel"], lump.allocation["spend"], strict=True)}
    weeks = ["2026-10-05", "2026-10-12"]
    actuals = [{"period": p, "channel": c, "spend": s} for p in weeks for c, s in weekly.items()]
    event = {"name": "double", "periods": ["2026-10-12"], "multipliers": [{"efficiency": 2}]}
    calendar = {"start": "2026-10-05", "weeks": 2, "actuals": actuals, "events": [event]}
    plan = solve(base.vary(period_weeks=None, calendar=calendar, rules=[]))
    ranges = outcome_range(plan).periods
    assert ranges is not None
    first, second = ranges.iloc[0], ranges.iloc[1]
    for column in ("conversions_p10", "conversions_p50", "conversions_p90", "revenue_p10", "revenue_p90"):
        assert second[column] == pytest.approx(2 * first[column], rel=1e-9)
    assert first["conversions_p10"] < first["conversions_p50"] < first["conversions_p90"]


def test_explain_range_and_the_report_give_ranges_per_period(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).parent.parent / "examples" / "calendar" / "tmall_q4.yaml"
    assert main(["explain", str(example), "--range"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("conversions P10 / P50 / P90"))
    periods = [line.split(":")[0].strip() for line in out[at + 1 : at + 8]]
    assert periods == ["October", "pre-sale", "first wave", "lull", "11.11", "returns", "December"]
    # The report's ranges: the total, then one row per period.
    plan = solve(load_scenario(example))
    page = plan_report_html(plan, "en", frontier=planner_frontier(plan.scenario, points=3))
    ranges = page[page.index('<section id="range">') : page.index("</section>", page.index('id="range"'))]
    assert ranges.count("<table") == 2
    assert "<td>11.11</td>" in ranges
    assert "curves are evaluated at its own spend" in ranges


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weeks=st.integers(min_value=2, max_value=5),
    event_week=st.integers(min_value=0, max_value=4),
    efficiency=st.sampled_from([0.5, 1.5, 2.0, 3.0]),
    cost=st.sampled_from([1.0, 1.2, 2.0]),
    budget=st.sampled_from([300.0, 1000.0, 2500.0]),
)
def test_totals_add_up_and_the_next_yuan_costs_the_budgets_price(
    weeks: int, event_week: int, efficiency: float, cost: float, budget: float
) -> None:
    names = [f"2026-11-{2 + 7 * w:02d}" for w in range(weeks)]
    event = {
        "name": "push",
        "periods": [names[event_week % weeks]],
        "multipliers": [{"channels": ["a"], "efficiency": efficiency, "cost": cost}],
    }
    calendar = {"start": "2026-11-02", "weeks": weeks, "events": [event]}
    plan = solve(scenario(CHANNELS, budget=budget, calendar=calendar))
    totals, events = period_totals(plan), event_totals(plan)
    assert totals is not None
    assert events is not None
    # Periods add up to the plan; the event is its period.
    assert totals["period"].tolist() == names
    assert float(totals["spend"].sum()) == pytest.approx(plan.totals["spend"], abs=1e-6)
    assert float(totals["conversions"].sum()) == pytest.approx(plan.totals["conversions"], abs=1e-6)
    assert events["spend"].iloc[0] == pytest.approx(totals["spend"].iloc[event_week % weeks], abs=1e-9)
    # A period's next conversion is its cheapest channel's.
    assert plan.periods is not None
    for period, rows in plan.periods.groupby("period"):
        row = totals[totals["period"] == period].iloc[0]
        assert row["marginal_cpa"] == pytest.approx(float(rows["marginal_cpa"].min()))
    # Nothing binds but the budget: the next yuan goes where a conversion costs 1 / the budget's price.
    finding = next((f for f in plan.explanation if f.kind == "next_period"), None)
    shadow = plan.budget_shadow_price
    assert finding is not None
    assert shadow is not None
    assert finding.value == pytest.approx(1 / shadow, rel=1e-6)
    assert finding.subject in names
    # More than even pacing, never more than the whole plan.
    moved = [f for f in plan.explanation if f.kind == "period_shift"]
    assert len(moved) < weeks


def test_calendar_chart_tells_apart_channels_that_share_a_label() -> None:
    twins = [CHANNELS[0], {**CHANNELS[1], "label": "直通车"}]
    chart = calendar_chart(solve(scenario(twins, budget=1000, calendar=CALENDAR)), "en")
    assert chart is not None
    drawn = layers(chart)
    bars = next(data for mark, data, _ in drawn if mark == "bar")
    assert sorted(set(bars["channel"])) == ["直通车 (a)", "直通车 (b)"]
    assert bars.groupby("channel")["channel_order"].first().to_dict() == {"直通车 (a)": 0, "直通车 (b)": 1}


def test_calendar_rules_are_named_as_people_read_them(capped: Any) -> None:
    from planner.insight.report import rule_name

    smoothing: dict[Hashable, Any] = {"kind": "smoothing", "rule": "2026-11-02 → 2026-11-09"}
    assert rule_name(capped, smoothing, "en") == "smoothing 2026-11-02 → 2026-11-09"
    assert rule_name(capped, smoothing, "zh") == "平滑 2026-11-02 → 2026-11-09"
    budget = capped.rules.set_index("rule").loc["2026-11-09"].to_dict() | {"rule": "2026-11-09"}
    assert rule_name(capped, budget, "zh") == "2026-11-09 预算"


def test_a_calendar_plans_curve_chart_shows_each_periods_week(plan: Any) -> None:
    drawn = layers_of(curve_chart(plan, "a", "en"))
    points = next(data for mark, data, _ in drawn if mark == "point")
    # a per week: ¥100 for 10 in weeks 1 and 3; ¥800 for 55 in the Double 11 week (above the plain curve).
    assert points["when"].tolist() == WEEKS
    assert points["spend"].tolist() == pytest.approx([100, 800, 100])
    assert points["conversions"].tolist() == pytest.approx([10, 55, 10])
    assert set(points["series"]) == {"Planned periods, per week"}
    model = next(data for mark, data, _ in drawn if mark == "line" and not data.empty and data["kind"][0] == "model")
    assert model["spend"].max() >= 800  # the curve runs past the event week
    # On the plain curve, ¥800 a week buys 10 + 500/40 = 22.5: the event doubles what a yuan buys there.
    at = model.iloc[(model["spend"] - 800).abs().argsort()[:1]]
    assert float(at["conversions"].iloc[0]) == pytest.approx(10 + (float(at["spend"].iloc[0]) - 300 / 3) / 40)


def test_the_carried_over_part_is_on_its_periods_point() -> None:
    # Carry-over 0.5 over two weeks: the points show all a week's spend buys (¥10 each), counted or not.
    channels = [{"id": "a", "cost_per_conversion": 10, "carryover": 0.5}]
    plan = solve(scenario(channels, budget=1000, calendar={"start": "2026-11-02", "weeks": 2}))
    points = next(data for mark, data, _ in layers_of(curve_chart(plan, "a", "en")) if mark == "point")
    spent = points[points["spend"] > 0]
    assert not spent.empty
    assert (spent["conversions"] / spent["spend"]).tolist() == pytest.approx([0.1] * len(spent))
    # What the plan counts is less: part of it lands after the second week.
    assert plan.periods is not None
    counted = plan.periods[plan.periods["spend"] > 0]
    assert ((counted["conversions"] / counted["spend"]) < 0.1 - 1e-6).any()


def layers_of(chart: Any) -> list[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Return each layer of a layered chart as (mark, its data, its encoding)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    found = []
    for layer in spec["layer"]:
        mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        source = layer.get("data", spec.get("data"))
        found.append((mark, pd.DataFrame(datasets[source["name"]]) if source else pd.DataFrame(), layer["encoding"]))
    return found
