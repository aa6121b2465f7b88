"""A scenario's reader-facing texts in the page's language, for every page of the app.

A scenario may give its name, description, client name and option labels per language
(``label = { en = "…", ru = "…" }``); :meth:`bizcase.Scenario.text` picks one.  The app asks
here, never the English fields, so a page in ``ru`` names the scenario and its options in
Russian wherever they appear (headings, pickers, cards, tables, chart legends).
"""

from __future__ import annotations

import dataclasses

from bizcase import Scenario
from bizcase.economics.business import CaseResult
from bizcase.simulate.simulation import SimulationResult
from dashapp.i18n import normalise_lang
from dashapp.library import Entry


def scenario_name(scenario: Scenario, lang: str | None) -> str:
    """The scenario's name in ``lang``.

    Examples
    --------
    >>> from bizcase import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> scenario_name(s, "ru")
    'Производственный завод (24*7, три смены)'
    """
    return scenario.text("name", normalise_lang(lang))


def entry_title(entry: Entry, lang: str | None) -> str:
    """A library entry's title (its scenario's name) in ``lang``."""
    return entry.title_in(normalise_lang(lang))


def client_name(scenario: Scenario, lang: str | None) -> str:
    """The client's name in ``lang``."""
    return scenario.text("client.name", normalise_lang(lang))


def description(scenario: Scenario, lang: str | None) -> str:
    """The scenario's description in ``lang``."""
    return scenario.text("description", normalise_lang(lang))


def option_label(scenario: Scenario, option: str, lang: str | None) -> str:
    """The label of option ``option`` in ``lang``.

    Examples
    --------
    >>> from bizcase import load_scenario
    >>> from bizcase.model.io import shipped_scenario
    >>> s = load_scenario(shipped_scenario("manufacturing"))
    >>> option_label(s, "support_24x7x4", "ru")
    'Поддержка 24*7*4'
    """
    return scenario.text(f"options.{option}.label", normalise_lang(lang))


def option_labels(scenario: Scenario, lang: str | None) -> dict[str, str]:
    """Every option's label in ``lang``, by option id (in the scenario's order)."""
    return {name: option_label(scenario, name, lang) for name in scenario.options}


def localised_result(
    result: SimulationResult, scenario: Scenario, lang: str | None
) -> SimulationResult:
    """``result`` with its option labels (and scenario name) in ``lang``.

    A copy (:func:`dataclasses.replace`; the arrays are shared, not copied): the cached
    result of :mod:`dashapp.compute` is left as it is, so summaries and charts built from
    the copy carry the page's language.
    """
    labels = tuple(option_label(scenario, name, lang) for name in result.options)
    return dataclasses.replace(result, labels=labels, scenario_name=scenario_name(scenario, lang))


def localised_case(case: CaseResult, scenario: Scenario, lang: str | None) -> CaseResult:
    """``case`` with every option's label (decisions and ledgers) in ``lang``.

    A shallow copy (:func:`dataclasses.replace`): the ledgers' arrays and the cached case of
    :mod:`dashapp.compute` are shared, not changed.
    """

    def label(name: str) -> str:
        return option_label(scenario, name, lang) if name in scenario.options else name

    return dataclasses.replace(
        case,
        scenario_name=scenario_name(scenario, lang),
        decisions={n: dataclasses.replace(d, label=label(n)) for n, d in case.decisions.items()},
        client={n: dataclasses.replace(g, label=label(n)) for n, g in case.client.items()},
        integrator={n: dataclasses.replace(g, label=label(n)) for n, g in case.integrator.items()},
    )
