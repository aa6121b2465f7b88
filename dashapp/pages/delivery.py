"""Delivery (management): staffing, on-call rota, service desk, spares, SLA and scaling."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.fields import FieldSpec
from dashapp.i18n import t
from dashapp.pages._common import prepare
from dashapp.texts import client_name, option_label

PATH = "/delivery"


def delivery_available() -> bool:
    """Whether this version of the library has ``bizcase.delivery.plan.delivery_plan``."""
    try:
        module = importlib.import_module("bizcase.delivery.plan")
    except ImportError:
        return False
    return callable(getattr(module, "delivery_plan", None))


def _chosen(asked: str | None, options: list[dict[str, str]]) -> str:
    """The option the URL asks for when it is one of ``options``, else the page's default."""
    values = [o["value"] for o in options]
    if asked in values:
        return str(asked)
    return values[-1] if len(values) < 3 else values[1]


def _body(data: Any) -> html.Div:
    s, lang = data.scenario, data.lang
    options = [
        {"label": option_label(s, name, lang), "value": name}
        for name in s.options
        if name != s.baseline
    ] or [{"label": option_label(s, s.baseline, lang), "value": s.baseline}]
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("d_option", lang), html_for=ids.DELIVERY_OPTION),
                            dcc.Dropdown(
                                id=ids.DELIVERY_OPTION,
                                options=options,
                                value=_chosen(data.option, options),
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        # The scenario's own "contracts served": the business case, the
                        # management pack and every page read this one value.
                        c.field_input(FieldSpec("delivery.contracts", integer=True), s, lang)
                        if getattr(s, "delivery", None) is not None
                        else None,
                        md=6,
                    ),
                ],
                className="mb-3",
            ),
            dbc.Row(dbc.Col(c.report_panel("delivery", lang), md=6, xl=4)),
            html.Div(id=ids.DELIVERY_MESSAGE),
            dcc.Loading(html.Div(id=ids.DELIVERY_CARDS), delay_show=400),
            dbc.Row(
                [
                    dbc.Col(c.graph(ids.DELIVERY_ROTA, 420), xl=12),
                    dbc.Col(c.graph(ids.DELIVERY_FTE, 500), xl=6),
                    dbc.Col(c.graph(ids.DELIVERY_DESK, 500), xl=6),
                    dbc.Col(c.graph(ids.DELIVERY_FRONTIER, 500), xl=6),
                    dbc.Col(c.graph(ids.DELIVERY_SLA, 500), xl=6),
                    dbc.Col(c.graph(ids.DELIVERY_CREDITS, 500), xl=6),
                    dbc.Col(c.graph(ids.DELIVERY_SCALING, 500), xl=6),
                ],
                className="g-3",
                id=ids.DELIVERY_CONTENT,
            ),
        ]
    )


def layout(
    scenario: str | None = None, lang: str | None = None, option: str | None = None, **_: Any
) -> html.Div:
    data = prepare(scenario, lang)
    lang = data.lang
    if not delivery_available() or data.scenario is None:
        body: Any = c.not_available(lang, "not_available_delivery")
    else:
        body = _body(SimpleNamespace(**vars(data), option=option))
    title = (
        t("delivery_title", lang, client=client_name(data.scenario, lang)) if data.scenario else ""
    )
    return html.Div(
        [
            c.page_context("delivery", data.key, lang),
            dcc.Location(id=ids.DELIVERY_URL, refresh=False),
            c.page_header(title, data.key, data.entries, lang, data.notice),
            html.Div(id=ids.PROBLEMS),  # problems of the contracts field no field shows
            body,
        ]
    )


def register() -> None:
    dash.register_page(
        __name__, path=PATH, name="Delivery", title="Delivery · bizcase", order=4, layout=layout
    )
