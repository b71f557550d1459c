"""Regressions found in review: every user mistake is an error with a place, never a traceback or a silent pass."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from planner import Budget, ScenarioError, load_scenario, solve
from planner.editing.tables import apply_channels_table, apply_rules_table, channels_table, rules_table
from planner.model.rules import RatioRule, ShareRule
from tests.conftest import ROOT, SCENARIOS, scenario

BASELINE = SCENARIOS / "tmall_flagship" / "baseline.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "planner.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)


def test_an_impossible_calendar_date_is_located(tmp_path: Path) -> None:
    copy = tmp_path / "s.yaml"
    copy.write_text(BASELINE.read_text(encoding="utf-8").replace("end: 2026-09-28", "end: 2026-02-30"), "utf-8")
    result = run("validate", str(copy))
    assert result.returncode == 2
    assert "2026-02-30 is not a date" in result.stderr
    assert f"{copy}:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("solve", "scenarios"), "is a folder"),
        (("solve", str(BASELINE), "--budget", "nan"), "not a finite amount"),
        (("schema", "-o", "/no/such/folder/schema.json"), "/no/such/folder: no such file or folder"),
        (("frontier", str(BASELINE), "--up-to", "-1"), "--up-to must be"),
    ],
)
def test_command_line_mistakes_exit_2_without_traceback(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "update",
    [{"budget": -5}, {"budget": {"amount": 1e6}}, {"objective": "maximize nothing_known"}, {"period_weeks": 0}],
)
def test_scenarios_varied_with_model_copy_are_validated_before_solving(update: dict) -> None:
    base = load_scenario(BASELINE)
    varied = base.model_copy(update=update)
    if update == {"budget": {"amount": 1e6}}:
        assert varied.vary().budget == Budget(amount=1e6)  # a dict is read as the budget it describes
        return
    with pytest.raises(ScenarioError):
        solve(varied)


def test_vary_validates_and_keeps_the_source() -> None:
    base = load_scenario(BASELINE)
    assert base.vary(period_weeks=26).history_path() == base.history_path()
    with pytest.raises(ScenarioError, match="currency"):
        base.vary(currency="usd")


def test_vary_refuses_a_rule_naming_a_channel_the_scenario_has_not() -> None:
    """What a file would be refused for, a variant made in code is refused for too, where it is made."""
    base = load_scenario(BASELINE)
    rule = {"kind": "limit", "name": "cap the unknown", "channels": ["no_such_channel"], "at_most": 100}
    with pytest.raises(ScenarioError) as raised:
        base.vary(rules=[*(r.model_dump(warnings=False) for r in base.rules), rule])
    assert "no_such_channel" in str(raised.value)
    assert raised.value.problems[0].field.startswith("rules -> ")


def test_ratio_of_spend_per_unit_bought_is_accepted() -> None:
    s = scenario(
        [
            {"id": "display", "cost_per_conversion": 20, "groups": ["display"]},
            {"id": "live", "units": {"name": "session", "cost": 1000, "max": 4}, "cost_per_conversion": 10},
        ],
        budget=10_000,
        rules=[
            {"kind": "ratio", "name": "display per session", "group": "display", "per": {"channels": ["live"]},
             "per_measure": "units", "at_most": 500},
        ],
    )  # fmt: skip
    plan = solve(s)
    # ≤ ¥500 display per live session: 4 sessions (¥4,000) allow ¥2,000 of display.
    assert plan.allocation.set_index("channel").loc["display", "spend"] == pytest.approx(2000)


def test_kpi_yields_must_be_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        scenario([{"id": "a", "kpis": {"reach": math.nan}}], kpis={"reach": "reach"})


def test_rules_table_keeps_the_denominator_measure() -> None:
    s = scenario(
        [
            {"id": "a", "groups": ["g"], "cost_per_conversion": 10},
            {"id": "b", "groups": ["h"], "cost_per_conversion": 5},
        ],
        budget=100,
        rules=[
            {"kind": "ratio", "name": "r", "group": "g", "per": {"group": "h"}, "per_measure": "revenue", "at_most": 2},
            {"kind": "limit", "name": "floor", "group": "h", "at_least": 10},
        ],
    )  # fmt: skip
    table = rules_table(s)
    table.loc[1, "at_least"] = 20
    edited = apply_rules_table(s, table)
    assert edited.scenario is not None
    ratio = edited.scenario.rules[0]
    assert isinstance(ratio, RatioRule)
    assert ratio.per_measure == "revenue"


def test_renaming_a_channel_in_the_table_keeps_its_units_and_tranches() -> None:
    s = load_scenario(SCENARIOS / "tmall_flagship" / "event_push.yaml")
    table = channels_table(s)
    row = list(table["id"]).index("taobao_live")
    table.loc[row, "id"] = "live"
    edited = apply_channels_table(s, table)
    assert edited.scenario is not None
    live = edited.scenario.channel("live")
    original = s.channel("taobao_live").units
    assert live.units is not None
    assert original is not None
    assert live.units.max == original.max


def test_one_click_fix_is_rounded_as_a_person_would_write_it() -> None:
    from planner import InfeasibleError
    from planner.optimize.diagnose import apply_fix

    s = load_scenario(ROOT / "tests" / "data" / "infeasible_share_vs_cap.yaml").vary(
        rules=[{"kind": "share", "name": "live share", "group": "live", "at_least": 0.2123}]
    )
    with pytest.raises(InfeasibleError) as caught:
        solve(s)
    share = next(f for f in caught.value.fixes if f.name == "live share")
    fixed = apply_fix(s, share)
    share_rule = fixed.rules[0]
    assert isinstance(share_rule, ShareRule)
    assert share_rule.at_least == pytest.approx(0.15)  # floor of 15.0% to 0.1 point, feasible
    assert solve(fixed).status == "optimal"


def test_rule_problems_are_keyed_by_their_row() -> None:
    from planner.editing.tables import problems_by_row

    s = load_scenario(BASELINE)
    table = rules_table(s)
    table.loc[0, "at_least"] = 1.5
    edit = apply_rules_table(s, table)
    assert edit.scenario is None
    assert problems_by_row(edit.problems, "rule") == {0: "at_least: must be at most 1 (100%)"}
    table = rules_table(s)
    table.loc[1, "relative_to"] = "nosuch"
    beside = problems_by_row(apply_rules_table(s, table).problems, "rule")
    assert list(beside) == [1]
    assert "unknown group 'nosuch'" in beside[1]
    edit = apply_rules_table(s, table)
    assert problems_by_row(edit.messages, "rule") == beside  # the messages give the same rows, in English
    (chinese,) = problems_by_row(edit.messages, "rule", "zh").values()
    assert chinese.startswith("per -> group：未知的分组「nosuch」（已有：")
