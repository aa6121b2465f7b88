"""Weekly calendars: loss-rate profiles and coverage windows, used through prefix sums.

Time is continuous, in hours, counted from Monday 00:00 of the simulated year.  A week has
``HOURS_PER_WEEK = 168`` hours and a simulated year ``HOURS_PER_YEAR = 8760`` (52 weeks + 1 day).
A weekly profile is a vector of 168 hourly values that repeats every week: a loss-rate weight
(how much an hour of full outage costs at that hour, relative to the peak) or a coverage window
(1 where the support option works on cases, 0 where it does not).

Everything here is vectorised over arrays of times; nothing loops per incident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bizcase.model.errors import InputError

HOURS_PER_WEEK = 168
HOURS_PER_DAY = 24
HOURS_PER_YEAR = 8760.0
#: Weeks unrolled into look-up tables: a year plus eight weeks covers every incident's start and
#: almost every restoration, and keeps the tables small enough to stay in the CPU cache.  Times
#: beyond use the periodic formula.
TABLE_WEEKS = 61
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

FloatArray = NDArray[np.float64]


def hours_mask(days: tuple[str, ...] | list[str], start_hour: int, end_hour: int) -> FloatArray:
    """Return a 168-value 0/1 vector that is 1 on ``days`` from ``start_hour`` to ``end_hour``.

    Parameters
    ----------
    days : sequence of str
        Day names among ``mon tue wed thu fri sat sun``.
    start_hour, end_hour : int
        Hours of the day, ``0 <= start_hour < end_hour <= 24``; the window is ``[start, end)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(168,)``, index 0 = Monday 00:00–01:00.

    Examples
    --------
    >>> mask = hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18)
    >>> int(mask.sum()), int(mask[9]), int(mask[8]), int(mask[18])
    (45, 1, 0, 0)
    """
    if not 0 <= start_hour < end_hour <= HOURS_PER_DAY:
        raise InputError(
            f"start_hour = {start_hour}, end_hour = {end_hour}: need 0 <= start_hour < end_hour <= 24"
        )
    for day in days:
        if day not in DAY_NAMES:
            raise InputError(f"day = {day!r}: must be one of {', '.join(DAY_NAMES)}")
    return _hours_mask(tuple(days), start_hour, end_hour).copy()


@lru_cache(maxsize=256)
def _hours_mask(days: tuple[str, ...], start_hour: int, end_hour: int) -> FloatArray:
    mask = np.zeros(HOURS_PER_WEEK)
    for day in days:
        offset = DAY_NAMES.index(day) * HOURS_PER_DAY
        mask[offset + start_hour : offset + end_hour] = 1.0
    mask.flags.writeable = False
    return mask


def _as_times(t: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(t, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinity: times must be finite hours")
    return arr


@dataclass(frozen=True)
class WeeklyProfile:
    """A periodic weekly profile of 168 hourly values with its prefix sums.

    ``cumulative[h]`` is the integral of the profile from Monday 00:00 to hour ``h`` of the
    week, so that the integral over any interval ``[a, b]`` is ``F(b) - F(a)`` with
    ``F(t) = floor(t/168)·total + cumulative[h] + values[h]·(t mod 168 - h)``, ``h = floor(t mod 168)``.

    Examples
    --------
    >>> p = WeeklyProfile.from_values(np.ones(168))
    >>> float(p.integral(10.0, 200.0))
    190.0
    """

    values: FloatArray
    cumulative: FloatArray = field(repr=False)
    total: float
    constant: bool  # every hour has the same value: F(t) = value·t
    # The same, unrolled over TABLE_WEEKS weeks so that F(t) is two look-ups for t in that span.
    span_values: FloatArray = field(repr=False)
    span_cumulative: FloatArray = field(repr=False)

    @classmethod
    def from_values(cls, values: ArrayLike) -> WeeklyProfile:
        """Build a profile from 168 non-negative hourly values."""
        arr = np.asarray(values, dtype=np.float64).copy()
        if arr.shape != (HOURS_PER_WEEK,):
            raise InputError(f"values has shape {arr.shape}: a weekly profile needs 168 values")
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise InputError("values: every hourly value must be finite and >= 0")
        cumulative = np.concatenate(([0.0], np.cumsum(arr)))
        span_values = np.tile(arr, TABLE_WEEKS)
        span_cumulative = np.concatenate(([0.0], np.cumsum(span_values)))
        for a in (arr, cumulative, span_values, span_cumulative):
            a.setflags(write=False)
        return cls(
            values=arr,
            cumulative=cumulative,
            total=float(cumulative[-1]),
            constant=bool(np.all(arr == arr[0])),
            span_values=span_values,
            span_cumulative=span_cumulative,
        )

    @property
    def mean(self) -> float:
        """Average hourly value over the week."""
        return self.total / HOURS_PER_WEEK

    @property
    def peak(self) -> float:
        """Largest hourly value of the week."""
        return float(np.max(self.values))

    def cumulative_at(self, t: ArrayLike) -> FloatArray:
        """``F(t)``: the integral of the profile from time 0 to ``t`` (hours, vectorised).

        Notes
        -----
        ``F(t) = w·total + C[h] + v[h]·(s − h)`` with ``w = floor(t/168)``, ``s = t − 168w``,
        ``h = floor(s)`` and ``C`` the prefix sums of the hourly values ``v``.
        """
        times = np.asarray(t, dtype=np.float64)
        if self.constant:
            return times * self.values[0]
        if times.size and 0.0 <= np.min(times) and np.max(times) < self.span_values.size:
            floor = np.floor(times)
            hour = floor.astype(np.intp)
            # float minus float: numpy's mixed int/float subtraction takes a slow casting path
            out = self.span_values[hour] * (times - floor)
            out += self.span_cumulative[hour]
            return out
        # ``mod`` is exact in floating point, where ``t − 168·floor(t/168)`` is not: far out in
        # a lognormal tail (1e20 hours) the difference would leave [0, 168) and index outside
        # the week.
        within = np.clip(np.mod(times, float(HOURS_PER_WEEK)), 0.0, float(HOURS_PER_WEEK))
        weeks = np.round((times - within) / HOURS_PER_WEEK)
        hour = np.minimum(within.astype(np.int64), HOURS_PER_WEEK - 1)
        return weeks * self.total + self.cumulative[hour] + self.values[hour] * (within - hour)

    def integral(self, start: ArrayLike, end: ArrayLike) -> FloatArray:
        """Integral of the profile over ``[start, end]`` in hours, vectorised.

        Examples
        --------
        >>> bh = WeeklyProfile.from_values(hours_mask(("mon",), 9, 18))
        >>> float(bh.integral(0.0, 168.0 * 2))  # two weeks of Monday 09-18
        18.0
        """
        a = _as_times(start, "start")
        b = _as_times(end, "end")
        return self.cumulative_at(b) - self.cumulative_at(a)


@dataclass(frozen=True)
class CoverageWindow:
    """When a support option works on cases: a 0/1 weekly profile and its inverse prefix sums.

    Work of ``w`` hours that starts at wall-clock time ``t`` ends at ``G⁻¹(G(t) + w)``, ``G`` being
    the cumulative number of open hours since time 0.  Because every open hour adds exactly one
    hour to ``G``, ``G⁻¹`` is a table look-up (the wall-clock hour of the j-th open hour of the
    week), not a search.

    Examples
    --------
    >>> office = CoverageWindow.from_mask(hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18))
    >>> float(office.work_end(17.0, 2.0))  # Monday 17:00 + 2 h of work -> Tuesday 10:00
    34.0
    >>> float(office.next_open(20.0))  # Monday 20:00 -> Tuesday 09:00
    33.0
    """

    profile: WeeklyProfile
    open_hours: NDArray[np.int64] = field(repr=False)
    # Wall-clock start hour of the j-th open hour counted from time 0, over TABLE_WEEKS weeks.
    span_open_hours: FloatArray = field(repr=False)

    @classmethod
    def from_mask(cls, mask: ArrayLike) -> CoverageWindow:
        """Build a window from a 168-value vector of zeros and ones."""
        profile = WeeklyProfile.from_values(mask)
        if not np.all((profile.values == 0.0) | (profile.values == 1.0)):
            raise InputError("coverage mask: every hourly value must be 0 (closed) or 1 (open)")
        if profile.total == 0:
            raise InputError("coverage mask has no open hour: a support option must work sometime")
        open_hours = np.flatnonzero(profile.values).astype(np.int64)
        weeks = np.arange(TABLE_WEEKS, dtype=np.float64)[:, None] * HOURS_PER_WEEK
        span = (weeks + open_hours[None, :]).ravel()
        open_hours.setflags(write=False)
        span.setflags(write=False)
        return cls(profile=profile, open_hours=open_hours, span_open_hours=span)

    @property
    def key(self) -> bytes:
        """A hashable identity of the window's hours (equal windows, equal keys)."""
        return self.profile.values.tobytes()

    @property
    def open_hours_per_week(self) -> float:
        """Number of open hours in a week (168 for 24x7, 45 for Mon–Fri 09–18)."""
        return self.profile.total

    @property
    def always_open(self) -> bool:
        """True for a 24x7 window, where work time equals wall-clock time."""
        return self.profile.total == HOURS_PER_WEEK

    def open_time(self, t: ArrayLike) -> FloatArray:
        """``G(t)``: open hours elapsed from time 0 to wall-clock time ``t``."""
        if self.always_open:
            return np.asarray(t, dtype=np.float64)
        return self.profile.cumulative_at(t)

    def wall_time(self, g: ArrayLike) -> FloatArray:
        """``G⁻¹(g)``: the earliest wall-clock time at which ``g`` open hours have elapsed.

        Notes
        -----
        With ``W`` open hours per week: ``k = ceil(g/W) − 1``, ``r = g − kW`` in ``(0, W]``,
        ``j = ceil(r) − 1``; the time is ``168k + open_hours[j] + (r − j)``.  Work that ends exactly
        at closing time ends then, not at the next opening.
        """
        g_arr = np.asarray(g, dtype=np.float64)
        if self.always_open:
            return g_arr
        j_float = np.maximum(np.ceil(g_arr) - 1.0, 0.0)
        if j_float.size and j_float.max() < self.span_open_hours.size:
            return (g_arr - j_float) + self.span_open_hours[j_float.astype(np.intp)]
        per_week = self.profile.total
        weeks = np.maximum(np.ceil(g_arr / per_week) - 1.0, 0.0)
        rest = g_arr - weeks * per_week
        j = np.clip(np.ceil(rest).astype(np.int64) - 1, 0, len(self.open_hours) - 1)
        return weeks * HOURS_PER_WEEK + self.open_hours[j] + (rest - j)

    def work_end(self, start: ArrayLike, work_hours: ArrayLike) -> FloatArray:
        """Wall-clock end of ``work_hours`` of work started at ``start`` (both in hours).

        Work waits for the window to open and pauses while it is closed.  Zero work ends at
        ``start`` itself.
        """
        return self.advance(_as_times(start, "start"), _as_times(work_hours, "work_hours"))

    def advance(self, start: FloatArray, work_hours: NDArray[np.floating]) -> FloatArray:
        """:meth:`work_end` without input checks, for the engine's hot path (finite inputs).

        ``G⁻¹(G(t) + 0)`` is the last closing time before a closed ``t``, so the maximum with
        ``t`` makes zero work end at ``t``.
        """
        return np.maximum(self.wall_time(self.open_time(start) + work_hours), start)

    def next_open(self, t: ArrayLike) -> FloatArray:
        """Earliest time ``>= t`` at which the window is open (``t`` itself when open)."""
        times = _as_times(t, "t")
        if self.always_open:
            return times
        # The first open instant is the start of the open hour in which the next tiny bit of
        # work would be done.
        g = self.profile.cumulative_at(times)
        k_float = np.floor(g)
        if k_float.size and 0.0 <= k_float.min() and k_float.max() < self.span_open_hours.size:
            # The table of open hours: the k-th open hour starts at span_open_hours[k], and the
            # fraction of an hour is g's own (the periodic formula below gives the same bits).
            hour_start = self.span_open_hours[k_float.astype(np.intp)] + (g - k_float)
            return np.maximum(hour_start, times)
        per_week = self.profile.total
        rest = np.clip(np.mod(g, per_week), 0.0, per_week)  # exact, unlike g − W·floor(g/W)
        weeks = np.round((g - rest) / per_week)
        j = np.floor(rest).astype(np.int64)
        wrapped = j >= len(self.open_hours)
        j = np.where(wrapped, 0, j)
        weeks = np.where(wrapped, weeks + 1, weeks)
        hour_start = weeks * HOURS_PER_WEEK + self.open_hours[j] + (rest - np.floor(rest))
        return np.maximum(hour_start, times)
