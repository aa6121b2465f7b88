"""Uncertain inputs: any number in a scenario may be written as a range instead of a value.

``revenue_at_risk_per_hour = { low = 12000, high = 22000 }`` reads "90 % sure it lies between
12,000 and 22,000": by default a lognormal whose 5th and 95th percentiles are ``low`` and
``high`` (for positive quantities).  Naming a distribution reads ``low`` and ``high`` as its
bounds instead: ``dist = "uniform"``, ``"triangular"`` or ``"pert"`` (both with an optional
``mode``).  ``base`` sets the point value used by single runs; it defaults to the median of a
lognormal, the middle of a uniform, or the mode of a triangular or PERT distribution.

This module only knows about dicts and distributions; :mod:`bizcase.model` uses it to pull
ranges out of a scenario before validation (the model then holds plain numbers) and to put them
back when saving.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

#: z-score of the 95th percentile: a 90 % interval is ±1.6449 standard deviations.
Z95 = 1.6448536269514722
RANGE_KEYS = frozenset({"low", "high", "dist", "mode", "base"})

Path = tuple[str | int, ...]


class Range(BaseModel):
    """An uncertain number: a 90 % interval (lognormal) or the bounds of a named distribution.

    Examples
    --------
    >>> r = Range(low=10.0, high=40.0)
    >>> round(r.base_value, 3), round(float(r.ppf(0.05)), 3), round(float(r.ppf(0.95)), 3)
    (20.0, 10.0, 40.0)
    >>> Range(low=0.0, high=1.0, dist="uniform").base_value
    0.5

    A zero-width range (``low == high``) is that constant.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)

    low: float = Field(description="5th percentile (lognormal) or lower bound (named dists).")
    high: float = Field(description="95th percentile (lognormal) or upper bound (named dists).")
    dist: Literal["lognormal", "uniform", "triangular", "pert"] = Field(
        default="lognormal", description="Shape of the uncertainty."
    )
    mode: float | None = Field(
        default=None, description="Most likely value (triangular, PERT); default the midpoint."
    )
    base: float | None = Field(
        default=None,
        description="Point value for single runs (default: the distribution's centre).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        if self.dist == "lognormal" and self.low <= 0:
            raise ValueError(
                f"low ({self.low}) must be > 0 for the default lognormal 90 % interval; "
                "for a quantity that can be 0 name dist = 'uniform', 'triangular' or 'pert'"
            )
        if self.mode is not None:
            if self.dist not in ("triangular", "pert"):
                raise ValueError("mode applies only to dist = 'triangular' or 'pert'")
            if not self.low <= self.mode <= self.high:
                raise ValueError(f"mode ({self.mode}) must lie between low and high")
        if self.base is not None and self.dist != "lognormal":
            if not self.low <= self.base <= self.high:
                raise ValueError(f"base ({self.base}) must lie between low and high")
        return self

    @property
    def mode_value(self) -> float:
        """Most likely value of a triangular or PERT range (the midpoint unless given)."""
        return (self.low + self.high) / 2 if self.mode is None else self.mode

    @property
    def base_value(self) -> float:
        """The point value used when the scenario runs without uncertainty."""
        if self.base is not None:
            return self.base
        if self.dist == "lognormal":
            return math.sqrt(self.low * self.high)
        if self.dist == "uniform":
            return (self.low + self.high) / 2
        return self.mode_value

    def frozen_distribution(self) -> Any:
        """The scipy.stats frozen distribution of this range (a zero-width range: a point)."""
        # Imported here: reading a scenario (and `bizcase --help`) should not load scipy.
        from scipy import stats

        if self.low == self.high:
            return stats.uniform(loc=self.low, scale=0.0)
        if self.dist == "lognormal":
            mu = (math.log(self.low) + math.log(self.high)) / 2
            sigma = (math.log(self.high) - math.log(self.low)) / (2 * Z95)
            return stats.lognorm(s=sigma, scale=math.exp(mu))
        width = self.high - self.low
        if self.dist == "uniform":
            return stats.uniform(loc=self.low, scale=width)
        c = (self.mode_value - self.low) / width
        if self.dist == "triangular":
            return stats.triang(c=c, loc=self.low, scale=width)
        # PERT: Beta(1 + 4c, 1 + 4(1 − c)) on [low, high] (the classic λ = 4).
        return stats.beta(1 + 4 * c, 1 + 4 * (1 - c), loc=self.low, scale=width)

    def ppf(self, q: ArrayLike) -> NDArray[np.float64]:
        """Quantiles of the range at probabilities ``q`` (vectorised).

        Notes
        -----
        Lognormal: ``exp(mu + sigma·Φ⁻¹(q))`` with ``mu = (ln low + ln high)/2`` and
        ``sigma = (ln high − ln low) / (2 · 1.6449)``, so ``ppf(0.05) = low`` and
        ``ppf(0.95) = high``.
        """
        return np.asarray(self.frozen_distribution().ppf(q), dtype=np.float64)


def is_range_table(value: object) -> bool:
    """True for a dict that reads as a range: has ``low`` and ``high`` and only range keys."""
    return (
        isinstance(value, dict)
        and "low" in value
        and "high" in value
        and set(value).issubset(RANGE_KEYS)
    )


def format_path(path: Path) -> str:
    """``("options", "x", "annual_fee")`` → ``"options.x.annual_fee"``; list items as ``[i]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


def parse_path(text: str) -> Path:
    """Inverse of :func:`format_path`."""
    parts: list[str | int] = []
    for chunk in text.split("."):
        name, _, rest = chunk.partition("[")
        if name:
            parts.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            parts.append(int(index))
            rest = rest.removeprefix("[")
    return tuple(parts)


def whole_as_int(value: float) -> float | int:
    """A whole float as an int, so that a range's value may stand for an integer field.

    Strict integer fields (trials, units) refuse ``2000.0``; float fields take ``2000`` as well.
    """
    return int(value) if math.isfinite(value) and float(value).is_integer() else value


def extract_ranges(data: Any, path: Path = ()) -> tuple[Any, dict[Path, dict[str, Any]]]:
    """Copy ``data`` with every range table replaced by its raw table, collected by path.

    Returns ``(plain_data, ranges)``: ``plain_data`` still holds the range tables' positions,
    filled with their base value where the table is valid; ``ranges`` maps each path to the raw
    table (validated by the caller, who can name the path in its error).
    """
    found: dict[Path, dict[str, Any]] = {}
    if is_range_table(data):
        found[path] = data
        try:
            return whole_as_int(Range.model_validate(data).base_value), found
        except Exception:  # reported by the caller with the path; keep the table as the value
            return data, found
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            out[key], sub = extract_ranges(value, (*path, key))
            found.update(sub)
        return out, found
    if isinstance(data, list | tuple):
        items = []
        for i, value in enumerate(data):
            item, sub = extract_ranges(value, (*path, i))
            items.append(item)
            found.update(sub)
        return items, found
    return data, found


def set_path(data: Any, path: Path, value: Any) -> Any:
    """A copy of nested dicts/lists ``data`` with ``value`` at ``path`` (only the path copied)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if not isinstance(head, str) or head not in copy:
            raise KeyError(format_path(path))
        copy[head] = set_path(copy[head], rest, value)
        return copy
    if isinstance(data, list | tuple) and isinstance(head, int) and 0 <= head < len(data):
        items = list(data)
        items[head] = set_path(items[head], rest, value)
        return items
    raise KeyError(format_path(path))


def get_path(data: Any, path: Path) -> Any:
    """The value at ``path`` in nested dicts/lists."""
    for part in path:
        data = data[part]
    return data
