"""Nothing lost: every session sees the folder as it is on disk, file actions open what they wrote and
refuse over changed files, unsaved edits survive, and saves change only what the user changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_helpers import open_app


def budget(at: AppTest):
    return next(n for n in at.text_input if str(n.key).startswith("budget::"))


def field(at: AppTest, name: str):
    return next(w for w in [*at.text_input, *at.text_area] if str(w.key).endswith(f"::{name}"))


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


# 1. A new session sees what another saved, and what changed outside the app.


def test_a_new_session_sees_what_another_session_saved(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    first = open_app(path)
    budget(first).set_value("2400000").run()
    first.button(key="save").click().run()
    assert "budget: 2400000" in path.read_text(encoding="utf-8")
    second = open_app(path)
    assert budget(second).value == "¥2,400,000"
    assert any("No unsaved changes" in i.value for i in second.info)
    assert not any(b.key == "save" for b in second.button)


def test_an_open_session_follows_a_change_on_disk_when_it_has_no_edits(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    path.write_text(path.read_text(encoding="utf-8").replace("2200000", "2500000"), encoding="utf-8")
    at.run()
    assert budget(at).value == "¥2,500,000"
    assert any("changed on disk and was reloaded" in i.value for i in at.info)
    assert not any(b.key == "save" for b in at.button)


def test_a_change_on_disk_under_unsaved_edits_keeps_both_when_asked(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    budget(at).set_value("2300000").run()
    theirs = path.read_text(encoding="utf-8").replace("name: Tmall baseline Q4", "name: Tmall baseline Q4 (reviewed)")
    path.write_text(theirs, encoding="utf-8")
    at.run()
    assert "changed on disk" in errors(at)
    assert not any(b.key == "save" for b in at.button)
    at.button(key="rebase").click().run()
    assert at.header[0].value == "Tmall baseline Q4 (reviewed)"  # their edit
    assert budget(at).value == "¥2,300,000"  # and mine
    at.button(key="save").click().run()
    saved = path.read_text(encoding="utf-8")
    assert "(reviewed)" in saved
    assert "budget: 2300000" in saved


def test_reload_from_disk_drops_the_edits(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    budget(at).set_value("2300000").run()
    path.write_text(path.read_text(encoding="utf-8").replace("2200000", "2100000"), encoding="utf-8")
    at.run()
    at.button(key="reload_file").click().run()
    assert budget(at).value == "¥2,100,000"
    assert not at.error


# 2. Files the app creates are listed and opened at once.


@pytest.mark.parametrize("action", ["save_as", "duplicate", "new_from_template"])
def test_a_new_file_is_listed_and_opened_at_once(folder: Path, action: str) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    listed = len(at.selectbox(key="scenario").options)
    at.text_input(key="save_as_name").set_value("spring").run()
    at.button(key=action).click().run()
    created = folder / "us_outdoor" / "spring.yaml"
    assert created.exists()
    assert at.selectbox(key="scenario").value == str(created)
    assert len(at.selectbox(key="scenario").options) == listed + 1
    assert not at.error, errors(at)


def test_rename_opens_the_renamed_file(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    at.text_input(key="save_as_name").set_value("bfcm").run()
    at.button(key="rename").click().run()
    assert at.selectbox(key="scenario").value == str(folder / "us_outdoor" / "bfcm.yaml")
    assert at.header[0].value == "US Black Friday / Cyber Monday push"


def test_a_new_store_is_opened_at_once(folder: Path) -> None:
    at = open_app()
    history = (folder / "us_outdoor" / "history.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("history.csv", history, "text/csv")).run()  # AppTest uploads
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="upload_store").set_value("Lazada MY").run()
    at.button(key="create_store").click().run()
    created = folder / "Lazada_MY" / "baseline.yaml"
    assert created.exists()
    assert at.selectbox(key="scenario").value == str(created)


# 3. Every file action refuses when the file changed since it was opened.


@pytest.mark.parametrize("action", ["rename", "duplicate", "save_as"])
def test_file_actions_refuse_when_the_file_changed_on_disk(folder: Path, action: str) -> None:
    path = folder / "us_outdoor" / "event_push.yaml"
    at = open_app(path)
    budget(at).set_value("400000").run()  # unsaved edits, so the session does not follow the disk
    if action == "rename":
        at.button(key="discard").click().run()
    theirs = path.read_text(encoding="utf-8").replace("name: ", "name: Colleague's ", 1)
    path.write_text(theirs, encoding="utf-8")
    if action == "rename":  # no edits: the session follows the disk; change it once more behind its back
        at.run()
        theirs = theirs.replace("Colleague's", "Second colleague's")
        path.write_text(theirs, encoding="utf-8")
    at.text_input(key="save_as_name").set_value("copy").run() if action != "rename" else None
    if action == "rename":
        # the page is drawn from the disk on every run; the only window is between draw and click
        at.text_input(key="save_as_name").set_value("copy")
    at.button(key=action).click().run()
    assert path.read_text(encoding="utf-8") == theirs
    assert not (folder / "us_outdoor" / "copy.yaml").exists()
    if action != "rename":
        assert "changed on disk" in errors(at)


# 5. Unsaved edits are kept per file, valid or not.


def test_an_invalid_rule_does_not_block_other_edits_and_both_survive_a_switch(folder: Path) -> None:
    from planner.editing.tables import rules_table

    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    work = at.session_state[f"work::{path}"]
    rules = rules_table(work.scenario)
    rules.loc[0, "at_least"] = 7.0  # a share of 700%: what the rules editor holds after a bad keystroke
    work.drafts["rules"] = rules  # AppTest cannot type into st.data_editor; the draft is what it keeps
    work.restart_editors()
    at.run()
    field(at, "description").set_value("Q4 plan, reviewed").run()
    assert at.caption[0].value == "Q4 plan, reviewed"  # the valid edit is applied
    assert "not applied" in errors(at)
    problems = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert "at most 1" in str(problems.loc[0, "problem"])
    at.selectbox(key="scenario").set_value(str(folder / "us_outdoor" / "baseline.yaml")).run()
    assert not at.error
    at.selectbox(key="scenario").set_value(str(path)).run()
    assert field(at, "description").value == "Q4 plan, reviewed"
    assert "not applied" in errors(at)  # the invalid rule row is still there, with its problem
    assert any("unsaved" in c.value for c in at.sidebar.caption)
    assert any("not valid yet" in w.value for w in at.warning)  # the Files tab says they are not saved


def test_an_invalid_name_survives_a_switch(folder: Path) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    at = open_app(path)
    field(at, "name").set_value("").run()
    at.selectbox(key="scenario").set_value(str(folder / "us_outdoor" / "baseline.yaml")).run()
    at.selectbox(key="scenario").set_value(str(path)).run()
    assert field(at, "name").value == ""
    assert "not applied" in errors(at)
    at.button(key="discard").click().run()
    assert field(at, "name").value == "Tmall baseline Q4"
    assert not at.error


# 6. Saving changes only what the user changed.


@pytest.mark.parametrize(("bom", "newline"), [(True, "\n"), (False, "\r\n"), (True, "\r\n")])
def test_save_keeps_bom_and_line_ends(folder: Path, bom: bool, newline: str) -> None:
    path = folder / "tmall_flagship" / "baseline.yaml"
    text = path.read_text(encoding="utf-8")
    raw = ("\ufeff" if bom else "") + text.replace("\n", newline)
    path.write_bytes(raw.encode("utf-8"))
    at = open_app(path)
    budget(at).set_value("2300000").run()
    at.button(key="save").click().run()
    saved = path.read_bytes().decode("utf-8")
    expected = raw.replace("budget: 2200000", "budget: 2300000")
    assert saved == expected
    assert any("No unsaved changes" in i.value for i in at.info)
    assert not any(b.key == "save" for b in at.button)
