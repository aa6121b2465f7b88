"""Pinned business-case figures: the caches and the reuse of simulated incidents change no number.

The pinned means were computed with every memo off (``no_memo``: each delivery plan simulates
its incidents again, every design and stock is computed afresh) and equal those of the code
before the caches, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bizcase import load_scenario
from bizcase.delivery.inputs import no_memo
from bizcase.economics.business import process_run, staircase_requests
from bizcase.economics.uncertainty import (
    ProcessCache,
    process_key,
    process_sample,
    uncertain_case,
)
from bizcase.model.io import shipped_scenario
from bizcase.simulate.execute import LocalPoolExecutor

#: scenario → (trials, option → (mean client NPV, mean integrator NPV))
PINNED = {
    "bank_branches": (
        40,
        {
            "nbd_8x5": (-13854214.555610532, 25652430.89430639),
            # re-pinned when the integrator answers the cases its field partner is sent to
            # (remote diagnosis from its own acknowledgement): the bank loses less; the
            # integrator's again when the on-call engineer woken to send it is called out
            # (2.2 -> 8.1 call-outs a year, RUB 35k a year)
            "support_24x7x4": (41434244.10388319, 26523958.361727595),
            # outsourcing re-pinned when its typed stages became no slower than the 24x7x4's
            # (critical restored in 4 h: 88 % -> 96 %): the bank loses less, fewer credits
            "outsourcing": (-383568.39744962455, 92417438.98635021),
        },
    ),
    "manufacturing": (
        60,
        {
            "nbd_8x5": (-10143.562898601236, -843143.8023881218),
            "support_24x7x4": (2040768.485589816, -1559072.2577013562),
            "outsourcing": (2058878.3184166497, -845251.4916022415),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_cached_case_is_the_uncached_case_bit_for_bit(name: str) -> None:
    scenario = load_scenario(shipped_scenario(name))
    trials, pinned = PINNED[name]
    with no_memo():
        fresh = uncertain_case(scenario, trials=trials, cache=ProcessCache())
    cache = ProcessCache()
    cached = uncertain_case(scenario, trials=trials, cache=cache)
    again = uncertain_case(scenario, trials=trials, cache=cache)  # from the process cache
    assert cache.simulations == 1
    for option, (client, integrator) in pinned.items():
        decision = fresh.decisions[option]
        assert float(np.mean(decision.client_npv)) == pytest.approx(client, rel=1e-9)
        assert decision.integrator_npv is not None
        assert float(np.mean(decision.integrator_npv)) == pytest.approx(integrator, rel=1e-9)
        for case in (cached, again):
            other = case.decisions[option]
            np.testing.assert_array_equal(other.client_npv, decision.client_npv)
            np.testing.assert_array_equal(other.integrator_npv, decision.integrator_npv)
            for view, by_option in fresh.views.items():
                np.testing.assert_array_equal(
                    case.views[view][option].npv, by_option[option].npv, err_msg=view
                )


def test_staircases_are_tasks_of_their_own_at_the_scenarios_own_values() -> None:
    """The portfolio's staircases run as tasks beside the design points (on any executor) and
    are the expected-value tables of the scenario at its own values — those a run of the
    scenario alone builds, table for table — never one design point's draw (the bank's first
    point drew the engineer's wage at its 95th percentile: cost to serve 6 % high)."""
    scenario = load_scenario(shipped_scenario("bank_branches"))
    trials = 16
    sample = process_sample(scenario, trials, scenario.simulation.seed, ProcessCache())
    key = process_key(scenario, trials, scenario.simulation.seed)
    requests = staircase_requests(scenario)
    assert requests[0] == (None, 1) and len(requests) >= 2  # the outsourcing line's table too
    m = key[3]
    assert isinstance(m, int) and m > 1
    seed = int(
        np.random.SeedSequence(scenario.simulation.seed).spawn(m + 2)[2].generate_state(1)[0]
    )
    alone = process_run(scenario, trials // m, seed)
    run = sample.run
    assert alone.staircase is not None and run.staircase is not None
    first_values = {p: float(v[0]) for p, v in sample.sampled.items()}
    at_first = process_run(scenario.with_values(first_values), trials // m, seed).staircase
    assert at_first is not None
    wage = "delivery.wages.first_line_engineer"
    assert first_values[wage] > scenario.ranges[wage].ppf(np.array([0.9]))[0]
    assert run.staircase.total_annual_cost.iloc[0] < 0.97 * at_first.total_annual_cost.iloc[0]
    pd.testing.assert_frame_equal(run.staircase, alone.staircase, check_exact=True)
    assert run.portfolio_staircases is not None and alone.portfolio_staircases is not None
    assert run.portfolio_staircases.keys() == alone.portfolio_staircases.keys()
    for option, table in alone.portfolio_staircases.items():
        pd.testing.assert_frame_equal(run.portfolio_staircases[option], table, check_exact=True)
    credits, expected = run.staircase_credits, alone.staircase_credits
    assert credits is not None and expected is not None
    assert (credits.simulated_mean, credits.cap_share) == (
        expected.simulated_mean,
        expected.cap_share,
    )
    np.testing.assert_array_equal(credits.basis.breach, expected.basis.breach)
    np.testing.assert_array_equal(credits.basis.tier_share, expected.basis.tier_share)


def test_two_workers_give_the_serial_case_portfolio_included() -> None:
    scenario = load_scenario(shipped_scenario("bank_branches"))
    serial = uncertain_case(scenario, trials=24, cache=ProcessCache())
    with LocalPoolExecutor(2) as pool:
        pool.start(wait=True)
        pooled = uncertain_case(scenario, trials=24, cache=ProcessCache(), executor=pool)
    for option, decision in serial.decisions.items():
        np.testing.assert_array_equal(pooled.decisions[option].client_npv, decision.client_npv)
        np.testing.assert_array_equal(
            pooled.decisions[option].integrator_npv, decision.integrator_npv
        )
    assert serial.portfolio is not None and pooled.portfolio is not None
    pd.testing.assert_frame_equal(pooled.portfolio, serial.portfolio, check_exact=True)
    assert pooled.break_even == serial.break_even
    assert serial.portfolio_contracts is not None and pooled.portfolio_contracts is not None
    np.testing.assert_array_equal(pooled.portfolio_contracts.npv, serial.portfolio_contracts.npv)
