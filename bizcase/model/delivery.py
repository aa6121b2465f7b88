"""The integrator's delivery inputs: labour calendar, wages, overheads, on-call rules, desk terms, spares planning."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from bizcase.model.base import FrozenModel, Money, NonNegative, Profile, Share
from bizcase.model.options import check_coverage


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
    min_agents_on_duty: int = Field(
        default=1,
        ge=0,
        le=100,
        description="Fewest agents on the phones in every open hour, whatever the traffic "
        "(1: the desk is always answered in its hours).",
    )

    @field_validator("open_hours")
    @classmethod
    def _open_hours_is_zero_one(cls, profile: Profile) -> Profile:
        check_coverage(profile)
        return profile


class ServiceManagement(FrozenModel):
    """Service-management effort per contract: reports, reviews, post-incident reviews, feedback.

    Defaults (a service manager's month for one mid-size contract): 6 h for the monthly SLA
    report, 4 h for the service review with the client, 2 h for satisfaction surveys and
    complaints, and 6 h per critical incident for its post-incident review (timeline, root
    cause, actions, meeting).  Below ``service_manager_threshold`` contracts the hours are bought
    at the service manager's hourly cost (a shared manager); from the threshold on, dedicated
    managers are hired.
    """

    report_hours_per_month: NonNegative = Field(
        default=6.0, description="Monthly SLA report per contract, hours/month."
    )
    review_hours_per_month: NonNegative = Field(
        default=4.0, description="Service review meeting and its preparation, hours/month."
    )
    feedback_hours_per_month: NonNegative = Field(
        default=2.0, description="Client feedback, surveys and complaints, hours/month."
    )
    post_incident_review_hours: NonNegative = Field(
        default=6.0, description="One post-incident review per critical incident, hours."
    )

    @property
    def hours_per_month(self) -> float:
        """Recurring hours per contract per month (reports, reviews, feedback)."""
        return (
            self.report_hours_per_month
            + self.review_hours_per_month
            + (self.feedback_hours_per_month)
        )


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


class ExistingBusiness(FrozenModel):
    """What the integrator already runs before this contract: the base of the *marginal* view.

    ``contracts`` clients like this one are served today by a team sized for them (the same
    staircase as the portfolio).  Each resource marked shared serves the new contract too, so
    the new contract pays only the step it adds (``cost(E + 1) − cost(E)``); a resource not
    shared is paid in full, as for a contract alone.  With ``contracts = 0`` nothing is in place
    and the marginal view equals the one-contract view.
    """

    contracts: int = Field(
        default=0, ge=0, le=10_000, description="Contracts like this one already served."
    )
    rota_shared: bool = Field(
        default=True,
        description="The existing first-line team and its on-call rota also cover this contract.",
    )
    service_desk_shared: bool = Field(
        default=True, description="The existing service desk also takes this contract's calls."
    )
    monitoring_centre_shared: bool = Field(
        default=True,
        description="An outsourcing contract joins the existing monitoring centre: no new capex.",
    )
    setup_in_place: bool = Field(
        default=True,
        description="The support business's set-up (templates, desk tooling) is already paid.",
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
        description="Contracts per dedicated service manager: from this many contracts on, "
        "max(floor(contracts / threshold), ceil(service-management hours / productive hours)) "
        "managers are hired; below it the hours are bought at the manager's hourly cost.",
    )
    service_management: ServiceManagement = Field(
        default=ServiceManagement(), description="Service-management effort per contract."
    )
    calendar: LabourCalendar = Field(default=LabourCalendar(), description="Labour calendar.")
    wages: Wages = Field(description="Loaded cost of each role.")
    overheads: Overheads = Field(description="Equipment and travel of the engineers.")
    on_call: OnCallRules = Field(default=OnCallRules(), description="Emergency-phone rota.")
    service_desk: ServiceDeskTerms = Field(default=ServiceDeskTerms(), description="Service desk.")
    spares: SparesPlanning = Field(default=SparesPlanning(), description="Spare-parts stock.")
    existing: ExistingBusiness = Field(
        default=ExistingBusiness(),
        description="The integrator's existing business, the base of the marginal view.",
    )

    @field_validator("office_hours")
    @classmethod
    def _office_is_zero_one(cls, profile: Profile) -> Profile:
        check_coverage(profile)
        return profile
