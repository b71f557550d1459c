"""Seeded demo history for the example stores: one row per week per channel, as a store would export it.

Run `python -m planner.data.demo` to regenerate the committed `scenarios/<store>/history.csv` files.
"""

from __future__ import annotations

import argparse
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.io import write_history_csv

DEFAULT_SEED = 20260928
WEEKS = 52
LAST_WEEK = date(2026, 9, 28)  # a Monday; weeks are labelled by their Monday
COLUMNS = ["date", "channel", "spend", "conversions", "revenue", "clicks", "impressions"]
SCENARIOS_ROOT = Path(__file__).resolve().parents[1] / "scenarios"


@dataclass(frozen=True)
class ChannelSpec:
    """How one channel behaves: its usual weekly spend and what that spend returns."""

    name: str
    base_spend: float  # usual weekly spend
    cpa: float  # cost per conversion at the usual spend
    elasticity: float  # b in conversions ∝ spend**b; below 1 means diminishing returns
    aov: float  # average order value
    cpc: float  # cost per click; the conversion rate is cpc / cpa
    ctr: float  # clicks per impression
    event_sensitivity: float = 1.0  # 0 ignores shopping festivals, 1 takes their full lift


@dataclass(frozen=True)
class Event:
    """A shopping-festival week: spend and conversion-rate multipliers, optionally centred on one channel."""

    spend: float
    cvr: float
    focus: str | None = None  # e.g. Prime Day is Amazon's event; other channels take a third of the lift


@dataclass(frozen=True)
class StoreSpec:
    """One demo store: its currency, channels and event calendar (keyed by the Monday of the week)."""

    currency: str
    channels: tuple[ChannelSpec, ...]
    events: dict[date, Event] = field(default_factory=dict)
    growth: float = 0.10  # spend growth over the year


STORES: dict[str, StoreSpec] = {
    "tmall_flagship": StoreSpec(
        currency="CNY",
        channels=(
            ChannelSpec("直通车", 60_000, 55, 0.70, 210, 1.60, 0.025, 0.9),
            ChannelSpec("引力魔方", 35_000, 65, 0.75, 190, 0.80, 0.015, 0.8),
            ChannelSpec("钻石展位", 25_000, 78, 0.65, 230, 0.90, 0.008, 0.6),
            ChannelSpec("淘宝客", 20_000, 30, 0.82, 165, 0.70, 0.030, 1.0),
            ChannelSpec("淘宝直播", 30_000, 48, 0.72, 260, 0.50, 0.050, 1.2),
        ),
        events={
            date(2025, 10, 20): Event(1.5, 1.10),  # Double 11 pre-sale opens
            date(2025, 10, 27): Event(2.0, 1.20),
            date(2025, 11, 3): Event(2.4, 1.30),
            date(2025, 11, 10): Event(3.0, 1.50),  # 11.11 itself
            date(2025, 11, 17): Event(0.85, 0.95),  # post-festival lull
            date(2025, 12, 8): Event(1.5, 1.15),  # Double 12
            date(2026, 2, 9): Event(0.8, 0.90),  # couriers wind down before Spring Festival
            date(2026, 2, 16): Event(0.55, 0.80),  # Spring Festival week
            date(2026, 3, 2): Event(1.3, 1.10),  # 3.8 Queen's Day
            date(2026, 5, 25): Event(1.4, 1.10),  # 618 pre-sale
            date(2026, 6, 1): Event(1.8, 1.20),
            date(2026, 6, 8): Event(2.2, 1.30),
            date(2026, 6, 15): Event(2.8, 1.45),  # 6.18 itself
            date(2026, 6, 22): Event(0.85, 0.95),
            date(2026, 9, 7): Event(1.3, 1.10),  # 99 sale
        },
    ),
    "us_outdoor": StoreSpec(
        currency="USD",
        channels=(
            ChannelSpec("Google Ads", 18_000, 38, 0.70, 115, 1.50, 0.035, 0.8),
            ChannelSpec("Meta Ads", 12_000, 48, 0.72, 95, 0.90, 0.012, 0.9),
            ChannelSpec("Amazon Sponsored Products", 15_000, 30, 0.75, 85, 1.10, 0.005, 1.1),
            ChannelSpec("Impact Affiliates", 5_000, 18, 0.82, 120, 0.60, 0.010, 1.0),
            ChannelSpec("TikTok Live", 6_000, 40, 0.68, 75, 0.45, 0.020, 0.9),
        ),
        events={
            date(2025, 10, 6): Event(1.6, 1.20, "Amazon Sponsored Products"),  # Prime Big Deal Days
            date(2025, 11, 17): Event(1.3, 1.10),  # early Black Friday deals
            date(2025, 11, 24): Event(3.0, 1.50),  # Black Friday
            date(2025, 12, 1): Event(2.3, 1.35),  # Cyber Monday
            date(2025, 12, 8): Event(1.4, 1.15),  # holiday gifting
            date(2025, 12, 15): Event(1.2, 1.05),
            date(2025, 12, 22): Event(0.7, 0.85),  # past the shipping cut-off
            date(2025, 12, 29): Event(0.6, 0.80),
            date(2026, 5, 25): Event(1.3, 1.10),  # Memorial Day
            date(2026, 6, 22): Event(2.6, 1.45, "Amazon Sponsored Products"),  # Prime Day
            date(2026, 9, 7): Event(1.2, 1.05),  # Labor Day
        },
    ),
}


def week_starts(last: date = LAST_WEEK, weeks: int = WEEKS) -> list[date]:
    """Return the Mondays of the `weeks` weeks ending with `last`, oldest first."""
    return [last - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def _event_lifts(spec: StoreSpec, channel: ChannelSpec, weeks: list[date]) -> tuple[np.ndarray, np.ndarray]:
    """Return per-week spend and conversion-rate multipliers for one channel."""
    spend, cvr = np.ones(len(weeks)), np.ones(len(weeks))
    for i, week in enumerate(weeks):
        event = spec.events.get(week)
        if event is None:
            continue
        strength = channel.event_sensitivity * (1.0 if event.focus in (None, channel.name) else 1 / 3)
        spend[i] = max(0.2, 1 + strength * (event.spend - 1))
        cvr[i] = max(0.2, 1 + strength * (event.cvr - 1))
    return spend, cvr


def generate_history(store: str, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return a store's seeded weekly history in long format: one row per week per channel."""
    if store not in STORES:
        raise KeyError(f"unknown demo store {store!r} (known: {', '.join(STORES)})")
    spec = STORES[store]
    rng = np.random.default_rng([seed, zlib.crc32(store.encode("utf-8"))])
    weeks = week_starts()
    n = len(weeks)
    t = np.arange(n) / (n - 1)
    trend = (1 + spec.growth * (t - 1)) * (1 + 0.05 * np.sin(2 * np.pi * t))
    frames = []
    for channel in spec.channels:
        event_spend, event_cvr = _event_lifts(spec, channel, weeks)
        level = rng.uniform(0.65, 1.35, n)  # week-to-week budget decisions
        burst = np.where(rng.random(n) < 0.06, rng.uniform(1.4, 2.0, n), 1.0)  # the odd big push
        spend = channel.base_spend * trend * level * burst * event_spend
        expected = channel.base_spend / channel.cpa * (spend / channel.base_spend) ** channel.elasticity * event_cvr
        conversions = np.rint(expected * rng.lognormal(0.0, 0.12, n)).astype(np.int64)
        revenue = conversions * channel.aov * rng.lognormal(0.0, 0.05, n)
        clicks = np.rint(spend / (channel.cpc * event_spend**0.2) * rng.lognormal(0.0, 0.08, n)).astype(np.int64)
        impressions = np.rint(clicks / channel.ctr * rng.lognormal(0.0, 0.10, n)).astype(np.int64)
        frames.append(
            pd.DataFrame(
                {
                    "date": [week.isoformat() for week in weeks],
                    "channel": channel.name,
                    "spend": np.round(spend, 2),
                    "conversions": conversions,
                    "revenue": np.round(revenue, 2),
                    "clicks": clicks,
                    "impressions": impressions,
                }
            )
        )
    history = pd.concat(frames, ignore_index=True).sort_values("date", kind="stable")  # channels keep their order
    return history.reset_index(drop=True)[COLUMNS]


def write_demo_histories(root: Path = SCENARIOS_ROOT, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every demo store's history to `root/<store>/history.csv` and return the paths."""
    paths = []
    for store in STORES:
        path = Path(root) / store / "history.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_history_csv(generate_history(store, seed), path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Regenerate the committed demo histories."""
    parser = argparse.ArgumentParser(prog="python -m planner.data.demo", description=main.__doc__)
    parser.add_argument("--root", type=Path, default=SCENARIOS_ROOT, help="folder holding one folder per store")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write_demo_histories(args.root, args.seed):
        print(path)


if __name__ == "__main__":
    main()
