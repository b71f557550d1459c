"""Extreme single numbers: a located error that says what to do, never a crash or a wrong hint."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from planner import Scenario, solve
from planner.data.io import load_scenario
from planner.model.errors import PlannerError, ScenarioError
from tests.conftest import SCENARIOS, scenario


def variant(name: str, **changes: Any) -> Scenario:
    """Return a demo scenario with some fields of its data replaced by a function of that data."""
    base = load_scenario(SCENARIOS / name)
    data = base.model_dump(warnings=False)
    for edit in changes.values():
        edit(data)
    return Scenario.model_validate(data).from_file(base.source)  # type: ignore[arg-type]


def test_huge_period_weeks_names_the_field(tmp_path: Path) -> None:
    source = SCENARIOS / "tmall_flagship"
    shutil.copytree(source, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "baseline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("period_weeks: 13", "period_weeks: 1e16"), encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as raised:
        solve(load_scenario(path))
    problem = raised.value.problems[0]
    assert problem.field == "period_weeks"
    assert problem.line is not None
    assert "time limit" not in problem.message


def test_huge_unit_cost_is_a_plan_or_a_located_error() -> None:
    def cost(data: dict[str, Any]) -> None:
        next(c for c in data["channels"] if c["units"])["units"]["cost"] = 1e15

    with pytest.raises(PlannerError) as raised:  # at least 8 sessions at 1e15 each: over the budget
        solve(variant("tmall_flagship/event_push.yaml", cost=cost))
    assert "budget" in str(raised.value)

    def no_minimum(data: dict[str, Any]) -> None:
        next(c for c in data["channels"] if c["units"])["units"].update(cost=1e15, min=None)

    # Live must be 15% of spend, and one session costs more than the budget: a true conflict, located.
    with pytest.raises(PlannerError) as raised:
        solve(variant("tmall_flagship/event_push.yaml", cost=no_minimum))
    assert any("taobao_live" in problem.field for problem in raised.value.problems)


def test_huge_negative_kpi_yield_gives_a_plan_or_a_conflict() -> None:
    def kpi(data: dict[str, Any]) -> None:
        data["channels"][1]["kpis"] = {"new_customers": -1e15}

    plan = solve(variant("us_outdoor/profit_first.yaml", kpi=kpi))
    assert plan.allocation["spend"].iloc[1] == 0  # the channel that destroys the KPI target gets nothing

    def kpi_on_floored_channel(data: dict[str, Any]) -> None:
        data["channels"][0]["kpis"] = {"new_customers": -1e15}

    with pytest.raises(PlannerError) as raised:
        solve(variant("tmall_flagship/baseline.yaml", kpi=kpi_on_floored_channel))
    assert "new customers target" in str(raised.value)


@pytest.mark.parametrize("cost", ["1e-300", "1e-12"])
def test_tiny_cost_per_conversion_is_rejected_with_its_location(tmp_path: Path, cost: str) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "name: tiny\nbudget: 1000\nchannels:\n"
        f"  - id: a\n    cost_per_conversion: {cost}\n    max_spend: 500\n  - id: b\n    cost_per_conversion: 10\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as raised:
        solve(load_scenario(path))
    problem = raised.value.problems[0]
    assert problem.field == "channels -> 0 (a) -> cost_per_conversion"
    assert problem.line == 5
    assert "time limit" not in problem.message


def test_cost_per_conversion_tiny_next_to_the_budget_is_rejected_with_its_location() -> None:
    tiny = scenario(
        [{"id": "a", "cost_per_conversion": 1e-3, "max_spend": 5e11}, {"id": "b", "cost_per_conversion": 10}]
    )
    with pytest.raises(ScenarioError) as raised:
        solve(tiny.vary(budget=1e12))  # a quadrillion conversions: a cost in the wrong unit
    problem = raised.value.problems[0]
    assert problem.field == "channels -> 0 (a) -> cost_per_conversion"
    assert "too small to plan with" in problem.message


def test_small_but_plannable_cost_per_conversion_solves() -> None:
    cheap = scenario(
        [{"id": "a", "cost_per_conversion": 1e-3, "max_spend": 500}, {"id": "b", "cost_per_conversion": 10}],
        budget=1000,
    )
    spend = solve(cheap).allocation.set_index("channel")["spend"]
    assert spend["a"] == pytest.approx(500)
    assert spend["b"] == pytest.approx(500)


def test_row_scale_of_extreme_coefficients_is_a_finite_power_of_two() -> None:
    from planner.optimize.solver import _row_scale

    # Found by bench/bench_fuzz.py: the product of the two underflowed to zero ("math domain error").
    for values in ([1e-170, 1e-170], [1e-300, 5e-300], [1e200, 1e150], [3.0, 1e-9]):
        scale = _row_scale(values)
        assert math.isfinite(scale)
        assert scale > 0
        assert math.log2(scale).is_integer()
