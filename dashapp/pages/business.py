"""Business case (management): multi-year cash flows, NPV, staged strategy — when the library has it."""

from __future__ import annotations

import importlib.util
from typing import Any

import dash
from dash import html

from dashapp import components as c
from dashapp.i18n import t
from dashapp.pages._common import prepare

PATH = "/business-case"


def business_case_available() -> bool:
    """Whether this version of the library has a business-case module."""
    return any(
        importlib.util.find_spec(name) is not None
        for name in ("bizcase.business_case", "bizcase.business")
    )


def layout(scenario: str | None = None, lang: str | None = None, **_: Any) -> html.Div:
    data = prepare(scenario, lang)
    return html.Div(
        [
            c.page_context("business", data.key, data.lang),
            c.page_header(
                t("nav_business", data.lang), data.key, data.entries, data.lang, data.notice
            ),
            # The library's business-case module is not wired into the app yet.
            c.not_available(data.lang, "not_available_business"),
        ]
    )


def register() -> None:
    dash.register_page(__name__, path=PATH, name="Business case", order=5, layout=layout)
