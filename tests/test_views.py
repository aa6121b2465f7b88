"""The integrator's three views, break-even with whole contracts, outsourcing and staged rules.

Hand-computed flows on a context with no client losses (the integrator ledger does not read
them) and delivery costs typed in, so every number below can be checked on paper.
"""

from __future__ import annotations

import math
import tomllib
from typing import Any

import numpy as np
import pytest

from bizcase.economics.business import (
    VIEWS,
    DeliveryCost,
    LedgerInputs,
    YearlyLosses,
    _business_inputs,
    _Context,
    _PortfolioBasis,
    break_even,
    delivery_views,
    integrator_ledger,
    integrator_view,
    staged_strategy,
)
from bizcase.economics.finance import npv
from bizcase.model import Scenario, scenario_from_dict
from tests.conftest import SCENARIOS

MANUFACTURING = SCENARIOS[0].parent / "manufacturing.toml"
T, H = 3, 5


def _data() -> dict[str, Any]:
    return tomllib.loads(MANUFACTURING.read_text(encoding="utf-8"))


def _plain(data: dict[str, Any], ramp: tuple[float, float] = (0.0, 0.0)) -> Scenario:
    """Manufacturing with round finance inputs: r = 10 %, no growth, holding 25 %, and the
    knowledge ramp's (cost, loss) shares over two years (none by default)."""
    data["business_case"]["staged"].update(
        learning_years=2, learning_cost_share=ramp[0], learning_loss_share=ramp[1]
    )
    bc = data["business_case"]
    bc.update(
        discount_rate=0.10,
        cost_inflation=0.0,
        price_escalation=0.0,
        setup_cost=120_000,
        sales_cost_per_contract=25_000,
        horizon_years=H,
        spares_residual_share=1.0,
    )
    data["delivery"]["spares"]["holding_rate"] = 0.25
    data["options"]["support_24x7x4"]["annual_fee"] = 250_000
    data["options"]["outsourcing"]["annual_fee"] = 400_000
    out = data["options"]["outsourcing"]["outsourcing"]
    out.update(
        transferred_engineers=2,
        transferred_cost_per_engineer=85_000,
        transition_cost=60_000,
        dual_running_months=3,
        monitoring="none",
        modernisation_budget_per_year=0,
        price_glide_per_year=0.0,
        transition_learning_per_support_year=0.25,
    )
    return scenario_from_dict(data)


def _cost(staff: float, engineers: float, capital: float, setup_share: float = 1.0) -> DeliveryCost:
    lines: dict[str, float | np.ndarray] = {
        "staff": staff,
        "on_call": 0.0,
        "service_desk": 0.0,
        "second_line": 0.0,
        "service_manager": 0.0,
        "tools_and_travel": 0.0,
        "spares_holding": 0.25 * capital,
    }
    return DeliveryCost(
        contracts=1,
        lines=lines,
        credits_per_year=np.zeros(1),
        spares_capital=capital,
        engineers=engineers,
        setup_share=setup_share,
    )


def _ctx(scenario: Scenario, delivery: dict[str, DeliveryCost | None]) -> _Context:
    options = tuple(scenario.options)
    inputs = LedgerInputs({})
    return _Context(
        scenario=scenario,
        trials=T,
        years=H,
        losses=YearlyLosses(options, np.zeros((T, H, len(options)))),
        delivery=delivery,
        inputs=inputs,
        business=_business_inputs(scenario, inputs),
    )


@pytest.fixture(scope="module")
def plain() -> Scenario:
    return _plain(_data())


@pytest.fixture(scope="module")
def ctx(plain: Scenario) -> _Context:
    return _ctx(
        plain,
        {
            "support_24x7x4": _cost(200_000, 2, 100_000),
            "outsourcing": _cost(300_000, 3, 100_000),
        },
    )


class TestOutsourcingRules:
    def test_transferred_engineers_fill_the_seats(self, ctx: _Context) -> None:
        lines = integrator_ledger(ctx, "outsourcing").lines
        # three seats, two filled by transferred engineers: one hire at 100k
        assert lines["staff"][0, 1:] == pytest.approx([-100_000] * 5)
        # the integrator pays them from month 4 of year 1: 170k × 9/12 = 127.5k
        assert lines["transferred_staff"][0, 1:] == pytest.approx(
            [-127_500, -170_000, -170_000, -170_000, -170_000]
        )

    def test_dual_running_has_one_payer_per_month(self, ctx: _Context) -> None:
        from bizcase.economics.business import client_ledger

        integrator = integrator_ledger(ctx, "outsourcing").lines["transferred_staff"][0, 1]
        client = client_ledger(ctx, "outsourcing").lines["dual_running"][0, 1]
        # the client's two engineers cost 170k a year: 3 months by the client, 9 by the
        # integrator, 12 months in all
        assert client == pytest.approx(-170_000 * 3 / 12)
        assert integrator + client == pytest.approx(-170_000)

    def test_holding_net_of_capital_and_residual_value(self, ctx: _Context) -> None:
        lines = integrator_ledger(ctx, "support_24x7x4").lines
        # holding 25 % of 100k includes the 10 % cost of capital, charged as the capital itself
        assert lines["spares_holding"][0, 1:] == pytest.approx([-15_000] * 5)
        # the stock is paid in year 0 and returns at the horizon
        assert lines["spares_capital"][0] == pytest.approx([-100_000, 0, 0, 0, 0, 100_000])

    def test_one_contract_pays_the_whole_set_up(self, ctx: _Context, plain: Scenario) -> None:
        whole = integrator_ledger(ctx, "support_24x7x4").lines["setup"][0, 0]
        quarter = integrator_ledger(
            ctx, "support_24x7x4", cost=_cost(200_000, 2, 100_000, setup_share=0.25)
        ).lines["setup"][0, 0]
        assert whole == pytest.approx(-120_000)
        assert quarter == pytest.approx(-30_000)


class TestStaged:
    def test_conversion_in_year_2_repeats_no_one_off(self, ctx: _Context) -> None:
        table, _ = staged_strategy(ctx)
        assert table is not None
        flows = [
            -100_000 - 120_000 - 25_000,  # stock, set-up, sale: once
            250_000 - 200_000 - 15_000,  # support
            250_000 - 200_000 - 15_000 - 60_000 * (1 - 2 * 0.25),  # transition, cut by 2 years
            400_000 - 100_000 - 15_000 - 170_000 * 9 / 12,  # outsourcing, dual running 3 months
            400_000 - 100_000 - 15_000 - 170_000,
            400_000 - 100_000 - 15_000 - 170_000 + 100_000,  # the stock's residual value
        ]
        expected = sum(f / 1.1**t for t, f in enumerate(flows))
        row = table.loc[table.k == 2].iloc[0]
        assert row.integrator_npv == pytest.approx(expected)
        assert row.integrator_npv_p50 == pytest.approx(expected)

    def test_probability_best_sums_to_one(self, ctx: _Context) -> None:
        table, best = staged_strategy(ctx)
        assert table is not None
        assert table.prob_best.sum() == pytest.approx(1.0)
        assert table.loc[table.k == best, "prob_best"].iloc[0] == pytest.approx(1.0)


class TestBreakEven:
    def _basis(self, inflation: float) -> _PortfolioBasis:
        return _PortfolioBasis(
            fee=100.0,
            rate=0.10,
            inflation=inflation,
            escalation=0.0,
            setup=0.0,
            sales=0.0,
            residual=1.0,
            cost_of={1: 150.0, 2: 180.0, 3: 210.0},
            capital_of={1: 0.0, 2: 0.0, 3: 0.0},
        )

    def test_smallest_whole_count(self) -> None:
        even = break_even(self._basis(0.0), 5)
        # 1 contract: 100 − 150 < 0; 2 contracts: 200 − 180 = 20 a year
        assert even.contracts == 2
        assert even.margin_by_year == pytest.approx((20.0,) * 5)
        assert even.npv == pytest.approx(float(npv(0.10, [0, 20, 20, 20, 20, 20])))

    def test_every_year_pays_at_break_even(self) -> None:
        # at 5 % cost inflation 2 contracts lose in year 4 (180 × 1.05³ = 208.4 > 200): 3 it is
        even = break_even(self._basis(0.05), 5)
        assert even.contracts == 3
        assert min(even.margin_by_year) >= 0


def _views(scenario: Scenario, option: str) -> dict[str, Any]:
    costs = delivery_views(scenario, option, trials=300, seed=7)
    assert costs is not None
    ctx = _ctx(scenario, {option: costs["single"]})
    return {view: integrator_view(ctx, option, view, costs[view]) for view in VIEWS}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_one_client_floor_is_at_least_the_allocated_floor(path: Any) -> None:
    from bizcase import load_scenario

    scenario = load_scenario(path)
    views = _views(scenario, "support_24x7x4")
    assert views["single"].contracts == 1
    assert views["allocated"].contracts == scenario.delivery.contracts  # type: ignore[union-attr]
    assert views["single"].price_floor >= views["allocated"].price_floor - 1e-6


def test_marginal_is_the_step_on_the_existing_business() -> None:
    data = _data()
    data["delivery"]["existing"] = {"contracts": 0}
    alone = _views(scenario_from_dict(data), "support_24x7x4")
    # nothing in place: the marginal view is the one-contract view
    assert alone["marginal"].price_floor == pytest.approx(alone["single"].price_floor)
    data["delivery"]["existing"] = {"contracts": 3}
    on_top = _views(scenario_from_dict(data), "support_24x7x4")
    assert on_top["marginal"].contracts == 4
    # a rota, desk and set-up in place: adding a contract costs less than running it alone
    assert on_top["marginal"].price_floor < on_top["single"].price_floor
    assert math.isfinite(on_top["marginal"].price_floor)


def test_case_json_carries_the_views_and_break_even() -> None:
    from bizcase import load_scenario
    from bizcase.cli.case import case_to_dict
    from bizcase.economics.business import point_case

    payload = case_to_dict(point_case(load_scenario(MANUFACTURING), trials=20))
    integrator = payload["integrator"]
    assert integrator["default_view"] == "single"
    assert list(integrator["views"]) == ["single", "marginal", "allocated"]
    for view in integrator["views"].values():
        assert {"contracts", "npv", "margin", "price_floor", "pv_cost"} <= set(
            view["options"]["support_24x7x4"]
        )
    even = integrator["break_even"]
    assert even["contracts"] == payload["portfolio"]["break_even_contracts"] >= 1
    assert min(even["margin_by_year"]) >= 0 and even["npv"] >= 0
    # the decision summary is the one-contract view
    single = integrator["views"]["single"]["options"]["support_24x7x4"]
    assert payload["options"]["support_24x7x4"]["integrator"]["price_floor"] == pytest.approx(
        single["price_floor"]
    )


@pytest.fixture(scope="module")
def learning() -> _Context:
    return _ctx(
        _plain(_data(), ramp=(0.2, 0.1)),
        {
            "support_24x7x4": _cost(200_000, 2, 100_000),
            "outsourcing": _cost(300_000, 3, 100_000),
        },
    )


class TestKnowledgeRamp:
    def test_day_one_outsourcing_pays_the_ramp(self, learning: _Context) -> None:
        staff = integrator_ledger(learning, "outsourcing").lines["staff"][0, 1:]
        # one hire at 100k; +20 % in year 1 (knows the network 0 of 2 years), +10 % in year 2
        assert staff == pytest.approx([-120_000, -110_000, -100_000, -100_000, -100_000])

    def test_a_year_of_support_halves_it(self, learning: _Context) -> None:
        staff = integrator_ledger(learning, "outsourcing", 2, learning=1).lines["staff"][0, 1:]
        assert staff == pytest.approx([0, -110_000, -100_000, -100_000, -100_000])

    def test_k_two_matches_no_ramp(self, learning: _Context, ctx: _Context) -> None:
        with_ramp, _ = staged_strategy(learning)
        without, _ = staged_strategy(ctx)
        assert with_ramp is not None and without is not None
        k2 = with_ramp.k == 2
        assert with_ramp.loc[k2, "integrator_npv"].iloc[0] == pytest.approx(
            without.loc[k2, "integrator_npv"].iloc[0]
        )
        k0 = with_ramp.k == 0
        assert (
            with_ramp.loc[k0, "integrator_npv"].iloc[0] < without.loc[k0, "integrator_npv"].iloc[0]
        )
