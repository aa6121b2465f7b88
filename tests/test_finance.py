"""Tests of bizcase.economics.finance: published reference values, hand-checked examples and properties.

Timing convention under test: year 0 at time 0, undiscounted; year t discounted by (1 + r)**t.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from bizcase.economics.finance import (
    annuity_present_value,
    break_even_tolerance,
    discount_factors,
    discounted_payback_years,
    escalate,
    irr,
    npv,
    payback_years,
    roi,
)
from bizcase.model.errors import InputError

# ------------------------------------------------------------------------------------ strategies

money = st.floats(
    min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False
)
inflow = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_subnormal=False)
# numpy-financial's np.roots breaks down on tiny trailing flows (see test_tiny_last_flow...)
sizeable_inflow = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e6))
rates = st.floats(min_value=-0.9, max_value=5.0, allow_nan=False)
streams = st.lists(money, min_size=1, max_size=12)
batches = st.integers(min_value=1, max_value=12).flatmap(
    lambda years: hnp.arrays(
        np.float64, st.tuples(st.integers(1, 8), st.just(years)), elements=money
    )
)


@st.composite
def investments(draw: st.DrawFn) -> list[float]:
    """A conventional stream: an outlay in year 0, then flows >= 0, at least one of them > 0."""
    outlay = draw(st.floats(min_value=1.0, max_value=1e6))
    later = draw(st.lists(sizeable_inflow, min_size=1, max_size=11))
    later[draw(st.integers(0, len(later) - 1))] = draw(st.floats(min_value=1.0, max_value=1e6))
    return [-outlay, *later]


HYPOTHESIS = settings(deadline=None, max_examples=100)


def polished(rate: float, flows: list[float]) -> float:
    """``rate`` refined by Newton steps on the NPV of ``flows`` (a conventional investment).

    numpy-financial 1.0, the newest release for Python < 3.13, takes the IRR from ``np.roots`` of
    the flow polynomial, which loses digits when the flows span many magnitudes (an outlay of
    786,432 against 0.002 in year 7: 3.5e-6 relative error); 1.1 is accurate.  The NPV of a
    conventional investment is convex and decreasing in the rate, so Newton from a near root
    converges to the only root; each step gains digits, float64 rounding of the NPV then bounds it.
    """
    cash = np.asarray(flows, dtype=np.float64)
    years = np.arange(cash.size)
    for _ in range(4):
        factors = (1.0 + rate) ** -years.astype(np.float64)
        value = float(cash @ factors)
        slope = -float((years * cash) @ factors) / (1.0 + rate)
        rate -= value / slope
    return rate


def present_scale(rate: float, flows: np.ndarray) -> float:
    """Sum of |discounted flows|: the scale NPV rounding errors are measured against."""
    return float(np.sum(np.abs(flows) * (1.0 + rate) ** -np.arange(flows.shape[-1])))


# ---------------------------------------------------------------------------- discount_factors


class TestDiscountFactors:
    def test_year_zero_is_undiscounted_and_year_t_is_divided_by_growth(self) -> None:
        assert_allclose(discount_factors(0.10, 3), [1.0, 1 / 1.1, 1 / 1.21, 1 / 1.331], rtol=1e-15)

    def test_one_row_per_rate(self) -> None:
        factors = discount_factors(np.array([0.0, 1.0]), 2)
        assert factors.shape == (2, 3)
        assert_allclose(factors, [[1.0, 1.0, 1.0], [1.0, 0.5, 0.25]])

    def test_zero_years_is_year_zero_only(self) -> None:
        assert_array_equal(discount_factors(0.05, 0), [1.0])

    @pytest.mark.parametrize("years", [-1, 2.5, "3", True])
    def test_years_must_be_a_non_negative_integer(self, years: object) -> None:
        with pytest.raises(InputError, match=r"^years = .*integer >= 0"):
            discount_factors(0.05, years)  # type: ignore[arg-type]

    def test_rate_at_minus_one_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^rate = -1\.0: must be > -1"):
            discount_factors(-1.0, 3)


# ---------------------------------------------------------------------------------------- npv


class TestNpv:
    def test_numpy_financial_documented_example(self) -> None:
        # numpy-financial's npv docs: values[0] at t = 0, undiscounted.
        assert npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == pytest.approx(
            3065.2226681795, abs=1e-6
        )
        assert round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 2) == 3065.22

    def test_year_zero_is_not_discounted(self) -> None:
        assert npv(0.10, [-100.0]) == -100.0
        assert npv(0.10, [0.0, 110.0]) == pytest.approx(100.0, rel=1e-15)
        assert npv(0.10, [0.0, 0.0, 121.0]) == pytest.approx(100.0, rel=1e-15)

    @HYPOTHESIS
    @given(rate=rates, flows=streams)
    def test_timing_convention_equals_numpy_financial(
        self, rate: float, flows: list[float]
    ) -> None:
        expected = npf.npv(rate, flows)
        assert npv(rate, flows) == pytest.approx(
            expected, rel=1e-12, abs=1e-12 * present_scale(rate, np.array(flows))
        )

    def test_equals_numpy_financial_on_seeded_random_streams(self) -> None:
        rng = np.random.default_rng(20240607)
        flows = rng.normal(0.0, 1000.0, size=(200, 11))
        rate = rng.uniform(-0.5, 0.5, size=200)
        expected = [npf.npv(r, row) for r, row in zip(rate, flows, strict=True)]
        assert_allclose(npv(rate, flows), expected, rtol=1e-11, atol=1e-8)
        expected_scalar_rate = [npf.npv(0.07, row) for row in flows]
        assert_allclose(npv(0.07, flows), expected_scalar_rate, rtol=1e-11, atol=1e-8)

    def test_level_annuity_matches_closed_form(self) -> None:
        payment, rate, years = 1000.0, 0.06, 15
        closed_form = payment * (1 - (1 + rate) ** -years) / rate
        assert npv(rate, [0.0] + [payment] * years) == pytest.approx(closed_form, rel=1e-13)

    def test_scalar_in_scalar_out_and_2d_in_1d_out(self) -> None:
        assert isinstance(npv(0.05, [-1.0, 2.0]), float)
        out = npv(0.05, np.ones((4, 3)))
        assert isinstance(out, np.ndarray)
        assert out.shape == (4,)

    def test_one_rate_per_trial(self) -> None:
        flows = np.array([[-100.0, 60.0, 60.0], [-100.0, 60.0, 60.0]])
        assert_allclose(npv([0.0, 0.10], flows), [20.0, -100 + 60 / 1.1 + 60 / 1.21])

    def test_several_rates_for_one_stream(self) -> None:
        assert_allclose(npv([0.0, 1.0], [-1.0, 2.0, 4.0]), [5.0, 1.0])

    def test_rate_that_does_not_broadcast_against_trials_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"rate has shape \(3,\).*broadcast"):
            npv([0.01, 0.02, 0.03], np.ones((2, 5)))

    @HYPOTHESIS
    @given(
        outlay=money,
        later=st.lists(inflow, min_size=1, max_size=11),
        low=rates,
        step=st.floats(min_value=0.0, max_value=3.0),
    )
    def test_higher_rate_never_raises_npv_of_non_negative_later_flows(
        self, outlay: float, later: list[float], low: float, step: float
    ) -> None:
        flows = [outlay, *later]
        high = low + step
        tolerance = 1e-12 * present_scale(low, np.array(flows))
        assert npv(high, flows) <= npv(low, flows) + tolerance

    @HYPOTHESIS
    @given(rate=rates, flows=batches)
    def test_vectorised_equals_row_by_row(self, rate: float, flows: np.ndarray) -> None:
        by_row = [npv(rate, row) for row in flows]
        scale = max(present_scale(rate, row) for row in flows)
        assert_allclose(npv(rate, flows), by_row, rtol=1e-12, atol=1e-12 * scale)

    @pytest.mark.parametrize("rate", [-1.0, -1.5, -100.0])
    def test_rate_at_or_below_minus_one_is_rejected(self, rate: float) -> None:
        with pytest.raises(InputError, match=rf"^rate = {rate!r}: must be > -1"):
            npv(rate, [-100.0, 50.0])

    def test_non_finite_rate_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^rate = nan: must be finite"):
            npv(float("nan"), [-100.0, 50.0])

    def test_bad_rate_in_an_array_is_located(self) -> None:
        with pytest.raises(InputError, match=r"^rate\[1\] = -2\.0: must be > -1"):
            npv([0.05, -2.0], np.ones((2, 3)))

    def test_nan_in_flows_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows\[2\] = nan: must be finite"):
            npv(0.05, [-100.0, 50.0, float("nan")])

    def test_infinity_in_2d_flows_is_located(self) -> None:
        flows = np.zeros((2, 3))
        flows[1, 0] = np.inf
        with pytest.raises(InputError, match=r"^flows\[1, 0\] = inf: must be finite"):
            npv(0.05, flows)

    @pytest.mark.parametrize("flows", [[], np.zeros((3, 0)), np.zeros((0, 4))])
    def test_empty_flows_are_rejected(self, flows: object) -> None:
        with pytest.raises(InputError, match=r"^flows = .*must not be empty"):
            npv(0.05, flows)  # type: ignore[call-overload]

    def test_scalar_flows_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows = 5\.0: must be an array"):
            npv(0.05, 5.0)

    def test_non_numeric_flows_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows = .*must be a number or an array"):
            npv(0.05, ["a", "b"])


# ---------------------------------------------------------------------------------------- irr


class TestIrr:
    @pytest.mark.parametrize(
        ("flows", "expected"),
        [
            ([-100.0, 110.0], 0.10),
            ([-100.0, 0.0, 121.0], 0.10),
            ([-100.0, 50.0, 50.0], 0.0),
            ([-100.0, 0.0, 0.0, 133.1], 0.10),
            ([100.0, -110.0], 0.10),  # a loan: the same root, the signs swapped
            ([-1000.0, 1.0], -0.999),
        ],
    )
    def test_known_roots(self, flows: list[float], expected: float) -> None:
        assert irr(flows) == pytest.approx(expected, rel=1e-12, abs=1e-14)

    def test_root_exactly_zero_is_exact(self) -> None:
        assert irr([-100.0, 50.0, 50.0]) == 0.0

    def test_batch_of_streams(self) -> None:
        flows = np.array([[-100.0, 110.0, 0.0], [-100.0, 0.0, 121.0], [-100.0, 60.0, 60.0]])
        assert_allclose(irr(flows), [0.10, 0.10, 0.130662386291808], rtol=1e-12)

    def test_large_batch_has_one_rate_per_trial(self) -> None:
        rng = np.random.default_rng(7)
        flows = rng.normal(20.0, 10.0, size=(10_000, 11))
        flows[:, 0] = -100.0
        rates = irr(flows)
        assert isinstance(rates, np.ndarray)
        assert rates.shape == (10_000,)
        finite = np.isfinite(rates)
        assert finite.all()
        assert_allclose(npv(rates, flows), 0.0, atol=1e-9)

    @pytest.mark.parametrize(
        "flows",
        [
            [-100, 39, 59, 55, 20],
            [-100, 0, 0, 74],
            [-100, 100, 0, -7],
            [-100, 100, 0, 7],
            [-5, 10.5, 1, -8, 1],  # several roots: the one closest to zero
        ],
    )
    def test_numpy_financial_documented_examples(self, flows: list[float]) -> None:
        assert irr(flows) == pytest.approx(npf.irr(flows), rel=1e-10)

    def test_numpy_financial_documented_values(self) -> None:
        assert round(irr([-100, 39, 59, 55, 20]), 5) == 0.28095
        assert round(irr([-100, 0, 0, 74]), 5) == -0.0955
        assert round(irr([-100, 100, 0, -7]), 5) == -0.0833
        assert round(irr([-100, 100, 0, 7]), 5) == 0.06206
        assert round(irr([-5, 10.5, 1, -8, 1]), 5) == 0.0886

    @pytest.mark.parametrize(
        ("flows", "nearest"),
        [
            ([-1.0, 2.3, -1.32], 0.10),  # roots 1 + r = 1.1 and 1.2
            ([-1.0, 2.1, -1.08], -0.10),  # roots 1 + r = 0.9 and 1.2
            ([-1.0, 1.7, -0.72], -0.10),  # roots 1 + r = 0.8 and 0.9
        ],
    )
    def test_several_roots_returns_the_one_closest_to_zero(
        self, flows: list[float], nearest: float
    ) -> None:
        # Not compared with numpy-financial: np.roots picks among these exact roots by their
        # last bits, which differ between CPUs and builds (it answers 0.2 for the second stream
        # on Python 3.13).  Tolerance: 1e-10 relative, the bisection's precision with margin.
        assert irr(flows) == pytest.approx(nearest, rel=1e-10)

    def test_tiny_last_flow_does_not_move_the_root(self) -> None:
        # One sign change, so one root; np.roots (numpy-financial) reports a spurious -0.8995 here.
        flows = [-1.0, 1.0, 1.0, 3.0, 1.1754943508222875e-38]
        assert irr(flows) == pytest.approx(irr(flows[:-1]), rel=1e-12)
        assert abs(npv(irr(flows), flows)) < 1e-12

    @pytest.mark.parametrize(
        "flows",
        [[10.0, 20.0, 30.0], [-10.0, -20.0], [0.0, 0.0, 0.0], [-5.0], [0.0, 10.0]],
    )
    def test_nan_without_a_sign_change(self, flows: list[float]) -> None:
        assert np.isnan(irr(flows))

    def test_nan_rows_in_a_batch_leave_the_others_alone(self) -> None:
        result = np.asarray(irr([[1.0, 2.0], [-100.0, 110.0]]))
        assert np.isnan(result[0])
        assert result[1] == pytest.approx(0.10, rel=1e-12)

    def test_leading_batch_axes_are_kept(self) -> None:
        flows = np.tile([-100.0, 110.0], (2, 3, 1))
        assert_allclose(irr(flows), np.full((2, 3), 0.10), rtol=1e-12)

    @HYPOTHESIS
    @given(flows=streams)
    def test_npv_at_irr_is_zero(self, flows: list[float]) -> None:
        rate = irr(flows)
        if np.isfinite(rate):
            assert rate > -1.0
            tolerance = 1e-9 * len(flows) * present_scale(rate, np.array(flows))
            assert abs(npv(rate, flows)) <= tolerance

    @HYPOTHESIS
    @given(flows=investments())
    # numpy-financial 1.0 finds 5.49883e-5 here, the exact root is 5.4988142945e-5
    @example(flows=[-786432.0, 1.0, 0.0, 0.0, 0.5, 0.0, 786690.0, 0.001953125])
    def test_conventional_investment_matches_numpy_financial(self, flows: list[float]) -> None:
        reference = npf.irr(flows)
        if 1e-4 < 1.0 + reference < 1e4:  # inside the documented search window
            expected = polished(reference, flows)
            assert expected == pytest.approx(reference, rel=1e-4)  # the same root, more digits
            assert irr(flows) == pytest.approx(expected, rel=1e-8, abs=1e-10)

    @HYPOTHESIS
    @given(flows=batches)
    def test_vectorised_equals_row_by_row(self, flows: np.ndarray) -> None:
        by_row = np.array([irr(row) for row in flows])
        assert_allclose(irr(flows), by_row, rtol=1e-12, atol=1e-14, equal_nan=True)

    def test_nan_in_flows_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows\[0, 1\] = nan: must be finite"):
            irr([[-1.0, float("nan")]])

    def test_empty_flows_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows = .*must not be empty"):
            irr([])


# ------------------------------------------------------------------------------ payback_years


class TestPaybackYears:
    def test_hand_computed_example(self) -> None:
        # cumulative -100, -70, -30, +20: crosses in year 3, 30 of its 50 needed -> 2 + 0.6
        assert payback_years([-100.0, 30.0, 40.0, 50.0]) == pytest.approx(2.6, rel=1e-15)

    def test_crossing_exactly_at_a_year_end(self) -> None:
        assert payback_years([-100.0, 50.0, 50.0]) == 2.0

    def test_within_the_first_year(self) -> None:
        assert payback_years([-100.0, 400.0]) == 0.25

    def test_zero_when_year_zero_is_already_non_negative(self) -> None:
        assert payback_years([0.0, -10.0, 20.0]) == 0.0
        assert payback_years([5.0]) == 0.0

    def test_nan_when_it_never_pays_back(self) -> None:
        assert np.isnan(payback_years([-100.0, 30.0, 30.0, 30.0]))
        assert np.isnan(payback_years([-1.0]))

    def test_first_crossing_counts_even_if_later_negative(self) -> None:
        # pays back in year 2 (1 + 50/100), a decommissioning cost in year 3 does not undo it
        assert payback_years([-100.0, 50.0, 100.0, -500.0]) == 1.5

    def test_batch(self) -> None:
        flows = [[-100.0, 30.0, 40.0, 50.0], [10.0, 0.0, 0.0, 0.0], [-100.0, 0.0, 0.0, 0.0]]
        result = payback_years(flows)
        assert_allclose(result, [2.6, 0.0, np.nan], rtol=1e-15)

    @HYPOTHESIS
    @given(flows=batches)
    def test_vectorised_equals_row_by_row(self, flows: np.ndarray) -> None:
        by_row = np.array([payback_years(row) for row in flows])
        assert_array_equal(payback_years(flows), by_row)

    @HYPOTHESIS
    @given(flows=streams)
    def test_between_zero_and_horizon(self, flows: list[float]) -> None:
        years = payback_years(flows)
        if np.isfinite(years):
            assert 0.0 <= years <= len(flows) - 1
        else:
            assert (np.cumsum(flows) < 0).all()

    def test_nan_in_flows_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows\[1\] = nan: must be finite"):
            payback_years([-1.0, float("nan")])

    def test_empty_flows_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows = \[\].*must not be empty"):
            payback_years([])


# -------------------------------------------------------------------- discounted_payback_years


class TestDiscountedPaybackYears:
    def test_hand_computed_examples(self) -> None:
        # discounted at 10 %: 50, 50, 50 a year -> paid back at the end of year 2
        assert discounted_payback_years(0.10, [-100.0, 55.0, 60.5, 66.55]) == pytest.approx(
            2.0, rel=1e-12
        )
        # 30/1.1 + 40/1.21 = 60.33; 39.67 of year 3's 60/1.331 = 45.08 -> 2.88
        assert discounted_payback_years(0.10, [-100.0, 30.0, 40.0, 60.0]) == pytest.approx(
            2.88, rel=1e-12
        )

    def test_nan_when_discounting_stops_it_paying_back(self) -> None:
        flows = [-100.0, 30.0, 40.0, 50.0]
        assert payback_years(flows) == pytest.approx(2.6)
        assert np.isnan(discounted_payback_years(0.10, flows))

    def test_zero_rate_equals_undiscounted_payback(self) -> None:
        flows = [-100.0, 30.0, 40.0, 50.0]
        assert discounted_payback_years(0.0, flows) == payback_years(flows)

    def test_one_rate_per_trial(self) -> None:
        flows = np.array([[-100.0, 110.0], [-100.0, 110.0]])
        # At 10 % the stream breaks even exactly at year 1; the discounted cumulative flow
        # computes as about -1.4e-14 on some CPUs.  Tolerance: 1e-12 relative.
        assert_allclose(discounted_payback_years([0.0, 0.10], flows), [100 / 110, 1.0], rtol=1e-12)

    @pytest.mark.parametrize("rate", [0.05, 0.10, 0.07, 0.13, 0.25])
    def test_exact_break_even_pays_back_at_the_year(self, rate: float) -> None:
        # -100 then 100·(1 + r)^2 in year 2: breaks even at year 2 up to rounding, whatever the
        # last bits of (1 + r)**-2 are.  Tolerance: 1e-9 absolute.
        flows = [-100.0, 0.0, 100.0 * (1 + rate) ** 2]
        assert discounted_payback_years(rate, flows) == pytest.approx(2.0, abs=1e-9)

    def test_break_even_tolerance_scales_with_the_flows(self) -> None:
        small = break_even_tolerance([-1.0, 1.0])
        large = break_even_tolerance([-1e9, 1e9])
        assert_allclose(large, small * 1e9)
        assert 0 < small[-1] < 1e-12

    @HYPOTHESIS
    @given(flows=investments(), rate=st.floats(min_value=0.0, max_value=1.0))
    def test_never_shorter_than_undiscounted_for_positive_rates(
        self, flows: list[float], rate: float
    ) -> None:
        plain = payback_years(flows)
        discounted = discounted_payback_years(rate, flows)
        if np.isfinite(discounted):
            assert discounted >= plain - 1e-12

    @HYPOTHESIS
    @given(rate=rates, flows=batches)
    def test_vectorised_equals_row_by_row(self, rate: float, flows: np.ndarray) -> None:
        by_row = np.array([discounted_payback_years(rate, row) for row in flows])
        assert_array_equal(discounted_payback_years(rate, flows), by_row)

    def test_bad_rate_is_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^rate = -1\.0: must be > -1"):
            discounted_payback_years(-1.0, [-100.0, 50.0])

    def test_empty_flows_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^flows = .*must not be empty"):
            discounted_payback_years(0.05, [])


# ---------------------------------------------------------------------------------------- roi


class TestRoi:
    def test_scalar(self) -> None:
        assert roi(125.0, 100.0) == 0.25
        assert roi(50.0, 100.0) == -0.5

    def test_broadcasts(self) -> None:
        assert_allclose(roi([50.0, 300.0], 100.0), [-0.5, 2.0])

    def test_on_present_values_it_is_npv_per_unit_of_cost(self) -> None:
        gains = npv(0.08, [0.0, 60.0, 60.0])
        costs = npv(0.08, [100.0, 0.0, 0.0])
        assert roi(gains, costs) == pytest.approx((gains - costs) / costs)

    @pytest.mark.parametrize("costs", [0.0, -10.0])
    def test_costs_must_be_positive(self, costs: float) -> None:
        with pytest.raises(InputError, match=rf"^costs = {costs!r}: must be > 0"):
            roi(100.0, costs)

    def test_nan_gains_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^gains = nan: must be finite"):
            roi(float("nan"), 100.0)


# ------------------------------------------------------------------------------------ escalate


class TestEscalate:
    def test_starts_in_year_one_by_default(self) -> None:
        assert_allclose(escalate(100.0, 0.03, 3), [0.0, 100.0, 103.0, 106.09], rtol=1e-15)

    def test_start_year_zero_and_later(self) -> None:
        assert_allclose(escalate(10.0, 0.5, 2, start_year=0), [10.0, 15.0, 22.5])
        assert_allclose(escalate(10.0, 0.5, 3, start_year=2), [0.0, 0.0, 10.0, 15.0])
        assert_array_equal(escalate(10.0, 0.5, 2, start_year=5), [0.0, 0.0, 0.0])

    def test_broadcasts_base_against_rate(self) -> None:
        path = escalate([[10.0], [20.0]], [0.0, 1.0], 2)
        assert path.shape == (2, 2, 3)
        assert_allclose(path[1, 1], [0.0, 20.0, 40.0])

    def test_level_path_discounts_to_an_annuity(self) -> None:
        assert npv(0.07, escalate(250.0, 0.0, 8)) == pytest.approx(
            annuity_present_value(250.0, 0.07, 8), rel=1e-13
        )

    def test_growth_at_the_discount_rate_has_level_present_values(self) -> None:
        rate = 0.05
        path = escalate(100.0, rate, 4)
        assert_allclose(path * discount_factors(rate, 4), [0.0] + [100.0 / 1.05] * 4)

    def test_bad_arguments_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^years = -1: must be an integer >= 0"):
            escalate(100.0, 0.02, -1)
        with pytest.raises(InputError, match=r"^start_year = -2: must be an integer >= 0"):
            escalate(100.0, 0.02, 3, start_year=-2)
        with pytest.raises(InputError, match=r"^rate = -1\.0: must be > -1"):
            escalate(100.0, -1.0, 3)
        with pytest.raises(InputError, match=r"^base = inf: must be finite"):
            escalate(float("inf"), 0.02, 3)


# --------------------------------------------------------------------------- annuity_present_value


class TestAnnuityPresentValue:
    def test_hand_computed(self) -> None:
        # 100/1.1 + 100/1.21 + 100/1.331 = 248.685...
        assert annuity_present_value(100.0, 0.10, 3) == pytest.approx(248.68519909842224)

    def test_zero_rate_is_payment_times_years(self) -> None:
        assert annuity_present_value(100.0, 0.0, 7) == 700.0

    def test_tiny_rate_is_continuous_with_zero(self) -> None:
        assert annuity_present_value(100.0, 1e-12, 7) == pytest.approx(700.0, rel=1e-10)

    def test_zero_years_is_zero(self) -> None:
        assert annuity_present_value(100.0, 0.05, 0) == 0.0

    def test_array_of_rates(self) -> None:
        assert_allclose(annuity_present_value(100.0, [0.0, 1.0], 2), [200.0, 75.0])

    @HYPOTHESIS
    @given(
        payment=money,
        rate=rates,
        years=st.integers(min_value=0, max_value=40),
    )
    def test_equals_npv_of_the_payments(self, payment: float, rate: float, years: int) -> None:
        flows = [0.0] + [payment] * years
        expected = npv(rate, flows)
        assert annuity_present_value(payment, rate, years) == pytest.approx(
            expected, rel=1e-10, abs=1e-10 * present_scale(rate, np.array(flows))
        )

    def test_bad_arguments_are_rejected(self) -> None:
        with pytest.raises(InputError, match=r"^rate = -1\.5: must be > -1"):
            annuity_present_value(100.0, -1.5, 3)
        with pytest.raises(InputError, match=r"^years = -3: must be an integer >= 0"):
            annuity_present_value(100.0, 0.05, -3)
        with pytest.raises(InputError, match=r"^payment = nan: must be finite"):
            annuity_present_value(float("nan"), 0.05, 3)
