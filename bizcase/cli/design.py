"""``bizcase design``: the cost–attainment frontier of an option's candidate designs and the
cheapest design that meets the SLA targets (issue 15, :mod:`bizcase.delivery.design_search`)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from bizcase.cli.common import (
    add_execution_options,
    load_scenario_arg,
    open_executor_for,
    positive_int,
    seed_arg,
    strict_json,
)
from bizcase.model.errors import InputError


def _target(text: str) -> tuple[str, str]:
    priority, sep, value = text.partition("=")
    if not sep or not priority.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"--target {text!r}: must read PRIORITY=SHARE, e.g. critical=0.95"
        )
    return priority.strip(), value.strip()


def _margin(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"--frontier-margin {text!r}: must be a share from 0 to 1 (0.1 = 10%)"
        )
    return value


def _pct(value: float) -> str:
    return f"{value:.1%}"


def cmd_design(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase design SCENARIO --option ID --target critical=0.95``."""
    from bizcase.delivery.design_search import search_designs, search_to_dict
    from bizcase.output.textgrid import money

    scenario = load_scenario_arg(args.scenario)
    if args.option not in scenario.options:
        raise InputError(
            f"--option {args.option!r}: the scenario's options are {', '.join(scenario.options)}"
        )
    targets: dict[str, str] = {}
    for priority, value in args.target:
        if priority in targets:
            raise InputError(f"--target {priority}: given twice")
        targets[priority] = value
    with open_executor_for(args) as executor:
        result = search_designs(
            scenario,
            args.option,
            targets,
            trials=args.trials,
            seed=args.seed,
            frontier_margin=args.frontier_margin,
            executor=executor,
        )
    data = search_to_dict(result)
    if args.format == "json":
        out.write(strict_json(data) + "\n")
        return 0
    cur = result.currency
    wanted = ", ".join(f"{p} >= {t:.0%}" for p, t in result.targets.items())
    out.write(
        f"Design search for {scenario.options[result.option].label} ({result.option}) in "
        f"{scenario.name}: {wanted} restored within target\n"
        f"{data['cost_basis']}, {cur}; {result.trials:,} trial-years, seed {result.seed}, the "
        f"same incidents for every design; {result.evaluated} of {result.space_size:,} designs "
        f"simulated (branch and bound on a cost lower bound)\n\n"
    )
    priorities = list(result.current.attainment)
    head = f"{'annual cost':>12}  " + "  ".join(f"{p:>8}" for p in priorities) + "  design"
    out.write("Frontier (no design is cheaper and restores more):\n" + head + "\n")
    for p in data["frontier"]:
        mark = "*" if result.cheapest is not None and p["design"] == result.cheapest.choice else " "
        row = f"{money(p['annual_cost']):>12}{mark} " + "  ".join(
            f"{_pct(p['attainment'][q]):>8}" for q in priorities
        )
        out.write(f"{row}  {p['label']}\n")
    cheapest = data["cheapest"]
    current = data["current"]
    out.write(
        f"\nAs filed: {money(current['annual_cost'])} {cur}, "
        + ", ".join(f"{q} {_pct(v)}" for q, v in current["attainment"].items())
        + "\n"
    )
    if cheapest is None:
        out.write(f"No design meets the targets: {data['reason']}\n")
        return 0
    out.write(
        f"Cheapest meeting every target (*): {money(cheapest['annual_cost'])} {cur} — "
        f"{cheapest['label']}\n"
        f"  mean hours of a {cheapest['stage_hours_priority']} incident by stage "
        "(stages under 0.01 h left out): "
        + ", ".join(
            f"{k.replace('_', ' ')} {v:.2f}"
            for k, v in cheapest["stage_hours"].items()
            if v > 0.005
        )
        + "\n  cost lines: "
        + ", ".join(f"{k} {money(v)}" for k, v in cheapest["cost_lines"].items() if v)
        + "\n"
    )
    return 0


def add_commands(sub: Any) -> None:
    """Register the design subcommand on ``sub``."""
    design = sub.add_parser(
        "design", help="the cost-attainment frontier of an option's candidate designs"
    )
    design.add_argument("scenario")
    design.add_argument("--option", required=True, help="option whose design is searched")
    design.add_argument(
        "--target",
        type=_target,
        action="append",
        required=True,
        help="PRIORITY=SHARE restored within the option's target (critical=0.95); repeatable",
    )
    design.add_argument("--trials", type=positive_int("trials", 200_000))
    design.add_argument("--seed", type=seed_arg)
    design.add_argument(
        "--frontier-margin",
        type=_margin,
        default=0.0,
        help="go on past the cheapest design meeting the targets until the cost bound exceeds "
        "its cost by this share (0.1 = 10%%): the dearer, safer designs join the frontier",
    )
    design.add_argument("--format", choices=("table", "json"), default="table")
    add_execution_options(design)
    design.set_defaults(handler=cmd_design)
