"""The delivery layer's reading of a scenario: its ``[delivery]`` section, an option, a contract count.

Shared by the spares plan, the option's incidents, the staffing and the plan, so that every
entry point rejects a missing section, an unknown option or a bad contract count with the same
message.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bizcase.design.compile import CompiledDesign, compile_design
from bizcase.model import Delivery, Scenario
from bizcase.model.calendar import HOURS_PER_WEEK, HOURS_PER_YEAR
from bizcase.model.errors import InputError, ScenarioError

__all__ = [
    "WEEKS_PER_SIM_YEAR",
    "compiled_design",
    "contract_count",
    "memo_enabled",
    "no_memo",
    "option_name",
    "require_delivery",
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


# Memos of pure functions of one scenario object --------------------------------------------

T = TypeVar("T")
_MEMO_ENTRIES = 32
_memo: OrderedDict[tuple[object, ...], tuple[Scenario, object]] = OrderedDict()
_memo_lock = threading.Lock()
_memo_off = threading.local()


def memo_enabled() -> bool:
    """Whether the delivery layer's memos serve (off inside :func:`no_memo`)."""
    return not getattr(_memo_off, "depth", 0)


@contextlib.contextmanager
def no_memo() -> Iterator[None]:
    """Compute everything afresh in this thread (tests compare the results with the memos')."""
    _memo_off.depth = getattr(_memo_off, "depth", 0) + 1
    try:
        yield
    finally:
        _memo_off.depth -= 1


def scenario_memo(scenario: Scenario, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``, a pure function of ``scenario`` and ``key``, computed once per scenario
    object (the last :data:`_MEMO_ENTRIES`).  The memo holds the scenario, so its ``id``
    cannot be another's while the entry lives; a scenario is never changed in place."""
    if not memo_enabled():
        return build()
    full = (id(scenario), *key)
    with _memo_lock:
        found = _memo.get(full)
        if found is not None and found[0] is scenario:
            _memo.move_to_end(full)
            return found[1]  # type: ignore[return-value]
    value = build()
    with _memo_lock:
        _memo[full] = (scenario, value)
        while len(_memo) > _MEMO_ENTRIES:
            _memo.popitem(last=False)
    return value


def compiled_design(scenario: Scenario, option: str) -> CompiledDesign:
    """``option``'s compiled design (:func:`bizcase.design.compile.compile_design`), compiled
    once per scenario object: its tables are read, never written."""
    opt = scenario.options[option]
    return scenario_memo(scenario, ("compiled", option), lambda: compile_design(scenario, opt))
