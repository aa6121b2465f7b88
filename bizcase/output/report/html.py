"""Client-ready reports: the client leave-behind and the management pack, as HTML, PDF or Excel.

One computation (:func:`compute_report`) runs the library — the downtime-loss Monte Carlo, the
business case, the delivery plans and the tornado — with stated trial counts and one seed; the
renderers only lay its numbers out:

* :func:`render_html` — a self-contained page: CSS and plotly.js inline, no external URL at all,
  so it works offline and prints the same anywhere;
* :func:`bizcase.report_pdf.html_to_pdf` — that page printed by headless Chromium;
* :func:`bizcase.report_xlsx.render_xlsx` — an openpyxl workbook, numbers as numbers.

Every report states the scenario, a SHA-256 hash of its inputs (:func:`input_hash`), the seed, the
trial counts, the bizcase version and the date: the same inputs give the same numbers.  The client
leave-behind never shows the integrator's costs, margins or price floor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from bizcase import __version__
from bizcase.business import CaseResult, offered_options
from bizcase.charts import (
    OPTION_COLOURS,
    loss_exceedance_figure,
    stage_hours_figure,
    total_cost_figure,
)
from bizcase.delivery import DeliveryPlan, delivery_plan
from bizcase.engine import REPORT_STAGES
from bizcase.errors import InputError
from bizcase.report_text import (
    CONTEXT_CARDS,
    NBSP,
    check_lang,
    describe_window,
    format_hours,
    format_money,
    format_number,
    format_percent,
    format_years,
    line_label,
    sla_shorthand,
    t,
)
from bizcase.scenario import PRIORITIES, Scenario, scenario_to_dict
from bizcase.simulation import SimulationResult, run_simulation
from bizcase.summary import (
    OptionSummary,
    loss_exceedance,
    result_to_dict,
    stage_breakdown,
    summarise,
)
from bizcase.uncertainty import TornadoResult, tornado, uncertain_case

KINDS: tuple[str, ...] = ("client", "management")
FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx")
#: Largest trial count a report accepts (the business case's own limit).
MAX_REPORT_TRIALS = 200_000
#: Tornado trials per evaluation, at most (each ranged input costs two evaluations).
TORNADO_TRIALS = 60
#: Delivery-plan trial-years, at most (the staffing figures converge long before).
DELIVERY_TRIALS = 5_000
CHART_WIDTH_PX = 680
CHART_HEIGHT_PX = 400


# ---------------------------------------------------------------------------------------------
# Inputs: trial counts, seed, hash, date


@dataclass(frozen=True)
class ReportSettings:
    """Trial counts and seed of a report (each stated on the report).

    Attributes
    ----------
    trials : int
        Simulated years of the downtime-loss run (``bizcase run --trials``).
    case_trials : int
        Business-case trials, each a run of ``horizon_years`` simulated years
        (``bizcase case --trials``).
    delivery_trials : int
        Simulated years behind each delivery plan (``bizcase delivery --trials``).
    tornado_trials : int
        Business-case trials per tornado evaluation (``bizcase tornado --trials``).
    seed : int
        The one seed of every part.
    """

    trials: int
    case_trials: int
    delivery_trials: int
    tornado_trials: int
    seed: int


def report_settings(
    scenario: Scenario, trials: int | None = None, seed: int | None = None
) -> ReportSettings:
    """Trial counts of a report: modest defaults, or ``trials`` for the losses and the case.

    Parameters
    ----------
    scenario : Scenario
        Its ``simulation.trials`` and ``business_case.trials`` give the defaults.
    trials : int, optional
        Overrides the trial count of the losses and of the business case (20 to 200,000).
    seed : int, optional
        Default the scenario's seed.

    Returns
    -------
    ReportSettings
        Defaults: the scenario's simulated years for the losses, a quarter of its business-case
        trials (at least 20) for the case, at most 5,000 simulated years per delivery plan and at
        most 60 trials per tornado evaluation.

    Examples
    --------
    >>> from pathlib import Path
    >>> from bizcase.scenario import load_scenario
    >>> s = load_scenario(Path(__file__).parent.parent / "scenarios" / "manufacturing.toml")
    >>> report_settings(s)
    ReportSettings(trials=20000, case_trials=250, delivery_trials=5000, tornado_trials=60, seed=20261127)
    >>> report_settings(s, trials=100, seed=1)
    ReportSettings(trials=100, case_trials=100, delivery_trials=100, tornado_trials=60, seed=1)
    """
    if trials is not None and (
        isinstance(trials, bool) or not isinstance(trials, int) or not 20 <= trials
    ):
        raise InputError(
            f"trials = {trials!r}: must be an integer from 20 to {MAX_REPORT_TRIALS:,}"
        )
    if trials is not None and trials > MAX_REPORT_TRIALS:
        raise InputError(
            f"trials = {trials!r}: must be an integer from 20 to {MAX_REPORT_TRIALS:,}"
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InputError(f"seed = {seed!r}: must be an integer from 0 to 2**63 - 1")
    losses = scenario.simulation.trials if trials is None else trials
    case = max(20, scenario.business_case.trials // 4) if trials is None else trials
    return ReportSettings(
        trials=losses,
        case_trials=case,
        delivery_trials=min(losses, DELIVERY_TRIALS),
        tornado_trials=min(case, TORNADO_TRIALS),
        seed=scenario.simulation.seed if seed is None else seed,
    )


def input_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's inputs: canonical JSON of :func:`scenario_to_dict`.

    Canonical: keys sorted, no insignificant whitespace, UTF-8.  Ranges are part of the inputs;
    comments and key order of the TOML file are not.

    Examples
    --------
    >>> from pathlib import Path
    >>> from bizcase.scenario import load_scenario
    >>> s = load_scenario(Path(__file__).parent.parent / "scenarios" / "manufacturing.toml")
    >>> digest = input_hash(s)
    >>> len(digest), digest == input_hash(s.with_values({}))
    (64, True)
    """
    text = json.dumps(
        scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH = {epoch!r}: must be whole seconds since 1970"
            ) from None
    return dt.date.today()


# ---------------------------------------------------------------------------------------------
# The computation


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, computed once; the renderers only format it.

    ``case`` is None when the scenario offers no option besides its baseline; ``plans`` is empty
    without a ``[delivery]`` section; ``tornado`` is None without ranged inputs (and for a
    client report, which does not show one).
    """

    scenario: Scenario
    source: str
    settings: ReportSettings
    input_hash: str
    version: str
    date: dt.date
    result: SimulationResult
    run: dict[str, Any]
    summaries: dict[str, OptionSummary]
    curves: pd.DataFrame
    stages: pd.DataFrame
    case: CaseResult | None
    plans: dict[str, DeliveryPlan]
    tornado: TornadoResult | None

    @property
    def currency(self) -> str:
        """The scenario's ISO currency code."""
        return self.scenario.currency

    def label(self, option: str) -> str:
        """Display label of an option."""
        return self.scenario.options[option].label


def compute_report(
    scenario: Scenario,
    kind: str = "management",
    *,
    trials: int | None = None,
    seed: int | None = None,
    date: dt.date | None = None,
    source: str = "",
) -> ReportData:
    """Run everything a report of ``kind`` shows (a management computation serves both kinds).

    Parameters
    ----------
    scenario : Scenario
        The validated scenario.
    kind : {"client", "management"}
        ``client`` skips the delivery plans and the tornado, which it does not show.
    trials, seed : int, optional
        See :func:`report_settings`.
    date : datetime.date, optional
        Date printed on the report (default :func:`report_date`).
    source : str
        The scenario file's name, shown in the command that reproduces the report.

    Returns
    -------
    ReportData

    Notes
    -----
    The parts are the library's own calls with the stated trials and seed, so each figure equals
    the CLI's: ``run_simulation`` (``bizcase run``), ``uncertain_case`` (``bizcase case``),
    ``delivery_plan`` per offered option (``bizcase delivery``) and ``tornado`` of the
    integrator's expected NPV of the last offered option (``bizcase tornado``).
    """
    check_kind(kind)
    settings = report_settings(scenario, trials, seed)
    result = run_simulation(scenario, trials=settings.trials, seed=settings.seed)
    offered = offered_options(scenario)
    case = None
    if offered:
        case = uncertain_case(scenario, trials=settings.case_trials, seed=settings.seed)
    plans: dict[str, DeliveryPlan] = {}
    tornado_result = None
    if kind == "management" and offered:
        if scenario.delivery is not None:
            for name in offered:
                plans[name] = delivery_plan(
                    scenario, name, trials=settings.delivery_trials, seed=settings.seed
                )
        if any(r.high > r.low for r in scenario.ranges.values()):
            tornado_result = tornado(
                scenario, trials=settings.tornado_trials, seed=settings.seed, side="integrator"
            )
    return ReportData(
        scenario=scenario,
        source=source,
        settings=settings,
        input_hash=input_hash(scenario),
        version=__version__,
        date=date or report_date(),
        result=result,
        run=result_to_dict(result),
        summaries=summarise(result),
        curves=loss_exceedance(result, points=120),
        stages=stage_breakdown(result),
        case=case,
        plans=plans,
        tornado=tornado_result,
    )


def check_kind(kind: str) -> str:
    """``kind`` if it is a report kind, else an :class:`InputError`."""
    if kind not in KINDS:
        raise InputError(f"kind = {kind!r}: must be one of {', '.join(KINDS)}")
    return kind


def check_format(fmt: str) -> str:
    """``fmt`` if it is a report format, else an :class:`InputError`."""
    if fmt not in FORMATS:
        raise InputError(f"format = {fmt!r}: must be one of {', '.join(FORMATS)}")
    return fmt


# ---------------------------------------------------------------------------------------------
# Figures (plotly; the loss figures come from bizcase.charts)


def chart_text(lang: str, currency: str) -> dict[str, str]:
    """The texts :mod:`bizcase.charts` builders take, in ``lang``."""
    keys = ("lec_title", "lec_y", "stages_title", "stages_y", "total_cost_title", "fee")
    out = {k: t(k, lang) for k in keys}
    out.update(
        loss_expected=t("loss_expected", lang),
        loss_p90_extra=t("loss_p90_extra", lang),
        p90_note=t("p90_note_chart", lang),
        lec_x=t("lec_x", lang, currency=currency),
        money_y=t("money_y", lang, currency=currency),
        separators=separators(lang),
    )
    for stage in REPORT_STAGES:
        out[f"stage_{stage}"] = t(f"stage_{stage}", lang)
    return out


def separators(lang: str) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands separator) for ``lang``."""
    return "," + NBSP if lang == "ru" else ".,"


def _for_print(fig: go.Figure, height: int = CHART_HEIGHT_PX) -> go.Figure:
    """Fixed size and document-sized fonts (the app's builders are sized for a projector)."""
    fig.update_layout(
        width=CHART_WIDTH_PX,
        height=height,
        autosize=False,
        font={"size": 11},
        title={"font": {"size": 14}},
        margin={"l": 60, "r": 20, "t": 80, "b": 70},
        legend={"font": {"size": 10}},
    )
    for annotation in fig.layout.annotations or ():
        annotation.font = {"size": 10, "color": "#555"}
        if annotation.y is not None and annotation.yref == "paper" and annotation.y < 0:
            annotation.y = -0.2
    return fig


def _base_figure(title: str, lang: str) -> go.Figure:
    fig = go.Figure(layout={"template": "none"})
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        colorway=list(OPTION_COLOURS),
        separators=separators(lang),
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0.0},
    )
    axis = {
        "gridcolor": "#e5e5e5",
        "linecolor": "#999",
        "zerolinecolor": "#888",
        "automargin": True,
    }
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    return fig


def npv_figure(case: CaseResult, lang: str, currency: str) -> go.Figure:
    """Histograms of the integrator's NPV per contract, one per option, overlaid.

    Parameters
    ----------
    case : CaseResult
        From :func:`bizcase.uncertainty.uncertain_case`; one histogram per decision.
    lang : {"en", "ru"}
    currency : str
        ISO code shown on the axis.

    Returns
    -------
    plotly.graph_objects.Figure
        Overlaid histograms and a dotted line at NPV = 0 (left of it the contract loses money).
    """
    fig = _base_figure(t("npv_dist_title", lang), lang)
    for i, (name, decision) in enumerate(case.decisions.items()):
        if decision.integrator_npv is None:
            continue
        fig.add_trace(
            go.Histogram(
                x=np.round(decision.integrator_npv, 2),
                name=decision.label,
                opacity=0.55,
                nbinsx=40,
                marker_color=OPTION_COLOURS[(i + 1) % len(OPTION_COLOURS)],
                legendgroup=name,
            )
        )
    fig.update_layout(barmode="overlay")
    fig.add_vline(x=0, line={"color": "#333", "dash": "dot"})
    fig.update_xaxes(title_text=t("npv_axis", lang, currency=currency), tickformat="~s")
    return _for_print(fig)


def staged_figure(case: CaseResult, lang: str, currency: str) -> go.Figure:
    """Integrator NPV of "support for k years, then outsourcing" by k, P10–P90 whiskers."""
    staged = case.staged
    if staged is None:
        raise InputError("the case has no staged strategy")
    fig = _base_figure(t("staged_title", lang), lang)
    best = case.best_staged_k
    fig.add_trace(
        go.Bar(
            x=[str(int(k)) for k in staged.k],
            y=staged.integrator_npv.round(2),
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (staged.integrator_npv_p90 - staged.integrator_npv).round(2),
                "arrayminus": (staged.integrator_npv - staged.integrator_npv_p10).round(2),
                "color": "#333",
            },
            marker_color=["#2ca02c" if int(k) == best else "#1f77b4" for k in staged.k],
            name=t("col_integrator_npv", lang),
        )
    )
    fig.update_xaxes(title_text=t("col_k", lang), type="category")
    fig.update_yaxes(title_text=t("npv_axis", lang, currency=currency), tickformat="~s")
    return _for_print(fig)


def tornado_figure(result: TornadoResult, labels: dict[str, str], lang: str) -> go.Figure:
    """Horizontal bars from the base NPV to the NPV at each input's P10 and P90."""
    bars = result.bars.iloc[::-1]  # largest swing on top
    title = t("tornado_title", lang) + f" — {labels.get(result.option, result.option)}"
    fig = _base_figure(title, lang)
    for column, key, colour in (
        ("output_low", "tornado_low", "#e45756"),
        ("output_high", "tornado_high", "#4c78a8"),
    ):
        fig.add_trace(
            go.Bar(
                y=list(bars.input),
                x=(bars[column] - result.base).round(2),
                base=round(result.base, 2),
                orientation="h",
                name=t(key, lang),
                marker_color=colour,
            )
        )
    fig.update_layout(barmode="overlay")
    fig.add_vline(x=result.base, line={"color": "#333", "dash": "dot"})
    fig.update_xaxes(tickformat="~s")
    return _for_print(fig, height=max(300, 120 + 28 * len(bars)))


def scaling_figure(plan: DeliveryPlan, lang: str, currency: str) -> go.Figure:
    """Cost per contract against the number of contracts (the staircase), with the fee."""
    scaling = plan.scaling
    fig = _base_figure(t("scaling_title", lang) + f" — {plan.option_label}", lang)
    fig.add_trace(
        go.Scatter(
            x=list(scaling.contracts),
            y=scaling.cost_per_contract.round(2),
            mode="lines+markers",
            name=t("col_cost_per_contract", lang),
            line={"shape": "hv", "color": "#1f77b4"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[int(scaling.contracts.min()), int(scaling.contracts.max())],
            y=[plan.annual_fee, plan.annual_fee],
            mode="lines",
            name=t("fee", lang),
            line={"dash": "dash", "color": "#c0392b"},
        )
    )
    fig.update_xaxes(title_text=t("scaling_x", lang))
    fig.update_yaxes(title_text=t("money_y", lang, currency=currency), tickformat="~s")
    return _for_print(fig, height=340)


# ---------------------------------------------------------------------------------------------
# HTML


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


def _money(data: ReportData, value: float | None, lang: str) -> str:
    return format_money(value, data.currency, lang)


def reproduce_command(data: ReportData, kind: str, fmt: str, lang: str) -> str:
    """The CLI command that rebuilds this report (same numbers)."""
    source = data.source or "SCENARIO.toml"
    s = data.settings
    trials = f" --trials {s.trials}" if s.trials == s.case_trials else ""
    return (
        f"bizcase report {source} --kind {kind} --format {fmt} --lang {lang}{trials} "
        f"--seed {s.seed} -o FILE"
    )


def meta_rows(data: ReportData, kind: str, fmt: str, lang: str) -> list[tuple[str, str]]:
    """The reproducibility block: (label, value) pairs shown on every report."""
    s = data.settings
    years = data.scenario.business_case.horizon_years
    trials = t(
        "meta_trials_value",
        lang,
        losses=format_number(s.trials, lang),
        case=format_number(s.case_trials, lang),
        years=years,
        delivery=format_number(s.delivery_trials, lang),
        tornado=format_number(s.tornado_trials, lang),
    )
    return [
        (t("meta_kind", lang), t(f"kind_{kind}", lang)),
        (t("meta_scenario", lang), data.scenario.name),
        (t("meta_client", lang), data.scenario.client.name),
        (t("meta_hash", lang), data.input_hash),
        (t("meta_seed", lang), str(s.seed)),
        (t("meta_trials", lang), trials),
        (t("meta_version", lang), data.version),
        (t("meta_date", lang), data.date.isoformat()),
        (t("meta_currency", lang), data.currency),
        (t("meta_language", lang), lang),
    ]


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


def _losses_rows(data: ReportData, lang: str) -> list[list[str]]:
    rows = []
    for name, s in data.summaries.items():
        fee = data.scenario.options[name].annual_fee
        rows.append(
            [
                s.label,
                _money(data, fee, lang),
                _money(data, s.expected_annual_loss, lang),
                _money(data, s.expected_annual_loss_se, lang),
                _money(data, s.p90, lang),
                format_number(s.expected_downtime_hours, lang, 1),
                format_percent(s.availability, lang, 3),
            ]
        )
    return rows


def _client_sections(data: ReportData, lang: str, chart: Callable[[go.Figure], str]) -> list[str]:
    s = data.scenario
    cur = data.currency
    cost = data.run["cost_of_one_hour"]
    texts = chart_text(lang, cur)
    out = [f"<h2>{_esc(t('sec_hour', lang))}</h2>", '<div class="cards">']
    for key, value in (("hour_peak", cost["peak"]), ("hour_avg", cost["average"])):
        out.append(
            f'<div class="card"><div>{_esc(t(key, lang))}</div>'
            f'<div class="big">{_esc(_money(data, value, lang))}</div></div>'
        )
    out.append("</div>")
    out.append(f'<p class="note">{_esc(t("hour_explain", lang))}</p>')

    out.append(f"<h2>{_esc(t('sec_losses', lang))}</h2>")
    out.append(f"<p>{_esc(t('losses_explain', lang))}</p>")
    header = [
        t("col_option", lang),
        t("col_fee", lang),
        t("col_expected", lang),
        t("col_se", lang),
        t("col_p90", lang),
        t("col_downtime", lang),
        t("col_availability", lang),
    ]
    out.append(_table(header, _losses_rows(data, lang)))
    out.append(f'<p class="note">{_esc(t("p90_note", lang))}</p>')
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


def _client_roi_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    case = data.case
    if case is None:
        raise InputError("the report has no business case: the scenario offers no option")
    base = data.summaries[case.baseline].expected_annual_loss
    header = [
        t("col_option", lang),
        t("col_fee", lang),
        t("col_avoided", lang),
        t("col_npv_mean", lang),
        t("col_npv_p10", lang),
        t("col_npv_p90", lang),
        t("col_prob_negative", lang),
        t("col_roi", lang),
        t("col_payback", lang),
    ]
    rows = []
    for name, d in case.decisions.items():
        p = d.percentiles("client")
        rows.append(
            [
                d.label,
                _money(data, data.scenario.options[name].annual_fee, lang),
                _money(data, base - data.summaries[name].expected_annual_loss, lang),
                _money(data, p["mean"], lang),
                _money(data, p["p10"], lang),
                _money(data, p["p90"], lang),
                format_percent(p["prob_negative"], lang),
                format_percent(d.client_roi, lang),
                format_years(d.client_payback_years, lang),
            ]
        )
    return header, rows


def annex_options(scenario: Scenario) -> list[str]:
    """Contract options of the SLA annex: every non-baseline option with targets or credits."""
    return [
        name
        for name, o in scenario.options.items()
        if name != scenario.baseline
        and (
            o.credits is not None
            or any(
                v.response_target_hours is not None or v.restoration_target_hours is not None
                for v in o.priorities.values()
            )
        )
    ]


def annex_rows(scenario: Scenario, option: str, lang: str) -> list[list[str]]:
    """The priority matrix of one option: priority, coverage, response, restoration, credit."""
    o = scenario.options[option]
    per_breach = o.credits.per_breach if o.credits is not None else {}
    rows = []
    for p in PRIORITIES:
        terms = o.priorities.get(p)  # type: ignore[call-overload]
        credit = per_breach.get(p)  # type: ignore[call-overload]
        rows.append(
            [
                t(f"priority_{p}", lang),
                describe_window(o.coverage_for(p), lang),
                format_hours(terms.response_target_hours if terms else None, lang),
                format_hours(terms.restoration_target_hours if terms else None, lang),
                format_money(credit, scenario.currency, lang) if credit else t("no_credit", lang),
            ]
        )
    return rows


def annex_terms(scenario: Scenario, option: str, lang: str) -> list[str]:
    """The sentences of one option's annex: fee, window, clock, tiers and cap."""
    o = scenario.options[option]
    cur = scenario.currency
    lines = [
        t("annex_fee", lang, fee=format_money(o.annual_fee, cur, lang)),
        t("annex_coverage", lang, window=describe_window(o.coverage, lang)),
        t(
            "annex_clock",
            lang,
            clock=t("clock_24x7" if o.sla_clock == "24x7" else "clock_coverage", lang),
        ),
    ]
    if o.credits is None:
        lines.append(t("annex_no_credits", lang))
        return lines
    tiers = sorted(o.credits.availability_tiers, key=lambda x: -x.availability_below)
    if tiers:
        lines.append(
            t("annex_tiers", lang)
            + "; ".join(
                t(
                    "annex_tier",
                    lang,
                    level=format_percent(tier.availability_below, lang, 2),
                    share=format_percent(tier.credit_share, lang),
                )
                for tier in tiers
            )
            + "."
        )
    else:
        lines.append(t("annex_no_tiers", lang))
    cap = o.credits.cap_share_of_monthly_fee
    lines.append(
        t(
            "annex_cap",
            lang,
            share=format_percent(cap, lang),
            amount=format_money(cap * o.annual_fee / 12.0, cur, lang),
        )
    )
    return lines


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


def ledger_columns(years: int, lang: str) -> list[str]:
    """Column names of a cash-flow table: Initial, Year 1…N, Total, Present value."""
    return [
        t("col_initial", lang),
        *(t("col_year", lang, t=y) for y in range(1, years + 1)),
        t("col_total", lang),
        t("col_present_value", lang),
    ]


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
        f"<p>{_esc(t('hour_peak', lang))}: <b>{_esc(_money(data, cost['peak'], lang))}</b>; "
        f"{_esc(t('hour_avg', lang))}: <b>{_esc(_money(data, cost['average'], lang))}</b>.</p>"
    )
    header = [
        t("col_option", lang),
        t("col_fee", lang),
        t("col_expected", lang),
        t("col_se", lang),
        t("col_p90", lang),
        t("col_downtime", lang),
        t("col_availability", lang),
    ]
    out.append(_table(header, _losses_rows(data, lang)))
    out.append(f'<p class="note">{_esc(t("p90_note", lang))}</p>')
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
                [line_label(line, lang), *(_money(data, float(v), lang) for v in values)]
                for line, values in zip(table.index, table.to_numpy(), strict=True)
            ]
            caption = t("cash_caption", lang, label=d.label, side=t(f"side_{side}", lang))
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
                    t("col_p90_npv", lang),
                    t("col_client_npv", lang),
                ],
                [
                    [
                        str(int(r.k)),
                        _money(data, r.integrator_npv, lang),
                        _money(data, r.integrator_npv_p10, lang),
                        _money(data, r.integrator_npv_p90, lang),
                        _money(data, r.client_npv, lang),
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
                    fee=_money(data, s.options[name].annual_fee, lang),
                    floor=_money(data, d.price_floor, lang),
                    margin=margin,
                )
            )
            + "</p>"
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
                        _money(data, r.revenue, lang),
                        _money(data, r.cost_to_serve, lang),
                        _money(data, r.sales, lang),
                        _money(data, r.spares_capital, lang),
                        _money(data, r.margin, lang),
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
                    base=_money(data, tor.base, lang),
                )
            )
            + "</p>"
        )
        out.append(chart(tornado_figure(tor, labels, lang)))
        out.append(_table(*tornado_table(data, lang)))
    return out


def decision_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Rows of the decision summary: both ledgers' NPV percentiles, IRR, payback, price floor."""
    case = data.case
    if case is None:
        raise InputError("the report has no business case: the scenario offers no option")
    margin = format_percent(data.scenario.business_case.target_margin, lang)
    header = [
        t("col_option", lang),
        t("col_side", lang),
        t("col_npv_mean", lang),
        t("col_npv_p10", lang),
        t("col_npv_p50", lang),
        t("col_npv_p90", lang),
        t("col_prob_negative", lang),
        f"{t('col_irr', lang)} / {t('col_roi', lang)}",
        t("col_payback", lang),
        t("col_price_floor", lang, margin=margin),
    ]
    rows = []
    for d in case.decisions.values():
        for side in ("integrator", "client"):
            p = d.percentiles(side)
            if not p:
                continue
            integrator = side == "integrator"
            rows.append(
                [
                    d.label,
                    t(f"side_{side}", lang),
                    _money(data, p["mean"], lang),
                    _money(data, p["p10"], lang),
                    _money(data, p["p50"], lang),
                    _money(data, p["p90"], lang),
                    format_percent(p["prob_negative"], lang),
                    format_percent(d.integrator_irr if integrator else d.client_roi, lang, 1),
                    format_years(
                        d.integrator_payback_years if integrator else d.client_payback_years, lang
                    ),
                    _money(data, d.price_floor, lang) if integrator else "",
                ]
            )
    return header, rows


def tornado_table(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """Rows of the tornado: input, its P10 and P90 values, the NPV at each, the swing."""
    tor = data.tornado
    if tor is None:
        raise InputError("the report has no tornado: the scenario has no ranged inputs")
    header = [
        t("col_input", lang),
        t("col_low_value", lang),
        t("col_high_value", lang),
        t("col_output_low", lang),
        t("col_output_high", lang),
        t("col_swing", lang),
    ]
    rows = [
        [
            r.input,
            format_number(r.low_value, lang, 4 if abs(r.low_value) < 10 else 0),
            format_number(r.high_value, lang, 4 if abs(r.high_value) < 10 else 0),
            _money(data, r.output_low, lang),
            _money(data, r.output_high, lang),
            _money(data, r.swing, lang),
        ]
        for r in tor.bars.itertuples()
    ]
    return header, rows


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
                [t("desk_peak", lang), str(int(staff.desk_agents.max()))],
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
                capital=_money(data, sp.total_capital, lang),
                holding=_money(data, sp.holding_cost_per_year, lang),
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
                        _money(data, float(r["capital"]), lang),
                    ]
                    for r in sp.classes.to_dict("records")
                ],
            )
        )
    out.append(
        _table(
            [t("col_cost_line", lang), t("col_per_year", lang)],
            [[line_label(k, lang), _money(data, v, lang)] for k, v in plan.annual_cost.items()]
            + [[t("col_total", lang), _money(data, plan.total_annual_cost, lang)]],
        )
    )
    out.append(
        "<p>"
        + _esc(
            t(
                "cost_line",
                lang,
                total=_money(data, plan.total_annual_cost, lang),
                contracts=plan.contracts,
                per=_money(data, plan.cost_per_contract, lang),
                fee=_money(data, plan.annual_fee, lang),
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
                mean=_money(data, c["mean"], lang),
                p50=_money(data, c["p50"], lang),
                p90=_money(data, c["p90"], lang),
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


# ---------------------------------------------------------------------------------------------
# Writing files


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """The output path, checked before any work: its folder exists and is writable.

    Raises
    ------
    InputError
        Naming the path and the rule it breaks.
    """
    target = Path(path)
    if target.name in ("", ".", ".."):
        raise InputError(f"output = {str(path)!r}: must be a file name")
    if target.is_dir():
        raise InputError(f"output = {str(target)!r}: is a directory; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"output = {str(target)!r}: {str(folder)!r} is a file, not a folder")
    if not folder.is_dir():
        raise InputError(f"output = {str(target)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"output = {str(target)!r}: folder {str(folder)!r} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"output = {str(target)!r}: the file exists and is not writable")
    return target


def write_atomic(path: str | os.PathLike[str], payload: bytes) -> Path:
    """Write ``payload`` to ``path`` via a temporary file in the same folder, then rename.

    A failure leaves no partial file behind (and any earlier file at ``path`` untouched).
    """
    target = check_output_path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"output = {str(target)!r}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"output = {str(target)!r}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def render(data: ReportData, kind: str, fmt: str, lang: str = "en") -> bytes:
    """The report's bytes in ``fmt`` (``html``, ``pdf`` or ``xlsx``)."""
    check_kind(kind)
    check_format(fmt)
    check_lang(lang)
    if fmt == "xlsx":
        from bizcase.report_xlsx import render_xlsx

        return render_xlsx(data, kind, lang)
    page = render_html(data, kind, lang, fmt)
    if fmt == "pdf":
        from bizcase.report_pdf import html_to_pdf

        return html_to_pdf(page)
    return page.encode("utf-8")


def write_report(
    scenario: Scenario,
    kind: str,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    trials: int | None = None,
    seed: int | None = None,
    date: dt.date | None = None,
    source: str = "",
) -> Path:
    """Compute and write one report; arguments and the output folder are checked first.

    Returns
    -------
    pathlib.Path
        The file written (atomically: nothing half-written on failure).
    """
    check_kind(kind)
    check_format(fmt)
    check_lang(lang)
    check_output_path(path)
    if fmt == "pdf":
        from bizcase.report_pdf import find_chromium

        find_chromium()  # fail before the computation when there is no renderer
    data = compute_report(scenario, kind, trials=trials, seed=seed, date=date, source=source)
    return write_atomic(path, render(data, kind, fmt, lang))


def finite_or_none(value: float | None) -> float | None:
    """``value`` as a float, or None when missing or not finite (an empty cell)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
