"""``bizcase batch``: one tidy table, written atomically; bad files named, good results kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bizcase import load_scenario
from bizcase.cli.main import main
from bizcase.economics.batch import COLUMNS, LOSS_FIGURES, BatchSettings, batch_table
from tests.conftest import SCENARIOS

SMALL = ["--trials", "600", "--case-trials", "12", "--workers", "1"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two shipped scenarios and one broken file in a directory."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("manufacturing", "retail_chain"):
        shutil.copy(SCENARIOS[0].parent / f"{name}.toml", folder)
    (folder / "broken.toml").write_text('name = "no currency, no options"\n', encoding="utf-8")
    return folder


def test_bad_file_is_named_and_good_results_are_kept(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.parquet"
    assert main(["batch", str(library), "--out", str(out), *SMALL]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and "currency" in err
    assert "1 of 3 scenarios failed" in err
    assert "Traceback" not in err
    table = pd.read_parquet(out)
    assert list(table.columns) == list(COLUMNS)
    assert sorted(table.scenario.unique()) == ["manufacturing", "retail_chain"]
    assert not list(tmp_path.glob(".results.parquet.*"))  # no temporary file left behind


def test_table_is_the_library_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.csv"  # the suffix picks the format
    path = SCENARIOS[0].parent / "manufacturing.toml"
    assert main(["batch", str(path), "--out", str(out), *SMALL, "--seed", "4"]) == 0
    assert "1 of 1 scenarios" in capsys.readouterr().out
    # CSV keeps 17 significant digits: the floats read back exactly with a correctly rounded
    # parser ("round_trip"; pandas 2.x's default C parser can miss the last bit of 17 digits).
    written = pd.read_csv(out, float_precision="round_trip")
    settings = BatchSettings(trials=600, case_trials=12, seed=4)
    expected = batch_table([("manufacturing", load_scenario(path))], settings).table
    pd.testing.assert_frame_equal(written, expected, check_exact=True, check_dtype=False)
    figures = set(written.figure)
    assert set(LOSS_FIGURES) <= figures
    assert {"client_npv_p50", "integrator_npv_p50", "integrator_npv_prob_negative"} <= figures
    p90 = written.query("option == 'status_quo' and figure == 'p90_annual_loss'").value
    p50 = written.query("option == 'status_quo' and figure == 'p50_annual_loss'").value
    assert float(p90.iloc[0]) >= float(p50.iloc[0]) > 0


def test_all_failed_leaves_the_old_table(tmp_path: Path, library: Path) -> None:
    out = tmp_path / "results.parquet"
    out.write_bytes(b"previous results")
    assert main(["batch", str(library / "broken.toml"), "--out", str(out), *SMALL]) == 2
    assert out.read_bytes() == b"previous results"


def test_glob_without_matches_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pattern = str(tmp_path / "*.toml")
    assert main(["batch", pattern, "--out", str(tmp_path / "r.parquet"), *SMALL]) == 2
    assert "no scenario files match" in capsys.readouterr().err


def test_missing_output_directory_exit_2(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "absent" / "r.parquet"
    assert main(["batch", str(library), "--out", str(out), *SMALL]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_bad_workers_exit_2(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["batch", str(library), "--out", "r.parquet", "--workers", "zero"])
    assert stop.value.code == 2
    assert "workers = 'zero'" in capsys.readouterr().err
