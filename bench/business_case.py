"""Benchmark of the business case (prints figures; never a pass/fail test).

    python bench/business_case.py [--scenario scenarios/manufacturing.toml]

Prints:
* the time of a full business case with uncertainty at the scenario's default trial count;
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
from bizcase.economics.uncertainty import input_group, tornado, uncertain_case  # noqa: E402
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
    began = time.perf_counter()
    case = uncertain_case(scenario)
    full_s = time.perf_counter() - began
    print(
        f"full business case with uncertainty, {case.trials:,} trials x {case.horizon_years} "
        f"years, {scenario.business_case.design_points} design points: {full_s:6.2f} s"
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
