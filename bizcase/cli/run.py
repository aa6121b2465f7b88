"""The simulation commands: ``run`` (downtime losses), ``delivery`` (the delivery plan), ``validate``, ``schema``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from bizcase.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    ProgressBar,
    add_execution_options,
    load_scenario_arg,
    open_executor_for,
    positive_int,
    seed_arg,
    strict_json,
)
from bizcase.model.errors import BizcaseError, InputError
from bizcase.model.scenario import MAX_TRIALS

# The engine, pandas and scipy are imported by the commands that use them, not here: the
# parser (and `bizcase --help`) is built from this module.


def _format_table(payload: dict[str, Any]) -> str:
    from bizcase.output.textgrid import grid, money

    options: dict[str, dict[str, Any]] = payload["options"]
    cost = payload["cost_of_one_hour"]
    lines = [
        f"Scenario: {payload['scenario']}   ({payload['trials']:,} trial-years, seed "
        f"{payload['seed']}, money in {payload['currency']})",
        f"One hour of full outage costs {money(cost['peak'])} at peak, "
        f"{money(cost['average'])} on average over the week.",
        "P90 = the 90th percentile of the annual loss: 9 years in 10 lose less.",
        "",
    ]
    header = ["option", "expected loss", "± s.e.", "P50", "P90", "P99", "downtime h/yr"]
    header += ["availability", "nines"]
    rows = []
    for v in options.values():
        rows.append(
            [
                v["label"],
                money(v["expected_annual_loss"]),
                money(v["expected_annual_loss_se"]),
                money(v["p50"]),
                money(v["p90"]),
                money(v["p99"]),
                f"{v['expected_downtime_hours']:.1f}",
                f"{v['availability']:.4%}",
                f"{v['nines']:.2f}" if v["nines"] is not None else "inf",
            ]
        )
    lines += grid(header, rows)
    lines += ["", "Expected annual loss by priority"]
    priorities = ["critical", "major", "minor", "technical"]
    rows = [
        [v["label"], *(money(v["by_priority"][p]["expected_annual_loss"]) for p in priorities)]
        for v in options.values()
    ]
    lines += grid(["option", *priorities], rows)
    hours: dict[str, dict[str, float]] = payload["where_the_hours_go"]
    stages = list(next(iter(hours.values())))
    lines += [
        "",
        "Where the hours go (impact-weighted outage hours per year, by pipeline stage)",
    ]
    rows = [
        [v["label"], *(f"{hours[name][st]:.1f}" for st in stages)] for name, v in options.items()
    ]
    lines += grid(["option", *(st.replace("_", " ") for st in stages)], rows)
    reputational = [v for v in options.values() if v["reputational_per_year"] > 0]
    if reputational:
        lines += ["", "Reputational loss per year (an assumption; not included above)"]
        lines += grid(
            ["option", "per year"],
            [[v["label"], money(v["reputational_per_year"])] for v in reputational],
        )
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from bizcase.simulate.simulation import run_simulation
    from bizcase.simulate.summary import result_to_dict

    scenario = load_scenario_arg(args.scenario)
    progress = ProgressBar() if not args.quiet else None
    with open_executor_for(args) as executor:
        result = run_simulation(
            scenario, trials=args.trials, seed=args.seed, progress=progress, executor=executor
        )
    payload = result_to_dict(result)
    if args.format == "json":
        out.write(strict_json(payload) + "\n")
    else:
        out.write(_format_table(payload) + "\n")
    return EXIT_OK


def cmd_delivery(args: argparse.Namespace, out: TextIO) -> int:
    from bizcase.delivery.plan import delivery_plan, plan_to_dict
    from bizcase.output.delivery_text import format_delivery_table

    scenario = load_scenario_arg(args.scenario)
    with open_executor_for(args) as executor:
        plan = delivery_plan(
            scenario,
            args.option,
            contracts=args.contracts,
            trials=args.trials,
            seed=args.seed,
            executor=executor,
        )
    payload = plan_to_dict(plan)
    if args.format == "json":
        out.write(strict_json(payload) + "\n")
    else:
        out.write(format_delivery_table(payload) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    if args.files.count("-") > 1:
        raise InputError("files: '-' (standard input) may be given once")
    for path in args.files:
        try:
            scenario = load_scenario_arg(path)
        except BizcaseError as exc:
            sys.stderr.write(f"{exc}\n")
            status = EXIT_BAD_INPUT
        else:
            out.write(f"{path}: ok ({scenario.name}, {len(scenario.options)} options)\n")
    return status


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from bizcase.model.io import scenario_json_schema

    out.write(json.dumps(scenario_json_schema(), indent=2) + "\n")
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register the run, delivery, validate and schema sub-commands on ``sub``."""
    run = sub.add_parser("run", help="simulate a scenario's downtime losses under each option")
    run.add_argument("scenario", help="scenario TOML file, or - for standard input")
    run.add_argument(
        "--trials", type=positive_int("trials", MAX_TRIALS), help="trial-years to simulate"
    )
    run.add_argument("--seed", type=seed_arg, help="random seed (default: the scenario's)")
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    add_execution_options(run)
    run.set_defaults(handler=cmd_run)

    delivery = sub.add_parser(
        "delivery", help="staff, on-call rota, service desk, spares, SLA and cost of an option"
    )
    delivery.add_argument(
        "scenario", help="scenario TOML file with a [delivery] section, or - for standard input"
    )
    delivery.add_argument("--option", help="support option (default: first with SLA targets)")
    delivery.add_argument(
        "--contracts", type=positive_int("contracts", 10_000), help="contracts served"
    )
    delivery.add_argument(
        "--trials", type=positive_int("trials", MAX_TRIALS), help="trial-years to simulate"
    )
    delivery.add_argument("--seed", type=seed_arg, help="random seed (default: the scenario's)")
    delivery.add_argument("--format", choices=("table", "json"), default="table")
    add_execution_options(delivery)
    delivery.set_defaults(handler=cmd_delivery)

    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", help="scenario TOML files; - reads standard input")
    validate.set_defaults(handler=cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of a scenario file")
    schema.set_defaults(handler=cmd_schema)
