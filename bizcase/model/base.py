"""The building blocks of every scenario part: the frozen base model, durations, weekly windows.

Durations are given as a **median and a 90th percentile** ("typical" and "bad case"); the engine
fits a lognormal to the two (:func:`lognormal_params`).  Validation errors of any part become one
:class:`~bizcase.model.errors.ScenarioError` naming the field, the value and the rule
(:func:`scenario_error_from_validation`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Annotated, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from bizcase.model.calendar import DAY_NAMES, HOURS_PER_WEEK, hours_mask
from bizcase.model.errors import InputError, ScenarioError
from bizcase.model.limits import MAX_DURATION_HOURS, MAX_P90_TO_MEDIAN

PRIORITIES: tuple[str, ...] = ("critical", "major", "minor", "technical")


Priority = Literal["critical", "major", "minor", "technical"]


STAGES: tuple[str, ...] = (
    "detection",
    "response",
    "diagnosis",
    "travel",
    "second_line",
    "repair",
)


#: z-score of the 90th percentile of the standard normal distribution.
Z90 = 1.2815515655446004


Share = Annotated[float, Field(ge=0.0, le=1.0)]


NonNegative = Annotated[float, Field(ge=0.0)]


Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Money = Annotated[float, Field(gt=0.0)]


class FrozenModel(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected, NaN and infinity rejected."""

    # strict: a string ("12") or a boolean (true) where a number goes is an error naming the
    # field, never read as 12.0 or 1.0; an integer where a float goes is still a number.
    # Sequences are declared with ``strict=False`` so that TOML's and JSON's lists fill tuples.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)


def lognormal_params(median_hours: float, p90_hours: float) -> tuple[float, float]:
    """Fit a lognormal to a median and a 90th percentile.

    Parameters
    ----------
    median_hours : float
        The median duration, hours (> 0).
    p90_hours : float
        The 90th percentile, hours (>= median).

    Returns
    -------
    (mu, sigma) : tuple of float
        Mean and standard deviation of ``ln(duration)``.

    Notes
    -----
    ``mu = ln(median)`` and ``sigma = (ln(P90) − ln(median)) / z₀.₉`` with ``z₀.₉ = 1.28155``.
    The mean duration is ``exp(mu + sigma²/2)``.

    Examples
    --------
    >>> mu, sigma = lognormal_params(1.9325, 8.0598)
    >>> round(mu, 4), round(sigma, 4)
    (0.6588, 1.1143)
    """
    if not (median_hours > 0 and math.isfinite(median_hours)):
        raise InputError(f"median_hours = {median_hours!r}: must be a finite number > 0")
    if not (p90_hours >= median_hours and math.isfinite(p90_hours)):
        raise InputError(f"p90_hours = {p90_hours!r}: must be finite and >= median_hours")
    mu = math.log(median_hours)
    return mu, (math.log(p90_hours) - mu) / Z90


class Duration(FrozenModel):
    """A random duration given by its median and 90th percentile, in hours (lognormal fit).

    ``median_hours = p90_hours`` gives a fixed duration; both 0 gives a stage that takes no time.
    """

    median_hours: NonNegative = Field(
        le=MAX_DURATION_HOURS, description="Typical duration, hours (the 50th percentile)."
    )
    p90_hours: NonNegative = Field(
        le=MAX_DURATION_HOURS,
        description="Bad-case duration, hours: 9 times in 10 it is shorter (the 90th percentile).",
    )

    @model_validator(mode="after")
    def _p90_not_below_median(self) -> Duration:
        if self.p90_hours < self.median_hours:
            raise ValueError(
                f"p90_hours ({self.p90_hours}) must be >= median_hours ({self.median_hours})"
            )
        if self.median_hours == 0 and self.p90_hours > 0:
            raise ValueError("median_hours is 0 but p90_hours is not: give both 0 for no time")
        if self.p90_hours > MAX_P90_TO_MEDIAN * self.median_hours:
            raise ValueError(
                f"p90_hours ({self.p90_hours:g}) must be at most {MAX_P90_TO_MEDIAN:,.0f} × "
                f"median_hours ({self.median_hours:g}): a wider spread puts the distribution's "
                "tail beyond any calendar"
            )
        return self

    @property
    def mu_sigma(self) -> tuple[float, float]:
        """``(mu, sigma)`` of ``ln(hours)``; ``mu = -inf`` for a zero duration."""
        if self.median_hours == 0:
            return -math.inf, 0.0
        return lognormal_params(self.median_hours, self.p90_hours)

    @property
    def mean_hours(self) -> float:
        """Expected duration, hours: ``exp(mu + sigma²/2)``."""
        mu, sigma = self.mu_sigma
        return 0.0 if self.median_hours == 0 else math.exp(mu + sigma * sigma / 2)


class TimeWindow(FrozenModel):
    """A block of hours on some days of the week, with a weight."""

    days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] = Field(
        strict=False, min_length=1, description="Days of the week, e.g. ['mon', 'tue']."
    )
    start_hour: int = Field(ge=0, le=23, description="First hour of the block, 0–23.")
    end_hour: int = Field(ge=1, le=24, description="Hour the block ends (exclusive), 1–24.")
    weight: NonNegative = Field(
        default=1.0,
        description="Value inside the block (loss profiles: share of the peak loss rate; "
        "coverage windows: must be 1).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end_hour <= self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour}) must be after start_hour ({self.start_hour})"
            )
        return self


class Profile(FrozenModel):
    """A weekly profile: a preset, blocks of hours, or 168 hourly values (Monday 00:00 first).

    Presets: ``24x7`` (every hour 1), ``business_hours`` (Mon–Fri 09–18 = 1, else 0),
    ``extended_hours`` (Mon–Fri 08–20), ``none`` (all 0, then add ``windows``).
    """

    preset: Literal["24x7", "business_hours", "extended_hours", "none"] | None = Field(
        default=None, description="Named profile; combine with windows to add blocks on top."
    )
    base_weight: NonNegative = Field(
        default=0.0, description="Value of hours not covered by the preset or a window."
    )
    windows: tuple[TimeWindow, ...] = Field(
        strict=False,
        default=(),
        description="Blocks of hours; a later block overrides an earlier one.",
    )
    hourly: tuple[NonNegative, ...] | None = Field(
        strict=False,
        default=None,
        description="168 hourly values, Monday 00:00 first; excludes the rest.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> Profile:
        if self.hourly is not None:
            if len(self.hourly) != HOURS_PER_WEEK:
                raise ValueError(f"hourly has {len(self.hourly)} values: a week needs 168")
            if self.preset is not None or self.windows:
                raise ValueError("give either hourly values or preset/windows, not both")
        elif self.preset is None and not self.windows:
            raise ValueError("give a preset, windows, or 168 hourly values")
        return self

    def vector(self) -> np.ndarray:
        """The 168 hourly values of this profile (a fresh array the caller may change)."""
        return _profile_vector(self).copy()


@lru_cache(maxsize=1024)
def window_facts(profile: Profile) -> tuple[bool, float]:
    """Whether every hour of ``profile`` is 0 or 1, and the sum of its hours: what the window
    checks read, once per distinct profile (they run on every validation pass).

    Examples
    --------
    >>> window_facts(Profile(preset="business_hours"))
    (True, 45.0)
    >>> window_facts(Profile(preset="24x7", base_weight=0.5))
    (True, 168.0)
    """
    values = _profile_vector(profile)
    return bool(np.all((values == 0.0) | (values == 1.0))), float(values.sum())


@lru_cache(maxsize=1024)
def _profile_vector(profile: Profile) -> np.ndarray:
    # By value (a frozen model hashes and compares by its fields): validating one scenario reads
    # the same few windows ~20 times per pass, and a file with ranges is validated once per range
    # end, so each window is built once.  Read-only: callers get copies.
    if profile.hourly is not None:
        values = np.asarray(profile.hourly, dtype=np.float64)
    else:
        values = np.full(HOURS_PER_WEEK, profile.base_weight)
        weekdays = DAY_NAMES[:5]
        if profile.preset == "24x7":
            values[:] = 1.0
        elif profile.preset == "business_hours":
            values[hours_mask(weekdays, 9, 18) > 0] = 1.0
        elif profile.preset == "extended_hours":
            values[hours_mask(weekdays, 8, 20) > 0] = 1.0
        for window in profile.windows:
            mask = hours_mask(window.days, window.start_hour, window.end_hour)
            values[mask > 0] = window.weight
    values.flags.writeable = False
    return values


class FieldProblem(ValueError):
    """A rule broken at a field path that pydantic cannot locate itself (ranges, cross-field rules).

    ``relative=True`` reads ``path`` from the model that raised it (``"units"`` in a device
    class becomes ``inventory[2].units``); otherwise it is the path from the scenario's top.
    """

    def __init__(self, path: str, value: object, rule: str, *, relative: bool = False) -> None:
        super().__init__(f"{path}: {rule}")
        self.path, self.value, self.rule = path, value, rule
        self.relative = relative


def _format_loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "(top level)"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def scenario_error_from_validation(
    exc: ValidationError, source: str | None = None
) -> ScenarioError:
    """Turn pydantic's ``ValidationError`` into a :class:`ScenarioError`, one problem per line."""
    problems: list[tuple[str, object, str]] = []
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        path = _format_loc(loc)
        rule = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, FieldProblem):
            inner = f"{path}.{cause.path}" if cause.relative and loc else cause.path
            path, value, rule = inner, cause.value, cause.rule
        if err["type"] == "missing":
            lines.append(f"{path}: required field is missing")
        elif err["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown key (check the spelling; allowed keys are documented)")
        else:
            lines.append(f"{path} = {_short(value)}: {rule}")
        problems.append((path, value, rule))
    prefix = f"{source}: " if source else ""
    header = f"{prefix}invalid scenario ({len(lines)} problem{'s' if len(lines) > 1 else ''})"
    message = header + "\n" + "\n".join(f"  {prefix}{line}" for line in lines)
    return ScenarioError(message, problems)
