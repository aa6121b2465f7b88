"""An option's delivery design (``[options.<id>.design]``, DESIGN 4.11): data, not code.

Engineer bases, the staffing mode in force in each window of the week (resident on a site, on
shift at a base, on call from home, a field partner), spares placement per device class, vendor
back-to-back prices, the remote-fix share and monitoring.  :mod:`bizcase.design.compile` turns
it into stage-time distributions per incident and :mod:`bizcase.design.cost` into cost lines.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field, model_validator

from bizcase.model.base import (
    Duration,
    FieldProblem,
    FrozenModel,
    NonNegative,
    Profile,
    Share,
    window_facts,
)

StaffingMode = Literal["resident", "shift", "on_call", "partner"]
Placement = Literal["site", "base", "vendor_4h", "vendor_nbd", "none"]
Backup = Literal["vendor_4h", "vendor_nbd", "rma"]
PLACEMENTS: tuple[str, ...] = ("site", "base", "vendor_4h", "vendor_nbd", "none")
#: A staffing window's alternatives in a design search: a mode, or ``off`` (window dropped).
CandidateMode = Literal["resident", "shift", "on_call", "partner", "off"]
#: Most designs a candidate space may hold (their cost bounds are enumerated; see
#: :mod:`bizcase.delivery.design_search`).
MAX_DESIGN_SPACE = 20_000

# Typical acknowledge delays by mode, hours (median, P90): a resident or shift engineer picks
# the case up in minutes; on call, the phone is answered in a quarter of an hour (the call-out
# delay before driving is apart); a field partner's dispatch desk confirms within 1–2 h.
_ACKNOWLEDGE = {
    "resident": Duration(median_hours=0.1, p90_hours=0.25),
    "shift": Duration(median_hours=0.1, p90_hours=0.25),
    "on_call": Duration(median_hours=0.25, p90_hours=0.5),
    "partner": Duration(median_hours=1.0, p90_hours=2.0),
}


def _current_first(current: str, alternatives: tuple[str, ...]) -> tuple[str, ...]:
    """``current`` then the other alternatives in their order, each once."""
    out = [current]
    for alt in alternatives:
        if alt not in out:
            out.append(alt)
    return tuple(out)


def _check_window(profile: Profile, what: str) -> None:
    zero_one, open_hours = window_facts(profile)
    if not zero_one or open_hours == 0:
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


class BasePosition(FrozenModel):
    """A candidate position of a base: somewhere the integrator could put it, at its own rent."""

    name: str = Field(min_length=1, max_length=80, description="Name of the position.")
    latitude: float = Field(ge=-90.0, le=90.0, description="Latitude, °.")
    longitude: float = Field(ge=-180.0, le=180.0, description="Longitude, °.")
    annual_cost: NonNegative | None = Field(
        default=None,
        description="Rent, desk and store at this position, currency/year (default: the base's).",
    )


class BaseCandidates(FrozenModel):
    """Where one base of the design may move (its current position is always a candidate)."""

    base: str = Field(min_length=1, description="A base of the design.")
    positions: tuple[BasePosition, ...] = Field(
        strict=False, min_length=1, description="Candidate positions besides the current one."
    )


class StaffingCandidates(FrozenModel):
    """The modes one staffing window may take (its current mode is always a candidate).

    ``off`` drops the window (e.g. a field partner's window: partner use on/off); a mode other
    than the window's own takes its ``base``, ``site`` or ``partner`` from here, else from the
    window, and the mode's default acknowledge delay.
    """

    window: int = Field(ge=0, le=1000, description="Index of the window in design.staffing.")
    modes: tuple[CandidateMode, ...] = Field(
        strict=False, min_length=1, description="resident, shift, on_call, partner or off."
    )
    base: str | None = Field(default=None, description="Base for shift / on_call.")
    site: str | None = Field(default=None, description="Site for resident.")
    partner: str | None = Field(default=None, description="Partner for partner.")


class Candidates(FrozenModel):
    """The discrete space a design search explores (``[options.<id>.design.candidates]``).

    One design per combination of: a placement per listed spares class, a mode per listed
    staffing window, a position per listed base.  The option's own design is always in the
    space (each dimension's current value is added when not listed).
    """

    spares: dict[str, Annotated[tuple[Placement, ...], Field(strict=False, min_length=1)]] = Field(
        default_factory=dict,
        description="Placement alternatives per spares class of the design (by name).",
    )
    staffing: tuple[StaffingCandidates, ...] = Field(
        strict=False, default=(), description="Mode alternatives per staffing window."
    )
    bases: tuple[BaseCandidates, ...] = Field(
        strict=False, default=(), description="Position alternatives per base."
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
    candidates: Candidates | None = Field(
        default=None,
        description="The space of alternative designs ``bizcase design`` searches (the design "
        "itself is always a member).",
    )

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
        if self.candidates is not None:
            self._check_candidates(self.candidates, bases, partners)
        return self

    def _check_candidates(self, space: Candidates, bases: set[str], partners: set[str]) -> None:
        """Every alternative names what exists, and the space stays within its size limit."""
        where = "candidates"
        for name, placements in space.spares.items():
            if name not in self.spares:
                raise FieldProblem(
                    f"{where}.spares",
                    name,
                    "no such class in design.spares: give it a placement there first",
                    relative=True,
                )
            if "base" in placements and not bases:
                raise FieldProblem(
                    f"{where}.spares.{name}", "base", "placement 'base' needs a base", relative=True
                )
        seen: set[int] = set()
        for i, choice in enumerate(space.staffing):
            path = f"{where}.staffing[{i}]"
            if choice.window >= len(self.staffing):
                raise FieldProblem(
                    f"{path}.window",
                    choice.window,
                    f"no such window: design.staffing has {len(self.staffing)} (0-based)",
                    relative=True,
                )
            if choice.window in seen:
                raise FieldProblem(
                    f"{path}.window", choice.window, "window listed twice", relative=True
                )
            seen.add(choice.window)
            window = self.staffing[choice.window]
            need = {"resident": "site", "shift": "base", "on_call": "base", "partner": "partner"}
            for mode in choice.modes:
                if mode == "off" or mode == window.mode:
                    continue
                field = need[mode]
                if getattr(choice, field) is None and getattr(window, field) is None:
                    raise FieldProblem(
                        f"{path}.{field}", None, f"mode {mode!r} needs {field!r}", relative=True
                    )
            if choice.base is not None and choice.base not in bases:
                raise FieldProblem(f"{path}.base", choice.base, "no such base", relative=True)
            if choice.partner is not None and choice.partner not in partners:
                raise FieldProblem(
                    f"{path}.partner", choice.partner, "no such partner", relative=True
                )
        moved: set[str] = set()
        for i, move in enumerate(space.bases):
            path = f"{where}.bases[{i}].base"
            if move.base not in bases:
                raise FieldProblem(path, move.base, "no such base", relative=True)
            if move.base in moved:
                raise FieldProblem(path, move.base, "base listed twice", relative=True)
            moved.add(move.base)
        size = self.space_size()
        if size > MAX_DESIGN_SPACE:
            raise FieldProblem(
                where,
                size,
                f"the space holds {size:,} designs: at most {MAX_DESIGN_SPACE:,} "
                "(list fewer alternatives)",
                relative=True,
            )

    def space_dimensions(self) -> list[tuple[str, tuple[str, ...]]]:
        """The search's dimensions: ``(key, alternatives)``, the current value first.

        Keys read ``spares.<class>``, ``staffing[<i>]`` and ``bases.<name>``; a base's current
        position is named after the base.
        """
        space = self.candidates
        if space is None:
            return []
        dims: list[tuple[str, tuple[str, ...]]] = []
        for name, placements in space.spares.items():
            placed: str = self.spares[name].placement
            dims.append((f"spares.{name}", _current_first(placed, placements)))
        for choice in sorted(space.staffing, key=lambda c: c.window):
            mode: str = self.staffing[choice.window].mode
            dims.append((f"staffing[{choice.window}]", _current_first(mode, choice.modes)))
        for move in space.bases:
            names = tuple(p.name for p in move.positions)
            dims.append((f"bases.{move.base}", _current_first(move.base, names)))
        return dims

    def space_size(self) -> int:
        """How many designs the candidate space holds (1 without candidates)."""
        size = 1
        for _, alternatives in self.space_dimensions():
            size *= len(alternatives)
        return size

    def staffed_mask(self) -> NDArray[np.bool_]:
        """For each of the 168 hours of the week, whether any staffing window is in force."""
        total = np.sum([w.hours.vector() for w in self.staffing], axis=0)
        return np.asarray(total > 0)
