"""Calendar: prefix sums of weekly profiles and work on a coverage window."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizcase.model.base import Profile
from bizcase.model.calendar import CoverageWindow, WeeklyProfile, hours_mask
from bizcase.model.errors import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE = CoverageWindow.from_mask(hours_mask(WEEKDAYS, 9, 18))
ALWAYS = CoverageWindow.from_mask(np.ones(168))


class TestWeeklyProfile:
    def test_integral_matches_riemann_sum(self) -> None:
        rng = np.random.default_rng(3)
        profile = WeeklyProfile.from_values(rng.random(168))
        fine = np.repeat(profile.values, 100)  # 0.01 h steps over one week
        a, b = 13.37, 13.37 + 500.0
        grid = np.arange(a, b, 0.01)
        riemann = fine[(grid % 168 * 100).astype(int)].sum() * 0.01
        assert profile.integral(a, b) == pytest.approx(riemann, rel=1e-3)

    def test_integral_over_whole_weeks_is_total(self) -> None:
        profile = WeeklyProfile.from_values(hours_mask(WEEKDAYS, 9, 18))
        starts = np.array([0.0, 5.5, 100.25, 8000.0])
        assert np.allclose(profile.integral(starts, starts + 3 * 168), 3 * 45)

    @pytest.mark.parametrize("values", [np.ones(167), np.full(168, -1.0), np.full(168, np.nan)])
    def test_bad_values(self, values: np.ndarray) -> None:
        with pytest.raises(InputError, match="values"):
            WeeklyProfile.from_values(values)


class TestCoverageWindow:
    def test_work_inside_window(self) -> None:
        assert OFFICE.work_end(9.0, 2.0) == pytest.approx(11.0)

    def test_work_carries_over_night(self) -> None:
        # Monday 17:00 + 2 h -> Tuesday 10:00 (24 + 10 = 34).
        assert OFFICE.work_end(17.0, 2.0) == pytest.approx(34.0)

    def test_work_over_weekend(self) -> None:
        # Friday 17:30 + 1 h -> Monday 09:30 of the next week.
        friday = 4 * 24 + 17.5
        assert OFFICE.work_end(friday, 1.0) == pytest.approx(168 + 9.5)

    def test_work_ending_at_closing_time_ends_then(self) -> None:
        assert OFFICE.work_end(16.0, 2.0) == pytest.approx(18.0)

    def test_zero_work_ends_at_start(self) -> None:
        assert OFFICE.work_end(20.0, 0.0) == pytest.approx(20.0)

    def test_next_open(self) -> None:
        times = np.array([10.0, 20.0, 4 * 24 + 19.0, 5 * 24 + 3.0])
        expected = np.array([10.0, 33.0, 168 + 9.0, 168 + 9.0])
        assert np.allclose(OFFICE.next_open(times), expected)

    def test_always_open_is_identity(self) -> None:
        t = np.array([0.0, 17.3, 9000.0])
        assert np.allclose(ALWAYS.work_end(t, 2.5), t + 2.5)

    def test_mask_must_be_zero_one(self) -> None:
        with pytest.raises(InputError, match="0 \\(closed\\) or 1"):
            CoverageWindow.from_mask(np.full(168, 0.5))

    def test_mask_needs_an_open_hour(self) -> None:
        with pytest.raises(InputError, match="no open hour"):
            CoverageWindow.from_mask(np.zeros(168))

    @given(
        start=st.floats(0, 9000, allow_nan=False),
        work=st.floats(0.001, 200, allow_nan=False),
    )
    def test_open_hours_elapsed_equal_work(self, start: float, work: float) -> None:
        end = OFFICE.work_end(start, work)
        assert end >= start
        assert OFFICE.profile.integral(start, end) == pytest.approx(work, abs=1e-6)

    @given(
        start=st.floats(0, 9000, allow_nan=False),
        work=st.floats(0, 100, allow_nan=False),
        extra=st.floats(0, 50, allow_nan=False),
    )
    def test_more_work_never_ends_earlier(self, start: float, work: float, extra: float) -> None:
        assert OFFICE.work_end(start, work + extra) >= OFFICE.work_end(start, work) - 1e-9

    def test_expected_wait_for_business_hours_by_hand(self) -> None:
        # Uniform arrivals over a week: closed gaps are 4 nights of 15 h and a 63 h weekend, so
        # E[wait] = (4·15²/2 + 63²/2) / 168 = 14.4911 h.
        t = np.linspace(0, 168, 1_680_001)[:-1]
        wait = OFFICE.next_open(t) - t
        assert wait.mean() == pytest.approx((4 * 15**2 / 2 + 63**2 / 2) / 168, rel=1e-4)


class TestBuiltOnce:
    """Weekly windows are built once per distinct window (validation reads each ~20 times per
    pass); every caller still gets its own array."""

    def test_a_mask_changed_by_its_caller_leaves_the_next_one_intact(self) -> None:
        first = hours_mask(("mon",), 9, 18)
        first[:] = 7.0
        again = hours_mask(["mon"], 9, 18)
        assert again.sum() == 9.0 and again[9] == 1.0 and again.flags.writeable

    def test_a_profile_vector_changed_by_its_caller_leaves_the_next_one_intact(self) -> None:
        profile = Profile(preset="business_hours")
        first = profile.vector()
        first[:] = 0.0
        assert Profile(preset="business_hours").vector().sum() == 45.0
        assert profile.vector().sum() == 45.0

    def test_equal_windows_give_equal_vectors_and_different_ones_differ(self) -> None:
        window = {"days": ["sat"], "start_hour": 8, "end_hour": 12, "weight": 0.5}
        a = Profile(windows=[window], base_weight=0.1).vector()
        b = Profile(windows=[window], base_weight=0.2).vector()
        assert a[5 * 24 + 8] == b[5 * 24 + 8] == 0.5
        assert a[0] == pytest.approx(0.1) and b[0] == pytest.approx(0.2)

    def test_a_bad_day_is_still_refused(self) -> None:
        with pytest.raises(InputError, match="day = 'xyz'"):
            hours_mask(("xyz",), 9, 18)
