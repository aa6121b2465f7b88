"""Upper bounds on every input that scales memory or time, and the work budget of a run.

Field bounds (rates, units, durations) are checked by the scenario models when a scenario is
read; the budget (:func:`check_work_budget`) is checked by every entry point that simulates —
``run_simulation``, the delivery plan, the business case and the tornado — *before* any array
is allocated, so a valid but enormous scenario is refused with a message saying what is too
big instead of exhausting the machine.  The app sizes its live runs by the same budget
(:func:`affordable_trials`).

The memory model was measured on the engine (about 480 bytes per incident held at once with
four options, the client's loss components per incident stream included; a further ~40 bytes
per option) and keeps the peak of any accepted run under 1.5 GB, interpreter and libraries
included.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bizcase.model.errors import InputError

if TYPE_CHECKING:  # the scenario imports these limits for its field bounds
    from bizcase.model.scenario import Scenario

#: Incidents per year of one priority, or of one device class (units × failure rate).
MAX_ANNUAL_RATE = 1_000_000.0
#: Incidents per year of the whole scenario: priorities plus the inventory.
MAX_INCIDENTS_PER_YEAR = 1_000_000.0
#: Installed units of one device class (the spares search's demand grows with them).
MAX_UNITS = 10_000_000
#: Failures per unit per year (8760 / MTBF hours: an MTBF under a minute is beyond this).
MAX_FAILURE_RATE_PER_UNIT = 500_000.0
#: Median or P90 of any duration, hours: ten years.
MAX_DURATION_HOURS = 87_600.0
#: P90 / median of a duration: 1,000 is a lognormal sigma of 5.4; beyond it the tail's draws
#: leave the range where hours on the calendar are exact.
MAX_P90_TO_MEDIAN = 1_000.0
#: Replenishment lead time of a spare, days: ten years.
MAX_LEAD_TIME_DAYS = 3_650.0

#: Levels of tables and arrays within each other (a scenario needs about six).
MAX_NESTING_DEPTH = 32

#: Trial-years the engine simulates together (the default chunk of ``run_simulation``).
DEFAULT_CHUNK_TRIALS = 5_000
#: Bytes the engine holds per incident of a chunk (the draws, the restoration and the loss
#: model's outage pieces: weighted, penalty and maintenance-free hours, impact), plus per
#: incident and option.
BYTES_PER_INCIDENT = 340.0
BYTES_PER_INCIDENT_OPTION = 40.0
#: Bytes kept per trial-year and option (annual hard loss, soft loss and downtime), and with
#: the business case's loss components (four figures per incident stream) on top.
BYTES_PER_TRIAL_OPTION = 24.0
BYTES_PER_TRIAL_OPTION_STREAM_COMPONENTS = 32.0
#: Memory one run may use for its arrays; the interpreter and libraries take ~250 MB more.
MEMORY_BUDGET_BYTES = 1_000_000_000
#: Incidents restored by one run, all options together (a time budget: a few minutes).
MAX_INCIDENTS_PER_RUN = 2_000_000_000.0


def expected_incidents_per_year(scenario: Scenario) -> float:
    """Expected incidents per simulated year: the priorities' rates plus the inventory's.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> expected_incidents_per_year(s) == sum(s.annual_rates().values())
    True
    """
    return float(sum(scenario.annual_rates().values()))


def _largest_source(scenario: Scenario) -> str:
    """The input that contributes most incidents, as ``field = value`` for messages."""
    sources = [
        (inc.annual_rate, f"incidents.{p}.annual_rate = {inc.annual_rate:,.6g}")
        for p, inc in scenario.incidents.by_priority().items()
    ]
    for i, device in enumerate(scenario.inventory):
        rate = device.units * device.annual_failure_rate
        sources.append(
            (
                rate,
                f"inventory[{i}].units × annual_failure_rate = {device.units:,} × "
                f"{device.annual_failure_rate:,.6g}",
            )
        )
    return max(sources, key=lambda s: s[0])[1]


def incident_stream_count(scenario: Scenario) -> int:
    """Incident streams of the loss engine: the four priorities, one per device class and one
    more per class with degraded failures (:func:`bizcase.simulate.engine.incident_streams`).

    Examples
    --------
    >>> from bizcase.model.io import load_scenario, shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> from bizcase.simulate.engine import incident_streams
    >>> incident_stream_count(s) == len(incident_streams(s))
    True
    """
    degraded = sum(1 for d in scenario.inventory if d.degraded_share > 0)
    return len(scenario.incidents.by_priority()) + len(scenario.inventory) + degraded


def _peak_incidents_per_chunk(scenario: Scenario, chunk: int) -> float:
    """Expected incidents of a chunk plus four standard deviations (Poisson and the rates'
    year-to-year variation), so an unlucky chunk stays inside the budget too."""
    mean = expected_incidents_per_year(scenario) * chunk
    cv = max((inc.rate_cv for inc in scenario.incidents.by_priority().values()), default=0.0)
    spread = math.sqrt(mean + (mean * cv) ** 2 / max(chunk, 1))
    return mean + 4.0 * spread


def estimated_bytes(
    scenario: Scenario,
    trials: int,
    *,
    chunk_trials: int = DEFAULT_CHUNK_TRIALS,
    keep_components: bool = False,
) -> float:
    """Bytes of the arrays a run of ``trials`` trial-years holds at its peak.

    Notes
    -----
    ``incidents in a chunk × (B_i + B_io · options) + trials × options × (B_t + B_c · streams)``,
    with the chunk's incidents at their mean plus four standard deviations and ``B_c`` counted
    only when the run keeps the loss components.
    """
    options = len(scenario.options)
    chunk = min(trials, chunk_trials)
    per_incident = BYTES_PER_INCIDENT + BYTES_PER_INCIDENT_OPTION * options
    components = BYTES_PER_TRIAL_OPTION_STREAM_COMPONENTS * incident_stream_count(scenario)
    per_trial = BYTES_PER_TRIAL_OPTION + components * keep_components
    return _peak_incidents_per_chunk(scenario, chunk) * per_incident + trials * options * per_trial


def check_work_budget(
    scenario: Scenario,
    trials: int,
    *,
    chunk_trials: int = DEFAULT_CHUNK_TRIALS,
    keep_components: bool = False,
    what: str = "trials",
) -> None:
    """Refuse a run whose memory or time would exceed the budget, before any work starts.

    Parameters
    ----------
    scenario : Scenario
        The validated scenario.
    trials : int
        Trial-years the run simulates.
    chunk_trials : int
        Trial-years simulated together (the engine's chunk).
    keep_components : bool
        The run keeps the business case's loss components (32 bytes per trial, option and
        incident stream).
    what : str
        What sets the trial count, named in the message ("trials", or "trials × horizon_years").

    Raises
    ------
    InputError
        Naming what is too big — the largest incident source or the trial count — and the limit.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> check_work_budget(s, 10_000)
    >>> big = s.with_values({"incidents.minor.annual_rate": 900_000.0})
    >>> check_work_budget(big, 100)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bizcase.model.errors.InputError: too much work: ...
    """
    per_year = expected_incidents_per_year(scenario)
    need = estimated_bytes(
        scenario, trials, chunk_trials=chunk_trials, keep_components=keep_components
    )
    if need > MEMORY_BUDGET_BYTES:
        chunk = min(trials, chunk_trials)
        incident_bytes = estimated_bytes(scenario, chunk, chunk_trials=chunk_trials)
        if incident_bytes > MEMORY_BUDGET_BYTES / 2:
            cause = (
                f"{per_year:,.0f} incidents a year × {chunk:,} trial-years held at once "
                f"(largest source: {_largest_source(scenario)})"
            )
            fix = f"lower the incident rates or the {what}"
        else:
            cause = f"{trials:,} trial-years ({what}) × {len(scenario.options)} options"
            fix = f"lower the {what}"
        raise InputError(
            f"too much work: {cause} needs about {need / 1e9:,.1f} GB, over the limit of "
            f"{MEMORY_BUDGET_BYTES / 1e9:,.1f} GB; {fix}"
        )
    total = per_year * trials * len(scenario.options)
    if total > MAX_INCIDENTS_PER_RUN:
        raise InputError(
            f"too much work: {trials:,} trial-years ({what}) × {per_year:,.0f} incidents a year × "
            f"{len(scenario.options)} options = {total:,.3g} restorations, over the limit of "
            f"{MAX_INCIDENTS_PER_RUN:,.3g}; lower the {what} or the incident rates "
            f"(largest source: {_largest_source(scenario)})"
        )


def affordable_trials(
    scenario: Scenario,
    wanted: int,
    *,
    chunk_trials: int = DEFAULT_CHUNK_TRIALS,
    keep_components: bool = False,
) -> int:
    """The largest trial count up to ``wanted`` that fits the budget (0 when none does).

    Lets a live view size its run by the incident budget rather than a fixed number of years.

    Examples
    --------
    >>> from bizcase.model.io import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> affordable_trials(s, 2_000)
    2000
    """
    if wanted < 1:
        raise InputError(f"wanted = {wanted!r}: must be an integer >= 1")

    def fits(n: int) -> bool:
        try:
            check_work_budget(
                scenario, n, chunk_trials=chunk_trials, keep_components=keep_components
            )
        except InputError:
            return False
        return True

    if fits(wanted):
        return wanted
    low, high = 0, wanted  # fits(low) or low == 0; not fits(high)
    while high - low > 1:
        mid = (low + high) // 2
        if fits(mid):
            low = mid
        else:
            high = mid
    return low
