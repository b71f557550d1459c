"""The plan tab: budget, headline figures, allocation, why, rules, curves, frontier and downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlannerError
from planner.app.state import WorkingCopy, frontier_of, language, plan_of, state, t
from planner.data.io import parse_yaml
from planner.editing.workspace import TextStyle
from planner.editing.yaml_edits import render, update_document
from planner.insight.charts import allocation_chart, curve_chart, frontier_chart, plan_history
from planner.insight.exports import plan_to_csv, plan_to_excel
from planner.insight.report import rules_with_worth
from planner.model.errors import InfeasibleError
from planner.model.formatting import format_money, format_number, format_ratio
from planner.model.plan import Plan
from planner.optimize.fixes import apply_fix

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


def budget_key(work: WorkingCopy) -> str:
    """Return the key prefix of a file's budget widgets."""
    return f"budget::{work.path}"


def budget_controls(work: WorkingCopy) -> None:
    """Show the budget as a number and a slider, kept in step, both editing the working scenario."""
    scenario = work.scenario
    if scenario.budget is None:
        return
    key = budget_key(work)
    original = work.original.budget.amount if work.original.budget else scenario.budget.amount
    top = max(original * 3, scenario.budget.amount, 1.0)

    def changed(source: str) -> None:
        value = float(state[source])
        state[f"{key}::number"] = value
        state[f"{key}::slider"] = min(value, top)
        work.scenario = work.scenario.with_budget(value)

    state.setdefault(f"{key}::number", float(scenario.budget.amount))
    state.setdefault(f"{key}::slider", min(float(scenario.budget.amount), top))
    left, right = st.columns([1, 2])
    left.number_input(
        f"{t('budget')} ({scenario.currency})",
        min_value=0.0,
        step=max(1.0, round(original / 100, -2)),
        key=f"{key}::number",
        on_change=changed,
        args=(f"{key}::number",),
    )
    right.slider(
        t("budget"),
        min_value=0.0,
        max_value=float(top),
        step=max(1.0, round(top / 200, -2)),
        key=f"{key}::slider",
        on_change=changed,
        args=(f"{key}::slider",),
        label_visibility="hidden",
    )


def sync_budget_widgets(work: WorkingCopy) -> None:
    """Set the budget widgets to the working scenario's budget (after a fix, discard or reload)."""
    key = budget_key(work)
    if work.scenario.budget is not None:
        state[f"{key}::number"] = float(work.scenario.budget.amount)
    state.pop(f"{key}::slider", None)


def show_kpis(plan: Plan) -> None:
    """Show the headline figures against history."""
    symbol, totals = plan.scenario.currency_symbol, plan.totals
    cards = st.columns(4)
    cards[0].metric(
        t("spend"), format_money(totals["spend"], symbol), _delta(totals["spend"], totals["historical_spend"])
    )
    cards[1].metric(
        t("conversions"),
        format_number(totals["conversions"]),
        _delta(totals["conversions"], totals["historical_conversions"]),
    )
    cards[2].metric(
        t("revenue"), format_money(totals["revenue"], symbol), _delta(totals["revenue"], totals["historical_revenue"])
    )
    cards[3].metric(
        t("cpa_roas"),
        f"{format_money(totals['cpa'], symbol)} / {format_ratio(totals['roas'])}",
        _delta(totals["cpa"], totals["historical_cpa"]),
        delta_color="inverse",  # a lower cost per conversion is good news
    )


def _delta(value: float, reference: float | None) -> str | None:
    if reference is None or pd.isna(reference) or reference == 0:
        return None
    return f"{(value - reference) / reference:+.1%} {t('vs_history')}"


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
        st.caption(str(result))
        return
    st.altair_chart(frontier_chart(result, language(), plan), width="stretch")


def show_conflict(work: WorkingCopy, error: PlannerError) -> None:
    """Show why there is no plan, with a button for each fix."""
    st.error(t("no_plan"), icon="⚠️")
    if isinstance(error, InfeasibleError) and error.summary:
        st.markdown(" ".join(sentence.render(language()) for sentence in error.summary))
    for problem in error.problems:
        st.markdown(f"- {problem}")
    if isinstance(error, InfeasibleError):
        for index, fix in enumerate(error.fixes[:4]):
            text = fix.text_zh if language() == "zh" else fix.text
            st.button(f"{t('fix')}: {text}", key=f"fix::{index}", on_click=_take_fix, args=(work, fix))


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


def plan_tab(work: WorkingCopy) -> None:
    """The plan for the working scenario: KPIs, allocation, curves, frontier, explanation, downloads."""
    budget_controls(work)
    result = plan_of(work.scenario)
    if isinstance(result, PlannerError):
        show_conflict(work, result)
        return
    plan = result
    show_kpis(plan)
    with st.expander(t("why"), expanded=True):
        for finding in plan.explanation:
            st.markdown(f"- {finding.text(language())}")
    show_allocation(plan)
    if not plan.rules.empty:
        st.subheader(t("rules"))
        st.dataframe(
            rules_with_worth(plan)[["rule", "sense", "limit", "value", "binding", "worth"]],
            hide_index=True,
            key="rules_result",
        )
    left, right = st.columns(2)
    with left:
        show_curves(plan)
    with right:
        show_frontier(plan)
    stem = Path(str(work.path)).stem
    columns = st.columns(3)
    # The files are made when a button is pressed, not on every run of the page.
    columns[0].download_button(
        t("download_csv"), lambda: plan_to_csv(plan), f"{stem}-plan.csv", "text/csv", key="dl_csv"
    )
    columns[1].download_button(t("download_excel"), lambda: plan_to_excel(plan), f"{stem}-plan.xlsx", key="dl_xlsx")
    columns[2].download_button(
        t("download_yaml"), lambda: working_text(work), f"{stem}.yaml", "application/yaml", key="dl_yaml"
    )
