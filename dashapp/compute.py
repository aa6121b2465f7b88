"""The app's business logic: cached simulation runs, client ROI, the business case, the rota.

Results are cached per process in bounded LRUs keyed on the canonical JSON of the parts of a
scenario that change them, plus trials and seed:

* simulated incidents are keyed on everything but prices, labels, texts **and the client's loss
  figures** (revenue at risk, share recovered, employees, loaded cost, productivity, penalty per
  hour, impact shares, recovery and reputational costs).  Losses are linear in those figures, so
  :func:`simulate` prices the cached incidents with the scenario's own figures
  (``bizcase.simulate.summary.reprice``): moving a client-loss slider or a fee slider reuses the
  simulated incidents and costs milliseconds;
* business cases run at the scenario's own trials (``business_case.trials``, as ``bizcase
  case`` and the management pack's figures) in two parts: the simulation
  (:func:`bizcase.economics.uncertainty.process_sample`: incidents, their restoration and the
  delivery costs of every design point, keyed by a hash of exactly the process inputs it reads,
  their ranges, trials and seed) kept in a per-process LRU bounded in entries and bytes, and the
  finance part (ledgers vectorised over trials).  The design points and the portfolio's
  staircases of a cold case are independent tasks on this process's local pool
  (:func:`case_executor`, every core or ``BIZCASE_WORKERS``), with the same numbers as a serial run.
  A fee, discount rate, target margin or client figure prices the cached simulation again —
  service credits included, at the new fee — in tens of milliseconds; whole cases are kept in
  a second, byte-bounded LRU for switching the option or the ledger shown.

These are caches (any process can rebuild any entry), not per-user state.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bizcase import BizcaseError, Scenario, SimulationResult, run_simulation
from bizcase.economics.business import CaseResult, ClientValue, client_value
from bizcase.economics.solve import Solution, solve_fee
from bizcase.economics.uncertainty import ProcessCache, TornadoResult, tornado, uncertain_case
from bizcase.model import scenario_to_dict
from bizcase.model.limits import expected_incidents_per_year
from bizcase.simulate.engine import Progress
from bizcase.simulate.execute import (
    SCHEDULER_ENV,
    Executor,
    LocalPoolExecutor,
    open_executor,
)
from bizcase.simulate.summary import OptionSummary, reprice, summarise

#: Incidents (trial-years × incidents per year) a live update may simulate: keeps a slider's
#: server time well under 200 ms and a cached run to a few MB (see bench/app.py).
INTERACTIVE_INCIDENT_BUDGET = 120_000
#: Fewer simulated years than this make a preview whose P90 is noise: refused instead.
INTERACTIVE_MIN_TRIALS = 20
INTERACTIVE_MAX_TRIALS = 4_000
#: Incidents one background job (a full run, a report, a tornado) may simulate: the largest
#: shipped full run (1M years of ~340 incidents) fits; the engine chunks, so memory stays bounded.
JOB_INCIDENT_BUDGET = 400_000_000
#: Incidents of one live business case (its trial-years are trials × horizon years): every
#: shipped scenario fits at its own trials (the largest, bank_branches, is 1.7 million).
CASE_INCIDENT_BUDGET = 2_000_000
CACHE_SIZE = 24
#: Client figures that price simulated incidents linearly: not part of the incidents' key.
CLIENT_PRICE_FIELDS = (
    "revenue_at_risk_per_hour",
    "margin_share",
    "catch_up_cost_per_hour",
    "loss_growth_per_year",
    "ledger_losses",
    "share_recovered_later",
    "employees_affected",
    "loaded_cost_per_employee_hour",
    "productivity_lost_share",
    "penalty_per_hour",
)
# Not impact_share: overlapping outages are capped at a full outage, so the loss is not linear in
# an incident's impact and a new impact needs a new run.
INCIDENT_PRICE_FIELDS = ("recovery_cost", "reputational_cost")
#: The fields a refused run names: the rates that set the incident count.
RATE_FIELDS = "incidents.<priority>.annual_rate, inventory[].units × annual_failure_rate"


class WorkTooLarge(BizcaseError):
    """A run would simulate more incidents than its budget allows; nothing was started.

    ``per_year`` incidents a year × ``trial_years`` simulated years exceed ``budget``; the UI
    translates the message from these numbers (:func:`dashapp.i18n.work_message`).
    """

    def __init__(self, per_year: float, trial_years: int, budget: int) -> None:
        self.per_year = per_year
        self.trial_years = trial_years
        self.budget = budget
        super().__init__(
            f"{RATE_FIELDS} = {per_year:,.0f} incidents a year: {trial_years:,} simulated years "
            f"would be {per_year * trial_years:,.0f} incidents, over the limit of {budget:,}; "
            f"lower the incident rates (at most {self.max_per_year:,.0f} a year here)"
        )

    @property
    def max_per_year(self) -> float:
        """The largest incident rate this run would accept."""
        return self.budget / max(self.trial_years, 1)


def check_work(scenario: Scenario, trial_years: int, budget: int = JOB_INCIDENT_BUDGET) -> None:
    """Raise :class:`WorkTooLarge` before a run of ``trial_years`` exceeds ``budget`` incidents."""
    per_year = expected_incidents_per_year(scenario)
    if not per_year * trial_years <= budget:  # also refuses a NaN or infinite rate
        raise WorkTooLarge(per_year, trial_years, budget)


def interactive_trials(scenario: Scenario) -> int:
    """Trial-years for a live update: the incident budget over the expected incidents per year.

    At most 4,000 and never above the scenario's trials; rounded down to a multiple of 100 from
    100 up.  A scenario so busy that fewer than :data:`INTERACTIVE_MIN_TRIALS` years fit the
    budget raises :class:`WorkTooLarge` (nothing is simulated).
    """
    per_year = max(expected_incidents_per_year(scenario), 1.0)
    fit = INTERACTIVE_INCIDENT_BUDGET / per_year if math.isfinite(per_year) else 0.0
    if fit < INTERACTIVE_MIN_TRIALS:
        raise WorkTooLarge(per_year, INTERACTIVE_MIN_TRIALS, INTERACTIVE_INCIDENT_BUDGET)
    trials = min(INTERACTIVE_MAX_TRIALS, int(fit))
    if trials >= 100:
        trials = trials // 100 * 100
    return min(trials, scenario.simulation.trials)


def _simulation_data(scenario: Scenario) -> dict[str, Any]:
    data = scenario.model_dump(mode="json", exclude_none=True)
    data["name"] = "-"
    data["description"] = ""
    data["client"]["name"] = "-"
    for option in data["options"].values():
        option["annual_fee"] = 0.0
        option["label"] = "-"
        option["description"] = ""
    return data


def simulation_key(scenario: Scenario) -> str:
    """Canonical JSON of what changes the simulated losses (prices, labels and texts left out)."""
    return json.dumps(_simulation_data(scenario), separators=(",", ":"))  # scenario key order


def incident_key(scenario: Scenario) -> str:
    """Canonical JSON of what changes the simulated incidents and their restoration.

    Leaves out, besides prices and texts, the client figures that price an outage linearly
    (:data:`CLIENT_PRICE_FIELDS`, :data:`INCIDENT_PRICE_FIELDS`); the loss profile and the
    penalty threshold stay (they change the outage hours that are priced).
    """
    data = _simulation_data(scenario)
    for name in CLIENT_PRICE_FIELDS:
        data["client"].pop(name, None)
    for incident in data.get("incidents", {}).values():
        if isinstance(incident, dict):
            for name in INCIDENT_PRICE_FIELDS:
                incident.pop(name, None)
    data.pop("business_case", None)
    return json.dumps(data, separators=(",", ":"))


def scenario_hash(scenario: Scenario) -> str:
    """Short hash of the simulation key (for stores that only need to notice a change)."""
    return hashlib.sha256(simulation_key(scenario).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class _Keyed:
    """A scenario in a cache key: equal (and hashed) by ``key`` only."""

    key: str
    scenario: Scenario = dataclasses.field(compare=False, hash=False)


@lru_cache(maxsize=CACHE_SIZE)
def _cached_run(keyed: _Keyed, trials: int, seed: int) -> SimulationResult:
    return run_simulation(keyed.scenario, trials=trials, seed=seed, keep_components=True)


def priced(result: SimulationResult, scenario: Scenario) -> SimulationResult:
    """``result``'s simulated incidents priced with ``scenario``'s client figures.

    Needs ``result.components``; the library's :func:`bizcase.simulate.summary.reprice`.
    """
    return reprice(result, scenario)


def simulate(
    scenario: Scenario,
    trials: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Run (or fetch from the cache) ``scenario`` at ``trials`` and ``seed``.

    Cached incidents are priced with the scenario's client figures (:func:`priced`).  A run with
    a ``progress`` callback is not cached: it is a long run in a background worker.
    """
    n = interactive_trials(scenario) if trials is None else int(trials)
    s = scenario.simulation.seed if seed is None else int(seed)
    check_work(scenario, n)
    if progress is not None:
        return run_simulation(scenario, trials=n, seed=s, progress=progress)
    return priced(_cached_run(_Keyed(incident_key(scenario), scenario), n, s), scenario)


def cache_info() -> Any:
    """Hits, misses and size of the simulation cache (for the benchmark and tests)."""
    return _cached_run.cache_info()


def clear_cache() -> None:
    """Empty the simulation caches (benchmarks measure cold runs with it)."""
    _cached_run.cache_clear()
    case_cache().cache_clear()
    process_cache().cache_clear()


# -- business case ---------------------------------------------------------------------------

#: Fewer live business-case trials than this are refused (a scenario too busy for the budget).
CASE_MIN_TRIALS = 100
CASE_CACHE_SIZE = 8
#: Bytes of whole business cases kept per process (ledgers of every option, both sides).
CASE_CACHE_BYTES = 96 * 2**20
#: Simulated process runs (incidents + delivery costs) kept per process, and their bytes.
PROCESS_RUNS = 48
PROCESS_CACHE_BYTES = 256 * 2**20


def case_trials(scenario: Scenario) -> int:
    """Business-case trials of the live page: the scenario's own (``business_case.trials``).

    Only a scenario whose ``trials × horizon_years`` simulated years would exceed
    :data:`CASE_INCIDENT_BUDGET` incidents gets fewer: the most that fit, rounded down to a
    multiple of 100 (the page says so); below :data:`CASE_MIN_TRIALS` the case is refused.

    >>> from dashapp.library import Library, shipped_dir
    >>> s = Library(shipped_dir(), shipped_dir()).load("bank_branches")
    >>> case_trials(s) == s.business_case.trials
    True
    """
    full = scenario.business_case.trials
    years = scenario.business_case.horizon_years
    per_year = max(expected_incidents_per_year(scenario), 1e-12)
    fit = CASE_INCIDENT_BUDGET / (per_year * years) if math.isfinite(per_year) else 0.0
    if fit >= full:
        return full
    if fit < CASE_MIN_TRIALS:
        raise WorkTooLarge(per_year, CASE_MIN_TRIALS * years, CASE_INCIDENT_BUDGET)
    return int(fit) // 100 * 100


def tornado_trials(scenario: Scenario) -> int:
    """Trials of each tornado evaluation: a tenth of the scenario's business-case trials, at
    least 50 (common random numbers keep the bars' noise small; it is a background job)."""
    full = scenario.business_case.trials
    return max(50, min(full, max(CASE_MIN_TRIALS, full // 5)) // 2)


#: Sizes of the client-losses page's full run besides the scenario's own trial count.
FULL_RUN_SIZES = (100_000, 1_000_000)
#: Sobol indices on the business-case page: base samples and trials of each evaluation.
SOBOL_BASE_SAMPLES = 32
SOBOL_TRIALS = 50


def full_run_trials(scenario: Scenario, size: str | int | None) -> int:
    """Trial-years of a full run: one of :data:`FULL_RUN_SIZES`, else the scenario's own."""
    try:
        n = int(size) if size is not None else 0
    except ValueError:
        n = 0
    return n if n in FULL_RUN_SIZES else scenario.simulation.trials


def check_sobol(scenario: Scenario) -> None:
    """Raise :class:`WorkTooLarge` when the Sobol evaluations would exceed the job budget."""
    years = SOBOL_TRIALS * scenario.business_case.horizon_years
    check_work(scenario, sobol_evaluations(scenario) * years)


def sobol_evaluations(scenario: Scenario, base_samples: int = SOBOL_BASE_SAMPLES) -> int:
    """Evaluations of :func:`bizcase.economics.uncertainty.sobol_indices`: ``base_samples × (2·d + 2)``
    for ``d`` ranged inputs of non-zero width (0 when there are none)."""
    d = sum(1 for r in scenario.ranges.values() if r.high > r.low)
    return base_samples * (2 * d + 2) if d else 0


@lru_cache(maxsize=1)
def process_cache() -> ProcessCache:
    """This process's LRU of simulated process runs, bounded in entries and bytes (shared by
    the live case, the solver and the tornado)."""
    return ProcessCache(max_entries=PROCESS_RUNS, max_bytes=PROCESS_CACHE_BYTES)


def _case_key(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), separators=(",", ":"))


def case_nbytes(case: CaseResult) -> int:
    """Bytes of a business case's per-trial arrays (its ledgers and NPVs)."""
    total = 0
    for ledgers in (case.client, case.integrator):
        for ledger in ledgers.values():
            total += sum(int(flows.nbytes) for flows in ledger.lines.values())
    for d in case.decisions.values():
        total += int(d.client_npv.nbytes)
        total += 0 if d.integrator_npv is None else int(d.integrator_npv.nbytes)
    for views in case.views.values():
        total += sum(int(v.npv.nbytes) for v in views.values())
    return total


@dataclass
class CaseCache:
    """Whole business cases by (scenario, trials, seed): an LRU of at most ``max_entries``
    cases and about ``max_bytes`` bytes (:func:`case_nbytes`; the newest always stays)."""

    max_entries: int = CASE_CACHE_SIZE
    max_bytes: int = CASE_CACHE_BYTES
    cases: OrderedDict[tuple[str, int, int], tuple[CaseResult, int]] = dataclasses.field(
        default_factory=OrderedDict
    )
    hits: int = 0
    misses: int = 0
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False)

    def get(self, key: tuple[str, int, int]) -> CaseResult | None:
        """The case under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self.cases.get(key)
            if found is None:
                self.misses += 1
                return None
            self.cases.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: tuple[str, int, int], case: CaseResult) -> None:
        """Keep ``case``, dropping the least recently used over the bounds."""
        size = case_nbytes(case)
        with self._lock:
            self.cases.pop(key, None)
            while self.cases and (
                len(self.cases) >= self.max_entries
                or sum(n for _, n in self.cases.values()) + size > self.max_bytes
            ):
                self.cases.popitem(last=False)
            self.cases[key] = (case, size)

    def cache_clear(self) -> None:
        """Forget every case and reset the counters."""
        with self._lock:
            self.cases.clear()
            self.hits = self.misses = 0


@lru_cache(maxsize=1)
def case_cache() -> CaseCache:
    """This process's LRU of whole business cases."""
    return CaseCache()


@lru_cache(maxsize=1)
def _executor_of(pid: int) -> Executor:
    executor = open_executor(environ={k: v for k, v in os.environ.items() if k != SCHEDULER_ENV})
    if isinstance(executor, LocalPoolExecutor):
        executor.start()  # in the background: a case asked before it is ready runs here
    return executor


def case_executor() -> Executor:
    """This process's executor for the live business case's design points and staircases: the
    library's local pool (:class:`bizcase.simulate.execute.LocalPoolExecutor`) on every core,
    or on ``BIZCASE_WORKERS`` (``1`` runs serially in the request's thread).

    Never a Dask cluster (``BIZCASE_SCHEDULER`` is for background studies): a live case is a
    second of work.  One pool per process id, shared by the server's request threads (a forked
    job's copy runs serially and starts its own on its first case); the numbers are
    bit-identical whatever the executor.
    """
    return _executor_of(os.getpid())


def business_case(
    scenario: Scenario, trials: int | None = None, seed: int | None = None
) -> CaseResult:
    """The uncertain business case of ``scenario`` at the scenario's own trials (cached).

    The library's :func:`bizcase.economics.uncertainty.uncertain_case` — the figures of
    ``bizcase case`` at the same trials and seed — with this process's caches: a change that
    leaves the incident process and the delivery plan alone (a fee, the discount rate, the
    target margin, a client figure) prices the cached simulation again.
    """
    n = case_trials(scenario) if trials is None else int(trials)
    s = scenario.simulation.seed if seed is None else int(seed)
    check_work(scenario, n * scenario.business_case.horizon_years, CASE_INCIDENT_BUDGET)
    key = (_case_key(scenario), n, s)
    cases = case_cache()
    found = cases.get(key)
    if found is None:
        found = uncertain_case(
            scenario, trials=n, seed=s, cache=process_cache(), executor=case_executor()
        )
        cases.put(key, found)
    return found


def solve_margin_fee(scenario: Scenario, option: str, margin: float) -> Solution:
    """The fee of ``option`` for a PV margin of ``margin``, on the live case's trials and seed,
    re-pricing this process's cached runs (each evaluation only re-prices the incidents)."""
    n = case_trials(scenario)
    check_work(scenario, n * scenario.business_case.horizon_years, CASE_INCIDENT_BUDGET)
    return solve_fee(scenario, option, "margin", margin, trials=n, cache=process_cache())


def case_tornado(
    scenario: Scenario,
    option: str,
    side: str,
    trials: int | None = None,
    progress: Any = None,
) -> TornadoResult:
    """The tornado of ``option``'s expected NPV on one ledger, reusing this process's runs."""
    n = tornado_trials(scenario) if trials is None else int(trials)
    evaluations = 2 * len(scenario.ranges) + 1
    check_work(scenario, evaluations * n * scenario.business_case.horizon_years)
    return tornado(
        scenario, option=option, side=side, trials=n, cache=process_cache(), progress=progress
    )


# -- on-call rota ----------------------------------------------------------------------------


def oncall_rota(roster: int, phones: int, weeks: int = 52) -> list[list[int]]:
    """Who carries which phone each week: ``rota[member][week]`` is the phone (1…phones), 0 off.

    Round-robin in weekly blocks: in week ``w`` phone ``p`` goes to member
    ``(w·phones + p) mod roster``, so the phones rotate through the roster in turn and each
    member is on call ``weeks·phones/roster`` weeks (±1): the on-call share is ``phones/roster``,
    which the roster's size already keeps under the cap.  Nobody holds two phones in a week.

    >>> rota = oncall_rota(4, 2, weeks=4)
    >>> rota
    [[1, 0, 1, 0], [2, 0, 2, 0], [0, 1, 0, 1], [0, 2, 0, 2]]
    >>> [sum(1 for v in row if v) for row in oncall_rota(5, 2)]
    [21, 21, 21, 21, 20]
    """
    if roster < 1 or phones < 1 or phones > roster:
        raise ValueError(f"roster = {roster}, phones = {phones}: need 1 <= phones <= roster")
    rota = [[0] * weeks for _ in range(roster)]
    for week in range(weeks):
        for phone in range(phones):
            rota[(week * phones + phone) % roster][week] = phone + 1
    return rota


#: What a contract is worth to the client: the library's one definition
#: (:func:`bizcase.economics.business.client_value`, ROI from :mod:`bizcase.economics.sales`).
ClientRoi = ClientValue


def client_roi(
    scenario: Scenario, summaries: dict[str, OptionSummary] | None = None, **run: Any
) -> list[ClientRoi]:
    """ROI, payback and fee-paying hours of each non-baseline option for the client: the same
    function (and so the same figures, for the same trials and seed) as ``bizcase run`` and the
    reports.

    >>> from dashapp.library import Library, shipped_dir
    >>> s = Library(shipped_dir(), shipped_dir()).load("manufacturing")
    >>> rows = client_roi(s, trials=500)
    >>> [r.option for r in rows]
    ['nbd_8x5', 'support_24x7x4', 'outsourcing']
    """
    if summaries is None:
        summaries = summarise(simulate(scenario, **run))
    return list(client_value(scenario, summaries).values())


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c": [2]}`` → ``{"a.b": 1, "c[0]": 2}`` (the field paths of problems).

    >>> flatten({"a": {"b": 1}, "c": [2, {"d": 3}]})
    {'a.b': 1, 'c[0]': 2, 'c[1].d': 3}
    """
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list | tuple):
        if not data:
            out[prefix] = []
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def differing_inputs(scenarios: dict[str, Scenario]) -> list[tuple[str, list[Any]]]:
    """Field paths whose values differ between scenarios, with each scenario's value.

    A path missing from a scenario (an option it does not have) shows ``None``.
    """
    flat = {key: flatten(scenario_to_dict(s, texts=False)) for key, s in scenarios.items()}
    paths: list[str] = []
    seen: set[str] = set()
    for values in flat.values():
        for path in values:
            if path not in seen:
                seen.add(path)
                paths.append(path)
    rows = []
    for path in paths:
        row = [flat[key].get(path) for key in scenarios]
        if any(v != row[0] for v in row[1:]):
            rows.append((path, row))
    return rows
