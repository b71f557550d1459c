"""The "why" of a plan, in English and Simplified Chinese, from its shadow prices and reduced costs."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from planner.model.formatting import format_money, format_number

if TYPE_CHECKING:
    from planner.model.plan import Plan

from planner.model.plan import Finding

MEASURE_ZH = {"conversions": "转化", "revenue": "销售额", "profit": "利润", "spend": "花费", "units": "单位"}
STEP = 10_000.0


def explain_plan(plan: Plan) -> tuple[Finding, ...]:
    """Return the findings that explain a plan: what binds, what it costs, what the next step buys."""
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    measure = plan.objective_measure
    words = scenario.kpis.get(measure) or measure
    words_zh = MEASURE_ZH.get(measure, scenario.kpis.get(measure) or measure)
    findings: list[Finding] = []
    totals = plan.totals
    sense_zh = "最大化" if scenario.objective.sense == "maximize" else "最小化"
    findings.append(
        Finding(
            "headline",
            "",
            f"The best plan spends {format_money(totals['spend'], symbol)} for {_amount(plan.objective_value, measure, symbol)} "
            f"{words}; no other split of the budget under these rules does better.",
            f"最优方案花费 {format_money(totals['spend'], symbol)}，{sense_zh}{words_zh}为 "
            f"{_amount(plan.objective_value, measure, symbol)}；在这些规则下没有更好的分配。",
            plan.objective_value,
        )
    )
    findings.extend(_budget_findings(plan, words, words_zh, symbol))
    findings.extend(_rule_findings(plan, words, words_zh, symbol))
    findings.extend(_channel_findings(plan, words, words_zh, symbol))
    for warning in plan.warnings:
        findings.append(Finding("warning", "", warning, f"注意：{warning}"))
    return tuple(findings)


def _amount(value: float, measure: str, symbol: str) -> str:
    return format_money(value, symbol) if measure in ("spend", "revenue", "profit") else format_number(value, 0)


def _budget_findings(plan: Plan, words: str, words_zh: str, symbol: str) -> list[Finding]:
    shadow = plan.budget_shadow_price
    if shadow is None:
        return []
    step = format_money(STEP, symbol)
    if abs(shadow) < 1e-9:
        return [
            Finding(
                "next_budget",
                "budget",
                "More budget would not help: the plan does not spend it all, other rules or caps stop it first.",
                "增加预算没有帮助：其他规则或上限先起作用，预算没有用完。",
                0.0,
            )
        ]
    gain = shadow * STEP
    more = "more" if gain > 0 else "fewer"
    return [
        Finding(
            "next_budget",
            "budget",
            f"The next {step} of budget buys about {format_number(abs(gain), 1)} {more} {words} "
            f"({_amount(shadow, plan.objective_measure, symbol) if abs(shadow) >= 1 else f'{shadow:.4g}'} per {symbol}1).",
            f"再增加 {step} 预算约可{'增加' if gain > 0 else '减少'} {format_number(abs(gain), 1)} {words_zh}。",
            shadow,
        )
    ]


def _rule_findings(plan: Plan, words: str, words_zh: str, symbol: str) -> list[Finding]:
    findings = []
    rules = plan.rules[(plan.rules["kind"] != "budget") & plan.rules["binding"]]
    labels = {**plan.scenario.kpis, **{k: v.label or k for k, v in plan.scenario.resources.items()}}
    rules = rules.assign(label=[labels.get(str(m), str(m)) for m in rules["measure"]])
    costly = sorted(rules.to_dict("records"), key=lambda r: -abs(float(r["shadow_price"]) * _step(r)))
    for record in costly:
        shadow = float(record["shadow_price"])
        step, step_words, step_zh = _step_words(record, symbol)
        if abs(shadow) < 1e-9:
            en = f"'{record['rule']}' is at its limit, but relaxing it alone would not change {words}."
            zh = f"「{record['rule']}」已达到限制，但单独放宽它不会改变{words_zh}。"
        else:
            # Relaxing means lowering a floor (>=) and raising a cap (<=).
            direction = -1.0 if record["sense"] == ">=" else 1.0
            gain = direction * shadow * step
            verb = "lowering" if record["sense"] == ">=" else "raising"
            verb_zh = "降低" if record["sense"] == ">=" else "提高"
            change = "more" if gain > 0 else "fewer"
            en = (
                f"'{record['rule']}' binds: {verb} it by {step_words} would give about "
                f"{format_number(abs(gain), 2)} {change} {words}."
            )
            zh = f"「{record['rule']}」是约束瓶颈：{verb_zh}{step_zh}约可{'增加' if gain > 0 else '减少'} {format_number(abs(gain), 2)} {words_zh}。"
        findings.append(Finding("binding_rule", str(record["rule"]), en, zh, shadow))
    return findings


def _step(record: Mapping[Hashable, Any]) -> float:
    return 0.01 if record["kind"] in ("share", "ratio", "min_roas") else 1.0


def _step_words(record: Mapping[Hashable, Any], symbol: str) -> tuple[float, str, str]:
    kind = record["kind"]
    if kind == "share":
        return 0.01, "one percentage point", "1 个百分点"
    if kind in ("ratio", "min_roas"):
        return 0.01, "0.01", "0.01"
    if kind == "max_cpa" or record["measure"] in ("spend", "revenue", "profit"):
        return 1000.0, format_money(1000, symbol), format_money(1000, symbol)
    label = str(record.get("label") or record["measure"])
    return 1.0, f"one unit of {label}", f"1 个单位的{label}"


MOST_CHANNELS = 12  # a plan over hundreds of channels explains its largest ones


def _channel_findings(plan: Plan, words: str, words_zh: str, symbol: str) -> list[Finding]:
    findings = []
    measure = plan.objective_measure
    allocation = plan.allocation
    if len(allocation) > MOST_CHANNELS:
        largest = allocation["spend"].nlargest(MOST_CHANNELS).index
        closest = allocation["reduced_cost"].abs().nsmallest(MOST_CHANNELS).index
        allocation = allocation.loc[sorted(set(largest) | set(closest))]
    for row in allocation.to_dict("records"):
        label, at, reduced = str(row["label"]), str(row["at_bound"]), float(row["reduced_cost"])
        if at in ("cap", "floor") and abs(reduced) > 1e-9:
            per = STEP * reduced if at == "cap" else -STEP * reduced
            verb, verb_zh = ("raising", "提高") if at == "cap" else ("lowering", "降低")
            findings.append(
                Finding(
                    "at_bound",
                    str(row["channel"]),
                    f"{label} is at its {at} ({row['bound_reason']}); {verb} it by {format_money(STEP, symbol)} "
                    f"would give about {format_number(per, 1)} more {words}.",
                    f"{label}处于{'上限' if at == 'cap' else '下限'}（{row['bound_reason']}）；{verb_zh} {format_money(STEP, symbol)} "
                    f"约可增加 {format_number(per, 1)} {words_zh}。",
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
                        str(row["channel"]),
                        f"{label} gets nothing: it would enter the plan at a cost per conversion of "
                        f"{format_money(target, symbol, 2)} or less (now {format_money(row['marginal_cpa'], symbol, 2)}).",
                        f"{label}未获分配：其单次转化成本需降至 {format_money(target, symbol, 2)} 或更低"
                        f"（目前 {format_money(row['marginal_cpa'], symbol, 2)}）才会进入方案。",
                        target,
                    )
                )
        if row["spend"] > 0 and math.isfinite(row["marginal_cpa"]) and at not in ("locked", "excluded"):
            findings.append(
                Finding(
                    "marginal_cost",
                    str(row["channel"]),
                    f"{label}: the next conversion costs about {format_money(row['marginal_cpa'], symbol, 2)} "
                    f"(average {format_money(row['cpa'], symbol, 2)}).",
                    f"{label}：下一次转化的成本约 {format_money(row['marginal_cpa'], symbol, 2)}"
                    f"（平均 {format_money(row['cpa'], symbol, 2)}）。",
                    float(row["marginal_cpa"]),
                )
            )
        if row.get("beyond_history"):
            findings.append(
                Finding(
                    "warning",
                    str(row["channel"]),
                    f"{label}: the plan spends more per week than history ever did, so its curve is extrapolated; "
                    "treat its figures with care.",
                    f"{label}：计划的周花费超过历史最高水平，曲线为外推，请谨慎看待。",
                )
            )
    return findings
