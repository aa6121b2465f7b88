"""Figure builders of bizcase.output.charts on a small simulated result."""

from __future__ import annotations

import pandas as pd
import pytest

from bizcase import loss_exceedance, run_simulation, scenario_from_dict, stage_breakdown
from bizcase.model import PRIORITIES
from bizcase.output import charts
from bizcase.simulate.summary import priority_breakdown, summarise
from tests.conftest import minimal_scenario_dict


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    data = minimal_scenario_dict()
    second = dict(data["options"]["base"], label="Faster")
    second["stages"] = {k: {"median_hours": 0.1, "p90_hours": 0.2} for k in second["stages"]}
    data["options"]["fast"] = second
    return run_simulation(scenario_from_dict(data), trials=300, seed=1)


def test_loss_exceedance_overlays_every_option(result) -> None:  # type: ignore[no-untyped-def]
    fig = charts.loss_exceedance_figure(loss_exceedance(result, points=50))
    assert [t.name for t in fig.data] == ["Base", "Faster", "P90"]
    assert fig.data[2].y == (0.1, 0.1)
    # the note is a line under the x-axis title: it can never overlap the axis or the legend
    assert "9 years in 10" in fig.layout.xaxis.title.text
    assert fig.layout.xaxis.title.text.startswith("Annual loss")
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.layout.margin.t >= charts.MODEBAR_PX + charts.TITLE_LINE_PX
    # the faster option is never more likely to exceed a loss
    linear = charts.loss_exceedance_figure(loss_exceedance(result, points=50), log_y=False)
    base, fast = linear.data[0].y, linear.data[1].y
    assert all(f <= b + 1e-12 for b, f in zip(base, fast, strict=True))


def test_texts_and_separators_are_overridable(result) -> None:  # type: ignore[no-untyped-def]
    fig = charts.loss_exceedance_figure(
        loss_exceedance(result, points=20), text={"lec_title": "Т", "separators": ", "}, log_y=False
    )
    assert fig.layout.title.text == "Т" and fig.layout.separators == ", "
    assert fig.layout.yaxis.type == "linear"


def test_stage_hours_are_impact_weighted(result) -> None:  # type: ignore[no-untyped-def]
    impact = dict(zip(PRIORITIES, result.impact_share.tolist(), strict=True))
    fig = charts.stage_hours_figure(
        stage_breakdown(result), impact, {"base": "Base", "fast": "Faster"}
    )
    totals = [sum(t.y[i] for t in fig.data) for i in range(2)]
    downtime = result.annual_downtime_hours.mean(axis=0)
    assert totals == pytest.approx(list(downtime), rel=1e-3)
    assert fig.layout.barmode == "stack"


def test_priority_losses_sum_to_the_expected_loss(result) -> None:  # type: ignore[no-untyped-def]
    fig = charts.priority_loss_figure(
        priority_breakdown(result), {"base": "Base", "fast": "Faster"}
    )
    s = summarise(result)
    assert sum(t.y[0] for t in fig.data) == pytest.approx(s["base"].expected_annual_loss)


def test_total_cost_stacks_fee_loss_and_bad_year(result) -> None:  # type: ignore[no-untyped-def]
    s = summarise(result)
    costs = pd.DataFrame(
        [
            {
                "label": v.label,
                "annual_fee": fee,
                "expected_loss": v.expected_annual_loss,
                "p90": v.p90,
            }
            for v, fee in zip(s.values(), [0.0, 1000.0], strict=True)
        ]
    )
    fig = charts.total_cost_figure(costs)
    assert list(fig.data[0].y) == [0.0, 1000.0]
    assert fig.data[1].y[0] + fig.data[2].y[0] == pytest.approx(s["base"].p90)


# -- business case and rota ------------------------------------------------------------------


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    from bizcase.economics.business import point_case
    from bizcase.model import load_scenario
    from tests.conftest import ROOT

    return point_case(load_scenario(ROOT / "scenarios" / "manufacturing.toml"), trials=40)


def test_cumulative_cash_marks_each_break_even(case) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    cumulative = {
        d.label: np.cumsum(case.client[n].net.mean(axis=0)).tolist()
        for n, d in case.decisions.items()
    }
    fig = charts.cumulative_cash_figure(cumulative, highlight=next(iter(cumulative)))
    assert [t.name for t in fig.data][:-1] == list(cumulative)
    marks = fig.data[-1]
    for year, label in zip(marks.x, marks.customdata, strict=True):
        values = cumulative[label]
        before = int(year)
        assert values[before] < 0 <= values[before + 1]
    assert fig.data[0].line.width > fig.data[1].line.width
    assert "(1 + r)^t" in fig.layout.xaxis.title.text


def test_break_even_year_interpolates() -> None:
    assert charts.break_even_year([-10.0, 10.0]) == pytest.approx(0.5)
    # dips below again: the last crossing counts
    assert charts.break_even_year([-10.0, 5.0, -5.0, 5.0]) == pytest.approx(2.5)
    assert charts.break_even_year([-1.0, -1.0]) is None


def test_npv_distribution_percentiles_and_loss_chance(case) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    npvs = {d.label: d.integrator_npv.tolist() for d in case.decisions.values()}
    fig = charts.npv_distribution_figure(npvs)
    n = len(npvs)
    assert [t.type for t in fig.data] == ["violin"] * n + ["scatter"] * n
    for trace, (label, values) in zip(fig.data[n:], npvs.items(), strict=True):
        assert list(trace.y) == pytest.approx(np.percentile(values, [10, 50, 90]).tolist())
        assert trace.x[0] == label
    for note, values in zip(fig.layout.annotations[:n], npvs.values(), strict=True):
        assert note.text == f"P(NPV<0) {np.mean(np.asarray(values) < 0):.0%}"


def test_fan_band_is_ordered(case) -> None:  # type: ignore[no-untyped-def]
    name = next(iter(case.decisions))
    fan = case.fan(name, "integrator")
    fig = charts.fan_figure(fan, label="X")
    p90, p10, p50 = (list(t.y) for t in fig.data)
    assert all(lo <= mid <= hi for lo, mid, hi in zip(p10, p50, p90, strict=True))
    assert fig.data[1].fill == "tonexty" and fig.layout.title.text.endswith("— X")


def test_staged_highlights_the_best_k(case) -> None:  # type: ignore[no-untyped-def]
    fig = charts.staged_figure(case.staged, case.best_staged_k)
    colours = list(fig.data[0].marker.color)
    ks = list(fig.data[0].x)
    assert len(set(colours)) == 2 and colours.count(colours[ks.index(case.best_staged_k)]) == 1
    assert list(fig.data[0].y) == pytest.approx(case.staged.integrator_npv.tolist())
    assert f"k = {case.best_staged_k}" in fig.layout.annotations[0].text


def test_tornado_bars_start_at_the_base_and_sort_by_swing() -> None:
    bars = pd.DataFrame(
        {
            "input": ["small", "big", "one_sided"],
            "low_value": [1.0, 2.0, 3.0],
            "high_value": [2.0, 3.0, 4.0],
            "output_low": [-101.0, -150.0, -90.0],
            "output_high": [-99.0, -40.0, -80.0],
            "swing": [2.0, 110.0, 10.0],
        }
    )
    fig = charts.tornado_figure(bars, -100.0, labels={"big": "Big input"})
    low, high = fig.data
    assert list(low.y) == ["Big input", "one_sided", "small"]
    assert list(low.base) == [-100.0] * 3
    ends = [(b + lo, b + hi) for b, lo, hi in zip(low.base, low.x, high.x, strict=True)]
    assert ends == [(-150.0, -40.0), (-90.0, -80.0), (-101.0, -99.0)]
    assert fig.layout.shapes[0].x0 == -100.0 and fig.layout.barmode == "overlay"


def test_rota_shows_every_week_and_member() -> None:
    from dashapp.compute import oncall_rota

    rota = oncall_rota(5, 2)
    fig = charts.rota_figure(rota, [f"E{i}" for i in range(5)], text={"off": "Off"})
    z = fig.data[0].z
    assert len(z) == 5 and all(len(row) == 52 for row in z)
    for week in range(52):
        assert sorted(row[week] for row in z if row[week]) == [1, 2]  # both phones carried
    assert fig.data[0].colorbar.ticktext[0] == "Off"


def test_long_titles_and_labels_wrap_instead_of_overlapping() -> None:
    import pandas as pd

    costs = pd.DataFrame(
        {
            "label": ["Status quo (informal help)", "Outsourcing (managed network)"],
            "annual_fee": [0.0, 1.0],
            "expected_loss": [3.0, 1.0],
            "p90": [5.0, 2.0],
        }
    )
    fig = charts.total_cost_figure(costs)
    title = fig.layout.title.text
    assert title == "Yearly cost to the client:<br>fee + expected loss"
    assert fig.layout.margin.t > charts.MODEBAR_PX + 2 * charts.TITLE_LINE_PX
    assert fig.layout.xaxis.tickangle == 0
    assert all(
        len(line) <= charts.TICK_WRAP for t in fig.layout.xaxis.ticktext for line in t.split("<br>")
    )
    assert list(fig.data[0].x) == list(costs["label"])  # data untouched, only the ticks wrap
    assert "9 years in 10" in fig.layout.xaxis.title.text


def test_sobol_bars_sorted_by_total_index() -> None:
    indices = pd.DataFrame(
        {"input": ["a", "b", "c"], "S1": [0.05, 0.5, 0.2], "ST": [0.1, 0.55, 0.3]}
    )
    fig = charts.sobol_figure(indices, labels={"a": "A"}, text={"sobol_total": "Total"})
    s1, st = fig.data
    assert [t.type for t in fig.data] == ["bar", "bar"] and fig.layout.barmode == "group"
    assert list(st.y) == ["b", "c", "A"] and list(st.x) == [0.55, 0.3, 0.1]
    assert list(s1.x) == [0.5, 0.2, 0.05] and st.name == "Total"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.tickformat == ".0%"
