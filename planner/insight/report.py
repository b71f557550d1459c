"""Plans in words and aligned text tables, for the terminal and the app, in English or Chinese.

Every header, note and status comes from the catalogue (`planner.model.catalogue.insight`), every number
from the one policy (`planner.model.formatting`). `plan_table` and `rules_table` are the display tables the
CLI and the app share; `allocation_columns` says which measures a plan's tables show and how.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.insight.explain import measure_name as measure_name  # kept importable from here
from planner.insight.explain_calendar import rule_words
from planner.model.catalogue import CATALOGUE
from planner.model.fields import MONEY_MEASURES
from planner.model.formatting import (
    display_width,
    format_change,
    format_money,
    format_number,
    format_ratio,
    format_share,
)
from planner.model.i18n import Join, Money, Number, Ratio, Share, Text, label, render
from planner.model.plan import Plan
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    from planner.optimize.frontier import Frontier

SENSES = {"<=": "≤", ">=": "≥", "==": "="}


def text_table(
    header: list[str], rows: list[list[str]], right_align_from: int = 1, left_columns: frozenset[int] = frozenset()
) -> str:
    """Return rows as an aligned text table; columns from `right_align_from` on (but `left_columns`) right-aligned."""
    widths = [max(display_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(cell + pad if i < right_align_from or i in left_columns else pad + cell)
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def signed_amount(value: float, measure: str, symbol: str, language: str = "en") -> str:
    """Return a change in a measure with its sign: +0.0268, -11.2, +¥3,006, ±0 when it rounds to nothing."""
    shown = format_money(abs(value), symbol, language) if measure in MONEY_MEASURES else format_number(abs(value))
    if math.isnan(value):
        return shown
    if shown in ("0", f"{symbol}0"):
        return "±" + shown
    return ("+" if value > 0 else "-") + shown


# Rules whose limit is a share: a share of a measure, or a calendar's largest change from period to period.
SHARE_KINDS = ("share", "smoothing")


def _step(kind: str, measure: str, scenario: Scenario) -> tuple[float, Any]:
    """Return one step of a rule's limit (in the limit's own units) and how it reads."""
    symbol = scenario.currency_symbol
    if kind in SHARE_KINDS:
        return 0.01, Text("explain.step.point")
    if kind in ("ratio", "min_roas"):
        return 0.01, Ratio(0.01)
    if kind in ("budget", "max_cpa") or measure in MONEY_MEASURES:
        return 1.0, Money(1, symbol)
    return 1.0, Text("worth.step.unit", measure=measure_name(scenario, measure))


def shadow_price_text(plan: Plan, kind: str, sense: str, measure: str, shadow: float) -> Text:
    """Return what relaxing a rule by one step of its limit is worth, as a catalogue message.

    Relaxing lowers a floor (>=) and raises a cap (<=) or a fixed amount (==); `shadow` is the change in the
    objective per unit increase of the limit (the planner's one sign convention).
    """
    scenario = plan.scenario
    step, step_words = _step(kind, measure, scenario)
    lower = sense == ">="
    gain = (-shadow if lower else shadow) * step
    objective = plan.objective_measure
    return Text(
        "worth.lower" if lower else "worth.raise",
        step=step_words,
        gain=_Signed(gain, objective, scenario.currency_symbol),
        objective=measure_name(scenario, objective),
    )


@dataclass(frozen=True)
class _Signed:
    """A change in a measure, rendered with its sign (an argument of a catalogue message)."""

    value: float
    measure: str
    symbol: str

    def render(self, language: str) -> str:
        return signed_amount(self.value, self.measure, self.symbol, language)


def describe_shadow_price(plan: Plan, record: Mapping[Hashable, Any], language: str = "en") -> str:
    """Return what relaxing one rule of the plan's rule table is worth, in words ('' when it does not bind)."""
    shadow = float(record["shadow_price"])
    if not record["binding"] or not math.isfinite(shadow) or shadow == 0.0:
        return ""
    return shadow_price_text(plan, str(record["kind"]), str(record["sense"]), str(record["measure"]), shadow).render(
        language
    )


def rules_with_worth(plan: Plan, language: str = "en") -> pd.DataFrame:
    """Return the plan's rule table with a `worth` column: what relaxing each binding rule is worth, in words."""
    worth = [describe_shadow_price(plan, record, language) for record in plan.rules.to_dict("records")]
    return plan.rules.assign(worth=worth)


def rule_name(plan: Plan, record: Mapping[Hashable, Any], language: str = "en") -> str:
    """Return a rule's name as the reader knows it: the budget in the language, a resource by its label."""
    if record["kind"] == "budget":
        return label("table.budget_rule", language)
    if record["kind"] == "commission_budget":
        return label("table.commission_budget_rule", language)
    if record["kind"] == "resource":
        resource = plan.scenario.resources.get(str(record["measure"]))
        return (resource.label if resource is not None else None) or str(record["rule"])
    if record["kind"] in ("period_budget", "smoothing"):  # "budget 11.11", "smoothing October → pre-sale"
        return render(rule_words(record), language)
    return str(record["rule"])


def limit_cell(plan: Plan, kind: str, measure: str, value: float, language: str = "en") -> str:
    """Return a rule's limit or planned value the way the rule is written: ¥2,200,000, 15.0%, 0.50, 18,000."""
    symbol = plan.scenario.currency_symbol
    if value is None or math.isnan(value):
        return format_number(math.nan, language)
    if kind in SHARE_KINDS:
        return format_share(value, language)
    if kind in ("ratio", "min_roas"):
        return format_ratio(value, language)
    if kind in ("budget", "max_cpa") or measure in MONEY_MEASURES:
        return format_money(value, symbol, language)
    return format_number(value, language)


def rules_table(plan: Plan, language: str = "en") -> pd.DataFrame:
    """Return the plan's rules for display: headers in the language, limits as written, what relaxing is worth."""
    rows = []
    for r in plan.rules.to_dict("records"):
        kind, measure = str(r["kind"]), str(r["measure"])
        rows.append(
            [
                rule_name(plan, r, language),
                f"{SENSES.get(str(r['sense']), r['sense'])} {limit_cell(plan, kind, measure, r['limit'], language)}",
                limit_cell(plan, kind, measure, r["value"], language),
                label("table.binding" if r["binding"] else "table.slack", language),
                describe_shadow_price(plan, r, language),
            ]
        )
    keys = ("table.rule", "table.limit", "table.plan_value", "table.rule_state", "table.worth")
    return pd.DataFrame(rows, columns=[label(key, language) for key in keys])


@dataclass(frozen=True)
class Column:
    """One column of the plan's allocation table: its header, where its value is, and how it is shown."""

    header: Text | str  # a catalogue message, or a KPI's own label
    key: str
    kind: str  # text, money, share, units, number, ratio, change (money, signed), note
    totals: bool = True

    def title(self, language: str = "en") -> str:
        """Return the column's header in a language."""
        return render(self.header, language)

    def cell(self, record: Mapping[Any, Any], symbol: str, language: str = "en") -> str:
        """Return this column's cell for a channel record or the totals, formatted by the policy."""
        value = record.get(self.key, math.nan)
        if self.kind in ("text", "note"):
            return render(value, language) if value is not None else ""
        if value is None or (self.kind == "units" and isinstance(value, float) and math.isnan(value)):
            return ""
        if self.kind == "money":
            return format_money(value, symbol, language)
        if self.kind == "share":
            return format_share(value, language)
        if self.kind == "change":
            return signed_amount(float(value), "spend", symbol, language)
        return format_ratio(value, language) if self.kind == "ratio" else format_number(value, language)


def allocation_columns(plan: Plan) -> list[Column]:
    """Return the columns of the plan's allocation table: channel, spend, share, the measures it is about, change."""
    return [
        Column(Text("table.channel"), "label", "text", totals=False),
        Column(Text("table.spend"), "spend", "money"),
        Column(Text("table.share"), "share", "share"),
        *plan_columns(plan),
        Column(Text("table.vs_history"), "change_vs_history", "change"),
        Column(Text("table.note"), "note", "note", totals=False),
    ]


def plan_columns(plan: Plan) -> list[Column]:
    """Return the measure columns the plan is about: its objective, units, KPIs, and money ratios that exist."""
    scenario = plan.scenario
    totals = plan.totals
    objective = plan.objective_measure
    ruled = {getattr(rule, "measure", "") for rule in scenario.rules} | {rule.kind for rule in scenario.rules}
    columns = []
    if plan.allocation["units"].notna().any():
        columns.append(Column(Text("table.units"), "units", "units", totals=False))
    conversions = totals.get("conversions", 0.0) > 0 or objective == "conversions" or "conversions" in ruled
    revenue = totals.get("revenue", 0.0) > 0 or objective in ("revenue", "profit") or "revenue" in ruled
    if conversions or "max_cpa" in ruled:
        columns.append(Column(Text("table.conversions"), "conversions", "number"))
    if revenue or "min_roas" in ruled:
        columns.append(Column(Text("table.revenue"), "revenue", "money"))
    if objective == "profit" and "profit" in plan.allocation:
        columns.append(Column(Text("table.profit"), "profit", "money"))
    if "commission" in plan.allocation:  # the part of spend paid as commission (affiliates, live hosts)
        columns.append(Column(Text("table.commission"), "commission", "money"))
    columns += [Column(label or kpi, kpi, "number") for kpi, label in scenario.kpis.items()]
    if conversions or "max_cpa" in ruled:
        columns.append(Column(Text("table.cpa"), "cpa", "money"))
    if revenue or "min_roas" in ruled:
        columns.append(Column(Text("table.roas"), "roas", "ratio"))
    return columns


def allocation_records(plan: Plan) -> list[dict[str, Any]]:
    """Return the allocation's rows with a `note` (a message: at cap, at floor, locked …) per channel."""
    reasons = plan.bound_reasons
    return [
        {
            **{str(key): value for key, value in record.items()},
            "note": channel_note(record, reasons.get(str(record["channel"]), record["bound_reason"])),
        }
        for record in plan.allocation.to_dict("records")
    ]


def totals_record(plan: Plan) -> dict[str, Any]:
    """Return the totals as a row of the allocation table (TOTAL, 100% of spend, change against history)."""
    totals = plan.totals
    return {
        **totals,
        "label": Text("table.total"),
        "share": 1.0 if totals["spend"] > 0 else 0.0,
        "change_vs_history": totals["spend"] - totals.get("historical_spend", math.nan),
        "note": "",
    }


def channel_note(record: Mapping[Hashable, Any], reason: Text | str) -> Text | str:
    """Return the note on a channel's row: at cap or floor (and why), locked, excluded, nothing spent."""
    at = str(record["at_bound"])
    if at in ("cap", "floor"):
        return Text(f"table.note.{at}_reason", reason=reason) if render(reason) else Text(f"table.note.{at}")
    if at in ("locked", "excluded", "zero"):
        return Text(f"table.note.{at}")
    return at


def plan_table(plan: Plan, language: str = "en", totals: bool = True) -> pd.DataFrame:
    """Return the allocation for display: headers in the language, cells formatted by the policy, a TOTAL row.

    One row per channel (scenario order), then the totals row unless `totals` is False; every cell is text.
    """
    symbol = plan.scenario.currency_symbol
    columns = allocation_columns(plan)
    records = allocation_records(plan)
    rows = [[c.cell(r, symbol, language) for c in columns] for r in records]
    if totals:
        total = totals_record(plan)
        rows.append([c.cell(total, symbol, language) if c.totals or c.key == "label" else "" for c in columns])
    return pd.DataFrame(rows, columns=[c.title(language) for c in columns])


def status_text(plan: Plan) -> Text | str:
    """Return how the solve ended, in words (with the MILP gap when binaries were needed)."""
    key = f"plan.status.{plan.status}"
    status: Text | str = Text(key) if key in CATALOGUE else plan.status
    if plan.is_mip:
        return Text("plan.status.mip", status=status, gap=Share(plan.mip_gap))
    return status


def plan_text(plan: Plan, language: str = "en") -> str:
    """Return the plan as the terminal shows it: allocation, totals, rules and warnings, in 'en' or 'zh'."""
    scenario = plan.scenario
    table = plan_table(plan, language)
    objective = Text(
        f"plan.objective.{scenario.objective.sense}",
        measure=measure_name(scenario, plan.objective_measure),
        value=measure_amount(plan.objective_value, plan.objective_measure, scenario.currency_symbol),
        status=status_text(plan),
    )
    lines = [
        f"{scenario.name}  [{scenario.currency}]",
        objective.render(language),
        "",
        text_table(list(table.columns), table.to_numpy().tolist(), left_columns=frozenset({len(table.columns) - 1})),
    ]
    if plan.periods is not None:
        periods = periods_table(plan, language)
        with_events = periods.columns[-1] == label("calendar_output.table.events", language)
        lines += [
            "",
            text_table(
                list(periods.columns),
                periods.to_numpy().tolist(),
                left_columns=frozenset({len(periods.columns) - 1}) if with_events else frozenset(),
            ),
        ]
        events = events_table(plan, language)
        if events is not None:
            lines += ["", text_table(list(events.columns), events.to_numpy().tolist(), left_columns=frozenset({1}))]
    if scenario.resources:
        items = [
            f"{render(measure_name(scenario, k), language)} {format_number(plan.totals[k])}" for k in scenario.resources
        ]
        lines += ["", Text("plan.resources", items=Join(items)).render(language)]
    if not plan.rules.empty:
        rules = rules_table(plan, language)
        lines += ["", text_table(list(rules.columns), rules.to_numpy().tolist(), left_columns=frozenset({0, 3, 4}))]
    for warning in dict.fromkeys(plan.warnings):  # the same note once, however many channels raised it
        lines.append(Text("plan.warning", note=warning).render(language))
    return "\n".join(lines) + "\n"


def periods_table(plan: Plan, language: str = "en", only: set[str] | None = None) -> pd.DataFrame:
    """Return a calendar plan's spend by period (rows) and channel (columns), with each period's totals.

    After the channels: the period's spend, its conversions, what its next conversion costs (the cheapest
    channel's, `period_totals`) and, for a calendar with events, the events on; then a TOTAL row. `only`: the
    periods to show (the review's periods still to come), the TOTAL row then theirs.
    """
    from planner.insight.periods import period_label, period_totals

    totals = period_totals(plan)
    assert plan.periods is not None
    assert totals is not None
    scenario, symbol = plan.scenario, plan.scenario.currency_symbol
    channels = list(plan.allocation["channel"])
    labels = [str(name) for name in plan.allocation["label"]]
    with_events = bool(scenario.calendar is not None and scenario.calendar.events)
    rows = []
    shown = plan.periods if only is None else plan.periods[plan.periods["period"].isin(only)]
    totals = totals if only is None else totals[totals["period"].isin(only)]
    for (period, group), total in zip(shown.groupby("period", sort=False), totals.to_dict("records"), strict=True):
        spend = dict(zip(group["channel"], group["spend"], strict=True))
        rows.append(
            [
                period_label(plan, period, language),
                *(format_money(float(spend[c]), symbol, language) for c in channels),
                format_money(float(total["spend"]), symbol, language),
                format_number(float(total["conversions"]), language),
                format_money(float(total["marginal_cpa"]), symbol, language),
                *([render(Join(total["events"]), language)] if with_events else []),
            ]
        )
    rows.append(
        [
            label("table.total", language),
            *(format_money(float(v), symbol, language) for v in shown.groupby("channel", sort=False)["spend"].sum()),
            format_money(float(totals["spend"].sum()), symbol, language),
            format_number(float(totals["conversions"].sum()), language),
            "",
            *([""] if with_events else []),
        ]
    )
    header = [
        label("calendar.table.period", language),
        *labels,
        label("calendar.table.period_spend", language),
        render(measure_name(scenario, "conversions"), language),
        label("calendar.table.marginal_cpa", language),
        *([label("calendar_output.table.events", language)] if with_events else []),
    ]
    return pd.DataFrame(rows, columns=header)


def events_table(plan: Plan, language: str = "en") -> pd.DataFrame | None:
    """Return a calendar plan's totals per event for display (None without events): its periods, spend, share of
    the plan's spend, conversions, CPA and, when the plan has any, revenue."""
    from planner.insight.periods import event_cells, event_totals

    totals = event_totals(plan)
    if totals is None or totals.empty:
        return None
    symbol = plan.scenario.currency_symbol
    revenue = shows_revenue(plan)
    rows = event_cells(totals, symbol, language, revenue)
    keys = (
        "calendar_output.table.event",
        "calendar_output.table.periods",
        "table.spend",
        "calendar_output.table.share",
    )
    header = [label(key, language) for key in keys]
    header += [label(key, language) for key in ("table.conversions", "table.cpa")]
    header += [label("table.revenue", language)] if revenue else []
    return pd.DataFrame(rows, columns=header)


def shows_revenue(plan: Plan) -> bool:
    """Return whether a plan's tables show revenue: it has some, or its objective is revenue or profit."""
    return plan.totals.get("revenue", 0.0) > 0 or plan.objective_measure in ("revenue", "profit")


def measure_amount(value: float, measure: str, symbol: str) -> Money | Number:
    """Return an amount of a measure as a message argument: money for spend, revenue and profit, else a number."""
    return Money(value, symbol) if measure in MONEY_MEASURES else Number(value)


def frontier_text(frontier: Frontier, language: str = "en") -> str:
    """Return the frontier as an aligned table with today's budget and the knee called out, in 'en' or 'zh'."""
    scenario = frontier.scenario
    symbol = scenario.currency_symbol
    rows = []
    for record in frontier.table.to_dict("records"):
        budget = format_money(record["budget"], symbol, language)
        if not record["feasible"]:
            rows.append([budget, label("frontier.infeasible", language), "", ""])
            continue
        rows.append(
            [
                budget,
                render(measure_amount(record["objective"], frontier.measure, symbol), language),
                format_number(record["marginal"], language),
                format_money(record["cost_per_extra"], symbol, language),
            ]
        )
    header = [
        label("frontier.budget", language),
        Text("frontier.best", measure=measure_name(scenario, frontier.measure)).render(language),
        Text("frontier.per_extra", one=Money(1, symbol)).render(language),
        label("frontier.cost_per_extra", language),
    ]
    lines = [
        text_table(header, rows),
        "",
        Text("frontier.today", budget=Money(frontier.current_budget, symbol)).render(language),
    ]
    if frontier.knee_budget is not None:
        lines.append(Text("frontier.knee", budget=Money(frontier.knee_budget, symbol)).render(language))
    return "\n".join(lines) + "\n"


def _error_cell(value: float, signed: bool, language: str) -> str:
    if math.isnan(value):
        return format_share(math.nan, language)
    if signed:
        return format_change(value, language)
    return format_share(value, language)


def backtest_text(table: pd.DataFrame, language: str = "en") -> str:
    """Return backtest results as a table: per channel, how far the plan's curve missed the later weeks."""
    if table.empty:
        return label("backtest.none", language) + "\n"
    records = table.to_dict("records")
    rows = [
        [
            str(r["label"]),
            _backtest_form(str(r["form"]), str(r.get("measure", "conversions")), language),
            f"{int(r['weeks_train'])} / {int(r['weeks_test'])}",
            _error_cell(r["mape"], False, language),
            _error_cell(r["bias"], True, language),
            _error_cell(r["plan_mape"], False, language),
            _error_cell(r["plan_bias"], True, language),
        ]
        for r in records
    ]
    keys = (
        "table.channel",
        "backtest.curve",
        "backtest.weeks",
        "backtest.refit_error",
        "backtest.refit_bias",
        "backtest.plan_error",
        "backtest.plan_bias",
    )
    window = table["weeks_test"] + table["weeks_off"] if "weeks_off" in table else table["weeks_test"]
    note = Text("backtest.note", tested=int(window.max()), inside=int(table["weeks_in_window"].max())).render(language)
    notes = [
        Text("curves.backtest.off_weeks", channel=str(r["label"]), weeks=Number(int(r["weeks_off"]))).render(language)
        for r in records
        if r.get("weeks_off", 0) > 0
    ]
    notes += [render(text, language) for r in records for text in r.get("notes", ())]
    body = text_table([label(k, language) for k in keys], rows, left_columns=frozenset({1}))
    return body + "\n\n" + note + "\n" + "".join(f"\n{line}" for line in notes) + ("\n" if notes else "")


def _backtest_form(form: str, measure: str, language: str) -> str:
    """Return the name of a backtested curve's form, saying when it was fitted on revenue."""
    if measure == "revenue" and form == "linear":
        return label("curves.backtest.linear_revenue", language)
    name = label(f"backtest.form.{form}", language) if f"backtest.form.{form}" in CATALOGUE else form
    return Text("curves.backtest.on_revenue", form=name).render(language) if measure == "revenue" else name
