"""Scenario library: pick, duplicate, save, save as, delete, upload and download."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashapp import components as c
from dashapp import ids
from dashapp.i18n import t
from dashapp.library import MAX_UPLOAD_BYTES, USER
from dashapp.pages._common import prepare
from dashapp.texts import entry_title

PATH = "/"


NEW_LABELS = {
    "name": "new_scenario_name",
    "client.name": "new_client",
    "description": "new_description",
    "currency": "new_currency",
}


def new_scenario_panel(data: Any) -> html.Div:
    """ "New scenario" from a shipped template: name, client, description and currency."""
    lang = data.lang
    templates = [e for e in data.entries if e.kind != USER]
    rows = [
        dbc.Label(t("new_template", lang), html_for=ids.LIB_NEW_TEMPLATE),
        dcc.Dropdown(
            id=ids.LIB_NEW_TEMPLATE,
            options=[{"label": entry_title(e, lang), "value": e.key} for e in templates],
            value=templates[0].key if templates else None,
            clearable=False,
            className="mb-2",
        ),
    ]
    for path, key in NEW_LABELS.items():
        rows += [
            dbc.Label(t(key, lang), html_for=ids.LIB_NEW_FIELDS[path]),
            dbc.Input(
                id=ids.LIB_NEW_FIELDS[path],
                type="text",
                maxLength=3 if path == "currency" else 200,
                placeholder="EUR" if path == "currency" else None,
            ),
            html.Div(id=ids.lib_new_feedback(path), className="field-error mb-2"),
        ]
    return html.Div(
        [
            html.H4(t("new_title", lang), className="mt-4"),
            html.P(t("new_hint", lang), className="text-muted small-note"),
            *rows,
            dbc.Button(t("new_create", lang), id=ids.LIB_NEW_CREATE, color="primary"),
        ],
        className="new-scenario",
    )


def layout(scenario: str | None = None, lang: str | None = None, **_: Any) -> html.Div:
    data = prepare(scenario, lang)
    lang = data.lang
    current = next((e for e in data.entries if e.key == data.key), None)
    items = [
        dbc.ListGroupItem(
            [
                html.Span(entry_title(e, lang), className="lib-title"),
                dbc.Badge(
                    t("kind_" + e.kind, lang),
                    color="primary" if e.kind == USER else "secondary",
                    className="ms-2",
                ),
                html.Code(e.key, className="ms-2 text-muted"),
            ],
            id=ids.lib_open(e.key),
            action=True,
            active=e.key == data.key,
            n_clicks=0,
            className="lib-entry",
        )
        for e in data.entries
    ]
    is_user = current is not None and current.kind == USER
    actions = html.Div(
        [
            html.H4(t("current", lang) + (f": {entry_title(current, lang)}" if current else "")),
            html.Div(
                [
                    dbc.Button(t("duplicate", lang), id=ids.LIB_DUPLICATE, className="me-2 mb-2"),
                    dbc.Button(
                        t("save", lang),
                        id=ids.LIB_SAVE,
                        disabled=not is_user,
                        color="success",
                        className="me-2 mb-2",
                    ),
                    dbc.Button(
                        t("download", lang),
                        id=ids.LIB_DOWNLOAD,
                        color="info",
                        className="me-2 mb-2",
                    ),
                    dcc.ConfirmDialogProvider(
                        dbc.Button(
                            t("delete", lang),
                            id=ids.LIB_DELETE,
                            disabled=not is_user,
                            color="danger",
                            outline=True,
                            className="mb-2",
                        ),
                        id=ids.LIB_DELETE_CONFIRM,
                        message=t("delete", lang) + f" “{data.key}”?",
                    ),
                ]
            ),
            dbc.InputGroup(
                [
                    dbc.Input(
                        id=ids.LIB_NAME, placeholder=t("new_name", lang), type="text", maxLength=60
                    ),
                    dbc.Button(t("save_as", lang), id=ids.LIB_SAVE_AS, color="primary"),
                ],
                className="mb-2",
            ),
            html.Div(id=ids.LIB_MESSAGE),
            dcc.Download(id=ids.LIB_DOWNLOAD_DATA),
            dcc.Upload(
                html.Div(t("upload", lang, kib=MAX_UPLOAD_BYTES // 1024)),
                id=ids.LIB_UPLOAD,
                accept=".toml",
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                className="upload-box mt-3",
            ),
            html.Div(id=ids.LIB_UPLOAD_ERRORS, className="mt-2"),
            new_scenario_panel(data),
        ]
    )
    return html.Div(
        [
            c.page_context("library", data.key, lang),
            c.page_header(t("library_title", lang), data.key, data.entries, lang, data.notice),
            html.P(
                t("library_help", lang, folder=str(data.library.user_dir)), className="text-muted"
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.ListGroup(items, id=ids.LIB_LIST), lg=7),
                    dbc.Col(actions, lg=5),
                ],
                className="g-4",
            ),
        ]
    )


def register() -> None:
    dash.register_page(
        __name__, path=PATH, name="Scenarios", title="Scenarios · bizcase", order=0, layout=layout
    )
