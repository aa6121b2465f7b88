"""Editing: every important input with its unit, errors inline, a live result, reset."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

from bizcase import Scenario
from dashapp import components as c
from dashapp import ids, profile_editor
from dashapp.fields import (
    client_fields,
    derived_stage_names,
    incident_fields,
    option_fields,
    simulation_fields,
)
from dashapp.i18n import t
from dashapp.pages._common import prepare
from dashapp.sites_editor import sites_section
from dashapp.texts import option_label, scenario_name

PATH = "/edit"


def layout(scenario: str | None = None, lang: str | None = None, **_: Any) -> html.Div:
    data = prepare(scenario, lang)
    if data.scenario is None:
        return html.Div([c.page_header("", None, [], data.lang, data.notice)])
    s, lang = data.scenario, data.lang
    option_items = [
        dbc.AccordionItem(
            [c.field_input(spec, s, lang) for spec in option_fields(s, name)]
            + _derived_note(s, name, lang),
            title=option_label(s, name, lang),
            item_id=name,
        )
        for name in s.options
    ]
    return html.Div(
        [
            c.page_context("edit", data.key, lang),
            c.page_header(
                t("edit_title", lang, name=scenario_name(s, lang)),
                data.key,
                data.entries,
                lang,
                data.notice,
            ),
            html.P(t("edit_help", lang), className="text-muted"),
            dbc.Button(
                t("reset", lang),
                id=ids.EDIT_RESET,
                color="secondary",
                outline=True,
                className="mb-3",
            ),
            html.Div(id=ids.PROBLEMS),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H4(t("sec_client", lang)),
                            *[c.field_input(spec, s, lang) for spec in client_fields()],
                            html.H4(t("sec_incidents", lang), className="mt-4"),
                            *[c.field_input(spec, s, lang) for spec in incident_fields()],
                            html.H4(t("sec_simulation", lang), className="mt-4"),
                            *[c.field_input(spec, s, lang) for spec in simulation_fields()],
                        ],
                        xl=4,
                    ),
                    dbc.Col(
                        [
                            html.H4(t("sec_options", lang)),
                            dbc.Accordion(option_items, start_collapsed=True, always_open=True),
                        ],
                        xl=4,
                    ),
                    dbc.Col(
                        [html.H4(t("sec_preview", lang)), c.graph(ids.EDIT_PREVIEW, 520)],
                        xl=4,
                    ),
                ],
                className="g-4",
            ),
            profile_editor.section(s, s.client.loss_profile, lang),
            sites_section(s, lang),
        ]
    )


def _derived_note(scenario: Scenario, option: str, lang: str) -> list[html.P]:
    """Which stages of ``option`` its delivery design derives (nothing to type for them)."""
    derived = derived_stage_names(scenario, option)
    if not derived:
        return []
    names = ", ".join(t(f"stage_{stage}", lang) for stage in derived)
    return [html.P(t("derived_stages", lang, stages=names), className="text-muted small-note")]


def register() -> None:
    dash.register_page(
        __name__,
        path=PATH,
        name="Edit inputs",
        title="Edit inputs · bizcase",
        order=2,
        layout=layout,
    )
