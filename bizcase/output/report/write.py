"""Render a report to bytes and write it atomically; refuse output paths that are not regular files."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from bizcase.model import Scenario
from bizcase.model.errors import InputError
from bizcase.output.report.data import ReportData, check_format, check_kind, compute_report
from bizcase.output.report.html import render_html
from bizcase.output.report.texts import (
    check_lang,
)


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """The output path, checked before any work: its folder exists and is writable.

    Raises
    ------
    InputError
        Naming the path and the rule it breaks.
    """
    target = Path(path)
    if target.name in ("", ".", ".."):
        raise InputError(f"output = {str(path)!r}: must be a file name")
    # The report replaces the file by renaming a temporary one over it: onto a symlink that
    # would replace the link with a regular file, onto a FIFO or a device it would silently
    # swap a special file; refuse both rather than surprise.
    if target.is_symlink():
        raise InputError(
            f"output = {str(target)!r}: is a symbolic link; give the path of a regular file "
            "(the report is not written through links)"
        )
    if target.is_dir():
        raise InputError(f"output = {str(target)!r}: is a directory; give a file name")
    if target.exists() and not target.is_file():
        raise InputError(
            f"output = {str(target)!r}: is not a regular file (a FIFO, socket or device); "
            "give the path of a regular file, or -o - for standard output"
        )
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"output = {str(target)!r}: {str(folder)!r} is a file, not a folder")
    if not folder.is_dir():
        raise InputError(f"output = {str(target)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"output = {str(target)!r}: folder {str(folder)!r} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"output = {str(target)!r}: the file exists and is not writable")
    return target


def write_atomic(path: str | os.PathLike[str], payload: bytes) -> Path:
    """Write ``payload`` to ``path`` via a temporary file in the same folder, then rename.

    A failure leaves no partial file behind (and any earlier file at ``path`` untouched).
    """
    target = check_output_path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"output = {str(target)!r}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"output = {str(target)!r}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def render(data: ReportData, kind: str, fmt: str, lang: str = "en") -> bytes:
    """The report's bytes in ``fmt`` (``html``, ``pdf`` or ``xlsx``)."""
    check_kind(kind)
    check_format(fmt)
    check_lang(lang)
    if fmt == "xlsx":
        from bizcase.output.report.xlsx import render_xlsx

        return render_xlsx(data, kind, lang)
    page = render_html(data, kind, lang, fmt)
    if fmt == "pdf":
        from bizcase.output.report.pdf import html_to_pdf

        return html_to_pdf(page)
    return page.encode("utf-8")


def write_report(
    scenario: Scenario,
    kind: str,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    trials: int | None = None,
    seed: int | None = None,
    date: dt.date | None = None,
    source: str = "",
) -> Path:
    """Compute and write one report; arguments and the output folder are checked first.

    Returns
    -------
    pathlib.Path
        The file written (atomically: nothing half-written on failure).
    """
    check_output_path(path)
    payload = report_bytes(
        scenario, kind, fmt, lang=lang, trials=trials, seed=seed, date=date, source=source
    )
    return write_atomic(path, payload)


def report_bytes(
    scenario: Scenario,
    kind: str,
    fmt: str,
    *,
    lang: str = "en",
    trials: int | None = None,
    seed: int | None = None,
    date: dt.date | None = None,
    source: str = "",
) -> bytes:
    """Compute one report and return its bytes (for standard output, say); arguments first.

    Raises
    ------
    InputError
        For a bad kind, format or language, or a PDF without a renderer — before computing.
    """
    check_kind(kind)
    check_format(fmt)
    check_lang(lang)
    if fmt == "pdf":
        from bizcase.output.report.pdf import find_chromium

        find_chromium()  # fail before the computation when there is no renderer
    data = compute_report(scenario, kind, trials=trials, seed=seed, date=date, source=source)
    return render(data, kind, fmt, lang)
