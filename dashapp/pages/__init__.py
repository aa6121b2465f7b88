"""The pages of the app; each module holds its layout and registers itself."""

from __future__ import annotations

from dashapp.pages import business, compare, delivery, design, edit, library, losses


def register_all() -> None:
    """Register every page with Dash (call after the Dash app exists)."""
    for module in (library, losses, edit, compare, delivery, design, business):
        module.register()
