"""The "why" of a calendar plan, period by period, in English and Simplified Chinese.

Four kinds of finding, each only for plans with a calendar (one-period plans keep their explanation):

- `period_shift`: a period that gets more than even pacing would give it (the plan's spend × the period's
  share of the calendar's length), by how much, and, for an event period, how much more each yuan buys
  there: the events' efficiency ÷ cost on its channels, weighted by the period's spend on them;
- `period_rule`: the per-period budget, pacing limit or smoothing rule whose shadow price costs the most;
- `next_period`: where the next yuan of budget would go: the channel and period(s) whose next conversion
  costs 1 / the budget's shadow price, among the cells that can still grow;
- `beyond_horizon`: carry-over landing after the last period, and whether the plan counts it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from planner.insight.periods import events_by_period
from planner.model.i18n import Join, Money, Number, Text
from planner.model.plan import Finding
from planner.optimize.calendar import CalendarLayout, plan_layout
from planner.optimize.calendar_rows import ON_AIR, PERIOD_KINDS, SMOOTHING, period_limits

if TYPE_CHECKING:
    from planner.model.plan import Plan

MOST_PERIODS = 5  # the periods that gain most; a daily year would otherwise list hundreds
SHIFT_SHARE = 0.01  # a period counts as "more than even" above 1% of the plan's spend
MATCH = 1e-4  # relative tolerance between a cell's next conversion and the budget's shadow price
CALENDAR_RULES = (*PERIOD_KINDS, SMOOTHING)
MONEY_STEP = 1000.0  # as explain.py's binding rules: what relaxing a money limit by ¥1,000 is worth


def rule_words(record: Mapping[Hashable, Any]) -> Text | str:
    """Return a calendar rule's name in a sentence: "budget <period>", "smoothing <period> → <period>", "on air …"."""
    if record["kind"] == "period_budget":
        return Text("calendar.period_budget_rule", period=str(record["rule"]))
    if record["kind"] == "commission_budget":
        return Text("table.commission_budget_rule")
    if record["kind"] in (SMOOTHING, ON_AIR):
        return Text(f"pacing.{record['kind']}_rule", label=str(record["rule"]))
    return str(record["rule"])


def explain_calendar(plan: Plan, words: Text | str) -> list[Finding]:
    """Return the findings about a calendar plan's periods (none for a plan without a calendar)."""
    if plan.periods is None or plan.scenario.calendar is None or plan.responses is None:
        return []
    layout = plan_layout(plan)
    return [
        *_shifts(plan, layout),
        *_costliest_rule(plan, words),
        *_next_period(plan, layout),
        *_beyond(plan),
    ]


def _shifts(plan: Plan, layout: CalendarLayout) -> list[Finding]:
    """Return the periods that get more than even pacing, largest first, with what their events do per yuan."""
    assert plan.periods is not None
    symbol = plan.scenario.currency_symbol
    total = float(plan.periods["spend"].sum())
    weeks = sum(p.weeks for p in layout.periods)
    if total <= 0 or weeks <= 0:
        return []
    events = events_by_period(plan)
    n = layout.channel_count
    spend = plan.periods["spend"].to_numpy(dtype=float).reshape(len(layout.periods), n)
    moved = []
    for p, period in enumerate(layout.periods):
        if any(layout.actual(p, i) is not None for i in range(n)):
            continue  # a period that is over is a fact, not a choice
        extra = float(spend[p].sum()) - total * period.weeks / weeks
        if extra > SHIFT_SHARE * total:
            moved.append((extra, p))
    findings = []
    for extra, p in sorted(moved, key=lambda item: (-item[0], item[1]))[:MOST_PERIODS]:
        name = layout.periods[p].name
        on = events.get(name, ())
        amount = Money(extra, symbol)
        if on and spend[p].sum() > 0:
            effects = [layout.effect(p, i) for i in range(n)]
            ratio = sum(s * e / k for s, (e, k) in zip(spend[p], effects, strict=True)) / float(spend[p].sum())
            message = Text(
                "calendar_output.explain.shift.event",
                amount=amount,
                period=name,
                events=Join(on),
                ratio=Number(ratio),
                one=Money(1, symbol),
            )
            findings.append(Finding("period_shift", name, message, ratio))
        else:
            findings.append(
                Finding("period_shift", name, Text("calendar_output.explain.shift", amount=amount, period=name), extra)
            )
    return findings


def _costliest_rule(plan: Plan, words: Text | str) -> list[Finding]:
    """Return the calendar rule whose shadow price, times its step, is worth most (steps as in the rules' own
    findings: one percentage point of a smoothing limit, MONEY_STEP of a money limit)."""
    rules = plan.rules
    if rules.empty:
        return []
    chosen = rules[rules["kind"].isin(CALENDAR_RULES) & rules["binding"]]
    best: tuple[float, dict[Hashable, Any], float] | None = None
    for record in chosen.to_dict("records"):
        shadow = float(record["shadow_price"])
        size = 0.01 if record["kind"] == SMOOTHING else MONEY_STEP
        gain = (-shadow if record["sense"] == ">=" else shadow) * size
        if math.isfinite(gain) and abs(gain) > 1e-9 and (best is None or abs(gain) > abs(best[0])):
            best = (gain, record, size)
    if best is None:
        return []
    gain, record, size = best
    lower = record["sense"] == ">="
    step_words: Text | Money = (
        Text("explain.step.point") if record["kind"] == SMOOTHING else Money(size, plan.scenario.currency_symbol)
    )
    key = f"calendar_output.explain.costliest.{'lower' if lower else 'raise'}.{'more' if gain > 0 else 'fewer'}"
    message = Text(key, rule=rule_words(record), step=step_words, gain=Number(abs(gain)), measure=words)
    return [Finding("period_rule", str(record["rule"]), message, float(record["shadow_price"]))]


def _blocked(plan: Plan, layout: CalendarLayout) -> set[tuple[int, int]]:
    """Return the (period, channel) cells that cannot take another yuan: capped, locked, over or at a period cap."""
    n, count = layout.channel_count, len(layout.periods)
    blocked = {(p, i) for p in range(count) for i in range(n) if layout.actual(p, i) is not None}
    for i, at in enumerate(plan.allocation["at_bound"]):
        if str(at) in ("cap", "locked", "excluded"):
            blocked |= {(p, i) for p in range(count)}
    assert plan.scenario.calendar is not None
    rows = plan.rules[plan.rules["kind"].isin(PERIOD_KINDS)].to_dict("records")
    for record, limit in zip(rows, period_limits(plan.scenario, layout.periods), strict=False):
        if record["binding"] and limit.sense in ("<=", "=="):
            blocked |= {(p, i) for p in limit.periods for i in limit.channels}
    return blocked


def _next_period(plan: Plan, layout: CalendarLayout) -> list[Finding]:
    """Return where the next yuan of budget goes: the cells whose next conversion costs 1 / the budget's price."""
    assert plan.periods is not None
    shadow = plan.budget_shadow_price
    if plan.objective_measure != "conversions" or shadow is None or not shadow > 1e-12:
        return []
    n = layout.channel_count
    blocked = _blocked(plan, layout)
    target = 1.0 / shadow
    cells: dict[str, list[str]] = {}
    for index, row in enumerate(plan.periods.to_dict("records")):
        cost = float(row["marginal_cpa"])
        if (index // n, index % n) in blocked or not math.isfinite(cost):
            continue
        if abs(cost - target) <= MATCH * target:
            cells.setdefault(str(row["label"]), []).append(str(row["period"]))
    if not cells:
        return []
    label, periods = next(iter(cells.items()))
    shown = periods if len(periods) <= MOST_PERIODS else [*periods[:MOST_PERIODS], "…"]
    message = Text(
        "calendar_output.explain.next_yuan",
        channel=label,
        periods=Join(shown),
        cost=Money(target, plan.scenario.currency_symbol),
        one=Money(1, plan.scenario.currency_symbol),
    )
    return [Finding("next_period", periods[0], message, target)]


def _beyond(plan: Plan) -> list[Finding]:
    """Return what carry-over lands after the last period, and whether the plan counts it."""
    assert plan.periods is not None
    assert plan.scenario.calendar is not None
    landing = float(plan.totals.get("beyond_horizon_conversions", 0.0))
    if not landing > 0:
        return []
    counted = plan.scenario.calendar.credit_beyond_horizon
    end = str(plan.periods["end"].iloc[-1])
    message = Text(
        f"calendar_output.explain.beyond.{'counted' if counted else 'not_counted'}",
        conversions=Number(landing),
        end=end,
    )
    return [Finding("beyond_horizon", "", message, landing)]
