"""The client: what an hour of full outage costs it, when, and what it pays beyond the outage.

An hour of full outage at peak costs the client (DESIGN 4.5):

* **hard** — money that leaves the client: the contribution margin of the output never made up,
  ``revenue_at_risk × margin_share × (1 − share_recovered_later)``, plus the cost of making up the
  rest, ``share_recovered_later × catch_up_cost_per_hour`` (overtime premium, expediting, scrap);
  per incident, the recovery cost and the client's own penalties beyond a threshold;
* **soft** — idle staff, ``employees × loaded cost × productivity lost`` (their wages are paid
  anyway, so the money does not leave the client), and the assumed reputational cost per
  incident.  Shown apart, never silently added: the client ledger counts hard losses unless
  ``ledger_losses = "hard_and_soft"`` says otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    model_validator,
)

from bizcase.model.base import FrozenModel, NonNegative, Profile, Share
from bizcase.model.maintenance import Maintenance


class LossHistory(FrozenModel):
    """The client's own record of outages: what the status quo is checked against.

    ``bizcase run`` flags a status quo that this history contradicts; ``bizcase calibrate``
    moves the status quo's rates and durations towards it.
    """

    years: float = Field(gt=0.0, le=50.0, description="Years the record covers.")
    outages: int = Field(
        ge=0, le=10_000, description="Outages recorded in those years (see min_impact_share)."
    )
    durations_hours: tuple[float, ...] = Field(
        strict=False,
        default=(),
        description="Wall-clock duration of recorded outages, hours (all of them or some).",
    )
    min_impact_share: float = Field(
        default=0.5,
        gt=0.0,
        le=1.0,
        description="What the record calls an outage: an incident that takes at least this "
        "share of the client's loss rate (a plant-wide stop, not one cell).",
    )
    prior_weight_years: float = Field(
        default=2.0,
        gt=0.0,
        le=100.0,
        description="bizcase calibrate: the model's rate counts as this many years of "
        "observation (the weight of the Gamma prior).",
    )
    source: str = Field(default="", description="Where the record comes from.")

    @model_validator(mode="after")
    def _durations(self) -> LossHistory:
        if len(self.durations_hours) > self.outages:
            raise ValueError(
                f"{len(self.durations_hours)} durations for {self.outages} outages: "
                "give at most one duration per recorded outage"
            )
        for d in self.durations_hours:
            if not 0.0 < d <= 8760.0:
                raise ValueError(f"duration {d!r}: must be > 0 and at most 8,760 hours")
        return self


class Client(FrozenModel):
    """What an hour of outage costs the client, and when."""

    name: str = Field(min_length=1, description="Client name shown on screens and reports.")
    revenue_at_risk_per_hour: NonNegative = Field(
        description="Revenue earned per hour at peak that a full outage stops, currency/hour."
    )
    margin_share: Share = Field(
        default=1.0,
        description="Contribution margin as a share of that revenue: what is really lost on "
        "output never made up (revenue less materials, energy, freight and other costs that "
        "stop with the output), 0–1.  1 counts lost revenue as lost margin.",
    )
    share_recovered_later: Share = Field(
        default=0.0, description="Share of the stopped revenue recovered after restoration (0–1)."
    )
    catch_up_cost_per_hour: NonNegative = Field(
        default=0.0,
        description="Extra cost of making up one hour of full output later (overtime premium, "
        "expedited freight, extra scrap), currency per hour of output made up; applies to the "
        "recovered share.",
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
    penalty_min_impact_share: Share = Field(
        default=0.0,
        description="Smallest impact share of an outage that owes the penalties, 0–1: smaller "
        "outages (an office floor, a few scanners) are worked around and the client's own "
        "deliveries stay on time.  0: every outage beyond the threshold owes them.",
    )
    loss_growth_per_year: float = Field(
        default=0.0,
        ge=-0.5,
        le=1.0,
        description="Yearly growth of the client's losses over the business case (its volume "
        "growth and inflation), decimal; year 1 prices outages at today's figures.",
    )
    ledger_losses: Literal["hard", "hard_and_soft"] = Field(
        default="hard",
        description="Losses the client ledger counts as avoided: hard (money that leaves the "
        "client) or hard_and_soft (idle labour and reputation too).",
    )
    maintenance: Maintenance | None = Field(
        default=None,
        description="Planned maintenance windows: excluded from losses and from SLA clocks.",
    )
    history: LossHistory | None = Field(
        default=None, description="Outages recorded over the last years (checks the status quo)."
    )

    @property
    def hard_loss_per_hour(self) -> float:
        """Hard loss of one hour of full outage at peak, currency/hour.

        ``revenue × margin_share × (1 − recovered) + recovered × catch_up_cost_per_hour``.

        Examples
        --------
        >>> c = Client(name="x", revenue_at_risk_per_hour=16000, margin_share=0.3,
        ...            share_recovered_later=0.35, catch_up_cost_per_hour=4000)
        >>> c.hard_loss_per_hour  # 16,000 × 0.3 × 0.65 + 0.35 × 4,000
        4520.0
        """
        return (
            self.revenue_at_risk_per_hour * self.margin_share * (1.0 - self.share_recovered_later)
            + self.share_recovered_later * self.catch_up_cost_per_hour
        )

    @property
    def soft_loss_per_hour(self) -> float:
        """Soft loss of one hour of full outage at peak (idle labour), currency/hour.

        ``employees × loaded cost per hour × productivity lost``.
        """
        return (
            self.employees_affected
            * self.loaded_cost_per_employee_hour
            * self.productivity_lost_share
        )

    def loss_basis(self) -> dict[str, float]:
        """The parts of an hour of full outage at peak (profile weight 1), for a hand check.

        Keys: the inputs, ``lost_margin = revenue × margin × (1 − recovered)``,
        ``catch_up = recovered × catch_up_cost_per_hour``, ``hard = lost_margin + catch_up``,
        ``idle_labour = employees × loaded cost × productivity lost``, ``soft = idle_labour``
        and ``hard_and_soft``.  Per-incident recovery, penalties (hard) and reputational costs
        (soft) come on top.
        """
        lost_margin = (
            self.revenue_at_risk_per_hour * self.margin_share * (1.0 - self.share_recovered_later)
        )
        catch_up = self.share_recovered_later * self.catch_up_cost_per_hour
        idle = self.soft_loss_per_hour
        return {
            "revenue_at_risk_per_hour": self.revenue_at_risk_per_hour,
            "margin_share": self.margin_share,
            "share_recovered_later": self.share_recovered_later,
            "catch_up_cost_per_hour": self.catch_up_cost_per_hour,
            "lost_margin": lost_margin,
            "catch_up": catch_up,
            "hard": lost_margin + catch_up,
            "employees_affected": self.employees_affected,
            "loaded_cost_per_employee_hour": self.loaded_cost_per_employee_hour,
            "productivity_lost_share": self.productivity_lost_share,
            "idle_labour": idle,
            "soft": idle,
            "hard_and_soft": lost_margin + catch_up + idle,
        }
