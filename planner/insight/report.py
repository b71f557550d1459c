"""Plans in words and aligned text tables, for the terminal and the app."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.model.formatting import display_width, format_money, format_number, format_ratio
from planner.model.plan import Plan

if TYPE_CHECKING:
    from planner.optimize.frontier import Frontier


def text_table(header: list[str], rows: list[list[str]], right_align_from: int = 1) -> str:
    """Return rows as an aligned text table; columns from `right_align_from` on are right-aligned."""
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(cell + pad if i < right_align_from else pad + cell)
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def describe_shadow_price(kind: str, measure: str, objective: str, shadow: float, symbol: str) -> str:
    """Return what relaxing a rule by one unit of its limit is worth, in words."""
    per = {
        "budget": f"per extra {symbol}1 of budget",
        "resource": f"per extra unit of {measure}",
        "limit": f"per unit of the {measure} limit",
        "share": "per percentage point of the share",
        "ratio": "per 0.01 of the ratio",
        "max_cpa": f"per {symbol}1 of target CPA",
        "min_roas": "per 0.01 of target ROAS",
    }[kind]
    scale = 0.01 if kind in ("share", "ratio", "min_roas") else 1.0
    return f"{shadow * scale:+,.4g} {objective} {per}"


def rules_with_worth(plan: Plan) -> pd.DataFrame:
    """Return the plan's rule table with a `worth` column: what relaxing each binding rule is worth, in words."""
    symbol = plan.scenario.currency_symbol
    worth = [
        describe_shadow_price(
            str(r["kind"]), str(r["measure"]), plan.objective_measure, float(r["shadow_price"]), symbol
        )
        if r["binding"]
        else ""
        for r in plan.rules.to_dict("records")
    ]
    return plan.rules.assign(worth=worth)


def plan_text(plan: Plan) -> str:
    """Return the plan as the terminal shows it: allocation, totals, rules and warnings."""
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    objective = plan.objective_measure
    columns = plan_columns(plan)
    header = ["channel", "spend", "share", *(c.header for c in columns), "vs history", "note"]
    rows = []
    for r in plan.allocation.to_dict("records"):
        change = r["change_vs_history"]
        rows.append(
            [
                str(r["label"]),
                format_money(r["spend"], symbol),
                f"{r['share']:.1%}",
                *(c.cell(r, symbol) for c in columns),
                "n/a" if math.isnan(change) else ("+" if change >= 0 else "") + format_money(change, symbol),
                _note(r),
            ]
        )
    totals = plan.totals
    rows.append(
        [
            "TOTAL",
            format_money(totals["spend"], symbol),
            "100.0%" if totals["spend"] > 0 else "0.0%",
            *(c.cell(totals, symbol) if c.totals else "" for c in columns),
            _change(totals["spend"] - totals["historical_spend"], symbol),
            "",
        ]
    )
    mip = f" (MILP, gap {plan.mip_gap:.2%})" if plan.is_mip else ""
    lines = [
        f"{scenario.name}  [{scenario.currency}]",
        f"{scenario.objective.sense} {objective}: {format_number(plan.objective_value)}  ({plan.status}{mip})",
        "",
        text_table(header, rows),
    ]
    if scenario.resources:
        labels = {k: v.label or k for k, v in scenario.resources.items()}
        lines += ["", "resources: " + ", ".join(f"{labels[k]} {format_number(totals[k])}" for k in labels)]
    if not plan.rules.empty:
        rule_rows = []
        for r in rules_with_worth(plan).to_dict("records"):
            limit = f"{r['sense']} {_limit(r['kind'], r['limit'], symbol)}"
            rule_rows.append(
                [
                    str(r["rule"]),
                    limit,
                    _limit(r["kind"], r["value"], symbol),
                    "binding" if r["binding"] else "slack",
                    str(r["worth"]),
                ]
            )
        lines += ["", text_table(["rule", "limit", "plan", "", "worth of relaxing"], rule_rows, right_align_from=1)]
    for warning in plan.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Column:
    """One measure column of the plan table: its header, how to show a value, and whether it has a total."""

    header: str
    key: str
    kind: str  # money, money2 (two decimals), number, ratio
    totals: bool = True

    def cell(self, record: Mapping[Any, Any], symbol: str) -> str:
        """Return this column's cell for a channel record or the totals."""
        value = record.get(self.key, math.nan)
        if value is None or (isinstance(value, float) and math.isnan(value) and self.kind == "units"):
            return ""
        if self.kind == "money":
            return format_money(value, symbol)
        if self.kind == "money2":
            return format_money(value, symbol)
        return format_ratio(value) if self.kind == "ratio" else format_number(value)


def plan_columns(plan: Plan) -> list[Column]:
    """Return the measure columns the plan is about: its objective, units, KPIs, and money ratios that exist."""
    scenario = plan.scenario
    totals = plan.totals
    objective = plan.objective_measure
    ruled = {getattr(rule, "measure", "") for rule in scenario.rules} | {rule.kind for rule in scenario.rules}
    columns = []
    if plan.allocation["units"].notna().any():
        columns.append(Column("units", "units", "units", totals=False))
    conversions = totals.get("conversions", 0.0) > 0 or objective == "conversions" or "conversions" in ruled
    revenue = totals.get("revenue", 0.0) > 0 or objective in ("revenue", "profit") or "revenue" in ruled
    if conversions or "max_cpa" in ruled:
        columns.append(Column("conversions", "conversions", "number"))
    if revenue or "min_roas" in ruled:
        columns.append(Column("revenue", "revenue", "money"))
    if objective == "profit" and "profit" in plan.allocation:
        columns.append(Column("profit", "profit", "money"))
    columns += [Column(label or kpi, kpi, "number") for kpi, label in scenario.kpis.items()]
    if conversions or "max_cpa" in ruled:
        columns.append(Column("CPA", "cpa", "money2"))
    if revenue or "min_roas" in ruled:
        columns.append(Column("ROAS", "roas", "ratio"))
    return columns


def _limit(kind: str, value: float, symbol: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if kind == "share":
        return f"{value:.1%}"
    if kind in ("ratio", "min_roas"):
        return f"{value:,.2f}"
    if kind in ("budget", "max_cpa"):
        return format_money(value, symbol)
    return format_number(value)


def _change(change: float, symbol: str) -> str:
    if math.isnan(change):
        return "n/a"
    return ("+" if change >= 0 else "") + format_money(change, symbol)


def _note(record: Mapping[Hashable, Any]) -> str:
    at = str(record["at_bound"])
    reason = str(record["bound_reason"])
    if at in ("cap", "floor"):
        return f"at {at}: {reason}" if reason else f"at {at}"
    return at


def frontier_text(frontier: Frontier) -> str:
    """Return the frontier as an aligned table with today's budget and the knee called out."""
    symbol = frontier.scenario.currency_symbol
    rows = []
    for record in frontier.table.to_dict("records"):
        if not record["feasible"]:
            rows.append([format_money(record["budget"], symbol), "infeasible", "", ""])
            continue
        rows.append(
            [
                format_money(record["budget"], symbol),
                format_number(record["objective"]),
                format_number(record["marginal"]),
                format_money(record["cost_per_extra"], symbol),
            ]
        )
    header = ["budget", f"best {frontier.measure}", f"per extra {symbol}1", "cost per extra unit"]
    lines = [text_table(header, rows), "", f"today's budget: {format_money(frontier.current_budget, symbol)}"]
    if frontier.knee_budget is not None:
        lines.append(f"knee (returns fall off most after): {format_money(frontier.knee_budget, symbol)}")
    return "\n".join(lines) + "\n"


def backtest_text(table: pd.DataFrame) -> str:
    """Return backtest results as a table: per channel, how far its curve missed the later weeks."""
    if table.empty:
        return "no channel has history to backtest\n"
    rows = [
        [
            str(r["label"]),
            str(r["form"]),
            f"{int(r['weeks_train'])} / {int(r['weeks_test'])}",
            "n/a" if math.isnan(r["mape"]) else f"{r['mape']:.1%}",
            "n/a" if math.isnan(r["bias"]) else f"{r['bias']:+.1%}",
        ]
        for r in table.to_dict("records")
    ]
    header = ["channel", "curve", "weeks fit / tested", "error (MAPE)", "bias"]
    note = (
        "Curves are fitted on every week of history up to the end of the scenario's window (more weeks than the\n"
        "window alone), then scored on the later weeks. bias > 0: the curve over-predicted them; < 0: under."
    )
    return text_table(header, rows) + "\n\n" + note + "\n"
