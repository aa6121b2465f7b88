"""The business case inputs: horizon and rates, outsourcing terms, portfolio and staged strategy."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from bizcase.model.base import FrozenModel, Identifier, NonNegative, Share


class Outsourcing(FrozenModel):
    """What outsourcing adds to an option: transferred staff, transition, monitoring centre.

    Used by the business case (DESIGN 4.9); an option without this table is a support contract.
    """

    transferred_engineers: NonNegative = Field(
        default=0.0, description="Client engineers who move to the integrator (FTE)."
    )
    transferred_cost_per_engineer: NonNegative = Field(
        default=0.0, description="Loaded annual cost of one transferred engineer, currency/year."
    )
    transition_cost: NonNegative = Field(
        default=0.0,
        description="Integrator's one-off take-over cost (discovery, documentation, tooling), "
        "currency, in year 0 (or in the switch year of a staged strategy).",
    )
    dual_running_months: NonNegative = Field(
        default=0.0,
        description="Months of year 1 in which the client keeps paying its own engineers while "
        "the integrator takes over.",
    )
    monitoring: Literal["in_house", "offshore", "none"] = Field(
        default="none", description="Who runs the 24x7 monitoring centre."
    )
    monitoring_capex: NonNegative = Field(
        default=0.0, description="In-house centre: tools, screens, integration, currency (year 0)."
    )
    monitoring_staff_cost_per_year: NonNegative = Field(
        default=0.0,
        description="In-house centre: this contract's share of its staff, currency/year.",
    )
    offshore_fee_per_device_per_year: NonNegative = Field(
        default=0.0, description="Offshore centre: fee per monitored device, currency/year."
    )
    offshore_overhead_share: NonNegative = Field(
        default=0.0,
        description="Offshore centre: hidden overheads (management, hand-offs, travel) as a share "
        "of its fee, e.g. 0.15.",
    )
    modernisation_budget_per_year: NonNegative = Field(
        default=0.0,
        description="Development-plan budget the client funds through the contract from year 3 "
        "on (contracts longer than two years), currency/year.",
    )
    modernisation_margin: Share = Field(
        default=0.1, description="Integrator's margin on the modernisation budget (0–1)."
    )
    price_glide_per_year: float = Field(
        default=0.0,
        ge=-0.5,
        le=0.5,
        description="Yearly change of the real fee from year 2 on (−0.03 = 3 % cheaper each year "
        "as the integrator learns the network), before price escalation.",
    )
    transition_learning_per_support_year: Share = Field(
        default=0.2,
        description="Staged strategy: share of the transition cost saved per prior year of support "
        "(the integrator already knows the network), at most 80 % in all.",
    )


class Portfolio(FrozenModel):
    """The support business beyond this client: contracts won per year and churn."""

    contracts_won_per_year: tuple[NonNegative, ...] = Field(
        strict=False,
        default=(1.0,),
        min_length=1,
        description="New contracts signed in year 1, 2, …; the last value repeats.",
    )
    churn_rate: Share = Field(default=0.1, description="Share of contracts lost each year (0–1).")


class Staged(FrozenModel):
    """Support first, outsourcing later: the two options whose years are joined.

    The knowledge ramp: an integrator that takes over a network it has never supported works
    slower and prevents less until it knows it.  In outsourcing year ``j`` after ``k`` years of
    support it knows the network for ``k + j − 1`` years; while that is below
    ``learning_years`` the outsourcing option pays ``factor = 1 − (k + j − 1) / learning_years``
    times ``learning_cost_share`` more delivery effort (first-line, on-call, second-line) and
    suffers ``factor × learning_loss_share`` more client downtime losses and service credits.
    Outsourcing from day one (k = 0) pays the full penalty in its first year.
    """

    support: Identifier = Field(description="Option run in years 1…k.")
    outsourcing: Identifier = Field(description="Option run in years k+1…horizon.")
    learning_years: NonNegative = Field(
        default=2.0,
        description="Years of work on the network after which the integrator knows it (0: no "
        "learning penalty).",
    )
    learning_cost_share: NonNegative = Field(
        default=0.0,
        description="Extra delivery effort of a first year on an unknown network (0.15 = 15 %).",
    )
    learning_loss_share: NonNegative = Field(
        default=0.0,
        description="Extra downtime losses and credits of a first year on an unknown network "
        "(slower diagnosis, missed prevention), as a share of the option's own.",
    )


class BusinessCase(FrozenModel):
    """Multi-year economics for the client and the integrator (DESIGN 4.9–4.10).

    Year 0 is the initial investment, undiscounted; year t is discounted by ``(1 + r)^t``.
    """

    horizon_years: int = Field(default=5, ge=1, le=30, description="Contract length, years.")
    discount_rate: float = Field(
        default=0.10, gt=-1.0, le=1.0, description="Yearly discount rate r (decimal, > −1)."
    )
    cost_inflation: float = Field(
        default=0.03, ge=-0.5, le=1.0, description="Yearly growth of costs (decimal)."
    )
    price_escalation: float = Field(
        default=0.02, ge=-0.5, le=1.0, description="Yearly indexation of fees (decimal)."
    )
    target_margin: float = Field(
        default=0.20,
        ge=-1.0,
        lt=1.0,
        description="Integrator's target margin on revenue (PV basis) for the price floor.",
    )
    client_staff_cost_per_year: NonNegative = Field(
        default=0.0,
        description="Client's own network staff today, loaded cost, currency/year.",
    )
    setup_cost: NonNegative = Field(
        default=0.0,
        description="Integrator's set-up of the support business (contract templates, service "
        "desk tooling, monitoring), currency in year 0, shared over the contracts served.",
    )
    sales_cost_per_contract: NonNegative = Field(
        default=0.0, description="Sales and presales effort to win one contract, currency (year 0)."
    )
    client_onboarding_cost: NonNegative = Field(
        default=0.0,
        description="Client's own one-off effort to start a contract (procurement, hand-over), "
        "currency in year 0.",
    )
    spares_residual_share: Share = Field(
        default=1.0,
        description="Share of the spares stock's capital returned at the end of the horizon (the "
        "stock is still on the shelf; the holding rate's obsolescence part keeps it whole: 1.0). "
        "Lower it when the parts cannot be reused or sold.",
    )
    trials: int = Field(
        default=1000,
        ge=20,
        le=200_000,
        description="Business-case trials (each a run of horizon_years simulated years).",
    )
    design_points: int = Field(
        default=8,
        ge=1,
        le=256,
        description="Latin-hypercube points for ranged inputs that change the incident process "
        "or the delivery plan (each simulated once; other ranged inputs vary per trial).",
    )
    portfolio: Portfolio = Field(default=Portfolio(), description="Contracts won and churn.")
    staged: Staged | None = Field(default=None, description="Support-then-outsourcing options.")
