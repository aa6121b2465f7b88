"""Callbacks of the compare page: key figures with deltas, overlaid curves, differing inputs."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import Scenario, loss_exceedance, summarise
from bizcase.economics.solve import pv_margin
from bizcase.output import charts
from bizcase.output.labels import input_label, input_unit
from bizcase.output.text import payback_phrase
from bizcase.simulate.summary import OptionSummary
from dashapp import ids
from dashapp.callbacks.common import work_alert
from dashapp.compute import (
    WorkTooLarge,
    business_case,
    differing_inputs,
    interactive_trials,
    simulate,
)
from dashapp.i18n import chart_text, format_money, format_number, format_percent, normalise_lang, t
from dashapp.library import LibraryError
from dashapp.pages.compare import BASELINE, BEST
from dashapp.state import current_library, make_search, parse_search, scenario_of
from dashapp.texts import localised_result, option_label, scenario_name


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
        result = localised_result(simulate(scenario, interactive_trials(scenario)), scenario, lang)
        summaries = summarise(result)
        name = chosen_option(scenario, summaries, which)
        s = summaries[name]
        base = summaries[scenario.baseline]
        fee = scenario.options[name].annual_fee
        rows.append(
            {
                "key": key,
                "title": scenario_name(scenario, lang),
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
        lec = lec[lec["option"] == name].assign(
            label=f"{scenario_name(scenario, lang)} — {s.label}"
        )
        curves.append(lec)
    return rows, pd.concat(curves, ignore_index=True)


def lec_by_currency(curves: pd.DataFrame, rows: list[dict[str, Any]], lang: str) -> Any:
    """The overlaid loss-exceedance curves: one money axis per currency, side by side.

    Amounts in different currencies never share an axis (nor are they converted): each
    currency gets its own panel, titled with its code, the probability axis shared.
    """
    currency_of = {f"{r['title']} — {r['option']}": r["currency"] for r in rows}
    currencies = list(dict.fromkeys(r["currency"] for r in rows))
    labels = list(dict.fromkeys(curves["label"]))
    palette = charts.OPTION_COLOURS
    colours = [palette[i % len(palette)] for i in range(len(labels))]
    if len(currencies) == 1:
        text = chart_text(lang, currencies[0])
        text["lec_title"] = t("compare_lec", lang)
        return charts.loss_exceedance_figure(curves, text=text, colours=colours)
    gap = 0.06
    width = (1.0 - gap * (len(currencies) - 1)) / len(currencies)
    data: list[Any] = []
    layout: dict[str, Any] = {}
    for i, currency in enumerate(currencies):
        mine = [label for label in labels if currency_of.get(label) == currency]
        text = chart_text(lang, currency)
        text["lec_title"] = t("compare_lec_currencies", lang, currencies=", ".join(currencies))
        part = charts.loss_exceedance_figure(
            curves[curves["label"].isin(mine)],
            text=text,
            colours=[colours[labels.index(label)] for label in mine],
        ).to_plotly_json()
        suffix = "" if i == 0 else str(i + 1)
        for trace in part["data"]:
            data.append({**trace, "xaxis": f"x{suffix}", "yaxis": f"y{suffix}"})
        if i == 0:
            layout = dict(part["layout"])
        start = i * (width + gap)
        layout[f"xaxis{suffix}"] = {
            **part["layout"].get("xaxis", {}),
            "domain": [start, start + width],
            "anchor": f"y{suffix}",
        }
        yaxis = {**part["layout"].get("yaxis", {}), "anchor": f"x{suffix}"}
        if i > 0:
            # Same fixed probability range as the first panel (no "matches": it can loop).
            yaxis.update(showticklabels=False, title={"text": ""})
        layout[f"yaxis{suffix}"] = yaxis
    return {"data": data, "layout": layout}


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
    """Every input whose values differ, one row per field path, in a scrolling table.

    Rows are named by the library's label table (the field path on hover); a money value
    carries its own scenario's currency when the scenarios' currencies differ. The table is
    one escaped HTML string in a single ``dcc.Markdown`` (hundreds of rows as Dash components
    take the browser seconds to draw); every text in it goes through :func:`html.escape`.
    """
    rows = differing_inputs(scenarios)
    if not rows:
        return html.P(t("compare_same", lang))
    listed = list(scenarios.values())
    currencies = list(dict.fromkeys(s.currency for s in listed))
    mixed = len(currencies) > 1

    def cell(v: Any, money: bool, scenario: Scenario) -> str:
        if v is None:
            return "–"
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, int | float) and math.isfinite(v):
            text = _trim(format_number(v, lang, 4), lang)
            return f"{text} {scenario.currency}" if money and mixed else text
        text = str(v)
        return text if len(text) <= 80 else text[:77] + "…"

    head = "".join(f"<th>{_text(scenario_name(s, lang))}</th>" for s in listed)
    body = []
    for path, values in rows:
        # Named after a scenario that has the value (an item only the second one lists).
        owner = next((s for s, v in zip(listed, values, strict=True) if v is not None), listed[0])
        money = "¤" in input_unit(path, lang, "¤")
        unit = input_unit(path, lang, t("compare_own_currency", lang) if mixed else owner.currency)
        label = input_label(path, lang, owner)
        name = f"{label} ({unit})" if unit else label
        if _is_text(path):  # a reader-facing text: in the page's language, as on the pages
            pairs = zip(values, listed, strict=True)
            values = [v if v is None else sc.text(path, lang) for v, sc in pairs]
        cells = "".join(
            f"<td>{_text(cell(v, money, sc))}</td>" for v, sc in zip(values, listed, strict=True)
        )
        body.append(f'<tr><td><span title="{escape(path)}">{_text(name)}</span></td>{cells}</tr>')
    table = (
        '<table class="table table-bordered table-sm diff-table mb-0">'
        f"<thead><tr><th>{_text(t('field', lang))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    return html.Div(
        [
            html.P(t("compare_diff_count", lang, n=len(rows)), className="text-muted small-note"),
            html.Div(
                dcc.Markdown(table, dangerously_allow_html=True, className="diff-html"),
                className="diff-scroll",
            ),
        ]
    )


def _is_text(path: str) -> bool:
    """Whether ``path`` is a scenario text :meth:`bizcase.Scenario.text` can translate."""
    parts = path.split(".")
    return path in ("name", "description", "client.name") or (
        len(parts) == 3 and parts[0] == "options" and parts[2] in ("label", "description")
    )


def _text(value: str) -> str:
    """A text as HTML element content: escaped, on one line (a blank line would end the
    Markdown HTML block and show the rest as Markdown)."""
    return escape(" ".join(value.split()), quote=False)


def _trim(text: str, lang: str) -> str:
    """``1,234.5000`` → ``1,234.5``; ``2,0000`` (ru) → ``2``."""
    decimal = "," if lang == "ru" else "."
    if decimal not in text:
        return text
    return text.rstrip("0").rstrip(decimal)


def compared_scenarios(
    picked: list[str], working: dict[str, Any] | None
) -> tuple[dict[str, Scenario], set[str]]:
    """The picked scenarios, the session's working one with its unsaved edits; and which keys
    carry such edits."""
    library = current_library()
    edited = scenario_of(working) if working and working.get("dirty") else None
    out: dict[str, Scenario] = {}
    for key in picked:
        if edited is not None and working is not None and working.get("key") == key:
            out[key] = edited
        else:
            out[key] = library.load(key)
    keys = {k for k in picked if edited is not None and working and working.get("key") == k}
    return out, keys


def _picked(picked: list[str] | None) -> list[str]:
    return list(dict.fromkeys(picked or []))


def render_compare(
    picked: list[str] | None,
    which: str | None,
    page: dict[str, Any] | None,
    search: str | None,
    working: dict[str, Any] | None = None,
) -> tuple[Any, ...]:
    """Everything on the compare page for 2–4 picked scenarios (unsaved edits included)."""
    if not page:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    picked = _picked(picked)
    choices = {"scenarios": ",".join(picked), "which": which if which == BASELINE else None}
    new_search = make_search({**parse_search(search), **choices})
    query: Any = new_search if new_search != (search or "") else no_update
    if not 2 <= len(picked) <= 4:
        message = dbc.Alert(t("compare_need", lang), color="warning")
        return message, None, {}, None, query
    try:
        scenarios, edited = compared_scenarios(picked, working)
    except LibraryError:
        raise PreventUpdate from None
    try:
        rows, curves = key_figures(scenarios, which or BEST, lang)
    except WorkTooLarge as exc:
        return work_alert(exc, lang), None, {}, None, query
    for row in rows:
        if row["key"] in edited:
            row["title"] += f" ({t('unsaved', lang)})"
    curves = curves.copy()
    lec = lec_by_currency(curves, rows, lang)
    return None, figures_table(rows, lang), lec, diff_table(scenarios, lang), query


def business_rows(
    picked: list[str] | None,
    which: str | None,
    page: dict[str, Any] | None,
    working: dict[str, Any] | None = None,
) -> Any:
    """The business case of each scenario's shown option, beside its losses: the client's NPV,
    ROI and payback, the integrator's NPV, P(NPV < 0) and margin (PV basis, ± its Monte Carlo
    standard error), on the scenario's business-case trials."""
    if not page:
        raise PreventUpdate
    lang = normalise_lang(page.get("lang"))
    picked = _picked(picked)
    if not 2 <= len(picked) <= 4:
        return None
    try:
        scenarios, edited = compared_scenarios(picked, working)
    except LibraryError:
        raise PreventUpdate from None
    columns: list[tuple[str, str, list[str] | None]] = []
    try:
        for key, scenario in scenarios.items():
            summaries = summarise(simulate(scenario, interactive_trials(scenario)))
            name = chosen_option(scenario, summaries, which or BEST)
            title = scenario_name(scenario, lang)
            title += f" ({t('unsaved', lang)})" if key in edited else ""
            label = option_label(scenario, name, lang)
            if name == scenario.baseline:
                columns.append((title, label, None))
                continue
            case = business_case(scenario)
            columns.append((title, label, _case_cells(scenario, case, name, lang)))
    except WorkTooLarge as exc:
        return work_alert(exc, lang)
    labels = [
        "cmp_b_option",
        "cmp_b_client_npv",
        "cmp_b_client_roi",
        "cmp_b_client_payback",
        "cmp_b_integrator_npv",
        "cmp_b_integrator_negative",
        "cmp_b_margin",
        "cmp_b_trials",
    ]
    header = html.Thead(html.Tr([html.Th("")] + [html.Th(title) for title, *_ in columns]))
    body = []
    for i, label in enumerate(labels):
        cells: list[Any] = [html.Th(t(label, lang))]
        for _title, option, values in columns:
            if i == 0:
                cells.append(html.Td(option))
            else:
                cells.append(html.Td(values[i - 1] if values else "–"))
        body.append(html.Tr(cells))
    return html.Div(
        [
            dbc.Table(
                [header, html.Tbody(body)],
                bordered=True,
                hover=True,
                responsive=True,
                className="compare-table compare-business",
            ),
            html.P(t("cmp_b_note", lang), className="text-muted small-note"),
        ]
    )


def _case_cells(scenario: Scenario, case: Any, name: str, lang: str) -> list[str]:
    """The business-case cells of option ``name`` (see :func:`business_rows`)."""
    cur = scenario.currency
    d = case.decisions[name]
    client = d.percentiles("client")
    if d.client_payback is not None:
        payback = payback_phrase(d.client_payback, lang, lambda x, n: format_number(x, lang, n))
    elif math.isfinite(d.client_payback_years):
        payback = t("b_years", lang, y=format_number(d.client_payback_years, lang, 1))
    else:
        payback = t("b_never", lang)
    cells = [
        format_money(client["mean"], cur, lang, compact=True),
        format_percent(d.client_roi, lang, 0) if math.isfinite(d.client_roi) else "–",
        payback,
    ]
    if d.integrator_npv is None:
        return [*cells, "–", "–", "–", format_number(case.trials, lang)]
    integrator = d.percentiles("integrator")
    margin, se = pv_margin(case, name)
    margin_text = (
        f"{format_percent(margin, lang, 1)} ± {format_percent(se, lang, 1)}"
        if math.isfinite(margin)
        else "–"
    )
    return [
        *cells,
        format_money(integrator["mean"], cur, lang, compact=True),
        format_percent(integrator["prob_negative"], lang, 0),
        margin_text,
        format_number(case.trials, lang),
    ]


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
        Input(ids.WORKING, "data"),
    )(render_compare)
    # Apart from the losses: a business case takes seconds on its first run, the losses do not.
    app.callback(
        Output(ids.CMP_BUSINESS, "children"),
        Input(ids.CMP_PICK, "value"),
        Input(ids.CMP_WHICH, "value"),
        State(ids.PAGE, "data"),
        Input(ids.WORKING, "data"),
    )(business_rows)
