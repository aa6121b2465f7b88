"""Figure builders of bizcase.charts on a small simulated result."""

from __future__ import annotations

import pandas as pd
import pytest

from bizcase import charts, loss_exceedance, run_simulation, scenario_from_dict, stage_breakdown
from bizcase.scenario import PRIORITIES
from bizcase.summary import priority_breakdown, summarise
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
    assert "9 years in 10" in fig.layout.annotations[0].text
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
