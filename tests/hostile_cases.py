"""The hostile-input corpus: every kind of broken or odd input, with what its message must say.

Small cases are committed files under tests/data/hostile/ (written by `python -m tests.hostile_cases`
from the definitions here, so each file's purpose is stated next to it); big or odd ones (64 MB of NUL,
a 1 GB sparse file, FIFOs, devices, symlink loops) are made at test time by `make_generated`.

A case names its kind, the file the message must name, fragments the message must contain, and the line
it must point at (None where the input has no lines, e.g. a size refusal). Accepted cases must solve.
"""

from __future__ import annotations

import codecs
import copy
import math
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

BASE_SCENARIO = """\
name: Hostile base
currency: CNY
budget: 10000
period_weeks: 4
history:
  path: base_history.csv
objective: maximize conversions
kpis:
  new_customers: New customers
channels:
  - id: search
    label: Search
    groups: [paid]
    cost_per_conversion: 10
    max_spend: 6000
    kpis: {new_customers: 0.01}
  - id: feed
    label: Feed
    groups: [paid]
    min_vs_history: 0.5
  - id: live
    label: Live
    tranches:
      - cost_per_conversion: 5
        up_to: 1000
      - cost_per_conversion: 20
rules:
  - kind: limit
    name: paid floor
    group: paid
    at_least: 1000
  - kind: share
    name: live share
    channels: [live]
    at_most: 50%
"""


def base_history(rows: list[str] | None = None, weeks: int = 12) -> str:
    """Return a valid weekly history of three channels (feed's spend varies, so a curve can be fitted)."""
    lines = ["date,channel,spend,conversions,revenue"]
    for week in range(weeks):
        day = (date(2026, 1, 5) + timedelta(weeks=week)).isoformat()
        feed = 800 + 400 * (week % 5)
        lines.append(f"{day},Search,{1000 + 50 * week},{100 + 5 * week},{5000 + 100 * week}")
        lines.append(f"{day},Feed,{feed},{round(30 * feed**0.6 / 10)},{feed * 3}")
        lines.append(f"{day},Live,{500 + 20 * week},{60 + week},{2000 + 40 * week}")
    return "\n".join([*lines, *(rows or [])]) + "\n"


@dataclass(frozen=True)
class Case:
    """One kind of hostile input and what the message about it must say."""

    kind: str
    target: str  # scenario | history | curve | cli
    files: dict[str, bytes] = field(default_factory=dict)  # file name → bytes, written under HOSTILE
    scenario: str = ""  # the scenario file given to the commands
    names: str = ""  # the file the message must name
    expect: tuple[str, ...] = ()  # fragments of the message (case-insensitive)
    line: int | None = None
    accepted: bool = False
    argv: tuple[str, ...] = ()  # for cli cases; {dir} is the case folder
    generated: bool = False  # made at test time (big, or not a regular file)


def _scenario(kind: str, old: str, new: str, expect: tuple[str, ...], line_of: str | None = None) -> Case:
    assert old in BASE_SCENARIO, old
    text = BASE_SCENARIO.replace(old, new, 1)
    line = None
    if line_of is not None:
        line = next(n for n, row in enumerate(text.splitlines(), start=1) if line_of in row)
    name = f"s_{kind}.yaml"
    return Case(kind, "scenario", {name: text.encode()}, name, name, expect, line)


def _raw_scenario(kind: str, data: bytes, expect: tuple[str, ...], line: int | None) -> Case:
    name = f"s_{kind}.yaml"
    return Case(kind, "scenario", {name: data}, name, name, expect, line)


def _accepted_scenario(kind: str, data: bytes, history: bytes | None = None) -> Case:
    name = f"ok_{kind}.yaml"
    files = {name: data}
    if history is not None:
        csv = f"ok_{kind}.csv"
        files[csv] = history
        files[name] = data.replace(b"base_history.csv", csv.encode())
    return Case(kind, "scenario", files, name, name, accepted=True)


def _history(kind: str, data: bytes, expect: tuple[str, ...], line: int | None, names_scenario: bool = False) -> Case:
    csv = f"h_{kind}.csv"
    name = f"s_h_{kind}.yaml"
    text = BASE_SCENARIO.replace("base_history.csv", csv)
    return Case(kind, "history", {csv: data, name: text.encode()}, name, name if names_scenario else csv, expect, line)


def _curve(kind: str, data: bytes | None, expect: tuple[str, ...], line: int | None, field_check: bool = True) -> Case:
    csv = f"c_{kind}.csv"
    name = f"s_c_{kind}.yaml"
    old = "    tranches:\n      - cost_per_conversion: 5\n        up_to: 1000\n      - cost_per_conversion: 20\n"
    text = BASE_SCENARIO.replace(old, f"    curve: {{path: {csv}}}\n")
    files = {name: text.encode()}
    if data is not None:
        files[csv] = data
    fragments = (*expect, "channels -> 2 (live) -> curve") if field_check else expect
    return Case(kind, "curve", files, name, csv, fragments, line)


def _gbk_scenario() -> bytes:
    return BASE_SCENARIO.replace("label: Live", "label: 淘宝直播").encode("gbk")


def _bad_history_row(kind: str, row: str, expect: tuple[str, ...], line: int | None = None) -> Case:
    text = base_history([row])
    return _history(kind, text.encode(), expect, line or len(text.splitlines()))


def scenario_cases() -> list[Case]:
    """Return the scenario-file cases."""
    s = _scenario
    too_large = ("too large",)
    cases = [
        s("nul_byte", "name: Hostile base", "name: Hostile\x00 base", ("NUL byte",), "name: Hostile"),
        s(
            "min_spend_1e308",
            "    max_spend: 6000",
            "    max_spend: 6000\n    min_spend: 1e308",
            too_large,
            "min_spend",
        ),
        s("at_least_1e308", "at_least: 1000", "at_least: 1e308", (*too_large, "at_least"), "at_least"),
        s(
            "max_extrapolation_1e308",
            "objective:",
            "curves:\n  max_extrapolation: 1e308\nobjective:",
            too_large,
            "max_extrapolation",
        ),
        s(
            "max_extrapolation_1000",
            "objective:",
            "curves:\n  max_extrapolation: 1000\nobjective:",
            ("at most 100",),
            "max_extrapolation",
        ),
        s(
            "cost_1e-300",
            "cost_per_conversion: 10",
            "cost_per_conversion: 1e-300",
            ("too small", "cost_per_conversion"),
            "1e-300",
        ),
        s("cost_zero", "cost_per_conversion: 10", "cost_per_conversion: 0", ("too small",), "cost_per_conversion: 0"),
        s(
            "cost_negative",
            "cost_per_conversion: 10",
            "cost_per_conversion: -3",
            ("too small",),
            "cost_per_conversion: -3",
        ),
        s("budget_nan", "budget: 10000", "budget: .nan", ("not a number", "budget"), "budget"),
        s("budget_inf", "budget: 10000", "budget: .inf", ("infinite", "budget"), "budget"),
        s("budget_minus_inf", "budget: 10000", "budget: -.inf", ("infinite",), "budget"),
        s("budget_overflow_literal", "budget: 10000", "budget: 1e400", ("infinite",), "budget"),
        s("budget_negative", "budget: 10000", "budget: -5", ("negative", "budget"), "budget"),
        s("budget_text", "budget: 10000", "budget: ten thousand", ("not an amount", "budget"), "budget"),
        s("budget_1e16", "budget: 10000", "budget: 1e16", too_large, "budget"),
        s("budget_huge_int", "budget: 10000", "budget: " + "9" * 400, too_large, "budget"),
        s("budget_list", "budget: 10000", "budget: [1, 2]", ("budget",), "budget"),
        s("budget_bool", "budget: 10000", "budget: true", ("budget",), "budget"),
        s("budget_extra_key", "budget: 10000", "budget: {amount: 1, extra: 2}", ("unknown key 'extra'",), "budget"),
        s("budget_thousands_text", "budget: 10000", "budget: '10,000'", ("plain number",), "budget"),
        s("binary_tag", "name: Hostile base", "name: !!binary aGVsbG8=", ("binary", "name"), "name:"),
        s("custom_tag", "name: Hostile base", "name: !shout Hostile", ("tag", "name"), "name:"),
        s("python_tag", "name: Hostile base", "name: !!python/object:os.system x", ("tag",), "name:"),
        s("str_tag", "name: Hostile base", "name: !!str 3", ("tag",), "name:"),
        s("tagged_mapping", "budget: 10000", "budget: !money {amount: 3}", ("tag",), "budget"),
        s("set_tag", "kpis:\n  new_customers: New customers", "kpis: !!set {a}", ("YAML Set",), "kpis"),
        s("omap_tag", "kpis:\n  new_customers: New customers", "kpis: !!omap [a: b]", ("OrderedMap",), "kpis"),
        s("complex_key", "objective:", "? [a, b]\n: 1\nobjective:", ("key must be",), "? [a"),
        s("escape_in_name", "name: Hostile base", 'name: "\\e[31mred\\e[0m"', ("control character", "U+001B"), "name:"),
        s("escape_in_label", "label: Search", 'label: "Sea\\e[2Jrch"', ("control character",), 'label: "Sea'),
        s(
            "bell_in_description",
            "currency: CNY",
            'currency: CNY\ndescription: "ding\\a"',
            ("control character",),
            "description",
        ),
        s("bidi_in_label", "label: Feed", 'label: "Feed\\u202Edeef"', ("U+202E",), 'label: "Feed'),
        s("c1_in_store", "currency: CNY", 'currency: CNY\nstore: "a\\x9bb"', ("control character",), "store"),
        s("escape_in_key", "objective:", '"\\e]0;pwned\\a": 1\nobjective:', ("control character",), "pwned"),
        s(
            "escape_in_group",
            "groups: [paid]\n    cost",
            'groups: ["pa\\eid"]\n    cost',
            ("control character",),
            "pa\\e",
        ),
        s("name_on_channel", "label: Search", "name: Search", ("did you mean 'label'",), "name: Search"),
        s(
            "cost_on_tranche",
            "      - cost_per_conversion: 5",
            "      - cost: 5",
            ("did you mean 'cost_per_conversion'",),
            "- cost: 5",
        ),
        s("typo_max_spend", "max_spend: 6000", "max_spnd: 6000", ("did you mean 'max_spend'",), "max_spnd"),
        s("typo_top_level", "budget: 10000", "budgte: 10000", ("did you mean 'budget'",), "budgte"),
        s("typo_rule_key", "at_least: 1000", "at_leest: 1000", ("did you mean 'at_least'",), "at_leest"),
        s("cap_on_channel", "max_spend: 6000", "cap: 6000", ("did you mean 'max_spend'",), "cap: 6000"),
        s("unknown_rule_kind", "  - kind: limit", "  - kind: limmit", ("kind",), "kind: limmit"),
        s("missing_channels", "channels:\n  - id: search", "channelz:\n  - id: search", ("channels",), None),
        s("channels_empty", "channels:\n", "channels: []\nold_channels:\n", ("channels",), "channels: []"),
        s("channels_text", "channels:\n", "channels: search\nold:\n", ("channels",), "channels: search"),
        s("channel_id_space", "id: search", "id: web search", ("not a valid name",), "id: web search"),
        s("channel_id_digit", "id: search", "id: 1search", ("not a valid name",), "id: 1search"),
        s("duplicate_channel", "id: feed", "id: search  # again", ("used twice",), "# again"),
        s("duplicate_key", "budget: 10000", "budget: 10000\nbudget: 20000", ("duplicate",), "budget: 20000"),
        s("tab_indent", "    label: Search", "\tlabel: Search", ("not valid YAML",), "\tlabel"),
        s("unclosed_quote", "name: Hostile base", 'name: "Hostile base', ("not valid YAML",), None),
        s("unclosed_bracket", "groups: [paid]\n    cost", "groups: [paid\n    cost", ("not valid YAML",), None),
        s("bad_indent", "    label: Search", "      label: Search", ("not valid YAML",), None),
        s(
            "bad_date",
            "  path: base_history.csv",
            "  path: base_history.csv\n  start: 2026-13-45",
            ("not a date",),
            "start",
        ),
        s(
            "start_after_end",
            "  path: base_history.csv",
            "  path: base_history.csv\n  start: 2026-03-01\n  end: 2026-01-01",
            ("after",),
            "history:",
        ),
        s("history_path_empty", "  path: base_history.csv", "  path: ''", ("path",), "path: ''"),
        s(
            "history_path_missing",
            "  path: base_history.csv",
            "  path: nowhere.csv",
            ("not found", "nowhere.csv"),
            "path: nowhere",
        ),
        s("history_path_folder", "  path: base_history.csv", "  path: .", ("is a folder",), "path: ."),
        s("history_path_device", "  path: base_history.csv", "  path: /dev/zero", ("is a device",), "path: /dev/zero"),
        s(
            "history_path_is_scenario",
            "  path: base_history.csv",
            "  path: s_history_path_is_scenario.yaml",
            ("missing column",),
            None,
        ),
        s("currency_word", "currency: CNY", "currency: yuan", ("currency code",), "currency"),
        s(
            "objective_no_measure",
            "objective: maximize conversions",
            "objective: maximize",
            ("not an objective",),
            "objective",
        ),
        s(
            "objective_unknown",
            "objective: maximize conversions",
            "objective: maximize happiness",
            ("unknown measure",),
            "objective",
        ),
        s(
            "objective_both",
            "objective: maximize conversions",
            "objective: {maximize: conversions, minimize: spend}",
            ("exactly one",),
            "objective",
        ),
        s("margin_above_1", "currency: CNY", "currency: CNY\nmargin: 1.5", ("at most 1",), "margin"),
        s("margin_zero", "currency: CNY", "currency: CNY\nmargin: 0", ("more than zero",), "margin"),
        s("share_150_percent", "at_most: 50%", "at_most: 150%", ("at most 1",), "at_most"),
        s("share_bad_percent", "at_most: 50%", "at_most: abc%", ("percentage",), "at_most"),
        s("rule_without_limit", "    at_least: 1000\n", "", ("at_least, at_most or exactly",), "- kind: limit"),
        s("rule_name_twice", "name: live share", "name: paid floor", ("used twice",), "- kind: share"),
        s(
            "rule_group_unknown",
            "group: paid\n    at_least",
            "group: payd\n    at_least",
            ("did you mean 'paid'",),
            "group: payd",
        ),
        s("rule_channel_unknown", "channels: [live]", "channels: [lvie]", ("unknown channel",), "channels: [lvie]"),
        s(
            "rule_measure_unknown",
            "name: paid floor",
            "name: paid floor\n    measure: clickz",
            ("unknown measure",),
            "measure",
        ),
        s(
            "kpi_undeclared",
            "kpis: {new_customers: 0.01}",
            "kpis: {old_customers: 0.01}",
            ("unknown KPI",),
            "old_customers",
        ),
        s(
            "resource_undeclared",
            "    max_spend: 6000",
            "    max_spend: 6000\n    resource_use: {hours: 1}",
            ("unknown resource",),
            "resource_use",
        ),
        s(
            "kpi_reserved",
            "  new_customers: New customers",
            "  spend: Spend",
            ("taken by a built-in",),
            "  spend: Spend",
        ),
        s(
            "kpi_value_inf",
            "kpis: {new_customers: 0.01}",
            "kpis: {new_customers: .inf}",
            ("infinite",),
            "new_customers: .inf",
        ),
        s(
            "units_cost_zero",
            "    max_spend: 6000",
            "    max_spend: 6000\n    units: {cost: 0}",
            ("too small",),
            "units",
        ),
        s(
            "units_min_above_max",
            "    max_spend: 6000",
            "    max_spend: 6000\n    units: {cost: 5, min: 9, max: 2}",
            ("above units.max",),
            "- id: search",
        ),
        s(
            "min_above_max",
            "    max_spend: 6000",
            "    max_spend: 6000\n    min_spend: 7000",
            ("above max_spend",),
            "- id: search",
        ),
        s(
            "locked_and_excluded",
            "    max_spend: 6000",
            "    max_spend: 6000\n    locked: true\n    excluded: true",
            ("locked and excluded",),
            "- id: search",
        ),
        s(
            "tranches_not_increasing",
            "up_to: 1000",
            "up_to: 1000\n      - cost_per_conversion: 7\n        up_to: 500",
            ("must increase",),
            "- id: live",
        ),
        s(
            "tranche_without_cost",
            "      - cost_per_conversion: 20",
            "      - up_to: 2000",
            ("yields nothing",),
            "- id: live",
        ),
        s(
            "imported_without_curve",
            "label: Feed",
            "label: Feed\n    response: imported",
            ("needs curve",),
            "- id: feed",
        ),
        s("segments_zero", "objective:", "curves:\n  segments: 0\nobjective:", ("segments",), "segments"),
        s("segments_huge", "objective:", "curves:\n  segments: 100000\nobjective:", ("at most 200",), "segments"),
        s("min_weeks_two", "objective:", "curves:\n  min_weeks: 2\nobjective:", ("min_weeks",), "min_weeks"),
        s("seed_negative", "objective:", "curves:\n  seed: -1\nobjective:", ("negative",), "seed"),
        s("seed_1e20", "objective:", "curves:\n  seed: 100000000000000000000\nobjective:", too_large, "seed"),
        s("forms_unknown", "objective:", "curves:\n  forms: [cubic]\nobjective:", ("forms",), "forms"),
        s("period_weeks_zero", "period_weeks: 4", "period_weeks: 0", ("more than zero",), "period_weeks"),
        s("period_weeks_million", "period_weeks: 4", "period_weeks: 1000000", ("at most 5,200",), "period_weeks"),
        s("name_null", "name: Hostile base", "name:", ("name",), "name:"),
        s("name_date", "name: Hostile base", "name: 2026-01-01", ("name",), "name:"),
        s("name_very_long", "name: Hostile base", "name: " + "x" * 100_000, ("characters long",), "name:"),
        s("key_very_long", "objective:", "k" * 1000 + ": 1\nobjective:", ("unknown key", "…"), "kkkk"),
        s("label_empty", "label: Search", "label: ''", ("label",), "label: ''"),
        s("groups_text", "groups: [paid]\n    cost", "groups: paid\n    cost", ("groups",), "groups: paid"),
        s(
            "group_with_space",
            "groups: [paid]\n    cost",
            "groups: [paid media]\n    cost",
            ("group tag",),
            "groups: [paid media]",
        ),
        s(
            "channel_is_text",
            "  - id: feed\n    label: Feed\n    groups: [paid]\n    min_vs_history: 0.5\n",
            "  - feed\n",
            ("channels -> 1",),
            "  - feed",
        ),
        s(
            "resource_limit_negative",
            "channels:\n",
            "resources:\n  hours: {limit: -1}\nchannels:\n",
            ("negative",),
            "limit: -1",
        ),
        s(
            "both_revenue_yields",
            "    max_spend: 6000",
            "    max_spend: 6000\n    roas: 2\n    revenue_per_conversion: 3",
            ("not both",),
            "- id: search",
        ),
        Case(
            "window_without_rows",
            "scenario",
            {
                "s_window_without_rows.yaml": BASE_SCENARIO.replace(
                    "  path: base_history.csv", "  path: base_history.csv\n  start: 2030-01-01"
                ).encode()
            },
            "s_window_without_rows.yaml",
            "base_history.csv",
            ("no rows between", "history window"),
        ),
        s("deep_mapping", "objective:", "deep: " + "{a: " * 60 + "1" + "}" * 60 + "\nobjective:", ("nested",), "deep"),
        _raw_scenario(
            "deep_list_10000",
            (BASE_SCENARIO + "deep: " + "[" * 10_000 + "]" * 10_000 + "\n").encode(),
            ("nested",),
            None,
        ),
        _raw_scenario("deep_flow_spaced", ("deep: " + "[a, " * 3000 + "\n").encode(), ("nested",), 1),
        _raw_scenario(
            "deep_block_1000",
            ("deep:\n" + "".join(" " * i + "a:\n" for i in range(1, 1000))).encode(),
            ("nested",),
            None,
        ),
        _raw_scenario("dash_run_3000", ("deep: \n  " + "- " * 3000 + "a\n").encode(), ("nested",), None),
        Case(
            "paused_constant_from_history",
            "scenario",
            {
                "s_paused_constant.yaml": BASE_SCENARIO.replace("base_history.csv", "ok_paused_whole_window.csv")
                .replace("    min_vs_history: 0.5", "    response: constant")
                .encode()
            },
            "s_paused_constant.yaml",
            "ok_paused_whole_window.csv",
            ("no spend", "channels -> 1 (feed) -> cost_per_conversion", "give cost_per_conversion"),
            None,
        ),
        _raw_scenario("billion_laughs", _billion_laughs(), ("aliases",), 1),
        _raw_scenario(
            "many_unknown_keys",
            (BASE_SCENARIO + "".join(f"junk{i}: 1\n" for i in range(500))).encode(),
            ("and 450 more",),
            None,
        ),
        _raw_scenario("empty_file", b"", ("must be a mapping",), 1),
        _raw_scenario("only_comments", b"# nothing here\n", ("must be a mapping",), 1),
        _raw_scenario("top_level_list", b"- a\n- b\n", ("must be a mapping",), 1),
        _raw_scenario("top_level_scalar", b"hello\n", ("must be a mapping",), 1),
        _raw_scenario(
            "utf16_le_bom",
            codecs.BOM_UTF16_LE + BASE_SCENARIO.encode("utf-16-le"),
            ("UTF-16", "save it as UTF-8"),
            None,
        ),
        _raw_scenario(
            "utf16_be_bom",
            codecs.BOM_UTF16_BE + BASE_SCENARIO.encode("utf-16-be"),
            ("UTF-16", "save it as UTF-8"),
            None,
        ),
        _raw_scenario("utf16_no_bom", BASE_SCENARIO.encode("utf-16-le"), ("UTF-16", "save it as UTF-8"), 1),
        _raw_scenario("utf32_bom", codecs.BOM_UTF32_LE + BASE_SCENARIO.encode("utf-32-le"), ("UTF-32",), None),
        _raw_scenario("gbk", _gbk_scenario(), ("GBK", "save it as UTF-8"), 22),
        _raw_scenario(
            "latin1",
            BASE_SCENARIO.replace("label: Feed", "label: Café").encode("latin-1"),
            ("Latin-1", "save it as UTF-8"),
            18,
        ),
        _raw_scenario(
            "shift_jis",
            BASE_SCENARIO.replace("label: Feed", "label: ライブ配信").encode("shift_jis"),
            ("Shift-JIS",),
            18,
        ),
        _raw_scenario("png_bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("NUL",), 3),
        _raw_scenario("zip_bytes", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), ("zip file",), 1),
        _raw_scenario(
            "raw_escape_byte",
            BASE_SCENARIO.replace("label: Feed", "label: Fe\x1bed").encode(),
            ("control character", "U+001B"),
            18,
        ),
        _raw_scenario(
            "nbsp_indent", BASE_SCENARIO.replace("    label: Feed", "\u00a0   label: Feed").encode(), ("YAML",), None
        ),
        Case(
            "csv_as_scenario",
            "scenario",
            {"s_is_history.csv": base_history().encode()},
            "s_is_history.csv",
            "s_is_history.csv",
            ("history table",),
        ),
    ]
    accepted = [
        _accepted_scenario("bom_utf8", codecs.BOM_UTF8 + BASE_SCENARIO.encode()),
        _accepted_scenario("crlf", BASE_SCENARIO.replace("\n", "\r\n").encode()),
        _accepted_scenario("budget_cent", _no_floors("budget: 0.01")),
        _accepted_scenario("budget_1e12", BASE_SCENARIO.replace("budget: 10000", "budget: 1e12").encode()),
        _accepted_scenario("budget_idr", BASE_SCENARIO.replace("budget: 10000", "budget: 76000000000").encode()),
        _accepted_scenario("chinese_labels", BASE_SCENARIO.replace("label: Search", "label: 直通车").encode()),
        _accepted_scenario(
            "paused_channel",
            BASE_SCENARIO.encode(),
            base_history(["2026-03-30,Feed,0,40,800", "2026-03-30,Search,1600,160,6200", "2026-03-30,Live,740,72,2480"])
            .replace(",Feed,", ",Paused,", 0)
            .encode(),
        ),
        _accepted_scenario("paused_whole_window", BASE_SCENARIO.encode(), _paused_history()),
        _accepted_scenario(
            "paused_fitted_with_floor",
            BASE_SCENARIO.replace("min_vs_history: 0.5", "min_vs_history: 0.8").encode(),
            _paused_history(),
        ),
        _accepted_scenario("history_crlf", BASE_SCENARIO.encode(), base_history().replace("\n", "\r\n").encode()),
        _accepted_scenario("history_bom", BASE_SCENARIO.encode(), codecs.BOM_UTF8 + base_history().encode()),
        _accepted_scenario(
            "history_quoted_thousands",
            BASE_SCENARIO.encode(),
            base_history(['2026-03-30,Search,"1,600",160,6200']).encode(),
        ),
    ]
    return cases + accepted


def _no_floors(budget: str) -> bytes:
    """Return the base scenario with another budget and no floors (a ¥0.01 budget cannot meet them)."""
    text = BASE_SCENARIO.replace("budget: 10000", budget).replace("at_least: 1000", "at_least: 0")
    return text.replace("    min_vs_history: 0.5\n", "").encode()


def _paused_history() -> bytes:
    """Feed paused for the whole window but still taking organic orders (a common export)."""
    rows = base_history().splitlines()
    out = [rows[0]] + [
        ",".join([*row.split(",")[:2], "0", *row.split(",")[3:]]) if ",Feed," in row else row for row in rows[1:]
    ]
    return ("\n".join(out) + "\n").encode()


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return ("\n".join(lines) + "\n" + BASE_SCENARIO).encode()


def history_cases() -> list[Case]:
    """Return the history-file cases (each read through a scenario that points at it)."""
    h = _history
    row = _bad_history_row
    header = "date,channel,spend,conversions,revenue\n"
    return [
        h("nul_small", b"\x00" * 1024, ("NUL",), 1),
        h("nul_after_header", (header + "2026-01-05,Feed,1\x002,3,4\n").encode(), ("NUL",), 2),
        h("gbk", base_history(["2026-03-30,淘宝直播,100,3,300"]).encode("gbk"), ("GBK", "save it as UTF-8"), 38),
        h("gb18030_only", (header + "2026-03-30,\u9fa6\u4e00,100,3,300\n").encode("gb18030"), ("GBK", "UTF-8"), 2),
        h("utf16_bom", base_history().encode("utf-16"), ("UTF-16", "save it as UTF-8"), None),
        h("utf16_no_bom", base_history().encode("utf-16-le"), ("UTF-16",), 1),
        h("latin1", base_history(["2026-03-30,Café,100,3,300"]).encode("latin-1"), ("Latin-1", "UTF-8"), 38),
        h(
            "extra_fields",
            (header + "2026-01-05,Feed,1,2,3\n2026-01-12,Feed,1,2,3\n2026-01-19,Feed,1,2,3,4,5\n").encode(),
            ("line 4 has 7 fields, the header has 5",),
            4,
        ),
        h(
            "extra_field_every_row",
            (header + "2026-01-05,Feed,1,2,3,4\n2026-01-12,Feed,1,2,3,4\n").encode(),
            ("line 2 has 6 fields, the header has 5",),
            2,
        ),
        h("unclosed_quote", (header + '2026-01-05,"Feed,1,2,3\n2026-01-12,Feed,1,2,3\n').encode(), ("quote",), 2),
        h("empty", b"", ("empty",), None),
        h("blank_lines_only", b"\n\n\n", ("empty",), None),
        h("header_only", header.encode(), ("no rows",), None),
        h(
            "missing_revenue",
            b"date,channel,spend,conversions\n2026-01-05,Feed,1,2\n",
            ("missing column(s) revenue",),
            1,
        ),
        h("semicolons", base_history().replace(",", ";").encode(), ("semicolon",), 1),
        h("tabs", base_history().replace(",", "\t").encode(), ("tab",), 1),
        row("spend_text", "2026-03-30,Feed,abc,3,300", ("'abc' is not a number", "spend")),
        row("spend_negative", "2026-03-30,Feed,-5,3,300", ("-5 is negative", "spend")),
        row("spend_inf", "2026-03-30,Feed,inf,3,300", ("infinite", "spend")),
        row("spend_1e308", "2026-03-30,Feed,1e308,3,300", ("too large", "spend")),
        row("spend_nan", "2026-03-30,Feed,nan,3,300", ("not a number", "spend")),
        row("spend_empty", "2026-03-30,Feed,,3,300", ("not a number", "spend")),
        row("spend_currency_symbol", "2026-03-30,Feed,¥100,3,300", ("not a number", "spend")),
        row("conversions_1e400", "2026-03-30,Feed,100,1e400,300", ("infinite", "conversions")),
        row("conversions_negative", "2026-03-30,Feed,100,-3,300", ("negative", "conversions")),
        row("revenue_1e16", "2026-03-30,Feed,100,3,1e16", ("too large", "revenue")),
        row("date_month_13", "2026-13-01,Feed,100,3,300", ("not a date", "date")),
        row("date_word", "yesterday,Feed,100,3,300", ("not a date", "date")),
        row("date_year_9999", "9999-12-31,Feed,100,3,300", ("outside the years", "date")),
        row("date_year_1", "0001-01-01,Feed,100,3,300", ("date",)),
        row("date_empty", ",Feed,100,3,300", ("not a date", "date")),
        row("channel_empty", "2026-03-30,,100,3,300", ("empty channel name",)),
        row("channel_escape", "2026-03-30,Fe\x1b[2Jed,100,3,300", ("control character",)),
        row("channel_bidi", "2026-03-30,Fe\u202eed,100,3,300", ("U+202E",)),
        row("header_repeated", "date,channel,spend,conversions,revenue", ("not a date",)),
        row("duplicate_row", "2026-01-05,Feed,800,3,300", ("more than once", "lines 3, 38"), 3),
        h("inf_outside_window", base_history(["2020-01-06,Feed,inf,3,300"]).encode(), ("infinite",), 38),
        h(
            "huge_cell",
            (header + "2026-01-05,Feed," + "9" * 1_000_000 + "x,3,300\n").encode(),
            ("…", "not a number"),
            2,
        ),
        h(
            "many_bad_rows",
            (header + "".join(f"2026-01-05,Feed,bad{i},3,300\n" for i in range(10_000))).encode(),
            ("more problems",),
            2,
        ),
        h(
            "clicks_text",
            base_history().replace("revenue\n", "revenue,clicks\n", 1).replace("\n2026", ",n/a\n2026").encode(),
            ("clicks",),
            None,
        ),
        h("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), ("UTF-8",), 1),
        h("xlsx_renamed", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)), ("zip file",), 1),
    ]


def curve_cases() -> list[Case]:
    """Return the imported-curve cases (channel live reads a curve table)."""
    c = _curve
    header = "spend,conversions\n"
    return [
        c("missing", None, ("not found",), None),
        c("text", (header + "0,0\n100,abc\n").encode(), ("'abc' is not a number",), 3),
        c("decreasing", (header + "0,0\n100,50\n200,40\n").encode(), ("never falls",), 4),
        c("spend_not_increasing", (header + "0,0\n100,50\n100,60\n").encode(), ("spend must be greater",), 4),
        c("missing_column", b"spend\n0\n100\n", ("missing column",), 1),
        c("extra_column", b"spend,conversions,note\n0,0,a\n", ("unexpected column",), 1),
        c("gbk", "spend,conversions\n0,0\n100,50 # 转化\n".encode("gbk"), ("GBK",), 3),
        c("nul", b"spend,conversions\n0,0\n\x00\x00\x00\n", ("NUL",), 3),
        c("inf", (header + "0,0\n100,inf\n").encode(), ("infinite",), 3),
        c("huge", (header + "0,0\n1e300,5\n").encode(), ("too large",), 3),
        c("negative", (header + "0,0\n-100,5\n").encode(), ("negative",), 3),
        c("empty", b"", ("empty",), None),
        c("header_only", header.encode(), ("no rows",), 2),
        c("extra_fields", (header + "0,0\n100,50,7\n").encode(), ("line 3 has 3 fields, the header has 2",), 3),
        c("zero_spend_conversions", (header + "0,10\n100,50\n").encode(), ("zero spend must be 0",), 2),
        c("utf16", (header + "0,0\n100,50\n").encode("utf-16"), ("UTF-16",), None),
    ]


def cli_cases() -> list[Case]:
    """Return command-line cases: bad arguments and paths (the folder is the corpus folder)."""
    base = "{dir}/ok_crlf.yaml"
    cases = [
        ("budget_text", ("solve", base, "--budget", "abc"), ("not an amount",)),
        ("budget_negative", ("solve", base, "--budget", "-5"), ("negative",)),
        ("budget_inf", ("solve", base, "--budget", "inf"), ("finite",)),
        ("budget_nan", ("solve", base, "--budget", "nan"), ("finite",)),
        ("budget_1e20", ("solve", base, "--budget", "1e20"), ("too large",)),
        ("budget_empty", ("solve", base, "--budget", ""), ("not an amount",)),
        ("scenario_missing", ("solve", "{dir}/no_such.yaml"), ("not found", "no_such.yaml")),
        ("validate_missing", ("validate", "{dir}/no_such.yaml"), ("not found", "no_such.yaml")),
        ("validate_empty_folder", ("validate", "{dir}/empty_folder"), ("no scenario files",)),
        ("solve_folder", ("solve", "{dir}"), ("is a folder",)),
        ("points_one", ("frontier", base, "--points", "1"), ("--points",)),
        ("points_text", ("frontier", base, "--points", "abc"), ("not a valid whole number",)),
        ("up_to_zero", ("frontier", base, "--up-to", "0"), ("--up-to",)),
        ("up_to_nan", ("frontier", base, "--up-to", "nan"), ("--up-to",)),
        ("split_five", ("backtest", base, "--split", "5"), ("--split",)),
        ("format_xml", ("solve", base, "--format", "xml"), ("not one of the choices",)),
        ("no_command", (), ("missing: COMMAND",)),
        ("unknown_command", ("plan", base), ("not one of the choices",)),
        ("output_no_folder", ("solve", base, "--output", "{dir}/no_folder/plan.txt"), ("no_folder",)),
        ("language_xx", ("explain", base, "--language", "xx"), ("not one of the choices",)),
    ]
    return [Case(kind, "cli", argv=argv, expect=expect) for kind, argv, expect in cases]


def _make_big_sparse(path: Path, size: int) -> None:
    with open(path, "wb") as stream:
        stream.truncate(size)


GeneratedMaker = Callable[[Path], None]


def generated_cases() -> list[tuple[Case, GeneratedMaker]]:
    """Return cases whose files are made at test time (too big to commit, or not regular files)."""
    text = BASE_SCENARIO.encode()

    def scenario_pointing(folder: Path, name: str, history: str) -> None:
        (folder / name).write_bytes(text.replace(b"base_history.csv", history.encode()))

    def nul_64mb(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "nul.csv")
        (folder / "nul.csv").write_bytes(b"\x00" * (64 * 1024 * 1024))

    def sparse_1gb_history(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "big.csv")
        _make_big_sparse(folder / "big.csv", 1024**3)

    def sparse_1gb_scenario(folder: Path) -> None:
        _make_big_sparse(folder / "s.yaml", 1024**3)

    def scenario_3mb(folder: Path) -> None:
        (folder / "s.yaml").write_bytes(text + b"# " + b"x" * (3 * 1024 * 1024) + b"\n")

    def fifo_history(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "pipe.csv")
        os.mkfifo(folder / "pipe.csv")

    def fifo_scenario(folder: Path) -> None:
        os.mkfifo(folder / "s.yaml")

    def fifo_curve(folder: Path) -> None:
        old = b"    tranches:\n      - cost_per_conversion: 5\n        up_to: 1000\n      - cost_per_conversion: 20\n"
        (folder / "s.yaml").write_bytes(text.replace(old, b"    curve: {path: pipe.csv}\n"))
        (folder / "base_history.csv").write_text(base_history())
        os.mkfifo(folder / "pipe.csv")

    def big_curve(folder: Path) -> None:
        old = b"    tranches:\n      - cost_per_conversion: 5\n        up_to: 1000\n      - cost_per_conversion: 20\n"
        (folder / "s.yaml").write_bytes(text.replace(old, b"    curve: {path: big.csv}\n"))
        (folder / "base_history.csv").write_text(base_history())
        _make_big_sparse(folder / "big.csv", 6 * 1024 * 1024)

    def loop_history(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "loop.csv")
        os.symlink("loop.csv", folder / "loop.csv")

    def loop_scenario(folder: Path) -> None:
        os.symlink("s.yaml", folder / "s.yaml")

    def dev_zero_scenario(folder: Path) -> None:
        os.symlink("/dev/zero", folder / "s.yaml")

    def dev_null_history(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "/dev/null")

    def unreadable_history(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "secret.csv")
        (folder / "secret.csv").write_text(base_history())
        (folder / "secret.csv").chmod(0)

    def history_grows_dangling(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "gone.csv")
        os.symlink("does_not_exist.csv", folder / "gone.csv")

    def bom_history_64mb_lines(folder: Path) -> None:
        scenario_pointing(folder, "s.yaml", "long.csv")
        (folder / "long.csv").write_bytes(
            b"date,channel,spend,conversions,revenue\n" + b"1," * (11 * 1024 * 1024) + b"\n"
        )

    def mixed_tabs_scenario(folder: Path) -> None:
        (folder / "s.yaml").write_bytes(text.replace(b"    label: Feed", b"  \t  label: Feed"))

    made: list[tuple[str, str, GeneratedMaker, str, tuple[str, ...], int | None]] = [
        ("history_64mb_nul", "history", nul_64mb, "nul.csv", ("MB allowed",), None),
        ("history_1gb_sparse", "history", sparse_1gb_history, "big.csv", ("MB allowed",), None),
        ("scenario_1gb_sparse", "scenario", sparse_1gb_scenario, "s.yaml", ("MB allowed",), None),
        ("scenario_3mb", "scenario", scenario_3mb, "s.yaml", ("MB allowed",), None),
        ("history_fifo", "history", fifo_history, "pipe.csv", ("named pipe",), None),
        ("scenario_fifo", "scenario", fifo_scenario, "s.yaml", ("named pipe",), None),
        ("curve_fifo", "curve", fifo_curve, "pipe.csv", ("named pipe",), None),
        ("curve_6mb", "curve", big_curve, "big.csv", ("MB allowed",), None),
        ("history_symlink_loop", "history", loop_history, "loop.csv", ("loop",), None),
        ("scenario_symlink_loop", "scenario", loop_scenario, "s.yaml", ("loop",), None),
        ("scenario_dev_zero", "scenario", dev_zero_scenario, "s.yaml", ("device",), None),
        ("history_dev_null", "history", dev_null_history, "/dev/null", ("device",), None),
        ("history_unreadable", "history", unreadable_history, "secret.csv", ("cannot be read",), None),
        ("history_dangling_symlink", "history", history_grows_dangling, "gone.csv", ("not found",), None),
        ("history_one_huge_line", "history", bom_history_64mb_lines, "long.csv", ("MB allowed",), None),
        ("scenario_mixed_tabs", "scenario", mixed_tabs_scenario, "s.yaml", ("not valid YAML",), None),
    ]
    return [
        (Case(kind, target, scenario="s.yaml", names=names, expect=expect, line=line, generated=True), maker)
        for kind, target, maker, names, expect, line in made
    ]


def file_cases() -> list[Case]:
    """Return every case whose files are committed under tests/data/hostile/."""
    return [*scenario_cases(), *history_cases(), *curve_cases()]


def write_corpus(folder: Path = HOSTILE) -> None:
    """Write the committed fixtures (run `python -m tests.hostile_cases` after changing a case)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base_history.csv").write_text(base_history(), encoding="utf-8")
    (folder / "empty_folder").mkdir(exist_ok=True)
    (folder / "empty_folder" / ".keep").write_text("")
    for case in file_cases():
        for name, data in case.files.items():
            (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_corpus()


# -- fuzzing: random mutations of the demo scenarios --------------------------------------------------------

DEMOS = Path(__file__).resolve().parent.parent / "scenarios"
EXTREME_VALUES: tuple[object, ...] = (
    0,
    -1,
    1e-300,
    1e-6,
    0.01,
    1e12,
    7.6e10,
    1e15,
    1e16,
    1e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
    10**400,
    "",
    "abc",
    "1e308",
    "15%",
    "150%",
    "-5%",
    "nan",
    "inf",
    True,
    False,
    None,
    [],
    {},
    [1, 2],
    {"a": 1},
    "\x1b[31m",
    "x" * 1000,
    "2026-13-01",
    "直通车",
    "maximize",
    "maximize nothing",
    "limit",
    "share",
    3,
    0.5,
)
KEY_NAMES = ("name", "label", "cost", "id", "kind", "at_least", "at_most", "budget", "amount", "path", "x" * 300)
HOSTILE_CHARACTERS = (
    "\x00",
    "\x1b",
    "\t",
    "\r",
    "\n",
    '"',
    "'",
    "[",
    "{",
    ":",
    "&a",
    "*a",
    "!!binary ",
    "\u202e",
    "\ufeff",
    "#",
    "- ",
    "%",
)


def demo_documents() -> list[tuple[str, object]]:
    """Return each demo scenario (store folder name, plain data) to mutate."""
    import json

    from planner.data.io import read_yaml

    documents = []
    for path in sorted(DEMOS.glob("*/*.yaml")):
        documents.append((path.parent.name, json.loads(json.dumps(read_yaml(path), default=str))))
    return documents


def _places(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Return the path of every value in a plain document (the root excluded)."""
    places: list[tuple[object, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            places.append((*path, key))
            places.extend(_places(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places.append((*path, index))
            places.extend(_places(value, (*path, index)))
    return places


def _parent(data: object, path: tuple[object, ...]) -> Any:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    return node


def _extreme(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.6:
        return copy.deepcopy(rng.choice(EXTREME_VALUES))
    if roll < 0.8:
        return rng.choice([1.0, -1.0]) * 10 ** rng.uniform(-300, 308)
    nested: object = copy.deepcopy(rng.choice(EXTREME_VALUES))  # a shared value, mutated later, could hold itself
    for _ in range(rng.randint(1, 50)):
        nested = [nested] if rng.random() < 0.5 else {"a": nested}
    return nested


def mutate_document(data: object, rng: random.Random) -> object:
    """Return a copy of a document with one to three structural mutations (keys dropped, renamed, values swapped)."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        places = _places(data)
        if not places:
            return _extreme(rng)
        path = rng.choice(places)
        parent, key = _parent(data, path), path[-1]
        operation = rng.choice(("drop", "rename", "value", "value", "value", "duplicate", "wrap", "stringify"))
        if operation == "drop":
            del parent[key]
        elif operation == "rename" and isinstance(parent, dict):
            new = rng.choice([*KEY_NAMES, str(key)[::-1], str(key) + "_", str(key).upper()])
            parent[new] = parent.pop(key)
        elif operation == "duplicate" and isinstance(parent, list) and isinstance(key, int):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif operation == "wrap":
            parent[key] = [parent[key]] if rng.random() < 0.5 else {"value": parent[key]}
        elif operation == "stringify":
            parent[key] = str(parent[key])
        else:
            parent[key] = _extreme(rng)
    return data


def dump_document(data: object) -> str:
    """Return a plain document as YAML text: indented JSON (valid YAML), non-finite numbers as .nan / .inf."""
    import json
    import re

    text = json.dumps(data, ensure_ascii=False, indent=1)
    return re.sub(
        r"(?<![\w\"])(-?)(Infinity|NaN)(?![\w\"])",
        lambda m: f"{m.group(1)}.{'inf' if m.group(2) == 'Infinity' else 'nan'}",
        text,
    )


def dump_block_document(data: object) -> str:
    """Return a plain document as block-style YAML text (as people write it)."""
    import io as text_io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    stream = text_io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def mutate_text(text: str, rng: random.Random) -> str:
    """Return text with a few character-level mutations: hostile characters, cuts, repeated lines."""
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(len(text) + 1)
        operation = rng.choice(("insert", "cut", "repeat_line", "truncate"))
        if operation == "insert":
            text = text[:position] + rng.choice(HOSTILE_CHARACTERS) + text[position:]
        elif operation == "cut":
            text = text[:position] + text[position + rng.randint(1, 20) :]
        elif operation == "repeat_line":
            lines = text.splitlines(keepends=True)
            if lines:
                index = rng.randrange(len(lines))
                lines.insert(index, lines[index])
                text = "".join(lines)
        else:
            text = text[:position]
    return text


def fuzz_text(documents: list[tuple[str, object]], rng: random.Random) -> tuple[str, str]:
    """Return (store folder, scenario text) of one random mutation of a demo scenario."""
    store, document = rng.choice(documents)
    dump = dump_block_document if rng.random() < 0.5 else dump_document
    text = dump(mutate_document(document, rng)) if rng.random() < 0.8 else dump(document)
    if rng.random() < 0.3:
        text = mutate_text(text, rng)
    return store, text


def run_fuzz_example(text: str, folder: Path) -> tuple[str, str]:
    """Load (and, when that succeeds, solve) a scenario text; return (outcome, detail).

    Outcome is 'solved', 'rejected' (a PlannerError) or the name of any other exception type: an escape.
    """
    import traceback

    from planner import PlannerError, load_scenario, solve

    path = folder / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        solve(load_scenario(path))
    except PlannerError:
        return "rejected", ""
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        return type(error).__name__, f"{where}: {str(error)[:200]}"
    return "solved", ""


def fuzz_folders(root: Path) -> dict[str, Path]:
    """Return a scratch folder per demo store, each holding a copy of the store's history."""
    import shutil

    folders = {}
    for store in sorted(p.name for p in DEMOS.iterdir() if p.is_dir()):
        folder = root / store
        folder.mkdir(parents=True, exist_ok=True)
        for csv in (DEMOS / store).glob("*.csv"):
            shutil.copy(csv, folder / csv.name)
        folders[store] = folder
    return folders
