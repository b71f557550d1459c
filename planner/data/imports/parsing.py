"""Cells → numbers and dates, a whole column at a time: currency signs, separators, percents, date formats."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.data.imports.aliases import EMPTY_CELLS
from planner.data.imports.decoding import as_text, is_dates

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


_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_SIGNS = r"[￥¥$€£,元\s%]"  # currency signs, thousands separators, spaces, the percent sign
# A comma followed by one or two digits at the end is a decimal comma (thousands groups have three digits).
_DECIMAL_COMMA = r"^[^,]*[0-9],[0-9]{1,2}\s*(?:%|€|元)?$"
_LITERAL_SIGNS = ("￥", "¥", ",", "$", "元")
_PREFIX = r"^(?:US|HK|RMB|CNY|USD|EUR)"


def read_numbers(cells: pd.Series) -> Numbers:
    """Return a column of amounts or counts: ¥ ￥ $ € £ and 元 dropped, thousands separators too, "12%" → 0.12.

    Runs in Arrow's compute kernels (C++), never per cell in Python, and in layers: a column of plain numbers
    is cast at once; signs and separators are removed only when the cast fails; full-width characters are
    normalised and accounting brackets read only when that is not enough either.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    count = len(cells)
    if pd.api.types.is_numeric_dtype(cells.dtype):
        values = cells.to_numpy(dtype=float)
        return _numbers(values, np.isnan(values), np.zeros(count, dtype=bool))
    text = pc.utf8_trim_whitespace(pa.array(as_text(cells).array, type=pa.string()))
    plain = _cast(text)
    if plain is not None:
        return _numbers(plain, np.zeros(count, dtype=bool), np.zeros(count, dtype=bool))
    empty = _flags(pc.is_in(pc.utf8_lower(text), value_set=pa.array(EMPTY_CELLS)))
    percent = _flags(pc.ends_with(text, "%"))
    cleaned = pc.if_else(pa.array(empty), pa.scalar("0"), text)
    if pc.any(pc.match_substring_regex(cleaned, _DECIMAL_COMMA)).as_py():  # 1.234,50 €: a European decimal comma
        cleaned = pc.replace_substring(pc.replace_substring(cleaned, ".", ""), ",", ".")
    for sign in _LITERAL_SIGNS:  # literal replacement is several times faster than one regular expression
        if pc.any(pc.match_substring(cleaned, sign)).as_py():
            cleaned = pc.replace_substring(cleaned, pattern=sign, replacement="")
    cast = _cast(cleaned)
    if cast is None:  # spaces, percent signs, € £, full-width digits
        cleaned = pc.replace_substring_regex(cleaned, pattern=_SIGNS, replacement="")
        if not pc.all(pc.string_is_ascii(cleaned)).as_py():
            cleaned = pc.replace_substring_regex(
                pc.utf8_normalize(cleaned, form="NFKC"), pattern=_SIGNS, replacement=""
            )
        cast = _cast(cleaned)
    if cast is None:
        cleaned = pc.replace_substring_regex(cleaned, pattern=_PREFIX, replacement="")
        cleaned = pc.replace_substring_regex(cleaned, pattern=r"^\((.*)\)$", replacement="-\\1")  # (12.5) < 0
        valid = pc.match_substring_regex(cleaned, _NUMBER)
        cast = _cast(pc.if_else(valid, cleaned, pa.scalar(None, pa.string())))
    assert cast is not None
    return _numbers(np.where(percent, cast / 100.0, cast), empty, percent)


def _cast(text: object) -> np.ndarray | None:
    """Return Arrow text cast to floats (None where null), or None when a cell is not a number."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        cast = pc.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return np.asarray(cast.to_numpy(zero_copy_only=False), dtype=float)


def _flags(mask: object) -> np.ndarray:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)  # type: ignore[attr-defined]


def _numbers(values: np.ndarray, empty: np.ndarray, percent: np.ndarray) -> Numbers:
    failed = ~np.isfinite(values) | (np.abs(np.nan_to_num(values)) > 1e15)
    scaled = np.round(np.where(failed, 0.0, values) * 100.0).astype(np.int64)
    return Numbers(scaled, failed & ~empty, empty, percent)


def matches(cells: pd.Series, pattern: str, ignore_case: bool = False) -> np.ndarray:
    """Return where a column of text matches a regular expression (RE2 syntax), in Arrow's kernels."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # Dates, campaigns and channels repeat: each distinct value is turned into text and tested once.
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    text = pa.array(as_text(pd.Series(distinct, dtype=cells.dtype)).array, type=pa.string())
    found = np.asarray(pc.match_substring_regex(text, pattern, ignore_case=ignore_case).to_numpy(zero_copy_only=False))
    return found.astype(bool)[codes] if len(codes) else np.zeros(0, dtype=bool)


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
    if is_dates(cells):
        return False
    values = pd.Series(pd.unique(as_text(cells)), dtype=str).str.strip()
    return bool(values.str.fullmatch(r"\d{4}[-/.](?:\d[-/.]\d{1,2}|\d{1,2}[-/.]\d)").any())


def read_dates(cells: pd.Series, fmt: str) -> pd.Series:
    """Return a column of dates in a known format (NaT where a cell does not fit)."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)  # a year of daily rows has 365 distinct dates
    values = as_text(pd.Series(distinct, dtype=cells.dtype)).str.strip()
    if fmt == EXCEL_SERIAL:
        days = pd.to_numeric(values, errors="coerce")
        days = days.where(days.between(*_SERIAL_RANGE))
        parsed = pd.to_datetime(days, unit="D", origin="1899-12-30").dt.normalize()
    else:
        parsed = pd.to_datetime(values, format=fmt, errors="coerce").dt.normalize()
    result = parsed.to_numpy()[codes] if len(codes) else np.array([], dtype="datetime64[ns]")
    return pd.Series(result, index=cells.index, dtype="datetime64[ns]")


def date_label(fmt: str, unpadded: bool = False) -> str:
    """Return how a date format is stated to the user (YYYY-MM-DD, YYYY/M/D, Excel serial number…)."""
    if unpadded:
        return DATE_LABELS[fmt].replace("MM", "M").replace("DD", "D")
    if fmt in DATE_LABELS:
        return DATE_LABELS[fmt]
    return fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%H", "hh").replace("%M", "mm")
