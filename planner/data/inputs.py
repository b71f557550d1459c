"""Files a scenario names besides itself, read at the edge so that everything after is pure computation."""

from __future__ import annotations

import pandas as pd

from planner.data.csv_tables import read_curve_table
from planner.model.errors import Problem, ScenarioError
from planner.model.i18n import Text
from planner.model.scenario import Scenario


def load_curve_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """Return every imported curve table of a scenario by channel id; raise ScenarioError listing all problems."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for index, channel in enumerate(scenario.channels):
        if channel.response_kind != "imported" or channel.curve is None:
            continue
        where = f"channels -> {index} ({channel.id}) -> curve"
        path = scenario.resolve_path(channel.curve.path)
        try:
            tables[channel.id] = read_curve_table(path)
        except ScenarioError as error:  # the table's own problems, located in it, under this channel's field
            problems.extend(Problem(p.text, field=where, file=p.file, line=p.line) for p in error.problems)
        except ValueError as error:
            problems.append(Problem(Text("data.curve.unreadable", reason=str(error)), field=where, file=str(path)))
    if problems:
        raise ScenarioError(problems)
    return tables
