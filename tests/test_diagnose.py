"""Infeasible scenarios: a plain summary, one located problem per rule in conflict, and a fix for each that works.

Every expectation here was worked out by hand from the fixture's comment (tests/data/infeasible_*.yaml).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner import InfeasibleError, Scenario, load_scenario, solve
from planner.cli import main
from planner.model.formatting import format_money, format_number, format_ratio, format_share
from planner.model.i18n import render
from planner.optimize.fixes import Fix, apply_fix
from tests.conftest import DATA, SCENARIOS
from tests.test_i18n import english_words

# name: (summary in English, the label of every fix offered, cheapest first where it is unambiguous)
CASES: dict[str, tuple[str, list[str]]] = {
    "infeasible_floors_over_budget": (
        "The floors of 直通车, 淘宝直播 add up to ¥1,200, more than the budget of ¥1,000. The smallest change "
        "that makes a plan "
        "possible is to raise the budget by ¥200 to ¥1,200.",
        [
            "raise the budget by ¥200 to ¥1,200",
            "lower the floor of 直通车 from ¥600 to ¥400",
            "lower the floor of 淘宝直播 from ¥600 to ¥400",
        ],
    ),
    "infeasible_kpi_target": (
        "These rules cannot all hold at once: the budget of ¥1,000, 'new customers' (at least 1,000). "
        "'new customers' needs at least 1,000, but under the other rules the most the plan can reach is 500. "
        "The smallest change that makes a plan possible is to lower 'new customers' from 1,000 to 500.",
        ["lower 'new customers' from 1,000 to 500", "raise the budget by ¥1,000 to ¥2,000"],
    ),
    "infeasible_target_cpa": (
        "These rules cannot all hold at once: 'target CPA' (CPA at most ¥15), the floor of search "
        "(min_spend ¥1,000). 'target CPA' asks for a CPA of at most ¥15, but under the other rules the lowest it "
        "can be is ¥20. The smallest change that makes a plan possible is to raise 'target CPA' "
        "from ¥15 to ¥20.",
        ["raise 'target CPA' from ¥15 to ¥20", "lower the floor of search from ¥1,000 to ¥0"],
    ),
    "infeasible_min_roas": (
        "These rules cannot all hold at once: the budget of ¥5,000, 'ROAS target' (ROAS at least 2.90), the floor "
        "of brand (min_spend ¥1,000). 'ROAS target' asks for a ROAS of at least 2.90, but under the other rules "
        "the highest it can be is 2.80. The smallest change that makes a plan possible is to lower "
        "'ROAS target' from 2.90 to 2.80.",
        [
            "lower 'ROAS target' from 2.90 to 2.80",
            "lower the floor of brand from ¥1,000 to ¥500",
            "raise the budget by ¥5,000 to ¥10,000",
        ],
    ),
    "infeasible_floor_above_cap": (
        "tv has a floor above its cap: it must get at least ¥600 (min_spend ¥600) but at most ¥400 (at most 4 × "
        "ad). The smallest change that makes a plan possible is to lower the floor of tv from ¥600 "
        "to ¥400.",
        ["lower the floor of tv from ¥600 to ¥400", "raise the cap of tv from ¥400 to ¥600"],
    ),
    "infeasible_floor_above_data_cap": (
        "search has a floor above its cap: it must get at least ¥600 (min_spend ¥600) but at most ¥400 (end of "
        "its last tranche). The smallest change that makes a plan possible is to lower the floor of search "
        "from ¥600 to ¥400.",
        ["lower the floor of search from ¥600 to ¥400"],
    ),
    "infeasible_locked_over_budget": (
        "display is locked at ¥1,500, above the budget of ¥1,000. The smallest change that makes a plan possible "
        "is to lock display at ¥1,000 instead of ¥1,500.",
        ["lock display at ¥1,000 instead of ¥1,500", "raise the budget by ¥500 to ¥1,500"],
    ),
    "infeasible_rule_floor_over_budget": (
        "These rules cannot all hold at once: the budget of ¥1,000, 'paid floor' (at least ¥1,500). 'paid floor' "
        "needs at least ¥1,500, but under the other rules the most the plan can reach is ¥1,000. The smallest "
        "change that makes a plan possible is to lower 'paid floor' from ¥1,500 to ¥1,000.",
        ["lower 'paid floor' from ¥1,500 to ¥1,000", "raise the budget by ¥500 to ¥1,500"],
    ),
    "infeasible_shares_over_100": (
        "These rules cannot all hold at once: spending exactly the budget of ¥1,000, 'live share' (at least "
        "60.0%), 'search share' (at least 60.0%). 'live share' needs at least 60.0%, but under the other rules the "
        "most the plan can reach is 40.0%. The smallest change that makes a plan possible is to "
        "lower 'live share' from 60.0% to 40.0%.",
        [
            "lower 'live share' from 60.0% to 40.0%",
            "lower 'search share' from 60.0% to 40.0%",
            "lower the budget by ¥1,000 to ¥0",  # spend nothing: every share holds
        ],
    ),
    "infeasible_share_vs_cap": (
        "These rules cannot all hold at once: spending exactly the budget of ¥10,000, 'live share' (at least "
        "20.0%), the cap of live (max_spend ¥1,500). 'live share' needs at least 20.0%, but under the other rules "
        "the most the plan can reach is 15.0%.",  # the cheapest ties (25% either way): not asserted
        [
            "lower 'live share' from 20.0% to 15.0%",
            "lower the budget by ¥2,500 to ¥7,500",
            "raise the cap of live from ¥1,500 to ¥2,000",
        ],
    ),
}


def infeasible(scenario: Scenario) -> InfeasibleError:
    """Return the error solving a scenario raises (failing the test when it solves)."""
    with pytest.raises(InfeasibleError) as caught:
        solve(scenario)
    return caught.value


@pytest.mark.parametrize("name", sorted(CASES))
def test_summary_and_fixes_read_as_worked_out_by_hand(name: str) -> None:
    summary, labels = CASES[name]
    error = infeasible(load_scenario(DATA / f"{name}.yaml"))
    assert " ".join(render(sentence, "en") for sentence in error.summary).startswith(summary)
    assert sorted(fix.text for fix in error.fixes) == sorted(labels)
    if name != "infeasible_share_vs_cap":
        assert error.fixes[0].text == labels[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_rule_in_conflict_is_a_located_sentence_with_its_fix(name: str) -> None:
    error = infeasible(load_scenario(DATA / f"{name}.yaml"))
    assert len(error.problems) == len(error.conflicting_rules)
    fixed_alone = {fix.text for fix in error.fixes}
    for problem in error.problems:
        assert problem.field, problem
        message = problem.render("en")
        assert "in the conflict" not in message
        assert not message.startswith("or:")
        assert message.endswith(".")
        # Each names its own fix, one of those offered, unless its limit comes from the data.
        assert any(label in message for label in fixed_alone) or "comes from the data" in message, message


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fix_writes_the_number_its_label_shows_and_makes_a_plan(name: str) -> None:
    scenario = load_scenario(DATA / f"{name}.yaml")
    error = infeasible(scenario)
    assert error.fixes
    for fix in error.fixes:
        check_fix(scenario, fix)


def check_fix(scenario: Scenario, fix: Fix) -> None:
    """Assert a fix's label shows exactly what it writes (both languages), and that the fixed scenario solves."""
    fixed = apply_fix(scenario, fix)
    assert solve(fixed).status == "optimal", fix.text
    if fix.target in ("drop", "together"):
        return
    written = [edit for edit in fix.edits if isinstance(edit.value, float)]
    assert len(written) == (2 if fix.target == "lock" else 1), fix.edits
    for edit in written:
        assert read(fixed, edit.path) == edit.value == fix.value
    shown = shown_in(scenario, fix)
    for language in ("en", "zh"):
        label = render(fix.label, language)
        assert re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d.,%]*\d)", label), (shown, label)


def read(scenario: Scenario, path: tuple[str | int, ...]) -> object:
    node: object = scenario.model_dump(warnings=False)
    for part in path:
        node = node[part]  # type: ignore[index]
    return node


def shown_in(scenario: Scenario, fix: Fix) -> str:
    """Return the written value formatted by the number policy, the way its kind of limit is shown."""
    symbol = scenario.currency_symbol
    if fix.target in ("budget", "floor", "cap", "lock"):
        return format_money(fix.value, symbol)
    rule = next((r for r in scenario.rules if r.name == fix.name), None)
    kind = getattr(rule, "kind", "resource")
    if kind == "share":
        return format_share(fix.value)
    if kind in ("ratio", "min_roas"):
        return format_ratio(fix.value)
    if kind == "max_cpa" or getattr(rule, "measure", "") in ("spend", "revenue", "profit"):
        return format_money(fix.value, symbol)
    return format_number(fix.value)


def test_the_chinese_summary_is_chinese() -> None:
    error = infeasible(load_scenario(DATA / "infeasible_share_vs_cap.yaml"))
    text = error.render("zh")
    assert text.startswith("以下规则无法同时满足：恰好花完预算 ¥10,000、「live share」（至少 20.0%）、live的上限（")
    assert "「live share」要求至少 20.0%，但在其他规则下，方案最多只能达到 15.0%。" in text
    assert "将「live share」从 20.0% 降低到 15.0%" in text
    # Only the user's own names (and the reasons the curves layer gives) stay in Latin letters.
    names = {"live share", "live", "max_spend", "budget", "rules", "channels", "at_least"}
    assert not english_words(text, names), english_words(text, names)


def test_tmall_kpi_target_at_a_small_budget_fixes_what_it_names() -> None:
    """Issue 9: at ¥1.8M the target is out of reach; the label once said 15,793 and wrote 15,790."""
    scenario = load_scenario(SCENARIOS / "tmall_flagship" / "baseline.yaml").with_budget(1_800_000)
    error = infeasible(scenario)
    summary = " ".join(render(sentence, "en") for sentence in error.summary)
    assert summary.startswith(
        "These rules cannot all hold at once: the budget of ¥1,800,000, 'new customers target' (at least 18,000)."
    )
    target = next(fix for fix in error.fixes if fix.name == "new customers target")
    assert target.text == f"lower 'new customers target' from 18,000 to {format_number(target.value)}"
    assert 15_700 < target.value < 15_900
    assert target.value == int(target.value)
    assert f"the most the plan can reach is {format_number(target.value)}." in summary
    assert {fix.target for fix in error.fixes} == {"budget", "rule"}
    for fix in error.fixes:
        check_fix(scenario, fix)
    # One less new customer than written is reachable; one more is not: the fix is the least change.
    rule_index = next(i for i, r in enumerate(scenario.rules) if r.name == "new customers target")
    rules = [r.model_dump() for r in scenario.rules]
    rules[rule_index]["at_least"] = target.value + 1
    infeasible(scenario.vary(rules=rules))


def test_tmall_floors_over_a_small_budget_each_get_a_fix_or_a_reason() -> None:
    scenario = load_scenario(SCENARIOS / "tmall_flagship" / "baseline.yaml").with_budget(1_000_000)
    error = infeasible(scenario)
    assert error.fixes[0].text.startswith("raise the budget by ¥1,033,14")
    for problem in error.problems:
        message = problem.render("en")
        assert "Alone, this fixes it" in message or "(together)" in message, message
    for fix in error.fixes:
        check_fix(scenario, fix)


def test_cli_prints_the_summary_then_each_rule_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "infeasible_share_vs_cap.yaml"
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: These rules cannot all hold at once: spending exactly the budget of ¥10,000")
    assert err[1:] == [
        f"error: {path}:3: budget: The budget of ¥10,000 must be spent exactly, but the other rules allow at most "
        "¥7,500. Alone, this fixes it: lower the budget by ¥2,500 to ¥7,500.",
        f"error: {path}:8: rules -> 0 (live share) -> at_least: 'live share' needs at least 20.0%, but under the "
        "other rules the most the plan can reach is 15.0%. Alone, this fixes it: lower 'live share' from 20.0% to "
        "15.0%.",
        f"error: {path}:6: channels -> 1 (live) -> max_spend: live may get at most ¥1,500 (max_spend ¥1,500), but "
        "the other rules need at least ¥2,000 there. Alone, this fixes it: raise the cap of live from ¥1,500 to "
        "¥2,000.",
    ]


def test_cli_explain_in_chinese_prints_the_conflict_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "infeasible_kpi_target.yaml"
    assert main(["explain", str(path), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "「new customers」要求至少 1,000，但在其他规则下，方案最多只能达到 500。" in err
    assert f"{path}:8: rules -> 0 (new customers) -> at_least: " in err
    assert "将预算增加 ¥1,000，至 ¥2,000" in err


def test_a_fix_is_rounded_to_what_its_label_shows_in_the_safe_direction(tmp_path: Path) -> None:
    """A share needs 14.99…%: the label and the file say 14.9%, never 15.0% (which would not be enough)."""
    path = tmp_path / "share.yaml"
    text = (DATA / "infeasible_share_vs_cap.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("max_spend: 1500", "max_spend: 1499"), encoding="utf-8")
    scenario = load_scenario(path)
    share = next(fix for fix in infeasible(scenario).fixes if fix.name == "live share")
    assert share.value == pytest.approx(0.149)
    assert share.text == "lower 'live share' from 20.0% to 14.9%"
    check_fix(scenario, share)
