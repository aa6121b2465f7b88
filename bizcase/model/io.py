"""Reading and writing scenarios: TOML in (standard-library ``tomllib``), TOML and JSON Schema out, atomic saves."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import (
    ValidationError,
)

from bizcase.model.base import scenario_error_from_validation
from bizcase.model.errors import ScenarioError
from bizcase.model.limits import MAX_NESTING_DEPTH
from bizcase.model.ranges import format_path, parse_path, set_path
from bizcase.model.scenario import Scenario


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
    >>> from pathlib import Path
    >>> s = load_scenario(Path(__file__).parents[2] / "scenarios" / "manufacturing.toml")
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


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON-able data, with its ranges back in place of their base values."""
    data: Any = scenario.model_dump(mode="json", exclude_none=True)
    for text, rng in scenario.ranges.items():
        data = set_path(data, parse_path(text), rng.model_dump(exclude_none=True))
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


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file (for editors and validators)."""
    return Scenario.model_json_schema()
