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
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

from bizcase import Scenario, parse_scenario_toml, scenario_to_toml
from bizcase.model import scenario_to_dict

#: Values per line of a loss profile's 168 ``hourly`` values: one line a day.
HOURS_PER_LINE = 24
_PROFILE_DEFAULTS: dict[str, Any] = {
    "preset": None,
    "base_weight": 0.0,
    "windows": [],
    "hourly": None,
}


def _container(value: Any) -> bool:
    return isinstance(value, dict | Table | InlineTable)


def _merge(node: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Write into the tomlkit ``node`` what differs between ``old`` and ``new`` (plain dicts)."""
    pending: list[Any] = []  # the lines that closed a removed table, introducing what follows
    for key in list(old):
        if key not in new and key in node:
            trailing = _take_trailing(node[key])
            pending += _replaced_notes(node[key]) + trailing
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
            trailing = _take_trailing(current)
            notes = _replaced_notes(current)
            node[key] = item
            _give_trailing(node[key], notes + trailing)
    if pending:
        last = list(node.values())[-1] if len(node) else None
        _give_trailing(last if isinstance(last, AoT | Table) else node, pending)


def _last_table(item: Any) -> Any:
    if isinstance(item, AoT):
        return item.body[-1] if item.body else None
    return item if isinstance(item, Table) else None


def _take_trailing(item: Any) -> list[Any]:
    """Remove and return the comment and blank lines that end a table (an array of tables' last
    one): tomlkit keeps them there, though in the file they introduce the next table
    (``# Planned maintenance: …`` above ``[client.maintenance]``)."""
    table = _last_table(item)
    if table is None:
        return []
    body = table.value.body
    out: list[Any] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Comment | Whitespace):
        out.insert(0, body.pop()[1])
    return out


#: The line introducing the notes of tables an edit replaced (a loss profile's blocks).
REPLACED_NOTES = "Notes of the blocks this edit replaced:"


def _replaced_notes(item: Any) -> list[Any]:
    """The comments inside a table (or array of tables) that an edit replaces as a whole, as
    comment lines under :data:`REPLACED_NOTES`: a consultant's note must not vanish with the
    block it was written beside.  Call after :func:`_take_trailing`."""
    if isinstance(item, AoT):
        tables = list(item.body)
    elif isinstance(item, Table):
        tables = [item]
    else:
        return []
    texts = []
    for table in tables:
        for key, value in table.value.body:
            if key is None and isinstance(value, Comment):
                texts.append(value.as_string().strip())
            elif key is not None and getattr(value, "trivia", None) and value.trivia.comment:
                texts.append(value.trivia.comment.strip())
    texts = [text.lstrip("#").strip() for text in texts if text.lstrip("#").strip()]
    if not texts:
        return []
    return [tomlkit.comment(REPLACED_NOTES)] + [tomlkit.comment(text) for text in texts]


def _give_trailing(item: Any, lines: list[Any]) -> None:
    """Put ``lines`` (from :func:`_take_trailing`) back at the end of ``item``."""
    target = _last_table(item)
    if target is None:
        target = item if isinstance(item, Table) or hasattr(item, "add") else None
    if target is None:
        return
    for line in lines:
        target.add(line)


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
    # Straight onto the body, as _trailing took them off it: tomlkit < 0.13 keeps a map entry
    # for key None that Container.append would follow to a line already taken away.
    table.value.body.extend(lines)


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
                current[-1].value.body.append((None, Whitespace("\n")))
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
    """A tomlkit item for a new value: small tables inline (ranges), a week's 168 hourly values
    one day a line, others as given."""
    if isinstance(value, dict) and inline:
        table = tomlkit.inline_table()
        table.update(value)
        return table
    if (
        isinstance(value, list)
        and len(value) == 7 * HOURS_PER_LINE
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        rows = [
            "  " + ", ".join(repr(float(v)) for v in value[i : i + HOURS_PER_LINE]) + ","
            for i in range(0, len(value), HOURS_PER_LINE)
        ]
        return tomlkit.parse("v = [\n" + "\n".join(rows) + "\n]\n")["v"]
    return value


def _tidy_profiles(old: dict[str, Any], new: dict[str, Any]) -> None:
    """An edited loss profile written the simple way: without the keys at their defaults
    (``windows = []`` beside 168 hourly values, ``base_weight = 0``)."""
    before = (old.get("client") or {}).get("loss_profile")
    after = (new.get("client") or {}).get("loss_profile")
    if isinstance(after, dict) and after != before:
        for key, default in _PROFILE_DEFAULTS.items():
            if key in after and after[key] == default:
                del after[key]


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
    old, new = scenario_to_dict(original), scenario_to_dict(scenario)
    _tidy_profiles(old, new)
    _merge(document, old, new)
    text = tomlkit.dumps(document)
    try:
        again = parse_scenario_toml(text)
    except Exception:
        return scenario_to_toml(scenario)
    if scenario_to_dict(again) != scenario_to_dict(scenario):
        return scenario_to_toml(scenario)
    return text
