"""Promo Planner in the browser: pick a scenario, set the budget, see the optimal plan and why.

Run with `make app`, or `streamlit run app.py -- --scenarios DIR`
(or set PROMO_PLANNER_SCENARIOS). Every number shown is computed by the `planner` library.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from planner import PlannerError, solve
from planner.formatting import format_money, format_number
from planner.io import CatalogueEntry, scenario_catalogue
from planner.plan import Plan
from planner.report import rules_with_worth


def scenarios_folder() -> Path:
    """Return the scenarios folder from `-- --scenarios DIR`, the environment, or the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenarios", default=os.environ.get("PROMO_PLANNER_SCENARIOS", "scenarios"))
    known, _ = parser.parse_known_args(sys.argv[1:])
    return Path(known.scenarios)


@st.cache_data(show_spinner=False)
def load_catalogue(folder: str) -> list[CatalogueEntry]:
    """Return the scenarios of a folder (cached for the session; refreshed by the button)."""
    return scenario_catalogue(Path(folder))


def pick_scenario(entries: list[CatalogueEntry]) -> CatalogueEntry:
    """Show the scenario list in the sidebar, grouped by store, and return the one picked."""
    labels = [f"{e.store} · {e.name}" if e.store else e.name for e in entries]
    index = st.sidebar.radio("Scenario", range(len(entries)), format_func=lambda i: labels[i], key="scenario")
    return entries[index or 0]


def show_plan(plan: Plan) -> None:
    """Show KPI cards, the allocation and the rules of a plan."""
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    totals = plan.totals
    cards = st.columns(4)
    cards[0].metric("Spend", format_money(totals["spend"], symbol), _delta(totals["spend"], totals["historical_spend"]))
    cards[1].metric("Conversions", format_number(totals["conversions"]))
    cards[2].metric("Revenue", format_money(totals["revenue"], symbol))
    cards[3].metric("CPA / ROAS", f"{format_money(totals['cpa'], symbol, 2)} / {format_number(totals['roas'], 2)}")
    shadow = plan.budget_shadow_price
    if shadow is not None:
        st.caption(
            f"The next {symbol}10,000 of budget buys about {format_number(shadow * 10_000, 1)} more "
            f"{plan.objective_measure}."
        )
    columns = ["label", "spend", "share", "conversions", "revenue", "cpa", "roas", "historical_spend", "at_bound"]
    st.subheader("Allocation")
    st.dataframe(plan.allocation[columns], hide_index=True, key="allocation")
    chart = plan.allocation.set_index("label")[["spend", "historical_spend"]].rename(
        columns={"spend": "plan", "historical_spend": "history"}
    )
    st.bar_chart(chart, stack=False)
    if not plan.rules.empty:
        st.subheader("Rules")
        rules = rules_with_worth(plan)
        st.dataframe(rules[["rule", "sense", "limit", "value", "binding", "worth"]], hide_index=True, key="rules")
    for warning in plan.warnings:
        st.warning(warning)


def _delta(value: float, reference: float) -> str | None:
    if pd.isna(reference) or reference == 0:
        return None
    return f"{(value - reference) / reference:+.1%} vs history"


def main() -> None:
    """Render the page."""
    st.set_page_config(page_title="Promo Planner", layout="wide")
    st.title("Promo Planner")
    folder = scenarios_folder()
    if st.sidebar.button("Reload scenarios", key="reload"):
        load_catalogue.clear()
    entries = load_catalogue(str(folder))
    if not entries:
        st.info(f"No scenario files (*.yaml) in {folder}.")
        return
    entry = pick_scenario(entries)
    if entry.scenario is None:
        st.error(f"{entry.path} cannot be loaded:")
        for problem in entry.problems:
            st.write(f"- {problem}")
        return
    scenario = entry.scenario
    st.header(scenario.name)
    if scenario.description:
        st.caption(scenario.description)
    budget = None
    if scenario.budget is not None:
        budget = st.number_input(
            f"Budget ({scenario.currency})",
            min_value=0.0,
            value=float(scenario.budget.amount),
            step=max(1.0, round(scenario.budget.amount / 100, -2)),
            key=f"budget::{entry.path}",
        )
    try:
        plan = solve(scenario, budget=budget)
    except PlannerError as error:
        st.error("No plan for these settings:")
        for problem in error.problems:
            st.write(f"- {problem}")
        return
    show_plan(plan)


main()
