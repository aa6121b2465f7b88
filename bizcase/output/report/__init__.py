"""Client-ready reports: the client leave-behind and the management pack, as HTML, PDF or Excel.

:mod:`.data` computes a report's numbers once; :mod:`.html`, :mod:`.xlsx` and :mod:`.pdf` lay them
out; :mod:`.write` renders and writes a file atomically.  :mod:`.texts` holds their words in
English and Russian.
"""

from __future__ import annotations

from bizcase.output.report.data import (
    FORMATS,
    KINDS,
    MAX_REPORT_TRIALS,
    ReportData,
    annex_options,
    annex_rows,
    annex_terms,
    check_kind,
    compute_report,
    input_hash,
    meta_rows,
    report_settings,
    reproduce_command,
)
from bizcase.output.report.html import render_html
from bizcase.output.report.write import check_output_path, render, write_report

__all__ = [
    "FORMATS",
    "KINDS",
    "MAX_REPORT_TRIALS",
    "ReportData",
    "annex_options",
    "annex_rows",
    "annex_terms",
    "check_kind",
    "check_output_path",
    "compute_report",
    "input_hash",
    "meta_rows",
    "render",
    "render_html",
    "report_settings",
    "reproduce_command",
    "write_report",
]
