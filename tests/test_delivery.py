"""The delivery plan of a scenario: spares feed the engine, SLA, credits, staffing, CLI."""

from __future__ import annotations

import copy
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from bizcase import ScenarioError, load_scenario, run_simulation, scenario_from_dict
from bizcase.cli.main import main
from bizcase.delivery.incidents import simulate_option
from bizcase.delivery.plan import (
    delivery_plan,
    frontier_attainment,
    plan_to_dict,
    scaling_table,
)
from bizcase.delivery.spares_plan import spares_plan, with_spares_plan, with_stockout_probability
from bizcase.delivery.staffing import COST_LINES
from bizcase.model import PRIORITIES, Duration, Scenario
from bizcase.model.errors import InputError
from tests.conftest import ROOT, SCENARIOS

MANUFACTURING = ROOT / "scenarios" / "manufacturing.toml"
OPTION = "support_24x7x4"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(MANUFACTURING)


def _with_delivery(scenario: Scenario, **spares: Any) -> Scenario:
    assert scenario.delivery is not None
    d = scenario.delivery
    return scenario.model_copy(
        update={"delivery": d.model_copy(update={"spares": d.spares.model_copy(update=spares)})}
    )


def _data(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json", exclude_none=True)


class TestShippedScenarios:
    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_every_scenario_yields_a_plan(self, path: Path) -> None:
        scenario = load_scenario(path)
        plan = delivery_plan(scenario, OPTION, trials=200, seed=5)
        assert plan.staffing.roster_size >= 2
        assert plan.desk_agents.shape == (168,)
        assert plan.total_annual_cost == pytest.approx(sum(plan.annual_cost.values()))
        assert set(plan.annual_cost) == set(COST_LINES)
        assert all(v >= 0 for v in plan.annual_cost.values())
        assert plan.fte_per_24x7_seat == pytest.approx(
            52 * 168 / scenario.delivery.calendar.productive_hours_per_fte  # type: ignore[union-attr]
        )

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_every_contract_keeps_the_targets_it_promises(self, path: Path) -> None:
        # A shipped SLA is one an integrator could sign: each target met in >= 93 % of the
        # cases it covers (restoration) and >= 85 % (response), and the managed network, which
        # has all a 24x7x4 has and more, restores critical incidents no worse than the 24x7x4
        # (2 points of noise).  Found: outsourcing at 88 % in 4 h vs the 24x7x4's 95 %, and a
        # 1-hour major response the field partner met in 47 % of cases.
        scenario = load_scenario(path)
        critical: dict[str, float] = {}
        for name in scenario.options:
            if name == scenario.baseline:
                continue
            sla = delivery_plan(
                scenario, name, trials=4000, seed=scenario.simulation.seed, with_scaling=False
            ).sla
            for priority, row in sla.iterrows():
                if not math.isnan(row["target_hours"]):
                    assert row["attainment"] >= 0.93, (name, priority, row["attainment"])
                if not math.isnan(row["response_target_hours"]):
                    assert row["response_attainment"] >= 0.85, (
                        name,
                        priority,
                        row["response_attainment"],
                    )
            critical[name] = float(sla.loc["critical", "attainment"])
        assert critical["outsourcing"] >= critical[OPTION] - 0.02, critical

    def test_labour_calendar_reference(self, scenario: Scenario) -> None:
        # DESIGN §8: 8,736 h / 1,736 productive h = 5.03 FTE per 24x7 seat.
        plan = delivery_plan(scenario, OPTION, trials=100, seed=1)
        assert plan.productive_hours_per_fte == 1736.0
        assert round(plan.fte_per_24x7_seat, 2) == 5.03


class TestPlan:
    def test_contents(self, scenario: Scenario) -> None:
        plan = delivery_plan(scenario, OPTION, trials=400, seed=3)
        assert set(plan.fte) == {
            "first_line_engineer",
            "service_desk_agent",
            "second_line_expert",
            "service_manager",
        }
        office = scenario.delivery.service_desk.open_hours.vector()  # type: ignore[union-attr]
        assert np.all(plan.desk_agents[office > 0] >= 1) and np.all(
            plan.desk_agents[office == 0] == 0
        )
        sla = plan.sla
        assert list(sla.index) == list(PRIORITIES)
        assert sla.loc["critical", "target_hours"] == 4.0
        assert math.isnan(sla.loc["technical", "target_hours"])
        for p in ("critical", "major", "minor"):
            assert 0.0 <= sla.loc[p, "attainment"] <= 1.0
            assert sla.loc[p, "attainment_with_capacity"] <= sla.loc[p, "attainment"] + 1e-12
        c = plan.credits_per_contract
        assert 0 <= c["p50"] <= c["p90"]
        assert plan.staffing.weeks_on_call_per_person == pytest.approx(
            52 * plan.staffing.on_call_positions / plan.staffing.roster_size
        )
        assert 0.0 < plan.probability_engineer_free["critical_arrival"] <= 1.0
        json.dumps(plan_to_dict(plan))  # serialisable

    def test_same_seed_same_plan(self, scenario: Scenario) -> None:
        a = plan_to_dict(delivery_plan(scenario, OPTION, trials=300, seed=9))
        b = plan_to_dict(delivery_plan(scenario, OPTION, trials=300, seed=9))
        assert a == b

    def test_common_random_numbers_with_the_run(self, scenario: Scenario) -> None:
        # Same seed and trials: the plan restores exactly the incidents run_simulation restored.
        result = run_simulation(scenario, trials=500, seed=11)
        stats = simulate_option(scenario, OPTION, trials=500, seed=11)
        k = result.options.index(OPTION)
        np.testing.assert_allclose(stats.incidents_per_year, result.priority_incidents[k] / 500)
        plan = delivery_plan(scenario, OPTION, result=result)
        assert plan.trials == 500 and plan.seed == 11

    def test_attainment_is_reproducible_within_its_standard_error(self, scenario: Scenario) -> None:
        a = simulate_option(scenario, OPTION, trials=3000, seed=1)
        b = simulate_option(scenario, OPTION, trials=3000, seed=2)
        for j in range(3):
            pa, pb = a.restoration_met[j], b.restoration_met[j]
            na, nb = a.incidents_per_year[j] * 3000, b.incidents_per_year[j] * 3000
            se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
            assert abs(pa - pb) <= 4.5 * se + 1e-12

    def test_credits_are_the_breaches_times_the_amount_without_cap(
        self, scenario: Scenario
    ) -> None:
        data = _data(scenario)
        data["options"][OPTION]["credits"] = {"per_breach": {"critical": 1000.0, "major": 10.0}}
        s = scenario_from_dict(data)
        stats = simulate_option(s, OPTION, trials=400, seed=4)
        expected = 1000.0 * stats.breaches_per_trial[:, 0] + 10.0 * stats.breaches_per_trial[:, 1]
        np.testing.assert_allclose(stats.credits_per_trial, expected)

    def test_option_without_credits_pays_none(self, scenario: Scenario) -> None:
        plan = delivery_plan(scenario, "status_quo", trials=100, seed=1)
        assert plan.credits_per_contract["mean"] == 0.0
        assert plan.annual_cost["service_credits"] == 0.0

    def test_option_without_local_stock_freezes_no_capital(self, scenario: Scenario) -> None:
        plan = delivery_plan(scenario, "nbd_8x5", trials=100, seed=1)
        assert plan.spares.total_capital == 0.0 and plan.annual_cost["spares_holding"] == 0.0

    def test_service_manager_staircase(self, scenario: Scenario) -> None:
        stats = simulate_option(scenario, OPTION, trials=200, seed=1)
        table = scaling_table(scenario, OPTION, stats, 12)
        assert table.loc[table.contracts == 4, "service_manager"].item() == 0
        assert table.loc[table.contracts == 5, "service_manager"].item() == 1
        assert table.loc[table.contracts == 10, "service_manager"].item() == 2

    def test_shifts_instead_of_on_call(self, scenario: Scenario) -> None:
        # [delivery] staffing applies to options without a design (a design sets its own modes).
        opt = scenario.options[OPTION]
        typed = Duration(median_hours=0.25, p90_hours=0.5)
        stages = opt.stages.model_copy(
            update={
                "detection": typed,
                "response": typed,
                "travel": Duration(median_hours=1.0, p90_hours=1.75),
            }
        )
        scenario = scenario.model_copy(
            update={
                "options": {
                    **scenario.options,
                    OPTION: opt.model_copy(update={"design": None, "stages": stages}),
                }
            }
        )
        d = scenario.delivery
        assert d is not None
        s = scenario.model_copy(update={"delivery": d.model_copy(update={"staffing": "shifts"})})
        on_call = delivery_plan(scenario, OPTION, trials=200, seed=1)
        shifts = delivery_plan(s, OPTION, trials=200, seed=1)
        assert shifts.staffing.roster_size == 0
        assert shifts.annual_cost["on_call_standby"] == 0.0
        assert shifts.fte["first_line_engineer"] > on_call.fte["first_line_engineer"]


class TestMoreContractsNeverFewerStaff:
    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_headcount_is_a_staircase(self, path: Path) -> None:
        scenario = load_scenario(path)
        stats = simulate_option(scenario, OPTION, trials=200, seed=2)
        table = scaling_table(scenario, OPTION, stats, 25)
        for role in ("first_line_engineer", "service_desk_agent", "service_manager"):
            assert np.all(np.diff(table[role].to_numpy()) >= 0), role
        # Cost per contract falls overall (the greedy spares path may wobble by a unit or two).
        per_contract = table["cost_per_contract"].to_numpy()
        assert per_contract[-1] < per_contract[0]


class TestSpares:
    def test_plan_reaches_the_target(self, scenario: Scenario) -> None:
        plan = spares_plan(scenario, 4)
        assert plan.fill_rate >= 0.95
        assert plan.stockout_probability == pytest.approx(1 - plan.fill_rate)
        assert plan.holding_cost_per_year == pytest.approx(0.25 * plan.total_capital)
        assert plan.total_capital == pytest.approx(
            float((plan.classes["stock"] * plan.classes["unit_cost"]).sum())
        )

    @settings(max_examples=25, deadline=None)
    @given(st.floats(0, 120_000), st.floats(0, 120_000))
    def test_bigger_budget_never_worse(self, b1: float, b2: float) -> None:
        scenario = load_scenario(MANUFACTURING)
        low, high = sorted((b1, b2))
        a = spares_plan(scenario, 4, budget=low)
        b = spares_plan(scenario, 4, budget=high)
        assert b.total_capital <= high + 1e-6
        assert (
            b.classes["expected_backorders"].sum() <= a.classes["expected_backorders"].sum() + 1e-12
        )
        assert b.fill_rate >= a.fill_rate - 1e-12

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    @pytest.mark.parametrize("target", [0.8, 0.95, 0.99])
    def test_pooling_never_needs_more_stock(self, path: Path, target: float) -> None:
        scenario = load_scenario(path)
        site = _with_delivery(scenario, location="site")
        for n in (1, 2, 5, 12):
            pooled = spares_plan(scenario, n, target_fill_rate=target)
            separate = spares_plan(site, n, target_fill_rate=target)
            assert pooled.total_capital <= separate.total_capital + 1e-6
            assert pooled.classes["stock"].sum() <= (separate.classes["stock"] * n).sum()

    def test_stock_moves_the_engine(self, scenario: Scenario) -> None:
        planned = with_spares_plan(scenario, OPTION, 4)
        p = planned.options[OPTION].spares.stockout_probability
        assert p == pytest.approx(spares_plan(scenario, 4).stockout_probability)
        assert scenario.options[OPTION].spares.stockout_probability == 0.05  # original unchanged

    @settings(max_examples=15, deadline=None)
    @given(st.floats(0, 1), st.floats(0, 1))
    def test_more_stock_never_worse_sla_at_the_same_seed(self, p1: float, p2: float) -> None:
        scenario = load_scenario(MANUFACTURING)
        more_stock, less_stock = sorted((p1, p2))  # lower stock-out probability = more stock
        a = simulate_option(
            with_stockout_probability(scenario, OPTION, less_stock), OPTION, trials=150, seed=8
        )
        b = simulate_option(
            with_stockout_probability(scenario, OPTION, more_stock), OPTION, trials=150, seed=8
        )
        for j in range(3):
            assert b.restoration_met[j] >= a.restoration_met[j] - 1e-12
        assert b.credits_per_trial.sum() <= a.credits_per_trial.sum() + 1e-9

    def test_frontier_attainment_never_falls(self, scenario: Scenario) -> None:
        plan = spares_plan(scenario, 4)
        frame = frontier_attainment(scenario, OPTION, plan, trials=200, seed=3)
        for p in ("critical", "major", "minor"):
            assert np.all(np.diff(frame[f"attainment[{p}]"].to_numpy()) >= -1e-12)
        assert np.all(np.diff(frame["total_capital"].to_numpy()) > 0)


class TestBadInput:
    def test_no_delivery_section(self, scenario_dict: dict[str, Any]) -> None:
        with pytest.raises(ScenarioError, match=r"delivery: the scenario has no \[delivery\]"):
            delivery_plan(scenario_from_dict(scenario_dict), trials=100)

    def test_bad_arguments(self, scenario: Scenario) -> None:
        with pytest.raises(InputError, match="option = 'nope'"):
            delivery_plan(scenario, "nope", trials=100)
        with pytest.raises(InputError, match="contracts = 0"):
            delivery_plan(scenario, OPTION, contracts=0, trials=100)
        with pytest.raises(InputError, match="trials = 0"):
            delivery_plan(scenario, OPTION, trials=0)
        with pytest.raises(InputError, match="stockout_probability = 1.5"):
            with_stockout_probability(scenario, OPTION, 1.5)
        with pytest.raises(InputError, match="target_fill_rate = 1.0"):
            spares_plan(scenario, target_fill_rate=1.0)
        with pytest.raises(InputError, match="budget = -1"):
            spares_plan(scenario, budget=-1.0)

    @pytest.mark.parametrize(
        ("path", "value", "message"),
        [
            (("delivery", "calendar", "leave_days"), -5, "delivery.calendar.leave_days = -5"),
            (("delivery", "calendar", "training_days"), 300, "leaves no productive hours"),
            (("delivery", "wages", "first_line_engineer"), 0, "delivery.wages.first_line_engineer"),
            (("delivery", "on_call", "min_engineers"), 1, "delivery.on_call.min_engineers = 1"),
            (("delivery", "on_call", "max_on_call_share"), 0, "max_on_call_share = 0"),
            (("delivery", "service_desk", "shrinkage"), 1.0, "service_desk.shrinkage = 1.0"),
            (("delivery", "service_desk", "handle_time_s"), 0, "handle_time_s = 0"),
            (("delivery", "service_desk", "target_service_level"), 1.0, "target_service_level"),
            (("delivery", "spares", "holding_rate"), 1.5, "delivery.spares.holding_rate = 1.5"),
            (("delivery", "spares", "location"), "moon", "delivery.spares.location = 'moon'"),
            (("delivery", "contracts"), 0, "delivery.contracts = 0"),
            (("delivery", "surprise"), 1, "delivery.surprise: unknown key"),
            (
                ("delivery", "service_desk", "open_hours"),
                {
                    "preset": "none",
                    "base_weight": 0.0,
                    "windows": [{"days": ["mon"], "start_hour": 9, "end_hour": 10, "weight": 0.5}],
                },
                "must be 0 (closed) or 1 (open)",
            ),
            (
                ("options", OPTION, "credits", "cap_share_of_monthly_fee"),
                2.0,
                "credits.cap_share_of_monthly_fee = 2.0",
            ),
            (
                ("options", OPTION, "credits", "availability_tiers"),
                [{"availability_below": 1.2, "credit_share": 0.1}],
                "availability_below = 1.2",
            ),
            (("options", OPTION, "credits", "per_breach"), {"urgent": 5}, "per_breach.urgent"),
        ],
    )
    def test_bad_scenario_values(
        self, scenario: Scenario, path: tuple[str, ...], value: object, message: str
    ) -> None:
        data = copy.deepcopy(_data(scenario))
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        with pytest.raises(ScenarioError, match=re.escape(message)):
            scenario_from_dict(data, "test.toml")

    def test_missing_wages(self, scenario: Scenario) -> None:
        data = _data(scenario)
        del data["delivery"]["wages"]
        with pytest.raises(ScenarioError, match="delivery.wages: required field is missing"):
            scenario_from_dict(data)


class TestCli:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["delivery", str(MANUFACTURING), "--option", OPTION, "--trials", "300"]
        assert main(argv) == 0
        out = capsys.readouterr().out
        for text in (
            "On-call rota",
            "Service desk",
            "Spare parts",
            "SLA attainment",
            "Annual cost by line",
            "Scaling with contracts",
            "5.03 FTE",
        ):
            assert text in out
        # The chance an engineer is free is that of the urgent cases, which pre-empt the rest:
        # the line says whose load it is (it printed the whole load beside a 99.7 % chance).
        capacity = re.search(r"load (\d+\.\d+) Erlang, of it critical and major (\d+\.\d+)", out)
        assert capacity is not None
        assert float(capacity[2]) < float(capacity[1])
        assert "when a critical or major case arrives" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = [
            "delivery",
            str(MANUFACTURING),
            "--contracts",
            "6",
            "--trials",
            "300",
            "--seed",
            "2",
            "--format",
            "json",
        ]
        assert main(argv) == 0
        payload = json.loads(capsys.readouterr().out)
        assert payload["contracts"] == 6 and payload["seed"] == 2 and payload["trials"] == 300
        for key in (
            "fte",
            "headcount",
            "on_call",
            "service_desk",
            "spares",
            "sla",
            "service_credits_per_contract",
            "annual_cost",
            "scaling",
        ):
            assert key in payload
        assert len(payload["service_desk"]["agents_per_hour_of_week"]) == 168

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--option", "nope"], "option = 'nope'"),
            (["--contracts", "0"], "contracts = 0"),
            (["--contracts", "many"], "contracts = 'many'"),
            (["--trials", "0"], "trials = 0"),
            (["--format", "xml"], "invalid choice"),
        ],
    )
    def test_bad_arguments_exit_2(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) if argv[0] != "--option" else _no_raise():
            status = main(["delivery", str(MANUFACTURING), *argv])
            assert status == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err

    def test_scenario_without_delivery_exits_2(
        self, tmp_path: Path, scenario_dict: dict[str, Any]
    ) -> None:
        path = tmp_path / "plain.toml"
        path.write_text(tomli_w.dumps(scenario_dict), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "bizcase.cli.main", "delivery", str(path), "--trials", "100"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 2
        assert "no [delivery] section" in proc.stderr and "Traceback" not in proc.stderr

    def test_bad_delivery_value_exits_2(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.toml"
        text = MANUFACTURING.read_text(encoding="utf-8").replace(
            "max_on_call_share = 0.25", "max_on_call_share = 1.25"
        )
        path.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "bizcase.cli.main", "delivery", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 2
        assert "delivery.on_call.max_on_call_share = 1.25" in proc.stderr
        assert "Traceback" not in proc.stderr


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_critical_classes_are_stocked_to_the_target_on_their_own() -> None:
    from bizcase import load_scenario
    from bizcase.delivery.spares_plan import spares_plan

    scenario = load_scenario(SCENARIOS[0].parent / "manufacturing.toml")
    plan = spares_plan(scenario)
    critical = {d.name for d in scenario.inventory if d.priority == "critical"}
    rows = plan.classes[plan.classes.name.isin(critical)]
    assert len(rows) == len(critical)
    assert (rows.fill_rate >= scenario.delivery.spares.target_fill_rate).all()
    assert (rows.stock >= 1).all()


def test_several_options_on_once_drawn_incidents_are_each_options_own_figures() -> None:
    """simulate_options draws each chunk once for every option: each option's statistics are
    exactly simulate_option's for it alone (same seed and chunks: the same incidents)."""
    import dataclasses

    from bizcase.delivery.incidents import simulate_options
    from bizcase.model.io import shipped_scenario

    scenario = load_scenario(shipped_scenario("bank_branches"))
    names = ("support_24x7x4", "outsourcing", "nbd_8x5")
    together = simulate_options(scenario, names, trials=130, seed=5, chunk_trials=60)
    assert tuple(together) == names
    for name in names:
        alone = simulate_option(scenario, name, trials=130, seed=5, chunk_trials=60)
        for f in dataclasses.fields(alone):
            a, b = getattr(together[name], f.name), getattr(alone, f.name)
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, b, err_msg=f"{name}.{f.name}")
            elif f.name != "credit_basis":
                assert a == b or (a != a and b != b), (name, f.name)
        basis, expected = together[name].credit_basis, alone.credit_basis
        if expected is not None:
            assert basis is not None
            np.testing.assert_array_equal(basis.breach, expected.breach)
            np.testing.assert_array_equal(basis.tier_share, expected.tier_share)


def test_several_options_bad_input_names_the_option() -> None:
    from bizcase.delivery.incidents import simulate_options
    from bizcase.model.errors import InputError
    from bizcase.model.io import shipped_scenario

    scenario = load_scenario(shipped_scenario("manufacturing"))
    with pytest.raises(InputError, match="'no_such'"):
        simulate_options(scenario, ("support_24x7x4", "no_such"), trials=10)
    with pytest.raises(InputError, match="at least one option"):
        simulate_options(scenario, (), trials=10)


class TestCallOuts:
    """A designed option's call-outs: the cases its on-call engineer answers — those he drives
    to, and those he sends the field partner to and works from home.

    By hand: sites North (3 h from the office, the partner 0.5 h away) and Near (0.5 h from the
    office); weekdays 08–18 an engineer on shift, every other hour one on call (acknowledges in
    0.25 h, on the road 0.5 h after); the partner acknowledges in 1 h around the clock.  Fixed
    stages: no detection, diagnosis 0.5 h, repair 1 h; every case needs a visit.
    """

    def _plan_and_terms(self) -> tuple[Any, Any]:
        from bizcase.delivery.incidents import _built

        data = _data(load_scenario(MANUFACTURING))
        fixed = lambda h: {"median_hours": h, "p90_hours": h}  # noqa: E731
        data["inventory"] = []
        data["sites"] = [
            {"name": "North", "latitude": 48.89, "longitude": 9.19,
             "travel_hours": {"Office": 3.0, "Partner": 0.5}},
            {"name": "Near", "latitude": 48.79, "longitude": 9.18,
             "travel_hours": {"Office": 0.5, "Partner": 0.5}},
        ]  # fmt: skip
        weekdays = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start_hour": 8, "end_hour": 18}]
        option = data["options"][OPTION]
        option["stages"] = {
            "detection": fixed(0.0),
            "diagnosis": fixed(0.5),
            "second_line": fixed(0.0),
            "repair": fixed(1.0),
        }
        option.pop("priorities", None)
        option.pop("credits", None)
        option["design"] = {
            "bases": [{"name": "Office", "latitude": 48.78, "longitude": 9.18}],
            "partners": [{"name": "Partner", "response": fixed(1.0), "fee_per_visit": 100.0}],
            "staffing": [
                {"hours": {"preset": "none", "windows": weekdays}, "mode": "shift",
                 "base": "Office", "engineers": 1, "acknowledge": fixed(0.1)},
                {"hours": {"preset": "none", "base_weight": 1,
                           "windows": [dict(w, weight=0) for w in weekdays]},
                 "mode": "on_call", "base": "Office", "engineers": 1,
                 "acknowledge": fixed(0.25), "callout_delay": fixed(0.5)},
                {"hours": {"preset": "24x7"}, "mode": "partner", "partner": "Partner",
                 "engineers": 0},
            ],
        }  # fmt: skip
        option["coverage"] = {"preset": "24x7"}
        scenario = scenario_from_dict(data)
        ((plan, terms),) = _built(scenario, (OPTION,))
        return plan, terms

    def test_an_engineer_woken_to_send_the_partner_is_called_out(self) -> None:
        from bizcase.delivery.incidents import _measure_restored
        from bizcase.simulate.engine import IncidentSample, restore

        plan, terms = self._plan_and_terms()
        # Monday 02:00 at North: the partner is there first (1 h + 0.5 h against the on-call
        # engineer's 0.25 + 0.5 + 3 h); the on-call engineer answers at 02:15, diagnoses until
        # 02:45 and sends the partner — a call-out of 0.75 h hands-on, worked from home.
        # Monday 02:00 at Near: he drives himself (0.25 + 0.5 + 0.5 h, before the partner's
        # 1.5 h) — a call-out of 0.25 h answering, 0.5 h diagnosing while he gets on the road,
        # 0.5 h each way and 1 h of repair = 2.75 h.  Monday 10:00 at North: the shift engineer
        # sends the partner — office work, no call-out.
        start = np.array([2.0, 2.0, 10.0])
        n = start.size
        sample = IncidentSample(
            n_trials=1,
            trial=np.zeros(n, np.int64),
            priority=np.zeros(n, np.int64),
            priority_bounds=np.array([0, n, n, n, n], np.int64),
            start_hours=start,
            needs_onsite=np.ones(n, np.bool_),
            needs_spare=np.zeros(n, np.bool_),
            needs_second_line=np.zeros(n, np.bool_),
            stockout_u=np.ones(n),
            prevention_u=np.ones(n),
            z=np.zeros((7, n), np.float32),
            site=np.array([0, 1, 0], np.int64),
            remote_u=np.ones(n),
        )
        rest = restore(plan, sample)
        assert plan.design.window_mode[rest.responder].tolist() == [3, 2, 3]  # partner, on call
        # sent at 02:15, the partner acknowledges at 03:15, is on site at 03:45, done at 04:45
        assert rest.end_hours.tolist() == pytest.approx([4.75, 2.0 + 1.25 + 1.0, 12.6], abs=1e-6)
        tally = _measure_restored(plan, terms, sample, rest, np.random.SeedSequence(1))
        assert tally.totals["callouts"] == 2.0
        rules = terms.delivery.on_call
        night = rules.night_multiplier  # 02:00 on a Monday is in the night
        min_paid = rules.callout_min_paid_hours
        expected = (max(0.75, min_paid) + max(2.75, min_paid)) * night
        assert tally.totals["paid"] == pytest.approx(expected)
        assert tally.totals["callout_hours"] == pytest.approx(0.75 + 2.75)
        assert tally.totals["partner_visits"] == 2.0
