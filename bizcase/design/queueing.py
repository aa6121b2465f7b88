"""Queueing maths for the service desk and engineers: Erlang B, Erlang C and Erlang A (Palm).

Units are the caller's choice but must be consistent:

* traffic in Erlangs = arrival rate × handle time (100 calls per 30 min with a 3 min handle time
  is 100 / 30 × 3 = 10 Erlangs);
* ``answer_within``, ``handle_time`` and ``patience`` share one time unit, and an average speed of
  answer comes back in that unit;
* ``arrival_rate`` (Erlang A) is per that same time unit.

Every function but :func:`erlang_a` broadcasts with numpy: scalars in give a Python ``float`` (or
``int`` for :func:`servers_needed`) out, arrays in give an array out.  Bad arguments raise
:class:`bizcase.model.errors.InputError` naming the argument, the value and the rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import special

from bizcase.model._validate import as_output as _out
from bizcase.model._validate import as_real as _as_real
from bizcase.model._validate import broadcast_named as _broadcast
from bizcase.model._validate import is_scalar as _is_scalar
from bizcase.model._validate import where_bad as _where_bad
from bizcase.model.errors import InputError

__all__ = [
    "ErlangAResult",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "servers_needed",
    "service_level",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Largest server count accepted; the Erlang B recursion costs one vectorised step per server.
MAX_SERVERS: Final = 1_000_000
#: Largest number of waiting-room states the Erlang A chain may need before it is refused.
_MAX_QUEUE_STATES: Final = 5_000_000
#: Erlang A states below exp(-_LOG_NEGLIGIBLE) times the largest one are dropped.
_LOG_NEGLIGIBLE: Final = 45.0


# --------------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------------


def _as_servers(name: str, value: npt.ArrayLike, *, minimum: int = 0) -> FloatArray:
    """Convert ``value`` to a float array of whole server counts in [minimum, MAX_SERVERS]."""
    rule = f"must be an integer >= {minimum} and <= {MAX_SERVERS}"
    if minimum == 0:
        rule = f"must be a non-negative integer <= {MAX_SERVERS}"
    try:
        raw = np.asarray(value)
        real = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} = {value!r}: {rule}") from exc
    if raw.dtype == np.bool_:
        raise InputError(f"{name} = {value!r}: {rule}, not a boolean")
    with np.errstate(invalid="ignore"):
        bad = (
            ~np.isfinite(real) | (real != np.round(real)) | (real < minimum) | (real > MAX_SERVERS)
        )
    if np.any(bad):
        raise InputError(f"{_where_bad(name, raw, bad)}: {rule}")
    return real


def _traffic(value: npt.ArrayLike) -> FloatArray:
    return _as_real("traffic", value, rule="must be a finite number >= 0 (Erlangs)")


def _answer_within(value: npt.ArrayLike) -> FloatArray:
    return _as_real("answer_within", value, rule="must be a finite time >= 0")


def _handle_time(value: npt.ArrayLike) -> FloatArray:
    return _as_real("handle_time", value, low_inclusive=False, rule="must be a finite time > 0")


# --------------------------------------------------------------------------------------------------
# Kernels on validated, broadcast arrays (shared so that every function sees identical floats)
# --------------------------------------------------------------------------------------------------


def _erlang_b_kernel(traffic: FloatArray, servers: FloatArray) -> FloatArray:
    """Erlang B by the stable recursion, vectorised across the elements, looping over servers."""
    blocking = np.ones(traffic.shape, dtype=np.float64)
    for n in range(1, int(np.max(servers, initial=0)) + 1):
        offered_blocked = traffic * blocking
        blocking = np.where(servers >= n, offered_blocked / (n + offered_blocked), blocking)
    return blocking


def _erlang_c_kernel(
    traffic: FloatArray, servers: FloatArray | float, blocking: FloatArray
) -> FloatArray:
    stable = servers > traffic
    with np.errstate(divide="ignore", invalid="ignore"):
        waiting = servers * blocking / (servers - traffic * (1.0 - blocking))
    return np.where(stable, np.minimum(waiting, 1.0), 1.0)


def _service_level_kernel(
    traffic: FloatArray,
    servers: FloatArray | float,
    prob_wait: FloatArray,
    answer_within: FloatArray,
    handle_time: FloatArray,
) -> FloatArray:
    stable = servers > traffic
    with np.errstate(over="ignore", invalid="ignore"):
        level = 1.0 - prob_wait * np.exp(-(servers - traffic) * answer_within / handle_time)
    return np.where(stable, level, 0.0)


# --------------------------------------------------------------------------------------------------
# Erlang B and C
# --------------------------------------------------------------------------------------------------


def erlang_b(traffic: npt.ArrayLike, servers: npt.ArrayLike) -> float | FloatArray:
    """Blocking probability of an M/M/N/N loss system (Erlang B).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    servers : int or array_like of int
        Number of servers (agents, engineers, lines), a non-negative integer.

    Returns
    -------
    float or ndarray
        Probability that an arrival finds every server busy and is lost, in [0, 1].
        A float for scalar inputs, an array of the broadcast shape otherwise.

    Notes
    -----
    With A the traffic and N the servers,

    .. math:: B(A, N) = \\frac{A^N / N!}{\\sum_{k=0}^{N} A^k / k!},

    evaluated without factorials by the stable recursion

    .. math:: B(A, 0) = 1, \\qquad B(A, n) = \\frac{A\\,B(A, n-1)}{n + A\\,B(A, n-1)}.

    Each step is vectorised across all inputs; the loop runs ``max(servers)`` times, so thousands
    of servers cost milliseconds.  ``B(A, 0) = 1`` (no server: every arrival is lost).

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5 (Erlang B and its recursion).
    .. [2] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, sec. 3.6.

    Examples
    --------
    >>> round(erlang_b(1.0, 1), 4)
    0.5
    >>> round(erlang_b(10.0, 17), 5)
    0.01295
    >>> erlang_b([1.0, 1.0], [1, 2]).round(4)
    array([0.5, 0.2])
    """
    scalar = _is_scalar(traffic, servers)
    a, n = _broadcast(traffic=_traffic(traffic), servers=_as_servers("servers", servers))
    return _out(_erlang_b_kernel(a, n), scalar)


def erlang_c(traffic: npt.ArrayLike, servers: npt.ArrayLike) -> float | FloatArray:
    """Probability that a caller waits in an M/M/N queue with infinite patience (Erlang C).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    servers : int or array_like of int
        Number of agents, a non-negative integer.

    Returns
    -------
    float or ndarray
        Probability of waiting, in [0, 1].  It is 1.0 wherever ``servers <= traffic`` (the queue
        is unstable and grows without bound).

    Notes
    -----
    From the Erlang B blocking probability B = B(A, N):

    .. math:: C(A, N) = \\frac{N\\,B}{N - A\\,(1 - B)}, \\qquad N > A.

    This form is exact and stays stable for thousands of agents because B is computed by a
    recursion rather than from factorials.

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5 (the Erlang C formula).
    .. [2] D. Gross, J. Shortle, J. Thompson, C. Harris, *Fundamentals of Queueing Theory*, 4th ed.,
       Wiley, 2008, sec. 2.3 (M/M/c).

    Examples
    --------
    10 Erlangs (100 calls per 30 min, 180 s each) on 14 agents:

    >>> round(erlang_c(10.0, 14), 4)
    0.1741
    >>> erlang_c(2.0, [2, 3]).round(4)
    array([1.    , 0.4444])
    """
    scalar = _is_scalar(traffic, servers)
    a, n = _broadcast(traffic=_traffic(traffic), servers=_as_servers("servers", servers))
    return _out(_erlang_c_kernel(a, n, _erlang_b_kernel(a, n)), scalar)


def service_level(
    traffic: npt.ArrayLike,
    servers: npt.ArrayLike,
    answer_within: npt.ArrayLike,
    handle_time: npt.ArrayLike,
) -> float | FloatArray:
    """Fraction of callers answered within ``answer_within`` in an Erlang C (M/M/N) queue.

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    servers : int or array_like of int
        Number of agents, a non-negative integer.
    answer_within : float or array_like
        Target answer time (e.g. 20 s), finite and >= 0, in the unit of ``handle_time``.
    handle_time : float or array_like
        Mean handle time per call (e.g. 180 s), finite and > 0.

    Returns
    -------
    float or ndarray
        Probability that the wait is at most ``answer_within``, in [0, 1]; 0.0 wherever
        ``servers <= traffic``.

    Notes
    -----
    With C the Erlang C probability of waiting, T the answer time and h the handle time,

    .. math:: SL = 1 - C(A, N)\\, e^{-(N - A)\\,T / h}, \\qquad N > A.

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5 (waiting-time distribution of M/M/s).
    .. [2] N. Gans, G. Koole, A. Mandelbaum, "Telephone call centers: tutorial, review and research
       prospects", *Manufacturing & Service Operations Management* 5(2), 2003.

    Examples
    --------
    >>> round(service_level(10.0, 14, answer_within=20.0, handle_time=180.0), 4)
    0.8885
    >>> service_level(10.0, [10, 13, 14], 20.0, 180.0).round(4)
    array([0.    , 0.7956, 0.8885])
    """
    scalar = _is_scalar(traffic, servers, answer_within, handle_time)
    a, n, t, h = _broadcast(
        traffic=_traffic(traffic),
        servers=_as_servers("servers", servers),
        answer_within=_answer_within(answer_within),
        handle_time=_handle_time(handle_time),
    )
    prob_wait = _erlang_c_kernel(a, n, _erlang_b_kernel(a, n))
    return _out(_service_level_kernel(a, n, prob_wait, t, h), scalar)


def average_speed_of_answer(
    traffic: npt.ArrayLike, servers: npt.ArrayLike, handle_time: npt.ArrayLike
) -> float | FloatArray:
    """Mean wait before answer, over all callers, in an Erlang C (M/M/N) queue.

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    servers : int or array_like of int
        Number of agents, a non-negative integer.
    handle_time : float or array_like
        Mean handle time per call, finite and > 0; the answer comes back in this unit.

    Returns
    -------
    float or ndarray
        Average speed of answer (ASA), including the callers answered at once, in the unit of
        ``handle_time``; ``inf`` wherever ``servers <= traffic``.

    Notes
    -----
    .. math:: ASA = \\frac{C(A, N)\\, h}{N - A}, \\qquad N > A.

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5.
    .. [2] D. Gross et al., *Fundamentals of Queueing Theory*, 4th ed., Wiley, 2008, sec. 2.3.

    Examples
    --------
    >>> round(average_speed_of_answer(10.0, 14, handle_time=180.0), 2)
    7.84
    >>> average_speed_of_answer(10.0, 10, 180.0)
    inf
    """
    scalar = _is_scalar(traffic, servers, handle_time)
    a, n, h = _broadcast(
        traffic=_traffic(traffic),
        servers=_as_servers("servers", servers),
        handle_time=_handle_time(handle_time),
    )
    prob_wait = _erlang_c_kernel(a, n, _erlang_b_kernel(a, n))
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = prob_wait * h / (n - a)
    return _out(np.where(stable, speed, np.inf), scalar)


def occupancy(traffic: npt.ArrayLike, servers: npt.ArrayLike) -> float | FloatArray:
    """Fraction of agent time spent handling calls, A / N, capped at 1.

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    servers : int or array_like of int
        Number of agents, a non-negative integer.

    Returns
    -------
    float or ndarray
        Occupancy in [0, 1]: 1.0 wherever ``servers <= traffic`` (agents are always busy, the
        queue grows), 0.0 where traffic is 0.

    Notes
    -----
    .. math:: \\text{occupancy} = \\min\\left(\\frac{A}{N}, 1\\right).

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5.

    Examples
    --------
    >>> round(occupancy(10.0, 14), 3)
    0.714
    >>> occupancy([0.0, 5.0, 12.0], 10)
    array([0. , 0.5, 1. ])
    """
    scalar = _is_scalar(traffic, servers)
    a, n = _broadcast(traffic=_traffic(traffic), servers=_as_servers("servers", servers))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(n > 0, a / np.maximum(n, 1), np.where(a > 0, 1.0, 0.0))
    return _out(np.minimum(ratio, 1.0), scalar)


def servers_needed(
    traffic: npt.ArrayLike,
    target_service_level: npt.ArrayLike,
    answer_within: npt.ArrayLike,
    handle_time: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> int | IntArray:
    """Fewest agents that meet a service-level target and an occupancy cap (Erlang C staffing).

    Parameters
    ----------
    traffic : float or array_like
        Offered traffic in Erlangs (arrival rate × handle time), finite and >= 0.
    target_service_level : float or array_like
        Required fraction answered within ``answer_within``, strictly between 0 and 1.
    answer_within : float or array_like
        Target answer time, finite and >= 0, in the unit of ``handle_time``.
    handle_time : float or array_like
        Mean handle time per call, finite and > 0.
    max_occupancy : float or array_like, optional
        Largest acceptable occupancy A / N, in (0, 1]; 1.0 (the default) imposes nothing beyond
        a stable queue.

    Returns
    -------
    int or ndarray of int64
        The smallest N with N > A, ``service_level(A, N, answer_within, handle_time) >= target``
        and ``A / N <= max_occupancy``; 0 where traffic is 0 (nothing to answer).  Shrinkage is
        not applied: scheduled staff = N / (1 - shrinkage), rounded up, is the caller's step.

    Raises
    ------
    InputError
        On a bad argument, or if more than ``MAX_SERVERS`` agents would be needed.

    Notes
    -----
    The Erlang B recursion :math:`B(n) = A B(n-1) / (n + A B(n-1))` is advanced once per
    candidate n for all inputs together; from n > A on, each still-unstaffed element is checked
    against

    .. math:: 1 - C(A, n)\\, e^{-(n - A) T / h} \\ge SL^*, \\qquad A / n \\le \\rho_{max},

    and the first n that passes is kept.  The same floating-point operations as
    :func:`service_level` are used, so the answer always satisfies it exactly.

    References
    ----------
    .. [1] G. Koole, *Call Center Mathematics*, 2013, ch. 5 (staffing with Erlang C).
    .. [2] N. Gans, G. Koole, A. Mandelbaum, "Telephone call centers: tutorial, review and research
       prospects", *M&SOM* 5(2), 2003.

    Examples
    --------
    100 calls per 30 min, 180 s handle time, 80 % answered within 20 s:

    >>> servers_needed(10.0, 0.8, answer_within=20.0, handle_time=180.0)
    14
    >>> servers_needed([0.0, 10.0, 10.0], 0.8, 20.0, 180.0, max_occupancy=[1.0, 1.0, 0.6])
    array([ 0, 14, 17])
    """
    scalar = _is_scalar(traffic, target_service_level, answer_within, handle_time, max_occupancy)
    target_rule = "must be a service level strictly between 0 and 1"
    a, target, t, h, occ_cap = _broadcast(
        traffic=_traffic(traffic),
        target_service_level=_as_real(
            "target_service_level",
            target_service_level,
            low_inclusive=False,
            high=1.0,
            rule=target_rule,
        ),
        answer_within=_answer_within(answer_within),
        handle_time=_handle_time(handle_time),
        max_occupancy=_as_real(
            "max_occupancy",
            max_occupancy,
            low_inclusive=False,
            high=1.0,
            high_inclusive=True,
            rule="must be an occupancy in (0, 1]",
        ),
    )
    needed = np.zeros(a.shape, dtype=np.int64)
    pending = a > 0
    blocking = np.ones(a.shape, dtype=np.float64)
    first_check = int(np.floor(np.min(a[pending]))) + 1 if pending.any() else 0
    n = 0
    while pending.any():
        n += 1
        if n > MAX_SERVERS:
            where = _where_bad("traffic", np.asarray(a), pending)
            raise InputError(f"{where}: needs more than {MAX_SERVERS} servers for the target")
        offered_blocked = a * blocking
        blocking = offered_blocked / (n + offered_blocked)
        if n < first_check:
            continue
        prob_wait = _erlang_c_kernel(a, float(n), blocking)
        level = _service_level_kernel(a, float(n), prob_wait, t, h)
        ok = pending & (n > a) & (a / n <= occ_cap) & (level >= target)
        needed[ok] = n
        pending &= ~ok
    return int(needed) if scalar else needed


# --------------------------------------------------------------------------------------------------
# Erlang A
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    """Steady-state measures of an Erlang A (M/M/N+M) queue; see :func:`erlang_a`.

    Attributes
    ----------
    prob_wait : float
        P(an arrival finds every agent busy and has to wait).
    prob_abandon : float
        P(an arrival hangs up before being answered).
    service_level : float
        P(an arrival is answered, and within ``answer_within``), over *all* arrivals.
    average_speed_of_answer : float
        Mean wait of the answered callers (those answered at once count with 0), in the time
        unit of the inputs.
    occupancy : float
        Mean fraction of agents busy.
    """

    prob_wait: float
    prob_abandon: float
    service_level: float
    average_speed_of_answer: float
    occupancy: float


def _scalar_real(name: str, value: float, *, low_inclusive: bool = True, rule: str) -> float:
    if np.ndim(value) != 0:
        raise InputError(f"{name} = {value!r}: must be a scalar (erlang_a is scalar-only)")
    return float(_as_real(name, value, low_inclusive=low_inclusive, rule=rule))


def _erlang_a_queue_log_weights(service_capacity: float, abandon_ratio: float) -> FloatArray | None:
    """log(pi_{N+i} / pi_N) for i = 0, 1, ... until the rest of the tail is negligible.

    ``service_capacity`` is x = N·mu/theta and ``abandon_ratio`` is y = lambda/theta, so the ratio
    of successive states is y / (x + i).  None if more than _MAX_QUEUE_STATES states are needed.
    """
    log_y = math.log(abandon_ratio)
    pieces = [np.zeros(1)]
    last, peak, start, chunk = 0.0, 0.0, 1, 1024
    while True:
        index = np.arange(start, start + chunk, dtype=np.float64)
        logs = last + np.cumsum(log_y - np.log(service_capacity + index))
        pieces.append(logs)
        last, peak, start = float(logs[-1]), max(peak, float(np.max(logs))), start + chunk
        next_log_ratio = log_y - math.log(service_capacity + start)
        # Past the mode the ratios keep falling, so a geometric series bounds the dropped tail.
        if next_log_ratio < 0.0:
            tail_bound = last + next_log_ratio - math.log1p(-math.exp(next_log_ratio))
            if tail_bound < peak - _LOG_NEGLIGIBLE:
                return np.concatenate(pieces)
        if start > _MAX_QUEUE_STATES:
            return None
        chunk = min(2 * chunk, 1 << 20)


def erlang_a(
    arrival_rate: float,
    handle_time: float,
    patience: float,
    servers: int,
    answer_within: float = 0.0,
) -> ErlangAResult:
    """Steady state of the Erlang A (Palm, M/M/N+M) queue: Erlang C with callers who hang up.

    Scalar-only: call it once per interval (it is exact, not broadcast).

    Parameters
    ----------
    arrival_rate : float
        Calls per time unit, finite and >= 0.
    handle_time : float
        Mean handle time (exponential), finite and > 0, in the same time unit.
    patience : float
        Mean patience (exponential): a waiting caller hangs up after this time on average; finite
        and > 0, same time unit.  For infinitely patient callers use :func:`erlang_c`.
    servers : int
        Number of agents, an integer >= 1.
    answer_within : float, optional
        Target answer time for the service level, finite and >= 0 (default 0: answered at once).

    Returns
    -------
    ErlangAResult
        ``prob_wait``, ``prob_abandon``, ``service_level``, ``average_speed_of_answer`` and
        ``occupancy``.  ``service_level`` is P(answered and waited at most ``answer_within``)
        over *all* arrivals: every caller who hangs up, early or late, counts as a miss.
        ``average_speed_of_answer`` is the mean wait of the callers who are answered (including
        those answered at once); it comes back in the time unit of the inputs.

    Notes
    -----
    With :math:`\\lambda` the arrival rate, :math:`\\mu = 1/h`, :math:`\\theta = 1/\\text{patience}`
    and N agents, the number in system is a birth–death chain with birth rate :math:`\\lambda` and
    death rate :math:`\\min(k, N)\\mu + (k - N)^+\\theta`.  Its stationary law

    .. math:: \\pi_k \\propto \\frac{(\\lambda/\\mu)^k}{k!}\\ (k \\le N), \\qquad
              \\pi_{N+i} = \\pi_N \\prod_{j=1}^{i} \\frac{\\lambda}{N\\mu + j\\theta}

    is built in log space and truncated once the remaining tail is below :math:`e^{-45}` of the
    largest state.  By PASTA an arrival sees the chain in state k; with
    :math:`x = N\\mu/\\theta` and i callers ahead, its offered wait V satisfies
    :math:`e^{-\\theta V} \\sim \\mathrm{Beta}(x, i+1)`, hence

    .. math:: P(\\text{ab}) = \\sum_i \\pi_{N+i} \\frac{i+1}{x+i+1}, \\qquad
              SL = \\sum_{k<N}\\pi_k + \\sum_i \\pi_{N+i} \\frac{x}{x+i+1}
                   \\left[1 - I_{e^{-\\theta T}}(x+1, i+1)\\right],

    .. math:: E[W;\\ \\text{answered}] = \\sum_i \\pi_{N+i} \\frac{x}{x+i+1}
              \\sum_{j=1}^{i+1}\\frac{1}{N\\mu + j\\theta},

    with :math:`I` the regularised incomplete beta function; ASA divides the last sum by
    P(answered) = 1 − P(ab).  Occupancy is :math:`\\sum_k \\min(k, N)\\pi_k / N`.

    References
    ----------
    .. [1] C. Palm, "Research on telephone traffic carried by full availability groups",
       *Tele* 1, 1957 (English translation of the 1946 work).
    .. [2] A. Mandelbaum, S. Zeltyn, "Service engineering in action: the Palm/Erlang-A queue, with
       applications to call centers", in *Advances in Services Innovations*, Springer, 2007.
    .. [3] G. Koole, *Call Center Mathematics*, 2013, ch. 5 (abandonments).

    Examples
    --------
    10 calls per minute, 1 minute handle time, 2 minutes mean patience, 10 agents:

    >>> r = erlang_a(10.0, handle_time=1.0, patience=2.0, servers=10, answer_within=1 / 3)
    >>> round(r.prob_wait, 4), round(r.prob_abandon, 4), round(r.service_level, 4)
    (0.6197, 0.1039, 0.6742)
    >>> round(r.average_speed_of_answer, 4), round(r.occupancy, 4)
    (0.1996, 0.8961)
    """
    lam = _scalar_real("arrival_rate", arrival_rate, rule="must be a finite rate >= 0")
    h = _scalar_real(
        "handle_time", handle_time, low_inclusive=False, rule="must be a finite time > 0"
    )
    mean_patience = _scalar_real(
        "patience", patience, low_inclusive=False, rule="must be a finite time > 0"
    )
    if np.ndim(servers) != 0:
        raise InputError(f"servers = {servers!r}: must be a scalar (erlang_a is scalar-only)")
    n = int(_as_servers("servers", servers, minimum=1))
    t = _scalar_real("answer_within", answer_within, rule="must be a finite time >= 0")
    if lam == 0.0:
        return ErlangAResult(0.0, 0.0, 1.0, 0.0, 0.0)

    mu, theta = 1.0 / h, 1.0 / mean_patience
    x = n * mu / theta
    k = np.arange(n + 1, dtype=np.float64)
    log_head = k * math.log(lam / mu) - special.gammaln(k + 1.0)
    queue_log_weights = _erlang_a_queue_log_weights(x, lam / theta)
    if queue_log_weights is None:
        raise InputError(
            f"patience = {patience!r}: too long for arrival_rate = {arrival_rate!r} on "
            f"servers = {servers!r} (the chain needs more than {_MAX_QUEUE_STATES} waiting "
            "states); use erlang_c for infinitely patient callers"
        )
    log_queue = log_head[-1] + queue_log_weights
    log_pi = np.concatenate([log_head[:-1], log_queue])
    weights = np.exp(log_pi - log_pi.max())
    pi = weights / weights.sum()
    pi_free, pi_queue = pi[:n], pi[n:]  # arrival finds a free agent / finds i = 0, 1, ... ahead

    ahead = np.arange(pi_queue.size, dtype=np.float64)
    answered_given_ahead = x / (x + ahead + 1.0)
    prob_wait = float(pi_queue.sum())
    prob_abandon = float(np.dot(pi_queue, (ahead + 1.0) / (x + ahead + 1.0)))
    prob_answered = float(pi_free.sum() + np.dot(pi_queue, answered_given_ahead))

    wait_tail = special.betainc(ahead + 1.0, x + 1.0, -math.expm1(-theta * t))
    level = float(pi_free.sum() + np.dot(pi_queue, answered_given_ahead * wait_tail))

    mean_offered_wait = np.cumsum(1.0 / (n * mu + theta * (ahead + 1.0)))
    answered_wait = float(np.dot(pi_queue, answered_given_ahead * mean_offered_wait))

    busy = float(np.dot(pi_free, k[:-1]) + n * prob_wait)
    return ErlangAResult(
        prob_wait=min(prob_wait, 1.0),
        prob_abandon=min(prob_abandon, 1.0),
        service_level=min(level, 1.0),
        average_speed_of_answer=answered_wait / prob_answered,
        occupancy=min(busy / n, 1.0),
    )
