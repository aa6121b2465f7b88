"""A new prospect in a real browser: a hospital scenario from a template, named on its pages."""

from __future__ import annotations

from typing import Any

from tests.browser.test_interactions import _no_errors, _settle, _text, _wait


def _type(dash_duo: Any, element_id: str, text: str) -> None:
    box = dash_duo.find_element(f"#{element_id}")
    box.clear()
    box.send_keys(text)


def _click(dash_duo: Any, selector: str) -> None:
    button = dash_duo.find_element(selector)
    # Scrolled into view and clicked as a user would; a sticky footer may sit over the page end.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    dash_duo.driver.execute_script("arguments[0].click();", button)


def test_create_a_hospital_scenario_from_a_template(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/?scenario=logistics_hub")
    dash_duo.wait_for_element("#lib-new-create", timeout=20)
    _settle(dash_duo)
    _type(dash_duo, "lib-new-name", "Областная больница")
    _type(dash_duo, "lib-new-client", "Regional hospital group")
    _type(dash_duo, "lib-new-description", "Three hospitals on one network")
    _type(dash_duo, "lib-new-currency", "RUB")
    _click(dash_duo, "#lib-new-create")
    _wait(lambda: "oblastnaya_bolnitsa" in dash_duo.driver.current_url, timeout=30)
    _wait(lambda: "Областная больница" in _text(dash_duo, "#lib-list"))
    # The losses page names the client of the new scenario.
    dash_duo.driver.get(dash_duo.server_url + "/losses?scenario=oblastnaya_bolnitsa")
    dash_duo.wait_for_element("#losses-lec .main-svg", timeout=30)
    _wait(lambda: "Regional hospital group" in _text(dash_duo, ".page-title"))
    assert "Client losses" in dash_duo.driver.title
    _no_errors(dash_duo)


def test_a_bad_currency_is_an_inline_error(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_element("#lib-new-create", timeout=20)
    _settle(dash_duo)
    _type(dash_duo, "lib-new-name", "Hospital")
    _type(dash_duo, "lib-new-client", "Hospital")
    _type(dash_duo, "lib-new-currency", "eur")
    _click(dash_duo, "#lib-new-create")
    message = _wait(lambda: _text(dash_duo, "#lib-new-currency-feedback"))
    assert "currency" in message.lower() or "[A-Z]" in message, message
    assert "is-invalid" in dash_duo.find_element("#lib-new-currency").get_attribute("class")


def test_switching_scenario_with_unsaved_edits_asks_first(dash_duo, app_factory) -> None:
    from selenium.webdriver.common.keys import Keys

    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/edit?scenario=manufacturing")
    dash_duo.wait_for_element("#edit-preview .main-svg", timeout=20)
    _settle(dash_duo)
    box = dash_duo.driver.execute_script(
        'return document.getElementById(\'{"path":"client.loaded_cost_per_employee_hour","type":"field"}\');'
    )
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("52", Keys.ENTER)
    _wait(lambda: "not saved" in dash_duo.driver.page_source)
    # The dialog is the browser's window.confirm: answer it from the page, "Cancel" first.
    answer = "window._asked = null; window.confirm = (m) => {{ window._asked = m; return {}; }};"
    dash_duo.driver.execute_script(answer.format("false"))
    dash_duo.select_dcc_dropdown("#scenario-picker", value=BANK)
    asked = _wait(lambda: dash_duo.driver.execute_script("return window._asked;"), timeout=10)
    assert "not saved" in asked and "manufacturing" in asked
    _wait(lambda: "Manufacturing" in _text(dash_duo, "#scenario-picker"))
    assert "scenario=manufacturing" in dash_duo.driver.current_url
    assert "not saved" in dash_duo.driver.page_source  # the edits are still there
    dash_duo.driver.execute_script(answer.format("true"))
    dash_duo.select_dcc_dropdown("#scenario-picker", value=BANK)
    _wait(lambda: "bank_branches" in dash_duo.driver.current_url, timeout=20)
    _no_errors(dash_duo)


BANK = "Bank branch network (250 branches, 24x7 cards) · shipped"
