"""Invariants that hold for every scenario: budgets, bounds, monotonicity, symmetry, consistency."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner import InfeasibleError, Scenario, solve
from planner.curves.response import build_responses
from planner.optimize.pipeline import resolve_history
from tests.conftest import scenario

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def channels(draw: st.DrawFn) -> list[dict]:
    count = draw(st.integers(1, 6))
    out = []
    for i in range(count):
        channel: dict = {"id": f"c{i}", "groups": [draw(st.sampled_from(["search", "feed", "live"]))]}
        if draw(st.booleans()):
            cpas = draw(st.lists(st.floats(5, 200), min_size=2, max_size=4))
            if draw(st.booleans()):  # diminishing returns (an LP); otherwise any shape (solved as a MILP)
                cpas = sorted(cpas)
            ends = sorted(set(draw(st.lists(st.floats(100, 5000), min_size=len(cpas) - 1, max_size=len(cpas) - 1))))
            assume(len(ends) == len(cpas) - 1)
            channel["tranches"] = [{"up_to": e, "cost_per_conversion": c} for e, c in zip(ends, cpas, strict=False)] + [
                {"cost_per_conversion": cpas[-1]}
            ]
        else:
            channel["cost_per_conversion"] = draw(st.floats(5, 200))
        channel["roas"] = draw(st.floats(0.5, 8))
        if draw(st.booleans()):
            channel["max_spend"] = draw(st.floats(0, 20_000))
        if draw(st.booleans()):
            channel["min_spend"] = draw(st.floats(0, 500))
            channel["max_spend"] = max(channel.get("max_spend", 0.0), channel["min_spend"])
        out.append(channel)
    return out


rules_strategy = st.lists(
    st.one_of(
        st.builds(
            lambda g, s: {"kind": "share", "name": f"share {g}", "group": g, "at_most": s},
            st.sampled_from(["search", "feed", "live"]),
            st.floats(0.2, 1),
        ),
        st.builds(
            lambda g, v: {"kind": "limit", "name": f"floor {g}", "group": g, "at_least": v},
            st.sampled_from(["search", "feed", "live"]),
            st.floats(0, 2000),
        ),
    ),
    max_size=2,
    unique_by=lambda r: r["name"],
)


def _solve_or_skip(s: Scenario):
    try:
        return solve(s)
    except InfeasibleError:
        assume(False)
        raise


def _build(chs: list[dict], rules: list[dict], budget: float) -> Scenario:
    groups = {g for c in chs for g in c["groups"]}
    kept = [r for r in rules if r["group"] in groups]
    return scenario(chs, budget=budget, rules=kept)


@SETTINGS
@given(chs=channels(), rules=rules_strategy, budget=st.floats(100, 50_000))
def test_budget_bounds_and_rules_always_hold(chs, rules, budget) -> None:
    plan = _solve_or_skip(_build(chs, rules, budget))
    tolerance = 1e-6 * max(1.0, budget)
    assert plan.totals["spend"] <= budget + tolerance
    assert plan.allocation["spend"].sum() == pytest.approx(plan.totals["spend"])
    for row in plan.allocation.itertuples():
        assert row.spend >= row.lower_bound - tolerance
        assert row.spend <= row.upper_bound + tolerance
    for row in plan.rules.itertuples():
        slack = 1e-6 * max(1.0, abs(row.limit))
        if row.sense == ">=" and not math.isnan(row.value):
            assert row.value >= row.limit - slack
        if row.sense == "<=" and not math.isnan(row.value):
            assert row.value <= row.limit + slack


@SETTINGS
@given(chs=channels(), rules=rules_strategy, budget=st.floats(100, 50_000), extra=st.floats(0, 20_000))
def test_more_budget_never_buys_fewer_conversions(chs, rules, budget, extra) -> None:
    smaller = _solve_or_skip(_build(chs, rules, budget))
    larger = solve(_build(chs, rules, budget + extra))
    assert larger.objective_value >= smaller.objective_value - 1e-6 * max(1.0, smaller.objective_value)


@SETTINGS
@given(chs=channels(), rules=rules_strategy, budget=st.floats(100, 50_000), data=st.data())
def test_channel_order_never_changes_the_answer(chs, rules, budget, data) -> None:
    plan = _solve_or_skip(_build(chs, rules, budget))
    shuffled = data.draw(st.permutations(chs))
    other = solve(_build(list(shuffled), rules, budget))
    assert other.objective_value == pytest.approx(plan.objective_value, rel=1e-7, abs=1e-6)


@SETTINGS
@given(chs=channels(), rules=rules_strategy, budget=st.floats(100, 50_000))
def test_plan_reevaluated_on_its_own_curves_reproduces_its_totals(chs, rules, budget) -> None:
    s = _build(chs, rules, budget)
    plan = _solve_or_skip(s)
    responses = build_responses(s, resolve_history(s, None)).by_id()
    conversions = revenue = 0.0
    for row in plan.allocation.itertuples():
        measured = responses[row.channel].evaluate(row.spend)
        assert measured.get("conversions", 0.0) == pytest.approx(row.conversions, rel=1e-6, abs=1e-6)
        conversions += measured.get("conversions", 0.0)
        revenue += measured.get("revenue", 0.0)
    assert conversions == pytest.approx(plan.totals["conversions"], rel=1e-6, abs=1e-6)
    assert revenue == pytest.approx(plan.totals["revenue"], rel=1e-6, abs=1e-6)
    assert plan.objective_value == pytest.approx(plan.totals["conversions"], rel=1e-6, abs=1e-6)


def test_a_sliver_tranche_cannot_skip_the_tranche_before_it() -> None:
    """Found by hypothesis: a tranche 1e-14 wide counted as filled let the plan buy at the later rate first."""
    tranches = [
        {"up_to": 100.0, "cost_per_conversion": 6.0},
        {"up_to": 100.00000000000001, "cost_per_conversion": 5.0},
        {"up_to": 101.0, "cost_per_conversion": 5.0},
        {"cost_per_conversion": 5.0},
    ]
    chs = [
        {"id": "c0", "groups": ["search"], "cost_per_conversion": 5.0, "roas": 1.0},
        {"id": "c2", "groups": ["search"], "tranches": tranches, "roas": 1.0},
    ]
    s = _build(chs, [], 100.0)
    plan = solve(s)
    responses = build_responses(s, resolve_history(s, None)).by_id()
    for row in plan.allocation.to_dict("records"):
        measured = responses[str(row["channel"])].evaluate(float(row["spend"]))
        assert measured["conversions"] == pytest.approx(row["conversions"], abs=1e-9)
    assert plan.objective_value == pytest.approx(20.0)  # all at ¥5 in c0; c2's first ¥100 costs ¥6 each
