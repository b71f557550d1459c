"""The plan tab: budget, headline figures, why, allocation, rules, curves, frontier and downloads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from planner import PlannerError
from planner.app.budget import budget_controls, sync_budget_widgets
from planner.app.calendar_view import show_calendar_plan
from planner.app.plan_view import show_allocation_table, show_conflict, show_kpis, show_rules, show_why
from planner.app.state import WorkingCopy, frontier_of, language, plan_of, say, t
from planner.data.io import parse_yaml
from planner.data.provenance import trace_inputs
from planner.editing.workspace import TextStyle
from planner.editing.yaml_edits import render, update_document
from planner.insight import exports
from planner.insight.charts import allocation_chart, curve_chart, frontier_chart, plan_history
from planner.insight.share import plan_report_html
from planner.model.plan import Plan
from planner.optimize.fixes import apply_fix


def show_allocation_chart(plan: Plan) -> None:
    """Show planned against historical spend per channel."""
    st.altair_chart(allocation_chart(plan, language()), width="stretch")


def show_curves(plan: Plan) -> None:
    """Show one channel's response curve with the planned point."""
    st.subheader(t("curves"))
    ids = list(plan.allocation["channel"])
    labels = dict(zip(plan.allocation["channel"], plan.allocation["label"], strict=True))
    channel = str(st.selectbox(t("channels"), ids, format_func=lambda i: str(labels[i]), key="curve_channel"))
    st.altair_chart(curve_chart(plan, channel, language(), plan_history(plan)), width="stretch")


def show_frontier(plan: Plan) -> None:
    """Show the best objective by budget, with today's budget and the plan on screen marked."""
    scenario = plan.scenario
    if scenario.budget is None:
        return
    st.subheader(t("frontier"))
    result = frontier_of(scenario)
    if isinstance(result, PlannerError):
        st.caption(say(result))
        return
    st.altair_chart(frontier_chart(result, language(), plan), width="stretch")


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


def report_page(work: WorkingCopy, plan: Plan, lang: str) -> str:
    """Return the plan report as one HTML page, with the frontier the tab shows and the hashes of what is edited."""
    frontier = frontier_of(plan.scenario) if plan.scenario.budget is not None else None
    provenance = trace_inputs(plan.scenario, working_text(work))
    return plan_report_html(plan, lang, frontier=frontier, provenance=provenance)


def show_downloads(work: WorkingCopy, plan: Plan) -> None:
    """Offer the plan as a report, as CSV (for programs and for Excel), as Excel, and the scenario as YAML."""
    stem = Path(str(work.path)).stem
    # The files are made when a button is pressed, not on every run of the page.
    lang = language()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buttons: list[tuple[str, Callable[[], Any], str, str, str, str]] = [
        (t("app.download_report"), lambda: report_page(work, plan, lang), f"{stem}-report.html", "text/html",
         "dl_report", t("app.report_help")),
        (t("app.download_csv_excel"), lambda: exports.plan_to_excel_csv(plan, lang), f"{stem}-plan-excel.csv",
         "text/csv", "dl_csv_excel", t("app.csv_excel_help")),
        (t("download_excel"), lambda: exports.plan_to_excel(plan, lang), f"{stem}-plan.xlsx", xlsx, "dl_xlsx", ""),
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
    if plan.periods is not None:
        show_calendar_plan(plan)
    show_allocation_chart(plan)
    show_rules(plan)
    left, right = st.columns(2)
    with left:
        show_curves(plan)
    with right:
        show_frontier(plan)
    show_downloads(work, plan)
