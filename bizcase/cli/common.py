"""What every command shares: exit codes, the argument parser, argument types, the progress bar,
reading a scenario from a file or stdin, and strict JSON output.

Nothing here imports the engine, pandas or scipy: `bizcase --help` must stay fast.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

from bizcase.model.errors import ScenarioError

if TYPE_CHECKING:
    from bizcase.model.scenario import Scenario
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


#: Largest scenario read from stdin: far above any real scenario, small enough to refuse a stream.
MAX_STDIN_BYTES = 4 * 1024 * 1024

#: The file name that means standard input (a scenario) or standard output (``report -o``).
STDIN = STDOUT = "-"


def load_scenario_arg(path: str) -> Scenario:
    """The scenario named on the command line: a file, or ``-`` for standard input."""
    from bizcase.model.io import load_scenario, parse_scenario_toml

    if path != STDIN:
        return load_scenario(path)
    raw = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(raw) > MAX_STDIN_BYTES:
        raise ScenarioError(
            f"<stdin>: more than {MAX_STDIN_BYTES // (1024 * 1024)} MiB; a scenario is a small "
            "TOML text"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("<stdin>: not UTF-8 text; a scenario is a TOML text file") from None
    return parse_scenario_toml(text, "<stdin>")


_NAN_REASON = (
    "not a number: undefined for this run (a spread from a single trial, a ratio of zero to zero, "
    "or a payback that never happens)"
)
_INF_REASON = "infinite: the figure overflows floating point (inputs too large to compute it)"


def _finite(value: Any, path: str, notes: list[dict[str, str]]) -> Any:
    if isinstance(value, dict):
        return {k: _finite(v, f"{path}.{k}" if path else str(k), notes) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v, f"{path}[{i}]", notes) for i, v in enumerate(value)]
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isfinite(number):
            return number
        notes.append(
            {
                "field": path,
                "value": "NaN"
                if math.isnan(number)
                else ("Infinity" if number > 0 else "-Infinity"),
                "reason": _NAN_REASON if math.isnan(number) else _INF_REASON,
            }
        )
        return None
    if isinstance(value, np.ndarray):
        return _finite(value.tolist(), path, notes)
    raise TypeError(f"{path}: cannot write a {type(value).__name__} as JSON")


def strict_json(payload: dict[str, Any]) -> str:
    """``payload`` as standard JSON: a NaN or infinity becomes ``null``, explained in ``notes``.

    JSON has no NaN or Infinity (Python's ``json`` writes them, other readers reject the
    document), so every non-finite number is written as ``null`` and listed under the top-level
    ``notes`` key with its field path and the reason; ``allow_nan=False`` makes a regression an
    error rather than invalid output.

    Examples
    --------
    >>> print(strict_json({"p90": float("nan"), "n": 3}))  # doctest: +ELLIPSIS
    {
      "p90": null,
      "n": 3,
      "notes": [
        {
          "field": "p90",
          "value": "NaN",
          "reason": "not a number: ..."
        }
      ]
    }
    """
    notes: list[dict[str, str]] = []
    cleaned = _finite(payload, "", notes)
    if notes:
        cleaned["notes"] = [*cleaned.get("notes", []), *notes]
    return json.dumps(cleaned, indent=2, allow_nan=False)
