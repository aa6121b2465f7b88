"""A straightforward per-incident Python implementation of the restoration pipeline.

It is the oracle the vectorised engine is tested against, and the "plain loop" that
``bench/engine.py`` measures the engine's speed-up over.  It walks the coverage window hour by
hour with Python floats: slow, obvious, independent of the prefix-sum tables.
"""

from __future__ import annotations

import math

import numpy as np

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
    t = start + stage["detection"]
    t = work_end(mask, t, stage["response"] + stage["diagnosis"] + travel + fetch)
    t += lead
    return work_end(mask, t, second + stage["repair"])
