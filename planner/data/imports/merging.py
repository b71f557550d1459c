"""An imported history added to an existing one: the channels and weeks the import has replace the file's rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

OPTIONAL_FIELDS = ("clicks", "impressions")
SESSIONS = "sessions"  # live sessions: kept when either history has them, blank where the other has none
COUNT_FIELDS = ("conversions", "clicks", "impressions")


def merge_histories(existing: pd.DataFrame, imported: pd.DataFrame) -> pd.DataFrame:
    """Return the existing history with each (channel, week) the import has replaced by the import's row.

    Every other row of the existing history stays (other channels, other weeks), so a month of one
    platform's exports extends a store's history instead of wiping it. Rows are sorted by week, then
    channel, as the importer writes them. Clicks and impressions are kept only when both have them (a zero
    would be wrong); live sessions when either has them (blank where not recorded); counts that are all whole
    are written as whole numbers.
    """
    old = existing.drop(columns=["line"], errors="ignore").copy()
    old["date"] = pd.to_datetime(old["date"]).dt.strftime("%Y-%m-%d")
    new = imported.copy()
    new["date"] = new["date"].astype(str)
    optional = [name for name in OPTIONAL_FIELDS if name in old.columns and name in new.columns]
    sessions = [SESSIONS] if SESSIONS in old.columns or SESSIONS in new.columns else []
    columns = ["date", "channel", "spend", "conversions", "revenue", *optional, *sessions]
    for frame in (old, new):
        if sessions and SESSIONS not in frame.columns:
            frame[SESSIONS] = np.nan
    replaced = pd.MultiIndex.from_frame(old[["channel", "date"]]).isin(
        pd.MultiIndex.from_frame(new[["channel", "date"]])
    )
    merged = pd.concat([old.loc[~replaced, columns], new[columns]], ignore_index=True)
    merged = merged.sort_values(["date", "channel"], kind="stable").reset_index(drop=True)
    for name in COUNT_FIELDS:
        if name in merged.columns:
            values = merged[name].to_numpy(dtype=float)
            if np.isfinite(values).all() and (values == np.round(values)).all():
                merged[name] = values.astype(np.int64)
    if sessions:
        merged[SESSIONS] = merged[SESSIONS].astype("Float64").astype("Int64")
    return merged
