"""Scenario files: every deliberately broken fixture fails with its own clear, located message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner import HistoryError, ScenarioError, load_scenario
from planner.cli import main
from planner.data.io import dump_scenario, schema_json, write_text_atomically
from tests.conftest import DATA, ROOT

# fixture name → (expected message, expected line); None where no single line applies.
EXPECTED = {
    "invalid_unknown_key": (
        "channels -> 0 (through_train) -> max_spent: unknown key 'max_spent'; did you mean 'max_spend'?",
        8,
    ),
    "invalid_missing_channels": ("missing required key 'channels'", 1),
    "invalid_negative_cap": ("channels -> 1 (feed) -> max_spend: -5000 is negative; it must be zero or more", 8),
    "invalid_floor_above_cap": ("channels -> 0 (search): min_spend 800 is above max_spend 500", 4),
    "invalid_unknown_group": ("rules -> 0 (live floor) -> group: unknown group 'lve'; did you mean 'live'?", 10),
    "invalid_unknown_measure": ("unknown measure 'conversion'; did you mean 'conversions'?", 9),
    "invalid_duplicate_channel": ("channel id 'search' is used twice", 6),
    "invalid_yaml_syntax": ("not valid YAML", 6),
    "invalid_share_above_100": (
        "rules -> 0 (live share) -> at_least: must be at most 1 (write shares as 0.15 or 15%)",
        11,
    ),
    "invalid_undeclared_kpi": ("unknown KPI 'new_customer'; did you mean 'new_customers'?; declare it under kpis", 8),
    "invalid_profit_without_margin": ("profit needs the store's gross margin", None),
    "invalid_rule_kind": ("kind 'maximum' is not known; use one of limit, share, ratio, max_cpa, min_roas", 7),
    "invalid_objective_both": ("objective: give exactly one of maximize or minimize", 3),
    "invalid_rule_without_limit": ("give at_least, at_most or exactly", 7),
    "invalid_not_a_mapping": ("a scenario file must be a mapping of keys", 1),
    "invalid_missing_history": ("history -> path: history file", 4),
    "invalid_units_on_spend_channel": ("counts units, but search is not bought in units", 14),
    "invalid_not_utf8": ("not UTF-8 text", None),
    "invalid_no_cpa_without_history": ("needs cost_per_conversion: the scenario has no history to take it from", 4),
    "invalid_calendar_gap": (
        "calendar -> periods -> 2 (returns) -> start: period 'returns' starts 2026-11-13, but period 'burst' ends"
        " 2026-11-11",
        7,
    ),
    "invalid_calendar_share_above_100": ("at_least 120.0% is a share above 100% of the budget", 7),
    "invalid_calendar_two_counts": ("calendar: give exactly one of days, weeks, months or periods", 3),
    "invalid_relative_bound_without_history": ("max_vs_history needs the channel's spend in the history window", 6),
}


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert {p.stem for p in DATA.glob("invalid_*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_fails_validation_with_its_message(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    message, line = EXPECTED[name]
    path = DATA / f"{name}.yaml"
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    errors = [row for row in captured.err.splitlines() if row.startswith("error: ")]
    assert any(message in row for row in errors), captured.err
    where = f"{path}:{line}:" if line is not None else f"{path}"
    assert any(row.startswith(f"error: {where}") for row in errors if message in row), captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_solve_on_invalid_file_exits_2_with_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(DATA / "invalid_unknown_group.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ")


def test_library_raises_typed_errors() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(DATA / "invalid_unknown_key.yaml")
    assert caught.value.problems[0].line == 8
    assert caught.value.problems[0].field == "channels -> 0 (through_train) -> max_spent"
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(DATA / "no_such_file.yaml")


def test_history_problems_are_history_errors() -> None:
    scenario = load_scenario(DATA / "invalid_missing_history.yaml")
    from planner import solve

    with pytest.raises(HistoryError, match="not found"):
        solve(scenario)


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run `planner schema -o docs/scenario.schema.json`"
    schema = json.loads(committed)
    assert "channels" in schema["required"]
    assert schema["additionalProperties"] is False


def test_dump_scenario_round_trips(three_channels) -> None:
    from planner.data.io import _yaml

    text = dump_scenario(three_channels)
    again = type(three_channels).model_validate(_yaml().load(text))
    assert again == three_channels


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_schema_accepts_every_demo_scenario_and_rejects_a_typo() -> None:
    """Editors that autocomplete from the schema must not flag the files we ship (shorthands included)."""
    import jsonschema

    from planner.data.io import read_yaml
    from tests.conftest import SCENARIOS

    schema = json.loads(schema_json())
    for path in sorted(SCENARIOS.rglob("*.yaml")):
        document = json.loads(json.dumps(read_yaml(path), default=str))
        jsonschema.validate(document, schema)
    broken = json.loads(json.dumps(read_yaml(DATA / "invalid_unknown_key.yaml"), default=str))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


@pytest.mark.parametrize(("written", "stat_said", "limit", "refused"), [(100, 10, 1_000, False), (100, 10, 50, True)])
def test_a_file_that_grows_after_its_size_was_taken_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: int, stat_said: int, limit: int, refused: bool
) -> None:
    """read_bytes reads as much as the file held, then on up to the limit if it grew since (a log being appended)."""
    from planner.data import reading
    from planner.model.i18n import Text

    path = tmp_path / "growing.csv"
    path.write_bytes(b"x" * written)
    monkeypatch.setattr(reading, "check_file", lambda *args, **kwargs: stat_said)  # the size before it grew
    if refused:
        with pytest.raises(ScenarioError, match="MB"):
            reading.read_bytes(path, Text("noun.curve_table"), limit, ScenarioError)
    else:
        assert reading.read_bytes(path, Text("noun.curve_table"), limit, ScenarioError) == b"x" * written


def test_a_file_that_shrinks_after_its_size_was_taken_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.data import reading
    from planner.model.i18n import Text

    path = tmp_path / "shrunk.csv"
    path.write_bytes(b"spend,conversions\n")
    monkeypatch.setattr(reading, "check_file", lambda *args, **kwargs: 4_000)
    assert reading.read_bytes(path, Text("noun.curve_table"), 5_000, ScenarioError) == b"spend,conversions\n"
