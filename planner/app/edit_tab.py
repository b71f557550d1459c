"""The edit tab: name, objective and budget mode, channels and rules.

Each part is applied on its own as soon as it is valid; what is not valid yet stays in the editor as a
draft (kept across scenario switches until fixed, saved or discarded), with its problems beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from planner.app.budget import sync_budget_widgets
from planner.app.state import WorkingCopy, language, measure_name, say, state, t
from planner.editing.tables import (
    CHANNEL_COLUMNS,
    RULE_COLUMNS,
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
RULE_KINDS = ["limit", "share", "ratio", "max_cpa", "min_roas", "max_channels"]
RESPONSES = ["fitted", "constant", "tranches", "imported", "commission", "sessions"]
MONEY_COLUMNS = ("cost_per_conversion", "revenue_per_conversion", "min_spend", "max_spend", "value")


def _headed(columns: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Return column settings that head each column in the chosen language (the data keeps its keys)."""
    number = st.column_config.NumberColumn
    config: dict[str, Any] = {column: st.column_config.Column(t(f"app.col.{column}")) for column in columns}
    config |= {column: number(t(f"app.col.{column}"), format="localized") for column in MONEY_COLUMNS}
    return {column: setting for column, setting in config.items() if column in columns}


def channel_columns() -> dict[str, Any]:
    """Return the channels editor's column settings: headers, the response picker, and help."""
    config = _headed(CHANNEL_COLUMNS)
    config["groups"] = st.column_config.TextColumn(t("app.col.groups"), help=t("app.help.groups"))
    config["response"] = st.column_config.SelectboxColumn(
        t("app.col.response"),
        options=RESPONSES,
        format_func=lambda kind: t(f"app.response.{kind}"),
        help=t("app.help.response"),
    )
    for column in ("min_vs_history", "max_vs_history"):
        config[column] = st.column_config.NumberColumn(t(f"app.col.{column}"), help=t("app.help.vs_history"))
    return config


def rule_columns(scenario: Scenario) -> dict[str, Any]:
    """Return the rules editor's column settings: headers, the kind and measure pickers, and help."""
    config = _headed(RULE_COLUMNS)
    config["kind"] = st.column_config.SelectboxColumn(
        t("app.col.kind"), options=RULE_KINDS, format_func=lambda kind: t(f"app.kind.{kind}")
    )
    for column in ("measure", "per_measure"):
        config[column] = st.column_config.SelectboxColumn(
            t(f"app.col.{column}"),
            options=list(scenario.measures()),
            format_func=lambda measure: measure_name(scenario, str(measure)),
        )
    config["relative_to"] = st.column_config.TextColumn(t("app.col.relative_to"), help=t("app.help.relative_to"))
    for column in ("at_least", "at_most", "exactly"):
        config[column] = st.column_config.NumberColumn(t(f"app.col.{column}"), help=t("app.help.shares"))
    config["value"] = st.column_config.NumberColumn(t("app.col.value"), help=t("app.help.value"))
    return config


def _show_problems(problems: tuple[Any, ...]) -> None:
    st.error(t("invalid_edit"))
    st.markdown("\n".join(f"- {say(problem)}" for problem in problems))


def _header(work: WorkingCopy, prefix: str) -> dict[str, Any]:
    """Draw the scenario-wide fields; return their values.

    Each field starts from the working scenario (or its draft) as its value, never through the session
    state: a browser that draws a field again then shows what it held, not an empty default.
    """
    scenario = work.scenario
    values = {**header_fields(scenario), **work.drafts.get("header", {})}
    shown: dict[str, Any] = {}
    shown["name"] = st.text_input(t("name"), value=values["name"], key=f"{prefix}::name")
    shown["description"] = st.text_area(t("description"), value=values["description"], key=f"{prefix}::description")
    cols = st.columns(3)
    currencies = sorted(set(CURRENCIES) | {scenario.currency, str(values["currency"])})
    shown["currency"] = cols[0].selectbox(
        t("currency"), currencies, index=currencies.index(str(values["currency"])), key=f"{prefix}::currency"
    )
    # Options are named up front: a format function must not depend on the session when it is called.
    senses = {sense: t(f"app.sense.{sense}") for sense in ("maximize", "minimize")}
    shown["sense"] = cols[1].selectbox(
        t("objective"),
        list(senses),
        index=list(senses).index(str(values["sense"])),
        key=f"{prefix}::sense",
        format_func=senses.__getitem__,
    )
    measures = list(scenario.measures())
    names = {measure: measure_name(scenario, measure) for measure in measures}
    measure = values["measure"] if values["measure"] in measures else scenario.objective.measure
    shown["measure"] = cols[2].selectbox(
        t("app.measure_label"),
        measures,
        index=measures.index(measure),
        key=f"{prefix}::measure",
        label_visibility="hidden",
        format_func=lambda m: names.get(m, str(m)),
    )
    shown["exactly"] = st.checkbox(
        t("budget_exactly"), value=bool(values["exactly"]), key=f"{prefix}::exactly", disabled=scenario.budget is None
    )
    return {name: shown[name] for name in values}


def apply_part(
    work: WorkingCopy, part: str, candidate: Scenario, unchanged: bool, edit: Callable[[], TableEdit], raw: Any
) -> tuple[Scenario, tuple[Any, ...]]:
    """Apply one part's edit if it is valid; keep it as a draft with its problems (catalogue messages) if not."""
    if unchanged:
        work.drafts.pop(part, None)
        return candidate, ()
    result = edit()
    if result.scenario is not None:
        work.drafts.pop(part, None)
        return result.scenario, ()
    work.drafts[part] = raw
    return candidate, result.messages


def table_editor(work: WorkingCopy, prefix: str, part: str, table: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """Draw a table editor that starts from the draft, if any, else from the working scenario."""
    key = f"{prefix}::{part}"
    if key not in state or part not in work.shown:  # first drawn, or dropped while another file was open
        work.shown[part] = work.drafts.get(part, table)
    edited: pd.DataFrame = st.data_editor(
        work.shown[part], num_rows="dynamic", key=key, hide_index=True, placeholder="", **options
    )
    return edited


def _beside(edited: pd.DataFrame, problems: tuple[Any, ...], kind: str, columns: list[str]) -> None:
    """Show each row's problem in a column beside it, then every problem in words."""
    rows = problems_by_row(problems, kind, language())
    if rows:
        checked = edited.assign(problem=[say(rows.get(i, "")) for i in range(len(edited))])
        config = _headed([*columns, "problem"])
        if "kind" in columns:
            config["kind"] = st.column_config.SelectboxColumn(
                t("app.col.kind"), options=RULE_KINDS, format_func=lambda k: t(f"app.kind.{k}")
            )
        st.dataframe(checked[[*columns, "problem"]], hide_index=True, key=f"{kind}_problems", column_config=config)
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
    edited = table_editor(work, prefix, part, table_of(work.scenario), **options)
    base = candidate
    candidate, problems = apply_part(
        work, part, candidate, edited.equals(table_of(candidate)), lambda: apply(base, edited), edited
    )
    if problems:
        _beside(edited, problems, part.removesuffix("s"), columns)
    return candidate


def edit_tab(work: WorkingCopy) -> None:
    """Edit name, objective, budget mode, channels and rules; each valid part is applied, the rest kept."""
    # The language is part of the keys: a picker whose labels change must start again, or the browser keeps
    # showing the old label.
    prefix = f"edit::{work.path}::{work.generation}::{language()}"
    scenario = work.scenario
    header = _header(work, prefix)
    candidate, problems = apply_part(
        work, "header", scenario, header == header_fields(scenario), lambda: apply_header(scenario, header), header
    )
    if problems:
        _show_problems(problems)

    candidate = _table(
        work,
        prefix,
        "channels",
        candidate,
        channels_table,
        apply_channels_table,
        ["id", "label"],
        column_config=channel_columns(),
    )
    candidate = _table(
        work,
        prefix,
        "rules",
        candidate,
        rules_table,
        apply_rules_table,
        ["name", "kind"],
        column_config=rule_columns(scenario),
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
