"""The ``bizcase`` command line: run, delivery, validate, schema, case, tornado, compare, report.

Other packages add commands through the ``bizcase.commands`` entry point (the app adds
``serve``).

Bad input never shows a traceback: the message goes to stderr and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import Any, TextIO

from bizcase import __version__
from bizcase.errors import BizcaseError
from bizcase.scenario import MAX_TRIALS, load_scenario, scenario_json_schema
from bizcase.simulation import run_simulation
from bizcase.summary import result_to_dict
from bizcase.textgrid import grid, money

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and no traceback (as usual)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _positive_int(name: str, upper: int) -> type:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: must be an integer") from None
        if not 1 <= value <= upper:
            raise argparse.ArgumentTypeError(f"{name} = {value}: must be from 1 to {upper:,}")
        return value

    parse.__name__ = name
    return parse  # type: ignore[return-value]


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed = {text!r}: must be an integer") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"seed = {value}: must be from 0 to 2**63 - 1")
    return value


class ProgressBar:
    """A text progress bar on stderr that appears only once a run has lasted a second."""

    def __init__(self, stream: TextIO = sys.stderr, delay_s: float = 1.0) -> None:
        self.stream = stream
        self.delay_s = delay_s
        self.started = time.perf_counter()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.started
        if elapsed < self.delay_s and done < total:
            return
        if not self.shown and done >= total and elapsed < self.delay_s:
            return
        self.shown = True
        width = 30
        filled = int(width * done / total)
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} trial-years"
            f"  {elapsed:5.1f} s  eta {eta:4.1f} s"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _format_table(payload: dict[str, Any]) -> str:
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


def _json_default(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    raise TypeError(f"cannot serialise {type(value).__name__}")


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    scenario = load_scenario(args.scenario)
    progress = ProgressBar() if not args.quiet else None
    result = run_simulation(scenario, trials=args.trials, seed=args.seed, progress=progress)
    payload = result_to_dict(result)
    if args.format == "json":
        out.write(json.dumps(payload, indent=2, default=_json_default) + "\n")
    else:
        out.write(_format_table(payload) + "\n")
    return EXIT_OK


def cmd_delivery(args: argparse.Namespace, out: TextIO) -> int:
    from bizcase.delivery import delivery_plan, plan_to_dict
    from bizcase.delivery_text import format_delivery_table

    scenario = load_scenario(args.scenario)
    plan = delivery_plan(
        scenario, args.option, contracts=args.contracts, trials=args.trials, seed=args.seed
    )
    payload = plan_to_dict(plan)
    if args.format == "json":
        out.write(json.dumps(payload, indent=2, default=_json_default) + "\n")
    else:
        out.write(format_delivery_table(payload) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except BizcaseError as exc:
            sys.stderr.write(f"{exc}\n")
            status = EXIT_BAD_INPUT
        else:
            out.write(f"{path}: ok ({scenario.name}, {len(scenario.options)} options)\n")
    return status


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(scenario_json_schema(), indent=2) + "\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bizcase`` command."""
    parser = _ArgumentParser(
        prog="bizcase",
        description="Downtime cost and support-vs-outsourcing business cases.",
    )
    parser.add_argument("--version", action="version", version=f"bizcase {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_ArgumentParser)

    run = sub.add_parser("run", help="simulate a scenario's downtime losses under each option")
    run.add_argument("scenario", help="scenario TOML file")
    run.add_argument(
        "--trials", type=_positive_int("trials", MAX_TRIALS), help="trial-years to simulate"
    )
    run.add_argument("--seed", type=_seed, help="random seed (default: the scenario's)")
    run.add_argument("--format", choices=("table", "json"), default="table")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(handler=cmd_run)

    delivery = sub.add_parser(
        "delivery", help="staff, on-call rota, service desk, spares, SLA and cost of an option"
    )
    delivery.add_argument("scenario", help="scenario TOML file with a [delivery] section")
    delivery.add_argument("--option", help="support option (default: first with SLA targets)")
    delivery.add_argument(
        "--contracts", type=_positive_int("contracts", 10_000), help="contracts served"
    )
    delivery.add_argument(
        "--trials", type=_positive_int("trials", MAX_TRIALS), help="trial-years to simulate"
    )
    delivery.add_argument("--seed", type=_seed, help="random seed (default: the scenario's)")
    delivery.add_argument("--format", choices=("table", "json"), default="table")
    delivery.set_defaults(handler=cmd_delivery)

    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", help="scenario TOML files")
    validate.set_defaults(handler=cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of a scenario file")
    schema.set_defaults(handler=cmd_schema)

    # Commands of other packages (the app's `serve`) plug in through entry points, so the
    # library never imports the UI.
    for entry in entry_points(group="bizcase.commands"):
        entry.load()(sub)

    from bizcase.cli_case import add_commands

    add_commands(sub, _positive_int, _seed)

    from bizcase.cli_report import add_commands as add_report_commands

    add_report_commands(sub, _positive_int, _seed)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bizcase`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, sys.stdout))
    except BizcaseError as exc:
        sys.stderr.write(f"bizcase: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("\nbizcase: interrupted\n")
        return 130
    except MemoryError:
        sys.stderr.write("bizcase: out of memory; use fewer --trials\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
