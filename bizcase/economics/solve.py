"""Goal seek on the annual fee: the fee that gives a target margin, a target P(NPV < 0), or
break-even at a number of contracts.

The business case is a black box here (:func:`bizcase.economics.uncertainty.uncertain_case`):
fee in, the decision figures out.  Every evaluation uses the same seed and trials, so the same
incidents and the same sampled ledger inputs (common random numbers): the answer is a smooth
(or monotone step) function of the fee and its root does not wander with Monte Carlo noise.
The fee is a ledger input, so after the first evaluation the simulated incidents come from the
cache and each further evaluation only re-prices them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray
from scipy.optimize import brentq

from bizcase.economics.business import CaseResult, offered_options, portfolio_option
from bizcase.economics.finance import npv
from bizcase.economics.uncertainty import ProcessCache, uncertain_case
from bizcase.model import Scenario
from bizcase.model.errors import InputError
from bizcase.model.io import scenario_from_dict, scenario_to_dict
from bizcase.model.ranges import parse_path, set_path

FloatArray = NDArray[np.float64]

#: What a solve can aim at, and the name of the figure it reads.
TARGETS = ("margin", "prob_negative", "break_even_contracts")

#: Relative tolerance on the fee: a thousandth of a percent of it.
FEE_RTOL = 1e-5


class SolveError(InputError):
    """No fee in the searched range reaches the target (the message says what was reached)."""


@dataclass(frozen=True)
class Solution:
    """The solved fee, the figure it gives and how it was found.

    ``achieved`` is the figure at ``fee`` on the solve's own trials; ``standard_error`` is its
    Monte Carlo standard error (for the margin; ``nan`` for the step figures).
    """

    option: str
    target: str
    target_value: float
    fee: float
    achieved: float
    standard_error: float
    trials: int
    seed: int
    currency: str
    evaluations: list[tuple[float, float]] = field(default_factory=list)

    @property
    def iterations(self) -> int:
        """How many times the business case was evaluated."""
        return len(self.evaluations)


def with_fee(scenario: Scenario, option: str, fee: float) -> Scenario:
    """A copy of ``scenario`` whose ``option`` has the point fee ``fee`` (a ranged fee becomes
    that point: a solve prices one fee, it does not sample it).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> with_fee(s, "support_24x7x4", 123456.0).options["support_24x7x4"].annual_fee
    123456.0
    """
    data = scenario_to_dict(scenario)
    data = set_path(data, parse_path(f"options.{option}.annual_fee"), float(fee))
    return scenario_from_dict(data, source=scenario.name)


def ratio_standard_error(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, clusters: npt.ArrayLike | None = None
) -> tuple[float, float]:
    """The ratio of two means and its standard error, with trials grouped in clusters.

    Parameters
    ----------
    numerator, denominator : array_like
        One value per trial (for the margin: NPV and PV of revenue).
    clusters : array_like of int, optional
        The cluster of each trial (its design point).  Trials of one cluster share inputs, so
        their errors are correlated; ``None`` treats every trial as independent.

    Returns
    -------
    ratio : float
        ``Σ N_i / Σ R_i`` (``nan`` when ``Σ R_i <= 0``).
    standard_error : float
        Its delta-method standard error (``nan`` with fewer than two clusters or trials).

    Notes
    -----
    With residuals ``e_i = N_i − r·R_i`` and ``n`` trials:

    * independent trials: ``s.e.(r) = sd(e) / (√n · mean(R))``;
    * ``G`` clusters with residual sums ``E_g = Σ_{i∈g} e_i`` (the cluster-robust, or
      "sandwich", estimator): ``s.e.(r) = √(G/(G−1) · Σ_g E_g²) / Σ_i R_i``.

    The cluster form is what a fresh seed's spread shows when the business case samples its
    process inputs on a few design points; on a Latin hypercube it is conservative (the
    stratification makes the points' spread smaller than independent draws would).

    Examples
    --------
    >>> r, se = ratio_standard_error([1, 2, 3, 4], [1, 1, 1, 1], clusters=[0, 0, 1, 1])
    >>> float(r), float(se)
    (2.5, 1.0)
    >>> r, se = ratio_standard_error([1, 2, 3, 4], [1, 1, 1, 1])
    >>> round(se, 4)
    0.6455
    """
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    total = float(den.sum())
    if total <= 0 or num.size < 2:
        return math.nan, math.nan
    ratio = float(num.sum()) / total
    resid = num - ratio * den
    if clusters is None:
        se = float(np.std(resid, ddof=1)) * math.sqrt(num.size) / total
        return ratio, se
    _, group = np.unique(np.asarray(clusters), return_inverse=True)
    sums = np.bincount(group, weights=resid)
    g = sums.size
    if g < 2:
        return ratio, math.nan
    return ratio, math.sqrt(g / (g - 1) * float(np.sum(sums**2))) / total


def pv_margin(case: CaseResult, option: str) -> tuple[float, float]:
    """The integrator's margin on revenue, PV basis, and its Monte Carlo standard error.

    Notes
    -----
    ``m = E[NPV] / E[PV(revenue)]`` with both present values taken trial by trial at the trial's
    discount rate (year 0 undiscounted); its standard error is :func:`ratio_standard_error`'s,
    clustered on the case's design points when it has them (``case.trial_cluster``).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> m, se = pv_margin(uncertain_case(s, trials=60), "support_24x7x4")
    >>> m < 1 and se > 0
    True
    """
    decision = case.decisions[option]
    if decision.integrator_npv is None:
        raise InputError(f"option = {option!r}: it has no integrator ledger")
    net = decision.integrator_npv
    rate: FloatArray = np.asarray(case.discount_rate, dtype=np.float64)
    if "business_case.discount_rate" in case.sampled_inputs:
        rate = case.sampled_inputs["business_case.discount_rate"].to_numpy(dtype=np.float64)
    revenue = np.asarray(npv(rate, case.integrator[option].lines["revenue"]), dtype=np.float64)
    return ratio_standard_error(net, revenue, case.trial_cluster)


def _check_option(scenario: Scenario, option: str) -> None:
    offered = offered_options(scenario)
    if option not in offered:
        raise InputError(f"option = {option!r}: must be one of {', '.join(offered)}")


def _bracket(f: Callable[[float], float], start: float) -> tuple[float, float]:
    """Fees ``lo ≤ hi`` with ``f(lo) < 0 ≤ f(hi)`` (f rising in the fee), by doubling and
    halving from ``start``; ``lo == hi == 1`` when a fee of one currency unit already does."""
    hi = max(start, 1.0)
    for _ in range(64):
        if f(hi) >= 0:
            break
        hi *= 2.0
    else:
        raise SolveError(
            f"no fee up to {hi:,.0f} reaches the target (it rises with the fee too slowly)"
        )
    lo = hi
    while f(lo) >= 0:
        if lo <= 1.0:
            return 1.0, 1.0
        hi, lo = lo, max(lo / 2.0, 1.0)
    return lo, hi


def _bisect_step(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The least fee (to FEE_RTOL) at which the step function ``f`` reaches ≥ 0."""
    while hi - lo > FEE_RTOL * hi:
        mid = 0.5 * (lo + hi)
        if f(mid) >= 0:
            hi = mid
        else:
            lo = mid
    return hi


def solve_fee(
    scenario: Scenario,
    option: str,
    target: str,
    value: float,
    trials: int | None = None,
    seed: int | None = None,
    cache: ProcessCache | None = None,
) -> Solution:
    """The annual fee of ``option`` (year 1, escalated as the scenario says) that meets a target.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its other inputs (ranges included) stay as they are.
    option : str
        An offered option with an integrator ledger.
    target : {"margin", "prob_negative", "break_even_contracts"}
        ``margin``: the integrator's PV margin on revenue (:func:`pv_margin`) equals ``value``;
        ``prob_negative``: the least fee with P(integrator NPV < 0) ≤ ``value``;
        ``break_even_contracts``: the least fee at which the support portfolio breaks even with
        at most ``value`` contracts (``option`` must be the portfolio's option).
    value : float
        The target: a decimal margin (0.15), a probability (0.1) or a number of contracts.
    trials, seed : int, optional
        Trials and seed of every evaluation (default: the scenario's business-case trials and
        simulation seed).
    cache : ProcessCache, optional
        Simulated incidents to reuse (the app passes its own).

    Returns
    -------
    Solution
        The fee, the figure it gives on these trials, its standard error and the evaluations.

    Raises
    ------
    SolveError
        When no positive fee reaches the target (a margin of 1 or more, say).

    Notes
    -----
    Each evaluation is ``uncertain_case`` on the same trials and seed: common random numbers.
    The fee is bracketed by doubling from the closed-form price floor at the target margin
    (:func:`bizcase.economics.business.price_floor`).  The margin is continuous and rising in the
    fee (revenue grows with it faster than the fee-capped service credits), so its root is found
    by Brent's method — secant and inverse-quadratic steps safeguarded by bisection — to a
    relative tolerance of ``FEE_RTOL``.  P(NPV < 0) and the break-even number are step
    functions of the fee; they are solved by bisection for the least fee that meets the target.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> sol = solve_fee(s, "support_24x7x4", "margin", 0.15, trials=60)
    >>> round(sol.achieved, 4)
    0.15
    """
    if target not in TARGETS:
        raise InputError(f"target = {target!r}: must be one of {', '.join(TARGETS)}")
    _check_option(scenario, option)
    if target == "margin" and not -1.0 < value < 1.0:
        raise InputError(f"target margin = {value!r}: must be a decimal between -1 and 1")
    if target == "prob_negative" and not 0.0 <= value < 1.0:
        raise InputError(f"target P(NPV < 0) = {value!r}: must be a probability in [0, 1)")
    if target == "break_even_contracts":
        if value < 1 or value != int(value):
            raise InputError(f"break-even contracts = {value!r}: must be a whole number ≥ 1")
        sells = portfolio_option(scenario)
        if sells != option:
            raise InputError(
                f"option = {option!r}: the portfolio sells {sells!r}"
                if sells
                else "the scenario has no delivery model: no portfolio to break even"
            )
    n = trials or scenario.business_case.trials
    run_seed = scenario.simulation.seed if seed is None else seed
    cache = cache or ProcessCache()
    evaluations: list[tuple[float, float]] = []
    cases: dict[float, CaseResult] = {}

    def case_at(fee: float) -> CaseResult:
        if fee not in cases:
            # The fee is a ledger input, service credits included: the ledger prices them at
            # each fee from the simulated SLA outcome (capped as the contract says), so every
            # evaluation after the first re-prices the cached run.
            cases[fee] = uncertain_case(with_fee(scenario, option, fee), n, run_seed, cache)
        return cases[fee]

    def figure(fee: float) -> float:
        case = case_at(fee)
        if target == "margin":
            got = pv_margin(case, option)[0]
        elif target == "prob_negative":
            got = case.decisions[option].percentiles("integrator")["prob_negative"]
        else:
            be = case.break_even_contracts
            got = math.inf if be is None else float(be)
        evaluations.append((fee, got))
        return got

    def gap(fee: float) -> float:
        got = figure(fee)
        if target == "margin":
            return got - value if math.isfinite(got) else -math.inf
        return value - got  # fewer losses / fewer contracts is better: rises with the fee

    start = scenario.options[option].annual_fee
    floor = case_at(start).decisions[option].price_floor
    if target == "margin" and floor is not None and math.isfinite(floor) and floor > 0:
        # The closed form holds up to the fee-capped credits: start from it at this margin.
        target_margin = scenario.business_case.target_margin
        start = floor * (1.0 - target_margin) / (1.0 - value)
    lo, hi = _bracket(gap, start)
    if target == "margin":
        fee = float(brentq(gap, lo, hi, xtol=1e-9, rtol=FEE_RTOL)) if lo < hi else hi
    else:
        fee = _bisect_step(gap, lo, hi)
    if target == "margin":
        achieved, se = pv_margin(case_at(fee), option)
    else:
        achieved, se = figure(fee), math.nan
    return Solution(
        option=option,
        target=target,
        target_value=float(value),
        fee=fee,
        achieved=float(achieved),
        standard_error=se,
        trials=n,
        seed=run_seed,
        currency=scenario.currency,
        evaluations=evaluations,
    )
