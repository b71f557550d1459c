"""Promo Planner in the browser: pick, edit, solve, compare and save scenarios.

Run with `make app`, or `streamlit run app.py -- --scenarios DIR` (or set PROMO_PLANNER_SCENARIOS).
The app is thin: every rule, conversion and number it shows comes from the `planner` library.
Widgets carry keys so tests (AppTest, Playwright) find them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner import PlannerError, Scenario, solve
from planner.diagnose import apply_fix
from planner.editing import (
    SaveConflict,
    duplicate_scenario_text,
    new_scenario_text,
    preview_save,
    render,
    safe_scenario_path,
    save_scenario,
    update_document,
)
from planner.errors import InfeasibleError
from planner.formatting import format_money, format_number
from planner.frontier import frontier
from planner.i18n import LANGUAGES, label
from planner.io import (
    CatalogueEntry,
    create_store,
    load_scenario,
    parse_yaml,
    plan_to_csv,
    plan_to_excel,
    read_history_upload,
    read_scenario_text,
    remove_file,
    scenario_catalogue,
    write_text_atomically,
)
from planner.plan import Plan
from planner.report import rules_with_worth
from planner.tables import (
    apply_channels_table,
    apply_rules_table,
    channels_table,
    compare_allocations,
    compare_totals,
    curve_table,
    problems_by_row,
    rules_table,
    scenario_differences,
)

CURRENCIES = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD"]
state = st.session_state


def scenarios_folder() -> Path:
    """Return the scenarios folder from `-- --scenarios DIR`, the environment, or the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenarios", default=os.environ.get("PROMO_PLANNER_SCENARIOS", "scenarios"))
    known, _ = parser.parse_known_args(sys.argv[1:])
    return Path(known.scenarios)


def t(key: str) -> str:
    """Return a label in the chosen language."""
    return label(key, state.get("language", "en"))


# -- the working copy of the open scenario ------------------------------------------------------


def open_entry(entry: CatalogueEntry) -> dict[str, Any]:
    """Return the working copy of a scenario file, opening it on first use (edits survive reruns)."""
    key = f"work::{entry.path}"
    if key not in state:
        text = read_scenario_text(entry.path)
        assert entry.scenario is not None
        state[key] = {
            "path": entry.path,
            "opened": text,
            "original": entry.scenario,
            "scenario": entry.scenario,
            "v": 0,
        }
    work: dict[str, Any] = state[key]
    return work


def set_working(work: dict[str, Any], scenario: Scenario, *, rebuild_tables: bool = False) -> None:
    """Replace the working scenario (only ever with a valid one)."""
    work["scenario"] = scenario
    if rebuild_tables:
        work["v"] += 1  # the table editors start again from the new scenario


def cached_plan(scenario: Scenario) -> Plan | PlannerError:
    """Return the plan of a scenario, remembered per scenario content for this session."""
    plans: dict[str, Plan | PlannerError] = state.setdefault("plans", {})
    key = f"{scenario.source}::{scenario.model_dump_json()}"
    if key not in plans:
        try:
            plans[key] = solve(scenario)
        except PlannerError as error:
            plans[key] = error
        if len(plans) > 64:
            plans.pop(next(iter(plans)))
    return plans[key]


@st.cache_data(show_spinner=False)
def load_catalogue(folder: str, version: int) -> list[CatalogueEntry]:
    """Return the scenarios of a folder; `version` changes whenever a file is written."""
    return scenario_catalogue(Path(folder))


# -- sidebar --------------------------------------------------------------------------------------


def sidebar(folder: Path) -> CatalogueEntry | None:
    """Show language, the scenario list grouped by store, and file actions; return the picked entry."""
    st.sidebar.radio(
        label("language", state.get("language", "en")),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
        horizontal=True,
    )
    if st.sidebar.button(t("reload"), key="reload"):
        state["catalogue_version"] = state.get("catalogue_version", 0) + 1
    entries = load_catalogue(str(folder), state.get("catalogue_version", 0))
    if not entries:
        st.sidebar.info(f"No scenario files (*.yaml) in {folder}.")
        return None
    names = [str(e.path) for e in entries]
    if state.get("scenario") not in names:
        state["scenario"] = names[0]
    by_name = {str(e.path): e for e in entries}
    st.sidebar.selectbox(
        t("scenario"),
        names,
        key="scenario",
        format_func=lambda n: f"{by_name[n].store} · {by_name[n].name}" if by_name[n].store else by_name[n].name,
    )
    return by_name[state["scenario"]]


def refresh_catalogue(select: Path | None = None) -> None:
    """Re-read the folder after a file was written, optionally selecting a file."""
    state["catalogue_version"] = state.get("catalogue_version", 0) + 1
    if select is not None:
        state["next_scenario"] = str(select)


# -- plan tab --------------------------------------------------------------------------------------


def budget_controls(work: dict[str, Any]) -> None:
    """Show the budget as a number and a slider, kept in step, both editing the working scenario."""
    scenario: Scenario = work["scenario"]
    if scenario.budget is None:
        return
    key = f"budget::{work['path']}"
    original = work["original"].budget.amount if work["original"].budget else scenario.budget.amount
    top = max(original * 3, scenario.budget.amount, 1.0)

    def changed(source: str) -> None:
        value = float(state[source])
        state[f"{key}::number"] = value
        state[f"{key}::slider"] = min(value, top)
        set_working(work, work["scenario"].with_budget(value))

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
        f"{format_money(totals['cpa'], symbol, 2)} / {format_number(totals['roas'], 2)}",
        _delta(totals["cpa"], totals["historical_cpa"]),
        delta_color="inverse",  # a lower cost per conversion is good news
    )


def _delta(value: float, reference: float | None) -> str | None:
    if reference is None or pd.isna(reference) or reference == 0:
        return None
    return f"{(value - reference) / reference:+.1%} {t('vs_history')}"


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
    frontiers: dict[str, Any] = state.setdefault("frontiers", {})
    # The frontier does not depend on today's amount, only its range does: reuse it while the amount fits.
    key = scenario.model_dump_json(exclude={"budget"}) + str(scenario.source)
    result = frontiers.get(key)
    amount = scenario.budget.amount
    if result is None or (not isinstance(result, PlannerError) and amount > 0.9 * result.table["budget"].max()):
        try:
            result = frontier(scenario, points=25, up_to=2.0)
        except PlannerError as error:
            result = error
        frontiers[key] = result
        while len(frontiers) > 16:
            frontiers.pop(next(iter(frontiers)))
    if isinstance(result, PlannerError):
        st.caption(str(result))
        return
    data = result.table[result.table["feasible"]]
    line = alt.Chart(data).mark_line(point=True).encode(x="budget:Q", y=alt.Y("objective:Q", title=result.measure))
    today = alt.Chart(pd.DataFrame({"budget": [amount], "objective": [plan.objective_value]}))
    marks = today.mark_rule(color="red").encode(x="budget:Q") + today.mark_point(size=120, color="red").encode(
        x="budget:Q", y="objective:Q"
    )
    st.altair_chart(line + marks, width="stretch")


def show_conflict(work: dict[str, Any], error: PlannerError) -> None:
    """Show why there is no plan, with a button for each fix."""
    st.error(t("no_plan"), icon="⚠️")
    for problem in error.problems:
        st.markdown(f"- {problem}")
    if isinstance(error, InfeasibleError):
        for index, fix in enumerate(error.fixes[:4]):
            text = fix.text_zh if state.get("language") == "zh" else fix.text
            st.button(f"{t('fix')}: {text}", key=f"fix::{index}", on_click=_take_fix, args=(work, fix))


def _take_fix(work: dict[str, Any], fix: Any) -> None:
    """Apply a one-click fix (a callback: it runs before the widgets it updates are drawn)."""
    set_working(work, apply_fix(work["scenario"], fix), rebuild_tables=True)
    _sync_budget_widgets(work)


def _discard(work: dict[str, Any]) -> None:
    """Go back to the scenario as opened (a callback, like _take_fix)."""
    set_working(work, work["original"], rebuild_tables=True)
    _sync_budget_widgets(work)


def _sync_budget_widgets(work: dict[str, Any]) -> None:
    scenario: Scenario = work["scenario"]
    key = f"budget::{work['path']}"
    if scenario.budget is not None:
        state[f"{key}::number"] = float(scenario.budget.amount)
        state.pop(f"{key}::slider", None)


def plan_tab(work: dict[str, Any]) -> None:
    """The plan for the working scenario: KPIs, allocation, curves, frontier, explanation, downloads."""
    budget_controls(work)
    result = cached_plan(work["scenario"])
    if isinstance(result, PlannerError):
        show_conflict(work, result)
        return
    plan = result
    show_kpis(plan)
    with st.expander(t("why"), expanded=True):
        for finding in plan.explanation:
            st.markdown(f"- {finding.text(state.get('language', 'en'))}")
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
    stem = Path(str(work["path"])).stem
    columns = st.columns(3)
    columns[0].download_button(t("download_csv"), plan_to_csv(plan), f"{stem}-plan.csv", "text/csv", key="dl_csv")
    columns[1].download_button(t("download_excel"), plan_to_excel(plan), f"{stem}-plan.xlsx", key="dl_xlsx")
    columns[2].download_button(
        t("download_yaml"), working_text(work), f"{stem}.yaml", "application/yaml", key="dl_yaml"
    )


def working_text(work: dict[str, Any]) -> str:
    """Return the YAML the working scenario would be saved as (comments of the opened file kept)."""
    document = parse_yaml(work["opened"])
    return render(update_document(document, work["original"], work["scenario"]))


# -- edit tab --------------------------------------------------------------------------------------


def edit_tab(work: dict[str, Any]) -> None:
    """Edit name, objective, budget mode, channels and rules; invalid edits are shown, not applied."""
    scenario: Scenario = work["scenario"]
    problems: list[str] = []
    prefix = f"edit::{work['path']}::{work['v']}"
    name = st.text_input(t("name"), scenario.name, key=f"{prefix}::name")
    description = st.text_area(t("description"), scenario.description, key=f"{prefix}::description")
    cols = st.columns(3)
    currency = cols[0].selectbox(
        t("currency"),
        sorted(set(CURRENCIES) | {scenario.currency}),
        index=sorted(set(CURRENCIES) | {scenario.currency}).index(scenario.currency),
        key=f"{prefix}::currency",
    )
    senses = ["maximize", "minimize"]
    sense = cols[1].selectbox(
        t("objective"), senses, index=senses.index(scenario.objective.sense), key=f"{prefix}::sense"
    )
    measures = list(scenario.measures())
    measure = cols[2].selectbox(
        " ",
        measures,
        index=measures.index(scenario.objective.measure),
        key=f"{prefix}::measure",
        label_visibility="hidden",
    )
    exactly = st.checkbox(
        t("budget_exactly"),
        scenario.budget.exactly if scenario.budget else False,
        key=f"{prefix}::exactly",
        disabled=scenario.budget is None,
    )
    header: dict[str, Any] = {
        "name": name,
        "description": description,
        "currency": currency,
        "objective": {sense: measure},
    }
    if scenario.budget is not None:
        header["budget"] = {"amount": scenario.budget.amount, "exactly": exactly}
    candidate = scenario
    try:
        candidate = Scenario.model_validate({**scenario.model_dump(), **header}).from_file(work["path"])
    except ValidationError as error:  # shown in words, never applied
        problems.extend(
            f"{' -> '.join(map(str, e['loc']))}: {str(e['msg']).removeprefix('Value error, ')}" for e in error.errors()
        )

    st.subheader(t("channels"))
    if f"{prefix}::channels" not in state:  # the editor starts (again) from the working scenario
        state[f"{prefix}::channels_base"] = channels_table(scenario)
    base_channels = state[f"{prefix}::channels_base"]
    edited_channels = st.data_editor(base_channels, num_rows="dynamic", key=f"{prefix}::channels", hide_index=True)
    if not edited_channels.equals(base_channels):
        edit = apply_channels_table(candidate, edited_channels)
        problems.extend(edit.problems)
        candidate = edit.scenario or candidate
    st.subheader(t("rules"))
    if f"{prefix}::rules" not in state:
        state[f"{prefix}::rules_base"] = rules_table(scenario)
    base_rules = state[f"{prefix}::rules_base"]
    edited_rules = st.data_editor(
        base_rules,
        num_rows="dynamic",
        key=f"{prefix}::rules",
        hide_index=True,
        column_config={
            "kind": st.column_config.SelectboxColumn(options=["limit", "share", "ratio", "max_cpa", "min_roas"])
        },
    )
    if not edited_rules.equals(base_rules):
        edit = apply_rules_table(candidate, edited_rules)
        problems.extend(edit.problems)
        candidate = edit.scenario or candidate
        beside = problems_by_row(edit.problems, "rule")
        if beside:  # each rule with what is wrong with it, in a column beside it
            checked = edited_rules.assign(problem=[beside.get(i, "") for i in range(len(edited_rules))])
            st.dataframe(checked[["name", "kind", "problem"]], hide_index=True, key="rule_problems")
    st.button(t("discard"), key="discard", on_click=_discard, args=(work,))
    if problems:
        st.error(t("invalid_edit"))
        for problem in problems:
            st.markdown(f"- {problem}")
        return
    if candidate != scenario:
        set_working(work, candidate)


# -- compare tab -----------------------------------------------------------------------------------


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
        work = state.get(f"work::{name}")
        scenario = work["scenario"] if work else by_name[name].scenario
        assert scenario is not None
        result = cached_plan(scenario)
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


# -- files tab -------------------------------------------------------------------------------------


def files_tab(work: dict[str, Any], folder: Path) -> None:
    """Save (with a diff preview and conflict check), save as, duplicate, rename, new, upload."""
    path: Path = work["path"]
    diff: str | None = None
    disk = read_scenario_text(path)
    if disk != work["opened"]:
        conflict = SaveConflict(path, disk, work["opened"])
        st.error(str(conflict))
        st.code(conflict.diff, language="diff")
    else:
        try:
            diff = preview_save(path, work["scenario"], work["opened"])
        except PlannerError as error:
            st.error(str(error))
    if diff == "":
        st.info(t("no_changes"))
    elif diff:
        st.caption(t("preview"))
        st.code(diff, language="diff")
        if st.button(t("save"), key="save", type="primary"):
            try:
                text = save_scenario(path, work["scenario"], work["opened"])
            except PlannerError as error:
                st.error(str(error))
            else:
                # Update in place: widget callbacks hold this same dict.
                work.update(opened=text, original=work["scenario"], v=work["v"] + 1)
                refresh_catalogue()
                st.success(f"{t('saved')}: {path.name}")
    name = st.text_input(t("new_name"), key="save_as_name")
    columns = st.columns(4)
    if columns[0].button(t("save_as"), key="save_as"):
        title = Path(name.strip()).stem if name.strip() else ""
        write_new(folder, path.parent, name, duplicate_scenario_text(working_text(work), title) if title else "")
    if columns[1].button(t("duplicate"), key="duplicate"):
        write_new(
            folder, path.parent, name, duplicate_scenario_text(work["opened"], name or f"{work['original'].name} copy")
        )
    if columns[2].button(t("rename"), key="rename"):
        if diff:
            st.error(t("save_first"))
        elif write_new(folder, path.parent, name, work["opened"]):
            remove_file(path)
            state.pop(f"work::{path}", None)
    if columns[3].button(t("new_scenario"), key="new_from_template"):
        scenario: Scenario = work["original"]
        history = scenario.history.path if scenario.history else None
        labels = [channel.display_name for channel in scenario.channels]
        write_new(folder, path.parent, name, new_scenario_text(scenario.store, scenario.currency, labels, history))
    if "next_scenario" in state:
        st.rerun()  # show the file just written
    new_store_form(folder)


def write_new(folder: Path, where: Path, name: str, text: str) -> bool:
    """Write text as a new scenario file next to the current one; refuse unsafe or existing names."""
    try:
        target = safe_scenario_path(where, name)
        if not target.resolve().is_relative_to(folder.resolve()):
            raise PlannerError("new files must stay inside the scenarios folder")
        write_text_atomically(target, text)
        load_scenario(target)
    except PlannerError as error:
        st.error(str(error))
        return False
    refresh_catalogue(target)
    state["flash"] = f"{t('saved')}: {target.name}"
    return True


def new_store_form(folder: Path) -> None:
    """Start a new store from an uploaded history CSV, or a new scenario from the template."""
    with st.expander(t("upload")):
        upload = st.file_uploader("history.csv", type=["csv"], key="upload")
        store = st.text_input(t("store"), key="upload_store")
        currency = st.selectbox(t("currency"), CURRENCIES, key="upload_currency")
        if upload is not None and st.button(t("new_scenario"), key="create_store"):
            try:
                frame = read_history_upload(upload.getvalue(), upload.name)
                channels = sorted(frame["channel"].unique())
                text = new_scenario_text(store or "new store", currency, channels, "history.csv")
                scenario_path = create_store(folder, store or "new store", upload.getvalue(), text)
            except PlannerError as error:
                st.error(str(error))
            else:
                refresh_catalogue(scenario_path)
                state["flash"] = f"{t('saved')}: {scenario_path.parent.name}/{scenario_path.name}"
                st.rerun()


def main() -> None:
    """Render the page."""
    st.set_page_config(page_title="Promo Planner", layout="wide")
    if "next_scenario" in state:
        state["scenario"] = state.pop("next_scenario")
    st.title(t("title"))
    if "flash" in state:
        st.success(state.pop("flash"))
    folder = scenarios_folder()
    entry = sidebar(folder)
    if entry is None:
        return
    if entry.scenario is None:
        st.error(f"{entry.path}:")
        for problem in entry.problems:
            st.markdown(f"- {problem}")
        return
    work = open_entry(entry)
    st.header(work["scenario"].name)
    if work["scenario"].description:
        st.caption(work["scenario"].description)
    plan, edit, compare, files = st.tabs([t("plan"), t("edit"), t("compare"), t("files")])
    with edit:  # filled first, so an edit made on this run is in the plan shown on this run
        edit_tab(work)
    with plan:
        plan_tab(work)
    with compare:
        compare_tab(load_catalogue(str(folder), state.get("catalogue_version", 0)))
    with files:
        files_tab(work, folder)


main()
