"""Carry-over estimated from history (a geometric decay), and the carry-in of the history's last weeks.

The model is the one `carryover.py` plans with: a response R bought in week t lands (1 − r)·r^j·R in week
t + j. So what a week records is y_t = r·y_{t−1} + (1 − r)·R_t (the Koyck form), and the response bought
each week is R_t = (y_t − r·y_{t−1}) / (1 − r). For each r of a grid the curve is refitted on those R_t,
its response spread again with r and scored against y_t (output error: unbiased where the noise is in
what is recorded, unlike regressing y_t on y_{t−1}, which shrinks r towards 0). The decay with the least
squared error is the estimate; its 95% interval is every r whose profile likelihood is within
χ²₁(0.95) = 3.84 of the best (n·log(SSE(r) / SSE_best) ≤ 3.84, Gaussian errors). The decay is used only
where that interval excludes 0, i.e. carry-over improves the fit by the likelihood-ratio test at 5%;
otherwise 0.

Carry-in: the response the history's last weeks bought that lands in the plan's periods, with the kernel
of `carryover_landing` (weekly, or daily with r^(1/7) when some period or offset is not whole weeks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.curves.fitting import CURVED_FORMS, Array, ResponseCurve, fit_form

DECAY_GRID = tuple(round(0.05 * k, 2) for k in range(19))  # 0, 0.05, …, 0.9
CHI2_95 = 3.841458820694124  # χ² with one degree of freedom, 95th percentile
MIN_DECAY_WEEKS = 12  # weeks with spend needed to tell carry-over from noise


@dataclass(frozen=True)
class DecayEstimate:
    """A channel's carry-over estimated from its weekly history."""

    estimate: float  # the decay with the least error on the grid
    low: float  # 95% interval (profile likelihood), on the grid
    high: float
    used: float  # the estimate where the interval excludes 0, else 0
    weeks: int  # weeks scored
    status: str  # "estimated", "not_shown" (interval includes 0) or "no_data" (too few weeks)


def bought(outcome: npt.ArrayLike, decay: float) -> Array:
    """Return the response bought each week from what each week recorded (the first week taken as steady)."""
    y = np.asarray(outcome, dtype=np.float64)
    if decay == 0 or len(y) == 0:
        return y.copy()
    previous = np.concatenate([[y[0]], y[:-1]])
    return np.maximum((y - decay * previous) / (1.0 - decay), 0.0)


def landed(response: Array, decay: float) -> Array:
    """Return what each week records from the response bought each week (the first week taken as steady)."""
    out = np.empty(len(response))
    previous = response[0] if len(response) else 0.0
    for week, value in enumerate(response):
        previous = decay * previous + (1.0 - decay) * value
        out[week] = previous
    return out


def _fit(spend: Array, response: Array, form: str) -> ResponseCurve:
    return fit_form(spend, response, form if form in CURVED_FORMS else "linear")


def estimate_decay(
    spend: npt.ArrayLike, outcome: npt.ArrayLike, form: str, scored: npt.ArrayLike | None = None
) -> DecayEstimate:
    """Return the carry-over of a channel from its weekly spend and outcome, the curve refitted for each decay.

    `scored` marks the weeks fitted and scored (event weeks are left out: their response is not the base
    curve's; what they bought, (y_t − r·y_{t−1}) / (1 − r), still lands in the weeks after them).
    """
    s, y = np.asarray(spend, dtype=np.float64), np.asarray(outcome, dtype=np.float64)
    mask = np.ones(len(s), dtype=bool) if scored is None else np.asarray(scored, dtype=bool).copy()
    mask[:1] = False  # the first week has no week before it
    weeks = int(np.count_nonzero(mask & (s > 0)))
    if weeks < MIN_DECAY_WEEKS or not y[mask].any():
        return DecayEstimate(0.0, math.nan, math.nan, 0.0, weeks, "no_data")
    errors = []
    for decay in DECAY_GRID:
        response = bought(y, decay)
        curve = _fit(s[mask], response[mask], form)
        # Weeks not scored (events) carry what they really bought into the weeks after them.
        predicted = landed(np.where(mask, curve.value(s), response), decay)
        errors.append(float(np.sum((y[mask] - predicted[mask]) ** 2)))
    sse = np.maximum(np.array(errors), 1e-300)
    n = int(np.count_nonzero(mask))
    profile = n * np.log(sse / sse.min())
    best = int(np.argmin(sse))
    inside = np.flatnonzero(profile <= CHI2_95)
    low, high = DECAY_GRID[int(inside.min())], DECAY_GRID[int(inside.max())]
    shown = bool(profile[0] > CHI2_95)
    estimate = DECAY_GRID[best]
    return DecayEstimate(estimate, low, high, estimate if shown else 0.0, n, "estimated" if shown else "not_shown")


def carry_in_shares(offsets_in_days: tuple[int, ...], lengths_in_days: tuple[int, ...], decay: float) -> Array:
    """Return, per history week (its first day `offset` days before the plan's first day), the share of its
    response landing in each period (rows: weeks, columns: periods), with the kernel of `carryover_landing`.
    """
    shares = np.zeros((len(offsets_in_days), len(lengths_in_days)))
    if decay <= 0:
        return shares
    weekly = all(d % 7 == 0 for d in (*offsets_in_days, *lengths_in_days))
    starts = np.concatenate([[0], np.cumsum(lengths_in_days)])
    if weekly:
        # A unit bought in week −D lands r^(a + D) − r^(b + D) in weeks [a, b) of the plan.
        for row, offset in enumerate(offsets_in_days):
            ahead = offset // 7
            shares[row] = decay ** (starts[:-1] // 7 + ahead) - decay ** (starts[1:] // 7 + ahead)
        return shares
    daily = decay ** (1.0 / 7.0)
    for row, offset in enumerate(offsets_in_days):
        for day in range(7):  # bought evenly over the week's seven days
            ahead = offset - day
            if ahead <= 0:
                continue  # a day inside the plan is not history
            shares[row] += (daily ** (starts[:-1] + ahead) - daily ** (starts[1:] + ahead)) / 7.0
    return shares
