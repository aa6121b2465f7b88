"""``bizcase report``: the client leave-behind or the management pack as HTML, PDF or Excel.

Every argument and the output folder are checked before the (seconds-long) computation; the file
is written atomically, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from bizcase.cli.common import STDOUT, load_scenario_arg, seed_arg
from bizcase.model.errors import InputError

# The report package (pandas, plotly, the engine) is imported when a report is made; these
# choices mirror bizcase.output.report's KINDS, FORMATS, LANGUAGES and MAX_REPORT_TRIALS
# (a test keeps them equal) so that the parser is built without it.
KINDS = ("client", "management")
FORMATS = ("html", "pdf", "xlsx")
LANGUAGES = ("en", "ru")
MAX_REPORT_TRIALS = 200_000

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
    if output == STDOUT:
        raise InputError(
            f"output = '-' (standard output): give --format ({', '.join(FORMATS)}); there is no "
            "file name to read it from"
        )
    found = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
    if found is None:
        raise InputError(
            f"output = {output!r}: give --format ({', '.join(FORMATS)}) or a file name ending in "
            ".html, .pdf or .xlsx"
        )
    return found


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase report SCENARIO --kind K --format F -o FILE`` (``-o -``: standard output)."""
    from bizcase.output.report import check_output_path, write_report
    from bizcase.output.report.write import report_bytes

    fmt = output_format(args.format, args.output)
    to_stdout = args.output == STDOUT
    if not to_stdout:
        check_output_path(args.output)
    scenario = load_scenario_arg(args.scenario)
    settings: dict[str, Any] = {
        "lang": args.lang,
        "trials": args.trials,
        "seed": args.seed,
        "source": str(args.scenario),
    }
    if to_stdout:
        payload = report_bytes(scenario, args.kind, fmt, **settings)
        if fmt == "html":
            out.write(payload.decode("utf-8"))
        else:
            # PDF and Excel are bytes: they go to the binary stream under the text one.
            out.flush()
            binary = getattr(out, "buffer", None)
            if binary is None:
                raise InputError(f"output = '-': standard output takes no binary {fmt} here")
            binary.write(payload)
            binary.flush()
        sys.stderr.write(f"<stdout>: {args.kind} report, {fmt}, {len(payload):,} bytes\n")
        return 0
    path = write_report(scenario, args.kind, fmt, args.output, **settings)
    size = path.stat().st_size
    out.write(f"{path}: {args.kind} report, {fmt}, {size:,} bytes\n")
    return 0


def add_commands(sub: Any) -> None:
    """Register the ``report`` subcommand on ``sub`` (the parser's subparsers)."""
    report = sub.add_parser(
        "report",
        help="client leave-behind or management pack as HTML, PDF or an Excel workbook",
        description="Write a client-ready report. The client leave-behind opens with an "
        "executive summary (the cost of an hour of outage, today's expected and bad-year loss, the "
        "recommended contract, its fee and the saving), then losses today vs each contract, the "
        "client's ROI and payback, the SLA annex and the provenance; the "
        "management pack shows cash flows, delivery, NPV distributions, staged strategy, "
        "break-even and the tornado.",
    )
    report.add_argument("scenario", help="scenario TOML file, or - for standard input")
    report.add_argument("--kind", choices=KINDS, required=True, help="client or management")
    report.add_argument(
        "--format", choices=FORMATS, help="html, pdf or xlsx (default: from the -o suffix)"
    )
    report.add_argument(
        "-o", "--output", required=True, help="file to write, or - for standard output"
    )
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="en (default) or ru")
    report.add_argument(
        "--trials",
        type=_report_trials,
        help="trials of the losses and of the business case (default: the scenario's "
        "simulated years for the losses, a quarter of its business-case trials for the case)",
    )
    report.add_argument("--seed", type=seed_arg, help="random seed (default: the scenario's)")
    report.set_defaults(handler=cmd_report)
