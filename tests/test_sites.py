"""Sites: incidents fall on them by devices or stated shares; no sites = the numbers of before."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from bizcase import run_simulation, scenario_from_dict
from bizcase.model.errors import ScenarioError
from bizcase.simulate.engine import IncidentStreams, draw_incidents, make_rng
from tests.conftest import minimal_scenario_dict


def _with_inventory(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["inventory"] = [
        {"name": "core", "units": 2, "annual_failure_rate": 0.5, "priority": "critical"},
        {"name": "access", "units": 30, "annual_failure_rate": 0.2, "priority": "major"},
    ]
    return data


def _sites(**over: Any) -> list[dict[str, Any]]:
    sites = [
        {"name": "A", "latitude": 48.78, "longitude": 9.18, "devices": {"core": 2, "access": 10}},
        {"name": "B", "latitude": 48.70, "longitude": 9.65, "devices": {"access": 20}},
    ]
    for site in sites:
        site.update(over)
    return sites


class TestNoSitesSameNumbers:
    def test_sites_without_weights_leave_every_number_unchanged(self) -> None:
        plain = scenario_from_dict(_with_inventory(minimal_scenario_dict()))
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites()
        sited = scenario_from_dict(data)
        a = run_simulation(plain, trials=3000, seed=5)
        b = run_simulation(sited, trials=3000, seed=5)
        assert_array_equal(a.annual_loss, b.annual_loss)
        assert_array_equal(a.stage_hours, b.stage_hours)
        assert_array_equal(a.annual_downtime_hours, b.annual_downtime_hours)

    def test_one_site_holding_everything_is_the_scenario_without_sites(self) -> None:
        plain = scenario_from_dict(_with_inventory(minimal_scenario_dict()))
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = [{"name": "all", "latitude": 50.0, "longitude": 8.0}]
        one = scenario_from_dict(data)
        assert_array_equal(
            run_simulation(plain, trials=2000, seed=9).annual_loss,
            run_simulation(one, trials=2000, seed=9).annual_loss,
        )


class TestWhereIncidentsFall:
    def test_device_incidents_follow_units_and_others_the_stated_share(self) -> None:
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites()
        data["sites"][0]["incident_share"] = {"critical": 0.8}
        data["sites"][1]["incident_share"] = {"critical": 0.2}
        scenario = scenario_from_dict(data)
        streams = IncidentStreams.from_scenario(scenario)
        sample = draw_incidents(streams, 40_000, make_rng(3))
        access = sample.stream == 5  # 4 priority streams, then core (4) and access (5)
        core = sample.stream == 4
        critical_rate = sample.stream == 0
        assert np.all(sample.site[core] == 0)
        share_b = np.mean(sample.site[access] == 1)
        n = access.sum()
        assert abs(share_b - 2 / 3) < 4 * np.sqrt(2 / 9 / n)
        share_a = np.mean(sample.site[critical_rate] == 0)
        assert abs(share_a - 0.8) < 4 * np.sqrt(0.16 / critical_rate.sum())
        # minor incidents follow all devices: 12 of 32 at A
        minor = sample.stream == 2
        assert abs(np.mean(sample.site[minor] == 0) - 12 / 32) < 0.02

    def test_loss_weight_scales_the_loss_of_a_site(self) -> None:
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites(loss_weight=0.5)
        half = run_simulation(scenario_from_dict(data), trials=2000, seed=4, keep_components=True)
        # A weight of 0.5 at every site is every incident's impact share halved: no recovery
        # cost or penalty in the minimal scenario, so the losses are those of halved impacts
        # (not exactly half the full ones: two simultaneous full outages cap at one, two
        # half-weight ones do not).
        halved = _with_inventory(minimal_scenario_dict())
        halved["sites"] = _sites()
        for incidents in halved["incidents"].values():
            incidents["impact_share"] *= 0.5
        same = run_simulation(scenario_from_dict(halved), trials=2000, seed=4)
        np.testing.assert_allclose(half.annual_loss, same.annual_loss, rtol=1e-9)
        full = run_simulation(
            scenario_from_dict(_with_inventory(minimal_scenario_dict())), trials=2000, seed=4
        )
        assert np.all(half.annual_loss <= full.annual_loss + 1e-6)
        assert np.all(half.annual_loss >= 0.5 * full.annual_loss - 1e-6)
        comps = half.components
        assert comps is not None
        from bizcase.simulate.simulation import LossModel

        loss, _, _ = LossModel.from_scenario(scenario_from_dict(data)).annual_from_components(comps)
        np.testing.assert_allclose(loss[:, 0], half.annual_loss[:, 0], rtol=1e-9)


class TestSiteRules:
    def test_devices_must_place_every_unit(self) -> None:
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites()
        data["sites"][1]["devices"]["access"] = 5
        with pytest.raises(ScenarioError, match="place every unit"):
            scenario_from_dict(data)

    def test_unknown_class_and_shares_not_adding_up(self) -> None:
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites()
        data["sites"][0]["devices"]["router"] = 1
        with pytest.raises(ScenarioError, match="no inventory class"):
            scenario_from_dict(data)
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = _sites()
        data["sites"][0]["incident_share"] = {"major": 0.5}
        with pytest.raises(ScenarioError, match="must be 1"):
            scenario_from_dict(data)

    def test_a_site_needs_a_position_or_travel_times(self) -> None:
        data = _with_inventory(minimal_scenario_dict())
        data["sites"] = [{"name": "X"}]
        with pytest.raises(ScenarioError, match="position"):
            scenario_from_dict(data)
