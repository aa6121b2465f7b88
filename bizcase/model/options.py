"""Support options: coverage window, stage times, SLA targets by priority, spares policy, service credits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from bizcase.model.base import (
    STAGES,
    Duration,
    FieldProblem,
    FrozenModel,
    NonNegative,
    Priority,
    Profile,
    Share,
    window_facts,
)
from bizcase.model.business import Outsourcing
from bizcase.model.calendar import DAY_NAMES
from bizcase.model.design import Design

#: An SLA clock: ``24x7`` counts every hour; ``coverage`` counts the open hours of the
#: integrator's window for the priority (its business hours); ``next_business_day`` starts
#: counting at the first opening of that window on a later calendar day.
SlaClock = Literal["24x7", "coverage", "next_business_day"]


class Stages(FrozenModel):
    """The restoration pipeline's stage durations (DESIGN 4.3), each a median and P90 in hours.

    Detection runs on the wall clock (the client or the monitoring notices).  Response,
    diagnosis, travel, second line and repair are work: they advance only inside the option's
    coverage window.  With a ``[design]``, detection (given monitoring), response and travel
    may be left out: the design derives them; a stage typed here overrides the derived one.
    """

    detection: Duration | None = Field(
        default=None, description="Outage start to case logged, wall-clock hours."
    )
    response: Duration | None = Field(
        default=None, description="Case logged to an engineer working on it, work hours."
    )
    diagnosis: Duration | None = Field(default=None, description="Finding the cause, work hours.")
    travel: Duration | None = Field(
        default=None, description="Getting to the site (on-site cases), work hours."
    )
    second_line: Duration | None = Field(
        default=None, description="Expert escalation (escalated cases), work hours."
    )
    repair: Duration | None = Field(
        default=None, description="Repair and verification, work hours."
    )


class StagesOverride(FrozenModel):
    """Stage durations that differ for one priority; missing stages keep the option's default."""

    detection: Duration | None = None
    response: Duration | None = None
    diagnosis: Duration | None = None
    travel: Duration | None = None
    second_line: Duration | None = None
    repair: Duration | None = None


class SparesPolicy(FrozenModel):
    """Where an option's spare parts come from."""

    local_stock: bool = Field(
        default=False, description="True when spares are kept at the site or a nearby depot."
    )
    stockout_probability: Share = Field(
        default=0.0,
        description="Probability that the local stock is empty when a part is needed (0–1); "
        "the delivery model derives it from the stock level.",
    )
    local_fetch: Duration = Field(
        default=Duration(median_hours=0.5, p90_hours=1.5),
        description="Taking a part from local stock to the device, work hours.",
    )
    vendor_lead_time: Duration = Field(
        default=Duration(median_hours=24.0, p90_hours=72.0),
        description="Vendor RMA delivery when there is no local part, wall-clock hours.",
    )


class PriorityTerms(FrozenModel):
    """How an option treats one priority: its own coverage window, stages and SLA targets."""

    coverage: Profile | None = Field(
        default=None, description="Coverage window for this priority (default: the option's)."
    )
    stages: StagesOverride = Field(default=StagesOverride(), description="Stage overrides.")
    response_target_hours: NonNegative | None = Field(
        default=None, description="Contractual response target on the SLA clock, hours."
    )
    restoration_target_hours: NonNegative | None = Field(
        default=None, description="Contractual restoration target on the SLA clock, hours."
    )
    sla_clock: SlaClock | None = Field(
        default=None, description="SLA clock of this priority (default: the option's)."
    )
    client_first_line: Profile | None = Field(
        default=None,
        description="Hours the client's own staff work this priority (default: the option's).",
    )


class SupportOption(FrozenModel):
    """A support option: a column of every comparison (status quo, 8x5 NBD, 24x7x4, outsourcing)."""

    label: str = Field(min_length=1, description="Name shown on screens and reports.")
    description: str = Field(default="", description="One or two sentences for the reader.")
    annual_fee: NonNegative = Field(
        default=0.0, description="Price the client pays per year, currency/year."
    )
    coverage: Profile = Field(
        description="When the integrator works on cases (0/1 weekly window): the hours it "
        "sells and staffs."
    )
    field_partner_cost_per_visit: NonNegative | None = Field(
        default=None,
        description="When set, on-site work (travel, fetching the part, repair on site) is "
        "bought from a field partner at this price per visit, currency; the integrator's "
        "engineers keep the remote work (response, diagnosis, remote repair).",
    )
    client_first_line: Profile | None = Field(
        default=None,
        description="When the client's own staff work on cases as first line under this "
        "option (0/1 weekly window; default none).  Cases are worked in these hours or the "
        "integrator's, but the integrator staffs and is paid for its own hours only.",
    )
    sla_clock: SlaClock = Field(
        default="coverage",
        description="Clock on which SLA targets are measured, for every priority without its "
        "own: '24x7', 'coverage' (the integrator's business hours for the priority) or "
        "'next_business_day'.",
    )
    sla_clock_start: Literal["registration", "outage_start"] = Field(
        default="registration",
        description="When the SLA clock starts, for response and restoration: the case's "
        "registration (the contract's usual rule) or the start of the outage.",
    )
    sla_excluded_share: Share = Field(
        default=0.0,
        description="Share of incidents excluded from the SLA (client-caused, carrier, force "
        "majeure), 0–1; they still cost the client.",
    )
    stages: Stages = Field(description="Default stage durations for every priority.")
    spares: SparesPolicy = Field(default=SparesPolicy(), description="Spare-part supply.")
    proactive_removal_share: Share = Field(
        default=0.0,
        description="Share of incidents prevented by proactive work (outsourcing), 0–1.",
    )
    priorities: dict[Priority, PriorityTerms] = Field(
        default_factory=dict, description="Per-priority coverage, stages and SLA targets."
    )
    credits: ServiceCredits | None = Field(
        default=None, description="Service credits owed when the SLA is missed (none if absent)."
    )
    client_staff_kept_share: Share = Field(
        default=1.0,
        description="Share of the client's own network staff cost still paid under this option "
        "(1 = all kept; outsourcing usually 0: they transfer).",
    )
    outsourcing: Outsourcing | None = Field(
        default=None, description="Outsourcing terms; absent for a support contract."
    )
    design: Design | None = Field(
        default=None,
        description="Delivery design (bases, staffing, spares placement, monitoring) from which "
        "response, travel, spare-part and (with monitoring) detection times and the delivery "
        "cost are derived.",
    )

    @field_validator("coverage")
    @classmethod
    def _coverage_is_zero_one(cls, profile: Profile) -> Profile:
        check_coverage(profile)
        return profile

    @model_validator(mode="after")
    def _priority_coverage(self) -> SupportOption:
        for priority, terms in self.priorities.items():
            if terms.coverage is not None:
                _named(check_coverage, terms.coverage, f"priorities.{priority}.coverage")
            if terms.client_first_line is not None:
                _named(
                    check_window,
                    terms.client_first_line,
                    f"priorities.{priority}.client_first_line",
                )
        if self.client_first_line is not None:
            _named(check_window, self.client_first_line, "client_first_line")
        return self

    @model_validator(mode="after")
    def _stages_typed_or_derived(self) -> SupportOption:
        missing = [s for s in STAGES if getattr(self.stages, s) is None]
        derivable = set(derived_stages(self.design))
        underived = [s for s in missing if s not in derivable]
        if underived:
            reason = (
                "a design derives only response, travel and, with monitoring, detection"
                if self.design is not None
                else "required (or give a [design] that derives it)"
            )
            raise FieldProblem(f"stages.{underived[0]}", None, reason, relative=True)
        if self.design is not None and self.field_partner_cost_per_visit is not None:
            # One price per partner visit: a design prices its partners' visits itself.
            raise FieldProblem(
                "field_partner_cost_per_visit",
                self.field_partner_cost_per_visit,
                "an option with a [design] prices its field partners in design.partners "
                "(fee_per_visit); drop this key or the design",
                relative=True,
            )
        if self.design is not None:
            staffed = self.design.staffed_mask()
            windows = [self.coverage] + [
                t.coverage for t in self.priorities.values() if t.coverage is not None
            ]
            for window in windows:
                unstaffed = np.flatnonzero((window.vector() != 0) & ~staffed)
                if unstaffed.size:
                    day, h = divmod(int(unstaffed[0]), 24)
                    raise FieldProblem(
                        "design.staffing",
                        f"{DAY_NAMES[day]} {h:02d}:00",
                        "a coverage hour has no staffing window in force",
                        relative=True,
                    )
        return self

    def coverage_for(self, priority: str) -> Profile:
        """Coverage window that applies to ``priority``."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        return terms.coverage if terms and terms.coverage is not None else self.coverage

    def client_first_line_for(self, priority: str) -> Profile | None:
        """The client's own first-line hours for ``priority`` (None: the client does not work it)."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        if terms is not None and terms.client_first_line is not None:
            return terms.client_first_line
        return self.client_first_line

    def work_window_for(self, priority: str) -> np.ndarray:
        """0/1 weekly vector of the hours cases of ``priority`` are worked: integrator or client."""
        window = self.coverage_for(priority).vector()
        own = self.client_first_line_for(priority)
        return window if own is None else np.maximum(window, own.vector())

    def sla_clock_for(self, priority: str) -> SlaClock:
        """The SLA clock of ``priority``."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        return terms.sla_clock if terms and terms.sla_clock is not None else self.sla_clock

    def stage_for(self, priority: str, stage: str) -> Duration | None:
        """Typed duration of ``stage`` for ``priority`` (override applied); None if derived."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        override = getattr(terms.stages, stage) if terms else None
        return override if override is not None else getattr(self.stages, stage)


def derived_stages(design: Design | None) -> tuple[str, ...]:
    """Stages a design derives when they are not typed (DESIGN 4.11)."""
    if design is None:
        return ()
    return ("detection", "response", "travel") if design.monitoring else ("response", "travel")


def _named(check: Callable[[Profile], None], profile: Profile, where: str) -> None:
    """Run a window check, naming the field (relative to the option) when it fails."""
    try:
        check(profile)
    except ValueError as exc:
        raise FieldProblem(
            where, profile.model_dump(exclude_defaults=True), str(exc), relative=True
        ) from None


def check_window(profile: Profile) -> None:
    """A 0/1 weekly window, possibly closed all week (the client keeps nobody on it)."""
    zero_one, _ = window_facts(profile)
    if not zero_one:
        raise ValueError("a window's hours must be 0 (closed) or 1 (open)")


def check_coverage(profile: Profile) -> None:
    zero_one, open_hours = window_facts(profile)
    if not zero_one:
        raise ValueError("a coverage window's hours must be 0 (closed) or 1 (open)")
    if open_hours == 0:
        raise ValueError("a coverage window needs at least one open hour")


class CreditTier(FrozenModel):
    """A service-credit tier: a month whose availability falls below a level earns a credit."""

    availability_below: float = Field(
        gt=0.0,
        le=1.0,
        description="Monthly availability (0–1) strictly below which the tier applies, e.g. 0.999.",
    )
    credit_share: Share = Field(description="Credit as a share of the monthly fee (0–1).")


class ServiceCredits(FrozenModel):
    """Service credits an option's contract pays the client when the SLA is missed.

    Per calendar month: the per-breach amounts of the month's missed restoration targets plus the
    largest availability tier reached, capped at ``cap_share_of_monthly_fee`` × annual fee / 12.
    Monthly availability is ``1 − impact-weighted outage hours / 730`` (each incident counted in
    the month it starts).
    """

    per_breach: dict[Priority, NonNegative] = Field(
        default_factory=dict,
        description="Credit per missed restoration target, by priority, currency per breach.",
    )
    availability_tiers: tuple[CreditTier, ...] = Field(
        strict=False,
        default=(),
        description="Monthly availability tiers; the largest credit that applies.",
    )
    cap_share_of_monthly_fee: Share = Field(
        default=1.0,
        description="Cap on a month's credits as a share of the monthly fee (0–1); the default "
        "1.0 caps them at the whole monthly fee.",
    )
