"""A plan as files to hand on: the machine CSV, a CSV for Excel, and an Excel workbook, in English or Chinese.

- `plan_to_csv`: for programs. UTF-8, code-name headers (`spend`, `cpa`), fixed decimals, LF line ends.
- `plan_to_excel_csv`: for people who open it in Excel. A byte-order mark (Excel on Chinese Windows then
  reads 直通车 intact), headers in the reader's language, numbers rounded by the one policy but left as
  plain numbers (no ¥, no thousands separators, shares in percent) so Excel can sum them, a TOTAL/合计
  row, CRLF line ends. Text starting with = + - @ (a label, a name) gets a leading ' so Excel shows it
  rather than runs it; numbers are `NumberText` and never quoted (see `planner.data.io.rows_to_excel_csv`).
- `plan_to_excel`: an .xlsx with Allocation, Rules, Totals and Why sheets in the language: numbers stay
  numbers with a number format per column (money with its symbol, shares as %, counts with separators,
  ratios 0.00), a bold frozen header, columns fitted to their content, and the scenario, store, currency
  and date above the allocation. Text is stored as text, as written (a label "=直通车" is not a formula).

A calendar plan has its periods as two more tables, each its own file (a CSV holds one table, so a program
or Excel's sort and filter read it whole; the allocation file keeps the same shape with or without a
calendar): the long table, one row per period × channel (`periods_to_csv`, `periods_to_excel_csv`), and the
spend of each channel in each period, channel × period (`periods_wide_to_csv`, `periods_wide_to_excel_csv`).
The workbook has them as two sheets, Periods and Spend by period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from planner.data.io import NumberText, Sheet, rows_to_excel_csv, table_to_csv, workbook
from planner.insight.periods import event_totals, period_totals
from planner.insight.report import (
    SENSES,
    Column,
    allocation_columns,
    allocation_records,
    describe_shadow_price,
    measure_amount,
    measure_name,
    rule_name,
    status_text,
    totals_record,
)
from planner.model.fields import MONEY_MEASURES
from planner.model.formatting import (
    EXCEL_RATIO_FORMAT,
    EXCEL_SHARE_FORMAT,
    excel_money_format,
    format_money,
    format_number,
    format_ratio,
    format_share,
)
from planner.model.i18n import Join, Text, label, render
from planner.model.plan import Plan, periods_wide

EXCEL_COUNT_FORMAT = "#,##0"
EXCEL_FRACTIONAL_COUNT_FORMAT = "#,##0.0#"


def plan_to_csv(plan: Plan) -> str:
    """Return a plan's allocation as CSV text for programs: UTF-8, code-name headers, fixed decimals."""
    return table_to_csv(plan.allocation)


def policy_number(value: Any, kind: str) -> NumberText:
    """Return a number rounded as the policy shows it, but bare: no symbol, separators or % (shares in percent).

    `kind` is money, change, share, ratio or number; a missing value is ''. Excel reads the result as a number.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NumberText("")
    number = float(value)
    if math.isinf(number):
        return NumberText("")
    if kind in ("money", "change"):
        text = format_money(number, "")
    elif kind == "share":
        text = format_share(number).removesuffix("%")
    elif kind == "ratio":
        text = format_ratio(number)
    else:
        text = format_number(number)
    text = text.replace(",", "")
    return NumberText("0" if text in ("-0", "-0.0") else text)  # a number: an Excel CSV never quotes its minus


@dataclass(frozen=True)
class _ExportColumn:
    """A column of an exported allocation: its header in a language and its cells as numbers or text."""

    column: Column

    def header(self, symbol: str, language: str) -> str:
        title = self.column.title(language)
        if self.column.kind in ("money", "change"):
            return f"{title}（{symbol}）" if language == "zh" else f"{title} ({symbol})"
        if self.column.kind == "share":
            return f"{title}（%）" if language == "zh" else f"{title} (%)"
        return title

    def csv_cell(self, record: dict[str, Any], language: str) -> str:
        value = record.get(self.column.key)
        if self.column.kind in ("text", "note"):
            return render(value, language) if value is not None else ""
        return policy_number(value, self.column.kind)


def _export_columns(plan: Plan) -> list[_ExportColumn]:
    return [_ExportColumn(c) for c in allocation_columns(plan)]


def plan_to_excel_csv(plan: Plan, language: str = "en") -> str:
    """Return a plan's allocation as CSV for Excel: BOM, headers in the language, bare rounded numbers, TOTAL, CRLF."""
    symbol = plan.scenario.currency_symbol
    columns = _export_columns(plan)
    rows = [[c.header(symbol, language) for c in columns]]
    rows += [[c.csv_cell(r, language) for c in columns] for r in allocation_records(plan)]
    total = totals_record(plan)
    rows.append([c.csv_cell(total, language) if c.column.totals or c.column.key == "label" else "" for c in columns])
    return rows_to_excel_csv(rows)


def _count_format(values: Any) -> str:
    """Return whole counts with separators when they are large (as the policy shows them), else two decimals."""
    numbers = [abs(float(v)) for v in values if isinstance(v, int | float) and not math.isnan(v)]
    return EXCEL_COUNT_FORMAT if numbers and max(numbers) >= 100 else EXCEL_FRACTIONAL_COUNT_FORMAT


def _excel_format(kind: str, key: str, symbol: str, values: Any = ()) -> str:
    """Return the Excel number format of an allocation column (counts by the size of the column's values)."""
    if kind in ("money", "change"):
        return _precise_money_format(symbol) if key == "cpa" else excel_money_format(symbol)
    if kind == "share":
        return EXCEL_SHARE_FORMAT
    if kind == "ratio":
        return EXCEL_RATIO_FORMAT
    if kind == "units":
        return EXCEL_COUNT_FORMAT
    if kind in ("text", "note"):
        return "General"
    return _count_format(values)


def _precise_money_format(symbol: str) -> str:
    """Return the Excel format of money that needs cents (a cost per conversion)."""
    return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00'


def _excel_value(value: Any, kind: str, language: str) -> Any:
    if kind in ("text", "note"):
        return render(value, language) if value is not None else None
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def allocation_sheet(plan: Plan, language: str = "en", made: date | None = None) -> Sheet:
    """Return the allocation as a worksheet: numbers with formats, a totals row, the scenario and date above it."""
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    columns = allocation_columns(plan)
    titles = [c.title(language) for c in columns]
    records = allocation_records(plan)
    table = pd.DataFrame(
        [[_excel_value(r.get(c.key), c.kind, language) for c in columns] for r in records], columns=titles
    )
    formats = {t: _excel_format(c.kind, c.key, symbol, table[t]) for t, c in zip(titles, columns, strict=True)}
    total = totals_record(plan)
    totals = {
        t: _excel_value(total.get(c.key), c.kind, language)
        for t, c in zip(titles, columns, strict=True)
        if c.totals or c.key == "label"
    }
    objective = Text(
        f"plan.objective.{scenario.objective.sense}",
        measure=measure_name(scenario, plan.objective_measure),
        value=measure_amount(plan.objective_value, plan.objective_measure, symbol),
        status=status_text(plan),
    )
    heading = Text(
        "plan.sheet.heading",
        scenario=scenario.name,
        store=scenario.store or "",
        currency=scenario.currency,
        objective=objective,
        date=(made or date.today()).isoformat(),
    )
    return Sheet(label("plan.sheet.allocation", language), table, formats, (heading.render(language),), totals)


def _limit_format(kind: str, measure: str, symbol: str, limit: float = math.nan) -> str:
    if kind in ("share", "smoothing"):
        return EXCEL_SHARE_FORMAT
    if kind in ("ratio", "min_roas"):
        return EXCEL_RATIO_FORMAT
    if kind == "max_cpa":
        return _precise_money_format(symbol)
    if kind == "budget" or measure in MONEY_MEASURES:
        return excel_money_format(symbol)
    return _count_format([limit])


def rules_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return the rules as a worksheet: limit and planned value as numbers in the rule's own format, the worth."""
    symbol = plan.scenario.currency_symbol
    keys = ("table.rule", "table.sense", "table.limit", "table.plan_value", "table.rule_state", "table.worth")
    rule, sense, limit, value, state, worth = (label(key, language) for key in keys)
    rows, formats = [], []
    for r in plan.rules.to_dict("records"):
        rows.append(
            {
                rule: rule_name(plan, r, language),
                sense: SENSES.get(str(r["sense"]), str(r["sense"])),
                limit: _excel_value(r["limit"], "number", language),
                value: _excel_value(r["value"], "number", language),
                state: label("table.binding" if r["binding"] else "table.slack", language),
                worth: describe_shadow_price(plan, r, language),
            }
        )
        formats.append(_limit_format(str(r["kind"]), str(r["measure"]), symbol, float(r["limit"])))
    table = pd.DataFrame(rows, columns=[rule, sense, limit, value, state, worth])
    return Sheet(label("plan.sheet.rules", language), table, {limit: formats, value: formats})


def totals_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return the plan's totals as a worksheet: one row per measure, each number in its own format."""
    symbol = plan.scenario.currency_symbol
    kinds = {c.key: c for c in allocation_columns(plan) if c.totals and c.key not in ("label", "share")}
    total = totals_record(plan)
    rows, formats = [], []
    for key, column in kinds.items():
        rows.append([column.title(language), _excel_value(total.get(key, math.nan), "number", language)])
        formats.append(_excel_format(column.kind, key, symbol, [rows[-1][1]]))
    if "historical_spend" in plan.totals:
        rows.append([label("table.historical_spend", language), _excel_value(plan.totals["historical_spend"], "", "")])
        formats.append(excel_money_format(symbol))
    item, value = label("table.item", language), label("table.value", language)
    return Sheet(label("plan.sheet.totals", language), pd.DataFrame(rows, columns=[item, value]), {value: formats})


def why_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return the plan's explanation, one sentence a row, in the language."""
    sentences = [finding.text(language) for finding in plan.explanation]
    return Sheet(label("plan.sheet.why", language), pd.DataFrame({label("table.why", language): sentences}))


def periods_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return a calendar plan's periods as a worksheet: one row per period and channel, numbers with formats."""
    assert plan.periods is not None
    scenario, symbol = plan.scenario, plan.scenario.currency_symbol
    money, count = excel_money_format(symbol), _count_format(plan.periods["conversions"])
    columns = [
        (label("calendar.table.period", language), "period", "General"),
        (label("calendar.table.start", language), "start", "General"),
        (label("calendar.table.end", language), "end", "General"),
        (label("table.channel", language), "label", "General"),
        (label("table.spend", language), "spend", money),
        (render(measure_name(scenario, "conversions"), language), "conversions", count),
        (render(measure_name(scenario, "revenue"), language), "revenue", money),
        (label("calendar.table.landed", language), "landed_conversions", count),
        (label("calendar.table.beyond", language), "beyond_conversions", count),
        (label("calendar.table.marginal_cpa", language), "marginal_cpa", _precise_money_format(symbol)),
    ]
    rows = [
        {
            title: str(record[key]) if fmt == "General" else _excel_value(record[key], "number", language)
            for title, key, fmt in columns
        }
        for record in plan.periods.to_dict("records")
    ]
    table = pd.DataFrame(rows, columns=[title for title, _, _ in columns])
    formats = {title: fmt for title, _, fmt in columns if fmt != "General"}
    return Sheet(label("calendar.sheet.periods", language), table, formats)


def periods_wide_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return a calendar plan's spend per channel (rows) and period (columns) as a worksheet, with totals."""
    wide = periods_wide(plan)
    assert wide is not None
    money = excel_money_format(plan.scenario.currency_symbol)
    channel, total = label("table.channel", language), label("table.total", language)
    periods = [c for c in wide.columns if c not in ("channel", "label", "total")]
    table = pd.DataFrame({channel: [str(v) for v in wide["label"]]})
    for period in periods:
        table[period] = [float(v) for v in wide[period]]
    table[total] = [float(v) for v in wide["total"]]
    totals: dict[str, Any] = {channel: total, **{c: float(table[c].sum()) for c in [*periods, total]}}
    formats = dict.fromkeys([*periods, total], money)
    return Sheet(label("calendar.sheet.spend_by_period", language), table, formats, totals=totals)


def period_totals_sheet(plan: Plan, language: str = "en") -> Sheet:
    """Return a calendar plan's totals per period as a worksheet: dates, events, spend, what it buys, the next
    conversion's cost, and a totals row."""
    totals = period_totals(plan)
    assert totals is not None
    scenario, symbol = plan.scenario, plan.scenario.currency_symbol
    money, count = excel_money_format(symbol), _count_format(totals["conversions"])
    columns = [
        (label("calendar.table.period", language), "period", "General"),
        (label("calendar.table.start", language), "start", "General"),
        (label("calendar.table.end", language), "end", "General"),
        (label("calendar_output.table.events", language), "events", "General"),
        (label("table.spend", language), "spend", money),
        (render(measure_name(scenario, "conversions"), language), "conversions", count),
        (render(measure_name(scenario, "revenue"), language), "revenue", money),
        (label("table.cpa", language), "cpa", _precise_money_format(symbol)),
        (label("calendar.table.marginal_cpa", language), "marginal_cpa", _precise_money_format(symbol)),
        (label("calendar.table.landed", language), "landed_conversions", count),
        (label("calendar.table.beyond", language), "beyond_conversions", count),
    ]
    table = _cells(totals, columns, "events", language)
    summed = ("spend", "conversions", "revenue", "landed_conversions", "beyond_conversions")
    sums: dict[str, Any] = {title: float(totals[key].sum()) for title, key, _ in columns if key in summed}
    conversions = float(totals["conversions"].sum())
    sums[columns[7][0]] = float(totals["spend"].sum()) / conversions if conversions > 0 else None
    formats = {title: fmt for title, _, fmt in columns if fmt != "General"}
    sheet_totals = {columns[0][0]: label("table.total", language), **sums}
    return Sheet(label("calendar_output.sheet.period_totals", language), table, formats, totals=sheet_totals)


def events_sheet(plan: Plan, language: str = "en") -> Sheet | None:
    """Return a calendar plan's totals per event as a worksheet (None without events)."""
    totals = event_totals(plan)
    if totals is None or totals.empty:
        return None
    scenario, symbol = plan.scenario, plan.scenario.currency_symbol
    money, count = excel_money_format(symbol), _count_format(totals["conversions"])
    columns = [
        (label("calendar_output.table.event", language), "event", "General"),
        (label("calendar_output.table.periods", language), "periods", "General"),
        (label("table.spend", language), "spend", money),
        (label("calendar_output.table.share", language), "share_of_spend", EXCEL_SHARE_FORMAT),
        (render(measure_name(scenario, "conversions"), language), "conversions", count),
        (render(measure_name(scenario, "revenue"), language), "revenue", money),
        (label("table.cpa", language), "cpa", _precise_money_format(symbol)),
    ]
    table = _cells(totals, columns, "periods", language)
    formats = {title: fmt for title, _, fmt in columns if fmt != "General"}
    return Sheet(label("calendar_output.sheet.events", language), table, formats)


def _cells(totals: pd.DataFrame, columns: list[tuple[str, str, str]], listed: str, language: str) -> pd.DataFrame:
    """Return a totals table's cells for a sheet: the column `listed` (names) joined, text as text, numbers bare."""
    rows = [
        {
            title: render(Join(record[key]), language)
            if key == listed
            else str(record[key])
            if fmt == "General"
            else _excel_value(record[key], "number", language)
            for title, key, fmt in columns
        }
        for record in totals.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=[title for title, _, _ in columns])


def plan_to_excel(plan: Plan, language: str = "en", made: date | None = None) -> bytes:
    """Return a plan as an Excel workbook in a language: allocation, rules, totals and the why, one sheet each.

    A calendar plan has, after the allocation, a periods sheet (period × channel), a spend-by-period sheet,
    its totals per period and, when the calendar has events, its totals per event.
    """
    sheets = [allocation_sheet(plan, language, made)]
    if plan.periods is not None:
        sheets += [periods_sheet(plan, language), periods_wide_sheet(plan, language)]
        sheets.append(period_totals_sheet(plan, language))
        events = events_sheet(plan, language)
        if events is not None:
            sheets.append(events)
    if not plan.rules.empty:
        sheets.append(rules_sheet(plan, language))
    sheets += [totals_sheet(plan, language), why_sheet(plan, language)]
    made = made or date.today()
    return workbook(sheets, datetime(made.year, made.month, made.day))


# -- a calendar plan's periods -------------------------------------------------------------------------


def periods_to_csv(plan: Plan) -> str:
    """Return a calendar plan's long periods table (`Plan.periods`, every column) as CSV for programs."""
    assert plan.periods is not None
    return table_to_csv(plan.periods)


def periods_wide_to_csv(plan: Plan) -> str:
    """Return a calendar plan's spend per channel × period (`periods_wide`) as CSV for programs."""
    wide = periods_wide(plan)
    assert wide is not None
    return table_to_csv(wide)


def _money_header(title: str, symbol: str, language: str) -> str:
    return f"{title}（{symbol}）" if language == "zh" else f"{title} ({symbol})"


# The long table for people: (header key, column of Plan.periods, kind for policy_number, summed in TOTAL).
_PERIOD_COLUMNS = (
    ("calendar.table.period", "period", "text", False),
    ("calendar.table.start", "start", "text", False),
    ("calendar.table.end", "end", "text", False),
    ("table.channel", "label", "text", False),
    ("table.spend", "spend", "money", True),
    ("conversions", "conversions", "number", True),
    ("revenue", "revenue", "money", True),
    ("calendar.table.marginal_cpa", "marginal_cpa", "money", False),
)


def periods_to_excel_csv(plan: Plan, language: str = "en") -> str:
    """Return a calendar plan's periods for Excel: period, start, end, channel, spend, conversions, revenue, CPA.

    As the allocation's Excel CSV: BOM, headers in the language, bare rounded numbers, a TOTAL row, CRLF.
    """
    assert plan.periods is not None
    scenario, symbol = plan.scenario, plan.scenario.currency_symbol
    headers = []
    for key, _, kind, _ in _PERIOD_COLUMNS:
        title = (
            render(measure_name(scenario, key), language) if key in ("conversions", "revenue") else label(key, language)
        )
        headers.append(_money_header(title, symbol, language) if kind == "money" else title)
    records = plan.periods.to_dict("records")
    rows = [headers]
    rows += [
        [str(r[column]) if kind == "text" else policy_number(r[column], kind) for _, column, kind, _ in _PERIOD_COLUMNS]
        for r in records
    ]
    total = [label("table.total", language)] + [
        policy_number(sum(float(r[column]) for r in records), kind) if summed else ""
        for _, column, kind, summed in _PERIOD_COLUMNS[1:]
    ]
    rows.append(total)
    return rows_to_excel_csv(rows)


def periods_wide_to_excel_csv(plan: Plan, language: str = "en") -> str:
    """Return a calendar plan's spend per channel (rows) and period (columns) for Excel, with TOTAL row and column."""
    wide = periods_wide(plan)
    assert wide is not None
    symbol = plan.scenario.currency_symbol
    periods = [c for c in wide.columns if c not in ("channel", "label", "total")]
    total = label("table.total", language)
    headers = [_money_header(label("table.spend", language), symbol, language), *periods, total]
    rows = [headers]
    for record in wide.to_dict("records"):
        rows.append([str(record["label"]), *(policy_number(record[p], "money") for p in [*periods, "total"])])
    rows.append([total, *(policy_number(float(wide[p].sum()), "money") for p in [*periods, "total"])])
    return rows_to_excel_csv(rows)
