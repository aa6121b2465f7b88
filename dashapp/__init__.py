"""The Dash UI of bizcase (built over the library; the library never imports it).

``create_app(library_dir)`` builds the app; ``bizcase serve`` runs it under waitress.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dash import Dash


def create_app(library_dir: Any = None, **kwargs: Any) -> Dash:
    """Build the Dash app (see :func:`dashapp.app.create_app`)."""
    from dashapp.app import create_app as _create_app

    return _create_app(library_dir, **kwargs)


__all__ = ["create_app"]
