"""Saving scenario files: validate, preview the diff, write only what changed, and combine with changes on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.error import YAMLError

from planner.data.io import _yaml, yaml_problem
from planner.editing.workspace import (
    FileChanged,
    TextStyle,
    check_unchanged,
    diff_text,
    name_problem,
    replace_if_unchanged,
    scenario_file_name,
)
from planner.editing.yaml_edits import edit_text
from planner.model.errors import Problem, ScenarioError
from planner.model.i18n import Join, Text
from planner.model.scenario import Scenario, find_problems
from planner.model.validation import problems_of

SaveConflict = FileChanged  # the name callers catch: the file changed on disk since it was opened


def _validated(document: Any, path: Path, cross_references: bool = True) -> Scenario:
    """Return the scenario a document describes, or raise ScenarioError listing its problems."""
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as error:
        raise ScenarioError([Problem(text, field, str(path)) for field, text in problems_of(error)]) from None
    found = find_problems(scenario) if cross_references else []
    if found:
        raise ScenarioError([Problem(p.text, p.field, str(path)) for p in found])
    return scenario


def _planned_text(path: Path, new: Scenario, opened_text: str) -> str:
    """Return the validated text that saving new over the opened text would write, in the file's own style.

    Only the changed lines differ: a file with a byte-order mark or Windows line ends keeps them.
    """
    style = TextStyle.of(opened_text)
    plain = style.strip(opened_text)
    try:
        document = _yaml().load(plain)
    except YAMLError as error:
        message = Text("data.yaml.invalid", detail=yaml_problem(str(error)))
        raise ScenarioError([Problem(message, file=str(path))]) from None
    old = _validated(document, path, cross_references=False)
    if old.model_dump() == new.model_dump():
        return opened_text
    text = edit_text(plain, old, new, document)
    if _validated(_yaml().load(text), path).model_dump() != new.model_dump():
        raise ScenarioError([Problem(Text("editing.unfaithful"), file=str(path))])
    return style.apply(text)


def save_scenario(path: Path, new: Scenario, opened_text: str) -> str:
    """Write new over the file opened as opened_text, changing only what changed; return the new text.

    The check that nobody else changed the file and the write are one step under the folder's lock.
    """
    check_unchanged(path, opened_text)
    text = _planned_text(path, new, opened_text)
    if text != opened_text:
        replace_if_unchanged(path, opened_text, text)
    return text


def preview_save(path: Path, new: Scenario, opened_text: str) -> str:
    """Return the unified diff save_scenario would write (nothing is written)."""
    return diff_text(opened_text, _planned_text(path, new, opened_text), path.name)


def rebase_edits(path: Path, disk_text: str, old: Scenario, new: Scenario) -> Scenario:
    """Return the scenario now on disk with the edits from old to new made on top of it.

    What someone else changed on disk is kept; where both changed the same value, new wins. Raises
    ScenarioError when the two sets of edits cannot be combined into a valid scenario.
    """
    plain = TextStyle.of(disk_text).strip(disk_text)
    try:
        document = _yaml().load(plain)
        _validated(document, path)
        merged = _validated(_yaml().load(edit_text(plain, old, new, document)), path)
    except (YAMLError, ScenarioError) as error:
        texts = [p.text for p in getattr(error, "problems", ())]
        reason = Join(texts) if texts else yaml_problem(str(error))
        raise ScenarioError([Problem(Text("editing.cannot_combine", reason=reason), file=str(path))]) from None
    return merged.from_file(path)


def safe_scenario_path(folder: Path, name: str, overwrite: bool = False) -> Path:
    """Return the path for a scenario the user named, inside folder, or raise ScenarioError saying why not."""
    filename = scenario_file_name(name)
    problem = name_problem(filename.rsplit(".", 1)[0]) or name_problem(filename)
    if problem:
        raise ScenarioError(problem)
    root = folder.resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root) or path.parent != root:
        raise ScenarioError(Text("editing.outside", name=repr(name), folder=str(folder)))
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise ScenarioError(Text("editing.exists", name=filename))
    return root / filename
