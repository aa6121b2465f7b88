"""Scenarios side by side: key figures with deltas, and which inputs differ.

Consultants compare clients or variants of one client.  The first scenario is the reference:
every delta is ``other − reference``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bizcase.economics.business import point_case
from bizcase.model import Scenario, scenario_to_dict
from bizcase.simulate.simulation import run_simulation
from bizcase.simulate.summary import summarise


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts/lists → ``{"a.b[0].c": value}``.

    Examples
    --------
    >>> flatten({"a": {"b": [1, {"c": 2}]}})
    {'a.b[0]': 1, 'a.b[1].c': 2}
    """
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def differing_inputs(scenarios: list[Scenario]) -> pd.DataFrame:
    """Inputs whose values are not the same in every scenario (one column per scenario).

    Ranges show as their ``{low, high}`` tables; a missing input shows as empty.
    """
    flat = [flatten(scenario_to_dict(s, texts=False)) for s in scenarios]
    keys = sorted(set().union(*flat))
    rows = {}
    for key in keys:
        values = [f.get(key) for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows[key] = values
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=column_names(scenarios), dtype=object
    )


def key_figures(
    scenario: Scenario, trials: int | None = None, case_trials: int = 200
) -> pd.DataFrame:
    """One row per option: losses, availability, the client's and the integrator's NPV."""
    result = run_simulation(scenario, trials=trials)
    summaries = summarise(result)
    case = point_case(scenario, trials=case_trials)
    rows = []
    for name, s in summaries.items():
        decision = case.decisions.get(name)
        integrator = decision.percentiles("integrator") if decision else {}
        client = decision.percentiles("client") if decision else {}
        rows.append(
            {
                "option": name,
                "label": s.label,
                "annual_fee": scenario.options[name].annual_fee,
                "expected_annual_loss": s.expected_annual_loss,  # hard
                "expected_annual_hard_and_soft_loss": s.expected_annual_hard_and_soft_loss,
                "p90_annual_loss": s.p90,
                "downtime_hours": s.expected_downtime_hours,
                "availability": s.availability,
                "client_npv": client.get("mean", np.nan),
                "integrator_npv": integrator.get("mean", np.nan),
                "price_floor": decision.price_floor if decision else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("option")


def compare(scenarios: list[Scenario], trials: int | None = None) -> pd.DataFrame:
    """Key figures of 2–4 scenarios side by side, with deltas against the first.

    Returns a DataFrame indexed by (option, figure) with one column per scenario and one
    ``Δ <name>`` column per other scenario; options missing from a scenario are NaN.
    """
    names = column_names(scenarios)
    figures = [key_figures(s, trials) for s in scenarios]
    numeric = [f.drop(columns=["label"]) for f in figures]
    options = list(dict.fromkeys(o for f in numeric for o in f.index))
    columns = list(numeric[0].columns)
    index = pd.MultiIndex.from_product([options, columns], names=["option", "figure"])
    table = pd.DataFrame(index=index)
    for name, f in zip(names, numeric, strict=True):
        table[name] = [f.loc[o, c] if o in f.index else np.nan for o, c in index]
    reference = table[names[0]]
    for name in names[1:]:
        table[f"Δ {name}"] = table[name] - reference
    return table


def column_names(scenarios: list[Scenario]) -> list[str]:
    """Scenario names, numbered where two scenarios share a name."""
    names = [s.name for s in scenarios]
    return [n if names.count(n) == 1 else f"{n} ({i + 1})" for i, n in enumerate(names)]
