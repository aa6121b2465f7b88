"""Tests of bizcase.design.spares: published Poisson values, hand-computed METRIC, properties, bad input."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from bizcase.design.spares import (
    BudgetAllocation,
    DeviceClass,
    MetricResult,
    PoolingComparison,
    annual_failure_rate_from_mtbf,
    budget_frontier,
    expected_backorders,
    fill_rate,
    frozen_capital,
    holding_cost_per_year,
    lead_time_demand,
    metric_two_echelon,
    no_stockout_probability,
    pooled_vs_separate_stock,
    stock_for_budget,
    stock_for_fill_rate,
    stock_for_no_stockout,
    stockout_probability_during_repair,
)
from bizcase.model.errors import InputError

# DESIGN §9: Poisson with mean 1.25.
REF_MEAN = 1.25
REF_CDF = [0.286505, 0.644636, 0.868468, 0.961731, 0.990876]  # P(X <= 0..4)
REF_EBO = [1.25, 0.53650, 0.18114, 0.04961, 0.01134]  # E[(X - S)+], S = 0..4

means = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)
positive_means = st.floats(min_value=1e-3, max_value=200.0, allow_nan=False)
stocks = st.integers(min_value=0, max_value=400)
targets = st.floats(min_value=1e-3, max_value=0.99999)
service_targets = st.floats(min_value=0.5, max_value=0.9999)
unit_costs = st.floats(min_value=1.0, max_value=1000.0)

# Each probability/stock function with a valid (stock, mean) or (mean, target) pair.
STOCK_MEAN_FUNCTIONS = [
    expected_backorders,
    fill_rate,
    no_stockout_probability,
    stockout_probability_during_repair,
]
MEAN_TARGET_FUNCTIONS = [stock_for_fill_rate, stock_for_no_stockout]


def brute_force_ebo(stock: int, mean: float) -> float:
    """Σ_{x>S} (x - S)·P(x), truncated far in the tail."""
    top = int(mean + 40 * math.sqrt(mean + 1) + stock + 50)
    x = np.arange(stock + 1, top + 1)
    return float(np.sum((x - stock) * stats.poisson.pmf(x, mean)))


# --------------------------------------------------------------------------------------------------


class TestAnnualFailureRateFromMtbf:
    def test_8760_over_mtbf(self) -> None:
        assert annual_failure_rate_from_mtbf(8760.0) == pytest.approx(1.0)
        assert annual_failure_rate_from_mtbf(100_000.0) == pytest.approx(0.0876)

    def test_vectorised(self) -> None:
        assert_allclose(annual_failure_rate_from_mtbf([8760.0, 17520.0]), [1.0, 0.5])

    @pytest.mark.parametrize("bad", [0.0, -5.0, math.nan, math.inf, "x", True])
    def test_bad_input(self, bad: object) -> None:
        with pytest.raises(InputError, match="mtbf_hours"):
            annual_failure_rate_from_mtbf(bad)  # type: ignore[arg-type]


class TestLeadTimeDemand:
    def test_formula(self) -> None:
        assert lead_time_demand(500, 0.25, 3.65) == pytest.approx(1.25)
        assert isinstance(lead_time_demand(500, 0.25, 3.65), float)

    def test_broadcasts(self) -> None:
        out = lead_time_demand([100, 200], 0.365, [[10.0], [20.0]])
        assert_allclose(out, [[1.0, 2.0], [2.0, 4.0]])

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            ((-1, 0.1, 5), "installed_units"),
            ((10, -0.1, 5), "annual_failure_rate"),
            ((10, 0.1, math.nan), "lead_time_days"),
        ],
    )
    def test_bad_input(self, args: tuple[float, float, float], name: str) -> None:
        with pytest.raises(InputError, match=name):
            lead_time_demand(*args)

    def test_shape_mismatch(self) -> None:
        with pytest.raises(InputError, match="broadcast"):
            lead_time_demand([1, 2, 3], [0.1, 0.2], 5)


class TestExpectedBackorders:
    def test_published_values(self) -> None:
        assert_allclose(expected_backorders(np.arange(5), REF_MEAN), REF_EBO, atol=1e-5)

    def test_scalar_gives_float(self) -> None:
        value = expected_backorders(1, REF_MEAN)
        assert isinstance(value, float)
        assert value == pytest.approx(0.25 + math.exp(-1.25), abs=1e-15)

    def test_zero_demand_and_zero_stock(self) -> None:
        assert expected_backorders(0, 0.0) == 0.0
        assert expected_backorders(3, 0.0) == 0.0
        assert expected_backorders(0, 7.5) == pytest.approx(7.5)

    @pytest.mark.parametrize("mean", [0.01, 1.25, 7.0, 60.0])
    def test_matches_direct_sum(self, mean: float) -> None:
        s = np.arange(0, int(mean + 10 * math.sqrt(mean) + 10))
        expected = [brute_force_ebo(int(k), mean) for k in s]
        assert_allclose(expected_backorders(s, mean), expected, rtol=1e-9, atol=1e-15)

    def test_broadcasts(self) -> None:
        out = expected_backorders([[0], [1], [2]], [0.5, 1.25])
        assert isinstance(out, np.ndarray)
        assert out.shape == (3, 2)

    @settings(max_examples=150, deadline=None)
    @given(stock=stocks, mean=means)
    def test_more_stock_never_raises_ebo(self, stock: int, mean: float) -> None:
        assert expected_backorders(stock + 1, mean) <= expected_backorders(stock, mean)

    @settings(max_examples=150, deadline=None)
    @given(stock=stocks, mean=means)
    def test_bounds(self, stock: int, mean: float) -> None:
        ebo = expected_backorders(stock, mean)
        assert max(0.0, mean - stock) <= ebo <= mean

    @settings(max_examples=100, deadline=None)
    @given(stock=stocks, mean=means)
    def test_one_more_unit_removes_tail_probability(self, stock: int, mean: float) -> None:
        drop = expected_backorders(stock, mean) - expected_backorders(stock + 1, mean)
        assert drop == pytest.approx(
            stats.poisson.sf(stock, mean), rel=1e-9, abs=1e-12 * mean + 1e-290
        )


class TestFillRate:
    def test_published_values(self) -> None:
        # fill rate of S is P(X <= S-1): the published cdf shifted by one stock unit.
        assert_allclose(fill_rate(np.arange(1, 6), REF_MEAN), REF_CDF, atol=1e-6)

    def test_zero_stock_gives_zero(self) -> None:
        assert fill_rate(0, REF_MEAN) == 0.0
        assert fill_rate(0, 0.0) == 0.0

    @given(stock=st.integers(min_value=1, max_value=400), mean=means)
    def test_is_no_stockout_of_one_less(self, stock: int, mean: float) -> None:
        assert fill_rate(stock, mean) == no_stockout_probability(stock - 1, mean)

    @given(stock=stocks, mean=means)
    def test_is_a_probability_rising_with_stock(self, stock: int, mean: float) -> None:
        assert 0.0 <= fill_rate(stock, mean) <= fill_rate(stock + 1, mean) <= 1.0


class TestNoStockoutProbability:
    def test_published_values(self) -> None:
        assert_allclose(no_stockout_probability(np.arange(5), REF_MEAN), REF_CDF, atol=1e-6)

    def test_scalar_and_zero_demand(self) -> None:
        assert isinstance(no_stockout_probability(2, REF_MEAN), float)
        assert no_stockout_probability(0, 0.0) == 1.0


class TestStockoutProbabilityDuringRepair:
    def test_is_one_minus_fill_rate(self) -> None:
        s = np.arange(0, 8)
        assert_allclose(
            stockout_probability_during_repair(s, REF_MEAN),
            1.0 - fill_rate(s, REF_MEAN),
            atol=1e-15,
        )

    def test_published_values(self) -> None:
        expected = 1.0 - np.array([0.0, *REF_CDF])
        assert_allclose(
            stockout_probability_during_repair(np.arange(6), REF_MEAN), expected, atol=1e-6
        )

    def test_no_stock_always_short(self) -> None:
        assert stockout_probability_during_repair(0, 3.0) == 1.0

    def test_keeps_small_tails(self) -> None:
        # 1 - cdf would round to 0; the survival function does not.
        assert 0.0 < stockout_probability_during_repair(40, 1.0) < 1e-40


class TestStockForNoStockout:
    def test_published_mean(self) -> None:
        # P(X <= 3) = .961731 >= .95 > P(X <= 2) = .868468
        assert stock_for_no_stockout(REF_MEAN, 0.95) == 3
        assert stock_for_no_stockout(REF_MEAN, 0.99) == 4
        assert stock_for_no_stockout(REF_MEAN, 0.96173) == 3  # just below P(X <= 3) = 0.9617310
        assert stock_for_no_stockout(REF_MEAN, 0.961731) == 4  # just above it
        assert stock_for_no_stockout(REF_MEAN, 0.2) == 0

    def test_exact_cdf_value_is_met(self) -> None:
        target = float(stats.poisson.cdf(2, REF_MEAN))
        assert stock_for_no_stockout(REF_MEAN, target) == 2

    def test_zero_demand_needs_nothing(self) -> None:
        assert stock_for_no_stockout(0.0, 0.999) == 0

    def test_vectorised_int(self) -> None:
        out = stock_for_no_stockout([0.5, 1.25, 10.0], [[0.9], [0.99]])
        assert out.dtype == np.int64
        assert out.shape == (2, 3)
        assert isinstance(stock_for_no_stockout(1.0, 0.9), int)

    @settings(max_examples=150, deadline=None)
    @given(mean=st.floats(min_value=0.0, max_value=5000.0), target=targets)
    def test_smallest_meeting_target(self, mean: float, target: float) -> None:
        s = stock_for_no_stockout(mean, target)
        assert no_stockout_probability(s, mean) >= target
        assert s == 0 or no_stockout_probability(s - 1, mean) < target


class TestStockForFillRate:
    def test_published_mean(self) -> None:
        # fill(4) = P(X <= 3) = .961731 >= .95 > fill(3) = .868468
        assert stock_for_fill_rate(REF_MEAN, 0.95) == 4
        assert stock_for_fill_rate(REF_MEAN, 0.85) == 3

    def test_one_more_than_no_stockout(self) -> None:
        lam = np.array([0.0, 0.3, 1.25, 8.0, 120.0])
        assert_allclose(stock_for_fill_rate(lam, 0.9), stock_for_no_stockout(lam, 0.9) + 1)

    def test_fill_rate_definition_needs_a_unit(self) -> None:
        assert stock_for_fill_rate(0.0, 0.5) == 1
        assert stock_for_fill_rate(1e-6, 0.01) == 1

    @settings(max_examples=150, deadline=None)
    @given(mean=st.floats(min_value=0.0, max_value=5000.0), target=targets)
    def test_meets_target_and_one_less_does_not(self, mean: float, target: float) -> None:
        s = stock_for_fill_rate(mean, target)
        assert s >= 1
        assert fill_rate(s, mean) >= target
        assert fill_rate(s - 1, mean) < target


class TestStockMeanBadInput:
    """Shared rules of every (stock, mean_demand) and (mean_demand, target) function."""

    @pytest.mark.parametrize("func", STOCK_MEAN_FUNCTIONS)
    @pytest.mark.parametrize(
        ("stock", "mean", "name"),
        [
            (1, -0.5, "mean_demand"),
            (1, math.nan, "mean_demand"),
            (1, math.inf, "mean_demand"),
            (1, [1.0, -2.0], r"mean_demand\[1\] = -2.0"),
            (-1, 1.0, "stock"),
            (1.5, 1.0, "stock"),
            (math.nan, 1.0, "stock"),
            (True, 1.0, "stock"),
            ("two", 1.0, "stock"),
        ],
    )
    def test_stock_mean(self, func, stock: object, mean: object, name: str) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(InputError, match=name):
            func(stock, mean)

    @pytest.mark.parametrize("func", STOCK_MEAN_FUNCTIONS)
    def test_message_names_value_and_rule(self, func) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(InputError, match=r"stock = 2\.5: must be a whole number of units >= 0"):
            func(2.5, 1.0)

    @pytest.mark.parametrize("func", MEAN_TARGET_FUNCTIONS)
    @pytest.mark.parametrize(
        ("mean", "target", "name"),
        [
            (-1.0, 0.9, "mean_demand"),
            (math.nan, 0.9, "mean_demand"),
            (1.0, 0.0, "target"),
            (1.0, 1.0, "target"),
            (1.0, -0.1, "target"),
            (1.0, 1.5, "target"),
            (1.0, math.nan, "target"),
        ],
    )
    def test_mean_target(self, func, mean: float, target: float, name: str) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(InputError, match=name):
            func(mean, target)

    def test_target_message(self) -> None:
        with pytest.raises(InputError, match=r"target = 1\.0: must be a probability strictly"):
            stock_for_fill_rate(1.0, 1.0)


class TestFrozenCapital:
    def test_sum_over_classes(self) -> None:
        assert frozen_capital([2, 1, 0], [1500.0, 4000.0, 900.0]) == pytest.approx(7000.0)
        assert frozen_capital(3, 10.0) == pytest.approx(30.0)
        assert isinstance(frozen_capital([2, 1], [1.0, 2.0]), float)

    def test_one_total_per_plan(self) -> None:
        out = frozen_capital([[1, 0], [2, 3]], [100.0, 10.0])
        assert_allclose(out, [100.0, 230.0])

    @pytest.mark.parametrize(
        ("stock", "cost", "name"),
        [([1, -1], [1.0, 1.0], "stock"), ([1, 0.5], [1.0, 1.0], "stock"), (1, -3.0, "unit_cost")],
    )
    def test_bad_input(self, stock: object, cost: object, name: str) -> None:
        with pytest.raises(InputError, match=name):
            frozen_capital(stock, cost)  # type: ignore[arg-type]


class TestHoldingCostPerYear:
    def test_default_quarter(self) -> None:
        assert holding_cost_per_year(7000.0) == pytest.approx(1750.0)
        assert_allclose(holding_cost_per_year([100.0, 200.0], [0.2, 0.4]), [20.0, 80.0])

    @pytest.mark.parametrize(
        ("capital", "rate", "name"),
        [(-1.0, 0.25, "capital"), (100.0, 25.0, "holding_rate"), (100.0, math.nan, "holding_rate")],
    )
    def test_bad_input(self, capital: float, rate: float, name: str) -> None:
        with pytest.raises(InputError, match=name):
            holding_cost_per_year(capital, rate)


class TestPooledVsSeparateStock:
    def test_hand_example(self) -> None:
        # alone: fill(3 | 0.4) = P(X <= 2) = .992 >= .95 > fill(2) = .938; pooled λ = 1.6:
        # fill(5) = P(X <= 4) = .976 >= .95 > fill(4) = .921.
        result = pooled_vs_separate_stock([0.4, 0.4, 0.4, 0.4], 0.95)
        assert result == PoolingComparison(5, (3, 3, 3, 3), 12, 7)

    def test_single_stream_saves_nothing(self) -> None:
        result = pooled_vs_separate_stock([REF_MEAN], 0.95)
        assert result.pooled_stock == result.separate_total == 4
        assert result.units_saved == 0

    def test_no_stockout_definition_can_lose_for_tiny_demand(self) -> None:
        # Documented: each stream alone needs 0 units (P(X = 0) = e^-0.1 = .905 >= .7), but the
        # pool of λ = 0.4 needs one (P(X = 0) = e^-0.4 = .670 < .7).
        result = pooled_vs_separate_stock([0.1, 0.1, 0.1, 0.1], 0.7, definition="no_stockout")
        assert result.separate_total == 0
        assert result.pooled_stock == 1
        assert result.units_saved == -1

    @settings(max_examples=150, deadline=None)
    @given(
        lams=st.lists(st.floats(min_value=0.0, max_value=80.0), min_size=1, max_size=6),
        target=service_targets,
    )
    def test_pooling_never_needs_more(self, lams: list[float], target: float) -> None:
        result = pooled_vs_separate_stock(lams, target)
        assert result.pooled_stock <= result.separate_total
        assert result.pooled_stock == stock_for_fill_rate(sum(lams), target)

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"mean_demands": [], "target": 0.9}, "mean_demands"),
            ({"mean_demands": [1.0, -1.0], "target": 0.9}, "mean_demands"),
            ({"mean_demands": [1.0], "target": 1.0}, "target"),
            ({"mean_demands": [1.0], "target": [0.9, 0.8]}, "target"),
            ({"mean_demands": [1.0], "target": 0.9, "definition": "fill"}, "definition"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], name: str) -> None:
        with pytest.raises(InputError, match=name):
            pooled_vs_separate_stock(**kwargs)  # type: ignore[arg-type]


class TestDeviceClass:
    def test_derived_demand(self) -> None:
        psu = DeviceClass("PSU", 500, 0.25, 800.0, 3.65)
        assert psu.mean_lead_time_demand == pytest.approx(REF_MEAN)
        assert psu.demand_rate_per_day == pytest.approx(500 * 0.25 / 365)

    def test_from_mtbf(self) -> None:
        card = DeviceClass.from_mtbf("card", 100, 87_600.0, 5000.0, 10.0)
        assert card.annual_failure_rate == pytest.approx(0.1)

    def test_frozen(self) -> None:
        psu = DeviceClass("PSU", 500, 0.25, 800.0, 3.65)
        with pytest.raises(dataclasses.FrozenInstanceError):
            psu.unit_cost = 1.0  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            (("", 1, 0.1, 1.0, 1.0), "name"),
            (("a", -1, 0.1, 1.0, 1.0), "installed_units"),
            (("a", 1, math.nan, 1.0, 1.0), "annual_failure_rate"),
            (("a", 1, 0.1, 0.0, 1.0), "unit_cost"),
            (("a", 1, 0.1, 1.0, -2.0), "lead_time_days"),
        ],
    )
    def test_bad_input(self, args: tuple[object, ...], name: str) -> None:
        with pytest.raises(InputError, match=name):
            DeviceClass(*args)  # type: ignore[arg-type]


class TestMetricTwoEchelon:
    def test_zero_depot_stock_one_base(self) -> None:
        # No depot stock: EBO_0(0) = m·T0, so every order waits the full T0.
        m, order_ship, t0 = 0.2, 2.0, 15.0
        r = metric_two_echelon(0, t0, [m], order_ship, 1)
        assert isinstance(r, MetricResult)
        assert r.depot_delay_days == pytest.approx(t0)
        assert_allclose(r.base_pipeline_means, [m * (order_ship + t0)])
        assert r.total_expected_backorders == pytest.approx(expected_backorders(1, m * 17.0))

    def test_huge_depot_stock_removes_delay(self) -> None:
        r = metric_two_echelon(200, 30.0, [0.1, 0.05], [2.0, 3.0], [1, 2])
        assert r.depot_delay_days < 1e-12
        assert_allclose(r.base_pipeline_means, [0.2, 0.15], rtol=1e-12)
        assert r.depot_fill_rate == pytest.approx(1.0)

    def test_hand_computed(self) -> None:
        # m = (0.1, 0.05)/day, O = (2, 3) days, T0 = 10 days, S0 = 1, S = (1, 1).
        m0t0 = 0.15 * 10.0
        depot_ebo = m0t0 - 1 + math.exp(-m0t0)  # EBO(1) = λ - 1 + P(0)
        delay = depot_ebo / 0.15
        mu = [0.1 * (2.0 + delay), 0.05 * (3.0 + delay)]
        base_ebo = [x - 1 + math.exp(-x) for x in mu]
        fills = [math.exp(-x) for x in mu]  # fill(1) = P(X <= 0)
        r = metric_two_echelon(1, 10.0, [0.1, 0.05], [2.0, 3.0], [1, 1])
        assert r.depot_demand_rate_per_day == pytest.approx(0.15)
        assert r.depot_expected_backorders == pytest.approx(depot_ebo, rel=1e-12)
        assert r.depot_delay_days == pytest.approx(4.8208677, rel=1e-7)
        assert_allclose(r.base_pipeline_means, mu, rtol=1e-12)
        assert_allclose(r.base_expected_backorders, base_ebo, rtol=1e-12)
        assert_allclose(r.base_fill_rates, fills, rtol=1e-12)
        assert r.total_expected_backorders == pytest.approx(sum(base_ebo), rel=1e-12)
        assert r.system_fill_rate == pytest.approx((0.1 * fills[0] + 0.05 * fills[1]) / 0.15)

    def test_more_depot_stock_never_raises_total_ebo(self) -> None:
        totals = [
            metric_two_echelon(s0, 20.0, [0.3, 0.1, 0.05], 1.5, [2, 1, 1]).total_expected_backorders
            for s0 in range(0, 15)
        ]
        assert np.all(np.diff(totals) <= 0)

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            ((-1, 10.0, [0.1], 1.0, 1), "depot_stock"),
            (([1, 2], 10.0, [0.1], 1.0, 1), "depot_stock"),
            ((1, -10.0, [0.1], 1.0, 1), "depot_lead_time_days"),
            ((1, 10.0, [0.0, 0.0], 1.0, 1), "base_demand_rates_per_day"),
            ((1, 10.0, [0.1, -0.1], 1.0, 1), "base_demand_rates_per_day"),
            ((1, 10.0, [0.1], math.nan, 1), "base_order_ship_days"),
            ((1, 10.0, [0.1], 1.0, 0.5), "base_stocks"),
            ((1, 10.0, [0.1, 0.2], [1.0, 2.0, 3.0], 1), "broadcast"),
        ],
    )
    def test_bad_input(self, args: tuple[object, ...], name: str) -> None:
        with pytest.raises(InputError, match=name):
            metric_two_echelon(*args)  # type: ignore[arg-type]


def _plan(data: st.DataObject, max_classes: int = 4) -> tuple[list[str], list[float], list[float]]:
    n = data.draw(st.integers(min_value=1, max_value=max_classes))
    lams = data.draw(st.lists(positive_means.filter(lambda v: v <= 8.0), min_size=n, max_size=n))
    costs = data.draw(st.lists(unit_costs, min_size=n, max_size=n))
    return [f"c{i}" for i in range(n)], lams, costs


class TestBudgetFrontier:
    CLASSES = ["PSU", "line card"]
    LAMS = [1.25, 0.4]
    COSTS = [800.0, 5000.0]

    def test_hand_example(self) -> None:
        # Ratios P(X > S)/c: PSU .7135/800, .3554/800, .1315/800, then line card .3297/5000
        # (6.6e-5) beats PSU .0383/800 (4.8e-5).
        f = budget_frontier(self.CLASSES, self.LAMS, self.COSTS, max_budget=8200)
        assert list(f["class_added"]) == [None, "PSU", "PSU", "PSU", "line card", "PSU"]
        assert list(f["stock[PSU]"]) == [0, 1, 2, 3, 3, 4]
        assert list(f["stock[line card]"]) == [0, 0, 0, 0, 1, 1]
        assert_allclose(f["total_capital"], [0, 800, 1600, 2400, 7400, 8200])
        assert f["total_expected_backorders"].iloc[0] == pytest.approx(1.65)
        assert f["total_expected_backorders"].iloc[-1] == pytest.approx(
            REF_EBO[4] + (0.4 - 1 + math.exp(-0.4)), abs=1e-5
        )
        # system fill rate weighted by the mean demands: (1.25·P(X<=3) + 0.4·e^-0.4) / 1.65
        assert f["fill_rate"].iloc[-1] == pytest.approx(
            (1.25 * REF_CDF[3] + 0.4 * math.exp(-0.4)) / 1.65, abs=1e-6
        )
        assert f.attrs["classes"] == self.CLASSES

    def test_columns_and_step_zero(self) -> None:
        f = budget_frontier(self.CLASSES, self.LAMS, self.COSTS, max_steps=3)
        assert list(f.columns) == [
            "step",
            "class_added",
            "ebo_reduction_per_money",
            "total_capital",
            "total_expected_backorders",
            "fill_rate",
            "stock[PSU]",
            "stock[line card]",
        ]
        assert len(f) == 4
        assert f["fill_rate"].iloc[0] == 0.0
        assert f["class_added"].iloc[0] is None

    def test_from_device_classes(self) -> None:
        classes = [
            DeviceClass("PSU", 500, 0.25, 800.0, 3.65),
            DeviceClass("line card", 40, 0.365, 5000.0, 10.0),  # λ = 0.4
        ]
        f = budget_frontier(classes, max_budget=8200)
        g = budget_frontier(self.CLASSES, self.LAMS, self.COSTS, max_budget=8200)
        pd.testing.assert_frame_equal(f[g.columns[:-3]], g[g.columns[:-3]])
        assert_allclose(f["total_expected_backorders"], g["total_expected_backorders"])
        # the fill rate is weighted by failures per day, here 0.3425 and 0.04
        w = np.array([500 * 0.25, 40 * 0.365]) / 365
        last = (w[0] * REF_CDF[3] + w[1] * math.exp(-0.4)) / w.sum()
        assert f["fill_rate"].iloc[-1] == pytest.approx(last, abs=1e-6)

    def test_stops_when_tail_runs_out(self) -> None:
        f = budget_frontier(["a"], [0.5], [1.0], max_budget=1e9)
        assert len(f) < 30
        assert f["total_expected_backorders"].iloc[-1] < 1e-11

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), budget=st.floats(min_value=0.0, max_value=20_000.0))
    def test_ebo_non_increasing_in_capital(self, data: st.DataObject, budget: float) -> None:
        names, lams, costs = _plan(data)
        f = budget_frontier(names, lams, costs, max_budget=budget)
        assert np.all(np.diff(f["total_capital"]) > 0)
        assert np.all(np.diff(f["total_expected_backorders"]) <= 0)
        assert f["total_capital"].iloc[-1] <= budget
        stock = f[[f"stock[{n}]" for n in names]].to_numpy()
        assert_allclose(f["total_capital"], stock @ np.array(costs), rtol=1e-12)
        assert_allclose(
            f["total_expected_backorders"],
            expected_backorders(stock, np.array(lams)).sum(axis=1),
            rtol=1e-9,
            atol=1e-12,
        )

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"classes": ["a"], "mean_demands": [1.0], "unit_costs": [1.0]}, "max_budget"),
            ({"classes": [], "mean_demands": [], "unit_costs": [], "max_steps": 1}, "classes"),
            ({"classes": ["a", "a"], "mean_demands": [1, 1], "unit_costs": [1, 1], "max_steps": 1}, "unique"),
            ({"classes": ["a"], "unit_costs": [1.0], "max_steps": 1}, "mean_demands"),
            ({"classes": ["a"], "mean_demands": [-1.0], "unit_costs": [1.0], "max_steps": 1}, "mean_demands"),
            ({"classes": ["a"], "mean_demands": [0.0], "unit_costs": [1.0], "max_steps": 1}, "mean_demands"),
            ({"classes": ["a"], "mean_demands": [1.0], "unit_costs": [0.0], "max_steps": 1}, "unit_costs"),
            ({"classes": ["a", "b"], "mean_demands": [1.0], "unit_costs": [1.0, 1.0], "max_steps": 1}, "mean_demands"),
            ({"classes": ["a"], "mean_demands": [1.0], "unit_costs": [1.0], "max_budget": -5.0}, "max_budget"),
            ({"classes": ["a"], "mean_demands": [1.0], "unit_costs": [1.0], "max_steps": -1}, "max_steps"),
            ({"classes": ["a"], "mean_demands": [1.0], "unit_costs": [1.0], "max_steps": 1.5}, "max_steps"),
        ],
    )  # fmt: skip
    def test_bad_input(self, kwargs: dict[str, object], name: str) -> None:
        with pytest.raises(InputError, match=name):
            budget_frontier(**kwargs)  # type: ignore[arg-type]


class TestStockForBudget:
    def test_largest_capital_within_budget(self) -> None:
        plan = stock_for_budget(["PSU", "line card"], [1.25, 0.4], [800.0, 5000.0], budget=8500)
        assert isinstance(plan, BudgetAllocation)
        assert plan.stock == {"PSU": 4, "line card": 1}
        assert plan.total_capital == pytest.approx(8200.0)
        assert plan.step == 5

    def test_small_budget_buys_nothing(self) -> None:
        plan = stock_for_budget(["PSU"], [1.25], [800.0], budget=799.0)
        assert plan.stock == {"PSU": 0}
        assert plan.total_expected_backorders == pytest.approx(1.25)
        assert plan.fill_rate == 0.0

    @settings(max_examples=60, deadline=None)
    @given(
        data=st.data(),
        budget=st.floats(min_value=0.0, max_value=10_000.0),
        extra=st.floats(min_value=0.0, max_value=10_000.0),
    )
    def test_larger_budget_never_worse(
        self, data: st.DataObject, budget: float, extra: float
    ) -> None:
        names, lams, costs = _plan(data)
        small = stock_for_budget(names, lams, costs, budget=budget)
        large = stock_for_budget(names, lams, costs, budget=budget + extra)
        assert large.total_expected_backorders <= small.total_expected_backorders
        assert small.total_capital <= large.total_capital <= budget + extra
        assert all(large.stock[n] >= small.stock[n] for n in names)

    @pytest.mark.parametrize("budget", [-1.0, math.nan, math.inf, [1.0, 2.0]])
    def test_bad_budget(self, budget: object) -> None:
        with pytest.raises(InputError, match="^budget = "):
            stock_for_budget(["a"], [1.0], [1.0], budget=budget)  # type: ignore[arg-type]


def _stepwise_greedy(lams: list[float], costs: list[float], steps: int) -> np.ndarray:
    """Reference marginal analysis, one unit a step (ties to the first class)."""
    lam, cost = np.asarray(lams), np.asarray(costs)
    stock = np.zeros(lam.size)
    for _ in range(steps):
        j = int(np.argmax(stats.poisson.sf(stock, lam) / cost))
        stock[j] += 1
    return stock


class TestLargeDemand:
    """Installed bases of millions of units: the search jumps instead of stepping a unit."""

    def test_jump_lands_on_the_stepwise_greedy_path(self) -> None:
        lams, costs = [300.0, 90.0, 2.0], [100.0, 250.0, 40.0]
        f = budget_frontier(["a", "b", "c"], lams, costs, max_steps=500)
        assert f["class_added"].iloc[1] == "(many)"
        jumped = int(f["step"].iloc[1])
        row = f.iloc[1][["stock[a]", "stock[b]", "stock[c]"]].to_numpy(dtype=float)
        assert row.sum() == jumped
        assert_allclose(row, _stepwise_greedy(lams, costs, jumped))
        # after the jump, the rows continue the same greedy sequence
        later = int(f["step"].iloc[-1])
        last = f.iloc[-1][["stock[a]", "stock[b]", "stock[c]"]].to_numpy(dtype=float)
        assert_allclose(last, _stepwise_greedy(lams, costs, later))

    def test_jump_respects_the_budget(self) -> None:
        lams, costs = [5_000.0, 800.0], [10.0, 30.0]
        f = budget_frontier(["a", "b"], lams, costs, max_budget=20_000.0)
        assert f["total_capital"].max() <= 20_000.0
        steps = int(f["step"].iloc[-1])
        last = f.iloc[-1][["stock[a]", "stock[b]"]].to_numpy(dtype=float)
        assert_allclose(last, _stepwise_greedy(lams, costs, steps))

    def test_a_million_units_of_demand_reaches_the_target(self) -> None:
        # Step by step this is a million greedy steps; the jump makes it a few thousand.
        lam = 1_000_000.0
        stock = stock_for_fill_rate(lam, 0.95)
        assert fill_rate(stock, lam) >= 0.95 > fill_rate(stock - 1, lam)
        f = budget_frontier(["core"], [lam], [1.0], max_steps=int(stock))
        assert int(f["stock[core]"].iloc[-1]) == stock

    @pytest.mark.parametrize("lam", [0.3, 7.0, 123.4, 5e4, 3e6])
    @pytest.mark.parametrize("target", [0.01, 0.5, 0.95, 0.999999])
    def test_quantile_search_is_exact(self, lam: float, target: float) -> None:
        s = stock_for_no_stockout(lam, target)
        assert stats.poisson.cdf(s, lam) >= target
        assert s == 0 or stats.poisson.cdf(s - 1, lam) < target
