"""The calendar's worked example in docs/scenario-format.md holds: the figures worked by hand there are the plan's.

The example's file is `examples/calendar/three_weeks.yaml`; its YAML and the CLI output quoted in the docs are
compared with the file and with what `planner solve` prints, so the page cannot drift from the product.
"""

from __future__ import annotations

import re

import pytest

from planner import load_scenario, solve
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "calendar" / "three_weeks.yaml"
DOC = ROOT / "docs" / "scenario-format.md"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### Worked example: three weeks around 11.11")
    return text[start : text.index("\n## ", start)]


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", _section(), flags=re.S)


def test_the_worked_example_is_optimal_as_worked_by_hand() -> None:
    plan = solve(load_scenario(EXAMPLE))
    # 1,000 + 500 (search in the 11.11 week at ¥10 then ¥20) + 1,000 (search in weeks 1 and 3 at ¥20)
    # + 400 (live in week 1 at ¥25) + 160 (¥5,000 of live in week 3 at ¥25 / 0.8 = ¥31.25)
    assert plan.objective_value == pytest.approx(3060, rel=1e-9)
    assert plan.periods is not None
    spend = {(row.period, row.channel): row.spend for row in plan.periods.itertuples()}
    expected = {
        ("2026-11-02", "search"): 10_000, ("2026-11-02", "live"): 10_000,
        ("2026-11-09", "search"): 20_000, ("2026-11-09", "live"): 0,
        ("2026-11-16", "search"): 10_000, ("2026-11-16", "live"): 5_000,
    }  # fmt: skip
    assert spend == pytest.approx(expected, abs=1e-6)
    rules = plan.rules.set_index("rule")
    # the next yuan buys live in week 3: 1 / 31.25; one more in the festival week buys live there at ¥25
    # instead of in week 3: 1/25 − 1/31.25
    assert rules.loc["budget", "shadow_price"] == pytest.approx(1 / 31.25, rel=1e-9)
    assert rules.loc["festival week cap", "shadow_price"] == pytest.approx(1 / 25 - 1 / 31.25, rel=1e-9)


def test_the_docs_quote_the_example_file_and_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    assert _blocks("yaml")[-1] == EXAMPLE.read_text(encoding="utf-8")
    main(["solve", str(EXAMPLE)])
    printed = capsys.readouterr().out
    quoted = _blocks("text")[0]
    assert quoted in printed, "re-run `planner solve examples/calendar/three_weeks.yaml` and quote its tables"
