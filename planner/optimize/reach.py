"""How far a limit can move: the value nearest the written one that the other rules allow.

The conflict diagnosis (`diagnose.py`, and `calendar_conflict.py` for a calendar's entries) asks this of one
rule at a time on a warm HiGHS session: a feasibility test per candidate value, doubling then bisection.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.optimize.lp import LinearProgram, row_terms

BISECTION_STEPS = 40  # 2^-40 of the distance: far below the cent the fix is rounded to


Coefficients = dict[tuple[int, int], float]


def moving_coefficients(lp: LinearProgram, name: str) -> tuple[Coefficients, Coefficients]:
    """Return a row `quantity − limit × measure` as (quantity, measure): its coefficients at a limit L are q − L·m."""
    info = lp.rows[name]
    row = row_terms(lp, name)
    multiplied = {(i, k): c for i, k, c in info.limit_multiplies}
    numerator = {
        key: row.get(key, 0.0) + info.limit * multiplied.get(key, 0.0) for key in row.keys() | multiplied.keys()
    }
    return numerator, multiplied


def search_limit(feasible: Callable[[float], bool], limit: float, *, up: bool) -> float | None:
    """Return the value nearest `limit` at which `feasible` holds, or None when there is none.

    Up (a cap to raise): double from `limit` until feasible, then bisect between. Down (a floor to lower): 0
    must be feasible; bisect between 0 and `limit`.
    """
    if up:
        bad, good = limit, max(limit, 1e-6) * 2
        for _ in range(60):
            if feasible(good):
                break
            bad, good = good, good * 2
        else:
            return None
    else:
        good, bad = 0.0, limit
        if not feasible(good):
            return None
    for _ in range(BISECTION_STEPS):
        middle = (good + bad) / 2
        if feasible(middle):
            good = middle
        else:
            bad = middle
    return good
