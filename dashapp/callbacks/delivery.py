"""Callbacks of the delivery page: the plan of one option for a number of contracts."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import BizcaseError, Scenario, scenario_from_dict
from bizcase.model import scenario_to_dict
from bizcase.output import charts
from dashapp import ids
from dashapp.callbacks.common import page_scenario, work_alert
from dashapp.compute import WorkTooLarge, interactive_trials, oncall_rota
from dashapp.i18n import chart_text, format_money, format_number, format_percent, normalise_lang, t

FIGURES = (
    ids.DELIVERY_FTE,
    ids.DELIVERY_DESK,
    ids.DELIVERY_FRONTIER,
    ids.DELIVERY_SLA,
    ids.DELIVERY_CREDITS,
    ids.DELIVERY_SCALING,
    ids.DELIVERY_ROTA,
)


@lru_cache(maxsize=8)
def _plan(key: str, option: str, contracts: int, trials: int) -> Any:
    from bizcase.delivery.plan import delivery_plan

    return delivery_plan(
        scenario_from_dict(json.loads(key)), option, contracts=contracts, trials=trials
    )


def plan_for(scenario: Scenario, option: str, contracts: int) -> Any:
    """The delivery plan (cached per scenario, option, contracts and trial count)."""
    key = json.dumps(scenario_to_dict(scenario), separators=(",", ":"))
    return _plan(key, option, contracts, interactive_trials(scenario))


def _card(label: str, value: str, sub: str = "") -> dbc.Col:
    body = [html.Div(label, className="card-label"), html.Div(value, className="mid-number")]
    if sub:
        body.append(html.Div(sub, className="card-sub"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="headline-card h-100"), md=4, xl=2)


def rota_figure(roster: int, phones: int, lang: str, text: dict[str, str]) -> Any:
    """A year of the on-call rota (round-robin weekly blocks) for the plan's roster and phones."""
    roster, phones = max(int(roster), 1), max(int(phones), 1)
    members = [t("d_member", lang, n=i + 1) for i in range(roster)]
    return charts.rota_figure(oncall_rota(roster, min(phones, roster)), members, text=text)


def render_delivery(
    option: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """Cards and the six figures of the delivery plan, for the scenario's contracts served
    (``delivery.contracts``, a field of the page: the business case and the pack use it too)."""
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options:
        raise PreventUpdate
    if getattr(scenario, "delivery", None) is None:
        alert = dbc.Alert(t("d_no_delivery", lang), color="warning")
        return (alert, None, *([no_update] * len(FIGURES)))
    n = scenario.delivery.contracts
    try:
        plan = plan_for(scenario, option, n)
    except WorkTooLarge as exc:
        return (work_alert(exc, lang), None, *([no_update] * len(FIGURES)))
    except BizcaseError as exc:
        return (dbc.Alert(str(exc), color="danger"), None, *([no_update] * len(FIGURES)))
    cur = plan.currency
    text = chart_text(lang, cur)
    st = plan.staffing
    cards = dbc.Row(
        [
            _card(t("d_cost", lang), format_money(plan.total_annual_cost, cur, lang, True)),
            _card(
                t("d_cost_contract", lang), format_money(plan.cost_per_contract, cur, lang, True)
            ),
            _card(t("d_fee", lang), format_money(plan.annual_fee, cur, lang, True)),
            _card(
                t("d_spares", lang),
                format_money(plan.spares.total_capital, cur, lang, True),
                t("d_fill", lang, f=format_percent(plan.spares.fill_rate, lang, 1)),
            ),
            _card(
                t("d_rota", lang),
                format_number(st.roster_size, lang),
                t(
                    "d_rota_text",
                    lang,
                    n=st.roster_size,
                    p=st.on_call_positions,
                    w=format_number(st.weeks_on_call_per_person, lang, 1),
                ),
            ),
            _card(
                t("d_credits", lang),
                format_money(plan.credits_per_contract["mean"], cur, lang, True),
                "P90 " + format_money(plan.credits_per_contract["p90"], cur, lang, True),
            ),
        ],
        className="g-3 mb-3",
    )
    figures = (
        charts.fte_figure(plan.fte, st.headcount, text=text),
        charts.desk_heatmap_figure(list(plan.desk_agents), text=text),
        charts.spares_frontier_figure(plan.spares.frontier, plan.spares.total_capital, text=text),
        charts.sla_attainment_figure(plan.sla, text=text),
        charts.credits_figure(list(plan.stats.credits_per_trial), text=text),
        charts.scaling_figure(plan.scaling, text=text),
        rota_figure(st.roster_size, st.on_call_positions, lang, text),
    )
    return (None, cards, *figures)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.DELIVERY_MESSAGE, "children"),
        Output(ids.DELIVERY_CARDS, "children"),
        *[Output(i, "figure") for i in FIGURES],
        Input(ids.DELIVERY_OPTION, "value"),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
    )(render_delivery)
