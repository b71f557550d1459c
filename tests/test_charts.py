"""The charts: what each layer shows, in both languages, and chart files that need no network."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import planner
from planner.data.rendering import write_chart
from planner.insight.charts import allocation_chart, curve_chart, frontier_chart, plan_history
from planner.model.errors import PlannerError
from tests.conftest import SCENARIOS

TMALL = SCENARIOS / "tmall_flagship" / "baseline.yaml"


@pytest.fixture(scope="module")
def tmall() -> planner.Plan:
    return planner.solve(planner.load_scenario(TMALL))


@pytest.fixture(scope="module")
def tmall_frontier() -> planner.Frontier:
    return planner.frontier(planner.load_scenario(TMALL), points=21)


def layers(chart: Any) -> list[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Return each layer of a chart's Vega-Lite spec as (mark, its data, its encoding)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    found = []
    for layer in spec.get("layer", [spec]):
        mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        data = pd.DataFrame(datasets[layer["data"]["name"]]) if "data" in layer else pd.DataFrame()
        found.append((mark, data, layer.get("encoding", {})))
    return found


def test_frontier_starts_at_zero_marks_infeasible_budgets_today_and_the_plan(tmall, tmall_frontier) -> None:
    chart = frontier_chart(tmall_frontier, "zh", tmall)
    drawn = layers(chart)
    table = tmall_frontier.table
    line = next(data for mark, data, _ in drawn if mark == "line")
    crosses = next(data for mark, data, _ in drawn if mark == "point" and set(data["series"]) == {"无满足规则的方案"})
    # Every budget of the sweep is on the chart: feasible ones on the line, the others marked at zero.
    assert len(line) == int(table["feasible"].sum())
    assert len(crosses) == int((~table["feasible"]).sum()) > 0  # ¥0 cannot meet the floors
    assert crosses["budget"].min() == 0.0
    assert all(crosses["objective"] == 0.0)
    x = drawn[0][2]["x"]
    assert x["scale"]["zero"] is True
    assert x["axis"]["title"] == "预算（CNY）"
    assert "¥" in x["axis"]["labelExpr"]
    assert drawn[0][2]["y"]["axis"]["title"] == "最优转化"
    texts = [data for mark, data, _ in drawn if mark == "text"]
    assert texts[0]["text"].tolist() == ["当前预算 ¥2,200,000"]
    assert texts[0]["budget"].tolist() == [2_200_000.0]
    rules = [data for mark, data, _ in drawn if mark == "rule"]
    assert rules[0]["budget"].tolist() == [2_200_000.0]
    # Today's budget sits mid-chart (the sweep runs to twice it), not on the left edge.
    assert rules[0]["budget"].iloc[0] == pytest.approx(table["budget"].max() / 2)
    own = next(data for mark, data, _ in drawn if mark == "point" and set(data["series"]) == {"本方案"})
    assert own["objective"].iloc[0] == pytest.approx(tmall.objective_value)
    assert own["objective_shown"].iloc[0] == f"{tmall.objective_value:,.0f}"
    legend = drawn[0][2]["color"]
    assert legend["title"] == "图例"
    assert legend["scale"]["domain"] == ["该预算下的最优方案", "无满足规则的方案", "本方案"]


def test_curve_shows_every_historical_week_and_the_planned_week(tmall) -> None:
    history = pd.read_csv(SCENARIOS / "tmall_flagship" / "history.csv", parse_dates=["date"])
    weeks = history[
        (history["channel"] == "直通车") & (history["date"] >= "2026-07-06") & (history["date"] <= "2026-09-28")
    ]
    assert len(weeks) == 13  # one row a week in the scenario's window
    chart = curve_chart(tmall, "through_train", "en", plan_history(tmall))
    drawn = layers(chart)
    seen = next(data for mark, data, _ in drawn if mark == "circle")
    assert sorted(seen["spend"].round(2)) == sorted(weeks["spend"].round(2))
    assert sorted(seen["conversions"]) == sorted(weeks["conversions"].astype(float))
    assert set(seen["series"]) == {"Past weeks"}
    assert "Week of 2026-07-06" in set(seen["when"])
    planned = next(data for mark, data, _ in drawn if mark == "point")
    row = tmall.allocation.set_index("channel").loc["through_train"]
    assert planned["spend"].iloc[0] == pytest.approx(row["spend"] / 13)
    assert planned["conversions"].iloc[0] == pytest.approx(row["conversions"] / 13)
    encoding = drawn[0][2]
    assert encoding["color"]["title"] == "Series"  # never the column name "line"
    assert encoding["x"]["axis"]["title"] == "Spend per week (CNY)"
    assert encoding["y"]["axis"]["title"] == "Conversions per week"
    # The curve the plan uses passes through the planned week (it is what the LP solved on).
    model = next(data for mark, data, enc in drawn if mark == "line" and set(data["series"]) == {"Plan's curve"})
    at = model.iloc[(model["spend"] - planned["spend"].iloc[0]).abs().argsort()[:2]]
    assert at["conversions"].min() <= planned["conversions"].iloc[0] * 1.02
    assert at["conversions"].max() >= planned["conversions"].iloc[0] * 0.98


def test_allocation_chart_bars_are_the_plan_and_history(tmall) -> None:
    (mark, data, encoding), *_ = layers(allocation_chart(tmall, "zh"))
    assert mark == "bar"
    planned = data[data["series"] == "方案"].set_index("channel")["value"]
    history = data[data["series"] == "历史数据"].set_index("channel")["value"]
    allocation = tmall.allocation.set_index("label")
    assert planned.to_dict() == pytest.approx(allocation["spend"].to_dict())
    assert history.to_dict() == pytest.approx(allocation["historical_spend"].to_dict())
    assert data.set_index(["channel", "series"]).loc[("钻石展位", "方案"), "shown"] == "¥352,957"
    assert encoding["x"]["axis"]["title"] == "花费（CNY）"


def test_chart_files_open_without_a_network(tmp_path: Path, tmall, tmall_frontier) -> None:
    chart = frontier_chart(tmall_frontier, "en", tmall)
    page = tmp_path / "f.html"
    write_chart(chart, page)
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text)  # every library inline
    assert not re.search(r"""(src|href)=["']?https?://""", text)
    assert "vegaEmbed" in text
    assert "Today's budget ¥2,200,000" in text
    write_chart(chart, tmp_path / "f.svg")
    svg = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "Today's budget ¥2,200,000" in svg
    write_chart(chart, tmp_path / "f.png")
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(PlannerError, match=r"\.html, \.png, \.svg"):
        write_chart(chart, tmp_path / "f.jpg")
    assert not (tmp_path / "f.jpg").exists()


def test_frontier_chart_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    chart = tmp_path / "frontier.svg"
    assert main(["frontier", str(TMALL), "--points", "9", "--chart", str(chart)]) == 0
    assert "Today's budget ¥2,200,000" in chart.read_text(encoding="utf-8")
    assert main(["frontier", str(TMALL), "--chart", str(tmp_path / "frontier.gif")]) == 2
    assert "a chart is written as .html, .png, .svg" in capsys.readouterr().err


def test_a_plan_without_history_or_weeks_draws_its_curves_over_the_whole_plan(three_channels) -> None:
    """A: ¥10 per conversion capped at ¥600, B ¥20, C ¥50 (left out), ¥1,000: no history, no period in weeks."""
    plan = planner.solve(three_channels)
    assert plan.period_weeks is None
    drawn = layers(curve_chart(plan, "c", "zh"))
    assert not any(mark == "circle" and not data.empty for mark, data, _ in drawn)  # no weeks to show
    encoding = drawn[1][2]
    assert encoding["color"]["scale"]["domain"] == ["方案所用曲线", "方案"]
    assert encoding["x"]["axis"]["title"] == "花费（CNY）"
    assert encoding["y"]["axis"]["title"] == "转化"
    model = next(data for mark, data, _ in drawn if mark == "line" and not data.empty)
    # C gets nothing, so its curve is drawn over the range A is planned in (¥600), at ¥50 per conversion.
    assert model["spend"].max() == pytest.approx(600)
    assert model["conversions"].max() == pytest.approx(12)
    (_, bars, encoding), *_ = layers(allocation_chart(plan, "en"))
    assert set(bars["series"]) == {"Plan"}
    assert encoding["color"]["scale"]["domain"] == ["Plan"]  # no "History" in the legend when there is none


def test_the_worth_of_budget_is_quoted_per_a_step_that_fits_the_budget() -> None:
    from planner.insight.explain import nice_step

    assert nice_step(2_200_000) == 10_000
    assert nice_step(200_000) == 10_000
    assert nice_step(1_000) == 50  # 5% of ¥1,000
    assert nice_step(30_000) == 2_000  # 5% is 1,500: the next round 1-2-5 amount
    assert nice_step(7) == 1
    assert nice_step(100_000_000) == 10_000
    assert nice_step(1e12) == 1e8  # 0.01% of a very large budget
    assert nice_step(3e8) == 50_000


def test_today_is_the_plans_budget_when_the_frontier_was_swept_around_another(tmall) -> None:
    """The app sweeps one frontier around a power of two and re-uses it while the budget moves."""
    swept = planner.frontier(tmall.scenario.with_budget(2_097_152), points=9)
    drawn = layers(frontier_chart(swept, "en", tmall))
    rule = next(data for mark, data, _ in drawn if mark == "rule")
    text = next(data for mark, data, _ in drawn if mark == "text")
    assert rule["budget"].tolist() == [2_200_000.0]
    assert text["text"].tolist() == ["Today's budget ¥2,200,000"]
    own = next(data for mark, data, _ in drawn if mark == "point" and set(data["series"]) == {"This plan"})
    assert own["budget"].tolist() == [2_200_000.0]


@pytest.mark.parametrize(("language", "title"), [("en", "Plan against history"), ("zh", "方案与历史数据对比")])
def test_a_chart_page_is_titled_as_its_chart_in_its_language(tmp_path: Path, language: str, title: str) -> None:
    """A browser tab shows the chart's own title, not "Chart" whatever the language."""
    plan = planner.solve(planner.load_scenario("scenarios/tmall_flagship/baseline.yaml"))
    path = tmp_path / "chart.html"
    write_chart(allocation_chart(plan, language), path)
    assert f"<title>{title}</title>" in path.read_text(encoding="utf-8")


def test_a_title_with_markup_is_escaped_in_the_page(tmp_path: Path) -> None:
    """A scenario named with < and & (its name is in the chart's title) does not break the page's head."""
    import altair as alt

    from planner.data.rendering import spec_title

    assert spec_title({"vconcat": [{"title": {"text": ["a", "<b>"]}}]}) == "a <b>"
    assert spec_title({"layer": [{"mark": "bar"}]}) == ""
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").properties(title="Q4 <b> & 双11")
    path = tmp_path / "named.html"
    write_chart(chart, path)
    assert "<title>Q4 &lt;b&gt; &amp; 双11</title>" in path.read_text(encoding="utf-8")
