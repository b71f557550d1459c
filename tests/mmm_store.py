"""A small synthetic store whose true weekly response curves are known, and its curves as each MMM tool exports them.

The store has three channels with concave curves (a Hill curve of shape 1, an exponential saturation, a Hill
curve of shape 0.8), an order value of ¥150 and 52 modelled weeks whose spend swings ±15% around each
channel's mean with a 13-week season. From the true curves this module writes the table each tool's export
code in docs/mmm-curves.md would write for a model that had learnt them, with a little seeded noise as in a
posterior mean read from finitely many draws:

- Meridian: `Analyzer.response_curves()` as a DataFrame (spend_multiplier, channel, metric, spend,
  incremental_outcome); revenue (`use_kpi=False`), summed over the 52 weeks, with mean / ci_lo / ci_hi rows.
- PyMC-Marketing: the contribution grid (delta, channel, spend, channel_contribution); the model's target is
  orders, summed over the 52 weeks.
- Robyn: `robyn_response()` per spend level (channel, metric_value, sim_mean_spend, sim_mean_response);
  conversions per week, with a carryover baseline at zero spend (taken as a constant here).

`python -m tests.mmm_store` rewrites examples/mmm/ (the exports, the converted tables and the scenarios);
tests/test_mmm_curves.py checks that the committed files are what this module and the converter make.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq  # type: ignore[import-untyped]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "mmm"
ORDER_VALUE = 150.0
MODELLED_WEEKS = 52
PLANNED_WEEKS = 13
BUDGET = 1_300_000.0  # ¥100,000 a week against ¥115,000 a week in the modelled year
GRID = np.round(np.arange(0, 3.0001, 0.1), 10)  # spend multipliers 0 … 3× the modelled spend
NOISE = 0.002  # relative noise of a posterior mean
SEED = 10


@dataclass(frozen=True)
class TrueChannel:
    """A channel of the store: its name, label, mean weekly spend in the modelled year, and its true curve."""

    name: str
    label: str
    mean_spend: float
    carryover: float  # Robyn's weekly response at zero spend (the carryover of earlier spend)
    conversions: Callable[[np.ndarray], np.ndarray]  # weekly spend → weekly conversions
    marginal: Callable[[float], float]  # its derivative


def _hill(top: float, half: float, shape: float) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[float], float]]:
    def value(spend: np.ndarray) -> np.ndarray:
        powered = np.power(np.asarray(spend, dtype=float), shape)
        result: np.ndarray = top * powered / (half**shape + powered)
        return result

    def marginal(spend: float) -> float:
        if spend <= 0:
            return float("inf") if shape < 1 else top / half
        return float(top * shape * half**shape * spend ** (shape - 1) / (half**shape + spend**shape) ** 2)

    return value, marginal


def _saturation(top: float, scale: float) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[float], float]]:
    def value(spend: np.ndarray) -> np.ndarray:
        return top * (1 - np.exp(-np.asarray(spend, dtype=float) / scale))

    def marginal(spend: float) -> float:
        return float(top / scale * np.exp(-spend / scale))

    return value, marginal


# Last year's spend is far from the best split: too much on display, too little on live. At ¥100,000 a week the
# true optimum is about search 22k, display 13k, live 65k; last year's mix scaled to the budget loses 12% of the
# conversions and an equal split 7%.
CHANNELS = (
    TrueChannel("search", "直通车", 30_000.0, 40.0, *_hill(700.0, 12_000.0, 1.0)),
    TrueChannel("display", "引力魔方", 55_000.0, 25.0, *_saturation(400.0, 40_000.0)),
    TrueChannel("live", "淘宝直播", 30_000.0, 60.0, *_hill(2_500.0, 120_000.0, 0.8)),
)


def weekly_spend(channel: TrueChannel) -> np.ndarray:
    """Return the channel's spend in each modelled week: its mean ±15% with a 13-week season."""
    weeks = np.arange(MODELLED_WEEKS)
    return channel.mean_spend * (1 + 0.15 * np.sin(2 * np.pi * weeks / 13))


def _period_response(channel: TrueChannel, multiplier: float) -> float:
    """Return the conversions of the modelled weeks with every week's spend scaled (how the tools build curves)."""
    return float(channel.conversions(multiplier * weekly_spend(channel)).sum())


def _noisy(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return values * (1 + rng.normal(0, NOISE, size=values.shape))


def meridian_table(seed: int = SEED) -> pd.DataFrame:
    """Return Meridian's response curves as `response_curves().to_dataframe().reset_index()` gives them."""
    rng = np.random.default_rng(seed)
    rows = []
    for channel in CHANNELS:
        total = weekly_spend(channel).sum()
        revenue = _noisy(np.array([_period_response(channel, m) for m in GRID]) * ORDER_VALUE, rng)
        revenue[GRID == 0] = 0.0  # Meridian sets the curve to 0 at multiplier 0
        for multiplier, mean in zip(GRID, revenue, strict=True):
            for metric, value in (("mean", mean), ("ci_lo", mean * 0.8), ("ci_hi", mean * 1.25)):
                rows.append((multiplier, channel.name, metric, multiplier * total, value))
    return pd.DataFrame(rows, columns=["spend_multiplier", "channel", "metric", "spend", "incremental_outcome"])


def pymc_table(seed: int = SEED) -> pd.DataFrame:
    """Return PyMC-Marketing's contribution grid summed over dates, averaged over draws (orders)."""
    rng = np.random.default_rng(seed + 1)
    rows = []
    for channel in CHANNELS:
        total = weekly_spend(channel).sum()
        orders = _noisy(np.array([_period_response(channel, d) for d in GRID]), rng)
        for delta, value in zip(GRID, orders, strict=True):
            rows.append((delta, channel.name, delta * total, value))
    return pd.DataFrame(rows, columns=["delta", "channel", "spend", "channel_contribution"])


def robyn_table(seed: int = SEED) -> pd.DataFrame:
    """Return `robyn_response()` per weekly spend level over a 4-week date range (conversions per week)."""
    rng = np.random.default_rng(seed + 2)
    rows = []
    for channel in CHANNELS:
        levels = GRID * channel.mean_spend
        response = _noisy(channel.conversions(levels), rng) + channel.carryover
        for level, value in zip(levels, response, strict=True):
            rows.append((channel.name, level * 4, level, value))
    return pd.DataFrame(rows, columns=["channel", "metric_value", "sim_mean_spend", "sim_mean_response"])


TOOLS = {
    # tool: (export table, file name, conversion options, objective)
    "meridian": (meridian_table, "meridian_curves.csv", ["--measure", "revenue", "--order-value", "150",
                                                         "--period-weeks", str(MODELLED_WEEKS)], "revenue"),
    "pymc": (pymc_table, "pymc_curves.csv", ["--measure", "conversions", "--order-value", "150",
                                             "--period-weeks", str(MODELLED_WEEKS)], "conversions"),
    "robyn": (robyn_table, "robyn_curves.csv", ["--measure", "conversions", "--order-value", "150"], "conversions"),
}  # fmt: skip


def scenario_text(tool: str, snippet: str) -> str:
    """Return the example scenario of one tool: the store's quarter, with the channels the converter wrote."""
    objective = TOOLS[tool][3]
    labels = {channel.name: channel.label for channel in CHANNELS}
    lines = []
    for line in snippet.splitlines()[1:]:
        lines.append(line)
        if line.startswith("  - id: "):
            lines.append(f"    label: {labels[line.removeprefix('  - id: ')]}")
    header = [
        "# A synthetic store whose true weekly curves are known (tests/mmm_store.py), planned on the curves",
        f"# its {tool} model exported and `planner import-curves` converted; see docs/mmm-curves.md.",
        "# No history: every channel has an imported curve.",
        f"name: MMM example ({tool})",
        "currency: CNY",
        f"period_weeks: {PLANNED_WEEKS}",
        f"budget: {BUDGET:.0f}",
        f"objective: maximize {objective}",
        "channels:",
    ]
    return "\n".join([*header, *lines]) + "\n"


def true_value(weekly: dict[str, float]) -> float:
    """Return the true conversions of the planned weeks for a weekly spend per channel."""
    return PLANNED_WEEKS * sum(float(c.conversions(np.array(weekly[c.name]))) for c in CHANNELS)


def true_optimum(budget: float, caps: dict[str, float]) -> dict[str, float]:
    """Return the weekly spend per channel that maximises the true conversions (equal marginal returns).

    Concave curves: at the optimum every channel that is neither at 0 nor at its cap has the same marginal
    return λ; the spend it takes at λ falls as λ rises, so λ is found by bisection on the budget.
    """
    weekly_budget = budget / PLANNED_WEEKS

    def spend_at(channel: TrueChannel, level: float) -> float:
        cap = caps[channel.name]
        if channel.marginal(cap) >= level:
            return cap
        if channel.marginal(0.0) <= level:
            return 0.0
        return float(brentq(lambda s: channel.marginal(s) - level, 0.0, cap, xtol=1e-9, rtol=1e-14))

    if sum(caps.values()) <= weekly_budget:
        return dict(caps)
    low, high = 0.0, max(c.marginal(1e-9) for c in CHANNELS)
    high = min(high, 1.0)  # conversions per yuan never reach 1 in this store
    for _ in range(200):
        level = (low + high) / 2
        if sum(spend_at(c, level) for c in CHANNELS) > weekly_budget:
            low = level
        else:
            high = level
    return {c.name: spend_at(c, high) for c in CHANNELS}


def write_examples(folder: Path = EXAMPLES) -> None:
    """Write each tool's export and, through `planner import-curves`, its tables and scenario under folder."""
    from planner.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    for tool, (make, name, options, _) in TOOLS.items():
        export = folder / name
        export.write_text(make().to_csv(index=False, lineterminator="\n", float_format="%.6f"), encoding="utf-8")
        target = folder / tool
        code = main(["import-curves", str(export), "-o", str(target), "--tool", tool, *options])
        if code != 0:
            raise SystemExit(code)
        snippet = (target / "mmm_channels.txt").read_text(encoding="utf-8")
        (target / "store.yaml").write_text(scenario_text(tool, snippet), encoding="utf-8")


if __name__ == "__main__":
    write_examples(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLES)
