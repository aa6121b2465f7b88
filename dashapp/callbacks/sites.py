"""Callbacks of the edit page's sites table (:mod:`dashapp.sites_editor`).

``fill_sites`` fills the table from the working scenario when the page opens and whenever the
store changes from elsewhere (reset, a shared link, another scenario); ``edit_sites`` applies
the table to the store, validated like a file, or shows what is wrong and applies nothing.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from dashapp import ids
from dashapp.callbacks.common import triggered_id
from dashapp.i18n import normalise_lang
from dashapp.sites_editor import (
    ROW_ID,
    apply_rows,
    new_row,
    problems_alert,
    site_rows,
    sites_from_rows,
)
from dashapp.state import edited_working


def _inventory(data: dict[str, Any]) -> list[str]:
    return [str(d["name"]) for d in data.get("inventory") or []]


def fill_sites(
    page: dict[str, Any] | None,
    working: dict[str, Any] | None,
    rows: list[dict[str, Any]] | None,
    base: dict[str, Any] | None,
) -> tuple[Any, Any, Any]:
    """``(rows, base, message)`` of the working scenario's sites, or no update when the table
    already shows them (or holds a pending invalid edit of its own)."""
    if not page or not working or working.get("key") != page.get("scenario"):
        raise PreventUpdate
    data = working.get("scenario") or {}
    sites = list(data.get("sites") or [])
    if rows and triggered_id() == ids.WORKING:
        if working.get("invalid"):
            raise PreventUpdate  # the table's (or a field's) bad value stays to be fixed
        shown, problems = sites_from_rows(rows, base or {}, _inventory(data))
        if not problems and shown == sites:
            raise PreventUpdate
    fresh = site_rows(sites, _inventory(data))
    return fresh, {row[ROW_ID]: site for row, site in zip(fresh, sites, strict=True)}, None


def edit_sites(
    _timestamp: int | None,
    add_clicks: int | None,
    rows: list[dict[str, Any]] | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    base: dict[str, Any] | None,
) -> tuple[Any, Any, Any, Any]:
    """Apply the table (after adding a row, for the add button) to the working scenario.

    Returns the store, the rows (new only after an add), the applied sites by row id, and the
    inline problems (``None`` when the table applied).
    """
    if not working or not page or working.get("key") != page.get("scenario"):
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    rows = list(rows or [])
    added = triggered_id() == ids.SITES_ADD
    if added:
        if not add_clicks:
            raise PreventUpdate
        rows.append(new_row(rows, lang))
    outcome = apply_rows(working["scenario"], rows, base or {}, lang)
    rows_out = rows if added else no_update
    if outcome.scenario is None:
        new = {**working, "invalid": True}
        return (
            new if new != working else no_update,
            rows_out,
            no_update,
            problems_alert(outcome.problems, lang),
        )
    new = edited_working(working, outcome.scenario)
    applied = {
        str(row[ROW_ID]): site
        for row, site in zip(rows, new["scenario"].get("sites") or [], strict=True)
    }
    return (new if new != working else no_update), rows_out, applied, None


def register(app: Dash) -> None:
    app.callback(
        Output(ids.SITES_TABLE, "data"),
        Output(ids.SITES_BASE, "data"),
        Output(ids.SITES_MESSAGE, "children"),
        Input(ids.PAGE, "data"),
        Input(ids.WORKING, "data"),
        State(ids.SITES_TABLE, "data"),
        State(ids.SITES_BASE, "data"),
    )(fill_sites)
    app.callback(
        Output(ids.WORKING, "data", allow_duplicate=True),
        Output(ids.SITES_TABLE, "data", allow_duplicate=True),
        Output(ids.SITES_BASE, "data", allow_duplicate=True),
        Output(ids.SITES_MESSAGE, "children", allow_duplicate=True),
        Input(ids.SITES_TABLE, "data_timestamp"),
        Input(ids.SITES_ADD, "n_clicks"),
        State(ids.SITES_TABLE, "data"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.SITES_BASE, "data"),
        prevent_initial_call=True,
    )(edit_sites)
