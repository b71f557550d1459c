"""Hand-checked optima, one for every kind of rule. Each docstring shows the working on paper."""

from __future__ import annotations

from typing import Any

import pytest

from planner import InfeasibleError, Scenario, UnboundedError, solve
from tests.conftest import scenario


def spend(plan, channel: str) -> float:
    return float(plan.allocation.set_index("channel").loc[channel, "spend"])


def shadow(plan, rule: str, sense: str | None = None) -> float:
    rows = plan.rules[plan.rules["rule"] == rule]
    if sense is not None:
        rows = rows[rows["sense"] == sense]
    assert len(rows) == 1
    return float(rows["shadow_price"].iloc[0])


def test_budget_at_most_fills_cheapest_channels_first(three_channels: Scenario) -> None:
    """A is cheapest (0.1 conv/¥) up to its cap 600; the other 400 go to B (0.05): 60 + 20 = 80.

    The next yuan goes to B, so the budget's shadow price is 0.05 conversions per yuan;
    A's cap is worth 0.1 - 0.05 = 0.05 per yuan; C (0.02) is left at zero with reduced cost 0.02 - 0.05.
    """
    plan = solve(three_channels)
    assert plan.status == "optimal"
    assert plan.objective_value == pytest.approx(80)
    assert (spend(plan, "a"), spend(plan, "b"), spend(plan, "c")) == pytest.approx((600, 400, 0))
    assert shadow(plan, "budget") == pytest.approx(0.05)
    rows = plan.allocation.set_index("channel")
    assert rows.loc["a", "at_bound"] == "cap"
    assert rows.loc["a", "reduced_cost"] == pytest.approx(0.05)
    assert rows.loc["c", "at_bound"] == "zero"
    assert rows.loc["c", "reduced_cost"] == pytest.approx(-0.03)
    assert plan.totals["spend"] == pytest.approx(1000)
    assert plan.totals["cpa"] == pytest.approx(12.5)


def test_budget_exactly_must_be_spent_even_at_a_loss() -> None:
    """Maximise profit with margin 0.8: A returns ¥1.5 per ¥ (profit 0.8 × 1.5 - 1 = +0.2/¥), B ¥1 (-0.2/¥).

    At most ¥1,000 with A capped at 600: spend 600 on A only, profit 120.
    Exactly ¥1,000: the other 400 must go to B, profit 120 - 80 = 40; the budget's shadow price is -0.2.
    """
    channels = [
        {"id": "a", "cost_per_conversion": 10, "roas": 1.5, "max_spend": 600},
        {"id": "b", "cost_per_conversion": 10, "roas": 1.0},
    ]
    at_most = solve(scenario(channels, budget=1000, margin=0.8, objective="maximize profit"))
    assert at_most.objective_value == pytest.approx(120)
    assert spend(at_most, "b") == pytest.approx(0)
    assert shadow(at_most, "budget") == pytest.approx(0)
    exactly = solve(
        scenario(channels, budget={"amount": 1000, "exactly": True}, margin=0.8, objective="maximize profit")
    )
    assert exactly.objective_value == pytest.approx(40)
    assert spend(exactly, "b") == pytest.approx(400)
    assert shadow(exactly, "budget") == pytest.approx(-0.2)
    assert exactly.totals["profit"] == pytest.approx(40)


def test_channel_floor_and_cap_and_excluded(three_channels: Scenario) -> None:
    """Force C to ¥100 and exclude B: A 600 (cap), C 100 (floor) + the rest 300 to C: 60 + 8 = 68.

    The next yuan buys 0.02 (C), so the budget is worth 0.02; C's floor is not binding.
    """
    channels = [c.model_copy() for c in three_channels.channels]
    channels[1] = channels[1].model_copy(update={"excluded": True})
    channels[2] = channels[2].model_copy(update={"min_spend": 100.0})
    plan = solve(three_channels.model_copy(update={"channels": tuple(channels)}))
    assert (spend(plan, "a"), spend(plan, "b"), spend(plan, "c")) == pytest.approx((600, 0, 400))
    assert plan.objective_value == pytest.approx(68)
    assert shadow(plan, "budget") == pytest.approx(0.02)
    assert plan.allocation.set_index("channel").loc["b", "at_bound"] == "excluded"


def test_group_floor_limit_rule_costs_what_it_displaces(three_channels: Scenario) -> None:
    """Live (C) at least ¥200: A 600, C 200, B 200 → 60 + 10 + 4 = 74.

    Each extra yuan of the floor moves a yuan from B (0.05) to C (0.02): shadow price -0.03.
    """
    rules = [{"kind": "limit", "name": "live floor", "group": "live", "at_least": 200}]
    plan = solve(three_channels.model_copy(update={"rules": _rules(rules)}))
    assert plan.objective_value == pytest.approx(74)
    assert spend(plan, "c") == pytest.approx(200)
    assert shadow(plan, "live floor") == pytest.approx(-0.03)


def test_share_rule_at_least_a_fraction_of_spend(three_channels: Scenario) -> None:
    """Live at least 30% of spend: C = 300, A 600, B 100 → 60 + 5 + 6 = 71.

    Raising the share by 0.01 moves ¥10 (0.01 × total spend 1000) from B to C: -0.3 per 0.01,
    i.e. -30 per unit of the fraction.
    """
    rules = [{"kind": "share", "name": "live share", "group": "live", "at_least": "30%"}]
    plan = solve(three_channels.model_copy(update={"rules": _rules(rules)}))
    assert plan.objective_value == pytest.approx(71)
    assert spend(plan, "c") == pytest.approx(300)
    assert shadow(plan, "live share") == pytest.approx(-30)
    assert plan.rules.set_index("rule").loc["live share", "value"] == pytest.approx(0.30)


def test_ratio_rule_affiliates_at_most_half_of_search() -> None:
    """Affiliate (¥5/conv) at most 0.5 × search (¥10/conv), budget ¥900.

    Best: affiliate = 0.5 × search and affiliate + search = 900 → search 600, affiliate 300:
    60 + 60 = 120. Raising the ratio k: search = 900/(1+k), affiliate = 900k/(1+k),
    objective = 90(1+2k)/(1+k); d/dk at k=0.5 = 90/(1.5²) = 40.
    """
    plan = solve(
        scenario(
            [
                {"id": "search", "cost_per_conversion": 10, "groups": ["search"]},
                {"id": "taoke", "cost_per_conversion": 5, "groups": ["affiliate"]},
            ],
            budget=900,
            rules=[
                {"kind": "ratio", "name": "taoke cap", "group": "affiliate", "per": {"group": "search"}, "at_most": 0.5}
            ],
        )
    )
    assert plan.objective_value == pytest.approx(120)
    assert (spend(plan, "search"), spend(plan, "taoke")) == pytest.approx((600, 300))
    assert shadow(plan, "taoke cap") == pytest.approx(40)


def _radio_and_tv(radio_max: float, tv_max: float | None = None):
    """Textbook media plan: TV ad ¥2,000 reaching 10,000; radio ad ¥400 reaching 3,000; ≥ 2 radio ads per TV ad."""
    tv_units: dict = {"name": "ad", "cost": 2000, **({"max": tv_max} if tv_max is not None else {})}
    return solve(
        scenario(
            [
                {"id": "tv", "units": tv_units, "kpis": {"reach": 10000}, "groups": ["tv"]},
                {
                    "id": "radio",
                    "units": {"name": "ad", "cost": 400, "max": radio_max},
                    "kpis": {"reach": 3000},
                    "groups": ["radio"],
                },
            ],
            budget=20000,
            kpis={"reach": "people reached"},
            objective="maximize reach",
            rules=[
                {
                    "kind": "ratio",
                    "name": "2 radio per TV",
                    "measure": "units",
                    "group": "radio",
                    "per": {"group": "tv"},
                    "at_least": 2,
                }
            ],
        )
    )


def test_units_and_unit_ratio_textbook_radio_and_tv() -> None:
    """Budget ¥20,000, at most 10 TV ads and 30 radio ads, at least 2 radio ads per TV ad; maximise reach.

    Per yuan radio reaches 7.5, TV 5, so radio goes to its 30-ad cap (¥12,000, 90,000 reach);
    the remaining ¥8,000 buys 4 TV ads (40,000), and 30 ≥ 2 × 4 holds: reach 130,000.
    """
    plan = _radio_and_tv(radio_max=30, tv_max=10)
    rows = plan.allocation.set_index("channel")
    assert plan.objective_value == pytest.approx(130_000)
    assert rows.loc["radio", "units"] == pytest.approx(30)
    assert rows.loc["tv", "units"] == pytest.approx(4)
    assert rows.loc["radio", "at_bound"] == "cap"
    assert shadow(plan, "budget") == pytest.approx(5)  # the next yuan buys TV reach


def test_unit_ratio_binds_when_radio_is_scarce() -> None:
    """Same, but radio capped at 6 ads: TV ≤ radio/2 = 3 ads. Spend 6×400 + 3×2000 = ¥8,400 < budget.

    Reach 18,000 + 30,000 = 48,000; the budget does not bind (shadow 0), the ratio does.
    """
    plan = _radio_and_tv(radio_max=6)
    assert plan.objective_value == pytest.approx(48_000)
    assert shadow(plan, "budget") == pytest.approx(0)
    assert plan.rules.set_index("rule").loc["2 radio per TV", "binding"]


def test_tranches_fill_in_order_with_diminishing_returns() -> None:
    """Through train: first ¥1,000 at ¥10/conv, next ¥1,000 at ¥20, beyond at ¥40; feed flat ¥25.

    Budget ¥2,500: 1000/10 + 1000/20 = 150 from the first two tranches, then feed (0.04/¥)
    beats tranche 3 (0.025/¥): 500/25 = 20. Total 170; the next yuan buys 0.04.
    """
    plan = solve(
        scenario(
            [
                {
                    "id": "tt",
                    "tranches": [
                        {"up_to": 1000, "cost_per_conversion": 10},
                        {"up_to": 2000, "cost_per_conversion": 20},
                        {"cost_per_conversion": 40},
                    ],
                },
                {"id": "feed", "cost_per_conversion": 25},
            ],
            budget=2500,
        )
    )
    assert plan.objective_value == pytest.approx(170)
    assert (spend(plan, "tt"), spend(plan, "feed")) == pytest.approx((2000, 500))
    assert shadow(plan, "budget") == pytest.approx(0.04)
    assert not plan.is_mip


def test_increasing_returns_tranches_are_solved_exactly_as_a_milp() -> None:
    """A minimum buy-in: live's first ¥1,000 buys at ¥50/conv, beyond that ¥5/conv (increasing returns).

    Budget ¥1,500 against search at ¥10/conv. An LP would fill the cheap second tranche first;
    the true curve must pass through the first. Options: all search = 150; live 1,500 = 20 + 100 = 120;
    so search wins at 150. With ¥3,000: live = 20 + 400 = 420 > search 300, so live takes all.
    """
    channels: list[dict[str, Any]] = [
        {"id": "live", "tranches": [{"up_to": 1000, "cost_per_conversion": 50}, {"cost_per_conversion": 5}]},
        {"id": "search", "cost_per_conversion": 10},
    ]
    small = solve(scenario(channels, budget=1500))
    assert small.objective_value == pytest.approx(150)
    assert spend(small, "search") == pytest.approx(1500)
    assert small.is_mip
    large = solve(scenario(channels, budget=3000))
    assert large.objective_value == pytest.approx(420)
    assert spend(large, "live") == pytest.approx(3000)


def test_units_tranches_are_counted_in_units() -> None:
    """Live sessions at ¥1,000: the first 2 sessions bring 40 conversions each (¥25), the next ones 10 (¥100).

    Budget ¥5,000 against nothing else: 2 × 40 + 3 × 10 = 110.
    """
    plan = solve(
        scenario(
            [
                {
                    "id": "live",
                    "units": {"name": "session", "cost": 1000},
                    "tranches": [{"up_to": 2, "cost_per_conversion": 25}, {"cost_per_conversion": 100}],
                }
            ],
            budget=5000,
        )
    )
    assert plan.objective_value == pytest.approx(110)
    assert plan.allocation["units"].iloc[0] == pytest.approx(5)


def test_resource_limit_on_planning_hours() -> None:
    """A (¥10/conv) needs 0.01 planning hours per yuan, B (¥20/conv) none; 5 hours available.

    A is limited to 500 yuan by hours: 50 + (1000 - 500)/20 = 75. One more hour = 100 more yuan
    moved from B to A: 100 × (0.1 - 0.05) = 5 conversions per hour.
    """
    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10, "resource_use": {"hours": 0.01}},
                {"id": "b", "cost_per_conversion": 20},
            ],
            budget=1000,
            resources={"hours": {"limit": 5, "label": "planning hours"}},
        )
    )
    assert plan.objective_value == pytest.approx(75)
    assert shadow(plan, "planning hours") == pytest.approx(5)
    assert plan.totals["hours"] == pytest.approx(5)


def test_max_cpa_target() -> None:
    """Maximise revenue. A: ¥10/conv, AOV ¥30 (ROAS 3); B: ¥40/conv, AOV ¥200 (ROAS 5). Budget ¥1,000.

    Unconstrained all goes to B: revenue 5,000, CPA 40. Target CPA ≤ ¥20: a + b ≤ 20 (a/10 + b/40)
    = 2a + b/2 ⇔ a ≥ b/2; with a + b = 1000 → a = 333.33, b = 666.67: revenue 1,000 + 3,333.33 = 4,333.33.
    """
    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10, "revenue_per_conversion": 30},
                {"id": "b", "cost_per_conversion": 40, "revenue_per_conversion": 200},
            ],
            budget=1000,
            objective="maximize revenue",
            rules=[{"kind": "max_cpa", "name": "target CPA", "value": 20}],
        )
    )
    assert plan.objective_value == pytest.approx(4333.3333)
    assert spend(plan, "a") == pytest.approx(333.3333)
    assert plan.totals["cpa"] == pytest.approx(20)


def test_min_roas_target_and_its_shadow_price() -> None:
    """Maximise conversions. A: ¥10/conv at ROAS 2; B: ¥20/conv at ROAS 6. Budget ¥1,000, ROAS ≥ 4.

    2a + 6b ≥ 4(a + b) ⇔ b ≥ a; with a + b = 1000: a = b = 500 → 50 + 25 = 75.
    As a function of the target r: a = 1000(6-r)/4, b = 1000(r-2)/4;
    conversions = 100(6-r)/4 ... derivative = -25 + 12.5 = -12.5 per unit of ROAS.
    """
    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10, "roas": 2},
                {"id": "b", "cost_per_conversion": 20, "roas": 6},
            ],
            budget=1000,
            rules=[{"kind": "min_roas", "name": "ROAS 4", "value": 4}],
        )
    )
    assert plan.objective_value == pytest.approx(75)
    assert plan.totals["roas"] == pytest.approx(4)
    assert shadow(plan, "ROAS 4") == pytest.approx(-12.5)


def test_minimise_spend_subject_to_kpi_targets() -> None:
    """Minimise spend for ≥ 100 conversions and ≥ 500 new customers.

    A: ¥10/conv, 0.5 new customers/¥; B: ¥20/conv, 2 new customers/¥.
    10a/... : conversions a/10 + b/20 ≥ 100, customers 0.5a + 2b ≥ 500. Corner: a/10 + b/20 = 100
    and 0.5a + 2b = 500 → a = 1000 - b/2 → 500 - b/4 + 2b = 500 → b = 0, a = 1000: spend 1,000
    (customers 500, exactly met). Each extra conversion costs ¥10 at the margin... both bind at the corner.
    """
    plan = solve(
        scenario(
            [
                {"id": "a", "cost_per_conversion": 10, "kpis": {"new_customers": 0.5}},
                {"id": "b", "cost_per_conversion": 20, "kpis": {"new_customers": 2}},
            ],
            kpis={"new_customers": "新客数"},
            objective="minimize spend",
            rules=[
                {"kind": "limit", "name": "orders", "measure": "conversions", "at_least": 100},
                {"kind": "limit", "name": "new customers", "measure": "new_customers", "at_least": 500},
            ],
        )
    )
    assert plan.objective_value == pytest.approx(1000)
    assert spend(plan, "a") == pytest.approx(1000)


def test_maximise_a_kpi_with_a_channel_that_hurts_it() -> None:
    """Maximise brand score: A adds 2 per yuan, B subtracts 1 per yuan but must get ¥100.

    Budget ¥1,000: B 100 (floor), A 900 → 1800 - 100 = 1700; B's floor costs 3 per yuan.
    """
    plan = solve(
        scenario(
            [
                {"id": "a", "kpis": {"brand": 2}},
                {"id": "b", "kpis": {"brand": -1}, "min_spend": 100},
            ],
            kpis={"brand": "brand score"},
            budget=1000,
            objective="maximize brand",
        )
    )
    assert plan.objective_value == pytest.approx(1700)
    assert plan.allocation.set_index("channel").loc["b", "reduced_cost"] == pytest.approx(-3)


def test_relative_bounds_and_lock_use_history(tmp_path) -> None:
    """History: A spent ¥1,000 over 2 weeks at ¥10/conv, B ¥2,000 at ¥20/conv, C ¥500 at ¥25/conv.

    Plan 2 weeks, budget ¥3,500. A at most 1.5× (¥1,500), C locked at ¥500, the rest to B: ¥1,500.
    Conversions 150 + 75 + 20 = 245.
    """
    csv = tmp_path / "history.csv"
    csv.write_text(
        "date,channel,spend,conversions,revenue\n"
        "2026-01-05,A,500,50,1000\n2026-01-12,A,500,50,1000\n"
        "2026-01-05,B,1000,50,2000\n2026-01-12,B,1000,50,2000\n"
        "2026-01-05,C,250,10,500\n2026-01-12,C,250,10,500\n",
        encoding="utf-8",
    )
    base = scenario(
        [
            {"id": "a", "label": "A", "max_vs_history": 1.5},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C", "locked": True},
        ],
        budget=3500,
        history={"path": str(csv)},
    )
    plan = solve(base)
    assert (spend(plan, "a"), spend(plan, "b"), spend(plan, "c")) == pytest.approx((1500, 1500, 500))
    assert plan.objective_value == pytest.approx(245)
    assert plan.period_weeks == pytest.approx(2)
    rows = plan.allocation.set_index("channel")
    assert rows.loc["a", "historical_spend"] == pytest.approx(1000)
    assert rows.loc["a", "change_vs_history"] == pytest.approx(500)
    assert rows.loc["c", "at_bound"] == "locked"


def test_floors_above_budget_name_the_conflict(three_channels: Scenario) -> None:
    channels = tuple(c.model_copy(update={"min_spend": 500.0}) for c in three_channels.channels)
    with pytest.raises(InfeasibleError) as caught:
        solve(three_channels.model_copy(update={"channels": channels}))
    message = str(caught.value)
    assert message.startswith(
        "The floors of a, b, c add up to ¥1,500, more than the budget of ¥1,000. The smallest change that makes "
        "a plan possible is to raise the budget by ¥500 to ¥1,500."
    )
    assert "budget" in caught.value.conflicting_rules


def test_conflicting_rules_raise_infeasible(three_channels: Scenario) -> None:
    """Two 60% shares cannot both hold once the budget must be spent (at zero spend every share holds)."""
    budget = {"budget": {"amount": 1000, "exactly": True}}
    rules = [
        {"kind": "share", "name": "live share", "group": "live", "at_least": 0.6},
        {"kind": "share", "name": "search share", "group": "search", "at_least": 0.6},
    ]
    with pytest.raises(InfeasibleError, match="These rules cannot all hold at once: spending exactly the budget"):
        solve(three_channels.model_copy(update={"rules": _rules(rules), **_budget(budget)}))


def test_unbounded_objective_says_which_and_why() -> None:
    with pytest.raises(
        UnboundedError, match=r"Maximising conversions has no limit: there is no budget, and a have no cap"
    ):
        solve(scenario([{"id": "a", "cost_per_conversion": 10}]))


def _budget(fields: dict) -> dict:
    return {"budget": scenario([{"id": "x"}], **fields).budget}


def _rules(rules: list[dict]) -> tuple:
    return (
        scenario([{"id": "x"}], rules=[]).model_validate({"name": "r", "channels": [{"id": "x"}], "rules": rules}).rules
    )


def test_whole_units_are_bought_in_whole_numbers() -> None:
    """The radio/TV plan with ¥20,500: continuous TV would be 4.25 ads (reach 132,500).

    With whole ads: radio stays at 30 (¥12,000), TV can only be 4 ads (¥8,000); the last ¥500 buys
    nothing: reach 130,000, a MILP with zero gap. The budget then has no marginal value (shadow 0).
    """
    tv: dict[str, Any] = {"name": "ad", "cost": 2000, "max": 10, "whole": True}
    radio: dict[str, Any] = {"name": "ad", "cost": 400, "max": 30, "whole": True}
    plan = solve(
        scenario(
            [
                {"id": "tv", "units": tv, "kpis": {"reach": 10000}, "groups": ["tv"]},
                {"id": "radio", "units": radio, "kpis": {"reach": 3000}, "groups": ["radio"]},
            ],
            budget=20_500,
            kpis={"reach": "people reached"},
            objective="maximize reach",
        )
    )
    rows = plan.allocation.set_index("channel")
    assert plan.is_mip
    assert plan.objective_value == pytest.approx(130_000)
    assert rows.loc["tv", "units"] == pytest.approx(4)
    assert rows.loc["radio", "units"] == pytest.approx(30)
    assert shadow(plan, "budget") == pytest.approx(0)
    continuous = solve(
        scenario(
            [
                {"id": "tv", "units": {**tv, "whole": False}, "kpis": {"reach": 10000}, "groups": ["tv"]},
                {"id": "radio", "units": {**radio, "whole": False}, "kpis": {"reach": 3000}, "groups": ["radio"]},
            ],
            budget=20_500,
            kpis={"reach": "people reached"},
            objective="maximize reach",
        )
    )
    assert continuous.objective_value == pytest.approx(132_500)
