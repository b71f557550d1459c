"""Invariants of calendar plans, whatever the periods, events, per-period caps and smoothing."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import solve
from tests.conftest import scenario

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def calendars(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    count = draw(st.integers(1, 4))
    channels: list[dict[str, Any]] = []
    for i in range(count):
        cpas = sorted(draw(st.lists(st.integers(5, 200), min_size=1, max_size=3, unique=True)))
        ends = sorted(draw(st.lists(st.integers(1, 40), min_size=len(cpas) - 1, max_size=len(cpas) - 1, unique=True)))
        channel: dict[str, Any] = {"id": f"c{i}", "groups": [draw(st.sampled_from(["x", "y"]))]}
        if len(cpas) == 1:
            channel["cost_per_conversion"] = float(cpas[0])
        else:
            channel["tranches"] = [
                {"up_to": 100.0 * e, "cost_per_conversion": float(c)} for e, c in zip(ends, cpas, strict=False)
            ]
            channel["tranches"].append({"cost_per_conversion": float(cpas[-1])})
        if draw(st.booleans()):
            channel["carryover"] = draw(st.sampled_from([0.2, 0.5]))
        channels.append(channel)
    lengths = draw(st.lists(st.integers(1, 14), min_size=1, max_size=5))
    periods, start = [], date(2026, 11, 2)
    for k, days in enumerate(lengths):
        periods.append({"name": f"p{k}", "start": start, "end": start + timedelta(days=days - 1)})
        start += timedelta(days=days)
    names = [p["name"] for p in periods]
    calendar: dict[str, Any] = {"periods": periods}
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
        group = draw(st.sampled_from(["x", "y"]))
        multiplier = {"group": group, "efficiency": draw(st.floats(0.5, 3)), "cost": draw(st.floats(0.8, 2))}
        groups = {g for c in channels for g in c["groups"]}
        if group in groups:
            calendar["events"] = [{"name": "event", "periods": chosen, "multipliers": [multiplier]}]
    if draw(st.booleans()):
        calendar["budgets"] = [{"at_most": draw(st.integers(10, 3000))}]
    if draw(st.booleans()):
        calendar["smoothing"] = [{"max_change": draw(st.floats(0.1, 2))}]
    return channels, calendar


def _totals_hold(plan: Any, budget: float) -> None:
    assert plan.status == "optimal"
    assert plan.periods is not None
    assert plan.totals["spend"] <= budget * (1 + 1e-9) + 1e-6
    by_channel = plan.periods.groupby("channel", sort=False)[["spend", "conversions"]].sum()
    allocation = plan.allocation.set_index("channel")
    for channel, row in by_channel.iterrows():
        assert row["spend"] == pytest.approx(allocation.loc[channel, "spend"], rel=1e-9, abs=1e-6)
        assert row["conversions"] == pytest.approx(allocation.loc[channel, "conversions"], rel=1e-9, abs=1e-6)
    assert float(plan.periods["conversions"].sum()) == pytest.approx(plan.objective_value, rel=1e-7, abs=1e-6)


@SETTINGS
@given(drawn=calendars(), budget=st.integers(100, 20_000), extra=st.integers(1, 5000))
def test_rules_hold_and_more_budget_never_buys_less(
    drawn: tuple[list[dict[str, Any]], dict[str, Any]], budget: int, extra: int
) -> None:
    channels, calendar = drawn
    plan = solve(scenario(channels, budget=budget, calendar=calendar))
    _totals_hold(plan, budget)
    assert plan.periods is not None
    spend = plan.periods.groupby("period", sort=False)["spend"].sum()
    for limit in calendar.get("budgets", []):
        assert (spend <= limit["at_most"] * (1 + 1e-9) + 1e-6).all()
    for smooth in calendar.get("smoothing", []):
        weeks = plan.periods.groupby("period", sort=False)["weeks"].first()
        weekly = (spend / weeks).tolist()
        for before, after in itertools.pairwise(weekly):
            assert after <= (1 + smooth["max_change"]) * before * (1 + 1e-6) + 1e-6
            assert after >= (1 - smooth["max_change"]) * before * (1 - 1e-6) - 1e-6
    richer = solve(scenario(channels, budget=budget + extra, calendar=calendar))
    assert richer.objective_value >= plan.objective_value * (1 - 1e-9) - 1e-9


@SETTINGS
@given(drawn=calendars(), budget=st.integers(100, 20_000), data=st.data())
def test_channel_order_never_changes_a_calendar_plan(
    drawn: tuple[list[dict[str, Any]], dict[str, Any]], budget: int, data: st.DataObject
) -> None:
    channels, calendar = drawn
    shuffled = data.draw(st.permutations(channels))
    first = solve(scenario(channels, budget=budget, calendar=calendar))
    second = solve(scenario(list(shuffled), budget=budget, calendar=calendar))
    assert second.objective_value == pytest.approx(first.objective_value, rel=1e-7, abs=1e-7)
