"""The scenario model: the validated, frozen :class:`Scenario` and its parts, ranges, calendars.

The lowest layer: it imports nothing else of bizcase. Every input, from a file, the command
line, the app or an upload, becomes a :class:`Scenario` here or an error naming the field.
"""

from __future__ import annotations

from bizcase.model.base import PRIORITIES, STAGES, Duration, Profile, lognormal_params
from bizcase.model.delivery import Delivery
from bizcase.model.io import (
    load_scenario,
    parse_scenario_toml,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
    scenario_to_dict,
    scenario_to_toml,
)
from bizcase.model.options import SupportOption
from bizcase.model.scenario import MAX_TRIALS, Scenario

__all__ = [
    "MAX_TRIALS",
    "PRIORITIES",
    "STAGES",
    "Delivery",
    "Duration",
    "Profile",
    "Scenario",
    "SupportOption",
    "load_scenario",
    "lognormal_params",
    "parse_scenario_toml",
    "save_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
    "scenario_to_dict",
    "scenario_to_toml",
]
