"""The fast reading of scenario files (libyaml): the same scenario as the round-trip reading, the same errors."""

from __future__ import annotations

import random
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner.data.io as scenario_io
from planner import ScenarioError, load_scenario
from planner.data import fast_yaml
from planner.data.fast_yaml import load_clean_mapping
from planner.data.io import parse_yaml
from planner.data.reading import CONTROL_CHARACTERS, is_control, yaml_text_problems, yaml_value_problems
from planner.model.scenario import Scenario
from tests.conftest import DATA, ROOT
from tests.hostile_cases import demo_documents, fuzz_folders, fuzz_text

DEMO_FILES = sorted((ROOT / "scenarios").rglob("*.yaml"))
FIXTURES = sorted(p for p in DATA.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _outcome(path: Path) -> tuple[Any, ...]:
    """Return what load_scenario gives for a file: the scenario, or the error's type and located messages."""
    try:
        return ("scenario", load_scenario(path))
    except ScenarioError as error:
        return (
            "error",
            type(error),
            [(p.render("en"), p.render("zh"), p.field, p.file, p.line) for p in error.problems],
        )


def _round_trip_outcome(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """Return what load_scenario gives with the fast reading switched off (as before it existed)."""
    with monkeypatch.context() as patch:
        patch.setattr(scenario_io, "load_clean_mapping", lambda text: None)
        return _outcome(path)


def test_libyaml_is_there() -> None:
    assert fast_yaml.fast_reading_available()  # else every test below passes by falling back


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_demo_scenario_is_read_the_fast_way_into_the_same_scenario(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = load_clean_mapping(path.read_text(encoding="utf-8"))
    assert document is not None
    assert document == parse_yaml(path.read_text(encoding="utf-8"))
    fast = _outcome(path)
    assert fast[0] == "scenario"
    assert fast == _round_trip_outcome(path, monkeypatch)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_fixture_gives_the_same_scenario_or_the_same_errors_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _outcome(path) == _round_trip_outcome(path, monkeypatch)


def test_a_clean_file_never_reaches_the_round_trip_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> Any:
        raise AssertionError("the round-trip reader was used")

    monkeypatch.setattr(scenario_io, "_yaml", refuse)
    scenario = load_scenario(ROOT / "scenarios" / "tmall_flagship" / "q4_calendar.yaml")
    assert scenario.channels


def test_a_bad_file_is_read_the_round_trip_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readings: list[str] = []
    parse = scenario_io._parse_round_trip

    def recorded(text: str, path: Path) -> Any:
        readings.append(text)
        return parse(text, path)

    monkeypatch.setattr(scenario_io, "_parse_round_trip", recorded)
    path = tmp_path / "clean.yaml"
    path.write_text("name: s\nbudget: 100\nchannels:\n  - id: a\n    cost_per_conversion: 5\n", encoding="utf-8")
    load_scenario(path)
    assert readings == []
    path.write_text("name: s\nbudget: 100\nchannels:\n  - id: a\n    cost_per_conversion: -5\n", encoding="utf-8")
    with pytest.raises(ScenarioError):
        load_scenario(path)
    assert len(readings) == 1


def test_without_libyaml_every_file_is_read_the_round_trip_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_yaml, "CParser", None)
    path = ROOT / "scenarios" / "us_outdoor" / "baseline.yaml"
    assert load_clean_mapping(path.read_text(encoding="utf-8")) is None
    assert load_scenario(path).channels


def test_a_deeply_nested_file_is_never_handed_to_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> Any:
        raise AssertionError("libyaml's composer was used")

    monkeypatch.setattr(fast_yaml, "_Composer", refuse)
    assert load_clean_mapping("name: x\nvalue: " + "[k: " * 50 + "1" + "]" * 50 + "\n") is None
    assert load_clean_mapping("name: x\n" + "".join(" " * level + f"k{level}:\n" for level in range(45))) is None


def _scenario_text(cost: str = "5", extra: str = "") -> str:
    return f"name: s\nbudget: 100\nchannels:\n  - id: a\n    cost_per_conversion: {cost}\n{extra}"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (_scenario_text(extra="budget: 200\n"), 6, "budget"),  # a duplicate key: PyYAML alone would keep the last
        (_scenario_text(extra="channels:\n  - id: b\n"), 6, "channels"),
        ("name: s\n\tbudget: 100\nchannels:\n  - id: a\n    cost_per_conversion: 5\n", 2, "tab"),
        (_scenario_text(extra="starts: 2026-13-06\n"), 6, "2026-13-06"),
        (_scenario_text(extra="starts: 2026-02-30\n"), 6, "2026-02-30"),
        (_scenario_text(cost="-5"), 5, "cost_per_conversion"),
        (_scenario_text(cost=".nan"), 5, "cost_per_conversion"),
        (_scenario_text(cost="1e400"), 5, "cost_per_conversion"),
        (_scenario_text(cost="yes"), 5, "cost_per_conversion"),
        (_scenario_text(cost="!!binary aGVsbG8="), 5, "cost_per_conversion"),
        (_scenario_text(extra="other: &x {a: 1}\nmore: *x\n"), 6, "other"),
        ("name: s\nbudget: [100\nchannels: []\n", 3, ""),
        (_scenario_text().replace("name: s", "name: !!str 2026"), 1, "tag"),
        (_scenario_text().replace("budget: 100", "budget:\t100"), 2, "tab"),  # libyaml would accept this one
    ],
)
def test_mistakes_give_the_same_located_errors_as_before(
    text: str, line: int, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = _outcome(path)
    assert outcome == _round_trip_outcome(path, monkeypatch)
    assert outcome[0] == "error"
    rendered, _, field, file, at = outcome[2][0]
    assert (file, at) == (str(path), line)
    assert words.lower() in f"{field} {rendered}".lower()


@pytest.mark.parametrize(
    "text",
    [
        _scenario_text(extra="<<: {period_weeks: 4}\n"),  # a merge key
        _scenario_text(cost="&cost 5", extra="  - id: b\n    cost_per_conversion: *cost\n"),
        _scenario_text().replace("name: s", "name: |\n  two\n  lines"),
        _scenario_text().replace("name: s", "name: >-\n  folded\n\n  text"),
        _scenario_text().replace("name: s", "name: a plain\n  scalar on two lines"),
        _scenario_text().replace("name: s", 'name: "a quoted\n  scalar"'),
        _scenario_text().replace("\n", "\r\n"),
        "%YAML 1.2\n---\n" + _scenario_text(),
        "---\n" + _scenario_text() + "...\n",
    ],
)
def test_odd_but_valid_files_give_the_same_scenario_both_ways(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    outcome = _outcome(path)
    assert outcome[0] == "scenario"
    assert outcome == _round_trip_outcome(path, monkeypatch)


def test_a_yaml_1_1_file_is_read_as_yaml_1_1(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("%YAML 1.1\n---\n" + _scenario_text(cost="012"), encoding="utf-8")
    assert load_scenario(path).channels[0].cost_per_conversion == 10  # octal in 1.1 (twelve in 1.2)


# Plain scalar spellings, built from the pieces YAML 1.1 and 1.2 disagree on (PyYAML alone reads 1.1).
_signs = st.sampled_from(["", "-", "+"])
_digits = st.text("0123456789", min_size=1, max_size=12)
_underscored = st.text("0123456789_", min_size=1, max_size=8)
_booleans = st.sampled_from(
    ["true", "True", "TRUE", "false", "False", "FALSE", "tRue", "yes", "Yes", "no", "NO", "on", "Off", "y", "n"]
)
_nulls = st.sampled_from(["~", "null", "Null", "NULL", "nULL", "", "none", "None"])
_specials = st.sampled_from([".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN", ".NAN", "inf", "nan", "<<", "=", "-"])
_integers = st.one_of(
    st.builds("{}{}".format, _signs, _digits),
    st.builds("{}0{}".format, _signs, _digits),  # 012: decimal in YAML 1.2, octal in 1.1
    st.builds("{}0o{}".format, _signs, st.text("01234567_", min_size=1, max_size=8)),
    st.builds("{}0x{}".format, _signs, st.text("0123456789abcdefABCDEF_", min_size=1, max_size=8)),
    st.builds("{}0b{}".format, _signs, st.text("01_", min_size=1, max_size=12)),
    st.builds("{}{}".format, _signs, _underscored),
    st.builds("{}:{}".format, _digits, st.text("0123456789", min_size=2, max_size=2)),  # 1.1 base 60
)
_floats = st.one_of(
    st.builds("{}{}.{}".format, _signs, _digits, st.text("0123456789", max_size=6)),
    st.builds("{}.{}".format, _signs, _digits),
    st.builds(
        "{}{}{}{}{}".format,
        _signs,
        st.one_of(_digits, st.builds("{}.{}".format, _digits, _digits), _underscored),
        st.sampled_from(["e", "E"]),
        _signs,
        st.text("0123456789", min_size=1, max_size=3),
    ),
)
_dates = st.one_of(
    st.dates().map(date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 19),
        st.integers(0, 39),
    ),
    st.builds("{:04d}-{}-{}".format, st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 28)),
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ")),
    st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
)
_words = st.one_of(
    st.sampled_from(["直通车", "天猫旗舰店", "search", "Tmall & JD", "a: b", "x #y", "c0001", "curves/c0001.csv"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
_spellings = st.one_of(_booleans, _nulls, _specials, _integers, _floats, _dates, _words)


def _quoted(spelling: str, style: str) -> str:
    if style == "'":
        return "'" + spelling.replace("'", "''") + "'"
    if style == '"':
        return '"' + spelling.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return spelling


def _kind(value: Any) -> str:
    """Return the plain type a loaded value stands for (ruamel's subclasses such as ScalarFloat count as float)."""
    for kind in (bool, int, float, str, datetime, date, type(None), dict, list):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


def _same(left: Any, right: Any) -> bool:
    """Return whether two loaded documents hold the same values of the same plain types."""
    if isinstance(left, dict) and isinstance(right, dict):
        return list(left) == list(right) and all(
            _kind(a) == _kind(b) and _same(left[a], right[b]) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return _kind(left) == _kind(right) and left == right


def _check_both_readings(text: str) -> Any:
    """Assert the fast reading agrees with the round-trip one (or steps aside); return the fast document."""
    if yaml_text_problems(text, "t.yaml"):
        return None  # refused before either reading
    fast = load_clean_mapping(text)
    try:
        slow = parse_yaml(text)
    except Exception:
        assert fast is None, f"the fast reading accepted what the round-trip reader refuses: {text!r}"
        return None
    if fast is not None:
        assert _same(fast, slow), (text, fast, slow)
        assert yaml_value_problems(slow, "t.yaml") == []
    return fast


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spelling=_spellings, style=st.sampled_from(["", "", "'", '"']), place=st.sampled_from(["value", "key", "flow"]))
def test_a_scalar_is_the_same_value_both_ways(spelling: str, style: str, place: str) -> None:
    scalar = _quoted(spelling, style)
    text = {
        "value": f"name: x\nvalue: {scalar}\n",
        "key": f"name: x\n{scalar}: 1\n",
        "flow": f"name: x\nvalues: [{scalar}, 1]\nother: {{k: {scalar}}}\n",
    }[place]
    _check_both_readings(text)


_keys = st.sampled_from(["name", "id", "budget", "渠道", "a b", "x-y", "1", "true", "null", "k"])
_scalars = st.builds(_quoted, _spellings, st.sampled_from(["", "", "'", '"']))


def _block(tree: Any, indent: int) -> str:
    """Return a tree (dicts, lists, scalar spellings) as block YAML, lists of scalars in flow style."""
    pad = " " * indent
    if isinstance(tree, dict):
        return "".join(f"{pad}{key}:{_after_key(value, indent)}" for key, value in tree.items()) or f"{pad}{{}}\n"
    if all(isinstance(item, str) for item in tree):
        return f"{pad}[{', '.join(tree)}]\n"
    return "".join(
        f"{pad}-\n{_block(item, indent + 2)}" if not isinstance(item, str) else f"{pad}- {item}\n" for item in tree
    )


def _after_key(value: Any, indent: int) -> str:
    if isinstance(value, str):
        return f" {value}\n"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return f" [{', '.join(value)}]\n"
    return "\n" + _block(value, indent + 2)


_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.dictionaries(_keys, _trees, min_size=1, max_size=5))
def test_a_nested_document_is_the_same_both_ways(tree: dict[str, Any]) -> None:
    _check_both_readings(_block(tree, 0))


@pytest.mark.parametrize(
    ("spelling", "value"),
    [
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("on", "on"),
        ("~", None),
        ("NULL", None),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0b101", 5),
        ("-1_000", -1000),
        ("1e3", 1000.0),
        ("-2.5E-2", -0.025),
        ("1_000.5", 1000.5),
        (".5", 0.5),
        ("2026-11-27", date(2026, 11, 27)),
        ("2026-1-5", "2026-1-5"),
        ("'012'", "012"),
        ('"true"', "true"),
        ('"\\u76f4\\u901a\\u8f66 \\x41"', "直通车 A"),
        ("直通车", "直通车"),
    ],
)
def test_common_spellings_are_read_the_fast_way_as_ruamel_reads_them(spelling: str, value: Any) -> None:
    fast = _check_both_readings(f"name: x\nvalue: {spelling}\n")
    assert fast is not None
    assert _kind(fast["value"]) == _kind(value)
    assert fast["value"] == value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_demo_scenarios_load_the_same_both_ways(
    seed: int, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = fuzz_folders(tmp_path_factory.getbasetemp() / "fuzz_yaml")
    store, text = fuzz_text(_DEMO_DOCUMENTS, random.Random(seed))
    path = folders[store] / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        fast = _outcome(path)
    except Exception as error:  # an escape is test_hostile's business; here both ways must escape alike
        with pytest.raises(type(error)):
            _round_trip_outcome(path, monkeypatch)
        return
    assert fast == _round_trip_outcome(path, monkeypatch)


_DEMO_DOCUMENTS = demo_documents()


def test_control_character_pattern_is_is_control() -> None:
    found = {chr(code) for code in range(sys.maxunicode + 1) if CONTROL_CHARACTERS.match(chr(code))}
    assert found == {chr(code) for code in range(sys.maxunicode + 1) if is_control(chr(code))}


def test_a_scenario_of_many_channels_is_the_same_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    channels = "".join(
        f"  - id: c{index:04d}\n    label: 渠道 {index}\n    cost_per_conversion: {1 + index % 7}.5\n"
        for index in range(300)
    )
    path = tmp_path / "many.yaml"
    path.write_text(f"name: many\nbudget: 1e5  # 100,000\nchannels:\n{channels}", encoding="utf-8")
    fast = _outcome(path)
    assert isinstance(fast[1], Scenario)
    assert len(fast[1].channels) == 300
    assert fast == _round_trip_outcome(path, monkeypatch)
