"""Design search: the frontier, the cheapest design meeting the targets, branch and bound."""

from __future__ import annotations

import copy
import json
import tomllib
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bizcase import scenario_from_dict
from bizcase.cli.main import main
from bizcase.delivery.design_search import (
    DesignPoint,
    DesignSearch,
    apply_choice,
    pareto_frontier,
    search_designs,
    search_to_dict,
)
from bizcase.model import Scenario
from bizcase.model.errors import InputError, ScenarioError
from tests.conftest import ROOT

MANUFACTURING = ROOT / "scenarios" / "manufacturing.toml"
OPTION = "support_24x7x4"
TRIALS, SEED = 400, 5


@cache
def _raw() -> dict[str, Any]:
    return tomllib.loads(MANUFACTURING.read_text(encoding="utf-8"))


def _small_space() -> Scenario:
    """Manufacturing with a 24-design space: core spares, AP spares, nights, the office."""
    data = copy.deepcopy(_raw())
    data["options"][OPTION]["design"]["candidates"] = {
        "spares": {"core switch": ["site", "vendor_4h"], "Wi-Fi access point": ["none"]},
        "staffing": [{"window": 1, "modes": ["shift", "resident"], "site": "Plant 1 Boeblingen"}],
        "bases": [
            {
                "base": "Stuttgart office",
                "positions": [
                    # the integrator's Karlsruhe office: no extra rent, 55-80 km from the plants
                    {
                        "name": "Karlsruhe",
                        "latitude": 49.0069,
                        "longitude": 8.4037,
                        "annual_cost": 0,
                    }
                ],
            }
        ],
    }
    return scenario_from_dict(data)


@cache
def _search(method: str, target: float = 0.95) -> DesignSearch:
    return search_designs(
        _small_space(),
        OPTION,
        {"critical": target},
        trials=TRIALS,
        seed=SEED,
        method=method,  # type: ignore[arg-type]
    )


class TestFrontier:
    def test_the_frontier_holds_no_dominated_point(self) -> None:
        result = _search("exhaustive")
        assert result.evaluated == result.space_size == 24
        for f in result.frontier:
            for p in result.points:
                assert not (
                    p.annual_cost <= f.annual_cost
                    and p.attainment["critical"] >= f.attainment["critical"]
                    and (
                        p.annual_cost < f.annual_cost
                        or p.attainment["critical"] > f.attainment["critical"]
                    )
                )
        # ... and every point off the frontier is matched or beaten by one on it
        for p in result.points:
            assert any(
                f.annual_cost <= p.annual_cost
                and f.attainment["critical"] >= p.attainment["critical"]
                for f in result.frontier
            )

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20)),
            min_size=1,
            max_size=25,
        )
    )
    def test_pareto_frontier_property(self, raw: list[tuple[int, int, int]]) -> None:
        design = _small_space().options[OPTION].design
        assert design is not None
        points = [
            DesignPoint({}, float(c), 0.0, {"a": a / 20, "b": b / 20}, {}, True, {}, design)
            for c, a, b in raw
        ]
        front = pareto_frontier(points, ["a", "b"])
        costs = [p.annual_cost for p in front]
        assert costs == sorted(costs) and front

        def dominates(x: DesignPoint, y: DesignPoint) -> bool:
            ge = x.annual_cost <= y.annual_cost and all(
                x.attainment[k] >= y.attainment[k] for k in "ab"
            )
            return ge and (x.annual_cost, x.attainment) != (y.annual_cost, y.attainment)

        for f in front:
            assert not any(dominates(p, f) for p in points)
        for p in points:
            if not any(p is f for f in front):
                assert any(
                    dominates(f, p)
                    or (f.annual_cost, f.attainment) == (p.annual_cost, p.attainment)
                    for f in front
                )


class TestCheapest:
    def test_the_cheapest_meets_the_targets_and_no_cheaper_candidate_does(self) -> None:
        result = _search("exhaustive")
        best = result.cheapest
        assert best is not None and best.attainment["critical"] >= 0.95
        for p in result.points:
            if p.annual_cost < best.annual_cost:
                assert p.attainment["critical"] < 0.95
        # its stages add up to a critical incident's mean outage: all of them hours >= 0
        assert result.stages is not None and min(result.stages.values()) >= 0.0
        assert sum(result.stages.values()) < 4.0

    def test_branch_and_bound_finds_the_exhaustive_optimum_with_fewer_simulations(self) -> None:
        full, bnb = _search("exhaustive"), _search("branch_and_bound")
        assert full.cheapest is not None and bnb.cheapest is not None
        assert bnb.cheapest.choice == full.cheapest.choice
        assert bnb.cheapest.annual_cost == full.cheapest.annual_cost
        assert bnb.evaluated < full.evaluated
        # below the optimum's cost, the frontier is the exhaustive one
        below = [p.choice for p in full.frontier if p.annual_cost <= full.cheapest.annual_cost]
        assert [
            p.choice for p in bnb.frontier if p.annual_cost <= bnb.cheapest.annual_cost
        ] == below

    def test_a_frontier_margin_adds_the_dearer_designs_and_keeps_the_optimum(self) -> None:
        full, bnb = _search("exhaustive"), _search("branch_and_bound")
        wide = search_designs(
            _small_space(), OPTION, {"critical": 0.95}, trials=TRIALS, seed=SEED,
            frontier_margin=0.3,
        )  # fmt: skip
        assert wide.cheapest is not None and full.cheapest is not None
        assert wide.cheapest.choice == full.cheapest.choice
        assert bnb.evaluated <= wide.evaluated <= full.evaluated
        cap = full.cheapest.annual_cost * 1.3
        exact = [p.choice for p in full.frontier if p.annual_cost < cap]
        assert [p.choice for p in wide.frontier if p.annual_cost < cap] == exact

    def test_the_lower_bound_never_exceeds_the_cost(self) -> None:
        for p in _search("exhaustive").points:
            assert p.lower_bound <= p.annual_cost + 1e-6

    def test_lines_no_design_changes_are_the_same_for_every_candidate(self) -> None:
        points = _search("exhaustive").points
        for line in ("service_desk", "second_line", "service_manager"):
            assert len({p.cost_lines[line] for p in points}) == 1

    def test_an_unreachable_target_gives_no_cheapest_and_a_reason(self) -> None:
        result = _search("branch_and_bound", target=1.0)
        assert result.cheapest is None and result.stages is None
        assert result.evaluated == result.space_size  # nothing to prune on
        assert result.reason is not None and "critical >= 100%" in result.reason

    def test_a_farther_base_lowers_attainment_and_cost(self) -> None:
        points = {tuple(sorted(p.choice.items())): p for p in _search("exhaustive").points}
        filed = _search("exhaustive").current
        far = points[tuple(sorted({**filed.choice, "bases.Stuttgart office": "Karlsruhe"}.items()))]
        assert far.attainment["critical"] < filed.attainment["critical"]
        assert far.annual_cost < filed.annual_cost

    # Spares from the site to a depot lowering attainment and cost: tests/test_design.py
    # (TestCostFromTheSameDesign.test_spares_at_the_depot_lower_attainment_and_cost, 3,000 trials).


class TestReproducible:
    def test_same_seed_same_result(self) -> None:
        again = search_designs(_small_space(), OPTION, {"critical": 0.95}, trials=TRIALS, seed=SEED)
        assert search_to_dict(again) == search_to_dict(_search("branch_and_bound"))

    def test_a_process_pool_gives_the_serial_result(self) -> None:
        from bizcase.simulate.execute import LocalPoolExecutor

        with LocalPoolExecutor(2) as pool:
            pooled = search_designs(
                _small_space(), OPTION, {"critical": 0.95}, trials=TRIALS, seed=SEED, executor=pool
            )
        assert search_to_dict(pooled) == search_to_dict(_search("branch_and_bound"))

    def test_max_evaluations_stops_the_search_and_says_so(self) -> None:
        capped = search_designs(
            _small_space(),
            OPTION,
            {"critical": 1.0},
            trials=TRIALS,
            seed=SEED,
            max_evaluations=3,
        )
        assert capped.evaluated == 3 and not capped.complete
        assert capped.reason is not None and "max_evaluations = 3" in capped.reason

    def test_another_seed_other_numbers(self) -> None:
        other = search_designs(
            _small_space(), OPTION, {"critical": 0.95}, trials=TRIALS, seed=SEED + 1
        )
        assert other.current.annual_cost != _search("branch_and_bound").current.annual_cost


class TestChosenDesign:
    def test_the_chosen_design_keeps_a_space_that_holds_the_filed_design(self) -> None:
        design = _small_space().options[OPTION].design
        assert design is not None
        chosen = apply_choice(
            design,
            {"staffing[1]": "resident", "bases.Stuttgart office": "Karlsruhe"},
            keep_candidates=True,
        )
        assert chosen.staffing[1].mode == "resident" and chosen.staffing[1].site is not None
        assert chosen.bases[0].latitude == pytest.approx(49.0069)
        dims = dict(chosen.space_dimensions())
        assert "on_call" in dims["staffing[1]"]
        assert "Stuttgart office (as filed)" in dims["bases.Stuttgart office"]

    def test_dropping_windows_reindexes_the_space(self) -> None:
        data = copy.deepcopy(_raw())
        # two partner windows (Saturday and Sunday mornings) that the search may switch off,
        # before the office's two windows
        raw = data["options"][OPTION]["design"]
        raw["partners"] = [
            {"name": "Partner", "latitude": 48.8, "longitude": 9.2, "fee_per_visit": 150}
        ]
        for day in ("sun", "sat"):
            raw["staffing"].insert(
                0,
                {
                    "hours": {
                        "preset": "none",
                        "windows": [{"days": [day], "start_hour": 8, "end_hour": 12}],
                    },
                    "mode": "partner",
                    "partner": "Partner",
                    "engineers": 0,
                },
            )
        raw["candidates"]["staffing"] = [
            {"window": 0, "modes": ["off"]},
            {"window": 1, "modes": ["off"]},
            {"window": 3, "modes": ["shift"]},
        ]
        with_partner = scenario_from_dict(data).options[OPTION].design
        assert with_partner is not None
        one = apply_choice(with_partner, {"staffing[0]": "off"}, keep_candidates=True)
        assert len(one.staffing) == 3 and one.candidates is not None
        assert [c.window for c in one.candidates.staffing] == [0, 2]
        both = apply_choice(
            with_partner, {"staffing[0]": "off", "staffing[1]": "off"}, keep_candidates=True
        )
        assert [w.mode for w in both.staffing] == ["shift", "on_call"]
        assert both.candidates is not None
        assert [c.window for c in both.candidates.staffing] == [1]
        assert both.space_dimensions()[-2] == ("staffing[1]", ("on_call", "shift"))


class TestBadInput:
    @pytest.mark.parametrize(
        ("targets", "needle"),
        [
            ({"critical": 95}, "target critical = 95: must be a share in (0, 1]"),
            ({"urgent": 0.9}, "priority must be one of"),
            ({"technical": 0.9}, "sets no restoration target for technical"),
            ({}, "give at least one"),
        ],
    )
    def test_bad_targets(self, targets: dict[str, object], needle: str) -> None:
        with pytest.raises(InputError, match=None) as info:
            search_designs(_small_space(), OPTION, targets, trials=50)
        assert needle in str(info.value)

    def test_an_option_without_a_design(self) -> None:
        with pytest.raises(InputError, match="a design search needs one"):
            search_designs(_small_space(), "nbd_8x5", {"critical": 0.9}, trials=50)

    @pytest.mark.parametrize(
        ("candidates", "path", "rule"),
        [
            (
                {"staffing": [{"window": 7, "modes": ["shift"]}]},
                "candidates.staffing[0].window",
                "no such window",
            ),
            ({"spares": {"router": ["site"]}}, "candidates.spares", "no such class"),
            (
                {
                    "bases": [
                        {
                            "base": "Mars",
                            "positions": [{"name": "x", "latitude": 1, "longitude": 2}],
                        }
                    ]
                },
                "candidates.bases[0].base",
                "no such base",
            ),
            (
                {"staffing": [{"window": 1, "modes": ["resident"]}]},
                "candidates.staffing[0].site",
                "needs 'site'",
            ),
            (
                {"spares": {"core switch": ["shelf"]}},
                "candidates.spares.core switch",
                "Input should be",
            ),
        ],
    )
    def test_bad_candidates_name_field_value_and_rule(
        self, candidates: dict[str, Any], path: str, rule: str
    ) -> None:
        data = copy.deepcopy(_raw())
        data["options"][OPTION]["design"]["candidates"] = candidates
        with pytest.raises(ScenarioError) as info:
            scenario_from_dict(data)
        text = str(info.value)
        assert f"options.{OPTION}.design.{path}" in text and rule in text


class TestCommand:
    def test_json_keys(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = ["design", str(MANUFACTURING), "--option", OPTION, "--target", "critical=0.95"]
        assert main([*args, "--target", "major=0.9", "--trials", "300", "--seed", "2",
                     "--format", "json", "--workers", "1"]) == 0  # fmt: skip
        payload = json.loads(capsys.readouterr().out)
        assert {"frontier", "cheapest", "targets", "trials", "seed"} <= payload.keys()
        assert payload["targets"] == {"critical": 0.95, "major": 0.9}
        assert payload["trials"] == 300 and payload["seed"] == 2
        point = payload["frontier"][0]
        assert {"annual_cost", "attainment", "design"} <= point.keys()
        assert set(point["attainment"]) == {"critical", "major", "minor"}
        assert payload["evaluated"] < payload["space_size"] == 648
        cheapest = payload["cheapest"]
        assert cheapest["attainment"]["critical"] >= 0.95 and cheapest["cost_lines"]

    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = ["design", str(MANUFACTURING), "--option", OPTION, "--target", "critical=0.95"]
        assert main([*args, "--trials", "300", "--workers", "1"]) == 0
        out = capsys.readouterr().out
        assert "Frontier" in out and "Cheapest meeting every target" in out
        # the stage line says what its figures are: mean hours per incident, stage by stage
        line = next(x for x in out.splitlines() if "incident by stage" in x)
        assert line.strip().startswith("mean hours of a critical incident by stage")
        assert "repair" in line and "_" not in line

    @pytest.mark.parametrize(
        ("extra", "needle"),
        [
            (["--option", OPTION, "--target", "critical=95"], "must be a share in (0, 1]"),
            (["--option", OPTION, "--target", "critical"], "must read PRIORITY=SHARE"),
            (["--option", "nope", "--target", "critical=0.9"], "--option 'nope'"),
            (["--option", "nbd_8x5", "--target", "critical=0.9"], "a design search needs one"),
            (
                ["--option", OPTION, "--target", "critical=0.9", "--target", "critical=0.8"],
                "given twice",
            ),
            (
                ["--option", OPTION, "--target", "critical=0.9", "--frontier-margin", "5"],
                "--frontier-margin '5': must be a share from 0 to 1",
            ),
        ],
    )
    def test_bad_input_exits_2_with_a_message(
        self, extra: list[str], needle: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        try:
            code = main(["design", str(MANUFACTURING), *extra, "--trials", "50", "--workers", "1"])
        except SystemExit as exc:  # argparse rejects a malformed --target itself
            code = int(exc.code or 0)
        assert code == 2
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err


class TestDesignPage:
    """The page's callbacks, called directly (the browser test drives them in Chromium)."""

    @pytest.fixture
    def ctx(self, tmp_path: Any) -> Any:
        from dashapp import create_app

        app = create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")
        with app.server.test_request_context("/"):
            yield app

    @staticmethod
    def _working() -> dict[str, Any]:
        from dashapp.state import dump

        data = dump(_small_space())
        return {"key": "manufacturing", "scenario": data, "dirty": True, "invalid": False}

    PAGE = {"page": "design", "scenario": "manufacturing", "lang": "en"}

    def test_search_select_and_use(self, ctx: Any) -> None:
        from dashapp.callbacks import design as page
        from dashapp.state import scenario_of

        working = self._working()
        message, summary, store, columns, rows, selected = page.run_search(
            1, OPTION, 0.95, None, working, self.PAGE
        )
        assert message is None and "of 24 designs simulated" in repr(summary)
        assert len(rows) == len(store["points"]) and selected == [store["chosen"]]
        chosen = store["points"][store["chosen"]]
        assert chosen["meets"] and chosen["attainment"]["critical"] >= 0.95
        assert not any(
            p["meets"] and p["annual_cost"] < chosen["annual_cost"] for p in store["points"]
        )
        assert [c["id"] for c in columns][:2] == ["label", "cost"]
        figure = page.frontier_figure(store, selected, self.PAGE)
        assert "Chosen design" in [trace.name for trace in figure.data]
        new, note = page.use_design(1, selected, store, working, self.PAGE)
        assert "design-used" in repr(note) and new["dirty"]
        edited = scenario_of(new)
        assert edited is not None
        design = _small_space().options[OPTION].design
        assert design is not None
        want = apply_choice(design, chosen["choice"], keep_candidates=True)
        assert edited.options[OPTION].design == want
        # the search was on the old scenario: using it again on the edited one is refused
        _, stale = page.use_design(1, selected, store, new, self.PAGE)
        assert "search again" in repr(stale)

    @pytest.mark.parametrize("value", [95, "x", None, 0.2])
    def test_a_bad_target_is_an_inline_error(self, ctx: Any, value: Any) -> None:
        from dashapp.callbacks import design as page

        message = page.run_search(1, OPTION, value, None, self._working(), self.PAGE)[0]
        assert "design-error" in repr(message) and "give a share from 0.5 to 1" in repr(message)

    def test_russian_labels(self, ctx: Any) -> None:
        from dashapp.i18n import t

        assert t("nav_design", "ru") == "Проект сервиса"
        assert t("g_use", "ru") == "Использовать этот вариант"
