"""Helpers shared by the page callbacks."""

from __future__ import annotations

import math
from typing import Any

import dash_bootstrap_components as dbc
from dash import ctx
from dash.exceptions import PreventUpdate

from bizcase import Scenario
from dashapp.compute import WorkTooLarge
from dashapp.i18n import format_number, t
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


def work_message(exc: WorkTooLarge, lang: str) -> str:
    """The refusal of a run over its incident budget, in ``lang``, naming the rate fields."""
    return t(
        "err_work",
        lang,
        per_year=format_number(exc.per_year, lang),
        incidents=format_number(exc.per_year * exc.trial_years, lang),
        years=format_number(exc.trial_years, lang),
        budget=format_number(exc.budget, lang),
        max_rate=format_number(math.floor(exc.max_per_year), lang),
    )


def work_alert(exc: WorkTooLarge, lang: str) -> dbc.Alert:
    """:func:`work_message` as an inline alert (class ``work-too-large`` for tests)."""
    return dbc.Alert(work_message(exc, lang), color="warning", className="work-too-large")


def message_figure(message: str) -> dict[str, Any]:
    """An empty figure that shows ``message`` where the chart would be."""
    return {
        "data": [],
        "layout": {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": message,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 16},
                }
            ],
        },
    }
