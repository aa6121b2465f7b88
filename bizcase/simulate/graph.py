"""Restoration of an option with a delivery design: the pipeline as a small graph (DESIGN 4.3).

Per incident of priority ``p``, on the open-hours clock ``g = G(t)`` of the priority's window::

    t₁ = start + detection                       (wall clock; monitoring when the design has it)
    g₁ = G(t₁)                                   work starts at the next open hour
    g_r = g₁ + response                          acknowledge delay of the staffing in force
    g_d = g_r + diagnosis                        remote diagnosis
    g_x = (g_r if parallel_dispatch else g_d)    dispatch (+ a_p when a partner is sent, below)
    g_a = g_x + travel                           engineer on site (on-site cases)
    g_s = part on site: site store (g_a + fetch), carried from the base (g_a), courier from the
          nearest stocking base (g_r + drive), or a vendor delivery ordered at the wall time of
          g_d (4 h: + lead on the wall clock; NBD: the vendor's business-day clock; RMA: + lead)
    g_2 = g_d + second line                      parallel; else after the part and the engineer
    end = G⁻¹(max(g_d, g_a, g_s, g_2) + repair)

The outage ends when the last branch ends.  "Where the hours go" follows the critical path:
travel counts only the part of the drive longer than the diagnosis, the spare part only its
wait beyond the engineer's arrival, the second line only what it adds; waiting for the window
is the outage minus every other stage (and a wait for a free engineer: engineers are counted,
see :func:`engineer_delays`).  Common random numbers: every option maps the sample's
same standard-normal quantile per stage through its own medians.

A field partner is the integrator's subcontractor: when it answers (it reaches the site first)
while one of the integrator's own windows is in force, the integrator's fastest own window
acknowledges the case (``response``: the SLA's response and the start of remote diagnosis) and
sends the partner, whose acknowledge delay ``a_p`` (the same standard-normal quantile) then
delays only the dispatch, ``g_x = (g_r if parallel_dispatch else g_d) + a_p``; "where the hours
go" counts ``a_p`` with the travel.  With no own window in force the partner's acknowledgement
is the response.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from bizcase.design.compile import (
    BASE,
    MODES,
    RMA,
    SITE,
    TYPED,
    VENDOR_4H,
    VENDOR_NBD,
    nbd_arrival,
)
from bizcase.model.calendar import HOURS_PER_WEEK, CoverageWindow

if TYPE_CHECKING:
    from bizcase.simulate.engine import IncidentSample, OptionPlan, Restoration

FloatArray = NDArray[np.float64]

_STAGE_Z = {"detection": 0, "response": 1, "diagnosis": 2, "travel": 3, "second_line": 4}
_Z_REPAIR, _Z_SPARE = 5, 6
_PARTNER_MODE = MODES.index("partner")


def _lognormal(
    mu: FloatArray | float, sigma: FloatArray | float, z: NDArray[np.float32]
) -> FloatArray:
    """``exp(mu + sigma·z)``, 0 where ``mu = -inf`` (a stage that takes no time)."""
    mu_arr = np.asarray(mu, dtype=np.float64)
    if mu_arr.ndim == 0:
        # one distribution for every row: no gathers, and no exp for a stage of no time
        if mu_arr == -np.inf:
            return np.zeros(z.shape)
        if sigma == 0.0:
            return np.full(z.shape, math.exp(float(mu_arr)))
        out = z.astype(np.float64)
        out *= float(sigma)
        out += float(mu_arr)
        return np.exp(out, out=out)
    with np.errstate(invalid="ignore"):
        out = np.exp(mu_arr + np.asarray(sigma, dtype=np.float64) * z.astype(np.float64))
    return np.where(np.isneginf(mu_arr), 0.0, out)


def _lognormal_at(
    mu: FloatArray, sigma: FloatArray | float, at: NDArray[np.intp], z: NDArray[np.float32]
) -> FloatArray:
    """:func:`_lognormal` of the table entries ``mu.flat[at]`` (and ``sigma``'s, when a table)."""
    mu_at = np.take(mu, at)
    sigma_at = np.take(sigma, at) if isinstance(sigma, np.ndarray) else sigma
    if np.isneginf(mu).any():
        return _lognormal(mu_at, sigma_at, z)
    out = z.astype(np.float64)
    out *= sigma_at
    out += mu_at
    return np.exp(out, out=out)


@dataclass
class _Branches:
    """The graph of some incidents of one priority, on the open-hours clock of its window."""

    idx: NDArray[np.intp]  # rows of the sample
    start: FloatArray
    t1: FloatArray
    how: NDArray[np.intp]  # hour of the week work starts
    site: NDArray[np.int64]
    who: NDArray[np.int64]  # staffing window answering (-1: none)
    detection: FloatArray
    response: FloatArray
    diagnosis: FloatArray
    onsite: NDArray[np.bool_]
    spare: NDArray[np.bool_]
    g_x: FloatArray  # the engineer is dispatched (response, or diagnosis without parallel)
    g_d: FloatArray  # remote diagnosis done
    g_a: FloatArray  # engineer on site (g_d for remote work)
    g_s: FloatArray  # part on site (g_d when no part is needed)
    spare_follows_engineer: NDArray[np.bool_]  # the part comes with or after the engineer
    second: FloatArray
    repair: FloatArray

    def engineer_ready(self, delay: FloatArray | float = 0.0) -> FloatArray:
        """``E``: the engineer's branch done (arrival, and the part he fetches or carries)."""
        return self._engineer_ready(*self._delayed(delay))

    def _engineer_ready(self, g_a: FloatArray, g_s: FloatArray) -> FloatArray:
        dep = self.spare & self.spare_follows_engineer
        return np.where(dep, np.maximum(g_a, g_s), g_a)

    def _delayed(self, delay: FloatArray | float) -> tuple[FloatArray, FloatArray]:
        """The engineer's arrival and the part he brings, ``delay`` open hours later (no
        arithmetic for the first pass, where nobody waits)."""
        if isinstance(delay, float) and delay == 0.0:
            return self.g_a, self.g_s
        g_a = np.where(self.onsite, self.g_a + delay, self.g_a)
        g_s = np.where(self.spare & self.spare_follows_engineer, self.g_s + delay, self.g_s)
        return g_a, g_s

    def independent_ready(self, parallel_second_line: bool) -> FloatArray:
        """``I``: the branches no engineer waits for (diagnosis, courier or vendor part, and
        the second line when it works in parallel)."""
        indep = self.spare & ~self.spare_follows_engineer
        ready = np.where(indep, np.maximum(self.g_d, self.g_s), self.g_d)
        if parallel_second_line:
            ready = np.maximum(ready, self.g_d + self.second)
        return ready

    def tail(self, parallel_second_line: bool) -> FloatArray:
        """Work after every branch is in: the repair (after the second line, when serial)."""
        return self.repair if parallel_second_line else self.second + self.repair

    def stages(
        self, window: CoverageWindow, parallel_second_line: bool, delay: FloatArray | float = 0.0
    ) -> tuple[FloatArray, NDArray[np.float32]]:
        """The wall-clock end of each incident and its hours by report stage.

        A ``delay`` (open hours) of the engineer's dispatch, waiting for a free one, counts
        with the waiting; travel stays the drive itself.
        """
        g_a, g_s = self._delayed(delay)
        e = self._engineer_ready(g_a, g_s)
        i = self.independent_ready(parallel_second_line)
        ready_all = np.maximum(e, i)
        if not parallel_second_line:
            ready_all = ready_all + self.second
        end = np.maximum(window.wall_time(ready_all + self.repair), self.t1)
        engineer_in = np.maximum(self.g_d, g_a)
        ready = np.maximum(engineer_in, np.where(self.spare, g_s, self.g_d))
        block = np.zeros((8, self.idx.size), dtype=np.float32)
        block[0] = self.detection
        block[2] = self.response
        block[3] = self.diagnosis
        block[4] = np.maximum(self.g_a - self.g_d, 0.0)
        block[5] = np.where(self.spare, np.maximum(g_s - engineer_in, 0.0), 0.0)
        if parallel_second_line:
            block[6] = np.maximum(self.g_d + self.second, ready) - ready
        else:
            block[6] = self.second
        block[7] = self.repair
        # every stage but the wait, in float64 and in row order (as a sum over axis 0 adds them)
        others = block[0].astype(np.float64)
        for row in (2, 3, 4, 5, 6, 7):
            others += block[row]
        block[1] = np.maximum((end - self.start) - others, 0.0)
        return end, block


def _open_at(
    window: CoverageWindow, t: FloatArray
) -> tuple[FloatArray, FloatArray, NDArray[np.intp]]:
    """When work logged at ``t`` can start: ``window.next_open(t)``, ``G(t)`` and the hour of
    the week it starts (0–167).

    Within the window's unrolled table the next open instant is the start of the open hour
    ``floor(G(t))`` plus the fraction of that hour already elapsed: one look-up, the same
    numbers as :meth:`CoverageWindow.next_open`, which handles anything beyond the table.
    """
    if window.always_open:
        return t, t, np.floor(np.mod(t, HOURS_PER_WEEK)).astype(np.intp)
    g = window.open_time(t)
    table = window.span_open_hours
    if g.size and 0.0 <= np.min(g) and np.max(g) < table.size:
        whole = np.floor(g)
        j = whole.astype(np.intp)
        t_open = table[j] + (g - whole)
        np.maximum(t_open, t, out=t_open)
        how = _hour_of_open_hour(window)[j]
        return t_open, g, how
    t_open = window.next_open(t)
    return t_open, g, np.floor(np.mod(t_open, HOURS_PER_WEEK)).astype(np.intp)


_HOUR_OF_OPEN_HOUR: dict[bytes, NDArray[np.intp]] = {}


def _hour_of_open_hour(window: CoverageWindow) -> NDArray[np.intp]:
    """The hour of the week (0–167) of each open hour of the window's unrolled table."""
    found = _HOUR_OF_OPEN_HOUR.get(window.key)
    if found is None:
        found = np.mod(window.span_open_hours, HOURS_PER_WEEK).astype(np.intp)
        found.setflags(write=False)
        if len(_HOUR_OF_OPEN_HOUR) >= 64:  # a design search meets many windows: stay small
            _HOUR_OF_OPEN_HOUR.clear()
        _HOUR_OF_OPEN_HOUR[window.key] = found
    return found


def _branches(
    plan: OptionPlan,
    sample: IncidentSample,
    rows: slice | NDArray[np.intp],
    p: int,
    partner: bool,
) -> _Branches:
    """The graph of the incidents ``rows`` (all of priority ``p``), answered by the design's
    responder, or by its fastest partner in force when ``partner``.

    ``rows`` is a priority's block (a slice: views of the sample's arrays, no gathers) or the
    positions of some of its incidents.
    """
    design = plan.design
    assert design is not None
    idx = np.arange(rows.start, rows.stop) if isinstance(rows, slice) else rows
    z = sample.z[:, rows]
    start = sample.start_hours[rows]
    site = sample.site[rows] if sample.site.size else np.zeros(idx.size, np.int64)
    window = plan.windows[plan.window_of_priority[p]]

    def typed(stage: str) -> FloatArray:
        i = _STAGE_Z[stage] if stage != "repair" else _Z_REPAIR
        return _lognormal(plan.mu[i, p], plan.sigma[i, p], z[i])

    detection = typed("detection")
    t1 = start + detection
    t_open, g1, how = _open_at(window, t1)
    # one flat index into the (hour of the week, site) tables, instead of a 2-D gather each
    at_hour = how * design.responder.shape[1] + site
    if partner:
        who = np.take(design.partner_responder, at_hour)
        response_mu, response_sigma = design.partner_response_mu, design.partner_response_sigma
        travel_mu = design.partner_travel_mu
    else:
        who = np.take(design.responder, at_hour)
        response_mu, response_sigma = design.response_mu, design.response_sigma
        travel_mu = design.travel_mu
    # The partner's acknowledgement once the integrator sends it (0 where nobody is sent).
    sent_ack: FloatArray | None = None
    if plan.derived[1, p]:
        response = _lognormal_at(response_mu, response_sigma, at_hour, z[1])
        if design.own_in_force.any():
            relay = (who >= 0) & (np.take(design.window_mode, np.maximum(who, 0)) == _PARTNER_MODE)
            relay &= np.take(design.own_in_force, how)
            if relay.any():
                sent_ack = np.where(relay, response, 0.0)
                at = how[relay]
                response[relay] = _lognormal(
                    design.own_response_mu[at], design.own_response_sigma[at], z[1][relay]
                )
    else:
        response = typed("response")
    diagnosis = typed("diagnosis")
    needs_spare = sample.needs_spare[rows]
    remote = (
        sample.needs_onsite[rows] & ~needs_spare & (sample.remote_u[rows] < design.remote_fix_share)
    )
    onsite = (sample.needs_onsite[rows] | needs_spare) & ~remote
    if plan.derived[3, p]:
        travel = _lognormal_at(travel_mu, design.travel_sigma, at_hour, z[3])
    else:
        travel = typed("travel")
    travel *= onsite
    # the second line concerns a few incidents: its hours on their rows only
    escalated = np.flatnonzero(sample.needs_second_line[rows])
    second = np.zeros(idx.size)
    second[escalated] = _lognormal(plan.mu[4, p], plan.sigma[4, p], z[4, escalated])
    repair = typed("repair")

    g_r = g1 + response
    g_d = g_r + diagnosis
    g_x = g_r if design.parallel_dispatch else g_d
    if sent_ack is not None:
        g_x = g_x + sent_ack
    g_a = np.where(onsite, g_x + travel, g_d)
    for i, site_window in enumerate(design.site_windows):
        if site_window is None:
            continue
        at = onsite & (site == i)
        if at.any():
            arrival = window.wall_time(g_a[at])
            g_a[at] = np.maximum(window.open_time(site_window.next_open(arrival)), g_a[at])

    # The spare part: its source and arrival on the rows of the incidents that need one.
    g_s = g_d.copy()  # and on every other row
    follows = np.zeros(idx.size, dtype=np.bool_)
    spare = needs_spare
    sp = np.flatnonzero(spare)
    stream = (sample.priority if sample.stream is None else sample.stream)[rows][sp]
    site_sp = site[sp]
    stockout_u = sample.stockout_u[rows][sp]
    source = design.source[stream, site_sp]
    local = (source == SITE) | (source == BASE)
    out = local & (stockout_u < design.stockout[stream, site_sp])
    source = np.where(out, design.backup[stream], source)
    typed_src = source == TYPED
    if design.typed_local_stock:
        typed_local = typed_src & (stockout_u >= design.typed_stockout)
    else:
        typed_local = np.zeros_like(typed_src)
    source = np.where(typed_src & ~typed_local, RMA, source)
    z_spare = z[_Z_SPARE][sp]
    t_order = np.maximum(window.wall_time(g_d), t_open)  # work waits for the window first
    k = source == SITE
    m = sp[k]
    g_s[m] = g_a[m] + _lognormal(design.site_fetch[0], design.site_fetch[1], z_spare[k])
    follows[m] = True
    k = typed_local
    m = sp[k]
    g_s[m] = g_a[m] + _lognormal(design.typed_fetch[0], design.typed_fetch[1], z_spare[k])
    follows[m] = True
    k = source == BASE
    m = sp[k]
    if m.size:
        carried = design.carried[stream[k], np.maximum(who[m], 0)] & (who[m] >= 0)
        courier = _lognormal(design.courier_mu[stream[k], site[m]], design.travel_sigma, z_spare[k])
        g_s[m] = np.where(carried, g_a[m], g_r[m] + courier)
        follows[m[carried]] = True
    for code in (VENDOR_4H, VENDOR_NBD, RMA):
        k = source == code
        m = sp[k]
        if not m.size:
            continue
        if code == VENDOR_NBD:
            arrival = nbd_arrival(t_order[m], design.nbd_cutoff_hour, design.nbd_arrival_hour)
        else:
            mu, sigma = design.vendor_4h if code == VENDOR_4H else design.rma
            arrival = t_order[m] + _lognormal(mu, sigma, z_spare[k])
        g_s[m] = window.open_time(arrival)
    return _Branches(
        idx=idx,
        start=start,
        t1=t1,
        how=how,
        site=site,
        who=who,
        detection=detection,
        response=response,
        diagnosis=diagnosis,
        onsite=onsite,
        spare=spare,
        g_x=g_x,
        g_d=g_d,
        g_a=g_a,
        g_s=g_s,
        spare_follows_engineer=follows,
        second=second,
        repair=repair,
    )


def restore_designed(plan: OptionPlan, sample: IncidentSample) -> Restoration:
    """Restore every incident of ``sample`` under an option with a compiled design.

    See the module docstring for the graph and :func:`engineer_delays` for the engineers.
    Typed stages of the option override the derived ones; ``plan.derived[stage, priority]``
    says which were derived.
    """
    from bizcase.simulate.engine import REPORT_STAGES, Restoration

    design = plan.design
    assert design is not None
    n = sample.size
    hours = np.zeros((len(REPORT_STAGES), n), dtype=np.float32)
    end = np.empty(n)
    responder = np.full(n, -1, dtype=np.int64)
    visited = np.zeros(n, dtype=np.bool_)
    prevented = sample.prevention_u < plan.prevention_share
    parallel = design.parallel_second_line
    branches: list[tuple[int, _Branches]] = []
    for p, rows in sample.priority_slices():
        b = _branches(plan, sample, rows, p, partner=False)
        window = plan.windows[plan.window_of_priority[p]]
        end[rows], hours[:, rows] = b.stages(window, parallel)
        responder[rows] = b.who
        visited[rows] = b.onsite
        branches.append((p, b))

    delay, to_partner = engineer_delays(plan, sample, branches, prevented)
    for p, b in branches:
        window = plan.windows[plan.window_of_priority[p]]
        waits = delay[b.idx] > 0
        if waits.any():
            sub = _subset(b, waits)
            end[sub.idx], hours[:, sub.idx] = sub.stages(window, parallel, delay[sub.idx])
        moved = to_partner[b.idx]
        if moved.any():
            pb = _branches(plan, sample, b.idx[moved], p, partner=True)
            end[pb.idx], hours[:, pb.idx] = pb.stages(window, parallel)
            responder[pb.idx] = pb.who

    if plan.prevention_share > 0:
        hours *= ~prevented
        end = np.where(prevented, sample.start_hours, end)
        visited &= ~prevented
    return Restoration(
        prevented=prevented,
        end_hours=end,
        stage_hours=hours,
        responder=responder,
        visited=visited,
    )


def _subset(b: _Branches, keep: NDArray[np.bool_]) -> _Branches:
    values = {f.name: getattr(b, f.name)[keep] for f in fields(b)}
    return _Branches(**values)


def engineer_delays(
    plan: OptionPlan,
    sample: IncidentSample,
    branches: list[tuple[int, _Branches]],
    prevented: NDArray[np.bool_],
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """How long each on-site incident waits for a free engineer, or whether a partner takes it.

    Returns
    -------
    delay : float array
        Open hours (of the incident's window) by which the engineer's dispatch is late.
    to_partner : bool array
        Incidents that found every engineer busy and went to the design's partner.

    Notes
    -----
    Engineers are counted per pool: the engineers of the staffing windows of one base (or of
    resident engineers on one site) in force at the hour the work starts, ``c(h)``; a partner
    is unlimited.  An on-site incident holds one engineer of its responder's pool from dispatch
    ``d`` (wall clock) until his branch of the graph is done and the repair after it,
    ``W(E + tail)``: travel, the part fetched from the site's store or carried in the van, the
    repair (and a serial second line).  A wait on site for a part sent by courier or vendor
    does not hold him (the return trip is not counted).  In each pool and trial-year,
    incidents are served first come, first served by dispatch time: incident ``k`` takes the
    engineer free first among the ``c(h_k)`` on duty, at ``max(d_k, F)``; when ``F > d_k`` it
    waits ``F − d_k`` — or, when a partner window is in force for its site and hour, goes to
    that partner (its response and travel) and holds no engineer.

    The recursion is exact for this rule.  It is vectorised across trial-years: incidents are
    sorted by (pool and trial-year, dispatch), and only groups in which some incident is
    dispatched before an earlier one is done iterate over rank within the group, every group
    at once per rank.  Simplifications: an engineer whose duty ends while he works finishes
    the job; a site's opening hours are applied to the arrival before the wait.  Options
    without a design have unlimited engineers (:func:`bizcase.simulate.engine.restore`).
    """
    design = plan.design
    assert design is not None
    n = sample.size
    delay = np.zeros(n)
    to_partner = np.zeros(n, dtype=np.bool_)
    if design.window_pool.size == 0 or not (design.window_pool >= 0).any():
        return delay, to_partner
    parallel = design.parallel_second_line
    # The queue's incidents, priority by priority: one array per field, concatenated, and a
    # map from sample positions into them (no sample-sized array per field).
    positions: list[NDArray[np.intp]] = []
    columns: list[list[NDArray[np.generic]]] = [[] for _ in range(9)]
    for p, b in branches:
        pool = np.where(b.who >= 0, design.window_pool[np.maximum(b.who, 0)], -1)
        member = np.flatnonzero(b.onsite & (pool >= 0) & ~prevented[b.idx])
        if not member.size:
            continue
        window = plan.windows[plan.window_of_priority[p]]
        positions.append(b.idx[member])
        g_x_p = b.g_x[member]
        ready_p = b.engineer_ready()[member]
        tail_p = b.tail(parallel)[member]
        for column, values in zip(
            columns,
            (
                pool[member],
                window.wall_time(g_x_p),
                window.wall_time(ready_p + tail_p),
                np.full(member.size, plan.window_of_priority[p], dtype=np.int64),
                g_x_p,
                ready_p,
                tail_p,
                b.how[member],
                b.site[member],
            ),
            strict=True,
        ):
            column.append(values)
    if not positions:
        return delay, to_partner
    at_all = np.concatenate(positions)
    # Rows by trial-year and start (option-independent, found once per sample): in that order
    # the sort key below is nearly sorted already, which the stable sort exploits.
    from bizcase.simulate.engine import trial_start_order

    by_start = trial_start_order(sample)
    slot_of = np.full(n, -1, dtype=np.intp)
    slot_of[at_all] = np.arange(at_all.size)
    in_queue = slot_of[by_start]
    idx = by_start[in_queue >= 0]
    take = in_queue[in_queue >= 0]
    pool, dispatch, busy_end, window_of, g_x, ready_e, tail, how, site = (
        np.concatenate(column)[take] for column in columns
    )
    n_pools = design.pool_capacity.shape[0]
    group = sample.trial[idx] * n_pools + pool
    order = np.argsort(group * _GROUP_SPAN + dispatch, kind="stable")
    group_s = group[order]
    # Groups where someone is dispatched while an earlier incident still holds an engineer.
    new_group = np.ones(order.size, dtype=np.bool_)
    new_group[1:] = group_s[1:] != group_s[:-1]
    offset = group_s * _GROUP_SPAN
    reach = np.maximum.accumulate(offset + busy_end[order])
    clash = np.zeros(order.size, dtype=np.bool_)
    clash[1:] = (offset[1:] + dispatch[order][1:] < reach[:-1]) & ~new_group[1:]
    if not clash.any():
        return delay, to_partner
    busy_groups = np.unique(group_s[clash])
    has_clash = np.zeros(int(group_s.max()) + 1, dtype=np.bool_)
    has_clash[busy_groups] = True
    keep = has_clash[group_s]
    order = order[keep]
    group_s = group_s[keep]
    local = np.searchsorted(busy_groups, group_s)
    first = np.searchsorted(group_s, busy_groups)
    rank = np.arange(order.size) - first[local]
    capacity = design.pool_capacity[pool[order], how[order]]
    slots = int(capacity.max())
    free = np.full((busy_groups.size, slots), -np.inf)
    partner_in_force = design.partner_responder[how[order], site[order]] >= 0
    windows = plan.windows
    by_rank = np.argsort(rank, kind="stable")
    rank_bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max()) + 2))
    for r in range(int(rank.max()) + 1):
        at = by_rank[rank_bounds[r] : rank_bounds[r + 1]]
        g = local[at]
        rows = order[at]
        f = free[g]
        f[np.arange(slots)[None, :] >= capacity[at][:, None]] = np.inf
        slot = np.argmin(f, axis=1)
        first_free = f[np.arange(at.size), slot]
        waits = first_free > dispatch[rows]
        partner = waits & partner_in_force[at]
        late = waits & ~partner
        done = busy_end[rows].copy()
        if late.any():
            for w in np.unique(window_of[rows[late]]):
                k = late & (window_of[rows] == w)
                kr = rows[k]
                shift = windows[w].open_time(first_free[k]) - g_x[kr]
                delay[idx[kr]] = shift
                done[k] = windows[w].wall_time(ready_e[kr] + shift + tail[kr])
        to_partner[idx[rows[partner]]] = True
        free[g, slot] = np.where(partner, first_free, done)
    return delay, to_partner


#: Hours between groups in the sort key of clash detection (above any incident's end).
_GROUP_SPAN = float(2**20)
