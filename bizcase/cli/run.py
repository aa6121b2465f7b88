"""The simulation commands: ``run`` (downtime losses), ``delivery`` (the delivery plan), ``validate``, ``schema``."""

from __future__ import annotations

import argparse
import math
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


def _format_basis(payload: dict[str, Any]) -> list[str]:
    """The hand check of one hour of full outage at peak, hard and soft apart."""
    from bizcase.output.textgrid import money

    b = payload["loss_basis"]
    cost = payload["cost_of_one_hour"]
    counted = "hard + soft" if payload["ledger_losses"] == "hard_and_soft" else "hard"
    return [
        "One hour of full outage at peak (loss-profile weight 1):",
        f"  hard = revenue {money(b['revenue_at_risk_per_hour'])} × margin share "
        f"{b['margin_share']:.0%} × (1 − recovered {b['share_recovered_later']:.0%}) + recovered "
        f"{b['share_recovered_later']:.0%} × catch-up {money(b['catch_up_cost_per_hour'])}/h",
        f"       = {money(b['lost_margin'])} lost margin + {money(b['catch_up'])} catching up = "
        f"{money(b['hard'])}",
        f"  soft = {b['employees_affected']:,.0f} employees × {money(b['loaded_cost_per_employee_hour'])}"
        f"/h × productivity lost {b['productivity_lost_share']:.0%} = {money(b['idle_labour'])} "
        "idle labour (wages paid anyway)",
        f"  hard + soft = {money(b['hard_and_soft'])}",
        "  Per incident on top: recovery costs and the client's penalties beyond the threshold "
        "(hard), reputational cost (soft).",
        f"Over the year: hard {money(cost['peak'])} at peak, {money(cost['average'])} in an "
        f"average hour; hard + soft {money(cost['peak_hard_and_soft'])} / "
        f"{money(cost['average_hard_and_soft'])}.",
        f"The client ledger counts {counted} losses (client.ledger_losses).",
    ]


def _format_value(payload: dict[str, Any]) -> list[str]:
    from bizcase.output.textgrid import grid, money

    values: dict[str, dict[str, Any]] = payload.get("client_value") or {}
    if not values:
        return []
    first = next(iter(values.values()))
    lines = [
        "",
        f"What each contract is worth to the client (base values, {first['horizon_years']} years "
        f"at {first['discount_rate']:.1%}; status quo {first['baseline_outage_hours']:.1f} h of "
        "full outage a year)",
    ]
    header = ["option", "fee", "loss avoided/yr", "NPV", "ROI", "payback"]
    header += ["hours that pay the fee", "break-even h/yr"]
    rows = [
        [
            v["label"],
            money(v["annual_fee"]),
            money(v["avoided_loss"]),
            money(v["npv"]),
            "n/a" if v["roi"] is None else f"{v['roi']:.0%}",
            v["payback"],
            f"{v['fee_paying_hours']:.1f}",
            "n/a"
            if v["break_even_outage_hours"] is None
            else f"{v['break_even_outage_hours']:.1f}",
        ]
        for v in values.values()
    ]
    lines += grid(header, rows)
    lines += [
        first["roi_definition"],
        "Hours that pay the fee = fee / cost of one average hour of full outage; break-even = the "
        "status quo's full-outage hours a year at which the losses avoided pay the fee (net of "
        "own staff saved).",
    ]
    return lines


def _format_table(payload: dict[str, Any]) -> str:
    from bizcase.output.textgrid import grid, money

    options: dict[str, dict[str, Any]] = payload["options"]
    lines = [
        f"Scenario: {payload['scenario']}   ({payload['trials']:,} trial-years, seed "
        f"{payload['seed']}, money in {payload['currency']})",
        *_format_basis(payload),
        "Losses are hard unless marked soft. P90 = the 90th percentile of the annual loss: "
        "9 years in 10 lose less.",
        "",
    ]
    header = ["option", "hard loss", "± s.e.", "P50", "P90", "P99", "soft", "hard + soft"]
    header += ["h + s P90", "downtime h/yr", "availability", "nines"]
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
                money(v["expected_annual_soft_loss"]),
                money(v["expected_annual_hard_and_soft_loss"]),
                money(v["p90_hard_and_soft"]),
                f"{v['expected_downtime_hours']:.1f}",
                f"{v['availability']:.4%}",
                f"{v['nines']:.2f}" if v["nines"] is not None else "inf",
            ]
        )
    lines += grid(header, rows)
    lines += ["", "Expected annual hard loss by priority"]
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
        lines += ["", "Of the soft loss: reputational loss per year (an assumption)"]
        lines += grid(
            ["option", "per year"],
            [[v["label"], money(v["reputational_per_year"])] for v in reputational],
        )
    lines += _format_value(payload)
    history = payload.get("history_check_lines")
    if history:
        lines += ["", *history]
    return "\n".join(lines)


def run_payload(scenario: Any, result: Any) -> tuple[dict[str, Any], list[str]]:
    """The JSON layout of ``bizcase run``: the run, the loss basis, client value, history."""
    from bizcase.economics.business import client_value
    from bizcase.economics.sales import ROI_DEFINITION
    from bizcase.simulate.history import history_check
    from bizcase.simulate.summary import result_to_dict, summarise

    payload = result_to_dict(result)
    payload["loss_basis"] = scenario.client.loss_basis()
    values = client_value(scenario, summarise(result)) if len(scenario.options) > 1 else {}
    bc = scenario.business_case
    definition = ROI_DEFINITION.format(
        years=bc.horizon_years,
        rate=f"{bc.discount_rate:.1%}",
        losses="hard" if scenario.client.ledger_losses == "hard" else "hard and soft",
    )
    payload["client_value"] = {
        name: {
            "label": v.label,
            "annual_fee": v.annual_fee,
            "expected_loss": v.expected_loss,
            "avoided_loss": v.avoided_loss,
            "net_saving": v.net_saving,
            "npv": v.npv,
            "roi": v.roi if math.isfinite(v.roi) else None,
            "payback": v.payback.text(),
            "payback_kind": v.payback.kind,
            "payback_years": v.payback.years if math.isfinite(v.payback.years) else None,
            "fee_paying_hours": v.fee_paying_hours,
            "break_even_outage_hours": v.break_even_outage_hours
            if math.isfinite(v.break_even_outage_hours)
            else None,
            "baseline_outage_hours": v.baseline_outage_hours,
            "loss_basis": v.loss_basis,
            "horizon_years": v.horizon_years,
            "discount_rate": v.discount_rate,
            "roi_definition": definition,
        }
        for name, v in values.items()
    }
    check = history_check(result)
    payload["history_check"] = None if check is None else check.to_dict()
    return payload, ([] if check is None else check.lines())


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from bizcase.simulate.simulation import run_simulation

    scenario = load_scenario_arg(args.scenario)
    progress = ProgressBar() if not args.quiet else None
    with open_executor_for(args) as executor:
        result = run_simulation(
            scenario, trials=args.trials, seed=args.seed, progress=progress, executor=executor
        )
    payload, history = run_payload(scenario, result)
    if args.format == "json":
        out.write(strict_json(payload) + "\n")
    else:
        payload["history_check_lines"] = history
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
