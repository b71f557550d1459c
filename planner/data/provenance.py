"""What a plan was made from, as hashes a reader can check: the scenario text, the history and curve tables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version

from planner.data.io import dump_scenario
from planner.model.i18n import Text
from planner.model.scenario import Scenario

ALGORITHM = "SHA-256"


@dataclass(frozen=True)
class InputFile:
    """One input of a plan: what it is, its file name (if it is a file) and the SHA-256 of its bytes."""

    what: Text
    name: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Every input of a plan with its hash, the hash of them all, the planner's version and the date."""

    inputs: tuple[InputFile, ...]
    combined: str
    planner_version: str
    made: date


def planner_version() -> str:
    """Return the installed Promo Planner's version."""
    try:
        return version("promo-planner")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "unknown"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trace_inputs(scenario: Scenario, scenario_text: str | bytes | None = None, made: date | None = None) -> Provenance:
    """Return the hashes of a scenario's inputs: its text, its history file and its imported curve tables.

    `scenario_text` is the YAML the plan was solved from (the file's bytes, or the text an editor holds); when
    it is the scenario's file as on disk, the input is named by that file. Without it (a scenario changed in
    code or by `--budget`), the scenario is hashed as the planner writes it (`dump_scenario`). The combined
    hash is the SHA-256 of the hex hashes, one per line, in the order listed.
    """
    inputs = []
    source = scenario.source
    if scenario_text is None:
        inputs.append(InputFile(Text("report.input.scenario_edited"), "", _sha256(dump_scenario(scenario).encode())))
    else:
        data = scenario_text.encode("utf-8") if isinstance(scenario_text, str) else scenario_text
        on_disk = source.read_bytes() if source is not None and source.is_file() else None
        if source is not None and on_disk == data:
            inputs.append(InputFile(Text("report.input.scenario"), source.name, _sha256(data)))
        else:
            inputs.append(InputFile(Text("report.input.scenario_edited"), "", _sha256(data)))
    history = scenario.history_path()
    if history is not None and history.is_file():
        inputs.append(InputFile(Text("report.input.history"), history.name, _sha256(history.read_bytes())))
    for channel in scenario.channels:
        if channel.response_kind == "imported" and channel.curve is not None:
            path = scenario.resolve_path(channel.curve.path)
            if path.is_file():
                what = Text("report.input.curve", channel=channel.display_name)
                inputs.append(InputFile(what, path.name, _sha256(path.read_bytes())))
    combined = _sha256("".join(f"{item.sha256}\n" for item in inputs).encode())
    return Provenance(tuple(inputs), combined, planner_version(), made or date.today())
