"""An option's delivery design (``[options.<id>.design]``, DESIGN 4.11): data, not code.

Engineer bases, the staffing mode in force in each window of the week (resident on a site, on
shift at a base, on call from home, a field partner), spares placement per device class, vendor
back-to-back prices, the remote-fix share and monitoring.  :mod:`bizcase.design.compile` turns
it into stage-time distributions per incident and :mod:`bizcase.design.cost` into cost lines.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from bizcase.model.base import Duration, FrozenModel, NonNegative, Profile, Share

StaffingMode = Literal["resident", "shift", "on_call", "partner"]
Placement = Literal["site", "base", "vendor_4h", "vendor_nbd", "none"]
Backup = Literal["vendor_4h", "vendor_nbd", "rma"]
PLACEMENTS: tuple[str, ...] = ("site", "base", "vendor_4h", "vendor_nbd", "none")

# Typical acknowledge delays by mode, hours (median, P90): a resident or shift engineer picks
# the case up in minutes; on call, the phone is answered in a quarter of an hour (the call-out
# delay before driving is apart); a field partner's dispatch desk confirms within 1–2 h.
_ACKNOWLEDGE = {
    "resident": Duration(median_hours=0.1, p90_hours=0.25),
    "shift": Duration(median_hours=0.1, p90_hours=0.25),
    "on_call": Duration(median_hours=0.25, p90_hours=0.5),
    "partner": Duration(median_hours=1.0, p90_hours=2.0),
}


def _check_window(profile: Profile, what: str) -> None:
    values = profile.vector()
    if not ((values == 0.0) | (values == 1.0)).all() or values.sum() == 0:
        raise ValueError(f"{what} must be a 0/1 weekly window with at least one open hour")


class Base(FrozenModel):
    """Where engineers start from: an office, a depot, or a desk on one of the client's sites."""

    name: str = Field(min_length=1, max_length=80, description="Base name, unique.")
    latitude: float | None = Field(default=None, ge=-90.0, le=90.0, description="Latitude, °.")
    longitude: float | None = Field(default=None, ge=-180.0, le=180.0, description="Longitude, °.")
    site: str | None = Field(
        default=None, description="The base is at this client site (its position; no travel)."
    )
    annual_cost: NonNegative = Field(
        default=0.0, description="Rent, desk and store of the base, currency/year."
    )
    vehicles: int = Field(
        default=0, ge=0, le=1000, description="Vans kept at the base (priced per vehicle)."
    )

    @model_validator(mode="after")
    def _where(self) -> Base:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.latitude is not None and self.site is not None:
            raise ValueError("give a position or a site, not both")
        return self


class Partner(FrozenModel):
    """A field-service partner that sends a technician per visit (per-visit fee)."""

    name: str = Field(min_length=1, max_length=80, description="Partner name, unique.")
    latitude: float | None = Field(default=None, ge=-90.0, le=90.0, description="Latitude, °.")
    longitude: float | None = Field(default=None, ge=-180.0, le=180.0, description="Longitude, °.")
    response: Duration = Field(
        default=_ACKNOWLEDGE["partner"],
        description="Case passed to the partner until its technician is dispatched, hours.",
    )
    fee_per_visit: NonNegative = Field(description="Price of one visit, currency.")
    annual_retainer: NonNegative = Field(
        default=0.0, description="Fixed fee for the partner's availability, currency/year."
    )

    @model_validator(mode="after")
    def _where(self) -> Partner:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class StaffingWindow(FrozenModel):
    """Who answers in some hours of the week, and from where.

    Several windows may be in force in the same hour (two bases on call at night): an incident
    gets the one that reaches its site first (least median response + call-out + travel).
    """

    hours: Profile = Field(description="Hours of the week this staffing is in force (0/1).")
    mode: StaffingMode = Field(
        description="resident (on a site, no travel there), shift (awake at a base), on_call "
        "(from home near a base: call-out delay before driving), partner (a field partner)."
    )
    base: str | None = Field(default=None, description="Base (shift, on_call).")
    site: str | None = Field(default=None, description="Site the engineers sit at (resident).")
    partner: str | None = Field(default=None, description="Partner (mode partner).")
    engineers: int = Field(
        default=1, ge=0, le=1000, description="Engineers on duty at once (partner: 0)."
    )
    acknowledge: Duration | None = Field(
        default=None,
        description="Case logged to an engineer working on it, hours (default by mode: "
        "resident/shift 0.1/0.25, on call 0.25/0.5, partner its own response).",
    )
    callout_delay: Duration = Field(
        default=Duration(median_hours=0.5, p90_hours=1.0),
        description="On call only: from answering the phone to driving off (dress, get to the "
        "van), hours.",
    )

    @model_validator(mode="after")
    def _refs(self) -> StaffingWindow:
        _check_window(self.hours, "hours")
        need = {"resident": "site", "shift": "base", "on_call": "base", "partner": "partner"}
        field = need[self.mode]
        if getattr(self, field) is None:
            raise ValueError(f"mode {self.mode!r} needs {field!r}")
        for other in ("site", "base", "partner"):
            if other != field and getattr(self, other) is not None:
                raise ValueError(f"mode {self.mode!r} takes {field!r}, not {other!r}")
        if self.mode != "partner" and self.engineers < 1:
            raise ValueError(f"mode {self.mode!r} needs at least one engineer")
        return self

    def acknowledge_for(self, partner: Partner | None) -> Duration:
        """The acknowledge delay of this window (its own, the partner's, or the mode's)."""
        if self.acknowledge is not None:
            return self.acknowledge
        if self.mode == "partner" and partner is not None:
            return partner.response
        return _ACKNOWLEDGE[self.mode]


class VendorPrices(FrozenModel):
    """Vendor back-to-back (advance replacement) price of one device, currency per year."""

    vendor_4h: NonNegative = Field(default=0.0, description="24x7 4-hour parts, per device-year.")
    vendor_nbd: NonNegative = Field(
        default=0.0, description="8x5 next-business-day parts, per device-year."
    )


class SparesPlacement(FrozenModel):
    """Where the spare part of one device class comes from."""

    placement: Placement = Field(
        description="site (stock at every site holding the class), base (stock at bases), "
        "vendor_4h / vendor_nbd (vendor back-to-back advance replacement), none (standard RMA)."
    )
    bases: tuple[str, ...] = Field(
        strict=False,
        default=(),
        description="placement base: the bases holding stock (default: all).",
    )
    backup: Backup = Field(
        default="rma",
        description="Where a part comes from when local stock is out: a vendor back-to-back "
        "level (paid per device) or the standard RMA (the option's vendor_lead_time).",
    )
    prices: VendorPrices = Field(
        default=VendorPrices(), description="Vendor back-to-back prices of this class."
    )


class Monitoring(FrozenModel):
    """Monitoring that opens cases automatically from anomalous metrics."""

    detection: Duration = Field(description="Outage start to case opened by the alarm, hours.")
    annual_price: NonNegative = Field(description="Monitoring platform and service, currency/year.")


class VendorTerms(FrozenModel):
    """How vendor back-to-back deliveries run, on the vendor's own clock."""

    delivery_4h: Duration = Field(
        default=Duration(median_hours=3.0, p90_hours=4.0),
        description="24x7 4-hour advance replacement: order to part on site, wall-clock hours "
        "(the contract's 4 h is a ceiling most deliveries approach).",
    )
    nbd_cutoff_hour: int = Field(
        default=15,
        ge=0,
        le=23,
        description="Orders placed before this hour of a business day (Mon–Fri) ship that day.",
    )
    nbd_arrival_hour: int = Field(
        default=17, ge=1, le=24, description="Hour of the next business day the part arrives."
    )


class Design(FrozenModel):
    """The delivery design of one option: bases, staffing, partners, spares, monitoring."""

    bases: tuple[Base, ...] = Field(
        strict=False, default=(), description="Engineer bases and depots."
    )
    partners: tuple[Partner, ...] = Field(
        strict=False, default=(), description="Field-service partners."
    )
    staffing: tuple[StaffingWindow, ...] = Field(
        strict=False, min_length=1, description="Staffing windows of the week (see StaffingWindow)."
    )
    spares: dict[str, SparesPlacement] = Field(
        default_factory=dict,
        description="Placement per inventory class (by name); classes left out use the "
        "option's [spares] policy.",
    )
    circuity: float = Field(
        default=1.3,
        ge=1.0,
        le=3.0,
        description="Road distance / great-circle distance (1.2–1.4 in European road networks).",
    )
    speed_kmh: Profile = Field(
        default=Profile(preset="none", base_weight=60.0),
        description="Average door-to-door road speed by hour of the week, km/h (weights are km/h).",
    )
    travel_p90_ratio: float = Field(
        default=1.5,
        ge=1.0,
        le=10.0,
        description="P90 / median of a derived travel time (traffic, weather, parking).",
    )
    remote_fix_share: Share = Field(
        default=0.0,
        description="Share of on-site incidents that remote diagnosis restores with no visit.",
    )
    parallel_dispatch: bool = Field(
        default=True,
        description="The engineer drives while diagnosis runs remotely (else travel follows it).",
    )
    parallel_second_line: bool = Field(
        default=False,
        description="The second line works while the engineer travels and the part comes "
        "(else it follows them).",
    )
    site_fetch: Duration = Field(
        default=Duration(median_hours=0.25, p90_hours=0.5),
        description="Part from the site's store to the device, hours.",
    )
    monitoring: Monitoring | None = Field(default=None, description="Automatic case creation.")
    second_line_standby_per_year: NonNegative = Field(
        default=0.0,
        description="Standby pay of a second-line expert rota that joins at any hour, "
        "currency/year (what a fast typed second_line stage outside office hours costs).",
    )
    vendor: VendorTerms = Field(default=VendorTerms(), description="Vendor delivery clocks.")

    @model_validator(mode="after")
    def _consistent(self) -> Design:
        speeds = self.speed_kmh.vector()
        if (speeds <= 0).any():
            raise ValueError("speed_kmh must be > 0 km/h in every hour of the week")
        for kind, items in (("bases", self.bases), ("partners", self.partners)):
            names = [item.name for item in items]
            if len(set(names)) != len(names):
                raise ValueError(f"{kind}: names must be unique")
        bases = {b.name for b in self.bases}
        partners = {p.name for p in self.partners}
        for i, window in enumerate(self.staffing):
            if window.base is not None and window.base not in bases:
                raise ValueError(f"staffing[{i}].base {window.base!r}: no such base")
            if window.partner is not None and window.partner not in partners:
                raise ValueError(f"staffing[{i}].partner {window.partner!r}: no such partner")
        for name, spare in self.spares.items():
            if spare.placement == "base" and not self.bases:
                raise ValueError(f"spares[{name!r}]: placement 'base' needs a base")
            for b in spare.bases:
                if b not in bases:
                    raise ValueError(f"spares[{name!r}].bases: no such base {b!r}")
        return self

    def staffed_mask(self) -> list[bool]:
        """For each of the 168 hours of the week, whether any staffing window is in force."""
        total = np.sum([w.hours.vector() for w in self.staffing], axis=0)
        return [bool(v > 0) for v in total]
