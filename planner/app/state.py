"""What the app keeps: per session, the language and a working copy of each opened file; across sessions, caches.

Caches shared by every session are keyed by content (what is on disk, what a scenario says), never by
anything one session counts, so a new session always sees the folder as it is now.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlannerError, Scenario, solve
from planner.editing.workspace import CatalogueEntry, FolderState, folder_state, referenced_files, scenario_catalogue
from planner.insight.explain import measure_name as explain_measure_name
from planner.model.catalogue import CATALOGUE
from planner.model.errors import Problem
from planner.model.formatting import format_money
from planner.model.i18n import Text, render
from planner.model.plan import Plan
from planner.optimize.frontier import Frontier, frontier

state: Any = st.session_state


def scenarios_folder() -> Path:
    """Return the scenarios folder from `-- --scenarios DIR`, the environment, or the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--scenarios", default=os.environ.get("PROMO_PLANNER_SCENARIOS", "scenarios"))
    known, _ = parser.parse_known_args(sys.argv[1:])
    return Path(known.scenarios)


def language() -> str:
    """Return the language this session reads."""
    return str(state.get("language", "en"))


def t(key: str, **args: Any) -> str:
    """Return a catalogue message in the chosen language."""
    return Text(key, **args).render(language())


def say(message: Any) -> str:
    """Return a message from the library (a Text, a Problem, an error) in the chosen language.

    The app has no YAML keys on screen, so a problem about a scenario-wide field names it as the Edit tab
    labels it (名称, 预算…) rather than by its key in the file.
    """
    if isinstance(message, PlannerError):
        summary = " ".join(say(sentence) for sentence in getattr(message, "summary", ()) or ())
        return "\n".join([summary] * bool(summary) + [say(problem) for problem in message.problems])
    if isinstance(message, Problem):
        message = dataclasses.replace(message, field=_field_label(message.field))
    elif isinstance(message, Text) and isinstance(message.args.get("field"), str):
        message = Text(message.key, **{**message.args, "field": _field_label(message.args["field"])})
    return render(message, language())


def _field_label(field: str) -> str:
    """Return a scenario-wide field as the app labels it, or the field as it is (a table row, a nested key)."""
    key = "app.field." + field.replace(" -> ", ".")
    return t(key) if key in CATALOGUE and "{" not in CATALOGUE[key]["en"] else field


def money(amount: float | None, symbol: str) -> str:
    """Return an amount of money as the number policy shows it, in the chosen language."""
    return format_money(amount, symbol, language())


def measure_name(scenario: Scenario, measure: str) -> str:
    """Return what a measure is called in the chosen language (planner.insight.explain.measure_name)."""
    return render(explain_measure_name(scenario, measure), language())


def flash(message: str, kind: str = "success") -> None:
    """Show a message at the top of the next run (file actions run as callbacks, before the page)."""
    state.setdefault("flashes", []).append((kind, message))


@dataclass(eq=False)
class WorkingCopy:
    """One session's copy of one scenario file: what was opened, what is being edited, and unsaved drafts.

    `scenario` is always valid; editor contents that are not (yet) valid are kept in `drafts` (per part:
    "header", "channels", "rules") until they are fixed, saved or discarded, across scenario switches.
    """

    path: Path
    opened: str  # the file's text when opened, exactly as on disk (BOM and line ends kept)
    original: Scenario
    scenario: Scenario
    generation: int = 0  # changes when the editors must start again from `scenario`
    drafts: dict[str, Any] = field(default_factory=dict)
    shown: dict[str, pd.DataFrame] = field(default_factory=dict)  # what each table editor was started from
    last_plan: Plan | None = None  # the last plan this copy had, shown (marked) while an edit leaves none

    @property
    def changed(self) -> bool:
        """Return whether the working scenario differs from the file as opened."""
        return self.scenario.model_dump() != self.original.model_dump()

    @property
    def dirty(self) -> bool:
        """Return whether there is anything unsaved: changes, or drafts not yet valid."""
        return self.changed or bool(self.drafts)

    def reopen(self, text: str, scenario: Scenario, *, keep: Scenario | None = None) -> None:
        """Start again from the file's text (after a save or a reload); keep a working scenario if given."""
        self.opened, self.original, self.scenario = text, scenario, keep or scenario
        if keep is None:
            self.drafts.clear()
        self.restart_editors()

    def restart_editors(self) -> None:
        """Make the table and field editors start again from the working scenario (and any drafts)."""
        self.generation += 1
        self.shown.clear()


def working_copy(path: Path) -> WorkingCopy | None:
    """Return this session's working copy of a file, if it has one."""
    work: WorkingCopy | None = state.get(f"work::{path}")
    return work


def open_working_copy(path: Path, text: str, scenario: Scenario) -> WorkingCopy:
    """Return a new working copy of a file for this session."""
    work = WorkingCopy(path, text, scenario, scenario)
    state[f"work::{path}"] = work
    return work


def forget_working_copy(path: Path) -> None:
    """Drop this session's working copy of a file (it was renamed or deleted)."""
    state.pop(f"work::{path}", None)


@st.cache_resource(show_spinner=False, max_entries=16)
def _catalogue(folder: str, snapshot: FolderState) -> list[CatalogueEntry]:
    return scenario_catalogue(Path(folder))


def catalogue(folder: Path) -> list[CatalogueEntry]:
    """Return the scenarios of a folder as they are on disk now (read again only when a file changed)."""
    return _catalogue(str(folder.resolve()), folder_state(folder))


def _inputs(scenario: Scenario, exclude: Any = None) -> str:
    """Return a key for what a scenario's plan depends on: its fields, and its files as on disk."""
    stamps = []
    for _, path in referenced_files(scenario):
        try:
            stat = path.stat()
            stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path}:missing")
    return f"{scenario.source}|{'|'.join(stamps)}|{scenario.model_dump_json(exclude=exclude)}"


@st.cache_resource(show_spinner=False, max_entries=512)
def _solved(key: str, _scenario: Scenario) -> Plan | PlannerError:
    try:
        return solve(_scenario)
    except PlannerError as error:
        return error


def plan_of(scenario: Scenario) -> Plan | PlannerError:
    """Return the plan of a scenario (or why there is none), solved once for every session."""
    return _solved(_inputs(scenario), scenario)


@st.cache_resource(show_spinner=False, max_entries=128)
def _frontier(key: str, reach: float, _scenario: Scenario) -> Frontier | PlannerError:
    try:
        return frontier(_scenario.with_budget(reach / 2), points=25, up_to=2.0)
    except PlannerError as error:
        return error


def frontier_of(scenario: Scenario) -> Frontier | PlannerError:
    """Return the budget frontier around a scenario's budget, shared by every session.

    It does not depend on today's amount, only its range does: the range is the next power of two above
    twice the amount, so moving the budget re-uses it until the amount leaves the range.
    """
    assert scenario.budget is not None
    amount = max(scenario.budget.amount, 1e-9)
    reach = 2.0 ** math.ceil(math.log2(amount * 1.8))
    return _frontier(_inputs(scenario, exclude={"budget": {"amount"}}), reach, scenario)
