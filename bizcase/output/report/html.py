"""The HTML report: one self-contained page per report kind, also the source of the PDF.

:func:`render_html` lays out the numbers of :func:`bizcase.output.report.data.compute_report`:
CSS and plotly.js inline, no external URL at all, so the page works offline and prints the same
anywhere (:func:`bizcase.output.report.pdf.html_to_pdf` prints it with headless Chromium).  The
client leave-behind never shows the integrator's costs, margins or price floor.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from bizcase.delivery.plan import DeliveryPlan
from bizcase.model.errors import InputError
from bizcase.output.charts import (
    loss_exceedance_figure,
    stage_hours_figure,
    total_cost_figure,
)
from bizcase.output.report.data import (
    ReportData,
    annex_options,
    annex_rows,
    annex_terms,
    basis_note,
    check_kind,
    decision_table,
    history_lines,
    hour_formula,
    ledger_columns,
    losses_header,
    losses_rows,
    meta_rows,
    money_text,
    reproduce_command,
    roi_note,
    tornado_table,
    value_table,
)
from bizcase.output.report.figures import (
    CHART_HEIGHT_PX,
    CHART_WIDTH_PX,
    _for_print,
    chart_text,
    npv_figure,
    scaling_figure,
    staged_figure,
    tornado_figure,
)
from bizcase.output.report.texts import (
    CONTEXT_CARDS,
    check_lang,
    format_hours,
    format_number,
    format_percent,
    line_label,
    sla_shorthand,
    t,
)

_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 10.5pt; color: #222; margin: 0 auto; max-width: 190mm; padding: 6mm; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4pt; color: #1f4e79; }
h2 { font-size: 13.5pt; margin: 16pt 0 6pt; color: #1f4e79; border-bottom: 1.5pt solid #1f4e79;
  padding-bottom: 2pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; break-after: avoid; }
p { margin: 4pt 0; }
.kind { color: #666; font-size: 10pt; text-transform: uppercase; letter-spacing: 0.06em; }
.note { color: #555; font-size: 9pt; }
.warn { color: #8a1c1c; font-weight: bold; }
.meta { font-size: 8.5pt; color: #444; border: 0.75pt solid #ccc; padding: 4pt 6pt;
  margin: 6pt 0 8pt; break-inside: avoid; }
.meta td { padding: 1pt 6pt 1pt 0; border: none; text-align: left; }
.meta code { font-size: 8pt; word-break: break-all; }
.cards { display: flex; flex-wrap: wrap; gap: 6pt; margin: 6pt 0; }
.card { flex: 1 1 45%; border: 0.75pt solid #bbb; border-radius: 4pt; padding: 6pt 8pt;
  break-inside: avoid; }
.card .big { font-size: 17pt; font-weight: bold; color: #c0392b; }
.card .src { color: #666; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; }
th, td { border: 0.5pt solid #ccc; padding: 2pt 4pt; vertical-align: top; }
th { background: #eef2f7; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding: 2pt 0; caption-side: top; }
.chart { width: 680px; margin: 4pt 0 10pt; break-inside: avoid; }
.annex { border: 1pt solid #1f4e79; padding: 6pt 10pt; margin-top: 10pt; }
.annex-page { break-before: page; }
.draft { color: #c0392b; font-weight: bold; text-transform: uppercase; font-size: 9pt; }
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric_from: int = 1,
    caption: str | None = None,
) -> str:
    """An HTML table; cells are already formatted text, columns from ``numeric_from`` right-aligned."""
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{_esc(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in header) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = [
            f'<td class="n">{_esc(c)}</td>' if i >= numeric_from else f"<td>{_esc(c)}</td>"
            for i, c in enumerate(row)
        ]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


class _Charts:
    """Collects the figures of one page as ``<div>``s with stable ids (no random UUIDs)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, fig: go.Figure) -> str:
        self.count += 1
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.count}",
            default_width=f"{CHART_WIDTH_PX}px",
            default_height=f"{int(fig.layout.height or CHART_HEIGHT_PX)}px",
            config={
                "displaylogo": False,
                "displayModeBar": False,
                "responsive": False,
                "staticPlot": False,
            },
        )
        return f'<div class="chart">{div}</div>'


def _meta_html(data: ReportData, kind: str, fmt: str, lang: str) -> str:
    rows = "".join(
        f"<tr><td>{_esc(k)}</td><td>{'<code>' + _esc(v) + '</code>' if i == 3 else _esc(v)}</td></tr>"
        for i, (k, v) in enumerate(meta_rows(data, kind, fmt, lang))
    )
    command = reproduce_command(data, kind, fmt, lang)
    return (
        f'<div class="meta"><table>{rows}</table>'
        f"<p>{_esc(t('meta_reproduce', lang, command=''))}<code>{_esc(command)}</code></p></div>"
    )


def _client_sections(data: ReportData, lang: str, chart: Callable[[go.Figure], str]) -> list[str]:
    s = data.scenario
    cur = data.currency
    cost = data.run["cost_of_one_hour"]
    texts = chart_text(lang, cur)
    out = [f"<h2>{_esc(t('sec_hour', lang))}</h2>", '<div class="cards">']
    for key, value in (
        ("hour_peak", cost["peak"]),
        ("hour_avg", cost["average"]),
        ("hour_hard_and_soft", cost["peak_hard_and_soft"]),
    ):
        out.append(
            f'<div class="card"><div>{_esc(t(key, lang))}</div>'
            f'<div class="big">{_esc(money_text(data, value, lang))}</div></div>'
        )
    out.append("</div>")
    out.append(f'<p class="note">{_esc(hour_formula(data, lang))}</p>')
    out.append(f'<p class="note">{_esc(t("hour_explain", lang))}</p>')

    out.append(f"<h2>{_esc(t('sec_losses', lang))}</h2>")
    out.append(f"<p>{_esc(t('losses_explain', lang))}</p>")
    out.append(_table(losses_header(data, lang), losses_rows(data, lang)))
    out.append(f'<p class="note">{_esc(basis_note(data, lang))}</p>')
    out.append(f'<p class="note">{_esc(t("p90_note", lang))}</p>')
    out.extend(_history_html(data, lang))
    costs = pd.DataFrame(
        {
            "label": [v.label for v in data.summaries.values()],
            "annual_fee": [s.options[n].annual_fee for n in data.summaries],
            "expected_loss": [v.expected_annual_loss for v in data.summaries.values()],
            "p90": [v.p90 for v in data.summaries.values()],
        }
    )
    out.append(chart(_for_print(total_cost_figure(costs, text=texts))))

    out.append(f"<h2>{_esc(t('sec_lec', lang))}</h2>")
    lec = _for_print(loss_exceedance_figure(data.curves, text=texts))
    out.append(chart(lec.update_yaxes(tickformat=".2~%")))

    out.append(f"<h2>{_esc(t('sec_hours', lang))}</h2>")
    out.append(f"<p>{_esc(t('hours_explain', lang))}</p>")
    impact = {p: inc.impact_share for p, inc in s.incidents.by_priority().items()}
    labels = {n: o.label for n, o in s.options.items()}
    out.append(chart(_for_print(stage_hours_figure(data.stages, impact, labels, text=texts))))
    hours: dict[str, dict[str, float]] = data.run["where_the_hours_go"]
    stages = list(next(iter(hours.values())))
    out.append(
        _table(
            [
                t("col_option", lang),
                *(t(f"stage_{st}", lang) for st in stages),
                t("col_total", lang),
            ],
            [
                [
                    labels[n],
                    *(format_number(hours[n][st], lang, 1) for st in stages),
                    format_number(sum(hours[n].values()), lang, 1),
                ]
                for n in hours
            ],
        )
    )

    out.append(f"<h2>{_esc(t('sec_roi', lang))}</h2>")
    case = data.case
    if case is None:
        out.append(f"<p>{_esc(t('no_options', lang))}</p>")
    else:
        out.append(
            "<p>"
            + _esc(
                t(
                    "roi_explain",
                    lang,
                    years=case.horizon_years,
                    baseline=data.label(case.baseline),
                    trials=format_number(case.trials, lang),
                )
            )
            + "</p>"
        )
        out.append(_table(*value_table(data, lang)))
        for note in (roi_note(data, lang), t("payback_note", lang), t("fee_hours_note", lang)):
            out.append(f'<p class="note">{_esc(note)}</p>')
        out.append(
            "<p>"
            + _esc(t("npv_spread_explain", lang, trials=format_number(case.trials, lang)))
            + "</p>"
        )
        out.append(_table(*_client_roi_table(data, lang)))
        out.append(
            f'<p class="note">{_esc(t("timing_note", lang, rate=format_percent(case.discount_rate, lang, 1)))}</p>'
        )

    out.append(f"<h2>{_esc(t('sec_context', lang))}</h2>")
    out.append('<div class="cards">')
    for text_key, source_key in CONTEXT_CARDS:
        out.append(
            f'<div class="card"><div>{_esc(t(text_key, lang))}</div>'
            f'<div class="src">{_esc(t(source_key, lang))}</div></div>'
        )
    out.append("</div>")
    out.append(_annex_html(data, lang))
    return out


def _history_html(data: ReportData, lang: str) -> list[str]:
    lines = history_lines(data, lang)
    if not lines:
        return []
    warn = data.history is not None and data.history.contradicts
    css = ' class="warn"' if warn else ""
    return [
        f"<h3>{_esc(t('history_title', lang))}</h3>",
        *(f"<p{css}>{_esc(line)}</p>" for line in lines),
    ]


def _client_roi_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """The spread of the client's NPV over the joint Monte Carlo (no ROI: that is stated once,
    at base values, in the table above)."""
    case = data.case
    if case is None:
        raise InputError("the report has no business case: the scenario offers no option")
    header = [
        t("col_option", lang),
        t("col_npv_mean", lang),
        t("col_npv_p10", lang),
        t("col_npv_p50", lang),
        t("col_npv_p90", lang),
        t("col_prob_negative", lang),
    ]
    rows = []
    for d in case.decisions.values():
        p = d.percentiles("client")
        rows.append(
            [
                d.label,
                money_text(data, p["mean"], lang),
                money_text(data, p["p10"], lang),
                money_text(data, p["p50"], lang),
                money_text(data, p["p90"], lang),
                format_percent(p["prob_negative"], lang),
            ]
        )
    return header, rows


def _annex_html(data: ReportData, lang: str) -> str:
    s = data.scenario
    out = ['<section class="annex-page"><div class="annex">']
    out.append(f'<p class="draft">{_esc(t("draft", lang))}</p>')
    out.append(f"<h2>{_esc(t('sec_annex', lang))}</h2>")
    out.append(f"<p>{_esc(t('annex_intro', lang))}</p>")
    names = annex_options(s)
    if not names:
        out.append(f"<p>{_esc(t('annex_none', lang))}</p>")
    header = [
        t("col_priority", lang),
        t("col_window", lang),
        t("col_response_target", lang),
        t("col_restoration_target", lang),
        t("col_credit_breach", lang),
    ]
    for n, name in enumerate(names, start=1):
        o = s.options[name]
        terms = o.priorities.get("critical")
        short = sla_shorthand(o.coverage, terms.restoration_target_hours if terms else None, lang)
        label = o.label + (f" ({short})" if short and short not in o.label else "")
        out.append(f"<h3>{_esc(t('annex_option', lang, n=n, label=label))}</h3>")
        out.append(_table(header, annex_rows(s, name, lang), numeric_from=2))
        out.extend(f"<p>{_esc(line)}</p>" for line in annex_terms(s, name, lang))
    out.append(f'<p class="note">{_esc(t("annex_availability", lang))}</p>')
    out.append("</div></section>")
    return "".join(out)


def _management_sections(
    data: ReportData, lang: str, chart: Callable[[go.Figure], str]
) -> list[str]:
    s = data.scenario
    cur = data.currency
    case = data.case
    out: list[str] = []
    out.append(f"<h2>{_esc(t('sec_losses', lang))}</h2>")
    cost = data.run["cost_of_one_hour"]
    out.append(
        f"<p>{_esc(t('hour_peak', lang))}: <b>{_esc(money_text(data, cost['peak'], lang))}</b>; "
        f"{_esc(t('hour_avg', lang))}: <b>{_esc(money_text(data, cost['average'], lang))}</b>.</p>"
    )
    out.append(_table(losses_header(data, lang), losses_rows(data, lang)))
    out.append(f'<p class="note">{_esc(basis_note(data, lang))}</p>')
    out.append(f'<p class="note">{_esc(t("p90_note", lang))}</p>')
    out.extend(_history_html(data, lang))
    if case is None:
        out.append(f"<p>{_esc(t('no_options', lang))}</p>")
        return out
    rate = format_percent(case.discount_rate, lang, 1)
    margin = format_percent(s.business_case.target_margin, lang)

    out.append(f"<h2>{_esc(t('sec_decision', lang))}</h2>")
    out.append(
        f"<p>{_esc(t('decision_explain', lang, years=case.horizon_years, trials=format_number(case.trials, lang)))}</p>"
    )
    out.append(_table(*decision_table(data, lang)))
    out.append(f'<p class="note">{_esc(roi_note(data, lang))}</p>')
    view = t(f"view_{case.default_view}", lang)
    out.append(f'<p class="note">{_esc(t("integrator_view_note", lang, view=view))}</p>')
    out.append(f'<p class="note">{_esc(t("timing_note", lang, rate=rate))}</p>')
    out.append(f"<h3>{_esc(t('sec_npv_dist', lang))}</h3>")
    out.append(chart(npv_figure(case, lang, cur)))

    out.append(f"<h2>{_esc(t('sec_cash', lang))}</h2>")
    out.append(f"<p>{_esc(t('cash_explain', lang))}</p>")
    columns = ledger_columns(case.horizon_years, lang)
    for name, d in case.decisions.items():
        for side, ledgers in (("integrator", case.integrator), ("client", case.client)):
            table = ledgers[name].table(case.discount_rate)
            table = table.loc[(table.abs() > 1e-9).any(axis=1) | (table.index == "net")]
            rows = [
                [line_label(line, lang), *(money_text(data, float(v), lang) for v in values)]
                for line, values in zip(table.index, table.to_numpy(), strict=True)
            ]
            side_text = t(f"side_{side}", lang)
            if side == "integrator":
                side_text += f" — {t(f'view_{case.default_view}', lang)}"
            caption = t("cash_caption", lang, label=d.label, side=side_text)
            out.append(_table([t("col_line", lang), *columns], rows, caption=caption))
    out.append(f'<p class="note">{_esc(t("timing_note", lang, rate=rate))}</p>')

    out.append(f"<h2>{_esc(t('sec_delivery', lang))}</h2>")
    if not data.plans:
        out.append(f"<p>{_esc(t('delivery_none', lang))}</p>")
    for plan in data.plans.values():
        out.extend(_plan_html(data, plan, lang, chart))

    out.append(f"<h2>{_esc(t('sec_staged', lang))}</h2>")
    staged_terms = s.business_case.staged
    if case.staged is None or staged_terms is None:
        out.append(f"<p>{_esc(t('staged_none', lang))}</p>")
    else:
        out.append(
            "<p><b>"
            + _esc(
                t(
                    "staged_best",
                    lang,
                    k=case.best_staged_k,
                    support=data.label(staged_terms.support),
                    outsourcing=data.label(staged_terms.outsourcing),
                )
            )
            + "</b></p>"
        )
        out.append(chart(staged_figure(case, lang, cur)))
        out.append(
            _table(
                [
                    t("col_k", lang),
                    t("col_integrator_npv", lang),
                    t("col_p10_npv", lang),
                    t("col_npv_p50", lang),
                    t("col_p90_npv", lang),
                    t("col_prob_best", lang),
                    t("col_client_npv", lang),
                ],
                [
                    [
                        str(int(r.k)),
                        money_text(data, r.integrator_npv, lang),
                        money_text(data, r.integrator_npv_p10, lang),
                        money_text(data, r.integrator_npv_p50, lang),
                        money_text(data, r.integrator_npv_p90, lang),
                        format_percent(r.prob_best, lang),
                        money_text(data, r.client_npv, lang),
                    ]
                    for r in case.staged.itertuples()
                ],
            )
        )

    out.append(f"<h2>{_esc(t('sec_portfolio', lang))}</h2>")
    for name, d in case.decisions.items():
        out.append(
            "<p>"
            + _esc(
                t(
                    "price_floor_line",
                    lang,
                    label=d.label,
                    fee=money_text(data, s.options[name].annual_fee, lang),
                    floor=money_text(data, d.price_floor, lang),
                    margin=margin,
                )
            )
            + "</p>"
        )
    if case.views:
        out.append(
            _table(
                [
                    t("col_view", lang),
                    t("col_option", lang),
                    t("col_team_contracts", lang),
                    t("col_npv_p50", lang),
                    t("col_pv_margin", lang),
                    t("col_price_floor", lang, margin=margin),
                ],
                [
                    [
                        t(f"view_{view}", lang),
                        case.decisions[name].label,
                        str(v.contracts),
                        money_text(data, v.percentiles()["p50"], lang),
                        format_percent(v.margin, lang, 1),
                        money_text(data, v.price_floor, lang),
                    ]
                    for view, by_option in case.views.items()
                    for name, v in by_option.items()
                ],
            )
        )
    be = case.break_even_contracts
    out.append(
        "<p><b>"
        + _esc(t("break_even", lang, n=be) if be is not None else t("break_even_none", lang))
        + "</b></p>"
    )
    if case.portfolio is not None:
        out.append(
            _table(
                [
                    t("col_year_short", lang),
                    t("col_contracts", lang),
                    t("col_revenue", lang),
                    t("col_cost_to_serve", lang),
                    t("col_sales", lang),
                    t("col_spares_capital", lang),
                    t("col_margin", lang),
                ],
                [
                    [
                        str(int(r.year)),
                        format_number(r.contracts, lang, 2),
                        money_text(data, r.revenue, lang),
                        money_text(data, r.cost_to_serve, lang),
                        money_text(data, r.sales, lang),
                        money_text(data, r.spares_capital, lang),
                        money_text(data, r.margin, lang),
                    ]
                    for r in case.portfolio.itertuples()
                ],
            )
        )

    out.append(f"<h2>{_esc(t('sec_tornado', lang))}</h2>")
    tor = data.tornado
    if tor is None:
        out.append(f"<p>{_esc(t('tornado_none', lang))}</p>")
    else:
        labels = {n: o.label for n, o in s.options.items()}
        out.append(
            "<p>"
            + _esc(
                t(
                    "tornado_explain",
                    lang,
                    side=t(f"side_{tor.side}", lang),
                    label=labels[tor.option],
                    base=money_text(data, tor.base, lang),
                )
            )
            + "</p>"
        )
        out.append(chart(tornado_figure(tor, labels, lang, s)))
        out.append(_table(*tornado_table(data, lang)))
    return out


def _plan_html(
    data: ReportData, plan: DeliveryPlan, lang: str, chart: Callable[[go.Figure], str]
) -> list[str]:
    model = t("model_on_call" if plan.staffing_model == "on_call" else "model_shifts", lang)
    out = [
        f"<h3>{_esc(t('delivery_caption', lang, label=plan.option_label, contracts=plan.contracts, model=model))}</h3>"
    ]
    staff = plan.staffing
    roles = list(dict.fromkeys([*staff.fte, *staff.headcount]))
    out.append(
        _table(
            [t("col_role", lang), t("col_fte", lang), t("col_headcount", lang)],
            [
                [
                    t(f"role_{r}", lang) if f"role_{r}" in _ROLE_KEYS else r,
                    format_number(staff.fte.get(r, 0.0), lang, 2),
                    str(staff.headcount[r]) if r in staff.headcount else "–",
                ]
                for r in roles
            ],
        )
    )
    out.append(
        _table(
            [t("col_item", lang), t("col_value", lang)],
            [
                [t("oncall_positions", lang), str(staff.on_call_positions)],
                [t("oncall_roster", lang), str(staff.roster_size)],
                [t("oncall_weeks", lang), format_number(staff.weeks_on_call_per_person, lang, 1)],
                [
                    t("oncall_callouts", lang),
                    format_number(plan.contracts * plan.stats.callouts_per_year, lang, 1),
                ],
                [t("desk_peak", lang), str(int(np.max(staff.desk_agents)))],
                [t("desk_hours", lang), str(int(staff.desk_agents.sum()))],
                [
                    t("engineer_free", lang),
                    format_percent(plan.probability_engineer_free["critical_arrival"], lang, 1),
                ],
            ],
        )
    )
    sp = plan.spares
    out.append(f"<p><b>{_esc(t('spares_title', lang))}</b>: ")
    out.append(
        _esc(
            t(
                "spares_total",
                lang,
                capital=money_text(data, sp.total_capital, lang),
                holding=money_text(data, sp.holding_cost_per_year, lang),
                fill=format_percent(sp.fill_rate, lang, 1),
                location=t(f"location_{sp.location}", lang),
            )
        )
        + "</p>"
    )
    if not sp.classes.empty:
        out.append(
            _table(
                [
                    t("col_device", lang),
                    t("col_stock", lang),
                    t("col_fill_rate", lang),
                    t("col_capital", lang),
                ],
                [
                    [
                        str(r["name"]),
                        str(int(r["stock"])),
                        format_percent(float(r["fill_rate"]), lang, 1),
                        money_text(data, float(r["capital"]), lang),
                    ]
                    for r in sp.classes.to_dict("records")
                ],
            )
        )
    out.append(
        _table(
            [t("col_cost_line", lang), t("col_per_year", lang)],
            [[line_label(k, lang), money_text(data, v, lang)] for k, v in plan.annual_cost.items()]
            + [[t("col_total", lang), money_text(data, plan.total_annual_cost, lang)]],
        )
    )
    out.append(
        "<p>"
        + _esc(
            t(
                "cost_line",
                lang,
                total=money_text(data, plan.total_annual_cost, lang),
                contracts=plan.contracts,
                per=money_text(data, plan.cost_per_contract, lang),
                fee=money_text(data, plan.annual_fee, lang),
            )
        )
        + "</p>"
    )
    out.append(f"<p><b>{_esc(t('sla_title', lang))}</b></p>")
    out.append(
        _table(
            [
                t("col_priority", lang),
                t("col_target", lang),
                t("col_attainment", lang),
                t("col_attainment_cap", lang),
                t("col_breaches", lang),
                t("col_response_target", lang),
                t("col_response_att", lang),
            ],
            [
                [
                    t(f"priority_{p}", lang),
                    format_hours(row["target_hours"], lang),
                    format_percent(row["attainment"], lang, 1),
                    format_percent(row["attainment_with_capacity"], lang, 1),
                    format_number(row["breaches_per_year"], lang, 2),
                    format_hours(row["response_target_hours"], lang),
                    format_percent(row["response_attainment"], lang, 1),
                ]
                for p, row in plan.sla.iterrows()
            ],
        )
    )
    c = plan.credits_per_contract
    out.append(
        "<p>"
        + _esc(
            t(
                "credits_line",
                lang,
                mean=money_text(data, c["mean"], lang),
                p50=money_text(data, c["p50"], lang),
                p90=money_text(data, c["p90"], lang),
            )
        )
        + "</p>"
    )
    out.append(chart(scaling_figure(plan, lang, data.currency)))
    return out


_ROLE_KEYS = {
    "role_first_line_engineer",
    "role_service_desk_agent",
    "role_second_line_expert",
    "role_service_manager",
}


def render_html(data: ReportData, kind: str, lang: str = "en", fmt: str = "html") -> str:
    """The report as one self-contained HTML page (plotly.js inline, no external URL).

    Parameters
    ----------
    data : ReportData
        From :func:`compute_report` (a management computation serves both kinds).
    kind : {"client", "management"}
    lang : {"en", "ru"}
    fmt : str
        The format named in the page's reproduce command (``pdf`` when it is printed).

    Returns
    -------
    str
        The page; charts are ``<div class="plotly-graph-div">`` drawn by the inline plotly.js.
    """
    check_kind(kind)
    check_lang(lang)
    chart = _Charts()
    s = data.scenario
    if kind == "client":
        title = t("client_title", lang, client=s.client.name)
        body = _client_sections(data, lang, chart)
    else:
        title = t("management_title", lang, scenario=s.name)
        body = _management_sections(data, lang, chart)
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_esc(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        "</head><body>"
    )
    intro = [
        f'<div class="kind">{_esc(t(f"kind_{kind}", lang))}</div>',
        f"<h1>{_esc(title)}</h1>",
    ]
    if s.description.strip():
        intro.append(f"<p>{_esc(s.description.strip())}</p>")
    intro.append(_meta_html(data, kind, fmt, lang))
    return head + "".join(intro) + "".join(body) + "</body></html>\n"
