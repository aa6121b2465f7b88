"""Design search: the cost–attainment frontier and the cheapest design that meets the SLA.

An option's ``[design.candidates]`` (:class:`bizcase.model.design.Candidates`) spans a discrete
space: a spares placement per listed class, a staffing mode per listed window (``off`` drops
it: partner use on/off), a position per listed base.  Every candidate is priced and restored by
the delivery plan (:func:`bizcase.delivery.plan.delivery_plan`) on the **same** simulated
incidents (the scenario's seed and chunk seeds: common random numbers), so the differences
between candidates are the design's, not noise.

The search is a best-first **branch and bound** on a cost lower bound that needs no simulation
(see :func:`search_designs`); ``method="exhaustive"`` evaluates every candidate (small spaces,
and the reference the tests compare it with).  Candidate evaluations are independent tasks of
:mod:`bizcase.simulate.execute`: they run serially, on a local pool or on Dask, with the same
result.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from bizcase.delivery.design_cost import design_cost, design_cost_lines
from bizcase.delivery.inputs import option_name, require_delivery
from bizcase.delivery.plan import delivery_plan
from bizcase.design.compile import compile_design
from bizcase.model import PRIORITIES, Scenario
from bizcase.model.base import FieldProblem
from bizcase.model.design import Design
from bizcase.model.errors import BizcaseError, InputError
from bizcase.model.options import SupportOption
from bizcase.model.sites import check_sites
from bizcase.simulate.engine import (
    CHUNK_TRIALS,
    REPORT_STAGES,
    IncidentStreams,
    OptionPlan,
    draw_incidents,
    make_rng,
    restore,
)
from bizcase.simulate.execute import Executor, executor_or_serial

__all__ = [
    "DesignPoint",
    "DesignSearch",
    "apply_choice",
    "pareto_frontier",
    "parse_targets",
    "search_designs",
    "search_to_dict",
]

#: Cost lines of the plan that no design changes (they follow the incidents, which every
#: candidate shares): the bound takes them from the option's own design.
_SHARED_LINES: tuple[str, ...] = ("service_desk", "second_line", "service_manager")
Method = Literal["branch_and_bound", "exhaustive"]


@dataclass(frozen=True)
class DesignPoint:
    """One evaluated candidate: its choices, cost per contract and attainment by priority."""

    choice: dict[str, str]  # dimension key -> alternative (see Design.space_dimensions)
    annual_cost: float  # cost to serve one contract a year at the plan's contracts
    lower_bound: float  # the bound the search ordered it by, same unit
    attainment: dict[str, float]  # share restored within target, priorities with a target
    attainment_se: dict[str, float]
    meets_targets: bool
    cost_lines: dict[str, float]  # per contract and year
    design: Design = field(repr=False)


@dataclass(frozen=True)
class DesignSearch:
    """The result of :func:`search_designs` (money per contract and year, scenario currency)."""

    scenario_name: str
    option: str
    currency: str
    contracts: int
    trials: int
    seed: int
    targets: dict[str, float]
    method: str
    frontier_margin: float
    space_size: int
    evaluated: int  # candidates simulated
    invalid: dict[str, str]  # label -> why the candidate is not a valid design
    complete: bool  # False when max_evaluations stopped the search before its rule did
    points: tuple[DesignPoint, ...]  # every evaluated candidate, in evaluation order
    frontier: tuple[DesignPoint, ...]  # non-dominated points, by cost
    current: DesignPoint  # the option's own design
    cheapest: DesignPoint | None
    reason: str | None  # why there is no cheapest
    stages: dict[str, float] | None  # cheapest: mean hours per stage of an incident, first target


def parse_targets(
    scenario: Scenario, option: str, targets: Mapping[str, object]
) -> dict[str, float]:
    """Check ``{priority: share}`` targets: a priority the option times, a share in (0, 1].

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> parse_targets(s, "support_24x7x4", {"critical": "0.95"})
    {'critical': 0.95}
    >>> parse_targets(s, "support_24x7x4", {"urgent": 0.9})
    Traceback (most recent call last):
    ...
    bizcase.model.errors.InputError: target urgent = 0.9: priority must be one of critical, major, minor, technical
    """
    name = option_name(scenario, option)
    opt = scenario.options[name]
    if not targets:
        raise InputError("targets: give at least one, e.g. critical=0.95")
    out: dict[str, float] = {}
    for priority, raw in targets.items():
        if priority not in PRIORITIES:
            raise InputError(
                f"target {priority} = {raw}: priority must be one of {', '.join(PRIORITIES)}"
            )
        try:
            value = float(str(raw))
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and 0.0 < value <= 1.0):
            raise InputError(
                f"target {priority} = {raw!r}: must be a share in (0, 1] (0.95, not 95)"
            )
        terms = opt.priorities.get(priority)  # type: ignore[call-overload]
        if terms is None or terms.restoration_target_hours is None:
            raise InputError(
                f"target {priority} = {raw}: option {name!r} sets no restoration target "
                f"for {priority}"
            )
        out[priority] = value
    return out


def apply_choice(
    design: Design, choice: Mapping[str, str], *, keep_candidates: bool = False
) -> Design:
    """The design with the ``choice`` of each dimension applied (validated).

    ``keep_candidates`` keeps a candidate space in the result, re-indexed, so the chosen
    design can itself be searched again (the app's "use this design"); otherwise the result
    has none.

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> d = s.options["support_24x7x4"].design
    >>> apply_choice(d, {"staffing[1]": "shift"}).staffing[1].mode
    'shift'
    """
    data = design.model_dump(mode="python", exclude={"candidates"})
    space = design.candidates
    dropped: list[int] = []
    positions = {m.base: {p.name: p for p in m.positions} for m in space.bases} if space else {}
    staffing_choices = {c.window: c for c in space.staffing} if space else {}
    for key, value in choice.items():
        if key.startswith("spares."):
            name = key[len("spares.") :]
            data["spares"][name]["placement"] = value
            if value != "base":
                data["spares"][name]["bases"] = ()
        elif key.startswith("staffing["):
            index = int(key[len("staffing[") : -1])
            window = data["staffing"][index]
            if value == "off":
                dropped.append(index)
                continue
            if value == window["mode"]:
                continue
            spec = staffing_choices.get(index)
            base = (spec.base if spec else None) or window["base"]
            site = (spec.site if spec else None) or window["site"]
            partner = (spec.partner if spec else None) or window["partner"]
            window.update(
                mode=value,
                base=base if value in ("shift", "on_call") else None,
                site=site if value == "resident" else None,
                partner=partner if value == "partner" else None,
                engineers=0 if value == "partner" else max(int(window["engineers"]), 1),
                acknowledge=None,
            )
        elif key.startswith("bases."):
            name = key[len("bases.") :]
            if value == name:
                continue
            where = positions[name][value]
            for entry in data["bases"]:
                if entry["name"] == name:
                    entry.update(latitude=where.latitude, longitude=where.longitude, site=None)
                    if where.annual_cost is not None:
                        entry["annual_cost"] = where.annual_cost
        else:
            raise InputError(f"design choice {key!r}: no such dimension")
    data["staffing"] = [w for i, w in enumerate(data["staffing"]) if i not in dropped]
    if keep_candidates and space is not None:
        data["candidates"] = _reindexed_space(design, space.model_dump(mode="python"), dropped)
    return Design.model_validate(data)


def _reindexed_space(design: Design, space: dict[str, Any], dropped: list[int]) -> dict[str, Any]:
    """The candidate space of a design whose ``dropped`` windows are gone."""
    staffing = []
    for entry in space["staffing"]:
        index = entry["window"]
        if index in dropped:
            continue
        window = design.staffing[index]
        entry = {
            **entry,
            "base": entry["base"] or window.base,
            "site": entry["site"] or window.site,
            "partner": entry["partner"] or window.partner,
            "modes": (*entry["modes"], window.mode),
        }
        # the index among the windows left: one less for every dropped window before it
        entry["window"] = index - sum(1 for gone in dropped if gone < index)
        staffing.append(entry)
    bases = []
    for entry in space["bases"]:
        own = next(b for b in design.bases if b.name == entry["base"])
        former = []
        if own.latitude is not None and own.longitude is not None:
            former = [
                {
                    "name": f"{own.name} (as filed)",
                    "latitude": own.latitude,
                    "longitude": own.longitude,
                    "annual_cost": own.annual_cost,
                }
            ]
        bases.append({**entry, "positions": [*former, *entry["positions"]]})
    spares = {
        name: (*alternatives, design.spares[name].placement)
        for name, alternatives in space["spares"].items()
    }
    return {"spares": spares, "staffing": staffing, "bases": bases}


def _with_design(scenario: Scenario, option: str, design: Design) -> Scenario:
    """A copy of ``scenario`` whose ``option`` has ``design`` (option rules checked)."""
    old = scenario.options[option]
    try:
        new = SupportOption.model_validate({**old.model_dump(mode="python"), "design": design})
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise InputError(_short_error(exc)) from exc
    changed = scenario.model_copy(update={"options": {**scenario.options, option: new}})
    try:
        check_sites(changed)
    except FieldProblem as exc:
        raise InputError(f"{exc.path}: {exc.rule}") from exc
    return changed


def _short_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        loc = ".".join(str(part) for part in first.get("loc", ()))
        return f"{loc}: {first.get('msg', exc)}"
    return str(exc)


def label_of(choice: Mapping[str, str], dims: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    """A short label: the choices that differ from the option's own design, or ``as filed``."""
    changed = [f"{key}={value}" for key, alts in dims if (value := choice[key]) != alts[0]]
    return "; ".join(changed) if changed else "as filed"


@dataclass(frozen=True)
class _Job:
    """What every candidate evaluation shares (sent to a worker once per map)."""

    scenario: Scenario
    option: str
    design: Design
    trials: int
    seed: int
    contracts: int


@dataclass(frozen=True)
class _Evaluated:
    annual_cost: float
    cost_lines: dict[str, float]
    attainment: dict[str, float]
    attainment_se: dict[str, float]


def _evaluate(job: _Job, choice: tuple[tuple[str, str], ...]) -> _Evaluated | str:
    """Price and restore one candidate on the shared incidents (a task; serial inside)."""
    try:
        design = apply_choice(job.design, dict(choice))
        scenario = _with_design(job.scenario, job.option, design)
    except (BizcaseError, ValueError) as exc:
        return _short_error(exc)
    plan = delivery_plan(
        scenario,
        job.option,
        contracts=job.contracts,
        trials=job.trials,
        seed=job.seed,
        with_scaling=False,
    )
    sla = plan.sla
    attainment = {
        p: float(sla.loc[p, "attainment"])
        for p in PRIORITIES
        if not math.isnan(float(sla.loc[p, "target_hours"]))
    }
    se = {p: float(sla.loc[p, "attainment_se"]) for p in attainment}
    n = plan.contracts
    return _Evaluated(
        annual_cost=plan.cost_per_contract,
        cost_lines={k: v / n for k, v in plan.annual_cost.items()},
        attainment=attainment,
        attainment_se=se,
    )


def _static_cost(scenario: Scenario, option: str, design: Design, contracts: int) -> float:
    """The design's cost lines that need no simulation, for ``contracts`` (a lower bound)."""
    opt = scenario.options[option].model_copy(update={"design": design})
    priced = design_cost(
        scenario, design, compile_design(scenario, opt, design=design), partner_visits_per_year=0.0
    )
    lines, _, _ = design_cost_lines(
        scenario,
        priced,
        contracts,
        workload_fte=0.0,
        callout_paid_hours_per_year=0.0,
        visits_per_year=0.0,
    )
    return float(sum(lines.values()))


def _dominates(a: DesignPoint, b: DesignPoint, priorities: Sequence[str]) -> bool:
    no_worse = a.annual_cost <= b.annual_cost and all(
        a.attainment[p] >= b.attainment[p] for p in priorities
    )
    better = a.annual_cost < b.annual_cost or any(
        a.attainment[p] > b.attainment[p] for p in priorities
    )
    return no_worse and better


def pareto_frontier(points: Sequence[DesignPoint], priorities: Sequence[str]) -> list[DesignPoint]:
    """The points no other point dominates (cost no higher, attainment no lower, one strictly).

    Of several points with the same cost and attainment, the first is kept.  Sorted by cost.

    Notes
    -----
    ``a`` dominates ``b`` when ``cost_a ≤ cost_b`` and ``att_a[p] ≥ att_b[p]`` for every ``p``
    in ``priorities``, with at least one strict inequality.
    """
    kept: list[DesignPoint] = []
    for i, b in enumerate(points):
        if any(_dominates(a, b, priorities) for a in points):
            continue
        same = [
            a
            for a in points[:i]
            if a.annual_cost == b.annual_cost
            and all(a.attainment[p] == b.attainment[p] for p in priorities)
        ]
        if not same:
            kept.append(b)
    return sorted(kept, key=lambda p: (p.annual_cost, [-p.attainment[q] for q in priorities]))


def search_designs(
    scenario: Scenario,
    option: str,
    targets: Mapping[str, object],
    *,
    trials: int | None = None,
    seed: int | None = None,
    method: Method = "branch_and_bound",
    frontier_margin: float = 0.0,
    max_evaluations: int = 400,
    executor: Executor | None = None,
) -> DesignSearch:
    """Search the option's candidate designs for the frontier and the cheapest that meets targets.

    Parameters
    ----------
    scenario : Scenario
        With a ``[delivery]`` section; ``option`` has a ``[design]`` (its ``candidates`` span
        the space; without them the space is the design alone).
    option : str
        Option identifier.
    targets : mapping
        Share of incidents restored within the option's target, by priority
        (``{"critical": 0.95}``): see :func:`parse_targets`.
    trials, seed : int, optional
        Monte Carlo size and seed (default the scenario's): every candidate restores the same
        incidents.
    method : {"branch_and_bound", "exhaustive"}
        Best-first branch and bound on the cost lower bound (default), or every candidate.
    frontier_margin : float
        The search goes on past the cheapest design meeting the targets until the bound exceeds
        its cost × (1 + margin), so the frontier shows the dearer, safer designs too.
    max_evaluations : int
        Most candidates simulated (then ``complete`` is False).
    executor : Executor, optional
        Where the evaluations run (batches of ``executor.workers``); same result for any.

    Returns
    -------
    DesignSearch

    Notes
    -----
    Annual cost is the delivery plan's cost to serve one contract a year at the scenario's
    ``delivery.contracts`` (people, rota, bases, partners, spares holding, vendor fees,
    monitoring, desk, second line, management and the expected service credits).  Its
    **lower bound** without simulation is

    ``LB(d) = [S(d) + desk + second line + management] / n``

    where ``S(d)`` is the design's cost lines with no workload, no call-out, no visit and no
    partner visit (seats, roster, standby, bases, vehicles, stock holding, vendor fees,
    monitoring, retainers), and the last three lines are the option's own design's (the
    incidents fix them; no design changes them).  Every omitted term (workload above the seats,
    call-outs, travel, partner visits, service credits) is ≥ 0, so ``LB(d) ≤ cost(d)``.

    **Branch and bound**: candidates are simulated in increasing ``LB`` order (the option's
    own design first).  Let ``C*`` be the cheapest cost among simulated candidates meeting every
    target.  The search stops at the first candidate with ``LB ≥ C* × (1 + margin)``: no
    candidate left can be cheaper than ``C*`` (so ``C*`` is the optimum of the whole space),
    and the frontier is exact for costs below ``C* × (1 + margin)``.  If no candidate meets the
    targets, every candidate is simulated (up to ``max_evaluations``).  Batches of candidates
    run in parallel; results past the stopping point are dropped, so the result does not depend
    on the number of workers.

    The frontier is the Pareto set of (annual cost, attainment of each targeted priority) over
    the simulated candidates (:func:`pareto_frontier`).

    Examples
    --------
    >>> from bizcase.model import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> r = search_designs(s, "support_24x7x4", {"critical": 0.95}, trials=300, seed=1)
    >>> r.evaluated < r.space_size, r.cheapest.attainment["critical"] >= 0.95
    (True, True)
    """
    delivery = require_delivery(scenario)
    name = option_name(scenario, option)
    opt = scenario.options[name]
    if opt.design is None:
        raise InputError(
            f"option = {name!r}: has no [options.{name}.design]: a design search needs one"
        )
    wanted = parse_targets(scenario, name, targets)
    if method not in ("branch_and_bound", "exhaustive"):
        raise InputError(f"method = {method!r}: must be 'branch_and_bound' or 'exhaustive'")
    if not (math.isfinite(frontier_margin) and frontier_margin >= 0):
        raise InputError(f"frontier_margin = {frontier_margin!r}: must be >= 0")
    if (
        isinstance(max_evaluations, bool)
        or not isinstance(max_evaluations, int)
        or max_evaluations < 1
    ):
        raise InputError(f"max_evaluations = {max_evaluations!r}: must be an integer >= 1")
    n_trials = scenario.simulation.trials if trials is None else trials
    run_seed = scenario.simulation.seed if seed is None else seed
    contracts = delivery.contracts
    design = opt.design
    dims = design.space_dimensions()
    keys = [key for key, _ in dims]
    choices = [
        tuple(zip(keys, combo, strict=True))
        for combo in itertools.product(*(alts for _, alts in dims))
    ]
    job = _Job(scenario, name, design, n_trials, run_seed, contracts)
    run = executor_or_serial(executor)

    first = _evaluate(job, choices[0])
    if isinstance(first, str):
        raise InputError(f"options.{name}.design: {first}")
    shared = sum(first.cost_lines[line] for line in _SHARED_LINES) * contracts

    invalid: dict[str, str] = {}
    bounds: list[float] = []
    for choice in choices:
        try:
            d = apply_choice(design, dict(choice))
            bounds.append((_static_cost(scenario, name, d, contracts) + shared) / contracts)
        except (BizcaseError, ValueError) as exc:
            invalid[label_of(dict(choice), dims)] = _short_error(exc)
            bounds.append(math.inf)
    order = [0] + sorted(
        (i for i in range(1, len(choices)) if math.isfinite(bounds[i])),
        key=lambda i: (bounds[i], i),
    )

    points: list[DesignPoint] = []

    def point(i: int, ev: _Evaluated) -> DesignPoint:
        meets = all(ev.attainment[p] >= t for p, t in wanted.items())
        return DesignPoint(
            choice=dict(choices[i]),
            annual_cost=ev.annual_cost,
            lower_bound=bounds[i],
            attainment=ev.attainment,
            attainment_se=ev.attainment_se,
            meets_targets=meets,
            cost_lines=ev.cost_lines,
            design=apply_choice(design, dict(choices[i]), keep_candidates=True),
        )

    points.append(point(0, first))
    best = first.annual_cost if points[0].meets_targets else math.inf
    position = 1
    stopped = False
    complete = True
    batch = max(1, run.workers)
    while position < len(order) and not stopped:
        if method == "branch_and_bound" and bounds[order[position]] >= best * (1 + frontier_margin):
            break  # the bound proves the rest no cheaper
        if len(points) >= max_evaluations:
            complete = False
            break
        take = order[position : position + min(batch, max_evaluations - len(points))]
        results = run.map(_evaluate, job, [choices[i] for i in take])
        for i, ev in zip(take, results, strict=True):
            if method == "branch_and_bound" and bounds[i] >= best * (1 + frontier_margin):
                stopped = True
                break
            position += 1
            if isinstance(ev, str):
                invalid[label_of(dict(choices[i]), dims)] = ev
                continue
            p = point(i, ev)
            points.append(p)
            if p.meets_targets:
                best = min(best, p.annual_cost)
    meeting = [p for p in points if p.meets_targets]
    cheapest = min(meeting, key=lambda p: p.annual_cost) if meeting else None
    reason = None
    if cheapest is None:
        best_p = max(points, key=lambda p: min(p.attainment[q] - wanted[q] for q in wanted))
        shown = ", ".join(f"{q} {best_p.attainment[q]:.1%}" for q in wanted)
        reason = (
            f"none of the {len(points)} designs simulated (of {len(choices):,}) meets "
            + ", ".join(f"{q} >= {t:.0%}" for q, t in wanted.items())
            + f"; the closest reaches {shown} ({label_of(best_p.choice, dims)})"
        )
        if not complete:
            reason += f"; the search stopped at max_evaluations = {max_evaluations}"
    stages = None
    if cheapest is not None:
        stages = stage_hours_per_incident(
            _with_design(scenario, name, cheapest.design),
            name,
            next(iter(wanted)),
            trials=n_trials,
            seed=run_seed,
        )
    return DesignSearch(
        scenario_name=scenario.name,
        option=name,
        currency=scenario.currency,
        contracts=contracts,
        trials=n_trials,
        seed=run_seed,
        targets=wanted,
        method=method,
        frontier_margin=frontier_margin,
        space_size=len(choices),
        evaluated=len(points),
        invalid=invalid,
        complete=complete,
        points=tuple(points),
        frontier=tuple(pareto_frontier(points, list(wanted))),
        current=points[0],
        cheapest=cheapest,
        reason=reason,
        stages=stages,
    )


def stage_hours_per_incident(
    scenario: Scenario, option: str, priority: str, *, trials: int, seed: int
) -> dict[str, float]:
    """Mean outage hours per stage of one incident of ``priority`` under ``option``.

    The same chunks and child seeds as the delivery plan (common random numbers); the stages
    add up to the mean outage (parallel branches count where they end the outage).
    """
    plan = OptionPlan.from_option(option, scenario.options[option], scenario)
    streams = IncidentStreams.from_scenario(scenario)
    sizes = [CHUNK_TRIALS] * (trials // CHUNK_TRIALS)
    if trials % CHUNK_TRIALS:
        sizes.append(trials % CHUNK_TRIALS)
    p = PRIORITIES.index(priority)
    sums = np.zeros(len(REPORT_STAGES))
    count = 0
    for size, child in zip(sizes, np.random.SeedSequence(seed).spawn(len(sizes)), strict=True):
        sample = draw_incidents(streams, size, make_rng(child))
        rest = restore(plan, sample)
        rows = (sample.priority == p) & ~rest.prevented
        sums += rest.stage_hours[:, rows].astype(np.float64).sum(axis=1)
        count += int(np.count_nonzero(rows))
    return {s: float(sums[k] / count) if count else 0.0 for k, s in enumerate(REPORT_STAGES)}


def _point_to_dict(p: DesignPoint, dims: Sequence[tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
    return {
        "annual_cost": p.annual_cost,
        "lower_bound": p.lower_bound,
        "attainment": p.attainment,
        "attainment_se": p.attainment_se,
        "meets_targets": p.meets_targets,
        "label": label_of(p.choice, dims),
        "design": p.choice,
    }


def search_to_dict(result: DesignSearch) -> dict[str, Any]:
    """The stable JSON layout of a design search (``bizcase design --format json``)."""
    dims = _dims_of(result)
    cheapest: dict[str, Any] | None = None
    if result.cheapest is not None:
        cheapest = {
            **_point_to_dict(result.cheapest, dims),
            "cost_lines": result.cheapest.cost_lines,
            "stage_hours": result.stages,
            "stage_hours_priority": next(iter(result.targets)),
        }
    return {
        "scenario": result.scenario_name,
        "option": result.option,
        "currency": result.currency,
        "cost_basis": f"cost to serve one contract a year at {result.contracts} contracts",
        "contracts": result.contracts,
        "targets": result.targets,
        "trials": result.trials,
        "seed": result.seed,
        "method": result.method,
        "frontier_margin": result.frontier_margin,
        "space_size": result.space_size,
        "evaluated": result.evaluated,
        "complete": result.complete,
        "invalid": result.invalid,
        "current": _point_to_dict(result.current, dims),
        "frontier": [_point_to_dict(p, dims) for p in result.frontier],
        "cheapest": cheapest,
        "reason": result.reason,
    }


def _dims_of(result: DesignSearch) -> list[tuple[str, tuple[str, ...]]]:
    """Dimensions with the option's own value first (read back from the current point)."""
    return [(key, (value,)) for key, value in result.current.choice.items()]
