"""Issue 11: SLA clocks per priority, the integrator's own hours, the desk and service management."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from bizcase import load_scenario, run_simulation
from bizcase.delivery.incidents import simulate_option
from bizcase.delivery.plan import delivery_plan, plan_to_dict
from bizcase.delivery.servicedesk import agents_on_duty, agents_per_interval, desk_fte
from bizcase.delivery.sla import sla_clock_hours
from bizcase.design.labour import coverage_fte
from bizcase.model import Scenario
from bizcase.model.calendar import CoverageWindow, hours_mask
from bizcase.output.delivery_text import format_delivery_table
from tests.conftest import ROOT, SCENARIOS

MANUFACTURING = ROOT / "scenarios" / "manufacturing.toml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = hours_mask(WEEKDAYS, 9, 18)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(MANUFACTURING)


def _option(scenario: Scenario, name: str, **update: Any) -> Scenario:
    opt = scenario.options[name].model_copy(update=update)
    return scenario.model_copy(update={"options": {**scenario.options, name: opt}})


def _loss(scenario: Scenario, option: str, trials: int, seed: int) -> np.ndarray:
    result = run_simulation(scenario, trials=trials, seed=seed)
    return result.annual_loss[:, result.options.index(option)]


def _delivery(scenario: Scenario, **update: Any) -> Scenario:
    assert scenario.delivery is not None
    return scenario.model_copy(update={"delivery": scenario.delivery.model_copy(update=update)})


class TestSlaClock:
    """A minor incident logged Friday 17:00, restored Monday 11:00, on Mon–Fri 09–18."""

    FRIDAY_17 = 4 * 24 + 17.0  # hour 113 of the week
    MONDAY_11 = 168 + 11.0

    def test_business_hours_clock(self) -> None:
        # Friday 17:00–18:00 (1 h) + Monday 09:00–11:00 (2 h) = 3 business hours.
        window = CoverageWindow.from_mask(OFFICE)
        got = sla_clock_hours([self.FRIDAY_17], [self.MONDAY_11], "coverage", window)
        assert got.tolist() == [3.0]

    def test_next_business_day_clock(self) -> None:
        # Counting starts Monday 09:00 (the next business day after Friday): 2 hours.
        window = CoverageWindow.from_mask(OFFICE)
        got = sla_clock_hours([self.FRIDAY_17], [self.MONDAY_11], "next_business_day", window)
        assert got.tolist() == [2.0]
        # Restored Friday 17:30, before the next business day: nothing has run.
        same_day = sla_clock_hours(
            [self.FRIDAY_17], [self.FRIDAY_17 + 0.5], "next_business_day", window
        )
        assert same_day.tolist() == [0.0]

    def test_24x7_clock(self) -> None:
        window = CoverageWindow.from_mask(OFFICE)
        got = sla_clock_hours([self.FRIDAY_17], [self.MONDAY_11], "24x7", window)
        assert got.tolist() == [66.0]

    def test_unknown_clock(self) -> None:
        with pytest.raises(ValueError, match="clock = 'weekly'"):
            sla_clock_hours([0.0], [1.0], "weekly", CoverageWindow.from_mask(OFFICE))

    def test_priority_clock_overrides_the_option(self, scenario: Scenario) -> None:
        opt = scenario.options["support_24x7x4"]
        assert opt.sla_clock_for("critical") == "24x7"
        assert opt.sla_clock_for("minor") == "coverage"

    def test_business_clock_never_lowers_attainment(self, scenario: Scenario) -> None:
        # Same incidents; a clock that stops outside business hours can only shorten elapsed time.
        minor = scenario.options["support_24x7x4"].priorities["minor"]
        wall = _option(
            scenario,
            "support_24x7x4",
            priorities={
                **scenario.options["support_24x7x4"].priorities,
                "minor": minor.model_copy(update={"sla_clock": "24x7"}),
            },
        )
        a = simulate_option(scenario, "support_24x7x4", trials=300, seed=3)
        b = simulate_option(wall, "support_24x7x4", trials=300, seed=3)
        assert a.restoration_met[2] >= b.restoration_met[2]
        assert a.restoration_met[2] > 0.95  # 27 business hours is three business days

    def test_registration_start_never_lowers_attainment(self, scenario: Scenario) -> None:
        outage = _option(scenario, "support_24x7x4", sla_clock_start="outage_start")
        a = simulate_option(scenario, "support_24x7x4", trials=300, seed=4)
        b = simulate_option(outage, "support_24x7x4", trials=300, seed=4)
        assert np.all(a.restoration_met[:2] >= b.restoration_met[:2])
        assert np.all(a.response_met[:2] >= b.response_met[:2])


class TestExclusions:
    def test_excluded_incidents_leave_the_sla_not_the_losses(self, scenario: Scenario) -> None:
        # The 8x5 option breaches often enough (~190 in 600 years) for the ratio to be measured;
        # the designed 24x7x4 option restores ~97 % of criticals in time (~19 breaches).
        option = "nbd_8x5"
        none = _option(scenario, option, sla_excluded_share=0.0)
        half = _option(scenario, option, sla_excluded_share=0.5)
        a = simulate_option(none, option, trials=600, seed=7)
        b = simulate_option(half, option, trials=600, seed=7)
        # Every incident still happens and is worked ...
        np.testing.assert_array_equal(a.incidents_per_year, b.incidents_per_year)
        assert a.hands_on_hours_per_year == b.hands_on_hours_per_year
        # ... but only about half count for breaches (each kept with probability 1/2, so the
        # ratio's standard error is sqrt(0.25 / breaches)); the share met is the same rule.
        breaches = a.breaches_per_trial.sum()
        ratio = b.breaches_per_trial.sum() / breaches
        assert ratio == pytest.approx(0.5, abs=4 * math.sqrt(0.25 / breaches))
        n = a.incidents_per_year[0] * 600
        se = math.sqrt(2 * 0.25 / n)
        assert b.restoration_met[0] == pytest.approx(a.restoration_met[0], abs=4 * se)
        # The client's losses do not read the exclusion.
        la = _loss(none, option, 200, 1)
        lb = _loss(half, option, 200, 1)
        np.testing.assert_array_equal(la, lb)


class TestIntegratorHours:
    def test_8x5_has_no_rota_and_no_night_callouts(self, scenario: Scenario) -> None:
        plan = delivery_plan(scenario, "nbd_8x5", trials=300, seed=1, with_scaling=False)
        assert plan.staffing.roster_size == 0
        assert plan.stats.callouts_per_year == 0.0
        assert plan.annual_cost["on_call_standby"] == 0.0
        assert plan.annual_cost["call_outs"] == 0.0

    def test_client_first_line_hours_are_not_the_integrators(self, scenario: Scenario) -> None:
        # Dropping the plant's own shifts leaves the cases to the integrator's 09–18 only: the
        # client waits longer, but the integrator's work does not change with the client's staff.
        alone = _option(scenario, "nbd_8x5", client_first_line=None)
        a = simulate_option(scenario, "nbd_8x5", trials=300, seed=2)
        b = simulate_option(alone, "nbd_8x5", trials=300, seed=2)
        assert b.hands_on_hours_per_year >= a.hands_on_hours_per_year
        la = _loss(scenario, "nbd_8x5", 300, 2).mean()
        lb = _loss(alone, "nbd_8x5", 300, 2).mean()
        assert lb > la

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_8x5_costs_less_than_24x7x4(self, path: Any) -> None:
        s = load_scenario(path)
        cheap = delivery_plan(s, "nbd_8x5", trials=300, seed=1, with_scaling=False)
        full = delivery_plan(s, "support_24x7x4", trials=300, seed=1, with_scaling=False)
        assert cheap.total_annual_cost < full.total_annual_cost

    def test_field_partner_takes_the_visits(self, scenario: Scenario) -> None:
        partner = _option(scenario, "nbd_8x5", field_partner_cost_per_visit=200.0)
        own = simulate_option(scenario, "nbd_8x5", trials=300, seed=5)
        bought = simulate_option(partner, "nbd_8x5", trials=300, seed=5)
        assert bought.visits_per_year == own.visits_per_year
        assert bought.hands_on_hours_per_year < own.hands_on_hours_per_year
        plan = delivery_plan(partner, "nbd_8x5", trials=300, seed=5, with_scaling=False)
        n = plan.contracts
        assert plan.annual_cost["field_partner"] == pytest.approx(
            n * bought.visits_per_year * 200.0
        )
        assert plan.annual_cost["travel"] == 0.0


class TestServiceDesk:
    def test_a_desk_of_005_erlang(self) -> None:
        # 0.5 contacts an hour × 360 s = 0.05 Erlang: one agent answers
        # 1 − C(0.05, 1)·exp(−0.95·20/360) = 1 − 0.05·0.9486 = 95.3 % within 20 s.
        arrivals = np.where(OFFICE > 0, 0.5, 0.0)
        on_duty = agents_on_duty(arrivals, OFFICE, 360.0, 0.8, 20.0, 0.85)
        assert on_duty.tolist() == OFFICE.astype(int).tolist()
        # 45 seat-hours a week × 52 / 1,736 productive hours / (1 − 0.15) = 1.5858 FTE.
        fte = desk_fte(on_duty, 1736.0, 0.15)
        assert fte == pytest.approx(52 * 45 / 1736 / 0.85, rel=1e-12)
        assert fte == pytest.approx(1.5858, abs=1e-4)

    def test_shrinkage_applied_once(self) -> None:
        arrivals = np.where(OFFICE > 0, 0.5, 0.0)
        # Inflating each hour's head count (ceil(1 / 0.85) = 2) and then the FTE again would
        # double the desk; the FTE divides by (1 − s) exactly once.
        per_hour = agents_per_interval(arrivals, OFFICE, 360.0, 0.8, 20.0, 0.85, 0.15)
        assert coverage_fte(per_hour, 1736.0) == pytest.approx(2 * 52 * 45 / 1736)
        on_duty = agents_on_duty(arrivals, OFFICE, 360.0, 0.8, 20.0, 0.85)
        assert desk_fte(on_duty, 1736.0, 0.15) == pytest.approx(
            coverage_fte(on_duty, 1736.0) / 0.85
        )

    def test_minimum_on_duty_is_stated(self) -> None:
        none = agents_on_duty(np.zeros(168), OFFICE, min_agents=0)
        one = agents_on_duty(np.zeros(168), OFFICE)
        assert none.sum() == 0 and one.sum() == 45

    def test_plan_prices_the_desk_fte(self, scenario: Scenario) -> None:
        plan = delivery_plan(scenario, "support_24x7x4", trials=200, seed=1, with_scaling=False)
        d = scenario.delivery
        assert d is not None
        expected = desk_fte(
            plan.desk_agents, d.calendar.productive_hours_per_fte, d.service_desk.shrinkage
        )
        assert plan.fte["service_desk_agent"] == pytest.approx(expected)
        assert plan.annual_cost["service_desk"] == pytest.approx(
            expected * d.wages.service_desk_agent
        )
        # One desk for every contract: four contracts' contacts share the same agents.
        assert int(plan.desk_agents.max()) == 1


class TestServiceManagement:
    def test_hours_below_the_threshold(self, scenario: Scenario) -> None:
        d = scenario.delivery
        assert d is not None
        plan = delivery_plan(scenario, "support_24x7x4", trials=300, seed=1, with_scaling=False)
        n = plan.contracts
        assert n < d.service_manager_threshold
        terms = d.service_management
        criticals = float(plan.stats.incidents_per_year[0])
        # 12 months × (6 + 4 + 2) h + one 6-hour review per critical incident, per contract.
        hours = n * (12 * 12.0 + criticals * 6.0)
        assert terms.hours_per_month == 12.0
        productive = d.calendar.productive_hours_per_fte
        assert plan.annual_cost["service_manager"] == pytest.approx(
            hours / productive * d.wages.service_manager
        )
        # Bought by the hour: FTE without a headcount, printed so (it printed headcount 0
        # beside 0.34 FTE and a cost line, where the second line said "by the hour").
        assert "service_manager" not in plan.staffing.headcount
        assert plan.fte["service_manager"] == pytest.approx(hours / productive)
        text = format_delivery_table(plan_to_dict(plan))
        row = next(line for line in text.splitlines() if line.startswith("service manager"))
        assert row.split()[-3:] == ["by", "the", "hour"]

    def test_dedicated_managers_from_the_threshold(self, scenario: Scenario) -> None:
        d = scenario.delivery
        assert d is not None
        small = _delivery(scenario, service_manager_threshold=2)
        plan = delivery_plan(small, "support_24x7x4", trials=300, seed=1, with_scaling=False)
        # 4 contracts, one manager per 2: two dedicated managers paid in full.
        assert plan.staffing.headcount["service_manager"] == 2
        assert plan.annual_cost["service_manager"] == 2 * d.wages.service_manager
