"""A plan with whole-number or on/off decisions states its gap in every output (issue 12)."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from planner import solve
from planner.data.io import load_scenario, to_json
from planner.insight.exports import allocation_sheet, plan_to_csv
from planner.insight.report import plan_text
from planner.insight.share import plan_report_html
from planner.model.errors import PlannerError
from planner.model.i18n import Share, render
from tests.app_helpers import open_app
from tests.conftest import ROOT

DEMO = ROOT / "scenarios" / "tmall_flagship" / "q4_economics.yaml"


@pytest.fixture(scope="module")
def plan():
    return solve(load_scenario(DEMO))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_gap_is_in_the_text_the_notes_the_sheet_and_the_report(plan, language: str) -> None:
    assert plan.is_mip
    assert 0 <= plan.mip_gap <= 0.001  # the scenario's solver.gap: 0.1%
    gap = render(Share(plan.mip_gap), language)
    assert gap in plan_text(plan, language).splitlines()[1]  # the line under the title
    assert gap in plan.explain(language)  # the notes, with where the prices come from
    assert any(gap in line for line in allocation_sheet(plan, language).heading)
    assert gap in plan_report_html(plan, language)


def test_the_gap_is_in_the_json_and_the_csv(plan) -> None:
    document = json.loads(to_json(plan.to_dict()))
    assert document["solver"]["mip"] is True
    assert document["solver"]["mip_gap"] == pytest.approx(plan.mip_gap, abs=1e-6)  # six decimals
    table = pd.read_csv(io.StringIO(plan_to_csv(plan)))
    assert table["mip_gap"].tolist() == pytest.approx([plan.mip_gap] * len(table), abs=1e-6)


def test_an_lp_plan_has_no_gap_column_and_no_note() -> None:
    lp = solve(load_scenario(ROOT / "scenarios" / "tmall_flagship" / "baseline.yaml"))
    assert not lp.is_mip
    assert "mip_gap" not in lp.allocation.columns
    assert "mixed-integer" not in lp.explain("en")


def test_the_app_shows_the_gap_under_the_headline_figures(plan) -> None:
    at = open_app(DEMO)
    gap = render(Share(plan.mip_gap), "en")
    captions = [c.value for c in at.caption]
    assert any("MILP" in c and "gap" in c for c in captions), captions
    assert any(gap in c for c in captions) or not math.isfinite(plan.mip_gap), captions


def test_a_time_limit_returns_the_best_plan_found_or_says_what_to_raise(tmp_path: Path) -> None:
    """Stopped after 0.05 s, the solve returns its best plan with its gap and a note naming solver: time_limit,
    or (nothing found yet) an error saying to allow more time; never a plan that claims to be optimal.
    """
    text = (
        DEMO.read_text(encoding="utf-8").replace("time_limit: 30", "time_limit: 0.05").replace("gap: 0.1%", "gap: 0%")
    )
    path = tmp_path / DEMO.name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "history.csv").write_bytes((DEMO.parent / "history.csv").read_bytes())
    try:
        plan, message = solve(load_scenario(path)), ""
    except PlannerError as error:
        plan, message = None, str(error)
    if plan is None:
        assert "time limit" in message
    elif plan.status == "best_found":
        assert plan.mip_gap > 0
        assert "solver: time_limit" in plan.explain("en")
        assert "时间限制" in plan_text(plan, "zh")
    else:  # solved to optimality within the limit (a fast machine)
        assert plan.status == "optimal"
