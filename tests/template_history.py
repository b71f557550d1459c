"""A seeded weekly history for a platform template's channels: spend, diminishing conversions and revenue."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.editing.platforms import Platform


def template_history(
    platform: Platform,
    weeks: int = 26,
    seed: int = 0,
    names: Sequence[str] | None = None,
    extra: Sequence[str] = (),
) -> pd.DataFrame:
    """Return weekly rows (date, channel, spend, conversions, revenue) for every channel of a template.

    `names` replaces the channels' names in the history (an alias, say), one per channel; `extra` adds
    channels the template does not know. Conversions are a concave power of spend with noise, so each
    channel's curve is fitted, not a constant; commission channels' spend is their commission.
    """
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2025-01-06", periods=weeks, freq="7D")
    scale = 1.0 if platform.currency == "CNY" else 0.2  # a US store of about the same size in dollars
    labels = list(names) if names is not None else [channel.label for channel in platform.channels]
    rows = []
    for name in [*labels, *extra]:
        base = scale * float(rng.uniform(3_000, 20_000))
        spend = base * rng.lognormal(0.0, 0.45, weeks)
        cost_per_conversion = float(rng.uniform(30, 80)) * scale
        exponent = float(rng.uniform(0.45, 0.75))
        # Scaled so that spending `base` buys base / cost_per_conversion conversions.
        conversions = (base / cost_per_conversion) * (spend / base) ** exponent * rng.lognormal(0.0, 0.08, weeks)
        order_value = float(rng.uniform(120, 200)) * scale
        revenue = conversions * order_value * rng.lognormal(0.0, 0.03, weeks)
        rows.append(
            pd.DataFrame(
                {
                    "date": dates.strftime("%Y-%m-%d"),
                    "channel": name,
                    "spend": spend.round(2),
                    "conversions": conversions.round(1),
                    "revenue": revenue.round(2),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)
