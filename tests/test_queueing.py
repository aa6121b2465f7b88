"""Tests of bizcase.design.queueing: published values, exact small cases, an independent Erlang A chain,
properties and bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import linalg, stats

from bizcase.design.queueing import (
    ErlangAResult,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    servers_needed,
    service_level,
)
from bizcase.model.errors import InputError

# DESIGN §9: 100 calls per 30 min, 180 s handle time -> 100 / 1800 s × 180 s = 10 Erlangs.
DESK_TRAFFIC = 100 / 1800 * 180
DESK_HANDLE_S = 180.0
DESK_ANSWER_S = 20.0

traffic_values = st.floats(min_value=0.0, max_value=150.0, allow_nan=False)
server_counts = st.integers(min_value=0, max_value=200)
targets = st.floats(min_value=0.01, max_value=0.99)
answer_times = st.floats(min_value=0.0, max_value=120.0)
handle_times = st.floats(min_value=1.0, max_value=600.0)


# --- independent references -----------------------------------------------------------------------


def exact_erlang_b(traffic: Fraction, servers: int) -> Fraction:
    """B = (A^N / N!) / sum_k A^k / k!, in exact rational arithmetic."""
    terms = [traffic**k / math.factorial(k) for k in range(servers + 1)]
    return terms[-1] / sum(terms)


def exact_erlang_c(traffic: Fraction, servers: int) -> Fraction:
    """C = (A^N / N! · N / (N - A)) / (sum_{k<N} A^k / k! + A^N / N! · N / (N - A))."""
    terms = [traffic**k / math.factorial(k) for k in range(servers)]
    top = traffic**servers / math.factorial(servers) * servers / (servers - traffic)
    return top / (sum(terms) + top)


def palm_chain(
    arrival_rate: float,
    handle_time: float,
    patience: float,
    servers: int,
    answer_within: float,
    waiting_room: int = 120,
) -> dict[str, float]:
    """Erlang A measures from a truncated generator solved with dense linear algebra.

    The stationary law solves pi Q = 0, sum pi = 1; P(ab) follows from Little (theta E[Q] / lambda).
    The service level and the wait of answered callers come from a tagged-caller absorbing chain
    (state = callers ahead; absorbed by service from state 0 at rate N mu, or by hanging up at
    rate theta) through the matrix exponential and the fundamental matrix.
    """
    mu, theta = 1.0 / handle_time, 1.0 / patience
    size = servers + waiting_room + 1
    generator = np.zeros((size, size))
    for k in range(size):
        if k + 1 < size:
            generator[k, k + 1] = arrival_rate
        if k > 0:
            generator[k, k - 1] = min(k, servers) * mu + max(k - servers, 0) * theta
        generator[k, k] = -generator[k].sum()
    system = np.vstack([generator.T, np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1.0
    pi = np.linalg.lstsq(system, rhs, rcond=None)[0]
    states = np.arange(size)
    mean_queue = float(np.dot(np.maximum(states - servers, 0), pi))

    ahead = waiting_room + 1
    transient = np.zeros((ahead, ahead))
    for i in range(ahead):
        if i > 0:
            transient[i, i - 1] = servers * mu + i * theta
        transient[i, i] = -(servers * mu + i * theta + theta)
    exit_served = np.zeros(ahead)
    exit_served[0] = servers * mu
    start = pi[servers : servers + ahead]
    inverse = np.linalg.inv(transient)
    served_by_t = start @ inverse @ (linalg.expm(transient * answer_within) - np.eye(ahead))
    answered_late_or_early = float(start @ -inverse @ exit_served)
    prob_answered = float(pi[:servers].sum()) + answered_late_or_early
    return {
        "prob_wait": float(pi[servers:].sum()),
        "prob_abandon": theta * mean_queue / arrival_rate,
        "service_level": float(pi[:servers].sum() + served_by_t @ exit_served),
        "average_speed_of_answer": float(start @ inverse @ inverse @ exit_served) / prob_answered,
        "occupancy": float(np.dot(np.minimum(states, servers), pi)) / servers,
    }


# --- Erlang B -------------------------------------------------------------------------------------


class TestErlangB:
    def test_published_values(self) -> None:
        assert erlang_b(1.0, 1) == pytest.approx(0.5, abs=1e-12)
        assert erlang_b(1.0, 2) == pytest.approx(0.2, abs=1e-12)
        assert erlang_b(10.0, 17) == pytest.approx(0.01295, abs=5e-6)

    def test_ten_erlangs_at_two_percent_need_17_servers(self) -> None:
        blocking = erlang_b(10.0, np.arange(0, 30))
        assert int(np.argmax(blocking <= 0.02)) == 17
        assert erlang_b(10.0, 16) > 0.02

    @pytest.mark.parametrize(
        ("traffic", "servers"),
        [(Fraction(2), 5), (Fraction(5), 10), (Fraction(3, 2), 3), (Fraction(47, 10), 7), (0, 4)],
    )
    def test_matches_exact_factorial_formula(self, traffic: Fraction, servers: int) -> None:
        expected = float(exact_erlang_b(Fraction(traffic), servers))
        assert erlang_b(float(traffic), servers) == pytest.approx(expected, rel=1e-12, abs=1e-15)

    def test_textbook_table_values(self) -> None:
        # Erlang B tables: 2 E on 5 lines -> 0.0367; 5 E on 10 lines -> 0.0184.
        assert erlang_b(2.0, 5) == pytest.approx(0.0367, abs=5e-5)
        assert erlang_b(5.0, 10) == pytest.approx(0.0184, abs=5e-5)

    def test_large_case_is_finite_and_matches_poisson_ratio(self) -> None:
        blocking = erlang_b(2000.0, 2100)
        assert math.isfinite(blocking) and 0.0 <= blocking <= 1.0
        # Independently: B = P(Poisson(A) = N) / P(Poisson(A) <= N).
        expected = stats.poisson.pmf(2100, 2000.0) / stats.poisson.cdf(2100, 2000.0)
        assert blocking == pytest.approx(expected, rel=1e-9)

    def test_no_servers_block_everything(self) -> None:
        assert erlang_b(3.0, 0) == 1.0

    def test_scalar_in_float_out_array_in_array_out(self) -> None:
        assert isinstance(erlang_b(1.0, 1), float)
        out = erlang_b(np.array([[1.0], [2.0]]), np.array([1, 2, 3]))
        assert isinstance(out, np.ndarray) and out.shape == (2, 3)
        assert_allclose(out[0, 1], 0.2)

    @given(traffic_values, server_counts)
    def test_in_unit_interval_and_decreasing_in_servers(self, traffic: float, servers: int) -> None:
        values = np.asarray(erlang_b(traffic, np.array([servers, servers + 1])))
        assert np.all((values >= 0.0) & (values <= 1.0))
        assert values[1] <= values[0]

    @pytest.mark.parametrize(
        ("traffic", "servers", "argument"),
        [
            (-1.0, 3, "traffic"),
            (float("nan"), 3, "traffic"),
            (math.inf, 3, "traffic"),
            (1.0, -1, "servers"),
            (1.0, 2.5, "servers"),
            (1.0, float("nan"), "servers"),
            ([1.0, -2.0], 3, "traffic[1]"),
            ("ten", 3, "traffic"),
        ],
    )
    def test_bad_input(self, traffic: object, servers: object, argument: str) -> None:
        with pytest.raises(InputError, match=argument.replace("[", r"\[").replace("]", r"\]")):
            erlang_b(traffic, servers)  # type: ignore[arg-type]

    def test_message_names_value_and_rule(self) -> None:
        with pytest.raises(InputError, match=r"servers = -1: must be a non-negative integer"):
            erlang_b(1.0, -1)

    def test_shapes_that_do_not_broadcast(self) -> None:
        with pytest.raises(InputError, match="traffic .*servers"):
            erlang_b([1.0, 2.0], [1, 2, 3])


# --- Erlang C -------------------------------------------------------------------------------------


class TestErlangC:
    def test_published_probability_of_waiting(self) -> None:
        assert erlang_c(DESK_TRAFFIC, 14) == pytest.approx(0.174, abs=5e-4)

    @pytest.mark.parametrize(
        ("traffic", "servers"),
        [(Fraction(2), 3), (Fraction(10), 14), (Fraction(1, 2), 1), (Fraction(37, 10), 6)],
    )
    def test_matches_exact_formula(self, traffic: Fraction, servers: int) -> None:
        expected = float(exact_erlang_c(traffic, servers))
        assert erlang_c(float(traffic), servers) == pytest.approx(expected, rel=1e-12)

    def test_textbook_two_erlangs_on_three_agents(self) -> None:
        assert erlang_c(2.0, 3) == pytest.approx(4 / 9, rel=1e-12)

    def test_single_server_waits_with_probability_rho(self) -> None:
        rho = np.array([0.1, 0.5, 0.9])
        assert_allclose(erlang_c(rho, 1), rho, rtol=1e-12)

    def test_unstable_queue_always_waits(self) -> None:
        assert_allclose(erlang_c([10.0, 12.5], 10), [1.0, 1.0])

    def test_large_case_is_finite(self) -> None:
        waiting = erlang_c(2000.0, 2100)
        assert math.isfinite(waiting) and 0.0 <= waiting <= 1.0
        assert waiting >= erlang_b(2000.0, 2100)

    @given(traffic_values, server_counts)
    def test_at_least_erlang_b(self, traffic: float, servers: int) -> None:
        waiting = erlang_c(traffic, servers)
        assert 0.0 <= waiting <= 1.0
        assert waiting >= erlang_b(traffic, servers) * (1 - 1e-12)

    def test_bad_input(self) -> None:
        with pytest.raises(InputError, match="servers"):
            erlang_c(1.0, 1.5)
        with pytest.raises(InputError, match="traffic"):
            erlang_c(-0.1, 1)


# --- service level --------------------------------------------------------------------------------


class TestServiceLevel:
    def test_published_values(self) -> None:
        level = service_level(DESK_TRAFFIC, 14, DESK_ANSWER_S, DESK_HANDLE_S)
        assert level == pytest.approx(0.888, abs=5e-4)
        assert service_level(DESK_TRAFFIC, 13, DESK_ANSWER_S, DESK_HANDLE_S) == pytest.approx(
            0.7956, abs=5e-5
        )

    def test_unit_free(self) -> None:
        seconds = service_level(DESK_TRAFFIC, 14, 20.0, 180.0)
        minutes = service_level(DESK_TRAFFIC, 14, 20.0 / 60, 3.0)
        assert seconds == pytest.approx(minutes, rel=1e-12)

    def test_single_server_closed_form(self) -> None:
        # M/M/1: P(W <= t) = 1 - rho exp(-(mu - lambda) t).
        rho, handle, within = 0.75, 4.0, 2.0
        expected = 1 - rho * math.exp(-(1 - rho) * within / handle)
        assert service_level(rho, 1, within, handle) == pytest.approx(expected, rel=1e-12)

    def test_zero_answer_time_is_probability_of_no_wait(self) -> None:
        assert service_level(5.0, 7, 0.0, 60.0) == pytest.approx(1 - erlang_c(5.0, 7), rel=1e-12)

    def test_unstable_or_empty_desk(self) -> None:
        assert_allclose(service_level([10.0, 11.0, 0.0], [10, 10, 0], 20.0, 180.0), 0.0)
        assert service_level(0.0, 1, 0.0, 180.0) == 1.0

    @given(traffic_values, server_counts, answer_times, handle_times)
    def test_more_servers_never_lower_the_service_level(
        self, traffic: float, servers: int, within: float, handle: float
    ) -> None:
        levels = np.asarray(
            service_level(traffic, np.array([servers, servers + 1]), within, handle)
        )
        assert levels[1] >= levels[0] - 1e-12
        assert np.all((levels >= 0.0) & (levels <= 1.0))

    @pytest.mark.parametrize(
        ("kwargs", "argument"),
        [
            ({"answer_within": -1.0}, "answer_within"),
            ({"handle_time": 0.0}, "handle_time"),
            ({"handle_time": float("nan")}, "handle_time"),
            ({"servers": -3}, "servers"),
            ({"traffic": float("nan")}, "traffic"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, float], argument: str) -> None:
        args: dict[str, float] = {
            "traffic": 10.0,
            "servers": 14,
            "answer_within": 20.0,
            "handle_time": 180.0,
        }
        args.update(kwargs)
        with pytest.raises(InputError, match=argument):
            service_level(**args)


# --- average speed of answer ----------------------------------------------------------------------


class TestAverageSpeedOfAnswer:
    def test_published_value(self) -> None:
        asa = average_speed_of_answer(DESK_TRAFFIC, 14, DESK_HANDLE_S)
        assert asa == pytest.approx(7.84, abs=5e-3)

    def test_single_server_closed_form(self) -> None:
        # M/M/1: Wq = rho / (mu - lambda) = rho h / (1 - rho).
        assert average_speed_of_answer(0.5, 1, 2.0) == pytest.approx(2.0, rel=1e-12)

    def test_unstable_is_infinite(self) -> None:
        assert average_speed_of_answer(10.0, 10, 180.0) == math.inf
        assert_allclose(average_speed_of_answer([0.0, 12.0], 10, 180.0), [0.0, np.inf])

    def test_bad_input(self) -> None:
        with pytest.raises(InputError, match="handle_time"):
            average_speed_of_answer(10.0, 14, -180.0)


# --- occupancy ------------------------------------------------------------------------------------


class TestOccupancy:
    def test_published_value(self) -> None:
        assert occupancy(DESK_TRAFFIC, 14) == pytest.approx(0.714, abs=5e-4)

    def test_capped_at_one(self) -> None:
        assert_allclose(
            occupancy([5.0, 10.0, 20.0, 3.0, 0.0], [10, 10, 10, 0, 0]), [0.5, 1, 1, 1, 0]
        )

    def test_bad_input(self) -> None:
        with pytest.raises(InputError, match="servers"):
            occupancy(1.0, 0.5)


# --- servers needed -------------------------------------------------------------------------------


class TestServersNeeded:
    def test_published_staffing(self) -> None:
        agents = servers_needed(DESK_TRAFFIC, 0.8, DESK_ANSWER_S, DESK_HANDLE_S)
        assert agents == 14 and isinstance(agents, int)
        # DESIGN §9: with 30 % shrinkage, 20 scheduled.
        assert math.ceil(agents / (1 - 0.30)) == 20

    def test_occupancy_cap_binds(self) -> None:
        assert servers_needed(10.0, 0.8, 20.0, 180.0, max_occupancy=0.5) == 20
        assert servers_needed(10.0, 0.8, 20.0, 180.0, max_occupancy=0.9) == 14

    def test_no_traffic_needs_no_one_and_tiny_traffic_needs_one(self) -> None:
        assert_allclose(servers_needed([0.0, 1e-6], 0.8, 20.0, 180.0), [0, 1])

    def test_vectorised_matches_scalar_calls(self) -> None:
        traffic = np.array([0.3, 2.0, 10.0, 47.5, 200.0])
        targets_ = np.array([0.5, 0.8, 0.9, 0.95, 0.8])
        vector = servers_needed(traffic, targets_, 20.0, 180.0, max_occupancy=0.95)
        assert isinstance(vector, np.ndarray) and vector.dtype == np.int64
        scalars = [
            servers_needed(a, t, 20.0, 180.0, max_occupancy=0.95)
            for a, t in zip(traffic, targets_, strict=True)
        ]
        assert vector.tolist() == scalars

    def test_large_traffic(self) -> None:
        agents = servers_needed(2000.0, 0.8, 20.0, 180.0)
        assert isinstance(agents, int) and agents > 2000
        assert service_level(2000.0, agents, 20.0, 180.0) >= 0.8
        assert service_level(2000.0, agents - 1, 20.0, 180.0) < 0.8

    @settings(max_examples=60, deadline=None)
    @given(traffic_values, targets, answer_times, handle_times)
    def test_smallest_that_meets_the_target(
        self, traffic: float, target: float, within: float, handle: float
    ) -> None:
        agents = servers_needed(traffic, target, within, handle)
        if traffic == 0.0:
            assert agents == 0
            return
        assert agents > traffic
        assert service_level(traffic, agents, within, handle) >= target
        below = agents - 1
        assert below <= traffic or service_level(traffic, below, within, handle) < target

    @settings(max_examples=60, deadline=None)
    @given(traffic_values, targets, targets, answer_times, handle_times)
    def test_higher_target_never_needs_fewer(
        self, traffic: float, first: float, second: float, within: float, handle: float
    ) -> None:
        low, high = sorted((first, second))
        assert servers_needed(traffic, high, within, handle) >= servers_needed(
            traffic, low, within, handle
        )

    @pytest.mark.parametrize(
        ("kwargs", "argument"),
        [
            ({"target_service_level": 0.0}, "target_service_level"),
            ({"target_service_level": 1.0}, "target_service_level"),
            ({"target_service_level": 1.2}, "target_service_level"),
            ({"target_service_level": float("nan")}, "target_service_level"),
            ({"max_occupancy": 0.0}, "max_occupancy"),
            ({"max_occupancy": 1.1}, "max_occupancy"),
            ({"traffic": -5.0}, "traffic"),
            ({"answer_within": float("nan")}, "answer_within"),
            ({"handle_time": 0.0}, "handle_time"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, float], argument: str) -> None:
        args: dict[str, float] = {
            "traffic": 10.0,
            "target_service_level": 0.8,
            "answer_within": 20.0,
            "handle_time": 180.0,
        }
        args.update(kwargs)
        with pytest.raises(InputError, match=argument):
            servers_needed(**args)


# --- Erlang A -------------------------------------------------------------------------------------


class TestErlangA:
    @pytest.mark.parametrize(
        ("arrival_rate", "handle_time", "patience", "servers", "answer_within"),
        [
            (10.0, 1.0, 2.0, 10, 1 / 3),  # 10 calls/min, 1 min handle, critically loaded
            (10.0, 1.0, 2.0, 8, 0.5),  # overloaded: abandonment keeps it stable
            (10.0, 1.0, 0.5, 12, 0.2),  # impatient callers, spare agents
            (3.7, 2.3, 1.1, 5, 0.7),  # non-integer everything
        ],
    )
    def test_matches_birth_death_chain(
        self,
        arrival_rate: float,
        handle_time: float,
        patience: float,
        servers: int,
        answer_within: float,
    ) -> None:
        result = erlang_a(arrival_rate, handle_time, patience, servers, answer_within)
        expected = palm_chain(arrival_rate, handle_time, patience, servers, answer_within)
        assert result.prob_wait == pytest.approx(expected["prob_wait"], abs=1e-6)
        assert result.prob_abandon == pytest.approx(expected["prob_abandon"], abs=1e-6)
        assert result.service_level == pytest.approx(expected["service_level"], abs=1e-6)
        assert result.average_speed_of_answer == pytest.approx(
            expected["average_speed_of_answer"], rel=1e-6
        )
        assert result.occupancy == pytest.approx(expected["occupancy"], abs=1e-6)

    def test_conservation(self) -> None:
        # Answered callers keep agents busy: occupancy = lambda h (1 - P(ab)) / N.
        result = erlang_a(10.0, 1.0, 2.0, 9, 0.25)
        assert result.occupancy == pytest.approx(10.0 * (1 - result.prob_abandon) / 9, rel=1e-9)
        assert result.prob_abandon < result.prob_wait

    def test_patient_callers_approach_erlang_c(self) -> None:
        result = erlang_a(10.0, 1.0, 1e6, 12, answer_within=1 / 3)
        assert result.prob_wait == pytest.approx(erlang_c(10.0, 12), rel=1e-4)
        assert result.service_level == pytest.approx(service_level(10.0, 12, 1 / 3, 1.0), rel=1e-4)
        assert result.average_speed_of_answer == pytest.approx(
            average_speed_of_answer(10.0, 12, 1.0), rel=1e-4
        )
        assert result.prob_abandon < 1e-5

    def test_hundreds_of_servers(self) -> None:
        result = erlang_a(500.0, 1.0, 3.0, 500, answer_within=0.1)
        values = [result.prob_wait, result.prob_abandon, result.service_level, result.occupancy]
        assert all(0.0 <= v <= 1.0 for v in values)
        assert math.isfinite(result.average_speed_of_answer)
        # Halfin-Whitt regime: a fair share of callers wait, few abandon.
        assert 0.2 < result.prob_wait < 0.9 and result.prob_abandon < 0.05

    def test_no_arrivals(self) -> None:
        assert erlang_a(0.0, 1.0, 2.0, 3) == ErlangAResult(0.0, 0.0, 1.0, 0.0, 0.0)

    def test_result_is_frozen(self) -> None:
        result = erlang_a(10.0, 1.0, 2.0, 10)
        with pytest.raises(AttributeError):
            result.prob_wait = 0.0  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("kwargs", "argument"),
        [
            ({"arrival_rate": -1.0}, "arrival_rate"),
            ({"arrival_rate": float("nan")}, "arrival_rate"),
            ({"handle_time": 0.0}, "handle_time"),
            ({"patience": 0.0}, "patience"),
            ({"patience": math.inf}, "patience"),
            ({"servers": 0}, "servers"),
            ({"servers": 2.5}, "servers"),
            ({"servers": -1}, "servers"),
            ({"answer_within": -1.0}, "answer_within"),
            ({"arrival_rate": [1.0, 2.0]}, "arrival_rate"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], argument: str) -> None:
        args: dict[str, object] = {
            "arrival_rate": 10.0,
            "handle_time": 1.0,
            "patience": 2.0,
            "servers": 10,
            "answer_within": 0.0,
        }
        args.update(kwargs)
        with pytest.raises(InputError, match=argument):
            erlang_a(**args)  # type: ignore[arg-type]
