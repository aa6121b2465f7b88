"""Texts that the reports and the app both show, in English and Russian, defined once.

The reports (:mod:`bizcase.output.report.texts`) and the app (``dashapp.i18n``) build their own tables on
top of :data:`SHARED_TEXT`: the priority and stage names, the delivery roles, the loss charts'
titles and axes, common column labels, the names of cash-flow lines (:data:`LINE_LABELS`) and
the context cards of published figures (:data:`CONTEXT_CARDS`).  Russian follows the article's
terms: ЗИП for the spare-parts stock ("spare parts" in English); критические / крупные /
незначительные / технические инциденты (incidents, not defects) for the four priorities.
"""

from __future__ import annotations

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
    "service_credits": {"en": "Service credits", "ru": "Компенсации"},
}


CONTEXT_CARDS: tuple[tuple[str, str], ...] = (
    ("ctx_gartner", "ctx_gartner_src"),
    ("ctx_ponemon", "ctx_ponemon_src"),
    ("ctx_itic", "ctx_itic_src"),
    ("ctx_uptime", "ctx_uptime_src"),
    ("ctx_vendor", "ctx_vendor_src"),
)
