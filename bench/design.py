"""Benchmark of the design search (prints figures; never a pass/fail test).

    python bench/design.py [--workers N]

Prints the time of ``bizcase design`` on the manufacturing scenario at its default trials
(target: under 60 s on a 2-core machine), how many candidate designs it simulated against the
size of the space, and the time per simulated candidate.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase import load_scenario  # noqa: E402
from bizcase.delivery.design_search import search_designs  # noqa: E402
from bizcase.simulate.execute import available_cores, open_executor  # noqa: E402

TARGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=min(2, available_cores()))
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "manufacturing.toml")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load:.1f} on {available_cores()} cores (others share them)")
    with open_executor(workers=args.workers) as executor:
        began = time.perf_counter()
        result = search_designs(scenario, "support_24x7x4", {"critical": 0.95}, executor=executor)
        took = time.perf_counter() - began
    print(
        f"design search, manufacturing, {result.trials:,} trial-years, {args.workers} workers: "
        f"{took:6.1f} s (target < {TARGET_S:.0f} s on 2 cores: ratio {took / TARGET_S:.2f})"
    )
    print(
        f"candidates simulated: {result.evaluated} of {result.space_size} in the space "
        f"({result.evaluated / result.space_size:.1%}); {took / result.evaluated:.2f} s each"
    )
    if result.cheapest is not None:
        print(
            f"cheapest meeting critical >= 95 %: {result.cheapest.annual_cost:,.0f} "
            f"{result.currency} a contract (as filed {result.current.annual_cost:,.0f})"
        )


if __name__ == "__main__":
    main()
