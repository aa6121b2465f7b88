"""The sites table of the edit page: ``[[sites]]`` as rows, and rows back into the scenario.

One row per site: name, latitude, longitude, access hours, the units of every inventory class
(one column each, ``dev<i>`` for inventory class ``i``) and the share of each priority's
incidents not counted in the inventory (``share_<priority>``).  A blank device cell means the
site does not list the class; a blank share, that the site states none.  The keys a site has
and the table does not show (``travel_hours``, ``hours``, ``loss_weight``, ``region``) are kept
from the site the row started as (``base``: row id → the site as last applied).

Rows are applied to the working scenario only as a whole and only when the scenario validator
(:func:`bizcase.scenario_from_dict`) accepts the result; every problem is a line naming the
site, the field, the value and the rule.  A renamed site takes the delivery designs'
references to it along (bases on the site, resident staffing, candidate staffing); a removed
one that a design still refers to is a problem of its own.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from bizcase import PRIORITIES, Scenario, ScenarioError, scenario_from_dict
from bizcase.output.labels import input_label, input_unit
from dashapp import ids
from dashapp.fields import parse_number
from dashapp.i18n import t, translate_rule

#: The table's own columns before the device classes, in order.
SITE_COLUMNS = ("name", "latitude", "longitude", "access_hours")
ROW_ID = "row_id"


def device_column(index: int) -> str:
    """Column id of inventory class ``index`` (class names hold spaces and brackets)."""
    return f"dev{index}"


def share_column(priority: str) -> str:
    """Column id of the incident share of ``priority``."""
    return f"share_{priority}"


def _header(path: str, lang: str) -> str:
    unit = input_unit(path, lang)
    label = input_label(path, lang, context=False)
    return f"{label}, {unit}" if unit and path.endswith("_hours") else label


def table_columns(inventory: Sequence[str], lang: str) -> list[dict[str, Any]]:
    """The DataTable's columns: a two-row header, the second row naming the class or priority.

    >>> [c["id"] for c in table_columns(["core switch"], "en")][:6]
    ['name', 'latitude', 'longitude', 'access_hours', 'dev0', 'share_critical']
    """
    site = t("sites_site", lang)
    columns: list[dict[str, Any]] = [
        {"id": "name", "name": [site, input_label("sites[0].name", lang, context=False)]},
    ]
    for key in SITE_COLUMNS[1:]:
        path = f"sites[0].{key}"
        columns.append(
            {
                "id": key,
                "name": [
                    site,
                    f"{input_label(path, lang, context=False)}, {input_unit(path, lang)}",
                ],
                "type": "numeric",
            }
        )
    devices = t("sites_devices", lang)
    for i, cls in enumerate(inventory):
        columns.append({"id": device_column(i), "name": [devices, cls], "type": "numeric"})
    shares = t("sites_shares", lang)
    for p in PRIORITIES:
        name = input_label(f"sites[0].incident_share.{p}", lang, context=False).split(" — ")[-1]
        columns.append({"id": share_column(p), "name": [shares, name], "type": "numeric"})
    return columns


def site_rows(sites: Sequence[Mapping[str, Any]], inventory: Sequence[str]) -> list[dict[str, Any]]:
    """The table's rows for ``sites`` (dicts as the working store holds them), ids ``s0``, ``s1`` …

    >>> site_rows([{"name": "A", "latitude": 1.0, "longitude": 2.0, "devices": {"x": 3},
    ...             "incident_share": {"critical": 1.0}}], ["x", "y"])[0]["dev0"]
    3
    """
    rows = []
    for i, site in enumerate(sites):
        row: dict[str, Any] = {ROW_ID: f"s{i}"}
        for key in SITE_COLUMNS:
            row[key] = site.get(key)
        devices = site.get("devices") or {}
        for j, cls in enumerate(inventory):
            row[device_column(j)] = devices.get(cls)
        shares = site.get("incident_share") or {}
        for p in PRIORITIES:
            row[share_column(p)] = shares.get(p)
        rows.append(row)
    return rows


def new_row(rows: Sequence[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    """A row for a new site: a free name (``Site 5``), everything else to fill in.

    >>> new_row([{"row_id": "s0", "name": "Site 2"}], "en")
    {'row_id': 'n1', 'name': 'Site 3'}
    """
    taken = {str(r.get("name")) for r in rows}
    n = len(rows) + 1
    while t("sites_new_name", lang, n=n) in taken:
        n += 1
    used = {str(r.get(ROW_ID)) for r in rows}
    k = 1
    while f"n{k}" in used:
        k += 1
    return {ROW_ID: f"n{k}", "name": t("sites_new_name", lang, n=n)}


@dataclass(frozen=True)
class Problem:
    """One problem of the table: which site, which field, the value and the rule (in the
    page's language)."""

    site: str
    field: str
    value: object
    rule: str

    def text(self, lang: str) -> str:
        """``Plant 2 — Latitude = 123: must be ≤ 90`` in ``lang``."""
        value = t("sites_empty", lang) if self.value in (None, "") else self.value
        return t(
            "sites_problem", lang, site=self.site, field=self.field, value=value, rule=self.rule
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(value: Any, lang: str) -> tuple[Any, bool]:
    """``(number or None for blank, ok)`` of a numeric cell."""
    if _blank(value):
        return None, True
    number = parse_number(value, lang)
    return number, number is not None


def _field_name(key: str, lang: str, inventory: Sequence[str]) -> str:
    """The label of a table column (``Latitude``, ``Devices — core switch``)."""
    if key.startswith("dev") and key[3:].isdigit():
        return input_label(f"sites[0].devices.{inventory[int(key[3:])]}", lang, context=False)
    if key.startswith("share_"):
        return input_label(f"sites[0].incident_share.{key[6:]}", lang, context=False)
    return input_label(f"sites[0].{key}", lang, context=False)


def _site_name(row: Mapping[str, Any], index: int, lang: str) -> str:
    name = row.get("name")
    return str(name).strip() if not _blank(name) else f"{t('sites_site', lang)} {index + 1}"


def _read_counts(
    row: dict[str, Any],
    before: dict[str, Any] | None,
    columns: list[tuple[str, str]],
    label: str,
    lang: str,
    inventory: list[str],
    problems: list[Problem],
) -> dict[str, Any]:
    """A site's table of numbers by name (devices per class, shares per priority) from its
    row's ``(column, name)`` cells: a blank cell drops the name, a bad one keeps the old value
    and adds a problem."""
    table = dict(before or {})
    for key, name in columns:
        number, ok = _cell(row.get(key), lang)
        if not ok:
            problems.append(
                Problem(
                    label,
                    _field_name(key, lang, inventory),
                    row.get(key),
                    t("sites_rule_number", lang),
                )
            )
            continue
        if number is None:
            table.pop(name, None)
        else:
            table[name] = number
    return table


def sites_from_rows(
    rows: Sequence[Mapping[str, Any]],
    base: Mapping[str, Mapping[str, Any]],
    inventory: Sequence[str],
    lang: str = "en",
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The ``sites`` list of the table's rows, and the cells that are not numbers.

    Each site starts from ``base[row id]`` (a new row from nothing), so the keys the table does
    not show stay; blank cells drop their key.  Names are stripped of surrounding spaces.
    """
    sites: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        site = copy.deepcopy(dict(base.get(str(row.get(ROW_ID)), {})))
        name = row.get("name")
        site["name"] = "" if _blank(name) else str(name).strip()
        label = _site_name(row, i, lang)
        for key in SITE_COLUMNS[1:]:
            number, ok = _cell(row.get(key), lang)
            if not ok:
                problems.append(
                    Problem(
                        label,
                        _field_name(key, lang, inventory),
                        row.get(key),
                        t("sites_rule_number", lang),
                    )
                )
            if not ok:
                continue  # the site keeps its value: one problem, not a cascade
            if number is None:
                site.pop(key, None)
            else:
                site[key] = number
        site["devices"] = _read_counts(
            row,
            site.get("devices"),
            [(device_column(j), c) for j, c in enumerate(inventory)],
            label,
            lang,
            inventory,
            problems,
        )
        site["incident_share"] = _read_counts(
            row,
            site.get("incident_share"),
            [(share_column(p), p) for p in PRIORITIES],
            label,
            lang,
            inventory,
            problems,
        )
        sites.append(site)
    return sites, problems


def _references(data: Mapping[str, Any]) -> list[tuple[str, list[Any], str]]:
    """Every place a delivery design names a site: ``(path, holder list, index key)``."""
    out: list[tuple[str, list[Any], str]] = []
    for option, body in (data.get("options") or {}).items():
        design = (body or {}).get("design") if isinstance(body, dict) else None
        if not isinstance(design, dict):
            continue
        where = f"options.{option}.design"
        for part in ("bases", "staffing"):
            for j, item in enumerate(design.get(part) or []):
                if isinstance(item, dict) and item.get("site") is not None:
                    out.append((f"{where}.{part}[{j}].site", design[part], str(j)))
        candidates = design.get("candidates")
        if isinstance(candidates, dict):
            for j, item in enumerate(candidates.get("staffing") or []):
                if isinstance(item, dict) and item.get("site") is not None:
                    out.append(
                        (f"{where}.candidates.staffing[{j}].site", candidates["staffing"], str(j))
                    )
    return out


def rename_references(data: dict[str, Any], renames: Mapping[str, str]) -> None:
    """Point the designs' references to a renamed site at its new name (in place).

    >>> d = {"options": {"a": {"design": {"bases": [{"name": "b", "site": "P1"}]}}}}
    >>> rename_references(d, {"P1": "Plant 1"})
    >>> d["options"]["a"]["design"]["bases"][0]["site"]
    'Plant 1'
    """
    for _path, holder, j in _references(data):
        item = holder[int(j)]
        if item["site"] in renames:
            item["site"] = renames[item["site"]]


@dataclass(frozen=True)
class SitesOutcome:
    """The scenario with the table's sites (``None`` unless valid) and the problems found."""

    scenario: Scenario | None
    data: dict[str, Any] | None
    problems: list[Problem]


_UNITS_RULE = re.compile(
    r"^the sites hold (\d+) units of .*; the inventory has (\d+): place every unit$"
)
_SHARE_RULE = re.compile(r"^incident_share\.\w+ adds up to (\S+): must be 1$")
_DEVICE_RULE = re.compile(r"^devices\[(['\"])(.*)\1\] = (.+?): must be >= 0$")
_SITE_PATH = re.compile(r"^sites\[(\d+)\](?:\.(\w+))?(?:\.(.+))?$")


def _translate(
    where: str,
    value: object,
    rule: str,
    sites: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
    inventory: Sequence[str],
    lang: str,
) -> list[Problem]:
    """A validator problem as the table's problems (site, field, value, rule)."""
    everywhere = t("sites_all", lang)
    match = _SITE_PATH.match(where)
    if match:
        i = int(match.group(1))
        label = _site_name(rows[i], i, lang) if i < len(rows) else f"#{i + 1}"
        field_key, detail = match.group(2), match.group(3)
        device = _DEVICE_RULE.match(rule)
        if device:
            field = input_label(f"sites[0].devices.{device.group(2)}", lang, context=False)
            return [Problem(label, field, device.group(3), t("sites_rule_negative", lang))]
        if field_key is None:
            if "latitude" in rule and "longitude" in rule or "position" in rule:
                field = f"{_field_name('latitude', lang, inventory)}, {_field_name('longitude', lang, inventory)}"
                site = sites[i] if i < len(sites) else {}
                shown = f"{site.get('latitude')}, {site.get('longitude')}"
                return [Problem(label, field, shown, t("sites_rule_position", lang))]
            return [Problem(label, t("sites_site", lang), "", translate_rule(rule, lang))]
        path = f"sites[0].{field_key}" + (f".{detail}" if detail else "")
        field = input_label(path, lang, context=False)
        if field_key == "name" and "at least 1" in rule:
            return [Problem(label, field, value, t("sites_rule_name", lang))]
        return [Problem(label, field, value, translate_rule(rule, lang))]
    if where == "sites" and "must be unique" in rule and isinstance(value, list):
        names = [str(v) for v in value]
        dupes = [n for n in dict.fromkeys(names) if names.count(n) > 1]
        field = input_label("sites[0].name", lang, context=False)
        return [Problem(n, field, n, t("sites_rule_unique", lang)) for n in dupes]
    units = _UNITS_RULE.match(rule)
    if where == "sites" and units:
        field = input_label(f"sites[0].devices.{value}", lang, context=False)
        held = [
            f"{s.get('name')}: {(s.get('devices') or {}).get(value)}"
            for s in sites
            if value in (s.get("devices") or {})
        ]
        text = t("sites_rule_units", lang, held=units.group(1), units=units.group(2))
        return [Problem(everywhere, field, "; ".join(held), text)]
    shares = _SHARE_RULE.match(rule)
    if where == "sites" and shares:
        field = input_label(f"sites[0].incident_share.{value}", lang, context=False)
        held = [
            f"{s.get('name')}: {(s.get('incident_share') or {}).get(value)}"
            for s in sites
            if value in (s.get("incident_share") or {})
        ]
        text = t("sites_rule_shares", lang, total=shares.group(1))
        return [Problem(everywhere, field, "; ".join(held), text)]
    if where.startswith("sites."):
        text = t("sites_rule_travel", lang, sender=value)
        return [Problem(where[len("sites.") :], _field_name("latitude", lang, inventory), "", text)]
    if where.endswith(".site") and rule == "no such site":
        return [
            Problem(
                str(value), t("sites_site", lang), value, t("sites_rule_missing", lang, where=where)
            )
        ]
    return [Problem(everywhere, where, value, translate_rule(rule, lang))]


def apply_rows(
    scenario_data: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    base: Mapping[str, Mapping[str, Any]],
    lang: str = "en",
) -> SitesOutcome:
    """The working scenario (a store's dict) with the table's sites, validated like a file.

    A row whose base site had another name renames the site, and the designs' references move
    with it; a removed site a design still refers to is a problem naming the site and where.
    Nothing is returned as applied (``scenario is None``) while there is any problem.
    """
    inventory = [str(d["name"]) for d in scenario_data.get("inventory") or []]
    sites, problems = sites_from_rows(rows, base, inventory, lang)
    data = copy.deepcopy(dict(scenario_data))
    kept_ids = {str(r.get(ROW_ID)) for r in rows}
    renames = {
        str(old["name"]): site["name"]
        for row, site in zip(rows, sites, strict=True)
        if (old := base.get(str(row.get(ROW_ID)))) is not None and old.get("name") != site["name"]
    }
    removed = {
        str(site["name"])
        for row_id, site in base.items()
        if row_id not in kept_ids and str(site.get("name")) not in renames
    } - {s["name"] for s in sites}
    for path, holder, j in _references(data):
        name = holder[int(j)]["site"]
        if name in removed:
            problems.append(
                Problem(
                    name, t("sites_site", lang), name, t("sites_rule_removed", lang, where=path)
                )
            )
    rename_references(data, renames)
    data["sites"] = sites
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        for where, value, rule in exc.problems:
            problems.extend(_translate(where, value, rule, sites, rows, inventory, lang))
        return SitesOutcome(None, None, _unique(problems))
    if problems:
        return SitesOutcome(None, None, _unique(problems))
    return SitesOutcome(scenario, data, [])


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def problems_alert(problems: Sequence[Problem], lang: str) -> dbc.Alert | None:
    """The inline message under the table (class ``sites-problems`` for tests)."""
    if not problems:
        return None
    return dbc.Alert(
        [
            html.Div(t("sites_fix", lang)),
            html.Ul([html.Li(p.text(lang)) for p in problems]),
        ],
        color="danger",
        className="sites-problems",
    )


def sites_section(scenario: Scenario, lang: str) -> html.Div:
    """The edit page's sites section: the table (filled by its callback from the working
    scenario), an "add a site" button and the inline problems."""
    inventory = [d.name for d in scenario.inventory]
    return html.Div(
        [
            html.H4(t("sites_title", lang), className="mt-4"),
            html.P(
                t("sites_help", lang) if scenario.sites else t("sites_none", lang),
                className="text-muted small-note",
            ),
            dash_table.DataTable(
                id=ids.SITES_TABLE,
                columns=table_columns(inventory, lang),
                data=[],
                editable=True,
                row_deletable=True,
                merge_duplicate_headers=True,
                style_table={"overflowX": "auto"},
                style_cell={
                    "minWidth": "90px",
                    "whiteSpace": "normal",
                    "height": "auto",
                    "fontFamily": "inherit",
                },
                style_cell_conditional=[
                    {"if": {"column_id": "name"}, "textAlign": "left", "minWidth": "170px"}
                ],
                style_header={"fontWeight": "600", "whiteSpace": "normal"},
                css=[{"selector": ".dash-spreadsheet-menu", "rule": "display: none"}],
            ),
            dbc.Button(
                t("sites_add", lang),
                id=ids.SITES_ADD,
                color="secondary",
                outline=True,
                size="sm",
                className="mt-2",
            ),
            html.Div(id=ids.SITES_MESSAGE, className="mt-2"),
            dcc.Store(id=ids.SITES_BASE, data={}),
        ],
        className="sites-editor",
    )
