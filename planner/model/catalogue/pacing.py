"""Pacing: how the plan names its smoothing and on-air rules in sentences (planner.insight.explain)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # {label} is the row's label: the entry's name and channel, if any, and "<period> → <period>".
    "pacing.smoothing_rule": ("smoothing {label}", "平滑 {label}"),
    # {label} is the on-air rule's name, its group or channel.
    "pacing.on_air_rule": ("on air {label}", "在投周期 {label}"),
}
