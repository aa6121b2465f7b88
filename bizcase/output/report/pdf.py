"""Print a self-contained HTML report to PDF with Debian's headless Chromium.

Chromium runs with a throw-away profile, no network-facing background services and a virtual
time budget so that the inline plotly.js draws every chart before the page is printed.  The PDF
is written to a temporary folder and only returned once Chromium has exited cleanly and the file
starts with ``%PDF``.

The page is never opened as a ``file://`` URL: a one-shot HTTP server on 127.0.0.1 (in this
process, a random port and path) serves it with a Content-Security-Policy that allows only the
page's own inline scripts, styles and ``data:`` images — no frames, no fetches, no other origin
— and Chromium's resolver maps every host name to nothing.  So even if escaping failed, a
``file://`` frame or a link to another server in the HTML cannot bring local files or the network
into the PDF: an http page may not load ``file://`` URLs, and the policy blocks the rest.
"""

from __future__ import annotations

import http.server
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bizcase.model.errors import BizcaseError

#: Where Debian's ``chromium`` package installs the browser.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Environment variable naming another Chromium/Chrome binary.
CHROMIUM_ENV = "BIZCASE_CHROMIUM"
TIMEOUT_S = 180.0
#: What the printed page may use: its own inline code and data URLs, nothing else.
PAGE_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'unsafe-inline' 'unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "frame-src 'none'",
        "child-src 'none'",
        "connect-src 'none'",
        "object-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    )
)


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


def chromium_command(binary: str, url: str, pdf_file: Path, profile: Path) -> list[str]:
    """The command line that prints the page at ``url`` to ``pdf_file``.

    Examples
    --------
    >>> cmd = chromium_command("/usr/bin/chromium", "http://127.0.0.1:1/r", Path("/t/r.pdf"),
    ...                        Path("/t/p"))
    >>> cmd[1], cmd[-1]
    ('--headless', 'http://127.0.0.1:1/r')
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
        # Nothing resolves but 127.0.0.1 (where the page is served): no other host by name.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-proxy-server",
        "--block-new-web-contents",
        "--hide-scrollbars",
        "--mute-audio",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_file}",
        "--virtual-time-budget=10000",
        url,
    ]


@contextmanager
def serve_page(page: str) -> Iterator[str]:
    """Serve ``page`` on 127.0.0.1 at a random port and path, under :data:`PAGE_POLICY`.

    Yields the page's URL; every other path answers 404.  The server stops with the block.
    """
    body = page.encode("utf-8")
    path = f"/{secrets.token_urlsafe(16)}/report.html"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            if self.path != path:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", PAGE_POLICY)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return  # Chromium's requests are not worth a line on stderr

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="bizcase-pdf-page", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


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
        pdf_file = work / "report.pdf"
        try:
            with serve_page(page) as url:
                command = chromium_command(binary, url, pdf_file, work / "profile")
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
