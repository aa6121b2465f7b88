"""The multi-year business case: support vs outsourcing vs staged, for the client and the integrator.

Two ledgers of the same scenario (DESIGN 4.9), cash flows per trial and year, **year 0 is the
initial investment, undiscounted; year t is discounted by (1 + r)^t**:

* **client** — status quo (the baseline option) vs each contract: downtime losses avoided (hard
  losses unless ``client.ledger_losses = "hard_and_soft"``, growing by
  ``client.loss_growth_per_year``), own staff saved, minus the fee and one-off costs → savings,
  NPV, ROI and payback (one definition each, :mod:`bizcase.economics.sales`);
* **integrator** — per contract: fee revenue minus the cost to serve (the delivery plan's staff,
  on-call, service desk, second line, service manager, tools, spares), service credits, spares
  capital, set-up and sales, and for outsourcing the transferred engineers, transition, monitoring
  centre and modernisation → margin, NPV, IRR, payback and the price floor at a target margin.

Every line is an array of shape ``(trials, years + 1)``.  Uncertain inputs (ranges) are sampled
by Latin hypercube (:mod:`bizcase.economics.uncertainty`); the incidents are shared by every option of a
trial (common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from bizcase.delivery.sla import CreditBasis
from bizcase.economics.finance import (
    break_even_tolerance,
    discount_factors,
    irr,
    npv,
    payback_years,
)
from bizcase.economics.sales import (
    Payback,
    break_even_outage_hours,
    client_payback,
    client_roi,
    fee_paying_hours,
)
from bizcase.model import PRIORITIES, Scenario, SupportOption
from bizcase.model.errors import InputError
from bizcase.model.limits import check_work_budget
from bizcase.simulate.engine import LossComponents, LossModel
from bizcase.simulate.simulation import run_simulation
from bizcase.simulate.summary import OptionSummary

if TYPE_CHECKING:
    from bizcase.delivery.incidents import OptionIncidentStats
    from bizcase.delivery.plan import MeasuredDelivery
    from bizcase.economics.portfolio import PortfolioResult

FloatArray = NDArray[np.float64]

#: Lines of the integrator ledger, in the order of a TEI-style table.
INTEGRATOR_LINES: tuple[str, ...] = (
    "revenue",
    "modernisation_budget",
    "staff",
    "on_call",
    "service_desk",
    "second_line",
    "service_manager",
    "tools_and_travel",
    "partners_vendors_monitoring",
    "spares_capital",
    "spares_holding",
    "penalties",
    "setup",
    "sales",
    "transferred_staff",
    "transition",
    "monitoring_centre",
    "modernisation",
)
#: Lines of the client ledger (savings against the baseline option are positive).
CLIENT_LINES: tuple[str, ...] = (
    "downtime_losses_avoided",
    "own_staff_saved",
    "fee",
    "modernisation_budget",
    "onboarding",
    "dual_running",
)
# The delivery plan's cost lines, grouped as the ledger shows them.
_DELIVERY_GROUPS: dict[str, tuple[str, ...]] = {
    "staff": ("first_line_engineers",),
    "on_call": ("on_call_standby", "call_outs"),
    "service_desk": ("service_desk",),
    "second_line": ("second_line",),
    "service_manager": ("service_manager",),
    "tools_and_travel": ("tools", "phones", "vehicles", "training", "travel", "bases"),
    # Field partners: the design's priced visits, or an undesigned option's cost per visit.
    "partners_vendors_monitoring": (
        "partner_visits",
        "field_partner",
        "vendor_back_to_back",
        "monitoring",
    ),
    "spares_holding": ("spares_holding",),
}


#: The integrator's three views of one contract (DESIGN 4.8), default first.
VIEWS: tuple[str, ...] = ("single", "marginal", "allocated")
VIEW_LABELS: dict[str, str] = {
    "single": "this contract alone (the team one client needs)",
    "marginal": "marginal on the existing business",
    "allocated": "fully allocated share at the planned number of contracts",
}
# Delivery-plan lines that belong to the first-line team and its rota (marginal view).
_ROTA_KEYS = (
    "first_line_engineers",
    "on_call_standby",
    "call_outs",
    "tools",
    "phones",
    "vehicles",
    "training",
)


@dataclass(frozen=True)
class DeliveryCost:
    """What serving one contract of an option costs the integrator per year, in one view.

    ``lines`` maps the ledger's cost lines to currency/year for this contract; ``credits_per_year``
    holds simulated service credits of one contract per trial-year at the scenario's fee (a
    distribution), and ``credit_basis`` what they depend on besides the fee, so that
    :meth:`credits_for` prices them at any fee (capped as the contract says) without simulating
    again;
    ``spares_capital`` is the stock's capital carried by this contract, frozen in year 0;
    ``engineers`` the first-line headcount it carries (transferred engineers fill these seats);
    ``setup_share`` the share of the business's set-up cost it pays; ``new_monitoring_centre``
    whether an outsourcing contract builds its own monitoring centre (capex).
    """

    contracts: int
    lines: dict[str, float | FloatArray]  # a float, or one value per trial (design points)
    credits_per_year: FloatArray  # draws (1-D), or one row of years per trial (2-D)
    spares_capital: float | FloatArray
    engineers: float | FloatArray = 0.0
    setup_share: float = 1.0
    new_monitoring_centre: bool = True
    view: str = "allocated"
    credit_basis: CreditBasis | None = None  # rows: the trial-years of ``credits_per_year``
    credit_cap_share: float = 1.0

    def credits_for(
        self, trials: int, years: int, annual_fee: FloatArray | float | None = None
    ) -> FloatArray:
        """Service credits per trial and year 1…years, shape (trials, years).

        Trial ``i``'s year ``t`` is simulated trial-year ``(i·years + t − 1) mod draws``.  With
        ``annual_fee`` (a scalar, or one per trial) and a credit basis, the credits are priced
        at that fee (:meth:`bizcase.delivery.sla.CreditBasis.per_year`); otherwise at the fee
        the delivery plan was simulated with.
        """
        basis = self.credit_basis
        if basis is not None and annual_fee is not None:
            if basis.rows != trials * years:  # the same rows otherwise: no copy
                basis = basis.take(np.arange(trials * years) % basis.rows)
            fee = np.asarray(annual_fee, dtype=np.float64) / 12.0
            if fee.ndim:
                fee = np.repeat(np.broadcast_to(fee, (trials,)), years)
            priced = basis.per_year(fee, self.credit_cap_share)
            return priced.reshape(trials, years)
        draws = self.credits_per_year
        if draws.ndim == 2:
            return draws
        return draws[(np.arange(trials * years) % draws.size).reshape(trials, years)]

    @staticmethod
    def stack(
        costs: list[DeliveryCost],
        sizes: list[int],
        years: int,
        bases: dict[tuple[int, ...], CreditBasis | None] | None = None,
    ) -> DeliveryCost:
        """Join the costs of design points, each applying to its own block of trials.

        ``bases`` memoises the stacked credit bases, so that the views of one option (which
        share their points' bases) share the stacked one too.
        """
        ids = tuple(id(c.credit_basis) for c in costs)
        if bases is None or ids not in bases:
            stacked_basis = _stack_bases(costs, sizes, years)
            if bases is not None:
                bases[ids] = stacked_basis
        else:
            stacked_basis = bases[ids]
        first = costs[0]
        return DeliveryCost(
            contracts=first.contracts,
            lines={
                line: np.repeat([float(np.mean(c.lines[line])) for c in costs], sizes)
                for line in first.lines
            },
            credits_per_year=np.concatenate(
                [c.credits_for(n, years) for c, n in zip(costs, sizes, strict=True)]
            ),
            spares_capital=np.repeat([float(np.mean(c.spares_capital)) for c in costs], sizes),
            engineers=np.repeat([float(np.mean(c.engineers)) for c in costs], sizes),
            setup_share=first.setup_share,
            new_monitoring_centre=first.new_monitoring_centre,
            view=first.view,
            credit_basis=stacked_basis,
            credit_cap_share=first.credit_cap_share,
        )


def _same_cost(a: DeliveryCost | None, b: DeliveryCost | None) -> bool:
    """Whether two delivery costs price a ledger identically (their view's name aside): the
    marginal view of a business with no existing contracts is the one-contract view."""
    if a is b:
        return True
    if a is None or b is None:
        return False

    def same(x: object, y: object) -> bool:
        return x is y or bool(np.array_equal(np.asarray(x), np.asarray(y)))

    return (
        a.contracts == b.contracts
        and a.setup_share == b.setup_share
        and a.new_monitoring_centre == b.new_monitoring_centre
        and a.credit_cap_share == b.credit_cap_share
        and a.credit_basis is b.credit_basis
        and a.lines.keys() == b.lines.keys()
        and all(same(a.lines[k], b.lines[k]) for k in a.lines)
        and same(a.credits_per_year, b.credits_per_year)
        and same(a.spares_capital, b.spares_capital)
        and same(a.engineers, b.engineers)
    )


def _stack_bases(costs: list[DeliveryCost], sizes: list[int], years: int) -> CreditBasis | None:
    """Design points' credit bases laid out trial-year by trial-year as :meth:`credits_for`
    reads them (point ``m``'s trials ``i`` and years ``t``: its row ``(i·years + t − 1) mod
    draws``), so the stacked basis prices the same credits."""
    parts = []
    for cost, n in zip(costs, sizes, strict=True):
        basis = cost.credit_basis
        if basis is None:
            return None
        parts.append(basis.take(np.arange(n * years) % basis.rows))
    return CreditBasis.concat(parts)


def _grouped(annual_cost: Mapping[str, float], scale: float = 1.0) -> dict[str, float | FloatArray]:
    return {
        line: sum(annual_cost.get(key, 0.0) for key in keys) * scale
        for line, keys in _DELIVERY_GROUPS.items()
    }


def delivery_views(
    scenario: Scenario,
    option: str,
    trials: int,
    seed: int,
    measured: MeasuredDelivery | None = None,
) -> dict[str, DeliveryCost] | None:
    """The per-contract delivery cost of ``option`` in each view, or None without a delivery.

    Notes
    -----
    One delivery plan (one set of simulated incidents) sizes the team for any number of
    contracts ``n`` (:func:`bizcase.delivery.staffing.staffing`, cost ``c(n)``, stock capital
    ``K(n)``, first-line headcount ``h(n)``).  With ``N = delivery.contracts`` and
    ``E = delivery.existing.contracts``:

    * **single** — this contract alone: ``c(1)``, ``K(1)``, the whole set-up;
    * **marginal** — on the existing business: ``c(E + 1) − c(E)`` for every shared resource
      (a resource not shared costs ``c(1)``'s lines), ``K(E + 1) − K(E)``, no set-up when it is
      in place, no monitoring capex when the centre is shared; ``E = 0`` gives the single view;
    * **allocated** — the fully allocated share at N: ``c(N) / N``, ``K(N) / N``, set-up / N.

    ``measured`` holds the option's incidents measured inside a run at ``trials`` and ``seed``
    (:func:`bizcase.delivery.plan.delivery_measure`): the same plan, not simulated again.
    """
    if scenario.delivery is None:
        return None
    from bizcase.delivery.plan import (
        delivery_plan,  # the delivery model imports this package's core
    )
    from bizcase.delivery.spares_plan import SparesPlan, design_spares, spares_plan
    from bizcase.delivery.staffing import staffing

    delivery = scenario.delivery
    plan = delivery_plan(
        scenario, option, trials=trials, seed=seed, with_scaling=False, measured=measured
    )
    local = scenario.options[option].spares.local_stock
    designed = scenario.options[option].design is not None  # a design places its own stock
    credits = np.asarray(plan.stats.credits_per_trial, dtype=np.float64)
    teams: dict[int, tuple[dict[str, float], float, int]] = {}

    def team(n: int) -> tuple[dict[str, float], float, int]:
        if n not in teams:
            if n == plan.contracts:
                capital = plan.spares.total_capital
                teams[n] = (
                    plan.annual_cost,
                    capital,
                    plan.staffing.headcount["first_line_engineer"],
                )
            else:
                stock: SparesPlan | None
                if designed:
                    stock = design_spares(scenario, option, n)
                else:
                    stock = spares_plan(scenario, n) if local else None
                capital = stock.total_capital if stock else 0.0
                holding = stock.holding_cost_per_year if stock else 0.0
                staff = staffing(scenario, option, plan.stats, n, holding)
                teams[n] = (staff.annual_cost, capital, staff.headcount["first_line_engineer"])
        return teams[n]

    n_all = plan.contracts
    cost_1, capital_1, head_1 = team(1)
    cost_n, capital_n, head_n = team(n_all)
    # the credits of one contract at any fee: the simulated SLA outcome, priced by the ledger
    basis, cap = plan.stats.credit_basis, plan.stats.credit_cap_share
    views = {
        "single": DeliveryCost(
            1,
            _grouped(cost_1),
            credits,
            capital_1,
            float(head_1),
            1.0,
            True,
            "single",
            credit_basis=basis,
            credit_cap_share=cap,
        ),
        "allocated": DeliveryCost(
            n_all,
            _grouped(cost_n, 1.0 / n_all),
            credits,
            capital_n / n_all,
            head_n / n_all,
            1.0 / n_all,
            True,
            "allocated",
            credit_basis=basis,
            credit_cap_share=cap,
        ),
    }
    existing = delivery.existing
    e = existing.contracts
    if e == 0:
        views["marginal"] = DeliveryCost(
            1,
            _grouped(cost_1),
            credits,
            capital_1,
            float(head_1),
            1.0,
            True,
            "marginal",
            credit_basis=basis,
            credit_cap_share=cap,
        )
    else:
        cost_e, capital_e, head_e = team(e)
        cost_e1, capital_e1, head_e1 = team(e + 1)
        shared = {key: True for key in cost_1}
        for key in _ROTA_KEYS:
            shared[key] = existing.rota_shared
        shared["service_desk"] = existing.service_desk_shared
        step = {key: (cost_e1[key] - cost_e[key]) if shared[key] else cost_1[key] for key in cost_1}
        views["marginal"] = DeliveryCost(
            e + 1,
            _grouped(step),
            credits,
            capital_e1 - capital_e,
            float(head_e1 - head_e) if existing.rota_shared else float(head_1),
            0.0 if existing.setup_in_place else 1.0,
            not existing.monitoring_centre_shared,
            "marginal",
            credit_basis=basis,
            credit_cap_share=cap,
        )
    return {view: views[view] for view in VIEWS}


def delivery_cost(scenario: Scenario, option: str, trials: int, seed: int) -> DeliveryCost | None:
    """The per-contract delivery cost of ``option`` in the default (one-contract) view."""
    views = delivery_views(scenario, option, trials, seed)
    return None if views is None else views["single"]


@dataclass(frozen=True)
class LedgerInputs:
    """Per-trial values of the inputs a ledger reads (shape (trials,) or scalars)."""

    values: Mapping[str, FloatArray]

    def get(self, path: str, default: float) -> FloatArray | float:
        """The sampled values at ``path``, or ``default`` (the scenario's point value)."""
        found = self.values.get(path)
        return default if found is None else found


@dataclass(frozen=True)
class Ledger:
    """Cash-flow lines of one option on one side, each of shape ``(trials, years + 1)``.

    Inflows are positive, outflows negative, from the point of view of ``side``.
    """

    option: str
    label: str
    side: str
    lines: dict[str, FloatArray]

    # The ledger is complete when built (its lines are never changed after): the net flow and
    # the expected lines are computed once, read-only, for the views, decisions, floors and
    # tables that all read them.
    @cached_property
    def net(self) -> FloatArray:
        """Net cash flow per trial and year (read-only)."""
        out = np.sum(list(self.lines.values()), axis=0)
        out.setflags(write=False)
        return out

    @cached_property
    def expected(self) -> dict[str, FloatArray]:
        """Each line's expected flow per year (the mean over trials), ``net`` last (read-only)."""
        out = {name: flows.mean(axis=0) for name, flows in [*self.lines.items(), ("net", self.net)]}
        for mean in out.values():
            mean.setflags(write=False)
        return out

    def lines_expected(self) -> list[tuple[str, FloatArray]]:
        """``(line, expected flow)`` of every line (without ``net``)."""
        expected = self.expected
        return [(name, expected[name]) for name in self.lines]

    def table(self, discount_rate: float) -> pd.DataFrame:
        """Expected flows in the TEI layout: Initial, Year 1…N, Total, Present value."""
        years = next(iter(self.lines.values())).shape[1] - 1
        factors = discount_factors(discount_rate, years)
        rows = {}
        for name, mean in self.expected.items():
            rows[name] = [*mean, mean.sum(), float(mean @ factors)]
        columns = ["Initial", *(f"Year {t}" for t in range(1, years + 1)), "Total", "Present value"]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _growth(rate: FloatArray | float, years: int, trials: int) -> FloatArray:
    """``(1 + rate)^(t − 1)`` for t = 1…years, 0 in year 0: shape (trials, years + 1)."""
    t = np.arange(years + 1, dtype=np.float64)
    base = np.power(1.0 + np.asarray(rate, dtype=np.float64)[..., None], np.maximum(t - 1, 0))
    out = np.broadcast_to(base, (trials, years + 1)).copy()
    out[:, 0] = 0.0
    return out


def _col(value: object) -> FloatArray:
    """A per-trial input as a column (trials, 1) that broadcasts over years; scalars stay 0-d."""
    arr = np.asarray(value, dtype=np.float64)
    return arr[:, None] if arr.ndim else arr


@dataclass(frozen=True)
class YearlyLosses:
    """Client losses per trial and year for every option: shape (trials, years, options).

    ``loss`` is what the client ledger counts (hard, or hard + soft as the scenario says), grown
    by the client's loss growth; ``hard`` and ``soft`` are its two parts.
    """

    options: tuple[str, ...]
    loss: FloatArray
    hard: FloatArray | None = None
    soft: FloatArray | None = None

    def of(self, option: str) -> FloatArray:
        """Losses of one option, shape (trials, years)."""
        return self.loss[:, :, self.options.index(option)]


def loss_growth(rate: FloatArray | float, years: int, trials: int) -> FloatArray:
    """``(1 + g)^(t − 1)`` for years t = 1…years: shape (trials, years).

    Examples
    --------
    >>> loss_growth(0.05, 3, 1).round(4).tolist()
    [[1.0, 1.05, 1.1025]]
    """
    t = np.arange(years, dtype=np.float64)
    base = np.power(1.0 + np.asarray(rate, dtype=np.float64)[..., None], t)
    return np.broadcast_to(base, (trials, years)).copy()


def _per_stream(values: dict[str, FloatArray | float], paths: list[str], trials: int) -> FloatArray:
    """(trials, streams) from one (possibly per-trial) value per stream."""
    columns = np.broadcast_arrays(*(values[p] for p in paths), np.zeros(trials))[:-1]
    return np.stack([np.asarray(c, dtype=np.float64) for c in columns], axis=-1)


def yearly_losses(
    scenario: Scenario,
    components: LossComponents,
    options: tuple[str, ...],
    trials: int,
    years: int,
    inputs: LedgerInputs,
) -> YearlyLosses:
    """Price simulated incidents with (possibly per-trial) client figures.

    ``components`` hold ``trials × years`` simulated trial-years; trial ``i`` owns the
    trial-years ``i·years … i·years + years − 1``.  Client figures that vary by trial (ranges)
    enter linearly (see :meth:`LossModel.annual_from_components`); year ``t``'s losses grow by
    ``(1 + loss_growth_per_year)^(t − 1)``.
    """
    model = LossModel.from_scenario(scenario)
    client = scenario.client
    g = inputs.get
    revenue = g("client.revenue_at_risk_per_hour", client.revenue_at_risk_per_hour)
    recovered = g("client.share_recovered_later", client.share_recovered_later)
    hard_rate = revenue * g("client.margin_share", client.margin_share) * (
        1.0 - recovered
    ) + recovered * g("client.catch_up_cost_per_hour", client.catch_up_cost_per_hour)
    soft_rate = (
        g("client.employees_affected", client.employees_affected)
        * g("client.loaded_cost_per_employee_hour", client.loaded_cost_per_employee_hour)
        * g("client.productivity_lost_share", client.productivity_lost_share)
    )
    by_p = scenario.incidents.by_priority()
    streams = model.streams
    n_s = len(streams)
    impact = np.stack(
        [
            np.broadcast_to(
                np.asarray(
                    spec.impact_share
                    if inputs.values.get(spec.impact_path) is None
                    else inputs.values[spec.impact_path] * spec.impact_factor,
                    dtype=np.float64,
                ),
                (trials,),
            )
            for spec in streams
        ],
        axis=-1,
    )  # (trials, streams)
    per_priority = {
        field: {p: g(f"incidents.{p}.{field}", getattr(inc, field)) for p, inc in by_p.items()}
        for field in ("recovery_cost", "reputational_cost")
    }
    names = [PRIORITIES[x.priority] for x in streams]
    recovery = _per_stream(per_priority["recovery_cost"], names, trials)  # type: ignore[arg-type]
    reputational = _per_stream(per_priority["reputational_cost"], names, trials)  # type: ignore[arg-type]
    penalty = np.broadcast_to(g("client.penalty_per_hour", client.penalty_per_hour), (trials,))
    shape = (trials, years, len(options), n_s)
    w = components.weighted_hours.reshape(shape)
    n = components.incidents.reshape(shape)
    p = components.penalty_hours.reshape(shape)
    weighted = np.einsum("tyos,ts->tyo", w, impact)
    hard_t = np.broadcast_to(np.asarray(hard_rate, dtype=np.float64), (trials,))
    soft_t = np.broadcast_to(np.asarray(soft_rate, dtype=np.float64), (trials,))
    hard = weighted * hard_t[:, None, None] + np.einsum("tyos,ts->tyo", n, recovery)
    if model.penalty_per_hour > 0 or np.any(penalty > 0):
        owed = model.penalty_impact(impact)  # per trial: ranged impact shares meet the rule too
        hard += np.einsum("tyos,ts->tyo", p, owed) * penalty[:, None, None]
    soft = weighted * soft_t[:, None, None] + np.einsum("tyos,ts->tyo", n, reputational)
    growth = loss_growth(
        g("client.loss_growth_per_year", client.loss_growth_per_year), years, trials
    )[:, :, None]
    hard *= growth
    soft *= growth
    loss = hard + soft if client.ledger_losses == "hard_and_soft" else hard
    return YearlyLosses(options=options, loss=loss, hard=hard, soft=soft)


def _option_inputs(name: str, option: SupportOption, inputs: LedgerInputs) -> dict[str, object]:
    g = inputs.get
    prefix = f"options.{name}"
    out: dict[str, object] = {
        "fee": g(f"{prefix}.annual_fee", option.annual_fee),
        "kept": g(f"{prefix}.client_staff_kept_share", option.client_staff_kept_share),
    }
    terms = option.outsourcing
    if terms is not None:
        for key in type(terms).model_fields:
            value = getattr(terms, key)
            if isinstance(value, float):
                out[key] = g(f"{prefix}.outsourcing.{key}", value)
            else:
                out[key] = value
    return out


def _business_inputs(scenario: Scenario, inputs: LedgerInputs) -> dict[str, FloatArray | float]:
    bc = scenario.business_case
    names = (
        "discount_rate",
        "cost_inflation",
        "price_escalation",
        "target_margin",
        "client_staff_cost_per_year",
        "setup_cost",
        "sales_cost_per_contract",
        "client_onboarding_cost",
    )
    return {n: inputs.get(f"business_case.{n}", getattr(bc, n)) for n in names}


def _fee_path(
    fee: FloatArray | float,
    escalation: FloatArray | float,
    glide: FloatArray | float,
    years: int,
    trials: int,
    first_year: int = 1,
) -> FloatArray:
    """Fee per year: escalated from year 1, glided from ``first_year + 1``; 0 before first_year."""
    t = np.arange(years + 1, dtype=np.float64)
    esc = np.power(1.0 + np.asarray(escalation, dtype=np.float64)[..., None], np.maximum(t - 1, 0))
    glide_power = np.maximum(t - first_year, 0)
    glide_path = np.power(1.0 + np.asarray(glide, dtype=np.float64)[..., None], glide_power)
    path = np.asarray(fee, dtype=np.float64)[..., None] * esc * glide_path
    path = np.broadcast_to(path, (trials, years + 1)).copy()
    path[:, :first_year] = 0.0
    return path


@dataclass(frozen=True)
class _Context:
    """Everything one evaluation needs, shared by the ledgers of every option."""

    scenario: Scenario
    trials: int
    years: int
    losses: YearlyLosses
    delivery: dict[str, DeliveryCost | None]
    inputs: LedgerInputs
    business: dict[str, FloatArray | float]
    #: Arrays that every ledger of this evaluation shares (cost growth, priced credits), built
    #: once; read-only, so that no ledger can change another's.
    memo: dict[tuple[object, ...], FloatArray] = field(default_factory=dict, compare=False)

    def shared(self, key: tuple[object, ...], build: Callable[[], FloatArray]) -> FloatArray:
        """``build()``, computed once per evaluation under ``key``."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = build()
            found.setflags(write=False)
        return found

    def irr_of(self, flows: FloatArray) -> float:
        """:func:`~bizcase.economics.finance.irr` of one expected stream, once per evaluation
        for equal streams (a view priced as the default one has the decision's very flows)."""
        key = ("irr", flows.tobytes())
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = np.asarray(irr(flows), dtype=np.float64)
        return float(found)

    def inflation(self) -> FloatArray:
        """``(1 + cost_inflation)^(t − 1)`` per trial, years 0…H (0 in year 0)."""
        return self.shared(
            ("inflation",),
            lambda: _growth(self.business["cost_inflation"], self.years, self.trials),
        )

    def credits(self, cost: DeliveryCost, annual_fee: object) -> FloatArray:
        """One contract's service credits per trial, years 1…H, at ``annual_fee`` (its id
        keys a sampled fee: the ledger inputs live as long as the evaluation).  The views of
        one option share its credits: they are keyed by the simulated outcome, not the view."""
        fee_key = annual_fee if isinstance(annual_fee, float | int) else id(annual_fee)
        outcome = id(cost.credit_basis) if cost.credit_basis is not None else id(cost)
        return self.shared(
            ("credits", outcome, cost.credit_cap_share, fee_key),
            lambda: cost.credits_for(self.trials, self.years, annual_fee),  # type: ignore[arg-type]
        )


def _active(years: int, first_year: int, last_year: int) -> NDArray[np.bool_]:
    t = np.arange(years + 1)
    return (t >= first_year) & (t <= last_year)


@dataclass(frozen=True)
class _Window:
    """What both ledgers of one option need for the years ``first_year … last``."""

    option: SupportOption
    inputs: dict[str, object]
    last: int
    start: int  # the year of the one-off costs: first_year − 1
    active: NDArray[np.bool_]
    inflation: FloatArray
    fee: FloatArray  # escalated, glided fee from first_year (0 before)


def _window(ctx: _Context, name: str, first_year: int, last_year: int | None) -> _Window:
    option = ctx.scenario.options[name]
    T, H = ctx.trials, ctx.years
    last = H if last_year is None else last_year
    oi = _option_inputs(name, option, ctx.inputs)
    b = ctx.business
    glide = oi.get("price_glide_per_year", 0.0)
    return _Window(
        option=option,
        inputs=oi,
        last=last,
        start=first_year - 1,
        active=_active(H, first_year, last),
        inflation=ctx.inflation(),
        fee=_fee_path(oi["fee"], b["price_escalation"], glide, H, T, first_year),  # type: ignore[arg-type]
    )


def learning_ramp(
    ctx: _Context, name: str, first_year: int, last: int, learning: int
) -> FloatArray:
    """The knowledge-ramp factor of option ``name`` per year 0…horizon (0 when known).

    Only the staged strategy's outsourcing option learns (:class:`bizcase.model.business.Staged`):
    in its year ``j`` after ``learning`` years of support the factor is
    ``max(0, 1 − (learning + j − 1) / learning_years)``; 0 outside first…last.
    """
    staged = ctx.scenario.business_case.staged
    out = np.zeros(ctx.years + 1)
    if staged is None or staged.outsourcing != name or staged.learning_years <= 0:
        return out
    t = np.arange(ctx.years + 1)
    known = learning + t - first_year
    factor = np.clip(1.0 - known / float(staged.learning_years), 0.0, 1.0)
    return np.where((t >= first_year) & (t <= last), factor, 0.0)


def _holding_ex_capital(ctx: _Context) -> FloatArray | float:
    """Share of the holding cost left once the cost of capital is charged: ``max(1 − r/h, 0)``.

    The usual holding rate ``h`` (DESIGN §8: 20–40 % a year) includes the cost of the capital
    frozen in the stock.  The ledger charges that capital as a year-0 outflow and discounts at
    ``r``, so only ``h − r`` (storage, insurance, obsolescence) is a yearly cost.
    """
    delivery = ctx.scenario.delivery
    h = delivery.spares.holding_rate if delivery is not None else 0.0
    if h <= 0:
        return 0.0
    return np.maximum(1.0 - np.asarray(ctx.business["discount_rate"], dtype=np.float64) / h, 0.0)


def integrator_ledger(
    ctx: _Context,
    name: str,
    first_year: int = 1,
    last_year: int | None = None,
    learning: int = 0,
    cost: DeliveryCost | None = None,
    conversion: bool = False,
    residual_year: int | None = None,
) -> Ledger:
    """The integrator's flows for one contract of option ``name`` in years first…last.

    Notes
    -----
    One-off costs (spares capital, set-up share, sales, transition, monitoring capex) fall in
    year ``first_year − 1``; ``learning`` prior years of support cut the transition cost.
    ``cost`` is the view's delivery cost (default: the one-contract view).  A ``conversion``
    (the outsourcing years of a staged strategy) sells, sets up and stocks nothing again: the
    client, the business and the stock are already there; the support years' stock then
    returns its residual value in ``residual_year`` (the horizon), not when support ends.

    Rules: the spares stock's capital ``K`` is paid in year ``first_year − 1`` and
    ``K × spares_residual_share`` returns in the last year; the holding cost is charged net of
    the cost of capital, ``K·max(h − r, 0)`` a year.  Transferred engineers ``x`` fill the
    first-line seats ``h`` of the view: only ``max(h − x, 0)`` are hired; they are paid by the
    integrator from the end of dual running (the client pays them ``m`` months of year 1, once).
    """
    w = _window(ctx, name, first_year, last_year)
    s, option, oi, b = ctx.scenario, w.option, w.inputs, ctx.business
    T, H = ctx.trials, ctx.years
    last, active, start, inflation = w.last, w.active, w.start, w.inflation
    lines: dict[str, FloatArray] = {line: np.zeros((T, H + 1)) for line in INTEGRATOR_LINES}
    lines["revenue"] = w.fee * active
    if cost is None:
        cost = ctx.delivery.get(name)
    transferred = _col(oi["transferred_engineers"]) if option.outsourcing is not None else _col(0.0)
    if cost is not None:
        hired_share: FloatArray | float = 1.0
        engineers = _col(cost.engineers)
        if option.outsourcing is not None:
            hired_share = np.where(
                engineers > 0,
                np.maximum(engineers - transferred, 0.0) / np.maximum(engineers, 1e-300),
                0.0,
            )
        for line, per_year in cost.lines.items():
            scale: FloatArray | float = 1.0
            if line == "staff":
                scale = hired_share
            elif line == "spares_holding":
                scale = _col(_holding_ex_capital(ctx))
            lines[line] = -_col(per_year) * scale * inflation * active
        credits = np.zeros((T, H + 1))
        # priced at this ledger's (year-1, possibly sampled) fee, capped as the contract says
        credits[:, 1:] = ctx.credits(cost, oi["fee"])
        lines["penalties"] = -credits * inflation.clip(min=1.0) * active
        ramp = learning_ramp(ctx, name, first_year, last, learning)
        staged = s.business_case.staged
        if ramp.any() and staged is not None:
            for line in ("staff", "on_call", "second_line"):
                lines[line] = lines[line] * (1.0 + float(staged.learning_cost_share) * ramp)
            lines["penalties"] *= 1.0 + float(staged.learning_loss_share) * ramp
        if not conversion:
            capital = np.asarray(cost.spares_capital, dtype=np.float64)
            lines["spares_capital"][:, start] = -capital
            residual = capital * float(s.business_case.spares_residual_share)
            back = last if residual_year is None else residual_year
            lines["spares_capital"][:, back] += residual
            lines["setup"][:, start] = -np.asarray(b["setup_cost"]) * cost.setup_share
    if not conversion:
        lines["sales"][:, start] = -np.asarray(b["sales_cost_per_contract"])
    if option.outsourcing is not None:
        staff = transferred * _col(oi["transferred_cost_per_engineer"]) * inflation * active
        months = np.minimum(_col(oi["dual_running_months"]), 12.0)
        staff[:, first_year : first_year + 1] *= 1.0 - months / 12.0
        lines["transferred_staff"] = -staff
        cut = min(0.8, float(option.outsourcing.transition_learning_per_support_year) * learning)
        lines["transition"][:, start] = -np.asarray(oi["transition_cost"]) * (1.0 - cut)
        monitoring = np.zeros((T, H + 1))
        if option.outsourcing.monitoring == "in_house":
            if cost is None or cost.new_monitoring_centre:
                monitoring[:, start] = -np.asarray(oi["monitoring_capex"])
            monitoring -= _col(oi["monitoring_staff_cost_per_year"]) * inflation * active
        elif option.outsourcing.monitoring == "offshore":
            devices = sum(d.units for d in s.inventory)
            fee = _col(oi["offshore_fee_per_device_per_year"]) * devices
            fee = fee * (1.0 + _col(oi["offshore_overhead_share"]))
            monitoring -= fee * inflation * active
        lines["monitoring_centre"] = monitoring
        budget = _modernisation(ctx, oi, first_year, last)
        lines["modernisation_budget"] = budget
        lines["modernisation"] = -budget * (1.0 - _col(oi["modernisation_margin"]))
    return Ledger(option=name, label=option.label, side="integrator", lines=lines)


def _modernisation(ctx: _Context, oi: dict[str, object], first_year: int, last: int) -> FloatArray:
    """Modernisation budget per year: from year 3 of the contract when it runs > 2 years."""
    T, H = ctx.trials, ctx.years
    budget = _col(oi["modernisation_budget_per_year"])
    out = np.zeros((T, H + 1))
    if last - first_year + 1 <= 2:
        return out
    t = np.arange(H + 1)
    from_year = (t >= first_year + 2) & (t <= last)
    return budget * ctx.inflation() * from_year


def client_ledger(
    ctx: _Context, name: str, first_year: int = 1, last_year: int | None = None, learning: int = 0
) -> Ledger:
    """The client's savings from option ``name`` against the baseline in years first…last.

    ``learning`` prior years of support shorten the knowledge ramp (:func:`learning_ramp`): in
    its years the option's losses grow by ``learning_loss_share × factor``.
    """
    w = _window(ctx, name, first_year, last_year)
    s, option, oi, b = ctx.scenario, w.option, w.inputs, ctx.business
    T, H = ctx.trials, ctx.years
    last, active, start, inflation = w.last, w.active, w.start, w.inflation
    lines: dict[str, FloatArray] = {line: np.zeros((T, H + 1)) for line in CLIENT_LINES}
    avoided = np.zeros((T, H + 1))
    avoided[:, 1:] = ctx.losses.of(s.baseline) - ctx.losses.of(name)
    ramp = learning_ramp(ctx, name, first_year, last, learning)
    if ramp.any() and s.business_case.staged is not None:
        extra = float(s.business_case.staged.learning_loss_share) * ramp[1:]
        avoided[:, 1:] -= ctx.losses.of(name) * extra
    lines["downtime_losses_avoided"] = avoided * active
    base_kept = float(s.options[s.baseline].client_staff_kept_share)
    staff = _col(b["client_staff_cost_per_year"])
    kept = _col(oi["kept"])
    lines["own_staff_saved"] = staff * (base_kept - kept) * inflation * active
    lines["fee"] = -w.fee * active
    lines["onboarding"][:, start] = -np.asarray(b["client_onboarding_cost"])
    if option.outsourcing is not None:
        lines["modernisation_budget"] = -_modernisation(ctx, oi, first_year, last)
        months = np.minimum(_col(oi["dual_running_months"]), 12.0)
        dual = staff * (1.0 - kept) * months / 12.0
        lines["dual_running"][:, first_year] = -np.broadcast_to(dual, (T, 1))[:, 0]
    return Ledger(option=name, label=option.label, side="client", lines=lines)


@dataclass(frozen=True)
class ClientValue:
    """What one contract is worth to the client, at the scenario's base values.

    From the expected annual losses of a loss simulation (:func:`client_value`): the client
    ledger of the business case with those losses in every year (grown by the client's loss
    growth), its NPV, ROI and payback (:mod:`bizcase.economics.sales`), and the outage hours
    that pay the fee.
    """

    option: str
    label: str
    annual_fee: float
    expected_loss: float  # the option's expected annual loss (the ledger's basis), year 1
    avoided_loss: float  # the baseline's minus the option's, year 1
    own_staff_saved: float  # the client's own staff it no longer pays (outsourcing), year 1
    net_saving: float  # year 1 of the client ledger: avoided + own staff saved − fee − ...
    npv: float
    roi: float
    payback: Payback
    fee_paying_hours: float  # full-outage hours a year whose loss equals the fee
    break_even_outage_hours: float  # the status quo's full-outage hours at which it breaks even
    baseline_outage_hours: float  # the status quo's modelled full-outage hours a year
    loss_basis: str  # "hard" or "hard_and_soft"
    horizon_years: int
    discount_rate: float

    @property
    def payback_months(self) -> float:
        """Payback in months (0 = pays back from year one, inf = never)."""
        return self.payback.months


def client_value(
    scenario: Scenario, summaries: Mapping[str, OptionSummary]
) -> dict[str, ClientValue]:
    """Client NPV, ROI, payback and fee-paying hours of every offered option.

    Parameters
    ----------
    scenario : Scenario
        Its business case gives the horizon, discount rate, fee path and one-off costs.
    summaries : mapping of option to OptionSummary
        Expected annual losses from a loss simulation (:func:`bizcase.simulate.summary.summarise`).

    Returns
    -------
    dict of option to ClientValue
        Offered options in scenario order.

    Notes
    -----
    The flows are :func:`client_ledger`'s with each year's loss the expected annual loss on the
    ledger's basis times ``(1 + loss_growth)^(t − 1)``; the other inputs at their base values.
    ROI is :func:`bizcase.economics.sales.client_roi` — the same function the business case's
    decision uses on its expected flows.  Fee-paying hours are ``fee / (H·mean weight)``, the
    cost of one average hour of full outage on the ledger's basis; break-even hours
    ``D·(fee − own staff saved) / avoided loss`` in year 1, ``D`` the status quo's downtime.

    Examples
    --------
    >>> from bizcase import load_scenario, run_simulation, summarise
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> v = client_value(s, summarise(run_simulation(s, trials=500, seed=1)))
    >>> list(v) == [n for n in s.options if n != s.baseline]
    True
    """
    years = scenario.business_case.horizon_years
    names = tuple(scenario.options)
    both = scenario.client.ledger_losses == "hard_and_soft"
    per_year = np.array(
        [
            summaries[n].expected_annual_hard_and_soft_loss
            if both
            else summaries[n].expected_annual_loss
            for n in names
        ]
    )
    growth = loss_growth(scenario.client.loss_growth_per_year, years, 1)  # (1, years)
    losses = YearlyLosses(options=names, loss=growth[:, :, None] * per_year[None, None, :])
    inputs = LedgerInputs({})
    ctx = _Context(
        scenario=scenario,
        trials=1,
        years=years,
        losses=losses,
        delivery={},
        inputs=inputs,
        business=_business_inputs(scenario, inputs),
    )
    rate = float(scenario.business_case.discount_rate)
    model = LossModel.from_scenario(scenario)
    hour = model.hard_loss_per_hour * model.profile.mean
    if scenario.client.ledger_losses == "hard_and_soft":
        hour += model.soft_loss_per_hour * model.profile.mean
    base = summaries[scenario.baseline]
    out: dict[str, ClientValue] = {}
    for name in offered_options(scenario):
        ledger = client_ledger(ctx, name)
        lines = {line: flows[0] for line, flows in ledger.lines.items()}
        net = ledger.net[0]
        avoided = float(lines["downtime_losses_avoided"][1])
        staff_saved = float(lines["own_staff_saved"][1]) if "own_staff_saved" in lines else 0.0
        fee = float(scenario.options[name].annual_fee)
        other = float(net[1]) - avoided  # year 1's flows besides the avoided losses
        out[name] = ClientValue(
            option=name,
            label=scenario.options[name].label,
            annual_fee=fee,
            expected_loss=float(per_year[names.index(name)]),
            avoided_loss=avoided,
            own_staff_saved=staff_saved,
            net_saving=float(net[1]),
            npv=float(npv(rate, net)),
            roi=client_roi(lines, rate),
            payback=client_payback(net),
            fee_paying_hours=fee_paying_hours(fee, hour),
            break_even_outage_hours=break_even_outage_hours(
                base.expected_downtime_hours, -other, avoided
            ),
            baseline_outage_hours=base.expected_downtime_hours,
            loss_basis=scenario.client.ledger_losses,
            horizon_years=years,
            discount_rate=rate,
        )
    return out


@dataclass(frozen=True)
class OptionDecision:
    """The decision summary of one option (both ledgers)."""

    option: str
    label: str
    client_npv: FloatArray  # per trial
    integrator_npv: FloatArray | None
    client_roi: float  # sales.client_roi of the expected client flows
    client_payback_years: float  # 0 = pays back from year one; NaN = never
    integrator_irr: float
    integrator_payback_years: float
    price_floor: float | None
    client_payback: Payback | None = None

    def percentiles(self, side: str) -> dict[str, float]:
        """P10/P50/P90, mean and P(NPV < 0) of one ledger's NPV."""
        values = self.client_npv if side == "client" else self.integrator_npv
        if values is None:
            return {}
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        return {
            "mean": float(values.mean()),
            "p10": float(p10),
            "p50": float(p50),
            "p90": float(p90),
            "prob_negative": float(np.mean(values < 0)),
        }


def npv_spread(npv: FloatArray) -> dict[str, float]:
    """Mean, P10/P50/P90 and P(NPV < 0) of NPVs across trials."""
    p10, p50, p90 = np.percentile(npv, [10, 50, 90])
    return {
        "mean": float(npv.mean()),
        "p10": float(p10),
        "p50": float(p50),
        "p90": float(p90),
        "prob_negative": float(np.mean(npv < 0)),
    }


@dataclass(frozen=True)
class IntegratorView:
    """One option's integrator economics in one view (``single``, ``marginal``, ``allocated``).

    ``contracts`` is the count the team is sized for (1, existing + 1, or the planned N);
    ``pv_revenue`` and ``pv_cost`` are expected present values per contract (cost = every
    outflow, penalties and one-offs included, net of the stock's residual value);
    ``margin`` = 1 − pv_cost / pv_revenue; ``npv`` per trial; ``price_floor`` the year-1 fee at
    the target margin.
    """

    view: str
    label: str
    option: str
    contracts: int
    pv_revenue: float
    pv_cost: float
    margin: float
    npv: FloatArray
    irr: float
    price_floor: float

    def percentiles(self) -> dict[str, float]:
        """P10/P50/P90, mean and P(NPV < 0) of the integrator's NPV in this view."""
        return npv_spread(self.npv)


def integrator_view(
    ctx: _Context, name: str, view: str, cost: DeliveryCost, ledger: Ledger | None = None
) -> IntegratorView:
    """The integrator's ledger of one contract of ``name`` priced in ``view`` (``ledger``: that
    ledger when the caller has built it already)."""
    if ledger is None:
        ledger = integrator_ledger(ctx, name, cost=cost)
    rate = ctx.business["discount_rate"]
    mean_rate = float(np.mean(rate))
    factors = discount_factors(mean_rate, ctx.years)
    expected = ledger.expected
    pv_revenue = float(expected["revenue"] @ factors)
    pv_cost = -sum(float(flows @ factors) for n, flows in ledger.lines_expected() if n != "revenue")
    return IntegratorView(
        view=view,
        label=VIEW_LABELS[view],
        option=name,
        contracts=cost.contracts,
        pv_revenue=pv_revenue,
        pv_cost=pv_cost,
        margin=1.0 - pv_cost / pv_revenue if pv_revenue > 0 else math.nan,
        npv=np.asarray(npv(rate, ledger.net), dtype=np.float64),
        irr=ctx.irr_of(expected["net"]),
        price_floor=price_floor(ledger, mean_rate, float(np.mean(ctx.business["target_margin"]))),
    )


@dataclass(frozen=True)
class CaseResult:
    """Both ledgers of every offered option, the staged strategy and the portfolio."""

    scenario_name: str
    currency: str
    trials: int
    seed: int
    horizon_years: int
    discount_rate: float
    baseline: str
    client: dict[str, Ledger]
    integrator: dict[str, Ledger]
    decisions: dict[str, OptionDecision]
    staged: pd.DataFrame | None
    best_staged_k: int | None
    portfolio: pd.DataFrame | None
    break_even_contracts: int | None
    sampled_inputs: pd.DataFrame
    loss_basis: str = "hard"  # what the client ledger counts: "hard" or "hard and soft"
    #: view → option → the integrator's economics in that view; ``decisions`` show "single".
    views: dict[str, dict[str, IntegratorView]] = field(default_factory=dict)
    break_even: BreakEven | None = None
    #: the portfolio of whole contracts (pipeline, binomial churn, renewals, mix), per trial
    portfolio_contracts: PortfolioResult | None = None
    default_view: str = "single"
    #: view → (staged table, best k); ``staged`` is the default view's table.
    staged_views: dict[str, tuple[pd.DataFrame, int]] = field(default_factory=dict)
    #: The design point each trial was simulated at (trials of one point share its process
    #: inputs, so they are not independent); ``None`` when every trial stands alone.
    trial_cluster: NDArray[np.int64] | None = None

    def __repr__(self) -> str:
        npvs = []
        for name, d in self.decisions.items():
            client = float(np.mean(d.client_npv))
            npvs.append(f"{name}: client NPV {client:,.0f}")
        return (
            f"<CaseResult {self.scenario_name!r}: {self.trials:,} trials × {self.horizon_years} "
            f"years, seed {self.seed}, discount rate {self.discount_rate:.1%} ({self.currency}); "
            f"{'; '.join(npvs)}>"
        )

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(repr(self))}</p>"

    def prob_beats(self, a: str, b: str, side: str = "client") -> float:
        """P(NPV of option a > NPV of option b) on one ledger, same trials (CRN)."""
        da, db = self.decisions[a], self.decisions[b]
        va = da.client_npv if side == "client" else da.integrator_npv
        vb = db.client_npv if side == "client" else db.integrator_npv
        if va is None or vb is None:
            raise InputError(f"side = {side!r}: an option has no {side} ledger")
        return float(np.mean(va > vb))

    def staged_npv(self, k: int, side: str = "integrator") -> float:
        """Expected NPV of "support for k years, then outsourcing" on one ledger."""
        if self.staged is None:
            raise InputError("the scenario has no [business_case.staged] options")
        if not isinstance(k, int) or not 0 <= k <= self.horizon_years:
            raise InputError(
                f"k = {k!r}: the switch year must be an integer from 0 to the horizon "
                f"({self.horizon_years} years)"
            )
        column = "integrator_npv" if side == "integrator" else "client_npv"
        return float(self.staged.loc[self.staged.k == k, column].iloc[0])

    def fan(self, option: str, side: str = "integrator") -> pd.DataFrame:
        """Fan-chart data: P10/P50/P90 of the cumulative net cash flow per year."""
        ledger = (self.integrator if side == "integrator" else self.client)[option]
        cumulative = np.cumsum(ledger.net, axis=1)
        p10, p50, p90 = np.percentile(cumulative, [10, 50, 90], axis=0)
        return pd.DataFrame(
            {"year": np.arange(cumulative.shape[1]), "p10": p10, "p50": p50, "p90": p90}
        )


def price_floor(ledger: Ledger, discount_rate: float, target_margin: float) -> float:
    """Fee in year 1 at which the PV margin on revenue equals ``target_margin``.

    Notes
    -----
    Revenue is linear in the fee: ``PV(revenue) = fee·A`` with ``A`` the PV of the fee path
    per unit fee.  Service credits are taken as a share ``s = PV(credits) / PV(revenue)`` of the
    revenue (tiered credits and their cap are shares of the fee; fixed per-breach amounts are
    not, so the floor errs on the safe side by their part).  With ``C`` the PV of every other
    cost (expected), ``fee·A·(1 − s) − C = m·fee·A`` gives ``fee* = C / (A·(1 − m − s))``; NaN
    when no fee reaches the margin.
    """
    years = ledger.lines["revenue"].shape[1] - 1
    factors = discount_factors(discount_rate, years)
    revenue = ledger.expected["revenue"]
    fee_year1 = revenue[1] if revenue[1] != 0 else 1.0
    pv_revenue = float(revenue @ factors)
    a = pv_revenue / fee_year1
    pv = {n: float(flows @ factors) for n, flows in ledger.lines_expected()}
    costs = -sum(v for n, v in pv.items() if n not in ("revenue", "penalties"))
    credit_share = -pv.get("penalties", 0.0) / pv_revenue if pv_revenue > 0 else 0.0
    denominator = a * (1.0 - target_margin - credit_share)
    if a <= 0 or denominator <= 0:
        return math.nan
    return costs / denominator


def _payback(flows: FloatArray) -> float:
    """Payback in years (first crossing), but "never" (NaN) when the cumulative flow ends
    negative: a stream that is still under water at the horizon has not paid back."""
    # Under water by more than rounding: an exact break-even at the horizon has paid back.
    if np.cumsum(flows)[-1] < -break_even_tolerance(flows)[-1]:
        return math.nan
    return float(payback_years(flows))


def _decision(
    ctx: _Context, name: str, client: Ledger, integrator: Ledger | None
) -> OptionDecision:
    rate = ctx.business["discount_rate"]
    client_net = client.net
    client_npv = np.asarray(npv(rate, client_net), dtype=np.float64)
    expected = {line: flows.mean(axis=0) for line, flows in client.lines.items()}
    roi_value = client_roi(expected, float(np.mean(rate)))
    payback_value = client_payback(client_net.mean(axis=0))
    integrator_npv = None
    irr_value = payback = math.nan
    floor = None
    if integrator is not None:
        net = integrator.net
        integrator_npv = np.asarray(npv(rate, net), dtype=np.float64)
        mean_net = integrator.expected["net"]
        irr_value = ctx.irr_of(mean_net)
        payback = _payback(mean_net)
        floor = price_floor(
            integrator, float(np.mean(rate)), float(np.mean(ctx.business["target_margin"]))
        )
    return OptionDecision(
        option=name,
        label=client.label,
        client_npv=client_npv,
        integrator_npv=integrator_npv,
        client_roi=roi_value,
        client_payback_years=payback_value.years,
        integrator_irr=irr_value,
        integrator_payback_years=payback,
        price_floor=floor,
        client_payback=payback_value,
    )


# ---------------------------------------------------------------------------------------------
# Evaluation of one set of inputs


@dataclass(frozen=True)
class ProcessRun:
    """The simulated part of an evaluation: incidents priced per trial-year, delivery costs.

    Depends only on the inputs that change the incident process or the delivery plan, so runs
    are cached across evaluations that change only client figures or finance inputs.
    """

    components: LossComponents
    delivery: dict[str, DeliveryCost | None]  # the default (one-contract) view
    staircase: pd.DataFrame | None = None  # the portfolio option's cost by number of contracts
    views: dict[str, dict[str, DeliveryCost | None]] | None = None  # view → option → cost
    #: option → staircase for the portfolio of whole contracts (:mod:`bizcase.economics.portfolio`)
    portfolio_staircases: dict[str, pd.DataFrame] | None = None
    #: The service credits inside the staircase's cost: one contract's simulated SLA outcome and
    #: its mean credits a year at the fee it was simulated with (re-priced at the case's fee).
    staircase_credits: StaircaseCredits | None = None


@dataclass(frozen=True)
class StaircaseCredits:
    """What the portfolio staircase's service credits depend on: the simulated outcome of one
    contract (:class:`~bizcase.delivery.sla.CreditBasis`), the cap, and the mean credits a year
    the staircase's costs hold (priced at the fee of the simulation)."""

    basis: CreditBasis
    cap_share: float
    simulated_mean: float

    def mean_at(self, annual_fee: float) -> float:
        """Mean credits of one contract a year at ``annual_fee``."""
        return float(self.basis.per_year(annual_fee / 12.0, self.cap_share).mean())


def offered_options(scenario: Scenario) -> tuple[str, ...]:
    """Options compared against the baseline: every option but the baseline."""
    return tuple(n for n in scenario.options if n != scenario.baseline)


def check_case_budget(scenario: Scenario, trials: int) -> None:
    """Refuse a business case of ``trials`` whose simulation would exceed the work budget.

    The case simulates ``trials × horizon_years`` trial-years and keeps their loss components
    (:func:`bizcase.model.limits.check_work_budget`).
    """
    years = scenario.business_case.horizon_years
    what = f"trials × business_case.horizon_years = {trials:,} × {years}"
    check_work_budget(scenario, trials * years, keep_components=True, what=what)


def process_run(
    scenario: Scenario,
    trials: int,
    seed: int,
    options: tuple[str, ...] | None = None,
    with_staircase: bool = True,
) -> ProcessRun:
    """Simulate ``trials × horizon`` trial-years (components kept) and cost the delivery.

    ``options`` limits the delivery costing to those options (default: every offered option);
    the portfolio's staircase is built for full runs with ``with_staircase``.
    """
    years = scenario.business_case.horizon_years
    names = options or offered_options(scenario)
    # enough trial-years for stable mean costs, no more than the credits need
    delivery_trials = min(max(trials * years, 500), 20_000)
    measured = None
    from bizcase.delivery.inputs import memo_enabled
    from bizcase.delivery.plan import delivery_measure

    if delivery_trials == trials * years and scenario.delivery is not None and memo_enabled():
        # the delivery plans' incidents are the run's: measured as it restores them (inside
        # no_memo() they are simulated again, to prove it gives the same figures)

        measured = delivery_measure(scenario, names)
    result = run_simulation(
        scenario,
        trials=trials * years,
        seed=seed,
        keep_components=True,
        measure=None if measured is None else measured.measure,
    )
    if result.components is None:  # pragma: no cover - keep_components guarantees them
        raise RuntimeError("the simulation kept no loss components")
    if measured is not None:
        measured = measured.with_stats(result)
    by_option = {
        name: delivery_views(scenario, name, delivery_trials, seed, measured) for name in names
    }
    views: dict[str, dict[str, DeliveryCost | None]] = {
        view: {name: None if v is None else v[view] for name, v in by_option.items()}
        for view in VIEWS
    }
    # Only a full run (every option) feeds the portfolio; sensitivity runs skip the staircase.
    staircase, staircases, credits = (
        run_staircases(scenario) if options is None and with_staircase else (None, None, None)
    )
    return ProcessRun(
        components=result.components,
        delivery=views["single"],
        staircase=staircase,
        views=views,
        portfolio_staircases=staircases,
        staircase_credits=credits,
    )


#: One staircase a full run builds: ``(option, min_contracts)`` of :func:`_staircase` (option
#: None: the portfolio option's expected-value table).
StaircaseRequest = tuple[str | None, int]
_Built = tuple[pd.DataFrame | None, "StaircaseCredits | None"]


def staircase_requests(scenario: Scenario) -> tuple[StaircaseRequest, ...]:
    """The staircases :func:`run_staircases` builds for ``scenario``, each an independent
    simulation (:func:`build_staircases`): the portfolio option's expected-value table first,
    then the tables the portfolio's lines need besides it (none without a portfolio option)."""
    name = portfolio_option(scenario)
    if name is None or scenario.delivery is None:
        return ()
    from bizcase.economics.portfolio import staircase_requests as line_requests

    rows = _staircase_rows(scenario, name, 1)
    return ((None, 1), *line_requests(scenario, rows))


def build_staircases(
    scenario: Scenario, requests: tuple[StaircaseRequest, ...]
) -> dict[StaircaseRequest, _Built]:
    """Each staircase of :func:`staircase_requests` and the service credits its costs hold,
    the options' incidents drawn once: every staircase simulates the same trial-years (the
    scenario's seed), so each table is exactly the one built alone."""
    names = {r: portfolio_option(scenario) if r[0] is None else r[0] for r in requests}
    wanted = tuple(dict.fromkeys(n for n in names.values() if n is not None))
    if not wanted or scenario.delivery is None:
        return {r: _staircase(scenario, *r) for r in requests}
    from bizcase.delivery.incidents import simulate_options

    stats = simulate_options(
        scenario, wanted, trials=_STAIRCASE_TRIALS, seed=scenario.simulation.seed
    )
    return {
        r: _staircase(scenario, *r, stats=None if name is None else stats[name])
        for r, name in names.items()
    }


def run_staircases(
    scenario: Scenario, built: Mapping[StaircaseRequest, _Built] | None = None
) -> tuple[pd.DataFrame | None, dict[str, pd.DataFrame] | None, StaircaseCredits | None]:
    """The expected-value staircase, the portfolio lines' staircases and the staircase's credits
    of a full run; ``built`` holds staircases already built (:func:`build_staircases` of
    :func:`staircase_requests`, on an executor), the others are built here (by default all,
    their incidents drawn once)."""
    if built is None:
        built = build_staircases(scenario, staircase_requests(scenario))
    first: StaircaseRequest = (None, 1)
    staircase, credits = built[first] if first in built else _staircase(scenario)
    if staircase is None:
        return None, None, None
    from bizcase.economics.portfolio import portfolio_staircases

    tables = {(str(o), n): table for (o, n), (table, _) in built.items() if o is not None}
    return staircase, portfolio_staircases(scenario, staircase, tables), credits


def evaluate(
    scenario: Scenario,
    run: ProcessRun,
    trials: int,
    seed: int,
    inputs: LedgerInputs | None = None,
    sampled: pd.DataFrame | None = None,
    options: tuple[str, ...] | None = None,
    extras: bool = True,
) -> CaseResult:
    """Both ledgers of offered options from a process run and per-trial ledger inputs.

    ``options`` limits the ledgers to those options (default: the run's costed options);
    ``extras=False`` skips the staged strategy and the portfolio (sensitivity runs).
    """
    inputs = inputs or LedgerInputs({})
    years = scenario.business_case.horizon_years
    every_option = tuple(scenario.options)
    ctx = _Context(
        scenario=scenario,
        trials=trials,
        years=years,
        losses=yearly_losses(scenario, run.components, every_option, trials, years, inputs),
        delivery=run.delivery,
        inputs=inputs,
        business=_business_inputs(scenario, inputs),
    )
    client: dict[str, Ledger] = {}
    integrator: dict[str, Ledger] = {}
    decisions: dict[str, OptionDecision] = {}
    for name in options or tuple(run.delivery):
        client[name] = client_ledger(ctx, name)
        integrator[name] = integrator_ledger(ctx, name)
        decisions[name] = _decision(ctx, name, client[name], integrator[name])
    views: dict[str, dict[str, IntegratorView]] = {}
    if extras and run.views is not None:
        for view, costs in run.views.items():
            views[view] = {
                name: integrator_view(
                    ctx,
                    name,
                    view,
                    cost,
                    # the default view's ledger is the one just built: not built again
                    integrator[name] if _same_cost(cost, run.delivery.get(name)) else None,
                )
                for name, cost in costs.items()
                if cost is not None and name in integrator
            }
    staged, best_k = staged_strategy(ctx) if extras else (None, None)
    staged_views: dict[str, tuple[pd.DataFrame, int]] = {}
    if extras and run.views is not None and staged is not None:
        for view, costs in run.views.items():
            table: pd.DataFrame | None
            k: int | None
            if costs.keys() == run.delivery.keys() and all(
                _same_cost(costs[n], run.delivery[n]) for n in costs
            ):
                table, k = staged, best_k  # the default view's: the same costs
            else:
                table, k = staged_strategy(replace(ctx, delivery=costs))
            if table is not None and k is not None:
                staged_views[view] = (table, k)
    portfolio, even = (
        portfolio_table(ctx, run.staircase, run.staircase_credits) if extras else (None, None)
    )
    whole = None
    if extras and run.portfolio_staircases:
        from bizcase.economics.portfolio import portfolio_model

        whole = portfolio_model(ctx, run.portfolio_staircases, seed, run.staircase_credits)
    return CaseResult(
        scenario_name=scenario.name,
        currency=scenario.currency,
        trials=trials,
        seed=seed,
        horizon_years=years,
        discount_rate=float(np.mean(ctx.business["discount_rate"])),
        baseline=scenario.baseline,
        client=client,
        integrator=integrator,
        decisions=decisions,
        staged=staged,
        best_staged_k=best_k,
        portfolio=portfolio,
        break_even_contracts=None if even is None else even.contracts,
        sampled_inputs=sampled if sampled is not None else pd.DataFrame(index=range(trials)),
        loss_basis="hard" if scenario.client.ledger_losses == "hard" else "hard and soft",
        views=views,
        break_even=even,
        staged_views=staged_views,
        portfolio_contracts=whole,
    )


def _join(first: Ledger, second: Ledger, label: str) -> Ledger:
    lines = {
        name: first.lines.get(name, 0.0) + second.lines.get(name, 0.0)
        for name in dict.fromkeys([*first.lines, *second.lines])
    }
    return Ledger(option=label, label=label, side=first.side, lines=lines)  # type: ignore[arg-type]


def staged_strategy(ctx: _Context) -> tuple[pd.DataFrame | None, int | None]:
    """NPV of "support for k years, then outsourcing" for every k = 0…horizon.

    k = 0 is outsourcing from the start, k = horizon is support throughout.  A conversion in
    year k is the same client and the same business: no second sale, set-up or spares stock
    (the support stock serves on and returns its residual value at the horizon).
    Outsourcing's own one-offs (transition, monitoring capex) fall in year k, the transition
    cut by what k years of support taught the integrator.  Per k: the mean, P10/P50/P90 of the
    integrator's NPV and ``prob_best``, the share of trials in which that k has the highest
    NPV (common random numbers).  The best k maximises the expected NPV.
    """
    staged = ctx.scenario.business_case.staged
    if staged is None:
        return None, None
    rate = ctx.business["discount_rate"]
    rows, per_trial = [], []

    def client_npv(k: int) -> FloatArray:
        # the client's side does not depend on the integrator's view: once per evaluation
        parts_c = []
        if k >= 1:
            parts_c.append(client_ledger(ctx, staged.support, 1, k))
        if k < ctx.years:
            parts_c.append(client_ledger(ctx, staged.outsourcing, k + 1, ctx.years, learning=k))
        cli = parts_c[0] if len(parts_c) == 1 else _join(parts_c[0], parts_c[1], f"k={k}")
        return np.asarray(npv(rate, cli.net), dtype=np.float64)

    for k in range(ctx.years + 1):
        parts_i = []
        converts = 1 <= k < ctx.years
        if k >= 1:
            keep = ctx.years if converts else None
            parts_i.append(integrator_ledger(ctx, staged.support, 1, k, residual_year=keep))
        if k < ctx.years:
            parts_i.append(
                integrator_ledger(
                    ctx, staged.outsourcing, k + 1, ctx.years, learning=k, conversion=converts
                )
            )
        label = f"k={k}"
        integ = parts_i[0] if len(parts_i) == 1 else _join(parts_i[0], parts_i[1], label)
        npv_i = np.asarray(npv(rate, integ.net), dtype=np.float64)
        npv_c = ctx.shared(("staged_client_npv", k), lambda k=k: client_npv(k))  # type: ignore[misc]
        per_trial.append(npv_i)
        p10, p50, p90 = np.percentile(npv_i, [10, 50, 90])
        rows.append(
            {
                "k": k,
                "integrator_npv": float(npv_i.mean()),
                "integrator_npv_p10": float(p10),
                "integrator_npv_p50": float(p50),
                "integrator_npv_p90": float(p90),
                "client_npv": float(npv_c.mean()),
            }
        )
    table = pd.DataFrame(rows)
    winners = np.argmax(np.stack(per_trial), axis=0)
    table["prob_best"] = np.bincount(winners, minlength=ctx.years + 1) / winners.size
    best = int(table.loc[table.integrator_npv.idxmax(), "k"])
    return table, best


def portfolio_option(scenario: Scenario) -> str | None:
    """The support option the portfolio sells: the staged strategy's, else the last support
    option offered; None without a delivery model."""
    if scenario.delivery is None:
        return None
    staged = scenario.business_case.staged
    if staged is not None:
        return staged.support
    offered = [n for n in offered_options(scenario) if scenario.options[n].outsourcing is None]
    return offered[-1] if offered else None


def _portfolio_counts(scenario: Scenario, years: int) -> list[float]:
    portfolio = scenario.business_case.portfolio
    won = list(portfolio.contracts_won_per_year)
    counts, n = [], 0.0
    for t in range(1, years + 1):
        n = n * (1.0 - portfolio.churn_rate) + won[min(t - 1, len(won) - 1)]
        counts.append(n)
    return counts


def portfolio_staircase(
    scenario: Scenario, option: str | None = None, min_contracts: int = 1
) -> pd.DataFrame | None:
    """Cost to serve by number of contracts for the portfolio option (a simulation; cached in
    :class:`ProcessRun`), or for ``option``, with at least ``min_contracts`` rows."""
    return _staircase(scenario, option, min_contracts)[0]


def _staircase_rows(scenario: Scenario, name: str, min_contracts: int) -> int:
    """Rows of :func:`_staircase`'s table for option ``name``."""
    if name != portfolio_option(scenario):
        return min_contracts  # another option's table: only the rows its line can reach
    counts = _portfolio_counts(scenario, scenario.business_case.horizon_years)
    return max(20, math.ceil(max(counts)) + 1, min_contracts)


#: Trial-years of the incidents a staircase's workload is measured on.
_STAIRCASE_TRIALS = 2000


def _staircase(
    scenario: Scenario,
    option: str | None = None,
    min_contracts: int = 1,
    stats: OptionIncidentStats | None = None,
) -> tuple[pd.DataFrame | None, StaircaseCredits | None]:
    """:func:`portfolio_staircase` and the service credits its costs hold (None without);
    ``stats``: the option's incidents already simulated (:data:`_STAIRCASE_TRIALS`, the
    scenario's seed)."""
    name = portfolio_option(scenario) if option is None else option
    if name is None or scenario.delivery is None:
        return None, None
    from bizcase.delivery.incidents import simulate_option
    from bizcase.delivery.plan import scaling_table

    max_n = _staircase_rows(scenario, name, min_contracts)
    if stats is None:
        stats = simulate_option(
            scenario, name, trials=_STAIRCASE_TRIALS, seed=scenario.simulation.seed
        )
    credits = None
    if stats.credit_basis is not None:
        credits = StaircaseCredits(
            stats.credit_basis, stats.credit_cap_share, float(stats.credits_per_trial.mean())
        )
    return scaling_table(scenario, name, stats, max_n), credits


@dataclass(frozen=True)
class BreakEven:
    """The smallest whole number of contracts at which the support business pays.

    ``contracts`` is None when no count of the staircase breaks even; ``npv`` and
    ``margin_by_year`` (years 1…horizon) are those of a steady portfolio of that many contracts
    on the portfolio table's basis (same fee, escalation, inflation and staircase).
    """

    contracts: int | None
    npv: float
    margin_by_year: tuple[float, ...]


@dataclass(frozen=True)
class _PortfolioBasis:
    """The prices, growth and staircase that the portfolio table and the break-even share."""

    fee: float
    rate: float
    inflation: float
    escalation: float
    setup: float
    sales: float
    residual: float
    cost_of: dict[int, float]  # yearly cost to serve, holding net of the cost of capital
    capital_of: dict[int, float]

    def margins(self, count: int, years: int) -> FloatArray:
        """Operating margin ``fee·n·(1+e)^(t−1) − cost(n)·(1+i)^(t−1)``, t = 1…years."""
        t = np.arange(years, dtype=np.float64)
        revenue = self.fee * count * (1 + self.escalation) ** t
        return revenue - self.cost_of[count] * (1 + self.inflation) ** t

    def npv(self, count: int, years: int) -> float:
        """NPV of a steady portfolio of ``count`` contracts: year 0 pays the set-up, the sales
        of every contract and the stock; the stock's residual value returns in the last year."""
        flows = np.zeros(years + 1)
        flows[1:] = self.margins(count, years)
        flows[0] = -(self.setup + self.sales * count + self.capital_of[count])
        flows[-1] += self.capital_of[count] * self.residual
        return float(npv(self.rate, flows))


def _portfolio_basis(
    ctx: _Context, name: str, staircase: pd.DataFrame, credits: StaircaseCredits | None = None
) -> _PortfolioBasis:
    s = ctx.scenario
    rate = float(np.mean(ctx.business["discount_rate"]))
    holding_rate = s.delivery.spares.holding_rate if s.delivery is not None else 0.0
    capital_of = {
        int(n): float(k) for n, k in zip(staircase.contracts, staircase.spares_capital, strict=True)
    }
    # The staircase prices holding at the full rate; the ledger charges the capital itself.
    cost_of = {
        int(n): float(c) - capital_of[int(n)] * min(rate, holding_rate)
        for n, c in zip(staircase.contracts, staircase.total_annual_cost, strict=True)
    }
    fee = float(s.options[name].annual_fee)
    if credits is not None:
        # The staircase was simulated once; its credits follow this case's fee (capped).
        change = credits.mean_at(fee) - credits.simulated_mean
        if change != 0.0:
            cost_of = {n: c + n * change for n, c in cost_of.items()}
    return _PortfolioBasis(
        fee=fee,
        rate=rate,
        inflation=float(np.mean(ctx.business["cost_inflation"])),
        escalation=float(np.mean(ctx.business["price_escalation"])),
        setup=float(np.mean(ctx.business["setup_cost"])),
        sales=float(np.mean(ctx.business["sales_cost_per_contract"])),
        residual=float(s.business_case.spares_residual_share),
        cost_of=cost_of,
        capital_of=capital_of,
    )


def break_even(basis: _PortfolioBasis, years: int) -> BreakEven:
    """The smallest whole ``n`` whose steady portfolio has NPV ≥ 0 and a margin ≥ 0 every year.

    Notes
    -----
    ``NPV(n) = −(setup + sales·n + K(n)) + Σ_t [fee·n·(1+e)^(t−1) − c(n)·(1+i)^(t−1)]/(1+r)^t
    + K(n)·residual/(1+r)^H`` with ``c(n)`` the staircase's yearly cost (holding net of the cost
    of capital) and ``K(n)`` its stock.  Requiring every year's margin ≥ 0 as well keeps a count
    whose later years lose money (inflation above escalation) from being called break-even.
    """
    for count in sorted(basis.cost_of):
        margins = basis.margins(count, years)
        value = basis.npv(count, years)
        # Within the rounding of the terms: no dependence on the last bit.
        scale = basis.fee * count + basis.cost_of[count] + basis.capital_of[count] + basis.setup
        tol = float(break_even_tolerance(np.array([scale]))[-1])
        if value >= -tol and float(np.min(margins)) >= -tol:
            return BreakEven(int(count), value, tuple(float(m) for m in margins))
    return BreakEven(None, math.nan, ())


def portfolio_table(
    ctx: _Context, staircase: pd.DataFrame | None, credits: StaircaseCredits | None = None
) -> tuple[pd.DataFrame | None, BreakEven | None]:
    """The support business over the horizon, and the break-even number of contracts.

    Contracts follow ``n_t = n_{t−1}·(1 − churn) + won_t``.  The integrator's yearly margin is
    ``fee·n_t − cost(⌈n_t⌉)`` with ``cost(n)`` the delivery staircase (staff scale in steps,
    spares pool, holding net of the cost of capital).  The break-even count
    (:func:`break_even`) uses the same fee, growth and staircase with whole contracts.
    """
    s = ctx.scenario
    name = portfolio_option(s)
    if name is None or staircase is None:
        return None, None
    bc = s.business_case
    basis = _portfolio_basis(ctx, name, staircase, credits)
    counts = _portfolio_counts(s, ctx.years)
    rows, previous = [], 0.0
    for t, n_t in enumerate(counts, start=1):
        whole = max(1, math.ceil(n_t - 1e-9))
        revenue = basis.fee * n_t * (1 + basis.escalation) ** (t - 1)
        cost = basis.cost_of[whole] * (1 + basis.inflation) ** (t - 1)
        new = max(n_t - previous * (1 - bc.portfolio.churn_rate), 0.0)
        rows.append(
            {
                "year": t,
                "contracts": n_t,
                "revenue": revenue,
                "cost_to_serve": cost,
                "sales": basis.sales * new,
                "spares_capital": basis.capital_of[whole],
                "margin": revenue - cost - basis.sales * new,
            }
        )
        previous = n_t
    return pd.DataFrame(rows), break_even(basis, ctx.years)


def point_case(
    scenario: Scenario, trials: int | None = None, seed: int | None = None
) -> CaseResult:
    """The business case with every input at its point (base) value.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> case = point_case(s, trials=100)
    >>> sorted(case.decisions) == sorted(n for n in s.options if n != s.baseline)
    True
    """
    n = trials or scenario.business_case.trials
    run_seed = scenario.simulation.seed if seed is None else seed
    return evaluate(scenario, process_run(scenario, n, run_seed), n, run_seed)
