"""Shared helpers: tiny scenarios built in code, as a textbook would pose them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner import Scenario

pytest_plugins = ["tests.app_helpers"]  # the app suites' folder fixture

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SCENARIOS = ROOT / "scenarios"


def scenario(channels: list[dict[str, Any]], **fields: Any) -> Scenario:
    """Return a validated scenario from plain dicts (name defaults to 'test')."""
    return Scenario.model_validate({"name": "test", "channels": channels, **fields})


@pytest.fixture
def three_channels() -> Scenario:
    """A: ¥10 per conversion capped at ¥600; B: ¥20; C: ¥50 — with ¥1,000 to spend."""
    return scenario(
        [
            {"id": "a", "cost_per_conversion": 10, "max_spend": 600, "groups": ["search"]},
            {"id": "b", "cost_per_conversion": 20, "groups": ["feed"]},
            {"id": "c", "cost_per_conversion": 50, "groups": ["live"]},
        ],
        budget=1000,
    )
