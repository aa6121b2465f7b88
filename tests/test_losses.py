"""Client losses a CFO believes (issue 12): the loss basis, impact per device class and failure
mode, redundant pairs, maintenance windows, the sales figures and the one ROI definition."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bizcase import load_scenario, run_simulation, scenario_from_dict, summarise
from bizcase.cli.main import main
from bizcase.delivery.sla import sla_elapsed_hours
from bizcase.economics.business import client_value, point_case
from bizcase.economics.sales import (
    break_even_outage_hours,
    client_payback,
    client_roi,
    fee_paying_hours,
)
from bizcase.model.calendar import CoverageWindow, hours_mask
from bizcase.model.errors import ScenarioError
from bizcase.model.maintenance import (
    Maintenance,
    cumulative_pair_at,
    maintenance_clock,
    maintenance_elapsed_hours,
)
from bizcase.simulate.engine import (
    IncidentStreams,
    OptionPlan,
    draw_incidents,
    incident_streams,
    make_rng,
    pair_outage_hours,
    restore,
)
from tests.conftest import ROOT, SCENARIOS, minimal_scenario_dict

MANUFACTURING = ROOT / "scenarios" / "manufacturing.toml"


def _fixed(hours: float) -> dict[str, float]:
    return {"median_hours": hours, "p90_hours": hours}


def _only(data: dict[str, Any], inventory: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """No priority-level incidents; the inventory's failures only."""
    out = copy.deepcopy(data)
    for inc in out["incidents"].values():
        inc["annual_rate"] = 0.0
    out["inventory"] = inventory or []
    return out


# ---------------------------------------------------------------------------------------------
# The loss basis: hard (lost margin, catching up) and soft (idle labour) apart


class TestOneHourOfThePlant:
    # The manufacturing file's base values (geometric means of its 90 % intervals, the middle of
    # its uniform ranges), worked by hand.
    revenue = math.sqrt(11_000 * 22_000)  # 15,556.35
    margin = (0.28 + 0.38) / 2  # 0.33
    recovered = (0.2 + 0.5) / 2  # 0.35
    catch_up = math.sqrt(3_000 * 6_500)  # 4,415.88
    employees = math.sqrt(100 * 180)  # 134.16
    hard = revenue * margin * (1 - recovered) + recovered * catch_up  # 3,336.84 + 1,545.56
    soft = employees * 48 * 0.8  # 134.164 × 38.4 = 5,151.90

    def test_hand_checked_hour(self) -> None:
        client = load_scenario(MANUFACTURING).client
        assert self.hard == pytest.approx(4882.40, abs=0.01)
        assert self.soft == pytest.approx(5151.90, abs=0.01)
        assert client.hard_loss_per_hour == pytest.approx(self.hard, rel=1e-12)
        assert client.soft_loss_per_hour == pytest.approx(self.soft, rel=1e-12)
        basis = client.loss_basis()
        assert basis["lost_margin"] == pytest.approx(self.revenue * self.margin * 0.65)
        assert basis["catch_up"] == pytest.approx(self.recovered * self.catch_up)
        assert basis["hard_and_soft"] == pytest.approx(self.hard + self.soft)

    def test_bizcase_run_prints_it_split(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = ["run", str(MANUFACTURING), "--trials", "300", "--seed", "1", "--quiet"]
        assert main(args) == 0
        text = capsys.readouterr().out
        assert (
            "hard = revenue 15,556 × margin share 33% × (1 − recovered 35%) + recovered 35% × "
            "catch-up 4,416/h" in text
        )
        assert "= 3,337 lost margin + 1,546 catching up = 4,882" in text
        assert "soft = 134 employees × 48/h × productivity lost 80% = 5,152 idle labour" in text
        assert "hard + soft = 10,034" in text
        assert main([*args, "--format", "json"]) == 0
        payload = json.loads(capsys.readouterr().out)
        assert payload["loss_basis"]["hard"] == pytest.approx(self.hard, rel=1e-12)
        assert payload["loss_basis"]["soft"] == pytest.approx(self.soft, rel=1e-12)
        assert payload["ledger_losses"] == "hard"
        sq = payload["options"]["status_quo"]
        assert sq["expected_annual_hard_and_soft_loss"] == pytest.approx(
            sq["expected_annual_loss"] + sq["expected_annual_soft_loss"]
        )

    def test_an_hour_of_outage_costs_the_hand_figure(self) -> None:
        # Flat 24x7 profile, every stage fixed: each critical incident is out exactly one hour,
        # so its loss is one hour of H plus the recovery cost, and S apart.
        data = minimal_scenario_dict()
        data["client"] = {
            "name": "plant",
            "revenue_at_risk_per_hour": self.revenue,
            "margin_share": self.margin,
            "share_recovered_later": self.recovered,
            "catch_up_cost_per_hour": self.catch_up,
            "employees_affected": self.employees,
            "loaded_cost_per_employee_hour": 48.0,
            "productivity_lost_share": 0.8,
        }
        data = _only(data)
        data["incidents"]["critical"].update(annual_rate=3.0, recovery_cost=8000.0)
        data["incidents"]["critical"].update(spare_share=0.0, onsite_share=0.0)
        data["incidents"]["critical"]["second_line_share"] = 0.0
        option = data["options"]["base"]
        option["stages"] = {s: _fixed(0.0) for s in option["stages"]}
        option["stages"]["repair"] = _fixed(1.0)
        scenario = scenario_from_dict(data)
        result = run_simulation(scenario, trials=2000, seed=3)
        counts = result.priority_incidents[0, 0]
        # Two incidents out at the same time lose the hours of their union once (a full outage
        # is the most the plant can lose): the hours out are the union of the one-hour outages
        # of each trial-year, from the run's own incidents (one chunk: the seed's first child).
        sample = draw_incidents(
            IncidentStreams.from_scenario(scenario),
            2000,
            make_rng(np.random.SeedSequence(3).spawn(1)[0]),
        )
        rows = sample.priority == 0
        union = 0.0
        for trial in np.unique(sample.trial[rows]):
            reach = -np.inf
            for t in sorted(sample.start_hours[rows & (sample.trial == trial)].tolist()):
                union += max(0.0, t + 1.0 - max(reach, t))
                reach = max(reach, t + 1.0)
        assert union < counts  # the check means something: some outages overlap
        assert result.annual_loss[:, 0].sum() == pytest.approx(
            union * self.hard + counts * 8000, rel=1e-6
        )
        assert result.annual_soft_loss is not None
        assert result.annual_soft_loss[:, 0].sum() == pytest.approx(union * self.soft, rel=1e-6)

    def test_the_ledger_counts_hard_unless_told(self) -> None:
        s = load_scenario(MANUFACTURING)
        summaries = summarise(run_simulation(s, trials=400, seed=2))
        hard = client_value(s, summaries)["support_24x7x4"]
        client = s.client.model_copy(update={"ledger_losses": "hard_and_soft"})
        both_s = s.model_copy(update={"client": client})
        both = client_value(both_s, summaries)["support_24x7x4"]
        sq, opt = summaries["status_quo"], summaries["support_24x7x4"]
        assert hard.avoided_loss == pytest.approx(
            sq.expected_annual_loss - opt.expected_annual_loss
        )
        assert both.avoided_loss == pytest.approx(
            sq.expected_annual_hard_and_soft_loss - opt.expected_annual_hard_and_soft_loss
        )
        assert both.avoided_loss > hard.avoided_loss

    def test_losses_grow_over_the_horizon(self) -> None:
        s = load_scenario(MANUFACTURING).with_values({"client.loss_growth_per_year": 0.05})
        case = point_case(s, trials=40, seed=4)
        avoided = case.client["support_24x7x4"].lines["downtime_losses_avoided"].mean(axis=0)
        flat = point_case(s.with_values({"client.loss_growth_per_year": 0.0}), trials=40, seed=4)
        avoided_flat = flat.client["support_24x7x4"].lines["downtime_losses_avoided"].mean(axis=0)
        growth = 1.05 ** np.arange(s.business_case.horizon_years)
        np.testing.assert_allclose(avoided[1:], avoided_flat[1:] * growth, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Impact per device class and failure mode


class TestDeviceImpact:
    def test_streams_carry_the_class_impact(self) -> None:
        data = _only(
            minimal_scenario_dict(),
            [
                {
                    "name": "access",
                    "units": 10,
                    "annual_failure_rate": 0.5,
                    "priority": "major",
                    "impact_share": 0.02,
                    "degraded_share": 0.25,
                    "degraded_impact": 0.5,
                },
                {
                    "name": "no own impact",
                    "units": 4,
                    "annual_failure_rate": 0.5,
                    "priority": "major",
                },
            ],
        )
        specs = incident_streams(scenario_from_dict(data))
        by_name = {x.name: x for x in specs}
        assert by_name["access"].annual_rate == pytest.approx(10 * 0.5 * 0.75)
        assert by_name["access (degraded)"].annual_rate == pytest.approx(10 * 0.5 * 0.25)
        assert by_name["access (degraded)"].impact_share == pytest.approx(0.01)
        assert by_name["no own impact"].impact_share == pytest.approx(0.4)  # the priority's

    def test_an_access_switch_costs_its_share_not_the_priority_s(self) -> None:
        base = minimal_scenario_dict()
        device = {"name": "access", "units": 10, "annual_failure_rate": 1.0, "priority": "major"}
        own = _only(base, [{**device, "impact_share": 0.02}])
        prio = _only(base, [device])
        a = summarise(run_simulation(scenario_from_dict(own), trials=500, seed=5))["base"]
        b = summarise(run_simulation(scenario_from_dict(prio), trials=500, seed=5))["base"]
        # same incidents, impact 0.02 instead of major's 0.4
        assert a.expected_downtime_hours == pytest.approx(b.expected_downtime_hours * 0.02 / 0.4)

    def test_odd_units_cannot_pair(self) -> None:
        data = _only(
            minimal_scenario_dict(),
            [
                {
                    "name": "core",
                    "units": 3,
                    "annual_failure_rate": 0.1,
                    "priority": "major",
                    "redundant": True,
                }
            ],
        )
        with pytest.raises(ScenarioError, match="pairs"):
            scenario_from_dict(data)


class TestRedundantPair:
    """A pair of units at λ each against one unit carrying the same load (impact 1)."""

    rate = 20.0  # failures per unit-year: high, so that pairs are lost often enough to measure
    trials = 20_000

    def _scenario(self, redundant: bool, failover_s: float = 0.0) -> Any:
        device = {
            "name": "core",
            "units": 2 if redundant else 1,
            "annual_failure_rate": self.rate,
            "priority": "major",
            "impact_share": 1.0,
            "spare_share": 1.0,
            "redundant": redundant,
            "failover_s": failover_s,
        }
        return scenario_from_dict(_only(minimal_scenario_dict(), [device]))

    def test_the_pair_loses_less_by_the_stated_exposure_ratio(self) -> None:
        pair_s, single_s = self._scenario(True), self._scenario(False)
        pair = summarise(run_simulation(pair_s, trials=self.trials, seed=21))["base"]
        single = summarise(run_simulation(single_s, trials=self.trials, seed=22))["base"]
        # stated ratio: 2·E[(R − U)⁺] / E[R], from the option's restoration times R
        sample = draw_incidents(IncidentStreams.from_scenario(pair_s), 40_000, make_rng(23))
        plan = OptionPlan.from_option("base", pair_s.options["base"])
        r = restore(plan, sample).end_hours - sample.start_hours
        g = pair_outage_hours(self.rate, r)
        stated = 2 * g.mean() / r.mean()
        stated_se = stated * math.hypot(g.std() / g.mean(), r.std() / r.mean()) / math.sqrt(r.size)
        ratio = pair.expected_annual_loss / single.expected_annual_loss
        se = ratio * math.hypot(
            pair.expected_annual_loss_se / pair.expected_annual_loss,
            single.expected_annual_loss_se / single.expected_annual_loss,
        )
        assert ratio < 0.25  # the pair loses far less
        assert abs(ratio - stated) < 4 * math.hypot(se, stated_se), (ratio, stated, se)
        # and the approximation λₕE[R²]/E[R] is of the same order (it ignores e^{−λR} curvature)
        approx = self.rate / 8760 * (r**2).mean() / r.mean()
        assert 0.7 * approx < stated <= approx

    def test_a_failover_costs_its_seconds_at_full_impact(self) -> None:
        with_fo = run_simulation(self._scenario(True, failover_s=360.0), trials=3000, seed=8)
        without = run_simulation(self._scenario(True, failover_s=0.0), trials=3000, seed=8)
        # same incidents: every member failure adds 0.1 h of full outage (10 units at 10,000/h)
        failures = with_fo.priority_incidents[0].sum()
        extra = with_fo.annual_loss[:, 0].sum() - without.annual_loss[:, 0].sum()
        assert extra == pytest.approx(failures * 0.1 * 10_000.0, rel=0.02)

    def test_faster_restoration_shrinks_the_pair_quadratically(self) -> None:
        assert float(pair_outage_hours(0.05, 24.0)) == pytest.approx(
            float(pair_outage_hours(0.05, 48.0)) / 4, rel=0.01
        )


# ---------------------------------------------------------------------------------------------
# Planned maintenance windows


SUNDAYS = {"weekly": [{"days": ["sun"], "start_hour": 0, "end_hour": 24}]}


class TestMaintenance:
    def test_the_clock_leaves_the_window_out(self) -> None:
        m = Maintenance.model_validate(SUNDAYS)
        clock = maintenance_clock(np.ones(168), m)
        assert float(clock.cumulative_at(168.0)) == pytest.approx(144.0)
        assert clock.mean == pytest.approx(
            (8760 - 53 * 24 + 24 * 0) / 8760, rel=0.01
        )  # 52 or 53 Sundays in a simulated year

    def test_the_paired_look_up_equals_two_look_ups(self) -> None:
        # the loss profile and the clock of one client share each time's hour: bit for bit the
        # values of separate look-ups, inside the table and beyond it (a long tail)
        m = Maintenance.model_validate(
            {**SUNDAYS, "planned": [{"week": 2, "day": "mon", "start_hour": 3, "hours": 30}]}
        )
        profile = maintenance_clock(np.linspace(0.1, 1.0, 168), m)
        clock = maintenance_clock(np.ones(168), m)
        t = np.random.default_rng(5).uniform(0.0, 9000.0, 1000)
        for times in (t, np.append(t, 1e7)):
            f, c = cumulative_pair_at(profile, clock, times)
            np.testing.assert_array_equal(f, profile.cumulative_at(times))
            np.testing.assert_array_equal(c, clock.cumulative_at(times))

    def test_planned_window(self) -> None:
        m = Maintenance.model_validate(
            {"planned": [{"week": 2, "day": "mon", "start_hour": 0, "hours": 48}]}
        )
        assert m.hours_per_year == 48
        # Sunday of week 1 to Wednesday of week 2: 72 h, 48 of them maintenance
        assert maintenance_elapsed_hours([144.0], [216.0], m)[0] == pytest.approx(24.0)

    def test_the_sla_helper_leaves_the_window_out(self) -> None:
        m = Maintenance.model_validate(SUNDAYS)
        # Saturday 20:00 to Monday 04:00: 32 h on the wall clock, 8 without Sunday
        assert sla_elapsed_hours([140.0], [172.0], None, m)[0] == pytest.approx(8.0)
        office = CoverageWindow.from_mask(hours_mask(("mon", "sat", "sun"), 9, 18))
        # a coverage clock counts open hours outside maintenance only: Sat 9 h + Mon 9 h
        assert sla_elapsed_hours([120.0], [192.0], office, m)[0] == pytest.approx(9.0 + 9.0)
        assert sla_elapsed_hours([140.0], [172.0])[0] == pytest.approx(32.0)  # no window

    def test_a_window_removes_its_hours_from_losses(self) -> None:
        # Flat profile, short fixed outages starting uniformly: a 24-h weekly window removes
        # 24/168 of the outage hours (and of the loss, recovery costs aside) on average.
        data = minimal_scenario_dict()
        option = data["options"]["base"]
        option["stages"] = {s: _fixed(0.0) for s in option["stages"]}
        option["stages"]["repair"] = _fixed(0.5)
        data = _only(data)
        data["incidents"]["critical"].update(annual_rate=20.0, spare_share=0.0)
        data["incidents"]["critical"].update(onsite_share=0.0, second_line_share=0.0)
        plain = run_simulation(scenario_from_dict(data), trials=5000, seed=6)
        data["client"]["maintenance"] = SUNDAYS
        maint = run_simulation(scenario_from_dict(data), trials=5000, seed=6)
        a, b = plain.annual_loss[:, 0], maint.annual_loss[:, 0]
        assert np.all(b <= a + 1e-9)  # same incidents: never more
        share = 1 - b.sum() / a.sum()
        # each incident is in the window with probability ~24/168 (the year's 53rd Sunday aside)
        n = plain.priority_incidents[0, 0]
        se = math.sqrt(share * (1 - share) / n)
        assert abs(share - 24 / 168) < 4 * se + 0.003
        assert maint.annual_downtime_hours.mean() < plain.annual_downtime_hours.mean()

    def test_weight_must_stay_one(self) -> None:
        bad = {"weekly": [{"days": ["sun"], "start_hour": 0, "end_hour": 4, "weight": 0.5}]}
        with pytest.raises(ValueError, match="weight"):
            Maintenance.model_validate(bad)


# ---------------------------------------------------------------------------------------------
# Sales figures that mean something; one ROI definition


class TestSalesFigures:
    def test_roi_by_hand(self) -> None:
        lines = {
            "avoided": [0.0, 110.0, 121.0],
            "fee": [0.0, -55.0, -60.5],
            "one_off": [-10.0, 0, 0],
        }
        benefits, costs = 200.0, 50.0 + 50.0 + 10.0  # PV at 10 %: 100 + 100; 50 + 50 + 10
        assert client_roi(lines, 0.10) == pytest.approx((benefits - costs) / costs)

    def test_no_payback_of_a_tenth_of_a_month(self) -> None:
        assert client_payback([-10_000.0, 800_000.0, 800_000.0]).kind == "year_one"
        months = client_payback([-200_000.0, 800_000.0, 800_000.0])
        assert (months.kind, months.months) == ("months", pytest.approx(3.0))
        assert client_payback([0.0, -1.0, -1.0]).kind == "never"

    def test_hours_that_pay_the_fee(self) -> None:
        assert fee_paying_hours(185_000.0, 3_700.0) == pytest.approx(50.0)
        assert break_even_outage_hours(20.0, 185_000.0, 80_000.0) == pytest.approx(46.25)
        assert break_even_outage_hours(20.0, -1.0, 80_000.0) == 0.0

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_shipped_figures_read_as_a_cfo_would(self, path: Path) -> None:
        s = load_scenario(path)
        summaries = summarise(run_simulation(s, trials=2000, seed=1))
        for v in client_value(s, summaries).values():
            # no "0.1 months": months only with an up-front cost worth a month of net saving
            if v.payback.kind == "months":
                assert v.payback.months >= 1.0
            # savings are no multiple of the fee (the "5× the fee" was a bug): the
            # hard loss a contract avoids stays below 4 × its fee
            assert v.avoided_loss < 4 * v.annual_fee, (v.option, v.avoided_loss, v.annual_fee)

    def test_the_case_uses_the_same_roi(self) -> None:
        s = load_scenario(MANUFACTURING)
        case = point_case(s, trials=40, seed=3)
        for name, d in case.decisions.items():
            expected = {k: v.mean(axis=0) for k, v in case.client[name].lines.items()}
            assert d.client_roi == pytest.approx(client_roi(expected, case.discount_rate))

    def test_app_and_report_show_the_same_roi(self) -> None:
        from bizcase.output.report.data import compute_report
        from dashapp.compute import client_roi as app_roi

        s = load_scenario(MANUFACTURING)
        trials, seed = 300, 11
        app = {r.option: r for r in app_roi(s, trials=trials, seed=seed)}
        report = compute_report(s, "client", trials=trials, seed=seed)
        assert report.values is not None and set(report.values) == set(app)
        for name, v in report.values.items():
            assert app[name].roi == pytest.approx(v.roi, rel=1e-9)
            # same kind, same time (to rounding: both sum the same flows in their own order)
            assert app[name].payback.kind == v.payback.kind
            assert app[name].payback.years == pytest.approx(v.payback.years, rel=1e-9, nan_ok=True)
            assert app[name].npv == pytest.approx(v.npv, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# The shipped scenarios: the tornado sees the status quo


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_tornado_shows_a_status_quo_stage_or_stock_out(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["tornado", str(path), "--side", "client", "--trials", "30", "--format", "json"]
    assert main(args) == 0
    bars = json.loads(capsys.readouterr().out)["bars"]
    top = [b["input"] for b in sorted(bars, key=lambda b: -b["swing"])[:5]]
    status_quo = [
        p
        for p in top
        if p.startswith("options.status_quo.")
        and (".stages." in p or p.endswith("stockout_probability") or ".spares." in p)
    ]
    assert status_quo, top
