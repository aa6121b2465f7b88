"""Print a self-contained HTML report to PDF with Debian's headless Chromium.

Chromium runs with a throw-away profile, no network-facing background services and a virtual
time budget so that the inline plotly.js draws every chart before the page is printed.  The PDF
is written to a temporary folder and only returned once Chromium has exited cleanly and the file
starts with ``%PDF``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bizcase.model.errors import BizcaseError

#: Where Debian's ``chromium`` package installs the browser.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Environment variable naming another Chromium/Chrome binary.
CHROMIUM_ENV = "BIZCASE_CHROMIUM"
TIMEOUT_S = 180.0


class RendererError(BizcaseError):
    """The PDF renderer is missing or failed; the message says what to install or check."""


def find_chromium() -> str:
    """Path of the Chromium binary: ``$BIZCASE_CHROMIUM``, ``/usr/bin/chromium`` or on PATH.

    Raises
    ------
    RendererError
        When none is found, with the command that installs it.
    """
    wanted = os.environ.get(CHROMIUM_ENV)
    if wanted:
        if Path(wanted).is_file() and os.access(wanted, os.X_OK):
            return wanted
        raise RendererError(f"{CHROMIUM_ENV} = {wanted!r}: not an executable file")
    if Path(DEFAULT_CHROMIUM).is_file() and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise RendererError(
        "PDF output needs headless Chromium, and none was found "
        f"({DEFAULT_CHROMIUM}, PATH, ${CHROMIUM_ENV}); install it with "
        "'apt-get install chromium' or choose --format html"
    )


def chromium_command(binary: str, html_file: Path, pdf_file: Path, profile: Path) -> list[str]:
    """The command line that prints ``html_file`` to ``pdf_file``.

    Examples
    --------
    >>> cmd = chromium_command("/usr/bin/chromium", Path("/t/r.html"), Path("/t/r.pdf"), Path("/t/p"))
    >>> cmd[1], cmd[-1]
    ('--headless', 'file:///t/r.html')
    """
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_file}",
        "--virtual-time-budget=10000",
        html_file.resolve().as_uri(),
    ]


def html_to_pdf(page: str, timeout_s: float = TIMEOUT_S) -> bytes:
    """Print an HTML page to PDF with headless Chromium; returns the PDF's bytes.

    Raises
    ------
    RendererError
        When Chromium is missing, fails, times out or writes no PDF.
    """
    binary = find_chromium()
    with tempfile.TemporaryDirectory(prefix="bizcase-pdf-") as folder:
        work = Path(folder)
        html_file = work / "report.html"
        pdf_file = work / "report.pdf"
        html_file.write_text(page, encoding="utf-8")
        command = chromium_command(binary, html_file, pdf_file, work / "profile")
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout_s,
                check=False,
                env={**os.environ, "HOME": folder},
            )
        except subprocess.TimeoutExpired:
            raise RendererError(
                f"Chromium did not finish printing the PDF within {timeout_s:g} s"
            ) from None
        except OSError as exc:
            raise RendererError(f"cannot run {binary}: {exc.strerror}") from None
        payload = pdf_file.read_bytes() if pdf_file.is_file() else b""
        if done.returncode != 0 or not payload.startswith(b"%PDF"):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RendererError(
                f"Chromium ({binary}) failed to print the PDF (exit status {done.returncode})"
                + (": " + " | ".join(tail) if tail else "")
            )
        return payload
