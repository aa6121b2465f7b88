"""The integrator's delivery plan for one support option: people, rota, desk, spares, SLA, cost.

One validated :class:`~bizcase.model.Scenario` with a ``[delivery]`` section yields, for a
support option and a number of contracts (clients like the scenario's), the whole plan of
DESIGN 4.6–4.8, assembled from the rooms of this package:

* **spares** (:mod:`bizcase.delivery.spares_plan`): the stock, its capital and holding cost, and
  the local stock-out probability it gives the engine;
* **incidents** (:mod:`bizcase.delivery.incidents`): the option's SLA attainment, credits, work
  and call-outs on the scenario's incidents (common random numbers);
* **staffing** (:mod:`bizcase.delivery.staffing`): people and cost by line for a contract count;
* **restoration capacity** (here): the probability that an engineer is free when a case arrives
  (Erlang C on the concurrent hands-on work), and SLA attainment once the wait for a busy
  engineer is added;
* **scaling** (here): the staircase of cost per contract against the number of contracts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bizcase.delivery.incidents import (
    URGENT_PRIORITIES,
    OptionIncidentStats,
    OptionMeasure,
    simulate_option,
)
from bizcase.delivery.inputs import IntArray, contract_count, option_name, require_delivery
from bizcase.delivery.oncall import probability_engineer_free
from bizcase.delivery.spares_plan import (
    SparesPlan,
    design_spares,
    no_local_stock,
    spares_plan,
    with_stockout_probability,
)
from bizcase.delivery.staffing import Staffing, staffing, wait_met
from bizcase.design.labour import fte_per_seat
from bizcase.model import PRIORITIES, Scenario
from bizcase.model.calendar import HOURS_PER_WEEK
from bizcase.model.errors import InputError
from bizcase.model.limits import check_work_budget
from bizcase.simulate.execute import Executor
from bizcase.simulate.simulation import SimulationResult

__all__ = [
    "DeliveryPlan",
    "MeasuredDelivery",
    "delivery_measure",
    "delivery_plan",
    "frontier_attainment",
    "plan_to_dict",
    "scaling_table",
]


# The plan


@dataclass(frozen=True)
class DeliveryPlan:
    """The full delivery plan of one support option for a number of contracts.

    Money in the scenario currency; FTE unrounded, headcount rounded up; per-year figures are
    means over the simulated trial-years.  ``sla`` has one row per priority: ``target_hours``,
    ``incidents_per_year``, ``attainment`` (share restored within target on the SLA clock, the
    engine's view), ``attainment_se`` (its Monte Carlo standard error), ``attainment_with_capacity``
    (with the Erlang C wait for a busy engineer added), ``breaches_per_year``,
    ``response_target_hours`` and ``response_attainment``.
    """

    scenario_name: str
    option: str
    option_label: str
    currency: str
    contracts: int
    trials: int
    seed: int
    staffing_model: str
    productive_hours_per_fte: float
    fte_per_24x7_seat: float
    staffing: Staffing
    spares: SparesPlan
    stats: OptionIncidentStats = field(repr=False)
    probability_engineer_free: dict[str, float]
    sla: pd.DataFrame
    credits_per_contract: dict[str, float]
    annual_cost: dict[str, float]
    total_annual_cost: float
    cost_per_contract: float
    annual_fee: float
    scaling: pd.DataFrame

    @property
    def fte(self) -> dict[str, float]:
        """FTE by role."""
        return self.staffing.fte

    @property
    def desk_agents(self) -> IntArray:
        """Service-desk agents scheduled in each of the 168 hours of the week."""
        return self.staffing.desk_agents


def delivery_plan(
    scenario: Scenario,
    option: str | None = None,
    *,
    contracts: int | None = None,
    trials: int | None = None,
    seed: int | None = None,
    result: SimulationResult | None = None,
    max_contracts: int | None = None,
    with_scaling: bool = True,
    executor: Executor | None = None,
    measured: MeasuredDelivery | None = None,
) -> DeliveryPlan:
    """Assemble the delivery plan of ``option`` for ``contracts`` clients like the scenario's.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section.
    option : str, optional
        Option identifier; default the first non-baseline option with restoration targets.
    contracts : int, optional
        Contracts served (default ``delivery.contracts``).
    trials, seed : int, optional
        Monte Carlo size and seed (default the scenario's, or ``result``'s).
    result : SimulationResult, optional
        A run of the same scenario: its trials and seed are reused so the plan's incidents are
        the run's incidents (common random numbers).
    max_contracts : int, optional
        Last row of the scaling staircase (default ``max(10, 2 × contracts)``).
    with_scaling : bool
        Build the scaling staircase (most of the plan's time with large inventories); callers
        that need only this contract count's costs pass False and get an empty ``scaling``.
    executor : Executor, optional
        Where the incidents' chunks run (default this process); the plan is the same for any.
    measured : MeasuredDelivery, optional
        The option's stock and incident statistics measured inside a simulation run of the
        same scenario at ``trials`` and ``seed`` (:func:`delivery_measure`): used instead of
        simulating the incidents again, for the same plan.

    Returns
    -------
    DeliveryPlan

    Notes
    -----
    The spares stock (:func:`spares_plan`) sets the option's stock-out probability before the
    incidents are simulated (:func:`simulate_option`) when the option keeps local stock; an
    option with a delivery design places its own stock (:func:`design_spares`), whose stock-outs
    the engine reads per class and site.

    Engineers on duty (``n`` in office hours, ``n`` phones in on-call hours) are the larger of
    the fewest with Erlang ``C(A_u, n) <= max_busy_probability`` and ``ceil(A / utilisation)``,
    where ``A`` is all hands-on work per hour (Erlangs) and ``A_u`` the critical and major part of
    it: those pre-empt minor and technical jobs, so their wait depends on their own load only.
    The probability that an engineer is free when a critical arrives is ``1 − C(A_u, n)``,
    averaged over office and on-call hours in the proportion the criticals start in them.
    Attainment with capacity averages ``P(W <= target − elapsed)`` over the incidents with
    ``P(W > t) = C·exp(−(n − A)t / h)`` (``A_u`` for critical and major) and ``h`` the mean
    hands-on hours of a job.
    The scaling staircase keeps the per-contract incident figures and re-sizes people and spares
    for each number of contracts.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> plan = delivery_plan(s, "support_24x7x4", trials=300, seed=1)
    >>> plan.staffing.roster_size >= 2, plan.desk_agents.shape
    (True, (168,))
    """
    delivery = require_delivery(scenario)
    name = option_name(scenario, option)
    n = contract_count(delivery, contracts)
    if result is not None:
        trials = result.trials if trials is None else trials
        seed = result.seed if seed is None else seed
    check_work_budget(scenario, trials or scenario.simulation.trials)
    opt = scenario.options[name]
    if measured is not None and measured.contracts == n and name in measured.stats:
        spares, planned = measured.spares[name], measured.measure.scenarios[name]
        stats = measured.stats[name]
    else:
        spares, planned = _planned_stock(scenario, name, n)
        stats = simulate_option(planned, name, trials=trials, seed=seed, executor=executor)
    staff = staffing(planned, name, stats, n, spares.holding_cost_per_year)
    total = float(sum(staff.annual_cost.values()))
    scaling = (
        scaling_table(
            scenario,
            name,
            stats,
            max_contracts or max(10, 2 * n),
            local_stock=opt.spares.local_stock,
        )
        if with_scaling
        else pd.DataFrame()
    )
    return DeliveryPlan(
        scenario_name=scenario.name,
        option=name,
        option_label=opt.label,
        currency=scenario.currency,
        contracts=n,
        trials=stats.trials,
        seed=stats.seed,
        staffing_model=delivery.staffing,
        productive_hours_per_fte=delivery.calendar.productive_hours_per_fte,
        fte_per_24x7_seat=float(
            fte_per_seat(HOURS_PER_WEEK, delivery.calendar.productive_hours_per_fte)
        ),
        staffing=staff,
        spares=spares,
        stats=stats,
        probability_engineer_free=_engineer_free(stats, staff),
        sla=_sla_table(stats, staff),
        credits_per_contract=_credits_summary(stats.credits_per_trial),
        annual_cost=staff.annual_cost,
        total_annual_cost=total,
        cost_per_contract=total / n,
        annual_fee=opt.annual_fee,
        scaling=scaling,
    )


def _planned_stock(scenario: Scenario, name: str, n: int) -> tuple[SparesPlan, Scenario]:
    """The option's spares stock for ``n`` contracts, and the scenario its incidents are
    simulated in (with the stock's local stock-out probability)."""
    opt = scenario.options[name]
    if opt.design is not None:
        # The design places its stock; the engine reads its stock-outs per class and site.
        spares = design_spares(scenario, name, n)
    else:
        spares = spares_plan(scenario, n)
        if not opt.spares.local_stock:
            spares = no_local_stock(spares)
    planned = scenario
    if opt.design is None and opt.spares.local_stock and not spares.classes.empty:
        planned = with_stockout_probability(scenario, name, spares.stockout_probability)
    return spares, planned


@dataclass(frozen=True)
class MeasuredDelivery:
    """The delivery plans' stock and incident statistics of some options, measured inside one
    simulation run (:func:`delivery_measure`, then :meth:`with_stats`)."""

    measure: OptionMeasure
    contracts: int  # the stock's
    spares: dict[str, SparesPlan]
    stats: dict[str, OptionIncidentStats] = field(default_factory=dict)

    def with_stats(self, result: SimulationResult) -> MeasuredDelivery:
        """The statistics of every option measured by ``result``'s run (``measure=``)."""
        stats = {
            name: self.measure.stats(name, result.measured, result.trials, result.seed)
            for name in self.spares
        }
        return MeasuredDelivery(self.measure, self.contracts, self.spares, stats)


def delivery_measure(
    scenario: Scenario, options: Sequence[str], contracts: int | None = None
) -> MeasuredDelivery:
    """Plan the stock of each of ``options`` and the measure of their incidents, so that one
    :func:`~bizcase.simulate.simulation.run_simulation` of ``scenario`` (its ``measure``)
    yields the incidents of their delivery plans (:func:`delivery_plan`'s ``measured``).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> from bizcase.simulate.simulation import run_simulation
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> m = delivery_measure(s, ["support_24x7x4"])
    >>> m = m.with_stats(run_simulation(s, trials=300, seed=1, measure=m.measure))
    >>> a = delivery_plan(s, "support_24x7x4", trials=300, seed=1, measured=m)
    >>> b = delivery_plan(s, "support_24x7x4", trials=300, seed=1)
    >>> a.total_annual_cost == b.total_annual_cost
    True
    """
    delivery = require_delivery(scenario)
    n = contract_count(delivery, contracts)
    spares: dict[str, SparesPlan] = {}
    planned: dict[str, Scenario] = {}
    for option in options:
        name = option_name(scenario, option)
        spares[name], planned[name] = _planned_stock(scenario, name, n)
    return MeasuredDelivery(OptionMeasure.of(planned), n, spares)


def _engineer_free(stats: OptionIncidentStats, staff: Staffing) -> dict[str, float]:
    """``1 − C(A_u, n)`` in office and on-call hours, and weighted as the criticals start."""
    critical_office = stats.slack_in_office[stats.slack_priority == 0]
    share_office = float(critical_office.mean()) if critical_office.size else 1.0
    free_day = probability_engineer_free(staff.day_urgent_erlangs, staff.day_engineers)
    free_night = probability_engineer_free(
        staff.on_call_urgent_erlangs, max(staff.on_call_positions, 1)
    )
    return {
        "office_hours": free_day,
        "on_call_hours": free_night,
        "critical_arrival": share_office * free_day + (1.0 - share_office) * free_night,
    }


def _attainment_with_capacity(stats: OptionIncidentStats, staff: Staffing) -> np.ndarray:
    """Per incident with a target, ``P(W ≤ slack)`` with the Erlang C wait for an engineer."""
    in_office = stats.slack_in_office
    night_n = max(staff.on_call_positions, 1)
    urgent = stats.slack_priority < URGENT_PRIORITIES
    h = stats.mean_job_hours
    slack = stats.slack_hours
    return np.where(
        in_office,
        np.where(
            urgent,
            wait_met(slack, staff.day_urgent_erlangs, staff.day_engineers, h),
            wait_met(slack, staff.day_traffic_erlangs, staff.day_engineers, h),
        ),
        np.where(
            urgent,
            wait_met(slack, staff.on_call_urgent_erlangs, night_n, h),
            wait_met(slack, staff.on_call_traffic_erlangs, night_n, h),
        ),
    )


def _sla_table(stats: OptionIncidentStats, staff: Staffing) -> pd.DataFrame:
    """One row per priority: targets, attainment (with its standard error), breaches."""
    met_cap = _attainment_with_capacity(stats, staff)
    rows = []
    for j, p in enumerate(PRIORITIES):
        count = stats.incidents_per_year[j] * stats.trials
        att = float(stats.restoration_met[j])
        mask = stats.slack_priority == j
        rows.append(
            {
                "priority": p,
                "target_hours": float(stats.restoration_target_hours[j]),
                "incidents_per_year": float(stats.incidents_per_year[j]),
                "attainment": att,
                "attainment_se": math.sqrt(att * (1 - att) / count)
                if count > 0 and not math.isnan(att)
                else math.nan,
                "attainment_with_capacity": float(met_cap[mask].mean()) if mask.any() else math.nan,
                "breaches_per_year": float(stats.breaches_per_trial[:, j].mean())
                if not math.isnan(att)
                else math.nan,
                "response_target_hours": float(stats.response_target_hours[j]),
                "response_attainment": float(stats.response_met[j]),
            }
        )
    return pd.DataFrame(rows).set_index("priority")


def _credits_summary(credits: np.ndarray) -> dict[str, float]:
    """Mean, P50, P90 and standard error of one contract's service credits per year."""
    p50, p90 = np.percentile(credits, [50, 90]) if credits.size else (0.0, 0.0)
    return {
        "mean": float(credits.mean()),
        "p50": float(p50),
        "p90": float(p90),
        "se": float(credits.std(ddof=1) / math.sqrt(credits.size)) if credits.size > 1 else 0.0,
    }


def scaling_table(
    scenario: Scenario,
    option: str,
    stats: OptionIncidentStats,
    max_contracts: int,
    *,
    local_stock: bool = True,
    contracts: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Staff, spares and cost against the number of contracts: the staircase of DESIGN 4.6.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section.
    option : str
        Option identifier.
    stats : OptionIncidentStats
        Per-contract incident figures (:func:`simulate_option`).
    max_contracts : int
        Rows ``1 … max_contracts`` (ignored when ``contracts`` is given), >= 1.
    local_stock : bool
        Whether the option keeps spares (else no capital or holding cost).
    contracts : sequence of int, optional
        The contract counts to tabulate.

    Returns
    -------
    DataFrame
        Columns ``contracts``, headcount by role (``first_line_engineer``, ``service_desk_agent``,
        ``service_manager``: dedicated managers, 0 while their hours are bought; the second line
        is always bought by the hour), ``roster_size``, ``spares_capital``,
        ``total_annual_cost``, ``cost_per_contract``.
    """
    if contracts is None:
        if not isinstance(max_contracts, int) or not 1 <= max_contracts <= 10_000:
            raise InputError(f"max_contracts = {max_contracts!r}: must be an integer 1–10,000")
        counts: Sequence[int] = range(1, max_contracts + 1)
    else:
        counts = contracts
    rows = []
    designed = scenario.options[option].design is not None
    for n in counts:
        spares: SparesPlan | None
        if designed:
            spares = design_spares(scenario, option, n)
        else:
            spares = spares_plan(scenario, n) if local_stock else None
        capital = spares.total_capital if spares else 0.0
        holding = spares.holding_cost_per_year if spares else 0.0
        staff = staffing(scenario, option, stats, n, holding)
        total = float(sum(staff.annual_cost.values()))
        rows.append(
            {
                "contracts": n,
                "first_line_engineer": staff.headcount["first_line_engineer"],
                "service_desk_agent": staff.headcount["service_desk_agent"],
                # dedicated managers (none while their hours are bought)
                "service_manager": staff.headcount.get("service_manager", 0),
                "roster_size": staff.roster_size,
                "spares_capital": capital,
                "total_annual_cost": total,
                "cost_per_contract": total / n,
            }
        )
    return pd.DataFrame(rows)


def frontier_attainment(
    scenario: Scenario,
    option: str,
    plan: SparesPlan,
    *,
    trials: int | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """The spares frontier with the SLA attainment each of its points gives, by priority.

    Each frontier row's fill rate sets the option's stock-out probability, and the same
    incidents (same seed) are restored: ``attainment[<priority>]`` columns are added for the
    priorities with a restoration target.  More stock never lowers attainment here (common random
    numbers: a lower stock-out probability turns vendor waits into local fetches, never the
    reverse).
    """
    name = option_name(scenario, option)
    frame = plan.frontier.copy()
    fills = frame["fill_rate"].to_numpy() if not frame.empty else np.zeros(0)
    columns: dict[str, list[float]] = {}
    for fill in fills:
        stats = simulate_option(
            with_stockout_probability(scenario, name, max(0.0, 1.0 - float(fill))),
            name,
            trials=trials,
            seed=seed,
        )
        for j, p in enumerate(PRIORITIES):
            if not math.isnan(stats.restoration_target_hours[j]):
                columns.setdefault(f"attainment[{p}]", []).append(float(stats.restoration_met[j]))
    for key, values in columns.items():
        frame[key] = values
    return frame


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _design_to_dict(plan: DeliveryPlan) -> dict[str, Any] | None:
    """Which stages the option's design derived and which the file typed (None: no design)."""
    design = plan.stats.design
    if design is None:
        return None
    return {
        "derived_stages": list(design.derived),
        "typed_stages": list(design.typed),
        "sites": list(design.sites),
        "partner_visits_per_contract": plan.stats.partner_visits_per_year,
    }


def plan_to_dict(plan: DeliveryPlan) -> dict[str, Any]:
    """The stable JSON layout of a delivery plan (``bizcase delivery --format json``)."""
    staff = plan.staffing
    sla = {
        p: {key: _num(float(value)) for key, value in row.items()}
        for p, row in plan.sla.to_dict(orient="index").items()
    }
    return {
        "scenario": plan.scenario_name,
        "option": plan.option,
        "option_label": plan.option_label,
        "currency": plan.currency,
        "contracts": plan.contracts,
        "trials": plan.trials,
        "seed": plan.seed,
        "staffing_model": plan.staffing_model,
        "productive_hours_per_fte": plan.productive_hours_per_fte,
        "fte_per_24x7_seat": plan.fte_per_24x7_seat,
        "fte": staff.fte,
        "headcount": staff.headcount,
        "on_call": {
            "positions": staff.on_call_positions,
            "roster_size": staff.roster_size,
            "weeks_on_call_per_person": staff.weeks_on_call_per_person,
            "on_call_hours_per_week": staff.on_call_hours_per_week,
            "callouts_per_year": plan.contracts * plan.stats.callouts_per_year,
        },
        "service_desk": {
            "agents_per_hour_of_week": [int(a) for a in staff.desk_agents],
            "peak_agents": int(np.max(staff.desk_agents)),
            "agent_hours_per_week": int(staff.desk_agents.sum()),
        },
        "restoration_capacity": {
            "day_engineers": staff.day_engineers,
            "day_traffic_erlangs": staff.day_traffic_erlangs,
            "on_call_traffic_erlangs": staff.on_call_traffic_erlangs,
            "day_urgent_erlangs": staff.day_urgent_erlangs,
            "on_call_urgent_erlangs": staff.on_call_urgent_erlangs,
            "mean_job_hours": plan.stats.mean_job_hours,
            "probability_engineer_free": plan.probability_engineer_free,
        },
        "spares": {
            "location": plan.spares.location,
            "stock": {
                str(r["name"]): int(r["stock"]) for r in plan.spares.classes.to_dict("records")
            },
            "total_capital": plan.spares.total_capital,
            "holding_cost_per_year": plan.spares.holding_cost_per_year,
            "fill_rate": plan.spares.fill_rate,
            "stockout_probability": plan.spares.stockout_probability,
        },
        "sla": sla,
        "service_credits_per_contract": plan.credits_per_contract,
        "annual_cost": plan.annual_cost,
        "total_annual_cost": plan.total_annual_cost,
        "cost_per_contract": plan.cost_per_contract,
        "annual_fee": plan.annual_fee,
        "design": _design_to_dict(plan),
        "scaling": [
            {k: (float(v) if isinstance(v, float) else int(v)) for k, v in row.items()}
            for row in plan.scaling.to_dict("records")
        ],
    }
