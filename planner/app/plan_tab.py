"""The plan tab: budget, headline figures, why, allocation, rules, curves, frontier and downloads."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from planner import PlannerError
from planner.app.budget import budget_controls, sync_budget_widgets
from planner.app.plan_view import show_allocation_table, show_conflict, show_kpis, show_rules, show_why
from planner.app.state import WorkingCopy, frontier_of, language, plan_of, t
from planner.data.io import parse_yaml
from planner.editing.tables import curve_table
from planner.editing.workspace import TextStyle
from planner.editing.yaml_edits import render, update_document
from planner.insight import exports
from planner.model.plan import Plan
from planner.optimize.diagnose import apply_fix

MONEY_FORMAT = {"CNY": "yen", "RMB": "yen", "JPY": "yen", "USD": "dollar", "EUR": "euro"}
ALLOCATION_COLUMNS = {
    "label": "col_channel",
    "spend": "col_spend",
    "share": "col_share",
    "conversions": "col_conversions",
    "revenue": "col_revenue",
    "cpa": "col_cpa",
    "marginal_cpa": "col_marginal_cpa",
    "roas": "col_roas",
    "historical_spend": "col_historical",
    "change_vs_history": "col_change",
    "at_bound": "col_at_bound",
    "bound_reason": "col_reason",
}
MONEY_COLUMNS = ("spend", "revenue", "cpa", "marginal_cpa", "historical_spend", "change_vs_history")


def show_allocation_chart(plan: Plan) -> None:
    """Show planned against historical spend per channel (the chart module's, when it is there)."""
    charts = _optional("planner.insight.charts", "allocation_chart")
    if charts is not None:
        st.altair_chart(_call(charts, plan), width="stretch")
        return
    series = {"spend": t("series_plan"), "historical_spend": t("series_history")}
    data = plan.allocation.rename(columns=series).melt(
        id_vars="label", value_vars=list(series.values()), var_name="series"
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=plan.scenario.currency),
            y=alt.Y("label:N", title=None),
            color=alt.Color("series:N", title=None),
            yOffset="series:N",
            tooltip=["label", "series", "value"],
        )
    )
    st.altair_chart(chart, width="stretch")


def show_allocation(plan: Plan) -> None:
    """Show the allocation table and a chart of planned against historical spend."""
    st.subheader(t("allocation"))
    money = MONEY_FORMAT.get(plan.scenario.currency, "localized")
    number = st.column_config.NumberColumn
    config: dict[str, Any] = {column: t(key) for column, key in ALLOCATION_COLUMNS.items()}
    config |= {column: number(t(ALLOCATION_COLUMNS[column]), format=money) for column in MONEY_COLUMNS}
    config |= {
        "share": number(t("col_share"), format="percent"),
        "roas": number(t("col_roas"), format="%.2f"),
        "conversions": number(t("col_conversions"), format="localized"),
    }
    st.dataframe(plan.allocation[list(ALLOCATION_COLUMNS)], hide_index=True, key="allocation", column_config=config)
    series = {"spend": t("series_plan"), "historical_spend": t("series_history")}
    data = plan.allocation.rename(columns=series).melt(
        id_vars="label", value_vars=list(series.values()), var_name="series"
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=plan.scenario.currency),
            y=alt.Y("label:N", title=None),
            color=alt.Color("series:N", title=None),
            yOffset="series:N",
            tooltip=["label", "series", "value"],
        )
    )
    st.altair_chart(chart, width="stretch")


def show_curves(plan: Plan) -> None:
    """Show one channel's response curve with the planned point."""
    st.subheader(t("curves"))
    ids = list(plan.allocation["channel"])
    labels = dict(zip(plan.allocation["channel"], plan.allocation["label"], strict=True))
    channel = str(st.selectbox(t("channels"), ids, format_func=lambda i: str(labels[i]), key="curve_channel"))
    table = curve_table(plan, channel)
    row = plan.allocation.set_index("channel").loc[channel]
    point = pd.DataFrame({"spend": [row["spend"]], "conversions": [row["conversions"]]})
    lines = alt.Chart(table).mark_line().encode(x="spend:Q", y="conversions:Q", color="line:N")
    dot = alt.Chart(point).mark_point(size=120, filled=True, color="red").encode(x="spend:Q", y="conversions:Q")
    st.altair_chart(lines + dot, width="stretch")


def show_frontier(plan: Plan) -> None:
    """Show the best objective by budget, with today's budget and the plan on screen marked."""
    scenario = plan.scenario
    if scenario.budget is None:
        return
    st.subheader(t("frontier"))
    result = frontier_of(scenario)
    if isinstance(result, PlannerError):
        st.caption(str(result))
        return
    data = result.table[result.table["feasible"]]
    line = alt.Chart(data).mark_line(point=True).encode(x="budget:Q", y=alt.Y("objective:Q", title=result.measure))
    today = alt.Chart(pd.DataFrame({"budget": [scenario.budget.amount], "objective": [plan.objective_value]}))
    marks = today.mark_rule(color="red").encode(x="budget:Q") + today.mark_point(size=120, color="red").encode(
        x="budget:Q", y="objective:Q"
    )
    st.altair_chart(line + marks, width="stretch")


def _take_fix(work: WorkingCopy, fix: Any) -> None:
    """Apply a one-click fix (a callback: it runs before the widgets it updates are drawn)."""
    work.scenario = apply_fix(work.scenario, fix)
    work.restart_editors()
    sync_budget_widgets(work)


def working_text(work: WorkingCopy) -> str:
    """Return the YAML the working scenario would be saved as (comments of the opened file kept)."""
    style = TextStyle.of(work.opened)
    document = parse_yaml(style.strip(work.opened))
    return style.apply(render(update_document(document, work.original, work.scenario)))


def _optional(module: str, *names: str) -> Callable[..., Any] | None:
    """Return the first of these functions a module has, or None (for outputs that land in later versions)."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    for name in names:
        function = getattr(found, name, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def _call(function: Callable[..., Any], plan: Plan) -> Any:
    """Call an output function with the chosen language when it takes one."""
    if "language" in inspect.signature(function).parameters:
        return function(plan, language=language())
    return function(plan)


REPORT_MODULES = ("planner.insight.report_html", "planner.insight.html_report", "planner.insight.report")


def report_builder() -> Callable[..., Any] | None:
    """Return the function that writes the plan report as one HTML page, if this version has it."""
    for module in REPORT_MODULES:
        function = _optional(module, "plan_report_html")
        if function is not None:
            return function
    return None


def show_downloads(work: WorkingCopy, plan: Plan) -> None:
    """Offer the plan as a report, as CSV (for programs and for Excel), as Excel, and the scenario as YAML."""
    stem = Path(str(work.path)).stem
    # The files are made when a button is pressed, not on every run of the page.
    buttons: list[tuple[str, Callable[[], Any], str, str, str, str]] = []
    report = report_builder()
    if report is not None:
        buttons.append(
            (t("app.download_report"), lambda: _call(report, plan), f"{stem}-report.html", "text/html", "dl_report",
             t("app.report_help"))
        )  # fmt: skip
    excel_csv = _optional("planner.insight.exports", "plan_to_excel_csv", "plan_to_csv_for_excel")
    if excel_csv is not None:
        buttons.append(
            (t("app.download_csv_excel"), lambda: _call(excel_csv, plan), f"{stem}-plan-excel.csv", "text/csv",
             "dl_csv_excel", t("app.csv_excel_help"))
        )  # fmt: skip
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buttons += [
        (t("download_excel"), lambda: _call(exports.plan_to_excel, plan), f"{stem}-plan.xlsx", xlsx, "dl_xlsx", ""),
        (t("download_csv"), lambda: exports.plan_to_csv(plan), f"{stem}-plan.csv", "text/csv", "dl_csv",
         t("app.csv_help")),
        (t("download_yaml"), lambda: working_text(work), f"{stem}.yaml", "application/yaml", "dl_yaml", ""),
    ]  # fmt: skip
    st.subheader(t("app.downloads"))
    for column, (label, data, name, mime, key, help_text) in zip(st.columns(len(buttons)), buttons, strict=True):
        column.download_button(label, data, name, mime, key=key, help=help_text or None, width="stretch")


def plan_tab(work: WorkingCopy) -> None:
    """The plan for the working scenario: KPIs, why, allocation, rules, curves, frontier, downloads.

    When an edit leaves no plan, the tab says why in words, offers each fix as a button, and keeps the
    last plan that worked on screen, marked as such.
    """
    budget_controls(work)
    result = plan_of(work.scenario)
    if isinstance(result, PlannerError):
        show_conflict(work, result, _take_fix)
        return
    plan = work.last_plan = result
    show_kpis(plan)
    show_why(plan)
    show_allocation_table(plan)
    show_allocation_chart(plan)
    show_rules(plan)
    left, right = st.columns(2)
    with left:
        show_curves(plan)
    with right:
        show_frontier(plan)
    show_downloads(work, plan)
