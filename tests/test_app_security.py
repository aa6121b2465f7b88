"""The served app under hostile input: the real waitress server in a subprocess.

Headers and the Host allow-list, malformed and wrong-typed callback bodies, unknown download
keys, concurrent uploads of one name, oversized live runs, a busy port; plus what held before
(413, 431, no traceback in any answer).
"""

from __future__ import annotations

import base64
import http.client
import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashapp import ids
from dashapp.library import Library, shipped_dir
from dashapp.state import working_from_library
from tests.test_app_load import ROOT, served_app

EXTRA_HOST = "intranet.example"
UPLOADS = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    library = tmp_path_factory.mktemp("served") / "lib"
    with served_app(library, EXTRA_HOST) as (base, proc):
        url = urlsplit(base)
        deps = json.loads(request(url.port or 0, "GET", "/_dash-dependencies")[2])
        yield {"port": url.port, "library": library, "deps": deps, "proc": proc}


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    """``(status, headers, text)`` of one request (``Host`` as given, else 127.0.0.1:port)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def post_callback(port: int, body: Any) -> tuple[int, dict[str, str], str]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return request(
        port, "POST", "/_dash-update-component", raw, {"Content-Type": "application/json"}
    )


def dependency(
    deps: list[dict[str, Any]], input_id: str, input_prop: str, output: str = ""
) -> dict[str, Any]:
    """The callback fired by ``input_id.input_prop`` (whose outputs mention ``output``)."""
    return next(
        d
        for d in deps
        if {"id": input_id, "property": input_prop} in d["inputs"] and output in d["output"]
    )


def callback_body(
    dep: dict[str, Any], values: dict[str, Any], changed: str, drop_output: bool = False
) -> dict[str, Any]:
    """A body as the renderer posts it: every input and state, ``values`` by ``id.prop``;
    pattern-matching (ALL) entries as empty lists."""

    def entries(items: list[dict[str, Any]]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if item["id"].startswith("{"):
                out.append([])
                continue
            key = f"{item['id']}.{item['property']}"
            out.append({**item, "value": values.get(key)})
        return out

    outputs = []
    for part in dep["output"].strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop.split("@")[0]})
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": entries(dep["inputs"]),
        "state": entries(dep["state"]),
        "changedPropIds": [changed],
    }


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text[:300]


# -- headers and Host ----------------------------------------------------------------------------


def test_security_headers_on_every_answer(server: dict[str, Any]) -> None:
    port = server["port"]
    for method, path in (
        ("GET", "/"),
        ("GET", "/losses?scenario=manufacturing"),
        ("GET", "/_dash-layout"),
        ("GET", "/_bizcase/bootstrap.min.css"),
        ("GET", "/no/such/page.js"),
        ("POST", "/_dash-update-component"),
    ):
        status, headers, _ = request(port, method, path, b"" if method == "POST" else None)
        assert status < 500, (path, status)
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp.split(";")[1]


def test_host_allow_list(server: dict[str, Any]) -> None:
    port = server["port"]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", EXTRA_HOST):
        status, _, _ = request(port, "GET", "/_dash-layout", headers={"Host": host})
        assert status == 200, host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", ""):
        status, headers, text = request(port, "GET", "/", headers={"Host": host})
        assert status == 400, host
        assert "is not allowed" in text and "--allowed-host" in text
        assert headers["x-content-type-options"] == "nosniff"


# -- bad bodies and keys -------------------------------------------------------------------------

MALFORMED = [
    b"",
    b"{",
    b"not json",
    b"[]",
    b"null",
    b"42",
    b'"text"',
    b"{'output': 1}",
    b'{"output": 1}',
    b'{"output": null, "inputs": []}',
    b'{"inputs": []}',
    b'{"output": "no-such.children", "inputs": []}',
    b'{"output": "url.search", "inputs": {}}',
    b'{"output": "url.search", "inputs": [1, 2]}',
    b'{"output": "url.search", "inputs": [{"id": 5}]}',
    b'{"output": "url.search", "inputs": [], "state": "x"}',
    b'{"output": "url.search", "inputs": [], "changedPropIds": [1]}',
    b"\xff\xfe\x00{",
]


def test_malformed_callback_bodies_are_4xx(server: dict[str, Any]) -> None:
    for body in MALFORMED:
        status, _, text = post_callback(server["port"], body)
        assert 400 <= status < 500, (body, status, text[:200])
        assert text.strip(), body
        no_traceback(text)


def test_wrong_typed_values_are_4xx_with_the_field(server: dict[str, Any]) -> None:
    port, deps = server["port"], server["deps"]
    losses = dependency(deps, ids.WORKING, "data", ids.LOSSES_CARDS)
    download = dependency(deps, ids.LIB_DOWNLOAD, "n_clicks")
    page = {"page": "losses", "scenario": "manufacturing", "lang": "en"}
    cases = [
        (losses, {"page-context.data": "manufacturing"}, "page-context.data"),
        (losses, {"page-context.data": [1, 2]}, "page-context.data"),
        (losses, {"page-context.data": page, "working-scenario.data": 7}, "working-scenario"),
        (download, {"lib-download.n_clicks": "many", "page-context.data": page}, "n_clicks"),
        (download, {"lib-download.n_clicks": True, "page-context.data": page}, "n_clicks"),
        (losses, {"page-context.data": page, "working-scenario.data": {"scenario": 5}}, None),
        (losses, {"page-context.data": page, "working-scenario.data": {"key": []}}, None),
        (losses, {"page-context.data": {"scenario": ["x"], "lang": {}}}, None),
        (losses, {"page-context.data": {"scenario": "../../etc/passwd"}}, None),
    ]
    for dep, values, field in cases:
        changed = f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"
        status, _, text = post_callback(port, callback_body(dep, values, changed))
        assert status < 500, (values, status, text[:300])
        no_traceback(text)
        if field is not None:
            assert status == 400 and field in text, (values, text[:300])


def test_unknown_download_key_is_404(server: dict[str, Any]) -> None:
    dep = dependency(server["deps"], ids.LIB_DOWNLOAD, "n_clicks")
    for key in ("no_such_scenario", "con"):
        values = {"lib-download.n_clicks": 1, "page-context.data": {"scenario": key}}
        status, _, text = post_callback(
            server["port"], callback_body(dep, values, "lib-download.n_clicks")
        )
        assert status == 404 and "no scenario" in text, (key, status, text[:200])
        no_traceback(text)


def test_oversized_live_run_is_a_message_not_a_500(server: dict[str, Any]) -> None:
    working = working_from_library(Library(shipped_dir(), shipped_dir()), "manufacturing")
    working["scenario"]["incidents"]["minor"]["annual_rate"] = 100_000
    page = {"page": "losses", "scenario": "manufacturing", "lang": "en"}
    dep = dependency(server["deps"], ids.WORKING, "data", ids.LOSSES_CARDS)
    values = {"working-scenario.data": working, "page-context.data": page}
    status, _, text = post_callback(
        server["port"], callback_body(dep, values, "working-scenario.data")
    )
    assert status == 200, text[:300]
    assert "work-too-large" in text and "Incident rates" in text


def test_what_held_still_holds(server: dict[str, Any]) -> None:
    port = server["port"]
    for size in (2, 20):
        status, _, _ = post_callback(port, b"{" + b" " * (size * 1024 * 1024) + b"}")
        assert status == 413, size
    status, _, text = request(port, "GET", "/", headers={"X-Big": "a" * 300_000})
    assert status == 431
    no_traceback(text)
    status, _, text = request(port, "GET", "/assets/../../../etc/passwd")
    assert status == 404 and "root:" not in text


# -- concurrent uploads of one name --------------------------------------------------------------


def test_concurrent_uploads_of_one_name_each_get_their_own_key(server: dict[str, Any]) -> None:
    port, library = server["port"], server["library"]
    dep = dependency(server["deps"], ids.LIB_UPLOAD, "contents")
    text = (shipped_dir() / "manufacturing.toml").read_text(encoding="utf-8")
    contents = "data:application/octet-stream;base64," + base64.b64encode(text.encode()).decode()
    page = {"page": "library", "scenario": "manufacturing", "lang": "en"}
    values = {
        "lib-upload.contents": contents,
        "lib-upload.filename": "plant.toml",
        "page-context.data": page,
        "url.search": "",
    }
    body = callback_body(dep, values, "lib-upload.contents")

    def upload(_: int) -> tuple[int, str]:
        status, _, answer = post_callback(port, body)
        return status, answer

    with ThreadPoolExecutor(UPLOADS) as pool:
        answers = list(pool.map(upload, range(UPLOADS)))
    assert all(status == 200 for status, _ in answers), answers[:2]
    keys = [json.loads(a)["response"]["url"]["search"] for _, a in answers]
    assert len(set(keys)) == UPLOADS  # each upload answered with its own scenario
    files = sorted(p.stem for p in Path(library).glob("plant*.toml"))
    assert files == sorted(["plant"] + [f"plant_{n}" for n in range(2, UPLOADS + 1)])
    renamed = [a for _, a in answers if "was taken" in a]
    assert len(renamed) == UPLOADS - 1  # said plainly: the name was taken
    assert not list(Path(library).glob(".*.tmp"))


# -- background jobs -----------------------------------------------------------------------------


def test_identical_report_requests_run_one_job(server: dict[str, Any]) -> None:
    import psutil

    report = ids.report("losses", ids.REPORT_BUTTON)
    dep = dependency(server["deps"], report, "n_clicks")
    page = {"page": "losses", "scenario": "manufacturing", "lang": "en"}
    values = {f"{report}.n_clicks": 1, ids.report("losses", ids.REPORT_FORMAT) + ".value": "html"}
    body = callback_body(dep, {**values, "page-context.data": page}, f"{report}.n_clicks")

    def ask(_: int) -> dict[str, Any]:
        status, _, text = post_callback(server["port"], body)
        assert status == 200, text[:300]
        return dict(json.loads(text))

    with ThreadPoolExecutor(6) as pool:
        handles = list(pool.map(ask, range(6)))
    assert all("cacheKey" in h and "job" in h for h in handles)
    # The server's children, less the business case's worker pool (its forkserver and the
    # resource tracker, started with the server): what is left are the report jobs.
    pool = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")
    jobs = [
        p
        for p in psutil.Process(server["proc"].pid).children()
        if p.status() != psutil.STATUS_ZOMBIE and not any(m in " ".join(p.cmdline()) for m in pool)
    ]
    assert len(jobs) <= 1, [p.cmdline() for p in jobs]  # each request stopped the one before


# -- the command line -----------------------------------------------------------------------------


def test_busy_port_is_one_line_and_status_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "bizcase.cli.main", "serve", "--port", str(port)]
            + ["--library", str(tmp_path / "lib")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"port {port}" in lines[0] and "--port" in lines[0], lines
    no_traceback(done.stderr)


# -- the PDF printer --------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext")
def test_pdf_printer_reads_no_local_file_and_no_network(tmp_path: Path) -> None:
    import http.server
    import threading

    from bizcase.output.report.pdf import html_to_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text("LOCALSECRET4711 from a local file\n", encoding="utf-8")

    class Other(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            payload = b"<p>NETWORKSECRET0815 from another server</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Other)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        port = other.server_address[1]
        page = (
            "<html><body><p>VISIBLEMARKER report text</p>"
            f'<iframe src="{secret.as_uri()}" width="600" height="200"></iframe>'
            f'<object data="{secret.as_uri()}" width="600" height="200"></object>'
            f'<iframe src="http://127.0.0.1:{port}/" width="600" height="200"></iframe>'
            f'<iframe src="http://localhost:{port}/" width="600" height="200"></iframe>'
            "</body></html>"
        )
        pdf = html_to_pdf(page, timeout_s=120)
    finally:
        other.shutdown()
        other.server_close()
    out = tmp_path / "out.pdf"
    out.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "VISIBLEMARKER" in text
    assert "LOCALSECRET4711" not in text and "NETWORKSECRET0815" not in text
