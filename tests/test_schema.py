"""``bizcase schema`` accepts exactly what the loader accepts, ranged inputs included."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bizcase import ScenarioError, scenario_from_dict
from bizcase.cli.main import main
from bizcase.model.io import (
    JSON_SCHEMA_DIALECT,
    load_scenario,
    scenario_json_schema,
    scenario_to_dict,
    shipped_scenarios,
)
from tests.conftest import minimal_scenario_dict
from tests.test_scenario import BAD_VALUES, _set

SHIPPED = shipped_scenarios()

# Rules the loader checks in code, which a JSON Schema cannot state (see scenario_json_schema).
LOADER_ONLY = {
    "nan": "JSON has no NaN",
    "infinity": "JSON has no infinity",
    "p90 below median": "compares two fields",
    "coverage not 0/1": "a model validator on the weights",
    "hourly profile of wrong length": "a model validator counts the values",
    "window ends before it starts": "compares two fields",
    "unknown baseline": "names another table's key",
}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(scenario_json_schema())


def _accepted_by_loader(data: dict[str, Any]) -> bool:
    try:
        scenario_from_dict(copy.deepcopy(data))
    except ScenarioError:
        return False
    return True


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator.iter_errors(data)
    ]


class TestTheSchema:
    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        schema = scenario_json_schema()
        assert schema["$schema"] == JSON_SCHEMA_DIALECT
        Draft202012Validator.check_schema(schema)

    def test_cli_prints_the_same_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out) == scenario_json_schema()


class TestAcceptsWhatTheLoaderAccepts:
    def test_four_scenarios_are_shipped(self) -> None:
        assert sorted(SHIPPED) == [
            "bank_branches",
            "logistics_hub",
            "manufacturing",
            "retail_chain",
        ]

    @pytest.mark.parametrize("name", sorted(SHIPPED))
    def test_shipped_file(self, validator: Draft202012Validator, name: str) -> None:
        data = tomllib.loads(SHIPPED[name].read_text(encoding="utf-8"))
        assert _errors(validator, data) == []

    @pytest.mark.parametrize("name", sorted(SHIPPED))
    def test_shipped_scenario_as_saved(self, validator: Draft202012Validator, name: str) -> None:
        # What the app and save_scenario write: every field spelled out, ranges put back.
        saved = scenario_to_dict(load_scenario(SHIPPED[name]))
        assert _errors(validator, saved) == []

    @pytest.mark.parametrize("coverage", ["24x7", "business_hours"])
    def test_the_tests_minimal_scenario(
        self, validator: Draft202012Validator, coverage: str
    ) -> None:
        assert _errors(validator, minimal_scenario_dict(coverage)) == []

    def test_shipped_files_use_ranges(self) -> None:
        # Otherwise the shipped-file tests above would not exercise the range forms.
        assert any(load_scenario(path).ranges for path in SHIPPED.values())


# (id, field path in the minimal scenario, value): the loader and the schema must agree on each.
AGREEMENT = [
    ("lognormal range", "client.revenue_at_risk_per_hour", {"low": 8e3, "high": 2e4}),
    ("range with base", "client.revenue_at_risk_per_hour", {"low": 8e3, "high": 2e4, "base": 1e4}),
    (
        "uniform share from 0",
        "incidents.major.impact_share",
        {"low": 0, "high": 0.5, "dist": "uniform"},
    ),
    (
        "pert with mode",
        "incidents.critical.onsite_share",
        {"low": 0.2, "high": 0.8, "dist": "pert", "mode": 0.4},
    ),
    ("ranged duration end", "options.base.stages.repair.p90_hours", {"low": 2.5, "high": 6.0}),
    ("zero-width range", "incidents.minor.annual_rate", {"low": 8.0, "high": 8.0}),
    ("whole range with base", "simulation.trials", {"low": 1000, "high": 4000, "base": 2000}),
    ("whole range, no base", "simulation.trials", {"low": 1000, "high": 3000}),
    ("lognormal range from 0", "incidents.major.impact_share", {"low": 0.0, "high": 0.5}),
    (
        "mode without a shape",
        "incidents.major.impact_share",
        {"low": 0.1, "high": 0.5, "mode": 0.2, "dist": "uniform"},
    ),
    (
        "range end breaks the bound",
        "incidents.major.impact_share",
        {"low": 0.5, "high": 1.5, "dist": "uniform"},
    ),
    (
        "range base breaks the bound",
        "incidents.critical.annual_rate",
        {"low": 1, "high": 3, "base": -1},
    ),
    ("unknown range key", "client.revenue_at_risk_per_hour", {"low": 1, "high": 2, "sigma": 1}),
    (
        "unknown distribution",
        "client.revenue_at_risk_per_hour",
        {"low": 1, "high": 2, "dist": "normal"},
    ),
    ("range where a table goes", "client.loss_profile", {"low": 1.0, "high": 2.0}),
    (
        "range of a whole number out of bounds",
        "simulation.trials",
        {"low": 10, "high": 40, "base": 20},
    ),
    ("list where a number goes", "incidents.critical.annual_rate", [2.0]),
]


class TestAgreesWithTheLoader:
    @pytest.mark.parametrize(
        ("path", "value"), [case[1:] for case in AGREEMENT], ids=[case[0] for case in AGREEMENT]
    )
    def test_same_verdict(self, validator: Draft202012Validator, path: str, value: Any) -> None:
        data = _set(minimal_scenario_dict(), path, value)
        loader = _accepted_by_loader(data)
        schema = validator.is_valid(data)
        assert schema == loader, f"loader accepts: {loader}; schema: {_errors(validator, data)}"

    def test_the_agreement_table_holds_both_verdicts(self) -> None:
        verdicts = {
            _accepted_by_loader(_set(minimal_scenario_dict(), p, v)) for _, p, v in AGREEMENT
        }
        assert verdicts == {True, False}

    @pytest.mark.parametrize(
        ("path", "value"),
        [case[1:3] for case in BAD_VALUES if case[0] not in LOADER_ONLY],
        ids=[case[0] for case in BAD_VALUES if case[0] not in LOADER_ONLY],
    )
    def test_rejects_what_the_loader_rejects(
        self, validator: Draft202012Validator, path: str, value: Any
    ) -> None:
        data = _set(minimal_scenario_dict(), path, value)
        assert not _accepted_by_loader(data)
        assert not validator.is_valid(data)

    @pytest.mark.parametrize("case", sorted(LOADER_ONLY))
    def test_loader_only_rules_are_still_loader_rules(self, case: str) -> None:
        # An id that no longer names a bad value of test_scenario would silently skip nothing.
        (found,) = [c for c in BAD_VALUES if c[0] == case]
        assert not _accepted_by_loader(_set(minimal_scenario_dict(), found[1], found[2]))

    @pytest.mark.parametrize("section", ["client", "incidents", "options", "currency", "name"])
    def test_missing_section(self, validator: Draft202012Validator, section: str) -> None:
        data = minimal_scenario_dict()
        del data[section]
        assert not _accepted_by_loader(data)
        assert not validator.is_valid(data)
