"""A fix for a conflict: one exact edit of the scenario, labelled with the very number it writes.

A limit found by the solver (15,792.7 new customers) is rounded to what a person reads in the label
(15,792, under the number policy of `planner.model.formatting`) in the direction that keeps the fix
sufficient: a floor or an "at least" goes down, a cap, a budget or an "at most" goes up. The label shows
the rounded value and the edit writes it, so what is read is what is written.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from planner.model.formatting import money_decimals
from planner.model.i18n import Money, Number, Ratio, Share, Text, render
from planner.model.scenario import Scenario

Shown = Literal["money", "number", "share", "ratio"]  # how a limit is shown, and so how it is rounded
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Edit:
    """One value written into the scenario: `path` as in its YAML (`rules`, 2, `at_least`); None clears it."""

    path: Path
    value: object  # a number, True/False, None, or (to drop a rule) the new list of rules

    @property
    def field(self) -> str:
        """Return the path as scenario errors name fields (`rules -> 2 -> at_least`)."""
        return " -> ".join(str(part) for part in self.path)


@dataclass(frozen=True)
class Fix:
    """The least change to one rule (or a few, together) that makes the scenario feasible, all else unchanged."""

    target: Literal["budget", "rule", "floor", "cap", "lock", "resource", "drop", "together"]
    name: str  # rule name, channel id, "budget"; for a combined fix, the names joined by " + "
    sense: str  # the limit's sense: ">=" (a floor, relaxed down), "<=" (a cap, relaxed up) or "=="
    current: float  # the limit as written now
    needed: float  # the nearest feasible limit, exactly as the solver found it
    value: float  # what the fix writes: `needed` rounded, in the safe direction, to what the label shows
    label: Text  # "lower 'new customers target' from 18,000 to 15,792"
    edits: tuple[Edit, ...]  # exactly what `apply_fix` writes
    field: str = ""  # where the changed limit is in the scenario, e.g. "rules -> 2 (live share) -> at_least"

    @property
    def text(self) -> str:
        """Return the label in English."""
        return render(self.label, "en")

    @property
    def text_zh(self) -> str:
        """Return the label in Chinese."""
        return render(self.label, "zh")

    @property
    def relative_change(self) -> float:
        """Return the size of the change relative to the current limit (a combined fix counts as the largest)."""
        if self.target in ("drop", "together") or not math.isfinite(self.current):
            return math.inf
        return abs(self.value - self.current) / max(abs(self.current), 1e-9)


def shown_step(value: float, shown: Shown) -> float:
    """Return the smallest difference the number policy shows for a value (¥1 above ¥1,000, 0.1 point of a share)."""
    size = abs(value)
    if size == 0:
        return 1.0 if shown in ("money", "number") else 0.001 if shown == "share" else 0.01
    magnitude = math.floor(math.log10(size))
    if shown == "money":
        return 10.0 ** -money_decimals(size)
    if shown == "number":
        if size >= 100:
            return 1.0
        return 0.1 if size >= 10 else 0.01 if size >= 1 else 10.0 ** (magnitude - 2)
    if shown == "share":
        return 0.001 if size >= 0.01 else 10.0 ** (magnitude - 1)
    return 0.01 if size >= 1 else 10.0 ** (magnitude - 2)


def written_value(value: float, shown: Shown, up: bool) -> float:
    """Return value rounded up (or down) to a number the policy shows in full, so label and file agree."""
    if value == 0 or not math.isfinite(value):
        return value
    step = shown_step(value, shown)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    quotient = value / step
    # A value already on the grid (up to float noise) stays where it is.
    steps = math.ceil(quotient - 1e-7) if up else math.floor(quotient + 1e-7)
    rounded = round(steps * step, decimals)
    return float(rounded) if decimals else float(int(rounded))


def next_written(value: float, shown: Shown, up: bool) -> float:
    """Return the next number the policy shows in full beyond value, in the safe direction."""
    step = shown_step(value, shown)
    return written_value(value + step if up else value - step, shown, up)


def shown_as(value: float, shown: Shown, symbol: str) -> Money | Number | Share | Ratio:
    """Return the value wrapped to render under the number policy."""
    if shown == "money":
        return Money(value, symbol)
    if shown == "share":
        return Share(value)
    if shown == "ratio":
        return Ratio(value)
    return Number(value)


def apply_fix(scenario: Scenario, fix: Fix) -> Scenario:
    """Return the scenario with a fix's edits written in (validated, still pointing at its file)."""
    return apply_edits(scenario, fix.edits)


def apply_edits(scenario: Scenario, edits: Sequence[Edit]) -> Scenario:
    """Return the scenario with edits written in, in order (validated, still pointing at its file)."""
    data = scenario.model_dump(warnings=False)
    for edit in edits:
        _write(data, edit.path, edit.value)
    return scenario.vary(**{key: data[key] for key in {str(edit.path[0]) for edit in edits}})


def _write(data: Any, path: Path, value: object) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
