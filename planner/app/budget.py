"""The budget on the plan tab: a box that reads amounts as people write them, and a slider, kept in step."""

from __future__ import annotations

import math

import streamlit as st

from planner.app.state import WorkingCopy, money, state, t
from planner.model.formatting import money_decimals, parse_amount


def budget_key(work: WorkingCopy) -> str:
    """Return the key prefix of a file's budget widgets."""
    return f"budget::{work.path}"


def slider_top(work: WorkingCopy) -> float:
    """Return the slider's upper end: three times the file's budget, or the budget itself if higher."""
    budget = work.scenario.budget
    assert budget is not None
    original = work.original.budget.amount if work.original.budget else budget.amount
    return float(max(original * 3, budget.amount, 1.0))


def slider_step(top: float) -> float:
    """Return a round step giving about 200 positions between 0 and top (1, 2 or 5 times a power of ten)."""
    raw = top / 200
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def slider_format(symbol: str, top: float) -> str:
    """Return the slider's label format: whole amounts with separators (¥2,200,000), cents when small."""
    symbol = symbol.replace("%", "%%")
    return f"{symbol}%,d" if money_decimals(top) == 0 else f"{symbol}%.2f"


def set_budget(work: WorkingCopy, amount: float) -> None:
    """Make amount the working scenario's budget and show it in both widgets."""
    work.scenario = work.scenario.with_budget(amount)
    sync_budget_widgets(work)


def sync_budget_widgets(work: WorkingCopy) -> None:
    """Set the budget widgets to the working scenario's budget (after a typed amount, a fix, discard or reload)."""
    key = budget_key(work)
    budget = work.scenario.budget
    state.pop(f"{key}::unreadable", None)
    if budget is None:
        return
    state[f"{key}::text"] = money(budget.amount, work.scenario.currency_symbol)
    state[f"{key}::slider"] = min(float(budget.amount), slider_top(work))


def _typed(work: WorkingCopy) -> None:
    """Read the amount typed in the box; keep the budget and say why when it is not one."""
    key = budget_key(work)
    text = str(state.get(f"{key}::text", ""))
    amount = parse_amount(text)
    if amount is None or not math.isfinite(amount) or amount < 0:
        state[f"{key}::unreadable"] = text
        return
    set_budget(work, amount)


def _slid(work: WorkingCopy) -> None:
    set_budget(work, float(state[f"{budget_key(work)}::slider"]))


def budget_controls(work: WorkingCopy) -> None:
    """Show the budget as a box (¥1,600,000, 160万 and 1.6m all read) and a slider, both editing the working copy."""
    scenario = work.scenario
    if scenario.budget is None:
        return
    key = budget_key(work)
    symbol = scenario.currency_symbol
    top = slider_top(work)
    if f"{key}::text" not in state or f"{key}::slider" not in state:
        sync_budget_widgets(work)
    left, right = st.columns([1, 2])
    left.text_input(
        t("app.budget_box", currency=scenario.currency),
        key=f"{key}::text",
        on_change=_typed,
        args=(work,),
        help=t("app.budget_help"),
    )
    right.slider(
        t("app.budget_slider"),
        min_value=0.0,
        max_value=top,
        step=slider_step(top),
        format=slider_format(symbol, top),
        key=f"{key}::slider",
        on_change=_slid,
        args=(work,),
        label_visibility="hidden",
    )
    unreadable = state.get(f"{key}::unreadable")
    if unreadable is not None:
        shown = money(scenario.budget.amount, symbol)
        amount = parse_amount(str(unreadable))
        message = "app.budget_negative" if amount is not None and amount < 0 else "app.budget_unreadable"
        left.error(t(message, text=str(unreadable), budget=shown))
