"""Spare parts (ZIP) stocking maths: Poisson lead-time demand, backorders, fill rates, METRIC.

Units and conventions (DESIGN §4.7):

* demand over a replenishment lead time is Poisson with mean ``mean_demand`` (failures expected
  while one replacement is on its way); :func:`lead_time_demand` builds it from the installed base;
* two stock definitions, never mixed: the **fill rate** of one-for-one replenishment,
  P(X <= S-1), is the share of failures served from the shelf; the **no-stock-out probability**,
  P(X <= S), is the chance the stock never runs dry over one lead time;
* expected backorders EBO(S) = E[(X - S)+] is the mean number of failures waiting for a part;
* money is in the scenario currency; frozen capital = sum of unit cost × stock, and the holding
  cost is that capital × an annual holding rate;
* the two-echelon METRIC model takes demand rates per day and times in days.

Scalars in give a Python ``float`` (``int`` for stock levels) out, arrays in broadcast and give
arrays out.  Bad arguments raise :class:`bizcase.model.errors.InputError` naming the argument, the value
and the rule.

References
----------
.. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems: Multi-Echelon Techniques*,
   2nd ed., Kluwer, 2004.
.. [2] C. C. Sherbrooke, "METRIC: A Multi-Echelon Technique for Recoverable Item Control",
   *Operations Research* 16(1), 122-141, 1968.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from bizcase.model._validate import as_output as _out
from bizcase.model._validate import as_real as _as_real
from bizcase.model._validate import broadcast_named as _broadcast
from bizcase.model._validate import is_scalar as _is_scalar
from bizcase.model._validate import to_float as _to_float
from bizcase.model._validate import where_bad as _where_bad
from bizcase.model.errors import InputError

__all__ = [
    "BudgetAllocation",
    "DeviceClass",
    "MetricResult",
    "PoolingComparison",
    "annual_failure_rate_from_mtbf",
    "budget_frontier",
    "expected_backorders",
    "fill_rate",
    "frozen_capital",
    "holding_cost_per_year",
    "lead_time_demand",
    "metric_two_echelon",
    "no_stockout_probability",
    "pooled_vs_separate_stock",
    "stock_for_budget",
    "stock_for_fill_rate",
    "stock_for_no_stockout",
    "stockout_probability_during_repair",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class _FastPoisson:
    """``scipy.stats.poisson``'s cdf, sf and ppf without its per-call argument handling.

    The same special functions on the same elements (``pdtr``, ``pdtrc``, ``pdtrik``), so the
    values are scipy's, bit for bit, on this module's domain (means finite and >= 0): the
    argument machinery it skips cost more than the functions themselves in the spares searches
    that the delivery plan and the business case run for every contract count.
    """

    @staticmethod
    def cdf(k: npt.ArrayLike, mu: npt.ArrayLike) -> FloatArray:
        k_arr, m = np.broadcast_arrays(np.asarray(k, np.float64), np.asarray(mu, np.float64))
        inside = (k_arr >= 0) & np.isfinite(k_arr) & (m >= 0)
        out = np.where(k_arr == np.inf, 1.0, 0.0)
        out[np.isnan(k_arr) | ~(m >= 0)] = np.nan
        if np.any(inside):
            out[inside] = special.pdtr(np.floor(k_arr[inside]), m[inside])
        return out[()] if out.ndim == 0 else out  # type: ignore[no-any-return]

    @staticmethod
    def sf(k: npt.ArrayLike, mu: npt.ArrayLike) -> FloatArray:
        k_arr, m = np.broadcast_arrays(np.asarray(k, np.float64), np.asarray(mu, np.float64))
        inside = (k_arr >= 0) & np.isfinite(k_arr) & (m >= 0)
        out = np.where(k_arr < 0, 1.0, 0.0)
        out[np.isnan(k_arr) | ~(m >= 0)] = np.nan
        if np.any(inside):
            out[inside] = special.pdtrc(np.floor(k_arr[inside]), m[inside])
        return out[()] if out.ndim == 0 else out  # type: ignore[no-any-return]

    @staticmethod
    def ppf(q: npt.ArrayLike, mu: npt.ArrayLike) -> FloatArray:
        q_arr, m = np.broadcast_arrays(np.asarray(q, np.float64), np.asarray(mu, np.float64))
        valid = m >= 0
        out = np.full(q_arr.shape, np.nan)
        out[(q_arr == 0) & valid] = -1.0
        out[(q_arr == 1) & valid] = np.inf
        inside = (q_arr > 0) & (q_arr < 1) & valid
        if np.any(inside):
            qi, mi = q_arr[inside], m[inside]
            vals = np.ceil(special.pdtrik(qi, mi))
            vals1 = np.maximum(vals - 1, 0)
            out[inside] = np.where(special.pdtr(vals1, mi) >= qi, vals1, vals)
        return out[()] if out.ndim == 0 else out  # type: ignore[no-any-return]


poisson = _FastPoisson()

HOURS_PER_YEAR: Final = 8760.0
DAYS_PER_YEAR: Final = 365.0
#: Default annual holding rate: 25% of the stock's value a year (DESIGN §8: 20-40%).
DEFAULT_HOLDING_RATE: Final = 0.25

#: Backorder tails smaller than this are set to 0 (their float difference is subnormal noise).
_NEGLIGIBLE_EBO: Final = 1e-290
_MEAN_RULE: Final = "must be a finite number >= 0 (expected failures in the lead time)"
_STOCK_RULE: Final = "must be a whole number of units >= 0"
_TARGET_RULE: Final = "must be a probability strictly between 0 and 1"


# --------------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------------


def _as_stock(name: str, value: npt.ArrayLike) -> FloatArray:
    """Whole, non-negative unit counts, kept as floats for scipy."""
    raw, real = _to_float(name, value, _STOCK_RULE)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(real) | (real < 0) | (real != np.round(real))
    if np.any(bad):
        raise InputError(f"{_where_bad(name, raw, bad)}: {_STOCK_RULE}")
    return real


def _as_mean(name: str, value: npt.ArrayLike) -> FloatArray:
    return _as_real(name, value, rule=_MEAN_RULE)


def _as_target(name: str, value: npt.ArrayLike) -> FloatArray:
    return _as_real(name, value, low_inclusive=False, high=1.0, rule=_TARGET_RULE)


def _as_vector(name: str, value: FloatArray) -> FloatArray:
    if value.ndim != 1 or value.size == 0:
        raise InputError(
            f"{name} has shape {value.shape}: must be a non-empty one-dimensional sequence"
        )
    return value


def _single_real(name: str, value: npt.ArrayLike, rule: str) -> float:
    """One finite number >= 0 (not a sequence)."""
    if np.ndim(value) != 0:
        raise InputError(f"{name} = {value!r}: {rule}")
    return float(_as_real(name, value, rule=rule))


def _out_int(result: FloatArray, scalar: bool) -> int | IntArray:
    as_int = np.asarray(result).astype(np.int64)
    return int(as_int) if scalar else as_int


# --------------------------------------------------------------------------------------------------
# Kernels on validated, broadcast arrays (shared so every function sees identical floats)
# --------------------------------------------------------------------------------------------------


def _ebo_kernel(stock: FloatArray, mean: FloatArray) -> FloatArray:
    """E[(X - S)+] for X ~ Poisson(mean), closed form, no sums.

    With F the cdf and x·P(x) = λ·P(x-1):  EBO(S) = λ - S + S·F(S) - λ·F(S-1)
    = λ·P(X > S-1) - S·P(X > S).  Below the mean the cdf form keeps the large λ - S term exact; above
    it the survival form keeps the small tail accurate.  Both bracketed parts are >= 0 in exact
    arithmetic, so clipping them at 0 only removes rounding noise; tails whose first term is below
    ``_NEGLIGIBLE_EBO`` are returned as 0.
    """
    stock, mean = np.broadcast_arrays(stock, mean)
    below = stock <= mean
    body = (mean - stock) + np.maximum(
        stock * poisson.cdf(stock, mean) - mean * poisson.cdf(stock - 1, mean), 0.0
    )
    upper = mean * poisson.sf(stock - 1, mean)
    tail = np.maximum(upper - stock * poisson.sf(stock, mean), 0.0)
    # Near the subnormal range the difference is rounding noise; 0 keeps EBO monotone in S.
    tail = np.where(upper < _NEGLIGIBLE_EBO, 0.0, tail)
    return np.asarray(np.where(below, body, tail), dtype=np.float64)


def _fill_rate_kernel(stock: FloatArray, mean: FloatArray) -> FloatArray:
    return np.asarray(poisson.cdf(stock - 1, mean), dtype=np.float64)


def _smallest_quantile(mean: FloatArray, target: FloatArray) -> FloatArray:
    """Smallest integer k >= 0 with P(X <= k) >= target, exact despite ppf rounding.

    scipy's ``ppf`` inverts a continuous approximation and can land off by a few steps, more for
    large means; the exact answer is bracketed around it by doubling steps and then found by
    bisection on the integers, so the work is logarithmic in the error, never one unit a step.
    """
    mean, target = np.broadcast_arrays(mean, target)
    guess = np.asarray(poisson.ppf(target, mean), dtype=np.float64)
    guess = np.where(np.isfinite(guess), np.maximum(guess, 0.0), 0.0)
    # Invariant: the answer lies in (low, high]; P(X <= high) >= target; low = -1 or
    # P(X <= low) < target.
    high = guess.copy()
    step = np.ones_like(high)
    while np.any(short := poisson.cdf(high, mean) < target):
        high = np.where(short, high + step, high)
        step = np.where(short, 2.0 * step, step)
    low = np.minimum(guess, high) - 1.0
    step = np.ones_like(low)
    while np.any(over := (low >= 0.0) & (poisson.cdf(low, mean) >= target)):
        low = np.where(over, np.maximum(low - step, -1.0), low)
        step = np.where(over, 2.0 * step, step)
    while np.any(open_ := high - low > 1.0):
        mid = np.floor((low + high) / 2.0)
        enough = poisson.cdf(mid, mean) >= target
        high = np.where(open_ & enough, mid, high)
        low = np.where(open_ & ~enough, mid, low)
    return high


def _greedy_state(mean: FloatArray, cost: FloatArray, ratio: float) -> FloatArray:
    """The marginal-analysis stock after every unit whose EBO reduction per money exceeds
    ``ratio`` was bought: per class the smallest S with P(X > S) <= ratio·cost, a Poisson
    quantile (0 where even the first unit falls below the ratio)."""
    need = 1.0 - ratio * cost  # P(X <= S) >= need
    state = np.zeros_like(mean)
    some = need > 0.0
    if np.any(some):
        state[some] = _smallest_quantile(mean[some], np.minimum(need[some], 1.0))
    return state


# --------------------------------------------------------------------------------------------------
# Demand
# --------------------------------------------------------------------------------------------------


def annual_failure_rate_from_mtbf(mtbf_hours: npt.ArrayLike) -> float | FloatArray:
    """Failures per unit per year from a mean time between failures.

    Parameters
    ----------
    mtbf_hours : float or array_like
        Mean time between failures of one unit, in hours, finite and > 0.

    Returns
    -------
    float or ndarray
        Expected failures per unit per year (a year of 8,760 operating hours).

    Notes
    -----
    rate = 8760 / MTBF, which assumes the unit runs around the clock and fails at a constant rate.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> annual_failure_rate_from_mtbf(87_600)
    0.1
    """
    mtbf = _as_real(
        "mtbf_hours", mtbf_hours, low_inclusive=False, rule="must be a finite number of hours > 0"
    )
    return _out(HOURS_PER_YEAR / mtbf, _is_scalar(mtbf_hours))


def lead_time_demand(
    installed_units: npt.ArrayLike,
    annual_failure_rate: npt.ArrayLike,
    lead_time_days: npt.ArrayLike,
) -> float | FloatArray:
    """Mean Poisson demand for spares during one replenishment lead time.

    Parameters
    ----------
    installed_units : float or array_like
        Units installed (pooled across the clients the stock serves), finite and >= 0.
    annual_failure_rate : float or array_like
        Failures per unit per year, finite and >= 0 (see :func:`annual_failure_rate_from_mtbf`).
    lead_time_days : float or array_like
        Replenishment lead time (repair or resupply of one part) in days, finite and >= 0.

    Returns
    -------
    float or ndarray
        Expected number of failures during one lead time, the Poisson mean λ used by every other
        function here.

    Notes
    -----
    λ = units × annual failure rate × lead_time_days / 365.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> print(f"{lead_time_demand(500, 0.25, 3.65):.4f}")
    1.2500
    """
    units = _as_real("installed_units", installed_units, rule="must be a finite number >= 0")
    rate = _as_real(
        "annual_failure_rate", annual_failure_rate, rule="must be a finite number >= 0 per year"
    )
    days = _as_real("lead_time_days", lead_time_days, rule="must be a finite number of days >= 0")
    units, rate, days = _broadcast(
        installed_units=units, annual_failure_rate=rate, lead_time_days=days
    )
    scalar = _is_scalar(installed_units, annual_failure_rate, lead_time_days)
    return _out(units * rate * days / DAYS_PER_YEAR, scalar)


# --------------------------------------------------------------------------------------------------
# Single-site stock measures
# --------------------------------------------------------------------------------------------------


def expected_backorders(stock: npt.ArrayLike, mean_demand: npt.ArrayLike) -> float | FloatArray:
    """Expected backorders EBO(S): mean number of failures waiting for a spare.

    Parameters
    ----------
    stock : int or array_like of int
        Stock level S (spares on hand plus on order, one-for-one replenishment), >= 0.
    mean_demand : float or array_like
        Poisson mean λ of the demand in one replenishment lead time, finite and >= 0.

    Returns
    -------
    float or ndarray
        EBO(S) = E[(X - S)+] in units, between max(0, λ - S) and λ.

    Notes
    -----
    EBO(S) = Σ_{x>S} (x - S)·P(x) = λ - S + Σ_{x<=S} (S - x)·P(x).  Using x·P(x) = λ·P(x-1) the
    finite sum collapses to S·F(S) - λ·F(S-1), so EBO(S) = λ·P(X > S-1) - S·P(X > S): no infinite
    sum, evaluated with ``scipy.stats.poisson`` cdf below the mean and survival function above it.
    Adding one unit lowers EBO by exactly P(X > S).  Tails below 1e-290 are returned as 0.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004,
       ch. 2.

    Examples
    --------
    >>> print(np.round(expected_backorders(np.arange(5), 1.25), 5))
    [1.25    0.5365  0.18114 0.04961 0.01134]
    """
    s = _as_stock("stock", stock)
    lam = _as_mean("mean_demand", mean_demand)
    s, lam = _broadcast(stock=s, mean_demand=lam)
    return _out(_ebo_kernel(s, lam), _is_scalar(stock, mean_demand))


def fill_rate(stock: npt.ArrayLike, mean_demand: npt.ArrayLike) -> float | FloatArray:
    """Fill rate of one-for-one replenishment: share of failures served from the shelf.

    Parameters
    ----------
    stock : int or array_like of int
        Stock level S (on hand plus on order), >= 0.
    mean_demand : float or array_like
        Poisson mean λ of the demand in one replenishment lead time, finite and >= 0.

    Returns
    -------
    float or ndarray
        P(X <= S-1), in [0, 1]; 0 when S = 0.

    Notes
    -----
    **Fill-rate definition.**  A failure finds a spare on the shelf when fewer than S earlier
    units are in the repair/resupply pipeline, so the fill rate is P(X <= S-1) — one less than the
    no-stock-out probability :func:`no_stockout_probability`, P(X <= S).  With S = 0 no failure is
    ever served from stock, whatever λ.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004,
       ch. 2.

    Examples
    --------
    >>> print(f"{fill_rate(3, 1.25):.6f}")
    0.868468
    """
    s = _as_stock("stock", stock)
    lam = _as_mean("mean_demand", mean_demand)
    s, lam = _broadcast(stock=s, mean_demand=lam)
    return _out(_fill_rate_kernel(s, lam), _is_scalar(stock, mean_demand))


def no_stockout_probability(stock: npt.ArrayLike, mean_demand: npt.ArrayLike) -> float | FloatArray:
    """Probability that the stock does not run out during one lead time.

    Parameters
    ----------
    stock : int or array_like of int
        Stock level S at the start of the lead time, >= 0.
    mean_demand : float or array_like
        Poisson mean λ of the demand in the lead time, finite and >= 0.

    Returns
    -------
    float or ndarray
        P(X <= S), in [0, 1].

    Notes
    -----
    **No-stock-out definition.**  The demand X over the interval is covered by S units when
    X <= S, so the probability is the Poisson cdf at S.  The fill rate is the same cdf one step
    lower, P(X <= S-1) (see :func:`fill_rate`).

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> print(np.round(no_stockout_probability(np.arange(5), 1.25), 6))
    [0.286505 0.644636 0.868468 0.961731 0.990876]
    """
    s = _as_stock("stock", stock)
    lam = _as_mean("mean_demand", mean_demand)
    s, lam = _broadcast(stock=s, mean_demand=lam)
    return _out(np.asarray(poisson.cdf(s, lam), dtype=np.float64), _is_scalar(stock, mean_demand))


def stockout_probability_during_repair(
    stock: npt.ArrayLike, mean_demand: npt.ArrayLike
) -> float | FloatArray:
    """Probability that a failure finds the local spares shelf empty.

    This is the probability the incident engine uses for a local stock-out: with it, a failure
    cannot be fixed from local stock and the restoration waits for a part to be shipped in.

    Parameters
    ----------
    stock : int or array_like of int
        Local stock level S (on hand plus on order), >= 0.
    mean_demand : float or array_like
        Poisson mean λ of local demand during one replenishment (repair or resupply) lead time,
        finite and >= 0.

    Returns
    -------
    float or ndarray
        1 - fill rate = P(X >= S), in [0, 1]; 1 when S = 0.

    Notes
    -----
    Uses the **fill-rate** definition (P(X <= S-1) served from the shelf), not the no-stock-out
    one: by PASTA a failure sees the pipeline in its time-average state, and finds the shelf
    empty when S or more earlier units are outstanding.  Computed as the survival function
    P(X > S-1), so small probabilities keep their precision.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> print(f"{stockout_probability_during_repair(2, 1.25):.6f}")
    0.355364
    """
    s = _as_stock("stock", stock)
    lam = _as_mean("mean_demand", mean_demand)
    s, lam = _broadcast(stock=s, mean_demand=lam)
    return _out(
        np.asarray(poisson.sf(s - 1, lam), dtype=np.float64), _is_scalar(stock, mean_demand)
    )


def stock_for_no_stockout(mean_demand: npt.ArrayLike, target: npt.ArrayLike) -> int | IntArray:
    """Smallest stock S whose no-stock-out probability P(X <= S) reaches a target.

    Parameters
    ----------
    mean_demand : float or array_like
        Poisson mean λ of the demand in one lead time, finite and >= 0.
    target : float or array_like
        Required probability of no stock-out over the lead time, strictly between 0 and 1.

    Returns
    -------
    int or ndarray of int
        The smallest integer S >= 0 with P(X <= S) >= target (0 when λ = 0).

    Notes
    -----
    **No-stock-out definition**, P(X <= S).  Starts from ``scipy.stats.poisson.ppf`` and corrects
    it by whole steps until P(X <= S-1) < target <= P(X <= S) holds exactly in floating point.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> stock_for_no_stockout(1.25, 0.95)
    3
    """
    lam = _as_mean("mean_demand", mean_demand)
    goal = _as_target("target", target)
    lam, goal = _broadcast(mean_demand=lam, target=goal)
    return _out_int(_smallest_quantile(lam, goal), _is_scalar(mean_demand, target))


def stock_for_fill_rate(mean_demand: npt.ArrayLike, target: npt.ArrayLike) -> int | IntArray:
    """Smallest stock S whose one-for-one fill rate P(X <= S-1) reaches a target.

    Parameters
    ----------
    mean_demand : float or array_like
        Poisson mean λ of the demand in one replenishment lead time, finite and >= 0.
    target : float or array_like
        Required fill rate (share of failures served from the shelf), strictly between 0 and 1.

    Returns
    -------
    int or ndarray of int
        The smallest integer S >= 1 with P(X <= S-1) >= target.

    Notes
    -----
    **Fill-rate definition**, P(X <= S-1): the answer is one more than
    :func:`stock_for_no_stockout` for the same λ and target.  Since the fill rate of S = 0 is 0,
    at least one unit is always needed — even when λ = 0, where the formula is applied as is.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> stock_for_fill_rate(1.25, 0.95)
    4
    >>> stock_for_fill_rate([0.5, 1.25, 10.0], 0.95)
    array([ 3,  4, 16])
    """
    lam = _as_mean("mean_demand", mean_demand)
    goal = _as_target("target", target)
    lam, goal = _broadcast(mean_demand=lam, target=goal)
    return _out_int(_smallest_quantile(lam, goal) + 1.0, _is_scalar(mean_demand, target))


# --------------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------------


def frozen_capital(stock: npt.ArrayLike, unit_cost: npt.ArrayLike) -> float | FloatArray:
    """Money tied up in spares: Σ unit cost × stock over device classes.

    Parameters
    ----------
    stock : int or array_like of int
        Stock per device class, >= 0; the last axis runs over classes.
    unit_cost : float or array_like
        Cost of one unit of each class in the scenario currency, finite and >= 0; broadcast
        against ``stock``.

    Returns
    -------
    float or ndarray
        Σ_classes unit_cost × stock along the last axis: a float for scalar or one-dimensional
        inputs, an array with one value per leading index otherwise (e.g. per candidate plan).

    Notes
    -----
    Capital = Σ_j c_j·S_j.  It is a balance, not a yearly cost; see :func:`holding_cost_per_year`.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> frozen_capital([2, 1, 0], [1500.0, 4000.0, 900.0])
    7000.0
    """
    s = _as_stock("stock", stock)
    cost = _as_real("unit_cost", unit_cost, rule="must be a finite amount >= 0 per unit")
    s, cost = _broadcast(stock=s, unit_cost=cost)
    product = s * cost
    total = product if product.ndim == 0 else product.sum(axis=-1)
    return _out(np.asarray(total, dtype=np.float64), np.ndim(total) == 0)


def holding_cost_per_year(
    capital: npt.ArrayLike, holding_rate: npt.ArrayLike = DEFAULT_HOLDING_RATE
) -> float | FloatArray:
    """Yearly cost of holding spares: capital × annual holding rate.

    Parameters
    ----------
    capital : float or array_like
        Frozen capital in the scenario currency (see :func:`frozen_capital`), finite and >= 0.
    holding_rate : float or array_like, default 0.25
        Share of the stock's value spent per year on capital cost, storage, insurance and
        obsolescence, a decimal in [0, 1] (DESIGN §8: 20-40%, 25% the usual rule of thumb).

    Returns
    -------
    float or ndarray
        Holding cost per year in the scenario currency.

    Notes
    -----
    holding cost = capital × holding_rate.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> holding_cost_per_year(7000.0)
    1750.0
    """
    money = _as_real("capital", capital, rule="must be a finite amount >= 0")
    rate = _as_real(
        "holding_rate",
        holding_rate,
        high=1.0,
        high_inclusive=True,
        rule="must be a decimal share per year in [0, 1] (0.25, not 25)",
    )
    money, rate = _broadcast(capital=money, holding_rate=rate)
    return _out(money * rate, _is_scalar(capital, holding_rate))


# --------------------------------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolingComparison:
    """Stock needed with one shared pool versus one stock per demand stream.

    Attributes
    ----------
    pooled_stock : int
        Stock meeting the target when every demand draws on one pool.
    separate_stocks : tuple of int
        Stock meeting the target at each stream on its own.
    separate_total : int
        Sum of ``separate_stocks``.
    units_saved : int
        ``separate_total - pooled_stock`` (the pooling benefit; may be negative, see Notes of
        :func:`pooled_vs_separate_stock`).
    """

    pooled_stock: int
    separate_stocks: tuple[int, ...]
    separate_total: int
    units_saved: int


def pooled_vs_separate_stock(
    mean_demands: npt.ArrayLike,
    target: float,
    *,
    definition: Literal["fill_rate", "no_stockout"] = "fill_rate",
) -> PoolingComparison:
    """Stock needed to meet one target with demands pooled in one stock versus kept apart.

    Parameters
    ----------
    mean_demands : array_like
        Poisson mean lead-time demand of each stream (client site, region), finite and >= 0.
    target : float
        Fill rate (or no-stock-out probability) each stream must reach, strictly in (0, 1).
    definition : {"fill_rate", "no_stockout"}, default "fill_rate"
        Which stock measure the target applies to: P(X <= S-1) or P(X <= S).

    Returns
    -------
    PoolingComparison
        Pooled stock, per-stream stocks, their total and the units saved by pooling.

    Notes
    -----
    The pool sees Poisson demand with mean Σλ_j; the separate stocks are sized for each λ_j.
    Quantiles are not subadditive in general, so pooling is not guaranteed to save: with the
    fill-rate definition and targets >= 0.5 it has never needed more stock in exhaustive checks,
    but below the median, or with the no-stock-out definition and very small demands (where each
    stream alone needs 0 units), the pool can need a unit more.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> result = pooled_vs_separate_stock([0.4, 0.4, 0.4, 0.4], 0.95)
    >>> result.pooled_stock, result.separate_total, result.units_saved
    (5, 12, 7)
    """
    lam = _as_vector("mean_demands", _as_mean("mean_demands", mean_demands))
    if np.ndim(target) != 0:
        raise InputError(f"target = {target!r}: must be a single probability, not a sequence")
    goal = _as_target("target", target)
    if definition == "fill_rate":
        shift = 1.0
    elif definition == "no_stockout":
        shift = 0.0
    else:
        raise InputError(f"definition = {definition!r}: must be 'fill_rate' or 'no_stockout'")
    separate = _smallest_quantile(lam, np.broadcast_to(goal, lam.shape)) + shift
    pooled = int(_smallest_quantile(np.asarray(lam.sum()), goal) + shift)
    separate_stocks = tuple(int(v) for v in separate)
    separate_total = sum(separate_stocks)
    return PoolingComparison(
        pooled_stock=pooled,
        separate_stocks=separate_stocks,
        separate_total=separate_total,
        units_saved=separate_total - pooled,
    )


# --------------------------------------------------------------------------------------------------
# Device classes and the two-echelon METRIC model
# --------------------------------------------------------------------------------------------------


def _check_scalar(name: str, value: object, rule: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(f"{name} = {value!r}: {rule}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise InputError(f"{name} = {value!r}: {rule}")
    return number


@dataclass(frozen=True)
class DeviceClass:
    """One class of spare part: what is installed, how often it fails, what a spare costs.

    Parameters
    ----------
    name : str
        Label of the class (e.g. ``"core switch PSU"``), non-empty and unique within a plan.
    installed_units : float
        Units installed across the clients sharing the stock, finite and >= 0.
    annual_failure_rate : float
        Failures per unit per year, finite and >= 0 (8760 / MTBF hours).
    unit_cost : float
        Price of one spare in the scenario currency, finite and > 0.
    lead_time_days : float
        Replenishment lead time (repair or resupply) in days, finite and >= 0.

    Examples
    --------
    >>> psu = DeviceClass("PSU", installed_units=500, annual_failure_rate=0.25,
    ...                   unit_cost=800.0, lead_time_days=3.65)
    >>> print(f"{psu.mean_lead_time_demand:.2f} {psu.demand_rate_per_day:.4f}")
    1.25 0.3425
    """

    name: str
    installed_units: float
    annual_failure_rate: float
    unit_cost: float
    lead_time_days: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError(f"name = {self.name!r}: must be a non-empty string")
        _check_scalar("installed_units", self.installed_units, "must be a finite number >= 0")
        _check_scalar(
            "annual_failure_rate", self.annual_failure_rate, "must be a finite number >= 0 per year"
        )
        _check_scalar(
            "unit_cost", self.unit_cost, "must be a finite amount > 0 per unit", positive=True
        )
        _check_scalar("lead_time_days", self.lead_time_days, "must be a finite number of days >= 0")

    @classmethod
    def from_mtbf(
        cls,
        name: str,
        installed_units: float,
        mtbf_hours: float,
        unit_cost: float,
        lead_time_days: float,
    ) -> DeviceClass:
        """Build a class from an MTBF in hours instead of an annual failure rate."""
        rate = float(
            annual_failure_rate_from_mtbf(
                _check_scalar(
                    "mtbf_hours", mtbf_hours, "must be a finite number of hours > 0", positive=True
                )
            )
        )
        return cls(name, installed_units, rate, unit_cost, lead_time_days)

    @property
    def demand_rate_per_day(self) -> float:
        """Expected failures per day across the installed base."""
        return self.installed_units * self.annual_failure_rate / DAYS_PER_YEAR

    @property
    def mean_lead_time_demand(self) -> float:
        """Poisson mean demand during one lead time (see :func:`lead_time_demand`)."""
        return float(
            lead_time_demand(self.installed_units, self.annual_failure_rate, self.lead_time_days)
        )


@dataclass(frozen=True, eq=False)
class MetricResult:
    """Outcome of :func:`metric_two_echelon`; times in days, rates per day, stock in units.

    Attributes
    ----------
    depot_demand_rate_per_day : float
        m0 = Σ m_j, the demand the bases place on the depot.
    depot_pipeline_mean : float
        m0·T0, mean number of units in depot resupply.
    depot_expected_backorders : float
        EBO(S0 | m0·T0).
    depot_fill_rate : float
        P(depot pipeline <= S0 - 1), share of base orders shipped at once.
    depot_delay_days : float
        EBO0 / m0, the average wait a base order adds (Little's law).
    base_pipeline_means : ndarray
        m_j·(O_j + depot delay), the Poisson mean of each base's pipeline.
    base_expected_backorders : ndarray
        EBO(S_j | pipeline_j) per base.
    base_fill_rates : ndarray
        P(pipeline_j <= S_j - 1) per base.
    total_expected_backorders : float
        Σ_j base EBO: failed systems waiting for a part across all bases.
    system_fill_rate : float
        Σ_j m_j·fill_j / m0, share of all failures served from the local shelf.
    """

    depot_demand_rate_per_day: float
    depot_pipeline_mean: float
    depot_expected_backorders: float
    depot_fill_rate: float
    depot_delay_days: float
    base_pipeline_means: FloatArray
    base_expected_backorders: FloatArray
    base_fill_rates: FloatArray
    total_expected_backorders: float
    system_fill_rate: float


def metric_two_echelon(
    depot_stock: int,
    depot_lead_time_days: float,
    base_demand_rates_per_day: npt.ArrayLike,
    base_order_ship_days: npt.ArrayLike,
    base_stocks: npt.ArrayLike,
) -> MetricResult:
    """Two-echelon METRIC model: a central depot resupplying client-site stocks.

    Parameters
    ----------
    depot_stock : int
        Depot stock level S0 (on hand plus in resupply), >= 0.
    depot_lead_time_days : float
        Depot replenishment (repair or purchase) lead time T0 in days, finite and >= 0.
    base_demand_rates_per_day : array_like
        Failure rate m_j at each base (client site) in failures per day, finite and >= 0, not all 0.
    base_order_ship_days : float or array_like
        Order-and-ship time O_j from the depot to each base in days, finite and >= 0;
        broadcast against the bases.
    base_stocks : int or array_like of int
        Base stock levels S_j, >= 0; broadcast against the bases.

    Returns
    -------
    MetricResult
        Depot delay, per-base pipelines, EBO and fill rates, total EBO and the demand-weighted
        system fill rate.

    Notes
    -----
    With m0 = Σ m_j, the depot pipeline is Poisson with mean m0·T0 and the average delay it adds
    to a base order is, by Little's law, D = EBO(S0 | m0·T0) / m0.  METRIC approximates each base
    pipeline as Poisson with mean μ_j = m_j·(O_j + D), so EBO_j = EBO(S_j | μ_j) and the fill rate
    is P(X_j <= S_j - 1) (**fill-rate definition**).  Total EBO = Σ_j EBO_j.  The true base
    pipeline is over-dispersed (VARI-METRIC corrects this), so METRIC slightly understates EBO
    when the depot is thin.  Base repair at the site is not modelled: every failure is resupplied
    from the depot.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004,
       ch. 3.
    .. [2] C. C. Sherbrooke, "METRIC: A Multi-Echelon Technique for Recoverable Item Control",
       *Operations Research* 16(1), 122-141, 1968.

    Examples
    --------
    >>> r = metric_two_echelon(1, 10.0, [0.1, 0.05], [2.0, 3.0], [1, 1])
    >>> print(f"{r.depot_delay_days:.4f} {r.total_expected_backorders:.4f}")
    4.8209 0.2550
    >>> print(np.round(r.base_fill_rates, 4))
    [0.5056 0.6764]
    """
    s0 = _as_stock("depot_stock", depot_stock)
    if s0.ndim != 0:
        raise InputError(f"depot_stock = {depot_stock!r}: must be a single whole number >= 0")
    t0 = _as_real(
        "depot_lead_time_days", depot_lead_time_days, rule="must be a finite number of days >= 0"
    )
    if t0.ndim != 0:
        raise InputError(
            f"depot_lead_time_days = {depot_lead_time_days!r}: must be a single number of days"
        )
    rates = _as_vector(
        "base_demand_rates_per_day",
        np.atleast_1d(
            _as_real(
                "base_demand_rates_per_day",
                base_demand_rates_per_day,
                rule="must be a finite number of failures per day >= 0",
            )
        ),
    )
    ship = _as_real(
        "base_order_ship_days", base_order_ship_days, rule="must be a finite number of days >= 0"
    )
    stocks = _as_stock("base_stocks", base_stocks)
    rates, ship, stocks = _broadcast(
        base_demand_rates_per_day=rates, base_order_ship_days=ship, base_stocks=stocks
    )
    if rates.ndim != 1:
        raise InputError(
            f"base arrays broadcast to shape {rates.shape}: must be one value per base (1-D)"
        )
    m0 = float(rates.sum())
    if m0 <= 0:
        raise InputError(
            f"base_demand_rates_per_day = {base_demand_rates_per_day!r}: at least one base must "
            "have a demand rate > 0"
        )
    depot_pipeline = m0 * float(t0)
    depot_ebo = float(_ebo_kernel(s0, np.asarray(depot_pipeline)))
    depot_fill = float(_fill_rate_kernel(s0, np.asarray(depot_pipeline)))
    delay = depot_ebo / m0
    pipelines = np.asarray(rates * (ship + delay), dtype=np.float64)
    base_ebo = _ebo_kernel(stocks, pipelines)
    base_fill = _fill_rate_kernel(stocks, pipelines)
    return MetricResult(
        depot_demand_rate_per_day=m0,
        depot_pipeline_mean=depot_pipeline,
        depot_expected_backorders=depot_ebo,
        depot_fill_rate=depot_fill,
        depot_delay_days=delay,
        base_pipeline_means=pipelines,
        base_expected_backorders=base_ebo,
        base_fill_rates=base_fill,
        total_expected_backorders=float(base_ebo.sum()),
        system_fill_rate=float(np.dot(rates, base_fill) / m0),
    )


# --------------------------------------------------------------------------------------------------
# Marginal analysis under a budget
# --------------------------------------------------------------------------------------------------


def _stock_column(name: str) -> str:
    return f"stock[{name}]"


def _plan_inputs(
    classes: Sequence[DeviceClass | str],
    mean_demands: npt.ArrayLike | None,
    unit_costs: npt.ArrayLike | None,
    demand_weights: npt.ArrayLike | None,
) -> tuple[list[str], FloatArray, FloatArray, FloatArray]:
    if isinstance(classes, str) or not isinstance(classes, Sequence) or len(classes) == 0:
        raise InputError(
            f"classes = {classes!r}: must be a non-empty sequence of DeviceClass or names"
        )
    names: list[str] = []
    for i, item in enumerate(classes):
        name = item.name if isinstance(item, DeviceClass) else item
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"classes[{i}] = {item!r}: must be a DeviceClass or a non-empty name")
        names.append(name)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(f"classes = {names!r}: names must be unique, repeated: {duplicates!r}")
    all_devices = all(isinstance(c, DeviceClass) for c in classes)

    def _from_classes(arg: str, attribute: str) -> list[float]:
        if not all_devices:
            raise InputError(f"{arg} = None: required when classes are given as names")
        return [getattr(c, attribute) for c in classes]

    lam = _as_mean(
        "mean_demands",
        _from_classes("mean_demands", "mean_lead_time_demand")
        if mean_demands is None
        else mean_demands,
    )
    cost = _as_real(
        "unit_costs",
        _from_classes("unit_costs", "unit_cost") if unit_costs is None else unit_costs,
        low_inclusive=False,
        rule="must be a finite amount > 0 per unit",
    )
    if demand_weights is None:
        weights_raw: npt.ArrayLike = (
            [c.demand_rate_per_day for c in classes if isinstance(c, DeviceClass)]
            if all_devices and mean_demands is None
            else lam
        )
    else:
        weights_raw = demand_weights
    weights = _as_real("demand_weights", weights_raw, rule="must be a finite number >= 0")
    for arg, arr in (("mean_demands", lam), ("unit_costs", cost), ("demand_weights", weights)):
        if arr.shape != (len(names),):
            raise InputError(
                f"{arg} has shape {arr.shape}: must have one value per class ({len(names)})"
            )
    if not lam.sum() > 0:
        raise InputError(
            f"mean_demands = {lam.tolist()!r}: at least one class must have demand > 0"
        )
    if not weights.sum() > 0:
        raise InputError(f"demand_weights = {weights.tolist()!r}: at least one weight must be > 0")
    return names, lam, cost, weights


def budget_frontier(
    classes: Sequence[DeviceClass | str],
    mean_demands: npt.ArrayLike | None = None,
    unit_costs: npt.ArrayLike | None = None,
    *,
    max_budget: float | None = None,
    max_steps: int | None = None,
    demand_weights: npt.ArrayLike | None = None,
    min_ebo_reduction: float = 1e-12,
) -> pd.DataFrame:
    """Capital versus expected backorders frontier by greedy marginal analysis.

    Parameters
    ----------
    classes : sequence of DeviceClass or str
        The device classes, or just their unique names.
    mean_demands : array_like, optional
        Poisson mean lead-time demand per class, finite and >= 0, not all 0.  Defaults to each
        DeviceClass's ``mean_lead_time_demand``; required when ``classes`` are names.
    unit_costs : array_like, optional
        Cost of one spare per class in the scenario currency, finite and > 0.  Defaults to each
        DeviceClass's ``unit_cost``; required when ``classes`` are names.
    max_budget : float, optional
        Stop before the step that would take the capital above this amount (finite, >= 0).
    max_steps : int, optional
        Stop after this many units have been added (>= 0).  At least one of ``max_budget`` and
        ``max_steps`` is required; with both the first reached wins.
    demand_weights : array_like, optional
        Relative demand per unit of time of each class, weighting the system fill rate.  Defaults
        to the DeviceClass demand rates (failures per day) when those supply the demand, else to
        ``mean_demands`` (which assumes equal lead times).
    min_ebo_reduction : float, default 1e-12
        Stop when no unit lowers the total EBO by more than this (the tail has run out).

    Returns
    -------
    pandas.DataFrame
        One row per step, starting with step 0 (no stock).  Columns: ``step``, ``class_added``
        (``None`` at step 0), ``ebo_reduction_per_money`` (of the unit added), ``total_capital``,
        ``total_expected_backorders``, ``fill_rate`` (demand-weighted system fill rate) and
        ``stock[<name>]`` for each class.  ``DataFrame.attrs["classes"]`` lists the names.

    Notes
    -----
    Starting from S = 0, each step adds the unit with the largest EBO reduction per unit of money,
    [EBO_j(S_j) - EBO_j(S_j + 1)] / c_j = P(X_j > S_j) / c_j (ties go to the first class).  As
    EBO is convex in S, these points are the efficient ones: no plan of the same or lower capital
    has a lower total EBO, up to integer gaps between steps.  Fill rates use the **fill-rate
    definition** P(X_j <= S_j - 1), combined as Σ w_j·fill_j / Σ w_j.  The sequence of steps does
    not depend on the budget, so a larger budget only extends the frontier.  One step costs
    O(classes) numpy work.  When some class needs more than 64 units before its next unit stops
    saving practically a whole backorder (``P(X > S) > 1 − 1e-6``), the rows of that prefix are
    replaced by one row (``class_added = "(many)"``): the greedy state after every unit whose
    reduction per money exceeds ``(1 − 1e-6)/max c_j``, per class a Poisson quantile found by
    bisection.  Large installed bases therefore cost a few quantile searches, not a step a unit.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004,
       ch. 2 (marginal analysis).

    Examples
    --------
    >>> frontier = budget_frontier(["PSU", "line card"], [1.25, 0.4], [800.0, 5000.0],
    ...                            max_budget=10_000)
    >>> frontier[["step", "class_added", "total_capital", "stock[PSU]", "stock[line card]"]]
       step class_added  total_capital  stock[PSU]  stock[line card]
    0     0        None            0.0           0                 0
    1     1         PSU          800.0           1                 0
    2     2         PSU         1600.0           2                 0
    3     3         PSU         2400.0           3                 0
    4     4   line card         7400.0           3                 1
    5     5         PSU         8200.0           4                 1
    >>> print(f"{frontier['total_expected_backorders'].iloc[-1]:.4f}")
    0.0817
    """
    names, lam, cost, weights = _plan_inputs(classes, mean_demands, unit_costs, demand_weights)
    if max_budget is None and max_steps is None:
        raise InputError("max_budget = None and max_steps = None: give at least one of them")
    budget = math.inf
    if max_budget is not None:
        budget = _single_real("max_budget", max_budget, "must be a single finite amount >= 0")
    steps_limit = math.inf
    if max_steps is not None:
        if (
            isinstance(max_steps, bool)
            or not isinstance(max_steps, int | np.integer)
            or (max_steps < 0)
        ):
            raise InputError(f"max_steps = {max_steps!r}: must be an integer >= 0")
        steps_limit = int(max_steps)
    threshold = _single_real(
        "min_ebo_reduction", min_ebo_reduction, "must be a single finite number >= 0"
    )

    stock = np.zeros(len(names), dtype=np.float64)
    ebo = lam.copy()  # EBO(0) = λ
    total_weight = float(weights.sum())

    stocks: list[FloatArray] = [stock.copy()]
    added: list[str | None] = [None]
    ratios: list[float] = [math.nan]
    capitals: list[float] = [0.0]
    ebos: list[float] = [float(ebo.sum())]
    fills: list[float] = [0.0]
    step = 0
    jump = _jump_start(lam, cost, budget, steps_limit)
    if jump is not None:
        stock, jump_ratio = jump
        step = int(stock.sum())
        ebo = _ebo_kernel(stock, lam)
        stocks.append(stock.copy())
        added.append(_JUMPED)
        ratios.append(jump_ratio)
        capitals.append(float(np.dot(stock, cost)))
        ebos.append(float(ebo.sum()))
        fills.append(float(np.dot(weights, _fill_rate_kernel(stock, lam)) / total_weight))
    reduction = np.asarray(poisson.sf(stock, lam), dtype=np.float64)  # P(X > S)
    while step < steps_limit:
        ratio = reduction / cost
        j = int(np.argmax(ratio))
        if not reduction[j] > threshold:
            break
        candidate = stock.copy()
        candidate[j] += 1.0
        capital = float(np.dot(candidate, cost))
        if capital > budget:
            break
        stock = candidate
        ebo[j] = _ebo_kernel(stock[j : j + 1], lam[j : j + 1])[0]
        reduction[j] = poisson.sf(stock[j], lam[j])
        step += 1
        stocks.append(stock.copy())
        added.append(names[j])
        ratios.append(float(ratio[j]))
        capitals.append(capital)
        ebos.append(float(ebo.sum()))
        fills.append(float(np.dot(weights, _fill_rate_kernel(stock, lam)) / total_weight))

    stock_matrix = np.vstack(stocks).astype(np.int64)
    frame = pd.DataFrame(
        {
            "step": stock_matrix.sum(axis=1),  # units bought: the row number unless jumped
            "class_added": pd.Series(added, dtype=object),
            "ebo_reduction_per_money": ratios,
            "total_capital": capitals,
            "total_expected_backorders": ebos,
            "fill_rate": fills,
        }
    )
    for k, name in enumerate(names):
        frame[_stock_column(name)] = stock_matrix[:, k]
    frame.attrs["classes"] = list(names)
    return frame


#: ``class_added`` of the frontier row that jumps over the units that each save a whole backorder.
_JUMPED: Final = "(many)"
#: Jump only when some class needs more units than this before its marginal value falls.
_JUMP_MIN_UNITS: Final = 64
#: A unit whose EBO reduction is within this of 1 saves practically a whole backorder.
_JUMP_EPS: Final = 1e-6


def _jump_start(
    lam: FloatArray, cost: FloatArray, budget: float, steps_limit: float
) -> tuple[FloatArray, float] | None:
    """Where the greedy sequence may start instead of at S = 0: ``(stock, ratio)`` or None.

    While every class's next unit still saves ``1 − 1e-6`` of a backorder, the greedy order is
    fixed by cost alone; that prefix is jumped in one step (to the state after every unit with
    reduction per money above ``(1 − 1e-6)/max cost``), so demand of millions of units costs a few
    quantile searches instead of millions of steps.  When the budget or the step limit stops
    earlier, the deepest state within them is found by bisection on the ratio.
    """
    ratio = (1.0 - _JUMP_EPS) / float(np.max(cost))
    state = _greedy_state(lam, cost, ratio)
    if np.max(state) < _JUMP_MIN_UNITS:
        return None

    def fits(candidate: FloatArray) -> bool:
        return float(np.dot(candidate, cost)) <= budget and float(candidate.sum()) <= steps_limit

    if not fits(state):
        # Larger ratios buy fewer units; the first unit of every class has ratio <= 1/min cost.
        low, high = ratio, 1.0 / float(np.min(cost))
        for _ in range(200):
            mid = math.sqrt(low * high)
            if fits(_greedy_state(lam, cost, mid)):
                high = mid
            else:
                low = mid
            if high <= low * (1.0 + 1e-12):
                break
        ratio, state = high, _greedy_state(lam, cost, high)
        if state.sum() < _JUMP_MIN_UNITS or not fits(state):
            return None
    return state, ratio


@dataclass(frozen=True)
class BudgetAllocation:
    """The point of the marginal-analysis frontier bought with a budget.

    Attributes
    ----------
    step : int
        Row of the frontier (number of units bought).
    stock : dict of str to int
        Stock per class name.
    total_capital : float
        Frozen capital of that stock in the scenario currency, <= the budget.
    total_expected_backorders : float
        Σ EBO over the classes.
    fill_rate : float
        Demand-weighted system fill rate, P(X_j <= S_j - 1) per class.
    """

    step: int
    stock: dict[str, int]
    total_capital: float
    total_expected_backorders: float
    fill_rate: float


def stock_for_budget(
    classes: Sequence[DeviceClass | str],
    mean_demands: npt.ArrayLike | None = None,
    unit_costs: npt.ArrayLike | None = None,
    *,
    budget: float,
    demand_weights: npt.ArrayLike | None = None,
    min_ebo_reduction: float = 1e-12,
) -> BudgetAllocation:
    """Stock allocation on the marginal-analysis frontier at the largest capital <= budget.

    Parameters
    ----------
    classes, mean_demands, unit_costs, demand_weights, min_ebo_reduction
        As in :func:`budget_frontier`.
    budget : float
        Money available for spares in the scenario currency, finite and >= 0.

    Returns
    -------
    BudgetAllocation
        The last frontier point whose capital does not exceed the budget.

    Notes
    -----
    Follows the greedy sequence of :func:`budget_frontier` and stops before the first unit that
    would exceed the budget (it does not skip to cheaper classes), so a larger budget never gives
    a larger total EBO.  Capital may therefore be left unspent.

    References
    ----------
    .. [1] C. C. Sherbrooke, *Optimal Inventory Modeling of Systems*, 2nd ed., Kluwer, 2004.

    Examples
    --------
    >>> plan = stock_for_budget(["PSU", "line card"], [1.25, 0.4], [800.0, 5000.0], budget=8500)
    >>> plan.stock, plan.total_capital
    ({'PSU': 4, 'line card': 1}, 8200.0)
    """
    money = _single_real("budget", budget, "must be a single finite amount >= 0")
    frame = budget_frontier(
        classes,
        mean_demands,
        unit_costs,
        max_budget=money,
        demand_weights=demand_weights,
        min_ebo_reduction=min_ebo_reduction,
    )
    last = frame.iloc[-1]
    names: list[str] = frame.attrs["classes"]
    return BudgetAllocation(
        step=int(last["step"]),
        stock={name: int(last[_stock_column(name)]) for name in names},
        total_capital=float(last["total_capital"]),
        total_expected_backorders=float(last["total_expected_backorders"]),
        fill_rate=float(last["fill_rate"]),
    )
