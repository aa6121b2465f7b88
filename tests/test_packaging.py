"""The package as users get it: declarations, locks, the sdist, and the wheel in a clean venv.

The wheel test builds the sdist, builds the wheel from the unpacked sdist (as pip does for a
source release), installs it — not editable, its dependencies from ``requirements/run.txt`` —
into a fresh virtualenv outside the repository, and serves the app from there.
"""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import subprocess
import sys
import tarfile
import tomllib
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest
import setuptools

import bizcase

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
LOCKS = (ROOT / "requirements" / "test.txt", ROOT / "requirements" / "run.txt")
# How long a server may take to answer its first request before the test gives up (not a timing
# check: a slow shared machine only waits longer).
SERVER_START_LIMIT_S = 180


def _lock_inputs_digest() -> str:
    spec = importlib.util.spec_from_file_location("lock_inputs", ROOT / "scripts/_lock_inputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.lock_inputs_digest(ROOT))


def _pins(lock: Path) -> set[str]:
    """``name==version ; marker`` of every package a lock file pins."""
    text = lock.read_text(encoding="utf-8")
    return {m.strip() for m in re.findall(r"^([A-Za-z0-9][^\\\n]*?)\s*\\?$", text, re.M)}


def _run(*cmd: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_sdist(out: Path) -> Path:
    name = _run(
        sys.executable,
        "-c",
        "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))",
        out,
        cwd=ROOT,
    ).split()[-1]
    return out / name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class TestDeclarations:
    def test_every_package_folder_is_listed(self) -> None:
        found = set(setuptools.find_packages(where=ROOT, include=["bizcase*", "dashapp*"]))
        data = {"bizcase.scenarios", "dashapp.assets"}
        assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == found | data

    def test_locks_are_resolved_from_the_current_dependencies(self) -> None:
        digest = _lock_inputs_digest()
        for lock in LOCKS:
            first = lock.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# lock-inputs-sha256: {digest}", f"{lock.name}: run scripts/lock"

    def test_run_lock_pins_the_test_locks_versions(self) -> None:
        test, run = (_pins(lock) for lock in LOCKS)
        assert run and run <= test

    def test_every_lock_entry_has_a_hash(self) -> None:
        for lock in LOCKS:
            blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"))
            pinned = [b for b in blocks if "==" in b.split("\n")[0]]
            assert pinned and all("--hash=sha256:" in b for b in pinned), lock.name

    def test_version_comes_from_the_package(self) -> None:
        assert "version" not in PYPROJECT["project"]
        assert PYPROJECT["project"]["dynamic"] == ["version"]
        from importlib.metadata import version

        assert version("bizcase") == bizcase.__version__

    def test_numpy_financial_is_a_test_dependency_only(self) -> None:
        project = PYPROJECT["project"]
        assert not any(d.startswith("numpy-financial") for d in project["dependencies"])
        assert any(
            d.startswith("numpy-financial") for d in project["optional-dependencies"]["test"]
        )
        for folder in ("bizcase", "dashapp"):
            for path in (ROOT / folder).rglob("*.py"):
                assert "numpy_financial" not in path.read_text(encoding="utf-8"), path


def test_sdist_holds_the_tests_scenarios_and_locks(tmp_path: Path) -> None:
    sdist = _build_sdist(tmp_path)
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    expected = {
        "LICENSE",
        "MANIFEST.in",
        "tests/conftest.py",
        "tests/test_packaging.py",
        "tests/browser/conftest.py",
        "requirements/run.txt",
        "requirements/test.txt",
        "dashapp/assets/style.css",
        *(f"scenarios/{name}.toml" for name in SHIPPED),
    }
    assert expected <= names, sorted(expected - names)
    assert not any("__pycache__" in name for name in names)


def test_wheel_installs_into_a_clean_venv_and_serves_the_app(tmp_path: Path) -> None:
    # The wheel, built from the sdist.
    src = tmp_path / "src"
    with tarfile.open(_build_sdist(tmp_path)) as tar:
        tar.extractall(src, filter="data")
    (unpacked,) = src.iterdir()
    dist = tmp_path / "dist"
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "-w", dist, unpacked, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = dist.glob("bizcase-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = archive.read(metadata).decode("utf-8")
    for name in SHIPPED:
        assert f"bizcase/scenarios/{name}.toml" in names
    assert "dashapp/assets/style.css" in names
    assert "bizcase/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in meta
    for minor in (11, 12, 13):
        assert f"Classifier: Programming Language :: Python :: 3.{minor}" in meta
    assert "numpy-financial" not in meta.split("Provides-Extra: test")[0]

    # A clean venv: the locked runtime dependencies, then the wheel itself.
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    pip = (python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet")
    _run(*pip, "--require-hashes", "-r", ROOT / "requirements" / "run.txt", cwd=tmp_path)
    _run(*pip, "--no-deps", wheel, cwd=tmp_path)

    library = tmp_path / "library"
    report: dict[str, Any] = json.loads(
        _run(
            python,
            "-c",
            "import json, sys, bizcase\n"
            "from bizcase.model.io import shipped_scenarios\n"
            "from dashapp.app import assets_dir\n"
            "from dashapp.library import Library\n"
            "print(json.dumps({'module': bizcase.__file__,\n"
            "    'shipped': {k: str(v) for k, v in shipped_scenarios().items()},\n"
            "    'assets': str(assets_dir()),\n"
            "    'library': [e.key for e in Library(sys.argv[1]).entries()]}))",
            library,
            cwd=tmp_path,
        )
    )
    installed = str(venv)
    assert report["module"].startswith(installed), "bizcase was not imported from the wheel"
    assert sorted(report["shipped"]) == SHIPPED
    assert all(path.startswith(installed) for path in report["shipped"].values())
    assert report["assets"].startswith(installed)
    assert report["library"] == SHIPPED

    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "bizcase"), "serve", "--port", str(port), "--library", str(library)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_served(server, base)
        status, css = _get(f"{base}/assets/style.css")
        assert status == 200
        assert css == (ROOT / "dashapp" / "assets" / "style.css").read_bytes()
        assert _get(f"{base}/_bizcase/bootstrap.min.css")[0] == 200
        status, page = _get(f"{base}/?lang=en")
        assert status == 200 and b"/assets/style.css" in page
        assert _get(f"{base}/assets/no-such-file.css")[0] == 404
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def _wait_until_served(server: subprocess.Popen[str], base: str) -> None:
    """Block until the server answers, or fail with its output if it exits or never answers."""
    import time

    deadline = time.monotonic() + SERVER_START_LIMIT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read() if server.stdout is not None else ""
            pytest.fail(f"bizcase serve exited with {server.returncode}:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"bizcase serve did not answer on {base} within {SERVER_START_LIMIT_S} s")
