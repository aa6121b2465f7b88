"""The Design page in a real browser: search, the frontier, and "use this design"."""

from __future__ import annotations

from tests.browser.test_interactions import _no_errors, _text, _wait


def test_search_marks_the_cheapest_and_use_puts_it_in_the_edits(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/delivery?scenario=manufacturing")
    dash_duo.wait_for_element("#delivery-cards .mid-number", timeout=60)
    capital_before = _text(dash_duo, "#delivery-cards")
    dash_duo.driver.get(dash_duo.server_url + "/design?scenario=manufacturing")
    button = dash_duo.wait_for_element("#design-run", timeout=30)
    dash_duo.driver.execute_script("arguments[0].click();", button)
    summary = _wait(lambda: _text(dash_duo, "#design-summary"), timeout=240)
    assert "of 648 designs simulated" in summary and "Cheapest meeting every target" in summary
    # the frontier chart: designs, frontier, as filed, the chosen star and the target line
    _wait(lambda: "Chosen design" in _text(dash_duo, "#design-frontier"), timeout=30)
    assert "Target 95%" in _text(dash_duo, "#design-frontier")
    # the candidates' table, the cheapest row selected
    table = _text(dash_duo, "#design-table")
    assert "as filed" in table and "yes" in table
    checked = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#design-table input[type=radio]:checked').length;"
    )
    assert checked == 1
    use = dash_duo.find_element("#design-use")
    dash_duo.driver.execute_script("arguments[0].click();", use)
    used = _wait(lambda: _text(dash_duo, "#design-used"), timeout=30)
    assert "The option's design is now" in used
    _wait(lambda: _text(dash_duo, "#dirty-badge") == "edited, not saved")
    # another page follows the edit: the delivery plan of the chosen design
    dash_duo.find_element("#nav-delivery").click()
    _wait(
        lambda: (
            _text(dash_duo, "#delivery-cards")
            and _text(dash_duo, "#delivery-cards") != capital_before
        ),
        timeout=60,
    )
    _no_errors(dash_duo)
