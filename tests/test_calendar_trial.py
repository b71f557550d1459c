"""What a new user's trial of the calendar demos found, pinned (2026-11-27): each was wrong before its fix.

The re-plan's outcome range bootstrapped curves on the history without the refit weeks (its P90 was below the plan),
the review's "rest re-planned" TOTAL counted the periods already run, `max_change: 40` was read as 4,000% without a
word, and a locked channel summed over periods showed "−¥5.82e-11" against its history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner import load_scenario, review, solve
from planner.insight.trust import outcome_range
from planner.model.errors import ScenarioError
from tests.conftest import SCENARIOS, scenario

REPLAN = SCENARIOS / "tmall_flagship" / "q4_replan.yaml"


def test_the_range_of_a_refit_re_plan_holds_its_plan() -> None:
    plan = solve(load_scenario(REPLAN))
    spread = outcome_range(plan, draws=60)
    low, middle, high = spread.conversions
    assert low <= plan.totals["conversions"] <= high
    assert middle == pytest.approx(plan.totals["conversions"], rel=0.02)


def test_the_rest_re_planned_totals_the_periods_it_shows() -> None:
    result = review(load_scenario(REPLAN))
    text = result.text("en")
    rest = text[text.index("The rest of the calendar, re-planned") :].splitlines()
    rows = [line for line in rest if line.startswith(("lull", "11.11", "returns", "December"))]
    total = next(line for line in rest if line.startswith("TOTAL"))
    periods = result.plan.periods
    assert periods is not None
    shown = periods[periods["period"].isin(["lull", "11.11", "returns", "December"])]
    assert len(rows) == 4
    assert f"¥{shown['spend'].sum():,.0f}" in total  # ¥929,100, not the calendar's ¥2,200,000
    assert "¥2,200,000" not in total


@pytest.mark.parametrize("written", [40, 300])
def test_a_bare_max_change_above_ten_asks_for_its_percent_sign(written: int, tmp_path: Path) -> None:
    path = tmp_path / "paced.yaml"
    path.write_text(
        "name: paced\nbudget: 100\ncalendar:\n  start: 2026-11-02\n  weeks: 3\n  smoothing:\n"
        f"    - {{max_change: {written}}}\nchannels:\n  - {{id: a, cost_per_conversion: 10}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problem = caught.value.problems[0]
    assert problem.field == "calendar -> smoothing -> 0 -> max_change"
    assert problem.line == 7
    assert f"write {written}% (or {written / 100:g})" in problem.render("en")
    assert f"请写 {written}%" in problem.render("zh")


def test_a_fraction_or_a_percentage_is_still_read_as_written() -> None:
    for written, share in ((0.4, 0.4), ("40%", 0.4), (3, 3.0), ("300%", 3.0)):
        calendar: dict[str, Any] = {"start": "2026-11-02", "weeks": 3, "smoothing": [{"max_change": written}]}
        made = scenario([{"id": "a", "cost_per_conversion": 10}], budget=100, calendar=calendar)
        assert made.calendar is not None
        assert made.calendar.smoothing[0].max_change == pytest.approx(share)


def test_a_locked_channel_over_a_calendar_is_exactly_its_history() -> None:
    plan = solve(load_scenario(SCENARIOS / "tmall_flagship" / "q4_calendar.yaml"))
    locked = plan.allocation.set_index("channel").loc["diamond_exhibition"]
    assert locked["change_vs_history"] == 0.0
