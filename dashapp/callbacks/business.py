"""Callbacks of the business-case page: the live case (cached) and the tornado (on request)."""

from __future__ import annotations

import json
import math
import time
from functools import lru_cache
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
from dash import Dash, Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from bizcase import BizcaseError, Scenario
from bizcase.economics.business import CaseResult, Ledger
from bizcase.economics.uncertainty import sobol_indices
from bizcase.output import charts
from bizcase.output.labels import labels_for
from bizcase.output.text import payback_phrase
from dashapp import components as c
from dashapp import ids
from dashapp.callbacks.common import message_figure, page_scenario, work_alert
from dashapp.compute import (
    SOBOL_BASE_SAMPLES,
    SOBOL_TRIALS,
    WorkTooLarge,
    business_case,
    case_tornado,
    check_sobol,
    sobol_evaluations,
    solve_margin_fee,
    tornado_trials,
)
from dashapp.i18n import chart_text, format_money, format_number, format_percent, normalise_lang, t
from dashapp.jobs import job
from dashapp.state import scenario_of
from dashapp.texts import localised_case, option_label

FIGURES = (ids.BIZ_CUMULATIVE, ids.BIZ_NPV, ids.BIZ_FAN, ids.BIZ_STAGED)
OUTPUTS = (
    (ids.BIZ_MESSAGE, "children"),
    (ids.BIZ_BADGE, "children"),
    (ids.BIZ_CARDS, "children"),
    (ids.BIZ_TABLES, "children"),
    *((f, "figure") for f in FIGURES),
    (ids.BIZ_BEATS, "children"),
    (ids.BIZ_PORTFOLIO, "children"),
)


@lru_cache(maxsize=16)
def _validated(text: str) -> Scenario | None:
    return scenario_of({"scenario": json.loads(text)})


def _scenario(working: dict[str, Any] | None, page: dict[str, Any] | None) -> Scenario:
    """:func:`page_scenario`, with the validation of a working scenario cached by its JSON: a
    slider or an option switch re-renders the page without validating the same inputs again."""
    if page and working and working.get("key") == page.get("scenario") and "scenario" in working:
        found = _validated(json.dumps(working["scenario"], separators=(",", ":")))
        if found is not None:
            return found
    return page_scenario(working, page)


def _side(side: str | None) -> str:
    return "client" if side == "client" else "integrator"


def _npvs(case: CaseResult, name: str, side: str) -> np.ndarray:
    d = case.decisions[name]
    values = d.client_npv if side == "client" else d.integrator_npv
    return np.asarray(values if values is not None else [], dtype=np.float64)


def ledger_table(ledger: Ledger, rate: float, currency: str, lang: str) -> dbc.Table:
    """One ledger in the TEI layout (Initial, Year 1…N, Total, Present value), lines that are
    zero throughout left out, money formatted for the language."""
    table = ledger.table(rate)
    keep = (table.abs() > 0.5).any(axis=1)
    keep["net"] = True
    table = table.loc[keep]
    years = len(table.columns) - 3
    headers = [
        t("col_line", lang),
        t("col_initial", lang),
        *(t("col_year", lang, t=y) for y in range(1, years + 1)),
        t("col_total", lang),
        t("col_pv", lang),
    ]
    rows = []
    for line, values in table.iterrows():
        cells = [html.Td(format_money(float(v), currency, lang)) for v in values]
        name = t(f"line_{line}", lang)
        rows.append(
            html.Tr(
                [html.Th(name) if line == "net" else html.Td(name), *cells],
                className="fw-bold table-light" if line == "net" else "",
            )
        )
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in headers])), html.Tbody(rows)],
        bordered=False,
        hover=True,
        size="sm",
        responsive=True,
        className="cashflow-table",
    )


def cash_flow_tables(case: CaseResult, name: str, lang: str) -> html.Div:
    """Both ledgers of one option, with the timing convention."""
    label = case.decisions[name].label
    rate, cur = case.discount_rate, case.currency
    return html.Div(
        [
            html.H4(t("b_cashflow_title", lang, option=label)),
            html.P(t("b_timing", lang, currency=cur), className="text-muted small-note"),
            html.H5(t("b_client_ledger", lang)),
            ledger_table(case.client[name], rate, cur, lang),
            html.H5(t("b_integrator_ledger", lang), className="mt-3"),
            ledger_table(case.integrator[name], rate, cur, lang),
        ]
    )


def _card(label: str, value: str, sub: str = "", class_name: str = "") -> dbc.Col:
    body = [html.Div(label, className="card-label"), html.Div(value, className="mid-number")]
    if sub:
        body.append(html.Div(sub, className="card-sub"))
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className=f"headline-card h-100 {class_name}"),
        md=6,
        xl=True,
    )


def _years(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return t("b_never", lang)
    return t("b_years", lang, y=format_number(value, lang, 1))


def decision_cards(scenario: Scenario, case: CaseResult, name: str, side: str, lang: str) -> Any:
    """NPV with P10/P50/P90, P(NPV<0) with payback, price floor, break-even, best staged k."""
    cur = case.currency
    d = case.decisions[name]
    p = d.percentiles(side)
    side_text = t(f"side_{side}", lang)

    def money(v: float | None) -> str:
        return format_money(v if v is not None else math.nan, cur, lang, compact=True)

    if side == "client":
        detail = t("b_roi", lang, v=format_percent(d.client_roi, lang, 0))
        payback = (
            _years(d.client_payback_years, lang)
            if d.client_payback is None
            else payback_phrase(d.client_payback, lang, lambda x, n: format_number(x, lang, n))
        )
    else:
        irr = format_percent(d.integrator_irr, lang, 1) if math.isfinite(d.integrator_irr) else "–"
        detail = t("b_irr", lang, v=irr)
        payback = _years(d.integrator_payback_years, lang)
    cards = [
        _card(
            t("b_npv_card", lang, side=side_text),
            money(p.get("mean")),
            t(
                "b_npv_sub",
                lang,
                p10=money(p.get("p10")),
                p50=money(p.get("p50")),
                p90=money(p.get("p90")),
            ),
            "biz-npv-card",
        ),
        _card(
            t("b_prob_negative", lang),
            format_percent(p.get("prob_negative", math.nan), lang, 0),
            f"{detail} · {t('b_payback', lang, y=payback)}",
        ),
        _card(
            t("b_price_floor", lang),
            money(d.price_floor),
            t(
                "b_price_floor_sub",
                lang,
                m=format_percent(scenario.business_case.target_margin, lang, 0),
                fee=money(scenario.options[name].annual_fee),
            ),
            "biz-floor-card",
        ),
    ]
    if case.portfolio is not None:
        support = (
            scenario.business_case.staged.support
            if scenario.business_case.staged is not None
            else name
        )
        be = case.break_even_contracts
        cards.append(
            _card(
                t("b_break_even", lang),
                format_number(be, lang) if be is not None else t("b_break_even_none", lang),
                t("b_break_even_sub", lang, option=option_label(scenario, support, lang)),
                "biz-break-even-card",
            )
        )
    if case.best_staged_k is not None:
        k = case.best_staged_k
        cards.append(
            _card(
                t("b_best_k", lang),
                t("b_best_k_value", lang, k=k),
                t("b_best_k_sub", lang, k=k),
            )
        )
    return dbc.Row(cards, className="g-3 mb-3")


def beats_table(case: CaseResult, side: str, lang: str) -> html.Div:
    """P(row option's NPV > column option's NPV) on one ledger, same trials."""
    names = list(case.decisions)
    labels = [case.decisions[n].label for n in names]
    header = html.Thead(html.Tr([html.Th("")] + [html.Th(label) for label in labels]))
    body = []
    for a, label in zip(names, labels, strict=True):
        cells: list[Any] = []
        for b in names:
            if a == b:
                cells.append(html.Td("–", className="text-muted"))
                continue
            share = case.prob_beats(a, b, side)
            colour = "text-success" if share >= 0.5 else "text-danger"
            cells.append(html.Td(format_percent(share, lang, 0), className=colour))
        body.append(html.Tr([html.Th(label), *cells]))
    return html.Div(
        [
            html.H4(t("b_beats_title", lang, side=t(f"side_{side}", lang).lower())),
            dbc.Table(
                [header, html.Tbody(body)], bordered=True, size="sm", className="beats-table"
            ),
            html.P(t("b_beats_note", lang), className="text-muted small-note"),
        ]
    )


def case_figures(case: CaseResult, name: str, side: str, lang: str) -> tuple[Any, ...]:
    """Cumulative cash with break-even, NPV distributions, fan, staged NPV by switch year."""
    text = chart_text(lang, case.currency)
    ledgers = case.client if side == "client" else case.integrator
    labels = {n: case.decisions[n].label for n in case.decisions}
    cumulative = {
        labels[n]: np.cumsum(ledgers[n].net.mean(axis=0)).tolist() for n in case.decisions
    }
    cum = charts.cumulative_cash_figure(cumulative, text=text, highlight=labels[name])
    npv = charts.npv_distribution_figure(
        {labels[n]: _npvs(case, n, side).tolist() for n in case.decisions}, text=text
    )
    fan = charts.fan_figure(case.fan(name, side), text=text, label=labels[name])
    if case.staged is not None:
        staged: Any = charts.staged_figure(case.staged, case.best_staged_k, text=text)
    else:
        staged = message_figure(t("b_no_staged", lang))
    return cum, npv, fan, staged


def portfolio_section(case: CaseResult, lang: str) -> html.Div:
    """The integrator's portfolio of whole contracts: NPV, contracts held, break-even year and
    the two charts (contracts by year, NPV to date), or how to add one."""
    title = html.H4(t("b_portfolio_title", lang))
    whole = case.portfolio_contracts
    if whole is None:
        return html.Div([title, html.P(t("b_portfolio_none", lang), className="text-muted")])
    cur = case.currency
    text = chart_text(lang, cur)

    def money(v: float) -> str:
        return format_money(v, cur, lang, compact=True)

    spread = whole.npv_percentiles()
    by_year = whole.contracts_by_year()
    held = by_year.iloc[-1]
    fan = whole.npv_fan()
    even = fan.loc[(fan["year"] > 0) & (fan["p50"] >= 0), "year"]
    horizon = int(fan["year"].iloc[-1])
    cards = [
        _card(
            t("b_portfolio_npv", lang),
            money(spread["p50"]),
            t(
                "b_portfolio_npv_sub",
                lang,
                p10=money(spread["p10"]),
                p90=money(spread["p90"]),
                loss=format_percent(spread["prob_negative"], lang, 0),
            ),
            "biz-portfolio-npv-card",
        ),
        _card(
            t("b_portfolio_held", lang, year=int(held["year"])),
            format_number(float(held["p50"]), lang, 0),
            t(
                "b_portfolio_held_sub",
                lang,
                mean=format_number(float(held["mean"]), lang, 1),
                p10=format_number(float(held["p10"]), lang, 0),
                p90=format_number(float(held["p90"]), lang, 0),
            ),
        ),
        _card(
            t("b_portfolio_even", lang),
            t("b_portfolio_even_value", lang, year=int(even.iloc[0]))
            if len(even)
            else t("b_portfolio_even_never", lang, years=horizon),
            t("b_portfolio_even_sub", lang),
            "biz-portfolio-even-card",
        ),
    ]
    contracts = c.graph(ids.BIZ_PORTFOLIO_CONTRACTS, 520)
    contracts.figure = charts.portfolio_contracts_figure(by_year, text=text)
    npv = c.graph(ids.BIZ_PORTFOLIO_NPV, 520)
    npv.figure = charts.portfolio_npv_figure(fan, text=text)
    return html.Div(
        [
            title,
            html.P(
                t("b_portfolio_intro", lang, trials=format_number(whole.npv.size, lang)),
                className="text-muted small-note",
            ),
            dbc.Row(cards, className="g-3 mb-3"),
            dbc.Row([dbc.Col(contracts, xl=6), dbc.Col(npv, xl=6)], className="g-3"),
        ]
    )


def render_business(
    option: str | None,
    side: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """Everything of the page but the tornado, from the cached live case."""
    scenario = _scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options or option == scenario.baseline:
        raise PreventUpdate
    which = _side(side)
    try:
        case = business_case(scenario)
    except WorkTooLarge as exc:
        return (work_alert(exc, lang), *([no_update] * (len(OUTPUTS) - 1)))
    except BizcaseError as exc:
        alert = dbc.Alert(str(exc), color="danger")
        return (alert, *([no_update] * (len(OUTPUTS) - 1)))
    if option not in case.decisions:
        raise PreventUpdate
    case = localised_case(case, scenario, lang)
    full = scenario.business_case.trials
    badge = t(
        "b_badge" if case.trials == full else "b_badge_capped",
        lang,
        trials=format_number(case.trials, lang),
        full=format_number(full, lang),
        years=case.horizon_years,
        seed=case.seed,
        rate=format_percent(case.discount_rate, lang, 1),
    )
    return (
        None,
        badge,
        decision_cards(scenario, case, option, which, lang),
        cash_flow_tables(case, option, lang),
        *case_figures(case, option, which, lang),
        beats_table(case, which, lang),
        portfolio_section(case, lang),
    )


def input_labels(scenario: Scenario, lang: str) -> dict[str, str]:
    """Readable names of the inputs a tornado or Sobol chart may show: the library's one
    label table (:mod:`bizcase.output.labels`)."""
    return labels_for(scenario.ranges, lang, scenario)


@job("tornado", outputs=2, message_at=1, page_arg=4)
def run_tornado(
    set_progress: Any,
    _clicks: int | None,
    option: str | None,
    side: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """The tornado of the chosen option and ledger, with progress (a background callback)."""
    if not _clicks:
        raise PreventUpdate
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options or option == scenario.baseline:
        raise PreventUpdate
    if not scenario.ranges:
        return no_update, dbc.Alert(t("b_no_ranges", lang), color="secondary")
    which = _side(side)

    def progress(done: int, total: int) -> None:
        set_progress((100.0 * done / total, f"{done} / {total}"))

    try:
        result = case_tornado(scenario, option, which, progress=progress)
    except WorkTooLarge as exc:
        return no_update, work_alert(exc, lang)
    except BizcaseError as exc:
        return no_update, dbc.Alert(str(exc), color="danger")
    text = chart_text(lang, scenario.currency)
    title = t(
        "b_tornado_title",
        lang,
        option=option_label(scenario, option, lang),
        side=t(f"side_{which}", lang).lower(),
    )
    fig = charts.tornado_figure(
        result.bars, result.base, labels=input_labels(scenario, lang), text=text, title=title
    )
    note = t(
        "b_tornado_done",
        lang,
        evaluations=result.evaluations,
        seconds=format_number(result.seconds, lang, 1),
        simulations=result.simulations,
        reused=result.reused,
        trials=format_number(tornado_trials(scenario), lang),
    )
    return fig, note


@job("sobol", outputs=2, message_at=1, page_arg=4)
def run_sobol(
    set_progress: Any,
    _clicks: int | None,
    option: str | None,
    side: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> tuple[Any, Any]:
    """Sobol indices of the chosen option and ledger (a background callback with progress)."""
    if not _clicks:
        raise PreventUpdate
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options or option == scenario.baseline:
        raise PreventUpdate
    evaluations = sobol_evaluations(scenario, SOBOL_BASE_SAMPLES)
    if not evaluations:
        return no_update, dbc.Alert(t("b_no_ranges", lang), color="secondary")
    which = _side(side)
    running = t("b_sobol_running", lang, evaluations=format_number(evaluations, lang))
    set_progress((0.0, running))
    step = max(1, evaluations // 50)  # about fifty updates, not one per evaluation

    def report(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            set_progress((100.0 * done / total, running))

    start = time.perf_counter()
    try:
        check_sobol(scenario)
        indices = sobol_indices(
            scenario,
            option,
            which,
            base_samples=SOBOL_BASE_SAMPLES,
            trials=SOBOL_TRIALS,
            progress=report,
        )
    except WorkTooLarge as exc:
        set_progress((0.0, ""))
        return no_update, work_alert(exc, lang)
    except BizcaseError as exc:
        set_progress((0.0, ""))
        return no_update, dbc.Alert(str(exc), color="danger")
    seconds = time.perf_counter() - start
    set_progress((100.0, t("b_sobol_finished", lang)))
    title = t(
        "b_sobol_title",
        lang,
        option=option_label(scenario, option, lang),
        side=t(f"side_{which}", lang).lower(),
    )
    fig = charts.sobol_figure(
        indices,
        labels=input_labels(scenario, lang),
        text=chart_text(lang, scenario.currency),
        title=title,
    )
    note = t(
        "b_sobol_done",
        lang,
        evaluations=format_number(evaluations, lang),
        seconds=format_number(seconds, lang, 1),
        base=SOBOL_BASE_SAMPLES,
        trials=SOBOL_TRIALS,
    )
    return fig, note


def solve_for_margin(
    _clicks: int | None,
    option: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
) -> Any:
    """The fee of ``option`` at the scenario's target margin (goal seek on the page's trials)."""
    if not _clicks:
        raise PreventUpdate
    scenario = page_scenario(working, page)
    lang = normalise_lang((page or {}).get("lang"))
    if not option or option not in scenario.options or option == scenario.baseline:
        raise PreventUpdate
    margin = scenario.business_case.target_margin
    try:
        sol = solve_margin_fee(scenario, option, margin)
    except WorkTooLarge as exc:
        return work_alert(exc, lang)
    except BizcaseError as exc:
        return dbc.Alert(str(exc), color="danger", className="solve-error")
    cur = scenario.currency
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    t(
                        "b_solved",
                        lang,
                        option=option_label(scenario, option, lang),
                        fee=format_money(sol.fee, cur, lang),
                        m=format_percent(margin, lang, 1),
                    ),
                    className="solved-fee fw-bold",
                ),
                html.Div(
                    t(
                        "b_solved_sub",
                        lang,
                        got=format_percent(sol.achieved, lang, 1),
                        se=format_percent(sol.standard_error, lang, 1),
                        trials=format_number(sol.trials, lang),
                        today=format_money(scenario.options[option].annual_fee, cur, lang),
                        n=sol.iterations,
                    ),
                    className="card-sub",
                ),
            ]
        ),
        className="headline-card",
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.BIZ_SOLVED, "children"),
        Input(ids.BIZ_SOLVE_RUN, "n_clicks"),
        State(ids.BIZ_OPTION, "value"),
        State(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        prevent_initial_call=True,
    )(solve_for_margin)
    app.callback(
        [Output(i, p) for i, p in OUTPUTS],
        Input(ids.BIZ_OPTION, "value"),
        Input(ids.BIZ_SIDE, "value"),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
    )(render_business)
    for run, figure, note, button, cancel, progress in (
        (
            run_tornado,
            ids.BIZ_TORNADO,
            ids.BIZ_TORNADO_NOTE,
            ids.BIZ_TORNADO_RUN,
            ids.BIZ_TORNADO_CANCEL,
            ids.BIZ_TORNADO_PROGRESS,
        ),
        (
            run_sobol,
            ids.BIZ_SOBOL,
            ids.BIZ_SOBOL_NOTE,
            ids.BIZ_SOBOL_RUN,
            ids.BIZ_SOBOL_CANCEL,
            ids.BIZ_SOBOL_PROGRESS,
        ),
    ):
        # The tornado and the Sobol indices are the same kind of background job.
        app.callback(
            Output(figure, "figure"),
            Output(note, "children"),
            Input(button, "n_clicks"),
            State(ids.BIZ_OPTION, "value"),
            State(ids.BIZ_SIDE, "value"),
            State(ids.WORKING, "data"),
            State(ids.PAGE, "data"),
            background=True,
            progress=[Output(progress, "value"), Output(progress, "label")],
            running=[
                (Output(button, "disabled"), True, False),
                (Output(cancel, "disabled"), False, True),
            ],
            cancel=[Input(cancel, "n_clicks")],
            prevent_initial_call=True,
        )(run)
