"""The edit tab: name, objective and budget mode, channels and rules.

Each part is applied on its own as soon as it is valid; what is not valid yet stays in the editor as a
draft (kept across scenario switches until fixed, saved or discarded), with its problems beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from planner.app.plan_tab import sync_budget_widgets
from planner.app.state import WorkingCopy, state, t
from planner.editing.tables import (
    TableEdit,
    apply_channels_table,
    apply_header,
    apply_rules_table,
    channels_table,
    header_fields,
    problems_by_row,
    rules_table,
)
from planner.model.scenario import Scenario

CURRENCIES = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD"]
RULE_KINDS = ["limit", "share", "ratio", "max_cpa", "min_roas"]


def _restore(key: str, value: Any) -> None:
    """Give a widget its value before it is drawn, unless it already has one this session."""
    if key not in state:
        state[key] = value


def _show_problems(problems: tuple[str, ...]) -> None:
    st.error(t("invalid_edit"))
    for problem in problems:
        st.markdown(f"- {problem}")


def _header(work: WorkingCopy, prefix: str) -> dict[str, Any]:
    """Draw the scenario-wide fields; return their values."""
    scenario = work.scenario
    values = {**header_fields(scenario), **work.drafts.get("header", {})}
    for name, value in values.items():
        _restore(f"{prefix}::{name}", value)
    st.text_input(t("name"), key=f"{prefix}::name")
    st.text_area(t("description"), key=f"{prefix}::description")
    cols = st.columns(3)
    cols[0].selectbox(t("currency"), sorted(set(CURRENCIES) | {scenario.currency}), key=f"{prefix}::currency")
    cols[1].selectbox(t("objective"), ["maximize", "minimize"], key=f"{prefix}::sense")
    measures = list(scenario.measures())
    if state[f"{prefix}::measure"] not in measures:
        state[f"{prefix}::measure"] = scenario.objective.measure
    cols[2].selectbox(" ", measures, key=f"{prefix}::measure", label_visibility="hidden")
    st.checkbox(t("budget_exactly"), key=f"{prefix}::exactly", disabled=scenario.budget is None)
    return {name: state[f"{prefix}::{name}"] for name in values}


def _apply(
    work: WorkingCopy, part: str, candidate: Scenario, unchanged: bool, edit: Callable[[], TableEdit], raw: Any
) -> tuple[Scenario, tuple[str, ...]]:
    """Apply one part's edit if it is valid; keep it as a draft with its problems if not."""
    if unchanged:
        work.drafts.pop(part, None)
        return candidate, ()
    result = edit()
    if result.scenario is not None:
        work.drafts.pop(part, None)
        return result.scenario, ()
    work.drafts[part] = raw
    return candidate, result.problems


def _table_editor(work: WorkingCopy, prefix: str, part: str, table: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """Draw a table editor that starts from the draft, if any, else from the working scenario."""
    key = f"{prefix}::{part}"
    if key not in state or part not in work.shown:  # first drawn, or dropped while another file was open
        work.shown[part] = work.drafts.get(part, table)
    edited: pd.DataFrame = st.data_editor(work.shown[part], num_rows="dynamic", key=key, hide_index=True, **options)
    return edited


def _beside(edited: pd.DataFrame, problems: tuple[str, ...], kind: str, columns: list[str]) -> None:
    """Show each row's problem in a column beside it, then every problem in words."""
    rows = problems_by_row(problems, kind)
    if rows:
        checked = edited.assign(problem=[rows.get(i, "") for i in range(len(edited))])
        st.dataframe(checked[[*columns, "problem"]], hide_index=True, key=f"{kind}_problems")
    _show_problems(problems)


def _table(
    work: WorkingCopy,
    prefix: str,
    part: str,
    candidate: Scenario,
    table_of: Callable[[Scenario], pd.DataFrame],
    apply: Callable[[Scenario, pd.DataFrame], TableEdit],
    columns: list[str],
    **options: Any,
) -> Scenario:
    """Draw one table part (channels or rules) under its heading; return the scenario with it applied if valid."""
    st.subheader(t(part))
    edited = _table_editor(work, prefix, part, table_of(work.scenario), **options)
    base = candidate
    candidate, problems = _apply(
        work, part, candidate, edited.equals(table_of(candidate)), lambda: apply(base, edited), edited
    )
    if problems:
        _beside(edited, problems, part.removesuffix("s"), columns)
    return candidate


def edit_tab(work: WorkingCopy) -> None:
    """Edit name, objective, budget mode, channels and rules; each valid part is applied, the rest kept."""
    prefix = f"edit::{work.path}::{work.generation}"
    scenario = work.scenario
    header = _header(work, prefix)
    candidate, problems = _apply(
        work, "header", scenario, header == header_fields(scenario), lambda: apply_header(scenario, header), header
    )
    if problems:
        _show_problems(problems)

    candidate = _table(work, prefix, "channels", candidate, channels_table, apply_channels_table, ["id", "label"])
    column_config = {"kind": st.column_config.SelectboxColumn(options=RULE_KINDS)}
    candidate = _table(
        work, prefix, "rules", candidate, rules_table, apply_rules_table, ["name", "kind"], column_config=column_config
    )
    st.button(t("discard"), key="discard", on_click=discard, args=(work,))
    if candidate.model_dump() != scenario.model_dump():
        work.scenario = candidate


def discard(work: WorkingCopy) -> None:
    """Go back to the file as opened, drafts and all (a callback, run before the widgets are drawn)."""
    work.scenario = work.original
    work.drafts.clear()
    work.restart_editors()
    sync_budget_widgets(work)
