"""Assemble the Plan from a solved LP: per-channel measures, the allocation table, totals and shadow prices."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.curves.segments import ChannelResponse, Responses, bound_reason
from planner.model.i18n import Share, Text, render
from planner.model.plan import Plan
from planner.model.rules import LimitRule, MaxChannelsRule, MaxCPARule, RatioRule, ShareRule
from planner.model.runtime import no_garbage_collection
from planner.model.scenario import Scenario
from planner.optimize.lp import RowInfo
from planner.optimize.solver import Solution, SolverStatus

BOUND_TOLERANCE = 1e-6


def channel_measures(response: ChannelResponse, spend: float, segment_spend: tuple[float, ...]) -> dict[str, float]:
    """Return every measure a channel's solved spend buys (segment by segment when it has several)."""
    if not segment_spend:
        return {measure: rate * spend for measure, rate in response.segments[0].rates.items()}
    totals: dict[str, float] = {}
    for segment, used in zip(response.segments, segment_spend, strict=True):
        for measure, rate in segment.rates.items():
            totals[measure] = totals.get(measure, 0.0) + rate * used
    return totals


def assemble_plan(
    scenario: Scenario,
    responses: Responses,
    rows: dict[str, RowInfo],
    solution: Solution,
) -> Plan:
    """Return the Plan for a solved scenario: the allocation table, totals and shadow prices."""
    with no_garbage_collection():
        return _assemble_plan(scenario, responses, rows, solution)


def _assemble_plan(scenario: Scenario, responses: Responses, rows: dict[str, RowInfo], solution: Solution) -> Plan:
    measures = [
        channel_measures(r, s, seg)
        for r, s, seg in zip(responses.channels, solution.spend, solution.segment_spend, strict=True)
    ]
    allocation = with_gap_column(allocation_table(scenario, responses, solution, measures), solution)
    totals = totals_of(scenario, allocation)
    rules = rule_table(scenario, rows, solution, measures)
    plan = Plan(
        scenario=scenario,
        status=str(solution.status),
        objective_value=solution.objective,
        allocation=allocation,
        totals=totals,
        rules=rules,
        period_weeks=responses.period_weeks,
        warnings=(*responses.warnings, *mip_notes(solution)),
        is_mip=solution.is_mip,
        mip_gap=solution.mip_gap,
        responses=responses,
    )
    return plan


def mip_notes(solution: Solution) -> tuple[Text, ...]:
    """Return what a plan with whole-number decisions says of itself: its gap, and where its prices come from."""
    if not solution.decided:  # none, or only the ordering of a curve's segments (the status line gives the gap)
        return ()
    gap = Text("economics.mip_gap", gap=Share(solution.mip_gap))
    if solution.status is SolverStatus.BEST_FOUND:
        gap = Text("economics.mip_stopped", gap=Share(solution.mip_gap), key="solver: time_limit")
    return (gap, Text("economics.mip_duals"))


def with_gap_column(allocation: pd.DataFrame, solution: Solution) -> pd.DataFrame:
    """Return the allocation with the MILP's gap in every row (CSV readers see it too), unchanged for an LP."""
    if solution.is_mip:
        allocation["mip_gap"] = solution.mip_gap
    return allocation


def allocation_table(
    scenario: Scenario, responses: Responses, solution: Solution, measures: list[dict[str, float]]
) -> pd.DataFrame:
    """Return one row per channel: spend, what it buys, its bounds, reduced cost, marginal CPA and curve."""
    total_spend = sum(solution.spend)
    extra = list(scenario.kpis) + list(scenario.resources)
    commission = scenario.pays_commission  # asked once: it looks at every channel
    records = []
    for response, spend, measured, reduced in zip(
        responses.channels, solution.spend, measures, solution.spend_reduced_costs, strict=True
    ):
        conversions = measured.get("conversions", 0.0)
        revenue = measured.get("revenue", 0.0)
        historical = response.historical_spend
        record: dict[str, Any] = {
            "channel": response.id,
            "label": response.label,
            "groups": ", ".join(response.groups),
            "spend": spend,
            "share": spend / total_spend if total_spend > 0 else 0.0,
            "units": _units(response, spend, measured),
            "conversions": conversions,
            "revenue": revenue,
        }
        if scenario.margin is not None:
            record["profit"] = measured.get("profit", 0.0)
        if commission:
            record["commission"] = measured.get("commission", 0.0)
        record.update({name: measured.get(name, 0.0) for name in extra})
        record.update(
            {
                "cpa": spend / conversions if conversions > 0 else math.nan,
                "roas": revenue / spend if spend > 0 else math.nan,
                "historical_spend": historical if historical is not None else math.nan,
                "historical_conversions": response.historical.get("conversions", math.nan),
                "historical_revenue": response.historical.get("revenue", math.nan),
                "change_vs_history": _change(spend, historical),
                "lower_bound": response.lower.value,
                "upper_bound": response.upper.value,
                "at_bound": (at := _at_bound(response, spend)),
                "bound_reason": _bound_reason(response, at),
                "reduced_cost": reduced,
                "marginal_cpa": marginal_cpa(response, spend),
                "beyond_history": beyond_history(response, spend, responses.period_weeks),
                "yield_source": response.yield_source,
                "curve": response.curve.curve.form if response.curve is not None else "",
                "curve_error": response.curve.approximation_error if response.curve is not None else 0.0,
            }
        )
        records.append(record)
    return pd.DataFrame.from_records(records)


def _units(response: ChannelResponse, spend: float, measured: dict[str, float]) -> float:
    """Return the units a channel's spend buys (NaN for channels not bought in units)."""
    if response.one_price:
        assert response.unit_cost is not None
        return spend / response.unit_cost
    if not response.bought_in_units:
        return math.nan
    units = measured.get("units", 0.0)
    return float(round(units)) if response.whole_units and abs(units - round(units)) < 1e-6 else units


def _change(spend: float, historical: float | None) -> float:
    """Return spend − historical spend; a difference within the solver's rounding of the amounts is 0 (a locked
    channel summed over a calendar's periods is its history to the last bit, not −¥5.82e-11 from it)."""
    if historical is None:
        return math.nan
    change = spend - historical
    return 0.0 if abs(change) <= 1e-9 * max(1.0, abs(historical)) else change


def marginal_cpa(response: ChannelResponse, spend: float) -> float:
    """Return what the next conversion costs at this spend (infinite where no more can be bought)."""
    rate = response.marginal_rate("conversions", spend)
    return 1.0 / rate if rate > 0 else math.inf


def beyond_history(response: ChannelResponse, spend: float, weeks: float | None) -> bool:
    """Return whether a fitted curve is used beyond the highest weekly spend history shows."""
    report = response.curve
    if report is None or report.fallback_reason or not report.per_week or report.curve.form == "table":
        return False
    weekly = spend / (weeks or 1.0)
    return weekly > report.highest_weekly_spend_seen * (1 + 1e-6)


def _at_bound(response: ChannelResponse, spend: float) -> str:
    lower, upper = response.lower, response.upper
    if lower.kind == "excluded" or (lower.value == upper.value and lower.kind == "locked"):
        return lower.kind
    tolerance = BOUND_TOLERANCE * max(1.0, abs(spend))
    if math.isfinite(upper.value) and spend >= upper.value - tolerance:
        return "cap"
    if lower.value > 0 and spend <= lower.value + tolerance:
        return "floor"
    if spend <= tolerance:
        return "zero"
    return ""


def _bound_reason(response: ChannelResponse, at: str) -> str:
    return render(bound_reason(response, at), "en")


def totals_of(scenario: Scenario, allocation: pd.DataFrame) -> dict[str, float]:
    """Return the plan's totals (spend, measures, CPA, ROAS, history) from its allocation table."""
    columns = ["spend", "conversions", "revenue"]
    if scenario.margin is not None:
        columns.append("profit")
    if scenario.pays_commission:
        columns.append("commission")
    columns += list(scenario.kpis) + list(scenario.resources)
    totals = {column: float(allocation[column].sum()) for column in columns}
    totals["cpa"] = totals["spend"] / totals["conversions"] if totals["conversions"] > 0 else math.nan
    totals["roas"] = totals["revenue"] / totals["spend"] if totals["spend"] > 0 else math.nan
    for key in ("spend", "conversions", "revenue"):
        historical = allocation[f"historical_{key}"]
        totals[f"historical_{key}"] = float(historical.sum()) if historical.notna().any() else math.nan
    conversions = totals["historical_conversions"]
    totals["historical_cpa"] = totals["historical_spend"] / conversions if conversions > 0 else math.nan
    return totals


def rule_table(
    scenario: Scenario, rows: dict[str, RowInfo], solution: Solution, measures: list[dict[str, float]]
) -> pd.DataFrame:
    """Return one row per limit of every named rule: its value at the plan, whether it binds, its price."""
    records = []
    for name, info in rows.items():
        dual = solution.row_duals.get(name, 0.0)
        if info.limit_multiplies:
            # d objective / d limit = dual × (the measure the limit multiplies, at the optimum)
            multiplied = sum(
                coefficient * (solution.spend[i] if k < 0 else solution.segment_spend[i][k])
                for i, k, coefficient in info.limit_multiplies
            )
            shadow = dual * multiplied
        else:
            shadow = dual
        value = _realised(scenario, info, measures)
        # The solver removed its noise from the dual in its own units; what is left is real at any scale.
        records.append(rule_record(info, value, binds(info, value, dual), 0.0 if dual == 0.0 else shadow))
    return pd.DataFrame.from_records(records, columns=list(RULE_COLUMNS))


RULE_COLUMNS = ("rule", "kind", "sense", "limit", "value", "binding", "shadow_price", "measure")


def rule_record(info: RowInfo, value: float, binding: bool, shadow_price: float) -> dict[str, Any]:
    """Return one row of `Plan.rules`: a row's rule, its limit, its value at the plan, and what relaxing it is worth."""
    return {
        "rule": info.rule,
        "kind": info.kind,
        "sense": info.sense,
        "limit": info.limit,
        "value": value,
        "binding": binding,
        "shadow_price": shadow_price,
        "measure": info.measure,
    }


def binds(info: RowInfo, value: float, dual: float) -> bool:
    """Return whether a rule binds: a dual the solver kept, or a value at its limit."""
    if dual != 0.0:  # cleaned of solver noise in the solver's units
        return True
    if math.isnan(value):
        return False
    return abs(value - info.limit) <= 1e-6 * max(1.0, abs(info.limit))


def _realised(scenario: Scenario, info: RowInfo, measures: list[dict[str, float]]) -> float:
    """Return the rule's quantity at the plan, in the rule's own terms (an amount, share, ratio, CPA or ROAS)."""

    def total(measure: str, selection: object | None) -> float:
        ids = {c.id for c in scenario.select(selection)} if selection is not None else None  # type: ignore[arg-type]
        return sum(
            m.get(measure, 0.0) for c, m in zip(scenario.channels, measures, strict=True) if ids is None or c.id in ids
        )

    if info.kind == "budget":
        pot = scenario.budget.commission_budget if scenario.budget is not None else None
        return total("spend", None) - (total("commission", None) if pot is not None else 0.0)
    if info.kind in ("resource", "commission_budget"):
        return total(info.measure, None)
    rule = next(r for r in scenario.rules if r.name == info.rule)
    if isinstance(rule, MaxChannelsRule):
        return float(sum(1 for c in scenario.select(rule) if measures[scenario.channels.index(c)].get("spend", 0) > 0))
    if isinstance(rule, LimitRule):
        return total(rule.measure, rule)
    if isinstance(rule, ShareRule):
        return _divide(total(rule.measure, rule), total(rule.measure, rule.of))
    if isinstance(rule, RatioRule):
        return _divide(total(rule.measure, rule), total(rule.per_measure or rule.measure, rule.per))
    if isinstance(rule, MaxCPARule):
        return _divide(total("spend", rule), total("conversions", rule))
    return _divide(total("revenue", rule), total("spend", rule))


def _divide(numerator: float, denominator: float) -> float:
    return numerator / denominator if abs(denominator) > 1e-12 else math.nan
