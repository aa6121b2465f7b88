"""Discounted cash-flow maths: NPV, IRR, payback, ROI, escalation and annuities, vectorised.

Cash flows are arrays whose **last axis is years**: a 1-D array is one stream (scalar results), a
2-D array is ``trials × years`` (one result per trial); further leading axes are batch axes too.

Timing convention, everywhere in bizcase: ``flows[..., 0]`` is **year 0, the initial investment,
at time 0 and undiscounted**; ``flows[..., t]`` is year ``t``'s net flow, discounted by
``(1 + rate)**t`` (end of year ``t``).  This is numpy-financial's ``npv`` convention (``values[0]``
at ``t = 0``), not a spreadsheet's ``NPV()``, which discounts its first value by one period.

Rates are decimals per year (0.08, not 8) and must be finite and ``> -1``.  Bad arguments raise
:class:`bizcase.model.errors.InputError` naming the argument, the value and the rule.  Nothing here loops
in Python over trials.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bizcase.model.errors import InputError

__all__ = [
    "annuity_present_value",
    "break_even_tolerance",
    "discount_factors",
    "discounted_payback_years",
    "escalate",
    "irr",
    "npv",
    "payback_years",
    "roi",
]

FloatArray: TypeAlias = NDArray[np.float64]
FloatOrArray: TypeAlias = float | NDArray[np.float64]

#: Relative tolerance of a "zero" cumulative flow, as a multiple of machine epsilon times the sum
#: of the absolute flows so far: the rounding error of a sum of ``n`` terms is at most about
#: ``n·eps·Σ|v|``, and discounting by ``np.power`` differs in the last bits between CPUs (AVX-512),
#: so a stream that breaks even exactly must not depend on the last bit.
BREAK_EVEN_EPS = 64.0 * float(np.finfo(np.float64).eps)


# IRR search window, in u = ln(1 + r): 1 + r from 1e-4 to 1e4, i.e. r in (-0.9999, 9999).
# The grid is fine (step 0.01, about 1 % in 1 + r) where business-case IRRs live, |u| <= 1
# (r from -63 % to +172 %), and coarse (step 0.05) beyond.  It contains u = 0 exactly.
_IRR_U_MAX = float(np.log(1e4))
_IRR_U_FINE = 1.0
_IRR_FINE_STEP = 0.01
_IRR_COARSE_STEP = 0.05
_IRR_CHUNK_ROWS = 1024  # bounds the memory of the (rows × grid) NPV table


def _irr_grid() -> FloatArray:
    fine = np.linspace(0.0, _IRR_U_FINE, round(_IRR_U_FINE / _IRR_FINE_STEP) + 1)
    n_coarse = int(np.ceil((_IRR_U_MAX - _IRR_U_FINE) / _IRR_COARSE_STEP))
    coarse = np.linspace(_IRR_U_FINE, _IRR_U_MAX, n_coarse + 1)[1:]
    positive = np.concatenate([fine, coarse])
    return np.concatenate([-positive[:0:-1], positive])


_IRR_GRID_U = _irr_grid()
_IRR_ZERO_INDEX = int(np.flatnonzero(_IRR_GRID_U == 0.0)[0])


# --------------------------------------------------------------------------------------- checks


def _index_text(index: tuple[int, ...]) -> str:
    return "" if not index else "[" + ", ".join(str(i) for i in index) + "]"


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_float_array(name: str, value: ArrayLike) -> FloatArray:
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} = {_short_repr(value)}: must be a number or an array of numbers"
        ) from exc


def _require_finite(name: str, arr: FloatArray) -> None:
    bad = ~np.isfinite(arr)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{name}{_index_text(index)} = {float(arr[index])!r}: "
            "must be finite (no NaN or infinity)"
        )


def _as_rate(rate: ArrayLike, name: str = "rate") -> FloatArray:
    arr = _as_float_array(name, rate)
    _require_finite(name, arr)
    bad = arr <= -1.0
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{name}{_index_text(index)} = {float(arr[index])!r}: must be > -1 "
            "(a rate of -100 % or less makes (1 + rate)**t zero or negative)"
        )
    return arr


def _as_flows(flows: ArrayLike, name: str = "flows") -> FloatArray:
    arr = _as_float_array(name, flows)
    if arr.ndim == 0:
        raise InputError(
            f"{name} = {_short_repr(flows)}: must be an array with years on the last axis "
            "(1-D: one stream, 2-D: trials × years), not a scalar"
        )
    if arr.size == 0:
        raise InputError(
            f"{name} = {_short_repr(flows)} (shape {arr.shape}): must not be empty; "
            "every stream needs at least year 0"
        )
    _require_finite(name, arr)
    return arr


def _as_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError(f"{name} = {_short_repr(value)}: must be an integer >= 0")
    count = int(value)
    if count < 0:
        raise InputError(f"{name} = {count!r}: must be an integer >= 0")
    return count


def _batch_shape(
    name_a: str, shape_a: tuple[int, ...], name_b: str, shape_b: tuple[int, ...]
) -> tuple[int, ...]:
    try:
        return tuple(np.broadcast_shapes(shape_a, shape_b))
    except ValueError as exc:
        raise InputError(
            f"{name_a} has shape {shape_a} and {name_b} has shape {shape_b}: "
            "they must broadcast together (rate against the trials axes of flows)"
        ) from exc


def _out(arr: FloatArray) -> FloatOrArray:
    """Scalar in, scalar out: a 0-d result becomes a Python float."""
    return float(arr) if arr.ndim == 0 else arr


def _discount(rate: FloatArray, n_years: int) -> FloatArray:
    """``(1 + rate)**-t`` for t = 0..n_years-1, shape ``rate.shape + (n_years,)``."""
    t = np.arange(n_years, dtype=np.float64)
    return np.power(1.0 + rate[..., np.newaxis], -t)


# ------------------------------------------------------------------------------------ public API


def discount_factors(rate: ArrayLike, years: int) -> FloatArray:
    """Return the discount factors ``1 / (1 + rate)**t`` for ``t = 0, 1, ..., years``.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per year, as a decimal (0.08 for 8 %); finite and ``> -1``.
    years : int
        Horizon in years, ``>= 0``.  Year 0 is included, so there are ``years + 1`` factors.

    Returns
    -------
    numpy.ndarray
        Shape ``rate.shape + (years + 1,)``; the factor for year 0 is 1 (undiscounted).

    Raises
    ------
    bizcase.model.errors.InputError
        If ``rate <= -1`` or is not finite, or ``years`` is not an integer ``>= 0``.

    Notes
    -----
    .. math:: d_t = (1 + r)^{-t}, \\qquad t = 0, \\dots, n

    Year 0 (the initial investment) is at time 0 and undiscounted (:math:`d_0 = 1`); year ``t``'s
    flow is discounted by :math:`(1 + r)^t`, as in numpy-financial's ``npv``.

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 2 "How to Calculate Present Values".

    Examples
    --------
    >>> from bizcase.economics.finance import discount_factors
    >>> discount_factors(0.10, 3).round(4).tolist()
    [1.0, 0.9091, 0.8264, 0.7513]
    >>> discount_factors([0.0, 1.0], 2).tolist()
    [[1.0, 1.0, 1.0], [1.0, 0.5, 0.25]]
    """
    r = _as_rate(rate)
    n = _as_count(years, "years")
    return _discount(r, n + 1)


@overload
def npv(rate: float, flows: Sequence[float]) -> float: ...
@overload
def npv(rate: ArrayLike, flows: ArrayLike) -> FloatOrArray: ...
def npv(rate: ArrayLike, flows: ArrayLike) -> FloatOrArray:
    """Return the net present value of cash-flow streams, year 0 undiscounted.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per year, as a decimal; finite and ``> -1``.  A scalar, or an array that
        broadcasts against the trials axes ``flows.shape[:-1]`` (one rate per trial, say).
    flows : array_like, shape (years + 1,) or (trials, years + 1)
        Net cash flow per year, years on the last axis.  ``flows[..., 0]`` is year 0, the initial
        investment, at time 0 and **not discounted**; ``flows[..., t]`` is discounted by
        ``(1 + rate)**t``.

    Returns
    -------
    float or numpy.ndarray
        A float for one stream and a scalar rate; otherwise an array of shape
        ``broadcast(rate.shape, flows.shape[:-1])``.

    Raises
    ------
    bizcase.model.errors.InputError
        If ``rate <= -1`` or is not finite, if ``flows`` is empty, a scalar or holds NaN/infinity,
        or if the shapes do not broadcast.

    Notes
    -----
    .. math:: \\mathrm{NPV}(r) = \\sum_{t=0}^{n} \\frac{v_t}{(1 + r)^t}

    Year 0 at time 0, undiscounted; year ``t`` discounted by :math:`(1 + r)^t` (end of year ``t``).
    This is numpy-financial's convention (``values[0]`` at ``t = 0``), **not** a spreadsheet
    ``NPV()``, which discounts its first value by one period.  numpy-financial 1.0's ``npv`` sums
    over the first axis of a 2-D array, so it is not used here: a scalar rate is a matrix product
    ``flows @ d`` with the discount factors ``d``, an array of rates a broadcast multiply-and-sum.

    References
    ----------
    .. [1] numpy-financial, ``npv``: https://numpy.org/numpy-financial/latest/npv.html
    .. [2] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 2 and 5.

    Examples
    --------
    numpy-financial's documented example:

    >>> from bizcase.economics.finance import npv
    >>> round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 2)
    3065.22

    Two trials, one rate each:

    >>> npv([0.0, 0.10], [[-100, 60, 60], [-100, 60, 60]]).round(2).tolist()
    [20.0, 4.13]
    """
    r = _as_rate(rate)
    v = _as_flows(flows)
    _batch_shape("rate", r.shape, "flows[..., 0]", v.shape[:-1])
    n = v.shape[-1]
    if r.ndim == 0:
        result = np.asarray(v @ _discount(r, n), dtype=np.float64)
    else:
        result = np.sum(v * _discount(r, n), axis=-1)
    return _out(result)


def _npv_sign_table(
    flows: FloatArray, u: FloatArray
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Where NPV is > 0 and == 0 at ``r = exp(u) - 1``, for every row of ``flows`` and ``u``.

    NPV is multiplied by ``(1 + r)**T`` where ``u < 0`` so no term grows beyond 1: the sign is
    unchanged and nothing overflows near ``r = -1``.
    """
    n = flows.shape[-1]
    t = np.arange(n, dtype=np.float64)[:, np.newaxis]
    weights = np.exp(np.where(u < 0.0, u * ((n - 1) - t), -u * t))
    scaled_npv = flows @ weights
    # Within rounding of the sum, NPV is zero: the sign must not hang on the last bit.
    tolerance = BREAK_EVEN_EPS * (np.abs(flows) @ weights)
    return scaled_npv > tolerance, np.abs(scaled_npv) <= tolerance


def _horner(coeffs_by_power: FloatArray, z: FloatArray) -> FloatArray:
    """``sum_k coeffs_by_power[k] * z**k`` per column, for ``0 < z <= 1`` (no overflow)."""
    acc = coeffs_by_power[-1].copy()
    for coeff in coeffs_by_power[-2::-1]:
        acc *= z
        acc += coeff
    return acc


def _bisect_u(
    coeffs_by_power: FloatArray, lo: FloatArray, hi: FloatArray, positive_side: NDArray[np.bool_]
) -> FloatArray:
    """Vectorised bisection in ``u = ln(1 + r)`` on brackets ``[lo, hi]`` where NPV changes sign.

    Each bracket lies on one side of ``u = 0``: there the scaled NPV is a polynomial in
    ``z = exp(-|u|)`` with coefficients ``flows`` (``u >= 0``) or reversed ``flows`` (``u <= 0``),
    which ``coeffs_by_power`` (powers × rows) already holds.
    """

    magnitudes = np.abs(coeffs_by_power)

    def sign_at(u: FloatArray) -> FloatArray:
        z = np.exp(np.where(positive_side, -u, u))
        value = _horner(coeffs_by_power, z)
        # 0 within the rounding of the sum, as in :func:`_npv_sign_table`.
        tolerance = BREAK_EVEN_EPS * _horner(magnitudes, z)
        return np.where(np.abs(value) <= tolerance, 0.0, np.sign(value))

    sign_lo = sign_at(lo)
    width = float(np.max(hi - lo)) if hi.size else 0.0
    n_iter = int(np.ceil(np.log2(width / 1e-17))) + 1 if width > 0.0 else 0
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        same = (sign_at(mid) == sign_lo) & (sign_lo != 0.0)
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    # A bracket whose left end is an exact root (NPV == 0 on the grid) collapses onto it.
    return np.asarray(np.where(sign_lo == 0.0, lo, 0.5 * (lo + hi)), dtype=np.float64)


def _irr_rows(flows: FloatArray) -> FloatArray:
    """IRR of each row of a 2-D array (see :func:`irr`)."""
    rows = flows.shape[0]
    grid = _IRR_GRID_U
    k0 = _IRR_ZERO_INDEX
    positive, zero = _npv_sign_table(flows, grid)
    # A root lies in grid interval k when NPV is 0 at its left end or changes sign across it.
    has_root = zero[:, :-1] | (positive[:, :-1] != positive[:, 1:])
    neg = has_root[:, :k0]  # intervals with u <= 0
    pos = has_root[:, k0:]  # intervals with u >= 0
    neg_found = neg.any(axis=1)
    pos_found = pos.any(axis=1)
    neg_k = (k0 - 1) - np.argmax(neg[:, ::-1], axis=1)  # interval nearest to r = 0 from below
    pos_k = k0 + np.argmax(pos, axis=1)  # interval nearest to r = 0 from above

    both_k = np.concatenate([neg_k, pos_k])
    coeffs_by_power = np.concatenate([flows[:, ::-1], flows]).T.copy()
    positive_side = np.repeat([False, True], rows)
    u_root = _bisect_u(coeffs_by_power, grid[both_k], grid[both_k + 1], positive_side)
    r_neg = np.where(neg_found, np.expm1(u_root[:rows]), np.nan)
    r_pos = np.where(pos_found, np.expm1(u_root[rows:]), np.nan)
    take_neg = neg_found & (~pos_found | (np.abs(r_neg) < np.abs(r_pos)))
    return np.asarray(np.where(take_neg, r_neg, r_pos), dtype=np.float64)


@overload
def irr(flows: Sequence[float]) -> float: ...
@overload
def irr(flows: ArrayLike) -> FloatOrArray: ...
def irr(flows: ArrayLike) -> FloatOrArray:
    """Return the internal rate of return of each cash-flow stream, NaN where there is none.

    Parameters
    ----------
    flows : array_like, shape (years + 1,) or (trials, years + 1)
        Net cash flow per year, years on the last axis; ``flows[..., 0]`` is year 0 at time 0,
        undiscounted, and year ``t`` is discounted by ``(1 + r)**t``.

    Returns
    -------
    float or numpy.ndarray
        The rate ``r`` with ``npv(r, flows) == 0`` (a float for one stream, else shape
        ``flows.shape[:-1]``).  NaN when the flows never change sign (no positive and negative
        flow) or NPV has no sign change for ``r`` in ``(-0.9999, 9999)``.

    Raises
    ------
    bizcase.model.errors.InputError
        If ``flows`` is empty, a scalar or holds NaN/infinity.

    Notes
    -----
    ``r`` solves

    .. math:: \\sum_{t=0}^{n} \\frac{v_t}{(1 + r)^t} = 0, \\qquad r > -1

    with year 0 at time 0 (undiscounted) and year ``t`` discounted by :math:`(1 + r)^t`.

    Where there are several roots, the one **closest to zero** is returned, numpy-financial's
    convention.  The search runs in :math:`u = \\ln(1 + r)`: NPV is tabulated for every trial on a
    grid of ``1 + r`` from ``1e-4`` to ``1e4`` (steps of 1 % for ``r`` in -63 %..+172 %, 5 %
    beyond), the sign-change brackets nearest to ``r = 0`` on each side are refined by vectorised
    bisection to machine precision, and the nearer root wins.  Only roots where NPV changes sign
    are found: a root that only touches zero (a double root), or two roots closer together than
    one grid step, are missed, where numpy-financial's eigenvalue method (``np.roots``) may report
    them.  Conventional streams (one sign change) have exactly one root (Descartes' rule of signs),
    so the two agree on them.

    References
    ----------
    .. [1] numpy-financial, ``irr``: https://numpy.org/numpy-financial/latest/irr.html
    .. [2] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 5 "Net Present Value and Other Investment Criteria".

    Examples
    --------
    >>> from bizcase.economics.finance import irr
    >>> round(irr([-100, 110]), 10)
    0.1
    >>> round(irr([-100, 39, 59, 55, 20]), 5)  # numpy-financial's example
    0.28095
    >>> irr([[-100, 0, 121], [-100, 50, 50], [100, 10, 10]]).round(10).tolist()
    [0.1, 0.0, nan]
    """
    v = _as_flows(flows)
    batch = v.shape[:-1]
    rows = v.reshape(-1, v.shape[-1])
    result = np.full(rows.shape[0], np.nan)
    # Without a positive and a negative flow NPV has no root (Descartes' rule of signs).
    candidates = np.flatnonzero((rows > 0.0).any(axis=1) & (rows < 0.0).any(axis=1))
    for start in range(0, candidates.size, _IRR_CHUNK_ROWS):
        chunk = candidates[start : start + _IRR_CHUNK_ROWS]
        result[chunk] = _irr_rows(rows[chunk])
    return _out(result.reshape(batch))


def break_even_tolerance(flows: ArrayLike) -> FloatArray:
    """Tolerance under which a cumulative flow counts as zero, per year: scaled to the flows.

    Returns ``BREAK_EVEN_EPS · Σ_{s ≤ t} |v_s|`` with years on the last axis, so a cumulative
    flow ``C_t >= -tolerance_t`` has broken even.

    Examples
    --------
    >>> from bizcase.economics.finance import break_even_tolerance
    >>> bool(break_even_tolerance([-100.0, 110.0])[-1] < 1e-10)
    True
    """
    return np.asarray(BREAK_EVEN_EPS * np.cumsum(np.abs(flows), axis=-1), dtype=np.float64)


def _payback(flows: FloatArray) -> FloatArray:
    """Payback time of each stream of validated flows (see :func:`payback_years`)."""
    rows = flows.reshape(-1, flows.shape[-1])
    cumulative = np.cumsum(rows, axis=-1)
    # Break-even within rounding counts as break-even (flows [-100, 110] at 10 % sum to -1.4e-14).
    paid = cumulative >= -break_even_tolerance(rows)
    first = np.argmax(paid, axis=-1)  # first year with a cumulative flow >= 0 (0 if none)
    ever = paid.any(axis=-1)
    row_index = np.arange(rows.shape[0])
    within = first >= 1
    prev = np.where(within, first - 1, 0)
    shortfall = -cumulative[row_index, prev]  # > 0 where within
    inflow = np.where(within, rows[row_index, first], 1.0)  # > 0 where within
    # A crossing within the tolerance may leave the interpolated fraction a hair above 1.
    years = np.where(within, np.minimum(prev + shortfall / inflow, first), 0.0)
    result = np.where(ever, years, np.nan)
    return np.asarray(result.reshape(flows.shape[:-1]), dtype=np.float64)


@overload
def payback_years(flows: Sequence[float]) -> float: ...
@overload
def payback_years(flows: ArrayLike) -> FloatOrArray: ...
def payback_years(flows: ArrayLike) -> FloatOrArray:
    """Return the (undiscounted) payback time in years, interpolated within the crossing year.

    Parameters
    ----------
    flows : array_like, shape (years + 1,) or (trials, years + 1)
        Net cash flow per year, years on the last axis; ``flows[..., 0]`` is year 0 (the initial
        investment) at time 0.

    Returns
    -------
    float or numpy.ndarray
        Years until the cumulative cash flow first turns ``>= 0`` (within
        :func:`break_even_tolerance`, so an exact break-even does not hang on the last bit): 0
        when year 0 is already ``>= 0``, NaN when it never pays back within the horizon.  A float for one stream, else
        shape ``flows.shape[:-1]``.

    Raises
    ------
    bizcase.model.errors.InputError
        If ``flows`` is empty, a scalar or holds NaN/infinity.

    Notes
    -----
    Timing: year 0's flow falls at time 0; year ``t``'s flow (``t >= 1``) arrives evenly during
    year ``t``, i.e. over the time interval ``(t - 1, t]``.  With cumulative flows
    :math:`C_t = \\sum_{s \\le t} v_s`, if :math:`C_0 \\ge 0` the payback is 0, else for the first
    ``t`` with :math:`C_t \\ge 0`

    .. math:: \\text{payback} = (t - 1) + \\frac{-C_{t-1}}{v_t}

    It is the *first* crossing: a stream that pays back and later turns negative again (a
    decommissioning cost, say) still reports the first crossing.  Payback ignores the time value of
    money; see :func:`discounted_payback_years`.

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 5, "The Payback Rule".

    Examples
    --------
    >>> from bizcase.economics.finance import payback_years
    >>> round(payback_years([-100, 30, 40, 50]), 10)
    2.6
    >>> payback_years([[-100, 50, 50], [10, -5, 5], [-100, 10, 10]]).tolist()
    [2.0, 0.0, nan]
    """
    return _out(_payback(_as_flows(flows)))


@overload
def discounted_payback_years(rate: float, flows: Sequence[float]) -> float: ...
@overload
def discounted_payback_years(rate: ArrayLike, flows: ArrayLike) -> FloatOrArray: ...
def discounted_payback_years(rate: ArrayLike, flows: ArrayLike) -> FloatOrArray:
    """Return the payback time in years of the discounted flows, interpolated within the year.

    Parameters
    ----------
    rate : float or array_like
        Discount rate per year, as a decimal; finite and ``> -1``; a scalar or an array that
        broadcasts against the trials axes ``flows.shape[:-1]``.
    flows : array_like, shape (years + 1,) or (trials, years + 1)
        Net cash flow per year, years on the last axis; ``flows[..., 0]`` is year 0 at time 0,
        undiscounted; year ``t`` is discounted by ``(1 + rate)**t``.

    Returns
    -------
    float or numpy.ndarray
        As :func:`payback_years` on ``flows[..., t] / (1 + rate)**t``: 0 when year 0 is already
        ``>= 0``, NaN when the discounted cumulative flow never turns ``>= 0``.

    Raises
    ------
    bizcase.model.errors.InputError
        If ``rate <= -1`` or is not finite, if ``flows`` is empty, a scalar or holds NaN/infinity,
        or if the shapes do not broadcast.

    Notes
    -----
    With discounted flows :math:`w_t = v_t (1 + r)^{-t}` (year 0 undiscounted) and their cumulative
    sums :math:`D_t = \\sum_{s \\le t} w_s`, for the first ``t`` with :math:`D_t \\ge 0`

    .. math:: \\text{payback} = (t - 1) + \\frac{-D_{t-1}}{w_t}

    Each year's discounted flow is spread evenly over that year, as in :func:`payback_years`.
    For ``rate > 0`` it is never shorter than the undiscounted payback.

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 5, "Discounted Payback".

    Examples
    --------
    >>> from bizcase.economics.finance import discounted_payback_years
    >>> round(discounted_payback_years(0.10, [-100, 55, 60.5, 66.55]), 10)
    2.0
    >>> round(discounted_payback_years(0.10, [-100, 30, 40, 60]), 4)  # 2.5 undiscounted
    2.88
    """
    r = _as_rate(rate)
    v = _as_flows(flows)
    _batch_shape("rate", r.shape, "flows[..., 0]", v.shape[:-1])
    return _out(_payback(v * _discount(r, v.shape[-1])))


@overload
def roi(gains: float, costs: float) -> float: ...
@overload
def roi(gains: ArrayLike, costs: ArrayLike) -> FloatOrArray: ...
def roi(gains: ArrayLike, costs: ArrayLike) -> FloatOrArray:
    """Return the return on investment ``(gains - costs) / costs``.

    Parameters
    ----------
    gains : float or array_like
        What the investment brings (money).  Pass present values (e.g. from :func:`npv` on the
        gain flows) for a discounted ROI: the ratio is computed on whatever the caller passes.
    costs : float or array_like
        What it costs (money), ``> 0``; present values when ``gains`` are present values.

    Returns
    -------
    float or numpy.ndarray
        ROI as a decimal (0.25 = 25 %); shape ``broadcast(gains.shape, costs.shape)``.

    Raises
    ------
    bizcase.model.errors.InputError
        If a value is NaN or infinite, if ``costs <= 0``, or if the shapes do not broadcast.

    Notes
    -----
    .. math:: \\mathrm{ROI} = \\frac{G - C}{C}

    No discounting is applied here; on present values (year 0 undiscounted, year ``t`` discounted by
    :math:`(1 + r)^t`) it is the discounted ROI, i.e. NPV per unit of PV of cost.

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 5 (profitability index).

    Examples
    --------
    >>> from bizcase.economics.finance import roi
    >>> roi(125.0, 100.0)
    0.25
    >>> roi([50.0, 300.0], 100.0).tolist()
    [-0.5, 2.0]
    """
    g = _as_float_array("gains", gains)
    _require_finite("gains", g)
    c = _as_float_array("costs", costs)
    _require_finite("costs", c)
    bad = c <= 0.0
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"costs{_index_text(index)} = {float(c[index])!r}: must be > 0 "
            "(ROI divides by the cost)"
        )
    _batch_shape("gains", g.shape, "costs", c.shape)
    return _out(np.asarray((g - c) / c, dtype=np.float64))


def escalate(base: ArrayLike, rate: ArrayLike, years: int, start_year: int = 1) -> FloatArray:
    """Return a growth path ``base * (1 + rate)**(t - start_year)`` for ``t = 0..years``.

    Used for cost inflation and price escalation: a fee of ``base`` in ``start_year`` grows by
    ``rate`` a year after that, and is 0 in the years before ``start_year``.

    Parameters
    ----------
    base : float or array_like
        Amount in ``start_year`` (money per year), finite.
    rate : float or array_like
        Growth rate per year, as a decimal; finite and ``> -1``.  Broadcasts against ``base``.
    years : int
        Horizon in years, ``>= 0``; the path has ``years + 1`` entries (year 0 included).
    start_year : int, default 1
        First year with a non-zero amount, ``>= 0`` (1: recurring flows start after the year-0
        investment).  A ``start_year`` beyond ``years`` gives all zeros.

    Returns
    -------
    numpy.ndarray
        Shape ``broadcast(base.shape, rate.shape) + (years + 1,)``, years on the last axis, ready
        to be added to a flows array for :func:`npv` (year 0 undiscounted, year ``t`` discounted by
        ``(1 + r)**t`` there).

    Raises
    ------
    bizcase.model.errors.InputError
        If ``base`` or ``rate`` is not finite, ``rate <= -1``, ``years`` or ``start_year`` is not an
        integer ``>= 0``, or the shapes do not broadcast.

    Notes
    -----
    .. math:: x_t = \\begin{cases} 0 & t < s \\\\ b\\,(1 + g)^{t - s} & t \\ge s \\end{cases}

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 2 (growing perpetuities and annuities).

    Examples
    --------
    >>> from bizcase.economics.finance import escalate
    >>> escalate(100.0, 0.03, 3).round(2).tolist()
    [0.0, 100.0, 103.0, 106.09]
    >>> escalate([10.0, 20.0], 0.5, 2, start_year=0).tolist()
    [[10.0, 15.0, 22.5], [20.0, 30.0, 45.0]]
    """
    b = _as_float_array("base", base)
    _require_finite("base", b)
    g = _as_rate(rate)
    n = _as_count(years, "years")
    s = _as_count(start_year, "start_year")
    _batch_shape("base", b.shape, "rate", g.shape)
    t = np.arange(n + 1)
    growth = np.power(1.0 + g[..., np.newaxis], np.maximum(t - s, 0).astype(np.float64))
    return np.asarray(np.where(t >= s, b[..., np.newaxis] * growth, 0.0), dtype=np.float64)


@overload
def annuity_present_value(payment: float, rate: float, years: int) -> float: ...
@overload
def annuity_present_value(payment: ArrayLike, rate: ArrayLike, years: int) -> FloatOrArray: ...
def annuity_present_value(payment: ArrayLike, rate: ArrayLike, years: int) -> FloatOrArray:
    """Return the present value of a level payment at the end of each of years ``1..years``.

    Parameters
    ----------
    payment : float or array_like
        Payment per year (money), finite.
    rate : float or array_like
        Discount rate per year, as a decimal; finite and ``> -1``.  Broadcasts against ``payment``.
    years : int
        Number of payments, ``>= 0``.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar inputs, else shape ``broadcast(payment.shape, rate.shape)``.  Equals
        ``npv(rate, [0, payment, ..., payment])``.

    Raises
    ------
    bizcase.model.errors.InputError
        If a value is not finite, ``rate <= -1``, ``years`` is not an integer ``>= 0``, or the
        shapes do not broadcast.

    Notes
    -----
    Nothing is paid in year 0; year ``t``'s payment (``t = 1..n``) is discounted by
    :math:`(1 + r)^t`:

    .. math:: \\mathrm{PV} = \\sum_{t=1}^{n} \\frac{P}{(1 + r)^t}
       = P \\, \\frac{1 - (1 + r)^{-n}}{r}, \\qquad \\mathrm{PV} = P\\,n \\text{ at } r = 0

    computed as :math:`-P\\,\\mathrm{expm1}(-n\\,\\mathrm{log1p}(r)) / r`, accurate for small ``r``.

    References
    ----------
    .. [1] R. A. Brealey, S. C. Myers, F. Allen, *Principles of Corporate Finance*, 13th ed.,
       McGraw-Hill, 2020, ch. 2 "How to Calculate Present Values" (annuities).
    .. [2] numpy-financial, ``pv``: https://numpy.org/numpy-financial/latest/pv.html

    Examples
    --------
    >>> from bizcase.economics.finance import annuity_present_value
    >>> round(annuity_present_value(100.0, 0.10, 3), 2)
    248.69
    >>> annuity_present_value(100.0, [0.0, 1.0], 2).tolist()
    [200.0, 75.0]
    """
    p = _as_float_array("payment", payment)
    _require_finite("payment", p)
    r = _as_rate(rate)
    n = _as_count(years, "years")
    _batch_shape("payment", p.shape, "rate", r.shape)
    zero = r == 0.0
    safe_r = np.where(zero, 1.0, r)
    factor = np.where(zero, float(n), -np.expm1(-n * np.log1p(safe_r)) / safe_r)
    return _out(np.asarray(p * factor, dtype=np.float64))
