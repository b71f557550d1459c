"""How far to trust a plan: bootstrap ranges of its outcome, and backtests of each channel's curve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.curves.fitting import CURVED_FORMS, backtest, bootstrap_curves, trim_paused_tail
from planner.curves.response import build_responses, edge_warning, fit_series
from planner.curves.segments import ChannelResponse
from planner.data.history import History, load_history, summarise_history
from planner.data.inputs import load_curve_tables
from planner.data.io import read_history
from planner.model.i18n import Text
from planner.model.plan import Plan
from planner.model.scenario import Scenario

PERCENTILES = (10, 50, 90)


PERIOD_RANGE_COLUMNS = [
    "period",
    "conversions_p10",
    "conversions_p50",
    "conversions_p90",
    "revenue_p10",
    "revenue_p50",
    "revenue_p90",
]


@dataclass(frozen=True)
class OutcomeRange:
    """P10, P50 and P90 of a plan's conversions and revenue, from resampling the weeks of history.

    For a calendar plan, `periods` holds the same per period (columns PERIOD_RANGE_COLUMNS, calendar order):
    each draw's curves are evaluated on every period copy (its spend, weeks, events and the share of
    carry-over counted), and the totals are the sums of those draws; None without a calendar.
    """

    conversions: tuple[float, float, float]
    revenue: tuple[float, float, float]
    draws: int
    seed: int
    fixed_channels: tuple[str, ...]  # channels with a given or constant yield: no spread from history
    periods: pd.DataFrame | None = None


def outcome_range(
    plan: Plan, history: History | None = None, draws: int = 200, seed: int | None = None
) -> OutcomeRange:
    """Return P10/P50/P90 of the plan's conversions and revenue, refitting each curve on resampled weeks."""
    scenario = plan.scenario
    seed = scenario.curves.seed if seed is None else seed
    history = history if history is not None else load_history(scenario)
    if plan.periods is not None and scenario.calendar is not None and plan.responses is not None:
        from planner.optimize.calendar import fitted

        # The weeks the plan's curves were fitted on: the actual weeks added (refit), events' effects taken out.
        history = fitted(scenario, None, history)[1].history
        return _calendar_outcome_range(plan, history, draws, seed)
    weeks = plan.period_weeks or 1.0
    conversions = np.zeros(draws)
    revenue = np.zeros(draws)
    fixed = []
    rng = np.random.default_rng(seed)
    responses = plan.responses.by_id() if plan.responses is not None else {}
    for row, channel in zip(plan.allocation.to_dict("records"), scenario.channels, strict=True):
        measure, series = _channel_weeks(responses.get(channel.id), channel, row, history)
        # What the curve gives per unit of the other measure: order value, or orders per unit of revenue.
        if measure == "revenue":
            other = row["conversions"] / row["revenue"] if row["revenue"] > 0 else 0.0
        else:
            other = row["revenue"] / row["conversions"] if row["conversions"] > 0 else 0.0
        if series is not None and row["yield_source"] == "fitted":
            spend, converted = series
            curves = bootstrap_curves(spend, converted, n=draws, seed=seed, form=str(row["curve"]))
            weekly = float(row["spend"]) / weeks
            values = np.array([float(c.value(weekly)) for c in curves]) * weeks
        elif series is not None and row["yield_source"] == "history" and series[0].sum() > 0:
            # A constant cost per conversion from history: its spread is that of the resampled weeks' ratio.
            values = _resampled_rates(series, rng, draws) * float(row["spend"])
        else:
            values = np.full(draws, float(row[measure]))
            if row["spend"] > 0:
                fixed.append(str(row["channel"]))
        _add(values, measure, other, conversions, revenue)
    return OutcomeRange(
        conversions=_percentiles(conversions),
        revenue=_percentiles(revenue),
        draws=draws,
        seed=seed,
        fixed_channels=tuple(fixed),
    )


def _calendar_outcome_range(plan: Plan, history: History | None, draws: int, seed: int) -> OutcomeRange:
    """Return P10/P50/P90 of a calendar plan's outcome, in total and per period, each period copy evaluated."""
    from planner.optimize.calendar import plan_layout

    scenario = plan.scenario
    assert plan.periods is not None
    assert plan.responses is not None
    layout = plan_layout(plan)
    count, n = len(layout.periods), layout.channel_count
    weeks = np.array([period.weeks for period in layout.periods])
    table = plan.periods
    cells = {m: table[m].to_numpy(dtype=float).reshape(count, n) for m in ("spend", "conversions", "revenue")}
    conversions = np.zeros((draws, count))
    revenue = np.zeros((draws, count))
    fixed = []
    rng = np.random.default_rng(seed)
    responses = plan.responses.by_id()
    for i, (row, channel) in enumerate(zip(plan.allocation.to_dict("records"), scenario.channels, strict=True)):
        measure, series = _channel_weeks(responses.get(channel.id), channel, row, history)
        if measure == "revenue":
            other = row["conversions"] / row["revenue"] if row["revenue"] > 0 else 0.0
        else:
            other = row["revenue"] / row["conversions"] if row["conversions"] > 0 else 0.0
        spend = cells["spend"][:, i]
        effects = np.array([layout.effect(p, i) for p in range(count)])  # (efficiency, cost) per period
        counted = np.array([layout.credited(p, i) for p in range(count)])
        # A period of w weeks with efficiency e and cost k at spend x buys e·w·f(x / (k·w)) on a weekly curve f.
        scale = counted * effects[:, 0] * weeks
        if series is not None and row["yield_source"] == "fitted":
            curves = bootstrap_curves(*series, n=draws, seed=seed, form=str(row["curve"]))
            weekly = spend / (effects[:, 1] * weeks)
            values = np.array([np.asarray(c.value(weekly), dtype=float) for c in curves]) * scale
        elif series is not None and row["yield_source"] == "history" and series[0].sum() > 0:
            rates = _resampled_rates(series, rng, draws)
            values = rates[:, None] * (counted * effects[:, 0] / effects[:, 1] * spend)[None, :]
        else:
            values = np.tile(cells[measure][:, i], (draws, 1))
            if row["spend"] > 0:
                fixed.append(str(row["channel"]))
        _add(values, measure, other, conversions, revenue)
    records = []
    for p, period in enumerate(layout.periods):
        low, mid, high = _percentiles(conversions[:, p])
        r_low, r_mid, r_high = _percentiles(revenue[:, p])
        records.append([period.name, low, mid, high, r_low, r_mid, r_high])
    return OutcomeRange(
        conversions=_percentiles(conversions.sum(axis=1)),
        revenue=_percentiles(revenue.sum(axis=1)),
        draws=draws,
        seed=seed,
        fixed_channels=tuple(fixed),
        periods=pd.DataFrame(records, columns=PERIOD_RANGE_COLUMNS),
    )


def _percentiles(values: np.ndarray) -> tuple[float, float, float]:
    low, mid, high = np.percentile(values, PERCENTILES)
    return float(low), float(mid), float(high)


BACKTEST_COLUMNS = [
    "channel",
    "label",
    "form",
    "source",
    "weeks_train",
    "weeks_test",
    "mape",
    "bias",
    "plan_mape",
    "plan_bias",
    "weeks_in_window",
    "weeks_off",
    "measure",
    "notes",
]


def backtest_channels(scenario: Scenario, split: float = 0.75) -> pd.DataFrame:
    """Return, per channel, how well the curve the plan uses predicts the later weeks of history.

    The plan's curve is the one built for the scenario (same form as the plan: a fitted power, log or hill
    curve, or a constant cost per conversion). Two scores on the later weeks:

    - `mape`/`bias`: that form refitted on the earlier weeks only: an out-of-time test of the form;
    - `plan_mape`/`plan_bias`: the plan's own curve, parameters as planned (fitted on the scenario's window;
      `weeks_in_window` of the tested weeks lie inside that window, so that part of its score is in-sample).

    Test weeks without spend (`weeks_off`: a channel switched off) are left out of both scores: the curve predicts
    nothing there, and the orders they still record are carry-over or organic. A channel whose history has revenue
    but no orders is scored on revenue (`measure`). `notes` holds warnings about the plan's curve (a shape parameter
    at the edge of its search range).

    Uses every week of history up to the end of the scenario's window, so the test has enough weeks.
    """
    path = scenario.history_path()
    if path is None or scenario.history is None:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    known = {name for c in scenario.channels for name in (c.history_name, c.label, c.id) if name}
    claims = scenario.history.claims
    history = summarise_history(read_history(path), None, scenario.history.end, known, str(path), claims)
    window = load_history(scenario)
    responses = build_responses(scenario, window, load_curve_tables(scenario)).by_id()
    weeks = (scenario.period_weeks or (window.weeks if window else None)) or 1.0
    records = []
    for channel in scenario.channels:
        response = responses.get(channel.id)
        if history.weekly_series(channel) is None or response is None:
            continue
        measure = response.curve.measure if response.curve is not None else "conversions"
        spend, conversions = fit_series(history, channel, measure)
        form = _plan_form(response)
        refit = form in (*CURVED_FORMS, "linear")
        result = backtest(spend, conversions, split=split, form=form if refit else "linear")
        cut = result["weeks_train"]
        on = spend[cut:] > 0  # as in `backtest`: weeks without spend say nothing about the curve
        predicted = _plan_prediction(response, spend[cut:][on], weeks, measure)
        plan_mape, plan_bias = _scores(predicted, conversions[cut:][on])
        in_window = window.weekly_series(channel) if window is not None else None
        records.append(
            {
                "channel": channel.id,
                "label": channel.display_name,
                "form": form,
                "source": response.yield_source,
                "weeks_train": cut,
                "weeks_test": result["weeks_test"],
                "mape": result["mape"] if refit else math.nan,
                "bias": result["bias"] if refit else math.nan,
                "plan_mape": plan_mape,
                "plan_bias": plan_bias,
                "weeks_in_window": min(result["weeks_test"], len(in_window[0])) if in_window is not None else 0,
                "weeks_off": result["weeks_off"],
                "measure": measure,
                "notes": _notes(response, scenario.currency_symbol),
            }
        )
    return pd.DataFrame.from_records(records, columns=BACKTEST_COLUMNS)


def _plan_form(response: ChannelResponse) -> str:
    """Return the form of the curve a channel is planned on: power, log, hill, linear, table or tranches."""
    if response.curve is not None:
        return response.curve.curve.form
    return "tranches" if response.yield_source == "tranches" else "linear"


def _notes(response: ChannelResponse, symbol: str) -> tuple[Text, ...]:
    """Return the warnings about a channel's plan curve that a backtest reader should see beside its score."""
    if response.curve is None:
        return ()
    return tuple(edge_warning(response.label, edge, symbol) for edge in response.curve.edges)


def _plan_prediction(
    response: ChannelResponse, weekly_spend: np.ndarray, weeks: float, measure: str = "conversions"
) -> np.ndarray | None:
    """Return the measure the plan's curve expects in weeks with these spends (None if it does not give it)."""
    report = response.curve
    if report is not None:
        if report.per_week:
            return np.asarray(report.curve.value(weekly_spend), dtype=float)
        return np.asarray(report.curve.value(weekly_spend * weeks), dtype=float) / weeks
    if not any(measure in segment.rates for segment in response.segments):
        return None
    return np.array([response.evaluate(float(x) * weeks).get(measure, 0.0) / weeks for x in weekly_spend])


def _scores(predicted: np.ndarray | None, actual: np.ndarray) -> tuple[float, float]:
    """Return the mean absolute percentage error (weeks with conversions) and the relative bias."""
    if predicted is None or len(actual) == 0:
        return math.nan, math.nan
    seen = actual > 0
    mape = float(np.mean(np.abs(predicted[seen] - actual[seen]) / actual[seen])) if seen.any() else math.nan
    bias = float(np.mean(predicted - actual) / actual.mean()) if actual.mean() > 0 else math.nan
    return mape, bias


def _resampled_rates(series: tuple[Any, Any], rng: np.random.Generator, draws: int) -> Any:
    """Return `draws` costs per unit of a constant-CPA channel: the ratio over its weeks resampled with replacement."""
    spend, converted = series
    picks = rng.integers(0, len(spend), size=(draws, len(spend)))
    return converted[picks].sum(axis=1) / np.maximum(spend[picks].sum(axis=1), 1e-12)


def _add(values: Any, measure: str, other: float, conversions: Any, revenue: Any) -> None:
    """Add a channel's drawn outcome (in its measure) to the totals, the other measure at its ratio `other`."""
    if measure == "revenue":
        revenue += values
        conversions += values * other
    else:
        conversions += values
        revenue += values * other


def _channel_weeks(
    response: Any, channel: Any, row: dict[Any, Any], history: History | None
) -> tuple[str, tuple[Any, Any] | None]:
    """Return the measure a channel's curve is in, and the weeks (spend, outcome) its curve was fitted on."""
    measure = response.curve.measure if response is not None and response.curve is not None else "conversions"
    series = fit_series(history, channel, measure) if history is not None else None
    if series is not None and len(series[0]) == 0:
        return measure, None
    if series is not None and row["yield_source"] == "fitted":
        return measure, trim_paused_tail(*series)[:2]  # the weeks the curve was fitted on
    return measure, series
