"""A link that reopens the exact view: the session's unsaved edits, compressed into the URL.

The edits are the values where the working scenario differs from its file, by field path
(``{"client.loaded_cost_per_employee_hour": 52, "options.x.annual_fee": {"low": …}}``; ``null``
for a key the edit removed).  They travel as ``state=`` in the query string: the JSON
``{"v": 1, "scenario": KEY, "edits": {...}}``, zlib-compressed, base64url without padding.  The
page, option, ledger, compare choices, contracts served and language are plain query
parameters beside it.

A state read from a URL is input like an upload: capped in size before and after
decompression, checked for its shape, applied to the scenario's file and validated by the
same models; anything wrong gives a :class:`ShareError` whose message names what was wrong,
and the page opens its scenario without the edits.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from typing import Any

from bizcase import ScenarioError, scenario_from_dict
from bizcase.model.ranges import is_range_table
from dashapp.fields import get_path, set_path

#: Longest ``state=`` value a link may carry (characters): with the rest of the URL it stays
#: well under the 8 KiB that proxies and browsers reliably pass.
MAX_STATE_CHARS = 6000
#: Largest JSON a state may inflate to (bytes): a compressed "zip bomb" stops here.
MAX_STATE_JSON_BYTES = 256 * 1024
#: Most edited values one state may carry.
MAX_EDITS = 400
STATE_VERSION = 1
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")


class ShareError(ValueError):
    """A shared state that cannot be used; the message says what was wrong with it."""


def _leaf(value: Any) -> bool:
    return not isinstance(value, dict) or is_range_table(value)


def edits_between(original: Any, edited: Any, path: str = "") -> dict[str, Any]:
    """The values of ``edited`` that differ from ``original``, by field path.

    A range table is one value; a key only in ``original`` maps to ``None`` (removed); lists
    of equal length are compared item by item (``inventory[1].units``).

    >>> edits_between({"a": {"b": 1, "c": 2}, "d": [1, 2]}, {"a": {"b": 1, "c": 3}, "d": [1, 5]})
    {'a.c': 3, 'd[1]': 5}
    >>> edits_between({"a": {"low": 1, "high": 2}}, {"a": {"low": 1, "high": 3}})
    {'a': {'low': 1, 'high': 3}}
    """
    if original == edited:
        return {}
    if isinstance(original, dict) and isinstance(edited, dict):
        if not (_leaf(original) or _leaf(edited)):
            out: dict[str, Any] = {}
            for key in list(original) + [k for k in edited if k not in original]:
                sub = f"{path}.{key}" if path else str(key)
                if key not in edited:
                    out[sub] = None
                elif key not in original:
                    out[sub] = edited[key]
                else:
                    out.update(edits_between(original[key], edited[key], sub))
            return out
    if (
        isinstance(original, list)
        and isinstance(edited, list)
        and len(original) == len(edited)
        and path
    ):
        out = {}
        for i, (a, b) in enumerate(zip(original, edited, strict=True)):
            out.update(edits_between(a, b, f"{path}[{i}]"))
        return out
    return {path: edited}


def encode_state(key: str, edits: dict[str, Any]) -> str:
    """The ``state=`` value for ``edits`` of scenario ``key`` (see the module's docstring).

    >>> token = encode_state("manufacturing", {"client.penalty_per_hour": 900.0})
    >>> decode_state(token)
    ('manufacturing', {'client.penalty_per_hour': 900.0})
    """
    payload = {"v": STATE_VERSION, "scenario": key, "edits": edits}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_state(token: str) -> tuple[str, dict[str, Any]]:
    """``(scenario key, edits)`` of a ``state=`` value; :class:`ShareError` when it is unusable.

    >>> decode_state("not base64!")
    Traceback (most recent call last):
    ...
    dashapp.share.ShareError: the link's state is not base64url text
    """
    if len(token) > MAX_STATE_CHARS:
        raise ShareError(
            f"the link's state has {len(token):,} characters, over the {MAX_STATE_CHARS:,} "
            "a link may carry"
        )
    if not _BASE64URL.fullmatch(token):
        raise ShareError("the link's state is not base64url text")
    try:
        bare = token.rstrip("=")
        packed = base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))
    except (binascii.Error, ValueError):
        raise ShareError("the link's state is not base64url text") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_STATE_JSON_BYTES + 1)
    except zlib.error:
        raise ShareError("the link's state is not zlib-compressed data") from None
    if len(raw) > MAX_STATE_JSON_BYTES or inflater.unconsumed_tail:
        raise ShareError(f"the link's state inflates to more than {MAX_STATE_JSON_BYTES:,} bytes")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ShareError("the link's state is not JSON") from None
    if not isinstance(payload, dict) or payload.get("v") != STATE_VERSION:
        raise ShareError(f"the link's state is not version {STATE_VERSION} of a bizcase view")
    key, edits = payload.get("scenario"), payload.get("edits")
    if not isinstance(key, str) or not isinstance(edits, dict):
        raise ShareError("the link's state has no scenario key and edits")
    if len(edits) > MAX_EDITS:
        raise ShareError(f"the link's state has {len(edits)} edits, over the {MAX_EDITS} allowed")
    if not all(isinstance(path, str) and path for path in edits):
        raise ShareError("the link's state has an edit without a field path")
    return key, edits


def apply_shared_edits(base: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """``base`` (a scenario dict) with ``edits`` applied and validated like a file.

    Raises :class:`ShareError` naming the field, the value and the rule that failed.

    >>> from bizcase.model import scenario_to_dict
    >>> from bizcase.model.io import load_scenario, shipped_scenario
    >>> base = scenario_to_dict(load_scenario(shipped_scenario("manufacturing")))
    >>> apply_shared_edits(base, {"delivery.contracts": 3})["delivery"]["contracts"]
    3
    >>> apply_shared_edits(base, {"delivery.contracts": -1})
    Traceback (most recent call last):
    ...
    dashapp.share.ShareError: delivery.contracts = -1: Input should be greater than or equal to 1
    """
    data = json.loads(json.dumps(base))
    for path, value in edits.items():
        try:
            if value is None:
                holder, _, last = path.rpartition(".")
                node = get_path(data, holder) if holder else data
                if isinstance(node, dict):
                    node.pop(last, None)
                continue
            set_path(data, path, value)
        except (KeyError, IndexError, TypeError, ValueError):
            raise ShareError(f"{path}: no such field in the scenario") from None
    try:
        scenario_from_dict(data)
    except ScenarioError as exc:
        where, value, rule = exc.problems[0] if exc.problems else ("", "", str(exc))
        raise ShareError(f"{where} = {value!r}: {rule}") from None
    return data
