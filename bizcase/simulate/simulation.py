"""Run a scenario: incidents in chunks, every option restored, the client's losses accumulated.

The client ledger (DESIGN 4.5), per incident of priority ``p`` restored over ``[a, b]``::

    loss = peak_loss_per_hour · ∫ₐᵇ weight(t) dt · impact_p + recovery_cost_p
           + penalty_per_hour · max(0, (b − a) − threshold) · impact_p

plus an optional reputational cost per incident, kept apart from the loss.  Annual figures are
sums over the incidents of a trial-year.  Memory is bounded by simulating ``CHUNK_TRIALS``
trial-years at a time; each chunk has its own child seed of the scenario's seed, so the same seed
and trial count give identical results in any process, and chunks run wherever an executor
(:mod:`bizcase.simulate.execute`) sends them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bizcase.model import MAX_TRIALS, PRIORITIES, Scenario
from bizcase.model.calendar import HOURS_PER_YEAR, WeeklyProfile
from bizcase.model.errors import InputError
from bizcase.model.limits import check_work_budget
from bizcase.simulate._memory import keep_freed_memory
from bizcase.simulate.engine import (
    CHUNK_TRIALS,
    REPORT_STAGES,
    IncidentSample,
    IncidentStreams,
    OptionPlan,
    Progress,
    Restoration,
    draw_incidents,
    make_rng,
    restore,
)
from bizcase.simulate.execute import Executor, executor_or_serial

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class LossModel:
    """The client's loss parameters compiled to arrays (indexed by priority)."""

    profile: WeeklyProfile  # weight of each hour of the week, 1 = peak
    peak_loss_per_hour: float
    impact: FloatArray
    recovery_cost: FloatArray
    reputational_cost: FloatArray
    penalty_threshold_hours: float
    penalty_per_hour: float
    # Impact multiplier of an incident at each site ([[sites]] loss_weight); (1,) without sites.
    site_loss_weight: FloatArray = field(default_factory=lambda: np.ones(1))

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> LossModel:
        """Compile the client and incident parameters of a scenario."""
        by_p = scenario.incidents.by_priority()
        return cls(
            profile=WeeklyProfile.from_values(scenario.client.loss_profile.vector()),
            peak_loss_per_hour=scenario.client.peak_loss_per_hour,
            impact=np.array([by_p[p].impact_share for p in PRIORITIES]),
            recovery_cost=np.array([by_p[p].recovery_cost for p in PRIORITIES]),
            reputational_cost=np.array([by_p[p].reputational_cost for p in PRIORITIES]),
            penalty_threshold_hours=scenario.client.penalty_threshold_hours,
            penalty_per_hour=scenario.client.penalty_per_hour,
            site_loss_weight=np.array([s.loss_weight for s in scenario.sites] or [1.0]),
        )

    def site_weight(self, sample: IncidentSample) -> FloatArray | None:
        """Each incident's site loss weight, or None when every weight is 1."""
        if np.all(self.site_loss_weight == 1.0):
            return None
        return np.asarray(self.site_loss_weight[sample.site], dtype=np.float64)

    def prepare(self, sample: IncidentSample) -> SampleLosses:
        """The parts of every incident's loss that do not depend on the support option."""
        impact = self.impact[sample.priority]
        weight = self.site_weight(sample)
        if weight is not None:
            impact = impact * weight
        loss_per_hour = self.peak_loss_per_hour * impact
        recovery = self.recovery_cost[sample.priority]
        weight_at_start = self.profile.cumulative_at(sample.start_hours)
        return SampleLosses(
            loss_per_hour=loss_per_hour,
            impact=impact,
            recovery_cost=recovery,
            reputational_cost=self.reputational_cost[sample.priority],
            weight_at_start=weight_at_start,
            fixed_loss=recovery - weight_at_start * loss_per_hour,
            penalty_from=sample.start_hours + self.penalty_threshold_hours,
            penalty_per_hour=impact * self.penalty_per_hour,
        )

    def weighted_hours(self, prepared: SampleLosses, restoration_end: FloatArray) -> FloatArray:
        """``F(end) − F(start)``: outage hours weighted by the loss profile (1 = peak hour)."""
        return self.profile.cumulative_at(restoration_end) - prepared.weight_at_start

    def annual_from_components(self, components: LossComponents) -> tuple[FloatArray, FloatArray]:
        """Annual loss and impact-weighted downtime of every trial and option, from components.

        Notes
        -----
        ``loss = peak · Σ_p impact_p·W_p + Σ_p recovery_p·N_p + penalty · Σ_p impact_p·P_p`` per
        trial-year and option, with ``W`` the weighted outage hours, ``N`` the incidents and ``P``
        the outage hours beyond the penalty threshold.  The loss is linear in every client input
        but the loss profile and the penalty threshold, so a model with other client figures
        prices the same simulated incidents without simulating them again.
        """
        loss = self.peak_loss_per_hour * (components.weighted_hours @ self.impact)
        loss += components.incidents @ self.recovery_cost
        if self.penalty_per_hour > 0:
            loss += self.penalty_per_hour * (components.penalty_hours @ self.impact)
        downtime = components.outage_hours @ self.impact
        return loss, downtime

    def incident_losses(
        self,
        sample: IncidentSample,
        prepared: SampleLosses,
        restoration_end: FloatArray,
        prevented: NDArray[np.bool_] | None,
    ) -> FloatArray:
        """Loss of each incident restored at ``restoration_end``, currency (0 if prevented).

        Notes
        -----
        ``loss = peak · (F(end) − F(start)) · impact + recovery + penalty · max(0, outage −
        threshold) · impact`` with ``F`` the cumulative loss-weight profile.
        """
        # peak·(F(end) − F(start))·impact + recovery, with the start's part precomputed
        loss = self.profile.cumulative_at(restoration_end) * prepared.loss_per_hour
        loss += prepared.fixed_loss
        if self.penalty_per_hour > 0:
            beyond = restoration_end - prepared.penalty_from
            np.maximum(beyond, 0.0, out=beyond)
            beyond *= prepared.penalty_per_hour
            loss += beyond
        if prevented is not None:
            loss[prevented] = 0.0
        return loss


@dataclass(frozen=True)
class LossComponents:
    """Per trial-year, option and priority sums from which any client's losses follow linearly.

    Arrays of shape (trials, options, priorities): ``weighted_hours`` (outage hours weighted by
    the loss profile), ``outage_hours`` (wall clock), ``penalty_hours`` (outage hours beyond the
    client's penalty threshold) and ``incidents`` (that happened, i.e. were not prevented).
    """

    weighted_hours: FloatArray
    outage_hours: FloatArray
    penalty_hours: FloatArray
    incidents: FloatArray


@dataclass(frozen=True)
class SampleLosses:
    """Option-independent parts of the losses of one sample of incidents (one row each)."""

    loss_per_hour: FloatArray  # peak loss per hour × impact share, currency/hour
    impact: FloatArray
    recovery_cost: FloatArray
    reputational_cost: FloatArray
    weight_at_start: FloatArray  # F(start): cumulative loss weight at the outage's start
    fixed_loss: FloatArray  # recovery − F(start)·loss_per_hour
    penalty_from: FloatArray  # start + the client's penalty threshold, hours
    penalty_per_hour: FloatArray  # client's penalty per hour × impact share


@dataclass(frozen=True)
class SimulationResult:
    """What a run of a scenario produced, for every option (the input of every summary).

    Attributes
    ----------
    options : tuple of str
        Option identifiers, in scenario order; columns of the per-trial arrays.
    annual_loss : ndarray (trials, options)
        Client loss of each trial-year, currency (reputational cost excluded).
    annual_downtime_hours : ndarray (trials, options)
        Impact-weighted outage hours of each trial-year: an hour of an incident with impact
        share 0.5 counts as half an hour of full outage.
    annual_reputational : ndarray (options,)
        Mean reputational cost per year, currency (an assumption, reported separately).
    priority_loss, priority_downtime_hours, priority_incidents : ndarray (options, priorities)
        Sums over all trials (divide by ``trials`` for annual means).
    stage_hours : ndarray (options, priorities, stages)
        Summed wall-clock outage hours spent in each of ``REPORT_STAGES``.
    impact_share : ndarray (priorities,)
        Share of the full loss rate per priority; ``stage_hours × impact_share`` sums to the
        impact-weighted downtime.
    """

    scenario_name: str
    currency: str
    trials: int
    seed: int
    options: tuple[str, ...]
    labels: tuple[str, ...]
    annual_loss: FloatArray
    annual_downtime_hours: FloatArray
    annual_reputational: FloatArray
    priority_loss: FloatArray
    priority_downtime_hours: FloatArray
    priority_incidents: FloatArray
    stage_hours: FloatArray
    impact_share: FloatArray  # (priorities,)
    peak_loss_per_hour: float
    average_loss_per_hour: float
    seconds: float
    components: LossComponents | None = None

    def __repr__(self) -> str:
        mean = self.annual_loss.mean(axis=0)
        figures = ", ".join(
            f"{label}: {m:,.0f}" for label, m in zip(self.labels, mean, strict=True)
        )
        return (
            f"<SimulationResult {self.scenario_name!r}: {self.trials:,} trial-years, seed "
            f"{self.seed}, {len(self.options)} options; expected annual loss ({self.currency}) "
            f"{figures}>"
        )

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(repr(self))}</p>"


def _chunk_sizes(trials: int, chunk: int) -> list[int]:
    full, rest = divmod(trials, chunk)
    return [chunk] * full + ([rest] if rest else [])


def run_simulation(
    scenario: Scenario,
    trials: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    chunk_trials: int = CHUNK_TRIALS,
    keep_components: bool = False,
    executor: Executor | None = None,
) -> SimulationResult:
    """Simulate ``trials`` years of incidents and restore them under every option.

    Parameters
    ----------
    scenario : Scenario
        The validated scenario.
    trials, seed : int, optional
        Override ``scenario.simulation.trials`` and ``.seed``.
    progress : callable, optional
        Called as ``progress(done_trials, total_trials)`` after each chunk.
    chunk_trials : int
        Trial-years per chunk; bounds memory.  Part of the random stream's layout: keep the
        default to reproduce published numbers.
    keep_components : bool
        Also keep :class:`LossComponents` (128 bytes per trial, option and priority), so that
        other client figures can be priced without simulating again.
    executor : Executor, optional
        Where the chunks run (:mod:`bizcase.simulate.execute`); default this process.  The
        results are bit-identical for every executor and number of workers.

    Returns
    -------
    SimulationResult

    Notes
    -----
    Chunk ``k`` draws from ``Generator(PCG64(SeedSequence(seed).spawn(n)[k]))``; the incidents of
    a chunk are drawn once and restored under every option (common random numbers).  Each chunk
    is an independent task; its sums are added to the totals in chunk order, whatever order the
    chunks finished in.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> r = run_simulation(s, trials=500, seed=1)
    >>> r.annual_loss.shape == (500, len(s.options))
    True
    """
    n_trials = scenario.simulation.trials if trials is None else trials
    run_seed = scenario.simulation.seed if seed is None else seed
    if not isinstance(n_trials, int) or not 1 <= n_trials <= MAX_TRIALS:
        raise InputError(f"trials = {n_trials!r}: must be an integer from 1 to {MAX_TRIALS:,}")
    if not isinstance(run_seed, int) or run_seed < 0:
        raise InputError(f"seed = {run_seed!r}: must be a non-negative integer")
    if chunk_trials < 1:
        raise InputError(f"chunk_trials = {chunk_trials!r}: must be >= 1")
    check_work_budget(
        scenario, n_trials, chunk_trials=chunk_trials, keep_components=keep_components
    )

    began = time.perf_counter()
    names = tuple(scenario.options)
    losses = LossModel.from_scenario(scenario)
    n_opt, n_pri, n_stg = len(names), len(PRIORITIES), len(REPORT_STAGES)

    annual_loss = np.zeros((n_trials, n_opt))
    annual_downtime = np.zeros((n_trials, n_opt))
    reputational = np.zeros(n_opt)
    priority_loss = np.zeros((n_opt, n_pri))
    priority_downtime = np.zeros((n_opt, n_pri))
    priority_incidents = np.zeros((n_opt, n_pri))
    stage_hours = np.zeros((n_opt, n_pri, n_stg))

    components = (
        LossComponents(*(np.zeros((n_trials, n_opt, n_pri)) for _ in range(4)))
        if keep_components
        else None
    )
    sizes = _chunk_sizes(n_trials, chunk_trials)
    children = np.random.SeedSequence(run_seed).spawn(len(sizes))
    done_trials = 0

    def chunk_done(index: int) -> None:
        nonlocal done_trials
        done_trials += sizes[index]
        if progress is not None:
            progress(done_trials, n_trials)

    chunks = executor_or_serial(executor).map(
        _simulate_chunk,
        _SimulationJob(scenario, keep_components),
        list(zip(sizes, children, strict=True)),
        on_done=chunk_done,
    )
    offset = 0
    for size, chunk in zip(sizes, chunks, strict=True):
        rows = slice(offset, offset + size)
        annual_loss[rows] = chunk.annual_loss
        annual_downtime[rows] = chunk.annual_downtime
        reputational += chunk.reputational
        priority_loss += chunk.priority_loss
        priority_downtime += chunk.priority_downtime
        priority_incidents += chunk.priority_incidents
        stage_hours += chunk.stage_hours
        if components is not None and chunk.components is not None:
            for name in ("weighted_hours", "outage_hours", "penalty_hours", "incidents"):
                getattr(components, name)[rows] = getattr(chunk.components, name)
        offset += size

    return SimulationResult(
        scenario_name=scenario.name,
        currency=scenario.currency,
        trials=n_trials,
        seed=run_seed,
        options=names,
        labels=tuple(scenario.options[n].label for n in names),
        annual_loss=annual_loss,
        annual_downtime_hours=annual_downtime,
        annual_reputational=reputational / n_trials,
        priority_loss=priority_loss,
        priority_downtime_hours=priority_downtime,
        priority_incidents=priority_incidents,
        stage_hours=stage_hours,
        impact_share=losses.impact,
        peak_loss_per_hour=losses.peak_loss_per_hour * losses.profile.peak,
        average_loss_per_hour=losses.peak_loss_per_hour * losses.profile.mean,
        seconds=time.perf_counter() - began,
        components=components,
    )


@dataclass(frozen=True)
class _SimulationJob:
    """What every chunk of a run shares (sent to a worker once per run)."""

    scenario: Scenario
    keep_components: bool


@dataclass(frozen=True)
class _ChunkSums:
    """One chunk's rows of the per-trial arrays and its sums (added in chunk order)."""

    annual_loss: FloatArray  # (size, options)
    annual_downtime: FloatArray
    reputational: FloatArray  # (options,)
    priority_loss: FloatArray  # (options, priorities)
    priority_downtime: FloatArray
    priority_incidents: FloatArray
    stage_hours: FloatArray  # (options, priorities, stages)
    components: LossComponents | None  # rows (size, options, priorities)


def _simulate_chunk(job: _SimulationJob, task: tuple[int, np.random.SeedSequence]) -> _ChunkSums:
    """Draw one chunk's incidents from its child seed and restore them under every option."""
    size, child = task
    keep_freed_memory()
    scenario = job.scenario
    names = tuple(scenario.options)
    plans = [OptionPlan.from_option(name, scenario.options[name], scenario) for name in names]
    streams = IncidentStreams.from_scenario(scenario)
    losses = LossModel.from_scenario(scenario)
    n_opt, n_pri, n_stg = len(names), len(PRIORITIES), len(REPORT_STAGES)
    annual_loss = np.zeros((size, n_opt))
    annual_downtime = np.zeros((size, n_opt))
    reputational = np.zeros(n_opt)
    priority_loss = np.zeros((n_opt, n_pri))
    priority_downtime = np.zeros((n_opt, n_pri))
    priority_incidents = np.zeros((n_opt, n_pri))
    stage_hours = np.zeros((n_opt, n_pri, n_stg))
    components = (
        LossComponents(*(np.zeros((size, n_opt, n_pri)) for _ in range(4)))
        if job.keep_components
        else None
    )
    has_reputational = bool(np.any(losses.reputational_cost > 0))
    rows = slice(0, size)

    sample = draw_incidents(streams, size, make_rng(child))
    prepared = losses.prepare(sample)
    slices = sample.priority_slices()
    for k, plan in enumerate(plans):
        restoration = restore(plan, sample)
        prevented = restoration.prevented if plan.prevention_share > 0 else None
        loss = losses.incident_losses(sample, prepared, restoration.end_hours, prevented)
        downtime = restoration.end_hours - sample.start_hours
        downtime *= prepared.impact
        annual_loss[rows, k] = np.bincount(sample.trial, weights=loss, minlength=size)
        annual_downtime[rows, k] = np.bincount(sample.trial, weights=downtime, minlength=size)
        if has_reputational:
            rep = prepared.reputational_cost
            reputational[k] += rep.sum() - (rep[prevented].sum() if prevented is not None else 0)
        if components is not None:
            _add_components(components, rows, k, sample, losses, prepared, restoration)
        for p, block in slices:
            priority_loss[k, p] += loss[block].sum()
            priority_downtime[k, p] += downtime[block].sum()
            priority_incidents[k, p] += block.stop - block.start
            if prevented is not None:
                priority_incidents[k, p] -= np.count_nonzero(prevented[block])
            stage_hours[k, p] += restoration.stage_hours[:, block].sum(axis=1)
    return _ChunkSums(
        annual_loss=annual_loss,
        annual_downtime=annual_downtime,
        reputational=reputational,
        priority_loss=priority_loss,
        priority_downtime=priority_downtime,
        priority_incidents=priority_incidents,
        stage_hours=stage_hours,
        components=components,
    )


def _add_components(
    components: LossComponents,
    rows: slice,
    option: int,
    sample: IncidentSample,
    losses: LossModel,
    prepared: SampleLosses,
    restoration: Restoration,
) -> None:
    n_pri = len(PRIORITIES)
    size = sample.n_trials
    key = sample.trial * n_pri + sample.priority
    outage = restoration.end_hours - sample.start_hours  # 0 for prevented incidents
    beyond = np.maximum(outage - losses.penalty_threshold_hours, 0.0)
    happened = (~restoration.prevented).astype(np.float64)
    # Impact is per priority here; a site's loss weight scales the incident's hours instead.
    weight = losses.site_weight(sample)
    scale = 1.0 if weight is None else weight
    for target, weights in (
        (
            components.weighted_hours,
            losses.weighted_hours(prepared, restoration.end_hours) * scale,
        ),
        (components.outage_hours, outage * scale),
        (components.penalty_hours, beyond * scale),
        (components.incidents, happened),
    ):
        sums = np.bincount(key, weights=weights, minlength=size * n_pri)
        target[rows, option, :] = sums.reshape(size, n_pri)


__all__ = ["HOURS_PER_YEAR", "LossModel", "SimulationResult", "run_simulation"]
