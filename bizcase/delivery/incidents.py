"""The incidents of one support option, seen by the integrator: SLA, credits, work, call-outs.

:func:`simulate_option` draws the scenario's incidents chunk by chunk with the scenario's seed
exactly as :func:`bizcase.simulate.simulation.run_simulation` draws them (common random numbers)
and restores them under the option: restoration and response on the SLA clock against the
targets, breaches, service credits per trial-year, engineer hands-on hours, visits, escalations,
out-of-hours call-outs and their pay.  For an option with a delivery design (DESIGN 4.11) the
call-outs are the incidents its on-call windows answered or sent a field partner to (the
engineer woken works the case remotely), the visits those someone went on
site for (remote fixes excluded), and the visits its field partners made are counted apart:
the design prices them, so they add no engineer work.

Each chunk is a task of :mod:`bizcase.simulate.execute`: :func:`_option_chunk` rebuilds the
option's plan and contract terms from the validated scenario and measures the chunk drawn from
its child seed, so the statistics are bit-identical whichever executor (and however many
workers) ran the chunks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from bizcase.delivery.inputs import FloatArray, IntArray, option_name, require_delivery
from bizcase.delivery.oncall import callout_multiplier, callout_paid_hours
from bizcase.delivery.sla import CreditBasis, credit_basis, sla_clock_hours
from bizcase.design.compile import MODES, CompiledDesign
from bizcase.model import MAX_TRIALS, PRIORITIES, Delivery, Scenario, SupportOption
from bizcase.model.calendar import HOURS_PER_WEEK, CoverageWindow
from bizcase.model.errors import InputError
from bizcase.model.maintenance import Maintenance
from bizcase.simulate._memory import keep_freed_memory
from bizcase.simulate.engine import (
    CHUNK_TRIALS,
    REPORT_STAGES,
    IncidentSample,
    IncidentStreams,
    OptionPlan,
    Restoration,
    draw_incidents,
    make_rng,
    restore,
)
from bizcase.simulate.execute import Executor, executor_or_serial

__all__ = [
    "URGENT_PRIORITIES",
    "OptionIncidentStats",
    "OptionMeasure",
    "on_call_masks",
    "simulate_option",
    "simulate_options",
]

_STAGE = {name: i for i, name in enumerate(REPORT_STAGES)}
_ON_CALL, _PARTNER = MODES.index("on_call"), MODES.index("partner")
#: Priorities below this index (critical, major) pre-empt other work: an engineer drops a minor
#: or technical job for them, so their wait depends only on their own load.
URGENT_PRIORITIES = 2
_TOTALS = (
    "hands_on",
    "day",
    "callout_hours",
    "urgent_day",
    "urgent_callout",
    "callouts",
    "paid",
    "visits",
    "escalations",
    "partner_visits",
)


@dataclass(frozen=True)
class OptionIncidentStats:
    """What the simulated incidents of **one contract** ask of the integrator under an option.

    Per-year figures are means over trial-years.  Arrays by priority follow ``PRIORITIES``.
    """

    option: str
    trials: int
    seed: int
    stockout_probability: float
    incidents_per_year: FloatArray  # (4,) incidents that happened (prevented ones excluded)
    restoration_target_hours: FloatArray  # (4,) NaN where the contract sets none
    response_target_hours: FloatArray
    restoration_met: FloatArray  # (4,) share of incidents meeting the target (NaN: no target)
    response_met: FloatArray
    breaches_per_trial: FloatArray  # (trials, 4)
    credits_per_trial: FloatArray  # (trials,) service credits of one contract, currency
    hands_on_hours_per_year: float  # first-line work on incidents
    day_hands_on_hours_per_year: float  # ... of work started in office hours
    callout_hands_on_hours_per_year: float  # ... of work started in on-call hours
    urgent_day_hands_on_hours_per_year: float  # critical and major work in office hours
    urgent_callout_hands_on_hours_per_year: float  # critical and major work in on-call hours
    callouts_per_year: float
    callout_paid_hours_per_year: float  # in hours of base pay, multipliers applied
    visits_per_year: float
    escalations_per_year: float
    mean_job_hours: float
    slack_hours: FloatArray = field(repr=False)  # target − elapsed, incidents with a target
    slack_priority: IntArray = field(repr=False)
    slack_in_office: npt.NDArray[np.bool_] = field(repr=False)
    partner_visits_per_year: float = 0.0  # designed options: visits made by a field partner
    design: CompiledDesign | None = field(default=None, repr=False)
    #: What the credits depend on besides the fee, per trial-year and month (None without
    #: ``[credits]``): ``credit_basis.per_year(fee / 12, cap)`` prices them at any fee.
    credit_basis: CreditBasis | None = field(default=None, repr=False)
    credit_cap_share: float = 1.0


def on_call_masks(option: SupportOption, delivery: Delivery) -> tuple[FloatArray, FloatArray]:
    """Office-hours mask and, per priority, the on-call mask (coverage outside office hours)."""
    office = delivery.office_hours.vector()
    on_call = np.stack([option.coverage_for(p).vector() * (1.0 - office) for p in PRIORITIES])
    return office, on_call


def _target(option: SupportOption, priority: str, attribute: str) -> float:
    terms = option.priorities.get(priority)  # type: ignore[call-overload]
    value = getattr(terms, attribute) if terms is not None else None
    return math.nan if value is None else float(value)


@dataclass(frozen=True)
class _ContractTerms:
    """What the contract and the delivery rules say, per priority, in the engine's order."""

    option: SupportOption
    delivery: Delivery
    impact: FloatArray
    restore_target: FloatArray
    response_target: FloatArray
    per_breach: FloatArray
    tiers_below: list[float]
    tiers_share: list[float]
    cap_share: float
    office: FloatArray
    on_call_mask: FloatArray
    integrator_windows: list[CoverageWindow]  # the integrator's hours, per priority
    clocks: list[str]  # the SLA clock, per priority
    from_registration: bool
    excluded_share: float
    maintenance: Maintenance | None  # the client's planned windows stop the restoration clock

    @classmethod
    def of(
        cls, scenario: Scenario, opt: SupportOption, plan: OptionPlan | None = None
    ) -> _ContractTerms:
        delivery = require_delivery(scenario)
        by_p = scenario.incidents.by_priority()
        credits = opt.credits
        office, on_call_mask = on_call_masks(opt, delivery)
        return cls(
            option=opt,
            delivery=delivery,
            impact=np.array([by_p[p].impact_share for p in PRIORITIES]),
            restore_target=np.array(
                [_target(opt, p, "restoration_target_hours") for p in PRIORITIES],
                dtype=np.float64,
            ),
            response_target=np.array(
                [_target(opt, p, "response_target_hours") for p in PRIORITIES], dtype=np.float64
            ),
            per_breach=np.array(
                [credits.per_breach.get(p, 0.0) if credits else 0.0 for p in PRIORITIES]  # type: ignore[call-overload]
            ),
            tiers_below=[t.availability_below for t in credits.availability_tiers]
            if credits
            else [],
            tiers_share=[t.credit_share for t in credits.availability_tiers] if credits else [],
            cap_share=credits.cap_share_of_monthly_fee if credits else 0.0,
            office=office,
            on_call_mask=on_call_mask,
            integrator_windows=[
                CoverageWindow.from_mask(opt.coverage_for(p).vector()) for p in PRIORITIES
            ],
            clocks=[opt.sla_clock_for(p) for p in PRIORITIES],
            from_registration=opt.sla_clock_start == "registration",
            excluded_share=float(opt.sla_excluded_share),
            maintenance=scenario.client.maintenance,
        )


@dataclass
class _ChunkTally:
    """The measurements of one chunk of trial-years (merged in chunk order)."""

    count: FloatArray
    sla_count: FloatArray  # incidents the SLA counts (exclusions removed)
    met: FloatArray
    response_met: FloatArray
    breaches: FloatArray  # (size, 4)
    credits: FloatArray  # (size,)
    totals: dict[str, float]
    credit_basis: CreditBasis | None
    slack: list[FloatArray]
    slack_priority: list[IntArray]
    slack_in_office: list[npt.NDArray[np.bool_]]


def _check_run(n_trials: object, run_seed: object, chunk_trials: int) -> tuple[int, int]:
    if (
        isinstance(n_trials, bool)
        or not isinstance(n_trials, int)
        or not 1 <= n_trials <= MAX_TRIALS
    ):
        raise InputError(f"trials = {n_trials!r}: must be an integer from 1 to {MAX_TRIALS:,}")
    if isinstance(run_seed, bool) or not isinstance(run_seed, int) or run_seed < 0:
        raise InputError(f"seed = {run_seed!r}: must be a non-negative integer")
    if chunk_trials < 1:
        raise InputError(f"chunk_trials = {chunk_trials!r}: must be >= 1")
    return n_trials, run_seed


def simulate_option(
    scenario: Scenario,
    option: str,
    *,
    trials: int | None = None,
    seed: int | None = None,
    chunk_trials: int = CHUNK_TRIALS,
    executor: Executor | None = None,
) -> OptionIncidentStats:
    """Restore the scenario's incidents under one option and measure SLA, credits and work.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section (office hours and on-call rules).
    option : str
        Option identifier.
    trials, seed : int, optional
        Override ``scenario.simulation``; the same seed and chunking as
        :func:`bizcase.simulate.simulation.run_simulation` give the same incidents (common random
        numbers).
    chunk_trials : int
        Trial-years per chunk (bounds memory).
    executor : Executor, optional
        Where the chunks run (:mod:`bizcase.simulate.execute`); default this process.  The
        statistics are bit-identical for every executor and number of workers.

    Returns
    -------
    OptionIncidentStats

    Notes
    -----
    Per incident of priority ``p`` (not prevented), with ``G`` the SLA clock (wall clock for
    ``sla_clock = "24x7"``, the open hours of ``coverage_for(p)`` otherwise): restoration
    ``G(end) − G(start)`` is compared with ``restoration_target_hours``; response
    ``G(G_w⁻¹(G_w(t₁) + response)) − G(t₁)`` with ``t₁ = start + detection`` and ``G_w`` the work
    window, with ``response_target_hours``.  Hands-on hours are ``response + diagnosis +
    2·travel + local fetch + repair`` (travel both ways).  A call-out is an incident whose work
    starts in on-call hours (the priority's coverage outside office hours), paid
    ``max(hands-on, minimum) × multiplier``.  Credits follow :func:`bizcase.delivery.sla.service_credits_per_year`
    with the option's ``[credits]`` terms.
    """
    stats = simulate_options(
        scenario, (option,), trials=trials, seed=seed, chunk_trials=chunk_trials, executor=executor
    )
    return next(iter(stats.values()))


def simulate_options(
    scenario: Scenario,
    options: tuple[str, ...],
    *,
    trials: int | None = None,
    seed: int | None = None,
    chunk_trials: int = CHUNK_TRIALS,
    executor: Executor | None = None,
) -> dict[str, OptionIncidentStats]:
    """:func:`simulate_option` for several options of one scenario, each chunk drawn once.

    The options share the chunks' incidents (common random numbers), so each option's
    statistics are exactly those :func:`simulate_option` gives it alone; drawing them once
    saves the draws of every option but the first.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario, shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> both = simulate_options(s, ("nbd_8x5", "support_24x7x4"), trials=40)
    >>> alone = simulate_option(s, "support_24x7x4", trials=40)
    >>> bool(both["support_24x7x4"].restoration_met[0] == alone.restoration_met[0])
    True
    """
    require_delivery(scenario)
    names = tuple(dict.fromkeys(option_name(scenario, o) for o in options))
    if not names:
        raise InputError("options = (): name at least one option to simulate")
    n_trials, run_seed = _check_run(
        scenario.simulation.trials if trials is None else trials,
        scenario.simulation.seed if seed is None else seed,
        chunk_trials,
    )
    built = _built(scenario, names)

    sizes = [chunk_trials] * (n_trials // chunk_trials)
    if n_trials % chunk_trials:
        sizes.append(n_trials % chunk_trials)
    children = np.random.SeedSequence(run_seed).spawn(len(sizes))
    # the executor returns the tallies in chunk order: _merge adds them in that order
    runner = executor_or_serial(executor)
    # In this process the chunks share the plans just built (compiling a design is most of a
    # plan's cost); a worker elsewhere rebuilds them from the scenario.
    job = _OptionJob(scenario, names, built if runner.in_process else None)
    tallies = runner.map(_option_chunk, job, list(zip(sizes, children, strict=True)))
    return {
        name: _merge(name, n_trials, run_seed, *built[k], [chunk[k] for chunk in tallies])
        for k, name in enumerate(names)
    }


def _built(
    scenario: Scenario, names: tuple[str, ...]
) -> tuple[tuple[OptionPlan, _ContractTerms], ...]:
    """Each option's plan and contract terms (pure functions of the scenario)."""
    out = []
    for name in names:
        opt = scenario.options[name]
        plan = OptionPlan.from_option(name, opt, scenario)
        out.append((plan, _ContractTerms.of(scenario, opt, plan)))
    return tuple(out)


@dataclass(frozen=True)
class _OptionJob:
    """What every chunk of :func:`simulate_options` shares (sent to a worker once per call)."""

    scenario: Scenario  # validated, with a [delivery] section
    options: tuple[str, ...]  # resolved option identifiers
    built: tuple[tuple[OptionPlan, _ContractTerms], ...] | None = None  # the caller's, here


def _option_chunk(job: _OptionJob, task: tuple[int, np.random.SeedSequence]) -> list[_ChunkTally]:
    """One chunk as a task: draw its incidents once, then restore and measure them under each
    option.

    A worker gets only the scenario and ``(size, child seed)``; the plans, streams and terms are
    pure functions of the scenario, so every worker rebuilds the same ones.
    """
    size, child = task
    keep_freed_memory()  # as run_simulation's chunks: a delivery chunk's temporaries are as big
    built = job.built if job.built is not None else _built(job.scenario, job.options)
    streams = IncidentStreams.from_scenario(job.scenario)
    sample = draw_incidents(streams, size, make_rng(child))
    return [
        _measure_restored(plan, terms, sample, restore(plan, sample), child)
        for plan, terms in built
    ]


def _measure_restored(
    plan: OptionPlan,
    terms: _ContractTerms,
    sample: IncidentSample,
    rest: Restoration,
    child: np.random.SeedSequence,
) -> _ChunkTally:
    """Measure one chunk's incidents, drawn from ``child``, restored under the option."""
    size = sample.n_trials
    n_p = len(PRIORITIES)
    tally = _ChunkTally(
        count=np.zeros(n_p),
        sla_count=np.zeros(n_p),
        met=np.zeros(n_p),
        response_met=np.zeros(n_p),
        breaches=np.zeros((size, n_p)),
        credits=np.zeros(size),
        totals=dict.fromkeys(_TOTALS, 0.0),
        credit_basis=None,
        slack=[],
        slack_priority=[],
        slack_in_office=[],
    )
    opt = terms.option
    rules = terms.delivery.on_call
    happened = ~rest.prevented
    stage = rest.stage_hours.astype(np.float64)
    if plan.local_stock:
        vendor = sample.needs_spare & (sample.stockout_u < plan.stockout_probability)
    else:
        vendor = sample.needs_spare
    fetch = stage[_STAGE["spare_part"]] * (sample.needs_spare & ~vendor)
    on_site = 2.0 * stage[_STAGE["travel"]] + fetch + stage[_STAGE["repair"]]
    visited = sample.needs_onsite if rest.visited is None else rest.visited
    design_callout: npt.NDArray[np.bool_] | None = None
    relayed: npt.NDArray[np.bool_] | None = None
    woken_at: npt.NDArray[np.bool_] | None = None
    partner_visit = np.zeros(sample.size, dtype=bool)
    if plan.design is not None and rest.responder is not None:
        # A designed option's call-outs are the incidents its on-call windows answered, and
        # those they sent a partner to (below, by the hour); the visits of its partner windows
        # are the partner's (priced per visit by the design).
        answered = rest.responder >= 0
        mode = plan.design.window_mode[np.maximum(rest.responder, 0)]
        design_callout = (mode == _ON_CALL) & answered
        relayed = (mode == _PARTNER) & answered
        # by hour of the week: the own window answering a relayed case is an on-call one
        own = plan.design.own_window
        woken_at = (own >= 0) & (plan.design.window_mode[np.maximum(own, 0)] == _ON_CALL)
        partner_visit = relayed & visited
        on_site = np.where(partner_visit, 0.0, on_site)
    elif opt.field_partner_cost_per_visit is not None:
        # A field partner does the visits: travel, the part and the repair on site are its work.
        on_site = np.where(sample.needs_onsite, 0.0, stage[_STAGE["repair"]])
    hands_on = (stage[_STAGE["response"]] + stage[_STAGE["diagnosis"]] + on_site) * happened
    t1 = sample.start_hours + stage[_STAGE["detection"]]
    clock_start = t1 if terms.from_registration else sample.start_hours
    counted = happened & ~_excluded(terms.excluded_share, child, sample.size)
    breach_credit = np.zeros(sample.size)
    callout = np.zeros(sample.size, dtype=bool)
    in_office = np.zeros(sample.size, dtype=bool)
    integrator = np.zeros(sample.size, dtype=bool)
    for p, rows in sample.priority_slices():
        work_window = plan.windows[plan.window_of_priority[p]]
        own_window = terms.integrator_windows[p]
        work_start = work_window.next_open(t1[rows])
        # hour of the week: work starts at or after the incident (times >= 0), so the whole
        # hours' remainder is floor(t mod 168)
        how = np.remainder(work_start.astype(np.int64), HOURS_PER_WEEK)
        callout[rows] = terms.on_call_mask[p][how] > 0
        if design_callout is not None and relayed is not None and woken_at is not None:
            # The integrator's own window in force answers a case its partner is sent to
            # (bizcase.simulate.graph): an on-call engineer is woken for it and works it
            # remotely (acknowledgement and diagnosis), a call-out though he stays home.
            design_callout[rows] |= relayed[rows] & woken_at[how]
        in_office[rows] = terms.office[how] > 0
        integrator[rows] = own_window.profile.values[how] > 0
        keep = happened[rows]
        sla = counted[rows]
        tally.count[p] += np.count_nonzero(keep)
        tally.sla_count[p] += np.count_nonzero(sla)
        clock = terms.clocks[p]
        if not math.isnan(terms.restore_target[p]):
            elapsed = sla_clock_hours(
                clock_start[rows], rest.end_hours[rows], clock, own_window, terms.maintenance
            )
            ok = (elapsed <= terms.restore_target[p] + 1e-9) & sla
            missed = ~ok & sla
            tally.met[p] += np.count_nonzero(ok)
            tally.breaches[:, p] += np.bincount(
                sample.trial[rows], weights=missed.astype(np.float64), minlength=size
            )
            breach_credit[rows] = missed * terms.per_breach[p]
            tally.slack.append((terms.restore_target[p] - elapsed)[sla])
            tally.slack_priority.append(np.full(int(np.count_nonzero(sla)), p, dtype=np.int64))
            tally.slack_in_office.append(in_office[rows][sla])
        if not math.isnan(terms.response_target[p]):
            responded = work_window.advance(t1[rows], stage[_STAGE["response"]][rows])
            r_elapsed = sla_clock_hours(clock_start[rows], responded, clock, own_window)
            tally.response_met[p] += np.count_nonzero(
                (r_elapsed <= terms.response_target[p] + 1e-9) & sla
            )
    # The client's own staff work the cases that start outside the integrator's hours: the
    # integrator's hands-on time, visits and call-outs are those of its own hours only.
    hands_on = hands_on * integrator
    if design_callout is not None:
        callout = design_callout & integrator
    callout &= happened
    if opt.credits is not None:
        weighted = (rest.end_hours - sample.start_hours) * terms.impact[sample.priority] * counted
        basis = credit_basis(
            sample.trial,
            sample.start_hours,
            breach_credit,
            weighted,
            size,
            terms.tiers_below,
            terms.tiers_share,
        )
        tally.credit_basis = basis
        tally.credits[:] = basis.per_year(opt.annual_fee / 12.0, terms.cap_share)
    multiplier = callout_multiplier(
        t1[callout],
        rules.overtime_multiplier,
        rules.night_multiplier,
        rules.weekend_multiplier,
        rules.night_start_hour,
        rules.night_end_hour,
    )
    totals = tally.totals
    totals["hands_on"] = float(hands_on.sum())
    totals["day"] = float(hands_on[in_office].sum())
    totals["callout_hours"] = float(hands_on[callout].sum())
    urgent = sample.priority < URGENT_PRIORITIES
    totals["urgent_day"] = float(hands_on[in_office & urgent].sum())
    totals["urgent_callout"] = float(hands_on[callout & urgent].sum())
    totals["callouts"] = float(np.count_nonzero(callout))
    totals["paid"] = float(
        callout_paid_hours(hands_on[callout], multiplier, rules.callout_min_paid_hours).sum()
    )
    totals["visits"] = float(np.count_nonzero(visited & happened & integrator))
    totals["partner_visits"] = float(np.count_nonzero(partner_visit & happened & integrator))
    totals["escalations"] = float(np.count_nonzero(sample.needs_second_line & happened))
    return tally


@dataclass(frozen=True)
class MeasuredChunk:
    """One chunk measured under one option by :class:`OptionMeasure`, and the plan it used."""

    plan: OptionPlan
    tally: _ChunkTally


@dataclass(frozen=True)
class OptionMeasure:
    """Measures the incidents of a simulation run for the delivery of some options.

    Passed as ``run_simulation(..., measure=...)``: each chunk's incidents, already drawn and
    restored under every option, are measured as :func:`simulate_option` measures them instead
    of being drawn and restored again; :meth:`stats` merges the chunks.  Built by
    :func:`bizcase.delivery.plan.delivery_measure` from the scenarios the options' delivery
    plans simulate (their planned local stock-out probability can differ from the run's: those
    options' incidents are restored again, from the same draws).
    """

    #: option → the scenario its delivery simulates (:func:`simulate_option`'s ``scenario``)
    scenarios: dict[str, Scenario]
    #: option → its contract terms in that scenario
    terms: dict[str, _ContractTerms] = field(repr=False)

    @classmethod
    def of(cls, scenarios: dict[str, Scenario]) -> OptionMeasure:
        """The measure of each ``option → scenario`` (each with a ``[delivery]`` section)."""
        terms = {}
        for name, planned in scenarios.items():
            require_delivery(planned)
            terms[name] = _ContractTerms.of(planned, planned.options[name])
        return cls(dict(scenarios), terms)

    def __call__(
        self,
        plan: OptionPlan,
        sample: IncidentSample,
        restoration: Restoration,
        child: np.random.SeedSequence,
    ) -> MeasuredChunk | None:
        """Measure one chunk under ``plan``'s option (None for an option not measured)."""
        terms = self.terms.get(plan.name)
        if terms is None:
            return None
        spares = terms.option.spares
        if plan.local_stock and spares.stockout_probability != plan.stockout_probability:
            # the delivery plan's own stock-out probability: the same draws, restored again
            plan = replace(plan, stockout_probability=spares.stockout_probability)
            restoration = restore(plan, sample)
        return MeasuredChunk(plan, _measure_restored(plan, terms, sample, restoration, child))

    def stats(
        self, option: str, measured: tuple[tuple[object, ...], ...], trials: int, seed: int
    ) -> OptionIncidentStats:
        """``option``'s statistics from a run's ``measured`` values (``trials``, ``seed``: the
        run's), equal to those :func:`simulate_option` gives at the same trials and seed."""
        chunks = [c for chunk in measured for c in chunk if isinstance(c, MeasuredChunk)]
        mine = [c for c in chunks if c.plan.name == option]
        if not mine:
            raise InputError(f"option {option!r}: the run measured no incidents of it")
        return _merge(
            option, trials, seed, mine[0].plan, self.terms[option], [c.tally for c in mine]
        )


#: Spawn-key suffix of the draws that exclude incidents from the SLA: a stream of its own, so
#: the incidents (common random numbers) are the same with or without exclusions.
_EXCLUSION_STREAM = 0x51A


def _excluded(share: float, child: np.random.SeedSequence, n: int) -> npt.NDArray[np.bool_]:
    """Which incidents the contract excludes from the SLA (client-caused, carrier, force majeure)."""
    if share <= 0.0:
        return np.zeros(n, dtype=bool)
    seq = np.random.SeedSequence(child.entropy, spawn_key=(*child.spawn_key, _EXCLUSION_STREAM))
    return make_rng(seq).random(n) < share


def _merge(
    name: str,
    n_trials: int,
    run_seed: int,
    plan: OptionPlan,
    terms: _ContractTerms,
    tallies: list[_ChunkTally],
) -> OptionIncidentStats:
    """Per-year means over all chunks, in chunk order."""
    n_p = len(PRIORITIES)
    count = np.zeros(n_p)
    sla_count = np.zeros(n_p)
    met = np.zeros(n_p)
    response_met = np.zeros(n_p)
    totals = dict.fromkeys(_TOTALS, 0.0)
    for tally in tallies:
        count += tally.count
        sla_count += tally.sla_count
        met += tally.met
        response_met += tally.response_met
        for key in _TOTALS:
            totals[key] += tally.totals[key]
    slack = [part for tally in tallies for part in tally.slack]
    slack_p = [part for tally in tallies for part in tally.slack_priority]
    slack_office = [part for tally in tallies for part in tally.slack_in_office]
    jobs = float(count.sum())
    bases = [t.credit_basis for t in tallies if t.credit_basis is not None]
    with np.errstate(invalid="ignore", divide="ignore"):
        restoration_met = np.where(
            np.isnan(terms.restore_target), np.nan, met / np.maximum(sla_count, 1)
        )
        response_share = np.where(
            np.isnan(terms.response_target), np.nan, response_met / np.maximum(sla_count, 1)
        )
    return OptionIncidentStats(
        option=name,
        trials=n_trials,
        seed=run_seed,
        stockout_probability=plan.stockout_probability if plan.local_stock else 1.0,
        incidents_per_year=count / n_trials,
        restoration_target_hours=terms.restore_target,
        response_target_hours=terms.response_target,
        restoration_met=restoration_met,
        response_met=response_share,
        breaches_per_trial=np.concatenate([t.breaches for t in tallies]),
        credits_per_trial=np.concatenate([t.credits for t in tallies]),
        hands_on_hours_per_year=totals["hands_on"] / n_trials,
        day_hands_on_hours_per_year=totals["day"] / n_trials,
        callout_hands_on_hours_per_year=totals["callout_hours"] / n_trials,
        urgent_day_hands_on_hours_per_year=totals["urgent_day"] / n_trials,
        urgent_callout_hands_on_hours_per_year=totals["urgent_callout"] / n_trials,
        callouts_per_year=totals["callouts"] / n_trials,
        callout_paid_hours_per_year=totals["paid"] / n_trials,
        visits_per_year=totals["visits"] / n_trials,
        escalations_per_year=totals["escalations"] / n_trials,
        mean_job_hours=totals["hands_on"] / jobs if jobs else 0.0,
        slack_hours=np.concatenate(slack) if slack else np.zeros(0),
        slack_priority=np.concatenate(slack_p) if slack_p else np.zeros(0, np.int64),
        slack_in_office=np.concatenate(slack_office) if slack_office else np.zeros(0, bool),
        partner_visits_per_year=totals["partner_visits"] / n_trials,
        design=plan.design,
        credit_basis=bases[0] if len(bases) == 1 else CreditBasis.concat(bases) if bases else None,
        credit_cap_share=terms.cap_share if terms.option.credits is not None else 1.0,
    )
