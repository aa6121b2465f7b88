"""Figure builders: plotly figures from the library's DataFrames, for the app and reports.

Every builder is pure: DataFrames (from :mod:`bizcase.simulate.summary`) in, a ``plotly.graph_objects.Figure``
out, nothing read or written elsewhere.  Texts come from a ``text`` mapping (English by default:
the app passes its translations); ``text["separators"]`` sets plotly's decimal and thousands
marks.  Fonts are large enough for a projector.  Every chart of a percentile says what P90 is:
**the 90th percentile — 9 years in 10 lose less**.
"""

from __future__ import annotations

import textwrap
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
    "cumulative_title": "Cumulative net cash (expected) and break-even",
    "cumulative_y": "Cumulative net cash",
    "year": "Year",
    "break_even": "Break-even",
    "npv_title": "NPV distribution per option",
    "npv_y": "NPV",
    "prob_negative": "P(NPV<0)",
    "percentile_note": "P10 / P50 / P90 = 10th / 50th / 90th percentile across trials",
    "fan_title": "Cumulative net cash by year: P10 / P50 / P90",
    "fan_band": "P10–P90",
    "staged_title": "Staged strategy: support for k years, then outsourcing",
    "staged_x": "Switch year k",
    "staged_npv": "Expected integrator NPV",
    "staged_client": "Expected client NPV",
    "best": "Best",
    "tornado_title": "Tornado: expected NPV with each input at its P10 and P90",
    "tornado_low": "Input at P10",
    "tornado_high": "Input at P90",
    "base": "Base",
    "sobol_title": "Sobol indices: share of the expected NPV's variance per input",
    "sobol_first": "First order (S1): the input alone",
    "sobol_total": "Total (ST): with its interactions",
    "sobol_x": "Share of variance",
    "rota_title": "On-call rota: who carries the phone each week",
    "week": "Week",
    "phone": "Phone",
    "off": "Off",
    "timing_note": "Year 0 = initial investment, undiscounted; year t discounted by (1 + r)^t",
    "design_title": "Design search: annual cost vs share restored within target",
    "design_candidates": "Designs simulated",
    "design_frontier": "Frontier",
    "design_chosen": "Chosen design",
    "design_filed": "As filed",
    "design_target": "Target",
    "design_cost": "Cost to serve one contract per year",
    "design_attainment": "Restored within target",
    "portfolio_contracts_title": "Portfolio: contracts held by year",
    "portfolio_mean_support": "Support contracts (mean)",
    "portfolio_mean_outsourcing": "Outsourcing contracts (mean)",
    "portfolio_total": "All contracts: P50, P10–P90",
    "portfolio_npv_title": "Portfolio NPV to date: P10 / P50 / P90",
    "portfolio_npv_y": "Discounted cash to date",
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


#: Characters per line of a chart title before it wraps (a half-width chart on a projector).
TITLE_WRAP = 44
#: Characters per line of a category tick label before it wraps (keeps labels horizontal).
TICK_WRAP = 11
#: Characters per line of a chart's footnote (the P90 or timing note under the x axis).
NOTE_WRAP = 50
#: Characters per line of a y-axis title.
Y_TITLE_WRAP = 28
#: Room above the title for plotly's mode bar, in pixels: the two never overlap.
MODEBAR_PX = 34
#: Height of a line of a chart title, in pixels.
TITLE_LINE_PX = round(1.3 * (FONT_SIZE + 2))
_TITLE_BREAKS = (": ", " — ", " – ", "; ", ", ")


def wrap_text(text: str, width: int, breaks: Sequence[str] = _TITLE_BREAKS) -> str:
    """``text`` in lines of about ``width`` characters joined by ``<br>`` (plotly's line break).

    A break after a colon or before a dash is preferred when it keeps both lines short; else
    the text wraps at spaces.  Text that fits, or already has breaks, is returned as is.

    Examples
    --------
    >>> wrap_text("Where the hours go: downtime per year by stage", 30)
    'Where the hours go:<br>downtime per year by stage'
    >>> wrap_text("Outsourcing (managed network)", 16, breaks=(" (",))
    'Outsourcing<br>(managed network)'
    >>> wrap_text("Short", 16)
    'Short'
    """
    if len(text) <= width or "<br>" in text:
        return text
    best: tuple[int, str] | None = None
    for sep in breaks:
        at = text.find(sep)
        while at > 0:
            keep = sep.rstrip() if sep.startswith((":", ";", ",")) else ""
            first = text[:at] + keep
            rest = text[at + len(keep) :].lstrip()
            longest = max(len(first), len(rest))
            if longest <= width + 8 and (best is None or longest < best[0]):
                best = (longest, f"{first}<br>{rest}")
            at = text.find(sep, at + 1)
    if best is not None and len(text) <= 2 * (width + 8):
        return best[1]
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) or text


def _category_ticks(labels: Sequence[str]) -> dict[str, Any]:
    """A category x axis whose long labels wrap instead of turning sideways."""
    values = [str(v) for v in labels]
    return {
        "type": "category",
        "tickvals": values,
        "ticktext": [
            "<br>".join(textwrap.wrap(v, TICK_WRAP, break_long_words=False, break_on_hyphens=False))
            or v
            for v in values
        ],
        "tickangle": 0,
        "tickfont": {"size": FONT_SIZE - 3},
    }


def _with_note(axis: dict[str, Any], note: str) -> dict[str, Any]:
    """``axis`` with ``note`` as a smaller grey line under its title: the axis's automargin
    then keeps the note below the tick labels and the title, whatever their size."""
    title = dict(axis.get("title") or {})
    text = title.get("text") or ""
    lines = wrap_text(note, NOTE_WRAP, breaks=("; ", ": ", ", ")).split("<br>")
    small = "<br>".join(f'<span style="font-size:0.8em;color:#555">{x}</span>' for x in lines)
    title["text"] = f"{text}<br>{small}" if text else small
    return {**axis, "title": title}


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

    Layout: the title in its own band under the mode bar (wrapped when long, the top margin
    sized to its lines); the legend in a horizontal row at the bottom of the figure, below the
    x axis; the ``note`` (what P90 means, the timing convention) a smaller line under the x-axis
    title.  Plotly reserves the room of the axis titles (automargin) and of a legend anchored
    to the container, so none overlaps another.

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
    x_spec = {**axis, **(xaxis or {})}
    if note:
        x_spec = _with_note(x_spec, note)
    y_spec = {**axis, **(yaxis or {})}
    y_title = (y_spec.get("title") or {}).get("text")
    if y_title:  # a long vertical title would outgrow the plot's height
        y_spec["title"] = {**y_spec["title"], "text": wrap_text(y_title, Y_TITLE_WRAP, (" (",))}
    title = wrap_text(title, TITLE_WRAP)
    # the title's band: the mode bar's row, then the title's lines.  Plotly lifts each extra
    # line of a top-anchored title by a line, so the pad pushes the first one back down.
    extra_lines = title.count("<br>")
    title_pad = MODEBAR_PX + extra_lines * TITLE_LINE_PX
    top = title_pad + TITLE_LINE_PX + 24
    spec_layout: dict[str, Any] = {
        "template": {},
        "colorway": list(OPTION_COLOURS),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1.0,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": title_pad},
            "font": {"size": FONT_SIZE + 2},
        },
        "font": {"size": FONT_SIZE},
        "separators": texts["separators"],
        "margin": {"l": 70, "r": 24, "t": top, "b": 16},
        "legend": {
            "orientation": "h",
            "xref": "paper",
            "x": 0.0,
            "xanchor": "left",
            "yref": "container",
            "y": 0.0,
            "yanchor": "bottom",
            "font": {"size": FONT_SIZE - 3},
        },
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "xaxis": x_spec,
        "yaxis": y_spec,
        **layout,
    }
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
        :func:`bizcase.simulate.summary.loss_exceedance`); curves are drawn in order of first appearance.
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
    yaxis: dict[str, Any] = {"title": {"text": texts["lec_y"]}, "tickformat": ".1~%"}
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
        :func:`bizcase.simulate.summary.stage_breakdown`).
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
        xaxis=_category_ticks([labels[o] for o in options]),
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
        :func:`bizcase.simulate.summary.priority_breakdown`).
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
        xaxis=_category_ticks([labels[o] for o in options]),
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
        xaxis=_category_ticks(x),
        yaxis={"title": {"text": texts["money_y"]}, "tickformat": "~s"},
        barmode="stack",
    )


def fte_figure(
    fte: Mapping[str, float], headcount: Mapping[str, int], *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """FTE by role (bars) with the headcount each rounds up to (markers; none for a role
    bought by the hour, which has FTE but no headcount).

    Examples
    --------
    >>> fig = fte_figure({"engineer": 4.2, "expert": 0.3}, {"engineer": 5})
    >>> list(fig.data[0].y), list(fig.data[1].y)
    ([4.2, 0.3], [5.0, None])
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
            "y": _floats(headcount.get(r) for r in roles),
            "name": texts["headcount"],
            "marker": {"size": 16, "symbol": "diamond", "color": "#d62728"},
        },
    ]
    return _finish(
        data,
        texts["fte_title"],
        texts,
        xaxis=_category_ticks(names),
        yaxis={"title": {"text": "FTE"}},
    )


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


def design_frontier_figure(
    points: pd.DataFrame,
    target: float,
    chosen: int | None,
    *,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """The design search: every simulated design's annual cost against its attainment, the
    cost–attainment frontier, the chosen design marked, the design as filed and the target line.

    ``points`` has columns ``annual_cost``, ``attainment`` (of the targeted priority, a share),
    ``label`` and ``on_frontier`` (bool); row 0 is the design as filed; ``chosen`` is a row
    position or None.

    Examples
    --------
    >>> df = pd.DataFrame({"annual_cost": [10.0, 8.0, 12.0], "attainment": [0.96, 0.9, 0.95],
    ...                    "label": ["as filed", "a", "b"], "on_frontier": [True, True, False]})
    >>> [t.name for t in design_frontier_figure(df, 0.95, 0).data]
    ['Designs simulated', 'Frontier', 'As filed', 'Chosen design', 'Target 95%']
    """
    texts = _texts(text)
    front = points[points["on_frontier"]].sort_values("annual_cost")
    hover = "%{customdata}<br>%{x:,.0f}: %{y:.1%}<extra></extra>"

    def trace(frame: pd.DataFrame, name: str, **style: Any) -> dict[str, Any]:
        return {
            "type": "scatter",
            "name": name,
            "x": _floats(frame["annual_cost"]),
            "y": _floats(frame["attainment"]),
            "customdata": list(frame["label"]),
            "hovertemplate": hover,
            **style,
        }

    data = [
        trace(points, texts["design_candidates"], mode="markers",
              marker={"size": 9, "color": "#9aa5b1", "opacity": 0.7}),
        trace(front, texts["design_frontier"], mode="lines+markers",
              line={"width": 3, "color": "#1f77b4", "shape": "hv"}, marker={"size": 11}),
        trace(points.iloc[:1], texts["design_filed"], mode="markers",
              marker={"size": 15, "color": "#2ca02c", "symbol": "diamond"}),
    ]  # fmt: skip
    if chosen is not None:
        data.append(
            trace(
                points.iloc[chosen : chosen + 1],
                texts["design_chosen"],
                mode="markers",
                marker={"size": 20, "color": "#d62728", "symbol": "star"},
            )
        )
    costs = _floats(points["annual_cost"])
    finite = [c for c in costs if c is not None]
    if finite:
        # the SLA target as a dashed line across the designs' cost range (a trace: in the legend)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{texts['design_target']} {target:.0%}",
                "x": [min(finite), max(finite)],
                "y": [target, target],
                "hoverinfo": "skip",
                "line": {"dash": "dash", "color": "#c0392b", "width": 2},
            }
        )
    return _finish(
        data,
        texts["design_title"],
        texts,
        xaxis={"title": {"text": texts["design_cost"]}, "tickformat": "~s"},
        yaxis={"title": {"text": texts["design_attainment"]}, "tickformat": ".0%"},
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
        xaxis=_category_ticks(names),
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


def _zero_line(horizontal: bool = True) -> dict[str, Any]:
    if horizontal:
        return {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": 0,
            "y1": 0,
            "line": {"color": "#333", "width": 1.5},
        }
    return {
        "type": "line",
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "x0": 0,
        "x1": 0,
        "line": {"color": "#333", "width": 1.5},
    }


def break_even_year(cumulative: Sequence[float]) -> float | None:
    """The (interpolated) year at which a cumulative cash flow first turns non-negative for good.

    ``cumulative[t]`` is the cumulative flow at the end of year ``t`` (year 0 first).  ``None``
    when it ends negative; ``0.0`` when it never goes below zero.

    Examples
    --------
    >>> break_even_year([-100.0, -50.0, 50.0, 80.0])
    1.5
    >>> break_even_year([10.0, 20.0]), break_even_year([-5.0, -1.0])
    (0.0, None)
    """
    values = [float(v) for v in cumulative]
    if not values or values[-1] < 0:
        return None
    below = [t for t, v in enumerate(values) if v < 0]
    if not below:
        return 0.0
    t = below[-1]
    before, after = values[t], values[t + 1]
    return t + (-before) / (after - before)


def cumulative_cash_figure(
    cumulative: Mapping[str, Sequence[float]],
    *,
    text: Mapping[str, str] | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """Expected cumulative net cash by year, one line per option, each break-even marked.

    Parameters
    ----------
    cumulative : mapping
        Label → cumulative net cash at the end of year 0, 1, …, N (year 0 = initial investment).
    highlight : str, optional
        Label drawn thicker (the option picked on the page).

    Returns
    -------
    plotly.graph_objects.Figure
        One line per option, then one "break-even" marker trace (a diamond at the interpolated
        year where each line crosses zero for good; options that never break even have none).

    Examples
    --------
    >>> fig = cumulative_cash_figure({"A": [-100.0, -50.0, 50.0], "B": [-10.0, -20.0, -30.0]})
    >>> [t.name for t in fig.data]
    ['A', 'B', 'Break-even']
    >>> list(fig.data[2].x), list(fig.data[2].y)
    ([1.5], [0.0])
    """
    texts = _texts(text)
    data: list[dict[str, Any]] = []
    xs: list[float] = []
    names: list[str] = []
    for i, (label, values) in enumerate(cumulative.items()):
        ys = _floats(values)
        width = 5 if label == highlight else 3
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(range(len(ys))),
                "y": ys,
                "name": str(label),
                "line": {"width": width, "color": _colour(i + 1)},
                "hovertemplate": "%{x}: %{y:,.0f}<extra>" + str(label) + "</extra>",
            }
        )
        year = break_even_year(values)
        if year is not None and year > 0:
            xs.append(year)
            names.append(str(label))
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": xs,
            "y": [0.0] * len(xs),
            "customdata": names,
            "name": texts["break_even"],
            "marker": {"size": 18, "symbol": "diamond", "color": "#d62728"},
            "hovertemplate": texts["break_even"] + " %{customdata}: %{x:.1f}<extra></extra>",
        }
    )
    return _finish(
        data,
        texts["cumulative_title"],
        texts,
        note=texts["timing_note"],
        xaxis={"title": {"text": texts["year"]}, "dtick": 1},
        yaxis={"title": {"text": texts["cumulative_y"]}, "tickformat": "~s"},
        shapes=[_zero_line()],
    )


def _percentile(values: Sequence[float], q: float) -> float:
    return float(pd.Series(values, dtype=float).quantile(q)) if len(values) else float("nan")


def npv_distribution_figure(
    npvs: Mapping[str, Sequence[float]], *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """NPV across trials per option: violins with P10 / P50 / P90 marked and P(NPV<0) above.

    Parameters
    ----------
    npvs : mapping
        Label → NPV of each trial.

    Returns
    -------
    plotly.graph_objects.Figure
        One violin per option, then one trace of P10/P50/P90 markers per option; the layout's
        annotations say P(NPV<0) of each option (then the percentile note).

    Examples
    --------
    >>> fig = npv_distribution_figure({"A": [-10.0, 0.0, 10.0, 20.0, 30.0]})
    >>> [t.type for t in fig.data], list(fig.data[1].y)
    (['violin', 'scatter'], [-6.0, 10.0, 26.0])
    >>> fig.layout.annotations[0].text
    'P(NPV<0) 20%'
    """
    texts = _texts(text)
    data: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for i, (label, values) in enumerate(npvs.items()):
        ys = [float(v) for v in values]
        colour = _colour(i + 1)
        data.append(
            {
                "type": "violin",
                "y": ys,
                "x0": str(label),
                "name": str(label),
                "line": {"color": colour},
                "fillcolor": colour,
                "opacity": 0.55,
                "box": {"visible": False},
                "meanline": {"visible": True},
                "points": False,
                "spanmode": "hard",
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        pcts = [_percentile(ys, q) for q in (0.1, 0.5, 0.9)]
        marks.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [str(label)] * 3,
                "y": pcts,
                "text": ["P10", "P50", "P90"],
                "textposition": "middle right",
                "textfont": {"size": FONT_SIZE - 4},
                "marker": {"symbol": "line-ew-open", "size": 40, "line": {"width": 3}},
                "line": {"color": "#222"},
                "showlegend": False,
                "name": str(label),
                "hovertemplate": "%{text}: %{y:,.0f}<extra>" + str(label) + "</extra>",
            }
        )
        share = sum(1 for v in ys if v < 0) / len(ys) if ys else float("nan")
        notes.append(
            {
                "text": f"{texts['prob_negative']} {share:.0%}",
                "x": str(label),
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE - 2, "color": "#c0392b" if share > 0 else "#2c7a2c"},
            }
        )
    return _finish(
        data + marks,
        texts["npv_title"],
        texts,
        note=texts["percentile_note"],
        xaxis=_category_ticks([str(label) for label in npvs]),
        yaxis={"title": {"text": texts["npv_y"]}, "tickformat": "~s"},
        shapes=[_zero_line()],
        annotations=notes,
    )


def fan_figure(
    fan: pd.DataFrame, *, text: Mapping[str, str] | None = None, label: str = ""
) -> go.Figure:
    """Fan chart of the cumulative net cash by year: the P10–P90 band and the P50 line.

    ``fan`` has columns ``year``, ``p10``, ``p50``, ``p90`` (as from
    :meth:`bizcase.economics.business.CaseResult.fan`).

    Examples
    --------
    >>> df = pd.DataFrame({"year": [0, 1], "p10": [-5.0, -2.0], "p50": [-5.0, 1.0],
    ...                    "p90": [-5.0, 4.0]})
    >>> [t.name for t in fan_figure(df).data]
    ['P90', 'P10–P90', 'P50']
    """
    texts = _texts(text)
    x = _floats(fan["year"])
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": _floats(fan["p90"]),
            "name": "P90",
            "line": {"width": 1, "color": "rgba(31, 119, 180, 0.6)"},
            "showlegend": False,
            "hovertemplate": "P90 %{x}: %{y:,.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": _floats(fan["p10"]),
            "name": texts["fan_band"],
            "fill": "tonexty",
            "fillcolor": "rgba(31, 119, 180, 0.25)",
            "line": {"width": 1, "color": "rgba(31, 119, 180, 0.6)"},
            "hovertemplate": "P10 %{x}: %{y:,.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": _floats(fan["p50"]),
            "name": "P50",
            "line": {"width": 4, "color": "#1f4e79"},
            "hovertemplate": "P50 %{x}: %{y:,.0f}<extra></extra>",
        },
    ]
    title = texts["fan_title"] + (f" — {label}" if label else "")
    return _finish(
        data,
        title,
        texts,
        note=texts["percentile_note"],
        xaxis={"title": {"text": texts["year"]}, "dtick": 1},
        yaxis={"title": {"text": texts["cumulative_y"]}, "tickformat": "~s"},
        shapes=[_zero_line()],
    )


def portfolio_contracts_figure(
    table: pd.DataFrame, *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """Contracts the integrator holds by year: the mean of each line as stacked bars and the
    total's P50 with its P10–P90 as error bars.

    ``table`` has columns ``year``, ``mean_<kind>`` per line, ``p10``, ``p50``, ``p90`` (as
    :meth:`bizcase.economics.portfolio.PortfolioResult.contracts_by_year`).

    Examples
    --------
    >>> df = pd.DataFrame({"year": [1, 2], "mean_support": [1.0, 1.8],
    ...     "mean_outsourcing": [0.0, 0.2], "p10": [1.0, 1.0], "p50": [1.0, 2.0],
    ...     "p90": [1.0, 3.0]})
    >>> [t.name for t in portfolio_contracts_figure(df).data]
    ['Support contracts (mean)', 'Outsourcing contracts (mean)', 'All contracts: P50, P10–P90']
    """
    texts = _texts(text)
    years = [int(y) for y in table["year"]]
    colours = {"support": "#1f77b4", "outsourcing": "#ff7f0e"}
    data: list[dict[str, Any]] = []
    for column in [c for c in table.columns if c.startswith("mean_")]:
        kind = column.removeprefix("mean_")
        data.append(
            {
                "type": "bar",
                "x": years,
                "y": _floats(table[column]),
                "name": texts.get(f"portfolio_{column}", kind),
                "marker": {"color": colours.get(kind, "#8c564b")},
                "hovertemplate": "%{x}: %{y:.2f}<extra></extra>",
            }
        )
    p50 = _floats(table["p50"])
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": years,
            "y": p50,
            "name": texts["portfolio_total"],
            "marker": {"size": 11, "color": "#1f4e79", "symbol": "diamond"},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [hi - m for m, hi in zip(p50, _floats(table["p90"]), strict=True)],  # type: ignore[operator]
                "arrayminus": [m - lo for m, lo in zip(p50, _floats(table["p10"]), strict=True)],  # type: ignore[operator]
                "color": "#1f4e79",
            },
            "hovertemplate": "P50 %{x}: %{y:.0f}<extra></extra>",
        }
    )
    return _finish(
        data,
        texts["portfolio_contracts_title"],
        texts,
        note=texts["percentile_note"],
        barmode="stack",
        xaxis={"title": {"text": texts["year"]}, "dtick": 1},
        yaxis={"title": {"text": texts["contracts"]}, "rangemode": "tozero"},
    )


def portfolio_npv_figure(fan: pd.DataFrame, *, text: Mapping[str, str] | None = None) -> go.Figure:
    """The portfolio's NPV to date by year (0…H): a :func:`fan_figure` with its own titles.

    ``fan`` has columns ``year``, ``p10``, ``p50``, ``p90`` (as
    :meth:`bizcase.economics.portfolio.PortfolioResult.npv_fan`).

    Examples
    --------
    >>> df = pd.DataFrame({"year": [0, 1], "p10": [-5.0, -2.0], "p50": [-5.0, 1.0],
    ...                    "p90": [-5.0, 4.0]})
    >>> portfolio_npv_figure(df).layout.title.text.startswith("Portfolio NPV")
    True
    """
    texts = _texts(text)
    return fan_figure(
        fan,
        text={
            **texts,
            "fan_title": texts["portfolio_npv_title"],
            "cumulative_y": texts.get("portfolio_npv_y", texts["cumulative_y"]),
        },
    )


def staged_figure(
    staged: pd.DataFrame, best_k: int | None, *, text: Mapping[str, str] | None = None
) -> go.Figure:
    """Expected integrator NPV of "support for k years, then outsourcing" for every k, with its
    P10–P90 as error bars, the best k highlighted, and the client's NPV as a line on its own
    right-hand axis.

    ``staged`` has columns ``k``, ``integrator_npv``, ``integrator_npv_p10``,
    ``integrator_npv_p90`` and ``client_npv`` (as ``CaseResult.staged``).

    Examples
    --------
    >>> df = pd.DataFrame({"k": [0, 1, 2], "integrator_npv": [5.0, 9.0, 7.0],
    ...                    "integrator_npv_p10": [1.0, 2.0, 3.0],
    ...                    "integrator_npv_p90": [8.0, 12.0, 9.0], "client_npv": [3.0, 2.0, 1.0]})
    >>> fig = staged_figure(df, 1)
    >>> fig.data[0].marker.color[1] != fig.data[0].marker.color[0]
    True
    >>> [t.name for t in fig.data]
    ['Expected integrator NPV', 'Expected client NPV']
    """
    texts = _texts(text)
    ks = [int(k) for k in staged["k"]]
    npv = _floats(staged["integrator_npv"])
    colours = ["#2ca02c" if k == best_k else "#9ecae1" for k in ks]
    low = [m - lo for m, lo in zip(npv, _floats(staged["integrator_npv_p10"]), strict=True)]  # type: ignore[operator]
    high = [hi - m for m, hi in zip(npv, _floats(staged["integrator_npv_p90"]), strict=True)]  # type: ignore[operator]
    data = [
        {
            "type": "bar",
            "x": ks,
            "y": npv,
            "name": texts["staged_npv"],
            "marker": {"color": colours, "line": {"color": "#1f4e79", "width": 1}},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": high,
                "arrayminus": low,
                "color": "#555",
            },
            "hovertemplate": "k = %{x}: %{y:,.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": ks,
            "y": _floats(staged["client_npv"]),
            "name": texts["staged_client"],
            # The client's NPV is often tens of times the integrator's: its own axis keeps
            # both readable.
            "yaxis": "y2",
            "line": {"width": 3, "dash": "dash", "color": "#9467bd"},
            "hovertemplate": "k = %{x}: %{y:,.0f}<extra></extra>",
        },
    ]
    annotations = []
    if best_k is not None and best_k in ks:
        annotations.append(
            {
                "text": f"{texts['best']}: k = {best_k}",
                "x": best_k,
                "y": npv[ks.index(best_k)],
                "yanchor": "bottom",
                "showarrow": True,
                "arrowhead": 2,
                "ay": -40,
                "font": {"size": FONT_SIZE, "color": "#2c7a2c"},
            }
        )
    return _finish(
        data,
        texts["staged_title"],
        texts,
        note=texts["percentile_note"],
        xaxis={"title": {"text": texts["staged_x"]}, "dtick": 1},
        yaxis={"title": {"text": texts["npv_y"]}, "tickformat": "~s"},
        yaxis2={
            "title": {"text": texts["staged_client"], "font": {"color": "#9467bd"}},
            "overlaying": "y",
            "side": "right",
            "tickformat": ".3~s",
            "showgrid": False,
            "automargin": True,
        },
        shapes=[_zero_line()],
        annotations=annotations,
    )


def tornado_figure(
    bars: pd.DataFrame,
    base: float,
    *,
    labels: Mapping[str, str] | None = None,
    text: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Tornado: for each input, the output with the input at its P10 and at its P90, drawn as
    bars from the base value; the largest swing on top; a line at the base.

    Parameters
    ----------
    bars : DataFrame
        Columns ``input``, ``low_value``, ``high_value``, ``output_low``, ``output_high`` and
        ``swing`` (as ``TornadoResult.bars``), in currency units of the output.
    base : float
        The output with every input at its base value.
    labels : mapping, optional
        Display name per input path (default: the path).

    Examples
    --------
    >>> df = pd.DataFrame({"input": ["a", "b"], "low_value": [1.0, 2.0], "high_value": [3.0, 4.0],
    ...                    "output_low": [90.0, 99.0], "output_high": [130.0, 102.0],
    ...                    "swing": [40.0, 3.0]})
    >>> fig = tornado_figure(df, 100.0)
    >>> list(fig.data[0].base), list(fig.data[0].x), list(fig.data[1].x)
    ([100.0, 100.0], [-10.0, -1.0], [30.0, 2.0])
    >>> fig.layout.shapes[0].x0
    100.0
    """
    texts = _texts(text)
    ordered = bars.sort_values("swing", ascending=False, kind="stable")
    names = [(labels or {}).get(p, p) for p in ordered["input"]]
    values = [
        [float(lo), float(hi)]
        for lo, hi in zip(ordered["low_value"], ordered["high_value"], strict=True)
    ]
    common = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "base": [float(base)] * len(names),
        "customdata": values,
    }
    data = [
        {
            **common,
            "x": [float(v) - base for v in ordered["output_low"]],
            "name": texts["tornado_low"],
            "marker": {"color": "#e45756"},
            "hovertemplate": "%{y} = %{customdata[0]:,.4g}: %{base:,.0f} → "
            "%{x:+,.0f}<extra>P10</extra>",
        },
        {
            **common,
            "x": [float(v) - base for v in ordered["output_high"]],
            "name": texts["tornado_high"],
            "marker": {"color": "#4c78a8"},
            "hovertemplate": "%{y} = %{customdata[1]:,.4g}: %{base:,.0f} → "
            "%{x:+,.0f}<extra>P90</extra>",
        },
    ]
    return _finish(
        data,
        title or texts["tornado_title"],
        texts,
        barmode="overlay",
        xaxis={"title": {"text": texts["npv_y"]}, "tickformat": "~s"},
        yaxis={"autorange": "reversed", "type": "category"},
        shapes=[
            {
                "type": "line",
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "x0": float(base),
                "x1": float(base),
                "line": {"color": "#222", "width": 2, "dash": "dash"},
            }
        ],
        annotations=[
            {
                "text": f"{texts['base']}: {base:,.0f}",
                "x": float(base),
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE - 3},
            }
        ],
    )


def sobol_figure(
    indices: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    text: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Sobol indices: per input, the first-order (S1) and total (ST) share of the output's
    variance, as grouped horizontal bars, the largest ST on top.

    Parameters
    ----------
    indices : DataFrame
        Columns ``input``, ``S1`` and ``ST`` (as :func:`bizcase.economics.uncertainty.sobol_indices`),
        shares of variance between 0 and 1 (estimates may stray slightly outside).
    labels : mapping, optional
        Display name per input path (default: the path).

    Notes
    -----
    ``S1_i = Var(E[Y | X_i]) / Var(Y)`` and ``ST_i = E[Var(Y | X_~i)] / Var(Y)``; ST ≥ S1, and
    the gap is what the input adds through interactions.

    Examples
    --------
    >>> df = pd.DataFrame({"input": ["a", "b"], "S1": [0.1, 0.6], "ST": [0.15, 0.7]})
    >>> fig = sobol_figure(df, labels={"b": "B"})
    >>> list(fig.data[0].y), list(fig.data[0].x), list(fig.data[1].x)
    (['B', 'a'], [0.6, 0.1], [0.7, 0.15])
    """
    texts = _texts(text)
    ordered = indices.sort_values("ST", ascending=False, kind="stable")
    names = [(labels or {}).get(p, p) for p in ordered["input"]]
    common = {"type": "bar", "orientation": "h", "y": names}
    data = [
        {
            **common,
            "x": [float(v) for v in ordered["S1"]],
            "name": texts["sobol_first"],
            "marker": {"color": "#72b7b2"},
            "hovertemplate": "%{y}: S1 = %{x:.2f}<extra></extra>",
        },
        {
            **common,
            "x": [float(v) for v in ordered["ST"]],
            "name": texts["sobol_total"],
            "marker": {"color": "#4c78a8"},
            "hovertemplate": "%{y}: ST = %{x:.2f}<extra></extra>",
        },
    ]
    return _finish(
        data,
        title or texts["sobol_title"],
        texts,
        barmode="group",
        xaxis={"title": {"text": texts["sobol_x"]}, "tickformat": ".0%"},
        yaxis={"autorange": "reversed", "type": "category"},
    )


def rota_figure(
    rota: Sequence[Sequence[int]],
    members: Sequence[str],
    *,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """A year of the on-call rota: members × weeks, coloured by the phone each carries.

    ``rota[m][w]`` is the phone (1…k) member ``m`` carries in week ``w`` (0 = off call).

    Examples
    --------
    >>> fig = rota_figure([[1, 0], [0, 1]], ["E1", "E2"])
    >>> fig.data[0].type, list(fig.data[0].y), fig.data[0].z
    ('heatmap', ['E1', 'E2'], ([1, 0], [0, 1]))
    """
    texts = _texts(text)
    phones = max((max(row) for row in rota if row), default=1) or 1
    palette = ["#f1f3f5", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728", "#17becf"]
    scale = []
    for value in range(phones + 1):
        colour = palette[value % len(palette)] if value else palette[0]
        scale += [[value / (phones + 1), colour], [(value + 1) / (phones + 1), colour]]
    weeks = len(rota[0]) if rota else 0
    labels = [[f"{texts['phone']} {v}" if v else texts["off"] for v in row] for row in rota]
    data = [
        {
            "type": "heatmap",
            "z": [list(map(int, row)) for row in rota],
            "x": list(range(1, weeks + 1)),
            "y": list(members),
            "zmin": -0.5,
            "zmax": phones + 0.5,
            "colorscale": scale,
            "xgap": 1,
            "ygap": 2,
            "customdata": labels,
            "colorbar": {
                "title": {"text": texts["phone"]},
                "tickvals": list(range(phones + 1)),
                "ticktext": [texts["off"]] + [str(p) for p in range(1, phones + 1)],
            },
            "hovertemplate": "%{y}, " + texts["week"] + " %{x}: %{customdata}<extra></extra>",
        }
    ]
    return _finish(
        data,
        texts["rota_title"],
        texts,
        xaxis={"title": {"text": texts["week"]}, "dtick": 4, "showgrid": False},
        yaxis={"autorange": "reversed", "showgrid": False, "type": "category"},
    )


__all__ = [
    "DEFAULT_TEXT",
    "OPTION_COLOURS",
    "break_even_year",
    "credits_figure",
    "cumulative_cash_figure",
    "fan_figure",
    "npv_distribution_figure",
    "rota_figure",
    "sobol_figure",
    "staged_figure",
    "tornado_figure",
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
