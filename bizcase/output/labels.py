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
    "per_renewal": {"en": "per renewal, −0.05 = −5%", "ru": "за продление, −0,05 = −5%"},
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
    names = [p for p in parse_path(path) if isinstance(p, str)]
    if len(names) > 1 and names[-1] in _RANGE_KEYS:
        if names[-1] == "dist":
            return "count"
        names = names[:-1]
    name = names[-1]
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


# --- the scenario's own texts in other languages ----------------------------------------------
# The model holds one text per name, label and description (in the language of its author); the
# shipped scenarios' texts are translated here, keyed by the English text with its whitespace
# collapsed, so that a Russian report or screen names options and describes the client in
# Russian.  A text not in the table (a user's own scenario) is shown as written.

SCENARIO_TEXTS: dict[str, dict[str, str]] = {
    # manufacturing
    "Manufacturing plant (24x7, three shifts)": {"ru": "Производственный завод (24*7, три смены)"},
    "Automotive-parts plant": {"ru": "Завод автокомпонентов"},
    "Automotive-parts plant, 2 lines, 420 employees on site per shift. The integrator built the "
    "plant network (2 core switches, 2 firewalls, 38 access switches, 60 Wi-Fi access points) "
    "three years ago and helps the plant's two network engineers informally today.": {
        "ru": "Завод автокомпонентов: 2 линии, 420 сотрудников в смену. Интегратор построил сеть "
        "завода (2 ядровых коммутатора, 2 межсетевых экрана, 38 коммутаторов доступа, 60 точек "
        "доступа Wi-Fi) три года назад и сегодня неформально помогает двум сетевым инженерам "
        "завода."
    },
    "Status quo (informal help)": {"ru": "Как сейчас (неформальная помощь)"},
    "Two plant engineers on early and late shifts, the integrator helps when asked, a few spares "
    "of their own.": {
        "ru": "Два инженера завода в утреннюю и вечернюю смены, интегратор помогает по просьбе, "
        "немного собственного ЗИП."
    },
    "8x5 next business day": {"ru": "8*5, следующий рабочий день"},
    "Integrator support Mon-Fri 09-18 behind the plant's engineers, next-business-day parts.": {
        "ru": "Поддержка интегратора Пн–Пт 09–18 за инженерами завода, запчасти на следующий "
        "рабочий день."
    },
    "24x7x4 support": {"ru": "Поддержка 24*7*4"},
    "On-call engineers around the clock, 4-hour restoration for critical, spares kept on site.": {
        "ru": "Дежурные инженеры круглосуточно, восстановление критических инцидентов за 4 часа, "
        "ЗИП на площадке."
    },
    "Outsourcing (managed network)": {"ru": "Аутсорсинг (управляемая сеть)"},
    "Integrator runs the network: 24x7 monitoring opens cases automatically, proactive work.": {
        "ru": "Интегратор эксплуатирует сеть: круглосуточный мониторинг сам открывает обращения, "
        "профилактические работы."
    },
    # retail chain
    "Retail chain (120 stores + web shop)": {
        "ru": "Розничная сеть (120 магазинов и интернет-магазин)"
    },
    "Retail chain": {"ru": "Розничная сеть"},
    "Fashion and home-goods chain, 120 stores in one country, about EUR 780M store sales and "
    "EUR 90M web-shop sales a year. The integrator built the SD-WAN (120 store edges, two hub "
    "appliances), the data-centre network and the store LANs two years ago; the chain's three "
    "network engineers at head office call it informally today.": {
        "ru": "Сеть магазинов одежды и товаров для дома: 120 магазинов в одной стране, около "
        "780 млн евро продаж в магазинах и 90 млн евро в интернет-магазине в год. Интегратор два "
        "года назад построил SD-WAN (120 граничных устройств магазинов, два хаба), сеть ЦОД и "
        "локальные сети магазинов; сегодня три сетевых инженера головного офиса обращаются к "
        "нему неформально."
    },
    "Status quo (own IT, informal)": {"ru": "Как сейчас (своя ИТ-служба, неформально)"},
    "Three network engineers at head office Mon–Sat 08–20, local contractors for store visits, "
    "the integrator when asked, vendor RMA.": {
        "ru": "Три сетевых инженера в головном офисе Пн–Сб 08–20, местные подрядчики для выездов "
        "в магазины, интегратор по просьбе, RMA вендора."
    },
    "Integrator service desk and second line Mon–Fri 09–18, next-business-day field service and "
    "parts; own IT keeps its hours.": {
        "ru": "Сервис-деск и вторая линия интегратора Пн–Пт 09–18, выезд и запчасти на следующий "
        "рабочий день; своя ИТ-служба работает в свои часы."
    },
    "On-call engineers around the clock, 4-hour restoration for chain-wide outages, spares at "
    "regional depots; stores served Mon–Sat 08–21.": {
        "ru": "Дежурные инженеры круглосуточно, восстановление за 4 часа при отказах всей сети, "
        "ЗИП на региональных складах; магазины обслуживаются Пн–Сб 08–21."
    },
    "Outsourcing (managed SD-WAN)": {"ru": "Аутсорсинг (управляемый SD-WAN)"},
    "Integrator runs the network: 24x7 monitoring of every store edge opens cases automatically, "
    "proactive work, field service from regional depots.": {
        "ru": "Интегратор эксплуатирует сеть: круглосуточный мониторинг каждого магазина сам "
        "открывает обращения, профилактические работы, выезды с региональных складов."
    },
    # bank branches
    "Bank branch network (250 branches, 24x7 cards)": {
        "ru": "Сеть отделений банка (250 отделений, карты 24*7)"
    },
    "Bank (branch network)": {"ru": "Банк (сеть отделений)"},
    "Universal bank in the top 30 by assets: 250 branches in 15 regions, 1,100 ATMs, its own card "
    "processing and an internet/mobile bank. The integrator built the WAN (two data centres, four "
    "hub routers, twelve regional aggregation routers, a crypto gateway in every branch) and "
    "helps the bank's eight network engineers informally today.": {
        "ru": "Универсальный банк из топ-30 по активам: 250 отделений в 15 регионах, 1 100 "
        "банкоматов, собственный процессинг карт и интернет- и мобильный банк. Интегратор построил "
        "территориально распределённую сеть (два ЦОД, четыре хабовых маршрутизатора, двенадцать "
        "региональных маршрутизаторов агрегации, криптошлюз в каждом отделении) и сегодня "
        "неформально помогает восьми сетевым инженерам банка."
    },
    "Status quo (own network team)": {"ru": "Как сейчас (своя сетевая служба)"},
    "Eight network engineers at head office Mon–Fri 09–18, regional IT staff for branch visits; "
    "the processing centre's 24x7 duty shift calls an engineer at home for bank-wide outages; "
    "own spares, no vendor RMA.": {
        "ru": "Восемь сетевых инженеров в головном офисе Пн–Пт 09–18, региональные ИТ-специалисты "
        "для выездов в отделения; круглосуточная дежурная смена процессингового центра вызывает "
        "инженера из дома при отказах всего банка; свой ЗИП, без RMA вендора."
    },
    "Integrator service desk and second line Mon–Fri 09–18, next-business-day field service in "
    "the regions and parts from the integrator's warehouse.": {
        "ru": "Сервис-деск и вторая линия интегратора Пн–Пт 09–18, выезд в регионах на следующий "
        "рабочий день и запчасти со склада интегратора."
    },
    "On-call engineers around the clock, 4-hour restoration for bank-wide outages, spares at the "
    "data centres and at 5 regional depots.": {
        "ru": "Дежурные инженеры круглосуточно, восстановление за 4 часа при отказах всего банка, "
        "ЗИП в ЦОД и на 5 региональных складах."
    },
    "Outsourcing (managed WAN)": {"ru": "Аутсорсинг (управляемая WAN)"},
    "Integrator runs the network: 24x7 monitoring centre opens cases automatically, proactive "
    "work, regional field engineers.": {
        "ru": "Интегратор эксплуатирует сеть: круглосуточный центр мониторинга сам открывает "
        "обращения, профилактические работы, региональные выездные инженеры."
    },
    # logistics hub
    "Logistics hub (24x7, night sorting waves)": {
        "ru": "Логистический хаб (24*7, ночные волны сортировки)"
    },
    "Parcel distribution hub": {"ru": "Сортировочный хаб посылок"},
    "Regional parcel hub of a national carrier: one 60,000 m² building, a cross-belt sorter of "
    "35,000 parcels per hour, 120 dock doors, ~650 people on the night shift. The integrator "
    "built the hub network (2 core switches, 2 firewalls, 8 distribution switches, 48 industrial "
    "switches on the conveyor PLC rings, 40 access switches, 220 Wi-Fi access points) last year "
    "and helps the hub's two IT technicians informally today.": {
        "ru": "Региональный сортировочный хаб национального перевозчика: одно здание 60 000 м², "
        "кросс-белт сортер на 35 000 посылок в час, 120 доковых ворот, около 650 человек в "
        "ночной смене. Интегратор в прошлом году построил сеть хаба (2 ядровых коммутатора, "
        "2 межсетевых экрана, 8 коммутаторов распределения, 48 промышленных коммутаторов в "
        "кольцах ПЛК конвейера, 40 коммутаторов доступа, 220 точек доступа Wi-Fi) и сегодня "
        "неформально помогает двум ИТ-техникам хаба."
    },
    "Status quo (own IT technicians)": {"ru": "Как сейчас (свои ИТ-техники)"},
    "Two hub IT technicians on the day shift Mon–Fri 07–19, the night supervisor calls one at home "
    "for a hub-wide stop; the integrator helps when asked, vendor RMA for parts.": {
        "ru": "Два ИТ-техника хаба в дневную смену Пн–Пт 07–19, при остановке всего хаба ночной "
        "начальник смены вызывает одного из дома; интегратор помогает по просьбе, запчасти по "
        "RMA вендора."
    },
    "Integrator service desk and second line Mon–Fri 09–18, next-business-day parts; the hub's "
    "technicians stay first line and are still called out at night for a hub-wide stop.": {
        "ru": "Сервис-деск и вторая линия интегратора Пн–Пт 09–18, запчасти на следующий рабочий "
        "день; техники хаба остаются первой линией, и их по-прежнему вызывают ночью при остановке "
        "всего хаба."
    },
    "On-call engineers around the clock, 4-hour restoration for hub-wide and major stops, spares "
    "kept on site.": {
        "ru": "Дежурные инженеры круглосуточно, восстановление за 4 часа при остановке всего хаба "
        "и крупных остановках, ЗИП на площадке."
    },
    "Outsourcing (managed hub network)": {"ru": "Аутсорсинг (управляемая сеть хаба)"},
    "Integrator runs the network: 24x7 monitoring opens cases automatically, a resident engineer "
    "on every night sort, proactive work.": {
        "ru": "Интегратор эксплуатирует сеть: круглосуточный мониторинг сам открывает обращения, "
        "инженер на месте в каждую ночную сортировку, профилактические работы."
    },
    # the sources of the clients' outage records
    "the bank's operational-risk incident register (787-P), 2020-2024": {
        "ru": "реестр инцидентов операционного риска банка (787-П), 2020–2024"
    },
    "hub incident log, 2020-2024": {"ru": "журнал инцидентов хаба, 2020–2024"},
    "plant ticket system, 2022-2025": {"ru": "система заявок завода, 2022–2025"},
    "IT ticket system, 2019-2024": {"ru": "система ИТ-заявок, 2019–2024"},
}


def scenario_text(text: str, lang: Lang = "en") -> str:
    """A scenario's own text (name, client, option label, description) in ``lang``.

    The translation of :data:`SCENARIO_TEXTS` when there is one (whitespace collapsed for the
    look-up), else the text as written.

    >>> scenario_text("24x7x4 support", "ru")
    'Поддержка 24*7*4'
    >>> scenario_text("Regional hospital group", "ru")
    'Regional hospital group'
    """
    entry = SCENARIO_TEXTS.get(" ".join(text.split()))
    return entry.get(lang, text) if entry else text
