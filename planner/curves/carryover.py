"""Carry-over: how a period's response lands in that period and the ones after it (a geometric decay).

A channel with carry-over r (per week) turns a response R bought in a week into (1 − r)·r^j·R landing j
weeks later: over an endless horizon it all lands, so the curves (fitted on weekly totals) keep their total
effect. A period's response is taken as bought evenly over its weeks (or its days, when periods are not
whole weeks, with the daily decay r^(1/7)). Saturation is per period and the spread is linear, so the LP
stays exact (docs/calendar-design.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Landing:
    """Where one channel's response of each period lands: `into[p][q]` of period p's lands in period q."""

    into: tuple[tuple[float, ...], ...]
    beyond: tuple[float, ...]  # the share of period p's response that lands after the last period
    # The same as arrays, for sums over periods (numpy): periods × periods, upper triangular.
    into_matrix: np.ndarray = field(compare=False, repr=False, default_factory=lambda: np.zeros((0, 0)))
    beyond_array: np.ndarray = field(compare=False, repr=False, default_factory=lambda: np.zeros(0))


@lru_cache(maxsize=256)
def carryover_landing(lengths_in_days: tuple[int, ...], weekly_decay: float) -> Landing:
    """Return where each period's response lands, for periods of these lengths and a decay per week.

    Period p covers units [s_p, e_p) (weeks when every period is whole weeks, else days with the daily decay
    d = r^(1/7)); a unit of response bought in unit u lands in [a, b) as d^(max(a, u) − u) − d^(b − u).
    Averaged over p's units, with G_p = Σ_{j=1..L_p} d^j: into[p, p] = (L_p − G_p) / L_p, into[p, q] =
    (d^(s_q − e_p) − d^(e_q − e_p))·G_p / L_p for q > p, beyond[p] = d^(H − e_p)·G_p / L_p (every exponent ≥ 0).
    """
    weekly = all(days % 7 == 0 for days in lengths_in_days)
    units = np.array([days // 7 for days in lengths_in_days] if weekly else lengths_in_days, dtype=float)
    decay = weekly_decay if weekly else weekly_decay ** (1 / 7)
    ends = np.cumsum(units)
    starts = ends - units
    # G_p = d + d² + … + d^L_p (d < 1 for carry-over, d = 0 gives 0).
    geometric = np.array([float(np.sum(decay ** np.arange(1, length + 1))) for length in units.astype(int)])
    gaps = starts[np.newaxis, :] - ends[:, np.newaxis]  # s_q − e_p, ≥ 0 where q > p
    later = np.triu(np.ones((len(units), len(units)), dtype=bool), k=1)
    with np.errstate(under="ignore"):
        lands = np.power(decay, np.where(later, gaps, 0.0)) - np.power(decay, np.where(later, gaps + units, 0.0))
    into = np.where(later, lands * (geometric / units)[:, np.newaxis], 0.0)
    into[np.diag_indices(len(units))] = (units - geometric) / units
    with np.errstate(under="ignore"):
        beyond = np.power(decay, ends[-1] - ends) * geometric / units
    into.setflags(write=False)
    beyond.setflags(write=False)
    return Landing(tuple(map(tuple, into.tolist())), tuple(beyond.tolist()), into, beyond)
