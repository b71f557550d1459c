"""A fast first reading of a clean scenario file: libyaml parses, values are built as the round-trip loader builds them.

ruamel.yaml's round-trip loader keeps comments and line numbers, which editing and located errors need, but it
is pure Python: 15 s for a scenario of 10,000 channels. PyYAML's C parser (libyaml) reads the same file in a
fraction of that. Its plain scalars are resolved here with ruamel's own YAML 1.2 table (`yes` stays a string,
`012` is twelve, `1e3` a float), so a file that reads cleanly gives the same values either way.

Anything this reading does not reproduce exactly (a syntax error, a duplicate key, a tag, an anchor, a directive,
a tab, a multi-line or block scalar, a timestamp with a time, a value the checks would refuse) makes it answer
None: the caller then reads the file the round-trip way, which reports every mistake with its line.
"""

from __future__ import annotations

import gc
import math
import re
from datetime import date
from typing import Any

from ruamel.yaml.resolver import Resolver

from planner.data.reading import CONTROL_CHARACTERS, MAX_MAGNITUDE, MAX_YAML_DEPTH, MAX_YAML_VALUES, nesting_bound

try:
    from yaml.cyaml import CParser
    from yaml.error import YAMLError
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
except ImportError:  # PyYAML built without libyaml (or absent): every file is read the round-trip way
    CParser = None

_YAML_TAG = "tag:yaml.org,2002:"
_STRING, _SEQUENCE, _MAPPING = "fast:str", "fast:seq", "fast:map"

# ruamel's YAML 1.2 implicit resolvers, by the scalar's first character (as its own resolve looks them up).
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(str(tag), regexp) for tag, regexp in (*entries, *Resolver.yaml_implicit_resolvers.get(None, []))]
    for first, entries in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
# Tabs, YAML 1.1 line breaks, byte-order marks and directives (`%YAML 1.1` makes `yes` true): the two parsers
# may disagree on what is an error or what a value is.
_UNSURE_TEXT = re.compile("[\t\x85\u2028\u2029\ufeff]|^%", re.MULTILINE)
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_BOOLEANS = {"true": True, "false": False}


class _NotSureError(Exception):
    """Raised where the fast reading might differ from the round-trip one."""


def fast_reading_available() -> bool:
    """Return whether PyYAML's C parser is there for the fast reading."""
    return CParser is not None


def load_clean_mapping(text: str) -> dict[Any, Any] | None:
    """Return the YAML mapping in text as plain dicts, lists and scalars, or None unless it reads cleanly.

    "Cleanly": libyaml parses it, nothing in it is outside what this module rebuilds exactly as ruamel's
    round-trip loader does, and the value checks of `yaml_value_problems` would find nothing.
    """
    if CParser is None or _UNSURE_TEXT.search(text) or nesting_bound(text) > MAX_YAML_DEPTH:
        return None  # libyaml's composer recurses in C: only shallow files are handed to it
    # The cyclic garbage collector would walk the growing tree again and again (half the time at 10,000
    # channels); nothing here makes cycles, so it waits until the document is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(text)
    finally:
        if collecting:
            gc.enable()


def _read(text: str) -> dict[Any, Any] | None:
    """Return the mapping libyaml reads in text, rebuilt as ruamel would, or None where that is not sure."""
    parser = _Composer(text)
    try:
        root = parser.get_single_node()
    except (YAMLError, RecursionError, ValueError, TypeError):
        return None
    finally:
        parser.dispose()
    if not isinstance(root, MappingNode):
        return None
    builder = _Builder(text, marked=any(mark in text for mark in "!&*"))
    try:
        document = builder.build(root, 0)
    except (_NotSureError, ValueError, TypeError, IndexError, OverflowError):
        return None
    return document if isinstance(document, dict) else None


if CParser is not None:

    class _Composer(CParser):  # type: ignore[misc]
        """libyaml's parser and composer, with plain scalars tagged by ruamel's YAML 1.2 resolvers."""

        def descend_resolver(self, *_: Any) -> None:
            """No path resolvers: nothing to track."""

        def ascend_resolver(self, *_: Any) -> None:
            """No path resolvers: nothing to track."""

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            """Return the tag ruamel would give a node without an explicit one."""
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
                        if regexp.match(value or ""):
                            return tag
                return _STRING
            return _SEQUENCE if kind is SequenceNode else _MAPPING


class _Builder:
    """Builds plain Python values from libyaml's nodes, refusing (with _NotSureError) what it cannot vouch for."""

    def __init__(self, text: str, marked: bool) -> None:
        self.text = text
        self.marked = marked  # whether a tag, anchor or alias may be in the text at all
        self.values = 0

    def build(self, node: Any, depth: int) -> Any:
        """Return the value of a node (a dict, a list or a scalar)."""
        self.values += 1
        if depth > MAX_YAML_DEPTH or self.values > MAX_YAML_VALUES:
            raise _NotSureError
        if self.marked and self.text[node.start_mark.index : node.start_mark.index + 1] in ("!", "&", "*"):
            raise _NotSureError  # an explicit tag or an anchor (and so perhaps aliases): the round-trip way
        if node.tag == _MAPPING:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, depth + 1)
                if isinstance(key, date) or key in mapping:  # a date key is refused; a duplicate is an error
                    raise _NotSureError
                mapping[key] = self.build(value_node, depth + 1)
            return mapping
        if node.tag == _SEQUENCE:
            return [self.build(item, depth + 1) for item in node.value]
        return _scalar(node)


def _scalar(node: Any) -> Any:
    """Return a scalar node's value as ruamel's round-trip constructor returns it (up to its subclasses)."""
    value: str = node.value
    if node.style in ("|", ">") or "\n" in value or "\r" in value:
        raise _NotSureError  # line folding is where two parsers are likeliest to part
    tag = node.tag
    if tag == _STRING:
        if CONTROL_CHARACTERS.search(value):
            raise _NotSureError
        return value
    if tag == _YAML_TAG + "null":
        return None
    if tag == _YAML_TAG + "bool":
        return _BOOLEANS[value.lower()]
    if tag == _YAML_TAG + "int":
        return _checked(_integer(value))
    if tag == _YAML_TAG + "float":
        return _checked(_float(value))
    if tag == _YAML_TAG + "timestamp" and (match := _DATE.fullmatch(value)):
        return date(*(int(part) for part in match.groups()))  # 2026-13-06 raises: the round-trip way says where
    raise _NotSureError  # a timestamp with a time, a merge key `<<`, `=`


def _integer(value: str) -> int:
    """Return a YAML 1.2 integer as ruamel reads it: 0b, 0x, 0o prefixes; a leading zero is still decimal."""
    digits = value.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits[1:] if digits[0] in "+-" else digits
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(value: str) -> float:
    """Return a YAML 1.2 float as ruamel reads it (underscores dropped, `.inf` and `.nan` in any case)."""
    digits = value.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    digits = digits[1:] if digits[0] in "+-" else digits
    if digits in (".inf", ".nan"):
        raise _NotSureError  # refused by the value checks anyway, with their line
    return sign * float(digits)


def _checked(number: int | float) -> int | float:
    """Return a number unless the value checks (finite, at most MAX_MAGNITUDE) would refuse it."""
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        raise _NotSureError
    return number
