"""Load check: the real waitress server, 20 concurrent clients × 50 requests, no errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20
REQUESTS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _nav_callback(base: str) -> tuple[str, bytes]:
    """The body of the navbar callback (URL search → labels), as the browser would post it."""
    with urllib.request.urlopen(base + "_dash-dependencies", timeout=30) as r:
        deps = json.load(r)
    dep = next(
        d
        for d in deps
        if d["inputs"] == [{"id": "url", "property": "search"}] and "nav-" in d["output"]
    )
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": "url", "property": "search", "value": "?lang=ru"}],
        "changedPropIds": ["url.search"],
        "state": [],
    }
    return base + "_dash-update-component", json.dumps(body).encode()


@contextmanager
def served_app(library: Path, *allowed_hosts: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The real waitress server in a subprocess on a free loopback port; yields its base URL.

    The server is stopped (terminate, then kill) when the block ends, whatever happened.
    """
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashapp.serve", "127.0.0.1", str(port), str(library)]
        + list(allowed_hosts),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith(f"bizcase is running: open http://127.0.0.1:{port}/"), line
        base = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base, timeout=5).close()
                break
            except OSError:
                assert time.time() < deadline, "server did not answer"
                time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_twenty_clients_fifty_requests_each(tmp_path: Path) -> None:
    with served_app(tmp_path / "lib") as (base, _proc):
        post_url, post_body = _nav_callback(base)
        gets = [
            "",
            "losses?scenario=manufacturing&lang=ru",
            "compare",
            "_dash-layout",
            "_dash-dependencies",
            "_bizcase/bootstrap.min.css",
        ]

        def client(n: int) -> list[str]:
            errors = []
            for i in range(REQUESTS):
                try:
                    if i % 4 == 3:
                        req = urllib.request.Request(
                            post_url, data=post_body, headers={"Content-Type": "application/json"}
                        )
                        with urllib.request.urlopen(req, timeout=30) as r:
                            payload = json.load(r)
                            assert "Потери клиента" in json.dumps(payload, ensure_ascii=False)
                    else:
                        with urllib.request.urlopen(
                            base + gets[(n + i) % len(gets)], timeout=30
                        ) as r:
                            assert r.status == 200
                            r.read()
                except Exception as exc:  # collected, not raised: count every failure
                    errors.append(f"{type(exc).__name__}: {exc}")
            return errors

        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))
        failures = [e for errs in results for e in errs]
        assert failures == [], failures[:5]
