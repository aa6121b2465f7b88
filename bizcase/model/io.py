"""Reading and writing scenarios: TOML in (standard-library ``tomllib``), TOML and JSON Schema out, atomic saves."""

from __future__ import annotations

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
from bizcase.model.ranges import parse_path, set_path
from bizcase.model.scenario import Scenario

#: The data package that holds the shipped scenario files (``scenarios/`` in the repository).
SHIPPED_PACKAGE = "bizcase.scenarios"


def scenario_from_dict(data: Any, source: str | None = None) -> Scenario:
    """Validate a plain dict (parsed TOML, JSON, a form) into a :class:`Scenario`.

    Raises
    ------
    ScenarioError
        With the source, the field path, the value and the rule of every problem.
    """
    if not isinstance(data, dict):
        prefix = f"{source}: " if source else ""
        raise ScenarioError(
            f"{prefix}a scenario must be a table of keys, got {type(data).__name__}"
        )
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
