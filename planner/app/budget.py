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


def _keys(work: WorkingCopy) -> tuple[str, str]:
    """Return the keys of the box and the slider as they are now.

    The keys carry the amount (and a count of typed amounts): when the budget changes, from a widget, a fix,
    a discard or a reload, both widgets are drawn anew with it as their value. Nothing sets their state,
    so a browser that draws a widget again never brings back an older value.
    """
    key = budget_key(work)
    budget = work.scenario.budget
    amount = budget.amount if budget is not None else 0.0
    stamp = f"{amount!r}::{state.get(f'{key}::typed', 0)}"
    return f"{key}::text::{stamp}", f"{key}::slider::{stamp}"


def set_budget(work: WorkingCopy, amount: float) -> None:
    """Make amount the working scenario's budget; both widgets show it from the next run on."""
    work.scenario = work.scenario.with_budget(amount)
    sync_budget_widgets(work)


def sync_budget_widgets(work: WorkingCopy) -> None:
    """Show the working scenario's budget in the widgets (after a typed amount, a fix, discard or reload)."""
    key = budget_key(work)
    state.pop(f"{key}::unreadable", None)
    state[f"{key}::typed"] = int(state.get(f"{key}::typed", 0)) + 1  # "220万" is shown as ¥2,200,000 again


def _typed(work: WorkingCopy, text_key: str) -> None:
    """Read the amount typed in the box; keep the budget and say why when it is not one."""
    if text_key != _keys(work)[0]:
        return  # a box drawn for an amount that has changed since (see _slid)
    text = str(state.get(text_key, ""))
    amount = parse_amount(text)
    if amount is None or not math.isfinite(amount) or amount < 0:
        state[f"{budget_key(work)}::unreadable"] = text
        return
    set_budget(work, amount)


def _slid(work: WorkingCopy, slider_key: str) -> None:
    """Take the slider's amount, unless the slider was drawn for an amount that has changed since.

    A browser a run behind can report the slider of an earlier run in one request with a typed amount (a
    re-run of the page that starts while the typed amount's run is still drawing). The keys carry the amount
    they were drawn for, so only the widgets of the budget as it stands change it, and the first of them to
    change it changes the keys: an old slider position cannot undo the amount just typed, whichever of the
    two callbacks runs first.
    """
    amount, budget = float(state[slider_key]), work.scenario.budget
    if slider_key != _keys(work)[1] or (budget is not None and amount == budget.amount):
        return  # drawn for another amount; or reported where it stands, which leaves a box typed beside it current
    set_budget(work, amount)


def budget_controls(work: WorkingCopy) -> None:
    """Show the budget as a box (¥1,600,000, 160万 and 1.6m all read) and a slider, both editing the working copy."""
    scenario = work.scenario
    if scenario.budget is None:
        return
    symbol, amount = scenario.currency_symbol, scenario.budget.amount
    top = slider_top(work)
    text_key, slider_key = _keys(work)
    left, right = st.columns([1, 2])
    left.text_input(
        t("app.budget_box", currency=scenario.currency),
        value=money(amount, symbol),
        key=text_key,
        on_change=_typed,
        args=(work, text_key),
        help=t("app.budget_help"),
    )
    right.slider(
        t("app.budget_slider"),
        min_value=0.0,
        max_value=top,
        value=min(float(amount), top),
        step=slider_step(top),
        format=slider_format(symbol, top),
        key=slider_key,
        on_change=_slid,
        args=(work, slider_key),
        label_visibility="hidden",
    )
    unreadable = state.get(f"{budget_key(work)}::unreadable")
    if unreadable is not None:
        typed = parse_amount(str(unreadable))
        message = "app.budget_negative" if typed is not None and typed < 0 else "app.budget_unreadable"
        left.error(t(message, text=str(unreadable), budget=money(amount, symbol)))
