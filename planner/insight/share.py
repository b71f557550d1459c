"""The plan report to share: one self-contained HTML page (charts as inline SVG), in English or Chinese.

`plan_report_html` is pure: plan in, HTML text out (the frontier, the outcome ranges and the input hashes are
computed when not given). Writing it, or printing it to PDF, is the IO layer's (`planner.data.rendering`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from planner.data.provenance import ALGORITHM, Provenance, trace_inputs
from planner.data.rendering import chart_svg
from planner.insight.charts import (
    allocation_chart,
    calendar_chart,
    curve_chart,
    frontier_chart,
    measure_name,
    plan_history,
)
from planner.insight.explain import measure_words, nice_step
from planner.insight.explain_calendar import rule_words
from planner.insight.periods import event_cells, event_totals, period_label, period_totals
from planner.model.errors import PlannerError
from planner.model.fields import MONEY_MEASURES
from planner.model.formatting import (
    format_change,
    format_money,
    format_number,
    format_ratio,
    format_share,
    is_no_change,
)
from planner.model.i18n import Join, Money, Number, Ratio, Share, Text, label, render
from planner.model.plan import Plan

if TYPE_CHECKING:
    from planner.data.history import History
    from planner.insight.trust import OutcomeRange
    from planner.optimize.frontier import Frontier

HTML_LANGUAGE = {"en": "en", "zh": "zh-CN"}


def plan_report_html(
    plan: Plan,
    language: str = "en",
    *,
    frontier: Frontier | PlannerError | None = None,
    history: History | None = None,
    outcome: OutcomeRange | None = None,
    provenance: Provenance | None = None,
) -> str:
    """Return the plan as one self-contained HTML page in 'en' or 'zh', ready to open offline or print on A4.

    Parameters
    ----------
    frontier:
        the budget frontier of the plan's scenario (or the error that stopped it); computed when None.
    history:
        the history the plan was made from; read from the scenario's history file when None.
    outcome:
        P10/P50/P90 of the plan's outcome; computed from the history (seeded bootstrap) when None.
    provenance:
        the inputs' hashes; when None, the scenario is hashed as the planner writes it, with its data files.
    """
    history = history if history is not None else plan_history(plan)
    if frontier is None:
        frontier = _frontier(plan, history)
    if outcome is None:
        outcome = _outcome(plan, history)
    provenance = provenance if provenance is not None else trace_inputs(plan.scenario)
    scenario = plan.scenario
    title = Text("report.title", scenario=scenario.name).render(language)
    made = f"{provenance.made:%Y-%m-%d}"
    subtitle = (
        Text("report.subtitle", store=scenario.store, date=made)
        if scenario.store
        else Text("report.subtitle.no_store", date=made)
    ).render(language)
    body = [
        "<header>",
        f"<h1>{_escape(title)}</h1>",
        f'<p class="subtitle">{_escape(subtitle)}</p>',
        f'<p class="meta">{_escape(_objective_line(plan, language))}</p>',
        "</header>",
        _kpi_cards(plan, language),
        _section(
            "allocation",
            "report.section.allocation",
            language,
            _allocation_table(plan, language),
            _figure(allocation_chart(plan, language, width=720)),
        ),
        _periods_section(plan, language),
        _section(
            "why",
            "report.section.why",
            language,
            _list([f.text(language) for f in plan.explanation if f.kind != "warning"]),
        ),
        _section("range", "report.section.range", language, _range_block(plan, outcome, language)),
        _section("curves", "report.section.curves", language, _curves(plan, history, language)),
        _section("frontier", "report.section.frontier", language, _frontier_block(plan, frontier, language)),
        _section("rules", "report.section.rules", language, _rules_table(plan, language)),
        _section("warnings", "report.section.warnings", language, _warnings(plan, language)),
        _section("inputs", "report.section.inputs", language, _inputs_block(provenance, language)),
        f"<footer>{_escape(label('report.footer', language))}</footer>",
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{HTML_LANGUAGE.get(language, "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<main class="report">\n' + "\n".join(part for part in body if part) + "\n</main>\n</body>\n</html>\n"
    )


def _frontier(plan: Plan, history: History | None) -> Frontier | PlannerError | None:
    from planner.optimize.frontier import frontier

    if plan.scenario.budget is None:
        return None
    try:
        return frontier(plan.scenario, points=41, history=history)
    except PlannerError as error:
        return error


def _outcome(plan: Plan, history: History | None) -> OutcomeRange | None:
    from planner.insight.trust import outcome_range

    if history is None:
        return None
    try:
        return outcome_range(plan, history)
    except (PlannerError, ValueError):
        return None


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _section(name: str, heading: str, language: str, *parts: str) -> str:
    inner = "\n".join(parts)
    return f'<section id="{name}">\n<h2>{_escape(label(heading, language))}</h2>\n{inner}\n</section>'


def _list(items: list[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{_escape(item)}</li>" for item in items) + "\n</ul>"


def _figure(chart: Any) -> str:
    svg = chart_svg(chart)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)  # inline SVG takes no XML declaration
    return f'<figure class="chart">{svg}</figure>'


def _amount(value: float, measure: str, symbol: str, language: str) -> str:
    return format_money(value, symbol, language) if measure in MONEY_MEASURES else format_number(value, language)


def _objective_line(plan: Plan, language: str) -> str:
    scenario = plan.scenario
    parts = [
        Text(
            "report.objective",
            sense=Text(f"report.sense.{scenario.objective.sense}"),
            measure=measure_words(plan),
        ).render(language)
    ]
    if scenario.budget is not None:
        amount = Money(scenario.budget.amount, scenario.currency_symbol)
        budget = (
            Text("report.budget", amount=amount, weeks=Number(plan.period_weeks))
            if plan.period_weeks
            else Text("report.budget.no_weeks", amount=amount)
        )
        parts.append(budget.render(language))
    return " · ".join(parts)


def _shows(plan: Plan) -> dict[str, bool]:
    """Return which measures the plan is about: conversions, revenue and profit where they exist."""
    totals, objective = plan.totals, plan.objective_measure
    return {
        "conversions": totals.get("conversions", 0.0) > 0 or objective == "conversions",
        "revenue": totals.get("revenue", 0.0) > 0 or objective in ("revenue", "profit"),
        "profit": objective == "profit" and "profit" in plan.allocation,
    }


def _change(value: float, reference: float | None) -> float:
    if reference is None or not math.isfinite(reference) or reference == 0 or not math.isfinite(value):
        return math.nan
    return (value - reference) / reference


def _card(title: str, value: str, change: float, lower_is_better: bool | None, language: str) -> str:
    """Return one KPI card; its change is green when good news, red when bad, grey when neither (None)."""
    if math.isnan(change):
        note, tone = label("report.kpi.no_history", language), "neutral"
    else:
        note = Text("report.kpi.vs_history", change=format_change(change, language)).render(language)
        good = (change < 0) if lower_is_better else (change > 0)
        tone = "neutral" if is_no_change(change) or lower_is_better is None else ("good" if good else "bad")
    return (
        f'<div class="card"><div class="card-title">{_escape(title)}</div>'
        f'<div class="card-value">{_escape(value)}</div>'
        f'<div class="card-note {tone}">{_escape(note)}</div></div>'
    )


def _kpi_cards(plan: Plan, language: str) -> str:
    totals = plan.totals
    symbol = plan.scenario.currency_symbol
    shows = _shows(plan)
    history_spend = totals.get("historical_spend")
    cards = [
        _card(
            label("report.kpi.spend", language),
            format_money(totals["spend"], symbol, language),
            _change(totals["spend"], history_spend),
            None,  # more or less spend is neither good nor bad news by itself
            language,
        )
    ]
    if shows["conversions"]:
        cards.append(
            _card(
                label("report.kpi.conversions", language),
                format_number(totals["conversions"], language),
                _change(totals["conversions"], totals.get("historical_conversions")),
                False,
                language,
            )
        )
    if shows["revenue"]:
        cards.append(
            _card(
                label("report.kpi.revenue", language),
                format_money(totals["revenue"], symbol, language),
                _change(totals["revenue"], totals.get("historical_revenue")),
                False,
                language,
            )
        )
    if shows["profit"]:
        cards.append(
            _card(
                label("report.kpi.profit", language),
                format_money(totals.get("profit", math.nan), symbol, language),
                math.nan,
                False,
                language,
            )
        )
    if shows["conversions"]:
        cards.append(
            _card(
                label("report.kpi.cpa", language),
                format_money(totals.get("cpa", math.nan), symbol, language),
                _change(totals.get("cpa", math.nan), totals.get("historical_cpa")),
                True,
                language,
            )
        )
    if shows["revenue"]:
        historical_roas = (
            totals["historical_revenue"] / history_spend
            if history_spend and totals.get("historical_revenue") is not None
            else math.nan
        )
        cards.append(
            _card(
                label("report.kpi.roas", language),
                format_ratio(totals.get("roas", math.nan), language),
                _change(totals.get("roas", math.nan), historical_roas),
                False,
                language,
            )
        )
    return '<section id="kpis" class="cards">\n' + "\n".join(cards) + "\n</section>"


def _table(header: list[str], rows: list[list[str]], css: str, total: list[str] | None = None) -> str:
    """Return an HTML table; every column after the first is right-aligned (numbers)."""
    head = "".join(f"<th>{_escape(cell)}</th>" for cell in header)
    lines = [f'<table class="{css}">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{_escape(cell)}</td>" for cell in row) + "</tr>")
    lines.append("</tbody>")
    if total is not None:
        lines.append("<tfoot><tr>" + "".join(f"<td>{_escape(cell)}</td>" for cell in total) + "</tr></tfoot>")
    lines.append("</table>")
    return "\n".join(lines)


def _note(plan: Plan, record: Mapping[Hashable, Any], language: str) -> str:
    at = str(record["at_bound"])
    reason = plan.bound_reasons.get(str(record["channel"]), record["bound_reason"])
    reason_text = render(reason, language) if reason is not None else ""
    notes = []
    if at in ("cap", "floor"):
        notes.append(
            Text(f"report.note.{at}", reason=reason).render(language)
            if reason_text
            else label(f"report.note.{at}.bare", language)
        )
    elif at in ("locked", "excluded"):
        notes.append(label(f"report.note.{at}", language))
    if record.get("beyond_history"):
        notes.append(label("report.note.beyond_history", language))
    return "；".join(notes) if language == "zh" else "; ".join(notes)


def _allocation_table(plan: Plan, language: str) -> str:
    symbol = plan.scenario.currency_symbol
    shows = _shows(plan)
    header = [
        label("report.col.channel", language),
        label("report.col.spend", language),
        label("report.col.share", language),
    ]
    measures = [m for m in ("conversions", "revenue", "profit") if shows[m]]
    header += [label(f"report.col.{m}", language) for m in measures]
    ratios = [r for r, needs in (("cpa", "conversions"), ("roas", "revenue")) if shows[needs]]
    header += [label(f"report.col.{r}", language) for r in ratios]
    header += [
        label("report.col.history", language),
        label("report.col.change", language),
        label("report.col.note", language),
    ]

    def ratio_cells(record: Mapping[Any, Any]) -> list[str]:
        cells = []
        for r in ratios:
            value = record.get(r, math.nan)
            value = math.nan if value is None else float(value)
            cells.append(format_money(value, symbol, language) if r == "cpa" else format_ratio(value, language))
        return cells

    rows = []
    for record in plan.allocation.to_dict("records"):
        history = record["historical_spend"]
        rows.append(
            [
                str(record["label"]),
                format_money(record["spend"], symbol, language),
                format_share(record["share"], language),
                *(_amount(float(record.get(m, math.nan)), m, symbol, language) for m in measures),
                *ratio_cells(record),
                format_money(history, symbol, language),
                format_change(_change(float(record["spend"]), history), language),
                _note(plan, record, language),
            ]
        )
    totals = plan.totals
    total = [
        label("report.total", language),
        format_money(totals["spend"], symbol, language),
        format_share(1.0 if totals["spend"] > 0 else 0.0, language),
        *(_amount(float(totals.get(m, math.nan)), m, symbol, language) for m in measures),
        *ratio_cells(totals),
        format_money(totals.get("historical_spend"), symbol, language),
        format_change(_change(totals["spend"], totals.get("historical_spend")), language),
        "",
    ]
    return _table(header, rows, "allocation", total)


def _periods_section(plan: Plan, language: str) -> str:
    """Return a calendar plan's section: totals per period, the calendar chart, totals per event ('' without)."""
    totals = period_totals(plan)
    chart = calendar_chart(plan, language, width=720)
    if totals is None or chart is None:
        return ""
    symbol = plan.scenario.currency_symbol
    spent = float(totals["spend"].sum())
    carried = float(totals["beyond_conversions"].sum()) > 0 or bool(
        (totals["landed_conversions"] - totals["conversions"]).abs().max() > 1e-9
    )
    keys = ["calendar.table.period", "calendar_output.report.dates", "calendar_output.table.events", "report.col.spend"]
    keys += ["report.col.share", "report.col.conversions", "report.col.cpa", "calendar.table.marginal_cpa"]
    keys += ["calendar.table.landed", "calendar.table.beyond"] if carried else []
    header = [label(key, language) for key in keys]
    rows = []
    for r in totals.to_dict("records"):
        row = [
            period_label(plan, r["period"], language),
            Text("calendar_chart.dates", start=f"{r['start']}", end=f"{r['end']}").render(language),
            render(Join(r["events"]), language),
            format_money(r["spend"], symbol, language),
            format_share(r["spend"] / spent if spent > 0 else math.nan, language),
            format_number(r["conversions"], language),
            format_money(r["cpa"], symbol, language),
            format_money(r["marginal_cpa"], symbol, language),
        ]
        if carried:
            row += [format_number(r["landed_conversions"], language), format_number(r["beyond_conversions"], language)]
        rows.append(row)
    conversions = float(totals["conversions"].sum())
    total = [
        label("report.total", language),
        "",
        "",
        format_money(spent, symbol, language),
        format_share(1.0 if spent > 0 else 0.0, language),
        format_number(conversions, language),
        format_money(spent / conversions if conversions > 0 else math.nan, symbol, language),
        "",
    ]
    if carried:
        total += [
            format_number(float(totals["landed_conversions"].sum()), language),
            format_number(float(totals["beyond_conversions"].sum()), language),
        ]
    parts = [_table(header, rows, "periods", total), _figure(chart)]
    notes = [label("calendar_output.report.marginal_note", language)]
    events = event_totals(plan)
    if events is not None and not events.empty:
        event_header = [
            label(key, language)
            for key in (
                "calendar_output.table.event",
                "calendar_output.table.periods",
                "report.col.spend",
                "report.col.share",
                "report.col.conversions",
                "report.col.cpa",
                *(("report.col.revenue",) if _shows(plan)["revenue"] else ()),
            )
        ]
        event_rows = event_cells(events, symbol, language, _shows(plan)["revenue"])
        parts.append(_table(event_header, event_rows, "events"))
        notes.append(label("calendar_output.report.event_note", language))
    parts += [f'<p class="footnote">{_escape(note)}</p>' for note in notes]
    return _section("periods", "calendar_output.report.section", language, *parts)


def _range_block(plan: Plan, outcome: OutcomeRange | None, language: str) -> str:
    if outcome is None:
        return f'<p class="footnote">{_escape(label("report.range.none", language))}</p>'
    symbol = plan.scenario.currency_symbol
    shows = _shows(plan)
    header = [
        label("report.col.measure", language),
        label("report.range.low", language),
        label("report.range.mid", language),
        label("report.range.high", language),
        label("report.range.planned", language),
    ]
    rows = []
    if shows["conversions"]:
        rows.append(
            [
                measure_name(plan.scenario, "conversions", language),
                *(format_number(v, language) for v in outcome.conversions),
                format_number(plan.totals["conversions"], language),
            ]
        )
    if shows["revenue"]:
        rows.append(
            [
                measure_name(plan.scenario, "revenue", language),
                *(format_money(v, symbol, language) for v in outcome.revenue),
                format_money(plan.totals["revenue"], symbol, language),
            ]
        )
    notes = [Text("report.range.method", draws=outcome.draws, seed=outcome.seed).render(language)]
    tables = [_table(header, rows, "ranges")]
    if outcome.periods is not None and shows["conversions"]:
        planned = period_totals(plan)
        assert planned is not None
        period_header = [label("calendar.table.period", language), *header[1:]]
        period_rows = [
            [
                str(r["period"]),
                *(format_number(r[f"conversions_p{n}"], language) for n in (10, 50, 90)),
                format_number(float(conversions), language),
            ]
            for r, conversions in zip(outcome.periods.to_dict("records"), planned["conversions"], strict=True)
        ]
        tables.append(_table(period_header, period_rows, "ranges periods-range"))
        notes.append(
            Text("calendar_output.report.range_periods", measure=measure_words(plan, "conversions")).render(language)
        )
    if outcome.fixed_channels:
        labels = dict(zip(plan.allocation["channel"], plan.allocation["label"], strict=True))
        separator = "、" if language == "zh" else ", "
        names = separator.join(str(labels.get(c, c)) for c in outcome.fixed_channels)
        notes.append(Text("report.range.fixed", channels=names).render(language))
    footnote = "".join(f'<p class="footnote">{_escape(note)}</p>' for note in notes)
    return "\n".join(tables) + "\n" + footnote


# A report is read by a person: past this many channels it shows the curves of those the plan spends most on
# (1,000 curve charts took six minutes and 14 MB), and says how many more the allocation table lists.
MOST_CURVES = 24


def _curves(plan: Plan, history: History | None, language: str) -> str:
    ranked = plan.allocation.sort_values("spend", ascending=False, kind="stable")["channel"]
    figures = [
        _figure(curve_chart(plan, str(channel), language, history, width=240, height=150))
        for channel in ranked.head(MOST_CURVES)
    ]
    grid = '<div class="grid">\n' + "\n".join(figures) + "\n</div>"
    if len(ranked) <= MOST_CURVES:
        return grid
    note = Text("report.more_curves", shown=Number(MOST_CURVES), more=Number(len(ranked) - MOST_CURVES))
    return grid + f'\n<p class="footnote">{_escape(note.render(language))}</p>'


def _frontier_block(plan: Plan, frontier: Frontier | PlannerError | None, language: str) -> str:
    if frontier is None:
        return ""
    if isinstance(frontier, PlannerError):
        reason = frontier.render(language)
        return f'<p class="footnote">{_escape(Text("report.no_frontier", reason=reason).render(language))}</p>'
    return _figure(frontier_chart(frontier, language, plan, width=720, height=300))


def _limit(record: Mapping[Hashable, Any], value: float, symbol: str) -> Money | Number | Share | Ratio:
    kind, measure = str(record["kind"]), str(record["measure"])
    if kind in ("share", "smoothing"):  # a calendar's smoothing limits a change from period to period
        return Share(value)
    if kind in ("ratio", "min_roas"):
        return Ratio(value)
    if kind in ("budget", "max_cpa") or measure in MONEY_MEASURES:
        return Money(value, symbol)
    return Number(value)


def _step(plan: Plan, record: Mapping[Hashable, Any], symbol: str) -> tuple[float, Text | Money]:
    """Return the step of relaxing a rule that the worth is quoted per, and its words."""
    kind = str(record["kind"])
    if kind in ("share", "smoothing"):
        return 0.01, Text("report.step.point")
    if kind in ("ratio", "min_roas"):
        return 0.01, Text("report.step.hundredth")
    if kind == "budget":
        step = nice_step(float(record["limit"]))
        return step, Money(step, symbol)
    if kind == "max_cpa" or record["measure"] in MONEY_MEASURES:
        return 1000.0, Money(1000, symbol)
    return 1.0, Text("report.step.unit", measure=measure_words(plan, str(record["measure"])))


def _worth(plan: Plan, record: Mapping[Hashable, Any], symbol: str) -> Text:
    shadow = float(record["shadow_price"])
    if not record["binding"] or abs(shadow) < 1e-12:
        return Text("report.worth.none")
    step, words = _step(plan, record, symbol)
    # Relaxing lowers a floor (>=) and raises a cap (<=); the shadow price is per unit increase of the limit.
    gain = (-1.0 if record["sense"] == ">=" else 1.0) * shadow * step
    measure = plan.objective_measure
    amount = Money(abs(gain), symbol) if measure in MONEY_MEASURES else Number(abs(gain))
    return Text(
        "report.worth.more" if gain > 0 else "report.worth.fewer", gain=amount, measure=measure_words(plan), step=words
    )


def _rules_table(plan: Plan, language: str) -> str:
    if plan.rules.empty:
        return f"<p>{_escape(label('report.no_warnings', language))}</p>"
    symbol = plan.scenario.currency_symbol
    senses = {
        "<=": "report.rule.at_most",
        ">=": "report.rule.at_least",
        "==": "report.rule.exactly",
        "=": "report.rule.exactly",
    }
    header = [
        label("report.col.rule", language),
        label("report.col.limit", language),
        label("report.col.plan", language),
        label("report.col.status", language),
        label("report.col.worth", language),
    ]
    rows = []
    for record in plan.rules.to_dict("records"):
        name = (
            label("chart.frontier.budget", language)
            if record["kind"] == "budget"
            else render(rule_words(record), language)
        )
        limit = _limit(record, float(record["limit"]), symbol)
        rows.append(
            [
                name,
                Text(senses.get(str(record["sense"]), "report.rule.exactly"), limit=limit).render(language),
                render(_limit(record, float(record["value"]), symbol), language),
                label("report.rule.binding" if record["binding"] else "report.rule.slack", language),
                _worth(plan, record, symbol).render(language),
            ]
        )
    return _table(header, rows, "rules")


def _warnings(plan: Plan, language: str) -> str:
    # The plan's own warnings, then the explanation's per-channel cautions (spend beyond what history saw).
    warnings = [render(w, language) for w in dict.fromkeys(plan.warnings)]
    warnings += [f.text(language) for f in plan.explanation if f.kind == "warning" and f.subject]
    if not warnings:
        return f"<p>{_escape(label('report.no_warnings', language))}</p>"
    return _list(warnings)


def _inputs_block(provenance: Provenance, language: str) -> str:
    header = [label("report.col.file", language), Text("report.col.sha256", algorithm=ALGORITHM).render(language)]
    rows = []
    for item in provenance.inputs:
        what = item.what.render(language)
        colon = "：" if language == "zh" else ": "
        rows.append([f"{what}{colon}{item.name}" if item.name else what, item.sha256])
    total = [label("report.input.combined", language), provenance.combined]
    table = _table(header, rows, "inputs", total)
    notes = [
        Text("report.input.version", version=provenance.planner_version).render(language),
        Text("report.input.made", date=f"{provenance.made:%Y-%m-%d}").render(language),
        Text("report.input.how", algorithm=ALGORITHM, command="planner report").render(language),
    ]
    return table + "\n" + "".join(f'<p class="footnote">{_escape(note)}</p>' for note in notes)


STYLE = """
:root { --ink: #1d2733; --muted: #5b6775; --rule: #d9dee4; --accent: #1f77b4; --good: #1a7f37; --bad: #b42318; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.55 "Helvetica Neue", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei",
    "PingFang SC", sans-serif; }
main.report { max-width: 980px; margin: 0 auto; padding: 28px 32px 40px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
.subtitle, .meta { margin: 0; color: var(--muted); }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
section { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 10px; margin-top: 18px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.card-title { color: var(--muted); font-size: 12px; }
.card-value { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card-note { font-size: 12px; }
.card-note.good { color: var(--good); }
.card-note.bad { color: var(--bad); }
.card-note.neutral { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top;
  font-variant-numeric: tabular-nums; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f5f7; font-weight: 600; white-space: nowrap; }
td { white-space: nowrap; }
table.allocation td:last-child, table.rules td:first-child, table.rules td:last-child {
  white-space: normal; text-align: left; }
table.allocation th:last-child, table.rules th:last-child { text-align: left; }
table.periods td:nth-child(3), table.periods th:nth-child(3), table.events td:nth-child(2),
table.events th:nth-child(2) { text-align: left; white-space: normal; }
table.inputs td:last-child { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px;
  word-break: break-all; white-space: normal; }
tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure.chart { margin: 8px 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px 14px; }
ul { padding-left: 20px; margin: 6px 0; } li { margin: 3px 0; }
.footnote { color: var(--muted); font-size: 12px; margin: 4px 0; }
footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  .cards { grid-template-columns: repeat(auto-fit, minmax(100px, 1fr)); }
  .card-value { font-size: 15pt; }
  main.report { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  #kpis, #range, #frontier, #inputs { break-inside: avoid; }
  table { font-size: 9pt; }
  th, td { padding: 3px 5px; }
  table.allocation td:last-child { min-width: 9em; }
  footer { break-before: avoid; margin-top: 12px; }
}
"""
