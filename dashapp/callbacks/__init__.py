"""Thin callbacks: parse UI values, call the library, build figures, return.

Each module defines plain functions (tests call them directly) and a ``register(app)`` that wires
them to the app, so several apps can be built in one process.
"""

from __future__ import annotations

from dash import Dash

from dashapp.callbacks import (
    business,
    compare,
    delivery,
    design,
    edit,
    library,
    losses,
    profile,
    reports,
    shell,
    sites,
    views,
)


def register_all(app: Dash) -> None:
    """Register every callback of the app."""
    for module in (
        shell,
        edit,
        profile,
        losses,
        library,
        compare,
        delivery,
        design,
        business,
        reports,
        views,
        sites,
    ):
        module.register(app)
