"""The charts the app, the command line and the report draw, in English or Chinese.

Each function takes a plan (or a frontier) and a language and returns an Altair chart; every title, axis and
legend comes from the catalogue, and every number a reader sees (axes, labels, tooltips) goes through the one
number policy. Writing a chart to a file (HTML that works offline, PNG, SVG) is the IO layer's
(`planner.data.rendering`).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.data.history import History, history_names, load_history
from planner.model.errors import PlannerError
from planner.model.fields import BUILTIN_MEASURES, MONEY_MEASURES
from planner.model.formatting import format_money, format_number
from planner.model.i18n import Join, Money, Text, label, render
from planner.model.plan import Plan
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    import altair as alt

    from planner.optimize.frontier import Frontier

# Fonts that carry Chinese glyphs on Linux, Windows and macOS, then the browser's own sans-serif.
FONT = (
    "'Helvetica Neue', Arial, 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
)
PLAN_COLOUR = "#1f77b4"
HISTORY_COLOUR = "#a6bddb"
POINT_COLOUR = "#d62728"
WEEK_COLOUR = "#7f7f7f"
FITTED_COLOUR = "#ff7f0e"
INFEASIBLE_COLOUR = "#9e9e9e"


def measure_name(scenario: Scenario, measure: str, language: str) -> str:
    """Return what a measure is called: the catalogue's word for a built-in one, the scenario's label for a KPI."""
    if measure in BUILTIN_MEASURES:
        return label(f"measure.{measure}", language)
    if measure in scenario.kpis:
        return scenario.kpis[measure] or measure
    if measure in scenario.resources:
        return scenario.resources[measure].label or measure
    return measure


def money_axis(symbol: str, title: str, ticks: int | None = None) -> alt.Axis:
    """Return an axis whose labels are amounts with the currency symbol and thousands separators (¥1,500,000)."""
    import altair as alt

    expression = f"{json.dumps(symbol, ensure_ascii=False)} + format(datum.value, ',')"
    # No ARIA label on axes: "X-axis titled 'Budget (CNY)'" would be a second element labelled like the
    # app's budget box for anything that finds a control by its label (screen readers, browser tests).
    if ticks is None:
        return alt.Axis(title=title, labelExpr=expression, labelOverlap=True, aria=False)
    return alt.Axis(title=title, labelExpr=expression, labelOverlap=True, tickCount=ticks, aria=False)


def number_axis(title: str) -> alt.Axis:
    """Return an axis whose labels are numbers with thousands separators (45,000)."""
    import altair as alt

    return alt.Axis(title=title, labelExpr="format(datum.value, ',')", aria=False)


def _styled(chart: Any) -> Any:
    """Return a chart with the fonts that show Chinese, wherever it is drawn.

    Its width is the whole chart's (axes and legend included) and fits a container; its height is the plot's.
    Set here, Streamlit keeps it: its own default, "fit", squeezes the plot to make room for the legend.
    """
    import altair as alt

    sized = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return sized.configure(font=FONT).configure_view(stroke=None)


def allocation_chart(plan: Plan, language: str = "en", *, width: int = 680) -> alt.Chart:
    """Return planned against historical spend per channel, as grouped horizontal bars."""
    import altair as alt

    symbol = plan.scenario.currency_symbol
    plan_label, history_label = label("chart.series.plan", language), label("chart.series.history", language)
    records = []
    for row in plan.allocation.to_dict("records"):
        for name, key in ((plan_label, "spend"), (history_label, "historical_spend")):
            value = float(row[key]) if row[key] is not None else math.nan
            if math.isnan(value):
                continue
            records.append(
                {
                    "channel": str(row["label"]),
                    "series": name,
                    "value": value,
                    "shown": format_money(value, symbol, language),
                }
            )
    data = pd.DataFrame.from_records(records, columns=["channel", "series", "value", "shown"])
    order = [str(label_) for label_ in plan.allocation["label"]]
    series = [plan_label, history_label] if (data["series"] == history_label).any() else [plan_label]
    spend_title = Text("chart.allocation.x", currency=plan.scenario.currency).render(language)
    chart = (
        alt.Chart(data, title=label("chart.allocation.title", language))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", axis=money_axis(symbol, spend_title), scale=alt.Scale(zero=True)),
            y=alt.Y("channel:N", title=None, sort=order),
            yOffset=alt.YOffset("series:N", sort=series),
            color=alt.Color(
                "series:N",
                title=label("chart.series", language),
                scale=alt.Scale(domain=series, range=[PLAN_COLOUR, HISTORY_COLOUR][: len(series)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("channel:N", title=label("chart.channel", language)),
                alt.Tooltip("series:N", title=label("chart.series", language)),
                alt.Tooltip("shown:N", title=label("chart.value.spend", language)),
            ],
        )
        .properties(width=width, height=alt.Step(14))
    )
    return _styled(chart)  # type: ignore[no-any-return]


def plan_history(plan: Plan) -> History | None:
    """Return the history the plan's scenario points to (None when it names none or it cannot be read)."""
    try:
        return load_history(plan.scenario)
    except PlannerError:
        return None


def charted_measure(plan: Plan, channel_id: str) -> str:
    """Return what a channel's curve chart shows against spend: conversions, or revenue for a revenue-only history."""
    response = plan.responses.by_id().get(channel_id) if plan.responses is not None else None
    return response.curve.measure if response is not None and response.curve is not None else "conversions"


def weekly_points(plan: Plan, channel_id: str, history: History | None) -> pd.DataFrame:
    """Return a channel's weeks of history: week start, spend and conversions (empty without history).

    For a channel whose history has revenue but no orders, the `conversions` column holds its weekly revenue,
    the measure its curve is fitted on (`charted_measure`).
    """
    columns = ["week", "spend", "conversions"]
    if history is None or history.weekly.empty:
        return pd.DataFrame(columns=columns)
    measure = charted_measure(plan, channel_id)
    names = history_names(plan.scenario.channel(channel_id))
    for name in names:
        rows = history.weekly[history.weekly["channel"] == name]
        if not rows.empty:
            return rows.assign(conversions=rows[measure])[columns].reset_index(drop=True)
    return pd.DataFrame(columns=columns)


def channel_record(plan: Plan, channel_id: str) -> dict[Any, Any]:
    """Return a channel's row of the plan's allocation as a dict."""
    rows = plan.allocation[plan.allocation["channel"] == channel_id]
    if rows.empty:
        raise KeyError(channel_id)
    return dict(rows.iloc[0].to_dict())


def curve_points(plan: Plan, channel_id: str, history: History | None, points: int = 60) -> pd.DataFrame:
    """Return a channel's response per week: the curve the plan uses and the fitted one, over the spend shown."""
    if plan.responses is None:
        return pd.DataFrame(columns=["spend", "conversions", "kind"])
    response = plan.responses.by_id()[channel_id]
    weeks = plan.period_weeks or 1.0
    planned = float(channel_record(plan, channel_id)["spend"]) / weeks
    cap = response.upper.value / weeks if math.isfinite(response.upper.value) else math.inf
    seen = weekly_points(plan, channel_id, history)
    highest = float(seen["spend"].max()) if not seen.empty else 0.0
    if planned > 0:
        upper = cap if math.isfinite(cap) else planned * 2
    else:  # a channel left out is drawn over the range the others are planned in
        upper = min(cap, float(plan.allocation["spend"].max()) / weeks)
    top = max(upper, planned * 1.25, highest * 1.1, 1.0)
    if plan.periods is not None:  # the curve runs past every period's week (an event week may spend far more)
        own = plan.periods[plan.periods["channel"] == channel_id]
        top = max(top, float((own["spend"] / own["weeks"]).max()) * 1.05)
    grid = [top * i / (points - 1) for i in range(points)]
    measure = charted_measure(plan, channel_id)  # the column keeps its name; it holds revenue for revenue curves
    rows = [
        {"spend": x, "conversions": response.evaluate(x * weeks).get(measure, 0.0) / weeks, "kind": "model"}
        for x in grid
    ]
    report = response.curve
    if report is not None and report.per_week and report.curve.form not in ("linear", "table"):
        rows += [{"spend": x, "conversions": float(report.curve.value(x)), "kind": "fitted"} for x in grid]
    return pd.DataFrame.from_records(rows)


def period_points(plan: Plan, channel_id: str, measure: str = "conversions") -> pd.DataFrame:
    """Return a calendar plan's periods for one channel as points per week: spend and what it buys per week
    (the whole response, carry-over after the calendar included), `when` = the period's name.

    An event period sits off the weekly curve by its multipliers (efficiency up, cost to the right)."""
    from planner.optimize.calendar import plan_layout

    assert plan.periods is not None
    assert plan.responses is not None
    layout = plan_layout(plan)
    index = [c.id for c in plan.scenario.channels].index(channel_id)
    rows = plan.periods[plan.periods["channel"] == channel_id]
    bought = [
        float(value) / layout.credited(p, index) / float(weeks)
        for p, (value, weeks) in enumerate(zip(rows[measure], rows["weeks"], strict=True))
    ]
    return pd.DataFrame(
        {
            "spend": [float(v) / float(w) for v, w in zip(rows["spend"], rows["weeks"], strict=True)],
            "conversions": bought,
            "when": [str(p) for p in rows["period"]],
        }
    )


def curve_chart(
    plan: Plan,
    channel_id: str,
    language: str = "en",
    history: History | None = None,
    *,
    width: int = 300,
    height: int = 200,
) -> alt.LayerChart:
    """Return a channel's weekly response curve with its historical weeks and the plan's week marked."""
    import altair as alt

    scenario = plan.scenario
    symbol = scenario.currency_symbol
    weeks = plan.period_weeks or 1.0
    per = "" if plan.period_weeks else ".period"  # without a period in weeks, the curve is over the whole plan
    row = channel_record(plan, channel_id)
    names = {
        "model": label("chart.curve.model", language),
        "fitted": label("chart.curve.fitted", language),
        "weeks": label("chart.curve.weeks", language),
        "planned": label(f"chart.curve.planned{per}", language),
    }
    revenue = charted_measure(plan, channel_id) == "revenue"
    lines = curve_points(plan, channel_id, history)
    lines = lines.assign(series=lines["kind"].map(names))
    seen = weekly_points(plan, channel_id, history)
    seen = seen.assign(
        series=names["weeks"],
        when=[Text("chart.curve.week", date=f"{week:%Y-%m-%d}").render(language) for week in seen["week"]],
    )
    planned = pd.DataFrame(
        {
            "spend": [float(row["spend"]) / weeks],
            "conversions": [float(row["revenue" if revenue else "conversions"]) / weeks],
            "series": [names["planned"]],
            "when": [names["planned"]],
        }
    )
    if plan.periods is not None:  # a calendar plan: each period's week, where the plan puts it
        names["planned"] = label("calendar_chart.curve.planned", language)
        planned = period_points(plan, channel_id, "revenue" if revenue else "conversions").assign(
            series=names["planned"]
        )
    points = pd.concat([seen.drop(columns="week"), planned], ignore_index=True)
    points["spend_shown"] = [format_money(v, symbol, language) for v in points["spend"]]
    points["conversions_shown"] = [
        format_money(v, symbol, language) if revenue else format_number(v, language) for v in points["conversions"]
    ]
    present = {"model", "planned"} | set(lines["kind"]) | ({"weeks"} if not seen.empty else set())
    shown = [names[k] for k in ("model", "fitted", "weeks", "planned") if k in present]
    colours = {
        names["model"]: PLAN_COLOUR,
        names["fitted"]: FITTED_COLOUR,
        names["weeks"]: WEEK_COLOUR,
        names["planned"]: POINT_COLOUR,
    }
    colour = alt.Color(
        "series:N",
        title=label("chart.series", language),
        scale=alt.Scale(domain=shown, range=[colours[s] for s in shown]),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    x = alt.X(
        "spend:Q",
        axis=money_axis(symbol, Text(f"chart.curve.x{per}", currency=scenario.currency).render(language), ticks=4),
        scale=alt.Scale(zero=True),
    )
    y = alt.Y(
        "conversions:Q",
        axis=number_axis(label(f"{'curves.chart' if revenue else 'chart.curve'}.y{per}", language)),
        scale=alt.Scale(zero=True),
    )
    tooltip = [
        alt.Tooltip("when:N", title=label("chart.series", language)),
        alt.Tooltip("spend_shown:N", title=label("chart.value.spend", language)),
        alt.Tooltip(
            "conversions_shown:N", title=label("curves.chart.value" if revenue else "chart.value.conversions", language)
        ),
    ]
    # The fitted curve wide and pale underneath, the curve the plan uses (its piecewise-linear version) on top.
    fitted = (
        alt.Chart(lines[lines["kind"] == "fitted"])
        .mark_line(strokeWidth=5, opacity=0.45)
        .encode(x=x, y=y, color=colour)
    )
    model = alt.Chart(lines[lines["kind"] == "model"]).mark_line(strokeWidth=1.8).encode(x=x, y=y, color=colour)
    weekly = (
        alt.Chart(points[points["series"] == names["weeks"]])
        .mark_circle(size=28, opacity=0.6)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    dot = (
        alt.Chart(points[points["series"] == names["planned"]])
        .mark_point(size=140, filled=True, shape="diamond")
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    # The channel as the title and what is drawn beneath: a long channel name still fits a small chart.
    subtitle = label(f"{'curves.chart' if revenue else 'chart.curve'}.subtitle{per}", language)
    title = alt.TitleParams(text=str(row["label"]), subtitle=subtitle)
    chart = alt.layer(fitted, model, weekly, dot).properties(title=title, width=width, height=height)
    return _styled(chart)  # type: ignore[no-any-return]


def frontier_chart(
    frontier: Frontier, language: str = "en", plan: Plan | None = None, *, width: int = 680, height: int = 300
) -> alt.LayerChart:
    """Return the budget frontier: best objective by budget from zero, today's budget and the knee marked,
    budgets where no plan meets the rules shown on the axis, and the plan's own point."""
    import altair as alt

    scenario = frontier.scenario
    # Today's budget is the plan's: a frontier may be swept around another amount (the app re-uses one
    # frontier while the budget moves within its range).
    today = plan.scenario.budget.amount if plan is not None and plan.scenario.budget else frontier.current_budget
    symbol = scenario.currency_symbol
    measure = measure_name(scenario, frontier.measure, language)
    feasible_label = label("chart.frontier.feasible", language)
    infeasible_label = label("chart.frontier.infeasible", language)
    plan_label = label("chart.frontier.this_plan", language)
    table = frontier.table
    money = frontier.measure in MONEY_MEASURES

    def shown(value: float) -> str:
        return format_money(value, symbol, language) if money else format_number(value, language)

    data = pd.DataFrame(
        {
            "budget": table["budget"].astype(float),
            "objective": [float(v) if ok else 0.0 for v, ok in zip(table["objective"], table["feasible"], strict=True)],
            "series": [feasible_label if ok else infeasible_label for ok in table["feasible"]],
            "budget_shown": [format_money(v, symbol, language) for v in table["budget"]],
            "objective_shown": [
                shown(float(v)) if ok else infeasible_label
                for v, ok in zip(table["objective"], table["feasible"], strict=True)
            ],
        }
    )
    domain = [feasible_label, infeasible_label]
    colours = [PLAN_COLOUR, INFEASIBLE_COLOUR]
    if plan is not None and plan.scenario.budget is not None:
        domain.append(plan_label)
        colours.append(POINT_COLOUR)
    colour = alt.Color(
        "series:N",
        title=label("chart.series", language),
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    x_title = Text("chart.frontier.x", currency=scenario.currency).render(language)
    y_title = Text("chart.frontier.y", measure=measure).render(language)
    x = alt.X("budget:Q", axis=money_axis(symbol, x_title), scale=alt.Scale(zero=True, nice=True))
    y = alt.Y(
        "objective:Q",
        axis=money_axis(symbol, y_title) if money else number_axis(y_title),
        scale=alt.Scale(zero=True),
    )
    tooltip = [
        alt.Tooltip("budget_shown:N", title=label("chart.frontier.budget", language)),
        alt.Tooltip("objective_shown:N", title=label("chart.frontier.best", language)),
    ]
    ok = data[data["series"] == feasible_label]
    layers: list[Any] = [
        alt.Chart(ok).mark_line().encode(x=x, y=y, color=colour),
        alt.Chart(ok).mark_circle(size=30).encode(x=x, y=y, color=colour, tooltip=tooltip),
        alt.Chart(data[data["series"] == infeasible_label])
        .mark_point(shape="cross", size=60, filled=True)
        .encode(x=x, y=y, color=colour, tooltip=tooltip),
    ]
    top = float(ok["objective"].max()) if not ok.empty else 1.0
    right = float(data["budget"].max()) if not data.empty else 1.0
    # Today's label sits low, right of its rule: budgets below today's may have no plan (marked on the axis),
    # and the best objective above today's is at least today's. The knee's label sits at a third of the
    # height, on the side away from today's. Near an edge, a label turns inwards.
    marks = [
        (
            Text("chart.frontier.today", amount=Money(today, symbol)),
            today,
            top * 0.12,
            "right",
        )
    ]
    if frontier.knee_budget is not None and not math.isclose(frontier.knee_budget, today):
        side = "right" if frontier.knee_budget > today else "left"
        knee = Text("chart.frontier.knee", amount=Money(frontier.knee_budget, symbol))
        marks.append((knee, frontier.knee_budget, top * 0.45, side))
    for text, budget, height_at, side in marks:
        at = pd.DataFrame({"budget": [budget], "objective": [height_at], "text": [render(text, language)]})
        if budget < 0.35 * right:
            side = "right"
        elif budget > 0.65 * right:
            side = "left"
        layers.append(alt.Chart(at).mark_rule(strokeDash=[4, 4], color="#555").encode(x=x))
        layers.append(
            alt.Chart(at)
            .mark_text(
                align="right" if side == "left" else "left",
                dx=-5 if side == "left" else 5,
                baseline="top",
                color="#333",
            )
            .encode(x=x, y=y, text="text:N")
        )
    if plan is not None and plan.scenario.budget is not None:
        own = pd.DataFrame(
            {
                "budget": [today],
                "objective": [plan.objective_value],
                "series": [plan_label],
                "budget_shown": [format_money(today, symbol, language)],
                "objective_shown": [shown(plan.objective_value)],
            }
        )
        layers.append(
            alt.Chart(own)
            .mark_point(size=160, filled=True, shape="diamond")
            .encode(x=x, y=y, color=colour, tooltip=tooltip)
        )
    title = Text("chart.frontier.title", scenario=scenario.name, measure=measure).render(language)
    chart = alt.layer(*layers).properties(title=title, width=width, height=height)
    return _styled(chart)  # type: ignore[no-any-return]


def _channel_names(plan: Plan) -> dict[str, str]:
    """Return each channel's name on a chart: its label, with its id after it where two channels share a label."""
    labels = {str(c): str(name) for c, name in zip(plan.allocation["channel"], plan.allocation["label"], strict=True)}
    counts: dict[str, int] = {}
    for name in labels.values():
        counts[name] = counts.get(name, 0) + 1
    return {c: name if counts[name] == 1 else f"{name} ({c})" for c, name in labels.items()}


EVENT_SHADE = "#fdd49e"
EVENT_OUTLINE = "#e6550d"


def calendar_chart(plan: Plan, language: str = "en", *, width: int = 680) -> alt.VConcatChart | None:
    """Return a calendar plan's spend by period: stacked bars per channel, and a channel × period heat map of
    spend per week, event periods shaded and named; None for a plan without a calendar."""
    import altair as alt

    from planner.insight.periods import events_by_period

    if plan.periods is None or plan.scenario.calendar is None:
        return None
    scenario = plan.scenario
    symbol = scenario.currency_symbol
    events = events_by_period(plan)
    order = list(dict.fromkeys(str(p) for p in plan.periods["period"]))
    names = _channel_names(plan)
    channels = list(names.values())
    none = label("calendar_chart.no_event", language)
    data = pd.DataFrame(
        {
            "period": [str(p) for p in plan.periods["period"]],
            "channel": [names[str(c)] for c in plan.periods["channel"]],
            "spend": [float(v) for v in plan.periods["spend"]],
            "per_week": [
                float(v) / float(w) for v, w in zip(plan.periods["spend"], plan.periods["weeks"], strict=True)
            ],
        }
    )
    data["channel_order"] = [channels.index(c) for c in data["channel"]]  # stacked in scenario order
    data["spend_shown"] = [format_money(v, symbol, language) for v in data["spend"]]
    data["per_week_shown"] = [format_money(v, symbol, language) for v in data["per_week"]]
    data["dates"] = [
        Text("calendar_chart.dates", start=f"{s}", end=f"{e}").render(language)
        for s, e in zip(plan.periods["start"], plan.periods["end"], strict=True)
    ]
    data["events"] = [render(Join(events.get(p, ())), language) or none for p in data["period"]]
    shaded = pd.DataFrame(
        {
            "period": [p for p in order if events.get(p)],
            "names": [render(Join(events[p]), language) for p in order if events.get(p)],
        }
    )
    highest = float(data.groupby("period")["spend"].sum().max()) if not data.empty else 0.0
    period_title = label("calendar_chart.period", language)
    channel_title = label("calendar_chart.channel", language)
    x = alt.X(
        "period:N",
        sort=order,
        title=period_title,
        axis=alt.Axis(labelAngle=-40, labelLimit=120, labelOverlap=True, aria=False),
    )
    tooltip = [
        alt.Tooltip("period:N", title=period_title),
        alt.Tooltip("dates:N", title=label("calendar_chart.value.dates", language)),
        alt.Tooltip("events:N", title=label("calendar_chart.value.events", language)),
        alt.Tooltip("channel:N", title=channel_title),
        alt.Tooltip("spend_shown:N", title=label("calendar_chart.value.spend", language)),
        alt.Tooltip("per_week_shown:N", title=label("calendar_chart.value.per_week", language)),
    ]
    plot_width = max(width - 170, 200)  # the legends sit on the right
    spend_title = Text("calendar_chart.spend", currency=scenario.currency).render(language)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "sum(spend):Q",
                axis=money_axis(symbol, spend_title),
                stack="zero",
                # Room above the tallest bar for the events' names, written upwards in their shaded periods.
                scale=alt.Scale(domainMax=highest / 0.62 if not shaded.empty and highest > 0 else alt.Undefined),
            ),
            color=alt.Color("channel:N", title=channel_title, sort=channels, scale=alt.Scale(domain=channels)),
            order=alt.Order("channel_order:Q"),
            tooltip=tooltip,
        )
    )
    layers: list[Any] = []
    if not shaded.empty:
        layers.append(alt.Chart(shaded).mark_rect(color=EVENT_SHADE, opacity=0.6).encode(x=x))
        layers.append(
            alt.Chart(shaded)
            .mark_text(angle=270, align="right", baseline="middle", fontSize=10, limit=88, color=EVENT_OUTLINE)
            .encode(x=x, y=alt.value(4), text="names:N")
        )
    top = alt.layer(*layers[:1], bars, *layers[1:]).properties(
        title=label("calendar_chart.bars.title", language), width=plot_width, height=240
    )
    money_labels = f"{json.dumps(symbol, ensure_ascii=False)} + format(datum.value, ',')"
    cells = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=x,
            y=alt.Y("channel:N", sort=channels, title=None),
            color=alt.Color(
                "spend:Q",
                title=spend_title,
                scale=alt.Scale(scheme="blues", zero=True, nice=True),
                legend=alt.Legend(labelExpr=money_labels),
            ),
            tooltip=tooltip,
        )
    )
    heat_layers: list[Any] = [cells]
    if not shaded.empty:
        heat_layers.append(alt.Chart(shaded).mark_rect(fill=None, stroke=EVENT_OUTLINE, strokeWidth=2).encode(x=x))
    heat = alt.layer(*heat_layers).properties(
        title=label("calendar_chart.heat.title", language), width=plot_width, height=alt.Step(18)
    )
    title = Text("calendar_chart.title", scenario=scenario.name).render(language)
    chart = alt.vconcat(top, heat, title=title).resolve_scale(color="independent")
    return chart.configure(font=FONT).configure_view(stroke=None)  # type: ignore[no-any-return]
