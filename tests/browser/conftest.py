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
