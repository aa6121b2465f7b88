"""Compare (consultants): two to four scenarios side by side."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.i18n import t
from dashapp.pages._common import prepare

PATH = "/compare"
BASELINE = "__baseline__"
BEST = "__best__"


def layout(
    scenario: str | None = None,
    lang: str | None = None,
    scenarios: str | None = None,
    which: str | None = None,
    **_: Any,
) -> html.Div:
    data = prepare(scenario, lang)
    lang = data.lang
    known = [e.key for e in data.entries]
    picked = [k for k in (scenarios or "").split(",") if k in known][:4]
    if len(picked) < 2:
        picked = list(dict.fromkeys([k for k in [data.key] if k] + known))[:2]
    return html.Div(
        [
            c.page_context("compare", data.key, lang),
            dcc.Location(id=ids.CMP_URL, refresh=False),
            c.page_header(t("compare_title", lang), data.key, data.entries, lang, data.notice),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("compare_pick", lang), html_for=ids.CMP_PICK),
                            dcc.Dropdown(
                                id=ids.CMP_PICK,
                                options=c.picker_options(data.entries, lang),
                                value=picked,
                                multi=True,
                            ),
                        ],
                        lg=8,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("compare_which", lang), html_for=ids.CMP_WHICH),
                            dcc.Dropdown(
                                id=ids.CMP_WHICH,
                                options=[
                                    {"label": t("compare_baseline", lang), "value": BASELINE},
                                    {"label": t("compare_best", lang), "value": BEST},
                                ],
                                value=which if which in (BASELINE, BEST) else BEST,
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        lg=4,
                    ),
                ],
                className="mb-3",
            ),
            html.Div(id=ids.CMP_MESSAGE),
            html.H4(t("compare_figures", lang)),
            dcc.Loading(html.Div(id=ids.CMP_TABLE), delay_show=400),
            html.H4(t("compare_business", lang)),
            dcc.Loading(html.Div(id=ids.CMP_BUSINESS), delay_show=400),
            c.graph(ids.CMP_LEC, 540),
            html.H4(t("compare_diff", lang), className="mt-3"),
            html.Div(id=ids.CMP_DIFF),
        ]
    )


def register() -> None:
    dash.register_page(
        __name__, path=PATH, name="Compare", title="Compare · bizcase", order=3, layout=layout
    )
