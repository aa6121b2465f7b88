"""Many scenarios, one tidy table: each scenario's losses and business case, as figures.

The table has one row per scenario, option and figure (columns ``scenario``, ``option``,
``figure``, ``value``), ready for a pivot, a groupby or a parquet reader.  Per option: the
losses of :func:`bizcase.simulate.simulation.run_simulation` (expected, P50/P90/P99 annual
loss, impact-weighted downtime hours, availability); per offered option the NPV distribution of
:func:`bizcase.economics.uncertainty.uncertain_case` on both ledgers (mean, P10/P50/P90,
P(NPV < 0)), the client's ROI, the integrator's IRR and price floor.

A scenario is one task of the execution layer (:mod:`bizcase.simulate.execute`), so a batch of
a hundred scenarios spreads over a pool or a cluster; a batch smaller than the executor runs its
scenarios one after the other, each spread over the executor.  The numbers are the same either
way.  A scenario that fails is reported by name and does not stop the others.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from bizcase.economics.business import CaseResult
from bizcase.economics.uncertainty import uncertain_case
from bizcase.model import Scenario
from bizcase.model.errors import BizcaseError
from bizcase.simulate.execute import Executor, executor_or_serial
from bizcase.simulate.simulation import run_simulation
from bizcase.simulate.summary import summarise

COLUMNS: tuple[str, ...] = ("scenario", "option", "figure", "value")
#: Loss figures of every option, per trial-year (money in the scenario's currency).
LOSS_FIGURES: tuple[str, ...] = (
    "expected_annual_loss",
    "p50_annual_loss",
    "p90_annual_loss",
    "p99_annual_loss",
    "expected_downtime_hours",
    "availability",
)
_NPV_STATISTICS = ("mean", "p10", "p50", "p90", "prob_negative")


@dataclass(frozen=True)
class BatchSettings:
    """Monte Carlo sizes and seed of every scenario of a batch (None: the scenario's own)."""

    trials: int | None = None  # trial-years of the loss simulation
    case_trials: int | None = None  # trials of the business case
    seed: int | None = None


@dataclass(frozen=True)
class BatchResult:
    """The tidy table of the scenarios that ran, and the message of each that failed."""

    table: pd.DataFrame
    failures: dict[str, str]


def scenario_figures(
    scenario: Scenario,
    settings: BatchSettings | None = None,
    executor: Executor | None = None,
) -> list[tuple[str, str, float]]:
    """``(option, figure, value)`` rows of one scenario (see the module's docstring).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> rows = scenario_figures(s, BatchSettings(trials=500, case_trials=20))
    >>> ("outsourcing", "p90_annual_loss") in {(o, f) for o, f, _ in rows}
    True
    """
    settings = settings or BatchSettings()
    result = run_simulation(scenario, trials=settings.trials, seed=settings.seed, executor=executor)
    rows: list[tuple[str, str, float]] = []
    for name, summary in summarise(result).items():
        values = (
            summary.expected_annual_loss,
            summary.p50,
            summary.p90,
            summary.p99,
            summary.expected_downtime_hours,
            summary.availability,
        )
        rows += [(name, f, float(v)) for f, v in zip(LOSS_FIGURES, values, strict=True)]
    case = uncertain_case(
        scenario, trials=settings.case_trials, seed=settings.seed, executor=executor
    )
    rows += _case_rows(case)
    return rows


def _case_rows(case: CaseResult) -> list[tuple[str, str, float]]:
    rows: list[tuple[str, str, float]] = []
    for name, decision in case.decisions.items():
        for side in ("client", "integrator"):
            stats = decision.percentiles(side)
            rows += [(name, f"{side}_npv_{k}", stats[k]) for k in _NPV_STATISTICS if k in stats]
        extras = {
            "client_roi": decision.client_roi,
            "integrator_irr": decision.integrator_irr,
            "integrator_price_floor": decision.price_floor,
        }
        rows += [
            (name, f, float(v)) for f, v in extras.items() if v is not None and math.isfinite(v)
        ]
    return rows


def _figures_task(
    settings: BatchSettings, item: tuple[str, Scenario]
) -> tuple[str, list[tuple[str, str, float]] | None, str | None]:
    name, scenario = item
    try:
        return name, scenario_figures(scenario, settings), None
    except BizcaseError as exc:
        return name, None, str(exc)


def batch_table(
    scenarios: Sequence[tuple[str, Scenario]],
    settings: BatchSettings | None = None,
    executor: Executor | None = None,
) -> BatchResult:
    """The figures of every ``(name, scenario)`` in one tidy table, in the given order.

    Parameters
    ----------
    scenarios : sequence of (str, Scenario)
        Validated scenarios and the names their rows carry (e.g. the file's stem).
    settings : BatchSettings, optional
        Trials and seed for all (default: each scenario's own).
    executor : Executor, optional
        Where the work runs (default this process).

    Returns
    -------
    BatchResult
        ``table`` with :data:`COLUMNS`; ``failures`` maps a name to its error message.
    """
    settings = settings or BatchSettings()
    runner = executor_or_serial(executor)
    if len(scenarios) >= runner.workers:
        outcomes = runner.map(_figures_task, settings, list(scenarios))
    else:
        # fewer scenarios than workers: spread each scenario's own tasks instead
        outcomes = []
        for name, scenario in scenarios:
            try:
                outcomes.append((name, scenario_figures(scenario, settings, runner), None))
            except BizcaseError as exc:
                outcomes.append((name, None, str(exc)))
    records = []
    failures: dict[str, str] = {}
    for name, rows, error in outcomes:
        if rows is None:
            failures[name] = error or "failed"
            continue
        records += [(name, option, figure, value) for option, figure, value in rows]
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    table["value"] = table["value"].astype("float64")
    return BatchResult(table=table, failures=failures)


__all__ = [
    "COLUMNS",
    "LOSS_FIGURES",
    "BatchResult",
    "BatchSettings",
    "batch_table",
    "scenario_figures",
]
