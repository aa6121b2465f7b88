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

The client's losses of each restored incident (DESIGN 4.5) are priced by :class:`LossModel`:
an incident of stream ``s`` (a priority level, or a device class and its failure mode) takes
``impact_s`` of the client's loss rate while it is out::

    hard = H · impact_s · W + recovery_p · N + penalty · impact_s · P
    soft = S · impact_s · W + reputational_p · N

with ``H`` and ``S`` the hard and soft loss of an hour of full outage at a profile weight of 1,
``W = F(end) − F(start)`` the outage hours weighted by the loss profile (maintenance hours
removed), ``P`` the outage hours beyond the client's penalty threshold on the clock without
maintenance hours, and ``N`` = 1 for an outage.  A unit of a **redundant pair** that fails is a
fail-over of ``f`` hours at full impact; the pair is out only if the partner fails before the
failed unit is restored (:func:`pair_outage_hours`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bizcase.design.compile import CompiledDesign, compile_design, compiled_design
from bizcase.model import PRIORITIES, STAGES, Scenario, SupportOption
from bizcase.model.calendar import HOURS_PER_YEAR, CoverageWindow
from bizcase.model.errors import InputError
from bizcase.model.incidents import stream_layout
from bizcase.model.maintenance import Clock, cumulative_pair_at, maintenance_clock

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
class StreamSpec:
    """One Poisson stream of incidents and what an incident of it takes from the client.

    The four priority levels come first (incidents not counted in the inventory), then each
    device class of the inventory: its full failures, and its degraded failures when the class
    has a ``degraded_share`` (a separate stream: splitting a Poisson stream is exact).
    """

    name: str
    priority: int  # index into PRIORITIES: the pipeline, SLA and per-incident costs
    annual_rate: float
    onsite_share: float
    spare_share: float
    second_line_share: float
    impact_share: float  # share of the client's loss rate taken while out
    impact_path: str  # the field whose value (× impact_factor) is the impact share
    impact_factor: float  # degraded failures: the class's degraded_impact; else 1
    redundant: bool = False
    failover_hours: float = 0.0
    partner_rate: float = 0.0  # failures per year of the partner unit (redundant pairs)
    device: int | None = None  # index into scenario.inventory


def incident_streams(scenario: Scenario) -> tuple[StreamSpec, ...]:
    """The scenario's incident streams, in the engine's order (see :class:`StreamSpec`).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> [x.name for x in incident_streams(s)][:5]
    ['critical', 'major', 'minor', 'technical', 'core switch']
    """
    by_p = scenario.incidents.by_priority()
    out = [
        StreamSpec(
            name=p,
            priority=j,
            annual_rate=inc.annual_rate,
            onsite_share=inc.onsite_share,
            spare_share=inc.spare_share,
            second_line_share=inc.second_line_share,
            impact_share=inc.impact_share,
            impact_path=f"incidents.{p}.impact_share",
            impact_factor=1.0,
        )
        for j, (p, inc) in enumerate(by_p.items())
    ]
    for i, degraded in ((i, d) for i, d in stream_layout(scenario.inventory) if i is not None):
        device = scenario.inventory[i]
        own = device.impact_share is not None
        impact = float(device.impact_share if own else by_p[device.priority].impact_share)  # type: ignore[arg-type]
        rate = device.units * device.annual_failure_rate
        factor = device.degraded_impact if degraded else 1.0
        out.append(
            StreamSpec(
                name=f"{device.name} (degraded)" if degraded else device.name,
                priority=PRIORITIES.index(device.priority),
                annual_rate=rate
                * (device.degraded_share if degraded else 1.0 - device.degraded_share),
                onsite_share=device.onsite_share,
                spare_share=device.spare_share,
                second_line_share=device.second_line_share,
                impact_share=impact * factor,
                impact_path=f"inventory[{i}].impact_share"
                if own
                else f"incidents.{device.priority}.impact_share",
                impact_factor=factor,
                redundant=device.redundant,
                failover_hours=device.failover_s / 3600.0 if device.redundant else 0.0,
                partner_rate=device.annual_failure_rate if device.redundant else 0.0,
                device=i,
            )
        )
    return tuple(out)


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
    # (streams, sites): probability that an incident of a stream falls on each site; one
    # column (every incident on site 0) for a scenario without sites.
    site_probability: FloatArray = field(default_factory=lambda: np.ones((1, 1)))
    # Streams of redundant pairs: each incident also draws the partner's time to failure.
    redundant: NDArray[np.bool_] | None = None

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> IncidentStreams:
        """One stream per priority, one per device class (two with degraded failures)."""
        specs = incident_streams(scenario)
        redundant = np.array([x.redundant for x in specs], dtype=np.bool_)
        return cls(
            site_probability=site_probabilities(scenario, specs),
            priority=np.array([x.priority for x in specs], dtype=np.int64),
            annual_rate=np.array([x.annual_rate for x in specs], dtype=np.float64),
            onsite_share=np.array([x.onsite_share for x in specs], dtype=np.float64),
            spare_share=np.array([x.spare_share for x in specs], dtype=np.float64),
            second_line_share=np.array([x.second_line_share for x in specs], dtype=np.float64),
            rate_cv=np.array([inc.rate_cv for inc in scenario.incidents.by_priority().values()]),
            redundant=redundant if redundant.any() else None,
        )


def site_probabilities(
    scenario: Scenario, specs: tuple[StreamSpec, ...] | None = None
) -> FloatArray:
    """Where the incidents of each stream fall: shape (streams, sites), rows summing to 1.

    Priority streams (incidents not counted in the inventory) follow the sites'
    ``incident_share`` of their priority, or else the sites' share of all devices (equal shares
    when no site lists devices); device-class streams follow the units each site holds (a class
    no site lists follows its priority's row).
    """
    specs = incident_streams(scenario) if specs is None else specs
    sites = scenario.sites
    if not sites:
        return np.ones((len(specs), 1))
    devices = np.array([float(sum(s.devices.values())) for s in sites])
    by_devices = (
        devices / devices.sum() if devices.sum() > 0 else np.full(len(sites), 1 / len(sites))
    )
    by_priority = []
    for priority in PRIORITIES:
        stated = [s.incident_share.get(priority) for s in sites]  # type: ignore[call-overload]
        if any(v is not None for v in stated):
            by_priority.append(np.array([v or 0.0 for v in stated]))
        else:
            by_priority.append(by_devices)
    rows = []
    for spec in specs:
        if spec.device is None:
            rows.append(by_priority[spec.priority])
            continue
        device = scenario.inventory[spec.device]
        units = np.array([float(s.devices.get(device.name, 0)) for s in sites])
        rows.append(units / units.sum() if units.sum() > 0 else by_priority[spec.priority])
    return np.vstack(rows)


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
    stream : int array
        Index of the stream (:func:`incident_streams`) of each incident.
    partner_u : float array or None
        Uniform draw of the partner's time to failure (redundant pairs; None without them).
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
    stream: NDArray[np.int64] | None = None
    partner_u: FloatArray | None = None
    # Option-independent intermediate arrays, shared by the options restored from this sample.
    memo: dict[tuple[object, ...], NDArray[Any]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The site each incident falls on, and a uniform draw for the design's remote-fix share.
    # Drawn after every other array, so that sites and designs leave the other draws unchanged.
    site: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    remote_u: FloatArray = field(default_factory=lambda: np.zeros(0))

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


#: Sites up to which an incident's site is found by comparisons rather than a binary search.
_FEW_SITES = 16


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
    z = rng.standard_normal((len(_Z_ROWS), n), dtype=np.float32)
    stream = np.repeat(order.astype(np.int64), per_stream)
    where = rng.random((2, n))
    site = np.zeros(n, dtype=np.int64)
    if streams.site_probability.shape[1] > 1:
        cumulative = np.cumsum(streams.site_probability, axis=1)
        cumulative[:, -1] = np.inf  # rounding never sends an incident past the last site
        for k, s in enumerate(order):
            rows = slice(int(bounds[k]), int(bounds[k + 1]))
            if cumulative.shape[1] > _FEW_SITES:
                site[rows] = np.searchsorted(cumulative[s], where[0, rows], side="right")
                continue
            # the same index as searchsorted(side="right"), the number of the bounds at or
            # below the draw, from a comparison per site: several times faster for a few sites
            block = site[rows]
            for bound in cumulative[s, :-1]:
                block += where[0, rows] >= bound
    # Drawn last and only with redundant pairs, so that scenarios without them keep their stream.
    partner_u = rng.random(n) if streams.redundant is not None else None
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
        z=z,
        stream=stream,
        site=site,
        remote_u=where[1],
        partner_u=partner_u,
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
    # An option with a [design]: its compiled tables, and which (stage, priority) it derives.
    design: CompiledDesign | None = None
    derived: NDArray[np.bool_] = field(
        default_factory=lambda: np.zeros((len(STAGES), len(PRIORITIES)), dtype=np.bool_)
    )

    @classmethod
    def from_option(
        cls, name: str, option: SupportOption, scenario: Scenario | None = None
    ) -> OptionPlan:
        """Compile a :class:`SupportOption` for the engine.

        An option with a ``[design]`` needs its ``scenario`` (sites, inventory, delivery):
        the stages it does not type are derived from the design (:mod:`bizcase.design.compile`).
        """
        mu = np.empty((len(STAGES), len(PRIORITIES)))
        sigma = np.empty_like(mu)
        derived = np.zeros(mu.shape, dtype=np.bool_)
        monitoring = option.design.monitoring if option.design is not None else None
        for i, stage in enumerate(STAGES):
            for j, priority in enumerate(PRIORITIES):
                typed = option.stage_for(priority, stage)
                if typed is None and stage == "detection" and monitoring is not None:
                    typed = monitoring.detection  # monitoring's alarm opens the case
                    derived[i, j] = True
                if typed is None:
                    mu[i, j], sigma[i, j] = -np.inf, 0.0
                    derived[i, j] = True
                else:
                    mu[i, j], sigma[i, j] = typed.mu_sigma
        compiled = None
        if option.design is not None:
            if scenario is None:
                raise InputError(f"options.{name}: an option with a design needs its scenario")
            # the scenario's own option: the compile the delivery costing of the same
            # scenario reads too (a design point's run and its delivery plan shared none)
            own = scenario.options.get(name) is option
            compiled = compiled_design(scenario, name) if own else compile_design(scenario, option)
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
            design=compiled,
            derived=derived,
        )


@dataclass(frozen=True)
class Restoration:
    """How each incident of a sample was restored under one option (hours, one row each)."""

    prevented: NDArray[np.bool_]
    end_hours: FloatArray
    stage_hours: NDArray[np.float32]  # (len(REPORT_STAGES), n), wall-clock hours per stage
    # Designed options only: the staffing window that answered each incident (-1: none) and
    # whether someone went on site.
    responder: NDArray[np.int64] | None = None
    visited: NDArray[np.bool_] | None = None

    @property
    def outage_hours(self) -> NDArray[np.float32]:
        """Start to restoration, wall-clock hours (0 for prevented incidents; float32, as stage_hours)."""
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
    Prevented incidents (proactive work) have no outage.  An option without a delivery design
    does not say how many engineers it has: its incidents are restored in parallel (unlimited
    engineers).  An option with a design counts them (:mod:`bizcase.simulate.graph`).
    """
    if plan.design is not None:
        from bizcase.simulate.graph import restore_designed  # the graph imports this module

        return restore_designed(plan, sample)
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
                # Work that starts in a closed window starts at the next open hour, even when
                # it takes no time: the vendor is called then, not at case logging.
                t2 = np.maximum(window.wall_time(g[vendor_rows]), window.next_open(t1[vendor_rows]))
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


# ---------------------------------------------------------------------------------------------
# The client's losses (DESIGN 4.5)


def pair_outage_hours(partner_rate: float, restoration_hours: ArrayLike) -> FloatArray:
    """Expected outage hours of a redundant pair after one unit fails, given its restoration.

    Parameters
    ----------
    partner_rate : float
        Failures per year of the partner unit, ``λ``.
    restoration_hours : array_like
        Hours until the failed unit is restored, ``R`` (the exposure window).

    Returns
    -------
    ndarray
        ``E[(R − U)⁺] = R − (1 − e^{−λₕR}) / λₕ`` with ``U ~ Exp(λₕ)`` the partner's time to
        failure and ``λₕ = λ / 8760`` per hour; ``≈ λₕR²/2`` when ``λₕR`` is small.

    Notes
    -----
    The pair is out from the partner's failure until the first unit is back.  Per unit failing
    at ``λ`` a year, a pair loses ``2λ·(f + E[(R − U)⁺])`` outage hours a year (``f`` the
    fail-over), against ``λ·E[R]`` for a single unit carrying the same load: the **exposure
    ratio** of the pair to the single unit, fail-over aside, is
    ``2·E[(R − U)⁺] / E[R] ≈ λₕ·E[R²] / E[R]``.  A faster restoration shrinks it quadratically.

    Examples
    --------
    >>> round(float(pair_outage_hours(0.05, 48.0)), 4)  # λₕR²/2 = 0.05/8760 × 48² / 2 = 0.0066
    0.0066
    """
    r = np.asarray(restoration_hours, dtype=np.float64)
    lam = partner_rate / HOURS_PER_YEAR
    if lam <= 0:
        return np.zeros_like(r)
    x = lam * r
    # R − (1 − e^{−x})/λ, written with expm1 for small x
    return np.asarray(r + np.expm1(-x) / lam, dtype=np.float64)


#: Hours between trial-years in the sort keys by trial-year and time (above any outage's end).
_TRIAL_SPAN = float(2**20)


def trial_start_order(sample: IncidentSample) -> NDArray[np.intp]:
    """The sample's rows by trial-year, then start time (found once per sample: the overlap
    cap of every option and the engineers' queue of a designed one share it)."""
    found = sample.memo.get(("trial_then_start",))
    if found is None:
        # start times are continuous: ties have probability 0, and any order of them is fine
        found = np.argsort(sample.trial * _TRIAL_SPAN + sample.start_hours)
        sample.memo[("trial_then_start",)] = found
    return found


def capped_overlap_hours(
    group: NDArray[np.int64],
    start_hours: FloatArray,
    end_hours: FloatArray,
    impact: FloatArray,
    weight_at: Callable[[FloatArray], FloatArray],
    clock_at: Callable[[FloatArray], FloatArray],
    both_at: Callable[[FloatArray], tuple[FloatArray, FloatArray]] | None = None,
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Each outage segment's hours when simultaneous outages cannot lose more than a full one.

    Parameters
    ----------
    group : int array
        Segments that may overlap share a group (a trial-year, or a cluster of one).
    start_hours, end_hours : float arrays
        Each segment's outage, hours on the year's clock.
    impact : float array
        Share of the client's loss rate each segment takes while out.
    weight_at, clock_at : callables
        Cumulative loss weight ``F(t)`` and cumulative clock ``C(t)`` (maintenance hours out).
    both_at : callable, optional
        ``(F(t), C(t))`` in one call, used instead of the two when given (the same values).

    Returns
    -------
    weighted, clock : float arrays
        Per segment, ``∫ w(t)·c(t) dt`` and ``∫ c'(t)·c(t) dt`` over the segment, with
        ``c(t) = min(1, 1 / S(t))`` and ``S(t) = Σ_j impact_j·1[t in segment j]`` of its group.
    cut : bool array
        Whether the segment spans some time with ``S(t) > 1`` (only those lose hours).

    Notes
    -----
    The client loses ``rate(t) × min(1, S(t))``: a second outage while everything is already
    down adds nothing.  Each segment keeps its share ``impact_i / S(t)`` of the capped rate, so
    its loss is ``impact_i × ∫ w(t)·min(1, 1/S(t)) dt`` and the shares add up to the cap.  The
    sweep sorts the segments' ends per group, ``S`` is the cumulative sum of ``±impact`` at the
    events, and with ``K`` the cumulative sum of ``ΔF·min(1, 1/S)`` over the elementary
    intervals a segment's integral is ``K(end) − K(start)``: vectorised, no loop.

    Examples
    --------
    Two full outages overlapping by an hour, on a flat profile, lose the union's 3 h, not 4:

    >>> flat = lambda t: np.asarray(t, dtype=float)
    >>> w, c, cut = capped_overlap_hours(np.array([0, 0]), np.array([0.0, 1.0]),
    ...                             np.array([2.0, 3.0]), np.array([1.0, 1.0]), flat, flat)
    >>> w.tolist(), float(w.sum())
    ([1.5, 1.5], 3.0)
    """
    n = start_hours.size
    times = np.concatenate((start_hours, end_hours))
    deltas = np.concatenate((impact, -impact))
    groups = np.concatenate((group, group)).astype(np.float64)
    # Within a group by time; at equal times the ends (−) before the starts (+), so that
    # back-to-back outages do not count as simultaneous.
    order = np.lexsort((deltas > 0, times, groups))
    t = times[order]
    level = np.cumsum(deltas[order])
    # S over the interval after each event (rounding: a level of 1 + 1e-15 is 1).
    factor = np.where(level > 1.0 + 1e-9, 1.0 / np.maximum(level, 1e-300), 1.0)
    f_at, c_at = (weight_at(t), clock_at(t)) if both_at is None else both_at(t)
    same = np.zeros(t.size, dtype=np.bool_)
    same[:-1] = groups[order][1:] == groups[order][:-1]
    dw = np.where(same[:-1], np.diff(f_at) * factor[:-1], 0.0)
    dc = np.where(same[:-1], np.diff(c_at) * factor[:-1], 0.0)
    cut = np.where(same[:-1], factor[:-1] < 1.0, False)
    k_w = np.concatenate(([0.0], np.cumsum(dw)))
    k_c = np.concatenate(([0.0], np.cumsum(dc)))
    k_cut = np.concatenate(([0], np.cumsum(cut)))
    position = np.empty(2 * n, dtype=np.intp)
    position[order] = np.arange(2 * n)
    a, b = position[:n], position[n:]
    return k_w[b] - k_w[a], k_c[b] - k_c[a], k_cut[b] > k_cut[a]


@dataclass(frozen=True)
class LossComponents:
    """Per trial-year, option and incident stream sums from which any client's losses follow
    linearly.

    Arrays of shape (trials, options, streams), streams as :func:`incident_streams` lists them:
    ``weighted_hours`` (outage hours weighted by the loss profile, maintenance hours out),
    ``outage_hours`` (on the clock without maintenance hours), ``penalty_hours`` (outage hours
    beyond the client's penalty threshold) and ``incidents`` (outages: incidents that happened —
    not prevented — and, for redundant pairs, pairs lost).
    """

    weighted_hours: FloatArray
    outage_hours: FloatArray
    penalty_hours: FloatArray
    incidents: FloatArray


@dataclass(frozen=True)
class SampleLosses:
    """Option-independent parts of the losses of one sample of incidents (one row each)."""

    impact: FloatArray  # share of the loss rate of each incident's stream
    stream: NDArray[np.int64]  # each incident's stream (its per-outage costs are the stream's)
    weight_at_start: FloatArray  # F(start): cumulative loss weight at the outage's start
    clock_at_start: FloatArray  # C(start): hours without maintenance up to the start
    # Redundant pairs, on their rows only: positions, partner's failure time after the start
    # (hours, inf when it outlives any window), fail-over end, fail-over weighted/clock hours.
    pair_rows: NDArray[np.intp]
    partner_hours: FloatArray
    failover_end: FloatArray
    failover_weighted: FloatArray
    failover_clock: FloatArray


@dataclass(frozen=True)
class IncidentOutages:
    """What each incident of a sample cost in outage under one option (one row each)."""

    weighted_hours: FloatArray  # W: loss-profile-weighted outage hours
    outage_hours: FloatArray  # O: outage hours on the clock without maintenance hours
    penalty_hours: FloatArray  # P: outage hours beyond the penalty threshold
    outages: FloatArray  # N: 1 for an outage (per-incident costs), else 0
    wall_hours: FloatArray  # wall-clock length of the outage (a pair: from the 2nd failure)
    attributed_share: FloatArray | None  # O / restoration hours; None when it is 1 throughout


@dataclass(frozen=True)
class LossModel:
    """The client's loss parameters compiled to arrays, one entry per incident stream."""

    profile: Clock  # loss weight of each hour (1 = peak), maintenance hours removed
    clock: Clock | None  # hours without maintenance; None: the wall clock
    hard_loss_per_hour: float  # at a profile weight of 1
    soft_loss_per_hour: float
    streams: tuple[StreamSpec, ...]
    impact: FloatArray  # (streams,)
    recovery_cost: FloatArray  # (streams,): the priority's
    reputational_cost: FloatArray  # (streams,): the priority's
    stream_priority: NDArray[np.int64]
    penalty_threshold_hours: float
    penalty_per_hour: float
    history_min_impact: float | None  # what the client's history counts as an outage
    # Impact multiplier of an incident at each site ([[sites]] loss_weight); (1,) without sites.
    site_loss_weight: FloatArray = field(default_factory=lambda: np.ones(1))
    # Outages of a smaller impact share owe no penalties (client.penalty_min_impact_share).
    penalty_min_impact: float = 0.0

    def penalty_impact(self, impact: FloatArray) -> FloatArray:
        """The impact share the penalty is scaled by: ``impact`` where it is at least the
        client's ``penalty_min_impact_share``, else 0 (the outage is worked around).

        Examples
        --------
        >>> from bizcase.model.io import load_scenario, shipped_scenario
        >>> m = LossModel.from_scenario(load_scenario(shipped_scenario("manufacturing")))
        >>> m.penalty_impact(np.array([1.0, 0.35, 0.15, 0.02])).tolist()
        [1.0, 0.35, 0.0, 0.0]
        """
        return np.where(impact >= self.penalty_min_impact - 1e-12, impact, 0.0)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> LossModel:
        """Compile the client and incident parameters of a scenario."""
        client = scenario.client
        by_p = scenario.incidents.by_priority()
        streams = incident_streams(scenario)
        maintenance = client.maintenance
        if maintenance is not None and not (maintenance.weekly or maintenance.planned):
            maintenance = None
        priority = np.array([x.priority for x in streams], dtype=np.int64)
        recovery = np.array([by_p[p].recovery_cost for p in PRIORITIES])
        reputational = np.array([by_p[p].reputational_cost for p in PRIORITIES])
        return cls(
            profile=maintenance_clock(client.loss_profile.vector(), maintenance),
            clock=None if maintenance is None else maintenance_clock(np.ones(168), maintenance),
            hard_loss_per_hour=client.hard_loss_per_hour,
            soft_loss_per_hour=client.soft_loss_per_hour,
            streams=streams,
            impact=np.array([x.impact_share for x in streams], dtype=np.float64),
            recovery_cost=recovery[priority],
            reputational_cost=reputational[priority],
            stream_priority=priority,
            penalty_threshold_hours=client.penalty_threshold_hours,
            penalty_per_hour=client.penalty_per_hour,
            history_min_impact=None if client.history is None else client.history.min_impact_share,
            site_loss_weight=np.array([x.loss_weight for x in scenario.sites] or [1.0]),
            penalty_min_impact=client.penalty_min_impact_share,
        )

    def site_weight(self, sample: IncidentSample) -> FloatArray | None:
        """Each incident's site loss weight, or None when every weight is 1."""
        if sample.site.size == 0 or np.all(self.site_loss_weight == 1.0):
            return None
        return np.asarray(self.site_loss_weight[sample.site], dtype=np.float64)

    @property
    def priority_matrix(self) -> FloatArray:
        """(streams, priorities) 0/1: sums over streams by priority are ``x @ M``."""
        m = np.zeros((len(self.streams), len(PRIORITIES)))
        m[np.arange(len(self.streams)), self.stream_priority] = 1.0
        return m

    @property
    def has_pairs(self) -> bool:
        """True when some stream is a redundant pair."""
        return any(x.redundant for x in self.streams)

    def prepare(self, sample: IncidentSample) -> SampleLosses:
        """The parts of every incident's loss that do not depend on the support option."""
        stream = stream_of(sample)
        start = sample.start_hours
        weight_at_start, clock_at_start = self._both_at(start)
        redundant = np.array([x.redundant for x in self.streams], dtype=np.bool_)
        pair_rows = np.flatnonzero(redundant[stream]) if redundant.any() else np.zeros(0, np.intp)
        if pair_rows.size:
            if sample.partner_u is None:  # pragma: no cover - draw_incidents draws them
                raise ValueError("the sample has redundant pairs but no partner draws")
            rate = np.array([x.partner_rate for x in self.streams]) / HOURS_PER_YEAR
            lam = rate[stream[pair_rows]]
            with np.errstate(divide="ignore"):
                partner = -np.log1p(-sample.partner_u[pair_rows]) / lam
            failover = np.array([x.failover_hours for x in self.streams])[stream[pair_rows]]
            s = start[pair_rows]
            fo_end = s + failover
            fo_weight_at, fo_clock_at = self._both_at(fo_end)
            fo_weighted = fo_weight_at - weight_at_start[pair_rows]
            fo_clock = failover if self.clock is None else fo_clock_at - clock_at_start[pair_rows]
        else:
            partner = fo_end = fo_weighted = fo_clock = np.zeros(0)
        return SampleLosses(
            impact=self.impact[stream],
            stream=stream,
            weight_at_start=weight_at_start,
            clock_at_start=np.asarray(clock_at_start, dtype=np.float64),
            pair_rows=pair_rows,
            partner_hours=partner,
            failover_end=fo_end,
            failover_weighted=fo_weighted,
            failover_clock=fo_clock,
        )

    def outages(
        self,
        sample: IncidentSample,
        prepared: SampleLosses,
        restoration_end: FloatArray,
        prevented: NDArray[np.bool_] | None,
    ) -> IncidentOutages:
        """The outage of each incident restored at ``restoration_end`` under one option.

        Notes
        -----
        A single unit or a priority-level incident is out over ``[start, end]``.  A unit of a
        redundant pair fails over for ``f`` hours, ``[start, start + f]``; with the partner's
        time to failure ``U ~ Exp(λ)`` (one uniform draw per incident, common to all options),
        the pair is out over ``[start + max(U, f), end]`` when ``U < end − start``.  ``W`` uses
        the loss profile's cumulative ``F``, ``O`` and ``P`` the clock ``C`` without
        maintenance hours; prevented incidents cost nothing.  Outages of one trial-year that
        overlap share at most a full outage: while their impacts (× site weights) add up past
        1, each keeps ``impact_i / Σ impact`` of the full rate (:func:`capped_overlap_hours`),
        and its ``P`` shrinks in proportion to its ``O``.
        """
        start = sample.start_hours
        end = restoration_end
        weight_end, clock_end = self._both_at(end)
        weighted = weight_end - prepared.weight_at_start
        if self.clock is None:
            hours = end - start
        else:
            hours = clock_end - prepared.clock_at_start
        beyond = np.maximum(hours - self.penalty_threshold_hours, 0.0)
        happened = np.ones(start.size) if prevented is None else (~prevented).astype(np.float64)
        wall = end - start
        share: FloatArray | None = None
        rows = prepared.pair_rows
        if rows.size:
            s, e = start[rows], end[rows]
            restored = e - s  # 0 when prevented
            on = happened[rows]
            u = prepared.partner_hours
            lost = u < restored
            from_u = s + np.where(lost, u, 0.0)  # the partner's failure
            second = np.maximum(from_u, prepared.failover_end)  # the pair's outage starts
            f_end = weight_end[rows]
            f_second, c_second = self._both_at(second)
            w2 = np.where(lost, np.maximum(f_end - f_second, 0.0), 0.0)
            if self.clock is None:
                o2 = np.where(lost, np.maximum(e - second, 0.0), 0.0)
                pair_length = np.where(lost, e - from_u, 0.0)
            else:
                ce = clock_end[rows]
                o2 = np.where(lost, np.maximum(ce - c_second, 0.0), 0.0)
                pair_length = np.where(lost, ce - self.clock.cumulative_at(from_u), 0.0)
            weighted[rows] = prepared.failover_weighted * on + w2
            hours_rows = prepared.failover_clock * on + o2
            hours[rows] = hours_rows
            beyond[rows] = np.maximum(pair_length - self.penalty_threshold_hours, 0.0) * lost
            happened[rows] = lost
            wall[rows] = np.where(lost, e - from_u, 0.0)
        capped = self._cap_overlaps(sample, prepared, end, weighted, hours, beyond, prevented)
        if rows.size or self.clock is not None or capped:
            restored_all = end - start
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(restored_all > 0, hours / restored_all, 0.0)
        weight = self.site_weight(sample)
        if weight is not None:
            # A site's loss weight scales what its outage hours cost, like a share of impact;
            # per-incident costs (recovery, reputation) stay per outage.
            weighted = weighted * weight
            hours = hours * weight
            beyond = beyond * weight
        return IncidentOutages(
            weighted_hours=weighted,
            outage_hours=hours,
            penalty_hours=beyond,
            outages=happened,
            wall_hours=wall,
            attributed_share=share,
        )

    def _cap_overlaps(
        self,
        sample: IncidentSample,
        prepared: SampleLosses,
        end: FloatArray,
        weighted: FloatArray,
        hours: FloatArray,
        beyond: FloatArray,
        prevented: NDArray[np.bool_] | None,
    ) -> bool:
        """Cap the combined impact of simultaneous outages at a full outage, in place.

        Returns True when some incident's hours were cut.  See :func:`capped_overlap_hours`;
        the segments are each incident's outage ``[start, end]``, or for a redundant pair its
        fail-over ``[start, start + f]`` and the pair's outage ``[second failure, end]``.
        """
        if sample.size < 2:
            return False
        impact = prepared.impact
        weight = self.site_weight(sample)
        effective = impact if weight is None else impact * weight
        start = sample.start_hours
        # Candidates: incidents that take some of the loss rate, sorted by trial-year, then
        # start (option-independent, found once per sample); those whose [start, end] hull
        # overlaps an earlier one's form clusters, and only clusters whose impacts add up past
        # 1 can be capped.
        memo: dict[tuple[object, ...], Any] = sample.memo
        found = memo.get(("by_trial_start",))
        if found is None or found[0] is not self:  # a loss model of its own impacts
            order = trial_start_order(sample)
            order = order[effective[order] > 0]
            offset = sample.trial[order] * _TRIAL_SPAN
            begin = offset + start[order]
            sorted_impact = effective[order]
            memo[("by_trial_start",)] = (self, order, begin, offset, sorted_impact)
        else:
            _, order, begin, offset, sorted_impact = found
        if order.size < 2:
            return False
        reach = offset + end[order]
        np.maximum.accumulate(reach, out=reach)
        overlaps = np.zeros(order.size, dtype=np.bool_)
        np.less(begin[1:], reach[:-1], out=overlaps[1:])
        if not overlaps.any():
            return False
        cluster = np.cumsum(~overlaps, dtype=np.int64)
        total = np.bincount(cluster, weights=sorted_impact)
        members = total[cluster] > 1.0 + 1e-9
        if not members.any():
            return False
        rows = order[members]
        cluster = cluster[members]
        seg_row = [rows]
        seg_start = [start[rows]]
        seg_end = [end[rows]]
        pair = prepared.pair_rows
        if pair.size:
            # A redundant pair's segments replace its hull: the fail-over, then the pair's outage.
            is_pair = np.zeros(sample.size, dtype=np.bool_)
            is_pair[pair] = True
            where = np.flatnonzero(is_pair[rows])
            in_pair = np.searchsorted(pair, rows[where])
            on = (
                np.ones(where.size, dtype=np.bool_)
                if prevented is None
                else ~prevented[rows[where]]
            )
            seg_end[0] = seg_end[0].copy()
            seg_end[0][where] = np.where(on, prepared.failover_end[in_pair], start[rows[where]])
            u = prepared.partner_hours[in_pair]
            s_pair = start[rows[where]]
            lost = u < end[rows[where]] - s_pair
            second = np.maximum(s_pair + np.where(lost, u, 0.0), prepared.failover_end[in_pair])
            second = np.where(lost, np.minimum(second, end[rows[where]]), end[rows[where]])
            seg_row.append(rows[where])
            seg_start.append(second)
            seg_end.append(end[rows[where]])
        r = np.concatenate(seg_row)
        a = np.concatenate(seg_start)
        b = np.maximum(np.concatenate(seg_end), a)
        seg_cluster = cluster if len(seg_row) == 1 else np.concatenate((cluster, cluster[where]))
        cut_w, cut_o, cut = capped_overlap_hours(
            seg_cluster,
            a,
            b,
            effective[r],
            self.profile.cumulative_at,
            self._clock_at,
            self._both_at,
        )
        if not cut.any():
            return False
        # Only incidents that were out while the combined impact exceeded 1 lose hours; the
        # others keep their exact F(end) − F(start).
        changed = np.unique(r[cut])
        w_new = np.bincount(r, weights=cut_w, minlength=sample.size)[changed]
        o_new = np.bincount(r, weights=cut_o, minlength=sample.size)[changed]
        old_o = hours[changed]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(old_o > 0, np.minimum(o_new / old_o, 1.0), 1.0)
        beyond[changed] *= ratio
        weighted[changed] = np.minimum(weighted[changed], w_new)
        hours[changed] = np.minimum(old_o, o_new)
        return True

    def _both_at(self, t: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``(F(t), C(t))``: the loss profile's and the clock's cumulative values at ``t``."""
        if self.clock is None:
            return self.profile.cumulative_at(t), t
        return cumulative_pair_at(self.profile, self.clock, t)

    def _clock_at(self, t: FloatArray) -> FloatArray:
        """``C(t)``: hours without maintenance up to ``t`` (the wall clock without windows)."""
        return t if self.clock is None else self.clock.cumulative_at(t)

    def price(
        self, prepared: SampleLosses, outages: IncidentOutages
    ) -> tuple[FloatArray, FloatArray]:
        """Hard and soft loss of each incident, currency.

        Notes
        -----
        ``hard = H·impact·W + recovery·N + penalty·impact'·P`` with ``impact'`` the
        :meth:`penalty_impact`;
        ``soft = S·impact·W + reputational·N`` (see the module's docstring).
        """
        stream = prepared.stream
        return self._priced(
            prepared.impact,
            self.recovery_cost[stream],
            self.reputational_cost[stream],
            self._penalty_rate()[stream],
            outages.weighted_hours,
            outages.penalty_hours,
            outages.outages,
        )

    def price_sums(
        self,
        weighted_hours: FloatArray,
        outage_hours: FloatArray,
        penalty_hours: FloatArray,
        incidents: FloatArray,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Hard loss, soft loss and impact-weighted downtime of outage sums by stream.

        The arrays' last axis is the stream (:class:`LossComponents`' fields, or one
        trial-year's, ``(..., streams)``); the results keep their shape.

        Notes
        -----
        Per stream ``s``: ``hard = H·impact_s·W_s + recovery_s·N_s + penalty·impact'_s·P_s``,
        ``soft = S·impact_s·W_s + reputational_s·N_s``, ``downtime = impact_s·O_s`` — the sums
        of :meth:`price` over the stream's incidents, as impact and the per-outage costs are
        the stream's.

        Examples
        --------
        >>> from bizcase.model.io import load_scenario, shipped_scenario
        >>> m = LossModel.from_scenario(load_scenario(shipped_scenario("manufacturing")))
        >>> one_hour = np.zeros(len(m.streams)); one_hour[0] = 1.0
        >>> hard, soft, downtime = m.price_sums(one_hour, one_hour, 0 * one_hour, 0 * one_hour)
        >>> bool(hard[0] == m.hard_loss_per_hour * m.impact[0]), bool(downtime[0] == m.impact[0])
        (True, True)
        """
        hard, soft = self._priced(
            self.impact,
            self.recovery_cost,
            self.reputational_cost,
            self._penalty_rate(),
            weighted_hours,
            penalty_hours,
            incidents,
        )
        return hard, soft, outage_hours * self.impact

    def _penalty_rate(self) -> FloatArray:
        """Penalty per hour beyond the threshold of each stream's outage (its penalty impact)."""
        return self.penalty_per_hour * self.penalty_impact(self.impact)

    def _priced(
        self,
        impact: FloatArray,
        recovery: FloatArray,
        reputational: FloatArray,
        penalty_rate: FloatArray,
        weighted_hours: FloatArray,
        penalty_hours: FloatArray,
        incidents: FloatArray,
    ) -> tuple[FloatArray, FloatArray]:
        impact_w = impact * weighted_hours
        hard = self.hard_loss_per_hour * impact_w
        hard += recovery * incidents
        if self.penalty_per_hour > 0:
            hard += penalty_rate * penalty_hours
        soft = self.soft_loss_per_hour * impact_w
        soft += reputational * incidents
        return hard, soft

    def history_outages(
        self, prepared: SampleLosses, outages: IncidentOutages
    ) -> NDArray[np.bool_]:
        """Incidents the client's history would have recorded as outages (impact at least the
        history's ``min_impact_share``; a redundant pair only when the pair was lost)."""
        if self.history_min_impact is None:
            return np.zeros(outages.outages.size, dtype=np.bool_)
        return (outages.outages > 0) & (prepared.impact >= self.history_min_impact - 1e-12)

    def annual_from_components(
        self, components: LossComponents
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Annual hard loss, soft loss and impact-weighted downtime of every trial and option.

        Notes
        -----
        Per trial-year and option, with the stream sums ``W``, ``N``, ``P``, ``O``:
        ``hard = H·Σ_s impact_s·W_s + Σ_s recovery_s·N_s + penalty·Σ_s impact'_s·P_s``,
        ``soft = S·Σ_s impact_s·W_s + Σ_s reputational_s·N_s``, ``downtime = Σ_s impact_s·O_s``.
        The losses are linear in every client input but the loss profile, the maintenance
        windows and the penalty threshold, so other client figures price the same simulated
        incidents without simulating them again.  Impact shares enter linearly too, but for
        the cap on simultaneous outages, which keeps the shares of the simulated scenario
        (exact whenever no overlap adds up past a full outage).
        """
        hard, soft, downtime = self.price_sums(
            components.weighted_hours,
            components.outage_hours,
            components.penalty_hours,
            components.incidents,
        )
        return hard.sum(axis=-1), soft.sum(axis=-1), downtime.sum(axis=-1)


def stream_of(sample: IncidentSample) -> NDArray[np.int64]:
    """Each incident's stream (a hand-built sample has none: one stream per priority)."""
    if sample.stream is None:  # a hand-built sample: one stream per priority
        return sample.priority
    return sample.stream
