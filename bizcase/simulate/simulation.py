"""Run a scenario: incidents in chunks, every option restored, the client's losses accumulated.

The client ledger (DESIGN 4.5), per incident of stream ``s`` restored over ``[a, b]``
(:class:`~bizcase.simulate.engine.LossModel`)::

    hard = H · ∫ₐᵇ weight(t) dt · impact_s + recovery_cost_p
           + penalty_per_hour · max(0, (b − a) − threshold) · impact_s · [impact_s ≥ m]
    soft = S · ∫ₐᵇ weight(t) dt · impact_s + reputational_cost_p

with ``H`` the hard loss of an hour of full outage (lost margin plus catching up), ``m`` the
client's ``penalty_min_impact_share`` and ``S`` the soft loss (idle labour), maintenance hours left out and redundant pairs out only when both units
are.  Soft losses are kept apart from the hard ones.  Annual figures are sums over the incidents
of a trial-year.  Memory is bounded by simulating ``CHUNK_TRIALS``
trial-years at a time; each chunk has its own child seed of the scenario's seed, so the same seed
and trial count give identical results in any process, and chunks run wherever an executor
(:mod:`bizcase.simulate.execute`) sends them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bizcase.model import MAX_TRIALS, PRIORITIES, Scenario
from bizcase.model.calendar import HOURS_PER_YEAR
from bizcase.model.client import LossHistory
from bizcase.model.errors import InputError
from bizcase.model.limits import check_work_budget
from bizcase.simulate._memory import keep_freed_memory
from bizcase.simulate.engine import (
    CHUNK_TRIALS,
    REPORT_STAGES,
    IncidentOutages,
    IncidentSample,
    IncidentStreams,
    LossComponents,
    LossModel,
    OptionPlan,
    Progress,
    Restoration,
    SampleLosses,
    draw_incidents,
    make_rng,
    restore,
    stream_of,
)
from bizcase.simulate.execute import Executor, executor_or_serial

FloatArray = NDArray[np.float64]

#: A measurement of each option's restoration inside a chunk's task (see ``run_simulation``'s
#: ``measure``): ``measure(plan, sample, restoration, child_seed)``, its value kept per chunk.
ChunkMeasure = Callable[[OptionPlan, IncidentSample, Restoration, np.random.SeedSequence], object]


@dataclass(frozen=True)
class SimulationResult:
    """What a run of a scenario produced, for every option (the input of every summary).

    Attributes
    ----------
    options : tuple of str
        Option identifiers, in scenario order; columns of the per-trial arrays.
    annual_loss : ndarray (trials, options)
        Client **hard** loss of each trial-year, currency: lost margin, catching up, recovery,
        the client's penalties.
    annual_downtime_hours : ndarray (trials, options)
        Impact-weighted outage hours of each trial-year: an hour of an incident with impact
        share 0.5 counts as half an hour of full outage (maintenance hours left out).
    annual_reputational : ndarray (options,)
        Mean reputational cost per year, currency (an assumption, part of the soft loss).
    priority_loss, priority_downtime_hours, priority_incidents : ndarray (options, priorities)
        Sums over all trials (divide by ``trials`` for annual means); the loss is hard.
    stage_hours : ndarray (options, priorities, stages)
        Summed outage hours spent in each of ``REPORT_STAGES`` (of a redundant unit's
        restoration, the share the pair was out).
    impact_share : ndarray (priorities,)
        Share of the full loss rate of each priority level's own incidents.
    annual_soft_loss : ndarray (trials, options)
        Client **soft** loss of each trial-year: idle labour and reputation (shown apart).
    priority_soft_loss : ndarray (options, priorities)
        Soft loss summed over all trials.
    stage_downtime_hours : ndarray (options, priorities, stages)
        ``stage_hours`` weighted by each incident's impact share: sums to the downtime.
    peak_soft_loss_per_hour, average_soft_loss_per_hour : float
        Soft loss of one hour of full outage at peak and on average over the year.
    ledger_losses : str
        What the client ledger counts: ``"hard"`` or ``"hard_and_soft"``.
    history_outages : ndarray (trials,) or None
        Outages of the baseline that the client's history would record, per trial-year
        (None without ``[client.history]``).
    history_durations : ndarray or None
        Wall-clock hours of those outages (all of them, or the first million).
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
    peak_loss_per_hour: float  # hard loss of an hour of full outage at the profile's peak
    average_loss_per_hour: float  # ... averaged over the year (maintenance hours at 0)
    seconds: float
    components: LossComponents | None = None
    annual_soft_loss: FloatArray | None = None
    priority_soft_loss: FloatArray | None = None
    stage_downtime_hours: FloatArray | None = None
    peak_soft_loss_per_hour: float = 0.0
    average_soft_loss_per_hour: float = 0.0
    ledger_losses: str = "hard"
    baseline: str = ""
    history_outages: FloatArray | None = None
    history_durations: FloatArray | None = None
    history: LossHistory | None = None
    stream_stage_hours: FloatArray | None = None  # (options, streams, stages), as stage_hours
    stream_names: tuple[str, ...] = ()
    #: ``measure``'s values (see :func:`run_simulation`): one tuple per chunk, in chunk order,
    #: of one value per option, in option order; empty without ``measure``.
    measured: tuple[tuple[object, ...], ...] = ()

    @property
    def annual_ledger_loss(self) -> FloatArray:
        """The loss the client ledger counts per trial-year and option (hard, or hard + soft)."""
        if self.ledger_losses == "hard_and_soft" and self.annual_soft_loss is not None:
            return self.annual_loss + self.annual_soft_loss
        return self.annual_loss

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
    measure: ChunkMeasure | None = None,
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
        Also keep :class:`LossComponents` (32 bytes per trial, option and incident stream), so that
        other client figures can be priced without simulating again.
    executor : Executor, optional
        Where the chunks run (:mod:`bizcase.simulate.execute`); default this process.  The
        results are bit-identical for every executor and number of workers.
    measure : callable, optional
        Called in each chunk's task, for every option, as ``measure(plan, sample, restoration,
        child_seed)`` with the chunk's drawn incidents and their restoration under the option,
        so that a caller measures more of the same incidents without drawing and restoring
        them again; its values come back in ``measured`` (chunk order, then option order).  It
        must not change its arguments, and runs where the chunk runs (picklable for a pool).

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
    annual_soft = np.zeros((n_trials, n_opt))
    annual_downtime = np.zeros((n_trials, n_opt))
    reputational = np.zeros(n_opt)
    priority_loss = np.zeros((n_opt, n_pri))
    priority_soft = np.zeros((n_opt, n_pri))
    priority_downtime = np.zeros((n_opt, n_pri))
    priority_incidents = np.zeros((n_opt, n_pri))
    n_streams = len(losses.streams)
    stream_stage = np.zeros((n_opt, n_streams, n_stg))
    history = _HistoryTally(n_trials) if losses.history_min_impact is not None else None

    components = (
        LossComponents(*(np.zeros((n_trials, n_opt, n_streams)) for _ in range(4)))
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
        _SimulationJob(scenario, keep_components, measure),
        list(zip(sizes, children, strict=True)),
        on_done=chunk_done,
    )
    # the executor returns the chunks in chunk order: every sum below is added in that order,
    # so the totals are bit-identical whichever executor ran the chunks
    offset = 0
    for size, chunk in zip(sizes, chunks, strict=True):
        rows = slice(offset, offset + size)
        annual_loss[rows] = chunk.annual_loss
        annual_soft[rows] = chunk.annual_soft
        annual_downtime[rows] = chunk.annual_downtime
        reputational += chunk.reputational
        priority_loss += chunk.priority_loss
        priority_soft += chunk.priority_soft
        priority_downtime += chunk.priority_downtime
        priority_incidents += chunk.priority_incidents
        stream_stage += chunk.stream_stage
        if components is not None and chunk.components is not None:
            for name in ("weighted_hours", "outage_hours", "penalty_hours", "incidents"):
                getattr(components, name)[rows] = getattr(chunk.components, name)
        if history is not None and chunk.history_counts is not None:
            history.add(rows, chunk.history_counts, chunk.history_durations)
        offset += size

    by_priority = losses.priority_matrix  # (streams, priorities)
    stage_hours = np.einsum("osg,sp->opg", stream_stage, by_priority)
    stage_downtime = np.einsum("osg,s,sp->opg", stream_stage, losses.impact, by_priority)
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
        impact_share=losses.impact[: len(PRIORITIES)].copy(),
        peak_loss_per_hour=losses.hard_loss_per_hour * losses.profile.peak,
        average_loss_per_hour=losses.hard_loss_per_hour * losses.profile.mean,
        seconds=time.perf_counter() - began,
        components=components,
        annual_soft_loss=annual_soft,
        priority_soft_loss=priority_soft,
        stage_downtime_hours=stage_downtime,
        peak_soft_loss_per_hour=losses.soft_loss_per_hour * losses.profile.peak,
        average_soft_loss_per_hour=losses.soft_loss_per_hour * losses.profile.mean,
        ledger_losses=scenario.client.ledger_losses,
        baseline=scenario.baseline,
        history_outages=None if history is None else history.counts,
        history_durations=None if history is None else history.durations(),
        history=scenario.client.history,
        stream_stage_hours=stream_stage,
        stream_names=tuple(x.name for x in losses.streams),
        measured=tuple(chunk.measured for chunk in chunks) if measure is not None else (),
    )


@dataclass(frozen=True)
class _SimulationJob:
    """What every chunk of a run shares (sent to a worker once per run).

    ``run`` names the run: the chunks of one run compile the scenario once per process
    (:func:`_compiled`), whichever executor sent them and however often it pickled the job.
    """

    scenario: Scenario
    keep_components: bool
    measure: ChunkMeasure | None = None
    run: str = field(default_factory=lambda: uuid.uuid4().hex)


#: The compiled scenario of the latest run seen by this process, by its run name.
_COMPILED: dict[str, tuple[list[OptionPlan], IncidentStreams, LossModel]] = {}


def _compiled(job: _SimulationJob) -> tuple[list[OptionPlan], IncidentStreams, LossModel]:
    """The option plans, incident streams and loss model of the job's scenario, compiled once
    per run and process (pure functions of the scenario: every worker builds the same)."""
    found = _COMPILED.get(job.run)
    if found is None:
        scenario = job.scenario
        plans = [OptionPlan.from_option(n, o, scenario) for n, o in scenario.options.items()]
        found = (plans, IncidentStreams.from_scenario(scenario), LossModel.from_scenario(scenario))
        _COMPILED.clear()
        _COMPILED[job.run] = found
    return found


@dataclass(frozen=True)
class _ChunkSums:
    """One chunk's rows of the per-trial arrays and its sums (added in chunk order)."""

    annual_loss: FloatArray  # (size, options): hard
    annual_soft: FloatArray  # (size, options)
    annual_downtime: FloatArray
    reputational: FloatArray  # (options,)
    priority_loss: FloatArray  # (options, priorities): hard
    priority_soft: FloatArray
    priority_downtime: FloatArray
    priority_incidents: FloatArray
    stream_stage: FloatArray  # (options, streams, stages)
    components: LossComponents | None  # rows (size, options, streams)
    history_counts: FloatArray | None  # (size,): the baseline's recorded-type outages
    history_durations: FloatArray | None  # their wall-clock hours (the first million)
    measured: tuple[object, ...] = ()  # the job's measure, per option


def _simulate_chunk(job: _SimulationJob, task: tuple[int, np.random.SeedSequence]) -> _ChunkSums:
    """Draw one chunk's incidents from its child seed and restore them under every option.

    A worker gets only the scenario and ``(size, child seed)``: the plans, streams and loss
    model are pure functions of the scenario, so every worker rebuilds the same ones.
    """
    size, child = task
    keep_freed_memory()
    scenario = job.scenario
    names = tuple(scenario.options)
    plans, streams, losses = _compiled(job)
    n_opt, n_pri, n_stg = len(names), len(PRIORITIES), len(REPORT_STAGES)
    n_streams = len(losses.streams)
    annual_loss = np.zeros((size, n_opt))
    annual_soft = np.zeros((size, n_opt))
    annual_downtime = np.zeros((size, n_opt))
    reputational = np.zeros(n_opt)
    priority_loss = np.zeros((n_opt, n_pri))
    priority_soft = np.zeros((n_opt, n_pri))
    priority_downtime = np.zeros((n_opt, n_pri))
    priority_incidents = np.zeros((n_opt, n_pri))
    stream_stage = np.zeros((n_opt, n_streams, n_stg))
    components = (
        LossComponents(*(np.zeros((size, n_opt, n_streams)) for _ in range(4)))
        if job.keep_components
        else None
    )
    baseline = names.index(scenario.baseline)
    history = _HistoryTally(size) if losses.history_min_impact is not None else None
    has_reputational = bool(np.any(losses.reputational_cost > 0))
    rows = slice(0, size)

    sample = draw_incidents(streams, size, make_rng(child))
    prepared = losses.prepare(sample)
    slices = sample.priority_slices()
    key = sample.trial * n_streams + stream_of(sample)
    measured: list[object] = []
    for k, plan in enumerate(plans):
        restoration = restore(plan, sample)
        if job.measure is not None:
            measured.append(job.measure(plan, sample, restoration, child))
        prevented = restoration.prevented if plan.prevention_share > 0 else None
        outages = losses.outages(sample, prepared, restoration.end_hours, prevented)
        # Every loss is linear in the outage sums of its (trial-year, stream) — impact, recovery,
        # penalty and reputational costs are the stream's — so the four sums are priced instead
        # of every incident (LossModel.annual_from_components prices them the same way).
        weighted, outage, penalty, count = _stream_sums(key, outages, size, n_streams)
        if components is not None:
            components.weighted_hours[rows, k, :] = weighted
            components.outage_hours[rows, k, :] = outage
            components.penalty_hours[rows, k, :] = penalty
            components.incidents[rows, k, :] = count
        hard, soft, downtime = losses.price_sums(weighted, outage, penalty, count)
        annual_loss[rows, k] = hard.sum(axis=1)
        annual_soft[rows, k] = soft.sum(axis=1)
        annual_downtime[rows, k] = downtime.sum(axis=1)
        if has_reputational:
            reputational[k] += losses.reputational_cost @ count.sum(axis=0)
        if history is not None and k == baseline:
            recorded = losses.history_outages(prepared, outages)
            history.add(rows, *_history_of(sample, recorded, outages))
        stream_stage[k] += _by_stream(sample, restoration.stage_hours, outages, n_streams)
        for target, by_stream in (
            (priority_loss, hard),
            (priority_soft, soft),
            (priority_downtime, downtime),
        ):
            target[k] += np.bincount(
                losses.stream_priority, weights=by_stream.sum(axis=0), minlength=n_pri
            )
        for p, block in slices:
            priority_incidents[k, p] += block.stop - block.start
            if prevented is not None:
                priority_incidents[k, p] -= np.count_nonzero(prevented[block])
    return _ChunkSums(
        annual_loss=annual_loss,
        annual_soft=annual_soft,
        annual_downtime=annual_downtime,
        reputational=reputational,
        priority_loss=priority_loss,
        priority_soft=priority_soft,
        priority_downtime=priority_downtime,
        priority_incidents=priority_incidents,
        stream_stage=stream_stage,
        components=components,
        history_counts=None if history is None else history.counts,
        history_durations=None if history is None else history.durations(),
        measured=tuple(measured),
    )


def _stream_sums(
    key: NDArray[np.int64], outages: IncidentOutages, trials: int, n_streams: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Weighted hours, outage hours, penalty hours and outages summed by ``key`` (trial-year ×
    ``n_streams`` + stream), each ``(trials, n_streams)``."""

    def summed(weights: FloatArray) -> FloatArray:
        sums = np.bincount(key, weights=weights, minlength=trials * n_streams)
        return np.asarray(sums, np.float64).reshape(trials, n_streams)

    return (
        summed(outages.weighted_hours),
        summed(outages.outage_hours),
        summed(outages.penalty_hours),
        summed(outages.outages),
    )


def _by_stream(
    sample: IncidentSample,
    stage_hours: NDArray[np.float32],
    outages: IncidentOutages,
    n_streams: int,
) -> FloatArray:
    """Stage hours summed by stream, (streams, stages), each incident's hours counted for the
    share of its restoration that was an outage (all of it but for redundant pairs and
    maintenance hours)."""
    out = np.zeros((n_streams, stage_hours.shape[0]))
    if sample.size == 0:
        return out
    stream = stream_of(sample)
    # rows are stream-major: each stream is one contiguous block (found once per sample)
    bounds = sample.memo.get(("stream_bounds",))
    if bounds is None:
        starts = np.flatnonzero(np.diff(stream)) + 1
        bounds = sample.memo[("stream_bounds",)] = np.concatenate(([0], starts, [stream.size]))
    share = outages.attributed_share
    # Redundant pairs, capped overlaps and maintenance hours make a row's outage less than its
    # restoration (a quarter of the rows in the plant): each stream's block weighted by its
    # rows' shares in one weighted sum, accumulated in double precision (the old sum minus a
    # correction lost digits to cancellation where most of a stream's hours were not outage).
    # einsum, not a matrix product: BLAS would start threads that spin on every core.
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        block = stage_hours[:, a:b]
        out[stream[a]] = (
            block.sum(axis=1)
            if share is None
            else np.einsum("ij,j->i", block, share[a:b], dtype=np.float64, casting="safe")
        )
    return out


#: Durations of the baseline's recorded-type outages kept for the history check, at most.
MAX_HISTORY_DURATIONS = 1_000_000


def _history_of(
    sample: IncidentSample, recorded: NDArray[np.bool_], outages: IncidentOutages
) -> tuple[FloatArray, FloatArray]:
    """The recorded-type outages of one chunk: a count per trial-year and their wall-clock
    hours (at most :data:`MAX_HISTORY_DURATIONS`)."""
    counts = np.bincount(sample.trial[recorded], minlength=sample.n_trials).astype(np.float64)
    hours = outages.wall_hours[recorded][:MAX_HISTORY_DURATIONS]
    return counts, np.asarray(hours, dtype=np.float64)


class _HistoryTally:
    """The baseline's outages of the kind the client's history records, per trial-year.

    Chunks are added in chunk order; the durations kept are the first
    :data:`MAX_HISTORY_DURATIONS` in that order, whichever executor ran the chunks.
    """

    def __init__(self, n_trials: int) -> None:
        self.counts = np.zeros(n_trials)
        self._durations: list[FloatArray] = []
        self._kept = 0

    def add(self, rows: slice, counts: FloatArray, hours: FloatArray | None) -> None:
        self.counts[rows] = counts
        if hours is not None and self._kept < MAX_HISTORY_DURATIONS:
            kept = hours[: MAX_HISTORY_DURATIONS - self._kept]
            self._durations.append(kept)
            self._kept += kept.size

    def durations(self) -> FloatArray:
        return np.concatenate(self._durations) if self._durations else np.zeros(0)


__all__ = [
    "HOURS_PER_YEAR",
    "LossComponents",
    "LossModel",
    "SampleLosses",
    "SimulationResult",
    "run_simulation",
]
