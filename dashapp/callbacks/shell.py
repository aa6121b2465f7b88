"""Callbacks of the frame: language, navigation, the scenario picker, the working scenario."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from dashapp import ids, share
from dashapp.app import NAV
from dashapp.callbacks.common import triggered_id
from dashapp.components import problem_list
from dashapp.fields import apply_values, display_number, feedback_for, form_value, parse_number
from dashapp.i18n import format_number, normalise_lang, t
from dashapp.library import LibraryError
from dashapp.state import (
    current_library,
    dump,
    edited_working,
    make_search,
    parse_search,
    points,
    scenario_of,
    working_from_library,
)


def switch_language(lang: str | None, search: str | None) -> str:
    """New URL query with ``lang`` (the page re-renders in that language)."""
    params = parse_search(search)
    new = make_search({**params, "lang": normalise_lang(lang)})
    if new == make_search(params):
        raise PreventUpdate
    return new


def relabel_nav(search: str | None) -> list[Any]:
    """Navbar texts and links for the URL's language and scenario."""
    params = parse_search(search)
    lang = normalise_lang(params.get("lang"))
    query = make_search({"scenario": params.get("scenario"), "lang": lang})
    texts = [t(key, lang) for _page, _path, key in NAV]
    hrefs = [path + query for _page, path, _key in NAV]
    return [*texts, *hrefs, "/" + query, t("share", lang)]


def pick_scenario(
    key: str | None, search: str | None, working: dict[str, Any] | None
) -> tuple[Any, Any, Any, Any]:
    """The scenario picked in the page header: a new URL query, or — when the open scenario
    has unsaved edits — a confirmation first (the key waits in a store for the answer).

    Returns the URL query, the dialog's ``displayed`` and ``message``, and the pending key.
    """
    params = parse_search(search)
    current = params.get("scenario")
    if not key or key == current:
        raise PreventUpdate
    if working and working.get("dirty") and working.get("key") != key:
        lang = normalise_lang(params.get("lang"))
        message = t("discard_edits", lang, current=working.get("key"), key=key)
        return no_update, True, message, key
    return make_search({**params, "scenario": key}), False, no_update, None


def confirm_discard(
    _submit: int | None, pending: str | None, search: str | None
) -> tuple[Any, Any]:
    """ "OK" in the discard dialog: open the pending scenario (its edits are dropped)."""
    if not _submit or not pending:
        raise PreventUpdate
    return make_search({**parse_search(search), "scenario": pending}), None


def cancel_discard(_cancel: int | None, search: str | None) -> tuple[Any, Any]:
    """ "Cancel" in the discard dialog: the picker shows the open scenario again."""
    if not _cancel:
        raise PreventUpdate
    return parse_search(search).get("scenario"), None


def dirty_badge(working: dict[str, Any] | None, search: str | None) -> str:
    """'edited, not saved' while the working scenario differs from its file."""
    lang = normalise_lang(parse_search(search).get("lang"))
    return t("unsaved", lang) if working and working.get("dirty") else ""


def sync_working(
    page: dict[str, Any] | None,
    resets: list[int | None],
    working: dict[str, Any] | None,
    field_ids: list[dict[str, str]],
) -> tuple[Any, list[Any]]:
    """On a page's load (or a reset): make the working scenario the page's, fill its fields.

    Edits survive navigation between pages of the same scenario; another scenario, or the reset
    button, loads the file.  A ranged input's parts are filled from its range; text boxes show
    numbers with thousands separators, the page's sliders (``page["sliders"]``) plain numbers.
    """
    if not page or not page.get("scenario"):
        raise PreventUpdate
    key = page["scenario"]
    reset = isinstance(triggered_id(), dict) and triggered_id().get("type") == ids.RESET
    keep = working and working.get("key") == key and not reset and "scenario" in working
    try:
        new = working if keep else working_from_library(current_library(), key)
    except LibraryError:
        raise PreventUpdate from None
    assert new is not None
    scenario = scenario_of(new)
    if scenario is None:
        raise PreventUpdate
    shown = points(scenario)
    lang = normalise_lang(page.get("lang"))
    sliders = set(page.get("sliders") or ())
    values = []
    for f in field_ids:
        value = form_value(new["scenario"], shown, f["path"])
        values.append(value if f["path"] in sliders else display_number(value, lang))
    return (no_update if keep else new), values


def _shared_view(
    key: str, params: dict[str, str], working: dict[str, Any] | None, lang: str
) -> tuple[dict[str, Any] | None, str | None, str]:
    """The working store a URL's ``state=`` (edits) and ``contracts=`` ask for.

    Returns ``(store or None when the URL asks nothing new, message, its colour)``.  A state
    opens from the file (the link's view is exact); ``contracts`` alone applies on top of the
    session's own edits.  Anything wrong is a message, and the page opens without it.
    """
    token, contracts = params.get("state", ""), params.get("contracts", "")
    marker = f"{key}|{token}|{contracts}"
    if not (token or contracts) or (working and working.get("shared") == marker):
        return None, None, "info"
    library = current_library()
    fresh = working_from_library(library, key)
    same = working is not None and working.get("key") == key and "scenario" in working
    base = working["scenario"] if same and not token and working else fresh["scenario"]
    edits: dict[str, Any] = {}
    message, colour = None, "info"
    try:
        if token:
            shared_key, edits = share.decode_state(token)
            if shared_key != key:
                raise share.ShareError(t("share_other", lang, key=shared_key))
        if contracts:
            count = parse_number(contracts)
            if not isinstance(count, int):
                raise share.ShareError(f"contracts = {contracts!r}: a whole number is required")
            edits = {**edits, "delivery.contracts": count}
        data = share.apply_shared_edits(base, edits)
        if token:
            message = t("share_applied", lang, n=len(edits))
    except share.ShareError as exc:
        data = base
        message, colour = t("share_bad", lang, problem=str(exc)), "warning"
    new = {
        "key": key,
        "scenario": data,
        "dirty": data != fresh["scenario"],
        "invalid": False,
        "shared": marker,
    }
    return new, message, colour


def sync_view(
    page: dict[str, Any] | None,
    resets: list[int | None],
    working: dict[str, Any] | None,
    field_ids: list[dict[str, str]],
    search: str | None = None,
) -> tuple[Any, list[Any], Any, Any, Any]:
    """:func:`sync_working`, after taking in what the URL carries: a shared link's edits
    (``state=``) and the contracts served (``contracts=``), validated like an upload.

    Returns the store, the field values, and the flash message's text, colour and state.
    """
    if not page or not page.get("scenario"):
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    reset = isinstance(triggered_id(), dict) and triggered_id().get("type") == ids.RESET
    shared, message, colour = (
        (None, None, "info")
        if reset
        else _shared_view(page["scenario"], parse_search(search), working, lang)
    )
    new, values = sync_working(page, resets, shared or working, field_ids)
    if shared is not None and new is no_update:
        new = shared
    if message is None:
        return new, values, no_update, no_update, no_update
    return new, values, message, colour, True


def share_state(
    _clicks: int | None, working: dict[str, Any] | None, search: str | None
) -> tuple[dict[str, str], bool]:
    """The share button: the session's unsaved edits as a ``state=`` value and a note (the link
    itself is built in the browser from its current address, ``assets/share.js``)."""
    if not _clicks:
        raise PreventUpdate
    lang = normalise_lang(parse_search(search).get("lang"))
    scenario = scenario_of(working)
    if not working or scenario is None or not working.get("dirty"):
        return {"state": "", "note": t("share_clean", lang)}, True
    key = working["key"]
    try:
        original = dump(current_library().load(key))
    except LibraryError:
        return {"state": "", "note": t("share_clean", lang)}, True
    edits = share.edits_between(original, working["scenario"])
    token = share.encode_state(key, edits)
    cap = format_number(share.MAX_STATE_CHARS, lang)
    chars = format_number(len(token), lang)
    if len(token) > share.MAX_STATE_CHARS:
        return {"state": "", "note": t("share_too_big", lang, chars=chars, cap=cap)}, True
    note = t("share_edits", lang, n=len(edits), chars=chars, cap=cap)
    return {"state": token, "note": note}, True


def apply_edits(
    values: list[Any],
    field_ids: list[dict[str, str]],
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    feedback_ids: list[dict[str, str]] | None = None,
) -> tuple[Any, list[str], list[str], Any]:
    """Apply the page's field values to the working scenario, validated like a file.

    Returns the new store (unchanged when nothing changed), each field's class (``is-invalid``),
    each inline message (one per ``feedback_ids``, default one per field: a ranged input's four
    parts share one), and an alert with problems that no field on the page shows.
    """
    if not working or not page or working.get("key") != page.get("scenario"):
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    paths = [f["path"] for f in field_ids]
    current = scenario_of(working)
    shown = points(current) if current is not None else None
    outcome = apply_values(working["scenario"], paths, values, lang, shown)
    field_messages, rest = feedback_for(paths, outcome.problems, lang)
    classes = ["is-invalid" if m else "" for m in field_messages]
    if feedback_ids is None:
        messages = field_messages
    else:
        messages, _ = feedback_for([f["path"] for f in feedback_ids], outcome.problems, lang)
    if outcome.scenario is None:
        alert = dbc.Alert(
            [html.Div(t("fix_inputs", lang))]
            + (
                [html.Div(t("other_problems", lang)), html.Ul(problem_list(rest, lang))]
                if rest
                else []
            ),
            color="danger",
            className="problems-alert",
        )
        new = {**working, "invalid": True}
        return (new if new != working else no_update), classes, messages, alert
    new = edited_working(working, outcome.scenario)
    return (new if new != working else no_update), classes, messages, None


def register(app: Dash) -> None:
    app.callback(
        Output(ids.URL, "search"),
        Input(ids.LANG_SWITCH, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(switch_language)
    app.callback(
        [Output(ids.nav_link(page), "children") for page, _p, _k in NAV]
        + [Output(ids.nav_link(page), "href") for page, _p, _k in NAV]
        + [Output(ids.NAVBAR_BRAND, "href"), Output(ids.SHARE_BUTTON, "children")],
        Input(ids.URL, "search"),
    )(lambda search: relabel_nav(search))
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.DISCARD_CONFIRM, "displayed"),
        Output(ids.DISCARD_CONFIRM, "message"),
        Output(ids.DISCARD_PENDING, "data"),
        Input(ids.SCENARIO_PICKER, "value"),
        State(ids.URL, "search"),
        State(ids.WORKING, "data"),
        prevent_initial_call=True,
    )(pick_scenario)
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.DISCARD_PENDING, "data", allow_duplicate=True),
        Input(ids.DISCARD_CONFIRM, "submit_n_clicks"),
        State(ids.DISCARD_PENDING, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(confirm_discard)
    app.callback(
        Output(ids.SCENARIO_PICKER, "value"),
        Output(ids.DISCARD_PENDING, "data", allow_duplicate=True),
        Input(ids.DISCARD_CONFIRM, "cancel_n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(cancel_discard)
    app.callback(
        Output(ids.DIRTY_BADGE, "children"),
        Input(ids.WORKING, "data"),
        State(ids.URL, "search"),
    )(dirty_badge)
    app.callback(
        Output(ids.WORKING, "data", allow_duplicate=True),
        Output({"type": ids.FIELD, "path": ALL}, "value"),
        Output(ids.FLASH, "children", allow_duplicate=True),
        Output(ids.FLASH, "color", allow_duplicate=True),
        Output(ids.FLASH, "is_open", allow_duplicate=True),
        Input(ids.PAGE, "data"),
        Input({"type": ids.RESET, "page": ALL}, "n_clicks"),
        State(ids.WORKING, "data"),
        State({"type": ids.FIELD, "path": ALL}, "id"),
        State(ids.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )(sync_view)
    app.callback(
        Output(ids.SHARE_TOKEN, "data"),
        Output(ids.SHARE_PANEL, "is_open"),
        Input(ids.SHARE_BUTTON, "n_clicks"),
        State(ids.WORKING, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(share_state)
    # The link is today's address (page, choices, language) plus the state: built in the
    # browser, which alone knows the address after the pages' own history entries.
    app.clientside_callback(
        ClientsideFunction(namespace="bizcase", function_name="shareLink"),
        Output(ids.SHARE_LINK, "value"),
        Output(ids.SHARE_NOTE, "children"),
        Input(ids.SHARE_TOKEN, "data"),
        prevent_initial_call=True,
    )
    app.callback(
        Output(ids.WORKING, "data", allow_duplicate=True),
        Output({"type": ids.FIELD, "path": ALL}, "className"),
        Output({"type": ids.FEEDBACK, "path": ALL}, "children"),
        Output(ids.PROBLEMS, "children"),
        Input({"type": ids.FIELD, "path": ALL}, "value"),
        State({"type": ids.FIELD, "path": ALL}, "id"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State({"type": ids.FEEDBACK, "path": ALL}, "id"),
        prevent_initial_call=True,
    )(apply_edits)
