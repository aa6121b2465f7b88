"""The ``bizcase`` command: one parser that registers every sub-command, and the entry point.

Commands live in :mod:`.run` (run, delivery, validate, schema), :mod:`.calibrate`, :mod:`.case`
(case, tornado, compare) and :mod:`.report`; other packages add commands through the
``bizcase.commands`` entry point (the app adds ``serve``).  No command module imports this one.

Bad input never shows a traceback: the message goes to stderr and the exit status is 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from bizcase._version import __version__
from bizcase.cli import calibrate, case, report, run
from bizcase.cli.common import EXIT_BAD_INPUT, ArgumentParser
from bizcase.model.errors import BizcaseError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bizcase`` command."""
    parser = ArgumentParser(
        prog="bizcase",
        description="Downtime cost and support-vs-outsourcing business cases.",
    )
    parser.add_argument("--version", action="version", version=f"bizcase {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    # Every sub-command is registered here, in the order `bizcase --help` lists them.
    for register in (
        run.add_commands,
        calibrate.add_commands,
        case.add_commands,
        report.add_commands,
    ):
        register(sub)

    # Commands of other packages (the app's `serve`) plug in through entry points, so the
    # library never imports the UI.
    for entry in entry_points(group="bizcase.commands"):
        entry.load()(sub)

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
