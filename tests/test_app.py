"""The Streamlit app driven by AppTest: open, re-plan, conflict and fix, edit, save, refuse, compare."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_helpers import open_app
from tests.conftest import SCENARIOS

DEMOS = sorted(SCENARIOS.rglob("*.yaml"))


def budget_input(at: AppTest):
    return next(n for n in at.number_input if str(n.key).endswith("::number"))


def test_sidebar_lists_every_scenario_grouped_by_store(folder: Path) -> None:
    at = open_app()
    options = at.selectbox(key="scenario").options
    assert len(options) == len(DEMOS)
    assert all(" · " in option for option in options)
    assert at.title[0].value == "Promo Planner"


@pytest.mark.parametrize("name", [f"{p.parent.name}/{p.name}" for p in DEMOS])
def test_each_demo_scenario_opens_with_a_plan(folder: Path, name: str) -> None:
    at = open_app(folder / name)
    assert not at.error, [e.value for e in at.error]
    assert len(at.metric) == 4
    assert at.metric[0].value.startswith(("¥", "$"))


def test_budget_change_replans_and_survives_reruns(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    before = at.metric[1].value
    budget_input(at).set_value(2_150_000.0).run()
    after = at.metric[1].value
    assert after != before
    at.run()  # an unrelated rerun keeps the edit
    assert at.metric[1].value == after
    assert budget_input(at).value == 2_150_000.0


def test_infeasible_budget_shows_the_conflict_and_a_fix_that_works(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    budget_input(at).set_value(1_000.0).run()
    assert at.error
    texts = " ".join(m.value for m in at.markdown)
    assert "more than the budget" in texts
    fix = next(b for b in at.button if str(b.key).startswith("fix::"))
    assert "raise the budget" in fix.label
    fix.click().run()
    assert not at.error
    assert len(at.metric) == 4


def test_invalid_edit_is_shown_and_not_applied(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    name = next(t for t in at.text_input if str(t.key).endswith("::name"))
    name.set_value("").run()
    assert any("invalid" in e.value.lower() or "not applied" in e.value.lower() for e in at.error)
    assert at.header[0].value == "Tmall baseline Q4"  # the working scenario kept its valid name


def test_save_keeps_comments_and_changes_only_the_budget_line(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    original = path.read_text(encoding="utf-8")
    at = open_app(path)
    budget_input(at).set_value(2_300_000.0).run()
    assert any("2300000" in c.value for c in at.code)  # the diff preview
    at.button(key="save").click().run()
    assert not at.exception
    saved = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(original.splitlines(), saved.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2, changed
    assert all("2300000" in line or "2200000" in line for line in changed)
    comments = [line for line in original.splitlines() if line.strip().startswith("#")]
    assert all(comment in saved for comment in comments)


def test_save_refuses_when_the_file_changed_on_disk(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    budget_input(at).set_value(2_300_000.0).run()
    someone_else = path.read_text(encoding="utf-8").replace("name: ", "name: Edited ", 1)
    path.write_text(someone_else, encoding="utf-8")
    at.run()
    assert any("changed on disk" in e.value for e in at.error)
    assert not any(b.key == "save" for b in at.button)
    assert path.read_text(encoding="utf-8") == someone_else


@pytest.mark.parametrize("name", ["../escape", "a/b", ".hidden", "baseline"])
def test_save_as_refuses_unsafe_or_existing_names(folder: Path, name: str) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    before = sorted(p.name for p in folder.rglob("*"))
    at.text_input(key="save_as_name").set_value(name).run()
    at.button(key="save_as").click().run()
    assert at.error
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_save_as_writes_a_new_valid_scenario(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("双十一 plan").run()
    at.button(key="save_as").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (folder / "tmall_flagship" / "双十一 plan.yaml").exists()


def test_compare_two_scenarios(folder: Path) -> None:
    at = open_app()
    picked = at.multiselect(key="compare").value
    assert len(picked) == 2
    names = {"Tmall Double 11 push", "Tmall baseline Q4"}
    side_by_side = [d.value for d in at.dataframe if names <= set(map(str, d.value.columns))]
    assert len(side_by_side) == 3  # totals, allocations, and the inputs that differ
    totals = side_by_side[0]
    assert totals.loc["spend", "Tmall baseline Q4"] == pytest.approx(2_200_000)


def test_language_switch_to_chinese(folder: Path) -> None:
    at = open_app()
    at.radio(key="language").set_value("zh").run()
    assert at.title[0].value == "推广预算规划"
    assert at.metric[1].label == "转化"


def test_new_scenario_from_the_template_for_the_same_store(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("spring sale").run()
    at.button(key="new_from_template").click().run()
    assert not at.error, [e.value for e in at.error]
    created = folder / "us_outdoor" / "spring sale.yaml"
    assert created.exists()
    assert created.read_text(encoding="utf-8").lstrip().startswith("#")
    assert at.selectbox(key="scenario").value == str(created)


def test_rename_moves_the_file(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    at.text_input(key="save_as_name").set_value("bfcm").run()
    at.button(key="rename").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (folder / "us_outdoor" / "bfcm.yaml").exists()
    assert not (folder / "us_outdoor" / "event_push.yaml").exists()


def test_store_folder_names_are_safe() -> None:
    from planner.editing.workspace import store_folder_name

    assert store_folder_name("Tmall flagship (天猫旗舰店)") == "Tmall_flagship__天猫旗舰店"
    assert store_folder_name("../../etc") == "etc"
    assert store_folder_name("") == "store"


def test_upload_refuses_files_over_the_limit() -> None:
    from planner import HistoryError
    from planner.data.io import MAX_UPLOAD_BYTES, read_history_upload

    with pytest.raises(HistoryError, match="larger than 20 MB"):
        read_history_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "big.csv")
    frame = read_history_upload(
        "date,channel,spend,conversions,revenue\n2026-01-05,直通车,100,4,600\n".encode(), "h.csv"
    )
    assert frame["channel"].iloc[0] == "直通车"


def test_a_budget_change_after_saving_is_not_lost(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    budget_input(at).set_value(2_300_000.0).run()
    at.button(key="save").click().run()
    budget_input(at).set_value(2_400_000.0).run()
    assert at.metric[0].value == "¥2,400,000"
    assert any("2400000" in c.value for c in at.code)  # the next save's preview has it


def test_an_objective_edit_shows_in_the_same_run(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    measure = next(s for s in at.selectbox if str(s.key).endswith("::measure"))
    measure.set_value("revenue").run()
    headline = next(m.value for m in at.markdown if m.value.startswith("- The best plan"))
    assert "revenue" in headline


def test_invalid_edit_message_is_in_words_without_links(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    next(t for t in at.text_input if str(t.key).endswith("::name")).set_value("").run()
    messages = " ".join(m.value for m in at.markdown)
    assert "name: is empty; write at least 1 character(s)" in messages
    assert "https://" not in messages


def test_save_as_names_the_new_scenario_after_its_file(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    at.text_input(key="save_as_name").set_value("Q1 plan").run()
    at.button(key="save_as").click().run()
    assert "name: Q1 plan" in (folder / "tmall_flagship" / "Q1 plan.yaml").read_text(encoding="utf-8")


def test_rename_refuses_while_edits_are_unsaved(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    budget_input(at).set_value(400_000.0).run()
    at.text_input(key="save_as_name").set_value("bfcm").run()
    at.button(key="rename").click().run()
    assert any("Save or discard" in e.value for e in at.error)
    assert (folder / "us_outdoor" / "event_push.yaml").exists()
    assert not (folder / "us_outdoor" / "bfcm.yaml").exists()
