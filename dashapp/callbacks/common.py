"""Helpers shared by the page callbacks."""

from __future__ import annotations

from typing import Any

from dash import ctx
from dash.exceptions import PreventUpdate

from bizcase import Scenario
from dashapp.library import LibraryError
from dashapp.state import current_library, scenario_of


def page_scenario(working: dict[str, Any] | None, page: dict[str, Any] | None) -> Scenario:
    """The scenario a page shows: the working one when it is the page's, else the file's."""
    if not page or not page.get("scenario"):
        raise PreventUpdate
    if working and working.get("key") == page["scenario"]:
        scenario = scenario_of(working)
        if scenario is not None:
            return scenario
    try:
        return current_library().load(page["scenario"])
    except LibraryError:
        raise PreventUpdate from None


def triggered_id() -> Any:
    """The id of the input that fired the running callback (``None`` outside a callback)."""
    try:
        return ctx.triggered_id
    except Exception:  # a direct call in a test: no callback context
        return None
