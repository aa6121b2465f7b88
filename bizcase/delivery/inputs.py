"""The delivery layer's reading of a scenario: its ``[delivery]`` section, an option, a contract count.

Shared by the spares plan, the option's incidents, the staffing and the plan, so that every
entry point rejects a missing section, an unknown option or a bad contract count with the same
message.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bizcase.design.compile import compiled_design
from bizcase.model import Delivery, Scenario
from bizcase.model.calendar import HOURS_PER_WEEK, HOURS_PER_YEAR
from bizcase.model.errors import InputError, ScenarioError
from bizcase.model.memo import memo_enabled, no_memo, scenario_memo

__all__ = [
    "WEEKS_PER_SIM_YEAR",
    "compiled_design",
    "contract_count",
    "memo_enabled",
    "no_memo",
    "option_name",
    "require_delivery",
    "scenario_memo",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Incident-driven rates are per simulated year of 8,760 h: 52.14 weeks.
WEEKS_PER_SIM_YEAR = HOURS_PER_YEAR / HOURS_PER_WEEK


def require_delivery(scenario: Scenario) -> Delivery:
    """The scenario's ``[delivery]`` section, or a :class:`ScenarioError` saying how to add one."""
    if scenario.delivery is None:
        raise ScenarioError(
            "delivery: the scenario has no [delivery] section; add one with at least "
            "[delivery.wages] and [delivery.overheads] (see scenarios/manufacturing.toml)"
        )
    return scenario.delivery


def option_name(scenario: Scenario, option: str | None) -> str:
    """``option`` checked against the scenario; by default the first contract with targets."""
    if option is None:
        for name, opt in scenario.options.items():
            if name != scenario.baseline and any(
                t.restoration_target_hours is not None for t in opt.priorities.values()
            ):
                return name
        others = [n for n in scenario.options if n != scenario.baseline]
        return others[0] if others else scenario.baseline
    if option not in scenario.options:
        raise InputError(
            f"option = {option!r}: must be one of the scenario's options "
            f"({', '.join(scenario.options)})"
        )
    return option


def contract_count(delivery: Delivery, contracts: int | None) -> int:
    """``contracts`` (default ``delivery.contracts``) checked to be an integer 1–10,000."""
    n = delivery.contracts if contracts is None else contracts
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= 10_000:
        raise InputError(f"contracts = {n!r}: must be an integer from 1 to 10,000")
    return int(n)
