"""The app's business case at full precision: the CLI's figures, cached by what each step reads.

* the live page runs the scenario's own trials and shows the figures of ``bizcase case`` (same
  trials and seed: the same JSON, byte for byte), also after a fee change served from the cache;
* a finance change (fee, discount rate, target margin, a client figure) prices the cached
  simulation again: the simulation is counted and does not run;
* service credits follow the fee without a new simulation, capped as the contract says;
* the simulation's cache key changes with every input it reads and with nothing else; the caches
  are LRUs bounded in bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bizcase import Scenario, load_scenario, save_scenario
from bizcase.cli.case import case_to_dict
from bizcase.cli.common import strict_json
from bizcase.cli.main import main
from bizcase.delivery.incidents import simulate_option
from bizcase.delivery.sla import CreditBasis, service_credits_per_year
from bizcase.economics import uncertainty
from bizcase.economics.solve import with_fee
from bizcase.economics.uncertainty import (
    ProcessCache,
    process_key,
    run_nbytes,
    uncertain_case,
)
from bizcase.model.io import scenario_from_dict, scenario_to_dict
from bizcase.model.ranges import parse_path, set_path
from bizcase.simulate.execute import SerialExecutor
from dashapp import compute
from dashapp.i18n import t
from dashapp.library import Library, shipped_dir
from dashapp.state import working_from_library

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
OPTION = "support_24x7x4"


@pytest.fixture
def library() -> Library:
    return Library(shipped_dir(), shipped_dir())


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    compute.clear_cache()
    yield
    compute.clear_cache()


def edited(scenario: Scenario, path: str, value: float) -> Scenario:
    """``scenario`` with the number ``value`` at ``path``, as a form or a slider sets it (a
    ranged input becomes that point value)."""
    data = scenario_to_dict(scenario)
    data = set_path(data, parse_path(path), value)
    return scenario_from_dict(data, source=scenario.name)


def cli_case(path: Path, trials: int, capsys: pytest.CaptureFixture[str]) -> str:
    """``bizcase case PATH --trials N --format json`` (serial), its standard output."""
    capsys.readouterr()
    args = ["case", str(path), "--trials", str(trials), "--workers", "1", "--format", "json"]
    assert main(args) == 0
    return capsys.readouterr().out.strip()


def assert_same_figures(got: Any, want: Any, where: str = "") -> None:
    """Equal JSON trees, numbers within float rounding (relative 1e-9, absolute 1e-6)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), where
        for key in want:
            assert_same_figures(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            assert_same_figures(a, b, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-6), where
    else:
        assert got == want, where


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the process runs (incidents simulated, delivery costed) from now on."""
    calls: list[int] = []
    real = uncertainty.process_run

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(uncertainty, "process_run", counted)
    # counted in this process: the live case's design points stay here, off the app's pool
    monkeypatch.setattr(compute, "case_executor", SerialExecutor)
    return calls


class TestSameFiguresAsTheCli:
    def test_live_case_is_the_cli_case(
        self, library: Library, capsys: pytest.CaptureFixture[str]
    ) -> None:
        scenario = library.load("manufacturing")
        app = strict_json(case_to_dict(compute.business_case(scenario, trials=40)))
        assert app == cli_case(SCENARIO_DIR / "manufacturing.toml", 40, capsys)

    def test_after_a_fee_change_from_the_cache(
        self, library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The fee moves the service credits too (capped at a share of the monthly fee): the
        cached simulation priced at the new fee gives the CLI's figures for that fee."""
        scenario = library.load("manufacturing")
        compute.business_case(scenario, trials=40)  # the simulation is cached now
        fee = scenario.options[OPTION].annual_fee * 0.4
        cheaper = with_fee(scenario, OPTION, fee)
        app = compute.business_case(cheaper, trials=40)
        assert compute.process_cache().simulations == 1  # the first case's, nothing since
        path = save_scenario(cheaper, tmp_path / "cheaper.toml")
        cli = json.loads(cli_case(path, 40, capsys))
        # the portfolio's staircase re-prices its credits as a difference: float tolerance
        assert_same_figures(json.loads(strict_json(case_to_dict(app))), cli)

    def test_the_live_page_runs_the_scenarios_own_trials(self, library: Library) -> None:
        for entry in library.entries():
            scenario = library.load(entry.key)
            assert compute.case_trials(scenario) == scenario.business_case.trials


class TestFinanceChangesDoNotSimulate:
    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (f"options.{OPTION}.annual_fee", 55_000.0),
            ("business_case.discount_rate", 0.13),
            ("business_case.target_margin", 0.3),
            ("client.revenue_at_risk_per_hour", 90_000.0),
        ],
    )
    def test_no_process_run(
        self, library: Library, monkeypatch: pytest.MonkeyPatch, path: str, value: float
    ) -> None:
        scenario = library.load("logistics_hub")
        calls = counting(monkeypatch)
        first = compute.business_case(scenario, trials=24)
        simulated = len(calls)
        assert simulated == scenario.business_case.design_points  # one run per design point
        changed = edited(scenario, path, value)
        again = compute.business_case(changed, trials=24)
        assert len(calls) == simulated  # priced again, not simulated again
        fresh = uncertain_case(changed, trials=24, cache=ProcessCache())
        assert len(calls) == 2 * simulated  # (the reference simulates, with its own cache)
        for name in again.decisions:  # the cached simulation gives a fresh run's figures
            np.testing.assert_array_equal(
                again.decisions[name].integrator_npv, fresh.decisions[name].integrator_npv
            )
            np.testing.assert_array_equal(
                again.decisions[name].client_npv, fresh.decisions[name].client_npv
            )
        if path != "business_case.target_margin":
            assert not np.array_equal(
                first.decisions[OPTION].client_npv, again.decisions[OPTION].client_npv
            )
        else:
            assert first.decisions[OPTION].price_floor != again.decisions[OPTION].price_floor

    def test_process_input_does_simulate(
        self, library: Library, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        scenario = library.load("logistics_hub")
        calls = counting(monkeypatch)
        compute.business_case(scenario, trials=24)
        simulated = len(calls)
        rate = scenario.incidents.by_priority()["major"].annual_rate * 1.5
        compute.business_case(edited(scenario, "incidents.major.annual_rate", rate), 24)
        assert len(calls) == 2 * simulated

    def test_render_after_a_slider_reuses_the_simulation(
        self, request_ctx: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from dashapp.callbacks import business

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        monkeypatch.setattr(
            compute, "case_trials", lambda s: 30
        )  # the page's code path, fewer trials
        at = {"page": "business", "scenario": "retail_chain", "lang": "en"}
        working = working_from_library(library, "retail_chain")
        calls = counting(monkeypatch)
        first = business.render_business(OPTION, "integrator", working, at)
        simulated = len(calls)
        working["scenario"]["options"][OPTION]["annual_fee"] = 12_000.0
        again = business.render_business(OPTION, "integrator", working, at)
        assert len(calls) == simulated and again[0] is None
        assert repr(again[2]) != repr(first[2])  # the cards moved with the fee


@pytest.fixture
def request_ctx(tmp_path: Path) -> Any:
    from dashapp import create_app

    app = create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")
    with app.server.test_request_context("/"):
        yield app


class TestCreditsFollowTheFee:
    def test_basis_prices_the_credits_of_a_simulation_at_that_fee(self) -> None:
        """The SLA outcome simulated at one fee prices the credits that a simulation at another
        fee gives: the fee is a price, not a process input."""
        scenario = load_scenario(SCENARIO_DIR / "manufacturing.toml")
        stats = simulate_option(scenario, OPTION, trials=400, seed=7)
        assert stats.credit_basis is not None
        for fee in (1_000.0, 60_000.0, 250_000.0):
            other = simulate_option(with_fee(scenario, OPTION, fee), OPTION, trials=400, seed=7)
            priced = stats.credit_basis.per_year(fee / 12.0, stats.credit_cap_share)
            np.testing.assert_array_equal(priced, other.credits_per_trial)

    def test_cap_binds_at_a_low_fee(self) -> None:
        """Hand-computed: January 2,000 of breaches and a 10 % tier in February, cap 50 %."""
        basis = CreditBasis(
            np.array([[2_000.0, 0.0] + [0.0] * 10]), np.array([[0.0, 0.1] + [0.0] * 10])
        )
        # monthly fee 5,000: January min(2,500, 2,000) + February 500
        assert basis.per_year(5_000.0, 0.5).tolist() == [2_500.0]
        # monthly fee 1,000: January capped at 500 + February 100
        assert basis.per_year(1_000.0, 0.5).tolist() == [600.0]
        # a fee per row
        two = basis.take([0, 0])
        assert two.per_year(np.array([5_000.0, 1_000.0]), 0.5).tolist() == [2_500.0, 600.0]

    def test_same_as_the_library_function(self) -> None:
        rng = np.random.default_rng(3)
        n, trials = 300, 20
        args = (
            rng.integers(0, trials, n),
            rng.uniform(0, 8760, n),
            rng.choice([0.0, 500.0, 2_000.0], n),
            rng.exponential(2.0, n),
            trials,
        )
        for fee in (0.0, 800.0, 9_000.0):
            direct = service_credits_per_year(*args, fee, [0.999, 0.995], [0.05, 0.1], 0.25)
            from bizcase.delivery.sla import credit_basis

            basis = credit_basis(*args, [0.999, 0.995], [0.05, 0.1])
            np.testing.assert_array_equal(basis.per_year(fee, 0.25), direct)

    @pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
    def test_bad_fee_is_refused_by_name(self, bad: float) -> None:
        basis = CreditBasis(np.zeros((1, 12)), np.zeros((1, 12)))
        with pytest.raises(ValueError, match="monthly_fee"):
            basis.per_year(bad, 0.5)
        with pytest.raises(ValueError, match="cap_share"):
            basis.per_year(1.0, 1.5)


class TestCacheKeys:
    @pytest.fixture
    def scenario(self) -> Scenario:
        return load_scenario(SCENARIO_DIR / "manufacturing.toml")

    @pytest.mark.parametrize(
        "path",
        [
            f"options.{OPTION}.annual_fee",
            "business_case.discount_rate",
            "business_case.target_margin",
            "business_case.setup_cost",
            "client.revenue_at_risk_per_hour",
            "client.penalty_per_hour",
            "incidents.major.recovery_cost",
        ],
    )
    def test_unchanged_by_what_the_simulation_does_not_read(
        self, scenario: Scenario, path: str
    ) -> None:
        moved = edited(scenario, path, 0.123 if "rate" in path or "margin" in path else 7.0)
        assert process_key(moved, 100, 1) == process_key(scenario, 100, 1)

    def test_unchanged_by_labels(self, scenario: Scenario) -> None:
        data = scenario_to_dict(scenario)
        data["options"][OPTION]["label"] = "Renamed"
        data["name"] = "Another name"
        renamed = scenario_from_dict(data)
        assert process_key(renamed, 100, 1) == process_key(scenario, 100, 1)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            ("incidents.major.annual_rate", 9.0),
            ("delivery.wages.first_line_engineer", 91_000.0),
            ("delivery.contracts", 7),
            ("business_case.horizon_years", 4),
            ("business_case.design_points", 5),
            ("options.nbd_8x5.sla_excluded_share", 0.2),
        ],
    )
    def test_changed_by_what_it_reads(self, scenario: Scenario, path: str, value: float) -> None:
        moved = edited(scenario, path, value)
        assert process_key(moved, 100, 1) != process_key(scenario, 100, 1)

    def test_changed_by_trials_seed_and_a_process_range(self, scenario: Scenario) -> None:
        from bizcase.model.ranges import Range

        key = process_key(scenario, 100, 1)
        assert process_key(scenario, 101, 1) != key != process_key(scenario, 100, 2)
        wider = scenario.with_values({})
        ranges = dict(scenario.ranges)
        ranges["incidents.major.annual_rate"] = Range(low=1.0, high=30.0)
        wider._ranges = ranges
        assert process_key(wider, 100, 1) != key
        ledger_only = scenario.with_values({})
        ranges = dict(scenario.ranges)
        ranges["business_case.setup_cost"] = Range(low=1.0, high=3.0, dist="uniform")
        ledger_only._ranges = ranges
        assert process_key(ledger_only, 100, 1) == key


class TestBoundedCaches:
    def test_process_cache_is_an_lru_bounded_in_bytes(self) -> None:
        scenario = load_scenario(SCENARIO_DIR / "manufacturing.toml")
        point = scenario.with_values({})
        point._ranges = {}
        only = ("nbd_8x5",)  # one option's delivery, no staircase: a small run
        one = ProcessCache()
        run = one.get(point, 10, 1, only, False)
        size = run_nbytes(run)
        assert size > 0 and one.nbytes == size
        cache = ProcessCache(max_entries=10, max_bytes=int(2.5 * size))
        for seed in (1, 2, 3):
            cache.get(point, 10, seed, only, False)
        assert len(cache.runs) == 2 and cache.nbytes <= cache.max_bytes  # seed 1 went first
        cache.get(point, 10, 2, only, False)  # seed 2 is now the most recently used ...
        cache.get(point, 10, 4, only, False)  # ... so seed 3 goes
        keys = [k[2] for k in cache.runs]
        assert keys == [2, 4] and cache.simulations == 4 and cache.hits == 1

    def test_case_cache_is_bounded(self, library: Library) -> None:
        scenario = library.load("manufacturing")
        case = compute.business_case(scenario, trials=12)
        size = compute.case_nbytes(case)
        assert size > 0
        cases = compute.CaseCache(max_entries=8, max_bytes=int(1.5 * size))
        cases.put(("a", 12, 1), case)
        cases.put(("b", 12, 1), case)
        assert list(cases.cases) == [("b", 12, 1)] and cases.get(("a", 12, 1)) is None


class TestTrialsOnThePage:
    def test_badge_says_how_many_trials(
        self, request_ctx: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from dashapp.callbacks import business
        from dashapp.state import dump

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        small = edited(library.load("manufacturing"), "business_case.trials", 30)
        working = {"key": "manufacturing", "scenario": dump(small), "dirty": True}
        at = {"page": "business", "scenario": "manufacturing", "lang": "en"}
        badge = business.render_business(OPTION, "integrator", working, at)[1]
        assert badge.startswith("Full precision: the scenario's 30 trials × 5 years")
        ru = business.render_business(OPTION, "integrator", working, dict(at, lang="ru"))[1]
        assert ru.startswith("Полная точность: 30 испытаний сценария × 5 лет")
        monkeypatch.setattr(compute, "case_trials", lambda s: 20)  # a scenario over budget
        capped = business.render_business(OPTION, "integrator", working, at)[1]
        assert capped.startswith("Live case: 20 of the scenario's 30 trials × 5 years")

    def test_texts_in_both_languages(self) -> None:
        for key in ("b_badge", "b_badge_capped"):
            en = t(key, "en", trials="1", full="2", years=5, seed=1, rate="8%")
            ru = t(key, "ru", trials="1", full="2", years=5, seed=1, rate="8%")
            assert en != ru and "1" in en and "1" in ru

    def test_a_scenario_too_busy_for_the_budget_is_capped_and_says_so(
        self, library: Library
    ) -> None:
        scenario = library.load("bank_branches")
        busy = scenario.with_values(
            {
                "incidents.minor.annual_rate": scenario.incidents.by_priority()["minor"].annual_rate
                + 400
            }
        )
        trials = compute.case_trials(busy)
        assert 100 <= trials < busy.business_case.trials and trials % 100 == 0
        per_year = compute.expected_incidents_per_year(busy)
        assert trials * busy.business_case.horizon_years * per_year <= compute.CASE_INCIDENT_BUDGET
