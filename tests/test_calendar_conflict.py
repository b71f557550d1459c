"""Calendars with no plan name the rules in conflict, located in the file, with the least change, worked by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner import InfeasibleError, solve
from planner.model.i18n import render
from planner.optimize.fixes import apply_fix
from tests.conftest import scenario

WEEKS = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]  # four weeks, 28 days
CHANNELS: list[dict[str, Any]] = [{"id": "a", "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 20}]


def _scenario(calendar: dict[str, Any], channels: list[dict[str, Any]] = CHANNELS, budget: float = 100_000) -> Any:
    return scenario(channels, budget=budget, calendar={"start": WEEKS[0], "weeks": 4, **calendar})


def _conflict(calendar: dict[str, Any], channels: list[dict[str, Any]] = CHANNELS) -> InfeasibleError:
    with pytest.raises(InfeasibleError) as caught:
        solve(_scenario(calendar, channels))
    return caught.value


def _fixes(error: InfeasibleError, language: str = "en") -> set[str]:
    return {render(fix.label, language) for fix in error.fixes}


def _every_fix_gives_a_plan(
    error: InfeasibleError, calendar: dict[str, Any], channels: list[dict[str, Any]] = CHANNELS
) -> None:
    for fix in error.fixes:
        solve(apply_fix(_scenario(calendar, channels), fix))


def test_floors_on_named_periods_over_the_budget() -> None:
    # Weeks 1-2 at least ¥60,000 and weeks 3-4 at least ¥50,000: ¥110,000 against a budget of ¥100,000.
    # Fixes: the budget up by ¥10,000; either floor down by ¥10,000.
    calendar = {"budgets": [{"periods": WEEKS[:2], "at_least": 60_000}, {"periods": WEEKS[2:], "at_least": 50_000}]}
    error = _conflict(calendar)
    assert [p.field for p in error.problems] == [
        "budget",
        "calendar -> budgets -> 0 -> at_least",
        "calendar -> budgets -> 1 -> at_least",
    ]
    assert _fixes(error) == {
        "raise the budget by ¥10,000 to ¥110,000",
        "lower the budget of 2026-11-02, 2026-11-09 from ¥60,000 to ¥50,000",
        "lower the budget of 2026-11-16, 2026-11-23 from ¥50,000 to ¥40,000",
    }
    assert _fixes(error, "zh") == {
        "将预算增加 ¥10,000，至 ¥110,000",
        "将「2026-11-02、2026-11-09 的预算」从 ¥60,000 降低到 ¥50,000",
        "将「2026-11-16、2026-11-23 的预算」从 ¥50,000 降低到 ¥40,000",
    }
    summary = " ".join(render(s, "en") for s in error.summary)
    assert "the budget of 2026-11-02, 2026-11-09 (at least ¥60,000)" in summary
    _every_fix_gives_a_plan(error, calendar)


def test_a_floor_per_day_on_every_period_moves_as_one_rule() -> None:
    # ¥4,000 a day over 28 days is ¥112,000 > ¥100,000 (not caught by validation, which skips per-day floors).
    # The four weekly rows are one rule: ¥100,000 / 28 = ¥3,571.43 a day, written down to ¥3,571.
    calendar = {"budgets": [{"at_least": 4_000, "per_day": True}]}
    error = _conflict(calendar)
    assert [p.field for p in error.problems] == ["budget", "calendar -> budgets -> 0 -> at_least"]
    assert _fixes(error) == {
        "raise the budget by ¥12,000 to ¥112,000",
        "lower the budget of each period from ¥4,000 a day to ¥3,571 a day",
    }
    assert "将「每个周期的预算」从 每天 ¥4,000 降低到 每天 ¥3,571" in _fixes(error, "zh")
    fix = next(f for f in error.fixes if f.name == "calendar.budgets.0")
    assert fix.edits[0].path == ("calendar", "budgets", 0, "at_least")
    assert fix.value == 3_571
    _every_fix_gives_a_plan(error, calendar)


def test_on_air_minimum_above_a_cap_on_every_period() -> None:
    # a must spend ¥5,000 in each of the 4 weeks to count as on air, but at most ¥3,000 a week:
    # the cap must rise to ¥5,000, or the on-air rule go (a can be on air in no week under the cap).
    calendar = {
        "on_air": [{"channels": ["a"], "periods": 4, "min_spend": 5_000}],
        "budgets": [{"channels": ["a"], "at_most": 3_000}],
    }
    error = _conflict(calendar)
    assert [p.field for p in error.problems] == [
        "calendar -> budgets -> 0 -> at_most",
        "calendar -> on_air -> 0 -> periods",
    ]
    english = [p.render("en") for p in error.problems]
    assert (
        "Under the other rules the plan needs at least ¥5,000, but spend on a in each period allows at most ¥3,000"
        in english[0]
    )
    assert (
        "the most the plan can reach is 0, but the periods on air of a at ¥5,000 or more needs at least 4" in english[1]
    )
    assert _fixes(error) == {
        "raise spend on a in each period from ¥3,000 to ¥5,000",
        "remove the periods on air of a at ¥5,000 or more (at least 4)",
    }
    assert _fixes(error, "zh") == {
        "将「a 每个周期的花费」从 ¥3,000 提高到 ¥5,000",
        "删除a 花费至少 ¥5,000 的周期数（至少 4）",
    }
    zh = " ".join(render(s, "zh") for s in error.summary)
    assert "a 每个周期的花费（至多 ¥3,000）" in zh
    assert "a 花费至少 ¥5,000 的周期数（至少 4）" in zh
    _every_fix_gives_a_plan(error, calendar)


def test_a_channel_floor_over_the_calendar_against_caps_on_every_period() -> None:
    # a at least ¥90,000 over the calendar, but no week above ¥20,000 (all channels): at most ¥80,000.
    # Fixes: a's floor down to ¥80,000, or each week's cap up to ¥90,000 / 4 = ¥22,500.
    channels = [{**CHANNELS[0], "min_spend": 90_000}, CHANNELS[1]]
    calendar = {"budgets": [{"at_most": 20_000}]}
    error = _conflict(calendar, channels)
    assert [p.field for p in error.problems] == [
        "channels -> 0 (a) -> min_spend",
        "calendar -> budgets -> 0 -> at_most",
    ]
    assert _fixes(error) == {
        "lower the floor of a from ¥90,000 to ¥80,000",
        "raise the budget of each period from ¥20,000 to ¥22,500",
    }
    _every_fix_gives_a_plan(error, calendar, channels)


def test_smoothing_between_a_cap_and_a_floor() -> None:
    # a at most ¥1,000 in week 1 and at least ¥2,000 in week 2, but its spend may change by ±10% a week.
    # Fixes: week 2's floor down to ¥1,100; week 1's cap up to ¥2,000 / 1.1 = ¥1,818.18 → ¥1,819; or the
    # change allowed up to +100%.
    calendar = {
        "smoothing": [{"channels": ["a"], "max_change": "10%"}],
        "budgets": [
            {"periods": [WEEKS[0]], "channels": ["a"], "at_most": 1_000},
            {"periods": [WEEKS[1]], "channels": ["a"], "at_least": 2_000},
        ],
    }
    error = _conflict(calendar)
    assert "calendar -> smoothing -> 0 -> max_change" in [p.field for p in error.problems]
    assert _fixes(error) == {
        "lower spend on a in 2026-11-09 from ¥2,000 to ¥1,100",
        "raise spend on a in 2026-11-02 from ¥1,000 to ¥1,819",
        "raise the change of weekly spend on a between periods from ±10.0% to ±100.0%",
    }
    _every_fix_gives_a_plan(error, calendar)


def test_the_command_line_locates_each_rule_of_the_conflict_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main

    path = tmp_path / "clash.yaml"
    path.write_text(
        "name: clash\n"
        "budget: 100000\n"
        "channels:\n"
        "  - {id: a, cost_per_conversion: 10}\n"
        "  - {id: b, cost_per_conversion: 20}\n"
        "calendar:\n"
        "  start: 2026-11-02\n"
        "  weeks: 4\n"
        "  on_air:\n"
        "    - {channels: [a], periods: 4, min_spend: 5000}\n"
        "  budgets:\n"
        "    - {channels: [a], at_most: 3000}\n",
        encoding="utf-8",
    )
    assert main(["solve", str(path), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:12: calendar -> budgets -> 0 -> at_most: " in err
    assert f"{path}:10: calendar -> on_air -> 0 -> periods: " in err
    assert "将「a 每个周期的花费」从 ¥3,000 提高到 ¥5,000" in err


def test_a_named_rule_over_the_calendar_against_caps_on_every_period() -> None:
    # 'a push': a at least ¥90,000 over the calendar, but a at most ¥20,000 a week: ¥80,000 at most.
    # Fixes: the rule down to ¥80,000, or a's weekly cap up to ¥22,500.
    calendar = {"budgets": [{"channels": ["a"], "at_most": 20_000}]}
    rules = [{"name": "a push", "kind": "limit", "channels": ["a"], "measure": "spend", "at_least": 90_000}]
    with pytest.raises(InfeasibleError) as caught:
        solve(scenario(CHANNELS, budget=100_000, rules=rules, calendar={"start": WEEKS[0], "weeks": 4, **calendar}))
    error = caught.value
    assert [p.field for p in error.problems] == [
        "rules -> 0 (a push) -> at_least",
        "calendar -> budgets -> 0 -> at_most",
    ]
    assert _fixes(error) == {
        "lower 'a push' from ¥90,000 to ¥80,000",
        "raise spend on a in each period from ¥20,000 to ¥22,500",
    }


def test_spending_all_of_the_budget_against_caps_on_every_period() -> None:
    # unspent: spend_all makes the budget exact: ¥100,000 in four weeks of at most ¥20,000 cannot be spent.
    calendar = {"unspent": "spend_all", "budgets": [{"at_most": 20_000}]}
    error = _conflict(calendar)
    assert [p.field for p in error.problems] == ["budget", "calendar -> budgets -> 0 -> at_most"]
    assert _fixes(error) == {
        "lower the budget by ¥20,000 to ¥80,000",
        "raise the budget of each period from ¥20,000 to ¥25,000",
    }
    assert _fixes(error, "zh") == {"将预算减少 ¥20,000，至 ¥80,000", "将「每个周期的预算」从 ¥20,000 提高到 ¥25,000"}
    _every_fix_gives_a_plan(error, calendar)


@pytest.mark.parametrize(
    ("bounds", "field", "own_fix"),
    [
        ({"max_spend": 10_000}, "channels -> 0 (a) -> max_spend", "raise the cap of a from ¥10,000 to ¥20,000"),
        (
            {"min_spend": 10_000, "max_spend": 10_000, "locked": True},
            "channels -> 0 (a) -> locked",
            "lock a at ¥20,000 instead of ¥10,000",
        ),
    ],
)
def test_a_channel_cap_or_lock_over_the_calendar_against_a_floor_on_every_period(
    bounds: dict[str, Any], field: str, own_fix: str
) -> None:
    # a at least ¥5,000 a week (¥20,000 over four weeks) but at most (or exactly) ¥10,000 over the calendar:
    # a's cap (or lock) up to ¥20,000, or the weekly floor down to ¥10,000 / 4 = ¥2,500.
    channels = [{**CHANNELS[0], **bounds}, CHANNELS[1]]
    calendar = {"budgets": [{"channels": ["a"], "at_least": 5_000}]}
    error = _conflict(calendar, channels)
    assert [p.field for p in error.problems] == [field, "calendar -> budgets -> 0 -> at_least"]
    assert _fixes(error) == {own_fix, "lower spend on a in each period from ¥5,000 to ¥2,500"}
    _every_fix_gives_a_plan(error, calendar, channels)


def test_a_budget_below_what_the_periods_run_spent_says_how_much_is_spent_already() -> None:
    """A re-plan whose budget is cut below what has been spent: the message nets out the actual spend."""
    from planner import load_scenario

    replan = load_scenario("scenarios/tmall_flagship/q4_replan.yaml")
    assert replan.calendar is not None
    spent = sum(a.spend for a in replan.calendar.actuals)
    with pytest.raises(InfeasibleError) as raised:
        solve(replan.with_budget(1_000_000))
    english, chinese = render(raised.value.problems[0].text, "en"), render(raised.value.problems[0].text, "zh")
    assert f"(¥{spent:,.0f} of it already spent in the periods run)" in english
    assert f"（其中 ¥{spent:,.0f} 已在已执行的周期中花出）" in chinese
    # Without actuals the message is as before.
    with pytest.raises(InfeasibleError) as plain:
        solve(load_scenario("scenarios/tmall_flagship/q4_calendar.yaml").with_budget(100_000))
    assert "already spent" not in str(plain.value)
