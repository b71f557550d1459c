"""Response curves from a marketing-mix model (MMM) → one checked curve table per channel.

```python
from planner.data.imports import convert_curves, read_curve_export, write_curve_tables

result = read_curve_export(Path("meridian_curves.csv"), tool="meridian", measure="revenue",
                           period_weeks=52, order_value=120)
result.curves        # per channel: its weekly table (spend, conversions), the baseline taken off, points evened out
result.notes         # what was done to the numbers, in words (per week, revenue → conversions, baseline, …)
write_curve_tables(result, Path("store"))   # curve_<channel>.csv and mmm_channels.txt, each written atomically
```

The input is a long table, one row per channel and spend level, with the column names the tool's own
export has (Meridian's `Analyzer.response_curves()` as a DataFrame, Robyn's `robyn_response()` results,
PyMC-Marketing's contribution grid; see docs/mmm-curves.md) or plain `channel, spend, response`.

What the planner's curve table needs, and how each difference is bridged:

- **weekly amounts**: Meridian and PyMC-Marketing give each channel's response summed over the weeks the
  model covers; with `period_weeks` P, spend and response are divided by P (the curve of an average week,
  which assumes spend spread evenly over the weeks; Meridian's and PyMC-Marketing's curves keep the
  historical flighting, so this is an approximation when flighting was uneven).
- **conversions**: a revenue curve is divided by the order value; the scenario snippet gives the channel
  `revenue_per_conversion` equal to that value, so the planner's revenue is the model's revenue again.
- **zero at zero spend**: a response at zero spend (Robyn's carryover of earlier spend) is subtracted from
  every row and said; a table without a zero row gets (0, 0).
- **never falling**: a posterior mean read from finitely many draws can dip by a little where the curve is
  flat. Dips up to `NOISE_SHARE` of the channel's largest response are evened out by isotonic regression
  (the closest non-falling curve in least squares; pool-adjacent-violators) and counted in a note; a larger
  fall is refused with its line, because it is not noise (a wrong column, two channels mixed, draws or
  quantiles in one series).
- **one row per spend level**: a repeated row is dropped; the same spend with different responses is
  refused (geos, draws or quantiles not aggregated), since no choice among them would be right.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from planner.data.csv_tables import amount_problem, read_csv_text
from planner.data.io import write_text_atomically
from planner.data.reading import (
    MAX_CURVE_BYTES,
    MAX_MAGNITUDE,
    control_character_message,
    decode_text,
    first_control_character,
    read_bytes,
)
from planner.model.errors import Problem, ScenarioError, cap_problems
from planner.model.i18n import Join, Number, Share, Text
from planner.model.validation import EXCERPT_CHARS, excerpt

Tool = Literal["pymc", "meridian", "robyn"]
Measure = Literal["conversions", "revenue"]
TOOLS: tuple[Tool, ...] = ("pymc", "meridian", "robyn")
TOOL_NAMES: dict[str, str] = {"pymc": "PyMC-Marketing", "meridian": "Meridian", "robyn": "Robyn"}

# Column names, in the order they are looked for, per tool (see docs/mmm-curves.md for the export code).
CHANNEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "pymc": ("channel",),
    "meridian": ("channel",),
    "robyn": ("channel", "channels"),
}
SPEND_COLUMNS: dict[str, tuple[str, ...]] = {
    "pymc": ("spend",),
    "meridian": ("spend",),
    "robyn": ("sim_mean_spend", "spend"),
}
RESPONSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "pymc": ("channel_contribution", "contribution"),
    "meridian": ("incremental_outcome", "mean"),
    "robyn": ("sim_mean_response", "total_response"),
}
# A plain table: channel, spend, and a response column that may say its measure.
GENERIC_CHANNEL = ("channel",)
GENERIC_SPEND = ("spend",)
GENERIC_RESPONSE = ("response", "conversions", "revenue")
# Tools whose curves are totals over the weeks the model covers, not one week's.
PERIOD_TOOLS = ("pymc", "meridian")
# A fall larger than this share of the channel's largest response is not posterior noise.
NOISE_SHARE = 0.02
MAX_CHANNELS = 200
CURVE_NAME = "curve_{name}.csv"
# Not .yaml: `planner validate FOLDER` and the app read every *.yaml in a folder as a scenario.
SNIPPET_NAME = "mmm_channels.txt"


@dataclass(frozen=True)
class ConvertedCurve:
    """One channel's weekly curve table (spend, conversions), its file name, and what was done to it."""

    channel: str
    channel_id: str
    file_name: str
    table: pd.DataFrame
    baseline: float  # weekly response at zero spend that was subtracted (in the table's measure, before ÷ order value)
    evened_out: int  # points moved by the isotonic regression
    largest_dip: float  # the largest fall evened out, as a share of the channel's largest response


@dataclass(frozen=True)
class CurveImport:
    """Every channel's converted curve, the settings used, and the notes to show the user."""

    curves: tuple[ConvertedCurve, ...]
    notes: tuple[Text, ...]
    tool: str | None
    measure: Measure
    period_weeks: float
    order_value: float | None
    problems: tuple[Problem, ...] = ()  # channels that could not be converted (the others were)

    def snippet(self) -> str:
        """Return the scenario lines (a `channels:` list) that use the written tables."""
        lines = ["channels:"]
        for curve in self.curves:
            lines.append(f"  - id: {curve.channel_id}")
            if curve.channel != curve.channel_id:
                lines.append(f"    label: {_yaml_string(curve.channel)}")
            lines.append(f"    curve: {{path: {curve.file_name}, per: week}}")
            if self.order_value is not None:
                lines.append(f"    revenue_per_conversion: {_plain(self.order_value)}")
        return "\n".join(lines) + "\n"


def read_curve_export(
    path: Path,
    *,
    tool: Tool | None = None,
    measure: Measure | None = None,
    period_weeks: float | None = None,
    order_value: float | None = None,
) -> CurveImport:
    """Return the channel curves of an MMM's curve export (CSV), or raise ScenarioError saying what and where."""
    label = str(path)
    data = read_bytes(path, Text("noun.mmm_export"), MAX_CURVE_BYTES, ScenarioError)
    frame = read_csv_text(decode_text(data, label, ScenarioError), label, ScenarioError)
    return convert_curves(frame, label, tool=tool, measure=measure, period_weeks=period_weeks, order_value=order_value)


def convert_curves(
    frame: pd.DataFrame,
    label: str,
    *,
    tool: Tool | None = None,
    measure: Measure | None = None,
    period_weeks: float | None = None,
    order_value: float | None = None,
) -> CurveImport:
    """Return one weekly, zero-based, non-falling curve table per channel from a long table of strings.

    `order_value` turns a revenue curve into conversions; with a conversions curve it is only written into the
    snippet as each channel's `revenue_per_conversion`. A problem with the whole table raises ScenarioError; a
    channel whose rows cannot make a curve is listed in `problems` and left out (ScenarioError when none is left).
    """
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    frame.insert(0, "line", range(2, len(frame) + 2))
    columns = _columns(frame, label, tool)
    tool = columns.tool
    measure = _measure(columns.response, measure, label)
    weeks = _period(tool, period_weeks, label)
    if measure == "revenue" and order_value is None:
        message = Text("mmm.order_value_needed", option="--order-value", key="revenue_per_conversion")
        raise ScenarioError([Problem(message, file=label)])
    if order_value is not None and not (math.isfinite(order_value) and 0 < order_value <= MAX_MAGNITUDE):
        raise ScenarioError([Problem(Text("mmm.order_value_positive", option="--order-value"), file=label)])
    notes: list[Text] = []
    frame = _mean_rows(frame, label, notes)
    rows = _typed(frame, columns, label)
    if weeks != 1:
        notes.append(Text("mmm.note.weekly", weeks=Number(weeks)))
    divisor = 1.0
    if measure == "revenue" and order_value is not None:
        divisor = order_value
        notes.append(Text("mmm.note.revenue", value=Number(order_value), key="revenue_per_conversion"))
    curves: list[ConvertedCurve] = []
    problems: list[Problem] = []
    used: set[str] = set()
    for channel, group in rows.groupby("channel", sort=False):
        identifier = _identifier(str(channel), len(curves) + 1, used)
        said: list[Text] = []  # kept only when the channel converts: a refused channel has its problem instead
        try:
            curves.append(_channel_curve(str(channel), identifier, group, weeks, divisor, columns, label, said))
        except ScenarioError as error:
            used.discard(identifier)
            problems.extend(error.problems)
            continue
        notes.extend(said)
    if not curves:  # every channel failed: nothing to write
        raise ScenarioError(cap_problems(problems))
    return CurveImport(tuple(curves), tuple(notes), tool, measure, weeks, order_value, tuple(problems))


def write_curve_tables(result: CurveImport, folder: Path) -> list[Path]:
    """Write each channel's table and the scenario snippet into folder (each file atomically); return the paths."""
    written = []
    for curve in result.curves:
        path = folder / curve.file_name
        # Ten significant digits: a revenue curve divided by a large order value keeps its small slopes.
        write_text_atomically(path, curve.table.to_csv(index=False, lineterminator="\n", float_format="%.10g"))
        written.append(path)
    snippet = folder / SNIPPET_NAME
    write_text_atomically(snippet, result.snippet())
    written.append(snippet)
    return written


def curve_summary(result: CurveImport) -> list[Text]:
    """Return one line per channel (points, weekly spend and response ranges, file) and then the notes."""
    lines = []
    for curve in result.curves:
        top = curve.table.iloc[-1]
        lines.append(
            Text(
                "mmm.summary.channel",
                channel=curve.channel,
                points=len(curve.table),
                spend=Number(float(top["spend"])),
                conversions=Number(float(top["conversions"])),
                file=curve.file_name,
            )
        )
    return [*lines, *result.notes]


@dataclass(frozen=True)
class _Columns:
    """The columns read, and the tool whose export it is (None for a plain table)."""

    channel: str
    spend: str
    response: str
    tool: Tool | None


def _columns(frame: pd.DataFrame, label: str, tool: Tool | None) -> _Columns:
    """Return the channel, spend and response columns, and the tool (named, or told by the response column)."""
    columns = set(frame.columns)
    if tool is None:
        candidates = list(dict.fromkeys([*(c for t in TOOLS for c in RESPONSE_COLUMNS[t]), *GENERIC_RESPONSE]))
        found = [c for c in candidates if c in columns]
        if len(found) > 1:
            message = Text("mmm.two_responses", columns=Join(found), option="--tool")
            raise ScenarioError([Problem(message, file=label, line=1)])
        tool = next((t for t in TOOLS if found and found[0] in RESPONSE_COLUMNS[t]), None)
    wanted = {
        "channel": CHANNEL_COLUMNS[tool] if tool else GENERIC_CHANNEL,
        "spend": SPEND_COLUMNS[tool] if tool else GENERIC_SPEND,
        "response": RESPONSE_COLUMNS[tool] if tool else GENERIC_RESPONSE,
    }
    chosen = {field: next((c for c in names if c in columns), None) for field, names in wanted.items()}
    missing = [
        Text("mmm.column_for", field=Text(f"mmm.field.{field}"), names=Join(wanted[field]))
        for field, column in chosen.items()
        if not column
    ]
    if missing:
        shown = [excerpt(c) for c in frame.columns if c != "line"][:12]
        where = (
            Text("mmm.tool_columns", tool=TOOL_NAMES[tool], doc="docs/mmm-curves.md")
            if tool
            else Text("mmm.any_tool_columns", columns=Join(["channel", "spend", "response"]), option="--tool")
        )
        message = Text("mmm.missing_columns", missing=Join(missing), where=where, found=Join(shown))
        raise ScenarioError([Problem(message, file=label, line=1)])
    return _Columns(str(chosen["channel"]), str(chosen["spend"]), str(chosen["response"]), tool)


def _measure(response_column: str, measure: Measure | None, label: str) -> Measure:
    """Return the measure the response is in: told by a column named conversions or revenue, else given."""
    said: Measure | None = "revenue" if response_column == "revenue" else None
    said = "conversions" if response_column == "conversions" else said
    if said and measure and said != measure:
        message = Text("mmm.measure_differs", column=response_column, measure=measure, option="--measure")
        raise ScenarioError([Problem(message, file=label, line=1)])
    chosen = said or measure
    if chosen is None:
        message = Text("mmm.measure_needed", column=response_column, option="--measure")
        raise ScenarioError([Problem(message, file=label, line=1)])
    return chosen


def _period(tool: str | None, period_weeks: float | None, label: str) -> float:
    """Return the weeks the table's amounts cover (1 for weekly curves); a total over the modelled weeks needs it."""
    if period_weeks is None:
        if tool in PERIOD_TOOLS:
            message = Text("mmm.period_needed", tool=TOOL_NAMES[str(tool)], option="--period-weeks")
            raise ScenarioError([Problem(message, file=label)])
        return 1.0
    if not (math.isfinite(period_weeks) and 0 < period_weeks <= 5200):
        raise ScenarioError([Problem(Text("mmm.period_range", option="--period-weeks"), file=label)])
    return float(period_weeks)


def _mean_rows(frame: pd.DataFrame, label: str, notes: list[Text]) -> pd.DataFrame:
    """Return the rows of the posterior mean when a `metric` column holds mean, ci_lo and ci_hi (Meridian)."""
    if "metric" not in frame.columns:
        return frame
    metric = frame["metric"].str.strip().str.lower()
    kept = frame[metric == "mean"]
    if kept.empty:
        values = Join([excerpt(v) for v in pd.unique(metric)[:6]])
        message = Text("mmm.no_mean_rows", column="metric", mean="mean", values=values)
        raise ScenarioError([Problem(message, field="metric", file=label, line=2)])
    if len(kept) < len(frame):
        notes.append(Text("mmm.note.mean_rows", column="metric", mean="mean", kept=len(kept), total=len(frame)))
    return kept


def _typed(frame: pd.DataFrame, columns: _Columns, label: str) -> pd.DataFrame:
    """Return line, channel, spend and response typed, or raise listing every cell that is not a sane value."""
    rows = pd.DataFrame({"line": frame["line"], "channel": frame[columns.channel].str.strip()})
    problems: list[Problem] = []
    for line in rows.loc[rows["channel"] == "", "line"].head(50):
        problems.append(Problem(Text("data.csv.empty_channel"), field=columns.channel, file=label, line=int(line)))
    for line, value in rows[["line", "channel"]].itertuples(index=False):
        index = first_control_character(value)
        if index is not None:  # a name that would move the cursor or reorder text where it is shown
            message = control_character_message(value, index)
            problems.append(Problem(message, field=columns.channel, file=label, line=int(line)))
            if len(problems) >= 50:
                break
    channel = columns.channel
    for name, column in (("spend", columns.spend), ("response", columns.response)):
        text = frame[column].str.replace(",", "", regex=False).str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna() | ~np.isfinite(numbers) | (numbers.abs() > MAX_MAGNITUDE)
        if name == "spend":
            bad |= numbers < 0
        for position in np.flatnonzero(bad.to_numpy())[:50]:
            message = amount_problem(frame[column].iloc[position], numbers.iloc[position])
            problems.append(Problem(message, field=column, file=label, line=int(frame["line"].iloc[position])))
        rows[name] = numbers.astype(float)
    if problems:
        raise ScenarioError(cap_problems(sorted(problems, key=lambda p: p.line or 0)))
    if rows.empty:
        raise ScenarioError([Problem(Text("data.curve.no_rows"), file=label, line=2)])
    if rows["channel"].nunique() > MAX_CHANNELS:
        message = Text("mmm.too_many_channels", count=rows["channel"].nunique(), limit=MAX_CHANNELS)
        raise ScenarioError([Problem(message, field=channel, file=label)])
    return rows


def _channel_curve(
    channel: str,
    identifier: str,
    rows: pd.DataFrame,
    weeks: float,
    divisor: float,
    columns: _Columns,
    label: str,
    notes: list[Text],
) -> ConvertedCurve:
    """Return one channel's weekly table (conversions = response ÷ divisor), saying in notes what was changed."""
    name = channel[:EXCERPT_CHARS]
    rows = rows.sort_values(["spend", "line"], kind="stable")
    repeated = rows.duplicated(["spend", "response"])
    if repeated.any():
        notes.append(Text("mmm.note.repeated", channel=name, count=int(repeated.sum())))
        rows = rows[~repeated]
    clashes = rows[rows.duplicated("spend", keep=False)]
    if not clashes.empty:
        level, group = next(iter(clashes.groupby("spend", sort=True)))
        message = Text(
            "mmm.same_spend",
            channel=name,
            spend=Number(float(str(level))),
            lines=Join([str(n) for n in group["line"].head(10)]),
        )
        raise ScenarioError([Problem(message, field=columns.spend, file=label, line=int(group["line"].iloc[0]))])
    spend = rows["spend"].to_numpy() / weeks
    response = rows["response"].to_numpy() / weeks
    lines = rows["line"].to_numpy()
    # Two spend levels a rounding apart (999,999.9999999999 and 1,000,000) can be one level once divided by the
    # weeks: the later row stands for both, so spend still rises from row to row.
    distinct = np.append(np.diff(spend) > 0, True)
    spend, response, lines = spend[distinct], response[distinct], lines[distinct]
    baseline = 0.0
    if spend[0] == 0:
        baseline = float(response[0])
        if baseline != 0:
            notes.append(Text("mmm.note.baseline", channel=name, baseline=Number(baseline), line=int(lines[0])))
        response = response - baseline
    else:
        spend, response = np.concatenate(([0.0], spend)), np.concatenate(([0.0], response))
        lines = np.concatenate(([0], lines))
        notes.append(Text("mmm.note.zero_added", channel=name))
    if len(spend) < 2:
        message = Text("mmm.one_point", channel=name)
        raise ScenarioError([Problem(message, field=columns.spend, file=label, line=int(lines[0]))])
    largest = float(np.max(np.abs(response)))
    falls = np.maximum.accumulate(response) - response  # how far each point is below the highest one before it
    worst = int(np.argmax(falls))
    if largest > 0 and falls[worst] > NOISE_SHARE * largest:
        peak = int(np.argmax(response[: worst + 1]))
        message = Text(
            "mmm.falls",
            channel=name,
            fall=Number(float(falls[worst] * weeks)),
            share=Share(float(falls[worst] / largest)),
            peak=int(lines[peak]) if lines[peak] else "—",
            limit=Share(NOISE_SHARE),
        )
        raise ScenarioError([Problem(message, field=columns.response, file=label, line=int(lines[worst]))])
    smooth = np.maximum(isotonic(response), 0.0)  # anchored at (0, 0): a dip below zero is noise around zero
    moved = int(np.count_nonzero(~np.isclose(smooth, response, rtol=1e-12, atol=1e-12 * max(largest, 1.0))))
    dip = float(falls[worst] / largest) if largest > 0 else 0.0
    if moved:
        notes.append(Text("mmm.note.evened_out", channel=name, count=moved, share=Share(dip)))
    if smooth[-1] <= 0:
        message = Text("mmm.flat", channel=name)
        raise ScenarioError([Problem(message, field=columns.response, file=label, line=int(lines[-1]))])
    table = pd.DataFrame({"spend": spend, "conversions": smooth / divisor})
    file_name = CURVE_NAME.format(name=identifier)
    return ConvertedCurve(channel, identifier, file_name, table, baseline, moved, dip if moved else 0.0)


def isotonic(values: np.ndarray) -> np.ndarray:
    """Return the non-decreasing sequence closest to values in least squares (pool adjacent violators)."""
    means: list[float] = []
    counts: list[int] = []
    for value in values.astype(float):
        means.append(float(value))
        counts.append(1)
        while len(means) > 1 and means[-2] > means[-1]:
            count = counts[-2] + counts[-1]
            means[-2] = (means[-2] * counts[-2] + means[-1] * counts[-1]) / count
            counts[-2] = count
            means.pop()
            counts.pop()
    return np.repeat(means, counts)


def _identifier(channel: str, number: int, used: set[str]) -> str:
    """Return a scenario id for a channel name: its ASCII letters and digits, else channel_<n>; never twice."""
    ascii_name = unicodedata.normalize("NFKD", channel).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower()[:48]
    if not base or base[0].isdigit():
        base = f"channel_{number}" if not base else f"c_{base}"
    identifier, suffix = base, 2
    while identifier in used:
        identifier, suffix = f"{base}_{suffix}", suffix + 1
    used.add(identifier)
    return identifier


def _yaml_string(text: str) -> str:
    """Return text as a double-quoted YAML scalar (any name is safe in it)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else _escape(c) for c in escaped) + '"'


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _plain(value: float) -> str:
    return f"{value:g}" if value == int(value) and abs(value) < 1e15 else repr(value)
