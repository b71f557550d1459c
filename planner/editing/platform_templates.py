"""A commented scenario skeleton from a platform template (planner.editing.platforms), in English or Chinese.

Plain text, built line by line: every comment comes from the catalogue (`templates.*`), every value is
written with `inline` so that names in any script are quoted when YAML needs it. With a history, the
template's channels are matched to the history's channel names (id, label or a known alias, ignoring case,
spaces, _ and -); a template channel the history lacks keeps placeholders and is excluded until filled in,
and a history channel the template lacks is added as an ordinary fitted channel.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.data.io import read_history
from planner.data.store import is_store
from planner.editing.platforms import PLATFORM_IDS, PLATFORMS, ChannelTemplate, Platform, find_platform
from planner.editing.templates import slug
from planner.editing.yaml_edits import inline
from planner.model.errors import Problem, ScenarioError
from planner.model.formatting import format_share
from planner.model.i18n import Join, Money, Text, render

HISTORY_COLUMNS = ("date", "channel", "spend", "conversions", "revenue")
PERIOD_WEEKS = 4
MAX_CHANNELS_EXAMPLE = 3
PLACEHOLDER_BUDGET = {"CNY": 100_000, "USD": 20_000}
SYMBOLS = {"CNY": "¥", "USD": "$"}


@dataclass(frozen=True)
class HistoryFacts:
    """What a skeleton needs of a history: its path as written, its channel names, whether it counts sessions."""

    path: str
    channels: tuple[str, ...]
    has_sessions: bool = False
    cost_of_sales: dict[str, float] = field(default_factory=dict)  # channel → Σ spend ÷ Σ revenue, where it sold


def history_facts(path: str, frame: pd.DataFrame) -> HistoryFacts:
    """Return a read history's channel names (the store's own rows left out) under the path to write."""
    names = frame["channel"].astype(str)
    channels = tuple(dict.fromkeys(names[~is_store(names)]))
    sums = frame.assign(channel=names).groupby("channel")[["spend", "revenue"]].sum(numeric_only=True)
    cost = {str(n): float(r["spend"] / r["revenue"]) for n, r in sums.iterrows() if 0 < r["spend"] < r["revenue"]}
    return HistoryFacts(path, channels, "sessions" in frame.columns, cost)


def read_history_facts(path: Path, written: str) -> HistoryFacts:
    """Return the facts of the history CSV at path, to be written into the scenario as `written`."""
    return history_facts(written, read_history(path))


def template_platform(name: str, field: str = "--template") -> Platform:
    """Return the platform a template name means, or raise ScenarioError listing the known ones."""
    platform = find_platform(name)
    if platform is not None:
        return platform
    close = difflib.get_close_matches(name.strip().lower(), PLATFORM_IDS, n=1, cutoff=0.6)
    hint = Text("templates.did_you_mean", name=close[0]) if close else ""
    raise ScenarioError([Problem(Text("templates.unknown", name=name, hint=hint, known=Join(PLATFORM_IDS)), field)])


def template_list(language: str) -> str:
    """Return the templates, one a line: id, name, currency and channels."""
    lines = [render(Text("templates.list.header", command="planner new --template ID"), language)]
    for platform in PLATFORMS:
        row = Text(
            "templates.list.row",
            id=platform.id,
            name=platform.name(language),
            currency=platform.currency,
            channels=Join(channel.label for channel in platform.channels),
        )
        lines.append("  " + render(row, language))
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    """Return a channel name as compared: NFKC, case-folded, runs of spaces, _ and - as one space."""
    return re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def match_history(channels: Sequence[ChannelTemplate], names: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Return each template channel's name in the history (by id) and the history's names no channel took."""
    remaining = list(dict.fromkeys(names))
    matched: dict[str, str] = {}
    for channel in channels:
        wanted = [_key(name) for name in (channel.id, channel.label, *channel.aliases)]
        for key in wanted:  # the id first, then the label, then the aliases in order
            found = next((name for name in remaining if _key(name) == key), None)
            if found is not None:
                matched[channel.id] = found
                remaining.remove(found)
                break
    return matched, remaining


class _Writer:
    """Lines of the skeleton, comments rendered in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.lines: list[str] = []

    def say(self, text: Text, indent: int = 0) -> None:
        self.lines.append(" " * indent + "# " + render(text, self.language))

    def note(self, key: str) -> str:
        return "  # " + render(Text(key), self.language)

    def put(self, line: str = "") -> None:
        self.lines.append(line)


def platform_scenario_text(
    platform: Platform,
    language: str,
    store: str = "",
    currency: str | None = None,
    history: HistoryFacts | None = None,
) -> str:
    """Return a commented YAML scenario for a platform's channels (placeholders, or matched to a history)."""
    currency = (currency or platform.currency).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ScenarioError(Text("editing.currency", currency=currency, examples=Join(["CNY", "USD"])))
    store = store.strip()
    out = _Writer(language)
    shown_store = store or render(Text("templates.a_new_store"), language)
    out.say(Text("templates.header", store=shown_store, platform=platform.name(language)))
    out.say(Text("templates.replace", validate="planner validate FILE", solve="planner solve FILE"))
    out.put()
    out.say(Text("templates.about"))
    out.put(f"name: {inline(render(Text('templates.name', platform=platform.name(language)), language))}")
    description = Text("templates.description", store=shown_store, platform=platform.name(language))
    out.put(f"description: {inline(render(description, language))}")
    out.put(f"store: {inline(store)}")
    out.put(f"currency: {currency}")
    out.put()
    out.say(Text("templates.period"))
    out.put(f"period_weeks: {PERIOD_WEEKS}")
    out.put()
    if history is not None:
        out.say(Text("templates.history", columns=Join(f"`{column}`" for column in HISTORY_COLUMNS)))
        out.put("history:")
        out.put(f"  path: {inline(history.path)}")
    else:
        out.say(
            Text(
                "templates.no_history",
                columns=Join(f"`{column}`" for column in HISTORY_COLUMNS),
                example="history: {path: history.csv}",
            )
        )
    out.put()
    out.say(Text("templates.budget"))
    out.put(f"budget: {PLACEHOLDER_BUDGET.get(currency, 100_000)}")
    out.put()
    out.say(Text("templates.objective", first="`maximize revenue`", others=Join(f"`{o}`" for o in _OTHER_OBJECTIVES)))
    out.put("objective: maximize revenue")
    out.put()
    out.say(Text("templates.channels"))
    out.put("channels:")
    matched, unknown = match_history(platform.channels, history.channels) if history else ({}, [])
    taken = {channel.id for channel in platform.channels}
    for channel in platform.channels:
        _write_channel(out, platform, channel, currency, history, matched.get(channel.id))
        out.put()
    for index, name in enumerate(unknown, len(platform.channels) + 1):
        out.say(Text("templates.from_history", label=name), 2)
        out.put(f"  - id: {slug(name, index, taken)}")
        out.put(f"    label: {inline(name)}")
        out.put()
    count = min(MAX_CHANNELS_EXAMPLE, len(platform.channels) + len(unknown))
    out.say(Text("templates.rules", count=count))
    out.put("# rules:")
    out.put("#   - kind: max_channels")
    out.put(f"#     name: {inline(render(Text('templates.rule_name', count=count), language))}")
    out.put(f"#     at_most: {count}")
    return "\n".join(out.lines) + "\n"


_OTHER_OBJECTIVES = ("maximize conversions", "maximize profit (margin: 0.3)", "minimize spend")


def _write_channel(
    out: _Writer,
    platform: Platform,
    channel: ChannelTemplate,
    currency: str,
    history: HistoryFacts | None,
    history_name: str | None,
) -> None:
    """Write one template channel: its comments, then its settings (placeholders unless the history has it)."""
    fitted = history_name is not None
    no_sessions = model_needs_sessions(channel, history) and fitted
    if no_sessions:
        fitted, history_name = False, None  # placeholders, left out: the history cannot fit its sessions
    label = channel.label
    model = channel.cost_model
    if model == "spend":
        out.say(Text("templates.model.spend" if fitted else "templates.model.spend_placeholder", label=label), 2)
    elif model == "units":
        key = "templates.model.units" if fitted else "templates.model.units_placeholder"
        out.say(Text(key, label=label, unit=channel.unit_name), 2)
    else:
        out.say(Text(f"templates.model.{model}", label=label), 2)
    limit = channel.limit
    if limit is not None:
        same = limit.currency == currency
        minimum = Text(
            "templates.limit.min_daily" if same else "templates.limit.min_daily_elsewhere",
            platform=limit.owner,
            amount=Money(limit.amount, SYMBOLS.get(limit.currency, limit.currency + " ")),
            unit=Text(f"templates.unit.{limit.unit.replace(' ', '_')}"),
            source=limit.source,
            field="min_if_active" if same else f"min_if_active: {{amount: …, per: {limit.per}}}",
            currency=currency,
        )
        out.say(minimum, 2)
    elif model == "spend":
        out.say(Text("templates.limit.no_minimum"), 2)
    if channel.min_rate is not None:
        rate = Text(
            "templates.limit.min_rate",
            platform=channel.min_rate.owner,
            rate=format_share(channel.min_rate.rate, out.language),
            source=channel.min_rate.source,
            field="commission.min_rate",
        )
        out.say(rate, 2)
    if history is not None and history_name is not None and history_name not in (channel.id, channel.label):
        out.say(Text("templates.history_name", name=history_name, field="history_name"), 2)
    if no_sessions:
        out.say(Text("templates.no_sessions_column", column="sessions", field="excluded: true"), 2)
    elif history is not None and history_name is None:
        out.say(Text("templates.not_in_history", field="excluded: true"), 2)
    out.put(f"  - id: {channel.id}")
    out.put(f"    label: {inline(label)}")
    out.put(f"    groups: [{', '.join(channel.groups)}]")
    if history is not None and history_name is not None and history_name not in (channel.id, channel.label):
        out.put(f"    history_name: {inline(history_name)}")
    if limit is not None and limit.currency == currency:
        out.put(f"    min_if_active: {{amount: {_number(limit.amount)}, per: {limit.per}}}")
    if model == "commission":
        out.put("    commission:")
        paid = history.cost_of_sales.get(history_name) if history is not None and history_name else None
        if paid is not None:  # what the channel really cost per yuan of sales in the history
            out.put(f"      rate: {_percent(round(paid, 4))}" + out.note("templates.ph.rate_history"))
        else:
            out.put(f"      rate: {_percent(channel.commission_rate)}" + out.note("templates.ph.rate"))
        if channel.min_rate is not None:
            out.put(f"      min_rate: {_percent(channel.min_rate.rate)}")
        if not fitted:
            out.put(f"      max_revenue: {_number(channel.max_revenue)}" + out.note("templates.ph.max_revenue"))
    elif model == "sessions":
        out.put("    sessions:")
        out.put(f"      fee: {_number(channel.session_fee)}" + out.note("templates.ph.fee"))
        commission = _percent(channel.session_commission)
        out.put(f"      commission: {commission}" + out.note("templates.ph.session_commission"))
        if fitted and history is not None and history.has_sessions:
            out.say(Text("templates.sessions_from_history"), 6)
            out.put("      from_history: true")
        else:
            out.put(f"      first: {_number(channel.session_first)}" + out.note("templates.ph.first"))
            out.put(f"      decay: {_number(channel.session_decay)}" + out.note("templates.ph.decay"))
        out.put(f"      max_per_week: {channel.sessions_per_week}" + out.note("templates.ph.per_week"))
    elif model == "units":
        out.put("    units:")
        out.put(f"      name: {inline(channel.unit_name)}")
        out.put(f"      cost: {_number(channel.unit_cost)}" + out.note("templates.ph.unit_cost"))
    if not fitted and model in ("spend", "units"):
        out.put(
            f"    cost_per_conversion: {_number(channel.cost_per_conversion)}"
            + out.note("templates.ph.cost_per_conversion")
        )
    if not fitted:
        revenue = f"    revenue_per_conversion: {_number(channel.revenue_per_conversion)}"
        out.put(revenue + out.note("templates.ph.revenue_per_conversion"))
    if history is not None and history_name is None:
        out.put("    excluded: true")


def model_needs_sessions(channel: ChannelTemplate, history: HistoryFacts | None) -> bool:
    """Return whether a live channel's history lacks the session counts its yields would be fitted on."""
    return channel.cost_model == "sessions" and history is not None and not history.has_sessions


def _number(value: float) -> str:
    """Return a number as YAML writes it plainly: 20000, 0.85 (never 2e4)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _percent(value: float) -> str:
    """Return a share as a percent the scenario reads: 0.1 → 10%."""
    return f"{round(value * 100, 6):g}%"
