"""Scenario texts in Russian in a real browser: the plant's name, client and options."""

from __future__ import annotations

from bizcase import load_scenario
from bizcase.model.io import shipped_scenario
from tests.browser.test_interactions import _no_errors, _text, _wait

PLANT = load_scenario(shipped_scenario("manufacturing"))


def test_the_plant_in_russian_on_its_pages(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    labels = [PLANT.text(f"options.{n}.label", "ru") for n in PLANT.options]
    dash_duo.driver.get(dash_duo.server_url + "/losses?scenario=manufacturing&lang=ru")
    dash_duo.wait_for_element("#losses-lec .main-svg", timeout=30)
    _wait(lambda: PLANT.text("client.name", "ru") in _text(dash_duo, ".page-title"))
    cards = _wait(lambda: _text(dash_duo, "#losses-cards"), timeout=30)
    for label in labels:
        assert label in cards, label
    assert PLANT.options["support_24x7x4"].label not in cards
    assert PLANT.text("name", "ru") in _text(dash_duo, "#scenario-picker")
    dash_duo.driver.get(dash_duo.server_url + "/edit?scenario=manufacturing&lang=ru")
    _wait(lambda: labels[-1] in _text(dash_duo, "body"), timeout=30)
    assert PLANT.text("name", "ru") in _text(dash_duo, ".page-title")
    _no_errors(dash_duo)
