"""The one policy for showing numbers: CLI, app, exports and reports all format through here.

The policy keeps every figure readable and every small one visible:

- money: whole units from 1,000 up (¥138,725), cents from 1 to 1,000 (¥45.20, but ¥500), three significant digits
  below 1 (¥0.004, ¥0.0123), so a CPA of 0.004 never reads as ¥0.00;
- counts (conversions, units): whole from 100 up, up to one decimal from 10 (80, 45.5), up to two from 1,
  three significant digits below;
- shares and changes: one decimal of a percent (32.0%, 14.2%), two significant digits below 1% (0.042%);
  a change that rounds to zero is "±0%" and has no direction;
- ratios (ROAS): two decimals (3.01), three significant digits below 1.

Numbers never depend on the language (both read ¥1,234,567); words around them do.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

MISSING = {"en": "n/a", "zh": "无"}
UNLIMITED = {"en": "no limit", "zh": "无上限"}
TINY = 1e-6  # below this, a figure is shown in scientific notation rather than as a row of zeros


def _significant(value: float, digits: int) -> str:
    """Return |value| < 1 with `digits` significant digits and no trailing zeros (0.00412, 0.05)."""
    if value == 0:
        return "0"
    if abs(value) < TINY:
        return f"{value:.{digits - 1}e}"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _missing(value: float | None, language: str) -> str | None:
    if value is None or math.isnan(value):
        return MISSING.get(language, MISSING["en"])
    if math.isinf(value):
        return UNLIMITED.get(language, UNLIMITED["en"]) if value > 0 else "-∞"
    return None


def money_decimals(amount: float) -> int:
    """Return how many decimals the policy shows for an amount of money (at least 2 below 1)."""
    size = abs(amount)
    if size >= 1000 or size == 0:
        return 0
    if size >= 1:
        return 2
    return max(2, 2 - math.floor(math.log10(size)))


def format_money(amount: float | None, symbol: str, language: str = "en") -> str:
    """Return an amount with its currency symbol: ¥1,234,567, ¥45.20, ¥0.004, -$5.50."""
    missing = _missing(amount, language)
    if missing is not None:
        return missing
    assert amount is not None
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    if size >= 1000 or size == 0:
        body = f"{size:,.0f}"
    elif size >= 1:
        body = f"{size:,.2f}".removesuffix(".00")
    else:
        body = _significant(size, 3)
        if "e" not in body and len(body.split(".")[-1]) < 2:
            body = f"{size:.2f}"
    return f"{sign}{symbol}{body}"


def format_number(value: float | None, language: str = "en") -> str:
    """Return a count or measure: 30,064, 45.5, 3.25, 0.0123."""
    missing = _missing(value, language)
    if missing is not None:
        return missing
    assert value is not None
    size = abs(value)
    if size >= 100 or size == 0:
        text = f"{value:,.0f}"
    elif size >= 1:
        text = f"{value:,.{1 if size >= 10 else 2}f}".rstrip("0").rstrip(".")
    else:
        text = _significant(value, 3)
    return "0" if text in ("-0", "-0.0", "-0.00") else text


def format_share(fraction: float | None, language: str = "en") -> str:
    """Return a share of a whole as a percent: 32.0%, 14.2%, 0.042%, 0%."""
    missing = _missing(fraction, language)
    if missing is not None:
        return missing
    assert fraction is not None
    percent = fraction * 100
    if percent == 0:
        return "0%"
    if abs(percent) >= 1:
        return f"{percent:,.1f}%"
    return f"{_significant(percent, 2)}%"


def is_no_change(fraction: float) -> bool:
    """Return whether a change rounds to zero under the policy (it then has no direction)."""
    return abs(fraction) < 0.0005


def format_change(fraction: float | None, language: str = "en") -> str:
    """Return a relative change with its sign: +12.3%, -4.0%, ±0%."""
    missing = _missing(fraction, language)
    if missing is not None:
        return missing
    assert fraction is not None
    if is_no_change(fraction):
        return "±0%"
    return f"{fraction * 100:+,.1f}%"


def format_ratio(value: float | None, language: str = "en") -> str:
    """Return a ratio such as ROAS: 3.01, 12.50, 0.412."""
    missing = _missing(value, language)
    if missing is not None:
        return missing
    assert value is not None
    if abs(value) >= 1 or value == 0:
        return f"{value:,.2f}"
    return _significant(value, 3)


def excel_money_format(symbol: str) -> str:
    """Return the Excel number format for money columns (whole units with separators)."""
    return f'"{symbol}"#,##0;-"{symbol}"#,##0'


EXCEL_NUMBER_FORMAT = "#,##0.0"
EXCEL_SHARE_FORMAT = "0.0%"
EXCEL_RATIO_FORMAT = "0.00"
EXCEL_PRECISE_MONEY_FORMAT = "#,##0.00##"  # CPA and similar: cents, more when small


_UNITS = {"k": 1e3, "m": 1e6, "b": 1e9, "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6}
_AMOUNT = re.compile(
    r"^\s*([-+]?)\s*[¥$€£]?\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*(百万|[kmb万亿千])?\s*(?:元)?\s*$", re.I
)


_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]*)?$")  # commas only between groups of three digits


def parse_amount(text: str) -> float | None:
    """Return the amount a person typed (¥1,600,000, 1.6m, 160万, 2亿), or None when it is not one."""
    match = _AMOUNT.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    sign, digits, unit = match.groups()
    if "," in digits and not _GROUPED.match(digits):
        return None  # 1,2 or 12,34,567 is a typo (or a decimal comma), not a thousands separator
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    value = float(number) * (_UNITS[unit.lower()] if unit else 1.0)
    return -value if sign == "-" else value


def display_width(text: str) -> int:
    """Return how many terminal columns text takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
