"""File formats: scenario YAML (comment-preserving, with line numbers) and history CSV in and out."""

from __future__ import annotations

import difflib
import errno
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pandas as pd
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from planner.data.csv_tables import history_from_frame, read_csv_text
from planner.data.reading import (
    MAX_HISTORY_BYTES,
    MAX_SCENARIO_BYTES,
    MAX_YAML_DEPTH,
    check_file,
    decode_text,
    excerpt,
    read_bytes,
    read_stream,
    yaml_text_problems,
    yaml_value_problems,
)
from planner.model.errors import HistoryError, PlannerError, Problem, ScenarioError, cap_problems
from planner.model.fields import MIN_COST
from planner.model.scenario import Scenario, find_problems

SCENARIO_SUFFIXES = (".yaml", ".yml")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_scenario_text(path: Path) -> str:
    """Return a scenario file's text exactly as on disk ('' when it no longer exists)."""
    if not path.exists():
        return ""
    check_file(path, "a scenario file", MAX_SCENARIO_BYTES, ScenarioError)
    return path.read_text(encoding="utf-8")


def write_history_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a history table as UTF-8 CSV with fixed decimals, so the same data gives the same bytes."""
    write_text_atomically(path, frame.to_csv(index=False, lineterminator="\n", float_format="%.2f"))


def parse_yaml(text: str) -> Any:
    """Return the round-trip YAML document in text (comments and key order kept)."""
    return _yaml().load(text)


def read_yaml(path: Path) -> Any:
    """Return the round-trip YAML document at path (comments and key order kept), or raise ScenarioError."""
    label = str(path)
    if path.suffix.lower() in (".csv", ".xlsx", ".xls"):
        hint = "a history table" if path.suffix.lower() == ".csv" else "a spreadsheet"
        raise ScenarioError([Problem(f"is {hint}, not a scenario; name the scenario's .yaml file", file=label)])
    data = read_bytes(path, "a scenario file", MAX_SCENARIO_BYTES, ScenarioError)
    text = decode_text(data, label, ScenarioError)
    if problems := yaml_text_problems(text, label):
        raise ScenarioError(problems)
    try:
        document = _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {error.problem or error.context}"
        raise ScenarioError([Problem(message, file=label, line=line)]) from None
    except RecursionError:
        message = f"is nested too deeply to read (more than {MAX_YAML_DEPTH} levels); a scenario needs at most 6"
        raise ScenarioError([Problem(message, file=label)]) from None
    except ValueError as error:  # ruamel builds dates while parsing: 2026-13-06 fails here, without a mark
        raise ScenarioError([_bad_date(text, str(error), path)]) from None
    except (YAMLError, TypeError, OverflowError, AttributeError, KeyError) as error:  # odd parser corners
        raise ScenarioError([Problem(f"not valid YAML: {excerpt(error, 120)}", file=label)]) from None
    problems = sorted(yaml_value_problems(document, label), key=lambda p: p.line or 0)
    if problems:
        raise ScenarioError(cap_problems(problems))
    return document


def _bad_date(text: str, reason: str, path: Path) -> Problem:
    """Return the problem of the first date-like value in text that is not a real date."""
    import re
    from datetime import date

    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                date(*(int(part) for part in match.groups()))
            except ValueError:
                key = line.split(":", 1)[0].strip(" -") if ":" in line else ""
                return Problem(f"{match.group(0)} is not a date ({reason})", field=key, file=str(path), line=number)
    return Problem(f"not valid YAML: {reason}", file=str(path))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Return the validated scenario in a YAML file, or raise ScenarioError listing every problem."""
    path = Path(path)
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise ScenarioError(
            [Problem("a scenario file must be a mapping of keys (name, channels, …)", file=str(path), line=1)]
        )
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as error:
        entries = error.errors()
        # A list whose items failed also reports itself as too short; the item errors say it all.
        failed = {tuple(e["loc"][: len(e["loc"]) - 1]) for e in entries if e["type"] != "too_short"}
        entries = [
            e
            for e in entries
            if not (e["type"] == "too_short" and any(f[: len(e["loc"])] == tuple(e["loc"]) for f in failed))
        ]
        problems = [_problem_from_pydantic(entry, document, path) for entry in entries]
        raise ScenarioError(problems) from None
    problems = [_locate(problem, document, path) for problem in find_problems(scenario)]
    if problems:
        raise ScenarioError(problems)
    return scenario.from_file(path)


def dump_scenario(scenario: Scenario) -> str:
    """Return a scenario as YAML text (used for new scenarios; edits of files go through round-trip)."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _problem_from_pydantic(entry: Any, document: Any, path: Path) -> Problem:
    location = tuple(entry["loc"])
    message = str(entry["msg"])
    if entry["type"] == "extra_forbidden":
        key = str(location[-1])
        message = f"unknown key {excerpt(key)}"
        close = suggest_key(key, location[:-1])
        if close:
            message += f"; did you mean {close!r}?"
        else:
            valid = sorted(known_keys(location[:-1]))
            message += f"; the keys here are {', '.join(valid)}" if len(valid) <= 12 else "; remove it"
    elif entry["type"] == "missing":
        message = f"missing required key {location[-1]!r}"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    elif entry["type"] == "string_pattern_mismatch":
        message = _pattern_message(entry)
    elif entry["type"] == "string_too_long":
        length = len(entry["input"]) if isinstance(entry["input"], str) else 0
        message = f"is {length:,} characters long; at most {entry['ctx']['max_length']} are allowed, shorten it"
    elif entry["type"] == "greater_than_equal" and entry.get("ctx", {}).get("ge") == 0:
        message = f"{excerpt(entry['input'])} is negative; it must be zero or more"
    elif entry["type"] == "greater_than" and entry.get("ctx", {}).get("gt") == 0:
        message = f"{excerpt(entry['input'])} must be more than zero"
    elif entry["type"] == "less_than_equal" and entry.get("ctx", {}).get("le") == 1:
        message = "must be at most 1 (write shares as 0.15 or 15%)"
    elif entry["type"] == "less_than_equal":
        message = f"{excerpt(entry['input'])} is too large: at most {entry['ctx']['le']:g}; check the number"
    elif entry["type"] == "greater_than_equal" and entry.get("ctx", {}).get("ge") == MIN_COST:
        message = (
            f"{excerpt(entry['input'])} is too small: a cost must be at least {MIN_COST:g} "
            "(one unit of money buying millions of conversions is a typo or a wrong unit); check the number"
        )
    elif entry["type"] == "finite_number":
        message = "must be a finite number (not inf or nan); leave the key out for no limit"
    elif "input" in entry and entry["type"].endswith("_type"):
        message = f"{message} (got {excerpt(entry['input'])})"
    field, line = _walk(document, location)
    return Problem(message, field=field, file=str(path), line=line)


def _pattern_message(entry: Any) -> str:
    """Return advice for a value that does not match its pattern, by what the pattern is for."""
    pattern = str(entry.get("ctx", {}).get("pattern", ""))
    value = excerpt(entry["input"])
    if "A-Z]{3}" in pattern:
        return f"{value} is not a currency code; write a 3-letter ISO 4217 code such as CNY, USD or IDR"
    if pattern.startswith("^[^\\W"):
        return f"{value} is not a valid group tag: use letters, digits and _ of any script (not starting with a digit)"
    return f"{value} is not a valid name: use letters, digits and _ (not starting with a digit)"


def locate_problems(error: PlannerError, path: Path) -> PlannerError:
    """Return the error with each unlocated problem pinned to its line in the scenario file at path."""
    if all(problem.file for problem in error.problems):
        return error
    try:
        document = read_yaml(path)
    except ScenarioError:
        return error
    located = [
        p if p.file else _locate(p, document, path) if p.field else Problem(p.text, file=str(path))
        for p in error.problems
    ]
    return error.with_problems(located)


def _locate(problem: Problem, document: Any, path: Path) -> Problem:
    """Add file and line to a cross-reference problem whose field is `a -> 0 (name) -> b`."""
    parts: list[str | int] = []
    for part in problem.field.split(" -> "):
        token = part.split(" (")[0]
        parts.append(int(token) if token.isdigit() else token)
    _, line = _walk(document, tuple(parts))
    return Problem(problem.text, field=problem.field, file=str(path), line=line)


def _walk(document: Any, location: tuple[Any, ...]) -> tuple[str, int | None]:
    """Follow a pydantic location through the YAML document; return a readable path and the line."""
    node = document
    line = 1
    names: list[str] = []
    for key in location:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            names.append(str(key))
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            item = node[key]
            label = item.get("id") or item.get("name") if isinstance(item, dict) else None
            names.append(f"{key} ({label})" if label else str(key))
            node = item
        elif isinstance(node, CommentedMap) and key == location[-1]:
            names.append(str(key))  # a missing or unknown key: report it on its parent's line
        # otherwise a discriminator tag or union branch name that is not in the file
    return " -> ".join(names), line


def known_keys(location: tuple[Any, ...] | None = None) -> set[str]:
    """Return the keys valid at a place in a scenario (a pydantic location up to the key), or all keys anywhere."""
    from planner.model import channels, rules, scenario

    if location is None:
        keys: set[str] = set()
        for module in (channels, rules, scenario):
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, BaseModel):
                    keys.update(value.model_fields)
        return keys
    return {key for model in models_at(location) for key in model.model_fields}


# Words people write for a key, and the key they mean, checked before closeness ('name' on a channel is 'label').
KEY_SYNONYMS = {
    "name": ("label", "id"),
    "title": ("label", "name"),
    "cost": ("cost_per_conversion", "cost"),
    "cpa": ("cost_per_conversion",),
    "cpc": ("cost_per_conversion",),
    "aov": ("revenue_per_conversion",),
    "group": ("groups", "group"),
    "tags": ("groups",),
    "min": ("min_spend", "at_least", "min"),
    "max": ("max_spend", "at_most", "max"),
    "floor": ("min_spend", "at_least"),
    "cap": ("max_spend", "at_most"),
    "until": ("up_to",),
    "file": ("path",),
    "type": ("kind", "response"),
    "goal": ("objective",),
    "target": ("at_least", "value"),
}


def models_at(location: tuple[Any, ...]) -> list[type[BaseModel]]:
    """Return the scenario models that may sit at a pydantic location (several inside a union)."""
    from planner.model.scenario import Scenario

    candidates: list[type[BaseModel]] = [Scenario]
    for part in location:
        inner = [m for c in candidates if isinstance(part, str) and part in c.model_fields for m in _models_in(c, part)]
        if inner:
            candidates = inner
        elif isinstance(part, str):  # a union's tag (rules -> 0 -> limit) or a mapping's own key
            tagged = [c for c in candidates if part in str(c.model_fields.get("kind", "")) and "kind" in c.model_fields]
            candidates = tagged or candidates
    return candidates


def _models_in(model: type[BaseModel], field: str) -> list[type[BaseModel]]:
    import typing

    found: list[type[BaseModel]] = []
    pending: list[Any] = [model.model_fields[field].annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.append(annotation)
        else:
            pending.extend(typing.get_args(annotation))
    return found


def suggest_key(key: str, location: tuple[Any, ...]) -> str | None:
    """Return the key valid at location that an unknown key most likely meant, or None."""
    valid = known_keys(location)
    for meant in KEY_SYNONYMS.get(key.strip().lower(), ()):
        if meant in valid and meant != key:
            return meant
    close = difflib.get_close_matches(key.strip().lower(), sorted(valid - {key}), n=1, cutoff=0.6)
    return close[0] if close else None


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the scenario files named, folders searched recursively, in sorted order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


MAX_UPLOAD_BYTES = MAX_HISTORY_BYTES


def read_history_upload(data: bytes, name: str) -> pd.DataFrame:
    """Return an uploaded history CSV (bytes) as read_history would, refusing files over the size limit."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise HistoryError([Problem(f"the file is larger than {limit} MB; split it by date", file=name)])
    return read_history(io.BytesIO(data), name)


def read_history(path: Path | IO[bytes], name: str | None = None) -> pd.DataFrame:
    """Return a history CSV as a typed DataFrame with a `line` column, or raise HistoryError."""
    if isinstance(path, Path | str):
        label = name or str(path)
        data = read_bytes(Path(path), "a history file", MAX_HISTORY_BYTES, HistoryError)
    else:
        label = name or "history"
        data = read_stream(path, label, "a history file", MAX_HISTORY_BYTES, HistoryError)
    frame = read_csv_text(decode_text(data, label, HistoryError), label, HistoryError)
    return history_from_frame(frame, label)


def write_text_atomically(path: Path, text: str) -> None:
    """Write text to path so that a crash leaves either the old file or the new one, never half of one."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file private; give it the mode an ordinary write would (or keep the old one's).
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def table_to_csv(table: pd.DataFrame) -> str:
    """Return a table as CSV text: UTF-8, fixed decimals (6), so the same data gives the same bytes."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6f")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def workbook(sheets: dict[str, pd.DataFrame], indexed: frozenset[str] = frozenset()) -> bytes:
    """Return an Excel workbook with one sheet per table (the index written only for sheets named in indexed)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name, index=name in indexed)
    return buffer.getvalue()


def to_json(data: Any) -> str:
    """Return data as stable, human-diffable JSON (UTF-8, not ASCII-escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def schema_json() -> str:
    """Return the JSON Schema of scenario files."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Promo Planner scenario"
    return to_json(schema)
