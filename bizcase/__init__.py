"""bizcase: downtime cost and support-vs-outsourcing business cases, every number derived.

The data flow is one way: a validated, frozen :class:`Scenario` → :func:`run_simulation`
(incidents restored under every support option) → :func:`summarise` → figures, app, reports, CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bizcase._version import __version__
from bizcase.model import (
    PRIORITIES,
    Scenario,
    load_scenario,
    parse_scenario_toml,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
    scenario_to_dict,
    scenario_to_toml,
)
from bizcase.model.errors import BizcaseError, InputError, ScenarioError

if TYPE_CHECKING:
    from bizcase.simulate.engine import make_rng
    from bizcase.simulate.simulation import SimulationResult, run_simulation
    from bizcase.simulate.summary import (
        OptionSummary,
        loss_exceedance,
        stage_breakdown,
        summarise,
    )

# The engine (and pandas, scipy) load on first use, so `bizcase --version` and `import
# bizcase.model` stay fast.
_LAZY = {
    "make_rng": "bizcase.simulate.engine",
    "SimulationResult": "bizcase.simulate.simulation",
    "run_simulation": "bizcase.simulate.simulation",
    "OptionSummary": "bizcase.simulate.summary",
    "loss_exceedance": "bizcase.simulate.summary",
    "stage_breakdown": "bizcase.simulate.summary",
    "summarise": "bizcase.simulate.summary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bizcase' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "PRIORITIES",
    "BizcaseError",
    "InputError",
    "OptionSummary",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "__version__",
    "load_scenario",
    "loss_exceedance",
    "make_rng",
    "parse_scenario_toml",
    "run_simulation",
    "save_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
    "scenario_to_dict",
    "scenario_to_toml",
    "stage_breakdown",
    "summarise",
]
