"""Client-ready reports: every shipped scenario, kind and format; figures equal to the CLI's JSON.

PDF tests need Debian's Chromium (/usr/bin/chromium) and pdftotext (poppler-utils); scripts/test
installs both, so a missing one is a failure here, not a skip.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook
from plotly.offline import get_plotlyjs

from bizcase import __version__, load_scenario, scenario_from_dict, scenario_to_toml
from bizcase.cli.main import main
from bizcase.output.report import (
    FORMATS,
    KINDS,
    ReportData,
    annex_options,
    compute_report,
    input_hash,
    render,
    render_html,
    report_settings,
    reproduce_command,
)
from bizcase.output.report.data import executive_summary, value_table
from bizcase.output.report.pdf import DEFAULT_CHROMIUM
from bizcase.output.report.texts import (
    format_money,
    format_number,
    format_percent,
    sla_shorthand,
    t,
)
from tests.conftest import SCENARIOS, minimal_scenario_dict

TRIALS = 100
SEED = 5
DATE = dt.date(2025, 3, 14)
MANUFACTURING = str(SCENARIOS[0].parent / "manufacturing.toml")
PDFTOTEXT = "/usr/bin/pdftotext"


def _require_pdf_tools() -> None:
    assert Path(DEFAULT_CHROMIUM).exists(), (
        f"{DEFAULT_CHROMIUM} is missing: PDF reports need Debian's chromium (scripts/test installs it)"
    )
    assert shutil.which("pdftotext") or Path(PDFTOTEXT).exists(), (
        "pdftotext is missing: install poppler-utils (scripts/test installs it)"
    )


def _pdf_text(payload: bytes) -> str:
    done = subprocess.run(
        [shutil.which("pdftotext") or PDFTOTEXT, "-layout", "-", "-"],
        input=payload,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _pdf_page_text(payload: bytes, page: int) -> str:
    """The text of one page (1-based) of a PDF, pdftotext's reading order."""
    done = subprocess.run(
        [shutil.which("pdftotext") or PDFTOTEXT, "-f", str(page), "-l", str(page), "-", "-"],
        input=payload,
        capture_output=True,
        check=True,
    )
    return re.sub(r"\s+", " ", done.stdout.decode("utf-8")).strip()


def _page_fills(payload: bytes, folder: Path) -> list[float]:
    """How far down each page its content reaches (0–1): the lowest row that is not white.

    The pages are rasterised in grey at 20 dpi by poppler's pdftoppm (binary PGM files).
    """
    pdf = folder / "report.pdf"
    pdf.write_bytes(payload)
    subprocess.run(
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-r",
            "20",
            "-gray",
            str(pdf),
            str(folder / "page"),
        ],
        check=True,
    )
    fills = []
    images = sorted(folder.glob("page-*.pgm"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
    for image in images:
        magic, width, height, _maxval, pixels = image.read_bytes().split(maxsplit=4)
        assert magic == b"P5"
        w, h = int(width), int(height)
        grey = np.frombuffer(pixels[-w * h :], dtype=np.uint8).reshape(h, w)
        inked = np.flatnonzero((grey < 240).any(axis=1))
        fills.append((inked[-1] + 1) / h if inked.size else 0.0)
    return fills


def _pdf_pages(payload: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", payload))


def _outside_plotlyjs(page: str) -> str:
    """The page without the inline plotly.js bundle (whose licence comments name URLs)."""
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1, "plotly.js must be embedded exactly once"
    return page.replace(bundle, "")


def _rows(ws: Any, first_header: str) -> list[dict[str, Any]]:
    """The table whose header row starts with ``first_header``, as dicts, up to a blank row."""
    cells = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(cells):
        if row and row[0] == first_header:
            header = list(row)
            out = []
            for values in cells[i + 1 :]:
                if values[0] is None:
                    break
                out.append(dict(zip(header, values, strict=False)))
            return out
    raise AssertionError(f"no table headed {first_header!r} in sheet {ws.title!r}")


def _tables(ws: Any, first_header: str) -> list[list[dict[str, Any]]]:
    """Every table whose header row starts with ``first_header``, in sheet order."""
    cells = list(ws.iter_rows(values_only=True))
    tables = []
    for i, row in enumerate(cells):
        if row and row[0] == first_header:
            header = list(row)
            rows = []
            for values in cells[i + 1 :]:
                if values[0] is None:
                    break
                rows.append(dict(zip(header, values, strict=False)))
            tables.append(rows)
    return tables


def _compute(path: Path) -> ReportData:
    return compute_report(
        load_scenario(path), "management", trials=TRIALS, seed=SEED, date=DATE, source=path.name
    )


# ---------------------------------------------------------------------------------------------
# Every scenario, kind and format: one computation per scenario (a management computation serves
# both kinds), so that no parallel worker repeats it.


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_every_kind_every_format(path: Path) -> None:
    _require_pdf_tools()
    computed = _compute(path)
    for kind in KINDS:
        _check_html(computed, kind)
        _check_pdf(computed, kind)
        _check_xlsx(computed, kind)
        for fmt in FORMATS:
            if fmt != "pdf":
                assert render(computed, kind, fmt, "ru")
    _check_client_hides_the_integrators_numbers(computed)
    _check_russian(computed)


def _check_html(computed: ReportData, kind: str) -> None:
    page = render(computed, kind, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    charts = page.count('class="plotly-graph-div"')
    assert charts >= (3 if kind == "client" else 2)
    # The vendor bundle (embedded once, unchanged) holds URL strings in its code (the logo link
    # that displaylogo=False hides, map tile servers no chart here uses): look everywhere else.
    rest = _outside_plotlyjs(page)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", rest, re.I)
    assert "<script src" not in page and "<img" not in rest
    assert "http://" not in rest and "https://" not in rest
    assert "<link" not in rest and "@import" not in rest and "url(" not in rest
    # the reproducibility block
    s = computed.settings
    for fact in (computed.scenario.name, computed.input_hash, str(SEED), __version__, "2025-03-14"):
        assert fact in rest
    assert f"{s.trials:,}" in rest


def _check_pdf(computed: ReportData, kind: str) -> None:
    payload = render(computed, kind, "pdf")
    assert payload.startswith(b"%PDF")
    assert _pdf_pages(payload) >= 2
    text = _pdf_text(payload)
    squeezed = re.sub(r"\s+", " ", text)
    cur = computed.currency
    baseline = computed.scenario.baseline
    headline = computed.summaries[baseline].expected_annual_loss
    assert format_money(headline, cur, "en") in squeezed
    assert format_money(computed.run["cost_of_one_hour"]["peak"], cur, "en") in squeezed
    assert computed.input_hash[:16] in text.replace("\n", "").replace(" ", "")
    assert __version__ in text and "2025-03-14" in text
    if kind == "client":
        assert "Appendix A" in text and "Critical" in text
        _check_leave_behind_layout(computed, payload, "en")
    else:
        assert computed.case is not None
        decision = next(iter(computed.case.decisions.values()))
        mean = decision.percentiles("integrator")["mean"]
        assert format_money(mean, cur, "en") in squeezed


def _headings(page: str) -> list[str]:
    """The texts of the h1–h3 headings of an HTML report, whitespace collapsed."""
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page, re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", h))).strip() for h in found]


def _check_leave_behind_layout(computed: ReportData, payload: bytes, lang: str) -> None:
    """Page 1 is the executive summary without provenance; provenance closes the report; no
    page but the last is filled less than a third; no page ends with a heading."""
    pages = _pdf_pages(payload)
    first = _pdf_page_text(payload, 1)

    def shown(text: str) -> str:  # as pdftotext gives it: any run of spaces one space
        return re.sub(r"\s+", " ", text)

    summary = executive_summary(computed)
    cur = computed.currency
    client = computed.scenario.text("client.name", lang)
    assert shown(client) in first
    for amount in (
        summary.hour_peak,
        summary.hour_average,
        summary.expected_loss_today,
        summary.bad_year_today,
    ):
        assert shown(format_money(amount, cur, lang)) in first
    best = summary.best
    assert best is not None
    assert shown(computed.scenario.text(f"options.{best.option}.label", lang)) in first
    assert shown(format_money(best.annual_fee, cur, lang)) in first
    assert shown(format_money(summary.saving, cur, lang)) in first
    assert shown(t("exec_fee_hours", lang)) in first
    hours = t("exec_fee_hours_value", lang, h=format_number(best.fee_paying_hours, lang, 1))
    assert shown(hours) in first
    command = reproduce_command(computed, "client", "pdf", lang)
    # no hash, seed, trial counts or command on page 1 (SEED = 5 itself is in many numbers)
    squeezed = first.replace(" ", "")
    assert computed.input_hash[:12] not in squeezed and "bizcase" not in first
    assert "--seed" not in first and t("meta_seed", lang) not in first
    assert t("meta_trials", lang) not in first and t("meta_hash", lang) not in first
    last = "".join(_pdf_page_text(payload, n) for n in (pages - 1, pages)).replace(" ", "")
    assert computed.input_hash in last and command.replace(" ", "") in last
    with tempfile.TemporaryDirectory() as folder:
        fills = _page_fills(payload, Path(folder))
    assert len(fills) == pages
    assert all(f >= 1 / 3 for f in fills[:-1]), fills
    headings = _headings(render_html(computed, "client", lang, "pdf"))
    for n in range(1, pages):
        text = _pdf_page_text(payload, n)
        orphan = [h for h in headings if text.endswith(h)]
        assert not orphan, f"page {n} ends with the heading {orphan}"


def _check_xlsx(computed: ReportData, kind: str) -> None:
    wb = load_workbook(io.BytesIO(render(computed, kind, "xlsx")))
    expected = ["Report", "Inputs", "Losses"]
    expected += (
        ["Where the hours go", "Client case", "SLA annex", "Context"]
        if kind == "client"
        else ["Cash flows", "Decision", "Delivery", "Staged", "Tornado", "Portfolio"]
    )
    assert wb.sheetnames == expected
    losses = _rows(wb["Losses"], "Option id")
    assert [r["Option id"] for r in losses] == list(computed.scenario.options)
    for row in losses:
        summary = computed.summaries[row["Option id"]]
        assert row["Expected annual loss"] == pytest.approx(summary.expected_annual_loss, rel=1e-12)
        assert isinstance(row["1-in-10-year loss (P90)"], float)
    ws = wb["Losses"]
    header = next(r for r in ws.iter_rows(min_row=1) if r[0].value == "Option id")
    assert all(c.font.b for c in header if c.value)
    money_cell = ws.cell(row=header[0].row + 1, column=4)
    assert computed.currency in money_cell.number_format
    assert ws.column_dimensions["B"].width >= 10
    inputs = {r["Field"]: r for r in _rows(wb["Inputs"], "Field")}
    for path, rng in computed.scenario.ranges.items():
        assert inputs[path]["Range low"] == rng.low and inputs[path]["Range high"] == rng.high
    report = {r["Item"]: r["Value"] for r in _rows(wb["Report"], "Item")}
    assert report["Input hash (SHA-256)"] == computed.input_hash
    if kind == "management" and computed.plans:
        # one people table per plan: a role bought by the hour says so, never headcount 0
        tables = _tables(wb["Delivery"], "Option id")
        people = [row for table in tables for row in table if "FTE" in row]
        assert len(people) >= 4 * len(computed.plans)
        for row in people:
            plan = computed.plans[row["Option id"]]
            role = next(r for r in plan.fte if t(f"role_{r}", "en") == row["Role"])
            expected = plan.staffing.headcount.get(role, "by the hour")
            assert row["Headcount"] == expected, (row, expected)
            assert row["Headcount"] != 0 or plan.fte[role] == 0
    assert report["Seed"] == str(SEED)


def _check_client_hides_the_integrators_numbers(computed: ReportData) -> None:
    page = _outside_plotlyjs(render_html(computed, "client"))
    # (option descriptions may say what the integrator does; its ledger never shows)
    for secret in ("Price floor", ">Integrator<", "Integrator NPV", "Cost to serve", "Tornado"):
        assert secret not in page
    assert "Appendix A" in page


def _check_russian(computed: ReportData) -> None:
    client = _outside_plotlyjs(render_html(computed, "client", "ru"))
    assert 'lang="ru"' in client
    for p in ("Критические", "Крупные", "Незначительные", "Технические"):
        assert f"{p} инциденты" in client and "недостатки" not in client
    peak = computed.run["cost_of_one_hour"]["peak"]
    assert "\u00a0" in format_money(peak, computed.currency, "ru")
    assert format_money(peak, computed.currency, "ru") in client  # "15 264 €", no-break spaces
    shorthands = [
        sla_shorthand(o.coverage, o.priorities["critical"].restoration_target_hours, "ru")
        for n in annex_options(computed.scenario)
        if "critical" in (o := computed.scenario.options[n]).priorities
    ]
    assert any(s and s in client for s in shorthands)  # "24*7*4"
    management = _outside_plotlyjs(render_html(computed, "management", "ru"))
    assert "ЗИП" in management and "Пакет для руководства" in management
    wb = load_workbook(io.BytesIO(render(computed, "management", "xlsx", "ru")))
    assert wb.sheetnames[:3] == ["Отчёт", "Исходные данные", "Потери"]
    assert t("sheet_delivery", "ru") in wb.sheetnames


# ---------------------------------------------------------------------------------------------
# Same figures as the CLI's JSON, same seed


def test_workbook_figures_equal_the_cli_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--trials", str(TRIALS), "--seed", str(SEED)]
    book = tmp_path / "pack.xlsx"
    client_book = tmp_path / "client.xlsx"
    assert main(["report", MANUFACTURING, "--kind", "management", "-o", str(book), *common]) == 0
    assert main(["report", MANUFACTURING, "--kind", "client", "-o", str(client_book), *common]) == 0
    capsys.readouterr()
    assert main(["run", MANUFACTURING, *common, "--format", "json", "--quiet"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert main(["case", MANUFACTURING, *common, "--format", "json"]) == 0
    case = json.loads(capsys.readouterr().out)

    wb = load_workbook(book)
    for row in _rows(wb["Losses"], "Option id"):
        cli = run["options"][row["Option id"]]
        assert row["Expected annual loss"] == pytest.approx(cli["expected_annual_loss"], rel=1e-12)
        assert row["1-in-10-year loss (P90)"] == pytest.approx(cli["p90"], rel=1e-12)
    decision = _rows(wb["Decision"], "Option id")
    assert {r["Option id"] for r in decision} == set(case["options"])
    for row in decision:
        cli = case["options"][row["Option id"]][row["Ledger"].lower()]
        assert row["Expected NPV"] == pytest.approx(cli["npv"]["mean"], rel=1e-12)
        assert row["NPV P90"] == pytest.approx(cli["npv"]["p90"], rel=1e-12)
        if row["Ledger"] == "Integrator" and cli["price_floor"] is not None:
            assert row["Price floor at 20% margin"] == pytest.approx(cli["price_floor"], rel=1e-12)
    flows = wb["Cash flows"]
    cash = [r for r in _rows(flows, "Option id") if r["line"] == "net"]
    first = cash[0]
    cli_net = case["options"][first["Option id"]][first["ledger"]]["cash_flows"]["net"]
    assert first["Present value"] == pytest.approx(cli_net["Present value"], rel=1e-12)

    client = load_workbook(client_book)
    value, spread = _tables(client["Client case"], "Option id")[:2]
    for row in value:  # base values: the same figures as `bizcase run` (and the app)
        cli = run["client_value"][row["Option id"]]
        assert row["NPV (base values)"] == pytest.approx(cli["npv"], rel=1e-12)
        assert row["ROI"] == pytest.approx(cli["roi"], rel=1e-12)
        assert row["Payback"] == cli["payback"]
    for row in spread:  # the joint Monte Carlo: the same as `bizcase case`
        cli = case["options"][row["Option id"]]["client"]
        assert row["Expected NPV"] == pytest.approx(cli["npv"]["mean"], rel=1e-12)


def test_same_inputs_same_report() -> None:
    scenario = _small_scenario()
    pages = [
        render_html(compute_report(scenario, "management", trials=40, seed=SEED, date=DATE), kind)
        for kind in ("management", "management")
    ]
    assert pages[0] == pages[1]  # stable chart ids, no clock inside: byte-identical


def _small_scenario() -> Any:
    data = minimal_scenario_dict()
    fast = dict(data["options"]["base"], label="Fast", annual_fee=5000.0)
    fast["stages"] = {k: {"median_hours": 0.2, "p90_hours": 0.5} for k in fast["stages"]}
    fast["priorities"] = {"critical": {"restoration_target_hours": 4}}
    data["options"]["fast"] = fast
    return scenario_from_dict(data)


def test_input_hash_follows_the_inputs_not_the_formatting() -> None:
    scenario = load_scenario(MANUFACTURING)
    moved = scenario.with_values({"options.nbd_8x5.annual_fee": 61_000.0})
    assert input_hash(scenario) != input_hash(moved)
    assert re.fullmatch(r"[0-9a-f]{64}", input_hash(scenario))


def test_default_trial_counts_match_the_app() -> None:
    # The pack's business case at the scenario's own trials: the same P(NPV < 0) as the app's
    # page and `bizcase case` (issue 14: 34 % on the page, 29 % in the pack at a quarter).
    scenario = load_scenario(MANUFACTURING)
    s = report_settings(scenario)
    assert s.trials == scenario.simulation.trials
    assert s.case_trials == scenario.business_case.trials
    assert s.tornado_trials <= 60 and s.delivery_trials <= 5_000


def test_scenario_without_delivery_or_ranges_still_reports(tmp_path: Path) -> None:
    scenario = _small_scenario()
    computed = compute_report(scenario, "management", trials=40, seed=1, date=DATE)
    assert computed.tornado is None and computed.plans == {}
    page = render_html(computed, "management")
    assert "no [delivery] section" in page and "no ranged inputs" in page
    assert load_workbook(io.BytesIO(render(computed, "client", "xlsx")))["SLA annex"]


# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, a message, no traceback, nothing written


def _no_files(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--kind", "sales", "--format", "html"], "invalid choice: 'sales'"),
        (["--kind", "client", "--format", "docx"], "invalid choice: 'docx'"),
        (["--kind", "client", "--format", "html", "--trials", "5"], "must be from 20"),
        (["--kind", "client", "--format", "html", "--lang", "de"], "invalid choice: 'de'"),
    ],
)
def test_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SystemExit) as exc:
        main(["report", MANUFACTURING, *extra, "-o", str(out / "r.html")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    _no_files(out)


def test_format_from_suffix_or_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", MANUFACTURING, "--kind", "client", "-o", str(tmp_path / "r.docx")]) == 2
    assert "give --format" in capsys.readouterr().err
    _no_files(tmp_path)


@pytest.mark.parametrize("where", ["missing/dir/r.html", "file.txt/r.html", "."])
def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    target = tmp_path / where
    code = main(
        ["report", MANUFACTURING, "--kind", "client", "--format", "html", "-o", str(target)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("bizcase: output = ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_bad_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ncurrency = "EUR"\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code = main(["report", str(bad), "--kind", "client", "--format", "html", "-o", str(out / "r")])
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "client: required field is missing" in err
    _no_files(out)


def test_missing_renderer_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIZCASE_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "out"
    out.mkdir()
    code = main(["report", MANUFACTURING, "--kind", "client", "-o", str(out / "r.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "BIZCASE_CHROMIUM" in err and "not an executable file" in err
    _no_files(out)


def test_failed_render_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bizcase.output.report.pdf as report_pdf

    def broken(page: str, timeout_s: float = 1.0) -> bytes:
        raise report_pdf.RendererError("Chromium failed to print the PDF (exit status 1)")

    monkeypatch.setattr(report_pdf, "html_to_pdf", broken)
    target = tmp_path / "r.pdf"
    target.write_bytes(b"%PDF old report")
    args = ["report", MANUFACTURING, "--kind", "client", "-o", str(target), "--trials", "40"]
    assert main(args) == 2
    assert "failed to print" in capsys.readouterr().err
    assert target.read_bytes() == b"%PDF old report"  # the earlier file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_no_traceback_from_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", "report", str(tmp_path / "none.toml")]
        + ["--kind", "client", "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "none.toml: no such file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_cli_writes_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _require_pdf_tools()
    for name in ("leave-behind.html", "leave-behind.pdf"):  # xlsx: test_workbook_figures_...
        target = tmp_path / name
        args = ["report", MANUFACTURING, "--kind", "client", "-o", str(target)]
        assert main([*args, "--trials", "20", "--lang", "ru"]) == 0
        assert target.stat().st_size > 1000
    assert "client report" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leave-behind.html", "leave-behind.pdf"]
    assert "Приложение А" in _pdf_text((tmp_path / "leave-behind.pdf").read_bytes())


# ---------------------------------------------------------------------------------------------
# Files: formula-like text stays text; special output paths are refused; -o - is stdout


def test_formula_like_names_are_text_in_the_workbook() -> None:
    data = minimal_scenario_dict()
    data["name"] = '=HYPERLINK("http://example.com","x")'
    data["client"]["name"] = "+1+1"
    data["options"]["base"]["label"] = "-2+3"
    data["options"]["base"]["description"] = "@SUM(A1:A2)"
    scenario = scenario_from_dict(data)
    computed = compute_report(scenario, "client", trials=40, seed=SEED, date=DATE)
    book = load_workbook(io.BytesIO(render(computed, "client", "xlsx")))
    seen: dict[str, str] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    seen[cell.value] = cell.data_type
    assert {data["name"], "+1+1", "-2+3"} <= set(seen)
    assert set(seen.values()) == {"s"}


def test_output_onto_a_symlink_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.html"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    code = main(["report", MANUFACTURING, "--kind", "client", "-o", str(link)])
    assert code == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"


def test_output_onto_a_fifo_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    code = main(["report", MANUFACTURING, "--kind", "client", "-o", str(fifo)])
    assert code == 2
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dash_output_is_stdout(tmp_path: Path) -> None:
    scenario = tmp_path / "small.toml"
    scenario.write_text(scenario_to_toml(_small_scenario()), encoding="utf-8")
    for fmt, magic in (("html", b"<!DOCTYPE html"), ("xlsx", b"PK\x03\x04")):
        done = subprocess.run(
            [sys.executable, "-m", "bizcase.cli.main", "report", str(scenario)]
            + ["--kind", "client", "--format", fmt, "--trials", "20", "-o", "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.lstrip().upper().startswith(magic.upper())
        assert b"Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.toml"]
    no_format = subprocess.run(
        [sys.executable, "-m", "bizcase.cli.main", "report", str(scenario), "--kind", "client"]
        + ["-o", "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert no_format.returncode == 2 and "give --format" in no_format.stderr


def test_cli_choices_mirror_the_report_package() -> None:
    from bizcase.cli import report as cli_report
    from bizcase.output.report import MAX_REPORT_TRIALS
    from bizcase.output.report.texts import LANGUAGES

    assert cli_report.KINDS == KINDS and cli_report.FORMATS == FORMATS
    assert cli_report.LANGUAGES == LANGUAGES
    assert cli_report.MAX_REPORT_TRIALS == MAX_REPORT_TRIALS


# ---------------------------------------------------------------------------------------------
# The leave-behind as a CFO document: page 1, the rule of the recommendation, words not "0.0"


def _exec_section(page: str) -> str:
    """The executive summary's HTML (page 1 of the printed leave-behind)."""
    start = page.index('<section class="exec">')
    return page[start : page.index("</section>", start)]


def test_executive_summary_figures_by_hand() -> None:
    # Flat 24x7 loss profile, revenue at risk 10,000/h, margin share 1, nothing recovered later:
    # one hour costs 10,000 at peak and on average; a 5,000 fee is paid by 0.5 h of outage.
    computed = compute_report(_small_scenario(), "client", trials=400, seed=SEED, date=DATE)
    e = executive_summary(computed)
    assert e.hour_peak == pytest.approx(10_000.0) and e.hour_average == pytest.approx(10_000.0)
    assert e.best is not None and e.best.option == "fast" and e.recommended
    assert e.best.fee_paying_hours == pytest.approx(0.5)
    assert e.saving == pytest.approx(e.best.avoided_loss - 5_000.0)
    today = computed.summaries["base"]
    assert e.expected_loss_today == today.expected_annual_loss and e.bad_year_today == today.p90
    page = _exec_section(render_html(computed, "client"))
    assert "Recommended contract" in page and "Fast" in page and "0.5 h" in page
    assert format_money(e.saving, "EUR", "en") in page
    assert "€10,000" in page
    for provenance in (computed.input_hash, "bizcase report", "--seed", "Seed"):
        assert provenance not in page
    # the ROI and payback on page 1 are the business case's (client_value), as in the app
    roi = format_percent(e.best.roi, "en")
    assert f"ROI {roi}" in html.unescape(page)


def test_a_contract_that_does_not_pay_is_said_in_words() -> None:
    scenario = _small_scenario().with_values({"options.fast.annual_fee": 10_000_000.0})
    computed = compute_report(scenario, "client", trials=200, seed=SEED, date=DATE)
    e = executive_summary(computed)
    assert e.best is not None and not e.recommended and e.best.npv < 0
    assert e.best.payback.kind == "never"
    page = html.unescape(_outside_plotlyjs(render_html(computed, "client")))
    summary = _exec_section(page)
    assert "Recommended contract" not in summary and "Closest to paying for itself" in summary
    assert "no contract offered pays for itself" in summary
    years = scenario.business_case.horizon_years
    assert f"<td>not within {years} years</td>" in page.replace('<td class="n">', "<td>")
    assert "0.0 years" not in page and "Payback, years" not in page
    header, rows = value_table(computed, "en")
    assert [r[header.index("Payback")] for r in rows] == [f"not within {years} years"]
    assert "± s.e." not in page.split("Appendix B")[0]  # the error is an appendix, not a column


def test_leave_behind_in_russian_has_no_english_headings() -> None:
    _require_pdf_tools()
    path = SCENARIOS[0].parent / "bank_branches.toml"
    computed = _compute(path)
    payload = render(computed, "client", "pdf", "ru")
    text = re.sub(r"\s+", " ", _pdf_text(payload))
    # the command that reproduces the report is code, not prose (pdftotext may wrap it anywhere)
    command = reproduce_command(computed, "client", "pdf", "ru").replace(" ", "")
    text = re.sub(r"\s*".join(map(re.escape, command)), " ", text)
    english = render_html(computed, "client", "en")
    words = {
        w.lower()
        for h in _headings(english)
        for w in re.findall(r"[A-Za-z]{3,}", h.replace(computed.scenario.client.name, ""))
        if not w.isupper()  # abbreviations (NPV, ROI, SLA, WAN) are the same in Russian
    }
    assert len(words) > 30
    found = sorted(w for w in words if re.search(rf"\b{w}\b", text, re.I))
    assert not found, f"English heading words in the Russian leave-behind: {found}"
    for key, option in computed.scenario.options.items():
        assert computed.scenario.text(f"options.{key}.label", "ru") in text
        assert option.label not in text
    assert computed.scenario.text("client.name", "ru") in _pdf_page_text(payload, 1)
    _check_leave_behind_layout(computed, payload, "ru")


def test_the_yearly_saving_of_an_outsourcing_counts_the_staff_it_takes_over() -> None:
    # Retail: outsourcing takes over the chain's three engineers (EUR 240,000 a year, loaded);
    # their pay is saved every year as the losses avoided are.  Page 1 read "saving a year
    # (loss avoided − fee) −€178,629" under "Recommended contract" while the contract pays.
    # By hand, year 1: saving = avoided + 240,000 − 680,000; the one-off flow of year 1 is the
    # dual running, 3 months of the 240,000 = −60,000.
    path = SCENARIOS[0].parent / "retail_chain.toml"
    computed = compute_report(load_scenario(path), "client", trials=200, seed=SEED, date=DATE)
    e = executive_summary(computed)
    assert e.best is not None and e.best.option == "outsourcing" and e.recommended
    assert e.best.own_staff_saved == pytest.approx(240_000.0)
    assert e.saving == pytest.approx(e.best.avoided_loss + 240_000.0 - 680_000.0)
    assert e.other_flows == pytest.approx(-60_000.0)
    assert e.saving + e.other_flows == pytest.approx(e.best.net_saving)
    page = html.unescape(_exec_section(render_html(computed, "client")))
    assert "(loss avoided + own staff saved − fee)" in page
    for amount in (e.saving, e.best.avoided_loss, 240_000.0, 680_000.0, e.best.net_saving):
        assert format_money(amount, "EUR", "en") in page
    assert "With the first year's one-off costs" in page


def test_the_hour_formula_recomputes_from_its_printed_figures() -> None:
    # Retail's margin share is uniform on 45-60 %: its base is 52.5 %, printed "52 %" the
    # formula gave 54,570 by hand against the 55,087 it printed.
    from bizcase.output.report.data import hour_formula

    path = SCENARIOS[0].parent / "retail_chain.toml"
    computed = compute_report(load_scenario(path), "client", trials=50, seed=SEED, date=DATE)
    text = hour_formula(computed, "en")
    assert "margin share 52.5%" in text
    found = re.search(
        r"revenue €([\d,]+) × margin share ([\d.]+)% × \(1 − recovered ([\d.]+)%\) \+ "
        r"recovered [\d.]+% × catch-up €([\d,]+)/h = €([\d,]+)",
        text,
    )
    assert found is not None, text
    revenue, margin, recovered, catch_up, hard = (float(g.replace(",", "")) for g in found.groups())
    by_hand = revenue * margin / 100 * (1 - recovered / 100) + recovered / 100 * catch_up
    assert by_hand == pytest.approx(hard, abs=1.0)
