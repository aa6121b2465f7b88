"""Callbacks of the compare page: key figures with deltas, overlaid curves, differing inputs."""

from __future__ import annotations

import math
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import Scenario, loss_exceedance, summarise
from bizcase.output import charts
from bizcase.output.labels import labelled
from bizcase.simulate.summary import OptionSummary
from dashapp import ids
from dashapp.callbacks.common import work_alert
from dashapp.compute import WorkTooLarge, differing_inputs, interactive_trials, simulate
from dashapp.i18n import chart_text, format_money, format_number, format_percent, normalise_lang, t
from dashapp.library import LibraryError
from dashapp.pages.compare import BASELINE, BEST
from dashapp.state import current_library, make_search, parse_search

MAX_DIFF_ROWS = 60


def chosen_option(scenario: Scenario, summaries: dict[str, OptionSummary], which: str) -> str:
    """The option shown for a scenario: the baseline, or the contract with the lowest fee +
    expected loss (the baseline when there is no other option)."""
    contracts = [n for n in summaries if n != scenario.baseline]
    if which == BASELINE or not contracts:
        return scenario.baseline
    return min(
        contracts,
        key=lambda n: scenario.options[n].annual_fee + summaries[n].expected_annual_loss,
    )


def key_figures(
    scenarios: dict[str, Scenario], which: str, lang: str
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """Per scenario, the figures of the table (raw numbers) and its loss-exceedance curve."""
    rows = []
    curves = []
    for key, scenario in scenarios.items():
        result = simulate(scenario, interactive_trials(scenario))
        summaries = summarise(result)
        name = chosen_option(scenario, summaries, which)
        s = summaries[name]
        base = summaries[scenario.baseline]
        fee = scenario.options[name].annual_fee
        rows.append(
            {
                "key": key,
                "title": scenario.name,
                "currency": scenario.currency,
                "option": s.label,
                "cost_hour": result.peak_loss_per_hour,
                "incidents": sum(scenario.annual_rates().values()),
                "el": s.expected_annual_loss,
                "p90": s.p90,
                "fee": fee,
                "total": fee + s.expected_annual_loss,
                "availability": s.availability,
                "saving": base.expected_annual_loss - s.expected_annual_loss - fee,
            }
        )
        lec = loss_exceedance(result)
        lec = lec[lec["option"] == name].assign(label=f"{scenario.name} — {s.label}")
        curves.append(lec)
    return rows, pd.concat(curves, ignore_index=True)


def _delta(value: float, first: float, fmt: Any) -> str:
    diff = value - first
    if abs(diff) < 1e-9:
        return ""
    return f" (Δ {'+' if diff > 0 else '−'}{fmt(abs(diff))})"


def figures_table(rows: list[dict[str, Any]], lang: str) -> dbc.Table:
    """Scenarios as columns, key figures as rows, each with its delta against the first."""
    first = rows[0]
    same_currency = all(r["currency"] == first["currency"] for r in rows)

    def money(r: dict[str, Any], k: str) -> str:
        text = format_money(r[k], r["currency"], lang, compact=True)
        if same_currency and r is not first:
            text += _delta(r[k], first[k], lambda v: format_money(v, r["currency"], lang, True))
        return text

    def number(r: dict[str, Any], k: str) -> str:
        text = format_number(r[k], lang, 1)
        if r is not first:
            text += _delta(r[k], first[k], lambda v: format_number(v, lang, 1))
        return text

    def share(r: dict[str, Any], k: str) -> str:
        text = format_percent(r[k], lang, 3)
        if r is not first:
            text += _delta(r[k] * 100, first[k] * 100, lambda v: format_number(v, lang, 3) + " pp")
        return text

    spec = [
        ("k_option", lambda r: r["option"]),
        ("k_cost_hour", lambda r: money(r, "cost_hour")),
        ("k_incidents", lambda r: number(r, "incidents")),
        ("k_el", lambda r: money(r, "el")),
        ("k_p90", lambda r: money(r, "p90")),
        ("k_fee", lambda r: money(r, "fee")),
        ("k_total", lambda r: money(r, "total")),
        ("k_availability", lambda r: share(r, "availability")),
        ("k_saving", lambda r: money(r, "saving")),
    ]
    header = html.Thead(html.Tr([html.Th("")] + [html.Th(r["title"]) for r in rows]))
    body = html.Tbody(
        [html.Tr([html.Th(t(label, lang))] + [html.Td(fn(r)) for r in rows]) for label, fn in spec]
    )
    return dbc.Table(
        [header, body], bordered=True, hover=True, responsive=True, className="compare-table"
    )


def diff_table(scenarios: dict[str, Scenario], lang: str) -> Any:
    """The inputs whose values differ, one row per field path."""
    rows = differing_inputs(scenarios)
    if not rows:
        return html.P(t("compare_same", lang))
    shown = rows[:MAX_DIFF_ROWS]
    first = next(iter(scenarios.values()))

    def cell(v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, float) and math.isfinite(v):
            return format_number(v, lang, 4).rstrip("0").rstrip(",.") or "0"
        text = str(v)
        return text if len(text) <= 60 else text[:57] + "…"

    header = html.Thead(
        html.Tr([html.Th(t("field", lang))] + [html.Th(s.name) for s in scenarios.values()])
    )
    body = html.Tbody(
        [
            html.Tr(
                [html.Td(html.Span(labelled(path, lang, first), title=path))]
                + [html.Td(cell(v)) for v in values]
            )
            for path, values in shown
        ]
    )
    more = len(rows) - len(shown)
    return html.Div(
        [
            dbc.Table(
                [header, body], bordered=True, size="sm", responsive=True, className="diff-table"
            ),
            html.P(t("compare_more", lang, n=more), className="text-muted") if more > 0 else None,
        ]
    )


def render_compare(
    picked: list[str] | None, which: str | None, page: dict[str, Any] | None, search: str | None
) -> tuple[Any, ...]:
    """Everything on the compare page for 2–4 picked scenarios."""
    if not page:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    picked = list(dict.fromkeys(picked or []))
    new_search = make_search({**parse_search(search), "scenarios": ",".join(picked)})
    query: Any = new_search if new_search != (search or "") else no_update
    if not 2 <= len(picked) <= 4:
        message = dbc.Alert(t("compare_need", lang), color="warning")
        return message, None, {}, None, query
    library = current_library()
    try:
        scenarios = {key: library.load(key) for key in picked}
    except LibraryError:
        raise PreventUpdate from None
    try:
        rows, curves = key_figures(scenarios, which or BEST, lang)
    except WorkTooLarge as exc:
        return work_alert(exc, lang), None, {}, None, query
    currency = "/".join(dict.fromkeys(r["currency"] for r in rows))
    text = chart_text(lang, currency)
    text["lec_title"] = t("compare_lec", lang)
    lec = charts.loss_exceedance_figure(curves, text=text)
    return None, figures_table(rows, lang), lec, diff_table(scenarios, lang), query


def register(app: Dash) -> None:
    app.callback(
        Output(ids.CMP_MESSAGE, "children"),
        Output(ids.CMP_TABLE, "children"),
        Output(ids.CMP_LEC, "figure"),
        Output(ids.CMP_DIFF, "children"),
        Output(ids.CMP_URL, "search"),
        Input(ids.CMP_PICK, "value"),
        Input(ids.CMP_WHICH, "value"),
        State(ids.PAGE, "data"),
        State(ids.CMP_URL, "search"),
    )(render_compare)
