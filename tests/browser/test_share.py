"""A consultant's view travels: a shared link reopens the page, choices and unsaved edits."""

from __future__ import annotations

import json
from typing import Any

from selenium.webdriver.common.keys import Keys

from tests.browser.test_interactions import _click_when_still, _no_errors, _settle, _text, _wait


def _field(dash_duo: Any, path: str) -> Any:
    field_id = json.dumps({"path": path, "type": "field"}, separators=(",", ":"))
    return dash_duo.driver.execute_script(f"return document.getElementById('{field_id}');")


def _type(dash_duo: Any, path: str, text: str) -> None:
    box = _field(dash_duo, path)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text, Keys.ENTER)


def test_a_shared_link_reopens_the_view_with_its_edits(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/edit?scenario=manufacturing&lang=ru")
    dash_duo.wait_for_element("#edit-preview .main-svg", timeout=20)
    _settle(dash_duo)
    _type(dash_duo, "client.loaded_cost_per_employee_hour", "52")
    _wait(lambda: _text(dash_duo, "#dirty-badge") == "изменён, не сохранён")
    _type(dash_duo, "client.employees_affected.high", "240")  # a range's upper end
    _settle(dash_duo)
    # To the business case, on the client's ledger, with 3 contracts served.
    dash_duo.driver.get(
        dash_duo.server_url + "/delivery?scenario=manufacturing&lang=ru&option=nbd_8x5"
    )
    _wait(lambda: _field(dash_duo, "delivery.contracts") is not None)
    _settle(dash_duo)
    _type(dash_duo, "delivery.contracts", "3")
    _wait(lambda: "contracts=3" in dash_duo.driver.current_url)
    assert "option=nbd_8x5" in dash_duo.driver.current_url
    _click_when_still(dash_duo, dash_duo.find_element("#share-button"))
    link = _wait(lambda: dash_duo.find_element("#share-link").get_attribute("value"))
    assert "state=" in link and "option=nbd_8x5" in link and "lang=ru" in link
    note = _wait(lambda: _text(dash_duo, "#share-note"))  # shown once the panel is open
    assert "значений: 3" in note  # three edited values

    # A fresh browser session: no cookies, no session storage, the link typed in.
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.execute_script("window.sessionStorage.clear(); window.localStorage.clear();")
    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(link)
    _wait(lambda: _field(dash_duo, "delivery.contracts") is not None, timeout=20)
    _settle(dash_duo)
    _wait(lambda: _field(dash_duo, "delivery.contracts").get_attribute("value") == "3")
    assert "Сервис" in dash_duo.driver.title or "Delivery" in dash_duo.driver.title
    assert "nbd_8x5" in dash_duo.driver.current_url
    assert "8*5, следующий рабочий день" in _text(dash_duo, "#delivery-option")  # its ru label
    _wait(lambda: _text(dash_duo, "#dirty-badge") == "изменён, не сохранён")
    # The edits of the other page came too.
    dash_duo.driver.find_element("css selector", "#nav-edit").click()
    _wait(lambda: _field(dash_duo, "client.employees_affected.high") is not None, timeout=20)
    _settle(dash_duo)
    _wait(
        lambda: _field(dash_duo, "client.employees_affected.high").get_attribute("value") == "240"
    )
    assert _field(dash_duo, "client.loaded_cost_per_employee_hour").get_attribute("value") == "52"
    _no_errors(dash_duo)


def test_a_forged_link_opens_the_scenario_with_a_message(dash_duo, app_factory) -> None:
    from dashapp.share import encode_state

    token = encode_state("manufacturing", {"client.penalty_per_hour": -5})
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + f"/losses?scenario=manufacturing&state={token}")
    dash_duo.wait_for_element("#losses-lec .main-svg", timeout=20)
    message = _wait(lambda: _text(dash_duo, "#flash"))
    assert "client.penalty_per_hour = -5" in message and "opens as saved" in message
    assert _text(dash_duo, "#dirty-badge") == ""
    dash_duo.driver.get(dash_duo.server_url + "/losses?scenario=manufacturing&state=%25%25")
    _wait(lambda: "not base64url" in _text(dash_duo, "#flash"))
    _no_errors(dash_duo)
