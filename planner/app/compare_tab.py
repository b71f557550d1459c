"""The compare tab: two or more scenarios side by side (working copies where this session has them).

Figures are compared only where they are comparable: scenarios in different currencies are shown side by
side but never subtracted, and plans over periods of different lengths are shown per week (a toggle).
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from planner import PlannerError
from planner.app.calendar_view import show_calendar_compare
from planner.app.state import language, money, plan_of, say, t, working_copy
from planner.editing.differences import input_differences
from planner.editing.tables import compare_allocations
from planner.editing.workspace import CatalogueEntry
from planner.model.formatting import format_number, format_ratio
from planner.model.i18n import Join, Number, Text
from planner.model.plan import Plan

TOTALS = ("spend", "conversions", "revenue", "cpa", "roas")
PER_WEEK = frozenset({"spend", "conversions", "revenue"})  # sums over the period; CPA and ROAS are ratios


def weeks_of(plan: Plan) -> float:
    """Return how many weeks a plan covers."""
    return float(plan.period_weeks or 1.0)


def totals_table(plans: dict[str, Plan], per_week: bool) -> pd.DataFrame:
    """Return the headline figures of each plan, one row per figure named in words, each in its own currency."""
    lang = language()
    rows = []
    for key in TOTALS:
        row = {t("app.compare.col_figure"): t("col_cpa") if key == "cpa" else t(key if key != "roas" else "col_roas")}
        for title, plan in plans.items():
            value = plan.totals.get(key, float("nan"))
            if per_week and key in PER_WEEK:
                value /= weeks_of(plan)
            symbol = plan.scenario.currency_symbol
            if key in ("spend", "revenue", "cpa"):
                row[title] = money(value, symbol)
            elif key == "roas":
                row[title] = format_ratio(value, lang)
            else:
                row[title] = format_number(value, lang)
        rows.append(row)
    period = {t("app.compare.col_figure"): t("app.compare.period")}
    period |= {title: t("app.compare.weeks", weeks=Number(weeks_of(plan))) for title, plan in plans.items()}
    return pd.DataFrame([*rows, period])


def spend_by_channel(plans: dict[str, Plan], per_week: bool) -> pd.DataFrame:
    """Return spend per channel (rows) for each plan (columns), per week if asked; channels matched by id."""
    table = compare_allocations(plans)
    if per_week:
        for title, plan in plans.items():
            table[title] = table[title] / weeks_of(plan)
    return table


def _spend_shown(table: pd.DataFrame, plans: dict[str, Plan]) -> pd.DataFrame:
    shown = pd.DataFrame({t("col_channel"): [*map(str, table.index), t("app.total")]})
    for title, plan in plans.items():
        symbol = plan.scenario.currency_symbol
        shown[title] = [money(v, symbol) for v in [*table[title], table[title].sum()]]
    return shown


def _difference_chart(table: pd.DataFrame, plans: dict[str, Plan]) -> None:
    first = next(iter(plans))
    symbol = plans[first].scenario.currency_symbol
    difference = (
        table.sub(table[first], axis=0)
        .drop(columns=first)
        .reset_index()
        .melt(id_vars="label", var_name="scenario", value_name="difference")
    )
    difference["shown"] = [("+" if v > 0 else "") + money(v, symbol) for v in difference["difference"]]
    st.subheader(t("app.compare.difference", first=first))
    chart = (
        alt.Chart(difference)
        .mark_bar()
        .encode(
            x=alt.X(
                "difference:Q",
                title=f"{t('app.compare.col_difference')} ({plans[first].scenario.currency})",
                axis=alt.Axis(format=",.0f"),
            ),
            y=alt.Y("label:N", title=None),
            color=alt.Color("scenario:N", title=t("scenario"), legend=alt.Legend(orient="bottom")),
            yOffset="scenario:N",
            tooltip=[
                alt.Tooltip("label:N", title=t("col_channel")),
                alt.Tooltip("scenario:N", title=t("scenario")),
                alt.Tooltip("shown:N", title=t("app.compare.col_difference")),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")


def differences_table(first: Plan, second: Plan, names: tuple[str, str]) -> pd.DataFrame:
    """Return the inputs that differ between two plans' scenarios, described in words."""
    rows = [
        {t("app.compare.col_input"): say(d.what), names[0]: say(d.first), names[1]: say(d.second)}
        for d in input_differences(first.scenario, second.scenario)
    ]
    return pd.DataFrame(rows, columns=[t("app.compare.col_input"), *names])


def _default_pair(usable: list[CatalogueEntry], current: Path | None) -> list[str]:
    """Return the open scenario and the first other of its folder (or the first other), as the picker's default."""
    if current is None or str(current) not in {str(e.path) for e in usable}:
        return [str(e.path) for e in usable[:2]]
    others = [e for e in usable if str(e.path) != str(current)]
    same_store = [e for e in others if e.path.parent == current.parent]
    return [str(current)] + [str(e.path) for e in (same_store or others)[:1]]


def compare_tab(entries: list[CatalogueEntry], current: Path | None = None) -> None:
    """Solve two or more scenarios and show inputs that differ, totals, spend by channel and the difference.

    At first the open scenario is compared with another of the same store (its folder), else with the first other.
    """
    usable = [e for e in entries if e.scenario is not None]
    names = [str(e.path) for e in usable]
    by_name = {str(e.path): e for e in usable}
    if st.session_state.get("compare_for") != str(current):  # another scenario opened: compare from it
        st.session_state["compare_for"] = str(current)
        st.session_state["compare"] = _default_pair(usable, current)
    picked = st.multiselect(
        t("pick_compare"),
        names,
        key="compare",
        format_func=lambda n: f"{by_name[n].name} · {by_name[n].store}" if by_name[n].store else by_name[n].name,
        placeholder=t("app.compare.placeholder"),
    )
    if len(picked) < 2:
        st.info(t("app.compare.pick_two"))
        return
    plans: dict[str, Plan] = {}
    for name in picked:
        if name not in by_name:
            continue
        work = working_copy(by_name[name].path)
        scenario = work.scenario if work else by_name[name].scenario
        assert scenario is not None
        result = plan_of(scenario)
        if isinstance(result, PlannerError):
            st.warning(t("app.compare.no_plan", scenario=scenario.name, problem=say(result.problems[0])))
            continue
        title = scenario.name if scenario.name not in plans else f"{scenario.name} ({Path(name).stem})"
        plans[title] = result
    if len(plans) < 2:
        return
    currencies = sorted({plan.scenario.currency for plan in plans.values()})
    mixed = len(currencies) > 1
    if mixed:
        st.error(t("app.compare.currencies", currencies=Join(currencies)), icon="⚠️")
    lengths = {weeks_of(plan) for plan in plans.values()}
    differ = len(lengths) > 1
    per_week = st.toggle(
        t("app.compare.per_week"),
        value=differ,
        key=f"compare_per_week::{differ}",  # a new toggle when that changes: on by default where lengths differ
        help=t("app.compare.per_week_help"),
    )
    if differ:
        periods = Join(Text("app.compare.weeks", weeks=Number(w)) for w in sorted(lengths))
        if per_week:
            st.info(t("app.compare.periods_differ", periods=periods))
        else:
            st.warning(t("app.compare.periods_differ_total", periods=periods))
    st.subheader(t("app.compare.totals"))
    st.dataframe(totals_table(plans, per_week), hide_index=True, key="compare_totals")
    st.subheader(t("app.compare.allocations"))
    table = spend_by_channel(plans, per_week)
    shown = _spend_shown(table, plans)
    st.dataframe(shown, hide_index=True, key="compare_allocation", height=min((len(shown) + 1) * 35 + 3, 900))
    if not mixed:
        _difference_chart(table, plans)
    show_calendar_compare(plans, mixed)
    titles = list(plans)
    for other in titles[1:]:
        st.subheader(t("differences"))
        st.caption(t("app.compare.pair", first=titles[0], second=other))
        differences = differences_table(plans[titles[0]], plans[other], (titles[0], other))
        if differences.empty:
            st.caption(t("app.compare.same_inputs"))
        else:
            rows = len(differences) + 1
            st.dataframe(
                differences, hide_index=True, key=f"compare_differences::{other}", height=min(rows * 35 + 3, 900)
            )
