"""The integrator's delivery plan for one support option: people, rota, desk, spares, SLA, cost.

One validated :class:`~bizcase.model.Scenario` with a ``[delivery]`` section yields, for a
support option and a number of contracts (clients like the scenario's), the whole plan of
DESIGN 4.6–4.8:

* **spares** (:func:`spares_plan`): per device class of the inventory, the Poisson lead-time
  demand pooled over the contracts (one depot) or per site, the stock on the marginal-analysis
  frontier that reaches the fill-rate target (or fits the budget), its capital and holding cost;
  the stock's demand-weighted fill rate sets the option's local stock-out probability
  (:func:`with_stockout_probability`), so the stock really moves restoration times;
* **incidents** (:func:`simulate_option`): the scenario's incidents drawn chunk by chunk with the
  scenario's seed exactly as :func:`bizcase.simulate.simulation.run_simulation` draws them (common random
  numbers) and restored under the option: restoration and response on the SLA clock against the
  targets, breaches, service credits per trial-year, engineer hands-on hours, visits,
  escalations, out-of-hours call-outs and their pay;
* **staffing** from the labour calendar: first-line engineers (workload, office presence, on-call
  roster or shifts), service-desk agents per hour of the week (Erlang C), second-line hours, a
  service manager per ``service_manager_threshold`` contracts;
* **restoration capacity**: the probability that an engineer is free when a case arrives (Erlang C
  on the concurrent hands-on work), and SLA attainment once the wait for a busy engineer is added;
* **annual cost** by line, cost per contract, and the staircase of cost per contract against the
  number of contracts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from bizcase.delivery.oncall import (
    callout_multiplier,
    callout_paid_hours,
    on_call_positions,
    probability_engineer_free,
    roster_size,
    weeks_on_call_per_person,
)
from bizcase.delivery.servicedesk import agents_per_interval, desk_arrivals_per_hour
from bizcase.delivery.sla import service_credits_per_year, sla_elapsed_hours
from bizcase.design.labour import WEEKS_PER_YEAR, coverage_fte, fte_per_seat
from bizcase.design.queueing import erlang_c
from bizcase.design.spares import DeviceClass as SpareClass
from bizcase.design.spares import (
    budget_frontier,
    expected_backorders,
    fill_rate,
    stock_for_fill_rate,
)
from bizcase.model import MAX_TRIALS, PRIORITIES, Delivery, Scenario, SupportOption
from bizcase.model.calendar import HOURS_PER_WEEK, HOURS_PER_YEAR, CoverageWindow
from bizcase.model.errors import InputError, ScenarioError
from bizcase.simulate.engine import (
    CHUNK_TRIALS,
    REPORT_STAGES,
    IncidentStreams,
    OptionPlan,
    draw_incidents,
    make_rng,
    restore,
)
from bizcase.simulate.simulation import SimulationResult

__all__ = [
    "DeliveryPlan",
    "OptionIncidentStats",
    "SparesPlan",
    "delivery_plan",
    "plan_to_dict",
    "scaling_table",
    "simulate_option",
    "spares_plan",
    "with_spares_plan",
    "with_stockout_probability",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Incident-driven rates are per simulated year of 8,760 h: 52.14 weeks.
_WEEKS_PER_SIM_YEAR = HOURS_PER_YEAR / HOURS_PER_WEEK
#: The spares frontier is drawn until the demand-weighted fill rate reaches this.
_FRONTIER_TOP_FILL = 0.999
_STAGE = {name: i for i, name in enumerate(REPORT_STAGES)}
#: Priorities below this index (critical, major) pre-empt other work: an engineer drops a minor
#: or technical job for them, so their wait depends only on their own load.
_URGENT = 2

COST_LINES: tuple[str, ...] = (
    "first_line_engineers",
    "on_call_standby",
    "call_outs",
    "service_desk",
    "second_line",
    "service_manager",
    "tools",
    "phones",
    "vehicles",
    "training",
    "travel",
    "spares_holding",
    "service_credits",
)


def _delivery(scenario: Scenario) -> Delivery:
    if scenario.delivery is None:
        raise ScenarioError(
            "delivery: the scenario has no [delivery] section; add one with at least "
            "[delivery.wages] and [delivery.overheads] (see scenarios/manufacturing.toml)"
        )
    return scenario.delivery


def _option(scenario: Scenario, option: str | None) -> str:
    if option is None:
        for name, opt in scenario.options.items():
            if name != scenario.baseline and any(
                t.restoration_target_hours is not None for t in opt.priorities.values()
            ):
                return name
        others = [n for n in scenario.options if n != scenario.baseline]
        return others[0] if others else scenario.baseline
    if option not in scenario.options:
        raise InputError(
            f"option = {option!r}: must be one of the scenario's options "
            f"({', '.join(scenario.options)})"
        )
    return option


def _contracts(delivery: Delivery, contracts: int | None) -> int:
    n = delivery.contracts if contracts is None else contracts
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= 10_000:
        raise InputError(f"contracts = {n!r}: must be an integer from 1 to 10,000")
    return int(n)


# ---------------------------------------------------------------------------------------------
# Spares


@dataclass(frozen=True)
class SparesPlan:
    """The spare-parts stock chosen for a number of contracts.

    Attributes
    ----------
    classes : DataFrame
        One row per device class: ``name``, ``pooled_units`` (units one stock serves),
        ``demand_per_year`` (spare demand of those units), ``lead_time_days``,
        ``mean_lead_time_demand``, ``stock`` (per stock location), ``stocks`` (number of
        locations), ``fill_rate``, ``expected_backorders``, ``unit_cost``, ``capital``.
    total_capital : float
        Money frozen in all locations, currency.
    holding_cost_per_year : float
        ``total_capital × holding_rate``, currency/year.
    fill_rate : float
        Demand-weighted fill rate ``Σ d_j·P(X_j ≤ S_j−1) / Σ d_j``.
    stockout_probability : float
        ``1 − fill_rate``: what the engine uses for a local stock-out.
    frontier : DataFrame
        Marginal-analysis frontier for one stock location (see
        :func:`bizcase.design.spares.budget_frontier`), with ``total_capital_all_sites`` added.
    """

    contracts: int
    location: str
    classes: pd.DataFrame
    total_capital: float
    holding_rate: float
    holding_cost_per_year: float
    fill_rate: float
    stockout_probability: float
    frontier: pd.DataFrame = field(repr=False)


def _spare_classes(
    scenario: Scenario, units_factor: int, priorities: list[str] | None = None
) -> list[SpareClass]:
    classes: list[SpareClass] = []
    seen: set[str] = set()
    for i, device in enumerate(scenario.inventory):
        rate = device.annual_failure_rate * device.spare_share
        if device.unit_cost <= 0 or device.units * rate <= 0:
            continue
        if priorities is not None:
            priorities.append(device.priority)
        name = device.name if device.name not in seen else f"{device.name} #{i + 1}"
        seen.add(name)
        classes.append(
            SpareClass(
                name=name,
                installed_units=float(device.units * units_factor),
                annual_failure_rate=rate,
                unit_cost=device.unit_cost,
                lead_time_days=device.lead_time_days,
            )
        )
    return classes


def spares_plan(
    scenario: Scenario,
    contracts: int | None = None,
    *,
    budget: float | None = None,
    target_fill_rate: float | None = None,
) -> SparesPlan:
    """Choose the spares stock for the scenario's inventory, pooled over ``contracts``.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section; device classes come from its ``[[inventory]]`` (classes
        without a unit cost or without spare demand are skipped).
    contracts : int, optional
        Clients like this one sharing the stock (default ``delivery.contracts``).
    budget : float, optional
        Capital available, currency (default ``delivery.spares.budget``); overrides the target.
    target_fill_rate : float, optional
        Demand-weighted fill rate to reach (default ``delivery.spares.target_fill_rate``).

    Returns
    -------
    SparesPlan

    Notes
    -----
    Class ``j`` with ``u_j`` units per client, failure rate ``f_j`` per unit-year, spare share
    ``s_j`` and lead time ``L_j`` days has Poisson lead-time demand
    ``λ_j = U_j·f_j·s_j·L_j / 365`` with ``U_j = u_j·contracts`` at a depot (one pooled stock)
    or ``U_j = u_j`` at each site (``contracts`` stocks).  The stock is the first point of the
    marginal-analysis frontier whose demand-weighted fill rate ``Σ d_j P(X_j ≤ S_j − 1) / Σ d_j``
    reaches the target, or the last whose capital fits the budget.  Without a budget, classes
    whose failure is a critical incident are then stocked to the target fill rate on their own,
    so that cheap, frequent parts cannot leave them without a spare.  Pooling never needs more
    stock: the depot's pooled λ is sized once, not per site.

    Examples
    --------
    >>> from pathlib import Path
    >>> from bizcase.model import load_scenario
    >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
    >>> plan = spares_plan(s, contracts=1)
    >>> plan.fill_rate >= s.delivery.spares.target_fill_rate
    True
    """
    delivery = _delivery(scenario)
    n = _contracts(delivery, contracts)
    terms = delivery.spares
    budget = terms.budget if budget is None else budget
    target = terms.target_fill_rate if target_fill_rate is None else target_fill_rate
    if budget is not None and not (math.isfinite(budget) and budget >= 0):
        raise InputError(f"budget = {budget!r}: must be a finite amount >= 0")
    if not 0.0 < target < 1.0:
        raise InputError(f"target_fill_rate = {target!r}: must be strictly between 0 and 1")
    depot = terms.location == "depot"
    locations = 1 if depot else n
    priorities: list[str] = []
    classes = _spare_classes(scenario, n if depot else 1, priorities)
    columns = [
        "name",
        "pooled_units",
        "demand_per_year",
        "lead_time_days",
        "mean_lead_time_demand",
        "stock",
        "stocks",
        "fill_rate",
        "expected_backorders",
        "unit_cost",
        "capital",
    ]
    if not classes:
        empty = pd.DataFrame(columns=columns)
        return SparesPlan(n, terms.location, empty, 0.0, terms.holding_rate, 0.0, 1.0, 0.0, empty)
    lam = np.array([c.mean_lead_time_demand for c in classes])
    cost = np.array([c.unit_cost for c in classes])
    demand = np.array([c.installed_units * c.annual_failure_rate for c in classes])
    top = max(_FRONTIER_TOP_FILL, target)
    bound = int(np.sum(stock_for_fill_rate(lam, top)))
    frontier = budget_frontier(
        [c.name for c in classes], lam, cost, max_steps=bound, demand_weights=demand
    )
    reached = np.flatnonzero(frontier["fill_rate"].to_numpy() >= top)
    if reached.size:
        frontier = frontier.iloc[: reached[0] + 1].reset_index(drop=True)
    frontier["total_capital_all_sites"] = frontier["total_capital"] * locations
    if budget is not None:
        fits = np.flatnonzero(frontier["total_capital_all_sites"].to_numpy() <= budget + 1e-9)
        row = int(fits[-1]) if fits.size else 0
    else:
        ok = np.flatnonzero(frontier["fill_rate"].to_numpy() >= target)
        row = int(ok[0]) if ok.size else len(frontier) - 1
    stock = np.array([int(frontier.iloc[row][f"stock[{c.name}]"]) for c in classes])
    if budget is None:
        # A demand-weighted fill rate lets cheap, frequent parts crowd out the rare, costly
        # ones whose failure stops the client: stock each critical class to the target itself.
        critical = np.array([p == "critical" for p in priorities])
        own = np.asarray(stock_for_fill_rate(lam, target), dtype=np.int64)
        stock = np.where(critical, np.maximum(stock, own), stock)
    fills = np.asarray(fill_rate(stock, lam), dtype=np.float64)
    table = pd.DataFrame(
        {
            "name": [c.name for c in classes],
            "pooled_units": [c.installed_units for c in classes],
            "demand_per_year": demand,
            "lead_time_days": [c.lead_time_days for c in classes],
            "mean_lead_time_demand": lam,
            "stock": stock,
            "stocks": locations,
            "fill_rate": fills,
            "expected_backorders": np.asarray(expected_backorders(stock, lam), dtype=np.float64),
            "unit_cost": cost,
            "capital": stock * cost * locations,
        }
    )
    capital = float(table["capital"].sum())
    system_fill = float(np.dot(demand, fills) / demand.sum())
    return SparesPlan(
        contracts=n,
        location=terms.location,
        classes=table,
        total_capital=capital,
        holding_rate=terms.holding_rate,
        holding_cost_per_year=capital * terms.holding_rate,
        fill_rate=system_fill,
        stockout_probability=max(0.0, 1.0 - system_fill),
        frontier=frontier,
    )


def with_stockout_probability(
    scenario: Scenario, option: str, stockout_probability: float
) -> Scenario:
    """A copy of ``scenario`` whose ``option`` has this local stock-out probability.

    Examples
    --------
    >>> from pathlib import Path
    >>> from bizcase.model import load_scenario
    >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
    >>> t = with_stockout_probability(s, "support_24x7x4", 0.01)
    >>> t.options["support_24x7x4"].spares.stockout_probability
    0.01
    """
    name = _option(scenario, option)
    p = float(stockout_probability)
    if not (math.isfinite(p) and 0.0 <= p <= 1.0):
        raise InputError(f"stockout_probability = {stockout_probability!r}: must be in [0, 1]")
    old = scenario.options[name]
    new_option = old.model_copy(
        update={"spares": old.spares.model_copy(update={"stockout_probability": p})}
    )
    options = {**scenario.options, name: new_option}
    return scenario.model_copy(update={"options": options})


def with_spares_plan(
    scenario: Scenario, option: str, contracts: int | None = None, *, budget: float | None = None
) -> Scenario:
    """A copy of ``scenario`` whose ``option`` draws stock-outs from the planned spares stock.

    The option's ``spares.stockout_probability`` becomes ``1 − fill rate`` of
    :func:`spares_plan` (demand-weighted over the device classes).
    """
    plan = spares_plan(scenario, contracts, budget=budget)
    return with_stockout_probability(scenario, option, plan.stockout_probability)


# ---------------------------------------------------------------------------------------------
# The incidents of one option: SLA, credits, work, call-outs


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


def _masks(option: SupportOption, delivery: Delivery) -> tuple[FloatArray, FloatArray]:
    """Office-hours mask and, per priority, the on-call mask (coverage outside office hours)."""
    office = delivery.office_hours.vector()
    on_call = np.stack([option.coverage_for(p).vector() * (1.0 - office) for p in PRIORITIES])
    return office, on_call


def simulate_option(
    scenario: Scenario,
    option: str,
    *,
    trials: int | None = None,
    seed: int | None = None,
    chunk_trials: int = CHUNK_TRIALS,
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
    delivery = _delivery(scenario)
    name = _option(scenario, option)
    opt = scenario.options[name]
    n_trials = scenario.simulation.trials if trials is None else trials
    run_seed = scenario.simulation.seed if seed is None else seed
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

    plan = OptionPlan.from_option(name, opt)
    streams = IncidentStreams.from_scenario(scenario)
    by_p = scenario.incidents.by_priority()
    impact = np.array([by_p[p].impact_share for p in PRIORITIES])
    restore_target = np.array(
        [_target(opt, p, "restoration_target_hours") for p in PRIORITIES], dtype=np.float64
    )
    response_target = np.array(
        [_target(opt, p, "response_target_hours") for p in PRIORITIES], dtype=np.float64
    )
    credits = opt.credits
    per_breach = np.array(
        [credits.per_breach.get(p, 0.0) if credits else 0.0 for p in PRIORITIES]  # type: ignore[call-overload]
    )
    tiers_below = [t.availability_below for t in credits.availability_tiers] if credits else []
    tiers_share = [t.credit_share for t in credits.availability_tiers] if credits else []
    cap_share = credits.cap_share_of_monthly_fee if credits else 0.0
    office, on_call_mask = _masks(opt, delivery)
    rules = delivery.on_call
    maintenance = scenario.client.maintenance  # planned windows stop the SLA clock
    sla_windows: list[CoverageWindow | None] = [
        None if opt.sla_clock == "24x7" else plan.windows[plan.window_of_priority[p]]
        for p in range(len(PRIORITIES))
    ]

    count = np.zeros(len(PRIORITIES))
    met = np.zeros(len(PRIORITIES))
    response_met = np.zeros(len(PRIORITIES))
    breaches = np.zeros((n_trials, len(PRIORITIES)))
    credits_trial = np.zeros(n_trials)
    totals = dict.fromkeys(
        (
            "hands_on",
            "day",
            "callout_hours",
            "urgent_day",
            "urgent_callout",
            "callouts",
            "paid",
            "visits",
            "escalations",
        ),
        0.0,
    )
    slack_parts: list[FloatArray] = []
    slack_p_parts: list[IntArray] = []
    slack_office_parts: list[npt.NDArray[np.bool_]] = []

    sizes = [chunk_trials] * (n_trials // chunk_trials)
    if n_trials % chunk_trials:
        sizes.append(n_trials % chunk_trials)
    children = np.random.SeedSequence(run_seed).spawn(len(sizes))
    offset = 0
    for size, child in zip(sizes, children, strict=True):
        sample = draw_incidents(streams, size, make_rng(child))
        rest = restore(plan, sample)
        happened = ~rest.prevented
        stage = rest.stage_hours.astype(np.float64)
        if plan.local_stock:
            vendor = sample.needs_spare & (sample.stockout_u < plan.stockout_probability)
        else:
            vendor = sample.needs_spare
        fetch = stage[_STAGE["spare_part"]] * (sample.needs_spare & ~vendor)
        hands_on = (
            stage[_STAGE["response"]]
            + stage[_STAGE["diagnosis"]]
            + 2.0 * stage[_STAGE["travel"]]
            + fetch
            + stage[_STAGE["repair"]]
        ) * happened
        t1 = sample.start_hours + stage[_STAGE["detection"]]
        breach_credit = np.zeros(sample.size)
        callout = np.zeros(sample.size, dtype=bool)
        in_office = np.zeros(sample.size, dtype=bool)
        for p, rows in sample.priority_slices():
            work_window = plan.windows[plan.window_of_priority[p]]
            work_start = work_window.next_open(t1[rows])
            how = np.floor(np.mod(work_start, HOURS_PER_WEEK)).astype(np.int64)
            callout[rows] = on_call_mask[p][how] > 0
            in_office[rows] = office[how] > 0
            keep = happened[rows]
            count[p] += np.count_nonzero(keep)
            elapsed = sla_elapsed_hours(
                sample.start_hours[rows], rest.end_hours[rows], sla_windows[p], maintenance
            )
            if not math.isnan(restore_target[p]):
                ok = (elapsed <= restore_target[p] + 1e-9) & keep
                missed = ~ok & keep
                met[p] += np.count_nonzero(ok)
                breaches[offset : offset + size, p] += np.bincount(
                    sample.trial[rows], weights=missed.astype(np.float64), minlength=size
                )
                breach_credit[rows] = missed * per_breach[p]
                slack_parts.append((restore_target[p] - elapsed)[keep])
                slack_p_parts.append(np.full(int(np.count_nonzero(keep)), p, dtype=np.int64))
                slack_office_parts.append(in_office[rows][keep])
            if not math.isnan(response_target[p]):
                responded = work_window.advance(t1[rows], stage[_STAGE["response"]][rows])
                r_elapsed = sla_elapsed_hours(t1[rows], responded, sla_windows[p])
                response_met[p] += np.count_nonzero((r_elapsed <= response_target[p] + 1e-9) & keep)
        callout &= happened
        if credits is not None:
            weighted = (rest.end_hours - sample.start_hours) * impact[sample.priority] * happened
            credits_trial[offset : offset + size] = service_credits_per_year(
                sample.trial,
                sample.start_hours,
                breach_credit,
                weighted,
                size,
                opt.annual_fee / 12.0,
                tiers_below,
                tiers_share,
                cap_share,
            )
        multiplier = callout_multiplier(
            t1[callout],
            rules.overtime_multiplier,
            rules.night_multiplier,
            rules.weekend_multiplier,
            rules.night_start_hour,
            rules.night_end_hour,
        )
        totals["hands_on"] += float(hands_on.sum())
        totals["day"] += float(hands_on[in_office].sum())
        totals["callout_hours"] += float(hands_on[callout].sum())
        urgent = sample.priority < _URGENT
        totals["urgent_day"] += float(hands_on[in_office & urgent].sum())
        totals["urgent_callout"] += float(hands_on[callout & urgent].sum())
        totals["callouts"] += float(np.count_nonzero(callout))
        totals["paid"] += float(
            callout_paid_hours(hands_on[callout], multiplier, rules.callout_min_paid_hours).sum()
        )
        totals["visits"] += float(np.count_nonzero(sample.needs_onsite & happened))
        totals["escalations"] += float(np.count_nonzero(sample.needs_second_line & happened))
        offset += size

    jobs = float(count.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        restoration_met = np.where(np.isnan(restore_target), np.nan, met / np.maximum(count, 1))
        response_share = np.where(
            np.isnan(response_target), np.nan, response_met / np.maximum(count, 1)
        )
    return OptionIncidentStats(
        option=name,
        trials=n_trials,
        seed=run_seed,
        stockout_probability=plan.stockout_probability if plan.local_stock else 1.0,
        incidents_per_year=count / n_trials,
        restoration_target_hours=restore_target,
        response_target_hours=response_target,
        restoration_met=restoration_met,
        response_met=response_share,
        breaches_per_trial=breaches,
        credits_per_trial=credits_trial,
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
        slack_hours=np.concatenate(slack_parts) if slack_parts else np.zeros(0),
        slack_priority=np.concatenate(slack_p_parts) if slack_p_parts else np.zeros(0, np.int64),
        slack_in_office=(
            np.concatenate(slack_office_parts) if slack_office_parts else np.zeros(0, bool)
        ),
    )


def _target(option: SupportOption, priority: str, attribute: str) -> float:
    terms = option.priorities.get(priority)  # type: ignore[call-overload]
    value = getattr(terms, attribute) if terms is not None else None
    return math.nan if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# Staffing and cost for a number of contracts


@dataclass(frozen=True)
class Staffing:
    """People and their cost for ``contracts`` contracts (see :func:`delivery_plan`)."""

    contracts: int
    fte: dict[str, float]
    headcount: dict[str, int]  # second line is bought by the hour: no headcount
    on_call_positions: int
    roster_size: int
    weeks_on_call_per_person: float
    on_call_hours_per_week: float
    day_engineers: int
    day_traffic_erlangs: float  # all hands-on work in office hours, Erlangs
    on_call_traffic_erlangs: float
    day_urgent_erlangs: float  # critical and major work only (it pre-empts the rest)
    on_call_urgent_erlangs: float
    desk_agents: IntArray
    annual_cost: dict[str, float]


def _staffing(
    scenario: Scenario,
    option: str,
    stats: OptionIncidentStats,
    contracts: int,
    spares_holding: float,
) -> Staffing:
    delivery = _delivery(scenario)
    opt = scenario.options[option]
    cal = delivery.calendar
    productive = cal.productive_hours_per_fte
    wages = delivery.wages
    rules = delivery.on_call
    desk = delivery.service_desk
    n = contracts
    office, on_call_mask = _masks(opt, delivery)
    on_call_any = on_call_mask.max(axis=0)
    on_call_hours = float(on_call_any.sum())
    office_hours = float(office.sum())

    requests_per_year = desk.requests_per_contract_per_week * _WEEKS_PER_SIM_YEAR * n
    fulfil_hours = requests_per_year * desk.request_fulfilment_hours
    day_work = n * stats.day_hands_on_hours_per_year + fulfil_hours
    night_work = n * stats.callout_hands_on_hours_per_year
    day_hours = office_hours * _WEEKS_PER_SIM_YEAR
    night_hours = on_call_hours * _WEEKS_PER_SIM_YEAR
    day_traffic = day_work / day_hours if office_hours else 0.0
    night_traffic = night_work / night_hours if on_call_hours else 0.0
    day_urgent = n * stats.urgent_day_hands_on_hours_per_year / day_hours if office_hours else 0.0
    night_urgent = (
        n * stats.urgent_callout_hands_on_hours_per_year / night_hours if on_call_hours else 0.0
    )
    limit = delivery.engineer_utilisation
    day_engineers = max(
        on_call_positions(day_urgent, rules.max_busy_probability),
        math.ceil(day_traffic / limit - 1e-9),
    )
    positions = (
        max(
            on_call_positions(night_urgent, rules.max_busy_probability),
            math.ceil(night_traffic / limit - 1e-9),
        )
        if on_call_hours
        else 0
    )

    workload_fte = (n * stats.hands_on_hours_per_year + fulfil_hours) / (
        productive * delivery.engineer_utilisation
    )
    presence_fte = coverage_fte(office * day_engineers, productive)
    shift_fte = 0.0
    roster = 0
    weeks_each = 0.0
    if on_call_hours and delivery.staffing == "shifts":
        shift_fte = coverage_fte(on_call_any * positions, productive)
    elif on_call_hours:
        roster = int(
            roster_size(
                positions,
                rules.min_engineers,
                rules.max_on_call_share,
                rules.min_rest_hours,
                rules.block_hours,
            )
        )
        weeks_each = weeks_on_call_per_person(positions, roster)
    first_fte = max(workload_fte, presence_fte) + shift_fte
    first_head = max(math.ceil(first_fte - 1e-9), roster)

    incidents_per_year = float(stats.incidents_per_year.sum()) * n
    arrivals = desk_arrivals_per_hour(
        incidents_per_year,
        desk.requests_per_contract_per_week * n,
        desk.open_hours.vector(),
        desk.contacts_per_incident,
    )
    agents = agents_per_interval(
        arrivals,
        desk.open_hours.vector(),
        desk.handle_time_s,
        desk.target_service_level,
        desk.answer_within_s,
        desk.max_occupancy,
        desk.shrinkage,
    )
    desk_fte = coverage_fte(agents, productive)
    second_hours = n * stats.escalations_per_year * delivery.second_line_hours_per_escalation
    managers = n // delivery.service_manager_threshold

    base_rate = wages.first_line_engineer / cal.standard_hours_per_year
    standby_weeks = WEEKS_PER_YEAR * positions if roster else 0.0
    ovh = delivery.overheads
    cost = {
        "first_line_engineers": first_head * wages.first_line_engineer,
        "on_call_standby": standby_weeks * rules.standby_paid_hours_per_week * base_rate,
        "call_outs": (n * stats.callout_paid_hours_per_year * base_rate if roster else 0.0),
        "service_desk": math.ceil(desk_fte - 1e-9) * wages.service_desk_agent,
        "second_line": second_hours * wages.second_line_per_hour,
        "service_manager": managers * wages.service_manager,
        "tools": first_head * ovh.tools_per_engineer_per_year,
        "phones": first_head * ovh.phone_per_engineer_per_year,
        "vehicles": first_head * ovh.vehicle_per_engineer_per_year,
        "training": first_head * ovh.training_per_engineer_per_year,
        "travel": n * stats.visits_per_year * ovh.travel_cost_per_visit,
        "spares_holding": spares_holding,
        "service_credits": n * float(stats.credits_per_trial.mean()),
    }
    return Staffing(
        contracts=n,
        fte={
            "first_line_engineer": first_fte,
            "service_desk_agent": desk_fte,
            "second_line_expert": second_hours / productive,
            "service_manager": float(managers),
        },
        headcount={
            "first_line_engineer": first_head,
            "service_desk_agent": math.ceil(desk_fte - 1e-9),
            "service_manager": managers,
        },
        on_call_positions=positions,
        roster_size=roster,
        weeks_on_call_per_person=weeks_each,
        on_call_hours_per_week=on_call_hours,
        day_engineers=day_engineers,
        day_traffic_erlangs=day_traffic,
        on_call_traffic_erlangs=night_traffic,
        day_urgent_erlangs=day_urgent,
        on_call_urgent_erlangs=night_urgent,
        desk_agents=agents,
        annual_cost=cost,
    )


def _wait_met(slack: FloatArray, traffic: float, engineers: int, job_hours: float) -> FloatArray:
    """``P(W ≤ slack)`` for the Erlang C wait of a case: ``1 − C·exp(−(n − A)·slack / h)``."""
    if traffic <= 0 or job_hours <= 0:
        return (slack >= -1e-9).astype(np.float64)
    if engineers <= traffic:
        return np.zeros_like(slack)
    c = float(erlang_c(traffic, engineers))
    decay = (engineers - traffic) / job_hours
    met = 1.0 - c * np.exp(-decay * np.maximum(slack, 0.0))
    return np.where(slack >= -1e-9, met, 0.0)


# ---------------------------------------------------------------------------------------------
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

    Returns
    -------
    DeliveryPlan

    Notes
    -----
    The spares stock (:func:`spares_plan`) sets the option's stock-out probability before the
    incidents are simulated (:func:`simulate_option`) when the option keeps local stock.

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
    >>> from pathlib import Path
    >>> from bizcase.model import load_scenario
    >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
    >>> plan = delivery_plan(s, "support_24x7x4", trials=300, seed=1)
    >>> plan.staffing.roster_size >= 2, plan.desk_agents.shape
    (True, (168,))
    """
    delivery = _delivery(scenario)
    name = _option(scenario, option)
    n = _contracts(delivery, contracts)
    if result is not None:
        trials = result.trials if trials is None else trials
        seed = result.seed if seed is None else seed
    opt = scenario.options[name]
    spares = spares_plan(scenario, n)
    if not opt.spares.local_stock:
        spares = _no_local_stock(spares)
    planned = scenario
    if opt.spares.local_stock and not spares.classes.empty:
        planned = with_stockout_probability(scenario, name, spares.stockout_probability)
    stats = simulate_option(planned, name, trials=trials, seed=seed)
    staffing = _staffing(planned, name, stats, n, spares.holding_cost_per_year)

    in_office = stats.slack_in_office
    critical_office = in_office[stats.slack_priority == 0]
    share_office = float(critical_office.mean()) if critical_office.size else 1.0
    night_n = max(staffing.on_call_positions, 1)
    free_day = probability_engineer_free(staffing.day_urgent_erlangs, staffing.day_engineers)
    free_night = probability_engineer_free(staffing.on_call_urgent_erlangs, night_n)
    urgent = stats.slack_priority < _URGENT
    h = stats.mean_job_hours
    slack = stats.slack_hours
    met_cap = np.where(
        in_office,
        np.where(
            urgent,
            _wait_met(slack, staffing.day_urgent_erlangs, staffing.day_engineers, h),
            _wait_met(slack, staffing.day_traffic_erlangs, staffing.day_engineers, h),
        ),
        np.where(
            urgent,
            _wait_met(slack, staffing.on_call_urgent_erlangs, night_n, h),
            _wait_met(slack, staffing.on_call_traffic_erlangs, night_n, h),
        ),
    )
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
    sla = pd.DataFrame(rows).set_index("priority")
    credits = stats.credits_per_trial
    p50, p90 = np.percentile(credits, [50, 90]) if credits.size else (0.0, 0.0)
    credits_summary = {
        "mean": float(credits.mean()),
        "p50": float(p50),
        "p90": float(p90),
        "se": float(credits.std(ddof=1) / math.sqrt(credits.size)) if credits.size > 1 else 0.0,
    }
    total = float(sum(staffing.annual_cost.values()))
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
        staffing=staffing,
        spares=spares,
        stats=stats,
        probability_engineer_free={
            "office_hours": free_day,
            "on_call_hours": free_night,
            "critical_arrival": share_office * free_day + (1.0 - share_office) * free_night,
        },
        sla=sla,
        credits_per_contract=credits_summary,
        annual_cost=staffing.annual_cost,
        total_annual_cost=total,
        cost_per_contract=total / n,
        annual_fee=opt.annual_fee,
        scaling=scaling,
    )


def _no_local_stock(plan: SparesPlan) -> SparesPlan:
    classes = plan.classes.copy()
    if not classes.empty:
        classes["stock"] = 0
        classes["fill_rate"] = 0.0
        classes["expected_backorders"] = classes["mean_lead_time_demand"]
        classes["capital"] = 0.0
    return SparesPlan(
        plan.contracts, plan.location, classes, 0.0, plan.holding_rate, 0.0, 0.0, 1.0, plan.frontier
    )


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
        ``second_line_expert``, ``service_manager``), ``roster_size``, ``spares_capital``,
        ``total_annual_cost``, ``cost_per_contract``.
    """
    if contracts is None:
        if not isinstance(max_contracts, int) or not 1 <= max_contracts <= 10_000:
            raise InputError(f"max_contracts = {max_contracts!r}: must be an integer 1–10,000")
        counts: Sequence[int] = range(1, max_contracts + 1)
    else:
        counts = contracts
    rows = []
    for n in counts:
        spares = spares_plan(scenario, n) if local_stock else None
        capital = spares.total_capital if spares else 0.0
        holding = spares.holding_cost_per_year if spares else 0.0
        staff = _staffing(scenario, option, stats, n, holding)
        total = float(sum(staff.annual_cost.values()))
        rows.append(
            {
                "contracts": n,
                **staff.headcount,
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
    name = _option(scenario, option)
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


# ---------------------------------------------------------------------------------------------
# Serialisation


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


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
            "peak_agents": int(staff.desk_agents.max()),
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
        "scaling": [
            {k: (float(v) if isinstance(v, float) else int(v)) for k, v in row.items()}
            for row in plan.scaling.to_dict("records")
        ],
    }
