"""Pure functions of the delivery model: labour calendar, on-call rota, service desk, SLA credits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizcase.delivery.oncall import (
    callout_multiplier,
    callout_paid_hours,
    on_call_positions,
    probability_engineer_free,
    roster_size,
    weeks_on_call_per_person,
)
from bizcase.delivery.servicedesk import (
    agents_per_interval,
    desk_arrivals_per_hour,
    scheduled_agents,
)
from bizcase.delivery.sla import (
    month_of_year,
    monthly_availability,
    service_credits_per_year,
    sla_elapsed_hours,
)
from bizcase.design.labour import coverage_fte, fte_per_seat, productive_hours_per_fte, weekly_grid
from bizcase.design.queueing import service_level
from bizcase.model.calendar import CoverageWindow, hours_mask
from bizcase.model.errors import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = hours_mask(WEEKDAYS, 9, 18)


class TestLabourCalendar:
    def test_design_reference_24x7_seat(self) -> None:
        # DESIGN §8: 168 / 40 = 4.2 FTE before absence; 8,736 h / 1,736 h = 5.03 after.
        productive = productive_hours_per_fte(2080, 25, 8, 6, 4, 8)
        assert productive == 1736.0
        assert fte_per_seat(168, 2080) == pytest.approx(4.2)
        assert fte_per_seat(168, productive) == pytest.approx(8736 / 1736)
        assert round(float(fte_per_seat(168, productive)), 2) == 5.03

    def test_coverage_fte_of_a_window(self) -> None:
        assert coverage_fte(np.ones(168), 1736) == pytest.approx(5.0323, abs=1e-4)
        assert coverage_fte(OFFICE, 1736) == pytest.approx(52 * 45 / 1736)
        assert coverage_fte(2 * OFFICE, 1736) == pytest.approx(2 * 52 * 45 / 1736)

    def test_weekly_grid(self) -> None:
        grid = weekly_grid(OFFICE)
        assert grid.shape == (7, 24)
        assert grid.loc["mon", 9] == 1 and grid.loc["sat", 10] == 0

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda: productive_hours_per_fte(2080, leave_days=-1), "leave_days"),
            (lambda: productive_hours_per_fte(100, 25, 8, 6, 4, 8), "standard_hours_per_year"),
            (lambda: productive_hours_per_fte(hours_per_day=0), "hours_per_day"),
            (lambda: fte_per_seat(200, 1736), "coverage_hours_per_week"),
            (lambda: fte_per_seat(40, 0), "productive_hours"),
            (lambda: coverage_fte(np.ones(10), 1736), "seats_per_hour"),
        ],
    )
    def test_bad_input_names_the_argument(self, call: object, argument: str) -> None:
        with pytest.raises(InputError, match=argument):
            call()  # type: ignore[operator]


class TestOnCall:
    def test_positions_follow_erlang_c(self) -> None:
        assert on_call_positions(0.0) == 1
        assert on_call_positions(0.04) == 1  # C(0.04, 1) = 0.04 <= 0.05
        assert on_call_positions(0.06) == 2
        assert 1 - probability_engineer_free(0.06, 1) == pytest.approx(0.06)

    def test_roster_rules(self) -> None:
        assert roster_size(1) == 4  # one week in four
        assert roster_size(1, max_on_call_share=1.0) == 2  # two engineers at least
        assert roster_size(1, max_on_call_share=1.0, min_rest_hours=200) == 3
        assert roster_size(1, min_engineers=6) == 6
        assert weeks_on_call_per_person(1, 4) == 13.0

    @given(st.integers(1, 20), st.floats(0.05, 1.0), st.floats(0, 400))
    def test_roster_covers_every_stint_within_the_share(
        self, positions: int, share: float, rest: float
    ) -> None:
        n = int(roster_size(positions, 2, share, rest, 168.0))
        assert n >= max(2, positions)
        assert positions / n <= share + 1e-9
        assert n >= int(roster_size(max(1, positions - 1), 2, share, rest, 168.0))

    def test_callout_pay(self) -> None:
        mult = callout_multiplier([19.0, 23.5, 24.0 * 5 + 12, 24.0 * 6 + 2])
        np.testing.assert_allclose(mult, [1.5, 2.0, 2.0, 2.0])
        np.testing.assert_allclose(callout_paid_hours([0.5, 3.0], [2.0, 1.5], 2.0), [4.0, 4.5])
        with pytest.raises(InputError, match="overtime"):
            callout_multiplier([1.0], overtime=0.5)
        with pytest.raises(InputError, match="work_hours"):
            callout_paid_hours([-1.0], [1.0])

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda: on_call_positions(-1.0), "traffic_erlangs"),
            (lambda: on_call_positions(1.0, 1.0), "max_busy_probability"),
            (lambda: roster_size(0), "positions"),
            (lambda: roster_size(1.5), "positions"),
            (lambda: roster_size(1, max_on_call_share=0), "max_on_call_share"),
            (lambda: weeks_on_call_per_person(3, 2), "positions"),
        ],
    )
    def test_bad_input(self, call: object, argument: str) -> None:
        with pytest.raises(InputError, match=argument):
            call()  # type: ignore[operator]


class TestServiceDesk:
    def test_design_reference_erlang_c(self) -> None:
        # DESIGN §9: 100 calls / 30 min, 180 s handle time, 80 % in 20 s -> 14 agents;
        # with 30 % shrinkage, 20 scheduled.
        arrivals = np.full(168, 200.0)
        ones = np.ones(168)
        agents = agents_per_interval(arrivals, ones, 180.0, 0.8, 20.0, 1.0, 0.0)
        assert set(agents.tolist()) == {14}
        agents = agents_per_interval(arrivals, ones, 180.0, 0.8, 20.0, 1.0, 0.3)
        assert set(agents.tolist()) == {20}
        assert scheduled_agents([14], 0.3).tolist() == [20]

    def test_one_agent_floor_in_open_hours_only(self) -> None:
        agents = agents_per_interval(np.zeros(168), OFFICE, shrinkage=0.0)
        assert agents.sum() == 45 and agents[OFFICE == 0].sum() == 0

    def test_arrivals_profile(self) -> None:
        lam = desk_arrivals_per_hour(876.0, 45.0, OFFICE, 1.0)
        assert lam[9] == pytest.approx(0.1 + 1.0)
        assert lam[0] == 0.0
        assert lam.sum() == pytest.approx(45 * 1.1)

    @settings(max_examples=40, deadline=None)
    @given(st.floats(0.0, 400.0), st.floats(0.5, 0.95), st.floats(0.5, 0.99), st.floats(0.0, 0.5))
    def test_higher_target_never_fewer_agents(
        self, rate: float, low: float, high: float, shrinkage: float
    ) -> None:
        low, high = min(low, high), max(low, high)
        arrivals = np.full(168, rate)
        a = agents_per_interval(arrivals, OFFICE, 240.0, low, 20.0, 0.9, shrinkage)
        b = agents_per_interval(arrivals, OFFICE, 240.0, high, 20.0, 0.9, shrinkage)
        assert np.all(b >= a)

    @settings(max_examples=40, deadline=None)
    @given(st.floats(0.1, 50.0), st.integers(1, 80))
    def test_more_agents_never_lower_service_level(self, traffic: float, agents: int) -> None:
        assert (
            service_level(traffic, agents + 1, 20.0, 180.0)
            >= service_level(traffic, agents, 20.0, 180.0) - 1e-12
        )

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda: agents_per_interval(np.ones(168), OFFICE, handle_time_s=0), "handle_time_s"),
            (lambda: agents_per_interval(np.ones(10), OFFICE), "arrivals_per_hour"),
            (lambda: agents_per_interval(np.ones(168), OFFICE, shrinkage=1.0), "shrinkage"),
            (
                lambda: agents_per_interval(np.ones(168), OFFICE, target_service_level=1.0),
                "target_service_level",
            ),
            (lambda: desk_arrivals_per_hour(-1.0, 1.0, OFFICE), "incidents_per_year"),
            (lambda: desk_arrivals_per_hour(1.0, 1.0, np.full(168, 0.5)), "open_mask"),
        ],
    )
    def test_bad_input(self, call: object, argument: str) -> None:
        with pytest.raises(InputError, match=argument):
            call()  # type: ignore[operator]


class TestSla:
    def test_clock(self) -> None:
        office = CoverageWindow.from_mask(OFFICE)
        np.testing.assert_allclose(sla_elapsed_hours([17.0, 9.0], [34.0, 13.0], office), [2, 4])
        np.testing.assert_allclose(sla_elapsed_hours([17.0], [34.0]), [17.0])
        with pytest.raises(InputError, match="start_hours"):
            sla_elapsed_hours([np.nan], [1.0])

    def test_months(self) -> None:
        assert month_of_year([0.0, 730.0, 8759.9]).tolist() == [0, 1, 11]
        avail = monthly_availability([0, 1], [10.0, 800.0], [73.0, 7.3], 2)
        assert avail[0, 0] == pytest.approx(0.9) and avail[1, 1] == pytest.approx(0.99)
        assert avail[0, 1] == 1.0

    def test_credits_per_breach_tiers_and_cap(self) -> None:
        fee = 10_000.0
        # Trial 0: three breaches of 2,000 in January (cap 25 % = 2,500); trial 1: a 3.65 h
        # outage in May (availability 0.995 < 0.999 -> 5 %) and one breach of 2,000.
        credits = service_credits_per_year(
            [0, 0, 0, 1, 1],
            [1.0, 2.0, 3.0, 3000.0, 3001.0],
            [2000.0, 2000.0, 2000.0, 0.0, 2000.0],
            [0.0, 0.0, 0.0, 3.65, 0.0],
            2,
            fee,
            [0.999, 0.99],
            [0.05, 0.2],
            0.25,
        )
        np.testing.assert_allclose(credits, [2500.0, 2500.0])

    def test_no_tiers_no_cap_is_the_sum_of_breaches(self) -> None:
        credits = service_credits_per_year(
            [0, 1, 1], [5.0, 5.0, 5000.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0], 3, 1e9
        )
        np.testing.assert_allclose(credits, [1.0, 5.0, 0.0])

    @pytest.mark.parametrize(
        ("kwargs", "argument"),
        [
            ({"n_trials": 0}, "n_trials"),
            ({"monthly_fee": -1.0}, "monthly_fee"),
            ({"cap_share": 1.5}, "cap_share"),
            ({"tier_below": [0.99, 0.9], "tier_share": [0.1]}, "tier_below"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], argument: str) -> None:
        args: dict[str, object] = {
            "trial": [0],
            "start_hours": [1.0],
            "breach_credit": [1.0],
            "weighted_outage_hours": [0.0],
            "n_trials": 1,
            "monthly_fee": 100.0,
        }
        args.update(kwargs)
        with pytest.raises(InputError, match=argument):
            service_credits_per_year(**args)  # type: ignore[arg-type]
