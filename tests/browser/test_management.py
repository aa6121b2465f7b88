"""Management's answers in a real browser: a 15 % target margin and the fee that gives it."""

from __future__ import annotations

import json
import re
from typing import Any

from selenium.webdriver.common.keys import Keys

from tests.browser.test_interactions import _no_errors, _text, _wait


def _field(dash_duo: Any, path: str) -> Any:
    field_id = json.dumps({"path": path, "type": "field"}, separators=(",", ":"))
    return dash_duo.driver.execute_script(f"return document.getElementById('{field_id}');")


def test_target_margin_gives_the_solved_fee(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/business-case?scenario=manufacturing")
    dash_duo.wait_for_element("#biz-npv .main-svg .violin", timeout=30)
    _wait(lambda: "Price floor" in _text(dash_duo, "#biz-cards"))
    box = _field(dash_duo, "business_case.target_margin")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("0.15", Keys.ENTER)
    # The margin is a scenario input: the price-floor card follows it at once.
    _wait(lambda: "15% target margin" in _text(dash_duo, "#biz-cards"), timeout=30)
    button = dash_duo.find_element("#biz-solve-run")
    # Below the fold of the side column: scrolled to, then pressed.
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    dash_duo.driver.execute_script("arguments[0].click();", button)
    solved = _wait(lambda: _text(dash_duo, "#biz-solved"), timeout=60)
    assert "gives a 15.0% margin" in solved
    found = re.search(r"€([\d,]+) a year", solved)
    assert found is not None and int(found.group(1).replace(",", "")) > 10_000
    assert re.search(r"margin 1[45]\.\d% ±", solved)
    _no_errors(dash_duo)


def test_bad_target_margin_is_an_inline_error(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/business-case?scenario=manufacturing")
    dash_duo.wait_for_element("#biz-npv .main-svg .violin", timeout=30)
    box = _field(dash_duo, "business_case.target_margin")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("1.5", Keys.ENTER)
    message = _wait(
        lambda: dash_duo.find_element(".field-business_case-target_margin .field-error").text
    )
    assert "less than 1" in message
    assert "is-invalid" in box.get_attribute("class")
