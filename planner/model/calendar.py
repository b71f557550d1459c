"""The calendar: the periods a budget is paced over, and limits on what each period spends.

A scenario without a calendar plans one lump period. With one, the LP chooses spend per channel per
period (docs/calendar-design.md). The checks that need the whole calendar (gaps, overlaps, names) and the
rest of the scenario (a budget for shares) are in `calendar_problems`, so they are located field by field.
"""

from __future__ import annotations

import calendar as _months
import itertools
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from planner.model.errors import Problem
from planner.model.fields import MAX_TEXT, Identifier, Model, NonNegative, PercentText, percent_to_fraction
from planner.model.i18n import Join, Money, Number, Text
from planner.model.i18n import Share as ShareOf
from planner.model.rules import Bounds, Selection
from planner.model.validation import excerpt, invalid

MAX_PERIODS = 400  # a year of days, or eight years of weeks: beyond it a calendar is a typo


def _name_as_text(value: Any) -> Any:
    """Read a period name YAML took for a date (2026-11-11) or a number (618, 11.11) as the text written."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


PeriodName = Annotated[str, BeforeValidator(_name_as_text), Field(min_length=1, max_length=MAX_TEXT)]
Amount = Annotated[NonNegative, BeforeValidator(percent_to_fraction, json_schema_input_type=NonNegative | PercentText)]


class Period(Model):
    """One named stretch of the calendar, first and last day included."""

    name: PeriodName
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start > self.end:
            raise invalid(
                "scenario.start_after_end", start_key="start", start=str(self.start), end_key="end", end=str(self.end)
            )
        return self

    @property
    def days(self) -> int:
        """Return the number of days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        """Return the length in weeks (days / 7)."""
        return self.days / 7.0


class PeriodBudget(Selection, Bounds):
    """A floor, cap or exact amount on spend in each period, or in the sum of the periods named.

    With `channels` or `group` it counts those channels' spend only (pacing a channel or a group).
    """

    name: str | None = Field(None, min_length=1, max_length=MAX_TEXT, description="Shown in the plan's rules.")

    periods: tuple[PeriodName, ...] | None = Field(
        None, min_length=1, description="Period names whose spend is summed; omit for every period on its own."
    )
    share: bool = Field(False, description="The limits are shares of the total budget (0.3 or 30%).")
    per_day: bool = Field(False, description="The limits are per day: × the days of the periods they count.")
    at_least: Amount | None = None
    at_most: Amount | None = None
    exactly: Amount | None = None

    @model_validator(mode="before")
    @classmethod
    def _percent_means_share(cls, data: Any) -> Any:
        """Read a limit written as a percentage (30%) as a share of the budget."""
        if not isinstance(data, dict):
            return data
        written = [data.get(key) for key in ("at_least", "at_most", "exactly")]
        if any(isinstance(v, str) and v.strip().endswith("%") for v in written):
            if data.get("share") is False:
                raise invalid("calendar.percent_not_share", share="share: false")
            return {**data, "share": True}
        return data

    @model_validator(mode="after")
    def _shares_at_most_one(self) -> PeriodBudget:
        if self.share and self.per_day:
            raise invalid("calendar.share_per_day", share="share", per_day="per_day")
        if self.share:
            for key, value in (("at_least", self.at_least), ("at_most", self.at_most), ("exactly", self.exactly)):
                if value is not None and value > 1:
                    raise invalid("calendar.share_above_100", key=key, value=ShareOf(value), flag="share: true")
        return self


ESTIMATE = "estimate"  # a multiplier's efficiency (or a channel's carry-over) estimated from the history


def number_or_estimate(value: Any) -> Any:
    """Read `estimate` (any case, spaces around) as the word; refuse another word with a message naming both ways."""
    if isinstance(value, str):
        word = value.strip()
        if word.lower() == ESTIMATE:
            return ESTIMATE
        try:
            float(word)
        except ValueError:
            from planner.model.validation import excerpt

            raise invalid("estimates.number_or_estimate", value=excerpt(value), word=ESTIMATE) from None
    return value


class Multiplier(Selection):
    """How an event changes some channels: what a unit of media returns, and what it costs."""

    # Bounded so that an event cannot turn a rate into a number the solver cannot plan with (× 10,000 at most).
    efficiency: Annotated[
        Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | Literal["estimate"],
        BeforeValidator(number_or_estimate),
    ] = Field(
        1.0,
        description="Conversions and revenue per unit of media × this (2 = twice as many; 0 = none), or "
        "`estimate`: per channel, from the event's past weeks in the history (the event's `history`).",
    )
    cost: Annotated[float, Field(ge=0.01, le=100, allow_inf_nan=False)] = Field(
        1.0, description="Price of a unit of media × this (1.5 = each yuan buys two thirds as much)."
    )
    pooled: bool = Field(
        False,
        description="With `efficiency: estimate`: one efficiency for every channel selected, their weeks pooled "
        "(a tighter interval where each channel alone is noisy). Default: one per channel.",
    )


class PastDates(Model):
    """Where an event was in the history: its first and last day (both included)."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> PastDates:
        if self.start > self.end:
            raise invalid(
                "scenario.start_after_end", start_key="start", start=str(self.start), end_key="end", end=str(self.end)
            )
        return self


class Event(Model):
    """A named stretch of the calendar (Double 11, 618, Black Friday) where channels respond differently."""

    name: str = Field(min_length=1, max_length=MAX_TEXT)
    periods: tuple[PeriodName, ...] = Field(
        (),
        description="The periods the event covers; [] for an event of the past only (its `history` weeks are "
        "taken out of the base curves' fit, nothing is planned for it).",
    )
    multipliers: tuple[Multiplier, ...] = Field(
        min_length=1, description="Per channel or group (or all channels): efficiency and cost."
    )
    history: tuple[PastDates, ...] = Field(
        (),
        max_length=20,
        description="Where the event was in the history (e.g. last year's dates): its weeks are taken out of the "
        "base curves' fit, and `efficiency: estimate` is estimated from them against the weeks around them.",
    )
    base_weeks: int = Field(
        4, ge=1, le=26, description="Weeks before and after each past occurrence compared with it (base weeks)."
    )

    @model_validator(mode="after")
    def _somewhere(self) -> Event:
        if not self.periods and not self.history:
            raise invalid("estimates.event_nowhere", periods="periods", history="history")
        return self


class Smoothing(Selection):
    """Spend per week of some channels (or all) changes by at most this share from one period to the next.

    By default the selection's total is smoothed (no channels named: the whole plan's spend); with
    `per: channel` each channel selected on its own. `or_by` allows a change of that much money per week
    besides the share, so a channel at zero may start (|Δ| ≤ s·before + or_by, per week).
    """

    name: str | None = Field(None, min_length=1, max_length=MAX_TEXT, description="Shown in the plan's rules.")
    max_change: Annotated[
        float,
        Field(ge=0, le=100, allow_inf_nan=False),
        BeforeValidator(percent_to_fraction, json_schema_input_type=float | PercentText),
    ] = Field(description="0.3 or 30%: each period's spend per week within ±30% of the period before.")
    or_by: NonNegative = Field(
        0.0, description="Money per week the spend may change besides max_change (lets a channel start from 0)."
    )

    @field_validator("max_change", mode="before")
    @classmethod
    def _not_a_bare_percentage(cls, value: Any) -> Any:
        """Refuse `max_change: 40` (a change of 4,000%): a share above 10 is a percentage without its sign."""
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 10:
            raise invalid(
                "pacing.max_change_bare",
                value=excerpt(value),
                shown=f"{value * 100:,.0f}%",
                percent=f"{value:g}%",
                fraction=f"{value / 100:g}",
            )
        return value

    per: Literal["total", "channel"] = Field(
        "total", description="total: the selection's spend together; channel: each channel selected on its own."
    )


class OnAir(Selection):
    """Each channel selected spends at least `min_spend` in at least `periods` periods (a MILP).

    With `per: total` the selection counts as one: a period is on air when its spend together reaches the
    minimum. With `per_day: true` the minimum is per day (× the days of each period).
    """

    name: str | None = Field(None, min_length=1, max_length=MAX_TEXT, description="Shown in the plan's rules.")
    periods: int = Field(ge=1, le=MAX_PERIODS, description="Fewest periods each channel is on air.")
    min_spend: NonNegative = Field(description="Spend in a period that counts as on air.")
    per: Literal["channel", "total"] = Field(
        "channel", description="channel: each channel selected on its own; total: the selection's spend together."
    )
    per_day: bool = Field(False, description="min_spend is per day: × the days of each period.")


class Actual(Model):
    """What a channel really spent in a period that is over (and what it brought): the plan keeps it, re-plans the rest.

    Conversions and revenue are optional: the review (`planner review`) compares them with the plan and with
    the curve's prediction at the spend, and `refit: true` adds them to the history the curves are fitted on.
    """

    period: PeriodName
    channel: Identifier
    spend: NonNegative
    conversions: NonNegative | None = Field(None, description="Conversions the period's spend brought, if known.")
    revenue: NonNegative | None = Field(None, description="Revenue the period's spend brought, if known.")


class Calendar(Model):
    """The periods of the plan: a start and a count of days, weeks or months, or explicit periods."""

    start: date | None = Field(None, description="First day of the first period.")
    days: int | None = Field(None, ge=1, le=MAX_PERIODS, description="Periods of one day each.")
    weeks: int | None = Field(None, ge=1, le=MAX_PERIODS, description="Periods of seven days each.")
    months: int | None = Field(None, ge=1, le=120, description="Calendar months from the start day.")
    periods: tuple[Period, ...] | None = Field(
        None, min_length=1, max_length=MAX_PERIODS, description="Explicit periods, in order, without gaps."
    )
    unspent: Literal["save", "spend_all"] | None = Field(
        None,
        description="save: spend at most the budget; spend_all: spend exactly the budget. "
        "Default: as the budget's `exactly` says (at most, unless exactly: true).",
    )
    budgets: tuple[PeriodBudget, ...] = Field((), description="Limits on spend per period.")
    events: tuple[Event, ...] = Field((), description="Periods where channels respond differently.")
    smoothing: tuple[Smoothing, ...] = Field((), description="Limits on how fast spend may change between periods.")
    on_air: tuple[OnAir, ...] = Field((), description="Minimum periods on air per channel.")
    actuals: tuple[Actual, ...] = Field(
        (),
        description="Spend already made, per period and channel; a period with actuals is over (channels "
        "not listed there spent nothing).",
    )
    actuals_from: Literal["history"] | None = Field(
        None,
        description="history: every period the history file covers whole becomes actuals (spend, conversions "
        "and revenue summed per channel); periods with actuals written here keep those.",
    )
    refit: bool = Field(
        False,
        description="Fit the curves on the history plus the actual periods' results (their totals spread "
        "over their weeks) before re-planning the rest.",
    )
    credit_beyond_horizon: bool = Field(
        False, description="Count carry-over conversions that land after the last period in the objective."
    )

    @model_validator(mode="after")
    def _one_way(self) -> Calendar:
        given = [key for key in ("days", "weeks", "months", "periods") if getattr(self, key) is not None]
        if len(given) != 1:
            raise invalid("calendar.one_way", days="days", weeks="weeks", months="months", periods="periods")
        if self.periods is None and self.start is None:
            raise invalid("calendar.needs_start", start="start", count=given[0])
        if self.periods is None:
            try:
                self.resolved_periods()
            except (OverflowError, ValueError):  # past 9999-12-31
                raise invalid("calendar.past_last_date", start="start", last=str(date.max)) from None
        return self

    def resolved_periods(self) -> tuple[Period, ...]:
        """Return the calendar's periods, generated from the start and count when not explicit."""
        if self.periods is not None:
            return self.periods
        assert self.start is not None
        if self.days is not None:
            return tuple(_period(self.start + timedelta(days=k), 1) for k in range(self.days))
        if self.weeks is not None:
            return tuple(_period(self.start + timedelta(weeks=k), 7) for k in range(self.weeks))
        assert self.months is not None
        starts = [_add_months(self.start, k) for k in range(self.months + 1)]
        return tuple(
            Period(name=_month_name(first), start=first, end=following - timedelta(days=1))
            for first, following in itertools.pairwise(starts)
        )

    @property
    def total_weeks(self) -> float:
        """Return the calendar's length in weeks."""
        return sum(p.days for p in self.resolved_periods()) / 7.0


def _period(start: date, days: int) -> Period:
    return Period(name=start.isoformat(), start=start, end=start + timedelta(days=days - 1))


def _add_months(day: date, months: int) -> date:
    """Return the same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def _month_name(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}" if first.day == 1 else first.isoformat()


def calendar_problems(
    calendar: Calendar, budget: float | None, budget_exactly: bool, period_weeks: float | None, symbol: str = ""
) -> list[Problem]:
    """Return the calendar's problems that need all its periods or the rest of the scenario, each located."""
    problems: list[Problem] = []
    where = "calendar"
    periods = calendar.resolved_periods()
    if period_weeks is not None:
        problems.append(Problem(Text("calendar.period_weeks_too", key="period_weeks"), "period_weeks"))
    if calendar.periods is not None:
        problems.extend(_sequence_problems(calendar.periods, calendar.start))
    if calendar.unspent == "save" and budget_exactly:
        message = Text("calendar.save_but_exactly", unspent="unspent: save", exactly="exactly: true")
        problems.append(Problem(message, f"{where} -> unspent"))
    if calendar.unspent == "spend_all" and budget is None:
        problems.append(
            Problem(
                Text("calendar.needs_budget", what="unspent: spend_all", example="budget: 100000"),
                f"{where} -> unspent",
            )
        )
    names = [p.name for p in periods]
    for index, limit in enumerate(calendar.budgets):
        place = f"{where} -> budgets -> {index}"
        for name in limit.periods or ():
            if name not in names:
                problems.append(Problem(_unknown_period(name, names), f"{place} -> periods"))
        if limit.share and budget is None:
            problems.append(
                Problem(
                    Text("calendar.needs_budget", what="share: true", example="budget: 100000"), f"{place} -> share"
                )
            )
    for index, event in enumerate(calendar.events):
        place = f"{where} -> events -> {index} ({event.name})"
        for name in event.periods:
            if name not in names:
                problems.append(Problem(_unknown_period(name, names), f"{place} -> periods"))
        for number, multiplier in enumerate(event.multipliers):
            if multiplier.efficiency == ESTIMATE and not event.history:
                message = Text(
                    "estimates.needs_event_history",
                    event=event.name,
                    estimate="efficiency: estimate",
                    example="history: [{start: 2025-11-10, end: 2025-11-16}]",
                )
                problems.append(Problem(message, f"{place} -> multipliers -> {number} -> efficiency"))
    for index, rule in enumerate(calendar.on_air):
        if rule.periods > len(periods):
            message = Text("calendar.on_air_too_many", count=Number(rule.periods), periods=Number(len(periods)))
            problems.append(Problem(message, f"{where} -> on_air -> {index} -> periods"))
    seen: set[tuple[str, str]] = set()
    for index, actual in enumerate(calendar.actuals):
        place = f"{where} -> actuals -> {index}"
        if actual.period not in names:
            problems.append(Problem(_unknown_period(actual.period, names), f"{place} -> period"))
        if (actual.period, actual.channel) in seen:
            message = Text("calendar.actual_twice", channel=actual.channel, period=actual.period)
            problems.append(Problem(message, f"{place} -> channel"))
        seen.add((actual.period, actual.channel))
        if calendar.refit:
            for measure in ("conversions", "revenue"):
                if getattr(actual, measure) is None:
                    message = Text("review.refit_needs", measure=measure, refit="refit: true")
                    problems.append(Problem(message, f"{place} -> {measure}"))
    if calendar.refit and not calendar.actuals and calendar.actuals_from is None:
        message = Text("review.refit_without_actuals", refit="refit: true", actuals="actuals", source="actuals_from")
        problems.append(Problem(message, f"{where} -> refit"))
    # Floors on every period on its own add up for certain (floors on named periods may overlap them).
    if budget is not None:
        everything = [
            b
            for b in calendar.budgets
            if b.periods is None and b.group is None and b.channels is None and not b.per_day
        ]
        each = max((_floor(b, budget) for b in everything), default=0.0)
        if each * len(periods) > budget * (1 + 1e-9):
            message = Text(
                "calendar.floors_over_budget",
                floor=Money(each, symbol),
                count=Number(len(periods)),
                total=Money(each * len(periods), symbol),
                budget=Money(budget, symbol),
            )
            problems.append(Problem(message, f"{where} -> budgets"))
    return problems


def _floor(limit: PeriodBudget, budget: float) -> float:
    """Return the least a period must spend under a limit, in money."""
    lowest = limit.exactly if limit.exactly is not None else (limit.at_least or 0.0)
    return lowest * budget if limit.share else lowest


def _sequence_problems(periods: tuple[Period, ...], start: date | None) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    if start is not None and start != periods[0].start:
        message = Text("calendar.start_not_first", start=str(start), first=str(periods[0].start))
        problems.append(Problem(message, "calendar -> start"))
    for index, period in enumerate(periods):
        place = f"calendar -> periods -> {index} ({period.name})"
        if period.name in seen:
            problems.append(Problem(Text("calendar.period_twice", name=period.name), f"{place} -> name"))
        seen.add(period.name)
        if index == 0:
            continue
        before = periods[index - 1]
        expected = before.end + timedelta(days=1)
        if period.start < expected:
            message = Text("calendar.overlap", name=period.name, start=str(period.start), other=before.name)
            problems.append(Problem(message, f"{place} -> start"))
        elif period.start > expected:
            message = Text(
                "calendar.gap", name=period.name, start=str(period.start), other=before.name, end=str(before.end)
            )
            problems.append(Problem(message, f"{place} -> start"))
    return problems


def _unknown_period(name: str, known: list[str]) -> Text:
    from difflib import get_close_matches

    close = get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return Text("calendar.unknown_period.close", name=name, close=close[0])
    shown = known[:3] + (["…"] if len(known) > 3 else [])
    return Text("calendar.unknown_period", name=name, names=Join(shown))
