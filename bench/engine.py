"""Benchmark of the incident engine (prints figures and ratios; never a pass/fail test).

    python bench/engine.py [--trials 100000] [--memory-trials 1000000]

Prints, for the manufacturing scenario over all its options:
* the engine's CPU time for ``--trials`` trial-years (best of three);
* the time to draw just the same random numbers (Poisson counts, uniforms, normals);
* their ratio (target <= 3);
* the speed-up over a straightforward per-incident Python loop run on a subsample (target >= 30x);
* the peak memory of a ``--memory-trials`` run in a fresh process (target < 1.5 GB).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bizcase import load_scenario, run_simulation  # noqa: E402
from bizcase.simulate.engine import (  # noqa: E402
    CHUNK_TRIALS,
    IncidentStreams,
    OptionPlan,
    draw_incidents,
    make_rng,
    restore,
)
from tests.reference_pipeline import restore_one  # noqa: E402

SCENARIO = ROOT / "scenarios" / "manufacturing.toml"


def _best_of(repeats: int, func) -> float:  # type: ignore[no-untyped-def]
    """Best CPU time of a few runs: the engine is single-threaded, and CPU time is far less
    disturbed than wall time by other work on a shared machine."""
    best = float("inf")
    for _ in range(repeats):
        began = time.process_time()
        func()
        best = min(best, time.process_time() - began)
    return best


def draw_only(streams: IncidentStreams, trials: int, seed: int) -> None:
    """Draw exactly the random numbers the engine draws, chunk by chunk, and nothing else."""
    sizes = [CHUNK_TRIALS] * (trials // CHUNK_TRIALS) + (
        [trials % CHUNK_TRIALS] if trials % CHUNK_TRIALS else []
    )
    for size, child in zip(sizes, np.random.SeedSequence(seed).spawn(len(sizes)), strict=True):
        rng = make_rng(child)
        counts = rng.poisson(streams.annual_rate, size=(size, streams.annual_rate.size))
        n = int(counts.sum())
        rng.random((6, n))
        rng.standard_normal((7, n), dtype=np.float32)


def memory_child(trials: int) -> None:
    run_simulation(load_scenario(SCENARIO), trials=trials, seed=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--memory-trials", type=int, default=1_000_000)
    parser.add_argument("--loop-trials", type=int, default=300)
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    scenario = load_scenario(SCENARIO)
    streams = IncidentStreams.from_scenario(scenario)
    plans = [OptionPlan.from_option(n, o) for n, o in scenario.options.items()]
    seed = 1

    engine_s = _best_of(3, lambda: run_simulation(scenario, trials=args.trials, seed=seed))
    draw_s = _best_of(3, lambda: draw_only(streams, args.trials, seed))
    rate = sum(scenario.annual_rates().values())
    print(f"scenario: {scenario.name}; {len(plans)} options; {rate:.1f} incidents/year")
    print(f"engine, {args.trials:,} trial-years, all options:   {engine_s:8.3f} s")
    print(f"drawing the same random numbers only:          {draw_s:8.3f} s")
    print(
        f"ratio engine / random numbers:                 {engine_s / draw_s:8.2f}   (target <= 3)"
    )

    # The plain loop on a subsample, against the vectorised restore of the same incidents.
    sample = draw_incidents(streams, args.loop_trials, make_rng(seed))
    began = time.process_time()
    loop_end = np.array(
        [[restore_one(plan, sample, i) for i in range(sample.size)] for plan in plans]
    )
    loop_s = time.process_time() - began
    vector_s = _best_of(5, lambda: [restore(plan, sample) for plan in plans])
    vector_end = np.array([restore(plan, sample).end_hours for plan in plans])
    worst = float(np.max(np.abs(loop_end - vector_end)))
    per_incident_loop = loop_s / (sample.size * len(plans))
    per_incident_engine = engine_s / (rate * args.trials * len(plans))
    print(
        f"plain Python loop on {sample.size:,} incidents x {len(plans)} options: {loop_s:8.3f} s "
        f"(vectorised restore of the same: {vector_s:.4f} s; largest difference {worst:.2e} h)"
    )
    print(
        f"speed-up of the engine over the loop, per incident-option: "
        f"{per_incident_loop / per_incident_engine:8.0f}x   (target >= 30x)"
    )

    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(args.memory_trials)], check=True
    )
    del child
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"peak memory of a {args.memory_trials:,} trial-year run: {peak_kib / 1024**2:8.2f} GB"
        f"   (target < 1.5 GB)"
    )


if __name__ == "__main__":
    main()
