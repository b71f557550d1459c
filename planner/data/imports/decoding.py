"""Bytes of an export → a table of strings: the encoding, the delimiter and the header line found and stated."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.data.imports.aliases import REQUIRED_FIELDS, guess_columns
from planner.model.i18n import Text

# The names the report states (and the mapping file stores) for each encoding.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "gb18030": "GBK/GB18030",
    "big5": "Big5",
    "shift_jis": "Shift-JIS",
    "cp1252": "Windows-1252",
}
KNOWN_CODECS = "utf-8, utf-8-sig, gb18030, utf-16"
WRITE_MAPPING = "planner import --write-mapping"
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}
# The header is looked for in the first lines: exports often start with a title and the date range.
HEADER_SEARCH_LINES = 30
SAMPLE_BYTES = 64 * 1024
_CHINESE = ("gb2312", "gbk", "gb18030", "hz", "cp936")


class ExportError(Exception):
    """A file that cannot be imported at all: the message says why, the line and column where."""

    def __init__(self, text: Text, line: int | None = None, column: str = "") -> None:
        super().__init__(str(text))
        self.text = text
        self.line = line
        self.column = column


@dataclass(frozen=True)
class RawTable:
    """An export's cells as text, the header found, and what was detected."""

    cells: pd.DataFrame  # every column as str, named by the header; row i is on line lines[i]
    lines: np.ndarray  # the 1-based line (or Excel row) of each row
    encoding: str  # a key of ENCODINGS, or "xlsx"
    delimiter: str  # a key of DELIMITERS, or "" for a workbook
    header_line: int
    preamble: str  # the lines above the header (titles, date ranges), for recognising the platform


def detect_encoding(data: bytes) -> str:
    """Return the codec an export is written in (a key of ENCODINGS): BOM first, then UTF-8, then a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:SAMPLE_BYTES]
    if sample.count(b"\x00") * 3 > len(sample) > 1:  # UTF-16 without its mark: every other byte zero
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["gb18030", "big5", "shift_jis", "cp1252"]).best()
    name = (best.encoding if best is not None else "").lower().replace("-", "_")
    if not name or name in _CHINESE or name.startswith("gb"):
        return "gb18030"  # GBK's superset: every GBK file reads the same
    return {"big5": "big5", "shift_jis": "shift_jis", "cp932": "shift_jis"}.get(name, "cp1252")


def decode(data: bytes, encoding: str) -> str:
    """Return the text of an export in the given codec, or raise ExportError at the first byte it cannot read."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise ExportError(
            Text(
                "imports.undecodable",
                encoding=ENCODINGS.get(encoding, encoding),
                byte=f"0x{data[problem.start]:02X}",
                known=KNOWN_CODECS,
            ),
            line=line,
        ) from None
    except LookupError:
        raise ExportError(Text("imports.unknown_encoding", encoding=encoding, known=KNOWN_CODECS)) from None


def find_header(rows: list[list[str]], columns: dict[str, str] | None = None) -> int | None:
    """Return the index of the first row that names a date and a spend column (as mapped, or by alias), or None.

    A store's own totals (生意参谋) have no spend: their header names a date, orders and revenue.
    """
    wanted = {columns[f].strip() for f in REQUIRED_FIELDS if f in columns} if columns else set()
    for index, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        if wanted and wanted <= {str(cell).strip().lstrip("\ufeff") for cell in row}:
            return index
        if not wanted and _names_fields(guess_columns(row)):
            return index
    return None


def _names_fields(found: dict[str, str]) -> bool:
    """Return whether a row's guessed columns make a header: date and spend, or a store's date, orders and revenue."""
    return all(field in found for field in REQUIRED_FIELDS) or {"date", "conversions", "revenue"} <= found.keys()


def sniff(text: str, delimiter: str | None, columns: dict[str, str] | None = None) -> tuple[str, int]:
    """Return the delimiter and the 0-based header line of CSV text (the delimiter may be given)."""
    head = _head(text).splitlines()[:HEADER_SEARCH_LINES]
    candidates = [delimiter] if delimiter else list(DELIMITERS)
    for candidate in candidates:
        rows = list(csv.reader(head, delimiter=candidate))
        found = find_header(rows, columns)
        if found is not None:
            return candidate, found
    counts = {c: sum(line.count(c) for line in head) for c in candidates}
    return max(counts, key=lambda c: counts[c]), -1


def _head(text: str) -> str:
    """Return the first lines of a text (enough for the header search) without splitting all of it."""
    end = 0
    for _ in range(HEADER_SEARCH_LINES + 1):
        end = text.find("\n", end) + 1
        if end == 0:
            return text
    return text[:end]


def read_text_table(
    text: str, delimiter: str | None = None, header_line: int | None = None, columns: dict[str, str] | None = None
) -> RawTable:
    """Return the cells of CSV text below its header, with the delimiter and header line found."""
    chosen, found = sniff(text, delimiter, columns)
    header_index = header_line - 1 if header_line else found
    if header_index < 0:
        raise ExportError(Text("imports.no_header", lines=HEADER_SEARCH_LINES, command=WRITE_MAPPING), line=1)
    preamble = "\n".join(_head(text).splitlines()[:header_index])
    header = next(csv.reader([_head(text).splitlines()[header_index]], delimiter=chosen), []) if text else []
    known = {**guess_columns(header), **(columns or {})}
    names = {known[field] for field in ("channel", "campaign") if field in known}  # "01" must stay "01"
    cells = _read_fast(text, chosen, header_index, names)
    numbers = np.arange(len(cells) if cells is not None else 0) + header_index + 2
    if cells is None:
        cells = _read_exact(text, chosen, header_index)
        numbers = _row_lines(text, chosen, header_index, len(cells))
    return RawTable(cells, numbers, "", chosen, header_index + 1, preamble)


def _row_lines(text: str, delimiter: str, header_index: int, rows: int) -> np.ndarray:
    """Return the line each row starts on: row i is on line header + 2 + i unless a quoted cell spans lines."""
    lines = text.rstrip("\r\n").count("\n") + 1
    if lines == header_index + 1 + rows:
        return np.arange(rows) + header_index + 2
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    starts, line = [], 1
    for index, _ in enumerate(reader):
        if index > header_index:
            starts.append(line)
        line = reader.line_num + 1
    return np.array(starts[:rows] + [line] * max(0, rows - len(starts)), dtype=np.int64)


def _read_fast(text: str, delimiter: str, header_index: int, text_columns: set[str]) -> pd.DataFrame | None:
    """Return the cells through Arrow's multi-threaded CSV reader, or None when only the exact reader will do.

    Arrow skips blank lines and reports a short row without its line, so a file whose rows do not match its
    lines one to one (blank lines, cells spanning lines) or that Arrow cannot parse goes to `_read_exact`,
    which keeps line numbers and says where a row is malformed.
    """
    import pyarrow as pa
    import pyarrow.csv as arrow_csv

    body = text.split("\n", header_index)[-1] if header_index else text
    try:  # columns of plain numbers (and ISO dates) come back typed: no text to parse for them
        table = arrow_csv.read_csv(
            pa.py_buffer(body.encode("utf-8")),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter),
            convert_options=arrow_csv.ConvertOptions(
                strings_can_be_null=False,
                null_values=[""],
                column_types={name: pa.string() for name in text_columns},
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != body.rstrip("\r\n").count("\n"):  # a blank line skipped, or a cell spanning lines
        return None
    names = [str(name) for name in table.column_names]
    if len(set(names)) != len(names) or "" in names:
        return None
    text_type = pd.StringDtype("pyarrow", na_value=np.nan)
    mapper = {pa.string(): text_type, pa.large_string(): text_type}.get
    frame: pd.DataFrame = table.to_pandas(types_mapper=mapper, date_as_object=False)
    return frame


def is_dates(column: pd.Series) -> bool:
    """Return whether a column already holds dates (an ISO date column the reader typed)."""
    return bool(pd.api.types.is_datetime64_any_dtype(column.dtype))


def as_text(column: pd.Series) -> pd.Series:
    """Return any column as text: whole numbers without '.0', missing values empty, dates as YYYY-MM-DD."""
    if isinstance(column.dtype, pd.StringDtype):
        return column.fillna("") if column.hasnans else column
    if not (is_dates(column) or pd.api.types.is_numeric_dtype(column.dtype)):
        return column.astype(str)
    codes, distinct = pd.factorize(column, use_na_sentinel=False)  # dates repeat: format each one once
    values = pd.Series(distinct, dtype=column.dtype)
    if is_dates(values):
        text = values.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    else:
        numbers = values.to_numpy(dtype=float)
        text = np.array(
            [("" if not np.isfinite(x) else str(int(x)) if x == round(x) else repr(x)) for x in numbers], dtype=object
        )
    return pd.Series(text[codes] if len(codes) else [], index=column.index, dtype=str)


def _read_exact(text: str, delimiter: str, header_index: int) -> pd.DataFrame:
    """Return the cells through pandas' C reader, raising ExportError with the line of a malformed row."""
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skiprows=header_index,
            header=0,
            index_col=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as problem:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(problem))
        if match:
            expected, line, saw = (int(x) for x in match.groups())
            text_ = Text("imports.field_count", saw=saw, expected=expected)
            raise ExportError(text_, line=line + header_index) from None
        raise ExportError(Text("imports.unreadable", reason=str(problem)[:120])) from None
    return cells.fillna("")


def read_workbook(data: bytes, header_line: int | None = None, columns: dict[str, str] | None = None) -> RawTable:
    """Return the first sheet of an xlsx workbook as text cells below its header."""
    try:
        sheet = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as problem:  # openpyxl raises many kinds for a damaged workbook
        raise ExportError(Text("imports.unreadable", reason=f"{type(problem).__name__}: {problem}"[:120])) from None
    text = sheet.apply(_cells_as_text)
    rows = text.head(HEADER_SEARCH_LINES).values.tolist()
    header_index = header_line - 1 if header_line else find_header(rows, columns)
    if header_index is None or header_index < 0:
        raise ExportError(Text("imports.no_header", lines=HEADER_SEARCH_LINES, command=WRITE_MAPPING), line=1)
    header = [str(h) for h in text.iloc[header_index]]
    cells = text.iloc[header_index + 1 :].reset_index(drop=True)
    cells.columns = pd.Index(_unique(header))
    preamble = "\n".join(" ".join(row) for row in rows[:header_index])
    numbers = np.arange(len(cells)) + header_index + 2
    return RawTable(cells, numbers, "xlsx", "", header_index + 1, preamble)


def _cells_as_text(column: pd.Series) -> pd.Series:
    """Return workbook cells as text: dates as YYYY-MM-DD, numbers exactly as stored, blanks empty."""

    def one(value: object) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
            return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return column.map(one).astype(str)


def _unique(names: list[str]) -> list[str]:
    """Return column names made unique (a repeated header gets ' (2)'), as pandas would for CSV."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        result.append(name if count == 0 else f"{name}.{count}")
    return result
