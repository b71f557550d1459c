"""The one number policy: small values stay visible, huge ones stay exact, both languages alike."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.model.formatting import (
    format_change,
    format_money,
    format_number,
    format_ratio,
    format_share,
    parse_amount,
)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0.0, "¥0"),
        (0.004, "¥0.004"),
        (0.01, "¥0.01"),
        (0.0123456, "¥0.0123"),
        (0.5, "¥0.50"),
        (1, "¥1"),
        (3.006, "¥3.01"),
        (45.2, "¥45.20"),
        (999.994, "¥999.99"),
        (1000, "¥1,000"),
        (138_725.4, "¥138,725"),
        (1_600_000, "¥1,600,000"),
        (1e12, "¥1,000,000,000,000"),
        (-5.5, "-¥5.50"),
        (3e-9, "¥3.00e-09"),
    ],
)
def test_money(amount: float, shown: str) -> None:
    assert format_money(amount, "¥") == shown
    assert format_money(amount, "¥", "zh") == shown  # numbers do not depend on the language


def test_missing_and_unlimited_money_say_so_in_each_language() -> None:
    assert format_money(math.nan, "¥") == "n/a"
    assert format_money(math.nan, "¥", "zh") == "无"
    assert format_money(math.inf, "$") == "no limit"
    assert format_money(math.inf, "$", "zh") == "无上限"
    assert format_money(None, "$") == "n/a"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (0.00412, "0.00412"),
        (3.25, "3.25"),
        (80.0, "80"),
        (45.55, "45.5"),
        (30_064.1, "30,064"),
        (1e12, "1,000,000,000,000"),
    ],
)
def test_counts(value: float, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize(
    ("fraction", "shown"), [(0.32, "32.0%"), (0.1422, "14.2%"), (0.00042, "0.042%"), (0, "0%"), (1.0, "100.0%")]
)
def test_shares_have_one_style(fraction: float, shown: str) -> None:
    assert format_share(fraction) == shown


def test_a_change_that_rounds_to_zero_has_no_direction() -> None:
    assert format_change(0.0001) == "±0%"
    assert format_change(-0.0001) == "±0%"
    assert format_change(0.123) == "+12.3%"
    assert format_change(-0.04) == "-4.0%"


def test_ratios() -> None:
    assert format_ratio(3.006) == "3.01"
    assert format_ratio(0.4123) == "0.412"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1600000", 1_600_000),
        ("¥1,600,000", 1_600_000),
        ("1.6m", 1_600_000),
        ("160万", 1_600_000),
        ("2亿", 2e8),
        ("￥ 3,000 元", 3000),
        ("$12.50", 12.5),
        ("1，000", 1000),
        ("12k", 12_000),
    ],
)
def test_amounts_are_read_as_people_type_them(typed: str, amount: float) -> None:
    assert parse_amount(typed) == pytest.approx(amount)


@pytest.mark.parametrize("typed", ["", "abc", "1.2.3", "¥", "万", "12 34", "1,2", "12,34,567", "1,2345"])
def test_what_is_not_an_amount_is_refused(typed: str) -> None:
    assert parse_amount(typed) is None


@given(st.floats(min_value=0.01, max_value=1e12))
def test_a_shown_amount_is_never_zero_and_is_close(amount: float) -> None:
    shown = format_money(amount, "¥")
    assert shown != "¥0"
    read = parse_amount(shown)
    assert read is not None
    assert read == pytest.approx(amount, rel=0.006, abs=0.005)
