"""History CSV → per-channel statistics, and a clear error for every kind of bad table."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import HistoryError, read_history, solve, summarise_history
from tests.conftest import scenario

HEADER = "date,channel,spend,conversions,revenue,clicks\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_statistics_are_hand_checked(tmp_path: Path) -> None:
    """直通车: spend 300 over 3 weeks, 10 conversions, revenue 1,500, 200 clicks → CPA 30, ROAS 5, AOV 150, CVR 5%."""
    path = write(
        tmp_path,
        "2026-01-05,直通车,100,4,600,80\n2026-01-12,直通车,100,3,450,60\n2026-01-19,直通车,100,3,450,60\n"
        "2026-01-05,淘宝客,50,5,500,10\n",
    )
    history = summarise_history(read_history(path))
    row = history.statistics.loc["直通车"]
    assert history.weeks == pytest.approx(3)
    assert (row["spend"], row["conversions"], row["revenue"]) == (300, 10, 1500)
    assert row["cpa"] == pytest.approx(30)
    assert row["roas"] == pytest.approx(5)
    assert row["aov"] == pytest.approx(150)
    assert row["cvr"] == pytest.approx(0.05)
    assert row["weekly_spend"] == pytest.approx(100)
    assert history.statistics.loc["淘宝客", "weekly_spend"] == pytest.approx(50 / 3)


def test_window_selects_dates_and_empty_window_is_an_error(tmp_path: Path) -> None:
    from datetime import date

    path = write(tmp_path, "2026-01-05,A,100,4,600,80\n2026-01-12,A,200,3,450,60\n")
    history = summarise_history(read_history(path), start=date(2026, 1, 10))
    assert history.statistics.loc["A", "spend"] == 200
    with pytest.raises(HistoryError, match="no rows between 2027-01-01 and the end; the history covers 2026-01-05"):
        summarise_history(read_history(path), start=date(2027, 1, 1))


@pytest.mark.parametrize(
    ("body", "header", "message", "line"),
    [
        ("2026-01-05,A,100,4\n", "date,channel,spend,conversions\n", "missing column(s) revenue", 1),
        ("2026-01-05,A,abc,4,600,1\n", HEADER, "'abc' is not a number", 2),
        ("2026-01-05,A,100,4,600,1\n2026-01-12,A,-5,4,600,1\n", HEADER, "-5 is negative", 3),
        ("05/01/2026x,A,100,4,600,1\n", HEADER, "'05/01/2026x' is not a date", 2),
        (
            "2026-01-05,A,100,4,600,1\n2026-01-05,A,100,4,600,1\n",
            HEADER,
            "A on 2026-01-05 appears more than once (lines 2, 3)",
            2,
        ),
        ("2026-01-05,,100,4,600,1\n", HEADER, "empty channel name", 2),
    ],
)
def test_bad_history_rows_are_reported_with_line(
    tmp_path: Path, body: str, header: str, message: str, line: int
) -> None:
    path = write(tmp_path, body, header)
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    problem = next(p for p in caught.value.problems if message in p.message)
    assert problem.line == line
    assert problem.file == str(path)


def test_thousands_separators_and_bom_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text('\ufeffDate,Channel,Spend,Conversions,Revenue\n2026-01-05,A,"1,200.50",4,600\n', encoding="utf-8")
    frame = read_history(path)
    assert frame["spend"].iloc[0] == pytest.approx(1200.5)


def test_unknown_history_channels_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-01-05,A,100,10,600,1\n2026-01-05,Radio,999,1,1,1\n")
    plan = solve(scenario([{"id": "a", "label": "A"}], budget=100, history={"path": str(path)}))
    assert any("'Radio' (1 rows, spend 999) matches no scenario channel" in str(w) for w in plan.warnings)


def test_zero_conversion_channel_needs_a_given_cost(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-01-05,A,100,10,600,1\n2026-01-05,B,500,0,0,1\n")
    with pytest.raises(HistoryError, match=r"spent ¥500 between 2026-01-05 and 2026-01-05 but recorded no conversions"):
        solve(scenario([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], budget=100, history={"path": str(path)}))
    plan = solve(
        scenario(
            [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "cost_per_conversion": 5}],
            budget=100,
            history={"path": str(path)},
        )
    )
    assert plan.allocation.set_index("channel").loc["b", "spend"] == pytest.approx(100)


def test_channel_missing_from_history_window_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-01-05,A,100,10,600,1\n")
    with pytest.raises(HistoryError, match=r"channels -> 1 \(b\) -> cost_per_conversion: has no rows in the history"):
        solve(scenario([{"id": "a", "label": "A"}, {"id": "b"}], budget=100, history={"path": str(path)}))
    # What was looked for, and what the history has (its other channels too): a label spelt two ways is the usual cause.
    two = write(tmp_path, "2026-01-05,A,100,10,600,1\n2026-01-05,直播,100,10,600,1\n")
    channels = [{"id": "a", "label": "A"}, {"id": "live", "label": "直播x"}]
    looked = r"\(looked for 直播x, live; the history has A, 直播\); give cost_per_conversion"
    with pytest.raises(HistoryError, match=looked):
        solve(scenario(channels, budget=100, history={"path": str(two)}))


def test_history_from_a_dataframe_in_code(tmp_path: Path) -> None:
    path = write(tmp_path, "2026-01-05,A,100,10,600,1\n2026-01-05,B,100,5,600,1\n")
    frame = read_history(path)
    plan = solve(scenario([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], budget=100), history=frame)
    assert plan.allocation.set_index("channel").loc["a", "spend"] == pytest.approx(100)
    assert plan.objective_value == pytest.approx(10)


def test_a_dataframe_made_in_code_plans_as_its_csv_would() -> None:
    """Text dates (as an import or pd.read_csv gives them), timestamps, dates and numbers all read as a CSV would."""
    import datetime

    import pandas as pd

    two = scenario([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], budget=100)
    rows = {"channel": ["A", "B"], "spend": [100, 100.0], "conversions": [10, 5], "revenue": ["600", 600]}
    for dates in (
        ["2026-01-05", "2026-01-05"],
        pd.to_datetime(["2026-01-05", "2026-01-05"]),
        [datetime.date(2026, 1, 5)] * 2,
    ):
        plan = solve(two, history=pd.DataFrame({"date": dates, **rows}))
        assert plan.allocation.set_index("channel").loc["a", "spend"] == pytest.approx(100)
        assert plan.objective_value == pytest.approx(10)


@pytest.mark.parametrize(
    ("change", "field", "line"),
    [
        ({"spend": [100.0, float("nan")]}, "spend", 3),  # a missing amount is not nought
        ({"spend": [100.0, -5.0]}, "spend", 3),
        ({"conversions": ["10", "many"]}, "conversions", 3),
        ({"date": ["2026-01-05", "Monday"]}, "date", 3),
    ],
)
def test_a_dataframe_made_in_code_is_checked_as_its_csv_would_be(change: dict, field: str, line: int) -> None:
    import pandas as pd

    two = scenario([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], budget=100)
    rows = {"date": ["2026-01-05"] * 2, "channel": ["A", "B"], "spend": [100, 100], "conversions": [10, 5]}
    frame = pd.DataFrame({**rows, "revenue": [600, 600], **change})
    with pytest.raises(HistoryError) as raised:
        solve(two, history=frame)
    problem = raised.value.problems[0]
    assert (problem.file, problem.field, problem.line) == ("DataFrame", field, line)
    with pytest.raises(HistoryError, match="revenue"):  # a missing column is named
        solve(two, history=frame.drop(columns="revenue"))


def test_what_is_neither_a_scenario_nor_a_history_is_a_type_error() -> None:
    two = scenario([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], budget=100)
    with pytest.raises(TypeError, match=r"planner\.load_scenario"):
        solve("scenarios/tmall_flagship/baseline.yaml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DataFrame"):
        solve(two, history=[1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DataFrame"):
        solve(two, history="history.csv")  # type: ignore[arg-type]


def test_a_dataframe_given_to_a_review_is_checked_once_not_once_a_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry point checks a frame given in code once; its solves, summary and actuals read the checked frame
    (a review solved the scenario three times and checked the frame at every step: seven times)."""
    import pandas as pd

    from planner import frontier, load_scenario, review
    from planner.data import csv_tables

    scenario_path = "scenarios/tmall_flagship/q4_replan.yaml"
    frame = pd.read_csv("scenarios/tmall_flagship/history.csv")
    checked: list[int] = []
    original = csv_tables.history_from_frame

    def counting(given: pd.DataFrame, label: str) -> pd.DataFrame:
        if label == "DataFrame":  # the given frame's check, not a file read on the way
            checked.append(len(given))
        return original(given, label)

    monkeypatch.setattr(csv_tables, "history_from_frame", counting)
    for run in (
        lambda: solve(load_scenario(scenario_path), history=frame),
        lambda: review(load_scenario(scenario_path), frame),
        lambda: frontier(load_scenario(scenario_path), history=frame, points=3),
    ):
        checked.clear()
        run()
        assert checked == [len(frame)]
