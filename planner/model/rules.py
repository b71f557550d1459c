"""Rules the plan must keep over a selection of channels: limits, shares, ratios, CPA and ROAS targets."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from planner.model.fields import MAX_TEXT, Cost, GroupTag, Identifier, Limit, Model, NonNegative, Share
from planner.model.i18n import Number
from planner.model.validation import invalid


class Selection(Model):
    """Which channels a rule counts: a group, a list of ids, or (neither) all channels."""

    group: GroupTag | None = None
    channels: tuple[Identifier, ...] | None = None

    @model_validator(mode="after")
    def _not_both(self) -> Selection:
        if self.group is not None and self.channels is not None:
            raise invalid("scenario.selection_both", group="group", channels="channels")
        return self


class Bounds(Model):
    """The lower and upper limits a rule sets; at least one is required."""

    at_least: Limit | None = None
    at_most: Limit | None = None
    exactly: Limit | None = None

    @model_validator(mode="after")
    def _some_bound(self) -> Bounds:
        given = [b for b in (self.at_least, self.at_most, self.exactly) if b is not None]
        if not given:
            raise invalid("scenario.no_limit", first="at_least", second="at_most", third="exactly")
        if self.exactly is not None and len(given) > 1:
            raise invalid("scenario.exactly_combined", exactly="exactly", first="at_least", second="at_most")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise invalid(
                "scenario.above",
                lower_key="at_least",
                lower=Number(self.at_least),
                upper_key="at_most",
                upper=Number(self.at_most),
            )
        if any(not math.isfinite(b) for b in given):
            raise invalid("scenario.limits_finite")
        return self

    def limits(self) -> list[tuple[Literal[">=", "<=", "=="], float]]:
        """Return each limit as (sense, value)."""
        if self.exactly is not None:
            return [("==", self.exactly)]
        out: list[tuple[Literal[">=", "<=", "=="], float]] = []
        if self.at_least is not None:
            out.append((">=", self.at_least))
        if self.at_most is not None:
            out.append(("<=", self.at_most))
        return out


class LimitRule(Selection, Bounds):
    """A floor or cap on a measure summed over channels, e.g. live spend at least ¥50,000."""

    kind: Literal["limit"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"


class ShareRule(Selection, Bounds):
    """A measure of some channels as a share of the same measure over others (default: all)."""

    kind: Literal["share"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"
    of: Selection = Field(default_factory=Selection, description="The channels the share is of; default all.")
    at_least: Share | None = None
    at_most: Share | None = None
    exactly: Share | None = None


class RatioRule(Selection, Bounds):
    """A measure of some channels against k times a measure of others, e.g. affiliates ≤ 0.5 × search."""

    kind: Literal["ratio"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    measure: str = "spend"
    per: Selection = Field(description="The channels in the denominator.")
    per_measure: str | None = Field(None, description="Measure of the denominator; default the same measure.")
    at_least: NonNegative | None = None
    at_most: NonNegative | None = None
    exactly: NonNegative | None = None


class MaxCPARule(Selection):
    """Average cost per conversion of some channels at most a target."""

    kind: Literal["max_cpa"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    value: Cost


class MinROASRule(Selection):
    """Revenue per unit of spend of some channels at least a target."""

    kind: Literal["min_roas"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    value: NonNegative


class MaxChannelsRule(Selection):
    """At most this many of the selected channels spend anything (in each period, with a calendar)."""

    kind: Literal["max_channels"]
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    at_most: int = Field(ge=0, le=10_000, description="Most channels on air at once.")


Rule = Annotated[
    LimitRule | ShareRule | RatioRule | MaxCPARule | MinROASRule | MaxChannelsRule,
    Field(discriminator="kind"),
]
