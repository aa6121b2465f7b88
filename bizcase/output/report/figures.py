"""The charts of the printed reports: fixed sizes, print colours, labels in the report's language."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bizcase.delivery.plan import DeliveryPlan
from bizcase.economics.business import CaseResult
from bizcase.economics.uncertainty import TornadoResult
from bizcase.model import Scenario
from bizcase.model.errors import InputError
from bizcase.output.charts import (
    OPTION_COLOURS,
)
from bizcase.output.labels import input_label
from bizcase.output.report.texts import (
    NBSP,
    t,
)
from bizcase.simulate.engine import REPORT_STAGES

CHART_WIDTH_PX = 680


CHART_HEIGHT_PX = 400


#: Height of the one chart of the leave-behind's first page.
EXEC_CHART_PX = 290


def chart_text(lang: str, currency: str) -> dict[str, str]:
    """The texts :mod:`bizcase.output.charts` builders take, in ``lang``."""
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
        From :func:`bizcase.economics.uncertainty.uncertain_case`; one histogram per decision.
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


def tornado_figure(
    result: TornadoResult, labels: dict[str, str], lang: str, scenario: Scenario | None = None
) -> go.Figure:
    """Horizontal bars from the base NPV to the NPV at each input's P10 and P90, each bar named
    by its input's label (:mod:`bizcase.output.labels`; ``scenario`` names its options)."""
    bars = result.bars.iloc[::-1]  # largest swing on top
    title = t("tornado_title", lang) + f" — {labels.get(result.option, result.option)}"
    fig = _base_figure(title, lang)
    for column, key, colour in (
        ("output_low", "tornado_low", "#e45756"),
        ("output_high", "tornado_high", "#4c78a8"),
    ):
        fig.add_trace(
            go.Bar(
                y=[input_label(p, lang, scenario) for p in bars.input],
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
