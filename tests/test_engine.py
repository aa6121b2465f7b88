"""Incident engine and client ledger: closed forms, seeded statistics and properties."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase import run_simulation, scenario_from_dict, summarise
from bizcase.model import PRIORITIES, STAGES, Duration
from bizcase.model.errors import InputError, ScenarioError
from bizcase.simulate.engine import REPORT_STAGES
from tests.conftest import minimal_scenario_dict

PROPERTY_SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _expected_duration(option: Any, inc: Any) -> float:
    """E[outage] of one incident on a 24x7 window: the sum of the stages' expected hours."""
    st_ = option.stages
    spares = option.spares
    spare_hours = (
        (1 - spares.stockout_probability) * spares.local_fetch.mean_hours
        + spares.stockout_probability * spares.vendor_lead_time.mean_hours
        if spares.local_stock
        else spares.vendor_lead_time.mean_hours
    )
    return (
        st_.detection.mean_hours
        + st_.response.mean_hours
        + st_.diagnosis.mean_hours
        + inc.onsite_share * st_.travel.mean_hours
        + inc.spare_share * spare_hours
        + inc.second_line_share * st_.second_line.mean_hours
        + st_.repair.mean_hours
    )


class TestClosedForm:
    def test_flat_profile_24x7_matches_closed_form(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict("24x7"))
        result = run_simulation(scenario, trials=40_000, seed=11)
        summary = summarise(result)["base"]
        option = scenario.options["base"]
        rate = scenario.client.hard_loss_per_hour
        expected = sum(
            inc.annual_rate * _expected_duration(option, inc) * rate * inc.impact_share
            for inc in scenario.incidents.by_priority().values()
        )
        se = summary.expected_annual_loss_se
        assert abs(summary.expected_annual_loss - expected) < 4 * se, (expected, se)
        # the standard error is small enough for the check to mean something
        assert se / expected < 0.02

    def test_expected_incident_count(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict("24x7"))
        result = run_simulation(scenario, trials=20_000, seed=3)
        total_rate = sum(scenario.annual_rates().values())
        count = summarise(result)["base"].expected_incidents
        assert abs(count - total_rate) < 4 * math.sqrt(total_rate / 20_000)

    def test_business_hours_wait_matches_hand_calculation(self) -> None:
        # All stages tiny except the wait: an incident arriving uniformly over the week waits
        # (4·15²/2 + 63²/2)/168 = 14.4911 h on average for Mon–Fri 09–18 to open.
        data = minimal_scenario_dict("business_hours")
        tiny = {"median_hours": 0.001, "p90_hours": 0.001}
        zero = {"median_hours": 0.0, "p90_hours": 0.0}
        option = data["options"]["base"]
        option["stages"] = {s: (tiny if s == "response" else zero) for s in STAGES}
        option["spares"] = {"local_stock": True, "stockout_probability": 0.0, "local_fetch": zero}
        result = run_simulation(scenario_from_dict(data), trials=20_000, seed=5)
        wait = result.stage_hours[0, :, REPORT_STAGES.index("waiting_for_window")].sum()
        count = result.priority_incidents[0].sum()
        expected = (4 * 15**2 / 2 + 63**2 / 2) / 168
        # per-incident wait: a mixture of 0 (open) and uniform gaps; sd <= 63/sqrt(3)
        se = 63 / math.sqrt(3) / math.sqrt(count)
        assert abs(wait / count - expected) < 4 * se


class TestDeterminism:
    def test_same_seed_same_result(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict())
        a = run_simulation(scenario, trials=3000, seed=42)
        b = run_simulation(scenario, trials=3000, seed=42)
        assert np.array_equal(a.annual_loss, b.annual_loss)

    def test_chunks_share_a_prefix(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict())
        a = run_simulation(scenario, trials=2500, seed=9, chunk_trials=1000)
        b = run_simulation(scenario, trials=4000, seed=9, chunk_trials=1000)
        assert np.array_equal(a.annual_loss[:2000], b.annual_loss[:2000])

    def test_different_seed_differs(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict())
        a = run_simulation(scenario, trials=500, seed=1)
        b = run_simulation(scenario, trials=500, seed=2)
        assert not np.array_equal(a.annual_loss, b.annual_loss)

    def test_bad_trials(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict())
        with pytest.raises(InputError, match="trials"):
            run_simulation(scenario, trials=0)


def _two_options(base: dict[str, Any], other: dict[str, Any]) -> Any:
    data = minimal_scenario_dict()
    data["options"] = {"base": base, "other": other}
    return scenario_from_dict(data)


@st.composite
def durations(draw: st.DrawFn) -> dict[str, float]:
    median = draw(st.floats(0.05, 20))
    spread = draw(st.floats(1.0, 5.0))
    return {"median_hours": median, "p90_hours": median * spread}


class TestProperties:
    @PROPERTY_SETTINGS
    @given(stage=st.sampled_from(STAGES), factor=st.floats(0.1, 0.99), seed=st.integers(0, 99))
    def test_shorter_stage_never_raises_losses(self, stage: str, factor: float, seed: int) -> None:
        base = minimal_scenario_dict("business_hours")["options"]["base"]
        faster = copy.deepcopy(base)
        d = Duration.model_validate(base["stages"][stage])
        faster["stages"][stage] = {
            "median_hours": d.median_hours * factor,
            "p90_hours": d.p90_hours * factor,
        }
        result = run_simulation(_two_options(base, faster), trials=300, seed=seed)
        assert np.all(result.annual_loss[:, 1] <= result.annual_loss[:, 0] + 1e-6)

    @PROPERTY_SETTINGS
    @given(seed=st.integers(0, 99))
    def test_24x7_never_loses_more_than_business_hours(self, seed: int) -> None:
        office = minimal_scenario_dict("business_hours")["options"]["base"]
        always = copy.deepcopy(office)
        always["coverage"] = {"preset": "24x7"}
        result = run_simulation(_two_options(office, always), trials=300, seed=seed)
        assert np.all(result.annual_loss[:, 1] <= result.annual_loss[:, 0] + 1e-6)

    @PROPERTY_SETTINGS
    @given(priority=st.sampled_from(PRIORITIES), extra=st.floats(0.5, 5.0))
    def test_higher_rate_never_lowers_expected_loss(self, priority: str, extra: float) -> None:
        data = minimal_scenario_dict()
        scenario = scenario_from_dict(data)
        data["incidents"][priority]["annual_rate"] += extra
        busier = scenario_from_dict(data)
        low = summarise(run_simulation(scenario, trials=4000, seed=1))["base"]
        high = summarise(run_simulation(busier, trials=4000, seed=1))["base"]
        tolerance = 4 * math.hypot(low.expected_annual_loss_se, high.expected_annual_loss_se)
        assert high.expected_annual_loss >= low.expected_annual_loss - tolerance

    @PROPERTY_SETTINGS
    @given(
        stages=st.fixed_dictionaries({s: durations() for s in STAGES}),
        coverage=st.sampled_from(["24x7", "business_hours", "extended_hours"]),
        seed=st.integers(0, 10_000),
    )
    def test_losses_are_non_negative_and_finite(
        self, stages: dict[str, Any], coverage: str, seed: int
    ) -> None:
        data = minimal_scenario_dict(coverage)
        data["options"]["base"]["stages"] = stages
        result = run_simulation(scenario_from_dict(data), trials=200, seed=seed)
        assert np.all(np.isfinite(result.annual_loss)) and np.all(result.annual_loss >= 0)
        assert np.all(result.stage_hours >= 0)

    @PROPERTY_SETTINGS
    @given(share=st.floats(0.01, 1.0), seed=st.integers(0, 99))
    def test_prevention_never_raises_losses(self, share: float, seed: int) -> None:
        base = minimal_scenario_dict()["options"]["base"]
        proactive = {**copy.deepcopy(base), "proactive_removal_share": share}
        result = run_simulation(_two_options(base, proactive), trials=300, seed=seed)
        assert np.all(result.annual_loss[:, 1] <= result.annual_loss[:, 0] + 1e-6)


class TestLedger:
    def test_penalty_and_recovery_add_up(self) -> None:
        data = minimal_scenario_dict()
        plain = summarise(run_simulation(scenario_from_dict(data), trials=2000, seed=4))["base"]
        data["incidents"]["critical"]["recovery_cost"] = 1000.0
        with_cost = summarise(run_simulation(scenario_from_dict(data), trials=2000, seed=4))
        extra = with_cost["base"].by_priority["critical"]["expected_incidents"] * 1000.0
        assert with_cost["base"].expected_annual_loss == pytest.approx(
            plain.expected_annual_loss + extra, rel=1e-9
        )

    def test_penalty_skips_outages_below_its_impact_share(self) -> None:
        """Hand-computed: H = 10,000/h, penalty 1,000/h beyond 2 h, owed from impact 0.3.

        A 5-hour major outage (impact 0.4): 10,000 × 0.4 × 5 + 1,000 × 0.4 × 3 = 21,200.
        A 5-hour minor outage (impact 0.05): 10,000 × 0.05 × 5 = 2,500 (2,650 without the rule).
        The two fall in different trial-years, so the overlap cap leaves them alone.
        """
        from bizcase.simulate.engine import IncidentSample, LossModel

        data = minimal_scenario_dict()
        data["client"] |= {"penalty_threshold_hours": 2.0, "penalty_per_hour": 1000.0}
        results = {}
        for m in (0.0, 0.3):
            data["client"]["penalty_min_impact_share"] = m
            model = LossModel.from_scenario(scenario_from_dict(data))
            streams = np.array([int(np.flatnonzero(model.impact == x)[0]) for x in (0.4, 0.05)])
            priority = model.stream_priority[streams]
            assert np.all(np.diff(priority) >= 0)  # the sample's rows are grouped by priority
            start = np.array([100.0, 200.0])
            sample = IncidentSample(
                n_trials=2,
                trial=np.array([0, 1]),
                priority=priority,
                priority_bounds=np.searchsorted(priority, np.arange(len(PRIORITIES) + 1)),
                start_hours=start,
                needs_onsite=np.zeros(2, np.bool_),
                needs_spare=np.zeros(2, np.bool_),
                needs_second_line=np.zeros(2, np.bool_),
                stockout_u=np.ones(2),
                prevention_u=np.ones(2),
                z=np.zeros((7, 2), np.float32),
                stream=streams,
            )
            prepared = model.prepare(sample)
            outages = model.outages(sample, prepared, start + 5.0, None)
            assert outages.outage_hours.tolist() == [5.0, 5.0]
            assert outages.penalty_hours.tolist() == [3.0, 3.0]
            results[m] = model.price(prepared, outages)[0]
        assert results[0.3] == pytest.approx([21_200.0, 2_500.0])
        assert results[0.0] == pytest.approx([21_200.0, 2_650.0])

    def test_penalty_impact_rule_in_the_simulated_ledger(self) -> None:
        data = minimal_scenario_dict()
        data["client"] |= {"penalty_threshold_hours": 2.0, "penalty_per_hour": 5000.0}
        every = summarise(run_simulation(scenario_from_dict(data), 2000, 4))["base"].by_priority
        data["client"]["penalty_min_impact_share"] = 0.3
        gated = summarise(run_simulation(scenario_from_dict(data), 2000, 4))["base"].by_priority
        data["client"]["penalty_per_hour"] = 0.0
        none = summarise(run_simulation(scenario_from_dict(data), 2000, 4))["base"].by_priority
        loss = "expected_annual_loss"
        # critical (impact 1) and major (0.4) owe the penalty; minor (0.05) does not
        for p in ("critical", "major"):
            assert gated[p][loss] == pytest.approx(every[p][loss], rel=1e-9)
            assert gated[p][loss] > none[p][loss]
        assert gated["minor"][loss] == pytest.approx(none["minor"][loss], rel=1e-9)
        assert every["minor"][loss] > none["minor"][loss]

    def test_penalty_impact_rule_holds_when_an_impact_is_repriced(self) -> None:
        # a new impact share cannot be re-priced exactly (capped overlaps, the penalty rule):
        # reprice refuses it, and a fresh run follows the rule (0.2 owes no penalty)
        from bizcase.simulate.summary import reprice

        data = minimal_scenario_dict()
        data["client"] |= {
            "penalty_threshold_hours": 2.0,
            "penalty_per_hour": 5000.0,
            "penalty_min_impact_share": 0.3,
        }
        result = run_simulation(scenario_from_dict(data), 1000, 6, keep_components=True)
        data["incidents"]["major"]["impact_share"] = 0.2
        smaller = scenario_from_dict(data)
        with pytest.raises(InputError, match=r"incidents\.major\.impact_share = 0\.2"):
            reprice(result, smaller)
        direct = run_simulation(smaller, 1000, 6)
        data["client"]["penalty_per_hour"] = 0.0
        no_penalty = run_simulation(scenario_from_dict(data), 1000, 6)
        k = PRIORITIES.index("major")
        assert direct.priority_loss[0, k] == pytest.approx(no_penalty.priority_loss[0, k])
        data["client"]["penalty_per_hour"] = 5000.0
        data["incidents"]["major"]["impact_share"] = 0.4  # back at the simulated share
        again = reprice(result, scenario_from_dict(data)).annual_loss
        assert np.allclose(again, result.annual_loss)

    def test_penalty_impact_share_above_one_is_refused(self) -> None:
        data = minimal_scenario_dict()
        data["client"]["penalty_min_impact_share"] = 1.5
        with pytest.raises(ScenarioError, match="penalty_min_impact_share") as err:
            scenario_from_dict(data)
        assert "1.5" in str(err.value) and "less than or equal to 1" in str(err.value)

    def test_reputational_is_reported_apart(self) -> None:
        data = minimal_scenario_dict()
        data["incidents"]["critical"]["reputational_cost"] = 5000.0
        s = summarise(run_simulation(scenario_from_dict(data), trials=2000, seed=4))["base"]
        assert s.reputational_per_year == pytest.approx(
            5000.0 * s.by_priority["critical"]["expected_incidents"]
        )

    def test_stage_hours_add_up_to_outage(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict("business_hours"))
        result = run_simulation(scenario, trials=1000, seed=2)
        downtime = result.priority_downtime_hours[0]
        impact = np.array([scenario.incidents.by_priority()[p].impact_share for p in PRIORITIES])
        # stage hours are single precision
        assert np.allclose(result.stage_hours[0].sum(axis=1) * impact, downtime, rtol=1e-5)

    def test_availability_and_percentiles_are_ordered(self) -> None:
        scenario = scenario_from_dict(minimal_scenario_dict("business_hours"))
        s = summarise(run_simulation(scenario, trials=3000, seed=8))["base"]
        assert s.p50 <= s.p90 <= s.p99
        assert 0 < s.availability < 1
        assert s.availability == pytest.approx(1 - s.expected_downtime_hours / 8760)


class TestAgainstPlainLoop:
    """The vectorised pipeline equals a plain per-incident loop that walks the window hourly."""

    @pytest.mark.parametrize("coverage", ["24x7", "business_hours", "extended_hours"])
    def test_same_restoration_times(self, coverage: str) -> None:
        from bizcase.simulate.engine import (
            IncidentStreams,
            OptionPlan,
            draw_incidents,
            make_rng,
            restore,
        )
        from tests.reference_pipeline import restore_one

        data = minimal_scenario_dict(coverage)
        data["options"]["base"]["proactive_removal_share"] = 0.2
        data["options"]["base"]["priorities"] = {"minor": {"coverage": {"preset": "24x7"}}}
        scenario = scenario_from_dict(data)
        plan = OptionPlan.from_option("base", scenario.options["base"])
        sample = draw_incidents(IncidentStreams.from_scenario(scenario), 60, make_rng(13))
        vector = restore(plan, sample).end_hours
        loop = np.array([restore_one(plan, sample, i) for i in range(sample.size)])
        # float32 stage hours: agreement to well under a second
        assert np.allclose(vector, loop, atol=2e-4, rtol=0)

    def test_a_vendor_order_waits_for_the_window_in_both(self) -> None:
        # response and diagnosis 0, no local stock: the vendor is called at the next open hour
        from bizcase.simulate.engine import (
            IncidentStreams,
            OptionPlan,
            draw_incidents,
            make_rng,
            restore,
        )
        from tests.reference_pipeline import restore_one

        data = minimal_scenario_dict("business_hours")
        zero = {"median_hours": 0.0, "p90_hours": 0.0}
        option = data["options"]["base"]
        option["stages"].update(response=zero, diagnosis=zero)
        option["spares"] = {
            "local_stock": False,
            "vendor_lead_time": {"median_hours": 8.0, "p90_hours": 20.0},
        }
        data["incidents"]["critical"]["spare_share"] = 1.0
        scenario = scenario_from_dict(data)
        plan = OptionPlan.from_option("base", scenario.options["base"])
        sample = draw_incidents(IncidentStreams.from_scenario(scenario), 60, make_rng(2))
        vector = restore(plan, sample).end_hours
        loop = np.array([restore_one(plan, sample, i) for i in range(sample.size)])
        assert np.allclose(vector, loop, atol=2e-4, rtol=0)

    @pytest.mark.parametrize(("name", "trials"), [("manufacturing", 40), ("retail_chain", 60)])
    def test_designed_options_match_the_loop_with_engineers_counted(
        self, name: str, trials: int
    ) -> None:
        # The shipped 24x7x4 designs: one engineer on duty (manufacturing: incidents queue for
        # him), a field partner taking over when he is busy (retail).
        from bizcase import load_scenario
        from bizcase.simulate.engine import (
            IncidentStreams,
            OptionPlan,
            draw_incidents,
            make_rng,
            restore,
        )
        from tests.conftest import ROOT
        from tests.reference_pipeline import restore_designed_loop

        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        option = scenario.options["support_24x7x4"]
        plan = OptionPlan.from_option("support_24x7x4", option, scenario)
        sample = draw_incidents(IncidentStreams.from_scenario(scenario), trials, make_rng(3))
        rest = restore(plan, sample)
        loop = np.array(restore_designed_loop(plan, sample))
        assert np.allclose(rest.end_hours, loop, atol=1e-6, rtol=0)
        # the check means something: some incidents waited for the engineer or went to the
        # partner
        plain = dataclasses.replace(
            plan,
            design=dataclasses.replace(
                plan.design,
                pool_capacity=plan.design.pool_capacity * 1000,  # type: ignore[union-attr]
            ),
        )
        assert np.any(np.abs(restore(plain, sample).end_hours - rest.end_hours) > 1e-6)


class TestOverdispersion:
    def test_negative_binomial_variance(self) -> None:
        # rate_cv = 0.5 on a rate of 4: variance λ + λ²cv² = 8 instead of Poisson's 4.
        from bizcase.simulate.engine import IncidentStreams, draw_incidents, make_rng

        data = minimal_scenario_dict()
        for p in PRIORITIES:
            data["incidents"][p]["annual_rate"] = 0.0
        data["incidents"]["major"]["annual_rate"] = 4.0
        data["incidents"]["major"]["rate_cv"] = 0.5
        streams = IncidentStreams.from_scenario(scenario_from_dict(data))
        n = 200_000
        sample = draw_incidents(streams, n, make_rng(3))
        counts = np.bincount(sample.trial, minlength=n)
        # s.e. of a sample variance ≈ sqrt((μ4 − σ⁴)/n); a generous bound for this NB is 0.1
        assert counts.mean() == pytest.approx(4.0, abs=4 * math.sqrt(8 / n))
        assert counts.var() == pytest.approx(8.0, abs=0.15)

    def test_zero_cv_keeps_the_poisson_stream(self) -> None:
        data = minimal_scenario_dict()
        plain = run_simulation(scenario_from_dict(data), trials=500, seed=4)
        data["incidents"]["major"]["rate_cv"] = 0.0
        same = run_simulation(scenario_from_dict(data), trials=500, seed=4)
        assert np.array_equal(plain.annual_loss, same.annual_loss)


class TestStreamLayout:
    def test_engine_and_design_tables_follow_one_layout(self) -> None:
        # A class with degraded failures counts twice, right after its full failures.
        from bizcase.model.incidents import stream_layout
        from bizcase.simulate.engine import incident_streams

        data = minimal_scenario_dict()
        data["inventory"] = [
            {
                "name": "sw",
                "units": 4,
                "annual_failure_rate": 0.1,
                "priority": "major",
                "degraded_share": 0.3,
            },
            {"name": "rt", "units": 2, "annual_failure_rate": 0.1, "priority": "critical"},
        ]
        scenario = scenario_from_dict(data)
        layout = stream_layout(scenario.inventory)
        specs = incident_streams(scenario)
        assert [x.device for x in specs] == [d for d, _ in layout]
        assert [x.name for x in specs][4:] == ["sw", "sw (degraded)", "rt"]
        assert [x.annual_rate for x in specs][4:] == pytest.approx([0.28, 0.12, 0.2])


def _hand_sample(trial: list[int], priority: list[int], start: list[float]) -> Any:
    """A hand-built sample of incidents (rows grouped by priority, one stream per priority)."""
    from bizcase.simulate.engine import IncidentSample

    n = len(start)
    prio = np.array(priority, dtype=np.int64)
    bounds = np.searchsorted(prio, np.arange(len(PRIORITIES) + 1), side="left")
    return IncidentSample(
        n_trials=max(trial) + 1,
        trial=np.array(trial, dtype=np.int64),
        priority=prio,
        priority_bounds=bounds.astype(np.int64),
        start_hours=np.array(start, dtype=np.float64),
        needs_onsite=np.zeros(n, dtype=np.bool_),
        needs_spare=np.zeros(n, dtype=np.bool_),
        needs_second_line=np.zeros(n, dtype=np.bool_),
        stockout_u=np.ones(n),
        prevention_u=np.ones(n),
        z=np.zeros((7, n), dtype=np.float32),
    )


def _impact_hours(
    impacts: dict[str, float],
    trial: list[int],
    priority: list[int],
    start: list[float],
    end: list[float],
) -> Any:
    from bizcase.simulate.engine import LossModel

    data = minimal_scenario_dict()
    for p, share in impacts.items():
        data["incidents"][p]["impact_share"] = share
    model = LossModel.from_scenario(scenario_from_dict(data))
    sample = _hand_sample(trial, priority, start)
    prepared = model.prepare(sample)
    out = model.outages(sample, prepared, np.array(end), None)
    return prepared.impact * out.weighted_hours, prepared.impact * out.outage_hours


class TestOverlappingOutages:
    """Simultaneous outages never lose more than a full outage (rate × min(1, Σ impact))."""

    def test_two_full_outages_lose_the_union(self) -> None:
        # [10, 14] and [12, 17]: the union is 7 h, not 4 + 5 = 9; the 2 h overlap is shared
        # half and half: 2 + 1 = 3 h and 1 + 3 = 4 h.
        w, o = _impact_hours({}, [0, 0], [0, 0], [10.0, 12.0], [14.0, 17.0])
        assert w.tolist() == pytest.approx([3.0, 4.0])
        assert o.tolist() == pytest.approx([3.0, 4.0])

    def test_other_trial_years_do_not_overlap(self) -> None:
        w, _ = _impact_hours({}, [0, 1], [0, 0], [10.0, 12.0], [14.0, 17.0])
        assert w.tolist() == pytest.approx([4.0, 5.0])

    def test_two_half_outages_exactly_together_are_one_full(self) -> None:
        # 0.5 + 0.5 = 1: nothing to cap, 3 h of full outage in all; a third 50 % outage at the
        # same time adds nothing (each keeps a third of the 3 h).
        w, _ = _impact_hours({"major": 0.5}, [0, 0], [1, 1], [20.0, 20.0], [23.0, 23.0])
        assert w.tolist() == pytest.approx([1.5, 1.5])
        w, _ = _impact_hours({"major": 0.5}, [0, 0, 0], [1, 1, 1], [20.0] * 3, [23.0] * 3)
        assert w.tolist() == pytest.approx([1.0, 1.0, 1.0])

    def test_a_partial_outage_inside_a_full_one(self) -> None:
        # critical [0, 4] at 1.0 and major [1, 3] at 0.5: S = 1.5 over [1, 3], capped to 1.
        # critical: 1 + 2 × (1/1.5) + 1 = 3.333 h; major: 0.5 × 2 × (1/1.5) = 0.667 h; sum 4 h.
        w, _ = _impact_hours({"major": 0.5}, [0, 0], [0, 1], [0.0, 1.0], [4.0, 3.0])
        assert w.tolist() == pytest.approx([10 / 3, 2 / 3])

    def test_back_to_back_outages_are_not_simultaneous(self) -> None:
        w, _ = _impact_hours({}, [0, 0], [0, 0], [10.0, 14.0], [14.0, 16.0])
        assert w.tolist() == pytest.approx([4.0, 2.0])

    @PROPERTY_SETTINGS
    @given(
        segments=st.lists(
            st.tuples(st.floats(0, 50), st.floats(0, 20), st.sampled_from([0.25, 0.5, 1.0])),
            min_size=1,
            max_size=8,
        )
    )
    def test_sweep_matches_a_brute_force_integral(
        self, segments: list[tuple[float, float, float]]
    ) -> None:
        from bizcase.simulate.engine import capped_overlap_hours

        a = np.array([s for s, _, _ in segments])
        b = a + np.array([d for _, d, _ in segments])
        e = np.array([i for _, _, i in segments])
        flat = lambda t: np.asarray(t, dtype=float)  # noqa: E731
        w, c, _ = capped_overlap_hours(np.zeros(a.size, np.int64), a, b, e, flat, flat)
        # brute force: between consecutive breakpoints the set of outages is constant
        points = sorted(set(a.tolist()) | set(b.tolist()))
        expected = np.zeros(a.size)
        for lo, hi in zip(points[:-1], points[1:], strict=True):
            on = (a <= lo) & (b >= hi)
            total = float(e[on].sum())
            expected[on] += (hi - lo) * min(1.0, 1.0 / total) if total > 0 else 0.0
        assert np.allclose(w, expected, atol=1e-9) and np.allclose(c, expected, atol=1e-9)
        # the client loses rate × min(1, Σ impact) at every moment
        capped = sum(
            (hi - lo) * min(1.0, float(e[(a <= lo) & (b >= hi)].sum()))
            for lo, hi in zip(points[:-1], points[1:], strict=True)
        )
        assert float((w * e).sum()) == pytest.approx(capped, abs=1e-9)
        assert float((w * e).sum()) <= float(((b - a) * e).sum()) + 1e-9


def _one_site_design(
    engineers: int,
    partner: bool,
    office_drive_hours: float = 1.0,
    shift_hours: dict[str, Any] | None = None,
) -> Any:
    """One site an hour's drive from the office (travel typed on the site), fixed stages:
    acknowledge 0.1 h (shift, at the median), diagnosis 0.5 h in parallel, repair 1 h; the
    partner (when there is one) acknowledges in 1 h and drives 0.5 h."""
    data = minimal_scenario_dict()
    fixed = lambda h: {"median_hours": h, "p90_hours": h}  # noqa: E731
    option = data["options"]["base"]
    option["stages"] = {
        "detection": fixed(0.0),
        "diagnosis": fixed(0.5),
        "second_line": fixed(0.0),
        "repair": fixed(1.0),
    }
    data["sites"] = [
        {
            "name": "North",
            "latitude": 48.89,
            "longitude": 9.19,
            "travel_hours": {"Office": office_drive_hours, "Partner": 0.5},
        }
    ]
    staffing: list[dict[str, Any]] = [
        {
            "hours": shift_hours or {"preset": "24x7"},
            "mode": "shift",
            "base": "Office",
            "engineers": engineers,
        }
    ]
    design: dict[str, Any] = {
        "bases": [{"name": "Office", "latitude": 48.78, "longitude": 9.18}],
        "staffing": staffing,
    }
    if partner:
        design["partners"] = [{"name": "Partner", "response": fixed(1.0), "fee_per_visit": 100.0}]
        staffing.append(
            {"hours": {"preset": "24x7"}, "mode": "partner", "partner": "Partner", "engineers": 0}
        )
    option["design"] = design
    scenario = scenario_from_dict(data)
    from bizcase.simulate.engine import OptionPlan

    return OptionPlan.from_option("base", scenario.options["base"], scenario)


def _onsite_sample(start: list[float], trial: list[int] | None = None) -> Any:
    sample = _hand_sample(trial or [0] * len(start), [0] * len(start), start)
    sample.needs_onsite[:] = True
    return dataclasses.replace(sample, remote_u=np.ones(len(start)))


class TestEngineersCounted:
    """A designed option's engineers are counted; a second incident waits or goes to a partner.

    By hand: case logged at 10:00, shift engineer acknowledges at 10:06 and drives 1 h while
    diagnosis runs (0.5 h): on site 11:06, restored 12:06; he is busy from 10:06 to 12:06.
    """

    def test_the_second_incident_waits_for_the_first_engineer(self) -> None:
        from bizcase.simulate.engine import restore

        rest = restore(_one_site_design(1, partner=False), _onsite_sample([10.0, 10.0]))
        # the second is dispatched when the engineer is free (12:06): on site 13:06, done 14:06
        assert rest.end_hours.tolist() == pytest.approx([12.1, 14.1], abs=1e-6)
        waiting = REPORT_STAGES.index("waiting_for_window")
        assert rest.stage_hours[waiting].tolist() == pytest.approx([0.0, 2.0], abs=1e-5)
        assert rest.stage_hours[:, 1].sum() == pytest.approx(14.1 - 10.0, abs=1e-5)

    def test_first_come_first_served_and_two_engineers(self) -> None:
        from bizcase.simulate.engine import restore

        sample = _onsite_sample([10.0, 10.0, 11.0])
        one = restore(_one_site_design(1, partner=False), sample)
        # the third (dispatched 11:06) waits for the second to finish at 14:06: done 16:06
        assert one.end_hours.tolist() == pytest.approx([12.1, 14.1, 16.1], abs=1e-6)
        two = restore(_one_site_design(2, partner=False), _onsite_sample([10.0, 10.0, 11.0]))
        # two engineers: the third waits for the first one free, at 12:06: done 14:06
        assert two.end_hours.tolist() == pytest.approx([12.1, 12.1, 14.1], abs=1e-6)

    def test_other_trial_years_do_not_share_engineers(self) -> None:
        from bizcase.simulate.engine import restore

        rest = restore(_one_site_design(1, partner=False), _onsite_sample([10.0, 10.0], [0, 1]))
        assert rest.end_hours.tolist() == pytest.approx([12.1, 12.1], abs=1e-6)

    def test_with_a_partner_the_second_does_not_wait(self) -> None:
        from bizcase.simulate.engine import restore

        plan = _one_site_design(1, partner=True)
        rest = restore(plan, _onsite_sample([10.0, 10.0]))
        # the engineer answers the first (faster); the second goes to the partner, which the
        # busy engineer sends when he answers at 10:06 (and diagnoses it, done 10:36): the
        # partner acknowledges at 11:06, drives 0.5 h, on site 11:36, restored 12:36
        assert rest.end_hours.tolist() == pytest.approx([12.1, 12.6], abs=1e-6)
        assert rest.responder is not None and plan.design is not None
        modes = plan.design.window_mode[rest.responder]
        assert modes.tolist() == [1, 3]  # shift, partner

    def test_the_integrator_answers_the_case_its_partner_is_sent_to(self) -> None:
        """A partner is a subcontractor: the integrator's own window in force answers (the SLA's
        response, and remote diagnosis from then) and sends it; the partner's acknowledgement
        delays only its visit.  By hand, office 3 h away, partner 1 h + 0.5 h (it is first):
        logged 10:00, the shift engineer answers at 10:06, diagnosis done 10:36, the partner
        acknowledges at 11:06 and is on site at 11:36, restored 12:36 (the old rule: response
        1 h from the partner, restored 12:30; its remote diagnosis waited for the partner).
        Out of the shift's hours (20:00) the partner's acknowledgement is the response:
        diagnosis and dispatch at 21:00, on site 21:30, restored 22:30."""
        from bizcase.simulate.engine import restore

        weekdays = {
            "preset": "none",
            "windows": [{"days": ["mon"], "start_hour": 8, "end_hour": 18}],
        }
        plan = _one_site_design(1, partner=True, office_drive_hours=3.0, shift_hours=weekdays)
        rest = restore(plan, _onsite_sample([10.0, 20.0], [0, 1]))
        assert rest.end_hours.tolist() == pytest.approx([12.6, 22.5], abs=1e-6)
        assert plan.design is not None and rest.responder is not None
        assert plan.design.window_mode[rest.responder].tolist() == [3, 3]  # the partner goes
        response = REPORT_STAGES.index("response")
        travel = REPORT_STAGES.index("travel")
        assert rest.stage_hours[response].tolist() == pytest.approx([0.1, 1.0], abs=1e-6)
        # the partner's acknowledgement after the diagnosis counts with its drive
        assert rest.stage_hours[travel].tolist() == pytest.approx([1.0, 0.0], abs=1e-6)
        assert rest.stage_hours[:, 0].sum() == pytest.approx(2.6, abs=1e-5)

    def test_options_without_a_design_have_unlimited_engineers(self) -> None:
        from bizcase.simulate.engine import OptionPlan, restore

        data = minimal_scenario_dict()
        fixed = {"median_hours": 1.0, "p90_hours": 1.0}
        data["options"]["base"]["stages"] = {s: fixed for s in STAGES}
        scenario = scenario_from_dict(data)
        plan = OptionPlan.from_option("base", scenario.options["base"])
        rest = restore(plan, _onsite_sample([10.0, 10.0]))
        # detection, response, diagnosis, travel and repair of 1 h each (no second line), both
        # in parallel: 10 + 5 = 15
        assert rest.end_hours.tolist() == pytest.approx([15.0, 15.0], abs=1e-5)


def _shipped_chunk(name: str, trials: int, seed: np.random.SeedSequence) -> tuple[Any, ...]:
    """A shipped scenario, one chunk of its incidents drawn from ``seed``, its loss model and
    the chunk's option-independent losses."""
    from bizcase.model.io import load_scenario, shipped_scenario
    from bizcase.simulate.engine import IncidentStreams, LossModel, draw_incidents, make_rng

    scenario = load_scenario(shipped_scenario(name))
    sample = draw_incidents(IncidentStreams.from_scenario(scenario), trials, make_rng(seed))
    losses = LossModel.from_scenario(scenario)
    return scenario, sample, losses, losses.prepare(sample)


def _each_option(scenario: Any, sample: Any, losses: Any, prepared: Any) -> Iterator[Any]:
    """``(plan, restoration, outages)`` of the chunk under each option, in the file's order."""
    from bizcase.simulate.engine import OptionPlan, restore

    for option_name, option in scenario.options.items():
        plan = OptionPlan.from_option(option_name, option, scenario)
        restored = restore(plan, sample)
        prevented = restored.prevented if plan.prevention_share > 0 else None
        yield plan, restored, losses.outages(sample, prepared, restored.end_hours, prevented)


@pytest.mark.parametrize("name", ["manufacturing", "bank_branches"])
def test_stage_hours_by_stream_count_each_rows_outage_share_in_double_precision(
    name: str,
) -> None:
    """Each stream's stage hours weight every row by the share of its restoration that was an
    outage: equal to the plain double-precision sum row by row (a quarter of the plant's rows
    have a share below 1; summing all hours and then taking the rest away lost up to 2e-3 of a
    small stream's figure to cancellation)."""
    from bizcase.simulate.simulation import _by_stream

    scenario, sample, losses, prepared = _shipped_chunk(name, 600, np.random.SeedSequence(11))
    n_streams = len(losses.streams)
    for _, restored, outages in _each_option(scenario, sample, losses, prepared):
        share = outages.attributed_share
        assert share is not None and np.count_nonzero(share != 1.0) > sample.size // 20
        hours = restored.stage_hours.astype(np.float64) * share
        expected = np.zeros((n_streams, hours.shape[0]))
        for s in range(n_streams):
            expected[s] = hours[:, sample.stream == s].sum(axis=1)
        got = _by_stream(sample, restored.stage_hours, outages, n_streams)
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", ["bank_branches", "manufacturing"])
def test_the_simulated_ledger_is_its_incidents_priced_one_by_one(name: str) -> None:
    """The engine prices each (trial-year, stream)'s outage sums, not each incident: the annual
    and by-priority losses equal every incident priced on its own (``LossModel.price``) and
    summed, and pricing the kept components again gives the run's figures (the bank has
    client penalties, the plant redundant pairs)."""
    from bizcase.simulate.simulation import _simulate_chunk, _SimulationJob

    seed = np.random.SeedSequence(5)
    # the same chunk by hand: the child seed draws the same incidents
    scenario, sample, losses, prepared = _shipped_chunk(name, 300, seed)
    sums = _simulate_chunk(_SimulationJob(scenario, True, None), (300, seed))
    assert losses.penalty_per_hour > 0 or name != "bank_branches"
    for k, (_, _, outages) in enumerate(_each_option(scenario, sample, losses, prepared)):
        hard, soft = losses.price(prepared, outages)
        annual = np.bincount(sample.trial, weights=hard, minlength=300)
        np.testing.assert_allclose(sums.annual_loss[:, k], annual, rtol=1e-12, atol=1e-6)
        annual_soft = np.bincount(sample.trial, weights=soft, minlength=300)
        np.testing.assert_allclose(sums.annual_soft[:, k], annual_soft, rtol=1e-12, atol=1e-6)
        by_priority = [hard[sample.priority == p].sum() for p in range(len(PRIORITIES))]
        np.testing.assert_allclose(sums.priority_loss[k], by_priority, rtol=1e-12, atol=1e-6)
    assert sums.components is not None
    again, again_soft, _ = losses.annual_from_components(sums.components)
    np.testing.assert_allclose(again, sums.annual_loss, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(again_soft, sums.annual_soft, rtol=1e-12, atol=1e-6)
