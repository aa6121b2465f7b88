"""Scenario texts in the page's language: names, client and option labels on every page."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from bizcase import load_scenario
from bizcase.model.io import shipped_scenario
from dashapp import create_app
from dashapp.callbacks import business as business_cb
from dashapp.callbacks import compare as compare_cb
from dashapp.callbacks import losses as losses_cb
from dashapp.compute import simulate
from dashapp.texts import localised_result, option_labels

PLANT = load_scenario(shipped_scenario("manufacturing"))
NAME_RU = PLANT.text("name", "ru")
CLIENT_RU = PLANT.text("client.name", "ru")
LABELS_RU = [PLANT.text(f"options.{n}.label", "ru") for n in PLANT.options]
LABELS_EN = [o.label for o in PLANT.options.values()]


@pytest.fixture
def request_ctx(tmp_path: Path) -> Any:
    app = create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")
    with app.server.test_request_context("/"):
        yield app


def page(name: str, lang: str = "ru", key: str = "manufacturing") -> dict[str, Any]:
    return {"page": name, "scenario": key, "lang": lang}


def test_the_plant_has_russian_texts() -> None:
    # The premise of every test here: the shipped file translates what the pages show.
    assert NAME_RU != PLANT.name and CLIENT_RU != PLANT.client.name
    assert all(ru != en for ru, en in zip(LABELS_RU, LABELS_EN, strict=True))
    assert list(option_labels(PLANT, "ru").values()) == LABELS_RU


@pytest.mark.parametrize("name", ["losses", "business", "delivery", "design", "edit", "library"])
def test_every_page_names_the_scenario_in_russian(request_ctx: Any, name: str) -> None:
    module = importlib.import_module(f"dashapp.pages.{name}")
    text = repr(module.layout(scenario="manufacturing", lang="ru"))
    assert NAME_RU in text  # the scenario picker (and the library list)
    assert PLANT.name not in text
    if name in ("losses", "business", "delivery", "design"):
        assert CLIENT_RU in text and PLANT.client.name not in text
    for en in LABELS_EN:
        assert en not in text, en
    if name in ("losses", "business", "edit"):
        offered = LABELS_RU if name == "edit" else LABELS_RU[1:]
        for ru in offered:
            assert ru in text, ru
    assert NAME_RU not in repr(module.layout(scenario="manufacturing", lang="en"))


def test_losses_cards_and_charts_in_russian(request_ctx: Any) -> None:
    out = losses_cb.render_losses(None, page("losses"), True, None)
    text = repr(out)
    for ru, en in zip(LABELS_RU, LABELS_EN, strict=True):
        assert ru in text and en not in text, ru
    legend = {trace.name for trace in out[1].data}
    assert set(LABELS_RU) <= legend


def test_business_page_in_russian(request_ctx: Any) -> None:
    out = business_cb.render_business("support_24x7x4", "client", None, page("business"))
    text = repr(out)
    # the offered options: cards, ledgers, charts' legends and the beats table
    for ru, en in zip(LABELS_RU[1:], LABELS_EN[1:], strict=True):
        assert ru in text and en not in text, ru


def test_compare_in_russian(request_ctx: Any) -> None:
    picked = ["manufacturing", "retail_chain"]
    _, table, lec, diff, _ = compare_cb.render_compare(picked, "__best__", page("compare"), "")
    text = repr(table) + repr(lec) + repr(diff)
    assert NAME_RU in text and PLANT.name not in text
    rows = compare_cb.business_rows(picked, "__best__", page("compare"))
    assert NAME_RU in repr(rows) and any(ru in repr(rows) for ru in LABELS_RU[1:])


def test_a_localised_result_leaves_the_cached_one_alone() -> None:
    result = simulate(PLANT, 200)
    ru = localised_result(result, PLANT, "ru")
    assert list(ru.labels) == LABELS_RU and list(result.labels) == LABELS_EN
    assert ru.annual_loss is result.annual_loss  # shared, not copied
