"""Editable tables ↔ scenarios, and plans side by side: the conversions the app's editors and compare view use.

An edited table becomes a new scenario only when every row is valid; otherwise the problems
are returned row by row in the user's words and the scenario is left as it was.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from planner.model.channels import Channel
from planner.model.i18n import Text, render
from planner.model.plan import Plan
from planner.model.rules import Rule
from planner.model.scenario import Scenario, find_problems
from planner.model.validation import text_of_error

CHANNEL_COLUMNS = (
    "id",
    "label",
    "groups",
    "response",
    "cost_per_conversion",
    "revenue_per_conversion",
    "roas",
    "min_spend",
    "max_spend",
    "min_vs_history",
    "max_vs_history",
    "locked",
    "excluded",
)
RULE_COLUMNS = (  # per_measure: the ratio's denominator measure when it differs from `measure`
    "name",
    "kind",
    "measure",
    "group",
    "channels",
    "relative_to",
    "per_measure",
    "at_least",
    "at_most",
    "exactly",
    "value",
)
_RULE = TypeAdapter(Rule)


@dataclass(frozen=True)
class TableEdit:
    """The outcome of applying an edited table: a new scenario, or the problems that stop it.

    `messages` are catalogue messages ('editing.row_problem' names the row, the field and what is wrong);
    `problems` is the same in English, for callers that show English.
    """

    scenario: Scenario | None
    messages: tuple[Text, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Return whether the edit can be applied."""
        return self.scenario is not None

    @property
    def problems(self) -> tuple[str, ...]:
        """Return the problems in English."""
        return self.render("en")

    def render(self, language: str = "en") -> tuple[str, ...]:
        """Return the problems in 'en' or 'zh'."""
        return tuple(message.render(language) for message in self.messages)


def channels_table(scenario: Scenario) -> pd.DataFrame:
    """Return one editable row per channel (tranches, units, KPIs and curves are kept, not shown)."""
    rows = []
    for channel in scenario.channels:
        data = channel.model_dump()
        row = {column: data.get(column) for column in CHANNEL_COLUMNS}
        row["groups"] = ", ".join(channel.groups)
        row["response"] = channel.response_kind
        rows.append(row)
    return pd.DataFrame.from_records(rows, columns=list(CHANNEL_COLUMNS))


def rules_table(scenario: Scenario) -> pd.DataFrame:
    """Return one editable row per rule."""
    rows = []
    for rule in scenario.rules:
        data = rule.model_dump()
        row = {column: data.get(column) for column in RULE_COLUMNS}
        row["channels"] = ", ".join(data.get("channels") or ())
        other = data.get("of") or data.get("per") or {}
        row["relative_to"] = other.get("group") or ", ".join(other.get("channels") or ())
        rows.append(row)
    return pd.DataFrame.from_records(rows, columns=list(RULE_COLUMNS))


def header_fields(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario-wide fields the editor shows above the tables, as plain values."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        "currency": scenario.currency,
        "sense": scenario.objective.sense,
        "measure": scenario.objective.measure,
        "exactly": scenario.budget.exactly if scenario.budget else False,
    }


def apply_header(scenario: Scenario, fields: dict[str, Any]) -> TableEdit:
    """Return the scenario with the editor's header fields (see header_fields), or the problems."""
    update: dict[str, Any] = {
        "name": fields["name"],
        "description": fields["description"],
        "currency": fields["currency"],
        "objective": {str(fields["sense"]): fields["measure"]},
    }
    if scenario.budget is not None:
        update["budget"] = {"amount": scenario.budget.amount, "exactly": bool(fields["exactly"])}
    try:
        candidate = Scenario.model_validate({**scenario.model_dump(), **update})
    except ValidationError as error:
        lines = [
            Text("editing.field_problem", field=" -> ".join(map(str, e["loc"])), message=text_of_error(e))
            for e in error.errors()
        ]
        return TableEdit(None, tuple(lines))
    return TableEdit(candidate.from_file(scenario.source) if scenario.source else candidate)


def apply_channels_table(scenario: Scenario, table: pd.DataFrame) -> TableEdit:
    """Return the scenario with its channels replaced by the table's rows, or the problems row by row."""
    originals = {c.id: c for c in scenario.channels}
    channels: list[Channel] = []
    problems: list[Text] = []
    for number, row in enumerate(table_records(table), start=1):
        if not any(v not in (None, "") for v in row.values()):
            continue  # an empty row the editor added
        # Rows keep their order in the editor (new ones are appended), so a row whose id changed is the
        # channel at its position, renamed: it keeps its units, tranches, KPIs and curve.
        by_position = scenario.channels[number - 1] if number <= len(scenario.channels) else None
        base = originals.get(str(row.get("id") or "")) or by_position
        data = base.model_dump(exclude_defaults=True) if base is not None else {}
        data.update({k: v for k, v in row.items() if k in CHANNEL_COLUMNS})
        if base is not None and data.get("response") == base.response_kind and base.response is None:
            data.pop("response")  # the shown default, not a choice the user made
        data = {k: v for k, v in data.items() if v is not None}
        data["groups"] = split_names(row.get("groups"))
        label = str(row.get("label") or row.get("id") or "") or Text("editing.row.unnamed")
        try:
            channels.append(Channel.model_validate(data))
        except ValidationError as error:
            problems.extend(_words(Text("editing.row.channel", number=number, name=label), error))
    return _finish(scenario, {"channels": tuple(channels)}, problems)


def apply_rules_table(scenario: Scenario, table: pd.DataFrame) -> TableEdit:
    """Return the scenario with its rules replaced by the table's rows, or the problems row by row."""
    rules: list[Any] = []
    problems: list[Text] = []
    for number, row in enumerate(table_records(table), start=1):
        if not any(v not in (None, "") for v in row.values()):
            continue
        kind = row.get("kind")
        data: dict[str, Any] = {k: v for k, v in row.items() if v is not None and k in RULE_COLUMNS}
        relative = data.pop("relative_to", None)
        if data.get("channels") is not None:
            data["channels"] = split_names(data["channels"]) or None
        if not data.get("channels"):
            data.pop("channels", None)
        if kind in ("share", "ratio") and relative:
            data["of" if kind == "share" else "per"] = _selection(str(relative), scenario)
        if kind in ("max_cpa", "min_roas"):
            for bound in ("at_least", "at_most", "exactly", "measure"):
                data.pop(bound, None)
        elif kind == "max_channels":  # a count of channels: at most, of nothing measured
            for unused in ("at_least", "exactly", "measure", "value"):
                data.pop(unused, None)
        else:
            data.pop("value", None)
        if kind != "ratio":
            data.pop("per_measure", None)
        try:
            rules.append(_RULE.validate_python(data))
        except ValidationError as error:
            name = str(row.get("name") or "") or Text("editing.row.unnamed")
            problems.extend(_words(Text("editing.row.rule", number=number, name=name), error))
    return _finish(scenario, {"rules": tuple(rules)}, problems)


def _finish(scenario: Scenario, update: dict[str, Any], problems: list[Text]) -> TableEdit:
    if problems:
        return TableEdit(None, tuple(problems))
    try:
        candidate = Scenario.model_validate({**scenario.model_dump(), **_dump(update)})
    except ValidationError as error:
        return TableEdit(None, tuple(_words(Text("editing.row.scenario"), error)))
    cross = [Text("editing.field_problem", field=p.field, message=p.text) for p in find_problems(candidate)]
    if cross:
        return TableEdit(None, tuple(cross))
    return TableEdit(candidate.from_file(scenario.source) if scenario.source else candidate)


def _dump(update: dict[str, Any]) -> dict[str, Any]:
    return {
        key: tuple(item.model_dump() if isinstance(item, BaseModel) else item for item in value)
        for key, value in update.items()
    }


def table_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Return rows with empty cells (NaN, '', None) as None and numpy scalars as Python values."""
    records = []
    for raw in table.to_dict("records"):
        row: dict[str, Any] = {}
        for key, value in raw.items():
            if (
                value is None
                or (isinstance(value, float) and math.isnan(value))
                or value is pd.NA
                or (isinstance(value, str) and not value.strip())
            ):
                row[str(key)] = None
            else:
                row[str(key)] = value.item() if hasattr(value, "item") else value
        records.append(row)
    return records


def split_names(value: Any) -> list[str]:
    """Return the names a table cell lists: a list as is, a text split on commas (empty cells: none)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace("，", ",").split(",") if part.strip()]


def _selection(text: str, scenario: Scenario) -> dict[str, Any]:
    """Return a selection from the 'relative to' cell: a group name, or channel ids separated by commas."""
    names = split_names(text)
    ids = {c.id for c in scenario.channels}
    if len(names) == 1 and names[0] not in ids:
        return {"group": names[0]}
    return {"channels": names}


def _words(where: Text, error: ValidationError) -> list[Text]:
    """Return pydantic errors as '<where>: <field>: <message>' messages a user can act on."""
    lines = []
    for entry in error.errors():
        location = [str(part) for part in entry["loc"] if str(part) not in _RULE_KINDS]
        message = text_of_error(entry)
        if entry["type"] == "missing":
            message = Text("editing.required")
        elif entry["type"] == "less_than_equal" and entry.get("ctx", {}).get("le") == 1:
            message = Text("editing.share_above_one")
        elif entry["type"] == "extra_forbidden":
            message = Text("editing.not_for_kind")
        field_path: Text | str = " -> ".join(location) or Text("editing.row.whole")
        lines.append(Text("editing.row_problem", row=where, field=field_path, message=message))
    return lines


_RULE_KINDS = {"limit", "share", "ratio", "max_cpa", "min_roas", "max_channels"}


def compare_allocations(plans: dict[str, Plan]) -> pd.DataFrame:
    """Return spend per channel (rows) for each named plan (columns), channels matched by id."""
    frames = [
        plan.allocation.set_index("channel")[["label", "spend"]].rename(columns={"spend": name})
        for name, plan in plans.items()
    ]
    table = pd.concat([f.drop(columns="label") for f in frames], axis=1).fillna(0.0)
    labels = pd.concat([f["label"] for f in frames]).groupby(level=0).first()
    return table.assign(label=labels).reset_index().set_index("label").drop(columns="channel")


def compare_totals(plans: dict[str, Plan]) -> pd.DataFrame:
    """Return the headline figures of each named plan side by side."""
    keys = ["spend", "conversions", "revenue", "cpa", "roas"]
    return pd.DataFrame({name: {key: plan.totals.get(key, math.nan) for key in keys} for name, plan in plans.items()})


def scenario_differences(first: Scenario, second: Scenario) -> pd.DataFrame:
    """Return the inputs that differ between two scenarios, one row per field path, columns named after them."""
    left = _flatten(first.model_dump(mode="json", exclude_defaults=True))
    right = _flatten(second.model_dump(mode="json", exclude_defaults=True))
    names = (first.name, second.name if second.name != first.name else f"{second.name} (2)")
    rows = [
        {"field": key, names[0]: _shown(left.get(key)), names[1]: _shown(right.get(key))}
        for key in sorted(left.keys() | right.keys())
        if left.get(key) != right.get(key)
    ]
    return pd.DataFrame.from_records(rows, columns=["field", *names])


def _shown(value: Any) -> str:
    """Return a value as text, so a column mixing numbers and words displays as it reads."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"
    return str(value)


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        out = {}
        for index, item in enumerate(data):
            tag = item.get("id") or item.get("name") or str(index)
            out.update(_flatten(item, f"{prefix}[{tag}]"))
        return out
    return {prefix: data if not isinstance(data, list) else ", ".join(map(str, data))}


def curve_table(plan: Plan, channel_id: str, points: int = 60) -> pd.DataFrame:
    """Return a channel's response over the plan period (as the LP sees it, and the fitted curve if any)."""
    if plan.responses is None:
        return pd.DataFrame(columns=["spend", "conversions", "line"])
    response = plan.responses.by_id()[channel_id]
    spend = float(plan.allocation.set_index("channel")["spend"].to_dict()[channel_id])
    upper = response.upper.value if math.isfinite(response.upper.value) else max(spend, 1.0) * 2
    top = max(upper, spend * 1.25, 1.0)
    grid = [top * i / (points - 1) for i in range(points)]
    rows = [
        {"spend": x, "conversions": response.evaluate(x).get("conversions", 0.0), "line": "plan model"} for x in grid
    ]
    report = response.curve
    weeks = plan.period_weeks or 1.0
    if report is not None and report.per_week and report.curve.form not in ("linear", "table"):
        rows += [
            {"spend": x, "conversions": weeks * float(report.curve.value(x / weeks)), "line": "fitted curve"}
            for x in grid
        ]
    return pd.DataFrame.from_records(rows)


def problems_by_row(problems: tuple[str | Text, ...], kind: str, language: str = "en") -> dict[int, str]:
    """Return an edit's problems keyed by table row (0-based), for showing each beside its row.

    `kind` is "rule" or "channel". Give the edit's `messages` (then each is shown in `language`) or its English
    `problems`: row problems read "rule 3 (name): …", cross-reference problems "rules -> 2 (name) -> group: …".
    """
    rows: dict[int, list[str]] = {}
    for problem in problems:
        if isinstance(problem, Text):
            row, message = _row_of(problem, kind, language)
            if row is not None:
                rows.setdefault(row, []).append(message)
            continue
        match = re.match(rf"{kind} (\d+) \([^)]*\): (.*)", problem) or re.match(
            rf"{kind}s -> (\d+) \([^)]*\)(.*)", problem
        )
        if match is None:
            continue
        row = int(match.group(1)) - (1 if problem.startswith(f"{kind} ") else 0)
        rows.setdefault(row, []).append(match.group(2).removeprefix(" -> ").removeprefix(": ").strip())
    separator = "；" if language == "zh" else "; "
    return {row: separator.join(messages) for row, messages in rows.items()}


def _row_of(problem: Text, kind: str, language: str) -> tuple[int | None, str]:
    """Return the table row (0-based) a catalogue problem is about, and what is wrong there."""
    args = problem.args
    where = args.get("row")
    if problem.key == "editing.row_problem" and isinstance(where, Text) and where.key == f"editing.row.{kind}":
        field_path = render(args["field"], language)
        return int(
            where.args["number"]
        ) - 1, f"{field_path}{'：' if language == 'zh' else ': '}{render(args['message'], language)}"
    if problem.key == "editing.field_problem":
        match = re.match(rf"{kind}s -> (\d+) \([^)]*\)(?: -> )?(.*)", str(args.get("field", "")))
        if match:
            rest = match.group(2)
            message = render(args["message"], language)
            colon = "：" if language == "zh" else ": "
            return int(match.group(1)), f"{rest}{colon}{message}" if rest else message
    return None, ""
