"""Callbacks of the library page: open, duplicate, save, save as, delete, download, upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import Scenario, ScenarioError, scenario_from_dict, scenario_to_toml
from bizcase.model import scenario_to_dict
from dashapp import ids
from dashapp.callbacks.common import page_scenario, triggered_id
from dashapp.components import problem_list
from dashapp.i18n import normalise_lang, t, translate_rule
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
        key = library.add(scenario, f"{page['scenario']}_copy", template=_template(page))
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


def _template(page: dict[str, Any]) -> str | None:
    """The text of the open scenario's file: a save into it keeps its comments."""
    try:
        return current_library().text(page["scenario"])
    except LibraryError:
        return None


def renamed(scenario: Scenario, name: str) -> Scenario:
    """``scenario`` titled ``name`` (any script; the file key is made from it separately)."""
    title = name.strip()
    if not title or title == scenario.name:
        return scenario
    data = scenario_to_dict(scenario)
    data["name"] = title
    return scenario_from_dict(data)


def save_as(
    name: str | None, working: dict[str, Any] | None, page: dict[str, Any], search: str | None
) -> Outcome:
    """Save the edited scenario under a new name and open it: the scenario takes the name as
    its title (shown on every page and report) and a safe file key made from it."""
    lang = normalise_lang(page.get("lang"))
    try:
        scenario = renamed(_edited(working, page), name or "")
        key = current_library().save_as(scenario, name or "", template=_template(page))
    except LibraryError as exc:
        return None, _error(exc, lang), "danger", no_update
    except ScenarioError as exc:
        return None, str(exc), "danger", no_update
    return (
        make_search({**parse_search(search), "scenario": key}),
        t("msg_saved", lang, key=key),
        "success",
        no_update,
    )


def new_from_template(
    _clicks: int | None,
    template: str | None,
    name: str | None,
    client: str | None,
    description: str | None,
    currency: str | None,
    page: dict[str, Any] | None,
    search: str | None,
) -> tuple[Any, ...]:
    """Create a user scenario from a shipped template with the given name, client, description
    and currency, keeping the template's comments, and open it.  Each bad field gets its own
    message (the same pydantic rules as a file)."""
    if not _clicks or not page or not template:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    paths = list(ids.LIB_NEW_FIELDS)
    typed = dict(zip(paths, (name, client, description, currency), strict=True))
    library = current_library()
    problems: dict[str, str] = {}
    for path in ("name", "client.name", "currency"):
        if not (typed[path] or "").strip():
            problems[path] = t("need_text", lang)
    scenario = None
    if not problems:
        try:
            text = library.text(template)
            data = scenario_to_dict(library.load(template))
            data["name"] = (name or "").strip()
            data["client"]["name"] = (client or "").strip()
            data["description"] = (description or "").strip()
            data["currency"] = (currency or "").strip()
            scenario = scenario_from_dict(data)
        except ScenarioError as exc:
            for where, _value, rule in exc.problems:
                if where in typed:
                    problems[where] = translate_rule(rule, lang)
            if not problems:
                problems["name"] = str(exc)
        except LibraryError as exc:
            problems["name"] = _error(exc, lang)
    feedback = [problems.get(p, "") for p in paths]
    invalid = [bool(problems.get(p)) for p in paths]
    if scenario is None:
        return (no_update, no_update, no_update, no_update, *feedback, *invalid)
    try:
        key = library.add(scenario, scenario.name, template=text)
    except LibraryError as exc:
        feedback[0], invalid[0] = _error(exc, lang), True
        return (no_update, no_update, no_update, no_update, *feedback, *invalid)
    query = make_search({**parse_search(search), "scenario": key})
    flash = t("msg_saved", lang, key=key)
    return (query, flash, "success", True, *feedback, *invalid)


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
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.FLASH, "children", allow_duplicate=True),
        Output(ids.FLASH, "color", allow_duplicate=True),
        Output(ids.FLASH, "is_open", allow_duplicate=True),
        *[Output(ids.lib_new_feedback(p), "children") for p in ids.LIB_NEW_FIELDS],
        *[Output(i, "invalid") for i in ids.LIB_NEW_FIELDS.values()],
        Input(ids.LIB_NEW_CREATE, "n_clicks"),
        State(ids.LIB_NEW_TEMPLATE, "value"),
        *[State(i, "value") for i in ids.LIB_NEW_FIELDS.values()],
        State(ids.PAGE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(new_from_template)
    app.callback(
        Output(ids.LIB_DOWNLOAD_DATA, "data"),
        Input(ids.LIB_DOWNLOAD, "n_clicks"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        prevent_initial_call=True,
    )(download)
