"""The HTML report: one self-contained page per report kind, also the source of the PDF.

:func:`render_html` lays out the numbers of :func:`bizcase.output.report.data.compute_report`:
CSS and plotly.js inline, no external URL at all, so the page works offline and prints the same
anywhere (:func:`bizcase.output.report.pdf.html_to_pdf` prints it with headless Chromium).  The
client leave-behind never shows the integrator's costs, margins or price floor.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial

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
    error_table,
    executive_summary,
    history_lines,
    hour_formula,
    ledger_columns,
    losses_header,
    losses_rows,
    meta_rows,
    money_text,
    priority_table,
    reproduce_command,
    roi_note,
    tornado_table,
    value_table,
)
from bizcase.output.report.figures import (
    CHART_HEIGHT_PX,
    CHART_WIDTH_PX,
    EXEC_CHART_PX,
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
    describe_window,
    format_hours,
    format_number,
    format_percent,
    line_label,
    sla_shorthand,
    t,
)
from bizcase.output.text import payback_phrase

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
/* Layout of the printed page: a heading stays with what follows it; a figure with its caption,
   a table and a card never split across pages. */
h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
.keep, table, .chart, .card, .meta { break-inside: avoid; page-break-inside: avoid; }
.exec { break-after: page; page-break-after: always; }
.exec h1 { font-size: 17pt; }
.exec .prepared { color: #555; font-size: 9.5pt; margin-bottom: 6pt; }
.exec .lead { font-size: 11pt; margin: 4pt 0 6pt; }
.exec-cards { flex-wrap: nowrap; margin: 4pt 0; }
.exec-cards .card { flex: 1 1 0; padding: 4pt 6pt; font-size: 9.5pt; }
.exec-cards .big { font-size: 14pt; color: #1f4e79; }
.exec-cards .src { font-size: 8pt; }
.card .big.neg { color: #c0392b; }
.nw { white-space: nowrap; }
.chart-title { font-weight: bold; margin: 8pt 0 0; }
table.wide { font-size: 7.5pt; table-layout: fixed; }
table.wide th { overflow-wrap: anywhere; hyphens: auto; }
table.wide th:first-child { width: 18%; }
.verdict { font-size: 11pt; font-weight: bold; margin: 8pt 0 4pt; }
.draft { color: #c0392b; font-weight: bold; text-transform: uppercase; font-size: 9pt; }
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric_from: int = 1,
    caption: str | None = None,
    css: str = "",
) -> str:
    """An HTML table; cells are already formatted text, columns from ``numeric_from`` right-aligned."""
    parts = [f'<table class="{css}">' if css else "<table>"]
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


def _keep(*parts: str) -> str:
    """A heading kept on one page with what follows it (no heading orphaned at a page foot)."""
    return '<div class="keep">' + "".join(parts) + "</div>"


def _h(level: int, text: str) -> str:
    return f"<h{level}>{_esc(text)}</h{level}>"


def _nobreak(escaped: str) -> str:
    """Escaped text whose negative amounts never break after their minus sign."""
    return _NEGATIVE.sub(r'<span class="nw">\g<0></span>', escaped)


_NEGATIVE = re.compile("−[^\\s<]+")


def _p(text: str, css: str = "") -> str:
    body = _nobreak(_esc(text))
    return f'<p class="{css}">{body}</p>' if css else f"<p>{body}</p>"


def _exec_summary(data: ReportData, lang: str, chart: Callable[[go.Figure], str]) -> str:
    """Page 1 of the leave-behind: what a CFO reads, nothing about how it was computed."""
    s = data.scenario
    cur = data.currency
    labels = data.labels(lang)
    client = s.text("client.name", lang)
    e = executive_summary(data)
    money = partial(money_text, data, lang=lang)
    years = s.business_case.horizon_years
    out = [
        f'<section class="exec"><div class="kind">{_esc(t("kind_client", lang))}</div>',
        _h(1, t("client_title", lang, client=client)),
        _p(t("exec_prepared", lang, client=client, date=data.date.isoformat()), "prepared"),
        _p(
            t(
                "exec_lead",
                lang,
                client=client,
                peak=money(e.hour_peak),
                average=money(e.hour_average),
                baseline=labels[s.baseline],
                expected=money(e.expected_loss_today),
                bad=money(e.bad_year_today),
            ),
            "lead",
        ),
    ]
    cards: list[tuple[str, str, str]] = [
        (
            t("exec_hour", lang),
            money(e.hour_peak),
            t("exec_hour_value", lang, peak=money(e.hour_peak), average=money(e.hour_average)),
        ),
        (t("exec_today", lang), money(e.expected_loss_today), labels[s.baseline]),
        (t("exec_bad_year", lang), money(e.bad_year_today), t("p90_note_chart", lang)),
    ]
    best = e.best
    if best is not None:
        saving_text = "exec_saving_staff" if best.own_staff_saved else "exec_saving"
        cards += [
            (
                t("exec_recommended" if e.recommended else "exec_best", lang),
                labels[best.option],
                "",
            ),
            (t("exec_fee", lang), money(best.annual_fee), ""),
            (
                t(saving_text, lang),
                money(e.saving),
                t(
                    f"{saving_text}_value",
                    lang,
                    avoided=money(best.avoided_loss),
                    staff=money(best.own_staff_saved),
                    fee=money(best.annual_fee),
                ),
            ),
            (
                t("exec_fee_hours", lang),
                t("exec_fee_hours_value", lang, h=format_number(best.fee_paying_hours, lang, 1)),
                t(
                    "exec_fee_hours_today",
                    lang,
                    be=format_number(best.break_even_outage_hours, lang, 1),
                    today=format_number(e.outage_hours_today, lang, 1),
                ),
            ),
        ]
    for row in (cards[:3], cards[3:]):  # today's situation, then the contract
        if not row:
            continue
        out.append('<div class="cards exec-cards">')
        for title, big, small in row:
            negative = big.startswith("−")
            out.append(
                f'<div class="card"><div>{_esc(title)}</div>'
                f'<div class="big{" neg" if negative else ""}">{_nobreak(_esc(big))}</div>'
                + (f'<div class="src">{_nobreak(_esc(small))}</div>' if small else "")
                + "</div>"
            )
        out.append("</div>")
    if best is None:
        out.append(_p(t("exec_no_options", lang), "verdict"))
    else:
        npv_text = money(best.npv)
        if e.recommended:
            payback = payback_phrase(
                best.payback, lang, lambda x, d: format_number(x, lang, d), years
            )
            out.append(
                _p(
                    t(
                        "exec_verdict",
                        lang,
                        label=labels[best.option],
                        fee=money(best.annual_fee),
                        years=years,
                        npv=npv_text,
                        roi=format_percent(best.roi, lang),
                        payback=payback,
                    ),
                    "verdict",
                )
            )
            if abs(e.other_flows) >= 0.5:
                out.append(_p(t("exec_other_flows", lang, net=money(best.net_saving))))
        else:
            out.append(
                _p(
                    t(
                        "exec_none_pays",
                        lang,
                        label=labels[best.option],
                        fee=money(best.annual_fee),
                        npv=npv_text,
                        years=years,
                    ),
                    "verdict",
                )
            )
        rate = format_percent(s.business_case.discount_rate, lang, 1)
        out.append(_p(t("exec_rule", lang, years=years, rate=rate), "note"))
    costs = pd.DataFrame(
        {
            "label": list(labels.values()),
            "annual_fee": [o.annual_fee for o in s.options.values()],
            "expected_loss": [data.summaries[n].expected_annual_loss for n in s.options],
            "p90": [data.summaries[n].p90 for n in s.options],
        }
    )
    figure = _for_print(total_cost_figure(costs, text=chart_text(lang, cur)), EXEC_CHART_PX)
    # the title is the caption above the chart: the chart's own height goes to its bars
    figure.update_layout(title=None, margin={"t": 10}, legend={"orientation": "h"})
    out.append(
        _keep(f'<p class="chart-title">{_esc(t("exec_chart_title", lang))}</p>', chart(figure))
    )
    out.append(
        _p(t("exec_footnote", lang, years=format_number(data.settings.trials, lang)), "note")
    )
    out.append("</section>")
    return "".join(out)


def _client_sections(
    data: ReportData, lang: str, chart: Callable[[go.Figure], str], fmt: str = "html"
) -> list[str]:
    s = data.scenario
    cur = data.currency
    cost = data.run["cost_of_one_hour"]
    texts = chart_text(lang, cur)
    labels = data.labels(lang)
    trials = format_number(data.settings.trials, lang)
    out = [_exec_summary(data, lang, chart)]

    # the client and the options compared
    about = []
    if s.description.strip():
        about.append(_p(s.text("description", lang).strip()))
    options_rows = []
    for name, o in s.options.items():
        terms = o.priorities.get("critical")
        options_rows.append(
            [
                labels[name],
                s.text(f"options.{name}.description", lang).strip() or "–",
                describe_window(o.coverage, lang),
                format_hours(terms.restoration_target_hours if terms else None, lang),
                money_text(data, o.annual_fee, lang),
            ]
        )
    options_table = _table(
        [
            t("col_option", lang),
            t("col_description", lang),
            t("col_window", lang),
            t("col_critical_restore", lang),
            t("col_fee", lang),
        ],
        options_rows,
        numeric_from=3,
    )
    out.append(_keep(_h(2, t("sec_about", lang)), *about, options_table))

    cards = ['<div class="cards">']
    for key, value in (
        ("hour_peak", cost["peak"]),
        ("hour_avg", cost["average"]),
        ("hour_hard_and_soft", cost["peak_hard_and_soft"]),
    ):
        cards.append(
            f'<div class="card"><div>{_esc(t(key, lang))}</div>'
            f'<div class="big">{_esc(money_text(data, value, lang))}</div></div>'
        )
    cards.append("</div>")
    out.append(
        _keep(
            _h(2, t("sec_hour", lang)),
            "".join(cards),
            _p(hour_formula(data, lang), "note"),
            _p(t("hour_explain", lang), "note"),
        )
    )

    out.append(
        _keep(
            _h(2, t("sec_losses", lang)),
            _p(t("losses_explain", lang)),
            _table(losses_header(data, lang, with_se=False), losses_rows(data, lang, False)),
        )
    )
    out.append(_p(basis_note(data, lang), "note"))
    out.append(_p(t("p90_note", lang) + " " + t("se_footnote", lang, trials=trials), "note"))
    out.extend(_history_html(data, lang))

    curves = data.curves.assign(label=data.curves["option"].map(labels))
    lec = _for_print(loss_exceedance_figure(curves, text=texts))
    out.append(_keep(_h(3, t("sec_lec", lang)), chart(lec.update_yaxes(tickformat=".2~%"))))

    out.append(
        _keep(
            _h(2, t("sec_priority", lang)),
            _p(t("priority_explain", lang)),
            _table(*priority_table(data, lang)),
        )
    )

    impact = {p: inc.impact_share for p, inc in s.incidents.by_priority().items()}
    hours: dict[str, dict[str, float]] = data.run["where_the_hours_go"]
    stages = list(next(iter(hours.values())))
    out.append(
        _keep(
            _h(2, t("sec_hours", lang)),
            _p(t("hours_explain", lang)),
            chart(_for_print(stage_hours_figure(data.stages, impact, labels, text=texts))),
        )
    )
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
            css="wide",
        )
    )

    case = data.case
    if case is None:
        out.append(_keep(_h(2, t("sec_roi", lang)), _p(t("no_options", lang))))
    else:
        explain = t(
            "roi_explain",
            lang,
            years=case.horizon_years,
            baseline=labels[case.baseline],
            trials=format_number(case.trials, lang),
        )
        out.append(_keep(_h(2, t("sec_roi", lang)), _p(explain), _table(*value_table(data, lang))))
        for note in (roi_note(data, lang), t("payback_note", lang), t("fee_hours_note", lang)):
            out.append(_p(note, "note"))
        out.append(
            _keep(
                _p(t("npv_spread_explain", lang, trials=format_number(case.trials, lang))),
                _table(*_client_roi_table(data, lang)),
            )
        )
        rate = format_percent(case.discount_rate, lang, 1)
        out.append(_p(t("timing_note", lang, rate=rate), "note"))

    context = ['<div class="cards">']
    for text_key, source_key in CONTEXT_CARDS:
        context.append(
            f'<div class="card"><div>{_esc(t(text_key, lang))}</div>'
            f'<div class="src">{_esc(t(source_key, lang))}</div></div>'
        )
    context.append("</div>")
    out.append(_keep(_h(2, t("sec_context", lang)), "".join(context)))
    out.append(_annex_html(data, lang))
    out.append(_error_html(data, lang))
    out.append(_provenance_html(data, "client", fmt, lang))
    return out


def _error_html(data: ReportData, lang: str) -> str:
    """Appendix B: the Monte Carlo error of the expected values."""
    trials = format_number(data.settings.trials, lang)
    parts = [
        _h(2, t("sec_error", lang)),
        _p(t("error_explain", lang, trials=trials)),
        _table(*error_table(data, lang)),
    ]
    case = data.case
    if case is not None:
        labels = data.labels(lang)
        errors = "; ".join(
            f"{labels[name]} {money_text(data, float(d.client_npv.std(ddof=1)) / math.sqrt(d.client_npv.size), lang)}"
            for name, d in case.decisions.items()
            if d.client_npv.size > 1
        )
        if errors:
            count = format_number(case.trials, lang)
            parts.append(_p(t("error_npv", lang, trials=count, errors=errors), "note"))
    return '<section class="appendix">' + _keep(*parts) + "</section>"


def _provenance_html(data: ReportData, kind: str, fmt: str, lang: str) -> str:
    """The closing appendix: input hash, seed, trials, version and the command."""
    rows = meta_rows(data, kind, fmt, lang) + [
        (t("meta_command", lang), reproduce_command(data, kind, fmt, lang))
    ]
    code = {t("meta_hash", lang), t("meta_command", lang)}
    body = "".join(
        f"<tr><td>{_esc(k)}</td><td>{'<code>' + _esc(v) + '</code>' if k in code else _esc(v)}</td></tr>"
        for k, v in rows
    )
    return (
        '<section class="appendix">'
        + _keep(
            _h(2, t("sec_provenance", lang)),
            _p(t("provenance_explain", lang)),
            f'<div class="meta"><table>{body}</table></div>',
        )
        + "</section>"
    )


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
    for name, d in case.decisions.items():
        p = d.percentiles("client")
        rows.append(
            [
                data.label(name, lang),
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
    out = ['<section class="appendix"><div class="annex">']
    out.append(
        _keep(
            f'<p class="draft">{_esc(t("draft", lang))}</p>',
            _h(2, t("sec_annex", lang)),
            _p(t("annex_intro", lang)),
        )
    )
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
        label = data.label(name, lang)
        label += f" ({short})" if short and short not in label else ""
        out.append(
            _keep(
                _h(3, t("annex_option", lang, n=n, label=label)),
                _table(header, annex_rows(s, name, lang), numeric_from=2),
                *(_p(line) for line in annex_terms(s, name, lang)),
            )
        )
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
                    str(staff.headcount[r]) if r in staff.headcount else t("by_the_hour", lang),
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
        title = t("client_title", lang, client=s.text("client.name", lang))
        body = _client_sections(data, lang, chart, fmt)
    else:
        title = t("management_title", lang, scenario=s.text("name", lang))
        body = _management_sections(data, lang, chart)
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_esc(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        "</head><body>"
    )
    intro = []
    if kind == "management":  # the leave-behind opens with its own executive summary
        intro = [
            f'<div class="kind">{_esc(t(f"kind_{kind}", lang))}</div>',
            f"<h1>{_esc(title)}</h1>",
        ]
        if s.description.strip():
            intro.append(f"<p>{_esc(s.text('description', lang).strip())}</p>")
        intro.append(_meta_html(data, kind, fmt, lang))
    return head + "".join(intro) + "".join(body) + "</body></html>\n"
