"""Where the money can go: channels, their tranches, units, imported curves, and curve settings."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from planner.model.calendar import number_or_estimate
from planner.model.economics import Commission, Discount, MinIfActive, Sessions
from planner.model.fields import MAX_TEXT, Cost, Finite, GroupTag, Identifier, Model, NonNegative, Positive
from planner.model.i18n import Join, Number
from planner.model.validation import invalid


class Yields(Model):
    """What one unit of spend (or one unit bought) returns."""

    cost_per_conversion: Cost | None = Field(None, description="Spend per conversion. Omit to take it from history.")
    revenue_per_conversion: NonNegative | None = Field(
        None, description="Average order value. Omit to take it from history (or give roas)."
    )
    roas: NonNegative | None = Field(
        None, description="Revenue per unit of spend; an alternative to revenue_per_conversion."
    )
    kpis: dict[Identifier, Finite] = Field(
        default_factory=dict,
        description="Extra KPIs per unit of spend (per unit bought, for channels bought in units); may be negative.",
    )

    @model_validator(mode="after")
    def _one_revenue_yield(self) -> Yields:
        if self.revenue_per_conversion is not None and self.roas is not None:
            raise invalid("scenario.revenue_twice", first="revenue_per_conversion", second="roas")
        return self


class Tranche(Yields):
    """A stretch of a channel's spend with its own yield: the first N at one rate, the next at another."""

    up_to: Positive | None = Field(
        None,
        description="Cumulative spend (units, on unit channels) where this tranche ends; omit on the last.",
    )


class Units(Model):
    """How a channel is bought when it is bought in units (ads, live sessions)."""

    name: str = Field(
        "unit", min_length=1, max_length=MAX_TEXT, description="What one unit is called, e.g. 'live session'."
    )
    cost: Cost = Field(description="Cost of one unit.")
    max: NonNegative | None = Field(None, description="Most units that can be bought.")
    min: NonNegative | None = Field(None, description="Fewest units that must be bought.")
    whole: bool = Field(False, description="Buy whole units only (solved exactly as a MILP).")
    discounts: tuple[Discount, ...] = Field(
        (), description="Volume discounts: units beyond `after` cost less (incremental, in order of `after`)."
    )

    @model_validator(mode="after")
    def _discounts_in_order(self) -> Units:
        afters = [d.after for d in self.discounts]
        if any(b <= a for a, b in pairwise(afters)):
            raise invalid("economics.discounts_increase", key="after")
        return self

    def price_steps(self) -> tuple[tuple[float, float], ...]:
        """Return (units from, cost per unit) of each price step, the list price first."""
        return ((0.0, self.cost), *((d.after, d.cost) for d in self.discounts))

    def cost_of(self, count: float) -> float:
        """Return what `count` units cost, each step's units at its price."""
        steps = self.price_steps()
        total = 0.0
        for (start, price), end in zip(steps, [s for s, _ in steps[1:]] + [float("inf")], strict=True):
            if count <= start:
                break
            total += (min(count, end) - start) * price
        return total


ResponseKind = Literal["fitted", "constant", "tranches", "imported", "commission", "sessions"]


class ImportedCurve(Model):
    """A spend → conversions table exported by a marketing-mix model (CSV with columns spend, conversions)."""

    path: str = Field(min_length=1, description="CSV path, relative to the scenario file.")
    per: Literal["week", "period"] = Field(
        "week", description="Whether the table's spend and conversions are per week or for the whole period."
    )


class CurveSettings(Model):
    """How response curves are fitted from history and turned into LP segments."""

    segments: int = Field(16, ge=1, le=200, description="Linear pieces per curve; more is closer, slower.")
    max_extrapolation: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(
        1.5, description="Cap weekly spend at this multiple of the highest weekly spend seen in history."
    )
    forms: tuple[Literal["power", "log", "hill"], ...] = Field(("power", "log", "hill"), min_length=1)
    min_weeks: int = Field(
        8, ge=3, le=10_000, description="Fewer weeks with spend than this fall back to a constant CPA."
    )
    cautious: bool = Field(False, description="Plan on the pessimistic (P10) curves instead of the central fit.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the bootstrap behind P10/P50/P90 and cautious plans.")


class Channel(Yields):
    """One place to spend the budget."""

    id: Identifier = Field(description="Short stable id: letters, digits and underscores.")
    label: str | None = Field(
        None, min_length=1, max_length=MAX_TEXT, description="Display name in any script, e.g. 直通车."
    )
    groups: tuple[GroupTag, ...] = Field(
        (), description="Tags that rules select channels by, e.g. paid, alibaba, 直播."
    )
    history_name: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_TEXT,
        description="The channel's name in the history CSV when it differs from id and label.",
    )
    units: Units | None = None
    tranches: tuple[Tranche, ...] = Field((), description="User-given diminishing returns, in spend order.")
    response: ResponseKind | None = Field(
        None,
        description="How spend turns into conversions. Default: tranches if given, imported if curve is "
        "given, constant if cost_per_conversion is given, else fitted from history.",
    )
    curve: ImportedCurve | None = None
    resource_use: dict[Identifier, NonNegative] = Field(
        default_factory=dict, description="Resources used per unit of spend (per unit bought, for unit channels)."
    )
    carryover: Annotated[
        Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)] | Literal["estimate"] | None,
        BeforeValidator(number_or_estimate),
    ] = Field(
        None,
        description="Share of a week's response that carries into the next week (geometric decay); needs a "
        "calendar. `estimate`: estimated from the history, used where the data shows it (else 0, with a note).",
    )
    commission: Commission | None = Field(None, description="Paid a commission on the revenue it brings (CPS).")
    sessions: Sessions | None = Field(None, description="Live streaming bought in sessions (fee, commission, yields).")
    setup_fee: Positive | None = Field(None, description="Paid once if the channel runs at all.")
    min_if_active: MinIfActive | None = Field(
        None, description="Spend nothing or at least this much (per period of a calendar; `per: day` per day)."
    )
    min_spend: NonNegative | None = None
    max_spend: NonNegative | None = None
    min_vs_history: NonNegative | None = Field(None, description="Floor as a multiple of historical spend, e.g. 0.7.")
    max_vs_history: NonNegative | None = Field(None, description="Cap as a multiple of historical spend, e.g. 1.5.")
    locked: bool = Field(False, description="Keep spend at its historical level (or at min_spend = max_spend).")
    excluded: bool = Field(False, description="Spend nothing on this channel.")

    @property
    def response_kind(self) -> ResponseKind:
        """Return how this channel's spend turns into conversions, resolving the default."""
        if self.response is not None:
            return self.response
        if self.commission is not None:
            return "commission"
        if self.sessions is not None:
            return "sessions"
        if self.tranches:
            return "tranches"
        if self.curve is not None:
            return "imported"
        if self.cost_per_conversion is not None:
            return "constant"
        return "fitted"

    @property
    def display_name(self) -> str:
        """Return the label when there is one, else the id."""
        return self.label or self.id

    @model_validator(mode="after")
    def _consistent(self) -> Channel:
        if self.min_spend is not None and self.max_spend is not None and self.min_spend > self.max_spend:
            raise _above("min_spend", self.min_spend, "max_spend", self.max_spend)
        if (
            self.min_vs_history is not None
            and self.max_vs_history is not None
            and self.min_vs_history > self.max_vs_history
        ):
            raise _above("min_vs_history", self.min_vs_history, "max_vs_history", self.max_vs_history)
        if self.locked and self.excluded:
            raise invalid("scenario.locked_and_excluded", locked="locked", excluded="excluded")
        if self.tranches:
            if self.cost_per_conversion is not None:
                raise invalid("scenario.tranche_cost_twice", key="cost_per_conversion")
            ends = [t.up_to for t in self.tranches]
            if any(end is None for end in ends[:-1]):
                raise invalid("scenario.tranche_needs_end", key="up_to")
            bounded = [end for end in ends if end is not None]
            if any(b <= a for a, b in pairwise(bounded)):
                raise invalid("scenario.tranche_ends_increase", key="up_to")
            # A tranche may yield only KPIs or revenue (a reach plan); one that yields nothing is a mistake.
            barren = [
                str(i)
                for i, t in enumerate(self.tranches)
                if t.cost_per_conversion is None and not (t.kpis or self.kpis) and t.roas is None and self.roas is None
            ]
            if barren:
                raise invalid(
                    "scenario.tranche_yields_nothing",
                    tranches=Join(barren),
                    first="cost_per_conversion",
                    second="kpis",
                    third="roas",
                )
        kind = self.response_kind
        self._economics_consistent(kind)
        if kind == "tranches" and not self.tranches:
            raise invalid("scenario.response_needs", response="response", kind="tranches", needed="tranches: [...]")
        if kind != "tranches" and self.tranches:
            raise invalid("scenario.response_excludes", response="response", kind=kind, other="tranches")
        if kind == "imported" and self.curve is None:
            raise invalid("scenario.response_needs", response="response", kind="imported", needed="curve: {path: ...}")
        if kind != "imported" and self.curve is not None:
            raise invalid("scenario.response_excludes", response="response", kind=kind, other="curve")
        if kind in ("fitted", "imported", "commission", "sessions") and self.cost_per_conversion is not None:
            raise invalid("scenario.cost_unused", key="cost_per_conversion", kind=kind, constant="response: constant")
        if self.units and self.units.min is not None and self.units.max is not None and self.units.min > self.units.max:
            raise _above("units.min", self.units.min, "units.max", self.units.max)
        return self

    def _economics_consistent(self, kind: ResponseKind) -> None:
        """Refuse a way of paying combined with settings it makes meaningless."""
        for paid in ("commission", "sessions"):
            if kind == paid and getattr(self, paid) is None:
                raise invalid("scenario.response_needs", response="response", kind=kind, needed=f"{paid}: {{...}}")
            if kind != paid and getattr(self, paid) is not None:
                raise invalid("scenario.response_excludes", response="response", kind=kind, other=paid)
        if kind in ("commission", "sessions"):
            clashes = [key for key in ("units", "roas", "curve") if getattr(self, key) is not None]
            clashes += ["tranches"] if self.tranches else []
            if clashes:
                raise invalid("scenario.response_excludes", response="response", kind=kind, other=clashes[0])
        if self.min_if_active is not None and self.min_spend is not None and self.min_spend > 0:
            raise invalid("economics.min_if_active_and_min_spend", threshold="min_if_active", floor="min_spend")


def _above(lower_key: str, lower: float, upper_key: str, upper: float) -> Exception:
    return invalid("scenario.above", lower_key=lower_key, lower=Number(lower), upper_key=upper_key, upper=Number(upper))
