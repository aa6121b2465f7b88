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


# ------------------------------------------------------------------- strict JSON, pipes, stdin


def _run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", *args],
        input=stdin,
        capture_output=True,
        timeout=60,  # a hang guard, not a speed assertion
        check=False,
    )


def _strict_loads(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_json_from_one_trial_is_strict_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", MANUFACTURING, "--trials", "1", "--format", "json", "--quiet"]) == 0
    payload = _strict_loads(capsys.readouterr().out)
    assert isinstance(payload, dict)
    notes = payload["notes"]
    assert notes, "a standard error from one trial is undefined: there must be a note"
    for note in notes:
        assert note["value"] in ("NaN", "Infinity", "-Infinity") and note["reason"]
        field = note["field"]
        node: object = payload
        for part in field.split("."):
            # a list item's path is name[i] (the history check's duration percentiles)
            key, *indices = part.replace("]", "").split("[")
            assert isinstance(node, dict)
            node = node[key]
            for index in indices:
                assert isinstance(node, list)
                node = node[int(index)]
        assert node is None


def test_json_of_an_overflowing_revenue_is_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(MANUFACTURING).read_text(encoding="utf-8")
    lines = [
        "revenue_at_risk_per_hour = 1e300" if ln.startswith("revenue_at_risk_per_hour") else ln
        for ln in text.splitlines()
    ]
    path = tmp_path / "rich.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    for argv in (
        ["run", str(path), "--trials", "200", "--format", "json", "--quiet"],
        ["case", str(path), "--trials", "4", "--format", "json"],
        ["compare", str(path), MANUFACTURING, "--trials", "200", "--format", "json"],
    ):
        assert main(argv) == 0
        payload = _strict_loads(capsys.readouterr().out)
        assert isinstance(payload, dict) and payload["notes"]


def test_strict_json_never_writes_nan() -> None:
    from bizcase.cli.common import strict_json

    text = strict_json({"a": [1.0, float("inf")], "b": {"c": float("nan")}})
    payload = _strict_loads(text)
    assert payload == {
        "a": [1.0, None],
        "b": {"c": None},
        "notes": [
            {"field": "a[1]", "value": "Infinity", "reason": payload["notes"][0]["reason"]},  # type: ignore[index]
            {"field": "b.c", "value": "NaN", "reason": payload["notes"][1]["reason"]},  # type: ignore[index]
        ],
    }


@pytest.mark.parametrize("command", ["validate", "compare"])
def test_closed_pipe_exits_quietly(command: str) -> None:
    files = [MANUFACTURING] * (200 if command == "validate" else 2)
    args = [command, *files] + (["--trials", "200"] if command == "compare" else [])
    # `| head -1`: a reader that takes one line and closes the pipe
    proc = subprocess.Popen(
        [sys.executable, "-m", "bizcase.cli.main", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_dash_reads_the_scenario_from_stdin() -> None:
    text = Path(MANUFACTURING).read_bytes()
    run = _run(["run", "-", "--trials", "200", "--format", "json", "--quiet"], stdin=text)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["trials"] == 200
    validate = _run(["validate", "-"], stdin=text)
    assert validate.returncode == 0 and b"-: ok" in validate.stdout
    bad = _run(["validate", "-"], stdin=b"name = 3\n")
    assert bad.returncode == 2 and b"<stdin>" in bad.stderr and b"Traceback" not in bad.stderr


def test_help_and_version_load_no_engine() -> None:
    code = (
        "import sys\n"
        "from bizcase.cli.main import main\n"
        "for argv in (['--version'], ['--help'], ['run', '--help'], ['batch', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ['pandas', 'plotly', 'scipy', 'bizcase.simulate.engine', 'bizcase.economics',\n"
        "         'dask', 'distributed', 'bizcase.simulate.execute']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_out_of_memory_names_what_ran(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bizcase.simulate.simulation as simulation

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(simulation, "run_simulation", exhausted)
    assert main(["run", MANUFACTURING, "--trials", "300", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "out of memory in `run`" in err and "--trials 300" in err and "incident rates" in err


def test_too_much_work_is_refused_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(MANUFACTURING).read_text(encoding="utf-8")
    text = text.replace("[incidents.minor]", "[incidents.minor]\nannual_rate = 100000", 1)
    lines = [ln for ln in text.splitlines()]
    seen = False
    kept = []
    for ln in lines:  # the first annual_rate after the header is the one just added
        if ln.startswith("[incidents.minor]"):
            seen = True
        elif seen and ln.startswith("annual_rate") and "100000" not in ln:
            seen = False
            continue
        kept.append(ln)
    path = tmp_path / "busy.toml"
    path.write_text("\n".join(kept), encoding="utf-8")
    assert main(["run", str(path), "--trials", "100", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "too much work" in err and "incidents.minor.annual_rate" in err and "GB" in err
