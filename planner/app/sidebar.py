"""The sidebar: language, the scenarios grouped by store, and which one is open."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.app.state import catalogue, flash, state, t, working_copy
from planner.editing.workspace import CatalogueEntry
from planner.model.i18n import LANGUAGES, label


def sidebar(folder: Path) -> tuple[CatalogueEntry | None, list[CatalogueEntry]]:
    """Show language and the scenario list; return the picked entry and every entry."""
    st.sidebar.radio(
        label("language", state.get("language", "en")),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
        horizontal=True,
    )
    st.sidebar.button(t("reload"), key="reload")  # the folder is read as it is on every run; this just reruns
    entries = catalogue(folder)
    if not entries:
        st.sidebar.info(t("no_scenarios", folder=folder))
        return None, entries
    names = [str(e.path) for e in entries]
    picked = state.get("scenario")
    if picked not in names:
        if picked is not None:  # renamed or deleted by someone else, or by a git pull
            flash(t("file_gone", name=Path(str(picked)).name), "warning")
        state["scenario"] = names[0]
    by_name = {str(e.path): e for e in entries}

    def shown(name: str) -> str:
        # The scenario's own name first: a narrow box cuts the end, and scenarios of one store differ by name.
        entry = by_name[name]
        return f"{entry.name} · {entry.store}" if entry.store else entry.name

    # The option labels stay fixed (a changing label would reset the choice); unsaved work is listed below.
    st.sidebar.selectbox(
        t("scenario"),
        names,
        key="scenario",
        format_func=shown,
        help=t("app.scenario_help"),
        placeholder=t("app.choose"),
    )
    entry = by_name[state["scenario"]]
    path, root = entry.path.resolve(), folder.resolve()
    where = path.relative_to(root) if path.is_relative_to(root) else path.name
    st.sidebar.caption(t("app.scenario_where", store=entry.store or "", file=f"`{where}`"))
    unsaved = [shown(str(e.path)) for e in entries if (work := working_copy(e.path)) is not None and work.dirty]
    if unsaved:
        st.sidebar.caption(f"✎ {t('unsaved_edits')}: " + "; ".join(unsaved))
    return entry, entries
