"""Coverage staffing: productive hours from a labour calendar, FTE per seat, weekly shift grids.

A *seat* is one position that must be filled during some hours of the week (a desk agent, an
engineer on duty).  Filling it for ``h`` hours a week over a staffing year of
``WEEKS_PER_YEAR = 52`` weeks takes ``52·h`` hours of presence; one full-time employee delivers
the *productive hours* of the labour calendar (contracted hours minus leave, public holidays,
sickness and training).  DESIGN §8: one 24x7 seat is 8,736 h a year, 4.2 FTE before absence
(168 / 40) and 8,736 / 1,736 = 5.03 FTE after it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from bizcase.model.calendar import DAY_NAMES, HOURS_PER_DAY, HOURS_PER_WEEK
from bizcase.model.errors import InputError

__all__ = [
    "WEEKS_PER_YEAR",
    "coverage_fte",
    "fte_per_seat",
    "productive_hours_per_fte",
    "weekly_grid",
]

#: Weeks in a staffing year (DESIGN §8 counts a 24x7 seat as 52 × 168 = 8,736 hours).
WEEKS_PER_YEAR = 52.0

FloatArray = npt.NDArray[np.float64]


def _non_negative(name: str, value: float) -> float:
    number = float(value)
    if not np.isfinite(number) or number < 0:
        raise InputError(f"{name} = {value!r}: must be a finite number >= 0")
    return number


def productive_hours_per_fte(
    standard_hours_per_year: float = 2080.0,
    leave_days: float = 25.0,
    public_holidays_days: float = 8.0,
    sickness_days: float = 6.0,
    training_days: float = 4.0,
    hours_per_day: float = 8.0,
) -> float:
    """Hours one full-time employee is actually available for work in a year.

    Parameters
    ----------
    standard_hours_per_year : float
        Contracted hours per year (52 × 40 = 2,080 for a 40-hour week), > 0.
    leave_days, public_holidays_days, sickness_days, training_days : float
        Days per year lost to each kind of absence, >= 0.
    hours_per_day : float
        Hours in one working day, > 0.

    Returns
    -------
    float
        Productive hours per FTE per year (> 0).

    Notes
    -----
    ``P = standard − (leave + holidays + sickness + training) × hours_per_day``.

    Examples
    --------
    >>> productive_hours_per_fte(2080, 25, 8, 6, 4, 8)
    1736.0
    """
    standard = _non_negative("standard_hours_per_year", standard_hours_per_year)
    per_day = _non_negative("hours_per_day", hours_per_day)
    if per_day == 0:
        raise InputError(f"hours_per_day = {hours_per_day!r}: must be > 0")
    absence = sum(
        _non_negative(name, value)
        for name, value in (
            ("leave_days", leave_days),
            ("public_holidays_days", public_holidays_days),
            ("sickness_days", sickness_days),
            ("training_days", training_days),
        )
    )
    productive = standard - absence * per_day
    if productive <= 0:
        raise InputError(
            f"standard_hours_per_year = {standard_hours_per_year!r}: absence of {absence:g} days "
            f"× {per_day:g} h leaves no productive hours"
        )
    return productive


def fte_per_seat(
    coverage_hours_per_week: npt.ArrayLike, productive_hours: float
) -> float | FloatArray:
    """FTE needed to keep one seat filled for some hours every week.

    Parameters
    ----------
    coverage_hours_per_week : float or array_like
        Hours per week the seat is filled, 0–168 (168 for 24x7, 45 for Mon–Fri 09–18).
    productive_hours : float
        Productive hours per FTE per year (see :func:`productive_hours_per_fte`), > 0.

    Returns
    -------
    float or ndarray
        FTE (not rounded: headcount is the caller's rounding step).

    Notes
    -----
    ``FTE = 52 × hours_per_week / productive_hours``.

    Examples
    --------
    >>> round(fte_per_seat(168, 2080), 2)  # before absence: 168 / 40
    4.2
    >>> round(fte_per_seat(168, 1736), 2)  # after absence: 8,736 / 1,736
    5.03
    """
    hours = np.asarray(coverage_hours_per_week, dtype=np.float64)
    if not np.all(np.isfinite(hours)) or np.any(hours < 0) or np.any(hours > HOURS_PER_WEEK):
        raise InputError(
            f"coverage_hours_per_week = {coverage_hours_per_week!r}: must be from 0 to 168"
        )
    productive = _positive_hours(productive_hours)
    fte = WEEKS_PER_YEAR * hours / productive
    return float(fte) if fte.ndim == 0 else fte


def coverage_fte(seats_per_hour: npt.ArrayLike, productive_hours: float) -> float:
    """FTE needed to staff a weekly plan of seats (one value per hour of the week).

    Parameters
    ----------
    seats_per_hour : array_like, shape (168,)
        Seats filled in each hour of the week, Monday 00:00 first, >= 0 (a 0/1 coverage window
        is one seat in its open hours).
    productive_hours : float
        Productive hours per FTE per year, > 0.

    Returns
    -------
    float
        FTE, unrounded.

    Notes
    -----
    ``FTE = 52 × Σ_h seats_h / productive_hours``: seat-hours per week over the staffing year.

    Examples
    --------
    >>> round(coverage_fte(np.ones(168), 1736), 3)
    5.032
    """
    seats = np.asarray(seats_per_hour, dtype=np.float64)
    if seats.shape != (HOURS_PER_WEEK,):
        raise InputError(f"seats_per_hour has shape {seats.shape}: needs 168 hourly values")
    if not np.all(np.isfinite(seats)) or np.any(seats < 0):
        raise InputError("seats_per_hour: every value must be a finite number >= 0")
    return WEEKS_PER_YEAR * float(seats.sum()) / _positive_hours(productive_hours)


def _positive_hours(productive_hours: float) -> float:
    productive = _non_negative("productive_hours", productive_hours)
    if productive == 0:
        raise InputError(f"productive_hours = {productive_hours!r}: must be > 0")
    return productive


def weekly_grid(values: npt.ArrayLike) -> pd.DataFrame:
    """Lay 168 hourly values out as a week: one row per day, one column per hour.

    Parameters
    ----------
    values : array_like, shape (168,)
        Hourly values, Monday 00:00 first (seats, agents, a coverage mask).

    Returns
    -------
    pandas.DataFrame
        Index ``mon … sun``, columns ``0 … 23`` (hour of the day).

    Examples
    --------
    >>> grid = weekly_grid(np.arange(168))
    >>> int(grid.loc["tue", 9])
    33
    """
    arr = np.asarray(values)
    if arr.shape != (HOURS_PER_WEEK,):
        raise InputError(f"values has shape {arr.shape}: a week needs 168 hourly values")
    return pd.DataFrame(
        arr.reshape(len(DAY_NAMES), HOURS_PER_DAY), index=list(DAY_NAMES), columns=range(24)
    )
