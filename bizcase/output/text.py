"""Texts that the reports and the app both show, in English and Russian, defined once.

The reports (:mod:`bizcase.output.report.texts`) and the app (``dashapp.i18n``) build their own tables on
top of :data:`SHARED_TEXT`: the priority and stage names, the delivery roles, the loss charts'
titles and axes, common column labels, the names of cash-flow lines (:data:`LINE_LABELS`) and
the context cards of published figures (:data:`CONTEXT_CARDS`).  Russian follows the article's
terms: ЗИП for the spare-parts stock ("spare parts" in English); критические / крупные /
незначительные / технические инциденты (incidents, not defects) for the four priorities.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHARED_TEXT: dict[str, dict[str, str]] = {
    # --- the four priorities (the article's terms in Russian) ------------------------------
    "priority_critical": {"en": "Critical", "ru": "Критические инциденты"},
    "priority_major": {"en": "Major", "ru": "Крупные инциденты"},
    "priority_minor": {"en": "Minor", "ru": "Незначительные инциденты"},
    "priority_technical": {"en": "Technical", "ru": "Технические инциденты"},
    # --- stages of the restoration pipeline ------------------------------------------------
    "stage_detection": {"en": "Detection", "ru": "Обнаружение"},
    "stage_waiting_for_window": {"en": "Waiting for coverage", "ru": "Ожидание окна поддержки"},
    "stage_response": {"en": "Response", "ru": "Реакция"},
    "stage_diagnosis": {"en": "Diagnosis", "ru": "Диагностика"},
    "stage_travel": {"en": "Travel to site", "ru": "Выезд на площадку"},
    "stage_spare_part": {"en": "Spare part", "ru": "Запчасть (ЗИП)"},
    "stage_second_line": {"en": "Second line", "ru": "Вторая линия"},
    "stage_repair": {"en": "Repair & verify", "ru": "Ремонт и проверка"},
    # --- delivery roles --------------------------------------------------------------------
    "role_first_line_engineer": {"en": "First-line engineers", "ru": "Инженеры первой линии"},
    "role_service_desk_agent": {"en": "Service-desk agents", "ru": "Операторы сервис-деска"},
    "role_second_line_expert": {"en": "Second-line experts", "ru": "Эксперты второй линии"},
    "role_service_manager": {"en": "Service manager", "ru": "Сервис-менеджер"},
    # --- the two ledgers -------------------------------------------------------------------
    "side_integrator": {"en": "Integrator", "ru": "Интегратор"},
    "side_client": {"en": "Client", "ru": "Клиент"},
    # --- the loss charts -------------------------------------------------------------------
    "lec_title": {
        "en": "Chance that a year's loss exceeds X",
        "ru": "Вероятность, что потери за год превысят X",
    },
    "lec_x": {"en": "Annual loss, {currency}", "ru": "Потери за год, {currency}"},
    "lec_y": {"en": "Chance of exceeding", "ru": "Вероятность превышения"},
    "stages_title": {
        "en": "Where the hours go: downtime per year by stage",
        "ru": "Куда уходят часы: простой за год по этапам",
    },
    "stages_y": {
        "en": "Hours per year (full-outage equivalent)",
        "ru": "Часов в год (эквивалент полного отказа)",
    },
    "total_cost_title": {
        "en": "Yearly cost to the client: fee + expected loss",
        "ru": "Годовые затраты клиента: плата + ожидаемые потери",
    },
    "money_y": {"en": "{currency} per year", "ru": "{currency} в год"},
    "fee": {"en": "Fee", "ru": "Плата"},
    "loss_expected": {"en": "Expected loss", "ru": "Ожидаемые потери"},
    "loss_p90_extra": {"en": "Extra in a 1-in-10 year", "ru": "Сверх того в год «раз в 10 лет»"},
    "p90_note_chart": {
        "en": "P90 = 90th percentile: 9 years in 10 lose less",
        "ru": "P90 = 90-й перцентиль: в 9 годах из 10 потери меньше",
    },
    # --- common column and table labels ----------------------------------------------------
    "col_option": {"en": "Option", "ru": "Вариант"},
    "col_fee": {"en": "Annual fee", "ru": "Плата за год"},
    "col_expected": {"en": "Expected annual loss", "ru": "Ожидаемые потери за год"},
    "col_p90": {"en": "1-in-10-year loss (P90)", "ru": "Потери «раз в 10 лет» (P90)"},
    "col_availability": {"en": "Availability", "ru": "Доступность"},
    "col_roi": {"en": "ROI", "ru": "ROI"},
    "col_prob_negative": {"en": "P(NPV < 0)", "ru": "P(NPV < 0)"},
    "col_line": {"en": "Line", "ru": "Статья"},
    "col_year": {"en": "Year {t}", "ru": "Год {t}"},
    "col_year_short": {"en": "Year", "ru": "Год"},
    "col_total": {"en": "Total", "ru": "Итого"},
    "col_present_value": {"en": "Present value", "ru": "Приведённая стоимость"},
    "npv_axis": {"en": "NPV, {currency}", "ru": "NPV, {currency}"},
    "never": {"en": "never", "ru": "никогда"},
    "kind_client": {"en": "Client leave-behind", "ru": "Материалы для клиента"},
    "kind_management": {"en": "Management pack", "ru": "Пакет для руководства"},
    # --- the loss basis: hard and soft (DESIGN 4.5) -----------------------------------------
    "loss_hard": {"en": "Hard loss", "ru": "Прямые потери"},
    "loss_soft": {
        "en": "Soft loss (idle staff, reputation)",
        "ru": "Косвенные потери (простой персонала, репутация)",
    },
    "loss_hard_and_soft": {"en": "Hard + soft", "ru": "Прямые + косвенные"},
    "basis_hard": {"en": "hard", "ru": "прямые"},
    "basis_hard_and_soft": {"en": "hard and soft", "ru": "прямые и косвенные"},
    "hard_soft_note": {
        "en": "Hard = money that leaves the client: the contribution margin of output never made "
        "up, the cost of making up the rest (overtime, expediting), recovery costs and its own "
        "penalties. Soft = idle staff (their wages are paid anyway) and reputation: shown apart. "
        "The client ledger counts {basis} losses.",
        "ru": "Прямые потери — деньги, которые клиент теряет: маржинальный доход невосполненного "
        "выпуска, затраты на восполнение остального (сверхурочные, срочная доставка), затраты на "
        "восстановление и собственные штрафы. Косвенные — простой персонала (зарплата "
        "выплачивается всё равно) и репутация: показаны отдельно. В расчёте клиента учтены "
        "{basis} потери.",
    },
    "hour_formula": {
        "en": "Hard: revenue {revenue} × margin share {margin} × (1 − recovered {recovered}) + "
        "recovered {recovered} × catch-up {catch_up}/h = {hard}. Soft: {employees} employees × "
        "{wage}/h × productivity lost {productivity} = {soft}.",
        "ru": "Прямые: выручка {revenue} × доля маржи {margin} × (1 − восполняется {recovered}) + "
        "восполняется {recovered} × восполнение {catch_up}/ч = {hard}. Косвенные: {employees} "
        "сотрудников × {wage}/ч × потеря производительности {productivity} = {soft}.",
    },
    # --- what a contract is worth to the client ---------------------------------------------
    "roi_definition": {
        "en": "ROI = (PV of benefits − PV of costs) / PV of costs over {years} years at {rate} a "
        "year: benefits = {basis} losses avoided and own staff saved; costs = fees and one-off "
        "costs. Expected cash flows; year 0 undiscounted.",
        "ru": "ROI = (PV выгод − PV затрат) / PV затрат за {years} лет при ставке {rate} в год: "
        "выгоды — предотвращённые потери ({basis}) и сэкономленный свой персонал; затраты — "
        "плата и разовые расходы. Ожидаемые денежные потоки; год 0 без дисконтирования.",
    },
    "payback_year_one": {"en": "pays back from year one", "ru": "окупается с первого года"},
    "payback_months_value": {"en": "{m} months", "ru": "{m} мес."},
    "payback_not_reached": {
        "en": "not within {years} years",
        "ru": "не окупается за {years} г.",
    },
    "payback_years_value": {"en": "{y} years", "ru": "{y} г."},
    "payback_note": {
        "en": "Payback in months only where the client has an up-front cost worth at least a "
        "month of the first year's net saving; otherwise a contract whose first year covers its "
        "costs pays back from year one.",
        "ru": "Срок окупаемости в месяцах — только если у клиента есть разовые затраты не меньше "
        "месячной чистой экономии первого года; иначе контракт, первый год которого покрывает "
        "затраты, окупается с первого года.",
    },
    "col_npv_base": {"en": "NPV (base values)", "ru": "NPV (базовые значения)"},
    "col_fee_hours": {
        "en": "Hours of full outage a year that pay the fee",
        "ru": "Часов полного простоя в год, окупающих плату",
    },
    "col_break_even_hours": {
        "en": "Break-even: full-outage h/year today (model: {h})",
        "ru": "Безубыточность: ч полного простоя в год сегодня (модель: {h})",
    },
    "fee_hours_note": {
        "en": "Hours that pay the fee = fee / cost of one average hour of full outage. "
        "Break-even = the full-outage hours a year of today's set-up at which the losses a "
        "contract avoids pay its fee (net of own staff saved).",
        "ru": "Часы, окупающие плату = плата / стоимость среднего часа полного простоя. "
        "Безубыточность — число часов полного простоя в год при нынешней организации, при "
        "котором предотвращённые контрактом потери окупают его плату (за вычетом экономии на "
        "своём персонале).",
    },
    # --- the status quo against the client's history ----------------------------------------
    "history_title": {
        "en": "Today's set-up against the client's own record",
        "ru": "Нынешняя организация и собственная статистика клиента",
    },
    "history_count": {
        "en": "Record: {k} outages in {years} years ({source}); the model of today expects "
        "{expected}. Probability of a record like this under the model: {p}.",
        "ru": "Статистика: {k} отказов за {years} лет ({source}); модель нынешней организации "
        "ожидает {expected}. Вероятность такой статистики по модели: {p}.",
    },
    "history_durations": {
        "en": "Recorded durations: median {observed} h; modelled: median {model} h, P90 {p90} h "
        "(p = {p}).",
        "ru": "Длительность по статистике: медиана {observed} ч; по модели: медиана {model} ч, "
        "P90 {p90} ч (p = {p}).",
    },
    "history_ok": {
        "en": "The record is consistent with the model of today.",
        "ru": "Статистика согласуется с моделью нынешней организации.",
    },
    "history_contradicts": {
        "en": "The record contradicts the model of today: recalibrate it (bizcase calibrate) "
        "before relying on these figures.",
        "ru": "Статистика противоречит модели нынешней организации: откалибруйте её (bizcase "
        "calibrate), прежде чем опираться на эти числа.",
    },
    # --- context cards: published figures with source and year (DESIGN §8) -----------------
    "sec_context": {
        "en": "Context: published figures (not used in the calculation)",
        "ru": "Для сравнения: опубликованные данные (в расчёте не используются)",
    },
    "ctx_gartner": {
        "en": "$5,600 per minute of IT downtime (≈ $336k per hour; range $140k–$540k)",
        "ru": "$5 600 за минуту простоя ИТ (≈ $336 тыс. в час; диапазон $140–540 тыс.)",
    },
    "ctx_gartner_src": {"en": "Gartner (blog), 2014", "ru": "Gartner (блог), 2014"},
    "ctx_ponemon": {
        "en": "$8,851 per minute; $740,357 per data-centre outage",
        "ru": "$8 851 за минуту; $740 357 за один отказ ЦОД",
    },
    "ctx_ponemon_src": {"en": "Ponemon Institute, 2016", "ru": "Ponemon Institute, 2016"},
    "ctx_itic": {
        "en": ">90% of mid-size and large firms put one hour above $300k; 41% at $1M–$5M+",
        "ru": ">90% средних и крупных компаний оценивают час простоя выше $300 тыс.; "
        "41% — в $1–5 млн и более",
    },
    "ctx_itic_src": {
        "en": "ITIC survey of >1,000 firms, 2024",
        "ru": "Опрос ITIC, >1000 компаний, 2024",
    },
    "ctx_uptime": {
        "en": "54% say their last significant outage cost >$100k, 16% >$1M; network problems "
        "are the largest single cause of IT-service outages (31%); most were preventable",
        "ru": "54% говорят, что последний серьёзный отказ стоил >$100 тыс., 16% — >$1 млн; "
        "сетевые проблемы — главная причина отказов ИТ-сервисов (31%); большинство можно было "
        "предотвратить",
    },
    "ctx_uptime_src": {"en": "Uptime Institute, 2024", "ru": "Uptime Institute, 2024"},
    "ctx_vendor": {
        "en": "Vendor “24x7x4” usually means 4-hour parts delivery or engineer arrival, not "
        "restoration: a 4-hour restore needs local spares and local engineers",
        "ru": "«24*7*4» у вендора обычно означает доставку запчасти или приезд инженера за 4 часа, "
        "а не восстановление: для него нужны местный ЗИП и местные инженеры",
    },
    "ctx_vendor_src": {"en": "Industry practice", "ru": "Отраслевая практика"},
}

LINE_LABELS: dict[str, dict[str, str]] = {
    "revenue": {"en": "Fee revenue", "ru": "Выручка (плата)"},
    "modernisation_budget": {"en": "Modernisation budget", "ru": "Бюджет модернизации"},
    "staff": {"en": "First-line engineers", "ru": "Инженеры первой линии"},
    "on_call": {"en": "On-call rota", "ru": "Дежурства"},
    "service_desk": {"en": "Service desk", "ru": "Сервис-деск"},
    "second_line": {"en": "Second line", "ru": "Вторая линия"},
    "service_manager": {"en": "Service manager", "ru": "Сервис-менеджер"},
    "tools_and_travel": {
        "en": "Tools, phones, vehicles, training, travel",
        "ru": "Инструменты, связь, транспорт, обучение, выезды",
    },
    "partners_vendors_monitoring": {
        "en": "Field partners, vendor back-to-back, monitoring",
        "ru": "Партнёры на выезды, бэк-ту-бэк вендора, мониторинг",
    },
    "spares_capital": {"en": "Spare-parts capital", "ru": "Капитал в ЗИП"},
    "spares_holding": {"en": "Spare-parts holding cost", "ru": "Хранение ЗИП"},
    "penalties": {"en": "Service credits (penalties)", "ru": "Компенсации (штрафы)"},
    "setup": {"en": "Set-up share", "ru": "Доля затрат на запуск"},
    "sales": {"en": "Sales and presales", "ru": "Продажи и пресейл"},
    "transferred_staff": {"en": "Transferred engineers", "ru": "Переведённые инженеры"},
    "transition": {"en": "Transition", "ru": "Переход (transition)"},
    "monitoring_centre": {"en": "Monitoring centre", "ru": "Центр мониторинга"},
    "modernisation": {"en": "Modernisation spend", "ru": "Затраты на модернизацию"},
    "downtime_losses_avoided": {
        "en": "Downtime losses avoided",
        "ru": "Предотвращённые потери от простоя",
    },
    "own_staff_saved": {"en": "Own staff saved", "ru": "Экономия на своём персонале"},
    "fee": {"en": "Fee", "ru": "Плата"},
    "onboarding": {"en": "Onboarding", "ru": "Подключение"},
    "dual_running": {"en": "Dual running", "ru": "Параллельная работа"},
    "net": {"en": "Net cash flow", "ru": "Чистый денежный поток"},
    "first_line_engineers": {"en": "First-line engineers", "ru": "Инженеры первой линии"},
    "on_call_standby": {"en": "On-call standby", "ru": "Оплата дежурств"},
    "call_outs": {"en": "Call-outs", "ru": "Вызовы"},
    "tools": {"en": "Tools", "ru": "Инструменты"},
    "phones": {"en": "Phones", "ru": "Связь"},
    "vehicles": {"en": "Vehicles", "ru": "Транспорт"},
    "training": {"en": "Training", "ru": "Обучение"},
    "travel": {"en": "Travel", "ru": "Выезды"},
    "field_partner": {"en": "Field-partner visits", "ru": "Выезды партнёра"},
    "bases": {"en": "Bases", "ru": "Базы"},
    "partner_visits": {"en": "Partner visits (design)", "ru": "Выезды партнёра (схема)"},
    "vendor_back_to_back": {"en": "Vendor back-to-back", "ru": "Бэк-ту-бэк вендора"},
    "monitoring": {"en": "Monitoring", "ru": "Мониторинг"},
    "service_credits": {"en": "Service credits", "ru": "Компенсации"},
}


CONTEXT_CARDS: tuple[tuple[str, str], ...] = (
    ("ctx_gartner", "ctx_gartner_src"),
    ("ctx_ponemon", "ctx_ponemon_src"),
    ("ctx_itic", "ctx_itic_src"),
    ("ctx_uptime", "ctx_uptime_src"),
    ("ctx_vendor", "ctx_vendor_src"),
)


def shared_text(key: str, lang: str, /, **values: object) -> str:
    """A shared text in ``lang`` (English when missing) with ``values`` filled in."""
    entry = SHARED_TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def payback_phrase(
    payback: Any,
    lang: str,
    number: Callable[[float, int], str],
    horizon_years: int | None = None,
) -> str:
    """A :class:`bizcase.economics.sales.Payback` in words: "pays back from year one",
    "4.2 months", "2.3 years" or "never" (``number(value, decimals)`` formats numbers).

    With ``horizon_years``, a payback that is not reached says so: "not within 5 years".
    """
    if payback is None or payback.kind == "never":
        if horizon_years is not None:
            return shared_text("payback_not_reached", lang, years=horizon_years)
        return shared_text("never", lang)
    if payback.kind == "year_one":
        return shared_text("payback_year_one", lang)
    if payback.kind == "months":
        return shared_text("payback_months_value", lang, m=number(payback.months, 1))
    return shared_text("payback_years_value", lang, y=number(payback.years, 1))


def roi_definition(lang: str, years: int, rate: str, basis: str) -> str:
    """The one ROI definition, stated under every ROI figure (``basis``: "hard" or
    "hard_and_soft"; ``rate`` already formatted)."""
    return shared_text(
        "roi_definition", lang, years=years, rate=rate, basis=shared_text(f"basis_{basis}", lang)
    )


def history_sentences(
    check: Any, lang: str, number: Callable[[float, int], str], percent: Callable[[float], str]
) -> list[str]:
    """The history check of :func:`bizcase.simulate.history.history_check` in sentences."""
    lines = [
        shared_text(
            "history_count",
            lang,
            k=check.observed,
            years=number(check.years, 0 if float(check.years).is_integer() else 1),
            source=check.source or "—",
            expected=number(check.expected, 1),
            p=percent(check.count_tail),
        )
    ]
    if check.durations:
        lines.append(
            shared_text(
                "history_durations",
                lang,
                observed=number(check.observed_median_hours, 1),
                model=number(check.modelled_median_hours, 1),
                p90=number(check.modelled_p90_hours, 1),
                p=percent(check.duration_p_value),
            )
        )
    lines.append(shared_text("history_contradicts" if check.contradicts else "history_ok", lang))
    return lines
