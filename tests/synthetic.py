"""A seeded synthetic store: weekly spend and conversions per channel drawn from known response curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.curves.fitting import ResponseCurve

NAMES = ("search", "feed", "live", "affiliate", "email", "social", "display", "video")
FORMS = ("power", "log", "hill")


def true_curve(form: str, base: float, cpa: float, rng: np.random.Generator) -> ResponseCurve:
    """A curve of the given form bending visibly around `base`, costing about `cpa` per conversion there."""
    if form == "power":
        params = {"b": float(rng.uniform(0.35, 0.8))}
    elif form == "log":
        params = {"c": float(base * rng.uniform(0.3, 1.5))}
    else:
        # h <= 1 keeps the truth concave; S-shaped truths are not part of this store.
        params = {"k": float(base * rng.uniform(0.5, 2.0)), "h": float(rng.uniform(0.6, 1.0))}
    unit = ResponseCurve(form, {"a": 1.0, **params})
    # Scale so that spending `base` buys base / cpa conversions.
    return unit.scaled(base / cpa / unit.value(base))


def make_store(
    channels: int = 5, weeks: int = 104, seed: int = 0, noise: float = 0.08
) -> tuple[pd.DataFrame, dict[str, ResponseCurve]]:
    """Long-format weekly history (date, channel, spend, conversions, revenue) and the true curves behind it."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2023-01-02", periods=weeks, freq="7D")
    frames: list[pd.DataFrame] = []
    curves: dict[str, ResponseCurve] = {}
    for i in range(channels):
        name = NAMES[i % len(NAMES)] + (f"_{i // len(NAMES) + 1}" if i >= len(NAMES) else "")
        base = float(np.exp(rng.uniform(np.log(2_000), np.log(20_000))))
        curve = true_curve(FORMS[i % len(FORMS)], base, float(rng.uniform(20, 80)), rng)
        # Wide lognormal spend so the bend is identifiable; a few dark weeks are realistic and valid data.
        spend = base * np.exp(0.5 * rng.standard_normal(weeks))
        spend[rng.random(weeks) < 0.05] = 0.0
        # Mean-one multiplicative noise, so the curve is the expected number of conversions.
        factor = np.exp(noise * rng.standard_normal(weeks) - noise**2 / 2)
        conversions = curve.value(spend) * factor
        aov = float(rng.uniform(150, 400))
        frames.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "channel": name,
                    "spend": spend,
                    "conversions": conversions,
                    "revenue": conversions * aov,
                }
            )
        )
        curves[name] = curve
    history = pd.concat(frames, ignore_index=True).sort_values(["date", "channel"], ignore_index=True)
    return history, curves
