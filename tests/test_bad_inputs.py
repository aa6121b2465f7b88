"""The bad-input suite: every generated file through the loader, a sample through the CLI.

Done when (issue 10): 0 tracebacks, exit codes only 0 and 2, no run over 60 s (a hang guard,
not a speed assertion), peak memory under 1.5 GB, every message naming a field or the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase import ScenarioError, load_scenario
from bizcase.cli.main import main
from tests.bad_inputs import CLASSES, BadInput, generate

INPUTS = generate()
ERRORS = [b for b in INPUTS if b.expect == "error"]
VALID = [b for b in INPUTS if b.expect == "valid"]
PEAK_BYTES = 1.5e9


def _id(item: BadInput) -> str:
    return f"{item.klass}-{item.name}"


def test_the_generator_is_deterministic_and_covers_every_class() -> None:
    again = generate()
    assert [(b.name, b.content) for b in again] == [(b.name, b.content) for b in INPUTS]
    assert {b.klass for b in INPUTS} == set(CLASSES)


@pytest.mark.parametrize("item", ERRORS, ids=_id)
def test_loader_names_the_file_and_the_field(tmp_path: Path, item: BadInput) -> None:
    path = item.write(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message
    if item.field:
        assert item.field in message, message
        assert (
            any(item.field in p for p, _, _ in caught.value.problems) or not caught.value.problems
        )


@pytest.mark.parametrize("item", VALID, ids=_id)
def test_absurd_but_valid_files_load(tmp_path: Path, item: BadInput) -> None:
    load_scenario(item.write(tmp_path))


@pytest.mark.parametrize("item", INPUTS, ids=_id)
def test_validate_and_run_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], item: BadInput
) -> None:
    path = str(item.write(tmp_path))
    assert main(["validate", path]) == (2 if item.expect == "error" else 0)
    code = main(["run", path, "--trials", "100", "--quiet", "--format", "json"])
    assert code in (0, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert path in err or "too much work" in err, err


@pytest.mark.parametrize("item", VALID, ids=_id)
@pytest.mark.parametrize("command", ["delivery", "case"])
def test_absurd_files_through_delivery_and_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], item: BadInput, command: str
) -> None:
    path = str(item.write(tmp_path))
    trials = ["--trials", "200"] if command == "delivery" else ["--trials", "4"]
    code = main([command, path, *trials, "--format", "json"])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        # what is too big, with its field or limit
        assert "too much work" in err or ("=" in err and ":" in err), err


def _sample() -> list[tuple[BadInput, str]]:
    """One file per class through `run`; one absurd file through `delivery` and `case`, one bad
    file through `validate` (the in-process tests above cover every file)."""
    first: dict[str, BadInput] = {}
    for item in INPUTS:
        first.setdefault(item.klass, item)
    picked = [(item, "run") for item in first.values()]
    picked += [(VALID[0], "delivery"), (VALID[0], "case"), (ERRORS[0], "validate")]
    return picked


#: Runs argv[2:] and writes "exit-code peak-RSS-KiB" of that child to the file argv[1].  A
#: child's peak RSS counts what it inherited at fork: the CLI is started from this small, fresh
#: launcher so that the pytest worker's own memory (large after a long run) is not counted.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def _run_measured(args: list[str], tmp_path: Path, timeout_s: float) -> tuple[int, str, int]:
    """Run a child; return its exit code, its stderr and its own peak RSS in bytes.

    ``RUSAGE_CHILDREN`` would report the largest child this process ever waited for (an earlier
    test's server or browser included), and a child forked from this process starts at its size.
    """
    report = tmp_path / "child.txt"
    report.unlink(missing_ok=True)
    launcher = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(report), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: a hang is killed with the CLI itself
    )
    try:
        _, stderr = launcher.communicate(timeout=timeout_s)  # a hang guard, not a speed assertion
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.communicate()
        return -signal.SIGKILL, "", 0
    code, peak_kib = (int(v) for v in report.read_text().split())
    return code, stderr, peak_kib * 1024


def test_cli_subprocesses(tmp_path: Path) -> None:
    trials = {
        "run": ["--trials", "100"],
        "delivery": ["--trials", "200"],
        "case": ["--trials", "4"],
    }
    peaks: dict[str, int] = {}
    for item, command in _sample():
        path = str(item.write(tmp_path))
        label = f"{command} {_id(item)}"
        code, stderr, peaks[label] = _run_measured(
            [sys.executable, "-m", "bizcase.cli.main", command, path, *trials.get(command, [])],
            tmp_path,
            timeout_s=60,
        )
        assert code != -signal.SIGKILL, f"{label}: still running after 60 s"
        assert code in (0, 2), f"{label}: exit {code}\n{stderr}"
        assert "Traceback" not in stderr, f"{label}:\n{stderr}"
        if code == 2:
            assert path in stderr or "too much work" in stderr, label
    largest = max(peaks, key=peaks.__getitem__)
    assert peaks[largest] < PEAK_BYTES, f"{largest}: peak {peaks[largest] / 2**20:.0f} MiB"
