"""The portfolio of whole contracts: pipeline wins, binomial churn, renewals, outsourcing mix.

Hand-computed flows on a context with delivery staircases typed in (round numbers: r = 10 %, no
inflation or escalation, set-up 120k, sales 25k, support fee 250k, outsourcing fee 400k), a
seeded check of the expected count against the recursion, and one run on the shipped
manufacturing scenario that the expected-value portfolio table must match.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from bizcase import ScenarioError
from bizcase.economics.business import (
    LedgerInputs,
    _business_inputs,
    _Context,
    _portfolio_counts,
    portfolio_table,
)
from bizcase.economics.finance import npv
from bizcase.economics.portfolio import (
    LineSpec,
    draw_contracts,
    fee_factors,
    portfolio_lines,
    portfolio_model,
)
from bizcase.model import Scenario, scenario_from_dict
from tests.test_views import MANUFACTURING, _ctx, _data, _plain

# Typed-in staircases: cost to serve (holding at 25 % of the stock), stock, first-line heads.
SUPPORT = pd.DataFrame(
    {
        "contracts": [1, 2, 3],
        "first_line_engineer": [4, 4, 4],
        "spares_capital": [100_000.0, 150_000.0, 200_000.0],
        "total_annual_cost": [300_000.0, 340_000.0, 380_000.0],
    }
)
OUTSOURCING = pd.DataFrame(
    {
        "contracts": [1, 2, 3],
        "first_line_engineer": [3, 4, 5],
        "spares_capital": [0.0, 0.0, 0.0],
        "total_annual_cost": [500_000.0, 560_000.0, 620_000.0],
    }
)
STAIRCASES = {"support_24x7x4": SUPPORT, "outsourcing": OUTSOURCING}


def _scenario(portfolio: dict[str, Any]) -> Scenario:
    data = _data()
    data["business_case"]["portfolio"] = portfolio
    return _plain(data)


def _context(portfolio: dict[str, Any]) -> _Context:
    return _ctx(_scenario(portfolio), {})


class TestDefaults:
    def test_a_file_without_the_new_keys_loads_as_before(self) -> None:
        data = _data()
        data["business_case"]["portfolio"] = {
            "contracts_won_per_year": [1, 1, 1, 1, 1],
            "churn_rate": 0.1,
        }
        portfolio = scenario_from_dict(data).business_case.portfolio
        assert portfolio.support is None and portfolio.outsourcing is None
        assert portfolio.contracts_won_per_year == (1.0,) * 5 and portfolio.churn_rate == 0.1

    def test_one_churn_for_the_table_and_the_whole_contracts(self) -> None:
        # Both describe the same support business: the table takes the support line's churn
        # (the shipped files gave the table 10 % and the line 6-12 %: two businesses).
        line = {"contracts_at_start": 1, "prospects_per_year": [0, 2], "win_probability": 0.2}
        only_line = _scenario({"support": {**line, "churn_probability": 0.06}})
        portfolio = only_line.business_case.portfolio
        assert portfolio.churn_rate == 0.06 and portfolio.support is not None
        (support,) = portfolio_lines(only_line)
        assert support.churn_probability == 0.06
        # the table loses 6 % a year: 1, then 1 x 0.94 + 1 won
        assert _portfolio_counts(only_line, 2) == pytest.approx([1.0, 1.94])
        only_table = _scenario({"churn_rate": 0.2, "support": line})
        (support,) = portfolio_lines(only_table)
        assert only_table.business_case.portfolio.churn_rate == 0.2
        assert support.churn_probability == 0.2
        same = _scenario({"churn_rate": 0.06, "support": {**line, "churn_probability": 0.06}})
        assert same.business_case.portfolio.churn_rate == 0.06

    def test_two_different_churns_are_refused_by_name(self) -> None:
        data = _data()
        data["business_case"]["portfolio"] = {
            "churn_rate": 0.1,
            "support": {
                "prospects_per_year": [1],
                "win_probability": 0.2,
                "churn_probability": 0.06,
            },
        }
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data)
        text = str(info.value)
        assert "business_case.portfolio.churn_rate" in text and "0.1" in text
        assert "support.churn_probability = 0.06" in text

    def test_the_default_line_wins_contracts_won_per_year_in_expectation(self) -> None:
        scenario = _scenario({"contracts_won_per_year": [1.5, 0, 2], "churn_rate": 0.2})
        (line,) = portfolio_lines(scenario)  # no outsourcing line unless the file has one
        assert line.kind == "support" and line.option == "support_24x7x4"
        assert line.prospects.tolist() == [2, 0, 2, 2, 2]
        assert line.win_probability.tolist() == [0.75, 0.0, 1.0, 1.0, 1.0]
        assert line.churn_probability == 0.2 and line.term_years is None

    def test_default_expected_counts_are_the_table_counts(self) -> None:
        scenario = _scenario({"contracts_won_per_year": [1.5, 0, 2], "churn_rate": 0.2})
        (line,) = portfolio_lines(scenario)
        trials = 20_000
        active = draw_contracts(line, trials, 5, np.random.default_rng(3)).active
        table = np.array(_portfolio_counts(scenario, 5))  # 1.5, 1.2, 2.96, 4.368, 5.4944
        assert table == pytest.approx([1.5, 1.2, 2.96, 4.368, 5.4944])
        se = active.std(axis=0, ddof=1) / np.sqrt(trials)
        assert np.all(np.abs(active.mean(axis=0) - table) < 4 * se)


class TestCounts:
    LINE = LineSpec("support", "x", 3, np.array([8, 6, 6, 6, 6]), np.full(5, 0.25), 0.1, None, 0.0)

    def test_expected_count_follows_the_recursion_within_4_se(self) -> None:
        trials = 20_000
        draws = draw_contracts(self.LINE, trials, 5, np.random.default_rng(11))
        # N_1 = 3 at start + 8 × 0.25; then E[N_t] = E[N_{t-1}]·0.9 + 6 × 0.25
        expected = [5.0]
        for _ in range(4):
            expected.append(expected[-1] * 0.9 + 1.5)
        assert expected == pytest.approx([5.0, 6.0, 6.9, 7.71, 8.439])
        active = draws.active
        se = active.std(axis=0, ddof=1) / np.sqrt(trials)
        assert np.all(np.abs(active.mean(axis=0) - expected) < 4 * se)
        # wins are Binomial(8, 0.25) in year 1: mean 2, variance 1.5
        se_won = np.sqrt(1.5 / trials)
        assert abs(draws.won[:, 0].mean() - 2.0) < 4 * se_won
        # balance: N_t = N_{t-1} + W_t − L_t in every trial; nothing churns in year 1
        previous_n = np.column_stack([np.full(trials, 3), active[:, :-1]])
        assert np.array_equal(active, previous_n + draws.won - draws.churned)
        assert not draws.churned[:, 0].any()
        # churn in year 2 is Binomial(N_1, 0.1): E = 0.1 × E[N_1] = 0.5
        lost = draws.churned[:, 1]
        assert abs(lost.mean() - 0.5) < 4 * lost.std(ddof=1) / np.sqrt(trials)

    def test_same_seed_same_draws(self) -> None:
        a = draw_contracts(self.LINE, 50, 5, np.random.default_rng(5)).cohorts
        b = draw_contracts(self.LINE, 50, 5, np.random.default_rng(5)).cohorts
        assert np.array_equal(a, b)

    @settings(max_examples=40, deadline=None)
    @given(
        start=st.integers(0, 20),
        prospects=st.lists(st.integers(0, 12), min_size=4, max_size=4),
        win=st.floats(0.0, 1.0),
        churn=st.floats(0.0, 1.0),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_counts_stay_whole_and_bounded(
        self, start: int, prospects: list[int], win: float, churn: float, seed: int
    ) -> None:
        line = LineSpec("support", "x", start, np.array(prospects), np.full(4, win), churn, None, 0)
        active = draw_contracts(line, 30, 4, np.random.default_rng(seed)).active
        assert active.min() >= 0
        assert np.all(active <= start + np.cumsum(prospects))
        if churn == 0.0:
            assert np.all(np.diff(active, axis=1, prepend=start) >= 0)


class TestDeterministic:
    """Win probability 1 and churn 0: the count is fixed and every trial is the same."""

    PORTFOLIO: dict[str, Any] = {  # noqa: RUF012 - read only
        "contracts_won_per_year": [1, 1, 0],
        "churn_rate": 0.0,
        "support": {"prospects_per_year": [1, 1, 0], "win_probability": 1.0},
    }

    def test_hand_computed_margin_and_npv(self) -> None:
        result = portfolio_model(_context(self.PORTFOLIO), STAIRCASES, seed=1)
        assert result is not None
        assert result.total_contracts.tolist() == [[1, 2, 2, 2, 2]] * 3
        # cost to serve = total − stock × min(r, holding) = 300k − 10k, 340k − 15k
        # year 1: 250k − 290k − 25k sales = −65k; year 2: 500k − 325k − 25k; then 500k − 325k
        assert result.margin[0] == pytest.approx([-65e3, 150e3, 175e3, 175e3, 175e3])
        # year 0: set-up 120k + stock for year 1 (100k); year 1 buys the second 50k; the 150k
        # stock returns in year 5
        flows = [-220e3, -115e3, 150e3, 175e3, 175e3, 325e3]
        assert result.flows[0] == pytest.approx(flows)
        assert result.npv == pytest.approx([float(npv(0.10, flows))] * 3)
        # NPV to date: year 0, then year 1 discounted once
        to_date = result.npv_to_date()[0]
        assert to_date[:2] == pytest.approx([-220e3, -220e3 - 115e3 / 1.1])
        assert to_date[-1] == pytest.approx(result.npv[0])
        year1 = result.years()[0]["npv_to_date"]
        assert year1["p50"] == pytest.approx(to_date[1]) and year1["prob_negative"] == 1.0
        assert result.npv_percentiles()["prob_negative"] == 0.0

    def test_ranged_fee_and_rate_vary_by_trial(self) -> None:
        base = _context(self.PORTFOLIO)
        inputs = LedgerInputs(
            {
                "options.support_24x7x4.annual_fee": np.array([200e3, 250e3, 300e3]),
                "business_case.discount_rate": np.array([0.05, 0.10, 0.15]),
            }
        )
        ctx = replace(base, inputs=inputs, business=_business_inputs(base.scenario, inputs))
        result = portfolio_model(ctx, STAIRCASES, seed=1)
        assert result is not None
        # year 2: two contracts at each trial's fee
        assert result.revenue[:, 1] == pytest.approx([400e3, 500e3, 600e3])
        middle = [-220e3, -115e3, 150e3, 175e3, 175e3, 325e3]  # the 250k trial at 10 %
        assert result.npv[1] == pytest.approx(float(npv(0.10, middle)))
        assert result.rates.tolist() == [0.05, 0.10, 0.15]

    def test_margin_equals_the_expected_value_table(self) -> None:
        ctx = _context(self.PORTFOLIO)
        table, _ = portfolio_table(ctx, SUPPORT)
        result = portfolio_model(ctx, STAIRCASES, seed=1)
        assert table is not None and result is not None
        assert np.allclose(result.margin, table.margin.to_numpy()[None, :])
        assert np.allclose(result.revenue, table.revenue.to_numpy()[None, :])

    def test_renewal_price_change_only_at_the_term(self) -> None:
        portfolio = {
            "contracts_won_per_year": [0],
            "churn_rate": 0.0,
            "support": {"contracts_at_start": 1, "term_years": 2, "renewal_price_change": 0.05},
        }
        result = portfolio_model(_context(portfolio), STAIRCASES, seed=1)
        assert result is not None
        # renewed at the start of years 3 and 5: 250k, 250k, 262.5k, 262.5k, 275.625k
        assert result.revenue[0] == pytest.approx([250e3, 250e3, 262.5e3, 262.5e3, 275.625e3])
        steps = np.flatnonzero(np.abs(np.diff(result.revenue[0])) > 1e-6) + 2
        assert steps.tolist() == [3, 5]

    def test_outsourcing_contracts_beside_support(self) -> None:
        portfolio = {
            "contracts_won_per_year": [0],
            "churn_rate": 0.0,
            "outsourcing": {
                "contracts_at_start": 1,
                "prospects_per_year": [1, 0],
                "win_probability": 1.0,
            },
        }
        ctx = _context(portfolio)
        result = portfolio_model(ctx, STAIRCASES, seed=1)
        assert result is not None
        assert result.contracts["support"].tolist() == [[0] * 5] * 3
        assert result.contracts["outsourcing"].tolist() == [[2] * 5] * 3
        wage = ctx.scenario.delivery.wages.first_line_engineer  # type: ignore[union-attr]
        # 2 contracts × 2 transferred engineers fill the 4 seats of the staircase at 2
        serve = 560_000 - 4 * wage
        # year 1: the won contract's two engineers are the client's for 3 months (3.5 paid);
        # its transition (60k) and sale (25k)
        year1 = 800e3 - serve - 3.5 * 85e3 - 60e3 - 25e3
        later = 800e3 - serve - 4 * 85e3
        assert result.margin[0] == pytest.approx([year1] + [later] * 4)
        # no stock, no monitoring capex ("none"): year 0 is the set-up only
        assert result.flows[0, 0] == pytest.approx(-120e3)


@pytest.mark.parametrize(("term", "extra"), [(5, 5e3), (2, 0.0)])
def test_modernisation_from_the_third_year_of_a_long_contract(term: int, extra: float) -> None:
    def margin(budget: float) -> np.ndarray:
        data = _data()
        data["business_case"]["portfolio"] = {
            "contracts_won_per_year": [0],
            "outsourcing": {"contracts_at_start": 1, "term_years": term},
        }
        _plain(data)  # round inputs written into data
        data["options"]["outsourcing"]["outsourcing"]["modernisation_budget_per_year"] = budget
        result = portfolio_model(_ctx(scenario_from_dict(data), {}), STAIRCASES, seed=1)
        assert result is not None
        return result.margin[0]

    # 50k budget at the default 10 % margin: +5k a year from the contract's third year, but
    # only for contracts longer than two years
    assert margin(50_000) - margin(0) == pytest.approx([0, 0, extra, extra, extra])


def test_fee_factors_hand_computed() -> None:
    factors = fee_factors(7, 0.02, 3, -0.10)
    growth = 1.02 ** np.arange(7)
    # a contract of year 1 renews in years 4 and 7, one of year 2 in year 5
    assert factors[:, 1] == pytest.approx(growth * [1, 1, 1, 0.9, 0.9, 0.9, 0.81])
    assert factors[:, 2] == pytest.approx(growth * [0, 1, 1, 1, 0.9, 0.9, 0.9])
    assert factors[:, 0] == pytest.approx(factors[:, 1])  # at start: counted from year 1


@pytest.fixture(scope="module")
def shipped_case() -> Any:
    from bizcase import load_scenario
    from bizcase.economics.business import point_case

    data = tomllib.loads(MANUFACTURING.read_text(encoding="utf-8"))
    data["business_case"]["portfolio"] = {"contracts_won_per_year": [1, 1, 2, 0], "churn_rate": 0}
    scenario = scenario_from_dict(data)
    assert load_scenario(MANUFACTURING).business_case.portfolio.support is not None
    return point_case(scenario, trials=20)


def test_shipped_staircase_margin_equals_the_table(shipped_case: Any) -> None:
    result = shipped_case.portfolio_contracts
    assert result.total_contracts[0].tolist() == [1, 2, 4, 4, 4]
    assert np.allclose(result.margin, shipped_case.portfolio.margin.to_numpy()[None, :])


def test_case_json_carries_the_portfolio(shipped_case: Any) -> None:
    from bizcase.cli.case import case_to_dict

    payload = case_to_dict(shipped_case)
    assert payload["portfolio"]["break_even_contracts"] >= 1  # the existing keys stay
    portfolio = payload["integrator"]["portfolio"]
    assert set(portfolio) == {"definition", "trials", "discount_rate", "lines", "years", "npv"}
    assert set(portfolio["npv"]) == {"mean", "p10", "p50", "p90", "prob_negative"}
    assert list(portfolio["lines"]) == ["support"]
    first = portfolio["years"][0]
    assert {"year", "contracts", "by_line", "revenue", "cost", "margin", "npv_to_date"} == set(
        first
    )
    assert first["contracts"] == {"mean": 1.0, "p10": 1.0, "p50": 1.0, "p90": 1.0}
    table_margin = float(shipped_case.portfolio.margin.iloc[0])
    assert first["margin"]["p50"] == pytest.approx(table_margin)


def _bad(portfolio: dict[str, Any]) -> str:
    data = copy.deepcopy(_data())
    data["business_case"]["portfolio"] = portfolio
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)
    return str(info.value)


@pytest.mark.parametrize(
    ("line", "field", "rule"),
    [
        (
            {"prospects_per_year": [8], "win_probability": 1.5},
            "support.win_probability = 1.5",
            "less than or equal to 1",
        ),
        (
            {"prospects_per_year": [8, -1], "win_probability": 0.2},
            "support.prospects_per_year[1] = -1",
            "greater than or equal to 0",
        ),
        (
            {"prospects_per_year": [8], "win_probability": 0.2, "churn_probability": -0.1},
            "support.churn_probability = -0.1",
            "greater than or equal to 0",
        ),
        ({"prospects_per_year": [8]}, "support.win_probability", "required when prospects"),
        ({"win_probability": 0.3}, "support.win_probability = 0.3", "needs prospects_per_year"),
        ({"option": "outsourcing"}, "support.option = 'outsourcing'", "support option"),
        ({"option": "status_quo"}, "support.option = 'status_quo'", "offered option"),
        ({"term_years": 0}, "support.term_years = 0", "greater than or equal to 1"),
    ],
)
def test_bad_portfolio_input_names_the_field(line: dict[str, Any], field: str, rule: str) -> None:
    message = _bad({"support": line})
    assert f"business_case.portfolio.{field}" in message
    assert rule in message


def test_a_pipeline_beyond_the_staircase_is_refused() -> None:
    message = _bad({"support": {"prospects_per_year": [300], "win_probability": 0.1}})
    # five years of 300 prospects: 1,500 contracts could be won, more than 1,000 are priced
    assert "business_case.portfolio.support.prospects_per_year = [300]" in message
    assert "1,500" in message


def test_bad_outsourcing_option_is_named() -> None:
    message = _bad({"outsourcing": {"option": "support_24x7x4"}})
    assert "business_case.portfolio.outsourcing.option = 'support_24x7x4'" in message


def test_cli_rejects_a_bad_pipeline_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bizcase.cli.main import main

    data = tomllib.loads(MANUFACTURING.read_text(encoding="utf-8"))
    data["business_case"]["portfolio"]["support"]["prospects_per_year"] = [-3]
    bad = tmp_path / "bad.toml"
    bad.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "business_case.portfolio.support.prospects_per_year[0] = -3" in err
    assert "Traceback" not in err


def test_no_delivery_model_no_portfolio() -> None:
    from bizcase.cli.case import case_to_dict
    from bizcase.economics.business import point_case
    from tests.conftest import minimal_scenario_dict

    scenario = scenario_from_dict(minimal_scenario_dict())
    assert scenario.delivery is None and portfolio_lines(scenario) == ()
    payload = case_to_dict(point_case(scenario, trials=20))
    assert payload["integrator"]["portfolio"] is None
