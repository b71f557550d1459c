"""`planner.batch`: solve many scenarios (or one scenario × a table of overrides) into one results table.

check → list cases → read what an earlier run left → solve the rest on the executor → assemble → write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.batching.cases import BUDGET_COLUMN, CASE_COLUMN, Case, batch_cases
from planner.batching.executors import (
    DASK_PREFIX,
    default_workers,
    run_in_pool,
    run_in_process,
    run_on_dask,
)
from planner.batching.work import FAILED, ROW_COLUMNS, TOTAL_COLUMNS, Outcome, inputs_hash, records
from planner.data.batch_files import MANIFEST, BatchTables, foreign_outputs, read_batch_tables, write_batch_tables
from planner.model.errors import PlannerError, Problem
from planner.model.i18n import Join, Text

KEY_COLUMNS = ("source", CASE_COLUMN)
SUMMARY_COLUMNS = (
    *KEY_COLUMNS,
    "store",
    "scenario",
    "currency",
    "status",
    "objective",
    "objective_value",
    BUDGET_COLUMN,
    *TOTAL_COLUMNS,
    "mip_gap",
    "seconds",
    "error",
    "case_hash",
)
RESULT_COLUMNS = (*KEY_COLUMNS, "store", "scenario", "currency", *ROW_COLUMNS, "case_hash")
PROCESS = "process"  # the executor that is the local pool, even of one worker
CHECKPOINT_SECONDS = 10.0  # an interrupted run loses at most this much work

Progress = Callable[[int, int], None]  # (cases finished, cases in all)


@dataclass(frozen=True)
class BatchResult:
    """A batch's results (a row per case × channel, × period for calendar plans) and summary (a row per case)."""

    results: pd.DataFrame
    summary: pd.DataFrame
    solved: int
    skipped: int  # already done by an earlier run with the same inputs
    failed: int
    output: Path | None = None

    @property
    def failures(self) -> pd.DataFrame:
        """Return the summary rows of the cases that failed, with their messages."""
        return self.summary[self.summary["status"] == FAILED]


def batch(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    overrides: pd.DataFrame | str | os.PathLike[str] | None = None,
    *,
    output: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    executor: str | None = None,
    scheduler: Any = None,
    language: str = "en",
    progress: Progress | None = None,
) -> BatchResult:
    """Return the plans of many scenarios as one results table and a summary; failures are rows, never an abort.

    Parameters
    ----------
    paths
        Scenario files, folders (searched for *.yaml, *.yml) or glob patterns.
    overrides
        A table (DataFrame or CSV path) with a row per case applied to every scenario: `budget`,
        `channels.<id>.<field>`, `rules.<name>.<field>`, other scenario fields by path; `case` names the row.
    output
        A folder for results.parquet/.csv, summary.parquet/.csv and manifest.json; a re-run into it skips
        the cases whose inputs (files, override row, planner version) are unchanged.
    workers
        Processes of the local pool (default: every core); 1 solves in this process.
    executor, scheduler
        `executor="dask://host:8786"` or `scheduler="host:8786"` (or a `distributed.Client`) runs on Dask;
        `executor="process"` uses the pool even with one worker.
    language
        Language of the failure messages: en or zh.
    progress
        Called with (finished, total) as cases finish.
    """
    cases = batch_cases(paths, overrides)
    folder = Path(output) if output is not None else None
    if folder is not None:
        _check_output(folder)
    previous = read_batch_tables(folder) if folder is not None else None
    outcomes = {outcome.index: outcome for outcome in _already_done(cases, previous)}
    to_solve = [case for case in cases if case.index not in outcomes]
    target = _scheduler(executor, scheduler)
    last_checkpoint = time.monotonic()
    if progress is not None:
        progress(len(outcomes), len(cases))
    try:
        for chunk in _run(to_solve, language, workers, target, executor == PROCESS) if to_solve else ():
            for outcome in chunk:
                outcomes[outcome.index] = outcome
            if progress is not None:
                progress(len(outcomes), len(cases))
            if folder is not None and time.monotonic() - last_checkpoint > CHECKPOINT_SECONDS:
                write_batch_tables(folder, _assemble(cases, outcomes, previous))
                last_checkpoint = time.monotonic()
    except KeyboardInterrupt:
        if folder is not None:  # keep what is done: the next run resumes from it
            write_batch_tables(folder, _assemble(cases, outcomes, previous))
        raise
    tables = _assemble(cases, outcomes, previous)
    if folder is not None:
        write_batch_tables(folder, tables)
    ordered = [outcomes[case.index] for case in cases]
    failed = sum(1 for o in ordered if not o.skipped and o.summary["status"] == FAILED)
    skipped = sum(1 for o in ordered if o.skipped)
    return BatchResult(tables.results, tables.summary, len(ordered) - failed - skipped, skipped, failed, folder)


def _check_output(folder: Path) -> None:
    """Refuse an output that is a file, or a folder holding results files no batch wrote (never overwrite them)."""
    if folder.exists() and not folder.is_dir():
        raise PlannerError([Problem(Text("batch.output_not_folder"), file=str(folder))])
    if foreign := foreign_outputs(folder):
        message = Text("batch.output_foreign", files=Join(foreign), manifest=MANIFEST)
        raise PlannerError([Problem(message, file=str(folder))])


def _scheduler(executor: str | None, scheduler: Any) -> Any:
    if executor is not None and scheduler is not None:
        raise PlannerError(Text("batch.two_executors", executor="executor", scheduler="scheduler"))
    if executor is None or executor == PROCESS:
        return scheduler
    if executor.startswith(DASK_PREFIX):
        return executor
    raise PlannerError(
        Text(
            "batch.unknown_executor",
            executor=executor,
            process="process",
            tool="Dask",
            example=f"{DASK_PREFIX}host:8786",
        )
    )


def _run(
    cases: Sequence[Case], language: str, workers: int | None, scheduler: Any, pool: bool
) -> Iterator[list[Outcome]]:
    if scheduler is not None:
        return run_on_dask(cases, language, scheduler)
    count = default_workers() if workers is None else workers
    if count < 1:
        raise PlannerError(Text("batch.workers", option="workers"))
    if not pool and (count == 1 or len(cases) == 1):
        return run_in_process(cases, language)
    return run_in_pool(cases, language, min(count, len(cases)))


def _already_done(cases: Sequence[Case], previous: BatchTables | None) -> list[Outcome]:
    """Return the cases an earlier run solved whose inputs hash the same today (failures are tried again).

    The manifest names the files each case read; their bytes are hashed again here, so a case is skipped only
    when the scenario, those files, the override row and the planner's version are all unchanged.
    """
    if previous is None:
        return []
    present = set(previous.results["case_hash"].dropna()) & set(previous.summary["case_hash"].dropna())
    earlier: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for key, record in previous.manifest.items():
        if record.get("status") != FAILED and key in present:
            earlier[(str(record.get("source")), str(record.get("overrides")))] = (key, tuple(record.get("inputs", ())))
    digests: dict[str, str] = {}
    done = []
    for case in cases:
        known = earlier.get((case.source, case.inputs_key()))
        if known is not None and inputs_hash(case, known[1], digests) == known[0]:
            done.append(Outcome(case.index, known[0], known[1], {}, skipped=True))
    return done


def _assemble(cases: Sequence[Case], outcomes: dict[int, Outcome], previous: BatchTables | None) -> BatchTables:
    """Return the results and summary of the cases finished so far, in case order (skipped ones from before).

    Both tables carry the case's override columns and the budget it was solved with, ready to pivot on.
    """
    hidden = (CASE_COLUMN, BUDGET_COLUMN)  # the case is a key column; the budget is shown as solved
    override_columns = list(dict.fromkeys(n for case in cases for n, _ in case.overrides if n not in hidden))
    summaries: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    earlier_summary, earlier_rows = _earlier(previous)
    manifest: dict[str, dict[str, Any]] = {}
    for case in cases:
        outcome = outcomes.get(case.index)
        if outcome is None:
            continue
        cells = {name: value for name, value in case.overrides if name not in hidden}
        identity = {"source": case.source, CASE_COLUMN: case.name, **dict.fromkeys(override_columns), **cells}
        if outcome.skipped:
            summary = {**earlier_summary[outcome.case_hash], **identity}
            case_rows = [{**row, **identity} for row in earlier_rows.get(outcome.case_hash, [])]
        else:
            summary = {**identity, **outcome.summary, "case_hash": outcome.case_hash}
            common = {key: summary[key] for key in ("store", "scenario", "currency", BUDGET_COLUMN)}
            case_rows = [{**identity, **common, **row, "case_hash": outcome.case_hash} for row in outcome.rows]
        summaries.append(summary)
        rows.extend(case_rows)
        manifest[outcome.case_hash] = {
            "source": case.source,
            CASE_COLUMN: case.name,
            "overrides": case.inputs_key(),
            "inputs": list(outcome.inputs),
            "status": summary["status"],
        }
    summary_frame = _frame(summaries, [*KEY_COLUMNS, *override_columns, *SUMMARY_COLUMNS[2:]], override_columns)
    result_columns = [*KEY_COLUMNS, *override_columns, *RESULT_COLUMNS[2:5], BUDGET_COLUMN, *RESULT_COLUMNS[5:]]
    results_frame = _frame(rows, result_columns, override_columns)
    return BatchTables(results_frame, summary_frame, manifest)


def _earlier(previous: BatchTables | None) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    if previous is None:
        return {}, {}
    summaries = {str(row["case_hash"]): row for row in records(previous.summary)}
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in records(previous.results):
        rows.setdefault(str(row["case_hash"]), []).append(row)
    return summaries, rows


def _frame(records: list[dict[str, Any]], columns: list[str], overrides: list[str]) -> pd.DataFrame:
    """Return records as a table typed as a CSV reads it back, so Parquet and CSV hold the same table: empty text
    as missing, a column with no value at all as numbers (NaN), override cells as numbers where every cell is a
    number, as true/false where every row has one."""
    frame = pd.DataFrame.from_records(records, columns=list(dict.fromkeys(columns)))
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            continue
        values = frame[column].mask(frame[column] == "")
        if values.isna().all():
            values = values.astype("float64")
        elif column in overrides:
            values = _typed_if_all(values)
        frame[column] = values
    return frame


# What pandas.read_csv reads as true and false (its default true_values and false_values).
_TRUE, _FALSE = ("True", "TRUE", "true"), ("False", "FALSE", "false")


def _typed_if_all(values: pd.Series) -> pd.Series:
    if values.isin((*_TRUE, *_FALSE)).all():
        # Only a full column: one with blanks reads back from CSV as True/NaN, from Parquet as True/None.
        return values.isin(_TRUE)
    try:
        return pd.to_numeric(values)
    except (ValueError, TypeError):
        return values
