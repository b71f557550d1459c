"""Where a plan of many long curve tables starts: the best plan under the budget alone, on the whole tables.

With the budget as the only rule (each channel between its floor and cap), a plan on concave curves is a
water-filling problem: every channel at its floor, then the pieces that buy most per unit of budget first,
until the budget is spent or no piece adds anything. On a table's own pieces that is the exact optimum of
the tables, found by one sort. The LP is then built once, on the scenario's chords plus the table corners
around that plan (refine_responses), and solved from it: the solve confirms the plan and gives the duals,
and the tables' certificate (tables_settled) ends the refinement at the first round. Planned on the chords
alone, 10,000 channels took three models and three solves, each round finding corners nearer the optimum.

Only a start: where the scenario has anything else (a rule, a resource, a calendar, a fee, whole units), or a
curve is not a concave table with affine rates, there is no start and the chords are solved and refined as
always. A wrong start cannot give a wrong plan either: the model keeps every chord, and the LP decides.
"""

from __future__ import annotations

import math

import numpy as np

from planner.curves.segments import ChannelResponse, Responses
from planner.model.scenario import Scenario

Array = np.ndarray


def budget_alone_start(scenario: Scenario, responses: Responses) -> tuple[float, ...] | None:
    """Return each channel's spend in the best plan under the budget alone on the whole tables, or None.

    None where the scenario has more than a budget to plan under, no curve is a table (chords of fitted curves
    are refined around the plan anyway), a piece costs other than its width from the budget, or a channel's
    returns rise somewhere (the LP fills such pieces in order with binaries; water-filling would not).
    """
    budget = scenario.budget
    if (
        budget is None
        or budget.commission_budget is not None
        or scenario.objective.sense != "maximize"
        or scenario.calendar is not None
        or scenario.rules
        or scenario.resources
    ):
        return None
    channels = responses.channels
    if not any(_is_table(c) for c in channels):
        return None
    weeks = responses.period_weeks or 1.0
    measure = scenario.objective.measure
    widths: list[Array] = []
    rates: list[Array] = []
    owners: list[Array] = []
    for i, channel in enumerate(channels):
        if not _plain(channel):
            return None
        pieces = _table_pieces(channel, measure, weeks) if _is_table(channel) else _segment_pieces(channel, measure)
        if pieces is None:
            return None
        widths.append(pieces[0])
        rates.append(pieces[1])
        owners.append(np.full(len(pieces[0]), i))
    floors = np.array([c.lower.value for c in channels], dtype=float)
    caps = np.array([c.upper.value for c in channels], dtype=float)
    every = (np.concatenate(owners), np.concatenate(widths), np.concatenate(rates))
    return water_fill(floors, caps, *every, budget.amount, exactly=budget.exactly)


def _plain(channel: ChannelResponse) -> bool:
    """Return whether a channel is only spend between a floor and a cap (no fee, whole units or on/off)."""
    return not (
        channel.setup_fee
        or channel.whole_units
        or channel.session_levels
        or channel.active_minimum
        or channel.switched
        or channel.lower.kind == "actual"
    )


def _is_table(channel: ChannelResponse) -> bool:
    report = channel.curve
    return report is not None and channel.affine is not None and report.curve.form == "table"


def _table_pieces(channel: ChannelResponse, measure: str, weeks: float) -> tuple[Array, Array] | None:
    """Return the widths (money in the plan's period) and objective rates of a table's own pieces, or None."""
    report = channel.curve
    assert report is not None
    assert channel.affine is not None
    if not report.curve.is_concave():
        return None
    base, per = channel.affine
    if base.get("spend", 0.0) != 1.0 or per.get("spend", 0.0) != 0.0 or per.get(measure, 0.0) < 0:
        return None  # a piece that costs other than its width, or a measure that rises as the table falls
    scale = weeks if report.per_week else 1.0
    top = sum(s.width for s in channel.segments) / scale  # where the chords end: the table, or less
    xs = report.curve.table[0]
    xs = xs[xs <= top * (1 + 1e-12)]
    slopes = report.curve.table_slopes[: max(len(xs) - 1, 0)]
    return np.diff(xs) * scale, base.get(measure, 0.0) + slopes * per.get(measure, 0.0)


def _segment_pieces(channel: ChannelResponse, measure: str) -> tuple[Array, Array] | None:
    """Return the widths and objective rates of a channel's own segments, or None if one costs other than it."""
    if any(s.rates.get("spend", 0.0) != 1.0 for s in channel.segments):
        return None
    widths = np.array([s.width for s in channel.segments], dtype=float)
    rates = np.array([s.rates.get(measure, 0.0) for s in channel.segments], dtype=float)
    if np.any(np.diff(rates) > 1e-12 * max(1.0, float(np.max(np.abs(rates), initial=0.0)))):
        return None  # rising returns (an S-shaped stretch, dearer tranches first): filled in order by binaries
    return widths, rates


def water_fill(
    floors: Array, caps: Array, owners: Array, widths: Array, rates: Array, budget: float, exactly: bool = False
) -> tuple[float, ...] | None:
    """Return each channel's spend in the best plan of pieces under one budget: floors first, then the best-rated
    pieces within the caps; None where the floors alone are more than the budget or above a cap.

    `owners`, `widths` and `rates` describe every piece, each channel's in the order they fill (owners
    ascending); a piece's rate is what a unit of it adds to the objective. Pieces that add nothing (or lose) are
    left out, unless the budget must be spent `exactly`: then they follow, the least harmful first. Exact for
    concave pieces (each channel's rates falling); used by the solver as well, for an LP's own pieces.
    """
    count = len(floors)
    left = budget - float(floors.sum())
    if not math.isfinite(left) or left < 0 or np.any(floors > caps):
        return None  # no plan: the LP says why
    widths = np.minimum(widths, budget)  # no plan spends more on a piece than the whole budget (nor infinity)
    ends = np.cumsum(widths)
    firsts = np.searchsorted(owners, np.arange(count))  # each channel's first piece
    channel_start = np.concatenate([[0.0], ends])[firsts]
    starts = np.concatenate([[0.0], ends[:-1]]) - channel_start[owners]  # where each piece starts on its channel
    ends = starts + widths
    # What of each piece lies between the channel's floor and cap (below the floor it is spent anyway).
    available = np.clip(np.minimum(ends, caps[owners]) - np.maximum(starts, floors[owners]), 0.0, None)
    # Among equal rates any order gives the same plan's worth, and each channel's total is all that is kept:
    # the quicker sort (a third of a stable one's time on 2 million pieces).
    order = np.argsort(-rates)
    if not exactly:
        order = order[rates[order] > 0]
    taken_widths = available[order]
    before = np.concatenate([[0.0], np.cumsum(taken_widths)[:-1]])
    taken = np.clip(left - before, 0.0, taken_widths)
    spend = floors + np.bincount(owners[order], weights=taken, minlength=count)
    if not np.all(np.isfinite(spend)):
        return None
    return tuple(float(x) for x in spend)
