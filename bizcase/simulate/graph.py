"""Restoration of an option with a delivery design: the pipeline as a small graph (DESIGN 4.3).

Per incident of priority ``p``, on the open-hours clock ``g = G(t)`` of the priority's window::

    t₁ = start + detection                       (wall clock; monitoring when the design has it)
    g₁ = G(t₁)                                   work starts at the next open hour
    g_r = g₁ + response                          acknowledge delay of the staffing in force
    g_d = g_r + diagnosis                        remote diagnosis
    g_a = (g_r if parallel_dispatch else g_d) + travel      engineer on site (on-site cases)
    g_s = part on site: site store (g_a + fetch), carried from the base (g_a), courier from the
          nearest stocking base (g_r + drive), or a vendor delivery ordered at the wall time of
          g_d (4 h: + lead on the wall clock; NBD: the vendor's business-day clock; RMA: + lead)
    g_2 = g_d + second line                      parallel; else after the part and the engineer
    end = G⁻¹(max(g_d, g_a, g_s, g_2) + repair)

The outage ends when the last branch ends.  "Where the hours go" follows the critical path:
travel counts only the part of the drive longer than the diagnosis, the spare part only its
wait beyond the engineer's arrival, the second line only what it adds; waiting for the window
is the outage minus every other stage.  Common random numbers: every option maps the sample's
same standard-normal quantile per stage through its own medians.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from bizcase.design.compile import BASE, RMA, SITE, TYPED, VENDOR_4H, VENDOR_NBD, nbd_arrival
from bizcase.model.calendar import HOURS_PER_WEEK

if TYPE_CHECKING:
    from bizcase.simulate.engine import IncidentSample, OptionPlan, Restoration

FloatArray = NDArray[np.float64]

_STAGE_Z = {"detection": 0, "response": 1, "diagnosis": 2, "travel": 3, "second_line": 4}
_Z_REPAIR, _Z_SPARE = 5, 6


def _lognormal(
    mu: FloatArray | float, sigma: FloatArray | float, z: NDArray[np.float32]
) -> FloatArray:
    """``exp(mu + sigma·z)``, 0 where ``mu = -inf`` (a stage that takes no time)."""
    mu_arr = np.asarray(mu, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = np.exp(mu_arr + np.asarray(sigma, dtype=np.float64) * z.astype(np.float64))
    return np.where(np.isneginf(mu_arr), 0.0, out)


def restore_designed(plan: OptionPlan, sample: IncidentSample) -> Restoration:
    """Restore every incident of ``sample`` under an option with a compiled design.

    See the module docstring for the graph.  Typed stages of the option override the derived
    ones; ``plan.derived[stage, priority]`` says which were derived.
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
    for p, rows in sample.priority_slices():
        z = sample.z[:, rows]
        start = sample.start_hours[rows]
        site = sample.site[rows] if sample.site.size else np.zeros(start.size, np.int64)
        window = plan.windows[plan.window_of_priority[p]]

        def typed(stage: str, p: int = p, z: NDArray[np.float32] = z) -> FloatArray:
            i = _STAGE_Z[stage] if stage != "repair" else _Z_REPAIR
            return _lognormal(plan.mu[i, p], plan.sigma[i, p], z[i])

        detection = typed("detection")
        t1 = start + detection
        t_open = window.next_open(t1)
        g1 = window.open_time(t1)
        how = np.floor(np.mod(t_open, HOURS_PER_WEEK)).astype(np.intp)
        who = design.responder[how, site]
        responder[rows] = who
        if plan.derived[1, p]:
            response = _lognormal(
                design.response_mu[how, site], design.response_sigma[how, site], z[1]
            )
        else:
            response = typed("response")
        diagnosis = typed("diagnosis")
        needs_spare = sample.needs_spare[rows]
        remote = (
            sample.needs_onsite[rows]
            & ~needs_spare
            & (sample.remote_u[rows] < design.remote_fix_share)
        )
        onsite = (sample.needs_onsite[rows] | needs_spare) & ~remote
        if plan.derived[3, p]:
            travel = _lognormal(design.travel_mu[how, site], design.travel_sigma, z[3])
        else:
            travel = typed("travel")
        travel *= onsite
        second = typed("second_line") * sample.needs_second_line[rows]
        repair = typed("repair")

        g_r = g1 + response
        g_d = g_r + diagnosis
        g_a = np.where(onsite, (g_r if design.parallel_dispatch else g_d) + travel, g_d)
        for i, site_window in enumerate(design.site_windows):
            if site_window is None:
                continue
            at = onsite & (site == i)
            if at.any():
                arrival = window.wall_time(g_a[at])
                g_a[at] = np.maximum(window.open_time(site_window.next_open(arrival)), g_a[at])

        # The spare part.
        g_s = g_d.copy()
        stream = (sample.priority if sample.stream is None else sample.stream)[rows]
        source = design.source[stream, site]
        local = (source == SITE) | (source == BASE)
        out = local & (sample.stockout_u[rows] < design.stockout[stream, site])
        source = np.where(out, design.backup[stream], source)
        typed_src = source == TYPED
        if design.typed_local_stock:
            typed_local = typed_src & (sample.stockout_u[rows] >= design.typed_stockout)
        else:
            typed_local = np.zeros_like(typed_src)
        source = np.where(typed_src & ~typed_local, RMA, source)
        z_spare = z[_Z_SPARE]
        spare = needs_spare
        t_order = np.maximum(window.wall_time(g_d), t_open)  # work waits for the window first
        m = spare & (source == SITE)
        g_s[m] = g_a[m] + _lognormal(design.site_fetch[0], design.site_fetch[1], z_spare[m])
        m = spare & typed_local
        g_s[m] = g_a[m] + _lognormal(design.typed_fetch[0], design.typed_fetch[1], z_spare[m])
        m = spare & (source == BASE)
        if m.any():
            carried = design.carried[stream[m], np.maximum(who[m], 0)] & (who[m] >= 0)
            courier = _lognormal(
                design.courier_mu[stream[m], site[m]], design.travel_sigma, z_spare[m]
            )
            g_s[m] = np.where(carried, g_a[m], g_r[m] + courier)
        for code in (VENDOR_4H, VENDOR_NBD, RMA):
            m = spare & (source == code)
            if not m.any():
                continue
            if code == VENDOR_NBD:
                arrival = nbd_arrival(t_order[m], design.nbd_cutoff_hour, design.nbd_arrival_hour)
            else:
                mu, sigma = design.vendor_4h if code == VENDOR_4H else design.rma
                arrival = t_order[m] + _lognormal(mu, sigma, z_spare[m])
            g_s[m] = window.open_time(arrival)
        g_s = np.where(spare, g_s, g_d)

        ready = np.maximum(np.maximum(g_d, g_a), g_s)
        if design.parallel_second_line:
            g_2 = g_d + second
            ready_all = np.maximum(ready, g_2)
            second_shown = ready_all - ready
        else:
            ready_all = ready + second
            second_shown = second
        end_p = np.maximum(window.wall_time(ready_all + repair), t1)
        block = hours[:, rows]
        block[0] = detection
        block[2] = response
        block[3] = diagnosis
        block[4] = np.maximum(g_a - g_d, 0.0)
        block[5] = np.maximum(g_s - np.maximum(g_d, g_a), 0.0)
        block[6] = second_shown
        block[7] = repair
        waiting = (end_p - start) - block[[0, 2, 3, 4, 5, 6, 7]].astype(np.float64).sum(axis=0)
        block[1] = np.maximum(waiting, 0.0)
        visited[rows] = onsite
        if plan.prevention_share > 0:
            prevented_p = prevented[rows]
            block *= ~prevented_p
            end_p = np.where(prevented_p, start, end_p)
            visited[rows] &= ~prevented_p
        end[rows] = end_p
    return Restoration(
        prevented=prevented,
        end_hours=end,
        stage_hours=hours,
        responder=responder,
        visited=visited,
    )
