"""Which scenario files a command line names: files as given, folders searched (no pandas, no YAML parser)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SCENARIO_SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the scenario files named, folders searched recursively, in sorted order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found
