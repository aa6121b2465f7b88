"""The incident-process Monte Carlo: incidents drawn once, restored under every support option.

Pipeline (DESIGN 4.2–4.3), one row per incident, vectorised over all incidents of a chunk of
trial-years::

    start ─ detection (wall clock) ─ wait for the coverage window ─ response ─ diagnosis
          ─ [travel] ─ [spare: local fetch (work) | vendor lead time (wall clock) on a stock-out]
          ─ [second line] ─ repair ─ restored

Common random numbers: the incidents of a chunk (counts, start times, which need a visit, a
spare, the second line, stock-out and prevention draws, and one standard-normal quantile per
stage) are drawn once and every option maps the same quantiles through its own lognormal stage
distributions.  A faster stage is therefore never slower on any incident, and differences
between options are not sampling noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bizcase.model import PRIORITIES, STAGES, Scenario, SupportOption
from bizcase.model.calendar import HOURS_PER_YEAR, CoverageWindow

#: Trial-years simulated together: bounds memory and keeps the working arrays cache-sized.
CHUNK_TRIALS = 5_000
#: Stages reported in "where the hours go", in pipeline order.
REPORT_STAGES: tuple[str, ...] = (
    "detection",
    "waiting_for_window",
    "response",
    "diagnosis",
    "travel",
    "spare_part",
    "second_line",
    "repair",
)
_Z_ROWS = {name: i for i, name in enumerate((*STAGES, "spare_part"))}

FloatArray = NDArray[np.float64]
Progress = Callable[[int, int], None]


def make_rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """Return the project's random Generator (PCG64) for ``seed``.

    Examples
    --------
    >>> float(make_rng(1).random()) == float(make_rng(1).random())
    True
    """
    return np.random.default_rng(seed)


@dataclass(frozen=True)
class IncidentStreams:
    """Independent Poisson streams of incidents: the priority levels and the device classes."""

    priority: NDArray[np.int64]
    annual_rate: FloatArray
    onsite_share: FloatArray
    spare_share: FloatArray
    second_line_share: FloatArray
    # Coefficient of variation of each priority's yearly rate (PRIORITIES order); 0 = Poisson.
    rate_cv: FloatArray = field(default_factory=lambda: np.zeros(len(PRIORITIES)))

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> IncidentStreams:
        """One stream per priority plus one per device class of the inventory."""
        rows: list[tuple[int, float, float, float, float]] = []
        for p, inc in enumerate(scenario.incidents.by_priority().values()):
            rows.append(
                (p, inc.annual_rate, inc.onsite_share, inc.spare_share, inc.second_line_share)
            )
        for device in scenario.inventory:
            rows.append(
                (
                    PRIORITIES.index(device.priority),
                    device.units * device.annual_failure_rate,
                    device.onsite_share,
                    device.spare_share,
                    device.second_line_share,
                )
            )
        cols = list(zip(*rows, strict=True))
        return cls(
            priority=np.asarray(cols[0], dtype=np.int64),
            annual_rate=np.asarray(cols[1], dtype=np.float64),
            onsite_share=np.asarray(cols[2], dtype=np.float64),
            spare_share=np.asarray(cols[3], dtype=np.float64),
            second_line_share=np.asarray(cols[4], dtype=np.float64),
            rate_cv=np.array([inc.rate_cv for inc in scenario.incidents.by_priority().values()]),
        )


@dataclass(frozen=True)
class IncidentSample:
    """The incidents of ``n_trials`` simulated years, shared by every option (one row each).

    Rows are grouped by priority: the incidents of priority ``p`` are the rows
    ``priority_bounds[p]:priority_bounds[p + 1]``, which lets the engine work on contiguous
    blocks with scalar parameters instead of gathering per-row parameters.

    Attributes
    ----------
    trial : int array
        Index of the trial-year (0 … n_trials−1) of each incident.
    priority : int array
        Index into ``PRIORITIES`` (non-decreasing).
    start_hours : float array
        Start time, hours from Monday 00:00 of the year, uniform on [0, 8760).
    needs_onsite, needs_spare, needs_second_line : bool arrays
    stockout_u, prevention_u : float arrays
        Uniform draws compared with an option's stock-out probability and prevented share.
    z : float32 array, shape (7, n)
        Standard-normal quantiles of the six stages and the spare-part step.
    """

    n_trials: int
    trial: NDArray[np.int64]
    priority: NDArray[np.int64]
    priority_bounds: NDArray[np.int64]
    start_hours: FloatArray
    needs_onsite: NDArray[np.bool_]
    needs_spare: NDArray[np.bool_]
    needs_second_line: NDArray[np.bool_]
    stockout_u: FloatArray
    prevention_u: FloatArray
    z: NDArray[np.float32]
    # Option-independent intermediate arrays, shared by the options restored from this sample.
    memo: dict[tuple[object, ...], NDArray[Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def size(self) -> int:
        """Number of incidents."""
        return int(self.trial.size)

    def priority_slices(self) -> list[tuple[int, slice]]:
        """``(priority index, rows)`` for every priority that has incidents."""
        b = self.priority_bounds
        return [(p, slice(int(b[p]), int(b[p + 1]))) for p in range(b.size - 1) if b[p + 1] > b[p]]


def _rate_multipliers(
    streams: IncidentStreams, n_trials: int, rng: np.random.Generator
) -> FloatArray:
    """Gamma(1/cv², cv²) multipliers of the rate, one per trial-year and priority (mean 1),
    shared by every stream of that priority: a bad year is bad for all its device classes."""
    cv = streams.rate_cv
    shape = np.where(cv > 0, 1.0 / np.maximum(cv, 1e-12) ** 2, 1.0)
    draws = rng.gamma(shape, 1.0 / shape, size=(n_trials, cv.size))
    multipliers = np.where(cv > 0, draws, 1.0)
    return np.asarray(multipliers[:, streams.priority], dtype=np.float64)


def draw_incidents(
    streams: IncidentStreams, n_trials: int, rng: np.random.Generator
) -> IncidentSample:
    """Draw the incidents of ``n_trials`` years: Poisson counts, uniform start times.

    Notes
    -----
    For stream ``s`` with rate ``λ_s`` per year, the count in a trial-year is ``Poisson(λ_s)``,
    or ``Poisson(λ_s·G)`` with ``G ~ Gamma(1/cv², cv²)`` per trial-year and priority when the
    priority's ``rate_cv`` is positive (negative binomial: variance ``λ + λ²cv²``);
    start times are uniform on ``[0, 8760)`` hours.  Per incident: one uniform per share
    (on-site, spare, second line), one for the stock-out, one for prevention, and one standard
    normal per stage.

    Examples
    --------
    >>> streams = IncidentStreams(np.array([0]), np.array([2.0]), np.array([0.5]),
    ...                           np.array([0.0]), np.array([0.0]))
    >>> sample = draw_incidents(streams, 10_000, make_rng(7))
    >>> round(sample.size / 10_000, 1)
    2.0
    """
    rates: FloatArray = streams.annual_rate
    if np.any(streams.rate_cv > 0):
        rates = rates * _rate_multipliers(streams, n_trials, rng)
    counts = rng.poisson(rates, size=(n_trials, streams.annual_rate.size))
    # Stream-major order with streams sorted by priority keeps each priority's rows together,
    # and each stream's rows too, so per-stream shares apply to slices without gathers.
    order = np.argsort(streams.priority, kind="stable")
    per_stream = counts.sum(axis=0)[order]
    n = int(per_stream.sum())
    trial = np.repeat(
        np.tile(np.arange(n_trials, dtype=np.int64), order.size), counts[:, order].T.ravel()
    )
    u = rng.random((6, n))
    needs = np.empty((3, n), dtype=np.bool_)
    bounds = np.concatenate(([0], np.cumsum(per_stream)))
    for k, s in enumerate(order):
        rows = slice(int(bounds[k]), int(bounds[k + 1]))
        shares = (streams.onsite_share[s], streams.spare_share[s], streams.second_line_share[s])
        for j, share in enumerate(shares):
            np.less(u[1 + j, rows], share, out=needs[j, rows])
    sorted_priority = streams.priority[order]
    per_priority = np.bincount(sorted_priority, weights=per_stream, minlength=len(PRIORITIES))
    return IncidentSample(
        n_trials=n_trials,
        trial=trial,
        priority=np.repeat(sorted_priority, per_stream),
        priority_bounds=np.concatenate(([0], np.cumsum(per_priority.astype(np.int64)))),
        start_hours=u[0] * HOURS_PER_YEAR,
        needs_onsite=needs[0],
        needs_spare=needs[1],
        needs_second_line=needs[2],
        stockout_u=u[4],
        prevention_u=u[5],
        z=rng.standard_normal((len(_Z_ROWS), n), dtype=np.float32),
    )


@dataclass(frozen=True)
class OptionPlan:
    """An option's stage distributions and windows, compiled to arrays indexed by priority."""

    name: str
    mu: FloatArray  # (stage, priority) of ln(hours); -inf for a stage that takes no time
    sigma: FloatArray
    spare_mu: FloatArray  # (2, priority): local fetch, vendor lead time
    spare_sigma: FloatArray
    windows: tuple[CoverageWindow, ...]
    window_of_priority: NDArray[np.int64]
    local_stock: bool
    stockout_probability: float
    prevention_share: float

    @classmethod
    def from_option(cls, name: str, option: SupportOption) -> OptionPlan:
        """Compile a :class:`SupportOption` for the engine."""
        mu = np.empty((len(STAGES), len(PRIORITIES)))
        sigma = np.empty_like(mu)
        for i, stage in enumerate(STAGES):
            for j, priority in enumerate(PRIORITIES):
                mu[i, j], sigma[i, j] = option.stage_for(priority, stage).mu_sigma
        spare_mu = np.empty((2, len(PRIORITIES)))
        spare_sigma = np.empty_like(spare_mu)
        for i, duration in enumerate((option.spares.local_fetch, option.spares.vendor_lead_time)):
            spare_mu[i, :], spare_sigma[i, :] = duration.mu_sigma
        windows: list[CoverageWindow] = []
        keys: list[bytes] = []
        window_of_priority = np.empty(len(PRIORITIES), dtype=np.int64)
        for j, priority in enumerate(PRIORITIES):
            vector = option.work_window_for(priority)
            key = vector.tobytes()
            if key not in keys:
                keys.append(key)
                windows.append(CoverageWindow.from_mask(vector))
            window_of_priority[j] = keys.index(key)
        return cls(
            name=name,
            mu=mu,
            sigma=sigma,
            spare_mu=spare_mu,
            spare_sigma=spare_sigma,
            windows=tuple(windows),
            window_of_priority=window_of_priority,
            local_stock=option.spares.local_stock,
            stockout_probability=option.spares.stockout_probability,
            prevention_share=option.proactive_removal_share,
        )


@dataclass(frozen=True)
class Restoration:
    """How each incident of a sample was restored under one option (hours, one row each)."""

    prevented: NDArray[np.bool_]
    end_hours: FloatArray
    stage_hours: NDArray[np.float32]  # (len(REPORT_STAGES), n), wall-clock hours per stage

    @property
    def outage_hours(self) -> FloatArray:
        """Start to restoration, wall-clock hours (0 for prevented incidents)."""
        return self.stage_hours.sum(axis=0)


_DETECTION, _WAITING, _RESPONSE, _DIAGNOSIS, _TRAVEL, _SPARE, _SECOND, _REPAIR = range(8)
_CONDITIONAL = {"travel": "needs_onsite", "second_line": "needs_second_line"}
_STAGE_ROW = {
    "detection": _DETECTION,
    "response": _RESPONSE,
    "diagnosis": _DIAGNOSIS,
    "travel": _TRAVEL,
    "second_line": _SECOND,
    "repair": _REPAIR,
}


def _lognormal(mu: float, sigma: float, z: NDArray[np.float32], out: NDArray[np.float32]) -> None:
    """Write ``exp(mu + sigma·z)`` into ``out`` in single precision.

    Stage hours need seven significant digits at most, and float32 ``exp`` is several times
    faster than float64 here; times on the year's clock stay in float64.
    """
    if mu == -np.inf:  # a stage configured as 0/0 takes no time
        out[...] = 0.0
    elif sigma == 0.0:
        out[...] = np.float32(np.exp(mu))
    else:
        np.multiply(z, np.float32(sigma), out=out)
        out += np.float32(mu)
        np.exp(out, out=out)


def _rows_where(
    memo: dict[tuple[object, ...], NDArray[Any]],
    sample: IncidentSample,
    needs: str,
    priority: int,
    rows: slice,
) -> NDArray[np.intp]:
    """Positions, within a priority's block, of the incidents for which ``needs`` is true."""
    key = ("rows", needs, priority)
    found = memo.get(key)
    if found is None:
        found = memo[key] = np.flatnonzero(getattr(sample, needs)[rows])
    return found


def restore(plan: OptionPlan, sample: IncidentSample) -> Restoration:
    """Run every incident of ``sample`` through the restoration pipeline of one option.

    Notes
    -----
    With ``G`` the option's cumulative open hours, ``t₁ = start + detection``; the first block of
    work ``w₁ = response + diagnosis + travel·onsite (+ local fetch)`` ends at
    ``t₂ = G⁻¹(G(t₁) + w₁)``; a stock-out (or no local stock) adds the vendor lead time on the
    wall clock, ``t₃ = t₂ + lead``; the last block ``w₂ = second line·escalated + repair`` ends
    at ``G⁻¹(G(t₃) + w₂)``.  Waiting for the window is the outage minus every other stage.
    Prevented incidents (proactive work) have no outage.
    """
    n = sample.size
    memo = sample.memo
    hours = np.empty((len(REPORT_STAGES), n), dtype=np.float32)
    end = np.empty(n)
    if plan.local_stock:
        vendor = sample.needs_spare & (sample.stockout_u < plan.stockout_probability)
    else:
        vendor = sample.needs_spare
    prevented = sample.prevention_u < plan.prevention_share
    for p, rows in sample.priority_slices():
        z = sample.z[:, rows]
        block = hours[:, rows]
        for i, stage in enumerate(STAGES):
            row = _STAGE_ROW[stage]
            mu, sigma = plan.mu[i, p], plan.sigma[i, p]
            needs = _CONDITIONAL.get(stage)
            # Options often share a stage's distribution (the client detects the outage the
            # same way under several contracts): compute each distinct one once per sample.
            key = ("stage", stage, p, mu, sigma)
            cached = memo.get(key)
            if needs is None:
                if cached is None:
                    _lognormal(mu, sigma, z[_Z_ROWS[stage]], block[row])
                    memo[key] = block[row].copy()
                else:
                    block[row] = cached
                continue
            # Travel and the second line concern only some incidents.  For a few of them,
            # computing their rows alone is cheaper; for many, scattering costs more than
            # computing every row and masking.
            which = _rows_where(memo, sample, needs, p, rows)
            if 4 * which.size < block.shape[1]:
                if cached is None:
                    cached = np.empty(which.size, dtype=np.float32)
                    _lognormal(mu, sigma, z[_Z_ROWS[stage], which], cached)
                    memo[key] = cached
                block[row] = 0.0
                block[row, which] = cached
            elif cached is None:
                _lognormal(mu, sigma, z[_Z_ROWS[stage]], block[row])
                block[row] *= getattr(sample, needs)[rows]
                memo[key] = block[row].copy()
            else:
                block[row] = cached
        work_first = block[_RESPONSE] + block[_DIAGNOSIS]
        work_first += block[_TRAVEL]
        work_last = block[_SECOND] + block[_REPAIR]

        # Spare parts concern a few incidents: work on their rows only.
        block[_SPARE] = 0.0
        spare_rows = _rows_where(memo, sample, "needs_spare", p, rows)
        vendor_rows = spare_rows[vendor[rows][spare_rows]]
        local_rows = spare_rows[~vendor[rows][spare_rows]]
        z_spare = z[_Z_ROWS["spare_part"]]
        lead = np.empty(vendor_rows.size, dtype=np.float32)
        _lognormal(plan.spare_mu[1, p], plan.spare_sigma[1, p], z_spare[vendor_rows], lead)
        block[_SPARE, vendor_rows] = lead
        if local_rows.size:
            fetch = np.empty(local_rows.size, dtype=np.float32)
            _lognormal(plan.spare_mu[0, p], plan.spare_sigma[0, p], z_spare[local_rows], fetch)
            block[_SPARE, local_rows] = fetch
            work_first[local_rows] += fetch

        start = sample.start_hours[rows]
        t1_key = ("t1", p, plan.mu[0, p], plan.sigma[0, p])
        t1 = memo.get(t1_key)
        if t1 is None:
            t1 = memo[t1_key] = start + block[_DETECTION]
        window = plan.windows[plan.window_of_priority[p]]
        if window.always_open:
            end_p = t1 + work_first
            end_p += work_last
            end_p[vendor_rows] += lead
        else:
            # Work advances on the open-hours clock g = G(t); only a vendor delivery, which runs
            # on the wall clock, needs a round trip through wall time.
            det_key = ("open_time", window.key, p, plan.mu[0, p], plan.sigma[0, p])
            g1 = memo.get(det_key)
            if g1 is None:
                g1 = memo[det_key] = window.open_time(t1)
            g = g1 + work_first
            t_last = t1.copy()
            if vendor_rows.size:
                t2 = np.maximum(window.wall_time(g[vendor_rows]), t1[vendor_rows])
                t3 = t2 + lead
                g[vendor_rows] = window.open_time(t3)
                t_last[vendor_rows] = t3
            g += work_last
            end_p = np.maximum(window.wall_time(g), t_last)
        if window.always_open:
            block[_WAITING] = 0.0
        else:
            # waiting = outage − detection − work − vendor lead, with t1 = start + detection
            waiting = end_p - t1
            waiting -= work_first
            waiting -= work_last
            waiting[vendor_rows] -= lead
            np.maximum(waiting, 0.0, out=waiting)
            block[_WAITING] = waiting
        if plan.prevention_share > 0:
            prevented_p = prevented[rows]
            block *= ~prevented_p
            end_p = np.where(prevented_p, start, end_p)
        end[rows] = end_p
    return Restoration(prevented=prevented, end_hours=end, stage_hours=hours)
