"""The result cache of `planner validate` and `planner solve`: a hit says and prints exactly what a miss would.

Commands run in this process through `main`, the cache in a folder of the test's own. Whether a run was a hit is
read from the work it did: `_check` (load and fit) and `_solved` (load, fit and solve) are wrapped to count their
calls, and still do their work.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import planner.cli as cli
from planner.data.cache import (
    DISABLE_VARIABLE,
    cache_folder,
    code_fingerprint,
    keep,
    look_up,
    packages_fingerprint,
    request_key,
)
from tests.conftest import DATA, ROOT, SCENARIOS

BUNDLED = sorted(SCENARIOS.rglob("*.yaml"))
INVALID = sorted(DATA.glob("invalid_*.yaml"))
BASELINE = SCENARIOS / "tmall_flagship" / "baseline.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the cache's folder, turned on for this test (the suite runs with it off)."""
    folder = tmp_path / "cache"
    monkeypatch.delenv(DISABLE_VARIABLE, raising=False)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(folder))
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return folder


class Work:
    """How many times the CLI loaded, fitted (and solved) a scenario itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checks = 0
        self.solves = 0
        monkeypatch.setattr(cli, "_check", self._counted(cli._check, "checks"))
        monkeypatch.setattr(cli, "_solved", self._counted(cli._solved, "solves"))

    def _counted(self, function: Callable[..., Any], name: str) -> Callable[..., Any]:
        def counted(*args: Any) -> Any:
            setattr(self, name, getattr(self, name) + 1)
            return function(*args)

        return counted


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Work:
    return Work(monkeypatch)


def planner(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Return the exit code, standard output and standard error of `planner ARGS…`."""
    code = cli.main(list(args))
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def copy_scenario(tmp_path: Path) -> tuple[Path, Path]:
    """Return a copy of the Tmall baseline and of its history, side by side in a folder of their own."""
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy(BASELINE, folder / "baseline.yaml")
    shutil.copy(BASELINE.parent / "history.csv", folder / "history.csv")
    return folder / "baseline.yaml", folder / "history.csv"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_validate_and_solve_say_the_same_on_a_hit_as_on_a_miss(
    path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["validate", str(path)], ["solve", str(path)], ["solve", str(path), "--format", "json"]):
        miss = planner(capsys, *command)
        hit = planner(capsys, *command)
        fresh = planner(capsys, *command, "--no-cache")
        assert miss[0] == 0, miss[2]
        assert hit == miss == fresh
    assert (work.checks, work.solves) == (2, 4)  # the second run of each command did no work of its own
    assert len(entries(cache)) == 3


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_an_invalid_scenario_fails_the_same_way_every_time_and_is_not_kept(
    path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    first = planner(capsys, "validate", str(path))
    second = planner(capsys, "validate", str(path))
    assert first[0] == 2
    assert first == second
    assert work.checks == 2
    assert entries(cache) == []


def test_a_history_that_fails_to_fit_fails_again(
    tmp_path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, history = copy_scenario(tmp_path)
    history.write_text("".join(history.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8")
    runs = [planner(capsys, command, str(scenario)) for command in ("validate", "validate", "solve", "solve")]
    assert runs[0] == runs[1]
    assert runs[2] == runs[3]
    assert runs[0][0] == runs[2][0] == 2
    assert "no rows between" in runs[0][2]
    assert (work.checks, work.solves) == (2, 2)
    assert entries(cache) == []


def test_a_changed_history_byte_is_a_miss_and_never_turns_an_invalid_scenario_valid(
    tmp_path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, history = copy_scenario(tmp_path)
    assert planner(capsys, "validate", str(scenario))[0] == 0
    before = planner(capsys, "solve", str(scenario))
    text = history.read_bytes()
    history.write_bytes(text.replace(b"\n2", b"\nX", 1))  # one byte: a date no longer a date
    assert planner(capsys, "validate", str(scenario))[0] == 2
    assert planner(capsys, "solve", str(scenario))[0] == 2
    *rows, last = text.decode("utf-8").splitlines()
    cells = last.split(",")
    cells[3] = str(int(cells[3]) * 3)  # the last week's conversions of one channel tripled: valid, another fit
    history.write_text("\n".join([*rows, ",".join(cells)]) + "\n", encoding="utf-8")
    assert planner(capsys, "validate", str(scenario))[0] == 0
    after = planner(capsys, "solve", str(scenario))
    assert after == planner(capsys, "solve", str(scenario), "--no-cache")
    assert after[1] != before[1]
    assert (work.checks, work.solves) == (3, 4)


def test_a_changed_scenario_field_is_a_miss(
    tmp_path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, _ = copy_scenario(tmp_path)
    before = planner(capsys, "solve", str(scenario), "--format", "json")
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("budget: 2200000", "budget: 2300000", 1), encoding="utf-8")
    after = planner(capsys, "solve", str(scenario), "--format", "json")
    assert json.loads(before[1])["totals"]["spend"] < json.loads(after[1])["totals"]["spend"]
    assert after == planner(capsys, "solve", str(scenario), "--format", "json", "--no-cache")
    scenario.write_text(text, encoding="utf-8")  # back as it was: the first entry serves it
    assert planner(capsys, "solve", str(scenario), "--format", "json") == before
    assert work.solves == 3
    scenario.write_text(text.replace("budget: 2200000", "budget: -1", 1), encoding="utf-8")
    assert planner(capsys, "validate", str(scenario))[0] == 2


def test_the_options_that_shape_the_output_are_part_of_the_request(
    cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = [
        planner(capsys, "solve", str(BASELINE), *options)
        for options in ((), ("--lang", "zh"), ("--format", "csv"), ("--budget", "2.3m"))
    ]
    assert len({output for _, output, _ in outputs}) == 4
    assert work.solves == 4


def test_another_planner_version_or_code_is_a_miss(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "promo_planner-0.1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    options = {"format": "table"}
    installed = request_key("solve", BASELINE, options)
    assert installed == request_key("solve", BASELINE, options)
    (site / "promo_planner-0.1.0.dist-info").rename(site / "promo_planner-0.2.0.dist-info")
    upgraded = request_key("solve", BASELINE, options)
    assert installed != upgraded
    package = tmp_path / "planner"
    shutil.copytree(ROOT / "planner" / "curves", package, ignore=shutil.ignore_patterns("__pycache__"))
    code = code_fingerprint(package)
    module = package / "fitting.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_fingerprint(package) != code
    monkeypatch.setattr("planner.data.cache.code_fingerprint", lambda: "another")
    assert request_key("solve", BASELINE, options) != upgraded
    assert packages_fingerprint() != ""


def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(
    cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = planner(capsys, "solve", str(BASELINE))
    (entry,) = entries(cache)
    damaged = [b"", b"{", b"\x00\xff garbage", b"[]", b'{"format": 1}', entry.read_bytes()[:-20]]
    foreign = json.loads(entry.read_bytes())
    damaged += [json.dumps({**foreign, "format": 0}).encode(), json.dumps({**foreign, "key": "x"}).encode()]
    damaged += [json.dumps({**foreign, "files": {str(BASELINE): "0" * 64}}).encode()]
    for content in damaged:
        entry.write_bytes(content)
        assert planner(capsys, "solve", str(BASELINE)) == expected
    assert work.solves == 1 + len(damaged)
    assert planner(capsys, "solve", str(BASELINE)) == expected  # the last run wrote it whole again
    assert work.solves == 1 + len(damaged)


def test_a_kept_entry_is_what_a_hit_prints_and_no_cache_skips_it(
    cache: Path, work: Work, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is really read (an entry planted under the request is printed) and --no-cache really skips it."""
    expected = planner(capsys, "solve", str(BASELINE))
    (entry,) = entries(cache)
    planted = json.loads(entry.read_bytes())
    entry.write_text(json.dumps({**planted, "value": "planted\n"}), encoding="utf-8")
    assert planner(capsys, "solve", str(BASELINE)) == (0, "planted\n", "")
    assert planner(capsys, "solve", str(BASELINE), "--no-cache") == expected
    monkeypatch.setenv(DISABLE_VARIABLE, "1")
    assert planner(capsys, "solve", str(BASELINE)) == expected
    assert planner(capsys, "validate", str(BASELINE)) == (0, f"ok: {BASELINE}\n", "")
    assert work.solves == 3
    assert len(entries(cache)) == 1  # nothing kept with the cache off
    monkeypatch.setenv(DISABLE_VARIABLE, "0")
    assert planner(capsys, "solve", str(BASELINE)) == (0, "planted\n", "")


def test_a_run_that_writes_files_besides_is_solved_afresh(
    tmp_path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        assert planner(capsys, "solve", str(BASELINE), "--csv", str(tmp_path / "plan.csv"))[0] == 0
    assert work.solves == 2
    assert (tmp_path / "plan.csv").exists()


def test_an_unwritable_cache_means_no_cache(tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache.write_text("a file where the folder should be", encoding="utf-8")
    expected = planner(capsys, "solve", str(BASELINE), "--no-cache")
    assert planner(capsys, "solve", str(BASELINE)) == expected
    assert planner(capsys, "validate", str(BASELINE))[0] == 0
    assert not keep(cache, "0" * 64, {}, True)


def test_where_the_cache_is() -> None:
    home = str(Path.home() / ".cache" / "promo-planner")
    assert cache_folder({}) == Path(home)
    assert cache_folder({"XDG_CACHE_HOME": "/x"}) == Path("/x/promo-planner")
    assert cache_folder({"XDG_CACHE_HOME": "relative"}) == Path(home)  # the XDG rule: only an absolute path
    assert cache_folder({"XDG_CACHE_HOME": "/x", "PLANNER_CACHE_DIR": "/y"}) == Path("/y")
    assert cache_folder({"PLANNER_CACHE_DIR": "/y", DISABLE_VARIABLE: "1"}) is None
    assert cache_folder({"PLANNER_CACHE_DIR": "/y", DISABLE_VARIABLE: "0"}) == Path("/y")


WRITER = """
import sys
from pathlib import Path
from planner.data.cache import keep
folder, key, value = Path(sys.argv[1]), sys.argv[2], sys.argv[3] * 200_000
for _ in range(40):
    assert keep(folder, key, {}, value)
"""


def test_two_processes_writing_one_entry_at_once_leave_it_whole(tmp_path: Path) -> None:
    folder, key = tmp_path / "cache", "e" * 64
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), key, letter], env=env, cwd=ROOT) for letter in "ab"
    ]
    seen = set()
    while any(writer.poll() is None for writer in writers):
        if (value := look_up(folder, key)) is not None:
            seen.add(value)
    assert [writer.wait() for writer in writers] == [0, 0]
    seen.add(look_up(folder, key))
    assert seen <= {"a" * 200_000, "b" * 200_000}  # never a torn or mixed entry
    assert seen
    assert [path.name for path in folder.iterdir()] == [f"{key}.json"]  # no temporary file left behind


def test_the_entries_used_longest_ago_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planner.data.cache.MAX_ENTRIES", 3)
    folder = tmp_path / "cache"
    keys = [str(number) * 64 for number in range(5)]
    for age, key in enumerate(keys[:3]):
        assert keep(folder, key, {}, key)
        os.utime(folder / f"{key}.json", ns=(age * 10**9, age * 10**9))
    assert look_up(folder, keys[0]) == keys[0]  # used now: no longer the oldest
    assert keep(folder, keys[3], {}, keys[3])
    assert keep(folder, keys[4], {}, keys[4])
    assert sorted(path.stem for path in folder.glob("*.json")) == sorted([keys[0], keys[3], keys[4]])


def test_a_plan_stopped_by_its_time_limit_is_not_kept(
    tmp_path: Path, cache: Path, work: Work, capsys: pytest.CaptureFixture[str]
) -> None:
    """A MILP's best plan within its time limit depends on the machine's speed: the next run may do better."""
    folder = tmp_path / "store"
    shutil.copytree(SCENARIOS / "tmall_flagship", folder)
    scenario = folder / "q4_economics.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "  time_limit: 30" in text
    scenario.write_text(text.replace("  time_limit: 30", "  time_limit: 0.01  #", 1), encoding="utf-8")
    code, output, _ = planner(capsys, "solve", str(scenario), "--format", "json")
    assert code == 2 or json.loads(output)["status"] == "best_found"
    planner(capsys, "solve", str(scenario), "--format", "json")
    assert work.solves == 2
    assert entries(cache) == []


def test_a_recording_inside_another_leaves_the_outer_one_recording(tmp_path: Path) -> None:
    """Two recordings at once (each a dict, equal while empty): the inner one ending takes only itself away."""
    from planner.data.reading import note_read, recording_reads

    history = tmp_path / "history.csv"
    history.write_text("date,channel,spend,conversions\n", encoding="utf-8")
    with recording_reads() as outer:
        with recording_reads() as inner:
            pass
        note_read(history)
    assert inner == {}
    assert list(outer) == [str(history.resolve())]
