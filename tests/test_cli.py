"""The `planner` command as a team's CI would run it: clean stdout, stable output, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pandas as pd
import pytest

from planner.cli import default_language, main
from planner.data.io import load_scenario
from tests.conftest import ROOT, SCENARIOS, author_words
from tests.test_explain import located_fields
from tests.test_i18n import english_words

BASELINE = SCENARIOS / "tmall_flagship" / "baseline.yaml"
BUNDLED = sorted(SCENARIOS.rglob("*.yaml"))


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests below name their language; the machine's LANG must not choose it for them."""
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        env={**env, **environment},
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
    assert "Traceback" not in result.stderr


def names_in(path: Path) -> set[str]:
    """Return the words a scenario's own author wrote (names, labels, rules, KPIs, periods) and its file path."""
    return author_words(load_scenario(path)) | {str(path), str(path.relative_to(ROOT))}


@pytest.mark.parametrize("path", BUNDLED, ids=[p.parent.name + "/" + p.stem for p in BUNDLED])
def test_every_command_speaks_chinese(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """solve, explain (with ranges), frontier, backtest and validate in 中文: no English word but the author's own.

    Words from other layers not yet in the catalogue show here too (fit warnings, bound reasons): that is the point.
    """
    allowed = names_in(path)
    for command in (
        ["solve", str(path)],
        ["explain", str(path), "--range"],
        ["frontier", str(path), "--points", "3"],
        ["backtest", str(path)],
        ["validate", str(path)],
    ):
        code = main([*command, "--lang", "zh"])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert out.strip()
        assert not english_words(out + err, allowed), (command, english_words(out + err, allowed))


def test_a_conflict_in_chinese_names_its_fix_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(BASELINE), "--lang", "zh", "--budget", "1000"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("错误：")
    fields = located_fields(BASELINE, budget=1000)  # where in the file: the author's own keys
    assert not english_words(err, names_in(BASELINE) | fields), english_words(err, names_in(BASELINE) | fields)


def test_user_mistakes_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(BASELINE), "--budget", "lots", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：参数 --budget：'lots' 不是金额"
    assert main(["solve", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：缺少：scenario"
    assert main(["solve", str(BASELINE), "--bogus", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：无法识别的参数：--bogus"
    assert main(["solve", str(BASELINE), "--lang", "zh", "--budget"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：参数 --budget：后面需要一个值"
    assert main(["frontier", str(BASELINE), "--points", "abc", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：参数 --points：'abc' 不是有效的整数"
    assert main(["solve", str(BASELINE), "--c", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：选项 --c 不明确：可能是 --csv, --chart"
    assert main(["frontier", str(BASELINE), "--points", "1", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == "错误：--points 至少为 2\n"
    assert main(["backtest", str(BASELINE), "--split", "0.99", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == "错误：--split 必须介于 0.2 和 0.9 之间\n"
    assert main(["solve", str(BASELINE), "--xlsx", "/no/such/folder/plan.xlsx", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == "错误：/no/such/folder: 没有这个文件或文件夹\n"
    assert main(["validate", str(tmp_path), "--lang", "zh"]) == 2
    assert (
        capsys.readouterr().err == "错误：没有找到场景文件（*.yaml、*.yml）；请指定一个场景文件或包含场景文件的文件夹\n"
    )


def test_language_comes_from_the_environment_when_not_named() -> None:
    assert default_language({}) == "en"
    assert default_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_language({"LANG": "C.UTF-8"}) == "en"
    assert default_language({"PLANNER_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert default_language({"PLANNER_LANG": "zh"}) == "zh"
    assert default_language({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    chinese = run("solve", str(BASELINE), LANG="zh_CN.UTF-8")
    assert chinese.returncode == 0, chinese.stderr
    assert chinese.stdout.splitlines()[1].startswith("最大化转化：")
    english = run("solve", str(BASELINE), "--lang", "en", PLANNER_LANG="zh")
    assert english.stdout.splitlines()[1].startswith("maximize conversions: ")


def test_solve_writes_csv_for_excel_and_xlsx_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table, workbook = tmp_path / "plan.csv", tmp_path / "plan.xlsx"
    code = main(["solve", str(BASELINE), "--budget", "250万", "--csv", str(table), "--excel-csv"])
    assert code == 0
    assert main(["solve", str(BASELINE), "--budget", "2.5m", "--xlsx", str(workbook), "--lang", "zh"]) == 0
    assert "¥2,500,000" in capsys.readouterr().out  # the budget rule's limit, as typed in 万 and in millions
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    frame = pd.read_csv(table, encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["channel", "spend (¥)", "share (%)"]  # --lang not given: English
    assert frame["channel"].iloc[0] == "直通车"
    assert frame["channel"].iloc[-1] == "TOTAL"
    assert 2_200_000 < frame["spend (¥)"].iloc[-1] <= 2_500_000
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["分配", "规则", "合计", "原因"]
    sheet = book["分配"]
    total_row = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == "合计")
    assert total_row[1].value == pytest.approx(frame["spend (¥)"].iloc[-1], abs=0.5)


def test_excel_csv_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(BASELINE), "--excel-csv"]) == 2
    assert "--excel-csv shapes the file written by --csv" in capsys.readouterr().err


def test_machine_csv_stays_for_programs(tmp_path: Path) -> None:
    target = tmp_path / "plan.csv"
    assert main(["solve", str(BASELINE), "--csv", str(target), "--lang", "zh"]) == 0
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[0]["label"] == "直通车"
    assert float(rows[0]["spend"]) > 0


def test_import_speaks_the_environments_language_like_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --lang, `planner import` takes LANG as the other commands do (it used to be English whatever LANG said);
    its problems are led by 错误： like every other command's."""
    from tests.exports_gen import FOLDER, file_name

    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,to,read\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    out = tmp_path / "history.csv"
    assert main(["import", str(FOLDER / file_name("meta_ads")), str(bad), "-o", str(out)]) == 1
    shown, errors = capsys.readouterr()
    assert f"已写入 {out}" in shown
    assert "历史数据：" in shown
    assert errors.splitlines()[-1] == "错误：2 个文件中有 1 个未导入；历史数据只包含其余文件"
    assert all(line.startswith("错误：") for line in errors.splitlines())
    assert main(["import", str(FOLDER / file_name("meta_ads")), "-o", str(out), "--lang", "en"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
