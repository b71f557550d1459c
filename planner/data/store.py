"""The store's own totals in the history (store rows, e.g. from 生意参谋) against what the channels claim.

Every platform counts the orders it touched, so the same sale is claimed by several channels; only the store
knows what it sold. Rows whose channel is one of `STORE_NAMES` carry the store's total orders and revenue per
date: they are never a channel (never fitted, never planned), they are the yardstick the claims and the plan
are held against.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from planner.model.errors import HistoryError, Problem
from planner.model.i18n import Join, Money, Number, Ratio, Text

STORE_ORDER = ("store", "全店", "店铺")
STORE_NAMES = frozenset(STORE_ORDER)  # compared after trimming, ignoring case
CLAIMS_MODES = ("warn", "scale_to_store")
MEASURES = ("conversions", "revenue")
# Claims above the store's sales in a quarter of the weeks (at least two) are a pattern; in one or two weeks
# they can be timing: platforms credit a sale to the day of the click, within a 7- to 15-day window.
WEEKS_OVER_SHARE = 0.25
MIN_WEEKS_OVER = 2
# Without store rows the yardstick is the best week the channels claimed, which already counts some sales
# twice: a plan's average week 1.5× above the best single week needs spend far beyond what history saw.
CLAIMS_MARGIN = 1.5
TOLERANCE = 1e-9  # relative: amounts equal to the cent are not "more"
MMM_DOC = "docs/mmm-curves.md"
IMPORT_DOC = "docs/importing.md"


def is_store(names: pd.Series) -> pd.Series:
    """Return which channel names are the store's own rows (store, 全店, 店铺)."""
    return names.astype(str).str.strip().str.casefold().isin(STORE_NAMES)


@dataclass(frozen=True)
class Claims:
    """One measure: what the channels claimed in the weeks the store also reports, and what the store sold."""

    measure: str
    claimed: float
    sold: float
    weeks_over: int  # weeks in which the channels claim more than the store sold
    worst_week: date | None = None  # the week claims exceed sales by the largest ratio
    worst_claimed: float = 0.0
    worst_sold: float = 0.0

    @property
    def over_in_total(self) -> bool:
        """Return whether the channels claim more than the store sold over all compared weeks."""
        return self.sold > 0 and self.claimed > self.sold * (1 + TOLERANCE)

    @property
    def factor(self) -> float:
        """Return what scales the claims down to the store's total (1 when they do not exceed it)."""
        return self.sold / self.claimed if self.over_in_total else 1.0


@dataclass(frozen=True)
class StoreTotals:
    """The store's own totals in a history window and how the channels' claims compare with them."""

    weekly: pd.DataFrame  # week, conversions, revenue: the store rows per calendar week (Monday start)
    weeks: int  # weeks with both store rows and channel rows: the weeks compared
    claims: tuple[Claims, ...]  # one per measure the store reports (a measure it leaves at 0 is not compared)
    mode: str = "warn"  # the scenario's history: claims setting
    scaled: bool = False  # the channels' conversions and revenue were scaled down to the store's total
    channels_claim_nothing: bool = False  # the channels have no conversions or revenue: only the store's totals

    def claims_of(self, measure: str) -> Claims | None:
        """Return the comparison of one measure, or None when the store does not report it."""
        return next((c for c in self.claims if c.measure == measure), None)

    def factor(self, measure: str) -> float:
        """Return the factor the channels' claims of a measure were scaled by (1 when not scaled)."""
        claims = self.claims_of(measure)
        return claims.factor if self.scaled and claims is not None else 1.0

    def best_week(self, measure: str) -> tuple[date, float] | None:
        """Return the store's best week of a measure and its amount, or None when it reports none."""
        if self.weekly.empty or float(self.weekly[measure].max()) <= 0:
            return None
        position = int(self.weekly[measure].to_numpy().argmax())
        return pd.Timestamp(self.weekly["week"].iloc[position]).date(), float(self.weekly[measure].iloc[position])


def week_starts(dates: pd.Series) -> pd.Series:
    """Return each date's calendar week, as its Monday (the history's weeks)."""
    starts: pd.Series = dates.dt.to_period("W-SUN").dt.start_time
    return starts


def split_store_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a history frame's channel rows and its store rows."""
    store = is_store(frame["channel"])
    if not store.any():
        return frame, frame.iloc[:0]
    return frame[~store], frame[store]


def summarise_store(store_rows: pd.DataFrame, claims: pd.DataFrame, planned: pd.DataFrame, mode: str) -> StoreTotals:
    """Return the store's weekly totals and the comparison with the channels' claims (all channels in the window).

    `planned` are the rows of the channels the scenario plans: when none of them claims any conversions or
    revenue, the history holds only the store's totals.
    """
    weekly = store_rows.assign(week=week_starts(store_rows["date"])).groupby("week", sort=True)[list(MEASURES)].sum()
    claimed = claims.assign(week=week_starts(claims["date"])).groupby("week", sort=True)[list(MEASURES)].sum()
    compared = weekly.index.intersection(claimed.index)
    comparisons = []
    for measure in MEASURES:
        sold, claim = weekly.loc[compared, measure], claimed.loc[compared, measure]
        if float(sold.sum()) <= 0:
            continue  # the store's export did not carry this measure
        over = claim > sold * (1 + TOLERANCE)
        worst = (claim / sold.where(sold > 0)).fillna(math.inf).where(over).idxmax() if over.any() else None
        comparisons.append(
            Claims(
                measure=measure,
                claimed=float(claim.sum()),
                sold=float(sold.sum()),
                weeks_over=int(over.sum()),
                worst_week=worst.date() if worst is not None else None,
                worst_claimed=float(claim[worst]) if worst is not None else 0.0,
                worst_sold=float(sold[worst]) if worst is not None else 0.0,
            )
        )
    reported = float(weekly.to_numpy().sum()) > 0
    nothing = reported and float(planned["conversions"].sum()) <= 0 and float(planned["revenue"].sum()) <= 0
    return StoreTotals(
        weekly=weekly.reset_index(),
        weeks=len(compared),
        claims=tuple(comparisons),
        mode=mode,
        scaled=mode == "scale_to_store" and any(c.over_in_total for c in comparisons),
        channels_claim_nothing=nothing,
    )


def scale_claims(frame: pd.DataFrame, store: StoreTotals) -> pd.DataFrame:
    """Return channel rows with conversions and revenue scaled by the store's factors (one per measure)."""
    if not store.scaled:
        return frame
    return frame.assign(**{m: frame[m] * store.factor(m) for m in MEASURES})


def scale_needs_store(source: str) -> HistoryError:
    """Return the error of `claims: scale_to_store` on a history window without store rows."""
    message = Text(
        "store.scale_needs_rows", key="claims", value="scale_to_store", names=Join(STORE_ORDER), default="warn"
    )
    return HistoryError([Problem(message, field="history -> claims", file=source)])


def only_store_totals(source: str) -> Problem:
    """Return the problem of a history whose channels record only spend, beside the store's totals."""
    text = Text("store.only_totals", imports=IMPORT_DOC, mmm=MMM_DOC)
    return Problem(text, field="conversions", file=source)


def claims_warnings(store: StoreTotals, symbol: str) -> list[Text]:
    """Return what the plan must say about the channels' claims against the store's totals."""
    warnings: list[Text] = []
    scaled_any = False
    for claims in store.claims:
        amount = amount_of(claims.measure, symbol)
        weeks_over = claims.weeks_over >= max(MIN_WEEKS_OVER, math.ceil(WEEKS_OVER_SHARE * store.weeks))
        if not claims.over_in_total and not weeks_over:
            continue
        hint = "" if store.scaled else Text("store.scale_hint", key="claims", value="scale_to_store", section="history")
        if claims.over_in_total:
            text = Text(
                f"store.claims_exceed.{claims.measure}",
                claimed=amount(claims.claimed),
                weeks=Number(store.weeks),
                sold=amount(claims.sold),
                hint=hint,
            )
        else:
            text = Text(
                f"store.claims_exceed_weeks.{claims.measure}",
                over=Number(claims.weeks_over),
                weeks=Number(store.weeks),
                week=f"{claims.worst_week:%Y-%m-%d}",
                claimed=amount(claims.worst_claimed),
                sold=amount(claims.worst_sold),
                hint=hint,
            )
        warnings.append(text)
        if store.scaled and claims.over_in_total:
            scaled_any = True
            warnings.append(
                Text(
                    f"store.claims_scaled.{claims.measure}",
                    factor=Ratio(claims.factor),
                    sold=amount(claims.sold),
                    weeks=Number(store.weeks),
                )
            )
    if store.mode == "scale_to_store" and not scaled_any:
        for claims in store.claims[-1:]:  # revenue when the store reports it, else its orders
            amount = amount_of(claims.measure, symbol)
            claimed, sold = amount(claims.claimed), amount(claims.sold)
            warnings.append(Text("store.nothing_to_scale", value="scale_to_store", claimed=claimed, sold=sold))
    return warnings


def beyond_store_warnings(
    predicted: dict[str, float],
    weeks: float | None,
    history_weekly: pd.DataFrame,
    store: StoreTotals | None,
    symbol: str,
) -> list[Text]:
    """Return a warning for each measure the plan predicts more of a week than the store or the claims ever saw.

    With store rows the yardstick is the store's best week (media alone cannot sell more than the whole store);
    without, the best week the planned channels claimed together, × `CLAIMS_MARGIN`.
    """
    if not weeks or weeks <= 0:
        return []
    warnings: list[Text] = []
    for measure in MEASURES:
        per_week = predicted.get(measure, 0.0) / weeks
        amount = amount_of(measure, symbol)
        if per_week <= 0:
            continue
        best = store.best_week(measure) if store is not None else None
        if store is not None and best is not None:  # a measure the store leaves at 0 is held against the claims
            if per_week > best[1] * (1 + TOLERANCE):
                warnings.append(
                    Text(
                        f"store.plan_above_store.{measure}",
                        predicted=amount(per_week),
                        best=amount(best[1]),
                        week=f"{best[0]:%Y-%m-%d}",
                        ratio=Ratio(per_week / best[1]),
                        causes=Text("store.cause.scaled" if store.scaled else "store.cause.claims"),
                    )
                )
            continue
        if history_weekly.empty:
            continue
        totals = history_weekly.groupby("week", sort=True)[measure].sum()
        top = float(totals.max())
        if top > 0 and per_week > CLAIMS_MARGIN * top:
            warnings.append(
                Text(
                    f"store.plan_above_claims.{measure}",
                    predicted=amount(per_week),
                    best=amount(top),
                    week=f"{totals.idxmax():%Y-%m-%d}",
                    ratio=Ratio(per_week / top),
                    margin=Ratio(CLAIMS_MARGIN),
                )
            )
    return warnings


def amount_of(measure: str, symbol: str) -> Callable[[float], Money | Number]:
    """Return how an amount of a measure is shown: revenue as money, conversions as a count."""
    if measure == "revenue":
        return lambda value: Money(value, symbol)
    return Number
