"""The `planner` command as a team's CI would run it: clean stdout, stable output, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from tests.conftest import ROOT, SCENARIOS

BASELINE = SCENARIOS / "tmall_flagship" / "baseline.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )


def test_json_output_is_clean_parseable_and_byte_identical() -> None:
    first = run("solve", str(BASELINE), "--format", "json")
    second = run("solve", str(BASELINE), "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    plan = json.loads(first.stdout)  # no solver banner or log lines mixed in
    assert plan["format"] == "promo-planner/plan@1"
    assert plan["status"] == "optimal"
    assert plan["currency"] == "CNY"
    assert "直通车" in first.stdout  # UTF-8, not \\u escapes
    total = sum(c["spend"] for c in plan["channels"])
    assert total == pytest.approx(plan["totals"]["spend"], abs=1e-4)
    assert {r["name"] for r in plan["rules"]} >= {"budget"}


def test_budget_override_and_csv_format() -> None:
    result = run("solve", str(BASELINE), "--format", "csv", "--budget", "¥2,300,000")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert 2_200_000 < sum(float(r["spend"]) for r in rows) <= 2_300_000 * (1 + 1e-9)  # default budget is 2.2M
    assert rows[0]["label"] == "直通车"


def test_table_format_aligns_chinese_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(BASELINE)]) == 0
    out = capsys.readouterr().out
    assert "maximize conversions" in out
    assert "¥" in out
    assert "TOTAL" in out


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    assert main(["solve", str(BASELINE), "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["status"] == "optimal"


def test_validate_folder_passes_and_reports_each_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SCENARIOS)]) == 0
    out = capsys.readouterr().out
    assert out.count("ok: ") == len(list(SCENARIOS.rglob("*.yaml")))


def test_validate_mixed_paths_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(BASELINE), str(ROOT / "tests" / "data" / "invalid_unknown_key.yaml")])
    assert code == 2
    assert "1 of 2 scenario files are invalid" in capsys.readouterr().err


def test_user_mistakes_never_show_a_traceback() -> None:
    for args in (
        ("solve", "no/such/file.yaml"),
        ("solve", str(BASELINE), "--budget", "lots"),
        ("validate", "tests/data/invalid_yaml_syntax.yaml"),
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr.strip()


def test_infeasible_budget_exits_2_with_the_conflict() -> None:
    result = run("solve", str(BASELINE), "--budget", "1000")
    assert result.returncode == 2
    assert "The other rules need at least" in result.stderr
    assert "more than the budget of ¥1,000" in result.stderr
    assert "raise the budget by" in result.stderr
