"""Carry-over: how a period's response lands in that period and the ones after it (a geometric decay).

A channel with carry-over r (per week) turns a response R bought in a week into (1 − r)·r^j·R landing j
weeks later: over an endless horizon it all lands, so the curves (fitted on weekly totals) keep their total
effect. A period's response is taken as bought evenly over its weeks (or its days, when periods are not
whole weeks, with the daily decay r^(1/7)). Saturation is per period and the spread is linear, so the LP
stays exact (docs/calendar-design.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Landing:
    """Where one channel's response of each period lands: `into[p][q]` of period p's lands in period q."""

    into: tuple[tuple[float, ...], ...]
    beyond: tuple[float, ...]  # the share of period p's response that lands after the last period


@lru_cache(maxsize=256)
def carryover_landing(lengths_in_days: tuple[int, ...], weekly_decay: float) -> Landing:
    """Return where each period's response lands, for periods of these lengths and a decay per week."""
    weekly = all(days % 7 == 0 for days in lengths_in_days)
    units = [days // 7 for days in lengths_in_days] if weekly else list(lengths_in_days)
    decay = weekly_decay if weekly else weekly_decay ** (1 / 7)
    starts = [sum(units[:p]) for p in range(len(units))]
    horizon = sum(units)
    into: list[tuple[float, ...]] = []
    beyond: list[float] = []
    for p, (start, length) in enumerate(zip(starts, units, strict=True)):
        row = [0.0] * len(units)
        for unit in range(start, start + length):
            # A unit of response bought in `unit` lands in [a, b) with decay^(max(a, unit) − unit) − decay^(b − unit).
            for q in range(p, len(units)):
                first, end = max(starts[q], unit), starts[q] + units[q]
                row[q] += decay ** (first - unit) - decay ** (end - unit)
        into.append(tuple(value / length for value in row))
        beyond.append(sum(decay ** (horizon - unit) for unit in range(start, start + length)) / length)
    return Landing(tuple(into), tuple(beyond))
