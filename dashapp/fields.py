"""The editable inputs of a scenario: which field paths, their labels and units, and how a form's
values are applied to a scenario dict and checked by the same pydantic models as a file.

A field path is the one :class:`bizcase.ScenarioError` reports (``options.nbd_8x5.annual_fee``,
``options.x.stages.repair.median_hours``), so each validation problem lands next to its input.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bizcase import PRIORITIES, Scenario, ScenarioError, scenario_from_dict
from bizcase.model import STAGES
from bizcase.model.ranges import parse_path
from bizcase.output.labels import input_label, input_unit
from dashapp.i18n import t, translate_rule


@dataclass(frozen=True)
class FieldSpec:
    """One editable value: its path in the scenario; its label and unit come from the library's
    one label table (:mod:`bizcase.output.labels`), so the form, the tornado, Compare and the
    reports name an input the same way."""

    path: str
    integer: bool = False

    def label_text(self, lang: str) -> str:
        """The label in ``lang``, without the option's name (the form groups by option)."""
        return input_label(self.path, lang, context=False)

    def unit_text(self, lang: str, currency: str) -> str:
        """The unit in ``lang`` (money units name the scenario's currency)."""
        return input_unit(self.path, lang, currency)


def client_fields() -> list[FieldSpec]:
    """The client's loss inputs."""
    c = "client."
    names = (
        "revenue_at_risk_per_hour",
        "share_recovered_later",
        "employees_affected",
        "loaded_cost_per_employee_hour",
        "productivity_lost_share",
        "penalty_threshold_hours",
        "penalty_per_hour",
    )
    return [FieldSpec(c + name) for name in names]


def incident_fields() -> list[FieldSpec]:
    """Annual rate and impact share of each priority."""
    out = []
    for p in PRIORITIES:
        out.append(FieldSpec(f"incidents.{p}.annual_rate"))
        out.append(FieldSpec(f"incidents.{p}.impact_share"))
    return out


def option_fields(scenario: Scenario, option: str) -> list[FieldSpec]:
    """An option's fee, stock-out probability (with local spares) and stage medians and P90s."""
    o = f"options.{option}."
    out = [FieldSpec(o + "annual_fee")]
    if scenario.options[option].spares.local_stock:
        out.append(FieldSpec(o + "spares.stockout_probability"))
    for stage in STAGES:
        out.append(FieldSpec(o + f"stages.{stage}.median_hours"))
        out.append(FieldSpec(o + f"stages.{stage}.p90_hours"))
    return out


def simulation_fields() -> list[FieldSpec]:
    """Trials of the full run and the seed."""
    return [
        FieldSpec("simulation.trials", integer=True),
        FieldSpec("simulation.seed", integer=True),
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
