"""What a worker does with its cases: solve each, hash its inputs, and return plain rows.

This module is what a pool worker or a Dask worker imports (once); it sends back dictionaries of numbers and
strings, never a Plan, so a result crosses a process or the network cheaply.
"""

from __future__ import annotations

import functools
import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from planner.batching.cases import BUDGET_COLUMN, Case, apply_overrides
from planner.data.io import load_scenario, locate_problems
from planner.data.provenance import planner_version
from planner.model.errors import InfeasibleError, PlannerError, Problem, cap_problems
from planner.model.formatting import parse_amount
from planner.model.i18n import Text, render
from planner.model.plan import Plan
from planner.model.scenario import Scenario
from planner.optimize.pipeline import optimize

FAILED = "failed"
# The columns every results row has, in this order (a plan without periods leaves period, start and end empty).
ROW_COLUMNS = (
    "period",
    "start",
    "end",
    "channel",
    "label",
    "spend",
    "conversions",
    "revenue",
    "cpa",
    "roas",
    "marginal_cpa",
    "historical_spend",
    "change_vs_history",
    "at_bound",
    "curve_error",
)
TOTAL_COLUMNS = ("spend", "conversions", "revenue", "profit", "commission")


@dataclass(frozen=True)
class Outcome:
    """What became of one case: its input hash, the files it read, its summary record and its results rows."""

    index: int
    case_hash: str
    inputs: tuple[str, ...]  # the files read besides the scenario (history, curve tables), for the next run's check
    summary: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: bool = False  # done by an earlier run: summary and rows are that run's


# Per process: scenarios already read, with the state on disk of every file read, so 1,000 override rows of one
# scenario read it once, and a file changed since (in a long-lived process) is read again. The most recently used
# LOADED_KEPT are kept: a Dask worker lives on between batches, and kept every scenario of every batch it had
# solved (1,000 more a batch of 1,000 stores), its memory and its garbage collector's work growing with them.
_LOADED: OrderedDict[str, tuple[tuple[tuple[str, int, int] | None, ...], Scenario, tuple[str, ...]]] = OrderedDict()
LOADED_KEPT = 64


def solve_cases(cases: Sequence[Case], language: str = "en") -> list[Outcome]:
    """Return the outcome of each case, in order: solved, or failed with its located message."""
    return [solve_case(case, language) for case in cases]


def solve_cases_apart(cases: Sequence[Case], language: str = "en") -> list[Outcome]:
    """Return `solve_cases(cases, language)`, computed in a thread of its own while the calling thread waits.

    On a Dask worker the calling thread is the worker's task thread, whose stack the worker's sampling profiler
    walks twice every 10 ms on its event loop, holding the GIL the cases need: about a tenth of a small case's
    time (bench/bench_batch.py, docs/scaling.md). A thread the worker does not know of is never sampled; the task
    thread, waiting, shows the profiler a stack a few frames deep. The worker's settings are left as they are.

    The thread is kept for the calling thread's next chunk: a new thread a chunk made each case about 10% slower
    than a thread kept (paired with the pool, median 1.23× against 1.17× over 8 rounds; a new thread starts with
    cold memory: its own malloc arena and stack). One per calling thread, so a worker's task threads never wait
    for each other's cases.
    """
    apart = getattr(_APART, "executor", None)
    if apart is None:
        apart = _APART.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planner-batch-cases")
    return apart.submit(solve_cases, cases, language).result()  # its outcomes, or what it raised


_APART = threading.local()  # per calling thread (a Dask worker's task thread): the thread its cases are solved on


def solve_case(case: Case, language: str = "en") -> Outcome:
    """Return the outcome of one case; a user's mistake or a failed solve is a failed outcome, never an exception."""
    started = time.perf_counter()
    path = Path(case.source)
    scenario: Scenario | None = None
    try:
        scenario, inputs = _load(path)
    except PlannerError as error:
        return _failed(case, inputs_hash(case, ()), (), locate_problems(error, path), started, language)
    case_hash = inputs_hash(case, inputs)
    try:
        varied = apply_overrides(scenario, case)
    except PlannerError as error:  # located in the overrides table (or at the case's row and column), not the YAML
        return _failed(case, case_hash, inputs, error, started, language, scenario)
    try:
        plan = optimize(varied)  # planner.solve without the explanation, which no column shows
    except PlannerError as error:
        return _failed(case, case_hash, inputs, locate_problems(error, path), started, language, varied)
    except Exception as error:  # a bug must not stop the other cases; the summary says what it was
        failure = PlannerError([Problem(f"{type(error).__name__}: {error}", file=str(path))])
        return _failed(case, case_hash, inputs, failure, started, language, varied)
    seconds = time.perf_counter() - started
    summary = {**_identity(varied), **_plan_summary(plan), "seconds": seconds, "error": ""}
    return Outcome(case.index, case_hash, inputs, summary, plan_rows(plan))


def lost_cases(cases: Sequence[Case], error: BaseException, language: str = "en") -> list[Outcome]:
    """Return failed outcomes for cases whose worker was lost (killed, out of memory, its machine gone)."""
    text = Text("batch.worker_lost", reason=f"{type(error).__name__}: {error}")
    return [
        _failed(
            case,
            inputs_hash(case, ()),
            (),
            PlannerError([Problem(text, file=case.source)]),
            time.perf_counter(),
            language,
        )
        for case in cases
    ]


def inputs_hash(case: Case, inputs: Sequence[str], digests: MutableMapping[str, str] | None = None) -> str:
    """Return the SHA-256 of a case's inputs: the planner's version, the scenario file's bytes, the bytes of the
    files it reads (history, curve tables) and the override row. `digests` caches file hashes by path."""
    digests = {} if digests is None else digests
    parts = [_version(), *(_file_digest(name, digests) for name in (case.source, *inputs)), case.inputs_key()]
    return _sha256("\n".join(parts))


@functools.cache
def _version() -> str:
    return planner_version()  # read from the package metadata: once per process, not once per case


def _file_digest(name: str, digests: MutableMapping[str, str]) -> str:
    if name not in digests:
        try:
            digests[name] = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        except OSError:
            digests[name] = "missing"
    return digests[name]


def _load(path: Path) -> tuple[Scenario, tuple[str, ...]]:
    """Return the scenario in a file and the files it reads (cached per process while none of them changes)."""
    key = str(path)
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == _disk_state([path, *map(Path, cached[2])]):
        _LOADED.move_to_end(key)
        return cached[1], cached[2]
    scenario = load_scenario(path)
    inputs = tuple(str(p) for p in _inputs(scenario) if p.is_file())
    _LOADED[key] = (_disk_state([path, *map(Path, inputs)]), scenario, inputs)
    _LOADED.move_to_end(key)
    while len(_LOADED) > LOADED_KEPT:
        _LOADED.popitem(last=False)
    return scenario, inputs


def _inputs(scenario: Scenario) -> list[Path]:
    """Return the files a scenario reads besides itself: its history and imported curve tables."""
    history = scenario.history_path()
    curves = [scenario.resolve_path(c.curve.path) for c in scenario.channels if c.curve is not None]
    return [*([history] if history is not None else []), *curves]


def _disk_state(paths: list[Path]) -> tuple[tuple[str, int, int] | None, ...]:
    states: list[tuple[str, int, int] | None] = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            states.append(None)
            continue
        states.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(states)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _identity(scenario: Scenario | None) -> dict[str, Any]:
    return {
        "store": scenario.store if scenario is not None else "",
        "scenario": scenario.name if scenario is not None else "",
        "currency": scenario.currency if scenario is not None else "",
    }


def _plan_summary(plan: Plan) -> dict[str, Any]:
    scenario = plan.scenario
    totals = {name: _float(plan.totals.get(name)) for name in TOTAL_COLUMNS}
    return {
        "status": plan.status,
        "objective": _objective(scenario),
        "objective_value": _float(plan.objective_value),
        BUDGET_COLUMN: _budget(scenario),
        **totals,
        "mip_gap": _float(plan.mip_gap) if plan.is_mip else math.nan,
    }


def _failed(
    case: Case,
    case_hash: str,
    inputs: tuple[str, ...],
    error: PlannerError,
    started: float,
    language: str,
    scenario: Scenario | None = None,
) -> Outcome:
    """Return a failed outcome whose message is what `planner validate` / `planner solve` would print."""
    lines = []
    if isinstance(error, InfeasibleError) and error.summary:
        space = "" if language == "zh" else " "
        lines.append(space.join(render(sentence, language) for sentence in error.summary))
    for problem in cap_problems(error.problems):
        text = problem.render(language)
        lines.append(text if problem.file else f"{case.source}: {text}")
    summary = {
        **_identity(scenario),
        "status": FAILED,
        "objective": _objective(scenario) if scenario is not None else "",
        "objective_value": math.nan,
        BUDGET_COLUMN: _budget(scenario),
        **dict.fromkeys(TOTAL_COLUMNS, math.nan),
        "mip_gap": math.nan,
        "seconds": time.perf_counter() - started,
        "error": "\n".join(lines) or render(Text("batch.failed_unknown"), language),
    }
    return Outcome(case.index, case_hash, inputs, {**summary, **_overridden(case, summary)})


def _overridden(case: Case, summary: dict[str, Any]) -> dict[str, Any]:
    """Return the summary columns a failed case's override row sets (its budget, objective, store, …): the case
    as it was asked for, even where the scenario could not be varied or solved."""
    cells: dict[str, Any] = {}
    for column, value in case.overrides:
        if column == BUDGET_COLUMN:
            amount = parse_amount(value)
            cells[column] = float(amount) if amount is not None else math.nan
        elif column in summary and column in _IDENTITY_COLUMNS:
            cells[column] = value
    return cells


_IDENTITY_COLUMNS = ("store", "scenario", "currency", "objective")


def _objective(scenario: Scenario) -> str:
    return f"{scenario.objective.sense} {scenario.objective.measure}"


def _budget(scenario: Scenario | None) -> float:
    return _float(scenario.budget.amount if scenario is not None and scenario.budget is not None else None)


def plan_rows(plan: Plan) -> list[dict[str, Any]]:
    """Return a plan's results rows: one per channel, or per period × channel for a calendar plan."""
    allocation = {row["channel"]: row for row in records(plan.allocation, _ALLOCATION_COLUMNS)}
    if plan.periods is None:
        return [_row(None, row, row) for row in allocation.values()]
    return [_row(row, row, allocation[row["channel"]]) for row in records(plan.periods, _PERIOD_COLUMNS)]


_ALLOCATION_COLUMNS = (
    "channel",
    "label",
    "spend",
    "conversions",
    "revenue",
    "marginal_cpa",
    "historical_spend",
    "change_vs_history",
    "at_bound",
    "curve_error",
)
_PERIOD_COLUMNS = ("period", "start", "end", "channel", "label", "spend", "conversions", "revenue", "marginal_cpa")


def records(table: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Return a table's rows (of the columns named, else all) as dictionaries keyed by column name."""
    names = [str(name) for name in table.columns] if columns is None else [c for c in columns if c in table.columns]
    values = [table[name].tolist() for name in names]  # column by column: far quicker than to_dict on small tables
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _row(period: dict[str, Any] | None, row: dict[str, Any], channel: dict[str, Any]) -> dict[str, Any]:
    spend, conversions, revenue = _float(row["spend"]), _float(row["conversions"]), _float(row["revenue"])
    return {
        "period": None if period is None else str(period["period"]),
        "start": None if period is None else str(period["start"]),
        "end": None if period is None else str(period["end"]),
        "channel": str(row["channel"]),
        "label": str(row["label"]),
        "spend": spend,
        "conversions": conversions,
        "revenue": revenue,
        "cpa": spend / conversions if conversions > 0 else math.nan,
        "roas": revenue / spend if spend > 0 else math.nan,
        "marginal_cpa": _float(row.get("marginal_cpa")),
        # Channel-level facts, on every period row of the channel only where they are per period too.
        "historical_spend": _float(channel["historical_spend"]) if period is None else math.nan,
        "change_vs_history": _float(channel["change_vs_history"]) if period is None else math.nan,
        "at_bound": str(channel["at_bound"] or "") if period is None else "",
        # The channel's curve, approximated by the chords it was planned on: the same in every period.
        "curve_error": _float(channel.get("curve_error")),
    }


def _float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number
