"""How far to trust a plan: bootstrap ranges of its outcome, and backtests of each channel's curve."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.curves.fitting import backtest, bootstrap_curves
from planner.data.history import History, load_history, summarise_history
from planner.data.io import read_history
from planner.model.plan import Plan
from planner.model.scenario import Scenario

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class OutcomeRange:
    """P10, P50 and P90 of a plan's conversions and revenue, from resampling the weeks of history."""

    conversions: tuple[float, float, float]
    revenue: tuple[float, float, float]
    draws: int
    seed: int
    fixed_channels: tuple[str, ...]  # channels with a given or constant yield: no spread from history


def outcome_range(
    plan: Plan, history: History | None = None, draws: int = 200, seed: int | None = None
) -> OutcomeRange:
    """Return P10/P50/P90 of the plan's conversions and revenue, refitting each curve on resampled weeks."""
    scenario = plan.scenario
    seed = scenario.curves.seed if seed is None else seed
    history = history if history is not None else load_history(scenario)
    weeks = plan.period_weeks or 1.0
    conversions = np.zeros(draws)
    revenue = np.zeros(draws)
    fixed = []
    rng = np.random.default_rng(seed)
    for row, channel in zip(plan.allocation.to_dict("records"), scenario.channels, strict=True):
        series = history.weekly_series(channel) if history is not None else None
        order_value = row["revenue"] / row["conversions"] if row["conversions"] > 0 else 0.0
        if series is not None and row["yield_source"] == "fitted":
            spend, converted = series
            curves = bootstrap_curves(spend, converted, n=draws, seed=seed, form=str(row["curve"]))
            weekly = float(row["spend"]) / weeks
            values = np.array([float(c.value(weekly)) for c in curves]) * weeks
        elif series is not None and row["yield_source"] == "history" and series[0].sum() > 0:
            # A constant cost per conversion from history: its spread is that of the resampled weeks' ratio.
            spend, converted = series
            picks = rng.integers(0, len(spend), size=(draws, len(spend)))
            rates = converted[picks].sum(axis=1) / np.maximum(spend[picks].sum(axis=1), 1e-12)
            values = rates * float(row["spend"])
        else:
            values = np.full(draws, float(row["conversions"]))
            if row["spend"] > 0:
                fixed.append(str(row["channel"]))
        conversions += values
        revenue += values * order_value
    return OutcomeRange(
        conversions=_percentiles(conversions),
        revenue=_percentiles(revenue),
        draws=draws,
        seed=seed,
        fixed_channels=tuple(fixed),
    )


def _percentiles(values: np.ndarray) -> tuple[float, float, float]:
    low, mid, high = np.percentile(values, PERCENTILES)
    return float(low), float(mid), float(high)


def backtest_channels(scenario: Scenario, split: float = 0.75) -> pd.DataFrame:
    """Return, per channel, the error of a curve fitted on the earlier weeks when predicting the later ones.

    Uses every week of history up to the end of the scenario's window, so the test has enough weeks.
    """
    path = scenario.history_path()
    if path is None or scenario.history is None:
        return pd.DataFrame(columns=["channel", "label", "form", "weeks_train", "weeks_test", "mape", "bias"])
    known = {name for c in scenario.channels for name in (c.history_name, c.label, c.id) if name}
    history = summarise_history(read_history(path), None, scenario.history.end, known, source=str(path))
    settings = scenario.curves
    records = []
    for channel in scenario.channels:
        series = history.weekly_series(channel)
        if series is None:
            continue
        result = backtest(
            *series,
            split=split,
            forms=settings.forms,
            min_weeks=settings.min_weeks,
        )
        records.append(
            {
                "channel": channel.id,
                "label": channel.display_name,
                "form": result["form"],
                "weeks_train": result["weeks_train"],
                "weeks_test": result["weeks_test"],
                "mape": result["mape"],
                "bias": result["bias"],
            }
        )
    return pd.DataFrame.from_records(records)
