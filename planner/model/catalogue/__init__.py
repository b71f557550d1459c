"""The message catalogue: every text a person reads, keyed, in English ("en") and Simplified Chinese ("zh").

One module per area keeps entries next to their neighbours; each defines `MESSAGES`, a mapping from key to
(English, 中文). Templates use `{name}` placeholders filled by `planner.model.i18n.Text`. A key may appear
in one module only.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# One module per area; each defines MESSAGES.
AREA_NAMES = (
    "app",
    "app_calendar",
    "app_import",
    "batch",
    "calendar",
    "calendar_output",
    "cli",
    "curves",
    "data",
    "economics",
    "editing",
    "errors",
    "estimates",
    "imports",
    "insight",
    "mmm",
    "optimize",
    "pacing",
    "report",
    "review",
    "store",
    "templates",
)
AREAS: tuple[ModuleType, ...] = tuple(importlib.import_module(f"{__name__}.{name}") for name in AREA_NAMES)


def _merge() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for area in AREAS:
        for key, (en, zh) in area.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice in the catalogue ({area.__name__})")
            merged[key] = {"en": en, "zh": zh}
    return merged


CATALOGUE: dict[str, dict[str, str]] = _merge()
