"""The editable inputs of a scenario: which field paths, their labels and units, and how a form's
values are applied to a scenario dict and checked by the same pydantic models as a file.

A field path is the one :class:`bizcase.ScenarioError` reports (``options.nbd_8x5.annual_fee``,
``options.x.stages.repair.median_hours``), so each validation problem lands next to its input.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bizcase import PRIORITIES, Scenario, ScenarioError, scenario_from_dict
from bizcase.model import STAGES
from bizcase.model.ranges import parse_path
from dashapp.i18n import t, translate_rule

MONEY_HOUR = "u_money_hour"
MONEY_YEAR = "u_money_year"
SHARE = "u_share"
HOURS = "u_hours"
PEOPLE = "u_people"
PER_YEAR = "u_per_year"


@dataclass(frozen=True)
class FieldSpec:
    """One editable value: its path in the scenario, label text key and unit text key."""

    path: str
    label: str
    unit: str
    label_args: dict[str, str] = field(default_factory=dict)  # values are text keys too
    integer: bool = False

    def label_text(self, lang: str) -> str:
        """The label in ``lang``."""
        return t(self.label, lang, **{k: t(v, lang) for k, v in self.label_args.items()})

    def unit_text(self, lang: str, currency: str) -> str:
        """The unit in ``lang`` (money units name the scenario's currency)."""
        return t(self.unit, lang, currency=currency)


def client_fields() -> list[FieldSpec]:
    """The client's loss inputs."""
    c = "client."
    return [
        FieldSpec(c + "revenue_at_risk_per_hour", "f_revenue", MONEY_HOUR),
        FieldSpec(c + "share_recovered_later", "f_recovered", SHARE),
        FieldSpec(c + "employees_affected", "f_employees", PEOPLE),
        FieldSpec(c + "loaded_cost_per_employee_hour", "f_loaded_cost", MONEY_HOUR),
        FieldSpec(c + "productivity_lost_share", "f_productivity", SHARE),
        FieldSpec(c + "penalty_threshold_hours", "f_penalty_threshold", HOURS),
        FieldSpec(c + "penalty_per_hour", "f_penalty", MONEY_HOUR),
    ]


def incident_fields() -> list[FieldSpec]:
    """Annual rate and impact share of each priority."""
    out = []
    for p in PRIORITIES:
        args = {"priority": f"priority_{p}"}
        out.append(FieldSpec(f"incidents.{p}.annual_rate", "f_rate", PER_YEAR, args))
        out.append(FieldSpec(f"incidents.{p}.impact_share", "f_impact", SHARE, args))
    return out


def option_fields(scenario: Scenario, option: str) -> list[FieldSpec]:
    """An option's fee, stock-out probability (with local spares) and stage medians and P90s."""
    o = f"options.{option}."
    out = [FieldSpec(o + "annual_fee", "f_fee", MONEY_YEAR)]
    if scenario.options[option].spares.local_stock:
        out.append(FieldSpec(o + "spares.stockout_probability", "f_stockout", SHARE))
    for stage in STAGES:
        args = {"stage": f"stage_{stage}"}
        out.append(FieldSpec(o + f"stages.{stage}.median_hours", "f_median", HOURS, args))
        out.append(FieldSpec(o + f"stages.{stage}.p90_hours", "f_p90", HOURS, args))
    return out


def simulation_fields() -> list[FieldSpec]:
    """Trials of the full run and the seed."""
    return [
        FieldSpec("simulation.trials", "f_trials", "u_years", integer=True),
        FieldSpec("simulation.seed", "f_seed", "u_seed", integer=True),
    ]


def _split(path: str) -> list[str | int]:
    return list(parse_path(path))


def get_path(data: Any, path: str) -> Any:
    """The value at ``path`` of a nested dict/list, ``None`` when absent.

    >>> get_path({"a": {"b": [1, {"c": 2}]}}, "a.b[1].c")
    2
    """
    node = data
    for part in _split(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at ``path``, creating missing dicts on the way.

    >>> d = {"a": {}}
    >>> set_path(d, "a.b.c", 3)
    >>> d
    {'a': {'b': {'c': 3}}}
    """
    parts = _split(path)
    node: Any = data
    for part in parts[:-1]:
        if isinstance(part, str) and isinstance(node, dict) and part not in node:
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def matches(field_path: str, problem_path: str) -> bool:
    """Whether a problem at ``problem_path`` belongs to the field at ``field_path``.

    A rule about a whole duration (``…repair``: P90 below the median) belongs to both its fields.

    >>> matches("options.a.stages.repair.p90_hours", "options.a.stages.repair")
    True
    >>> matches("options.a.annual_fee", "options.a.annual_fee_x")
    False
    """
    return field_path == problem_path or field_path.startswith(problem_path + ".")


@dataclass(frozen=True)
class EditOutcome:
    """What applying a form to a scenario gave: the scenario (when valid) and the problems."""

    scenario: Scenario | None
    problems: list[tuple[str, object, str]]


def apply_values(
    base: dict[str, Any],
    paths: Sequence[str],
    values: Sequence[Any],
    lang: str = "en",
    shown: dict[str, Any] | None = None,
) -> EditOutcome:
    """Apply form values to a copy of ``base`` and validate it like a file.

    ``shown`` holds the point values the form was filled with: a value still equal to it is left
    alone, so an uncertain input (a range in ``base``) stays a range until the user changes it.
    An empty or non-numeric value is a problem of its own field ("a number is required").
    """
    data = copy.deepcopy(base)
    problems: list[tuple[str, object, str]] = []
    for path, value in zip(paths, values, strict=True):
        if value is None or value == "" or isinstance(value, bool):
            problems.append((path, value, t("need_number", lang)))
            continue
        if shown is not None and get_path(shown, path) == value:
            continue
        set_path(data, path, value)
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        return EditOutcome(None, problems + exc.problems)
    return EditOutcome(scenario if not problems else None, problems)


def feedback_for(
    paths: Sequence[str], problems: Iterable[tuple[str, object, str]], lang: str
) -> tuple[list[str], list[tuple[str, object, str]]]:
    """Per field, its translated problems joined; and the problems no field shows."""
    problems = list(problems)
    messages = []
    shown: set[int] = set()
    for path in paths:
        rules = []
        for i, (where, _value, rule) in enumerate(problems):
            if matches(path, where):
                rules.append(translate_rule(rule, lang))
                shown.add(i)
        messages.append("; ".join(dict.fromkeys(rules)))
    rest = [p for i, p in enumerate(problems) if i not in shown]
    return messages, rest
