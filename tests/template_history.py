"""A seeded weekly history for a platform template's channels: spend, diminishing conversions and revenue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.data.csv_tables import SESSIONS
from planner.editing.platforms import ChannelTemplate, Platform


def template_history(
    platform: Platform,
    weeks: int = 26,
    seed: int = 0,
    names: Sequence[str] | None = None,
    extra: Sequence[str] = (),
) -> pd.DataFrame:
    """Return weekly rows (date, channel, spend, conversions, revenue, sessions) for a template's channels.

    `names` replaces the channels' names in the history (an alias, say), in the template's order, and may be
    shorter (the rest are missing from the history); `extra` adds channels the template does not know.
    Conversions are a concave power of spend with noise, so curves are fitted, not constant; a live channel's
    weeks hold 1–7 sessions (blank on other channels), each selling `decay` times the one before, paid a fee
    each and a commission.
    """
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2025-01-06", periods=weeks, freq="7D")
    scale = 1.0 if platform.currency == "CNY" else 0.2  # a US store of about the same size in dollars
    labels = list(names) if names is not None else [channel.label for channel in platform.channels]
    channels: list[tuple[str, ChannelTemplate | None]] = [*zip(labels, platform.channels, strict=False)]
    channels += [(name, None) for name in extra]
    frames = []
    for name, channel in channels:
        if channel is not None and channel.cost_model == "sessions":
            frame = _live_weeks(channel, weeks, scale, rng)
        else:
            frame = _paid_weeks(weeks, scale, rng)
        frames.append(frame.assign(date=dates.strftime("%Y-%m-%d"), channel=name))
    history = pd.concat(frames, ignore_index=True)
    return history.reindex(columns=["date", "channel", "spend", "conversions", "revenue", SESSIONS])


def _paid_weeks(weeks: int, scale: float, rng: np.random.Generator) -> pd.DataFrame:
    base = scale * float(rng.uniform(3_000, 20_000))
    spend = base * rng.lognormal(0.0, 0.45, weeks)
    cost_per_conversion = float(rng.uniform(30, 80)) * scale
    exponent = float(rng.uniform(0.45, 0.75))
    # Scaled so that spending `base` buys base / cost_per_conversion conversions.
    conversions = (base / cost_per_conversion) * (spend / base) ** exponent * rng.lognormal(0.0, 0.08, weeks)
    revenue = conversions * float(rng.uniform(120, 200)) * scale * rng.lognormal(0.0, 0.03, weeks)
    return pd.DataFrame({"spend": spend.round(2), "conversions": conversions.round(1), "revenue": revenue.round(2)})


def _live_weeks(channel: ChannelTemplate, weeks: int, scale: float, rng: np.random.Generator) -> pd.DataFrame:
    sessions = rng.integers(1, 8, weeks)
    first, decay = channel.session_first * rng.uniform(0.8, 1.2), channel.session_decay
    revenue = first * (1 - decay**sessions) / (1 - decay) * rng.lognormal(0.0, 0.05, weeks)
    spend = channel.session_fee * sessions + channel.session_commission * revenue
    conversions = revenue / (float(rng.uniform(120, 200)) * scale)
    return pd.DataFrame(
        {
            "spend": spend.round(2),
            "conversions": conversions.round(1),
            "revenue": revenue.round(2),
            "sessions": sessions,
        }
    )
