"""Callbacks of the design page: search an option's designs, draw the frontier, use one."""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import BizcaseError, Scenario, scenario_from_dict
from bizcase.model import PRIORITIES, scenario_to_dict
from bizcase.output import charts
from dashapp import ids
from dashapp.callbacks.common import message_figure, page_scenario, work_alert
from dashapp.compute import WorkTooLarge, interactive_trials
from dashapp.i18n import chart_text, format_money, format_number, format_percent, normalise_lang, t
from dashapp.library import LibraryError
from dashapp.state import current_library, dump

#: Trial-years of a search on the page: every candidate restores the same incidents, and a
#: search simulates tens of candidates, so a live search uses fewer years than a live run
#: (the command line, ``bizcase design``, uses the scenario's own trials).
DESIGN_TRIALS = 1_000
#: Most designs a search on the page simulates (when no design meets the targets nothing
#: prunes the space; the summary then says the search stopped there).
DESIGN_MAX_EVALUATIONS = 150


def _key(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), separators=(",", ":"), sort_keys=True)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def _search(key: str, option: str, targets: tuple[tuple[str, float], ...], trials: int) -> Any:
    from bizcase.delivery.design_search import search_designs

    return search_designs(
        scenario_from_dict(json.loads(key)),
        option,
        dict(targets),
        trials=trials,
        max_evaluations=DESIGN_MAX_EVALUATIONS,
    )


def parse_target(value: Any, what: str, lang: str, *, required: bool) -> float | None:
    """A target share from its input box: None when optional and empty, else in [0.5, 1]."""
    if value in (None, ""):
        if required:
            raise ValueError(t("g_bad_target", lang, what=what))
        return None
    try:
        share = float(value)
    except (TypeError, ValueError):
        share = math.nan
    if not (math.isfinite(share) and 0.5 <= share <= 1.0):
        raise ValueError(t("g_bad_target", lang, what=what))
    return share


def _label(choice: dict[str, str], filed: dict[str, str], lang: str) -> str:
    changed = [f"{k}={v}" for k, v in choice.items() if filed.get(k) != v]
    return "; ".join(changed) if changed else t("g_as_filed", lang)


def run_search(
    clicks: int | None,
    option: str | None,
    critical: Any,
    major: Any,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """Search the option's designs: message, summary, the result store, table and selection."""
    if not clicks:
        raise PreventUpdate
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options:
        raise PreventUpdate
    blank = (None, None, [], [], [])
    try:
        targets = {
            "critical": parse_target(critical, t("g_target_critical", lang), lang, required=True)
        }
        wanted_major = parse_target(major, t("g_target_major", lang), lang, required=False)
    except ValueError as exc:
        return (dbc.Alert(str(exc), color="danger", className="design-error"), *blank)
    if wanted_major is not None:
        targets["major"] = wanted_major
    try:
        trials = min(interactive_trials(scenario), DESIGN_TRIALS)
        key = _key(scenario)
        result = _search(key, option, tuple(targets.items()), trials)
    except WorkTooLarge as exc:
        return (work_alert(exc, lang), *blank)
    except BizcaseError as exc:
        return (dbc.Alert(str(exc), color="danger", className="design-error"), *blank)
    cur = result.currency
    filed = result.current.choice
    frontier = {json.dumps(p.choice, sort_keys=True) for p in result.frontier}
    points = [
        {
            "choice": p.choice,
            "label": _label(p.choice, filed, lang),
            "annual_cost": p.annual_cost,
            "attainment": p.attainment,
            "meets": p.meets_targets,
            "on_frontier": json.dumps(p.choice, sort_keys=True) in frontier,
        }
        for p in result.points
    ]
    chosen = 0
    if result.cheapest is not None:
        chosen = next(i for i, p in enumerate(result.points) if p is result.cheapest)
    store = {
        "option": result.option,
        "scenario": _digest(key),
        "targets": result.targets,
        "currency": cur,
        "points": points,
        "chosen": chosen,
    }
    summary_lines = [
        t(
            "g_summary",
            lang,
            evaluated=format_number(result.evaluated, lang),
            space=format_number(result.space_size, lang),
            trials=format_number(result.trials, lang),
            contracts=format_number(result.contracts, lang),
        )
    ]
    if result.cheapest is not None:
        summary_lines.append(
            t(
                "g_cheapest",
                lang,
                cost=format_money(result.cheapest.annual_cost, cur, lang),
                label=points[chosen]["label"],
                filed=format_money(result.current.annual_cost, cur, lang),
            )
        )
    else:
        summary_lines.append(t("g_none", lang, reason=result.reason or ""))
    summary = html.Div([html.P(line) for line in summary_lines], className="design-summary")
    priorities = [p for p in PRIORITIES if p in result.current.attainment]
    columns = [
        {"name": t("g_col_design", lang), "id": "label"},
        {"name": t("g_col_cost", lang), "id": "cost"},
        *({"name": t(f"priority_{p}", lang), "id": p} for p in priorities),
        {"name": t("g_col_meets", lang), "id": "meets"},
        {"name": t("g_col_frontier", lang), "id": "frontier"},
    ]
    rows = [
        {
            "label": p["label"],
            "cost": format_money(p["annual_cost"], cur, lang),
            **{q: format_percent(p["attainment"][q], lang, 1) for q in priorities},
            "meets": t("g_yes" if p["meets"] else "g_no", lang),
            "frontier": t("g_yes" if p["on_frontier"] else "g_no", lang),
        }
        for p in points
    ]
    return None, summary, store, columns, rows, [chosen]


def frontier_figure(
    store: dict[str, Any] | None, selected: list[int] | None, page: dict[str, Any] | None
) -> Any:
    """The frontier chart of the search in the store, the selected row marked."""
    lang = normalise_lang((page or {}).get("lang"))
    if not store or not store.get("points"):
        return message_figure("")
    first = next(iter(store["targets"]))
    frame = pd.DataFrame(
        {
            "annual_cost": [p["annual_cost"] for p in store["points"]],
            "attainment": [p["attainment"][first] for p in store["points"]],
            "label": [p["label"] for p in store["points"]],
            "on_frontier": [bool(p["on_frontier"]) for p in store["points"]],
        }
    )
    chosen = selected[0] if selected else store.get("chosen")
    if chosen is not None and not 0 <= int(chosen) < len(frame):
        chosen = None
    text = chart_text(lang, store.get("currency", ""))
    return charts.design_frontier_figure(
        frame, float(store["targets"][first]), None if chosen is None else int(chosen), text=text
    )


def use_design(
    clicks: int | None,
    selected: list[int] | None,
    store: dict[str, Any] | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """Put the selected design into the session's edits: every page follows it."""
    from bizcase.delivery.design_search import apply_choice

    if not clicks or not store or not store.get("points") or not page:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    scenario = page_scenario(working, page)
    if _digest(_key(scenario)) != store.get("scenario"):
        return no_update, dbc.Alert(t("g_stale", lang), color="warning")
    index = selected[0] if selected else store["chosen"]
    point = store["points"][int(index)]
    option = store["option"]
    design = scenario.options[option].design
    if design is None:
        raise PreventUpdate
    try:
        chosen = apply_choice(design, point["choice"], keep_candidates=True)
        data = dump(scenario)
        data["options"][option]["design"] = chosen.model_dump(mode="json", exclude_none=True)
        edited = scenario_from_dict(data)
    except (BizcaseError, ValueError) as exc:
        return no_update, dbc.Alert(str(exc), color="danger", className="design-error")
    new_data = dump(edited)
    key = page["scenario"]
    try:
        dirty = new_data != dump(current_library().load(key))
    except LibraryError:
        dirty = True
    new = {"key": key, "scenario": new_data, "dirty": dirty, "invalid": False}
    message = dbc.Alert(
        t("g_used", lang, label=point["label"]), color="success", className="design-used"
    )
    return new, message


def register(app: Dash) -> None:
    app.callback(
        Output(ids.DESIGN_MESSAGE, "children"),
        Output(ids.DESIGN_SUMMARY, "children"),
        Output(ids.DESIGN_RESULT, "data"),
        Output(ids.DESIGN_TABLE, "columns"),
        Output(ids.DESIGN_TABLE, "data"),
        Output(ids.DESIGN_TABLE, "selected_rows"),
        Input(ids.DESIGN_RUN, "n_clicks"),
        State(ids.DESIGN_OPTION, "value"),
        State(ids.DESIGN_TARGET_CRITICAL, "value"),
        State(ids.DESIGN_TARGET_MAJOR, "value"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        prevent_initial_call=True,
    )(run_search)
    app.callback(
        Output(ids.DESIGN_FRONTIER, "figure"),
        Input(ids.DESIGN_RESULT, "data"),
        Input(ids.DESIGN_TABLE, "selected_rows"),
        State(ids.PAGE, "data"),
    )(frontier_figure)
    app.callback(
        Output(ids.WORKING, "data", allow_duplicate=True),
        Output(ids.DESIGN_USED, "children"),
        Input(ids.DESIGN_USE, "n_clicks"),
        State(ids.DESIGN_TABLE, "selected_rows"),
        State(ids.DESIGN_RESULT, "data"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        prevent_initial_call=True,
    )(use_design)
