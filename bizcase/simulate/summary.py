"""Summaries of a simulation: the figures sales show a prospect, per support option.

Percentiles follow DESIGN §5: **P90 is the 90th percentile of the annual loss** — 9 years in 10
lose less; larger is worse.  Availability is ``1 − impact-weighted downtime hours / 8760``.
Losses are **hard** (money that leaves the client: lost margin, catching up, recovery, its own
penalties) unless a name says ``soft`` (idle labour and reputation) or ``hard_and_soft``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bizcase.model import PRIORITIES, Scenario
from bizcase.model.calendar import HOURS_PER_YEAR
from bizcase.model.errors import InputError
from bizcase.simulate.engine import REPORT_STAGES, LossModel
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
    reputational_per_year: float  # assumption, part of the soft loss
    by_priority: dict[str, dict[str, float]]
    expected_annual_soft_loss: float = 0.0  # idle labour and reputation
    p90_hard_and_soft: float = 0.0  # P90 of the annual hard + soft loss
    ledger_losses: str = "hard"  # what the client ledger counts

    @property
    def expected_annual_hard_loss(self) -> float:
        """Expected annual hard loss (the same as ``expected_annual_loss``)."""
        return self.expected_annual_loss

    @property
    def expected_annual_hard_and_soft_loss(self) -> float:
        """Expected annual hard + soft loss."""
        return self.expected_annual_loss + self.expected_annual_soft_loss

    @property
    def expected_annual_ledger_loss(self) -> float:
        """Expected annual loss the client ledger counts (hard, or hard + soft)."""
        if self.ledger_losses == "hard_and_soft":
            return self.expected_annual_hard_and_soft_loss
        return self.expected_annual_loss

    def to_dict(self) -> dict[str, object]:
        """Plain dict with stable keys (the CLI's JSON layout); losses are hard unless named."""
        return {
            "label": self.label,
            "expected_annual_loss": self.expected_annual_loss,
            "expected_annual_loss_se": self.expected_annual_loss_se,
            "p50": self.p50,
            "p90": self.p90,
            "p99": self.p99,
            "expected_annual_soft_loss": self.expected_annual_soft_loss,
            "expected_annual_hard_and_soft_loss": self.expected_annual_hard_and_soft_loss,
            "p90_hard_and_soft": self.p90_hard_and_soft,
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
    Expected annual (hard) loss ``= mean over trials of Σ incident hard losses``; its standard
    error is ``sd / sqrt(trials)``.  P50/P90/P99 are percentiles of the annual hard loss across
    trials (linear interpolation); the soft loss is summarised apart.

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
    soft_all = (
        result.annual_soft_loss
        if result.annual_soft_loss is not None
        else np.zeros_like(result.annual_loss)
    )
    priority_soft = (
        result.priority_soft_loss
        if result.priority_soft_loss is not None
        else np.zeros_like(result.priority_loss)
    )
    for k, name in enumerate(result.options):
        losses = result.annual_loss[:, k]
        soft = soft_all[:, k]
        p50, p90, p99 = np.percentile(losses, [50, 90, 99])
        downtime = float(result.annual_downtime_hours[:, k].mean())
        availability = max(0.0, 1.0 - downtime / HOURS_PER_YEAR)
        by_priority = {
            p: {
                "expected_annual_loss": float(result.priority_loss[k, j] / n),
                "expected_annual_soft_loss": float(priority_soft[k, j] / n),
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
            expected_annual_soft_loss=float(soft.mean()),
            p90_hard_and_soft=float(np.percentile(losses + soft, 90)),
            ledger_losses=result.ledger_losses,
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
    top = float(np.max(np.percentile(result.annual_loss, 99.9, axis=0))) if result.trials else 0.0
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
                weighted = (
                    total * result.impact_share[j]
                    if result.stage_downtime_hours is None
                    else result.stage_downtime_hours[k, j, s]
                )
                rows.append(
                    {
                        "option": name,
                        "priority": priority,
                        "stage": stage,
                        "hours_per_year": float(total / result.trials),
                        "downtime_hours_per_year": float(weighted / result.trials),
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


def cost_of_one_hour(result: SimulationResult) -> dict[str, float]:
    """What one hour of full outage costs: hard, soft and hard + soft, at peak and on average.

    ``peak`` and ``average`` are the hard loss (the keys of earlier versions); the average is
    over the hours of the year, maintenance hours at 0.
    """
    return {
        "peak": result.peak_loss_per_hour,
        "average": result.average_loss_per_hour,
        "peak_soft": result.peak_soft_loss_per_hour,
        "average_soft": result.average_soft_loss_per_hour,
        "peak_hard_and_soft": result.peak_loss_per_hour + result.peak_soft_loss_per_hour,
        "average_hard_and_soft": result.average_loss_per_hour + result.average_soft_loss_per_hour,
    }


def where_the_hours_go(result: SimulationResult) -> dict[str, dict[str, float]]:
    """Impact-weighted outage hours per year by option and pipeline stage."""
    out: dict[str, dict[str, float]] = {}
    for k, name in enumerate(result.options):
        if result.stage_downtime_hours is not None:
            by_stage = result.stage_downtime_hours[k].sum(axis=0)
        else:
            by_stage = result.impact_share @ result.stage_hours[k]
        out[name] = {
            stage: float(by_stage[s] / result.trials) for s, stage in enumerate(REPORT_STAGES)
        }
    return out


def result_to_dict(result: SimulationResult) -> dict[str, object]:
    """The stable JSON layout of a run (``bizcase run --format json``).

    Losses are hard unless a key says ``soft`` or ``hard_and_soft``; ``ledger_losses`` says
    which the client ledger counts.
    """
    summaries = summarise(result)
    return {
        "scenario": result.scenario_name,
        "currency": result.currency,
        "trials": result.trials,
        "seed": result.seed,
        "ledger_losses": result.ledger_losses,
        "cost_of_one_hour": cost_of_one_hour(result),
        "options": {name: s.to_dict() for name, s in summaries.items()},
        "where_the_hours_go": where_the_hours_go(result),
    }


def reprice(result: SimulationResult, scenario: Scenario) -> SimulationResult:
    """``result``'s simulated incidents priced with ``scenario``'s client figures.

    Needs ``result.components`` (``run_simulation(..., keep_components=True)``) of a scenario
    with the same incident process, impact shares, loss profile, maintenance windows and
    penalty threshold; a changed impact share of a priority raises :class:`InputError`.
    Annual hard and soft loss and downtime per trial and option, the loss and downtime by
    priority and the reputational cost follow linearly from the components
    (:meth:`LossModel.annual_from_components`); the incidents, their stage hours and the
    history tally are those simulated.

    Examples
    --------
    >>> from bizcase import load_scenario, run_simulation
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> r = run_simulation(s, trials=300, seed=1, keep_components=True)
    >>> dearer = s.with_values({"client.revenue_at_risk_per_hour": 30000.0})
    >>> a, b = reprice(r, dearer).annual_loss, run_simulation(dearer, 300, 1).annual_loss
    >>> bool(np.allclose(a, b))
    True
    """
    comp = result.components
    if comp is None:
        raise ValueError("the result kept no loss components: run with keep_components=True")
    model = LossModel.from_scenario(scenario)
    simulated = np.asarray(result.impact_share, dtype=np.float64)
    wanted = model.impact[: len(PRIORITIES)]
    if simulated.shape == wanted.shape and not np.array_equal(simulated, wanted):
        moved = [
            f"incidents.{p}.impact_share = {w:g} (simulated {s:g})"
            for p, w, s in zip(PRIORITIES, wanted, simulated, strict=True)
            if w != s
        ]
        raise InputError(
            f"{'; '.join(moved)}: an impact share cannot be re-priced (overlapping outages "
            "are capped at a full outage and the penalty rule reads the share): simulate again"
        )
    hard, soft, downtime = model.annual_from_components(comp)
    m = model.priority_matrix  # (streams, priorities)
    weighted = comp.weighted_hours.sum(axis=0) * model.impact  # (options, streams)
    priority_loss = (
        model.hard_loss_per_hour * weighted + comp.incidents.sum(axis=0) * model.recovery_cost
    )
    if model.penalty_per_hour > 0:
        priority_loss += (
            model.penalty_per_hour
            * comp.penalty_hours.sum(axis=0)
            * model.penalty_impact(model.impact)
        )
    priority_soft = (
        model.soft_loss_per_hour * weighted + comp.incidents.sum(axis=0) * model.reputational_cost
    )
    priority_downtime = comp.outage_hours.sum(axis=0) * model.impact
    reputational = comp.incidents.sum(axis=0) @ model.reputational_cost / result.trials
    stage_downtime = None
    if result.stream_stage_hours is not None:
        # (options, streams, stages) weighted by the new impacts, summed by priority
        stage_downtime = np.einsum("osg,s,sp->opg", result.stream_stage_hours, model.impact, m)
    return dataclasses.replace(
        result,
        scenario_name=scenario.name,
        labels=tuple(scenario.options[name].label for name in result.options),
        annual_loss=hard,
        annual_soft_loss=soft,
        annual_downtime_hours=downtime,
        annual_reputational=np.asarray(reputational, dtype=np.float64),
        priority_loss=priority_loss @ m,
        priority_soft_loss=priority_soft @ m,
        priority_downtime_hours=priority_downtime @ m,
        stage_downtime_hours=stage_downtime,
        impact_share=model.impact[: len(PRIORITIES)].copy(),
        peak_loss_per_hour=model.hard_loss_per_hour * model.profile.peak,
        average_loss_per_hour=model.hard_loss_per_hour * model.profile.mean,
        peak_soft_loss_per_hour=model.soft_loss_per_hour * model.profile.peak,
        average_soft_loss_per_hour=model.soft_loss_per_hour * model.profile.mean,
        ledger_losses=scenario.client.ledger_losses,
    )
