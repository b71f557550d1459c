"""The "why" of a plan, in English and Simplified Chinese, from its shadow prices and reduced costs."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from planner.insight.explain_calendar import explain_calendar, rule_words
from planner.model.fields import BUILTIN_MEASURES, MONEY_MEASURES
from planner.model.i18n import Money, Number, Ratio, Text
from planner.model.plan import Finding

if TYPE_CHECKING:
    from planner.model.plan import Plan
    from planner.model.scenario import Scenario

STEP = 10_000.0  # the budget step a worth is quoted per, for budgets of ¥200,000 to ¥100,000,000
LARGE_BUDGET = 1e8  # above it, a step of ¥10,000 is too small to say anything: a round share of the budget instead
MOST_CHANNELS = 12  # a plan over hundreds of channels explains its largest ones and those closest to moving
NEGLIGIBLE = 1e-9  # a worth over one step below this share of the objective is nothing (at any scale of money)


def nice_step(budget: float) -> float:
    """Return the budget step a worth is quoted per: ¥10,000, or a round 1-2-5 amount near 5% of a small budget
    (at least 1) or near 0.01% of a very large one."""
    if budget <= 0 or 20 * STEP <= budget <= LARGE_BUDGET:
        return STEP
    rough = budget * (0.05 if budget < 20 * STEP else 1e-4)
    power = 10.0 ** math.floor(math.log10(rough))
    return max(1.0, next(m * power for m in (1, 2, 5, 10) if m * power >= rough * 0.999))


def plan_step(plan: Plan) -> float:
    """Return the budget step of a plan's explanation (its scenario's budget, else ¥10,000)."""
    budget = plan.scenario.budget
    return nice_step(budget.amount) if budget is not None else STEP


def _negligible(plan: Plan, gain: float) -> bool:
    """Return whether a gain over one step is nothing next to the plan's objective."""
    return abs(gain) <= NEGLIGIBLE * max(1.0, abs(plan.objective_value))


def measure_name(scenario: Scenario, measure: str) -> Text | str:
    """Return what a measure is called: a built-in one from the catalogue, a KPI or resource by its label.

    The one place a measure gets its name: the explanation, the tables, the app and input differences use it.
    """
    if measure in BUILTIN_MEASURES:
        return Text(f"measure.{measure}")
    labels = {**scenario.kpis, **{k: v.label or k for k, v in scenario.resources.items()}}
    return labels.get(measure) or measure


def measure_words(plan: Plan, measure: str | None = None) -> Text | str:
    """Return what a measure of a plan is called (its objective's by default)."""
    return measure_name(plan.scenario, measure or plan.objective_measure)


def explain_plan(plan: Plan, *, most_channels: int | None = MOST_CHANNELS) -> tuple[Finding, ...]:
    """Return the findings that explain a plan: what binds, what it costs, what the next step buys.

    A plan over more than `most_channels` channels explains the `most_channels` that spend most and those closest
    to gaining or losing spend, and says how many of how many it explains (None: every channel).
    """
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    words = measure_words(plan)
    totals = plan.totals
    findings = [
        Finding(
            "headline",
            "",
            Text(
                f"explain.headline.{scenario.objective.sense}",
                spend=Money(totals["spend"], symbol),
                value=_amount(plan.objective_value, plan.objective_measure, symbol),
                measure=words,
            ),
            plan.objective_value,
        )
    ]
    findings.extend(_budget_findings(plan, words, symbol))
    findings.extend(_rule_findings(plan, words, symbol))
    findings.extend(_channel_findings(plan, words, symbol, most_channels))
    findings.extend(explain_calendar(plan, words))
    for warning in dict.fromkeys(plan.warnings):  # the same note once, however many channels raised it
        about_store = isinstance(warning, Text) and warning.key.startswith("store.")  # claims against the store
        findings.append(Finding("warning", "store" if about_store else "", Text("explain.warning", note=warning)))
    return tuple(findings)


def _amount(value: float, measure: str, symbol: str) -> Money | Number:
    return Money(value, symbol) if measure in MONEY_MEASURES else Number(value)


def _budget_findings(plan: Plan, words: Text | str, symbol: str) -> list[Finding]:
    shadow = plan.budget_shadow_price
    if shadow is None:
        return []
    step = plan_step(plan)
    gain = shadow * step
    if shadow == 0 or _negligible(plan, gain):
        return [Finding("next_budget", "budget", Text("explain.budget_unused"), 0.0)]
    per_unit = _amount(shadow, plan.objective_measure, symbol)
    return [
        Finding(
            "next_budget",
            "budget",
            Text(
                "explain.next_budget.more" if gain > 0 else "explain.next_budget.fewer",
                step=Money(step, symbol),
                gain=Number(abs(gain)),
                measure=words,
                per_unit=per_unit,
                one=Money(1, symbol),
            ),
            shadow,
        )
    ]


def _rule_words(record: Mapping[Hashable, Any]) -> Text | str:
    """Return a rule's name in a sentence: a calendar's period budget and smoothing say so in the language."""
    return rule_words(record)


def _rule_findings(plan: Plan, words: Text | str, symbol: str) -> list[Finding]:
    findings = []
    rules = plan.rules[(plan.rules["kind"] != "budget") & plan.rules["binding"]]
    costly = sorted(rules.to_dict("records"), key=lambda r: -abs(float(r["shadow_price"]) * _step(r)))
    for record in costly:
        shadow = float(record["shadow_price"])
        step, step_words = _step_words(plan, record, symbol)
        if record["kind"] == "max_channels":  # an on/off count has no shadow price: say what would tell
            message = Text("economics.explain.count_at_limit", rule=_rule_words(record), key="at_most")
        elif abs(shadow) < 1e-9:
            message = Text("explain.rule_at_limit", rule=_rule_words(record), measure=words)
        else:
            # Relaxing means lowering a floor (>=) and raising a cap (<=).
            direction = -1.0 if record["sense"] == ">=" else 1.0
            gain = direction * shadow * step
            verb = "lower" if record["sense"] == ">=" else "raise"
            change = "more" if gain > 0 else "fewer"
            message = Text(
                f"explain.rule_binds.{verb}.{change}",
                rule=_rule_words(record),
                step=step_words,
                gain=Number(abs(gain)),
                measure=words,
            )
        findings.append(Finding("binding_rule", str(record["rule"]), message, shadow))
    return findings


def _step(record: Mapping[Hashable, Any]) -> float:
    return 0.01 if record["kind"] in ("share", "smoothing", "ratio", "min_roas") else 1.0


def _step_words(plan: Plan, record: Mapping[Hashable, Any], symbol: str) -> tuple[float, Text | Money]:
    kind = record["kind"]
    if kind in ("share", "smoothing"):
        return 0.01, Text("explain.step.point")
    if kind in ("ratio", "min_roas"):
        return 0.01, Text("explain.step.hundredth", value=Ratio(0.01))
    if kind == "max_cpa" or record["measure"] in MONEY_MEASURES:
        return 1000.0, Money(1000, symbol)
    return 1.0, Text("explain.step.unit", measure=measure_words(plan, str(record["measure"])))


def _channel_findings(plan: Plan, words: Text | str, symbol: str, most: int | None) -> list[Finding]:
    findings = []
    measure = plan.objective_measure
    allocation = plan.allocation
    if most is not None and len(allocation) > most:
        largest = allocation["spend"].nlargest(most).index
        closest = allocation["reduced_cost"].abs().nsmallest(most).index
        allocation = allocation.loc[sorted(set(largest) | set(closest))]
    reasons = plan.bound_reasons
    step = plan_step(plan)
    for row in allocation.to_dict("records"):
        channel, label = str(row["channel"]), str(row["label"])
        at, reduced = str(row["at_bound"]), float(row["reduced_cost"])
        if at in ("cap", "floor") and reduced != 0 and not _negligible(plan, step * reduced):
            per = step * reduced if at == "cap" else -step * reduced
            findings.append(
                Finding(
                    "at_bound",
                    channel,
                    Text(
                        f"explain.at_{at}",
                        channel=label,
                        reason=reasons.get(channel, row["bound_reason"]),
                        step=Money(step, symbol),
                        gain=Number(per),
                        measure=words,
                    ),
                    reduced,
                )
            )
        elif at in ("zero",) and measure == "conversions":
            # It would enter once its conversions per unit of spend beat the current margin by |reduced cost|.
            rate = 1.0 / row["marginal_cpa"] if row["marginal_cpa"] and math.isfinite(row["marginal_cpa"]) else 0.0
            needed = rate - reduced
            if needed > 0:
                target = 1.0 / needed
                findings.append(
                    Finding(
                        "would_enter",
                        channel,
                        Text(
                            "explain.would_enter",
                            channel=label,
                            target=Money(target, symbol),
                            now=Money(row["marginal_cpa"], symbol),
                        ),
                        target,
                    )
                )
        if row["spend"] > 0 and math.isfinite(row["marginal_cpa"]) and at not in ("locked", "excluded"):
            findings.append(
                Finding(
                    "marginal_cost",
                    channel,
                    Text(
                        "explain.marginal_cost",
                        channel=label,
                        marginal=Money(row["marginal_cpa"], symbol),
                        average=Money(row["cpa"], symbol),
                    ),
                    float(row["marginal_cpa"]),
                )
            )
        if row.get("beyond_history"):
            findings.append(Finding("warning", channel, Text("explain.beyond_history", channel=label)))
    if len(allocation) < len(plan.allocation):  # said before the channels' lines: they are a selection
        shown = len({finding.subject for finding in findings})  # the channels a line is about
        message = Text("explain.channels_shown", shown=Number(shown), total=Number(len(plan.allocation)))
        findings.insert(0, Finding("channels_shown", "", message, float(shown)))
    return findings
