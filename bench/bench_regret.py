"""Regret of plans made from imported platform exports, against the true optimum of a store with known curves.

```
.venv/bin/python bench/bench_regret.py            # the demo store's spread and a narrow one; caps 1.5, 2, 3
.venv/bin/python bench/bench_regret.py --quick    # the demo store only, cap 1.5
```

The store is the home-goods demo (`tests/demo_store.py`): four channels with known weekly response curves,
exported as four platform reports (GBK 直通车, BOM 万相台, ￥ 引力魔方 with a 合计 row, 京东快车 with YYYYMMDD
dates; one row per campaign per day, 52 weeks). For each spread of weekly spend in the history, the exports are
written afresh, imported with `import_exports`, and a plan with no rules but the budget is solved at 0.5×, 1×
and 2× of the historical weekly spend, under each `curves.max_extrapolation` cap. Regret is the share of the
true optimum's orders (the true curves, no cap, the same total spend) the plan's split forgoes. Target: under
1% at every budget for the demo store with the default cap.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner import Scenario, solve
from planner.data.imports import import_exports
from planner.data.io import write_history_csv
from tests.demo_store import CHANNELS, SPREAD, TRUE_CURVES, WEEKS, regret, write_exports

FACTORS = (0.5, 1.0, 2.0)
PERIOD = 13


def _plan_regret(history: Path, weekly: float, factor: float, cap: float) -> tuple[float, list[str]]:
    """Return the regret of the plan at factor × the weekly spend, and the channels held at their cap."""
    names = list(TRUE_CURVES)
    scenario = Scenario.model_validate(
        {
            "name": "regret",
            "currency": "CNY",
            "period_weeks": PERIOD,
            "history": {"path": str(history)},
            "budget": round(weekly * PERIOD * factor),
            "objective": "maximize conversions",
            "curves": {"max_extrapolation": cap},
            "channels": [{"id": f"c{i}", "label": name} for i, name in enumerate(names)],
        }
    )
    plan = solve(scenario)
    rows = plan.allocation.set_index("channel")
    split = {names[int(str(c)[1:])]: float(rows.loc[c, "spend"]) / PERIOD for c in rows.index}
    capped = [names[int(str(c)[1:])] for c in rows.index if rows.loc[c, "spend"] >= rows.loc[c, "upper_bound"] * 0.999]
    return regret(split), capped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    spreads = (SPREAD,) if args.quick else (SPREAD, 0.2)
    caps = (1.5,) if args.quick else (1.5, 2.0, 3.0)
    print(f"home-goods demo store: {len(CHANNELS)} channels, {WEEKS} weeks of daily per-campaign rows in 4 exports")
    for spread in spreads:
        with tempfile.TemporaryDirectory() as folder:
            paths = write_exports(Path(folder) / "exports", spread)
            result = import_exports(paths)
            assert not result.problems, result.problems
            history = Path(folder) / "history.csv"
            write_history_csv(result.history, history)
            weekly_spend = result.history.groupby("channel")["spend"]
            weekly = float(result.history.groupby("date")["spend"].sum().mean())
            widest = float((weekly_spend.max() / weekly_spend.mean()).min())
            print(
                f"\nweekly spend spread ±{spread:.0%} (log-normal): historical weekly spend ¥{weekly:,.0f}; the "
                f"busiest week of the least varied channel is {widest:.2f}× its mean"
            )
            print(f"{'cap':>5}  " + "  ".join(f"{f:>4}× budget" for f in FACTORS) + "  held at cap (2×)")
            for cap in caps:
                cells: list[str] = []
                capped: list[str] = []
                for factor in FACTORS:
                    value, at_cap = _plan_regret(history, weekly, factor, cap)
                    cells.append(f"{value:>11.2%}")
                    capped = at_cap if factor == 2.0 else capped
                print(f"{cap:>5}  " + "  ".join(cells) + "  " + (", ".join(capped) or "none"))
    load = os.getloadavg()
    cores = os.cpu_count()
    print(f"\nmachine load (1/5/15 min) at the end: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {cores} cores")


if __name__ == "__main__":
    main()
