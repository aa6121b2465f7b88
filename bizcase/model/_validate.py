"""Argument checks shared by the numeric modules (queueing, spares): every failure is an
:class:`~bizcase.model.errors.InputError` naming the argument, the offending value and the rule."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from bizcase.model.errors import InputError

FloatArray = npt.NDArray[np.float64]


def where_bad(name: str, raw: npt.NDArray[np.generic], bad: npt.NDArray[np.bool_]) -> str:
    """``name = value`` for a scalar, ``name[i, j] = value`` for the first bad array element."""
    if raw.ndim == 0:
        return f"{name} = {raw.item()!r}"
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return f"{name}[{', '.join(map(str, index))}] = {raw[index].item()!r}"


def to_float(
    name: str, value: npt.ArrayLike, rule: str
) -> tuple[npt.NDArray[np.generic], FloatArray]:
    """``value`` as given and as floats; booleans and non-numbers are refused."""
    try:
        raw = np.asarray(value)
        real = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} = {value!r}: not a number; {rule}") from exc
    if raw.dtype == np.bool_:
        raise InputError(f"{name} = {value!r}: a boolean, not a number; {rule}")
    return raw, real


def as_real(
    name: str,
    value: npt.ArrayLike,
    *,
    rule: str,
    low: float = 0.0,
    low_inclusive: bool = True,
    high: float = math.inf,
    high_inclusive: bool = False,
) -> FloatArray:
    """Convert ``value`` to a float array and check it is finite and within the bounds.

    Examples
    --------
    >>> as_real("rate", [1.0, 2.0], rule="must be >= 0").tolist()
    [1.0, 2.0]
    >>> as_real("rate", [1.0, -2.0], rule="must be >= 0")
    Traceback (most recent call last):
    bizcase.model.errors.InputError: rate[1] = -2.0: must be >= 0
    """
    raw, real = to_float(name, value, rule)
    with np.errstate(invalid="ignore"):
        too_low = real < low if low_inclusive else real <= low
        too_high = real > high if high_inclusive else real >= high
        bad = ~np.isfinite(real) | too_low | too_high
    if np.any(bad):
        raise InputError(f"{where_bad(name, raw, bad)}: {rule}")
    return real


def broadcast_named(**arrays: FloatArray) -> tuple[FloatArray, ...]:
    """Broadcast the named arrays together or raise an InputError naming them and their shapes."""
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError as exc:
        described = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise InputError(f"shapes do not broadcast together: {described}") from exc
    return tuple(np.broadcast_to(a, shape) for a in arrays.values())


def is_scalar(*values: npt.ArrayLike) -> bool:
    """True when every value is a scalar (0-d)."""
    return all(np.ndim(v) == 0 for v in values)


def as_output(result: FloatArray, scalar: bool) -> float | FloatArray:
    """A float for scalar inputs, else a float64 array: scalar in, scalar out."""
    return float(result) if scalar else np.asarray(result, dtype=np.float64)
