"""The emergency-phone rota: how many carry the phone, roster size, weeks on call, call-out pay.

Outside office hours a support option's cases go to the engineers on call.  How many carry the
phone at once follows from the out-of-hours work (Erlang C: a case that finds every on-call
engineer busy waits); the roster that shares those positions follows from the rules: at least
``min_engineers``, nobody on call more than ``max_on_call_share`` of the weeks, and the rest owed
between two stints.  Pay is a standby allowance per on-call week plus each call-out, paid for at
least a minimum duration at the evening, night or weekend multiplier.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bizcase.design.labour import WEEKS_PER_YEAR
from bizcase.design.queueing import erlang_c, servers_needed
from bizcase.model.calendar import HOURS_PER_DAY, HOURS_PER_WEEK
from bizcase.model.errors import InputError

__all__ = [
    "callout_multiplier",
    "callout_paid_hours",
    "on_call_positions",
    "probability_engineer_free",
    "roster_size",
    "weeks_on_call_per_person",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def on_call_positions(traffic_erlangs: float, max_busy_probability: float = 0.05) -> int:
    """How many engineers must carry the emergency phone at the same time.

    Parameters
    ----------
    traffic_erlangs : float
        Out-of-hours work offered to the rota: call-outs per hour × mean hands-on hours per
        call-out, Erlangs, >= 0.
    max_busy_probability : float
        Largest acceptable probability that a case finds every on-call engineer busy, in (0, 1).

    Returns
    -------
    int
        The smallest ``k >= 1`` with Erlang ``C(A, k) <= max_busy_probability``.

    Notes
    -----
    ``C(A, k)`` is the Erlang C probability of waiting (a case that finds the engineers busy
    waits for one); it equals ``1 − SL(T = 0)``, so ``k`` is :func:`bizcase.design.queueing.servers_needed`
    with a zero answer time and target ``1 − max_busy_probability``.

    Examples
    --------
    >>> on_call_positions(0.01), on_call_positions(0.5), on_call_positions(1.5)
    (1, 3, 5)
    """
    if not 0.0 < max_busy_probability < 1.0:
        raise InputError(f"max_busy_probability = {max_busy_probability!r}: must be in (0, 1)")
    if not (math.isfinite(traffic_erlangs) and traffic_erlangs >= 0):
        raise InputError(f"traffic_erlangs = {traffic_erlangs!r}: must be a finite number >= 0")
    if traffic_erlangs == 0:
        return 1
    k = int(servers_needed(traffic_erlangs, 1.0 - max_busy_probability, 0.0, 1.0))
    return max(1, k)


def probability_engineer_free(traffic_erlangs: float, engineers: int) -> float:
    """Probability that a case finds an engineer free at once (``1 − Erlang C``).

    Parameters
    ----------
    traffic_erlangs : float
        Work offered, Erlangs, >= 0.
    engineers : int
        Engineers available, >= 1.

    Returns
    -------
    float
        ``1 − C(A, n)``; 0 when ``n <= A`` (the work outgrows the engineers).

    Examples
    --------
    >>> round(probability_engineer_free(1.0, 2), 4)
    0.6667
    """
    if engineers < 1:
        raise InputError(f"engineers = {engineers!r}: must be an integer >= 1")
    if traffic_erlangs == 0:
        return 1.0
    return 1.0 - float(erlang_c(traffic_erlangs, engineers))


def roster_size(
    positions: npt.ArrayLike,
    min_engineers: int = 2,
    max_on_call_share: float = 0.25,
    min_rest_hours: float = 11.0,
    block_hours: float = 168.0,
) -> int | IntArray:
    """People needed on the rota that keeps ``positions`` phones covered around the clock.

    Parameters
    ----------
    positions : int or array_like of int
        Engineers on call at the same time, >= 1.
    min_engineers : int
        Fewest people sharing the phone (DESIGN 4.6: at least two), >= 1.
    max_on_call_share : float
        Largest share of stints one person may be on call, in (0, 1].
    min_rest_hours : float
        Rest owed between two stints of the same person, hours, >= 0.
    block_hours : float
        Length of one stint, hours (168 = weekly rotation), > 0.

    Returns
    -------
    int or ndarray of int
        ``max(min_engineers, ceil(k / share), k · (1 + ceil(rest / block)))``.

    Notes
    -----
    With ``k`` positions, each stint needs ``k`` people; a share cap ``s`` needs ``k / s`` people
    in rotation; a person must rest ``r`` hours after a stint, so that ``ceil(r / b)`` further
    stints go by before they can take the phone again.

    Examples
    --------
    >>> roster_size(1), roster_size(2), roster_size(1, max_on_call_share=0.2)
    (4, 8, 5)
    >>> roster_size([1, 3], max_on_call_share=1.0)
    array([2, 6])
    """
    k = np.asarray(positions)
    if not np.issubdtype(k.dtype, np.integer) or np.any(k < 1):
        raise InputError(f"positions = {positions!r}: must be whole numbers >= 1")
    if int(min_engineers) != min_engineers or min_engineers < 1:
        raise InputError(f"min_engineers = {min_engineers!r}: must be an integer >= 1")
    if not 0.0 < max_on_call_share <= 1.0:
        raise InputError(f"max_on_call_share = {max_on_call_share!r}: must be in (0, 1]")
    if not (math.isfinite(min_rest_hours) and min_rest_hours >= 0):
        raise InputError(f"min_rest_hours = {min_rest_hours!r}: must be a finite number >= 0")
    if not (math.isfinite(block_hours) and block_hours > 0):
        raise InputError(f"block_hours = {block_hours!r}: must be a finite number > 0")
    by_share = np.ceil(k / max_on_call_share - 1e-9).astype(np.int64)
    by_rest = k * (1 + math.ceil(min_rest_hours / block_hours - 1e-9))
    size = np.maximum(np.maximum(by_share, by_rest), int(min_engineers)).astype(np.int64)
    return int(size) if size.ndim == 0 else size


def weeks_on_call_per_person(positions: int, roster: int) -> float:
    """Weeks a year each person on the rota carries the phone: ``52 · k / n``.

    Examples
    --------
    >>> weeks_on_call_per_person(1, 4)
    13.0
    """
    if positions < 1 or roster < positions:
        raise InputError(
            f"positions = {positions!r}, roster = {roster!r}: need 1 <= positions <= roster"
        )
    return WEEKS_PER_YEAR * positions / roster


def callout_multiplier(
    hour_of_week: npt.ArrayLike,
    overtime: float = 1.5,
    night: float = 2.0,
    weekend: float = 2.0,
    night_start_hour: int = 22,
    night_end_hour: int = 6,
) -> FloatArray:
    """Pay multiplier of a call-out that starts at an hour of the week (Monday 00:00 = 0).

    Parameters
    ----------
    hour_of_week : array_like
        Start times, hours from Monday 00:00 (any real; taken modulo 168).
    overtime, night, weekend : float
        Multipliers (>= 1) for weekday evenings, nights, and Saturday/Sunday.
    night_start_hour, night_end_hour : int
        Night is ``[start, 24) ∪ [0, end)`` when ``start > end``, else ``[start, end)``.

    Returns
    -------
    ndarray
        The largest multiplier that applies: weekend and night can combine only by taking the
        larger; any other out-of-hours time is overtime.

    Examples
    --------
    >>> callout_multiplier([19.0, 23.5, 5 * 24 + 12.0])  # Mon 19:00, Mon 23:30, Sat 12:00
    array([1.5, 2. , 2. ])
    """
    t = np.mod(np.asarray(hour_of_week, dtype=np.float64), HOURS_PER_WEEK)
    for name, value in (("overtime", overtime), ("night", night), ("weekend", weekend)):
        if not (math.isfinite(value) and value >= 1.0):
            raise InputError(f"{name} = {value!r}: a pay multiplier must be a number >= 1")
    hour = np.floor(np.mod(t, HOURS_PER_DAY))
    if night_start_hour > night_end_hour:
        is_night = (hour >= night_start_hour) | (hour < night_end_hour)
    else:
        is_night = (hour >= night_start_hour) & (hour < night_end_hour)
    is_weekend = t >= 5 * HOURS_PER_DAY
    mult = np.full(t.shape, float(overtime))
    mult = np.where(is_night, np.maximum(mult, night), mult)
    mult = np.where(is_weekend, np.maximum(mult, weekend), mult)
    return np.asarray(mult, dtype=np.float64)


def callout_paid_hours(
    work_hours: npt.ArrayLike, multiplier: npt.ArrayLike, min_paid_hours: float = 2.0
) -> FloatArray:
    """Hours of base pay owed for call-outs: ``max(work, minimum) × multiplier``.

    Parameters
    ----------
    work_hours : array_like
        Hands-on hours of each call-out, >= 0.
    multiplier : array_like
        Pay multiplier of each call-out (see :func:`callout_multiplier`).
    min_paid_hours : float
        Smallest paid duration of one call-out, hours, >= 0.

    Returns
    -------
    ndarray
        Paid hours in units of the base hourly rate, one per call-out.

    Examples
    --------
    >>> callout_paid_hours([0.5, 3.0], [2.0, 1.5])
    array([4. , 4.5])
    """
    work = np.asarray(work_hours, dtype=np.float64)
    if np.any(~np.isfinite(work)) or np.any(work < 0):
        raise InputError("work_hours: every value must be a finite number of hours >= 0")
    if not (math.isfinite(min_paid_hours) and min_paid_hours >= 0):
        raise InputError(f"min_paid_hours = {min_paid_hours!r}: must be a finite number >= 0")
    return np.maximum(work, min_paid_hours) * np.asarray(multiplier, dtype=np.float64)
