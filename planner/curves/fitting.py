"""Diminishing-returns response curves: fit from weekly history (in time order), check, linearise for the LP.

Pure numerics; the only planner import is the message catalogue, for why a fit fell back. Every curve passes
through the origin: no spend buys nothing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, TypedDict, overload

import numpy as np
import numpy.typing as npt

from planner.model.i18n import Number, Ratio, Share, Text

Array = npt.NDArray[np.float64]

CURVED_FORMS = ("power", "log", "hill")
PARAMS: dict[str, tuple[str, ...]] = {"power": ("a", "b"), "log": ("a", "c"), "hill": ("a", "k", "h"), "linear": ("a",)}
PARAMS |= {"table": ()}  # a table curve is its points
# Search box (low, high, coarse step) for each shape parameter θ, spend measured in median weekly spends:
# power b; log log10(c); hill log10(k) and h. The scale `a` is solved exactly for every θ (variable projection).
_BOX = {"power": ((0.02, 1.0, 0.01),), "log": ((-3.0, 3.0, 0.05),), "hill": ((-2.0, 2.0, 0.1), (0.2, 3.0, 0.1))}
_ZOOM_POINTS = 9  # per parameter; odd, so the current best stays a candidate and the error never rises
_ZOOMS = 3
FOLDS = 4
MIN_SPEND_CV = 0.1
# Every curved form contains the straight line as a limit, so on linear data one of them wins the CV by noise
# alone; demanding a clear margin keeps the simpler, explainable constant cost per conversion in that case.
LINEAR_MARGIN = 0.02
BOOTSTRAP_BLOCK = 4  # weeks; blocks keep the short-run correlation of neighbouring weeks
# A shape parameter within half a coarse step of its search box's end is "at the edge": the data would have
# pushed it further, so the curve's shape beyond the spend seen is the box's, not the history's.
EDGE_TOLERANCE = 0.5
# Each form's shape parameters in search order, and how the curve reads with one at the low / high end.
_EDGE_PARAMETERS = {"power": ("b",), "log": ("c",), "hill": ("k", "h")}
_EDGE_MEANING = {
    ("b", "low"): "flattening",
    ("b", "high"): "rising",
    ("c", "low"): "flattening",
    ("c", "high"): "rising",
    ("k", "low"): "flattening",
    ("k", "high"): "rising",
    ("h", "low"): "flattening",
    ("h", "high"): "steep",
}


@dataclass(frozen=True)
class ResponseCurve:
    """Expected conversions per week as a function of weekly spend."""

    form: str
    params: dict[str, float] = field(default_factory=dict)
    support: tuple[float, float] = (0.0, 0.0)
    quality: dict[str, float] = field(default_factory=dict)
    points: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        if self.form not in PARAMS:
            raise ValueError(f"unknown curve form {self.form!r}; expected one of {', '.join(PARAMS)}")
        p = self.params
        if missing := [name for name in PARAMS[self.form] if name not in p]:
            raise ValueError(f"a {self.form} curve needs parameter(s) {', '.join(missing)}")
        ok = p.get("a", 0.0) >= 0 and min(p.get(name, 1.0) for name in "bckh") > 0 and p.get("b", 1.0) <= 1
        if not (ok and all(math.isfinite(v) for v in p.values())):
            raise ValueError(f"invalid {self.form} curve parameters {p}: need finite a >= 0, 0 < b <= 1, c, k, h > 0")
        if self.form == "table" and self.points[:1] != ((0.0, 0.0),):
            raise ValueError("a table curve's points must start at (0, 0); use curve_from_table")
        checked = _CHECKED_TABLES.get(id(self.points))
        if checked is not None and checked[0] is self.points:  # built by curve_from_table from rows it checked
            self.__dict__["table"] = checked[1:]
            return
        count = len(self.points)
        xs = np.fromiter((x for x, _ in self.points), np.float64, count)
        ys = np.fromiter((v for _, v in self.points), np.float64, count)
        _check_rows(xs, ys)
        if self.form == "table":
            self.__dict__["table"] = (xs, ys)  # the `table` property's cache, filled with the arrays just checked

    @overload
    def value(self, spend: float) -> float: ...
    @overload
    def value(self, spend: npt.NDArray[Any]) -> Array: ...
    def value(self, spend: float | npt.NDArray[Any]) -> float | Array:
        """Expected conversions per week at this weekly spend (negative spend counts as none)."""
        return self._eval(spend, slope=False)

    @overload
    def marginal(self, spend: float) -> float: ...
    @overload
    def marginal(self, spend: npt.NDArray[Any]) -> Array: ...
    def marginal(self, spend: float | npt.NDArray[Any]) -> float | Array:
        """Extra conversions per extra unit of spend (right-hand derivative; inf at zero for b < 1 or h < 1)."""
        return self._eval(spend, slope=True)

    def _eval(self, spend: float | npt.NDArray[Any], slope: bool) -> float | Array:
        s = np.maximum(np.asarray(spend, dtype=np.float64), 0.0)
        p, form = self.params, self.form
        # Zero spend meets k / 0 = inf in the hill form, which correctly gives 0; silence only those warnings.
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            if form == "power":
                out = p["a"] * p["b"] * s ** (p["b"] - 1.0) if slope else p["a"] * s ** p["b"]
            elif form == "log":
                out = p["a"] / (p["c"] + s) if slope else p["a"] * np.log1p(s / p["c"])
            elif form == "hill" and not slope:
                out = p["a"] / (1.0 + (p["k"] / s) ** p["h"])
            elif form == "hill":
                a, k, h, safe = p["a"], p["k"], p["h"], np.where(s > 0, s, 1.0)
                r = (k / safe) ** h  # u/(1+u)² as 1/(r + 2 + 1/r), r = 1/u, stays finite for tiny and huge spend
                out = np.where(s > 0, a * h / (safe * (r + 2.0 + 1.0 / r)), math.inf if h < 1 else a / k * (h == 1))
            elif form == "linear":
                out = np.full_like(s, p["a"]) if slope else p["a"] * s
            else:
                xs, ys = self.table
                slopes = np.append(self.table_slopes, 0.0)  # flat beyond the last point: no extrapolation
                out = slopes[np.searchsorted(xs, s, side="right") - 1] if slope else np.interp(s, xs, ys)
        return float(out) if np.ndim(spend) == 0 else np.asarray(out, dtype=np.float64)

    @cached_property
    def table(self) -> tuple[Array, Array]:
        """Return a table curve's corners as two arrays (spend, conversions), converted once."""
        xs, ys = np.array(self.points, dtype=np.float64).reshape(-1, 2).T
        return xs, ys

    def is_concave(self) -> bool:
        """Whether each extra unit of spend buys no more than the one before (so the LP needs no binaries)."""
        if self.form == "hill":
            return self.params["h"] <= 1.0
        if self.form == "table":
            return self._table_concave
        return True

    @cached_property
    def table_slopes(self) -> Array:
        """Return a table curve's slope between each pair of neighbouring corners (computed once)."""
        xs, ys = self.table
        return np.diff(ys) / np.diff(xs)

    @cached_property
    def _table_concave(self) -> bool:
        slopes = self.table_slopes
        return bool(np.all(np.diff(slopes) <= 1e-12 * max(1.0, float(slopes.max(initial=0.0)))))

    def scaled(self, factor: float) -> ResponseCurve:
        """The same shape times `factor` (e.g. average order value for revenue, or a cautious P10 ratio)."""
        if not (math.isfinite(factor) and factor >= 0):
            raise ValueError(f"scale factor must be finite and non-negative, got {factor}")
        params = {**self.params, "a": self.params["a"] * factor} if "a" in self.params else dict(self.params)
        return replace(self, params=params, points=tuple((x, v * factor) for x, v in self.points))


@dataclass(frozen=True)
class Edge:
    """A fitted shape parameter that ended at the edge of its search range, and what that says about the curve."""

    parameter: str  # "b" (power exponent), "c" (log scale), "k" (hill half-saturation) or "h" (hill steepness)
    side: str  # "low" or "high"
    value: float  # in the curve's own units: money for c and k
    meaning: str  # "rising" (no saturation seen), "flattening" (saturated from the start) or "steep"


@dataclass(frozen=True)
class FitResult:
    """The chosen curve, whether it is the constant-cost fallback and why, and each form's CV MAPE."""

    curve: ResponseCurve
    fallback: bool
    reason: Text | str  # why the fit fell back (a catalogue message), '' when it did not
    candidates: dict[str, float]
    edges: tuple[Edge, ...] = ()  # shape parameters at the edge of their search range (never on a fallback)


class Backtest(TypedDict):
    """Out-of-time check of a fit: trained on the early weeks, scored on the later ones."""

    mape: float
    bias: float
    weeks_train: int
    weeks_test: int  # test weeks scored: those with spend
    weeks_off: int  # test weeks left out: no spend (switched off), so what they record is carry-over or organic
    form: str
    fallback: bool


def _check_rows(xs: list[float] | Array, ys: list[float] | Array) -> None:
    """Raise ValueError naming the first bad row (0-based) of a spend → conversions table."""
    x, v = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        wrong = ~(np.isfinite(x) & np.isfinite(v) & (x >= 0) & (v >= 0)) | ((x == 0) & (v != 0))
        wrong[1:] |= (x[1:] <= x[:-1]) | (v[1:] < v[:-1])
    if not wrong.any():
        return
    i = int(np.flatnonzero(wrong)[0])
    xs, ys = x.tolist(), v.tolist()  # Python floats, written as such in the message
    if not (math.isfinite(xs[i]) and math.isfinite(ys[i]) and xs[i] >= 0 and ys[i] >= 0):
        raise ValueError(f"row {i}: spend and conversions must be non-negative numbers, got ({xs[i]}, {ys[i]})")
    if xs[i] == 0 and ys[i] != 0:
        raise ValueError(f"row {i}: conversions at zero spend must be 0, got {ys[i]}")
    if xs[i] <= xs[i - 1]:
        raise ValueError(f"row {i}: spend {xs[i]} must be greater than the previous row's {xs[i - 1]}")
    raise ValueError(f"row {i}: conversions {ys[i]} fall below the previous row's {ys[i - 1]}")


ROUNDING_SHARE = 1e-9  # a table within this share of its largest value of a concave one is concave, but for rounding


def _concave_if_only_rounding(x: Array, y: Array) -> Array:
    """Return a table's values on its least concave majorant when they differ from it only by rounding.

    A concave curve written to a dozen digits can rise a hair between two close rows (2,001 rows of an MMM
    curve: one table in twenty). Taken as written, that table would keep every row and need ordering binaries;
    lifted onto its concave hull (by at most ROUNDING_SHARE of its largest value) it is planned like any
    concave curve. A table that really turns upward is left as it is.
    """
    if len(x) < 3:
        return y
    slopes = np.diff(y) / np.diff(x)
    if np.all(np.diff(slopes) <= 0):
        return y
    xs, ys = x.tolist(), y.tolist()
    hull = [0]
    for i in range(1, len(xs)):  # the upper hull, left to right (monotone chain), on Python floats: 10× numpy's
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (ys[b] - ys[a]) * (xs[i] - xs[a]) <= (ys[i] - ys[a]) * (xs[b] - xs[a]):
                hull.pop()
            else:
                break
        hull.append(i)
    lifted = np.interp(x, x[hull], y[hull])
    if float(np.max(lifted - y)) > ROUNDING_SHARE * max(float(np.max(np.abs(y))), 1e-300):
        return y
    return lifted


# The rows curve_from_table has just checked, by the id of the points tuple it hands to ResponseCurve, so that
# __post_init__ takes their arrays instead of converting and checking them again (a third of a table's cost).
_CHECKED_TABLES: dict[int, tuple[tuple[tuple[float, float], ...], Array, Array]] = {}


def curve_from_table(spend_points: npt.ArrayLike, conversions_points: npt.ArrayLike) -> ResponseCurve:
    """An imported (e.g. MMM) curve: linear between the given points, (0, 0) added if missing, flat beyond."""
    x = np.array(spend_points, dtype=np.float64).ravel()  # copies: the curve keeps them
    y = np.array(conversions_points, dtype=np.float64).ravel()
    if len(x) != len(y) or not len(x):
        raise ValueError(f"need the same, non-zero number of spend and conversion points, got {len(x)} and {len(y)}")
    _check_rows(x, y)
    if x[0] > 0:
        x, y = np.concatenate(([0.0], x)), np.concatenate(([0.0], y))
    y = _concave_if_only_rounding(x, y)
    xs = x.tolist()
    support = (xs[1], xs[-1]) if len(xs) > 1 else (0.0, 0.0)
    quality = {"weeks": 0.0, "r2": math.nan, "cv_mape": math.nan, "cv_rmse": math.nan}
    points = tuple(zip(xs, y.tolist(), strict=True))
    _CHECKED_TABLES[id(points)] = (points, x, y)
    try:
        return ResponseCurve("table", {}, support, quality, points)
    finally:
        del _CHECKED_TABLES[id(points)]


def _clean(spend: npt.ArrayLike, conversions: npt.ArrayLike) -> tuple[Array, Array]:
    """Validated 1-D float arrays of equal length with finite, non-negative values."""
    s, y = np.asarray(spend, dtype=np.float64), np.asarray(conversions, dtype=np.float64)
    if s.ndim != 1 or s.shape != y.shape:
        raise ValueError(f"spend and conversions must be 1-D and of equal length, got {s.shape} and {y.shape}")
    if not (np.all(np.isfinite(s)) and np.all(np.isfinite(y))) or s.min(initial=0) < 0 or y.min(initial=0) < 0:
        raise ValueError("spend and conversions must be finite and non-negative")
    return s, y


def _units(s: Array, y: Array) -> tuple[float, float, Array, Array]:
    """Typical week's spend and conversions, normalised spend and its log: one search box suits every channel."""
    spend_unit = float(np.median(s[s > 0]))
    conv_unit = float(y.mean()) if y.mean() > 0 else 1.0
    with np.errstate(divide="ignore"):
        return spend_unit, conv_unit, s / spend_unit, np.log(s / spend_unit)  # log(0) = -inf is used on purpose


def _basis(form: str, theta: Array, st: Array, logs: Array) -> Array:
    """The curve with a = 1 at normalised spend for shape parameters theta[..., p] → shape (..., weeks)."""
    t = theta[..., 0:1]
    if form == "power":
        return np.exp(t * logs)  # exactly 0 at zero spend
    if form == "log":
        return np.log1p(st / 10.0**t)
    # The logistic 1 / (1 + e^−z) as e^−log(1 + e^−z): no overflow, and tiny values keep their digits.
    return np.asarray(np.exp(-np.logaddexp(0.0, -theta[..., 1:2] * (logs - t * math.log(10.0)))), dtype=np.float64)


def _project(g: Array, w: Array, y: Array) -> tuple[Array, Array]:
    """Best a >= 0 and weighted squared error for each weight row × candidate shape."""
    sub = "fn,gn->fg" if g.ndim == 2 else "fn,fgn->fg"
    gy = np.einsum(sub, w * y, g)
    gg = np.einsum(sub, w, g * g)
    a = np.where(gg > 0, np.maximum(gy, 0.0) / np.where(gg > 0, gg, 1.0), 0.0)
    return a, (w @ (y * y))[:, None] - 2 * a * gy + a * a * gg


def _grid_fit(form: str, st: Array, logs: Array, y: Array, w: Array) -> tuple[Array, Array]:
    """Least-squares shape θ (rows, p) and scale a (rows,) for every weight row: a coarse grid, then zooms."""
    box = np.array(_BOX[form])
    axes = [np.arange(lo, hi + step / 2, step) for lo, hi, step in box]
    cand = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(box))
    offsets = np.linspace(-1.0, 1.0, _ZOOM_POINTS)
    local = np.stack(np.meshgrid(*[offsets] * len(box), indexing="ij"), axis=-1).reshape(-1, len(box))
    step, rows = box[:, 2].copy(), np.arange(len(w))
    # The coarse grid is shared by all rows (one matrix product); each zoom is a small grid around each row's best.
    for zoom in range(_ZOOMS + 1):
        a, sse = _project(_basis(form, cand, st, logs), w, y)
        best = sse.argmin(axis=1)
        theta, scale = (cand[best], a[rows, best]) if zoom == 0 else (cand[rows, best], a[rows, best])
        cand = np.clip(theta[:, None, :] + local[None] * step, box[:, 0], box[:, 1])
        step = step / ((_ZOOM_POINTS - 1) / 2)
    return theta, scale


def _polish(form: str, theta: Array, st: Array, logs: Array, y: Array) -> Array:
    """Exact least-squares optimum near a grid solution; the start itself if the search fails or does worse.

    Levenberg–Marquardt on the one or two shape parameters, kept inside their box, with the scale a worked
    out exactly for each shape (variable projection) and the Jacobian by central differences. NumPy only:
    SciPy's least_squares did the same, but importing it cost a third of `planner validate` (issue 13).
    """
    box = np.array(_BOX[form])
    low, high = box[:, 0], box[:, 1]

    def resid(th: Array) -> Array:
        g = _basis(form, th, st, logs)
        gg = float(g @ g)
        return (max(float(g @ y), 0.0) / gg if gg > 0 else 0.0) * g - y

    with np.errstate(all="ignore"):
        try:
            best = _levenberg_marquardt(resid, np.clip(np.asarray(theta, dtype=np.float64), low, high), low, high)
            better = np.all(np.isfinite(best)) and float(np.sum(resid(best) ** 2)) <= float(np.sum(resid(theta) ** 2))
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            return theta
    return best if better else theta


def _levenberg_marquardt(resid: Callable[[Array], Array], x: Array, low: Array, high: Array) -> Array:
    """Return the point in [low, high] where Σ resid² stops falling, from x (a few parameters, cheap residuals)."""
    r = resid(x)
    cost = float(r @ r)
    damping = 1e-3
    for _ in range(200):
        steps = 1e-6 * np.maximum(np.abs(x), 1.0)
        jacobian = np.empty((len(r), len(x)))
        for k in range(len(x)):
            up, down = x.copy(), x.copy()
            up[k], down[k] = min(x[k] + steps[k], high[k]), max(x[k] - steps[k], low[k])
            jacobian[:, k] = (resid(up) - resid(down)) / (up[k] - down[k])
        gradient, normal = jacobian.T @ r, jacobian.T @ jacobian
        # A parameter at the edge of its box that the descent pushes outward stays there; the rest move.
        free = ~(((x <= low) & (gradient > 0)) | ((x >= high) & (gradient < 0)))
        if not free.any():
            break
        sub = normal[np.ix_(free, free)]
        improved = False
        while damping < 1e12:
            step = np.zeros_like(x)
            step[free] = np.linalg.solve(sub + damping * np.diag(np.maximum(np.diag(sub), 1e-12)), -gradient[free])
            trial = np.clip(x + step, low, high)
            trial_r = resid(trial)
            trial_cost = float(trial_r @ trial_r)
            if np.isfinite(trial_cost) and trial_cost < cost:
                gain = cost - trial_cost
                x, r, cost, improved = trial, trial_r, trial_cost, True
                damping = max(damping / 10, 1e-12)
                break
            damping *= 10
        if not improved or gain <= 1e-15 * max(cost, 1e-300) or np.all(np.abs(step) <= 1e-12 * (1 + np.abs(x))):
            break
    return x


def _to_curve(form: str, theta: Array, a: float, spend_unit: float, conv_unit: float, **kw: Any) -> ResponseCurve:
    """A ResponseCurve in money and conversions from normalised shape parameters."""
    t, last = float(theta[0]), float(theta[-1])
    shape = {"power": {"b": t}, "log": {"c": 10.0**t * spend_unit}, "hill": {"k": 10.0**t * spend_unit, "h": last}}
    scale = a * conv_unit * (spend_unit**-t if form == "power" else 1.0)
    return ResponseCurve(form, {"a": scale, **shape[form]}, **kw)


def _mape(pred: Array, y: Array) -> float:
    """Mean absolute percentage error over weeks with conversions; NaN if there are none."""
    seen = y > 0
    return float(np.mean(np.abs(pred[seen] - y[seen]) / y[seen])) if seen.any() else math.nan


def _quality(pred: Array, cv_pred: Array, y: Array, positive: int) -> dict[str, float]:
    """Weeks, in-sample R², and pooled out-of-fold RMSE / MAPE."""
    sst = float(np.sum((y - y.mean()) ** 2)) if len(y) else 0.0
    r2 = 1.0 - float(np.sum((pred - y) ** 2)) / sst if sst > 0 else math.nan
    rmse = float(np.sqrt(np.mean((cv_pred - y) ** 2))) if len(y) else math.nan
    return {"weeks": len(y), "weeks_with_spend": positive, "r2": r2, "cv_mape": _mape(cv_pred, y), "cv_rmse": rmse}


def _ratio(w: Array, s: Array, y: Array) -> Array:
    """Constant conversions per unit of spend for each weight row (total conversions / total spend)."""
    spent = w @ s  # callers silence overflow: absurdly small spends then give no usable rate, not an infinite one
    return np.nan_to_num(np.where(spent > 0, (w @ y) / np.where(spent > 0, spent, 1.0), 0.0), posinf=0.0)


@np.errstate(over="ignore", invalid="ignore")  # extreme inputs may overflow; results are checked to be finite
def fit_response_curve(
    spend: npt.ArrayLike,
    conversions: npt.ArrayLike,
    forms: tuple[str, ...] = CURVED_FORMS,
    min_weeks: int = 8,
    seed: int = 0,  # unused: the fit is deterministic (grid search, time-ordered folds); accepted for uniform calls
) -> FitResult:
    """Fit each form, keep the best out of sample, or fall back visibly to a constant cost per conversion."""
    s, y = _clean(spend, conversions)
    if unknown := sorted(set(forms) - {*CURVED_FORMS, "linear"}):
        raise ValueError(f"unknown form(s) {', '.join(unknown)}; choose from {', '.join(CURVED_FORMS)}")
    pos, n_pos = s > 0, int(np.count_nonzero(s))
    support = (float(s[pos].min()), float(s[pos].max())) if n_pos else (0.0, 0.0)
    # Time-ordered K-fold: row 0 trains on every week, row i leaves out the i-th contiguous block of weeks.
    k = min(FOLDS, max(len(s), 1))
    w = np.vstack([np.ones(len(s)), np.arange(len(s)) * k // max(len(s), 1) != np.arange(k)[:, None]])
    test = 1.0 - w[1:]  # each week is held out exactly once, so summing over folds pools the predictions
    lin = _ratio(w, s, y)
    lin_q = _quality(lin[0] * s, (lin[1:, None] * test).sum(axis=0) * s, y, n_pos)
    # Forms compete on out-of-fold MAPE: relative error suits multiplicative noise and weighs small weeks fairly.
    candidates = {"linear": lin_q["cv_mape"]}

    def fallback(reason: Text) -> FitResult:
        curve = ResponseCurve("linear", {"a": float(lin[0])}, support, lin_q)
        return FitResult(curve, True, Text("curves.fit.fallback", reason=reason), candidates)

    if n_pos == 0:
        return fallback(Text("curves.fit.no_spend"))
    if n_pos < min_weeks and n_pos == len(s):
        return fallback(Text("curves.fit.short_history", weeks=Number(n_pos), needed=Number(min_weeks)))
    if n_pos < min_weeks:
        return fallback(
            Text("curves.fit.few_weeks", weeks=Number(n_pos), total=Number(len(s)), needed=Number(min_weeks))
        )
    if not y.any():
        return fallback(Text("curves.fit.no_conversions"))
    spend_cv = float(s[pos].std() / s[pos].mean())
    if spend_cv < MIN_SPEND_CV:
        return fallback(Text("curves.fit.flat_spend", variation=Ratio(spend_cv)))
    spend_unit, conv_unit, st, logs = _units(s, y)
    fits: dict[str, tuple[Array, Array]] = {}
    for form in dict.fromkeys(f for f in forms if f in CURVED_FORMS):
        try:
            theta, a = _grid_fit(form, st, logs, y / conv_unit, w)
            cv_pred = (a[1:, None] * _basis(form, theta[1:], st, logs) * test).sum(axis=0) * conv_unit
        except (ValueError, ArithmeticError, np.linalg.LinAlgError):
            continue  # a form that cannot be fitted is simply not a candidate
        if math.isfinite(mape := _mape(cv_pred, y)):
            fits[form], candidates[form] = (theta[0], cv_pred), mape
    if not fits:
        return fallback(Text("curves.fit.no_form"))
    best = min(fits, key=candidates.__getitem__)
    if not candidates[best] < (1.0 - LINEAR_MARGIN) * candidates["linear"]:
        return fallback(Text("curves.fit.not_better", best=Share(candidates[best]), linear=Share(candidates["linear"])))
    for form in sorted(fits, key=candidates.__getitem__):
        if not candidates[form] < (1.0 - LINEAR_MARGIN) * candidates["linear"]:
            break
        theta = _polish(form, fits[form][0], st, logs, y / conv_unit)
        g = _basis(form, theta, st, logs)
        scale = max(float(g @ y), 0.0) / float(g @ g)  # in conversions, so the curve is scale * g
        if not (math.isfinite(scale) and np.all(np.isfinite(theta))):
            continue
        quality = {**_quality(scale * g, fits[form][1], y, n_pos), "spend_cv": spend_cv}
        curve = _to_curve(form, theta, scale / conv_unit, spend_unit, conv_unit, support=support, quality=quality)
        if _convex_throughout(curve):
            continue
        return FitResult(curve, False, "", candidates, parameters_at_edge(curve, theta))
    return fallback(Text("curves.fit.increasing"))


def parameters_at_edge(curve: ResponseCurve, theta: npt.ArrayLike) -> tuple[Edge, ...]:
    """Return the shape parameters of a fitted curve (normalised values theta) that sit at an end of the search box."""
    if curve.form not in _BOX:
        return ()
    edges = []
    for name, value, (low, high, step) in zip(
        _EDGE_PARAMETERS[curve.form], np.asarray(theta, dtype=np.float64), _BOX[curve.form], strict=True
    ):
        margin = EDGE_TOLERANCE * step
        side = "low" if value <= low + margin else "high" if value >= high - margin else ""
        if side:
            edges.append(Edge(name, side, float(curve.params[name]), _EDGE_MEANING[name, side]))
    return tuple(edges)


def trim_paused_tail(spend: npt.ArrayLike, outcome: npt.ArrayLike) -> tuple[Array, Array, int]:
    """Return the weeks up to the last one with spend, and how many weeks without spend were cut from the end.

    A channel switched off for its last weeks still records orders for a while (carry-over, organic buyers).
    Every curve passes through the origin and predicts nothing there, so those weeks add a full error to every
    form alike: they blur the cross-validated comparison of the forms (and against a straight line), and they
    inflate a constant rate taken as total orders over total spend.
    """
    s, y = _clean(spend, outcome)
    spent = np.flatnonzero(s > 0)
    if len(spent) == 0:
        return s, y, 0
    end = int(spent[-1]) + 1
    return s[:end], y[:end], len(s) - end


def _convex_throughout(curve: ResponseCurve) -> bool:
    """Return whether an S-shaped curve bends only beyond the spend seen: increasing returns everywhere we know.

    Marketing channels saturate; a fit whose returns keep rising over the whole observed range is noise
    read as shape, and would invite the optimiser to extrapolate. Such a form is not a candidate.
    """
    if curve.form != "hill" or curve.params["h"] <= 1:
        return False
    k, h = curve.params["k"], curve.params["h"]
    inflection = k * ((h - 1) / (h + 1)) ** (1 / h)
    return bool(inflection >= curve.support[1])


_FRACTIONS = np.linspace(0.0, 1.0, 65)  # where each chord's error is sampled, as fractions of its piece


def piecewise_linear(curve: ResponseCurve, upper: float, segments: int = 16) -> tuple[list[tuple[float, float]], float]:
    """Chords on [0, upper] as (width, slope) pieces, and their largest error as a share of value(upper)."""
    if not (math.isfinite(upper) and upper >= 0) or segments < 1:
        raise ValueError(f"need a finite upper >= 0 and segments >= 1, got upper={upper}, segments={segments}")
    if upper == 0:
        return [], 0.0
    if curve.form == "linear":
        return [(upper, curve.params["a"])], 0.0
    xs = curve.table[0] if curve.form == "table" else np.empty(0)
    knots = xs[(xs > 0) & (xs < upper)]
    if curve.form == "table" and (len(knots) < segments or not curve.is_concave()):
        # The table's own corners reproduce it exactly; a table that is not concave keeps them all, for its rising
        # stretches are planned with ordering binaries on the corners' pieces.
        cuts = np.concatenate([[0.0], knots, [upper]])
    elif curve.form == "table":
        cuts = _table_cuts(curve, upper, segments)
    else:
        # Asymptotically equal-error breakpoints (density ∝ sqrt|f''|), found on a log grid because power and hill
        # curves bend hardest right next to zero; a little uniform density covers straight stretches. Chords on
        # [0, upper] stay within 1% of value(upper) with 16 pieces unless b or h is below about 0.3.
        t = upper * np.geomspace(1e-100, 1.0, 4097)
        with np.errstate(over="ignore", invalid="ignore"):
            bend = np.nan_to_num(np.sqrt(np.abs(np.gradient(curve.marginal(t), t))), posinf=0.0)
        mass = np.concatenate([[0.0], np.cumsum(0.5 * (bend[1:] + bend[:-1]) * np.diff(t))])
        mass += 0.05 * max(mass[-1], 1.0 / upper) * t / upper
        inner = np.interp(np.linspace(0, mass[-1], segments + 1)[1:-1], mass, t)
        cuts = np.unique(np.concatenate([[0.0], inner, [upper]]))
    # A table's value between its corners is np.interp's (what value() computes, without its checks: cuts are >= 0).
    value = functools.partial(np.interp, xp=curve.table[0], fp=curve.table[1]) if curve.form == "table" else curve.value
    vals, widths = np.asarray(value(cuts), dtype=np.float64), np.diff(cuts)
    slopes = np.diff(vals) / widths
    # Chord error sampled inside every piece, not on one global grid, so the tiny pieces next to zero count too.
    chords = vals[:-1, None] + slopes[:, None] * widths[:, None] * _FRACTIONS
    error = float(np.max(np.abs(value(cuts[:-1, None] + widths[:, None] * _FRACTIONS) - chords)))
    if curve.is_concave():
        slopes = np.minimum.accumulate(slopes)  # only rounding could break the order, and the LP relies on it
    widths[-1] = upper - float(widths[:-1].sum())  # widths add up to upper exactly
    error = error / top if (top := float(value(upper))) > 0 else 0.0
    return [(float(w), float(s)) for w, s in zip(widths, slopes, strict=True)], error


def _table_cuts(curve: ResponseCurve, upper: float, segments: int) -> np.ndarray:
    """Return about `segments` + 1 of a concave table's corners up to `upper`, denser where its slope turns most.

    A corner's share is sqrt(|slope change| × the spend around it), the equal-error rule of chords on a smooth
    curve (density ∝ sqrt|f''|) with f'' a sum of kinks, plus a little uniform share. Chords between corners
    meet the table exactly at them; `refine_responses` adds the corners around the plan.
    """
    xs, slopes = curve.table[0], curve.table_slopes
    inside = (xs > 0) & (xs < upper)
    around = (xs[2:] - xs[:-2]) / 2.0  # the spend around corners 1 .. n-2 (np.gradient's, written out: 3× faster)
    share = np.sqrt(np.concatenate([[0.0], np.abs(np.diff(slopes)) * around, [0.0]]))
    spacing = np.concatenate([xs[1:2] - xs[:1], around, xs[-1:] - xs[-2:-1]])
    mass = np.cumsum(share + 0.05 * max(float(share.sum()), 1e-300) * spacing / max(float(xs[-1]), 1e-300))
    wanted = np.linspace(0.0, float(mass[inside].max(initial=0.0)), segments + 1)[1:-1]
    picked = np.searchsorted(mass, wanted).clip(0, len(xs) - 1)  # rising, as `wanted` is
    first = np.ones(len(picked), dtype=bool)
    first[1:] = picked[1:] != picked[:-1]
    corners = xs[picked[first]]
    return np.concatenate([[0.0], corners[(corners > 0) & (corners < upper)], [upper]])  # rising: corners are


def table_corners_near(curve: ResponseCurve, spend: float, upper: float, slope: float = math.nan) -> list[float]:
    """Return the table's corners around a spend: every one within 3 rows, then the 6th, 12th, 24th … row out.

    Added to a coarse table's cuts after a solve (refine_responses), they make its chords exact on a window
    around the plan, so a re-solve finds the table's optimum wherever it lies in that window. Given the slope
    the next unit of spend is worth there (from the solve's duals), the window is put where the table's own
    slope falls through it, which is where the optimum on the whole table lies if those prices hold; the plan's
    own corners are kept, so the re-solve can do no worse.
    """
    xs = curve.table[0]
    at = int(np.searchsorted(xs, spend))
    rows = {at - 1, at, at + 1}
    centre = at
    if math.isfinite(slope):
        slopes = curve.table_slopes  # falling: a concave table
        centre = int(np.searchsorted(-slopes, -slope, side="left"))  # the first piece worth less than `slope`
    steps = [*range(-3, 4), *(s * 3 * 2**k for k in range(1, 12) for s in (-1, 1))]
    rows.update(centre + step for step in steps)
    return [float(xs[r]) for r in sorted(rows) if 0 < r < len(xs) and 0 < xs[r] < upper]


@np.errstate(over="ignore", invalid="ignore")
def fit_form(spend: npt.ArrayLike, conversions: npt.ArrayLike, form: str) -> ResponseCurve:
    """Return the least-squares curve of one given form, with no competition between forms and no fallback.

    A backtest of a plan's curve refits the plan's own form on earlier weeks: choosing afresh could score a
    different curve from the one the plan is built on.
    """
    s, y = _clean(spend, conversions)
    if form not in (*CURVED_FORMS, "linear"):
        raise ValueError(f"cannot fit a {form!r} curve; choose from {', '.join(CURVED_FORMS)} or linear")
    pos = s > 0
    support = (float(s[pos].min()), float(s[pos].max())) if pos.any() else (0.0, 0.0)
    linear = ResponseCurve("linear", {"a": float(_ratio(np.ones((1, len(s))), s, y)[0])}, support)
    if form == "linear" or not pos.any() or not y.any():
        return linear
    spend_unit, conv_unit, st, logs = _units(s, y)
    theta, _ = _grid_fit(form, st, logs, y / conv_unit, np.ones((1, len(s))))
    theta = _polish(form, theta[0], st, logs, y / conv_unit)
    g = _basis(form, theta, st, logs)
    scale = max(float(g @ y), 0.0) / float(g @ g) if float(g @ g) > 0 else 0.0
    if not (math.isfinite(scale) and np.all(np.isfinite(theta))):
        return linear
    return _to_curve(form, theta, scale / conv_unit, spend_unit, conv_unit, support=support)


@np.errstate(over="ignore", invalid="ignore")  # absurdly small weeks may overflow a ratio: such a score is NaN
def backtest(
    spend: npt.ArrayLike, conversions: npt.ArrayLike, split: float = 0.75, form: str | None = None, **fit_kwargs: Any
) -> Backtest:
    """Fit on the first `split` share of weeks and score predictions for the rest from their actual spend.

    With `form`, that form is refitted (as `fit_form`); without, forms compete as in `fit_response_curve`.
    """
    s, y = _clean(spend, conversions)
    cut = round(split * len(s))
    if not 0 < cut < len(s):
        raise ValueError(f"split {split} leaves no training or no test weeks out of {len(s)}")
    if form is None:
        fit = fit_response_curve(s[:cut], y[:cut], **fit_kwargs)
        curve, fallback = fit.curve, fit.fallback
    else:
        curve, fallback = fit_form(s[:cut], y[:cut], form), False
    # Weeks without spend are left out of the test: the curve predicts nothing there, so all they would score is
    # the carry-over or organic orders of a channel switched off, not how well the curve reads spend.
    on = s[cut:] > 0
    pred, actual = curve.value(s[cut:][on]), y[cut:][on]
    bias = float(np.mean(pred - actual) / actual.mean()) if on.any() and actual.mean() > 0 else math.nan
    mape = _mape(pred, actual)
    bias, mape = (value if math.isfinite(value) else math.nan for value in (bias, mape))
    return Backtest(
        mape=mape,
        bias=bias,
        weeks_train=cut,
        weeks_test=int(on.sum()),
        weeks_off=int((~on).sum()),
        form=curve.form,
        fallback=fallback,
    )


@np.errstate(over="ignore", invalid="ignore")
def bootstrap_curves(
    spend: npt.ArrayLike, conversions: npt.ArrayLike, n: int = 200, seed: int = 0, form: str | None = None
) -> list[ResponseCurve]:
    """Curves refitted on `n` circular block-bootstrap resamples of the weeks (default: the main fit's form)."""
    s, y = _clean(spend, conversions)
    form = form or fit_response_curve(s, y).curve.form
    if form not in (*CURVED_FORMS, "linear"):
        raise ValueError(f"cannot bootstrap a {form!r} curve; choose from {', '.join(CURVED_FORMS)} or linear")
    weeks, pos = len(s), s > 0
    if n < 1 or weeks == 0:
        return []
    block = min(BOOTSTRAP_BLOCK, weeks)
    starts = np.random.default_rng(seed).integers(0, weeks, size=(n, -(-weeks // block)))
    idx = ((starts[:, :, None] + np.arange(block)) % weeks).reshape(n, -1)[:, :weeks]
    w = np.zeros((n, weeks))
    np.add.at(w, (np.arange(n)[:, None], idx), 1.0)  # w[i, j] = how often resample i drew week j
    support = (float(s[pos].min()), float(s[pos].max())) if pos.any() else (0.0, 0.0)
    kw: dict[str, Any] = {"support": support, "quality": {"weeks": float(weeks)}}
    if form == "linear" or not pos.any():
        return [ResponseCurve("linear", {"a": float(a)}, **kw) for a in _ratio(w, s, y)]
    # One vectorised grid search serves all resamples at once, which is faster than warm-starting n solves.
    spend_unit, conv_unit, st, logs = _units(s, y)
    theta, a = _grid_fit(form, st, logs, y / conv_unit, w)
    return [_to_curve(form, theta[i], float(a[i]), spend_unit, conv_unit, **kw) for i in range(n)]
