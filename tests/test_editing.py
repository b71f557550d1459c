"""Editing scenario files: a change touches only its own lines; comments, style and order survive."""

from __future__ import annotations

import difflib
import functools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.data.io import _yaml, load_scenario
from planner.editing.documents import SaveConflict, preview_save, safe_scenario_path, save_scenario
from planner.editing.templates import duplicate_scenario_text, new_scenario_text
from planner.editing.workspace import diff_text
from planner.editing.yaml_edits import render, update_document
from planner.model.channels import Channel
from planner.model.errors import ScenarioError
from planner.model.rules import LimitRule, ShareRule
from planner.model.scenario import Budget, Objective, Scenario
from tests.conftest import DATA, SCENARIOS

DEMOS = sorted(SCENARIOS.glob("*/*.yaml"))
EDITING = DATA / "editing"
WITH_PERCENT = [p for p in DEMOS if any(line.strip().endswith("%") for line in p.read_text().splitlines())]


def demo_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(params=DEMOS, ids=demo_id)
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one demo scenario file (never the original)."""
    source: Path = request.param
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    return copy


def changes(old_text: str, new_text: str) -> tuple[list[str], list[str]]:
    """Return the lines removed and the lines added, as `git diff` would show them."""
    removed: list[str] = []
    added: list[str] = []
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old_lines[i1:i2]
            added += new_lines[j1:j2]
    return removed, added


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def save(path: Path, new: Scenario) -> tuple[str, str]:
    opened = path.read_text(encoding="utf-8")
    text = save_scenario(path, new, opened)
    assert path.read_text(encoding="utf-8") == text
    assert load_scenario(path).model_dump() == new.model_dump()
    return opened, text


def test_budget_change_touches_only_the_budget_line(demo: Path) -> None:
    old = load_scenario(demo)
    assert old.budget is not None
    opened, text = save(demo, old.with_budget(old.budget.amount + 12345.0))
    removed, added = changes(opened, text)
    assert len(removed) == len(added) == 1
    assert removed[0].split(":")[0] == added[0].split(":")[0]
    assert added[0].strip().startswith(("budget:", "amount:"))
    assert f"{old.budget.amount + 12345:.0f}" in added[0]
    assert comments(text) == comments(opened)


def test_channel_cap_change_touches_only_its_line(demo: Path) -> None:
    old = load_scenario(demo)
    index = next(i for i, c in enumerate(old.channels) if c.max_vs_history is not None)
    channels = list(old.channels)
    cap = channels[index].max_vs_history
    assert cap is not None
    channels[index] = channels[index].model_copy(update={"max_vs_history": cap + 0.25})
    opened, text = save(demo, old.model_copy(update={"channels": tuple(channels)}))
    removed, added = changes(opened, text)
    assert [line.strip() for line in added] == [f"max_vs_history: {cap + 0.25:g}"]
    assert [line.strip().split(":")[0] for line in removed] == ["max_vs_history"]
    assert comments(text) == comments(opened)


@pytest.mark.parametrize("source", WITH_PERCENT, ids=demo_id)
def test_share_bound_written_as_percent_stays_a_percent(source: Path, tmp_path: Path) -> None:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    old = load_scenario(path)
    index = next(i for i, r in enumerate(old.rules) if isinstance(r, ShareRule) and r.at_least is not None)
    rules = list(old.rules)
    rules[index] = rules[index].model_copy(update={"at_least": 0.2})
    opened, text = save(path, old.model_copy(update={"rules": tuple(rules)}))
    removed, added = changes(opened, text)
    assert [line.strip() for line in added] == ["at_least: 20%"]
    assert len(removed) == 1
    assert removed[0].strip().endswith("%")


def test_added_channel_and_rule_are_appended_and_valid(demo: Path) -> None:
    old = load_scenario(demo)
    channel = Channel(id="douyin", label="抖音", groups=("paid", "social"), cost_per_conversion=40, max_spend=50000)
    rule = LimitRule(kind="limit", name="douyin floor", channels=("douyin",), at_least=1000)
    share = ShareRule(kind="share", name="douyin share cap", channels=("douyin",), at_most=0.1)
    new = old.model_copy(update={"channels": (*old.channels, channel), "rules": (*old.rules, rule, share)})
    opened, text = save(demo, new)
    removed, added = changes(opened, text)
    assert removed == []
    assert "  - id: douyin" in added
    assert "    groups: [paid, social]" in added
    assert "    channels: [douyin]" in added
    assert "    at_least: 1000" in added
    assert "    at_most: 10%" in added
    assert text.index("- id: douyin") < text.index("rules:") < text.index("name: douyin floor")
    assert comments(text) == comments(opened)


def test_removed_rule_goes_with_its_comment_and_nothing_else(demo: Path) -> None:
    old = load_scenario(demo)
    index = len(old.rules) // 2
    gone = old.rules[index]
    opened, text = save(demo, old.model_copy(update={"rules": old.rules[:index] + old.rules[index + 1 :]}))
    removed, added = changes(opened, text)
    assert added == []
    block = "\n".join(removed)
    assert block in opened  # one contiguous run of lines
    content = [line.strip() for line in removed if line.strip() and not line.strip().startswith("#")]
    assert content[0] == f"- kind: {gone.kind}"
    assert f"name: {gone.name}" in content
    assert sum(line.startswith("- ") for line in content) == 1
    assert "\n\n\n" not in text
    assert not text.endswith("\n\n")


def test_removing_every_rule_removes_the_section(demo: Path) -> None:
    old = load_scenario(demo)
    _, text = save(demo, old.model_copy(update={"rules": ()}))
    assert "rules:" not in text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


def test_no_op_save_is_byte_identical(demo: Path) -> None:
    opened = demo.read_bytes()
    old = load_scenario(demo)
    assert render(update_document(_yaml().load(opened.decode()), old, old)) == opened.decode()
    assert save_scenario(demo, old.model_copy(), opened.decode()) == opened.decode()
    assert demo.read_bytes() == opened
    assert preview_save(demo, old, opened.decode()) == ""


def test_reordered_channels_move_with_their_comments(demo: Path) -> None:
    old = load_scenario(demo)
    opened, text = save(demo, old.model_copy(update={"channels": old.channels[::-1]}))
    assert sorted(comments(text)) == sorted(comments(opened))
    assert sorted(opened.splitlines()) == sorted(text.splitlines())


def test_renamed_rule_changes_only_its_name(demo: Path) -> None:
    old = load_scenario(demo)
    rules = list(old.rules)
    rules[0] = rules[0].model_copy(update={"name": "renamed rule"})
    opened, text = save(demo, old.model_copy(update={"rules": tuple(rules)}))
    removed, added = changes(opened, text)
    assert [line.strip() for line in added] == ["name: renamed rule"]
    assert len(removed) == 1


def test_shorthands_and_end_of_line_comments_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "baseline.yaml"
    shutil.copyfile(SCENARIOS / "us_outdoor" / "baseline.yaml", path)
    old = load_scenario(path)
    opened, text = save(path, old.model_copy(update={"budget": Budget(amount=1_000_000), "margin": 0.4}))
    removed, added = changes(opened, text)
    assert removed == ["budget: 760000  # at most; money we do not need goes back to the inventory budget"]
    assert added[0] == "budget: 1000000  # at most; money we do not need goes back to the inventory budget"
    assert "margin: 0.4" in added
    new = load_scenario(path).model_copy(update={"objective": Objective(maximize="revenue")})
    opened, text = save(path, new)
    assert changes(opened, text) == (["objective: maximize conversions"], ["objective: maximize revenue"])
    new = load_scenario(path).model_copy(update={"budget": Budget(amount=900_000, exactly=True)})
    opened, text = save(path, new)
    assert "budget:\n  amount: 900000\n  exactly: true\n" in text


def test_removed_default_fields_leave_the_file(tmp_path: Path) -> None:
    path = tmp_path / "event_push.yaml"
    shutil.copyfile(SCENARIOS / "tmall_flagship" / "event_push.yaml", path)
    old = load_scenario(path)
    live = old.channels[-1]
    assert live.units is not None
    channels = (*old.channels[:-1], live.model_copy(update={"units": live.units.model_copy(update={"max": None})}))
    new = old.model_copy(update={"channels": channels, "budget": Budget(amount=1_600_000)})
    opened, text = save(path, new)
    removed, added = changes(opened, text)
    assert [line.strip() for line in removed] == [
        "exactly: true  # festival money not spent now is lost, not saved",
        "max: 16",
    ]
    assert added == []


def test_a_hand_indented_file_keeps_its_own_style(tmp_path: Path) -> None:
    path = tmp_path / "hand.yaml"
    shutil.copyfile(EDITING / "hand_indented.yaml", path)
    old = load_scenario(path)
    search = old.channels[0].model_copy(update={"groups": ("paid", "search", "brand")})
    email = Channel(id="email", groups=("owned",), cost_per_conversion=5)
    rule = ShareRule(kind="share", name="email at most 10%", channels=("email",), at_most=0.1)
    channels = (search, old.channels[1], email)
    new = old.model_copy(update={"budget": Budget(amount=60000), "channels": channels, "rules": (*old.rules, rule)})
    opened, text = save(path, new)
    removed, added = changes(opened, text)
    assert removed == ["budget: {amount: 50000}"]
    assert added == [
        "budget: {amount: 60000}",
        "  - brand",
        "- id: email",
        "  groups: [owned]",
        "  cost_per_conversion: 5",
        "- kind: share",
        "  name: email at most 10%",
        "  channels: [email]",
        "  at_most: 0.1",  # this file writes shares as fractions
    ]


def test_british_spelling_and_tranches(tmp_path: Path) -> None:
    path = tmp_path / "british.yaml"
    shutil.copyfile(EDITING / "british.yaml", path)
    old = load_scenario(path)
    tranches = old.channels[1].tranches
    b = old.channels[1].model_copy(update={"tranches": (tranches[0].model_copy(update={"up_to": 150.0}), tranches[1])})
    new = old.model_copy(update={"objective": Objective(maximize="conversions"), "channels": (old.channels[0], b)})
    opened, text = save(path, new)
    assert changes(opened, text) == (
        ["objective: maximise revenue  # the shorthand, spelled the British way", "      - up_to: 100"],
        ["objective: maximise conversions  # the shorthand, spelled the British way", "      - up_to: 150"],
    )
    new = load_scenario(path)
    b = new.channels[1].model_copy(update={"tranches": (new.channels[1].tranches[1],)})
    opened, text = save(path, new.model_copy(update={"channels": (new.channels[0], b)}))
    removed, added = changes(opened, text)
    assert (removed, added) == (["      - up_to: 150", "        cost_per_conversion: 10"], [])


def test_save_conflict_leaves_the_file_alone(demo: Path) -> None:
    opened = demo.read_text(encoding="utf-8")
    old = load_scenario(demo)
    on_disk = opened + "# edited elsewhere\n"
    demo.write_text(on_disk, encoding="utf-8")
    assert old.budget is not None
    with pytest.raises(SaveConflict, match="changed on disk since it was opened; nothing was written") as caught:
        save_scenario(demo, old.with_budget(1.0), opened)
    assert demo.read_text(encoding="utf-8") == on_disk
    assert caught.value.disk_text == on_disk
    assert "+# edited elsewhere" in caught.value.diff


def test_invalid_scenario_is_not_written(demo: Path) -> None:
    opened = demo.read_text(encoding="utf-8")
    old = load_scenario(demo)
    bad = LimitRule(kind="limit", name="typo", group="no_such_group", at_least=1)
    with pytest.raises(ScenarioError, match="no_such_group"):
        save_scenario(demo, old.model_copy(update={"rules": (*old.rules, bad)}), opened)
    with pytest.raises(ScenarioError):
        save_scenario(demo, old.model_copy(update={"budget": Budget.model_construct(amount=-5.0)}), opened)
    assert demo.read_text(encoding="utf-8") == opened


def test_preview_shows_the_diff_without_writing(demo: Path) -> None:
    opened = demo.read_text(encoding="utf-8")
    old = load_scenario(demo)
    diff = preview_save(demo, old.with_budget(123456.0), opened)
    assert diff.startswith(f"--- a/{demo.name}\n+++ b/{demo.name}\n")
    assert [line for line in diff.splitlines() if line.startswith("+") and "123456" in line]
    assert demo.read_text(encoding="utf-8") == opened


def test_diff_text() -> None:
    assert diff_text("a\n", "a\n", "x.yaml") == ""
    assert diff_text("a\nb\n", "a\nc\n", "x.yaml") == "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"


@functools.cache
def tmall_baseline() -> tuple[str, Scenario]:
    path = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    return path.read_text(encoding="utf-8"), load_scenario(path)


@settings(max_examples=20, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10**9),
    cap=st.sampled_from([0.9, 1.0, 1.25, 1.333, 2.0, 3.5]),
    share=st.integers(min_value=1, max_value=40),
)
def test_any_value_change_round_trips(amount: int, cap: float, share: int) -> None:
    opened, old = tmall_baseline()
    channels = (old.channels[0].model_copy(update={"max_vs_history": cap}), *old.channels[1:])
    rules = (old.rules[0].model_copy(update={"at_least": share / 100}), *old.rules[1:])
    new = old.model_copy(update={"budget": Budget(amount=amount), "channels": channels, "rules": rules})
    text = render(update_document(_yaml().load(opened), old, new))
    assert Scenario.model_validate(_yaml().load(text)).model_dump() == new.model_dump()
    removed, added = changes(opened, text)
    assert len(removed) == len(added) <= 3
    assert f"at_least: {share}%" in text or share == 15


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "../x",
        "a/b",
        "a\\b",
        ".hidden",
        "..",
        "con",
        "CON.yaml",
        "lpt1",
        "x" * 200,
        "tab\there",
        "semi;colon",
    ],
)
def test_unsafe_names_are_rejected(name: str, tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        safe_scenario_path(tmp_path, name)
    assert "\n" not in str(caught.value)


def test_safe_names_are_accepted_and_protected(tmp_path: Path) -> None:
    path = safe_scenario_path(tmp_path, "  双十一 push ")
    assert path == tmp_path.resolve() / "双十一 push.yaml"
    assert safe_scenario_path(tmp_path, "q4-plan_v2.yml").name == "q4-plan_v2.yml"
    path.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="already exists; choose another name"):
        safe_scenario_path(tmp_path, "双十一 push")
    assert safe_scenario_path(tmp_path, "双十一 push", overwrite=True) == path


@pytest.mark.parametrize("history", ["history.csv", None])
def test_new_scenario_template_loads(history: str | None, tmp_path: Path) -> None:
    text = new_scenario_text("Tmall 旗舰店", "cny", ["直通车", "Google Ads", "Google Ads", "淘宝直播"], history)
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    assert [c.id for c in scenario.channels] == ["channel_1", "google_ads", "google_ads_2", "channel_4"]
    assert [c.label for c in scenario.channels] == ["直通车", "Google Ads", "Google Ads", "淘宝直播"]
    assert scenario.currency == "CNY"
    assert scenario.store == "Tmall 旗舰店"
    assert scenario.objective == Objective(maximize="conversions")
    assert scenario.budget is not None
    assert scenario.budget.amount > 0
    assert (scenario.history is not None) == (history is not None)
    assert all((c.cost_per_conversion is None) == (history is not None) for c in scenario.channels)
    assert sum(line.startswith("#") for line in text.splitlines()) >= 8
    rule = LimitRule(kind="limit", name="floor", channels=("google_ads",), at_least=100)
    opened, edited = save(path, scenario.model_copy(update={"budget": Budget(amount=250_000), "rules": (rule,)}))
    removed, added = changes(opened, edited)
    assert (removed, added[0]) == (["budget: 100000"], "budget: 250000")
    assert edited.endswith(
        "\nrules:\n  - kind: limit\n    name: floor\n    channels: [google_ads]\n    at_least: 100\n"
    )
    with pytest.raises(ScenarioError):
        new_scenario_text("x", "dollars", ["a"], None)


def test_duplicate_changes_only_the_name(demo: Path) -> None:
    opened = demo.read_text(encoding="utf-8")
    text = duplicate_scenario_text(opened, "Copy: 双十一")
    assert changes(opened, text)[1] == ["name: 'Copy: 双十一'"]
    assert len(changes(opened, text)[0]) == 1
    copy = demo.with_name("copy.yaml")
    copy.write_text(text, encoding="utf-8")
    assert load_scenario(copy).name == "Copy: 双十一"
