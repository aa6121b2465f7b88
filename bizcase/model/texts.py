"""Scenario texts given per language: ``name = { en = "…", ru = "…" }``.

A scenario's reader-facing texts — its name and description, the client's name and the source of
its outage record, each option's label and description — may be a plain string or a table with one string per language.  The
model keeps a plain string in the field (the English text, or the only one given), so every
consumer that does not care about languages reads it as before; the per-language tables are kept
beside the model (like ranges) and :func:`localized` picks the text for a language.

Rules (checked when a scenario is read, each naming the field):

* the table's keys are language codes this tool speaks (:data:`LANGUAGES`);
* every value is a non-empty string;
* ``en`` is required when the table has more than one language, so that the default text is
  defined; a table with one language is that text for every language.
"""

from __future__ import annotations

from typing import Any

from bizcase.model.base import FieldProblem
from bizcase.model.ranges import Path, format_path

#: Languages a scenario text may be given in; the first is the default.
LANGUAGES: tuple[str, ...] = ("en", "ru")


def _text_paths(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """Where per-language texts may stand in a raw scenario table."""
    paths: list[tuple[str, ...]] = [
        ("name",),
        ("description",),
        ("client", "name"),
        ("client", "history", "source"),
    ]
    options = data.get("options")
    if isinstance(options, dict):
        for key in options:
            paths += [("options", str(key), "label"), ("options", str(key), "description")]
    return paths


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _check_table(path: Path, table: dict[str, Any]) -> dict[str, str]:
    where = format_path(path)
    if not table:
        raise FieldProblem(where, table, "a per-language text needs at least one language")
    for lang, value in table.items():
        if lang not in LANGUAGES:
            raise FieldProblem(
                f"{where}.{lang}", value, f"language must be one of {', '.join(LANGUAGES)}"
            )
        if not isinstance(value, str) or not value.strip():
            raise FieldProblem(f"{where}.{lang}", value, "must be a non-empty string")
    if len(table) > 1 and LANGUAGES[0] not in table:
        raise FieldProblem(
            where, table, f"a text in several languages must include '{LANGUAGES[0]}'"
        )
    return {str(k): str(v) for k, v in table.items()}


def extract_texts(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """Replace per-language tables by their default string; return the tables by field path.

    Parameters
    ----------
    data : dict
        A raw scenario table (as read from TOML), not modified.

    Returns
    -------
    plain : dict
        ``data`` with each per-language table replaced by its default text (``en``, or the only
        language given); only the touched branches are copied.
    texts : dict
        ``{"options.x.label": {"en": "…", "ru": "…"}, …}`` for every field given as a table.

    Raises
    ------
    FieldProblem
        A language code this tool does not speak, an empty or non-string text, or several
        languages without ``en``.

    Examples
    --------
    >>> plain, texts = extract_texts({"name": {"en": "Plant", "ru": "Завод"}, "currency": "EUR"})
    >>> plain["name"], texts["name"]["ru"]
    ('Plant', 'Завод')
    """
    texts: dict[str, dict[str, str]] = {}
    plain: dict[str, Any] = dict(data)
    for path in _text_paths(data):
        value = _get(data, path)
        if not isinstance(value, dict):
            continue
        table = _check_table(path, value)
        texts[format_path(path)] = table
        default = default_text(table)
        node = plain
        for part in path[:-1]:
            node[part] = dict(node[part])
            node = node[part]
        node[path[-1]] = default
    return plain, texts


def default_text(table: dict[str, str]) -> str:
    """The text a field holds for a per-language table: ``en``, or the only language given."""
    return table.get(LANGUAGES[0], next(iter(table.values())))


def localized(default: str, texts: dict[str, dict[str, str]], path: str, lang: str) -> str:
    """The text at ``path`` in ``lang``: its translation when given, else ``default``.

    Examples
    --------
    >>> localized("Plant", {"name": {"en": "Plant", "ru": "Завод"}}, "name", "ru")
    'Завод'
    >>> localized("Plant", {}, "name", "ru")
    'Plant'
    """
    return texts.get(path, {}).get(lang, default)
