"""Many stores at once: `planner.batch(paths, overrides)` solves every case into one results table and a summary.

Runs on a local process pool (every core), in this process (`workers=1`) or on a Dask cluster
(`executor="dask://host:8786"`); resumable through an output folder. See docs/scaling.md.
"""

from __future__ import annotations

from planner.batching.run import BatchResult, batch

__all__ = ["BatchResult", "batch"]
