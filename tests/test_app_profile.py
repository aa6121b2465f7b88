"""The weekly loss profile editor (``dashapp.profile_editor`` and its callbacks): presets, the
hour-of-week grid, bad cells, the store every page reads, the share link and the saved file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from hypothesis import given, settings
from hypothesis import strategies as st

from bizcase import summarise
from bizcase.model.base import Profile
from dashapp import create_app, ids, share
from dashapp import profile_editor as pe
from dashapp.callbacks import library as lib_cb
from dashapp.callbacks import profile as cb
from dashapp.compute import simulate
from dashapp.library import Library, shipped_dir
from dashapp.state import scenario_of, working_from_library
from tests.test_app import in_callback, page


@pytest.fixture
def request_ctx(tmp_path: Path) -> Any:
    app = create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")
    with app.server.test_request_context("/"):
        yield app


GRID = f"{ids.PROFILE_GRID}.data_timestamp"
OFFICE = '{"preset":"office","type":"profile-preset"}.n_clicks'
RETAIL = '{"preset":"retail","type":"profile-preset"}.n_clicks'

# Values drawn from a few levels make blocks; any non-negative float tests the hourly form.
_levels = st.sampled_from([0.0, 0.15, 0.5, 1.0, 1.25])
_any = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
_week = st.one_of(
    st.lists(_levels, min_size=168, max_size=168),
    st.lists(_any, min_size=168, max_size=168),
    st.lists(st.one_of(_levels, _any), min_size=168, max_size=168),
)


@settings(max_examples=150, deadline=None)
@given(_week)
def test_any_week_round_trips_exactly(values: list[float]) -> None:
    profile = pe.compact_profile(values)
    assert np.array_equal(profile.vector(), np.asarray(values))
    # ... and through the scenario dict the store and the file hold
    again = Profile.model_validate(pe.profile_dict(profile))
    assert np.array_equal(again.vector(), np.asarray(values))
    # ... and through the grid's rows
    vector, problems = pe.read_grid(pe.grid_rows(values, "en"), "en")
    assert problems == [] and vector is not None and np.array_equal(vector, np.asarray(values))
    if profile.hourly is None:
        assert len(profile.windows) <= pe.MAX_WINDOWS


def test_presets_are_blocks_that_give_their_weeks() -> None:
    presets = pe.preset_profiles()
    assert set(presets) | {"file"} == set(pe.PRESET_KEYS)
    office = presets["office"].vector().reshape(7, 24)
    assert office[:5, 8:18].min() == 1.0 and office.sum() == 50.0  # Mon–Fri 08–18 only
    retail = presets["retail"].vector().reshape(7, 24)
    assert retail[:, 9:21].min() == 1.0 and retail.sum() == 7 * 12
    shifts = presets["shifts"].vector().reshape(7, 24)
    assert shifts[:6, 6:22].min() == 1.0 and shifts[6].sum() == 0 and shifts.sum() == 96
    assert presets["flat"].vector().min() == 1.0
    for profile in presets.values():
        assert profile.hourly is None and profile.preset is None and len(profile.windows) == 1
        # The grid of a preset compacts back to the same blocks.
        assert pe.compact_profile(profile.vector()) == profile


def test_a_grid_is_written_as_blocks_per_day() -> None:
    week = np.full(168, 0.15)
    week[0 * 24 + 6 : 0 * 24 + 22] = 1.0  # Mon 06–22
    week[1 * 24 + 6 : 1 * 24 + 22] = 1.0  # Tue 06–22
    week[5 * 24 + 9 : 5 * 24 + 13] = 0.5  # Sat 09–13
    profile = pe.compact_profile(week)
    assert profile.base_weight == 0.15
    blocks = [(w.days, w.start_hour, w.end_hour, w.weight) for w in profile.windows]
    assert blocks == [(("mon", "tue"), 6, 22, 1.0), (("sat",), 9, 13, 0.5)]
    assert pe.compact_profile(np.full(168, 0.3)).windows[0].days == tuple(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    )


def _rows_with(cells: dict[tuple[int, int], Any], lang: str = "en") -> list[dict[str, Any]]:
    rows = pe.grid_rows(pe.preset_profiles()["office"].vector(), lang)
    for (day, hour), value in cells.items():
        rows[day][f"h{hour:02d}"] = value
    return rows


def test_bad_cells_name_the_day_the_hour_the_value_and_the_rule() -> None:
    rows = _rows_with({(1, 9): "abc", (2, 0): "", (6, 23): -0.5, (3, 4): None})
    vector, problems = pe.read_grid(rows, "en")
    assert vector is None
    assert {(d, h) for d, h, *_ in problems} == {(1, 9), (2, 0), (3, 4)}  # numbers first
    text = str(pe.problem_text(problems, "en"))
    assert "Tue 09:00" in text and "abc" in text and "a number is required" in text.lower()
    vector, problems = pe.read_grid(_rows_with({(6, 23): -0.5}), "ru")
    assert vector is None and problems == [(6, 23, -0.5, "должно быть не меньше 0")]
    assert "Вс 23:00" in str(pe.problem_text(problems, "ru"))
    # Russian decimal comma, text numbers and shares above the peak are accepted.
    vector, problems = pe.read_grid(_rows_with({(0, 0): "0,5", (0, 1): "1.5"}, "ru"), "ru")
    assert problems == [] and vector is not None and (vector[0], vector[1]) == (0.5, 1.5)


def test_a_preset_updates_the_store_every_page_reads(request_ctx: Any) -> None:
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    working = working_from_library(library, "manufacturing")
    edit = page(name="edit")
    before = scenario_of(working)
    assert before is not None
    store, message = in_callback(cb.apply, OFFICE, None, [None, 1], None, working, edit)
    assert message is None and store["dirty"] and not store["invalid"]
    profile = store["scenario"]["client"]["loss_profile"]
    assert profile["windows"] == [
        {
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "start_hour": 8,
            "end_hour": 18,
            "weight": 1.0,
        }
    ]
    assert profile["base_weight"] == 0.0
    # The grid, the active preset and the summary are drawn from the store.
    preset_ids = [ids.profile_preset(k) for k in pe.PRESET_KEYS]
    rows, outlines, summary, cleared = cb.render(store, edit, None, preset_ids)
    assert outlines == [True, False, True, True, True] and cleared is None
    assert rows[0]["h08"] == 1.0 and rows[0]["h07"] == 0.0 and rows[5]["h10"] == 0.0
    assert summary.startswith("50.0 full-loss hours")
    # "As in the file" brings the file's profile back: clean again.
    file_click = '{"preset":"file","type":"profile-preset"}.n_clicks'
    back, _ = in_callback(cb.apply, file_click, None, [1] * 5, None, store, edit)
    assert not back["dirty"] and back["scenario"] == working["scenario"]


def test_retail_hours_lower_manufacturings_expected_loss(request_ctx: Any) -> None:
    # A plant losing money on three shifts, six days, costs more than shop hours 09–21.
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    working = working_from_library(library, "manufacturing")
    store, _ = in_callback(cb.apply, RETAIL, None, [1], None, working, page(name="edit"))
    plant, retail = scenario_of(working), scenario_of(store)
    assert plant is not None and retail is not None
    # Same trials and seed (common random numbers): only the loss profile differs.
    trials = 2000
    loss = {
        name: (
            summarise(simulate(plant, trials))[name].expected_annual_loss,
            summarise(simulate(retail, trials))[name].expected_annual_loss,
        )
        for name in plant.options
    }
    # At 2,000 trial-years (the file's seed): status quo 580,811 → 550,101 a year, NBD 8x5
    # 511,657 → 484,373, 24x7x4 36,106 → 28,667, outsourcing 22,218 → 18,399.  Long outages of
    # the status quo span whole days, so they fall least; the fast options' short outages fall
    # by about the ratio of busy hours.
    for name, (before, after) in loss.items():
        assert after < 0.96 * before, (name, before, after)
    assert loss["support_24x7x4"][1] < 0.85 * loss["support_24x7x4"][0]
    # The retail week has 84 full-loss hours against the plant's 134 (128 at the peak, 40 × 0.15).
    assert plant.client.loss_profile.vector().sum() == pytest.approx(134.0)
    assert retail.client.loss_profile.vector().sum() == 84.0


def test_a_grid_edit_applies_compact_blocks_and_a_bad_cell_applies_nothing(
    request_ctx: Any,
) -> None:
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    working = working_from_library(library, "manufacturing")
    edit = page(name="edit")
    plant = scenario_of(working)
    assert plant is not None
    rows = pe.grid_rows(plant.client.loss_profile.vector(), "en")
    rows[6]["h10"] = 0.6  # Sunday 10:00, a stocktake
    store, message = in_callback(cb.apply, GRID, 1, [None] * 5, rows, working, edit)
    assert message is None and store["dirty"]
    edited = scenario_of(store)
    assert edited is not None
    expected = plant.client.loss_profile.vector().copy()
    expected[6 * 24 + 10] = 0.6
    assert np.array_equal(edited.client.loss_profile.vector(), expected)
    assert "windows" in store["scenario"]["client"]["loss_profile"]  # blocks, not 168 values
    # A bad cell: the message names it, the store keeps its scenario and refuses to save.
    rows[2]["h03"] = "-1"
    bad, message = in_callback(cb.apply, GRID, 2, [None] * 5, rows, store, edit)
    assert bad["invalid"] and bad["scenario"] == store["scenario"]
    assert "Wed 03:00" in str(message) and "greater than or equal to 0" in str(message)
    preset_ids = [ids.profile_preset(k) for k in pe.PRESET_KEYS]
    with pytest.raises(PreventUpdate):  # the user's bad cell stays on screen
        cb.render(bad, edit, rows, preset_ids)
    *_, colour, _ = lib_cb.save_as("bad profile", bad, edit, "")
    assert colour == "danger"
    # Typed back to its value: valid again, nothing else changes.
    rows[2]["h03"] = plant.client.loss_profile.vector()[2 * 24 + 3]
    fixed, message = in_callback(cb.apply, GRID, 3, [None] * 5, rows, bad, edit)
    assert message is None and not fixed["invalid"] and fixed["scenario"] == store["scenario"]
    # An unchanged grid changes nothing.
    assert in_callback(cb.apply, GRID, 4, [None] * 5, rows, fixed, edit) == (no_update, None)


def test_a_bad_field_elsewhere_keeps_the_store_invalid(request_ctx: Any) -> None:
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    working = {**working_from_library(library, "manufacturing"), "invalid": True}
    field_ids = [{"type": ids.FIELD, "path": "client.penalty_threshold_hours"}]
    store, _ = in_callback(
        cb.apply, OFFICE, None, [1], None, working, page(name="edit"), ["abc"], field_ids
    )
    assert store["invalid"]  # the profile is applied, but Save waits for the field
    store, _ = in_callback(
        cb.apply, OFFICE, None, [1], None, working, page(name="edit"), ["4"], field_ids
    )
    assert not store["invalid"]


def test_a_profile_edit_travels_in_the_share_link(request_ctx: Any) -> None:
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    working = working_from_library(library, "manufacturing")
    plant = scenario_of(working)
    assert plant is not None
    for values in (
        pe.preset_profiles()["office"].vector(),
        np.linspace(0.0, 1.0, 168),  # 168 hourly values
    ):
        rows = pe.grid_rows(values, "en")
        store, _ = in_callback(cb.apply, GRID, 1, [None] * 5, rows, working, page(name="edit"))
        edits = share.edits_between(working["scenario"], store["scenario"])
        assert all(path.startswith("client.loss_profile") for path in edits)
        key, decoded = share.decode_state(share.encode_state("manufacturing", edits))
        reopened = share.apply_shared_edits(working["scenario"], decoded)
        assert key == "manufacturing" and reopened == store["scenario"]


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :].strip() for line in text.splitlines() if "#" in line]


def test_saving_a_profile_edit_keeps_the_files_comments(request_ctx: Any) -> None:
    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    edit = page(name="edit")
    for key in ("manufacturing", "logistics_hub", "bank_branches", "retail_chain"):
        original = (shipped_dir() / f"{key}.toml").read_text()
        working = working_from_library(library, key)
        # A preset: written as its one block.
        store, _ = in_callback(cb.apply, OFFICE, None, [1], None, working, page(key, "en", "edit"))
        *_, colour, _ = lib_cb.save_as(f"{key} office", store, page(key, "en", "edit"), "")
        assert colour == "success"
        saved = library.text(f"{key}_office")
        assert [c for c in _comments(original) if c not in saved] == []
        block = saved[saved.index("[client.loss_profile]") :]
        assert 'days = ["mon", "tue", "wed", "thu", "fri"]\nstart_hour = 8\nend_hour = 18' in block
        assert saved.count("[[client.loss_profile.windows]]") == 1 and "hourly =" not in saved
        assert np.array_equal(
            library.load(f"{key}_office").client.loss_profile.vector(),
            pe.preset_profiles()["office"].vector(),
        )
        # A grid no blocks can say: written as 168 hourly values, a day a line.
        ramp = np.round(np.linspace(0.0, 1.0, 168), 3)
        rows = pe.grid_rows(ramp, "en")
        user = page(f"{key}_office", "en", "edit")
        again = working_from_library(library, f"{key}_office")
        store, _ = in_callback(cb.apply, GRID, 1, [None] * 5, rows, again, user)
        assert lib_cb.save(store, user, "")[2] == "success"
        resaved = library.text(f"{key}_office")
        assert [c for c in _comments(original) if c not in resaved] == []
        assert "hourly = [\n" in resaved and "[[client.loss_profile.windows]]" not in resaved
        assert np.array_equal(library.load(f"{key}_office").client.loss_profile.vector(), ramp)
    del edit


def _walk_all(component: Any) -> list[Any]:
    """A component and every component below it."""
    children = getattr(component, "children", None)
    below = children if isinstance(children, list | tuple) else [children]
    return [component] + [c for child in below if child is not None for c in _walk_all(child)]


def test_a_new_scenario_gets_its_week_on_the_edit_page(request_ctx: Any) -> None:
    from dashapp.pages import edit as edit_page

    library = Library(**request_ctx.server.config["BIZCASE_LIBRARY"])
    out = lib_cb.new_from_template(
        1, "bank_branches", "Hospital", "St Mary's", "", "GBP", page(), "?lang=ru"
    )
    assert out[0] == "?lang=ru&scenario=hospital"
    layout = edit_page.layout(scenario="hospital", lang="ru")
    found = [getattr(c, "id", None) for c in _walk_all(layout)]
    assert ids.PROFILE_GRID in found and ids.profile_preset("office") in found
    # The grid opens on the template's week; "as in the file" is the new file's profile.
    grid = next(c for c in _walk_all(layout) if getattr(c, "id", None) == ids.PROFILE_GRID)
    bank = library.load("bank_branches").client.loss_profile.vector()
    vector, problems = pe.read_grid(grid.data, "ru")
    assert problems == [] and vector is not None and np.array_equal(vector, bank)
    assert grid.data[0]["day"] == "Пн" and grid.columns[0]["name"] == "День"
    working = working_from_library(library, "hospital")
    store, _ = in_callback(
        cb.apply, RETAIL, None, [1], None, working, page("hospital", "ru", "edit")
    )
    file_click = '{"preset":"file","type":"profile-preset"}.n_clicks'
    back, _ = in_callback(
        cb.apply, file_click, None, [1], None, store, page("hospital", "ru", "edit")
    )
    assert not back["dirty"] and back["scenario"] == working["scenario"]
