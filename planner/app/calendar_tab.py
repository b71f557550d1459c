"""The calendar tab: periods, budgets per period, events, smoothing, periods on air, actuals and re-planning.

As the edit tab: each part is applied on its own as soon as the whole scenario is valid with it; what is
not valid stays in its editor as a draft, with its problems located in words beside it, and is never half
applied. Saving is the files tab's (comments kept, refused if the file changed on disk).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from planner.app.budget import sync_budget_widgets
from planner.app.calendar_view import say_located
from planner.app.edit_tab import apply_part, discard, table_editor
from planner.app.import_tab import staging
from planner.app.state import WorkingCopy, flash, language, money, state, t
from planner.data.imports import import_exports
from planner.editing.calendar_tables import (
    MODES,
    SEPARATOR,
    UNSPENT,
    ImportedActuals,
    actual_columns,
    actuals_from_history,
    actuals_table,
    apply_actuals_table,
    apply_calendar_fields,
    apply_calendar_table,
    calendar_fields,
    calendar_table,
)
from planner.model.i18n import Join, Number
from planner.model.scenario import Scenario

DEFAULT_COUNT = 13  # a quarter of weeks


def _problems(problems: tuple[Any, ...]) -> None:
    st.error(t("invalid_edit"))
    st.markdown("\n".join(f"- {say_located(problem)}" for problem in problems))


def _default_start(scenario: Scenario) -> date:
    """Return the day after the history the scenario reads, else today: where a new calendar starts."""
    end = scenario.history.end if scenario.history is not None else None
    return end + timedelta(days=1) if end is not None else date.today()


def _fields(work: WorkingCopy, prefix: str) -> Scenario:
    """Draw the calendar's mode, first day, count, unspent and credit; return the scenario with them if valid."""
    scenario = work.scenario
    current = calendar_fields(scenario)
    values = {**current, **work.drafts.get("cal_fields", {})}
    modes = {mode: t(f"app.cal.mode.{mode}") for mode in MODES}
    cols = st.columns([2, 1, 1, 2])
    mode = cols[0].selectbox(
        t("app.cal.mode"), list(modes), index=list(modes).index(values["mode"]), key=f"{prefix}::mode",
        format_func=modes.__getitem__,
    )  # fmt: skip
    counted = mode not in ("none", "periods")
    start = cols[1].date_input(
        t("app.cal.start"), value=values["start"] or _default_start(scenario), key=f"{prefix}::start",
        disabled=not counted,
    )  # fmt: skip
    count = cols[2].number_input(
        t("app.cal.count"), min_value=1, max_value=400, step=1, value=int(values["count"] or DEFAULT_COUNT),
        key=f"{prefix}::count", disabled=not counted,
    )  # fmt: skip
    unspent_names = {choice: t(f"app.cal.unspent.{choice}") for choice in UNSPENT}
    unspent = cols[3].selectbox(
        t("app.cal.unspent"), list(unspent_names), index=list(unspent_names).index(values["unspent"]),
        key=f"{prefix}::unspent", format_func=unspent_names.__getitem__, disabled=mode == "none",
    )  # fmt: skip
    credit = st.checkbox(
        t("app.cal.credit"), value=bool(values["credit"]), key=f"{prefix}::credit", help=t("app.cal.credit_help"),
        disabled=mode == "none",
    )  # fmt: skip
    shown = {"mode": mode, "start": start, "count": int(count), "unspent": unspent, "credit": credit}
    unchanged = _same_fields(shown, current)
    candidate, problems = apply_part(
        work, "cal_fields", scenario, unchanged, lambda: apply_calendar_fields(scenario, shown), shown
    )
    if problems:
        _problems(problems)
    return candidate


def _same_fields(shown: dict[str, Any], current: dict[str, Any]) -> bool:
    """Return whether the fields say what the calendar already is (start and count count only for a count)."""
    if shown["mode"] != current["mode"]:
        return False
    if shown["mode"] == "none":
        return True
    keys = ["unspent", "credit"] + (["start", "count"] if shown["mode"] != "periods" else [])
    return all(shown[key] == current[key] for key in keys)


def _columns(part: str) -> dict[str, Any]:
    """Return one calendar table's column settings, headed in the chosen language."""
    text, number, check = st.column_config.TextColumn, st.column_config.NumberColumn, st.column_config.CheckboxColumn
    common = {
        "name": text(t("app.col.name")),
        "channels": text(t("app.col.channels"), help=t("app.help.groups")),
        "group": text(t("app.col.group")),
        "periods": text(t("app.cal.col.periods")),
    }
    by_part: dict[str, dict[str, Any]] = {
        "periods": {
            "name": text(t("app.col.name")),
            "start": st.column_config.DateColumn(t("app.cal.col.start"), format="YYYY-MM-DD"),
            "end": st.column_config.DateColumn(t("app.cal.col.end"), format="YYYY-MM-DD"),
        },
        "budgets": common
        | {key: number(t(f"app.col.{key}"), format="localized") for key in ("at_least", "at_most", "exactly")}
        | {"share": check(t("app.cal.col.share")), "per_day": check(t("app.cal.col.per_day"))},
        "events": common
        | {
            "event": text(t("app.cal.col.event")),
            "efficiency": number(t("app.cal.col.efficiency"), min_value=0.0, max_value=100.0),
            "estimated": check(t("app.cal.col.estimated"), help=t("app.cal.col.estimated_help")),
            "cost": number(t("app.cal.col.cost"), min_value=0.01, max_value=100.0),
        },
        "smoothing": common | {"max_change": number(t("app.cal.col.max_change"), min_value=0.0)},
        "on_air": common
        | {
            "periods": number(t("app.cal.col.on_air_periods"), min_value=1, step=1),
            "min_spend": number(t("app.cal.col.min_spend"), min_value=0.0, format="localized"),
        },
    }
    return by_part[part]


def _part(work: WorkingCopy, prefix: str, part: str, candidate: Scenario) -> Scenario:
    """Draw one calendar table under its heading; return the scenario with it applied if valid."""
    st.subheader(t(f"app.cal.{part}"))
    st.caption(t(f"app.cal.{part}_help"))
    edited = table_editor(
        work, prefix, f"cal_{part}", calendar_table(work.scenario, part), column_config=_columns(part)
    )
    base = candidate
    unchanged = _same_table(edited, calendar_table(candidate, part))
    candidate, problems = apply_part(
        work, f"cal_{part}", candidate, unchanged, lambda: apply_calendar_table(base, part, edited), edited
    )
    if problems:
        _problems(problems)
    return candidate


def _same_table(edited: pd.DataFrame, table: pd.DataFrame) -> bool:
    """Return whether an edited table shows what the scenario has (empty cells of any kind alike)."""
    if edited.shape != table.shape:
        return False
    return bool(
        edited.astype(object).where(edited.notna(), None).equals(table.astype(object).where(table.notna(), None))
    )


def _actuals(work: WorkingCopy, prefix: str, candidate: Scenario) -> Scenario:
    """Draw the actuals table (period × channel) and the import of exports; return the scenario with them."""
    st.subheader(t("app.cal.actuals"))
    st.caption(t("app.cal.actuals_help"))
    table = actuals_table(work.scenario)
    key = f"{prefix}::cal_actuals"
    if key not in state or "cal_actuals" not in work.shown:
        work.shown["cal_actuals"] = work.drafts.get("cal_actuals", table)
    labels = {channel.id: channel.display_name for channel in work.scenario.channels}
    config: dict[str, Any] = {
        "period": st.column_config.TextColumn(t("app.cal.col.period"), disabled=True, pinned=True)
    }
    for column in actual_columns(work.scenario):
        channel, _, measure = column.partition(SEPARATOR)
        header = labels.get(channel, channel) + (f"{SEPARATOR}{t(measure)}" if measure else "")
        config[column] = st.column_config.NumberColumn(header, min_value=0.0, format="localized")
    edited: pd.DataFrame = st.data_editor(
        work.shown["cal_actuals"], key=key, hide_index=True, num_rows="fixed", column_config=config, placeholder=""
    )
    base = candidate
    unchanged = _same_table(edited, actuals_table(candidate)) if candidate.calendar is not None else True
    candidate, problems = apply_part(
        work, "cal_actuals", candidate, unchanged, lambda: apply_actuals_table(base, edited), edited
    )
    if problems:
        _problems(problems)
    _replanned(candidate)
    _import_actuals(work)
    return candidate


def _replanned(scenario: Scenario) -> None:
    """Say what the actuals do to the plan: periods over, spent, and what is left for the rest."""
    calendar = scenario.calendar
    if calendar is None or not calendar.actuals:
        return
    over = {actual.period for actual in calendar.actuals}
    spent = sum(actual.spend for actual in calendar.actuals)
    symbol = scenario.currency_symbol
    left = scenario.budget.amount - spent if scenario.budget is not None else None
    rest = len(calendar.resolved_periods()) - len(over)
    st.info(
        t("app.cal.replanned", count=Number(len(over)), spent=money(spent, symbol), left=money(left, symbol),
          rest=Number(rest)),
        icon=":material/event_repeat:",
    )  # fmt: skip


def _import_actuals(work: WorkingCopy) -> None:
    """Offer the import of platform exports as actuals: weeks inside a period fill it; a button applies them."""
    uploads = st.file_uploader(
        t("app.cal.import"), type=["csv", "txt", "tsv", "xlsx"], accept_multiple_files=True,
        key="cal_import_files", help=t("app.cal.import_help"),
    )  # fmt: skip
    if not uploads or work.scenario.calendar is None:
        return
    paths = staging().stage([(upload.file_id, upload.name, upload.getvalue()) for upload in uploads])
    result = import_exports(paths, drop_partial_weeks=True)  # a week read in part is not a week's actuals
    found = actuals_from_history(work.scenario, result.history)
    if not found.periods:
        st.warning(t("app.cal.import_none"))
    else:
        st.success(t("app.cal.import_found", periods=Join(found.periods)))
    if found.left_out:
        st.caption(t("app.cal.import_left_out", count=Number(found.left_out)))
    if found.unknown:
        st.caption(t("app.cal.import_unknown", channels=Join(found.unknown)))
    if found.periods:
        st.button(t("app.cal.import_use"), key="cal_import_use", on_click=_use_imported, args=(work, found))


def _use_imported(work: WorkingCopy, found: ImportedActuals) -> None:
    """Apply imported actuals (a callback, run before the editors are drawn again)."""
    result = apply_actuals_table(work.scenario, found.table)
    if result.scenario is None:
        flash(t("app.cal.import_failed") + " " + "; ".join(say_located(m) for m in result.messages), "error")
        return
    work.scenario = result.scenario
    work.drafts.pop("cal_actuals", None)
    work.restart_editors()
    sync_budget_widgets(work)
    flash(t("app.cal.import_used", periods=Join(found.periods)))


def _periods_of(scenario: Scenario) -> tuple[Any, ...] | None:
    return scenario.calendar.resolved_periods() if scenario.calendar is not None else None


def calendar_tab(work: WorkingCopy) -> None:
    """Edit the calendar: its periods, budgets per period, events, pacing and actuals; each valid part applied."""
    prefix = f"cal::{work.path}::{work.generation}::{language()}"
    st.caption(t("app.cal.intro"))
    scenario = work.scenario
    candidate = _fields(work, prefix)
    if _periods_of(candidate) != _periods_of(scenario):
        # Other periods: the tables below start again from the new calendar (their drafts are of the old one).
        work.scenario = candidate
        for part in ("periods", "budgets", "events", "smoothing", "on_air", "actuals"):
            work.drafts.pop(f"cal_{part}", None)
        work.restart_editors()
        st.rerun()
    if candidate.calendar is None:
        st.info(t("app.cal.none_yet"))
    else:
        if candidate.calendar.periods is not None:
            candidate = _part(work, prefix, "periods", candidate)
        for part in ("budgets", "events", "smoothing", "on_air"):
            candidate = _part(work, prefix, part, candidate)
        candidate = _actuals(work, prefix, candidate)
    st.button(t("discard"), key="cal_discard", on_click=discard, args=(work,))
    if candidate.model_dump() != scenario.model_dump():
        work.scenario = candidate
