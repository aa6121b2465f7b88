"""The bizcase command line: output layouts, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.cli.main import main
from tests.conftest import SCENARIOS

MANUFACTURING = str(SCENARIOS[0].parent / "manufacturing.toml")


def test_run_json_has_stable_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", MANUFACTURING, "--trials", "500", "--seed", "3", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"scenario", "currency", "trials", "seed", "options"} <= payload.keys()
    assert payload["trials"] == 500 and payload["seed"] == 3
    for values in payload["options"].values():
        for key in (
            "expected_annual_loss",
            "p50",
            "p90",
            "p99",
            "expected_downtime_hours",
            "availability",
            "by_priority",
        ):
            assert key in values
        assert set(values["by_priority"]) == {"critical", "major", "minor", "technical"}


def test_run_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", MANUFACTURING, "--trials", "500", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "24x7x4 support" in out and "P90" in out and "Where the hours go" in out


def test_same_seed_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["run", MANUFACTURING, "--trials", "300", "--format", "json"])
    first = capsys.readouterr().out
    main(["run", MANUFACTURING, "--trials", "300", "--format", "json"])
    assert capsys.readouterr().out == first


def test_validate_ok_and_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ncurrency = "EUR"\n', encoding="utf-8")
    assert main(["validate", MANUFACTURING]) == 0
    assert main(["validate", MANUFACTURING, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "client: required field is missing" in err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert "properties" in json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "missing.toml"],
        ["run", MANUFACTURING, "--trials", "0"],
        ["run", MANUFACTURING, "--trials", "lots"],
        ["run", MANUFACTURING, "--seed", "-1"],
        ["run", MANUFACTURING, "--format", "xml"],
        ["frobnicate"],
    ],
)
def test_bad_input_exits_2_without_traceback(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip()


def test_bad_scenario_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "neg.toml"
    text = (
        Path(MANUFACTURING)
        .read_text(encoding="utf-8")
        .replace("annual_rate = 10 ", "annual_rate = -10 ")
    )
    bad.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", "run", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "incidents.minor.annual_rate = -10" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_progress_bar_appears_only_after_its_delay() -> None:
    import io

    from bizcase.cli.common import ProgressBar

    quiet = io.StringIO()
    bar = ProgressBar(stream=quiet, delay_s=60.0)
    bar(1, 4)
    bar(4, 4)
    assert quiet.getvalue() == ""  # a run shorter than the delay shows nothing
    shown = io.StringIO()
    bar = ProgressBar(stream=shown, delay_s=0.0)
    bar(2, 4)
    bar(4, 4)
    text = shown.getvalue()
    assert "2/4 trial-years" in text and "4/4 trial-years" in text and text.endswith("\n")
