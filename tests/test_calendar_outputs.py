"""A calendar plan's outputs: the chart, totals per period and per event, worked by hand on three weeks."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from planner import solve
from planner.insight.charts import calendar_chart
from tests.conftest import scenario

# Three weeks from 2026-11-02; Double 11 is the week of 2026-11-09, where a converts twice as well.
# a: its first ¥300 over the calendar (¥100 a week) at ¥10 per conversion, then ¥40; in the event week
# ¥5, then ¥20. b: ¥25 throughout. Budget ¥1,000.
# Every week buys a's cheap ¥100 (10, 20, 10 conversions = 40); the other ¥700 goes where a yuan buys most:
# a's dear tranche in the event week (1/20 = 0.05 a yuan) beats b (0.04) and a's ordinary dear tranche
# (0.025): ¥700 there, 35 conversions. Plan: week 1 ¥100, week 2 ¥800, week 3 ¥100; 75 conversions.
CHANNELS: list[dict[str, Any]] = [
    {
        "id": "a",
        "label": "直通车",
        "tranches": [{"up_to": 300, "cost_per_conversion": 10}, {"cost_per_conversion": 40}],
    },
    {"id": "b", "cost_per_conversion": 25},
]
EVENT = {"name": "Double 11", "periods": ["2026-11-09"], "multipliers": [{"channels": ["a"], "efficiency": 2}]}
CALENDAR: dict[str, Any] = {"start": "2026-11-02", "weeks": 3, "events": [EVENT]}
WEEKS = ["2026-11-02", "2026-11-09", "2026-11-16"]


@pytest.fixture(scope="module")
def plan() -> Any:
    return solve(scenario(CHANNELS, budget=1000, calendar=CALENDAR))


def layers(chart: Any) -> list[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Return each layer of a vertically concatenated chart as (mark, its data, its encoding)."""
    spec = chart.to_dict()
    datasets = spec.get("datasets", {})
    found = []
    for view in spec["vconcat"]:
        for layer in view.get("layer", [view]):
            mark = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
            # Data shared by every view sits on the whole chart; a lone layer's on its view.
            source = layer.get("data", view.get("data", spec.get("data")))
            data = pd.DataFrame(datasets[source["name"]]) if source else pd.DataFrame()
            found.append((mark, data, layer.get("encoding", {})))
    return found


def test_the_plan_by_hand(plan: Any) -> None:
    spend = plan.periods.pivot(index="channel", columns="period", values="spend")
    assert spend.loc["a", WEEKS].tolist() == pytest.approx([100, 800, 100])
    assert spend.loc["b", WEEKS].tolist() == pytest.approx([0, 0, 0], abs=1e-6)
    assert plan.totals["conversions"] == pytest.approx(75)


def test_calendar_chart_stacks_spend_by_period_and_shades_the_event(plan: Any) -> None:
    chart = calendar_chart(plan, "zh")
    assert chart is not None
    drawn = layers(chart)
    bars = next(data for mark, data, _ in drawn if mark == "bar")
    by_period = bars.groupby("period")["spend"].sum()
    assert by_period[WEEKS].tolist() == pytest.approx([100, 800, 100])
    cells = {(row["period"], row["channel"]): row for row in bars.to_dict("records")}
    cell = cells["2026-11-09", "直通车"]
    assert cell["spend_shown"] == "¥800"
    assert cell["events"] == "Double 11"
    assert cells["2026-11-02", "直通车"]["events"] == "无"
    assert cell["dates"] == "2026-11-09 至 2026-11-15"
    # The event's week is shaded in the bars and outlined in the heat map, and named once.
    shaded = [data for mark, data, _ in drawn if mark == "rect" and "names" in data]
    assert [d["period"].tolist() for d in shaded] == [["2026-11-09"]] * 2
    names = next(data for mark, data, _ in drawn if mark == "text")
    assert names["names"].tolist() == ["Double 11"]
    encoding = next(enc for mark, _, enc in drawn if mark == "bar")
    assert encoding["x"]["title"] == "周期"
    assert encoding["x"]["sort"] == WEEKS
    assert encoding["y"]["axis"]["title"] == "花费（CNY）"
    assert "¥" in encoding["y"]["axis"]["labelExpr"]
    assert encoding["color"]["title"] == "渠道"
    heat = next(enc for mark, data, enc in drawn if mark == "rect" and "names" not in data)
    assert heat["color"]["field"] == "spend"
    assert heat["y"]["sort"] == ["直通车", "b"]
    spec = chart.to_dict()
    assert spec["title"] == "test：各周期花费"


def test_calendar_chart_is_none_without_a_calendar() -> None:
    assert calendar_chart(solve(scenario(CHANNELS, budget=1000)), "en") is None


def test_calendar_chart_without_events_shades_nothing() -> None:
    plain = solve(scenario(CHANNELS, budget=1000, calendar={"start": "2026-11-02", "weeks": 3}))
    chart = calendar_chart(plain, "en")
    assert chart is not None
    drawn = layers(chart)
    assert not [mark for mark, data, _ in drawn if mark == "text"]
    bars = next(data for mark, data, _ in drawn if mark == "bar")
    # No event: a's cheap ¥300 spread evenly, then b (¥25) beats a's ¥40: ¥700 spread evenly by length.
    assert bars.groupby("period")["spend"].sum()[WEEKS].tolist() == pytest.approx([1000 / 3] * 3)
    assert set(bars["events"]) == {"none"}
