"""Carry-over estimated from history, and the carry-in of the history's last weeks, by hand and recovered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import load_scenario, solve
from planner.curves.adstock import bought, carry_in_shares, estimate_decay, landed
from planner.model.i18n import Text, render
from tests.calendar_store import CHANNELS, history_frame, write_store

BUDGET = 13 * sum(c.typical for c in CHANNELS)


def _series(channel: str, seed: int, noise: float, weeks: int = 52) -> tuple[np.ndarray, np.ndarray]:
    frame = history_frame(seed=seed, noise=noise, weeks=weeks, event_weeks=())
    rows = frame[frame["channel"] == channel]
    return rows["spend"].to_numpy(dtype=float), rows["conversions"].to_numpy(dtype=float)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30),
    st.floats(0, 0.95),
)
def test_what_was_bought_is_recovered_from_what_landed(response: list[float], decay: float) -> None:
    # landed spreads a week's response with (1 − r)·r^j; bought undoes it exactly (the first week steady).
    again = bought(landed(np.array(response), decay), decay)
    # Absolute: a millionth of the largest week, and of one unit at least (a week of 5e-324 comes back as 0).
    assert again == pytest.approx(response, rel=1e-6, abs=1e-6 * max(1.0, *response))


def test_a_noise_free_decay_is_found_exactly_and_none_where_there_is_none() -> None:
    spend, conversions = _series("feed", seed=0, noise=0.0)
    found = estimate_decay(spend, conversions, "power")
    assert (found.estimate, found.low, found.high, found.used, found.status) == (0.5, 0.5, 0.5, 0.5, "estimated")
    spend, conversions = _series("search", seed=0, noise=0.0)
    found = estimate_decay(spend, conversions, "power")
    assert (found.estimate, found.used, found.status) == (0.0, 0.0, "not_shown")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_decay_is_recovered_from_noisy_weeks(seed: int) -> None:
    # 5% noise a week over 52 weeks: feed's 0.5 within one grid step (0.05) of the estimate, inside its 95%
    # interval, and used (the interval excludes 0). Search and live have none: none is used. Over seeds
    # 0–19 the feed estimate was never more than 0.1 off and search showed a spurious decay in 1 of 20
    # (the likelihood-ratio test at 5% would in 1 of 20).
    spend, conversions = _series("feed", seed=seed, noise=0.05)
    found = estimate_decay(spend, conversions, "power")
    assert found.estimate == pytest.approx(0.5, abs=0.1)
    assert found.low <= 0.5 <= found.high
    assert found.used == found.estimate
    for channel in ("search", "live"):
        spend, conversions = _series(channel, seed=seed, noise=0.05)
        assert estimate_decay(spend, conversions, "power").used == 0.0


def test_too_few_weeks_estimate_no_carryover_and_say_so(tmp_path: Path) -> None:
    spend, conversions = _series("feed", seed=0, noise=0.05, weeks=10)
    found = estimate_decay(spend, conversions, "power")
    assert (found.status, found.used) == ("no_data", 0.0)


def test_the_estimated_decay_spreads_the_plan_and_is_reported(tmp_path: Path) -> None:
    plan = solve(load_scenario(write_store(tmp_path, BUDGET, seed=0, noise=0.05)))
    assert plan.periods is not None
    beyond = plan.periods.groupby("channel")["beyond_conversions"].sum()
    assert beyond["feed"] > 0
    assert beyond["search"] == 0
    assert beyond["live"] == 0
    notes = {
        w.args["channel"]: w for w in plan.warnings if isinstance(w, Text) and w.key.startswith("estimates.carryover.")
    }
    assert render(notes["feed"], "en").startswith("feed: carry-over estimated at 50.0% a week (95% interval")
    assert "延续效应估计为每周 50.0%" in render(notes["feed"], "zh")
    assert render(notes["search"], "en").startswith("search: the history does not show carry-over")


def _write_history(folder: Path, rows: list[tuple[str, float, float]]) -> None:
    frame = pd.DataFrame(rows, columns=["date", "spend", "conversions"]).assign(channel="a")
    frame["revenue"] = frame["conversions"] * 50
    frame[["date", "channel", "spend", "conversions", "revenue"]].to_csv(folder / "history.csv", index=False)


def _carry_in_scenario(folder: Path, calendar: str, carryover: float = 0.5) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(
        f"""name: carry-in by hand
currency: CNY
budget: 500
history: {{path: history.csv}}
calendar: {calendar}
channels:
  - {{id: a, cost_per_conversion: 10, revenue_per_conversion: 50, carryover: {carryover}}}
""",
        encoding="utf-8",
    )
    return path


def test_carry_in_by_hand_over_weeks(tmp_path: Path) -> None:
    # a costs ¥10 a conversion: the history's ¥1,000 (week of 09-21) and ¥2,000 (week of 09-28) bought 100
    # and 200 conversions. With r = 0.5 a week bought D weeks before the plan lands r^(a+D) − r^(b+D) in
    # plan weeks [a, b): week 0 gets 200 × (0.5 − 0.25) + 100 × (0.25 − 0.125) = 50 + 12.5 = 62.5, week 1
    # 200 × (0.25 − 0.125) + 100 × (0.125 − 0.0625) = 25 + 6.25 = 31.25; revenue × ¥50.
    _write_history(tmp_path, [("2026-09-21", 1000, 100), ("2026-09-28", 2000, 200)])
    plan = solve(load_scenario(_carry_in_scenario(tmp_path, "{start: 2026-10-05, weeks: 2}")))
    assert plan.periods is not None
    assert plan.periods["carried_in_conversions"].tolist() == pytest.approx([62.5, 31.25])
    assert plan.periods["carried_in_revenue"].tolist() == pytest.approx([3125.0, 1562.5])
    assert plan.totals["carried_in_conversions"] == pytest.approx(93.75)
    assert plan.totals["carried_in_revenue"] == pytest.approx(4687.5)
    # A constant: not in what the plan's spend buys, nor in the objective. ¥500 at 0.1 a yuan, counted
    # 1 − 0.25 in week 0 (a quarter lands after the horizon), 1 − 0.5 in week 1: all in week 0, 37.5.
    assert plan.objective_value == pytest.approx(37.5)
    assert plan.totals["conversions"] == pytest.approx(37.5)
    assert plan.warnings == ()  # reported in the periods table and the totals, not as a warning
    periods = plan.to_dict()["periods"]
    assert [p["carried_in_conversions"] for p in periods] == pytest.approx([62.5, 31.25])


def test_carry_in_by_hand_over_days(tmp_path: Path) -> None:
    # Periods of one day: the daily decay d = 0.5^(1/7), each history week bought evenly over its 7 days.
    # A day bought k days before the plan lands d^k − d^(k+1) on its first day; over the week of 09-28
    # (k = 1..7) that sums to d·(1 − d^7) = d / 2, over the week of 09-21 (k = 8..14) to d^8 / 2.
    # First day: (200 × d / 2 + 100 × d^8 / 2) / 7; the second day the same × d.
    _write_history(tmp_path, [("2026-09-21", 1000, 100), ("2026-09-28", 2000, 200)])
    plan = solve(load_scenario(_carry_in_scenario(tmp_path, "{start: 2026-10-05, days: 2}")))
    d = 0.5 ** (1 / 7)
    first = (200 * d / 2 + 100 * d**8 / 2) / 7
    assert plan.periods is not None
    assert plan.periods["carried_in_conversions"].tolist() == pytest.approx([first, first * d])


def test_weeks_after_the_plan_starts_carry_nothing_in_and_no_carryover_none(tmp_path: Path) -> None:
    # The week of 10-05 is the plan's own first week: only the week of 09-28 is history before the plan.
    _write_history(tmp_path, [("2026-09-28", 2000, 200), ("2026-10-05", 5000, 500)])
    plan = solve(load_scenario(_carry_in_scenario(tmp_path, "{start: 2026-10-05, weeks: 1}")))
    assert plan.periods is not None
    assert plan.periods["carried_in_conversions"].tolist() == pytest.approx([200 * (0.5 - 0.25)])
    without = solve(load_scenario(_carry_in_scenario(tmp_path, "{start: 2026-10-05, weeks: 1}", carryover=0)))
    assert without.periods is not None
    assert without.periods["carried_in_conversions"].tolist() == [0.0]


def test_carry_in_shares_are_the_landing_kernel() -> None:
    # Weekly: a week bought D weeks before lands r^(a + D) − r^(b + D) in [a, b).
    shares = carry_in_shares((7, 14), (7, 14), 0.5)
    assert shares.ravel().tolist() == pytest.approx([0.25, 0.25 - 0.0625, 0.125, 0.125 - 0.03125])
    assert carry_in_shares((7,), (7,), 0.0).tolist() == [[0.0]]
