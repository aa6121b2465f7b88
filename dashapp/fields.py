"""The editable inputs of a scenario: which field paths, their labels and units, and how a form's
values are applied to a scenario dict and checked by the same pydantic models as a file.

A field path is the one :class:`bizcase.ScenarioError` reports (``options.nbd_8x5.annual_fee``,
``options.x.stages.repair.median_hours``), so each validation problem lands next to its input.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bizcase import PRIORITIES, Scenario, ScenarioError, scenario_from_dict
from bizcase.model import STAGES
from bizcase.model.ranges import Range, is_range_table, parse_path, whole_as_int
from bizcase.output.labels import input_label, input_unit
from dashapp.i18n import NBSP, t, translate_rule

#: The parts of a ranged input the form edits, each a field of its own (``<path>.low`` …).
RANGE_PARTS = ("low", "high", "dist", "mode")
#: The distributions a range may name (:class:`bizcase.model.ranges.Range`); lognormal first,
#: the default of a ``{ low, high }`` table.
DISTRIBUTIONS = ("lognormal", "uniform", "triangular", "pert")
#: Distributions with a most likely value (``mode``).
WITH_MODE = ("triangular", "pert")


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
    """An option's fee, stock-out probability (with local spares) and the medians and P90s of
    the stages its file types in.

    A stage an option's delivery design derives (:func:`derived_stage_names`) has no value to
    edit: a field for it would start empty and make every edit of the page "a number is
    required", so the working scenario could never change.
    """
    o = f"options.{option}."
    out = [FieldSpec(o + "annual_fee")]
    if scenario.options[option].spares.local_stock:
        out.append(FieldSpec(o + "spares.stockout_probability"))
    derived = set(derived_stage_names(scenario, option))
    for stage in STAGES:
        if stage in derived:
            continue
        out.append(FieldSpec(o + f"stages.{stage}.median_hours"))
        out.append(FieldSpec(o + f"stages.{stage}.p90_hours"))
    return out


def derived_stage_names(scenario: Scenario, option: str) -> list[str]:
    """Stages of ``option`` left out of its file: its delivery design derives them."""
    stages = scenario.options[option].stages
    return [stage for stage in STAGES if getattr(stages, stage) is None]


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


def range_part(data: Any, path: str) -> tuple[str, str] | None:
    """``(range path, part)`` when ``path`` edits one part of a ranged input of ``data``.

    >>> range_part({"a": {"b": {"low": 1, "high": 2}}}, "a.b.high")
    ('a.b', 'high')
    >>> range_part({"a": {"b": {"low": 1, "high": 2}}}, "a.b") is None
    True
    """
    parent, _, part = path.rpartition(".")
    if not parent or part not in RANGE_PARTS:
        return None
    holder = get_path(data, parent)
    if is_range_table(holder) or (isinstance(holder, int | float) and not isinstance(holder, bool)):
        return parent, part
    return None


def parse_number(value: Any, lang: str = "en") -> float | int | None:
    """A form's number: a number as is, or text with thousands separators; ``None`` if neither.

    English groups with commas (``320,000.5``); Russian with spaces and a decimal comma
    (``320 000,5``).  Infinite and NaN values are not numbers here.

    >>> parse_number("320,000"), parse_number("1 234,5", "ru"), parse_number("0.35")
    (320000, 1234.5, 0.35)
    >>> parse_number("abc") is None and parse_number("inf") is None and parse_number(True) is None
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    for space in (" ", NBSP, "\u202f", "_"):
        text = text.replace(space, "")
    text = text.replace(",", ".") if lang == "ru" else text.replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def display_number(value: Any, lang: str = "en") -> Any:
    """A number as the form shows it: every digit kept, thousands grouped (others unchanged).

    >>> display_number(320000.0), display_number(15556.34), display_number(1234.5, "ru")
    ('320,000', '15,556.34', '1\xa0234,5')
    >>> display_number("pert"), display_number(None)
    ('pert', None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    text = f"{whole_as_int(value):,}"
    if lang == "ru":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def scaled_range(table: dict[str, Any], value: float) -> dict[str, Any] | float:
    """A range moved so that its point value becomes ``value``, keeping its relative width.

    A slider or a point field over a ranged input must not turn it into a constant (it would
    drop out of the tornado and the Monte Carlo): every end, the mode and an explicit base are
    scaled by ``value / base``.  A range whose base is not positive, or a value that is not,
    has no such scaling: the value then stands alone.

    Notes
    -----
    ``low' = low · value / base`` (likewise ``high``, ``mode``, ``base``), so a lognormal
    90 % interval keeps its ratio ``high / low`` and a named distribution its shape.

    >>> scaled_range({"low": 10.0, "high": 40.0}, 40.0)
    {'low': 20.0, 'high': 80.0}
    >>> scaled_range({"low": 0.0, "high": 1.0, "dist": "uniform"}, 0.0)
    0.0
    """
    try:
        base = Range.model_validate(table).base_value
    except ValueError:
        return value
    if base <= 0 or value <= 0:
        return value
    factor = value / base
    out = dict(table)
    for key in ("low", "high", "mode", "base"):
        if isinstance(out.get(key), int | float):
            out[key] = float(out[key]) * factor
    return out


def _set_range_part(
    data: dict[str, Any], where: str, part: str, value: Any, lang: str
) -> tuple[str, object, str] | None:
    """Set one part of the range at ``where``; a problem for that part, or ``None``."""
    holder = get_path(data, where)
    if not isinstance(holder, dict):  # a point value becomes a zero-width range
        set_path(data, where, {"low": holder, "high": holder})
    table = get_path(data, where)
    if part == "dist":
        if value not in DISTRIBUTIONS:
            return where, value, t("need_dist", lang, choices=", ".join(DISTRIBUTIONS))
        table["dist"] = value
        return None
    if part == "mode" and (value is None or value == ""):
        table.pop("mode", None)  # the midpoint
        return None
    number = parse_number(value, lang)
    if number is None:
        return where, value, f"{t(f'range_{part}', lang)}: {t('need_number', lang)}"
    table[part] = number
    return None


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
    A ranged input is edited through its parts (``<path>.low``, ``.high``, ``.dist``,
    ``.mode``; an empty mode is the midpoint); a point value typed or slid over a range moves
    the range (:func:`scaled_range`) instead of replacing it.  An empty or non-numeric value is
    a problem of its own field ("a number is required"); numbers may carry thousands
    separators (:func:`parse_number`).
    """
    data = copy.deepcopy(base)
    problems: list[tuple[str, object, str]] = []
    ranges_touched: set[str] = set()
    for path, value in zip(paths, values, strict=True):
        part = range_part(data, path)
        if part is not None:
            ranges_touched.add(part[0])
            problem = _set_range_part(data, part[0], part[1], value, lang)
            if problem is not None:
                problems.append(problem)
            continue
        number = parse_number(value, lang)
        if number is None:
            problems.append((path, value, t("need_number", lang)))
            continue
        if shown is not None and get_path(shown, path) == number:
            continue
        current = get_path(data, path)
        if is_range_table(current):
            set_path(data, path, scaled_range(current, number))
        else:
            set_path(data, path, number)
    for where in ranges_touched:
        table = get_path(data, where)
        if isinstance(table, dict) and table.get("dist", "lognormal") not in WITH_MODE:
            table.pop("mode", None)  # a mode belongs to triangular and PERT ranges only
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        return EditOutcome(None, problems + exc.problems)
    return EditOutcome(scenario if not problems else None, problems)


def form_value(raw: dict[str, Any], shown: dict[str, Any], path: str) -> Any:
    """The value a form field at ``path`` starts with: a range's part from ``raw`` (the store's
    dict, ranges kept), otherwise the point value from ``shown``.

    >>> raw = {"a": {"low": 1.0, "high": 4.0}, "b": 3}
    >>> [form_value(raw, {"a": 2.0, "b": 3}, p) for p in ("a.low", "a.dist", "a.mode", "b")]
    [1.0, 'lognormal', None, 3]
    """
    part = range_part(raw, path)
    if part is None:
        return get_path(shown, path)
    holder = get_path(raw, part[0])
    if not isinstance(holder, dict):
        return (
            holder if part[1] in ("low", "high") else ("lognormal" if part[1] == "dist" else None)
        )
    if part[1] == "dist":
        return holder.get("dist", "lognormal")
    return holder.get(part[1])


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
