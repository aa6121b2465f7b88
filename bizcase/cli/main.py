"""The ``bizcase`` command: one parser that registers every sub-command, and the entry point.

Commands live in :mod:`.run` (run, delivery, validate, schema), :mod:`.calibrate`, :mod:`.case`
(case, tornado, compare), :mod:`.solve`, :mod:`.report` and :mod:`.batch`; other packages add
commands through the ``bizcase.commands`` entry point (the app adds ``serve``).  No command
module imports this one.

Bad input never shows a traceback: the message goes to stderr and the exit status is 2.  A reader
that closes the pipe early (``| head``) ends the command quietly.  The command modules import the
engine, pandas and scipy only inside their handlers, so ``--version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from bizcase._version import __version__
from bizcase.cli import batch, calibrate, case, design, report, run, solve
from bizcase.cli.common import EXIT_BAD_INPUT, ArgumentParser
from bizcase.model.errors import BizcaseError

#: Exit status after the reader of stdout went away (``bizcase validate *.toml | head``).
EXIT_BROKEN_PIPE = 1


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
        solve.add_commands,
        design.add_commands,
        report.add_commands,
        batch.add_commands,
    ):
        register(sub)

    # Commands of other packages (the app's `serve`) plug in through entry points, so the
    # library never imports the UI.
    for entry in entry_points(group="bizcase.commands"):
        entry.load()(sub)

    return parser


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def _out_of_memory_message(args: argparse.Namespace) -> str:
    trials = getattr(args, "trials", None)
    sized = f"--trials {trials:,}" if trials else "the scenario's own trial count"
    return (
        f"bizcase: out of memory in `{args.command}`: the run ({sized}, the scenario's incident "
        "rates and options) fits the work budget but not this machine's free memory; lower "
        "--trials or the incident rates, or free memory\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bizcase`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = int(args.handler(args, sys.stdout))
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except BizcaseError as exc:
        sys.stderr.write(f"bizcase: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("\nbizcase: interrupted\n")
        return 130
    except MemoryError:
        sys.stderr.write(_out_of_memory_message(args))
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
