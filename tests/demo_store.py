"""The home-goods demo store: a year of platform exports drawn from response curves that are known.

`python -m tests.demo_store` writes the four exports of `scenarios/home_goods/exports/` the way the platforms
write them (a GBK 直通车 report, a 万相台 report with a BOM, a 引力魔方 report with `￥` amounts and a 合计 row, a
京东快车 report with YYYYMMDD dates): one row per campaign per day. `make demo-history` then turns them into the
scenario's history with `planner import`, as a store operator would.

Each channel's weekly spend is drawn around its usual level; its orders are the true curve's at that spend, with
noise, split over the week's days and campaigns in whole orders and cents. So the curves a plan is fitted on are
known (`TRUE_CURVES`), and the regret of a plan made from the exports can be measured (`regret`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from planner.curves.fitting import ResponseCurve
from tests.exports_gen import SHAPES, Record, Shape, encoded, lines_of

FOLDER = Path(__file__).resolve().parents[1] / "scenarios" / "home_goods"
EXPORTS = FOLDER / "exports"
START = date(2025, 11, 17)  # a Monday
WEEKS = 52  # to Sunday 2026-11-15
SEED = 2026
SPREAD = 0.45  # weekly spend varies by about ±45% (log-normal): promotions, tests, paused campaigns


@dataclass(frozen=True)
class DemoChannel:
    """One channel of the demo store: the platform shape it is exported in and the truth behind it."""

    key: str  # the export shape in tests.exports_gen.SHAPES
    file: str
    usual: float  # usual weekly spend (yuan)
    curve: ResponseCurve  # true expected weekly orders at a weekly spend
    order_value: float  # average order value (yuan)
    campaigns: tuple[str, ...]


def _scaled(form: str, params: dict[str, float], usual: float, cpa: float) -> ResponseCurve:
    """Return a curve of the form that buys usual / cpa orders a week at the usual spend."""
    unit = ResponseCurve(form, {"a": 1.0, **params})
    return unit.scaled(usual / cpa / unit.value(usual))


CHANNELS = (
    DemoChannel(
        "ztc_gbk",
        "直通车_2025-11-17_2026-11-15.csv",
        60_000,
        _scaled("hill", {"k": 70_000.0, "h": 0.9}, 60_000, 45.0),
        168.0,
        ("家居-品牌词", "收纳-爆款", "床品-新品"),
    ),
    DemoChannel(
        "wanxiangtai_bom",
        "万相台_2025-11-17_2026-11-15.csv",
        40_000,
        _scaled("power", {"b": 0.55}, 40_000, 55.0),
        152.0,
        ("拉新快", "货品加速"),
    ),
    DemoChannel(
        "yinli_yen",
        "引力魔方_2025-11-17_2026-11-15.csv",
        30_000,
        _scaled("hill", {"k": 35_000.0, "h": 0.85}, 30_000, 62.0),
        139.0,
        ("猜你喜欢-收纳", "首页焦点-床品"),
    ),
    DemoChannel(
        "jd_yyyymmdd",
        "kuaiche_report_20251117_20261115.csv",
        25_000,
        _scaled("hill", {"k": 30_000.0, "h": 0.8}, 25_000, 50.0),
        176.0,
        ("快车-搜索", "快车-推荐"),
    ),
)
TRUE_CURVES = {SHAPES[c.key].channel: c.curve for c in CHANNELS}


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Return `parts` whole numbers adding up to `total`, drawn with uneven weights."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    scale = sum(weights)
    shares = [int(total * w / scale) for w in weights]
    for index in range(total - sum(shares)):  # the remainder, one by one
        shares[index % parts] += 1
    return shares


def records(channel: DemoChannel, spread: float = SPREAD) -> list[Record]:
    """Return a channel's daily per-campaign rows for the demo year, weekly spend varying by `spread`."""
    rng = random.Random(f"{SEED}:{channel.key}")
    noise = np.random.default_rng([SEED, CHANNELS.index(channel)])
    rows = []
    for week in range(WEEKS):
        monday = START + timedelta(weeks=week)
        spend = channel.usual * float(np.exp(spread * noise.standard_normal()))
        orders = round(float(channel.curve.value(spend)) * float(np.exp(0.06 * noise.standard_normal())))
        cells = 7 * len(channel.campaigns)
        spend_cents = _split(round(spend * 100), cells, rng)
        order_counts = _split(orders, cells, rng)
        for index in range(cells):
            day = monday + timedelta(days=index // len(channel.campaigns))
            campaign = channel.campaigns[index % len(channel.campaigns)]
            n = order_counts[index]
            revenue = sum(round(channel.order_value * rng.uniform(0.6, 1.4) * 100) for _ in range(n))
            impressions = round(spend_cents[index] / 100 * rng.uniform(18, 30))
            clicks = round(impressions * rng.uniform(0.02, 0.05))
            values = {
                "spend": spend_cents[index],
                "impressions": impressions * 100,
                "clicks": clicks * 100,
                "conversions": n * 100,
                "revenue": revenue,
            }
            rows.append(Record(day, campaign, values))
    return rows


def export_bytes(channel: DemoChannel, spread: float = SPREAD) -> bytes:
    """Return the bytes of a channel's export, as its platform writes them."""
    shape: Shape = replace(SHAPES[channel.key], campaigns=channel.campaigns)
    last = START + timedelta(weeks=WEEKS, days=-1)
    return encoded(shape, lines_of(shape, records(channel, spread), START, last))


def write_exports(folder: Path = EXPORTS, spread: float = SPREAD) -> list[Path]:
    """Write the four exports into a folder and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for channel in CHANNELS:
        path = folder / channel.file
        path.write_bytes(export_bytes(channel, spread))
        paths.append(path)
    return paths


def true_optimum(weekly_budget: float) -> dict[str, float]:
    """Return the true best weekly spend per channel for a weekly budget (equal marginal orders per yuan).

    Every true curve is concave, so the best split spends where the marginal orders per yuan are equal; the
    common marginal is found by bisection (in logs, since marginals span orders of magnitude).
    """

    def spend_at(curve: ResponseCurve, marginal: float) -> float:
        if float(curve.marginal(1e-9)) <= marginal:
            return 0.0
        low, high = 0.0, 1.0
        while float(curve.marginal(high)) > marginal:
            high *= 2
        for _ in range(200):
            middle = (low + high) / 2
            low, high = (middle, high) if float(curve.marginal(middle)) > marginal else (low, middle)
        return (low + high) / 2

    low, high = -30.0, 10.0
    for _ in range(200):
        middle = (low + high) / 2
        total = sum(spend_at(curve, float(np.exp(middle))) for curve in TRUE_CURVES.values())
        low, high = (low, middle) if total < weekly_budget else (middle, high)
    marginal = float(np.exp((low + high) / 2))
    return {name: spend_at(curve, marginal) for name, curve in TRUE_CURVES.items()}


def true_orders(weekly_spend: dict[str, float]) -> float:
    """Return the true expected weekly orders of a weekly split."""
    return sum(float(TRUE_CURVES[name].value(spend)) for name, spend in weekly_spend.items())


def regret(weekly_spend: dict[str, float]) -> float:
    """Return the share of the true optimum's orders a split forgoes at its own total spend."""
    best = true_orders(true_optimum(sum(weekly_spend.values())))
    return (best - true_orders(weekly_spend)) / best


def main() -> None:
    """Write the demo store's exports."""
    for path in write_exports():
        print(path)


if __name__ == "__main__":
    main()
