"""Summaries of a simulation: the figures sales show a prospect, per support option.

Percentiles follow DESIGN §5: **P90 is the 90th percentile of the annual loss** — 9 years in 10
lose less; larger is worse.  Availability is ``1 − impact-weighted downtime hours / 8760``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bizcase.model import PRIORITIES
from bizcase.model.calendar import HOURS_PER_YEAR
from bizcase.simulate.engine import REPORT_STAGES
from bizcase.simulate.simulation import SimulationResult


def nines(availability: float) -> float:
    """Number of nines of an availability: ``−log10(1 − A)`` (inf for A = 1).

    Examples
    --------
    >>> round(nines(0.999), 6)
    3.0
    """
    if availability >= 1.0:
        return math.inf
    return -math.log10(1.0 - availability)


@dataclass(frozen=True)
class OptionSummary:
    """Headline figures of one option (annual figures per trial-year; money in the currency)."""

    name: str
    label: str
    expected_annual_loss: float
    expected_annual_loss_se: float  # Monte Carlo standard error of the mean
    p50: float
    p90: float
    p99: float
    expected_downtime_hours: float  # impact-weighted (full-outage-equivalent) hours per year
    availability: float
    nines: float
    expected_incidents: float  # incidents per year that happened (prevented ones excluded)
    reputational_per_year: float  # assumption, reported apart from the loss
    by_priority: dict[str, dict[str, float]]

    def to_dict(self) -> dict[str, object]:
        """Plain dict with stable keys (the CLI's JSON layout)."""
        return {
            "label": self.label,
            "expected_annual_loss": self.expected_annual_loss,
            "expected_annual_loss_se": self.expected_annual_loss_se,
            "p50": self.p50,
            "p90": self.p90,
            "p99": self.p99,
            "expected_downtime_hours": self.expected_downtime_hours,
            "availability": self.availability,
            "nines": self.nines if math.isfinite(self.nines) else None,
            "expected_incidents": self.expected_incidents,
            "reputational_per_year": self.reputational_per_year,
            "by_priority": self.by_priority,
        }


def summarise(result: SimulationResult) -> dict[str, OptionSummary]:
    """Headline figures per option, in scenario order.

    Notes
    -----
    Expected annual loss ``= mean over trials of Σ incident losses``; its standard error is
    ``sd / sqrt(trials)``.  P50/P90/P99 are percentiles of the annual loss across trials
    (linear interpolation).

    Examples
    --------
    >>> from bizcase import load_scenario, run_simulation
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> summary = summarise(run_simulation(s, trials=2000, seed=1))
    >>> today, best = summary["status_quo"], summary["outsourcing"]
    >>> best.expected_annual_loss < today.expected_annual_loss, today.p50 <= today.p90
    (True, True)
    """
    out: dict[str, OptionSummary] = {}
    n = result.trials
    for k, name in enumerate(result.options):
        losses = result.annual_loss[:, k]
        p50, p90, p99 = np.percentile(losses, [50, 90, 99])
        downtime = float(result.annual_downtime_hours[:, k].mean())
        availability = max(0.0, 1.0 - downtime / HOURS_PER_YEAR)
        by_priority = {
            p: {
                "expected_annual_loss": float(result.priority_loss[k, j] / n),
                "expected_downtime_hours": float(result.priority_downtime_hours[k, j] / n),
                "expected_incidents": float(result.priority_incidents[k, j] / n),
                "mean_outage_hours": _safe_ratio(
                    result.stage_hours[k, j].sum(), result.priority_incidents[k, j]
                ),
            }
            for j, p in enumerate(PRIORITIES)
        }
        out[name] = OptionSummary(
            name=name,
            label=result.labels[k],
            expected_annual_loss=float(losses.mean()),
            expected_annual_loss_se=float(losses.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan,
            p50=float(p50),
            p90=float(p90),
            p99=float(p99),
            expected_downtime_hours=downtime,
            availability=availability,
            nines=nines(availability),
            expected_incidents=float(result.priority_incidents[k].sum() / n),
            reputational_per_year=float(result.annual_reputational[k]),
            by_priority=by_priority,
        )
    return out


def _safe_ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else 0.0


def loss_exceedance(result: SimulationResult, points: int = 200) -> pd.DataFrame:
    """Loss-exceedance curves: for each option, P(annual loss > x) on a common grid of x.

    Returns a long DataFrame with columns ``option``, ``label``, ``loss``, ``exceedance``.
    The grid runs from 0 to the largest P99.9 across options.

    Examples
    --------
    >>> from bizcase import load_scenario, run_simulation
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> curve = loss_exceedance(run_simulation(s, trials=1000, seed=1), points=50)
    >>> sorted(curve.columns), bool(curve.exceedance.between(0, 1).all())
    (['exceedance', 'label', 'loss', 'option'], True)
    """
    top = float(np.percentile(result.annual_loss, 99.9, axis=0).max()) if result.trials else 0.0
    grid = np.linspace(0.0, max(top, 1.0), points)
    frames = []
    for k, name in enumerate(result.options):
        sorted_losses = np.sort(result.annual_loss[:, k])
        above = 1.0 - np.searchsorted(sorted_losses, grid, side="right") / result.trials
        frames.append(
            pd.DataFrame(
                {"option": name, "label": result.labels[k], "loss": grid, "exceedance": above}
            )
        )
    return pd.concat(frames, ignore_index=True)


def stage_breakdown(result: SimulationResult) -> pd.DataFrame:
    """Where the hours go: outage hours per year by option, priority and pipeline stage.

    Columns: ``option``, ``priority``, ``stage``, ``hours_per_year`` (wall-clock outage hours
    summed over incidents, per trial-year), ``downtime_hours_per_year`` (the same weighted by the
    priority's impact share: these add up to the expected downtime) and ``hours_per_incident``.

    Examples
    --------
    >>> from bizcase import load_scenario, run_simulation
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> r = run_simulation(s, trials=1000, seed=1)
    >>> table = stage_breakdown(r)
    >>> total = table[table.option == "status_quo"].downtime_hours_per_year.sum()
    >>> bool(abs(total - summarise(r)["status_quo"].expected_downtime_hours) < 1e-6)
    True
    """
    rows = []
    for k, name in enumerate(result.options):
        for j, priority in enumerate(PRIORITIES):
            count = result.priority_incidents[k, j]
            for s, stage in enumerate(REPORT_STAGES):
                total = result.stage_hours[k, j, s]
                rows.append(
                    {
                        "option": name,
                        "priority": priority,
                        "stage": stage,
                        "hours_per_year": float(total / result.trials),
                        "downtime_hours_per_year": float(
                            total * result.impact_share[j] / result.trials
                        ),
                        "hours_per_incident": _safe_ratio(total, count),
                    }
                )
    return pd.DataFrame(rows)


def priority_breakdown(result: SimulationResult) -> pd.DataFrame:
    """Expected annual loss, downtime and incidents by option and priority (long format)."""
    summaries = summarise(result)
    rows = [
        {"option": name, "priority": p, **values}
        for name, s in summaries.items()
        for p, values in s.by_priority.items()
    ]
    return pd.DataFrame(rows)


def result_to_dict(result: SimulationResult) -> dict[str, object]:
    """The stable JSON layout of a run (``bizcase run --format json``)."""
    summaries = summarise(result)
    return {
        "scenario": result.scenario_name,
        "currency": result.currency,
        "trials": result.trials,
        "seed": result.seed,
        "cost_of_one_hour": {
            "peak": result.peak_loss_per_hour,
            "average": result.average_loss_per_hour,
        },
        "options": {name: s.to_dict() for name, s in summaries.items()},
        "where_the_hours_go": {
            name: {
                stage: float(result.stage_hours[k, :, s] @ result.impact_share / result.trials)
                for s, stage in enumerate(REPORT_STAGES)
            }
            for k, name in enumerate(result.options)
        },
    }
