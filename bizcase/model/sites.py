"""The client's sites (``[[sites]]``): where incidents happen, what each site holds and weighs.

A site is a position (latitude/longitude) or a region whose travel times are given directly
(``travel_hours`` from named bases), with the devices of each inventory class it holds.
Incidents of a device class fall on the sites in proportion to the units each holds; incidents
not counted in the inventory fall on the sites by ``incident_share`` of their priority when the
sites state one, otherwise in proportion to the devices of every class.  A scenario without
sites is one site that holds everything: its numbers are exactly those of a scenario before
sites existed.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from bizcase.model.base import (
    PRIORITIES,
    FieldProblem,
    FrozenModel,
    NonNegative,
    Priority,
    Profile,
    Share,
)


class Site(FrozenModel):
    """One site of the client (a plant, a data centre, or a region of branches)."""

    name: str = Field(min_length=1, max_length=80, description="Site name, unique.")
    latitude: float | None = Field(
        default=None, ge=-90.0, le=90.0, description="Latitude, decimal degrees (WGS 84)."
    )
    longitude: float | None = Field(
        default=None, ge=-180.0, le=180.0, description="Longitude, decimal degrees (WGS 84)."
    )
    region: str | None = Field(
        default=None,
        description="A region standing for many locations (e.g. a region's branches); its "
        "travel times are given in ``travel_hours`` instead of computed from a position.",
    )
    travel_hours: dict[str, NonNegative] = Field(
        default_factory=dict,
        description="Median one-way travel, hours, from a named base or partner of a design "
        "to this site (typical over the region's locations); overrides the great-circle "
        "estimate for that base.",
    )
    access_hours: NonNegative = Field(
        default=0.0,
        description="From the car park to the failed device: badge, escort, walk, hours.",
    )
    hours: Profile | None = Field(
        default=None,
        description="When an engineer can get in (0/1 weekly window); absent = always. On-site "
        "work of an engineer who arrives while the site is closed waits for it to open.",
    )
    loss_weight: NonNegative = Field(
        default=1.0,
        description="Multiplier of an incident's impact share when it happens at this site "
        "(1 = as the priority says; 0.2 = this site's outage costs a fifth of it).",
    )
    devices: dict[str, int] = Field(
        default_factory=dict,
        description="Units of each inventory class (by its name) installed at this site.",
    )
    incident_share: dict[Priority, Share] = Field(
        default_factory=dict,
        description="Share of a priority's incidents not counted in the inventory that fall "
        "on this site (0–1; per priority the shares of all sites add up to 1).",
    )

    @model_validator(mode="after")
    def _position_or_travel(self) -> Site:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.latitude is None and not self.travel_hours:
            raise ValueError(
                "a site needs a position (latitude, longitude) or travel_hours from its bases"
            )
        for name, units in self.devices.items():
            if units < 0:
                raise ValueError(f"devices[{name!r}] = {units}: must be >= 0")
        if self.hours is not None:
            values = self.hours.vector()
            if not ((values == 0.0) | (values == 1.0)).all() or values.sum() == 0:
                raise ValueError("hours must be a 0/1 weekly window with at least one open hour")
        return self

    @property
    def has_position(self) -> bool:
        """True when the site has a latitude and a longitude."""
        return self.latitude is not None


def check_sites(scenario: Any) -> None:
    """Cross-table rules of sites, inventory and designs; raises :class:`FieldProblem`.

    * site names are unique; ``devices`` name inventory classes, and a class listed by any
      site is placed in full (its units add up to the inventory's);
    * ``incident_share`` of a priority adds up to 1 over the sites when any site states it;
    * every design's sites, bases and spares classes exist, and a design that derives travel
      has sites with a position or ``travel_hours`` for every base it may send from.
    """
    sites: tuple[Site, ...] = scenario.sites
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise FieldProblem("sites", names, "site names must be unique")
    inventory = {d.name: d.units for d in scenario.inventory}
    for i, site in enumerate(sites):
        for cls in site.devices:
            if cls not in inventory:
                raise FieldProblem(f"sites[{i}].devices", cls, f"no inventory class named {cls!r}")
    for cls, units in inventory.items():
        listed = [s.devices[cls] for s in sites if cls in s.devices]
        if listed and sum(listed) != units:
            raise FieldProblem(
                "sites",
                cls,
                f"the sites hold {sum(listed)} units of {cls!r}; the inventory "
                f"has {units}: place every unit",
            )
    for priority in PRIORITIES:
        shares = [s.incident_share[priority] for s in sites if priority in s.incident_share]  # type: ignore[index]
        if shares and abs(sum(shares) - 1.0) > 1e-6:
            raise FieldProblem(
                "sites",
                priority,
                f"incident_share.{priority} adds up to {sum(shares):g}: must be 1",
            )
    for option_name, option in scenario.options.items():
        design = getattr(option, "design", None)  # options without a design table
        if design is None:
            continue
        where = f"options.{option_name}.design"
        for j, base in enumerate(design.bases):
            if base.site is not None and base.site not in names:
                raise FieldProblem(f"{where}.bases[{j}].site", base.site, "no such site")
        for j, window in enumerate(design.staffing):
            if window.site is not None and window.site not in names:
                raise FieldProblem(f"{where}.staffing[{j}].site", window.site, "no such site")
        space = design.candidates
        for j, choice in enumerate(space.staffing if space is not None else ()):
            if choice.site is not None and choice.site not in names:
                raise FieldProblem(
                    f"{where}.candidates.staffing[{j}].site", choice.site, "no such site"
                )
        for cls in design.spares:
            if cls not in inventory:
                raise FieldProblem(f"{where}.spares", cls, f"no inventory class named {cls!r}")
        if option.stages.travel is None:
            if not sites:
                raise FieldProblem(
                    f"options.{option_name}.stages.travel",
                    None,
                    "a design derives travel from [[sites]]: add sites, or type the stage",
                )
            located = {b.name for b in design.bases if b.latitude is not None or b.site}
            located |= {p.name for p in design.partners if p.latitude is not None}
            senders = {w.base or w.partner for w in design.staffing if w.mode != "resident"}
            for site in sites:
                for sender in senders:
                    if sender not in site.travel_hours and not (
                        site.has_position and sender in located
                    ):
                        raise FieldProblem(
                            f"sites.{site.name}",
                            sender,
                            f"no way to compute travel from {sender!r}: give the site a "
                            "position and the base one, or travel_hours from it",
                        )
