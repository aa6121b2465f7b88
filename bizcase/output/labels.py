"""Human labels and units for every scenario input path, in English and Russian.

One table for every place an input is named — the edit form, the tornado (CLI, app, reports),
Compare and the workbook — so nobody reads ``delivery.wages.first_line_engineer``.

A label is built from the path: its context (the option's label, the priority, the stage, the
device class, the role) and the leaf field's name.  Leaf names are hand-written for the common
fields (:data:`LEAF_NAMES`, both languages); any other field takes the first clause of its
pydantic ``description`` (English in both languages) and, failing that, its name in words.
Units follow the naming conventions of the model (``_per_hour``, ``_hours``, ``_share`` …).

Examples
--------
>>> input_label("delivery.wages.first_line_engineer")
'Wage: first-line engineer'
>>> input_label("incidents.critical.annual_rate", "ru")
'Критические инциденты в год'
>>> input_unit("client.revenue_at_risk_per_hour", "en", "EUR")
'EUR/h'
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bizcase.model import PRIORITIES, STAGES, Scenario
from bizcase.model.ranges import parse_path
from bizcase.output.text import SHARED_TEXT

Lang = str

#: Names of the common leaf fields; the path gives their context.
LEAF_NAMES: dict[str, dict[str, str]] = {
    # client
    "revenue_at_risk_per_hour": {
        "en": "Revenue at risk per peak hour",
        "ru": "Выручка под угрозой в пиковый час",
    },
    "share_recovered_later": {"en": "Share recovered later", "ru": "Доля, возмещаемая позже"},
    "margin_share": {
        "en": "Contribution margin share of revenue",
        "ru": "Доля маржинального дохода в выручке",
    },
    "catch_up_cost_per_hour": {
        "en": "Catch-up cost per hour made up later",
        "ru": "Затраты на навёрстывание часа выпуска",
    },
    "loss_growth_per_year": {
        "en": "Yearly growth of the client's losses",
        "ru": "Годовой рост потерь клиента",
    },
    "employees_affected": {"en": "Employees affected", "ru": "Затронутые сотрудники"},
    "loaded_cost_per_employee_hour": {
        "en": "Loaded cost per employee hour",
        "ru": "Полная стоимость часа сотрудника",
    },
    "productivity_lost_share": {"en": "Productivity lost", "ru": "Потеря производительности"},
    "penalty_threshold_hours": {"en": "Penalties start after", "ru": "Штрафы начинаются после"},
    "penalty_per_hour": {"en": "Penalty per hour beyond it", "ru": "Штраф за каждый час сверх"},
    "penalty_min_impact_share": {
        "en": "Penalties owed from an impact share of",
        "ru": "Штрафы — при доле ущерба от",
    },
    # incidents
    "annual_rate": {"en": "incidents a year", "ru": "число в год"},
    "impact_share": {"en": "impact share", "ru": "доля ущерба"},
    "onsite_share": {"en": "share needing a site visit", "ru": "доля с выездом"},
    "spare_share": {"en": "share needing a spare part", "ru": "доля с заменой из ЗИП"},
    "second_line_share": {"en": "share escalated to second line", "ru": "доля со второй линией"},
    "recovery_cost": {"en": "recovery cost per incident", "ru": "затраты на восстановление"},
    "reputational_cost": {"en": "reputational cost per incident", "ru": "репутационный ущерб"},
    "rate_cv": {"en": "rate uncertainty (CV)", "ru": "неопределённость частоты (CV)"},
    # inventory
    "units": {"en": "installed units", "ru": "установлено единиц"},
    "annual_failure_rate": {"en": "failures per unit a year", "ru": "отказов на единицу в год"},
    "unit_cost": {"en": "spare unit price", "ru": "цена запасной единицы"},
    "lead_time_days": {"en": "replenishment lead time", "ru": "срок пополнения"},
    # options
    "annual_fee": {"en": "Annual fee", "ru": "Годовая плата"},
    "stockout_probability": {
        "en": "Spare-part stock-out probability",
        "ru": "Вероятность отсутствия ЗИП",
    },
    "proactive_removal_share": {
        "en": "Incidents prevented by proactive work",
        "ru": "Доля инцидентов, предотвращённых проактивно",
    },
    "client_staff_kept_share": {
        "en": "Client staff kept",
        "ru": "Доля сохраняемого персонала клиента",
    },
    "sla_excluded_share": {
        "en": "Share excluded from the SLA",
        "ru": "Доля, исключённая из SLA",
    },
    "field_partner_cost_per_visit": {
        "en": "Field partner cost per visit",
        "ru": "Стоимость выезда партнёра",
    },
    "response_target_hours": {"en": "response target", "ru": "целевое время реакции"},
    "restoration_target_hours": {
        "en": "restoration target",
        "ru": "целевое время восстановления",
    },
    "median_hours": {"en": "typical (median)", "ru": "обычно (медиана)"},
    "p90_hours": {"en": "bad case (P90)", "ru": "худший случай (P90)"},
    "cap_share_of_monthly_fee": {
        "en": "Service-credit cap, share of the monthly fee",
        "ru": "Предел кредитов, доля месячной платы",
    },
    # outsourcing
    "transferred_engineers": {"en": "Transferred engineers", "ru": "Переводимые инженеры"},
    "transferred_cost_per_engineer": {
        "en": "Cost per transferred engineer",
        "ru": "Затраты на переводимого инженера",
    },
    "transition_cost": {"en": "Transition cost", "ru": "Затраты на переход"},
    "dual_running_months": {"en": "Dual running", "ru": "Параллельная работа"},
    "monitoring_capex": {"en": "Monitoring centre capex", "ru": "Капзатраты центра мониторинга"},
    "monitoring_staff_cost_per_year": {
        "en": "Monitoring centre staff",
        "ru": "Персонал центра мониторинга",
    },
    "offshore_fee_per_device_per_year": {
        "en": "Offshore monitoring fee per device",
        "ru": "Плата за офшорный мониторинг устройства",
    },
    "offshore_overhead_share": {
        "en": "Offshore hidden overheads",
        "ru": "Скрытые накладные офшора",
    },
    "modernisation_budget_per_year": {
        "en": "Modernisation budget",
        "ru": "Бюджет модернизации",
    },
    "modernisation_margin": {"en": "Margin on modernisation", "ru": "Маржа на модернизации"},
    "price_glide_per_year": {"en": "Price glide", "ru": "Снижение цены"},
    # business case
    "horizon_years": {"en": "Contract length", "ru": "Срок договора"},
    "discount_rate": {"en": "Discount rate", "ru": "Ставка дисконтирования"},
    "cost_inflation": {"en": "Cost inflation", "ru": "Инфляция затрат"},
    "price_escalation": {"en": "Price escalation", "ru": "Индексация цены"},
    "target_margin": {"en": "Target margin", "ru": "Целевая маржа"},
    "client_staff_cost_per_year": {
        "en": "Client's own support staff",
        "ru": "Собственный персонал клиента",
    },
    "setup_cost": {"en": "Set-up cost", "ru": "Затраты на запуск"},
    "sales_cost_per_contract": {"en": "Sales cost per contract", "ru": "Затраты на продажу"},
    "client_onboarding_cost": {"en": "Client onboarding", "ru": "Подключение клиента"},
    "churn_rate": {"en": "Contracts lost a year", "ru": "Отток договоров в год"},
    "contracts_at_start": {"en": "Contracts at start", "ru": "Число договоров на начало"},
    "prospects_per_year": {"en": "Prospects offered", "ru": "Число предложений"},
    "win_probability": {"en": "Win probability", "ru": "Вероятность выигрыша"},
    "churn_probability": {"en": "Churn probability a year", "ru": "Вероятность ухода в год"},
    "term_years": {"en": "Contract term", "ru": "Срок договора"},
    "renewal_price_change": {"en": "Price change at renewal", "ru": "Изменение цены при продлении"},
    "trials": {"en": "Trials", "ru": "Испытаний"},
    "target_service_level": {
        "en": "share of contacts answered within the target",
        "ru": "доля обращений, принятых в срок",
    },
    "seed": {"en": "Random seed", "ru": "Начальное значение (seed)"},
    "design_points": {"en": "Design points", "ru": "Точек плана"},
}

#: The fields of a site (``sites[i].…``): the sites table of the edit page and every other
#: place a site's input is named.
SITE_FIELD_NAMES: dict[str, dict[str, str]] = {
    "name": {"en": "Site name", "ru": "Название площадки"},
    "latitude": {"en": "Latitude", "ru": "Широта"},
    "longitude": {"en": "Longitude", "ru": "Долгота"},
    "access_hours": {"en": "Access on site", "ru": "Доступ на площадке"},
    "loss_weight": {"en": "Weight of its losses", "ru": "Вес потерь площадки"},
    "devices": {"en": "Devices", "ru": "Устройства"},
    "incident_share": {
        "en": "Share of incidents not from the inventory",
        "ru": "Доля инцидентов вне перечня оборудования",
    },
    "travel_hours": {"en": "Travel from", "ru": "Дорога от"},
}
_SITE = {"en": "Site", "ru": "Площадка"}

#: Roles of ``delivery.wages``.
ROLE_NAMES: dict[str, dict[str, str]] = {
    "first_line_engineer": {"en": "first-line engineer", "ru": "инженер первой линии"},
    "service_desk_agent": {"en": "service-desk agent", "ru": "оператор сервис-деска"},
    "service_manager": {"en": "service manager", "ru": "сервис-менеджер"},
    "second_line_per_hour": {"en": "second-line expert hour", "ru": "час эксперта второй линии"},
}

_SECTIONS: dict[str, dict[str, str]] = {
    "wages": {"en": "Wage", "ru": "Зарплата"},
    "calendar": {"en": "Labour calendar", "ru": "Календарь труда"},
    "service_management": {"en": "Service management", "ru": "Сервис-менеджмент"},
    "overheads": {"en": "Overheads", "ru": "Накладные"},
    "labour": {"en": "Labour calendar", "ru": "Календарь труда"},
    "on_call": {"en": "On-call", "ru": "Дежурства"},
    "service_desk": {"en": "Service desk", "ru": "Сервис-деск"},
    "spares": {"en": "Spare parts", "ru": "ЗИП"},
    "outsourcing": {"en": "Outsourcing", "ru": "Аутсорсинг"},
    "portfolio": {"en": "Portfolio", "ru": "Портфель"},
    "portfolio_support": {"en": "Portfolio, support", "ru": "Портфель, поддержка"},
    "portfolio_outsourcing": {"en": "Portfolio, outsourcing", "ru": "Портфель, аутсорсинг"},
    "credits": {"en": "Service credits", "ru": "Сервисные кредиты"},
    "per_breach": {"en": "credit per breach", "ru": "кредит за нарушение"},
    "local_fetch": {"en": "Fetching a local spare", "ru": "Доставка местного ЗИП"},
    "vendor_lead_time": {"en": "Vendor delivery", "ru": "Поставка от вендора"},
}

_UNITS: dict[str, dict[str, str]] = {
    "money": {"en": "{currency}", "ru": "{currency}"},
    "money_hour": {"en": "{currency}/h", "ru": "{currency}/ч"},
    "money_year": {"en": "{currency}/year", "ru": "{currency}/год"},
    "hours": {"en": "h", "ru": "ч"},
    "seconds": {"en": "s", "ru": "с"},
    "days": {"en": "days", "ru": "дн."},
    "months": {"en": "months", "ru": "мес."},
    "years": {"en": "years", "ru": "лет"},
    "share": {"en": "share 0–1", "ru": "доля 0–1"},
    "rate_year": {"en": "per year, 0.10 = 10%", "ru": "в год, 0,10 = 10%"},
    "per_year": {"en": "per year", "ru": "в год"},
    "people": {"en": "people", "ru": "чел."},
    "units": {"en": "units", "ru": "шт."},
    "times": {"en": "×", "ru": "×"},
    "count": {"en": "", "ru": ""},
    "contracts": {"en": "contracts", "ru": "договоров"},
    "degrees": {"en": "°", "ru": "°"},
    "per_renewal": {"en": "per renewal, −0.05 = −5%", "ru": "за продление, −0,05 = −5%"},
    "text": {"en": "", "ru": ""},
    "peak_share": {"en": "share of the peak hour", "ru": "доля пикового часа"},
    "hour_of_day": {"en": "hour of day, 0–24", "ru": "час суток, 0–24"},
}

#: Inputs named by their whole path (a leaf name alone is ambiguous: ``name`` of the scenario,
#: of the client, of a device class).
PATH_NAMES: dict[str, dict[str, str]] = {
    "name": {"en": "Scenario name", "ru": "Название сценария"},
    "description": {"en": "Scenario description", "ru": "Описание сценария"},
    "client.name": {"en": "Client name", "ru": "Название клиента"},
    "currency": {"en": "Currency", "ru": "Валюта"},
    "client.loss_profile": {"en": "Weekly loss profile", "ru": "Недельный профиль потерь"},
    "client.loss_profile.preset": {
        "en": "Weekly loss profile: preset",
        "ru": "Недельный профиль потерь: шаблон",
    },
    "client.loss_profile.base_weight": {
        "en": "Weekly loss profile: hours outside the blocks",
        "ru": "Недельный профиль потерь: часы вне блоков",
    },
    "client.loss_profile.windows": {
        "en": "Weekly loss profile: blocks of hours",
        "ru": "Недельный профиль потерь: блоки часов",
    },
    "client.loss_profile.hourly": {
        "en": "Weekly loss profile: 168 hourly values",
        "ru": "Недельный профиль потерь: 168 значений по часам",
    },
}

#: Fields of one block of a loss profile (``client.loss_profile.windows[0].weight``).
_WINDOW_FIELDS: dict[str, dict[str, str]] = {
    "days": {"en": "days", "ru": "дни"},
    "start_hour": {"en": "starts at", "ru": "начало"},
    "end_hour": {"en": "ends at", "ru": "конец"},
    "weight": {"en": "share of the peak", "ru": "доля пика"},
}
_BLOCK = {"en": "block", "ru": "блок"}
_PROFILE_HOUR = {"en": "hour", "ru": "час"}
_DAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
}

_RANGE_KEYS: dict[str, dict[str, str]] = {
    "low": {"en": "low (P5)", "ru": "нижняя (P5)"},
    "high": {"en": "high (P95)", "ru": "верхняя (P95)"},
    "dist": {"en": "distribution", "ru": "распределение"},
    "mode": {"en": "most likely", "ru": "наиболее вероятное"},
    "base": {"en": "base value", "ru": "базовое значение"},
}

_A_YEAR = {"en": "a year", "ru": "в год"}
_YEAR = {"en": "year", "ru": "год"}

_RATES_PER_YEAR = {"discount_rate", "cost_inflation", "price_escalation", "churn_rate"}


def _pick(table: dict[str, str], lang: Lang) -> str:
    return table.get(lang) or table["en"]


def _shared(key: str, lang: Lang) -> str:
    return _pick(SHARED_TEXT[key], lang)


def _priority(name: str, lang: Lang) -> str:
    text = _shared(f"priority_{name}", lang)
    # "Critical" alone names a priority in English; the Russian names already say "incidents".
    return text if lang == "ru" else f"{text} incidents"


def _words(name: str) -> str:
    return name.replace("_", " ")


def _leaf_from_model(parts: list[str | int]) -> str | None:
    """The first clause of the leaf field's pydantic description, when the path reaches one."""
    model: Any = Scenario
    info: FieldInfo | None = None
    for part in parts:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue  # a dict key (option or priority name): the value's model follows
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _model_of(info.annotation)
    if info is None or not info.description:
        return None
    text = info.description.strip().rstrip(".")
    text = re.split(r"[,;(]| — ", text, maxsplit=1)[0].strip()
    # A description may name another field (``answer_within_s``): say it in words.
    return re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b", lambda m: _words(m.group(0)), text) or None


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation (``X | None``, ``dict[K, X]``, ``tuple[X, ...]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) or origin in (dict, tuple, list):
        for arg in reversed(args) if origin is dict else args:
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _leaf(name: str, parts: list[str | int], lang: Lang) -> str:
    if name in LEAF_NAMES:
        return _pick(LEAF_NAMES[name], lang)
    from_model = _leaf_from_model(parts)
    return from_model if from_model is not None else _words(name).capitalize()


def _option_label(scenario: Scenario | None, key: str, lang: Lang = "en") -> str:
    if scenario is not None and key in scenario.options:
        return scenario.text(f"options.{key}.label", lang)
    return _words(key)


def _lower(text: str) -> str:
    """Lower-case the first letter after a prefix, unless the word is an acronym (SLA)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def input_label(
    path: str, lang: Lang = "en", scenario: Scenario | None = None, context: bool = True
) -> str:
    """The human label of the input at ``path`` in ``lang`` (``en`` or ``ru``).

    ``scenario`` names options and device classes by their labels; ``context=False`` leaves out
    the option's name (for a form already grouped by option).

    Examples
    --------
    >>> input_label("options.support_24x7x4.stages.repair.p90_hours")
    'support 24x7x4: Repair & verify — bad case (P90)'
    >>> input_label("options.x.stages.repair.median_hours", "ru", context=False)
    'Ремонт и проверка — обычно (медиана)'
    """
    try:
        parts = list(parse_path(path))
    except (ValueError, KeyError):
        return path
    if len(parts) > 1 and parts[-1] in _RANGE_KEYS:
        # A range's own field (Compare lists ranges key by key): the input, then which end.
        end = _pick(_RANGE_KEYS[str(parts[-1])], lang)
        return f"{input_label(path.rsplit('.', 1)[0], lang, scenario, context)} — {end}"
    if not parts:
        return path
    if path in PATH_NAMES:
        return _pick(PATH_NAMES[path], lang)
    if parts[:2] == ["client", "loss_profile"] and len(parts) >= 4:
        return _profile_part(parts[2:], lang)
    names = [p for p in parts if isinstance(p, str)]
    leaf_name = names[-1]
    head = names[0]
    if head == "options" and len(names) >= 3:
        body = _option_body(names[2:], parts, lang)
        if not context:
            return _capital(body)
        return f"{_option_label(scenario, names[1], lang)}: {body}"
    if head == "incidents" and len(names) == 3 and names[1] in PRIORITIES:
        if leaf_name == "annual_rate":
            return f"{_priority(names[1], lang)} {_pick(_A_YEAR, lang)}"
        return f"{_priority(names[1], lang)}: {_leaf(leaf_name, parts, lang)}"
    if head == "inventory":
        index = next((p for p in parts if isinstance(p, int)), None)
        device = (
            scenario.inventory[index].name
            if scenario is not None and index is not None and index < len(scenario.inventory)
            else f"#{(index or 0) + 1}"
        )
        return f"{_capital(device)}: {_leaf(leaf_name, parts, lang)}"
    if head == "sites" and len(names) >= 2:
        return _site_label(parts, names, lang, scenario, context)
    if head == "delivery" and len(names) == 3 and names[1] == "wages":
        role = ROLE_NAMES.get(leaf_name, {"en": _words(leaf_name)})
        return f"{_pick(_SECTIONS['wages'], lang)}: {_pick(role, lang)}"
    if head == "business_case" and len(names) == 4 and f"portfolio_{names[2]}" in _SECTIONS:
        section = _pick(_SECTIONS[f"portfolio_{names[2]}"], lang)
        label = f"{section}: {_lower(_leaf(leaf_name, parts, lang))}"
        year = next((p for p in parts if isinstance(p, int)), None)
        return label if year is None else f"{label}, {_pick(_YEAR, lang)} {year + 1}"
    if head in ("delivery", "business_case") and len(names) == 3 and names[1] in _SECTIONS:
        return f"{_pick(_SECTIONS[names[1]], lang)}: {_lower(_leaf(leaf_name, parts, lang))}"
    return _capital(_leaf(leaf_name, parts, lang))


def _profile_part(parts: list[str | int], lang: Lang) -> str:
    """A part of the loss profile: one block's field, or one hour of the 168."""
    head = _pick(PATH_NAMES["client.loss_profile"], lang)
    if parts[0] == "hourly" and isinstance(parts[1], int) and 0 <= parts[1] < 168:
        day, hour = divmod(parts[1], 24)
        return f"{head}: {_DAYS[lang if lang in _DAYS else 'en'][day]} {hour:02d}:00"
    if parts[0] == "windows" and isinstance(parts[1], int):
        block = f"{head}: {_pick(_BLOCK, lang)} {parts[1] + 1}"
        field = parts[2] if len(parts) > 2 else None
        if isinstance(field, str) and field in _WINDOW_FIELDS:
            return f"{block}, {_pick(_WINDOW_FIELDS[field], lang)}"
        return block
    return f"{head}: {_pick(_PROFILE_HOUR, lang)}"


def _site_label(
    parts: list[str | int], names: list[str], lang: Lang, scenario: Scenario | None, context: bool
) -> str:
    """``Plant 2: latitude``, ``Plant 2: devices — core switch``, ``Plant 2: share of
    incidents not from the inventory — critical``; without the site for ``context=False``."""
    field = names[1]
    body = _pick(SITE_FIELD_NAMES.get(field, {"en": _words(field).capitalize()}), lang)
    if len(names) >= 3:
        key = names[2]
        detail = (
            _shared(f"priority_{key}", lang)
            if field == "incident_share" and key in PRIORITIES
            else key
        )
        body = f"{body} — {_lower(detail) if field == 'incident_share' else detail}"
    if not context:
        return body
    index = next((p for p in parts if isinstance(p, int)), None)
    site = (
        scenario.sites[index].name
        if scenario is not None and index is not None and index < len(scenario.sites)
        else f"{_pick(_SITE, lang)} {(index or 0) + 1}"
    )
    return f"{site}: {_lower(body)}"


def _option_body(names: list[str], parts: list[str | int], lang: Lang) -> str:
    """The part of an option input's label after the option's name."""
    leaf_name = names[-1]
    leaf = _leaf(leaf_name, parts, lang)
    if names[0] == "stages" and len(names) == 3 and names[1] in STAGES:
        return f"{_shared('stage_' + names[1], lang)} — {leaf}"
    if names[0] == "priorities" and len(names) >= 3 and names[1] in PRIORITIES:
        rest = _option_body(names[2:], parts, lang)
        return f"{_priority(names[1], lang)}, {rest[:1].lower() + rest[1:]}"
    if names[0] == "spares" and len(names) == 3 and names[1] in _SECTIONS:
        return f"{_pick(_SECTIONS[names[1]], lang)} — {leaf}"
    if names[0] == "credits" and len(names) == 3 and names[1] == "per_breach":
        return f"{_pick(_SECTIONS['per_breach'], lang)} ({_priority(leaf_name, lang).lower()})"
    return _capital(leaf)


def unit_kind(path: str) -> str:
    """The unit of an input as a key of the unit table (``money_hour``, ``hours``, ``share`` …).

    >>> unit_kind("options.a.annual_fee"), unit_kind("delivery.wages.second_line_per_hour")
    ('money_year', 'money_hour')
    """
    if path in ("name", "description", "client.name", "currency"):
        return "text"
    if path.startswith("client.loss_profile."):
        leaf = [p for p in parse_path(path) if isinstance(p, str)][-1]
        if leaf in ("start_hour", "end_hour"):
            return "hour_of_day"
        return "peak_share" if leaf in ("weight", "base_weight", "hourly") else "count"
    names = [p for p in parse_path(path) if isinstance(p, str)]
    if len(names) > 1 and names[-1] in _RANGE_KEYS:
        if names[-1] == "dist":
            return "count"
        names = names[:-1]
    name = names[-1]
    if names[0] == "sites" and len(names) >= 2:
        if names[1] in ("latitude", "longitude"):
            return "degrees"
        if names[1] == "devices":
            return "units"
        if names[1] == "incident_share":
            return "share"
        if names[1] == "travel_hours":
            return "hours"
        if names[1] == "loss_weight":
            return "times"
    if name.endswith("_hours") or "_hours_per_" in name:
        return "hours"
    if name.endswith("_s"):
        return "seconds"
    if name in _RATES_PER_YEAR:
        return "rate_year"
    if name.endswith("_share") or name.startswith("share_") or name.endswith("_probability"):
        return "share"
    if name in ("target_margin", "shrinkage", "max_occupancy", "target_service_level"):
        return "share"
    if name in ("annual_rate", "annual_failure_rate"):
        return "per_year"
    if name.endswith("_per_hour"):
        return "money_hour"
    if name.endswith("_days"):
        return "days"
    if name.endswith("_months"):
        return "months"
    if name == "horizon_years":
        return "years"
    if name == "trials":
        return "years" if names[0] == "simulation" else "count"
    if name.endswith("multiplier"):
        return "times"
    if name == "prospects_per_year":
        return "per_year"
    if name == "term_years":
        return "years"
    if name == "renewal_price_change":
        return "per_renewal"
    if name in ("contracts", "service_manager_threshold", "contracts_at_start"):
        return "contracts"
    if name in ("units",):
        return "units"
    if name in ("employees_affected", "transferred_engineers"):
        return "people"
    if "wages" in names or name == "annual_fee" or name.endswith("_per_year"):
        return "money_year"
    if "per_breach" in names:
        return "money"
    if name.endswith("_cost") or name.endswith("capex") or name.endswith("_per_visit"):
        return "money"
    if name.endswith("cost_per_engineer") or name.endswith("_per_contract"):
        return "money_year" if name.endswith("per_engineer") else "money"
    return "count"


def input_unit(path: str, lang: Lang = "en", currency: str = "") -> str:
    """The unit of the input at ``path`` in ``lang``; money units name ``currency``."""
    return _pick(_UNITS[unit_kind(path)], lang).format(currency=currency).strip()


def labelled(path: str, lang: Lang = "en", scenario: Scenario | None = None) -> str:
    """``label (unit)``, or the label alone for a unitless input.

    >>> labelled("client.penalty_threshold_hours")
    'Penalties start after (h)'
    """
    currency = scenario.currency if scenario is not None else ""
    unit = input_unit(path, lang, currency)
    label = input_label(path, lang, scenario)
    return f"{label} ({unit})" if unit else label


def labels_for(
    paths: typing.Iterable[str], lang: Lang = "en", scenario: Scenario | None = None
) -> dict[str, str]:
    """``{path: label}`` for the given paths (the ``labels=`` argument of the figure builders)."""
    return {p: input_label(p, lang, scenario) for p in paths}
