"""How channels are really paid: commissions, live sessions, fees, thresholds, discounts (docs/economics-design.md)."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from planner.model.fields import Cost, Model, NonNegative, Positive, Share
from planner.model.i18n import Number
from planner.model.validation import invalid

MAX_SESSIONS_PER_WEEK = 100  # a live room streams a few times a day at most; more is a typo


class Commission(Model):
    """An affiliate (CPS) channel: paid a commission on the revenue it brings, not for clicks."""

    rate: Share = Field(description="Commission paid on the revenue the partners bring, e.g. 20%.")
    service_fee: Share = Field(0.0, description="The platform's service fee on the same revenue, e.g. 2%.")
    max_revenue: Positive | None = Field(
        None,
        description="Most revenue the partners can bring per week (their capacity); default the history's best "
        "week × curves.max_extrapolation.",
    )
    min_rate: Share | None = Field(None, description="The platform's lowest commission rate, if it sets one.")

    @property
    def cost_rate(self) -> float:
        """Return what one unit of revenue brought costs: commission and service fee."""
        return self.rate + self.service_fee

    @model_validator(mode="after")
    def _consistent(self) -> Commission:
        if self.cost_rate <= 0:
            raise invalid("economics.commission_free", rate="rate", fee="service_fee")
        if self.cost_rate >= 1:
            raise invalid("economics.commission_above_revenue", rate="rate", fee="service_fee")
        if self.min_rate is not None and self.rate < self.min_rate:
            raise invalid("economics.commission_below_minimum", rate=Number(self.rate), minimum=Number(self.min_rate))
        return self


class Sessions(Model):
    """A live-streaming channel bought in sessions: a fee each, a commission on their GMV, falling yields."""

    fee: NonNegative = Field(description="Cost of one session (studio, host), paid whatever it sells.")
    commission: Share = Field(0.0, description="Commission on the session's GMV (the host's cut), e.g. 10%.")
    revenue: tuple[NonNegative, ...] | None = Field(
        None,
        min_length=1,
        max_length=MAX_SESSIONS_PER_WEEK,
        description="GMV of the 1st, 2nd, 3rd… session in a week, falling.",
    )
    first: Positive | None = Field(None, description="GMV of the first session in a week (with decay).")
    decay: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] | None = Field(
        None, description="Each further session in a week sells this share of the one before, e.g. 0.85."
    )
    from_history: bool = Field(
        False, description="Fit first and decay from the history's `sessions` column (weekly counts)."
    )
    max_per_week: int | None = Field(
        None, ge=1, le=MAX_SESSIONS_PER_WEEK, description="Most sessions in a week; default the revenue list, else 7."
    )
    whole: bool = Field(True, description="Whole sessions only (solved exactly as a MILP).")

    @property
    def per_week(self) -> int:
        """Return the most sessions a week may hold."""
        if self.max_per_week is not None:
            return self.max_per_week
        return len(self.revenue) if self.revenue is not None else 7

    def levels(self, first: float | None = None, decay: float | None = None) -> tuple[float, ...]:
        """Return the GMV of each session of a week, in order (fitted first and decay where given)."""
        if self.revenue is not None:
            given = list(self.revenue)
            count = self.per_week
            return tuple(given[:count] + [given[-1]] * (count - len(given)))
        start = first if first is not None else self.first
        factor = decay if decay is not None else (self.decay if self.decay is not None else 1.0)
        assert start is not None
        return tuple(start * factor**k for k in range(self.per_week))

    @model_validator(mode="after")
    def _one_yield(self) -> Sessions:
        ways = [self.revenue is not None, self.first is not None, self.from_history]
        if sum(ways) != 1:
            raise invalid(
                "economics.sessions_one_yield", listed="revenue", first="first", decay="decay", history="from_history"
            )
        if (self.decay is None) != (self.first is None):
            raise invalid("economics.first_and_decay", decay="decay", first="first")
        if self.revenue is not None and any(b > a for a, b in pairwise(self.revenue)):
            raise invalid("economics.sessions_rising", key="revenue")
        if self.fee == 0 and self.commission == 0:
            raise invalid("economics.sessions_free", fee="fee", commission="commission")
        return self


class Discount(Model):
    """A volume discount: units beyond `after` cost `cost` each (incremental, like tax brackets)."""

    after: Positive = Field(description="Units bought before this price applies.")
    cost: Cost = Field(description="Cost of each unit beyond `after`.")


def _amount_shorthand(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"amount": value}
    return value


class ActiveMinimum(Model):
    """A threshold: the channel spends nothing, or at least this much (per period, or per day of the period)."""

    amount: Positive
    per: Literal["period", "day"] = Field(
        "period", description="period: the plan's period (each period of a calendar); day: × the days of it."
    )


MinIfActive = Annotated[
    ActiveMinimum, BeforeValidator(_amount_shorthand, json_schema_input_type=NonNegative | ActiveMinimum)
]


class SolverSettings(Model):
    """How long a plan with whole-number or on/off decisions (a MILP) may search, and how close it must get."""

    time_limit: Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)] = Field(
        60.0, description="Seconds; the best plan found by then is returned, with its gap."
    )
    gap: Share = Field(
        1e-6, description="Stop once the plan is provably within this share of the best possible, e.g. 0.1%."
    )
