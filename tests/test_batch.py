"""`planner.batch` and `planner batch` as an analyst uses them: a folder of stores, a table of what-ifs, a re-run."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import pytest

from planner.api import solve
from planner.batching import BatchResult, batch, work
from planner.batching.cases import batch_cases
from planner.cli import main
from planner.data.batch_files import excel_csv_text, read_excel_csv
from planner.data.io import load_scenario
from planner.model.errors import PlannerError
from tests.conftest import DATA, ROOT, SCENARIOS
from tests.test_cli import run as run_cli  # the command in a subprocess, the language left to --lang
from tests.test_i18n import english_words

US = SCENARIOS / "us_outdoor"
STORE_FILES = ("baseline.yaml", "event_push.yaml", "profit_first.yaml", "q4_calendar.yaml", "history.csv")
BROKEN = "broken.yaml"  # min_spend above max_spend, on line 4


def make_store_folder(folder: Path) -> Path:
    """Return a folder holding four of the US demo's scenarios, their history, and one broken scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in STORE_FILES:
        shutil.copy(US / name, folder / name)
    shutil.copy(DATA / "invalid_floor_above_cap.yaml", folder / BROKEN)
    return folder


def without_timings(summary: pd.DataFrame) -> pd.DataFrame:
    """Return a summary without its seconds (the one column that differs from run to run)."""
    return summary.drop(columns=["seconds"])


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store_folder(tmp_path_factory.mktemp("stores"))


@pytest.fixture(scope="module")
def in_process(stores: Path) -> BatchResult:
    return batch(stores, workers=1)


def test_a_folder_gives_one_row_per_scenario_and_channel_and_the_broken_file_is_a_located_row(
    stores: Path, in_process: BatchResult
) -> None:
    summary = in_process.summary
    assert list(summary["source"]) == [str(stores / name) for name in sorted([*STORE_FILES[:4], BROKEN])]
    assert (in_process.solved, in_process.skipped, in_process.failed) == (4, 0, 1)
    failure = in_process.failures.iloc[0]
    assert failure["source"] == str(stores / BROKEN)
    # As `planner validate` prints it: file, line, field and what is wrong.
    assert failure["error"] == f"{stores / BROKEN}:4: channels -> 0 (search): min_spend 800 is above max_spend 500"
    assert (in_process.results["source"] == str(stores / BROKEN)).sum() == 0

    baseline = in_process.results[in_process.results["source"] == str(stores / "baseline.yaml")]
    plan = solve(load_scenario(stores / "baseline.yaml"))
    assert list(baseline["channel"]) == list(plan.allocation["channel"])
    assert baseline["spend"].tolist() == pytest.approx(plan.allocation["spend"].tolist(), rel=1e-9)
    assert baseline["period"].isna().all()
    row = summary[summary["source"] == str(stores / "baseline.yaml")].iloc[0]
    assert row["status"] == "optimal"
    assert row["objective"] == "maximize conversions"
    assert row["objective_value"] == pytest.approx(plan.objective_value, rel=1e-9)
    assert row["spend"] == pytest.approx(baseline["spend"].sum(), rel=1e-9)
    assert row["seconds"] > 0


def test_globs_folders_and_lists_name_the_same_cases_and_a_glob_leaves_out_the_history(stores: Path) -> None:
    every = [str(stores / name) for name in sorted([*STORE_FILES[:4], BROKEN])]
    assert [case.source for case in batch_cases(str(stores / "*"))] == every
    assert [case.source for case in batch_cases(stores)] == every
    assert [case.source for case in batch_cases([stores / "q4_calendar.yaml", stores / "baseline.yaml"])] == [
        str(stores / "q4_calendar.yaml"),
        str(stores / "baseline.yaml"),
    ]
    budgets = pd.DataFrame({"budget": [1, 2]})
    assert [(c.source, c.name) for c in batch_cases(str(stores / "b*.yaml"), budgets)] == [
        (str(stores / "baseline.yaml"), "1"),
        (str(stores / "baseline.yaml"), "2"),
        (str(stores / BROKEN), "1"),
        (str(stores / BROKEN), "2"),
    ]
    assert [case.source for case in batch_cases(str(stores / "*.json"))] == [str(stores / "*.json")]  # not found
    empty = stores.parent / "empty"
    empty.mkdir(exist_ok=True)
    with pytest.raises(PlannerError, match="no scenario files found"):
        batch_cases(empty)
    with pytest.raises(PlannerError, match="has a header but no rows"):
        batch_cases(stores, pd.DataFrame({"budget": []}))


def test_a_calendar_scenario_gives_a_row_per_period_and_channel(stores: Path, in_process: BatchResult) -> None:
    calendar = in_process.results[in_process.results["source"] == str(stores / "q4_calendar.yaml")]
    plan = solve(load_scenario(stores / "q4_calendar.yaml"))
    assert plan.periods is not None
    assert len(calendar) == len(plan.periods)
    assert list(calendar["period"]) == [str(p) for p in plan.periods["period"]]
    assert list(calendar["channel"]) == list(plan.periods["channel"])
    assert calendar["spend"].tolist() == pytest.approx(plan.periods["spend"].tolist(), rel=1e-9)
    assert calendar["start"].notna().all()


def test_every_row_carries_its_channels_curve_error_as_the_plan_reports_it(
    stores: Path, in_process: BatchResult
) -> None:
    for name in ("baseline.yaml", "q4_calendar.yaml"):
        plan = solve(load_scenario(stores / name))
        errors = dict(zip(plan.allocation["channel"], plan.allocation["curve_error"], strict=True))
        rows = in_process.results[in_process.results["source"] == str(stores / name)]
        assert rows["curve_error"].tolist() == pytest.approx([errors[channel] for channel in rows["channel"]])
        assert (rows["curve_error"] > 0).any()  # fitted curves planned on chords: an error to report
        assert rows["curve_error"].notna().all()


def test_budget_overrides_give_the_plans_of_solve_with_a_budget() -> None:
    overrides = pd.DataFrame({"case": ["lean", "rich"], "budget": [650_000, 950_000]})
    result = batch(US / "baseline.yaml", overrides, workers=1)
    assert list(result.summary["case"]) == ["lean", "rich"]
    scenario = load_scenario(US / "baseline.yaml")
    for case, amount in (("lean", 650_000), ("rich", 950_000)):
        plan = solve(scenario, budget=amount)
        rows = result.results[result.results["case"] == case]
        assert rows["spend"].tolist() == pytest.approx(plan.allocation["spend"].tolist(), rel=1e-9)
        assert rows["conversions"].tolist() == pytest.approx(plan.allocation["conversions"].tolist(), rel=1e-9)
        assert (rows["budget"] == amount).all()


def test_an_overrides_csv_caps_excludes_and_changes_rules_and_a_bad_cell_is_located(tmp_path: Path) -> None:
    table = tmp_path / "what-ifs.csv"
    table.write_text(
        "case,budget,channels.google_ads.max_spend,channels.tiktok_live.excluded,rules.social spend floor.at_least\n"
        "as is,,,,\n"
        "capped,¥800k,210000,,\n"
        "no tiktok,,,true,150000\n"
        "typo,,,maybe,\n",
        encoding="utf-8",
    )
    result = batch(US / "baseline.yaml", table, workers=1)
    assert list(result.summary["status"]) == ["optimal", "optimal", "optimal", "failed"]
    spend = result.results.pivot(index="channel", columns="case", values="spend")
    assert spend.loc["google_ads", "capped"] == pytest.approx(210_000)
    assert spend.loc["tiktok_live", "no tiktok"] == 0
    assert spend["capped"].sum() == pytest.approx(800_000)
    assert result.summary.set_index("case").loc["capped", "budget"] == 800_000
    assert result.results["channels.tiktok_live.excluded"].tolist().count("true") == 5
    error = result.failures.iloc[0]["error"]
    assert error.startswith(f"{table}:5: channels.tiktok_live.excluded: ")
    assert "valid boolean" in error or "true or false" in error
    # Each case is the scenario with that row applied, as if written in the file.
    scenario = load_scenario(US / "baseline.yaml")
    varied = scenario.vary(
        channels=[
            {**c.model_dump(), "excluded": True} if c.id == "tiktok_live" else c.model_dump() for c in scenario.channels
        ],
        rules=[
            {**r.model_dump(), "at_least": 150000} if r.name == "social spend floor" else r.model_dump()
            for r in scenario.rules
        ],
    )
    expected = solve(varied).allocation["spend"].tolist()
    assert spend["no tiktok"].reindex(list(solve(varied).allocation["channel"])).tolist() == pytest.approx(expected)


def test_a_bad_cell_of_a_dataframe_is_named_by_its_case_and_column() -> None:
    overrides = pd.DataFrame({"case": ["fine", "typo"], "channels.meta_ads.max_spend": [300_000, "abc"]})
    result = batch(US / "baseline.yaml", overrides, workers=1)
    assert list(result.summary["status"]) == ["optimal", "failed"]
    assert result.failures.iloc[0]["error"] == (
        f"{US / 'baseline.yaml'}: case typo -> channels.meta_ads.max_spend: 'abc' is not a number; write a number"
    )


def test_a_failed_cases_summary_row_keeps_the_overrides_it_was_asked_with(tmp_path: Path) -> None:
    overrides = pd.DataFrame(
        {
            "case": ["typo", "floor above cap", "revenue"],
            "budget": ["¥800k", 700_000, None],
            "channels.meta_ads.max_spend": ["abc", 1_000, None],
            "channels.meta_ads.min_spend": [None, 5_000, None],
            "objective": [None, "maximize revenue", "maximize revenue"],
        }
    )
    result = batch(US / "baseline.yaml", overrides, workers=1, output=tmp_path / "out")
    assert list(result.summary["status"]) == ["failed", "failed", "optimal"]
    summary = result.summary.set_index("case")
    assert summary.loc["typo", "budget"] == 800_000  # the row's budget, though the case failed on another cell
    assert summary.loc["typo", "channels.meta_ads.max_spend"] == "abc"
    assert summary.loc["typo", "objective"] == "maximize conversions"  # the scenario's own
    assert summary.loc["floor above cap", "budget"] == 700_000
    assert summary.loc["floor above cap", "objective"] == "maximize revenue"
    assert summary.loc["floor above cap", "channels.meta_ads.min_spend"] == 5_000
    assert summary.loc["floor above cap", "store"] == "US Outdoor Co."
    written = read_excel_csv(tmp_path / "out" / "summary.csv").set_index("case")
    assert written.loc["typo", "budget"] == 800_000
    assert written.loc["floor above cap", "objective"] == "maximize revenue"


def test_unknown_columns_and_channels_are_named_with_what_exists(tmp_path: Path) -> None:
    table = tmp_path / "typos.csv"
    table.write_text("case,channels.googel_ads.max_spend,margn\na,5,\nb,,0.3\n", encoding="utf-8")
    result = batch(US / "baseline.yaml", table, workers=1)
    first, second = result.failures["error"]
    assert first.startswith(f"{table}:2: channels.googel_ads.max_spend: the scenario has no channel googel_ads")
    assert "google_ads, meta_ads" in first
    assert second.startswith(f"{table}:3: margn: margn is not a field of the scenario")


def test_a_case_name_used_twice_is_refused_before_anything_runs_located_at_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "what-ifs.csv"
    table.write_text("case,budget\nlean,600000\nrich,900000\nlean,650000\n,700000\n4,750000\n", encoding="utf-8")
    output = tmp_path / "out"
    arguments = ["batch", str(US / "baseline.yaml"), "--overrides", str(table), "-o", str(output), "--workers", "1"]
    assert main([*arguments, "--lang", "zh"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"错误：{table}:4: case: 案例名称 lean 用了两次（第 2 行与第 4 行）；请在 case 列为每一行取不同的名称",
        # The fourth row has no name, so it is named 4 (its number), as the fifth row is.
        f"错误：{table}:6: case: 案例名称 4 用了两次（第 5 行与第 6 行）；请在 case 列为每一行取不同的名称",
    ]
    assert not output.exists()  # refused before any case was solved

    with pytest.raises(PlannerError) as raised:
        batch(US / "baseline.yaml", pd.DataFrame({"case": ["a", "b", "a"], "budget": [1, 2, 3]}), workers=1)
    assert [problem.render("en") for problem in raised.value.problems] == [
        "case: the case name a is used twice (row 1 and row 3); give each row its own name in column case"
    ]


def test_a_scenario_file_named_twice_is_refused_by_the_path_given_second(tmp_path: Path) -> None:
    stores = make_store_folder(tmp_path / "stores")
    with pytest.raises(PlannerError) as raised:
        batch([stores, tmp_path / "stores" / ".." / "stores" / "baseline.yaml"], workers=1)
    again = tmp_path / "stores" / ".." / "stores" / "baseline.yaml"
    assert [problem.render("en") for problem in raised.value.problems] == [
        f"{again}: the scenario file is named twice ({stores / 'baseline.yaml'} and {again}); name each file once, "
        "or its cases would share their names in the results"
    ]


def test_a_rerun_solves_only_what_changed(tmp_path: Path) -> None:
    stores = make_store_folder(tmp_path / "stores")
    output = tmp_path / "out"
    first = batch(stores, output=output, workers=1)
    assert (first.solved, first.skipped, first.failed) == (4, 0, 1)

    again = batch(stores, output=output, workers=1)
    assert (again.solved, again.skipped, again.failed) == (0, 4, 1)  # a failure is tried again
    pd.testing.assert_frame_equal(again.results, first.results)
    pd.testing.assert_frame_equal(again.summary, first.summary.assign(seconds=again.summary["seconds"]))

    changed = stores / "event_push.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("420000", "430000"), encoding="utf-8")
    third = batch(stores, output=output, workers=1)
    assert (third.solved, third.skipped, third.failed) == (1, 3, 1)
    row = third.summary.set_index("source").loc[str(changed)]
    assert row["budget"] == 430_000
    assert row["seconds"] > 0

    # The history is an input of every scenario that reads it: all four are solved again.
    history = stores / "history.csv"
    history.write_bytes(history.read_bytes() + b"\n")
    fourth = batch(stores, output=output, workers=1)
    assert (fourth.solved, fourth.skipped, fourth.failed) == (4, 0, 1)


def test_a_changed_override_row_solves_only_that_case(tmp_path: Path) -> None:
    output = tmp_path / "out"
    budgets = pd.DataFrame({"budget": [600_000, 700_000, 800_000]})
    batch(US / "baseline.yaml", budgets, output=output, workers=1)
    rerun = batch(US / "baseline.yaml", budgets.assign(budget=[600_000, 750_000, 800_000]), output=output, workers=1)
    assert (rerun.solved, rerun.skipped) == (1, 2)
    assert list(rerun.summary["budget"]) == [600_000, 750_000, 800_000]


def test_parquet_and_csv_read_back_equal(tmp_path: Path, stores: Path) -> None:
    output = tmp_path / "out"
    result = batch([stores / "baseline.yaml", stores / "q4_calendar.yaml", stores / BROKEN], output=output, workers=1)
    for name, table in (("results", result.results), ("summary", result.summary)):
        parquet = pd.read_parquet(output / f"{name}.parquet")
        csv = read_excel_csv(output / f"{name}.csv")
        pd.testing.assert_frame_equal(parquet, table)
        pd.testing.assert_frame_equal(csv, parquet)
        assert (output / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8


def test_columns_with_no_value_and_true_false_overrides_read_back_alike_from_parquet_and_csv(
    tmp_path: Path, stores: Path
) -> None:
    """One-period plans leave period, start and end empty, no failure leaves error empty: the same type either way."""
    output = tmp_path / "out"
    overrides = pd.DataFrame({"case": ["all in", "locked"], "channels.google_ads.locked": ["false", "TRUE"]})
    result = batch([stores / "baseline.yaml", stores / "event_push.yaml"], overrides, output=output, workers=1)
    assert result.failed == 0
    for name, table in (("results", result.results), ("summary", result.summary)):
        parquet = pd.read_parquet(output / f"{name}.parquet")
        csv = read_excel_csv(output / f"{name}.csv")
        assert parquet.dtypes.to_dict() == csv.dtypes.to_dict()
        pd.testing.assert_frame_equal(csv, parquet)
        pd.testing.assert_frame_equal(parquet, table)
    assert result.results["period"].isna().all()
    assert result.summary["error"].isna().all()
    assert result.summary["channels.google_ads.locked"].tolist() == [False, True, False, True]


def test_a_pool_of_two_workers_gives_what_one_process_gives(stores: Path, in_process: BatchResult) -> None:
    pooled = batch(stores, workers=2)
    pd.testing.assert_frame_equal(pooled.results, in_process.results)
    pd.testing.assert_frame_equal(without_timings(pooled.summary), without_timings(in_process.summary))


def test_the_command_end_to_end_in_english_and_chinese(tmp_path: Path) -> None:
    stores = make_store_folder(tmp_path / "stores")
    (stores / "q4_calendar.yaml").unlink()
    (stores / "profit_first.yaml").unlink()
    output = tmp_path / "out"
    first = run_cli("batch", str(stores), "-o", str(output), "--workers", "1")
    assert first.returncode == 2, first.stderr
    assert first.stdout.splitlines()[0] == "3 cases: 2 solved, 0 skipped (already done), 1 failed"
    assert f"error: {stores / BROKEN}:4: channels -> 0 (search): min_spend 800 is above max_spend 500" in first.stderr
    assert "Traceback" not in first.stderr
    assert all(line.startswith("error: ") for line in first.stderr.splitlines())  # no progress bar off a terminal
    summary = read_excel_csv(output / "summary.csv")
    assert list(summary["status"]) == ["optimal", "failed", "optimal"]

    second = run_cli("batch", str(stores), "-o", str(output), "--lang", "zh")
    assert second.returncode == 2, second.stderr
    assert second.stdout.splitlines()[0] == "共 3 个案例：已求解 0 个，跳过 2 个（此前已完成），失败 1 个"
    assert (
        second.stderr == f"错误：{stores / BROKEN}:4: channels -> 0 (search): min_spend（800）高于 max_spend（500）\n"
    )
    written = {str(output), str(stores), "results.csv", "summary.csv", "manifest.json", "Parquet"}
    assert not english_words(second.stdout, written)


def test_the_help_says_what_the_exit_codes_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", "--help"]) == 0
    assert "2: any case failed" in " ".join(capsys.readouterr().out.split())


def test_budget_overrides_in_the_command_match_solve_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "budgets.csv"
    table.write_text("case,budget\nsmall,2.5m\n", encoding="utf-8")
    tmall = SCENARIOS / "tmall_flagship" / "baseline.yaml"
    assert main(["batch", str(tmall), "--overrides", str(table), "-o", str(tmp_path / "out"), "-q"]) == 0
    capsys.readouterr()
    assert main(["solve", str(tmall), "--budget", "2.5m", "--format", "csv"]) == 0
    expected = pd.read_csv(io.StringIO(capsys.readouterr().out))
    results = read_excel_csv(tmp_path / "out" / "results.csv")
    assert list(results["channel"]) == list(expected["channel"])
    assert results["spend"].tolist() == pytest.approx(expected["spend"].tolist(), abs=0.01)


def test_a_missing_path_and_an_empty_overrides_table_are_user_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", str(tmp_path / "nowhere.yaml"), "-o", str(tmp_path / "out"), "--workers", "1"]) == 2
    assert f"{tmp_path / 'nowhere.yaml'}" in capsys.readouterr().err
    table = tmp_path / "empty.csv"
    table.write_text("case,budget\n", encoding="utf-8")
    assert main(["batch", str(US / "baseline.yaml"), "--overrides", str(table), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"error: {table}:1: the table of overrides has a header but no rows" in err
    assert "Traceback" not in err


class Terminal(io.StringIO):
    """Standard error as a terminal shows it."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_progress_bar_shows_the_cases_done_and_the_time_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    budgets = tmp_path / "budgets.csv"
    budgets.write_text("budget\n700000\n800000\n", encoding="utf-8")
    arguments = ["batch", str(US / "baseline.yaml"), "--overrides", str(budgets), "-o", str(tmp_path / "out")]
    assert main([*arguments, "--workers", "1"]) == 0
    shown = terminal.getvalue()
    assert "solving: 100%" in shown
    assert "2/2" in shown
    assert "<00:00" in shown  # the time left
    terminal.truncate(0)
    assert main([*arguments, "--workers", "1", "--quiet"]) == 0
    assert terminal.getvalue().strip("\x00") == ""


def test_planner_batch_is_the_function_even_after_its_modules_are_imported(tmp_path: Path) -> None:
    """`planner.batch(...)` is the library's front door; its package is `planner.batching`, so no import of the
    package's modules can turn the name into a module."""
    import planner
    import planner.batching.executors

    result = planner.batch([ROOT / "scenarios/tmall_flagship/baseline.yaml"], output=tmp_path / "out", workers=1)
    assert isinstance(result, planner.BatchResult)
    assert result.summary["status"].tolist() == ["optimal"]


def test_a_script_without_a_main_guard_solves_on_the_pool_and_its_workers_never_run_it(tmp_path: Path) -> None:
    """A pool's workers are started without the parent's main module, so a script that calls planner.batch at its
    top level (no `if __name__ == "__main__":`, a guard in a comment fooling no one) uses every worker, and its
    top level runs once: in its own process."""
    script = tmp_path / "plan_all.py"
    ran = tmp_path / "ran.txt"
    stores = make_store_folder(tmp_path / "stores")
    script.write_text(
        "import multiprocessing, os\n"
        "import planner\n"
        '# if __name__ == "__main__":  (a guard in a comment is no guard)\n'
        f"with open({str(ran)!r}, 'a') as ran:\n"
        "    print(os.getpid(), file=ran)\n"
        "workers = set()\n"
        "def seen(done, total):\n"
        "    workers.update(child.pid for child in multiprocessing.active_children())\n"
        f"r = planner.batch({str(stores)!r}, workers=2, progress=seen)\n"
        "print('solved', r.solved, 'failed', r.failed, 'workers', len(workers))\n"
        "print(r.failures['error'].tolist())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "solved 4 failed 1 workers 2" in done.stdout, done.stdout
    assert "min_spend 800 is above max_spend 500" in done.stdout  # the broken store, as in one process
    assert len(ran.read_text(encoding="utf-8").split()) == 1  # the script's top level ran in its own process only
    assert done.stderr == ""


def test_an_output_folder_holding_someone_elses_results_is_refused_untouched(tmp_path: Path) -> None:
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "results.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    done = run_cli("batch", str(ROOT / "scenarios/us_outdoor/baseline.yaml"), "-o", str(mine))
    assert done.returncode == 2
    assert "results.csv" in done.stderr
    assert "manifest.json" in done.stderr
    assert "Traceback" not in done.stderr
    assert (mine / "results.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"
    afile = tmp_path / "notes.txt"
    afile.write_text("x", encoding="utf-8")
    done = run_cli("batch", str(ROOT / "scenarios/us_outdoor/baseline.yaml"), "-o", str(afile), "--lang", "zh")
    assert done.returncode == 2
    assert "文件夹" in done.stderr


def test_cases_solved_apart_give_what_a_plain_call_gives_and_its_errors(
    stores: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = batch_cases(stores)
    assert [o.summary | {"seconds": 0} for o in work.solve_cases_apart(cases)] == [
        o.summary | {"seconds": 0} for o in work.solve_cases(cases)
    ]

    def broken(cases: object, language: str) -> None:
        raise MemoryError("the worker ran out")

    monkeypatch.setattr(work, "solve_cases", broken)
    with pytest.raises(MemoryError, match="the worker ran out"):  # for the executor to report as the chunk's loss
        work.solve_cases_apart(cases)


def test_each_calling_thread_keeps_one_thread_of_its_own_for_its_chunks(stores: Path) -> None:
    """A chunk after a chunk runs on the same helper thread (warm memory); two task threads never share one."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    seen: list[threading.Thread] = []  # the threads themselves, held: a finished thread's ident can be reused
    original = work.solve_cases

    def noting(cases: object, language: str = "en") -> object:
        seen.append(threading.current_thread())
        return original(cases, language)  # type: ignore[arg-type]

    cases = batch_cases(stores)[:2]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(work, "solve_cases", noting)
        with ThreadPoolExecutor(max_workers=2) as tasks:  # two task threads, as a Dask worker with 2 threads has
            barrier = threading.Barrier(2)

            def task(_: int) -> int:
                barrier.wait()
                return sum(len(work.solve_cases_apart(cases)) for _ in range(2))

            list(tasks.map(task, range(2)))
    assert len(seen) == 4
    assert all(thread.name.startswith("planner-batch-cases") for thread in seen)
    assert len({id(thread) for thread in seen}) == 2  # one helper per task thread, each used for both of its chunks


def test_the_csv_for_excel_quotes_text_that_starts_like_a_formula_and_reads_back_as_written(tmp_path: Path) -> None:
    output = tmp_path / "out"
    overrides = pd.DataFrame({"case": ["=SUM(A1)", "-less", "@store"], "budget": [600_000, 700_000, 800_000]})
    result = batch(US / "baseline.yaml", overrides, output=output, workers=1)
    assert result.failed == 0
    text = (output / "summary.csv").read_bytes().decode("utf-8-sig")
    assert [line.split(",")[1] for line in text.split("\r\n")[1:4]] == ["'=SUM(A1)", "'-less", "'@store"]
    for name in ("results", "summary"):
        written = read_excel_csv(output / f"{name}.csv")
        pd.testing.assert_frame_equal(written, pd.read_parquet(output / f"{name}.parquet"))
    table = pd.DataFrame({"=x": ["+a", "b"], "change": [-5.5, 3.0], "count": [-2, 1]})
    assert excel_csv_text(table) == "\ufeff'=x,change,count\r\n'+a,-5.5,-2\r\nb,3.0,1\r\n"


def test_a_long_lived_worker_keeps_only_the_scenarios_it_used_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dask worker lives on between batches: the scenarios it keeps read are the most recent few, not all."""
    monkeypatch.setattr(work, "LOADED_KEPT", 3)
    monkeypatch.setattr(work, "_LOADED", OrderedDict())
    source = (ROOT / "scenarios/us_outdoor/baseline.yaml").read_text(encoding="utf-8")
    paths = []
    for number in range(5):
        path = tmp_path / f"store_{number}.yaml"
        path.write_text(source.replace("history.csv", str(ROOT / "scenarios/us_outdoor/history.csv")), encoding="utf-8")
        paths.append(path)
    loads: list[Path] = []
    original = load_scenario

    def counting(path: Path) -> object:
        loads.append(path)
        return original(path)

    monkeypatch.setattr(work, "load_scenario", counting)
    for path in [*paths[:3], paths[0], *paths[3:]]:  # the first used again, then two more
        work._load(path)
    assert list(work._LOADED) == [str(paths[0]), str(paths[3]), str(paths[4])]  # the least recently used left
    assert loads.count(paths[0]) == 1  # it was kept, not read again
    work._load(paths[1])
    assert loads.count(paths[1]) == 2  # dropped, so read again
    assert len(work._LOADED) == 3
