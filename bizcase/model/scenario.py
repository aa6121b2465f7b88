"""The scenario model: one validated, frozen description of a client, its incidents and support options.

A scenario is read from TOML (standard-library ``tomllib``), validated by pydantic models with
``extra="forbid"`` (a typo is an error, not an ignored key) and frozen.  Every quantity carries its
unit in its name or its description: money in the scenario's currency, durations in hours, rates
per year, shares as decimals (0.16, not 16).

Durations are given as a **median and a 90th percentile** ("typical" and "bad case"); the engine
fits a lognormal to the two (:func:`lognormal_params`).
"""

from __future__ import annotations

import math
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import tomli_w
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bizcase.model.calendar import DAY_NAMES, HOURS_PER_WEEK, hours_mask
from bizcase.model.errors import InputError, ScenarioError
from bizcase.model.ranges import Range, extract_ranges, format_path, parse_path, set_path

PRIORITIES: tuple[str, ...] = ("critical", "major", "minor", "technical")
Priority = Literal["critical", "major", "minor", "technical"]
STAGES: tuple[str, ...] = (
    "detection",
    "response",
    "diagnosis",
    "travel",
    "second_line",
    "repair",
)
#: z-score of the 90th percentile of the standard normal distribution.
Z90 = 1.2815515655446004
MAX_TRIALS = 10_000_000

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class FrozenModel(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected, NaN and infinity rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def lognormal_params(median_hours: float, p90_hours: float) -> tuple[float, float]:
    """Fit a lognormal to a median and a 90th percentile.

    Parameters
    ----------
    median_hours : float
        The median duration, hours (> 0).
    p90_hours : float
        The 90th percentile, hours (>= median).

    Returns
    -------
    (mu, sigma) : tuple of float
        Mean and standard deviation of ``ln(duration)``.

    Notes
    -----
    ``mu = ln(median)`` and ``sigma = (ln(P90) − ln(median)) / z₀.₉`` with ``z₀.₉ = 1.28155``.
    The mean duration is ``exp(mu + sigma²/2)``.

    Examples
    --------
    >>> mu, sigma = lognormal_params(1.9325, 8.0598)
    >>> round(mu, 4), round(sigma, 4)
    (0.6588, 1.1143)
    """
    if not (median_hours > 0 and math.isfinite(median_hours)):
        raise InputError(f"median_hours = {median_hours!r}: must be a finite number > 0")
    if not (p90_hours >= median_hours and math.isfinite(p90_hours)):
        raise InputError(f"p90_hours = {p90_hours!r}: must be finite and >= median_hours")
    mu = math.log(median_hours)
    return mu, (math.log(p90_hours) - mu) / Z90


class Duration(FrozenModel):
    """A random duration given by its median and 90th percentile, in hours (lognormal fit).

    ``median_hours = p90_hours`` gives a fixed duration; both 0 gives a stage that takes no time.
    """

    median_hours: NonNegative = Field(description="Typical duration, hours (the 50th percentile).")
    p90_hours: NonNegative = Field(
        description="Bad-case duration, hours: 9 times in 10 it is shorter (the 90th percentile)."
    )

    @model_validator(mode="after")
    def _p90_not_below_median(self) -> Duration:
        if self.p90_hours < self.median_hours:
            raise ValueError(
                f"p90_hours ({self.p90_hours}) must be >= median_hours ({self.median_hours})"
            )
        if self.median_hours == 0 and self.p90_hours > 0:
            raise ValueError("median_hours is 0 but p90_hours is not: give both 0 for no time")
        return self

    @property
    def mu_sigma(self) -> tuple[float, float]:
        """``(mu, sigma)`` of ``ln(hours)``; ``mu = -inf`` for a zero duration."""
        if self.median_hours == 0:
            return -math.inf, 0.0
        return lognormal_params(self.median_hours, self.p90_hours)

    @property
    def mean_hours(self) -> float:
        """Expected duration, hours: ``exp(mu + sigma²/2)``."""
        mu, sigma = self.mu_sigma
        return 0.0 if self.median_hours == 0 else math.exp(mu + sigma * sigma / 2)


class TimeWindow(FrozenModel):
    """A block of hours on some days of the week, with a weight."""

    days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] = Field(
        min_length=1, description="Days of the week, e.g. ['mon', 'tue']."
    )
    start_hour: int = Field(ge=0, le=23, description="First hour of the block, 0–23.")
    end_hour: int = Field(ge=1, le=24, description="Hour the block ends (exclusive), 1–24.")
    weight: NonNegative = Field(
        default=1.0,
        description="Value inside the block (loss profiles: share of the peak loss rate; "
        "coverage windows: must be 1).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end_hour <= self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour}) must be after start_hour ({self.start_hour})"
            )
        return self


class Profile(FrozenModel):
    """A weekly profile: a preset, blocks of hours, or 168 hourly values (Monday 00:00 first).

    Presets: ``24x7`` (every hour 1), ``business_hours`` (Mon–Fri 09–18 = 1, else 0),
    ``extended_hours`` (Mon–Fri 08–20), ``none`` (all 0, then add ``windows``).
    """

    preset: Literal["24x7", "business_hours", "extended_hours", "none"] | None = Field(
        default=None, description="Named profile; combine with windows to add blocks on top."
    )
    base_weight: NonNegative = Field(
        default=0.0, description="Value of hours not covered by the preset or a window."
    )
    windows: tuple[TimeWindow, ...] = Field(
        default=(), description="Blocks of hours; a later block overrides an earlier one."
    )
    hourly: tuple[NonNegative, ...] | None = Field(
        default=None, description="168 hourly values, Monday 00:00 first; excludes the rest."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Profile:
        if self.hourly is not None:
            if len(self.hourly) != HOURS_PER_WEEK:
                raise ValueError(f"hourly has {len(self.hourly)} values: a week needs 168")
            if self.preset is not None or self.windows:
                raise ValueError("give either hourly values or preset/windows, not both")
        elif self.preset is None and not self.windows:
            raise ValueError("give a preset, windows, or 168 hourly values")
        return self

    def vector(self) -> np.ndarray:
        """The 168 hourly values of this profile."""
        if self.hourly is not None:
            return np.asarray(self.hourly, dtype=np.float64)
        values = np.full(HOURS_PER_WEEK, self.base_weight)
        weekdays = DAY_NAMES[:5]
        if self.preset == "24x7":
            values[:] = 1.0
        elif self.preset == "business_hours":
            values[hours_mask(weekdays, 9, 18) > 0] = 1.0
        elif self.preset == "extended_hours":
            values[hours_mask(weekdays, 8, 20) > 0] = 1.0
        for window in self.windows:
            values[hours_mask(window.days, window.start_hour, window.end_hour) > 0] = window.weight
        return values


class Simulation(FrozenModel):
    """How many trial-years to simulate, and the seed that makes every number reproducible."""

    trials: int = Field(
        default=20_000, ge=100, le=MAX_TRIALS, description="Simulated years (trials), 100–10M."
    )
    seed: int = Field(
        default=20_261_127, ge=0, le=2**63 - 1, description="Seed of numpy's random Generator."
    )


class Client(FrozenModel):
    """What an hour of outage costs the client, and when."""

    name: str = Field(min_length=1, description="Client name shown on screens and reports.")
    revenue_at_risk_per_hour: NonNegative = Field(
        description="Revenue earned per hour at peak that a full outage stops, currency/hour."
    )
    share_recovered_later: Share = Field(
        default=0.0, description="Share of the stopped revenue recovered after restoration (0–1)."
    )
    employees_affected: NonNegative = Field(
        default=0.0, description="Employees who cannot work during a full outage at peak."
    )
    loaded_cost_per_employee_hour: NonNegative = Field(
        default=0.0, description="Fully loaded cost of one employee hour, currency/hour."
    )
    productivity_lost_share: Share = Field(
        default=1.0, description="Share of an affected employee's productivity lost (0–1)."
    )
    loss_profile: Profile = Field(
        default=Profile(preset="24x7"),
        description="Loss rate by hour of week as a share of the peak (1 = peak hour).",
    )
    penalty_threshold_hours: NonNegative = Field(
        default=0.0, description="Outage hours after which the client owes its own customers."
    )
    penalty_per_hour: NonNegative = Field(
        default=0.0,
        description="Client's contractual penalty per outage hour beyond the threshold, "
        "currency/hour (scaled by the impact share).",
    )

    @property
    def peak_loss_per_hour(self) -> float:
        """Loss rate of one hour of full outage at peak, currency/hour.

        ``revenue_at_risk × (1 − share_recovered_later) + employees × loaded cost × productivity lost``.
        """
        return (
            self.revenue_at_risk_per_hour * (1.0 - self.share_recovered_later)
            + self.employees_affected
            * self.loaded_cost_per_employee_hour
            * self.productivity_lost_share
        )


class PriorityIncidents(FrozenModel):
    """Incidents of one priority: how often, how bad, and what their restoration needs."""

    annual_rate: NonNegative = Field(
        default=0.0, description="Incidents per year not counted in the device inventory."
    )
    impact_share: Share = Field(
        description="Share of the full loss rate an incident of this priority causes (0–1)."
    )
    onsite_share: Share = Field(default=0.0, description="Share needing an engineer on site.")
    spare_share: Share = Field(default=0.0, description="Share needing a spare part.")
    second_line_share: Share = Field(
        default=0.0, description="Share escalated to second-line experts."
    )
    recovery_cost: NonNegative = Field(
        default=0.0, description="Clean-up cost per incident (overtime, data fixes), currency."
    )
    reputational_cost: NonNegative = Field(
        default=0.0,
        description="Assumed reputational loss per incident, currency; reported separately.",
    )
    rate_cv: float = Field(
        default=0.0,
        ge=0.0,
        le=5.0,
        description="Year-to-year coefficient of variation of this priority's incident rate "
        "(0 = Poisson counts; > 0 = negative binomial: bad years cluster).",
    )


class Incidents(FrozenModel):
    """Incident rates and shares for the four priorities."""

    critical: PriorityIncidents
    major: PriorityIncidents
    minor: PriorityIncidents
    technical: PriorityIncidents

    def by_priority(self) -> dict[str, PriorityIncidents]:
        """The four priorities in order: critical, major, minor, technical."""
        return {p: getattr(self, p) for p in PRIORITIES}


class DeviceClass(FrozenModel):
    """Installed devices whose hardware failures add incidents of one priority."""

    name: str = Field(min_length=1, description="Device class, e.g. 'core switch'.")
    units: int = Field(ge=0, description="Installed units at this client.")
    annual_failure_rate: NonNegative = Field(
        description="Failures per unit per year (8760 / MTBF hours)."
    )
    priority: Priority = Field(description="Priority of an incident when one unit fails.")
    onsite_share: Share = Field(default=1.0, description="Share of failures needing a visit.")
    spare_share: Share = Field(default=1.0, description="Share of failures needing a spare.")
    second_line_share: Share = Field(default=0.0, description="Share escalated to second line.")
    unit_cost: NonNegative = Field(default=0.0, description="Price of one spare unit, currency.")
    lead_time_days: NonNegative = Field(
        default=30.0, description="Days to replenish a spare after it is used (RMA turnaround)."
    )


class Stages(FrozenModel):
    """The restoration pipeline's stage durations (DESIGN 4.3), each a median and P90 in hours.

    Detection runs on the wall clock (the client or the monitoring notices).  Response,
    diagnosis, travel, second line and repair are work: they advance only inside the option's
    coverage window.
    """

    detection: Duration = Field(description="Outage start to case logged, wall-clock hours.")
    response: Duration = Field(description="Case logged to an engineer working on it, work hours.")
    diagnosis: Duration = Field(description="Finding the cause, work hours.")
    travel: Duration = Field(description="Getting to the site (on-site cases), work hours.")
    second_line: Duration = Field(description="Expert escalation (escalated cases), work hours.")
    repair: Duration = Field(description="Repair and verification, work hours.")


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


class SupportOption(FrozenModel):
    """A support option: a column of every comparison (status quo, 8x5 NBD, 24x7x4, outsourcing)."""

    label: str = Field(min_length=1, description="Name shown on screens and reports.")
    description: str = Field(default="", description="One or two sentences for the reader.")
    annual_fee: NonNegative = Field(
        default=0.0, description="Price the client pays per year, currency/year."
    )
    coverage: Profile = Field(description="When the option works on cases (0/1 weekly window).")
    sla_clock: Literal["24x7", "coverage"] = Field(
        default="coverage",
        description="Clock on which SLA targets are measured: around the clock or only inside "
        "the coverage window.",
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

    @field_validator("coverage")
    @classmethod
    def _coverage_is_zero_one(cls, profile: Profile) -> Profile:
        _check_coverage(profile)
        return profile

    @model_validator(mode="after")
    def _priority_coverage(self) -> SupportOption:
        for terms in self.priorities.values():
            if terms.coverage is not None:
                _check_coverage(terms.coverage)
        return self

    def coverage_for(self, priority: str) -> Profile:
        """Coverage window that applies to ``priority``."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        return terms.coverage if terms and terms.coverage is not None else self.coverage

    def stage_for(self, priority: str, stage: str) -> Duration:
        """Duration of ``stage`` for ``priority``, with the per-priority override applied."""
        terms = self.priorities.get(priority)  # type: ignore[call-overload]
        override = getattr(terms.stages, stage) if terms else None
        return override if override is not None else getattr(self.stages, stage)


def _check_coverage(profile: Profile) -> None:
    values = profile.vector()
    if not np.all((values == 0.0) | (values == 1.0)):
        raise ValueError("a coverage window's hours must be 0 (closed) or 1 (open)")
    if values.sum() == 0:
        raise ValueError("a coverage window needs at least one open hour")


# ---------------------------------------------------------------------------------------------
# Contract terms for service credits (on a support option) and the integrator's delivery model


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
        default=(), description="Monthly availability tiers; the largest credit that applies."
    )
    cap_share_of_monthly_fee: Share = Field(
        default=1.0,
        description="Cap on a month's credits as a share of the monthly fee (0–1); the default "
        "1.0 caps them at the whole monthly fee.",
    )


class LabourCalendar(FrozenModel):
    """One full-time employee's year: contracted hours minus absence = productive hours.

    Defaults (Western-European full-time contract): 52 × 40 h = 2,080 h, 25 days of leave, 8
    public holidays, 6 days of sickness, 4 days of training, 8-hour days → 1,736 productive hours,
    so one 24x7 seat (52 × 168 = 8,736 h) needs 8,736 / 1,736 = 5.03 FTE (DESIGN §8).
    """

    standard_hours_per_year: float = Field(
        default=2080.0, gt=0.0, le=8760.0, description="Contracted hours per FTE per year, hours."
    )
    hours_per_day: float = Field(
        default=8.0, gt=0.0, le=24.0, description="Length of a working day, hours."
    )
    leave_days: NonNegative = Field(default=25.0, description="Paid leave, days per year.")
    public_holidays_days: NonNegative = Field(
        default=8.0, description="Public holidays falling on working days, days per year."
    )
    sickness_days: NonNegative = Field(default=6.0, description="Sick leave, days per year.")
    training_days: NonNegative = Field(default=4.0, description="Training, days per year.")

    @property
    def absence_days(self) -> float:
        """Days per year an FTE is not available: leave, holidays, sickness and training."""
        return self.leave_days + self.public_holidays_days + self.sickness_days + self.training_days

    @property
    def productive_hours_per_fte(self) -> float:
        """``standard_hours_per_year − absence_days × hours_per_day``, hours per FTE per year."""
        return self.standard_hours_per_year - self.absence_days * self.hours_per_day

    @model_validator(mode="after")
    def _some_productive_hours(self) -> LabourCalendar:
        if self.productive_hours_per_fte <= 0:
            raise ValueError(
                f"absence of {self.absence_days:g} days × {self.hours_per_day:g} h leaves no "
                f"productive hours out of {self.standard_hours_per_year:g}"
            )
        return self


Money = Annotated[float, Field(gt=0.0)]


class Wages(FrozenModel):
    """Fully loaded annual cost of each role (salary, employer charges, overheads), currency."""

    first_line_engineer: Money = Field(
        description="Loaded cost of one first-line field/network engineer FTE, currency/year."
    )
    service_desk_agent: Money = Field(
        description="Loaded cost of one service-desk agent FTE, currency/year."
    )
    service_manager: Money = Field(
        description="Loaded cost of one service (delivery) manager FTE, currency/year."
    )
    second_line_per_hour: Money = Field(
        description="Cost of one hour of a second-line expert (internal rate or vendor TAC), "
        "currency/hour."
    )


class Overheads(FrozenModel):
    """Equipment and travel costs of the first-line engineers, currency."""

    tools_per_engineer_per_year: NonNegative = Field(
        description="Laptop, console cables, test gear, licences, per engineer, currency/year."
    )
    phone_per_engineer_per_year: NonNegative = Field(
        description="Mobile phone and data plan (and the emergency line), per engineer, "
        "currency/year."
    )
    vehicle_per_engineer_per_year: NonNegative = Field(
        description="Lease, insurance and maintenance of a service car, per engineer, "
        "currency/year."
    )
    training_per_engineer_per_year: NonNegative = Field(
        description="Vendor courses and certifications, per engineer, currency/year."
    )
    travel_cost_per_visit: NonNegative = Field(
        description="Fuel, tolls and mileage of one round trip from the engineers' base to a "
        "client site, currency per visit."
    )


class OnCallRules(FrozenModel):
    """Rules of the emergency-phone rota that covers the option's hours outside office hours.

    Defaults: weekly blocks, at most one week in four on call, 11 h rest (EU Working Time
    Directive daily rest), 10 h of base pay as standby allowance per on-call week, call-outs
    paid at least 2 h, time-and-a-half in the evening, double time at night and at weekends.
    """

    min_engineers: int = Field(
        default=2, ge=2, le=100, description="Fewest engineers sharing the emergency phone."
    )
    max_on_call_share: float = Field(
        default=0.25,
        gt=0.0,
        le=1.0,
        description="Largest share of weeks one person may be on call (0.25 = one week in four).",
    )
    block_hours: float = Field(
        default=168.0, gt=0.0, le=336.0, description="Length of one on-call stint, hours."
    )
    min_rest_hours: NonNegative = Field(
        default=11.0,
        le=168.0,
        description="Rest owed between two on-call stints of the same person, hours.",
    )
    max_busy_probability: float = Field(
        default=0.05,
        gt=0.0,
        lt=1.0,
        description="Largest acceptable probability that every on-call engineer is busy when a "
        "case arrives; sets how many carry the phone at once (Erlang C).",
    )
    standby_paid_hours_per_week: NonNegative = Field(
        default=10.0,
        description="Standby allowance per on-call week, in hours of base pay.",
    )
    callout_min_paid_hours: NonNegative = Field(
        default=2.0, description="Smallest paid duration of one call-out, hours."
    )
    overtime_multiplier: float = Field(
        default=1.5, ge=1.0, le=5.0, description="Pay multiplier for weekday evening call-outs."
    )
    night_multiplier: float = Field(
        default=2.0, ge=1.0, le=5.0, description="Pay multiplier for call-outs at night."
    )
    weekend_multiplier: float = Field(
        default=2.0, ge=1.0, le=5.0, description="Pay multiplier for Saturday/Sunday call-outs."
    )
    night_start_hour: int = Field(default=22, ge=0, le=23, description="Night begins, hour.")
    night_end_hour: int = Field(default=6, ge=0, le=23, description="Night ends, hour.")


class ServiceDeskTerms(FrozenModel):
    """The service desk: contact volumes, handle time, service-level target, staffed hours.

    Defaults: 80 % of contacts answered within 20 s, occupancy at most 85 %, 15 % in-shift
    shrinkage (breaks, meetings, coaching; leave and sickness are in the labour calendar), 6-min
    handle time, staffed Mon–Fri 09–18.
    """

    requests_per_contract_per_week: NonNegative = Field(
        default=5.0, description="Service requests (changes, questions) per contract per week."
    )
    contacts_per_incident: NonNegative = Field(
        default=2.0, description="Desk contacts per incident (report, updates, closure)."
    )
    handle_time_s: float = Field(
        default=360.0, gt=0.0, le=36_000.0, description="Mean handle time of a contact, seconds."
    )
    target_service_level: float = Field(
        default=0.8, gt=0.0, lt=1.0, description="Share answered within answer_within_s (0–1)."
    )
    answer_within_s: NonNegative = Field(default=20.0, description="Answer-time target, seconds.")
    max_occupancy: float = Field(
        default=0.85, gt=0.0, le=1.0, description="Largest share of time an agent handles work."
    )
    shrinkage: float = Field(
        default=0.15,
        ge=0.0,
        lt=1.0,
        description="Share of scheduled time lost in-shift (breaks, meetings, coaching).",
    )
    open_hours: Profile = Field(
        default=Profile(preset="business_hours"),
        description="When the desk is staffed (0/1 weekly window); outside it cases go to the "
        "emergency phone.",
    )
    request_fulfilment_hours: NonNegative = Field(
        default=0.5, description="First-line engineer work per service request, hours."
    )

    @field_validator("open_hours")
    @classmethod
    def _open_hours_is_zero_one(cls, profile: Profile) -> Profile:
        _check_coverage(profile)
        return profile


class SparesPlanning(FrozenModel):
    """How the spare-parts stock for the inventory's device classes is chosen (DESIGN 4.7)."""

    holding_rate: Share = Field(
        default=0.25,
        description="Annual holding cost as a share of the stock's value (DESIGN §8: 20–40 %, "
        "25 % the rule of thumb).",
    )
    target_fill_rate: float = Field(
        default=0.95,
        gt=0.0,
        lt=1.0,
        description="Demand-weighted share of failures served from the shelf, P(X ≤ S−1) (0–1).",
    )
    budget: NonNegative | None = Field(
        default=None,
        description="Capital available for spares, currency; when given, the best stock within "
        "it replaces the fill-rate target.",
    )
    location: Literal["depot", "site"] = Field(
        default="depot",
        description="'depot': one stock pooled across all contracts; 'site': a stock per client.",
    )


class Delivery(FrozenModel):
    """The integrator's delivery model: people, rota, desk, spares and their costs (DESIGN 4.6)."""

    contracts: int = Field(
        default=1, ge=1, le=10_000, description="Contracts served (clients like this one)."
    )
    staffing: Literal["on_call", "shifts"] = Field(
        default="on_call",
        description="How the hours outside office hours are covered: an on-call rota from home, "
        "or staffed shifts (one seat per hour of coverage).",
    )
    office_hours: Profile = Field(
        default=Profile(preset="business_hours"),
        description="When first-line engineers are at work on their normal day (0/1 window).",
    )
    engineer_utilisation: float = Field(
        default=0.6,
        gt=0.0,
        le=1.0,
        description="Share of an engineer's productive hours that can go to cases and requests "
        "(the rest: admin, learning, reviews, idle time between jobs).",
    )
    second_line_hours_per_escalation: NonNegative = Field(
        default=4.0, description="Expert effort per escalated incident, hours."
    )
    service_manager_threshold: int = Field(
        default=5,
        ge=1,
        le=10_000,
        description="Contracts per dedicated service manager: floor(contracts / threshold) FTE.",
    )
    calendar: LabourCalendar = Field(default=LabourCalendar(), description="Labour calendar.")
    wages: Wages = Field(description="Loaded cost of each role.")
    overheads: Overheads = Field(description="Equipment and travel of the engineers.")
    on_call: OnCallRules = Field(default=OnCallRules(), description="Emergency-phone rota.")
    service_desk: ServiceDeskTerms = Field(default=ServiceDeskTerms(), description="Service desk.")
    spares: SparesPlanning = Field(default=SparesPlanning(), description="Spare-parts stock.")

    @field_validator("office_hours")
    @classmethod
    def _office_is_zero_one(cls, profile: Profile) -> Profile:
        _check_coverage(profile)
        return profile


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
        default=(1.0,),
        min_length=1,
        description="New contracts signed in year 1, 2, …; the last value repeats.",
    )
    churn_rate: Share = Field(default=0.1, description="Share of contracts lost each year (0–1).")


class Staged(FrozenModel):
    """Support first, outsourcing later: the two options whose years are joined."""

    support: Identifier = Field(description="Option run in years 1…k.")
    outsourcing: Identifier = Field(description="Option run in years k+1…horizon.")


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


class Scenario(FrozenModel):
    """One client, its incidents and the support options to compare: the input of every result."""

    name: str = Field(min_length=1, description="Scenario name shown on screens and reports.")
    description: str = Field(default="", description="What this scenario describes.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR, USD, RUB.")
    simulation: Simulation = Field(default=Simulation(), description="Trials and seed.")
    client: Client
    incidents: Incidents
    inventory: tuple[DeviceClass, ...] = Field(
        default=(), description="Device classes whose failures add incidents."
    )
    options: dict[Identifier, SupportOption] = Field(
        min_length=1, description="Support options compared, keyed by an identifier."
    )
    delivery: Delivery | None = Field(
        default=None, description="The integrator's delivery model (staff, rota, desk, spares)."
    )
    business_case: BusinessCase = Field(
        default=BusinessCase(), description="Multi-year business case settings."
    )
    # Declared after ``options`` so that its validator sees them.
    baseline: Identifier = Field(
        default="status_quo", description="Option that stands for 'today' in comparisons."
    )

    # Uncertain inputs by field path ("client.revenue_at_risk_per_hour"); the fields themselves
    # hold the ranges' base values.  Private: kept out of model_dump, put back by scenario_to_toml.
    _ranges: dict[str, Range] = PrivateAttr(default_factory=dict)

    @field_validator("baseline")
    @classmethod
    def _baseline_exists(cls, baseline: str, info: ValidationInfo) -> str:
        options = info.data.get("options")
        if options is not None and baseline not in options:
            raise ValueError(f"must be one of the options ({', '.join(options)})")
        return baseline

    @model_validator(mode="after")
    def _staged_options_exist(self) -> Scenario:
        staged = self.business_case.staged
        if staged is not None:
            for role in ("support", "outsourcing"):
                name = getattr(staged, role)
                if name not in self.options:
                    raise FieldProblem(
                        f"business_case.staged.{role}",
                        name,
                        f"must be one of the options ({', '.join(self.options)})",
                    )
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _pull_ranges(cls, data: Any, handler: ModelWrapValidatorHandler[Scenario]) -> Scenario:
        """Read ``{ low, high, ... }`` tables in place of numbers as uncertain inputs."""
        if not isinstance(data, dict):
            return handler(data)
        plain, raw = extract_ranges(data)
        ranges: dict[str, Range] = {}
        for path, table in raw.items():
            try:
                ranges[format_path(path)] = Range.model_validate(table)
            except ValidationError as exc:
                rule = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                raise FieldProblem(format_path(path), table, rule) from None
        model = handler(plain)
        for text, rng in ranges.items():
            for end_name, end in (("low", rng.low), ("high", rng.high)):
                try:
                    handler(set_path(plain, parse_path(text), end))
                except ValidationError as exc:
                    rule = exc.errors()[0]["msg"].removeprefix("Value error, ")
                    raise FieldProblem(
                        text, end, f"the range's {end_name} end breaks the field's rule: {rule}"
                    ) from None
        model._ranges = ranges
        return model

    @property
    def ranges(self) -> dict[str, Range]:
        """Uncertain inputs by field path (a copy); empty for a point scenario."""
        return dict(self._ranges)

    def with_values(self, values: dict[str, float]) -> Scenario:
        """A validated copy with numbers substituted at field paths (ranges kept).

        Raises
        ------
        ScenarioError
            When a path does not exist or a value breaks the field's rule.

        Examples
        --------
        >>> from pathlib import Path
        >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
        >>> s.with_values({"options.nbd_8x5.annual_fee": 1.0}).options["nbd_8x5"].annual_fee
        1.0
        """
        data: Any = self.model_dump(mode="python")
        for text, value in values.items():
            try:
                data = set_path(data, parse_path(text), value)
            except (KeyError, IndexError, TypeError, ValueError):
                raise ScenarioError(f"{text}: no such field in the scenario") from None
        try:
            copy = Scenario.model_validate(data)
        except ValidationError as exc:
            raise scenario_error_from_validation(exc) from None
        copy._ranges = dict(self._ranges)
        return copy

    def annual_rates(self) -> dict[str, float]:
        """Incidents per year by priority: given rates plus the inventory's failures."""
        rates = {p: inc.annual_rate for p, inc in self.incidents.by_priority().items()}
        for device in self.inventory:
            rates[device.priority] += device.units * device.annual_failure_rate
        return rates


# ---------------------------------------------------------------------------------------------
# Reading, writing and error messages


class FieldProblem(ValueError):
    """A rule broken at a field path that pydantic cannot locate itself (ranges, cross-field rules)."""

    def __init__(self, path: str, value: object, rule: str) -> None:
        super().__init__(f"{path}: {rule}")
        self.path, self.value, self.rule = path, value, rule


def _format_loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "(top level)"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def scenario_error_from_validation(
    exc: ValidationError, source: str | None = None
) -> ScenarioError:
    """Turn pydantic's ``ValidationError`` into a :class:`ScenarioError`, one problem per line."""
    problems: list[tuple[str, object, str]] = []
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        path = _format_loc(loc)
        rule = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem):
            path, value, rule = cause.path, cause.value, cause.rule
        if err["type"] == "missing":
            lines.append(f"{path}: required field is missing")
        elif err["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown key (check the spelling; allowed keys are documented)")
        else:
            lines.append(f"{path} = {_short(value)}: {rule}")
        problems.append((path, value, rule))
    prefix = f"{source}: " if source else ""
    header = f"{prefix}invalid scenario ({len(lines)} problem{'s' if len(lines) > 1 else ''})"
    message = header + "\n" + "\n".join(f"  {prefix}{line}" for line in lines)
    return ScenarioError(message, problems)


def scenario_from_dict(data: Any, source: str | None = None) -> Scenario:
    """Validate a plain dict (parsed TOML, JSON, a form) into a :class:`Scenario`.

    Raises
    ------
    ScenarioError
        With the source, the field path, the value and the rule of every problem.
    """
    if not isinstance(data, dict):
        prefix = f"{source}: " if source else ""
        raise ScenarioError(
            f"{prefix}a scenario must be a table of keys, got {type(data).__name__}"
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise scenario_error_from_validation(exc, source) from None


def parse_scenario_toml(text: str, source: str = "<text>") -> Scenario:
    """Parse TOML text into a validated :class:`Scenario`."""
    if not text.strip():
        raise ScenarioError(f"{source}: the file is empty; a scenario needs name, currency, ...")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {exc}") from None
    return scenario_from_dict(data, source)


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path : str or PathLike
        A ``.toml`` file.

    Returns
    -------
    Scenario
        The validated, frozen scenario.

    Raises
    ------
    ScenarioError
        When the file cannot be read, is not TOML or breaks a rule; the message names the file,
        the field path, the value and the rule.

    Examples
    --------
    >>> from pathlib import Path
    >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
    >>> s.currency
    'EUR'
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{p}: is a directory, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{p}: not UTF-8 text; a scenario is a TOML text file") from None
    return parse_scenario_toml(text, str(p))


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON-able data, with its ranges back in place of their base values."""
    data: Any = scenario.model_dump(mode="json", exclude_none=True)
    for text, rng in scenario.ranges.items():
        data = set_path(data, parse_path(text), rng.model_dump(exclude_none=True))
    return dict(data)


def scenario_to_toml(scenario: Scenario) -> str:
    """Serialise a scenario to TOML text (comments of the original file are not kept)."""
    return tomli_w.dumps(scenario_to_dict(scenario))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario to ``path`` atomically (temporary file in the same folder, then rename)."""
    target = Path(path)
    text = scenario_to_toml(scenario)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file (for editors and validators)."""
    return Scenario.model_json_schema()
