"""SLA attainment and service credits, from per-incident restoration times (DESIGN 4.8).

A contract measures restoration on its **SLA clock**: ``24x7`` counts every wall-clock hour,
``coverage`` counts only the open hours of the option's window, ``G(end) − G(start)`` with ``G``
the cumulative open hours (:meth:`bizcase.model.calendar.CoverageWindow.open_time`).  A breach is an
incident whose restoration on that clock exceeds the target of its priority.

Service credits are counted per calendar month of ``730`` hours (8760 / 12), each incident in the
month it starts: the per-breach credits of the month plus the largest availability tier the
month reaches, capped at a share of the monthly fee.  Everything is vectorised over incidents
and trial-months; nothing loops per incident or per trial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bizcase.model.calendar import HOURS_PER_YEAR, CoverageWindow
from bizcase.model.errors import InputError
from bizcase.model.maintenance import Maintenance, maintenance_elapsed_hours

__all__ = [
    "HOURS_PER_MONTH",
    "CreditBasis",
    "credit_basis",
    "month_of_year",
    "monthly_availability",
    "service_credits_per_year",
    "sla_clock_hours",
    "sla_elapsed_hours",
]

#: A contract month: 8760 / 12 = 730 hours.
HOURS_PER_MONTH = HOURS_PER_YEAR / 12.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def sla_elapsed_hours(
    start_hours: npt.ArrayLike,
    end_hours: npt.ArrayLike,
    window: CoverageWindow | None = None,
    maintenance: Maintenance | None = None,
) -> FloatArray:
    """Hours between outage start and restoration on the contract's SLA clock.

    Parameters
    ----------
    start_hours, end_hours : array_like
        Wall-clock times, hours from Monday 00:00 of the year.
    window : CoverageWindow, optional
        The window whose open hours the clock counts; ``None`` for a 24x7 clock.
    maintenance : Maintenance, optional
        The client's planned maintenance windows: the clock stops in them
        (:func:`bizcase.model.maintenance.maintenance_elapsed_hours`).

    Returns
    -------
    ndarray
        ``end − start`` (24x7 clock) or ``G(end) − G(start)`` (coverage clock), hours, less
        the maintenance hours in between.

    Examples
    --------
    >>> from bizcase.model.calendar import hours_mask
    >>> office = CoverageWindow.from_mask(hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18))
    >>> sla_elapsed_hours([17.0], [34.0], office)  # Mon 17:00 -> Tue 10:00: 2 office hours
    array([2.])
    >>> sla_elapsed_hours([17.0], [34.0])
    array([17.])
    """
    start = np.asarray(start_hours, dtype=np.float64)
    end = np.asarray(end_hours, dtype=np.float64)
    if np.any(~np.isfinite(start)) or np.any(~np.isfinite(end)):
        raise InputError("start_hours, end_hours: times must be finite hours")
    if maintenance is not None and (maintenance.weekly or maintenance.planned):
        mask = None if window is None else window.profile.values
        return maintenance_elapsed_hours(start, end, maintenance, mask)
    if window is None:
        return end - start
    return np.asarray(window.open_time(end) - window.open_time(start), dtype=np.float64)


def sla_clock_hours(
    registered_hours: npt.ArrayLike,
    end_hours: npt.ArrayLike,
    clock: str,
    window: CoverageWindow,
    maintenance: Maintenance | None = None,
) -> FloatArray:
    """Hours from the clock's start to ``end`` on one priority's SLA clock.

    Parameters
    ----------
    registered_hours, end_hours : array_like
        When the clock starts (case registration, or the outage start if the contract says so)
        and the event timed (response, or restoration of the service), wall-clock hours.
    clock : {"24x7", "coverage", "next_business_day"}
        The priority's SLA clock.
    window : CoverageWindow
        The integrator's window for the priority: its business hours.
    maintenance : Maintenance, optional
        The client's planned maintenance windows: the clock stops in them
        (:func:`sla_elapsed_hours`).

    Returns
    -------
    ndarray
        ``end − t₀`` on a 24x7 clock; ``G(end) − G(t₀)`` on a business-hours clock (``G`` the
        window's cumulative open hours); on a next-business-day clock
        ``max(0, G(end) − G(t_n))`` with ``t_n`` the first opening of the window on a calendar
        day after the day of ``t₀`` (a target of one business day's open hours then means
        "by the close of the next business day").

    Examples
    --------
    A case registered Friday 17:00 (hour 113) and restored Monday 11:00 (hour 179 of the next
    week) on Mon–Fri 09–18: one business hour on Friday and two on Monday.

    >>> from bizcase.model.calendar import hours_mask
    >>> office = CoverageWindow.from_mask(hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18))
    >>> sla_clock_hours([113.0], [179.0], "coverage", office)
    array([3.])
    >>> sla_clock_hours([113.0], [179.0], "next_business_day", office)
    array([2.])
    >>> sla_clock_hours([113.0], [179.0], "24x7", office)
    array([66.])
    """
    start = np.asarray(registered_hours, dtype=np.float64)
    end = np.asarray(end_hours, dtype=np.float64)
    if clock == "24x7":
        return sla_elapsed_hours(start, end, None, maintenance)
    if clock == "coverage":
        return sla_elapsed_hours(start, end, window, maintenance)
    if clock == "next_business_day":
        next_day = np.floor(start / 24.0) * 24.0 + 24.0
        begins = window.next_open(next_day)
        elapsed = sla_elapsed_hours(begins, np.maximum(end, begins), window, maintenance)
        return np.maximum(elapsed, 0.0)
    raise InputError(f"clock = {clock!r}: must be '24x7', 'coverage' or 'next_business_day'")


def month_of_year(start_hours: npt.ArrayLike) -> IntArray:
    """Contract month (0–11) of each time: ``min(floor(t / 730), 11)``.

    Examples
    --------
    >>> month_of_year([0.0, 729.9, 730.0, 8759.0])
    array([ 0,  0,  1, 11])
    """
    t = np.asarray(start_hours, dtype=np.float64)
    return np.clip(np.floor(t / HOURS_PER_MONTH), 0, 11).astype(np.int64)


def monthly_availability(
    trial: npt.ArrayLike,
    start_hours: npt.ArrayLike,
    weighted_outage_hours: npt.ArrayLike,
    n_trials: int,
) -> FloatArray:
    """Availability of each trial-month: ``1 − Σ impact-weighted outage hours / 730``.

    Parameters
    ----------
    trial : array_like of int
        Trial-year of each incident, 0 … n_trials − 1.
    start_hours : array_like
        Start of each incident, hours from the start of the year.
    weighted_outage_hours : array_like
        Outage hours × impact share of each incident (0 for prevented ones).
    n_trials : int
        Number of trial-years.

    Returns
    -------
    ndarray, shape (n_trials, 12)
        Clipped at 0.

    Examples
    --------
    >>> monthly_availability([0], [10.0], [7.3], 1)[0, :2]
    array([0.99, 1.  ])
    """
    index = np.asarray(trial, dtype=np.int64) * 12 + month_of_year(start_hours)
    return _availability_of_months(index, weighted_outage_hours, n_trials)


def _availability_of_months(
    index: IntArray, weighted_outage_hours: npt.ArrayLike, n_trials: int
) -> FloatArray:
    """:func:`monthly_availability` from each incident's trial-month ``12·trial + month``."""
    down = np.bincount(
        index, weights=np.asarray(weighted_outage_hours, dtype=np.float64), minlength=n_trials * 12
    )
    return np.maximum(1.0 - down.reshape(n_trials, 12) / HOURS_PER_MONTH, 0.0)


def service_credits_per_year(
    trial: npt.ArrayLike,
    start_hours: npt.ArrayLike,
    breach_credit: npt.ArrayLike,
    weighted_outage_hours: npt.ArrayLike,
    n_trials: int,
    monthly_fee: float,
    tier_below: npt.ArrayLike = (),
    tier_share: npt.ArrayLike = (),
    cap_share: float = 1.0,
) -> FloatArray:
    """Service credits the integrator pays in each trial-year.

    Parameters
    ----------
    trial : array_like of int
        Trial-year of each incident.
    start_hours : array_like
        Start of each incident, hours from the start of the year.
    breach_credit : array_like
        Credit owed for each incident's breach, currency (0 when the target was met).
    weighted_outage_hours : array_like
        Impact-weighted outage hours of each incident (for the monthly availability).
    n_trials : int
        Number of trial-years, >= 1.
    monthly_fee : float
        Fee of one month, currency, >= 0.
    tier_below, tier_share : array_like
        Availability tiers: a month below ``tier_below[i]`` earns ``tier_share[i]`` of the fee.
    cap_share : float
        Cap on one month's credits as a share of the monthly fee, in [0, 1].

    Returns
    -------
    ndarray, shape (n_trials,)
        ``Σ_months min(cap · fee, Σ breach credits + fee · max_i{share_i : A_m < below_i})``.

    Examples
    --------
    Two breaches of 1,000 in January, 2 % availability lost in March with a 10 % tier below
    99.5 %, a cap of half the 5,000 fee:

    >>> credits = service_credits_per_year([0, 0, 0], [1.0, 2.0, 1500.0], [1000.0, 1000.0, 0.0],
    ...                                    [0.0, 0.0, 14.6], 1, 5000.0, [0.995], [0.1], 0.5)
    >>> float(credits[0])  # January 2,000 (cap 2,500) + March 500
    2500.0
    """
    basis = credit_basis(
        trial, start_hours, breach_credit, weighted_outage_hours, n_trials, tier_below, tier_share
    )
    return basis.per_year(monthly_fee, cap_share)


@dataclass(frozen=True)
class CreditBasis:
    """What a contract's service credits depend on besides its fee, per trial-year and month.

    ``breach[i, m]`` is the sum of the fixed per-breach credits of trial-year ``i``'s month
    ``m`` (currency) and ``tier_share[i, m]`` the share of the monthly fee its availability tier
    earns (0 above every tier).  Credits at any fee follow without simulating again
    (:meth:`per_year`): the simulated SLA outcome is reusable, the fee is a price.
    """

    breach: FloatArray  # (trial-years, 12)
    tier_share: FloatArray  # (trial-years, 12)

    @property
    def rows(self) -> int:
        """Number of trial-years."""
        return int(self.breach.shape[0])

    def take(self, rows: npt.ArrayLike) -> CreditBasis:
        """The basis of the trial-years ``rows`` (in that order; repeats allowed)."""
        index = np.asarray(rows, dtype=np.int64)
        return CreditBasis(self.breach[index], self.tier_share[index])

    @staticmethod
    def concat(parts: list[CreditBasis]) -> CreditBasis:
        """The trial-years of ``parts`` one after the other."""
        return CreditBasis(
            np.concatenate([b.breach for b in parts]),
            np.concatenate([b.tier_share for b in parts]),
        )

    def per_year(self, monthly_fee: npt.ArrayLike, cap_share: float) -> FloatArray:
        """Service credits of each trial-year at ``monthly_fee`` (a scalar, or one per row).

        Notes
        -----
        ``credits_i = Σ_m min(cap · F_i, B_im + S_im · F_i)`` with ``F_i`` the monthly fee,
        ``B`` the breach credits and ``S`` the tier share: the fee enters linearly below the
        cap, so one simulation prices every fee.

        Examples
        --------
        >>> b = CreditBasis(np.array([[2000.0, 0.0] + [0.0] * 10]),
        ...                 np.array([[0.0, 0.1] + [0.0] * 10]))
        >>> b.per_year(5000.0, 0.5).tolist()  # January 2,000 (cap 2,500) + February 500
        [2500.0]
        >>> b.per_year(2000.0, 0.5).tolist()  # January capped at 1,000 + February 200
        [1200.0]
        """
        fee = np.asarray(monthly_fee, dtype=np.float64)
        if not (np.all(np.isfinite(fee)) and np.all(fee >= 0)):
            raise InputError(f"monthly_fee = {monthly_fee!r}: must be a finite amount >= 0")
        if not (math.isfinite(cap_share) and 0.0 <= cap_share <= 1.0):
            raise InputError(f"cap_share = {cap_share!r}: must be a share in [0, 1]")
        f = fee[..., None] if fee.ndim else fee
        monthly = np.minimum(self.breach + self.tier_share * f, cap_share * f)
        return np.asarray(monthly.sum(axis=1), dtype=np.float64)


def credit_basis(
    trial: npt.ArrayLike,
    start_hours: npt.ArrayLike,
    breach_credit: npt.ArrayLike,
    weighted_outage_hours: npt.ArrayLike,
    n_trials: int,
    tier_below: npt.ArrayLike = (),
    tier_share: npt.ArrayLike = (),
) -> CreditBasis:
    """The per-month breach credits and tier shares of each trial-year (see :class:`CreditBasis`).

    Parameters are those of :func:`service_credits_per_year` but the fee and the cap.

    Examples
    --------
    >>> b = credit_basis([0, 0, 0], [1.0, 2.0, 1500.0], [1000.0, 1000.0, 0.0],
    ...                  [0.0, 0.0, 14.6], 1, [0.995], [0.1])
    >>> b.breach[0, :3].tolist(), b.tier_share[0, :3].tolist()
    ([2000.0, 0.0, 0.0], [0.0, 0.0, 0.1])
    """
    if not isinstance(n_trials, int | np.integer) or n_trials < 1:
        raise InputError(f"n_trials = {n_trials!r}: must be an integer >= 1")
    below = np.asarray(tier_below, dtype=np.float64).reshape(-1)
    share = np.asarray(tier_share, dtype=np.float64).reshape(-1)
    if below.shape != share.shape:
        raise InputError(
            f"tier_below has {below.size} values, tier_share {share.size}: one share per tier"
        )
    index = np.asarray(trial, dtype=np.int64) * 12 + month_of_year(start_hours)
    per_breach = np.bincount(
        index, weights=np.asarray(breach_credit, dtype=np.float64), minlength=n_trials * 12
    ).reshape(n_trials, 12)
    earned = np.zeros((n_trials, 12))
    if below.size:
        availability = _availability_of_months(index, weighted_outage_hours, n_trials)
        earned = np.where(availability[..., None] < below, share, 0.0).max(axis=-1)
    return CreditBasis(np.asarray(per_breach, dtype=np.float64), np.asarray(earned, np.float64))
