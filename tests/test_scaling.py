"""Money of any size: the same scenario in any currency unit gives the same plan."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner import solve
from planner.data.io import load_scenario
from tests.conftest import SCENARIOS, scenario
from tests.scaling import scaled_scenario

DEMOS = sorted(SCENARIOS.glob("*/*.yaml"))
SHARE_TOLERANCE = 1e-6  # relative


def shares(allocation: pd.DataFrame) -> pd.Series:
    """Return each channel's spend as a share of the total."""
    return allocation["spend"] / allocation["spend"].sum()


def relative_difference(left: pd.Series, right: pd.Series) -> float:
    """Return the largest relative difference between two series of shares (absolute where zero)."""
    scale = left.abs().where(left.abs() > 0, 1.0)
    return float(((left - right).abs() / scale).max())


@pytest.fixture(scope="module")
def unscaled_shares() -> dict[Path, pd.Series]:
    return {path: shares(solve(load_scenario(path)).allocation) for path in DEMOS}


@pytest.mark.parametrize("factor", [1e-3, 1e3, 1e6])
@pytest.mark.parametrize("path", DEMOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_demo_scaled_keeps_its_shares(
    path: Path, factor: float, tmp_path: Path, unscaled_shares: dict[Path, pd.Series]
) -> None:
    plan = solve(scaled_scenario(path, factor, tmp_path))
    assert plan.allocation["spend"].sum() > 0
    assert relative_difference(unscaled_shares[path], shares(plan.allocation)) < SHARE_TOLERANCE


@pytest.mark.parametrize("budget", [0.01, 1e12])
def test_tiny_and_huge_budgets_solve(tmp_path: Path, budget: float) -> None:
    path = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    factor = budget / load_scenario(path).budget.amount  # type: ignore[union-attr]
    plan = solve(scaled_scenario(path, factor, tmp_path))
    assert plan.allocation["spend"].sum() == pytest.approx(budget, rel=1e-6)


def test_scaled_helper_scales_every_money_field(tmp_path: Path) -> None:
    path = SCENARIOS / "us_outdoor" / "event_push.yaml"
    plain, scaled = load_scenario(path), scaled_scenario(path, 1000.0, tmp_path)
    assert scaled.budget.amount == 1000 * plain.budget.amount  # type: ignore[union-attr]
    live = next(c for c in scaled.channels if c.units)
    assert live.units.cost == 1000 * plain.channel(live.id).units.cost  # type: ignore[union-attr]
    history = pd.read_csv(scaled.history_path())  # type: ignore[arg-type]
    original = pd.read_csv(plain.history_path())  # type: ignore[arg-type]
    assert history["spend"].sum() == pytest.approx(1000 * original["spend"].sum())
    assert history["conversions"].equals(original["conversions"])


@pytest.mark.parametrize("factor", [1e-6, 1.0, 1e9])
def test_hand_checked_plan_at_any_scale(factor: float) -> None:
    """A at 10 per conversion up to 600, B at 20: with 1,000, A gets 600 and B 400 (80 conversions), at any scale."""
    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10 * factor, "max_spend": 600 * factor},
                {"id": "b", "cost_per_conversion": 20 * factor},
            ],
            budget=1000 * factor,
        )
    )
    spend = plan.allocation.set_index("channel")["spend"]
    assert spend["a"] == pytest.approx(600 * factor, rel=1e-9)
    assert spend["b"] == pytest.approx(400 * factor, rel=1e-9)
    assert plan.objective_value == pytest.approx(80.0, rel=1e-9)
    budget = plan.rules.set_index("rule").loc["budget"]
    assert budget["shadow_price"] * factor == pytest.approx(1 / 20, rel=1e-9)
