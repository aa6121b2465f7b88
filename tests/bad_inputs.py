"""A deterministic generator of bad scenario files: one or more per class of bad input.

Every file derives from a shipped scenario (``scenarios/manufacturing.toml``) by a seeded
mutation, so the suite needs no hand-kept blobs and the same seed always gives the same bytes.
``expect`` says what the loader must do: ``"error"`` (a :class:`~bizcase.ScenarioError` naming
the file and, for a broken rule, the field) or ``"valid"`` (absurd but valid: the loader accepts
it, and every command must then finish with exit status 0 or 2, never a traceback).
"""

from __future__ import annotations

import copy
import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "manufacturing.toml"
SEED = 20_251_010

Leaf = tuple[str | int, ...]


@dataclass(frozen=True)
class BadInput:
    """One generated file: its class, a name, the bytes, and what the loader must do."""

    klass: str
    name: str
    content: bytes
    expect: Literal["error", "valid"]
    #: A field the message must name (``""``: the file itself is the problem).
    field: str = ""

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.klass}-{self.name}.toml"
        path.write_bytes(self.content)
        return path


def base_data() -> dict[str, Any]:
    """The shipped scenario as parsed TOML (ranges still as tables)."""
    return tomllib.loads(BASE.read_text(encoding="utf-8"))


def _numbers(data: Any, path: Leaf = ()) -> Iterator[Leaf]:
    """Paths of every number (not a boolean) in nested dicts and lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _numbers(value, (*path, i))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield path


def _dotted(path: Leaf) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


def _set(data: dict[str, Any], path: Leaf, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _toml(data: dict[str, Any]) -> bytes:
    return tomli_w.dumps(data).encode("utf-8")


def _field_of(path: Leaf) -> str:
    """The field a message names for a number at ``path``: a range's number names the range."""
    parts = [p for p in path if p not in ("low", "high", "mode", "base")]
    return _dotted(tuple(parts))


def generate(seed: int = SEED, per_class: int = 3) -> list[BadInput]:
    """Every class of bad input, ``per_class`` seeded variants where the class has variants."""
    rng = random.Random(seed)
    data = base_data()
    leaves = sorted(_numbers(data), key=_dotted)
    out: list[BadInput] = []

    def pick() -> Leaf:
        return leaves[rng.randrange(len(leaves))]

    for i in range(per_class):
        path = pick()
        out.append(
            BadInput(
                "string_number", f"{i}", _toml(_set(data, path, "12")), "error", _field_of(path)
            )
        )
        path = pick()
        out.append(
            BadInput("boolean", f"{i}", _toml(_set(data, path, True)), "error", _field_of(path))
        )
        path = pick()
        swapped = rng.choice([["a", "list"], {"a": "table"}, "not a number"])
        out.append(
            BadInput(
                "type_swap", f"{i}", _toml(_set(data, path, swapped)), "error", _field_of(path)
            )
        )
        key = rng.choice(["revenue_at_risk_per_huor", "anual_rate", "con", "nul"])
        table = rng.choice([("client",), ("incidents", "critical"), ("business_case",)])
        typo = _set(data, (*table, key), 1.0)
        out.append(BadInput("unknown_key", f"{i}", _toml(typo), "error", _dotted((*table, key))))

    out += [
        BadInput(
            "huge_rate",
            "1e19",
            _toml(_set(data, ("incidents", "minor", "annual_rate"), 1e19)),
            "error",
            "incidents.minor.annual_rate",
        ),
        BadInput(
            "huge_units",
            "1e12",
            _toml(_set(data, ("inventory", 0, "units"), 10**12)),
            "error",
            "inventory[0].units",
        ),
        BadInput(
            "huge_duration",
            "p90-1e13",
            _toml(_set(data, ("options", "nbd_8x5", "stages", "repair", "p90_hours"), 1e13)),
            "error",
            "options.nbd_8x5.stages.repair.p90_hours",
        ),
        BadInput(
            "deep_nesting",
            "array-1000",
            b"name = 'x'\ndeep = " + b"[" * 1000 + b"]" * 1000 + b"\n",
            "error",
        ),
        BadInput(
            "deep_nesting",
            "tables-200",
            _toml(data) + b"\n[" + b".".join([b"t"] * 200) + b"]\nx = 1\n",
            "error",
        ),
        BadInput("garbage", "bytes", bytes(rng.randrange(256) for _ in range(4096)), "error"),
        BadInput(
            "not_utf8",
            "latin1",
            _toml(_set(data, ("name",), "Usine de Sévérac"))
            .decode()
            .encode("latin-1", errors="replace"),
            "error",
        ),
        BadInput("empty", "zero-bytes", b"", "error"),
        BadInput("empty", "blank", b"  \n\n# only a comment\n", "error"),
        BadInput(
            "wrong_table",
            "incidents-number",
            _toml(_set(data, ("incidents",), 3)),
            "error",
            "incidents",
        ),
        BadInput(
            "wrong_table",
            "options-list",
            _toml(_set(data, ("options",), [1, 2])),
            "error",
            "options",
        ),
        BadInput("wrong_table", "top-array", b"[[client]]\nname = 'x'\n", "error", "client"),
    ]

    absurd = [
        ("revenue-1e300", ("client", "revenue_at_risk_per_hour"), 1e300),
        ("rate-9e5", ("incidents", "minor", "annual_rate"), 9e5),
        ("fee-1e15", ("options", "support_24x7x4", "annual_fee"), 1e15),
        ("rates-zero", ("incidents", "critical", "annual_rate"), 0.0),
        ("lead-time-10y", ("inventory", 0, "lead_time_days"), 3650.0),
    ]
    for name, path, value in absurd:
        out.append(BadInput("absurd_valid", name, _toml(_set(data, path, value)), "valid"))
    units = _set(data, ("inventory", 0, "units"), 9_000_000)
    units = _set(units, ("inventory", 0, "annual_failure_rate"), 0.1)
    units = _placed_on_the_sites(units, 0)
    out.append(BadInput("absurd_valid", "units-9e6", _toml(units), "valid"))
    slow = _set(
        data,
        ("options", "nbd_8x5", "stages", "repair"),
        {"median_hours": 87.6, "p90_hours": 87_600.0},
    )
    out.append(BadInput("absurd_valid", "repair-10y", _toml(slow), "valid"))
    return out


CLASSES = (
    "string_number",
    "boolean",
    "type_swap",
    "unknown_key",
    "huge_rate",
    "huge_units",
    "huge_duration",
    "deep_nesting",
    "garbage",
    "not_utf8",
    "empty",
    "wrong_table",
    "absurd_valid",
)


def _placed_on_the_sites(data: dict[str, Any], index: int) -> dict[str, Any]:
    """``data`` with inventory class ``index``'s units placed in full on the sites that list it.

    The sites must hold every unit of a class they list: the units missing go to the first.
    """
    device = data["inventory"][index]
    holders = [s for s in data.get("sites", []) if device["name"] in s.get("devices", {})]
    if not holders:
        return data
    data = copy.deepcopy(data)
    sites = [s for s in data["sites"] if device["name"] in s.get("devices", {})]
    placed = sum(s["devices"][device["name"]] for s in sites)
    sites[0]["devices"][device["name"]] += device["units"] - placed
    return data
