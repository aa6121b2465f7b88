"""Memos of pure functions of one scenario object.

A validated :class:`~bizcase.model.Scenario` is frozen: what any layer computes from it alone
(a compiled design, a spares plan, a staffing table) can be computed once per scenario object
and shared by every layer above, the engine included.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TypeVar

from bizcase.model.scenario import Scenario

__all__ = ["memo_enabled", "no_memo", "scenario_memo"]

T = TypeVar("T")
_MEMO_ENTRIES = 32
_memo: OrderedDict[tuple[object, ...], tuple[Scenario, object]] = OrderedDict()
_memo_lock = threading.Lock()
_memo_off = threading.local()


def memo_enabled() -> bool:
    """Whether the memos serve (off inside :func:`no_memo`)."""
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
    cannot be another's while the entry lives; a scenario is never changed in place.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario, shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> calls = []
    >>> build = lambda: calls.append(1) or len(s.options)
    >>> scenario_memo(s, ("options",), build), scenario_memo(s, ("options",), build), len(calls)
    (4, 4, 1)
    >>> with no_memo():
    ...     _ = scenario_memo(s, ("options",), build)
    >>> len(calls)
    2
    """
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
