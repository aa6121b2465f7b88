"""Business case (management): multi-year cash flows, NPV under uncertainty, staged strategy,
tornado, break-even contracts and price floor — for the client and the integrator."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.compute import SOBOL_BASE_SAMPLES, SOBOL_TRIALS
from dashapp.fields import FieldSpec
from dashapp.i18n import t
from dashapp.pages._common import PageData, prepare
from dashapp.texts import client_name, option_label

PATH = "/business-case"
SIDES = ("integrator", "client")


def finance_panel(data: PageData) -> html.Div:
    """Sliders for finance-only inputs (they reuse the simulated incidents): the discount rate
    and each offered option's fee."""
    s, lang = data.scenario, data.lang
    assert s is not None
    sliders = [
        c.field_slider(
            FieldSpec("business_case.discount_rate"),
            s,
            lang,
            0.3,
            0.005,
        )
    ]
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
    return html.Div(
        [html.H4(t("b_finance_title", lang)), *sliders], className="whatif-panel whatif-static mb-3"
    )


def solve_panel(data: PageData) -> html.Div:
    """Target margin (a scenario field, so the price floor follows it) and the goal-seek of the
    chosen option's fee for it."""
    s, lang = data.scenario, data.lang
    assert s is not None
    return html.Div(
        [
            html.H4(t("b_solve_title", lang)),
            html.P(t("b_solve_hint", lang), className="text-muted small-note mb-2"),
            c.field_input(FieldSpec("business_case.target_margin"), s, lang),
            dbc.Button(
                t("b_solve_run", lang), id=ids.BIZ_SOLVE_RUN, color="primary", className="mb-2"
            ),
            dcc.Loading(html.Div(id=ids.BIZ_SOLVED, className="biz-solved"), delay_show=300),
        ],
        className="solve-panel mb-3",
    )


def tornado_panel(lang: str) -> html.Div:
    """The tornado: computed on request, in a background worker with progress."""
    return html.Div(
        [
            html.P(t("b_tornado_hint", lang), className="text-muted small-note mb-2"),
            c.run_cancel_buttons(
                ids.BIZ_TORNADO_RUN, ids.BIZ_TORNADO_CANCEL, t("b_tornado_run", lang), lang
            ),
            dbc.Progress(
                id=ids.BIZ_TORNADO_PROGRESS, value=0, striped=True, animated=True, className="mb-2"
            ),
            html.Div(id=ids.BIZ_TORNADO_NOTE, className="small-note"),
            c.graph(ids.BIZ_TORNADO, 560),
        ]
    )


def sobol_panel(lang: str) -> html.Div:
    """Sobol indices: computed on request, in a background worker that can be cancelled."""
    return html.Div(
        [
            html.P(
                t("b_sobol_hint", lang, base=SOBOL_BASE_SAMPLES, trials=SOBOL_TRIALS),
                className="text-muted small-note mb-2",
            ),
            c.run_cancel_buttons(
                ids.BIZ_SOBOL_RUN, ids.BIZ_SOBOL_CANCEL, t("b_sobol_run", lang), lang
            ),
            dbc.Progress(
                id=ids.BIZ_SOBOL_PROGRESS, value=0, striped=True, animated=True, className="mb-2"
            ),
            html.Div(id=ids.BIZ_SOBOL_NOTE, className="small-note"),
            c.graph(ids.BIZ_SOBOL, 560),
        ]
    )


def _body(data: PageData, option: str | None = None, ledger: str | None = None) -> html.Div:
    s, lang = data.scenario, data.lang
    assert s is not None
    offered = [(n, option_label(s, n, lang)) for n in s.options if n != s.baseline]
    if not offered:
        return html.Div(dbc.Alert(t("b_no_options", lang), color="warning"))
    default = s.business_case.staged.support if s.business_case.staged else offered[-1][0]
    if option in {n for n, _label in offered}:  # the URL's choice (a shared link)
        default = str(option)
    controls = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("b_option", lang), html_for=ids.BIZ_OPTION),
                    dcc.Dropdown(
                        id=ids.BIZ_OPTION,
                        options=[{"label": label, "value": n} for n, label in offered],
                        value=default,
                        clearable=False,
                        searchable=False,
                    ),
                ],
                md=6,
            ),
            dbc.Col(
                [
                    dbc.Label(t("b_side", lang), html_for=ids.BIZ_SIDE),
                    dbc.RadioItems(
                        id=ids.BIZ_SIDE,
                        options=[{"label": t(f"side_{x}", lang), "value": x} for x in SIDES],
                        value=ledger if ledger in SIDES else "integrator",
                        inline=True,
                        inputClassName="btn-check",
                        labelClassName="btn btn-outline-primary",
                        labelCheckedClassName="active",
                        className="biz-side",
                    ),
                ],
                md=6,
            ),
        ],
        className="mb-3 align-items-end",
    )
    main = [
        controls,
        dbc.Badge("", id=ids.BIZ_BADGE, color="info", className="mb-2 badge-wrap"),
        html.Div(id=ids.BIZ_MESSAGE),
        dcc.Loading(html.Div(id=ids.BIZ_CARDS), delay_show=400),
        dbc.Row(
            [
                dbc.Col(c.graph(ids.BIZ_CUMULATIVE, 580), xl=6),
                dbc.Col(c.graph(ids.BIZ_NPV, 580), xl=6),
                dbc.Col(c.graph(ids.BIZ_FAN, 560), xl=6),
                dbc.Col(c.graph(ids.BIZ_STAGED, 560), xl=6),
            ],
            className="g-3",
        ),
        html.Div(id=ids.BIZ_BEATS, className="mt-3"),
        html.Div(id=ids.BIZ_PORTFOLIO, className="mt-3"),
        html.Div(id=ids.BIZ_TABLES, className="mt-3"),
    ]
    side = [
        finance_panel(data),
        html.H4(t("tornado_title", lang)),
        tornado_panel(lang),
        html.H4(t("b_sobol_heading", lang), className="mt-3"),
        sobol_panel(lang),
        solve_panel(data),
        c.report_panel("business", lang),
    ]
    return dbc.Row([dbc.Col(main, lg=8, xxl=9), dbc.Col(side, lg=4, xxl=3)])


def layout(
    scenario: str | None = None,
    lang: str | None = None,
    option: str | None = None,
    ledger: str | None = None,
    **_: Any,
) -> html.Div:
    data = prepare(scenario, lang)
    if data.scenario is None:
        return html.Div([c.page_header("", None, [], data.lang, data.notice)])
    s = data.scenario
    title = t(
        "business_title",
        data.lang,
        client=client_name(s, data.lang),
        years=s.business_case.horizon_years,
    )
    return html.Div(
        [
            c.page_context("business", data.key, data.lang),
            dcc.Location(id=ids.BIZ_URL, refresh=False),
            c.page_header(title, data.key, data.entries, data.lang, data.notice),
            html.Div(id=ids.PROBLEMS),
            _body(data, option, ledger),
        ]
    )


def register() -> None:
    dash.register_page(
        __name__,
        path=PATH,
        name="Business case",
        title="Business case · bizcase",
        order=5,
        layout=c.noting_sliders(layout),
    )
