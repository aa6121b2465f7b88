"""Callbacks of the weekly loss profile on the Edit page (:mod:`dashapp.profile_editor`).

A preset or a grid edit writes the working scenario (the store every page reads), so the
losses, delivery and business-case pages use the new profile at once, the store is marked
dirty, and the share link carries it like any other edit.  The grid is drawn from the store;
a grid with a bad cell applies nothing and keeps the user's cells on screen with a message.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from dash import ALL, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from bizcase.model.base import Profile
from dashapp import ids
from dashapp import profile_editor as pe
from dashapp.callbacks.common import triggered_id
from dashapp.fields import apply_values
from dashapp.i18n import normalise_lang
from dashapp.library import LibraryError
from dashapp.state import current_library, edited_working, points, scenario_of


def _file_profile(key: str) -> Profile | None:
    try:
        return current_library().load(key).client.loss_profile
    except LibraryError:
        return None


def render(
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    rows: list[dict[str, Any]] | None,
    preset_ids: list[dict[str, str]],
) -> tuple[Any, list[bool], str, Any]:
    """Draw the grid, the presets' state and the summary from the working scenario.

    Returns the grid's rows, each preset button's ``outline`` (the active one is filled), the
    summary and the message (cleared).  While the store is invalid and the grid holds a bad
    cell, nothing is redrawn: the user is fixing that cell.
    """
    if not page or not working or working.get("key") != page.get("scenario"):
        raise PreventUpdate
    scenario = scenario_of(working)
    if scenario is None:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    if working.get("invalid") and rows is not None and pe.read_grid(rows, lang)[1]:
        raise PreventUpdate
    vector = scenario.client.loss_profile.vector()
    file_profile = _file_profile(working["key"])
    active = pe.active_preset(vector, None if file_profile is None else file_profile.vector())
    new_rows = pe.grid_rows(vector, lang)
    return (
        no_update if rows == new_rows else new_rows,
        [p["preset"] != active for p in preset_ids],
        pe.summary(vector, lang),
        None,
    )


def _fields_invalid(
    working: dict[str, Any], values: list[Any], field_ids: list[dict[str, str]], lang: str
) -> bool:
    """Whether a field of the page holds a value that could not be applied (Save stays off)."""
    current = scenario_of(working)
    if current is None or not field_ids:
        return False
    paths = [f["path"] for f in field_ids]
    return bool(apply_values(working["scenario"], paths, values, lang, points(current)).problems)


def apply(
    _timestamp: int | None,
    _preset_clicks: list[int | None],
    rows: list[dict[str, Any]] | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    field_values: list[Any] | None = None,
    field_ids: list[dict[str, str]] | None = None,
) -> tuple[Any, Any]:
    """Apply a preset (its button) or the grid (a cell edited) to the working scenario.

    Returns the new store and the inline message: a grid with a bad cell (text, empty,
    negative) names each such cell and applies nothing (the store is marked invalid, so Save
    refuses until it is fixed).
    """
    if not working or not page or working.get("key") != page.get("scenario"):
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    key = working["key"]
    trigger = triggered_id()
    if isinstance(trigger, dict) and trigger.get("type") == ids.PROFILE_PRESET:
        if not any(_preset_clicks or ()):
            raise PreventUpdate
        preset = trigger.get("preset")
        profile = _file_profile(key) if preset == "file" else pe.preset_profiles().get(preset)
        if profile is None:
            raise PreventUpdate
    else:
        if not _timestamp:
            raise PreventUpdate
        vector, problems = pe.read_grid(rows, lang)
        if vector is None:
            new = {**working, "invalid": True}
            return (new if new != working else no_update), pe.problem_text(problems, lang)
        current = scenario_of(working)
        if current is not None and np.array_equal(current.client.loss_profile.vector(), vector):
            # Typed back to what it was: valid again, unless a field of the page is not.
            invalid = _fields_invalid(working, field_values or [], field_ids or [], lang)
            new = {**working, "invalid": invalid}
            return (new if new != working else no_update), None
        profile = pe.compact_profile(vector)
    scenario = pe.with_profile(working["scenario"], profile)
    new = edited_working(working, scenario)
    new["invalid"] = _fields_invalid(new, field_values or [], field_ids or [], lang)
    return (new if new != working else no_update), None


def register(app: Dash) -> None:
    app.callback(
        Output(ids.PROFILE_GRID, "data"),
        Output(ids.profile_preset(ALL), "outline"),  # type: ignore[arg-type]
        Output(ids.PROFILE_SUMMARY, "children"),
        Output(ids.PROFILE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.PROFILE_GRID, "data"),
        State(ids.profile_preset(ALL), "id"),  # type: ignore[arg-type]
        prevent_initial_call="initial_duplicate",
    )(render)
    app.callback(
        Output(ids.WORKING, "data", allow_duplicate=True),
        Output(ids.PROFILE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.PROFILE_GRID, "data_timestamp"),
        Input(ids.profile_preset(ALL), "n_clicks"),  # type: ignore[arg-type]
        State(ids.PROFILE_GRID, "data"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State({"type": ids.FIELD, "path": ALL}, "value"),
        State({"type": ids.FIELD, "path": ALL}, "id"),
        prevent_initial_call=True,
    )(apply)
