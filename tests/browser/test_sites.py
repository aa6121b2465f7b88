"""The sites table in a real browser: add a site, move one, Delivery follows, Save as keeps it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.test_interactions import _click_when_still, _no_errors, _settle, _text, _wait

#: The critical bar of the Delivery page's SLA chart: share restored within 4 h.
CRITICAL_4H = (
    "var g = document.querySelector('#delivery-sla .js-plotly-plot');"
    "return g && g.data && g.data.length ? g.data[0].y[0] : null;"
)


def _cell(dash_duo: Any, row: int, column: str) -> Any:
    return dash_duo.find_element(
        f'#sites-table td[data-dash-row="{row}"][data-dash-column="{column}"]'
    )


def _type_cell(dash_duo: Any, row: int, column: str, text: str) -> None:
    """Click a cell of the sites table, type over its value and commit it with Enter."""
    _click_when_still(dash_duo, _cell(dash_duo, row, column))
    ActionChains(dash_duo.driver).send_keys(text).send_keys(Keys.ENTER).perform()
    _wait(lambda: _cell(dash_duo, row, column).get_attribute("textContent").strip() == text)


def _critical_4h(dash_duo: Any) -> float:
    dash_duo.wait_for_element("#delivery-sla .main-svg", timeout=30)
    _settle(dash_duo)
    return float(_wait(lambda: dash_duo.driver.execute_script(CRITICAL_4H), timeout=30))


def test_add_a_site_move_one_and_save_as(dash_duo, app_factory) -> None:
    app = app_factory()
    library = Path(app.server.config["BIZCASE_LIBRARY"]["user_dir"])
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/delivery?scenario=manufacturing")
    before = _critical_4h(dash_duo)

    dash_duo.driver.get(dash_duo.server_url + "/edit?scenario=manufacturing")
    dash_duo.wait_for_element("#sites-table", timeout=20)
    _wait(lambda: "Plant 4 Pforzheim" in _text(dash_duo, "#sites-table"))
    _settle(dash_duo)
    _click_when_still(dash_duo, dash_duo.find_element("#sites-add"))
    message = _wait(lambda: _text(dash_duo, "#sites-message"))
    assert "Site 5" in message and "Latitude" in message  # a new site needs a position
    _type_cell(dash_duo, 4, "latitude", "48.4")
    _type_cell(dash_duo, 4, "longitude", "9.99")
    _wait(lambda: _text(dash_duo, "#sites-message") == "")
    _wait(lambda: _text(dash_duo, "#dirty-badge") == "edited, not saved")
    # a bad latitude is named inline and not applied
    _type_cell(dash_duo, 0, "latitude", "123")
    message = _wait(lambda: _text(dash_duo, "#sites-message"))
    assert "Plant 1 Boeblingen — Latitude = 123" in message, message
    # Plant 1 (the core, half the critical incidents) 200 km north of the Stuttgart office
    _type_cell(dash_duo, 0, "latitude", "50.4833")
    _wait(lambda: _text(dash_duo, "#sites-message") == "")
    _settle(dash_duo)

    dash_duo.driver.get(dash_duo.server_url + "/delivery?scenario=manufacturing")
    after = _critical_4h(dash_duo)
    assert after < before - 0.05, (before, after)

    dash_duo.driver.get(dash_duo.server_url + "/?scenario=manufacturing")
    dash_duo.wait_for_element("#lib-list", timeout=20)
    _settle(dash_duo)
    dash_duo.find_element("#lib-name").send_keys("Plants moved")
    _click_when_still(dash_duo, dash_duo.find_element("#lib-save-as"))
    _wait(lambda: "scenario=plants_moved" in dash_duo.driver.current_url)
    saved = (library / "plants_moved.toml").read_text()
    original = (Path(__file__).parents[2] / "scenarios" / "manufacturing.toml").read_text()
    notes = [line[line.index("#") :].strip() for line in original.splitlines() if "#" in line]
    assert [n for n in notes if n not in saved] == []
    assert saved.count("[[sites]]") == 5
    assert 'name = "Site 5"\nlatitude = 48.4\nlongitude = 9.99\n' in saved
    assert "latitude = 50.4833\n" in saved and "latitude = 48.6833" not in saved
    _no_errors(dash_duo)


def test_removing_a_site_a_design_refers_to_is_refused(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/edit?scenario=manufacturing&lang=ru")
    dash_duo.wait_for_element("#sites-table", timeout=20)
    _wait(lambda: "Plant 4 Pforzheim" in _text(dash_duo, "#sites-table"))
    _settle(dash_duo)
    delete = dash_duo.find_elements("#sites-table td.dash-delete-cell")[0]
    _click_when_still(dash_duo, delete)
    message = _wait(lambda: _text(dash_duo, "#sites-message"))
    assert "Plant 1 Boeblingen" in message and "площадка удалена" in message, message
    assert "candidates.staffing[0].site" in message
    assert _text(dash_duo, "#dirty-badge") == ""  # nothing applied
    _no_errors(dash_duo)
