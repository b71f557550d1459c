"""Events and carry-over estimated from history, and the history with their effect taken out.

An event that says where it was in the history (`history: [{start, end}]`) has its past weeks (every week
with a day of the event) set apart. Per channel it touches:

1. Carry-over: given, or `estimate`d (`adstock.estimate_decay`, event weeks not scored). With a decay r the
   response bought each week is R_t = (y_t − r·y_{t−1}) / (1 − r) (`adstock.bought`).
2. The base curve is fitted on the weeks outside every event (R_t against spend).
3. `efficiency: estimate`: each week's log ratio of R_t to the base curve at its spend (÷ the event's given
   cost multiplier), the event weeks' mean against the mean of `base_weeks` weeks before and after each
   occurrence (outside every event). The interval (90%) is the difference ± t(0.95, base − 1) × √(the base
   weeks' spread² × (1/event weeks + 1/base weeks) + the difference's variance over bootstrap refits of the
   base curve). `pooled: true`: one difference for all the channels selected, weighted by precision. Where
   the interval contains 1 the data cannot tell the event from an ordinary week: × 1 is used, with a note.
   Too few weeks (no event week with spend, fewer than 3 base weeks): × 1, with a note.
4. The history the curves are then fitted on (`build_responses`) keeps every week: the event weeks' response
   divided by the event's efficiency (given or estimated) and their spend by its cost, so the curve sees the
   event's spend levels as base-equivalent points; carry-over channels' weeks are R_t. Dividing rather than
   leaving the event weeks out keeps the highest spends of the year, which tell saturation best.

Channels no event with history touches and whose carry-over is not estimated keep their history as it was.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.curves.adstock import DecayEstimate, bought, carry_in_shares, estimate_decay
from planner.curves.fitting import Array, ResponseCurve, bootstrap_curves, fit_response_curve
from planner.curves.response import fit_series, revenue_only
from planner.curves.segments import ChannelResponse, Responses
from planner.data.history import History, history_names
from planner.model.calendar import ESTIMATE, Event, Period
from planner.model.channels import Channel
from planner.model.errors import Problem, ScenarioError
from planner.model.i18n import Join, Number, Share, Text
from planner.model.scenario import Scenario

LEVEL = 0.90  # the event multiplier's interval
MIN_BASE_WEEKS = 3  # base weeks with spend needed for a spread
MEASURES = ("conversions", "revenue")
RESAMPLES = 100  # bootstrap refits of the base curve, for its share of the interval


@dataclass(frozen=True)
class MultiplierEstimate:
    """One channel's efficiency in one event, estimated from its past weeks."""

    estimate: float
    low: float
    high: float
    used: float  # the estimate where the interval excludes 1, else 1
    event_weeks: tuple[date, ...]
    base_weeks: tuple[date, ...]
    status: str  # "estimated", "undetermined" (interval contains 1), "no_data", "not_in_history"


@dataclass(frozen=True)
class Estimates:
    """What was estimated from history, and the history with the events' and carry-over's effect taken out."""

    history: History | None
    efficiency: dict[tuple[int, str], float] = field(default_factory=dict)  # (event, channel id) → multiplier used
    decay: dict[str, float] = field(default_factory=dict)  # channel id → carry-over used (estimated ones)
    table: pd.DataFrame | None = None  # one row per estimate (Plan.estimates)
    notes: tuple[Text, ...] = ()
    # Per channel adjusted: each history week's (cost, efficiency) multipliers, for the carry-in's response.
    week_effects: dict[str, tuple[Array, Array]] = field(default_factory=dict)


def needs_estimates(scenario: Scenario) -> bool:
    """Return whether a scenario estimates anything from history (an event's past dates, a carry-over)."""
    calendar = scenario.calendar
    return calendar is not None and (
        any(e.history for e in calendar.events) or any(c.carryover == ESTIMATE for c in scenario.channels)
    )


def history_weeks(history: History) -> list[date]:
    """Return the history's weeks (their Mondays), in order: the weeks of every channel's series."""
    if history.weekly.empty:
        return []
    return [pd.Timestamp(w).date() for w in sorted(history.weekly["week"].unique())]


def event_mask(weeks: list[date], event: Event) -> npt.NDArray[np.bool_]:
    """Return which history weeks hold a day of one of the event's past occurrences."""
    mask = np.zeros(len(weeks), dtype=bool)
    for past in event.history:
        mask |= np.array([w <= past.end and w + timedelta(days=6) >= past.start for w in weeks], dtype=bool)
    return mask


def base_indices(
    weeks: int, occurrence: npt.NDArray[np.bool_], outside: npt.NDArray[np.bool_], count: int
) -> list[int]:
    """Return up to `count` weeks outside every event before and after each run of the occurrence's weeks."""
    chosen: list[int] = []
    inside = np.flatnonzero(occurrence)
    runs = np.split(inside, np.flatnonzero(np.diff(inside) > 1) + 1) if len(inside) else []
    for run in runs:
        for step, start in ((-1, int(run[0]) - 1), (1, int(run[-1]) + 1)):
            found, week = 0, start
            while 0 <= week < weeks and found < count:
                if outside[week]:
                    chosen.append(week)
                    found += 1
                week += step
    return sorted(set(chosen))


@dataclass(frozen=True)
class Difference:
    """One channel's mean log ratio to its base curve, event weeks minus base weeks, and its variances."""

    value: float
    noise: float  # the weeks' own: base weeks' spread² × (1/event + 1/base)
    curve: float  # the base curve's: the difference's variance over bootstrap refits
    event_weeks: int
    base_weeks: int


def log_difference(
    spend: npt.ArrayLike,
    response: npt.ArrayLike,
    event: npt.ArrayLike,
    base: npt.ArrayLike,
    curve: ResponseCurve,
    cost: float = 1.0,
    resampled: tuple[ResponseCurve, ...] = (),
) -> Difference:
    """Return the event weeks' mean log(response / base curve) minus the base weeks', with its variances.

    Event and base are index arrays of weeks; weeks without spend or response are not counted. The value is
    NaN with too few weeks (no event week, fewer than 3 base weeks).
    """
    s, y = np.asarray(spend, dtype=np.float64), np.asarray(response, dtype=np.float64)
    event_index, base_index = np.asarray(event, dtype=int), np.asarray(base, dtype=int)

    def kept(index: npt.NDArray[np.int_], predicted: Array) -> npt.NDArray[np.int_]:
        return np.asarray(index[(s[index] > 0) & (y[index] > 0) & (predicted[index] > 0)], dtype=np.int_)

    def difference(model: ResponseCurve) -> tuple[float, Array, Array]:
        at_event, at_base = model.value(s / cost), model.value(s)
        weeks_event, weeks_base = kept(event_index, at_event), kept(base_index, at_base)
        in_event = np.log(y[weeks_event] / at_event[weeks_event])
        in_base = np.log(y[weeks_base] / at_base[weeks_base])
        value = float(in_event.mean() - in_base.mean()) if len(in_event) and len(in_base) else math.nan
        return value, np.asarray(in_event, dtype=np.float64), np.asarray(in_base, dtype=np.float64)

    central, in_event, in_base = difference(curve)
    n_event, n_base = len(in_event), len(in_base)
    if n_event < 1 or n_base < MIN_BASE_WEEKS:
        return Difference(math.nan, math.nan, math.nan, n_event, n_base)
    noise = float(in_base.std(ddof=1)) ** 2 * (1 / n_event + 1 / n_base)
    others = [d for d in (difference(c)[0] for c in resampled) if math.isfinite(d)]
    from_curve = float(np.var(others, ddof=1)) if len(others) > 1 else 0.0
    return Difference(central, noise, from_curve, n_event, n_base)


def interval(differences: list[Difference], level: float = LEVEL) -> tuple[float, float, float]:
    """Return (estimate, low, high) of an efficiency from one channel's difference, or several pooled.

    Pooled: the channels' differences weighted by the inverse of their variances (a noisy channel counts
    less), the variance 1 / Σ weights, the t quantile with the base weeks' degrees of freedom added up.
    """
    from scipy.stats import t as student_t  # type: ignore[import-untyped]  # about 1 s to import: only when needed

    usable = [d for d in differences if math.isfinite(d.value)]
    if not usable:
        return math.nan, math.nan, math.nan
    variances = [max(d.noise + d.curve, 1e-300) for d in usable]
    if len(usable) == 1:
        central, variance = usable[0].value, usable[0].noise + usable[0].curve
    else:
        weights = [1 / v for v in variances]
        central = sum(w * d.value for w, d in zip(weights, usable, strict=True)) / sum(weights)
        variance = 1 / sum(weights)
    freedom = sum(d.base_weeks - 1 for d in usable)
    half = float(student_t.ppf(0.5 + level / 2, freedom)) * math.sqrt(variance)
    return math.exp(central), math.exp(central - half), math.exp(central + half)


def estimate_multiplier(
    spend: npt.ArrayLike,
    response: npt.ArrayLike,
    event: npt.ArrayLike,
    base: npt.ArrayLike,
    curve: ResponseCurve,
    cost: float = 1.0,
    level: float = LEVEL,
    resampled: tuple[ResponseCurve, ...] = (),
) -> tuple[float, float, float, int, int]:
    """Return (estimate, low, high, event weeks, base weeks) of an event's efficiency (NaN when too few weeks).

    The interval adds two variances: the weeks' own noise (the base weeks' spread × √(1/event + 1/base), t
    quantile) and the base curve's (the difference recomputed on `resampled` bootstrap refits of it).
    """
    found = log_difference(spend, response, event, base, curve, cost, resampled)
    return (*interval([found], level), found.event_weeks, found.base_weeks)


@dataclass(frozen=True)
class _Prepared:
    """One channel's history as the estimates read it."""

    name: str  # in the history
    measure: str
    spend: Array
    response: Array  # bought each week (carry-over taken out)
    decay: float
    curve: ResponseCurve  # the base curve, fitted outside every event
    resampled: tuple[ResponseCurve, ...]


_CACHE: OrderedDict[tuple[int, str], tuple[History, Estimates]] = OrderedDict()
CACHED = 8  # estimates kept for re-solves (the app re-solves a scenario as its budget or rules change)


def estimate_from_history(scenario: Scenario, history: History | None) -> Estimates:
    """Return the estimates a calendar scenario asks for, and the history its curves are to be fitted on.

    Cached per history object (loaded histories are cached per file) and what the estimates read of the
    scenario: its channels, events and curve settings; the budget and rules do not change them.
    """
    calendar = scenario.calendar
    if calendar is None or history is None or not needs_estimates(scenario):
        return Estimates(history)
    read = {
        "channels": [c.model_dump(mode="json") for c in scenario.channels],
        "events": [e.model_dump(mode="json") for e in calendar.events],
        "curves": scenario.curves.model_dump(mode="json"),
    }
    key = (id(history), json.dumps(read, sort_keys=True))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is history:
        _CACHE.move_to_end(key)
        return hit[1]
    found = _estimate(scenario, history)
    _CACHE[key] = (history, found)  # the history is held, so its id is not reused while cached
    while len(_CACHE) > CACHED:
        _CACHE.popitem(last=False)
    return found


def _estimate(scenario: Scenario, history: History) -> Estimates:
    calendar = scenario.calendar
    assert calendar is not None
    weeks = history_weeks(history)
    _check_dates(scenario, weeks)
    masks = [event_mask(weeks, e) for e in calendar.events]
    outside = ~np.logical_or.reduce(masks) if masks else np.ones(len(weeks), dtype=bool)
    settings = scenario.curves
    efficiency: dict[tuple[int, str], float] = {}
    decays: dict[str, float] = {}
    rows: list[dict[str, object]] = []
    notes: list[Text] = []
    prepared: dict[str, _Prepared] = {}
    for channel in scenario.channels:
        touching = [(k, e) for k, e in enumerate(calendar.events) if e.history and channel.id in _selected(scenario, e)]
        if not touching and channel.carryover != ESTIMATE:
            continue
        name = next((n for n in history_names(channel) if n in history.series), None)
        if name is None:
            for k, event in touching:
                if any(m.efficiency == ESTIMATE and channel in scenario.select(m) for m in event.multipliers):
                    efficiency[k, channel.id] = 1.0
                    notes.append(Text("estimates.event.not_in_history", channel=channel.display_name, event=event.name))
                    rows.append(_row("event", event.name, channel.id, "", None, "not_in_history", (), ()))
            continue
        measure = "revenue" if revenue_only(channel, history.for_channel(channel)) else "conversions"
        spend, outcome = fit_series(history, channel, measure)
        forms, least = settings.forms, settings.min_weeks
        form = fit_response_curve(spend[outside], outcome[outside], forms, least).curve.form
        decay = float(channel.carryover) if isinstance(channel.carryover, float | int) else 0.0
        if channel.carryover == ESTIMATE:
            found = estimate_decay(spend, outcome, form, scored=outside)
            decay = decays[channel.id] = found.used
            notes.append(_decay_note(channel.display_name, found))
            rows.append(_decay_row(channel.id, measure, found))
        response = bought(outcome, decay)
        curve = fit_response_curve(spend[outside], response[outside], forms, least).curve
        resampled = tuple(bootstrap_curves(spend[outside], response[outside], RESAMPLES, settings.seed, curve.form))
        prepared[channel.id] = _Prepared(name, measure, spend, response, decay, curve, resampled)
    labels = {c.id: c.display_name for c in scenario.channels}
    for k, event in enumerate(calendar.events):
        if not event.history:
            continue
        base = base_indices(len(weeks), masks[k], outside, event.base_weeks)
        inside = np.flatnonzero(masks[k])
        for multiplier in event.multipliers:
            if multiplier.efficiency != ESTIMATE:
                continue
            chosen = [c.id for c in scenario.select(multiplier) if c.id in prepared and (k, c.id) not in efficiency]
            differences = {
                c: log_difference(
                    prepared[c].spend,
                    prepared[c].response,
                    inside,
                    base,
                    prepared[c].curve,
                    _event_cost(scenario, event, c),
                    prepared[c].resampled,
                )
                for c in chosen
            }
            groups = [chosen] if multiplier.pooled and len(chosen) > 1 else [[c] for c in chosen]
            for members in groups:
                value, low, high = interval([differences[c] for c in members])
                status = "no_data" if math.isnan(value) else "estimated" if low > 1 or high < 1 else "undetermined"
                used = value if status == "estimated" else 1.0
                first = prepared[members[0]]
                event_weeks = tuple(weeks[i] for i in inside if first.spend[i] > 0)
                base_weeks = tuple(weeks[i] for i in base if first.spend[i] > 0)
                who = labels[members[0]] if len(members) == 1 else Join([labels[c] for c in members])
                base_count = sum(differences[c].base_weeks for c in members)
                event_count = sum(differences[c].event_weeks for c in members)
                notes.append(
                    _event_note(who, event.name, status, (value, low, high), event_weeks, base_count, event_count)
                )
                method = "log_ratio_to_base_curve_t90" if len(members) == 1 else "pooled_log_ratio_to_base_curve_t90"
                for c in members:
                    efficiency[k, c] = used
                    values = (value, low, high, used)
                    rows.append(
                        _row(
                            "event", event.name, c, prepared[c].measure, values, status, event_weeks, base_weeks, method
                        )
                    )
    effects: dict[str, tuple[Array, Array]] = {}
    series = dict(history.series)
    weekly = history.weekly.copy()
    by_id = {c.id: c for c in scenario.channels}
    for identifier, ready in prepared.items():
        cost_of, efficiency_of = np.ones(len(weeks)), np.ones(len(weeks))
        for k, event in enumerate(calendar.events):
            if not event.history or identifier not in _selected(scenario, event):
                continue
            given = math.prod(
                float(m.efficiency)
                for m in event.multipliers
                if m.efficiency != ESTIMATE and identifier in {c.id for c in scenario.select(m)}
            )
            cost_of[masks[k]] *= _event_cost(scenario, event, identifier)
            efficiency_of[masks[k]] *= given * efficiency.get((k, identifier), 1.0)
        effects[identifier] = (cost_of, efficiency_of)
        channel = by_id[identifier]
        adjusted = {m: _adjusted(history, channel, m, ready.decay, efficiency_of) for m in MEASURES}
        series[ready.name] = (ready.spend / cost_of, adjusted["conversions"])
        where = weekly["channel"] == ready.name
        weekly.loc[where, "spend"] = ready.spend / cost_of
        for m in MEASURES:
            weekly.loc[where, m] = adjusted[m]
    table = pd.DataFrame.from_records(rows, columns=list(_COLUMNS)) if rows else None
    return Estimates(replace(history, series=series, weekly=weekly), efficiency, decays, table, tuple(notes), effects)


def _event_cost(scenario: Scenario, event: Event, channel: str) -> float:
    """Return the product of an event's given cost multipliers on a channel."""
    return math.prod(m.cost for m in event.multipliers if channel in {c.id for c in scenario.select(m)})


def _adjusted(history: History, channel: Channel, measure: str, decay: float, efficiency: Array) -> Array:
    """Return a measure's weekly values as bought each week, event weeks divided by their efficiency."""
    values = fit_series(history, channel, measure)[1]
    response = bought(values, decay)
    return np.asarray(response / np.where(efficiency > 0, efficiency, 1.0), dtype=np.float64)


def _selected(scenario: Scenario, event: Event) -> set[str]:
    return {c.id for multiplier in event.multipliers for c in scenario.select(multiplier)}


def _check_dates(scenario: Scenario, weeks: list[date]) -> None:
    """Raise a located problem for each past occurrence of an event outside the history's weeks."""
    assert scenario.calendar is not None
    problems = []
    first, last = (weeks[0], weeks[-1] + timedelta(days=6)) if weeks else (date.min, date.min)
    for index, event in enumerate(scenario.calendar.events):
        for number, past in enumerate(event.history):
            if not weeks or past.end < first or past.start > last:
                message = Text(
                    "estimates.event_outside_history",
                    event=event.name,
                    start=str(past.start),
                    end=str(past.end),
                    first=str(first),
                    last=str(last),
                )
                problems.append(
                    Problem(message, f"calendar -> events -> {index} ({event.name}) -> history -> {number}")
                )
    if problems:
        raise ScenarioError(problems)


_COLUMNS = (
    "kind",
    "event",
    "channel",
    "measure",
    "estimate",
    "low",
    "high",
    "used",
    "status",
    "method",
    "event_weeks",
    "base_weeks",
)


def _row(
    kind: str,
    event: str,
    channel: str,
    measure: str,
    values: tuple[float, float, float, float] | None,
    status: str,
    event_weeks: tuple[date, ...],
    base_weeks: tuple[date, ...],
    method: str = "log_ratio_to_base_curve_t90",
) -> dict[str, object]:
    estimate, low, high, used = values if values is not None else (math.nan, math.nan, math.nan, 1.0)
    return {
        "kind": kind,
        "event": event,
        "channel": channel,
        "measure": measure,
        "estimate": estimate,
        "low": low,
        "high": high,
        "used": used,
        "status": status,
        "method": method,
        "event_weeks": ", ".join(str(w) for w in event_weeks),
        "base_weeks": ", ".join(str(w) for w in base_weeks),
    }


def _decay_row(channel: str, measure: str, found: DecayEstimate) -> dict[str, object]:
    return {
        "kind": "carryover",
        "event": "",
        "channel": channel,
        "measure": measure,
        "estimate": found.estimate if found.status != "no_data" else math.nan,
        "low": found.low,
        "high": found.high,
        "used": found.used,
        "status": found.status,
        "method": "decay_grid_output_error_profile_likelihood_95",
        "event_weeks": "",
        "base_weeks": "",
    }


def _event_note(
    channel: str | Join,
    event: str,
    status: str,
    values: tuple[float, float, float],
    weeks: tuple[date, ...],
    base: int,
    counted: int | None = None,
) -> Text:
    """Return the note on one estimate; `counted` event weeks (with spend, over every channel pooled)."""
    value, low, high = values
    count = len(weeks) if counted is None else counted
    if status == "no_data":
        return Text("estimates.event.no_data", channel=channel, event=event, weeks=Number(count), base=Number(base))
    common = {
        "channel": channel,
        "event": event,
        "estimate": Number(value),
        "low": Number(low),
        "high": Number(high),
        "weeks": Number(count),
        "base": Number(base),
    }
    if status == "undetermined":
        return Text("estimates.event.undetermined", **common)
    return Text("estimates.event.estimated", used=Join([str(w) for w in weeks]), **common)


def _decay_note(channel: str, found: DecayEstimate) -> Text:
    if found.status == "no_data":
        return Text("estimates.carryover.no_data", channel=channel, weeks=Number(found.weeks), needed=Number(12))
    key = "estimates.carryover.estimated" if found.status == "estimated" else "estimates.carryover.not_shown"
    args = {"rate": Share(found.estimate), "low": Share(found.low), "high": Share(found.high)}
    return Text(key, channel=channel, weeks=Number(found.weeks), **args)


def carried_in(
    scenario: Scenario,
    history: History | None,
    responses: Responses,
    periods: tuple[Period, ...],
    decays: dict[str, float],
    week_effects: dict[str, tuple[Array, Array]] | None = None,
) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Return, per period and channel, the (conversions, revenue) the history's last weeks carry into it.

    The response each history week bought (the channel's curve at its spend, × an event's efficiency; for
    a channel without a curve its first segment's rates × spend) spread with the carry-over kernel; only
    weeks that end before the plan's first day count. `history` is the one the curves were fitted on.
    """
    count = len(periods)
    out = [[(0.0, 0.0)] * len(responses.channels) for _ in range(count)]
    if history is None or not periods:
        return tuple(tuple(row) for row in out)
    weeks = history_weeks(history)
    first = periods[0].start
    before = [i for i, w in enumerate(weeks) if w + timedelta(days=7) <= first]
    if not before:
        return tuple(tuple(row) for row in out)
    offsets = tuple((first - weeks[i]).days for i in before)
    lengths = tuple(p.days for p in periods)
    by_id = {c.id: c for c in scenario.channels}
    for index, response in enumerate(responses.channels):
        channel = by_id.get(response.id)
        if channel is None:
            continue
        decay = decays.get(channel.id, 0.0) if channel.carryover == ESTIMATE else float(channel.carryover or 0.0)
        series = history.weekly_series(channel)
        if decay <= 0 or series is None or not response.segments:
            continue
        spend = series[0][before]
        per_week = _bought_measures(response, spend, (week_effects or {}).get(channel.id), before)
        shares = carry_in_shares(offsets, lengths, decay)  # weeks × periods
        landed = shares.T @ per_week  # periods × (conversions, revenue)
        for p in range(count):
            out[p][index] = (float(landed[p, 0]), float(landed[p, 1]))
    return tuple(tuple(row) for row in out)


def _bought_measures(
    response: ChannelResponse, spend: Array, effects: tuple[Array, Array] | None, before: list[int]
) -> Array:
    """Return (weeks × 2) conversions and revenue each history week bought, from the plan's own curve."""
    report = response.curve
    first = response.segments[0].rates
    efficiency = effects[1][before] if effects is not None else np.ones(len(spend))
    if report is not None and response.affine is not None and report.per_week:
        native = report.curve.value(spend) * efficiency  # spend already base-equivalent in the fitted history
        per = response.affine[1]
        return np.column_stack([native * per.get(m, 0.0) for m in MEASURES])
    return np.column_stack([spend * first.get(m, 0.0) * efficiency for m in MEASURES])
