"""The service desk sized per hour of the week with Erlang C, shrinkage and a one-agent floor.

Contacts arrive from the incidents of every contract (reports, updates, closures: uniform over
the week, like the incidents) and from service requests (spread over the desk's open hours).
Outside the open hours the emergency phone takes them.  Each open hour is an interval sized on
its own: the fewest agents meeting the service level and the occupancy cap
(:func:`bizcase.design.queueing.servers_needed`), never below the stated minimum on duty
(one agent by default) while the desk is open.  The delivery plan sizes the desk with
:func:`agents_on_duty` and :func:`desk_fte`: shrinkage is applied once, to the FTE, so a desk of
0.05 Erlang costs the FTE of one seat in its open hours, not two.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bizcase.design.labour import coverage_fte
from bizcase.design.queueing import servers_needed
from bizcase.model.calendar import HOURS_PER_WEEK, HOURS_PER_YEAR
from bizcase.model.errors import InputError

__all__ = [
    "agents_on_duty",
    "agents_per_interval",
    "desk_arrivals_per_hour",
    "desk_fte",
    "scheduled_agents",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _open_mask(open_mask: npt.ArrayLike) -> FloatArray:
    mask = np.asarray(open_mask, dtype=np.float64)
    if mask.shape != (HOURS_PER_WEEK,) or not np.all((mask == 0) | (mask == 1)):
        raise InputError("open_mask: needs 168 hourly values, each 0 (closed) or 1 (open)")
    return mask


def desk_arrivals_per_hour(
    incidents_per_year: float,
    requests_per_week: float,
    open_mask: npt.ArrayLike,
    contacts_per_incident: float = 2.0,
) -> FloatArray:
    """Contacts per hour reaching the desk in each hour of the week (0 when closed).

    Parameters
    ----------
    incidents_per_year : float
        Incidents of all contracts per year, >= 0.
    requests_per_week : float
        Service requests of all contracts per week, >= 0.
    open_mask : array_like, shape (168,)
        1 where the desk is staffed, 0 where it is closed.
    contacts_per_incident : float
        Desk contacts each incident causes, >= 0.

    Returns
    -------
    ndarray, shape (168,)
        Arrivals per hour.

    Notes
    -----
    ``λ_h = open_h · (incidents · contacts / 8760 + requests_per_week / open hours per week)``.

    Examples
    --------
    >>> from bizcase.model.calendar import hours_mask
    >>> office = hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18)
    >>> lam = desk_arrivals_per_hour(876.0, 45.0, office, contacts_per_incident=1.0)
    >>> float(lam[9]), float(lam[0])
    (1.1, 0.0)
    """
    mask = _open_mask(open_mask)
    for name, value in (
        ("incidents_per_year", incidents_per_year),
        ("requests_per_week", requests_per_week),
        ("contacts_per_incident", contacts_per_incident),
    ):
        if not (math.isfinite(value) and value >= 0):
            raise InputError(f"{name} = {value!r}: must be a finite number >= 0")
    open_hours = float(mask.sum())
    if open_hours == 0:
        return np.zeros(HOURS_PER_WEEK)
    per_hour = incidents_per_year * contacts_per_incident / HOURS_PER_YEAR
    per_hour += requests_per_week / open_hours
    return np.asarray(mask * per_hour, dtype=np.float64)


def scheduled_agents(required: npt.ArrayLike, shrinkage: float) -> IntArray:
    """Agents to schedule so that ``required`` are on the phones after shrinkage.

    Parameters
    ----------
    required : array_like of int
        Agents needed on the phones, >= 0.
    shrinkage : float
        Share of scheduled time lost to breaks, meetings, coaching …, in [0, 1).

    Returns
    -------
    ndarray of int
        ``ceil(required / (1 − shrinkage))``, with a 1e-9 guard against rounding up an exact
        quotient (14 / 0.7 is 20.000000000000004 in floating point).

    Examples
    --------
    >>> scheduled_agents([14, 0, 3], 0.3)
    array([20,  0,  5])
    """
    if not (math.isfinite(shrinkage) and 0.0 <= shrinkage < 1.0):
        raise InputError(f"shrinkage = {shrinkage!r}: must be a share in [0, 1)")
    need = np.asarray(required, dtype=np.float64)
    if np.any(~np.isfinite(need)) or np.any(need < 0):
        raise InputError("required: every value must be a finite number >= 0")
    return np.ceil(need / (1.0 - shrinkage) - 1e-9).astype(np.int64)


def agents_per_interval(
    arrivals_per_hour: npt.ArrayLike,
    open_mask: npt.ArrayLike,
    handle_time_s: float = 360.0,
    target_service_level: float = 0.8,
    answer_within_s: float = 20.0,
    max_occupancy: float = 0.85,
    shrinkage: float = 0.15,
) -> IntArray:
    """Agents to schedule in each hour of the week (Erlang C per interval).

    Parameters
    ----------
    arrivals_per_hour : array_like, shape (168,)
        Contacts per hour in each hour of the week, >= 0.
    open_mask : array_like, shape (168,)
        1 where the desk is staffed, 0 where it is closed.
    handle_time_s : float
        Mean handle time, seconds, > 0.
    target_service_level : float
        Share of contacts to answer within ``answer_within_s``, in (0, 1).
    answer_within_s : float
        Answer-time target, seconds, >= 0.
    max_occupancy : float
        Occupancy cap, in (0, 1].
    shrinkage : float
        In-shift shrinkage, in [0, 1).

    Returns
    -------
    ndarray of int, shape (168,)
        ``max(1, ceil(N_h / (1 − shrinkage)))`` in open hours, 0 in closed hours, with ``N_h``
        the fewest agents meeting the target at traffic ``λ_h · handle_time``.

    Notes
    -----
    The traffic of hour ``h`` is ``A_h = λ_h · handle_time_s / 3600`` Erlangs; ``N_h`` is the
    smallest ``N > A_h`` with ``1 − C(A_h, N) · exp(−(N − A_h) T / h) >= SL*`` and
    ``A_h / N <= ρ_max`` (see :func:`bizcase.design.queueing.servers_needed`).

    Examples
    --------
    DESIGN §9: 100 calls per 30 min (200 per hour), 180 s handle time, 80 % within 20 s needs
    14 agents on the phones, 20 scheduled with 30 % shrinkage:

    >>> agents = agents_per_interval(np.full(168, 200.0), np.ones(168), 180.0, 0.8, 20.0,
    ...                              max_occupancy=1.0, shrinkage=0.3)
    >>> int(agents[0])
    20
    """
    mask = _open_mask(open_mask)
    lam = np.asarray(arrivals_per_hour, dtype=np.float64)
    if lam.shape != (HOURS_PER_WEEK,) or np.any(~np.isfinite(lam)) or np.any(lam < 0):
        raise InputError("arrivals_per_hour: needs 168 finite hourly values >= 0")
    if not (math.isfinite(handle_time_s) and handle_time_s > 0):
        raise InputError(f"handle_time_s = {handle_time_s!r}: must be a finite number > 0")
    traffic = lam * mask * handle_time_s / 3600.0
    needed = servers_needed(
        traffic, target_service_level, answer_within_s, handle_time_s, max_occupancy
    )
    scheduled = scheduled_agents(needed, shrinkage)
    return np.where(mask > 0, np.maximum(scheduled, 1), 0).astype(np.int64)


def agents_on_duty(
    arrivals_per_hour: npt.ArrayLike,
    open_mask: npt.ArrayLike,
    handle_time_s: float = 360.0,
    target_service_level: float = 0.8,
    answer_within_s: float = 20.0,
    max_occupancy: float = 0.85,
    min_agents: int = 1,
) -> IntArray:
    """Agents on the phones in each hour of the week: Erlang C, no shrinkage.

    Returns
    -------
    ndarray of int, shape (168,)
        ``max(min_agents, N_h)`` in open hours, 0 in closed hours, with ``N_h`` the fewest
        agents meeting the target at traffic ``λ_h · handle_time`` (as :func:`agents_per_interval`
        before shrinkage).  Shrinkage belongs to the FTE (:func:`desk_fte`), applied once.

    Examples
    --------
    0.05 Erlang (0.5 contacts an hour of 6 minutes): one agent answers 95 % within 20 s.

    >>> agents_on_duty(np.full(168, 0.5), np.ones(168))[:3]
    array([1, 1, 1])
    """
    mask = _open_mask(open_mask)
    lam = np.asarray(arrivals_per_hour, dtype=np.float64)
    if lam.shape != (HOURS_PER_WEEK,) or np.any(~np.isfinite(lam)) or np.any(lam < 0):
        raise InputError("arrivals_per_hour: needs 168 finite hourly values >= 0")
    if not (math.isfinite(handle_time_s) and handle_time_s > 0):
        raise InputError(f"handle_time_s = {handle_time_s!r}: must be a finite number > 0")
    traffic = lam * mask * handle_time_s / 3600.0
    needed = np.asarray(
        servers_needed(
            traffic, target_service_level, answer_within_s, handle_time_s, max_occupancy
        ),
        dtype=np.int64,
    )
    return np.where(mask > 0, np.maximum(needed, min_agents), 0).astype(np.int64)


def desk_fte(on_duty: npt.ArrayLike, productive_hours: float, shrinkage: float) -> float:
    """Service-desk FTE: seat-hours on the phones over productive hours, over ``1 − shrinkage``.

    Notes
    -----
    ``FTE = 52 · Σ_h N_h / productive_hours / (1 − s)``: the labour calendar removes leave,
    holidays, sickness and training; the in-shift shrinkage ``s`` (breaks, meetings, coaching)
    is applied once, here, to the FTE — never to each hour's rounded head count.

    Examples
    --------
    One agent on the phones Mon–Fri 09–18 (45 h a week), 1,736 productive hours, 15 % shrinkage:
    ``52 × 45 / 1736 / 0.85``.

    >>> from bizcase.model.calendar import hours_mask
    >>> office = hours_mask(("mon", "tue", "wed", "thu", "fri"), 9, 18)
    >>> round(desk_fte(office, 1736.0, 0.15), 4)
    1.5858
    """
    if not (math.isfinite(shrinkage) and 0.0 <= shrinkage < 1.0):
        raise InputError(f"shrinkage = {shrinkage!r}: must be a share in [0, 1)")
    return coverage_fte(on_duty, productive_hours) / (1.0 - shrinkage)
