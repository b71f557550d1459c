"""Every kind of hostile input gives exit code 2 and a clear, located, short message; odd-but-valid input solves.

Each case runs through the in-process CLI (`validate` and `solve`) and the library (`load_scenario`,
`solve`). Nothing may raise past the boundary, print a traceback, print more than a screenful, hang, or
change a byte in the corpus folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner import PlannerError, load_scenario, solve
from planner.cli import main
from tests.hostile_cases import (
    HOSTILE,
    Case,
    cli_cases,
    file_cases,
    generated_cases,
    scenario_cases,
    write_corpus,
)

MAX_OUTPUT = 20_000
MAX_SECONDS = 10.0
FILE_CASES = file_cases()
GENERATED = generated_cases()
CLI_CASES = cli_cases()


def _digest(folder: Path) -> str:
    """Return a hash of every name, size and byte under folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus_digest() -> Iterator[str]:
    """Hash the committed corpus before the module's tests run, and check it is unchanged after."""
    before = _digest(HOSTILE)
    yield before
    assert _digest(HOSTILE) == before, "a hostile case changed a file in tests/data/hostile"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    started = time.monotonic()
    code = main(argv)
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert elapsed < MAX_SECONDS, f"{argv} took {elapsed:.1f} s"
    assert "Traceback" not in output
    assert len(output) < MAX_OUTPUT, f"{len(output)} characters of output:\n{output[:2000]}"
    assert "\x1b" not in output, "a control character reached the terminal"
    return code, output


def _check_rejected(case: Case, output: str, folder: Path) -> None:
    errors = "\n".join(row for row in output.splitlines() if row.startswith("error: ") or "error:" in row)
    assert errors, output
    lowered = errors.lower()
    for fragment in case.expect:
        assert fragment.lower() in lowered, f"{fragment!r} not in:\n{errors}"
    if case.names:
        assert case.names in errors, f"the message does not name {case.names}:\n{errors}"
    if case.line is not None:
        assert re.search(rf"{re.escape(case.names)}:{case.line}\b", errors), f"not at line {case.line}:\n{errors}"


def _check_case(case: Case, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = str(folder / case.scenario)
    for command in ("validate", "solve"):
        code, output = _run([command, scenario], capsys)
        if case.accepted:
            assert code == 0, output
        else:
            assert code == 2, output
            _check_rejected(case, output, folder)
    if case.accepted:
        plan = solve(load_scenario(scenario))
        budget = load_scenario(scenario).budget
        assert budget is None or plan.totals["spend"] <= budget.amount * (1 + 1e-9) + 1e-6
    else:
        with pytest.raises(PlannerError) as raised:
            solve(load_scenario(scenario))
        assert len(str(raised.value)) < MAX_OUTPUT


@pytest.mark.parametrize("case", FILE_CASES, ids=[f"{c.target}-{c.kind}" for c in FILE_CASES])
def test_file_case(case: Case, corpus_digest: str, capsys: pytest.CaptureFixture[str]) -> None:
    _check_case(case, HOSTILE, capsys)


@pytest.mark.parametrize("case", [c for c, _ in GENERATED], ids=[c.kind for c, _ in GENERATED])
def test_generated_case(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if case.kind == "history_unreadable" and os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    maker = {c.kind: m for c, m in GENERATED}[case.kind]
    maker(tmp_path)
    before = {p.name: (p.lstat().st_size, p.lstat().st_mtime_ns) for p in tmp_path.iterdir()}
    _check_case(case, tmp_path, capsys)
    assert {p.name: (p.lstat().st_size, p.lstat().st_mtime_ns) for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.kind for c in CLI_CASES])
def test_cli_case(case: Case, corpus_digest: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(HOSTILE, folder, symlinks=True)
    argv = [arg.replace("{dir}", str(folder)) for arg in case.argv]
    code, output = _run(argv, capsys)
    assert code == 2, output
    for fragment in case.expect:
        assert fragment.lower() in output.lower(), f"{fragment!r} not in:\n{output}"
    assert not (folder / "no_folder").exists()


def test_committed_corpus_matches_its_definitions(tmp_path: Path) -> None:
    """The files under tests/data/hostile are exactly what tests/hostile_cases.py writes."""
    write_corpus(tmp_path)
    assert _digest(tmp_path) == _digest(HOSTILE), "run `python -m tests.hostile_cases` and commit the files"


def test_corpus_has_at_least_150_rejected_kinds() -> None:
    cases = [*FILE_CASES, *(c for c, _ in GENERATED), *CLI_CASES]
    kinds = [f"{c.target}-{c.kind}" for c in cases]
    assert len(kinds) == len(set(kinds))
    rejected = [c for c in cases if not c.accepted]
    accepted = [c for c in cases if c.accepted]
    assert len(rejected) >= 150
    assert len(accepted) >= 5
    assert all(c.accepted or c.expect for c in cases)
    assert len([c for c in scenario_cases() if c.accepted]) == len(accepted)


UPLOADS = [
    ("gbk", "date,channel,spend,conversions,revenue\n2026-01-05,直通车,1,2,3\n".encode("gbk"), "GBK", 2),
    ("utf16", "date,channel,spend,conversions,revenue\n".encode("utf-16"), "UTF-16", None),
    ("nul", b"date,channel,spend,conversions,revenue\n\x00\x00", "NUL", 2),
    ("fields", b"date,channel,spend,conversions,revenue\n2026-01-05,A,1,2,3,4\n", "line 2 has 6 fields", 2),
    ("inf", b"date,channel,spend,conversions,revenue\n2026-01-05,A,inf,2,3\n", "infinite", 2),
    ("xlsx", b"PK\x03\x04" + bytes(200), "zip file", 1),
    ("empty", b"", "empty", None),
]


@pytest.mark.parametrize(("kind", "data", "fragment", "line"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_history_upload_is_refused_with_a_located_message(
    kind: str, data: bytes, fragment: str, line: int | None
) -> None:
    from planner import HistoryError
    from planner.data.io import read_history_upload

    with pytest.raises(HistoryError) as raised:
        read_history_upload(data, "upload.csv")
    problem = raised.value.problems[0]
    assert problem.file == "upload.csv"
    assert fragment in str(raised.value)
    assert problem.line == line


def test_history_upload_over_the_limit_is_refused_before_parsing() -> None:
    from planner import HistoryError
    from planner.data.io import MAX_UPLOAD_BYTES, read_history_upload

    with pytest.raises(HistoryError, match="split it by date"):
        read_history_upload(b"\x00" * (MAX_UPLOAD_BYTES + 1), "big.csv")


def test_did_you_mean_suggests_only_keys_valid_at_that_place() -> None:
    from planner.data.io import suggest_key

    assert suggest_key("name", ("channels", 0)) == "label"
    assert suggest_key("cost", ("channels", 0, "tranches", 0)) == "cost_per_conversion"
    assert suggest_key("name", ()) is None  # 'name' is itself valid at the top; never suggest the key typed
    assert suggest_key("limt", ("resources", "hours")) == "limit"
    assert suggest_key("at_leest", ("rules", 0, "limit")) == "at_least"
    assert suggest_key("per_measur", ("rules", 0, "ratio")) == "per_measure"
    assert suggest_key("per_measur", ("rules", 0, "limit")) != "per_measure"  # a limit rule has no per_measure


def test_kpi_yield_at_the_magnitude_limit_is_solved_or_refused(tmp_path: Path) -> None:
    demo = HOSTILE.parent.parent.parent / "scenarios" / "us_outdoor"
    shutil.copy(demo / "history.csv", tmp_path / "history.csv")
    shutil.copy(HOSTILE.parent / "hostile_solver" / "kpi_yield_1e15.yaml", tmp_path / "s.yaml")
    with contextlib.suppress(PlannerError):
        solve(load_scenario(tmp_path / "s.yaml"))
