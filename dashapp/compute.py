"""The app's business logic: cached simulation runs and the client's ROI of each contract.

Results are cached per process in a bounded LRU keyed on the canonical JSON of the parts of a
scenario that change the simulation, plus trials and seed.  Prices, labels and descriptions are
not part of the key: moving a fee slider reuses the simulated incidents and costs milliseconds.
This is a cache (any process can rebuild any entry), not per-user state.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bizcase import Scenario, SimulationResult, run_simulation, scenario_from_dict
from bizcase.engine import Progress
from bizcase.scenario import scenario_to_dict
from bizcase.summary import OptionSummary, summarise

#: Incidents (trial-years × incidents per year) simulated for an interactive update: keeps a
#: slider's server time well under 200 ms on the shipped scenarios (see bench/app.py).
INTERACTIVE_INCIDENT_BUDGET = 80_000
INTERACTIVE_MIN_TRIALS = 300
INTERACTIVE_MAX_TRIALS = 4_000
CACHE_SIZE = 24


def interactive_trials(scenario: Scenario) -> int:
    """Trial-years for a live update: the incident budget over the expected incidents per year.

    Rounded down to a multiple of 100, between 300 and 4,000, never above the scenario's trials.
    """
    per_year = max(sum(scenario.annual_rates().values()), 1.0)
    trials = int(INTERACTIVE_INCIDENT_BUDGET / per_year) // 100 * 100
    trials = max(INTERACTIVE_MIN_TRIALS, min(INTERACTIVE_MAX_TRIALS, trials))
    return min(trials, scenario.simulation.trials)


def simulation_key(scenario: Scenario) -> str:
    """Canonical JSON of what changes the simulation (prices, labels and texts left out)."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    data["name"] = "-"
    data["description"] = ""
    data["client"]["name"] = "-"
    for option in data["options"].values():
        option["annual_fee"] = 0.0
        option["label"] = "-"
        option["description"] = ""
    return json.dumps(data, separators=(",", ":"))  # key order = scenario order


def scenario_hash(scenario: Scenario) -> str:
    """Short hash of the simulation key (for stores that only need to notice a change)."""
    return hashlib.sha256(simulation_key(scenario).encode()).hexdigest()[:16]


@lru_cache(maxsize=CACHE_SIZE)
def _cached_run(key: str, trials: int, seed: int) -> SimulationResult:
    return run_simulation(scenario_from_dict(json.loads(key)), trials=trials, seed=seed)


def simulate(
    scenario: Scenario,
    trials: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Run (or fetch from the cache) ``scenario`` at ``trials`` and ``seed``.

    A run with a ``progress`` callback is not cached: it is a long run in a background worker.
    """
    n = interactive_trials(scenario) if trials is None else int(trials)
    s = scenario.simulation.seed if seed is None else int(seed)
    if progress is not None:
        return run_simulation(scenario, trials=n, seed=s, progress=progress)
    result = _cached_run(simulation_key(scenario), n, s)
    return dataclasses.replace(
        result,
        scenario_name=scenario.name,
        labels=tuple(scenario.options[name].label for name in result.options),
    )


def cache_info() -> Any:
    """Hits, misses and size of the simulation cache (for the benchmark and tests)."""
    return _cached_run.cache_info()


def clear_cache() -> None:
    """Empty the simulation cache (benchmarks measure cold runs with it)."""
    _cached_run.cache_clear()


@dataclass(frozen=True)
class ClientRoi:
    """What a contract is worth to the client against the baseline, per year.

    ``avoided = baseline expected loss − option expected loss``; ``saving = avoided − fee``;
    ``roi = saving / fee``; ``payback_months = fee / (avoided / 12)`` (``inf`` when nothing is
    avoided, ``nan`` ROI for a free option).
    """

    option: str
    label: str
    annual_fee: float
    expected_loss: float
    avoided_loss: float
    net_saving: float
    roi: float
    payback_months: float


def client_roi(
    scenario: Scenario, summaries: dict[str, OptionSummary] | None = None, **run: Any
) -> list[ClientRoi]:
    """ROI and payback of each non-baseline option's fee for the client.

    >>> from dashapp.library import Library, shipped_dir
    >>> s = Library(shipped_dir(), shipped_dir()).load("manufacturing")
    >>> rows = client_roi(s, trials=500)
    >>> [r.option for r in rows]
    ['nbd_8x5', 'support_24x7x4', 'outsourcing']
    >>> all(abs(r.net_saving - (r.avoided_loss - r.annual_fee)) < 1e-6 for r in rows)
    True
    """
    if summaries is None:
        summaries = summarise(simulate(scenario, **run))
    base = summaries[scenario.baseline].expected_annual_loss
    rows = []
    for name, s in summaries.items():
        if name == scenario.baseline:
            continue
        fee = scenario.options[name].annual_fee
        avoided = base - s.expected_annual_loss
        saving = avoided - fee
        rows.append(
            ClientRoi(
                option=name,
                label=s.label,
                annual_fee=fee,
                expected_loss=s.expected_annual_loss,
                avoided_loss=avoided,
                net_saving=saving,
                roi=saving / fee if fee > 0 else math.nan,
                payback_months=fee / (avoided / 12.0) if avoided > 0 else math.inf,
            )
        )
    return rows


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c": [2]}`` → ``{"a.b": 1, "c[0]": 2}`` (the field paths of problems).

    >>> flatten({"a": {"b": 1}, "c": [2, {"d": 3}]})
    {'a.b': 1, 'c[0]': 2, 'c[1].d': 3}
    """
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list | tuple):
        if not data:
            out[prefix] = []
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def differing_inputs(scenarios: dict[str, Scenario]) -> list[tuple[str, list[Any]]]:
    """Field paths whose values differ between scenarios, with each scenario's value.

    A path missing from a scenario (an option it does not have) shows ``None``.
    """
    flat = {key: flatten(scenario_to_dict(s)) for key, s in scenarios.items()}
    paths: list[str] = []
    seen: set[str] = set()
    for values in flat.values():
        for path in values:
            if path not in seen:
                seen.add(path)
                paths.append(path)
    rows = []
    for path in paths:
        row = [flat[key].get(path) for key in scenarios]
        if any(v != row[0] for v in row[1:]):
            rows.append((path, row))
    return rows
