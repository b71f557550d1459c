"""Every plan carries its "why" in English and Chinese, with the numbers behind the words."""

from __future__ import annotations

import json

import pytest

from planner import solve
from planner.cli import main
from planner.data.io import load_scenario
from tests.conftest import SCENARIOS, scenario
from tests.test_i18n import english_words


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands below name their language when it matters; the machine's LANG must not choose it."""
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_explanation_of_a_hand_checked_plan(three_channels) -> None:
    """Budget worth 0.05/¥ → ¥50 (5% of the ¥1,000 budget) buys 2.5; A at its cap worth 0.05/¥; C would enter at ¥20."""
    rules = scenario([{"id": "x"}], rules=[{"kind": "limit", "name": "live floor", "channels": ["x"], "at_least": 0}])
    plan = solve(three_channels)
    by_kind: dict[str, list] = {}
    for finding in plan.explanation:
        by_kind.setdefault(finding.kind, []).append(finding)
    assert by_kind["headline"][0].en.startswith("The best plan spends ¥1,000 for 80 conversions")
    assert by_kind["next_budget"][0].en.startswith("The next ¥50 of budget buys about 2.5 more conversions")
    assert by_kind["next_budget"][0].zh == "再增加 ¥50 预算，约可多获得 2.5 转化（每 ¥1 约 0.05）。"
    cap = next(f for f in by_kind["at_bound"] if f.subject == "a")
    assert "a is at its cap (max_spend ¥600); raising it by ¥50 would give about 2.5 more" in cap.en
    enter = next(f for f in by_kind["would_enter"] if f.subject == "c")
    assert enter.value == pytest.approx(20)
    assert "at a cost per conversion of ¥20 or less (now ¥50)" in enter.en
    marginal = {f.subject: f.value for f in by_kind["marginal_cost"]}
    assert marginal["b"] == pytest.approx(20)
    assert rules.rules  # the helper scenario validates


def test_binding_rule_is_explained_with_its_cost(three_channels) -> None:
    from tests.test_optimum import _rules

    plan = solve(
        three_channels.model_copy(
            update={"rules": _rules([{"kind": "share", "name": "live share", "group": "live", "at_least": "30%"}])}
        )
    )
    finding = next(f for f in plan.explanation if f.kind == "binding_rule")
    # shadow -30 per unit of share → lowering it one point gives 0.3 more conversions
    assert (
        finding.en == "'live share' binds: lowering it by one percentage point would give about 0.3 more conversions."
    )
    assert finding.zh.startswith("「live share」是瓶颈：降低 1 个百分点，约可多获得 0.3 转化")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cli_explain(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    assert main(["explain", str(path), "--lang", language]) == 0
    out = capsys.readouterr().out
    assert ("最优方案" if language == "zh" else "The best plan") in out


def test_cli_explains_a_conflict_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Floors add up to ¥1,539,478 against a budget of ¥1,500,000: every line in Chinese, the fix with its amount."""
    path = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    assert main(["explain", str(path), "--lang", "zh", "--budget", "1500000"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert all(line.startswith("错误：") for line in lines)
    assert any("预算" in line and "¥" in line for line in lines)
    allowed = {str(path), *located_fields(path, budget=1_500_000)}  # where in the file: the author's own keys
    allowed |= {c.display_name for c in load_scenario(path).channels} | {r.name for r in load_scenario(path).rules}
    assert not english_words(err, allowed), english_words(err, allowed)


def located_fields(path, budget: float) -> set[str]:
    """Return the field paths (channels -> 0 (through_train) -> min_vs_history) a conflict's problems point to."""
    from planner.data.io import locate_problems
    from planner.model.errors import PlannerError

    try:
        solve(load_scenario(path), budget=budget)
    except PlannerError as error:
        return {problem.field for problem in locate_problems(error, path).problems if problem.field}
    raise AssertionError("expected a conflict")


def many_channels(count: int) -> list[dict]:
    """Return channels whose first conversions cost ¥5, ¥6, … and the rest ¥30, ¥31, … (a kink each)."""
    return [
        {
            "id": f"ch{i:02d}",
            "tranches": [{"up_to": 100 + 10 * i, "cost_per_conversion": 5 + i}, {"cost_per_conversion": 30 + i}],
        }
        for i in range(count)
    ]


def test_an_explanation_of_many_channels_says_how_many_it_explains() -> None:
    """40 channels: the lines about channels are a selection, and the plan says so before them, in both languages."""
    plan = solve(scenario(many_channels(40), budget=5000))
    kinds = [finding.kind for finding in plan.explanation]
    note = plan.explanation[kinds.index("channels_shown")]
    about = {f.subject for f in plan.explanation if f.subject.startswith("ch")}
    assert 12 <= len(about) < 40
    assert note.value == len(about)
    assert note.en.startswith(f"The lines below explain {len(about)} of the 40 channels")
    assert "The allocation table lists every channel." in note.en
    assert note.zh.startswith(f"以下说明 40 个渠道中的 {len(about)} 个")
    first = min(i for i, f in enumerate(plan.explanation) if f.subject in about)
    assert kinds.index("channels_shown") < first  # said before the list it is about


def test_a_few_channels_are_all_explained_without_a_note() -> None:
    plan = solve(scenario(many_channels(12), budget=5000))
    assert "channels_shown" not in [finding.kind for finding in plan.explanation]
    assert {f.subject for f in plan.explanation if f.subject.startswith("ch")} == {f"ch{i:02d}" for i in range(12)}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_cli_explain_tells_how_to_explain_every_channel(
    tmp_path, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(json.dumps({"name": "many", "budget": 5000, "channels": many_channels(40)}), encoding="utf-8")
    assert main(["explain", str(path), "--lang", language]) == 0
    out = capsys.readouterr().out
    assert ("40 个渠道中的" if language == "zh" else "of the 40 channels") in out
    assert (
        "加上 --all-channels 可说明全部渠道。" if language == "zh" else "Add --all-channels to explain every channel."
    ) in out
    assert "ch39" not in out  # the cheapest-last channel is neither large nor near a change
    assert main(["explain", str(path), "--lang", language, "--all-channels"]) == 0
    every = capsys.readouterr().out
    assert all(f"ch{i:02d}" in every for i in range(40))
    assert "--all-channels" not in every
    assert ("40 个渠道中的" if language == "zh" else "of the 40 channels") not in every


def test_the_help_of_all_channels_names_the_explainers_limit(capsys: pytest.CaptureFixture[str]) -> None:
    from planner.insight.explain import MOST_CHANNELS

    assert main(["explain", "--help"]) == 0
    assert f"a plan over more than {MOST_CHANNELS} channels" in " ".join(capsys.readouterr().out.split())
    assert main(["explain", "--help", "--lang", "zh"]) == 0
    assert f"超过{MOST_CHANNELS}个渠道的方案" in "".join(capsys.readouterr().out.split())  # wrapped lines joined


@pytest.mark.parametrize(
    ("scale", "budget_line", "cap_line"),
    [
        (
            1.0,
            "The next ¥10,000 of budget buys about 200 more conversions (0.02 per ¥1).",
            "甲 is at its cap (max_spend ¥600,000); raising it by ¥10,000 would give about 800 more conversions.",
        ),
        (
            1e6,  # a step of ¥10,000 says nothing next to ¥1e12: a round 0.01% of the budget
            "The next ¥100,000,000 of budget buys about 2 more conversions (2.00e-08 per ¥1).",
            "甲 is at its cap (max_spend ¥600,000,000,000); raising it by ¥100,000,000 would give about 8 more "
            "conversions.",
        ),
    ],
)
def test_the_why_holds_at_every_scale_of_money(scale: float, budget_line: str, cap_line: str) -> None:
    """The same store with all its money × 1e6: the budget still binds and 甲 is still at its cap (the worths were
    compared with an absolute 1e-9, so at ¥1e12 the explanation said the budget was not spent)."""
    plan = solve(
        scenario(
            [
                {"id": "a", "label": "甲", "cost_per_conversion": 10 * scale, "max_spend": 6e5 * scale},
                {
                    "id": "b",
                    "label": "乙",
                    "tranches": [
                        {"up_to": 3e5 * scale, "cost_per_conversion": 20 * scale},
                        {"cost_per_conversion": 50 * scale},
                    ],
                },
            ],
            budget=1e6 * scale,
        )
    )
    lines = plan.explain("en").splitlines()
    assert lines[1:3] == [budget_line, cap_line]
