"""Sales with a new prospect, in a real browser: a hospital scenario from a template, then its
leave-behind as a PDF whose first page (the executive summary) names the hospital."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By

from tests.browser.test_interactions import _click_when_still, _no_errors, _settle, _text, _wait
from tests.browser.test_new_scenario import _click, _type

CLIENT = "Regional hospital group"


def test_a_new_hospital_scenario_gives_its_leave_behind(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    # The new scenario starts from the template shown: the manufacturing plant.
    dash_duo.driver.get(dash_duo.server_url + "/?scenario=manufacturing")
    dash_duo.wait_for_element("#lib-new-create", timeout=20)
    _settle(dash_duo)
    _type(dash_duo, "lib-new-name", "Hospital network")
    _type(dash_duo, "lib-new-client", CLIENT)
    _type(dash_duo, "lib-new-description", "Three hospitals and twelve clinics on one network")
    _type(dash_duo, "lib-new-currency", "EUR")
    _click(dash_duo, "#lib-new-create")
    _wait(lambda: "Hospital network" in _text(dash_duo, "#lib-list"), timeout=30)
    key = _wait(
        lambda: (
            (parse_qs(urlparse(dash_duo.driver.current_url).query).get("scenario") or [""])[0]
            not in ("", "manufacturing")
            and parse_qs(urlparse(dash_duo.driver.current_url).query)["scenario"][0]
        ),
        timeout=30,
    )

    dash_duo.driver.get(dash_duo.server_url + f"/losses?scenario={key}")
    dash_duo.wait_for_element("#losses-lec .main-svg", timeout=30)
    _wait(lambda: CLIENT in _text(dash_duo, ".page-title"))
    _settle(dash_duo)
    _click_when_still(
        dash_duo,
        dash_duo.driver.find_element(
            By.XPATH, "//div[@id='report-losses-format']//label[text()='PDF']"
        ),
    )
    _click(dash_duo, "#report-losses-button")
    message = _wait(
        lambda: "Downloaded" in (m := _text(dash_duo, "#report-losses-message")) and m,
        timeout=240,
    )
    assert re.search(r"hospital_network-leave-behind\.pdf", message), message
    folder = Path(dash_duo.download_path)
    files = _wait(
        lambda: [
            p
            for p in folder.glob("*-leave-behind.pdf")
            if p.stat().st_size > 10_000 and p.read_bytes()[-1024:].rstrip().endswith(b"%%EOF")
        ],
        timeout=60,
    )
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(files[0]), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    page_one = re.sub(r"\s+", " ", first)
    assert f"What downtime costs {CLIENT}" in page_one
    assert "Expected loss a year, today" in page_one and "Its annual fee" in page_one
    assert "SHA-256" not in page_one and "bizcase report" not in page_one
    _no_errors(dash_duo)
