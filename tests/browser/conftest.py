"""Browser tests: Debian's chromium and chromedriver, headless (run with ``pytest --headless``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BIZCASE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BIZCASE_CHROMEDRIVER", "/usr/bin/chromedriver")


def pytest_setup_options():  # type: ignore[no-untyped-def]
    """Chrome options for dash_duo: Debian's binary, and flags a root container needs."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1200",
    ):
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    missing = not (
        Path(CHROMIUM).exists() and (Path(CHROMEDRIVER).exists() or shutil.which("chromedriver"))
    )
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(
                    pytest.mark.skip(
                        reason="chromium/chromedriver not installed (scripts/test installs them)"
                    )
                )


@pytest.fixture
def app_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    from dashapp import create_app

    def build():  # type: ignore[no-untyped-def]
        return create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")

    return build


@pytest.fixture(scope="session", autouse=True)
def case_pool_before_any_server() -> None:
    """Start the app's case pool before the first test server.

    dash.testing stops a test's server by raising ``SystemExit`` in every thread started since
    that server started — a case pool first used during the test would lose its manager thread
    (the pool then falls back to this process with a warning, and the next case starts a new
    one).  A pool started here, with its threads, outlives every server, as in production where
    nothing stops threads.
    """
    from bizcase.simulate.execute import LocalPoolExecutor
    from dashapp.compute import case_executor

    executor = case_executor()
    if isinstance(executor, LocalPoolExecutor):
        executor.start(wait=True)
        executor.map(pow, 2, [1, 2])  # a forked pool forks its workers and threads on first use
