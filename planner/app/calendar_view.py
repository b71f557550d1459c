"""A calendar plan on screen: spend per channel and period, totals per period, the long table, and compare.

Every figure goes through the number policy and every word through the catalogue; the tables come from
`planner.editing.calendar_tables` (tested there), this module only formats and draws them.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
import streamlit as st

from planner.app.state import language, money, say, t
from planner.editing.calendar_tables import compare_periods, period_totals
from planner.insight.charts import calendar_chart
from planner.model.catalogue import CATALOGUE
from planner.model.formatting import format_number
from planner.model.i18n import Join, Text, render
from planner.model.plan import Plan, periods_wide

MAIN_WIDTH = 940  # the main area beside the sidebar at 1400 px
FIRST_COLUMN = 120
# Periods side by side as columns up to this many (≥ 90 px each beside the channel and the total), else as rows.
MAX_PERIOD_COLUMNS = 8


def field_in_words(field: str) -> str:
    """Return a located field of the calendar block in the tab's words: 日历 -> 活动 -> 第 1 项（Double 11）."""
    parts = []
    for token in field.split(" -> "):
        item = re.fullmatch(r"(\d+)(?: \((.*)\))?", token)
        if item:
            number = t("app.cal.field.item", number=int(item.group(1)) + 1)
            name = item.group(2)
            parts.append(number if name is None else number + (f"（{name}）" if language() == "zh" else f" ({name})"))
        else:
            key = f"app.cal.field.{token}"
            parts.append(t(key) if key in CATALOGUE else token)
    return " -> ".join(parts)


def say_located(message: Any) -> str:
    """Return a problem of a calendar edit in the chosen language, its place named in words."""
    if isinstance(message, Text) and message.key == "editing.field_problem":
        message = Text(message.key, **{**message.args, "field": field_in_words(str(message.args["field"]))})
    return say(message)


def period_header(name: str, actual: bool) -> str:
    """Return a period's column header: its name, marked when the period is over."""
    return t("app.cal.actual_mark", name=name) if actual else name


def spend_by_channel_table(plan: Plan) -> pd.DataFrame:
    """Return spend per channel and period, formatted, with totals: periods as columns when they fit beside
    each other at 1400 px, else as rows (a quarter of weeks reads down the page, channels across)."""
    wide = periods_wide(plan)
    assert wide is not None
    symbol = plan.scenario.currency_symbol
    totals = period_totals(plan)
    actual = dict(zip(totals["period"], totals["actual"], strict=True))
    periods = [c for c in wide.columns if c not in ("channel", "label", "total")]
    headers = [period_header(period, bool(actual.get(period))) for period in periods]
    if len(periods) > MAX_PERIOD_COLUMNS:
        table = pd.DataFrame({t("app.cal.col.period"): [*headers, t("app.total")]})
        for record in wide.to_dict("records"):
            row = [float(record[period]) for period in periods]
            table[str(record["label"])] = [money(v, symbol) for v in [*row, sum(row)]]
        table[t("app.total")] = [money(float(wide[p].sum()), symbol) for p in periods] + [
            money(float(wide["total"].sum()), symbol)
        ]
        return table
    table = pd.DataFrame({t("col_channel"): [*map(str, wide["label"]), t("app.total")]})
    for period, header in zip(periods, headers, strict=True):
        table[header] = [money(v, symbol) for v in [*wide[period], wide[period].sum()]]
    table[t("app.total")] = [money(v, symbol) for v in [*wide["total"], wide["total"].sum()]]
    return table


def period_totals_table(plan: Plan) -> pd.DataFrame:
    """Return one row per period: name, dates, days, events, spend, conversions, revenue, the next conversion's
    cost there (what tells where money goes) and status, formatted."""
    symbol, lang = plan.scenario.currency_symbol, language()
    rows = []
    for record in period_totals(plan).to_dict("records"):
        rows.append(
            {
                t("app.cal.col.period"): str(record["period"]),
                t("app.cal.col.dates"): t("app.cal.dates", start=str(record["start"]), end=str(record["end"])),
                t("app.cal.col.days"): format_number(record["days"], lang),
                t("app.cal.events"): render(Join(record["events"]), lang) if record["events"] else "",
                t("col_spend"): money(record["spend"], symbol),
                t("conversions"): format_number(record["conversions"], lang),
                t("revenue"): money(record["revenue"], symbol),
                t("app.cal.col.marginal_cpa"): _cost(record["marginal_cpa"], symbol),
                t("app.cal.col.status"): t("app.cal.status.actual" if record["actual"] else "app.cal.status.planned"),
            }
        )
    return pd.DataFrame(rows)


def _cost(value: Any, symbol: str) -> str:
    """Return a cost per conversion, or nothing where none is bought (a period that is over)."""
    return "" if value is None or (isinstance(value, float) and not math.isfinite(value)) else money(value, symbol)


def long_table(plan: Plan) -> pd.DataFrame:
    """Return every channel in every period: spend, conversions, revenue and the next conversion's cost."""
    assert plan.periods is not None
    symbol, lang = plan.scenario.currency_symbol, language()

    return pd.DataFrame(
        {
            t("app.cal.col.period"): [str(v) for v in plan.periods["period"]],
            t("col_channel"): [str(v) for v in plan.periods["label"]],
            t("col_spend"): [money(v, symbol) for v in plan.periods["spend"]],
            t("conversions"): [format_number(v, lang) for v in plan.periods["conversions"]],
            t("revenue"): [money(v, symbol) for v in plan.periods["revenue"]],
            t("app.cal.col.marginal_cpa"): [_cost(v, symbol) for v in plan.periods["marginal_cpa"]],
        }
    )


def _fitting(table: pd.DataFrame, first: int = FIRST_COLUMN) -> dict[str, Any]:
    """Return column settings that share the main area's width: the first column pinned, the rest equal."""
    column = st.column_config.TextColumn
    others = max(len(table.columns) - 1, 1)
    width = max(int((MAIN_WIDTH - first) / others), 60)
    config: dict[str, Any] = {header: column(header, width=width) for header in table.columns[1:]}
    config[table.columns[0]] = column(table.columns[0], width=first, pinned=True)
    return config


def show_calendar_chart(plan: Plan) -> None:
    """Show spend per channel and period: stacked bars and a heat map, event periods shaded and named."""
    chart = calendar_chart(plan, language(), width=MAIN_WIDTH - 60)  # room for the legend beside it
    if chart is not None:
        st.altair_chart(chart, width="content")


def show_calendar_plan(plan: Plan) -> None:
    """Show a calendar plan: chart, spend per channel and period, totals per period, and the long table."""
    st.subheader(t("app.cal.plan"))
    show_calendar_chart(plan)
    st.markdown(f"**{t('app.cal.by_channel')}**")
    wide = spend_by_channel_table(plan)
    st.dataframe(wide, hide_index=True, key="calendar_wide", column_config=_fitting(wide), width="stretch")
    if plan.scenario.calendar is not None and plan.scenario.calendar.actuals:
        st.caption(t("app.cal.actual_note"))
    st.markdown(f"**{t('app.cal.period_totals')}**")
    totals = period_totals_table(plan)
    config = _fitting(totals)
    widths = dict(zip(totals.columns[1:], (165, 40, 140, 95, 70, 105, 125, 65), strict=True))  # dates in full
    config |= {header: st.column_config.TextColumn(header, width=width) for header, width in widths.items()}
    st.dataframe(totals, hide_index=True, key="calendar_totals", column_config=config, width="stretch")
    if st.toggle(t("app.cal.long"), key="calendar_long_shown"):
        long = long_table(plan)
        st.dataframe(long, hide_index=True, key="calendar_long", column_config=_fitting(long), width="stretch")


def show_calendar_compare(plans: dict[str, Plan], mixed_currencies: bool) -> None:
    """Show spend per period of the calendar plans side by side, and each one's difference from the first."""
    calendars = {title: plan for title, plan in plans.items() if plan.periods is not None}
    if len(calendars) < 2:
        if calendars:
            st.caption(t("app.cal.compare_one"))
        return
    st.subheader(t("app.cal.compare"))
    st.caption(t("app.cal.compare_help"))
    table = compare_periods(calendars)
    titles = list(calendars)
    shown = pd.DataFrame({t("app.cal.col.period"): [*map(str, table.index), t("app.total")]})
    for title in titles:
        symbol = calendars[title].scenario.currency_symbol
        shown[title] = [money(None if pd.isna(v) else v, symbol) for v in [*table[title], table[title].sum()]]
    if not mixed_currencies:  # amounts in different currencies are never subtracted
        symbol = calendars[titles[0]].scenario.currency_symbol
        for title in titles[1:]:
            difference = [*(table[title] - table[titles[0]]), table[title].sum() - table[titles[0]].sum()]
            header = t("app.cal.compare_difference", name=title, first=titles[0])
            shown[header] = [_signed(float(v), symbol) for v in difference]
    rows = len(shown) + 1
    st.dataframe(
        shown, hide_index=True, key="compare_periods", column_config=_fitting(shown), height=min(rows * 35 + 3, 900)
    )


def _signed(value: float | None, symbol: str) -> str:
    if value is None or pd.isna(value):
        return money(None, symbol)
    if abs(value) < 0.5:
        return "±0"
    return ("+" if value > 0 else "") + money(value, symbol)
