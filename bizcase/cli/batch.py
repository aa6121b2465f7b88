"""``bizcase batch DIR_OR_GLOB ... --out results.parquet``: many scenarios, one tidy table.

Files are read and validated here, in this process; only validated scenarios travel to the
workers.  The table (scenario, option, figure, value) is written atomically (a temporary file
beside the target, then a rename), with the scenarios that ran even when others failed; each
failure is reported by file name and the command then exits with status 2.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from bizcase.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_execution_options,
    open_executor_for,
    positive_int,
    seed_arg,
)
from bizcase.model import MAX_TRIALS, Scenario, load_scenario
from bizcase.model.errors import BizcaseError, InputError

FORMATS = ("parquet", "csv")


def scenario_files(patterns: list[str]) -> list[Path]:
    """The files named by ``patterns``: a directory's ``*.toml``, a glob's matches, or a path.

    A path that does not exist is kept, so that loading it reports it by name.
    """
    files: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            files += sorted(path.glob("*.toml"))
        elif glob.has_magic(pattern):
            files += [Path(p) for p in sorted(glob.glob(pattern))]
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _names(files: list[Path]) -> list[str]:
    # the stem reads best in a table; two files with one stem keep their paths apart
    stems = [f.stem for f in files]
    return [f.stem if stems.count(f.stem) == 1 else str(f) for f in files]


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    return "csv" if Path(args.out).suffix.lower() == ".csv" else "parquet"


def write_table_atomically(table: Any, out: Path, kind: str) -> None:
    """Write ``table`` to ``out`` as parquet or csv through a temporary file and a rename."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{out.name}.", suffix=".tmp", dir=out.parent or Path(".")
    )
    os.close(descriptor)
    umask = os.umask(0)
    os.umask(umask)
    try:
        # mkstemp makes the file private; the table gets the mode any new file would get
        os.chmod(temporary, 0o666 & ~umask)
        if kind == "parquet":
            table.to_parquet(temporary, index=False, engine="pyarrow")
        else:
            table.to_csv(temporary, index=False, float_format="%.17g")
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cmd_batch(args: argparse.Namespace, out: TextIO) -> int:
    """``bizcase batch``."""
    from bizcase.economics.batch import BatchSettings, batch_table

    kind = _format(args)
    target = Path(args.out)
    if not target.parent.is_dir():
        raise InputError(
            f"--out = {args.out!r}: the directory {str(target.parent)!r} does not exist"
        )
    if kind == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(
                "parquet needs pyarrow: pip install 'bizcase[distributed]', or use --format csv"
            ) from None
    files = scenario_files(args.scenarios)
    if not files:
        raise InputError(f"no scenario files match {' '.join(args.scenarios)}")
    failures: dict[str, str] = {}
    loaded: list[tuple[str, Scenario]] = []
    for name, path in zip(_names(files), files, strict=True):
        try:
            loaded.append((name, load_scenario(path)))
        except BizcaseError as exc:
            failures[name] = str(exc)
    settings = BatchSettings(trials=args.trials, case_trials=args.case_trials, seed=args.seed)
    result = None
    if loaded:
        with open_executor_for(args) as executor:
            result = batch_table(loaded, settings, executor)
        failures.update(result.failures)
    for name, message in failures.items():
        sys.stderr.write(f"bizcase batch: {name}: {message}\n")
    ran = len(files) - len(failures)
    if result is not None and ran > 0:
        write_table_atomically(result.table, target, kind)
        out.write(
            f"{ran} of {len(files)} scenarios, {len(result.table):,} rows written to {target}\n"
        )
    if failures:
        sys.stderr.write(f"bizcase batch: {len(failures)} of {len(files)} scenarios failed\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register the batch sub-command on ``sub``."""
    batch = sub.add_parser(
        "batch", help="run many scenarios and write one table (scenario, option, figure, value)"
    )
    batch.add_argument(
        "scenarios", nargs="+", metavar="DIR_OR_GLOB", help="directories, globs or TOML files"
    )
    batch.add_argument("--out", required=True, help="the table to write (results.parquet)")
    batch.add_argument(
        "--format", choices=FORMATS, help="parquet or csv (default: from --out's suffix)"
    )
    batch.add_argument(
        "--trials", type=positive_int("trials", MAX_TRIALS), help="trial-years of the losses"
    )
    batch.add_argument(
        "--case-trials", type=positive_int("case-trials", 200_000), help="business-case trials"
    )
    batch.add_argument("--seed", type=seed_arg, help="random seed (default: each scenario's)")
    add_execution_options(batch)
    batch.set_defaults(handler=cmd_batch)
