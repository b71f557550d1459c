"""What the plan tab shows in words and tables: headline figures, allocation, rules, why, and no plan.

Every figure goes through the number policy (`planner.model.formatting`) and every word through the
catalogue, so the tab reads the same in English and 中文; the data behind the tables keeps its keys.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from planner import PlannerError
from planner.app.state import WorkingCopy, language, measure_name, money, say, t
from planner.insight.report import plan_columns, status_text
from planner.model.fields import MONEY_MEASURES
from planner.model.formatting import format_number, format_ratio, format_share, is_no_change
from planner.model.i18n import Change, Join, Text, render
from planner.model.plan import Plan

NOTES = ("cap", "floor", "locked", "excluded")
LOWER_IS_BETTER = {"cpa"}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def signed_money(amount: float | None, symbol: str, reference: float | None = None) -> str:
    """Return a change in money with its sign (+¥27,052, -¥65,563), or ±0 when it rounds to nothing."""
    if _missing(amount):
        return money(None, symbol)
    assert amount is not None
    scale = abs(reference) if reference and not _missing(reference) else max(abs(amount), 1.0)
    if is_no_change(amount / scale) or abs(amount) < 0.005:
        return "±0"
    return ("+" if amount > 0 else "") + money(amount, symbol)


def signed_number(value: float) -> str:
    """Return a number with its sign: +133.7, -4.2."""
    text = format_number(value, language())
    return f"+{text}" if value > 0 and not text.startswith("-") and text != "0" else text


def delta(value: float, reference: float | None, good: str = "up") -> dict[str, Any]:
    """Return the metric delta against history: the change in words, green or red, no colour when none.

    `good` says which way is good news: "up", "down" (a cost) or "" (neither, e.g. spend).
    """
    if reference is None or _missing(reference) or reference == 0:
        return {}
    change = (value - reference) / reference
    text = t("app.delta", change=Change(change))
    if is_no_change(change):
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    up = change > 0
    colour = "gray" if not good else ("green" if up == (good == "up") else "red")
    return {"delta": text, "delta_color": colour, "delta_arrow": "up" if up else "down"}


def show_kpis(plan: Plan) -> None:
    """Show the headline figures against history."""
    symbol, totals = plan.scenario.currency_symbol, plan.totals
    cards = st.columns(4)
    help_text = t("app.kpi_help")
    cards[0].metric(
        t("spend"),
        money(totals["spend"], symbol),
        help=help_text,
        **delta(totals["spend"], totals.get("historical_spend"), good=""),
    )
    cards[1].metric(
        t("conversions"),
        format_number(totals["conversions"], language()),
        help=help_text,
        **delta(totals["conversions"], totals.get("historical_conversions")),
    )
    cards[2].metric(
        t("revenue"),
        money(totals["revenue"], symbol),
        help=help_text,
        **delta(totals["revenue"], totals.get("historical_revenue")),
    )
    cards[3].metric(
        t("cpa_roas"),
        f"{money(totals['cpa'], symbol)} / {format_ratio(totals['roas'], language())}",
        help=help_text,
        **delta(totals["cpa"], totals.get("historical_cpa"), good="down"),
    )
    if plan.is_mip:  # whole or on/off decisions: how close to the best possible plan, under the figures
        st.caption(say(status_text(plan)))


def _note(record: Mapping[Hashable, Any]) -> str:
    """Return the limit a channel sits at, in a word (the reason is in the why and the column's help)."""
    at = str(record.get("at_bound") or "")
    return t(f"app.note.{at}") if at in NOTES else at


def allocation_table(plan: Plan) -> pd.DataFrame:
    """Return the allocation as the tab shows it: one row per channel and a total, every cell formatted.

    Columns are headed in the chosen language; which measures appear follows the plan (as the terminal
    table does): conversions and CPA where conversions matter, revenue and ROAS where revenue does.
    """
    scenario, totals = plan.scenario, plan.totals
    symbol, lang = scenario.currency_symbol, language()
    measures = [column.key for column in plan_columns(plan)]

    def number(value: Any) -> str:
        return format_number(value, lang)

    def measure_cell(key: str) -> Callable[[Mapping[Hashable, Any]], str]:
        if key in ("revenue", "profit", "cpa"):
            return lambda r: money(r.get(key), symbol)
        if key == "roas":
            return lambda r: format_ratio(r.get("roas"), lang)
        return lambda r: "" if _missing(r.get(key)) else number(r.get(key))

    shown: list[tuple[str, Callable[[Mapping[Hashable, Any]], str]]] = [
        (t("col_channel"), lambda r: str(r["label"])),
        (t("col_spend"), lambda r: money(r["spend"], symbol)),
        (t("col_share"), lambda r: format_share(r["share"], lang)),
        (t("col_change"), lambda r: signed_money(r["change_vs_history"], symbol, r["historical_spend"])),
    ]
    headers = {
        "units": t("app.col_units"),
        "conversions": t("col_conversions"),
        "revenue": t("col_revenue"),
        "profit": t("app.col_profit"),
        "cpa": t("col_cpa"),
        "roas": t("col_roas"),
    }
    for key in measures:
        shown.append((headers.get(key) or measure_name(scenario, key), measure_cell(key)))
        if key == "cpa":
            shown.append((t("col_marginal_cpa"), lambda r: money(r.get("marginal_cpa"), symbol)))
    shown.append((t("app.col_note"), _note))
    rows = [{header: cell(record) for header, cell in shown} for record in plan.allocation.to_dict("records")]
    total_record: dict[Hashable, Any] = {
        **dict(totals.items()),
        "label": t("app.total"),
        "share": 1.0 if totals["spend"] > 0 else 0.0,
        "change_vs_history": totals["spend"] - totals.get("historical_spend", math.nan),
        "marginal_cpa": math.nan,
        "at_bound": "",
    }
    if plan.allocation["units"].notna().any():
        total_record["units"] = math.nan  # units of different channels do not add up
    total = {header: cell(total_record) for header, cell in shown}
    total[t("col_marginal_cpa")] = ""
    return pd.DataFrame([*rows, total], columns=[header for header, _ in shown])


# Widths in pixels that fit the main area at 1400 px (about 940 px beside the sidebar), widest first
# for the channel; figures are short by the number policy.
ALLOCATION_WIDTHS = {
    "col_channel": 120,
    "col_spend": 95,
    "col_share": 60,
    "col_change": 90,
    "app.col_units": 55,
    "col_conversions": 60,
    "col_revenue": 100,
    "app.col_profit": 95,
    "col_cpa": 95,
    "col_marginal_cpa": 100,
    "col_roas": 50,
    "app.col_note": 75,
}
KPI_WIDTH = 65


def allocation_columns(table: pd.DataFrame) -> dict[str, Any]:
    """Return column settings that fit the allocation at 1400 px: the channel pinned, figures narrow."""
    column = st.column_config.TextColumn
    widths = {t(key): width for key, width in ALLOCATION_WIDTHS.items()}
    config: dict[str, Any] = {header: column(header, width=widths.get(header, KPI_WIDTH)) for header in table.columns}
    config[table.columns[0]] = column(table.columns[0], width=widths[t("col_channel")], pinned=True)
    config[t("col_change")] = column(t("col_change"), width=widths[t("col_change")], help=t("app.allocation_help"))
    config[t("app.col_note")] = column(t("app.col_note"), width=widths[t("app.col_note")], help=t("app.note_help"))
    return config


def show_allocation_table(plan: Plan, key: str = "allocation") -> None:
    """Show the allocation table under its heading."""
    st.subheader(t("allocation"))
    table = allocation_table(plan)
    st.dataframe(table, hide_index=True, key=key, column_config=allocation_columns(table), width="stretch")


def _limit(plan: Plan, kind: str, measure: str, value: float) -> str:
    symbol, lang = plan.scenario.currency_symbol, language()
    if _missing(value):
        return money(None, symbol)
    if kind in ("share", "smoothing"):
        return format_share(value, lang)
    if kind in ("period_budget", "period_limit", "actual"):
        return money(value, symbol)
    if kind in ("ratio", "min_roas"):
        return format_ratio(value, lang)
    if kind in ("budget", "commission_budget", "max_cpa") or (kind == "limit" and measure in MONEY_MEASURES):
        return money(value, symbol)
    return format_number(value, lang)


WORTH_KINDS = (
    *("budget", "commission_budget", "resource", "limit", "share", "ratio", "max_cpa", "min_roas"),
    *("period_budget", "period_limit", "smoothing"),
)
SENSES = {">=": "app.sense.at_least", "<=": "app.sense.at_most", "==": "app.sense.exactly"}


def worth(plan: Plan, record: Mapping[Hashable, Any]) -> str:
    """Return what relaxing a binding rule by one step of its limit is worth, in words.

    The shadow price is the change in the objective per unit *increase* of the limit; relaxing an
    "at least" rule lowers its limit, so its gain is the opposite.
    """
    if not record["binding"]:
        return ""
    kind, measure = str(record["kind"]), str(record["measure"])
    if kind not in WORTH_KINDS:
        return ""
    scale = 0.01 if kind in ("share", "ratio", "min_roas", "smoothing") else 1.0
    direction = -1.0 if str(record["sense"]) == ">=" else 1.0
    if kind in ("period_budget", "period_limit"):
        kind = "period"  # per extra unit of money in the period(s) the rule limits
    return t(
        f"app.worth.{kind}",
        gain=signed_number(direction * float(record["shadow_price"]) * scale),
        objective=measure_name(plan.scenario, plan.objective_measure),
        measure=measure_name(plan.scenario, measure),
        one=money(1, plan.scenario.currency_symbol),
    )


def rules_table(plan: Plan) -> pd.DataFrame:
    """Return the plan's rules as the tab shows them: limit and value formatted, binding and worth in words."""
    rows = []
    for record in plan.rules.to_dict("records"):
        kind, measure = str(record["kind"]), str(record["measure"])
        limit = _limit(plan, kind, measure, record["limit"])
        sense = SENSES.get(str(record["sense"]))
        rows.append(
            {
                t("app.rule.col_rule"): _rule_name(kind, str(record["rule"])),
                t("app.rule.col_kind"): t(f"app.kind.{kind}") if f"app.kind.{kind}" in _KINDS else kind,
                t("app.rule.col_limit"): t(sense, limit=limit) if sense else f"{record['sense']} {limit}",
                t("app.rule.col_value"): _limit(plan, kind, measure, record["value"]),
                t("app.rule.col_binding"): t("app.rule.binding") if record["binding"] else t("app.rule.slack"),
                t("app.rule.col_worth"): worth(plan, record),
            }
        )
    return pd.DataFrame(rows)


RULE_KINDS = (
    "budget",
    "commission_budget",
    "limit",
    "share",
    "ratio",
    "max_cpa",
    "min_roas",
    "max_channels",
    "resource",
)
CALENDAR_KINDS = ("period_budget", "period_limit", "smoothing", "on_air", "actual")
_KINDS = {f"app.kind.{k}" for k in (*RULE_KINDS, *CALENDAR_KINDS)}


def _rule_name(kind: str, rule: str) -> str:
    """Return a rule's name as the plan shows it: the budget, a period's budget ("budget 11.11"), or its own."""
    if kind == "budget":
        return t("app.rule.budget")
    if kind == "commission_budget":
        return t("table.commission_budget_rule")
    if kind == "period_budget":
        return t("calendar.period_budget_rule", period=rule)
    return rule


def show_rules(plan: Plan) -> None:
    """Show every rule with its limit, the plan's value, whether it binds and what relaxing it is worth."""
    if plan.rules.empty:
        return
    st.subheader(t("rules"))
    table = rules_table(plan)
    column = st.column_config.TextColumn
    widths = dict(zip(table.columns, (190, 110, 150, 110, 70, 300), strict=True))
    config = {header: column(header, width=width) for header, width in widths.items()}
    st.dataframe(table, hide_index=True, key="rules_result", column_config=config, width="stretch")


def findings_in_words(plan: Plan) -> list[str]:
    """Return the plan's explanation, one line per finding; a note raised by several channels is said once."""
    lang = language()
    lines: list[str] = []
    grouped: dict[tuple[str, ...], tuple[int, list[str]]] = {}
    for finding in plan.explanation:
        note = finding.message.args.get("note") if isinstance(finding.message, Text) else None
        if finding.kind == "warning" and isinstance(note, Text) and "channel" in note.args:
            same = (note.key, *_reason_keys(note.args.get("reason")))  # the same note for the same reason
            if same in grouped:
                grouped[same][1].append(say(note.args["channel"]))
                continue
            grouped[same] = (len(lines), [])
        lines.append(_in_app_words(finding, lang))
    for index, others in grouped.values():
        if others:
            stop = "" if lines[index].endswith(("。", ".")) else ("。" if lang == "zh" else ".")
            lines[index] += stop + ("" if lang == "zh" else " ") + t("app.same_note", channels=Join(others))
    return lines


def _in_app_words(finding: Any, lang: str) -> str:
    """Return a finding as the app says it: a setting the library names by its key in the file
    (`calendar.credit_beyond_horizon: false`) is named as the Calendar tab labels it."""
    message = finding.message
    if isinstance(message, Text) and message.key.startswith("calendar_output.explain.beyond."):
        counted = message.key.endswith(".counted")
        setting = Text(
            "app.cal.credit_setting",
            setting=Text("app.cal.credit"),
            state=Text(f"app.diff.{'yes' if counted else 'no'}"),
        )
        return render(Text(message.key, **{**message.args, "setting": setting}), lang)
    return str(finding.text(lang))


def _reason_keys(reason: Any) -> tuple[str, ...]:
    """Return the catalogue keys of a reason and the reasons nested in it (what makes two notes the same)."""
    if not isinstance(reason, Text):
        return (str(reason),) if reason else ()
    return (
        reason.key,
        *(key for value in reason.args.values() for key in _reason_keys(value) if isinstance(value, Text)),
    )


def show_why(plan: Plan) -> None:
    """Show the plan in sentences."""
    with st.expander(t("why"), expanded=True):
        st.markdown("\n".join(f"- {line}" for line in findings_in_words(plan)))


def fix_label(fix: Any) -> str:
    """Return what a fix does in the chosen language (a catalogue message, or the English and 中文 texts)."""
    text = getattr(fix, "text", "")
    if hasattr(text, "render"):
        return say(text)
    chinese = getattr(fix, "text_zh", "")
    return str(chinese) if language() == "zh" and chinese else str(text)


def conflict_sentences(error: PlannerError) -> list[str]:
    """Return why there is no plan: the conflict in plain sentences where the error has them, else its problems."""
    summary = getattr(error, "summary", None)
    if summary:
        items = summary if isinstance(summary, (list, tuple)) else [summary]
        return [say(item) for item in items]
    return [say(problem) for problem in error.problems]


def show_conflict(work: WorkingCopy, error: PlannerError, take_fix: Callable[[WorkingCopy, Any], None]) -> None:
    """Show why there is no plan, a button per fix, and the last plan that worked (marked as such)."""
    st.error(t("no_plan"), icon="⚠️")
    st.subheader(t("app.no_plan_summary"))
    sentences = conflict_sentences(error)
    if getattr(error, "summary", None):
        st.markdown("\n\n".join(sentences))
    else:
        st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
    fixes = tuple(getattr(error, "fixes", ()))
    if fixes:
        st.markdown(t("app.fixes"))
        for index, fix in enumerate(fixes):
            st.button(
                t("app.fix_button", fix=fix_label(fix)),
                key=f"fix::{index}",
                on_click=take_fix,
                args=(work, fix),
                type="primary" if index == 0 else "secondary",
            )
    elif getattr(error, "conflicting_rules", None) is not None:
        st.info(t("app.no_fix"))
    last = work.last_plan
    if last is not None:
        st.divider()
        st.warning(t("app.last_plan"), icon=":material/history:")
        show_kpis(last)
        show_allocation_table(last, key="last_allocation")
        st.caption(t("app.last_plan_caption"))
