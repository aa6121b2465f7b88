"""The status quo against the client's outage history: the check and ``bizcase calibrate``."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from scipy import stats

from bizcase import load_scenario, run_simulation, scenario_from_dict
from bizcase.cli.main import main
from bizcase.model.errors import InputError
from bizcase.simulate.history import (
    calibrate,
    duration_percentiles,
    gamma_poisson_posterior_mean,
    history_check,
    mean_percentile_p_value,
    poisson_tail,
)
from tests.conftest import SCENARIOS, minimal_scenario_dict

TRIALS = 2000


def _with_history(history: dict[str, Any]) -> dict[str, Any]:
    """The minimal scenario (critical incidents at 2 a year, impact 1) with a client record."""
    data = copy.deepcopy(minimal_scenario_dict())
    data["client"]["history"] = {"min_impact_share": 0.9, **history}
    return data


class TestReferenceValues:
    def test_poisson_tail_against_design_9(self) -> None:
        # DESIGN §9: Poisson(1.25), P(X ≤ 4) = .990876
        assert poisson_tail(5, 1.25)[0] == pytest.approx(1 - 0.990876, abs=1e-6)
        assert poisson_tail(0, 3.0) == (pytest.approx(math.exp(-3.0)), "fewer")

    def test_posterior_mean_by_hand(self) -> None:
        # model 2 outages a year worth 2 years of record; the client saw 1 in 5 years:
        # Gamma(α = 4, β = 2) prior → posterior mean (4 + 1) / (2 + 5) = 5/7
        assert gamma_poisson_posterior_mean(2.0, 2.0, 1, 5.0) == pytest.approx(5 / 7)
        with pytest.raises(InputError):
            gamma_poisson_posterior_mean(2.0, 0.0, 1, 5.0)

    def test_percentile_test(self) -> None:
        sims = np.arange(1.0, 101.0)
        assert duration_percentiles(sims, (50.5,)).tolist() == [0.5]
        # exact Irwin–Hall for two percentiles whose mean is 0.9: P(U₁ + U₂ ≥ 1.8) = 0.02
        assert mean_percentile_p_value(np.array([0.9, 0.9])) == pytest.approx(2 * 0.02)
        # beyond 20 durations, the normal approximation
        u = np.full(25, 0.6)
        z = 0.1 * math.sqrt(12 * 25)
        assert mean_percentile_p_value(u) == pytest.approx(2 * stats.norm.sf(z))


class TestCheck:
    def test_a_consistent_history_is_not_flagged(self) -> None:
        s = scenario_from_dict(_with_history({"years": 5, "outages": 10}))
        check = history_check(run_simulation(s, trials=TRIALS, seed=1))
        assert check is not None
        assert check.modelled_rate == pytest.approx(2.0, abs=4 * check.modelled_rate_se)
        assert not check.contradicts

    def test_too_few_outages_contradict_the_status_quo(self) -> None:
        s = scenario_from_dict(_with_history({"years": 5, "outages": 1}))
        check = history_check(run_simulation(s, trials=TRIALS, seed=1))
        assert check is not None and check.direction == "fewer"
        # P(X ≤ 1 | Poisson(10)) = 11·e^-10 = 0.0005
        expected = stats.poisson.cdf(1, check.modelled_rate * 5)
        assert check.count_tail == pytest.approx(expected)
        assert check.count_tail < 0.01 and check.contradicts

    def test_durations_that_do_not_fit_are_flagged(self) -> None:
        s = scenario_from_dict(
            _with_history({"years": 5, "outages": 10, "durations_hours": [80, 120]})
        )
        check = history_check(run_simulation(s, trials=TRIALS, seed=1))
        assert check is not None and not check.count_contradicts
        assert check.durations_contradict and check.contradicts
        assert all(p > 0.95 for p in check.duration_percentiles)

    def test_redundant_pairs_count_only_when_both_are_out(self) -> None:
        data = _with_history({"years": 5, "outages": 1})
        for inc in data["incidents"].values():
            inc["annual_rate"] = 0.0
        data["inventory"] = [
            {
                "name": "core",
                "units": 2,
                "annual_failure_rate": 2.0,
                "priority": "major",
                "impact_share": 1.0,
                "redundant": True,
            }
        ]
        r = run_simulation(scenario_from_dict(data), trials=TRIALS, seed=2)
        assert r.history_outages is not None
        failures = r.priority_incidents[0].sum() / TRIALS  # ≈ 4 member failures a year
        assert r.history_outages.mean() < 0.05 * failures

    def test_bizcase_run_flags_it(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "few.toml"
        path.write_text(tomli_w.dumps(_with_history({"years": 5, "outages": 1})))
        assert main(["run", str(path), "--trials", "1000", "--quiet"]) == 0
        assert "CONTRADICTS the status quo" in capsys.readouterr().out
        assert main(["run", str(path), "--trials", "1000", "--quiet", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["history_check"]["contradicts"] is True

    @pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
    def test_shipped_histories_are_consistent(self, path: Path) -> None:
        s = load_scenario(path)
        check = history_check(run_simulation(s, trials=TRIALS, seed=3))
        assert check is not None, "every shipped scenario carries its client's record"
        assert not check.count_contradicts


class TestCalibrate:
    def test_calibrate_moves_the_rate_to_the_posterior_mean(self) -> None:
        s = scenario_from_dict(_with_history({"years": 5, "outages": 1}))
        cal = calibrate(s, trials=TRIALS, seed=4)
        prior = cal.prior_rate  # the model's rate of recorded-type outages, ≈ 2 a year
        assert prior == pytest.approx(2.0, abs=0.15)
        # Gamma(α = 2λ₀, β = 2) prior, 1 outage in 5 years: (2λ₀ + 1) / (2 + 5), by hand
        assert cal.posterior_rate == pytest.approx((2 * prior + 1) / 7)
        assert cal.rate_factor == pytest.approx(cal.posterior_rate / prior)
        assert cal.scenario is not None
        # only the streams the record counts (impact ≥ 0.9: critical) are scaled
        assert cal.scenario.incidents.critical.annual_rate == pytest.approx(2.0 * cal.rate_factor)
        assert cal.scenario.incidents.major.annual_rate == s.incidents.major.annual_rate
        # the model after sits at the posterior, and the record no longer contradicts it
        assert cal.after.modelled_rate == pytest.approx(cal.posterior_rate, abs=0.05)
        assert cal.before.contradicts and not cal.after.count_contradicts
        assert cal.baseline_loss_after < cal.baseline_loss_before

    def test_calibrate_moves_the_durations_towards_the_record(self) -> None:
        s = scenario_from_dict(
            _with_history({"years": 5, "outages": 10, "durations_hours": [20.0, 30.0]})
        )
        cal = calibrate(s, trials=TRIALS, seed=5)
        assert cal.duration_factor > 1.0
        before = np.mean(cal.before.duration_percentiles)
        after = np.mean(cal.after.duration_percentiles)
        assert abs(after - 0.5) < abs(before - 0.5)
        assert cal.scenario is not None
        repair = cal.scenario.options["base"].stages.repair
        assert repair.median_hours == pytest.approx(1.0 * cal.duration_factor)
        assert repair.p90_hours == pytest.approx(2.5 * cal.duration_factor)

    def test_ranges_are_scaled_as_ranges(self) -> None:
        s = load_scenario(SCENARIOS[0])  # bank_branches: the critical rate is a range
        cal = calibrate(s, trials=500, seed=6)
        assert cal.scenario is not None
        rng = cal.scenario.ranges["incidents.critical.annual_rate"]
        old = s.ranges["incidents.critical.annual_rate"]
        assert rng.low == pytest.approx(old.low * cal.rate_factor)
        assert rng.high == pytest.approx(old.high * cal.rate_factor)

    def test_cli_writes_only_when_asked(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "few.toml"
        path.write_text(tomli_w.dumps(_with_history({"years": 5, "outages": 1})))
        before = set(tmp_path.iterdir())
        assert main(["calibrate", str(path), "--trials", "1000"]) == 0
        text = capsys.readouterr().out
        assert "Before:" in text and "After:" in text and "posterior mean" in text
        assert set(tmp_path.iterdir()) == before  # nothing written
        out = tmp_path / "calibrated.toml"
        assert main(["calibrate", str(path), "--trials", "1000", "-o", str(out)]) == 0
        assert "Wrote" in capsys.readouterr().out
        assert set(tmp_path.iterdir()) == before | {out}  # no temporary file left behind
        assert load_scenario(out).incidents.critical.annual_rate < 2.0

    def test_no_history_is_an_input_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "plain.toml"
        path.write_text(tomli_w.dumps(minimal_scenario_dict()))
        assert main(["calibrate", str(path)]) == 2
        assert "client.history" in capsys.readouterr().err
