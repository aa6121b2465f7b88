"""Benchmark of the business case (prints figures; never a pass/fail test).

    python bench/business_case.py [--scenario scenarios/manufacturing.toml]

Prints:
* the time of a full business case with uncertainty at the scenario's default trial count, and
  of the same case after a finance change (a fee and the discount rate) with the simulation
  cached: the finance part only (targets < 1 s and < 100 ms; wall clock and CPU time);
* the time of a 15-input tornado (target < 3 s), and how many of its evaluations reused cached
  incidents: inputs that do not change the incident process must not re-simulate it.

The scenario's own ranged inputs are topped up to 15 with ranges on other inputs (+-20 %).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase import load_scenario  # noqa: E402
from bizcase.economics.solve import with_fee  # noqa: E402
from bizcase.economics.uncertainty import (  # noqa: E402
    ProcessCache,
    input_group,
    tornado,
    uncertain_case,
)
from bizcase.model import Scenario  # noqa: E402
from bizcase.model.ranges import Range  # noqa: E402

# Extra inputs to range when a scenario has fewer than 15 (ledger inputs first, then process).
EXTRA = (
    "client.loaded_cost_per_employee_hour",
    "client.productivity_lost_share",
    "incidents.critical.recovery_cost",
    "incidents.major.recovery_cost",
    "incidents.major.impact_share",
    "business_case.price_escalation",
    "business_case.setup_cost",
    "business_case.sales_cost_per_contract",
    "business_case.client_staff_cost_per_year",
    "options.outsourcing.annual_fee",
    "incidents.minor.annual_rate",
    "delivery.wages.service_desk_agent",
)


def with_fifteen_ranges(scenario: Scenario) -> Scenario:
    """Add ±20 % uniform ranges on extra inputs until the scenario has 15 ranged inputs."""
    ranges = scenario.ranges
    data = scenario.model_dump(mode="python")
    for path in EXTRA:
        if len(ranges) >= 15:
            break
        if path in ranges:
            continue
        node = data
        for key in path.split("."):
            node = node[key]
        value = float(node)  # type: ignore[arg-type]
        if value <= 0:
            continue
        high = value * 1.2 if not path.endswith("_share") else min(1.0, value * 1.2)
        ranges[path] = Range(low=value * 0.8, high=high, dist="uniform", base=value)
    copy = scenario.with_values({})
    copy._ranges = ranges
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "manufacturing.toml"))
    args = parser.parse_args()
    scenario = with_fifteen_ranges(load_scenario(args.scenario))
    groups = [input_group(p) for p in scenario.ranges]
    print(
        f"scenario: {scenario.name}; {len(groups)} ranged inputs "
        f"({groups.count('ledger')} ledger, {groups.count('process')} process)"
    )
    cache = ProcessCache()
    began, began_cpu = time.perf_counter(), time.process_time()
    case = uncertain_case(scenario, cache=cache)
    full_s, full_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(
        f"full business case with uncertainty, {case.trials:,} trials x {case.horizon_years} "
        f"years, {scenario.business_case.design_points} design points: {full_s:6.2f} s "
        f"(CPU {full_cpu:.2f} s; target < 1 s)"
    )
    option = next(iter(case.decisions))
    moved = with_fee(scenario, option, scenario.options[option].annual_fee * 0.9)
    moved = moved.with_values({"business_case.target_margin": 0.3})
    began, began_cpu = time.perf_counter(), time.process_time()
    uncertain_case(moved, cache=cache)
    fin_s, fin_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(
        f"  after a fee and target-margin change, simulation cached: {fin_s * 1000:6.0f} ms "
        f"(CPU {fin_cpu * 1000:.0f} ms; target < 100 ms; simulations so far: {cache.simulations})"
    )
    began = time.perf_counter()
    result = tornado(scenario, side="integrator")
    tornado_s = time.perf_counter() - began
    print(
        f"tornado of {len(result.bars)} inputs ({result.evaluations} evaluations, "
        f"{scenario.business_case.trials // 4} trials each): {tornado_s:6.2f} s   (target < 3 s)"
    )
    print(
        f"  simulated {result.simulations}, reused cached incidents {result.reused} "
        f"({result.reused / result.evaluations:.0%} of evaluations)"
    )


if __name__ == "__main__":
    main()
