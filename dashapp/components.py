"""Reusable pieces of layout: page header, editable fields, headline cards, tables, notices.

Presentation only: values in, Dash components out.  Texts come from :mod:`dashapp.i18n`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from bizcase import Scenario
from bizcase.output.text import CONTEXT_CARDS, payback_phrase, roi_definition
from bizcase.simulate.summary import OptionSummary
from dashapp import ids
from dashapp.compute import ClientRoi
from dashapp.fields import DISTRIBUTIONS, FieldSpec, display_number, get_path
from dashapp.i18n import format_money, format_number, format_percent, t
from dashapp.library import Entry
from dashapp.texts import entry_title


def picker_options(entries: Sequence[Entry], lang: str) -> list[dict[str, str]]:
    """Dropdown options of the library: title and whether it is shipped or the user's."""
    return [
        {"label": f"{entry_title(e, lang)}  ·  {t('kind_' + e.kind, lang)}", "value": e.key}
        for e in entries
    ]


def page_context(page: str, key: str | None, lang: str, **extra: Any) -> dcc.Store:
    """The store every scenario page carries: which page, scenario and language it shows."""
    return dcc.Store(id=ids.PAGE, data={"page": page, "scenario": key, "lang": lang, **extra})


def _walk(node: Any) -> Any:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from _walk(child)
    elif children is not None and not isinstance(children, str | int | float):
        yield from _walk(children)


def with_slider_paths(page: Any) -> Any:
    """``page`` with its context store naming the field paths its sliders edit.

    The fields' values are refilled on every page load (:func:`dashapp.callbacks.shell.
    sync_working`): text boxes get thousands separators, a slider must get a plain number.
    """
    nodes = list(_walk(page))
    sliders = [
        getattr(n, "id")["path"]  # noqa: B009  (dash components type their props loosely)
        for n in nodes
        if isinstance(n, dcc.Slider) and isinstance(getattr(n, "id", None), dict)
    ]
    for n in nodes:
        if isinstance(n, dcc.Store) and getattr(n, "id", None) == ids.PAGE:
            n.data = {**(getattr(n, "data", None) or {}), "sliders": sliders}  # type: ignore[attr-defined]
    return page


def noting_sliders(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page's layout function whose page store names its sliders (:func:`with_slider_paths`)."""

    @functools.wraps(layout)
    def noted(*args: Any, **kwargs: Any) -> Any:
        return with_slider_paths(layout(*args, **kwargs))

    return noted


def page_header(
    title: str, key: str | None, entries: Sequence[Entry], lang: str, notice: str | None = None
) -> html.Div:
    """Title, the scenario picker and an optional notice."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(html.H2(title, className="page-title"), lg=7),
                    dbc.Col(
                        [
                            dbc.Label(t("scenario", lang), html_for=ids.SCENARIO_PICKER),
                            dcc.Dropdown(
                                id=ids.SCENARIO_PICKER,
                                options=picker_options(entries, lang),
                                value=key,
                                clearable=False,
                                searchable=False,
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="align-items-end mb-3",
            ),
            dbc.Alert(notice, color="warning") if notice else None,
        ]
    )


def not_available(lang: str, body_key: str) -> dbc.Alert:
    """The notice of a page whose library part is not in this version yet."""
    return dbc.Alert(
        [html.H4(t("not_available_title", lang), className="alert-heading"), t(body_key, lang)],
        color="secondary",
        className="not-available",
    )


def _initial(scenario: Scenario, spec: FieldSpec) -> Any:
    """The point value the form shows (an uncertain input shows its range's base value)."""
    return get_path(scenario.model_dump(mode="json"), spec.path)


def css_class(path: str) -> str:
    """A CSS class naming a field's block (for styling and browser tests).

    >>> css_class("options.a_b.annual_fee")
    'field-options-a_b-annual_fee'
    """
    return "field-" + path.replace(".", "-").replace("[", "-").replace("]", "")


def _number_box(path: str, value: Any, spec: FieldSpec, lang: str, **extra: Any) -> dbc.Input:
    """A text box for a number: wide enough for 320,000 and shown with thousands separators
    (typed text is read back by :func:`dashapp.fields.parse_number`)."""
    return dbc.Input(
        id=ids.field(path),
        type="text",
        inputMode="numeric" if spec.integer else "decimal",
        value=display_number(value, lang),
        debounce=True,
        className="number-box",
        **extra,
    )


def field_input(spec: FieldSpec, scenario: Scenario, lang: str) -> dbc.Row:
    """A labelled number with its unit and an inline error line; a ranged input (one the file
    gives as ``{ low, high, ... }``) as its low, high, distribution and most likely value, so
    editing it keeps the uncertainty (and the input in the tornado)."""
    unit = dbc.InputGroupText(spec.unit_text(lang, scenario.currency))
    rng = scenario.ranges.get(spec.path)
    if rng is None:
        editor: list[Any] = [
            dbc.InputGroup([_number_box(spec.path, _initial(scenario, spec), spec, lang), unit])
        ]
    else:
        editor = [
            dbc.InputGroup(
                [
                    _number_box(
                        spec.path + ".low", rng.low, spec, lang, placeholder=t("range_low", lang)
                    ),
                    dbc.InputGroupText("–"),
                    _number_box(
                        spec.path + ".high", rng.high, spec, lang, placeholder=t("range_high", lang)
                    ),
                    unit,
                ],
                className="range-ends",
            ),
            dbc.InputGroup(
                [
                    dbc.Select(
                        id=ids.field(spec.path + ".dist"),
                        options=[
                            {"label": t(f"dist_{d}", lang), "value": d} for d in DISTRIBUTIONS
                        ],
                        value=rng.dist,
                        className="range-dist",
                    ),
                    _number_box(
                        spec.path + ".mode",
                        rng.mode,
                        spec,
                        lang,
                        placeholder=f"{t('range_mode', lang)} ({t('range_mode_hint', lang)})",
                    ),
                ],
                size="sm",
                className="mt-1 range-shape",
            ),
        ]
    return dbc.Row(
        [
            # A range's four parts need the row's width: its label then sits above them.
            dbc.Label(
                spec.label_text(lang), width=5 if rng is None else 12, className="field-label"
            ),
            dbc.Col(
                [*editor, html.Div(id=ids.feedback(spec.path), className="field-error")],
                width=7 if rng is None else 12,
            ),
        ],
        className="mb-2 " + css_class(spec.path) + (" ranged-field" if rng is not None else ""),
    )


def field_slider(
    spec: FieldSpec,
    scenario: Scenario,
    lang: str,
    upper: float,
    step: float,
    label: str | None = None,
) -> html.Div:
    """A labelled slider (0 … ``upper``) for a what-if, with an inline error line."""
    value = _initial(scenario, spec)
    return html.Div(
        [
            dbc.Label(
                f"{label or spec.label_text(lang)} ({spec.unit_text(lang, scenario.currency)})",
                className="field-label",
            ),
            dcc.Slider(
                id=ids.field(spec.path),
                min=0,
                max=upper,
                step=step,
                value=value,
                marks=None,
                # Always shown, with thousands separators (assets/slider.js).
                tooltip={
                    "placement": "bottom",
                    "always_visible": True,
                    "transform": "bizcaseNumber",
                },
                updatemode="mouseup",
            ),
            html.Div(id=ids.feedback(spec.path), className="field-error"),
        ],
        className="mb-3 slider-field " + css_class(spec.path),
    )


def slider_upper(value: float, floor: float) -> tuple[float, float]:
    """A slider's upper end (about 3× the file's value, a round number) and its step: a
    thousandth of the range, so a fee of 200,000 moves in steps of 1,000, not 10,000.

    >>> slider_upper(16000, 1000)
    (50000.0, 50.0)
    >>> slider_upper(0, 1000)
    (1000.0, 1.0)
    """
    target = max(value * 3.0, floor)
    magnitude = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= target:
            upper = m * magnitude
            break
    return float(upper), float(upper / 1000)


def _big(value: str, label: str, sub: str | None = None, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(label, className="card-label"),
                html.Div(value, className="big-number"),
                html.Div(sub, className="card-sub") if sub else None,
            ]
        ),
        className=f"headline-card h-100 {class_name}",
    )


def cost_cards(cost: dict[str, float], currency: str, lang: str) -> dbc.Row:
    """Hard cost of one hour of downtime at peak and on average, hard + soft below
    (``cost`` from :func:`bizcase.simulate.summary.cost_of_one_hour`)."""

    def sub(key: str) -> str:
        return f"{t('loss_hard_and_soft', lang)}: {format_money(cost[key], currency, lang)}"

    return dbc.Row(
        [
            dbc.Col(
                _big(
                    format_money(cost["peak"], currency, lang),
                    t("cost_hour_peak", lang),
                    sub("peak_hard_and_soft"),
                ),
                md=6,
            ),
            dbc.Col(
                _big(
                    format_money(cost["average"], currency, lang),
                    t("cost_hour_avg", lang),
                    sub("average_hard_and_soft"),
                ),
                md=6,
            ),
        ],
        className="g-3 mb-3",
    )


def history_note(lines: Sequence[str], contradicts: bool) -> dbc.Alert:
    """The status quo against the client's record (:mod:`bizcase.simulate.history`)."""
    return dbc.Alert(
        [html.Div(line) for line in lines],
        color="danger" if contradicts else "light",
        className="small mb-3 history-note",
    )


def option_cards(scenario: Scenario, summaries: dict[str, OptionSummary], lang: str) -> dbc.Row:
    """One card per option: expected and P90 loss, availability and nines, the fee."""
    cur = scenario.currency
    cols = []
    for name, s in summaries.items():
        is_base = name == scenario.baseline
        fee = scenario.options[name].annual_fee
        nines_text = format_number(s.nines, lang, 1) if math.isfinite(s.nines) else "∞"
        body = [
            html.Div(
                (t("today", lang) + ": " if is_base else "") + s.label,
                className="option-title",
            ),
            html.Div(t("expected_loss", lang), className="card-label"),
            html.Div(
                format_money(s.expected_annual_loss, cur, lang, compact=True),
                className="big-number",
            ),
            html.Div(
                t("se_note", lang, se=format_money(s.expected_annual_loss_se, cur, lang, True)),
                className="card-sub",
            ),
            html.Div(
                f"{t('loss_hard_and_soft', lang)}: "
                + format_money(s.expected_annual_hard_and_soft_loss, cur, lang, compact=True),
                className="card-sub",
            ),
            html.Div(t("p90_loss", lang), className="card-label mt-2"),
            html.Div(format_money(s.p90, cur, lang, compact=True), className="mid-number"),
            html.Div(t("availability", lang), className="card-label mt-2"),
            html.Div(
                f"{format_percent(s.availability, lang, 3)} · {t('nines', lang, n=nines_text)}",
                className="mid-number",
            ),
            html.Div(
                t("downtime_hours", lang, h=format_number(s.expected_downtime_hours, lang, 1)),
                className="card-sub",
            ),
            html.Div(
                t("annual_fee", lang, fee=format_money(fee, cur, lang, compact=True)),
                className="card-sub mt-2",
            ),
        ]
        cols.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(body),
                    className="headline-card h-100" + (" baseline-card" if is_base else ""),
                    id={"type": "option-card", "option": name},
                ),
                md=6,
                xl=3,
            )
        )
    return dbc.Row(cols, className="g-3 mb-2")


def roi_table(rows: Sequence[ClientRoi], currency: str, lang: str) -> html.Div:
    """The client's ROI and payback of each contract, with how they are computed."""
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang))
                for k in (
                    "roi_option",
                    "roi_fee",
                    "roi_avoided",
                    "roi_saving",
                    "roi_roi",
                    "roi_payback",
                    "col_fee_hours",
                )
            ]
        )
    )
    body = []
    for r in rows:
        if r.annual_fee > 0:
            roi = format_percent(r.roi, lang, 0)
        else:
            roi = t("roi_free", lang)
        payback = payback_phrase(r.payback, lang, lambda x, d: format_number(x, lang, d))
        body.append(
            html.Tr(
                [
                    html.Td(r.label),
                    html.Td(format_money(r.annual_fee, currency, lang)),
                    html.Td(format_money(r.avoided_loss, currency, lang)),
                    html.Td(
                        format_money(r.net_saving, currency, lang),
                        className="text-success" if r.net_saving >= 0 else "text-danger",
                    ),
                    html.Td(roi),
                    html.Td(payback),
                    html.Td(format_number(r.fee_paying_hours, lang, 1)),
                ]
            )
        )
    return html.Div(
        [
            dbc.Table(
                [header, html.Tbody(body)], bordered=False, hover=True, className="roi-table"
            ),
            html.P(t("roi_explain", lang), className="text-muted small-note"),
            html.P(
                roi_definition(
                    lang,
                    rows[0].horizon_years,
                    format_percent(rows[0].discount_rate, lang, 1),
                    rows[0].loss_basis,
                )
                if rows
                else "",
                className="text-muted small-note",
            ),
        ]
    )


def context_cards(lang: str) -> html.Div:
    """Published figures with source and year (DESIGN §8): context, never inputs."""
    return html.Div(
        [
            html.H4(t("context_title", lang), className="mt-4"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.P(t(fact, lang), className="context-fact"),
                                    html.Div(t(source, lang), className="context-source"),
                                ]
                            ),
                            className="h-100 context-card",
                        ),
                        md=6,
                        xl=True,
                    )
                    for fact, source in CONTEXT_CARDS
                ],
                className="g-3",
            ),
        ]
    )


def problem_list(problems: Sequence[tuple[str, object, str]], lang: str) -> list[Any]:
    """Problems as ``path = value: rule`` lines."""
    from dashapp.i18n import translate_rule

    return [
        html.Li([html.Code(path), f" = {value!r}: {translate_rule(rule, lang)}"])
        for path, value, rule in problems
    ]


def graph(id_: str, height: int = 460) -> dcc.Graph:
    """A graph sized for a projector, without plotly's logo."""
    return dcc.Graph(
        id=id_,
        style={"height": f"{height}px"},
        config={"displaylogo": False, "responsive": True},
    )


REPORT_FORMATS = ("html", "pdf", "xlsx")
#: The format a panel starts on: a PDF to hand a client, a workbook for management.
REPORT_DEFAULT_FORMAT = {"client": "pdf", "management": "xlsx"}


def report_panel(page: str, lang: str) -> html.Div:
    """The download panel of ``page``: format, button, spinner with progress, message.

    ``page`` is a key of :data:`dashapp.ids.REPORT_PAGES`, which names the report it makes.
    """
    kind = ids.REPORT_PAGES[page]
    return html.Div(
        [
            html.H5(t(f"report_{kind}_title", lang)),
            html.P(t(f"report_{kind}_hint", lang), className="text-muted small-note mb-2"),
            dbc.Label(t("report_format", lang), className="me-2 mb-1 small-note"),
            dbc.RadioItems(
                id=ids.report(page, ids.REPORT_FORMAT),
                options=[{"label": t(f"format_{f}", lang), "value": f} for f in REPORT_FORMATS],
                value=REPORT_DEFAULT_FORMAT[kind],
                inline=True,
                className="mb-2 report-format",
            ),
            dbc.Button(
                t(f"report_{kind}_button", lang),
                id=ids.report(page, ids.REPORT_BUTTON),
                color="success",
                className="mb-2",
            ),
            html.Div(
                [
                    dbc.Spinner(size="sm", color="secondary", spinner_class_name="me-2"),
                    html.Span(id=ids.report(page, ids.REPORT_STATUS_TEXT)),
                ],
                id=ids.report(page, ids.REPORT_STATUS),
                className="small-note report-status",
                style={"display": "none"},
            ),
            html.Div(id=ids.report(page, ids.REPORT_MESSAGE), className="small-note"),
            dcc.Download(id=ids.report(page, ids.REPORT_DOWNLOAD)),
        ],
        className=f"report-panel report-{kind}",
    )


def run_cancel_buttons(run_id: str, cancel_id: str, label: str, lang: str) -> html.Div:
    """The start and cancel buttons of a background job (cancel enabled only while it runs)."""
    return html.Div(
        [
            dbc.Button(label, id=run_id, color="primary", className="me-2 mb-2"),
            dbc.Button(
                t("cancel", lang),
                id=cancel_id,
                color="secondary",
                outline=True,
                disabled=True,
                className="mb-2",
            ),
        ]
    )
