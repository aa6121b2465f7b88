"""The business case inputs: horizon and rates, outsourcing terms, portfolio and staged strategy."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from bizcase.model.base import FieldProblem, FrozenModel, Identifier, NonNegative, Share


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


#: Most contracts one portfolio line may reach over the horizon (each count is a staircase row).
MAX_PORTFOLIO_CONTRACTS = 1_000


class PortfolioLine(FrozenModel):
    """One kind of contract in the integrator's portfolio: what it sells, to how many, how often won.

    Counts are whole contracts.  In year ``t`` of each trial the line has
    ``N_t = N_{t−1} + W_t − L_t`` contracts, ``W_t ~ Binomial(prospects_t, win_probability)``
    wins and ``L_t ~ Binomial(N_{t−1}, churn_probability)`` losses from year 2 on (so
    ``E[N_t] = E[N_{t−1}]·(1 − churn) + prospects_t·win``), ``N_1 = contracts_at_start + W_1``.
    A contract won in year ``s`` pays its option's fee from year ``s``; it renews every
    ``term_years`` at ``renewal_price_change`` (``fee × (1 + change)^k`` after its ``k``-th
    renewal, in year ``s + k·term_years`` on).
    """

    option: Identifier | None = Field(
        default=None,
        description="Option sold on this line (default: the portfolio's support option, resp. the "
        "staged strategy's or the last offered outsourcing option).",
    )
    contracts_at_start: int = Field(
        default=0,
        ge=0,
        le=10_000,
        description="Contracts signed for year 1 before any pipeline win (this client, or "
        "clients already served): no sales cost, no churn in year 1, term counted from year 1.",
    )
    prospects_per_year: tuple[Annotated[int, Field(ge=0, le=10_000)], ...] | None = Field(
        strict=False,
        default=None,
        min_length=1,
        description="Prospects offered a contract in year 1, 2, …; the last value repeats.  "
        "Unset on the support line: ``contracts_won_per_year`` are won for certain; unset on "
        "the outsourcing line: no new outsourcing contracts.",
    )
    win_probability: Share | None = Field(
        default=None,
        description="Probability that one prospect signs (0–1); required with prospects_per_year.",
    )
    churn_probability: Share | None = Field(
        default=None,
        description="Annual probability that one contract is lost (0–1; default: the "
        "portfolio's churn_rate).",
    )
    term_years: int | None = Field(
        default=None,
        ge=1,
        le=30,
        description="Contract term, years: the contract renews (at the new price) every "
        "term_years (default: no renewal within the horizon).",
    )
    renewal_price_change: float = Field(
        default=0.0,
        ge=-0.5,
        le=0.5,
        description="Change of the fee at each renewal, decimal (−0.05 = renewed 5 % cheaper), "
        "on top of the yearly price escalation.",
    )

    @model_validator(mode="after")
    def _win_with_prospects(self) -> PortfolioLine:
        if self.prospects_per_year is not None and self.win_probability is None:
            raise FieldProblem(
                "win_probability",
                None,
                "required when prospects_per_year is given (probability one prospect signs, 0–1)",
                relative=True,
            )
        if self.prospects_per_year is None and self.win_probability is not None:
            raise FieldProblem(
                "win_probability",
                self.win_probability,
                "needs prospects_per_year (how many prospects are offered each year)",
                relative=True,
            )
        return self


class Portfolio(FrozenModel):
    """The support business beyond this client: contracts won per year and churn.

    ``contracts_won_per_year`` and ``churn_rate`` drive the expected-value portfolio table;
    the ``support`` and ``outsourcing`` lines drive the portfolio of whole contracts
    (:class:`PortfolioLine`).  Without a ``support`` line it wins ``contracts_won_per_year``
    (each year ``⌈w⌉`` prospects at ``w / ⌈w⌉``) and loses each contract with probability
    ``churn_rate`` a year, so both agree in expectation; without an ``outsourcing`` line the
    portfolio holds no outsourcing contracts.

    Both tables describe the same support business, so they lose its contracts at one rate:
    ``churn_rate`` is the ``support`` line's ``churn_probability`` when only that is given (and
    the line's default when only ``churn_rate`` is), and two different values are refused.
    """

    contracts_won_per_year: tuple[NonNegative, ...] = Field(
        strict=False,
        default=(1.0,),
        min_length=1,
        description="New contracts signed in year 1, 2, …; the last value repeats.",
    )
    churn_rate: Share = Field(
        default=0.1,
        description="Annual probability that a support contract is lost (0–1); the "
        "expected-value table loses this share of its contracts each year (default: the support "
        "line's churn_probability, else 0.1).",
    )
    support: PortfolioLine | None = Field(
        default=None, description="Support contracts: pipeline, win probability, churn, renewal."
    )
    outsourcing: PortfolioLine | None = Field(
        default=None,
        description="Outsourcing contracts beside the support ones (default: none).",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_support_churn(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        support = data.get("support")
        line_churn = (
            support.get("churn_probability")
            if isinstance(support, dict)
            else getattr(support, "churn_probability", None)
        )
        if line_churn is None:
            return data
        if "churn_rate" not in data:
            return {**data, "churn_rate": line_churn}
        given = data["churn_rate"]
        # Out-of-range values are left to the fields' own rules, which name them better.
        if all(isinstance(v, int | float) and 0.0 <= v <= 1.0 for v in (given, line_churn)):
            if abs(float(given) - float(line_churn)) > 1e-12:
                raise FieldProblem(
                    "churn_rate",
                    given,
                    f"differs from support.churn_probability = {line_churn}: both are the annual "
                    "probability of losing a support contract (the expected-value table and the "
                    "portfolio of whole contracts); give one of them, or the same value",
                    relative=True,
                )
        return data


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

    @model_validator(mode="after")
    def _portfolio_within_reach(self) -> BusinessCase:
        # every count a line can reach is priced on the delivery staircase, one row per count
        for kind in ("support", "outsourcing"):
            line = getattr(self.portfolio, kind)
            if line is None or line.prospects_per_year is None:
                continue
            values = line.prospects_per_year
            offered = sum(values[min(t, len(values) - 1)] for t in range(self.horizon_years))
            if line.contracts_at_start + offered > MAX_PORTFOLIO_CONTRACTS:
                raise FieldProblem(
                    f"portfolio.{kind}.prospects_per_year",
                    list(values),
                    f"contracts at start plus the prospects of {self.horizon_years} years come to "
                    f"{line.contracts_at_start + offered:,}; at most "
                    f"{MAX_PORTFOLIO_CONTRACTS:,} contracts can be priced",
                    relative=True,
                )
        return self
