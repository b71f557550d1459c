"""The cases of a batch: which scenario files, and which overrides of each, as small values a worker can be sent.

An override row changes a scenario the way the app and `planner solve --budget` do: `budget` through
`Scenario.with_budget`, every other column as an edit at its path in the scenario (`planner.optimize.fixes`'s
`apply_edits`, which validates the result). Columns name the path with dots:

- `case`: the case's name in the results (not an override);
- `budget`: the budget amount (2500000, ¥2,500,000, 2.5m, 250万);
- `channels.<id>.<field>`: a channel's max_spend, min_spend, min_vs_history, max_vs_history, excluded, locked,
  cost_per_conversion, revenue_per_conversion, roas, … (any field of the channel);
- `rules.<name>.<field>`: a rule's at_most, at_least, exactly or value;
- any other scenario field by its path: `margin`, `period_weeks`, `objective` (maximize revenue),
  `budget.exactly`, `budget.commission_budget`, `curves.cautious`, …

A cell `none` clears the field (a cap removed); a blank cell leaves the scenario as it is.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.data.batch_files import OverrideRow, read_override_table
from planner.data.io import SCENARIO_SUFFIXES, scenario_files
from planner.model.errors import PlannerError, Problem, ScenarioError
from planner.model.formatting import parse_amount
from planner.model.i18n import Join, Text
from planner.model.scenario import Scenario
from planner.optimize.fixes import Edit, apply_edits

CASE_COLUMN = "case"
BUDGET_COLUMN = "budget"
CLEAR = ("none", "null")


@dataclass(frozen=True)
class Case:
    """One scenario file and one row of overrides: what a worker needs to solve it (paths and strings only)."""

    index: int  # position in the batch: results are sorted by it
    source: str  # the scenario file as the user named it
    name: str  # the override row's case name ('' without overrides)
    overrides: tuple[tuple[str, str], ...] = ()
    overrides_file: str = ""
    overrides_line: int | None = None

    def inputs_key(self) -> str:
        """Return the overrides as canonical JSON (what the case's hash covers besides its files)."""
        cells = sorted((name, value) for name, value in self.overrides if name != CASE_COLUMN)
        return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def batch_cases(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    overrides: pd.DataFrame | str | os.PathLike[str] | None = None,
) -> list[Case]:
    """Return the cases: every scenario file named (folders searched, globs expanded) × every override row."""
    files = _scenario_paths(paths)
    if not files:
        raise ScenarioError([Problem(Text("batch.no_files", patterns=Join(["*.yaml", "*.yml"])))])
    rows, label = _override_rows(overrides)
    names = [dict(row.cells).get(CASE_COLUMN, "") or str(number) for number, row in enumerate(rows, start=1)]
    if problems := [*_files_named_twice(files), *_case_names_used_twice(rows, names, label)]:
        raise ScenarioError(problems)  # before anything runs: two cases of one name would share a row of the results
    cases: list[Case] = []
    for path in files:
        if not rows:
            cases.append(Case(len(cases), str(path), ""))
        for row, named in zip(rows, names, strict=True):
            cases.append(Case(len(cases), str(path), named, row.cells, label, row.line))
    return cases


def _files_named_twice(files: Sequence[Path]) -> list[Problem]:
    """Return a problem for each scenario file named again (as given, or by another path to the same file)."""
    first: dict[str, Path] = {}
    problems = []
    for path in files:
        real = os.path.realpath(path)
        if real in first:
            text = Text("batch.duplicate_file", first=str(first[real]), second=str(path))
            problems.append(Problem(text, file=str(path)))
        else:
            first[real] = path
    return problems


def _case_names_used_twice(rows: Sequence[OverrideRow], names: Sequence[str], label: str) -> list[Problem]:
    """Return a problem for each override row whose case name an earlier row has, located at the later row."""
    first: dict[str, tuple[int, OverrideRow]] = {}
    problems = []
    for number, (row, name) in enumerate(zip(rows, names, strict=True), start=1):
        if name not in first:
            first[name] = (number, row)
            continue
        earlier_number, earlier = first[name]
        if label:  # a CSV file: its lines
            where = (Text("batch.noun.line", number=earlier.line), Text("batch.noun.line", number=row.line))
        else:  # a DataFrame: its rows, counted from 1
            where = (Text("batch.noun.row", number=earlier_number), Text("batch.noun.row", number=number))
        text = Text("batch.duplicate_case", case=name, first=where[0], second=where[1], column=CASE_COLUMN)
        problems.append(Problem(text, field=CASE_COLUMN, file=label, line=row.line if label else None))
    return problems


def _scenario_paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Return the scenario files: folders searched for *.yaml/*.yml, globs expanded (sorted), files as named."""
    named = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    expanded: list[str | os.PathLike[str]] = []
    for path in named:
        text = os.fspath(path)
        matches = sorted(glob.glob(text, recursive=True)) if glob.has_magic(text) else []
        # A pattern takes the scenarios it matches (stores/* leaves out the history CSVs beside them); one
        # matching nothing stays, to be reported as not found.
        scenarios = [m for m in matches if Path(m).is_dir() or Path(m).suffix.lower() in SCENARIO_SUFFIXES]
        expanded.extend(scenarios if matches else [path])
    return scenario_files(expanded)


def _override_rows(overrides: pd.DataFrame | str | os.PathLike[str] | None) -> tuple[list[OverrideRow], str]:
    if overrides is None:
        return [], ""
    if isinstance(overrides, pd.DataFrame):
        if overrides.empty:
            raise ScenarioError([Problem(Text("batch.no_override_rows"))])
        rows = []
        for record in overrides.to_dict("records"):
            cells = tuple((str(name), _cell_text(value)) for name, value in record.items() if not _blank(value))
            rows.append(OverrideRow(cells, None))
        return rows, ""
    path = Path(overrides)
    return read_override_table(path), str(path)


def _blank(value: Any) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return bool(isinstance(value, float) and value != value)  # NaN: an empty cell


def _cell_text(value: Any) -> str:
    """Return a DataFrame cell as the text a CSV would hold (numbers in full, True/False as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def apply_overrides(scenario: Scenario, case: Case) -> Scenario:
    """Return the scenario with the case's overrides written in, or raise ScenarioError located at the row's cell."""
    varied = scenario
    edits: list[tuple[str, Edit]] = []
    for column, value in case.overrides:
        if column == CASE_COLUMN:
            continue
        if column == BUDGET_COLUMN:
            amount = parse_amount(value)
            if amount is None or amount < 0:
                raise _located(case, column, Text("batch.not_amount", value=value))
            varied = varied.with_budget(amount)
            continue
        edits.append((column, Edit(_path(varied, case, column), _value(value))))
    for column, edit in edits:
        try:
            varied = apply_edits(varied, [edit])
        except PlannerError as error:
            raise _located(case, column, *(problem.text for problem in error.problems)) from None
    return varied


def _path(scenario: Scenario, case: Case, column: str) -> tuple[str | int, ...]:
    """Return the scenario path a column names (channel ids and rule names turned into list positions)."""
    parts = column.split(".")
    head = parts[0]
    if head == "channels" and len(parts) == 3:
        ids = [channel.id for channel in scenario.channels]
        if parts[1] not in ids:
            raise _located(case, column, _unknown("batch.unknown_channel", parts[1], ids))
        return ("channels", ids.index(parts[1]), parts[2])
    if head == "rules" and len(parts) >= 3:
        name, field = ".".join(parts[1:-1]), parts[-1]
        names = [rule.name for rule in scenario.rules]
        if name not in names:
            raise _located(case, column, _unknown("batch.unknown_rule", name, names))
        return ("rules", names.index(name), field)
    data = scenario.model_dump(warnings=False)
    node: Any = data
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None and part == BUDGET_COLUMN:
            raise _located(case, column, Text("batch.no_budget", column=BUDGET_COLUMN))
    if head not in data or head in ("channels", "rules") or not isinstance(node, dict) or parts[-1] not in node:
        raise _located(case, column, Text("batch.unknown_column", column=column, examples=_EXAMPLES))
    return tuple(parts)


_EXAMPLES = Join(["budget", "channels.<id>.max_spend", "rules.<name>.at_most", "margin"])


def _value(text: str) -> Any:
    """Return a cell's value: none clears the field; amounts typed with ¥, commas or 万 become numbers."""
    if text.strip().lower() in CLEAR:
        return None
    try:
        float(text)
    except ValueError:
        amount = parse_amount(text)
        return text if amount is None else amount
    return text  # a plain number: pydantic reads it as the field's type (an int stays whole)


def _unknown(key: str, name: str, known: Iterable[str]) -> Text:
    return Text(key, name=name, known=Join(list(known)))


def _located(case: Case, column: str, *texts: Text | str) -> ScenarioError:
    """Return the error for a bad override cell: the overrides file and line, the column, what is wrong."""
    where = case.overrides_file or ""
    field = column if where else f"{CASE_COLUMN} {case.name} -> {column}"
    return ScenarioError([Problem(text, field=field, file=where, line=case.overrides_line) for text in texts])
