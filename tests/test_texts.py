"""Scenario texts given per language: read, picked by language, saved back, and refused when bad."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bizcase import ScenarioError, scenario_from_dict
from bizcase.model.io import load_scenario, save_scenario, scenario_json_schema, scenario_to_dict
from tests.conftest import minimal_scenario_dict


def _with_texts() -> dict[str, Any]:
    data = copy.deepcopy(minimal_scenario_dict())
    data["name"] = {"en": "Regional hospital group", "ru": "Региональная сеть больниц"}
    data["client"]["name"] = {"ru": "Больница №1"}
    key = next(iter(data["options"]))
    data["options"][key]["label"] = {"en": "Today", "ru": "Сегодня"}
    return data


class TestPerLanguageTexts:
    def test_field_holds_the_english_text_and_text_picks_the_language(self) -> None:
        s = scenario_from_dict(_with_texts())
        key = next(iter(s.options))
        assert s.name == "Regional hospital group"
        assert s.text("name", "ru") == "Региональная сеть больниц"
        assert s.text("name", "en") == "Regional hospital group"
        assert s.text(f"options.{key}.label", "ru") == "Сегодня"
        # One language only: that text everywhere.
        assert s.client.name == "Больница №1"
        assert s.text("client.name", "en") == "Больница №1"

    def test_a_plain_string_is_the_text_in_every_language(self) -> None:
        s = scenario_from_dict(minimal_scenario_dict())
        assert s.texts == {}
        assert s.text("name", "ru") == s.name

    def test_saved_and_read_back_unchanged(self, tmp_path: Path) -> None:
        s = scenario_from_dict(_with_texts())
        back = load_scenario(save_scenario(s, tmp_path / "h.toml"))
        assert back.texts == s.texts
        assert scenario_to_dict(back) == scenario_to_dict(s)

    def test_a_renamed_copy_drops_the_old_table(self) -> None:
        s = scenario_from_dict(_with_texts()).model_copy(update={"name": "Hospital North"})
        data = scenario_to_dict(s)
        assert data["name"] == "Hospital North"
        assert data["client"]["name"] == {"ru": "Больница №1"}
        assert s.text("name", "ru") == "Hospital North"

    def test_with_values_keeps_the_texts(self) -> None:
        s = scenario_from_dict(_with_texts())
        assert s.with_values({"simulation.seed": 5}).text("name", "ru") == s.text("name", "ru")

    def test_unknown_text_path(self) -> None:
        with pytest.raises(KeyError, match="not a scenario text"):
            scenario_from_dict(minimal_scenario_dict()).text("client.revenue", "ru")

    def test_schema_accepts_what_the_loader_accepts(self) -> None:
        Draft202012Validator(scenario_json_schema()).validate(_with_texts())

    @pytest.mark.parametrize(
        ("table", "field", "rule"),
        [
            ({"fr": "Hôpital"}, "name.fr", "language must be one of en, ru"),
            ({"en": "", "ru": "x"}, "name.en", "non-empty string"),
            ({"en": 3}, "name.en", "non-empty string"),
            ({"ru": "a", "de": "b"}, "name.de", "language must be one of"),
            ({}, "name", "at least one language"),
        ],
    )
    def test_bad_table_is_named(self, table: dict[str, Any], field: str, rule: str) -> None:
        data = minimal_scenario_dict()
        data["name"] = table
        with pytest.raises(ScenarioError) as err:
            scenario_from_dict(data)
        assert field in str(err.value) and rule in str(err.value)
        assert not Draft202012Validator(scenario_json_schema()).is_valid(data)

    def test_several_languages_need_english(self) -> None:
        data = minimal_scenario_dict()
        data["name"] = {"ru": "Завод", "en": "Plant"}
        scenario_from_dict(data)
        data["description"] = {"ru": "а"}
        scenario_from_dict(data)  # one language: allowed
        data["options"][next(iter(data["options"]))]["description"] = {"ru": "а", "en": "a"}
        scenario_from_dict(data)
