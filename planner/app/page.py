"""The page: title, messages, sidebar, the open file (noticing changes on disk), and the six tabs."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner import PlannerError
from planner.app.budget import sync_budget_widgets
from planner.app.calendar_tab import calendar_tab
from planner.app.compare_tab import compare_tab
from planner.app.edit_tab import edit_tab
from planner.app.files_tab import disk_changed, files_tab
from planner.app.import_tab import import_tab
from planner.app.plan_tab import plan_tab
from planner.app.sidebar import sidebar
from planner.app.state import (
    WorkingCopy,
    flash,
    language,
    open_working_copy,
    say,
    scenarios_folder,
    state,
    t,
    working_copy,
)
from planner.editing.workspace import CatalogueEntry, read_raw_text


def _show_flashes(box: DeltaGenerator) -> None:
    for kind, message in state.pop("flashes", []):
        {"error": box.error, "warning": box.warning, "info": box.info}.get(kind, box.success)(message)


def _show_problems(entry: CatalogueEntry) -> None:
    st.error(f"{entry.path}:")
    for problem in entry.problems:
        st.markdown(f"- {say(problem)}")


TABS = {
    "plan": "plan",
    "edit": "edit",
    "calendar": "app.cal.tab",
    "compare": "compare",
    "files": "files",
    "import": "app.import.tab",
}


def _tabs() -> list[DeltaGenerator]:
    """Draw the tabs with the one the user was on open (its label changes with the language).

    The open tab is remembered by what it is, not by its label: each language has its own tabs widget,
    which opens at the remembered tab when the language switches.
    """
    key = f"tabs::{language()}"
    labels = {t(label): tab for tab, label in TABS.items()}
    if state.get(key) in labels:  # the widget is live: the tab the user picked, as the browser reported it
        state["tab"] = labels[state[key]]
    else:  # a new widget (first run, or the language just switched): it opens at the remembered tab
        state[f"{key}::default"] = str(state.get("tab", "plan"))
    # The default stays the same for the widget's life: a changed default would make it another widget.
    opened = t(TABS.get(str(state.get(f"{key}::default", "plan")), "plan"))
    return list(st.tabs(list(labels), key=key, default=opened, on_change="rerun"))


def _current(entry: CatalogueEntry, disk: str) -> tuple[WorkingCopy | None, str | None]:
    """Return this session's working copy of the picked file, opened or brought up to date with the disk.

    A copy with nothing unsaved follows the disk silently (with a note); one with unsaved edits is kept,
    and the returned disk text says that the file changed under it.
    """
    work = working_copy(entry.path)
    if work is not None and disk == work.opened:
        return work, None
    if work is not None and work.dirty:
        return work, disk
    if entry.scenario is None:
        return None, None
    if work is None:
        return open_working_copy(entry.path, disk, entry.scenario), None
    work.reopen(disk, entry.scenario)
    sync_budget_widgets(work)
    flash(t("reloaded", name=entry.path.name), "info")
    return work, None


DISK_CHECK_SECONDS = 3.0


@st.fragment(run_every=DISK_CHECK_SECONDS)
def _watch_disk(path: Path, seen: str) -> None:
    """Run the page again as soon as the open file differs from what the page showed (a save, a git pull)."""
    if _disk_text(path) != seen:
        st.rerun()


def _disk_text(path: Path) -> str:
    try:
        return read_raw_text(path)
    except (OSError, UnicodeDecodeError, PlannerError):
        return ""


def main() -> None:
    """Render the page."""
    st.set_page_config(page_title="Promo Planner", layout="wide")
    st.title(t("title"))
    # Messages go into a box that is always there, so the tabs below keep their place (and the tab the
    # user is on) whether or not there is a message.
    notices = st.container()
    folder = scenarios_folder()
    entry, entries = sidebar(folder)
    if entry is None:
        _show_flashes(notices)
        return
    seen = _disk_text(entry.path)  # what this run shows; a change after it runs the page again
    work, disk = _current(entry, seen)
    _show_flashes(notices)
    if work is None:
        _show_problems(entry)
        return
    if disk is not None:
        with notices:
            disk_changed(work, folder, disk)
    title = st.container()  # filled after the edit tab, so an edit made on this run shows at once
    plan, edit, calendar, compare, files, imports = _tabs()
    with edit:  # filled first, so an edit made on this run is in the plan shown on this run
        edit_tab(work)
    with calendar:  # likewise, and after the edit tab: it edits the scenario the edit tab left
        calendar_tab(work)
    title.header(work.scenario.name)
    if work.scenario.description:
        title.caption(work.scenario.description)
    with plan:
        try:
            plan_tab(work)
        except PlannerError as error:
            st.error(say(error))
    with compare:
        compare_tab(entries, entry.path)
    with files:
        files_tab(work, folder)
    with imports:
        import_tab(work, folder)
    _watch_disk(work.path, seen)
