"""Many channels of long curves: the model does not grow with a table's rows, and the plan is still the optimum.

The optimum is checked independently of the LP. With one budget and concave curves, the best plan fills the
steepest pieces first (water-filling): on tables, a sort of every piece of every table by its slope; on smooth
curves, a bisection on the common marginal return.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.api import solve
from planner.curves.fitting import curve_from_table, piecewise_linear, table_corners_near
from planner.data.csv_tables import read_curve_table
from planner.data.io import load_scenario
from planner.model.errors import PlannerError, ScenarioError
from planner.optimize import pipeline
from planner.optimize import solver as solver_module
from planner.optimize.lp import LinearProgram, build_problem, variables
from planner.optimize.solver import Solution


def logistic(x: np.ndarray, lam: float, beta: float) -> np.ndarray:
    """PyMC-Marketing's logistic saturation: beta · (1 − e^(−lam·x)) / (1 + e^(−lam·x))."""
    e = np.exp(-lam * x)
    return np.asarray(beta * (1 - e) / (1 + e))


def write_store(folder: Path, curves: list[tuple[np.ndarray, np.ndarray]], budget: float) -> Path:
    """Write a scenario whose channels are imported curve tables (plain CSV, as MMM tools export them)."""
    lines = ["name: many tables", "objective: {maximize: conversions}", f"budget: {{amount: {budget}}}", "channels:"]
    for i, (xs, ys) in enumerate(curves):
        rows = "".join(f"{x:.6f},{y:.9f}\n" for x, y in zip(xs, ys, strict=True))
        (folder / f"c{i}.csv").write_text("spend,conversions\n" + rows)
        lines.append(f"  - {{id: c{i}, response: imported, curve: {{path: c{i}.csv}}}}")
    path = folder / "store.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def table_optimum(curves: list[tuple[np.ndarray, np.ndarray]], budget: float) -> float:
    """The best total on the tables themselves: every piece of every table, steepest first, until the budget."""
    pieces: list[tuple[float, float]] = []
    for xs, ys in curves:
        x = np.concatenate([[0.0], xs]) if xs[0] > 0 else xs
        y = np.concatenate([[0.0], ys]) if xs[0] > 0 else ys
        pieces.extend(zip(np.diff(y) / np.diff(x), np.diff(x), strict=True))
    total, left = 0.0, budget
    for slope, width in sorted(pieces, reverse=True):
        take = min(width, left)
        total += slope * take
        left -= take
        if left <= 0 or slope <= 0:
            break
    return total


def smooth_optimum(params: list[tuple[float, float]], top: float, budget: float) -> float:
    """The best total on the smooth logistic curves (each up to `top`): bisection on the common marginal return."""
    lam = np.array([p[0] for p in params])
    beta = np.array([p[1] for p in params])

    def spend_at(rate: float) -> np.ndarray:
        # f'(x) = 2·beta·lam·e/(1 + e)², e = e^(−lam·x), falls from beta·lam/2 at 0; solve f'(x) = rate for e.
        k = 2 * beta * lam / rate
        disc = np.maximum((k - 2) ** 2 - 4, 0.0)
        e = np.clip(((k - 2) - np.sqrt(disc)) / 2, 1e-300, 1.0)
        x = np.where(beta * lam / 2 > rate, -np.log(e) / lam, 0.0)
        return np.minimum(x, top)

    low, high = 1e-15, float((beta * lam).max())
    for _ in range(200):
        middle = math.sqrt(low * high)
        low, high = (middle, high) if spend_at(middle).sum() > budget else (low, middle)
    spend = spend_at(high)
    return float(sum(logistic(np.array([s]), la, be)[0] for s, la, be in zip(spend, lam, beta, strict=True)))


def columns_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return the LP's column count of every solve `planner.solve` makes on a scenario."""
    counts: list[int] = []
    original = pipeline.run_highs  # type: ignore[attr-defined]

    def counting(lp: LinearProgram, time_limit: float | None = None, start: Sequence[float] | None = None) -> Solution:
        counts.append(len(variables(lp)))
        return original(lp, time_limit, start)

    monkeypatch.setattr(pipeline, "run_highs", counting)
    solve(load_scenario(path))
    monkeypatch.undo()
    return counts


@pytest.fixture(scope="module")
def logistic_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, list[tuple[float, float]], float]:
    rng = np.random.default_rng(7)
    params = [(float(rng.uniform(0.5, 3.0)) / 1000, float(rng.uniform(200, 2000))) for _ in range(30)]
    xs = np.linspace(0.0, 4000.0, 2001)
    curves = [(xs, logistic(xs, lam, beta)) for lam, beta in params]
    budget = 30 * 1500.0
    return write_store(tmp_path_factory.mktemp("logistic"), curves, budget), curves, params, budget


def test_a_long_table_costs_the_model_a_few_dozen_columns_not_its_rows(logistic_store, monkeypatch) -> None:
    """30 channels of 2,001 rows under the budget alone: one model of ~17 chords and the corners around the
    tables' own optimum (found by water-filling) each, solved once; never 2,000 columns a channel."""
    path, _, _, _ = logistic_store
    counts = columns_of(path, monkeypatch)
    assert len(counts) == 1
    assert counts[0] <= 30 * 40 + 30


def test_with_another_rule_a_long_table_starts_on_its_chords_and_is_refined(
    logistic_store, tmp_path: Path, monkeypatch
) -> None:
    """A rule besides the budget: no water-filling start; about 17 chords each at first, ~30 after refining."""
    _, curves, _, _ = logistic_store
    limited = write_store(tmp_path, curves, 30 * 1500.0)
    rule = "rules:\n  - kind: limit\n    name: c0 and c1\n    channels: [c0, c1]\n    at_most: 2000\n"
    limited.write_text(limited.read_text(encoding="utf-8") + rule, encoding="utf-8")
    counts = columns_of(limited, monkeypatch)
    assert counts[0] <= 30 * 17 + 30
    assert max(counts) <= 30 * 40 + 30
    assert 1 < len(counts) <= 5  # the first solve and at most four refinements


def test_the_plan_is_the_tables_own_optimum_and_within_1e_6_of_the_smooth_one(logistic_store) -> None:
    path, curves, params, budget = logistic_store
    plan = solve(load_scenario(path))
    best_on_tables = table_optimum(curves, budget)
    assert plan.objective_value == pytest.approx(best_on_tables, rel=1e-9)
    assert plan.allocation["spend"].sum() == pytest.approx(budget, rel=1e-9)
    assert abs(plan.objective_value / smooth_optimum(params, 4000.0, budget) - 1) < 1e-6
    # What the chords cost is reported per channel (the curve error of the first, coarse chords).
    assert (plan.allocation["curve_error"] > 0).all()


def test_a_refined_model_is_solved_from_the_last_plan_to_the_same_optimum(logistic_store) -> None:
    """Each refinement round starts HiGHS from the plan before it (segments filled in order): the same optimum
    in fewer simplex iterations than a cold solve (10,000 channels: 0.9 s against 9 s)."""
    from planner.curves.response import refine_responses

    path, _, _, _ = logistic_store
    inputs = pipeline._Inputs.of(load_scenario(path), None, None)
    lp = build_problem(inputs.scenario, inputs.responses, frozenset())
    first = solver_module.run_highs(lp)
    refined = refine_responses(inputs.responses, first.spend, lp.ordered, first.marginals, lp.objective_measure)
    again = build_problem(inputs.scenario, refined, frozenset())
    results = []
    for start in (None, first.spend):
        session = solver_module.HighsSession(again)
        if start is not None:
            session.start_from(start)
        solution = session.solution(session.run())
        results.append((solution, session.highs.getInfo().simplex_iteration_count))
    (cold, cold_iterations), (started, started_iterations) = results
    assert started.objective == pytest.approx(cold.objective, rel=1e-12)
    assert np.allclose(started.spend, cold.spend, rtol=1e-9, atol=1e-6)
    assert started_iterations < cold_iterations / 2
    assert started.objective >= first.objective  # the last plan is a breakpoint: a round never does worse
    # A plan of another model (another count of channels) is not a start; the solve is a cold one.
    session = solver_module.HighsSession(again)
    session.start_from(first.spend[:-1])
    session.run()
    assert session.highs.getInfo().simplex_iteration_count == cold_iterations


def first_lp_as_if_large(path: Path, monkeypatch: pytest.MonkeyPatch) -> LinearProgram:
    """Return a scenario's first LP, with the sizes from which the solver starts large models lowered to it."""
    monkeypatch.setattr(solver_module, "WATER_FILL_FROM_COLUMNS", 1)
    monkeypatch.setattr(solver_module, "INTERIOR_FROM_COLUMNS", 1)
    monkeypatch.setattr(solver_module, "WIDE_COLUMNS_PER_ROW", 0)
    inputs = pipeline._Inputs.of(load_scenario(path), None, None)
    return build_problem(inputs.scenario, inputs.responses, frozenset())


def test_with_the_budget_the_only_rule_the_first_solve_starts_at_the_water_filling_optimum(
    logistic_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large one-period LPs whose only rule is the budget (wide or not) start the simplex at the plan best under
    the budget alone (each piece by what it buys a unit): the LP's optimum, which HiGHS then only certifies."""
    path, _, _, budget = logistic_store
    lp = first_lp_as_if_large(path, monkeypatch)
    session = solver_module.HighsSession(lp)
    plan = session.budget_only_plan()
    assert plan is not None
    assert sum(plan) == pytest.approx(budget, rel=1e-12)
    solution = session.solution(session.run())
    assert np.allclose(solution.spend, plan, rtol=1e-9, atol=1e-6)
    assert session.highs.getInfo().ipm_iteration_count == 0  # the simplex, from that plan
    assert session.highs.getInfo().simplex_iteration_count <= len(lp.all_constraints) + 1
    # Not started at its own plan, the same LP has the same optimum.
    cold = solver_module.run_highs(lp)
    assert cold.objective == pytest.approx(solution.objective, rel=1e-12)


def test_with_other_rules_too_the_first_large_solve_keeps_the_interior_point_method(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(3)
    xs = np.linspace(0.0, 1000.0, 101)
    curves = [(xs, logistic(xs, float(rng.uniform(1, 3)) / 1000, float(rng.uniform(100, 900)))) for _ in range(6)]
    path = write_store(tmp_path, curves, 1800.0)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "rules:\n  - kind: limit\n    name: c0 at most 100\n    channels: [c0]\n    at_most: 100\n")
    lp = first_lp_as_if_large(path, monkeypatch)
    session = solver_module.HighsSession(lp)
    solution = session.solution(session.run())
    assert session.highs.getInfo().ipm_iteration_count > 0
    assert solution.spend[0] <= 100.0 + 1e-9
    assert sum(solution.spend) == pytest.approx(1800.0, rel=1e-12)
    monkeypatch.undo()
    assert solution.objective == pytest.approx(solver_module.run_highs(lp).objective, rel=1e-9)


def test_a_table_shorter_than_the_segments_is_solved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its own corners are the model, exact already: nothing to refine, so one solve."""
    xs = np.array([100.0, 200.0, 400.0])
    path = write_store(tmp_path, [(xs, np.array([50.0, 80.0, 100.0])), (xs, np.array([30.0, 55.0, 90.0]))], 450.0)
    assert len(columns_of(path, monkeypatch)) == 1
    # by hand: slopes A 0.5, 0.3, 0.1 and B 0.3, 0.25, 0.175; ¥450 buys A's first two pieces (¥200: 80),
    # B's first two (¥200: 55), then ¥50 of B's third at 0.175: 80 + 55 + 8.75
    assert solve(load_scenario(path)).objective_value == pytest.approx(143.75)


# Random concave tables: 1–4 channels of 20–80 rows ¥10 apart (more than the 16 chords), falling slopes.
CONCAVE_SLOPES = st.lists(
    st.lists(st.floats(0.01, 5.0), min_size=20, max_size=80).map(lambda s: sorted(s, reverse=True)),
    min_size=1,
    max_size=4,
)


def step_store(tmp_path: Path, slopes: list, share: float) -> tuple[Path, list, float]:
    """Write a store of tables with these slopes a row and a budget of `share` of their total; return it,
    its curves and its budget (a folder of its own per example: hypothesis replays a failing one)."""
    folder = tmp_path / f"case{abs(hash((str(slopes), share)))}"
    folder.mkdir(exist_ok=True)
    curves = [(np.cumsum(np.full(len(r), 10.0)), np.cumsum(np.array(r) * 10.0)) for r in slopes]
    budget = share * sum(float(xs[-1]) for xs, _ in curves)
    return write_store(folder, curves, budget), curves, budget


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slopes=CONCAVE_SLOPES, share=st.floats(0.05, 1.2))
def test_any_concave_tables_are_planned_at_their_exact_optimum(tmp_path: Path, slopes: list, share: float) -> None:
    """Random concave tables of 20–80 rows (more than the 16 chords): the refined plan equals water-filling."""
    path, curves, budget = step_store(tmp_path, slopes, share)
    plan = solve(load_scenario(path))
    assert plan.objective_value == pytest.approx(table_optimum(curves, budget), rel=1e-9, abs=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slopes=CONCAVE_SLOPES, share=st.floats(0.05, 1.2))
def test_the_gap_bound_of_a_plan_on_chords_holds_its_distance_to_the_tables_optimum(
    tmp_path: Path, slopes: list, share: float
) -> None:
    """tables_gap bounds, by the solve's prices, what the rows left out could add: never less than the true
    distance from the chords' plan to the optimum on the whole tables, and nothing once certified."""
    from planner.curves.response import tables_gap

    path, curves, budget = step_store(tmp_path, slopes, share)
    inputs = pipeline._Inputs.of(load_scenario(path), None, None)
    lp = build_problem(inputs.scenario, inputs.responses, frozenset())
    first = solver_module.run_highs(lp)
    best = table_optimum(curves, budget)
    bound = tables_gap(lp.responses, first.marginals, lp.objective_measure)
    assert bound >= best - first.objective - 1e-9 * max(1.0, best)
    if pipeline.tables_certified(lp, first):
        assert first.objective == pytest.approx(best, rel=1e-9, abs=1e-9)


def test_straight_stretches_of_tables_are_filled_in_any_order_without_binaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the test above: tables with long straight stretches (many rows of one slope) and a budget that
    ends inside one. The LP may fill a later row of a stretch before an earlier one; that is the same plan, but
    read as out of order it added ordering binaries, and the MILP's 1e-6 gap then stopped 7e-7 below the
    optimum. Alike segments are now filled in order after the solve, and no binaries are added."""
    slopes = [
        [2.0, *[1.0] * 26, 0.75, 0.5, 0.5, 0.5, 0.5],
        [4.0, 1.875, 1.5, *[1.0] * 17],
        [2.5, *[1.0] * 21, 0.010000000000000002, 0.01],
        [2.0, 2.0, *[1.0] * 24],
    ]
    path, curves, budget = step_store(tmp_path, slopes, 0.98046875)
    ordered: list[frozenset[int]] = []
    original = pipeline.solve_in_order

    def recording(*args: Any, **kwargs: Any) -> tuple[LinearProgram, Solution]:
        lp, solution = original(*args, **kwargs)
        ordered.append(lp.ordered)
        return lp, solution

    monkeypatch.setattr(pipeline, "solve_in_order", recording)
    plan = solve(load_scenario(path))
    assert plan.objective_value == pytest.approx(table_optimum(curves, budget), rel=1e-12)
    assert ordered
    assert all(not channels for channels in ordered)


def test_chords_of_a_table_run_between_its_own_corners() -> None:
    xs = np.linspace(0.0, 1000.0, 501)
    curve = curve_from_table(xs[1:], np.sqrt(xs[1:]))
    pieces, error = piecewise_linear(curve, 1000.0, 16)
    cuts = np.cumsum([0.0, *(w for w, _ in pieces)])
    assert 10 <= len(pieces) <= 17
    assert np.allclose(cuts, xs[np.searchsorted(xs, cuts - 1e-9)])  # every cut is a row of the table
    assert 0 < error < 0.05
    near = table_corners_near(curve, 401.0, 1000.0)
    assert {398.0, 400.0, 402.0, 404.0, 406.0} <= set(near)  # the rows around the spend, then further out
    assert len(near) < 30


def test_a_table_that_is_not_concave_keeps_every_corner() -> None:
    """An S-shaped table's rising stretch needs its own pieces (ordering binaries), so no chords there."""
    xs = np.arange(1.0, 41.0) * 10
    ys = np.cumsum(np.concatenate([np.linspace(0.1, 1.0, 20), np.linspace(1.0, 0.1, 20)]) * 10)
    pieces, error = piecewise_linear(curve_from_table(xs, ys), 400.0, 16)
    assert len(pieces) == 40
    assert error < 1e-12  # its own corners: exact but for rounding


# The plain table's fast reading gives what the checked reading gives, and never hides a mistake.


PLAIN = "spend,conversions\n0,0\n100,50\n200,80.5\n400,1e2\n"


@pytest.mark.parametrize(
    "written",
    [
        PLAIN,
        PLAIN.replace("\n", "\r\n"),
        "\ufeff" + PLAIN,
        " Spend , Conversions \n0,0\n100,50\n200,80.5\n400,100\n",
        'spend,conversions\n0,0\n"100",50\n200,80.5\n400,100\n',  # quotes: the checked way, same numbers
    ],
)
def test_a_plain_table_reads_the_same_either_way(tmp_path: Path, written: str) -> None:
    path = tmp_path / "curve.csv"
    path.write_bytes(written.encode("utf-8"))
    frame = read_curve_table(path)
    assert list(frame.columns) == ["spend", "conversions"]
    assert frame.to_numpy().tolist() == [[0, 0], [100, 50], [200, 80.5], [400, 100]]


@pytest.mark.parametrize(
    ("written", "line", "field"),
    [
        ("spend,conversions\n0,0\n100,50,7\n200,80\n", 3, None),  # three cells on one row, one on none
        ("spend,conversions\n0,0\n200,50\n100,80\n", 4, "spend"),
        ("spend,conversions\n0,0\n100,50\n200,40\n", 4, "conversions"),
        ("spend,conversions\n0,5\n100,50\n", 2, "conversions"),
        ("spend,conversions\n0,0\n100,-5\n", 3, "conversions"),
        ("spend,conversions\n0,0\n100,\n", 3, "conversions"),
        ("spend,conversions\n0,0\n1_000,5\n", 3, "spend"),
        ("spend,conversions\n0,0\nnan,5\n", 3, "spend"),
        ("spend,conversions\n0,0\n100,inf\n", 3, "conversions"),
    ],
)
def test_a_mistake_in_a_plain_looking_table_is_still_located(
    tmp_path: Path, written: str, line: int, field: str | None
) -> None:
    path = tmp_path / "curve.csv"
    path.write_text(written)
    with pytest.raises(ScenarioError) as error:
        read_curve_table(path)
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == (str(path), line)
    if field:
        assert problem.field == field


# Solver settings chosen by size: whatever HiGHS is told, the plan is the same.


@pytest.mark.parametrize(
    "scenario", ["scenarios/tmall_flagship/baseline.yaml", "scenarios/tmall_flagship/profit_first.yaml"]
)
def test_the_interior_point_start_and_dantzig_pricing_give_the_simplex_plan(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large models are solved by the interior point method (then crossover) and priced by Dantzig's rule;
    forced onto a demo, they find the same optimum, and a budget re-solve starts warm from that basis."""
    from planner.optimize.pipeline import prepare

    loaded = load_scenario(scenario)
    expected = solve(loaded)
    assert loaded.budget is not None
    other = prepare(loaded).solve(loaded.budget.amount * 1.1)
    monkeypatch.setattr(solver_module, "INTERIOR_FROM_COLUMNS", 1)
    monkeypatch.setattr(solver_module, "DANTZIG_FROM_COLUMNS", 1)
    monkeypatch.setattr(solver_module, "WIDE_COLUMNS_PER_ROW", 0)
    forced = solve(loaded)
    assert forced.objective_value == pytest.approx(expected.objective_value, rel=1e-9)
    assert np.allclose(forced.allocation["spend"], expected.allocation["spend"], rtol=1e-6, atol=1e-6)
    prepared = prepare(loaded)
    assert prepared.solve(loaded.budget.amount * 1.1).objective_value == pytest.approx(other.objective_value, rel=1e-9)
    assert prepared.warm == 1


def test_the_scenarios_time_limit_bounds_a_milp_not_an_lp() -> None:
    """`solver: time_limit` is the MILP's search budget: a plain LP of many channels is never cut short by it."""
    scenario = load_scenario("scenarios/tmall_flagship/baseline.yaml")
    limited = scenario.model_copy(update={"solver": scenario.solver.model_copy(update={"time_limit": 1e-6})})
    plan = solve(limited)
    assert plan.status == "optimal"
    assert plan.objective_value == pytest.approx(solve(scenario).objective_value, rel=1e-12)


def test_the_costs_per_conversion_checked_are_every_one_the_scenario_has() -> None:
    """The quick look-up of costs per conversion finds what the whole walk over the scenario finds."""
    from planner.optimize.numerics import _costs_per_conversion, scenario_numbers

    for path in sorted(Path("scenarios").glob("*/*.yaml")):
        scenario = load_scenario(path)
        walked = [(w, v) for w, v in scenario_numbers(scenario) if w.endswith("cost_per_conversion")]
        assert _costs_per_conversion(scenario) == walked, path


def test_a_concave_table_broken_only_by_rounding_is_planned_as_concave(tmp_path: Path, monkeypatch) -> None:
    """2,001 rows of a smooth curve written to 12 digits rise a hair here and there; such a table keeps a few
    dozen columns (it used to keep every row, with ordering binaries), and the plan is its optimum."""
    xs = np.linspace(0.0, 4000.0, 2001)[1:]
    ys = 1500 * (1 - np.exp(-xs / 200))
    wobbly = np.round(ys, 6)  # past about ¥2,400 the curve bends less than a millionth a row: the rounding shows
    assert np.any(np.diff(np.diff(wobbly) / np.diff(xs)) > 0)
    curve = curve_from_table(xs, wobbly)
    assert curve.is_concave()
    assert np.max(np.abs(curve.table[1][1:] - wobbly)) <= 1e-9 * wobbly.max()
    path = write_store(tmp_path, [(xs, wobbly), (xs, ys)], 3000.0)
    counts = columns_of(path, monkeypatch)
    assert max(counts) < 2 * 60
    plan = solve(load_scenario(path))
    assert plan.objective_value == pytest.approx(table_optimum([(xs, wobbly), (xs, ys)], 3000.0), rel=1e-8)


# The water-filling start (optimize/water_fill.py): the tables' own optimum under the budget alone.


def bounded_store(tmp_path: Path, slopes: list, share: float, bounds: list[tuple[float, float]]) -> Path:
    """A step store whose channels have a floor and a cap, each a fraction of the channel's table."""
    path, curves, _ = step_store(tmp_path, slopes, share)
    text = path.read_text(encoding="utf-8")
    for i, ((xs, _), (low, high)) in enumerate(zip(curves, bounds, strict=False)):
        top = float(xs[-1])
        floor, cap = sorted((round(low * top, 2), round(high * top, 2)))
        text = text.replace(f"{{id: c{i}, ", f"{{id: c{i}, min_spend: {floor}, max_spend: {cap}, ")
    path.write_text(text, encoding="utf-8")
    return path


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    slopes=CONCAVE_SLOPES,
    share=st.floats(0.05, 1.2),
    bounds=st.lists(st.tuples(st.floats(0.0, 0.5), st.floats(0.0, 1.0)), min_size=4, max_size=4),
)
def test_the_water_filling_start_is_the_optimum_the_chords_refine_to(
    tmp_path: Path, slopes: list, share: float, bounds: list[tuple[float, float]]
) -> None:
    """With floors and caps (a cap of 0 is a paused channel): the start is within them and the budget, and it is
    worth, on the whole tables, the optimum the chords reach by refining without it (and the plan solved from it)."""
    from planner.optimize.water_fill import budget_alone_start

    path = bounded_store(tmp_path, slopes, share, bounds)
    scenario = load_scenario(path)
    inputs = pipeline._Inputs.of(scenario, None, None)
    start = budget_alone_start(inputs.scenario, inputs.responses)
    try:
        plan = solve(scenario)
    except PlannerError:  # floors above the budget: no plan, and no start either
        assert start is None
        return
    from planner.curves.response import refine_responses

    assert start is not None
    assert sum(start) <= inputs.scenario.budget.amount * (1 + 1e-12)  # type: ignore[union-attr]
    channels = inputs.responses.channels
    assert all(c.lower.value - 1e-9 <= x <= c.upper.value + 1e-9 for c, x in zip(channels, start, strict=True))
    # Worth on the tables themselves: the responses refined around the start have its corners, so they are exact.
    exact = refine_responses(inputs.responses, start).channels
    worth = sum(c.evaluate(x)["conversions"] for c, x in zip(exact, start, strict=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "budget_alone_start", lambda *_: None)
        chords = solve(scenario)
    assert plan.objective_value == pytest.approx(chords.objective_value, rel=1e-9, abs=1e-9)
    assert worth == pytest.approx(plan.objective_value, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    "extra",
    [
        "rules:\n  - kind: limit\n    name: cap c0\n    channels: [c0]\n    at_most: 5\n",
        "resources:\n  staff: {limit: 10}\n",
        "solver: {time_limit: 5}\nobjective: {minimize: spend}\n",
    ],
)
def test_with_more_than_a_budget_there_is_no_water_filling_start(tmp_path: Path, extra: str) -> None:
    from planner.optimize.water_fill import budget_alone_start

    path, _, _ = step_store(tmp_path, [[3.0] * 7 + [2.0] * 7 + [1.0] * 7, [2.0] * 20], 0.5)
    text = path.read_text(encoding="utf-8")
    inputs = pipeline._Inputs.of(load_scenario(path), None, None)
    assert budget_alone_start(inputs.scenario, inputs.responses) is not None  # the budget alone: a start
    if "objective" in extra:
        text = text.replace("objective: {maximize: conversions}\n", "")
    path.write_text(text + extra, encoding="utf-8")
    scenario = load_scenario(path)
    inputs = pipeline._Inputs.of(scenario, None, None)
    assert budget_alone_start(inputs.scenario, inputs.responses) is None


def weekly_profit_store(tmp_path: Path, exactly: bool) -> Path:
    """Two weekly tables over a 13-week quarter, priced ¥60 an order at a 40% margin: profit, not conversions."""
    xs = np.linspace(0.0, 3000.0, 61)
    lines = [
        "name: weekly tables for profit",
        "period_weeks: 13",
        "margin: 0.4",
        "objective: {maximize: profit}",
        f"budget: {{amount: 30000, exactly: {str(exactly).lower()}}}",
        "channels:",
    ]
    for i, (lam, beta) in enumerate([(0.0015, 80.0), (0.0008, 120.0)]):
        rows = "".join(f"{x:.6f},{y:.9f}\n" for x, y in zip(xs, logistic(xs, lam, beta), strict=True))
        (tmp_path / f"w{i}.csv").write_text("spend,conversions\n" + rows, encoding="utf-8")
        lines.append(
            f"  - {{id: w{i}, response: imported, revenue_per_conversion: 60, curve: {{path: w{i}.csv, per: week}}}}"
        )
    path = tmp_path / "weekly.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("exactly", [False, True])
def test_weekly_tables_planned_for_profit_are_solved_once_at_the_tables_optimum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exactly: bool
) -> None:
    """Weekly tables × 13 weeks, a profit objective (spend costs its own amount), the budget a ceiling or to be
    spent exactly (then past the point where a yuan returns less than a yuan): one model, one solve, the optimum
    the chords reach without the start."""
    path = weekly_profit_store(tmp_path, exactly)
    assert len(columns_of(path, monkeypatch)) == 1
    plan = solve(load_scenario(path))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "budget_alone_start", lambda *_: None)
        chords = solve(load_scenario(path))
    assert plan.objective_value == pytest.approx(chords.objective_value, rel=1e-9)
    spent = float(plan.allocation["spend"].sum())
    assert spent == pytest.approx(30000.0, rel=1e-9) if exactly else spent < 30000.0 * 0.999


def test_a_channel_whose_returns_rise_gets_no_water_filling_start(tmp_path: Path) -> None:
    """Dearer tranches first would be filled cheapest-first by water-filling; the LP orders them with binaries."""
    from planner.optimize.water_fill import budget_alone_start

    path, _, _ = step_store(tmp_path, [[3.0] * 10 + [1.0] * 10], 0.5)
    text = path.read_text(encoding="utf-8") + (
        "  - id: rising\n    tranches:\n      - {up_to: 50, cost_per_conversion: 4}\n"
        "      - {up_to: 100, cost_per_conversion: 2}\n"
    )
    path.write_text(text, encoding="utf-8")
    inputs = pipeline._Inputs.of(load_scenario(path), None, None)
    assert budget_alone_start(inputs.scenario, inputs.responses) is None
    assert solve(load_scenario(path)).allocation["spend"].sum() > 0
