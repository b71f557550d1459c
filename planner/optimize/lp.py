"""Scenario + responses → linear program. The only module (with solve.py) that touches PuLP.

Variables: one spend variable per channel, bounded by the channel's floor and cap, and
one variable per segment of its response when it has more than one (linked by
spend = Σ segments). Every named rule becomes one row per limit, recorded in
`LinearProgram.rows` so its dual can be reported under the user's name.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pulp

from planner.curves.segments import ChannelResponse, Responses, Segment
from planner.model.rules import (
    LimitRule,
    MaxChannelsRule,
    MaxCPARule,
    MinROASRule,
    RatioRule,
    Selection,
    ShareRule,
)
from planner.model.runtime import no_garbage_collection
from planner.model.scenario import Scenario

Sense = Literal["<=", ">=", "=="]
# HiGHS's tolerances are absolute, so the solver sees money in units that keep the budget moderate:
MONEY_RANGE = (1.0, 1e7)  # a reference amount of money (the budget) inside this range is left as it is
MONEY_TARGET = 1e4  # the reference amount after scaling, when it is outside MONEY_RANGE
_PULP_SENSE = {"<=": pulp.LpConstraintLE, ">=": pulp.LpConstraintGE, "==": pulp.LpConstraintEQ}


@dataclass(frozen=True)
class RowInfo:
    """What a row of the LP means to the user."""

    rule: str  # the rule's name as the user wrote it ("budget" for the budget)
    kind: str  # budget, resource, limit, share, ratio, max_cpa, min_roas
    sense: Sense
    limit: float  # the limit as the user wrote it (a share as a fraction)
    measure: str
    # For rules whose limit multiplies a measure (share, ratio, CPA, ROAS) the shadow price per unit
    # of the limit is the row dual times that measure's value at the optimum: these are its terms.
    limit_multiplies: tuple[tuple[int, int, float], ...] = ()  # (channel index, segment index or -1, coefficient)
    # Where a calendar's row is written (("calendar", "budgets", 0, "at_most")): the rows of one entry move together.
    source: tuple[str | int, ...] = ()


@dataclass
class LinearProgram:
    """A built LP with the maps back from PuLP objects to channels and rules."""

    problem: pulp.LpProblem
    spend: list[pulp.LpVariable]
    segments: list[list[pulp.LpVariable]]  # empty list where the spend variable is the only segment
    rows: dict[str, RowInfo]  # internal constraint name -> meaning
    responses: Responses
    sense: Literal["maximize", "minimize"]
    objective_measure: str
    ordered: frozenset[int] = frozenset()  # channels whose segments are forced to fill in order
    order_binaries: list[pulp.LpVariable] = field(default_factory=list)
    unit_counts: list[pulp.LpVariable] = field(default_factory=list)  # integer units of whole-unit channels
    constraints: dict[str, pulp.LpConstraint] = field(default_factory=dict)  # the row of every named rule
    all_constraints: list[pulp.LpConstraint] = field(default_factory=list)  # every row, in solver order
    link_rows: dict[int, int] = field(default_factory=dict)  # channel → its spend = Σ segments row's solver position
    # A calendar's LP has a copy of every channel per period (index period × channels + channel); rules
    # select channels of the scenario and count them in every period (docs/calendar-design.md).
    periods: int = 1
    on_air: list[pulp.LpVariable] = field(default_factory=list)  # calendar: 1 where a period counts as on air
    # docs/economics-design.md: 1 where a channel (a period's copy) runs; the set-up fees' binaries, by channel
    active: dict[int, pulp.LpVariable] = field(default_factory=dict)
    fees: dict[int, list[tuple[int, pulp.LpVariable]]] = field(default_factory=dict)  # channel → (copy, starts)
    # per on-air binary: its link row (spend − minimum × binary ≥ 0) and the minimum (solver.relaxation_rounds)
    on_air_links: list[tuple[str, float]] = field(default_factory=list)
    totals: Responses | None = None  # calendar: the whole-calendar responses (channel floors and caps are rows)
    time_limit: float | None = None  # seconds a MILP may search (scenario.solver)
    mip_gap: float = 1e-6  # the relative gap a MILP stops at (scenario.solver)
    # calendar with pacing rules: the even spend of each copy, given an optimum's spend and the copies its
    # on/off decisions hold at nothing (solver.paced)
    pacing: Callable[[tuple[float, ...], frozenset[int]], dict[int, float]] | None = None


def build_problem(
    scenario: Scenario, responses: Responses, ordered: frozenset[int] = frozenset(), periods: int = 1
) -> LinearProgram:
    """Return the LP of a scenario; binaries force the segments of the `ordered` channels to fill in order.

    With `periods` > 1 the responses hold a copy of every channel per period, period after period.
    """
    with no_garbage_collection():
        return _build_problem(scenario, responses, ordered, periods)


def _build_problem(scenario: Scenario, responses: Responses, ordered: frozenset[int], periods: int) -> LinearProgram:
    sense = scenario.objective.sense
    problem = pulp.LpProblem("promo_plan", pulp.LpMaximize if sense == "maximize" else pulp.LpMinimize)
    spend, segments = define_channel_variables(problem, responses.channels)
    lp = LinearProgram(problem, spend, segments, {}, responses, sense, scenario.objective.measure, ordered)
    lp.periods = periods
    lp.time_limit, lp.mip_gap = scenario.solver.time_limit, scenario.solver.gap
    problem.setObjective(measure_expression(lp, scenario.objective.measure, range(len(spend))))
    define_segment_links(lp)
    define_whole_units(lp)
    if ordered:
        define_segment_order(lp, spend_ceiling(scenario, responses))
    define_budget(lp, scenario)
    define_resource_limits(lp, scenario)
    define_on_off(lp, scenario)
    define_rules(lp, scenario)
    return lp


def define_channel_variables(
    problem: pulp.LpProblem,
    channels: tuple[ChannelResponse, ...],
) -> tuple[list[pulp.LpVariable], list[list[pulp.LpVariable]]]:
    """Return the spend variable of every channel and the segment variables of multi-segment channels."""
    spend = []
    segments: list[list[pulp.LpVariable]] = []
    for i, channel in enumerate(channels):
        upper = channel.upper.value if math.isfinite(channel.upper.value) else None
        spend.append(problem.add_variable(f"x{i}", lowBound=channel.lower.value, upBound=upper))
        if len(channel.segments) == 1:
            segments.append([])
            continue
        segments.append(
            [
                problem.add_variable(f"y{i}_{k}", lowBound=0, upBound=s.width if math.isfinite(s.width) else None)
                for k, s in enumerate(channel.segments)
            ]
        )
    return spend, segments


def define_whole_units(lp: LinearProgram) -> None:
    """Add units bought = a whole number for channels bought in whole units (ads, boards, live sessions)."""
    for i, channel in enumerate(lp.responses.channels):
        if channel.lower.kind == "actual":
            continue  # a period that is over spent what it spent, whole units or not
        if channel.session_levels:
            define_session_levels(lp, i)
            continue
        if not channel.whole_units:
            continue
        if channel.one_price:  # spend = unit cost × units: the row keeps money's magnitude
            assert channel.unit_cost is not None
            terms = pulp.LpAffineExpression([(lp.spend[i], 1.0)])
            scale = channel.unit_cost
        else:  # discounts, sessions: the units each segment buys
            terms = measure_expression(lp, "units", [i])
            scale = 1.0
        if not terms:
            continue
        count = lp.problem.add_variable(f"u{i}", lowBound=0, cat=pulp.LpInteger)
        lp.unit_counts.append(count)
        terms.addterm(count, -scale)
        constrain(lp, pulp.LpConstraint(terms, pulp.LpConstraintEQ, f"units{i}", 0))


def define_session_levels(lp: LinearProgram, i: int) -> None:
    """Add a live channel's sessions level by level: m_k weeks hold a k-th session, m_k+1 ≤ m_k.

    m_k = spend on level k / one session's cost there; whole sessions make each m_k an integer. A level
    used in more weeks than the one before it would be a third session in a week without a second.
    """
    channel = lp.responses.channels[i]
    first = 1 if channel.setup_fee else 0
    columns = lp.segments[i][first:] if lp.segments[i] else [lp.spend[i]]
    rates = [s.rates.get("units", 0.0) for s in channel.media_segments]
    counts: list[pulp.LpAffineExpression] = []
    for k, (column, rate) in enumerate(zip(columns, rates, strict=True)):
        if channel.whole_units:
            count = lp.problem.add_variable(f"u{i}_{k}", lowBound=0, cat=pulp.LpInteger)
            lp.unit_counts.append(count)
            whole = pulp.LpAffineExpression([(column, rate), (count, -1.0)])
            constrain(lp, pulp.LpConstraint(whole, pulp.LpConstraintEQ, f"units{i}_{k}", 0))
            counts.append(pulp.LpAffineExpression([(count, 1.0)]))
        else:
            counts.append(pulp.LpAffineExpression([(column, rate)]))
    for k in range(1, len(counts)):
        constrain(lp, pulp.LpConstraint(counts[k] - counts[k - 1], pulp.LpConstraintLE, f"level{i}_{k}", 0))


def define_segment_links(lp: LinearProgram) -> None:
    """Add spend = Σ segment spend for every channel with several segments."""
    for i, variables in enumerate(lp.segments):
        if variables:
            terms = [(lp.spend[i], 1.0)] + [(v, -1.0) for v in variables]
            lp.link_rows[i] = len(lp.all_constraints)
            constrain(lp, pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintEQ, f"link{i}", 0))


def spend_ceiling(scenario: Scenario, responses: Responses) -> float:
    """Return a finite amount no channel can spend beyond: the budget, else the sum of finite caps."""
    if scenario.budget is not None:
        return scenario.budget.amount + (scenario.budget.commission_budget or 0.0)
    caps = [c.upper.value for c in responses.channels if math.isfinite(c.upper.value)]
    return sum(caps) if len(caps) == len(responses.channels) else 1e12


def define_segment_order(lp: LinearProgram, ceiling: float) -> None:
    """Add binaries so a segment is used only once the one before it is full (exact for any yields)."""
    for i, variables in enumerate(lp.segments):
        if i not in lp.ordered:
            continue
        widths = [s.width for s in lp.responses.channels[i].segments]
        cap = min(lp.responses.channels[i].upper.value, ceiling)
        first = 1 if lp.responses.channels[i].setup_fee else 0  # a set-up fee is whole or nothing by its own binary
        for k in range(first, len(variables) - 1):
            full = lp.problem.add_variable(f"z{i}_{k}", cat=pulp.LpBinary)
            lp.order_binaries.append(full)
            next_width = min(widths[k + 1], cap)
            fill = pulp.LpAffineExpression([(variables[k], 1.0), (full, -widths[k])])
            constrain(lp, pulp.LpConstraint(fill, pulp.LpConstraintGE, f"fill{i}_{k}", 0))
            follow = pulp.LpAffineExpression([(variables[k + 1], 1.0), (full, -next_width)])
            constrain(lp, pulp.LpConstraint(follow, pulp.LpConstraintLE, f"next{i}_{k}", 0))


def define_budget(lp: LinearProgram, scenario: Scenario) -> None:
    """Add the budget row: total spend at most (or exactly) the budget."""
    if scenario.budget is None:
        return
    spend_all = scenario.calendar is not None and scenario.calendar.unspent == "spend_all"
    sense: Sense = "==" if scenario.budget.exactly or spend_all else "<="
    expression = measure_expression(lp, "spend", range(len(lp.spend)))
    pot = scenario.budget.commission_budget
    if pot is not None:  # commissions are paid from their own pot, everything else from the budget
        commission = measure_expression(lp, "commission", range(len(lp.spend)))
        expression = expression - commission
    add_row(
        lp,
        expression,
        sense,
        scenario.budget.amount,
        RowInfo("budget", "budget", sense, scenario.budget.amount, "spend"),
    )
    if pot is not None:
        add_row(lp, commission, "<=", pot, RowInfo("commission_budget", "commission_budget", "<=", pot, "commission"))


def define_on_off(lp: LinearProgram, scenario: Scenario) -> None:
    """Add the on/off decisions of set-up fees, min_if_active and max_channels rules (docs/economics-design.md).

    A set-up fee is the first segment of every copy still to plan, with a binary s "the channel starts here":
    fee segment = fee × s, Σ s ≤ 1, and a copy's media ≤ M × Σ s of it and the copies before (paid when it
    starts, once). Each copy that needs a decision of its own (a threshold, a count) gets a binary a:
    media ≤ M·a, media ≥ minimum·a, and a ≤ Σ s under a fee.
    """
    count = len(lp.spend) // lp.periods
    counted = {
        i for rule in scenario.rules if isinstance(rule, MaxChannelsRule) for i in channel_indices(scenario, rule)
    }
    ceiling = spend_ceiling(scenario, lp.responses)
    responses = lp.responses.channels
    for c in range(count):
        copies = in_every_period(lp, [c])
        if not any(responses[i].switched for i in copies):
            continue
        starts: list[tuple[int, pulp.LpVariable]] = []
        for i in copies:
            if responses[i].setup_fee:
                start = lp.problem.add_variable(f"f{i}", cat=pulp.LpBinary)
                starts.append((i, start))
                paid = pulp.LpAffineExpression([(lp.segments[i][0], 1.0), (start, -responses[i].setup_fee)])
                constrain(lp, pulp.LpConstraint(paid, pulp.LpConstraintEQ, f"fee{i}", 0))
        if starts:
            lp.fees[c] = starts
            once = pulp.LpAffineExpression([(start, 1.0) for _, start in starts])
            constrain(lp, pulp.LpConstraint(once, pulp.LpConstraintLE, f"once{c}", 1))
        for i in copies:
            response = responses[i]
            if not response.switched or response.upper.value == 0 or response.lower.kind == "actual":
                continue  # nothing to decide: excluded, paused, or a period that is over
            media = pulp.LpAffineExpression([(lp.spend[i], 1.0)])
            if response.setup_fee:
                media.addterm(lp.segments[i][0], -1.0)
            top = response.upper.value - response.setup_fee
            big = min(top, ceiling) if math.isfinite(top) else ceiling
            started = pulp.LpAffineExpression([(start, 1.0) for j, start in starts if j <= i])
            if response.active_minimum > 0 or c in counted:
                on = lp.problem.add_variable(f"a{i}", cat=pulp.LpBinary)
                lp.active[i] = on
                constrain(lp, pulp.LpConstraint(media - big * on, pulp.LpConstraintLE, f"on{i}", 0))
                if response.active_minimum > 0:
                    least = media - response.active_minimum * on
                    constrain(lp, pulp.LpConstraint(least, pulp.LpConstraintGE, f"least{i}", 0))
                if starts:
                    constrain(lp, pulp.LpConstraint(on - started, pulp.LpConstraintLE, f"under{i}", 0))
            elif starts:
                constrain(lp, pulp.LpConstraint(media - big * started, pulp.LpConstraintLE, f"on{i}", 0))


def define_resource_limits(lp: LinearProgram, scenario: Scenario) -> None:
    """Add a row per resource: its total use at most its limit."""
    for name, resource in scenario.resources.items():
        expression = measure_expression(lp, name, range(len(lp.spend)))
        label = resource.label or name
        add_row(lp, expression, "<=", resource.limit, RowInfo(label, "resource", "<=", resource.limit, name))


def define_rules(lp: LinearProgram, scenario: Scenario) -> None:
    """Add one row per limit of every named rule."""
    for rule in scenario.rules:
        selected = in_every_period(lp, channel_indices(scenario, rule))
        if isinstance(rule, LimitRule):
            for sense, value in rule.limits():
                info = RowInfo(rule.name, "limit", sense, value, rule.measure)
                add_row(lp, measure_expression(lp, rule.measure, selected), sense, value, info)
        elif isinstance(rule, ShareRule | RatioRule):
            if isinstance(rule, ShareRule):
                denominator_measure, denominator = rule.measure, channel_indices(scenario, rule.of)
            else:
                denominator_measure, denominator = rule.per_measure or rule.measure, channel_indices(scenario, rule.per)
            denominator = in_every_period(lp, denominator)
            for sense, value in rule.limits():
                terms = measure_terms(lp, denominator_measure, denominator)
                expression = measure_expression(lp, rule.measure, selected) - value * _expression(lp, terms)
                info = RowInfo(rule.name, rule.kind, sense, value, rule.measure, terms)
                add_row(lp, expression, sense, 0.0, info)
        elif isinstance(rule, MaxCPARule):
            terms = measure_terms(lp, "conversions", selected)
            expression = measure_expression(lp, "spend", selected) - rule.value * _expression(lp, terms)
            add_row(lp, expression, "<=", 0.0, RowInfo(rule.name, "max_cpa", "<=", rule.value, "conversions", terms))
        elif isinstance(rule, MinROASRule):
            terms = measure_terms(lp, "spend", selected)
            expression = measure_expression(lp, "revenue", selected) - rule.value * _expression(lp, terms)
            add_row(lp, expression, ">=", 0.0, RowInfo(rule.name, "min_roas", ">=", rule.value, "spend", terms))
        elif isinstance(rule, MaxChannelsRule):
            define_max_channels(lp, scenario, rule)


def define_max_channels(lp: LinearProgram, scenario: Scenario, rule: MaxChannelsRule) -> None:
    """Add Σ on/off ≤ K over the selected channels: one row, or one per period still to plan of a calendar."""
    count = len(lp.spend) // lp.periods
    channels = channel_indices(scenario, rule)
    for period in range(lp.periods):
        copies = [period * count + c for c in channels]
        if any(lp.responses.channels[i].lower.kind == "actual" for i in copies):
            continue  # a period that is over: what ran, ran
        running = [(lp.active[i], 1.0) for i in copies if i in lp.active]
        info = RowInfo(rule.name, "max_channels", "<=", float(rule.at_most), "channels")
        add_row(lp, pulp.LpAffineExpression(running), "<=", float(rule.at_most), info)


def channel_indices(scenario: Scenario, selection: Selection) -> list[int]:
    """Return the positions of the channels a selection names."""
    wanted = {c.id for c in scenario.select(selection)}
    return [i for i, c in enumerate(scenario.channels) if c.id in wanted]


def in_every_period(lp: LinearProgram, channels: list[int]) -> list[int]:
    """Return the LP positions of channels (scenario positions) in every period: themselves without a calendar."""
    if lp.periods == 1:
        return channels
    count = len(lp.spend) // lp.periods
    return [period * count + i for period in range(lp.periods) for i in channels]


def measure_terms(lp: LinearProgram, measure: str, channels: range | list[int]) -> tuple[tuple[int, int, float], ...]:
    """Return (channel, segment, coefficient) terms of a measure summed over channels; segment -1 is spend."""
    if measure == "spend":
        return tuple((i, -1, 1.0) for i in channels)
    terms = []
    responses = lp.responses.channels
    for i in channels:
        segments = responses[i].segments
        if not lp.segments[i]:
            rate = segments[0].rates.get(measure, 0.0)
            if rate:
                terms.append((i, -1, rate))
            continue
        terms.extend((i, k, rate) for k, s in enumerate(segments) if (rate := s.rates.get(measure, 0.0)))
    return tuple(terms)


def measure_expression(lp: LinearProgram, measure: str, channels: range | list[int]) -> pulp.LpAffineExpression:
    """Return a measure summed over channels as a PuLP expression."""
    return _expression(lp, measure_terms(lp, measure, channels))


def _expression(lp: LinearProgram, terms: tuple[tuple[int, int, float], ...]) -> pulp.LpAffineExpression:
    return pulp.LpAffineExpression([(lp.spend[i] if k < 0 else lp.segments[i][k], c) for i, k, c in terms])


def add_row(lp: LinearProgram, expression: pulp.LpAffineExpression, sense: Sense, rhs: float, info: RowInfo) -> str:
    """Add a constraint under an internal name (PuLP rewrites user text), remember what it means, return the name."""
    name = f"r{len(lp.rows)}"
    constraint = pulp.LpConstraint(expression, _PULP_SENSE[sense], name, rhs)
    constrain(lp, constraint)
    lp.rows[name] = info
    lp.constraints[name] = constraint
    return name


def budget_row(lp: LinearProgram) -> str | None:
    """Return the internal name of the budget row, if the scenario has a budget."""
    return next((name for name, info in lp.rows.items() if info.kind == "budget"), None)


def row_terms(lp: LinearProgram, name: str) -> dict[tuple[int, int], float]:
    """Return a row's coefficients keyed by (channel, segment or -1 for spend)."""
    positions = {v.name: (i, -1) for i, v in enumerate(lp.spend)}
    positions.update({v.name: (i, k) for i, seg in enumerate(lp.segments) for k, v in enumerate(seg)})
    return {positions[v.name]: float(c) for v, c in lp.constraints[name].items() if v.name in positions}


def constrain(lp: LinearProgram, constraint: pulp.LpConstraint) -> None:
    """Add a constraint to the model, keeping the order the solver receives rows in."""
    lp.problem.addConstraint(constraint)
    lp.all_constraints.append(constraint)


def variables(lp: LinearProgram) -> list[pulp.LpVariable]:
    """Return every variable in a fixed order: spend, then segments, then ordering binaries."""
    return [*lp.spend, *(v for seg in lp.segments for v in seg), *integer_variables(lp)]


def integer_variables(lp: LinearProgram) -> list[pulp.LpVariable]:
    """Return the variables that must take whole values: ordering binaries, unit counts, on-air binaries."""
    starts = [start for copies in lp.fees.values() for _, start in copies]
    return [*lp.order_binaries, *lp.unit_counts, *lp.on_air, *starts, *lp.active.values()]


def on_air_binary(lp: LinearProgram) -> pulp.LpVariable:
    """Return a new binary of a calendar's on-air rule (1: the period counts as on air)."""
    variable = lp.problem.add_variable(f"a{len(lp.on_air)}", cat=pulp.LpBinary)
    lp.on_air.append(variable)
    return variable


def rising_channels(lp: LinearProgram) -> frozenset[int]:
    """Return the channels whose objective yield rises somewhere along their segments (not concave)."""
    sign = 1.0 if lp.sense == "maximize" else -1.0
    rising = set()
    for i, channel in enumerate(lp.responses.channels):
        # A set-up fee's segment buys nothing, but its own binary keeps it whole and first.
        rates = [sign * s.rates.get(lp.objective_measure, 0.0) for s in channel.media_segments]
        if any(b > a + 1e-12 * max(1.0, abs(a)) for a, b in itertools.pairwise(rates)):
            rising.add(i)
    return frozenset(rising)


def money_scale(lp: LinearProgram) -> float:
    """Return the power of two that amounts of money are divided by in the solver (1 for ordinary budgets)."""
    name = budget_row(lp)
    reference = abs(lp.rows[name].limit) if name is not None else 0.0
    if not (reference > 0 and math.isfinite(reference)):
        finite = [
            abs(bound)
            for channel in lp.responses.channels
            for bound in (channel.lower.value, channel.upper.value, *(s.width for s in channel.segments))
            if math.isfinite(bound) and bound != 0
        ]
        reference = max(finite, default=1.0)
    low, high = MONEY_RANGE
    if low <= reference <= high:
        return 1.0
    return 2.0 ** round(math.log2(reference / MONEY_TARGET))


def segments_out_of_order(
    lp: LinearProgram, segment_spend: tuple[tuple[float, ...], ...], tolerance: float = 1e-6
) -> list[int]:
    """Return the channels whose solved segments were used before an earlier one, yielding differently, was full.

    Segments that yield alike (a straight stretch of a table cut at several rows) are interchangeable in every
    row: the order the LP fills them in changes nothing, and needs no binaries (`in_order_among_equals`).
    """
    offenders = []
    # Measured in the solver's units of money: its tolerances apply there, not to amounts as written.
    unit = money_scale(lp)
    for i, values in enumerate(segment_spend):
        channel = lp.responses.channels[i]
        if channel.session_levels:
            continue  # ordered by rows of their own (define_session_levels)
        segments = channel.segments
        first = 1 if channel.setup_fee else 0  # a set-up fee is whole or nothing by its own binary
        short_at = (k for k in range(first, len(values) - 1) if _short(values[k], segments[k].width, tolerance, unit))
        if (start := next(short_at, None)) is None or not any(v > tolerance * unit for v in values[start + 1 :]):
            continue  # filled in order (the usual case: nothing used after the first segment not full)
        for k in range(start, len(values) - 1):  # the segments before `start` are full
            short = _short(values[k], segments[k].width, tolerance, unit)
            if short and any(
                v > tolerance * unit and not _alike(segments[k], segments[m])
                for m, v in enumerate(values[k + 1 :], start=k + 1)
            ):
                offenders.append(i)
                break
    return offenders


def _short(spent: float, width: float, tolerance: float, unit: float) -> bool:
    """Return whether a segment is used less than its width, beyond the solver's tolerance."""
    return spent < width - tolerance * max(unit, width)


def _alike(a: Segment, b: Segment) -> bool:
    """Return whether two segments yield the same of every measure a unit (to rounding)."""
    return a.rates.keys() == b.rates.keys() and all(
        math.isclose(a.rates[k], b.rates[k], rel_tol=1e-12, abs_tol=1e-300) for k in a.rates
    )


def in_order_among_equals(
    lp: LinearProgram, segment_spend: tuple[tuple[float, ...], ...]
) -> tuple[tuple[float, ...], ...]:
    """Return the segment spend with each run of alike segments filled in order: the same plan, row for row.

    The LP may fill a later one of several segments that yield alike before an earlier one (a tie); read as it
    came, the plan would look out of order and ask for ordering binaries it does not need.
    """
    fixed = list(segment_spend)
    for i, spent in enumerate(segment_spend):
        channel = lp.responses.channels[i]
        segments = channel.segments
        start = 1 if channel.setup_fee else 0
        short = next((k for k in range(start, len(spent)) if spent[k] < segments[k].width), len(spent))
        if channel.session_levels or not any(spent[short + 1 :]):
            continue  # in order already (the usual case), or ordered by rows of its own
        values = list(spent)
        while start < len(values):
            end = start + 1
            while end < len(values) and _alike(segments[start], segments[end]):
                end += 1
            total = sum(values[start:end])
            for k in range(start, end):
                values[k] = min(segments[k].width, total) if k < end - 1 else total
                total -= values[k]
            start = end
        fixed[i] = tuple(values)
    return tuple(fixed)
