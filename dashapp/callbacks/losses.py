"""Callbacks of the client-losses page: headline cards, figures, ROI; the full run."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, Patch, State, no_update

from bizcase import SimulationResult, loss_exceedance, stage_breakdown, summarise
from bizcase.model import PRIORITIES
from bizcase.output import charts
from bizcase.output.text import history_sentences
from bizcase.simulate.history import history_check
from bizcase.simulate.summary import cost_of_one_hour, priority_breakdown
from dashapp import components as c
from dashapp import ids
from dashapp.callbacks.common import message_figure, page_scenario, work_alert
from dashapp.compute import (
    WorkTooLarge,
    client_roi,
    full_run_trials,
    interactive_trials,
    scenario_hash,
    simulate,
)
from dashapp.i18n import chart_text, format_number, format_percent, normalise_lang, t
from dashapp.jobs import job
from dashapp.texts import localised_result, option_label

OUTPUTS = (
    (ids.LOSSES_CARDS, "children"),
    (ids.LOSSES_LEC, "figure"),
    (ids.LOSSES_TOTAL, "figure"),
    (ids.LOSSES_STAGES, "figure"),
    (ids.LOSSES_PRIORITY, "figure"),
    (ids.LOSSES_ROI, "children"),
    (ids.LOSSES_BADGE, "children"),
    (ids.LOSSES_SIMKEY, "data"),
)


def cost_frame(scenario: Any, summaries: dict[str, Any]) -> pd.DataFrame:
    """Fee, expected loss and P90 per option (the total-cost chart's input)."""
    return pd.DataFrame(
        [
            {
                "label": s.label,
                "annual_fee": scenario.options[name].annual_fee,
                "expected_loss": s.expected_annual_loss,
                "p90": s.p90,
            }
            for name, s in summaries.items()
        ]
    )


def losses_view(
    scenario: Any,
    result: SimulationResult,
    lang: str,
    log_y: bool,
    simkey: dict[str, Any] | None,
    full: bool = False,
) -> tuple[Any, ...]:
    """Every output of the page for a result; figures that only depend on the simulation are
    left alone (``no_update``) and the fee trace patched when only prices changed."""
    result = localised_result(result, scenario, lang)
    summaries = summarise(result)
    cur = scenario.currency
    text = chart_text(lang, cur)
    cards = [c.cost_cards(cost_of_one_hour(result), cur, lang)]
    check = history_check(result)
    if check is not None:
        lines = history_sentences(
            check,
            lang,
            lambda x, d: format_number(x, lang, d),
            lambda x: format_percent(x, lang, 1),
        )
        cards.append(c.history_note(lines, check.contradicts))
    cards.append(c.option_cards(scenario, summaries, lang))
    roi_rows = [
        dataclasses.replace(r, label=option_label(scenario, r.option, lang))
        for r in client_roi(scenario, summaries)
    ]
    roi = c.roi_table(roi_rows, cur, lang)
    badge = t(
        "full_badge" if full else "preview_badge",
        lang,
        trials=format_number(result.trials, lang),
        seed=result.seed,
    )
    key = {
        "hash": scenario_hash(scenario),
        "lang": lang,
        "trials": result.trials,
        "seed": result.seed,
        "labels": list(result.labels),
    }
    costs = cost_frame(scenario, summaries)
    if simkey == key:
        fees = Patch()
        fees["data"][0]["y"] = [float(v) for v in costs["annual_fee"]]
        return cards, no_update, fees, no_update, no_update, roi, badge, no_update
    labels = dict(zip(result.options, result.labels, strict=True))
    lec = charts.loss_exceedance_figure(loss_exceedance(result), text=text, log_y=log_y)
    total = charts.total_cost_figure(costs, text=text)
    impact = dict(zip(PRIORITIES, (float(v) for v in result.impact_share), strict=True))
    stages = charts.stage_hours_figure(stage_breakdown(result), impact, labels, text=text)
    priority = charts.priority_loss_figure(priority_breakdown(result), labels, text=text)
    return cards, lec, total, stages, priority, roi, badge, key


def refused(exc: WorkTooLarge, lang: str) -> tuple[Any, ...]:
    """Every output of the page for a run that was refused: the message, no figures."""
    empty = message_figure("")
    return work_alert(exc, lang), empty, empty, empty, empty, None, "", None


def render_losses(
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    log_y: bool | None,
    simkey: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """Live update at the interactive trial count (cached per scenario, trials and seed)."""
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    try:
        result = simulate(scenario, interactive_trials(scenario))
    except WorkTooLarge as exc:
        return refused(exc, lang)
    return losses_view(scenario, result, lang, bool(log_y), simkey)


@job("full-run", outputs=len(OUTPUTS), message_at=6, page_arg=2)
def full_run(
    set_progress: Any,
    _clicks: int | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    log_y: bool | None,
    size: str | None = None,
) -> tuple[Any, ...]:
    """A long run in a background worker, with progress: the scenario's own trial count or one
    of the larger sizes (``size``, see :func:`~dashapp.compute.full_run_trials`)."""
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))

    def progress(done: int, total: int) -> None:
        set_progress(
            (100.0 * done / total, f"{format_number(done, lang)} / {format_number(total, lang)}")
        )

    try:
        result = simulate(scenario, full_run_trials(scenario, size), progress=progress)
    except WorkTooLarge as exc:
        return refused(exc, lang)
    return losses_view(scenario, result, lang, bool(log_y), None, full=True)


def toggle_log(log_y: bool | None) -> Patch:
    """Switch the loss-exceedance probability axis between log and linear, in place."""
    fig = Patch()
    if log_y:
        fig["layout"]["yaxis"]["type"] = "log"
        fig["layout"]["yaxis"]["range"] = [-3, 0.02]
    else:
        fig["layout"]["yaxis"]["type"] = "linear"
        fig["layout"]["yaxis"]["range"] = [0, 1.02]
    return fig


def register(app: Dash) -> None:
    app.callback(
        [Output(i, p, allow_duplicate=True) for i, p in OUTPUTS],
        Input(ids.WORKING, "data"),
        Input(ids.PAGE, "data"),
        State(ids.LOSSES_LOG, "value"),
        State(ids.LOSSES_SIMKEY, "data"),
        prevent_initial_call="initial_duplicate",
    )(render_losses)
    app.callback(
        [Output(i, p, allow_duplicate=True) for i, p in OUTPUTS],
        Input(ids.LOSSES_RUN, "n_clicks"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.LOSSES_LOG, "value"),
        State(ids.LOSSES_SIZE, "value"),
        background=True,
        progress=[Output(ids.LOSSES_PROGRESS, "value"), Output(ids.LOSSES_PROGRESS, "label")],
        running=[
            (Output(ids.LOSSES_RUN, "disabled"), True, False),
            (Output(ids.LOSSES_SIZE, "disabled"), True, False),
            (Output(ids.LOSSES_CANCEL, "disabled"), False, True),
        ],
        cancel=[Input(ids.LOSSES_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )(full_run)
    app.callback(
        Output(ids.LOSSES_LEC, "figure", allow_duplicate=True),
        Input(ids.LOSSES_LOG, "value"),
        prevent_initial_call=True,
    )(toggle_log)
