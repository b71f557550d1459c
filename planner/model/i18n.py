"""Every text a person reads, in English and Simplified Chinese, from one catalogue.

A message is a `Text`: a catalogue key and its arguments, rendered in a language when it is shown. The
library returns `Text` (in errors, warnings and explanations) rather than finished strings, so the app, the
CLI and the report render the same message in the reader's language. Arguments are rendered too:

- `Money`, `Number`, `Share`, `Change` and `Ratio` format through the one number policy
  (`planner.model.formatting`);
- a nested `Text` renders in the same language;
- `Join` lists items with the language's separator ("a, b" / "a、b");
- a plain `str` or `int` is the reader's own data (a channel name, a file, a line) and is shown as is.

The catalogue is the union of the modules in `planner.model.catalogue`, one per area; `tests/test_i18n.py`
fails when an entry lacks a language or its placeholders differ between languages, and when text shown in
Chinese still carries English words.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planner.model.catalogue import CATALOGUE
from planner.model.formatting import format_change, format_money, format_number, format_ratio, format_share

LANGUAGES = {"en": "English", "zh": "简体中文"}


@dataclass(frozen=True)
class Money:
    """An amount of money, shown with its currency symbol."""

    amount: float
    symbol: str

    def render(self, language: str) -> str:
        return format_money(self.amount, self.symbol, language)


@dataclass(frozen=True)
class Number:
    """A count or measure (conversions, units, a KPI)."""

    value: float

    def render(self, language: str) -> str:
        return format_number(self.value, language)


@dataclass(frozen=True)
class Share:
    """A fraction shown as a percent (0.15 → 15.0%)."""

    value: float

    def render(self, language: str) -> str:
        return format_share(self.value, language)


@dataclass(frozen=True)
class Change:
    """A relative change shown with its sign (0.12 → +12.0%)."""

    value: float

    def render(self, language: str) -> str:
        return format_change(self.value, language)


@dataclass(frozen=True)
class Ratio:
    """A ratio such as ROAS (3.006 → 3.01)."""

    value: float

    def render(self, language: str) -> str:
        return format_ratio(self.value, language)


@dataclass(frozen=True)
class Join:
    """Items listed with the language's separator."""

    items: tuple[Any, ...]

    def __init__(self, items: Iterable[Any]) -> None:
        object.__setattr__(self, "items", tuple(items))

    def render(self, language: str) -> str:
        separator = "、" if language == "zh" else ", "
        return separator.join(render(item, language) for item in self.items)


class Text:
    """A message from the catalogue with its arguments; render it in a language to show it."""

    __slots__ = ("args", "key")

    def __init__(self, key: str, /, **args: Any) -> None:
        if key not in CATALOGUE:
            raise KeyError(f"no message {key!r} in the catalogue (planner/model/catalogue)")
        self.key = key
        self.args: Mapping[str, Any] = args

    def render(self, language: str = "en") -> str:
        """Return the message in 'en' or 'zh' (English for a language the catalogue lacks)."""
        template = CATALOGUE[self.key].get(language) or CATALOGUE[self.key]["en"]
        return template.format_map({name: render(value, language) for name, value in self.args.items()})

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {dict(self.args)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, dict(self.args)) == (other.key, dict(other.args))

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.args.items()))))

    def __reduce__(self) -> tuple[Any, ...]:  # picklable for worker processes
        return (_rebuild, (self.key, dict(self.args)))


def _rebuild(key: str, args: dict[str, Any]) -> Text:
    return Text(key, **args)


def render(value: Any, language: str = "en") -> str:
    """Return any message or argument as text in a language (plain strings as they are)."""
    if hasattr(value, "render"):
        return str(value.render(language))
    return str(value)


def label(key: str, language: str = "en") -> str:
    """Return a catalogue entry with no arguments in a language."""
    return Text(key).render(language)


def placeholders(template: str) -> set[str]:
    """Return the names a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
