"""Infeasible scenarios name the smallest set of conflicting rules and the cheapest single fix."""

from __future__ import annotations

import pytest

from planner import InfeasibleError, load_scenario, solve
from planner.cli import main
from planner.optimize.diagnose import apply_fix
from tests.conftest import DATA

CASES = {
    "infeasible_floors_over_budget": (
        {"budget", "直通车 floor: min_spend ¥600", "淘宝直播 floor: min_spend ¥600"},
        "raise the budget by ¥200 (to ¥1,200)",
        {"lower the floor of 直通车 from ¥600 to ¥400", "lower the floor of 淘宝直播 from ¥600 to ¥400"},
    ),
    "infeasible_share_vs_cap": (
        {"budget", "live share (at least)", "live cap: max_spend ¥1,500"},
        None,  # lowering the share and lowering the budget tie: both are a 25% change
        {
            "lower 'live share' from 20.0% to 15.0%",
            "lower the budget by ¥2,500 (to ¥7,500)",
            "raise the cap of live from ¥1,500 to ¥2,000",
        },
    ),
    "infeasible_target_cpa": (
        {"target CPA (at most)", "search floor: min_spend ¥1,000"},
        "raise 'target CPA' from ¥15 to ¥20",
        {"lower the floor of search from ¥1,000 to ¥0"},
    ),
    "infeasible_kpi_target": (
        {"budget", "new customers (at least)"},
        "lower 'new customers' from 1,000 to 500",
        {"raise the budget by ¥1,000 (to ¥2,000)"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_conflict_set_and_fixes(name: str) -> None:
    rules, cheapest, others = CASES[name]
    with pytest.raises(InfeasibleError) as caught:
        solve(load_scenario(DATA / f"{name}.yaml"))
    error = caught.value
    assert set(error.conflicting_rules) == rules
    texts = [fix.text for fix in error.fixes]
    if cheapest is not None:
        assert texts[0] == cheapest
    assert others <= set(texts) | ({cheapest} if cheapest else set())
    assert all(fix.text_zh for fix in error.fixes)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fix_really_makes_the_scenario_feasible(name: str) -> None:
    scenario = load_scenario(DATA / f"{name}.yaml")
    with pytest.raises(InfeasibleError) as caught:
        solve(scenario)
    for fix in caught.value.fixes:
        fixed = apply_fix(scenario, fix)
        assert solve(fixed).status == "optimal", fix.text


def test_cli_prints_conflict_and_fixes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(DATA / "infeasible_kpi_target.yaml")]) == 2
    err = capsys.readouterr().err
    assert "these conflict: budget; new customers (at least)" in err
    assert "cheapest fix: lower 'new customers' from 1,000 to 500" in err


def test_each_rule_of_a_conflict_and_each_fix_points_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "infeasible_share_vs_cap.yaml"
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"error: {path}:8: rules -> 0 (live share): in the conflict: live share (at least)" in err
    assert f"error: {path}:6: channels -> 1 (live): in the conflict: live cap: max_spend ¥1,500" in err
    assert f"error: {path}:8: rules -> 0 (live share): cheapest fix: lower 'live share' from 20.0% to 15.0%" in err
