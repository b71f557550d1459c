"""Guards every file read passes: size and kind checked before reading, text decoded with a located message.

Nothing here knows about scenarios or plans: it turns bytes on disk into text (or refuses them with a
problem that names the file, the line and what to do), and keeps what is echoed back short.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from planner.model.errors import PlannerError, Problem
from planner.model.i18n import Number, Text

MEGABYTE = 1024 * 1024
# Limits checked before a byte is read. A scenario is a page of YAML; a history of 5 years × 365 days ×
# 100 channels is about 15 MB; an imported curve table is a few hundred rows.
MAX_SCENARIO_BYTES = 2 * MEGABYTE
MAX_HISTORY_BYTES = 20 * MEGABYTE
MAX_CURVE_BYTES = 5 * MEGABYTE
# Money and counts are ordinary from 0.01 to 1e12 (IDR and VND budgets reach 1e11); beyond this the LP's
# arithmetic loses the cents, so larger numbers are refused where they are read.
MAX_MAGNITUDE = 1e15
# Values a YAML file may expand to through aliases (&a / *a): a "billion laughs" file is refused.
MAX_YAML_VALUES = 200_000
MAX_YAML_DEPTH = 40

# Characters that move the cursor, change colours or reorder text on a terminal; tab and newline are fine.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def is_control(character: str) -> bool:
    """Return whether a character would control a terminal (tab, newline and carriage return are fine)."""
    return (unicodedata.category(character) == "Cc" and character not in "\t\n\r") or character in _BIDI_CONTROLS


# The same characters as one pattern (Unicode's control category Cc is U+0000–U+001F and U+007F–U+009F), so a
# scenario of 10,000 channels is searched in milliseconds rather than character by character.
CONTROL_CHARACTERS = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in range(0xA0) if is_control(chr(code)))
    + "".join(sorted(_BIDI_CONTROLS))
    + "]"
)


def first_control_character(text: str) -> int | None:
    """Return the index of the first character in text that would control a terminal, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.start() if match else None


def control_character_message(text: str, index: int) -> Text:
    """Return the message for a control character found at text[index]."""
    from planner.model.validation import excerpt  # pydantic's modules: not for the command line's error path

    code = f"U+{ord(text[index]):04X}"
    name = Text("data.char.direction") if text[index] in _BIDI_CONTROLS else Text("data.char.control")
    return Text("data.control_character", code=code, name=name, text=excerpt(text))


def _kind_of(mode: int) -> str | None:
    """Return the catalogue key of what a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "data.kind.folder"
    if stat.S_ISFIFO(mode):
        return "data.kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "data.kind.device"
    if stat.S_ISSOCK(mode):
        return "data.kind.socket"
    return "data.kind.other"


# Operating-system errors a user can act on, in words; any other is shown as the system words it.
_OS_REASONS = {
    errno.ELOOP: "data.os.loop",
    errno.EACCES: "data.os.permission",
    errno.EPERM: "data.os.permission",
    errno.ENAMETOOLONG: "data.os.name_too_long",
    errno.ENOTDIR: "data.os.not_a_folder",
}


def os_reason(problem: OSError) -> Text | str:
    """Return why the system refused a file, from the catalogue where the reason is a common one."""
    key = _OS_REASONS.get(problem.errno or 0)
    return Text(key) if key else str(problem.strerror or problem)


def check_file(
    path: Path,
    what: Text,
    limit: int,
    error: type[PlannerError],
    field: str = "",
    hint: Text | None = None,
) -> int:
    """Raise `error` unless path is a regular file of at most `limit` bytes; return its size. Nothing is read."""
    label = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        text = Text("data.not_found", what=what, hint=hint or Text("data.hint.check_path"))
        raise error([Problem(text, field=field, file=label)]) from None
    except OSError as problem:
        text = Text("data.cannot_open", what=what, reason=os_reason(problem))
        raise error([Problem(text, field=field, file=label)]) from None
    kind = _kind_of(info.st_mode)
    if kind is not None:
        advice = Text("data.advice.name_file" if kind == "data.kind.folder" else "data.advice.save_ordinary")
        text = Text("data.not_a_file", kind=Text(kind), advice=advice, what=what)
        raise error([Problem(text, field=field, file=label)])
    if info.st_size > limit:
        raise error([Problem(_too_big(info.st_size, limit, what), field=field, file=label)])
    return int(info.st_size)


def _too_big(size: int, limit: int, what: Text) -> Text:
    return Text("data.too_big", size=Number(round(size / MEGABYTE, 1)), limit=Number(limit / MEGABYTE), what=what)


# The reads being noted (recording_reads): each maps a file's resolved path to the SHA-256 of the bytes read.
_RECORDINGS: list[dict[str, str]] = []


@contextlib.contextmanager
def recording_reads() -> Iterator[dict[str, str]]:
    """Within the block, note every input file read (resolved path → SHA-256 of its bytes): what a result rests on."""
    record: dict[str, str] = {}
    _RECORDINGS.append(record)
    try:
        yield record
    finally:  # this record, not another that is equal to it (list.remove compares by value: two empty ones are)
        del _RECORDINGS[next(i for i, kept in enumerate(_RECORDINGS) if kept is record)]


def note_read(path: str | os.PathLike[str], data: bytes | None = None) -> None:
    """Note a file as read by every recording under way (`data`: its bytes, else read now); a no-op otherwise.

    Called by read_bytes, and by whatever serves a file's contents from memory instead of reading it again.
    """
    if not _RECORDINGS:
        return
    import hashlib  # only when recording: a plain run never hashes

    path = Path(path)
    try:
        digest = hashlib.sha256(path.read_bytes() if data is None else data).hexdigest()
        resolved = str(path.resolve())
    except OSError:
        digest, resolved = "unreadable", str(path)  # never matches a digest: a result resting on it is not reused
    for record in _RECORDINGS:
        record[resolved] = digest


def read_bytes(path: Path, what: Text, limit: int, error: type[PlannerError], field: str = "") -> bytes:
    """Return a file's bytes after checking its kind and size (refused beyond `limit`, before reading)."""
    size = check_file(path, what, limit, error, field)
    try:
        with open(path, "rb") as stream:
            # As much as the file held, and a byte to see whether it grew since: read(limit + 1) would allocate the
            # whole limit first (5 MB for a curve table of 4 kB, a third of reading 10,000 tables).
            data = stream.read(size + 1)
            if len(data) > size:  # it grew between stat and read: read on, up to the limit
                data += stream.read(limit + 1 - len(data))
    except OSError as problem:
        text = Text("data.cannot_read", what=what, reason=os_reason(problem))
        raise error([Problem(text, field=field, file=str(path))]) from None
    if len(data) > limit:
        raise error([Problem(_too_big(len(data), limit, what), field=field, file=str(path))])
    note_read(path, data)
    return data


def read_stream(stream: IO[bytes], label: str, what: Text, limit: int, error: type[PlannerError]) -> bytes:
    """Return at most `limit` bytes of an open stream, refusing a longer one."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise error([Problem(_too_big(len(data), limit, what), file=label)])
    return data


_UTF16_32_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(data: bytes, label: str, error: type[PlannerError]) -> str:
    """Return bytes as UTF-8 text (a leading BOM dropped); other encodings are refused with a located guess."""
    for bom, name in _UTF16_32_BOMS:
        if data.startswith(bom):
            raise error([Problem(Text("data.marked_encoding", name=name, save=_SAVE_AS_UTF8), file=label)])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"PK\x03\x04"):
        raise error([Problem(Text("data.zip"), file=label, line=1)])
    nul = data.find(b"\x00", 0, 64 * 1024)
    if nul >= 0 and data.count(b"\x00", 0, 64 * 1024) * 3 <= min(len(data), 64 * 1024):
        line = data.count(b"\n", 0, nul) + 1
        raise error([Problem(Text("data.nul"), file=label, line=line)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        byte = data[problem.start]
        guess = _guess_encoding(data)
        looks = Text("data.looks_like", guess=guess) if guess else ""
        message = Text("data.not_utf8", byte=f"0x{byte:02X}", looks=looks, save=_SAVE_AS_UTF8)
        raise error([Problem(message, file=label, line=line)]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        utf16 = data.count(b"\x00") * 3 > len(data)  # every other byte zero: UTF-16 without its mark
        unmarked = utf16 and len(data) > 1
        message = Text("data.utf16_unmarked", save=_SAVE_AS_UTF8) if unmarked else Text("data.nul")
        raise error([Problem(message, file=label, line=line)])
    return text


def _guess_encoding(data: bytes) -> Text:
    """Return the likely encoding of bytes that are not UTF-8, in words."""
    sample = data[: 64 * 1024]
    zeros = sample.count(b"\x00")
    if zeros * 3 > len(sample):
        return Text("data.encoding.utf16")
    kana = re.compile("[\u3041-\u30ff]")
    han = re.compile("[\u3400-\u9fff]")
    for encoding, name, script in (
        ("shift_jis", Text("data.encoding.japanese", name="Shift-JIS"), kana),
        ("gb18030", Text("data.encoding.chinese", name="GBK/GB18030"), han),
        ("cp949", Text("data.encoding.korean", name="EUC-KR"), re.compile("[\uac00-\ud7af]")),
    ):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as problem:
            if problem.start < len(sample) - 4:  # a cut at the end of the sample is not a failure
                continue
            text = sample[: problem.start].decode(encoding)
        if script.search(text):
            return name
    return Text("data.encoding.western", name="Latin-1 / Windows-1252")


_SAVE_AS_UTF8 = Text("data.save_as_utf8")


def finite_number_problem(value: Any) -> Text | None:
    """Return what is wrong with a number read from a file (not finite, or beyond MAX_MAGNITUDE), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return Text("data.number.too_large", limit=f"{MAX_MAGNITUDE:g}")
    if math.isnan(number):
        return Text("data.number.nan")
    if math.isinf(number):
        return Text("data.number.infinite")
    if abs(number) > MAX_MAGNITUDE:
        return Text("data.number.too_large_value", value=f"{number:g}", limit=f"{MAX_MAGNITUDE:g}")
    return None


SCALAR_TYPES = (str, int, float, bool, date, type(None))


_FLOW_RUN = re.compile(r"[\[{](?:\s*[\[{]){" + str(MAX_YAML_DEPTH) + "}")


_FLOW_CHARACTERS = re.compile(r"""['"\[\]{}]""")
_DASHES = re.compile(r"(?:-\s+)*")


@functools.lru_cache(maxsize=2)  # asked twice of one text on load_scenario's fast path
def nesting_bound(text: str) -> int:
    """Return a cheap upper bound on how deeply YAML text nests (block indentation levels + flow brackets)."""
    indents: set[int] = set()
    dashes = flow = deepest_flow = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indents.add(len(line) - len(stripped))
        dashes = max(dashes, len(_DASHES.match(stripped).group(0).split("-")) - 1)  # type: ignore[union-attr]
        quote = ""
        for character in _FLOW_CHARACTERS.findall(stripped):  # only these matter: skip the rest at C speed
            if quote:
                quote = "" if character == quote else quote
            elif character in "'\"":
                quote = character
            elif character in "[{":
                flow += 1
                deepest_flow = max(deepest_flow, flow)
            elif character in "]}":
                flow = max(0, flow - 1)
    return len(indents) + dashes + deepest_flow


def yaml_text_problems(text: str, label: str) -> list[Problem]:
    """Return problems found in YAML text before it is built: control characters, nesting too deep.

    The nesting check walks the parser's events (no recursion) and stops at the first level too deep, so
    a file of 10,000 nested brackets is refused in milliseconds instead of exhausting the stack.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    if (index := first_control_character(text)) is not None:
        line = text.count("\n", 0, index) + 1
        return [
            Problem(control_character_message(text[max(0, index - 20) : index + 20], min(index, 20)), "", label, line)
        ]
    too_deep = Text("data.yaml.too_deep", limit=MAX_YAML_DEPTH)
    if match := _FLOW_RUN.search(text):
        return [Problem(too_deep, file=label, line=text.count("\n", 0, match.start()) + 1)]
    if nesting_bound(text) <= MAX_YAML_DEPTH:
        return []  # ordinary files skip the event pass: it costs as much as the load itself
    depth = 0
    try:
        for event in YAML(typ="rt").parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return [Problem(too_deep, file=label, line=event.start_mark.line + 1)]
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return []  # the full load reports syntax errors with their line
    return []


def yaml_value_problems(document: Any, label: str) -> list[Problem]:
    """Return problems with the values of a round-trip YAML document: tags, control characters, odd numbers.

    Walks without recursion, counting values reached through aliases, so deep or exploding files stop early.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from planner.model.validation import excerpt

    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str, ...], int, int]] = [(document, (), 1, 0)]
    visited = 0
    while stack:
        node, path, line, depth = stack.pop()
        visited += 1
        field = " -> ".join(path)
        if visited > MAX_YAML_VALUES:
            message = Text("data.yaml.aliases", limit=Number(MAX_YAML_VALUES), alias="*name")
            return [Problem(message, file=label, line=1)]
        if depth > MAX_YAML_DEPTH:
            message = Text("data.yaml.too_deep", limit=MAX_YAML_DEPTH)
            return [Problem(message, field=field, file=label, line=line)]
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag:
            problems.append(Problem(Text("data.yaml.tag", tag=excerpt(tag)), field=field, file=label, line=line))
            continue
        if isinstance(node, CommentedMap) and type(node) is not CommentedMap:  # !!omap and the like
            message = Text("data.yaml.special_mapping", kind=type(node).__name__.removeprefix("Commented"))
            problems.append(Problem(message, field=field, file=label, line=line))
        elif isinstance(node, CommentedMap):
            for key in node:
                # A key brought in by a merge (`<<: *defaults`) has no line of its own: its mapping's line.
                key_line = node.lc.key(key)[0] + 1 if key in (node.lc.data or {}) else line
                if not isinstance(key, SCALAR_TYPES) or isinstance(key, date):
                    problems.append(Problem(Text("data.yaml.key_not_plain"), field=field, file=label, line=key_line))
                    continue
                if isinstance(key, str) and (index := first_control_character(key)) is not None:
                    problems.append(Problem(control_character_message(key, index), field, label, key_line))
                    continue
                stack.append((node[key], (*path, str(key)), key_line, depth + 1))
        elif isinstance(node, CommentedSeq):
            for index in reversed(range(len(node))):
                stack.append((node[index], (*path, str(index)), node.lc.item(index)[0] + 1, depth + 1))
        elif isinstance(node, str):
            if (index := first_control_character(node)) is not None:
                problems.append(Problem(control_character_message(node, index), field, label, line))
        elif not isinstance(node, SCALAR_TYPES):
            message = (
                Text("data.yaml.binary", example="!!binary")
                if isinstance(node, bytes)
                else Text(
                    "data.yaml.special_value", kind=type(node).__name__.removeprefix("Commented"), example="!!binary"
                )
            )
            problems.append(Problem(message, field=field, file=label, line=line))
        elif (number := finite_number_problem(node)) is not None:
            problems.append(Problem(number, field=field, file=label, line=line))
    return problems
