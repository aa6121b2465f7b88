"""What every scenario page resolves first: language, library, scenario key and scenario."""

from __future__ import annotations

from dataclasses import dataclass

from bizcase import Scenario
from dashapp.i18n import normalise_lang, t
from dashapp.library import Entry, Library
from dashapp.state import current_library, resolve_key


@dataclass(frozen=True)
class PageData:
    lang: str
    library: Library
    key: str | None
    entries: list[Entry]
    scenario: Scenario | None
    notice: str | None


def prepare(scenario: str | None, lang: str | None) -> PageData:
    """Resolve the URL's ``scenario`` and ``lang`` (an unknown key falls back, with a notice)."""
    lang = normalise_lang(lang)
    library = current_library()
    key, unknown = resolve_key(library, scenario)
    notice = None
    if unknown:
        notice = t("unknown_scenario", lang, key=unknown, fallback=key or "–")
    if key is None:
        notice = t("no_scenarios", lang)
    loaded = library.load(key) if key else None
    return PageData(lang, library, key, library.entries(), loaded, notice)
