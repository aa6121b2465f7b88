"""People and their annual cost for a number of contracts, from one contract's incident figures.

From the labour calendar (DESIGN 4.6): first-line engineers (workload, office presence, on-call
roster or shifts) for the integrator's own hours, service-desk agents on the phones per hour of
the week (Erlang C, never below the stated minimum while open) and the desk's FTE with
shrinkage applied once, second-line hours, service-management hours per contract (shared below
``service_manager_threshold`` contracts, dedicated managers from it), and the annual cost by
line.  An option with a delivery design (DESIGN 4.11) takes its engineers, roster, vehicles,
bases, partner visits, stock and vendor lines from the design
(:mod:`bizcase.delivery.design_cost`); the desk, second line, service management and credits
stay as above.  Field partners are priced once: by the design's partner visits for a designed
option, by ``field_partner_cost_per_visit`` for an undesigned one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bizcase.delivery.design_cost import DESIGN_LINES, design_cost, design_cost_lines
from bizcase.delivery.incidents import OptionIncidentStats, on_call_masks
from bizcase.delivery.inputs import (
    WEEKS_PER_SIM_YEAR,
    FloatArray,
    IntArray,
    compiled_design,
    require_delivery,
)
from bizcase.delivery.oncall import on_call_positions, roster_size, weeks_on_call_per_person
from bizcase.delivery.servicedesk import agents_on_duty, desk_arrivals_per_hour, desk_fte
from bizcase.design.labour import WEEKS_PER_YEAR, coverage_fte
from bizcase.design.queueing import erlang_c
from bizcase.model import Delivery, Scenario

__all__ = ["COST_LINES", "Staffing", "staffing", "wait_met"]

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
    "field_partner",
    "spares_holding",
    "service_credits",
    *DESIGN_LINES,
)


@dataclass(frozen=True)
class Staffing:
    """People and their cost for ``contracts`` contracts (see :func:`staffing`)."""

    contracts: int
    fte: dict[str, float]
    #: People employed in each role.  A role bought by the hour has no entry: the second line
    #: always, the service manager below ``service_manager_threshold`` contracts.
    headcount: dict[str, int]
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


@dataclass(frozen=True)
class _Duty:
    """Engineers on duty and the traffic they carry, in office and in on-call hours."""

    office: FloatArray
    on_call_any: FloatArray
    fulfil_hours: float
    day_traffic: float
    night_traffic: float
    day_urgent: float
    night_urgent: float
    day_engineers: int
    positions: int


def _duty(
    delivery: Delivery,
    office: FloatArray,
    on_call_any: FloatArray,
    stats: OptionIncidentStats,
    n: int,
) -> _Duty:
    """Erlangs of hands-on work per open hour and the engineers that carry them."""
    rules = delivery.on_call
    desk = delivery.service_desk
    on_call_hours = float(on_call_any.sum())
    office_hours = float(office.sum())
    requests_per_year = desk.requests_per_contract_per_week * WEEKS_PER_SIM_YEAR * n
    fulfil_hours = requests_per_year * desk.request_fulfilment_hours
    day_work = n * stats.day_hands_on_hours_per_year + fulfil_hours
    night_work = n * stats.callout_hands_on_hours_per_year
    day_hours = office_hours * WEEKS_PER_SIM_YEAR
    night_hours = on_call_hours * WEEKS_PER_SIM_YEAR
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
    return _Duty(
        office,
        on_call_any,
        fulfil_hours,
        day_traffic,
        night_traffic,
        day_urgent,
        night_urgent,
        day_engineers,
        positions,
    )


def _first_line(
    delivery: Delivery, duty: _Duty, stats: OptionIncidentStats, n: int
) -> tuple[float, int, int, float]:
    """First-line FTE, headcount, on-call roster and weeks on call per person."""
    productive = delivery.calendar.productive_hours_per_fte
    rules = delivery.on_call
    on_call_hours = float(duty.on_call_any.sum())
    workload_fte = _workload_fte(delivery, duty, stats, n)
    presence_fte = coverage_fte(duty.office * duty.day_engineers, productive)
    shift_fte = 0.0
    roster = 0
    weeks_each = 0.0
    if on_call_hours and delivery.staffing == "shifts":
        shift_fte = coverage_fte(duty.on_call_any * duty.positions, productive)
    elif on_call_hours:
        roster = int(
            roster_size(
                duty.positions,
                rules.min_engineers,
                rules.max_on_call_share,
                rules.min_rest_hours,
                rules.block_hours,
            )
        )
        weeks_each = weeks_on_call_per_person(duty.positions, roster)
    first_fte = max(workload_fte, presence_fte) + shift_fte
    first_head = max(math.ceil(first_fte - 1e-9), roster)
    return first_fte, first_head, roster, weeks_each


def _workload_fte(delivery: Delivery, duty: _Duty, stats: OptionIncidentStats, n: int) -> float:
    """FTE the first-line hands-on work and request fulfilment need at the utilisation cap."""
    productive = delivery.calendar.productive_hours_per_fte
    hours = n * stats.hands_on_hours_per_year + duty.fulfil_hours
    return hours / (productive * delivery.engineer_utilisation)


def _desk_agents(delivery: Delivery, stats: OptionIncidentStats, n: int) -> IntArray:
    """Service-desk agents on the phones per hour of the week: one desk for all ``n`` contracts."""
    desk = delivery.service_desk
    incidents_per_year = float(stats.incidents_per_year.sum()) * n
    arrivals = desk_arrivals_per_hour(
        incidents_per_year,
        desk.requests_per_contract_per_week * n,
        desk.open_hours.vector(),
        desk.contacts_per_incident,
    )
    return agents_on_duty(
        arrivals,
        desk.open_hours.vector(),
        desk.handle_time_s,
        desk.target_service_level,
        desk.answer_within_s,
        desk.max_occupancy,
        desk.min_agents_on_duty,
    )


def _service_management(
    delivery: Delivery, stats: OptionIncidentStats, n: int
) -> tuple[float, int, float]:
    """Service-management FTE, dedicated managers and cost per year for ``n`` contracts.

    Hours ``H = n · (12 · monthly hours + criticals per year · post-incident review hours)``.
    Below ``service_manager_threshold`` contracts they are bought at the manager's hourly cost
    (``wage / productive hours``); from it on, ``max(floor(n / threshold), ceil(H / productive))``
    dedicated managers are paid in full.
    """
    terms = delivery.service_management
    productive = delivery.calendar.productive_hours_per_fte
    wage = delivery.wages.service_manager
    criticals = float(stats.incidents_per_year[0])
    hours = n * (12.0 * terms.hours_per_month + criticals * terms.post_incident_review_hours)
    if n < delivery.service_manager_threshold:
        return hours / productive, 0, hours / productive * wage
    managers = max(n // delivery.service_manager_threshold, math.ceil(hours / productive - 1e-9))
    return float(managers), managers, managers * wage


def staffing(
    scenario: Scenario,
    option: str,
    stats: OptionIncidentStats,
    contracts: int,
    spares_holding: float,
) -> Staffing:
    """People and annual cost of ``option`` for ``contracts`` contracts like the scenario's.

    ``stats`` are one contract's incident figures (:func:`~bizcase.delivery.incidents.simulate_option`);
    ``spares_holding`` is the stock's holding cost per year, currency.
    """
    delivery = require_delivery(scenario)
    opt = scenario.options[option]
    cal = delivery.calendar
    productive = cal.productive_hours_per_fte
    wages = delivery.wages
    rules = delivery.on_call
    n = contracts
    office, on_call_mask = on_call_masks(opt, delivery)
    on_call_any = on_call_mask.max(axis=0)
    duty = _duty(delivery, office, on_call_any, stats, n)
    positions = duty.positions
    first_fte, first_head, roster, weeks_each = _first_line(delivery, duty, stats, n)
    agents = _desk_agents(delivery, stats, n)
    desk = desk_fte(agents, productive, delivery.service_desk.shrinkage)
    second_hours = n * stats.escalations_per_year * delivery.second_line_hours_per_escalation
    manager_fte, managers, manager_cost = _service_management(delivery, stats, n)

    base_rate = wages.first_line_engineer / cal.standard_hours_per_year
    standby_weeks = WEEKS_PER_YEAR * positions if roster else 0.0
    ovh = delivery.overheads
    partner = opt.field_partner_cost_per_visit
    visits = n * stats.visits_per_year
    cost = {
        "first_line_engineers": first_head * wages.first_line_engineer,
        "on_call_standby": standby_weeks * rules.standby_paid_hours_per_week * base_rate,
        "call_outs": (n * stats.callout_paid_hours_per_year * base_rate if roster else 0.0),
        # One desk serves every contract: its FTE is priced as it is (part-time or shared
        # agents), the head count below is what the roster shows.
        "service_desk": desk * wages.service_desk_agent,
        "second_line": second_hours * wages.second_line_per_hour,
        "service_manager": manager_cost,
        "tools": first_head * ovh.tools_per_engineer_per_year,
        "phones": first_head * ovh.phone_per_engineer_per_year,
        "vehicles": first_head * ovh.vehicle_per_engineer_per_year,
        "training": first_head * ovh.training_per_engineer_per_year,
        "travel": 0.0 if partner is not None else visits * ovh.travel_cost_per_visit,
        "field_partner": 0.0 if partner is None else visits * partner,
        "spares_holding": spares_holding,
        "service_credits": n * float(stats.credits_per_trial.mean()),
        **dict.fromkeys(DESIGN_LINES, 0.0),
    }
    if opt.design is not None:
        # The design sets the people, bases, vehicles, partners, stock and vendor lines; its
        # partner visits are its own line, so no cost per visit applies on top.
        priced = design_cost(
            scenario,
            opt.design,
            compiled_design(scenario, option),
            partner_visits_per_year=stats.partner_visits_per_year,
        )
        lines, first_head, first_fte = design_cost_lines(
            scenario,
            priced,
            n,
            workload_fte=_workload_fte(delivery, duty, stats, n),
            callout_paid_hours_per_year=stats.callout_paid_hours_per_year,
            visits_per_year=stats.visits_per_year,
        )
        cost.update(lines)
        cost["field_partner"] = 0.0
        positions, roster = priced.on_call_positions, priced.roster
        weeks_each = weeks_on_call_per_person(positions, roster) if roster else 0.0
    return Staffing(
        contracts=n,
        fte={
            "first_line_engineer": first_fte,
            "service_desk_agent": desk,
            "second_line_expert": second_hours / productive,
            "service_manager": manager_fte,
        },
        headcount={
            "first_line_engineer": first_head,
            "service_desk_agent": math.ceil(desk - 1e-9),
            # below the threshold the manager's hours are bought: FTE without a headcount
            **({"service_manager": managers} if managers else {}),
        },
        on_call_positions=positions,
        roster_size=roster,
        weeks_on_call_per_person=weeks_each,
        on_call_hours_per_week=float(on_call_any.sum()),
        day_engineers=duty.day_engineers,
        day_traffic_erlangs=duty.day_traffic,
        on_call_traffic_erlangs=duty.night_traffic,
        day_urgent_erlangs=duty.day_urgent,
        on_call_urgent_erlangs=duty.night_urgent,
        desk_agents=agents,
        annual_cost=cost,
    )


def wait_met(slack: FloatArray, traffic: float, engineers: int, job_hours: float) -> FloatArray:
    """``P(W ≤ slack)`` for the Erlang C wait of a case: ``1 − C·exp(−(n − A)·slack / h)``."""
    if traffic <= 0 or job_hours <= 0:
        return (slack >= -1e-9).astype(np.float64)
    if engineers <= traffic:
        return np.zeros_like(slack)
    c = float(erlang_c(traffic, engineers))
    decay = (engineers - traffic) / job_hours
    met = 1.0 - c * np.exp(-decay * np.maximum(slack, 0.0))
    return np.where(slack >= -1e-9, met, 0.0)
