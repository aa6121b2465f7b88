"""Scenario model: loading, saving, schema and every kind of bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from bizcase import ScenarioError, load_scenario, save_scenario, scenario_from_dict
from bizcase.model import (
    Duration,
    lognormal_params,
    scenario_json_schema,
    scenario_to_toml,
)
from tests.conftest import SCENARIOS, minimal_scenario_dict


def _write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestShippedScenarios:
    def test_there_are_at_least_four(self) -> None:
        assert len(SCENARIOS) >= 4

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_loads_and_round_trips(self, path: Path, tmp_path: Path) -> None:
        scenario = load_scenario(path)
        copy = save_scenario(scenario, tmp_path / "copy.toml")
        assert load_scenario(copy) == scenario

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_has_the_four_kinds_of_option(self, path: Path) -> None:
        scenario = load_scenario(path)
        assert len(scenario.options) >= 4
        assert scenario.baseline in scenario.options
        assert any(o.proactive_removal_share > 0 for o in scenario.options.values())


class TestLognormalFit:
    def test_mil_hdbk_reference(self) -> None:
        # DESIGN §9: mean of ln t = 0.65879, sigma = 1.11435 -> median 1.932 h, MTTR 3.595 h,
        # P(<= 4 h) = 0.743.
        mu, sigma = 0.65879, 1.11435
        median = math.exp(mu)
        p90 = math.exp(mu + 1.2815515655446004 * sigma)
        duration = Duration(median_hours=median, p90_hours=p90)
        fit_mu, fit_sigma = lognormal_params(median, p90)
        assert (fit_mu, fit_sigma) == pytest.approx((mu, sigma), rel=1e-9)
        assert median == pytest.approx(1.932, abs=5e-4)
        assert duration.mean_hours == pytest.approx(3.595, abs=5e-4)
        from scipy.stats import lognorm

        assert lognorm(s=sigma, scale=median).cdf(4.0) == pytest.approx(0.743, abs=5e-4)

    def test_fixed_and_zero_durations(self) -> None:
        assert Duration(median_hours=2, p90_hours=2).mean_hours == 2.0
        assert Duration(median_hours=0, p90_hours=0).mean_hours == 0.0


class TestRoundTrip:
    def test_dict_save_load(self, tmp_path: Path, scenario_dict: dict[str, Any]) -> None:
        scenario = scenario_from_dict(scenario_dict)
        path = save_scenario(scenario, tmp_path / "s.toml")
        assert load_scenario(path) == scenario
        assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"

    def test_frozen(self, scenario_dict: dict[str, Any]) -> None:
        scenario = scenario_from_dict(scenario_dict)
        with pytest.raises(Exception, match="frozen"):
            scenario.name = "x"  # type: ignore[misc]

    def test_schema_is_json(self) -> None:
        schema = scenario_json_schema()
        assert "properties" in schema and "options" in schema["properties"]
        json.dumps(schema)

    def test_toml_text(self, scenario_dict: dict[str, Any]) -> None:
        text = scenario_to_toml(scenario_from_dict(scenario_dict))
        assert 'currency = "EUR"' in text


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    keys = path.split(".")
    node = data
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return data


def _delete(data: dict[str, Any], path: str) -> dict[str, Any]:
    keys = path.split(".")
    node = data
    for key in keys[:-1]:
        node = node[key]
    del node[keys[-1]]
    return data


BAD_VALUES = [
    ("negative rate", "incidents.critical.annual_rate", -1.0, "incidents.critical.annual_rate"),
    ("nan", "incidents.major.impact_share", math.nan, "incidents.major.impact_share"),
    ("infinity", "client.revenue_at_risk_per_hour", math.inf, "client.revenue_at_risk_per_hour"),
    ("share above 1", "incidents.critical.onsite_share", 1.5, "incidents.critical.onsite_share"),
    ("wrong type", "client.employees_affected", "many", "client.employees_affected"),
    ("absurd trial count", "simulation.trials", 10**12, "simulation.trials"),
    ("too few trials", "simulation.trials", 3, "simulation.trials"),
    ("negative seed", "simulation.seed", -5, "simulation.seed"),
    ("bad currency", "currency", "euro", "currency"),
    (
        "p90 below median",
        "options.base.stages.repair",
        {"median_hours": 3.0, "p90_hours": 1.0},
        "options.base.stages.repair",
    ),
    (
        "coverage not 0/1",
        "options.base.coverage",
        {"preset": "none", "base_weight": 0.5},
        "options.base.coverage",
    ),
    (
        "hourly profile of wrong length",
        "client.loss_profile",
        {"hourly": [1.0] * 100},
        "client.loss_profile",
    ),
    (
        "window ends before it starts",
        "client.loss_profile",
        {"windows": [{"days": ["mon"], "start_hour": 18, "end_hour": 9}]},
        "client.loss_profile.windows[0]",
    ),
    (
        "bad day name",
        "client.loss_profile",
        {"windows": [{"days": ["funday"], "start_hour": 1, "end_hour": 2}]},
        "client.loss_profile.windows[0].days[0]",
    ),
    ("unknown baseline", "baseline", "nobody", "baseline"),
    ("option key not an identifier", "options", {"Bad Name!": {}}, "options"),
    (
        "stockout probability above 1",
        "options.base.spares.stockout_probability",
        2.0,
        "options.base.spares.stockout_probability",
    ),
    ("unknown priority", "incidents.catastrophic", {"impact_share": 1.0}, "incidents.catastrophic"),
    ("unknown key", "client.revenue_per_hour", 5.0, "client.revenue_per_hour"),
]


class TestBadInput:
    @pytest.mark.parametrize(
        ("path", "value", "field"),
        [case[1:] for case in BAD_VALUES],
        ids=[case[0] for case in BAD_VALUES],
    )
    def test_bad_value_names_the_field(
        self, scenario_dict: dict[str, Any], path: str, value: Any, field: str
    ) -> None:
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(_set(scenario_dict, path, value), source="x.toml")
        message = str(info.value)
        assert "x.toml" in message
        assert field in message
        assert any(p[0].startswith(field) for p in info.value.problems)

    @pytest.mark.parametrize("section", ["client", "incidents", "options", "currency", "name"])
    def test_missing_section(self, scenario_dict: dict[str, Any], section: str) -> None:
        with pytest.raises(ScenarioError, match=f"{section}: required field is missing"):
            scenario_from_dict(_delete(scenario_dict, section))

    def test_missing_priority(self, scenario_dict: dict[str, Any]) -> None:
        with pytest.raises(ScenarioError, match="incidents.minor: required"):
            scenario_from_dict(_delete(scenario_dict, "incidents.minor"))

    def test_empty_file(self, tmp_path: Path) -> None:
        with pytest.raises(ScenarioError, match="empty"):
            load_scenario(_write(tmp_path, "  \n"))

    def test_not_toml(self, tmp_path: Path) -> None:
        with pytest.raises(ScenarioError, match="not valid TOML"):
            load_scenario(_write(tmp_path, "name = [unclosed\n"))

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "latin.toml"
        path.write_bytes(b'name = "caf\xe9"\n')
        with pytest.raises(ScenarioError, match="UTF-8"):
            load_scenario(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ScenarioError, match="no such file"):
            load_scenario(tmp_path / "nope.toml")

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(ScenarioError, match="directory"):
            load_scenario(tmp_path)

    def test_not_a_table(self) -> None:
        with pytest.raises(ScenarioError, match="table"):
            scenario_from_dict([1, 2, 3])

    def test_message_names_file_field_value_rule(self, tmp_path: Path) -> None:
        text = scenario_to_toml(scenario_from_dict(minimal_scenario_dict()))
        text = text.replace("annual_rate = 2.0", "annual_rate = -3.0")
        path = _write(tmp_path, text)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        message = str(info.value)
        assert str(path) in message
        assert "incidents.critical.annual_rate = -3.0" in message
        assert "greater than or equal to 0" in message


# ---------------------------------------------------------------- strict numbers, limits, reprs


@pytest.mark.parametrize("value", ["12", True, "1e3", [1.0]])
def test_numbers_are_strict(value: object) -> None:
    data = minimal_scenario_dict()
    data["incidents"]["critical"]["annual_rate"] = value
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert "incidents.critical.annual_rate" in str(caught.value)
    assert caught.value.problems[0][0] == "incidents.critical.annual_rate"


def test_an_integer_where_a_float_goes_is_a_number() -> None:
    data = minimal_scenario_dict()
    data["incidents"]["critical"]["annual_rate"] = 3
    data["client"]["revenue_at_risk_per_hour"] = {"low": 1000, "high": 4000}
    scenario = scenario_from_dict(data)
    assert scenario.incidents.critical.annual_rate == 3.0
    assert scenario.client.revenue_at_risk_per_hour == pytest.approx(2000.0)


@pytest.mark.parametrize("end", [{"low": "1000", "high": 4000}, {"low": 1000, "high": True}])
def test_range_ends_are_strict_numbers(end: dict[str, object]) -> None:
    data = minimal_scenario_dict()
    data["client"]["revenue_at_risk_per_hour"] = end
    with pytest.raises(ScenarioError, match=r"client\.revenue_at_risk_per_hour"):
        scenario_from_dict(data)


@pytest.mark.parametrize(
    ("path", "value", "limit"),
    [
        (("incidents", "minor", "annual_rate"), 1e19, "1000000"),
        (("options", "base", "stages", "repair", "p90_hours"), 1e13, "87600"),
        (("options", "base", "stages", "repair", "median_hours"), 1e-6, "1,000 × median_hours"),
    ],
)
def test_inputs_that_scale_the_work_are_bounded(
    path: tuple[str, ...], value: float, limit: str
) -> None:
    data = minimal_scenario_dict()
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert ".".join(path[:-1]) in str(caught.value) and limit in str(caught.value)


def test_inventory_failures_are_bounded_at_the_units_field() -> None:
    data = minimal_scenario_dict()
    data["inventory"] = [
        {"name": "switch", "units": 2_000_000, "annual_failure_rate": 1.0, "priority": "major"}
    ]
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert caught.value.problems[0][0] == "inventory[0].units"
    assert "failures a year" in str(caught.value)


def test_priority_coverage_error_names_its_field_path() -> None:
    data = minimal_scenario_dict()
    data["options"]["base"]["priorities"] = {"major": {"coverage": {"preset": "none"}}}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    assert caught.value.problems[0][0] == "options.base.priorities.major.coverage"


def test_deep_nesting_is_a_named_error() -> None:
    data = minimal_scenario_dict()
    deep: Any = 1.0
    for _ in range(500):
        deep = [deep]
    data["description"] = deep
    with pytest.raises(ScenarioError, match="nested more than 32 levels"):
        scenario_from_dict(data)


def test_work_budget_names_what_is_too_big() -> None:
    from bizcase.model.errors import InputError
    from bizcase.model.limits import affordable_trials, check_work_budget

    data = minimal_scenario_dict()
    data["incidents"]["minor"]["annual_rate"] = 500_000.0
    scenario = scenario_from_dict(data)
    with pytest.raises(InputError) as caught:
        check_work_budget(scenario, 100)
    assert "incidents.minor.annual_rate" in str(caught.value) and "GB" in str(caught.value)
    fits = affordable_trials(scenario, 100)
    assert 1 <= fits < 100
    check_work_budget(scenario, fits)
    with pytest.raises(InputError, match=r"trials"):
        # 10M trial-years of loss components: 1.4 GB of arrays, whatever the incidents
        check_work_budget(
            scenario_from_dict(minimal_scenario_dict()), 10_000_000, keep_components=True
        )


def test_repr_is_one_short_paragraph() -> None:
    scenario = load_scenario(SCENARIOS[0])
    text = repr(scenario)
    assert len(text) < 600 and "\n" not in text and scenario.name in text
    assert scenario._repr_html_().startswith("<p>")
