"""Shared helpers of the AppTest suites: a private copy of the demo folder, and a new app session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SCENARIOS

APP = str(ROOT / "app.py")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo scenarios, so saving never touches the repository."""
    target = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, target)
    monkeypatch.setenv("PROMO_PLANNER_SCENARIOS", str(target))
    return target


def open_app(scenario: Path | None = None) -> AppTest:
    """Open the app as a new browser session would (AppTest sessions share the server's caches)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if scenario is not None:
        at.selectbox(key="scenario").set_value(str(scenario)).run()
        assert not at.exception, [e.value for e in at.exception]
    return at
