"""``bizcase case``, ``bizcase tornado`` and ``bizcase compare``: the management questions.

Year 0 is the initial investment, undiscounted; year t is discounted by (1 + r)^t.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from typing import TYPE_CHECKING, Any, TextIO

from bizcase.cli.common import (
    add_execution_options,
    load_scenario_arg,
    open_executor_for,
    positive_int,
    seed_arg,
    strict_json,
)
from bizcase.model.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from bizcase.economics.business import CaseResult, Ledger

# numpy, pandas and the economics are imported by the commands that use them: the parser (and
# `bizcase --help`) is built from this module.

TIMING_NOTE = "Year 0 = initial investment, undiscounted; year t discounted by (1 + r)^t."


def _num(value: float | None) -> float | None:
    # NaN and infinity stay: strict_json writes them as null with the reason under "notes".
    return None if value is None else float(value)


def _ledger_dict(ledger: Ledger, rate: float) -> dict[str, Any]:
    table = ledger.table(rate)
    return {
        line: {col: _num(table.loc[line, col]) for col in table.columns} for line in table.index
    }


def case_to_dict(case: CaseResult) -> dict[str, Any]:
    """The stable JSON layout of ``bizcase case``."""
    options: dict[str, Any] = {}
    for name, d in case.decisions.items():
        options[name] = {
            "label": d.label,
            "client": {
                "npv": {k: _num(v) for k, v in d.percentiles("client").items()},
                "roi": _num(d.client_roi),
                "payback_years": _num(d.client_payback_years),
                "payback": None if d.client_payback is None else d.client_payback.text(),
                "cash_flows": _ledger_dict(case.client[name], case.discount_rate),
            },
            "integrator": {
                "npv": {k: _num(v) for k, v in d.percentiles("integrator").items()},
                "irr": _num(d.integrator_irr),
                "payback_years": _num(d.integrator_payback_years),
                "price_floor": _num(d.price_floor),
                "cash_flows": _ledger_dict(case.integrator[name], case.discount_rate),
            },
        }
    views: dict[str, Any] = {}
    for view, by_option in case.views.items():
        views[view] = {
            "label": next(iter(by_option.values())).label if by_option else view,
            "options": {
                name: {
                    "contracts": v.contracts,
                    "pv_revenue": _num(v.pv_revenue),
                    "pv_cost": _num(v.pv_cost),
                    "margin": _num(v.margin),
                    "npv": {k: _num(x) for k, x in v.percentiles().items()},
                    "irr": _num(v.irr),
                    "price_floor": _num(v.price_floor),
                }
                for name, v in by_option.items()
            },
        }
    even = case.break_even
    names = list(case.decisions)
    beats = {f"{a}>{b}": case.prob_beats(a, b, "client") for a in names for b in names if a != b}
    return {
        "scenario": case.scenario_name,
        "currency": case.currency,
        "trials": case.trials,
        "seed": case.seed,
        "horizon_years": case.horizon_years,
        "discount_rate": case.discount_rate,
        "timing": TIMING_NOTE,
        "roi_definition": roi_definition(case),
        "baseline": case.baseline,
        "integrator_view": case.default_view,
        "options": options,
        "integrator": {
            "default_view": case.default_view,
            "views": views,
            "break_even": None
            if even is None
            else {
                "contracts": even.contracts,
                "npv": _num(even.npv),
                "margin_by_year": [_num(m) for m in even.margin_by_year],
            },
            "portfolio": None
            if case.portfolio_contracts is None
            else case.portfolio_contracts.to_dict(),
        },
        "client_prob_beats": beats,
        "staged": None
        if case.staged is None
        else {
            "view": case.default_view,
            "best_k": case.best_staged_k,
            "by_k": case.staged.to_dict(orient="records"),
            "views": {
                view: {"best_k": k, "by_k": table.to_dict(orient="records")}
                for view, (table, k) in case.staged_views.items()
            },
        },
        "portfolio": None
        if case.portfolio is None
        else {
            "break_even_contracts": case.break_even_contracts,
            "years": case.portfolio.to_dict(orient="records"),
        },
        "ranged_inputs": list(case.sampled_inputs.columns),
    }


def _table_text(frame: pd.DataFrame) -> str:
    from bizcase.output.textgrid import money

    shown = frame.copy().astype(object)
    for column in frame.columns:
        fmt = (lambda v: f"{v:,.2f}") if column == "contracts" else money
        shown[column] = [fmt(v) if isinstance(v, float | int) else str(v) for v in frame[column]]
    return shown.to_string()


def _case_table(case: CaseResult) -> str:
    from bizcase.economics.business import VIEW_LABELS
    from bizcase.output.textgrid import money

    view_label = VIEW_LABELS.get(case.default_view, case.default_view)
    out = [
        f"Business case: {case.scenario_name}   ({case.trials:,} trials × {case.horizon_years} "
        f"years, seed {case.seed}, money in {case.currency}, discount rate "
        f"{case.discount_rate:.1%})",
        TIMING_NOTE,
        "NPV percentiles across trials: P10 / P50 / P90; P(<0) = probability the NPV is negative.",
        "",
    ]
    for name, d in case.decisions.items():
        for side, ledgers in (("client", case.client), ("integrator", case.integrator)):
            shown = f", integrator view: {view_label}" if side == "integrator" else ""
            out.append(f"== {d.label}: {side} ledger (expected cash flows{shown})")
            table = ledgers[name].table(case.discount_rate)
            table = table.loc[(table.abs() > 1e-9).any(axis=1)]
            out.append(_table_text(table))
            out.append("")
    if case.views:
        out.append("Integrator views (per contract; P50 NPV, PV margin, price floor at target)")
        for view, by_option in case.views.items():
            for name, v in by_option.items():
                out.append(
                    f"  {view:<10}{case.decisions[name].label[:30]:<32}n={v.contracts:<4}"
                    f"NPV P50 {money(v.percentiles()['p50']):>12}  margin {_pct(v.margin):>6}"
                    f"  price floor {money(v.price_floor):>12}   ({v.label})"
                )
        out.append("")
    out.append(f"Decision summary (integrator view: {view_label})")
    header = (
        f"{'option':<32}{'client NPV P10/P50/P90':>38}{'P(<0)':>7}{'ROI':>8}{'payback':>9}"
        f"{'integr. NPV P10/P50/P90':>38}{'P(<0)':>7}{'IRR':>8}{'payback':>9}{'price floor':>13}"
    )
    out.append(header)
    out.append("-" * len(header))
    for d in case.decisions.values():
        c, i = d.percentiles("client"), d.percentiles("integrator")

        def trio(p: dict[str, float]) -> str:
            return " / ".join(money(p.get(k)) for k in ("p10", "p50", "p90"))

        out.append(
            f"{d.label[:31]:<32}{trio(c):>38}{c.get('prob_negative', math.nan):>7.0%}"
            f"{_pct(d.client_roi):>8}{_client_payback(d):>9}"
            f"{trio(i):>38}{i.get('prob_negative', math.nan):>7.0%}{_pct(d.integrator_irr):>8}"
            f"{_years(d.integrator_payback_years):>9}{money(d.price_floor):>13}"
        )
    out.append(roi_definition(case))
    out.append(
        "Client payback: 'year 1' = pays back from year one (no up-front cost worth a month of "
        "the first year's net saving)."
    )
    if case.staged is not None:
        out += ["", "Staged strategy: support for k years, then outsourcing (integrator NPV)"]
        out.append(_table_text(case.staged.set_index("k")))
        out.append(f"Best k = {case.best_staged_k} (integrator view: {view_label})")
        for view, (table, k) in case.staged_views.items():
            best = table.loc[table.k == k].iloc[0]
            out.append(
                f"  {view:<10} best k = {k}: NPV mean {money(best.integrator_npv)}, "
                f"P(best) {best.prob_best:.0%}   ({VIEW_LABELS[view]})"
            )
    if case.portfolio is not None:
        out += ["", "Support business portfolio (contracts won per year, churn)"]
        out.append(_table_text(case.portfolio.set_index("year")))
        be = case.break_even
        if be is None or be.contracts is None:
            out.append("Break-even number of contracts: not reached within the staircase")
        else:
            out.append(
                f"Break-even number of contracts (whole, steady portfolio on this table's basis): "
                f"{be.contracts}; NPV {money(be.npv)}, yearly margin "
                + " / ".join(money(m) for m in be.margin_by_year)
            )
    if case.portfolio_contracts is not None:
        out += ["", *_portfolio_text(case.portfolio_contracts)]
    return "\n".join(out)


def _portfolio_text(result: Any) -> list[str]:
    from bizcase.output.textgrid import money

    out = ["Portfolio of whole contracts (per trial: pipeline wins, binomial churn, renewals)"]
    for line in result.lines:
        wins = " / ".join(f"{w:g}" for w in line.expected_wins)
        term = "no renewal" if line.term_years is None else f"renews every {line.term_years} y"
        out.append(
            f"  {line.kind:<12}{line.option}: {line.contracts_at_start} at start, expected wins "
            f"{wins} a year, churn {line.churn_probability:.0%} a year, {term} "
            f"({line.renewal_price_change:+.0%})"
        )
    out.append(
        f"  {'year':<6}{'contracts P10/P50/P90':>22}{'revenue':>14}{'cost':>14}"
        f"{'margin P10 / P50 / P90':>42}"
    )
    for row in result.years():
        n, m = row["contracts"], row["margin"]
        trio = " / ".join(money(m[k]) for k in ("p10", "p50", "p90"))
        out.append(
            f"  {row['year']:<6}{n['p10']:>10.0f} / {n['p50']:.0f} / {n['p90']:<6.0f}"
            f"{money(row['revenue']['mean']):>14}{money(row['cost']['mean']):>14}{trio:>42}"
        )
    p = result.npv_percentiles()
    out.append(
        "  NPV P10 / P50 / P90: "
        + " / ".join(money(p[k]) for k in ("p10", "p50", "p90"))
        + f";  P(NPV < 0) = {p['prob_negative']:.0%}   (revenue and cost: means)"
    )
    return out


def roi_definition(case: CaseResult) -> str:
    """The one ROI definition (:mod:`bizcase.economics.sales`), filled in for this case."""
    from bizcase.economics.sales import ROI_DEFINITION

    return "Client " + ROI_DEFINITION.format(
        years=case.horizon_years, rate=f"{case.discount_rate:.1%}", losses=case.loss_basis
    )


def _client_payback(d: Any) -> str:
    payback = d.client_payback
    if payback is None:
        return _years(d.client_payback_years)
    if payback.kind == "year_one":
        return "year 1"
    return _years(payback.years)


def _pct(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.0%}"


def _years(value: float) -> str:
    if not math.isfinite(value):
        return "never"
    # under a year, months read better: 0.02 y is "0.2 mo", not "0.0 y"
    return f"{value * 12:.1f} mo" if value < 1 else f"{value:.1f} y"


def _case_csv(case: CaseResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["option", "ledger", "line", "column", "value"])
    for name in case.decisions:
        for side, ledgers in (("client", case.client), ("integrator", case.integrator)):
            table = ledgers[name].table(case.discount_rate)
            for line in table.index:
                for column in table.columns:
                    writer.writerow(
                        [name, side, line, column, repr(float(table.loc[line, column]))]
                    )
    return buffer.getvalue()


def cmd_case(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase case SCENARIO``."""
    from bizcase.economics.uncertainty import uncertain_case

    scenario = load_scenario_arg(args.scenario)
    with open_executor_for(args) as executor:
        case = uncertain_case(scenario, trials=args.trials, seed=args.seed, executor=executor)
    if args.format == "json":
        out.write(strict_json(case_to_dict(case)) + "\n")
    elif args.format == "csv":
        out.write(_case_csv(case))
    else:
        out.write(_case_table(case) + "\n")
    return 0


def cmd_tornado(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase tornado SCENARIO``."""
    import numpy as np

    from bizcase.economics.uncertainty import tornado
    from bizcase.output.labels import input_label
    from bizcase.output.textgrid import money

    scenario = load_scenario_arg(args.scenario)
    if not scenario.ranges:
        raise InputError(
            f"{args.scenario}: no ranged inputs; write an input as {{ low = a, high = b }} "
            "to see its effect"
        )
    with open_executor_for(args) as executor:
        result = tornado(
            scenario, option=args.option, side=args.side, trials=args.trials, executor=executor
        )
    if args.format == "json":
        payload = {
            "scenario": scenario.name,
            "option": result.option,
            "side": result.side,
            "output": result.output,
            "base": result.base,
            "bars": [
                {**bar, "label": input_label(bar["input"], "en", scenario)}
                for bar in result.bars.replace({np.nan: None}).to_dict(orient="records")
            ],
            "simulations": result.simulations,
            "reused_simulations": result.reused,
        }
        out.write(strict_json(payload) + "\n")
        return 0
    out.write(
        f"Tornado of the {result.output} of {scenario.options[result.option].label} "
        f"({scenario.currency}); base {money(result.base)}\n"
        "Each input at its P10 and P90, the others at base, the same random numbers.\n\n"
    )
    names = [input_label(p, "en", scenario) for p in result.bars.input]
    width = max(len(n) for n in names)
    for name, row in zip(names, result.bars.itertuples(), strict=True):
        out.write(
            f"{name:<{width}}  {money(row.output_low):>14} … {money(row.output_high):<14}"
            f"  swing {money(row.swing):>12}   ({row.low_value:,.4g} … {row.high_value:,.4g})\n"
        )
    out.write(
        f"\n{result.evaluations} evaluations, {result.simulations} simulated, "
        f"{result.reused} reused cached incidents\n"
    )
    return 0


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase compare A.toml B.toml ...``."""
    if not 2 <= len(args.scenarios) <= 4:
        raise InputError(f"compare takes 2 to 4 scenarios, got {len(args.scenarios)}")
    from bizcase.economics.compare import compare, differing_inputs

    if args.scenarios.count("-") > 1:
        raise InputError("scenarios: '-' (standard input) may be given once")
    scenarios = [load_scenario_arg(p) for p in args.scenarios]
    table = compare(scenarios, trials=args.trials)
    diff = differing_inputs(scenarios)
    if args.format == "json":
        payload = {
            "scenarios": [s.name for s in scenarios],
            "figures": {
                f"{o}.{f}": {c: _num(v) for c, v in row.items()} for (o, f), row in table.iterrows()
            },
            "differing_inputs": {
                k: [None if v is None else str(v) for v in row] for k, row in diff.iterrows()
            },
        }
        out.write(strict_json(payload) + "\n")
        return 0
    currencies = sorted({s.currency for s in scenarios})
    if len(currencies) > 1:
        out.write(
            f"Note: the scenarios are in different currencies ({', '.join(currencies)}); "
            "money columns and their deltas are not converted.\n\n"
        )
    out.write(_compare_text(table) + "\n\nInputs that differ\n")
    out.write((diff.to_string() if len(diff) else "(none)") + "\n")
    return 0


def _compare_text(table: pd.DataFrame) -> str:
    """The compare table with each figure in its own unit: money, hours, a percentage."""
    from bizcase.output.textgrid import money

    formats = {
        "availability": lambda v: f"{v:.4%}",
        "downtime_hours": lambda v: f"{v:,.1f}",
    }
    shown = table.copy().astype(object)
    for (option, figure), row in table.iterrows():
        fmt = formats.get(str(figure), money)
        shown.loc[(option, figure)] = [
            "n/a" if not math.isfinite(float(v)) else fmt(float(v)) for v in row
        ]
    return shown.to_string()


def add_commands(sub: Any) -> None:
    """Register the case, tornado and compare subcommands on ``sub``."""
    case = sub.add_parser("case", help="multi-year business case for client and integrator")
    case.add_argument("scenario")
    case.add_argument("--trials", type=positive_int("trials", 200_000))
    case.add_argument("--seed", type=seed_arg)
    case.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_execution_options(case)
    case.set_defaults(handler=cmd_case)

    tor = sub.add_parser("tornado", help="one-at-a-time sensitivity of the NPV to ranged inputs")
    tor.add_argument("scenario")
    tor.add_argument("--option", help="option to analyse (default: the last one offered)")
    tor.add_argument("--side", choices=("integrator", "client"), default="integrator")
    tor.add_argument("--trials", type=positive_int("trials", 200_000))
    tor.add_argument("--format", choices=("table", "json"), default="table")
    add_execution_options(tor)
    tor.set_defaults(handler=cmd_tornado)

    cmp_ = sub.add_parser("compare", help="2-4 scenarios side by side with deltas")
    cmp_.add_argument("scenarios", nargs="+")
    cmp_.add_argument("--trials", type=positive_int("trials", 10_000_000))
    cmp_.add_argument("--format", choices=("table", "json"), default="table")
    cmp_.set_defaults(handler=cmd_compare)
