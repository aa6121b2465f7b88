"""Reading and writing scenarios: TOML in (standard-library ``tomllib``), TOML and JSON Schema out, atomic saves."""

from __future__ import annotations

import copy
import os
import tempfile
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import (
    ValidationError,
)

from bizcase.model.base import scenario_error_from_validation
from bizcase.model.errors import ScenarioError
from bizcase.model.limits import MAX_NESTING_DEPTH
from bizcase.model.ranges import RANGE_KEYS, format_path, parse_path, set_path
from bizcase.model.scenario import Scenario
from bizcase.model.texts import LANGUAGES, default_text

#: The data package that holds the shipped scenario files (``scenarios/`` in the repository).
SHIPPED_PACKAGE = "bizcase.scenarios"


def _check_nesting(data: Any, prefix: str) -> None:
    """Refuse data nested deeper than any scenario is, before anything recurses into it."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_NESTING_DEPTH:
            where = format_path(path[:MAX_NESTING_DEPTH])
            rule = f"tables and arrays nest at most {MAX_NESTING_DEPTH} levels deep in a scenario"
            raise ScenarioError(
                f"{prefix}{where}...: nested more than {MAX_NESTING_DEPTH} levels; {rule}",
                [(where, "(nested data)", rule)],
            )
        if isinstance(value, dict):
            stack.extend((v, (*path, str(k))) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))


def scenario_from_dict(data: Any, source: str | None = None) -> Scenario:
    """Validate a plain dict (parsed TOML, JSON, a form) into a :class:`Scenario`.

    Raises
    ------
    ScenarioError
        With the source, the field path, the value and the rule of every problem.
    """
    prefix = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{prefix}a scenario must be a table of keys, got {type(data).__name__}"
        )
    _check_nesting(data, prefix)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise scenario_error_from_validation(exc, source) from None


def parse_scenario_toml(text: str, source: str = "<text>") -> Scenario:
    """Parse TOML text into a validated :class:`Scenario`."""
    if not text.strip():
        raise ScenarioError(f"{source}: the file is empty; a scenario needs name, currency, ...")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(
            f"{source}: arrays or inline tables nested too deeply to read; tables and arrays "
            f"nest at most {MAX_NESTING_DEPTH} levels deep in a scenario"
        ) from None
    return scenario_from_dict(data, source)


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path : str or PathLike
        A ``.toml`` file.

    Returns
    -------
    Scenario
        The validated, frozen scenario.

    Raises
    ------
    ScenarioError
        When the file cannot be read, is not TOML or breaks a rule; the message names the file,
        the field path, the value and the rule.

    Examples
    --------
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> s.currency
    'EUR'
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{p}: is a directory, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(f"{p}: cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{p}: not UTF-8 text; a scenario is a TOML text file") from None
    return parse_scenario_toml(text, str(p))


def shipped_scenarios() -> dict[str, Path]:
    """The scenario files shipped with bizcase, by name (the file stem), sorted.

    Returns
    -------
    dict of str to Path
        ``{"bank_branches": Path(".../bank_branches.toml"), ...}``.  The files are read-only:
        they belong to the installation.

    Raises
    ------
    ScenarioError
        When bizcase is installed in a way that keeps its files off the file system (a zip).

    Notes
    -----
    The files are found through :mod:`importlib.resources` in the data package
    ``bizcase.scenarios``, so a wheel, an editable install and a source checkout all read the
    same files (``scenarios/`` at the repository root).

    Examples
    --------
    >>> sorted(shipped_scenarios())
    ['bank_branches', 'logistics_hub', 'manufacturing', 'retail_chain']
    """
    root = resources.files(SHIPPED_PACKAGE)
    if not isinstance(root, Path):
        # Dash, the reports and load_scenario need real paths; wheels always install as files.
        raise ScenarioError(
            f"{SHIPPED_PACKAGE}: the shipped scenarios are not on the file system ({root!r}); "
            "install bizcase from its wheel or a source checkout, not as a zip"
        )
    return {path.stem: path for path in sorted(root.glob("*.toml"))}


def shipped_scenario(name: str) -> Path:
    """The path of one shipped scenario file, by name (``"manufacturing"``).

    Raises
    ------
    ScenarioError
        For a name that is not shipped; the message lists the shipped names.

    Examples
    --------
    >>> shipped_scenario("manufacturing").name
    'manufacturing.toml'
    """
    files = shipped_scenarios()
    try:
        return files[name]
    except (KeyError, TypeError):
        raise ScenarioError(
            f"shipped scenario {name!r}: no such scenario; shipped are {', '.join(files)}"
        ) from None


def scenario_to_dict(scenario: Scenario, texts: bool = True) -> dict[str, Any]:
    """The scenario as plain JSON-able data, with its ranges back in place of their base values
    (and its per-language texts as ``{en, ru}`` tables; ``texts=False``: the field's text only)."""
    data: Any = scenario.model_dump(mode="json", exclude_none=True)
    for text, rng in scenario.ranges.items():
        data = set_path(data, parse_path(text), rng.model_dump(exclude_none=True))
    for text, table in scenario.texts.items() if texts else ():
        # A text changed since it was read (a copy with a new name) drops its old table.
        if scenario.text(text, LANGUAGES[0]) == default_text(table):
            data = set_path(data, parse_path(text), table)
    return dict(data)


def scenario_to_toml(scenario: Scenario) -> str:
    """Serialise a scenario to TOML text (comments of the original file are not kept)."""
    return tomli_w.dumps(scenario_to_dict(scenario))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write a scenario to ``path`` atomically (temporary file in the same folder, then rename)."""
    target = Path(path)
    text = scenario_to_toml(scenario)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


#: The JSON Schema dialect ``bizcase schema`` writes.
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ANNOTATIONS = ("title", "description", "default", "examples")
_RANGE_SHAPE = "RangeShape"


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a scenario file, ranged inputs included.

    The loader reads any table ``{ low, high[, dist, mode, base] }`` standing where a number goes
    as a range (:mod:`bizcase.model.ranges`), so in this schema every number accepts that table
    too, with both ends (and ``base``) held to the field's own bounds.

    Returns
    -------
    dict
        The schema, with ``$schema`` naming its dialect; ``bizcase schema`` prints it as JSON.

    Notes
    -----
    What the schema states besides the fields' types and bounds: a default (lognormal) range
    needs ``low > 0``; ``mode`` needs ``dist = "triangular"`` or ``"pert"``; a range of a whole
    number (a count, an hour) needs a whole ``base``; a table shaped like a range never stands
    where a table of keys goes; keys of identifier-keyed tables match the identifier pattern.
    Rules the loader checks in code are not in the schema (it reports them with the field
    path): ``low <= high``, ``base`` and ``mode`` between the ends, a median below its P90,
    168 hourly values, a window that ends after it starts, a coverage made of 0s and 1s, the
    baseline naming an option, NaN and infinity (which JSON cannot carry).

    Examples
    --------
    >>> schema = scenario_json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> rate = schema["$defs"]["PriorityIncidents"]["properties"]["annual_rate"]
    >>> sorted(branch.get("type") for branch in rate["anyOf"])
    ['number', 'object']
    """
    schema = _with_ranges(Scenario.model_json_schema())
    schema["$defs"][_RANGE_SHAPE] = {
        "description": "A table read as a range: low and high, and only range keys.",
        "type": "object",
        "required": ["low", "high"],
        "propertyNames": {"enum": sorted(RANGE_KEYS)},
    }
    _with_texts(schema)
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def _with_texts(schema: dict[str, Any]) -> None:
    """Let the reader-facing texts be per-language tables, as the loader reads them."""
    table = {
        "type": "object",
        "description": "The text per language; 'en' is required when several are given.",
        "propertyNames": {"enum": list(LANGUAGES)},
        "additionalProperties": {"type": "string", "pattern": "\\S"},
        "minProperties": 1,
        "if": {"minProperties": 2},
        "then": {"required": [LANGUAGES[0]]},
    }
    places = [
        (schema, ("name", "description")),
        (schema["$defs"]["Client"], ("name",)),
        (schema["$defs"]["LossHistory"], ("source",)),
        (schema["$defs"]["SupportOption"], ("label", "description")),
    ]
    for node, fields in places:
        for field in fields:
            text = node["properties"][field]
            notes = {key: text.pop(key) for key in _ANNOTATIONS if key in text}
            node["properties"][field] = {**notes, "anyOf": [text, table]}


def _with_ranges(node: Any) -> Any:
    """A copy of a pydantic JSON Schema in which numbers may be ranges (see the caller)."""
    if isinstance(node, list):
        return [_with_ranges(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _with_ranges(value) for key, value in node.items()}
    if out.get("type") in ("number", "integer"):
        notes = {key: out.pop(key) for key in _ANNOTATIONS if key in out}
        return {**notes, "anyOf": [out, _range_schema(out)]}
    if out.get("type") == "object":
        # The loader turns such a table into a number before the model sees it.
        out["not"] = {"$ref": f"#/$defs/{_RANGE_SHAPE}"}
        if "patternProperties" in out and "additionalProperties" not in out:
            # A dict keyed by a pattern (option identifiers): pydantic refuses other keys.
            out["additionalProperties"] = False
    return out


def _range_schema(number: dict[str, Any]) -> dict[str, Any]:
    """The range table of a field whose value schema is ``number`` (its bounds apply to each end)."""
    end = copy.deepcopy(number)
    whole = number["type"] == "integer"
    schema: dict[str, Any] = {
        "type": "object",
        "description": "An uncertain value: a 90 % interval (lognormal) or a named distribution.",
        "properties": {
            "low": end,
            "high": end,
            "dist": {"enum": ["lognormal", "uniform", "triangular", "pert"]},
            "mode": {"type": ["number", "null"]},
            "base": {"anyOf": [end, {"type": "null"}]},
        },
        "required": ["low", "high"],
        "additionalProperties": False,
        "allOf": [
            {  # no dist, or "lognormal": a 90 % interval of a positive quantity
                "if": {"properties": {"dist": {"const": "lognormal"}}},
                "then": {"properties": {"low": {"exclusiveMinimum": 0}}},
            },
            {
                "if": {"required": ["mode"], "properties": {"mode": {"type": "number"}}},
                "then": {
                    "required": ["dist"],
                    "properties": {"dist": {"enum": ["triangular", "pert"]}},
                },
            },
        ],
    }
    if whole:
        # The centre of a range is rarely whole; the field takes only a whole number.
        schema["required"] = ["low", "high", "base"]
        schema["properties"]["base"] = end
    return schema
