"""A calendar plan's periods in the CSV, Excel CSV and workbook exports, worked by hand on two weeks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from planner import periods_wide, solve
from planner.cli import main
from planner.insight.exports import (
    periods_to_csv,
    periods_to_excel_csv,
    periods_wide_to_csv,
    periods_wide_to_excel_csv,
    plan_to_excel,
)
from tests.conftest import scenario

# a: its first ¥200 over the two weeks (¥100 a week) at ¥10 per conversion, then ¥40; b: ¥25. Week 2 at
# most ¥300. Each week buys a's cheap ¥100 (10 conversions); b (0.04) beats a's dear tranche (0.025) for
# the rest: ¥200 in week 2 (8), ¥600 in week 1 (24). 52 conversions; the next conversion costs ¥40 on a
# (its dear tranche), ¥25 on b.
CALENDAR_FILE = """\
name: two weeks
budget: 1000
channels:
  - id: a
    label: 直通车
    tranches:
      - {up_to: 200, cost_per_conversion: 10}
      - {cost_per_conversion: 40}
  - {id: b, cost_per_conversion: 25}
calendar:
  start: 2026-11-02
  weeks: 2
  budgets:
    - {periods: [2026-11-09], at_most: 300}
"""
CHANNELS: list[dict[str, Any]] = [
    {
        "id": "a",
        "label": "直通车",
        "tranches": [{"up_to": 200, "cost_per_conversion": 10}, {"cost_per_conversion": 40}],
    },
    {"id": "b", "cost_per_conversion": 25},
]
CALENDAR = {"start": "2026-11-02", "weeks": 2, "budgets": [{"periods": ["2026-11-09"], "at_most": 300}]}


@pytest.fixture(scope="module")
def plan() -> Any:
    return solve(scenario(CHANNELS, budget=1000, calendar=CALENDAR))


def test_periods_wide_is_spend_per_channel_and_period(plan: Any) -> None:
    wide = periods_wide(plan)
    assert wide is not None
    assert list(wide.columns) == ["channel", "label", "2026-11-02", "2026-11-09", "total"]
    assert wide.to_dict("records") == [
        {
            "channel": "a",
            "label": "直通车",
            "2026-11-02": pytest.approx(100),
            "2026-11-09": pytest.approx(100),
            "total": pytest.approx(200),
        },
        {
            "channel": "b",
            "label": "b",
            "2026-11-02": pytest.approx(600),
            "2026-11-09": pytest.approx(200),
            "total": pytest.approx(800),
        },
    ]
    conversions = periods_wide(plan, "conversions")
    assert conversions is not None
    assert conversions["total"].tolist() == pytest.approx([20, 32])
    assert periods_wide(solve(scenario(CHANNELS, budget=1000))) is None


def test_the_periods_as_csv_for_programs(plan: Any) -> None:
    lines = periods_to_csv(plan).split("\n")
    assert lines[0] == (
        "period,start,end,weeks,channel,label,spend,conversions,revenue,landed_conversions,landed_revenue,"
        "beyond_conversions,beyond_revenue,carried_in_conversions,carried_in_revenue,marginal_cpa"
    )
    assert lines[2] == (
        "2026-11-02,2026-11-02,2026-11-08,1.000000,b,b,600.000000,24.000000,0.000000,24.000000,0.000000,"
        "0.000000,0.000000,0.000000,0.000000,25.000000"
    )
    assert len(lines) == 6  # header, four rows, the final newline
    assert periods_wide_to_csv(plan) == (
        "channel,label,2026-11-02,2026-11-09,total\n"
        "a,直通车,100.000000,100.000000,200.000000\n"
        "b,b,600.000000,200.000000,800.000000\n"
    )


def test_the_periods_as_csv_for_excel_in_chinese_and_english(plan: Any) -> None:
    assert periods_to_excel_csv(plan, "zh") == (
        "\ufeff周期,开始,结束,渠道,花费（¥）,转化,销售额（¥）,边际转化成本（¥）\r\n"
        "2026-11-02,2026-11-02,2026-11-08,直通车,100,10,0,40\r\n"
        "2026-11-02,2026-11-02,2026-11-08,b,600,24,0,25\r\n"
        "2026-11-09,2026-11-09,2026-11-15,直通车,100,10,0,40\r\n"
        "2026-11-09,2026-11-09,2026-11-15,b,200,8,0,25\r\n"
        "合计,,,,1000,52,0,\r\n"
    )
    assert periods_to_excel_csv(plan, "en").split("\r\n")[0] == (
        "\ufeffperiod,start,end,channel,spend (¥),conversions,revenue (¥),next conversion costs (¥)"
    )
    assert periods_wide_to_excel_csv(plan, "zh") == (
        "\ufeff花费（¥）,2026-11-02,2026-11-09,合计\r\n直通车,100,100,200\r\nb,600,200,800\r\n合计,700,300,1000\r\n"
    )
    assert periods_wide_to_excel_csv(plan, "en").startswith("\ufeffspend (¥),2026-11-02,2026-11-09,TOTAL\r\n")


def test_the_workbook_periods_sheet_follows_the_number_policy(plan: Any) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "zh")))
    sheet = book["周期"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-1] == "边际转化成本"
    row = dict(zip(headers, sheet[3], strict=True))  # week 1, b
    assert row["花费"].value == pytest.approx(600)
    assert row["花费"].number_format == '"¥"#,##0;-"¥"#,##0'
    assert row["转化"].number_format == "#,##0.0#"  # counts below 100: two decimals at most
    assert row["边际转化成本"].value == pytest.approx(25)
    assert row["边际转化成本"].number_format == '"¥"#,##0.00;-"¥"#,##0.00'


def test_solve_csv_writes_the_periods_next_to_the_allocation(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(CALENDAR_FILE, encoding="utf-8")
    assert main(["solve", str(path), "--csv", str(tmp_path / "plan.csv")]) == 0
    assert (tmp_path / "plan-periods.csv").read_text(encoding="utf-8").startswith("period,start,end,weeks,channel")
    assert (
        (tmp_path / "plan-periods-wide.csv")
        .read_text(encoding="utf-8")
        .endswith("b,b,600.000000,200.000000,800.000000\n")
    )
    assert main(["solve", str(path), "--csv", str(tmp_path / "excel.csv"), "--excel-csv", "--lang", "zh"]) == 0
    wide = (tmp_path / "excel-periods-wide.csv").read_bytes()
    assert wide.startswith("\ufeff花费（¥）".encode())
    assert wide.endswith("合计,700,300,1000\r\n".encode())
    assert (tmp_path / "excel-periods.csv").read_bytes().endswith("合计,,,,1000,52,0,\r\n".encode())


def test_a_plan_without_a_calendar_writes_no_periods_files(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(CALENDAR_FILE.split("calendar:")[0], encoding="utf-8")
    assert main(["solve", str(path), "--csv", str(tmp_path / "plan.csv")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.yaml", "plan.csv"]


def test_the_workbook_has_spend_by_period_with_totals(plan: Any) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "en")))
    assert book.sheetnames[1:3] == ["Periods", "Spend by period"]
    sheet = book["Spend by period"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["channel", "2026-11-02", "2026-11-09", "TOTAL"]
    assert rows[1:] == [["直通车", 100, 100, 200], ["b", 600, 200, 800], ["TOTAL", 700, 300, 1000]]
    assert sheet["B2"].number_format == '"¥"#,##0;-"¥"#,##0'


def test_period_tables_keep_a_label_that_starts_like_a_formula_as_text() -> None:
    """The workbook stores it as text, exactly as written; the CSV for Excel puts a ' before it, not before numbers."""
    channels = [{**CHANNELS[0], "label": "=直通车"}, {**CHANNELS[1], "label": "-b"}]
    plan = solve(scenario(channels, budget=1000, calendar=CALENDAR))
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "en")))
    for name in ("Periods", "Spend by period"):
        labels = [cell for row in book[name].iter_rows() for cell in row if cell.value in ("=直通车", "-b")]
        assert len(labels) == (4 if name == "Periods" else 2)
        assert all(cell.data_type == "s" for cell in labels)
    long = periods_to_excel_csv(plan, "en").split("\r\n")
    assert long[1] == "2026-11-02,2026-11-02,2026-11-08,'=直通车,100,10,0,40"
    assert long[2] == "2026-11-02,2026-11-02,2026-11-08,'-b,600,24,0,25"
    assert periods_wide_to_excel_csv(plan, "en").split("\r\n")[1:3] == ["'=直通车,100,100,200", "'-b,600,200,800"]
    assert ",a,=直通车,100.000000," in periods_to_csv(plan)  # for programs: as written
