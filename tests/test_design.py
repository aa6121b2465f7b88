"""Delivery designs: distances, stage times derived per incident, and their ordering properties."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from bizcase import scenario_from_dict
from bizcase.design.compile import compile_design, nbd_arrival
from bizcase.design.geo import EARTH_RADIUS_KM, great_circle_km
from bizcase.model.errors import ScenarioError
from bizcase.simulate.engine import (
    REPORT_STAGES,
    IncidentStreams,
    OptionPlan,
    draw_incidents,
    make_rng,
    restore,
)
from tests.conftest import minimal_scenario_dict

# Two plants ~36 km apart near Stuttgart; the integrator's office in the city.
OFFICE = (48.7758, 9.1829)
FAR_OFFICE = (49.4521, 11.0767)  # Nuremberg, ~157 km away


def designed_dict(
    mode: str = "on_call",
    office: tuple[float, float] = OFFICE,
    placement: str = "site",
) -> dict[str, Any]:
    data = minimal_scenario_dict()
    data["inventory"] = [
        {
            "name": "core",
            "units": 4,
            "annual_failure_rate": 0.5,
            "priority": "critical",
            "unit_cost": 20000,
            "lead_time_days": 30,
        }
    ]
    data["sites"] = [
        {"name": "North", "latitude": 48.89, "longitude": 9.19, "devices": {"core": 2}},
        {"name": "East", "latitude": 48.80, "longitude": 9.66, "devices": {"core": 2}},
    ]
    stages = data["options"]["base"]["stages"]
    del stages["response"], stages["travel"]
    window: dict[str, Any] = {"hours": {"preset": "24x7"}, "mode": mode, "engineers": 1}
    if mode == "resident":
        window["site"] = "North"
    else:
        window["base"] = "Office"
    data["options"]["base"]["design"] = {
        "bases": [{"name": "Office", "latitude": office[0], "longitude": office[1]}],
        "staffing": [window],
        "spares": {"core": {"placement": placement}},
        "circuity": 1.3,
        "speed_kmh": {"preset": "none", "base_weight": 60.0},
    }
    data["options"]["base"]["priorities"] = {"critical": {"restoration_target_hours": 4}}
    return data


def _restore(data: dict[str, Any], trials: int = 3000, seed: int = 2) -> tuple[Any, Any, Any]:
    scenario = scenario_from_dict(data)
    plan = OptionPlan.from_option("base", scenario.options["base"], scenario)
    sample = draw_incidents(IncidentStreams.from_scenario(scenario), trials, make_rng(seed))
    return sample, restore(plan, sample), plan


class TestGreatCircle:
    def test_rosetta_code_nashville_to_los_angeles(self) -> None:
        # Rosetta Code "Haversine formula": BNA (36.12, -86.67) to LAX (33.94, -118.40) is
        # 2887.2599506071106 km on a sphere of R = 6372.8 km.
        d = float(great_circle_km(36.12, -86.67, 33.94, -118.40)) * 6372.8 / EARTH_RADIUS_KM
        assert d == pytest.approx(2887.2599506071106, abs=1e-6)

    def test_london_paris_and_symmetry(self) -> None:
        # London (51.5074, -0.1278) - Paris (48.8566, 2.3522): 343.5 km great circle.
        d = float(great_circle_km(51.5074, -0.1278, 48.8566, 2.3522))
        assert d == pytest.approx(343.5, abs=0.1)
        assert float(great_circle_km(48.8566, 2.3522, 51.5074, -0.1278)) == pytest.approx(d)
        # a quarter of a meridian: pi/2 * R
        assert float(great_circle_km(0, 0, 90, 0)) == pytest.approx(np.pi / 2 * EARTH_RADIUS_KM)


class TestNextBusinessDay:
    def test_vendor_clock(self) -> None:
        mon10, fri16, sat9 = 10.0, 4 * 24 + 16.0, 5 * 24 + 9.0
        got = nbd_arrival(np.array([mon10, fri16, sat9]), 15, 17) / 24
        # Mon 10:00 -> Tue 17:00; Fri 16:00 (after the cut-off) -> Tue; Sat -> Tue
        np.testing.assert_allclose(got, [1 + 17 / 24, 8 + 17 / 24, 8 + 17 / 24])


class TestDerivedStages:
    def test_outputs_say_which_stages_are_derived(self) -> None:
        scenario = scenario_from_dict(designed_dict())
        compiled = compile_design(scenario, scenario.options["base"])
        assert "response" in compiled.derived and "travel" in compiled.derived
        assert "detection" in compiled.typed and "travel" not in compiled.typed

    def test_typed_stage_overrides_the_derived_one(self) -> None:
        data = designed_dict(office=FAR_OFFICE)
        data["options"]["base"]["stages"]["travel"] = {"median_hours": 0.5, "p90_hours": 0.5}
        sample, rest, plan = _restore(data)
        assert not plan.derived[3].any()
        travel = rest.stage_hours[REPORT_STAGES.index("travel")]
        assert travel.max() <= 0.5 + 1e-5

    def test_travel_follows_the_distance(self) -> None:
        scenario = scenario_from_dict(designed_dict())
        compiled = compile_design(scenario, scenario.options["base"])
        km = great_circle_km(OFFICE[0], OFFICE[1], 48.89, 9.19) * 1.3
        on_call_delay = 0.5
        assert np.exp(compiled.travel_mu[0, 0]) == pytest.approx(km / 60 + on_call_delay)

    def test_resident_never_slower_than_on_call(self) -> None:
        for seed in (1, 2):
            _, resident, _ = _restore(designed_dict("resident"), seed=seed)
            _, on_call, _ = _restore(designed_dict("on_call"), seed=seed)
            outage_r = resident.end_hours
            outage_c = on_call.end_hours
            # Engineers are counted: an incident that waited for the one engineer (its 24x7
            # window has no other waiting) may queue behind a different neighbour under each
            # mode.  Every other incident is restored no later by the resident, and so is the
            # average.
            waiting = REPORT_STAGES.index("waiting_for_window")
            queued = (resident.stage_hours[waiting] > 1e-5) | (on_call.stage_hours[waiting] > 1e-5)
            assert 0 < np.count_nonzero(queued) < 0.01 * queued.size
            assert np.all(outage_r[~queued] <= outage_c[~queued] + 1e-9)
            assert outage_r.mean() < outage_c.mean()

    def test_a_farther_base_restores_slower(self) -> None:
        sample, near, _ = _restore(designed_dict())
        _, far, _ = _restore(designed_dict(office=FAR_OFFICE))
        assert np.all(near.end_hours <= far.end_hours + 1e-9)
        assert far.end_hours.mean() > near.end_hours.mean()

    def test_spares_at_the_depot_restore_slower_than_on_site(self) -> None:
        _, site, _ = _restore(designed_dict(placement="site", mode="resident"))
        _, base, _ = _restore(designed_dict(placement="base", mode="resident"))
        spare = site.stage_hours[REPORT_STAGES.index("spare_part")]
        assert base.end_hours.mean() > site.end_hours.mean()
        assert spare.size  # the spare stage is reported

    def test_stage_hours_add_up_to_the_outage(self) -> None:
        sample, rest, _ = _restore(designed_dict(placement="vendor_nbd"))
        total = rest.stage_hours.astype(np.float64).sum(axis=0)
        outage = rest.end_hours - sample.start_hours
        assert np.all(np.abs(total - outage) <= 1e-3 * np.maximum(outage, 1.0))


class TestDesignRules:
    def test_coverage_hours_need_staffing(self) -> None:
        data = designed_dict()
        data["options"]["base"]["design"]["staffing"][0]["hours"] = {"preset": "business_hours"}
        # the first coverage hour no window staffs: Monday 00:00, then (staffed 09-18) 18:00
        with pytest.raises(ScenarioError, match="staffing = 'mon 00:00': .*no staffing window"):
            scenario_from_dict(data)
        data["options"]["base"]["design"]["staffing"][0]["hours"] = {
            "windows": [{"days": ["mon"], "start_hour": 0, "end_hour": 18}],
            "base_weight": 0.0,
        }
        with pytest.raises(ScenarioError, match="staffing = 'mon 18:00': .*no staffing window"):
            scenario_from_dict(data)

    def test_a_design_without_sites_needs_typed_travel(self) -> None:
        data = designed_dict()
        del data["sites"]
        with pytest.raises(ScenarioError, match="add sites"):
            scenario_from_dict(data)

    def test_untyped_diagnosis_is_not_derivable(self) -> None:
        data = copy.deepcopy(designed_dict())
        del data["options"]["base"]["stages"]["diagnosis"]
        with pytest.raises(ScenarioError, match="derives only"):
            scenario_from_dict(data)

    def test_a_design_and_a_cost_per_partner_visit_are_refused_together(self) -> None:
        # A designed option prices its partners' visits itself: one price per visit.
        data = designed_dict()
        data["options"]["base"]["field_partner_cost_per_visit"] = 150.0
        with pytest.raises(ScenarioError, match="field_partner_cost_per_visit"):
            scenario_from_dict(data)


class TestCostFromTheSameDesign:
    """Done-when: a cheaper design (farther base, depot spares) restores less, and costs less."""

    OPTION = "support_24x7x4"

    @staticmethod
    def _redesign(scenario: Any, **design: Any) -> Any:
        opt = scenario.options["support_24x7x4"]
        new = opt.model_copy(update={"design": opt.design.model_copy(update=design)})
        return scenario.model_copy(update={"options": {**scenario.options, "support_24x7x4": new}})

    @staticmethod
    def _plan(scenario: Any) -> Any:
        from bizcase.delivery.plan import delivery_plan

        return delivery_plan(scenario, "support_24x7x4", trials=3000, seed=11, with_scaling=False)

    def test_a_farther_base_lowers_attainment_and_cost(self) -> None:
        from bizcase.model import load_scenario
        from tests.conftest import ROOT

        s = load_scenario(ROOT / "scenarios" / "manufacturing.toml")
        base = s.options[self.OPTION].design.bases[0]  # type: ignore[union-attr]
        # The integrator's existing Nuremberg office: no extra rent, ~150 km from the plants.
        far = base.model_copy(update={"latitude": 49.4521, "longitude": 11.0767, "annual_cost": 0})
        near_plan = self._plan(s)
        far_plan = self._plan(self._redesign(s, bases=(far,)))
        near_att = near_plan.sla.loc["critical", "attainment"]
        far_att = far_plan.sla.loc["critical", "attainment"]
        assert far_att < near_att

        def to_serve(plan: Any) -> float:
            return float(plan.total_annual_cost - plan.annual_cost["service_credits"])

        # It costs less to serve, and the breaches it adds come back as service credits.
        assert to_serve(far_plan) < to_serve(near_plan)
        assert far_plan.annual_cost["service_credits"] > near_plan.annual_cost["service_credits"]

    def test_spares_at_the_depot_lower_attainment_and_cost(self) -> None:
        from bizcase.model import load_scenario
        from bizcase.model.design import StaffingWindow
        from tests.conftest import ROOT

        s = load_scenario(ROOT / "scenarios" / "manufacturing.toml")
        design = s.options[self.OPTION].design
        assert design is not None
        # A resident engineer at Plant 1: the shelf is next to them, the depot 30 km away.
        resident = StaffingWindow.model_validate(
            {"hours": {"preset": "24x7"}, "mode": "resident", "site": "Plant 1 Boeblingen"}
        )
        # The integrator's central depot in Nuremberg, ~150 km away.
        depot = design.bases[0].model_copy(
            update={"name": "Nuremberg depot", "latitude": 49.4521, "longitude": 11.0767}
        )
        on_site = self._redesign(s, staffing=(resident,), bases=(*design.bases, depot))
        spares = dict(design.spares)
        for cls in ("core switch", "firewall"):
            spares[cls] = spares[cls].model_copy(
                update={"placement": "base", "bases": ("Nuremberg depot",)}
            )
        at_depot = self._redesign(on_site, spares=spares)
        site_plan, depot_plan = self._plan(on_site), self._plan(at_depot)
        # The core and the firewalls are redundant pairs: one unit down is a major incident.
        assert depot_plan.sla.loc["major", "attainment"] < site_plan.sla.loc["major", "attainment"]
        # one pooled depot stock for the four clients instead of a shelf at each
        assert depot_plan.spares.total_capital < site_plan.spares.total_capital
        assert depot_plan.total_annual_cost < site_plan.total_annual_cost

    def test_every_design_line_is_priced_once(self) -> None:
        from bizcase.model import load_scenario
        from tests.conftest import ROOT

        s = load_scenario(ROOT / "scenarios" / "retail_chain.toml")
        plan = self._plan(s)
        cost = plan.annual_cost
        assert cost["partner_visits"] > 0 and cost["monitoring"] > 0
        assert cost["vendor_back_to_back"] > 0 and cost["bases"] > 0
        assert plan.total_annual_cost == pytest.approx(sum(cost.values()))
        # The design's partner visits are its own line: no undesigned per-visit price on top,
        # and the partner's technician travels on its fee.
        assert cost["field_partner"] == 0.0
        partner_visits = plan.contracts * plan.stats.partner_visits_per_year
        travel = s.delivery.overheads.travel_cost_per_visit  # type: ignore[union-attr]
        own_visits = plan.contracts * plan.stats.visits_per_year - partner_visits
        assert cost["travel"] == pytest.approx(own_visits * travel)

    def test_the_integrator_views_price_the_designs_stock(self) -> None:
        from bizcase.delivery.spares_plan import design_spares
        from bizcase.economics.business import delivery_views
        from bizcase.model import load_scenario
        from tests.conftest import ROOT

        s = load_scenario(ROOT / "scenarios" / "retail_chain.toml")
        views = delivery_views(s, self.OPTION, 300, 11)
        assert views is not None
        single = design_spares(s, self.OPTION, 1).total_capital
        assert views["single"].spares_capital == pytest.approx(single)


class TestWaitForTheWindowFirst:
    def test_a_vendor_order_waits_for_the_window_even_with_no_work_before_it(self) -> None:
        data = minimal_scenario_dict("business_hours")
        zero = {"median_hours": 0.0, "p90_hours": 0.0}
        stages = data["options"]["base"]["stages"]
        for stage in ("detection", "response", "diagnosis", "travel", "second_line", "repair"):
            stages[stage] = zero
        data["options"]["base"]["spares"] = {
            "local_stock": False,
            "vendor_lead_time": {"median_hours": 24.0, "p90_hours": 24.0},
        }
        data["incidents"]["critical"]["spare_share"] = 1.0
        scenario = scenario_from_dict(data)
        plan = OptionPlan.from_option("base", scenario.options["base"], scenario)
        sample = draw_incidents(IncidentStreams.from_scenario(scenario), 500, make_rng(4))
        rest = restore(plan, sample)
        window = plan.windows[0]
        spare = sample.needs_spare
        opens = window.next_open(sample.start_hours[spare])
        assert np.all(rest.end_hours[spare] >= opens + 24.0 - 1e-6)
        assert np.any(opens > sample.start_hours[spare])  # some cases did wait
