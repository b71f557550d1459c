"""Shared helpers: tiny scenarios built in code, as a textbook would pose them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner import Scenario

pytest_plugins = ["tests.app_helpers"]  # the app suites' folder fixture

# The suite never writes to the user's result cache, and every command works its result out (commands started
# by the tests inherit this); tests/test_cache.py turns the cache on in a folder of its own.
os.environ["PLANNER_NO_CACHE"] = "1"

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


def author_words(scenario: Scenario) -> set[str]:
    """Return the words a scenario's author wrote, which a Chinese page shows as written.

    Names, labels, ids, groups, KPI and resource names, rule names, and the calendar's period, event and
    pacing-rule names: the words `english_words` must not count as untranslated.
    """
    words = {scenario.name, scenario.description or "", scenario.store or "", scenario.currency}
    words |= set(scenario.kpis) | {label for label in scenario.kpis.values() if label}
    words |= set(scenario.resources) | {r.label for r in scenario.resources.values() if r.label}
    for channel in scenario.channels:
        words |= {channel.id, channel.display_name, channel.history_name or "", *channel.groups}
        words |= {channel.units.name} if channel.units else set()
    for rule in scenario.rules:
        words |= {rule.name, *(getattr(rule, "channels", None) or ()), getattr(rule, "group", None) or ""}
    calendar = scenario.calendar
    if calendar is not None:
        words |= {period.name for period in calendar.resolved_periods()}
        words |= {event.name for event in calendar.events}
        entries = (*calendar.budgets, *calendar.smoothing, *calendar.on_air)
        words |= {name for entry in entries if (name := getattr(entry, "name", None))}
    return {word for word in words if word}


# The test run's own main module. Streamlit's AppTest runs app.py as __main__ and leaves it there; a process pool's
# workers (planner batch, a Dask LocalCluster) would then import app.py again as they start.
MAIN_MODULE = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def _main_module_kept() -> Iterator[None]:
    """Put the test run's own __main__ back after every test that replaced it."""
    yield
    if sys.modules.get("__main__") is not MAIN_MODULE:
        sys.modules["__main__"] = MAIN_MODULE
