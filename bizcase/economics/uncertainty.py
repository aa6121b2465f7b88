"""Uncertainty and sensitivity of the business case: joint Monte Carlo, tornado, Sobol.

Ranged inputs (see :mod:`bizcase.model.ranges`) fall in two groups:

* **process** inputs change the simulated incidents or the delivery plan (incident rates and
  shares, stage durations, coverage, spares, the loss profile, the penalty threshold, anything
  under ``delivery``), and impact shares: overlapping outages are capped at a full outage and
  the client's penalty rule reads the share, so a loss is not linear in it.  They are sampled on ``design_points`` Latin-hypercube points; each point
  is simulated once, with its own child seed, for its share of the trials;
* **ledger** inputs only price what was simulated (client loss figures, recovery costs, fees, wages of transferred staff, discount and inflation rates, ...).  They vary trial by
  trial (Latin hypercube over all trials) at no simulation cost, because losses are linear in them.

The tornado moves one input at a time to its P10 and P90, the others at base, with the same
random numbers; inputs of the ledger group reuse the cached simulation.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import qmc

from bizcase.delivery.sla import CreditBasis
from bizcase.economics.business import (
    CaseResult,
    DeliveryCost,
    LedgerInputs,
    ProcessRun,
    StaircaseCredits,
    StaircaseRequest,
    build_staircases,
    check_case_budget,
    evaluate,
    offered_options,
    process_run,
    run_staircases,
    staircase_requests,
)
from bizcase.model import Scenario
from bizcase.model.errors import InputError
from bizcase.model.ranges import Range
from bizcase.simulate.engine import LossComponents
from bizcase.simulate.execute import Executor, executor_or_serial

FloatArray = NDArray[np.float64]

# Client and incident figures that enter the losses linearly (LossModel.annual_from_components).
_LINEAR_CLIENT = {
    "client.revenue_at_risk_per_hour",
    "client.margin_share",
    "client.share_recovered_later",
    "client.catch_up_cost_per_hour",
    "client.employees_affected",
    "client.loaded_cost_per_employee_hour",
    "client.productivity_lost_share",
    "client.penalty_per_hour",
    "client.loss_growth_per_year",
}
# Not impact_share: the capped overlaps and the penalty rule make the loss non-linear in it.
_LINEAR_INCIDENT_FIELDS = {"recovery_cost", "reputational_cost"}
# Client fields that never change the simulated incidents (kept out of the process key).
_CLIENT_LEDGER_ONLY = {"ledger_losses", "history"}
_LEDGER_OPTION_FIELDS = {"annual_fee", "client_staff_kept_share", "label", "description"}


def input_group(path: str) -> str:
    """``"ledger"`` for inputs that only price simulated incidents, else ``"process"``.

    Examples
    --------
    >>> input_group("client.revenue_at_risk_per_hour"), input_group("incidents.major.annual_rate")
    ('ledger', 'process')
    >>> input_group("incidents.major.impact_share"), input_group("incidents.major.recovery_cost")
    ('process', 'ledger')
    >>> input_group("options.outsourcing.annual_fee")
    'ledger'
    """
    parts = path.split(".")
    if path in _LINEAR_CLIENT or path.startswith("business_case."):
        return "ledger"
    if parts[0] == "incidents" and len(parts) == 3 and parts[2] in _LINEAR_INCIDENT_FIELDS:
        return "ledger"
    if parts[0] == "options" and len(parts) >= 3:
        if parts[2] in _LEDGER_OPTION_FIELDS or parts[2] == "outsourcing":
            return "ledger"
    return "process"


def _proper(ranges: dict[str, Range]) -> dict[str, Range]:
    # A zero-width range is a constant: it must not change the sampling (and so the results).
    return {p: r for p, r in ranges.items() if r.high > r.low}


def _lhs(dims: int, n: int, seed: np.random.SeedSequence) -> FloatArray:
    if dims == 0:
        return np.empty((n, 0))
    sampler = qmc.LatinHypercube(d=dims, seed=np.random.default_rng(seed))
    return np.asarray(sampler.random(n), dtype=np.float64)


def _canonical(scenario: Scenario) -> str:
    """Hash of what a process run reads: the incident process, the delivery plan, and of the
    business case only the horizon (trial-years per trial) and what the portfolio's staircase
    reads (the option it sells, the contracts it reaches)."""
    data = scenario.model_dump(mode="json")
    for text in ("name", "description"):  # read by no simulation
        data.pop(text, None)
    data["client"].pop("name", None)
    bc = data.pop("business_case", None) or {}
    staged = bc.get("staged") or {}
    data["business_case"] = {
        "horizon_years": bc.get("horizon_years"),
        "staged_support": staged.get("support"),
        "portfolio": bc.get("portfolio"),
    }
    for option in data["options"].values():
        for key in _LEDGER_OPTION_FIELDS | {"outsourcing"}:
            option.pop(key, None)
    client = data["client"]
    for path in _LINEAR_CLIENT:
        client.pop(path.split(".")[1], None)
    for key in _CLIENT_LEDGER_ONLY:
        client.pop(key, None)
    for inc in data["incidents"].values():
        for key in _LINEAR_INCIDENT_FIELDS:
            inc.pop(key, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def run_nbytes(run: ProcessRun) -> int:
    """Bytes held by a process run's arrays (loss components, credits and their bases)."""
    seen: set[int] = set()

    def size(array: object) -> int:
        if isinstance(array, np.ndarray) and id(array) not in seen:
            seen.add(id(array))
            return int(array.nbytes)
        return 0

    total = sum(size(getattr(run.components, f.name)) for f in fields(run.components))
    for costs in [run.delivery, *(run.views or {}).values()]:
        for cost in costs.values():
            if cost is None:
                continue
            total += size(cost.credits_per_year)
            total += sum(size(v) for v in cost.lines.values())
            if cost.credit_basis is not None:
                total += size(cost.credit_basis.breach) + size(cost.credit_basis.tier_share)
    if run.staircase_credits is not None:
        basis = run.staircase_credits.basis
        total += size(basis.breach) + size(basis.tier_share)
    return total


@dataclass
class ProcessCache:
    """Simulated process runs by (process inputs, trials, seed): a bounded LRU cache.

    At most ``max_entries`` runs and, when ``max_bytes`` is set, about that many bytes of arrays
    (:func:`run_nbytes`; the least recently used run goes first, the newest always stays).
    ``hits`` and ``misses`` count how often an evaluation reused a run, ``simulations`` how
    many runs were simulated.
    """

    max_entries: int = 64
    max_bytes: int | None = None
    runs: dict[tuple[object, ...], ProcessRun] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    simulations: int = 0
    sizes: dict[tuple[object, ...], int] = field(default_factory=dict, repr=False)
    #: Sampled input values (small: trials × ranged inputs), by their own keys.
    samples: dict[tuple[object, ...], dict[str, FloatArray]] = field(
        default_factory=dict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def nbytes(self) -> int:
        """Bytes held by the cached runs."""
        return sum(self.sizes.values())

    def cache_clear(self) -> None:
        """Forget every run and reset the counters."""
        with self._lock:
            self.runs.clear()
            self.sizes.clear()
            self.samples.clear()
            self.hits = self.misses = self.simulations = 0

    def sample(
        self, key: tuple[object, ...], draw: Callable[[], dict[str, FloatArray]]
    ) -> dict[str, FloatArray]:
        """``draw()``, the sampled values of ranged inputs, drawn once per ``key``."""
        with self._lock:
            found = self.samples.get(key)
        if found is None:
            found = draw()
            for values in found.values():
                values.setflags(write=False)
            with self._lock:
                while len(self.samples) >= 4 * self.max_entries:
                    self.samples.pop(next(iter(self.samples)))
                self.samples[key] = found
        return found

    def lookup(self, key: tuple[object, ...]) -> ProcessRun | None:
        """The run stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self.runs.pop(key, None)
            if found is None:
                self.misses += 1
                return None
            self.runs[key] = found  # most recently used last
            self.hits += 1
            return found

    def store(self, key: tuple[object, ...], run: ProcessRun) -> None:
        """Keep ``run`` under ``key``, dropping least recently used runs over the bounds."""
        nbytes = run_nbytes(run)
        with self._lock:
            self.runs.pop(key, None)
            self.sizes.pop(key, None)
            while self.runs and (
                len(self.runs) >= self.max_entries
                or (self.max_bytes is not None and self.nbytes + nbytes > self.max_bytes)
            ):
                oldest = next(iter(self.runs))
                self.runs.pop(oldest)
                self.sizes.pop(oldest, None)
            self.runs[key] = run
            self.sizes[key] = nbytes

    def get(
        self,
        scenario: Scenario,
        trials: int,
        seed: int,
        options: tuple[str, ...] | None = None,
        with_staircase: bool = True,
    ) -> ProcessRun:
        """The run of ``scenario``'s process inputs, simulated once.

        Safe to share between threads: two threads asking for the same new run may both
        simulate it (the runs are equal), but the cache itself stays consistent.
        """
        key = (_canonical(scenario), trials, seed, options, with_staircase)
        found = self.lookup(key)
        if found is not None:
            return found
        run = process_run(scenario, trials, seed, options, with_staircase)
        with self._lock:
            self.simulations += 1
        self.store(key, run)
        return run


def _concat_runs(runs: list[ProcessRun], sizes: list[int], years: int) -> ProcessRun:
    """Join design points' runs trial by trial: each point's incidents and delivery costs apply
    to its own block of trials."""
    parts = [r.components for r in runs]
    components = LossComponents(
        *(
            np.concatenate([getattr(c, f) for c in parts], axis=0)
            for f in ("weighted_hours", "outage_hours", "penalty_hours", "incidents")
        )
    )

    bases: dict[tuple[int, ...], CreditBasis | None] = {}

    def stacked(per_run: list[dict[str, DeliveryCost | None]]) -> dict[str, DeliveryCost | None]:
        out: dict[str, DeliveryCost | None] = {}
        for name, first in per_run[0].items():
            costs = [d[name] for d in per_run]
            out[name] = (
                None if first is None else DeliveryCost.stack(costs, sizes, years, bases)  # type: ignore[arg-type]
            )
        return out

    views = None
    if all(r.views is not None for r in runs):
        views = {
            view: stacked([r.views[view] for r in runs])  # type: ignore[index]
            for view in runs[0].views or {}
        }
    # as in a single run, the default (one-contract) costs are the "single" view's
    delivery = (
        views["single"] if views and "single" in views else stacked([r.delivery for r in runs])
    )
    return ProcessRun(
        components=components,
        delivery=delivery,
        staircase=runs[0].staircase,
        views=views,
        portfolio_staircases=runs[0].portfolio_staircases,
        staircase_credits=runs[0].staircase_credits,
    )


@dataclass(frozen=True)
class _DesignPoint:
    """One Latin-hypercube point of the process inputs: its values, trials and child seed."""

    values: dict[str, float]
    trials: int
    seed: int
    with_staircase: bool


@dataclass(frozen=True)
class _PointJob:
    """What every design point shares: the scenario, and the caller's cache in this process."""

    scenario: Scenario
    cache: ProcessCache | None = None


@dataclass(frozen=True)
class _StaircaseTask:
    """The staircases of the scenario at its own values (:func:`~bizcase.economics.business.
    staircase_requests`): one simulation of the options they need, a task beside the points'."""

    requests: tuple[StaircaseRequest, ...]


_Task = _DesignPoint | _StaircaseTask
_Built = tuple[pd.DataFrame | None, StaircaseCredits | None]


def _design_point_run(job: _PointJob, point: _Task) -> ProcessRun | dict[StaircaseRequest, _Built]:
    if isinstance(point, _StaircaseTask):
        return build_staircases(job.scenario, point.requests)
    moved = job.scenario.with_values(point.values)
    cache = job.cache or ProcessCache()
    return cache.get(moved, point.trials, point.seed, with_staircase=point.with_staircase)


@dataclass(frozen=True)
class ProcessSample:
    """The simulation part of a joint Monte Carlo: what the ledgers price.

    ``run`` holds the incidents' loss components and the delivery costs of every trial (design
    point by design point); ``sampled`` the per-trial values of the ranged process inputs.
    Depends only on the process inputs, their ranges, the trials and the seed
    (:func:`process_key`), never on fees, client loss figures or finance inputs.
    """

    run: ProcessRun
    sampled: dict[str, FloatArray]
    #: The design point of each trial (None: no ranged process input, every trial stands alone).
    clusters: NDArray[np.int64] | None = None


def _process_ranges(scenario: Scenario) -> dict[str, Range]:
    return {p: r for p, r in _proper(scenario.ranges).items() if input_group(p) == "process"}


def process_key(scenario: Scenario, trials: int, seed: int) -> tuple[object, ...]:
    """The cache key of :func:`process_sample`: the hash of the process inputs
    (everything the incidents, their restoration and the delivery plan read), the ranged
    process inputs, the design points, the trials and the seed.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> fee = s.with_values({"options.support_24x7x4.annual_fee": 1.0})
    >>> rate = s.with_values({"incidents.major.annual_rate": 9.0})
    >>> process_key(fee, 100, 1) == process_key(s, 100, 1) != process_key(rate, 100, 1)
    True
    """
    process = _process_ranges(scenario)
    ranged = tuple((p, r.model_dump_json()) for p, r in process.items())
    points = min(scenario.business_case.design_points, trials) if process else 1
    return ("joint", _canonical(scenario), ranged, points, trials, seed)


def process_sample(
    scenario: Scenario,
    trials: int,
    seed: int,
    cache: ProcessCache | None = None,
    executor: Executor | None = None,
) -> ProcessSample:
    """Simulate (or fetch from ``cache``) the process part of the joint Monte Carlo.

    Notes
    -----
    ``M = design_points`` Latin-hypercube points of the ranged process inputs (``M = 1`` when
    none is ranged), point ``m`` simulated with child seed ``m`` of ``seed`` for ``trials/M``
    trials; see :func:`uncertain_case`.
    """
    cache = cache or ProcessCache()
    key = process_key(scenario, trials, seed)
    process = _process_ranges(scenario)
    root = np.random.SeedSequence(seed)
    lhs_process_seed, _ = root.spawn(2)
    if not process:
        return ProcessSample(cache.get(scenario, trials, seed), {})
    m = min(scenario.business_case.design_points, trials)
    u = _lhs(len(process), m, lhs_process_seed)
    sizes = [trials // m + (1 if i < trials % m else 0) for i in range(m)]
    # Each range's quantile function once, at every point (a point's scenario then holds
    # exactly its trials' sampled values).
    at_points = cache.sample(
        ("points", *key), lambda: {p: r.ppf(u[:, j]) for j, (p, r) in enumerate(process.items())}
    )
    sampled = cache.sample(key, lambda: {p: np.repeat(v, sizes) for p, v in at_points.items()})
    clusters = np.repeat(np.arange(m, dtype=np.int64), sizes)
    found = cache.lookup(key)
    if found is not None:
        return ProcessSample(found, sampled, clusters)
    child_seeds = [int(c.generate_state(1)[0]) for c in root.spawn(m + 2)[2:]]
    values = [{p: float(v[i]) for p, v in at_points.items()} for i in range(m)]
    # The portfolio's staircases are expected-value tables: built at the scenario's own values
    # (the ranges' base values), as a scenario without ranges builds them — not at one design
    # point's draw, which priced the retail chain's cost to serve 9 % low (its first point drew
    # the engineer's wage at the 1st percentile).  They are one task (they simulate the same
    # trial-years, the scenario's seed, drawn once), first in the list so that a worker starts
    # on the longest task; the points build none.
    requests = staircase_requests(scenario)
    tasks: list[_Task] = [_StaircaseTask(requests)] if requests else []
    tasks += [
        _DesignPoint(values=values[i], trials=sizes[i], seed=child_seeds[i], with_staircase=False)
        for i in range(m)
    ]
    runner = executor_or_serial(executor)
    # The points' own runs are not kept: the joined run is (a tornado or a solve asks for it
    # again with other ledger inputs, never for one point alone).
    shared = _PointJob(scenario, None)
    done = runner.map(_design_point_run, shared, tasks)
    built = next((r for r in done if isinstance(r, dict)), {})
    runs = [r for r in done if isinstance(r, ProcessRun)]
    staircase, staircases, credits = run_staircases(scenario, built)
    run = replace(
        _concat_runs(runs, sizes, scenario.business_case.horizon_years),
        staircase=staircase,
        portfolio_staircases=staircases,
        staircase_credits=credits,
    )
    with cache._lock:
        cache.simulations += 1
    cache.store(key, run)
    return ProcessSample(run, sampled, clusters)


def ledger_sample(
    scenario: Scenario, trials: int, seed: int, cache: ProcessCache | None = None
) -> dict[str, FloatArray]:
    """Per-trial values of the ranged ledger inputs: a Latin hypercube over all trials (the
    finance part of the joint Monte Carlo; no simulation).  Drawn once per ranges, trials and
    seed in ``cache``: they do not depend on the inputs' point values."""
    ledger = {p: r for p, r in _proper(scenario.ranges).items() if input_group(p) == "ledger"}

    def draw() -> dict[str, FloatArray]:
        _, lhs_ledger_seed = np.random.SeedSequence(seed).spawn(2)
        u_ledger = _lhs(len(ledger), trials, lhs_ledger_seed)
        return {p: r.ppf(u_ledger[:, j]) for j, (p, r) in enumerate(ledger.items())}

    if cache is None:
        return draw()
    key = ("ledger", tuple((p, r.model_dump_json()) for p, r in ledger.items()), trials, seed)
    return cache.sample(key, draw)


def uncertain_case(
    scenario: Scenario,
    trials: int | None = None,
    seed: int | None = None,
    cache: ProcessCache | None = None,
    executor: Executor | None = None,
) -> CaseResult:
    """The business case with every ranged input sampled: a joint Monte Carlo.

    Two parts: the simulation (:func:`process_sample`, cached in ``cache`` by the inputs it
    reads) and the finance (:func:`ledger_sample` and
    :func:`bizcase.economics.business.evaluate`, vectorised over trials), so a change of a fee,
    a client loss figure or a finance input prices the cached simulation again.
    ``executor`` runs the design points (:mod:`bizcase.simulate.execute`; default this
    process).  The result is bit-identical for every executor and number of workers, and
    whether or not the simulation came from the cache.

    Notes
    -----
    Process inputs: ``M = design_points`` Latin-hypercube points (``M = 1`` when no process
    input is ranged), point ``m`` simulated with child seed ``m`` of the scenario's seed for
    ``trials/M`` trials.  Ledger inputs: a Latin hypercube over all trials.  A range's sampled
    value is its quantile function at the hypercube's uniform coordinate.  Common random
    numbers: all options of a trial share its incidents.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> case = uncertain_case(s, trials=80)
    >>> case.trials
    80
    """
    n = trials or scenario.business_case.trials
    run_seed = scenario.simulation.seed if seed is None else seed
    if n < 2:
        raise InputError(f"trials = {n}: the uncertain case needs at least 2 trials")
    check_case_budget(scenario, n)
    cache = cache or ProcessCache()
    part = process_sample(scenario, n, run_seed, cache, executor)
    ledger_values = ledger_sample(scenario, n, run_seed, cache)
    sampled = {**part.sampled, **ledger_values}
    # a ranged impact share is a process input (each design point simulated with its value),
    # and the ledger prices each trial's outage hours at its point's share
    impacts = {p: v for p, v in part.sampled.items() if p.endswith(".impact_share")}
    case = evaluate(
        scenario,
        part.run,
        n,
        run_seed,
        LedgerInputs({**impacts, **ledger_values}),
        pd.DataFrame(sampled) if sampled else None,
    )
    if part.clusters is not None:
        # Trials of one design point share its process inputs: a standard error over trials
        # must treat each point as one cluster (see solve.ratio_standard_error).
        case = replace(case, trial_cluster=part.clusters)
    return case


# ---------------------------------------------------------------------------------------------
# Tornado


@dataclass(frozen=True)
class TornadoResult:
    """One bar per ranged input: the output at the input's P10 and P90, others at base."""

    output: str
    option: str
    side: str
    base: float
    bars: pd.DataFrame  # input, group, low_value, high_value, output_low, output_high, swing
    evaluations: int
    simulations: int
    reused: int
    seconds: float


def _expected_npv(case: CaseResult, option: str, side: str) -> float:
    decision = case.decisions[option]
    values = decision.client_npv if side == "client" else decision.integrator_npv
    if values is None:
        raise InputError(f"option {option!r} has no {side} ledger")
    return float(np.mean(values))


def _expected_for(
    scenario: Scenario, cache: ProcessCache, trials: int, seed: int, option: str, side: str
) -> float:
    """Expected NPV of one option's ledger, costing the delivery of that option only."""
    only = (option,)
    run = cache.get(scenario, trials, seed, only)
    case = evaluate(scenario, run, trials, seed, options=only, extras=False)
    return _expected_npv(case, option, side)


@dataclass(frozen=True)
class _EvaluationJob:
    """What the evaluations of one study share: the base scenario and the output evaluated."""

    scenario: Scenario
    trials: int
    seed: int
    option: str
    side: str
    cache: ProcessCache | None = None  # the caller's, only where tasks run in its process


#: An evaluation: the inputs moved from the base scenario (None: the base scenario itself).
_Moves = dict[str, float] | None


def _evaluate_group(job: _EvaluationJob, group: list[_Moves]) -> tuple[list[float], int, int]:
    """Expected NPVs of evaluations that share their process inputs: one simulation, reused.

    Returns the outputs, and how many simulations ran and were reused.
    """
    cache = job.cache or ProcessCache()
    misses, hits = cache.misses, cache.hits
    outputs = [
        _expected_for(
            job.scenario if moves is None else job.scenario.with_values(moves),
            cache,
            job.trials,
            job.seed,
            job.option,
            job.side,
        )
        for moves in group
    ]
    return outputs, cache.misses - misses, cache.hits - hits


def _expected_many(
    job: _EvaluationJob,
    evaluations: list[_Moves],
    executor: Executor | None,
    on_done: Callable[[list[int]], None] | None = None,
) -> tuple[list[float], int, int]:
    """Every evaluation's expected NPV, as independent tasks on ``executor``.

    Evaluations with the same process inputs form one task, so the simulation they share runs
    once; ``on_done(indices)`` reports the evaluations of each finished task.  Returns the
    outputs in evaluation order, and the simulations run and reused.
    """
    groups: dict[tuple[tuple[str, float], ...], list[int]] = {}
    for i, moves in enumerate(evaluations):
        key = tuple(sorted((p, v) for p, v in (moves or {}).items() if input_group(p) == "process"))
        groups.setdefault(key, []).append(i)
    members = list(groups.values())
    runner = executor_or_serial(executor)
    if runner.in_process:
        job = _EvaluationJob(job.scenario, job.trials, job.seed, job.option, job.side, job.cache)
    else:
        job = _EvaluationJob(job.scenario, job.trials, job.seed, job.option, job.side)
    results = runner.map(
        _evaluate_group,
        job,
        [[evaluations[i] for i in indices] for indices in members],
        on_done=None if on_done is None else lambda g: on_done(members[g]),
    )
    outputs = [0.0] * len(evaluations)
    for indices, (values, _, _) in zip(members, results, strict=True):
        for i, value in zip(indices, values, strict=True):
            outputs[i] = value
    return outputs, sum(r[1] for r in results), sum(r[2] for r in results)


def tornado(
    scenario: Scenario,
    option: str | None = None,
    side: str = "integrator",
    trials: int | None = None,
    seed: int | None = None,
    cache: ProcessCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> TornadoResult:
    """Tornado of the expected NPV of ``option`` on one ledger.

    Each ranged input is set to its 10th and 90th percentile with every other input at its base
    value; every evaluation uses the same seed (same incidents), so an input that does not touch
    the ledger gives a bar of exactly zero.  Inputs that only price the simulated incidents reuse
    the cached simulation.  The evaluations are independent tasks on ``executor`` (default this
    process; ``cache`` serves only evaluations that run in it); ``progress(done_inputs,
    inputs)`` follows them.  The bars are bit-identical for every executor.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> t = tornado(s, option="support_24x7x4", side="client", trials=40)
    >>> bars = t.bars.set_index("input")
    >>> row = bars.loc["client.revenue_at_risk_per_hour"]
    >>> wages = bars.loc["delivery.wages.first_line_engineer"]  # never touches the client
    >>> bool(row.output_high > row.output_low), float(wages.swing)
    (True, 0.0)
    """
    began = time.perf_counter()
    if side not in ("client", "integrator"):
        raise InputError(f"side = {side!r}: must be 'client' or 'integrator'")
    name = option or offered_options(scenario)[-1]
    if name not in scenario.options or name == scenario.baseline:
        raise InputError(
            f"option = {name!r}: must be one of {', '.join(offered_options(scenario))}"
        )
    n = trials or max(50, scenario.business_case.trials // 4)
    check_case_budget(scenario, n)
    run_seed = scenario.simulation.seed if seed is None else seed
    ranges = _proper(scenario.ranges)
    points = {path: tuple(float(v) for v in rng.ppf([0.1, 0.9])) for path, rng in ranges.items()}
    # evaluation 0 is the base; input k's P10 and P90 are evaluations 2k + 1 and 2k + 2
    evaluations: list[_Moves] = [None]
    for path, (low_value, high_value) in points.items():
        evaluations += [{path: low_value}, {path: high_value}]
    finished: set[int] = set()

    def evaluations_done(indices: list[int]) -> None:
        finished.update(indices)
        if progress is not None:
            done = sum(1 for k in range(len(points)) if {2 * k + 1, 2 * k + 2} <= finished)
            progress(done, len(points))

    job = _EvaluationJob(scenario, n, run_seed, name, side, cache or ProcessCache())
    outputs, simulations, reused = _expected_many(job, evaluations, executor, evaluations_done)
    base = outputs[0]
    rows = []
    for k, (path, (low_value, high_value)) in enumerate(points.items()):
        output_low, output_high = outputs[2 * k + 1], outputs[2 * k + 2]
        rows.append(
            {
                "input": path,
                "group": input_group(path),
                "low_value": low_value,
                "high_value": high_value,
                "output_low": output_low,
                "output_high": output_high,
                "swing": abs(output_high - output_low),
            }
        )
    bars = pd.DataFrame(
        rows,
        columns=[
            "input",
            "group",
            "low_value",
            "high_value",
            "output_low",
            "output_high",
            "swing",
        ],
    )
    bars = bars.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return TornadoResult(
        output=f"expected {side} NPV",
        option=name,
        side=side,
        base=base,
        bars=bars,
        evaluations=len(evaluations),
        simulations=simulations,
        reused=reused,
        seconds=time.perf_counter() - began,
    )


def spider(
    scenario: Scenario,
    option: str | None = None,
    side: str = "integrator",
    quantiles: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9),
    trials: int | None = None,
    cache: ProcessCache | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """Spider-plot data: the expected NPV as each ranged input moves through its quantiles.

    Returns a long DataFrame with ``input``, ``quantile``, ``value`` and ``npv``; the
    evaluations run on ``executor`` (default this process).
    """
    name = option or offered_options(scenario)[-1]
    n = trials or max(50, scenario.business_case.trials // 4)
    seed = scenario.simulation.seed
    points = [
        (path, q, float(rng.ppf(q)))
        for path, rng in _proper(scenario.ranges).items()
        for q in quantiles
    ]
    job = _EvaluationJob(scenario, n, seed, name, side, cache or ProcessCache())
    moves: list[_Moves] = [{path: value} for path, _, value in points]
    outputs, _, _ = _expected_many(job, moves, executor)
    rows = [
        {"input": path, "quantile": q, "value": value, "npv": npv_value}
        for (path, q, value), npv_value in zip(points, outputs, strict=True)
    ]
    return pd.DataFrame(rows, columns=["input", "quantile", "value", "npv"])


def sobol_indices(
    scenario: Scenario,
    option: str | None = None,
    side: str = "integrator",
    base_samples: int = 64,
    trials: int = 100,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """First-order and total Sobol indices of the expected NPV (needs the SALib package).

    An explicit, slow call: ``base_samples × (2·d + 2)`` evaluations for ``d`` ranged inputs,
    independent tasks on ``executor`` (default this process); ``progress(done, total)``
    follows them.
    """
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError:  # pragma: no cover - optional dependency
        raise InputError("Sobol indices need SALib: pip install 'bizcase[sensitivity]'") from None
    ranges = _proper(scenario.ranges)
    if not ranges:
        raise InputError("the scenario has no ranged inputs: nothing to analyse")
    name = option or offered_options(scenario)[-1]
    problem = {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [[0.001, 0.999]] * len(ranges),
    }
    u = sobol_sample.sample(problem, base_samples, seed=scenario.simulation.seed)
    seed = scenario.simulation.seed
    evaluations: list[_Moves] = [
        {p: float(r.ppf(q)) for (p, r), q in zip(ranges.items(), row, strict=True)} for row in u
    ]
    done = 0

    def evaluations_done(indices: list[int]) -> None:
        nonlocal done
        done += len(indices)
        if progress is not None:
            progress(done, len(u))

    job = _EvaluationJob(scenario, trials, seed, name, side, ProcessCache())
    values, _, _ = _expected_many(job, evaluations, executor, evaluations_done)
    outputs = np.asarray(values, dtype=np.float64)
    analysis = sobol_analyze.analyze(problem, outputs, seed=seed)
    return pd.DataFrame(
        {"input": list(ranges), "S1": analysis["S1"], "ST": analysis["ST"]}
    ).sort_values("ST", ascending=False, ignore_index=True)
