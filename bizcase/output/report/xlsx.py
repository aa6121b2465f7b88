"""The Excel workbook of a report (openpyxl): numbers as numbers, with number formats.

Sheets common to both kinds: the report block (scenario, input hash, seed, trials, version, date),
the flattened inputs with their ranges, and the losses per option with percentiles.  The client
workbook adds where the hours go, the client's case, the SLA annex and the context figures; the
management workbook adds both ledgers' cash flows per option, the decision summary, delivery,
staged strategy, portfolio and tornado.  Money cells carry the currency in their number format;
the decimal and thousands marks follow the reader's Excel locale.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bizcase.economics.business import CLIENT_LINES, INTEGRATOR_LINES
from bizcase.model import PRIORITIES, Scenario
from bizcase.output.labels import input_label, input_unit
from bizcase.output.report.data import (
    ReportData,
    annex_options,
    annex_rows,
    annex_terms,
    basis_note,
    check_kind,
    history_lines,
    hour_formula,
    meta_rows,
    reproduce_command,
    roi_note,
)
from bizcase.output.report.texts import CONTEXT_CARDS, check_lang, format_number, line_label, t
from bizcase.output.text import payback_phrase

PERCENT = "0.0%"
PERCENT3 = "0.000%"
NUMBER1 = "#,##0.0"
NUMBER2 = "#,##0.00"
NUMBER4 = "0.0000"
INTEGER = "0"
GENERAL = "General"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
PERCENTILES: tuple[int, ...] = (5, 10, 25, 50, 75, 90, 95, 99)


def money_format(currency: str) -> str:
    """Excel number format of whole money amounts in ``currency``, negatives in red.

    Examples
    --------
    >>> money_format("EUR")
    '#,##0 "EUR";[Red]-#,##0 "EUR"'
    """
    return f'#,##0 "{currency}";[Red]-#,##0 "{currency}"'


def _cell(value: Any) -> Any:
    """A value Excel can hold: finite floats, ints, text, bools; NaN and inf become empty."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return str(value)


#: First characters that make Excel (or a spreadsheet importing the text) read a cell as a
#: formula: a scenario's names and labels are written as text whatever they start with.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@")


def put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into a cell, text that looks like a formula kept as text; the cell.

    openpyxl stores any string starting with ``=`` as a formula; such strings (and ``+``, ``-``,
    ``@``, which Excel turns into formulas on editing) are stored as inline text with Excel's
    quote prefix, so a label like ``=HYPERLINK(...)`` shows as typed and never runs.
    """
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


class _Sheet:
    """Writes titled tables down one worksheet and keeps track of column widths."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}

    def title(self, text: str) -> None:
        cell = put(self.ws, self.row, 1, text)
        cell.font = Font(bold=True, size=12)
        self.row += 1

    def note(self, text: str) -> None:
        cell = put(self.ws, self.row, 1, text)
        cell.font = Font(italic=True, color="555555")
        self.row += 1

    def blank(self) -> None:
        self.row += 1

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        formats: Sequence[str | None],
    ) -> None:
        """A header row in bold, then rows; ``formats[i]`` is column i's number format."""
        for col, name in enumerate(header, start=1):
            cell = put(self.ws, self.row, col, name)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._width(col, name, header=True)
        self.row += 1
        for values in rows:
            for col, value in enumerate(values, start=1):
                cell = put(self.ws, self.row, col, _cell(value))
                fmt = formats[col - 1] if col - 1 < len(formats) else None
                if fmt and isinstance(cell.value, int | float):
                    cell.number_format = fmt
                self._width(col, value, number_format=fmt)
            self.row += 1
        self.row += 1

    def pairs(self, header: Sequence[str], rows: Sequence[tuple[str, Any, str]]) -> None:
        """A two-column table of (label, value, number format) rows."""
        self.table(header, [], [])
        self.row -= 1  # table() left a blank row after the (empty) body
        for label, value, fmt in rows:
            put(self.ws, self.row, 1, label)
            cell = put(self.ws, self.row, 2, _cell(value))
            if isinstance(cell.value, int | float):
                cell.number_format = fmt
            self._width(1, label)
            self._width(2, value, number_format=fmt)
            self.row += 1
        self.row += 1

    def _width(
        self, col: int, value: Any, header: bool = False, number_format: str | None = None
    ) -> None:
        if isinstance(value, float | int | np.floating | np.integer) and not isinstance(
            value, bool
        ):
            number = float(value)
            text = f"{number:,.0f}" if math.isfinite(number) else ""
            extra = 5 if number_format and '"' in number_format else 2
            size = len(text) + extra
        else:
            size = len(str(value)) + 2 if value is not None else 0
        if header:
            size = min(size, 24)
        self.widths[col] = max(self.widths.get(col, 8), min(size, 60))

    def finish(self, freeze: str | None = None) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        if freeze:
            self.ws.freeze_panes = freeze


def flatten_inputs(scenario: Scenario) -> list[tuple[str, Any]]:
    """The scenario's inputs as ``(field path, value)`` pairs, ranges at their base values.

    Lists of numbers (hourly profiles, contracts won per year) stay one cell, joined by commas.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> dict(flatten_inputs(s))["options.support_24x7x4.priorities.critical.restoration_target_hours"]
    4.0
    """
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list | tuple):
            if all(not isinstance(v, dict | list | tuple) for v in value):
                out.append(
                    (prefix, ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value))
                )
            else:
                for i, item in enumerate(value):
                    walk(f"{prefix}[{i}]", item)
        else:
            out.append((prefix, value))

    walk("", scenario.model_dump(mode="json", exclude_none=True))
    return out


def _report_sheet(sheet: _Sheet, data: ReportData, kind: str, lang: str) -> None:
    sheet.title(t(f"kind_{kind}", lang) + f": {data.scenario.name}")
    rows = [[k, v] for k, v in meta_rows(data, kind, "xlsx", lang)]
    rows.append(["", reproduce_command(data, kind, "xlsx", lang)])
    sheet.table([t("col_item", lang), t("col_value", lang)], rows, [None, None])
    sheet.note(t("p90_note", lang))
    if data.case is not None:
        sheet.note(t("timing_note", lang, rate=f"{data.case.discount_rate:.4g}"))
    sheet.finish()


def _inputs_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    ranges = data.scenario.ranges
    rows = []
    for path, value in flatten_inputs(data.scenario):
        r = ranges.get(path)
        rows.append(
            [
                path,
                input_label(path, lang, data.scenario),
                input_unit(path, lang, data.scenario.currency),
                value,
                r.low if r else None,
                r.high if r else None,
                r.dist if r else None,
                r.mode if r else None,
            ]
        )
    header = [
        t("col_path", lang),
        t("col_input", lang),
        t("col_unit", lang),
        t("col_value", lang),
        t("col_range_low", lang),
        t("col_range_high", lang),
        t("col_range_dist", lang),
        t("col_range_mode", lang),
    ]
    sheet.table(header, rows, [None, None, None, GENERAL, GENERAL, GENERAL, None, GENERAL])
    sheet.finish("A2")


def _losses_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    money = money_format(data.currency)
    cost = data.run["cost_of_one_hour"]
    sheet.table(
        [t("col_item", lang), t("col_value", lang)],
        [
            [t("hour_peak", lang), cost["peak"]],
            [t("hour_avg", lang), cost["average"]],
            [t("hour_hard_and_soft", lang), cost["peak_hard_and_soft"]],
        ],
        [None, money],
    )
    sheet.note(hour_formula(data, lang))
    sheet.note(basis_note(data, lang))
    header = [
        t("col_option_id", lang),
        t("col_option", lang),
        t("col_fee", lang),
        t("col_expected", lang),
        t("col_se", lang),
        t("col_p50", lang),
        t("col_p90", lang),
        t("col_p99", lang),
        t("col_downtime", lang),
        t("col_availability", lang),
        t("col_nines", lang),
        t("col_incidents", lang),
        t("col_reputational", lang),
        t("col_soft", lang),
        t("col_hard_and_soft", lang),
        t("col_p90_hard_and_soft", lang),
    ]
    rows = [
        [
            name,
            s.label,
            data.scenario.options[name].annual_fee,
            s.expected_annual_loss,
            s.expected_annual_loss_se,
            s.p50,
            s.p90,
            s.p99,
            s.expected_downtime_hours,
            s.availability,
            s.nines,
            s.expected_incidents,
            s.reputational_per_year,
            s.expected_annual_soft_loss,
            s.expected_annual_hard_and_soft_loss,
            s.p90_hard_and_soft,
        ]
        for name, s in data.summaries.items()
    ]
    formats = [None, None, money, money, money, money, money, money, NUMBER2, PERCENT3, NUMBER2]
    sheet.table(header, rows, [*formats, NUMBER2, money, money, money, money])
    sheet.note(t("p90_note", lang))
    for line in history_lines(data, lang):
        sheet.note(line)
    sheet.blank()
    losses = data.result.annual_loss
    values = np.percentile(losses, PERCENTILES, axis=0)  # (percentiles, options)
    sheet.table(
        [t("col_option_id", lang), t("col_option", lang), *(f"P{p}" for p in PERCENTILES)],
        [[name, data.label(name), *values[:, k]] for k, name in enumerate(data.result.options)],
        [None, None, *([money] * len(PERCENTILES))],
    )
    rows = []
    for name, s in data.summaries.items():
        for p, v in s.by_priority.items():
            rows.append(
                [
                    name,
                    t(f"priority_{p}", lang),
                    v["expected_annual_loss"],
                    v["expected_downtime_hours"],
                    v["expected_incidents"],
                    v["mean_outage_hours"],
                ]
            )
    sheet.table(
        [
            t("col_option_id", lang),
            t("col_priority", lang),
            t("col_expected", lang),
            t("col_downtime", lang),
            t("col_incidents", lang),
            t("col_hours_per_year", lang),
        ],
        rows,
        [None, None, money, NUMBER2, NUMBER2, NUMBER2],
    )
    sheet.finish("C1")


def _hours_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    hours: dict[str, dict[str, float]] = data.run["where_the_hours_go"]
    stages = list(next(iter(hours.values())))
    sheet.note(t("hours_explain", lang))
    sheet.table(
        [
            t("col_option_id", lang),
            t("col_option", lang),
            *(t(f"stage_{st}", lang) for st in stages),
            t("col_total", lang),
        ],
        [
            [n, data.label(n), *(hours[n][st] for st in stages), sum(hours[n].values())]
            for n in hours
        ],
        [None, None, *([NUMBER2] * (len(stages) + 1))],
    )
    sheet.finish()


def _cash_block(
    sheet: _Sheet, data: ReportData, option: str, side: str, lang: str, lines: Sequence[str]
) -> None:
    case = data.case
    if case is None:
        return
    money = money_format(data.currency)
    ledger = (case.client if side == "client" else case.integrator)[option]
    table = ledger.table(case.discount_rate)
    order = [line for line in lines if line in table.index]
    order += [line for line in table.index if line not in order]
    sheet.title(t("cash_caption", lang, label=data.label(option), side=t(f"side_{side}", lang)))
    columns = [t("col_initial", lang)]
    columns += [t("col_year", lang, t=y) for y in range(1, case.horizon_years + 1)]
    columns += [t("col_total", lang), t("col_present_value", lang)]
    sheet.table(
        [t("col_option_id", lang), "ledger", "line", t("col_line", lang), *columns],
        [
            [option, side, line, line_label(line, lang), *(float(v) for v in table.loc[line])]
            for line in order
        ],
        [None, None, None, None, *([money] * len(columns))],
    )


def _client_case_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    case = data.case
    if case is None:
        sheet.note(t("no_options", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    sheet.note(
        t(
            "roi_explain",
            lang,
            years=case.horizon_years,
            baseline=data.label(case.baseline),
            trials=case.trials,
        )
    )
    values = data.values or {}
    today = next(iter(values.values())).baseline_outage_hours if values else 0.0
    rows = [
        [
            name,
            v.label,
            v.annual_fee,
            v.avoided_loss,
            v.npv,
            v.roi,
            payback_phrase(v.payback, lang, lambda x, d: format_number(x, lang, d)),
            v.fee_paying_hours,
            v.break_even_outage_hours,
        ]
        for name, v in values.items()
    ]
    sheet.table(
        [
            t("col_option_id", lang),
            t("col_option", lang),
            t("col_fee", lang),
            t("col_avoided", lang),
            t("col_npv_base", lang),
            t("col_roi", lang),
            t("col_payback", lang),
            t("col_fee_hours", lang),
            t("col_break_even_hours", lang, h=format_number(today, lang, 1)),
        ],
        rows,
        [None, None, money, money, money, PERCENT, None, NUMBER1, NUMBER1],
    )
    for note in (roi_note(data, lang), t("payback_note", lang), t("fee_hours_note", lang)):
        sheet.note(note)
    sheet.blank()
    sheet.note(t("npv_spread_explain", lang, trials=format_number(case.trials, lang)))
    rows = []
    for name, d in case.decisions.items():
        p = d.percentiles("client")
        rows.append([name, d.label, p["mean"], p["p10"], p["p50"], p["p90"], p["prob_negative"]])
    sheet.table(
        [
            t("col_option_id", lang),
            t("col_option", lang),
            t("col_npv_mean", lang),
            t("col_npv_p10", lang),
            t("col_npv_p50", lang),
            t("col_npv_p90", lang),
            t("col_prob_negative", lang),
        ],
        rows,
        [None, None, money, money, money, money, PERCENT],
    )
    sheet.note(t("timing_note", lang, rate=f"{case.discount_rate:.4g}"))
    sheet.blank()
    for name in case.decisions:
        _cash_block(sheet, data, name, "client", lang, CLIENT_LINES)
    sheet.finish()


def _annex_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    s = data.scenario
    sheet.title(t("sec_annex", lang))
    sheet.note(t("draft", lang))
    names = annex_options(s)
    if not names:
        sheet.note(t("annex_none", lang))
    for n, name in enumerate(names, start=1):
        o = s.options[name]
        sheet.title(t("annex_option", lang, n=n, label=o.label))
        for line in annex_terms(s, name, lang):
            put(sheet.ws, sheet.row, 1, line)
            sheet.row += 1
        rows = []
        per_breach = o.credits.per_breach if o.credits is not None else {}
        for p, text_row in zip(PRIORITIES, annex_rows(s, name, lang), strict=True):
            terms = o.priorities.get(p)  # type: ignore[call-overload]
            rows.append(
                [
                    text_row[0],
                    text_row[1],
                    terms.response_target_hours if terms else None,
                    terms.restoration_target_hours if terms else None,
                    per_breach.get(p),  # type: ignore[call-overload]
                ]
            )
        sheet.table(
            [
                t("col_priority", lang),
                t("col_window", lang),
                t("col_response_target", lang) + ", h",
                t("col_restoration_target", lang) + ", h",
                t("col_credit_breach", lang),
            ],
            rows,
            [None, None, NUMBER2, NUMBER2, money_format(s.currency)],
        )
    sheet.note(t("annex_availability", lang))
    sheet.finish()


def _context_sheet(sheet: _Sheet, lang: str) -> None:
    sheet.title(t("sec_context", lang))
    sheet.table(
        [t("col_figure", lang), t("col_source", lang)],
        [[t(text, lang), t(src, lang)] for text, src in CONTEXT_CARDS],
        [None, None],
    )
    sheet.finish()


def _cash_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    case = data.case
    if case is None:
        sheet.note(t("no_options", lang))
        sheet.finish()
        return
    sheet.note(t("timing_note", lang, rate=f"{case.discount_rate:.4g}"))
    for name in case.decisions:
        _cash_block(sheet, data, name, "integrator", lang, INTEGRATOR_LINES)
        _cash_block(sheet, data, name, "client", lang, CLIENT_LINES)
    sheet.finish()


def _decision_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    case = data.case
    if case is None:
        sheet.note(t("no_options", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    margin = data.scenario.business_case.target_margin
    rows = []
    for name, d in case.decisions.items():
        for side in ("integrator", "client"):
            p = d.percentiles(side)
            if not p:
                continue
            integrator = side == "integrator"
            rows.append(
                [
                    name,
                    d.label,
                    side,
                    p["mean"],
                    p["p10"],
                    p["p50"],
                    p["p90"],
                    p["prob_negative"],
                    d.integrator_irr if integrator else None,
                    None if integrator else d.client_roi,
                    d.integrator_payback_years
                    if integrator or d.client_payback is None
                    else payback_phrase(
                        d.client_payback, lang, lambda x, n: format_number(x, lang, n)
                    ),
                    d.price_floor if integrator else None,
                    data.scenario.options[name].annual_fee,
                ]
            )
    sheet.note(t("decision_explain", lang, years=case.horizon_years, trials=case.trials))
    sheet.note(roi_note(data, lang))
    sheet.note(t("integrator_view_note", lang, view=t(f"view_{case.default_view}", lang)))
    sheet.table(
        [
            t("col_option_id", lang),
            t("col_option", lang),
            t("col_side", lang),
            t("col_npv_mean", lang),
            t("col_npv_p10", lang),
            t("col_npv_p50", lang),
            t("col_npv_p90", lang),
            t("col_prob_negative", lang),
            t("col_irr", lang),
            t("col_roi", lang),
            t("col_payback", lang),
            t("col_price_floor", lang, margin=f"{margin:.0%}"),
            t("col_fee", lang),
        ],
        rows,
        [
            None,
            None,
            None,
            money,
            money,
            money,
            money,
            PERCENT,
            PERCENT,
            PERCENT,
            NUMBER1,
            money,
            money,
        ],
    )
    be = case.break_even_contracts
    sheet.note(t("break_even", lang, n=be) if be is not None else t("break_even_none", lang))
    sheet.note(t("timing_note", lang, rate=f"{case.discount_rate:.4g}"))
    sheet.finish("C1")


def _delivery_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    if not data.plans:
        sheet.note(t("delivery_none", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    for name, plan in data.plans.items():
        model = t("model_on_call" if plan.staffing_model == "on_call" else "model_shifts", lang)
        sheet.title(
            t(
                "delivery_caption",
                lang,
                label=plan.option_label,
                contracts=plan.contracts,
                model=model,
            )
        )
        staff = plan.staffing
        zip_ = t("spares_title", lang)
        roles = list(dict.fromkeys([*staff.fte, *staff.headcount]))
        sheet.table(
            [
                t("col_option_id", lang),
                t("col_role", lang),
                t("col_fte", lang),
                t("col_headcount", lang),
            ],
            [
                [
                    name,
                    t(f"role_{r}", lang),
                    staff.fte.get(r, 0.0),
                    staff.headcount.get(r, t("by_the_hour", lang)),
                ]
                for r in roles
            ],
            [None, None, NUMBER2, INTEGER],
        )
        sheet.pairs(
            [t("col_item", lang), t("col_value", lang)],
            [
                (t("oncall_positions", lang), staff.on_call_positions, INTEGER),
                (t("oncall_roster", lang), staff.roster_size, INTEGER),
                (t("oncall_weeks", lang), staff.weeks_on_call_per_person, NUMBER1),
                (
                    t("oncall_callouts", lang),
                    plan.contracts * plan.stats.callouts_per_year,
                    NUMBER1,
                ),
                (t("desk_peak", lang), int(np.max(staff.desk_agents)), INTEGER),
                (t("desk_hours", lang), int(staff.desk_agents.sum()), INTEGER),
                (
                    t("engineer_free", lang),
                    plan.probability_engineer_free["critical_arrival"],
                    PERCENT,
                ),
                (f"{zip_}: {t('col_capital', lang)}", plan.spares.total_capital, money),
                (f"{zip_}: {t('col_holding', lang)}", plan.spares.holding_cost_per_year, money),
                (f"{zip_}: {t('col_fill_rate', lang)}", plan.spares.fill_rate, PERCENT),
                (t("col_total_cost", lang), plan.total_annual_cost, money),
                (t("col_cost_per_contract", lang), plan.cost_per_contract, money),
                (t("col_fee", lang), plan.annual_fee, money),
            ],
        )
        if not plan.spares.classes.empty:
            sheet.table(
                [
                    t("col_device", lang),
                    t("col_stock", lang),
                    t("col_fill_rate", lang),
                    t("col_capital", lang),
                ],
                [
                    [str(r["name"]), int(r["stock"]), float(r["fill_rate"]), float(r["capital"])]
                    for r in plan.spares.classes.to_dict("records")
                ],
                [None, INTEGER, PERCENT, money],
            )
        sheet.table(
            [t("col_cost_line", lang), t("col_per_year", lang)],
            [[line_label(k, lang), v] for k, v in plan.annual_cost.items()],
            [None, money],
        )
        sheet.table(
            [
                t("col_priority", lang),
                t("col_target", lang) + ", h",
                t("col_attainment", lang),
                t("col_attainment_cap", lang),
                t("col_breaches", lang),
                t("col_response_target", lang) + ", h",
                t("col_response_att", lang),
            ],
            [
                [
                    t(f"priority_{p}", lang),
                    row["target_hours"],
                    row["attainment"],
                    row["attainment_with_capacity"],
                    row["breaches_per_year"],
                    row["response_target_hours"],
                    row["response_attainment"],
                ]
                for p, row in plan.sla.iterrows()
            ],
            [None, NUMBER2, PERCENT, PERCENT, NUMBER2, NUMBER2, PERCENT],
        )
        c = plan.credits_per_contract
        sheet.table(
            [t("credits_title", lang), t("col_mean", lang), "P50", "P90"],
            [["", c["mean"], c["p50"], c["p90"]]],
            [None, money, money, money],
        )
        sheet.table(
            list(plan.scaling.columns),
            plan.scaling.to_numpy().tolist(),
            [INTEGER] * (len(plan.scaling.columns) - 3) + [money, money, money],
        )
        sheet.blank()
    sheet.finish()


def _staged_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    case = data.case
    staged_terms = data.scenario.business_case.staged
    if case is None or case.staged is None or staged_terms is None:
        sheet.note(t("staged_none", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    sheet.note(
        t(
            "staged_best",
            lang,
            k=case.best_staged_k,
            support=data.label(staged_terms.support),
            outsourcing=data.label(staged_terms.outsourcing),
        )
    )
    sheet.table(
        [
            t("col_k_short", lang),
            t("col_integrator_npv", lang),
            t("col_p10_npv", lang),
            t("col_p90_npv", lang),
            t("col_client_npv", lang),
        ],
        case.staged[
            ["k", "integrator_npv", "integrator_npv_p10", "integrator_npv_p90", "client_npv"]
        ]
        .to_numpy()
        .tolist(),
        [INTEGER, money, money, money, money],
    )
    sheet.finish()


def _portfolio_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    case = data.case
    if case is None or case.portfolio is None:
        sheet.note(t("break_even_none", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    be = case.break_even_contracts
    sheet.note(t("break_even", lang, n=be) if be is not None else t("break_even_none", lang))
    sheet.table(
        [
            t("col_year_short", lang),
            t("col_contracts", lang),
            t("col_revenue", lang),
            t("col_cost_to_serve", lang),
            t("col_sales", lang),
            t("col_spares_capital", lang),
            t("col_margin", lang),
        ],
        case.portfolio[
            ["year", "contracts", "revenue", "cost_to_serve", "sales", "spares_capital", "margin"]
        ]
        .to_numpy()
        .tolist(),
        [INTEGER, NUMBER2, money, money, money, money, money],
    )
    sheet.finish()


def _tornado_sheet(sheet: _Sheet, data: ReportData, lang: str) -> None:
    tor = data.tornado
    if tor is None:
        sheet.note(t("tornado_none", lang))
        sheet.finish()
        return
    money = money_format(data.currency)
    sheet.note(
        t(
            "tornado_explain",
            lang,
            side=t(f"side_{tor.side}", lang),
            label=data.label(tor.option),
            base=f"{tor.base:,.0f} {data.currency}",
        )
    )
    sheet.table(
        [
            t("col_input", lang),
            t("col_group", lang),
            t("col_low_value", lang),
            t("col_high_value", lang),
            t("col_output_low", lang),
            t("col_output_high", lang),
            t("col_swing", lang),
            t("col_input_path", lang),
        ],
        [
            [
                input_label(r.input, lang, data.scenario),
                r.group,
                r.low_value,
                r.high_value,
                r.output_low,
                r.output_high,
                r.swing,
                r.input,
            ]
            for r in tor.bars.itertuples()
        ],
        [None, None, GENERAL, GENERAL, money, money, money, None],
    )
    sheet.table([t("col_option_id", lang), "base"], [[tor.option, tor.base]], [None, money])
    sheet.finish()


def render_xlsx(data: ReportData, kind: str, lang: str = "en") -> bytes:
    """The report as an ``.xlsx`` workbook's bytes.

    Parameters
    ----------
    data : ReportData
        From :func:`bizcase.output.report.compute_report`.
    kind : {"client", "management"}
    lang : {"en", "ru"}

    Returns
    -------
    bytes
        The workbook; every figure is a number cell with a number format (money in the
        scenario's currency, shares as percentages), header rows bold.
    """
    check_kind(kind)
    check_lang(lang)
    wb = Workbook()
    first = wb.active
    if first is None:  # pragma: no cover - a new Workbook always has a sheet
        first = wb.create_sheet()
    first.title = t("sheet_report", lang)
    writers: list[tuple[str, Any]] = [
        ("sheet_inputs", _inputs_sheet),
        ("sheet_losses", _losses_sheet),
    ]
    if kind == "client":
        writers += [
            ("sheet_hours", _hours_sheet),
            ("sheet_client_case", _client_case_sheet),
            ("sheet_annex", _annex_sheet),
        ]
    else:
        writers += [
            ("sheet_cash", _cash_sheet),
            ("sheet_decision", _decision_sheet),
            ("sheet_delivery", _delivery_sheet),
            ("sheet_staged", _staged_sheet),
            ("sheet_tornado", _tornado_sheet),
            ("sheet_portfolio", _portfolio_sheet),
        ]
    _report_sheet(_Sheet(first), data, kind, lang)
    for key, writer in writers:
        writer(_Sheet(wb.create_sheet(t(key, lang))), data, lang)
    if kind == "client":
        _context_sheet(_Sheet(wb.create_sheet(t("sheet_context", lang))), lang)
    stamp = dt.datetime.combine(data.date, dt.time(0, 0))
    wb.properties.creator = f"bizcase {data.version}"
    wb.properties.title = f"{t(f'kind_{kind}', lang)}: {data.scenario.name}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.identifier = data.input_hash
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
