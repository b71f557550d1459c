"""Benchmark of money of any size: every demo scenario with all its money scaled by a factor.

Prints, per demo and factor, the largest relative difference of the channels' shares of spend from the
unscaled plan. Target (issue 7): within 1e-6 at 1e-3, 1e3 and 1e6.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import planner  # noqa: E402
from tests.scaling import scaled_scenario  # noqa: E402
from tests.test_scaling import relative_difference, shares  # noqa: E402


def main() -> None:
    """Print the deviation table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=float, nargs="+", default=[1e-3, 1e3, 1e6, 1e-6])
    args = parser.parse_args()
    worst = 0.0
    print(f"{'scenario':40s} " + " ".join(f"{f:>9.0e}" for f in args.factors))
    for path in sorted((ROOT / "scenarios").glob("*/*.yaml")):
        base = shares(planner.solve(planner.load_scenario(path)).allocation)
        cells = []
        for factor in args.factors:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    deviation = relative_difference(
                        base, shares(planner.solve(scaled_scenario(path, factor, Path(folder))).allocation)
                    )
                except planner.PlannerError as error:
                    cells.append(f"{'no plan':>9s}")
                    print(f"  {path.name} × {factor:g}: {error.problems[0]}")
                    continue
            if factor in (1e-3, 1e3, 1e6):
                worst = max(worst, deviation)
            cells.append(f"{deviation:9.1e}")
        print(f"{path.parent.name + '/' + path.name:40s} " + " ".join(cells))
    print(f"largest deviation at 1e-3, 1e3, 1e6: {worst:.2e} (target 1e-6: {'ok' if worst <= 1e-6 else 'MISSES'})")


if __name__ == "__main__":
    main()
