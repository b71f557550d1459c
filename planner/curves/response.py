"""Scenario + history → each channel's response: piecewise-linear yields and spend bounds in money.

A channel's response is a list of segments in spend order; each segment says how much of
every measure one unit of currency buys there. A constant cost per conversion is one
open-ended segment; user tranches, curves fitted from history and imported curves are
several. A weekly curve f is planned for a period of W weeks as W × f(spend / W).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from planner.curves.economics import (
    MEDIA_END_KINDS,
    active_minimum,
    capacity_bound,
    commission_segment,
    discounted,
    repriced_bound,
    session_segments,
    sessions_bound,
    with_setup_fee,
)
from planner.curves.fitting import (
    Edge,
    FitResult,
    ResponseCurve,
    bootstrap_curves,
    curve_from_table,
    fit_response_curve,
    piecewise_linear,
    table_corners_near,
    trim_paused_tail,
)
from planner.curves.segments import (
    CONVERSION_MEASURES,
    Bound,
    ChannelResponse,
    CurveReport,
    Responses,
    Segment,
    measures_used,
)

# Measures whose yields come from the cost per conversion.
from planner.curves.sessions import describe_session_fit, fit_session_yields
from planner.data.history import History, history_names
from planner.data.store import claims_warnings, only_store_totals
from planner.model.channels import Channel, CurveSettings, Yields
from planner.model.errors import HistoryError, Problem, ScenarioError
from planner.model.i18n import Join, Money, Number, Ratio, Text
from planner.model.rules import LimitRule, MaxChannelsRule, MaxCPARule, RatioRule, ShareRule
from planner.model.runtime import no_garbage_collection
from planner.model.scenario import Scenario


@dataclass
class _Context:
    scenario: Scenario
    history: History | None
    period_weeks: float | None
    used: set[str]
    curve_tables: Mapping[str, pd.DataFrame]
    counted: frozenset[str] = frozenset()  # channels a max_channels rule counts (each gets an on/off decision)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Text | str] = field(default_factory=list)


def build_responses(
    scenario: Scenario, history: History | None, curve_tables: Mapping[str, pd.DataFrame] | None = None
) -> Responses:
    """Return each channel's segments and spend bounds, from the history and the curve tables already loaded."""
    with no_garbage_collection():
        return _build_responses(scenario, history, curve_tables or {})


def _build_responses(
    scenario: Scenario, history: History | None, curve_tables: Mapping[str, pd.DataFrame]
) -> Responses:
    calendar_weeks = scenario.calendar.total_weeks if scenario.calendar is not None else None
    period_weeks = scenario.period_weeks or calendar_weeks or (history.weeks if history else None)
    counted = frozenset(c.id for r in scenario.rules if isinstance(r, MaxChannelsRule) for c in scenario.select(r))
    context = _Context(scenario, history, period_weeks, measures_used(scenario), curve_tables, counted)
    context.warnings.extend(history.warnings if history else ())
    if history is not None and history.store is not None:
        context.warnings.extend(claims_warnings(history.store, scenario.currency_symbol))
    responses = []
    for index, channel in enumerate(scenario.channels):
        response = _channel_response(context, index, channel)
        if response is not None:
            responses.append(response)
    if context.problems and history is not None and history.store is not None and history.store.channels_claim_nothing:
        raise HistoryError([only_store_totals(history.source)])  # one clear message, not one per channel
    if context.problems:
        raise HistoryError(context.problems) if history else ScenarioError(context.problems)
    return Responses(
        channels=tuple(responses),
        period_weeks=period_weeks,
        measures=scenario.measures(),
        warnings=tuple(context.warnings),
    )


def _channel_response(context: _Context, index: int, channel: Channel) -> ChannelResponse | None:
    where = f"channels -> {index} ({channel.id})"
    history = context.history
    stats = history.for_channel(channel) if history else None
    weeks = context.period_weeks
    historical = float(stats["weekly_spend"]) * weeks if stats is not None and weeks is not None else None
    unit_cost = channel.units.cost if channel.units else None
    symbol = context.scenario.currency_symbol

    kind = channel.response_kind
    if kind in ("commission", "sessions"):
        paid = _paid_response(context, where, channel, stats, historical)
        return _finished(context, where, channel, paid) if paid is not None else None
    needs_yields = bool(context.used & CONVERSION_MEASURES) and not channel.excluded
    curve: CurveReport | None = None
    pieces: list[tuple[float, Yields | None, float]]  # (period width, tranche or None, conversions per unit spend)
    extra_upper: Bound | None = None
    if kind == "tranches":
        pieces, source = _tranche_pieces(channel, unit_cost), "tranches"
    elif kind in ("fitted", "imported") and needs_yields:
        fitted = _curve_pieces(context, where, channel, stats, historical, unit_cost)
        if fitted is None:
            return None
        pieces, curve, extra_upper = fitted
        source = kind if not curve.fallback_reason else "history"
    elif kind == "constant" and channel.cost_per_conversion is None and needs_yields and _spent(stats, channel):
        # `response: constant` on a history with revenue but no orders: the constant is its historical ROAS.
        assert stats is not None
        roas = float(stats["roas"])
        flat = ResponseCurve(form="linear", params={"a": roas}, support=(0.0, 0.0), quality={})
        curve = CurveReport(flat, True, 0.0, fallback_reason=Text("curves.constant_roas"), measure="revenue")
        pieces, source = [(math.inf, None, roas)], "history"
    else:
        cpa, source, problem = _cost_per_conversion(
            channel.cost_per_conversion, stats, needs_yields, where, history, symbol, channel
        )
        if problem:
            context.problems.append(problem)
            return None
        pieces = [(math.inf, None, 1.0 / cpa if cpa else 0.0)]

    native = curve.measure if curve is not None else "conversions"
    if native == "revenue" and not _revenue_native_orders(context, where, channel):
        return None
    aov = _order_value(channel, stats)
    priced = (
        native == "revenue"
        or channel.roas is not None
        or any(t is not None and (t.roas is not None or t.revenue_per_conversion is not None) for _, t, _ in pieces)
    )
    if "revenue" in context.used and aov is None and not priced and not channel.excluded:
        context.warnings.append(
            Text("curves.no_revenue", channel=channel.display_name, first="revenue_per_conversion", second="roas")
        )
    segments = [
        _segment(context.scenario, channel, tranche, width, rate, aov, unit_cost, native)
        for width, tranche, rate in pieces
    ]
    affine = None
    if curve is not None and not curve.fallback_reason:
        base = _segment(context.scenario, channel, None, 1.0, 0.0, aov, unit_cost, native).rates
        one = _segment(context.scenario, channel, None, 1.0, 1.0, aov, unit_cost, native).rates
        affine = (base, {key: one[key] - base.get(key, 0.0) for key in one})
    lower, upper, bound_problems = _bounds(channel, historical, unit_cost, sum(w for w, _, _ in pieces), where, symbol)
    if extra_upper is not None and extra_upper.value < upper.value and not channel.locked and not channel.excluded:
        upper = extra_upper
    context.problems.extend(bound_problems)
    if channel.units is not None and channel.units.discounts:
        # Priced at list price so far: the same units, re-priced by the volume discounts (curves/economics.py).
        segments = list(discounted(tuple(segments), channel.units, context.scenario.margin))
        lower, upper = repriced_bound(lower, channel.units), repriced_bound(upper, channel.units)
        affine = None  # a curve's rates are no longer affine in one slope once re-priced
    response = ChannelResponse(
        id=channel.id,
        label=channel.display_name,
        groups=channel.groups,
        segments=tuple(segments),
        lower=lower,
        upper=upper,
        historical_spend=historical,
        unit_cost=unit_cost,
        unit_name=channel.units.name if channel.units else None,
        whole_units=bool(channel.units and channel.units.whole and not channel.excluded),
        yield_source=source,
        curve=curve,
        historical=_historical(stats, context.history, weeks),
        affine=affine,
    )
    return _finished(context, where, channel, response)


def _paid_response(
    context: _Context, where: str, channel: Channel, stats: pd.Series | None, historical: float | None
) -> ChannelResponse | None:
    """Return the response of a channel paid by commission or bought in live sessions (curves/economics.py)."""
    weeks = context.period_weeks
    if weeks is None:
        message = Text("economics.needs_weeks", key="period_weeks", history="history", calendar="calendar")
        context.problems.append(Problem(message, f"{where} -> {channel.response_kind}"))
        return None
    scenario, symbol = context.scenario, context.scenario.currency_symbol
    order_value = _order_value(channel, stats)
    if order_value is None and "conversions" in context.used and not channel.excluded:
        message = Text("economics.needs_order_value", key="revenue_per_conversion")
        context.problems.append(Problem(message, f"{where} -> revenue_per_conversion"))
        return None
    whole = False
    if channel.commission is not None:
        weekly = _commission_capacity(context, where, channel)
        if weekly is None:
            return None
        segments: tuple[Segment, ...] = (commission_segment(scenario, channel, weekly, weeks, order_value),)
        media_end = capacity_bound(
            weekly, weeks, channel.commission.cost_rate, symbol, channel.commission.max_revenue is not None
        )
        source = "given" if channel.commission.max_revenue is not None else "history"
    else:
        terms = channel.sessions
        assert terms is not None
        levels = _session_levels(context, where, channel)
        if levels is None:
            return None
        segments = session_segments(scenario, channel, levels, weeks, order_value)
        media_end = sessions_bound(segments, terms.per_week * weeks, symbol)
        source = "history" if terms.from_history else "given"
        whole = terms.whole and not channel.excluded
    lower, upper, problems = _bounds(channel, historical, None, math.inf, where, symbol)
    context.problems.extend(problems)
    if media_end.value < upper.value and not channel.locked and not channel.excluded:
        upper = media_end
    return ChannelResponse(
        id=channel.id,
        label=channel.display_name,
        groups=channel.groups,
        segments=segments,
        lower=lower,
        upper=upper,
        historical_spend=historical,
        unit_cost=None,
        unit_name="session" if channel.sessions is not None else None,
        whole_units=whole,
        session_levels=channel.sessions is not None,
        paid=channel.response_kind,
        yield_source=source,
        historical=_historical(stats, context.history, weeks),
    )


def _commission_capacity(context: _Context, where: str, channel: Channel) -> float | None:
    """Return the revenue an affiliate channel's partners can bring a week: given, else the history's best week."""
    terms = channel.commission
    assert terms is not None
    if terms.max_revenue is not None:
        return terms.max_revenue
    revenue = context.history.weekly_revenue(channel) if context.history is not None else None
    if revenue is None or not len(revenue) or float(revenue.max()) <= 0:
        message = Text("economics.commission_needs_capacity", key="max_revenue", history="history")
        context.problems.append(Problem(message, f"{where} -> commission -> max_revenue"))
        return None
    return float(revenue.max()) * context.scenario.curves.max_extrapolation


def _session_levels(context: _Context, where: str, channel: Channel) -> tuple[float, ...] | None:
    """Return the GMV of each session of a week: given, or fitted on the history's weekly session counts."""
    terms = channel.sessions
    assert terms is not None
    if not terms.from_history:
        return terms.levels()
    weekly = context.history.weekly_sessions(channel) if context.history is not None else None
    fit = fit_session_yields(*weekly) if weekly is not None else None
    if fit is None or fit.weeks == 0:
        message = Text(
            "economics.sessions_fit_missing",
            key="from_history: true",
            column="sessions",
            listed="revenue: [...]",
            first="first",
            decay="decay",
        )
        context.problems.append(Problem(message, f"{where} -> sessions -> from_history"))
        return None
    symbol = context.scenario.currency_symbol
    note = Text("economics.sessions_note", channel=channel.display_name, fit=describe_session_fit(fit, symbol))
    context.warnings.append(note)
    return terms.levels(fit.first, fit.decay)


def _finished(context: _Context, where: str, channel: Channel, response: ChannelResponse) -> ChannelResponse:
    """Return a response with its set-up fee and on/off threshold (docs/economics-design.md)."""
    weeks = context.period_weeks
    switched = channel.setup_fee is not None or channel.min_if_active is not None or channel.id in context.counted
    if not switched or channel.excluded:
        return response
    minimum = 0.0
    if channel.min_if_active is not None:
        if channel.min_if_active.per == "day" and weeks is None:
            message = Text("economics.needs_weeks", key="period_weeks", history="history", calendar="calendar")
            context.problems.append(Problem(message, f"{where} -> min_if_active"))
        minimum = active_minimum(channel, 7.0 * (weeks or 0.0))
    fee = channel.setup_fee or 0.0
    upper = response.upper
    if fee:
        segments = with_setup_fee(response.segments, fee, context.scenario.margin)
        if upper.kind in MEDIA_END_KINDS or (upper.kind == "" and math.isinf(upper.value)):
            upper = replace(upper, value=upper.value + fee)
        response = replace(response, segments=segments, upper=upper)
    return replace(response, setup_fee=fee, active_minimum=minimum, switched=True)


def _historical(stats: pd.Series | None, history: History | None, weeks: float | None) -> dict[str, float]:
    """Return the channel's history window totals scaled to the planned period's length."""
    if stats is None or history is None or weeks is None or history.weeks <= 0:
        return {}
    scale = weeks / history.weeks
    return {key: float(stats[key]) * scale for key in ("spend", "conversions", "revenue")}


SLIVER = 1e-9  # relative width below which a tranche is dropped


def _tranche_pieces(channel: Channel, unit_cost: float | None) -> list[tuple[float, Yields | None, float]]:
    pieces: list[tuple[float, Yields | None, float]] = []
    start = 0.0
    for tranche in channel.tranches:
        end = math.inf if tranche.up_to is None else tranche.up_to * (unit_cost or 1.0)
        rate = 1.0 / tranche.cost_per_conversion if tranche.cost_per_conversion else 0.0
        # A sliver narrower than the solver's tolerance (up_to 100 then 100.00000000000001) cannot be planned
        # and would let the ordering binaries count it as filled while skipping the tranche before it: merged away.
        if math.isinf(end) or end - start > SLIVER * max(1.0, end):
            pieces.append((end - start, tranche, rate))
            start = end
    return pieces


def _table_columns(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return a curve table's spend and conversions columns (one conversion of the frame, when in that order)."""
    if list(table.columns) == ["spend", "conversions"]:  # as read_curve_table gives a plain table
        values = table.to_numpy(dtype=np.float64)
        return values[:, 0], values[:, 1]
    return table["spend"].to_numpy(), table["conversions"].to_numpy()


def _curve_pieces(
    context: _Context,
    where: str,
    channel: Channel,
    stats: pd.Series | None,
    historical: float | None,
    unit_cost: float | None,
) -> tuple[list[tuple[float, Yields | None, float]], CurveReport, Bound | None] | None:
    """Return LP pieces of a fitted or imported curve, with its report and the extrapolation cap."""
    settings = context.scenario.curves
    weeks = context.period_weeks or 1.0
    symbol = context.scenario.currency_symbol
    if channel.response_kind == "imported":
        assert channel.curve is not None
        table = context.curve_tables.get(channel.id)
        if table is None:
            message = Text("curves.table_not_loaded", function="planner.data.inputs.load_curve_tables")
            path = context.scenario.resolve_path(channel.curve.path)
            context.problems.append(Problem(message, field=f"{where} -> curve", file=str(path)))
            return None
        try:
            curve = curve_from_table(*_table_columns(table))
        except ValueError as error:
            message = Text("curves.table_invalid", reason=str(error))
            path = context.scenario.resolve_path(channel.curve.path)
            context.problems.append(Problem(message, field=f"{where} -> curve", file=str(path)))
            return None
        per_week = channel.curve.per == "week"
        scale = weeks if per_week else 1.0
        # A long concave table is planned like a fitted curve: chords between some of its corners, refined
        # around the plan (refine_responses), so the model does not grow with the table's rows.
        end = curve.points[-1][0]
        chords, chord_error = piecewise_linear(curve, end, settings.segments)
        report = CurveReport(curve, per_week, approximation_error=chord_error)
        pieces: list[tuple[float, Yields | None, float]] = [(width * scale, None, slope) for width, slope in chords]
        top = end * scale
        return pieces, report, Bound(top, Text("curves.bound.curve_end", amount=Money(top, symbol)), "curve_end")

    series = context.history.weekly_series(channel) if context.history else None
    if series is None or stats is None:
        cpa, _, problem = _cost_per_conversion(
            channel.cost_per_conversion, stats, True, where, context.history, symbol, channel
        )
        if problem:
            context.problems.append(problem)
        return None if problem else ([(math.inf, None, 1.0 / cpa if cpa else 0.0)], _flat_report(cpa or 1.0, ""), None)
    assert context.history is not None
    measure = "revenue" if revenue_only(channel, stats) else "conversions"
    spend, outcome = fit_series(context.history, channel, measure)
    if float(stats["spend"]) <= 0:
        # A paused channel (common in exports): its orders are organic, so spend's effect is unknown.
        organic = (
            {"conversions": Number(float(stats["conversions"]))}
            if measure == "conversions"
            else {"revenue": Money(float(stats["revenue"]), symbol)}
        )
        key = "curves.paused" if measure == "conversions" else "curves.paused_revenue"
        response = "response: constant"
        context.warnings.append(
            Text(
                key,
                channel=channel.display_name,
                key="cost_per_conversion" if measure == "conversions" else "roas",
                response=response,
                **organic,
            )
        )
        reason = Text("curves.paused_reason")
        report = CurveReport(
            ResponseCurve(form="linear", params={"a": 0.0}, support=(0.0, 0.0), quality={}),
            True,
            0.0,
            fallback_reason=reason,  # planned at zero: it buys nothing, so no measure needs an order value
        )
        return [(math.inf, None, 0.0)], report, Bound(0.0, reason, "paused")
    tail = outcome
    spend, outcome, paused_weeks = trim_paused_tail(spend, outcome)
    if paused_weeks:
        left = float(tail[len(outcome) :].sum())
        amount = Number(left) if measure == "conversions" else Money(left, symbol)
        context.warnings.append(
            Text(
                "curves.paused_tail",
                channel=channel.display_name,
                weeks=Number(paused_weeks),
                outcome=Text(f"curves.outcome.{measure}", amount=amount),
            )
        )
    result = fit_cached(spend.tobytes(), outcome.tobytes(), settings.forms, settings.min_weeks, settings.seed)
    if result.fallback and measure == "revenue":
        roas = float(result.curve.params["a"])
        reason = Text("curves.fit.fallback_roas", reason=_fallback_cause(result.reason))
        context.warnings.append(
            Text("curves.fallback_roas", channel=channel.display_name, reason=reason, roas=Ratio(roas))
        )
        flat = ResponseCurve(form="linear", params={"a": roas}, support=(0.0, 0.0), quality={})
        report = CurveReport(flat, True, 0.0, fallback_reason=reason, measure="revenue", paused_weeks=paused_weeks)
        return [(math.inf, None, roas)], report, None
    if result.fallback:
        if stats["conversions"] <= 0:
            _, _, problem = _cost_per_conversion(None, stats, True, where, context.history, symbol, channel)
            if problem:
                context.problems.append(problem)
            return None
        context.warnings.append(
            Text(
                "curves.fallback",
                channel=channel.display_name,
                reason=result.reason,
                cpa=Money(float(stats["cpa"]), symbol),
            )
        )
        return [(math.inf, None, 1.0 / float(stats["cpa"]))], _flat_report(float(stats["cpa"]), result.reason), None
    curve = result.curve
    if settings.cautious:
        curve = cautious_curve((spend, outcome), result, settings, historical / weeks if historical else None)
    context.warnings.extend(edge_warning(channel.display_name, edge, symbol) for edge in result.edges)
    highest = max(float(spend.max()), 1e-9)
    weekly_cap = settings.max_extrapolation * highest
    breaks, gap = linear_pieces(curve, weekly_cap, settings.segments)
    pieces = [(width * weeks, None, slope) for width, slope in breaks]
    reason = Text(
        "curves.bound.extrapolation", multiple=Number(settings.max_extrapolation), amount=Money(highest, symbol)
    )
    report = CurveReport(
        curve,
        True,
        gap,
        candidates=dict(result.candidates),
        measure=measure,
        edges=result.edges,
        paused_weeks=paused_weeks,
    )
    return pieces, report, Bound(weekly_cap * weeks, reason, "extrapolation")


def revenue_only(channel: Channel, stats: pd.Series | None) -> bool:
    """Return whether a channel's history has revenue but no order counts (its curve is then fitted on revenue).

    A channel-level roas already says what revenue its spend brings, so such a channel keeps the usual path.
    """
    return (
        stats is not None and channel.roas is None and float(stats["conversions"]) <= 0 and float(stats["revenue"]) > 0
    )


def _spent(stats: pd.Series | None, channel: Channel) -> bool:
    """Return whether a channel with revenue but no orders in its history also had spend there."""
    return revenue_only(channel, stats) and stats is not None and float(stats["spend"]) > 0


def fit_series(history: History, channel: Channel, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the weekly spend and the weekly measure ("conversions" or "revenue") a channel's curve is fitted on."""
    series = history.weekly_series(channel)
    if series is None:
        return np.zeros(0), np.zeros(0)
    if measure == "revenue":
        return series[0], history.weekly_revenue(channel)
    return series


def edge_warning(channel: str, edge: Edge, symbol: str) -> Text:
    """Return the warning that a channel's fitted curve has a shape parameter at the edge of its search range."""
    value = Money(edge.value, symbol) if edge.parameter in ("c", "k") else Number(edge.value)
    return Text(
        "curves.edge",
        channel=channel,
        parameter=Text(f"curves.edge.{edge.parameter}"),
        value=value,
        meaning=Text(f"curves.edge.{edge.meaning}"),
    )


def _fallback_cause(reason: Text | str) -> Text | str:
    """Return why a fit fell back, without the fitter's "so a constant cost per conversion is used"."""
    if isinstance(reason, Text) and reason.key == "curves.fit.fallback":
        cause: Text | str = reason.args["reason"]
        return cause
    return reason


def _revenue_native_orders(context: _Context, where: str, channel: Channel) -> bool:
    """Return whether a revenue-only channel can be planned; when conversions are needed and unknown, say so."""
    if channel.revenue_per_conversion is not None:
        amount = Money(channel.revenue_per_conversion, context.scenario.currency_symbol)
        key = "revenue_per_conversion"
        context.warnings.append(
            Text("curves.revenue_only_estimated", channel=channel.display_name, key=key, amount=amount)
        )
        return True
    needs = _conversions_needed_by(context.scenario)
    if needs is None or channel.excluded:
        context.warnings.append(Text("curves.revenue_only", channel=channel.display_name, key="revenue_per_conversion"))
        return True
    source = context.history.source if context.history else ""
    message = Text("curves.revenue_only_needs_orders", file=source, needs=needs, key="revenue_per_conversion")
    context.problems.append(Problem(message, field=f"{where} -> revenue_per_conversion"))
    return False


def _conversions_needed_by(scenario: Scenario) -> Text | None:
    """Return what in the scenario counts conversions (the objective, or the first such rule), or None."""
    if scenario.objective.measure == "conversions":
        return Text("curves.needs.objective")
    for index, rule in enumerate(scenario.rules):
        counts = (
            isinstance(rule, MaxCPARule)
            or (isinstance(rule, LimitRule | ShareRule) and rule.measure == "conversions")
            or (isinstance(rule, RatioRule) and "conversions" in (rule.measure, rule.per_measure))
        )
        if counts:
            return Text("curves.needs.rule", index=Number(index + 1), name=rule.name)
    return None


@lru_cache(maxsize=512)
def fit_cached(spend: bytes, conversions: bytes, forms: tuple[str, ...], min_weeks: int, seed: int) -> FitResult:
    """Return the fit of one channel's weekly history (arrays as bytes), cached: the app re-solves often."""
    return fit_response_curve(
        np.frombuffer(spend), np.frombuffer(conversions), forms=forms, min_weeks=min_weeks, seed=seed
    )


@lru_cache(maxsize=512)
def _pieces_cached(
    form: str, params: tuple[tuple[str, float], ...], support: tuple[float, float], upper: float, segments: int
) -> tuple[tuple[tuple[float, float], ...], float]:
    curve = ResponseCurve(form=form, params=dict(params), support=support)
    breaks, gap = piecewise_linear(curve, upper, segments)
    return tuple(breaks), gap


def linear_pieces(curve: ResponseCurve, upper: float, segments: int) -> tuple[tuple[tuple[float, float], ...], float]:
    """Return a curve's piecewise-linear segments (width, slope) up to `upper` and the error, memoised."""
    return _pieces_cached(curve.form, tuple(sorted(curve.params.items())), curve.support, upper, segments)


def cautious_curve(
    series: tuple[np.ndarray, np.ndarray], result: FitResult, settings: CurveSettings, typical_weekly: float | None
) -> ResponseCurve:
    """Return the central curve scaled down to its bootstrap P10 at the channel's typical weekly spend."""
    spend, conversions = series
    samples = bootstrap_curves(spend, conversions, n=200, seed=settings.seed, form=result.curve.form)
    at = typical_weekly or (float(np.median(spend[spend > 0])) if (spend > 0).any() else 1.0)
    central = float(result.curve.value(at))
    if central <= 0:
        return result.curve
    p10 = float(np.percentile([float(c.value(at)) for c in samples], 10))
    return result.curve.scaled(min(1.0, p10 / central))


def _flat_report(cpa: float, reason: Text | str) -> CurveReport:
    curve = ResponseCurve(form="linear", params={"a": 1.0 / cpa}, support=(0.0, 0.0), quality={})
    return CurveReport(curve, True, 0.0, fallback_reason=reason or Text("curves.fit.no_history"))


def _order_value(channel: Channel, stats: pd.Series | None) -> float | None:
    """Return revenue per conversion: given, else from history, else unknown."""
    if channel.revenue_per_conversion is not None:
        return channel.revenue_per_conversion
    if stats is not None and stats["conversions"] > 0:
        return float(stats["aov"])
    return None


def _segment(
    scenario: Scenario,
    channel: Channel,
    tranche: Yields | None,
    width: float,
    conversions_rate: float,
    order_value: float | None,
    unit_cost: float | None,
    native: str = "conversions",
) -> Segment:
    """Return one segment's rates per unit of spend for every measure.

    `conversions_rate` is what the channel's curve gives per unit of spend: conversions, or revenue when `native`
    is "revenue" (a history without order counts; conversions then follow from a given order value, or are 0).
    """
    per_spend = 1.0 / unit_cost if unit_cost else 1.0  # KPIs are given per unit bought on unit channels
    if native == "revenue":
        revenue_native = conversions_rate
        order = channel.revenue_per_conversion
        conversions_rate = revenue_native / order if order else 0.0
    rates: dict[str, float] = {"spend": 1.0, "conversions": conversions_rate}
    if unit_cost:
        rates["units"] = 1.0 / unit_cost
    if native == "revenue":
        revenue_rate = revenue_native
    elif tranche is not None and tranche.roas is not None:
        revenue_rate = tranche.roas
    elif tranche is not None and tranche.revenue_per_conversion is not None:
        revenue_rate = tranche.revenue_per_conversion * conversions_rate
    elif channel.roas is not None:
        revenue_rate = channel.roas  # a channel-level ROAS holds flat across its tranches or curve
    else:
        revenue_rate = (order_value or 0.0) * conversions_rate
    rates["revenue"] = revenue_rate
    if scenario.margin is not None:
        rates["profit"] = scenario.margin * revenue_rate - 1.0
    kpis = {**channel.kpis, **(tranche.kpis if tranche is not None else {})}
    rates.update({kpi: value * per_spend for kpi, value in kpis.items()})
    rates.update({resource: value * per_spend for resource, value in channel.resource_use.items()})
    return Segment(width=width, rates=rates)


HISTORY_NAMES_SHOWN = 12  # the history's channel names listed when a scenario channel matches none of them


def _cost_per_conversion(
    given: float | None,
    stats: pd.Series | None,
    needed: bool,
    where: str,
    history: History | None,
    symbol: str,
    channel: Channel | None = None,
) -> tuple[float | None, str, Problem | None]:
    if given is not None:
        return given, "given", None
    if stats is not None and stats["conversions"] > 0 and stats["spend"] > 0:
        return float(stats["cpa"]), "history", None
    if not needed:
        return None, "none", None
    key = "cost_per_conversion"
    if history is None:
        return None, "none", Problem(Text("curves.needs_cost", key=key), field=f"{where} -> {key}")
    window = {"start": str(history.start), "end": str(history.end), "key": key}
    if stats is None:  # say what was looked for and what the history has: a label spelt two ways is the usual cause
        names = history_names(channel) if channel is not None else []
        everything = history.names or tuple(str(name) for name in history.statistics.index)
        present = [*everything[:HISTORY_NAMES_SHOWN], *(["…"] if len(everything) > HISTORY_NAMES_SHOWN else [])]
        named = {"names": Join(list(dict.fromkeys(names))), "channels": Join(present), "field": "history_name"}
        message = Text("curves.no_rows", **named, **window)
    elif stats["spend"] <= 0:
        message = Text("curves.no_spend", conversions=Number(float(stats["conversions"])), **window)
    else:
        message = Text("curves.no_conversions", spend=Money(float(stats["spend"]), symbol), **window)
    return None, "none", Problem(message, field=f"{where} -> cost_per_conversion", file=history.source)


def _bounds(
    channel: Channel, historical: float | None, unit_cost: float | None, pieces_end: float, where: str, symbol: str
) -> tuple[Bound, Bound, list[Problem]]:
    problems: list[Problem] = []
    if channel.excluded:
        excluded = Bound(0.0, Text("curves.bound.excluded"), "excluded")
        return excluded, excluded, problems
    lowers = [Bound(0.0, "")]
    uppers = [Bound(math.inf, "")]
    if channel.min_spend is not None:
        reason = Text("curves.bound.min_spend", key="min_spend", amount=Money(channel.min_spend, symbol))
        lowers.append(Bound(channel.min_spend, reason, "min_spend"))
    if channel.max_spend is not None:
        reason = Text("curves.bound.max_spend", key="max_spend", amount=Money(channel.max_spend, symbol))
        uppers.append(Bound(channel.max_spend, reason, "max_spend"))
    if channel.units and unit_cost:
        name = channel.units.name
        if channel.units.min is not None:
            reason = Text("curves.bound.units_min", count=Number(channel.units.min), unit=name)
            lowers.append(Bound(channel.units.cost_of(channel.units.min), reason, "units_min"))
        if channel.units.max is not None:
            reason = Text("curves.bound.units_max", count=Number(channel.units.max), unit=name)
            uppers.append(Bound(channel.units.cost_of(channel.units.max), reason, "units_max"))
    if channel.tranches and math.isfinite(pieces_end):
        uppers.append(Bound(pieces_end, Text("curves.bound.tranche_end"), "tranche_end"))
    relative = [(channel.min_vs_history, lowers, "min_vs_history"), (channel.max_vs_history, uppers, "max_vs_history")]
    for multiple, bucket, key in relative:
        if multiple is None:
            continue
        if historical is None:
            problems.append(Problem(Text("curves.relative_needs_history", key=key), f"{where} -> {key}"))
            continue
        reason = Text("curves.bound.history_multiple", multiple=Number(multiple), amount=Money(historical, symbol))
        bucket.append(Bound(multiple * historical, reason, "history_multiple"))
    if channel.locked:
        if channel.min_spend is not None and channel.min_spend == channel.max_spend:
            fixed = channel.min_spend
        elif historical is not None:
            fixed = historical
        else:
            message = Text("curves.locked_needs", locked="locked", first="min_spend", second="max_spend")
            problems.append(Problem(message, f"{where} -> locked"))
            fixed = 0.0
        locked = Bound(fixed, Text("curves.bound.locked", amount=Money(fixed, symbol)), "locked")
        return locked, locked, problems
    return max(lowers, key=lambda b: b.value), min(uppers, key=lambda b: b.value), problems


def _slope_worth(channel: ChannelResponse, worth: tuple[float, ...], index: int, measure: str) -> float:
    """Return the curve slope whose objective rate equals what the next unit of spend is worth (NaN if unknown)."""
    if index >= len(worth) or not math.isfinite(worth[index]) or channel.affine is None:
        return math.nan
    base, per = channel.affine
    rate = per.get(measure, 0.0)
    return (worth[index] - base.get(measure, 0.0)) / rate if rate > 0 else math.nan


def tables_settled(responses: Responses, spend: tuple[float, ...]) -> bool:
    """Return whether a plan is optimal on every curve's full table, though planned on some of its corners only.

    True when every refinable curve is a concave table whose planned spend has the corners around it (the one
    before, at or after it) among its breakpoints: a table's pieces are then dual feasible wherever they are
    left out (those before the plan rise no less, those after no more), so adding them cannot improve the plan.
    Curves fitted from history converge by the objective instead (`optimize`), and answer False here.
    """
    weeks = responses.period_weeks or 1.0
    for channel, amount in zip(responses.channels, spend, strict=True):
        report = channel.curve
        if report is None or channel.affine is None or report.curve.form == "linear":
            continue
        if report.curve.form != "table" or not report.curve.is_concave():
            return False
        points, planned, _ = _on_curve(channel, amount, weeks)
        knots = np.array(points)
        xs = report.curve.table[0]
        at = int(np.searchsorted(xs, planned))
        needed = xs[max(at - 1, 0) : at + 2]
        needed = needed[needed <= knots[-1]]
        nearest = np.abs(knots[np.clip(np.searchsorted(knots, needed), 0, len(knots) - 1)] - needed)
        nearest = np.minimum(nearest, np.abs(knots[np.clip(np.searchsorted(knots, needed) - 1, 0, None)] - needed))
        if np.any(nearest > 1e-9 * max(float(knots[-1]), 1.0)):
            return False
    return True


def tables_gap(responses: Responses, worth: tuple[float, ...], measure: str) -> float:
    """Return how much more of the objective the whole tables could give than the plan on their chords, at most.

    The solve's dual prices stay a feasible dual of the model on the whole tables once each left-out piece is
    charged what it would gain at those prices: per channel, the sum over the table's pieces of width × (what a
    unit buys − what the next unit through the channel is worth) where positive, less the same sum over the chords
    planned on (weak duality; the chords' own sum is part of the plan's objective). So the plan is within this of
    the best plan on the whole tables, and refining cannot gain more. Valid where the channels' segments meet no
    priced row but their own (the caller checks); inf where a curve is not a concave table or a price is unknown.
    """
    weeks = responses.period_weeks or 1.0
    total = 0.0
    for index, channel in enumerate(responses.channels):
        report = channel.curve
        if report is None or channel.affine is None or report.curve.form == "linear":
            continue
        if report.curve.form != "table" or not report.curve.is_concave():
            return math.inf
        slope = _slope_worth(channel, worth, index, measure)
        if not math.isfinite(slope):
            return math.inf
        rate = channel.affine[1][measure]
        base = channel.affine[0].get(measure, 0.0)
        scale = weeks if report.per_week else 1.0
        xs = report.curve.table[0]
        whole = float(np.sum(np.diff(xs) * np.maximum(report.curve.table_slopes - slope, 0.0))) * scale
        planned = sum(
            s.width * max((s.rates.get(measure, 0.0) - base) / rate - slope, 0.0) for s in channel.media_segments
        )
        total += rate * max(whole - planned, 0.0)
    return total


def _on_curve(channel: ChannelResponse, amount: float, weeks: float) -> tuple[list[float], float, float]:
    """Return a curve's breakpoints (0 first) and a planned spend on the curve's own axis, and that axis's scale.

    A weekly curve's axis is money a week; a set-up fee buys nothing, so the curve starts after it.
    """
    assert channel.curve is not None
    scale = weeks if channel.curve.per_week else 1.0
    knots = [0.0, *itertools.accumulate(s.width / scale for s in channel.media_segments)]
    return knots, (amount - channel.setup_fee) / scale, scale


def _distinct(points: list[float], top: float) -> list[float]:
    """Return sorted breakpoints without the ones a rounding away from the one before (knots re-added as sums)."""
    kept = points[:1]
    for point in points[1:]:
        if point - kept[-1] > 1e-12 * top:
            kept.append(point)
    return kept


# Relative offsets of the breakpoints added around a planned spend: fine near it, coarser further out,
# so a re-solve can move the plan up to 30% along chords that hug the curve.
REFINE_OFFSETS = (0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001)


def refine_responses(
    responses: Responses,
    spend: tuple[float, ...],
    skip: frozenset[int] = frozenset(),
    worth: tuple[float, ...] = (),
    measure: str = "",
) -> Responses:
    """Return responses whose fitted curves gain breakpoints around the planned spend (except channels in skip).

    Chords meet the curve at their breakpoints, so a re-solve finds the optimum on chords that hug
    the smooth curve near the plan: the piecewise-linear error vanishes where it matters. `worth`: what the
    next unit of spend through each channel's segments adds to the objective `measure` (the solve's duals; NaN
    or empty where unknown), which tells a table where its optimum lies (table_corners_near).
    """
    weeks = responses.period_weeks or 1.0
    refined = []
    for index, (channel, amount) in enumerate(zip(responses.channels, spend, strict=True)):
        report = channel.curve
        if index in skip or report is None or channel.affine is None or report.curve.form == "linear":
            refined.append(channel)
            continue
        knots, planned, scale = _on_curve(channel, amount, weeks)
        top = knots[-1]
        if report.curve.form == "table":  # its own corners: chords between neighbouring ones are exact
            extra = table_corners_near(report.curve, planned, top, _slope_worth(channel, worth, index, measure))
        else:
            offsets = (0.0, *REFINE_OFFSETS, *(-o for o in REFINE_OFFSETS))
            extra = [k for k in (planned * (1 + o) for o in offsets) if 0 < k < top]
        points = _distinct(sorted({*knots, *extra}), top)
        if len(points) == len(knots):
            refined.append(channel)
            continue
        base, per = channel.affine
        keys = list(base.keys() | per.keys())
        grid = np.array(points)
        steps = np.diff(grid)
        slopes = np.diff(report.curve.value(grid)) / steps
        # Each measure's rate on every piece at once (the same products and sums as one piece at a time).
        columns = [(base.get(k, 0.0) + slopes * per.get(k, 0.0)).tolist() for k in keys]
        segments = [
            Segment(width=width, rates=dict(zip(keys, rates, strict=True)))
            for width, *rates in zip((steps * scale).tolist(), *columns, strict=True)
        ]
        fee = channel.segments[:1] if channel.setup_fee else ()
        refined.append(replace(channel, segments=(*fee, *segments)))
    return replace(responses, channels=tuple(refined))
