"""The compare tab: two or more scenarios side by side (working copies where this session has them)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import streamlit as st

from planner import PlannerError
from planner.app.state import plan_of, t, working_copy
from planner.editing.tables import compare_allocations, compare_totals, scenario_differences
from planner.editing.workspace import CatalogueEntry
from planner.model.plan import Plan


def compare_tab(entries: list[CatalogueEntry]) -> None:
    """Solve two or more scenarios and show inputs that differ, allocations, KPIs and the difference."""
    usable = [e for e in entries if e.scenario is not None]
    names = [str(e.path) for e in usable]
    by_name = {str(e.path): e for e in usable}
    picked = st.multiselect(
        t("pick_compare"),
        names,
        default=names[:2],
        key="compare",
        format_func=lambda n: f"{by_name[n].store} · {by_name[n].name}",
    )
    if len(picked) < 2:
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
            st.warning(f"{scenario.name}: {result.problems[0]}")
            continue
        title = scenario.name if scenario.name not in plans else f"{scenario.name} ({Path(name).stem})"
        plans[title] = result
    if len(plans) < 2:
        return
    st.dataframe(compare_totals(plans), key="compare_totals")
    allocations = compare_allocations(plans)
    st.dataframe(allocations, key="compare_allocation")
    first = next(iter(plans))
    difference = (
        allocations.sub(allocations[first], axis=0)
        .drop(columns=first)
        .reset_index()
        .melt(id_vars="label", var_name="scenario", value_name="difference")
    )
    st.altair_chart(
        alt.Chart(difference)
        .mark_bar()
        .encode(x="difference:Q", y="label:N", color="scenario:N", yOffset="scenario:N"),
        width="stretch",
    )
    scenarios = list(plans.values())
    for other in scenarios[1:]:
        st.caption(f"{t('differences')}: {scenarios[0].scenario.name} ↔ {other.scenario.name}")
        st.dataframe(scenario_differences(scenarios[0].scenario, other.scenario), hide_index=True)
