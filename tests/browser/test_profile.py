"""The weekly loss profile in a real browser: a preset on the Edit page changes the losses page
and is saved into the file as its block, with the file's comments kept."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.test_interactions import _click_when_still, _no_errors, _settle, _text, _wait

#: The expected-loss bars of the losses page's total-cost chart (one per option), or null.
EXPECTED_LOSS = (
    "var g = document.querySelector('#losses-total-cost .js-plotly-plot');"
    "return g && g.data && g.data.length > 1 ? JSON.stringify(g.data[1].y) : null;"
)


def _expected_loss(dash_duo: Any) -> list[float]:
    return [
        float(v) for v in json.loads(_wait(lambda: dash_duo.driver.execute_script(EXPECTED_LOSS)))
    ]


def _cell(dash_duo: Any, day: int, hour: int) -> Any:
    rows = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#profile-grid tbody tr")
    # The header is a row of its own in the DataTable's body.
    data_rows = [r for r in rows if r.find_elements(By.CSS_SELECTOR, "td")]
    return data_rows[day].find_element(By.CSS_SELECTOR, f'td[data-dash-column="h{hour:02d}"]')


def _type_into(dash_duo: Any, cell: Any, text: str) -> None:
    """Select a grid cell and type over it, as a user would (the keys go to the table)."""
    _click_when_still(dash_duo, cell)
    ActionChains(dash_duo.driver).send_keys(text).send_keys(Keys.ENTER).perform()


def _go(dash_duo: Any, page: str) -> None:
    """Follow the navbar's link (the session's working scenario stays)."""
    _click_when_still(dash_duo, dash_duo.find_element(f"#nav-{page}"))


def test_an_office_week_lowers_the_loss_and_is_saved_as_its_block(dash_duo, app_factory) -> None:
    app = app_factory()
    library = Path(app.server.config["BIZCASE_LIBRARY"]["user_dir"])
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/losses?scenario=manufacturing")
    dash_duo.wait_for_element("#losses-total-cost .main-svg", timeout=30)
    plant = _expected_loss(dash_duo)

    _go(dash_duo, "edit")
    dash_duo.wait_for_element("#profile-grid", timeout=20)
    _settle(dash_duo)
    assert _cell(dash_duo, 0, 6).text == "1" and _cell(dash_duo, 6, 10).text == "0.15"
    office = next(
        b
        for b in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".profile-preset")
        if b.text == "Office Mon–Fri 08–18"
    )
    _click_when_still(dash_duo, office)
    # The grid shows the office week: Monday 07:00 nothing, 08:00 the peak; Saturday nothing.
    _wait(lambda: _cell(dash_duo, 0, 7).text == "0" and _cell(dash_duo, 0, 8).text == "1")
    assert _cell(dash_duo, 5, 10).text == "0"
    assert "50.0 full-loss hours" in _text(dash_duo, "#profile-summary")
    assert "btn-outline" not in office.get_attribute("class")  # the active preset is filled
    _wait(lambda: _text(dash_duo, "#dirty-badge"))

    # A bad cell: named inline, nothing applied.
    _type_into(dash_duo, _cell(dash_duo, 1, 9), "abc")
    message = _wait(lambda: _text(dash_duo, "#profile-message"))
    assert "Tue 09:00" in message and "abc" in message, message
    # ... typed back, the message goes.
    _type_into(dash_duo, _cell(dash_duo, 1, 9), "1")
    _wait(lambda: not _text(dash_duo, "#profile-message"))

    _go(dash_duo, "losses")
    dash_duo.wait_for_element("#losses-total-cost .main-svg", timeout=30)
    office_loss = _wait(
        lambda: (lambda v: v if v != plant else None)(_expected_loss(dash_duo)), timeout=30
    )
    assert all(after < before for after, before in zip(office_loss, plant, strict=True)), (
        plant,
        office_loss,
    )

    _go(dash_duo, "library")
    dash_duo.wait_for_element("#lib-name", timeout=20)
    _settle(dash_duo)
    dash_duo.find_element("#lib-name").send_keys("Plant office hours")
    _click_when_still(dash_duo, dash_duo.find_element("#lib-save-as"))
    _wait(lambda: "scenario=plant_office_hours" in dash_duo.driver.current_url)
    saved = (library / "plant_office_hours.toml").read_text()
    profile = tomllib.loads(saved)["client"]["loss_profile"]
    assert profile == {
        "windows": [
            {
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "start_hour": 8,
                "end_hour": 18,
                "weight": 1.0,
            }
        ]
    }
    shipped = (Path(__file__).resolve().parents[2] / "scenarios" / "manufacturing.toml").read_text()
    comments = [line[line.index("#") :].strip() for line in shipped.splitlines() if "#" in line]
    assert comments and [c for c in comments if c not in saved] == []
    _no_errors(dash_duo)
