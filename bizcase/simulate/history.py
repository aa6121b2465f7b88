"""The status quo against the client's own outage history: a check, and a calibration.

``[client.history]`` records the outages the client saw over the last ``years`` (an outage: an
incident taking at least ``min_impact_share`` of the loss rate) and, optionally, how long they
lasted.  The simulated baseline (the status quo) is checked against it (:func:`history_check`):

* **count** — the modelled rate ``λ`` of such outages (per year, redundant pairs counted only when
  both units are out) gives ``X ~ Poisson(λ·T)`` outages in ``T`` years; the check reports the
  tail probability in the direction of the observed count ``k``: ``P(X ≥ k)`` when ``k > λT``,
  else ``P(X ≤ k)``;
* **durations** — each observed duration's percentile in the simulated distribution of those
  outages' wall-clock durations (mid-rank); under the model the percentiles are uniform, so their
  sum over ``n`` durations is Irwin–Hall distributed: a two-sided p-value of their mean
  (:func:`mean_percentile_p_value`).

Either probability below :data:`FLAG_LEVEL` (5 %) flags a status quo the history contradicts.

:func:`calibrate` moves the status quo towards the history: the rates of the streams that make
such outages are scaled to the **Gamma–Poisson posterior mean** — prior ``Gamma(α = λ₀·w,
β = w)`` from the modelled rate ``λ₀`` worth ``w = prior_weight_years`` of observation, posterior
mean ``(α + k) / (β + T)`` — and the baseline's stage durations by the factor that puts the
observed durations in the middle of the simulated ones, shrunk on the log scale by
``n / (n + λ₀·w)`` (the prior is worth ``λ₀·w`` outages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from bizcase.model import Scenario, scenario_from_dict, scenario_to_dict
from bizcase.model.client import LossHistory
from bizcase.model.errors import InputError
from bizcase.model.ranges import is_range_table, parse_path
from bizcase.simulate.engine import incident_streams
from bizcase.simulate.simulation import SimulationResult, run_simulation

FloatArray = NDArray[np.float64]

#: A tail probability or p-value below this flags a history that contradicts the status quo.
FLAG_LEVEL = 0.05
#: Bounds of the duration factor ``bizcase calibrate`` searches.
DURATION_FACTOR_RANGE = (1.0 / 20.0, 20.0)


@dataclass(frozen=True)
class HistoryCheck:
    """How likely the client's recorded history is under the simulated status quo."""

    years: float
    observed: int
    modelled_rate: float  # recorded-type outages per year of the baseline
    modelled_rate_se: float  # Monte Carlo standard error of that rate
    count_tail: float  # P(X ≥ k) or P(X ≤ k), X ~ Poisson(rate · years)
    direction: str  # "more" (k above λT), "fewer" or "as_expected" (k = λT)
    durations: tuple[float, ...]
    duration_percentiles: tuple[float, ...]
    duration_p_value: float  # NaN without durations
    modelled_median_hours: float
    modelled_p90_hours: float
    level: float = FLAG_LEVEL
    min_impact_share: float = 0.5
    source: str = ""

    @property
    def expected(self) -> float:
        """Outages the model expects in the recorded years, ``λ·T``."""
        return self.modelled_rate * self.years

    @property
    def count_contradicts(self) -> bool:
        """The observed count is in the model's outer 5 % tail."""
        return self.count_tail < self.level

    @property
    def durations_contradict(self) -> bool:
        """The observed durations sit too far from the middle of the simulated ones."""
        return math.isfinite(self.duration_p_value) and self.duration_p_value < self.level

    @property
    def contradicts(self) -> bool:
        """The history contradicts the modelled status quo (count or durations)."""
        return self.count_contradicts or self.durations_contradict

    @property
    def observed_median_hours(self) -> float:
        """Median of the recorded durations (NaN without any)."""
        return float(np.median(self.durations)) if self.durations else math.nan

    def lines(self) -> list[str]:
        """The check in plain English, one sentence a line (the CLI's text)."""
        verdict = "CONTRADICTS the status quo" if self.contradicts else "is consistent with it"
        out = [
            f"History: {self.observed} outages (impact ≥ {self.min_impact_share:.0%}) in "
            f"{self.years:g} years{f' ({self.source})' if self.source else ''}; the modelled "
            f"status quo expects {self.expected:.1f} ({self.modelled_rate:.2f} a year).",
        ]
        tail = "at least" if self.direction == "more" else "at most"
        out.append(
            f"  P({tail} {self.observed} | model) = {self.count_tail:.1%} (Poisson)"
            + ("  << below 5 %: the count contradicts the model" if self.count_contradicts else "")
        )
        if self.durations:
            pct = ", ".join(f"{p:.0%}" for p in self.duration_percentiles)
            out.append(
                f"  Recorded durations (median {self.observed_median_hours:.1f} h) sit at the "
                f"{pct} percentile(s) of the modelled ones (median "
                f"{self.modelled_median_hours:.1f} h, P90 {self.modelled_p90_hours:.1f} h); "
                f"p = {self.duration_p_value:.1%}"
                + ("  << the durations contradict the model" if self.durations_contradict else "")
            )
        out.append(
            f"  The history {verdict}." + ("  Try: bizcase calibrate" if self.contradicts else "")
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with stable keys (JSON)."""

        def num(v: float) -> float | None:
            return v if math.isfinite(v) else None

        return {
            "years": self.years,
            "observed_outages": self.observed,
            "min_impact_share": self.min_impact_share,
            "modelled_rate_per_year": self.modelled_rate,
            "modelled_rate_se": self.modelled_rate_se,
            "expected_outages": self.expected,
            "count_tail_probability": self.count_tail,
            "direction": self.direction,
            "durations_hours": list(self.durations),
            "duration_percentiles": list(self.duration_percentiles),
            "duration_p_value": num(self.duration_p_value),
            "modelled_median_hours": num(self.modelled_median_hours),
            "modelled_p90_hours": num(self.modelled_p90_hours),
            "level": self.level,
            "contradicts": self.contradicts,
            "source": self.source,
        }


def poisson_tail(observed: int, mean: float) -> tuple[float, str]:
    """Tail probability of ``observed`` under ``Poisson(mean)`` in the observed direction.

    Returns ``(P(X ≥ k), "more")`` when ``k > mean``, ``(P(X ≤ k), "fewer")`` when
    ``k < mean`` and ``(min of both, "as_expected")`` when they are equal.

    Examples
    --------
    >>> p, side = poisson_tail(5, 1.25)  # 5 outages where 1.25 were expected: 1 − .990876
    >>> round(p, 6), side
    (0.009124, 'more')
    >>> round(poisson_tail(0, 3.0)[0], 5)  # none where 3 were expected: e^-3
    0.04979
    """
    if mean <= 0:
        return (1.0, "as_expected") if observed == 0 else (0.0, "more")
    upper = float(stats.poisson.sf(observed - 1, mean))
    lower = float(stats.poisson.cdf(observed, mean))
    if observed > mean:
        return upper, "more"
    if observed < mean:
        return lower, "fewer"
    return min(upper, lower), "as_expected"


def duration_percentiles(simulated: FloatArray, observed: tuple[float, ...]) -> FloatArray:
    """Mid-rank percentile of each observed duration among the simulated ones.

    Examples
    --------
    >>> duration_percentiles(np.array([1.0, 2.0, 3.0, 4.0]), (2.5, 10.0)).tolist()
    [0.5, 1.0]
    """
    sims = np.sort(np.asarray(simulated, dtype=np.float64))
    obs = np.asarray(observed, dtype=np.float64)
    if sims.size == 0:
        return np.full(obs.size, np.nan)
    below = np.searchsorted(sims, obs, side="left")
    upto = np.searchsorted(sims, obs, side="right")
    return np.asarray((below + upto) / 2.0 / sims.size, dtype=np.float64)


def irwin_hall_cdf(total: float, n: int) -> float:
    """CDF of the sum of ``n`` independent uniforms on [0, 1] at ``total`` (Irwin–Hall).

    ``F(x) = (1/n!) Σ_{k=0}^{⌊x⌋} (−1)^k C(n, k) (x − k)^n``.

    Examples
    --------
    >>> irwin_hall_cdf(1.0, 2), irwin_hall_cdf(0.5, 1)
    (0.5, 0.5)
    """
    x = min(max(total, 0.0), float(n))
    acc = sum((-1) ** k * math.comb(n, k) * (x - k) ** n for k in range(int(math.floor(x)) + 1))
    return min(max(acc / math.factorial(n), 0.0), 1.0)


#: Up to this many durations the mean-percentile test is exact (Irwin–Hall); beyond, normal.
EXACT_PERCENTILE_TEST = 20


def mean_percentile_p_value(percentiles: FloatArray) -> float:
    """Two-sided p-value of the mean of ``n`` percentiles that are uniform under the model.

    Notes
    -----
    The sum ``S`` of ``n`` uniform percentiles is Irwin–Hall distributed:
    ``p = 2·min(F(S), 1 − F(S))`` exactly for ``n ≤ 20``; beyond, with
    ``z = (ū − ½)·√(12n)``, ``p = 2·Φ(−|z|)`` (the mean has variance ``1/(12n)``).

    Examples
    --------
    >>> round(mean_percentile_p_value(np.array([0.5, 0.5])), 6)
    1.0
    >>> round(mean_percentile_p_value(np.array([0.99])), 4)  # one duration in the top 1 %
    0.02
    """
    u = np.asarray(percentiles, dtype=np.float64)
    if u.size == 0 or not np.all(np.isfinite(u)):
        return math.nan
    if u.size <= EXACT_PERCENTILE_TEST:
        cdf = irwin_hall_cdf(float(u.sum()), int(u.size))
        return float(min(1.0, 2.0 * min(cdf, 1.0 - cdf)))
    z = (u.mean() - 0.5) * math.sqrt(12.0 * u.size)
    return float(2.0 * stats.norm.sf(abs(z)))


def history_check(result: SimulationResult) -> HistoryCheck | None:
    """Check the simulated baseline against ``[client.history]`` (None without a history).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> check = history_check(run_simulation(s, trials=2000, seed=1))
    >>> 0.0 <= check.count_tail <= 1.0
    True
    """
    history = result.history
    if history is None or result.history_outages is None:
        return None
    return _check(history, result.history_outages, result.history_durations)


def _check(history: LossHistory, counts: FloatArray, durations: FloatArray | None) -> HistoryCheck:
    n = counts.size
    rate = float(counts.mean()) if n else 0.0
    se = float(counts.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    tail, direction = poisson_tail(history.outages, rate * history.years)
    sims = np.zeros(0) if durations is None else durations
    pct = duration_percentiles(sims, history.durations_hours)
    median, p90 = (
        (float(np.median(sims)), float(np.percentile(sims, 90))) if sims.size else (math.nan,) * 2
    )
    return HistoryCheck(
        years=history.years,
        observed=history.outages,
        modelled_rate=rate,
        modelled_rate_se=se,
        count_tail=tail,
        direction=direction,
        durations=tuple(history.durations_hours),
        duration_percentiles=tuple(float(p) for p in pct),
        duration_p_value=mean_percentile_p_value(pct) if pct.size else math.nan,
        modelled_median_hours=median,
        modelled_p90_hours=p90,
        min_impact_share=history.min_impact_share,
        source=history.source,
    )


# ---------------------------------------------------------------------------------------------
# Calibration


def gamma_poisson_posterior_mean(
    prior_rate: float, prior_years: float, observed: int, years: float
) -> float:
    """Posterior mean rate of a Poisson process after ``observed`` events in ``years``.

    Parameters
    ----------
    prior_rate : float
        The modelled rate ``λ₀``, events per year (>= 0).
    prior_years : float
        Weight of the prior, ``w`` years of observation (> 0).
    observed : int
        Events recorded, ``k``.
    years : float
        Years recorded, ``T``.

    Returns
    -------
    float
        ``(α + k) / (β + T)`` with the prior ``Gamma(α = λ₀·w, β = w)`` (mean ``λ₀``).

    Examples
    --------
    Model 1.25 outages a year, worth 2 years; the plant recorded 3 in 5 years:

    >>> gamma_poisson_posterior_mean(1.25, 2.0, 3, 5.0)  # (2.5 + 3) / (2 + 5)
    0.7857142857142857
    """
    if prior_rate < 0 or prior_years <= 0 or observed < 0 or years <= 0:
        raise InputError(
            f"prior_rate = {prior_rate}, prior_years = {prior_years}, observed = {observed}, "
            f"years = {years}: need rate >= 0, weights and years > 0, observed >= 0"
        )
    alpha, beta = prior_rate * prior_years, prior_years
    return (alpha + observed) / (beta + years)


@dataclass(frozen=True)
class Calibration:
    """What ``bizcase calibrate`` found and changed."""

    before: HistoryCheck
    after: HistoryCheck
    prior_rate: float
    prior_weight_years: float
    posterior_rate: float
    rate_factor: float  # applied to the rates of the streams that make recorded outages
    duration_factor: float  # applied to the baseline's stage durations
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # path, before, after
    scenario: Scenario | None = None  # the calibrated scenario
    baseline_loss_before: float = math.nan  # expected annual hard loss of the status quo
    baseline_loss_after: float = math.nan
    notes: list[str] = field(default_factory=list)


def _scale(value: Any, factor: float) -> Any:
    """A number or a range table scaled by ``factor`` (its ends, mode and base)."""
    if is_range_table(value):
        return {
            k: (v * factor if k in ("low", "high", "mode", "base") else v) for k, v in value.items()
        }
    return float(value) * factor


def _get(data: Any, path: str) -> Any:
    node = data
    for part in parse_path(path):
        node = node[part]
    return node


def _set(data: Any, path: str, value: Any) -> None:
    parts = parse_path(path)
    node = data
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def _duration_paths(data: dict[str, Any], option: str) -> list[str]:
    """Field paths of every duration of one option (stages, priority overrides, spares)."""
    paths = []
    opt = data["options"][option]
    base = f"options.{option}"
    for stage in opt.get("stages", {}):
        paths.append(f"{base}.stages.{stage}")
    for priority, terms in opt.get("priorities", {}).items():
        for stage in (terms or {}).get("stages", {}) or {}:
            paths.append(f"{base}.priorities.{priority}.stages.{stage}")
    for key in ("local_fetch", "vendor_lead_time"):
        if key in opt.get("spares", {}):
            paths.append(f"{base}.spares.{key}")
    return paths


def _scale_durations(data: dict[str, Any], option: str, factor: float) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(data)
    for path in _duration_paths(out, option):
        d = _get(out, path)
        for key in ("median_hours", "p90_hours"):
            if key in d:
                d[key] = _scale(d[key], factor)
    return out


def _rate_paths(scenario: Scenario, min_impact: float) -> list[str]:
    """Rates of the streams whose incidents the history records (impact ≥ its threshold)."""
    paths: list[str] = []
    for spec in incident_streams(scenario):
        if spec.impact_share < min_impact - 1e-12 or spec.annual_rate <= 0:
            continue
        path = (
            f"inventory[{spec.device}].annual_failure_rate"
            if spec.device is not None
            else f"incidents.{spec.name}.annual_rate"
        )
        if path not in paths:
            paths.append(path)
    return paths


def _baseline_only(data: dict[str, Any], baseline: str) -> Scenario:
    trimmed = dict(data)
    trimmed["options"] = {baseline: data["options"][baseline]}
    business = dict(trimmed.get("business_case", {}))
    business.pop("staged", None)
    trimmed["business_case"] = business
    return scenario_from_dict(trimmed)


def calibrate(
    scenario: Scenario, trials: int | None = None, seed: int | None = None
) -> Calibration:
    """Scale the status quo's outage rates and durations towards ``[client.history]``.

    Parameters
    ----------
    scenario : Scenario
        With a ``[client.history]`` table.
    trials, seed : int, optional
        Simulated years and seed of every evaluation (default the scenario's); the same seed
        throughout (common random numbers), so the duration search is monotone.

    Returns
    -------
    Calibration
        ``scenario`` holds the calibrated copy; ``changes`` every field it changed.

    Notes
    -----
    1. Durations: the factor ``g`` on every duration of the baseline option (stages, priority
       overrides, spare-part times; medians and P90s) at which the mean percentile of the
       recorded durations among the simulated ones is ½, found by bisection on ``ln g`` in
       [1/20, 20]; applied shrunk, ``g^(n / (n + λ₀w))``.
    2. Rates: every stream whose incidents the history records (impact ≥ ``min_impact_share``)
       is scaled by ``f = λ* / λ₁``, with ``λ*`` the Gamma–Poisson posterior mean from the prior
       ``λ₀`` (the model before) and ``λ₁`` the modelled rate after step 1.  Redundant pairs
       lose a pair at a rate ∝ λ², so the rate after can differ a little from ``λ*``: the
       check after says by how much.
    """
    history = scenario.client.history
    if history is None:
        raise InputError(
            "client.history: the scenario records no outage history; add [client.history] "
            "with years and outages (and durations_hours) to calibrate"
        )
    n = scenario.simulation.trials if trials is None else trials
    run_seed = scenario.simulation.seed if seed is None else seed
    baseline = scenario.baseline
    data = scenario_to_dict(scenario)

    def simulate(d: dict[str, Any]) -> tuple[HistoryCheck, float]:
        r = run_simulation(_baseline_only(d, baseline), trials=n, seed=run_seed)
        check = history_check(r)
        if check is None:  # pragma: no cover - the history is in the data
            raise InputError("client.history: lost on the way to the simulation")
        return check, float(r.annual_loss[:, 0].mean())

    before, loss_before = simulate(data)
    notes: list[str] = []
    prior = before.modelled_rate
    n0 = prior * history.prior_weight_years

    # 1. durations
    g = 1.0
    if history.durations_hours:

        def mean_pct(factor: float) -> float:
            check, _ = simulate(_scale_durations(data, baseline, factor))
            return float(np.mean(check.duration_percentiles))

        lo, hi = (math.log(x) for x in DURATION_FACTOR_RANGE)
        m_lo, m_hi = mean_pct(math.exp(lo)), mean_pct(math.exp(hi))
        if not (math.isfinite(m_lo) and math.isfinite(m_hi)):
            notes.append("the model has no outages of the recorded kind: durations left alone")
        elif m_hi > 0.5:
            g_full = math.exp(hi)
            notes.append("recorded durations are longer than 20 × the model's: factor capped at 20")
        elif m_lo < 0.5:
            g_full = math.exp(lo)
            notes.append("recorded durations are shorter than the model's / 20: factor capped")
        else:
            for _ in range(14):  # the mean percentile falls as the durations grow
                mid = (lo + hi) / 2
                if mean_pct(math.exp(mid)) > 0.5:
                    lo = mid
                else:
                    hi = mid
            g_full = math.exp((lo + hi) / 2)
        if math.isfinite(m_lo) and math.isfinite(m_hi):
            k = len(history.durations_hours)
            g = g_full ** (k / (k + n0)) if k + n0 > 0 else g_full
            data = _scale_durations(data, baseline, g)

    changes: list[tuple[str, Any, Any]] = []
    original = scenario_to_dict(scenario)
    if g != 1.0:
        for path in _duration_paths(data, baseline):
            changes.append((path, _get(original, path), _get(data, path)))

    # 2. rates
    posterior = gamma_poisson_posterior_mean(
        prior, history.prior_weight_years, history.outages, history.years
    )
    middle, _ = simulate(data) if g != 1.0 else (before, loss_before)
    rate_now = middle.modelled_rate
    f = 1.0
    if rate_now > 0:
        f = posterior / rate_now
        for path in _rate_paths(scenario, history.min_impact_share):
            old = _get(data, path)
            new = _scale(old, f)
            _set(data, path, new)
            changes.append((path, _get(original, path), new))
    else:
        notes.append(
            "the model has no outages of the recorded kind: add incidents with impact ≥ "
            f"{history.min_impact_share:g} before calibrating the rate"
        )
    calibrated = scenario_from_dict(data)
    after, loss_after = simulate(data)
    return Calibration(
        before=before,
        after=after,
        prior_rate=prior,
        prior_weight_years=history.prior_weight_years,
        posterior_rate=posterior,
        rate_factor=f,
        duration_factor=g,
        changes=changes,
        scenario=calibrated,
        baseline_loss_before=loss_before,
        baseline_loss_after=loss_after,
        notes=notes,
    )


__all__ = [
    "FLAG_LEVEL",
    "Calibration",
    "HistoryCheck",
    "calibrate",
    "duration_percentiles",
    "gamma_poisson_posterior_mean",
    "history_check",
    "mean_percentile_p_value",
    "poisson_tail",
]
