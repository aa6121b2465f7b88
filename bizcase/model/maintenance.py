"""Planned maintenance windows, and the clocks that leave their hours out.

During a planned maintenance window the client has agreed that the network may be down: an
outage hour inside it costs nothing and does not count on an SLA clock.  Windows are weekly
(``{ days = ["sun"], start_hour = 2, end_hour = 6 }``: every Sunday 02–06) or planned once a year
(``{ week = 32, day = "mon", start_hour = 0, hours = 336 }``: the two-week summer shutdown from
Monday of week 32), on whole hours of the simulated year, which starts on Monday 00:00.

:func:`maintenance_clock` turns a weekly profile (a loss-rate profile, the 24x7 clock, an
option's coverage window) into a :class:`MaintenanceClock` whose ``cumulative_at(t)`` is the
integral of the profile from 0 to ``t`` **with the maintenance hours taken out**.  The length of
``[a, b]`` on that clock is ``C(b) − C(a)``.  The loss engine uses it for the loss-weighted hours
and the penalty clock; the SLA code (:func:`bizcase.delivery.sla.sla_elapsed_hours`) calls
:func:`maintenance_elapsed_hours` for its clocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field, model_validator

from bizcase.model.base import FrozenModel, TimeWindow
from bizcase.model.calendar import (
    DAY_NAMES,
    HOURS_PER_DAY,
    HOURS_PER_WEEK,
    HOURS_PER_YEAR,
    TABLE_WEEKS,
    WeeklyProfile,
    hours_mask,
)

FloatArray = NDArray[np.float64]

_YEAR = int(HOURS_PER_YEAR)


class PlannedWindow(FrozenModel):
    """A maintenance window planned once a year: a week, a day, a start hour and a length."""

    week: int = Field(
        ge=1, le=53, description="Week of the simulated year, 1–53 (week 1 starts on Monday 00:00)."
    )
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = Field(
        description="Day of that week the window starts."
    )
    start_hour: int = Field(ge=0, le=23, description="Hour of the day the window starts, 0–23.")
    hours: int = Field(ge=1, le=_YEAR, description="Length of the window, whole hours.")

    @property
    def start(self) -> int:
        """Start, hours from Monday 00:00 of the simulated year."""
        return (
            (self.week - 1) * HOURS_PER_WEEK
            + DAY_NAMES.index(self.day) * HOURS_PER_DAY
            + self.start_hour
        )

    @model_validator(mode="after")
    def _inside_the_year(self) -> PlannedWindow:
        if self.start >= _YEAR:
            raise ValueError(
                f"week {self.week} {self.day} {self.start_hour}:00 starts after the 8,760-hour year"
            )
        return self


class Maintenance(FrozenModel):
    """Planned maintenance: hours excluded from the client's losses and from SLA clocks."""

    weekly: tuple[TimeWindow, ...] = Field(
        strict=False,
        default=(),
        description="Weekly windows (days, start_hour, end_hour); weight must be left at 1.",
    )
    planned: tuple[PlannedWindow, ...] = Field(
        strict=False,
        default=(),
        description="Windows planned once a year (week, day, start_hour, hours).",
    )

    @model_validator(mode="after")
    def _weights_are_one(self) -> Maintenance:
        for window in self.weekly:
            if window.weight != 1.0:
                raise ValueError("a weekly maintenance window has no weight: leave weight at 1")
        return self

    def weekly_mask(self) -> FloatArray:
        """168 hourly values: 1 inside a weekly window, else 0."""
        mask = np.zeros(HOURS_PER_WEEK)
        for w in self.weekly:
            mask = np.maximum(mask, hours_mask(w.days, w.start_hour, w.end_hour))
        return mask

    def year_mask(self) -> FloatArray:
        """8,760 hourly values of the simulated year: 1 inside any maintenance window."""
        weeks = -(-_YEAR // HOURS_PER_WEEK)
        mask = np.tile(self.weekly_mask(), weeks)[:_YEAR].copy()
        for p in self.planned:
            end = min(p.start + p.hours, _YEAR)
            mask[p.start : end] = 1.0
            if p.start + p.hours > _YEAR:  # a window across New Year wraps to the year's start
                mask[: p.start + p.hours - _YEAR] = 1.0
        return mask

    @property
    def hours_per_year(self) -> float:
        """Maintenance hours in the simulated year."""
        return float(self.year_mask().sum())


class Clock(Protocol):
    """What the loss engine needs of a profile: ``F(t)`` and the profile's mean and peak."""

    def cumulative_at(self, t: ArrayLike) -> FloatArray: ...

    @property
    def mean(self) -> float: ...

    @property
    def peak(self) -> float: ...


@dataclass(frozen=True)
class MaintenanceClock:
    """A weekly profile with maintenance hours taken out, used through its prefix sums.

    The simulated year and the following weeks up to ``TABLE_WEEKS`` are unrolled hour by hour
    (the planned windows repeat in the next year); beyond, the weekly profile with its weekly
    windows removed continues periodically.

    Examples
    --------
    >>> sundays = Maintenance(weekly=(TimeWindow(days=("sun",), start_hour=2, end_hour=6),))
    >>> clock = maintenance_clock(np.ones(168), sundays)
    >>> float(clock.cumulative_at(168.0))  # one week: 168 h less 4 h on Sunday
    164.0
    >>> float(clock.cumulative_at(146.5) - clock.cumulative_at(145.0))  # Sun 01:00–02:30
    1.0
    """

    weekly: WeeklyProfile  # the profile with the weekly windows removed (beyond the table)
    span_values: FloatArray = field(repr=False)
    span_cumulative: FloatArray = field(repr=False)

    def cumulative_at(self, t: ArrayLike) -> FloatArray:
        """``C(t)``: the profile's integral from 0 to ``t`` without maintenance hours."""
        times = np.asarray(t, dtype=np.float64)
        size = self.span_values.size
        if times.size and 0.0 <= np.min(times) and np.max(times) < size:
            return self._in_span(times)
        # a few restorations end beyond the table: look those up periodically
        clipped = np.clip(times, 0.0, size - 1e-9)
        out = self._in_span(clipped)
        beyond = np.flatnonzero(times > size - 1e-9)
        if beyond.size:
            far = times[beyond]
            tail = self.weekly.cumulative_at(far) - self.weekly.cumulative_at(float(size))
            out[beyond] = self.span_cumulative[-1] + tail
        return out

    def _in_span(self, times: FloatArray) -> FloatArray:
        floor = np.floor(times)
        hour = floor.astype(np.intp)
        out = self.span_values[hour] * (times - floor)
        out += self.span_cumulative[hour]
        return out

    @property
    def mean(self) -> float:
        """Average hourly value over the simulated year, maintenance hours counted as 0."""
        return float(self.span_cumulative[_YEAR]) / HOURS_PER_YEAR

    @property
    def peak(self) -> float:
        """Largest hourly value of the year."""
        return float(np.max(self.span_values[:_YEAR]))


def cumulative_pair_at(first: Clock, second: Clock, t: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``(first.cumulative_at(t), second.cumulative_at(t))``, the hour of each time found once.

    Two :class:`MaintenanceClock` over the same table (the loss profile and the clock without
    maintenance hours of one client) share the floor, the index and the fraction of the hour of
    every time within it: the same numbers as two separate look-ups, for less work.

    Examples
    --------
    >>> sundays = Maintenance(weekly=(TimeWindow(days=("sun",), start_hour=2, end_hour=6),))
    >>> f, c = maintenance_clock(np.full(168, 0.5), sundays), maintenance_clock(np.ones(168), sundays)
    >>> [x.tolist() for x in cumulative_pair_at(f, c, np.array([146.5, 168.0]))]
    [[73.0, 82.0], [146.0, 164.0]]
    """
    times = np.asarray(t, dtype=np.float64)
    if (
        isinstance(first, MaintenanceClock)
        and isinstance(second, MaintenanceClock)
        and first.span_values.size == second.span_values.size
        and times.size
        and 0.0 <= np.min(times)
        and np.max(times) < first.span_values.size
    ):
        floor = np.floor(times)
        hour = floor.astype(np.intp)
        fraction = times - floor
        a = first.span_values[hour] * fraction
        a += first.span_cumulative[hour]
        b = second.span_values[hour] * fraction
        b += second.span_cumulative[hour]
        return a, b
    return first.cumulative_at(times), second.cumulative_at(times)


def maintenance_clock(values: ArrayLike, maintenance: Maintenance | None) -> Clock:
    """The clock of a weekly profile with ``maintenance`` hours taken out.

    Parameters
    ----------
    values : array_like, shape (168,)
        Hourly values of the week (loss weights, or 0/1 for a clock).
    maintenance : Maintenance or None
        None (or no window) returns the plain :class:`WeeklyProfile`.

    Returns
    -------
    WeeklyProfile or MaintenanceClock
        Either has ``cumulative_at(t)``, ``mean`` and ``peak``.

    Notes
    -----
    ``C(t) = ∫₀ᵗ v(s)·(1 − m(s)) ds`` with ``v`` the weekly profile and ``m`` the maintenance
    indicator of the hour (weekly windows every week; planned windows in year 1 and again in
    year 2 of the table).
    """
    profile = WeeklyProfile.from_values(values)
    if maintenance is None or (not maintenance.weekly and not maintenance.planned):
        return profile
    weekly_mask = maintenance.weekly_mask()
    weekly = WeeklyProfile.from_values(profile.values * (1.0 - weekly_mask))
    span = np.tile(profile.values, TABLE_WEEKS)
    closed = np.tile(weekly_mask, TABLE_WEEKS)
    for p in maintenance.planned:
        for year_start in (0, _YEAR):  # this year's window and next year's
            first = year_start + p.start
            closed[first : min(first + p.hours, span.size)] = 1.0
    span = span * (1.0 - closed)
    cumulative = np.concatenate(([0.0], np.cumsum(span)))
    for table in (span, cumulative):
        table.setflags(write=False)
    return MaintenanceClock(weekly=weekly, span_values=span, span_cumulative=cumulative)


def maintenance_elapsed_hours(
    start_hours: ArrayLike,
    end_hours: ArrayLike,
    maintenance: Maintenance | None,
    window_mask: ArrayLike | None = None,
) -> FloatArray:
    """Hours between ``start`` and ``end`` on a clock that stops in maintenance windows.

    Parameters
    ----------
    start_hours, end_hours : array_like
        Wall-clock times, hours from Monday 00:00 of the simulated year.
    maintenance : Maintenance or None
        The client's planned maintenance (None: nothing excluded).
    window_mask : array_like of 168 values, optional
        A coverage window (1 open, 0 closed) whose open hours the clock counts; default 24x7.

    Returns
    -------
    ndarray
        ``C(end) − C(start)`` with ``C`` the clock without maintenance hours.

    Examples
    --------
    >>> sundays = Maintenance(weekly=(TimeWindow(days=("sun",), start_hour=2, end_hour=6),))
    >>> maintenance_elapsed_hours([144.0], [152.0], sundays)  # Sun 00:00–08:00, 02–06 excluded
    array([4.])
    """
    values = np.ones(HOURS_PER_WEEK) if window_mask is None else np.asarray(window_mask, float)
    clock = maintenance_clock(values, maintenance)
    start = np.asarray(start_hours, dtype=np.float64)
    end = np.asarray(end_hours, dtype=np.float64)
    return np.asarray(clock.cumulative_at(end) - clock.cumulative_at(start), dtype=np.float64)
