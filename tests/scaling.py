"""Scale every amount of money in a scenario and its history, for tests of numbers of any size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from planner.data.io import dump_scenario, load_scenario, read_yaml
from planner.model.scenario import Scenario

# Measures counted in money: a rule on them has limits in money.
MONEY_MEASURES = frozenset({"spend", "revenue", "profit", "commission"})
HISTORY_MONEY_COLUMNS = ("spend", "revenue")


def _scale_yields(block: dict[str, Any], factor: float, per_spend: bool) -> None:
    """Scale a channel's or tranche's yields: money per conversion, and KPIs per unit of spend."""
    for key in ("cost_per_conversion", "revenue_per_conversion"):
        if block.get(key) is not None:
            block[key] *= factor
    if per_spend and block.get("kpis"):
        block["kpis"] = {name: value / factor for name, value in block["kpis"].items()}


def _scale_channel(channel: dict[str, Any], factor: float) -> None:
    in_units = channel.get("units") is not None
    _scale_yields(channel, factor, per_spend=not in_units)
    for key in ("min_spend", "max_spend"):
        if channel.get(key) is not None:
            channel[key] *= factor
    if in_units:
        channel["units"]["cost"] *= factor
        for discount in channel["units"].get("discounts") or ():
            discount["cost"] *= factor
    if channel.get("setup_fee") is not None:
        channel["setup_fee"] *= factor
    if channel.get("min_if_active") is not None:
        channel["min_if_active"]["amount"] *= factor
    if channel.get("commission") and channel["commission"].get("max_revenue") is not None:
        channel["commission"]["max_revenue"] *= factor
    if channel.get("sessions"):
        sessions = channel["sessions"]
        sessions["fee"] *= factor
        if sessions.get("revenue") is not None:
            sessions["revenue"] = [value * factor for value in sessions["revenue"]]
        if sessions.get("first") is not None:
            sessions["first"] *= factor
    elif channel.get("resource_use"):
        channel["resource_use"] = {name: value / factor for name, value in channel["resource_use"].items()}
    for tranche in channel.get("tranches") or ():
        _scale_yields(tranche, factor, per_spend=not in_units)
        if tranche.get("up_to") is not None and not in_units:
            tranche["up_to"] *= factor


def _scale_rule(rule: dict[str, Any], factor: float) -> None:
    kind = rule["kind"]
    if kind == "max_cpa":
        rule["value"] *= factor
        return
    if kind == "limit" and rule.get("measure", "spend") in MONEY_MEASURES:
        multiplier = factor
    elif kind == "ratio":
        numerator = rule.get("measure", "spend")
        denominator = rule.get("per_measure") or numerator
        multiplier = (factor if numerator in MONEY_MEASURES else 1.0) / (
            factor if denominator in MONEY_MEASURES else 1.0
        )
    else:
        return  # shares and ROAS are ratios of money to money
    for key in ("at_least", "at_most", "exactly"):
        if rule.get(key) is not None:
            rule[key] *= multiplier


def _scale_calendar(calendar: dict[str, Any], factor: float) -> None:
    """Scale a calendar's amounts of money: period limits not written as shares, on-air minimums, actuals."""
    for limit in calendar.get("budgets") or ():
        if not limit.get("share"):
            for key in ("at_least", "at_most", "exactly"):
                if limit.get(key) is not None:
                    limit[key] *= factor
    for rule in calendar.get("on_air") or ():
        rule["min_spend"] *= factor
    for actual in calendar.get("actuals") or ():
        for key in ("spend", "revenue"):
            if actual.get(key) is not None:
                actual[key] *= factor


def scale_scenario_data(data: dict[str, Any], factor: float) -> dict[str, Any]:
    """Return a scenario's data (as dumped) with every amount of money multiplied by factor."""
    if data.get("budget") is not None:
        data["budget"]["amount"] *= factor
        if data["budget"].get("commission_budget") is not None:
            data["budget"]["commission_budget"] *= factor
    for channel in data["channels"]:
        _scale_channel(channel, factor)
    for rule in data.get("rules") or ():
        _scale_rule(rule, factor)
    if data.get("calendar") is not None:
        _scale_calendar(data["calendar"], factor)
    return data


def scale_history(source: Path, target: Path, factor: float) -> None:
    """Write the history CSV with its spend and revenue multiplied by factor."""
    frame = pd.read_csv(source)
    for column in HISTORY_MONEY_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column] * factor
    frame.to_csv(target, index=False, float_format="%.17g")


def scaled_scenario(path: Path, factor: float, folder: Path) -> Scenario:
    """Write the scenario at path and its history with money scaled by factor into folder; load and return it."""
    scenario = load_scenario(path)
    assert not any(c.curve for c in scenario.channels), "imported curves are not scaled by this helper"
    data = scenario.model_dump(mode="json", exclude_none=True, warnings=False)
    data = scale_scenario_data(data, factor)
    history = scenario.history_path()
    if history is not None:
        scale_history(history, folder / "history.csv", factor)
        data["history"]["path"] = "history.csv"
    target = folder / f"scaled_{factor:g}_{path.name}"
    target.write_text(dump_scenario(Scenario.model_validate(data)), encoding="utf-8")
    return load_scenario(target)


__all__ = ["read_yaml", "scale_history", "scale_scenario_data", "scaled_scenario"]
