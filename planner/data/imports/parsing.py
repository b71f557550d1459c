"""Cells → numbers and dates, a whole column at a time: currency signs, separators, percents, date formats."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.data.imports.aliases import EMPTY_CELLS

# Date formats tried in this order; the first that reads every date of a file is the file's, and is stated.
# Day-first and month-first are tried only when the file shows which it is (a day above 12).
DATE_FORMATS: dict[str, str] = {
    "%Y-%m-%d": "YYYY-MM-DD",
    "%Y/%m/%d": "YYYY/MM/DD",
    "%Y%m%d": "YYYYMMDD",
    "%Y.%m.%d": "YYYY.MM.DD",
    "%Y年%m月%d日": "YYYY年MM月DD日",
    "%b %d, %Y": "Mon DD, YYYY",
    "%d/%m/%Y": "DD/MM/YYYY",
    "%m/%d/%Y": "MM/DD/YYYY",
    "%d.%m.%Y": "DD.MM.YYYY",
}
EXCEL_SERIAL = "excel-serial"  # days since 1899-12-30, as a workbook stores a date cell formatted as a number
DATE_LABELS = {**DATE_FORMATS, EXCEL_SERIAL: "Excel serial number"}
_AMBIGUOUS = {"%d/%m/%Y": "%m/%d/%Y", "%m/%d/%Y": "%d/%m/%Y"}
# Excel serials between 1990 and 2100.
_SERIAL_RANGE = (32874, 73051)


@dataclass(frozen=True)
class Numbers:
    """A column read as numbers: hundredths as integers (exact sums), which cells failed, which were empty."""

    hundredths: np.ndarray  # int64; 0 where failed
    failed: np.ndarray  # bool
    empty: np.ndarray  # bool: "-", "", "n/a"… read as zero
    percent: np.ndarray  # bool: written with "%", divided by 100


def read_numbers(cells: pd.Series) -> Numbers:
    """Return a column of amounts or counts: ¥ ￥ $ € £ and 元 dropped, thousands separators too, "12%" → 0.12."""
    text = cells.astype(str).str.normalize("NFKC").str.strip()  # ￥ → ¥, full-width digits → ASCII
    lowered = text.str.lower()
    empty = lowered.isin(EMPTY_CELLS).to_numpy()
    percent = text.str.endswith("%").to_numpy()
    cleaned = text.str.replace(r"[¥$€£,\s元]|^(?:US|HK|RMB|CNY|USD|EUR)", "", regex=True).str.rstrip("%")
    cleaned = cleaned.str.replace(r"^\((.*)\)$", r"-\1", regex=True)  # (12.50) is a negative amount in accounting
    values = pd.to_numeric(cleaned.where(~empty, "0"), errors="coerce").to_numpy(dtype=float)
    values = np.where(percent, values / 100.0, values)
    failed = ~np.isfinite(values) | (np.abs(np.nan_to_num(values)) > 1e15)
    scaled = np.round(np.where(failed, 0.0, values) * 100.0).astype(np.int64)
    return Numbers(scaled, failed, empty, percent)


def detect_date_format(cells: pd.Series) -> str | None:
    """Return the format every date in a column is written in (a key of DATE_LABELS), or None if none fits."""
    values = cells.astype(str).str.strip()
    values = values[values != ""]
    if values.empty:
        return None
    sample = values.drop_duplicates().head(400)
    if sample.str.fullmatch(r"\d{5}(?:\.0+)?").all():
        serial = pd.to_numeric(sample).between(*_SERIAL_RANGE)
        if serial.all():
            return EXCEL_SERIAL
    if sample.str.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?").all():
        return "%Y-%m-%d %H:%M:%S" if sample.str.len().max() > 16 else "%Y-%m-%d %H:%M"
    for fmt in DATE_FORMATS:
        if fmt == "%Y%m%d" and not sample.str.fullmatch(r"\d{8}").all():
            continue
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        if parsed.notna().all():
            if fmt in _AMBIGUOUS and pd.to_datetime(sample, format=_AMBIGUOUS[fmt], errors="coerce").notna().all():
                return "ambiguous"
            return fmt
    return None


def unpadded(cells: pd.Series, fmt: str) -> bool:
    """Return whether a column writes months or days without a leading zero (2026/3/4) in a padded format."""
    if fmt not in ("%Y/%m/%d", "%Y-%m-%d", "%Y.%m.%d"):
        return False
    return bool(cells.astype(str).str.strip().str.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}").any()) and bool(
        cells.astype(str).str.strip().str.fullmatch(r"\d{4}[-/.](?:\d[-/.]\d{1,2}|\d{1,2}[-/.]\d)").any()
    )


def read_dates(cells: pd.Series, fmt: str) -> pd.Series:
    """Return a column of dates in a known format (NaT where a cell does not fit)."""
    values = cells.astype(str).str.strip()
    if fmt == EXCEL_SERIAL:
        days = pd.to_numeric(values, errors="coerce")
        days = days.where(days.between(*_SERIAL_RANGE))
        return pd.to_datetime(days, unit="D", origin="1899-12-30").dt.normalize()
    return pd.to_datetime(values, format=fmt, errors="coerce").dt.normalize()


def date_label(fmt: str, unpadded: bool = False) -> str:
    """Return how a date format is stated to the user (YYYY-MM-DD, YYYY/M/D, Excel serial number…)."""
    if unpadded:
        return DATE_LABELS[fmt].replace("MM", "M").replace("DD", "D")
    if fmt in DATE_LABELS:
        return DATE_LABELS[fmt]
    return fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%H", "hh").replace("%M", "mm")
