"""Pacing: how the plan names its smoothing and on-air rules in sentences (planner.insight.explain)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # {label} is the row's label: the entry's name and channel, if any, and "<period> → <period>".
    "pacing.smoothing_rule": ("smoothing {label}", "平滑 {label}"),
    # {label} is the on-air rule's name, its group or channel.
    "pacing.on_air_rule": ("on air {label}", "在投周期 {label}"),
    # A bare number above 10 for max_change is almost surely a percentage written without its sign.
    "pacing.max_change_bare": (
        "{value} is read as a share, a change of up to {shown} from one period to the next; for {percent}, "
        "write {percent} (or {fraction})",
        "{value} 按比例读取，即相邻周期之间最多变化 {shown}；如指 {percent}，请写 {percent}（或 {fraction}）",
    ),
}
