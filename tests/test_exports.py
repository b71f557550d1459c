"""Plans as files an operator opens in Excel: the CSV for Excel and the xlsx, read back as Excel would."""

from __future__ import annotations

import io
import math
from datetime import date

import openpyxl  # type: ignore[import-untyped]
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import solve
from planner.data.io import load_scenario, rows_to_excel_csv
from planner.insight.exports import plan_to_csv, plan_to_excel, plan_to_excel_csv, policy_number
from planner.model.formatting import display_width
from tests.conftest import SCENARIOS, scenario

EVENT_PUSH = SCENARIOS / "tmall_flagship" / "event_push.yaml"
US_PROFIT = SCENARIOS / "us_outdoor" / "profit_first.yaml"
MADE = date(2026, 11, 27)


@pytest.fixture(scope="module")
def push_plan():
    return solve(load_scenario(EVENT_PUSH))


@pytest.fixture(scope="module")
def us_plan():
    return solve(load_scenario(US_PROFIT))


def tiny_and_huge(budget: float):
    """Two constant channels, ¥2 and ¥4 per conversion, the cheaper capped at 1/4 of the budget."""
    return solve(
        scenario(
            [
                {"id": "cheap", "label": "直通车", "cost_per_conversion": 2, "max_spend": budget / 4},
                {"id": "dear", "label": "淘宝客", "cost_per_conversion": 4},
            ],
            budget=budget,
            currency="CNY",
        )
    )


def read_excel_csv(text: str) -> pd.DataFrame:
    data = text.encode("utf-8")
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_excel_csv_has_a_bom_crlf_chinese_headers_and_bare_numbers(push_plan) -> None:
    text = plan_to_excel_csv(push_plan, "zh")
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(push_plan.allocation) + 2  # header, channels, total
    assert b"\n" not in data.replace(b"\r\n", b"")
    table = read_excel_csv(text)
    assert list(table.columns[:3]) == ["渠道", "花费（¥）", "占比（%）"]
    assert "单次转化成本（¥）" in table.columns
    assert "投入产出比（ROAS）" in table.columns
    assert list(table["渠道"]) == [*push_plan.allocation["label"], "合计"]
    assert table["花费（¥）"].dtype.kind == "f" or table["花费（¥）"].dtype.kind == "i"  # Excel sums it
    spend = table["花费（¥）"]
    assert spend.iloc[-1] == pytest.approx(round(push_plan.totals["spend"]))
    assert spend.iloc[:-1].sum() == pytest.approx(spend.iloc[-1], abs=len(spend))  # whole yuan, rounded per row
    assert table["占比（%）"].iloc[-1] == 100
    live = table.set_index("渠道").loc["淘宝直播"]
    assert live["单位数"] == 16
    assert live["花费（¥）"] == 320000
    assert "处于上限" in live["备注"]
    for cell in text.splitlines()[1].split(",")[1:]:
        assert "¥" not in cell
        assert "%" not in cell


def test_excel_csv_in_english_and_the_machine_csv_keep_their_own_headers(us_plan) -> None:
    table = read_excel_csv(plan_to_excel_csv(us_plan, "en"))
    assert list(table.columns[:3]) == ["channel", "spend ($)", "share (%)"]
    assert "New DTC customers" in table.columns
    assert "profit ($)" in table.columns
    assert table["channel"].iloc[-1] == "TOTAL"
    assert table["profit ($)"].iloc[-1] == pytest.approx(round(us_plan.totals["profit"]))
    machine = plan_to_csv(us_plan)
    assert not machine.startswith("\ufeff")
    assert "\r\n" not in machine
    assert machine.splitlines()[0].startswith("channel,label,groups,spend,share")


@pytest.mark.parametrize(
    ("budget", "spend_cell", "total_cell"), [(0.01, "0.0025", "0.01"), (1e12, "250000000000", "1000000000000")]
)
def test_tiny_and_huge_amounts_stay_visible_and_exact(budget: float, spend_cell: str, total_cell: str) -> None:
    """¥0.01: the capped channel gets ¥0.0025 (shown to 3 significant digits, not 0.00); ¥1e12: no e-notation."""
    plan = tiny_and_huge(budget)
    lines = plan_to_excel_csv(plan, "zh").removeprefix("\ufeff").split("\r\n")
    assert lines[1].split(",")[:2] == ["直通车", spend_cell]
    assert lines[3].split(",")[:2] == ["合计", total_cell]
    table = read_excel_csv(plan_to_excel_csv(plan, "zh"))
    assert table["花费（¥）"].iloc[-1] == pytest.approx(budget)
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(plan, "zh", MADE)))
    sheet = book["分配"]
    assert sheet["B4"].value == pytest.approx(budget / 4)  # full precision; the format shows it
    assert sheet["B6"].value == pytest.approx(budget)
    assert isinstance(sheet["B6"].value, float | int)


@given(st.floats(min_value=-1e13, max_value=1e13, allow_nan=False))
def test_policy_numbers_are_bare_numbers_close_to_the_value(value: float) -> None:
    for kind, tolerance in (("money", 0.5), ("number", 0.5), ("ratio", 0.005)):
        text = policy_number(value, kind)
        assert "," not in text
        assert "¥" not in text
        assert abs(float(text) - value) <= max(tolerance, abs(value) * 0.005)
    assert abs(float(policy_number(value / 1e13, "share")) - value / 1e11) <= 0.05


def test_xlsx_sheets_types_formats_and_totals(push_plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(push_plan, "zh", MADE)))
    assert book.sheetnames == ["分配", "规则", "合计", "原因"]
    sheet = book["分配"]
    heading = str(sheet["A1"].value)
    assert "Tmall Double 11 push" in heading
    assert "CNY" in heading
    assert "2026-11-27" in heading
    header = [cell.value for cell in sheet[3]]
    assert header[:4] == ["渠道", "花费", "占比", "单位数"]
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    columns = {name: index + 1 for index, name in enumerate(header)}
    rows = len(push_plan.allocation)
    first, total = 4, 4 + rows
    for row in range(first, total + 1):
        for name in ("花费", "占比", "转化", "销售额", "单次转化成本", "投入产出比（ROAS）"):
            assert isinstance(sheet.cell(row, columns[name]).value, float | int), (row, name)
    assert sheet.cell(first, columns["花费"]).number_format == '"¥"#,##0;-"¥"#,##0'
    assert sheet.cell(first, columns["占比"]).number_format == "0.0%"
    assert sheet.cell(first, columns["转化"]).number_format == "#,##0"
    assert sheet.cell(first, columns["投入产出比（ROAS）"]).number_format == "0.00"
    assert sheet.cell(first, columns["单次转化成本"]).number_format.startswith('"¥"#,##0.00')
    assert sheet.cell(total, 1).value == "合计"
    assert sheet.cell(total, 1).font.bold
    for key, name in (("spend", "花费"), ("conversions", "转化"), ("revenue", "销售额"), ("cpa", "单次转化成本")):
        assert sheet.cell(total, columns[name]).value == pytest.approx(push_plan.totals[key])
    spend = [sheet.cell(row, columns["花费"]).value for row in range(first, total)]
    assert sum(spend) == pytest.approx(push_plan.totals["spend"])
    # Widths fit the content, CJK counting double: the header 投入产出比（ROAS） is 18 columns wide.
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(columns["投入产出比（ROAS）"])].width
    assert width >= display_width("投入产出比（ROAS）")
    longest_note = max(len(str(sheet.cell(row, columns["备注"]).value or "")) for row in range(first, total))
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(columns["备注"])].width > longest_note


def test_xlsx_rules_keep_each_limit_in_its_own_format(push_plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(push_plan, "en", MADE)))
    assert book.sheetnames == ["Allocation", "Rules", "Totals", "Why"]
    rules = {row[0].value: row for row in book["Rules"].iter_rows(min_row=2)}
    assert [c.value for c in book["Rules"][1]] == ["rule", "sense", "limit", "plan", "state", "worth of relaxing"]
    budget = rules["budget"]
    assert budget[2].value == 1_600_000
    assert budget[2].number_format == '"¥"#,##0;-"¥"#,##0'
    assert budget[5].value.startswith("raise by ¥1: +¥3.01 revenue")
    share = rules["live at least 15% of spend"]
    assert share[2].value == pytest.approx(0.15)
    assert share[2].number_format == "0.0%"
    assert share[4].value == "slack"
    assert share[5].value is None
    totals = {row[0].value: row[1] for row in book["Totals"].iter_rows(min_row=2)}
    assert totals["revenue"].value == pytest.approx(push_plan.totals["revenue"])
    assert totals["vs history"].value == pytest.approx(push_plan.totals["spend"] - push_plan.totals["historical_spend"])
    why = [row[0].value for row in book["Why"].iter_rows(min_row=2)]
    assert why == [f.en for f in push_plan.explanation]
    assert book["Why"].freeze_panes == "A2"


def test_nothing_in_a_plan_is_lost_in_xlsx_missing_values_are_empty(us_plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(us_plan, "en", MADE)))
    sheet = book["Allocation"]
    header = [cell.value for cell in sheet[3]]
    assert "units" not in header  # no channel is bought in units
    values = [cell.value for row in sheet.iter_rows(min_row=4) for cell in row]
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_the_same_plan_gives_the_same_bytes(push_plan) -> None:
    """Files are deterministic: same plan, language and date, same workbook and CSV, byte for byte."""
    assert plan_to_excel(push_plan, "zh", MADE) == plan_to_excel(push_plan, "zh", MADE)
    assert plan_to_excel_csv(push_plan, "zh") == plan_to_excel_csv(push_plan, "zh")
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(push_plan, "zh", MADE)))
    assert book.properties.created.date() == MADE
    assert book.properties.modified.date() == MADE  # not the time of saving, which would change the bytes


# Text a user wrote that Excel would take for a formula (OWASP's list: = + - @, tab and CR first).
FORMULA_LIKE = ["=直通车 新", "+淘宝客", "-钻展", "@万相台"]


@pytest.fixture(scope="module")
def formula_like_plan():
    channels = [
        {"id": f"c{index}", "label": text, "cost_per_conversion": 5 + index} for index, text in enumerate(FORMULA_LIKE)
    ]
    channels[0]["max_spend"] = 600
    rules = [{"kind": "share", "name": "-b 至少 10%", "channels": ["c1"], "at_least": 0.1}]
    return solve(scenario(channels, name="=1+1 方案", store="@店", currency="CNY", budget=1000, rules=rules))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_xlsx_keeps_text_that_starts_like_a_formula_as_text(formula_like_plan, language: str) -> None:
    """A name or label starting with = is stored as text (Excel would repair the file or show #NAME?)."""
    book = openpyxl.load_workbook(io.BytesIO(plan_to_excel(formula_like_plan, language, MADE)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    first = book.worksheets[0]
    assert str(first["A1"].value).startswith("=1+1 方案 · @店 · CNY")
    assert first["A1"].data_type == "s"
    labels = [first.cell(row, 1) for row in range(4, 4 + len(FORMULA_LIKE))]
    assert [cell.value for cell in labels] == FORMULA_LIKE  # exactly as written: no quote added
    assert all(cell.data_type == "s" for cell in labels)
    rule = [cell for cell in cells if cell.value == "-b 至少 10%"]
    assert rule
    assert rule[0].data_type == "s"


def test_excel_csv_quotes_text_that_starts_like_a_formula_never_numbers(formula_like_plan) -> None:
    text = plan_to_excel_csv(formula_like_plan, "en")
    rows = [line.split(",") for line in text.removeprefix("\ufeff").split("\r\n")[1:-2]]
    assert [row[0] for row in rows] == ["'" + label for label in FORMULA_LIKE]
    assert all(not cell.startswith("'") for row in rows for cell in row[1:-1])  # numbers as they are
    # The CSV for programs keeps the text as written.
    assert set(FORMULA_LIKE) <= set(pd.read_csv(io.StringIO(plan_to_csv(formula_like_plan)))["label"])
    table = [["=SUM(A1)", "+1", "-x", "@x", "\tx", "\rx", "a=b", ""], [policy_number(-1234.4, "money"), "-5"]]
    lines = rows_to_excel_csv(table).removeprefix("\ufeff").split("\r\n")
    assert lines[0] == "'=SUM(A1),'+1,'-x,'@x,'\tx,\"'\rx\",a=b,"
    assert lines[1] == "-1234,'-5"  # a number stays a number; the same characters as text are quoted
