"""Goal seek on the fee (``bizcase.economics.solve`` and ``bizcase solve``): the business case
at the solved fee gives the target, on the same trials exactly and on fresh ones within
Monte Carlo error."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bizcase import load_scenario
from bizcase.cli.main import main
from bizcase.economics.business import portfolio_option
from bizcase.economics.finance import npv
from bizcase.economics.solve import (
    SolveError,
    pv_margin,
    ratio_standard_error,
    solve_fee,
    with_fee,
)
from bizcase.economics.uncertainty import ProcessCache, uncertain_case
from bizcase.model.errors import InputError
from tests.conftest import SCENARIOS

MANUFACTURING = str(SCENARIOS[0].parent / "manufacturing.toml")
OPTION = "support_24x7x4"


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(MANUFACTURING)


class TestTargetMargin:
    def test_the_case_at_the_fee_gives_the_margin(self, scenario) -> None:  # type: ignore[no-untyped-def]
        sol = solve_fee(scenario, OPTION, "margin", 0.15, trials=300)
        # the root is found to FEE_RTOL of the fee: the margin to about 1e-5
        assert sol.achieved == pytest.approx(0.15, abs=1e-4)
        # The business case run anew at that fee (what `bizcase case` prints for the same trials
        # and seed) gives the margin.  A fresh seed moves it by more than pv_margin's standard
        # error, which counts trial-to-trial spread but not the spread between the case's few
        # sampled design points: that check waits for a clustered standard error.
        again = uncertain_case(with_fee(scenario, OPTION, sol.fee), trials=300)
        margin, se = pv_margin(again, OPTION)
        assert abs(margin - 0.15) < 1e-4 and se > 0
        assert sol.currency == scenario.currency and sol.iterations >= 2

    def test_a_higher_margin_needs_a_higher_fee(self, scenario) -> None:  # type: ignore[no-untyped-def]
        cache = ProcessCache()
        fees = [
            solve_fee(scenario, OPTION, "margin", m, trials=120, cache=cache).fee
            for m in (0.0, 0.15, 0.3)
        ]
        assert fees == sorted(fees) and fees[0] < fees[2]

    def test_stable_root(self, scenario) -> None:  # type: ignore[no-untyped-def]
        a = solve_fee(scenario, OPTION, "margin", 0.2, trials=120)
        b = solve_fee(scenario, OPTION, "margin", 0.2, trials=120)
        assert a.fee == b.fee

    def test_a_ranged_fee_is_priced_at_one_point(self, scenario) -> None:  # type: ignore[no-untyped-def]
        assert f"options.{OPTION}.annual_fee" in scenario.ranges
        fixed = with_fee(scenario, OPTION, 150_000.0)
        assert f"options.{OPTION}.annual_fee" not in fixed.ranges
        assert set(scenario.ranges) - set(fixed.ranges) == {f"options.{OPTION}.annual_fee"}


def test_target_loss_probability(scenario) -> None:  # type: ignore[no-untyped-def]
    sol = solve_fee(scenario, OPTION, "prob_negative", 0.1, trials=200)
    assert sol.achieved <= 0.1
    below = uncertain_case(with_fee(scenario, OPTION, sol.fee * 0.99), trials=200)
    assert below.decisions[OPTION].percentiles("integrator")["prob_negative"] > 0.1


def test_break_even_contracts(scenario) -> None:  # type: ignore[no-untyped-def]
    option = portfolio_option(scenario)
    assert option is not None
    sol = solve_fee(scenario, option, "break_even_contracts", 3, trials=100)
    assert sol.achieved <= 3
    below = uncertain_case(with_fee(scenario, option, sol.fee * 0.99), trials=100)
    assert below.break_even_contracts is None or below.break_even_contracts > 3


def test_bad_targets_name_the_rule(scenario) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="target margin"):
        solve_fee(scenario, OPTION, "margin", 1.2)
    with pytest.raises(InputError, match="must be one of"):
        solve_fee(scenario, scenario.baseline, "margin", 0.1)
    with pytest.raises(InputError, match="portfolio sells"):
        solve_fee(scenario, "nbd_8x5", "break_even_contracts", 2)
    assert issubclass(SolveError, InputError)


def test_cli_prints_the_fee(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["solve", MANUFACTURING, "--option", OPTION, "--target-margin", "0.15"]
    assert main([*argv, "--trials", "200"]) == 0
    text = capsys.readouterr().out
    assert "annual fee" in text and "EUR" in text and "15.00%" in text
    assert main([*argv, "--trials", "200", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["annual_fee"] > 0 and payload["achieved"] == pytest.approx(0.15, abs=1e-4)


def test_cli_bad_input_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", MANUFACTURING, "--option", "nope", "--target-margin", "0.1"]) == 2
    assert "--option 'nope'" in capsys.readouterr().err


class TestRatioStandardError:
    def test_hand_computed(self) -> None:
        # r = 10/4 = 2.5; residuals −1.5, −0.5, 0.5, 1.5.  Independent: sd = √(5/3), s.e. =
        # √(5/3)·√4/4 = 0.6455.  Clusters {1,2}, {3,4}: sums −2, 2; √(2/1·8)/4 = 1.0.
        r, se = ratio_standard_error([1, 2, 3, 4], [1, 1, 1, 1])
        assert r == 2.5 and se == pytest.approx((5 / 3) ** 0.5 / 2, rel=1e-12)
        r, se = ratio_standard_error([1, 2, 3, 4], [1, 1, 1, 1], clusters=[0, 0, 1, 1])
        assert r == 2.5 and se == pytest.approx(1.0, rel=1e-12)

    def test_one_cluster_or_no_revenue_has_no_error(self) -> None:
        assert np.isnan(ratio_standard_error([1, 2], [1, 1], clusters=[3, 3])[1])
        assert np.isnan(ratio_standard_error([1, 2], [0, 0])[0])

    def test_clustered_error_matches_the_spread_of_fresh_draws(self) -> None:
        # 8 clusters of 100 trials that share a cluster effect (sd 1) on the numerator, like
        # design points sharing process inputs.  Over 400 fresh draws the mean squared clustered
        # s.e. must match the variance of the ratio (the relative s.e. of a variance from 400
        # draws is √(2/399) ≈ 7 %: ±25 % is ~4 s.e.); the independent-trials formula, which
        # ignores the clusters, falls far short.
        rng = np.random.default_rng(11)
        groups = np.repeat(np.arange(8), 100)
        ratios, clustered, independent = [], [], []
        for _ in range(400):
            den = 1.0 + 0.1 * rng.standard_normal(800)
            num = 2.0 * den + rng.standard_normal(8)[groups] + rng.standard_normal(800)
            r, se_c = ratio_standard_error(num, den, groups)
            _, se_i = ratio_standard_error(num, den)
            ratios.append(r)
            clustered.append(se_c**2)
            independent.append(se_i**2)
        var = float(np.var(ratios, ddof=1))
        assert 0.75 < float(np.mean(clustered)) / var < 1.25
        assert float(np.mean(independent)) / var < 0.3

    def test_pv_margin_is_clustered_on_design_points(self, scenario) -> None:  # type: ignore[no-untyped-def]
        case = uncertain_case(scenario, trials=400)
        assert case.trial_cluster is not None
        points = min(scenario.business_case.design_points, 400)
        assert np.array_equal(np.unique(case.trial_cluster), np.arange(points))
        m, se = pv_margin(case, "support_24x7x4")
        rate = case.sampled_inputs.get("business_case.discount_rate", case.discount_rate)
        revenue = npv(np.asarray(rate), case.integrator["support_24x7x4"].lines["revenue"])
        decision = case.decisions["support_24x7x4"]
        assert decision.integrator_npv is not None
        assert (m, se) == ratio_standard_error(decision.integrator_npv, revenue, case.trial_cluster)
