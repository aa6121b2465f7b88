"""``bizcase report``: the client leave-behind or the management pack as HTML, PDF or Excel.

Every argument and the output folder are checked before the (seconds-long) computation; the file
is written atomically, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from bizcase.cli.common import seed_arg
from bizcase.model import load_scenario
from bizcase.model.errors import InputError
from bizcase.output.report import FORMATS, KINDS, MAX_REPORT_TRIALS, check_output_path, write_report
from bizcase.output.report.texts import LANGUAGES

_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx"}


def _report_trials(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"trials = {text!r}: must be an integer") from None
    if not 20 <= value <= MAX_REPORT_TRIALS:
        raise argparse.ArgumentTypeError(
            f"trials = {value}: must be from 20 to {MAX_REPORT_TRIALS:,}"
        )
    return value


def output_format(fmt: str | None, output: str) -> str:
    """The format asked for, or the one the output's suffix names.

    Examples
    --------
    >>> output_format(None, "pack.xlsx"), output_format("pdf", "leave-behind.pdf")
    ('xlsx', 'pdf')
    """
    if fmt is not None:
        return fmt
    found = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
    if found is None:
        raise InputError(
            f"output = {output!r}: give --format ({', '.join(FORMATS)}) or a file name ending in "
            ".html, .pdf or .xlsx"
        )
    return found


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase report SCENARIO --kind K --format F -o FILE``."""
    fmt = output_format(args.format, args.output)
    check_output_path(args.output)
    scenario = load_scenario(args.scenario)
    path = write_report(
        scenario,
        args.kind,
        fmt,
        args.output,
        lang=args.lang,
        trials=args.trials,
        seed=args.seed,
        source=str(args.scenario),
    )
    size = path.stat().st_size
    out.write(f"{path}: {args.kind} report, {fmt}, {size:,} bytes\n")
    return 0


def add_commands(sub: Any) -> None:
    """Register the ``report`` subcommand on ``sub`` (the parser's subparsers)."""
    report = sub.add_parser(
        "report",
        help="client leave-behind or management pack as HTML, PDF or an Excel workbook",
        description="Write a client-ready report. The client leave-behind shows the cost of "
        "downtime, losses today vs each contract, the client's ROI and the SLA annex; the "
        "management pack shows cash flows, delivery, NPV distributions, staged strategy, "
        "break-even and the tornado.",
    )
    report.add_argument("scenario", help="scenario TOML file")
    report.add_argument("--kind", choices=KINDS, required=True, help="client or management")
    report.add_argument(
        "--format", choices=FORMATS, help="html, pdf or xlsx (default: from the -o suffix)"
    )
    report.add_argument("-o", "--output", required=True, help="file to write")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="en (default) or ru")
    report.add_argument(
        "--trials",
        type=_report_trials,
        help="trials of the losses and of the business case (default: the scenario's "
        "simulated years for the losses, a quarter of its business-case trials for the case)",
    )
    report.add_argument("--seed", type=seed_arg, help="random seed (default: the scenario's)")
    report.set_defaults(handler=cmd_report)
