"""The app's new scenario and new store offer the platform templates, and what they write loads and plans."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from planner.api import solve
from planner.data.io import load_scenario
from tests.app_helpers import APP, open_app


def test_a_new_scenario_from_a_platform_template_opens_and_plans(folder: Path) -> None:
    at = open_app(folder / "tmall_flagship" / "baseline.yaml")
    assert "Taobao / Tmall" in at.selectbox(key="new_template").options
    at.selectbox(key="new_template").set_value("tmall").run()
    at.text_input(key="save_as_name").set_value("from_template").run()
    at.button(key="new_from_template").click().run()
    assert not at.exception, [e.value for e in at.exception]
    created = folder / "tmall_flagship" / "from_template.yaml"
    assert at.selectbox(key="scenario").value == str(created)
    assert not at.error, [e.value for e in at.error]
    scenario = load_scenario(created)
    ids = [channel.id for channel in scenario.channels]
    assert ids[:5] == ["ztc", "yinli", "wanxiangtai", "taoke", "taobao_live"]  # the template's, in order
    assert any(channel.label == "钻石展位" for channel in scenario.channels)  # the history's own, added
    assert scenario.history is not None
    assert scenario.history.path == "history.csv"  # beside the open scenario, as it is
    assert solve(scenario).allocation["spend"].sum() > 0


def test_the_blank_choice_copies_the_channels_of_the_open_scenario(folder: Path) -> None:
    at = open_app(folder / "us_outdoor" / "event_push.yaml")
    at.selectbox(key="new_template").set_value("").run()
    at.text_input(key="save_as_name").set_value("copy").run()
    at.button(key="new_from_template").click().run()
    labels = [c.display_name for c in load_scenario(folder / "us_outdoor" / "copy.yaml").channels]
    assert labels == [c.display_name for c in load_scenario(folder / "us_outdoor" / "event_push.yaml").channels]


def test_a_new_store_from_a_template_matches_the_uploaded_history(folder: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["language"] = "zh"  # a reader of Chinese from the start: the comments are written in it
    at.run()
    history = (folder / "us_outdoor" / "history.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("history.csv", history, "text/csv")).run()
    at.text_input(key="upload_store").set_value("Trailhead").run()
    at.selectbox(key="upload_currency").set_value("USD").run()
    at.selectbox(key="upload_template").set_value("shopify").run()
    at.button(key="create_store").click().run()
    assert not at.exception, [e.value for e in at.exception]
    created = folder / "Trailhead" / "baseline.yaml"
    assert at.selectbox(key="scenario").value == str(created)
    assert "Trailhead 的新场景，由Shopify模板生成" in created.read_text(encoding="utf-8")  # in the reader's language
    scenario = load_scenario(created)
    channels = {channel.id: channel for channel in scenario.channels}
    assert channels["google_ads"].history_name is None  # matched by its label, Google Ads
    assert channels["collabs"].excluded  # not in the history: placeholders, left out until filled in
    assert "Amazon Sponsored Products" in {c.label for c in scenario.channels}  # the history's, added
    assert solve(scenario).allocation["spend"].sum() > 0
