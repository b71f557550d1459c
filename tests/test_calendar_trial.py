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
from planner.model.errors import InfeasibleError, ScenarioError
from planner.model.i18n import render
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


def test_a_named_calendar_entry_is_quoted_once_in_its_fix(tmp_path: Path) -> None:
    # Week 1 ran ¥25,000 against a cap of ¥20,000 on weeks 1 + 2 together: only raising the cap makes a plan.
    path = tmp_path / "over.yaml"
    path.write_text(
        "name: over\nbudget: 55000\ncalendar:\n  start: 2026-11-02\n  weeks: 3\n  budgets:\n"
        "    - {name: first two weeks cap, periods: [2026-11-02, 2026-11-09], at_most: 20000}\n"
        "  actuals:\n    - {period: 2026-11-02, channel: search, spend: 25000}\n"
        "channels:\n  - {id: search, cost_per_conversion: 20}\n",
        encoding="utf-8",
    )
    with pytest.raises(InfeasibleError) as caught:
        solve(load_scenario(path))
    labels = {fix.label: (render(fix.label, "en"), render(fix.label, "zh")) for fix in caught.value.fixes}
    english, chinese = next(iter(labels.values()))
    assert english == "raise 'first two weeks cap' from ¥20,000 to ¥25,000"
    assert chinese == "将「first two weeks cap」从 ¥20,000 提高到 ¥25,000"


def test_an_event_estimated_without_any_history_says_what_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "estimate.yaml"
    path.write_text(
        "name: estimate\nbudget: 1000\ncalendar:\n  start: 2026-11-02\n  weeks: 3\n  events:\n"
        "    - name: Double 11\n      periods: [2026-11-09]\n      history: [{start: 2025-11-10, end: 2025-11-16}]\n"
        "      multipliers: [{efficiency: estimate}]\nchannels:\n  - {id: search, cost_per_conversion: 20}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    shown = [problem.render("en") for problem in caught.value.problems]
    assert any("the weeks of Double 11 last year are read from the store's history" in text for text in shown), shown
    assert any("「Double 11」往年的周要从店铺的历史数据中读取" in p.render("zh") for p in caught.value.problems)
