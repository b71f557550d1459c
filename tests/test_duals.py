"""Shadow prices follow one convention: the change in the objective per unit increase of a rule's limit.

Each case is checked two ways: against a value worked out by hand, and against a finite difference
(re-solve with the limit nudged), for ≤, ≥ and = rules under both maximisation and minimisation.
"""

from __future__ import annotations

from typing import Any

import pytest

from planner import solve
from tests.conftest import scenario

TWO = [
    {"id": "a", "cost_per_conversion": 10, "roas": 2, "groups": ["g"]},
    {"id": "b", "cost_per_conversion": 20, "roas": 6, "groups": ["h"]},
]


def _plan(rule: dict[str, Any] | None, **fields: Any):
    rules = [rule] if rule else []
    return solve(scenario(TWO, rules=rules, **fields))


def _shadow(plan, name: str) -> float:
    return float(plan.rules.set_index("rule").loc[name, "shadow_price"])


CASES = [
    # (description, rule, scenario fields, limit key, hand-worked shadow price)
    ("max, budget <=", None, {"budget": 1000}, "budget", 0.1),
    ("max, budget ==", None, {"budget": {"amount": 1000, "exactly": True}}, "budget", 0.1),
    (
        "max, floor >=",
        {"kind": "limit", "name": "r", "group": "h", "at_least": 300},
        {"budget": 1000},
        "at_least",
        -0.05,
    ),
    ("max, cap <=", {"kind": "limit", "name": "r", "group": "g", "at_most": 300}, {"budget": 1000}, "at_most", 0.05),
    (
        "max, exactly ==",
        {"kind": "limit", "name": "r", "group": "h", "exactly": 300},
        {"budget": 1000},
        "exactly",
        -0.05,
    ),
    (
        "max, share >=",
        {"kind": "share", "name": "r", "group": "h", "at_least": 0.4},
        {"budget": 1000},
        "at_least",
        -50.0,
    ),
    ("max, min_roas", {"kind": "min_roas", "name": "r", "value": 4}, {"budget": 1000}, "value", -12.5),
    (
        "min, conversions >=",
        {"kind": "limit", "name": "r", "measure": "conversions", "at_least": 50},
        {"objective": "minimize spend"},
        "at_least",
        10.0,
    ),
    (
        "min, spend cap <=",
        {"kind": "limit", "name": "r", "group": "g", "at_most": 200},
        {
            "objective": "minimize spend",
            "rules_extra": {"kind": "limit", "name": "c", "measure": "conversions", "at_least": 50},
        },
        "at_most",
        -1.0,
    ),
]


@pytest.mark.parametrize(("description", "rule", "fields", "key", "expected"), CASES, ids=[c[0] for c in CASES])
def test_shadow_price_matches_hand_value_and_finite_difference(description, rule, fields, key, expected) -> None:
    fields = dict(fields)
    extra = fields.pop("rules_extra", None)

    def run(delta: float):
        nudged_fields = dict(fields)
        nudged_rule = dict(rule) if rule else None
        if key == "budget":
            budget = fields["budget"]
            nudged_fields["budget"] = (
                {**budget, "amount": budget["amount"] + delta} if isinstance(budget, dict) else budget + delta
            )
        else:
            assert nudged_rule is not None
            nudged_rule[key] = nudged_rule[key] + delta
        rules = [r for r in (nudged_rule, extra) if r]
        return solve(scenario(TWO, rules=rules, **nudged_fields))

    plan = run(0.0)
    name = "budget" if key == "budget" else "r"
    assert _shadow(plan, name) == pytest.approx(expected, rel=1e-6)
    step = 1e-3 if rule and rule["kind"] == "share" else 1.0
    finite_difference = (run(step).objective_value - plan.objective_value) / step
    assert finite_difference == pytest.approx(expected, rel=1e-3)


def test_reduced_cost_of_a_channel_at_zero_is_what_forcing_a_yuan_in_costs() -> None:
    """Under minimisation too: minimise spend for 50 conversions; B (¥20/conv) is unused.

    Forcing ¥1 into B buys 0.05 conversions, saving ¥0.5 on A: spend rises by 1 - 0.5 = 0.5.
    """
    plan = solve(
        scenario(
            TWO,
            objective="minimize spend",
            rules=[{"kind": "limit", "name": "c", "measure": "conversions", "at_least": 50}],
        )
    )
    rows = plan.allocation.set_index("channel")
    assert rows.loc["b", "spend"] == pytest.approx(0)
    assert rows.loc["b", "reduced_cost"] == pytest.approx(0.5)
    assert plan.objective_value == pytest.approx(500)
