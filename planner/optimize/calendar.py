"""A calendar's LP and plan: every channel copied per period, on its response scaled to the period's length.

The responses are built once for the whole calendar (W weeks). Period p of w_p weeks gets each channel with
its segment widths × w_p / W and the same rates: for a weekly curve f that is w_p·f(x / w_p), exactly the
one-period rule. The copies are channels of the ordinary LP (position p × channels + channel), so ordering
binaries, whole units, scaling and duals work unchanged. Carry-over, events and actuals change the copies;
the calendar's own rows are in calendar_rows.py, the plan in calendar_plan.py (docs/calendar-design.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from planner.curves.carryover import Landing, carryover_landing
from planner.curves.economics import paid_in_period, with_setup_fee
from planner.curves.events import Estimates, carried_in, estimate_from_history
from planner.curves.response import refine_responses
from planner.curves.segments import Bound, ChannelResponse, Responses, Segment
from planner.data.actuals import resolve_actuals
from planner.data.history import History, load_history
from planner.model.calendar import ESTIMATE, Period
from planner.model.errors import PlannerError
from planner.model.i18n import Money, Text
from planner.model.plan import Plan
from planner.model.scenario import Scenario
from planner.optimize.calendar_rows import (
    define_channel_totals,
    define_on_air,
    define_period_budgets,
    define_smoothing,
)
from planner.optimize.lp import LinearProgram, build_problem

CARRIED = ("conversions", "revenue")  # the measures carry-over spreads (profit follows revenue; KPIs do not)


@dataclass(frozen=True)
class CalendarLayout:
    """The periods of a calendar and the whole-calendar responses the period copies are made from."""

    periods: tuple[Period, ...]
    totals: Responses  # one response per channel over the whole calendar (period_weeks = its weeks)
    # Whether any optimum may be evened out across periods (no rule tells periods apart): see even_out.
    interchangeable: bool = True
    landings: tuple[Landing | None, ...] = ()  # per channel, where carry-over lands (None: no carry-over)
    # Per period, per channel: the events' (efficiency, cost) multipliers, multiplied where events overlap.
    effects: tuple[tuple[tuple[float, float], ...], ...] = ()
    # Spend fixed at what really happened, by (period, channel): every channel of a period with actuals.
    actuals: tuple[tuple[tuple[int, int], float], ...] = ()
    credit_beyond: bool = False  # count what lands after the last period
    margin: float | None = None
    symbol: str = ""
    # Per channel: min_if_active's amount (0 without one), and whether it is per day (docs/economics-design.md).
    minimums: tuple[float, ...] = ()
    per_day: tuple[bool, ...] = ()
    # Per period, per channel: (conversions, revenue) carried in from the history's last weeks (fixed).
    carried_in: tuple[tuple[tuple[float, float], ...], ...] = ()
    estimates: Estimates | None = None  # what was estimated from history (events, carry-over)

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        responses: Responses,
        estimates: Estimates | None = None,
        history: History | None = None,
    ) -> CalendarLayout:
        """Return the layout of a scenario with a calendar, from its whole-calendar responses.

        `estimates` gives the efficiencies and carry-overs written `estimate` (else × 1 and none), `history`
        (the one the curves were fitted on) the carry-in of its last weeks.
        """
        calendar = scenario.calendar
        assert calendar is not None
        periods = calendar.resolved_periods()
        lengths = tuple(p.days for p in periods)
        decays = estimates.decay if estimates is not None else {}
        rates = [
            decays.get(c.id, 0.0) if c.carryover == ESTIMATE else float(c.carryover or 0.0) for c in scenario.channels
        ]
        landings = tuple(carryover_landing(lengths, r) if r else None for r in rates)
        effects = estimates.week_effects if estimates is not None else None
        carried = carried_in(scenario, history, responses, periods, decays, effects) if history is not None else ()
        return cls(
            periods,
            responses,
            # On/off decisions tell periods apart (the solver's second solve paces a channel over those it runs in).
            interchangeable=not (calendar.budgets or calendar.smoothing or calendar.on_air)
            and not any(c.switched for c in responses.channels),
            landings=landings,
            effects=_event_effects(scenario, periods, estimates.efficiency if estimates is not None else {}),
            actuals=_actual_spend(scenario, periods),
            credit_beyond=calendar.credit_beyond_horizon,
            margin=scenario.margin,
            symbol=scenario.currency_symbol,
            carried_in=carried,
            estimates=estimates,
            minimums=tuple(c.min_if_active.amount if c.min_if_active else 0.0 for c in scenario.channels),
            per_day=tuple(bool(c.min_if_active and c.min_if_active.per == "day") for c in scenario.channels),
        )

    def effect(self, period: int, channel: int) -> tuple[float, float]:
        """Return the (efficiency, cost) multipliers events put on a channel in a period."""
        return self.effects[period][channel] if self.effects else (1.0, 1.0)

    @cached_property
    def _actual_by_cell(self) -> dict[tuple[int, int], float]:
        return dict(self.actuals)

    def actual(self, period: int, channel: int) -> float | None:
        """Return what a channel really spent in a period that is over, or None for a period still to plan."""
        return self._actual_by_cell.get((period, channel))

    def credited(self, period: int, channel: int) -> float:
        """Return the share of a period's response the plan counts: all but what lands after the horizon."""
        landing = self.landings[channel] if self.landings else None
        if landing is None or self.credit_beyond:
            return 1.0
        return 1.0 - landing.beyond[period]

    @property
    def channel_count(self) -> int:
        """Return the number of channels of the scenario (copies per period)."""
        return len(self.totals.channels)

    def share(self, period: int) -> float:
        """Return a period's share of the calendar's length."""
        return self.periods[period].weeks / float(self.totals.period_weeks or 1.0)

    def spread(self, responses: Responses) -> Responses:
        """Return the period copies of every channel, period after period.

        A set-up fee is paid once: in the first period still to plan, and not at all by a channel that ran in a
        period that is over (docs/economics-design.md). A threshold holds in each period (per day: × its days).
        """
        copies = []
        for p, period in enumerate(self.periods):
            for i, channel in enumerate(responses.channels):
                media = replace(channel, segments=channel.media_segments, setup_fee=0.0)
                copy = period_copy(media, self.share(p), self.credited(p, i), self.margin, *self.effect(p, i))
                if channel.switched:
                    copy = replace(copy, active_minimum=self.minimums[i] * (period.days if self.per_day[i] else 1))
                if channel.setup_fee and self.fee_due(i) and self.actual(p, i) is None:
                    segments = with_setup_fee(copy.segments, channel.setup_fee, self.margin)
                    upper = replace(copy.upper, value=copy.upper.value + channel.setup_fee)
                    copy = replace(copy, segments=segments, upper=upper, setup_fee=channel.setup_fee)
                copies.append(fixed(copy, self.actual(p, i), self.symbol))
        return replace(responses, channels=tuple(copies))

    def fee_due(self, channel: int) -> bool:
        """Return whether a channel's set-up fee is still to pay: not if it ran in a period that is over."""
        return not any((self.actual(p, channel) or 0.0) > 0 for p in range(len(self.periods)))

    def build(self, scenario: Scenario, spread: Responses, ordered: frozenset[int]) -> LinearProgram:
        """Return the calendar's LP: the ordinary rules over every period, channel totals, period budgets."""
        lp = build_problem(scenario, spread, ordered, periods=len(self.periods))
        lp.totals = self.totals
        define_channel_totals(lp, self.totals)
        define_period_budgets(lp, scenario, self.periods)
        define_smoothing(lp, scenario, self.periods)
        define_on_air(lp, scenario, self.periods)
        if not self.interchangeable:
            lp.pacing = self.even_targets
        return lp

    def even_targets(self, spend: tuple[float, ...], closed: frozenset[int] = frozenset()) -> dict[int, float]:
        """Return each copy's even spend: its channel's total over periods alike for it, shared by their length.

        Periods alike for a channel have the same event multipliers and the same share counted (carry-over
        near the horizon); a period that is over (actuals) and a channel bought in whole units keep theirs.
        """
        n = self.channel_count
        targets: dict[int, float] = {}
        for i, channel in enumerate(self.totals.channels):
            if channel.whole_units:
                continue
            for periods in self.alike(i):
                if channel.switched:  # its on/off decisions are held: evened over the periods it may run in
                    periods = [p for p in periods if p * n + i not in closed]
                if len(periods) < 2 or self.actual(periods[0], i) is not None:
                    continue
                # A set-up fee stays where it is paid (the first period the channel may run in): the media
                # around it are what is evened.
                start = next((p for p in range(len(self.periods)) if p * n + i not in closed), None)
                due = channel.setup_fee and self.fee_due(i) and start in periods
                fees = {start: channel.setup_fee} if due and start is not None else {}
                total = sum(spend[p * n + i] for p in periods) - sum(fees.values())
                length = sum(self.share(p) for p in periods)
                targets.update({p * n + i: total * self.share(p) / length + fees.get(p, 0.0) for p in periods})
        return targets

    def alike(self, channel: int) -> list[list[int]]:
        """Return the classes of periods alike for a channel: same multipliers, same share counted, or over."""
        classes: dict[tuple[float, ...], list[int]] = {}
        for p in range(len(self.periods)):
            # A period that is over is a class of its own: its spend is what happened.
            over = (p,) if self.actual(p, channel) is not None else ()
            classes.setdefault((self.credited(p, channel), *self.effect(p, channel), *over), []).append(p)
        return list(classes.values())

    def refine(self, spread: Responses, spend: tuple[float, ...], skip: frozenset[int]) -> Responses:
        """Return the copies with breakpoints added around each period's planned spend (refine_responses)."""
        n = self.channel_count
        # Evened out first, interchangeable periods get the same breakpoints (scaled) and stay interchangeable.
        spend = self.even_out(spend, tuple(() for _ in spend), skip)[0]
        refined: list[ChannelResponse] = []
        for p, period in enumerate(self.periods):
            # A cost multiplier k stretches the curve's spend axis: the copy is a curve of w·k weeks.
            by_cost: dict[float, list[int]] = {}
            for i in range(n):
                by_cost.setdefault(self.effect(p, i)[1], []).append(p * n + i)
            done: dict[int, ChannelResponse] = {}
            for cost, members in by_cost.items():
                part = replace(
                    spread, channels=tuple(spread.channels[i] for i in members), period_weeks=period.weeks * cost
                )
                local_skip = frozenset(k for k, i in enumerate(members) if i in skip)
                planned = tuple(spend[i] for i in members)
                done.update(zip(members, refine_responses(part, planned, local_skip).channels, strict=True))
            refined.extend(done[p * n + i] for i in range(n))
        return replace(spread, channels=tuple(refined))

    def even_out(
        self, spend: tuple[float, ...], segment_spend: tuple[tuple[float, ...], ...], ordered: frozenset[int]
    ) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
        """Return an optimum's spend spread over periods in proportion to their length, where that keeps it optimal.

        An LP optimum is a vertex: where periods are interchangeable (the same curves scaled, no rule on one
        period), a linear stretch of a curve may land in any one of them, e.g. a constant-CPA channel's whole
        spend in the first week. Giving each period its share of every segment's total keeps every segment's
        total, so the objective, the budget, the channel totals and every rule over the calendar keep their
        values, and the duals stay optimal. Not done where a rule tells periods apart (per-period budgets,
        smoothing, on air: there the solver's second solve paces evenly, see `even_targets`) or where a
        split must stay whole or in order (whole units, ordering binaries).
        """
        if not self.interchangeable:
            return spend, segment_spend
        n, count = self.channel_count, len(self.periods)
        new_spend, new_segments = list(spend), list(segment_spend)
        for i, channel in enumerate(self.totals.channels):
            if channel.whole_units or channel.switched or any(p * n + i in ordered for p in range(count)):
                continue
            for periods in self.alike(i):
                copies = [p * n + i for p in periods]
                if len({len(segment_spend[c]) for c in copies}) != 1:  # breakpoints differ: not alike after all
                    continue
                length = sum(self.share(p) for p in periods)
                segments = len(segment_spend[copies[0]])
                totals = [sum(segment_spend[c][k] for c in copies) for k in range(segments)]
                total = sum(spend[c] for c in copies)
                for c, p in zip(copies, periods, strict=True):
                    part = self.share(p) / length
                    new_segments[c] = tuple(t * part for t in totals)
                    new_spend[c] = sum(new_segments[c]) if segments else total * part
        return tuple(new_spend), tuple(new_segments)


def period_copy(
    channel: ChannelResponse,
    share: float,
    credited: float = 1.0,
    margin: float | None = None,
    efficiency: float = 1.0,
    cost: float = 1.0,
) -> ChannelResponse:
    """Return a channel's response for a period that is `share` of the calendar: widths scaled, rates kept.

    With carry-over, only `credited` of the period's response counts (the rest lands after the horizon).
    An event's efficiency e and cost k make the period's response e·f(x / k): widths × k, and conversions
    and revenue per unit of spend × e / k. Both scale the conversions and revenue rates.
    """
    factor = credited * efficiency / cost
    if channel.paid:  # commissions and sessions: an event changes what they sell, not a spend curve
        segments = paid_in_period(channel.segments, channel.paid, share, credited, margin, efficiency, cost)
    else:
        segments = tuple(
            Segment(width=s.width * share * cost, rates=carried_rates(s.rates, factor, margin))
            for s in channel.segments
        )
    affine = channel.affine
    if affine is not None and factor != 1.0:
        base, per = affine
        affine = (carried_rates(base, factor, margin), carried_rates(per, factor, margin, constant=False))
    if channel.upper.value == 0:  # excluded, paused or capped at nothing: nothing in any period
        # A floor above it is the total's row (the conflict is reported once, not per period).
        lower, upper = (channel.lower if channel.lower.value == 0 else Bound(0.0, "")), channel.upper
    else:  # floors and caps hold on the total (rows); the segments' end bounds each period
        # (a bound of its own where the only segment is the spend variable itself: one tranche, one piece)
        lower, upper = Bound(0.0, ""), Bound(sum(s.width for s in segments), "", "segment_end")
    historical = channel.historical_spend * share if channel.historical_spend is not None else None
    return replace(
        channel,
        segments=segments,
        lower=lower,
        upper=upper,
        historical_spend=historical,
        historical={key: value * share for key, value in channel.historical.items()},
        affine=affine,
    )


def carried_rates(
    rates: dict[str, float], factor: float, margin: float | None, constant: bool = True
) -> dict[str, float]:
    """Return rates with conversions and revenue scaled by a factor (profit = margin × revenue − spend follows).

    `constant` is False for the per-conversion part of an affine rate, which has no spend term.
    """
    if factor == 1.0:
        return rates
    scaled = {key: value * factor if key in CARRIED else value for key, value in rates.items()}
    if margin is not None and "profit" in scaled:
        scaled["profit"] = margin * scaled.get("revenue", 0.0) - (1.0 if constant else 0.0)
    return scaled


def fixed(copy: ChannelResponse, spent: float | None, symbol: str) -> ChannelResponse:
    """Return a period copy held at what it really spent (beyond its curve's end, at the last rate)."""
    if spent is None:
        return copy
    bound = Bound(spent, Text("calendar.bound.actual", amount=Money(spent, symbol)), "actual")
    segments = copy.segments
    end = sum(s.width for s in segments)
    if spent > end:  # real spend past the curve's end (the extrapolation cap): the last rate goes on
        segments = (*segments, Segment(width=spent - end, rates=segments[-1].rates))
    return replace(copy, segments=segments, lower=bound, upper=bound)


def _actual_spend(scenario: Scenario, periods: tuple[Period, ...]) -> tuple[tuple[tuple[int, int], float], ...]:
    """Return the spend fixed by actuals: every channel of a period with any actual (0 where not listed)."""
    assert scenario.calendar is not None
    position = {period.name: p for p, period in enumerate(periods)}
    channels = {c.id: i for i, c in enumerate(scenario.channels)}
    fixed: dict[tuple[int, int], float] = {}
    for actual in scenario.calendar.actuals:
        p = position[actual.period]
        for i in range(len(scenario.channels)):
            fixed.setdefault((p, i), 0.0)
        fixed[p, channels[actual.channel]] = actual.spend
    return tuple(sorted(fixed.items()))


def _event_effects(
    scenario: Scenario, periods: tuple[Period, ...], estimated: dict[tuple[int, str], float] | None = None
) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Return (efficiency, cost) per period and channel: the product of the multipliers of every event there.

    An efficiency written `estimate` is the estimate for (event, channel), × 1 where none was made.
    """
    assert scenario.calendar is not None
    effects = [[(1.0, 1.0)] * len(scenario.channels) for _ in periods]
    position = {period.name: p for p, period in enumerate(periods)}
    for index, event in enumerate(scenario.calendar.events):
        for multiplier in event.multipliers:
            chosen = {c.id for c in scenario.select(multiplier)}
            for name in event.periods:
                row = effects[position[name]]
                for i, channel in enumerate(scenario.channels):
                    if channel.id in chosen:
                        efficiency, cost = row[i]
                        given = multiplier.efficiency
                        factor = (estimated or {}).get((index, channel.id), 1.0) if given == ESTIMATE else float(given)
                        row[i] = (efficiency * factor, cost * multiplier.cost)
    return tuple(tuple(row) for row in effects)


def fitted(
    scenario: Scenario, given: History | pd.DataFrame | None, history: History | None
) -> tuple[Scenario, Estimates]:
    """Return the scenario with its actuals resolved, and the estimates whose `.history` the curves are fitted on.

    The one way from a scenario and its history to what the pipeline fits: `actuals_from: history` written out,
    the actual weeks added with `refit: true` (data/actuals.py), and events' and carry-over's effects taken out
    of the weeks (curves/events.py). Without a calendar the history comes back unchanged.
    """
    resolved = resolve_actuals(scenario, given, history)
    return resolved.scenario, estimate_from_history(resolved.scenario, resolved.history)


def plan_layout(plan: Plan) -> CalendarLayout:
    """Return the layout a calendar plan was solved on, for the outputs that evaluate its period copies.

    The estimates (event efficiencies, carry-overs written `estimate`) and the carry-in are read again from
    the scenario's history: `estimate_from_history` is cached per loaded history, so this costs a lookup.
    """
    scenario, responses = plan.scenario, plan.responses
    assert scenario.calendar is not None
    assert responses is not None
    if plan.estimates is None and not any(c.carryover for c in scenario.channels):
        return CalendarLayout.of(scenario, responses)
    try:
        scenario, estimates = fitted(scenario, None, load_history(scenario))
    except PlannerError:
        return CalendarLayout.of(scenario, responses)
    return CalendarLayout.of(scenario, responses, estimates, estimates.history)
