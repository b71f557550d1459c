"""The calendar block: periods generated or given, per-period budgets, and every mistake located in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner import ScenarioError, load_scenario
from planner.model.i18n import render
from planner.model.scenario import find_problems
from tests.conftest import scenario

CHANNEL = [{"id": "search", "cost_per_conversion": 20}]


def _calendar(calendar: dict[str, Any], **fields: Any) -> Any:
    return scenario(CHANNEL, calendar=calendar, **fields)


def _problems(calendar: dict[str, Any], **fields: Any) -> list[tuple[str, str, str]]:
    return [(p.field, render(p.text, "en"), render(p.text, "zh")) for p in find_problems(_calendar(calendar, **fields))]


def test_weeks_days_and_months_generate_contiguous_named_periods() -> None:
    weeks = _calendar({"start": "2026-10-05", "weeks": 13}).calendar.resolved_periods()
    assert len(weeks) == 13
    assert weeks[0].name == "2026-10-05"
    assert weeks[-1].end == date(2027, 1, 3)
    assert all(p.weeks == 1.0 for p in weeks)
    days = _calendar({"start": "2026-11-10", "days": 3}).calendar.resolved_periods()
    assert [p.name for p in days] == ["2026-11-10", "2026-11-11", "2026-11-12"]
    assert days[1].weeks == pytest.approx(1 / 7)
    months = _calendar({"start": "2026-10-01", "months": 3}).calendar
    assert [(p.name, p.days) for p in months.resolved_periods()] == [("2026-10", 31), ("2026-11", 30), ("2026-12", 31)]
    assert months.total_weeks == pytest.approx(92 / 7)
    # A month from the 31st ends the day before the same day of the next month, or its last day.
    late = _calendar({"start": "2026-01-31", "months": 2}).calendar.resolved_periods()
    assert [(p.start, p.end) for p in late] == [
        (date(2026, 1, 31), date(2026, 2, 27)),
        (date(2026, 2, 28), date(2026, 3, 30)),
    ]


def test_a_calendar_sets_unspent_and_period_budgets() -> None:
    calendar = _calendar(
        {
            "start": "2026-10-05",
            "weeks": 4,
            "unspent": "spend_all",
            "budgets": [{"at_most": 40_000}, {"periods": [date(2026, 10, 12)], "at_least": "30%"}],
        },
        budget=100_000,
    ).calendar
    assert calendar.unspent == "spend_all"
    named = calendar.budgets[1]
    assert named.periods == ("2026-10-12",)
    assert named.share
    assert named.at_least == pytest.approx(0.3)


def test_names_yaml_reads_as_dates_or_numbers_stay_as_written() -> None:
    periods = [
        {"name": 618, "start": "2026-06-01", "end": "2026-06-18"},
        {"name": date(2026, 6, 19), "start": "2026-06-19", "end": "2026-06-30"},
    ]
    assert [p.name for p in _calendar({"periods": periods}).calendar.resolved_periods()] == ["618", "2026-06-19"]


@pytest.mark.parametrize(
    ("calendar", "fields", "where", "english"),
    [
        (
            {
                "periods": [
                    {"name": "a", "start": "2026-11-01", "end": "2026-11-10"},
                    {"name": "b", "start": "2026-11-10", "end": "2026-11-11"},
                ]
            },
            {},
            "calendar -> periods -> 1 (b) -> start",
            "period 'b' starts 2026-11-10, before period 'a' ends; periods may not overlap",
        ),
        (
            {
                "periods": [
                    {"name": "a", "start": "2026-11-01", "end": "2026-11-10"},
                    {"name": "a", "start": "2026-11-11", "end": "2026-11-11"},
                ]
            },
            {},
            "calendar -> periods -> 1 (a) -> name",
            "period name 'a' is used twice",
        ),
        (
            {"start": "2026-10-31", "periods": [{"name": "a", "start": "2026-11-01", "end": "2026-11-10"}]},
            {},
            "calendar -> start",
            "start 2026-10-31 is not the first period's start 2026-11-01",
        ),
        (
            {"start": "2026-10-05", "weeks": 2, "budgets": [{"periods": ["2026-10-13"], "at_most": 10}]},
            {},
            "calendar -> budgets -> 0 -> periods",
            "unknown period '2026-10-13'; did you mean '2026-10-12'?",
        ),
        (
            {"start": "2026-10-05", "weeks": 2, "budgets": [{"at_least": "10%"}]},
            {},
            "calendar -> budgets -> 0 -> share",
            "share: true needs a total budget",
        ),
        (
            {"start": "2026-10-05", "weeks": 2, "unspent": "spend_all"},
            {},
            "calendar -> unspent",
            "unspent: spend_all needs a total budget",
        ),
        (
            {"start": "2026-10-05", "weeks": 2, "unspent": "save"},
            {"budget": {"amount": 100, "exactly": True}},
            "calendar -> unspent",
            "unspent: save contradicts the budget's exactly: true",
        ),
        (
            {"start": "2026-10-05", "weeks": 3, "budgets": [{"at_least": 40}]},
            {"budget": 100},
            "calendar -> budgets",
            "each of the 3 periods must spend at least ¥40, ¥120 in all, more than the budget of ¥100",
        ),
        ({"start": "2026-10-05", "weeks": 3}, {"period_weeks": 3}, "period_weeks", "period_weeks cannot be given"),
    ],
)
def test_calendar_mistakes_are_located_in_both_languages(
    calendar: dict[str, Any], fields: dict[str, Any], where: str, english: str
) -> None:
    problems = _problems(calendar, **fields)
    assert len(problems) == 1, problems
    field, en, zh = problems[0]
    assert field == where
    assert english in en
    assert zh
    assert zh != en


@pytest.mark.parametrize(
    ("calendar", "english"),
    [
        ({"weeks": 3}, "weeks needs start"),
        ({"start": "2026-10-05"}, "give exactly one of days, weeks, months or periods"),
        ({"periods": [{"name": "a", "start": "2026-11-02", "end": "2026-11-01"}]}, "start 2026-11-02 is after end"),
        ({"start": "2026-10-05", "weeks": 401}, "401"),
        ({"start": "9999-12-25", "weeks": 2}, "the calendar would run past 9999-12-31"),
        ({"start": "9999-10-01", "months": 5}, "the calendar would run past 9999-12-31"),
        ({"start": "2026-10-05", "weeks": 2, "budgets": [{"at_most": "30%", "share": False}]}, "percentage"),
    ],
)
def test_structural_mistakes_are_refused_when_read(calendar: dict[str, Any], english: str, tmp_path: Path) -> None:
    import json

    path = tmp_path / "calendar.yaml"
    body = {"name": "x", "budget": 100, "calendar": calendar, "channels": CHANNEL}
    path.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    messages = [render(p.text, "en") for p in raised.value.problems]
    assert any(english in m for m in messages), messages
    assert all(p.field.startswith("calendar") for p in raised.value.problems)


def test_a_varied_copy_keeps_the_calendar_and_its_budget_mode() -> None:
    # vary() dumps and re-reads every field: an unspent left unwritten must not turn into a contradiction.
    exact = _calendar({"start": "2026-10-05", "weeks": 2}, budget={"amount": 100, "exactly": True})
    varied = exact.with_budget(200)
    assert varied.calendar == exact.calendar
    assert varied.calendar is not None
    assert varied.calendar.unspent is None
    assert find_problems(varied) == []
