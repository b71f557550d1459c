"""Histories as platforms give them: revenue without order counts, channels paused for all or part of the window.

The revenue-only store has two channels whose weekly revenue is exactly a·√spend (a = 400 and 200), so the
optimum is worked out by hand: at equal marginal ROAS a/(2√s), spend splits in the ratio a², 4 : 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from planner import solve
from planner.cli import main
from planner.curves.fitting import fit_response_curve
from planner.data.io import read_history, read_history_upload
from planner.insight.explain import explain_plan
from planner.insight.report import backtest_text
from planner.insight.trust import backtest_channels, outcome_range
from planner.model.errors import HistoryError
from planner.model.i18n import render
from tests.conftest import scenario
from tests.test_i18n import english_words

SCALE = {"a": 400.0, "b": 200.0}  # weekly revenue = scale × √(weekly spend)
RANGE = {"a": (4000.0, 12000.0), "b": (1000.0, 4000.0)}
WEEKS = 26


def _weeks(count: int = WEEKS) -> pd.DatetimeIndex:
    return pd.date_range("2026-01-05", periods=count, freq="W-MON")


def _write(path: Path, rows: list[dict[str, Any]], drop: tuple[str, ...] = ()) -> Path:
    pd.DataFrame(rows).drop(columns=list(drop)).to_csv(path, index=False)
    return path


def _revenue_rows(seed: int = 3) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    for name, scale in SCALE.items():
        for day, spend in zip(_weeks(), np.round(rng.uniform(*RANGE[name], WEEKS), 2), strict=True):
            revenue = scale * np.sqrt(spend)
            rows.append(
                {"date": f"{day:%Y-%m-%d}", "channel": name, "spend": spend, "conversions": 0, "revenue": revenue}
            )
    return rows


@pytest.fixture
def revenue_history(tmp_path: Path) -> Path:
    return _write(tmp_path / "history.csv", _revenue_rows())


def _store(history: Path, channels: list[dict[str, Any]] | None = None, **fields: Any):
    channels = channels or [{"id": "a"}, {"id": "b"}]
    return scenario(channels, history={"path": str(history)}, period_weeks=1, **fields)


def _spend(plan) -> dict[str, float]:
    return {row.channel: float(row.spend) for row in plan.allocation.itertuples()}


# --- revenue without order counts ----------------------------------------------------------------------------------


def test_revenue_only_store_splits_the_budget_at_equal_marginal_roas(revenue_history: Path) -> None:
    # Budget 10,000: s_a / s_b = (400/200)² = 4 → 8,000 and 2,000; revenue 400√8000 + 200√2000 = 44,721.36.
    plan = solve(_store(revenue_history, budget=10_000, objective="maximize revenue"))
    spend = _spend(plan)
    assert spend["a"] == pytest.approx(8000, rel=2e-3)
    assert spend["b"] == pytest.approx(2000, rel=5e-3)
    assert plan.totals["revenue"] == pytest.approx(44_721.36, rel=1e-4)
    assert set(plan.allocation["curve"]) == {"power"}
    assert plan.allocation["conversions"].sum() == 0  # no order value: said in a warning, not hidden
    keys = [w.key for w in plan.warnings if not isinstance(w, str)]
    assert keys.count("curves.revenue_only") == 2


def test_revenue_only_store_maximises_profit_where_margin_times_marginal_roas_is_one(revenue_history: Path) -> None:
    # Margin 0.5: 0.5 × a / (2√s) = 1 → √s = a / 4 → s_a = 10,000, s_b = 2,500 (the budget of 100,000 is not used).
    plan = solve(_store(revenue_history, budget=100_000, margin=0.5, objective="maximize profit"))
    spend = _spend(plan)
    assert spend["a"] == pytest.approx(10_000, rel=2e-3)
    assert spend["b"] == pytest.approx(2_500, rel=2e-3)
    assert plan.totals["revenue"] == pytest.approx(400 * 100 + 200 * 50, rel=1e-4)


def test_revenue_only_store_meets_a_roas_rule_by_hand(revenue_history: Path) -> None:
    # At equal marginal ROAS s_i = a_i² t: revenue 200,000 √t, spend 200,000 t, ROAS 1/√t ≥ 5 → t ≤ 1/25:
    # spend 8,000 (6,400 and 1,600) and revenue 40,000, though the budget allows 20,000.
    rule = {"kind": "min_roas", "name": "ROAS 5", "value": 5}
    plan = solve(_store(revenue_history, budget=20_000, objective="maximize revenue", rules=[rule]))
    spend = _spend(plan)
    assert spend["a"] == pytest.approx(6_400, rel=2e-3)
    assert spend["b"] == pytest.approx(1_600, rel=5e-3)
    assert plan.totals["revenue"] == pytest.approx(40_000, rel=1e-4)


def test_an_order_value_turns_revenue_into_orders(revenue_history: Path) -> None:
    channels = [{"id": "a", "revenue_per_conversion": 100}, {"id": "b", "revenue_per_conversion": 100}]
    plan = solve(_store(revenue_history, channels, budget=10_000))  # maximize conversions, the default
    spend = _spend(plan)
    assert spend["a"] == pytest.approx(8000, rel=2e-3)  # the same order value: the same split as for revenue
    assert plan.totals["conversions"] == pytest.approx(447.2136, rel=1e-4)
    keys = [w.key for w in plan.warnings if not isinstance(w, str)]
    assert keys.count("curves.revenue_only_estimated") == 2


@pytest.mark.parametrize(
    ("fields", "needs_en", "needs_zh"),
    [
        ({}, "the objective counts conversions", "而优化目标需要计算转化"),
        (
            {"objective": "maximize revenue", "rules": [{"kind": "max_cpa", "name": "CPA 50", "value": 50}]},
            "rule 1 (CPA 50) counts conversions",
            "而第 1 条规则（CPA 50）需要计算转化",
        ),
    ],
)
def test_conversions_from_a_revenue_only_history_are_refused_plainly(
    revenue_history: Path, fields: dict[str, Any], needs_en: str, needs_zh: str
) -> None:
    with pytest.raises(HistoryError) as caught:
        solve(_store(revenue_history, budget=10_000, **fields))
    problems = caught.value.problems
    assert [p.field for p in problems] == [
        f"channels -> {i} ({c}) -> revenue_per_conversion" for i, c in enumerate("ab")
    ]
    english, chinese = render(problems[0].text, "en"), render(problems[0].text, "zh")
    assert "has revenue but no orders" in english
    assert needs_en in english
    assert "maximize revenue (or profit) instead, or give revenue_per_conversion" in english
    assert str(revenue_history) in english
    assert "有销售额但没有订单数" in chinese
    assert needs_zh in chinese
    assert english_words(chinese, [str(revenue_history), "revenue_per_conversion", "CPA"]) == []


def test_cli_points_at_the_channel_line_without_a_traceback(
    revenue_history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store.yaml"
    path.write_text(
        f"name: store\nhistory:\n  path: {revenue_history}\nperiod_weeks: 1\nbudget: 10000\n"
        "channels:\n  - id: a\n  - id: b\n",
        encoding="utf-8",
    )
    assert main(["solve", str(path), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:7" in err
    assert f"{path}:8" in err
    assert "有销售额但没有订单数" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("layout", ["no column", "blank column"])
def test_a_history_without_order_counts_reads_as_zero_orders(tmp_path: Path, layout: str) -> None:
    rows = _revenue_rows()
    if layout == "blank column":
        rows = [{**row, "conversions": ""} for row in rows]
    path = _write(tmp_path / "history.csv", rows, drop=("conversions",) if layout == "no column" else ())
    frame = read_history(path)
    assert (frame["conversions"] == 0).all()
    assert frame["revenue"].sum() > 0
    plan = solve(_store(path, budget=10_000, objective="maximize revenue"))
    assert _spend(plan)["a"] == pytest.approx(8000, rel=2e-3)


def test_a_partly_blank_order_column_is_still_a_mistake(tmp_path: Path) -> None:
    rows = _revenue_rows()
    rows[3] = {**rows[3], "conversions": ""}
    with pytest.raises(HistoryError) as caught:
        read_history(_write(tmp_path / "history.csv", rows))
    assert [(p.field, p.line) for p in caught.value.problems] == [("conversions", 5)]


def test_revenue_only_plan_explains_ranges_and_backtests(revenue_history: Path) -> None:
    s = _store(revenue_history, budget=10_000, objective="maximize revenue")
    plan = solve(s)
    assert explain_plan(plan)
    spread = outcome_range(plan, draws=40)
    assert spread.revenue[0] <= plan.totals["revenue"] * 1.001 <= spread.revenue[2] * 1.002
    assert spread.conversions == (0.0, 0.0, 0.0)
    table = backtest_channels(s)
    assert list(table["measure"]) == ["revenue", "revenue"]
    assert (table["plan_mape"] < 1e-3).all()  # exact √ data: the plan's curve predicts later revenue exactly
    text = backtest_text(table, "zh")
    assert "幂函数，按销售额" in text


# --- paused channels -----------------------------------------------------------------------------------------------


def _with_paused(rows: list[dict[str, Any]], revenue_only: bool) -> list[dict[str, Any]]:
    """Add channel c: no spend in any week, yet some organic orders and revenue."""
    organic = [{"conversions": 0 if revenue_only else 3, "revenue": 250.0} for _ in range(WEEKS)]
    return rows + [
        {"date": f"{day:%Y-%m-%d}", "channel": "c", "spend": 0, **extra}
        for day, extra in zip(_weeks(), organic, strict=True)
    ]


@pytest.mark.parametrize("revenue_only", [True, False])
def test_a_paused_channel_is_a_warning_planned_at_zero(tmp_path: Path, revenue_only: bool) -> None:
    path = _write(tmp_path / "history.csv", _with_paused(_revenue_rows(), revenue_only))
    channels = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    s = _store(path, channels, budget=10_000, objective="maximize revenue")
    plan = solve(s)
    spend = _spend(plan)
    assert spend["c"] == 0
    assert spend["a"] == pytest.approx(8000, rel=2e-3)
    paused = [w for w in plan.warnings if not isinstance(w, str) and w.key.startswith("curves.paused")]
    assert len(paused) == 1
    english, chinese = render(paused[0], "en"), render(paused[0], "zh")
    assert english.startswith("c: no spend in the history window")
    assert ("¥6,500 of revenue" if revenue_only else "78 conversions") in english
    # What to give: a rate in the channel's own measure (a revenue-only channel's is a ROAS).
    key = "roas" if revenue_only else "cost_per_conversion"
    assert f"give {key} (response: constant)" in english
    assert english_words(chinese, [key, "response: constant"]) == []
    assert explain_plan(plan)
    assert outcome_range(plan, draws=20).draws == 20
    table = backtest_channels(s).set_index("channel")
    assert table.loc["c", "weeks_test"] == 0
    assert table.loc["c", "weeks_off"] == WEEKS - round(0.75 * WEEKS)
    assert "c: 6 tested weeks without spend" in backtest_text(table.reset_index(), "en")


def test_the_apps_data_path_takes_a_paused_revenue_only_history(tmp_path: Path) -> None:
    """Upload → a new scenario from its channels → plan → curve chart data: what the app's files and plan tabs do."""
    from planner.editing.templates import new_scenario_text
    from planner.insight.charts import curve_chart, curve_points, plan_history, weekly_points

    path = _write(tmp_path / "history.csv", _with_paused(_revenue_rows(), revenue_only=True))
    frame = read_history_upload(path.read_bytes(), "history.csv")
    (tmp_path / "store.yaml").write_text(
        new_scenario_text("store", "CNY", sorted(frame["channel"].unique()), "history.csv"), encoding="utf-8"
    )
    from planner.data.io import load_scenario

    s = load_scenario(tmp_path / "store.yaml")
    s = s.model_copy(update={"objective": _store(path, objective="maximize revenue").objective})
    plan = solve(s)
    assert _spend(plan)["c"] == 0
    for channel in ("a", "c"):
        points = curve_points(plan, channel, plan_history(plan))
        assert np.isfinite(points["conversions"]).all()
    # Channel a's chart is drawn in revenue, the measure its curve gives: its weeks lie on 400·√spend.
    seen = weekly_points(plan, "a", plan_history(plan))
    assert np.allclose(seen["conversions"], 400 * np.sqrt(seen["spend"]))
    chart = json.dumps(curve_chart(plan, "a", "zh", plan_history(plan)).to_dict(), ensure_ascii=False)
    assert "销售额" in chart


def test_a_channel_paused_for_its_last_weeks_is_fitted_on_the_weeks_it_ran(tmp_path: Path) -> None:
    rows = _revenue_rows()
    # Channel a switched off for its last 5 weeks, still selling ¥900 a week from earlier advertising.
    last = {f"{day:%Y-%m-%d}" for day in _weeks()[-5:]}
    rows = [{**r, "spend": 0.0, "revenue": 900.0} if r["channel"] == "a" and r["date"] in last else r for r in rows]
    path = _write(tmp_path / "history.csv", rows)
    s = _store(path, budget=10_000, objective="maximize revenue")
    plan = solve(s)
    tail = [w for w in plan.warnings if not isinstance(w, str) and w.key == "curves.paused_tail"]
    assert [render(w, "en") for w in tail] == [
        "a: no spend in its last 5 weeks of history (switched off), so those weeks are left out of its curve; "
        "the ¥4,500 of revenue they still recorded is carry-over or organic"
    ]
    assert english_words(render(tail[0], "zh")) == []
    # Left out, the carry-over cannot bend the curve: the exact √ law and the hand optimum survive.
    assert _spend(plan)["a"] == pytest.approx(8000, rel=2e-3)
    a = plan.responses.by_id()["a"].curve if plan.responses else None
    assert a is not None
    assert a.paused_weeks == 5
    assert a.curve.params["b"] == pytest.approx(0.5, abs=1e-3)
    # Included, each of those weeks would add a 100% miss to every form's cross-validated error (5 of 26 weeks),
    # blurring the comparison between forms; left out, the exact √ law is recovered with no error at all.
    spend = np.array([r["spend"] for r in rows if r["channel"] == "a"])
    revenue = np.array([r["revenue"] for r in rows if r["channel"] == "a"])
    assert fit_response_curve(spend, revenue, forms=("power",)).candidates["power"] == pytest.approx(5 / 26, abs=1e-6)
    assert fit_response_curve(spend[:-5], revenue[:-5], forms=("power",)).candidates["power"] < 1e-9
    scores = {row["channel"]: row for row in backtest_channels(s).to_dict("records")}
    assert scores["a"]["weeks_off"] == 5
    assert scores["a"]["weeks_test"] == WEEKS - round(0.75 * WEEKS) - 5
    assert scores["a"]["plan_mape"] < 1e-3  # the carry-over weeks no longer inflate the error


# --- fits that say when they are unsure --------------------------------------------------------------------------


def _power_law_store(tmp_path: Path, forms: list[str]) -> Path:
    """One channel whose weekly conversions are 5·√spend, in a scenario file that fits only the given forms."""
    spend = np.round(np.random.default_rng(1).uniform(1000, 20000, WEEKS), 2)
    rows = [
        {"date": f"{day:%Y-%m-%d}", "channel": "search", "spend": x, "conversions": 5 * np.sqrt(x), "revenue": 0.0}
        for day, x in zip(_weeks(), spend, strict=True)
    ]
    _write(tmp_path / "history.csv", rows)
    path = tmp_path / "store.yaml"
    path.write_text(
        "name: store\nhistory:\n  path: history.csv\nperiod_weeks: 1\nbudget: 15000\n"
        f"curves:\n  forms: [{', '.join(forms)}]\nchannels:\n  - id: search\n    label: 搜索\n",
        encoding="utf-8",
    )
    return path


def test_a_curve_at_the_edge_of_its_search_range_is_a_plan_warning_and_shows_in_the_backtest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.data.io import load_scenario

    path = _power_law_store(tmp_path, ["hill"])
    plan = solve(load_scenario(path))
    edges = [w for w in plan.warnings if not isinstance(w, str) and w.key == "curves.edge"]
    assert len(edges) == 1
    english = render(edges[0], "en")
    assert english.startswith("搜索: the fitted curve's half-saturation spend ended at the edge of its search range")
    assert "keeps rising beyond what the history shows" in english
    assert "rests on extrapolation" in english
    assert english_words(render(edges[0], "zh"), ["搜索"]) == []
    assert main(["backtest", str(path)]) == 0
    assert "搜索: the fitted curve's half-saturation spend ended at the edge" in capsys.readouterr().out
    assert main(["backtest", str(path), "--lang", "zh"]) == 0
    assert "拟合曲线的半饱和花费停在搜索范围的边界" in capsys.readouterr().out


def test_a_curve_inside_its_search_range_is_not_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.data.io import load_scenario

    path = _power_law_store(tmp_path, ["power"])
    plan = solve(load_scenario(path))
    assert plan.allocation["curve"].tolist() == ["power"]
    assert not [w for w in plan.warnings if not isinstance(w, str) and w.key == "curves.edge"]
    assert main(["backtest", str(path)]) == 0
    assert "edge of its search range" not in capsys.readouterr().out


def test_a_constant_response_on_a_revenue_only_history_plans_at_its_historical_roas(revenue_history: Path) -> None:
    # Constant ROAS: every ¥ goes to the channel with the higher historical ROAS, up to the budget.
    frame = read_history(revenue_history)
    totals = frame.groupby("channel")[["spend", "revenue"]].sum()
    roas = totals["revenue"] / totals["spend"]
    channels = [{"id": "a", "response": "constant"}, {"id": "b", "response": "constant"}]
    plan = solve(_store(revenue_history, channels, budget=10_000, objective="maximize revenue"))
    best = str(roas.idxmax())
    assert _spend(plan)[best] == pytest.approx(10_000)
    assert plan.totals["revenue"] == pytest.approx(10_000 * roas.max(), rel=1e-9)


def test_a_paused_revenue_only_channel_does_not_block_a_conversions_objective(tmp_path: Path) -> None:
    rows = [{**row, "conversions": row["revenue"] / 100} for row in _revenue_rows()]  # a and b with orders
    path = _write(tmp_path / "history.csv", _with_paused(rows, revenue_only=True))
    plan = solve(_store(path, [{"id": "a"}, {"id": "b"}, {"id": "c"}], budget=10_000))  # maximize conversions
    assert _spend(plan)["c"] == 0
    assert plan.totals["conversions"] == pytest.approx(447.2136, rel=1e-4)


def test_the_app_plans_a_revenue_only_store_with_a_paused_channel(folder: Path) -> None:
    from tests.app_helpers import open_app

    store = folder / "revenue_store"
    store.mkdir()
    _write(store / "history.csv", _with_paused(_revenue_rows(), revenue_only=True))
    (store / "store.yaml").write_text(
        "name: revenue store\nhistory:\n  path: history.csv\nperiod_weeks: 1\nbudget: 10000\n"
        "objective: maximize revenue\nchannels:\n  - id: a\n  - id: b\n  - id: c\n",
        encoding="utf-8",
    )
    at = open_app(store / "store.yaml")
    assert not at.error, [e.value for e in at.error]
    shown = "\n".join(m.value for m in at.markdown)
    assert "c: no spend in the history window (its ¥6,500 of revenue came without spend)" in shown
    assert "fitted on revenue (spend → revenue)" in shown
