"""Benchmark of the delivery model (prints figures; never a pass/fail test).

    python bench/delivery.py

Prints:
* the time to size a service desk for the 168 intervals of a week (Erlang C per interval);
* the time to compute a 50-class spares frontier by marginal analysis;
* ``servers_needed`` for 10,000 Erlangs (must finish, and its answer is checked against the
  service-level definition);
* the time of a whole delivery plan of the manufacturing scenario at 20,000 trial-years.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase import load_scenario  # noqa: E402
from bizcase.delivery.plan import delivery_plan  # noqa: E402
from bizcase.delivery.servicedesk import agents_per_interval  # noqa: E402
from bizcase.design.queueing import servers_needed, service_level  # noqa: E402
from bizcase.design.spares import budget_frontier  # noqa: E402


def best_of(n: int, func: object) -> float:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(1)
    hour = np.arange(168) % 24
    arrivals = np.where((hour >= 8) & (hour < 20), rng.uniform(20, 400, 168), 5.0)
    open_mask = np.ones(168)
    desk = best_of(5, lambda: agents_per_interval(arrivals, open_mask, 300.0, 0.8, 20.0, 0.85, 0.3))
    print(f"service desk, 168 intervals:          {desk * 1e3:8.2f} ms")

    names = [f"class {i}" for i in range(50)]
    lam = rng.uniform(0.01, 3.0, 50)
    cost = rng.uniform(200.0, 40_000.0, 50)
    frontier = best_of(3, lambda: budget_frontier(names, lam, cost, max_budget=2_000_000.0))
    rows = len(budget_frontier(names, lam, cost, max_budget=2_000_000.0))
    print(f"spares frontier, 50 classes:          {frontier * 1e3:8.2f} ms ({rows} steps)")

    began = time.perf_counter()
    n = int(servers_needed(10_000.0, 0.8, 20.0, 180.0))
    took = time.perf_counter() - began
    ok = (
        service_level(10_000.0, n, 20.0, 180.0) >= 0.8 > service_level(10_000.0, n - 1, 20.0, 180.0)
    )
    print(
        f"servers_needed(10,000 Erlangs):       {took * 1e3:8.2f} ms -> {n} agents, "
        f"{'right' if ok else 'WRONG'} (SL(n) >= 0.8 > SL(n-1))"
    )

    scenario = load_scenario(ROOT / "scenarios" / "manufacturing.toml")
    plan = best_of(1, lambda: delivery_plan(scenario, "support_24x7x4"))
    print(f"delivery plan, 20,000 trial-years:    {plan:8.2f} s")


if __name__ == "__main__":
    main()
