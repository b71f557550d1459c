"""The command line imports only what a command needs: `planner --help` and a mistyped option load no heavy library.

Each case runs the command in a fresh interpreter, as a user would, and reads the modules it loaded. Nothing is
timed: which packages are loaded decides the start-up time, and that does not depend on how busy the machine is.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import planner
from planner.cli import _parser
from tests.conftest import ROOT, SCENARIOS

BASELINE = SCENARIOS / "tmall_flagship" / "baseline.yaml"

# Run `planner ARGS…` as the installed script does (`from planner.cli import main`), then write the names of
# every loaded module to the file named first. The list is written even when main raises.
RUN_AND_LIST = """
import json, sys
listing, sys.argv = sys.argv[1], ["planner", *sys.argv[2:]]
try:
    from planner.cli import main
    code = main()
finally:
    with open(listing, "w", encoding="utf-8") as stream:
        json.dump(sorted(sys.modules), stream)
sys.exit(code)
"""

# The data, numeric, solver, chart, spreadsheet, app and cluster libraries: none is needed to parse arguments.
HEAVY = (
    "pandas", "numpy", "scipy", "pyarrow", "pulp", "highspy", "pydantic", "pydantic_core", "ruamel",
    "streamlit", "altair", "vl_convert", "openpyxl", "dask", "distributed", "tqdm",
)  # fmt: skip
NOT_FOR_VALIDATE = ("pulp", "highspy", "streamlit", "altair", "vl_convert", "openpyxl", "dask", "distributed")
NOT_FOR_SOLVE = ("streamlit", "altair", "vl_convert", "openpyxl", "dask", "distributed")


def run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Return the finished `planner ARGS…` and the top-level names of the packages it loaded."""
    listing = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, str(listing), *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert listing.exists(), result.stderr[-2000:]
    modules = json.loads(listing.read_text(encoding="utf-8"))
    return result, {name.split(".")[0] for name in modules} | set(modules)


def commands() -> list[str]:
    """Return every subcommand the parser knows, so a command added later is checked too."""
    subparsers = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(subparsers[0].choices)


def test_help_loads_no_heavy_library(tmp_path: Path) -> None:
    result, loaded = run(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert not any(name.startswith("planner.") and name.split(".")[1] in ("api", "optimize") for name in loaded)


@pytest.mark.parametrize("command", commands())
def test_every_commands_help_loads_no_heavy_library(tmp_path: Path, command: str) -> None:
    result, loaded = run(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: planner {command}")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("solve", "--no-such-option", str(BASELINE)), "unrecognized arguments: --no-such-option"),
        (("solve", str(BASELINE), "--budget", "lots"), "--budget: 'lots' is not an amount"),
        (("solve", str(BASELINE), "--format", "pdf"), "'pdf' is not one of the choices"),
        (("validate",), "missing: paths"),
        (("no-such-command",), "'no-such-command' is not one of the choices"),
        (("solve", str(BASELINE), "--budget", "很多", "--lang", "zh"), "很多"),
    ],
)
def test_a_mistyped_command_loads_no_heavy_library(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result, loaded = run(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_validate_fits_the_curves_without_the_solver_or_the_reports(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BASELINE.read_text(encoding="utf-8").replace("budget:", "budgett:", 1), encoding="utf-8")
    result, loaded = run(tmp_path, "validate", str(BASELINE), str(broken))
    assert result.returncode == 2
    assert f"ok: {BASELINE}" in result.stdout
    assert "budgett" in result.stderr
    assert "planner.curves.fitting" in loaded  # the history was read and the curves fitted: a real check
    assert loaded.isdisjoint(NOT_FOR_VALIDATE), sorted(loaded & set(NOT_FOR_VALIDATE))
    assert not any(name == "scipy" or name.startswith("scipy.") for name in loaded)  # the fit is NumPy's own


@pytest.mark.parametrize("output", [(), ("--format", "json"), ("--format", "csv")])
def test_solve_loads_no_chart_spreadsheet_or_app_library(tmp_path: Path, output: tuple[str, ...]) -> None:
    result, loaded = run(tmp_path, "solve", str(BASELINE), *output)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    if output == ("--format", "json"):
        assert json.loads(result.stdout)["status"]  # the plan came out whole
    assert "planner.optimize.solver" in loaded
    assert loaded.isdisjoint(NOT_FOR_SOLVE), sorted(loaded & set(NOT_FOR_SOLVE))
    assert "scipy" not in loaded  # SciPy only for event estimates (scipy.stats), which this demo has none of


def test_a_workbook_asked_for_loads_the_spreadsheet_library(tmp_path: Path) -> None:
    """The listing sees a library a command really needs (so the cases above are not passing by accident)."""
    workbook = tmp_path / "plan.xlsx"
    result, loaded = run(tmp_path, "solve", str(BASELINE), "--xlsx", str(workbook))
    assert result.returncode == 0, result.stderr
    assert workbook.stat().st_size > 0
    assert "openpyxl" in loaded
    assert loaded.isdisjoint({"streamlit", "altair", "dask"})


def test_python_m_planner_cli_help_imports_no_heavy_library() -> None:
    """The same through `python -m planner.cli`, read from the interpreter's own import log."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "planner.cli", "--help"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "planner.model.i18n" in imported  # the log is the one we think it is
    assert {name.split(".")[0] for name in imported}.isdisjoint(HEAVY)


def test_import_planner_is_lazy_and_every_public_name_resolves() -> None:
    code = (
        "import sys, planner; loaded = set(sys.modules); "
        "print(sorted(n for n in ('pandas', 'numpy', 'scipy', 'pulp', 'highspy', 'pydantic') if n in loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    for name in planner.__all__:
        value = getattr(planner, name)
        assert value is getattr(sys.modules[planner._SOURCES[name]], name)
    assert set(dir(planner)) >= set(planner.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        planner.nothing_here  # noqa: B018


def test_the_lazy_names_match_the_names_type_checkers_see() -> None:
    """The TYPE_CHECKING imports, `_SOURCES` and `__all__` of planner/__init__.py name the same things."""
    tree = ast.parse((ROOT / "planner" / "__init__.py").read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    seen = {
        alias.asname or alias.name: node.module
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen == planner._SOURCES
    assert sorted(planner.__all__) == sorted(seen)


@pytest.mark.parametrize(
    "args", [("validate", str(BASELINE)), ("solve", str(BASELINE)), ("solve", str(BASELINE), "--format", "json")]
)
def test_a_cache_hit_loads_no_heavy_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str]) -> None:
    """A command whose result is kept (planner/data/cache.py) reads its files and prints: no pandas, no SciPy."""
    monkeypatch.delenv("PLANNER_NO_CACHE", raising=False)
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    miss, worked = run(tmp_path, *args)
    hit, loaded = run(tmp_path, *args)
    assert miss.returncode == hit.returncode == 0, miss.stderr
    assert (hit.stdout, hit.stderr) == (miss.stdout, miss.stderr)
    assert "planner.curves.fitting" in worked  # the first run did the work
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    working = ("api", "optimize", "curves")
    assert not any(name.startswith("planner.") and name.split(".")[1] in working for name in loaded)
