"""The client: what an hour of full outage costs it, when, and what it pays beyond the outage."""

from __future__ import annotations

from pydantic import (
    Field,
)

from bizcase.model.base import FrozenModel, NonNegative, Profile, Share


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
