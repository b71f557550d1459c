"""Fuzzing: random mutations of the demo scenarios may be rejected, but only with a PlannerError."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_cases import demo_documents, fuzz_folders, fuzz_text, run_fuzz_example

DOCUMENTS = demo_documents()


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Scratch folders holding the demo histories, so mutated scenarios find them."""
    return fuzz_folders(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=1000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_demo_scenarios_fail_only_with_planner_errors(rng: random.Random, folders: dict[str, Path]) -> None:
    store, text = fuzz_text(DOCUMENTS, rng)
    outcome, detail = run_fuzz_example(text, folders[store])
    assert outcome in ("solved", "rejected"), f"{outcome} escaped ({detail}) from:\n{text[:3000]}"
