"""The Dash app: library, caching, callbacks called directly, i18n, serving configuration."""

from __future__ import annotations

import base64
import math
import re
import tomllib
from contextvars import copy_context
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from bizcase import ScenarioError, load_scenario, scenario_to_toml
from dashapp import create_app, ids
from dashapp.callbacks import compare as cmp_cb
from dashapp.callbacks import edit as edit_cb
from dashapp.callbacks import library as lib_cb
from dashapp.callbacks import losses as losses_cb
from dashapp.callbacks import shell
from dashapp.compute import (
    INTERACTIVE_INCIDENT_BUDGET,
    WorkTooLarge,
    cache_info,
    client_roi,
    differing_inputs,
    expected_incidents_per_year,
    full_run_trials,
    incident_key,
    interactive_trials,
    oncall_rota,
    scenario_hash,
    simulate,
    simulation_key,
)
from dashapp.fields import (
    apply_values,
    client_fields,
    display_number,
    feedback_for,
    incident_fields,
    option_fields,
    parse_number,
    simulation_fields,
)
from dashapp.i18n import TEXT, format_money, t, translate_rule
from dashapp.library import MAX_UPLOAD_BYTES, Library, LibraryError, sanitise_key, shipped_dir
from dashapp.serve import url_for
from dashapp.state import scenario_of, working_from_library

# dash.no_update's class: public everywhere as this type (dash 2.x defines it in dash._callback,
# 4.x in dash._no_update).
NoUpdate = type(no_update)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")


@pytest.fixture
def request_ctx(app: Any) -> Any:
    with app.server.test_request_context("/"):
        yield app


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "library", shipped_dir())


def page(key: str = "manufacturing", lang: str = "en", name: str = "losses") -> dict[str, Any]:
    return {"page": name, "scenario": key, "lang": lang}


#: A ranged input of manufacturing: employees_affected = { low = 100, high = 180 }.
RANGED = "client.employees_affected"


def _walk(component: Any) -> list[Any]:
    """A component and every component below it, depth first."""
    children = getattr(component, "children", None)
    if children is None:
        below: list[Any] = []
    elif isinstance(children, (list, tuple)):
        below = [c for child in children for c in _walk(child)]
    else:
        below = _walk(children)
    return [component, *below]


def field_id(path: str) -> dict[str, str]:
    return {"type": ids.FIELD, "path": path}


def data_url(text: str) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(text.encode()).decode()


def busy_working(library: Library, per_year: float, lang: str = "en") -> dict[str, Any]:
    """The working store of ``manufacturing`` with ``per_year`` minor incidents a year."""
    working = working_from_library(library, "manufacturing")
    working["scenario"]["incidents"]["minor"]["annual_rate"] = per_year
    working["dirty"] = True
    return working


def in_callback(func: Any, trigger: str, *args: Any) -> Any:
    """Call ``func`` as if ``trigger`` (``id.prop``) had fired it."""

    def run() -> Any:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
        return func(*args)

    return copy_context().run(run)


# -- library ---------------------------------------------------------------------------------


class TestLibrary:
    def test_lists_shipped_scenarios(self, library: Library) -> None:
        keys = [e.key for e in library.entries()]
        assert {"manufacturing", "retail_chain", "bank_branches", "logistics_hub"} <= set(keys)
        assert all(e.kind == "shipped" for e in library.entries())
        assert library.default_key() == "manufacturing"

    def test_shipped_dir_is_the_repositorys(self) -> None:
        assert shipped_dir() == ROOT / "scenarios"

    @pytest.mark.parametrize(
        ("raw", "key"),
        [
            ("My Plant v2", "my_plant_v2"),
            ("../../x", "x"),
            ("Привет plant", "privet_plant"),  # Cyrillic names keep a readable key
            ("Областная больница №1", "oblastnaya_bolnitsa_no1"),
            ("a.toml", "a"),
        ],
    )
    def test_sanitise(self, raw: str, key: str) -> None:
        assert sanitise_key(raw) == key

    @pytest.mark.parametrize("raw", ["", "  ", "///", "★ ☆"])
    def test_sanitise_rejects_empty(self, raw: str) -> None:
        with pytest.raises(LibraryError) as err:
            sanitise_key(raw)
        assert err.value.code == "bad_name"

    def test_save_as_load_delete(self, library: Library) -> None:
        scenario = library.load("manufacturing")
        key = library.save_as(scenario, "Plant copy")
        assert key == "plant_copy"
        assert library.find(key).kind == "user"
        assert library.load(key) == scenario
        with pytest.raises(LibraryError, match="exists"):
            library.save_as(scenario, "plant copy")
        library.delete(key)
        assert key not in [e.key for e in library.entries()]

    def test_shipped_is_read_only(self, library: Library) -> None:
        scenario = library.load("manufacturing")
        for action in (
            lambda: library.save("manufacturing", scenario),
            lambda: library.delete("manufacturing"),
            lambda: library.save_as(scenario, "manufacturing"),
        ):
            with pytest.raises(LibraryError):
                action()
        assert (shipped_dir() / "manufacturing.toml").exists()

    def test_upload_valid(self, library: Library) -> None:
        text = (shipped_dir() / "logistics_hub.toml").read_text()
        key = library.upload(data_url(text), "My Hub.toml")
        assert key == "my_hub"
        assert library.load(key).name == load_scenario(shipped_dir() / "logistics_hub.toml").name
        assert library.upload(data_url(text), "My Hub.toml") == "my_hub_2"

    def test_bad_upload_changes_nothing(self, library: Library) -> None:
        data = tomllib.loads((shipped_dir() / "manufacturing.toml").read_text())
        data["options"]["nbd_8x5"]["annual_fee"] = -5
        bad = tomli_w.dumps(data)
        before = (
            sorted(p.name for p in library.user_dir.glob("*")) if library.user_dir.exists() else []
        )
        with pytest.raises(ScenarioError) as err:
            library.upload(data_url(bad), "bad.toml")
        assert ("options.nbd_8x5.annual_fee", -5, "Input should be greater than or equal to 0") in [
            tuple(p) for p in err.value.problems
        ]
        with pytest.raises(ScenarioError):
            library.upload(data_url("not = [toml"), "worse.toml")
        after = (
            sorted(p.name for p in library.user_dir.glob("*")) if library.user_dir.exists() else []
        )
        assert after == before

    def test_upload_size_cap(self, library: Library) -> None:
        with pytest.raises(LibraryError) as err:
            library.upload(data_url("#" * (MAX_UPLOAD_BYTES + 1)), "big.toml")
        assert err.value.code == "too_large"

    def test_unknown_and_unsafe_keys(self, library: Library) -> None:
        for key in ("nope", "../scenarios/manufacturing", "", "A"):
            with pytest.raises(LibraryError):
                library.find(key)


# -- computation -----------------------------------------------------------------------------


class TestLibraryWrites:
    @pytest.mark.parametrize("name", ["con", "NUL", "Com1.toml", "lpt9.txt", "aux.tar.gz", "prn?"])
    def test_windows_device_names_are_refused(self, library: Library, name: str) -> None:
        scenario = library.load("manufacturing")
        with pytest.raises(LibraryError) as caught:
            library.save_as(scenario, name)
        assert caught.value.code == "reserved_name"
        assert "Windows reserves" in t("err_reserved_name", "en", detail=caught.value.detail)
        with pytest.raises(LibraryError) as caught:
            library.upload(data_url(scenario_to_toml(scenario)), name)
        assert caught.value.code == "reserved_name"
        assert not list(library.user_dir.glob("*.toml"))
        assert library.save_as(scenario, "console") == "console"  # only the device names

    def test_concurrent_save_as_of_one_name_has_one_winner(self, library: Library) -> None:
        from concurrent.futures import ThreadPoolExecutor

        scenario = library.load("manufacturing")

        def save(_: int) -> str:
            try:
                return library.save_as(scenario, "plant")
            except LibraryError as exc:
                return exc.code

        with ThreadPoolExecutor(12) as pool:
            outcomes = list(pool.map(save, range(12)))
        assert sorted(outcomes) == ["exists"] * 11 + ["plant"]
        assert [p.name for p in library.user_dir.glob("*plant*")] == ["plant.toml"]

    def test_stale_temporaries_are_cleaned_at_start(self, tmp_path: Path) -> None:
        user = tmp_path / "library"
        user.mkdir()
        stale = [user / ".plant.toml.abc123.tmp", user / ".x.toml.9.tmp"]
        for path in stale:
            path.write_text("half a file")
        keep = user / ".notes.tmp"  # not a save's temporary
        keep.write_text("mine")
        create_app(user, jobs_dir=tmp_path / "jobs")
        assert not any(p.exists() for p in stale) and keep.exists()


class TestCompute:
    def test_interactive_trials_bounds(self, library: Library) -> None:
        for entry in library.entries():
            scenario = library.load(entry.key)
            n = interactive_trials(scenario)
            assert 300 <= n <= 4000 and n % 100 == 0
            assert n * expected_incidents_per_year(scenario) <= INTERACTIVE_INCIDENT_BUDGET

    def test_live_runs_are_sized_by_the_incident_budget(self, library: Library) -> None:
        busy = scenario_of(busy_working(library, 2_000))  # about 58 years fit the budget
        assert busy is not None
        per_year = expected_incidents_per_year(busy)
        assert interactive_trials(busy) == int(INTERACTIVE_INCIDENT_BUDGET / per_year) < 100
        with pytest.raises(WorkTooLarge) as caught:
            interactive_trials(scenario_of(busy_working(library, 100_000)))  # type: ignore[arg-type]
        assert "incidents.<priority>.annual_rate" in str(caught.value)
        assert caught.value.max_per_year == INTERACTIVE_INCIDENT_BUDGET / 20

    def test_fee_changes_reuse_the_cached_run(self, library: Library) -> None:
        scenario = library.load("logistics_hub")
        simulate(scenario, 600, 3)
        hits = cache_info().hits
        data = scenario.model_dump(mode="json")
        data["options"]["support_24x7x4"]["annual_fee"] = 1.0
        data["options"]["support_24x7x4"]["label"] = "Renamed"
        cheaper = type(scenario).model_validate(data)
        assert simulation_key(cheaper) == simulation_key(scenario)
        result = simulate(cheaper, 600, 3)
        assert cache_info().hits == hits + 1
        assert "Renamed" in result.labels
        data["client"]["revenue_at_risk_per_hour"] = 1.0
        assert scenario_hash(type(scenario).model_validate(data)) != scenario_hash(scenario)

    def test_client_inputs_reuse_the_cached_incidents(self, library: Library) -> None:
        from bizcase import run_simulation

        scenario = library.load("retail_chain")
        simulate(scenario, 500, 11)
        misses = cache_info().misses
        data = scenario.model_dump(mode="json")
        data["client"]["revenue_at_risk_per_hour"] *= 3.0
        data["client"]["employees_affected"] = 7
        data["client"]["penalty_per_hour"] = 321.0
        data["incidents"]["minor"]["recovery_cost"] = 55.0
        data["incidents"]["critical"]["reputational_cost"] = 1000.0
        moved = type(scenario).model_validate(data)
        assert incident_key(moved) == incident_key(scenario)
        assert scenario_hash(moved) != scenario_hash(scenario)  # the figures must change
        priced = simulate(moved, 500, 11)
        assert cache_info().misses == misses  # no new simulation
        direct = run_simulation(moved, trials=500, seed=11)
        for name in (
            "annual_loss",
            "annual_downtime_hours",
            "priority_loss",
            "priority_downtime_hours",
            "priority_incidents",
            "stage_hours",
            "annual_reputational",
            "impact_share",
        ):
            assert getattr(priced, name) == pytest.approx(getattr(direct, name), rel=1e-9), name
        assert priced.peak_loss_per_hour == pytest.approx(direct.peak_loss_per_hour)
        data["client"]["penalty_threshold_hours"] = 1.0  # changes the priced outage hours
        assert incident_key(type(scenario).model_validate(data)) != incident_key(scenario)

    def test_oncall_rota_round_robin(self) -> None:
        rota = oncall_rota(6, 2)
        weeks = [sum(1 for v in row if v) for row in rota]
        assert weeks == [18, 18, 17, 17, 17, 17]  # 104 phone-weeks shared, ±1
        assert all(max(w / 52 for w in weeks) <= 2 / 6 + 1 / 52 for _ in [0])
        for week in range(52):
            assert sorted(row[week] for row in rota if row[week]) == [1, 2]
        with pytest.raises(ValueError):
            oncall_rota(1, 2)

    def test_client_roi_formula(self, library: Library) -> None:
        # The app's ROI is the library's one definition (bizcase.economics.sales.client_roi on
        # the client ledger at base values): checked by hand for the 24x7x4 contract.
        from bizcase import summarise
        from bizcase.economics.finance import discount_factors

        scenario = library.load("manufacturing")
        rows = {r.option: r for r in client_roi(scenario, trials=500, seed=1)}
        summaries = summarise(simulate(scenario, 500, 1))
        base = summaries["status_quo"].expected_annual_loss
        bc = scenario.business_case
        r = rows["support_24x7x4"]
        assert r.avoided_loss == pytest.approx(base - summaries[r.option].expected_annual_loss)
        assert r.net_saving == pytest.approx(r.avoided_loss - r.annual_fee)  # no staff saved
        years = bc.horizon_years
        factors = discount_factors(bc.discount_rate, years)[1:]
        t = np.arange(years)
        growth = (1 + scenario.client.loss_growth_per_year) ** t
        benefits = float(r.avoided_loss * growth @ factors)
        costs = float(r.annual_fee * (1 + bc.price_escalation) ** t @ factors)
        costs += bc.client_onboarding_cost
        assert r.roi == pytest.approx((benefits - costs) / costs, rel=1e-9)

    def test_differing_inputs(self, library: Library) -> None:
        a, b = library.load("manufacturing"), library.load("retail_chain")
        rows = dict(differing_inputs({"a": a, "b": b}))
        assert rows["name"] == [a.name, b.name]
        assert "currency" not in rows  # both EUR
        assert differing_inputs({"a": a, "b": a}) == []


# -- editing ---------------------------------------------------------------------------------


class TestFields:
    def test_invalid_value_lands_on_its_field(self, library: Library) -> None:
        base = library.load("manufacturing").model_dump(mode="json")
        paths = ["client.revenue_at_risk_per_hour", "client.share_recovered_later"]
        outcome = apply_values(base, paths, [1000, 1.5])
        assert outcome.scenario is None
        messages, rest = feedback_for(paths, outcome.problems, "en")
        assert messages[0] == "" and "less than or equal to 1" in messages[1]
        assert rest == []
        ru, _ = feedback_for(paths, outcome.problems, "ru")
        assert ru[1] == "должно быть не больше 1"

    def test_duration_rule_flags_both_fields(self, library: Library) -> None:
        scenario = library.load("manufacturing")
        specs = [s.path for s in option_fields(scenario, "nbd_8x5") if ".repair." in s.path]
        outcome = apply_values(scenario.model_dump(mode="json"), specs, [5.0, 1.0])
        messages, _ = feedback_for(specs, outcome.problems, "en")
        assert all("must be >= median_hours" in m for m in messages)

    def test_empty_value_is_a_problem(self, library: Library) -> None:
        base = library.load("manufacturing").model_dump(mode="json")
        outcome = apply_values(base, ["simulation.trials"], [None])
        assert outcome.scenario is None
        assert outcome.problems[0][0] == "simulation.trials"


class TestRangedFields:
    """A ranged input is edited as low / high / distribution / mode and stays a range."""

    def parts(self) -> list[dict[str, str]]:
        return [field_id(f"{RANGED}.{p}") for p in ("low", "high", "dist", "mode")]

    def test_new_ends_keep_the_range(self, request_ctx: Any) -> None:
        working = working_from_library(current(request_ctx), "manufacturing")
        new, classes, messages, alert = shell.apply_edits(
            ["120", "2,400", "pert", "300"], self.parts(), working, page(), [field_id(RANGED)]
        )
        assert alert is None and classes == ["", "", "", ""] and messages == [""]
        edited = scenario_of(new)
        assert edited is not None and new["dirty"] is True
        rng = edited.ranges[RANGED]
        assert (rng.low, rng.high, rng.dist, rng.mode) == (120.0, 2400.0, "pert", 300.0)
        assert edited.client.employees_affected == 300  # a PERT's base is its mode

    def test_a_mode_is_dropped_off_triangular_and_pert(self, request_ctx: Any) -> None:
        working = working_from_library(current(request_ctx), "manufacturing")
        new, *_ = shell.apply_edits(["100", "180", "uniform", "150"], self.parts(), working, page())
        assert new["scenario"]["client"]["employees_affected"] == {
            "low": 100,
            "high": 180,
            "dist": "uniform",
        }
        # base of a uniform range: the middle, (100 + 180) / 2
        assert scenario_of(new).client.employees_affected == 140  # type: ignore[union-attr]

    def test_bad_parts_are_named_under_the_input(self, request_ctx: Any) -> None:
        working = working_from_library(current(request_ctx), "manufacturing")
        bad, classes, messages, _ = shell.apply_edits(
            ["200", "", "normal", ""], self.parts(), working, page(), [field_id(RANGED)]
        )
        assert bad["invalid"] is True and bad["scenario"] == working["scenario"]
        assert "high: a number is required" in messages[0]
        assert "one of lognormal, uniform, triangular, pert" in messages[0]
        assert classes == ["is-invalid"] * 4
        _, _, reversed_, _ = shell.apply_edits(
            ["200", "150", "lognormal", ""], self.parts(), working, page(), [field_id(RANGED)]
        )
        assert "must not exceed high" in reversed_[0]

    def test_thousands_separators_are_read(self) -> None:
        assert parse_number("320,000") == 320000 and parse_number("320 000,5", "ru") == 320000.5
        assert parse_number("1e-3") == 0.001 and parse_number("12abc") is None
        assert display_number(320000) == "320,000"
        assert parse_number(display_number(15556.34, "ru"), "ru") == 15556.34

    def test_a_designed_options_derived_stages_are_not_fields(self, library: Library) -> None:
        scenario = library.load("manufacturing")
        paths = [f.path for f in option_fields(scenario, "support_24x7x4")]
        assert not any(".stages.response." in p or ".stages.travel." in p for p in paths)
        assert "options.support_24x7x4.stages.repair.median_hours" in paths

    def test_one_edit_of_the_whole_edit_page_marks_it_unsaved(self, request_ctx: Any) -> None:
        # The regression behind "switching scenario asks first": every field of /edit is sent.
        working = working_from_library(current(request_ctx), "manufacturing")
        scenario = scenario_of(working)
        assert scenario is not None
        specs = [
            *client_fields(),
            *incident_fields(),
            *(f for name in scenario.options for f in option_fields(scenario, name)),
            *simulation_fields(),
        ]
        fields = [field_id(p) for spec in specs for p in form_paths(scenario, spec.path)]
        _, values = shell.sync_working(page(name="edit"), [], working, fields)
        at = values.index("48")  # loaded_cost_per_employee_hour = 48
        values[at] = "52"
        new, classes, messages, alert = shell.apply_edits(values, fields, working, page())
        assert alert is None and not any(classes)
        assert new["dirty"] is True
        assert new["scenario"]["client"]["loaded_cost_per_employee_hour"] == 52
        assert scenario_of(new).ranges.keys() == scenario.ranges.keys()  # type: ignore[union-attr]


def current(app: Any) -> Library:
    return Library(**app.server.config["BIZCASE_LIBRARY"])


def form_paths(scenario: Any, path: str) -> list[str]:
    """The field paths the edit form has for ``path``: a range's four parts, or itself."""
    if path in scenario.ranges:
        return [f"{path}.{p}" for p in ("low", "high", "dist", "mode")]
    return [path]


# -- callbacks, called directly ----------------------------------------------------------------


class TestShellCallbacks:
    def test_language_switch_rewrites_the_url(self) -> None:
        assert (
            shell.switch_language("ru", "?scenario=retail_chain")
            == "?scenario=retail_chain&lang=ru"
        )
        assert shell.switch_language("en", "?scenario=a&lang=ru") == "?scenario=a"
        with pytest.raises(PreventUpdate):
            shell.switch_language("ru", "?lang=ru")

    def test_nav_follows_language_and_scenario(self) -> None:
        out = shell.relabel_nav("?scenario=bank_branches&lang=ru")
        assert out[1] == "Потери клиента"
        from dashapp.app import NAV

        # the labels of the NAV pages, then their links (library first, losses second)
        assert out[len(NAV) + 1] == "/losses?scenario=bank_branches&lang=ru"

    def test_pick_scenario(self) -> None:
        assert shell.pick_scenario("bank_branches", "?lang=ru", None)[0] == (
            "?lang=ru&scenario=bank_branches"
        )
        with pytest.raises(PreventUpdate):
            shell.pick_scenario("a", "?scenario=a", None)

    def test_switching_away_from_unsaved_edits_asks_first(self) -> None:
        dirty = {"key": "manufacturing", "dirty": True, "scenario": {}}
        query, shown, message, pending = shell.pick_scenario(
            "bank_branches", "?scenario=manufacturing", dirty
        )
        assert query is no_update and shown is True and pending == "bank_branches"
        assert "manufacturing" in message and "not saved" in message
        assert shell.confirm_discard(1, pending, "?scenario=manufacturing&lang=ru") == (
            "?scenario=bank_branches&lang=ru",
            None,
        )
        assert shell.cancel_discard(1, "?scenario=manufacturing") == ("manufacturing", None)
        clean = {**dirty, "dirty": False}
        assert shell.pick_scenario("bank_branches", "?scenario=manufacturing", clean)[1] is False

    def test_sync_loads_the_page_scenario_and_keeps_edits(self, request_ctx: Any) -> None:
        fields = [{"type": ids.FIELD, "path": "options.nbd_8x5.annual_fee"}]
        fee = load_scenario(shipped_dir() / "manufacturing.toml").options["nbd_8x5"].annual_fee
        working, values = shell.sync_working(page(), [], None, fields)
        assert working["key"] == "manufacturing" and values == [f"{fee:,.0f}"]
        working["scenario"]["options"]["nbd_8x5"]["annual_fee"] = 1234.0
        kept, values = shell.sync_working(page(), [], working, fields)
        assert kept is no_update and values == ["1,234"]  # a text box: thousands grouped
        reset, values = in_callback(shell.sync_working, "{}.n_clicks", page(), [1], working, fields)
        # a trigger that is not the reset button keeps the edits
        assert values == ["1,234"]
        # a slider of the page gets the plain number; Russian groups with spaces
        at = {**page(lang="ru"), "sliders": ["options.nbd_8x5.annual_fee"]}
        _, values = shell.sync_working(at, [], working, fields + [field_id(RANGED + ".low")])
        assert values == [1234.0, "100"]

    def test_sync_fills_a_ranged_inputs_parts(self, request_ctx: Any) -> None:
        parts = [field_id(f"{RANGED}.{p}") for p in ("low", "high", "dist", "mode")]
        _, values = shell.sync_working(page(lang="ru"), [], None, parts)
        assert values == ["100", "180", "lognormal", None]  # employees_affected = {100, 180}

    def test_apply_edits(self, request_ctx: Any) -> None:
        library = request_ctx.server.config["BIZCASE_LIBRARY"]
        working = working_from_library(Library(**library), "manufacturing")
        fields = [
            {"type": ids.FIELD, "path": "client.revenue_at_risk_per_hour"},
            {"type": ids.FIELD, "path": "incidents.critical.annual_rate"},
        ]
        new, classes, messages, alert = shell.apply_edits([20000, 0.6], fields, working, page())
        assert new["dirty"] is True
        # revenue at risk is a range in the file: the range moves so its base is the new value
        moved = scenario_of(new)
        assert moved is not None
        assert moved.client.revenue_at_risk_per_hour == pytest.approx(20000)
        assert "client.revenue_at_risk_per_hour" in moved.ranges
        assert classes == ["", ""] and alert is None
        bad, classes, messages, alert = shell.apply_edits([20000, -1], fields, new, page())
        assert bad["invalid"] is True
        assert bad["scenario"] == new["scenario"]  # the last valid scenario stays
        assert classes == ["", "is-invalid"] and "greater than or equal to 0" in messages[1]
        assert alert is not None
        file = load_scenario(shipped_dir() / "manufacturing.toml")
        unchanged = [file.client.revenue_at_risk_per_hour, file.incidents.critical.annual_rate]
        same, *_ = shell.apply_edits(unchanged, fields, working, page())
        assert same is no_update  # nothing changed


class TestLossesCallbacks:
    def test_untouched_range_stays_a_range(self, request_ctx: Any) -> None:
        from bizcase import scenario_from_dict
        from bizcase.model import scenario_to_dict

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        data = scenario_to_dict(library.load("manufacturing"))
        fee = {"low": 50000.0, "high": 70000.0, "dist": "uniform"}
        data["options"]["nbd_8x5"]["annual_fee"] = fee
        key = library.save_as(scenario_from_dict(data), "ranged")
        working = working_from_library(library, key)
        assert working["scenario"]["options"]["nbd_8x5"]["annual_fee"] == fee
        fields = [
            {"type": ids.FIELD, "path": "client.employees_affected"},
            {"type": ids.FIELD, "path": "options.nbd_8x5.annual_fee"},
        ]
        at = page(key)
        new, *_ = shell.apply_edits([100, 60000.0], fields, working, at)
        assert new["scenario"]["options"]["nbd_8x5"]["annual_fee"] == fee
        # A value over a range moves the range (its width kept), never replaces it.
        new, *_ = shell.apply_edits([100, 6000.0], fields, working, at)
        assert new["scenario"]["options"]["nbd_8x5"]["annual_fee"] == {
            "low": pytest.approx(5000.0),
            "high": pytest.approx(7000.0),
            "dist": "uniform",
        }

    def test_render_and_fee_only_patch(self, request_ctx: Any) -> None:
        out = losses_cb.render_losses(None, page(), True, None)
        cards, lec, total, stages, priority, roi, badge, simkey = out
        assert [tr.name for tr in lec.data][:4] == [
            "Status quo (informal help)",
            "8x5 next business day",
            "24x7x4 support",
            "Outsourcing (managed network)",
        ]
        assert "P90 = 90th percentile" in lec.layout.xaxis.title.text
        assert len(total.data) == 3 and len(stages.data) == 8 and len(priority.data) == 4
        assert "Live preview" in badge
        working = working_from_library(
            Library(**request_ctx.server.config["BIZCASE_LIBRARY"]), "manufacturing"
        )
        working["scenario"]["options"]["nbd_8x5"]["annual_fee"] = 1000.0
        again = losses_cb.render_losses(working, page(), True, simkey)
        assert again[1] is no_update and again[3] is no_update and again[4] is no_update
        patch = again[2].to_plotly_json()
        assert patch["operations"][0]["params"]["value"][1] == 1000.0

    def test_russian_labels(self, request_ctx: Any) -> None:
        out = losses_cb.render_losses(None, page("retail_chain", "ru"), True, None)
        assert out[1].layout.separators == ",\u00a0"
        assert "Вероятность" in out[1].layout.title.text
        assert "Быстрый расчёт" in out[6]

    def test_full_run_reports_progress(self, request_ctx: Any) -> None:
        seen: list[Any] = []
        working = working_from_library(
            Library(**request_ctx.server.config["BIZCASE_LIBRARY"]), "manufacturing"
        )
        working["scenario"]["simulation"]["trials"] = 6000
        out = losses_cb.full_run(seen.append, 1, working, page(), False)
        assert seen[-1][0] == pytest.approx(100.0) and len(seen) >= 2
        assert "Full run: 6,000" in out[6]
        assert out[1].layout.yaxis.type == "linear"

    def test_full_run_sizes(self, request_ctx: Any) -> None:
        scenario = load_scenario(ROOT / "scenarios" / "manufacturing.toml")
        own = scenario.simulation.trials
        assert full_run_trials(scenario, None) == own
        assert full_run_trials(scenario, "scenario") == own
        assert full_run_trials(scenario, "123") == own  # only the offered sizes
        assert full_run_trials(scenario, "100000") == 100_000
        assert full_run_trials(scenario, "1000000") == 1_000_000
        seen: list[Any] = []
        out = losses_cb.full_run(seen.append, 1, None, page("logistics_hub"), True, "100000")
        assert seen[-1][0] == pytest.approx(100.0) and "100,000 / 100,000" in seen[-1][1]
        assert "Full run: 100,000" in out[6]

    def test_a_hundred_thousand_incidents_a_year_get_a_message(self, request_ctx: Any) -> None:
        import tracemalloc

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = busy_working(library, 100_000)
        tracemalloc.start()
        try:
            out = losses_cb.render_losses(working, page(), False, None)
            full = losses_cb.full_run(lambda _: None, 1, working, page(), False, "1000000")
            preview = edit_cb.preview(working, page(name="edit"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 20_000_000  # refused before anything is simulated
        for cards in (out[0], full[0]):
            text = repr(cards)
            assert "work-too-large" in text and "Incident rates" in text and "100,0" in text
        assert "Lower the rates" in preview["layout"]["annotations"][0]["text"]

    def test_every_live_page_refuses_an_oversized_run(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business, delivery, reports

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = busy_working(library, 100_000, lang="ru")
        at = page(lang="ru")
        message = delivery.render_delivery("support_24x7x4", working, at)[0]
        assert "work-too-large" in repr(message) and "Частоты инцидентов" in repr(message)
        message = business.render_business("outsourcing", "client", working, at)[0]
        assert "work-too-large" in repr(message)
        _, note = business.run_tornado(lambda _: None, 1, "outsourcing", "client", working, at)
        assert "work-too-large" in repr(note)
        data, note = reports.make_report(lambda _: None, "client", "html", working, at)
        assert data is no_update and "Частоты инцидентов" in repr(note)

    def test_log_toggle_is_a_patch(self) -> None:
        ops = losses_cb.toggle_log(False).to_plotly_json()["operations"]
        assert ops[0]["params"]["value"] == "linear"

    def test_edit_preview(self, request_ctx: Any) -> None:
        fig = edit_cb.preview(None, page("bank_branches", name="edit"))
        assert len(fig.data) == 3


class TestDeliveryCallbacks:
    def test_plan_figures(self, request_ctx: Any) -> None:
        from dashapp.callbacks import delivery

        out = delivery.render_delivery(
            "support_24x7x4", None, page("manufacturing", "ru", "delivery")
        )
        message, cards, fte, desk, frontier, sla, credits, scaling, rota = out
        assert message is None
        z = rota.data[0].z
        assert len(z[0]) == 52 and len(z) >= 2 and rota.layout.title.text.startswith("График")
        assert all(sum(1 for row in z if row[w]) >= 1 for w in range(52))
        assert len(desk.data[0].z) == 7 and fte.layout.title.text.startswith("Нужные люди")
        assert list(scaling.data[0].x)[:2] == [1.0, 2.0]
        assert "P90" in credits.layout.xaxis.title.text

    def test_one_contracts_served_for_delivery_and_the_business_case(
        self, request_ctx: Any
    ) -> None:
        from dashapp.callbacks import business, delivery
        from dashapp.compute import business_case

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        at = page("manufacturing", "en", "delivery")
        working = working_from_library(library, "manufacturing")
        new, classes, messages, alert = shell.apply_edits(
            [7], [ids.field("delivery.contracts")], working, at
        )
        assert alert is None and new["dirty"] and new["scenario"]["delivery"]["contracts"] == 7
        cards = repr(delivery.render_delivery("support_24x7x4", new, at)[1])
        one = repr(delivery.render_delivery("support_24x7x4", working, at)[1])
        assert cards != one  # the plan is for seven contracts now
        four, file = scenario_of(new), scenario_of(working)
        assert four is not None and file is not None
        # The allocated view costs one contract's share of the plan for those contracts (the
        # default view, this contract alone, does not depend on the count).
        net4 = business_case(four).views["allocated"]["support_24x7x4"].pv_cost
        net1 = business_case(file).views["allocated"]["support_24x7x4"].pv_cost
        assert net4 != pytest.approx(net1)
        at_biz = page("manufacturing", "en", "business")
        assert business.render_business("support_24x7x4", "integrator", new, at_biz)[0] is None
        _, _, bad, _ = shell.apply_edits([0], [ids.field("delivery.contracts")], working, at)
        assert bad[0]  # 0 contracts: an inline message next to the field


class TestBusinessCallbacks:
    def test_render_every_part(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business

        at = page("manufacturing", "en", "business")
        out = business.render_business("outsourcing", "integrator", None, at)
        message, badge, cards, tables, cumulative, npv, fan, staged, beats, portfolio = out
        assert message is None and "the scenario's 1,000 trials × 5 years" in badge
        text = repr(cards)
        assert "Expected NPV (Integrator)" in text and "Price floor" in text
        assert "Break-even contracts" in text and "Best staged strategy" in text
        table = repr(tables)
        for column in ("Initial", "Year 1", "Year 5", "Total", "Present value"):
            assert column in table
        assert "Transferred engineers" in table and "Downtime losses avoided" in table
        assert "€" in table and "(1 + r)^t" in table
        labels = [tr.name for tr in cumulative.data]
        assert labels[-1] == "Break-even" and "Outsourcing (managed network)" in labels
        assert [tr.type for tr in npv.data].count("violin") == 3
        assert "P(NPV<0)" in npv.layout.annotations[0].text
        assert fan.layout.title.text.endswith("Outsourcing (managed network)")
        assert "Best: k =" in staged.layout.annotations[0].text
        assert "beats the column" in repr(beats)
        assert "Portfolio of whole contracts (integrator)" in repr(portfolio)

    def test_portfolio_section_shows_the_library_figures(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business
        from dashapp.compute import business_case
        from dashapp.i18n import format_money, format_percent

        at = page("manufacturing", "en", "business")
        portfolio = business.render_business("support_24x7x4", "integrator", None, at)[-1]
        whole = business_case(business._scenario(None, at)).portfolio_contracts
        assert whole is not None
        spread = whole.npv_percentiles()
        text = repr(portfolio)
        assert format_money(spread["p50"], "EUR", "en", compact=True) in text
        assert f"P(NPV < 0) {format_percent(spread['prob_negative'], 'en', 0)}" in text
        graphs = [g for g in _walk(portfolio) if getattr(g, "figure", None) is not None]
        contracts, npv = (g.figure for g in graphs)
        fan = whole.npv_fan()
        assert list(npv.data[2].y) == pytest.approx(fan["p50"].tolist())  # the P50 line
        assert list(npv.data[2].x) == list(range(6))  # year 0 to the horizon
        held = whole.contracts_by_year()
        assert list(contracts.data[0].y) == pytest.approx(held["mean_support"].tolist())
        assert contracts.layout.barmode == "stack"
        # year 1 holds exactly the plant at start: a hand-checkable row
        assert held.iloc[0][["mean_support", "mean_outsourcing", "p10", "p90"]].tolist() == [
            1.0,
            0.0,
            1.0,
            1.0,
        ]

    def test_portfolio_section_without_a_portfolio_says_how_to_add_one(
        self, request_ctx: Any
    ) -> None:
        import dataclasses

        from dashapp.callbacks import business
        from dashapp.compute import business_case

        at = page("manufacturing", "ru", "business")
        case = business_case(business._scenario(None, at))
        bare = dataclasses.replace(case, portfolio_contracts=None)
        assert "Нет портфеля целых контрактов" in repr(business.portfolio_section(bare, "ru"))

    def test_russian_money_and_option_switch_uses_the_cached_case(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business
        from dashapp.compute import case_cache

        at = page("manufacturing", "ru", "business")
        business.render_business("support_24x7x4", "client", None, at)
        hits = case_cache().hits
        out = business.render_business("nbd_8x5", "client", None, at)
        assert case_cache().hits == hits + 1
        assert "\\xa0€" in repr(out[3]) and "Год 1" in repr(out[3])
        assert "Ожидаемая NPV (Клиент)" in repr(out[2])
        assert out[5].layout.separators == ",\u00a0"

    def test_finance_change_reuses_the_simulated_incidents(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business
        from dashapp.compute import process_cache

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        at = page("logistics_hub", "en", "business")
        working = working_from_library(library, "logistics_hub")
        first = business.render_business("support_24x7x4", "integrator", working, at)
        misses = process_cache().misses
        working["scenario"]["business_case"]["discount_rate"] = 0.2
        working["scenario"]["options"]["support_24x7x4"]["annual_fee"] = 1.0
        again = business.render_business("support_24x7x4", "integrator", working, at)
        assert process_cache().misses == misses  # nothing simulated again
        assert "20.0%" in again[1]
        assert list(again[5].data[1].y) != list(first[5].data[1].y)  # NPVs moved

    def test_baseline_or_unknown_option_does_nothing(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business

        for option in (None, "status_quo", "nope"):
            with pytest.raises(PreventUpdate):
                business.render_business(option, "client", None, page(name="business"))

    def test_tornado_with_progress(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business

        seen: list[Any] = []
        at = page("manufacturing", "en", "business")
        fig, note = business.run_tornado(seen.append, 1, "outsourcing", "integrator", None, at)
        assert seen[-1][0] == pytest.approx(100.0) and len(seen) >= 2
        assert "reused cached incidents" in note
        low, high = fig.data
        swings = [abs(h - lo) for lo, h in zip(low.x, high.x, strict=True)]
        assert swings == sorted(swings, reverse=True) and swings[0] > 0
        assert "Cost inflation" in list(low.y)  # readable input names
        assert "Outsourcing (managed network)" in fig.layout.title.text
        with pytest.raises(PreventUpdate):
            business.run_tornado(seen.append, None, "outsourcing", "integrator", None, at)

    def test_tornado_bars_are_labelled_not_paths(self, request_ctx: Any) -> None:
        from dashapp.callbacks import business

        at = page("manufacturing", "ru", "business")
        fig, _ = business.run_tornado(lambda _: None, 1, "outsourcing", "integrator", None, at)
        names = list(fig.data[0].y)
        assert "Зарплата: инженер первой линии" in names
        assert not [n for n in names if "." in n.split(":")[0] or "_" in n]

    def test_solve_fee_for_the_target_margin(self, request_ctx: Any) -> None:
        from bizcase.economics.solve import pv_margin, with_fee
        from dashapp.callbacks import business
        from dashapp.compute import business_case

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        at = page("manufacturing", "en", "business")
        working = working_from_library(library, "manufacturing")
        working["scenario"]["business_case"]["target_margin"] = 0.15
        card = business.solve_for_margin(1, "support_24x7x4", working, at)
        text = repr(card)
        assert "gives a 15.0% margin" in text
        found = re.search(r"24x7x4 support: €([\d,]+) a year", text)
        assert found is not None
        fee = float(found.group(1).replace(",", ""))
        scenario = scenario_of(working)
        assert scenario is not None
        margin, se = pv_margin(
            business_case(with_fee(scenario, "support_24x7x4", fee)), "support_24x7x4"
        )
        assert abs(margin - 0.15) < 4 * se + 1e-4
        with pytest.raises(PreventUpdate):
            business.solve_for_margin(None, "support_24x7x4", working, at)
        with pytest.raises(PreventUpdate):
            business.solve_for_margin(1, "status_quo", working, at)

    def test_target_margin_errors_sit_next_to_the_field(self) -> None:
        base = load_scenario(shipped_dir() / "manufacturing.toml").model_dump(mode="json")
        outcome = apply_values(base, ["business_case.target_margin"], [1.5])
        messages, rest = feedback_for(["business_case.target_margin"], outcome.problems, "en")
        assert outcome.scenario is None and messages[0] and not rest

    def test_tornado_without_ranges_says_so(self, request_ctx: Any) -> None:
        from bizcase import scenario_from_dict
        from bizcase.model import scenario_to_dict
        from dashapp.callbacks import business

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        plain = library.load("manufacturing").model_dump(mode="json")  # ranges → points
        key = library.save_as(scenario_from_dict(plain), "no ranges")
        assert scenario_to_dict(library.load(key))
        fig, note = business.run_tornado(
            lambda _: None, 1, "outsourcing", "client", None, page(key, name="business")
        )
        assert fig is no_update and "no ranged inputs" in repr(note)

    def test_sobol_bars_for_two_ranged_ledger_inputs(self, request_ctx: Any) -> None:
        from bizcase import scenario_from_dict
        from dashapp.callbacks import business

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        plain = library.load("manufacturing").model_dump(mode="json")  # ranges → points
        plain["business_case"]["discount_rate"] = {"low": 0.05, "high": 0.2}
        plain["business_case"]["cost_inflation"] = {"low": 0.01, "high": 0.08}
        key = library.save_as(scenario_from_dict(plain), "two ranges")
        at = page(key, "en", "business")
        seen: list[Any] = []
        fig, note = business.run_sobol(seen.append, 1, "outsourcing", "integrator", None, at)
        assert "Running Sobol (192 evaluations)" in seen[0][1]  # 32 × (2·2 + 2)
        assert seen[-1] == (100.0, "Done")
        s1, st = fig.data
        assert set(s1.y) == {"Discount rate", "Cost inflation"} and list(s1.y) == list(st.y)
        assert st.x[0] >= st.x[1] and max(st.x) > 0.1
        assert "Sobol" in fig.layout.title.text and "integrator" in fig.layout.title.text
        assert "192 evaluations" in note
        with pytest.raises(PreventUpdate):
            business.run_sobol(seen.append, None, "outsourcing", "integrator", None, at)

    def test_sobol_without_ranges_says_so(self, request_ctx: Any) -> None:
        from bizcase import scenario_from_dict
        from dashapp.callbacks import business

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        plain = library.load("manufacturing").model_dump(mode="json")
        key = library.save_as(scenario_from_dict(plain), "no ranges")
        fig, note = business.run_sobol(
            lambda _: None, 1, "outsourcing", "client", None, page(key, "ru", "business")
        )
        assert fig is no_update and "нет параметров-диапазонов" in repr(note)


class TestLibraryCallbacks:
    def test_save_as_then_open(self, request_ctx: Any) -> None:
        query, message, colour, _ = lib_cb.save_as("Client X", None, page(), "?lang=ru")
        assert query == "?lang=ru&scenario=client_x" and colour == "success"
        assert "client_x" in message
        query, message, colour, _ = lib_cb.save_as("Client X", None, page(), "")
        assert query is None and colour == "danger" and "already exists" in message

    def test_edited_scenario_is_saved(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        working["scenario"]["client"]["revenue_at_risk_per_hour"] = 777.0
        lib_cb.save_as("edited", working, page(), "")
        assert library.load("edited").client.revenue_at_risk_per_hour == 777.0
        working["invalid"] = True
        *_, colour, _ = lib_cb.save_as("edited2", working, page(), "")
        assert colour == "danger"

    def test_duplicate_save_delete(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        query, *_ = lib_cb.duplicate(None, page(), "")
        assert query == "?scenario=manufacturing_copy"
        working = working_from_library(library, "manufacturing_copy")
        working["scenario"]["name"] = "Changed"
        user_page = page("manufacturing_copy")
        assert lib_cb.save(working, user_page, "")[2] == "success"
        assert library.load("manufacturing_copy").name == "Changed"
        assert lib_cb.save(None, page(), "")[2] == "danger"  # shipped: read-only
        query, *_ = lib_cb.delete(user_page, "")
        assert query == "?scenario=manufacturing"
        assert "manufacturing_copy" not in [e.key for e in library.entries()]

    def test_saving_a_shipped_scenario_keeps_every_comment_line(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        for key in ("manufacturing", "logistics_hub", "bank_branches", "retail_chain"):
            original = (shipped_dir() / f"{key}.toml").read_text()
            working = working_from_library(library, key)
            working["scenario"]["client"]["revenue_at_risk_per_hour"] = 4321.0
            # ... and the weekly loss profile, as the Edit page's "office" preset writes it
            office = {"days": ["mon", "tue", "wed", "thu", "fri"], "start_hour": 8, "end_hour": 18}
            working["scenario"]["client"]["loss_profile"] = {"windows": [office]}
            *_, colour, _ = lib_cb.save_as(f"{key} edited", working, page(key), "")
            assert colour == "success"
            saved = library.text(f"{key}_edited")
            comments = [
                line[line.index("#") :].strip() for line in original.splitlines() if "#" in line
            ]
            assert [c for c in comments if c not in saved] == []  # every note, edited lines too
            assert "[[client.loss_profile.windows]]\n" in saved and "start_hour = 8\n" in saved
            assert library.load(f"{key}_edited").client.loss_profile.vector().sum() == 50.0
            # the edited line keeps its own comment; ranges stay ranges
            assert library.load(f"{key}_edited").client.revenue_at_risk_per_hour == 4321.0
            assert set(library.load(f"{key}_edited").ranges) == set(library.load(key).ranges) - {
                "client.revenue_at_risk_per_hour"
            }
            # saving the user copy again (Save) keeps them too
            user_page = page(f"{key}_edited")
            again = working_from_library(library, f"{key}_edited")
            again["scenario"]["client"]["employees_affected"] = 3
            assert lib_cb.save(again, user_page, "")[2] == "success"
            resaved = library.text(f"{key}_edited")
            assert [c for c in comments if c not in resaved] == []

    def test_save_as_renames_the_scenario_in_any_script(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        query, message, colour, _ = lib_cb.save_as("Областная больница", None, page(), "")
        assert colour == "success" and query == "?scenario=oblastnaya_bolnitsa"
        assert library.load("oblastnaya_bolnitsa").name == "Областная больница"

    def test_new_scenario_from_a_template(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        out = lib_cb.new_from_template(
            1,
            "logistics_hub",
            "Regional hospital group",
            "St Mary's Hospitals",
            "Three hospitals, one network",
            "GBP",
            page(),
            "?lang=en",
        )
        query, flash, colour, is_open, *feedback = out
        assert query == "?scenario=regional_hospital_group" and colour == "success"
        assert feedback == ["", "", "", "", False, False, False, False]
        made = library.load("regional_hospital_group")
        assert (made.name, made.client.name, made.currency) == (
            "Regional hospital group",
            "St Mary's Hospitals",
            "GBP",
        )
        assert made.description == "Three hospitals, one network"
        template = (shipped_dir() / "logistics_hub.toml").read_text()
        text = library.text("regional_hospital_group")
        assert text.count("\n#") == template.count("\n#")  # the template's notes travel along
        bad = lib_cb.new_from_template(1, "logistics_hub", "X", "", "", "euro", page(), "")
        assert bad[0] is no_update
        messages = dict(zip(ids.LIB_NEW_FIELDS, bad[4:8], strict=True))
        assert messages["client.name"] == "a text is required" and not messages["name"]
        bad = lib_cb.new_from_template(1, "logistics_hub", "X", "Y", "", "euro", page(), "")
        messages = dict(zip(ids.LIB_NEW_FIELDS, bad[4:8], strict=True))
        assert messages["currency"] and bad[4 + 4 + 3] is True

    def test_bad_upload_shows_errors_and_adds_nothing(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        before = [e.key for e in library.entries()]
        bad = (
            (shipped_dir() / "manufacturing.toml")
            .read_text()
            .replace('currency = "EUR"', 'currency = "euro"')
        )
        query, message, colour, errors = lib_cb.upload(data_url(bad), "bad.toml", page(), "")
        assert query is None and message is None
        assert "currency" in repr(errors)
        assert [e.key for e in library.entries()] == before

    def test_dispatcher(self, request_ctx: Any) -> None:
        out = in_callback(
            lib_cb.library_action,
            '{"key":"retail_chain","type":"lib-open"}.n_clicks',
            [0, 1],
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            page(),
            "?lang=ru",
        )
        assert out[0] == "?lang=ru&scenario=retail_chain"

    def test_download(self, request_ctx: Any) -> None:
        original = lib_cb.download(1, None, page())
        assert original["filename"] == "manufacturing.toml"
        assert "# A 24x7 discrete-manufacturing plant" in original["content"]
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        working["scenario"]["client"]["revenue_at_risk_per_hour"] = 5.0
        working["dirty"] = True
        edited = lib_cb.download(1, working, page())
        assert "revenue_at_risk_per_hour = 5.0" in edited["content"]


class TestCompareCallbacks:
    def test_two_scenarios(self, request_ctx: Any) -> None:
        msg, table, lec, diff, query = cmp_cb.render_compare(
            ["manufacturing", "logistics_hub"], "__best__", page(name="compare"), ""
        )
        assert msg is None and query == "?scenarios=manufacturing%2Clogistics_hub"
        # EUR and USD: one axis each, so a figure of two panels
        names = [tr["name"] for tr in lec["data"] if tr["name"] != "P90"]
        assert len(names) == 2 and names[0].startswith("Manufacturing plant")
        assert [tr["xaxis"] for tr in lec["data"] if tr["name"] != "P90"] == ["x", "x2"]
        text = repr(table)
        assert "Expected annual loss" in text and "Δ" in text
        assert "currency" in repr(diff)
        # Differing inputs read as labels with units; the field path is only the hover title.
        assert "Revenue at risk per peak hour" in repr(diff) and "Code(" not in repr(diff)

    def test_needs_two_to_four(self, request_ctx: Any) -> None:
        msg, table, *_ = cmp_cb.render_compare(["manufacturing"], "__best__", page(), "")
        assert msg is not None and table is None

    def test_each_currency_has_its_own_axis(self, request_ctx: Any) -> None:
        _, _, lec, _, _ = cmp_cb.render_compare(
            ["manufacturing", "bank_branches"], "__best__", page(name="compare"), ""
        )
        layout = lec["layout"]
        titles = [layout[k]["title"]["text"].split("<br>")[0] for k in ("xaxis", "xaxis2")]
        assert titles == ["Annual loss, EUR", "Annual loss, RUB"]
        assert layout["xaxis"]["domain"][1] < layout["xaxis2"]["domain"][0]  # side by side
        axes = {
            (tr["xaxis"], tr["name"].split(" — ")[0]) for tr in lec["data"] if tr["name"] != "P90"
        }
        assert axes == {
            ("x", "Manufacturing plant (24x7, three shifts)"),
            ("x2", "Bank branch network (250 branches, 24x7 cards)"),
        }
        assert "not converted" in layout["title"]["text"]

    def test_every_differing_input_by_label(self, request_ctx: Any) -> None:
        _, _, _, diff, _ = cmp_cb.render_compare(
            ["manufacturing", "bank_branches"], "__best__", page(name="compare"), ""
        )
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        expected = differing_inputs(
            {k: library.load(k) for k in ("manufacturing", "bank_branches")}
        )
        text = repr(diff.children[0]) + diff.children[1].children.children  # note, table HTML
        assert len(expected) > 178 and f"{len(expected)} inputs differ" in text
        assert "more" not in text and diff.children[1].className == "diff-scroll"
        assert text.count("<tr>") == len(expected) + 1  # every row, and the header
        # a money input names each scenario's own currency, never the first one's for both
        assert "8x5 next business day: Annual fee (each scenario's currency/year)" in text
        assert "60,000 EUR" in text and "12,000,000 RUB" in text
        # the field path is each row's hover title
        assert 'title="options.nbd_8x5.annual_fee"' in text

    def test_differing_texts_are_escaped(self, library: Library) -> None:
        a = library.load("manufacturing")
        option = a.options["support_24x7x4"]
        label = "<script>alert('x')</script> & co"
        b = a.model_copy(
            update={
                "name": "<b>Plant</b>",
                "options": {
                    **a.options,
                    "support_24x7x4": option.model_copy(update={"label": label}),
                },
            }
        )
        diff = cmp_cb.diff_table({"a": a, "b": b}, "en")
        markdown = diff.children[1].children
        html_text = markdown.children
        assert markdown.dangerously_allow_html
        # The label is a text of the page, never markup: no tag of its own.
        assert "<script>" not in html_text and "<b>Plant" not in html_text
        assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; co" in html_text
        assert "&lt;b&gt;Plant&lt;/b&gt;" in html_text
        assert html_text.count("<tr>") == 1 + len(differing_inputs({"a": a, "b": b}))

    def test_business_rows_and_unsaved_edits(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        working["scenario"]["options"]["support_24x7x4"]["annual_fee"] = 1.0e6
        working["dirty"] = True
        at = page(name="compare")
        picked = ["manufacturing", "retail_chain"]
        _, table, *_ = cmp_cb.render_compare(picked, "__best__", at, "", working)
        assert "Manufacturing plant (24x7, three shifts) (edited, not saved)" in repr(table)
        rows = cmp_cb.business_rows(picked, "__best__", at, working)
        text = repr(rows)
        for label in ("Client NPV (mean)", "Client ROI", "Client payback", "Integrator margin"):
            assert label in text
        assert re.search(r"-?\d+\.\d% ± \d+\.\d%", text)  # margin with its standard error
        base = cmp_cb.business_rows(picked, "__baseline__", at, working)
        assert "Status quo" in repr(base) and "–" in repr(base)
        assert cmp_cb.business_rows(["manufacturing"], "__best__", at) is None

    def test_baseline_choice(self, request_ctx: Any) -> None:
        _, table, *_, query = cmp_cb.render_compare(
            ["manufacturing", "retail_chain"], "__baseline__", page(name="compare"), ""
        )
        assert "Status quo" in repr(table)
        assert query == "?scenarios=manufacturing%2Cretail_chain&which=__baseline__"
        from dashapp.pages import compare as cmp_page

        reopened = cmp_page.layout(scenarios="manufacturing,retail_chain", which="__baseline__")
        assert "value='__baseline__'" in repr(reopened)


class TestReportDownloads:
    """The download buttons: dcc.send_bytes dicts of the right type, or an inline error."""

    @staticmethod
    def payload(out: Any) -> bytes:
        assert out["base64"] is True and out["content"]
        return base64.b64decode(out["content"])

    def test_leave_behind_html_with_unsaved_edits_in_russian(self, request_ctx: Any) -> None:
        from dashapp.callbacks import reports

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "retail_chain")
        working["scenario"]["client"]["name"] = "Edited Client Ltd"
        working["dirty"] = True
        seen: list[Any] = []
        out, message = reports.leave_behind(
            seen.append, 1, "html", working, page("retail_chain", "ru")
        )
        body = self.payload(out)
        assert body.startswith((b"<!DOCTYPE html", b"<html"))
        text = body.decode("utf-8")
        assert "Edited Client Ltd" in text and "Приложение А" in text
        assert out["filename"].endswith("-leave-behind-ru.html") and out["type"] == "text/html"
        assert "/" not in out["filename"] and " " not in out["filename"]
        assert "Скачан" in message and len(seen) == 2 and "Расчёт" in seen[0]

    def test_management_pack_workbook(self, request_ctx: Any) -> None:
        from dashapp.callbacks import reports

        out, message = reports.management_pack(
            lambda _: None, 1, "xlsx", None, page("logistics_hub", name="business")
        )
        assert self.payload(out).startswith(b"PK\x03\x04")
        assert out["filename"].endswith("-management-pack.xlsx")
        assert "Downloaded" in message

    def test_leave_behind_pdf(self, request_ctx: Any) -> None:
        from bizcase.output.report.pdf import RendererError, find_chromium
        from dashapp.callbacks import reports

        try:
            find_chromium()
        except RendererError:
            pytest.skip("no Chromium here (scripts/test installs it)")
        out, _ = reports.leave_behind(lambda _: None, 1, "pdf", None, page("bank_branches"))
        assert self.payload(out).startswith(b"%PDF")
        assert out["filename"].endswith(".pdf") and out["type"] == "application/pdf"

    def test_missing_chromium_is_an_inline_message(
        self, request_ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        from dashapp.callbacks import reports

        monkeypatch.setenv("BIZCASE_CHROMIUM", str(tmp_path / "no-chromium"))
        out, message = reports.management_pack(
            lambda _: None, 1, "pdf", None, page(name="delivery")
        )
        assert out is no_update
        text = repr(message)
        assert "could not be made" in text and "not an executable file" in text
        assert "Traceback" not in text

    def test_unexpected_failure_is_an_inline_message(
        self, request_ctx: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from dashapp.callbacks import reports

        def broken(*_: Any, **__: Any) -> bytes:
            raise OSError("disk full")

        monkeypatch.setattr(reports, "render", broken)
        out, message = reports.leave_behind(lambda _: None, 1, "html", None, page("bank_branches"))
        assert out is no_update and "OSError" in repr(message)

    def test_invalid_edits_or_no_click(self, request_ctx: Any) -> None:
        from dashapp.callbacks import reports

        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        working["invalid"] = True
        out, message = reports.leave_behind(lambda _: None, 1, "html", working, page())
        assert out is no_update and "Edit page" in repr(message)
        with pytest.raises(PreventUpdate):
            reports.management_pack(lambda _: None, None, "html", None, page())

    def test_every_page_with_a_panel_has_its_callback(self, app: Any) -> None:
        outputs = " ".join(app.callback_map)
        for page_name in ids.REPORT_PAGES:
            assert ids.report(page_name, ids.REPORT_DOWNLOAD) in outputs


# -- text, numbers, serving --------------------------------------------------------------------


def test_every_text_has_both_languages() -> None:
    for key, entry in TEXT.items():
        assert entry.get("en") and entry.get("ru"), key


def test_russian_terms_from_the_article() -> None:
    assert t("priority_critical", "ru") == "Критические инциденты"
    assert t("priority_technical", "ru") == "Технические инциденты"
    assert "ЗИП" in t("stage_spare_part", "ru") and "24*7*4" in t("sla_24x7x4", "ru")


def test_money_formats() -> None:
    assert format_money(1_500_000, "EUR", "en", compact=True) == "€1.50M"
    assert format_money(1_500_000, "RUB", "ru", compact=True) == "1,50\u00a0млн\u00a0₽"
    assert format_money(math.nan, "EUR", "en") == "–"
    assert translate_rule("Field required", "ru") == "обязательное поле"


def test_request_size_is_capped(app: Any) -> None:
    client = app.server.test_client()
    response = client.post(
        "/_dash-update-component",
        data=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413


def test_pages_answer_over_http(app: Any) -> None:
    client = app.server.test_client()
    for path in (
        "/",
        "/losses?scenario=bank_branches&lang=ru",
        "/edit",
        "/compare",
        "/delivery",
        "/business-case?lang=ru",
    ):
        assert client.get(path).status_code == 200
    assert client.get("/_bizcase/bootstrap.min.css").data.startswith(b"@charset")
    assert client.get("/_dash-layout").status_code == 200


def test_serve_command_line() -> None:
    from bizcase.cli.main import build_parser

    args = build_parser().parse_args(["serve", "--port", "9001", "--library", "/tmp/x"])
    assert (args.host, args.port, args.library) == ("127.0.0.1", 9001, "/tmp/x")
    assert url_for("0.0.0.0", 8050) == "http://127.0.0.1:8050/"
    assert url_for("::1", 80) == "http://[::1]:80/"


def test_serve_freezes_the_start_up_heap_before_it_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The objects alive once the app is built are out of the collector's reach when the first
    request comes (a full collection of them took ~55 ms inside a finance slider's request),
    and what is created afterwards is still collected."""
    import gc
    import io

    import waitress.server

    import dashapp.compute
    from dashapp import serve as serve_module

    frozen_when_run: list[int] = []

    class _Server:
        def run(self) -> None:
            frozen_when_run.append(gc.get_freeze_count())

        def close(self) -> None:
            pass

    monkeypatch.setattr(waitress.server, "create_server", lambda *a, **k: _Server())
    monkeypatch.setattr(dashapp.compute, "case_executor", lambda: None)
    gc.unfreeze()
    try:
        serve_module.serve(port=0, library_dir=tmp_path, out=io.StringIO())
        assert frozen_when_run and frozen_when_run[0] > 10_000
        cycle: list[object] = []
        cycle.append(cycle)
        alive = gc.get_freeze_count()
        del cycle
        assert gc.collect() >= 1  # a cycle made after start-up is still found
        assert gc.get_freeze_count() == alive
    finally:
        gc.unfreeze()


def test_download_toml_roundtrip(library: Library) -> None:
    scenario = library.load("bank_branches")
    assert load_scenario(shipped_dir() / "bank_branches.toml") == scenario
    assert scenario_to_toml(scenario)


# -- background jobs ---------------------------------------------------------------------------


def _wait_for_file(flag: str, page: dict[str, Any]) -> tuple[Any, Any]:
    """A job that runs until ``flag`` exists (bounded: at most a minute)."""
    import time

    for _ in range(600):
        if Path(flag).exists():
            break
        time.sleep(0.1)
    return "done", "finished"


class TestBackgroundJobs:
    def test_one_job_per_session_and_kind_and_a_global_cap(self, tmp_path: Path) -> None:
        import diskcache

        from dashapp.jobs import BoundedJobs, JobSpec

        app = create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")
        manager = BoundedJobs(diskcache.Cache(str(tmp_path / "cache")), tmp_path / "reg", 2)
        func = _wait_for_file
        job_fn = manager.make_job_fn(func, False)
        manager.specs[id(job_fn)] = JobSpec("wait", outputs=2, message_at=1, page_arg=1)
        flag = str(tmp_path / "finish")
        args = [flag, {"lang": "en"}]

        def start(session: str, key: str) -> int:
            cookie = {"Cookie": f"bizcase_session={session}"}
            with app.server.test_request_context("/", headers=cookie):
                return int(manager.call_job_fn(key, job_fn, args, {}))

        pids: list[int] = []
        try:
            pids = [start("a" * 20, f"a{i}") for i in range(3)]  # one session, one kind
            assert all(p > 0 for p in pids)
            assert [manager.job_running(p) for p in pids] == [False, False, True]
            assert len(manager.running()) == 1
            pids.append(start("b" * 20, "b"))
            assert manager.job_running(pids[-1]) and len(manager.running()) == 2
            refused = start("c" * 20, "c")  # a third session: over the cap of 2
            assert refused == 0 and not manager.job_running(refused)
            value = manager.handle.get("c")
            assert NoUpdate.is_no_update(value[0]) and "2 background jobs are already" in value[1]
            assert len(manager.running()) == 2
        finally:
            Path(flag).touch()
            for pid in pids:
                manager.terminate_job(pid)
        assert manager.running() == {}

    def test_every_background_callback_is_bounded(self, app: Any) -> None:
        from dashapp.jobs import JOB_ATTRIBUTE

        # Dash 3+ keys a background callback "background", 2.x (the floor, 2.16) "long".
        background = [
            cb
            for cb in app.callback_map.values()
            if cb.get("background", cb.get("long")) is not None
        ]
        assert len(background) >= 6
        manager = app._background_manager
        app.server.test_client().get("/")  # Dash registers the job functions on first use
        assert len(manager.specs) >= len(background)
        kinds = {s.kind for s in manager.specs.values()}
        assert kinds == {"full-run", "tornado", "sobol", "report-client", "report-management"}
        for cb in background:
            assert hasattr(cb["callback"].__wrapped__, JOB_ATTRIBUTE), cb["output"]
