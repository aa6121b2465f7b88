"""Compile an option's delivery design into stage-time tables the engine looks up per incident.

For every hour of the week ``h`` and site ``i`` (DESIGN 4.11):

* the **responder** is the staffing window in force at ``h`` that reaches site ``i`` first
  (least median acknowledge + call-out delay + travel);
* **response** is that window's acknowledge delay (a lognormal from its median and P90) — but
  when a field partner answers and one of the integrator's own windows is in force, the case is
  the integrator's: its own fastest window in force acknowledges (the **response**, from which
  remote diagnosis runs) and sends the partner, whose acknowledge delay then delays only the
  dispatch (:func:`bizcase.simulate.graph.restore_designed`);
* **travel** is, from the responder's base (on call: its base, the engineers live near it;
  partner: the partner's position), ``circuity × great-circle km / speed(h) + access``, or the
  site's ``travel_hours`` from that base when given; a resident engineer on site ``i`` travels
  nothing.  On call adds the call-out delay (medians add; the spread is the travel's).  Each
  derived travel is a lognormal around its median with ``P90 = travel_p90_ratio × median``;
* **spare part**, per device class and site: on the site (fetched from its store after
  arrival), at bases (carried when the responder starts from a stocking base, else a courier
  drive from the nearest one, in parallel with the engineer's travel), vendor back-to-back 4 h
  (wall clock, 24x7) or next business day (the vendor's own clock, see
  :func:`nbd_arrival`), or none (the option's standard RMA lead time).  A local stock is sized
  to the delivery's target fill rate on the Poisson lead-time demand of the units it serves;
  its stock-out probability sends the part to the class's ``backup``.

Everything is a table indexed by (hour of week, site) or (stream, site), so the engine stays
vectorised over incidents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bizcase.design.geo import great_circle_km, road_km
from bizcase.design.spares import fill_rate, stock_for_fill_rate
from bizcase.model.base import PRIORITIES, Z90, Duration
from bizcase.model.calendar import HOURS_PER_WEEK, CoverageWindow
from bizcase.model.design import Design, Partner
from bizcase.model.errors import ScenarioError
from bizcase.model.incidents import stream_layout
from bizcase.model.memo import scenario_memo
from bizcase.model.options import SupportOption, derived_stages
from bizcase.model.scenario import Scenario

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MODES: tuple[str, ...] = ("resident", "shift", "on_call", "partner")
#: Spare sources, as codes in the compiled tables.
SOURCES: tuple[str, ...] = ("site", "base", "vendor_4h", "vendor_nbd", "rma", "typed")
SITE, BASE, VENDOR_4H, VENDOR_NBD, RMA, TYPED = range(6)
_DEFAULT_FILL = 0.95


@dataclass(frozen=True)
class StockPoint:
    """Spare stock of one device class at one location (a site or a base)."""

    device_class: str
    location: str
    units_served: int
    mean_lead_time_demand: float
    stock: int
    fill_rate: float
    unit_cost: float
    at_base: bool = False  # a base's stock may pool the demand of several clients
    target_fill_rate: float = _DEFAULT_FILL

    def for_contracts(self, contracts: int) -> tuple[int, float]:
        """Units and capital for ``contracts`` clients like this one.

        A site's stock is repeated per client; a base's stock is sized once on the pooled
        Poisson lead-time demand ``contracts × λ`` (DESIGN 4.7: spares pool across clients).
        """
        if not self.at_base:
            return contracts * self.stock, contracts * self.capital
        lam = contracts * self.mean_lead_time_demand
        units = int(stock_for_fill_rate(lam, self.target_fill_rate)) if lam > 0 else 0
        return units, units * self.unit_cost

    @property
    def capital(self) -> float:
        """Money frozen in this stock, currency."""
        return self.stock * self.unit_cost


@dataclass(frozen=True)
class CompiledDesign:
    """An option's design as look-up tables for the engine (see the module docstring).

    Shapes: ``(168, sites)`` for the per-hour tables, ``(streams, sites)`` for spare tables;
    ``mu`` and ``sigma`` are of ``ln(hours)``; ``mu = -inf`` means no time.
    """

    sites: tuple[str, ...]
    windows: tuple[str, ...]  # a label per staffing window
    window_mode: IntArray  # (windows,) index into MODES
    responder: IntArray  # (168, sites) staffing window answering; -1 where none is in force
    response_mu: FloatArray
    response_sigma: FloatArray
    travel_mu: FloatArray  # (168, sites); -inf for a resident on the site
    travel_sigma: float
    source: IntArray  # (streams, sites) where the part comes from (SOURCES)
    carried: NDArray[np.bool_]  # (streams, windows): the responder's base stocks the class
    courier_mu: FloatArray  # (streams, sites): drive from the nearest stocking base
    stockout: FloatArray  # (streams, sites): P(local stock empty)
    backup: IntArray  # (streams,) source after a stock-out
    site_fetch: tuple[float, float]
    vendor_4h: tuple[float, float]
    rma: tuple[float, float]
    typed_fetch: tuple[float, float]
    typed_local_stock: bool
    typed_stockout: float
    nbd_cutoff_hour: int
    nbd_arrival_hour: int
    remote_fix_share: float
    parallel_dispatch: bool
    parallel_second_line: bool
    site_windows: tuple[CoverageWindow | None, ...]
    derived: tuple[str, ...]  # stages derived for at least one priority
    typed: tuple[str, ...]  # stages typed in the file
    stock: tuple[StockPoint, ...] = field(default=())
    # Engineers counted (bizcase.simulate.graph): the pool of engineers each staffing window
    # draws on (its base, or its site for resident engineers; -1 for a partner, unlimited),
    # how many of each pool are on duty in each hour of the week, and the partner that takes an
    # on-site incident when every engineer is busy (-1 where no partner is in force).
    window_pool: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    pool_capacity: IntArray = field(default_factory=lambda: np.zeros((0, HOURS_PER_WEEK), np.int64))
    partner_responder: IntArray = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    partner_response_mu: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    partner_response_sigma: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    partner_travel_mu: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    # The integrator's own first answer by hour of the week (168,): the fastest of its own
    # (non-partner) windows in force (-1 where none is), and its acknowledge delay.  It answers
    # the cases a partner is sent to (an on-call engineer woken for them is called out).
    own_window: IntArray = field(default_factory=lambda: np.full(HOURS_PER_WEEK, -1, np.int64))
    own_response_mu: FloatArray = field(default_factory=lambda: np.zeros(HOURS_PER_WEEK))
    own_response_sigma: FloatArray = field(default_factory=lambda: np.zeros(HOURS_PER_WEEK))

    @property
    def own_in_force(self) -> NDArray[np.bool_]:
        """Whether one of the integrator's own windows is in force, by hour of the week (168,)."""
        return self.own_window >= 0

    @property
    def n_sites(self) -> int:
        """Number of sites (1 for a scenario without sites)."""
        return len(self.sites)


def _lognormal_of(duration: Duration) -> tuple[float, float]:
    return duration.mu_sigma


def _positions(scenario: Scenario, design: Design) -> dict[str, tuple[float, float]]:
    """Positions of the sites, the bases and the partners that have one."""
    where: dict[str, tuple[float, float]] = {}
    for site in scenario.sites:
        if site.latitude is not None and site.longitude is not None:
            where[site.name] = (site.latitude, site.longitude)
    for base in design.bases:
        if base.latitude is not None and base.longitude is not None:
            where[base.name] = (base.latitude, base.longitude)
        elif base.site is not None and base.site in where:
            where[base.name] = where[base.site]
    for partner in design.partners:
        if partner.latitude is not None and partner.longitude is not None:
            where[partner.name] = (partner.latitude, partner.longitude)
    return where


def travel_median_hours(
    scenario: Scenario, design: Design, sender: str, speeds: FloatArray
) -> FloatArray:
    """Median travel from ``sender`` (a base, partner or site) to every site, hours, (168, sites).

    Notes
    -----
    ``t = circuity × d_gc / v(h) + access`` with ``d_gc`` the haversine distance and ``v(h)``
    the design's speed at the hour of departure; a site's ``travel_hours[sender]`` replaces the
    drive when given; travel from a site (or a base on it) to the same site is access only.
    """
    where = _positions(scenario, design)
    base_site = {b.name: b.site for b in design.bases if b.site is not None}
    sites = scenario.sites
    access = np.array([site.access_hours for site in sites], dtype=np.float64)
    # per site: 0 the sender's own site, 1 a typed travel time, 2 a drive between positions
    how = np.array(
        [
            0
            if sender == site.name or base_site.get(sender) == site.name
            else 1
            if sender in site.travel_hours
            else 2
            for site in sites
        ],
        dtype=np.int64,
    )
    for site, kind in zip(sites, how, strict=True):
        if kind == 2 and (sender not in where or site.name not in where):
            raise ScenarioError(
                f"sites.{site.name}: no travel from {sender!r}: give the site and {sender!r} "
                f"positions, or the site travel_hours.{sender}"
            )
    out = np.empty((HOURS_PER_WEEK, len(sites)))
    out[:] = access
    typed = np.flatnonzero(how == 1)
    out[:, typed] += np.array([sites[i].travel_hours[sender] for i in typed])
    driven = np.flatnonzero(how == 2)
    if driven.size:
        a = where[sender]
        lat = np.array([where[sites[i].name][0] for i in driven])
        lon = np.array([where[sites[i].name][1] for i in driven])
        km = road_km(great_circle_km(a[0], a[1], lat, lon), design.circuity)
        # one site's drive at every hour of departure (the week's speeds) plus its access
        out[:, driven] = km[None, :] / speeds[:, None] + access[driven]
    return out


def _stock_points(
    scenario: Scenario, design: Design, nearest_base: dict[str, IntArray]
) -> tuple[list[StockPoint], dict[tuple[str, str], float]]:
    """Size every local stock; return the points and P(stock-out) by (class, site)."""
    target = scenario.delivery.spares.target_fill_rate if scenario.delivery else _DEFAULT_FILL
    inventory = {d.name: d for d in scenario.inventory}
    points: list[StockPoint] = []
    stockout: dict[tuple[str, str], float] = {}
    for cls, spare in design.spares.items():
        device = inventory[cls]
        rate = device.annual_failure_rate * device.spare_share * device.lead_time_days / 365.0
        units = {s.name: _units_at(scenario, s.name, cls) for s in scenario.sites}
        if spare.placement == "site":
            groups = {name: [name] for name, u in units.items() if u > 0}
        elif spare.placement == "base":
            stocking = _stocking_bases(design, cls)
            groups = {b: [] for b in stocking}
            for i, site in enumerate(scenario.sites):
                groups[stocking[int(nearest_base[cls][i])]].append(site.name)
        else:
            continue
        for location, served in groups.items():
            n_units = sum(units[s] for s in served)
            lam = n_units * rate
            stock = int(stock_for_fill_rate(lam, target)) if lam > 0 else 0
            fill = float(fill_rate(stock, lam)) if lam > 0 else 1.0
            points.append(
                StockPoint(
                    cls,
                    location,
                    n_units,
                    lam,
                    stock,
                    fill,
                    device.unit_cost,
                    at_base=spare.placement == "base",
                    target_fill_rate=target,
                )
            )
            for s in served:
                stockout[(cls, s)] = 1.0 - fill
    return points, stockout


def _units_at(scenario: Scenario, site: str, cls: str) -> int:
    """Units of ``cls`` at ``site``: as listed, or spread like the class's incidents."""
    listed = any(cls in s.devices for s in scenario.sites)
    for s in scenario.sites:
        if s.name == site:
            if listed:
                return s.devices.get(cls, 0)
            units = next(d.units for d in scenario.inventory if d.name == cls)
            return math.ceil(units / len(scenario.sites))
    return 0


def _stocking_bases(design: Design, cls: str) -> list[str]:
    spare = design.spares[cls]
    return list(spare.bases) if spare.bases else [b.name for b in design.bases]


def compiled_design(scenario: Scenario, option: str) -> CompiledDesign:
    """``scenario.options[option]``'s compiled design (:func:`compile_design`), compiled once
    per scenario object for the engine and the delivery costing alike: its tables are read,
    never written.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario, shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> compiled_design(s, "support_24x7x4") is compiled_design(s, "support_24x7x4")
    True
    """
    opt = scenario.options[option]
    return scenario_memo(scenario, ("compiled", option), lambda: compile_design(scenario, opt))


def compile_design(
    scenario: Scenario, option: SupportOption, *, design: Design | None = None
) -> CompiledDesign:
    """Compile ``option``'s design (or ``design`` in its place) for the engine.

    Raises
    ------
    ScenarioError
        When a travel time cannot be derived (a base or site without position or travel hours).
    """
    design = design if design is not None else option.design
    if design is None:
        raise ScenarioError("compile_design: the option has no [design]")
    if not scenario.sites:
        # No sites: one site that holds everything; travel must then be typed.
        scenario = scenario.model_copy(update={"sites": ()})
    site_names = tuple(s.name for s in scenario.sites) or ("(all)",)
    n_sites = len(site_names)
    speeds = design.speed_kmh.vector()
    partners: dict[str, Partner] = {p.name: p for p in design.partners}
    travel_typed = option.stages.travel is not None

    w_mask = np.stack([w.hours.vector() > 0 for w in design.staffing])  # (W, 168)
    n_w = len(design.staffing)
    resp = np.empty((n_w, 2))
    total = np.full((n_w, HOURS_PER_WEEK, n_sites), np.inf)
    drive = np.zeros((n_w, HOURS_PER_WEEK, n_sites))
    labels = []
    for k, window in enumerate(design.staffing):
        partner = partners.get(window.partner) if window.partner else None
        mu, sigma = _lognormal_of(window.acknowledge_for(partner))
        resp[k] = mu, sigma
        sender = window.site or window.base or window.partner
        labels.append(f"{window.mode}:{sender}")
        if travel_typed or not scenario.sites:
            hours = np.zeros((HOURS_PER_WEEK, n_sites))
        else:
            assert sender is not None  # the model requires one per mode
            hours = travel_median_hours(scenario, design, sender, speeds)
            if window.mode == "resident":
                own = [i for i, s in enumerate(scenario.sites) if s.name == window.site]
                hours[:, own] = 0.0
            if window.mode == "on_call":
                hours = hours + window.callout_delay.median_hours
        drive[k] = hours
        ack = math.exp(mu) if mu > -math.inf else 0.0
        total[k] = np.where(w_mask[k][:, None], ack + hours, np.inf)
    best = np.argmin(total, axis=0)  # (168, sites)
    none_in_force = ~np.isfinite(np.min(total, axis=0))
    responder = np.where(none_in_force, -1, best).astype(np.int64)
    safe = np.where(responder < 0, 0, responder)
    response_mu = resp[safe, 0]
    response_sigma = resp[safe, 1]
    hours_idx = np.arange(HOURS_PER_WEEK)[:, None]
    site_idx = np.arange(n_sites)[None, :]
    travel_median = drive[safe, hours_idx, site_idx]
    with np.errstate(divide="ignore"):
        travel_mu = np.where(travel_median > 0, np.log(np.maximum(travel_median, 1e-12)), -np.inf)
    travel_sigma = math.log(design.travel_p90_ratio) / Z90

    # Engineers counted: pools by base (or resident site), and the fastest partner in force.
    pool_names: list[str] = []
    window_pool = np.full(n_w, -1, dtype=np.int64)
    for k, window in enumerate(design.staffing):
        if window.mode == "partner":
            continue
        name = f"base:{window.base}" if window.base is not None else f"site:{window.site}"
        if name not in pool_names:
            pool_names.append(name)
        window_pool[k] = pool_names.index(name)
    pool_capacity = np.zeros((len(pool_names), HOURS_PER_WEEK), dtype=np.int64)
    for k, window in enumerate(design.staffing):
        if window_pool[k] >= 0:
            pool_capacity[window_pool[k]] += w_mask[k].astype(np.int64) * window.engineers
    partner_total = np.where((window_pool < 0)[:, None, None], total, np.inf)
    partner_best = np.argmin(partner_total, axis=0)
    partner_responder = np.where(
        np.isfinite(np.min(partner_total, axis=0)), partner_best, -1
    ).astype(np.int64)
    partner_safe = np.where(partner_responder < 0, 0, partner_responder)
    # The integrator's own windows in force each hour, and the one that acknowledges first.
    with np.errstate(over="ignore"):
        own_ack = np.where((window_pool >= 0)[:, None] & w_mask, np.exp(resp[:, :1]), np.inf)
    own_first = np.argmin(own_ack, axis=0)  # (168,)
    partner_drive = drive[partner_safe, hours_idx, site_idx]
    with np.errstate(divide="ignore"):
        partner_travel_mu = np.where(
            partner_drive > 0, np.log(np.maximum(partner_drive, 1e-12)), -np.inf
        )

    # Spares, per stream and site, in the engine's stream layout.
    stream_device = [device for device, _ in stream_layout(scenario.inventory)]
    n_streams = len(stream_device)
    source = np.full((n_streams, n_sites), TYPED, dtype=np.int64)
    carried = np.zeros((n_streams, n_w), dtype=np.bool_)
    courier_mu = np.full((n_streams, n_sites), -np.inf)
    stockout = np.zeros((n_streams, n_sites))
    backup = np.full(n_streams, RMA, dtype=np.int64)
    nearest: dict[str, IntArray] = {}
    courier_hours: dict[str, FloatArray] = {}
    mean_speed = speeds.mean()
    for cls, spare in design.spares.items():
        if spare.placement == "base" and scenario.sites:
            stocking = _stocking_bases(design, cls)
            # Drive from each stocking base to each site at the week's mean speed.
            table = np.stack(
                [
                    travel_median_hours(scenario, design, b, np.full(HOURS_PER_WEEK, mean_speed))[0]
                    for b in stocking
                ]
            )
            nearest[cls] = np.argmin(table, axis=0)
            courier_hours[cls] = table.min(axis=0)
    points, outs = _stock_points(scenario, design, nearest)
    codes = {"site": SITE, "base": BASE, "vendor_4h": VENDOR_4H, "vendor_nbd": VENDOR_NBD}
    for row, index in enumerate(stream_device):
        if index is None:
            continue
        device = scenario.inventory[index]
        placed = design.spares.get(device.name)
        if placed is None:
            continue
        spare = placed
        source[row, :] = codes.get(spare.placement, RMA)
        backup[row] = {"vendor_4h": VENDOR_4H, "vendor_nbd": VENDOR_NBD}.get(spare.backup, RMA)
        if spare.placement in ("site", "base"):
            for i, name in enumerate(site_names):
                stockout[row, i] = outs.get((device.name, name), 1.0)
        if spare.placement == "base":
            stockists = set(_stocking_bases(design, device.name))
            for k, window in enumerate(design.staffing):
                carried[row, k] = window.base in stockists
            if device.name in courier_hours:
                c = courier_hours[device.name]
                courier_mu[row] = np.where(c > 0, np.log(np.maximum(c, 1e-12)), -np.inf)

    typed = tuple(
        stage
        for stage in ("detection", "response", "diagnosis", "travel", "second_line", "repair")
        if any(option.stage_for(p, stage) is not None for p in PRIORITIES)
    )
    derivable = derived_stages(design)
    derived = tuple(
        s for s in derivable if any(option.stage_for(p, s) is None for p in PRIORITIES)
    ) + ("spare_part",) * bool(design.spares)
    site_windows = tuple(
        CoverageWindow.from_mask(s.hours.vector()) if s.hours is not None else None
        for s in scenario.sites
    ) or (None,)
    spares = option.spares
    return CompiledDesign(
        sites=site_names,
        windows=tuple(labels),
        window_mode=np.array([MODES.index(w.mode) for w in design.staffing], dtype=np.int64),
        responder=responder,
        response_mu=response_mu,
        response_sigma=response_sigma,
        travel_mu=travel_mu,
        travel_sigma=travel_sigma,
        source=source,
        carried=carried,
        courier_mu=courier_mu,
        stockout=stockout,
        backup=backup,
        site_fetch=design.site_fetch.mu_sigma,
        vendor_4h=design.vendor.delivery_4h.mu_sigma,
        rma=spares.vendor_lead_time.mu_sigma,
        typed_fetch=spares.local_fetch.mu_sigma,
        typed_local_stock=spares.local_stock,
        typed_stockout=spares.stockout_probability,
        nbd_cutoff_hour=design.vendor.nbd_cutoff_hour,
        nbd_arrival_hour=design.vendor.nbd_arrival_hour,
        remote_fix_share=design.remote_fix_share,
        parallel_dispatch=design.parallel_dispatch,
        parallel_second_line=design.parallel_second_line,
        site_windows=site_windows,
        derived=derived,
        typed=typed,
        stock=tuple(points),
        window_pool=window_pool,
        pool_capacity=pool_capacity,
        partner_responder=partner_responder,
        partner_response_mu=resp[partner_safe, 0],
        partner_response_sigma=resp[partner_safe, 1],
        partner_travel_mu=partner_travel_mu,
        own_window=np.where(np.isfinite(own_ack.min(axis=0)), own_first, -1).astype(np.int64),
        own_response_mu=resp[own_first, 0],
        own_response_sigma=resp[own_first, 1],
    )


def nbd_arrival(order_hours: FloatArray, cutoff_hour: int, arrival_hour: int) -> FloatArray:
    """Arrival of a next-business-day part ordered at ``order_hours`` (hours from Monday 00:00).

    The vendor's clock: business days Monday–Friday.  An order placed on a business day before
    the cut-off arrives at ``arrival_hour`` of the next business day; later orders, and orders
    on Saturday or Sunday, count from the next business day (Friday 18:00 → Tuesday).

    Examples
    --------
    >>> float(nbd_arrival(np.array([4 * 24 + 10.0]), 15, 17)[0]) / 24  # Fri 10:00 -> Mon 17:00
    7.708333333333333
    >>> float(nbd_arrival(np.array([4 * 24 + 18.0]), 15, 17)[0]) / 24  # Fri 18:00 -> Tue 17:00
    8.708333333333334
    """
    t = np.asarray(order_hours, dtype=np.float64)
    day = np.floor(t / 24.0)
    weekday = np.mod(day, 7)
    hour = t - day * 24.0
    # The business day on which the order counts as placed (today before the cut-off).
    placed = np.where((weekday < 5) & (hour < cutoff_hour), day, day + 1)
    wd = np.mod(placed, 7)
    placed = placed + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))
    # The next business day after it.
    nxt = placed + 1
    wd = np.mod(nxt, 7)
    nxt = nxt + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))
    return np.asarray(nxt * 24.0 + arrival_hour)
