"""Shared state helpers: the library of the running app and the working-scenario store's JSON.

The working scenario lives in the browser (a session ``dcc.Store``), as JSON::

    {"key": "manufacturing", "scenario": {...scenario_to_dict...}, "dirty": false, "invalid": false}

The server keeps nothing per user: the library is a pair of folders from the app's config.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

import flask

from bizcase import Scenario, scenario_from_dict
from bizcase.model import scenario_to_dict
from dashapp.i18n import normalise_lang
from dashapp.library import Library, LibraryError

CONFIG_KEY = "BIZCASE_LIBRARY"


def current_library() -> Library:
    """The library of the app serving this request."""
    return Library(**flask.current_app.config[CONFIG_KEY])


def dump(scenario: Scenario) -> dict[str, Any]:
    """A scenario as the JSON the stores hold (uncertain inputs kept as their ranges)."""
    return scenario_to_dict(scenario)


def points(scenario: Scenario) -> dict[str, Any]:
    """The scenario's point values (a range's base value), as the form shows them."""
    return scenario.model_dump(mode="json")


def working_from_library(library: Library, key: str) -> dict[str, Any]:
    """A fresh working-scenario store for library entry ``key``."""
    return {"key": key, "scenario": dump(library.load(key)), "dirty": False, "invalid": False}


def edited_working(working: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """The working store after a valid edit: ``scenario`` as its JSON, dirty unless it equals
    the library's copy of the key (dirty too when the key has none), the link it came from kept
    (a reload must not apply it again)."""
    data = dump(scenario)
    try:
        dirty = data != dump(current_library().load(working["key"]))
    except LibraryError:
        dirty = True
    new = {"key": working["key"], "scenario": data, "dirty": dirty, "invalid": False}
    if "shared" in working:
        new["shared"] = working["shared"]
    return new


def scenario_of(working: dict[str, Any] | None) -> Scenario | None:
    """The validated scenario of a working store (``None`` for an empty or damaged store)."""
    if not working or "scenario" not in working:
        return None
    try:
        return scenario_from_dict(working["scenario"])
    except ValueError:
        return None


def resolve_key(library: Library, key: str | None) -> tuple[str | None, str | None]:
    """``(key to show, unknown key asked for)``: falls back to the default scenario."""
    if key:
        try:
            library.find(key)
            return key, None
        except LibraryError:
            return library.default_key(), key
    return library.default_key(), None


def parse_search(search: str | None) -> dict[str, str]:
    """``?scenario=a&lang=ru`` → ``{"scenario": "a", "lang": "ru"}`` (first value of each)."""
    parsed = parse_qs((search or "").lstrip("?"))
    return {k: v[0] for k, v in parsed.items() if v}


def make_search(params: Mapping[str, str | None]) -> str:
    """The query string of ``params`` without empty values; English is the default language.

    >>> make_search({"scenario": "a b", "lang": "en", "x": None})
    '?scenario=a+b'
    >>> make_search({"scenario": "a", "lang": "ru"})
    '?scenario=a&lang=ru'
    """
    clean = {k: v for k, v in params.items() if v}
    if clean.get("lang") and normalise_lang(clean["lang"]) == "en":
        clean.pop("lang")
    return "?" + urlencode(clean) if clean else ""
