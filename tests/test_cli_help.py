"""`planner --help` and every command's --help, in the reader's language, wrapped to the terminal.

The language is --lang's (before or after --help, before or after the command), else the one the command line
uses for its messages (PLANNER_LANG, then LC_ALL, LC_MESSAGES or LANG), as a user types it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import unicodedata

import pytest

from planner.cli import _parser, main
from tests.conftest import ROOT
from tests.test_cli_imports import commands
from tests.test_i18n import english_words

LANGUAGE_VARIABLES = ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

# What the help shows as typed in every language: the values it names (files, settings, tools, examples).
CODE_WORDS = {
    "planner", "COMMAND", "FILE-periods.csv", "FILE-periods-wide.csv", "PLANNER_LANG", "LANG", "Chromium",
    "Parquet", "Dask", "host:8786", "docs/scaling.md", "docs/templates.md", "docs/replanning.md",
    "docs/mmm-curves.md", "tmall", "jd", "pdd", "douyin", "amazon", "PyMC-Marketing", "Meridian", "Robyn",
    "revenue_per_conversion", "calendar", "actuals_from", "actuals", "history", "ISO", "CNY", "USD", "TXT",
    "JSON Schema", "batch-results", "channels.<id>.max_spend", "budget", "plan.html", "plan.pdf", "CRLF",
    ".html", ".png", ".svg", "2.5m", "*.yml", "PLANNER_NO_CACHE", "PLANNER_CACHE_DIR", "~/.cache/promo-planner",
}  # fmt: skip


@pytest.fixture(autouse=True)
def no_language_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps to the terminal's width


def help_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Return what `planner ARGS…` prints for --help (it exits 0 and prints nothing to standard error)."""
    assert main(list(args)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def typed_words(command: str | None) -> set[str]:
    """Return the words a command's help shows as typed: its options, metavars, argument names and choices."""
    parser = _parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parsers = [parser] if command is None else [parser, subparsers.choices[command]]
    words = set(CODE_WORDS) | set(subparsers.choices)
    for action in (action for each in parsers for action in each._actions):
        words |= set(action.option_strings) | {action.dest, action.dest.upper()}
        words |= {str(choice) for choice in action.choices or ()} if not isinstance(action.choices, dict) else set()
        if isinstance(action.metavar, str):
            words.add(action.metavar)
    return words


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in line)


@pytest.mark.parametrize("command", [None, *commands()])
def test_every_help_is_in_chinese_with_lang_zh(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    """The help, the usage line, the section titles and every option's text: nothing left in English."""
    head = [] if command is None else [command]
    text = help_of(capsys, *head, "--help", "--lang", "zh")
    assert text.startswith(f"用法：planner {command or ''}".rstrip())
    assert "\n选项：\n" in text
    assert "显示此帮助信息并退出" in text
    assert not english_words(text, typed_words(command)), english_words(text, typed_words(command))
    assert all(columns(line) <= 80 for line in text.splitlines()), [
        line for line in text.splitlines() if columns(line) > 80
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "zh", "--help"),
        ("--help", "--lang", "zh"),
        ("--lang=zh", "--help"),
        ("solve", "--lang", "zh", "--help"),
        ("solve", "--help", "--lang", "zh"),
        ("--lang", "zh", "solve", "--help"),
        ("solve", "--help", "--language=zh"),
    ],
)
def test_lang_before_or_after_help(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, *args)
    assert text.startswith("用法：planner")
    assert ("求解场景并打印方案" if "solve" in args else "根据场景文件生成最优的推广预算方案。") in text


def test_english_help_is_unchanged_in_its_words(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "--help")
    assert text.startswith("usage: planner [-h]")
    assert "\npositional arguments:\n" in text
    assert "\noptions:\n" in text
    assert "show this help message and exit" in text
    assert "solve a scenario and print the plan" in text
    solve = " ".join(help_of(capsys, "solve", "--help").split())
    assert "override the scenario's budget: 2500000, ¥2,500,000, 2.5m, 250万" in solve
    review = " ".join(help_of(capsys, "review", "--help", "--lang", "en").split())
    assert "flag a curve off by more than this (default 25%; 0.25 or 25%)" in review


@pytest.mark.parametrize(
    ("environment", "chinese"),
    [
        ({"LANG": "zh_CN.UTF-8"}, True),
        ({"PLANNER_LANG": "zh"}, True),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"PLANNER_LANG": "en", "LANG": "zh_CN.UTF-8"}, False),
        ({"LANG": "C.UTF-8"}, False),
    ],
)
def test_without_lang_the_help_speaks_the_messages_language(
    environment: dict[str, str], chinese: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    text = help_of(capsys, "validate", "--help")
    assert text.startswith("用法：planner validate" if chinese else "usage: planner validate")
    assert ("检查场景文件" if chinese else "check scenario files") in text


def test_the_installed_command_prints_chinese_help_from_the_environment() -> None:
    """As a user runs it: a fresh interpreter, the language from LANG, a mistake after it in the same language."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8", "COLUMNS": "80", "PYTHONPATH": str(ROOT)}
    shown = subprocess.run(
        [sys.executable, "-m", "planner.cli", "--help"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("用法：planner")
    assert "求解场景并打印方案" in shown.stdout
    mistake = subprocess.run(
        [sys.executable, "-m", "planner.cli", "solve"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert mistake.returncode == 2
    assert mistake.stderr.startswith("用法：planner solve")
    assert "错误：缺少：scenario" in mistake.stderr
