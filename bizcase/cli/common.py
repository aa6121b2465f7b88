"""What every command shares: exit codes, the argument parser, argument types, the progress bar."""

from __future__ import annotations

import argparse
import math
import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bizcase.simulate.execute import Executor

EXIT_OK = 0


EXIT_BAD_INPUT = 2


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and no traceback (as usual)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def positive_int(name: str, upper: int) -> type:
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


def seed_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed = {text!r}: must be an integer") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"seed = {value}: must be from 0 to 2**63 - 1")
    return value


def add_execution_options(parser: argparse.ArgumentParser) -> None:
    """``--workers`` and ``--scheduler``: where a command's independent tasks run."""
    parser.add_argument(
        "--workers",
        type=workers_arg,
        help="processes computing at once on this machine, 1 = serial "
        "(default: BIZCASE_WORKERS, else every core)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="send the tasks to this Dask scheduler, or 'local' for a cluster on this machine "
        "(default: BIZCASE_SCHEDULER; needs bizcase[distributed])",
    )


def workers_arg(text: str) -> int:
    # the execution layer is imported only when an option is used: `bizcase --version` stays light
    from bizcase.simulate.execute import ExecutorError, parse_workers

    try:
        return parse_workers(text)
    except ExecutorError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def open_executor_for(args: argparse.Namespace) -> Executor:
    """The executor ``--workers`` / ``--scheduler`` (or their variables) ask for; close it."""
    from bizcase.simulate.execute import open_executor

    return open_executor(workers=args.workers, scheduler=args.scheduler)


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


def json_default(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    raise TypeError(f"cannot serialise {type(value).__name__}")
