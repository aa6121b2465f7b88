"""Figure builders: plotly figures from the library's DataFrames, for the app and reports.

Every builder is pure: DataFrames (from :mod:`bizcase.summary`) in, a ``plotly.graph_objects.Figure``
out, nothing read or written elsewhere.  Texts come from a ``text`` mapping (English by default:
the app passes its translations); ``text["separators"]`` sets plotly's decimal and thousands
marks.  Fonts are large enough for a projector.  Every chart of a percentile says what P90 is:
**the 90th percentile — 9 years in 10 lose less**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

#: Texts of every figure, English; a caller overrides any of them.
DEFAULT_TEXT: dict[str, str] = {
    "p90_note": "P90 = 90th percentile: 9 years in 10 lose less",
    "lec_title": "Chance that a year's loss exceeds X",
    "lec_x": "Annual loss",
    "lec_y": "Chance of exceeding",
    "stages_title": "Where the hours go: downtime per year by stage",
    "stages_y": "Hours per year (full-outage equivalent)",
    "priority_title": "Expected annual loss by priority",
    "money_y": "per year",
    "total_cost_title": "Yearly cost to the client: fee + expected loss",
    "fee": "Fee",
    "loss_expected": "Expected loss",
    "loss_p90_extra": "Extra in a 1-in-10 year",
    "separators": ".,",
    "stage_detection": "Detection",
    "stage_waiting_for_window": "Waiting for coverage",
    "stage_response": "Response",
    "stage_diagnosis": "Diagnosis",
    "stage_travel": "Travel to site",
    "stage_spare_part": "Spare part",
    "stage_second_line": "Second line",
    "stage_repair": "Repair & verify",
    "priority_critical": "Critical",
    "priority_major": "Major",
    "priority_minor": "Minor",
    "priority_technical": "Technical",
    "fte_title": "People needed: FTE by role",
    "headcount": "Headcount",
    "desk_title": "Service-desk agents by hour of the week",
    "agents": "Agents",
    "hour": "Hour of day",
    "frontier_title": "Spares frontier: capital frozen vs expected backorders",
    "frontier": "Frontier",
    "chosen": "Chosen stock",
    "capital": "Capital in spares",
    "backorders": "Expected backorders",
    "sla_title": "SLA attainment by priority",
    "attainment": "Within target",
    "attainment_capacity": "With engineer availability",
    "credits_title": "Service credits paid per year",
    "credits": "Credits per year",
    "scaling_title": "Cost per contract vs number of contracts",
    "cost_per_contract": "Cost per contract per year",
    "contracts": "Contracts",
}

#: Option colours in scenario order (the baseline, usually first, is grey).
OPTION_COLOURS: tuple[str, ...] = (
    "#6c757d",
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
)
STAGE_COLOURS: dict[str, str] = {
    "detection": "#4c78a8",
    "waiting_for_window": "#e45756",
    "response": "#f58518",
    "diagnosis": "#72b7b2",
    "travel": "#54a24b",
    "spare_part": "#eeca3b",
    "second_line": "#b279a2",
    "repair": "#9d755d",
}
PRIORITY_COLOURS: dict[str, str] = {
    "critical": "#c0392b",
    "major": "#e67e22",
    "minor": "#f1c40f",
    "technical": "#95a5a6",
}
FONT_SIZE = 18


def _texts(text: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(DEFAULT_TEXT)
    if text:
        merged.update(text)
    return merged


def _colour(index: int) -> str:
    return OPTION_COLOURS[index % len(OPTION_COLOURS)]


def _finish(
    data: list[dict[str, Any]],
    title: str,
    texts: Mapping[str, str],
    *,
    note: str | None = None,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """A figure from plain trace and layout dicts, in the projector-friendly house style.

    Built as plotly JSON and wrapped without re-validation: plotly's per-property validation
    (and deep copy of its default template) costs more than everything else a builder does,
    and a slider must move a chart in well under 200 ms.
    """
    axis = {
        "gridcolor": "#e5e5e5",
        "linecolor": "#999",
        "zerolinecolor": "#bbb",
        "automargin": True,
    }
    spec_layout: dict[str, Any] = {
        "template": {},
        "colorway": list(OPTION_COLOURS),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": FONT_SIZE + 4},
        },
        "font": {"size": FONT_SIZE},
        "separators": texts["separators"],
        "margin": {"l": 70, "r": 20, "t": 130, "b": 100 if note else 60},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0.0},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "xaxis": {**axis, **(xaxis or {})},
        "yaxis": {**axis, **(yaxis or {})},
        **layout,
    }
    if note:
        spec_layout["annotations"] = [
            {
                "text": note,
                "xref": "paper",
                "yref": "paper",
                "x": 0.0,
                "y": -0.22,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": FONT_SIZE - 3, "color": "#555"},
            }
        ]
    spec = {"data": data, "layout": spec_layout}
    try:
        return go.Figure(spec, _validate=False)
    except TypeError:  # pragma: no cover - a plotly without the fast path
        return go.Figure(spec)


def _floats(values: Any) -> list[float | None]:
    return [None if v is None or v != v else float(v) for v in values]


def loss_exceedance_figure(
    curves: pd.DataFrame,
    *,
    text: Mapping[str, str] | None = None,
    log_y: bool = True,
    colours: Sequence[str] | None = None,
) -> go.Figure:
    """Loss-exceedance curves, one line per ``label``: P(annual loss > x) against x.

    Parameters
    ----------
    curves : DataFrame
        Long format with columns ``label``, ``loss`` and ``exceedance`` (as from
        :func:`bizcase.summary.loss_exceedance`); curves are drawn in order of first appearance.
    text : mapping, optional
        Overrides of :data:`DEFAULT_TEXT` (titles, axis names, the P90 note, separators).
    log_y : bool
        Logarithmic probability axis (rare bad years stay visible); zero probabilities are
        left out of a log axis.
    colours : sequence of str, optional
        One colour per curve; default :data:`OPTION_COLOURS`.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per curve, then a dotted "1 in 10 years" line at exceedance 0.1: where a curve
        crosses it is that option's P90.

    Examples
    --------
    >>> df = pd.DataFrame({"label": ["A", "A", "B", "B"], "loss": [0, 10, 0, 10],
    ...                    "exceedance": [1.0, 0.2, 0.5, 0.05]})
    >>> fig = loss_exceedance_figure(df)
    >>> [trace.name for trace in fig.data]
    ['A', 'B', 'P90']
    >>> fig.layout.yaxis.type
    'log'
    """
    texts = _texts(text)
    data: list[dict[str, Any]] = []
    for i, label in enumerate(dict.fromkeys(curves["label"])):
        rows = curves[curves["label"] == label]
        y = rows["exceedance"].where(rows["exceedance"] > 0) if log_y else rows["exceedance"]
        data.append(
            {
                "type": "scatter",
                "x": _floats(rows["loss"]),
                "y": _floats(y),
                "name": str(label),
                "mode": "lines",
                "line": {"width": 4, "color": colours[i] if colours else _colour(i)},
                "hovertemplate": "%{x:,.0f}: %{y:.1%}<extra>" + str(label) + "</extra>",
            }
        )
    top = float(curves["loss"].max()) if len(curves) else 1.0
    data.append(
        {
            "type": "scatter",
            "x": [0.0, top],
            "y": [0.1, 0.1],
            "name": "P90",
            "mode": "lines",
            "line": {"width": 2, "dash": "dot", "color": "#333"},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    yaxis: dict[str, Any] = {"title": {"text": texts["lec_y"]}, "tickformat": ".0%"}
    if log_y:
        yaxis.update(type="log", range=[-3, 0.02])
    else:
        yaxis.update(type="linear", range=[0, 1.02])
    return _finish(
        data,
        texts["lec_title"],
        texts,
        note=texts["p90_note"],
        xaxis={"title": {"text": texts["lec_x"]}, "tickformat": "~s", "rangemode": "tozero"},
        yaxis=yaxis,
    )


def stage_hours_figure(
    stages: pd.DataFrame,
    impact_share: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """Where the hours go: impact-weighted outage hours per year by stage, one stacked bar per option.

    Parameters
    ----------
    stages : DataFrame
        Columns ``option``, ``priority``, ``stage``, ``hours_per_year`` (as from
        :func:`bizcase.summary.stage_breakdown`).
    impact_share : mapping
        Share of the full loss rate per priority; an hour of a priority with impact 0.35 counts as
        0.35 hours of full outage, so technical incidents (impact 0) add nothing.
    labels : mapping
        Display label per option id, in the order of the bars.

    Examples
    --------
    >>> df = pd.DataFrame({"option": ["a", "a", "b", "b"], "priority": ["critical", "minor"] * 2,
    ...                    "stage": ["repair", "repair", "repair", "travel"],
    ...                    "hours_per_year": [2.0, 10.0, 1.0, 4.0]})
    >>> fig = stage_hours_figure(df, {"critical": 1.0, "minor": 0.1}, {"a": "A", "b": "B"})
    >>> [(t.name, list(t.y)) for t in fig.data]
    [('Repair & verify', [3.0, 1.0]), ('Travel to site', [0.0, 0.4])]
    """
    texts = _texts(text)
    weighted = stages.assign(
        hours=stages["hours_per_year"] * stages["priority"].map(impact_share).fillna(0.0)
    )
    table = weighted.pivot_table(
        index="option", columns="stage", values="hours", aggfunc="sum", fill_value=0.0
    )
    options = [o for o in labels if o in table.index]
    data = [
        {
            "type": "bar",
            "x": [labels[o] for o in options],
            "y": [round(float(table.loc[o, stage]), 6) for o in options],
            "name": texts.get(f"stage_{stage}", stage),
            "marker": {"color": STAGE_COLOURS.get(stage, "#888")},
            "hovertemplate": "%{x}: %{y:,.1f} h<extra>%{fullData.name}</extra>",
        }
        for stage in dict.fromkeys(stages["stage"])
    ]
    return _finish(
        data,
        texts["stages_title"],
        texts,
        yaxis={"title": {"text": texts["stages_y"]}},
        barmode="stack",
    )


def priority_loss_figure(
    priorities: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """Expected annual loss by priority, one stacked bar per option.

    Parameters
    ----------
    priorities : DataFrame
        Columns ``option``, ``priority``, ``expected_annual_loss`` (as from
        :func:`bizcase.summary.priority_breakdown`).
    labels : mapping
        Display label per option id, in the order of the bars.

    Examples
    --------
    >>> df = pd.DataFrame({"option": ["a", "a"], "priority": ["critical", "major"],
    ...                    "expected_annual_loss": [100.0, 20.0]})
    >>> fig = priority_loss_figure(df, {"a": "A"})
    >>> [t.name for t in fig.data], fig.layout.barmode
    (['Critical', 'Major'], 'stack')
    """
    texts = _texts(text)
    table = priorities.pivot_table(
        index="option", columns="priority", values="expected_annual_loss", aggfunc="sum"
    )
    options = [o for o in labels if o in table.index]
    data = [
        {
            "type": "bar",
            "x": [labels[o] for o in options],
            "y": [float(table.loc[o, priority]) for o in options],
            "name": texts.get(f"priority_{priority}", priority),
            "marker": {"color": PRIORITY_COLOURS.get(priority, "#888")},
            "hovertemplate": "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        }
        for priority in dict.fromkeys(priorities["priority"])
    ]
    return _finish(
        data,
        texts["priority_title"],
        texts,
        yaxis={"title": {"text": texts["money_y"]}, "tickformat": "~s"},
        barmode="stack",
    )


def total_cost_figure(
    costs: pd.DataFrame,
    *,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """Yearly cost to the client per option: fee + expected loss, and the extra of a bad year.

    Parameters
    ----------
    costs : DataFrame
        One row per option with columns ``label``, ``annual_fee``, ``expected_loss`` and
        ``p90`` (the 90th percentile of the annual loss).

    Returns
    -------
    plotly.graph_objects.Figure
        Three stacked traces: fee (trace 0, so a caller may patch ``data[0].y`` when only prices
        change), expected loss, and the P90 excess over the expected loss (hatched).

    Examples
    --------
    >>> df = pd.DataFrame({"label": ["Today", "24x7x4"], "annual_fee": [0.0, 50.0],
    ...                    "expected_loss": [300.0, 100.0], "p90": [700.0, 200.0]})
    >>> fig = total_cost_figure(df)
    >>> [list(t.y) for t in fig.data]
    [[0.0, 50.0], [300.0, 100.0], [400.0, 100.0]]
    """
    texts = _texts(text)
    x = [str(v) for v in costs["label"]]
    extra = (costs["p90"] - costs["expected_loss"]).clip(lower=0.0)
    hover = "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"
    data = [
        {
            "type": "bar",
            "x": x,
            "y": _floats(costs["annual_fee"]),
            "name": texts["fee"],
            "marker": {"color": "#1f4e79"},
            "hovertemplate": hover,
        },
        {
            "type": "bar",
            "x": x,
            "y": _floats(costs["expected_loss"]),
            "name": texts["loss_expected"],
            "marker": {"color": "#c0392b"},
            "hovertemplate": hover,
        },
        {
            "type": "bar",
            "x": x,
            "y": _floats(extra),
            "name": texts["loss_p90_extra"] + " (P90)",
            "marker": {"color": "rgba(192, 57, 43, 0.25)", "pattern": {"shape": "/"}},
            "hovertemplate": "%{x}: +%{y:,.0f}<extra>%{fullData.name}</extra>",
        },
    ]
    return _finish(
        data,
        texts["total_cost_title"],
        texts,
        note=texts["p90_note"],
        yaxis={"title": {"text": texts["money_y"]}, "tickformat": "~s"},
        barmode="stack",
    )


def fte_figure(
    fte: Mapping[str, float], headcount: Mapping[str, int], *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """FTE by role (bars) with the headcount each rounds up to (markers).

    Examples
    --------
    >>> fig = fte_figure({"engineer": 4.2, "manager": 0.0}, {"engineer": 5, "manager": 0})
    >>> list(fig.data[0].y), list(fig.data[1].y)
    ([4.2, 0.0], [5.0, 0.0])
    """
    texts = _texts(text)
    roles = list(fte)
    names = [texts.get(f"role_{r}", r.replace("_", " ")) for r in roles]
    data = [
        {
            "type": "bar",
            "x": names,
            "y": _floats(fte[r] for r in roles),
            "name": "FTE",
            "marker": {"color": "#1f77b4"},
            "hovertemplate": "%{x}: %{y:.2f} FTE<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": names,
            "y": _floats(headcount.get(r, 0) for r in roles),
            "name": texts["headcount"],
            "marker": {"size": 16, "symbol": "diamond", "color": "#d62728"},
        },
    ]
    return _finish(data, texts["fte_title"], texts, yaxis={"title": {"text": "FTE"}})


def desk_heatmap_figure(
    agents: Sequence[float], *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """Service-desk agents scheduled in each hour of the week (168 values, Monday 00:00 first).

    Examples
    --------
    >>> fig = desk_heatmap_figure([1] * 168)
    >>> len(fig.data[0].z), len(fig.data[0].z[0])
    (7, 24)
    """
    texts = _texts(text)
    values = [float(v) for v in agents]
    if len(values) != 168:
        raise ValueError(f"agents has {len(values)} values: a week needs 168")
    days = [texts.get(f"day_{d}", d) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    z = [values[d * 24 : (d + 1) * 24] for d in range(7)]
    data = [
        {
            "type": "heatmap",
            "z": z,
            "x": [f"{h:02d}" for h in range(24)],
            "y": days,
            "colorscale": "Blues",
            "reversescale": True,
            "zmin": 0,
            "colorbar": {"title": {"text": texts["agents"]}},
            "hovertemplate": "%{y} %{x}:00 — %{z}<extra></extra>",
        },
    ]
    return _finish(
        data,
        texts["desk_title"],
        texts,
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": texts["hour"]}},
    )


def spares_frontier_figure(
    frontier: pd.DataFrame, chosen_capital: float, *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """The spares frontier: money frozen in stock against expected backorders, the chosen point
    marked; the fill rate is in the hover.

    ``frontier`` has columns ``total_capital``, ``total_expected_backorders`` and ``fill_rate``.

    Examples
    --------
    >>> df = pd.DataFrame({"total_capital": [0.0, 10.0], "total_expected_backorders": [1.0, 0.2],
    ...                    "fill_rate": [0.3, 0.9]})
    >>> [t.name for t in spares_frontier_figure(df, 10.0).data]
    ['Frontier', 'Chosen stock']
    """
    texts = _texts(text)
    chosen = frontier.iloc[(frontier["total_capital"] - chosen_capital).abs().argsort()[:1]]
    hover = "%{x:,.0f}: EBO %{y:.3f}, fill %{customdata:.1%}<extra></extra>"
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": texts["frontier"],
            "x": _floats(frontier["total_capital"]),
            "y": _floats(frontier["total_expected_backorders"]),
            "customdata": _floats(frontier["fill_rate"]),
            "hovertemplate": hover,
            "line": {"width": 3, "color": "#1f77b4"},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": texts["chosen"],
            "x": _floats(chosen["total_capital"]),
            "y": _floats(chosen["total_expected_backorders"]),
            "customdata": _floats(chosen["fill_rate"]),
            "hovertemplate": hover,
            "marker": {"size": 18, "color": "#d62728", "symbol": "star"},
        },
    ]
    return _finish(
        data,
        texts["frontier_title"],
        texts,
        xaxis={"title": {"text": texts["capital"]}, "tickformat": "~s"},
        yaxis={"title": {"text": texts["backorders"]}},
    )


def sla_attainment_figure(sla: pd.DataFrame, *, text: Mapping[str, str] | None = None) -> go.Figure:
    """Share of incidents restored within target, per priority with a target: the engine's view
    and with the wait for a busy engineer added.

    Examples
    --------
    >>> df = pd.DataFrame({"target_hours": [4.0, None], "attainment": [0.9, None],
    ...                    "attainment_with_capacity": [0.85, None]},
    ...                   index=pd.Index(["critical", "minor"], name="priority"))
    >>> [list(t.x) for t in sla_attainment_figure(df).data]
    [['Critical'], ['Critical']]
    """
    texts = _texts(text)
    rows = sla[sla["target_hours"].notna()]
    names = [texts.get(f"priority_{p}", str(p)) for p in rows.index]
    data = [
        {
            "type": "bar",
            "x": names,
            "y": _floats(rows["attainment"]),
            "name": texts["attainment"],
            "marker": {"color": "#2ca02c"},
            "hovertemplate": "%{x}: %{y:.1%}<extra></extra>",
        },
        {
            "type": "bar",
            "x": names,
            "y": _floats(rows["attainment_with_capacity"]),
            "name": texts["attainment_capacity"],
            "marker": {"color": "#98df8a"},
            "hovertemplate": "%{x}: %{y:.1%}<extra></extra>",
        },
    ]
    return _finish(
        data,
        texts["sla_title"],
        texts,
        barmode="group",
        yaxis={"tickformat": ".0%", "range": [0, 1.05]},
    )


def credits_figure(credits: Sequence[float], *, text: Mapping[str, str] | None = None) -> go.Figure:
    """Distribution of the service credits (penalties) paid per year, with its P90 marked.

    Examples
    --------
    >>> fig = credits_figure([0.0, 10.0, 20.0, 30.0])
    >>> fig.data[0].type, fig.layout.shapes[0].x0
    ('histogram', 27.0)
    """
    texts = _texts(text)
    values = [float(v) for v in credits]
    ordered = sorted(values)
    p90 = float(pd.Series(ordered).quantile(0.9)) if ordered else 0.0
    data = [
        {
            "type": "histogram",
            "x": values,
            "histnorm": "probability",
            "name": texts["credits"],
            "marker": {"color": "#ff7f0e"},
            "nbinsx": 40,
        }
    ]
    fig = _finish(
        data,
        texts["credits_title"],
        texts,
        note=texts["p90_note"],
        xaxis={"title": {"text": texts["credits"]}, "tickformat": "~s"},
        yaxis={"tickformat": ".0%"},
        shapes=[
            {
                "type": "line",
                "x0": p90,
                "x1": p90,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot", "width": 2, "color": "#333"},
            }
        ],
    )
    return fig


def scaling_figure(scaling: pd.DataFrame, *, text: Mapping[str, str] | None = None) -> go.Figure:
    """Cost per contract against the number of contracts (the staffing staircase).

    Examples
    --------
    >>> df = pd.DataFrame({"contracts": [1, 2], "cost_per_contract": [100.0, 60.0]})
    >>> list(scaling_figure(df).data[0].y)
    [100.0, 60.0]
    """
    texts = _texts(text)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": _floats(scaling["contracts"]),
            "y": _floats(scaling["cost_per_contract"]),
            "name": texts["cost_per_contract"],
            "line": {"shape": "hv", "width": 3, "color": "#9467bd"},
        }
    ]
    return _finish(
        data,
        texts["scaling_title"],
        texts,
        xaxis={"title": {"text": texts["contracts"]}, "dtick": 1},
        yaxis={"title": {"text": texts["cost_per_contract"]}, "tickformat": "~s"},
    )


__all__ = [
    "DEFAULT_TEXT",
    "OPTION_COLOURS",
    "credits_figure",
    "desk_heatmap_figure",
    "fte_figure",
    "loss_exceedance_figure",
    "priority_loss_figure",
    "scaling_figure",
    "sla_attainment_figure",
    "spares_frontier_figure",
    "stage_hours_figure",
    "total_cost_figure",
]
