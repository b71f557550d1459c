"""The home-goods demo store: its history is what `planner import` makes of the exports shipped beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner import solve
from planner.data.io import load_scenario
from tests.demo_store import CHANNELS, EXPORTS, FOLDER, TRUE_CURVES, export_bytes, regret, true_optimum, true_orders

BASELINE = FOLDER / "baseline.yaml"


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.key)
def test_the_shipped_exports_are_the_generators(channel) -> None:
    assert (EXPORTS / channel.file).read_bytes() == export_bytes(channel)


def test_the_shipped_exports_are_shaped_as_the_issue_names_them() -> None:
    files = {path.name: path.read_bytes() for path in EXPORTS.iterdir()}
    ztc = next(data for name, data in files.items() if name.startswith("直通车"))
    ztc.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        ztc.decode("utf-8")
    assert next(data for name, data in files.items() if name.startswith("万相台")).startswith(b"\xef\xbb\xbf")
    yinli = next(data for name, data in files.items() if name.startswith("引力魔方")).decode("utf-8")
    assert "￥" in yinli
    assert "\r\n合计," in yinli
    jd = next(data for name, data in files.items() if name.startswith("kuaiche")).decode("utf-8")
    assert "\r\n20251117," in jd


def test_planner_import_of_the_exports_writes_the_shipped_history(tmp_path: Path) -> None:
    out = tmp_path / "history.csv"
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", "import", str(EXPORTS), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (FOLDER / "history.csv").read_bytes()
    assert "52 weeks" in done.stdout


def test_the_true_optimum_spends_the_budget_at_equal_marginals() -> None:
    split = true_optimum(150_000)
    assert sum(split.values()) == pytest.approx(150_000, rel=1e-9)
    marginals = [float(TRUE_CURVES[name].marginal(spend)) for name, spend in split.items()]
    assert max(marginals) == pytest.approx(min(marginals), rel=1e-6)
    # Moving ¥1,000 between any two channels loses orders: it is the optimum.
    for a in split:
        for b in split:
            if a != b and split[a] > 1_000:
                moved = {**split, a: split[a] - 1_000, b: split[b] + 1_000}
                assert true_orders(moved) < true_orders(split)


@pytest.mark.parametrize("factor", [0.5, 1.0, 2.0])
def test_plans_from_the_imported_exports_are_within_one_percent_of_the_true_optimum(factor: float) -> None:
    base = load_scenario(BASELINE)
    assert base.budget is not None
    weeks = float(base.period_weeks or 1)
    weekly = base.budget.amount / weeks
    # The true optimum knows no rules: the plan gets none either, only the budget.
    plain = base.model_copy(
        update={
            "rules": (),
            "budget": base.budget.model_copy(update={"amount": round(weekly * weeks * factor)}),
            "channels": tuple(
                c.model_copy(update={"min_vs_history": None, "max_vs_history": None}) for c in base.channels
            ),
        }
    )
    plan = solve(plain)
    labels = {c.id: str(c.label) for c in base.channels}
    allocation = plan.allocation.set_index("channel")["spend"]
    split = {labels[str(name)]: float(spend) / weeks for name, spend in allocation.items()}
    assert sum(split.values()) == pytest.approx(weekly * factor, rel=1e-3)
    assert regret(split) < 0.01
