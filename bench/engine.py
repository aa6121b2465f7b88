"""Benchmark of the incident engine (prints figures and ratios; never a pass/fail test).

    python bench/engine.py [--trials 100000] [--memory-trials 1000000]

Prints, for the manufacturing scenario over all its options:
* the engine's CPU time for ``--trials`` trial-years (best of three);
* the time to draw just the same random numbers (Poisson counts, uniforms, normals);
* their ratio (target <= 2.0), and where the engine's time goes (a profile of the same run:
  the draws, each option's restoration, the loss integration, the tallies);
* the speed-up over a straightforward per-incident Python loop run on a subsample (target >= 30x);
* the peak memory of a ``--memory-trials`` run in a fresh process (target < 1.5 GB);
* the wall-clock speed-up of the same run on ``--workers`` local workers over one (target >= 1.7x
  with 2 workers on 2 cores), with the pool started beforehand, and whether both runs give
  identical arrays (they must).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
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
from bizcase.simulate.execute import LocalPoolExecutor  # noqa: E402
from tests.reference_pipeline import restore_designed_loop, restore_one  # noqa: E402

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
        rng.random((2, n))  # each incident's site and remote-fix draw
        if streams.redundant is not None:
            rng.random(n)  # the partner unit's time to failure


def _best_wall(repeats: int, func) -> float:  # type: ignore[no-untyped-def]
    """Best wall time of a few runs: the parallel run's work is in other processes."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - began)
    return best


def _identical(a, b) -> bool:  # type: ignore[no-untyped-def]
    fields = ("annual_loss", "annual_downtime_hours", "annual_reputational", "priority_loss")
    fields += ("priority_downtime_hours", "priority_incidents", "stage_hours")
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in fields)


def parallel_speedup(scenario, trials: int, seed: int, workers: int) -> None:  # type: ignore[no-untyped-def]
    """Print the speed-up of ``workers`` local workers over one on the same run."""
    one = run_simulation(scenario, trials=trials, seed=seed)
    one_s = _best_wall(3, lambda: run_simulation(scenario, trials=trials, seed=seed))
    with LocalPoolExecutor(workers) as pool:
        began = time.perf_counter()
        pool.start(wait=True)
        start_s = time.perf_counter() - began
        many = run_simulation(scenario, trials=trials, seed=seed, executor=pool)
        many_s = _best_wall(
            3, lambda: run_simulation(scenario, trials=trials, seed=seed, executor=pool)
        )
    print(f"wall time, 1 worker:                           {one_s:8.3f} s")
    print(f"wall time, {workers} local workers (pool started: {start_s:.2f} s): {many_s:8.3f} s")
    print(
        f"speed-up {workers} workers / 1:                     {one_s / many_s:8.2f}x"
        f"   (target >= 1.7x with 2 workers on 2 cores)"
    )
    print(f"identical results with 1 and {workers} workers:        {_identical(one, many)}")


#: The engine's phases in the profile, by the function that does each (cumulative times).
_PHASES = (
    ("drawing the incidents", "engine.py", "draw_incidents"),
    ("restoring, options with a design", "graph.py", "restore_designed"),
    ("restoring, the other options", "engine.py", "restore"),
    ("outages (loss profile, clock, overlaps)", "engine.py", "outages"),
    ("sums by trial-year and stream", "simulation.py", "_stream_sums"),
    ("pricing the sums", "engine.py", "price_sums"),
    ("stage hours by stream", "simulation.py", "_by_stream"),
)


def time_split(scenario, trials: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    """Print each phase's share of the engine's time, from a profile of one run (the profiler
    slows every call alike: the shares hold, the seconds are the profiled ones)."""
    profile = cProfile.Profile()
    profile.runcall(run_simulation, scenario, trials=trials, seed=seed)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    cumulative = {(Path(f).name, name): row[3] for (f, _, name), row in stats.items()}
    total = max(row[3] for row in stats.values())
    seconds = {label: cumulative.get((f, name), 0.0) for label, f, name in _PHASES}
    # restore() hands a designed option to restore_designed: count its time once
    seconds["restoring, the other options"] -= seconds["restoring, options with a design"]
    seconds["tallies and the rest"] = total - sum(seconds.values())
    print(f"where the engine's time goes (profiled run, {total:.2f} s):")
    for label, value in seconds.items():
        print(f"  {label:<44}{value:7.2f} s {100 * value / total:5.1f} %")


def memory_child(trials: int) -> None:
    run_simulation(load_scenario(SCENARIO), trials=trials, seed=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--memory-trials", type=int, default=1_000_000)
    parser.add_argument("--loop-trials", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="local workers of the speed-up")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    scenario = load_scenario(SCENARIO)
    streams = IncidentStreams.from_scenario(scenario)
    plans = [OptionPlan.from_option(n, o, scenario) for n, o in scenario.options.items()]
    seed = 1

    engine_s = _best_of(3, lambda: run_simulation(scenario, trials=args.trials, seed=seed))
    draw_s = _best_of(3, lambda: draw_only(streams, args.trials, seed))
    rate = sum(scenario.annual_rates().values())
    print(f"scenario: {scenario.name}; {len(plans)} options; {rate:.1f} incidents/year")
    print(f"engine, {args.trials:,} trial-years, all options:   {engine_s:8.3f} s")
    print(f"drawing the same random numbers only:          {draw_s:8.3f} s")
    print(
        f"ratio engine / random numbers:                 {engine_s / draw_s:8.2f}   (target <= 2.0)"
    )

    time_split(scenario, args.trials, seed)

    # The plain loop on a subsample, against the vectorised restore of the same incidents.
    sample = draw_incidents(streams, args.loop_trials, make_rng(seed))
    began = time.process_time()
    # Designed options go through the reference's own graph and engineer queue: the plain
    # pipeline of restore_one knows no design (it was fed them: a 136 h "difference").
    loop_end = np.array(
        [
            restore_designed_loop(plan, sample)
            if plan.design is not None
            else [restore_one(plan, sample, i) for i in range(sample.size)]
            for plan in plans
        ]
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

    parallel_speedup(scenario, args.trials, seed, args.workers)

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
