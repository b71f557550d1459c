"""Live-session yields fitted from history: a week's GMV after n sessions is g₁ · (1 − dⁿ) / (1 − d).

The k-th session of a week sells g₁ · d^(k−1): d = 1 is every session selling the same, d → 0 only the first
selling at all. Least squares over the weeks with sessions: d on a grid in (0, 1], refined by golden-section
search around the grid's best, with g₁ in closed form for each d. A 90% interval of (g₁, d) comes from a seeded
bootstrap over the weeks. Pure numpy; the only planner import is the message catalogue, for why d was not fitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.model.i18n import Money, Number, Share, Text

Array = npt.NDArray[np.float64]

DECAY_GRID: Array = np.arange(1, 1001, dtype=float) / 1000.0  # (0, 1] in steps of 0.001, 1 itself included
GOLDEN_STEPS = 40  # each shrinks the bracket (two grid steps) by 0.618: 2e-3 × 0.618⁴⁰ ≈ 1e-11
MIN_WEEKS = 4  # weeks with sessions; fewer cannot tell a falling yield from noise
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 12  # the same weeks always give the same interval
INTERVAL = 0.90


@dataclass(frozen=True)
class SessionFit:
    """Fitted yields of a live-streaming channel's sessions and how sure the fit is.

    `first` is the GMV of a week's first session (g₁), `decay` the share each further session sells of the one
    before (d, in (0, 1]). `low` and `high` are the 5th and 95th bootstrap percentiles of (first, decay), each
    taken on its own. `reason` is empty when d was fitted, else why it was not (d is then 1: every session sells
    `first`).
    """

    first: float
    decay: float
    weeks: int  # weeks with at least one session, the ones fitted
    low: tuple[float, float]
    high: tuple[float, float]
    reason: Text | str = ""

    def session_revenue(self, count: int) -> tuple[float, ...]:
        """Return the GMV of a week's 1st, 2nd, … `count`-th session."""
        return tuple(self.first * self.decay**k for k in range(count))

    def weekly_revenue(self, sessions: float | Array) -> float | Array:
        """Return a week's GMV after `sessions` sessions, G(n) = g₁ · (1 − dⁿ) / (1 − d)."""
        total = self.first * cumulative_yield(np.asarray(sessions, dtype=float), np.asarray(self.decay))
        return float(total) if np.ndim(total) == 0 else total


def cumulative_yield(sessions: Array, decay: Array) -> Array:
    """Return 1 + d + … + d^(n−1) = (1 − dⁿ) / (1 − d) (n at d = 1), broadcast over sessions and decay."""
    below_one = decay < 1.0
    safe = np.where(below_one, decay, 0.5)
    # expm1 and log keep full precision for d near 1, where 1 − dⁿ and 1 − d both vanish.
    ratio = np.expm1(sessions * np.log(safe)) / (safe - 1.0)
    return np.where(below_one, ratio, sessions)


def fit_session_yields(sessions: Array, revenue: Array) -> SessionFit:
    """Return the first session's GMV and the decay that best explain weekly revenue from weekly sessions.

    Weeks with no session, or whose sessions were not recorded (NaN), are left out. With fewer than
    MIN_WEEKS weeks, fewer than two distinct session counts, or no revenue, the decay is 1 and `reason` says why.
    """
    sessions = np.asarray(sessions, dtype=float)
    revenue = np.asarray(revenue, dtype=float)
    if sessions.shape != revenue.shape or sessions.ndim != 1:
        raise ValueError(
            f"sessions and revenue must be two series of one length, not {sessions.shape} and {revenue.shape}"
        )
    used = np.isfinite(sessions) & (sessions > 0) & np.isfinite(revenue)
    counts, sales = sessions[used], revenue[used]
    weeks = len(counts)
    reason = _why_not_fitted(counts, sales)
    resamples = _bootstrap_weights(weeks)
    if reason:
        first = _first_at(np.ones((1, weeks)), counts, sales, np.ones(1))[0] if weeks else 0.0
        firsts = _first_at(resamples, counts, sales, np.ones(len(resamples))) if weeks else np.zeros(1)
        low, high = np.quantile(firsts, _TAILS)
        return SessionFit(float(first), 1.0, weeks, (float(low), 1.0), (float(high), 1.0), reason)
    decay = _best_decay(np.ones((1, weeks)), counts, sales)
    first = _first_at(np.ones((1, weeks)), counts, sales, decay)
    distinct = _two_counts(resamples, counts)  # a resample of one session count cannot tell d
    decays = _best_decay(resamples[distinct], counts, sales)
    firsts = _first_at(resamples[distinct], counts, sales, decays)
    first_low, first_high = np.quantile(firsts, _TAILS)
    decay_low, decay_high = np.quantile(decays, _TAILS)
    return SessionFit(
        float(first[0]),
        float(decay[0]),
        weeks,
        (float(first_low), float(decay_low)),
        (float(first_high), float(decay_high)),
    )


_TAILS = ((1.0 - INTERVAL) / 2.0, (1.0 + INTERVAL) / 2.0)


def _why_not_fitted(counts: Array, sales: Array) -> Text | str:
    """Return why the decay cannot be told from these weeks, or '' when it can."""
    if len(counts) == 0:
        return Text("curves.sessions.no_weeks")
    if len(counts) < MIN_WEEKS:
        return Text("curves.sessions.few_weeks", weeks=len(counts), needed=MIN_WEEKS)
    if np.unique(counts).size < 2:
        return Text("curves.sessions.one_count", count=Number(float(counts[0])))
    if float(sales.sum()) <= 0:
        return Text("curves.sessions.no_revenue")
    return ""


def _bootstrap_weights(weeks: int) -> Array:
    """Return how often each week is drawn in each bootstrap resample (one row per resample)."""
    weights = np.zeros((BOOTSTRAP_RESAMPLES, weeks))
    if weeks == 0:
        return weights
    drawn = np.random.default_rng(BOOTSTRAP_SEED).integers(0, weeks, size=(BOOTSTRAP_RESAMPLES, weeks))
    np.add.at(weights, (np.arange(BOOTSTRAP_RESAMPLES)[:, None], drawn), 1.0)
    return weights


def _two_counts(weights: Array, counts: Array) -> npt.NDArray[np.bool_]:
    """Return which resamples draw weeks of at least two different session counts."""
    drawn = weights > 0
    highest = np.where(drawn, counts, -np.inf).max(axis=1)
    lowest = np.where(drawn, counts, np.inf).min(axis=1)
    return np.asarray(highest > lowest, dtype=bool)


def _squared_error(weights: Array, counts: Array, sales: Array, decay: Array) -> Array:
    """Return each resample's least-squares error at its decay, g₁ solved exactly (one decay per row)."""
    paths = cumulative_yield(counts[None, :], decay[:, None])
    explained = (weights * paths * sales).sum(axis=1) ** 2 / (weights * paths**2).sum(axis=1)
    total: Array = (weights * sales**2).sum(axis=1) - explained
    return total


def _first_at(weights: Array, counts: Array, sales: Array, decay: Array) -> Array:
    """Return g₁ = Σ w·S·y / Σ w·S² at each row's decay: the least-squares first-session GMV."""
    paths = cumulative_yield(counts[None, :], decay[:, None])
    first: Array = (weights * paths * sales).sum(axis=1) / (weights * paths**2).sum(axis=1)
    return first


def _best_decay(weights: Array, counts: Array, sales: Array) -> Array:
    """Return each resample's least-squares decay: the grid's best, then golden-section search beside it."""
    paths = cumulative_yield(counts[None, :], DECAY_GRID[:, None])  # grid × weeks
    weighted = weights * sales  # resamples × weeks
    explained = (weighted @ paths.T) ** 2 / (weights @ (paths**2).T)
    best = np.argmax(explained, axis=1)  # least error = most explained; ties go to the smaller d
    low = DECAY_GRID[np.maximum(best - 1, 0)]
    high = DECAY_GRID[np.minimum(best + 1, len(DECAY_GRID) - 1)]
    low = np.where(best == 0, DECAY_GRID[0] / 2.0, low)
    refined = _golden_section(weights, counts, sales, low, high)
    grid = DECAY_GRID[best]
    # The refined decay must beat the grid's by more than rounding, so exactly constant yields keep d = 1.
    rounding = 1e-12 * (weights * sales**2).sum(axis=1)
    error_refined = _squared_error(weights, counts, sales, refined)
    better = error_refined < _squared_error(weights, counts, sales, grid) - rounding
    return np.where(better, refined, grid)


def _golden_section(weights: Array, counts: Array, sales: Array, low: Array, high: Array) -> Array:
    """Return the decay of least error in [low, high] for each resample (the error is taken as unimodal there)."""
    shrink = (math.sqrt(5.0) - 1.0) / 2.0
    inner_low, inner_high = high - shrink * (high - low), low + shrink * (high - low)
    error_low = _squared_error(weights, counts, sales, inner_low)
    error_high = _squared_error(weights, counts, sales, inner_high)
    for _ in range(GOLDEN_STEPS):
        left = error_low <= error_high  # the least lies left of inner_high: drop the right end
        low, high = np.where(left, low, inner_low), np.where(left, inner_high, high)
        kept, error_kept = np.where(left, inner_low, inner_high), np.where(left, error_low, error_high)
        new = np.where(left, high - shrink * (high - low), low + shrink * (high - low))
        error_new = _squared_error(weights, counts, sales, new)
        inner_low, error_low = np.where(left, new, kept), np.where(left, error_new, error_kept)
        inner_high, error_high = np.where(left, kept, new), np.where(left, error_kept, error_new)
    result: Array = (low + high) / 2.0
    return result


def describe_session_fit(fit: SessionFit, symbol: str) -> Text:
    """Return the fit in words for a plan's notes: the first session's GMV, the decay, their interval, the weeks."""
    if fit.weeks == 0:
        return Text("curves.sessions.no_weeks")
    if fit.reason:
        return Text("curves.sessions.not_fitted", reason=fit.reason, first=Money(fit.first, symbol), weeks=fit.weeks)
    return Text(
        "curves.sessions.fitted",
        weeks=fit.weeks,
        first=Money(fit.first, symbol),
        decay=Share(fit.decay),
        first_low=Money(fit.low[0], symbol),
        first_high=Money(fit.high[0], symbol),
        decay_low=Share(fit.low[1]),
        decay_high=Share(fit.high[1]),
    )
