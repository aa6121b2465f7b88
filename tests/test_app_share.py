"""Shared links: the session's edits in the URL, capped, validated on load like an upload."""

from __future__ import annotations

import base64
import doctest
import json
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from hypothesis import given, settings
from hypothesis import strategies as st

from dashapp import create_app, share
from dashapp.callbacks import shell, views
from dashapp.library import Library
from dashapp.state import parse_search, scenario_of, working_from_library


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(tmp_path / "library", jobs_dir=tmp_path / "jobs")


@pytest.fixture
def library(app: Any) -> Any:
    with app.server.test_request_context("/"):
        yield Library(**app.server.config["BIZCASE_LIBRARY"])


def page(key: str = "manufacturing", name: str = "edit", lang: str = "en") -> dict[str, Any]:
    return {"page": name, "scenario": key, "lang": lang}


def pack(payload: Any) -> str:
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def edited(library: Library) -> dict[str, Any]:
    """manufacturing's working store with three edits, one of them a range's end."""
    working = working_from_library(library, "manufacturing")
    data = working["scenario"]
    data["client"]["loaded_cost_per_employee_hour"] = 52
    data["client"]["employees_affected"]["high"] = 240.0
    data["delivery"]["contracts"] = 3
    return {**working, "dirty": True}


def test_module_examples() -> None:
    assert doctest.testmod(share).failed == 0
    assert doctest.testmod(views).failed == 0


class TestState:
    def test_the_edits_are_the_differences_from_the_file(self, library: Library) -> None:
        working = edited(library)
        original = working_from_library(library, "manufacturing")["scenario"]
        edits = share.edits_between(original, working["scenario"])
        assert edits == {
            "client.loaded_cost_per_employee_hour": 52,
            "client.employees_affected": {"low": 100.0, "high": 240.0, "dist": "lognormal"},
            "delivery.contracts": 3,
        }
        again = share.apply_shared_edits(original, edits)
        assert again == working["scenario"]

    def test_a_removed_key_travels_as_null(self) -> None:
        edits = share.edits_between({"a": {"low": 1, "high": 2, "mode": 1.5}}, {"a": {"b": 1}})
        assert edits == {"a": {"b": 1}}
        assert share.edits_between({"x": {"y": 1, "z": 2}}, {"x": {"y": 1}}) == {"x.z": None}

    @settings(max_examples=60, deadline=None)
    @given(
        st.dictionaries(
            st.text(min_size=1, max_size=30),
            st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=40)),
            max_size=20,
        )
    )
    def test_round_trip(self, edits: dict[str, Any]) -> None:
        token = share.encode_state("хаб", edits)
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert share.decode_state(token) == ("хаб", edits)

    @pytest.mark.parametrize(
        ("token", "message"),
        [
            ("A" * (share.MAX_STATE_CHARS + 1), "over the 6,000 a link may carry"),
            ("%%%", "not base64url"),
            (base64.urlsafe_b64encode(b"plain").decode(), "not zlib-compressed"),
            (
                base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe")).decode(),
                "not JSON",
            ),
            (pack([1, 2]), "not version 1"),
            (pack({"v": 2, "scenario": "a", "edits": {}}), "not version 1"),
            (pack({"v": 1, "scenario": 5, "edits": {}}), "no scenario key"),
            (pack({"v": 1, "scenario": "a", "edits": {"": 1}}), "without a field path"),
            (
                pack({"v": 1, "scenario": "a", "edits": {str(i): i for i in range(401)}}),
                "401 edits, over the 400",
            ),
        ],
    )
    def test_bad_states_are_named(self, token: str, message: str) -> None:
        with pytest.raises(share.ShareError, match=message):
            share.decode_state(token)

    def test_a_compressed_bomb_stops_at_the_cap(self) -> None:
        bomb = {"v": 1, "scenario": "a", "edits": {"x": "0" * (2 * share.MAX_STATE_JSON_BYTES)}}
        token = pack(bomb)
        assert len(token) < share.MAX_STATE_CHARS  # small in the URL, big once inflated
        with pytest.raises(share.ShareError, match="inflates to more than 262,144 bytes"):
            share.decode_state(token)

    @pytest.mark.parametrize(
        ("edits", "message"),
        [
            ({"client.penalty_per_hour": -5}, "client.penalty_per_hour = -5: .*greater than"),
            ({"client.no_such_input": 1}, "client.no_such_input"),
            ({"inventory[99].units": 1}, r"inventory\[99\].units: no such field"),
            ({"delivery.contracts": "three"}, "delivery.contracts = 'three'"),
        ],
    )
    def test_forged_edits_are_refused_with_the_field(
        self, library: Library, edits: dict[str, Any], message: str
    ) -> None:
        base = working_from_library(library, "manufacturing")["scenario"]
        with pytest.raises(share.ShareError, match=message):
            share.apply_shared_edits(base, edits)


class TestOpeningALink:
    def test_a_fresh_session_gets_the_edits(self, library: Library) -> None:
        working = edited(library)
        state, opened = shell.share_state(1, working, "?scenario=manufacturing")
        assert opened is True and "Carries 3 edited values" in state["note"]
        search = f"?scenario=manufacturing&state={state['state']}"
        fields = [{"type": "field", "path": "client.employees_affected.high"}]
        new, values, message, colour, shown = shell.sync_view(page(), [], None, fields, search)
        assert new["scenario"] == working["scenario"] and new["dirty"] is True
        assert values == ["240"] and colour == "info" and shown is True
        assert "3 unsaved edits" in message
        # A reload of the same link keeps what the session did since.
        new["scenario"]["client"]["loaded_cost_per_employee_hour"] = 60
        again, values, message, *_ = shell.sync_view(page(), [], new, fields, search)
        assert again is no_update and message is no_update

    def test_a_forged_state_opens_the_file_with_a_message(self, library: Library) -> None:
        token = share.encode_state("manufacturing", {"client.penalty_per_hour": -5})
        search = f"?scenario=manufacturing&state={token}"
        new, _, message, colour, _ = shell.sync_view(page(), [], None, [], search)
        assert new["dirty"] is False and colour == "warning"
        assert "client.penalty_per_hour = -5" in message and "opens as saved" in message
        assert new["scenario"] == working_from_library(library, "manufacturing")["scenario"]

    def test_a_state_of_another_scenario_is_not_applied(self, library: Library) -> None:
        token = share.encode_state("retail_chain", {"delivery.contracts": 2})
        search = f"?scenario=manufacturing&state={token}"
        new, _, message, *_ = shell.sync_view(page(), [], None, [], search)
        assert "belong to scenario retail_chain" in message and new["dirty"] is False

    def test_too_many_edits_for_a_link(self, library: Library) -> None:
        working = working_from_library(library, "manufacturing")
        # Text that does not compress: a description of random Cyrillic letters.
        letters = np.random.default_rng(7).integers(0x410, 0x450, size=6000)
        working["scenario"]["description"] = "".join(map(chr, letters))
        state, _ = shell.share_state(1, {**working, "dirty": True}, "?lang=ru")
        assert state["state"] == "" and "слишком много" in state["note"]

    def test_no_edits_no_state(self, library: Library) -> None:
        working = working_from_library(library, "manufacturing")
        state, _ = shell.share_state(1, working, "")
        assert state == {
            "state": "",
            "note": "No unsaved edits: the link opens the scenario as saved.",
        }
        with pytest.raises(PreventUpdate):
            shell.share_state(None, working, "")

    def test_contracts_in_the_url(self, library: Library) -> None:
        working = working_from_library(library, "manufacturing")
        new, *_ = shell.sync_view(page(name="delivery"), [], working, [], "?contracts=3")
        assert scenario_of(new).delivery.contracts == 3  # type: ignore[union-attr]
        assert new["dirty"] is True
        _, _, message, colour, _ = shell.sync_view(page(), [], working, [], "?contracts=0")
        assert colour == "warning" and "delivery.contracts = 0" in message
        _, _, message, _, _ = shell.sync_view(page(), [], working, [], "?contracts=2.5")
        assert "whole number" in message


class TestViewInTheUrl:
    def test_delivery_and_business_choices(self, library: Library) -> None:
        working = working_from_library(library, "manufacturing")
        at = page(name="delivery")
        search = views.delivery_view("nbd_8x5", working, at, "?scenario=manufacturing")
        assert parse_search(search) == {
            "scenario": "manufacturing",
            "option": "nbd_8x5",
            "contracts": str(scenario_of(working).delivery.contracts),  # type: ignore[union-attr]
        }
        search = views.business_view("outsourcing", "client", working, at, search)
        assert parse_search(search)["ledger"] == "client"
        assert parse_search(search)["option"] == "outsourcing"
        assert views.business_view("outsourcing", "client", working, at, search) is no_update
        # another scenario's store says nothing about this page's contracts
        other = views.delivery_view("x", working, page("retail_chain"), "?scenario=retail_chain")
        assert "contracts" not in parse_search(other)

    def test_the_pages_open_on_the_urls_choices(self, app: Any) -> None:
        from dashapp.pages import business, delivery

        with app.server.test_request_context("/"):
            biz = business.layout(scenario="manufacturing", option="nbd_8x5", ledger="client")
            dlv = delivery.layout(scenario="manufacturing", option="outsourcing")
            bad = business.layout(scenario="manufacturing", option="<script>", ledger="x")
        assert _prop(biz, "biz-option", "value") == "nbd_8x5"
        assert _prop(biz, "biz-side", "value") == "client"
        assert _prop(dlv, "delivery-option", "value") == "outsourcing"
        assert _prop(bad, "biz-option", "value") != "<script>"
        assert _prop(bad, "biz-side", "value") == "integrator"


def _prop(tree: Any, component_id: str, prop: str) -> Any:
    stack = [tree]
    while stack:
        node = stack.pop()
        if getattr(node, "id", None) == component_id:
            return getattr(node, prop)
        children = getattr(node, "children", None)
        if isinstance(children, list | tuple):
            stack.extend(children)
        elif children is not None and not isinstance(children, str | int | float):
            stack.append(children)
    raise AssertionError(f"{component_id} not in the layout")
