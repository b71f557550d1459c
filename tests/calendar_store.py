"""A seeded synthetic calendar store: a year of weekly history from known curves, event uplifts and carry-over.

Each channel's true weekly response is a power curve f(x) = a·x^b. In an event week it is × the channel's
uplift. Carry-over r spreads each week's response as the planner models it: (1 − r)·r^j of it lands j weeks
later (so y_t = r·y_{t−1} + (1 − r)·R_t). Conversions carry mean-one lognormal noise. `write_store` writes
the history CSV and a calendar scenario that estimates the uplifts and carry-over from it; `true_optimum`
and `true_value` evaluate spend per period × channel on the TRUE model, for regret.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from ruamel.yaml import YAML

from planner.curves.carryover import carryover_landing

HISTORY_START = date(2025, 10, 6)  # a Monday; 52 weeks to 2026-09-28, like the demo stores
EVENT_WEEK = date(2025, 11, 10)  # last year's Double 11 week
PLAN_START = date(2026, 10, 5)  # the Monday after the history's last week
PLAN_EVENT = "2026-11-09"  # this year's Double 11 week (a period name of the 13 weekly periods)


@dataclass(frozen=True)
class TrueChannel:
    """One channel's truth: weekly power curve, event uplift, carry-over, typical weekly spend, order value."""

    id: str
    a: float
    b: float
    uplift: float
    carryover: float
    typical: float
    aov: float = 200.0

    def value(self, weekly_spend: np.ndarray | float) -> np.ndarray | float:
        """Return the response bought in a week at this spend."""
        return self.a * np.maximum(weekly_spend, 0.0) ** self.b


CHANNELS = (
    TrueChannel("search", a=8.0, b=0.5, uplift=1.6, carryover=0.0, typical=40_000),
    TrueChannel("feed", a=6.0, b=0.5, uplift=1.4, carryover=0.5, typical=25_000),
    TrueChannel("live", a=3.0, b=0.55, uplift=1.8, carryover=0.0, typical=20_000),
)


def history_frame(
    channels: tuple[TrueChannel, ...] = CHANNELS,
    weeks: int = 52,
    seed: int = 0,
    noise: float = 0.05,
    event_weeks: tuple[date, ...] = (EVENT_WEEK,),
) -> pd.DataFrame:
    """Return a long weekly history (date, channel, spend, conversions, revenue) drawn from the truth."""
    rng = np.random.default_rng(seed)
    dates = [HISTORY_START + timedelta(weeks=k) for k in range(weeks)]
    frames = []
    for channel in channels:
        # Wide lognormal spend so the bend can be seen; event weeks spend about twice as much.
        spend = channel.typical * np.exp(0.45 * rng.standard_normal(weeks))
        uplift = np.array([channel.uplift if d in event_weeks else 1.0 for d in dates])
        spend = spend * np.where(uplift != 1.0, 2.0, 1.0)
        bought = channel.value(spend) * uplift
        landed = np.empty(weeks)
        previous = bought[0]  # steady state before the history: last week's landed = this week's bought
        for t in range(weeks):
            previous = channel.carryover * previous + (1 - channel.carryover) * bought[t]
            landed[t] = previous
        conversions = landed * np.exp(noise * rng.standard_normal(weeks) - noise**2 / 2)
        frames.append(
            pd.DataFrame(
                {
                    "date": [d.isoformat() for d in dates],
                    "channel": channel.id,
                    "spend": np.round(spend, 2),
                    "conversions": np.round(conversions, 3),
                    "revenue": np.round(conversions * channel.aov, 2),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def scenario_dict(budget: float, history: str = "history.csv", **calendar: Any) -> dict[str, Any]:
    """Return a 13-week calendar scenario that estimates Double 11 and carry-over from the history."""
    return {
        "name": "synthetic calendar store",
        "currency": "CNY",
        "budget": budget,
        "objective": "maximize conversions",
        "history": {"path": history},
        "curves": {"forms": ["power", "log", "hill"]},
        "channels": [{"id": c.id, "groups": ["alibaba"], "carryover": "estimate"} for c in CHANNELS],
        "calendar": {
            "start": PLAN_START.isoformat(),
            "weeks": 13,
            "events": [
                {
                    "name": "Double 11",
                    "periods": [PLAN_EVENT],
                    "history": [{"start": EVENT_WEEK.isoformat(), "end": (EVENT_WEEK + timedelta(days=6)).isoformat()}],
                    "multipliers": [{"group": "alibaba", "efficiency": "estimate"}],
                }
            ],
            **calendar,
        },
    }


def write_store(folder: Path, budget: float, seed: int = 0, noise: float = 0.05, **calendar: Any) -> Path:
    """Write history.csv and scenario.yaml into a folder; return the scenario's path."""
    history_frame(seed=seed, noise=noise).to_csv(folder / "history.csv", index=False)
    path = folder / "scenario.yaml"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(scenario_dict(budget, **calendar), file)
    return path


def _gains(periods: int, event: int) -> list[list[float]]:
    """Return, per channel and period, what a unit of the period's response is worth: uplift × share counted."""
    gains = []
    for channel in CHANNELS:
        landing = carryover_landing((7,) * periods, channel.carryover) if channel.carryover else None
        credited = [1.0 - landing.beyond[p] if landing else 1.0 for p in range(periods)]
        gains.append([credited[p] * (channel.uplift if p == event else 1.0) for p in range(periods)])
    return gains


def true_value(spend: dict[tuple[int, str], float], periods: int = 13, event: int = 5) -> float:
    """Return the conversions counted in the horizon for spend per (period, channel), weekly periods, on the truth."""
    gains = _gains(periods, event)
    return sum(
        gains[i][p] * float(c.value(spend.get((p, c.id), 0.0))) for i, c in enumerate(CHANNELS) for p in range(periods)
    )


def true_optimum(budget: float, periods: int = 13, event: int = 5) -> tuple[float, dict[tuple[int, str], float]]:
    """Return the best conversions counted on the truth for a budget, and its spend (equal marginal returns).

    Each cell g·a·x^b has marginal g·a·b·x^(b−1) = λ at x = (λ / (g·a·b))^(1 / (b − 1)); λ by bisection on the
    budget (concave and separable, so this is the exact optimum).
    """
    gains = _gains(periods, event)

    def spend_at(level: float) -> dict[tuple[int, str], float]:
        return {
            (p, c.id): (level / (gains[i][p] * c.a * c.b)) ** (1.0 / (c.b - 1.0))
            for i, c in enumerate(CHANNELS)
            for p in range(periods)
        }

    low, high = 1e-12, 1e3
    for _ in range(200):
        middle = math.sqrt(low * high)
        if sum(spend_at(middle).values()) > budget:
            low = middle
        else:
            high = middle
    best = spend_at(high)
    return true_value(best, periods, event), best
