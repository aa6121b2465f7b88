"""Callbacks of the edit page: the live result next to the inputs."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State

from bizcase import summarise
from bizcase.output import charts
from dashapp import ids
from dashapp.callbacks.common import message_figure, page_scenario, work_message
from dashapp.callbacks.losses import cost_frame
from dashapp.compute import WorkTooLarge, interactive_trials, simulate
from dashapp.i18n import chart_text, normalise_lang


def preview(working: dict[str, Any] | None, page: dict[str, Any] | None) -> Any:
    """Fee + expected loss (+ bad-year extra) per option for the scenario being edited."""
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    try:
        result = simulate(scenario, interactive_trials(scenario))
    except WorkTooLarge as exc:
        return message_figure(work_message(exc, lang))
    return charts.total_cost_figure(
        cost_frame(scenario, summarise(result)), text=chart_text(lang, scenario.currency)
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.EDIT_PREVIEW, "figure"),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
    )(preview)
