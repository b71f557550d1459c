"""The result of a solve as plain data: allocation, totals, shadow prices and the explanation.

It imports neither the solver, the LP nor the explainer: optimize assembles it, insight explains it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.model.channels import Units
from planner.model.i18n import Text, render
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    from planner.curves.segments import Responses


@dataclass(frozen=True)
class Finding:
    """One sentence of an explanation, a catalogue message rendered in the reader's language."""

    kind: str  # headline, next_budget, binding_rule, at_bound, marginal_cost, would_enter, warning, channels_shown
    subject: str  # the rule name or channel id it is about ('' for the plan as a whole)
    message: Text | str
    value: float = math.nan

    def text(self, language: str = "en") -> str:
        """Return the sentence in 'en' or 'zh'."""
        return render(self.message, language)

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def zh(self) -> str:
        return self.text("zh")


@dataclass(frozen=True)
class Plan:
    """A provably optimal plan for one scenario: what to spend where, what it buys, and what binds.

    The plan is a value: treat `allocation` and `rules` as read-only (copy them before changing them).
    """

    scenario: Scenario
    status: str
    objective_value: float
    allocation: pd.DataFrame  # one row per channel, in scenario order
    totals: dict[str, float]
    rules: pd.DataFrame  # one row per limit of every named rule (budget and resources included)
    period_weeks: float | None
    warnings: tuple[Text | str, ...] = field(default=())  # catalogue messages: render(w, language)
    is_mip: bool = False
    mip_gap: float = 0.0
    explanation: tuple[Finding, ...] = field(default=())  # the "why", in English and Chinese
    responses: Responses | None = field(default=None, repr=False, compare=False)  # the curves it was planned on
    # With a calendar: one row per period × channel (docs/calendar-design.md); None for a one-period plan.
    periods: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    # Estimated from history (event multipliers, carry-over), one row each; None when nothing was estimated.
    estimates: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def explain(self, language: str = "en") -> str:
        """Return the explanation as plain sentences, one per line, in 'en' or 'zh'."""
        return "\n".join(finding.text(language) for finding in self.explanation)

    @property
    def bound_reasons(self) -> dict[str, Text | str]:
        """Return, per channel at a bound, why it is there (a catalogue message), from the plan's curves."""
        if self.responses is None:
            return {}
        at = dict(zip(self.allocation["channel"], self.allocation["at_bound"], strict=True))
        reasons: dict[str, Text | str] = {}
        for response in self.responses.channels:
            where = str(at.get(response.id, ""))
            bound = response.upper if where == "cap" else response.lower
            if where in ("cap", "floor", "locked", "excluded") and bound.reason:
                reasons[response.id] = bound.reason
        return reasons

    @property
    def objective_measure(self) -> str:
        """Return the measure the plan optimises."""
        return self.scenario.objective.measure

    @property
    def budget_shadow_price(self) -> float | None:
        """Return what one more unit of budget is worth in the objective, if there is a budget."""
        budget = self.rules[self.rules["kind"] == "budget"]
        return float(budget["shadow_price"].iloc[0]) if not budget.empty else None

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as the documented JSON contract (docs/json-output.md)."""
        scenario = self.scenario
        kpi_names = list(scenario.kpis) + list(scenario.resources)
        channels = []
        for row in self.allocation.to_dict("records"):
            channels.append(
                {
                    "id": row["channel"],
                    "label": row["label"],
                    "groups": list(scenario.channel(row["channel"]).groups),
                    "spend": _number(row["spend"]),
                    "share": _number(row["share"]),
                    "units": _number(row["units"]),
                    "conversions": _number(row["conversions"]),
                    "revenue": _number(row["revenue"]),
                    "profit": _number(row.get("profit")),
                    **({"commission": _number(row["commission"])} if "commission" in row else {}),
                    "kpis": {name: _number(row[name]) for name in kpi_names},
                    "cpa": _number(row["cpa"]),
                    "roas": _number(row["roas"]),
                    "historical_spend": _number(row["historical_spend"]),
                    "change_vs_history": _number(row["change_vs_history"]),
                    "lower_bound": _number(row["lower_bound"]),
                    "upper_bound": _number(row["upper_bound"]),
                    "at_bound": row["at_bound"] or None,
                    # Unrounded: per unit of money it is small, and × a unit cost it must stay exact.
                    "reduced_cost": _exact(row["reduced_cost"]),
                    "reduced_cost_per_unit": _per_unit(row["reduced_cost"], scenario.channel(row["channel"]).units),
                    "marginal_cpa": _number(row["marginal_cpa"]),
                    "response": row["yield_source"],
                    "curve": row["curve"] or None,
                    "curve_error": _number(row["curve_error"]),
                    "beyond_history": bool(row["beyond_history"]),
                }
            )
        rules = [
            {
                "name": row["rule"],
                "kind": row["kind"],
                "sense": row["sense"],
                "limit": _number(row["limit"]),
                "value": _number(row["value"]),
                "binding": bool(row["binding"]),
                "shadow_price": _number(row["shadow_price"]),
            }
            for row in self.rules.to_dict("records")
        ]
        data = {
            "format": "promo-planner/plan@1",
            "scenario": scenario.name,
            "store": scenario.store,
            "currency": scenario.currency,
            "status": self.status,
            "objective": {
                "sense": scenario.objective.sense,
                "measure": self.objective_measure,
                "value": _number(self.objective_value),
            },
            "budget": scenario.budget.model_dump(exclude_none=True) if scenario.budget else None,
            "period_weeks": _number(self.period_weeks),
            "solver": {"name": "HiGHS", "mip": self.is_mip, "mip_gap": _number(self.mip_gap)},
            "totals": {key: _number(value) for key, value in self.totals.items()},
            "channels": channels,
            "rules": rules,
            "warnings": [render(w, "en") for w in self.warnings],
            "warnings_zh": [render(w, "zh") for w in self.warnings],
            "explanation": [
                {"kind": f.kind, "subject": f.subject, "en": f.en, "zh": f.zh, "value": _number(f.value)}
                for f in self.explanation
            ],
        }
        if self.periods is not None:  # only calendar plans: one-period plans keep their JSON byte for byte
            data["periods"] = [
                {
                    "period": row["period"],
                    "start": str(row["start"]),
                    "end": str(row["end"]),
                    "weeks": _number(row["weeks"]),
                    "channel": row["channel"],
                    "spend": _number(row["spend"]),
                    "conversions": _number(row["conversions"]),
                    "revenue": _number(row["revenue"]),
                    "landed_conversions": _number(row["landed_conversions"]),
                    "landed_revenue": _number(row["landed_revenue"]),
                    "beyond_conversions": _number(row["beyond_conversions"]),
                    "beyond_revenue": _number(row["beyond_revenue"]),
                    "carried_in_conversions": _number(row["carried_in_conversions"]),
                    "carried_in_revenue": _number(row["carried_in_revenue"]),
                    "marginal_cpa": _number(row["marginal_cpa"]),
                }
                for row in self.periods.to_dict("records")
            ]
        if self.estimates is not None:  # only calendar plans that estimate from history
            data["estimates"] = [
                {
                    key: _number(row[key]) if key in ("estimate", "low", "high", "used") else row[key]
                    for key in self.estimates.columns
                }
                for row in self.estimates.to_dict("records")
            ]
        return data


def _number(value: Any) -> float | None:
    """Return a JSON-safe number: None for missing or NaN, rounded to 6 decimals, no negative zero."""
    if value is None:
        return None
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    rounded = round(number, 6)
    return 0.0 if rounded == 0 else rounded


def _exact(value: Any) -> float | None:
    """Return a JSON-safe number without rounding: None for missing or NaN, no negative zero."""
    if value is None:
        return None
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return 0.0 if number == 0 else number


def _per_unit(reduced_cost: Any, units: Units | None) -> float | None:
    """Return a reduced cost per unit of money as one per unit bought (None for channels not bought in units)."""
    return _exact(float(reduced_cost) * units.cost) if units is not None else None


def periods_wide(plan: Plan, measure: str = "spend") -> pd.DataFrame | None:
    """Return a calendar plan's spend (or another column of `Plan.periods`) as a channel × period table.

    One row per channel in scenario order (`channel`, `label`), one column per period named as the period,
    in calendar order, and `total`, the channel's sum over the calendar. None for a plan without a calendar.
    """
    if plan.periods is None:
        return None
    long = plan.periods
    periods = list(dict.fromkeys(long["period"]))
    channels = list(dict.fromkeys(long["channel"]))
    wide = long.pivot(index="channel", columns="period", values=measure).reindex(index=channels, columns=periods)
    labels = long.drop_duplicates("channel").set_index("channel")["label"].reindex(channels)
    table = pd.DataFrame({"channel": channels, "label": list(labels)})
    for period in periods:
        table[period] = [float(v) for v in wide[period]]
    table["total"] = [float(sum(row)) for row in wide.itertuples(index=False)]
    return table
