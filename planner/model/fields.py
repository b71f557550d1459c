"""Building blocks of the scenario models: limits on numbers and names, shared field types, the base model."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Measures every scenario has; KPIs and resources add their own names.
BUILTIN_MEASURES = ("spend", "units", "conversions", "revenue", "profit", "commission")
MONEY_MEASURES = ("spend", "revenue", "profit", "commission")  # measures counted in money
# KPI and resource ids may not reuse these: they name built-in measures or columns of the plan.
RESERVED_NAMES = frozenset(
    {*BUILTIN_MEASURES, "cpa", "roas", "share", "label", "channel", "groups", "historical_spend", "change_vs_history"}
    | {"lower_bound", "upper_bound", "at_bound", "bound_reason", "reduced_cost", "yield_source", "marginal_cpa"}
)
CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}

IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
# Money and counts are ordinary from 0.01 to 1e12 (IDR and VND budgets reach 1e11); beyond 1e15 the LP's
# arithmetic loses the cents, so larger numbers are refused when the scenario is validated.
MAX_MAGNITUDE = 1e15
# A cost per conversion (or per unit) below this makes one unit of money buy more than 1e6 conversions:
# a typo (a missing zero, or a value in the wrong unit), and a rate the LP cannot scale.
MIN_COST = 1e-6
# Names and labels are shown in tables and messages; a longer one is a paste gone wrong.
MAX_TEXT = 200


def percent_to_fraction(value: Any) -> Any:
    """Accept shares written as `15%` as well as `0.15`."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            from planner.model.validation import excerpt, invalid

            raise invalid("scenario.not_percentage", value=excerpt(value)) from None
    return value


_Fraction = Annotated[float, Field(ge=0, le=1)]
PercentText = Annotated[str, Field(pattern=r"^\s*\d+(\.\d+)?\s*%\s*$")]  # "15%", as people write shares
Share = Annotated[
    float,
    Field(ge=0, le=1),
    BeforeValidator(percent_to_fraction, json_schema_input_type=_Fraction | PercentText),
]
NonNegative = Annotated[float, Field(ge=0, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Cost = Annotated[float, Field(ge=MIN_COST, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Limit = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)]
Identifier = Annotated[str, Field(pattern=IDENTIFIER, max_length=64)]
# Group tags may be in any script (联盟, live): letters, digits and _ of any language.
GroupTag = Annotated[str, Field(pattern=r"^[^\W\d]\w*$", max_length=64)]
Finite = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE, allow_inf_nan=False)]


class Model(BaseModel):
    """Base for every scenario model: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)
