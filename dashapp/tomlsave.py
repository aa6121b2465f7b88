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
from tomlkit.items import AoT, Array, InlineTable, Table, Whitespace

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
        elif (
            isinstance(value, list)
            and isinstance(before, list)
            and isinstance(current, AoT)
            and len(before) == len(current)
            and _merge_named_tables(current, before, value)
        ):
            pass
        else:
            inline = isinstance(current, InlineTable) or not _container(current)
            item = tomlkit.item(_fresh(value, inline=inline))
            old_trivia = getattr(current, "trivia", None)
            if old_trivia is not None and old_trivia.comment and hasattr(item, "trivia"):
                # The line's note ("# source: …") stays with its new value.
                item.trivia.comment_ws = old_trivia.comment_ws or "  "
                item.trivia.comment = old_trivia.comment
            node[key] = item


def _names(items: list[Any]) -> list[Any] | None:
    """The ``name`` of every table of ``items``, or ``None`` unless every one has its own."""
    names = [item.get("name") if isinstance(item, dict) else None for item in items]
    if None in names or len(set(names)) != len(names):
        return None
    return names


def _pairing(before: list[Any], value: list[Any]) -> list[int | None] | None:
    """For each new table, the index of the old one it continues (``None``: a new table).

    A table keeps its old one by name; a renamed one takes the next old table whose name is
    gone.  ``None`` when the kept tables changed their order or a new one sits before a kept
    one: only removals and additions at the end are done in place.
    """
    old_names, new_names = _names(before), _names(value)
    if old_names is None or new_names is None:
        return None
    gone = [i for i, name in enumerate(old_names) if name not in new_names]
    pairs: list[int | None] = []
    for name in new_names:
        if name in old_names:
            pairs.append(old_names.index(name))
        elif gone and all(p is not None for p in pairs):
            pairs.append(gone.pop(0))  # renamed (or a new table in a removed one's place)
        else:
            pairs.append(None)
    kept = [p for p in pairs if p is not None]
    if kept != sorted(kept) or None in pairs[: len(kept)]:
        return None
    return pairs


def _trailing(table: Table) -> list[tuple[None, Any]]:
    """Take the comment and blank lines at the end of ``table`` out of it (they sit above the
    next table in the file: ``# Support options …`` after the last ``[[sites]]``)."""
    body = table.value.body
    out: list[tuple[None, Any]] = []
    while body and body[-1][0] is None:
        out.insert(0, body.pop())
    return out


def _give(table: Table, lines: list[tuple[None, Any]]) -> None:
    for _key, item in lines:
        table.value.append(None, item)


def _merge_named_tables(current: AoT, before: list[Any], value: list[Any]) -> bool:
    """Merge an array of named tables (``[[sites]]``) whose count changed, in place.

    Kept tables are merged value by value (their comments stay); a removed table is deleted,
    the comment lines at its end moving to the table before it (or after it, for the first);
    an added one is appended as a new ``[[…]]`` table, the comment lines that followed the
    last table still following it.  ``False`` (nothing changed) when the tables were reordered.
    """
    pairs = _pairing(before, value)
    if pairs is None:
        return False
    kept = {p for p in pairs if p is not None}
    for i in sorted(set(range(len(before))) - kept, reverse=True):
        lines = _trailing(current[i])
        del current[i]
        if lines and len(current):
            neighbour = current[i - 1] if i > 0 else current[0]
            if i > 0:
                _trailing_blank(neighbour)
            _give(neighbour, lines)
    index_of = {old: n for n, old in enumerate(sorted(kept))}
    for new_item, old in zip(value, pairs, strict=True):
        if old is not None:
            _merge(current[index_of[old]], before[old], new_item)
    for new_item, old in zip(value, pairs, strict=True):
        if old is None:
            lines = _trailing(current[-1]) if len(current) else []
            if lines:
                current[-1].value.append(None, Whitespace("\n"))
            table = tomlkit.table()
            for key, item in new_item.items():
                if item is not None and item != {} and item != []:  # nothing to write
                    table[key] = _fresh(item, inline=True)
            current.append(table)
            _give(current[-1], lines)
    return True


def _trailing_blank(table: Table) -> None:
    """Drop the blank lines at the end of ``table`` (comment lines moved in bring their own)."""
    body = table.value.body
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        body.pop()


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
