"""The edit page's sites table: rows <-> scenario, validation messages, callbacks, saving, and
the Delivery page reacting to a moved site."""

from __future__ import annotations

import copy
import math
from contextvars import copy_context
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from bizcase import parse_scenario_toml, scenario_from_dict
from bizcase.design.compile import travel_median_hours
from bizcase.model import scenario_to_dict
from bizcase.model.io import load_scenario, shipped_scenario
from bizcase.output.labels import input_label, input_unit
from dashapp import create_app, ids
from dashapp import share as share_mod
from dashapp.callbacks import delivery as delivery_cb
from dashapp.callbacks import library as lib_cb
from dashapp.callbacks import shell
from dashapp.callbacks import sites as sites_cb
from dashapp.library import Library, shipped_dir
from dashapp.sites_editor import (
    ROW_ID,
    apply_rows,
    new_row,
    site_rows,
    sites_from_rows,
    table_columns,
)
from dashapp.state import working_from_library
from dashapp.tomlsave import preserving_toml

WITH_SITES = ("manufacturing", "logistics_hub", "bank_branches", "retail_chain")
PLANT_1 = "Plant 1 Boeblingen"
OPTION = "support_24x7x4"
#: One degree of latitude is 111.2 km: 1.8° moves a site 200 km due north.
KM_PER_DEGREE_LATITUDE = 111.19


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")


@pytest.fixture
def request_ctx(app: Any) -> Any:
    with app.server.test_request_context("/"):
        yield app


def page(key: str = "manufacturing", lang: str = "en") -> dict[str, Any]:
    return {"page": "edit", "scenario": key, "lang": lang}


def table(data: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """Rows, base and inventory names of a scenario dict, as the fill callback makes them."""
    inventory = [d["name"] for d in data["inventory"]]
    rows = site_rows(data["sites"], inventory)
    base = {row[ROW_ID]: site for row, site in zip(rows, data["sites"], strict=True)}
    return rows, base, inventory


def manufacturing() -> dict[str, Any]:
    return scenario_to_dict(load_scenario(shipped_scenario("manufacturing")))


def in_callback(func: Any, trigger: str, *args: Any) -> Any:
    def run() -> Any:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": trigger, "value": 1}]))
        return func(*args)

    return copy_context().run(run)


def column(rows: list[dict[str, Any]], inventory: list[str], cls: str) -> str:
    return f"dev{inventory.index(cls)}"


class TestConversion:
    @pytest.mark.parametrize("key", WITH_SITES)
    def test_rows_give_back_the_same_sites(self, key: str) -> None:
        data = scenario_to_dict(load_scenario(shipped_scenario(key)))
        rows, base, _inventory = table(data)
        outcome = apply_rows(data, rows, base)
        assert outcome.problems == []
        assert outcome.data is not None and outcome.data["sites"] == data["sites"]

    def test_columns_name_every_class_and_priority(self) -> None:
        data = manufacturing()
        inventory = [d["name"] for d in data["inventory"]]
        columns = table_columns(inventory, "ru")
        assert [c["id"] for c in columns][4:9] == [f"dev{i}" for i in range(5)]
        assert columns[4]["name"] == ["Устройства, шт.", "core switch"]
        assert columns[1]["name"] == ["Площадка", "Широта, °"]
        assert columns[3]["name"][1] == "Доступ на площадке, ч"
        assert [c["name"][1] for c in columns[-4:]][0] == "критические инциденты"

    def test_cells_edit_the_site_and_blank_cells_drop_their_key(self) -> None:
        data = manufacturing()
        rows, base, inventory = table(data)
        rows[1]["latitude"] = "49.5"  # text as typed is a number too
        rows[1][column(rows, inventory, "Wi-Fi access point")] = None
        rows[0][column(rows, inventory, "Wi-Fi access point")] = 36  # Plant 2's 12 moved over
        sites, problems = sites_from_rows(rows, base, inventory)
        assert problems == []
        assert sites[1]["latitude"] == 49.5
        assert "Wi-Fi access point" not in sites[1]["devices"]
        assert sites[0]["devices"]["Wi-Fi access point"] == 36
        assert sites[0]["loss_weight"] == 1.0 and sites[0]["travel_hours"] == {}  # kept keys
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None
        assert outcome.scenario.sites[1].devices.get("Wi-Fi access point") is None

    def test_region_sites_keep_their_travel_hours(self) -> None:
        data = scenario_to_dict(load_scenario(shipped_scenario("bank_branches")))
        regions = [i for i, s in enumerate(data["sites"]) if s.get("travel_hours")]
        assert regions  # the shipped file has regions given by travel times
        rows, base, _inventory = table(data)
        rows[regions[0]]["access_hours"] = 0.5
        outcome = apply_rows(data, rows, base)
        assert outcome.data is not None
        site = outcome.data["sites"][regions[0]]
        assert site["access_hours"] == 0.5
        assert site["travel_hours"] == data["sites"][regions[0]]["travel_hours"]

    def test_a_new_row_has_a_free_name_and_needs_a_position(self) -> None:
        data = manufacturing()
        rows, base, _inventory = table(data)
        rows.append(new_row(rows, "en"))
        assert rows[-1]["name"] == "Site 5"
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is None
        assert [p.text("en") for p in outcome.problems] == [
            "Site 5 — Latitude, Longitude = None, None: give both latitude and longitude "
            "(or travel times from the bases)"
        ]
        rows[-1].update(latitude=48.4, longitude=9.99, access_hours=0.2)
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None and len(outcome.scenario.sites) == 5
        assert outcome.scenario.sites[-1].name == "Site 5"

    def test_a_rename_takes_the_designs_references_along(self) -> None:
        data = manufacturing()
        rows, base, _inventory = table(data)
        rows[0]["name"] = "  Werk 1 Böblingen "
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None
        design = outcome.scenario.options[OPTION].design
        assert design is not None and design.candidates is not None
        assert design.candidates.staffing[0].site == "Werk 1 Böblingen"
        assert outcome.scenario.sites[0].name == "Werk 1 Böblingen"


def problems_of(edit: Any, lang: str = "en") -> list[str]:
    data = manufacturing()
    rows, base, inventory = table(data)
    edit(rows, inventory)
    outcome = apply_rows(data, rows, base, lang)
    assert outcome.scenario is None and outcome.data is None  # nothing applied
    return [p.text(lang) for p in outcome.problems]


class TestValidationMessages:
    def test_latitude_out_of_range(self) -> None:
        def edit(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[1]["latitude"] = 123

        assert problems_of(edit) == [
            "Plant 2 Heilbronn — Latitude = 123: Input should be less than or equal to 90"
        ]
        assert problems_of(edit, "ru") == [
            "Plant 2 Heilbronn — Широта = 123: должно быть не больше 90"
        ]

    def test_negative_count(self) -> None:
        def edit(rows: list[dict[str, Any]], inv: list[str]) -> None:
            rows[2][column(rows, inv, "firewall")] = -1

        assert problems_of(edit) == ["Plant 3 Goeppingen — Devices — firewall = -1: must be >= 0"]

    def test_empty_and_duplicate_names(self) -> None:
        def empty(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[1]["name"] = "  "

        def duplicate(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[3]["name"] = "Plant 2 Heilbronn"

        assert problems_of(empty) == ["Site 2 — Site name = (empty): a site needs a name"]
        assert problems_of(duplicate) == [
            "Plant 2 Heilbronn — Site name = Plant 2 Heilbronn: another site has this name: "
            "names must be unique"
        ]
        assert problems_of(duplicate, "ru") == [
            "Plant 2 Heilbronn — Название площадки = Plant 2 Heilbronn: это название уже у "
            "другой площадки: названия должны быть разными"
        ]

    def test_shares_over_one(self) -> None:
        def one_over(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[1]["share_critical"] = 1.5

        def sum_over(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[1]["share_critical"] = 0.5

        assert problems_of(one_over) == [
            "Plant 2 Heilbronn — Share of incidents not from the inventory — critical = 1.5: "
            "Input should be less than or equal to 1"
        ]
        assert problems_of(sum_over) == [
            "all sites — Share of incidents not from the inventory — critical = "
            "Plant 1 Boeblingen: 0.55; Plant 2 Heilbronn: 0.5; Plant 3 Goeppingen: 0.15; "
            "Plant 4 Pforzheim: 0.15: the sites' shares add up to 1.35: they must add up to 1"
        ]

    def test_a_cell_that_is_not_a_number(self) -> None:
        def edit(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            rows[1]["longitude"] = "east"

        assert problems_of(edit) == ["Plant 2 Heilbronn — Longitude = east: a number is required"]

    def test_removing_a_site_a_design_refers_to(self) -> None:
        def edit(rows: list[dict[str, Any]], _inv: list[str]) -> None:
            del rows[0]

        messages = problems_of(edit)
        assert messages[0] == (
            "Plant 1 Boeblingen — Site = Plant 1 Boeblingen: the site is removed, but "
            "options.support_24x7x4.design.candidates.staffing[0].site refers to it"
        )
        # and its devices are no longer placed: the inventory's count is named
        assert any("the sites hold 10 units; the inventory has 16" in m for m in messages[1:])

    def test_labels_of_site_inputs(self) -> None:
        s = load_scenario(shipped_scenario("manufacturing"))
        assert input_label("sites[1].latitude", "en", s) == "Plant 2 Heilbronn: latitude"
        assert input_label("sites[0].devices.firewall", "ru", s) == (
            "Plant 1 Boeblingen: устройства — firewall"
        )
        assert input_unit("sites[0].longitude") == "°"
        assert input_unit("sites[0].incident_share.critical", "ru") == "доля 0–1"


class TestCallbacks:
    def test_fill_shows_the_working_sites_and_leaves_an_edit_alone(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        rows, base, message = in_callback(
            sites_cb.fill_sites, "page-context.data", page(), working, [], {}
        )
        assert [r["name"] for r in rows][:2] == [PLANT_1, "Plant 2 Heilbronn"] and message is None
        assert base[rows[0][ROW_ID]]["latitude"] == 48.6833
        with pytest.raises(PreventUpdate):  # the table already shows the store
            in_callback(sites_cb.fill_sites, f"{ids.WORKING}.data", page(), working, rows, base)

    def test_edit_applies_marks_dirty_and_survives_the_link(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        rows, base, _ = in_callback(
            sites_cb.fill_sites, "page-context.data", page(), working, [], {}
        )
        store, _rows, _base, message = in_callback(
            sites_cb.edit_sites, f"{ids.SITES_ADD}.n_clicks", None, 1, rows, working, page(), base
        )
        assert store["invalid"] is True and "Site 5" in repr(message)
        added = _rows
        assert added[-1]["name"] == "Site 5"
        added[-1].update(latitude=48.4, longitude=9.99, access_hours=0.2)
        added[1]["latitude"] = 49.3
        store, rows_out, applied, message = in_callback(
            sites_cb.edit_sites,
            f"{ids.SITES_TABLE}.data_timestamp",
            1,
            None,
            added,
            store,
            page(),
            base,
        )
        assert message is None and store["dirty"] is True and store["invalid"] is False
        assert [s["name"] for s in store["scenario"]["sites"]][-1] == "Site 5"
        assert applied[added[-1][ROW_ID]]["latitude"] == 48.4
        # the fill callback sees its own edit and leaves the table alone
        with pytest.raises(PreventUpdate):
            in_callback(sites_cb.fill_sites, f"{ids.WORKING}.data", page(), store, added, applied)
        # a shared link carries the sites: the reopened view has the same ones
        token, _open = shell.share_state(1, store, "?scenario=manufacturing")
        key, edits = share_mod.decode_state(token["state"])
        reopened = share_mod.apply_shared_edits(
            working_from_library(library, key)["scenario"], edits
        )
        assert reopened["sites"] == store["scenario"]["sites"]

    def test_a_bad_edit_applies_nothing(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        rows, base, _ = in_callback(
            sites_cb.fill_sites, "page-context.data", page(), working, [], {}
        )
        rows[1]["latitude"] = 123
        store, _rows, applied, message = in_callback(
            sites_cb.edit_sites,
            f"{ids.SITES_TABLE}.data_timestamp",
            1,
            None,
            rows,
            working,
            page(),
            base,
        )
        assert store["scenario"] == working["scenario"] and store["invalid"] is True
        assert "Plant 2 Heilbronn — Latitude = 123" in repr(message)
        # the pending bad value is not overwritten by the store's echo
        with pytest.raises(PreventUpdate):
            in_callback(sites_cb.fill_sites, f"{ids.WORKING}.data", page(), store, rows, base)
        # a reset (the file again) refills the table
        fresh = working_from_library(library, "manufacturing")
        rows_again, _base, message = in_callback(
            sites_cb.fill_sites, f"{ids.WORKING}.data", page(), fresh, rows, base
        )
        assert rows_again[1]["latitude"] == 49.1427 and message is None


def moved(data: dict[str, Any], site: int, km_north: float) -> dict[str, Any]:
    """``data`` with site ``site`` moved ``km_north`` due north through the sites table."""
    rows, base, _inventory = table(data)
    rows[site]["latitude"] = rows[site]["latitude"] + km_north / KM_PER_DEGREE_LATITUDE
    outcome = apply_rows(data, rows, base)
    assert outcome.data is not None
    return outcome.data


class TestDeliveryReacts:
    def test_a_site_200_km_further_lengthens_travel_and_lowers_4h_restoration(
        self, request_ctx: Any
    ) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        working = working_from_library(library, "manufacturing")
        far = {**working, "scenario": moved(working["scenario"], 0, 200.0), "dirty": True}
        near_s, far_s = scenario_from_dict(working["scenario"]), scenario_from_dict(far["scenario"])
        design = near_s.options[OPTION].design
        assert design is not None
        speeds = design.speed_kmh.vector()
        near_h = travel_median_hours(near_s, design, "Stuttgart office", speeds)[:, 0]
        far_h = travel_median_hours(
            far_s, far_s.options[OPTION].design, "Stuttgart office", speeds
        )[:, 0]
        # ~200 km more by road (circuity 1.3) at 45-70 km/h: 3.7-5.8 h more in every hour
        extra = far_h - near_h
        assert np.all(extra > 3.0) and np.all(extra < 6.5)
        contracts = near_s.delivery.contracts
        near_plan = delivery_cb.plan_for(near_s, OPTION, contracts)
        far_plan = delivery_cb.plan_for(far_s, OPTION, contracts)
        near_att = float(near_plan.sla.loc["critical", "attainment"])
        far_att = float(far_plan.sla.loc["critical", "attainment"])
        se = math.hypot(
            float(near_plan.sla.loc["critical", "attainment_se"]),
            float(far_plan.sla.loc["critical", "attainment_se"]),
        )
        assert near_plan.sla.loc["critical", "target_hours"] == 4
        assert near_att - far_att > 4 * se and near_att - far_att > 0.05
        # the page shows it: the SLA figure of the far store has the lower bar
        page_ctx = {"page": "delivery", "scenario": "manufacturing", "lang": "en"}
        near_fig = delivery_cb.render_delivery(OPTION, working, page_ctx)[5]
        far_fig = delivery_cb.render_delivery(OPTION, far, page_ctx)[5]
        assert far_fig.data[0].y[0] < near_fig.data[0].y[0]
        assert far_fig.data[0].y[0] == pytest.approx(far_att)


def comments(text: str) -> list[str]:
    return [line[line.index("#") :].strip() for line in text.splitlines() if "#" in line]


class TestSaving:
    def test_edits_change_in_place_and_comments_survive(self) -> None:
        text = shipped_scenario("manufacturing").read_text()
        data = manufacturing()
        rows, base, _inventory = table(data)
        rows[1]["latitude"] = 49.5
        rows[0]["access_hours"] = 0.25
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None
        out = preserving_toml(text, outcome.scenario)
        assert comments(out) == comments(text)
        assert "latitude = 49.5\n" in out and "latitude = 49.1427" not in out
        # the edited line keeps its note
        assert "access_hours = 0.25        # badge at the gate" in out
        assert out.count("[[sites]]") == 4

    def test_an_added_site_is_a_new_table_and_a_removed_one_disappears(self) -> None:
        text = shipped_scenario("manufacturing").read_text()
        data = manufacturing()
        rows, base, inventory = table(data)
        rows.append(
            {**new_row(rows, "en"), "name": "Plant 5 Ulm", "latitude": 48.4, "longitude": 9.99}
        )
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None
        out = preserving_toml(text, outcome.scenario)
        assert comments(out) == comments(text)
        assert out.count("[[sites]]") == 5
        new_table = out[out.index('name = "Plant 5 Ulm"') :]
        assert new_table.startswith('name = "Plant 5 Ulm"\nlatitude = 48.4\nlongitude = 9.99\n')
        # the note that followed the last site still heads the options after the new one
        assert new_table.index("# Support options") < new_table.index("[options.status_quo]")
        assert scenario_to_dict(parse_scenario_toml(out)) == scenario_to_dict(outcome.scenario)
        # remove Plant 3, its devices and share moved to Plant 4
        rows, base, inventory = table(data)
        gone = rows.pop(2)
        for key, value in gone.items():
            if key.startswith(("dev", "share_")) and value is not None:
                rows[2][key] = (rows[2][key] or 0) + value
        outcome = apply_rows(data, rows, base)
        assert outcome.scenario is not None
        out = preserving_toml(text, outcome.scenario)
        assert comments(out) == comments(text)
        assert out.count("[[sites]]") == 3 and "Goeppingen" not in out
        assert "incident_share = { critical = 0.3 }" in out
        assert scenario_to_dict(parse_scenario_toml(out)) == scenario_to_dict(outcome.scenario)

    def test_save_as_from_the_app_keeps_every_comment_line(self, request_ctx: Any) -> None:
        library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
        original = (shipped_dir() / "manufacturing.toml").read_text()
        working = working_from_library(library, "manufacturing")
        rows, base, _inventory = table(working["scenario"])
        rows[3]["latitude"] = 48.95
        rows.append({**new_row(rows, "en"), "latitude": 48.4, "longitude": 9.99})
        outcome = apply_rows(working["scenario"], rows, base)
        assert outcome.data is not None
        working = {**working, "scenario": copy.deepcopy(outcome.data), "dirty": True}
        *_, colour, _ = lib_cb.save_as("Sites edited", working, page(), "")
        assert colour == "success"
        saved = library.text("sites_edited")
        assert [c for c in comments(original) if c not in saved] == []
        again = library.load("sites_edited")
        assert [s.name for s in again.sites][-1] == "Site 5"
        assert again.sites[3].latitude == 48.95
