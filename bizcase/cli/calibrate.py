"""``bizcase calibrate``: the status quo's outage rates and durations moved towards the history.

Prints the check against ``[client.history]`` before and after, the Gamma–Poisson update of
the rate and every field it changed; writes the calibrated scenario only with ``-o OUT``
(atomically: a temporary file in the same folder, then a rename).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from bizcase.cli.common import EXIT_OK, load_scenario_arg, positive_int, seed_arg, strict_json
from bizcase.model.scenario import MAX_TRIALS

if TYPE_CHECKING:
    from bizcase.simulate.history import Calibration

# The engine is imported by the command that uses it: the parser (and `bizcase --help`) is
# built from this module.


def _value(value: Any) -> str:
    if isinstance(value, dict):
        if "median_hours" in value:
            return f"{_value(value['median_hours'])} / {_value(value['p90_hours'])} h"
        return "{" + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def calibration_text(cal: Calibration, currency: str) -> str:
    """The human-readable report of a calibration."""
    from bizcase.output.textgrid import grid, money

    h = cal.before
    lines = ["Before:", *cal.before.lines(), ""]
    lines.append(
        f"Rate of recorded-type outages: model {cal.prior_rate:.3f} a year (prior weight "
        f"{cal.prior_weight_years:g} years), history {h.observed} in {h.years:g} years "
        f"({h.observed / h.years:.3f} a year)"
    )
    lines.append(
        f"  Gamma–Poisson posterior mean = (α + k) / (β + T) = ({cal.prior_rate:.3f} × "
        f"{cal.prior_weight_years:g} + {h.observed}) / ({cal.prior_weight_years:g} + {h.years:g})"
        f" = {cal.posterior_rate:.3f} a year: rates × {cal.rate_factor:.3f}"
    )
    if h.durations:
        lines.append(f"Durations of the status quo × {cal.duration_factor:.3f}")
    lines += [f"Note: {n}" for n in cal.notes]
    lines += ["", "Changed fields"]
    rows = [[path, _value(old), _value(new)] for path, old, new in cal.changes]
    lines += grid(["field", "before", "after"], rows) if rows else ["  (none)"]
    lines += ["", "After:", *cal.after.lines(), ""]
    lines.append(
        f"Expected annual hard loss of the status quo: {money(cal.baseline_loss_before)} → "
        f"{money(cal.baseline_loss_after)} {currency}"
    )
    return "\n".join(lines)


def calibration_dict(cal: Calibration) -> dict[str, Any]:
    """The JSON layout of ``bizcase calibrate --format json``."""
    return {
        "before": cal.before.to_dict(),
        "after": cal.after.to_dict(),
        "prior_rate": cal.prior_rate,
        "prior_weight_years": cal.prior_weight_years,
        "posterior_rate": cal.posterior_rate,
        "rate_factor": cal.rate_factor,
        "duration_factor": cal.duration_factor,
        "changes": [{"field": p, "before": a, "after": b} for p, a, b in cal.changes],
        "status_quo_hard_loss_before": cal.baseline_loss_before,
        "status_quo_hard_loss_after": cal.baseline_loss_after,
        "notes": cal.notes,
    }


def cmd_calibrate(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase calibrate SCENARIO [-o OUT]``."""
    from bizcase.model.io import save_scenario
    from bizcase.output.report.write import check_output_path
    from bizcase.simulate.history import calibrate

    scenario = load_scenario_arg(args.scenario)
    if args.output:
        check_output_path(args.output)  # before the work: no links, FIFOs or missing folders
    cal = calibrate(scenario, trials=args.trials, seed=args.seed)
    if args.format == "json":
        out.write(strict_json(calibration_dict(cal)) + "\n")
    else:
        out.write(calibration_text(cal, scenario.currency) + "\n")
    if args.output:
        if cal.scenario is None:  # pragma: no cover - calibrate always returns one
            raise RuntimeError("no calibrated scenario")
        path = save_scenario(cal.scenario, args.output)
        note = (
            f"Wrote {path} (the original's comments are not kept; compare it with "
            f"{args.scenario}).\n"
        )
        (out if args.format != "json" else sys.stderr).write(note)
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register the calibrate sub-command on ``sub``."""
    cal = sub.add_parser(
        "calibrate",
        help="scale the status quo's outage rates and durations to the client's history",
    )
    cal.add_argument("scenario", help="scenario TOML file with a [client.history] table")
    cal.add_argument("-o", "--output", help="write the calibrated scenario to this TOML file")
    cal.add_argument(
        "--trials", type=positive_int("trials", MAX_TRIALS), help="trial-years per evaluation"
    )
    cal.add_argument("--seed", type=seed_arg, help="random seed (default: the scenario's)")
    cal.add_argument("--format", choices=("table", "json"), default="table")
    cal.set_defaults(handler=cmd_calibrate)
