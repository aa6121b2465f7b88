"""Uncertainty and sensitivity of the business case: joint Monte Carlo, tornado, Sobol.

Ranged inputs (see :mod:`bizcase.model.ranges`) fall in two groups:

* **process** inputs change the simulated incidents or the delivery plan (incident rates and
  shares, stage durations, coverage, spares, the loss profile, the penalty threshold, anything
  under ``delivery``).  They are sampled on ``design_points`` Latin-hypercube points; each point
  is simulated once, with its own child seed, for its share of the trials;
* **ledger** inputs only price what was simulated (client loss figures, impact shares, recovery
  costs, fees, wages of transferred staff, discount and inflation rates, ...).  They vary trial by
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
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import qmc

from bizcase.economics.business import (
    CaseResult,
    DeliveryCost,
    LedgerInputs,
    ProcessRun,
    check_case_budget,
    evaluate,
    offered_options,
    process_run,
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
_LINEAR_INCIDENT_FIELDS = {"impact_share", "recovery_cost", "reputational_cost"}
# Client fields that never change the simulated incidents (kept out of the process key).
_CLIENT_LEDGER_ONLY = {"ledger_losses", "history"}
_LEDGER_OPTION_FIELDS = {"annual_fee", "client_staff_kept_share", "label", "description"}


def input_group(path: str) -> str:
    """``"ledger"`` for inputs that only price simulated incidents, else ``"process"``.

    Examples
    --------
    >>> input_group("client.revenue_at_risk_per_hour"), input_group("incidents.major.annual_rate")
    ('ledger', 'process')
    >>> input_group("options.outsourcing.annual_fee")
    'ledger'
    """
    parts = path.split(".")
    if path in _LINEAR_CLIENT or path.startswith("business_case."):
        return "ledger"
    if parts[0] == "incidents" and len(parts) == 3 and parts[2] in _LINEAR_INCIDENT_FIELDS:
        return "ledger"
    if parts[0].startswith("inventory[") and parts[1:] == ["impact_share"]:
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
    data = scenario.model_dump(mode="json")
    data.pop("business_case", None)
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
    for device in data.get("inventory", []):
        device.pop("impact_share", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class ProcessCache:
    """Simulated process runs by (process inputs, trials, seed): a bounded per-call cache.

    ``hits`` and ``misses`` count how often an evaluation reused a run.
    """

    max_entries: int = 64
    runs: dict[tuple[object, ...], ProcessRun] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

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
        with self._lock:
            found = self.runs.get(key)
            if found is not None:
                self.hits += 1
                return found
            self.misses += 1
        run = process_run(scenario, trials, seed, options, with_staircase)
        with self._lock:
            while len(self.runs) >= self.max_entries:
                self.runs.pop(next(iter(self.runs)))
            self.runs[key] = run
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

    def stacked(per_run: list[dict[str, DeliveryCost | None]]) -> dict[str, DeliveryCost | None]:
        out: dict[str, DeliveryCost | None] = {}
        for name, first in per_run[0].items():
            costs = [d[name] for d in per_run]
            out[name] = (
                None if first is None else DeliveryCost.stack(costs, sizes, years)  # type: ignore[arg-type]
            )
        return out

    delivery = stacked([r.delivery for r in runs])
    views = None
    if all(r.views is not None for r in runs):
        views = {
            view: stacked([r.views[view] for r in runs])  # type: ignore[index]
            for view in runs[0].views or {}
        }
    return ProcessRun(
        components=components,
        delivery=delivery,
        staircase=runs[0].staircase,
        views=views,
        portfolio_staircases=runs[0].portfolio_staircases,
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


def _design_point_run(job: _PointJob, point: _DesignPoint) -> ProcessRun:
    cache = job.cache or ProcessCache()
    moved = job.scenario.with_values(point.values)
    return cache.get(moved, point.trials, point.seed, with_staircase=point.with_staircase)


def uncertain_case(
    scenario: Scenario,
    trials: int | None = None,
    seed: int | None = None,
    cache: ProcessCache | None = None,
    executor: Executor | None = None,
) -> CaseResult:
    """The business case with every ranged input sampled: a joint Monte Carlo.

    ``executor`` runs the design points (:mod:`bizcase.simulate.execute`; default this
    process); ``cache`` serves them only where they run in this process.  The result is
    bit-identical for every executor and number of workers.

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
    bc = scenario.business_case
    n = trials or bc.trials
    run_seed = scenario.simulation.seed if seed is None else seed
    if n < 2:
        raise InputError(f"trials = {n}: the uncertain case needs at least 2 trials")
    check_case_budget(scenario, n)
    cache = cache or ProcessCache()
    ranges = _proper(scenario.ranges)
    process = {p: r for p, r in ranges.items() if input_group(p) == "process"}
    ledger = {p: r for p, r in ranges.items() if input_group(p) == "ledger"}
    root = np.random.SeedSequence(run_seed)
    lhs_process_seed, lhs_ledger_seed = root.spawn(2)
    sampled: dict[str, FloatArray] = {}

    if not process:
        run = cache.get(scenario, n, run_seed)
    else:
        m = min(bc.design_points, n)
        u = _lhs(len(process), m, lhs_process_seed)
        sizes = [n // m + (1 if i < n % m else 0) for i in range(m)]
        child_seeds = [int(c.generate_state(1)[0]) for c in root.spawn(m + 2)[2:]]
        points = [
            _DesignPoint(
                values={p: float(r.ppf(u[i, j])) for j, (p, r) in enumerate(process.items())},
                trials=sizes[i],
                seed=child_seeds[i],
                # The portfolio reads the first point's staircase only: build no other.
                with_staircase=i == 0,
            )
            for i in range(m)
        ]
        runner = executor_or_serial(executor)
        shared = _PointJob(scenario, cache if runner.in_process else None)
        runs = runner.map(_design_point_run, shared, points)
        run = _concat_runs(runs, sizes, bc.horizon_years)
        for j, (p, r) in enumerate(process.items()):
            sampled[p] = np.repeat(r.ppf(u[:, j]), sizes)
    u_ledger = _lhs(len(ledger), n, lhs_ledger_seed)
    ledger_values = {p: r.ppf(u_ledger[:, j]) for j, (p, r) in enumerate(ledger.items())}
    sampled.update(ledger_values)
    case = evaluate(
        scenario,
        run,
        n,
        run_seed,
        LedgerInputs(ledger_values),
        pd.DataFrame(sampled) if sampled else None,
    )
    if process:
        # Trials of one design point share its process inputs: a standard error over trials
        # must treat each point as one cluster (see solve.ratio_standard_error).
        case = replace(case, trial_cluster=np.repeat(np.arange(len(sizes), dtype=np.int64), sizes))
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
