"""The review (复盘): plan against actual for the periods run, curve by curve, and the rest re-planned.

For every period that is over and every channel: what the plan made without the actuals said (spend,
conversions, revenue), what happened, and what the channel's curve predicts at the spend that really
happened. Planned vs actual spend is execution; predicted vs actual conversions at the actual spend is the
curve's own error, flagged when it is beyond a threshold (±25% unless told). With `calendar.refit: true`
the review also says how each fitted curve moved: its marginal cost per conversion at the original plan's
weekly spend, fitted on the history before and after the new weeks (docs/replanning.md).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.curves.response import build_responses
from planner.curves.segments import ChannelResponse
from planner.data.actuals import resolve_actuals
from planner.data.history import History
from planner.data.inputs import load_curve_tables
from planner.data.io import rows_to_excel_csv
from planner.insight.exports import policy_number
from planner.insight.report import text_table
from planner.model.errors import ScenarioError
from planner.model.formatting import format_change, format_money, format_number
from planner.model.i18n import Change, Join, Money, Number, Share, Text, label, render
from planner.model.plan import Plan
from planner.model.scenario import Scenario
from planner.optimize.pipeline import checked_history, optimize, resolve_history

DEFAULT_THRESHOLD = 0.25  # a curve whose prediction at the actual spend is off by more than this is flagged

COLUMNS = (
    "period",
    "channel",
    "label",
    "planned_spend",
    "actual_spend",
    "planned_conversions",
    "predicted_conversions",
    "actual_conversions",
    "curve_error",
    "planned_revenue",
    "predicted_revenue",
    "actual_revenue",
    "revenue_error",
    "flagged",
)


@dataclass(frozen=True)
class Review:
    """Plan against actual for the periods run, and the plan for the rest.

    `table`: one row per period run × channel (COLUMNS); conversions and revenue are everything a period's
    spend buys (with carry-over, also what lands later), so planned, predicted and actual compare alike.
    `curve_error` = actual / predicted − 1 (NaN where the actual or a prediction is missing). `periods`: the
    same per period run (the totals). `plan`: the re-plan (actuals pinned, the rest planned; refitted when
    the scenario says `refit: true`). `original`: the plan made without the actuals (None when a saved
    plan's periods were given). `curves`: with a refit, per channel the marginal cost per conversion at the
    original plan's weekly spend before and after it.
    """

    table: pd.DataFrame
    periods: pd.DataFrame
    plan: Plan
    original: Plan | None
    threshold: float
    curves: pd.DataFrame | None = None

    @property
    def symbol(self) -> str:
        """Return the currency symbol amounts are shown with."""
        return self.plan.scenario.currency_symbol

    def flags(self) -> tuple[Text, ...]:
        """Return a sentence for every channel and period whose curve predicted badly."""
        sentences = []
        for row in _rows(self.table[self.table["flagged"]]):
            sentences.append(
                Text(
                    "review.flag",
                    channel=str(row.label),
                    period=str(row.period),
                    spend=Money(float(row.actual_spend), self.symbol),
                    predicted=Number(float(row.predicted_conversions)),
                    actual=Number(float(row.actual_conversions)),
                    error=Change(float(row.curve_error)),
                    threshold=Share(self.threshold),
                )
            )
        return tuple(sentences)

    def curve_sentences(self) -> tuple[Text, ...]:
        """Return, with a refit, how each channel's curve moved (marginal cost per conversion before and after)."""
        if self.curves is None:
            return ()
        sentences = []
        for row in _rows(self.curves):
            if row.form_before != row.form_after:
                sentences.append(
                    Text(
                        "review.form_changed",
                        channel=str(row.label),
                        before=Text(f"review.form.{row.form_before}"),
                        after=Text(f"review.form.{row.form_after}"),
                    )
                )
            if math.isnan(row.marginal_cpa_before) or math.isnan(row.marginal_cpa_after):
                sentences.append(Text("review.curve_not_fitted", channel=str(row.label)))
                continue
            sentences.append(
                Text(
                    "review.curve_moved",
                    channel=str(row.label),
                    spend=Money(float(row.weekly_spend), self.symbol),
                    before=Money(float(row.marginal_cpa_before), self.symbol),
                    after=Money(float(row.marginal_cpa_after), self.symbol),
                    change=Change(float(row.marginal_cpa_after) / float(row.marginal_cpa_before) - 1.0),
                )
            )
        return tuple(sentences)

    def text(self, language: str = "en") -> str:
        """Return the review as text: the table with each period's total, the flags, the curves, the rest."""
        lines = [label("review.heading", language), "", _table_text(self, language), ""]
        flags = self.flags()
        if flags:
            lines.append(label("review.heading.flags", language))
            lines += [f"- {render(sentence, language)}" for sentence in flags]
        elif self.table["curve_error"].isna().all():  # spend only: nothing to hold the curves against
            lines.append(render(Text("review.heading.no_results", key="conversions"), language))
        else:
            lines.append(render(Text("review.heading.none_flagged", threshold=Share(self.threshold)), language))
        if self.curves is not None:
            lines += ["", label("review.heading.curves", language)]
            lines += [f"- {render(sentence, language)}" for sentence in self.curve_sentences()]
        rest = _rest_text(self, language)
        if rest:
            lines += ["", label("review.heading.rest", language), "", rest]
        return "\n".join(lines) + "\n"

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        """Return the review as plain data: rows, period totals, flag sentences, curves, and the re-plan."""
        return {
            "threshold": self.threshold,
            "rows": _records(self.table),
            "periods": _records(self.periods),
            "flags": [
                {"period": str(row.period), "channel": str(row.channel), "text": render(sentence, language)}
                for row, sentence in zip(_rows(self.table[self.table["flagged"]]), self.flags(), strict=True)
            ],
            "curves": _records(self.curves) if self.curves is not None else None,
            "replan": self.plan.to_dict(),
        }


# The table for Excel: (header key, column, kind for policy_number); curve error as a share in percent.
_EXCEL_COLUMNS = (
    ("period", "period", "text"),
    ("channel", "label", "text"),
    ("planned_spend", "planned_spend", "money"),
    ("actual_spend", "actual_spend", "money"),
    ("planned_conversions", "planned_conversions", "number"),
    ("predicted_conversions", "predicted_conversions", "number"),
    ("actual_conversions", "actual_conversions", "number"),
    ("curve_error", "curve_error", "share"),
    ("planned_revenue", "planned_revenue", "money"),
    ("actual_revenue", "actual_revenue", "money"),
    ("flag", "flagged", "flag"),
)


def review_to_excel_csv(review: Review, language: str = "en") -> str:
    """Return plan against actual for Excel: BOM, headers in the language, bare rounded numbers, CRLF.

    One row per period run × channel, then the period's TOTAL row; money headers carry the symbol, the
    curve error is in percent (+71.4 for +71.4%).
    """
    symbol = review.symbol
    headers = []
    for key, _, kind in _EXCEL_COLUMNS:
        title = label(f"review.column.{key}", language)
        if kind == "money":
            title = f"{title}（{symbol}）" if language == "zh" else f"{title} ({symbol})"
        elif kind == "share":
            title = f"{title}（%）" if language == "zh" else f"{title} (%)"
        headers.append(title)
    flagged = label("review.flagged", language)

    def cells(record: Mapping[Hashable, Any], name: str) -> list[str]:
        row = []
        for _, column, kind in _EXCEL_COLUMNS:
            value = name if column == "label" else record[column]
            if kind == "text":
                row.append(str(value))
            elif kind == "flag":
                row.append(flagged if value else "")
            else:
                row.append(policy_number(value, kind))
        return row

    rows = [headers]
    totals = {str(r["period"]): r for r in review.periods.to_dict("records")}
    for period, group in review.table.groupby("period", sort=False):
        rows += [cells(r, str(r["label"])) for r in group.to_dict("records")]
        rows.append(cells(totals[str(period)], label("review.total", language)))
    return rows_to_excel_csv(rows)


def review_plan(
    scenario: Scenario,
    history: History | pd.DataFrame | None = None,
    *,
    planned: Plan | pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Review:
    """Return the review of a calendar with actuals: plan against actual per period run, and the re-plan.

    `planned` is the plan made before (a Plan, or a saved plan's `periods` table); without it the plan is
    made again from the scenario without its actuals.
    """
    calendar = scenario.calendar
    if calendar is None or (not calendar.actuals and calendar.actuals_from is None):
        raise ScenarioError(Text("review.needs_calendar", actuals="calendar: actuals", source="actuals_from: history"))
    history = checked_history(history)  # a frame given in code, checked once for the solves below
    # Predictions come from the curves the plan was made with: the re-plan without the refit.
    unrefitted = _with_calendar(scenario, refit=False)
    at_actuals = optimize(unrefitted, history)
    replan = optimize(scenario, history) if calendar.refit else at_actuals
    original: Plan | None = None
    if planned is None:
        original = optimize(_with_calendar(scenario, refit=False, actuals=(), actuals_from=None), history)
        planned_periods = original.periods
    elif isinstance(planned, Plan):
        original, planned_periods = planned, planned.periods
    else:
        planned_periods = planned
    if planned_periods is None:
        raise ScenarioError(Text("review.needs_calendar", actuals="calendar: actuals", source="actuals_from: history"))
    resolved = at_actuals.scenario
    assert resolved.calendar is not None
    if not resolved.calendar.actuals:
        raise ScenarioError(Text("review.no_actuals"))
    table = _table(resolved, planned_periods, at_actuals, threshold)
    curves = _curves_moved(scenario, history, original or at_actuals) if calendar.refit else None
    return Review(table, _period_totals(table, threshold), replan, original, threshold, curves)


def _with_calendar(scenario: Scenario, **changes: Any) -> Scenario:
    assert scenario.calendar is not None
    return scenario.model_copy(update={"calendar": scenario.calendar.model_copy(update=changes)})


def _bought(periods: pd.DataFrame, measure: str) -> pd.Series:
    """Return what each row's spend buys in all: counted in the plan plus what lands after the horizon."""
    beyond = f"beyond_{measure}"
    extra = periods[beyond] if beyond in periods.columns else 0.0
    return periods[measure].astype(float) + extra


def _by_cell(periods: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float, float]]:
    """Return spend and what it buys in all (conversions, revenue) by (period, channel)."""
    conversions, revenue = _bought(periods, "conversions"), _bought(periods, "revenue")
    return {
        (str(period), str(channel)): (float(spend), float(bought), float(sales))
        for period, channel, spend, bought, sales in zip(
            periods["period"], periods["channel"], periods["spend"], conversions, revenue, strict=True
        )
    }


def _table(scenario: Scenario, planned: pd.DataFrame, at_actuals: Plan, threshold: float) -> pd.DataFrame:
    assert scenario.calendar is not None
    assert at_actuals.periods is not None
    periods = [p.name for p in scenario.calendar.resolved_periods()]
    run = [name for name in periods if any(a.period == name for a in scenario.calendar.actuals)]
    given = {(a.period, a.channel): a for a in scenario.calendar.actuals}
    predicted = _by_cell(at_actuals.periods)
    plan = _by_cell(planned)
    if run and not any((period, channel.id) in plan for period in run for channel in scenario.channels):
        raise ScenarioError(_another_scenario(planned, run, scenario))
    rows = []
    for period in run:
        for channel in scenario.channels:
            key = (period, channel.id)
            actual = given.get(key)
            # A channel not listed in a period that is over spent nothing there, and so brought nothing.
            conversions, revenue = (actual.conversions, actual.revenue) if actual else (0.0, 0.0)
            before = plan.get(key)
            guess = predicted[key]
            rows.append(
                {
                    "period": period,
                    "channel": channel.id,
                    "label": channel.label or channel.id,
                    "planned_spend": before[0] if before is not None else math.nan,
                    "actual_spend": actual.spend if actual else 0.0,
                    "planned_conversions": before[1] if before is not None else math.nan,
                    "predicted_conversions": guess[1],
                    "actual_conversions": math.nan if conversions is None else conversions,
                    "planned_revenue": before[2] if before is not None else math.nan,
                    "predicted_revenue": guess[2],
                    "actual_revenue": math.nan if revenue is None else revenue,
                }
            )
    table = pd.DataFrame(rows)
    return _with_errors(table, threshold)[list(COLUMNS)]


def _another_scenario(planned: pd.DataFrame, run: list[str], scenario: Scenario) -> Text:
    """Return why a plan shares no period run and channel with the scenario: what each of them has."""

    def first(values: Iterable[object]) -> Join:
        names = list(dict.fromkeys(str(v) for v in values))
        return Join([*names[:5], "…"] if len(names) > 5 else names)

    return Text(
        "review.plan_of_another_scenario",
        periods=first(planned["period"]),
        channels=first(planned["channel"]),
        own_periods=first(run),
        own_channels=first(c.id for c in scenario.channels),
    )


def _with_errors(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    conversions = _relative(table["actual_conversions"], table["predicted_conversions"])
    revenue = _relative(table["actual_revenue"], table["predicted_revenue"])
    # Beyond the threshold by more than rounding: an error of exactly 25% is not flagged at ±25%.
    flagged = (conversions.abs() > threshold + 1e-9).fillna(False).astype(bool)
    return table.assign(curve_error=conversions, revenue_error=revenue, flagged=flagged)


def _relative(actual: pd.Series, predicted: pd.Series) -> pd.Series:
    """Return actual / predicted − 1, NaN where the actual is unknown or nothing was predicted."""
    return actual.astype(float) / predicted.astype(float).where(predicted > 1e-9) - 1.0


def _period_totals(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    measures = [c for c in COLUMNS[3:] if c not in ("curve_error", "revenue_error", "flagged")]
    # min_count: a total is unknown when any channel's actual is (not a sum of the known ones).
    totals = table.groupby("period", sort=False)[measures].sum(min_count=1)
    unknown = table.groupby("period", sort=False)[measures].apply(lambda g: g.isna().any())
    totals = totals.mask(unknown).reset_index()
    return _with_errors(totals, threshold)[[c for c in COLUMNS if c not in ("channel", "label")]]


def _curves_moved(scenario: Scenario, history: History | pd.DataFrame | None, original: Plan) -> pd.DataFrame:
    """Return per channel the marginal cost per conversion at the original plan's weekly spend, before and after."""
    unrefitted = _with_calendar(scenario, refit=False)
    before_history = resolve_history(unrefitted, history)
    after_history = resolve_actuals(scenario, history, before_history).history
    tables = load_curve_tables(scenario)
    before = build_responses(unrefitted, before_history, tables)
    after = build_responses(scenario, after_history, tables)
    weeks = original.period_weeks or 1.0
    spend = dict(zip(original.allocation["channel"], original.allocation["spend"], strict=True))
    actual_weekly = _actual_weekly_spend(scenario, after_history)
    rows = []
    for channel, old, new in zip(scenario.channels, before.channels, after.channels, strict=True):
        # At the planned spend; a channel the plan leaves off air at its actual spend (what the new weeks show).
        weekly = float(spend.get(channel.id, 0.0)) / weeks or actual_weekly.get(channel.id, 0.0)
        old_cost, new_cost = _marginal_cpa(old, weekly, weeks), _marginal_cpa(new, weekly, weeks)
        rows.append(
            {
                "channel": channel.id,
                "label": channel.label or channel.id,
                "weekly_spend": weekly,
                "form_before": _form(old),
                "form_after": _form(new),
                "marginal_cpa_before": old_cost if old_cost is not None else math.nan,
                "marginal_cpa_after": new_cost if new_cost is not None else math.nan,
            }
        )
    return pd.DataFrame(rows)


def _marginal_cpa(response: ChannelResponse, weekly: float, weeks: float) -> float | None:
    """Return the cost of the next conversion at a weekly spend: the fitted curve's slope, else the LP segment's rate.

    None when the channel's conversions do not come from a curve or a rate (nothing to compare).
    """
    report = response.curve
    if report is not None and not report.fallback_reason and report.per_week and report.measure == "conversions":
        step = max(1.0, weekly * 1e-4)
        low = max(0.0, weekly - step)
        slope = (float(report.curve.value(weekly + step)) - float(report.curve.value(low))) / (weekly + step - low)
        return 1.0 / slope if slope > 0 else None
    spent, total = 0.0, weekly * weeks  # the whole-calendar response: find the segment the spend is in
    for segment in response.segments:
        rate = segment.rates.get("conversions", 0.0)
        if spent + segment.width > total or segment is response.segments[-1]:
            return 1.0 / rate if rate > 0 else None
        spent += segment.width
    return None


def _actual_weekly_spend(scenario: Scenario, history: History | None) -> dict[str, float]:
    """Return each channel's spend per week over the actual periods."""
    assert scenario.calendar is not None
    periods = {p.name: p for p in scenario.calendar.resolved_periods()}
    over = {a.period for a in scenario.calendar.actuals}
    weeks = sum(periods[name].weeks for name in over) or 1.0
    totals: dict[str, float] = {}
    for actual in scenario.calendar.actuals:
        totals[actual.channel] = totals.get(actual.channel, 0.0) + actual.spend / weeks
    return totals


def _form(response: ChannelResponse) -> str:
    """Return how a channel's conversions are modelled: fitted (a curve) or constant (a cost per conversion)."""
    report = response.curve
    if report is not None and not report.fallback_reason:
        return "fitted"
    return "constant" if response.yield_source == "history" else response.yield_source


def _rows(frame: pd.DataFrame) -> list[Any]:
    """Return a frame's rows as named tuples whose fields type-check as Any."""
    return list(frame.itertuples(index=False))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return rows as plain values, NaN as None (JSON has no NaN)."""
    records = []
    for record in frame.to_dict(orient="records"):
        records.append(
            {
                str(k): (
                    None if isinstance(v, float) and math.isnan(v) else (v.item() if isinstance(v, np.generic) else v)
                )
                for k, v in record.items()
            }
        )
    return records


def _table_text(review: Review, language: str) -> str:
    symbol = review.symbol
    keys = (
        "period",
        "channel",
        "planned_spend",
        "actual_spend",
        "planned_conversions",
        "predicted_conversions",
        "actual_conversions",
        "curve_error",
        "flag",
    )
    header = [label(f"review.column.{key}", language) for key in keys]
    missing = label("review.not_known", language)

    def number(value: float) -> str:
        return missing if math.isnan(value) else format_number(value, language)

    def change(value: float) -> str:
        return missing if math.isnan(value) else format_change(value, language)

    def cells(row: Any, name: str, flag: str) -> list[str]:
        return [
            str(row.period),
            name,
            missing if math.isnan(row.planned_spend) else format_money(row.planned_spend, symbol, language),
            format_money(row.actual_spend, symbol, language) if not math.isnan(row.actual_spend) else missing,
            number(row.planned_conversions),
            number(row.predicted_conversions),
            number(row.actual_conversions),
            change(row.curve_error),
            flag,
        ]

    rows = []
    totals = {str(row.period): row for row in _rows(review.periods)}
    flagged = label("review.flagged", language)
    for period, group in review.table.groupby("period", sort=False):
        for row in _rows(group):
            rows.append(cells(row, str(row.label), flagged if row.flagged else ""))
        rows.append(
            cells(totals[str(period)], label("review.total", language), flagged if totals[str(period)].flagged else "")
        )
    return text_table(header, rows, right_align_from=2, left_columns=frozenset({8}))


def _rest_text(review: Review, language: str) -> str:
    from planner.insight.report import periods_table

    plan = review.plan
    if plan.periods is None:
        return ""
    run = set(review.table["period"])
    rest = {str(period) for period in plan.periods["period"]} - run
    if not rest:
        return ""
    table = periods_table(plan, language, only=rest)  # its TOTAL row: the periods still to come
    return text_table(list(table.columns), table.to_numpy().tolist())
