"""Pinned business-case figures: the caches and the reuse of simulated incidents change no number.

The pinned means were computed with every memo off (``no_memo``: each delivery plan simulates
its incidents again, every design and stock is computed afresh) and equal those of the code
before the caches, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from bizcase import load_scenario
from bizcase.delivery.inputs import no_memo
from bizcase.economics.uncertainty import ProcessCache, uncertain_case
from bizcase.model.io import shipped_scenario

#: scenario → (trials, option → (mean client NPV, mean integrator NPV))
PINNED = {
    "bank_branches": (
        40,
        {
            "nbd_8x5": (-13854214.555610532, 25652430.89430639),
            "support_24x7x4": (37265444.446892686, 26168422.65478737),
            "outsourcing": (-2143496.4249660135, 91461298.65520278),
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
