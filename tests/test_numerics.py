"""Extreme single numbers: a located error that says what to do, never a crash or a wrong hint."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from planner import Scenario, solve
from planner.data.io import load_scenario
from planner.model.errors import PlannerError, ScenarioError, SolverError, UnboundedError
from tests.conftest import SCENARIOS, scenario
from tests.test_i18n import english_words


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


def test_a_solve_the_dual_simplex_leaves_without_an_answer_is_finished_by_the_primal_simplex() -> None:
    """Where the dual simplex stops with kUnknown (seen on one machine's floating point with a KPI yield of −1e15),
    `run` clears the solver and runs the primal simplex: the same optimum, and the setting is put back."""
    import highspy

    from planner.optimize.lp import build_problem
    from planner.optimize.pipeline import _Inputs
    from planner.optimize.solver import HighsSession, SolverStatus

    inputs = _Inputs.of(load_scenario(SCENARIOS / "us_outdoor/profit_first.yaml"), None, None)
    lp = build_problem(inputs.scenario, inputs.responses)
    dual = HighsSession(lp)
    expected = dual.solution(dual.run())

    class FirstRunUnknown:
        """The session's HiGHS, but the first solve's status reads as kUnknown (no answer it can prove)."""

        def __init__(self, highs: highspy.Highs) -> None:
            self.highs, self.runs = highs, 0
            self.strategies: list[object] = []

        def run(self) -> object:
            self.runs += 1
            self.strategies.append(self.highs.getOptionValue("simplex_strategy")[1])
            return self.highs.run()

        def getModelStatus(self) -> object:  # noqa: N802 (HiGHS's name)
            return highspy.HighsModelStatus.kUnknown if self.runs == 1 else self.highs.getModelStatus()

        def __getattr__(self, name: str) -> object:
            return getattr(self.highs, name)

    session = HighsSession(lp)
    before = session.highs.getOptionValue("simplex_strategy")[1]
    proxy = FirstRunUnknown(session.highs)
    session.highs = proxy  # type: ignore[assignment]
    status = session.run()
    assert status is SolverStatus.OPTIMAL
    assert proxy.runs == 2
    assert proxy.strategies == [before, 4]  # the dual simplex's default, then the primal simplex
    assert session.solution(status).objective == pytest.approx(expected.objective, rel=1e-9)
    assert proxy.highs.getOptionValue("simplex_strategy")[1] == before  # put back


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


def test_too_small_to_plan_with_reads_in_both_languages() -> None:
    tiny = scenario(
        [{"id": "a", "cost_per_conversion": 1e-3, "max_spend": 5e11}, {"id": "b", "cost_per_conversion": 10}]
    )
    with pytest.raises(ScenarioError) as raised:
        solve(tiny.vary(budget=1e12))
    problem = raised.value.problems[0]
    assert problem.render("en") == (
        "channels -> 0 (a) -> cost_per_conversion: ¥0.001 is too small to plan with: next to a budget of "
        "¥1,000,000,000,000 it buys 1,000,000,000,000,000 conversions, beyond the solver's precision; a cost per "
        "conversion must be at least ¥0.10 here (ten trillion conversions for that amount); check its unit."
    )
    chinese = problem.render("zh")
    assert "¥0.001 太小，无法用于规划：相对于预算 ¥1,000,000,000,000，它能买到 1,000,000,000,000,000 次转化" in chinese
    assert not english_words(chinese, {"channels", "cost_per_conversion"})


def test_a_time_limit_says_so_in_both_languages() -> None:
    with pytest.raises(SolverError) as raised:
        solve(load_scenario(SCENARIOS / "tmall_flagship" / "event_push.yaml"), time_limit=1e-9)
    assert raised.value.render("en") == (
        "The solver reached its time limit without an optimal plan; try a longer time limit."
    )
    assert raised.value.render("zh") == "求解器已到达时间限制，仍未找到最优方案；请延长时间限制。"


def test_an_unbounded_objective_says_which_and_why_in_both_languages() -> None:
    with pytest.raises(UnboundedError) as raised:
        solve(scenario([{"id": "a", "cost_per_conversion": 10}, {"id": "b", "cost_per_conversion": 20}]))
    assert raised.value.render("en") == (
        "objective: Maximising conversions has no limit: there is no budget, and a, b have no cap; "
        "add a budget or a max_spend."
    )
    assert raised.value.render("zh") == (
        "objective: 最大化转化没有上限：场景没有预算，且a、b没有上限；请添加预算或 max_spend。"
    )


def test_a_frontier_without_a_budget_says_what_to_add() -> None:
    from planner.optimize.frontier import frontier

    with pytest.raises(ScenarioError) as raised:
        frontier(scenario([{"id": "a", "cost_per_conversion": 10, "max_spend": 100}]))
    assert raised.value.render("en") == "A budget frontier needs a budget to vary; add `budget:` to the scenario."
    assert raised.value.render("zh") == "预算前沿需要一个可以变化的预算；请在场景中添加 `budget:`。"
