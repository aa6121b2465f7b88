"""Every page loads in a real browser with no console errors, and draws its charts."""

from __future__ import annotations

PAGES = [
    ("/", ["#lib-list"]),
    ("/losses?scenario=manufacturing", ["#losses-lec .main-svg"]),
    ("/edit?scenario=retail_chain", ["#edit-preview .main-svg"]),
    ("/compare?scenarios=manufacturing,logistics_hub", ["#cmp-lec .main-svg"]),
    (
        "/delivery?scenario=manufacturing",
        ["#delivery-scaling .main-svg", "#delivery-rota .main-svg"],
    ),
    ("/design?scenario=manufacturing", ["#design-run", "#design-frontier"]),
    (
        "/business-case",
        [
            "#biz-cumulative .main-svg",
            "#biz-npv .main-svg .violin",
            "#biz-fan .main-svg",
            "#biz-staged .main-svg .bars",
            ".cashflow-table",
            ".beats-table",
        ],
    ),
]


def test_every_page_loads_without_console_errors(dash_duo, app_factory) -> None:
    dash_duo.start_server(app_factory())
    for path, selectors in PAGES:
        dash_duo.driver.get(dash_duo.server_url + path)
        for selector in selectors:
            dash_duo.wait_for_element(selector, timeout=30)
        logs = [entry for entry in dash_duo.get_logs() if "favicon" not in entry["message"]]
        assert logs == [], (path, logs)
