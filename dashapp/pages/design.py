"""Design (management): the cost–attainment frontier of an option's candidate designs, the
cheapest that meets the SLA targets, and "use this design" into the session's edits."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.i18n import t
from dashapp.pages._common import prepare
from dashapp.texts import client_name, option_label

PATH = "/design"


def designed_options(scenario: Any, lang: str = "en") -> list[dict[str, str]]:
    """Dropdown options: the scenario's options with a delivery design, candidates first."""
    found = [(name, o) for name, o in scenario.options.items() if o.design is not None]
    found.sort(key=lambda item: item[1].design.candidates is None)
    return [{"label": option_label(scenario, name, lang), "value": name} for name, _ in found]


def _body(data: Any) -> html.Div:
    s, lang = data.scenario, data.lang
    options = designed_options(s, lang)
    if not options:
        return html.Div(dbc.Alert(t("g_no_design", lang), color="secondary"))
    target = {"type": "number", "min": 0.5, "max": 1.0, "step": 0.01, "debounce": True}
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("g_option", lang), html_for=ids.DESIGN_OPTION),
                            dcc.Dropdown(
                                id=ids.DESIGN_OPTION,
                                options=options,
                                value=options[0]["value"],
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                t("g_target_critical", lang), html_for=ids.DESIGN_TARGET_CRITICAL
                            ),
                            dbc.Input(id=ids.DESIGN_TARGET_CRITICAL, value=0.95, **target),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("g_target_major", lang), html_for=ids.DESIGN_TARGET_MAJOR),
                            dbc.Input(id=ids.DESIGN_TARGET_MAJOR, value=None, **target),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Button(t("g_run", lang), id=ids.DESIGN_RUN, color="primary"),
                        md=2,
                        className="d-flex align-items-end",
                    ),
                ],
                className="mb-3 g-3",
            ),
            html.Div(id=ids.DESIGN_MESSAGE),
            dcc.Store(id=ids.DESIGN_RESULT),
            dcc.Loading(html.Div(id=ids.DESIGN_SUMMARY), delay_show=300),
            c.graph(ids.DESIGN_FRONTIER, 520),
            dash_table.DataTable(
                id=ids.DESIGN_TABLE,
                columns=[],
                data=[],
                row_selectable="single",
                selected_rows=[],
                page_size=12,
                sort_action="native",
                style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto"},
                style_table={"overflowX": "auto"},
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.Button(t("g_use", lang), id=ids.DESIGN_USE, color="success")),
                    dbc.Col(html.Div(id=ids.DESIGN_USED), md=9),
                ],
                className="my-3",
            ),
        ]
    )


def layout(scenario: str | None = None, lang: str | None = None, **_: Any) -> html.Div:
    data = prepare(scenario, lang)
    lang = data.lang
    body: Any = _body(data) if data.scenario is not None else html.Div()
    title = (
        t("design_page_title", lang, client=client_name(data.scenario, lang))
        if data.scenario
        else ""
    )
    return html.Div(
        [
            c.page_context("design", data.key, lang),
            c.page_header(title, data.key, data.entries, lang, data.notice),
            html.Div(id=ids.PROBLEMS),
            body,
        ]
    )


def register() -> None:
    dash.register_page(
        __name__, path=PATH, name="Design", title="Design · bizcase", order=5, layout=layout
    )
