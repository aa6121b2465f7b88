"""The view in the address bar: each page's choices as query parameters, so that a reload, the
back button and a shared link reopen the same view (``/business-case?scenario=a&option=x&
ledger=client&contracts=3``).  Each page writes through its own ``dcc.Location`` with
``refresh=False``: the address changes, the page is not rendered again."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from dashapp import ids
from dashapp.state import make_search, parse_search, scenario_of


def contracts_of(working: dict[str, Any] | None, page: dict[str, Any] | None) -> str | None:
    """The working scenario's contracts served, when it is the page's scenario."""
    if not working or not page or working.get("key") != page.get("scenario"):
        return None
    scenario = scenario_of(working)
    delivery = getattr(scenario, "delivery", None)
    return None if delivery is None else str(delivery.contracts)


def view_search(search: str | None, choices: dict[str, str | None]) -> Any:
    """``search`` with ``choices`` set (``None`` keeps a parameter as it is); ``no_update``
    when nothing changes.

    >>> view_search("?scenario=a", {"option": "x", "contracts": "3"})
    '?scenario=a&option=x&contracts=3'
    >>> from dash import no_update
    >>> view_search("?scenario=a&option=x", {"option": "x", "contracts": None}) is no_update
    True
    """
    params: dict[str, str | None] = dict(parse_search(search))
    params.update({k: v for k, v in choices.items() if v is not None})
    new = make_search(params)
    return new if new != make_search(parse_search(search)) else no_update


def delivery_view(
    option: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    search: str | None,
) -> Any:
    """Delivery: the option shown and the contracts served."""
    if not page:
        raise PreventUpdate
    return view_search(search, {"option": option, "contracts": contracts_of(working, page)})


def business_view(
    option: str | None,
    ledger: str | None,
    working: dict[str, Any] | None,
    page: dict[str, Any] | None,
    search: str | None,
) -> Any:
    """Business case: the option, the ledger (integrator or client) and the contracts served."""
    if not page:
        raise PreventUpdate
    return view_search(
        search, {"option": option, "ledger": ledger, "contracts": contracts_of(working, page)}
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.DELIVERY_URL, "search"),
        Input(ids.DELIVERY_OPTION, "value"),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.DELIVERY_URL, "search"),
    )(delivery_view)
    app.callback(
        Output(ids.BIZ_URL, "search"),
        Input(ids.BIZ_OPTION, "value"),
        Input(ids.BIZ_SIDE, "value"),
        Input(ids.WORKING, "data"),
        State(ids.PAGE, "data"),
        State(ids.BIZ_URL, "search"),
    )(business_view)
