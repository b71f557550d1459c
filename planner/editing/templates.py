"""Commented YAML for new scenarios: from the template, or a copy of a file under a new name."""

from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap

from planner.data.io import _yaml
from planner.editing.yaml_edits import inline, render, scalar_like, style_of
from planner.model.errors import ScenarioError
from planner.model.i18n import Join, Text


def slug(name: str, index: int, taken: set[str]) -> str:
    """Return a channel id made from a name (channel_N for names not in ASCII), unique among `taken`."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] if name.isascii() else ""
    text = text if text and not text[0].isdigit() else f"channel_{index}"
    unique, n = text, 1
    while unique in taken:
        n += 1
        unique = f"{text}_{n}"
    taken.add(unique)
    return unique


_TEMPLATE = """\
# A new scenario for {store}. Lines starting with # are notes for people; the planner ignores them.
# Replace the placeholders (the budget, each channel's settings), then validate and plan.

# How the scenario is listed, what question it answers, whose store it is, and the currency of all amounts.
name: New scenario
description: {description}
store: {store_value}
currency: {currency}
{history}
# The money to spend over the period: at most this much (a placeholder: change it).
# To spend all of it, write instead `budget: {{amount: 100000, exactly: true}}`.
budget: 100000

# What the plan optimises: maximize conversions, maximize revenue, maximize profit (add e.g. `margin: 0.3`,
# the gross margin on revenue), or minimize spend (with a rule asking for enough conversions).
objective: maximize conversions

# Where the money can go. `id` is a short stable name (letters, digits, _); `label` is shown in reports.
# A channel may also have e.g. groups: [paid, search], min_spend: 10000, max_spend: 50000,
# min_vs_history: 0.8 and max_vs_history: 1.5 (multiples of its historical spend), locked: true, excluded: true.
channels:
{channels}
# Rules the plan must keep, over a group of channels, a list of them, or all of them, for example:
# rules:
#   - kind: share
#     name: live at least 15% of spend
#     group: live
#     at_least: 15%
"""
_HISTORY = """
# The store's past weeks per channel (CSV columns date, channel, spend, conversions, revenue). Costs per
# order and response curves are fitted from it; add `start:` and `end:` dates to use only part of it.
history:
  path: {path}
"""
_NO_HISTORY = """
# No history yet, so each channel needs its cost per conversion (placeholders below). Once you have a CSV
# of past weeks (date, channel, spend, conversions, revenue), add `history: {path: history.csv}`.
"""


def new_scenario_text(store: str, currency: str, channels: list[str], history_path: str | None) -> str:
    """Return a commented YAML template for a new scenario with one entry per channel name."""
    store, currency = store.strip(), currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ScenarioError(Text("editing.currency", currency=currency, examples=Join(["CNY", "USD"])))
    labels = [label.strip() for label in channels if label.strip()]
    if not labels:
        raise ScenarioError(Text("editing.no_channels"))
    taken: set[str] = set()
    cost = "" if history_path else "    cost_per_conversion: 50  # placeholder: spend per conversion\n"
    items = [
        f"  - id: {slug(label, i, taken)}\n    label: {inline(label)}\n{cost}" for i, label in enumerate(labels, 1)
    ]
    return _TEMPLATE.format(
        store=store or "a new store",
        store_value=inline(store),
        description=inline(f"Budget split for {store}" if store else "Budget split"),
        currency=currency,
        history=_HISTORY.format(path=inline(history_path)) if history_path else _NO_HISTORY,
        channels="\n".join(items),
    )


def duplicate_scenario_text(text: str, new_name: str) -> str:
    """Return the same scenario text under another name, comments and all."""
    document = _yaml().load(text)
    if not new_name.strip() or not isinstance(document, CommentedMap):
        raise ScenarioError(
            Text("editing.copy_name") if not new_name.strip() else Text("data.not_mapping", keys="name, channels")
        )
    yaml = style_of(document, text)
    if "name" in document:
        document["name"] = scalar_like(document["name"], new_name.strip())
    else:
        document.insert(0, "name", new_name.strip())
    return render(document, yaml)
