"""Benchmark of the portfolio of whole contracts (prints timings and ratios; never a pass/fail test).

    python bench/portfolio.py [--repeats 3]

Per shipped scenario: the staircases the portfolio adds (built once per process run, cached
with the simulated incidents; the expected-value table's is reused) against the whole process
run, and the model itself (draws and
pricing, run on every evaluation, so on every finance slider) at 1,000 and 100,000 trials.
Targets: the model is vectorised over trials (a few microseconds per trial at 100,000 trials,
mostly numpy's binomial draws — no Python loop over trials) and stays a small share of a
finance-only evaluation (DESIGN §6: finance-only changes cost milliseconds).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase import load_scenario  # noqa: E402
from bizcase.economics.business import (  # noqa: E402
    LedgerInputs,
    _business_inputs,
    _Context,
    evaluate,
    process_run,
)
from bizcase.economics.portfolio import portfolio_model, portfolio_staircases  # noqa: E402


def _best(func: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - began)
    return best


def _ctx(scenario: Any, trials: int) -> _Context:
    inputs = LedgerInputs({})
    return _Context(
        scenario=scenario,
        trials=trials,
        years=scenario.business_case.horizon_years,
        losses=None,  # type: ignore[arg-type]  # the portfolio does not read client losses
        delivery={},
        inputs=inputs,
        business=_business_inputs(scenario, inputs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        scenario = load_scenario(path)
        seed = scenario.simulation.seed
        run = process_run(scenario, 200, seed)
        stairs = run.portfolio_staircases or {}
        t_run = _best(lambda s=scenario, n=seed: process_run(s, 200, n), 1)
        # what the portfolio adds to a process run: the tables beyond the expected-value one
        t_stairs = _best(lambda s=scenario, table=run.staircase: portfolio_staircases(s, table), 1)
        t_eval = _best(lambda s=scenario, r=run, n=seed: evaluate(s, r, 200, n), args.repeats)
        times = {}
        for trials in (200, 1_000, 100_000):
            ctx = _ctx(scenario, trials)
            times[trials] = _best(
                lambda c=ctx, st=stairs, n=seed: portfolio_model(c, st, n), args.repeats
            )
        t_model = times[200]
        print(
            f"{path.stem:<16} added staircases {t_stairs * 1000:7.0f} ms = {t_stairs / t_run:5.1%} of a "
            f"process run ({t_run * 1000:.0f} ms, 200 trials); model at 200 trials "
            f"{t_model * 1000:6.1f} ms = {t_model / t_eval:5.1%} of an evaluation "
            f"({t_eval * 1000:.0f} ms); 1k → 100k trials: {times[1_000] * 1000:.1f} → "
            f"{times[100_000] * 1000:.0f} ms ({times[100_000] / 100_000 * 1e6:.1f} µs a trial)"
        )


if __name__ == "__main__":
    main()
