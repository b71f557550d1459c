"""Numbers and money as people read them: currency symbols, thousands separators, CJK-aware widths."""

from __future__ import annotations

import math
import unicodedata


def format_money(amount: float | None, symbol: str, decimals: int = 0) -> str:
    """Return an amount with its currency symbol and thousands separators, e.g. ¥1,234 or -$5.50."""
    if amount is None or not math.isfinite(amount):
        return "n/a" if amount is None or math.isnan(amount) else "no limit"
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.{decimals}f}"


def format_number(value: float | None, decimals: int = 0) -> str:
    """Return a number with thousands separators, or n/a."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.{decimals}f}"


def display_width(text: str) -> int:
    """Return how many terminal columns text takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
