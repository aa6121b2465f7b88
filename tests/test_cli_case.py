"""``bizcase case``, ``tornado`` and ``compare``: layouts, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.cli.main import main
from tests.conftest import SCENARIOS

MANUFACTURING = str(SCENARIOS[0].parent / "manufacturing.toml")


def _point_copy(tmp_path: Path) -> Path:
    """The manufacturing scenario with its ranges replaced by their base values."""
    from bizcase import load_scenario, save_scenario

    scenario = load_scenario(MANUFACTURING)
    point = scenario.with_values({})
    point._ranges = {}
    return save_scenario(point, tmp_path / "point.toml")


def test_case_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", MANUFACTURING, "--trials", "40", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"scenario", "currency", "trials", "seed", "horizon_years", "options"} <= set(payload)
    assert "undiscounted" in payload["timing"]
    for values in payload["options"].values():
        assert {"mean", "p10", "p50", "p90", "prob_negative"} <= set(values["client"]["npv"])
        assert "price_floor" in values["integrator"]
        assert "Initial" in values["integrator"]["cash_flows"]["revenue"]
    assert payload["staged"]["best_k"] in range(payload["horizon_years"] + 1)
    assert payload["portfolio"]["break_even_contracts"] >= 1


def test_case_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", MANUFACTURING, "--trials", "40"]) == 0
    text = capsys.readouterr().out
    assert "Decision summary" in text and "Best k" in text and "Break-even" in text
    assert "Present value" in text
    assert main(["case", MANUFACTURING, "--trials", "40", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"option", "ledger", "line", "column", "value"} == set(rows[0])
    assert any(r["column"] == "Present value" for r in rows)


def test_tornado_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tornado", MANUFACTURING, "--trials", "30", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    swings = [b["swing"] for b in payload["bars"]]
    assert swings == sorted(swings, reverse=True)
    assert payload["reused_simulations"] > 0


def test_tornado_needs_ranges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tornado", str(_point_copy(tmp_path))]) == 2
    assert "no ranged inputs" in capsys.readouterr().err


def test_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = SCENARIOS[0].parent / "logistics_hub.toml"
    assert main(["compare", MANUFACTURING, str(other), "--trials", "300"]) == 0
    text = capsys.readouterr().out
    assert "Δ" in text and "Inputs that differ" in text and "currency" in text
    assert "different currencies (EUR, USD)" in text  # money deltas are not converted
    assert "%" in text  # availability shown as a percentage, not as money


def test_compare_needs_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", MANUFACTURING]) == 2
    assert "2 to 4 scenarios" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["case", "missing.toml"],
        ["case", MANUFACTURING, "--trials", "0"],
        ["case", MANUFACTURING, "--format", "xml"],
        ["tornado", MANUFACTURING, "--option", "nope"],
        ["tornado", MANUFACTURING, "--side", "both"],
        ["compare", MANUFACTURING, "missing.toml"],
    ],
)
def test_bad_input_exits_2_without_traceback(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
