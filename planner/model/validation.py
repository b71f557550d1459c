"""Validation errors in the reader's language: our validators raise catalogue keys, pydantic's own are translated.

A validator of ours raises `invalid(key, **args)`: a pydantic error whose `type` is the catalogue key and whose
`ctx` holds the message's arguments, so the error entry carries the message itself and not finished English.
`text_of_error` turns any pydantic error entry into a `Text`: ours by their key, pydantic's built-in types
(missing, extra keys, wrong types, numbers out of range, …) by an entry each, and a type nobody foresaw into a
generic message that still says what pydantic said.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from planner.model.catalogue import CATALOGUE
from planner.model.fields import MIN_COST
from planner.model.i18n import Join, Number, Text

# How much of one bad value is echoed back.
EXCERPT_CHARS = 40


def invalid(key: str, /, **args: Any) -> PydanticCustomError:
    """Return a pydantic error carrying a catalogue message: raise it from a validator."""
    return PydanticCustomError(key, CATALOGUE[key]["en"], args)


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return a value quoted for a message: at most `limit` characters, control characters escaped."""
    import unicodedata

    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15):
        return f"{value:g}"
    text = str(value) if not isinstance(value, int) else f"{str(value)[:limit]}… ({len(str(abs(value)))} digits)"
    short = text[:limit]

    def control(ch: str) -> bool:
        return (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in _BIDI_CONTROLS

    shown = repr(short) if not any(control(ch) for ch in short) else ascii(short)
    return shown + "…" if len(text) > limit else shown


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

# Pydantic's built-in error types that a scenario can produce, each with its catalogue entry (validation.<type>).
_TYPE_FAMILIES = {
    "float_type": "validation.not_number",
    "float_parsing": "validation.not_number",
    "int_type": "validation.not_whole_number",
    "int_parsing": "validation.not_whole_number",
    "int_from_float": "validation.not_whole_number",
    "int_parsing_size": "validation.too_large_number",
    "bool_type": "validation.not_bool",
    "bool_parsing": "validation.not_bool",
    "string_type": "validation.not_text",
    "dict_type": "validation.not_mapping",
    "model_type": "validation.not_mapping",
    "model_attributes_type": "validation.not_mapping",
    "list_type": "validation.not_list",
    "tuple_type": "validation.not_list",
    "set_type": "validation.not_list",
    "date_type": "validation.not_date",
    "date_parsing": "validation.not_date",
    "date_from_datetime_parsing": "validation.not_date",
    "date_from_datetime_inexact": "validation.not_date",
}
# Every built-in type text_of_error knows; any other falls back to validation.other (and a test notices it).
KNOWN_TYPES = frozenset(
    {
        *_TYPE_FAMILIES,
        "missing",
        "extra_forbidden",
        "string_pattern_mismatch",
        "string_too_long",
        "string_too_short",
        "too_short",
        "too_long",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "finite_number",
        "literal_error",
        "enum",
        "union_tag_invalid",
        "union_tag_not_found",
        "value_error",
    }
)


def is_ours(kind: str) -> bool:
    """Return whether an error type is a catalogue key raised by our validators (pydantic's have no dots)."""
    return "." in kind and kind in CATALOGUE


def _quoted_items(expected: str) -> list[str]:
    """Return the items of pydantic's "'a', 'b' or 'c'" (the words between quotes), or the text itself."""
    items = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return items or [expected]


def text_of_error(entry: Any, suggest: Callable[[str, tuple[Any, ...]], str | None] | None = None) -> Text:
    """Return the catalogue message for one pydantic error entry (from ValidationError.errors())."""
    kind = str(entry["type"])
    ctx: dict[str, Any] = dict(entry.get("ctx") or {})
    location = tuple(entry.get("loc", ()))
    value = excerpt(entry["input"]) if "input" in entry else ""
    if is_ours(kind):  # raised with invalid(key, **args)
        return Text(kind, **ctx)
    if kind == "missing":
        return Text("validation.missing", key=str(location[-1]) if location else "")
    if kind == "extra_forbidden":
        key = str(location[-1]) if location else ""
        close = (suggest or suggest_key)(key, location[:-1])
        if close:
            return Text("validation.unknown_key.suggest", key=excerpt(key), suggestion=close)
        valid = sorted(known_keys(location[:-1]))
        if len(valid) <= 12:
            return Text("validation.unknown_key.keys", key=excerpt(key), keys=Join(valid))
        return Text("validation.unknown_key.remove", key=excerpt(key))
    if kind in _TYPE_FAMILIES and entry.get("input", "") is None:
        return Text("validation.no_value")
    if kind in ("bool_type", "bool_parsing"):
        return Text("validation.not_bool", value=value, yes="true", no="false")
    if kind in _TYPE_FAMILIES:
        return Text(_TYPE_FAMILIES[kind], value=value)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "A-Z]{3}" in pattern:
            return Text("validation.pattern.currency", value=value, examples=Join(["CNY", "USD", "IDR"]))
        if pattern.startswith("^[^\\W"):
            return Text("validation.pattern.group", value=value)
        return Text("validation.pattern.name", value=value)
    if kind == "string_too_long":
        length = len(entry["input"]) if isinstance(entry.get("input"), str) else 0
        return Text("validation.string_too_long", length=Number(length), limit=Number(ctx.get("max_length", 0)))
    if kind == "string_too_short":
        return Text("validation.string_too_short", limit=Number(ctx.get("min_length", 1)))
    if kind == "too_short":
        return Text(
            "validation.too_short", limit=Number(ctx.get("min_length", 1)), count=Number(ctx.get("actual_length", 0))
        )
    if kind == "too_long":
        return Text(
            "validation.too_long", limit=Number(ctx.get("max_length", 0)), count=Number(ctx.get("actual_length", 0))
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _range_text(kind, ctx, value)
    if kind == "finite_number":
        return Text("validation.finite_number")
    if kind in ("literal_error", "enum"):
        return Text("validation.choice", value=value, expected=Join(_quoted_items(str(ctx.get("expected", "")))))
    if kind == "union_tag_invalid":
        return Text(
            "validation.tag_invalid",
            key=str(ctx.get("discriminator", "")).strip("'"),
            value=excerpt(ctx.get("tag", "")),
            expected=Join(_quoted_items(str(ctx.get("expected_tags", "")))),
        )
    if kind == "union_tag_not_found":
        return Text("validation.tag_missing", key=str(ctx.get("discriminator", "")).strip("'"))
    message = str(entry.get("msg", "")).removeprefix("Value error, ")
    if kind == "value_error":
        return Text("validation.value_error", message=message)
    return Text("validation.other", message=message)


def _range_text(kind: str, ctx: dict[str, Any], value: str) -> Text:
    limit = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), 0)
    shown = Number(float(limit)) if isinstance(limit, int | float) else str(limit)
    if kind == "greater_than_equal" and limit == 0:
        return Text("validation.negative", value=value)
    if kind == "greater_than" and limit == 0:
        return Text("validation.not_positive", value=value)
    if kind == "less_than_equal" and limit == 1:
        return Text("validation.share_above_one")
    if kind == "greater_than_equal" and limit == MIN_COST:
        return Text("validation.cost_too_small", value=value, limit=shown)
    return Text(f"validation.{kind}", value=value, limit=shown)


def problems_of(error: ValidationError) -> list[tuple[str, Text]]:
    """Return each error of a validation as (field path 'a -> 0 -> b', message), for objects with no file."""
    return [(" -> ".join(map(str, entry["loc"])), text_of_error(entry)) for entry in error.errors()]


def known_keys(location: tuple[Any, ...] | None = None) -> set[str]:
    """Return the keys valid at a place in a scenario (a pydantic location up to the key), or all keys anywhere."""
    from planner.model import channels, rules, scenario

    if location is None:
        keys: set[str] = set()
        for module in (channels, rules, scenario):
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, BaseModel):
                    keys.update(value.model_fields)
        return keys
    return {key for model in models_at(location) for key in model.model_fields}


# Words people write for a key, and the key they mean, checked before closeness ('name' on a channel is 'label').
KEY_SYNONYMS = {
    "name": ("label", "id"),
    "title": ("label", "name"),
    "cost": ("cost_per_conversion", "cost"),
    "cpa": ("cost_per_conversion",),
    "cpc": ("cost_per_conversion",),
    "aov": ("revenue_per_conversion",),
    "group": ("groups", "group"),
    "tags": ("groups",),
    "min": ("min_spend", "at_least", "min"),
    "max": ("max_spend", "at_most", "max"),
    "floor": ("min_spend", "at_least"),
    "cap": ("max_spend", "at_most"),
    "until": ("up_to",),
    "file": ("path",),
    "type": ("kind", "response"),
    "goal": ("objective",),
    "target": ("at_least", "value"),
}


def models_at(location: tuple[Any, ...]) -> list[type[BaseModel]]:
    """Return the scenario models that may sit at a pydantic location (several inside a union)."""
    from planner.model.scenario import Scenario

    candidates: list[type[BaseModel]] = [Scenario]
    for part in location:
        inner = [m for c in candidates if isinstance(part, str) and part in c.model_fields for m in _models_in(c, part)]
        if inner:
            candidates = inner
        elif isinstance(part, str):  # a union's tag (rules -> 0 -> limit) or a mapping's own key
            tagged = [c for c in candidates if part in str(c.model_fields.get("kind", "")) and "kind" in c.model_fields]
            candidates = tagged or candidates
    return candidates


def _models_in(model: type[BaseModel], field: str) -> list[type[BaseModel]]:
    import typing

    found: list[type[BaseModel]] = []
    pending: list[Any] = [model.model_fields[field].annotation]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.append(annotation)
        else:
            pending.extend(typing.get_args(annotation))
    return found


def suggest_key(key: str, location: tuple[Any, ...]) -> str | None:
    """Return the key valid at location that an unknown key most likely meant, or None."""
    valid = known_keys(location)
    for meant in KEY_SYNONYMS.get(key.strip().lower(), ()):
        if meant in valid and meant != key:
            return meant
    close = difflib.get_close_matches(key.strip().lower(), sorted(valid - {key}), n=1, cutoff=0.6)
    return close[0] if close else None
