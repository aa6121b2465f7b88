"""Incidents: annual rates and impact by priority, and the device inventory they may come from."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field, model_validator

from bizcase.model.base import (
    PRIORITIES,
    FieldProblem,
    FrozenModel,
    NonNegative,
    Priority,
    Share,
)
from bizcase.model.limits import (
    MAX_ANNUAL_RATE,
    MAX_FAILURE_RATE_PER_UNIT,
    MAX_LEAD_TIME_DAYS,
    MAX_UNITS,
)


class PriorityIncidents(FrozenModel):
    """Incidents of one priority: how often, how bad, and what their restoration needs."""

    annual_rate: NonNegative = Field(
        default=0.0,
        le=MAX_ANNUAL_RATE,
        description="Incidents per year not counted in the device inventory.",
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
    units: int = Field(ge=0, le=MAX_UNITS, description="Installed units at this client.")
    annual_failure_rate: NonNegative = Field(
        le=MAX_FAILURE_RATE_PER_UNIT, description="Failures per unit per year (8760 / MTBF hours)."
    )
    priority: Priority = Field(description="Priority of an incident when one unit fails.")
    onsite_share: Share = Field(default=1.0, description="Share of failures needing a visit.")
    spare_share: Share = Field(default=1.0, description="Share of failures needing a spare.")
    second_line_share: Share = Field(default=0.0, description="Share escalated to second line.")
    unit_cost: NonNegative = Field(default=0.0, description="Price of one spare unit, currency.")
    lead_time_days: NonNegative = Field(
        default=30.0,
        le=MAX_LEAD_TIME_DAYS,
        description="Days to replenish a spare after it is used (RMA turnaround).",
    )
    impact_share: Share | None = Field(
        default=None,
        description="Share of the client's loss rate a failure of one unit takes (an access "
        "switch: the users behind it), 0–1; default the priority's impact share.",
    )
    redundant: bool = Field(
        default=False,
        description="Units work in redundant pairs (HA): a failure is a fail-over, and an outage "
        "only if the partner fails before the failed unit is restored.",
    )
    failover_s: float = Field(
        default=30.0,
        ge=0.0,
        le=86_400.0,
        description="Redundant pairs: seconds of full impact while the partner takes over "
        "(include what the fail-over trips, e.g. a line restart).",
    )
    degraded_share: Share = Field(
        default=0.0,
        description="Share of failures that only degrade what the unit carries (a power supply, "
        "a line card, a flapping port), 0–1.",
    )
    degraded_impact: Share = Field(
        default=0.25,
        description="Impact of a degraded failure as a share of a full failure's impact, 0–1.",
    )

    @model_validator(mode="after")
    def _pairs(self) -> DeviceClass:
        if self.redundant and self.units % 2:
            raise ValueError(f"redundant units come in pairs: units = {self.units} is odd")
        return self

    @model_validator(mode="after")
    def _failures_bounded(self) -> DeviceClass:
        failures = self.units * self.annual_failure_rate
        if failures > MAX_ANNUAL_RATE:
            raise FieldProblem(
                "units",
                self.units,
                f"units × annual_failure_rate = {self.units:,} × {self.annual_failure_rate:g} = "
                f"{failures:,.6g} failures a year; must be at most {MAX_ANNUAL_RATE:,.0f}",
                relative=True,
            )
        return self


def stream_layout(inventory: Sequence[DeviceClass]) -> tuple[tuple[int | None, bool], ...]:
    """The incident streams' layout: ``(device index or None, degraded)`` per stream, in order.

    The one rule that the engine's streams and every table indexed by stream follow: the four
    priority levels first (incidents not counted in the inventory: ``(None, False)``), then each
    device class of the inventory, its full failures ``(i, False)`` and, when the class has a
    ``degraded_share > 0``, its degraded failures ``(i, True)`` right after them.

    Examples
    --------
    >>> switch = DeviceClass(name="sw", units=4, annual_failure_rate=0.1, priority="major",
    ...                      degraded_share=0.3)
    >>> router = DeviceClass(name="rt", units=2, annual_failure_rate=0.1, priority="critical")
    >>> stream_layout([switch, router])[len(PRIORITIES):]
    ((0, False), (0, True), (1, False))
    """
    layout: list[tuple[int | None, bool]] = [(None, False)] * len(PRIORITIES)
    for i, device in enumerate(inventory):
        layout.append((i, False))
        if device.degraded_share > 0:
            layout.append((i, True))
    return tuple(layout)
