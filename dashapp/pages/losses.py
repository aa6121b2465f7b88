"""Client losses (sales): what downtime costs the prospect and what each contract saves."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.compute import FULL_RUN_SIZES
from dashapp.fields import FieldSpec
from dashapp.i18n import format_number, t
from dashapp.pages._common import prepare
from dashapp.texts import client_name, option_label

PATH = "/losses"


def whatif_panel(data: Any) -> html.Div:
    """Sliders for the main drivers: cost of an hour, incident rates, each contract's fee."""
    s, lang = data.scenario, data.lang
    revenue = s.client.revenue_at_risk_per_hour
    upper, step = c.slider_upper(revenue, 1000)
    sliders = [
        c.field_slider(
            FieldSpec("client.revenue_at_risk_per_hour"),
            s,
            lang,
            upper,
            step,
        )
    ]
    for p in ("critical", "major"):
        rate = getattr(s.incidents, p).annual_rate
        upper, step = c.slider_upper(rate, 1.0)
        sliders.append(
            c.field_slider(
                FieldSpec(f"incidents.{p}.annual_rate"),
                s,
                lang,
                upper,
                step,
            )
        )
    for name, option in s.options.items():
        if name == s.baseline:
            continue
        upper, step = c.slider_upper(option.annual_fee, 1000)
        sliders.append(
            c.field_slider(
                FieldSpec(f"options.{name}.annual_fee"),
                s,
                lang,
                upper,
                step,
                label=f"{option_label(s, name, lang)}: {t('f_fee', lang)}",
            )
        )
    full = s.simulation.trials
    return html.Div(
        [
            html.H4(t("whatif_title", lang)),
            *sliders,
            html.Hr(),
            dbc.Badge("", id=ids.LOSSES_BADGE, color="info", className="mb-2 badge-wrap"),
            dbc.Label(t("run_size", lang), html_for=ids.LOSSES_SIZE, className="mb-1"),
            dbc.Select(
                id=ids.LOSSES_SIZE,
                options=[
                    {
                        "label": t("run_size_scenario", lang, trials=format_number(full, lang)),
                        "value": "scenario",
                    },
                    *(
                        {
                            "label": t("run_size_years", lang, trials=format_number(n, lang)),
                            "value": str(n),
                        }
                        for n in FULL_RUN_SIZES
                    ),
                ],
                value="scenario",
                size="sm",
                className="mb-2",
            ),
            c.run_cancel_buttons(ids.LOSSES_RUN, ids.LOSSES_CANCEL, t("full_run", lang), lang),
            dbc.Progress(id=ids.LOSSES_PROGRESS, value=0, striped=True, animated=True),
        ],
        className="whatif-panel",
    )


def layout(scenario: str | None = None, lang: str | None = None, **_: Any) -> html.Div:
    data = prepare(scenario, lang)
    if data.scenario is None:
        return html.Div([c.page_header("", None, [], data.lang, data.notice)])
    s, lang = data.scenario, data.lang
    return html.Div(
        [
            c.page_context("losses", data.key, lang),
            dcc.Store(id=ids.LOSSES_SIMKEY),
            c.page_header(
                t("losses_title", lang, client=client_name(s, lang)),
                data.key,
                data.entries,
                lang,
                data.notice,
            ),
            html.Div(id=ids.PROBLEMS),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dcc.Loading(html.Div(id=ids.LOSSES_CARDS), delay_show=400),
                            dbc.Row(
                                [
                                    dbc.Col(
                                        [
                                            c.graph(ids.LOSSES_LEC, 580),
                                            dbc.Switch(
                                                id=ids.LOSSES_LOG,
                                                label=t("log_scale", lang),
                                                value=True,
                                            ),
                                        ],
                                        xl=6,
                                    ),
                                    dbc.Col(c.graph(ids.LOSSES_TOTAL, 580), xl=6),
                                ],
                                className="g-3",
                            ),
                            dbc.Row(
                                [
                                    dbc.Col(c.graph(ids.LOSSES_STAGES, 540), xl=6),
                                    dbc.Col(c.graph(ids.LOSSES_PRIORITY, 540), xl=6),
                                ],
                                className="g-3",
                            ),
                            html.H4(t("roi_title", lang), className="mt-3"),
                            html.Div(id=ids.LOSSES_ROI),
                            dbc.Row(dbc.Col(c.report_panel("losses", lang), md=8, xl=6)),
                        ],
                        lg=9,
                    ),
                    dbc.Col(whatif_panel(data), lg=3),
                ]
            ),
            c.context_cards(lang),
        ]
    )


def register() -> None:
    dash.register_page(
        __name__,
        path=PATH,
        name="Client losses",
        title="Client losses · bizcase",
        order=1,
        layout=c.noting_sliders(layout),
    )
