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
