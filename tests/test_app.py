"""The Streamlit app, driven by AppTest: it opens every demo scenario and re-plans on a budget change."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SCENARIOS

APP = str(ROOT / "app.py")


def open_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_app_lists_every_demo_scenario_and_shows_a_plan() -> None:
    at = open_app()
    options = at.radio(key="scenario").options
    assert len(options) == len(list(SCENARIOS.rglob("*.yaml")))
    assert at.title[0].value == "Promo Planner"
    assert len(at.metric) == 4


@pytest.mark.parametrize("index", range(len(list(SCENARIOS.rglob("*.yaml")))))
def test_each_demo_scenario_opens_without_error(index: int) -> None:
    at = open_app()
    at.radio(key="scenario").set_value(index).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.metric[0].value.startswith(("¥", "$"))


def test_budget_change_replans() -> None:
    at = open_app()
    budget = next(n for n in at.number_input if str(n.key).startswith("budget::"))
    before = at.metric[1].value
    budget.set_value(float(budget.value or 0) * 0.9).run()
    assert not at.exception
    assert at.metric[1].value != before


def test_infeasible_budget_shows_the_conflict_in_words() -> None:
    at = open_app()
    budget = next(n for n in at.number_input if str(n.key).startswith("budget::"))
    budget.set_value(1000.0).run()
    assert at.error
    assert any("more than the budget" in m.value for m in at.markdown)
