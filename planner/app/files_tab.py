"""The files tab: save (diff first), save as, duplicate, rename, new scenario, new store; disk changes.

Every action runs as a button callback, before the page is drawn, so the page that follows already
shows the folder as the action left it and opens the file it wrote. Every action refuses, writing
nothing, when the open file changed on disk since it was opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from planner import PlannerError
from planner.app.budget import sync_budget_widgets
from planner.app.edit_tab import CURRENCIES
from planner.app.plan_tab import working_text
from planner.app.state import (
    WorkingCopy,
    flash,
    forget_working_copy,
    language,
    say,
    state,
    t,
)
from planner.data.io import load_scenario, read_history_upload
from planner.editing.documents import preview_save, rebase_edits, safe_scenario_path, save_scenario
from planner.editing.platform_templates import history_facts, platform_scenario_text, read_history_facts
from planner.editing.platforms import PLATFORMS, find_platform
from planner.editing.templates import duplicate_scenario_text, new_scenario_text
from planner.editing.workspace import (
    FileChanged,
    TextStyle,
    check_unchanged,
    copy_if_unchanged,
    create_file,
    create_store,
    diff_text,
    load_confined,
    read_raw_text,
    rename_if_unchanged,
)


def _failed(error: PlannerError) -> None:
    flash(say(error), "error")


def _open(path: Path, folder: Path) -> None:
    """Make a file just written the open scenario (its working copy starts from the disk)."""
    state["scenario"] = str(path)
    root = folder.resolve()
    flash(f"{t('saved')}: {path.relative_to(root) if path.is_relative_to(root) else path.name}")


def _save(work: WorkingCopy) -> None:
    try:
        text = save_scenario(work.path, work.scenario, work.opened)
    except PlannerError as error:
        _failed(error)
        return
    work.reopen(text, work.scenario)
    flash(f"{t('saved')}: {work.path.name}")


def _target(work: WorkingCopy, folder: Path) -> Path | None:
    """Return where the name typed in the box would be written, or None (with the reason shown)."""
    try:
        return safe_scenario_path(work.path.parent, str(state.get("save_as_name", "")))
    except PlannerError as error:
        _failed(error)
        return None


def _save_as(work: WorkingCopy, folder: Path) -> None:
    target = _target(work, folder)
    if target is None:
        return
    style = TextStyle.of(work.opened)
    try:
        text = style.apply(duplicate_scenario_text(style.strip(working_text(work)), target.stem))
        copy_if_unchanged(work.path, work.opened, target, text)
        load_scenario(target)
    except PlannerError as error:
        _failed(error)
        return
    _open(target, folder)


def _duplicate(work: WorkingCopy, folder: Path) -> None:
    target = _target(work, folder)
    if target is None:
        return
    style = TextStyle.of(work.opened)
    try:
        name = str(state.get("save_as_name", "")).strip() or t("app.copy_suffix", name=work.original.name)
        text = style.apply(duplicate_scenario_text(style.strip(work.opened), name))
        copy_if_unchanged(work.path, work.opened, target, text)
    except PlannerError as error:
        _failed(error)
        return
    _open(target, folder)


def _rename(work: WorkingCopy, folder: Path) -> None:
    if work.dirty:
        flash(t("save_first"), "error")
        return
    target = _target(work, folder)
    if target is None:
        return
    try:
        rename_if_unchanged(work.path, work.opened, target)
    except PlannerError as error:
        _failed(error)
        return
    forget_working_copy(work.path)
    _open(target, folder)


def _new_from_template(work: WorkingCopy, folder: Path) -> None:
    target = _target(work, folder)
    if target is None:
        return
    scenario = work.original
    history = scenario.history.path if scenario.history else None
    platform = find_platform(str(state.get("new_template") or ""))
    try:
        if platform is None:  # the channels of the open scenario
            labels = [channel.display_name for channel in scenario.channels]
            text = new_scenario_text(scenario.store, scenario.currency, labels, history)
        else:  # the new file sits beside the open one, so the history's path is written as it is
            facts = read_history_facts(work.path.parent / history, history) if history else None
            text = platform_scenario_text(platform, language(), scenario.store, scenario.currency, facts)
        create_file(target, text)
    except PlannerError as error:
        _failed(error)
        return
    _open(target, folder)


def _create_store(folder: Path, drawn: Any) -> None:
    upload = state.get("upload") or drawn  # the uploader's value now, else as the page was drawn
    if upload is None:
        flash(t("upload_first"), "error")
        return
    store = str(state.get("upload_store", "")).strip() or t("app.new_store")
    try:
        frame = read_history_upload(upload.getvalue(), upload.name)
        currency = str(state.get("upload_currency", "CNY"))
        platform = find_platform(str(state.get("upload_template") or ""))
        if platform is None:  # one channel per channel of the history
            text = new_scenario_text(store, currency, sorted(frame["channel"].unique()), "history.csv")
        else:
            facts = history_facts("history.csv", frame)
            text = platform_scenario_text(platform, language(), store, currency, facts)
        path = create_store(folder, store, upload.getvalue(), text)
    except PlannerError as error:
        _failed(error)
        return
    except (ValueError, UnicodeError, KeyError) as error:  # a file the reader did not foresee: say so in words
        del error  # its text is a parser's, not the user's: never shown
        flash(t("app.upload_unreadable", file=upload.name), "error")
        return
    _open(path.resolve(), folder)


def _reload(work: WorkingCopy, folder: Path) -> None:
    """Drop this session's edits and open the file as it is on disk now."""
    try:
        scenario = load_confined(work.path, folder)
    except PlannerError as error:
        _failed(error)
        return
    work.reopen(read_raw_text(work.path), scenario)
    sync_budget_widgets(work)


def _rebase(work: WorkingCopy, folder: Path) -> None:
    """Keep what changed on disk and make this session's edits again on top of it."""
    disk = read_raw_text(work.path)
    try:
        theirs = load_confined(work.path, folder)
        mine = rebase_edits(work.path, disk, work.original, work.scenario)
    except PlannerError as error:
        _failed(error)
        return
    work.reopen(disk, theirs, keep=mine)
    sync_budget_widgets(work)


def disk_changed(work: WorkingCopy, folder: Path, disk: str) -> None:
    """Say that the open file changed on disk under unsaved edits; offer to reload or to keep both."""
    st.error(f"{work.path.name}: {t('changed_on_disk')}")
    st.code(diff_text(work.opened, disk, work.path.name), language="diff")
    left, right = st.columns(2)
    left.button(t("keep_mine"), key="rebase", on_click=_rebase, args=(work, folder), type="primary")
    right.button(t("reload_from_disk"), key="reload_file", on_click=_reload, args=(work, folder))


def _template_names(blank: str) -> dict[str, str]:
    """Return how each template choice is shown: the platform's name, and what the blank choice does.

    Built when the page is drawn: a format function that read the language later would show it in another.
    """
    names = {platform.id: platform.name(language()) for platform in PLATFORMS}
    return {"": t(blank), **names}


def files_tab(work: WorkingCopy, folder: Path) -> None:
    """Save with a diff preview, and the other file actions."""
    diff: str | None = None
    try:
        check_unchanged(work.path, work.opened)
        diff = preview_save(work.path, work.scenario, work.opened)
    except FileChanged:
        st.error(f"{work.path.name}: {t('changed_on_disk')}")
    except PlannerError as error:
        st.error(say(error))
    if work.drafts:
        st.warning(t("unsaved_drafts"))
    if diff == "":
        st.info(t("no_changes"))
    elif diff:
        st.caption(t("preview"))
        st.code(diff, language="diff")
        st.button(t("save"), key="save", type="primary", on_click=_save, args=(work,))
    st.text_input(t("new_name"), key="save_as_name")
    copy_names = _template_names("templates.app.copy_channels")
    st.selectbox(t("templates.app.template"), list(copy_names), key="new_template", format_func=copy_names.__getitem__)
    columns = st.columns(4)
    columns[0].button(t("save_as"), key="save_as", on_click=_save_as, args=(work, folder))
    columns[1].button(t("duplicate"), key="duplicate", on_click=_duplicate, args=(work, folder))
    columns[2].button(t("rename"), key="rename", on_click=_rename, args=(work, folder))
    columns[3].button(
        t("app.new_from_template"), key="new_from_template", on_click=_new_from_template, args=(work, folder)
    )
    with st.expander(t("upload")):
        upload = st.file_uploader(t("app.history_file"), type=["csv"], key="upload")
        st.text_input(t("store"), key="upload_store")
        st.selectbox(t("currency"), CURRENCIES, key="upload_currency")
        names = _template_names("templates.app.from_history")
        st.selectbox(t("templates.app.template"), list(names), key="upload_template", format_func=names.__getitem__)
        st.button(t("app.create_store"), key="create_store", on_click=_create_store, args=(folder, upload))
