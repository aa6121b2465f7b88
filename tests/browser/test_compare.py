"""A consultant's Compare in a real browser: scenarios in two currencies never share an axis."""

from __future__ import annotations

from tests.browser.test_interactions import _no_errors, _text, _wait

AXES = (
    "var g = document.querySelector('#cmp-lec .js-plotly-plot');"
    "if (!g || !g._fullLayout || !g._fullLayout.xaxis2) return null;"
    "return [g._fullLayout.xaxis.title.text, g._fullLayout.xaxis2.title.text];"
)


def test_eur_and_rub_get_an_axis_each(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    dash_duo.driver.get(dash_duo.server_url + "/compare?scenarios=manufacturing,bank_branches")
    titles = _wait(lambda: dash_duo.driver.execute_script(AXES), timeout=40)
    assert titles[0].startswith("Annual loss, EUR") and titles[1].startswith("Annual loss, RUB")
    # Two x axes in the drawn chart, and the title says nothing was converted.
    assert (
        len(dash_duo.driver.find_elements("css selector", "#cmp-lec .xtitle, #cmp-lec .x2title"))
        == 2
    )
    assert "not converted" in _text(dash_duo, "#cmp-lec .gtitle")
    # Every differing input, labelled, in a scrolling table; business rows beside the losses.
    _wait(lambda: "inputs differ" in _text(dash_duo, "#cmp-diff"))
    assert "more" not in _text(dash_duo, "#cmp-diff")
    rows = dash_duo.driver.find_elements("css selector", "#cmp-diff .diff-scroll tbody tr")
    assert len(rows) > 178
    # Drawn as a table (not Markdown text), each label's field path on hover.
    titles = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#cmp-diff tbody td span[title]'),"
        " s => s.title);"
    )
    assert len(titles) == len(rows) and "options.nbd_8x5.annual_fee" in titles
    _wait(lambda: "Integrator margin" in _text(dash_duo, "#cmp-business"), timeout=90)
    assert "Client NPV" in _text(dash_duo, "#cmp-business")
    _no_errors(dash_duo)
