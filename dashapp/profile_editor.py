"""The weekly loss profile on the Edit page: presets and a 7 × 24 hour-of-week grid.

The client's ``loss_profile`` (:class:`bizcase.model.base.Profile`) gives each hour of the week
its loss rate as a share of the peak hour.  The editor shows its 168 values as a grid (days as
rows, hours as columns, coloured by value) and offers a few presets, each a real profile written
the simple way (blocks of hours).  A grid edit becomes the most compact profile that gives
exactly the grid's values (:func:`compact_profile`): blocks of equal values per day when there
are few of them, otherwise the 168 ``hourly`` values.  The callbacks are in
:mod:`dashapp.callbacks.profile`.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
from dash import dash_table, html
from pydantic import ValidationError

from bizcase import Scenario, scenario_from_dict
from bizcase.model.base import Profile, TimeWindow
from bizcase.model.calendar import DAY_NAMES, HOURS_PER_WEEK
from dashapp import ids
from dashapp.fields import parse_number
from dashapp.i18n import format_number, t, translate_rule

HOURS_PER_DAY = 24
#: Most blocks a grid edit is written as; a grid needing more is written as 168 hourly values.
MAX_WINDOWS = 24
#: The presets offered, in the order of their buttons; ``file`` is the profile of the file.
PRESET_KEYS = ("flat", "office", "retail", "shifts", "file")
#: Colour scale of the grid: upper bound of a band (share of the peak) → background, text.
COLOUR_BANDS: tuple[tuple[float, str, str], ...] = (
    (0.1, "#fff0e1", "#000"),
    (0.3, "#fdd5ab", "#000"),
    (0.5, "#fdae6b", "#000"),
    (0.7, "#fd8d3c", "#000"),
    (0.9, "#e6550d", "#fff"),
    (float("inf"), "#a63603", "#fff"),
)
_WEEKDAYS = DAY_NAMES[:5]


def _hour_column(hour: int) -> str:
    return f"h{hour:02d}"


def preset_profiles() -> dict[str, Profile]:
    """The built-in presets (without ``file``), each as blocks of hours at the peak rate and
    nothing outside them.

    >>> {k: float(p.vector().sum()) for k, p in preset_profiles().items()}
    {'flat': 168.0, 'office': 50.0, 'retail': 84.0, 'shifts': 96.0}
    """

    def block(days: Sequence[str], start: int, end: int) -> Profile:
        return Profile(
            windows=(TimeWindow(days=tuple(days), start_hour=start, end_hour=end, weight=1.0),)
        )

    return {
        "flat": block(DAY_NAMES, 0, 24),
        "office": block(_WEEKDAYS, 8, 18),
        "retail": block(DAY_NAMES, 9, 21),
        "shifts": block(DAY_NAMES[:6], 6, 22),
    }


def compact_profile(vector: Sequence[float] | np.ndarray) -> Profile:
    """The simplest profile whose :meth:`~Profile.vector` is exactly ``vector`` (168 values).

    Each run of equal values within a day is a block, equal blocks on several days are one
    block naming those days, and the value leaving the fewest blocks is ``base_weight``.  A grid that
    needs more than :data:`MAX_WINDOWS` blocks is written as its 168 hourly values.

    >>> p = compact_profile(preset_profiles()["office"].vector())
    >>> p.base_weight, [(w.days, w.start_hour, w.end_hour, w.weight) for w in p.windows]
    (0.0, [(('mon', 'tue', 'wed', 'thu', 'fri'), 8, 18, 1.0)])
    >>> compact_profile(np.linspace(0, 1, 168)).hourly is not None
    True
    """
    values = np.asarray(vector, dtype=np.float64)
    if values.shape != (HOURS_PER_WEEK,):
        raise ValueError(f"a week has {HOURS_PER_WEEK} hourly values, not {values.size}")
    runs: list[tuple[str, int, int, float]] = []
    for day_index, day in enumerate(DAY_NAMES):
        day_values = values[day_index * HOURS_PER_DAY : (day_index + 1) * HOURS_PER_DAY]
        # Where a run of equal values starts (hour 0 and every change).
        starts = np.flatnonzero(np.r_[True, day_values[1:] != day_values[:-1]])
        ends = np.r_[starts[1:], HOURS_PER_DAY]
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            runs.append((day, start, end, float(day_values[start])))

    def blocks_over(base: float) -> dict[tuple[int, int, float], list[str]]:
        out: dict[tuple[int, int, float], list[str]] = {}
        for day, start, end, weight in runs:
            if weight != base:
                out.setdefault((start, end, weight), []).append(day)
        return out

    # The base is the value leaving the fewest blocks; among equals, the smallest.
    counts = Counter(weight for *_, weight in runs)
    candidates = sorted(counts, key=lambda v: (-counts[v], v))[:MAX_WINDOWS]
    base = min(candidates, key=lambda v: (len(blocks_over(v)), v))
    blocks = blocks_over(base)
    if not blocks:  # the same value every hour
        return Profile(
            windows=(TimeWindow(days=DAY_NAMES, start_hour=0, end_hour=24, weight=base),)
        )
    if len(blocks) > MAX_WINDOWS:
        return Profile(hourly=tuple(values.tolist()))
    ordered = sorted(blocks.items(), key=lambda item: (DAY_NAMES.index(item[1][0]), item[0]))
    windows = tuple(
        TimeWindow(days=tuple(days), start_hour=start, end_hour=end, weight=weight)
        for (start, end, weight), days in ordered
    )
    return Profile(base_weight=base, windows=windows)


def profile_dict(profile: Profile) -> dict[str, Any]:
    """``profile`` as a scenario dict's ``client.loss_profile`` (only what it sets)."""
    return profile.model_dump(mode="json", exclude_defaults=True)


def with_profile(data: dict[str, Any], profile: Profile) -> Scenario:
    """The scenario of ``data`` (a store's scenario dict) with ``profile`` as its loss profile."""
    changed = copy.deepcopy(data)
    changed.setdefault("client", {})["loss_profile"] = profile_dict(profile)
    return scenario_from_dict(changed)


def day_label(day_index: int, lang: str) -> str:
    """The short name of a day of the week (0 = Monday) in ``lang``."""
    return t(f"day_{DAY_NAMES[day_index]}", lang)


def grid_rows(vector: Sequence[float] | np.ndarray, lang: str) -> list[dict[str, Any]]:
    """The grid's rows: one a day, Monday first, ``h00`` … ``h23`` the hours' values."""
    values = np.asarray(vector, dtype=np.float64).reshape(len(DAY_NAMES), HOURS_PER_DAY)
    return [
        {"day": day_label(d, lang), **{_hour_column(h): values[d, h] for h in range(24)}}
        for d in range(len(DAY_NAMES))
    ]


def grid_columns(lang: str) -> list[dict[str, Any]]:
    """The grid's columns: the day (read-only), then the 24 hours (editable numbers)."""
    # Shown with the page's decimal mark, every digit kept (up to 12 significant).
    number = {"specifier": ".12~g"} | ({"locale": {"decimal": ","}} if lang == "ru" else {})
    hours = [
        # No coercion: a typed value reaches the callback as typed, which names a bad one.
        {"name": f"{h:02d}", "id": _hour_column(h), "type": "numeric", "editable": True}
        | {"on_change": {"action": "none"}, "format": number}
        for h in range(HOURS_PER_DAY)
    ]
    return [{"name": t("profile_day", lang), "id": "day", "editable": False}, *hours]


def grid_styles() -> list[dict[str, Any]]:
    """The grid's colour scale: each hour's cell coloured by its band of the peak share."""
    rules: list[dict[str, Any]] = []
    for h in range(HOURS_PER_DAY):
        column = _hour_column(h)
        low = 0.0
        for high, background, colour in COLOUR_BANDS:
            query = f"{{{column}}} > {low}"
            if np.isfinite(high):
                query += f" && {{{column}}} <= {high}"
            rules.append(
                {
                    "if": {"column_id": column, "filter_query": query},
                    "backgroundColor": background,
                    "color": colour,
                }
            )
            low = high
    return rules


def read_grid(
    rows: Sequence[dict[str, Any]] | None, lang: str
) -> tuple[np.ndarray | None, list[tuple[int, int, object, str]]]:
    """The grid's 168 values, or ``None`` and its bad cells ``(day, hour, value, rule)``.

    A cell must be a number (``0,5`` in Russian) that the profile's own rule accepts (pydantic:
    not negative; values above 1 are hours dearer than the one called the peak, and allowed).
    """
    if not rows or len(rows) != len(DAY_NAMES):
        return None, [(0, 0, None, t("profile_bad_shape", lang))]
    values = np.zeros(HOURS_PER_WEEK)
    problems: list[tuple[int, int, object, str]] = []
    for d, row in enumerate(rows):
        for h in range(HOURS_PER_DAY):
            raw = row.get(_hour_column(h))
            number = parse_number(raw, lang)
            if number is None:
                problems.append((d, h, raw, t("need_number", lang)))
            else:
                values[d * HOURS_PER_DAY + h] = float(number)
    if problems:
        return None, problems
    try:
        Profile(hourly=tuple(values.tolist()))
    except ValidationError as exc:
        for error in exc.errors():
            loc = error.get("loc", ())
            if len(loc) == 2 and isinstance(loc[1], int):
                d, h = divmod(loc[1], HOURS_PER_DAY)
                rule = translate_rule(str(error["msg"]), lang)
                problems.append((d, h, values[loc[1]], rule))
        return None, problems or [(0, 0, None, str(exc))]
    return values, []


def problem_text(problems: Sequence[tuple[int, int, object, str]], lang: str) -> html.Div:
    """The inline message of a grid with bad cells: each names the day, the hour, the value and
    the rule; nothing of the grid is applied."""
    shown = problems[:8]
    items = [
        html.Li(
            t(
                "profile_bad_cell",
                lang,
                day=day_label(d, lang),
                hour=f"{h:02d}",
                value="" if value is None else str(value),
                rule=rule,
            )
        )
        for d, h, value, rule in shown
    ]
    if len(problems) > len(shown):
        items.append(html.Li(t("profile_more", lang, n=len(problems) - len(shown))))
    return html.Div(
        [html.Div(t("profile_not_applied", lang)), html.Ul(items, className="mb-0")],
        className="profile-error field-error text-danger",
    )


def active_preset(vector: np.ndarray, file_vector: np.ndarray | None) -> str | None:
    """The preset (or ``file``) whose week is exactly ``vector``; ``None`` for a custom one."""
    if file_vector is not None and np.array_equal(vector, file_vector):
        return "file"
    for key, profile in preset_profiles().items():
        if np.array_equal(vector, profile.vector()):
            return key
    return None


def summary(vector: np.ndarray, lang: str) -> str:
    """The week at a glance: its full-loss hours (the sum of the shares) and its peak."""
    return t(
        "profile_summary",
        lang,
        hours=format_number(float(vector.sum()), lang, 1),
        peak=format_number(float(vector.max()), lang, 2),
    )


def section(scenario: Scenario, file_profile: Profile | None, lang: str) -> html.Div:
    """The Edit page's loss-profile section: presets, the grid and its inline message."""
    vector = scenario.client.loss_profile.vector()
    file_vector = file_profile.vector() if file_profile is not None else None
    active = active_preset(vector, file_vector)
    buttons = [
        dbc.Button(
            t(f"profile_preset_{key}", lang),
            id=ids.profile_preset(key),
            color="primary",
            outline=key != active,
            size="sm",
            className="profile-preset",
        )
        for key in PRESET_KEYS
    ]
    return html.Div(
        [
            html.H4(t("profile_title", lang), className="mt-4"),
            html.P(t("profile_help", lang), className="text-muted small-note"),
            html.Div(
                [html.Span(t("profile_presets", lang), className="me-2"), *buttons],
                className="profile-presets d-flex flex-wrap gap-2 align-items-center mb-2",
            ),
            dash_table.DataTable(
                id=ids.PROFILE_GRID,
                columns=grid_columns(lang),
                data=grid_rows(vector, lang),
                editable=True,
                style_data_conditional=grid_styles(),
                style_cell={
                    "textAlign": "center",
                    "padding": "2px 3px",
                    "minWidth": "36px",
                    "fontSize": "0.8rem",
                },
                style_header={"fontWeight": "600"},
                style_table={"overflowX": "auto"},
            ),
            html.Div(summary(vector, lang), id=ids.PROFILE_SUMMARY, className="text-muted mt-1"),
            html.Div(id=ids.PROFILE_MESSAGE),
        ],
        className="profile-editor",
        id=ids.PROFILE_SECTION,
    )
