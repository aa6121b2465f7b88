"""A straightforward per-incident Python implementation of the restoration pipeline.

It is the oracle the vectorised engine is tested against, and the "plain loop" that
``bench/engine.py`` measures the engine's speed-up over.  It walks the coverage window hour by
hour with Python floats: slow, obvious, independent of the prefix-sum tables.  Options with a
delivery design go through :func:`restore_designed_loop` (their graph and their engineers,
counted); :func:`restore_one` is the pipeline of an option without one.
"""

from __future__ import annotations

import math

import numpy as np

from bizcase.design.compile import BASE, MODES, RMA, SITE, TYPED, VENDOR_4H, VENDOR_NBD
from bizcase.model import STAGES
from bizcase.simulate.engine import _Z_ROWS, IncidentSample, OptionPlan

HOURS_PER_WEEK = 168


def _is_open(mask: list[float], t: float) -> bool:
    return mask[int(math.floor(t)) % HOURS_PER_WEEK] > 0


def work_end(mask: list[float], start: float, work: float) -> float:
    """Advance ``work`` hours of work from ``start``, only inside open hours."""
    t, left = start, work
    if left <= 0:
        return start
    while left > 1e-12:
        hour_end = math.floor(t) + 1.0
        if _is_open(mask, t):
            step = min(hour_end - t, left)
            left -= step
            t += step
        else:
            t = hour_end
    return t


def _hours(mu: float, sigma: float, z: float) -> float:
    if mu == -math.inf:
        return 0.0
    return float(np.float32(math.exp(mu + sigma * float(z))))


def restore_one(plan: OptionPlan, sample: IncidentSample, i: int) -> float:
    """Wall-clock restoration time of incident ``i`` under ``plan`` (the start if prevented)."""
    start = float(sample.start_hours[i])
    if sample.prevention_u[i] < plan.prevention_share:
        return start
    p = int(sample.priority[i])
    mask = list(plan.windows[int(plan.window_of_priority[p])].profile.values)
    stage = {
        name: _hours(plan.mu[k, p], plan.sigma[k, p], sample.z[_Z_ROWS[name], i])
        for k, name in enumerate(STAGES)
    }
    z_spare = sample.z[_Z_ROWS["spare_part"], i]
    fetch = lead = 0.0
    if sample.needs_spare[i]:
        stocked = plan.local_stock and not sample.stockout_u[i] < plan.stockout_probability
        if stocked:
            fetch = _hours(plan.spare_mu[0, p], plan.spare_sigma[0, p], z_spare)
        else:
            lead = _hours(plan.spare_mu[1, p], plan.spare_sigma[1, p], z_spare)
    travel = stage["travel"] if sample.needs_onsite[i] else 0.0
    second = stage["second_line"] if sample.needs_second_line[i] else 0.0
    t1 = start + stage["detection"]
    t = work_end(mask, t1, stage["response"] + stage["diagnosis"] + travel + fetch)
    if lead > 0:
        # the vendor is called once work has started: never before the window opens
        t = max(t, next_open(mask, t1)) + lead
    return work_end(mask, t, second + stage["repair"])


# ---------------------------------------------------------------------------------------------
# Options with a delivery design: the graph of bizcase.simulate.graph, one incident at a time,
# and the engineers counted with a plain first-come-first-served loop per trial-year and pool.


def open_hours_between(mask: list[float], start: float, end: float) -> float:
    """Open hours from ``start`` to ``end`` (0 when ``end <= start``), walking hour by hour."""
    t, total = start, 0.0
    while t < end - 1e-12:
        step_end = min(math.floor(t) + 1.0, end)
        if _is_open(mask, t):
            total += step_end - t
        t = step_end
    return total


def next_open(mask: list[float], t: float) -> float:
    """The first instant at or after ``t`` inside an open hour."""
    while not _is_open(mask, t):
        t = math.floor(t) + 1.0
    return t


def _nbd(order: float, cutoff: int, arrival_hour: int) -> float:
    day = math.floor(order / 24.0)
    business = lambda d: d % 7 < 5  # noqa: E731 - Monday is day 0
    placed = day if business(day) and order - 24.0 * day < cutoff else day + 1
    while not business(placed):
        placed += 1
    delivered = placed + 1
    while not business(delivered):
        delivered += 1
    return delivered * 24.0 + arrival_hour


def _hours64(mu: float, sigma: float, z: float) -> float:
    """A designed option's stage hours, in double precision (as the graph computes them)."""
    return 0.0 if mu == -math.inf else math.exp(mu + sigma * z)


class _Incident:
    """One incident's graph, as offsets in open hours from the first open instant ``t0``."""

    def __init__(self, plan: OptionPlan, sample: IncidentSample, i: int, partner: bool) -> None:
        design = plan.design
        assert design is not None
        p = int(sample.priority[i])
        self.mask = list(plan.windows[int(plan.window_of_priority[p])].profile.values)
        z = [float(sample.z[_Z_ROWS[name], i]) for name in (*STAGES, "spare_part")]
        typed = {
            name: _hours64(plan.mu[k, p], plan.sigma[k, p], z[k]) for k, name in enumerate(STAGES)
        }
        self.start = float(sample.start_hours[i])
        site = int(sample.site[i]) if sample.site.size else 0
        self.t1 = self.start + typed["detection"]
        self.t0 = next_open(self.mask, self.t1)
        how = int(math.floor(self.t0 % HOURS_PER_WEEK))
        if partner:
            who = int(design.partner_responder[how, site])
            r_mu, r_sigma = design.partner_response_mu, design.partner_response_sigma
            t_mu = design.partner_travel_mu
        else:
            who = int(design.responder[how, site])
            r_mu, r_sigma, t_mu = design.response_mu, design.response_sigma, design.travel_mu
        self.who, self.how = who, how
        self.pool = int(design.window_pool[who]) if who >= 0 else -1
        response = (
            _hours64(r_mu[how, site], r_sigma[how, site], z[1])
            if plan.derived[1, p]
            else typed["response"]
        )
        # A partner is sent by the integrator's own window in force, which answers the case:
        # the partner's acknowledgement then only delays its dispatch.
        sent = 0.0
        if (
            plan.derived[1, p]
            and who >= 0
            and MODES[int(design.window_mode[who])] == "partner"
            and bool(design.own_in_force[how])
        ):
            sent = response
            response = _hours64(design.own_response_mu[how], design.own_response_sigma[how], z[1])
        spare = bool(sample.needs_spare[i])
        remote = (
            bool(sample.needs_onsite[i])
            and not spare
            and sample.remote_u[i] < design.remote_fix_share
        )
        self.onsite = (bool(sample.needs_onsite[i]) or spare) and not remote
        travel = (
            _hours64(t_mu[how, site], design.travel_sigma, z[3])
            if plan.derived[3, p]
            else typed["travel"]
        )
        travel = travel if self.onsite else 0.0
        self.second = typed["second_line"] if sample.needs_second_line[i] else 0.0
        self.repair = typed["repair"]
        self.off_x = (
            response if design.parallel_dispatch else response + typed["diagnosis"]
        ) + sent
        self.off_d = response + typed["diagnosis"]
        off_a = self.off_x + travel if self.onsite else self.off_d
        window = design.site_windows[site]
        if self.onsite and window is not None:
            arrival = self.wall(off_a)
            opens = next_open(list(window.profile.values), arrival)
            off_a = max(off_a, open_hours_between(self.mask, self.t0, opens))
        self.off_a = off_a
        # the part: with the engineer (site store, typed local stock, carried), or apart
        self.follows, self.off_s = False, self.off_d
        if spare:
            stream = int(sample.priority[i] if sample.stream is None else sample.stream[i])
            source = int(design.source[stream, site])
            u = float(sample.stockout_u[i])
            if source in (SITE, BASE) and u < design.stockout[stream, site]:
                source = int(design.backup[stream])
            local = source == TYPED and design.typed_local_stock and u >= design.typed_stockout
            if source == TYPED and not local:
                source = RMA
            zs = z[6]
            order = max(self.wall(self.off_d), self.t0)
            if source == SITE:
                self.follows, self.off_s = True, off_a + _hours64(*design.site_fetch, zs)
            elif local:
                self.follows, self.off_s = True, off_a + _hours64(*design.typed_fetch, zs)
            elif source == BASE:
                if who >= 0 and design.carried[stream, who]:
                    self.follows, self.off_s = True, off_a
                else:
                    courier = _hours64(design.courier_mu[stream, site], design.travel_sigma, zs)
                    self.off_s = response + courier
            else:
                if source == VENDOR_NBD:
                    arrival = _nbd(order, design.nbd_cutoff_hour, design.nbd_arrival_hour)
                else:
                    mu, sigma = design.vendor_4h if source == VENDOR_4H else design.rma
                    arrival = order + _hours64(mu, sigma, zs)
                self.off_s = open_hours_between(self.mask, self.t0, arrival)
        self.spare = spare
        self.parallel_second = design.parallel_second_line

    def wall(self, offset: float) -> float:
        return work_end(self.mask, self.t0, offset)

    def engineer_done(self, shift: float = 0.0) -> float:
        e = self.off_a + shift if self.onsite else self.off_a
        if self.spare and self.follows:
            e = max(e, self.off_s + shift)
        return e

    def tail(self) -> float:
        return self.repair if self.parallel_second else self.second + self.repair

    def end(self, shift: float = 0.0) -> float:
        ready = max(self.off_d, self.engineer_done(shift))
        if self.spare and not self.follows:
            ready = max(ready, self.off_s)
        if self.parallel_second:
            ready = max(ready, self.off_d + self.second)
        return max(self.wall(ready + self.tail()), self.t1)

    def busy_until(self, shift: float = 0.0) -> float:
        return self.wall(self.engineer_done(shift) + self.tail())


def restore_designed_loop(plan: OptionPlan, sample: IncidentSample) -> list[float]:
    """Wall-clock restoration of every incident under a designed option, one at a time.

    Engineers: per trial-year and pool, incidents in order of dispatch take the engineer free
    first among those on duty at the hour work starts; one who finds them all busy waits for
    the first free, or goes to the partner in force (bizcase.simulate.graph.engineer_delays).
    """
    design = plan.design
    assert design is not None
    incidents = [_Incident(plan, sample, i, partner=False) for i in range(sample.size)]
    ends = [x.end() for x in incidents]
    prevented = [bool(u < plan.prevention_share) for u in sample.prevention_u]
    queues: dict[tuple[int, int], list[int]] = {}
    for i, x in enumerate(incidents):
        if x.onsite and x.pool >= 0 and not prevented[i]:
            queues.setdefault((int(sample.trial[i]), x.pool), []).append(i)
    for (_, pool), members in queues.items():
        members.sort(key=lambda i: incidents[i].wall(incidents[i].off_x))
        free: list[float] = [-math.inf] * int(design.pool_capacity[pool].max())
        for i in members:
            x = incidents[i]
            dispatch = x.wall(x.off_x)
            on_duty = int(design.pool_capacity[pool, x.how])
            slot = min(range(on_duty), key=lambda k: free[k])
            if free[slot] <= dispatch:
                free[slot] = x.busy_until()
                continue
            if design.partner_responder[x.how, int(sample.site[i]) if sample.site.size else 0] >= 0:
                ends[i] = _Incident(plan, sample, i, partner=True).end()
                continue
            shift = open_hours_between(x.mask, x.t0, free[slot]) - x.off_x
            ends[i] = x.end(shift)
            free[slot] = x.busy_until(shift)
    return [sample.start_hours[i] if prevented[i] else e for i, e in enumerate(ends)]
