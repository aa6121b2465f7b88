"""``bizcase solve``: the annual fee that meets a target margin, a target P(NPV < 0), or
break-even at a number of contracts (goal seek over the business case)."""

from __future__ import annotations

import argparse
import math
from typing import Any, TextIO

from bizcase.cli.common import load_scenario_arg, positive_int, seed_arg, strict_json
from bizcase.model.errors import InputError


def _decimal(name: str, low: float, high: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: not a number") from None
        if not (math.isfinite(value) and low <= value < high):
            raise argparse.ArgumentTypeError(
                f"{name} = {text}: must be a decimal from {low:g} to below {high:g} (0.15 = 15%)"
            )
        return value

    return parse


def cmd_solve(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase solve SCENARIO --option ID --target-margin M``."""
    from bizcase.economics.solve import solve_fee
    from bizcase.output.textgrid import money

    scenario = load_scenario_arg(args.scenario)
    if args.option not in scenario.options:
        raise InputError(
            f"--option {args.option!r}: the scenario's options are {', '.join(scenario.options)}"
        )
    if args.target_margin is not None:
        target, value = "margin", args.target_margin
        wanted = f"a PV margin on revenue of {value:.1%}"
    elif args.target_p_loss is not None:
        target, value = "prob_negative", args.target_p_loss
        wanted = f"P(integrator NPV < 0) ≤ {value:.1%}"
    else:
        target, value = "break_even_contracts", float(args.break_even_contracts)
        wanted = f"break-even with at most {args.break_even_contracts} contracts"
    sol = solve_fee(scenario, args.option, target, value, trials=args.trials, seed=args.seed)
    label = scenario.options[args.option].label
    if args.format == "json":
        payload = {
            "scenario": scenario.name,
            "option": sol.option,
            "target": sol.target,
            "target_value": sol.target_value,
            "annual_fee": sol.fee,
            "currency": sol.currency,
            "achieved": sol.achieved,
            "standard_error": sol.standard_error,
            "trials": sol.trials,
            "seed": sol.seed,
            "evaluations": sol.iterations,
        }
        out.write(strict_json(payload) + "\n")
        return 0
    if target == "margin":
        got = f"margin {sol.achieved:.2%} ± {sol.standard_error:.2%} (Monte Carlo s.e.)"
    elif target == "prob_negative":
        got = f"P(NPV < 0) = {sol.achieved:.1%}"
    else:
        got = f"break-even at {sol.achieved:.0f} contracts"
    out.write(
        f"{label} ({sol.option}) in {scenario.name}: annual fee {money(sol.fee)} "
        f"{sol.currency} for {wanted}\n"
        f"At that fee: {got}; {sol.trials:,} trials, seed {sol.seed}, "
        f"{sol.iterations} evaluations of the business case on the same random numbers.\n"
    )
    return 0


def add_commands(sub: Any) -> None:
    """Register the solve subcommand on ``sub``."""
    solve = sub.add_parser(
        "solve", help="the annual fee for a target margin, P(NPV < 0) or break-even"
    )
    solve.add_argument("scenario")
    solve.add_argument("--option", required=True, help="option whose fee is solved")
    goal = solve.add_mutually_exclusive_group(required=True)
    goal.add_argument(
        "--target-margin",
        type=_decimal("--target-margin", -1.0, 1.0),
        help="integrator's PV margin on revenue, decimal (0.15 = 15%%)",
    )
    goal.add_argument(
        "--target-p-loss",
        type=_decimal("--target-p-loss", 0.0, 1.0),
        help="largest acceptable probability that the integrator's NPV is negative",
    )
    goal.add_argument(
        "--break-even-contracts",
        type=positive_int("break-even-contracts", 10_000),
        help="contracts at which the support portfolio must break even",
    )
    solve.add_argument("--trials", type=positive_int("trials", 200_000))
    solve.add_argument("--seed", type=seed_arg)
    solve.add_argument("--format", choices=("table", "json"), default="table")
    solve.set_defaults(handler=cmd_solve)
