"""What an option's delivery design costs the integrator: the same design that sets the times.

Cost lines per contract and year (DESIGN 4.11), each from the design and the scenario's
``[delivery]`` prices, never typed apart:

* **engineers**: resident and shift windows are seats; their FTE is ``Σ_h seats_h × 52 /
  productive hours`` from the labour calendar (a 24x7 seat = 8,736 / 1,736 = 5.03 FTE);
  on-call windows need a roster from the rest rules (at least ``min_engineers``), who may be the
  seat holders; the headcount is ``max(ceil(seat FTE, workload FTE), roster)``; paid at the
  first-line wage, with tools, phones and training per head;
* **on-call standby** per position and week (plus a second-line expert rota's standby when
  the design has one), and call-outs (the plan's paid call-out hours of
  incidents an on-call window answered);
* **bases** (rent, desk, store) and their **vehicles**;
* **partner visits** (fee per visit × visits the partner made) and retainers;
* **spares**: capital of every local stock of the design and its holding cost;
* **vendor back-to-back** fees: devices × price of the level bought (placement or back-up);
* **monitoring**: its annual price.

With ``n`` contracts (clients like this one), the team at the bases — shift seats, the on-call
roster, bases and vehicles — serves them all (its headcount grows only when their workload
needs it); what sits at or is bought for one client — resident seats, site stocks, vendor back-to-back
fees, monitoring, partner visits, travel — is paid ``n`` times; a base's stock is sized once on
the pooled demand of the ``n`` clients.  The
simulated attainment is one client's; the plan's ``attainment_with_capacity`` adds the wait for
a shared engineer busy elsewhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from bizcase.delivery.inputs import memo_enabled
from bizcase.delivery.oncall import roster_size
from bizcase.design.compile import CompiledDesign, StockPoint
from bizcase.design.labour import WEEKS_PER_YEAR, coverage_fte
from bizcase.design.spares import expected_backorders
from bizcase.model import Scenario
from bizcase.model.design import Design
from bizcase.model.errors import ScenarioError

#: Cost lines a design adds to the delivery plan's (0 for options without a design).
DESIGN_LINES: tuple[str, ...] = ("bases", "partner_visits", "vendor_back_to_back", "monitoring")


@dataclass(frozen=True)
class DesignCost:
    """People and money of one option's design for one contract (see the module docstring)."""

    seat_fte: float  # shift seats at bases, FTE from the labour calendar (shared)
    resident_fte: float  # resident seats on the client's sites (per contract)
    seat_fte_by_window: dict[str, float]
    on_call_positions: int  # most on-call engineers in force in any hour
    roster: int
    vehicles: int
    bases_cost: float
    partner_fees: float
    partner_visits: float  # per contract and year
    partner_retainers: float
    vendor_fees: float
    monitoring: float
    second_line_standby: float
    stock: tuple[StockPoint, ...]
    holding_rate: float

    @property
    def spares_capital(self) -> float:
        """Money frozen in the design's local stocks for one client, currency."""
        return float(sum(p.capital for p in self.stock))

    def spares_capital_for(self, contracts: int) -> float:
        """Money frozen for ``contracts`` clients: site stocks each, base stocks pooled."""
        return float(sum(_for_contracts(p, contracts)[1] for p in self.stock))


@lru_cache(maxsize=4096)
def _memo_for_contracts(point: StockPoint, contracts: int) -> tuple[int, float]:
    return point.for_contracts(contracts)


@lru_cache(maxsize=4096)
def _memo_backorders(stock: int, mean_lead_time_demand: float) -> float:
    return float(expected_backorders(stock, mean_lead_time_demand))


def _backorders(point: StockPoint) -> float:
    """Expected backorders of one stock point's own stock (a pure function of two numbers)."""
    if not memo_enabled():
        return float(expected_backorders(point.stock, point.mean_lead_time_demand))
    return _memo_backorders(point.stock, point.mean_lead_time_demand)


def _for_contracts(point: StockPoint, contracts: int) -> tuple[int, float]:
    """``point.for_contracts(contracts)``, a pure function of two hashable values: a pooled
    base stock is sized once per pooled demand (every contract count of every staircase)."""
    if not memo_enabled():
        return point.for_contracts(contracts)
    return _memo_for_contracts(point, contracts)


def design_cost(
    scenario: Scenario,
    design: Design,
    compiled: CompiledDesign,
    *,
    partner_visits_per_year: float,
) -> DesignCost:
    """Price one contract's design: seats, roster, bases, partners, spares, vendors, monitoring.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section (labour calendar, on-call rules, prices).
    design, compiled : Design, CompiledDesign
        The option's design and its compiled tables (stock sizes).
    partner_visits_per_year : float
        Visits the partners made in the simulated years (per contract, mean).
    """
    delivery = scenario.delivery
    if delivery is None:
        raise ScenarioError("delivery: a design is priced with the [delivery] section's prices")
    productive = delivery.calendar.productive_hours_per_fte
    seats_by: dict[str, float] = {}
    resident = 0.0
    on_call = np.zeros(168)
    for label, window in zip(compiled.windows, design.staffing, strict=True):
        mask = window.hours.vector()
        if window.mode in ("resident", "shift"):
            fte = float(coverage_fte(mask * window.engineers, productive))
            seats_by[label] = seats_by.get(label, 0.0) + fte
            if window.mode == "resident":
                resident += fte
        elif window.mode == "on_call":
            on_call += mask * window.engineers
    positions = int(np.max(on_call))
    rules = delivery.on_call
    roster = (
        int(
            roster_size(
                positions,
                rules.min_engineers,
                rules.max_on_call_share,
                rules.min_rest_hours,
                rules.block_hours,
            )
        )
        if positions
        else 0
    )
    partners = {p.name: p for p in design.partners}
    used = {w.partner for w in design.staffing if w.partner is not None}
    # Partner visits are priced at the mean fee of the partners in use.
    fees = [partners[name].fee_per_visit for name in used]
    partner_fees = partner_visits_per_year * (float(np.mean(fees)) if fees else 0.0)
    retainers = float(sum(partners[name].annual_retainer for name in used))
    units = {d.name: d.units for d in scenario.inventory}
    vendor = 0.0
    for cls, spare in design.spares.items():
        level = spare.placement if spare.placement.startswith("vendor") else spare.backup
        if level == "vendor_4h":
            vendor += units[cls] * spare.prices.vendor_4h
        elif level == "vendor_nbd":
            vendor += units[cls] * spare.prices.vendor_nbd
    return DesignCost(
        seat_fte=float(sum(seats_by.values())) - resident,
        resident_fte=resident,
        seat_fte_by_window=seats_by,
        on_call_positions=positions,
        roster=roster,
        vehicles=sum(b.vehicles for b in design.bases),
        bases_cost=float(sum(b.annual_cost for b in design.bases)),
        partner_fees=partner_fees,
        partner_visits=partner_visits_per_year,
        partner_retainers=retainers,
        vendor_fees=vendor,
        monitoring=design.monitoring.annual_price if design.monitoring else 0.0,
        second_line_standby=design.second_line_standby_per_year,
        stock=compiled.stock,
        holding_rate=delivery.spares.holding_rate,
    )


def design_cost_lines(
    scenario: Scenario,
    cost: DesignCost,
    contracts: int,
    *,
    workload_fte: float,
    callout_paid_hours_per_year: float,
    visits_per_year: float,
) -> tuple[dict[str, float], int, float]:
    """The delivery plan's cost lines for ``contracts`` designs, the headcount and the FTE.

    Returns ``(lines, first_line_headcount, first_line_fte)``; ``lines`` has every key of the
    plan's cost lines that the design sets (the plan keeps the desk, second line, manager and
    credits).
    """
    delivery = scenario.delivery
    assert delivery is not None
    wages, ovh, rules = delivery.wages, delivery.overheads, delivery.on_call
    n = contracts
    fte = max(n * cost.resident_fte + cost.seat_fte, workload_fte)
    head = max(math.ceil(fte - 1e-9), cost.roster)
    base_rate = wages.first_line_engineer / delivery.calendar.standard_hours_per_year
    standby_weeks = WEEKS_PER_YEAR * cost.on_call_positions
    lines = {
        "first_line_engineers": head * wages.first_line_engineer,
        "on_call_standby": standby_weeks * rules.standby_paid_hours_per_week * base_rate
        + cost.second_line_standby,
        "call_outs": n * callout_paid_hours_per_year * base_rate,
        "tools": head * ovh.tools_per_engineer_per_year,
        "phones": head * ovh.phone_per_engineer_per_year,
        "vehicles": cost.vehicles * ovh.vehicle_per_engineer_per_year,
        "training": head * ovh.training_per_engineer_per_year,
        # A partner's fee includes its technician's travel.
        "travel": n * max(visits_per_year - cost.partner_visits, 0.0) * ovh.travel_cost_per_visit,
        "spares_holding": cost.spares_capital_for(n) * cost.holding_rate,
        "bases": cost.bases_cost,
        "partner_visits": n * cost.partner_fees + cost.partner_retainers,
        "vendor_back_to_back": n * cost.vendor_fees,
        "monitoring": n * cost.monitoring,
    }
    return lines, head, fte


def stock_table(cost: DesignCost, contracts: int) -> pd.DataFrame:
    """The design's stocks as the delivery plan's spares table (one row per class)."""
    rows: dict[str, dict[str, float]] = {}
    for point in cost.stock:
        row = rows.setdefault(
            point.device_class,
            {
                "pooled_units": 0.0,
                "demand_per_year": 0.0,
                "lead_time_days": 0.0,
                "mean_lead_time_demand": 0.0,
                "stock": 0.0,
                "stocks": 0.0,
                "fill_rate": 0.0,
                "expected_backorders": 0.0,
                "unit_cost": point.unit_cost,
                "capital": 0.0,
            },
        )
        row["pooled_units"] += point.units_served
        row["mean_lead_time_demand"] += point.mean_lead_time_demand
        units, capital = _for_contracts(point, contracts)
        row["stock"] += units
        row["stocks"] += 1 if point.at_base else contracts
        row["fill_rate"] += point.fill_rate * point.mean_lead_time_demand
        row["capital"] += capital
        row["expected_backorders"] += _backorders(point) * (1 if point.at_base else contracts)
    out = []
    for name, row in rows.items():
        lam = row["mean_lead_time_demand"]
        row["fill_rate"] = row["fill_rate"] / lam if lam > 0 else 1.0
        out.append({"name": name, **row})
    return pd.DataFrame(out)
