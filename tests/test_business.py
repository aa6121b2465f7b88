"""Business case: ledgers, staged strategy, uncertainty and sensitivity."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase import ScenarioError, load_scenario
from bizcase.economics.business import point_case
from bizcase.economics.finance import irr, npv
from bizcase.economics.uncertainty import (
    ProcessCache,
    input_group,
    process_key,
    tornado,
    uncertain_case,
)
from bizcase.model import parse_scenario_toml, scenario_to_toml
from bizcase.model.errors import InputError
from bizcase.model.ranges import Range
from tests.conftest import SCENARIOS

MANUFACTURING = SCENARIOS[0].parent / "manufacturing.toml"
TRIALS = 60


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(MANUFACTURING)


@pytest.fixture(scope="module")
def case(scenario):  # type: ignore[no-untyped-def]
    return point_case(scenario, trials=TRIALS)


class TestLedgers:
    def test_fee_paid_is_fee_earned(self, case) -> None:  # type: ignore[no-untyped-def]
        for name in case.decisions:
            paid = case.client[name].lines["fee"]
            earned = case.integrator[name].lines["revenue"]
            assert np.allclose(-paid, earned)

    def test_year_zero_is_undiscounted(self, case) -> None:  # type: ignore[no-untyped-def]
        ledger = case.integrator["support_24x7x4"]
        table = ledger.table(case.discount_rate)
        assert table.loc["net", "Initial"] == pytest.approx(ledger.net.mean(axis=0)[0])
        expected_pv = float(npv(case.discount_rate, ledger.net.mean(axis=0)))
        assert table.loc["net", "Present value"] == pytest.approx(expected_pv)

    def test_expected_lines_are_the_trial_means_and_cannot_be_changed(self, case) -> None:  # type: ignore[no-untyped-def]
        for side in (case.client, case.integrator):
            for ledger in side.values():
                assert list(ledger.expected) == [*ledger.lines, "net"]
                for name, flows in ledger.lines.items():
                    np.testing.assert_array_equal(ledger.expected[name], flows.mean(axis=0))
                np.testing.assert_array_equal(
                    ledger.net, np.sum(list(ledger.lines.values()), axis=0)
                )
                with pytest.raises(ValueError, match="read-only"):
                    ledger.net[0, 0] = 1.0
                with pytest.raises(ValueError, match="read-only"):
                    ledger.expected["net"][0] = 1.0

    def test_every_irr_is_the_irr_of_its_own_expected_stream(self, case) -> None:  # type: ignore[no-untyped-def]
        # Each view's and decision's IRR, computed once per distinct stream, is the IRR of its
        # own ledger's expected net flow (the memo must never hand one stream another's IRR).
        for name, d in case.decisions.items():
            mean_net = case.integrator[name].net.mean(axis=0)
            assert d.integrator_irr == pytest.approx(irr(mean_net), rel=1e-12, nan_ok=True)
        # The single view prices the default ledger (the decision's very stream, its IRR taken
        # from the memo); the allocated view a quarter of a four-contract team: its own stream.
        for name, d in case.decisions.items():
            single, allocated = case.views["single"][name], case.views["allocated"][name]
            assert single.irr == d.integrator_irr or (
                math.isnan(single.irr) and math.isnan(d.integrator_irr)
            )
            assert allocated.margin != single.margin
            assert math.isfinite(allocated.irr) and not allocated.irr == single.irr
        allocated_irrs = {v.irr for v in case.views["allocated"].values()}
        assert len(allocated_irrs) == len(case.decisions)  # three streams, three rates

    def test_client_npv_is_pv_of_its_lines(self, case) -> None:  # type: ignore[no-untyped-def]
        d = case.decisions["support_24x7x4"]
        flows = sum(case.client["support_24x7x4"].lines.values())
        assert np.allclose(d.client_npv, npv(case.discount_rate, flows))

    def test_losses_avoided_are_common_random_numbers(self, case) -> None:  # type: ignore[no-untyped-def]
        # 24x7x4 and outsourcing see the same incidents: outsourcing avoids at least as much
        # in most trial-years (it is faster at every stage and prevents incidents).
        a = case.client["support_24x7x4"].lines["downtime_losses_avoided"][:, 1:]
        b = case.client["outsourcing"].lines["downtime_losses_avoided"][:, 1:]
        assert np.mean(b >= a) > 0.9

    def test_price_floor_meets_the_target_margin(self, scenario) -> None:  # type: ignore[no-untyped-def]
        case = point_case(scenario, trials=TRIALS)
        floor = case.decisions["support_24x7x4"].price_floor
        at_floor = point_case(
            scenario.with_values({"options.support_24x7x4.annual_fee": floor}), trials=TRIALS
        )
        ledger = at_floor.integrator["support_24x7x4"]
        table = ledger.table(at_floor.discount_rate)
        revenue_pv = table.loc["revenue", "Present value"]
        margin = table.loc["net", "Present value"] / revenue_pv
        # Service credits are capped as a share of the fee, so they move a little with it; the
        # floor takes them at the current fee.
        assert margin == pytest.approx(scenario.business_case.target_margin, abs=0.01)

    def test_outsourcing_moves_staff_cost(self, case, scenario) -> None:  # type: ignore[no-untyped-def]
        saved = case.client["outsourcing"].lines["own_staff_saved"].mean(axis=0)
        assert saved[0] == 0 and saved[1] == pytest.approx(
            scenario.business_case.client_staff_cost_per_year
        )
        transferred = case.integrator["outsourcing"].lines["transferred_staff"].mean(axis=0)
        assert transferred[1] < 0


class TestStaged:
    def test_every_k_and_the_ends(self, case) -> None:  # type: ignore[no-untyped-def]
        table = case.staged
        assert list(table.k) == list(range(case.horizon_years + 1))
        # k = horizon is support throughout: the support option's own integrator NPV.
        support = case.decisions["support_24x7x4"].integrator_npv.mean()
        assert case.staged_npv(case.horizon_years) == pytest.approx(support)
        assert case.best_staged_k == int(table.loc[table.integrator_npv.idxmax(), "k"])

    @pytest.mark.parametrize("k", [-1, 6, 99])
    def test_k_beyond_the_horizon(self, case, k: int) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(InputError, match="switch year"):
            case.staged_npv(k)


class TestPortfolio:
    def test_break_even_contracts(self, case) -> None:  # type: ignore[no-untyped-def]
        assert case.break_even_contracts is not None and case.break_even_contracts >= 1
        assert list(case.portfolio.year) == list(range(1, case.horizon_years + 1))


PROPERTY = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestProperties:
    @PROPERTY
    @given(extra=st.floats(1_000, 200_000))
    def test_higher_price_never_lowers_integrator_npv(self, scenario, extra: float) -> None:  # type: ignore[no-untyped-def]
        fee = scenario.options["nbd_8x5"].annual_fee
        cache = ProcessCache()
        low = uncertain_case(scenario, trials=TRIALS, cache=cache)
        higher = scenario.with_values({"options.nbd_8x5.annual_fee": fee + extra})
        high = uncertain_case(higher, trials=TRIALS, cache=cache)
        assert np.all(
            high.decisions["nbd_8x5"].integrator_npv >= low.decisions["nbd_8x5"].integrator_npv
        )

    def test_zero_width_ranges_reproduce_the_point_result(self, scenario) -> None:  # type: ignore[no-untyped-def]
        # Every range pinned to {low = base, high = base} gives exactly the point scenario.
        zero = _with_zero_width_ranges(scenario)
        point = _without_ranges(zero)
        a = uncertain_case(zero, trials=TRIALS)
        b = uncertain_case(point, trials=TRIALS)
        for name in a.decisions:
            assert np.array_equal(a.decisions[name].client_npv, b.decisions[name].client_npv)
            assert np.array_equal(
                a.decisions[name].integrator_npv, b.decisions[name].integrator_npv
            )

    def test_untouched_input_has_exactly_zero_bar(self, scenario) -> None:  # type: ignore[no-untyped-def]
        result = tornado(scenario, option="outsourcing", side="integrator", trials=40)
        bars = result.bars.set_index("input")
        # The client's revenue and the 24x7x4 fee do not touch the integrator's outsourcing case.
        assert bars.loc["client.revenue_at_risk_per_hour", "swing"] == 0.0
        assert bars.loc["options.support_24x7x4.annual_fee", "swing"] == 0.0
        assert bars.loc["options.outsourcing.outsourcing.transition_cost", "swing"] > 0
        # ledger-only inputs reused the cached incidents
        assert result.reused > 0 and result.simulations < result.evaluations


def _without_ranges(scenario):  # type: ignore[no-untyped-def]
    copy = scenario.with_values({})
    copy._ranges = {}
    return copy


def _with_zero_width_ranges(scenario):  # type: ignore[no-untyped-def]
    base = {p: r.base_value for p, r in scenario.ranges.items()}
    copy = scenario.with_values(base)
    copy._ranges = {p: Range(low=v, high=v) for p, v in base.items()}
    return copy


class TestUncertainty:
    def test_groups(self) -> None:
        assert input_group("business_case.discount_rate") == "ledger"
        # capped overlaps and the penalty rule: a loss is not linear in an impact share
        assert input_group("incidents.minor.impact_share") == "process"
        assert input_group("inventory[0].impact_share") == "process"
        assert input_group("incidents.minor.recovery_cost") == "ledger"
        assert input_group("options.x.stages.repair.median_hours") == "process"
        assert input_group("delivery.wages.first_line_engineer") == "process"

    def test_a_new_impact_share_is_simulated_again(self, scenario) -> None:  # type: ignore[no-untyped-def]
        cache = ProcessCache()
        uncertain_case(scenario, trials=40, cache=cache)
        before = cache.simulations
        moved = scenario.with_values({"incidents.major.impact_share": 0.2})
        case = uncertain_case(moved, trials=40, cache=cache)
        assert cache.simulations == before + 1  # not the cached run re-priced
        fresh = uncertain_case(moved, trials=40, cache=ProcessCache())
        for option, decision in fresh.decisions.items():
            np.testing.assert_array_equal(case.decisions[option].client_npv, decision.client_npv)

    def test_a_ranged_impact_share_is_sampled_per_design_point(self, scenario) -> None:  # type: ignore[no-untyped-def]
        path = "incidents.major.impact_share"
        ranged = _without_ranges(scenario)
        ranged._ranges = {path: Range(low=0.2, high=0.6, dist="uniform")}
        case = uncertain_case(ranged, trials=40)
        values = case.sampled_inputs[path].to_numpy()
        assert case.trial_cluster is not None
        points = np.unique(case.trial_cluster)
        assert len(points) == min(ranged.business_case.design_points, 40) > 1
        # one value per design point (its simulation's), different between points
        per_point = [np.unique(values[case.trial_cluster == m]) for m in points]
        assert all(len(v) == 1 for v in per_point)
        assert len({float(v[0]) for v in per_point}) == len(points)
        # a point's share is simulated: it is part of the process key, as a rate is
        assert process_key(ranged, 40, 1) != process_key(ranged.with_values({path: 0.5}), 40, 1)

    def test_sampled_inputs_follow_their_ranges(self, scenario) -> None:  # type: ignore[no-untyped-def]
        case = uncertain_case(scenario, trials=400)
        revenue = case.sampled_inputs["client.revenue_at_risk_per_hour"]
        rng = scenario.ranges["client.revenue_at_risk_per_hour"]
        # Latin hypercube: the empirical 5 % and 95 % points sit at low and high.
        assert np.percentile(revenue, 5) == pytest.approx(rng.low, rel=0.03)
        assert np.percentile(revenue, 95) == pytest.approx(rng.high, rel=0.03)
        assert case.sampled_inputs.shape[0] == 400

    def test_probability_one_beats_another(self, scenario) -> None:  # type: ignore[no-untyped-def]
        case = uncertain_case(scenario, trials=TRIALS)
        p = case.prob_beats("outsourcing", "nbd_8x5", "client")
        q = case.prob_beats("nbd_8x5", "outsourcing", "client")
        assert 0 <= p <= 1 and p + q <= 1 + 1e-12

    def test_fan_is_ordered(self, case) -> None:  # type: ignore[no-untyped-def]
        fan = case.fan("support_24x7x4")
        assert np.all(fan.p10 <= fan.p50) and np.all(fan.p50 <= fan.p90)


class TestRanges:
    def test_lognormal_interval(self) -> None:
        r = Range(low=2.0, high=8.0)
        assert r.base_value == pytest.approx(4.0)
        assert float(r.ppf(0.05)) == pytest.approx(2.0)
        assert float(r.ppf(0.95)) == pytest.approx(8.0)

    def test_named_distributions(self) -> None:
        assert Range(low=0, high=1, dist="uniform").base_value == 0.5
        tri = Range(low=0, high=10, dist="triangular", mode=2)
        assert tri.base_value == 2 and float(tri.ppf(0.0)) == 0 and float(tri.ppf(1.0)) == 10
        pert = Range(low=0, high=10, dist="pert", mode=2)
        assert pert.frozen_distribution().mean() == pytest.approx((0 + 4 * 2 + 10) / 6)

    def test_round_trip_keeps_ranges(self, scenario, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        again = parse_scenario_toml(scenario_to_toml(scenario))
        assert again == scenario and again.ranges == scenario.ranges

    @pytest.mark.parametrize(
        ("replacement", "message"),
        [
            ("{ low = 22000, high = 12000 }", "must not exceed high"),
            ("{ low = -5, high = 12000 }", "must be > 0 for the default lognormal"),
            ('{ low = 1, high = 5, dist = "gamma" }', "dist"),
            ("{ low = 1, high = 5, mode = 3 }", "mode applies only"),
            ('{ low = 1, high = 5, dist = "pert", mode = 9 }', "must lie between"),
        ],
    )
    def test_bad_ranges(self, replacement: str, message: str) -> None:
        text = MANUFACTURING.read_text(encoding="utf-8").replace(
            "revenue_at_risk_per_hour = { low = 11000, high = 22000 }",
            f"revenue_at_risk_per_hour = {replacement}",
        )
        with pytest.raises(ScenarioError) as info:
            parse_scenario_toml(text, "bad.toml")
        assert "client.revenue_at_risk_per_hour" in str(info.value)
        assert message in str(info.value)

    def test_range_end_must_be_valid_for_the_field(self) -> None:
        text = MANUFACTURING.read_text(encoding="utf-8").replace(
            'share_recovered_later = { low = 0.2, high = 0.5, dist = "uniform" }',
            'share_recovered_later = { low = 0.2, high = 1.5, dist = "uniform" }',
        )
        with pytest.raises(ScenarioError, match="client.share_recovered_later = 1.5: the range"):
            parse_scenario_toml(text)


class TestBadBusinessInput:
    @pytest.mark.parametrize(
        ("old", "new", "field"),
        [
            ("horizon_years = 5", "horizon_years = -2", "business_case.horizon_years"),
            (
                'discount_rate = { low = 0.07, high = 0.13, dist = "triangular", mode = 0.10 }',
                "discount_rate = -1.0",
                "business_case.discount_rate",
            ),
            ('support = "support_24x7x4"', 'support = "nothing"', "business_case.staged.support"),
            (
                "# churn_rate: the support line's",
                "churn_rate = 1.5\n# churn_rate: the support line's",
                "business_case.portfolio.churn_rate",
            ),
        ],
    )
    def test_named_field(self, old: str, new: str, field: str) -> None:
        text = MANUFACTURING.read_text(encoding="utf-8")
        assert old in text
        with pytest.raises(ScenarioError) as info:
            parse_scenario_toml(text.replace(old, new), "bad.toml")
        assert field in str(info.value)

    def test_discount_rate_range_reaching_minus_one(self) -> None:
        text = MANUFACTURING.read_text(encoding="utf-8").replace(
            'discount_rate = { low = 0.07, high = 0.13, dist = "triangular", mode = 0.10 }',
            'discount_rate = { low = -1.5, high = 0.1, dist = "uniform" }',
        )
        with pytest.raises(ScenarioError, match="business_case.discount_rate = -1.5"):
            parse_scenario_toml(text)


def test_price_floor_is_finite(case) -> None:  # type: ignore[no-untyped-def]
    for d in case.decisions.values():
        assert d.price_floor is not None and math.isfinite(d.price_floor)


class TestSobol:
    def test_indices_find_the_input_that_matters(self, scenario) -> None:  # type: ignore[no-untyped-def]
        from bizcase.economics.uncertainty import sobol_indices

        # Two ledger inputs: the fee drives the integrator's NPV, the client's revenue does not.
        two = scenario.with_values({})
        two._ranges = {
            "options.nbd_8x5.annual_fee": Range(low=40_000, high=80_000, dist="uniform"),
            "client.revenue_at_risk_per_hour": Range(low=10_000, high=20_000),
        }
        table = sobol_indices(two, option="nbd_8x5", side="integrator", base_samples=64, trials=20)
        by_input = table.set_index("input")
        assert by_input.loc["options.nbd_8x5.annual_fee", "ST"] > 0.7  # true value 1
        assert by_input.loc["client.revenue_at_risk_per_hour", "ST"] == 0.0  # no effect at all


def test_ranged_wage_spreads_the_integrator_npv(scenario) -> None:  # type: ignore[no-untyped-def]
    # The first-line wage is ranged and is a delivery input: each design point costs its own
    # delivery plan, so the spread of integrator NPVs includes the wage uncertainty.
    only_wage = scenario.with_values({})
    only_wage._ranges = {
        "delivery.wages.first_line_engineer": scenario.ranges["delivery.wages.first_line_engineer"]
    }
    case = uncertain_case(only_wage, trials=80)
    staff = case.integrator["support_24x7x4"].lines["staff"][:, 1]
    assert len(np.unique(np.round(staff, 6))) == only_wage.business_case.design_points


def test_spider_moves_each_input_through_its_quantiles(scenario) -> None:  # type: ignore[no-untyped-def]
    from bizcase.economics.uncertainty import spider

    table = spider(scenario, option="support_24x7x4", side="client", trials=30)
    revenue = table[table.input == "client.revenue_at_risk_per_hour"].sort_values("quantile")
    assert list(revenue["quantile"]) == [0.1, 0.3, 0.5, 0.7, 0.9]
    # more revenue at risk, more losses avoided by the contract: the client's NPV rises
    assert revenue.npv.is_monotonic_increasing
    wages = table[table.input == "delivery.wages.first_line_engineer"]
    assert wages.npv.nunique() == 1  # the integrator's wages never touch the client's ledger
