"""Saving a scenario into the text of its original file: comments, order and layout kept.

A consultant's sourced notes (``# Gartner 2014 …``) live as comments in the scenario file; a save
from the app must not drop them.  The original text is parsed with tomlkit (a format-preserving
TOML library) and only the values that changed are written into it: a value equal to the
original's stays byte for byte, a new value is added to its table, a removed key is deleted.
The result is read back with the standard library and checked to be the scenario being saved;
if it is not (a layout tomlkit cannot update in place), the plain serialisation is used.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from bizcase import Scenario, parse_scenario_toml, scenario_to_toml
from bizcase.model import scenario_to_dict


def _container(value: Any) -> bool:
    return isinstance(value, dict | Table | InlineTable)


def _merge(node: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Write into the tomlkit ``node`` what differs between ``old`` and ``new`` (plain dicts)."""
    for key in list(old):
        if key not in new and key in node:
            del node[key]
    for key, value in new.items():
        before = old.get(key)
        if before == value and key in node:
            continue
        if key not in node:
            if before == value:
                continue  # a default the file never wrote: leave it unwritten
            node[key] = _fresh(value, inline=isinstance(node, InlineTable))
            continue
        current = node[key]
        if isinstance(value, dict) and _container(current) and isinstance(before, dict):
            _merge(current, before, value)
        elif (
            isinstance(value, list)
            and isinstance(before, list)
            and isinstance(current, AoT | Array)
            and len(value) == len(before) == len(current)
            and all(isinstance(v, dict) for v in value)
        ):
            for item, old_item, new_item in zip(current, before, value, strict=True):
                _merge(item, old_item, new_item)
        else:
            inline = isinstance(current, InlineTable) or not _container(current)
            item = tomlkit.item(_fresh(value, inline=inline))
            old_trivia = getattr(current, "trivia", None)
            if old_trivia is not None and old_trivia.comment and hasattr(item, "trivia"):
                # The line's note ("# source: …") stays with its new value.
                item.trivia.comment_ws = old_trivia.comment_ws or "  "
                item.trivia.comment = old_trivia.comment
            node[key] = item


def _fresh(value: Any, inline: bool) -> Any:
    """A tomlkit item for a new value: small tables inline (ranges), others as given."""
    if isinstance(value, dict) and inline:
        table = tomlkit.inline_table()
        table.update(value)
        return table
    return value


def preserving_toml(original_text: str, scenario: Scenario) -> str:
    """``scenario`` written into ``original_text`` (the file it was loaded from, or a template).

    Examples
    --------
    >>> from bizcase.model.io import shipped_scenario
    >>> text = shipped_scenario("manufacturing").read_text()
    >>> s = parse_scenario_toml(text)
    >>> preserving_toml(text, s) == text
    True
    >>> cheaper = s.with_values({"options.nbd_8x5.annual_fee": 1234.0})
    >>> out = preserving_toml(text, cheaper)
    >>> "annual_fee = 1234.0" in out and out.count("#") == text.count("#")
    True
    """
    try:
        original = parse_scenario_toml(original_text)
        document = tomlkit.parse(original_text)
    except Exception:  # the template is not a valid scenario: nothing to keep
        return scenario_to_toml(scenario)
    _merge(document, scenario_to_dict(original), scenario_to_dict(scenario))
    text = tomlkit.dumps(document)
    try:
        again = parse_scenario_toml(text)
    except Exception:
        return scenario_to_toml(scenario)
    if scenario_to_dict(again) != scenario_to_dict(scenario):
        return scenario_to_toml(scenario)
    return text
