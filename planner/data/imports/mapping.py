"""The mapping file: how each kind of export is read, written as a first guess, confirmed or edited, reused.

```yaml
version: 1
files:
  - match: "直通车_*.csv"        # a file-name pattern; the first entry that matches a file is used
    platform: taobao_ztc
    channel: 直通车               # or channel_column: 推广工具 (one channel per value)
    encoding: gb18030
    delimiter: ","
    header_line: 1
    date_format: "%Y-%m-%d"
    columns: {date: 日期, spend: 花费, conversions: 总成交笔数, revenue: 总成交金额, campaign: 计划名称}
```
"""

from __future__ import annotations

import difflib
import fnmatch
import io
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.data.imports.aliases import FIELD_ALIASES
from planner.data.imports.decoding import ENCODINGS
from planner.data.reading import read_bytes
from planner.model.errors import HistoryError, Problem
from planner.model.i18n import Text

MAX_MAPPING_BYTES = 256 * 1024
FIELDS = tuple(FIELD_ALIASES)


class FileMapping(BaseModel):
    """How one kind of export is read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    match: str = Field(min_length=1, max_length=200)
    platform: str = ""
    channel: str = ""
    channel_column: str = ""
    encoding: str = ""
    delimiter: Literal[",", "\t", ";", ""] = ""
    header_line: int = Field(default=0, ge=0, le=1000)
    date_format: str = ""
    columns: dict[str, str] = Field(default_factory=dict)

    def matches(self, name: str) -> bool:
        """Return whether a file name fits this entry's pattern."""
        return fnmatch.fnmatchcase(name, self.match)


class Mapping(BaseModel):
    """Every kind of export a store imports, in the order they are tried."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    files: tuple[FileMapping, ...] = ()

    def for_file(self, name: str) -> FileMapping | None:
        """Return the first entry whose pattern fits a file name, or None."""
        return next((entry for entry in self.files if entry.matches(name)), None)


def name_pattern(name: str) -> str:
    """Return a file-name pattern that also fits next month's export: runs of digits become '*'."""
    pattern = re.sub(r"\d+(?:[-_.]\d+)*", "*", name)
    return re.sub(r"\*+", "*", pattern)


def mapping_yaml(mapping: Mapping) -> str:
    """Return a mapping as commented YAML that `read_mapping` reads back to an equal mapping."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    document = CommentedMap()
    document["version"] = mapping.version
    entries = CommentedSeq()
    for entry in mapping.files:
        item = CommentedMap()
        for key, value in entry.model_dump().items():
            if key == "columns":
                item[key] = CommentedMap(value)
            elif value not in ("", 0) or key == "match":
                item[key] = value
        entries.append(item)
    document["files"] = entries
    document.yaml_set_start_comment(
        "Promo Planner import mapping (docs/importing.md). Check each guess, edit what is wrong, and pass\n"
        "this file to `planner import --mapping` for every later export of the same kind.\n"
        "columns: history field → the export's header (date, spend, conversions, revenue, clicks,\n"
        "impressions; campaign, channel, roas, acos help). date_format uses %Y %m %d, or excel-serial."
    )
    yaml = YAML(typ="rt")
    yaml.width = 120
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def read_mapping(path: Path) -> Mapping:
    """Return the mapping in a YAML file, or raise HistoryError naming the key and line that are wrong."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    label = str(path)
    data = read_bytes(path, Text("noun.mapping_file"), MAX_MAPPING_BYTES, HistoryError)
    try:
        document = YAML(typ="rt").load(data.decode("utf-8-sig"))
    except (YAMLError, UnicodeDecodeError) as problem:
        line = getattr(getattr(problem, "problem_mark", None), "line", None)
        reason = str(getattr(problem, "problem", "") or problem)[:120]
        raise HistoryError(
            [Problem(Text("imports.mapping_unreadable", reason=reason), file=label, line=line + 1 if line else None)]
        ) from None
    try:
        mapping = Mapping.model_validate(_plain(document))
    except ValidationError as error:
        problems = [_validation_problem(item, document, label) for item in error.errors()]
        raise HistoryError(problems) from None
    problems = []
    for index, entry in enumerate(mapping.files):
        for key in entry.columns:
            if key not in FIELDS:
                text = Text("imports.mapping_unknown_field", key=key, fields=", ".join(FIELDS), hint=_hint(key, FIELDS))
                line = _line_of(document, ("files", index, "columns", key))
                problems.append(Problem(text, field=f"files -> {index} -> columns -> {key}", file=label, line=line))
        if entry.encoding and entry.encoding not in ENCODINGS:
            text = Text("imports.mapping_bad_encoding", encoding=entry.encoding, known=", ".join(ENCODINGS))
            line = _line_of(document, ("files", index, "encoding"))
            problems.append(Problem(text, field=f"files -> {index} -> encoding", file=label, line=line))
    if problems:
        raise HistoryError(problems)
    return mapping


def _hint(name: str, known: tuple[str, ...]) -> Text | str:
    """Return "did you mean …?" for a name close to a known one, or ''."""
    close = difflib.get_close_matches(name, known, n=1)
    return Text("imports.did_you_mean", name=close[0]) if close else ""


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _validation_problem(item: Any, document: Any, label: str) -> Problem:
    location = tuple(item["loc"])
    field = " -> ".join(str(part) for part in location)
    if item["type"] == "extra_forbidden":
        known = (*FileMapping.model_fields,) if len(location) > 1 else (*Mapping.model_fields,)
        text = Text("imports.mapping_unknown_key", key=str(location[-1]), hint=_hint(str(location[-1]), known))
    else:
        text = Text("imports.mapping_bad_value", reason=str(item["msg"]))
    return Problem(text, field=field, file=label, line=_line_of(document, location))


def _line_of(document: Any, location: tuple[Any, ...]) -> int | None:
    """Return the 1-based line of a key in a round-trip YAML document, or None."""
    node, line = document, None
    for part in location:
        try:
            where = getattr(node, "lc", None)
            if where is not None:
                line = (where.item(part) if isinstance(node, list) else where.key(part))[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line
