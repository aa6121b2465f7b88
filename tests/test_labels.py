"""One table of human labels and units (``bizcase.output.labels``): every input path of the
shipped scenarios reads as words, in English and Russian, with the field's unit."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bizcase import load_scenario
from bizcase.output.labels import input_label, input_unit, labelled
from tests.conftest import SCENARIOS

RAW = re.compile(r"[a-z]+_[a-z_]+|\w+\.\w+")


def _leaves(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, f"{prefix}.{k}" if prefix else k)]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, f"{prefix}[{i}]")]
    if isinstance(data, int | float) and not isinstance(data, bool):
        return [prefix]
    return []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_numeric_input_has_a_human_label(path, lang: str) -> None:  # type: ignore[no-untyped-def]
    scenario = load_scenario(path)
    for field_path in _leaves(scenario.model_dump(mode="json")):
        label = input_label(field_path, lang, scenario)
        assert label and not RAW.search(label.replace("24x7x4", "")), (field_path, label)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_ranged_inputs_are_in_russian(path) -> None:  # type: ignore[no-untyped-def]
    # The inputs a tornado shows have hand-written Russian names (option labels are the file's).
    scenario = load_scenario(path)
    for field_path in scenario.ranges:
        label = input_label(field_path, "ru", scenario, context=False)
        assert re.search("[а-яА-Я]", label), (field_path, label)


def test_known_labels_and_units() -> None:
    assert input_label("delivery.wages.first_line_engineer") == "Wage: first-line engineer"
    assert input_label("incidents.critical.annual_rate", "ru") == "Критические инциденты в год"
    assert input_unit("options.a.annual_fee", "ru", "RUB") == "RUB/год"
    assert input_unit("client.revenue_at_risk_per_hour", "en", "EUR") == "EUR/h"
    assert input_unit("business_case.discount_rate", "en") == "per year, 0.10 = 10%"
    assert (
        labelled("options.a.stages.repair.p90_hours") == "a: Repair & verify — bad case (P90) (h)"
    )


def test_russian_priorities_are_incidents_not_defects() -> None:
    from bizcase.output.text import SHARED_TEXT

    for p in ("critical", "major", "minor", "technical"):
        assert SHARED_TEXT[f"priority_{p}"]["ru"].endswith("инциденты")


def test_english_says_spare_parts() -> None:
    from bizcase.output.report.texts import TEXT as REPORT_TEXT
    from bizcase.output.text import LINE_LABELS, SHARED_TEXT

    for table in (SHARED_TEXT, LINE_LABELS, REPORT_TEXT):
        for key, texts in table.items():
            assert "ЗИП" not in texts.get("en", ""), key


@pytest.mark.parametrize(
    ("path", "en", "ru"),
    [
        ("name", "Scenario name", "Название сценария"),
        ("description", "Scenario description", "Описание сценария"),
        ("client.name", "Client name", "Название клиента"),
        ("currency", "Currency", "Валюта"),
    ],
)
def test_texts_compare_lists_have_labels_in_both_languages(path: str, en: str, ru: str) -> None:
    # Compare's differing-inputs table names these; they are texts, so no unit.
    assert (input_label(path, "en"), input_label(path, "ru")) == (en, ru)
    assert input_unit(path, "en", "EUR") == input_unit(path, "ru", "EUR") == ""
    assert labelled(path, "ru") == ru


def test_loss_profile_parts_name_the_block_or_the_hour() -> None:
    base = "client.loss_profile"
    assert input_label(f"{base}.hourly[33]") == "Weekly loss profile: Tue 09:00"
    assert input_label(f"{base}.hourly[167]", "ru") == "Недельный профиль потерь: вс 23:00"
    assert input_label(f"{base}.windows[1].weight", "ru") == (
        "Недельный профиль потерь: блок 2, доля пика"
    )
    assert input_unit(f"{base}.windows[0].weight", "en") == "share of the peak hour"
    assert input_unit(f"{base}.windows[0].end_hour", "ru") == "час суток, 0–24"
    assert input_unit(f"{base}.base_weight", "ru") == "доля пикового часа"
