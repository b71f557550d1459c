"""The import tab: platform exports uploaded → what was recognised → the column mapping → the history CSV written.

Uploads are staged in a temporary folder of the session (never in the scenarios folder) and read by
`planner.data.imports`, the same importer as `planner import`. Editing a column, the channel name or the
date format makes a new mapping (`planner.data.imports.edits`) and imports again. Confirming writes the
history under the folder's lock, atomically, and refuses when the file changed on disk since the page
showed it; the plan follows at once, as every plan is keyed by the files it reads.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlannerError
from planner.app.state import WorkingCopy, catalogue, flash, language, money, say, state, t
from planner.data.history import history_names
from planner.data.imports import FileReport, ImportResult, Mapping, import_exports, mapping_yaml, read_mapping
from planner.data.imports.aliases import platform_by_id
from planner.data.imports.edits import EDITABLE_FIELDS, edit_file_mapping, replace_file_entry
from planner.data.imports.merging import merge_histories
from planner.data.imports.parsing import DATE_FORMATS, DATE_LABELS, EXCEL_SERIAL
from planner.data.io import history_csv_text, read_history
from planner.editing.workspace import FileChanged, fingerprint, name_problem, write_if_unchanged
from planner.model.errors import Problem
from planner.model.formatting import format_number
from planner.model.i18n import Join, Number, Text, render

UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xls"]  # an old .xls gets the importer's own advice
ROWS_SHOWN = 10
HEADERS = {
    "spend": "spend",
    "conversions": "conversions",
    "revenue": "revenue",
    "clicks": "app.import.col.clicks",
    "impressions": "app.import.col.impressions",
}
MAPPING_KEY = "import::mapping"  # the Mapping the exports are read with (None: every file guessed)
GENERATION_KEY = "import::generation"  # changes when the mapping changes, so the editors start again from it


class Staging:
    """A session's temporary folder for uploaded exports, removed with the session (or the process)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="promo-planner-import-"))
        self.staged: dict[str, Path] = {}  # upload id → where it is
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def stage(self, uploads: list[tuple[str, str, bytes]]) -> list[Path]:
        """Return the uploads (id, name, bytes) as files in the folder, under their own names; nothing else is left.

        An upload already staged under the same name is not written again (the page runs on every click).
        """
        paths: list[Path] = []
        staged: dict[str, Path] = {}
        for upload_id, name, data in uploads:
            path = self.folder / _free_name(Path(name).name or "export", {p.name for p in paths})
            if self.staged.get(upload_id) != path or not path.is_file():
                path.write_bytes(data)
            staged[upload_id] = path
            paths.append(path)
        for stale in set(self.folder.iterdir()) - set(paths):
            stale.unlink(missing_ok=True)
        self.staged = staged
        return paths


def _free_name(name: str, taken: set[str]) -> str:
    """Return name, or name with ' (2)', ' (3)'… before its suffix when another upload has it."""
    path, count = Path(name), 1
    while name in taken:
        count += 1
        name = f"{path.stem} ({count}){path.suffix}"
    return name


def staging() -> Staging:
    """Return this session's staging folder (made on first use)."""
    if "import::staging" not in state:
        state["import::staging"] = Staging()
    folder: Staging = state["import::staging"]
    return folder


def imported(
    paths: list[Path], mapping: Mapping | None, drop_partial_weeks: bool, uploads: tuple[str, ...] = ()
) -> ImportResult:
    """Return the import of the staged files, read again only when an upload, the mapping or the option changed."""
    stamps = (uploads, tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in paths))
    key = (stamps, mapping.model_dump_json() if mapping else "", drop_partial_weeks)
    cached = state.get("import::result")
    if cached is not None and cached[0] == key:
        result: ImportResult = cached[1]
        return result
    result = import_exports(paths, mapping, drop_partial_weeks)
    state["import::result"] = (key, result)
    return result


def _set_mapping(mapping: Mapping | None) -> None:
    state[MAPPING_KEY] = mapping
    state[GENERATION_KEY] = int(state.get(GENERATION_KEY, 0)) + 1


def _use_mapping_file(upload: Any) -> None:
    """Read an uploaded mapping YAML once (a new upload replaces the mapping and any edits)."""
    if upload is None:
        for key in ("import::mapping_file", "import::mapping_problems", "import::mapping_note"):
            state.pop(key, None)
        return
    if state.get("import::mapping_file") == upload.file_id:
        return
    state["import::mapping_file"] = upload.file_id
    path = staging().folder.parent / f"{staging().folder.name}-mapping.yaml"
    try:
        path.write_bytes(upload.getvalue())
        mapping = read_mapping(path)
    except PlannerError as error:
        problems = [Problem(p.text, p.field, upload.name, p.line) for p in error.problems]
        state["import::mapping_problems"] = problems
        state.pop("import::mapping_note", None)
        return
    finally:
        path.unlink(missing_ok=True)
    state.pop("import::mapping_problems", None)
    _set_mapping(mapping)
    state["import::mapping_note"] = Text("app.import.mapping_used", file=upload.name, count=len(mapping.files))


def import_tab(work: WorkingCopy, folder: Path) -> None:
    """Upload exports, see what was recognised and the weekly history, edit the mapping, write the history."""
    st.caption(t("app.import.intro"))
    uploads = st.file_uploader(
        t("app.import.upload"), type=UPLOAD_TYPES, accept_multiple_files=True, key="import_files"
    )
    left, right = st.columns(2)
    with left:
        mapping_file = st.file_uploader(t("app.import.mapping_upload"), type=["yaml", "yml"], key="import_mapping_file")
    _use_mapping_file(mapping_file)
    for problem in state.get("import::mapping_problems", []):
        left.error(problem.render(language()))
    if state.get("import::mapping_note") is not None:
        left.info(render(state["import::mapping_note"], language()))
    with right:
        drop = st.checkbox(t("app.import.drop_partial"), key="import_drop_partial")
        if state.get(MAPPING_KEY) is not None:
            st.button(t("app.import.reset_mapping"), key="import_reset_mapping", on_click=_set_mapping, args=(None,))
    if not uploads:
        st.info(t("app.import.nothing_yet"))
        return
    paths = staging().stage([(upload.file_id, upload.name, upload.getvalue()) for upload in uploads])
    result = imported(paths, state.get(MAPPING_KEY), bool(drop), tuple(upload.file_id for upload in uploads))
    st.subheader(t("app.import.recognised"))
    st.dataframe(_files_table(result), hide_index=True, width="stretch")
    _problems(result)
    _notes(result)
    _history(result, work)
    _mapping_editors(result)
    _confirm(result, work, folder)


def _files_table(result: ImportResult) -> pd.DataFrame:
    """Return one row per file: whether it was imported, and what was recognised in it."""
    rows = []
    for report in result.files:
        dropped = {
            "imports.summary.total_rows": report.rows_total,
            "imports.summary.blank_rows": report.rows_blank,
            "imports.summary.empty_cells": report.cells_empty,
        }
        parts = [Text(key, count=Number(count)) for key, count in dropped.items() if count]
        source = report.channel_source.replace(" ", "_")
        channels = (
            f"{render(Join(report.channels), language())} ({t(f'imports.channel_source.{source}')})"
            if report.channels
            else "—"
        )
        rows.append(
            {
                t("app.import.col.file"): Path(report.file).name,
                t("app.import.col.status"): t(
                    "app.import.status.imported" if report.imported else "app.import.status.failed"
                ),
                t("app.import.col.encoding"): report.encoding or "—",
                t("app.import.col.delimiter"): t(f"imports.delimiter.{report.delimiter}") if report.delimiter else "—",
                t("app.import.col.platform"): _platform_name(report.platform),
                t("app.import.col.channel"): channels,
                t("app.import.col.date_format"): _date_format_name(report.date_format),
                t("app.import.col.rows"): format_number(report.rows_read, language()),
                t("app.import.col.dropped"): render(Join(parts), language()) if parts else "—",
                t("app.import.col.days"): (
                    f"{report.first_day:%Y-%m-%d} – {report.last_day:%Y-%m-%d}" if report.first_day else "—"
                ),
            }
        )
    return pd.DataFrame(rows)


def _platform_name(platform_id: str) -> str:
    platform = platform_by_id(platform_id) if platform_id else None
    return platform.channel if platform else t("app.import.platform_unknown")


def _date_format_name(label: str) -> str:
    """Return a stated date format in the reader's language (formats are notation, Excel's serial is words)."""
    if label == DATE_LABELS[EXCEL_SERIAL]:
        return t("app.import.excel_serial")
    return label or "—"


def _problems(result: ImportResult) -> None:
    """List each file that was not imported with its problems (one per kind and column, with the line)."""
    for report in result.files:
        if not report.problems:
            continue
        name = Path(report.file).name
        lines = [Problem(p.text, p.field, name if p.file == report.file else p.file, p.line) for p in report.problems]
        heading = t("app.import.file_failed", file=name, count=len(lines))
        st.error("\n".join([heading, *(f"- {problem.render(language())}" for problem in lines)]))
    if result.files and not result.failed:
        st.success(t("app.import.all_imported", count=len(result.files)))
    elif result.history.empty:
        st.error(t("app.import.nothing_read"))
    else:
        st.warning(t("app.import.some_failed", count=len(result.failed), total=len(result.files)))


def _notes(result: ImportResult) -> None:
    notes = [(Path(report.file).name, note) for report in result.files for note in report.notes]
    lines = [f"- {name}: {render(note, language())}" for name, note in notes]
    lines += [f"- {render(note, language())}" for note in result.notes]
    if lines:
        st.warning("\n".join([t("app.import.notes"), *lines]))


def _history(result: ImportResult, work: WorkingCopy) -> None:
    """Show the weekly history: per-channel totals, then its first rows, amounts by the number policy."""
    history = result.history
    if history.empty:
        return
    st.subheader(t("app.import.history"))
    first, last = history["date"].iloc[0], history["date"].iloc[-1]
    st.caption(t("app.import.history_summary", rows=Number(len(history)), weeks=result.weeks, first=first, last=last))
    symbol = work.scenario.currency_symbol
    totals = history.groupby("channel", sort=False).agg(
        weeks=("date", "nunique"), first=("date", "min"), last=("date", "max"),
        spend=("spend", "sum"), conversions=("conversions", "sum"), revenue=("revenue", "sum"),
    )  # fmt: skip
    table = pd.DataFrame(
        {
            t("app.import.col.channel"): totals.index.astype(str),
            t("app.import.col.weeks"): [format_number(n, language()) for n in totals["weeks"]],
            t("app.import.col.first_week"): totals["first"].to_numpy(),
            t("app.import.col.last_week"): totals["last"].to_numpy(),
            t("spend"): [money(v, symbol) for v in totals["spend"]],
            t("conversions"): [format_number(v, language()) for v in totals["conversions"]],
            t("revenue"): [money(v, symbol) for v in totals["revenue"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    _scenario_channels(result, work)
    st.caption(t("app.import.first_rows", count=min(ROWS_SHOWN, len(history)), rows=Number(len(history))))
    shown = history.head(ROWS_SHOWN)
    rows: dict[str, list[str]] = {
        t("app.import.col.week"): [str(week) for week in shown["date"]],
        t("app.import.col.channel"): [str(channel) for channel in shown["channel"]],
    }
    for name in ("spend", "conversions", "revenue", "clicks", "impressions"):
        if name in shown.columns:
            values = shown[name]
            is_money = name in ("spend", "revenue")
            rows[t(HEADERS[name])] = [money(v, symbol) if is_money else format_number(v, language()) for v in values]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _scenario_channels(result: ImportResult, work: WorkingCopy) -> None:
    """Say which channels the open scenario would not find in this history, and which it does not read."""
    imported_names = set(result.channels)
    scenario = work.scenario
    missing = [c.display_name for c in scenario.channels if not imported_names & set(history_names(c))]
    read = {name for channel in scenario.channels for name in history_names(channel)}
    unread = [name for name in result.channels if name not in read]
    if missing:
        st.warning(t("app.import.scenario_missing", scenario=scenario.name, channels=Join(missing)))
    if unread:
        st.info(t("app.import.scenario_unread", scenario=scenario.name, channels=Join(unread)))


def _mapping_editors(result: ImportResult) -> None:
    """Per file: the column picked for each field, the channel name and the date format, each editable."""
    st.subheader(t("app.import.mapping"))
    st.caption(t("app.import.mapping_help"))
    generation = int(state.get(GENERATION_KEY, 0))
    for report in result.files:
        name = Path(report.file).name
        with st.expander(t("app.import.mapping_of", file=name), expanded=not report.imported):
            if not report.headers:
                st.info(t("app.import.no_headers"))
                continue
            # Keyed by language too: a picker keeps its value as the label it showed ("(none)", "（无）").
            _mapping_editor(result, report, name, f"import::{generation}::{language()}::{name}")
    st.download_button(
        t("app.import.download_mapping"),
        mapping_yaml(result.mapping).encode("utf-8"),
        file_name="import.yaml",
        mime="application/x-yaml",
        key="import_download_mapping",
    )


def _mapping_editor(result: ImportResult, report: FileReport, name: str, prefix: str) -> None:
    entry = report.mapping
    if entry.match != name:
        st.caption(t("app.import.applies_to", pattern=entry.match))
    options = ["", *report.headers]
    none = t("app.import.no_column")  # labels made now: a format function may run outside this run
    dates = {"": t("app.import.detect_dates")} | {fmt: _date_format_name(label) for fmt, label in DATE_LABELS.items()}
    columns = st.columns(4)
    for index, field in enumerate(EDITABLE_FIELDS):
        chosen = (entry.channel_column or entry.columns.get("channel", "")) if field == "channel" else ""
        chosen = chosen or entry.columns.get(field, "")
        columns[index % 4].selectbox(
            t(f"imports.field.{field}"),
            options,
            index=options.index(chosen) if chosen in options else 0,
            format_func=lambda header: header or none,
            key=f"{prefix}::{field}",
            on_change=_edit,
            args=(result, report, name, prefix),
        )
    left, right = st.columns(2)
    left.text_input(
        t("app.import.channel_name"),
        value=entry.channel,
        placeholder=t("app.import.channel_name_placeholder"),
        key=f"{prefix}::channel_name",
        on_change=_edit,
        args=(result, report, name, prefix),
    )
    formats = ["", *DATE_FORMATS, EXCEL_SERIAL]
    right.selectbox(
        t("app.import.date_format"),
        formats,
        index=formats.index(entry.date_format) if entry.date_format in formats else 0,
        format_func=lambda fmt: dates.get(fmt, fmt),
        key=f"{prefix}::date_format",
        on_change=_edit,
        args=(result, report, name, prefix),
    )


def _edit(result: ImportResult, report: FileReport, name: str, prefix: str) -> None:
    """Make the mapping the editors of one file now show, and import again with it."""
    columns = {field: str(state.get(f"{prefix}::{field}") or "") for field in EDITABLE_FIELDS}
    edited = edit_file_mapping(
        report.mapping,
        columns,
        channel=str(state.get(f"{prefix}::channel_name") or ""),
        date_format=str(state.get(f"{prefix}::date_format") or ""),
    )
    _set_mapping(replace_file_entry(result.mapping, name, report.mapping, edited))


def _confirm(result: ImportResult, work: WorkingCopy, folder: Path) -> None:
    """Choose where the history goes (default: the file the open scenario reads), then write it or download it."""
    st.subheader(t("app.import.confirm"))
    root = folder.resolve()
    default = work.scenario.history_path() if work.scenario.history else None
    default = default.resolve() if default is not None else work.path.resolve().parent / "history.csv"
    if not default.is_relative_to(root):
        default = work.path.resolve().parent / "history.csv"
    folders = sorted({str(entry.path.resolve().parent.relative_to(root)) for entry in catalogue(folder)})
    here = str(default.parent.relative_to(root))
    folders = sorted({*folders, here})
    left, right = st.columns(2)
    top = t("app.import.top_folder")
    picked = left.selectbox(
        t("app.import.target_folder"),
        folders,
        index=folders.index(here),
        format_func=lambda name: top if name == "." else name,
        key=f"import_target_folder::{language()}",
    )
    typed = right.text_input(t("app.import.target_name"), value=default.name, key="import_target_name").strip()
    file_name = typed if typed.lower().endswith(".csv") else f"{typed}.csv"
    problem = name_problem(typed) if typed else Text("editing.name.empty", what=Text("editing.what.name"))
    target = root / str(picked) / file_name
    shown = target.relative_to(root)
    frame, text = result.history, history_csv_text(result.history) if not result.history.empty else ""
    if problem is not None:
        st.error(render(problem, language()))
    elif result.history.empty:  # no file read, or every week left out as partial
        dropped = any(note.key == "imports.partial_week_dropped" for note in result.notes)
        st.error(t("app.import.all_weeks_dropped" if dropped else "app.import.nothing_read"))
    else:
        seen = fingerprint(target)
        if seen and st.checkbox(t("app.import.merge"), value=True, key="import_merge"):
            frame = _merged(target, result, shown)
            text = history_csv_text(frame)
        history_path = work.scenario.history_path() if work.scenario.history else None
        reads = history_path is not None and history_path.resolve() == target
        done = bool(seen) and seen == hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        if done:
            st.success(t("app.import.up_to_date", path=str(shown)))
        elif seen:
            st.warning(t("app.import.will_replace", path=str(shown)))
        else:
            st.info(t("app.import.will_create", path=str(shown)))
        if not reads:
            st.caption(t("app.import.not_this_scenario", scenario=work.scenario.name))
        st.button(
            t("app.import.write"),
            key="import_write",
            type="primary",
            on_click=_write,
            args=(target, seen, text, str(shown), reads, frame),
            disabled=done,
        )
    if text:
        st.download_button(
            t("app.import.download_history"),
            text.encode("utf-8"),
            file_name=file_name,
            mime="text/csv",
            key="import_download_history",
        )


def _merged(target: Path, result: ImportResult, shown: Path) -> pd.DataFrame:
    """Return the existing file's history with the import's channels and weeks replaced (or the import alone)."""
    try:
        existing = read_history(target)
    except PlannerError as error:
        st.error(t("app.import.merge_unreadable", path=str(shown)) + "\n" + say(error))
        return result.history
    merged = merge_histories(existing, result.history)
    kept = len(merged) - len(result.history)
    st.caption(
        t("app.import.merge_counts", kept=Number(kept), rows=Number(len(result.history)), total=Number(len(merged)))
    )
    return merged


def _write(target: Path, seen: str, text: str, shown: str, reads: bool, frame: pd.DataFrame) -> None:
    """Write the history if the file is still as the page showed it; say where, or why not."""
    try:
        write_if_unchanged(target, seen, text)
    except FileChanged:
        flash(t("app.import.changed_since_shown", path=shown), "error")
        return
    except PlannerError as error:
        flash(say(error), "error")
        return
    except OSError as error:
        flash(t("app.import.cannot_write", path=shown, reason=error.strerror or type(error).__name__), "error")
        return
    message = t(
        "app.import.written",
        path=shown,
        rows=Number(len(frame)),
        weeks=frame["date"].nunique(),
        channels=Join(pd.unique(frame["channel"])),
    )
    flash(message + (" " + t("app.import.replanned") if reads else ""))
