"""Callbacks of the library page: open, duplicate, save, save as, delete, download, upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import ScenarioError, scenario_to_toml
from dashapp import ids
from dashapp.callbacks.common import page_scenario, triggered_id
from dashapp.components import problem_list
from dashapp.i18n import normalise_lang, t
from dashapp.library import LibraryError, sanitise_key
from dashapp.state import current_library, make_search, parse_search, scenario_of

#: What an action returns: (new URL query or None, flash text, flash colour, upload errors).
Outcome = tuple[str | None, str | None, str, Any]


def _error(exc: LibraryError, lang: str) -> str:
    return t(f"err_{exc.code}", lang, detail=exc.detail)


def _edited(working: dict[str, Any] | None, page: dict[str, Any]) -> Any:
    if working and working.get("key") == page.get("scenario") and working.get("invalid"):
        raise LibraryError("invalid")
    return page_scenario(working, page)


def duplicate(working: dict[str, Any] | None, page: dict[str, Any], search: str | None) -> Outcome:
    """Copy the current scenario (with its edits) into the user's library and open the copy."""
    lang = normalise_lang(page.get("lang"))
    library = current_library()
    try:
        scenario = _edited(working, page)
        key = library.add(scenario, f"{page['scenario']}_copy")
    except LibraryError as exc:
        return None, _error(exc, lang), "danger", no_update
    return (
        make_search({**parse_search(search), "scenario": key}),
        t("msg_saved", lang, key=key),
        "success",
        no_update,
    )


def save(working: dict[str, Any] | None, page: dict[str, Any], search: str | None) -> Outcome:
    """Overwrite the current user scenario with the edited one."""
    lang = normalise_lang(page.get("lang"))
    try:
        key = current_library().save(page["scenario"], _edited(working, page))
    except LibraryError as exc:
        return None, _error(exc, lang), "danger", no_update
    return None, t("msg_saved", lang, key=key), "success", no_update


def save_as(
    name: str | None, working: dict[str, Any] | None, page: dict[str, Any], search: str | None
) -> Outcome:
    """Save the edited scenario under a new (sanitised) name and open it."""
    lang = normalise_lang(page.get("lang"))
    try:
        key = current_library().save_as(_edited(working, page), name or "")
    except LibraryError as exc:
        return None, _error(exc, lang), "danger", no_update
    return (
        make_search({**parse_search(search), "scenario": key}),
        t("msg_saved", lang, key=key),
        "success",
        no_update,
    )


def delete(page: dict[str, Any], search: str | None) -> Outcome:
    """Delete the current user scenario and open the default one."""
    lang = normalise_lang(page.get("lang"))
    library = current_library()
    try:
        library.delete(page["scenario"])
    except LibraryError as exc:
        return None, _error(exc, lang), "danger", no_update
    query = make_search({**parse_search(search), "scenario": library.default_key()})
    return query, t("msg_deleted", lang, key=page["scenario"]), "info", no_update


def upload(
    contents: str | None, filename: str | None, page: dict[str, Any], search: str | None
) -> Outcome:
    """Add an uploaded scenario; a bad file shows its validation errors and changes nothing."""
    lang = normalise_lang(page.get("lang"))
    if not contents:
        raise PreventUpdate
    filename = filename if isinstance(filename, str) and filename else "upload.toml"
    if not isinstance(contents, str):
        raise PreventUpdate
    try:
        key = current_library().upload(contents, filename)
    except ScenarioError as exc:
        problems = exc.problems or [("", "", str(exc))]
        errors = dbc.Alert(
            [
                html.Div(t("msg_upload_bad", lang), className="fw-bold"),
                html.Ul(problem_list(problems, lang)),
            ],
            color="danger",
            className="upload-errors",
        )
        return None, None, "danger", errors
    except LibraryError as exc:
        errors = dbc.Alert(
            [html.Div(t("msg_upload_bad", lang)), _error(exc, lang)],
            color="danger",
            className="upload-errors",
        )
        return None, None, "danger", errors
    try:
        wanted = sanitise_key(Path(filename).stem)
    except LibraryError:
        wanted = key
    message = (
        t("msg_uploaded", lang, key=key)
        if key == wanted
        else t("msg_uploaded_renamed", lang, key=key, wanted=wanted)
    )
    return make_search({**parse_search(search), "scenario": key}), message, "success", None


def library_action(
    _open: list[int | None],
    _dup: int | None,
    _save: int | None,
    _save_as: int | None,
    _delete: int | None,
    contents: str | None,
    filename: str | None,
    name: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    search: str | None,
) -> tuple[Any, ...]:
    """Dispatch the button that was pressed; navigate and flash a message."""
    trigger = triggered_id()
    if not page or trigger is None:
        raise PreventUpdate
    if isinstance(trigger, dict) and trigger.get("type") == ids.LIB_OPEN:
        if not any(_open):
            raise PreventUpdate
        query: str | None = make_search({**parse_search(search), "scenario": trigger["key"]})
        return query, no_update, no_update, no_update, no_update, no_update
    if trigger == ids.LIB_DUPLICATE:
        outcome = duplicate(working, page, search)
    elif trigger == ids.LIB_SAVE:
        outcome = save(working, page, search)
    elif trigger == ids.LIB_SAVE_AS:
        outcome = save_as(name, working, page, search)
    elif trigger == ids.LIB_DELETE_CONFIRM:
        outcome = delete(page, search)
    elif trigger == ids.LIB_UPLOAD:
        outcome = upload(contents, filename, page, search)
    else:
        raise PreventUpdate
    query, message, colour, errors = outcome
    saved = trigger == ids.LIB_SAVE and colour == "success" and working
    return (
        query if query is not None else no_update,
        message if message else no_update,
        colour if message else no_update,
        bool(message) if message else no_update,
        errors,
        {**working, "dirty": False} if saved and working else no_update,
    )


def download(
    _clicks: int | None, working: dict[str, Any] | None, page: dict[str, Any] | None
) -> Any:
    """The current scenario as a .toml file: the original text, or the edited one."""
    if not _clicks or not page or not page.get("scenario"):
        raise PreventUpdate
    key = page["scenario"]
    edited = working if working and working.get("key") == key and working.get("dirty") else None
    scenario = scenario_of(edited) if edited else None
    text = scenario_to_toml(scenario) if scenario is not None else current_library().text(key)
    return dcc.send_string(text, filename=f"{key}.toml", type="application/toml")


def register(app: Dash) -> None:
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.FLASH, "children", allow_duplicate=True),
        Output(ids.FLASH, "color", allow_duplicate=True),
        Output(ids.FLASH, "is_open", allow_duplicate=True),
        Output(ids.LIB_UPLOAD_ERRORS, "children"),
        Output(ids.WORKING, "data", allow_duplicate=True),
        Input({"type": ids.LIB_OPEN, "key": ALL}, "n_clicks"),
        Input(ids.LIB_DUPLICATE, "n_clicks"),
        Input(ids.LIB_SAVE, "n_clicks"),
        Input(ids.LIB_SAVE_AS, "n_clicks"),
        Input(ids.LIB_DELETE_CONFIRM, "submit_n_clicks"),
        Input(ids.LIB_UPLOAD, "contents"),
        State(ids.LIB_UPLOAD, "filename"),
        State(ids.LIB_NAME, "value"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(library_action)
    app.callback(
        Output(ids.LIB_DOWNLOAD_DATA, "data"),
        Input(ids.LIB_DOWNLOAD, "n_clicks"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        prevent_initial_call=True,
    )(download)
