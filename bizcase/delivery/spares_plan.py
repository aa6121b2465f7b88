"""The spare-parts stock (ЗИП) a delivery plan keeps, and the stock-out probability it gives the engine.

Per device class of the inventory, the Poisson lead-time demand pooled over the contracts (one
depot) or per site, the stock on the marginal-analysis frontier that reaches the fill-rate target
(or fits the budget), its capital and holding cost (DESIGN 4.7).  The stock's demand-weighted fill
rate sets the option's local stock-out probability (:func:`with_stockout_probability`), so the
stock really moves restoration times.  An option with a delivery design places its own stock
(:func:`design_spares`): the design's stocks are the table, and its frontier is the one point it
chose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from bizcase.delivery.design_cost import design_cost, stock_table
from bizcase.delivery.inputs import (
    compiled_design,
    contract_count,
    option_name,
    require_delivery,
    scenario_memo,
)
from bizcase.design.spares import DeviceClass as SpareClass
from bizcase.design.spares import (
    budget_frontier,
    expected_backorders,
    fill_rate,
    stock_for_fill_rate,
)
from bizcase.model import Delivery, Scenario
from bizcase.model.errors import InputError

__all__ = [
    "SparesPlan",
    "design_spares",
    "no_local_stock",
    "spares_plan",
    "with_spares_plan",
    "with_stockout_probability",
]

#: The spares frontier is drawn until the demand-weighted fill rate reaches this.
_FRONTIER_TOP_FILL = 0.999
_COLUMNS = [
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
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> plan = spares_plan(s, contracts=1)
    >>> plan.fill_rate >= s.delivery.spares.target_fill_rate
    True
    """
    delivery = require_delivery(scenario)
    n = contract_count(delivery, contracts)
    key = ("spares_plan", n, budget, target_fill_rate)
    plan = scenario_memo(
        scenario, key, lambda: _spares_plan(scenario, delivery, n, budget, target_fill_rate)
    )
    # a copy of the memo's tables: a caller may change its own
    return replace(plan, classes=plan.classes.copy(), frontier=plan.frontier.copy())


def _spares_plan(
    scenario: Scenario,
    delivery: Delivery,
    n: int,
    budget: float | None,
    target_fill_rate: float | None,
) -> SparesPlan:
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
    if not classes:
        empty = pd.DataFrame(columns=_COLUMNS)
        return SparesPlan(n, terms.location, empty, 0.0, terms.holding_rate, 0.0, 1.0, 0.0, empty)
    lam = np.array([c.mean_lead_time_demand for c in classes])
    cost = np.array([c.unit_cost for c in classes])
    demand = np.array([c.installed_units * c.annual_failure_rate for c in classes])
    frontier = _frontier(classes, lam, cost, demand, target, locations)
    stock = _chosen_stock(frontier, classes, budget, target)
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


def _frontier(
    classes: list[SpareClass],
    lam: np.ndarray,
    cost: np.ndarray,
    demand: np.ndarray,
    target: float,
    locations: int,
) -> pd.DataFrame:
    """The marginal-analysis frontier for one location, cut where the fill rate reaches the top."""
    top = max(_FRONTIER_TOP_FILL, target)
    bound = int(np.sum(stock_for_fill_rate(lam, top)))
    frontier = budget_frontier(
        [c.name for c in classes], lam, cost, max_steps=bound, demand_weights=demand
    )
    reached = np.flatnonzero(frontier["fill_rate"].to_numpy() >= top)
    if reached.size:
        frontier = frontier.iloc[: reached[0] + 1].reset_index(drop=True)
    frontier["total_capital_all_sites"] = frontier["total_capital"] * locations
    return frontier


def _chosen_stock(
    frontier: pd.DataFrame, classes: list[SpareClass], budget: float | None, target: float
) -> np.ndarray:
    """The frontier point chosen: the last that fits the budget, or the first reaching the target."""
    if budget is not None:
        fits = np.flatnonzero(frontier["total_capital_all_sites"].to_numpy() <= budget + 1e-9)
        row = int(fits[-1]) if fits.size else 0
    else:
        ok = np.flatnonzero(frontier["fill_rate"].to_numpy() >= target)
        row = int(ok[0]) if ok.size else len(frontier) - 1
    return np.array([int(frontier.iloc[row][f"stock[{c.name}]"]) for c in classes])


def with_stockout_probability(
    scenario: Scenario, option: str, stockout_probability: float
) -> Scenario:
    """A copy of ``scenario`` whose ``option`` has this local stock-out probability.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> t = with_stockout_probability(s, "support_24x7x4", 0.01)
    >>> t.options["support_24x7x4"].spares.stockout_probability
    0.01
    """
    name = option_name(scenario, option)
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


def no_local_stock(plan: SparesPlan) -> SparesPlan:
    """``plan`` with no stock kept: no capital, no fill, every demand waits for the vendor."""
    classes = plan.classes.copy()
    if not classes.empty:
        classes["stock"] = 0
        classes["fill_rate"] = 0.0
        classes["expected_backorders"] = classes["mean_lead_time_demand"]
        classes["capital"] = 0.0
    return SparesPlan(
        plan.contracts, plan.location, classes, 0.0, plan.holding_rate, 0.0, 0.0, 1.0, plan.frontier
    )


def design_spares(scenario: Scenario, option: str, contracts: int) -> SparesPlan:
    """The stocks an option's design places, for ``contracts`` clients.

    Site stocks are kept per contract, base stocks are sized once on the pooled demand; the
    design fixes the stock, so its frontier is the one point it chose.
    """
    opt = scenario.options[option]
    if opt.design is None:
        raise InputError(f"option = {option!r}: has no [design] to place spares")
    key = ("design_spares", option, contracts)
    plan = scenario_memo(scenario, key, lambda: _design_spares(scenario, option, contracts))
    # a copy of the memo's tables: a caller may change its own
    return replace(plan, classes=plan.classes.copy(), frontier=plan.frontier.copy())


def _design_spares(scenario: Scenario, option: str, contracts: int) -> SparesPlan:
    opt = scenario.options[option]
    assert opt.design is not None  # design_spares checked
    compiled = compiled_design(scenario, option)
    priced = design_cost(scenario, opt.design, compiled, partner_visits_per_year=0.0)
    table = stock_table(priced, contracts)
    capital = priced.spares_capital_for(contracts)
    lam = table["mean_lead_time_demand"].to_numpy() if not table.empty else np.zeros(0)
    fills = table["fill_rate"].to_numpy() if not table.empty else np.zeros(0)
    fill = float(np.dot(lam, fills) / lam.sum()) if lam.sum() > 0 else 1.0
    backorders = float(table["expected_backorders"].sum()) if not table.empty else 0.0
    return SparesPlan(
        contracts=contracts,
        location="design",
        classes=table,
        total_capital=capital,
        holding_rate=priced.holding_rate,
        holding_cost_per_year=capital * priced.holding_rate,
        fill_rate=fill,
        stockout_probability=1.0 - fill,
        frontier=pd.DataFrame(
            {
                "step": [0],
                "class_added": [None],
                "total_capital": [capital],
                "total_expected_backorders": [backorders],
                "fill_rate": [fill],
                "total_capital_all_sites": [capital],
            }
        ),
    )
