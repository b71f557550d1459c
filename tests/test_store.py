"""Store rows in the history: the channels' claims against the store's own totals, and plans held against both."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import HistoryError, Plan, load_scenario, read_history, solve, summarise_history
from planner.data.store import is_store
from planner.editing.differences import input_differences
from planner.model.i18n import Text, render

MONDAY = date(2026, 1, 5)
HEADER = "date,channel,spend,conversions,revenue"


def history_lines(
    store: Sequence[tuple[float, float]] | None = None,
    channels: dict[str, tuple[float, float, float]] | None = None,
    weeks: int = 8,
    store_name: str = "store",
) -> str:
    """Return a weekly history: each channel the same spend, conversions and revenue every week; the store's rows."""
    channels = channels if channels is not None else {"A": (1000, 100, 10000), "B": (2000, 100, 8000)}
    lines = [HEADER]
    for week in range(weeks):
        day = MONDAY + timedelta(weeks=week)
        lines += [f"{day},{name},{spend},{conv},{rev}" for name, (spend, conv, rev) in channels.items()]
        if store is not None:
            conversions, revenue = store[week % len(store)]
            lines.append(f"{day},{store_name},,{conversions},{revenue}")
    return "\n".join(lines) + "\n"


# The store alternates 120 and 130 orders, ¥13,000 and ¥14,000: 1,000 orders and ¥108,000 over 8 weeks, while
# the channels claim 8 × 200 = 1,600 conversions and 8 × ¥18,000 = ¥144,000: factors 0.625 and 0.75.
STORE = [(120, 13000), (130, 14000)]


def write_scenario(folder: Path, history: str, claims: str = "warn", budget: float = 24000, channels: str = "") -> Path:
    (folder / "history.csv").write_text(history, encoding="utf-8")
    channels = channels or "  - {id: A, response: constant, max_spend: 16000}\n  - {id: B, response: constant}\n"
    path = folder / "scenario.yaml"
    path.write_text(
        f"name: store check\nhistory: {{path: history.csv, claims: {claims}}}\nbudget: {budget}\nchannels:\n{channels}",
        encoding="utf-8",
    )
    return path


def keys(plan: Plan) -> list[str]:
    return [w.key for w in plan.warnings if isinstance(w, Text) and w.key.startswith("store.")]


def store_warning(plan: Plan, key: str) -> Text:
    (found,) = [w for w in plan.warnings if isinstance(w, Text) and w.key == key]
    return found


# Store rows are not a channel.


@pytest.mark.parametrize("name", ["store", "全店", "店铺", " Store "])
def test_store_rows_are_set_apart_never_a_channel_nor_an_unused_one(tmp_path: Path, name: str) -> None:
    path = tmp_path / "history.csv"
    path.write_text(history_lines(STORE, store_name=name), encoding="utf-8")
    history = summarise_history(read_history(path), known_channels={"A", "B"})
    assert sorted(history.statistics.index) == ["A", "B"]
    assert not history.warnings  # no "matches no scenario channel"
    assert history.weeks == pytest.approx(8)
    assert history.store is not None
    assert history.store.weekly["conversions"].tolist() == [120, 130] * 4
    assert history.store.best_week("revenue") == (MONDAY + timedelta(weeks=1), 14000)


def test_a_store_row_with_spend_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(f"{HEADER}\n2026-01-05,A,100,4,600\n2026-01-05,全店,50,10,900\n", encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    (problem,) = caught.value.problems
    assert (problem.field, problem.line, problem.file) == ("spend", 3, str(path))
    assert "leave its spend empty or 0" in render(problem.text)


def test_two_store_rows_on_one_date_under_different_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(f"{HEADER}\n2026-01-05,A,100,4,600\n2026-01-05,全店,,10,900\n2026-01-05,store,0,10,900\n")
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    (problem,) = caught.value.problems
    assert render(problem.text) == "store on 2026-01-05 appears more than once (lines 3, 4); merge them into one row"


def test_store_names_are_trimmed_and_compared_ignoring_case() -> None:
    assert is_store(pd.Series(["store", "STORE", " 全店", "店铺", "storefront", "直通车"])).tolist() == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


# The claims check.


def test_claims_above_the_store_in_total_are_a_warning_with_figures_and_a_finding(tmp_path: Path) -> None:
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(STORE))))
    revenue = store_warning(plan, "store.claims_exceed.revenue")
    assert render(revenue) == (
        "the channels claim ¥144,000 of revenue over 8 weeks; the store sold ¥108,000: the platforms count some "
        "sales twice (set claims: scale_to_store under history: to scale the claims down to the store's total)"
    )
    assert render(revenue, "zh").startswith("各渠道在 8 周内声称带来 ¥144,000 的销售额；全店只卖出 ¥108,000")
    orders = store_warning(plan, "store.claims_exceed.conversions")
    assert "claim 1,600 conversions over 8 weeks; the store had 1,000 orders" in render(orders)
    findings = [f for f in plan.explanation if f.subject == "store"]
    assert any("¥144,000 of revenue over 8 weeks" in f.en for f in findings)
    assert any("全店只卖出 ¥108,000" in f.zh for f in findings)
    assert plan.to_dict()["warnings"] == [render(w) for w in plan.warnings]


def test_claims_above_the_store_in_many_weeks_but_not_in_total_are_a_warning(tmp_path: Path) -> None:
    # 200 orders claimed a week; the store had 150 and 260 in turn: 1,640 ≥ 1,600 in total, but 4 of 8 weeks over.
    store = [(150, 30000), (260, 30000)]
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(store))))
    assert keys(plan) == ["store.claims_exceed_weeks.conversions"]
    assert render(plan.warnings[-1]).startswith(
        "in 4 of 8 weeks the channels claim more conversions than the store had orders "
        "(week of 2026-01-05: 200 claimed, 150 orders)"
    )


def test_claims_within_the_store_in_all_but_one_week_say_nothing(tmp_path: Path) -> None:
    store = [(150, 30000), *[(260, 30000)] * 7]  # one week over: timing, not a pattern
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(store), budget=8000)))
    assert keys(plan) == []


def test_claims_count_every_channel_of_the_history_not_only_the_planned_ones(tmp_path: Path) -> None:
    # C is not in the scenario, but its 100 claimed orders a week count against the store's 250.
    history = history_lines([(250, 30000)], {"A": (1000, 100, 10000), "B": (2000, 100, 8000), "C": (10, 100, 10)})
    path = tmp_path / "history.csv"
    path.write_text(history, encoding="utf-8")
    summary = summarise_history(read_history(path), known_channels={"A", "B"})
    assert summary.store is not None
    claims = summary.store.claims_of("conversions")
    assert claims is not None
    assert (claims.claimed, claims.sold, claims.weeks_over) == (2400, 2000, 8)


# Scaling the claims down to the store's total.


def test_scaling_changes_cpa_roas_and_the_plan_by_exactly_the_factors(tmp_path: Path) -> None:
    """A: ¥1,000 → 100 orders, ¥10,000 a week (CPA 10, ROAS 10); B: ¥2,000 → 100, ¥8,000 (CPA 20, ROAS 4).

    Scaled by 1,000 / 1,600 = 0.625 (orders) and 108,000 / 144,000 = 0.75 (revenue): CPA 16 and 32, ROAS 7.5
    and 3. The budget of ¥24,000 fills A to its cap of ¥16,000 (1,600 orders → 1,000) and gives B ¥8,000
    (400 → 250): 2,000 orders become 1,250; revenue ¥160,000 + ¥32,000 = ¥192,000 becomes ¥144,000.
    """
    (tmp_path / "warn").mkdir()
    (tmp_path / "scale").mkdir()
    plain = solve(load_scenario(write_scenario(tmp_path / "warn", history_lines(STORE))))
    scaled = solve(load_scenario(write_scenario(tmp_path / "scale", history_lines(STORE), "scale_to_store")))
    assert plain.allocation["spend"].tolist() == scaled.allocation["spend"].tolist() == [16000, 8000]
    assert plain.allocation["cpa"].tolist() == pytest.approx([10, 20])
    assert scaled.allocation["cpa"].tolist() == pytest.approx([16, 32])
    assert scaled.allocation["roas"].tolist() == pytest.approx([7.5, 3])
    assert (plain.totals["conversions"], plain.totals["revenue"]) == pytest.approx((2000, 192000))
    assert (scaled.totals["conversions"], scaled.totals["revenue"]) == pytest.approx((1250, 144000))
    stated = store_warning(scaled, "store.claims_scaled.conversions")
    assert render(stated) == (
        "the channels' conversions were scaled by 0.625 to the store's total (1,000 orders over 8 weeks) before fitting"
    )
    assert render(store_warning(scaled, "store.claims_scaled.revenue")).startswith(
        "the channels' revenue was scaled by 0.75 to the store's total (¥108,000 over 8 weeks)"
    )
    assert "scale_to_store under history" not in render(store_warning(scaled, "store.claims_exceed.revenue"))
    assert any("scaled by 0.625" in f.en and f.subject == "store" for f in scaled.explanation)
    assert any("按 0.625 缩小到全店的总数" in f.zh for f in scaled.explanation)


def test_scaling_a_fitted_curve_scales_the_plan_by_the_factor(tmp_path: Path) -> None:
    """The fit is equivariant in scale: the same spend split, conversions × 0.625, revenue × 0.75."""
    lines = [HEADER]
    for week in range(12):
        day = MONDAY + timedelta(weeks=week)
        spend_a, spend_b = 600 + 150 * week, 2400 - 120 * week
        lines.append(f"{day},A,{spend_a},{round(8 * spend_a**0.6)},{round(800 * spend_a**0.6)}")
        lines.append(f"{day},B,{spend_b},{round(5 * spend_b**0.7)},{round(300 * spend_b**0.7)}")
        claimed_orders = round(8 * spend_a**0.6) + round(5 * spend_b**0.7)
        claimed_revenue = round(800 * spend_a**0.6) + round(300 * spend_b**0.7)
        lines.append(f"{day},store,0,{claimed_orders * 0.625},{claimed_revenue * 0.75}")
    history = "\n".join(lines) + "\n"
    channels = "  - {id: A}\n  - {id: B}\n"
    (tmp_path / "warn").mkdir()
    (tmp_path / "scale").mkdir()
    plain = solve(load_scenario(write_scenario(tmp_path / "warn", history, budget=30000, channels=channels)))
    scaled = solve(
        load_scenario(write_scenario(tmp_path / "scale", history, "scale_to_store", budget=30000, channels=channels))
    )
    assert plain.allocation["yield_source"].tolist() == scaled.allocation["yield_source"].tolist() == ["fitted"] * 2
    assert scaled.allocation["spend"].tolist() == pytest.approx(plain.allocation["spend"].tolist(), rel=1e-6)
    assert scaled.totals["conversions"] == pytest.approx(0.625 * plain.totals["conversions"], rel=1e-6)
    assert scaled.totals["revenue"] == pytest.approx(0.75 * plain.totals["revenue"], rel=1e-6)


def test_scaling_without_store_rows_is_an_error_at_the_setting(tmp_path: Path) -> None:
    with pytest.raises(HistoryError) as caught:
        solve(load_scenario(write_scenario(tmp_path, history_lines(None), "scale_to_store")))
    (problem,) = caught.value.problems
    assert problem.field == "history -> claims"
    assert "claims: scale_to_store needs the store's own rows" in render(problem.text)
    assert "需要历史数据范围内有全店的行" in render(problem.text, "zh")


def test_scaling_claims_that_do_not_exceed_the_store_scales_nothing_and_says_so(tmp_path: Path) -> None:
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines([(300, 30000)]), "scale_to_store", 8000)))
    assert keys(plan) == ["store.nothing_to_scale"]
    assert "(¥144,000 of ¥240,000): nothing was scaled" in render(plan.warnings[-1])
    assert plan.totals["conversions"] == pytest.approx(800)  # ¥8,000 on A at its unscaled CPA of 10


@settings(max_examples=40, deadline=None)
@given(
    claims=st.lists(
        st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(0, 50_000), st.integers(0, 50_000)),
        min_size=2,
        max_size=10,
    ),
    store=st.lists(st.tuples(st.integers(1, 600), st.integers(1, 60_000)), min_size=2, max_size=10),
)
def test_scaled_claims_never_exceed_the_store_and_meet_it_when_they_did(
    claims: list[tuple[int, int, int, int]], store: list[tuple[int, int]]
) -> None:
    """Invariant: after scale_to_store the channels claim min(what they claimed, what the store sold)."""
    weeks = min(len(claims), len(store))
    rows = []
    for week in range(weeks):
        day = pd.Timestamp(MONDAY + timedelta(weeks=week))
        a_orders, b_orders, a_revenue, b_revenue = claims[week]
        rows += [
            (day, "A", 100.0, float(a_orders), float(a_revenue)),
            (day, "B", 200.0, float(b_orders), float(b_revenue)),
            (day, "全店", 0.0, float(store[week][0]), float(store[week][1])),
        ]
    frame = pd.DataFrame(rows, columns=["date", "channel", "spend", "conversions", "revenue"])
    frame.insert(0, "line", range(2, len(frame) + 2))
    history = summarise_history(frame, known_channels={"A", "B"}, claims="scale_to_store")
    for measure in ("conversions", "revenue"):
        claimed = float(frame.loc[frame["channel"] != "全店", measure].sum())
        sold = float(frame.loc[frame["channel"] == "全店", measure].sum())
        after = float(history.statistics[measure].sum())
        assert after == pytest.approx(min(claimed, sold), rel=1e-9, abs=1e-9)
        assert history.store is not None
        assert 0 < history.store.factor(measure) <= 1


# A plan that predicts more than the store ever sold.


def test_a_plan_above_the_stores_best_week_is_a_warning_with_figures(tmp_path: Path) -> None:
    # 2,000 orders over 8 weeks = 250 a week; the store's best week had 130: 1.92×.
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(STORE))))
    orders = store_warning(plan, "store.plan_above_store.conversions")
    assert render(orders) == (
        "the plan predicts 250 conversions a week from media alone, 1.92× the store's best week (130 orders, week "
        "of 2026-01-12). Likely causes: the platforms' claims count some sales twice, or the curves are "
        "extrapolated beyond the spend history has seen"
    )
    assert "¥24,000 of revenue a week from media alone, 1.71× the store's best week (¥14,000" in render(
        store_warning(plan, "store.plan_above_store.revenue")
    )
    assert "全店最好一周（2026-01-12 那一周，130 个订单）的 1.92 倍" in render(orders, "zh")


def test_a_plan_within_the_stores_best_week_says_nothing_of_it(tmp_path: Path) -> None:
    # ¥8,000 over 8 weeks all on A at CPA 10: 100 orders and ¥10,000 a week, under the store's 130 and ¥14,000.
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(STORE), budget=8000)))
    assert not [k for k in keys(plan) if k.startswith("store.plan_above")]


def test_without_store_rows_a_plan_far_above_the_best_claimed_week_is_a_warning(tmp_path: Path) -> None:
    # The channels claimed 200 orders and ¥18,000 every week. ¥40,000 over 8 weeks, all on A (CPA 10, no cap):
    # 500 orders a week, 2.5× the best claimed week, and ¥50,000 (2.78×): both over the 1.5× margin.
    channels = "  - {id: A, response: constant}\n  - {id: B, response: constant}\n"
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(None), budget=40000, channels=channels)))
    assert keys(plan) == ["store.plan_above_claims.conversions", "store.plan_above_claims.revenue"]
    assert render(plan.warnings[-2]).startswith(
        "the plan predicts 500 conversions a week, 2.50× the most the channels ever claimed in a week "
        "(200, week of 2026-01-05; more than 1.50× is implausible)"
    )


def test_a_measure_the_store_leaves_at_zero_is_held_against_the_claims(tmp_path: Path) -> None:
    # The store's rows give revenue only: orders are not compared with the store; the plan's 500 orders a week
    # are held against the 200 the channels claimed (2.5×), its ¥50,000 against the store's best ¥14,000.
    channels = "  - {id: A, response: constant}\n  - {id: B, response: constant}\n"
    history = history_lines([(0, 13000), (0, 14000)])
    plan = solve(load_scenario(write_scenario(tmp_path, history, budget=40000, channels=channels)))
    assert keys(plan) == [
        "store.claims_exceed.revenue",
        "store.plan_above_claims.conversions",
        "store.plan_above_store.revenue",
    ]


def test_without_store_rows_a_plan_within_the_margin_says_nothing(tmp_path: Path) -> None:
    # 2,000 orders over 8 weeks: 250 a week, 1.25× the best claimed week (under 1.5×); ¥24,000 is 1.33×.
    plan = solve(load_scenario(write_scenario(tmp_path, history_lines(None))))
    assert keys(plan) == []


# Only the store's totals.


@pytest.mark.parametrize(
    "channels",
    [{"A": (1000, 0, 0), "B": (2000, 0, 0)}, {}],
    ids=["channels with spend only", "no channel rows at all"],
)
def test_only_store_totals_is_one_clear_error_pointing_to_platform_results_or_mmm_curves(
    tmp_path: Path, channels: dict[str, tuple[float, float, float]]
) -> None:
    path = write_scenario(tmp_path, history_lines(STORE, channels))
    with pytest.raises(HistoryError) as caught:
        solve(load_scenario(path))
    (problem,) = caught.value.problems
    assert problem.field == "conversions"
    assert problem.file == str(tmp_path / "history.csv")
    english, chinese = render(problem.text), render(problem.text, "zh")
    assert "the channels record only spend" in english
    assert "per-channel results from the platforms" in english
    assert "docs/mmm-curves.md" in english
    assert "docs/mmm-curves.md" in chinese
    assert "营销组合模型" in chinese


def test_two_scenarios_that_treat_claims_differently_say_so_in_words(tmp_path: Path) -> None:
    first = load_scenario(write_scenario(tmp_path, history_lines(STORE)))
    second = first.vary(history={"path": "history.csv", "claims": "scale_to_store"})
    (difference,) = input_differences(first, second)
    assert [render(part) for part in (difference.what, difference.first, difference.second)] == [
        "channels' claims above the store's total",
        "warn only",
        "scaled to the store's total",
    ]
    assert render(difference.second, "zh") == "按比例缩小到全店的总数"
