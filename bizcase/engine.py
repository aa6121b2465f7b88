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
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bizcase.calendar import HOURS_PER_YEAR, CoverageWindow
from bizcase.scenario import PRIORITIES, STAGES, Scenario, SupportOption

#: Trial-years simulated together; bounds memory (about 1 KB per incident in flight).
CHUNK_TRIALS = 20_000
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

    @property
    def size(self) -> int:
        """Number of incidents."""
        return int(self.trial.size)

    def priority_slices(self) -> list[tuple[int, slice]]:
        """``(priority index, rows)`` for every priority that has incidents."""
        b = self.priority_bounds
        return [(p, slice(int(b[p]), int(b[p + 1]))) for p in range(b.size - 1) if b[p + 1] > b[p]]


def draw_incidents(
    streams: IncidentStreams, n_trials: int, rng: np.random.Generator
) -> IncidentSample:
    """Draw the incidents of ``n_trials`` years: Poisson counts, uniform start times.

    Notes
    -----
    For stream ``s`` with rate ``λ_s`` per year, the count in a trial-year is ``Poisson(λ_s)``;
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
    counts = rng.poisson(streams.annual_rate, size=(n_trials, streams.annual_rate.size))
    # Stream-major order with streams sorted by priority keeps each priority's rows together.
    order = np.argsort(streams.priority, kind="stable")
    by_stream = counts[:, order].T.ravel()
    n = int(by_stream.sum())
    n_streams = order.size
    trial = np.repeat(np.tile(np.arange(n_trials, dtype=np.int64), n_streams), by_stream)
    stream = np.repeat(order, counts.sum(axis=0)[order])
    per_priority = np.bincount(
        streams.priority, weights=counts.sum(axis=0), minlength=len(PRIORITIES)
    ).astype(np.int64)
    u = rng.random((6, n))
    return IncidentSample(
        n_trials=n_trials,
        trial=trial,
        priority=streams.priority[stream],
        priority_bounds=np.concatenate(([0], np.cumsum(per_priority))),
        start_hours=u[0] * HOURS_PER_YEAR,
        needs_onsite=u[1] < streams.onsite_share[stream],
        needs_spare=u[2] < streams.spare_share[stream],
        needs_second_line=u[3] < streams.second_line_share[stream],
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
            vector = option.coverage_for(priority).vector()
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
    hours = np.zeros((len(REPORT_STAGES), n), dtype=np.float32)
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
            _lognormal(plan.mu[i, p], plan.sigma[i, p], z[_Z_ROWS[stage]], block[row])
        block[_TRAVEL] *= sample.needs_onsite[rows]
        block[_SECOND] *= sample.needs_second_line[rows]
        z_spare = z[_Z_ROWS["spare_part"]]
        vendor_p = vendor[rows]
        lead = np.empty_like(z_spare)
        _lognormal(plan.spare_mu[1, p], plan.spare_sigma[1, p], z_spare, lead)
        lead *= vendor_p
        fetch = np.zeros_like(lead)
        if plan.local_stock:
            _lognormal(plan.spare_mu[0, p], plan.spare_sigma[0, p], z_spare, fetch)
            fetch *= sample.needs_spare[rows] & ~vendor_p
        block[_SPARE] = fetch + lead
        work_first = block[_RESPONSE] + block[_DIAGNOSIS] + block[_TRAVEL] + fetch
        work_last = block[_SECOND] + block[_REPAIR]
        window = plan.windows[plan.window_of_priority[p]]
        start = sample.start_hours[rows]
        t3 = window.advance(start + block[_DETECTION], work_first) + lead
        end_p = window.advance(t3, work_last)
        busy = block[_DETECTION] + work_first + lead + work_last
        block[_WAITING] = np.maximum(end_p - start - busy, 0.0)
        end[rows] = end_p
    if plan.prevention_share > 0:
        hours[:, prevented] = 0.0
        end = np.where(prevented, sample.start_hours, end)
    return Restoration(prevented=prevented, end_hours=end, stage_hours=hours)
