"""Live-session yields from history: the sessions column read and checked, and (g₁, d) fitted from weekly GMV.

A week's GMV after n sessions is G(n) = g₁ · (1 − dⁿ) / (1 − d): the k-th session sells g₁ · d^(k−1).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from planner import HistoryError, load_history, load_scenario, read_history, summarise_history
from planner.curves.sessions import (
    MIN_WEEKS,
    SessionFit,
    cumulative_yield,
    describe_session_fit,
    fit_session_yields,
)
from planner.data.imports import import_exports
from planner.data.imports.merging import merge_histories
from planner.data.io import history_csv_text, write_history_csv
from planner.model.channels import Channel
from planner.model.i18n import render

MONDAY = date(2026, 3, 2)


def weekly_gmv(first: float, decay: float, sessions: np.ndarray) -> np.ndarray:
    """Return G(n) summed session by session (not by the closed form the fit uses)."""
    return np.array([sum(first * decay**k for k in range(int(n))) for n in sessions])


def session_weeks(weeks: int, seed: int = 7, most: int = 7) -> np.ndarray:
    """Return a plausible run of weekly session counts, 1 to `most`."""
    return np.random.default_rng(seed).integers(1, most + 1, size=weeks).astype(float)


def channel(name: str) -> Channel:
    return Channel.model_validate({"id": "live", "label": name})


# The fit on generated weeks


@pytest.mark.parametrize(
    ("first", "decay"),
    [(120_000.0, 0.85), (8_000.0, 0.5), (45_000.0, 0.9731), (3_000.0, 0.2345), (60_000.0, 0.999)],
)
def test_noiseless_weeks_give_back_the_first_session_and_the_decay(first: float, decay: float) -> None:
    sessions = session_weeks(26)
    fit = fit_session_yields(sessions, weekly_gmv(first, decay, sessions))
    assert fit.decay == pytest.approx(decay, abs=1e-6)  # off the 0.001 grid too: the refinement finds it
    assert fit.first == pytest.approx(first, rel=1e-6)
    assert fit.weeks == 26
    assert fit.reason == ""
    assert fit.low[0] <= fit.first <= fit.high[0]
    assert fit.low[1] <= fit.decay <= fit.high[1]


def test_noisy_weeks_give_an_interval_that_holds_the_truth() -> None:
    """52 weeks, 1–7 sessions, 8% noise on each week's GMV: close to (90,000, 0.8), the truth inside the 90%."""
    sessions = session_weeks(52, seed=3)
    noise = 1 + np.random.default_rng(11).normal(0, 0.08, size=52)
    revenue = weekly_gmv(90_000.0, 0.8, sessions) * noise
    fit = fit_session_yields(sessions, revenue)
    assert fit.decay == pytest.approx(0.8, abs=0.05)
    assert fit.first == pytest.approx(90_000.0, rel=0.08)
    assert fit.low[0] < 90_000.0 < fit.high[0]
    assert fit.low[1] < 0.8 < fit.high[1]
    assert fit.low[0] < fit.first < fit.high[0]
    assert fit.low[1] < fit.decay < fit.high[1]
    assert fit.high[1] - fit.low[1] < 0.2  # an interval that says something
    assert fit_session_yields(sessions, revenue) == fit  # seeded: the same weeks, the same fit and interval


def test_the_fit_is_least_squares() -> None:
    """No decay on a fine grid, with its best g₁, explains the weeks better than the fit."""
    sessions = session_weeks(30, seed=5)
    revenue = weekly_gmv(20_000.0, 0.7, sessions) * (1 + np.random.default_rng(2).normal(0, 0.1, size=30))
    fit = fit_session_yields(sessions, revenue)
    error = float(((revenue - fit.weekly_revenue(sessions)) ** 2).sum())
    for decay in np.linspace(0.0005, 1.0, 4001):
        shape = cumulative_yield(sessions, np.asarray(decay))
        first = float((shape * revenue).sum() / (shape**2).sum())
        assert error <= float(((revenue - first * shape) ** 2).sum()) * (1 + 1e-12)


def test_constant_yields_give_a_decay_of_one() -> None:
    sessions = session_weeks(20)
    fit = fit_session_yields(sessions, 9_000.0 * sessions)
    assert fit.decay == 1.0
    assert fit.first == pytest.approx(9_000.0)
    assert fit.reason == ""
    assert fit.session_revenue(3) == pytest.approx((9_000.0, 9_000.0, 9_000.0))


def test_rising_yields_are_held_at_a_decay_of_one() -> None:
    """Each session selling more than the one before is outside 0 < d ≤ 1: the fit stops at d = 1."""
    sessions = session_weeks(20)
    fit = fit_session_yields(sessions, weekly_gmv(5_000.0, 1.2, sessions))
    assert fit.decay == 1.0


def test_weeks_without_sessions_or_not_recorded_are_left_out() -> None:
    sessions = session_weeks(12)
    revenue = weekly_gmv(30_000.0, 0.75, sessions)
    fit = fit_session_yields(sessions, revenue)
    padded = fit_session_yields(np.r_[sessions, 0.0, np.nan, 0.0], np.r_[revenue, 4_000.0, 99_000.0, 0.0])
    assert padded == fit
    assert padded.weeks == 12


def test_too_few_weeks_keep_every_session_alike_and_say_why() -> None:
    sessions = np.array([2.0, 0.0, 5.0, np.nan, 3.0])
    revenue = np.array([20_000.0, 1_000.0, 50_000.0, 7_000.0, 30_000.0])
    fit = fit_session_yields(sessions, revenue)
    assert fit.decay == 1.0
    assert fit.weeks == 3 < MIN_WEEKS
    assert fit.first == pytest.approx(10_000.0)  # least squares at d = 1: Σ n·y / Σ n²
    assert render(fit.reason, "en") == (
        "only 3 weeks of the history record live sessions, and telling how much less each further session "
        "sells needs at least 4"
    )
    assert render(fit.reason, "zh") == "历史数据只有 3 周记录了直播场次，至少需要 4 周才能看出每多一场销售额下降多少"
    assert render(describe_session_fit(fit, "¥"), "en").endswith(
        "so every live session is taken to sell the same: ¥10,000 each (from 3 weeks)"
    )


def test_one_session_count_cannot_tell_the_decay() -> None:
    sessions = np.full(10, 3.0)
    revenue = 3 * 12_000.0 * (1 + np.random.default_rng(4).normal(0, 0.05, size=10))
    fit = fit_session_yields(sessions, revenue)
    assert fit.decay == 1.0
    assert fit.first == pytest.approx(revenue.mean() / 3)
    assert fit.low[0] < fit.first < fit.high[0]  # how much a session sells is still known, within limits
    assert render(fit.reason, "en") == (
        "every week with live sessions ran 3 of them, so how much less each further session sells cannot be told"
    )
    assert "3 场" in render(fit.reason, "zh")


def test_no_sessions_at_all_is_said() -> None:
    fit = fit_session_yields(np.zeros(8), np.full(8, 1_000.0))
    assert (fit.first, fit.decay, fit.weeks) == (0.0, 1.0, 0)
    assert render(describe_session_fit(fit, "¥"), "zh") == "历史数据中没有任何一周记录了直播场次"


def test_the_fit_in_words_gives_both_intervals() -> None:
    sessions = session_weeks(26)
    fit = fit_session_yields(sessions, weekly_gmv(120_000.0, 0.85, sessions))
    assert render(describe_session_fit(fit, "¥"), "en") == (
        "live sessions fitted from 26 weeks of history: the first session of a week sells ¥120,000 "
        "(¥120,000–¥120,000), each further one 85.0% of the one before (85.0%–85.0%; 90% intervals)"
    )
    assert "之后每场为前一场的 85.0%" in render(describe_session_fit(fit, "¥"), "zh")


def test_cumulative_yield_is_exact_near_one() -> None:
    assert cumulative_yield(np.array([5.0]), np.array(1.0 - 1e-12))[0] == pytest.approx(5.0, rel=1e-9)
    assert cumulative_yield(np.array([3.0]), np.array(0.5))[0] == pytest.approx(1.75)
    fit = SessionFit(100.0, 0.5, 4, (90.0, 0.4), (110.0, 0.6))
    assert fit.session_revenue(3) == (100.0, 50.0, 25.0)
    assert fit.weekly_revenue(3) == pytest.approx(175.0)


# The sessions column of the history CSV

HEADER = "date,channel,spend,conversions,revenue,sessions\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_weekly_sessions_follow_the_weeks_of_the_spend_series(tmp_path: Path) -> None:
    """Daily rows summed per week; a blank cell is 'not recorded'; a week without rows has 0 sessions."""
    path = write(
        tmp_path,
        "2026-03-02,淘宝直播,800,10,30000,1\n"
        "2026-03-04,淘宝直播,800,8,25000,1\n"  # same week: 2 sessions, 55,000
        "2026-03-02,直通车,500,20,4000,\n"
        "2026-03-09,直通车,500,20,4000,\n"  # 淘宝直播 has no row this week
        "2026-03-16,淘宝直播,900,9,28000,\n"  # a row, sessions not recorded
        "2026-03-23,淘宝直播,2400,30,70000,3\n",
    )
    history = summarise_history(read_history(path))
    live = channel("淘宝直播")
    spend, _ = history.weekly_series(live) or (None, None)
    found = history.weekly_sessions(live)
    assert found is not None
    sessions, revenue = found
    assert spend is not None
    assert len(sessions) == len(spend) == 4
    np.testing.assert_array_equal(sessions, [2.0, 0.0, np.nan, 3.0])
    np.testing.assert_array_equal(revenue, [55_000.0, 0.0, 28_000.0, 70_000.0])
    assert history.weekly_sessions(channel("直通车")) is None  # every cell blank: no sessions for it
    assert history.weekly_sessions(channel("nowhere")) is None


def test_a_users_history_with_sessions_gives_back_the_yields(tmp_path: Path) -> None:
    """A scenario's history.csv with a sessions column, through load_history to the fit."""
    sessions = session_weeks(20, seed=9)
    revenue = weekly_gmv(100_000.0, 0.82, sessions)
    rows = "".join(
        f"{MONDAY + timedelta(weeks=week)},淘宝直播,{8_000 * n:.2f},{n * 50:.0f},{gmv:.2f},{n:.0f}\n"
        for week, (n, gmv) in enumerate(zip(sessions, revenue, strict=True))
    )
    write(tmp_path, rows)
    (tmp_path / "live.yaml").write_text(
        "name: live\nbudget: 500000\nhistory:\n  path: history.csv\nchannels:\n  - id: live\n    label: 淘宝直播\n",
        encoding="utf-8",
    )
    scenario = load_scenario(tmp_path / "live.yaml")
    history = load_history(scenario)
    assert history is not None
    found = history.weekly_sessions(scenario.channels[0])
    assert found is not None
    fit = fit_session_yields(*found)
    assert fit.decay == pytest.approx(0.82, abs=1e-4)  # revenue written to the cent
    assert fit.first == pytest.approx(100_000.0, rel=1e-4)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("-1", "-1 is negative"),
        ("2.5", "2.5 is not a whole number; live sessions are counted whole"),
        ("inf", "'inf' is infinite"),
    ],
)
def test_a_bad_session_count_is_a_located_error(tmp_path: Path, cell: str, message: str) -> None:
    path = write(tmp_path, f"2026-03-02,淘宝直播,800,10,30000,2\n2026-03-09,淘宝直播,800,10,30000,{cell}\n")
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    [problem] = caught.value.problems
    assert message in problem.message
    assert (problem.file, problem.line, problem.field) == (str(path), 3, "sessions")


def test_a_bad_session_count_is_said_in_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-03-02,淘宝直播,800,10,30000,1.5\n")
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    assert "1.5 不是整数；直播场次按整场计" in render(caught.value.problems[0].text, "zh")


def test_a_history_without_sessions_is_read_as_before(tmp_path: Path) -> None:
    body = "2026-03-02,直通车,500,20,4000\n2026-03-09,直通车,600,22,4500\n2026-03-16,万相台,300,5,2000\n"
    plain = read_history(write(tmp_path, body, "date,channel,spend,conversions,revenue\n"))
    assert "sessions" not in plain.columns
    history = summarise_history(plain)
    assert history.sessions == {}
    assert history.weekly_sessions(channel("直通车")) is None
    with_column = summarise_history(
        read_history(write(tmp_path, body.replace("\n", ",3\n"), "date,channel,spend,conversions,revenue,sessions\n"))
    )
    assert with_column.statistics.equals(history.statistics)
    assert with_column.weekly.equals(history.weekly)
    assert with_column.weekly_series(channel("直通车")) is not None
    for name, (spend, conversions) in history.series.items():
        np.testing.assert_array_equal(with_column.series[name][0], spend)
        np.testing.assert_array_equal(with_column.series[name][1], conversions)


# Platform exports with a session count (直播场次), GBK as Chinese Windows writes them


def export(folder: Path, name: str, header: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_bytes((header + "\n" + "\n".join(rows) + "\n").encode("gbk"))
    return path


def daily(days: int, line: str) -> list[str]:
    return [line.format(day=MONDAY + timedelta(days=k), sessions=1 if k % 2 == 0 else 0) for k in range(days)]


def test_a_gbk_live_export_with_a_session_column_becomes_the_history_column(tmp_path: Path) -> None:
    live = export(
        tmp_path,
        "淘宝直播_2026-03.csv",
        "日期,花费,成交笔数,成交金额,直播场次",
        daily(14, "{day},1000,3,5000,{sessions}"),
    )
    ztc = export(tmp_path, "直通车_2026-03.csv", "日期,花费,总成交笔数,总成交金额", daily(14, "{day},200,2,800"))
    result = import_exports([live, ztc])
    assert not result.problems
    assert result.mapping.files[0].columns["sessions"] == "直播场次"
    text = history_csv_text(result.history)
    assert text.splitlines() == [
        "date,channel,spend,conversions,revenue,sessions",
        "2026-03-02,淘宝直播,7000.00,21,35000.00,4",  # days 0, 2, 4, 6 of the week had a session
        "2026-03-02,直通车,1400.00,14,5600.00,",  # its export has no session column: left empty, not 0
        "2026-03-09,淘宝直播,7000.00,21,35000.00,3",
        "2026-03-09,直通车,1400.00,14,5600.00,",
    ]
    write_history_csv(result.history, tmp_path / "history.csv")
    history = summarise_history(read_history(tmp_path / "history.csv"))
    found = history.weekly_sessions(channel("淘宝直播"))
    assert found is not None
    np.testing.assert_array_equal(found[0], [4.0, 3.0])
    assert history.weekly_sessions(channel("直通车")) is None


def test_an_export_without_sessions_writes_the_history_as_before(tmp_path: Path) -> None:
    ztc = export(tmp_path, "直通车_2026-03.csv", "日期,花费,总成交笔数,总成交金额", daily(7, "{day},200,2,800"))
    assert history_csv_text(import_exports([ztc]).history) == (
        "date,channel,spend,conversions,revenue\n2026-03-02,直通车,1400.00,14,5600.00\n"
    )


def test_a_half_session_in_an_export_is_a_grouped_located_problem(tmp_path: Path) -> None:
    rows = daily(7, "{day},1000,3,5000,{sessions}")
    rows[2] = rows[2].rsplit(",", 1)[0] + ",1.5"
    live = export(tmp_path, "淘宝直播_2026-03.csv", "日期,花费,成交笔数,成交金额,场次", rows)
    result = import_exports([live])
    [problem] = result.problems
    assert (problem.line, problem.field) == (4, "场次")
    assert render(problem.text, "en") == (
        "1 session counts are not whole numbers (lines 4); live sessions are counted whole"
    )
    assert result.failed


def test_merging_an_import_keeps_the_sessions_of_the_existing_history(tmp_path: Path) -> None:
    existing = read_history(write(tmp_path, "2026-02-23,淘宝直播,800,10,30000,2\n2026-02-23,直通车,500,20,4000,\n"))
    ztc = export(tmp_path, "直通车_2026-03.csv", "日期,花费,总成交笔数,总成交金额", daily(7, "{day},200,2,800"))
    merged = merge_histories(existing, import_exports([ztc]).history)
    assert history_csv_text(merged).splitlines() == [
        "date,channel,spend,conversions,revenue,sessions",
        "2026-02-23,淘宝直播,800.00,10,30000.00,2",
        "2026-02-23,直通车,500.00,20,4000.00,",
        "2026-03-02,直通车,1400.00,14,5600.00,",
    ]
